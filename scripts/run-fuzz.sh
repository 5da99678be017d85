#!/bin/bash
# run-fuzz.sh - short libFuzzer runs of every harness (make fuzz).
#
# usage: scripts/run-fuzz.sh build/fuzz/fuzz_NAME...
#
# Runs each harness for FUZZ_SECONDS seconds (default 20) over a copy of its
# seed corpus fuzz/corpus/NAME (the copy lives in a temporary folder, so the
# inputs a run discovers do not pollute the repository). Any crash, leak,
# timeout or sanitizer report fails the run: the reproducer is kept in
# build/fuzz/artifacts/ and named on the output, and the exit status is 1.
# Extra libFuzzer flags may be given in FUZZ_FLAGS (e.g. -jobs=2).
# A harness with a dictionary fuzz/dict/NAME.dict (libFuzzer's format) gets
# it with -dict.
# fuzz/crashes/ holds reproducers of crashes found and reported; they are
# not run here (a fixed one would pass, an open one would fail every run).
set -u

seconds=${FUZZ_SECONDS:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2
artifacts=build/fuzz/artifacts
mkdir -p "$artifacts"

# UBSan in the fuzz build recovers by default: make every report fatal so
# libFuzzer records it as a crash. Leaks are failures too.
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

if [ $# -eq 0 ]; then
    echo "usage: scripts/run-fuzz.sh build/fuzz/fuzz_NAME..." >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/embargo-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
for bin in "$@"; do
    harness=$(basename "$bin")
    name=${harness#fuzz_}
    corpus=$tmp/corpus-$name
    mkdir -p "$corpus"
    if [ -d "fuzz/corpus/$name" ]; then
        cp -R "fuzz/corpus/$name/." "$corpus/"
    else
        echo "fuzz: $harness: no seed corpus in fuzz/corpus/$name; starting empty"
    fi
    seeds=$(find "$corpus" -type f | wc -l)
    log=$tmp/$harness.log
    # The artifacts of this run only: a scratch folder, moved on failure.
    art=$tmp/art-$name
    mkdir -p "$art"
    dict=
    [ -f "fuzz/dict/$name.dict" ] && dict="-dict=fuzz/dict/$name.dict"
    # fuzz_index writes index seeds in the current format here (see the harness).
    EMBARGO_FUZZ_SEED_DIR=$corpus \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$art/" $dict ${FUZZ_FLAGS:-} "$corpus" >"$log" 2>&1
    rc=$?
    execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1)
    found=$(find "$art" -type f | wc -l)
    if [ $rc -eq 0 ] && [ "$found" -eq 0 ]; then
        passed=$((passed + 1))
        echo "fuzz: $harness: ok, ${execs:-?} runs in ${seconds}s, ${cov:-cov ?}, $seeds seeds"
    else
        failed=$((failed + 1))
        echo "fuzz: $harness: FAILED (exit status $rc) after ${execs:-?} runs"
        grep -E 'ERROR: |SUMMARY: |runtime error|==[0-9]+==|Test unit written|#[0-9]+ 0x' "$log" | head -n 40 | sed 's/^/    /'
        for f in "$art"/*; do
            [ -f "$f" ] || continue
            dest=$artifacts/$harness-$(basename "$f")
            cp "$f" "$dest"
            echo "    reproducer: $dest   (run: $bin $dest)"
        done
        echo "    full log: $artifacts/$harness.log"
        cp "$log" "$artifacts/$harness.log"
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

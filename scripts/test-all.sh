#!/bin/bash
# test-all.sh - the whole test suite twice: a normal build, then ASan+UBSan;
# the threads test under ThreadSanitizer; fuzzing.
#
# usage: scripts/test-all.sh [--fuzz]    (make test-all; what CI runs)
#
# Runs `make test`, then `make SANITIZE=address,undefined test` (built into
# build/san, driving build/san/embargo) with LeakSanitizer on, then
# `make tsan` (tests/unit/test_threads.c built with SANITIZE=thread into
# build/tsan), `make tsan-server` (the server's e2e tests against that
# build of the program), `make test-spark` (the Python package on PySpark), and,
# with --fuzz, `make fuzz` (each harness FUZZ_SECONDS, default 20; counted
# one check per harness). Every build but the fuzzing
# one (clang, its own flags) is made with WERROR=1: a warning fails the run
# (in a clean checkout, as CI's; make does not rebuild objects for a change
# of flags). Ends with the combined totals as the plain line
# "N passed, N failed, N skipped"; exit status 0 only if every run passed.
# Tests that need ../shared are skipped without it; EMBARGO_REQUIRE_ALL=1
# (set by .ci/run) makes every skip a failure. MAKE and MAKEFLAGS are
# honoured (make -j2 ...).
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$here")" || exit 2
make=${MAKE:-make}
fuzz=0
case "${1:-}" in
    --fuzz) fuzz=1 ;;
    "") ;;
    *) echo "usage: scripts/test-all.sh [--fuzz]" >&2; exit 2 ;;
esac

total_pass=0
total_fail=0
total_skip=0
status=0

# run LABEL MAKE-ARGS...: one `make ... test`, its output shown as it comes.
run() {
    local label=$1
    shift
    local out rc summary p f k
    out=$(mktemp)
    echo "######## $label: $make $*"
    "$make" --no-print-directory "$@" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    summary=$(grep -E '^(fuzz: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$out" | tail -n 1)
    summary=${summary#fuzz: }
    rm -f "$out"
    if [ -z "$summary" ]; then
        # The build failed, or the runner died before its summary.
        p=0 f=1 k=0
        echo "test-all: $label: no summary line (make exited with status $rc): counted as 1 failed"
    else
        read -r p _ f _ k _ <<<"${summary//,/}"
        k=${k:-0}
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    fi
    [ "$rc" -ne 0 ] && status=1
    echo "test-all: $label: $p passed, $f failed, $k skipped"
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    total_skip=$((total_skip + k))
}

run "plain build" WERROR=1 test
# Sanitizer run: leaks are errors; a UBSan report stops the program with a
# stack trace. Forced last so the environment cannot turn them off.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1" \
    run "ASan+UBSan" WERROR=1 SANITIZE=address,undefined test
run "ThreadSanitizer" WERROR=1 tsan
run "server under ThreadSanitizer" WERROR=1 tsan-server
# embargo.spark on PySpark local[2]: 100,000 records, 2 to 5 minutes
run "Spark" test-spark
[ $fuzz -eq 1 ] && run "fuzzing" fuzz

echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ] && [ "$status" -eq 0 ]

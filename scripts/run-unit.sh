#!/bin/bash
# run-unit.sh - runs unit-test programs (tests/unit/test_*.c, built by make).
#
# usage: scripts/run-unit.sh TEST_BIN...      (make unit)
#
# Each program prints its own "N passed, N failed, N skipped" line
# (tests/unit/test.h). This prints one result line per program, with the
# tests each skipped and why, then the totals as the plain line
# "N passed, N failed, N skipped", and exits 1 if any test failed. A program
# that dies (signal, sanitizer report) or exits non-zero without a summary
# line counts as one failed test; a sanitizer report fails the program even
# if its summary says otherwise. Skipped tests fail the programs themselves
# when EMBARGO_REQUIRE_ALL=1 (test.h).
set -u

# Sanitizer defaults for instrumented builds (harmless otherwise); options
# given in the environment come last and win.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=87${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

total_pass=0
total_fail=0
total_skip=0
summary_re='^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$'
sanitizer_re='(ERROR|WARNING): (Address|Leak|Memory|Thread)Sanitizer|runtime error:|UndefinedBehaviorSanitizer'

for bin in "$@"; do
    name=$(basename "$bin")
    if [ ! -x "$bin" ]; then
        echo "unit: $name: not built"
        total_fail=$((total_fail + 1))
        continue
    fi
    out=$(mktemp)
    "$bin" >"$out" 2>&1
    rc=$?
    summary=$(grep -E "$summary_re" "$out" | tail -n 1)
    p=0 f=0 k=0
    if [ -n "$summary" ]; then
        read -r p _ f _ k _ <<<"${summary//,/}"
        k=${k:-0}
    fi
    problem=""
    if grep -Eq "$sanitizer_re" "$out"; then
        problem="sanitizer report"
    elif [ -z "$summary" ]; then
        if [ $rc -gt 128 ]; then problem="killed by signal $((rc - 128))"
        else problem="exit status $rc without a summary line"; fi
    elif [ $rc -gt 128 ]; then
        problem="killed by signal $((rc - 128))"
    elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
        problem="exit status $rc"
    fi
    if [ -n "$problem" ]; then
        f=$((f + 1))
    fi
    if [ "$f" -ne 0 ]; then
        # Show the program's own output: the failed checks and reports
        # (what was skipped follows, once per test).
        grep -v '^SKIP ' "$out" | sed 's/^/    /' | tail -n 60
    fi
    # what was skipped, and why (test.h prints "SKIP test: reason"): the
    # first reason of each test
    awk '/^SKIP / { t = $2; if (!(t in n)) { order[++k] = t; first[t] = $0 } n[t]++ }
         END { for (i = 1; i <= k; i++) { t = order[i]
                   printf "    %s%s\n", first[t], n[t] > 1 ? " (and " n[t] - 1 " more)" : "" } }' "$out"
    echo "unit: $name: $p passed, $f failed, $k skipped${problem:+ ($problem)}"
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    total_skip=$((total_skip + k))
    rm -f "$out"
done

echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]

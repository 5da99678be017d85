#!/bin/bash
# run-tests.sh - every test suite: unit tests, golden cases, end-to-end tests
# of the CLI and of the HTTP server.
#
# usage: scripts/run-tests.sh PROG TEST_BIN...      (make test)
#
# PROG is the embargo program to drive (./embargo, or build/san/embargo in a
# sanitizer build); TEST_BIN are the unit-test programs. Each suite prints
# its failures, what it skipped and why, and its own "N passed, N failed,
# N skipped"; this prints one result line per suite and ends with the
# totals as the plain line "N passed, N failed, N skipped". A test that
# cannot run (../shared absent) is skipped, never passed; with
# EMBARGO_REQUIRE_ALL=1 (CI) every suite counts a skip as a failure.
# Exit status: 0 when nothing failed, 1 otherwise.
set -u

if [ $# -lt 1 ]; then
    echo "usage: scripts/run-tests.sh PROG TEST_BIN..." >&2
    exit 2
fi
prog=$1
shift
case "$prog" in */*) ;; *) prog=./$prog ;; esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=87${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

total_pass=0
total_fail=0
total_skip=0
results=()
summary_re='^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$'

# run_suite NAME COMMAND...: runs a suite, shows its output, adds its last
# "N passed, N failed, N skipped" line to the totals (no such line: one
# failure).
run_suite() {
    local name=$1
    shift
    local out rc summary p f k
    out=$(mktemp)
    echo "== $name"
    "$@" 2>&1 | tee "$out" | grep -Ev "$summary_re"
    rc=${PIPESTATUS[0]}
    summary=$(grep -E "$summary_re" "$out" | tail -n 1)
    rm -f "$out"
    if [ -z "$summary" ]; then
        p=0 f=1 k=0
        summary="0 passed, 1 failed, 0 skipped (the suite exited with status $rc and no summary)"
    else
        read -r p _ f _ k _ <<<"${summary//,/}"
        k=${k:-0}
        summary="$p passed, $f failed, $k skipped"
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            f=1
            summary="$summary; but the suite exited with status $rc: counted as 1 failed"
        fi
    fi
    results+=("$(printf '%-8s %s' "$name:" "$summary")")
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    total_skip=$((total_skip + k))
}

if ! command -v python3 >/dev/null 2>&1; then
    echo "run-tests.sh: python3 is needed for the golden and end-to-end tests" >&2
    exit 2
fi

run_suite unit "$here/run-unit.sh" "$@"
run_suite golden python3 tests/cases/run.py "$prog"
run_suite e2e python3 tests/e2e/run.py "$prog"
run_suite update python3 tests/e2e/test_update.py "$prog"
run_suite server python3 tests/e2e/test_server.py "$prog"
# the Python package (make test sets this outside sanitizer builds)
[ "${EMBARGO_PYTHON_SUITE:-}" = 1 ] && run_suite python "$here/run-python-tests.sh"

echo "== results ($prog)"
for r in "${results[@]}"; do echo "$r"; done
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]

#!/usr/bin/env bash
# The scale benchmark of issue 4 (make bench-scale): a generated list of
# 1,000,000 entities (bench/make_big.py), indexed as a whole process
# (wall time, peak memory), then single-name screening latency against it.
# Figures go to bench/results-scale.txt. Needs ../shared (name parts).
set -eu
prog=${1:-./embargo}
bench=${2:-build/bench/bench_screen}
n=${ENTITIES:-1000000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/embargo-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! python3 bench/make_big.py --out "$tmp/list" --entities "$n"; then
    echo "run-bench-scale: cannot generate the list (is ../shared there?)" >&2
    exit 0
fi
/usr/bin/time -v -o "$tmp/time.txt" "$prog" index --out "$tmp/big.idx" --list "$tmp/list" 2> "$tmp/index.err"
wall=$(awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$tmp/time.txt")
rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$tmp/time.txt")
"$bench" --index "$tmp/big.idx" --queries bench/queries.txt --repeat 3 > "$tmp/bench.out"
fig() { awk -v k="$1" '$1 == k { print $2; exit }' "$tmp/bench.out"; }
p99=$(awk -v u="$(fig latency_p99_us)" 'BEGIN { printf "%.2f", u / 1000 }')
ok() { awk -v v="$1" -v l="$2" -v op="$3" 'BEGIN { print ((op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0)) ? "PASS" : "MISS" }'; }
{
    echo "# embargo scale benchmark (make bench-scale -> scripts/run-bench-scale.sh, bench/make_big.py)"
    echo "date     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "machine  $(nproc) cores"
    echo "list     $n generated entities, $(grep -o '[0-9]* names' "$tmp/index.err" | head -1)"
    echo
    echo "## targets (issue 4)"
    printf "%-46s %10s %-6s %s %-6s %s\n" "index build (whole process)" "$wall" s "<=" 120 "$(ok "$wall" 120 "<=")"
    printf "%-46s %10s %-6s %s %-6s %s\n" "index build peak memory" "$rss" MB "<=" 2048 "$(ok "$rss" 2048 "<=")"
    printf "%-46s %10s %-6s %s %-6s %s\n" "single-name screening p99" "$p99" ms "<=" 2 "$(ok "$p99" 2 "<=")"
    echo
    cat "$tmp/bench.out"
} > bench/results-scale.txt
cat bench/results-scale.txt | head -12

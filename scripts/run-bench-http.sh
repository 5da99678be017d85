#!/usr/bin/env bash
# run-bench-http.sh - `make bench-http`: embargo serve under a real load
# generator (wrk, from Debian) on loopback, and the record of it in
# bench/results-http.txt.
#
# usage: scripts/run-bench-http.sh PROG
#
# The data is the speed benchmark's (scripts/run-bench.sh): the 2024 SDN
# list with the 2025-12 aliases from ../shared, else the bundled
# data/lists/ofac-sdn. The queries are bench/queries.txt (20,000 names).
#
# Steps, against one server (--threads BENCH_THREADS, default 2, --watch
# on a copy of the index, the access log written to a file as in use):
#   1. the CLI's batch speed on the same index and queries (screen --batch
#      --json, one thread, whole process; median of 3), for the ratios;
#   2. GET /v1/screen?name=... cycling through the queries
#      (bench/http_screen.lua), after a warm-up: requests/s and latency
#      percentiles; targets >= 20,000 requests/s and p99 <= 5 ms;
#   3. POST /match/default (yente) with batches of 100 names
#      (bench/http_match.lua): batches/s and names/s;
#   4. a soak: GET /v1/screen until 1,000,000 requests have been answered
#      after the runs above; the server's RSS before it (after the warm-up
#      and those runs) and at the end (target: grows by less than 5%);
#   5. the load of step 2 while the index is reloaded 10 times (a new file
#      renamed in each time, taken under --watch alone, or with SIGHUP, or
#      with POST /admin/reload, in turn; the server reloads a file once,
#      whichever comes first, and a file it serves already not at all): every reload
#      must take, and no request may fail (wrk's connect, read, write,
#      timeout and non-2xx counts all 0).
# Steps 2 and 3 are run BENCH_RUNS (3) times, in turn, and the medians
# recorded with every run's figures. wrk runs with WRK_THREADS (2) threads
# and WRK_CONNECTIONS (32) connections for BENCH_SECONDS (20) per timed
# run, on the same cores as the server. The machine's load average before
# the runs and how idle its processors were just before each timed run are
# recorded: on a shared machine the figures are lower bounds.
set -eu -o pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 PROG" >&2
    exit 2
fi
cd "$(dirname "$0")/.."
prog=$1
case $prog in */*) ;; *) prog=./$prog ;; esac
prog=$(cd "$(dirname "$prog")" && pwd)/$(basename "$prog")

shared=${EMBARGO_SHARED:-../shared}
queries=bench/queries.txt
results=bench/results-http.txt
threads=${BENCH_THREADS:-2}
wrk_threads=${WRK_THREADS:-2}
wrk_conns=${WRK_CONNECTIONS:-32}
secs=${BENCH_SECONDS:-20}
soak_target=${SOAK_REQUESTS:-1000000}
runs=${BENCH_RUNS:-3}

command -v wrk >/dev/null || { echo "run-bench-http: wrk is needed (apt-get install wrk)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/embargo-bench-http.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# --- the data, as scripts/run-bench.sh has it ---------------------------------
sdn_dir=$shared/data/lists/ofac-sdn
if [ -f "$sdn_dir/full-2024-05-03/sdn.csv" ] && [ -f "$sdn_dir/partial-2025-12/alt.csv" ]; then
    list=$tmp/ofac-sdn
    mkdir "$list"
    abs=$(cd "$sdn_dir" && pwd -P)
    ln -s "$abs/full-2024-05-03/sdn.csv" "$list/sdn.csv"
    for f in alt.csv add.csv sdn_comments.csv; do ln -s "$abs/partial-2025-12/$f" "$list/$f"; done
    data_desc="full SDN list 2024-05-03 (sdn.csv) + alt.csv, add.csv, sdn_comments.csv of 2025-12, from $shared/data/lists/ofac-sdn"
else
    list=data/lists/ofac-sdn
    data_desc="bundled data/lists/ofac-sdn (weak aliases only); $shared absent"
fi
idx=$tmp/bench.idx
"$prog" index --out "$idx" --list "$list" 2> "$tmp/index.err"
cp "$idx" "$tmp/bench-b.idx"
served=$tmp/served.idx
cp "$idx" "$served"
nq=$(grep -c . "$queries")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 1. the CLI's batch speed -----------------------------------------------------
echo "== embargo screen --batch --json < $queries (3 runs)"
: > "$tmp/cli"
for run in 1 2 3; do
    t0=$(date +%s.%N)
    "$prog" screen --index "$idx" --batch --json < "$queries" > /dev/null 2>&1 || true
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" -v n="$nq" 'BEGIN { printf "%.0f\n", n / (b - a) }' >> "$tmp/cli"
done
cli_qps=$(sort -n "$tmp/cli" | sed -n 2p)
echo "   $cli_qps names/s"

# --- the server ---------------------------------------------------------------------
"$prog" serve --index "$served" --watch --listen 127.0.0.1:0 --threads "$threads" --log "$tmp/access.log" \
    2> "$tmp/server.err" &
server_pid=$!
port=
for _ in $(seq 1 200); do
    port=$(grep -o '"listening","detail":"127.0.0.1:[0-9]*' "$tmp/access.log" 2>/dev/null | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { echo "run-bench-http: the server did not start" >&2; cat "$tmp/server.err" >&2; exit 1; }
url=http://127.0.0.1:$port
for _ in $(seq 1 200); do
    curl -sf "$url/readyz" > /dev/null && break
    sleep 0.05
done
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"; }
fig() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
generation() { curl -s "$url/readyz" | sed -n 's/.*"generation":\([0-9]*\).*/\1/p'; }
# The share of the processors' time idle over one second, in percent: how
# much else was running just before a timed run.
idle_pct() {
    local a b
    a=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    sleep 1
    b=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    echo "$a $b" | awk '{ printf "%.0f", ($3 - $1) * 100 / ($4 - $2) }'
}
# The median of the numbers on standard input.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
run_wrk() { # OUT SECONDS SCRIPT ARGS...
    local out=$1 d=$2 script=$3
    shift 3
    wrk -t"$wrk_threads" -c"$wrk_conns" -d"${d}s" --timeout 5s -s "$script" "$url" -- "$@" > "$out" 2>&1
}

echo "== warm-up: GET /v1/screen, 5 s"
run_wrk "$tmp/warm.out" 5 bench/http_screen.lua "$queries"
warm_requests=$(fig requests "$tmp/warm.out")

# --- 2. and 3., BENCH_RUNS times in turn -------------------------------------------------
: > "$tmp/get.runs"
: > "$tmp/match.runs"
for run in $(seq 1 "$runs"); do
    idle=$(idle_pct)
    echo "== GET /v1/screen, run $run of $runs, $secs s, $wrk_threads wrk threads, $wrk_conns connections, server threads $threads (processors idle just before: $idle%)"
    run_wrk "$tmp/get.$run" "$secs" bench/http_screen.lua "$queries"
    grep -E '^(requests|rps|p50_us|p90_us|p99_us|p999_us|errors_)' "$tmp/get.$run" | sed 's/^/   /'
    echo "run $run idle_before_pct $idle rps $(fig rps "$tmp/get.$run") p50_us $(fig p50_us "$tmp/get.$run") p99_us $(fig p99_us "$tmp/get.$run") errors $(awk '/^errors_/ { s += $2 } END { print s + 0 }' "$tmp/get.$run")" >> "$tmp/get.runs"

    idle=$(idle_pct)
    echo "== POST /match/default, batches of 100, run $run of $runs, $secs s (processors idle just before: $idle%)"
    run_wrk "$tmp/match.$run" "$secs" bench/http_match.lua "$queries" 100
    grep -E '^(batches_per_s|names_per_s|p50_us|p99_us|errors_)' "$tmp/match.$run" | sed 's/^/   /'
    echo "run $run idle_before_pct $idle names_per_s $(fig names_per_s "$tmp/match.$run") p50_us $(fig p50_us "$tmp/match.$run") p99_us $(fig p99_us "$tmp/match.$run") errors $(awk '/^errors_/ { s += $2 } END { print s + 0 }' "$tmp/match.$run")" >> "$tmp/match.runs"
done
# the run with the median requests/s stands for the others in the detail below
get_rps=$(awk '{ print $6 }' "$tmp/get.runs" | median)
get_median_run=$(awk -v r="$get_rps" '$6 == r { print $2; exit }' "$tmp/get.runs")
cp "$tmp/get.$get_median_run" "$tmp/get.out"
match_names=$(awk '{ print $6 }' "$tmp/match.runs" | median)
match_median_run=$(awk -v r="$match_names" '$6 == r { print $2; exit }' "$tmp/match.runs")
cp "$tmp/match.$match_median_run" "$tmp/match.out"

# --- 4. the soak ------------------------------------------------------------------------------
rss_warm=$(rss_kb)            # after the warm-up and the runs above
echo "== soak: GET /v1/screen until $soak_target requests (RSS after warm-up: $rss_warm kB)"
soak_total=0 soak_errors=0 soak_runs=0
while [ "$soak_total" -lt "$soak_target" ]; do
    run_wrk "$tmp/soak.out" 20 bench/http_screen.lua "$queries"
    r=$(fig requests "$tmp/soak.out")
    e=$(awk '/^errors_/ { s += $2 } END { print s + 0 }' "$tmp/soak.out")
    soak_total=$((soak_total + r))
    soak_errors=$((soak_errors + e))
    soak_runs=$((soak_runs + 1))
    echo "   $soak_total requests, RSS $(rss_kb) kB"
    [ "$soak_runs" -lt 40 ] || break
done
rss_end=$(rss_kb)
rss_growth=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%.2f", (b - a) * 100 / a }')

# --- 5. the load during 10 reloads ------------------------------------------------------------
echo "== GET /v1/screen during 10 reloads"
g0=$(generation)
run_wrk "$tmp/reload.out" $((secs > 12 ? secs : 12)) bench/http_screen.lua "$queries" &
wrk_pid=$!
sleep 1
reload_ms=()
for k in $(seq 1 10); do
    want=$((g0 + k))
    src=$idx
    [ $((k % 2)) -eq 1 ] && src=$tmp/bench-b.idx
    t0=$(date +%s%N)
    case $((k % 3)) in
        0) cp "$src" "$served.new" && mv "$served.new" "$served" ;;        # --watch
        1) cp "$src" "$served.new" && mv "$served.new" "$served" && kill -HUP "$server_pid" ;;
        2) cp "$src" "$served.new" && mv "$served.new" "$served" &&
           curl -sf -X POST "$url/admin/reload" > /dev/null ;;
    esac
    for _ in $(seq 1 400); do
        [ "$(generation)" -ge "$want" ] && break
        sleep 0.025
    done
    t1=$(date +%s%N)
    reload_ms+=($(( (t1 - t0) / 1000000 )))
    sleep 0.5
done
wait "$wrk_pid"
g1=$(generation)
reloads=$((g1 - g0))
reload_errors=$(awk '/^errors_/ { s += $2 } END { print s + 0 }' "$tmp/reload.out")
grep -E '^(requests|rps|p99_us|errors_)' "$tmp/reload.out" | sed 's/^/   /'
echo "   generation $g0 -> $g1; reload to first answer on the new index: ${reload_ms[*]} ms"

kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
log_lines=$(grep -c '"request_id"' "$tmp/access.log" || true)

# --- the record -----------------------------------------------------------------------------
verdict() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "" || v == "n/a") { print "n/a"; exit }
    ok = (op == "<=") ? (v + 0 <= l + 0) : (op == "==") ? (v + 0 == l + 0) : (v + 0 >= l + 0)
    print ok ? "PASS" : "MISS" }'; }
row() { printf "%-52s %10s %-10s %s %-9s %s\n" "$1" "${2:-n/a}" "$3" "$4" "$5" "$(verdict "${2:-}" "$4" "$5")"; }
get_p99=$(awk '{ print $10 }' "$tmp/get.runs" | median | awk '{ printf "%.3f", $1 / 1000 }')
get_errors=$(awk '{ s += $12 } END { print s + 0 }' "$tmp/get.runs")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain -- server src include tools bench scripts Makefile 2>/dev/null)" ] || commit="$commit (with uncommitted changes)"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
{
    echo "# embargo HTTP benchmark (make bench-http -> scripts/run-bench-http.sh, bench/http_*.lua)"
    echo "# wrk and the server share the machine's cores on loopback. The machine is shared with"
    echo "# other work: figures are what this run got, lower bounds of an idle machine's."
    echo "date     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit   $commit"
    echo "machine  $(nproc) cores, ${cpu:-unknown CPU}, $(uname -sr); load average before the run: $load_before"
    echo "data     $data_desc"
    echo "queries  $queries: $nq names"
    echo "server   embargo serve --threads $threads --watch --log FILE (libmicrohttpd $(pkg-config --modversion libmicrohttpd 2>/dev/null || echo '?'), one epoll thread a daemon, connections handed out by an acceptor thread)"
    echo "load     $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2): -t$wrk_threads -c$wrk_conns on the same cores, ${secs} s per timed run, $runs runs of each, after a 5 s warm-up ($warm_requests requests)"
    echo
    echo "## targets (issue 11; GET /v1/screen: medians of $runs runs)"
    row "GET /v1/screen: requests/s" "$get_rps" "req/s" ">=" 20000
    row "GET /v1/screen: latency p99" "$get_p99" "ms" "<=" 5
    row "GET /v1/screen: failed requests (all runs)" "$get_errors" "count" "==" 0
    row "soak: RSS growth after warm-up ($soak_total requests)" "$rss_growth" "%" "<=" 5
    row "soak: failed requests" "$soak_errors" "count" "==" 0
    row "10 reloads under load: reloads taken" "$reloads" "count" ">=" 10
    row "10 reloads under load: failed requests" "$reload_errors" "count" "==" 0
    echo
    echo "## ratios to the CLI (screen --batch --json, one process, one thread: $cli_qps names/s)"
    echo "get_screen_vs_cli $(awk -v a="$get_rps" -v b="$cli_qps" 'BEGIN { printf "%.2f", a / b }') x  (requests/s over HTTP with $threads server threads / CLI names/s)"
    echo "match_batch_vs_cli $(awk -v a="$match_names" -v b="$cli_qps" 'BEGIN { printf "%.2f", a / b }') x  (names/s through POST /match batches of 100 / CLI names/s)"
    echo
    echo "## GET /v1/screen (bench/http_screen.lua): each run, then the median run's detail"
    cat "$tmp/get.runs"
    grep -E '^(requests|duration_s|rps|p50_us|p90_us|p99_us|p999_us|max_us|errors_)' "$tmp/get.out"
    echo
    echo "## POST /match/default, batches of 100 (bench/http_match.lua): each run, then the median run's detail"
    cat "$tmp/match.runs"
    grep -E '^(batches|batch_size|duration_s|batches_per_s|names_per_s|p50_us|p99_us|max_us|errors_)' "$tmp/match.out"
    echo
    echo "## soak"
    echo "soak_requests $soak_total"
    echo "soak_errors $soak_errors"
    echo "rss_after_warmup_kb $rss_warm"
    echo "rss_end_kb $rss_end"
    echo "rss_growth_pct $rss_growth"
    echo
    echo "## GET /v1/screen during 10 reloads (renamed in under --watch, SIGHUP, POST /admin/reload, in turn)"
    grep -E '^(requests|rps|p50_us|p99_us|max_us|errors_)' "$tmp/reload.out"
    echo "generations $g0 -> $g1"
    echo "reload_to_new_index_ms ${reload_ms[*]}"
    echo "access_log_lines $log_lines"
} > "$tmp/results.txt"
mv "$tmp/results.txt" "$results"
echo "== $results"
cat "$results"

#!/bin/bash
# run-bench-python.sh - `make bench-python`: names/s through the Python
# package's screen_many against the CLI batch on bench/queries.txt and the
# default index; figures to bench/results-python.txt (bench/bench_python.py).
# Environment: BENCH_REPEAT (runs per figure, default 3), BENCH_THREADS
# (default 1,2).
set -eu
cd "$(dirname "$0")/.."
exec build/venv/bin/python bench/bench_python.py --repeat "${BENCH_REPEAT:-3}" \
    --threads "${BENCH_THREADS:-1,2}" "$@"

#!/bin/bash
# run-spark-tests.sh - embargo.spark's tests on PySpark in local mode
# (python/tests/spark), in build/venv-spark (make test-spark installs it).
#
# usage: scripts/run-spark-tests.sh [PYTEST-ARGS...]
#
# Screens 100,000 generated records (EMBARGO_SPARK_RECORDS) on local[2] with
# mapInPandas and with RDD.pipe through ./embargo, and compares both with the
# CLI's batch. Needs Java (default-jre-headless). Ends with the plain line
# "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.." || exit 2
py=build/venv-spark/bin/python
if [ ! -x "$py" ]; then
    echo "run-spark-tests.sh: $py is missing: run make test-spark" >&2
    exit 2
fi
exec "$py" -m pytest -q -p no:cacheprovider python/tests/spark "$@"

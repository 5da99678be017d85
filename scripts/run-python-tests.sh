#!/bin/bash
# run-python-tests.sh - the Python package's pytest suite (python/tests).
#
# usage: scripts/run-python-tests.sh [PYTEST-ARGS...]     (make test runs it)
#
# Runs in build/venv, where `make python` installed the package with pip
# from python/ (a virtualenv that also sees the system's cffi, pytest and
# pandas, installed by scripts/bootstrap.sh). The tests compare the binding
# with ./embargo on build/default.idx. Ends with pytest's own summary and the
# plain line "N passed, N failed, N skipped" (python/tests/conftest.py).
set -u
cd "$(dirname "$0")/.." || exit 2
py=build/venv/bin/python
if [ ! -x "$py" ]; then
    echo "run-python-tests.sh: $py is missing: run make python" >&2
    exit 2
fi
exec "$py" -m pytest -q -p no:cacheprovider --ignore=python/tests/spark python/tests "$@"

"""Fixtures of the Python package's tests, and the plain summary line.

The tests run against the installed package (make test installs it into
build/venv) and compare it with the command-line program of the same
checkout: EMBARGO_CLI (default ./embargo at the top of the checkout) on the
same index, EMBARGO_TEST_INDEX (default build/default.idx). The session ends
with the line "N passed, N failed, N skipped" that scripts/run-tests.sh
reads; with EMBARGO_REQUIRE_ALL=1 (CI) a skipped test fails the run.
"""
import json
import os
import subprocess

import pytest

import embargo

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.environ.get("EMBARGO_CLI", os.path.join(ROOT, "embargo"))
INDEX = os.environ.get("EMBARGO_TEST_INDEX", os.path.join(ROOT, "build", "default.idx"))
SHARED = os.environ.get("EMBARGO_SHARED", os.path.join(ROOT, "..", "shared"))
ARTICLE_FILE = os.path.join(SHARED, "examples", "news-2018-08-06-rand-paul-moscow.txt")

# The reference article (issue 1): its five listed Russians, the SDN entry each
# is, and the Americans it names, none of them listed.
RUSSIANS = [("Konstantin Kosachyov", "ofac-sdn:24231"), ("Leonid Slutsky", "ofac-sdn:16662"),
            ("Vladimir V. Putin", "ofac-sdn:35096"), ("Maria Butina", "ofac-sdn:35573"),
            ("Sergey I. Kislyak", "ofac-sdn:36820")]
AMERICANS = ["Rand Paul", "Donald Trump", "Michael T. Flynn", "Jeff Sessions", "Jared Kushner"]


@pytest.fixture(scope="session")
def ix():
    if not os.path.isfile(INDEX):
        pytest.skip(f"{INDEX} is absent (make builds it)")
    with embargo.Index(INDEX) as index:
        yield index


@pytest.fixture(scope="session")
def cli():
    if not os.access(CLI, os.X_OK):
        pytest.skip(f"{CLI} is absent (make builds it)")

    def run(*args, stdin=None):
        r = subprocess.run([CLI, *args], input=stdin, capture_output=True, timeout=300)
        if r.returncode not in (0, 1):
            raise AssertionError(f"{CLI} {' '.join(args)}: exit {r.returncode}: {r.stderr.decode()}")
        recs = [json.loads(line) for line in r.stdout.decode().splitlines() if line.strip()]
        for rec in recs:
            # the CLI's audit reference of the list versions (a hash the CLI
            # computes; the binding gives the versions as Index.lists)
            rec.pop("screened_against", None)
        return recs
    return run


def queries(n):
    """The first n names of the benchmark's query file."""
    with open(os.path.join(ROOT, "bench", "queries.txt"), encoding="utf-8") as f:
        return [line.rstrip("\n") for _, line in zip(range(n), f)]


def rounded(obj):
    """A result as the CLI prints it: scores to 3 decimals, similarities and
    weights to 2 (formatted as C's printf formats them)."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k == "score" and isinstance(v, float):
                out[k] = f"{v:.3f}"
            elif k in ("similarity", "weight") and isinstance(v, float):
                out[k] = f"{v:.2f}"
            else:
                out[k] = rounded(v)
        return out
    if isinstance(obj, list):
        return [rounded(v) for v in obj]
    return obj


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    st = terminalreporter.stats
    passed = len(st.get("passed", []))
    failed = len(st.get("failed", [])) + len(st.get("error", []))
    skipped = len(st.get("skipped", []))
    if os.environ.get("EMBARGO_REQUIRE_ALL") == "1" and skipped:
        terminalreporter.write_line(f"EMBARGO_REQUIRE_ALL=1: {skipped} skipped counted as failed")
        failed += skipped
    terminalreporter.write_line(f"{passed} passed, {failed} failed, {skipped} skipped")


def pytest_sessionfinish(session, exitstatus):
    rep = session.config.pluginmanager.get_plugin("terminalreporter")
    if rep and os.environ.get("EMBARGO_REQUIRE_ALL") == "1" and rep.stats.get("skipped"):
        session.exitstatus = 1

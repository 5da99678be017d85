#!/usr/bin/env python3
"""bench_python.py - names/s through the Python package's screen_many against
the CLI's batch (`embargo screen --batch --json`), on the same names and index.

usage: bench_python.py [--cli ./embargo] [--index build/default.idx]
                       [--queries bench/queries.txt] [--repeat 3] [--threads 1,2]
                       [--out bench/results-python.txt]

Each run is timed by the wall clock and by the CPU time it used (the CLI's
from its rusage, Python's from time.process_time), medians over --repeat
runs. "Per core" compares names per CPU-second, which a machine shared with
other work does not distort the way it distorts wall time; "scaling" compares
wall-clock names/s with 1 and more threads. Run by `make bench-python`.
"""
import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

import embargo


def cli_run(cli, index, data):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([cli, "screen", "--batch", "--json", "--index", index], input=data,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        sys.exit(f"{cli}: exit {p.returncode}: {p.stderr.decode()[:300]}")
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def py_run(ix, names, threads):
    c0 = time.process_time()
    t0 = time.perf_counter()
    res = ix.screen_many(names, threads=threads)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    assert len(res) == len(names)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", default="./embargo")
    ap.add_argument("--index", default="build/default.idx")
    ap.add_argument("--queries", default="bench/queries.txt")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--out", default="bench/results-python.txt")
    a = ap.parse_args()
    with open(a.queries, encoding="utf-8") as f:
        names = [line.rstrip("\n") for line in f]
    data = ("\n".join(names) + "\n").encode()
    ix = embargo.Index(a.index)
    ix.screen_many(names[:500])  # warm the entity cache as the CLI's page cache is warm
    rows = []
    load0 = os.getloadavg()[0]
    runs = [cli_run(a.cli, a.index, data) for _ in range(a.repeat)]
    cw, cc = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    rows.append(("CLI batch (1 thread)", cw, cc))
    py = {}
    for th in [int(t) for t in a.threads.split(",")]:
        runs = [py_run(ix, names, th) for _ in range(a.repeat)]
        w, c = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        py[th] = (w, c)
        rows.append((f"screen_many threads={th}", w, c))
    load1 = os.getloadavg()[0]
    n = len(names)
    lines = [
        "# make bench-python: names/s through embargo (Python) screen_many vs the CLI batch",
        f"# {time.strftime('%Y-%m-%d')}, {platform.python_implementation()} {platform.python_version()}, "
        f"library {embargo.version()}, {os.cpu_count()} CPUs, load average {load0:.1f} -> {load1:.1f}",
        f"# {n} names from {a.queries}; index {a.index} ({ix.info.entities} entities, "
        f"{ix.info.names} names); medians of {a.repeat} runs",
        "",
        f"{'run':28s} {'wall s':>7s} {'names/s':>9s} {'CPU s':>7s} {'names/CPU-s':>12s}",
    ]
    for label, w, c in rows:
        lines.append(f"{label:28s} {w:7.2f} {n / w:9.0f} {c:7.2f} {n / c:12.0f}")
    lines.append("")
    if 1 in py:
        ratio = (n / py[1][1]) / (n / cc)
        lines.append(f"per core: screen_many does {ratio:.0%} of the CLI's names per CPU-second "
                     f"(goal: at least 80%)")
    for th in py:
        if th > 1 and 1 in py:
            lines.append(f"scaling: threads={th} gives {py[1][0] / py[th][0]:.2f}x the wall-clock "
                         f"names/s of threads=1 ({th} threads, {os.cpu_count()} CPUs)")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""bench_ops.py - `make bench-ops`: the daily operations, timed.

usage: bench/bench_ops.py [--embargo ./embargo] [--customers 1000000] [--out bench/results-ops.txt]

1. update: every bundled list (data/lists: OFAC SDN and consolidated, UN,
   UK, BIS) served by a local HTTP server on 127.0.0.1 and fetched by
   `embargo update` into an empty data folder (download, verification of
   each source, snapshot, build and publication of the index), then again
   with nothing changed (conditional requests answered 304). Wall time and
   peak memory of the process (getrusage of the child).
2. monitor: a seeded synthetic customer file (default 1,000,000 rows: key,
   name, birth date, country; names recombined from the given names and
   surnames of Wikidata persons in ../shared when present, else a built-in
   set, plus 2,000 listed people spelt as customers write them) screened
   against the bundled lists by `embargo monitor`: the first run (everyone
   against everything), then a simulated daily update of the SDN list (30
   entities changed, 10 removed, 20 added, named like customers) as an
   incremental run, and the same update as a full run (--full) on a copy of
   the store, whose alerts must equal the incremental run's.

Figures are printed and written to --out (overwritten; committed as the
record). Nothing generated is kept.
"""
import argparse
import csv
import hashlib
import http.server
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data", "lists")
SHARED = os.environ.get("EMBARGO_SHARED", os.path.join(ROOT, "..", "shared"))


def timed(argv):
    """Runs a child under /usr/bin/time; returns (rc, stdout, stderr, wall
    seconds, CPU seconds (user + system), peak RSS in MB)."""
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "TIME %M %U %S"] + argv, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    secs = time.monotonic() - t0
    rss = cpu = 0.0
    lines = p.stderr.decode("utf-8", "replace").splitlines()
    for line in lines:
        if line.startswith("TIME "):
            _, kb, user, sys_ = line.split()
            rss, cpu = int(kb) / 1024.0, float(user) + float(sys_)
    err = "\n".join(l for l in lines if not l.startswith("TIME ")).encode()
    return p.returncode, p.stdout, err, secs, cpu, rss


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def serve(folder):
    handler = lambda *a, **k: Quiet(*a, directory=folder, **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def bench_update(prog, tmp, lines):
    httpd = serve(DATA)
    base = "http://127.0.0.1:%d/" % httpd.server_address[1]
    sources = os.path.join(tmp, "sources")
    with open(sources, "w") as f:
        for name in sorted(os.listdir(DATA)):
            files = [x for x in sorted(os.listdir(os.path.join(DATA, name))) if x != "publication-date"]
            f.write("%s %s\n" % (name, " ".join(base + name + "/" + x for x in files)))
    ddir = os.path.join(tmp, "data")
    argv = [prog, "update", "--data-dir", ddir, "--sources", sources, "--allow-http", "--quiet"]
    rc1, _, err1, t1, c1, m1 = timed(argv)
    rc2, _, err2, t2, c2, m2 = timed(argv)
    httpd.shutdown()
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(DATA) for f in fs)
    lines.append("## update: every bundled list from a loopback server (data/lists, %.1f MB)" % (size / 1e6))
    lines.append("first update (fetch, verify, snapshot, build, publish)  %6.2f s (CPU %5.2f s)   peak %6.1f MB   "
                 "exit %d" % (t1, c1, m1, rc1))
    lines.append("second update, nothing changed (304 answers)            %6.2f s (CPU %5.2f s)   peak %6.1f MB   "
                 "exit %d" % (t2, c2, m2, rc2))
    if rc1 != 0 or rc2 != 1:
        lines.append("  unexpected exit statuses: %s %s" % (err1.decode()[-300:], err2.decode()[-300:]))


def name_parts():
    """Given names and surnames: Wikidata persons (CC0) when ../shared has
    them, else a small built-in set."""
    path = os.path.join(SHARED, "data/pairs/transliteration/coling2018/wd_hebrew")
    given, family = set(), set()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.split("\t")[0].split()
                if len(parts) >= 2 and all(p.isalpha() for p in parts):
                    given.add(parts[0])
                    family.add(parts[-1])
        return sorted(given), sorted(family), "Wikidata person names (%s)" % os.path.relpath(path, ROOT)
    g = "Anna Boris Carla Dmitri Elena Farid Grace Hiro Ivan Julia Karim Lena Marco Nadia Omar Paula".split()
    s = "Novak Weber Okafor Lindqvist Moreau Tanaka Ferreira Kowalski Haddad Olsen Rossi Silva Kim".split()
    return g, s, "a built-in set of 16 given names and 13 surnames"


def listed_people(sdn):
    """(given, surname) of individuals in an sdn.csv."""
    out = []
    with open(sdn, encoding="cp1252", errors="replace", newline="") as f:
        for row in csv.reader(f):
            if len(row) > 2 and row[2].strip() == "individual" and ", " in row[1]:
                last, first = row[1].split(", ", 1)
                out.append((first.split()[0].title(), last.title()))
    return out


def make_customers(path, n, rnd, given, family, listed):
    countries = ["Germany", "France", "Russia", "China", "Brazil", "India", "Nigeria", "Mexico", "Turkey", "Japan"]
    picked = rnd.sample(listed, min(2000, len(listed)))
    special = set(rnd.sample(range(n), len(picked)))
    it = iter(picked)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "name", "birth date", "country"])
        for i in range(n):
            if i in special:
                g, s = next(it)
            else:
                g, s = rnd.choice(given), rnd.choice(family)
            dob = "%04d-%02d-%02d" % (rnd.randint(1940, 2005), rnd.randint(1, 12), rnd.randint(1, 28))
            w.writerow(["K%07d" % i, "%s %s" % (g, s), dob, rnd.choice(countries)])


def daily_update(src, dst, rnd, customers_names):
    """A copy of the bundled lists whose SDN list changed as a day's update
    does: 30 entities changed (a programme added), 10 removed, 20 added."""
    shutil.copytree(src, dst)
    path = os.path.join(dst, "ofac-sdn", "sdn.csv")
    with open(path, "rb") as f:
        body = f.read()
    eof = body.endswith(b"\x1a")
    rows = body.rstrip(b"\x1a").split(b"\r\n")
    rows = [r for r in rows if r]
    idx = list(range(len(rows)))
    change = set(rnd.sample(idx, 30))
    remove = set(rnd.sample([i for i in idx if i not in change], 10))
    out = []
    for i, r in enumerate(rows):
        if i in remove:
            continue
        if i in change:
            fields = next(csv.reader([r.decode("cp1252", "replace")]))
            fields[3] = fields[3] + "] [BENCH-PROGRAM"
            buf = io.StringIO()
            csv.writer(buf, lineterminator="").writerow(fields)
            r = buf.getvalue().encode("cp1252", "replace")
        out.append(r)
    for k, name in enumerate(rnd.sample(customers_names, 20)):
        g, s = name.split(" ", 1)
        out.append(('%d,"%s, %s","individual","BENCH-PROGRAM",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
                    % (990000 + k, s.upper(), g)).encode("utf-8"))
    with open(path, "wb") as f:
        f.write(b"\r\n".join(out) + b"\r\n" + (b"\x1a" if eof else b""))


def alerts_of(state):
    con = sqlite3.connect(state)
    try:
        return sorted(con.execute("SELECT customer, entity, status FROM alerts WHERE status != 'closed'").fetchall())
    finally:
        con.close()


def bench_monitor(prog, tmp, n, lines):
    rnd = random.Random(20261203)
    given, family, source = name_parts()
    listed = listed_people(os.path.join(DATA, "ofac-sdn", "sdn.csv"))
    cust = os.path.join(tmp, "customers.csv")
    make_customers(cust, n, rnd, given, family, listed)
    names = []
    with open(cust, encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f)):
            if 0 < i <= 200000 and " " in row[1]:
                names.append(row[1])
    idx_a, idx_b = os.path.join(tmp, "a.idx"), os.path.join(tmp, "b.idx")
    subprocess.run([prog, "index", "--out", idx_a, "--list", DATA], stderr=subprocess.DEVNULL, check=True)
    daily_update(DATA, os.path.join(tmp, "lists-b"), rnd, names)
    subprocess.run([prog, "index", "--out", idx_b, "--list", os.path.join(tmp, "lists-b")],
                   stderr=subprocess.DEVNULL, check=True)
    state = os.path.join(tmp, "state.sqlite")

    def mon(st, index, *extra):
        rc, out, err, secs, cpu, rss = timed([prog, "monitor", "--json", "--customers", cust, "--state", st,
                                              "--index", index] + list(extra))
        rep = json.loads(out) if out.strip() else {}
        if rc not in (0, 1):
            print(err.decode("utf-8", "replace")[-500:], file=sys.stderr)
        return rc, rep, secs, cpu, rss

    rc1, r1, t1, c1, m1 = mon(state, idx_a)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(state + suffix):
            shutil.copy(state + suffix, os.path.join(tmp, "full.sqlite" + suffix))
    rc2, r2, t2, c2, m2 = mon(state, idx_b)
    rc3, r3, t3, c3, m3 = mon(os.path.join(tmp, "full.sqlite"), idx_b, "--full")
    same = alerts_of(state) == alerts_of(os.path.join(tmp, "full.sqlite"))

    def counts(r):
        return "new %d, gone %d, changed %d" % (len(r.get("new", [])), len(r.get("gone", [])), len(r.get("changed", [])))

    lines.append("")
    lines.append("## monitor: %d synthetic customers (names: %s; 2,000 listed people among them)" % (n, source))
    lines.append("lists: the bundled data (%d entities); the daily update: 30 SDN entities changed, 10 removed, "
                 "20 added" % sum(x["entities"] for x in r1.get("lists", {}).get("lists", [])))
    lines.append("first run, everyone against everything     %7.1f s (CPU %6.1f s)   peak %6.1f MB   %d screened   "
                 "alerts: %s" % (t1, c1, m1, r1.get("screened", 0), counts(r1)))
    lines.append("after the update, incremental              %7.1f s (CPU %6.1f s)   peak %6.1f MB   %d screened against "
                 "%d entities   alerts: %s" % (t2, c2, m2, r2.get("screened", 0), r2.get("entities", {}).get("touched", 0),
                                             counts(r2)))
    lines.append("after the update, full re-screen (--full)  %7.1f s (CPU %6.1f s)   peak %6.1f MB   %d screened   "
                 "alerts: %s" % (t3, c3, m3, r3.get("screened", 0), counts(r3)))
    lines.append("incremental %.1fx faster than full (CPU %.1fx); open alerts after both runs %s"
                 % (t3 / t2 if t2 else 0, c3 / c2 if c2 else 0, "identical" if same else "DIFFER"))
    if not same:
        a, b = set(alerts_of(state)), set(alerts_of(os.path.join(tmp, "full.sqlite")))
        lines.append("  only incremental: %s" % sorted(a - b)[:10])
        lines.append("  only full: %s" % sorted(b - a)[:10])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embargo", default="./embargo")
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results-ops.txt"))
    args = ap.parse_args()
    prog = os.path.abspath(args.embargo)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True).stdout.strip()
    lines = ["# embargo daily operations benchmark (make bench-ops -> bench/bench_ops.py)",
             "# One run each, on a shared, noisy machine: read the figures as an order of magnitude.",
             "date     %s" % time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
             "commit   %s" % commit,
             "machine  %d cores, %s" % (os.cpu_count() or 0, os.uname().sysname + " " + os.uname().release), ""]
    with tempfile.TemporaryDirectory(prefix="embargo-bench-ops.") as tmp:
        bench_update(prog, tmp, lines)
        print("\n".join(lines), flush=True)
        bench_monitor(prog, tmp, args.customers, lines)
    print("\n".join(lines[-7:]))
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

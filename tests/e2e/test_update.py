#!/usr/bin/env python3
"""test_update.py - end-to-end tests of `embargo update`, `versions`, `diff`,
`monitor`, `alerts`, `decide` and `audit`, without the internet.

usage: tests/e2e/test_update.py [-v] PROG

A small HTTP server on 127.0.0.1 (Python's http.server, a thread of this
process) serves fixture lists and every failure a publisher's server can
produce: 404, 500, an HTML page instead of a list, a truncated file, a
slow server, an oversized answer, a redirect loop, an empty answer, a
wrong media type, a sudden drop in entity count, and an unchanged list
answered 304 to a conditional request. After each failure the live index
must be byte for byte what it was, and the store of snapshots unchanged.
The monitor is driven through the same updates: what it reports after
each, decisions and how long they hold, the audit trail and an edit of it,
two monitors on one store. The checks of run.py (its run/check/skip
helpers and counters) are reused;
the run ends with the plain line `N passed, N failed, N skipped`.
"""
import hashlib
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run as e2e  # noqa: E402  (the shared helpers and counters)
from run import check, skip, ROOT, MINI, SDN_2021, SDN_2024  # noqa: E402

EU_SAMPLE = os.path.join(ROOT, "tests", "cases", "lists", "eu-fsf-sample.xml")
UK_SAMPLE = os.path.join(ROOT, "tests", "cases", "lists", "uk-sample.csv")
OFAC_FILES = ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]


def read(path):
    with open(path, "rb") as f:
        return f.read()


# ---- the fixture server ----------------------------------------------------------------

class Route:
    """What the server answers for one path. `body` with `etag` support
    (conditional requests answered 304), or a failure `mode`."""

    def __init__(self, body=b"", ctype="text/csv", mode=None, status=200, delay=0.0, etag=True):
        self.body, self.ctype, self.mode, self.status, self.delay = body, ctype, mode, status, delay
        self.etag = etag

    def tag(self):
        return '"%s"' % hashlib.sha256(self.body).hexdigest()[:16]


class Server:
    def __init__(self):
        self.routes = {}
        self.log = []            # [method, path, headers dict, status] per request
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def send(self, status, body=b"", ctype="text/plain", extra=(), length=None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                for k, v in extra:
                    self.send_header(k, v)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return status

            def send_response(self, code, message=None):
                # the status is logged before any byte of the answer leaves:
                # a client that has its answer finds its request in the log
                with outer.lock:
                    self.entry[3] = code
                super().send_response(code, message)

            def do_GET(self):
                self.entry = [self.command, self.path, dict(self.headers), None]
                with outer.lock:
                    r = outer.routes.get(self.path.split("?")[0])
                    outer.log.append(self.entry)
                self.answer(r)

            def answer(self, r):
                if r is None:
                    return self.send(404, b"<html><body>Not Found</body></html>", "text/html")
                if r.delay:
                    time.sleep(r.delay)
                m = r.mode
                if m == "status":
                    return self.send(r.status, b"<html><body>error</body></html>", "text/html")
                if m == "redirect_loop":
                    return self.send(302, b"", extra=[("Location", self.path)])
                if m == "truncate":  # promises the whole body, sends half, hangs up
                    self.send_response(200)
                    self.send_header("Content-Type", r.ctype)
                    self.send_header("Content-Length", str(len(r.body)))
                    self.end_headers()
                    self.wfile.write(r.body[: len(r.body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return 200
                if m == "stream":  # no length: the body grows until the client stops
                    self.send_response(200)
                    self.send_header("Content-Type", r.ctype)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    try:
                        for _ in range(2000):
                            self.wfile.write(r.body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return 200
                extra = []
                if r.etag == "lm":  # Last-Modified alone, as many static servers
                    stamp = "Mon, 06 May 2024 10:%02d:00 GMT" % (int(r.tag()[1:3], 16) % 60)
                    extra = [("Last-Modified", stamp)]
                    if self.headers.get("If-Modified-Since") == stamp:
                        self.send_response(304)
                        self.end_headers()
                        return 304
                elif r.etag:
                    tag = r.tag()
                    extra = [("ETag", tag), ("Last-Modified", "Mon, 06 May 2024 10:00:00 GMT")]
                    if self.headers.get("If-None-Match") == tag:
                        self.send_response(304)
                        for k, v in extra:
                            self.send_header(k, v)
                        self.end_headers()
                        return 304
                return self.send(200, r.body, r.ctype, extra)

        class ThreadingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request, client_address):
                pass  # a client that hangs up (a refused answer) is expected

        self.httpd = ThreadingServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def set(self, path, route):
        with self.lock:
            self.routes[path] = route

    def requests(self, path=None):
        with self.lock:
            return [x for x in self.log if path is None or x[1] == path]

    def clear_log(self):
        with self.lock:
            self.log.clear()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# ---- helpers ----------------------------------------------------------------------------

class Env:
    def __init__(self, tmp, server):
        self.tmp, self.server = tmp, server
        self.dir = os.path.join(tmp, "data")
        self.sources = os.path.join(tmp, "sources")
        self.live = os.path.join(self.dir, "embargo.idx")

    def write_sources(self, lines):
        with open(self.sources, "w") as f:
            f.write("# fixture sources\n" + "\n".join(lines) + "\n")

    def update(self, *extra, timeout=300):
        return e2e.run("update", "--data-dir", self.dir, "--sources", self.sources, "--allow-http",
                       "--retries", "1", "--retry-delay", "0.05", "--timeout", "20", *extra, timeout=timeout)

    def store_state(self):
        """Every file under snapshots/ with its content hash, and the live
        index's bytes."""
        state = {}
        snaps = os.path.join(self.dir, "snapshots")
        for root, _, files in os.walk(snaps):
            for f in files:
                p = os.path.join(root, f)
                state[os.path.relpath(p, self.dir)] = hashlib.sha256(read(p)).hexdigest()
        live = read(self.live) if os.path.exists(self.live) else None
        return state, live

    def versions(self, *names):
        r = e2e.run("versions", "--data-dir", self.dir, "--json", *names)
        return r, [json.loads(x) for x in r.text.splitlines() if x.strip()]


def serve_ofac(server, files, prefix="/ofac/"):
    """Serves an OFAC set: {name: bytes}."""
    for name, body in files.items():
        server.set(prefix + name.upper(), Route(body))


def ofac_urls(server, prefix="/ofac/"):
    return " ".join(server.url(prefix + n.upper()) for n in OFAC_FILES)


def mini_files():
    return {n: read(os.path.join(MINI, n)) for n in OFAC_FILES}


def with_row(sdn, row):
    """An sdn.csv with one more row, before the end-of-file byte OFAC's
    files end with."""
    return sdn.rstrip(b"\x1a") + row + b"\r\n\x1a"


def listing_sha(files):
    """The SHA-256 of a set's files as sha256sum lists them (name order)."""
    lines = "".join("%s  %s\n" % (hashlib.sha256(files[n]).hexdigest(), n) for n in sorted(files))
    return hashlib.sha256(lines.encode()).hexdigest()


# ---- the tests ----------------------------------------------------------------------------

def test_first_and_unchanged(env):
    s = env.server
    serve_ofac(s, mini_files())
    s.set("/eu/content", Route(read(EU_SAMPLE), "application/xml"))
    s.set("/uk/UK-Sanctions-List.csv", Route(read(UK_SAMPLE), "text/csv; charset=utf-8"))
    env.write_sources(["ofac-sdn " + ofac_urls(s),
                       "eu %s" % s.url("/eu/content?token=abc"),
                       "uk %s" % s.url("/uk/UK-Sanctions-List.csv")])
    r = env.update()
    check("update: a first update publishes with exit 0", r.rc == 0 and os.path.isfile(env.live),
          "exit %d: %s" % (r.rc, r.errtext))
    check("update: no temporary files are left", not os.listdir(os.path.join(env.dir, "tmp"))
          if os.path.isdir(os.path.join(env.dir, "tmp")) else True)
    i = e2e.run("info", "--json", "--data-dir", env.dir)
    lists = {x["name"]: x for x in json.loads(i.text).get("lists", [])} if i.rc == 0 else {}
    check("update: the live index holds the three sources' lists", set(lists) == {"ofac-sdn", "eu", "uk"},
          i.text[:300] + i.errtext)
    q = e2e.run("screen", "--json", "--data-dir", env.dir, "Vladimir V. Putin")
    check("screen --data-dir uses the published index", q.rc == 0 and "ofac-sdn:35096" in q.text, q.text[:200])
    art = os.path.join(env.tmp, "article.txt")
    with open(art, "w") as f:
        f.write("Vladimir Putin met Sergey Kislyak in Moscow.\n")
    q = e2e.run("scan", "--json", "--data-dir", env.dir, art)
    check("scan --data-dir uses the published index", q.rc == 0 and "ofac-sdn:36820" in q.text, q.text[:200] + q.errtext)
    env_run = subprocess.run([e2e.PROG, "who", "Vladimir V. Putin"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=dict(os.environ, EMBARGO_DATA_DIR=env.dir), timeout=60)
    check("EMBARGO_DATA_DIR points who at the published index",
          env_run.returncode == 0 and b"eu " in env_run.stdout and b"ofac-sdn:35096" in env_run.stdout,
          env_run.stdout.decode("utf-8", "replace")[:300])
    v, recs = env.versions()
    by = {x["source"]: x for x in recs}
    check("versions lists one live version per source",
          v.rc == 0 and set(by) == {"ofac-sdn", "eu", "uk"} and all(x["live"] for x in recs), v.text[:300])
    check("versions: the set's SHA-256 is its sha256sum listing's",
          by.get("ofac-sdn", {}).get("sha256") == listing_sha(mini_files()), str(by.get("ofac-sdn"))[:300])
    check("versions: a file's SHA-256, HTTP validators and file name",
          by.get("eu", {}).get("sha256") == hashlib.sha256(read(EU_SAMPLE)).hexdigest()
          and by["eu"]["files"][0]["etag"] and by["eu"]["files"][0]["last_modified"]
          and by["eu"]["files"][0]["file"] == "content", str(by.get("eu"))[:400])
    check("versions: the list's own publication date is kept",
          by.get("eu", {}).get("lists", [{}])[0].get("published") == "2026-03-02", str(by.get("eu"))[:300])

    before = env.store_state()
    s.clear_log()
    r = env.update()
    check("update: nothing changed gives exit 1", r.rc == 1, "exit %d: %s" % (r.rc, r.errtext))
    reqs = s.requests()
    check("update: an unchanged list costs one conditional request answered 304",
          len(reqs) == 6 and all(x[3] == 304 and "If-None-Match" in x[2] for x in reqs),
          str([(x[1], x[3]) for x in reqs]))
    check("update: nothing changed leaves the index and the store as they were", env.store_state() == before)
    s.set("/uk/UK-Sanctions-List.csv", Route(read(UK_SAMPLE), "text/csv", etag="lm"))
    env.update()
    s.clear_log()
    r = env.update()
    uk = s.requests("/uk/UK-Sanctions-List.csv")
    check("update: a server giving Last-Modified alone is asked If-Modified-Since and answers 304",
          r.rc == 1 and len(uk) == 1 and uk[0][3] == 304 and "If-Modified-Since" in uk[0][2], str(uk) + r.errtext)


def failure(env, name, setup, expect, extra=(), restore=None, count=None):
    """One failure: `setup` breaks the server, the update must fail with
    exit 2, say `expect`, and leave the live index and the store as they
    were."""
    before = env.store_state()
    setup()
    env.server.clear_log()
    r = env.update(*extra)
    ok = r.rc == 2 and expect.lower() in r.errtext.lower()
    check("update refuses %s: exit 2 and says why" % name, ok, "exit %d: %s" % (r.rc, r.errtext[-600:]))
    after = env.store_state()
    check("update refuses %s: the live index is byte for byte unchanged" % name,
          after[1] is not None and after[1] == before[1])
    check("update refuses %s: the store is unchanged" % name, after[0] == before[0],
          str(set(after[0]) ^ set(before[0])))
    if count is not None:
        n = len(env.server.requests())
        check("update refuses %s: after %d requests" % (name, count), n == count, "%d requests" % n)
    tmpdir = os.path.join(env.dir, "tmp")
    check("update refuses %s: no download is left behind" % name,
          not os.path.isdir(tmpdir) or not os.listdir(tmpdir), str(os.listdir(tmpdir)) if os.path.isdir(tmpdir) else "")
    if restore:
        restore()


def test_failures(env):
    s = env.server
    eu = read(EU_SAMPLE)
    files = mini_files()
    sdn = files["sdn.csv"]
    good_eu = lambda: s.set("/eu/content", Route(eu, "application/xml"))  # noqa: E731
    good_sdn = lambda: serve_ofac(s, files)  # noqa: E731

    failure(env, "a 404", lambda: s.set("/eu/content", None), "HTTP 404", restore=good_eu, count=6)
    # a 500 is retried (--retries 1), a 404 is not
    failure(env, "a 500", lambda: s.set("/eu/content", Route(mode="status", status=500)), "HTTP 500",
            restore=good_eu, count=7)
    failure(env, "an HTML page instead of a list", lambda: s.set(
        "/ofac/SDN.CSV", Route(b"<!DOCTYPE html><html><head><title>Maintenance</title></head>"
                               b"<body>Back soon</body></html>", "text/html")), "web page", restore=good_sdn)
    failure(env, "an HTML page sent as CSV", lambda: s.set(
        "/ofac/SDN.CSV", Route(b"\n  <html><head><title>Access denied</title></head><body><p>Request blocked."
                               b"</p></body></html>", "text/csv")), "HTML page", restore=good_sdn)
    failure(env, "a truncated transfer", lambda: s.set("/eu/content", Route(eu, "application/xml", mode="truncate")),
            "cut short", restore=good_eu)
    cut = sdn[: sdn.index(b"\n", len(sdn) // 2) + 40]  # ends in the middle of a row
    failure(env, "a truncated file", lambda: s.set("/ofac/SDN.CSV", Route(cut)), "does not parse",
            restore=good_sdn)
    failure(env, "a slow server", lambda: s.set("/eu/content", Route(eu, "application/xml", delay=4)),
            "timed out", extra=("--timeout", "1", "--retries", "0"), restore=good_eu)
    failure(env, "an oversized answer", lambda: s.set("/eu/content", Route(eu + b"<!-- padding -->" * 400,
                                                                        "application/xml")),
            "larger than the maximum", extra=("--max-size", "8K"), restore=good_eu)
    failure(env, "an oversized answer without a length",
            lambda: s.set("/eu/content", Route(b"x" * 1000, "application/xml", mode="stream")),
            "larger than the maximum", extra=("--max-size", "1M"), restore=good_eu)
    failure(env, "a redirect loop", lambda: s.set("/eu/content", Route(mode="redirect_loop")), "redirect",
            restore=good_eu)
    failure(env, "an empty answer", lambda: s.set("/eu/content", Route(b"", "application/xml")), "empty answer",
            restore=good_eu)
    failure(env, "a wrong content type", lambda: s.set("/eu/content", Route(eu, "image/png", etag=False)),
            "Content-Type: image/png", restore=good_eu)
    failure(env, "something that is no list", lambda: s.set("/eu/content", Route(b"hello, world\n" * 10,
                                                                               "text/plain")),
            "no list", restore=good_eu)
    rows = sdn.split(b"\n")
    few = b"\n".join(rows[:10]) + b"\n"
    failure(env, "a sudden drop in entity count", lambda: s.set("/ofac/SDN.CSV", Route(few)), "down from 24")
    r = env.update("--force")
    v, recs = env.versions("ofac-sdn")
    check("update --force accepts the drop", r.rc == 0 and recs and recs[0]["entities"] == 10,
          "exit %d: %s" % (r.rc, r.errtext[-300:]))
    good_sdn()
    r = env.update()
    check("update: the full list again is a new version", r.rc == 0, r.errtext[-300:])
    before = env.store_state()
    r = e2e.run("update", "--data-dir", env.dir, "--sources", env.sources, timeout=60)
    check("update refuses http:// without --allow-http", r.rc == 2 and "https" in r.errtext, r.errtext)
    check("update refuses http://: nothing changed", env.store_state() == before)


def test_one_fails_others_publish(env):
    s = env.server
    files = mini_files()
    extra = b'990099,"ZZYZX, Quentin Example","individual","TEST-DECOY",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1960."'
    changed = dict(files, **{"sdn.csv": with_row(files["sdn.csv"], extra)})
    serve_ofac(s, changed)
    s.set("/eu/content", None)
    v0, recs0 = env.versions("eu")
    r = env.update()
    check("update: one source failing does not stop another (exit 2, the other published)",
          r.rc == 2 and "HTTP 404" in r.errtext and "ofac-sdn: new version" in r.text, r.text + r.errtext)
    q = e2e.run("screen", "--json", "--data-dir", env.dir, "Quentin Zzyzx")
    check("update: the other source's new entity is screened", "ofac-sdn:990099" in q.text, q.text[:300])
    i = e2e.run("info", "--json", "--data-dir", env.dir)
    names = [x["name"] for x in json.loads(i.text)["lists"]] if i.rc == 0 else []
    check("update: the failed source keeps its last good version in the index", "eu" in names, i.text[:300])
    v1, recs1 = env.versions("eu")
    check("update: the failed source's versions are as they were", recs0 == recs1)
    s.set("/eu/content", Route(read(EU_SAMPLE), "application/xml"))


def test_prune_and_running_reader(env):
    s = env.server
    files = mini_files()
    proc = subprocess.Popen([e2e.PROG, "screen", "--batch", "--line-buffered", "--json", "--data-dir", env.dir],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(b"Vladimir V. Putin\n")
    proc.stdin.flush()
    first = json.loads(proc.stdout.readline())
    for k in range(3):
        extra = ('97%04d,"EXAMPLE %d, Person","individual","TEST-DECOY",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                 '"DOB 1960."' % (k, k)).encode()
        serve_ofac(s, dict(files, **{"sdn.csv": with_row(files["sdn.csv"], extra)}))
        r = env.update("--keep", "2", "--only", "ofac-sdn")
        check("update --only --keep 2: version %d published" % (k + 1), r.rc == 0, r.errtext[-300:])
    v, recs = env.versions("ofac-sdn")
    check("update --keep 2 keeps the two newest versions", len(recs) == 2 and recs[0]["live"] and not recs[1]["live"],
          str([(x["id"], x["live"]) for x in recs]))
    i = e2e.run("info", "--json", "--data-dir", env.dir)
    names = sorted(x["name"] for x in json.loads(i.text)["lists"]) if i.rc == 0 else []
    check("update --only: the index still holds every source", names == ["eu", "ofac-sdn", "uk"], str(names))
    proc.stdin.write(b"Sergey I. Kislyak\n")
    proc.stdin.close()
    rest = proc.stdout.read()
    rc = proc.wait(timeout=60)
    second = json.loads(rest.decode().splitlines()[0]) if rest.strip() else {}
    check("a running screen --batch keeps answering while update publishes",
          rc == 0 and e2e.ids(first)[:1] == ["ofac-sdn:35096"] and e2e.ids(second)[:1] == ["ofac-sdn:36820"],
          proc.stderr.read().decode("utf-8", "replace")[:300])
    serve_ofac(s, files)
    env.update("--only", "ofac-sdn")


def test_delta(tmp, server):
    """An OpenSanctions delta file applies to the version before it."""
    def ent(i, name, schema="Person"):
        return {"id": "os-%d" % i, "schema": schema, "caption": name, "target": True,
                "properties": {"name": [name]}, "datasets": ["fixture"]}
    base = b"".join(json.dumps(ent(i, n)).encode() + b"\n" for i, n in
                    ((1, "Aleksandr Examplov"), (2, "Boris Fixturov"), (3, "Viktor Testovich")))
    delta = b"".join(json.dumps(x).encode() + b"\n" for x in (
        {"op": "MOD", "entity": ent(1, "Aleksandr Examplov-Renamed")},
        {"op": "DEL", "entity": {"id": "os-2"}},
        {"op": "ADD", "entity": ent(4, "Grigory Newentryov")}))
    env = Env(os.path.join(tmp, "delta"), server)
    os.makedirs(env.tmp)
    server.set("/os/entities.ftm.json", Route(base, "application/json"))
    env.write_sources(["os %s" % server.url("/os/entities.ftm.json")])
    r = env.update()
    check("update: an FtM export as a source", r.rc == 0, r.errtext[-300:])
    server.set("/os/entities.ftm.json", Route(delta, "application/json"))
    r = env.update()
    check("update: a delta file is applied to the version before it", r.rc == 0 and "applied the delta" in r.text,
          r.text + r.errtext[-300:])
    ids = []
    for q in ("Grigory Newentryov", "Boris Fixturov", "Aleksandr Examplov-Renamed"):
        x = e2e.run("screen", "--json", "--data-dir", env.dir, q)
        ids.append(e2e.ids(x.json_lines()[0]) if x.rc in (0, 1) and x.text.strip() else None)
    check("update: the delta's ADD, DEL and MOD took effect (not read as additions)",
          ids[0] and ids[0][0].endswith("os-4") and ids[1] == [] and ids[2] and ids[2][0].endswith("os-1"),
          str(ids))


def test_diff(tmp):
    """diff between list folders, index files and a delta: what was added,
    removed and changed, and what changed, in text, JSON and CSV."""
    import csv
    import io
    files = mini_files()
    old = os.path.join(tmp, "diff-old")
    new = os.path.join(tmp, "diff-new")
    for d in (old, new):
        os.makedirs(d)
    for n, body in files.items():
        with open(os.path.join(old, n), "wb") as f:
            f.write(body)
    rows = files["sdn.csv"].rstrip(b"\x1a").split(b"\r\n")
    out = []
    for row in rows:
        if row.startswith(b"990003,"):     # removed
            continue
        if row.startswith(b"990001,"):     # changed: another programme, another birth year
            row = row.replace(b'"TEST-DECOY"', b'"TEST-DECOY] [RUSSIA-EO14024"').replace(b"DOB 1971", b"DOB 1972")
        out.append(row)
    body = b"\r\n".join(out).rstrip(b"\r\n") + b"\r\n"
    body = with_row(body, b'990100,"NEWLY, Listed Person","individual","TEST-DECOY",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                          b'-0- ,"DOB 1980."')
    for n, b in dict(files, **{"sdn.csv": body}).items():
        with open(os.path.join(new, n), "wb") as f:
            f.write(b)
    r = e2e.run("diff", "--json", old, new)
    d = json.loads(r.text) if r.rc == 0 else {}
    lists = {x["list"]: x for x in d.get("lists", [])}
    sdn = lists.get("ofac-sdn", {})
    check("diff: exit 0 when the versions differ, one list", r.rc == 0 and list(lists) == ["ofac-sdn"], r.errtext)
    check("diff: the added entity", [x["id"] for x in sdn.get("added", [])] == ["ofac-sdn:990100"], str(sdn)[:300])
    check("diff: the removed entity", [x["id"] for x in sdn.get("removed", [])] == ["ofac-sdn:990003"])
    ch = sdn.get("changed", [])
    check("diff: the changed entity, and only it", [x["id"] for x in ch] == ["ofac-sdn:990001"], str(ch)[:300])
    changes = ch[0]["changes"] if ch else {}
    check("diff: what changed: the programme and the birth date",
          changes.get("programs") == {"removed": [], "added": ["RUSSIA-EO14024"]}
          and changes.get("birth_dates") == {"removed": ["1971"], "added": ["1972"]}, json.dumps(changes)[:400])
    check("diff: the counts", d.get("summary") == {"added": 1, "removed": 1, "changed": 1}
          and sdn.get("entities_before") == 24 and sdn.get("entities_after") == 24, str(d.get("summary")))
    r = e2e.run("diff", "--csv", old, new)
    rows = list(csv.reader(io.StringIO(r.text)))
    check("diff --csv: a header and a row per entity added or removed and per part changed",
          rows and rows[0] == ["list", "change", "id", "name", "part", "removed", "added"]
          and ["ofac-sdn", "changed", "ofac-sdn:990001", "KISLYAKOV, Sergei Pavlovich", "birth_dates", "1971", "1972"]
          in rows and sum(1 for x in rows if x[1] == "added") == 1, r.text[:500])
    r = e2e.run("diff", old, new)
    check("diff: text for people", r.rc == 0 and "ofac-sdn: 1 added, 1 removed, 1 changed" in r.text
          and "+ ofac-sdn:990100" in r.text and "birth_dates: + 1972" in r.text, r.text[:500])
    oi, ni = os.path.join(tmp, "diff-old.idx"), os.path.join(tmp, "diff-new.idx")
    e2e.run("index", "--out", oi, "--list", old)
    e2e.run("index", "--out", ni, "--list", new)
    r2 = e2e.run("diff", oi, ni)
    check("diff: two index files say what two folders say", r2.rc == 0 and r2.text.split("\n", 2)[2] == r.text.split("\n", 2)[2],
          r2.text[:300] + r2.errtext)
    r = e2e.run("diff", old, old)
    check("diff: exit 1 and 'no differences' for one version twice", r.rc == 1 and "no differences" in r.text, r.text)
    r = e2e.run("diff", "--lists", "UK", old, new)
    check("diff --lists: a selection naming no list of either is an error", r.rc == 2 and "UK" in r.errtext, r.errtext)
    r = e2e.run("diff", "--lists", "US", "--summary", old, new)
    check("diff --lists US --summary: the counts only", r.rc == 0 and "1 added" in r.text and "+ ofac" not in r.text,
          r.text)
    r = e2e.run("diff", old, os.path.join(tmp, "nowhere"))
    check("diff: a missing operand is an error", r.rc == 2 and "nowhere" in r.errtext, r.errtext)

    # a delta file is applied to the file before it
    def ent(i, name):
        return {"id": "d-%d" % i, "schema": "Person", "caption": name, "properties": {"name": [name]},
                "datasets": ["fixture"]}
    base = os.path.join(tmp, "base.ftm.json")
    delta = os.path.join(tmp, "entities.delta.json")
    with open(base, "w") as f:
        for i, n in ((1, "Aleksandr Examplov"), (2, "Boris Fixturov")):
            f.write(json.dumps(ent(i, n)) + "\n")
    with open(delta, "w") as f:
        f.write(json.dumps({"op": "DEL", "entity": {"id": "d-2"}}) + "\n")
        f.write(json.dumps({"op": "MOD", "entity": ent(1, "Aleksandr Examplov Renamed")}) + "\n")
        f.write(json.dumps({"op": "ADD", "entity": ent(3, "Viktor Newov")}) + "\n")
    r = e2e.run("diff", "--json", base, delta)
    d = json.loads(r.text) if r.rc == 0 else {}
    l0 = d.get("lists", [{}])[0]
    check("diff: a delta's DEL is a removal, MOD a change, ADD an addition",
          [x["id"] for x in l0.get("removed", [])] == ["opensanctions:d-2"]
          and [x["id"] for x in l0.get("changed", [])] == ["opensanctions:d-1"]
          and [x["id"] for x in l0.get("added", [])] == ["opensanctions:d-3"], r.text[:500] + r.errtext)


def test_sdn_years(tmp, server):
    """The 2021 SDN set, then the 2024 one, from the loopback server."""
    if not (os.path.isdir(SDN_2021) and os.path.isdir(SDN_2024)):
        skip("update from the 2021 to the 2024 SDN list", "%s or %s is absent" % (SDN_2021, SDN_2024))
        return None
    env = Env(os.path.join(tmp, "years"), server)
    os.makedirs(env.tmp)
    env.write_sources(["ofac-sdn %s" % server.url("/sdn/SDN.CSV")])
    server.set("/sdn/SDN.CSV", Route(read(os.path.join(SDN_2021, "sdn.csv"))))
    r = env.update()
    check("update: the 2021 SDN list", r.rc == 0, r.errtext[-300:])
    v, recs = env.versions()
    snap2021 = recs[0]["path"] if recs else None
    old_index = os.path.join(tmp, "years-2021.idx")
    shutil.copy(env.live, old_index)
    server.set("/sdn/SDN.CSV", Route(read(os.path.join(SDN_2024, "sdn.csv"))))
    r = env.update()
    check("update: then the 2024 SDN list", r.rc == 0 and "(+5989)" in r.text, r.text + r.errtext[-300:])
    q = e2e.run("screen", "--json", "--data-dir", env.dir, "Vladimir V. Putin")
    check("update: Putin, added by 2024, is screened after the update", "ofac-sdn:35096" in q.text, q.text[:200])
    r = e2e.run("diff", "--json", "--data-dir", env.dir, "ofac-sdn")
    d = json.loads(r.text) if r.rc == 0 else {}
    sdn = d.get("lists", [{}])[0]
    added = {x["id"] for x in sdn.get("added", [])}
    check("diff of the two versions: Putin, Butina and Kislyak are added",
          {"ofac-sdn:35096", "ofac-sdn:35573", "ofac-sdn:36820"} <= added, r.errtext + str(d.get("summary")))
    check("diff of the two versions: the scale (thousands added, hundreds removed)",
          len(added) - len(sdn.get("removed", [])) == 14965 - 8976 and len(added) > 5000, str(d.get("summary")))
    changed = {x["id"]: x["changes"] for x in sdn.get("changed", [])}
    check("diff of the two versions: Kosachev changed: RUSSIA-EO14024 added to his programmes",
          "RUSSIA-EO14024" in changed.get("ofac-sdn:24231", {}).get("programs", {}).get("added", []),
          str(changed.get("ofac-sdn:24231"))[:300])
    r2 = e2e.run("diff", "--summary", old_index, env.live)
    check("diff of the two index files agrees", r2.rc == 0 and "%d added" % len(added) in r2.text, r2.text + r2.errtext)
    return env, old_index, snap2021


def test_bundled_sources(tmp):
    """The bundled sources file reads, names the official lists, HTTPS only."""
    r = e2e.run("update", "--data-dir", os.path.join(tmp, "never-made"), "--dry-run")
    names = [x for x in r.text.splitlines()[1:] if x and not x.startswith(" ")]
    urls = [x.split()[-1] for x in r.text.splitlines() if x.startswith("  ")]
    check("update --dry-run reads the bundled sources/default.sources",
          r.rc == 0 and names == ["ofac-sdn", "ofac-cons", "un", "uk", "eu", "us-csl"], r.text + r.errtext)
    check("the bundled sources are all https://", urls and all(u.startswith("https://") for u in urls), str(urls))
    check("update --dry-run fetches nothing and makes no folder", not os.path.exists(os.path.join(tmp, "never-made")))


# ---- monitor --------------------------------------------------------------------------------

CUSTOMERS = """key,name,birth date,country
C001,KOSACHEV Konstantin,1962-09-17,Russia
C002,"Slutskiy, Leonid",,
C003,Wladimir Putin,1952-10-07,Russia
C004,Mariia Butina,,
C005,Sergei Kisliak,,
C006,Rand Paul,,
C007,Donald Trump,,
C008,Jeff Sessions,,
C009,Anna Schmidt,1980-01-01,Germany
C010,Michael T. Flynn,,
"""


def monitor(state, customers, *extra, data_dir=None, index=None):
    args = ["monitor", "--json", "--customers", customers, "--state", state]
    if data_dir:
        args += ["--data-dir", data_dir]
    if index:
        args += ["--index", index]
    r = e2e.run(*args, *extra, timeout=600)
    try:
        rep = json.loads(r.text) if r.text.strip() else {}
    except ValueError:
        rep = {}
    return r, rep


def pairs(rep, kind):
    return sorted((x["customer"], x["entity"]) for x in rep.get(kind, []))


def sql(path, query, args=()):
    import sqlite3
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def test_monitor_mini(tmp, server):
    """The monitor over updates of the mini list: what is new, gone and
    changed; decisions and how long they hold; the audit trail."""
    env = Env(os.path.join(tmp, "mon"), server)
    os.makedirs(env.tmp)
    files = mini_files()
    serve_ofac(server, files, "/mon/")
    env.write_sources(["ofac-sdn " + ofac_urls(server, "/mon/")])
    r = env.update()
    check("monitor: the lists to monitor against", r.rc == 0, r.errtext[-300:])
    cust = os.path.join(env.tmp, "customers.csv")
    with open(cust, "w") as f:
        f.write(CUSTOMERS)
    state = os.path.join(env.tmp, "state.sqlite")
    r, rep = monitor(state, cust, data_dir=env.dir)
    five = [("C001", "ofac-sdn:24231"), ("C002", "ofac-sdn:16662"), ("C003", "ofac-sdn:35096"),
            ("C004", "ofac-sdn:35573"), ("C005", "ofac-sdn:36820")]
    check("monitor: the first run alerts on the five listed Russians and no American",
          r.rc == 0 and pairs(rep, "new") == five and rep.get("mode") == "first", r.text[:600] + r.errtext)
    check("monitor: the first run screens every customer", rep.get("screened") == 10
          and rep.get("customers", {}).get("new") == 10)
    r, rep = monitor(state, cust, data_dir=env.dir)
    check("monitor: a second run with nothing changed reports nothing, exit 1",
          r.rc == 1 and not any(rep.get(k) for k in ("new", "gone", "changed", "reopened"))
          and rep.get("screened") == 0, r.text[:400] + r.errtext)
    r = e2e.run("alerts", "--state", state, "--json")
    alerts = {(x["customer"], x["entity"]): x for x in (json.loads(l) for l in r.text.splitlines() if l.strip())}
    check("alerts lists the five open alerts", sorted(alerts) == five and all(x["status"] == "open" for x in alerts.values()),
          r.text[:400])
    putin = alerts.get(("C003", "ofac-sdn:35096"), {}).get("alert")
    butina = alerts.get(("C004", "ofac-sdn:35573"), {}).get("alert")
    kosachev = alerts.get(("C001", "ofac-sdn:24231"), {}).get("alert")
    slutsky = alerts.get(("C002", "ofac-sdn:16662"), {}).get("alert")

    # decisions
    r = e2e.run("decide", str(putin), "--state", state, "--false-positive", "--by", "alice")
    check("decide refuses a decision without a reason", r.rc == 2 and "reason" in r.errtext, r.errtext)
    r = e2e.run("decide", str(putin), "--state", state, "--false-positive", "--reason", "born 1980, a dentist",
                "--by", "alice")
    check("decide --false-positive", r.rc == 0 and "suppressed" in r.text, r.text + r.errtext)
    r = e2e.run("decide", str(butina), "--state", state, "--false-positive", "--reason", "checked the passport",
                "--by", "bob", "--expires", "2001-01-01")
    check("decide --false-positive --expires", r.rc == 0, r.errtext)
    r = e2e.run("decide", str(slutsky), "--state", state, "--good-guy", "--reason", "our own employee", "--by", "carol")
    check("decide --good-guy", r.rc == 0, r.errtext)
    r = e2e.run("decide", str(kosachev), "--state", state, "--true-match", "--reason", "same person", "--by", "dave")
    check("decide --true-match", r.rc == 0 and "confirmed" in r.text, r.errtext)
    r = e2e.run("decide", "99999", "--state", state, "--true-match", "--reason", "x", "--by", "dave")
    check("decide refuses an alert that does not exist", r.rc == 2 and "no alert" in r.errtext, r.errtext)
    r = e2e.run("alerts", "--state", state)
    check("alerts: only the undecided alert is still open", r.rc == 0 and "C005" in r.text and "C003" not in r.text,
          r.text)

    # the expired decision opens its alert again; the others hold
    r, rep = monitor(state, cust, data_dir=env.dir)
    check("monitor: an expired false-positive decision opens its alert again",
          pairs(rep, "reopened") == [("C004", "ofac-sdn:35573")] and "expired" in rep["reopened"][0]["reason"]
          and not pairs(rep, "new") and not pairs(rep, "changed"), r.text[:500] + r.errtext)

    # an update changes Putin, Slutsky and Kosachev, adds one entity, removes one
    rows = files["sdn.csv"].rstrip(b"\x1a").split(b"\r\n")
    out = []
    for row in rows:
        if row.startswith(b"35096,") or row.startswith(b"16662,") or row.startswith(b"24231,"):
            row = row.replace(b'"RUSSIA-EO14024"', b'"RUSSIA-EO14024] [TEST-PROGRAM"').replace(
                b'"UKRAINE-EO13661] [RUSSIA-EO14024"', b'"UKRAINE-EO13661] [RUSSIA-EO14024] [TEST-PROGRAM"')
        if row.startswith(b"36820,"):   # Kislyak removed
            continue
        out.append(row)
    body = b"\r\n".join(out).rstrip(b"\r\n") + b"\r\n"
    body = with_row(body, b'990200,"SCHMIDT, Anna","individual","TEST-DECOY",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                          b'"DOB 01 Jan 1980; nationality Germany."')
    serve_ofac(server, dict(files, **{"sdn.csv": body}), "/mon/")
    r = env.update()
    check("monitor: the updated list is published", r.rc == 0, r.errtext[-300:])
    r, rep = monitor(state, cust, data_dir=env.dir)
    check("monitor: an update touching few entities is an incremental run against them alone",
          rep.get("mode") == "incremental" and rep.get("entities", {}).get("touched") == 4
          and rep.get("entities", {}).get("removed") == 1, str({k: rep.get(k) for k in ("mode", "entities")}))
    check("monitor: the customer matching the added entity is a new alert",
          pairs(rep, "new") == [("C009", "ofac-sdn:990200")], str(pairs(rep, "new")))
    check("monitor: the alert on the removed entity is gone",
          pairs(rep, "gone") == [("C005", "ofac-sdn:36820")] and "removed" in rep["gone"][0]["reason"],
          str(rep.get("gone"))[:300])
    changed = {x["customer"]: x for x in rep.get("changed", [])}
    check("monitor: the false positive alerts again once its entity changed, and says why",
          "C003" in changed and changed["C003"]["status"] == "open" and "TEST-PROGRAM" in changed["C003"]["reason"]
          and "earlier version" in changed["C003"]["reason"], str(changed.get("C003")))
    check("monitor: a true match whose entity changed is reported, still confirmed",
          changed.get("C001", {}).get("status") == "confirmed", str(changed.get("C001")))
    check("monitor: a good guy stays suppressed when the entity changes", "C002" not in changed
          and rep.get("suppressed") == 1, str(rep.get("suppressed")) + str(changed.get("C002")))
    r, rep = monitor(state, cust, data_dir=env.dir)
    check("monitor: and the next run reports nothing again", r.rc == 1 and not pairs(rep, "new")
          and not pairs(rep, "changed") and not pairs(rep, "gone"), r.text[:300])

    # the customer file changes: one removed, one renamed, one added
    lines = CUSTOMERS.splitlines()
    lines = [l for l in lines if not l.startswith("C004,")]
    lines = [l.replace("C009,Anna Schmidt", "C009,Anna Schmitz-Meyer") for l in lines]
    lines.append("C011,Vladimir V. Putin,,")
    with open(cust, "w") as f:
        f.write("\n".join(lines) + "\n")
    r, rep = monitor(state, cust, data_dir=env.dir)
    check("monitor: a new customer is screened against everything",
          pairs(rep, "new") == [("C011", "ofac-sdn:35096")] and rep.get("customers", {}).get("new") == 1,
          str(pairs(rep, "new")))
    gone = dict((c, x["reason"]) for c, x in ((x["customer"], x) for x in rep.get("gone", [])))
    check("monitor: a removed customer's alerts are gone", "C004" in gone and "no longer in the customer file" in gone["C004"],
          str(gone))
    check("monitor: a changed customer no longer matching: gone", "C009" in gone and "customer" in gone["C009"], str(gone))

    # the audit trail
    r = e2e.run("audit", "verify", "--state", state)
    check("audit verify: the trail is intact", r.rc == 0 and "intact" in r.text, r.text + r.errtext)
    head = [l.split()[1] for l in r.text.splitlines() if l.startswith("head ")]
    r = e2e.run("audit", "export", "--state", state, "--json")
    recs = [json.loads(l) for l in r.text.splitlines() if l.strip()]
    actions = {x["action"] for x in recs}
    check("audit export --json: runs, alerts, decisions and suppressions, with list versions",
          {"run", "alert_new", "alert_gone", "alert_changed", "alert_reopened", "decision", "suppression",
           "lists_updated"} <= actions and all(x["lists"] and x["lists"]["lists"] for x in recs if x["action"] == "run"),
          str(sorted(actions)))
    dec = [x for x in recs if x["action"] == "decision"]
    check("audit: a decision's record says who, why, on what",
          dec and dec[0]["user"] == "alice" and dec[0]["result"]["reason"] == "born 1980, a dentist"
          and dec[0]["input"]["entity"] == "ofac-sdn:35096" and len(dec[0]["input"]["entity_sha256"]) == 64, str(dec[:1]))
    import csv
    import io
    today = time.strftime("%Y-%m-%d", time.gmtime())
    r = e2e.run("audit", "export", "--state", state, "--from", today, "--to", today)
    rows = list(csv.reader(io.StringIO(r.text)))
    check("audit export --from --to: CSV for an examiner, every record of the day",
          rows and rows[0][:4] == ["seq", "at", "user", "action"] and len(rows) - 1 == len(recs), str(rows[:2]))
    r = e2e.run("audit", "export", "--state", state, "--from", "2000-01-01", "--to", "2000-12-31")
    check("audit export: a period without records gives the header alone, exit 1", r.rc == 1
          and r.text.strip() == "seq,at,user,action,lists,input,result,prev,hash", r.text)
    import sqlite3
    for what, q in (("an UPDATE", "UPDATE audit SET user='mallory' WHERE seq=3"), ("a DELETE", "DELETE FROM audit WHERE seq=3"),
                    ("an UPDATE of a decision", "UPDATE decisions SET reason='x'")):
        try:
            sql(state, q)
            refused = False
        except sqlite3.DatabaseError as ex:
            refused = "append-only" in str(ex) or "kept as taken" in str(ex)
        check("audit: the store refuses %s" % what, refused)
    tampered = os.path.join(env.tmp, "tampered.sqlite")
    shutil.copy(state, tampered)
    con = sqlite3.connect(tampered)
    con.execute("DROP TRIGGER audit_no_update")
    con.execute("UPDATE audit SET user='mallory' WHERE seq=3")
    con.commit()
    con.close()
    r = e2e.run("audit", "verify", "--state", tampered)
    check("audit verify finds an edit made past the triggers, and where", r.rc == 1 and "record 3" in r.text,
          r.text + r.errtext)
    shutil.copy(state, tampered)
    con = sqlite3.connect(tampered)
    con.execute("DROP TRIGGER audit_no_delete")
    con.execute("DELETE FROM audit WHERE seq=4")
    con.commit()
    con.close()
    r = e2e.run("audit", "verify", "--state", tampered)
    check("audit verify finds a deleted record", r.rc == 1 and "record 4" in r.text, r.text + r.errtext)
    r = e2e.run("audit", "verify", "--state", state, "--head", head[0] if head else "x")
    check("audit verify --head: the head kept earlier is still there", r.rc == 0, r.text + r.errtext)

    # an update recorded in the store's trail
    r = e2e.run("update", "--data-dir", env.dir, "--sources", env.sources, "--allow-http", "--state", state)
    recs = [json.loads(l) for l in e2e.run("audit", "export", "--state", state, "--json").text.splitlines() if l.strip()]
    upd = [x for x in recs if x["action"] == "update"]
    check("update --state records the update in the monitor's audit trail",
          r.rc == 1 and len(upd) == 1 and upd[0]["result"]["published"] is False
          and upd[0]["result"]["sources"][0]["outcome"] == "unchanged" and upd[0]["lists"]["lists"][0]["sha256"],
          r.errtext + str(upd)[:300])

    # other screening options: everyone again, against everything
    r, rep = monitor(state, cust, "--threshold", "0.99", data_dir=env.dir)
    check("monitor: a run with another threshold screens everyone against everything",
          rep.get("mode", "").startswith("full (the screening options") and rep.get("screened") == 10
          and rep.get("gone"), str({k: rep.get(k) for k in ("mode", "screened")}) + str(pairs(rep, "gone")))
    r, rep = monitor(state, cust, data_dir=env.dir)
    check("monitor: back at the default threshold, the alerts under 0.99 are new again",
          rep.get("mode", "").startswith("full") and pairs(rep, "new"), str(pairs(rep, "new")))

    # a failed run leaves the store as it was
    before = sql(state, "SELECT count(*) FROM runs")[0][0], sql(state, "SELECT count(*) FROM audit")[0][0]
    bad = os.path.join(env.tmp, "bad.csv")
    with open(bad, "w") as f:
        f.write("key,customer\nX1,John\n")
    r, rep = monitor(state, bad, "--columns", "name=Full Name", data_dir=env.dir)
    after = sql(state, "SELECT count(*) FROM runs")[0][0], sql(state, "SELECT count(*) FROM audit")[0][0]
    check("monitor: a customer file without the name column is refused, the store unchanged",
          r.rc == 2 and before == after, r.errtext + str((before, after)))
    return state


def test_foreign_store(tmp):
    """A SQLite file that is not a store is refused by every command, and
    left exactly as it was (nothing is created in it)."""
    import sqlite3
    path = os.path.join(tmp, "other.db")
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    before = read(path)
    for args in (("alerts",), ("audit", "verify")):
        r = e2e.run(*args, "--state", path)
        check("%s on another program's database exits 2: not an embargo store" % " ".join(args),
              r.rc == 2 and "not an embargo store" in r.errtext, "exit %d %s" % (r.rc, r.errtext[:200]))
    check("... and the database is unchanged", read(path) == before)


def test_two_monitors(tmp):
    """Two monitors on one store at once: one waits for the other, nothing is
    lost or doubled, the trail holds."""
    import random
    d = os.path.join(tmp, "two")
    os.makedirs(d)
    cust = os.path.join(d, "customers.csv")
    rnd = random.Random(7)
    first = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ivan", "Julia"]
    last = ["Novak", "Weber", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Ferreira", "Kowalski", "Haddad", "Olsen"]
    with open(cust, "w") as f:
        f.write("key,name\n")
        for i in range(4000):
            f.write("K%05d,%s %s\n" % (i, rnd.choice(first), rnd.choice(last)))
        f.write("K99998,Wladimir Putin\nK99999,Sergei Kisliak\n")
    index = os.path.join(d, "mini.idx")
    e2e.run("index", "--out", index, "--list", MINI)
    state = os.path.join(d, "state.sqlite")
    procs = [subprocess.Popen([e2e.PROG, "monitor", "--json", "--customers", cust, "--state", state, "--index", index],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    rcs = [p.returncode for p in procs]
    reps = [json.loads(o[0]) if o[0].strip() else {} for o in outs]
    news = sorted(pairs(reps[0], "new") + pairs(reps[1], "new"))
    check("two monitors at once: both finish", sorted(rcs) == [0, 1], str(rcs) + str([o[1][-300:] for o in outs]))
    check("two monitors at once: the alerts are reported once, by the first",
          news == [("K99998", "ofac-sdn:35096"), ("K99999", "ofac-sdn:36820")], str(news))
    check("two monitors at once: two runs, one alert per pair, an intact store",
          sql(state, "SELECT count(*) FROM runs")[0][0] == 2
          and sql(state, "SELECT count(*), count(DISTINCT customer || entity) FROM alerts")[0] == (2, 2)
          and sql(state, "PRAGMA integrity_check")[0][0] == "ok")
    r = e2e.run("audit", "verify", "--state", state)
    check("two monitors at once: the audit trail holds", r.rc == 0, r.text)


def test_monitor_years(tmp, server, years):
    """The bar: monitor over the 2021 and then the 2024 SDN list, from the
    loopback server: the 2024-only Russians are new at the second update,
    and not again at a third."""
    if not years:
        skip("monitor over the 2021 and 2024 SDN lists", "the 2021 or 2024 SDN set is absent")
        return
    env2 = Env(os.path.join(tmp, "years-mon"), server)
    os.makedirs(env2.tmp)
    env2.write_sources(["ofac-sdn %s" % server.url("/ymon/SDN.CSV")])
    server.set("/ymon/SDN.CSV", Route(read(os.path.join(SDN_2021, "sdn.csv"))))
    cust = os.path.join(env2.tmp, "customers.csv")
    with open(cust, "w") as f:
        f.write(CUSTOMERS)
    state = os.path.join(env2.tmp, "state.sqlite")
    env2.update()
    r, rep1 = monitor(state, cust, data_dir=env2.dir)
    check("monitor against the 2021 list: Kosachev and Slutsky, listed then",
          pairs(rep1, "new") == [("C001", "ofac-sdn:24231"), ("C002", "ofac-sdn:16662")], str(pairs(rep1, "new")))
    server.set("/ymon/SDN.CSV", Route(read(os.path.join(SDN_2024, "sdn.csv"))))
    r = env2.update()
    r, rep2 = monitor(state, cust, data_dir=env2.dir)
    check("monitor after the update to 2024: Putin, Butina and Kislyak are new",
          pairs(rep2, "new") == [("C003", "ofac-sdn:35096"), ("C004", "ofac-sdn:35573"), ("C005", "ofac-sdn:36820")],
          str(pairs(rep2, "new")) + r.errtext)
    check("monitor after the update to 2024: Kosachev's and Slutsky's listings changed",
          pairs(rep2, "changed") == [("C001", "ofac-sdn:24231"), ("C002", "ofac-sdn:16662")], str(pairs(rep2, "changed")))
    check("monitor after the update to 2024: no American alerts",
          not any(x[0] in ("C006", "C007", "C008", "C010") for x in pairs(rep2, "new")))
    r = env2.update()
    r, rep3 = monitor(state, cust, data_dir=env2.dir)
    check("monitor at a third update with nothing new: nothing reported again",
          r.rc == 1 and not pairs(rep3, "new") and not pairs(rep3, "changed"), r.text[:300])


def main(argv):
    if argv and argv[0] == "-v":
        e2e.VERBOSE = True
        argv = argv[1:]
    if len(argv) != 1:
        print("usage: tests/e2e/test_update.py [-v] PROG", file=sys.stderr)
        return 2
    prog = argv[0] if os.sep in argv[0] else os.path.join(".", argv[0])
    e2e.PROG = os.path.abspath(prog)
    server = Server()
    try:
        with tempfile.TemporaryDirectory(prefix="embargo-update.") as tmp:
            env = Env(tmp, server)
            years = []
            for t in (lambda: test_bundled_sources(tmp), lambda: test_first_and_unchanged(env), lambda: test_failures(env),
                      lambda: test_one_fails_others_publish(env), lambda: test_prune_and_running_reader(env),
                      lambda: test_delta(tmp, server), lambda: test_diff(tmp),
                      lambda: years.append(test_sdn_years(tmp, server)),
                      lambda: test_monitor_mini(tmp, server), lambda: test_foreign_store(tmp), lambda: test_two_monitors(tmp),
                      lambda: test_monitor_years(tmp, server, years[-1] if years else None)):
                try:
                    t()
                except Exception:
                    import traceback
                    check("test code ran to the end", False, traceback.format_exc())
    finally:
        server.stop()
    print("update: %d checks, %d expected failures (xfail, not counted)" % (e2e.passed + e2e.failed + e2e.xfailed,
                                                                          e2e.xfailed))
    print("%d passed, %d failed, %d skipped" % (e2e.passed, e2e.failed, e2e.skipped))
    return 1 if e2e.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""test_server.py - end-to-end tests of `embargo serve`.

usage: tests/e2e/test_server.py [-v] PROG

Starts PROG serve on ephemeral loopback ports (the port is read from the
server's "listening" log line) and drives it over HTTP as clients would:
the reference article's five listed Russians through the own API, the
yente-compatible API and the watchman-compatible API with the right ids,
and the Americans it names with no match; answers equal to the CLI's
--json objects; every error status the server gives (400, 401, 403, 404,
405, 408, 413, 415, 429, 431, 503) produced by a request that earns it,
each with a JSON body {"error":{"code","message"}}; connections held open
by slow clients closed at the timeout while others are served; hot reloads
(a renamed file under --watch, SIGHUP, POST /admin/reload) under load with
zero failed requests; a corrupt index refused while the old one keeps
serving; /metrics; the access log (one JSON line per request, never the
key or the names screened); and a clean stop on SIGTERM.

The data is the bundled lists (data/), indexed by PROG itself. Any
sanitizer report in a server's output fails the run. Ends with the plain
line `N passed, N failed, N skipped`.
"""
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "data", "lists")
MINI = os.path.join(ROOT, "tests", "cases", "lists", "mini")
SHARED = os.environ.get("EMBARGO_SHARED", os.path.join(ROOT, "..", "shared"))
ARTICLE_FILE = os.path.join(SHARED, "examples", "news-2018-08-06-rand-paul-moscow.txt")
SANITIZER = re.compile(r"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|WARNING: ThreadSanitizer")

ARTICLE = [("Konstantin Kosachyov", "ofac-sdn:24231"), ("Leonid Slutsky", "ofac-sdn:16662"),
           ("Vladimir V. Putin", "ofac-sdn:35096"), ("Maria Butina", "ofac-sdn:35573"),
           ("Sergey I. Kislyak", "ofac-sdn:36820")]
AMERICANS = ["Rand Paul", "Donald Trump", "Michael T. Flynn", "Jeff Sessions", "Jared Kushner"]

KEYS = {"alice": "alice-secret-key-0123456789", "ops": "ops-admin-key-9876543210"}

PROG = None
VERBOSE = False
passed = failed = skipped = 0
statuses_seen = set()


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        if VERBOSE:
            print("server: ok    %s" % name)
    else:
        failed += 1
        if len(detail) > 500:
            detail = detail[:500] + "... (%d chars)" % len(detail)
        print("server: FAIL  %s%s" % (name, ": " + detail if detail else ""))
    return bool(cond)


def skip(name, why):
    global skipped, failed
    if os.environ.get("EMBARGO_REQUIRE_ALL") == "1":
        failed += 1
        print("server: FAIL  %s: skipped (%s), and EMBARGO_REQUIRE_ALL=1 requires every check" % (name, why))
        return
    skipped += 1
    print("server: SKIP  %s: %s" % (name, why))



def wait_for(pred, timeout=30, step=0.05):
    """Polls pred until it is true or `timeout` seconds have passed; returns
    its last value. A bound on waiting, never a measure of speed."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v or time.monotonic() >= deadline:
            return v
        time.sleep(step)

class Server:
    """A running `PROG serve`; its log is read by a thread into self.lines."""

    def __init__(self, *args, env=None, key=None):
        self.args = [PROG, "serve", "--listen", "127.0.0.1:0"] + list(args)
        self.key = key
        self.lines = []
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=env)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.port = None
        deadline = time.time() + 120
        while time.time() < deadline and self.port is None and self.proc.poll() is None:
            for ln in self.log():
                m = re.search(r'"msg":"listening","detail":"127\.0\.0\.1:(\d+)', ln)
                if m:
                    self.port = int(m.group(1))
            time.sleep(0.02)

    def _read(self):
        for raw in self.proc.stderr:
            with self.lock:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def log(self):
        with self.lock:
            return list(self.lines)

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline and self.proc.poll() is None:
            try:
                if self.request("GET", "/readyz")[0] == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def conn(self, timeout=60):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, key="default", conn=None):
        h = dict(headers or {})
        k = self.key if key == "default" else key
        if k:
            h["Authorization"] = "Bearer " + k
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        c = conn or self.conn()
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            statuses_seen.add(r.status)
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data
        finally:
            if conn is None:
                c.close()

    def json(self, method, path, body=None, headers=None, key="default"):
        st, hd, data = self.request(method, path, body, headers, key)
        try:
            return st, hd, json.loads(data.decode("utf-8"))
        except ValueError:
            return st, hd, {"_not_json": data[:200].decode("utf-8", "replace")}

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=5)
        return self.proc.returncode

    def sanitizer_report(self):
        text = "\n".join(self.log())
        m = SANITIZER.search(text)
        return text[max(0, m.start() - 200):m.start() + 2000] if m else None


def q(path, **params):
    return path + "?" + urllib.parse.urlencode(params)


def is_error(body, code=None):
    e = body.get("error") if isinstance(body, dict) else None
    return isinstance(e, dict) and isinstance(e.get("code"), str) and isinstance(e.get("message"), str) and \
        (code is None or e["code"] == code)


def run_cli(*args, stdin=None):
    p = subprocess.run([PROG] + list(args), input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=600)
    return p.returncode, p.stdout, p.stderr


# ---------------------------------------------------------------------------

def test_help():
    rc, out, err = run_cli("serve", "--help")
    check("serve --help exits 0 with usage on stdout", rc == 0 and b"usage: embargo serve" in out, err.decode()[:200])
    rc, out, err = run_cli("serve", "--bogus")
    check("serve with an unknown option exits 2", rc == 2, "exit %d" % rc)
    rc, out, err = run_cli("serve", "--list", DATA, "--watch")
    check("serve --watch without --index is refused", rc == 2 and b"--watch" in err, err.decode()[:200])


def test_article(s):
    conn = s.conn()
    for name, want in ARTICLE:
        st, _, d = s.request("GET", q("/v1/screen", name=name), conn=conn)
        rec = json.loads(d)
        ids = [m["id"] for m in rec.get("matches", [])]
        check("own API: '%s' -> %s" % (name, want), st == 200 and ids[:1] == [want], "%d %s" % (st, ids))
    for name in AMERICANS:
        st, _, d = s.request("GET", q("/v1/screen", name=name), conn=conn)
        rec = json.loads(d)
        check("own API: '%s' -> nothing" % name, st == 200 and rec.get("matches") == [], d.decode()[:200])
    # yente: one batch with all ten
    queries = {}
    for i, (name, _) in enumerate(ARTICLE):
        queries["r%d" % i] = {"schema": "Person", "properties": {"name": [name]}}
    for i, name in enumerate(AMERICANS):
        queries["a%d" % i] = {"schema": "Person", "properties": {"name": name}}
    st, _, d = s.json("POST", "/match/default", {"queries": queries})
    ok = check("yente /match: 200 with a response per query", st == 200 and len(d.get("responses", {})) == 10,
               json.dumps(d)[:300])
    if ok:
        for i, (name, want) in enumerate(ARTICLE):
            r = d["responses"]["r%d" % i]
            top = r["results"][0] if r["results"] else {}
            check("yente /match: '%s' -> %s, match true" % (name, want),
                  r["status"] == 200 and top.get("id") == want and top.get("match") is True, json.dumps(top)[:300])
        for i, name in enumerate(AMERICANS):
            r = d["responses"]["a%d" % i]
            hits = [x["id"] for x in r["results"] if x["match"]]
            check("yente /match: '%s' -> no match" % name, r["status"] == 200 and hits == [], str(hits))
    for name, want in ARTICLE:
        st, _, d = s.json("GET", q("/search/default", q=name))
        ids = [x["id"] for x in d.get("results", [])]
        check("yente /search: '%s' -> %s" % (name, want), st == 200 and ids[:1] == [want], str(ids))
    st, _, d = s.json("GET", q("/search/default", q="Rand Paul"))
    check("yente /search: 'Rand Paul' -> nothing", st == 200 and d.get("results") == [] and d["total"]["value"] == 0,
          json.dumps(d)[:200])
    # watchman
    for name, want in ARTICLE:
        st, hd, d = s.json("GET", q("/v2/search", name=name, type="person"))
        ents = d.get("entities", [])
        top = ents[0] if ents else {}
        check("watchman /v2/search: '%s' -> us_ofac %s" % (name, want.split(":")[1]),
              st == 200 and top.get("sourceList") == "us_ofac" and top.get("sourceID") == want.split(":")[1]
              and top.get("entityType") == "person" and isinstance(top.get("match"), float), json.dumps(top)[:300])
        check("watchman /v2/search: CORS header", hd.get("access-control-allow-origin") == "*", str(hd))
    for name in AMERICANS:
        st, _, d = s.json("GET", q("/v2/search", name=name, type="person", limit=5))
        check("watchman /v2/search: '%s' -> nothing" % name, st == 200 and d.get("entities") == [], json.dumps(d)[:200])
    conn.close()


def test_same_as_cli(s, index):
    """The own API answers with the CLI's own JSON objects."""
    names = [n for n, _ in ARTICLE] + ["Rand Paul"]
    rc, out, err = run_cli("screen", "--index", index, "--json", *names)
    cli = [json.loads(x) for x in out.decode().splitlines() if x.strip()]
    check("the CLI answered every name", len(cli) == len(names), "%d of %d" % (len(cli), len(names)))
    for name, want in zip(names, cli):
        st, _, d = s.request("GET", q("/v1/screen", name=name))
        check("GET /v1/screen '%s' is the CLI's object" % name, st == 200 and json.loads(d) == want,
              d.decode()[:200])
    rc, out, err = run_cli("who", "--index", index, "--json", "Konstantin Kosachyov")
    st, _, d = s.request("GET", q("/v1/who", name="Konstantin Kosachyov"))
    check("GET /v1/who is `who --json`'s object", st == 200 and json.loads(d) == json.loads(out), d.decode()[:300])
    rc, out, err = run_cli("show", "--index", index, "--json", "ofac-sdn:24231")
    st, _, d = s.request("GET", "/v1/entities/ofac-sdn:24231")
    check("GET /v1/entities/{id} is `show --json`'s object", st == 200 and rc == 0 and json.loads(d) == json.loads(out),
          d.decode()[:300])
    rc, out, err = run_cli("info", "--index", index, "--json")
    st, _, d = s.request("GET", "/v1/info")
    want, got = json.loads(out), json.loads(d)
    extra = {k: v for k, v in want.items() if k != "lists" and got.get(k) != v}
    lists_ok = [{k: x[k] for k in y} for x, y in zip(got.get("lists", []), want["lists"])] == want["lists"]
    check("GET /v1/info holds `info --json`'s object", st == 200 and not extra and lists_ok, str(extra)[:300])
    text = ("Senator Rand Paul met Konstantin Kosachyov in Moscow. Later Mr. Kosachyov said the talks "
            "with Leonid Slutsky went well.\n")
    rc, out, err = run_cli("scan", "--index", index, "--json", "--text", "-", stdin=text.encode())
    st, _, d = s.request("POST", "/v1/scan", body=text.encode(), headers={"Content-Type": "text/plain"})
    want = json.loads(out)
    want.pop("file", None)
    got = json.loads(d) if st == 200 else {}
    check("POST /v1/scan is `scan --json`'s object", st == 200 and got == want, d.decode()[:300])
    check("POST /v1/scan finds Kosachyov twice and Slutsky",
          {e["id"]: e["mentions"] for e in got.get("entities", [])} == {"ofac-sdn:24231": 2, "ofac-sdn:16662": 1},
          str(got.get("entities"))[:300])
    html = "<html><body><p>Talks with <b>Maria Butina</b>.</p><script>var x='Vladimir Putin';</script></body></html>"
    st, _, d = s.json("POST", "/v1/scan", body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    check("POST /v1/scan text/html: Butina, nothing from the script",
          st == 200 and [e["id"] for e in d.get("entities", [])] == ["ofac-sdn:35573"], json.dumps(d)[:300])
    if os.path.isfile(ARTICLE_FILE):
        with open(ARTICLE_FILE, "rb") as f:
            art = f.read()
        st, _, d = s.json("POST", "/v1/scan", body=art, headers={"Content-Type": "text/plain"})
        got = {e["id"] for e in d.get("entities", [])}
        check("POST /v1/scan of the reference article: the five Russians",
              st == 200 and {w for _, w in ARTICLE} <= got, str(sorted(got)))
    else:
        skip("POST /v1/scan of the reference article", "%s is absent" % ARTICLE_FILE)


def test_own_api(s):
    recs = [{"name": "Konstantin Kosachyov", "id": "c-1"}, "Rand Paul",
            {"name": "", "id": 3}, {"name": "Maria Butina", "type": "person", "dob": "1988", "country": "Russia"}]
    st, hd, d = s.json("POST", "/v1/screen", recs)
    ok = check("POST /v1/screen (array): 200, an array in order", st == 200 and isinstance(d, list) and len(d) == 4,
               json.dumps(d)[:300])
    if ok:
        check("POST /v1/screen: ids echoed, matches", d[0].get("id") == "c-1" and d[0]["matches"][0]["id"] == "ofac-sdn:24231"
              and d[1]["matches"] == [] and d[3]["matches"][0]["id"] == "ofac-sdn:35573", json.dumps(d)[:400])
        check("POST /v1/screen: an empty name gets an error record of its own",
              d[2].get("id") == 3 and is_error(d[2], "bad_query") and "matches" not in d[2], json.dumps(d[2]))
    lines = "\n".join(json.dumps(x) for x in ["Sergey I. Kislyak", {"name": "Jeff Sessions"}]) + "\n"
    st, hd, data = s.request("POST", "/v1/screen", lines.encode(), {"Content-Type": "application/x-ndjson"})
    out = [json.loads(x) for x in data.decode().splitlines() if x.strip()]
    check("POST /v1/screen (JSON Lines): lines in order",
          st == 200 and hd.get("content-type", "").startswith("application/x-ndjson") and len(out) == 2
          and out[0]["matches"][0]["id"] == "ofac-sdn:36820" and out[1]["matches"] == [], data.decode()[:300])
    st, _, d = s.json("GET", "/v1/entities/ofac-sdn:24231")
    check("GET /v1/entities/{id}", st == 200 and d.get("name") == "KOSACHEV, Konstantin Iosifovich"
          and {"kind": "birth_date", "value": "1962-09-17"} in d.get("fields", []) and d.get("names"),
          json.dumps(d)[:300])
    st, _, d = s.json("GET", "/v1/info")
    lists = {x["name"]: x for x in d.get("lists", [])}
    check("GET /v1/info: lists with versions, generation, age",
          st == 200 and "ofac-sdn" in lists and re.fullmatch(r"[0-9a-f]{64}", lists["ofac-sdn"].get("sha256") or "")
          and d.get("generation", 0) >= 1 and isinstance(d.get("index_age_seconds"), int), json.dumps(d)[:400])
    st, _, d = s.json("GET", "/v1/screen?name=Kossatchev&lists=UK&threshold=0.5&limit=3&type=person")
    check("GET /v1/screen with lists, threshold, limit, type", st == 200 and len(d["matches"]) <= 3
          and all(m["list"] == "uk" for m in d["matches"]), json.dumps(d)[:300])


def test_yente_shapes(s):
    st, hd, d = s.json("POST", "/match/default?limit=2&threshold=0.9", {"queries": {"q1": {
        "schema": "Person", "properties": {"firstName": ["Maria"], "lastName": ["Butina"], "birthDate": ["1988-11-10"],
                                           "nationality": ["ru"]}}}})
    r = d.get("responses", {}).get("q1", {})
    res = r.get("results", [{}])
    top = res[0] if res else {}
    check("yente /match: firstName/lastName, birthDate, nationality",
          st == 200 and top.get("id") == "ofac-sdn:35573" and d.get("limit") == 2 and len(res) <= 2, json.dumps(d)[:300])
    need = {"id", "caption", "schema", "properties", "datasets", "referents", "target", "first_seen", "last_seen",
            "last_change", "score", "match", "features", "explanations"}
    check("yente /match: a result has every ScoredEntityResponse field", need <= set(top), str(sorted(top)))
    total = r.get("total", {})
    check("yente /match: total and query echoed", total.get("relation") in ("eq", "gte")
          and total.get("value", -1) >= len(res)
          and r.get("query", {}).get("schema") == "Person" and r["query"]["properties"]["lastName"] == ["Butina"],
          json.dumps(r.get("query")))
    check("yente /match: properties are FtM's", top.get("schema") == "Person" and "1988-11-10" in
          top.get("properties", {}).get("birthDate", []) and top["properties"]["name"] == [top["caption"]],
          json.dumps(top.get("properties"))[:300])
    st, _, d = s.json("POST", "/match/ofac-sdn", {"queries": {"q": {"schema": "Company", "properties": {"name": ["Maria Butina"]}}}})
    check("yente /match on one list, schema Company: no person", st == 200
          and all(x["schema"] != "Person" for x in d["responses"]["q"]["results"]), json.dumps(d)[:300])
    butina = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Maria Butina"]}}}}
    st, _, d = s.json("POST", "/match/default?exclude_entity_ids=ofac-sdn:35573", butina)
    ids = [x["id"] for x in d.get("responses", {}).get("q", {}).get("results", [])]
    check("yente /match: exclude_entity_ids drops the entity and its group", st == 200 and "ofac-sdn:35573" not in ids
          and not any(x.startswith("uk:") and "RUS0327" in x for x in ids), str(ids))
    st, _, d = s.json("POST", "/match/default?include_dataset=UK", butina)
    res = d.get("responses", {}).get("q", {}).get("results", [])
    check("yente /match: include_dataset=UK", st == 200 and res and all(x["id"].startswith("uk:") for x in res),
          str([x["id"] for x in res]))
    st, _, d = s.json("GET", q("/v2/search", name="Nobody Atall", altNames="Maria Butina", type="person"))
    check("watchman /v2/search: altNames are screened too", st == 200
          and [e["sourceID"] for e in d.get("entities", [])][:1] == ["35573"], json.dumps(d)[:300])
    st, _, d = s.json("GET", "/entities/ofac-sdn:35096")
    check("yente /entities/{id}", st == 200 and d.get("caption") == "PUTIN, Vladimir Vladimirovich"
          and d.get("schema") == "Person" and "ofac-sdn" in d.get("datasets", []), json.dumps(d)[:300])
    st, _, d = s.json("GET", "/entities/nope:1")
    check("yente /entities of an unknown id: 404 with detail", st == 404 and is_error(d, "not_found")
          and isinstance(d.get("detail"), str), json.dumps(d))
    st, _, d = s.json("GET", "/catalog")
    names = [x.get("name") for x in d.get("datasets", [])]
    check("yente /catalog: the lists and default", st == 200 and "ofac-sdn" in names and "default" in names
          and "default" in d.get("current", []) and d.get("outdated") == [], json.dumps(d)[:300])
    st, _, d = s.json("POST", "/match/nonesuch", {"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}})
    check("yente /match on an unknown dataset: 404", st == 404 and is_error(d), json.dumps(d))
    st, _, d = s.json("GET", "/v2/listinfo")
    check("watchman /v2/listinfo: lists, hashes, times", st == 200 and d.get("lists", {}).get("ofac-sdn", 0) > 1000
          and re.fullmatch(r"[0-9a-f]{64}", d.get("listHashes", {}).get("ofac-sdn", ""))
          and d.get("startedAt", "").endswith("Z") and d.get("version"), json.dumps(d)[:300])
    st, _, d = s.json("GET", q("/v2/search", name="Vladimir Putin", type="person", source="us_ofac", minMatch="0.85",
                               birthDate="1952-10-07"))
    top = (d.get("entities") or [{}])[0]
    check("watchman /v2/search: source, minMatch, birthDate; person filled", st == 200 and top.get("sourceID") == "35096"
          and top.get("person", {}).get("birthDate") == "1952-10-07T00:00:00Z" and top.get("business") is None
          and top["match"] >= 0.85, json.dumps(top)[:300])


def expect_error(s, name, status, method, path, body=None, headers=None, key="default", code=None):
    st, hd, data = s.request(method, path, body, headers, key)
    try:
        d = json.loads(data.decode("utf-8"))
    except ValueError:
        d = None
    check("%s -> %d %s" % (name, status, code or ""), st == status and is_error(d, code),
          "%d %s" % (st, data[:200]))
    return hd


def test_errors(s, s_small):
    expect_error(s, "unknown parameter", 400, "GET", "/v1/screen?name=x&color=red", code="unknown_parameter")
    expect_error(s, "missing name", 400, "GET", "/v1/screen", code="missing_parameter")
    expect_error(s, "name given twice", 400, "GET", "/v1/screen?name=a&name=b", code="bad_parameter")
    expect_error(s, "threshold out of range", 400, "GET", "/v1/screen?name=x&threshold=7", code="bad_parameter")
    expect_error(s, "threshold not a number", 400, "GET", "/v1/screen?name=x&threshold=abc", code="bad_parameter")
    expect_error(s, "invalid UTF-8 in the query", 400, "GET", "/v1/screen?name=%FF%FE", code="invalid_utf8")
    expect_error(s, "a NUL in the query", 400, "GET", "/v1/screen?name=a%00b", code="invalid_utf8")
    expect_error(s, "a bad %-escape", 400, "GET", "/v1/screen?name=%G1", code="bad_parameter")
    expect_error(s, "an empty name", 400, "GET", "/v1/screen?name=", code="bad_query")
    expect_error(s, "a name over 1,024 bytes", 400, "GET", q("/v1/screen", name="Putin " * 300), code="bad_query")
    expect_error(s, "an impossible birth date", 400, "GET", "/v1/screen?name=Putin&dob=1962-13-45", code="bad_query")
    expect_error(s, "an unknown list", 400, "GET", "/v1/screen?name=Putin&lists=XX", code="bad_parameter")
    expect_error(s, "an unknown type", 400, "GET", "/v1/screen?name=Putin&type=planet", code="bad_parameter")
    expect_error(s, "malformed JSON", 400, "POST", "/v1/screen", b'[{"name": "x"', {"Content-Type": "application/json"},
                 code="invalid_json")
    expect_error(s, "invalid UTF-8 in a JSON body", 400, "POST", "/v1/screen", b'["\xff\xfe"]',
                 {"Content-Type": "application/json"}, code="invalid_utf8")
    expect_error(s, "a wrong type in a record", 400, "POST", "/v1/screen", [{"name": 42}], code="bad_record")
    expect_error(s, "an unknown member in a record", 400, "POST", "/v1/screen", [{"name": "x", "colour": 1}],
                 code="unknown_parameter")
    expect_error(s, "an empty batch", 400, "POST", "/v1/screen", [], code="bad_request")
    expect_error(s, "yente: no queries", 400, "POST", "/match/default", {"queries": {}})
    expect_error(s, "yente: an unknown schema", 400, "POST", "/match/default",
                 {"queries": {"q": {"schema": "Planet", "properties": {"name": ["x"]}}}})
    expect_error(s, "yente: a property that is no list of strings", 400, "POST", "/match/default",
                 {"queries": {"q": {"schema": "Person", "properties": {"name": [1, 2]}}}})
    expect_error(s, "yente: an unknown property", 400, "POST", "/match/default",
                 {"queries": {"q": {"schema": "Person", "properties": {"name": ["x"], "shoeSize": ["9"]}}}})
    expect_error(s, "yente: an unsupported filter", 400, "GET", "/search/default?q=x&countries=ru",
                 code="unsupported_parameter")
    expect_error(s, "watchman: an unknown type", 400, "GET", "/v2/search?name=x&type=planet")
    expect_error(s, "watchman: limit not a number", 400, "GET", "/v2/search?name=x&limit=ten")
    expect_error(s, "scan: invalid UTF-8", 400, "POST", "/v1/scan", b"abc \xff def", {"Content-Type": "text/plain"},
                 code="invalid_utf8")
    expect_error(s, "no such endpoint", 404, "GET", "/v1/nothing", code="not_found")
    expect_error(s, "no such entity", 404, "GET", "/v1/entities/ofac-sdn:1", code="not_found")
    hd = expect_error(s, "DELETE /v1/screen", 405, "DELETE", "/v1/screen", code="method_not_allowed")
    check("405 names the methods allowed", "GET" in hd.get("allow", "") and "POST" in hd.get("allow", ""), str(hd))
    expect_error(s, "GET /match/default", 405, "GET", "/match/default", code="method_not_allowed")
    expect_error(s, "a body over --max-body", 413, "POST", "/v1/scan", b"x" * 70000, {"Content-Type": "text/plain"},
                 code="payload_too_large")
    expect_error(s, "a batch over --max-batch", 413, "POST", "/v1/screen", ["Putin"] * 51, code="payload_too_large")
    expect_error(s, "yente: a batch over --max-batch", 413, "POST", "/match/default",
                 {"queries": {"q%d" % i: {"schema": "Person", "properties": {"name": ["x"]}} for i in range(51)}})
    expect_error(s, "POST /v1/screen as text/xml", 415, "POST", "/v1/screen", b"<a/>", {"Content-Type": "text/xml"},
                 code="unsupported_media_type")
    expect_error(s, "POST /v1/scan in latin-1", 415, "POST", "/v1/scan", b"abc",
                 {"Content-Type": "text/plain; charset=iso-8859-1"}, code="unsupported_media_type")
    expect_error(s, "headers over --max-header", 431, "GET", "/v1/screen?name=x", headers={"X-Junk": "j" * 9000},
                 code="header_too_large")
    # keys
    hd = expect_error(s, "no key", 401, "GET", "/v1/screen?name=x", key=None, code="unauthorized")
    check("401 asks for a Bearer key", hd.get("www-authenticate") == "Bearer", str(hd))
    expect_error(s, "a wrong key", 401, "GET", "/v1/screen?name=x", key="not-a-key", code="unauthorized")
    expect_error(s, "a malformed Authorization header", 401, "GET", "/v1/screen?name=x",
                 headers={"Authorization": "Basic Zm9vOmJhcg=="}, key=None, code="unauthorized")
    expect_error(s, "a big body without a key", 401, "POST", "/v1/scan", b"x" * 60000, {"Content-Type": "text/plain"},
                 key=None, code="unauthorized")
    expect_error(s, "admin reload with a plain key", 403, "POST", "/admin/reload", code="forbidden")
    st, _, _ = s.request("GET", "/healthz", key=None)
    check("/healthz needs no key", st == 200)
    # slow body: 408 (read between the sends: once the server has answered
    # and closed, more data from us would make it reset the connection)
    sock = socket.create_connection(("127.0.0.1", s_small.port), timeout=30)
    sock.sendall(b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n")
    sock.settimeout(0.25)
    t0 = time.time()
    got = feed(sock, b"ab", lambda got: time.time() - t0 < 10 and b"\r\n\r\n" not in got)
    check("a body trickling past --request-timeout -> 408", got.startswith(b"HTTP/1.1 408"), got[:100].decode("latin-1"))
    if got.startswith(b"HTTP/1.1 408"):
        statuses_seen.add(408)
    # a chunked body (no Content-Length) over --max-body: 413 while it arrives
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=30)
    sock.sendall(b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                 b"Authorization: Bearer " + KEYS["alice"].encode() + b"\r\n\r\n")
    sock.settimeout(0.05)
    rounds = iter(range(40))
    got = feed(sock, b"1000\r\n" + b"x" * 4096 + b"\r\n", lambda got: next(rounds, None) is not None)
    check("a chunked body over --max-body -> 413", got.startswith(b"HTTP/1.1 413") and b"payload_too_large" in got,
          got[:100].decode("latin-1"))


def feed(sock, piece, more):
    """Sends piece again and again while more(what came back) holds, and
    gathers what the server answers until it closes; closes sock and
    returns the answer."""
    got = b""
    while more(got):
        try:
            sock.sendall(piece)
        except OSError:
            pass
        try:
            chunk = sock.recv(4096)
            if not chunk:
                break
            got += chunk
        except socket.timeout:
            pass
        except OSError:
            break
    sock.close()
    return got


def test_connections(s_small):
    """--max-connections 3 on s_small: the fourth open connection gets 429;
    a client that stops half-way through its headers is dropped at
    --timeout, and others are served meanwhile."""
    held = []
    for _ in range(3):
        c = socket.create_connection(("127.0.0.1", s_small.port), timeout=10)
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        c.recv(4096)
        held.append(c)
    st, hd, data = s_small.request("GET", "/healthz")
    try:
        d = json.loads(data)
    except ValueError:
        d = None
    check("a connection over --max-connections -> 429", st == 429 and is_error(d, "too_many_connections"),
          "%d %s" % (st, data[:200]))
    for c in held:
        c.close()
    # at once: the connections just closed no longer count, though the
    # server's threads may not have counted them out yet
    st = s_small.request("GET", "/healthz")[0]
    check("right after the others close, a new connection is served", st == 200, str(st))
    # slowloris: half a request, then silence
    slow = socket.create_connection(("127.0.0.1", s_small.port), timeout=15)
    slow.sendall(b"GET /v1/screen?name=Putin HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    t0 = time.monotonic()
    st, _, _ = s_small.request("GET", "/healthz")
    check("a slow client does not hold up others", st == 200 and time.monotonic() - t0 < 1.0, str(st))
    # the server must end the connection itself (EOF or an error answer);
    # the socket's own 15 s timeout only bounds the test
    try:
        data, dropped = slow.recv(4096), True
    except socket.timeout:
        data, dropped = b"", False
    except OSError:
        data, dropped = b"", True
    check("a client stopping half-way through its headers is dropped by the server (--timeout)",
          dropped and not data.startswith(b"HTTP/1.1 200"), repr(data[:80]))
    slow.close()


def test_closed_while_busy(index):
    """A connection closed while its server thread is busy still counts
    until that thread has let it go; a connection opened meanwhile must not
    be refused for it (--max-connections 2, one thread, one long scan)."""
    # (--timeout: the new connection waits, idle to the server, for as long
    # as the scan takes, which under a sanitizer is more than the default 10 s)
    s = Server("--index", index, "--threads", "1", "--max-connections", "2", "--max-body", "20000000",
               "--timeout", "600")
    try:
        if not check("a one-thread server starts", s.port is not None and s.wait_ready(60), "\n".join(s.log())[-300:]):
            return
        # (a scan of about half a second here; much longer under a sanitizer)
        text = ("Vladimir Putin met Sergey Lavrov and Konstantin Kosachyov in Moscow. " * 100000).encode()
        done = {}

        def scan():
            c = s.conn(timeout=600)
            done["st"] = s.request("POST", "/v1/scan", text, headers={"Content-Type": "text/plain"}, conn=c)[0]

        z = s.conn(timeout=30)
        z.request("GET", "/healthz")
        z.getresponse().read()
        th = threading.Thread(target=scan)
        th.start()
        time.sleep(0.3)                  # the body is in; the one thread scans it
        z.close()                        # closed while the thread is busy
        st = s.request("GET", "/healthz", conn=s.conn(timeout=600))[0]
        th.join()
        check("a connection closed while its thread is busy does not count against a new one",
              st == 200 and done.get("st") == 200, "new %s, scan %s" % (st, done.get("st")))
    finally:
        s.stop()


def test_data_dir(tmp, index):
    """serve takes its data as every command does: --data-dir's live index."""
    r = subprocess.run([PROG, "serve", "--data-dir", os.path.join(tmp, "none"), "--listen", "127.0.0.1:0"],
                       capture_output=True, timeout=60)
    check("serve --data-dir of a folder without an index exits 2, saying so",
          r.returncode == 2 and b"no index in" in r.stderr, "exit %d %r" % (r.returncode, r.stderr[:200]))
    d = os.path.join(tmp, "datadir")
    os.makedirs(d, exist_ok=True)
    shutil.copy(index, os.path.join(d, "embargo.idx"))
    s = Server("--data-dir", d, "--watch", "--threads", "1")
    try:
        s.wait_ready(60)
        # the log is written by its own thread, within 0.1 s of the event
        t0 = time.monotonic()
        loaded = [ln for ln in s.log() if "index loaded" in ln]
        while not loaded and time.monotonic() - t0 < 5:
            time.sleep(0.05)
            loaded = [ln for ln in s.log() if "index loaded" in ln]
        check("serve --data-dir serves DIR/embargo.idx",
              s.port is not None and loaded and os.path.join(d, "embargo.idx") in loaded[0], "\n".join(s.log())[-400:])
    finally:
        s.stop()


def test_not_ready(tmp, index):
    path = os.path.join(tmp, "later.idx")
    s = Server("--index", path, "--watch", "--threads", "2")
    try:
        if not check("a server with --watch starts without its index", s.port is not None, "\n".join(s.log())[-500:]):
            return
        st, _, _ = s.request("GET", "/healthz")
        check("/healthz is 200 before the index is there", st == 200, str(st))
        st, _, d = s.json("GET", "/readyz")
        check("/readyz is 503 before the index is there", st == 503 and is_error(d, "not_ready"), json.dumps(d))
        st, _, d = s.json("GET", "/v1/screen?name=Putin")
        check("screening is 503 before the index is there", st == 503 and is_error(d, "not_ready"), json.dumps(d))
        st, _, d = s.json("POST", "/match/default", {"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}})
        check("yente /match is 503 before the index is there", st == 503 and isinstance(d.get("detail"), str), json.dumps(d))
        shutil.copy(index, path + ".tmp")
        os.rename(path + ".tmp", path)
        check("the index renamed in is picked up (--watch)", s.wait_ready(30), "\n".join(s.log())[-500:])
        st, _, d = s.json("GET", q("/v1/screen", name="Maria Butina"))
        check("... and serves", st == 200 and d["matches"][0]["id"] == "ofac-sdn:35573", json.dumps(d)[:200])
    finally:
        rc = s.stop()
        check("the not-ready server stops cleanly", rc == 0, "exit %s" % rc)
        rep = s.sanitizer_report()
        check("no sanitizer report from the not-ready server", rep is None, rep or "")


def generation(s):
    st, _, d = s.json("GET", "/readyz")
    return d.get("generation", 0) if st == 200 else 0


def reloads_total(s):
    st, _, data = s.request("GET", "/metrics")
    m = re.search(r"^embargo_index_reloads_total (\d+)$", data.decode(), re.M) if st == 200 else None
    return int(m.group(1)) if m else -1


def test_reload_under_load(s, served, index_a, index_b, admin_key):
    """Clients screen without pause while a new index file is renamed in six
    times (under --watch; then also SIGHUP, or POST /admin/reload, which race
    the watcher for it): no request may fail, every change must take, and
    each change makes one reload, however many of them react to it."""
    stop = threading.Event()
    results = {"ok": 0, "bad": []}
    lock = threading.Lock()
    body = {"queries": {"a": {"schema": "Person", "properties": {"name": ["Maria Butina"]}},
                        "b": {"schema": "Person", "properties": {"name": ["Rand Paul"]}}}}

    def client(n):
        conn = None
        i = 0
        while not stop.is_set():
            try:
                if conn is None:
                    conn = s.conn(timeout=30)
                if i % 3 == 2:
                    st, _, data = s.request("POST", "/match/default", body, conn=conn)
                else:
                    st, _, data = s.request("GET", q("/v1/screen", name=ARTICLE[(i + n) % 5][0]), conn=conn)
                json.loads(data)
                with lock:
                    if st == 200:
                        results["ok"] += 1
                    else:
                        results["bad"].append("status %d: %s" % (st, data[:100]))
            except Exception as e:  # a dropped connection is a failure too
                with lock:
                    results["bad"].append("%s: %s" % (type(e).__name__, e))
                conn = None
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    g0, r0 = generation(s), reloads_total(s)
    st, _, d = s.json("POST", "/admin/reload", key=admin_key)
    check("POST /admin/reload of the file served already -> 200, nothing loaded",
          st == 200 and d.get("reloaded") is False and generation(s) == g0, json.dumps(d))
    for t in threads:
        t.start()
    done = 0
    try:
        for k in range(6):
            time.sleep(0.4)
            src = index_b if k % 2 == 0 else index_a
            # a new file renamed in, as `embargo index --out` does
            shutil.copy(src, served + ".new")
            os.rename(served + ".new", served)
            if k in (1, 4):          # the watcher may take it first: then SIGHUP has nothing to do
                s.proc.send_signal(signal.SIGHUP)
            elif k in (2, 5):        # likewise
                st, _, d = s.json("POST", "/admin/reload", key=admin_key)
                check("POST /admin/reload with the admin key -> 200", st == 200 and d.get("status") == "ok", json.dumps(d))
            deadline = time.time() + 20
            while generation(s) < g0 + k + 1 and time.time() < deadline:
                time.sleep(0.05)
            done = generation(s) - g0
        time.sleep(0.5)              # a SIGHUP or watcher tick still to come has had its turn
        done = generation(s) - g0
    finally:
        stop.set()
        for t in threads:
            t.join()
    check("six index changes under load: six reloads, one each (generation +%d, reloads_total +%d)"
          % (done, reloads_total(s) - r0), done == 6 and reloads_total(s) - r0 == 6, "")
    check("no failed request during the reloads (%d answered)" % results["ok"],
          results["ok"] > 50 and not results["bad"], "%d failed: %s" % (len(results["bad"]), results["bad"][:5]))


def reload_failures(s):
    st, _, data = s.request("GET", "/metrics")
    m = re.search(r"^embargo_index_reload_failures_total (\d+)$", data.decode(), re.M) if st == 200 else None
    return int(m.group(1)) if m else 0


def test_bad_index_refused(s, served, good, tmp, admin_key):
    g0 = generation(s)
    bad = os.path.join(tmp, "bad.idx")
    with open(good, "rb") as f:
        data = bytearray(f.read())
    data[len(data) // 2] ^= 0xFF                      # one flipped byte: the checksum fails
    with open(bad, "wb") as f:
        f.write(data)
    shutil.copy(bad, served + ".new")
    os.rename(served + ".new", served)
    wait_for(lambda: reload_failures(s) >= 1)         # the watcher sees it and refuses it
    st, _, d = s.json("POST", "/admin/reload", key=admin_key)
    check("a corrupt index: reload -> 500 reload_failed", st == 500 and is_error(d, "reload_failed"), json.dumps(d)[:300])
    check("a corrupt index: the old index keeps serving", generation(s) == g0, "generation %d -> %d" % (g0, generation(s)))
    st, _, d = s.json("GET", q("/v1/screen", name="Sergey I. Kislyak"))
    check("a corrupt index: screening goes on", st == 200 and d["matches"][0]["id"] == "ofac-sdn:36820", json.dumps(d)[:200])
    with open(served + ".new", "wb") as f:
        f.write(b"")                                  # an empty file
    os.rename(served + ".new", served)
    s.proc.send_signal(signal.SIGHUP)
    wait_for(lambda: reload_failures(s) >= 3)
    check("an empty index file is refused too", generation(s) == g0, "generation %d" % generation(s))
    def refusals():
        return [x for x in s.log() if '"index refused' in x]
    # the counter moves before the line is logged, and the log is read by
    # another thread: wait for the lines
    wait_for(lambda: len(refusals()) >= 2)
    check("refusals are logged", len(refusals()) >= 2, "\n".join(s.log()[-5:]))
    st, _, data = s.request("GET", "/metrics")
    m = re.search(r"^embargo_index_reload_failures_total (\d+)$", data.decode(), re.M)
    check("refusals are counted in /metrics", st == 200 and m and int(m.group(1)) >= 3, data.decode()[-300:])
    shutil.copy(good, served + ".new")
    os.rename(served + ".new", served)
    deadline = time.time() + 20
    while generation(s) == g0 and time.time() < deadline:
        time.sleep(0.05)
    check("a good index after the bad ones is taken", generation(s) > g0, "generation %d" % generation(s))


def test_metrics_and_log(s):
    st, hd, data = s.request("GET", "/metrics")
    text = data.decode()
    check("/metrics is Prometheus text", st == 200 and hd.get("content-type", "").startswith("text/plain"), str(hd))
    for pat in (r'^embargo_http_requests_total\{method="GET",endpoint="/v1/screen",status="200"\} [1-9]\d*$',
                r'^embargo_http_requests_total\{method="POST",endpoint="/match/\{dataset\}",status="200"\} [1-9]',
                r'^embargo_http_requests_total\{method="other",endpoint="other",status="404"\} [1-9]',
                r'^embargo_http_request_duration_seconds_bucket\{method="GET",endpoint="/v1/screen",le="\+Inf"\} [1-9]',
                r'^embargo_http_request_duration_seconds_count\{method="GET",endpoint="/v1/screen"\} [1-9]',
                r'^embargo_index_age_seconds \d+$', r'^embargo_index_reloads_total [1-9]\d*$',
                r'^embargo_list_info\{list="ofac-sdn",sha256="[0-9a-f]{64}",date="[^"]*"\} 1$',
                r'^embargo_http_connections_refused_total \d+$'):
        check("/metrics has %s" % pat, re.search(pat, text, re.M), "")
    st, hd, _ = s.request("GET", "/healthz", headers={"X-Request-ID": "trace-42"})
    check("X-Request-ID is echoed", hd.get("x-request-id") == "trace-42", str(hd))
    wait_for(lambda: any("trace-42" in ln for ln in s.log()))
    log = s.log()
    reqs = []
    for ln in log:
        try:
            d = json.loads(ln)
        except ValueError:
            check("every log line is JSON", False, ln[:200])
            continue
        if "request_id" in d:
            reqs.append(d)
    check("one log line per request, with time, id, key, endpoint, status, latency",
          len(reqs) > 100 and all({"time", "request_id", "key", "endpoint", "status", "latency_ms"} <= set(r) for r in reqs),
          str(reqs[:2]))
    check("the log names the key used", any(r["key"] == "alice" and r["endpoint"] == "/v1/screen" for r in reqs), "")
    check("the log carries the client's request id", any(r["request_id"] == "trace-42" for r in reqs), "")
    whole = "\n".join(log)
    check("the log never holds a key", all(k not in whole for k in KEYS.values()), "")
    check("the log never holds a name screened", "Kosachyov" not in whole and "Butina" not in whole, "")


def main(argv):
    global PROG, VERBOSE
    if argv and argv[0] == "-v":
        VERBOSE = True
        argv = argv[1:]
    if len(argv) != 1:
        print("usage: tests/e2e/test_server.py [-v] PROG", file=sys.stderr)
        return 2
    PROG = os.path.abspath(argv[0] if os.sep in argv[0] else os.path.join(".", argv[0]))
    servers = []
    with tempfile.TemporaryDirectory(prefix="embargo-server.") as tmp:
        try:
            test_help()
            index_a = os.path.join(tmp, "bundled.idx")
            index_b = os.path.join(tmp, "bundled-b.idx")
            rc, out, err = run_cli("index", "--out", index_a, "--list", DATA)
            if not check("index of the bundled lists", rc == 0, err.decode()[-300:]):
                raise SystemExit
            rc, out, err = run_cli("index", "--out", index_b, "--list", os.path.join(DATA, "ofac-sdn"),
                                   "--list", os.path.join(DATA, "uk"))
            check("index of two bundled lists", rc == 0, err.decode()[-300:])
            served = os.path.join(tmp, "served.idx")
            shutil.copy(index_a, served)
            keys = os.path.join(tmp, "keys.txt")
            with open(keys, "w") as f:
                f.write("# test keys\nalice:%s\nops:%s:admin\n" % (hashlib.sha256(KEYS["alice"].encode()).hexdigest(),
                                                                  hashlib.sha256(KEYS["ops"].encode()).hexdigest()))
            s = Server("--index", served, "--watch", "--threads", "3", "--api-keys", keys, "--max-body", "65536",
                       "--max-batch", "50", key=KEYS["alice"])
            servers.append(s)
            if not check("the server starts and reports its port", s.port is not None, "\n".join(s.log())[-800:]):
                raise SystemExit
            check("the server becomes ready", s.wait_ready(), "\n".join(s.log())[-800:])
            s_small = Server("--index", index_a, "--max-connections", "3", "--timeout", "2", "--request-timeout", "2",
                             "--threads", "2")
            servers.append(s_small)
            check("a second server with small limits starts", s_small.port is not None and s_small.wait_ready(),
                  "\n".join(s_small.log())[-500:])
            for t in (lambda: test_article(s), lambda: test_same_as_cli(s, index_a), lambda: test_own_api(s),
                      lambda: test_yente_shapes(s), lambda: test_errors(s, s_small), lambda: test_connections(s_small),
                      lambda: test_closed_while_busy(index_a),
                      lambda: test_data_dir(tmp, index_a), lambda: test_not_ready(tmp, index_a),
                      lambda: test_reload_under_load(s, served, index_a, index_b, KEYS["ops"]),
                      lambda: test_bad_index_refused(s, served, index_a, tmp, KEYS["ops"]),
                      lambda: test_metrics_and_log(s)):
                try:
                    t()
                except Exception:
                    import traceback
                    check("test code ran to the end", False, traceback.format_exc())
            want = {400, 401, 403, 404, 405, 408, 413, 415, 429, 431, 503}
            check("every error status was produced", want <= statuses_seen, "missing %s" % sorted(want - statuses_seen))
        except SystemExit:
            pass
        finally:
            for sv in servers:
                alive = sv.proc.poll() is None
                rc = sv.stop()
                check("server %s was alive at the end and stops on SIGTERM with 0" % sv.port, alive and rc == 0,
                      "alive %s, exit %s; log: %s" % (alive, rc, "\n".join(sv.log()[-5:])))
                rep = sv.sanitizer_report()
                check("no sanitizer report from server %s" % sv.port, rep is None, rep or "")
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

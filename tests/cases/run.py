#!/usr/bin/env python3
"""run.py - the golden-case runner (format: tests/cases/README.md).

usage: tests/cases/run.py [-v] PROG [CASE...]

Builds an index of each list the cases name (tests/cases/lists/mini unless a
case says `list: NAME`) with PROG (the embargo program), screens each case's query with `PROG screen --json` and compares
the reported ids with the case's expectations. Prints one line per case
and ends with the plain line `N passed, N failed, N skipped` (none is ever
skipped: the cases need only the repository's own lists). Cases marked `xfail:`
that fail are reported as XFAIL and counted in neither; an xfail case that
passes is reported as XPASS and counted as passed (remove its mark).
A sanitizer report on standard error fails a case whatever its output.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LISTS = os.path.join(HERE, "lists")
SANITIZER = re.compile(rb"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|"
                       rb"AddressSanitizer|UndefinedBehaviorSanitizer")


class CaseError(Exception):
    pass


def unescape(s):
    """Decodes \\xNN, \\t, \\n, \\r, \\e, \\\\ and \\s (a space) into bytes."""
    out = bytearray()
    i = 0
    raw = s.encode("utf-8")
    while i < len(raw):
        c = raw[i]
        if c != 0x5C or i + 1 >= len(raw):
            out.append(c)
            i += 1
            continue
        n = chr(raw[i + 1])
        if n == "x" and i + 4 <= len(raw) and re.match(rb"[0-9a-fA-F]{2}", raw[i + 2:i + 4]):
            out.append(int(raw[i + 2:i + 4], 16))
            i += 4
            continue
        simple = {"t": 9, "n": 10, "r": 13, "e": 27, "\\": 92, "s": 32}
        if n not in simple:
            raise CaseError("unknown escape \\%s" % n)
        out.append(simple[n])
        i += 2
    return bytes(out)


def parse(path):
    case = {"name": os.path.basename(path), "query": None, "expect": [], "allow": [],
            "none": False, "or_reject": False, "reject": None, "xfail": None,
            "threshold": None, "types": [], "limit": None, "repeat": 1, "pad": None,
            "about": "", "list": "mini"}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith("#"):
                if not case["about"]:
                    case["about"] = line[1:].strip()
                continue
            key, sep, val = line.partition(":")
            key = key.strip()
            if key in ("expect-none", "reject") and not sep:
                val = ""
            elif not sep:
                raise CaseError("%s:%d: expected 'key: value'" % (path, lineno))
            else:
                val = val[1:] if val.startswith(" ") else val
            if key == "query":
                case["query"] = unescape(val)
            elif key == "expect":
                parts = val.split()
                if not parts or len(parts) > 2 or (len(parts) == 2 and parts[1] not in ("weak", "strong")):
                    raise CaseError("%s:%d: expect: ID [weak|strong]" % (path, lineno))
                case["expect"].append((parts[0], parts[1] if len(parts) == 2 else None))
            elif key == "allow":
                case["allow"].append(val.strip())
            elif key == "expect-none":
                case["none"] = True
                if val.strip() not in ("", "or-reject"):
                    raise CaseError("%s:%d: expect-none [or-reject]" % (path, lineno))
                case["or_reject"] = val.strip() == "or-reject"
            elif key == "reject":
                case["reject"] = val.strip()
            elif key == "xfail":
                case["xfail"] = val.strip() or "no reason given"
            elif key == "threshold":
                case["threshold"] = val.strip()
            elif key == "type":
                case["types"].append(val.strip())
            elif key == "limit":
                case["limit"] = val.strip()
            elif key == "repeat":
                case["repeat"] = int(val)
            elif key == "pad":
                case["pad"] = int(val)
            elif key == "list":
                if not re.fullmatch(r"[a-z0-9-]+", val.strip()) or \
                        not os.path.isdir(os.path.join(LISTS, val.strip())):
                    raise CaseError("%s:%d: no list '%s' in %s" % (path, lineno, val.strip(), LISTS))
                case["list"] = val.strip()
            else:
                raise CaseError("%s:%d: unknown key '%s'" % (path, lineno, key))
    if case["query"] is None:
        raise CaseError("%s: no query" % path)
    kinds = bool(case["expect"]) + case["none"] + (case["reject"] is not None)
    if kinds != 1:
        raise CaseError("%s: needs exactly one of expect / expect-none / reject" % path)
    q = case["query"] * case["repeat"]
    if case["pad"] is not None:
        q = q + b" " * max(0, case["pad"] - len(q))
    case["query"] = q
    return case


def show(b, limit=60):
    s = b.decode("utf-8", "backslashreplace")
    s = "".join(c if c.isprintable() else "\\x%02x" % ord(c) if ord(c) < 256 else c for c in s)
    return s if len(s) <= limit else s[:limit] + "...(%d bytes)" % len(b)


def run_case(prog, index, case):
    """Returns (ok, detail)."""
    args = [prog, "screen", "--index", index, "--json"]
    if case["threshold"]:
        args += ["--threshold", case["threshold"]]
    if case["limit"]:
        args += ["--limit", case["limit"]]
    for t in case["types"]:
        args += ["--type", t]
    args.append(case["query"])
    try:
        p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return False, "timed out"
    except OSError as e:
        return False, "cannot run %s: %s" % (prog, e)
    if SANITIZER.search(p.stderr):
        return False, "sanitizer report:\n" + p.stderr.decode("utf-8", "replace")
    if p.returncode not in (0, 1, 2):
        return False, "exit status %d; stderr: %s" % (p.returncode, p.stderr.decode("utf-8", "replace").strip())
    lines = [l for l in p.stdout.split(b"\n") if l.strip()]
    if len(lines) != 1:
        return False, "expected one JSON line, got %d (exit %d; stderr: %s)" % (
            len(lines), p.returncode, p.stderr.decode("utf-8", "replace").strip())
    try:
        # Lenient about bytes: the e2e tests check that output is valid UTF-8;
        # golden cases check what is matched.
        rec = json.loads(lines[0].decode("utf-8", "replace"))
    except ValueError as e:
        return False, "output is not valid JSON (%s): %r" % (e, lines[0][:200])
    if "error" in rec:
        got = "rejected: %s (exit %d)" % (rec["error"], p.returncode)
        if p.returncode != 2:
            return False, got + "; a rejected query must exit 2"
        if case["reject"] is not None:
            if case["reject"] and case["reject"].lower() not in rec["error"].lower():
                return False, got + "; expected the message to mention '%s'" % case["reject"]
            return True, got
        if case["none"] and case["or_reject"]:
            return True, got
        return False, got
    matches = rec.get("matches", [])
    got_ids = [m["id"] for m in matches]
    got = "reported [%s] (exit %d)" % (", ".join(
        "%s %.3f%s" % (m["id"], m["score"], " weak" if m.get("weak_alias") else "") for m in matches),
        p.returncode)
    if case["reject"] is not None:
        return False, got + "; expected a rejection"
    if case["none"]:
        if matches:
            return False, got + "; expected nothing"
        if p.returncode != 1:
            return False, got + "; nothing found must exit 1"
        return True, got
    want = [e[0] for e in case["expect"]]
    if p.returncode != 0:
        return False, got + "; a match must exit 0"
    if not got_ids or got_ids[0] != want[0]:
        return False, got + "; expected %s first" % want[0]
    rest = [i for i in got_ids if i not in case["allow"]]
    if rest != want:
        return False, got + "; expected exactly [%s]%s" % (
            ", ".join(want), " (also allowed: %s)" % ", ".join(case["allow"]) if case["allow"] else "")
    by_id = {m["id"]: m for m in matches}
    for ident, how in case["expect"]:
        weak = bool(by_id[ident].get("weak_alias"))
        if how == "weak" and not weak:
            return False, got + "; expected %s to match through a weak alias" % ident
        if how == "strong" and weak:
            return False, got + "; expected %s to match through a strong name" % ident
    return True, got


def main(argv):
    verbose = False
    if argv and argv[0] == "-v":
        verbose = True
        argv = argv[1:]
    if not argv:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    prog = argv[0]
    if os.sep not in prog:
        prog = os.path.join(".", prog)
    files = argv[1:] or sorted(os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".case"))
    cases, bad = [], 0
    for f in files:
        try:
            cases.append(parse(f))
        except (CaseError, ValueError, UnicodeDecodeError) as e:
            print("golden: BAD %s: %s" % (os.path.basename(f), e))
            bad += 1
    with tempfile.TemporaryDirectory(prefix="embargo-cases.") as tmp:
        indexes = {}
        for name in sorted({c["list"] for c in cases}):
            index = indexes[name] = os.path.join(tmp, name + ".idx")
            path = os.path.join(LISTS, name)
            try:
                p = subprocess.run([prog, "index", "--out", index, "--list", path],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
            except (OSError, subprocess.TimeoutExpired) as e:
                print("golden: cannot run %s: %s" % (prog, e))
                print("0 passed, %d failed, 0 skipped" % (len(cases) + bad))
                return 1
            if p.returncode != 0 or SANITIZER.search(p.stderr):
                print("golden: cannot build the index from %s (exit %d):\n%s" % (
                    path, p.returncode, p.stderr.decode("utf-8", "replace")))
                print("0 passed, %d failed, 0 skipped" % (len(cases) + bad))
                return 1
        workers = min(8, (os.cpu_count() or 1) * 2)
        with concurrent.futures.ThreadPoolExecutor(workers) as ex:
            results = list(ex.map(lambda c: run_case(prog, indexes[c["list"]], c), cases))
    passed = failed = xfail = xpass = 0
    for case, (ok, detail) in zip(cases, results):
        label = "%s (%s)" % (case["name"], show(case["query"]))
        if case["xfail"] and not ok:
            xfail += 1
            print("golden: XFAIL %s: %s\n        because: %s" % (label, detail, case["xfail"]))
        elif case["xfail"]:
            xpass += 1
            passed += 1
            print("golden: XPASS %s: %s\n        the engine now does what the case asks: remove its xfail"
                  % (label, detail))
        elif ok:
            passed += 1
            if verbose:
                print("golden: ok    %s: %s" % (label, detail))
        else:
            failed += 1
            print("golden: FAIL  %s: %s%s" % (label, detail,
                                             "\n        checks: " + case["about"] if case["about"] else ""))
    failed += bad
    print("golden: %d cases, %d expected failures (xfail, not counted), %d unexpected passes (xpass)"
          % (len(cases) + bad, xfail, xpass))
    print("%d passed, %d failed, 0 skipped" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

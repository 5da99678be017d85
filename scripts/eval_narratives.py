#!/usr/bin/env python3
"""Free-text accuracy of `embargo scan` on payment narratives and chat lines,
the text issue 9 is about: lines written all in capitals ("PAYMENT TO OLEG
DERIPASKA"), all in lower case ("sent 500 to vladimir putin"), and as usual.

usage: scripts/eval_narratives.py [--prog ./embargo] [--index IDX] [--data TSV] [-v]

eval/data/narratives.tsv holds one labelled line each: the entity the line
names (the ids that stand for it on the bundled lists, '|' between them; '-'
when it names nobody listed), a tab, the line. All lines go through one
`embargo scan --lines --json` (every line its own document). A reported
entity is right if its id, or the id of any list entry grouped with it
(listed_by), is one of the line's ids.

Counted per line and entity: a true positive is the labelled entity found;
a false positive any other entity reported (on a named line or not); a false
negative the labelled entity missed. Precision, recall and F1 over all
lines, and apart by how the line is written (upper, lower, mixed case); and
the lines that raise any alert while naming nobody.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def read_data(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            label, sep, text = line.partition("\t")
            if not sep or not text:
                sys.exit("%s:%d: expected LABEL<TAB>TEXT" % (path, n))
            ids = set() if label == "-" else set(label.split("|"))
            rows.append((ids, text))
    return rows


def case_of(text):
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return "upper"
    if letters and all(c.islower() for c in letters):
        return "lower"
    return "mixed"


def scan(prog, index, lines):
    cmd = [prog, "scan", "--lines", "--json"]
    if index:
        cmd[2:2] = ["--index", index]
    r = subprocess.run(cmd, input="\n".join(lines).encode() + b"\n", capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit("%s failed (exit %d): %s" % (" ".join(cmd), r.returncode, r.stderr.decode()[:500]))
    out = {}
    for raw in r.stdout.decode().splitlines():
        rec = json.loads(raw)
        ents = []
        for e in rec.get("entities", []):
            ids = {e["id"]} | {x["id"] for x in e.get("listed_by", [])}
            ents.append((e["id"], ids))
        out[rec["line"]] = ents
    return out


def prf(tp, fp, fn):
    """Precision, recall, F1; NaN where a denominator is empty (no alerts,
    or nothing to find): such a figure says nothing."""
    nan = float("nan")
    p = tp / (tp + fp) if tp + fp else nan
    r = tp / (tp + fn) if tp + fn else nan
    f = 2 * p * r / (p + r) if tp else (0.0 if tp + fp and tp + fn else nan)
    return p, r, f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embargo", "--prog", dest="prog", default=os.path.join(ROOT, "embargo"))
    ap.add_argument("--index", default=None, help="index file (default: the bundled data)")
    ap.add_argument("--data", default=os.path.join(ROOT, "eval", "data", "narratives.tsv"))
    ap.add_argument("-v", action="store_true", help="print every line with what was found")
    args = ap.parse_args()
    rows = read_data(args.data)
    found = scan(args.prog, args.index, [t for _, t in rows])
    groups = {}
    false_alerts = 0
    negatives = 0
    for n, (want, text) in enumerate(rows, 1):
        got = found.get(n, [])
        hit = any(ids & want for _, ids in got)
        tp = 1 if want and hit else 0
        fn = 1 if want and not hit else 0
        fp = sum(1 for _, ids in got if not (ids & want))
        if not want:
            negatives += 1
            false_alerts += 1 if got else 0
        for g in ("all", case_of(text)):
            c = groups.setdefault(g, [0, 0, 0, 0])
            c[0] += tp
            c[1] += fp
            c[2] += fn
            c[3] += 1
        if args.v or fn or fp:
            mark = "ok  " if not (fn or fp) else ("MISS" if fn else "") + (" FP" if fp else "")
            print("%-8s %-48s %s" % (mark, text[:48], ", ".join(i for i, _ in got) or "-"))
    print("%-6s %5s %4s %4s %4s %9s %7s %5s" % ("case", "lines", "tp", "fp", "fn", "precision", "recall", "F1"))
    for g in ("all", "upper", "lower", "mixed"):
        if g not in groups:
            continue
        tp, fp, fn, lines = groups[g]
        p, r, f = prf(tp, fp, fn)
        print("%-6s %5d %4d %4d %4d %9.3f %7.3f %5.3f" % (g, lines, tp, fp, fn, p, r, f))
    print("lines naming nobody listed that alert: %d of %d" % (false_alerts, negatives))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Accuracy of `embargo compare` on labelled name pairs.

Scores every pair of the OpenSanctions name benchmark (826 labelled pairs,
../shared/data/pairs/opensanctions/name_bench/cases.csv) with one
`embargo compare --batch --json` run and reports precision, recall and F1
at the default threshold, overall and per group (case group, schema,
quality tier, category), plus the threshold sweep that the default was
chosen from. Also checks the cross-script pairs of watchman's test data and
the 81 spellings of Vladimir Putin. Writes everything to eval/results.txt.

Nothing here is tuned to pass: the figures are whatever the engine scores.
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


SCHEMA_TYPE = {"Person": "person", "Company": "organization", "Organization": "organization",
               "LegalEntity": "organization", "Vessel": "vessel"}


def run_compare(embargo, pairs, entity_type=None):
    """Scores (query, listed) pairs; returns a list of scores (None on error)."""
    def clean(s):
        return s.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    data = "".join(f"{clean(a)}\t{clean(b)}\n" for a, b in pairs)
    cmd = [embargo, "compare", "--batch", "--json"] + (["--type", entity_type] if entity_type else [])
    out = subprocess.run(cmd, input=data.encode(),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    scores = [None] * len(pairs)
    for line in out.stdout.decode().splitlines():
        obj = json.loads(line)
        i = obj["line"] - 1
        scores[i] = obj.get("score")
    return scores


def prf(rows, threshold):
    tp = sum(1 for s, y in rows if y and s is not None and s >= threshold)
    fp = sum(1 for s, y in rows if not y and s is not None and s >= threshold)
    fn = sum(1 for s, y in rows if y and (s is None or s < threshold))
    tn = len(rows) - tp - fp - fn
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn, tn


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embargo", default=os.path.join(ROOT, "embargo"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--threshold", type=float, default=0.80)
    ap.add_argument("--out", default=os.path.join(ROOT, "eval", "results.txt"))
    ap.add_argument("--errors", type=int, default=0, help="print N worst errors")
    args = ap.parse_args()

    cases_path = os.path.join(args.shared, "data/pairs/opensanctions/name_bench/cases.csv")
    if not os.path.exists(cases_path):
        print(f"eval: {cases_path} not found; the labelled data lives in ../shared", file=sys.stderr)
        return 0
    cases = list(csv.DictReader(open(cases_path, encoding="utf-8")))
    # The benchmark says what kind of entity each pair names (its schema);
    # compare is told, as screening knows the type of every listed entity.
    scores = [None] * len(cases)
    by_type = collections.defaultdict(list)
    for i, c in enumerate(cases):
        by_type[SCHEMA_TYPE.get(c["schema"])].append(i)
    for t, idx in by_type.items():
        for i, s in zip(idx, run_compare(args.embargo, [(cases[i]["name1"], cases[i]["name2"]) for i in idx], t)):
            scores[i] = s
    lines = []

    def say(s=""):
        print(s)
        lines.append(s)

    rows = [(s, c["is_match"] == "true") for s, c in zip(scores, cases)]
    errors = sum(1 for s in scores if s is None)
    say(f"name_bench: {len(cases)} labelled pairs ({cases_path.split('shared/')[-1]}), "
        f"{errors} rejected by the engine")
    p, r, f, tp, fp, fn, tn = prf(rows, args.threshold)
    say(f"overall at threshold {args.threshold:.2f}: precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
        f"(tp {tp} fp {fp} fn {fn} tn {tn})")
    say("")
    say("threshold sweep (F1):")
    best = max((prf(rows, t / 100)[2], t / 100) for t in range(50, 100))
    for t in range(60, 100, 5):
        p2, r2, f2, *_ = prf(rows, t / 100)
        say(f"  {t / 100:.2f}  P {p2:.3f}  R {r2:.3f}  F1 {f2:.3f}")
    say(f"  best F1 {best[0]:.3f} at {best[1]:.2f}")
    for key in ("case_group", "schema", "quality", "category"):
        say("")
        say(f"by {key} (at {args.threshold:.2f}):")
        groups = collections.defaultdict(list)
        for row, c in zip(rows, cases):
            groups[c[key] or "(none)"].append(row)
        for g in sorted(groups, key=lambda g: -len(groups[g])):
            p2, r2, f2, tp2, fp2, fn2, tn2 = prf(groups[g], args.threshold)
            say(f"  {g[:34]:34s} n={len(groups[g]):4d}  P {p2:.3f}  R {r2:.3f}  F1 {f2:.3f}"
                f"  (fp {fp2} fn {fn2})")

    # Cross-script pairs from watchman's tests: query, expected match, min score.
    xs_path = os.path.join(args.shared, "data/pairs/watchman/cross_script_pairs.csv")
    if os.path.exists(xs_path):
        pairs = []
        for row in csv.reader(l for l in open(xs_path, encoding="utf-8") if not l.startswith("#")):
            if len(row) >= 2 and row[0] != "Query":
                pairs.append((row[0], row[1]))
        s = run_compare(args.embargo, pairs)
        hit = sum(1 for x in s if x is not None and x >= args.threshold)
        say("")
        say(f"cross-script pairs (watchman testdata, all true matches): "
            f"{hit}/{len(pairs)} at or above {args.threshold:.2f}")
        for (a, b), x in zip(pairs, s):
            if x is None or x < args.threshold:
                say(f"  missed: {a} ~ {b}: {x if x is None else round(x, 3)}")

    putin_path = os.path.join(args.shared, "data/pairs/opensanctions/putin_names.txt")
    if os.path.exists(putin_path):
        names = [l.strip() for l in open(putin_path, encoding="utf-8") if l.strip()]
        s = run_compare(args.embargo, [(n, "PUTIN, Vladimir Vladimirovich") for n in names], "person")
        hit = sum(1 for x in s if x is not None and x >= args.threshold)
        say("")
        say(f"Putin's 81 spellings vs 'PUTIN, Vladimir Vladimirovich': {hit}/{len(names)} "
            f"at or above {args.threshold:.2f}")

    if args.errors:
        print()
        wrong = [(abs((s or 0) - args.threshold), s, c) for s, c in zip(scores, cases)
                 if (s is not None and s >= args.threshold) != (c["is_match"] == "true")]
        for _, s, c in sorted(wrong, key=lambda w: -w[0])[: args.errors]:
            print(f"{'FP' if c['is_match'] != 'true' else 'FN'} {s if s is None else round(s, 3)}"
                  f"  {c['name1']} ~ {c['name2']}  [{c['category'] or c['case_group']}]")

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

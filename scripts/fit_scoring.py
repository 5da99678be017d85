#!/usr/bin/env python3
"""Fits the scoring constants of src/match/score.h on labelled data.

The engine is driven as it ships, through `embargo compare` and `embargo
screen`, but built with -DEMB_FIT (into build/fit/, never ./embargo): that
build reads the constants from EMBARGO_FIT="EMB_CONFLICT=1.1,..." so a
search can try values without rebuilding. The values found are then
written into score.h by hand and the shipped engine is rebuilt with them.

Data, each split into a fit half and a held-out half by a stable hash
(sha1 of the pair or query text, so the split never depends on order):
  - names: OpenSanctions' 826 labelled pairs (scripts/eval_names.py reads
    them); figure: F1 at the default threshold 0.80.
  - screen: the queries of scripts/eval_screen.py (EU-journal spellings of
    SDN people and organisations, synthetic variants, and names that are
    on no list), taken from its --dump; figures: how often the expected
    entity is the first match at 0.80 (found), and how often a name on no
    list alerts at all (false alerts; wikidata alone and all together).
  - categories: the per-category screening sets of scripts/eval_categories.py
    when present (eval/data/categories/*.tsv: their dev split fits, the test
    split is held out); figure: found first at 0.80, the mean over the
    categories; their names on no list (nonlisted.tsv) must not alert more.

The objective on the fit halves is (F1 + found + categories found) / 3, under the constraint
that no false-alert rate rises above what the starting values give (at the
threshold, and 0.03 below it), and that the constants keep their order.
A coordinate search tries each constant at a few multiples of its value,
keeps what improves, and repeats until nothing does. The held-out halves
are scored once, at the start and at the end, and reported.

Usage: python3 scripts/fit_scoring.py [--rounds 2] [--only NAME,...] [--out eval/fit-results.txt]
       python3 scripts/fit_scoring.py --report "EMB_X=v,..."   (figures only)
"""
import argparse
import collections
import csv
import glob
import hashlib
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from eval_screen import run_batch  # noqa: E402  (the batch runner of every eval script)

SCHEMA_TYPE = {"Person": "person", "Company": "organization", "Organization": "organization",
               "LegalEntity": "organization", "Vessel": "vessel"}
THRESHOLD = 0.80
FLOOR = 0.50

# The constants searched, with the values score.h had before the fit (the
# starting point); a fitting build reads any of them from EMBARGO_FIT.
START = {
    "EMB_CONFLICT": 1.25, "EMB_EXTRA_QUERY": 0.5, "EMB_EXTRA_NAME": 0.3,
    "EMB_EXTRA_NAME_ORG": 0.6, "EMB_EXTRA_QUERY_ORG": 0.8, "EMB_MIN_EVIDENCE": 0.8,
    "EMB_GENERIC_FACTOR": 0.3, "EMB_EXTRA_DESCRIPTIVE": 0.3, "EMB_WORD_EVIDENCE": 0.6,
    "EMB_SIM_TRANSLIT": 0.95, "EMB_SIM_INITIAL": 0.9, "EMB_SIM_PHONETIC": 0.85,
    "EMB_SIM_PHONETIC_FAR": 0.78, "EMB_SIM_ACRONYM": 0.85, "EMB_SIM_LEGAL_FAMILY": 0.8,
    "EMB_EDIT_COST": 0.07, "EMB_EDIT_COST_LEN": 0.7, "EMB_LEGAL_CONFLICT": 1.25,
    "EMB_SIM_FAR_EDIT": 0.95, "EMB_INITIAL_EVIDENCE": 0.25,
    "EMB_EXTRA_QUERY_ONE": 1.0, "EMB_SIM_VOWELS": 0.88, "EMB_CONFLICT_FLOOR": 0.8,
    "EMB_KUNYA": 0.7, "EMB_SIM_KNOWN_EDIT": 0.9, "EMB_MISSPELT_DOUBT": 0.6,
}
# Similarities may not reach an exact match's 1.0.
CAP = {k: 0.99 for k in START if k.startswith("EMB_SIM_")}
STEPS = (0.8, 0.9, 1.1, 1.25)
# A step is kept only if it gains this much: about one pair of the names
# half or four screening queries; smaller gains are noise of the sample.
MIN_GAIN = 0.0005
# False alerts are held at their starting rate at the threshold and also
# MARGIN below it, so that the fit does not buy recall with names on no list
# brought just under the threshold (the held-out half would show them).
MARGIN = 0.03


def ordered(v):
    """The order of evidence the constants must keep: a shared romanisation
    key is no weaker than a shared skeleton, which is no weaker than a
    skeleton one edit further; a name the query leaves out costs no more
    than a word it adds; an organisation's omitted words cost no less."""
    return (v["EMB_SIM_TRANSLIT"] >= v["EMB_SIM_PHONETIC"] >= v["EMB_SIM_PHONETIC_FAR"] and
            v["EMB_EXTRA_NAME"] <= v["EMB_EXTRA_QUERY"] and v["EMB_EXTRA_NAME_ORG"] >= v["EMB_EXTRA_NAME"])


def fit_half(text):
    """True for the fit half, False for the held-out half."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0


def env_of(values):
    env = dict(os.environ)
    env["EMBARGO_FIT"] = ",".join(f"{k}={v:.6g}" for k, v in values.items())
    return env


# --------------------------------------------------------------------------
# Data

def load_names(shared):
    path = os.path.join(shared, "data/pairs/opensanctions/name_bench/cases.csv")
    rows = []
    for c in csv.DictReader(open(path, encoding="utf-8")):
        rows.append({"a": c["name1"], "b": c["name2"], "type": SCHEMA_TYPE.get(c["schema"]),
                     "y": c["is_match"] == "true",
                     "fit": fit_half(c["name1"] + "\t" + c["name2"] + "\t" + c["schema"])})
    return rows


def load_screen(embargo, dump):
    """The queries of eval_screen.py (its --dump; made once with this engine)."""
    if not os.path.exists(dump):
        subprocess.run([sys.executable, os.path.join(HERE, "eval_screen.py"), "--embargo", embargo,
                        "--out", dump + ".txt", "--dump", dump],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    rows = []
    for line in open(dump, encoding="utf-8"):
        r = json.loads(line)
        if r["group"].startswith("nl-"):
            rows.append({"q": r["query"], "group": r["group"], "expected": None,
                         "fit": fit_half(r["query"])})
        elif r.get("expected"):
            rows.append({"q": r["query"], "group": r["group"], "sub": r.get("sub", ""),
                         "expected": r["expected"], "fit": fit_half(r["query"])})
    return rows


def load_categories(base):
    """The per-category screening sets of scripts/eval_categories.py
    (eval/data/categories/*.tsv: query, expected entity, split; its README):
    'dev' rows fit, 'test' rows are held out. nonlisted.tsv: names on no list."""
    rows = []
    for path in sorted(glob.glob(os.path.join(base, "*.tsv"))):
        cat = os.path.basename(path)[:-4]
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                if r.get("query") and r.get("split") in ("dev", "test"):
                    rows.append({"q": r["query"], "expected": r.get("expected") or None, "cat": cat,
                                 "group": "nl-categories" if cat == "nonlisted" else cat,
                                 "fit": r["split"] == "dev"})
    return rows


def category_list(shared, where):
    """The list the category sets are screened against (their README): the
    SDN of 2024-05-03 with alt, add and comments of 2025-12, as symlinks."""
    os.makedirs(where, exist_ok=True)
    s = os.path.join(os.path.abspath(shared), "data/lists/ofac-sdn")
    for name, src in (("sdn.csv", "full-2024-05-03"), ("alt.csv", "partial-2025-12"),
                      ("add.csv", "partial-2025-12"), ("sdn_comments.csv", "partial-2025-12")):
        dst = os.path.join(where, name)
        if not os.path.lexists(dst):
            os.symlink(os.path.join(s, src, name), dst)
    return where


# --------------------------------------------------------------------------
# Running the engine

def compare(embargo, rows, values):
    out = [None] * len(rows)
    by_type = collections.defaultdict(list)
    for i, r in enumerate(rows):
        by_type[r["type"]].append(i)
    for t, idx in by_type.items():
        data = "".join(f"{clean(rows[i]['a'])}\t{clean(rows[i]['b'])}\n" for i in idx)
        cmd = [embargo, "compare", "--batch", "--json"] + (["--type", t] if t else [])
        res = subprocess.run(cmd, input=data.encode(), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env_of(values), check=False)
        for line in res.stdout.decode().splitlines():
            o = json.loads(line)
            out[idx[o["line"] - 1]] = o.get("score")
    return out


def clean(s):
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def screen(embargo, sdn, rows, values):
    cmd = [embargo, "screen", "--list", sdn, "--batch", "--json", "--limit", "5",
           "--threshold", str(FLOOR)]
    res, _, _ = run_batch(cmd, [clean(r["q"]) for r in rows], env=env_of(values))
    return [[(m["id"], m["score"]) for m in r or []] for r in res]


# --------------------------------------------------------------------------
# Figures

def f1(scores, rows, t=THRESHOLD):
    tp = sum(1 for s, r in zip(scores, rows) if r["y"] and s is not None and s >= t)
    fp = sum(1 for s, r in zip(scores, rows) if not r["y"] and s is not None and s >= t)
    fn = sum(1 for s, r in zip(scores, rows) if r["y"] and (s is None or s < t))
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return (2 * p * rc / (p + rc) if p + rc else 0.0), p, rc


def screen_figures(matches, rows):
    """found (expected entity first at 0.80), false alerts on wikidata, on all not listed,
    and on all not listed at MARGIN below the threshold."""
    pos = [(m, r) for m, r in zip(matches, rows) if r["expected"]]
    neg = [(m, r) for m, r in zip(matches, rows) if not r["expected"]]
    found = sum(1 for m, r in pos if m and m[0][0] == r["expected"] and m[0][1] >= THRESHOLD)
    fa = sum(1 for m, r in neg if m and m[0][1] >= THRESHOLD)
    wd = [(m, r) for m, r in neg if r["group"] == "nl-wikidata"]
    fa_wd = sum(1 for m, r in wd if m and m[0][1] >= THRESHOLD)
    near = sum(1 for m, r in neg if m and m[0][1] >= THRESHOLD - MARGIN)
    return (found / max(1, len(pos)), fa_wd / max(1, len(wd)), fa / max(1, len(neg)),
            near / max(1, len(neg)))


BINS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)


def reliability(fit, values):
    """What a score means, on the held-out halves: of the name pairs scoring
    in each band, the share that the benchmark labels the same entity; of the
    screening queries whose top match scores in it, the share where that is
    the expected entity (queries of names on no list count as wrong). And at
    0.80, by the query's number of words."""
    names = [r for r in fit.names if not r["fit"]]
    s = compare(fit.args.embargo, names, values)
    scr = [r for r in fit.screen_rows if not r["fit"]] + [r for r in fit.cats if not r["fit"]]
    ms = screen(fit.args.embargo, fit.sdn, [r for r in scr if "cat" not in r], values) + \
        screen(fit.args.embargo, fit.cat_list, [r for r in scr if "cat" in r], values)
    scr = [r for r in scr if "cat" not in r] + [r for r in scr if "cat" in r]
    out = ["score band   names: n  same entity   |  screening top match: n  right entity"]
    for lo, hi in zip(BINS, BINS[1:]):
        a = [r["y"] for x, r in zip(s, names) if x is not None and lo <= x < hi]
        b = [bool(r["expected"]) and m[0][0] == r["expected"] for m, r in zip(ms, scr) if m and lo <= m[0][1] < hi]
        out.append(f"  {lo:.2f}-{min(hi, 1.0):.2f}   {len(a):7d}  {sum(a) / max(1, len(a)):11.3f}   |  "
                   f"{len(b):21d}  {sum(b) / max(1, len(b)):12.3f}")
    out.append("at 0.80 and above, by the query's number of words:")
    for lo, hi, label in ((1, 1, "one word"), (2, 2, "two words"), (3, 99, "three or more")):
        a = [r["y"] for x, r in zip(s, names) if x is not None and x >= THRESHOLD and lo <= len(r["a"].split()) <= hi]
        b = [bool(r["expected"]) and m[0][0] == r["expected"] for m, r in zip(ms, scr)
             if m and m[0][1] >= THRESHOLD and lo <= len(r["q"].split()) <= hi]
        out.append(f"  {label:13s} {len(a):7d}  {sum(a) / max(1, len(a)):11.3f}   |  "
                   f"{len(b):21d}  {sum(b) / max(1, len(b)):12.3f}")
    return out


class Fit:
    def __init__(self, args):
        self.args = args
        self.names = load_names(args.shared)
        self.screen_rows = load_screen(args.embargo, args.dump)
        self.cats = load_categories(args.categories)
        self.sdn = os.path.join(args.shared, "data/lists/ofac-sdn/full-2024-05-03")
        self.cat_list = category_list(args.shared, os.path.join(os.path.dirname(args.dump), "cat-list"))

    def measure(self, values, fit=True):
        """Figures on one half: {'f1', 'found', 'fa_wd', 'fa'} (+ 'cat' when sets exist)."""
        names = [r for r in self.names if r["fit"] == fit]
        scr = [r for r in self.screen_rows if r["fit"] == fit]
        s = compare(self.args.embargo, names, values)
        fig = {"f1": f1(s, names), "values": values}
        found, fa_wd, fa, near = screen_figures(screen(self.args.embargo, self.sdn, scr, values), scr)
        fig.update(found=found, fa_wd=fa_wd, fa=fa, near=near)
        cats = [r for r in self.cats if r["fit"] == fit]
        if cats:
            ms = screen(self.args.embargo, self.cat_list, cats, values)
            per = collections.defaultdict(lambda: ([], []))
            for m, r in zip(ms, cats):
                per[r["cat"]][0].append(m)
                per[r["cat"]][1].append(r)
            fig["per_cat"] = {c: screen_figures(a, b)[0] for c, (a, b) in sorted(per.items())
                              if c != "nonlisted"}
            fig["cat"] = sum(fig["per_cat"].values()) / max(1, len(fig["per_cat"]))
            if "nonlisted" in per:
                _, _, fig["cat_fa"], fig["cat_near"] = screen_figures(*per["nonlisted"])
        return fig

    @staticmethod
    def objective(fig, base):
        """(F1 + found [+ categories' F1]) / n, or -1 when a false-alert rate rises."""
        for k in ("fa_wd", "fa", "near", "cat_fa", "cat_near"):
            if k in fig and fig[k] > base[k] + 1e-9:
                return -1.0
        if not ordered(fig["values"]):
            return -1.0
        parts = [fig["f1"][0], fig["found"]] + ([fig["cat"]] if "cat" in fig else [])
        return sum(parts) / len(parts)


def fmt(fig):
    s = (f"names F1 {fig['f1'][0]:.3f} (P {fig['f1'][1]:.3f} R {fig['f1'][2]:.3f}); "
         f"screen found {fig['found']:.3f}, false alerts wikidata {fig['fa_wd']:.4f} all {fig['fa']:.4f}"
         f" (all at {THRESHOLD - MARGIN:.2f}: {fig['near']:.4f})")
    if "cat" in fig:
        s += (f"; categories found {fig['cat']:.3f} ("
              + " ".join(f"{c} {v:.3f}" for c, v in fig["per_cat"].items()) + ")")
    if "cat_fa" in fig:
        s += f", their names on no list alert {fig['cat_fa']:.4f} (at {THRESHOLD - MARGIN:.2f}: {fig['cat_near']:.4f})"
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--embargo", default=os.path.join(ROOT, "build", "fit", "embargo"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--dump", default=os.path.join(ROOT, "build", "fit", "screen-dump.jsonl"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--only", help="comma-separated constants to search (default: all)")
    ap.add_argument("--start", default="", help="starting values 'EMB_X=v,...' over score.h's")
    ap.add_argument("--report", help="figures for these values only, no search")
    ap.add_argument("--out", default=os.path.join(ROOT, "eval", "fit-results.txt"))
    ap.add_argument("--categories", default=os.path.join(ROOT, "eval", "data", "categories"))
    args = ap.parse_args()
    if args.embargo == os.path.join(ROOT, "build", "fit", "embargo"):
        subprocess.run(["make", "-C", ROOT, "BUILD=build/fit", "PROG=build/fit/embargo",
                        "OPT=-O2 -g -DEMB_FIT", "build/fit/embargo"], check=True,
                       stdout=subprocess.DEVNULL)
    fit = Fit(args)

    def parse(s):
        return {k: float(v) for k, v in (kv.split("=") for kv in s.split(",") if kv)}

    start = dict(START)
    start.update(parse(args.start))
    if args.report is not None:
        vals = dict(start)
        vals.update(parse(args.report))
        for half in (True, False):
            print(("fit half: " if half else "held-out: ") + fmt(fit.measure(vals, half)))
        print("\n".join(reliability(fit, vals)))
        return 0

    t0 = time.time()
    base_fit = fit.measure(START, True)
    base_held = fit.measure(START, False)
    cur = dict(start)
    cur_fig = fit.measure(cur, True)
    cur_obj = fit.objective(cur_fig, base_fit)
    log = []
    print(f"start: {fmt(cur_fig)} objective {cur_obj:.4f}", flush=True)
    keys = [k for k in START if not args.only or k in args.only.split(",")]
    for rnd in range(args.rounds):
        improved = False
        for k in keys:
            best = None
            for step in STEPS:
                # (a constant at 0 moves by steps of 0.1)
                v = round(min(cur[k] * step if cur[k] else (step - 0.7) / 2, CAP.get(k, 10.0)), 4)
                if v == cur[k]:
                    continue
                trial = dict(cur)
                trial[k] = v
                fig = fit.measure(trial, True)
                obj = fit.objective(fig, base_fit)
                if obj > cur_obj + MIN_GAIN and (best is None or obj > best[0]):
                    best = (obj, v, fig)
            if best:
                log.append(f"round {rnd + 1}: {k} {cur[k]} -> {best[1]}: objective {cur_obj:.4f} -> {best[0]:.4f}")
                print(log[-1], flush=True)
                cur[k], cur_obj, cur_fig = best[1], best[0], best[2]
                improved = True
        if not improved:
            break
    held = fit.measure(cur, False)

    lines = [
        "fit_scoring: the scoring constants of src/match/score.h fitted on labelled data",
        "(scripts/fit_scoring.py; data split into halves by sha1 of the pair / query text)",
        f"data: names {sum(r['fit'] for r in fit.names)} fit / {sum(not r['fit'] for r in fit.names)} held-out pairs; "
        f"screen {sum(r['fit'] for r in fit.screen_rows)} fit / {sum(not r['fit'] for r in fit.screen_rows)} held-out queries"
        + (f"; categories {sum(r['fit'] for r in fit.cats)} dev / {sum(not r['fit'] for r in fit.cats)} test queries"
           if fit.cats else "; categories: none found"),
        "objective on the fit half: (names F1 + screen found [+ categories F1]) / n at 0.80,",
        "  rejected where false alerts (wikidata, all names on no list; all also at 0.77) rise above",
        "  the starting values', or where the constants leave their order (fit_scoring.ordered)",
        "",
        "starting values:  fit half: " + fmt(base_fit),
        "                  held-out: " + fmt(base_held),
        "fitted values:    fit half: " + fmt(cur_fig),
        "                  held-out: " + fmt(held),
        "",
        "search (coordinate, multiples " + ", ".join(str(s) for s in STEPS) + "):",
    ] + ["  " + l for l in log] + ["", "values (changed ones marked *):"] + [
        f"  {k:24s} {cur[k]:<8g}{'  * was ' + format(START[k], 'g') if cur[k] != START[k] else ''}"
        for k in START] + ["", "what the fitted score means (held-out halves):"] + reliability(fit, cur) + \
        [f"", f"({time.time() - t0:.0f} s)"]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Accuracy of `embargo scan` on news texts: listed people and organisations
as journalists write them (issue 12, "Names in news text").

usage: scripts/eval_news.py [--embargo ./embargo] [--shared ../shared] [--index IDX]
                            [--out eval/news-results.txt] [--summary FILE] [--baseline FILE]
                            [--split dev|test|all] [--engine-label L] [-v]
       scripts/eval_news.py --rebuild [--split dev]  (annotated sources -> texts and labels)

The texts are in eval/data/news (README.md there: where they come from, the
labelling rules, the dev/test split). Each text T has T.tsv: one labelled
mention a line, `start end text id kind` (byte offsets into the text file,
end exclusive; id `ofac-sdn:N`, or `-` for a name of someone or something
not listed that the text holds on purpose: nothing may be reported there).

They are scanned against the 2024 OFAC SDN list (full-2024-05-03/sdn.csv with
the 2025-12 alt.csv, add.csv and sdn_comments.csv, whose rows of later
entities are skipped), indexed from ../shared, or against --index.

Counted:
- mentions: a labelled mention is found if a reported mention of the same
  entity overlaps it (recall, by kind of mention); a reported mention that
  matches no labelled one is a false alert, counted under the kind of the
  label it overlaps (a wrong entity), `nonlisted` (it overlaps a name that is
  on no list), or `unlabelled` (anywhere else). Precision per kind: found /
  (found + false alerts of that kind); the false alerts of `nonlisted` and
  `unlabelled` count only in the totals.
- entities, text by text: the set of labelled ids against the set reported.
eval/news-baseline.json holds the figures of the engine before issue 12's
scan work (commit c701fdd) on the texts of today, with the texts it counted
(--summary of that engine); `make eval` shows before -> after. When texts are
added, run that engine on them again, so that both columns count the same
texts: build c701fdd in a worktree, then
  scripts/eval_news.py --embargo WORKTREE/embargo --engine-label c701fdd \
      --summary eval/news-baseline.json --out /dev/null
Misses and false alerts are printed for the dev half only (--show-test for
the test half, which is held out: see the README).
Also: the reference article ../shared/examples/news-2018-08-06-rand-paul-moscow.txt
against the 2024 list alone must give the five Russians with all their
mentions (tests/e2e checks the same).
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "eval", "data", "news")
ARTICLE_WANT = {"ofac-sdn:24231": 4, "ofac-sdn:16662": 1, "ofac-sdn:35096": 2,
                "ofac-sdn:35573": 2, "ofac-sdn:36820": 1}
KINDS = ["full", "spelling", "after", "alone", "bracket", "double-surname", "sentence-start",
         "html", "org", "org-short", "org-lower"]

# ---- labels ---------------------------------------------------------------------------

LISTED = re.compile(r"\{\{(.*?)\|(\d+)\|([a-z-]+)\}\}", re.S)
NONLISTED = re.compile(r"<<(.*?)>>", re.S)


def rebuild(split="all"):
    """Annotated sources (ann/*.txt: {{text|ent_num|kind}} for a listed
    mention, <<text>> for a name not listed) -> dev/ and test/ texts with
    their .tsv labels. HTML sources (starting with <html or <!DOCTYPE html) become .html.
    split "dev" rebuilds the dev half only (d*.txt), leaving test/ unread."""
    pattern = {"dev": "d*.txt", "test": "t*.txt"}.get(split, "*.txt")
    for src in sorted(glob.glob(os.path.join(DATA, "ann", pattern))):
        name = os.path.basename(src)[:-4]
        raw = open(src, encoding="utf-8").read()
        out, labels, pos = bytearray(), [], 0
        pat = re.compile(LISTED.pattern + "|" + NONLISTED.pattern, re.S)
        for m in pat.finditer(raw):
            out += raw[pos:m.start()].encode("utf-8")
            text = m.group(1) if m.group(1) is not None else m.group(4)
            start = len(out)
            out += text.encode("utf-8")
            if m.group(1) is not None:
                labels.append((start, len(out), text, "ofac-sdn:" + m.group(2), m.group(3)))
            else:
                labels.append((start, len(out), text, "-", "nonlisted"))
            pos = m.end()
        out += raw[pos:].encode("utf-8")
        split = "dev" if name.startswith("d") else "test"
        ext = ".html" if raw.lstrip().lower().startswith(("<html", "<!doctype html")) else ".txt"
        os.makedirs(os.path.join(DATA, split), exist_ok=True)
        base = os.path.join(DATA, split, name)
        with open(base + ext, "wb") as f:
            f.write(bytes(out))
        with open(base + ".tsv", "w", encoding="utf-8") as f:
            f.write("# start\tend\ttext\tid\tkind\n")
            for s, e, t, i, k in labels:
                assert bytes(out[s:e]).decode("utf-8") == t
                f.write("%d\t%d\t%s\t%s\t%s\n" % (s, e, t.replace("\t", " ").replace("\n", " "), i, k))
        print("wrote %s%s (%d labels)" % (base, ext, len(labels)))


def read_labels(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            s, e, text, ent, kind = line.rstrip("\n").split("\t")
            rows.append({"start": int(s), "end": int(e), "text": text, "id": ent, "kind": kind})
    return rows


def texts(split):
    out = []
    for sp in (["dev", "test"] if split == "all" else [split]):
        for tsv in sorted(glob.glob(os.path.join(DATA, sp, "*.tsv"))):
            base = tsv[:-4]
            doc = base + ".html" if os.path.exists(base + ".html") else base + ".txt"
            out.append((sp, doc, read_labels(tsv)))
    return out

# ---- running embargo -------------------------------------------------------------------


def build_index(prog, shared, tmp):
    """The 2024 SDN list with the 2025-12 aliases, addresses and remarks,
    and the 2024 list alone (the reference article's)."""
    sdn = os.path.join(shared, "data", "lists", "ofac-sdn")
    full = os.path.join(sdn, "full-2024-05-03")
    if not os.path.exists(os.path.join(full, "sdn.csv")):
        sys.exit("eval_news: %s not found (--shared PATH, or --index IDX)" % full)
    folder = os.path.join(tmp, "sdn")
    os.makedirs(folder)
    os.symlink(os.path.join(full, "sdn.csv"), os.path.join(folder, "sdn.csv"))
    for f in ("alt.csv", "add.csv", "sdn_comments.csv"):
        p = os.path.join(sdn, "partial-2025-12", f)
        if os.path.exists(p):
            os.symlink(p, os.path.join(folder, f))
    out = {}
    for label, src in (("sdn", folder), ("sdn-2024", full)):
        idx = os.path.join(tmp, label + ".idx")
        r = subprocess.run([prog, "index", "--list", src, "--out", idx], capture_output=True)
        if r.returncode:
            sys.exit("eval_news: index of %s failed: %s" % (src, r.stderr.decode()[:300]))
        out[label] = idx
    return out


def scan(prog, index, doc):
    r = subprocess.run([prog, "scan", "--index", index, "--json", doc], capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit("eval_news: scan of %s failed (exit %d): %s" % (doc, r.returncode, r.stderr.decode()[:300]))
    recs = [json.loads(x) for x in r.stdout.decode().splitlines() if x.strip()]
    if len(recs) != 1:
        sys.exit("eval_news: scan of %s gave %d records" % (doc, len(recs)))
    d = recs[0]
    groups = {}
    for e in d.get("entities", []):
        groups[e["id"]] = {e["id"]} | {x["id"] for x in e.get("listed_by", [])}
    ments = []
    for m in d.get("mentions", []):
        ments.append({"id": m["entity"], "ids": groups.get(m["entity"], {m["entity"]}),
                      "start": m["start"], "end": m["end"], "text": m["text"],
                      "how": m.get("how", ""), "score": m.get("score", 0)})
    return ments, groups

# ---- counting --------------------------------------------------------------------------


def prf(tp, fp, fn):
    nan = float("nan")
    p = tp / (tp + fp) if tp + fp else nan
    r = tp / (tp + fn) if tp + fn else nan
    f = 2 * p * r / (p + r) if tp else (0.0 if tp + fp and tp + fn else nan)
    return p, r, f


def overlap(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def evaluate(prog, index, docs, verbose, say, show_test):
    # per split: kind -> [tp, fp, fn]; entities [tp, fp, fn]
    res = {}
    outer_say = say
    for split, doc, labels in docs:
        ments, groups = scan(prog, index, doc)
        if split == "test" and not show_test:
            def say(*_a, **_k):  # the held-out half: figures only, no details
                pass
        else:
            say = outer_say
        r = res.setdefault(split, {"kinds": {}, "mentions": [0, 0, 0], "entities": [0, 0, 0]})
        listed = [l for l in labels if l["id"] != "-"]
        used = set()
        for l in listed:
            hit = [i for i, m in enumerate(ments) if l["id"] in m["ids"] and overlap(l, m)]
            used.update(hit)
            k = r["kinds"].setdefault(l["kind"], [0, 0, 0])
            if hit:
                k[0] += 1
                r["mentions"][0] += 1
            else:
                k[2] += 1
                r["mentions"][2] += 1
                say("  MISS  %-6s %-16s %-40s %s" % (split, os.path.basename(doc), l["text"][:40], l["id"] + " " + l["kind"]), verbose=True)
        for i, m in enumerate(ments):
            if i in used:
                if verbose:
                    say("  ok    %-6s %-16s %-40s %s (%s %.2f)" % (split, os.path.basename(doc), m["text"][:40], m["id"], m["how"], m["score"]), verbose=True)
                continue
            over = [l for l in labels if overlap(l, m)]
            kind = over[0]["kind"] if over else "unlabelled"
            r["kinds"].setdefault(kind, [0, 0, 0])[1] += 1
            r["mentions"][1] += 1
            say("  FALSE %-6s %-16s %-40s %s (%s %.2f) [%s]" % (split, os.path.basename(doc), m["text"][:40], m["id"], m["how"], m["score"], kind), verbose=True)
        want = {l["id"] for l in listed}
        got = list(groups.values())
        tp = sum(1 for w in want if any(w in g for g in got))
        fp = sum(1 for g in got if not (g & want))
        r["entities"][0] += tp
        r["entities"][1] += fp
        r["entities"][2] += len(want) - tp
    return res


def article(prog, index):
    path = os.path.join(ROOT, "..", "shared", "examples", "news-2018-08-06-rand-paul-moscow.txt")
    if not os.path.exists(path):
        return None, "absent"
    ments, _ = scan(prog, index, path)
    got = {}
    for m in ments:
        got[m["id"]] = got.get(m["id"], 0) + 1
    return got == ARTICLE_WANT, got


def engine_label(prog):
    """The commit the embargo binary was built from, as far as its tree
    tells: the git HEAD of the folder holding the binary (not of this
    script's tree: --embargo may be another build), +dirty when that tree's
    sources differ from it; "unknown" outside a git tree."""
    d = os.path.dirname(os.path.realpath(prog))
    r = subprocess.run(["git", "-C", d, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if r.returncode or not r.stdout.strip():
        return "unknown"
    dirty = subprocess.run(["git", "-C", d, "status", "--porcelain", "--untracked-files=no", "--",
                            "src", "tools", "include"], capture_output=True, text=True).stdout.strip()
    return r.stdout.strip() + ("+dirty" if dirty else "")


def fmt(v):
    return "  -  " if v != v else "%.3f" % v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embargo", "--prog", dest="prog", default=os.path.join(ROOT, "embargo"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--index", help="scan against this index instead of the 2024 SDN list")
    ap.add_argument("--out", default=os.path.join(ROOT, "eval", "news-results.txt"))
    ap.add_argument("--summary", help="write the figures as JSON here")
    ap.add_argument("--baseline", help="a --summary JSON of an earlier engine: before -> after")
    ap.add_argument("--split", default="all", choices=("dev", "test", "all"))
    ap.add_argument("--engine-label", help="what to call the engine in --summary (default: the git "
                    "commit of the binary's tree)")
    ap.add_argument("--rebuild", action="store_true", help="regenerate texts and labels from ann/")
    ap.add_argument("-v", action="store_true", help="also print the mentions found")
    ap.add_argument("--show-test", action="store_true",
                    help="print misses and false alerts of the held-out test half too")
    args = ap.parse_args()
    if args.rebuild:
        rebuild(args.split)
        return
    lines = []

    def say(s, verbose=False):
        print(s)
        if not verbose:
            lines.append(s)

    base = json.load(open(args.baseline)) if args.baseline else None
    with tempfile.TemporaryDirectory(prefix="eval_news.") as tmp:
        idx = {"sdn": args.index} if args.index else build_index(args.prog, args.shared, tmp)
        docs = texts(args.split)
        res = evaluate(args.prog, idx["sdn"], docs, args.v, say, args.show_test)
        art = article(args.prog, idx["sdn-2024"]) if "sdn-2024" in idx else (None, "no 2024 index")
    say("# eval_news.py: embargo scan on news texts (eval/data/news, README.md there)")
    say("# list: %s" % ("--index " + args.index if args.index else
                        "OFAC SDN full-2024-05-03/sdn.csv + partial-2025-12 alt/add/comments"))
    engine = args.engine_label or engine_label(args.prog)
    counted = {sp: sorted(os.path.basename(d) for s_, d, _ in docs if s_ == sp) for sp in ("dev", "test")}
    counted = {sp: v for sp, v in counted.items() if v}
    if base:
        # the label and the texts are the baseline's own (its --summary),
        # not this tree's: the before figures are that engine's on those texts
        btexts = base.get("texts")
        said = ", ".join("%d %s" % (len(v), sp) for sp, v in sorted(btexts.items())) if btexts else None
        say("# figures as before -> after; before = %s (%s), after = %s" %
            (base.get("engine", "baseline"), (said + " texts") if said else "texts not recorded", engine))
        if btexts and any(btexts.get(sp) != v for sp, v in counted.items()):
            say("# the baseline counted other texts than these: its figures are not on the same texts")
        elif not btexts:
            say("# the baseline does not say which texts it counted: texts added since are in after only")
    summary = {"engine": engine, "texts": counted}

    def cell(key, val):
        if base is None or key not in base:
            return fmt(val)
        return "%s->%s" % (fmt(base[key]), fmt(val))

    for split in ("dev", "test"):
        if split not in res:
            continue
        r = res[split]
        say("")
        say("## %s (%d texts)" % (split, sum(1 for d in docs if d[0] == split)))
        say("%-16s %4s %4s %4s  %-13s %-13s %-13s" % ("mentions", "tp", "fp", "fn", "precision", "recall", "F1"))
        # kinds counted now or in the baseline (a kind whose false alerts are
        # all gone still shows its before)
        had = {k.split("/")[1] for k in (base or {}) if k.startswith(split + "/") and k.count("/") == 2}
        had -= {"ALL", "entities"}
        order = KINDS + sorted(k for k in set(r["kinds"]) | had if k not in KINDS)
        rows = [(k, r["kinds"].get(k, [0, 0, 0])) for k in order if k in r["kinds"] or k in had]
        rows.append(("ALL", r["mentions"]))
        for k, (tp, fp, fn) in rows:
            p, rc, f = prf(tp, fp, fn)
            key = "%s/%s/" % (split, k)
            summary[key + "p"], summary[key + "r"], summary[key + "f"] = p, rc, f
            say("%-16s %4d %4d %4d  %-13s %-13s %-13s" % (k, tp, fp, fn, cell(key + "p", p),
                                                            cell(key + "r", rc), cell(key + "f", f)))
        tp, fp, fn = r["entities"]
        p, rc, f = prf(tp, fp, fn)
        key = "%s/entities/" % split
        summary[key + "p"], summary[key + "r"], summary[key + "f"] = p, rc, f
        say("%-16s %4d %4d %4d  %-13s %-13s %-13s" % ("entities/text", tp, fp, fn, cell(key + "p", p),
                                                        cell(key + "r", rc), cell(key + "f", f)))
    ok, got = art
    say("")
    say("reference article (2024 SDN alone): %s %s" % ("OK" if ok else "WRONG" if ok is not None else "skipped",
                                                      json.dumps(got, sort_keys=True)))
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(summary, f, indent=1, sort_keys=True)
    if ok is False:
        sys.exit(1)


if __name__ == "__main__":
    main()

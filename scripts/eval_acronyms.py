#!/usr/bin/env python3
"""eval_acronyms.py - acronym aliases read letter by letter (dev check).

An organisation's alias such as IARA (ISLAMIC AFRICAN RELIEF AGENCY) is
read letter by letter, not as a word: an ordinary word or given name that
a romanisation key, a phonetic skeleton, a reading or a typo makes equal to
it (Yara, Iara's neighbour) names something else. This script

  1. lists the OFAC SDN aliases (sdn.csv of 2024-05-03 with alt.csv of
     2025-12, as the quick SDN index is built) of entities that are no
     person that are one all-caps token of 2-6 letters and the initials
     of another of the entity's names (connecting words such as OF, THE,
     AND, DE, AL passed over or giving their letter; a legal form at the
     end passed over);
  2. screens short ordinary words and given names (the engine's given-name
     table src/scan/given_gender.inc, /usr/share/dict/words, the words of
     the name pairs scripts/eval_customers.py draws from, the first words
     of eval/data/nonlisted-companies.txt), alone and followed by
     "International", and counts those that
     alert through such an alias with a query word that is not the
     acronym letter for letter (dots and case aside): false alerts;
  3. screens the ways people write an acronym they mean (as written, lower
     case, dotted I.A.R.A., with a legal form, with a country, with a
     generic word) and counts those that still find the entity. A country
     is written twice: Iran, whichever country the list gives (a query
     that says where the organisation is not: the list's address in
     another country contradicts it, docs/scoring.md), and the entity's
     own country, the first of its addresses in add.csv (Iran where the
     list gives none).

Usage: python3 scripts/eval_acronyms.py [--embargo ./embargo] [--index IDX --list-dir DIR]
           [--out eval/acronyms-results.txt] [--errors N]
Without --index it builds one in a temporary folder from ../shared: sdn.csv
of 2024-05-03 with alt.csv, add.csv and sdn_comments.csv of 2025-12 (the
list the acronyms are read from; --list-dir names the folder of an index
given instead).
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SDN = "data/lists/ofac-sdn/full-2024-05-03/sdn.csv"
ALT = "data/lists/ofac-sdn/partial-2025-12/alt.csv"

CONNECT = {"OF", "THE", "AND", "FOR", "IN", "ON", "AT", "TO", "DE", "DEL", "DELLA", "DA", "DO",
           "DOS", "DAS", "DI", "DU", "DES", "LA", "LE", "LES", "EL", "AL", "ET", "Y", "E", "&"}
LEGAL = {"LTD", "LIMITED", "LLC", "CO", "COMPANY", "CORP", "CORPORATION", "INC", "SA", "SAL",
         "SARL", "GMBH", "AG", "JSC", "PJSC", "OJSC", "CJSC", "OOO", "AO", "ZAO", "OAO", "PLC",
         "FZE", "FZCO", "FZC", "LLP", "BV", "NV", "SPA", "SRL", "CA", "SL", "SDN", "BHD", "PTE",
         "PVT", "KG", "DOO", "AS", "AB", "OY", "SAS", "CIA", "LTDA", "EIRL", "SE", "GROUP"}


def words(name):
    return [w for w in re.split(r"[^A-Z&]+", name.upper()) if w]


def spells(acr, ws):
    """Whether acr is the initials of ws: the letters begin words in order
    from the first word, a connecting word passed over or giving its
    letter, a legal form at the end passed over."""
    def go(i, k):
        if k == len(acr):
            return all(w in LEGAL or w in CONNECT for w in ws[i:])
        if i == len(ws):
            return False
        w = ws[i]
        if w[0] == acr[k] and go(i + 1, k + 1):
            return True
        return w in CONNECT and go(i + 1, k)
    return len(ws) >= 2 and go(0, 0)


def load(list_dir):
    names = {}   # ent_num -> [(name, kind)]
    types = {}
    with open(os.path.join(list_dir, "sdn.csv"), newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) < 3:
                continue
            ent = row[0].strip()
            names.setdefault(ent, []).append((row[1].strip(), "primary"))
            types[ent] = row[2].strip().lower()
    with open(os.path.join(list_dir, "alt.csv"), newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) < 4 or row[0].strip() not in names:
                continue
            names[row[0].strip()].append((row[3].strip(), row[2].strip()))
    return names, types


def countries(list_dir):
    """ent_num -> the country of its first address in add.csv that gives one."""
    out = {}
    try:
        with open(os.path.join(list_dir, "add.csv"), newline="", encoding="utf-8", errors="replace") as f:
            for row in csv.reader(f):
                if len(row) >= 5 and row[4].strip() not in ("", "-0-"):
                    out.setdefault(row[0].strip(), row[4].strip())
    except OSError:
        pass
    return out


def acronym_aliases(names, types):
    out = []  # (ent, acronym, the name it spells)
    for ent, ns in names.items():
        if types.get(ent) == "individual":
            continue
        for nm, kind in ns:
            t = nm.strip()
            if not re.fullmatch(r"[A-Z]{2,6}", t):
                continue
            for other, _ in ns:
                if other != nm and spells(t, words(other)):
                    out.append((ent, t, other))
                    break
    return out


def screen(embargo, index, queries):
    p = subprocess.run([embargo, "screen", "--max-age", "0", "--index", index, "--batch", "--json"],
                       input="\n".join(queries) + "\n", capture_output=True, text=True, check=True)
    res = []
    for line in p.stdout.splitlines():
        if line.strip():
            res.append(json.loads(line))
    return res


def given_names(root):
    path = os.path.join(root, "src/scan/given_gender.inc")
    out = []
    with open(path, encoding="utf-8") as f:
        for m in re.finditer(r'"([A-Za-z]+)"', f.read()):
            out.append(m.group(1).capitalize())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embargo", default="./embargo")
    ap.add_argument("--index", default=None)
    ap.add_argument("--list-dir", default=None, help="directory with sdn.csv and alt.csv")
    ap.add_argument("--out", default="eval/acronyms-results.txt")
    ap.add_argument("--errors", type=int, default=30)
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tmp = None
    if not a.index:
        tmp = tempfile.mkdtemp(prefix="eval_acronyms.")
        lists = os.path.join(tmp, "sdn")
        os.makedirs(lists)
        d = os.path.join(root, "..", "shared")
        for name, rel in (("sdn.csv", SDN), ("alt.csv", ALT), ("add.csv", ALT.replace("alt", "add")),
                          ("sdn_comments.csv", ALT.replace("alt", "sdn_comments"))):
            os.symlink(os.path.abspath(os.path.join(d, rel)), os.path.join(lists, name))
        a.index, a.list_dir = os.path.join(tmp, "sdn.idx"), lists
        subprocess.run([a.embargo, "index", "--list", lists, "--out", a.index], check=True,
                       capture_output=True)
    if not a.list_dir:
        sys.exit("eval_acronyms: --index needs --list-dir")
    names, types = load(a.list_dir)
    acr = acronym_aliases(names, types)
    where = countries(a.list_dir)
    by_acr = {}
    for ent, t, other in acr:
        by_acr.setdefault(t.lower(), set()).add("ofac-sdn:" + ent)
    lines = []
    say = lines.append
    say("# scripts/eval_acronyms.py: acronym aliases read letter by letter (OFAC SDN 2024-05-03 + alt 2025-12)")
    say("acronym aliases (one all-caps token of 2-6 letters, the initials of another name of a non-person): %d"
        % len(acr))
    by_len = {}
    for _, t, _ in acr:
        by_len[len(t)] = by_len.get(len(t), 0) + 1
    say("  by length: " + ", ".join("%d: %d" % (k, by_len[k]) for k in sorted(by_len)))

    # 2. ordinary words and given names
    cands = set()
    for g in given_names(root):
        if 2 <= len(g) <= 7:
            cands.add(g)
    try:
        with open("/usr/share/dict/words", encoding="utf-8", errors="replace") as f:
            for w in f:
                w = w.strip()
                if re.fullmatch(r"[A-Za-z]{2,7}", w):
                    cands.add(w.capitalize())
    except OSError:
        pass
    tr = os.path.join(root, "..", "shared", "data", "pairs", "transliteration")
    try:  # the names the customer evaluation draws from (scripts/eval_customers.py)
        with open(os.path.join(tr, "coling2018", "wd_hebrew"), encoding="utf-8") as f:
            for line in f:
                for w in line.split("\t")[0].split():
                    if re.fullmatch(r"[A-Za-z]{2,7}", w):
                        cands.add(w.capitalize())
        with open(os.path.join(tr, "arabic_english.csv"), encoding="utf-8") as f:
            for row in csv.DictReader(f):
                w = row["english"].strip()
                if re.fullmatch(r"[A-Za-z]{2,7}", w):
                    cands.add(w.capitalize())
    except OSError:
        pass
    with open(os.path.join(root, "eval/data/nonlisted-companies.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            w = line.split()[0]
            if re.fullmatch(r"[A-Za-z]{2,7}", w):
                cands.add(w.capitalize())
    # and each with a company's word after it (Yara International)
    cands = sorted(cands)
    cands += [w + " International" for w in cands]
    # the words that are themselves an acronym letter for letter are no false alert
    res = screen(a.embargo, a.index, cands)
    false_hits, as_name = [], []
    for r in res:
        q = r["query"]
        for mt in r.get("matches", []):
            mn = (mt.get("matched_name") or "").lower()
            if mn not in by_acr or mt["id"] not in by_acr[mn]:
                continue
            pairs = mt.get("explanation", {}).get("pairs", [])
            if any(p["name"] == mn and p["query"].replace(".", "") != mn for p in pairs):
                false_hits.append((q, mt["id"], mt.get("matched_name"), mt["score"]))
            elif any(p["name"] == mn for p in pairs):
                as_name.append((q, mt["id"], mt.get("matched_name"), mt["score"]))
    say("")
    say("ordinary words and given names screened (2-7 letters; alone and + International): %d"
        % len(cands))
    say("  alerting through an acronym alias they do not spell letter for letter: %d" % len(false_hits))
    for q, i, mn, s in sorted(false_hits, key=lambda x: -x[3])[:a.errors]:
        say("    %-12s %.3f %s (as %s)" % (q, s, i, mn))
    say("  finding an acronym alias they spell letter for letter, written as a name (Isis; kept): %d" % len(as_name))
    for q, i, mn, s in sorted(as_name, key=lambda x: -x[3])[:a.errors]:
        say("    %-12s %.3f %s (as %s)" % (q, s, i, mn))

    # 3. the ways people write the acronym they mean
    forms = []
    for ent, t, other in acr:
        eid = "ofac-sdn:" + ent
        forms += [("as written", t, eid), ("lower case", t.lower(), eid),
                  ("dotted", ".".join(t) + ".", eid), ("legal form", t + " LLC", eid),
                  ("with Iran", t + " Iran", eid), ("its country", t + " " + where.get(ent, "Iran"), eid),
                  ("generic word", t + " charity", eid)]
    res = screen(a.embargo, a.index, [q for _, q, _ in forms])
    found = {}
    missed = []
    for (form, q, eid), r in zip(forms, res):
        ok = any(mt["id"] == eid for mt in r.get("matches", []))
        f = found.setdefault(form, [0, 0])
        f[0] += ok
        f[1] += 1
        if not ok:
            missed.append((form, q, eid))
    say("")
    say("the acronym as people write it, finding its entity:")
    for form in ("as written", "lower case", "dotted", "legal form", "with Iran", "its country", "generic word"):
        f = found.get(form, [0, 0])
        say("  %-13s %4d of %4d" % (form, f[0], f[1]))
    say("  missed (first %d):" % a.errors)
    for form, q, eid in missed[:a.errors]:
        say("    %-13s %-16s %s" % (form, q, eid))
    say("")
    say("acronym aliases:")
    for ent, t, other in sorted(acr, key=lambda x: (x[1], int(x[0]))):
        say("  %-7s ofac-sdn:%-6s %s" % (t, ent, other))
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    text = "\n".join(lines) + "\n"
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    print("\n".join(lines[:lines.index("acronym aliases:")]))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""How well embargo groups the same person or organisation across lists.

The labels come from the lists themselves:
- recall: the UK sanctions list marks the entries it took over from the UN
  Security Council ("Designation source: UN"); each of them should be grouped
  with an entry of the UN list. (The UK file is of 2025-08, the UN file of
  2026-02: an entry the UN removed in between cannot be found, so this is a
  lower bound.)
- contradictions: a group whose members all give full birth dates but share
  none is a wrong group (on a name match and weaker evidence).

Runs `embargo info --groups --json` on an index of the bundled lists (plus the
EU Official Journal extraction from ../shared when it is there) and writes
eval/groups-results.txt.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def ods_rows(path):
    """The rows of the first sheet of an ODS file, as lists of cell texts."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("content.xml"))
    table = root.find(".//table:table", NS)
    rep = "{%s}number-columns-repeated" % NS["table"]
    for row in table.iter("{%s}table-row" % NS["table"]):
        cells = []
        for c in row:
            text = "\n".join("".join(p.itertext()) for p in c.findall("text:p", NS))
            cells.extend([text] * min(int(c.get(rep, "1")), 64))
        yield cells


def uk_designated_by_un(path):
    rows = ods_rows(path)
    header = None
    for r in rows:
        if "Unique ID" in r and "Designation source" in r:
            header = r
            break
    if not header:
        sys.exit("eval_groups: no header row in %s" % path)
    iid, isrc = header.index("Unique ID"), header.index("Designation source")
    out = set()
    for r in rows:
        if len(r) > max(iid, isrc) and r[isrc].strip() == "UN" and r[iid].strip():
            out.add("uk:" + r[iid].strip())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embargo", default=os.path.join(ROOT, "embargo"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "eval", "groups-results.txt"))
    args = ap.parse_args()
    lists = [os.path.join(ROOT, "data", "lists")]
    eu = os.path.join(args.shared, "data", "lists", "eu", "opensanctions-journal")
    if os.path.isdir(eu):
        lists.append(eu)
    uk_files = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(ROOT, "data", "lists", "uk"))
                for f in fs if f.endswith(".ods")]
    if not uk_files:
        sys.exit("eval_groups: no UK .ods file in data/lists/uk")
    with tempfile.TemporaryDirectory() as tmp:
        idx = os.path.join(tmp, "all.idx")
        cmd = [args.embargo, "index", "--out", idx]
        for p in lists:
            cmd += ["--list", p]
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        out = subprocess.run([args.embargo, "info", "--groups", "--json", "--index", idx], check=True,
                             capture_output=True, text=True).stdout
    groups = [json.loads(line)["entries"] for line in out.splitlines() if line.strip()]
    group_of = {}
    for g in groups:
        for e in g:
            group_of[e["id"]] = g

    # recall: UK entries taken over from the UN
    by_un = uk_designated_by_un(uk_files[0])
    found = [i for i in by_un if any(e["list"] == "un" for e in group_of.get(i, []))]
    # contradictions: every member gives full birth dates, and no two agree
    def full(e):
        return {d for d in e["birth_dates"] if re.match(r"\d{4}-\d{2}-\d{2}$", d)}
    contradictions = []
    for g in groups:
        dated = [full(e) for e in g if full(e)]
        if len(dated) >= 2 and not set.intersection(*dated):
            contradictions.append(g)
    evidence = collections.Counter()
    for g in groups:
        for e in g:
            why = e.get("grouped_on", "")
            if not why:
                continue
            for kind in ("programme", "reference", "document", "birth year and nationality", "country", "birth date"):
                if kind in why:
                    evidence[kind] += 1
                    break
    lists_per_group = collections.Counter(len({e["list"] for e in g}) for g in groups)

    lines = ["# embargo grouping evaluation (make eval -> scripts/eval_groups.py)",
             "lists    %s" % ", ".join(os.path.relpath(p, ROOT) for p in lists),
             "",
             "groups                                   %6d (entries in them: %d)" % (
                 len(groups), sum(len(g) for g in groups)),
             "groups by number of lists                %s" % ", ".join(
                 "%d lists: %d" % kv for kv in sorted(lists_per_group.items())),
             "entries joined, by first evidence        %s" % ", ".join(
                 "%s %d" % kv for kv in evidence.most_common()),
             "",
             "## recall: UK entries designated by the UN, grouped with a UN entry",
             "found                                    %6d of %d  (%.3f; a lower bound: the UN file is newer)" % (
                 len(found), len(by_un), len(found) / max(1, len(by_un))),
             "",
             "## contradictions: groups whose dated members share no birth date",
             "groups                                   %6d of %d" % (len(contradictions), len(groups))]
    for g in contradictions[:20]:
        lines.append("  " + " | ".join("%s %s %s" % (e["id"], e["name"], sorted(full(e))) for e in g))
    missed = sorted(set(by_un) - set(found))
    lines.append("")
    lines.append("## UK entries by the UN not grouped (first 30 of %d)" % len(missed))
    lines.extend("  " + m for m in missed[:30])
    text = "\n".join(lines) + "\n"
    with open(args.out, "w") as f:
        f.write(text)
    print("\n".join(lines[:14]))


if __name__ == "__main__":
    main()

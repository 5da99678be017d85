#!/usr/bin/env python3
"""Generates news-like text for the scan benchmark (bench/text.txt is not
committed: it is made at `make bench` time, deterministically).

Sentences are built from the ordinary words of a self-written paragraph
pool, with about one name per sentence: people from Wikidata (the Latin side
of ../shared/data/pairs/transliteration/coling2018/wd_hebrew, CC0), made-up
organisations, places, and now and then (1 sentence in 150) a person or
organisation from the OFAC SDN list as a newspaper would write it. Without
../shared, names come from a small built-in pool.
"""
import argparse
import csv
import os
import random

FILLER = """the minister said on monday that the talks had made progress but that
much work remained before any agreement could be signed by the parties
officials in the capital declined to comment on the report which was
published late on friday and quickly drew criticism from opposition lawmakers
according to people familiar with the matter the company has been under
pressure from investors for months and its shares fell sharply this week
a spokesman for the ministry confirmed the meeting took place but gave no
details about who attended or what was discussed behind closed doors
analysts said the decision reflected growing concern about the economy and
the risk that new restrictions would hurt exports already weakened by the
slowdown in demand from abroad during the second half of the year""".split()

PLACES = ["Moscow", "Washington", "London", "Brussels", "Geneva", "Dubai", "Istanbul",
          "Beijing", "Tehran", "Kyiv", "Minsk", "Caracas", "Havana", "Damascus", "Berlin"]
ORG_WORDS = ["Global", "United", "Northern", "Capital", "Trade", "Energy", "Holdings",
             "Logistics", "Ventures", "Partners", "Industrial", "Maritime", "Group", "Systems"]
FORMS = ["LLC", "Ltd", "GmbH", "JSC", "S.A.", "Inc.", "Corporation"]
FALLBACK = ["John Smith", "Maria Garcia", "Wei Zhang", "Olga Ivanova", "Ahmed Hassan"]


def load_people(shared):
    path = os.path.join(shared, "data/pairs/transliteration/coling2018/wd_hebrew")
    if not os.path.exists(path):
        return FALLBACK
    people = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            name = line.split("\t", 1)[0].strip()
            if 2 <= len(name.split()) <= 4:
                people.append(name)
    return people


def load_listed(shared):
    path = os.path.join(shared, "data/lists/ofac-sdn/full-2024-05-03/sdn.csv")
    if not os.path.exists(path):
        return []
    out = []
    with open(path, encoding="cp1252", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 3:
                continue
            name = row[1]
            if row[2] == "individual" and ", " in name:
                last, first = name.split(", ", 1)
                out.append(f"{first} {last.title()}")
            elif row[2] == "-0- ":
                out.append(name.title())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--seed", type=int, default=20180806)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    people = load_people(args.shared)
    listed = load_listed(args.shared)
    target = int(args.mb * 1_000_000)
    size = 0
    with open(args.out, "w", encoding="utf-8") as out:
        while size < target:
            para = []
            for _ in range(rnd.randint(3, 6)):
                words = [rnd.choice(FILLER) for _ in range(rnd.randint(12, 28))]
                r = rnd.random()
                if listed and r < 1 / 150:
                    name = rnd.choice(listed)
                elif r < 0.55:
                    name = rnd.choice(people)
                elif r < 0.75:
                    name = " ".join(rnd.sample(ORG_WORDS, rnd.randint(1, 3))) + " " + rnd.choice(FORMS)
                else:
                    name = rnd.choice(PLACES)
                pos = rnd.randint(0, len(words))
                words[pos:pos] = name.split()
                s = " ".join(words)
                para.append(s[0].upper() + s[1:] + ".")
            text = " ".join(para) + "\n\n"
            out.write(text)
            size += len(text.encode("utf-8"))


if __name__ == "__main__":
    main()

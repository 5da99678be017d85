#!/usr/bin/env python3
"""Generates an OpenSanctions-scale list for the scale benchmark: N entities
(default 1,000,000) in OFAC's legacy sdn.csv layout, with 1-3 aliases each
in an alt.csv. Names are recombined from the given names and surnames of
Wikidata persons (../shared/data/pairs/transliteration/coling2018/wd_hebrew,
CC0) and made-up company words, so their token statistics look like a real
list's; about a third are organisations. Deterministic (fixed seed).
Nothing generated is committed: `make bench-scale` makes it in a temp dir."""
import argparse
import os
import random

WORDS = ("global trade energy capital holding group industrial logistics maritime systems "
         "invest finance technology development construction resources petroleum mining "
         "shipping services international national united eastern northern southern").split()
FORMS = ["LLC", "LIMITED", "JSC", "GMBH", "S.A.", "INC.", "CO., LTD.", "OOO", "FZE"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--out", required=True, help="folder to write sdn.csv and alt.csv into")
    ap.add_argument("--entities", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    given, family = [], []
    path = os.path.join(args.shared, "data/pairs/transliteration/coling2018/wd_hebrew")
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split("\t", 1)[0].split()
            if len(parts) >= 2 and all(p.isascii() and p.isalpha() for p in parts):
                given.append(parts[0])
                family.append(parts[-1])
    os.makedirs(args.out, exist_ok=True)
    alt_num = 1
    with open(os.path.join(args.out, "sdn.csv"), "w", encoding="ascii", errors="replace") as sdn, \
            open(os.path.join(args.out, "alt.csv"), "w", encoding="ascii", errors="replace") as alt:
        for ent in range(1, args.entities + 1):
            if rnd.random() < 0.33:
                name = " ".join(w.upper() for w in rnd.sample(WORDS, rnd.randint(1, 3)))
                name = f"{rnd.choice(family).upper()} {name} {rnd.choice(FORMS)}"
                kind = "-0- "
            else:
                name = f"{rnd.choice(family).upper()}, {rnd.choice(given)} {rnd.choice(given)}"
                kind = '"individual"'
            sdn.write(f'{ent},"{name}",{kind},"SCALE",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                      f'"DOB {rnd.randint(1,28):02d} Jan {rnd.randint(1940,2000)}."\r\n')
            for _ in range(rnd.randint(1, 3)):
                aka = f"{rnd.choice(family).upper()}, {rnd.choice(given)}"
                alt.write(f'{ent},{alt_num},"aka","{aka}",-0- \r\n')
                alt_num += 1


if __name__ == "__main__":
    main()

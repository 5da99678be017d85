#!/usr/bin/env python3
"""A bank's customer file screened as a bank screens it: how many alerts per
1,000 customers, and are the listed customers found, with and without the
birth date and nationality columns?

The customer file is synthetic, seeded and deterministic: 20,000 rows as a
core banking export writes them (';' between fields, a byte-order mark,
"SURNAME FIRSTNAME" in upper case, titles, initials, middle names mostly
missing, birth dates as DD.MM.YYYY, nationality as ISO codes, sometimes
alpha-3 or a country name, passport numbers, account numbers as keys, a few
companies). The people are made up: given names and surnames drawn apart from
the Latin side of Wikidata's person names (coling2018 wd_hebrew, CC0) and
from the Arabic-English name pairs (transliteration/arabic_english.csv), and
recombined at random; the companies are the registry names of
eval/data/nonlisted-companies.txt. No OpenSanctions data is used.

Among them are a few hundred listed people: persons of the bundled OFAC SDN
list (data/lists) with a full birth date and a nationality, their names,
birth dates and nationalities read with `embargo show --json`, spelt as a
bank would: "SURNAME GIVEN" in upper case, the patronymic or middle names
dropped, the given name as an initial, another romanisation (Kh/H, -iy/-y,
Yu/Iu, Mohammed/Muhammad ...), a title, or a non-weak alias; the birth date
written DD.MM.YYYY and the nationality as its ISO code.

The file is screened four times (`embargo screen --batch --csv --json
--date-order dmy` against the bundled data): names only, with the birth
date, with the nationality, and with both (and the passport and type
columns). Reported: alerts per 1,000 rows on the customers who are not
listed (rows with an alert, and alerts), and recall on the listed ones: the
right entity (or its own entry on another list, the same group) among the
matches, and first. A listed customer found on the name alone but lost with
the evidence would be a true hit lost; there must be none. Alerts that the
evidence contradicts but that stay because the name matches strongly (the
library keeps a name of 0.90 or more at the threshold by design) are
counted.

Usage:
    python3 scripts/eval_customers.py [--embargo ./embargo] [--shared ../shared]
                                      [--rows 20000] [--listed 300]
                                      [--out eval/customers-results.txt]
                                      [--file build/eval/customers.csv]
"""
import argparse
import collections
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 20260303

TITLES = ["MR", "MRS", "MS", "DR", "MR.", "MRS."]
# (share, code) of the customers' nationalities: a European bank's book
NATIONALITIES = [(30, "DE"), (8, "AT"), (6, "PL"), (6, "TR"), (5, "IT"), (5, "FR"), (4, "GB"), (4, "ES"),
                 (4, "RO"), (3, "RU"), (3, "UA"), (3, "NL"), (2, "US"), (2, "CN"), (2, "IN"), (2, "HR"),
                 (2, "RS"), (2, "GR"), (1, "SY"), (1, "IR"), (1, "LB"), (1, "EG"), (1, "MA"), (1, "BY"),
                 (1, "PT"), (1, "CH"), (1, "SE"), (1, "BR"), (1, "AF"), (1, "IQ")]
# romanisations a bank's clerk may use instead of the list's
ROMANISATIONS = [("KH", "H"), ("IY ", "Y "), ("IY$", "Y"), ("YU", "IU"), ("YA", "IA"), ("YE", "E"),
                 ("EI", "EY"), ("OU", "U"), ("ZH", "J"), ("SH", "CH"), ("TS", "TZ"), ("OV$", "OFF"),
                 ("MOHAMMED", "MUHAMMAD"), ("MUHAMMAD", "MOHAMED"), ("MOHAMMAD", "MUHAMMED"),
                 ("AL-", "EL-"), ("ABD AL-", "ABDUL "), ("Q", "K"), ("OO", "U"), ("EE", "I"),
                 ("J", "DJ"), ("-", " "), ("SKIY", "SKI"), ("KS", "X")]


def read_pools(shared):
    """Given names, middle names and surnames, drawn apart from real names."""
    given, middle, surname = [], [], []
    word = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")
    with open(os.path.join(shared, "data", "pairs", "transliteration", "coling2018", "wd_hebrew"),
              encoding="utf-8") as f:
        for line in f:
            latin = line.split("\t")[0].split()
            if len(latin) < 2 or not all(word.match(w) for w in latin):
                continue
            given.append(latin[0])
            surname.append(latin[-1])
            if len(latin) == 3:
                middle.append(latin[1])
    arabic = []
    with open(os.path.join(shared, "data", "pairs", "transliteration", "arabic_english.csv"),
              encoding="utf-8") as f:
        for row in csv.DictReader(f):
            w = row["english"].strip()
            if re.match(r"^[a-z]{3,}$", w):
                arabic.append(w.capitalize())
    companies = []
    with open(os.path.join(ROOT, "eval", "data", "nonlisted-companies.txt"), encoding="utf-8") as f:
        companies = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    return given, middle, surname, arabic, companies


def country_codes():
    """English country names -> ISO alpha-2, from the library's own table."""
    out = {}
    pat = re.compile(r'\{"([A-Z]{2})", "([A-Z]{0,3})", "([^"]*)"\}')
    with open(os.path.join(ROOT, "src", "text", "country_table.inc"), encoding="utf-8") as f:
        for m in pat.finditer(f.read()):
            out.setdefault(m.group(3).lower(), (m.group(1), m.group(2)))
    return out


def listed_people(embargo, n, rng):
    """n seeded SDN persons with a full birth date and a nationality, as
    `embargo show --json` gives them."""
    cands = []
    with open(os.path.join(ROOT, "data", "lists", "ofac-sdn", "sdn.csv"), encoding="latin-1") as f:
        for row in csv.reader(f):
            if len(row) > 11 and row[2].strip('" ') == "individual" and "," in row[1] \
                    and re.search(r"DOB \d\d [A-Z][a-z]{2} \d{4}", row[11]) and "nationality" in row[11]:
                cands.append("ofac-sdn:" + row[0].strip())
    cands.sort()
    rng.shuffle(cands)
    people = []
    for eid in cands:
        if len(people) == n:
            break
        p = subprocess.run([embargo, "show", "--json", eid], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if p.returncode != 0:
            continue
        d = json.loads(p.stdout)
        dobs = [x for x in d.get("birth_dates", []) if re.match(r"^\d{4}-\d{2}-\d{2}$", x)]
        nats = d.get("nationalities", [])
        if not dobs or not nats:
            continue
        names = [x["name"] for x in d["names"] if not x.get("weak") and not x.get("derived") and "," in x["name"]]
        if not names:
            continue
        people.append({"id": eid, "names": names, "dob": dobs[0], "nationality": nats[0]})
    return people


def romanise(name, rng):
    """Another romanisation of an upper-case name: one or two rules that apply."""
    rules = [r for r in ROMANISATIONS if re.search(r[0].replace("$", r"(?=\b)") if r[0].endswith("$") else re.escape(r[0]), name)]
    rng.shuffle(rules)
    out = name
    for pat, rep in rules[:rng.choice((1, 2))]:
        if pat.endswith("$"):
            out = re.sub(pat[:-1] + r"\b", rep, out)
        else:
            out = out.replace(pat, rep, 1)
    return out


def bank_spelling(person, rng):
    """A listed person's name as a bank writes it, and which variant."""
    variant = rng.choice(["full", "no-middle", "no-middle", "initial", "romanised", "romanised", "title", "alias"])
    names = person["names"]
    name = names[0]
    if variant == "alias":
        if len(names) > 1:
            name = rng.choice(names[1:])
        else:
            variant = "no-middle"
    surname, _, given = name.partition(",")
    # a core banking system keeps letters, spaces and hyphens: no apostrophes
    surname = re.sub(r"['`\u2019\u02bf\u02be]", "", surname).strip().upper()
    given = re.sub(r"['`\u2019\u02bf\u02be]", "", given).strip().upper().split()
    if not given:
        given = [""]
    # a compound given name ("Abd al-Rahman", "Abu Bakr") is one name
    while len(given) > 1 and given[0] in ("ABD", "ABU", "ABDUL", "UMM", "AL", "EL"):
        given[0:2] = [given[0] + " " + given[1]]
    if variant in ("no-middle", "romanised", "title", "alias"):
        given = given[:1]
    if variant == "initial":
        given = [given[0][:1]] + [g[:1] for g in given[1:2] if rng.random() < 0.5]
    text = " ".join([surname] + given).strip()
    if variant == "romanised":
        text = romanise(text, rng)
    if variant == "title":
        text = rng.choice(TITLES) + " " + text
    return re.sub(r"\s+", " ", text), variant


def customer_name(pools, rng):
    given, middle, surname, arabic, _ = pools
    if rng.random() < 0.15:
        g, s = rng.choice(arabic), rng.choice(arabic)
    else:
        g, s = rng.choice(given), rng.choice(surname)
    parts = [s.upper(), g.upper()]
    r = rng.random()
    if r < 0.25:
        parts.append(rng.choice(middle).upper())
    elif r < 0.35:
        parts.append(rng.choice(middle)[0].upper())
    if rng.random() < 0.06:
        parts[1] = parts[1][0] + "."
    text = " ".join(parts)
    if rng.random() < 0.08:
        text = rng.choice(TITLES) + " " + text
    return text


def nationality(rng):
    total = sum(w for w, _ in NATIONALITIES)
    x = rng.uniform(0, total)
    for w, code in NATIONALITIES:
        x -= w
        if x <= 0:
            return code
    return NATIONALITIES[-1][1]


def write_file(path, pools, people, rows, rng, codes):
    by_code = {a2: (a3, name) for name, (a2, a3) in codes.items()}
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["ACCOUNT_NO", "CUSTOMER_NAME", "DATE_OF_BIRTH", "NATIONALITY", "PASSPORT_NO", "CUST_TYPE"])
    truth = {}
    slots = set(rng.sample(range(rows), len(people)))
    it = iter(people)
    for i in range(rows):
        acct = "DE%02d%010d" % (rng.randrange(100), 4000000000 + i * 7919 % 999999937)
        passport = "%s%07d" % ("".join(rng.choice("CFGHJKLMNPRTVWXYZ") for _ in range(2)), rng.randrange(10 ** 7))
        if i in slots:
            p = next(it)
            name, variant = bank_spelling(p, rng)
            y, m, d = p["dob"].split("-")
            listed_nat = re.sub(r"^(possibly|probably|reportedly)\s+", "", p["nationality"], flags=re.I)
            a2a3 = codes.get(listed_nat.lower())
            nat = a2a3[0] if a2a3 else listed_nat.upper()
            w.writerow([acct, name, "%s.%s.%s" % (d, m, y), nat, passport, "P"])
            truth[acct] = (p["id"], variant, name)
            continue
        if rng.random() < 0.05:
            w.writerow([acct, rng.choice(pools[4]).upper(), "", nationality(rng), "", "C"])
            continue
        name = customer_name(pools, rng)
        dob = "" if rng.random() < 0.03 else "%02d.%02d.%04d" % (rng.randint(1, 28), rng.randint(1, 12),
                                                                 rng.randint(1935, 2006))
        nat = "" if rng.random() < 0.03 else nationality(rng)
        r = rng.random()
        if nat and r < 0.08 and by_code.get(nat, ("",))[0]:
            nat = by_code[nat][0]          # alpha-3
        elif nat and r < 0.11:
            nat = by_code.get(nat, ("", nat))[1].upper()  # the country's name
        w.writerow([acct, name, dob, nat, passport, "P"])
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(out.getvalue())
    return truth


MODES = [("names only", "dob=-,country=-,id=-,type=-"),
         ("+ birth date", "dob=DATE_OF_BIRTH,country=-,id=-,type=-"),
         ("+ nationality", "dob=-,country=NATIONALITY,id=-,type=-"),
         ("+ birth date + nationality (+ passport, type)",
          "dob=DATE_OF_BIRTH,country=NATIONALITY,id=PASSPORT_NO,type=CUST_TYPE")]


def screen(embargo, path, cols):
    spec = "name=CUSTOMER_NAME,key=ACCOUNT_NO," + cols
    with open(path, "rb") as f:
        t0 = time.time()
        p = subprocess.run([embargo, "screen", "--batch", "--csv", "--json", "--date-order", "dmy",
                            "--max-age", "0", "--columns", spec], stdin=f, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        secs = time.time() - t0
    if p.returncode not in (0, 1, 2):
        sys.exit("embargo screen failed (%d): %s" % (p.returncode, p.stderr.decode()[:500]))
    recs = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines() if line.strip()]
    return recs, secs, p.stderr.decode("utf-8", "replace")


def right_entity(m, want):
    return m["id"] == want or any(x["id"] == want for x in m.get("listed_by", []))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--embargo", default=os.path.join(ROOT, "embargo"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--listed", type=int, default=300)
    ap.add_argument("--out", default=os.path.join(ROOT, "eval", "customers-results.txt"))
    ap.add_argument("--file", default=os.path.join(ROOT, "build", "eval", "customers.csv"))
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, "data", "pairs")):
        sys.exit("eval_customers: %s/data/pairs is absent (--shared)" % a.shared)
    rng = random.Random(SEED)
    pools = read_pools(a.shared)
    codes = country_codes()
    people = listed_people(a.embargo, a.listed, rng)
    truth = write_file(a.file, pools, people, a.rows, rng, codes)
    info = json.loads(subprocess.run([a.embargo, "info", "--json"], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL).stdout)
    lines = []
    say = lines.append
    say("eval_customers: a synthetic customer file of %d rows (%s, seed %d), %d of them listed people "
        "spelt as a bank would, screened against the bundled lists (%s; screened_against %s)"
        % (a.rows, os.path.relpath(a.file, ROOT), SEED, len(truth),
           ", ".join("%s %s" % (x["name"], x["date"] or "undated") for x in info["lists"]),
           info.get("screened_against")))
    variants = collections.Counter(v for _, v, _ in truth.values())
    say("listed spellings: " + ", ".join("%s %d" % kv for kv in sorted(variants.items())))
    say("threshold: the default (0.80); --date-order dmy; every row of every run screened in one batch")
    say("")
    say("%-48s %9s %9s %8s %8s %7s %6s %7s %6s" % ("columns used", "alerted/k", "alerts/k", "recall", "first",
                                                   "errors", "kept", "no-dob", "secs"))
    found_by_mode = {}
    examples = {}
    for label, cols in MODES:
        recs, secs, err = screen(a.embargo, a.file, cols)
        nonlisted = [r for r in recs if r.get("key") not in truth]
        listed = [r for r in recs if r.get("key") in truth]
        errors = [r for r in recs if "error" in r]
        alerted = sum(1 for r in nonlisted if r.get("matches"))
        alerts = sum(len(r.get("matches", [])) for r in nonlisted)
        kept = sum(1 for r in nonlisted for m in r.get("matches", [])
                   if "kept at the threshold" in m["explanation"].get("note", ""))
        nodob = sum(1 for r in nonlisted for m in r.get("matches", []) if not m.get("birth_dates"))
        found, first = set(), set()
        for r in listed:
            want = truth[r["key"]][0]
            ms = r.get("matches", [])
            if any(right_entity(m, want) for m in ms):
                found.add(r["key"])
            if ms and right_entity(ms[0], want):
                first.add(r["key"])
        found_by_mode[label] = found
        n = max(len(nonlisted), 1)
        say("%-48s %9.1f %9.1f %7.1f%% %7.1f%% %7d %6d %7d %6.1f" % (
            label, 1000.0 * alerted / n, 1000.0 * alerts / n, 100.0 * len(found) / max(len(truth), 1),
            100.0 * len(first) / max(len(truth), 1), len(errors), kept, nodob, secs))
        examples[label] = (nonlisted, listed, errors, found)
    say("")
    say("alerted/k: customers who are not listed with at least one alert, per 1,000 such rows; alerts/k: "
        "their alerts (matches) per 1,000; recall: listed customers whose entity (or its entry on another "
        "list) is among the matches; first: it is the top match; kept: alerts on customers who are not listed "
        "that the evidence contradicts but the library keeps at the threshold because the name matches "
        "strongly (>= 0.90); no-dob: alerts on customers who are not listed whose listed entity gives no birth "
        "date (nothing for the customer's to contradict: the UK list, organisations)")
    base, full = MODES[0][0], MODES[-1][0]
    lost = sorted(found_by_mode[base] - found_by_mode[full])
    gained = sorted(found_by_mode[full] - found_by_mode[base])
    say("")
    say("true hits lost with birth date + nationality: %d; found only with them: %d" % (len(lost), len(gained)))
    for k in lost[:20]:
        say("  lost: %s %s (%s)" % (truth[k][2], truth[k][0], truth[k][1]))
    for k in gained[:10]:
        say("  gained: %s %s (%s)" % (truth[k][2], truth[k][0], truth[k][1]))
    nonlisted, listed, errors, found = examples[full]
    missed = [r for r in listed if r["key"] not in found]
    say("")
    say("recall by spelling, with birth date + nationality:")
    for v in sorted(variants):
        keys = [k for k, t in truth.items() if t[1] == v]
        say("  %-10s %3d of %3d" % (v, sum(1 for k in keys if k in found), len(keys)))
    say("")
    say("listed customers missed (with birth date + nationality), up to 20:")
    for r in missed[:20]:
        t = truth[r["key"]]
        say("  %-40s %-16s %-10s best: %s" % (t[2], t[0], t[1],
                                             ", ".join("%s %.3f" % (m["id"], m["score"]) for m in r.get("matches", [])[:2])
                                             or r.get("error", "none")))
    say("")
    say("alerts that stay on customers who are not listed (with birth date + nationality), up to 15:")
    shown = 0
    for r in nonlisted:
        for m in r.get("matches", [])[:1]:
            if shown < 15:
                say("  %-36s %-9s %-3s -> %-18s %-40s %.3f  %s" % (
                    r["query"], r.get("input", {}).get("birth_date", ""), r.get("input", {}).get("country", ""),
                    m["id"], m["name"][:40], m["score"], m["explanation"].get("note", "")))
                shown += 1
    for e in errors[:10]:
        say("  row error: line %s: %s" % (e.get("line"), e.get("error")))
    text = "\n".join(lines) + "\n"
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()

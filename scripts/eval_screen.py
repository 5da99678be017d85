#!/usr/bin/env python3
"""Screening-level accuracy of embargo: is the right entity found, and how often
does a name that is not listed alert?

`eval_names.py` scores labelled PAIRS with `embargo compare`. This script
measures what a user of `embargo screen` sees: whole queries screened against
the full 2024 OFAC SDN list (../shared/data/lists/ofac-sdn/full-2024-05-03),
the way the held-out evaluation of issue 2 screens them. Query groups:

  real, listed (expected answer: one SDN entity)
    eu-ru-persons   EU Official Journal, Reg. 269/2014 (Russia/Ukraine): every
                    spelling the EU gives (Latin name, Latin and Cyrillic
                    aliases) of persons linked to an SDN person
    eu-by-persons   the same for Reg. 765/2006 (Belarus)
    eu-orgs         EU-listed organisations linked to an SDN organisation by a
                    shared Russian tax or registration number (INN/OGRN)
    putin           81 spellings of Vladimir Putin (nomenklatura fixture)
    article         the reference article's five listed people
  synthetic, listed (our own noise, reported apart)
    syn-persons     1,000 seeded SDN persons: reordered, one typo, middle name
                    dropped, middle initial, all initials, title prefix
    syn-orgs        500 seeded SDN organisations: one typo, legal form swapped,
                    legal form dropped
  real, not listed (expected: no alert)
    nl-wikidata     3,000 seeded person names from Wikidata (coling2018 wd_hebrew,
                    Latin side, CC0), minus any that equal a listed name; those of
                    the sample that are a listed person (listed_person_links: a
                    name unique among the Wikidata names, written as the listed
                    person is named) are left out of the figures, which are
                    printed before and after that cleaning
    nl-companies    company names from the PCI ID registry (eval/data/
                    nonlisted-companies.txt) and German party donors (yente fixture)
    nl-americans    the Americans of the reference article
    nl-eu-cor       members of the EU Committee of the Regions ("SURNAME, Given")
    nl-saudi-peps   Saudi PEPs from Wikidata (Arabic names, several scripts); the
                    names of PEPs who are a listed person (listed_pep_names: birth
                    year and name) are left out in the same way

Linking EU persons to SDN persons uses independent evidence only (no engine):
the same full birth date AND the same surname after a romanisation-insensitive
consonant skeleton (Cyrillic transliterated by a simple table; kh/h/g,
ts/c/ch/tch/tsch, sh/sch/shch/zh/z/s, v/w/f, vowels and y/j dropped).
One EU person with several SDN candidates, or one SDN person claimed by
several EU persons, is dropped as ambiguous. Given names and tax numbers,
which the link does not use, are reported as a check on the links.

All queries go through one `embargo screen --batch --json` run at the engine's
default threshold (read from `embargo compare --json`): the headline figures,
what a user sees. A second batch run at 0.50 gives the threshold sweep (its
matches filtered at each T) and the diagnostics (the expected entity's score
when it was missed). The script reports the queries whose matches at the
default differ between the two runs: they should not, and do when the engine's
candidate pruning depends on the threshold. Matches printed at the threshold
itself (0.800: the JSON gives 3 decimals, the engine compares the unrounded
score, which may be just below) are left out of that comparison and the
queries they alone set apart are counted as rounding. Recall@1 and the
false-alert rates carry their 95% Wilson interval. Deterministic (fixed seeds,
sorted inputs); standard library only; a few seconds.

Usage:
    python3 scripts/eval_screen.py [--embargo ./embargo] [--shared ../shared]
                                   [--out eval/screen-results.txt] [--misses 30]
"""
import argparse
import collections
import csv
import json
import os
import random
import re
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SDN_DIR = "lists/ofac-sdn/full-2024-05-03"
EU_FILES = [("eu-ru-persons", "32014R0269"), ("eu-by-persons", "32006R0765")]
FLOOR = 0.50            # threshold of the one screening run (diagnostics below the sweep)
LIMIT = 25              # matches kept per query in that run
SWEEP = [0.70, 0.75, 0.80, 0.85, 0.90, 0.95]
SEED = 20240503

ARTICLE_LISTED = [("Konstantin Kosachyov", "24231"), ("Leonid Slutsky", "16662"),
                  ("Vladimir V. Putin", "35096"), ("Maria Butina", "35573"),
                  ("Sergey I. Kislyak", "36820")]
ARTICLE_AMERICANS = ["Rand Paul", "Donald Trump", "Michael T. Flynn", "Jeff Sessions",
                     "Jared Kushner", "Peter Goettler", "Don Huffines", "Nicholas Fandos",
                     "Ivan Nechepurenko"]

# --------------------------------------------------------------------------
# Text helpers (independent of the engine on purpose)

CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ј": "j", "ђ": "dj",
    "ћ": "c", "љ": "lj", "њ": "nj", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
}
SKEL_SUBS = [("shch", "s"), ("tsch", "c"), ("sch", "s"), ("tch", "c"), ("zh", "s"),
             ("sh", "s"), ("ch", "c"), ("ts", "c"), ("tz", "c"), ("kh", "h"), ("gh", "h"),
             ("ph", "f"), ("ck", "k")]
SKEL_MAP = str.maketrans({"g": "h", "w": "v", "f": "v", "q": "k", "z": "s"})
PATRONYMIC = re.compile(r"(?i)(vich|vych|vna|ich|ych|ovna|ivna|auna|eua|ogly|oglu|kyzy)$")
MONTHS = {m: i + 1 for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}


def has_cyrillic(s):
    return any("\u0400" <= ch <= "\u04ff" for ch in s)


HOMOGLYPHS = str.maketrans("AaBCcEeËëHIiKMOoPpTXxYy", "АаВСсЕеЁёНІіКМОоРрТХхУу")


def fold(s):
    """Lower-case ASCII letters, digits and spaces: Cyrillic by table, marks dropped.
    Latin look-alikes inside a Cyrillic word are read as Cyrillic (ЦАPËВ, ТРОФIМОB)."""
    s = " ".join(w.translate(HOMOGLYPHS) if has_cyrillic(w) else w for w in s.split())
    s = "".join(CYR.get(ch, ch) for ch in s.lower())
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("'", "").replace("\u2019", "").replace("\u02bc", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def skeleton(word):
    """Consonant skeleton on which romanisations of one Cyrillic name agree."""
    s = fold(word).replace(" ", "").replace("x", "ks")
    s = re.sub(r"^c(?=[aou])", "k", s)      # Caraman, Corneliu: a hard c (not Łacinka c = ц)
    for a, b in SKEL_SUBS:
        s = s.replace(a, b)
    s = s.translate(SKEL_MAP)
    s = re.sub(r"[aeiouyj0-9]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def edit1(a, b):
    """True if a and b are at most one insertion, deletion or substitution apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] or (len(a) == len(b) and a[i + 1:] == b[i + 1:])


def token_key(s):
    return tuple(sorted(fold(s).split()))


def script_of(s):
    if has_cyrillic(s):
        return "cyrillic"
    letters = [ch for ch in s if ch.isalpha()]
    if letters and all(ord(ch) < 0x250 for ch in letters):
        return "latin"
    return "other"


# --------------------------------------------------------------------------
# The SDN list

def load_sdn(path):
    """ent_num -> {name, type, dobs, akas, ids}. cp1252, headerless, 12 columns."""
    ents = {}
    with open(path, encoding="cp1252", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 12:
                continue
            rem = row[11].strip()
            rem = "" if rem == "-0-" else rem
            typ = row[2].strip()
            typ = {"-0-": "organization", "individual": "person"}.get(typ, typ)
            dobs = set()
            for d, mon, y in re.findall(r"\bDOB (\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\b(?! to)", rem):
                if mon in MONTHS:
                    dobs.add((int(d), MONTHS[mon], int(y)))
            akas = [a.strip(" .") for a in re.findall(r"[afn]\.k\.a\. '([^']+)'", rem)]
            ids = set(re.findall(r"\b(\d{9,15})\b", rem))
            ents[row[0].strip()] = {"name": row[1].strip(), "type": typ, "dobs": dobs,
                                    "akas": akas, "ids": ids}
    return ents


def sdn_natural(name):
    """'SURNAME, Given Middle' -> ('Given Middle', 'SURNAME')."""
    if ", " in name:
        sur, given = name.split(", ", 1)
        return given, sur
    return "", name


# --------------------------------------------------------------------------
# The EU Official Journal extraction

JUNK = {"text of image"}     # OCR placeholders left in the EU extraction


def clean_piece(s):
    s = re.sub(r"^\s*(укр\.|рус\.|бел\.)\s*", "", s)
    s = re.sub(r"^\s*[A-Z][a-z]+\s*:\s*", "", s)     # "Russian:", "Chinese:", "Farsi:"
    s = re.sub(r"\s*(,\s*née|-\s*born|\bborn|\bnée)\b.*$", "", s)
    s = s.replace("\u2018", " ").replace("\u2019", " ").replace("\u201c", " ").replace("\u201d", " ")
    s = s.replace('"', " ").replace("(", " ").replace(")", " ")
    return " ".join(s.split()).strip(" ,.;-\u2013")


def split_concatenated(s):
    """'Aleksandr S. MALYKHIN Alexander S. MALYHIN' -> two names (EU writes SURNAME last)."""
    toks = s.split()
    out, cur = [], []
    for i, t in enumerate(toks):
        cur.append(t)
        caps = len(t) > 1 and t.isupper() and any(ch.isalpha() for ch in t)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if caps and nxt and not nxt.isupper() and nxt[:1].isupper() and len(cur) >= 2:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def eu_spellings(fields, person):
    """Every name the EU gives for one record, each a clean query string."""
    out = []

    def emit(s):
        s = clean_piece(s)
        if not s or re.match(r"(?i)^(born|née)\b", s) or s.lower() in JUNK:
            return
        if person and "," in s:
            parts = [p.strip() for p in s.split(",")]
            if all(len(p.split()) >= 2 for p in parts):   # a list, not "SURNAME, Given"
                for p in parts:
                    emit(p)
                return
        for part in (split_concatenated(s) if person else [s]):
            toks = part.split()
            if person and len(toks) < 2:
                continue
            if person and "," in part and not any(t.isupper() and len(t) > 1 for t in toks):
                continue       # "Yekaterina, Katerina": given names only
            if len(part) >= 3 and part not in out:
                out.append(part)

    def handle(piece):
        piece = piece.strip()
        if not piece:
            return
        if re.match(r"(?i)^(born|née)\b", piece.strip(" (")):
            return
        # innermost parentheses first
        while True:
            m = re.search(r"\(([^()]*)\)", piece)
            if not m:
                break
            inner = m.group(1).strip()
            before, after = piece[:m.start()], piece[m.end():]
            low = inner.lower()
            if low.startswith(("born", "née", "nee ")):
                pass
            elif low.startswith("a.k.a"):
                for a in re.split(r",|\bor\b", inner[6:].strip(" .:")):
                    handle(a)
            elif has_cyrillic(inner) or len(inner.split()) > 1:
                handle(inner)
            elif inner:
                # a variant of the word before it: "Nikolaevich (Mykolayovich)"
                words = before.split()
                if words:
                    handle(" ".join(words[:-1] + [inner]) + after)
            piece = before + " " + after
        piece = piece.replace("(", " ").replace(")", " ")
        parts = re.split(r"(?i)\ba\.k\.a\.?", piece)
        if len(parts) > 1:
            for p in parts[1:]:
                for a in re.split(r",|\bor\b", p):
                    handle(a)
            piece = parts[0]
        for p in re.split(r"/", piece) if person else re.split(r"\s/\s", piece):
            emit(p)

    for fld in fields:
        for piece in fld.split(";"):
            handle(piece)
    return out


def eu_surnames(spellings):
    """Surname skeletons: the upper-case words of each spelling (EU convention)."""
    out = set()
    for s in spellings:
        caps = [t for t in re.split(r"[\s]+", s) if len(t) > 1 and t.isupper()]
        for t in caps:
            for part in re.split(r"-", t):
                k = skeleton(part)
                if len(k) >= 2:
                    out.add(k)
        if caps:
            k = skeleton("".join(caps))
            if k:
                out.add(k)
    return out


def sdn_surnames(ent):
    out = set()
    for n in [ent["name"]] + ent["akas"]:
        given, sur = sdn_natural(n)
        if not given:
            continue
        out.add(skeleton(sur))
        for part in re.split(r"[\s-]+", sur):
            k = skeleton(part)
            if len(k) >= 2:
                out.add(k)
    return out


def parse_eu_dates(s):
    return {(int(d), int(m), int(y)) for d, m, y in
            re.findall(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b", s)}


def load_eu(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def link_persons(eu_rows, sdn):
    """EU person -> SDN person on the same full birth date and surname skeleton."""
    by_dob = collections.defaultdict(list)
    for ent_id, e in sdn.items():
        if e["type"] == "person":
            for d in e["dobs"]:
                by_dob[d].append(ent_id)
    stats = collections.Counter()
    cands = {}
    dob_only, dropped = [], []
    for i, r in enumerate(eu_rows):
        if r["schema"] != "Person":
            continue
        stats["eu persons"] += 1
        dobs = parse_eu_dates(r["birthDate"])
        if not dobs:
            continue
        stats["with a full birth date"] += 1
        spell = eu_spellings([r["name"], r["alias"]], True)
        surs = eu_surnames(spell)
        same_dob = sorted({e for d in dobs for e in by_dob.get(d, [])}, key=int)
        if same_dob:
            stats["sharing a birth date with an SDN person"] += 1
        hit = [e for e in same_dob if surs & sdn_surnames(sdn[e])]
        g_eu = skeleton(r["name"].split()[0]) if r["name"].split() else ""
        for e in same_dob:
            g_sdn = sdn_natural(sdn[e]["name"])[0].split()
            if e not in hit and g_sdn and g_eu and skeleton(g_sdn[0]) == g_eu:
                dob_only.append((r["name"], sdn[e]["name"], e))
        if len(hit) == 1:
            cands[i] = hit[0]
        elif len(hit) > 1:
            stats["dropped: several SDN persons"] += 1
            dropped.append(f"{r['name']} -> " + " | ".join(sdn[e]["name"] for e in hit))
    claimed = collections.Counter(cands.values())
    links = {}
    for i, e in sorted(cands.items()):
        if claimed[e] > 1:
            stats["dropped: SDN person claimed by several EU records"] += 1
            dropped.append(f"{eu_rows[i]['name']} ({eu_rows[i]['birthDate']}) -> {sdn[e]['name']}")
        else:
            links[i] = e
    stats["linked"] = len(links)
    return links, stats, dob_only, dropped


def eu_ids(r):
    s = " ".join(r[k] for k in ("taxNumber", "registrationNumber", "innCode", "ogrnCode",
                                "kppCode", "okpoCode", "idNumber"))
    return set(re.findall(r"\b(\d{9,15})\b", s.replace(" ", "")))


def link_orgs(eu_rows, sdn):
    by_id = collections.defaultdict(set)
    for ent_id, e in sdn.items():
        if e["type"] == "organization":
            for x in e["ids"]:
                by_id[x].add(ent_id)
    links, stats = {}, collections.Counter()
    for i, r in enumerate(eu_rows):
        if r["schema"] == "Person":
            continue
        stats["eu organisations"] += 1
        ids = eu_ids(r)
        if not ids:
            continue
        stats["with a tax or registration number"] += 1
        hit = set()
        for x in ids:
            hit |= by_id.get(x, set())
        if len(hit) == 1:
            links[i] = hit.pop()
        elif len(hit) > 1:
            stats["dropped: several SDN organisations"] += 1
    claimed = collections.Counter(links.values())
    for i in [i for i, e in links.items() if claimed[e] > 1]:
        del links[i]
        stats["dropped: SDN organisation claimed by several EU records"] += 1
    stats["linked"] = len(links)
    return links, stats


GENERIC = set("""joint stock company limited liability open closed public private society
federal state unitary enterprise plant factory bank group research institute scientific
production association corporation concern holding holdings international trading the of and
for named after llc jsc ao ooo pjsc ojsc cjsc zao oao pao fsue ltd co inc aktsionernoe
obshchestvo ogranichennoi otvetstvennostyu zavod nauchno proizvodstvennoe obedinenie
predpriyatie kompaniya gosudarstvennoe federalnoe unitarnoe tsentr center centre design bureau
science technology technologies industrial industry engineering machine building scientific
and russian russia republican so called""".split())


def vless(word):
    """Skeleton without v: Belarusian -AU/-OU (ў) against Russian -OV/-EV."""
    return skeleton(word).replace("v", "")


def same_surname(query, ent):
    """Does the query carry the listed surname in some romanisation? Surnames are the
    upper-case words of an EU spelling (all words, and adjacent pairs, when none is), the
    part before the comma of an SDN name. Skeletons without v, equal or (three consonants
    or more) one edit apart: BELYCH ~ BELYKH, SHAPETKO ~ SHAPETSKA, not KIZEEV ~ KISELEV."""
    words = [w for w in re.split(r"[\s,]+", query) if w]
    caps = [w for w in words if len(w) > 1 and w.isupper()]
    parts = [p for w in (caps or words) for p in w.split("-")]
    parts += ["".join(caps)] if caps else [a + b for a, b in zip(words, words[1:])]
    qk = {vless(p) for p in parts} - {""}
    ek = set()
    for n in [ent["name"]] + ent["akas"]:
        given, sur = sdn_natural(n)
        ek |= {vless(p) for p in re.split(r"[\s\-]+", sur) + [sur]} - {""}
    return any(a == b or (min(len(a), len(b)) >= 3 and edit1(a, b)) for a in qk for b in ek)


def same_org_word(query, ent):
    """Does the query share a distinctive (not generic) word with the listed name?"""
    def keys(s):
        return {skeleton(t) for t in fold(s).split()
                if t not in GENERIC and len(skeleton(t)) >= 2}
    qk = keys(query)
    ek = set()
    for n in [ent["name"]] + ent["akas"]:
        ek |= keys(n)
    return any(edit1(a, b) for a in qk for b in ek if min(len(a), len(b)) >= 3 or a == b)


# --------------------------------------------------------------------------
# Synthetic variants

TITLES = ["Mr.", "Dr.", "Sheikh", "Senator", "General", "Col."]
LEGAL_FORMS = [
    ["LIMITED LIABILITY COMPANY", "LLC", "OOO", "L.L.C.",
     "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU"],
    ["JOINT STOCK COMPANY", "JSC", "AO", "JOINT-STOCK COMPANY", "AKTSIONERNOE OBSHCHESTVO"],
    ["OPEN JOINT STOCK COMPANY", "OJSC", "OAO"],
    ["CLOSED JOINT STOCK COMPANY", "CJSC", "ZAO"],
    ["PUBLIC JOINT STOCK COMPANY", "PJSC", "PAO"],
    ["CO., LTD.", "CO. LTD.", "CO LTD", "COMPANY LIMITED", "CO., LIMITED"],
    ["PTE. LTD.", "PTE LTD", "PRIVATE LIMITED"],
    ["LIMITED", "LTD", "LTD."],
    ["INC.", "INC", "INCORPORATED"],
    ["CORPORATION", "CORP.", "CORP"],
    ["S.A. DE C.V.", "SA DE CV"],
    ["S.A.", "SA", "SOCIEDAD ANONIMA"],
    ["GMBH", "GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG"],
    ["FZE", "FREE ZONE ESTABLISHMENT"],
    ["FZCO", "FREE ZONE COMPANY"],
    ["SARL", "S.A.R.L."],
    ["PLC", "PUBLIC LIMITED COMPANY"],
    ["ANONIM SIRKETI", "A.S.", "AS"],
]
RUSSIAN_FORMS = {"LLC", "OOO", "JSC", "AO", "OJSC", "OAO", "CJSC", "ZAO", "PJSC", "PAO"}


def find_legal_form(name, table=None):
    """(class index, variant, at_start) of the longest legal form of `table`
    (default LEGAL_FORMS) at either end."""
    up = name.upper()
    best = None
    for ci, forms in enumerate(LEGAL_FORMS if table is None else table):
        for v in forms:
            for start in (True, False):
                hit = (up.startswith(v + " ") if start else
                       up.endswith(" " + v) or up.endswith(", " + v))
                if hit and (best is None or len(v) > len(best[1])):
                    best = (ci, v, start)
    return best


def strip_form(name, v, start):
    return name[len(v):].strip(" ,") if start else name[:len(name) - len(v)].strip(" ,")


def typo(rng, s):
    words = s.split()
    cand = [i for i, w in enumerate(words) if sum(ch.isalpha() for ch in w) >= 5 and w.isalpha()]
    if not cand:
        return None
    i = rng.choice(cand)
    w = words[i]
    op = rng.choice(["sub", "del", "swap"])
    p = rng.randrange(1, len(w) - 1) if op != "swap" else rng.randrange(0, len(w) - 1)
    if op == "sub":
        c = rng.choice([ch for ch in "abcdefghijklmnopqrstuvwxyz" if ch != w[p].lower()])
        w2 = w[:p] + (c.upper() if w[p].isupper() else c) + w[p + 1:]
    elif op == "del":
        w2 = w[:p] + w[p + 1:]
    else:
        if w[p].lower() == w[p + 1].lower():
            return None
        w2 = w[:p] + w[p + 1] + w[p] + w[p + 2:]
    words[i] = w2
    return " ".join(words)


def title_case(s):
    return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in s.split())


def person_variants(rng, name):
    given, sur = sdn_natural(name)
    out = []
    if not given:
        return out
    g = given.split()
    sur_t = title_case(sur)
    natural = f"{given} {sur_t}"
    out.append(("reordered", natural))
    t = typo(rng, natural)
    if t:
        out.append(("typo", t))
    plain = all(x[:1].isalpha() and x[:1].isupper() and "-" not in x for x in g) and len(g) <= 3
    if len(g) >= 2:
        out.append(("middle-dropped", f"{g[0]} {sur_t}"))
        if plain:
            out.append(("middle-initial", f"{g[0]} " + " ".join(x[0] + "." for x in g[1:])
                        + f" {sur_t}"))
    if plain:
        out.append(("all-initials", " ".join(x[0] + "." for x in g) + f" {sur_t}"))
    out.append(("title", f"{rng.choice(TITLES)} {natural}"))
    return out


def org_variants(rng, name):
    out = []
    nat = title_case(name)
    t = typo(rng, nat)
    if t:
        out.append(("typo", t))
    lf = find_legal_form(name)
    if lf:
        ci, v, start = lf
        core = title_case(strip_form(name, v, start))
        if len(core.split()) >= 1 and len(core) >= 3:
            alt = rng.choice([x for x in LEGAL_FORMS[ci] if x != v])
            alt_s = alt if alt.isupper() and len(alt) <= 5 or "." in alt else alt.title()
            # Russian short forms go first ("OOO Stek"), long and Western forms last.
            if alt in RUSSIAN_FORMS and rng.random() < 0.5:
                out.append(("legal-form-swap", f"{alt_s} {core}"))
            else:
                out.append(("legal-form-swap", f"{core} {alt_s}"))
            out.append(("legal-form-dropped", core))
    return out


# --------------------------------------------------------------------------
# Non-listed names

def load_wikidata(path, listed_keys, n, rng):
    names = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            name = line.split("\t")[0].strip()
            if name and len(name.split()) >= 2:
                names.add(name)
    names = sorted(names)
    excluded = [x for x in names if " ".join(fold(x).split()) in listed_keys]
    keep = [x for x in names if " ".join(fold(x).split()) not in listed_keys]
    return rng.sample(keep, min(n, len(keep))), excluded


def listed_name_keys(sdn):
    """Case-insensitive forms of every listed name, as written and in natural order."""
    keys = set()
    for e in sdn.values():
        for n in [e["name"]] + e["akas"]:
            keys.add(" ".join(fold(n).split()))
            given, sur = sdn_natural(n)
            if given:
                keys.add(" ".join(fold(f"{given} {sur}").split()))
    return keys


def listed_person_links(sdn, wd_path):
    """Wikidata names that are a listed person's own name, by evidence outside the engine.

    OpenSanctions' wd_persons export (export-2024-03) has a sanctions column, but it
    holds five Saudi PEPs and none is sanctioned, and the Wikidata names here carry no
    identifier or birth date. What links a Wikidata person to a listed one is then the
    name, where it is unique: the first word is the listed person's first given name
    (the same first letter and skeleton: Alexander ~ Alyaksandr, two consonants at
    least), the last the listed surname (four letters or more, folded, the same or, of
    six letters or more, one edit apart with the same first letter: Lukashenko ~
    LUKASHENKA, Ayyoub ~ AYOUB), the words between are listed given names, and the
    surname, as Wikidata writes it, is the last word of no other of the 70,388 Wikidata
    names (so not Hernandez, Ivanov). Arabic names, romanised with other vowels, get one
    more way: the first given name one edit apart and a surname of five letters or more
    with the same consonants in the same order and at most two edits (Khaled Mashal ~
    MISHAAL, Khalid); on the whole corpus this adds that one link and no other (the
    consonant skeleton instead would add 23, e.g. Mohamed Morsi ~ MIRZAEI, Paul Doumer ~
    DI MAURO). A Wikidata label so unique, written as a
    listed person (of type person) is named, is the listed person as far as a name tells,
    and a name-only screen must alert on it. Returns {name: listed entry}. It can err: on
    the whole corpus it also takes Andrey Makarevich (a musician; the listed one is Andrei
    Iosifovich) and Nikolai Andrianov (a gymnast), who are not in the sample; the
    removed names are printed with their listed entry so that the reader can check."""
    names = sorted({line.split("\t")[0].strip() for line in open(wd_path, encoding="utf-8")})
    last = collections.Counter()
    for n in names:
        f = fold(n).split()
        if len(f) >= 2:
            last[f[-1]] += 1
    def sk(w):
        return skeleton(w) or w
    by_first = collections.defaultdict(list)   # first given name skeleton -> (given, surname, ent)
    for ent, e in sdn.items():
        if e["type"] != "person":
            continue
        for nm in [e["name"]] + e["akas"]:
            given, sur = sdn_natural(nm)
            g, s = fold(given).split(), fold(sur).replace(" ", "")
            if g and s:
                by_first[sk(g[0])].append(({sk(x) for x in g[1:]}, g[0], s, ent))
    out = {}
    for n in names:
        f = fold(n).split()
        if len(f) < 2 or last[f[-1]] != 1:
            continue
        if len(f[-1]) < 4 or len(skeleton(f[0])) < 2:
            continue
        for g_rest, g0, s, ent in by_first.get(sk(f[0]), []):
            if g0[0] == f[0][0] and (f[-1] == s or (len(s) >= 6 and s[0] == f[-1][0] and edit1(f[-1], s))
                                     or (edit1(f[0], g0) and vowels_only(f[-1], s))) \
                    and {sk(x) for x in f[1:-1]} <= g_rest:
                out[n] = ent
                break
    return out


def consonants(w):
    """The consonants of a folded word in order, doubles as one (mishaal -> mshl)."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", w))


def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def vowels_only(a, b):
    """Two folded surnames that differ in their vowels only: the same first letter, five
    letters or more, the same consonants (three or more) in order, two edits at most."""
    return (a[0] == b[0] and min(len(a), len(b)) >= 5 and len(consonants(a)) >= 3
            and consonants(a) == consonants(b) and levenshtein(a, b) <= 2)


PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "abd", "ben", "ould"}


def listed_pep_names(sdn, path, evidence=None):
    """Names of the Saudi PEPs that are a listed person, by evidence outside the engine:
    the PEP's birth year is one of the listed person's (the dataset and the SDN list give
    the same full date for one, only the same year for the other), and one of the PEP's
    Latin names has the listed first given name first (one edit: Usama ~ Osama) and
    every word of the listed surname but particles, one of four letters or more, each
    at most one edit away (BIN LADIN ~ bin Laden). Returns
    {name: ent} for the names that belong to such PEPs only (not a one-word name that
    other PEPs bear too); evidence, a dict if given, gets for each such name the PEP's
    Wikidata id and birth date against the listed birth dates."""
    by_year = collections.defaultdict(list)
    for ent, e in sdn.items():
        if e["type"] == "person":
            for d in e["dobs"]:
                by_year[d[2]].append(ent)
    owners = collections.defaultdict(set)     # name -> PEP ids
    linked = {}                               # PEP id -> ent
    why = {}                                  # PEP id -> its evidence, printed
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o.get("schema") != "Person":
                continue
            props = o.get("properties", {})
            names = [n.strip() for n in props.get("name", []) if n.strip()]
            for n in names:
                owners[n].add(o["id"])
            years = {int(b[:4]) for b in props.get("birthDate", []) if re.match(r"\d{4}", b)}
            for y in years:
                for ent in by_year.get(y, []):
                    given, sur = sdn_natural(sdn[ent]["name"])
                    g = fold(given).split()
                    s = [w for w in fold(sur).split() if w not in PARTICLES]
                    if not g or not s or max(len(w) for w in s) < 4 or len(g[0]) < 3:
                        continue
                    for n in names:
                        f = fold(n).split()
                        if script_of(n) == "latin" and len(f) >= 2 and edit1(f[0], g[0]) and \
                                all(any(edit1(w, x) for x in f[1:]) for w in s):
                            linked[o["id"]] = ent
                            why[o["id"]] = (f"{o['id']} born {', '.join(props['birthDate'])}; "
                                            f"listed born " + ", ".join(
                                                "-".join(f"{x:02d}" for x in reversed(d) if x)
                                                for d in sorted(sdn[ent]["dobs"])))
    out = {n: next(iter(ids)) and linked[next(iter(ids))] for n, ids in owners.items()
           if ids and ids <= set(linked) and len({linked[i] for i in ids}) == 1}
    if evidence is not None:
        evidence.update({n: why[next(iter(owners[n]))] for n in out})
    return out


def load_ftm_names(path, schemas):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o.get("schema") in schemas:
                for n in o.get("properties", {}).get("name", []):
                    if n.strip() and n.strip() not in out:
                        out.append(n.strip())
    return out


# --------------------------------------------------------------------------
# Running the engine

def default_threshold(embargo):
    out = subprocess.run([embargo, "compare", "--json", "Ab", "Ab"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=False)
    try:
        return float(json.loads(out.stdout.decode().splitlines()[0])["threshold"])
    except (ValueError, KeyError, IndexError):
        return 0.80


def run_batch(cmd, queries, env=None):
    """Runs one `embargo screen --batch --json` command (cmd) on the queries,
    one a line, and reads its JSON lines (the other eval scripts run theirs
    here too); returns (each query's match list, None where no line answered
    it or its line has no matches, the finished process, seconds)."""
    data = "".join(q + "\n" for q in queries).encode()
    t0 = time.time()
    out = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         check=False)
    dt = time.time() - t0
    res = [None] * len(queries)
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        i = obj.get("line", 0) - 1
        if 0 <= i < len(queries):
            res[i] = obj.get("matches")
    return res, out, dt


def screen(embargo, source, queries, threshold=None):
    """One batch run (at the engine's default threshold, or at the one given);
    returns (list of match lists, error count, seconds)."""
    cmd = [embargo, "screen"] + source + ["--batch", "--json", "--limit", str(LIMIT)]
    if threshold is not None:
        cmd += ["--threshold", str(threshold)]
    res, out, dt = run_batch(cmd, queries)
    errors = sum(1 for r in res if r is None)
    if out.returncode == 2 and errors == len(queries):
        sys.exit(f"eval_screen: embargo failed: {out.stderr.decode(errors='replace')[:500]}")
    return [r or [] for r in res], errors, dt


# --------------------------------------------------------------------------
# Figures

DEFAULT_RUN = {}        # {"t": the engine's default threshold} once its run is loaded


def at_q(q, t):
    """The matches of query q at threshold t: those of the run at the default threshold
    when t is the default (what a user sees), else the floor run's, filtered."""
    if abs(t - DEFAULT_RUN.get("t", -1)) < 1e-9:
        return q["dm"]
    return at(q["matches"], t)


def at(matches, t):
    return [m for m in matches if m.get("score", 0) >= t]


def rank_of(matches, want):
    """1 + the number of matches scoring strictly higher (a tie for first counts as first:
    the SDN lists several people under one name, e.g. KIM, Yong Chol)."""
    for m in matches:
        if m.get("id") == want:
            return 1 + sum(1 for x in matches if x.get("score", 0) > m.get("score", 0))
    return None


def pos_figures(rows, t):
    n = len(rows)
    r1 = ra = 0
    ranks = []
    for q in rows:
        ms = at_q(q, t)
        k = rank_of(ms, q["expected"])
        if k:
            ra += 1
            ranks.append(k)
            if k == 1:
                r1 += 1
    mean = sum(ranks) / len(ranks) if ranks else float("nan")
    return n, r1 / n if n else 0, ra / n if n else 0, mean


def neg_rate(rows, t, avoidable_only=False):
    n = len(rows)
    bad = 0
    for q in rows:
        ms = at_q(q, t)
        if ms and (not avoidable_only or not namesake(q["query"], ms[0])):
            bad += 1
    return bad / n if n else 0, bad


def same_above(a, b, t, rounding=False):
    """Do two match lists agree? With rounding, matches printed at exactly t (3 decimals,
    as the JSON gives them) are left out of both: 0.800 may be 0.7996, below a threshold of
    0.80 that the engine applies to the unrounded score, so they tell nothing."""
    def key(ms):
        return [(m["id"], m["score"]) for m in ms
                if not (rounding and round(m.get("score", 0), 3) == round(t, 3))]
    return key(a) == key(b)


def wilson(k, n, z=1.96):
    """The 95% Wilson score interval of a rate of k in n (the normal approximation fails
    near 0 and 1, where these rates live): (low, high)."""
    if not n:
        return float("nan"), float("nan")
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5)
    return max(0.0, mid - half), min(1.0, mid + half)


def ci(k, n):
    """'[0.951-0.977]': the interval of wilson(k, n), for the results files."""
    lo, hi = wilson(k, n)
    return f"[{lo:.3f}-{hi:.3f}]"


def namesake(query, m):
    """Every word of the query is, up to romanisation (skeleton), a word of the matched
    listed name: the listed person, or a full namesake; a name-only screen must alert."""
    q = fold(query).split()
    mn = fold(m.get("matched_name") or m.get("name", "")).split()
    if len(q) < 2:
        return bool(q) and q[0] in mn
    return {skeleton(t) or t for t in q} <= {skeleton(t) or t for t in mn}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--embargo", default=os.path.join(ROOT, "embargo"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "eval", "screen-results.txt"))
    ap.add_argument("--misses", type=int, default=30, help="worst misses shown per group")
    ap.add_argument("--dump", help="write every query with its result as JSON lines here")
    args = ap.parse_args()

    data = os.path.join(args.shared, "data")
    sdn_csv = os.path.join(data, SDN_DIR, "sdn.csv")
    if not os.path.exists(sdn_csv):
        print(f"eval_screen: {sdn_csv} not found; the labelled data lives in ../shared "
              f"(--shared PATH). Nothing evaluated.")
        return 0
    if not os.access(args.embargo, os.X_OK):
        print(f"eval_screen: {args.embargo} is not an executable; run make first", file=sys.stderr)
        return 2
    t_start = time.time()
    lines = []

    def say(s=""):
        print(s)
        lines.append(s)

    sdn = load_sdn(sdn_csv)
    threshold = default_threshold(args.embargo)
    queries = []       # dicts: group, sub, query, expected (ent_num or None)

    def add(group, sub, q, expected=None):
        q = " ".join(q.replace("\t", " ").split())
        if q:
            queries.append({"group": group, "sub": sub, "query": q,
                            "expected": f"ofac-sdn:{expected}" if expected else None,
                            "ent": expected})

    # 1. EU <-> SDN links --------------------------------------------------
    link_report = []
    for group, celex in EU_FILES:
        path = os.path.join(data, "lists/eu/opensanctions-journal", celex + ".csv")
        if not os.path.exists(path):
            continue
        rows = load_eu(path)
        links, stats, dob_only, dropped = link_persons(rows, sdn)
        given_ok = tax_both = tax_ok = pat_both = pat_ok = 0
        sample, disagree = [], []
        for i, ent in sorted(links.items(), key=lambda x: int(x[1])):
            r, e = rows[i], sdn[ent]
            spell = eu_spellings([r["name"], r["alias"]], True)
            g_sdn = sdn_natural(e["name"])[0].split()
            g_eu = [t for t in spell[0].split() if not t.isupper()] if spell else []
            if g_sdn and g_eu and edit1(skeleton(g_sdn[0]), skeleton(g_eu[0])):
                given_ok += 1
            else:
                disagree.append(f"given name: {r['name']} / {e['name']}")
            pat_sdn = [t for t in g_sdn[1:] if PATRONYMIC.search(t)]
            pat_eu = [t for t in g_eu[1:] if PATRONYMIC.search(t)]
            if pat_sdn and pat_eu:
                pat_both += 1
                if edit1(vless(pat_sdn[0]), vless(pat_eu[0])) or \
                        edit1(vless(pat_sdn[0][:-3]), vless(pat_eu[0][:-3])):
                    pat_ok += 1
                else:
                    disagree.append(f"patronymic: {r['name']} / {e['name']} ({r['birthDate']})")
            ids = eu_ids(r)
            if ids and e["ids"]:
                tax_both += 1
                tax_ok += bool(ids & e["ids"])
                if not ids & e["ids"]:
                    disagree.append(f"ID numbers: {r['name']} {sorted(ids)} / {e['name']} "
                                    f"{sorted(e['ids'])}")
            sample.append((r["name"], e["name"], r["birthDate"], ent))
            for s in spell:
                ek = set(token_key(x) for x in [e["name"]] + e["akas"])
                if script_of(s) == "cyrillic":
                    sub = "cyrillic"
                elif token_key(s) in ek:
                    sub = "latin, as the SDN writes it"
                else:
                    sub = "latin, other spelling"
                if script_of(s) == "other":
                    sub = "other script"
                elif not same_surname(s, e):
                    sub = "other name (not on the SDN list)"
                add(group, sub, s, ent)
        disagree.insert(0, f"(patronymic agrees in {pat_ok}/{pat_both} links where both give one)")
        disagree += [f"(dropped as ambiguous: {d})" for d in dropped]
        link_report.append((group, celex, stats, len(links), given_ok, tax_both, tax_ok,
                            sample, dob_only, disagree))
        olinks, ostats = link_orgs(rows, sdn)
        for i, ent in sorted(olinks.items(), key=lambda x: int(x[1])):
            r = rows[i]
            for s in eu_spellings([r["name"], r["alias"]], False):
                sub = "cyrillic" if script_of(s) == "cyrillic" else "latin"
                if not same_org_word(s, sdn[ent]):
                    sub = "other name (not on the SDN list)"
                add("eu-orgs", f"{sub}", s, ent)
        link_report.append((f"eu-orgs ({celex})", celex, ostats, len(olinks), None, None,
                            None, [(rows[i]["name"], sdn[e]["name"], "", e)
                                   for i, e in sorted(olinks.items(), key=lambda x: int(x[1]))],
                            None, None))

    # 2. Putin and the article --------------------------------------------
    putin_path = os.path.join(data, "pairs/opensanctions/putin_names.txt")
    if os.path.exists(putin_path):
        for line in open(putin_path, encoding="utf-8"):
            if line.strip():
                add("putin", script_of(line), line.strip(), "35096")
    for q, ent in ARTICLE_LISTED:
        add("article", "listed", q, ent)

    # 3. Synthetic ----------------------------------------------------------
    rng = random.Random(SEED)
    persons = sorted((e for e in sdn if sdn[e]["type"] == "person"), key=int)
    orgs = sorted((e for e in sdn if sdn[e]["type"] == "organization"), key=int)
    for ent in rng.sample(persons, min(1000, len(persons))):
        for sub, q in person_variants(rng, sdn[ent]["name"]):
            add("syn-persons", sub, q, ent)
    for ent in rng.sample(orgs, min(500, len(orgs))):
        for sub, q in org_variants(rng, sdn[ent]["name"]):
            add("syn-orgs", sub, q, ent)

    # 4. Not listed ---------------------------------------------------------
    listed = listed_name_keys(sdn)
    wd_path = os.path.join(data, "pairs/transliteration/coling2018/wd_hebrew")
    wd_excluded = []
    wd_links = {}
    if os.path.exists(wd_path):
        sample, wd_excluded = load_wikidata(wd_path, listed, 3000, random.Random(SEED + 1))
        wd_links = listed_person_links(sdn, wd_path)
        for q in sample:
            add("nl-wikidata", "person", q)
            if q in wd_links:
                queries[-1]["listed_as"] = wd_links[q]
    comp_path = os.path.join(ROOT, "eval", "data", "nonlisted-companies.txt")
    if os.path.exists(comp_path):
        comps = [l.strip() for l in open(comp_path, encoding="utf-8")
                 if l.strip() and not l.startswith("#")]
        for q in comps:
            if " ".join(fold(q).split()) not in listed:
                add("nl-companies", "pci-ids registry", q)
    donors = os.path.join(data, "lists/opensanctions/yente-fixtures/parteispenden/entities.ftm.json")
    if os.path.exists(donors):
        for q in load_ftm_names(donors, {"Company", "Organization"}):
            add("nl-companies", "german party donors", q)
    for q in ARTICLE_AMERICANS:
        add("nl-americans", "person", q)
    cor = os.path.join(data, "lists/opensanctions/export-2022-08/targetssimple.csv")
    if os.path.exists(cor):
        with open(cor, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r.get("schema") == "Person" and r.get("name"):
                    add("nl-eu-cor", "person", r["name"])
    peps = os.path.join(data, "lists/opensanctions/export-2024-03/entities.ftm.json")
    if os.path.exists(peps):
        pep_ev = {}
        pep_links = listed_pep_names(sdn, peps, pep_ev)
        for q in load_ftm_names(peps, {"Person"}):
            nw = len(q.split())
            add("nl-saudi-peps", "one word" if nw == 1 else
                f"{'two+ words' if nw > 1 else ''}, {script_of(q)}", q)
            if q in pep_links:
                queries[-1]["listed_as"] = pep_links[q]
                queries[-1]["evidence"] = pep_ev[q]

    # One screening run ----------------------------------------------------
    source = ["--list", os.path.join(data, SDN_DIR)]
    texts = [q["query"] for q in queries]
    dres, errors, secs = screen(args.embargo, source, texts)
    fres, _, fsecs = screen(args.embargo, source, texts, FLOOR)
    DEFAULT_RUN["t"] = threshold
    unstable, rounding = [], []
    for q, d, f in zip(queries, dres, fres):
        q["dm"], q["matches"] = d, f
        if same_above(d, at(f, threshold), threshold):
            continue
        (rounding if same_above(d, at(f, threshold), threshold, True) else unstable).append(q)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for q in queries:
                f.write(json.dumps({k: q[k] for k in ("group", "sub", "query", "expected")} |
                                   {"matches": [(m["id"], m.get("name"), m.get("score"))
                                                for m in q["matches"]]},
                                   ensure_ascii=False) + "\n")

    groups = collections.OrderedDict()
    removed = [q for q in queries if q.get("listed_as")]
    for q in queries:
        if not q.get("listed_as"):
            groups.setdefault(q["group"], []).append(q)
    pos_groups = [g for g in groups if groups[g][0]["expected"]]
    neg_groups = [g for g in groups if not groups[g][0]["expected"]]

    say(f"eval_screen: {len(queries)} queries screened against the OFAC SDN list of 2024-05-03 "
        f"({len(sdn)} entities): one batch run at the default threshold ({secs:.1f} s; "
        f"{errors} rejected by the engine), one at {FLOOR:.2f} for the sweep and diagnostics "
        f"({fsecs:.1f} s)")
    say(f"default threshold {threshold:.2f} (from `embargo compare --json`); "
        f"recall@1: the expected entity is the top match at that threshold; "
        f"recall@any: it is among the matches; rank: its mean position when found. The sweep"
        f" filters the {FLOOR:.2f} run.")
    if rounding:
        say(f"({len(rounding)} queries differ between the run at the default and the {FLOOR:.2f} "
            f"run filtered at it only by matches printed at {threshold:.3f}, just below the "
            f"threshold (the JSON prints 3 decimals; the engine compares the unrounded score): "
            + "; ".join(repr(q["query"][:30]) for q in rounding) + ")")
    if unstable:
        say(f"CHECK: {len(unstable)} queries get other matches from the run at the default "
            f"threshold than from the {FLOOR:.2f} run filtered at it, matches printed at "
            f"{threshold:.3f} aside (the engine's pruning depends on the threshold); figures at "
            f"the default use the default run:")
        for q in unstable:
            d = [(m["id"], m["score"]) for m in q["dm"]]
            f = [(m["id"], m["score"]) for m in at(q["matches"], threshold)]
            say(f"  {q['query'][:50]!r}: only at {threshold:.2f} {[x for x in d if x not in f]}; "
                f"only at {FLOOR:.2f} {[x for x in f if x not in d]}"
                + ("; the same matches in another order" if sorted(d) == sorted(f) else ""))

    # Links -------------------------------------------------------------------
    say("")
    say("== EU Official Journal <-> SDN links (independent evidence, no engine) ==")
    for group, celex, stats, nlinks, given_ok, tax_both, tax_ok, sample, dob_only, disagree \
            in link_report:
        say(f"{group} [{celex}]: " + "; ".join(f"{k} {v}" for k, v in stats.items()))
        if given_ok is not None and nlinks:
            say(f"  check: first given name agrees (skeleton within one edit) in {given_ok}/{nlinks}"
                f" links; both sides carry a tax/ID number in {tax_both}, and it is the same in "
                f"{tax_ok}/{tax_both}")
            for d in disagree:
                say(f"  {'' if d.startswith('(') else 'disagrees: '}{d}")
            say(f"  not linked: same birth date and first given name, surname differs: "
                f"{len(dob_only)}" + ("; " if dob_only else "")
                + "; ".join(f"{a} / {b}" for a, b, _ in dob_only[:8]))
        step = max(1, len(sample) // 12)
        for eu_name, sdn_name, dob, ent in sample[::step][:12]:
            say(f"  {eu_name[:48]:48s} -> ofac-sdn:{ent:6s} {sdn_name[:48]:48s} {dob}")

    # Positive groups -----------------------------------------------------------
    say("")
    say(f"== Listed names: is the right entity found? (at {threshold:.2f}) ==")
    say(f"{'group / subgroup':52s} {'n':>5s} {'recall@1':>9s} {'(95% interval)':>15s} "
        f"{'recall@any':>10s} {'rank':>5s}")

    def pos_line(label, rows):
        n, r1, ra, mean = pos_figures(rows, threshold)
        say(f"{label[:52]:52s} {n:5d} {r1:9.3f} {ci(round(r1 * n), n):>15s} {ra:10.3f} {mean:5.2f}")

    for g in pos_groups:
        rows = groups[g]
        pos_line(g + (" (synthetic)" if g.startswith("syn") else ""), rows)
        subs = collections.OrderedDict()
        for q in rows:
            subs.setdefault(q["sub"], []).append(q)
        if len(subs) > 1:
            for s in sorted(subs, key=lambda s: -len(subs[s])):
                pos_line("    " + s, subs[s])
    real = [q for g in pos_groups if not g.startswith("syn") for q in groups[g]
            if not q["sub"].startswith("other name")]
    syn = [q for g in pos_groups if g.startswith("syn") for q in groups[g]]
    pos_line("ALL REAL (without names absent from the SDN list)", real)
    pos_line("ALL REAL, spelled unlike every SDN spelling", [
        q for q in real if q["sub"] != "latin, as the SDN writes it"
        and token_key(q["query"]) not in {token_key(n) for n in
                                          [sdn[q["ent"]]["name"]] + sdn[q["ent"]]["akas"]}])
    pos_line("ALL SYNTHETIC", syn)

    # Negative groups ------------------------------------------------------------
    say("")
    say(f"== Names not listed: how often does anything alert? (at {threshold:.2f}) ==")
    say("namesakes: every query word is, up to romanisation, a word of the matched listed name"
        " (a name-only screen must alert: the listed person or a full namesake); 'avoidable'"
        " leaves them out")
    say("(95% interval): Wilson score interval of the false-alert rate")
    say(f"{'group / subgroup':40s} {'n':>5s} {'false-alert':>11s} {'(95% interval)':>15s} "
        f"{'avoidable':>10s} {'namesakes':>10s}")
    all_neg = []
    for g in neg_groups:
        rows = groups[g]
        all_neg += rows
        subs = collections.OrderedDict()
        for q in rows:
            subs.setdefault(q["sub"], []).append(q)
        for label, rr in [(g, rows)] + ([("    " + s, subs[s]) for s in subs] if len(subs) > 1 else []):
            rate, bad = neg_rate(rr, threshold)
            arate, abad = neg_rate(rr, threshold, True)
            say(f"{label[:40]:40s} {len(rr):5d} {rate:11.3f} {ci(bad, len(rr)):>15s} {arate:10.3f} "
                f"{bad - abad:10d}")
    rate, bad = neg_rate(all_neg, threshold)
    arate, abad = neg_rate(all_neg, threshold, True)
    say(f"{'ALL NOT LISTED':40s} {len(all_neg):5d} {rate:11.3f} {ci(bad, len(all_neg)):>15s} "
        f"{arate:10.3f} {bad - abad:10d}")
    if removed:
        # the figures before the cleaning, so that nothing is hidden
        before = [(f"{g}, before the cleaning", groups.get(g, []) + [q for q in removed if q["group"] == g])
                  for g in neg_groups if any(q["group"] == g for q in removed)]
        for label, rr in before + [("ALL NOT LISTED, before the cleaning", all_neg + removed),
                                   ("(removed: the listed person)", removed)]:
            rate, bad = neg_rate(rr, threshold)
            arate, abad = neg_rate(rr, threshold, True)
            say(f"{label:40s} {len(rr):5d} {rate:11.3f} {ci(bad, len(rr)):>15s} {arate:10.3f} "
                f"{bad - abad:10d}")
        wd_rm = [q for q in removed if q["group"] == "nl-wikidata"]
        pep_rm = [q for q in removed if q["group"] == "nl-saudi-peps"]
        if wd_rm:
            say(f"(nl-wikidata: {len(wd_rm)} of the sample removed as the listed person, linked by"
                f" a name unique among the Wikidata names and written as the listed person is named"
                f" (listed_person_links; OpenSanctions' wd_persons export names no sanctioned"
                f" person): " + "; ".join(f"{q['query']} = {sdn[q['listed_as']]['name']}"
                                           for q in wd_rm) + ")")
        if pep_rm:
            say(f"(nl-saudi-peps: {len(pep_rm)} names of PEPs removed as the listed person, linked"
                f" by birth year and name (listed_pep_names): " + "; ".join(
                    f"{q['query']} = {sdn[q['listed_as']]['name']} ({q['evidence']})"
                    for q in pep_rm) + ")")
    if wd_excluded:
        say(f"(nl-wikidata: {len(wd_excluded)} Wikidata names equal a listed name and were "
            f"excluded before sampling, e.g. {', '.join(wd_excluded[:8])})")

    # Sweep -------------------------------------------------------------------
    say("")
    say("== Threshold sweep: recall@any (real, synthetic) vs false-alert rate (all / avoidable) ==")
    head = f"{'T':>5s} {'real R@1':>9s} {'real R@any':>10s} {'syn R@any':>9s}"
    for g in neg_groups:
        head += f" {g[3:][:11]:>11s}"
    head += f" {'FA all':>7s} {'FA avoid':>8s}"
    say(head)
    for t in SWEEP:
        _, r1, ra, _ = pos_figures(real, t)
        _, _, sa, _ = pos_figures(syn, t)
        s = f"{t:5.2f} {r1:9.3f} {ra:10.3f} {sa:9.3f}"
        for g in neg_groups:
            s += f" {neg_rate(groups[g], t)[0]:11.3f}"
        s += f" {neg_rate(all_neg, t)[0]:7.3f} {neg_rate(all_neg, t, True)[0]:8.3f}"
        s += "   <- default" if abs(t - threshold) < 1e-9 else ""
        say(s)
    say("per group recall@any:  " + "  ".join(g for g in pos_groups))
    for t in SWEEP:
        say(f"{t:5.2f}  " + "  ".join(f"{pos_figures(groups[g], t)[2]:.3f}" for g in pos_groups))

    # Misses --------------------------------------------------------------------
    def exp_score(q):
        for m in q["matches"]:
            if m.get("id") == q["expected"]:
                return m.get("score")
        return None

    say("")
    say(f"== Worst misses per group: expected entity not the top match at {threshold:.2f} ==")
    say("(query | expected listed name [its score, '-' = not even above the run's floor "
        f"{FLOOR:.2f}] | what came first instead, score)")
    for g in pos_groups:
        miss = [q for q in groups[g] if rank_of(at_q(q, threshold), q["expected"]) != 1]
        if not miss:
            continue
        # Round-robin over subgroups so each kind of miss shows; within one, the lowest
        # expected score first (the expected entity nowhere in sight is the worst).
        by_sub = collections.OrderedDict()
        for q in sorted(miss, key=lambda q: (exp_score(q) or 0, q["query"])):
            by_sub.setdefault(q["sub"], []).append(q)
        order = []
        while any(by_sub.values()) and len(order) < args.misses:
            for s in list(by_sub):
                if by_sub[s] and len(order) < args.misses:
                    order.append(by_sub[s].pop(0))
        say(f"-- {g}: {len(miss)} of {len(groups[g])} missed")
        for q in order:
            es = exp_score(q)
            top = q["matches"][0] if q["matches"] else None
            other = (f"{top['name'][:38]} {top['score']:.3f}" if top and top["id"] != q["expected"]
                     else (f"(itself, below threshold)" if top else "(nothing)"))
            say(f"  [{q['sub'][:14]}] {q['query'][:44]} | {sdn[q['ent']]['name'][:36]} "
                f"[{'-' if es is None else f'{es:.3f}'}] | {other}")

    say("")
    say(f"== Worst false alerts per group (at {threshold:.2f}): query | matched listed name | score ==")
    for g in neg_groups:
        fa = [(at_q(q, threshold)[0]["score"], q) for q in groups[g] if at_q(q, threshold)]
        if not fa:
            continue
        fa.sort(key=lambda x: (-x[0], x[1]["query"]))
        say(f"-- {g}: {len(fa)} of {len(groups[g])} alert")
        for s, q in fa[:args.misses]:
            m = at_q(q, threshold)[0]
            tag = " (namesake)" if namesake(q["query"], m) else ""
            say(f"  {q['query'][:44]} | {(m.get('matched_name') or m['name'])[:44]} | {s:.3f}{tag}")

    say("")
    say(f"total time {time.time() - t_start:.1f} s")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

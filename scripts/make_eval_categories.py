#!/usr/bin/env python3
"""Build the per-category evaluation sets of issue 12 (eval/data/categories/*.tsv).

Each set holds spellings of SDN-listed people and organisations that a user may
type and that the SDN list (2024-05-03 sdn.csv + 2025-12 alt.csv, the list
screened against) does not give: one kind of spelling per set, so that the
figures say which kind the engine loses. Every spelling is made from real list
data by a published rule or table, or taken as written from another official
list; none is equal (upper-cased, punctuation dropped, word order ignored) to
any name of its entity in the index.

  german       Russian Cyrillic of EU-listed persons (EU Official Journal, linked to
               SDN persons by birth date + surname, eval_screen.py's link_persons)
               romanised the German (Duden / German press) way: w, sch, tsch, ch, z,
               s, j-vowels, -ow, -ski, x for ks
  iso9         the same Cyrillic by ISO 9:1995, diacritics then dropped (Šojgu -> Sojgu)
  french       French usage: ou, ch, j, tch, gu, ï, -ine, -i
  icao         ICAO Doc 9303 (2013) transliteration, as in Russian passports (iu, ia, ie)
  bgn          BGN/PCGN 1947 for Russian, apostrophes dropped
  be-uk        Belarusian and Ukrainian people: the Belarusian / Ukrainian Cyrillic as
               the EU gives it, romanised by the Belarusian national system (2007,
               diacritics dropped) or by Belarusian passport practice, the Ukrainian
               national system (2010); and the Russian Cyrillic as the EU gives it,
               and romanised by BGN/PCGN (Лукашенко / LUKASHENKA, Григорий / HRYHORIY)
  arabic       SDN persons with Arabic names rewritten by the published phonetic
               equivalences of Arabic romanisation (q/k/g, dh/z/d, th/s/t, ee/i,
               oo/u, aa/a, ou/u), articles and particles added, changed or dropped
               (al-/el-/none, Abd al-X/Abdul X/Abdel X, bin/ibn/b., Abu/Abou), order
  typo2        two keyboard typos (neighbour substitution, deletion, transposition,
               insertion) in the rarest (then longest) word of an SDN name
  initials     SDN persons with 2+ given names, the given names as initials
  companies    SDN organisations with the legal form dropped, swapped or added,
               half of them in lower case
  companies-hard  SDN organisations with a legal form of another country (Turkish,
               UAE free zone, Malaysian, Latin American, Russian state, bank forms)
               dropped or swapped, or a typo inside the legal form; half in lower
               case
  nonlisted    names on no list: the sets eval_screen.py screens (Wikidata people,
               PCI-ID company registry, German party donors, EU Committee of the
               Regions, Saudi PEPs), written out once so the set is fixed. The few
               that are a listed person (Khaled Mashal) stay in the file;
               eval_categories.py leaves them out of its figures, by eval_screen.py's
               evidence, and prints them

Columns: query, expected (ofac-sdn:ENT, empty for nonlisted), split (dev|test: a
stable hash of the expected entity, so all spellings of one person are in one
split; of the name for nonlisted), source (list file and record, table used).
Deterministic (fixed seeds, sorted inputs); standard library only.

Usage: python3 scripts/make_eval_categories.py [--shared ../shared] [--out eval/data/categories]
"""
import argparse
import collections
import csv
import hashlib
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_screen as es  # noqa: E402  (the EU <-> SDN link and the SDN loader)

SEED = 20260512
PER_SET = 320            # queries per set, at most
SDN_ALT = "lists/ofac-sdn/partial-2025-12/alt.csv"
UN_XML = "lists/un/2026-02-27/UN_consolidated.xml"


# --------------------------------------------------------------------------
# Names of an entity as the index holds them, and the test that a variant is new

def norm(s):
    """Upper-case, punctuation dropped, Latin marks dropped."""
    s = unicodedata.normalize("NFKD", s.upper())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", s).replace("_", " ").split())


def keys(s):
    n = norm(s)
    return {n, " ".join(sorted(n.split()))}


def load_alt(path, sdn):
    """ent_num -> [alias names] from the 2025-12 alt.csv (only entities of the 2024 list)."""
    out = collections.defaultdict(list)
    with open(path, encoding="cp1252", errors="replace", newline="") as f:
        for row in csv.reader(f):
            if len(row) >= 4 and row[0].strip() in sdn:
                out[row[0].strip()].append(row[3].strip())
    return out


class Names:
    def __init__(self, sdn, alt):
        self.sdn, self.alt = sdn, alt
        self.cache = {}

    def all(self, ent):
        e = self.sdn[ent]
        return [e["name"]] + e["akas"] + self.alt.get(ent, [])

    def is_new(self, ent, q):
        if ent not in self.cache:
            k = set()
            for n in self.all(ent):
                k |= keys(n)
                g, s = es.sdn_natural(n)
                if g:
                    k |= keys(f"{g} {s}")
            self.cache[ent] = k
        return not (keys(q) & self.cache[ent])


def split_of(key):
    return "dev" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "test"


# --------------------------------------------------------------------------
# Cyrillic romanisation tables (written from the published standards)

VOW = set("аеёиоуыэюяіїєў")
SIGNS = set("ъь'’ʼ")


def _ctx(word, i):
    prev = word[i - 1] if i > 0 else ""
    return {"start": i == 0, "after_vowel": prev in VOW or prev in SIGNS,
            "end": i == len(word) - 1, "prev": prev,
            "next": word[i + 1] if i + 1 < len(word) else ""}


class Table:
    """A letter table with a few context rules: `base` letter -> Latin; `start` and
    `after_vowel` override at the start of a word and after a vowel or sign;
    `endings` (Cyrillic suffix -> Latin) are applied first, longest first;
    `pairs` (Cyrillic digraph -> Latin) before single letters."""

    def __init__(self, name, base, start=None, after_vowel=None, endings=None, pairs=None,
                 between_vowels=None, strip_marks=False):
        self.name, self.base = name, base
        self.start, self.after_vowel = start or {}, after_vowel or {}
        self.endings = sorted((endings or {}).items(), key=lambda x: -len(x[0]))
        self.pairs = pairs or {}
        self.between_vowels = between_vowels or {}
        self.strip_marks = strip_marks

    def word(self, w):
        w = w.lower().replace("’", "'").replace("ʼ", "'")
        tail = ""
        for suf, lat in self.endings:
            if w.endswith(suf) and len(w) > len(suf) + 1:
                w, tail = w[:-len(suf)], lat
                break
        out, i = [], 0
        while i < len(w):
            two = w[i:i + 2]
            if two in self.pairs:
                out.append(self.pairs[two])
                i += 2
                continue
            ch, c = w[i], _ctx(w, i)
            if c["start"] and ch in self.start:
                out.append(self.start[ch])
            elif c["after_vowel"] and ch in self.after_vowel:
                out.append(self.after_vowel[ch])
            elif (ch in self.between_vowels and c["prev"] in VOW and
                  (c["next"] in VOW or (not c["next"] and tail[:1] in "aeiouy" and tail))):
                out.append(self.between_vowels[ch])
            else:
                out.append(self.base.get(ch, ch))
            i += 1
        s = "".join(out) + tail
        if self.strip_marks:
            s = unicodedata.normalize("NFKD", s)
            s = "".join(ch for ch in s if not unicodedata.combining(ch))
        return s.replace("'", "")

    def name_(self, text):
        return " ".join("-".join(self.word(p) for p in w.split("-")) for w in text.split())


RU_COMMON = {"а": "a", "б": "b", "д": "d", "з": "z", "и": "i", "к": "k", "л": "l", "м": "m",
             "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
             "ы": "y", "э": "e", "ъ": "", "ь": "", "г": "g", "в": "v", "е": "e"}

# BGN/PCGN 1947 (Russian): ye initially and after vowels, й, ъ, ь; ë written e.
BGN = Table("bgn/pcgn", dict(RU_COMMON, ё="ë", ж="zh", й="y", х="kh", ц="ts", ч="ch", ш="sh",
                             щ="shch", ю="yu", я="ya"),
            start={"е": "ye", "ё": "yë"},
            after_vowel={"е": "ye", "ё": "yë"}, strip_marks=True)

# ICAO Doc 9303 (7th ed., 2015), Russian: ё e, й i, ъ ie, ю iu, я ia.
ICAO = Table("icao-9303", dict(RU_COMMON, ё="e", ж="zh", й="i", х="kh", ц="ts", ч="ch",
                               ш="sh", щ="shch", ъ="ie", ю="iu", я="ia"))

# ISO 9:1995 (system A), then marks dropped: ж ž->z, х h, ц c, ч č->c, ш š->s, щ ŝ->s,
# ю û->u, я â->a, ё ë->e, й j, э è->e, ъ ʺ and ь ʹ dropped.
ISO9 = Table("iso9-stripped", dict(RU_COMMON, ё="ë", ж="ž", й="j", х="h", ц="c", ч="č",
                                   ш="š", щ="ŝ", ю="û", я="â", э="è", ы="y"),
             strip_marks=True)

# German (Duden) usage: w, s (ss between vowels), sch, tsch, schtsch, ch, z, j-vowels,
# ks -> x, -ow/-ew, -ski/-zki, -ij/-yj -> -i/-y, й -> j (i after a, o, u).
DUDEN = Table("duden", dict(RU_COMMON, в="w", е="e", ё="jo", ж="sch", з="s", й="j", х="ch",
                            ц="z", ч="tsch", ш="sch", щ="schtsch", ю="ju", я="ja", с="s"),
              start={"е": "je", "ё": "jo"},
              after_vowel={"е": "je", "ё": "jo", "й": "i"},
              endings={"ский": "ski", "цкий": "zki", "ий": "i", "ый": "y", "ой": "oi"},
              pairs={"кс": "x", "ьо": "jo", "ье": "je", "ьи": "ji"},
              between_vowels={"с": "ss"})

# French usage: ou, ch, j, tch, chtch, kh, ts, gu before e/i, s -> ss between vowels,
# й -> ï (after a vowel), е -> ie after a vowel, ё io, ю iou, я ia, -ин -> -ine,
# -ий -> -i, -ей -> -eï, -ский -> -ski.
FRENCH = Table("french", dict(RU_COMMON, у="ou", ж="j", й="ï", х="kh", ц="ts", ч="tch",
                              ш="ch", щ="chtch", ё="io", ю="iou", я="ia", е="e"),
               after_vowel={"е": "ïe", "и": "ï", "й": "ï", "ю": "ïou", "я": "ïa"},
               endings={"ский": "ski", "цкий": "tski", "ий": "i", "ый": "y", "ин": "ine",
                        "ей": "eï"},
               pairs={"ге": "gue", "ги": "gui", "гё": "guio", "ьо": "io", "ье": "ie", "ьи": "i",
                      "кс": "x"},
               between_vowels={"с": "ss"})

# Ukrainian national system (Cabinet of Ministers resolution 55 of 2010): г h, ґ g,
# и y, і i, є ye/ie, ї yi/i, й y/i, ю yu/iu, я ya/ia (first form at the start of a
# word), зг zgh, ь and the apostrophe dropped.
UK2010 = Table("uk-2010", {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d",
                           "е": "e", "є": "ie", "ж": "zh", "з": "z", "и": "y", "і": "i",
                           "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
                           "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
                           "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
                           "ь": "", "ю": "iu", "я": "ia", "'": ""},
               start={"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
               pairs={"зг": "zgh"})

# Belarusian national system (Instruction on transliteration, 2007; UN 2007), marks
# dropped: г h, х ch, ж ž->z, ч č->c, ш š->s, ц c, ў ŭ->u, й j, е e / ie after a vowel
# and initially, ё io, ю iu, я ia, і i, ы y, э e, ь dropped.
BE_NAT = Table("be-2007-stripped", {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g",
                                    "д": "d", "е": "ie", "ё": "io", "ж": "ž", "з": "z",
                                    "і": "i", "й": "j", "к": "k", "л": "l", "м": "m",
                                    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
                                    "т": "t", "у": "u", "ў": "ŭ", "ф": "f", "х": "ch",
                                    "ц": "c", "ч": "č", "ш": "š", "ы": "y", "ь": "",
                                    "э": "e", "ю": "iu", "я": "ia", "'": ""},
               strip_marks=True)
# The consonant-after forms of е, ё, ю, я in the national system drop the i after a
# consonant only for л (le, lo, lu, la); other consonants keep ie (Siarhiej).
BE_NAT.pairs.update({"ле": "le", "лё": "lo", "лю": "lu", "ля": "la"})

# Belarusian passport practice (BGN/PCGN 1979 for Belarusian as applied in passports):
# h, kh, zh, ch, sh, ts, u for ў, ia/ie/iu/io, y for ы, i for й.
BE_PASS = Table("be-passport", {"а": "a", "б": "b", "в": "v", "г": "h", "д": "d", "е": "e",
                                "ё": "io", "ж": "zh", "з": "z", "і": "i", "й": "i", "к": "k",
                                "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
                                "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "kh",
                                "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "ь": "", "э": "e",
                                "ю": "iu", "я": "ia", "'": ""},
                start={"е": "ye", "ю": "yu", "я": "ya", "ё": "yo"},
                after_vowel={"е": "ye", "ю": "yu", "я": "ya", "ё": "yo"})


def cyr_lang(s):
    """ru, be or uk, from the letters only these languages use."""
    low = s.lower()
    if "ў" in low or ("і" in low and "ы" in low) or ("э" in low and "і" in low):
        return "be"
    if any(ch in low for ch in "їєґ") or ("і" in low and "ы" not in low and "э" not in low):
        return "uk"
    if "і" in low:
        return "be"
    return "ru"


def cyr_parts(s):
    """'Сергей Валерьевич АКСЁНОВ' -> (['Сергей', 'Валерьевич'], ['АКСЁНОВ']) or None.
    Latin look-alikes inside Cyrillic words are read as Cyrillic (Сергiй)."""
    words = [w.translate(es.HOMOGLYPHS) if es.has_cyrillic(w) else w for w in s.split()]
    if not words or not all(re.fullmatch(r"[\u0400-\u04ff'’ʼ-]+", w) for w in words):
        return None
    if any(len(w) < 3 or not w[0].isupper() for w in words):
        return None             # "Юр ївна": an apostrophe lost in the EU text
    sur = [w for w in words if len(w) > 1 and w.isupper()]
    giv = [w for w in words if w not in sur]
    if not sur or not giv or len(giv) > 3:
        return None
    return giv, sur


def cap(s):
    return "-".join(p[:1].upper() + p[1:] for p in s.split("-"))


def form_query(rng, giv_lat, sur_lat):
    """A query in one of the orders users write: Given Surname, Given Patronymic Surname,
    SURNAME Given Patronymic."""
    r = rng.random()
    giv = [cap(g) for g in giv_lat]
    sur = " ".join(cap(s) for s in sur_lat)
    if r < 0.5 or len(giv) == 1:
        return f"{giv[0]} {sur}", "G S"
    if r < 0.85:
        return f"{' '.join(giv)} {sur}", "G P S"
    return f"{sur.upper()} {' '.join(giv)}", "S G P"


# --------------------------------------------------------------------------
# EU persons linked to SDN persons

def eu_persons(data, sdn):
    """[(ent, celex, recordId, {lang: [(cyrillic text, giv, sur)]})], sorted."""
    out = []
    for _group, celex in es.EU_FILES:
        path = os.path.join(data, "lists/eu/opensanctions-journal", celex + ".csv")
        rows = es.load_eu(path)
        links, _stats, _d, _x = es.link_persons(rows, sdn)
        for i, ent in sorted(links.items(), key=lambda x: int(x[1])):
            r = rows[i]
            by = collections.defaultdict(list)
            for s in es.eu_spellings([r["name"], r["alias"]], True):
                if not es.has_cyrillic(s):
                    continue
                p = cyr_parts(s)
                if p:
                    by[cyr_lang(" ".join(p[0] + p[1]))].append((s, p[0], p[1]))
            if by:
                out.append((ent, celex, r["recordId"], dict(by)))
    return out


def cyr_sets(persons, names, rows_by_set):
    for name, table, seed in [("german", DUDEN, 1), ("iso9", ISO9, 2), ("french", FRENCH, 3),
                              ("icao", ICAO, 4), ("bgn", BGN, 5)]:
        rng = random.Random(SEED + seed)
        rows = []
        for ent, celex, rec, by in persons:
            if "ru" not in by:
                continue
            text, giv, sur = by["ru"][0]
            q, order = form_query(rng, [table.word(g) for g in giv], [table.word(s) for s in sur])
            if names.is_new(ent, q):
                rows.append((q, ent, f"eu:{celex} record {rec} '{text}' -> {table.name} ({order})"))
        rng.shuffle(rows)
        rows_by_set[name] = sorted(rows[:PER_SET], key=lambda r: (int(r[1]), r[0]))

    # Belarusian / Ukrainian
    rng = random.Random(SEED + 6)
    rows = []
    for ent, celex, rec, by in persons:
        cands = []
        for lang in ("be", "uk"):
            for text, giv, sur in by.get(lang, [])[:1]:
                cands.append((" ".join(giv + sur), f"{lang} cyrillic as the EU writes it"))
                tabs = [BE_NAT, BE_PASS] if lang == "be" else [UK2010]
                t = rng.choice(tabs)
                q, order = form_query(rng, [t.word(g) for g in giv], [t.word(s) for s in sur])
                cands.append((q, f"'{text}' -> {t.name} ({order})"))
        if not cands:
            continue            # a Russian person: not in this set
        for text, giv, sur in by.get("ru", [])[:1]:
            cands.append((" ".join(giv + sur), "ru cyrillic as the EU writes it"))
            q, order = form_query(rng, [BGN.word(g) for g in giv], [BGN.word(s) for s in sur])
            cands.append((q, f"'{text}' -> {BGN.name} ({order})"))
        for q, how in cands:
            if names.is_new(ent, q):
                rows.append((q, ent, f"eu:{celex} record {rec} {how}"))
    rng.shuffle(rows)
    rows_by_set["be-uk"] = sorted(rows[:PER_SET + 80], key=lambda r: (int(r[1]), r[0]))


# --------------------------------------------------------------------------
# Arabic names

ARABIC_MARK = re.compile(r"\b(AL|EL|BIN|IBN|BINT|ABU|ABD|ABDUL|ABDEL|ABDUL\w+|MUHAMMAD|"
                         r"MOHAMMED|MOHAMED|MUHAMMED|AHMAD|AHMED|HASAN|HASSAN|HUSAYN|HUSSEIN|"
                         r"ALI|OMAR|UMAR|KHALID|KHALED|MAHMOUD|MAHMUD|YUSUF|IBRAHIM|ISMAIL|"
                         r"SAID|SAEED|SALIM|SALEH)\b")
ARABIC_PROGRAMS = re.compile(r"SDGT|IRAQ|SYRIA|LIBYA|YEMEN|SDT|FTO|LEBANON|SUDAN|HRIT|GLOMAG|"
                             r"CAATSA|TCO|ILLICIT|NPWMD")


def arabic_variants(rng, natural):
    """Apply 1-2 published equivalences of Arabic romanisation to a natural-order name;
    returns (variant, [rules used])."""
    words = natural.split()
    rules = []

    def phonetic(w):
        """One letter-level equivalence inside word w (upper-case)."""
        subs = [("Q", "K"), ("Q", "G"), ("K", "Q"), ("DH", "Z"), ("DH", "D"), ("TH", "S"),
                ("TH", "T"), ("EE", "I"), ("I", "EE"), ("OO", "U"), ("U", "OO"), ("OU", "U"),
                ("U", "OU"), ("AA", "A"), ("A", "AA"), ("KH", "H"), ("GH", "G"), ("SH", "CH"),
                ("Y", "I"), ("I", "Y"), ("E", "I"), ("O", "U"), ("U", "O"), ("SS", "S"),
                ("MM", "M"), ("DD", "D")]
        rng.shuffle(subs)
        for a, b in subs:
            idx = [m.start() for m in re.finditer(a, w[1:])]
            if idx:
                p = 1 + rng.choice(idx)
                return w[:p] + b + w[p + len(a):], f"{a.lower()}>{b.lower()}"
        return None, None

    kinds = ["phonetic", "phonetic", "article", "particle", "abd", "order"]
    rng.shuffle(kinds)
    n_rules = 1 if rng.random() < 0.6 else 2
    for kind in kinds:
        if len(rules) >= n_rules:
            break
        if kind == "phonetic":
            cand = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
            if not cand:
                continue
            i = rng.choice(cand)
            w2, how = phonetic(words[i])
            if w2:
                words[i] = w2
                rules.append(how)
        elif kind == "article":
            idx = [i for i, w in enumerate(words) if re.match(r"^(AL|EL|AL-|EL-)", w)
                   and (w in ("AL", "EL") or "-" in w[:3])]
            if idx:
                i = rng.choice(idx)
                w = words[i]
                core = w[3:] if "-" in w[:3] else (words[i + 1] if i + 1 < len(words) else "")
                if w in ("AL", "EL") and i + 1 < len(words):
                    del words[i]
                    i_core = i
                else:
                    i_core = i
                    words[i] = core
                if not core:
                    continue
                opt = rng.choice(["drop", "el-", "al ", "al-", "glued"])
                if opt == "el-":
                    words[i_core] = "EL-" + core
                elif opt == "al ":
                    words[i_core] = "AL " + core
                elif opt == "al-":
                    words[i_core] = "AL-" + core if not w.startswith("AL") else "EL-" + core
                    opt = "al-" if not w.startswith("AL") else "el-"
                elif opt == "glued":
                    words[i_core] = "AL" + core
                rules.append(f"article {opt}")
            else:
                # add an article to the last name
                cand = [i for i in range(1, len(words)) if len(words[i]) >= 4 and words[i].isalpha()]
                if cand:
                    i = rng.choice(cand)
                    words[i] = rng.choice(["AL-", "EL-"]) + words[i]
                    rules.append("article added")
        elif kind == "particle":
            idx = [i for i, w in enumerate(words) if w in ("BIN", "IBN", "BEN", "ABU", "ABOU")]
            if idx:
                i = rng.choice(idx)
                w = words[i]
                if w in ("BIN", "IBN", "BEN"):
                    opt = rng.choice([x for x in ("BIN", "IBN", "BEN", "B.", "") if x != w])
                else:
                    opt = "ABOU" if w == "ABU" else "ABU"
                words[i] = opt
                rules.append(f"{w.lower()}>{opt.lower() or 'dropped'}")
        elif kind == "abd":
            s = " ".join(words)
            m = re.search(r"\bABD(?:\s+|-)?(AL|EL|UL|EL-|AL-|UL-)?[\s-]?([A-Z]{3,})", s)
            m2 = re.search(r"\bABDU?L-?([A-Z]{3,})|\bABDEL-?([A-Z]{3,})", s)
            if m:
                core = m.group(2)
                opt = rng.choice(["ABDUL " + core, "ABDEL " + core, "ABD AL-" + core,
                                  "ABDUL" + core, "ABD EL " + core])
                s2 = s[:m.start()] + opt + s[m.end():]
            elif m2:
                core = m2.group(1) or m2.group(2)
                opt = rng.choice(["ABD AL-" + core, "ABDEL " + core, "ABDUL " + core])
                s2 = s[:m2.start()] + opt + s[m2.end():]
            else:
                continue
            if s2 != s:
                words = s2.split()
                rules.append("abd al-")
        elif kind == "order" and len(words) >= 3:
            # the family name (last word) first, as many Arab registers write it
            words = [words[-1]] + words[:-1]
            rules.append("surname first")
    out = " ".join(w for w in words if w)
    return (out, rules) if rules else (None, None)


def arabic_set(sdn, names, rows_by_set):
    rng = random.Random(SEED + 7)
    pool = []
    for ent in sorted(sdn, key=int):
        e = sdn[ent]
        if e["type"] != "person":
            continue
        given, sur = es.sdn_natural(e["name"])
        nat = f"{given} {sur}".strip()
        hits = ARABIC_MARK.findall(nat.upper().replace("-", " "))
        if len(hits) >= 1 and len(nat.split()) >= 2 and re.fullmatch(r"[A-Z' .-]+", nat.upper()):
            pool.append((ent, nat.upper()))
    rng.shuffle(pool)
    rows = []
    for ent, nat in pool:
        v, rules = arabic_variants(rng, nat)
        if v and names.is_new(ent, v):
            v = v.title() if rng.random() < 0.5 else v
            rows.append((v, ent, f"sdn.csv {ent} '{sdn[ent]['name']}' -> {', '.join(rules)}"))
        if len(rows) >= PER_SET:
            break
    rows_by_set["arabic"] = sorted(rows, key=lambda r: (int(r[1]), r[0]))


# --------------------------------------------------------------------------
# Two typos, initials, companies

KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def neighbours(ch):
    """Keys next to ch on a QWERTY keyboard (rows staggered: the row above touches
    columns c and c+1, the row below c-1 and c)."""
    low = ch.lower()
    for r, row in enumerate(KEYBOARD):
        c = row.find(low)
        if c < 0:
            continue
        near = [(r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)]
        return sorted(KEYBOARD[rr][cc] for rr, cc in near
                      if 0 <= rr < 3 and 0 <= cc < len(KEYBOARD[rr]))
    return []


def one_edit(rng, w):
    op = rng.choice(["sub", "del", "swap", "ins"])
    if op == "sub":
        p = rng.randrange(len(w))
        nb = neighbours(w[p])
        if not nb:
            return None, None
        c = rng.choice(nb)
        return w[:p] + (c.upper() if w[p].isupper() else c) + w[p + 1:], "sub"
    if op == "del":
        p = rng.randrange(len(w))
        return w[:p] + w[p + 1:], "del"
    if op == "swap":
        p = rng.randrange(len(w) - 1)
        if w[p] == w[p + 1]:
            return None, None
        return w[:p] + w[p + 1] + w[p] + w[p + 2:], "swap"
    p = rng.randrange(len(w))
    nb = neighbours(w[p]) or [w[p].lower()]
    c = rng.choice(nb)
    return w[:p] + (c.upper() if w[p].isupper() else c) + w[p:], "ins"


def typo_set(sdn, names, rows_by_set):
    rng = random.Random(SEED + 8)
    freq = collections.Counter()
    for e in sdn.values():
        freq.update(set(re.findall(r"[A-Z]+", e["name"].upper())))
    ents = sorted((e for e in sdn if sdn[e]["type"] in ("person", "organization")), key=int)
    rng.shuffle(ents)
    rows = []
    for ent in ents:
        e = sdn[ent]
        given, sur = es.sdn_natural(e["name"]) if e["type"] == "person" else ("", e["name"])
        text = f"{given} {sur}".strip()
        words = text.split()
        cand = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 6]
        if not cand:
            continue
        i = min(cand, key=lambda i: (freq[words[i].upper()], -len(words[i]), i))
        w = words[i]
        w1, op1 = one_edit(rng, w)
        if not w1:
            continue
        w2, op2 = one_edit(rng, w1)
        if not w2 or es.levenshtein(w.lower(), w2.lower()) != 2:
            continue
        q = " ".join(words[:i] + [w2] + words[i + 1:])
        if names.is_new(ent, q):
            rows.append((q, ent, f"sdn.csv {ent} '{e['name']}' word '{w}' -> {op1}+{op2}"))
        if len(rows) >= PER_SET:
            break
    rows_by_set["typo2"] = sorted(rows, key=lambda r: (int(r[1]), r[0]))


def initials_set(sdn, names, rows_by_set):
    rng = random.Random(SEED + 9)
    ents = sorted((e for e in sdn if sdn[e]["type"] == "person"), key=int)
    rng.shuffle(ents)
    rows = []
    for ent in ents:
        given, sur = es.sdn_natural(sdn[ent]["name"])
        g = given.split()
        if len(g) < 2 or not all(re.fullmatch(r"[A-Za-z][A-Za-z'-]*", x) for x in g):
            continue
        if not re.fullmatch(r"[A-Za-z' -]+", sur):
            continue
        sur_t = es.title_case(sur)
        ini = [x[0].upper() for x in g]
        r = rng.random()
        if r < 0.55:
            q, how = " ".join(x + "." for x in ini) + f" {sur_t}", "A. B. Surname"
        elif r < 0.7:
            q, how = "".join(x + "." for x in ini) + f" {sur_t}", "A.B. Surname"
        elif r < 0.85:
            q, how = " ".join(ini) + f" {sur_t}", "A B Surname"
        else:
            q, how = f"{sur_t} " + " ".join(x + "." for x in ini), "Surname A. B."
        if names.is_new(ent, q):
            rows.append((q, ent, f"sdn.csv {ent} '{sdn[ent]['name']}' -> {how}"))
        if len(rows) >= PER_SET:
            break
    rows_by_set["initials"] = sorted(rows, key=lambda r: (int(r[1]), r[0]))


JS_CLASSES = (1, 2, 3, 4)      # eval_screen.LEGAL_FORMS: JSC, OJSC, CJSC, PJSC classes
ADD_FORMS = ["LLC", "LTD", "LIMITED", "GMBH", "S.A.", "JSC", "OOO", "INC.", "CO., LTD.", "AO"]


def company_set(sdn, names, rows_by_set):
    rng = random.Random(SEED + 10)
    ents = sorted((e for e in sdn if sdn[e]["type"] == "organization"), key=int)
    rng.shuffle(ents)
    rows = []
    counts = collections.Counter()
    for ent in ents:
        name = sdn[ent]["name"]
        if not re.search(r"[A-Z]{3}", name):
            continue
        lf = es.find_legal_form(name)
        if lf:
            ci, v, start = lf
            core = es.strip_form(name, v, start)
            if len(core) < 3:
                continue
            op = "dropped" if counts["dropped"] <= counts["swapped"] else "swapped"
            if op == "dropped":
                q = core
            else:
                # an equivalent that changes words, not only dots (S.A. -> SA tests
                # nothing); the Russian joint-stock forms (JSC, AO, OAO, PJSC, ZAO..) are
                # written for one another in practice, so any of them may stand in
                letters = re.sub(r"[^A-Z]", "", v)
                pool = list(es.LEGAL_FORMS[ci])
                if ci in JS_CLASSES:
                    pool += [x for c in JS_CLASSES for x in es.LEGAL_FORMS[c]]
                alts = sorted({x for x in pool if re.sub(r"[^A-Z]", "", x) != letters})
                if not alts:
                    continue
                alt = rng.choice(alts)
                q = f"{alt} {core}" if alt in es.RUSSIAN_FORMS and rng.random() < 0.5 \
                    else f"{core} {alt}"
                op = f"swapped {v} -> {alt}"
        else:
            if counts["added"] * 2 > counts["dropped"] + 10:
                continue
            alt = rng.choice(ADD_FORMS)
            q = f"{alt} {name}" if alt in ("OOO", "AO") else f"{name} {alt}"
            op = f"added {alt}"
        low = rng.random() < 0.5
        if low:
            q = q.lower()
        if names.is_new(ent, q):
            counts[op.split()[0]] += 1
            rows.append((q, ent, f"sdn.csv {ent} '{name}' -> legal form {op}"
                         + (", lower case" if low else "")))
        if len(rows) >= PER_SET:
            break
    rows_by_set["companies"] = sorted(rows, key=lambda r: (int(r[1]), r[0]))


# Harder company spellings (issue 12): the legal forms of other countries (Turkish,
# UAE free zones, Malaysian, Latin American, Bulgarian, Russian state enterprises, bank
# forms) dropped or written out / abbreviated, and a typo inside a legal form (one edit,
# or two in a word of eight letters or more). Forms as their countries publish them; each
# group is written for one another. At most CAP_PER_FORM queries per form group (or per
# word given a typo), so that LIMITED, the commonest, does not fill the set.
HARD_FORMS = [
    ["ANONIM SIRKETI", "A.S.", "A.Ş.", "ANONİM ŞİRKETİ"],
    ["LIMITED SIRKETI", "LTD. STI.", "LTD STI", "LTD. ŞTİ.", "LİMİTED ŞİRKETİ"],
    ["FZE", "FREE ZONE ESTABLISHMENT"],
    ["FZCO", "FREE ZONE COMPANY"],
    ["FZ LLC", "FZ-LLC", "FREE ZONE LLC", "LLC FZ"],
    ["SDN BHD", "SDN. BHD.", "SENDIRIAN BERHAD"],
    ["LTDA", "LTDA.", "LIMITADA"],
    ["S.A.L.", "SAL", "SOCIETE ANONYME LIBANAISE"],
    ["S.A.C.", "SOCIEDAD ANONIMA CERRADA"],
    ["FEDERAL STATE UNITARY ENTERPRISE", "FGUP", "FSUE"],
    ["STATE UNITARY ENTERPRISE", "GUP", "SUE"],
    ["FEDERAL STATE BUDGETARY INSTITUTION", "FGBU", "FSBI"],
    ["JOINT STOCK COMMERCIAL BANK", "JSCB", "AKB"],
    ["EOOD"], ["OOD"], ["DMCC"], ["OY"], ["OU"], ["AD"], ["WLL", "W.L.L."], ["KG"],
]
CAP_PER_FORM = 24


def hard_form(name):
    """(group, variant, at_start) of the longest HARD_FORMS form at either end."""
    return es.find_legal_form(name, HARD_FORMS)


def company_hard_set(sdn, names, rows_by_set):
    rng = random.Random(SEED + 11)
    ents = sorted((e for e in sdn if sdn[e]["type"] == "organization"), key=int)
    rng.shuffle(ents)
    rows = []
    counts, per_form = collections.Counter(), collections.Counter()
    for ent in ents:
        name = sdn[ent]["name"]
        if not re.search(r"[A-Z]{3}", name):
            continue
        hf, lf = hard_form(name), es.find_legal_form(name)
        ops = []
        if hf:
            ops.append("dropped")
            if len(HARD_FORMS[hf[0]]) > 1:
                ops.append("swapped")
        form = hf[1:] if hf else lf[1:] if lf else None
        if form and any(len(w) >= 5 and w.isalpha() for w in form[0].split()):
            ops.append("typo")
        if not ops:
            continue
        op = min(ops, key=lambda o: (counts[o], ops.index(o)))
        v, start = form
        if op != "typo" and per_form[hf[0]] >= CAP_PER_FORM:
            continue
        core = es.strip_form(name, v, start)
        if len(core) < 3:
            continue
        if op == "dropped":
            q, how = core, f"dropped {v}"
        elif op == "swapped":
            alt = rng.choice(sorted(x for x in HARD_FORMS[hf[0]]
                                    if re.sub(r"[^A-Z]", "", x) != re.sub(r"[^A-Z]", "", v)
                                    and norm(x) != norm(v)) or [""])
            if not alt:
                continue
            q, how = (f"{alt} {core}" if start else f"{core} {alt}"), f"swapped {v} -> {alt}"
        else:
            words = v.split()
            cand = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
            i = rng.choice(cand)
            w = words[i]
            if per_form[w.upper()] >= CAP_PER_FORM:
                continue
            w1, op1 = one_edit(rng, w)
            if not w1 or es.levenshtein(w.lower(), w1.lower()) != 1:
                continue
            ops_done = [op1]
            if len(w) >= 8 and rng.random() < 0.5:
                w2, op2 = one_edit(rng, w1)
                if w2 and es.levenshtein(w.lower(), w2.lower()) == 2:
                    w1 = w2
                    ops_done.append(op2)
            v2 = " ".join(words[:i] + [w1] + words[i + 1:])
            q = f"{v2} {core}" if start else f"{core} {v2}"
            how = f"typo {w} -> {w1} ({'+'.join(ops_done)})"
        low = rng.random() < 0.5
        if low:
            q = q.lower()
        if names.is_new(ent, q):
            counts[op] += 1
            per_form[w.upper() if op == "typo" else hf[0]] += 1
            rows.append((q, ent, f"sdn.csv {ent} '{name}' -> legal form {how}"
                         + (", lower case" if low else "")))
        if len(rows) >= PER_SET:
            break
    rows_by_set["companies-hard"] = sorted(rows, key=lambda r: (int(r[1]), r[0]))


# --------------------------------------------------------------------------
# Names not listed: the sets eval_screen.py screens

def nonlisted_set(data, sdn, names, rows_by_set):
    listed = es.listed_name_keys(sdn)
    rows = []
    wd = os.path.join(data, "pairs/transliteration/coling2018/wd_hebrew")
    if os.path.exists(wd):
        # the first 1,200 of eval_screen.py's seeded sample of 3,000 (same seed)
        sample, _ = es.load_wikidata(wd, listed, 3000, random.Random(es.SEED + 1))
        rows += [(q, "", "coling2018/wd_hebrew (Wikidata, CC0), eval_screen.py sample")
                 for q in sample[:1200]]
    comp = os.path.join(ROOT, "eval", "data", "nonlisted-companies.txt")
    if os.path.exists(comp):
        for q in open(comp, encoding="utf-8"):
            q = q.strip()
            if q and not q.startswith("#") and " ".join(es.fold(q).split()) not in listed:
                rows.append((q, "", "eval/data/nonlisted-companies.txt (PCI-ID registry)"))
    donors = os.path.join(data, "lists/opensanctions/yente-fixtures/parteispenden/entities.ftm.json")
    if os.path.exists(donors):
        rows += [(q, "", "yente-fixtures/parteispenden (German party donors)")
                 for q in es.load_ftm_names(donors, {"Company", "Organization"})]
    cor = os.path.join(data, "lists/opensanctions/export-2022-08/targetssimple.csv")
    if os.path.exists(cor):
        with open(cor, encoding="utf-8", newline="") as f:
            rows += [(r["name"], "", "opensanctions eu_cor_members (targetssimple.csv)")
                     for r in csv.DictReader(f) if r.get("schema") == "Person" and r.get("name")]
    peps = os.path.join(data, "lists/opensanctions/export-2024-03/entities.ftm.json")
    if os.path.exists(peps):
        rows += [(q, "", "opensanctions sa_wiki_peps_v2 (Saudi PEPs, Wikidata)")
                 for q in es.load_ftm_names(peps, {"Person"})]
    # A name equal to a listed name (in any word order) is no test of false alerts, and
    # a one-word name cannot be judged by a name-only screen: both are left out.
    listed_sorted = {" ".join(sorted(k.split())) for k in listed}
    for ent, aliases in names.alt.items():       # alt.csv names, which eval_screen.py lacks
        listed_sorted |= {" ".join(sorted(es.fold(a).split())) for a in aliases}
    seen, out = set(), []
    for q, e, s in rows:
        q = " ".join(q.replace("\t", " ").split())
        k = " ".join(sorted(es.fold(q).split()))
        if len(q.split()) < 2 or k in listed_sorted:
            continue
        if q and q not in seen:
            seen.add(q)
            out.append((q, e, s))
    rows_by_set["nonlisted"] = out


# --------------------------------------------------------------------------

def script_of(s):
    """The script of a name: the Unicode script word (ARABIC, CYRILLIC, LATIN...) most of
    its letters bear."""
    c = collections.Counter(unicodedata.name(ch, "? ?").split()[0] for ch in s if ch.isalpha())
    return c.most_common(1)[0][0] if c else "?"


FA_UR = set("\u067e\u0686\u0698\u06af\u06cc\u06a9")     # the Persian / Urdu letters \u067e \u0686 \u0698 \u06af \u06cc \u06a9


def script_set(data, rows_by_set):
    """script.tsv: each UN-listed individual or entity whose NAME_ORIGINAL_SCRIPT is in a
    script other than Latin, screened by that name against the UN list with every
    original-script name removed (eval_categories.py writes that copy): the Latin names of
    the same entry must find it. Names with a U+FFFD (the UN file's own broken encoding)
    are left out. expected = un:REFERENCE_NUMBER."""
    import xml.etree.ElementTree as ET
    path = os.path.join(data, UN_XML)
    if not os.path.exists(path):
        print(f"make_eval_categories: {path} not found: no script set", file=sys.stderr)
        return
    root = ET.parse(path).getroot()
    rows, broken = [], 0
    for group in ("INDIVIDUALS", "ENTITIES"):
        for e in root.find(group) or []:
            orig = " ".join((e.findtext("NAME_ORIGINAL_SCRIPT") or "").split())
            if not orig:
                continue
            if "\ufffd" in orig:
                broken += 1
                continue
            scr = script_of(orig)
            if scr == "LATIN":
                continue
            ref = (e.findtext("REFERENCE_NUMBER") or "").strip()
            latin = " ".join(" ".join((e.findtext(t) or "") for t in (
                "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")).split())
            kind = scr.lower() if scr == "ARABIC" else "other " + scr.lower()
            if scr == "ARABIC" and FA_UR & set(orig):
                kind += ", fa/ur letters"
            if group == "ENTITIES":
                kind += ", entity"
            rows.append((orig, "un:" + ref,
                         f"UN_consolidated.xml {ref} NAME_ORIGINAL_SCRIPT of '{latin}' ({kind})"))
    rows.sort(key=lambda r: (r[1], r[0]))
    if broken:
        print(f"make_eval_categories: script: {broken} original-script names with U+FFFD left out",
              file=sys.stderr)
    rows_by_set["script"] = rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "eval", "data", "categories"))
    args = ap.parse_args()
    data = os.path.join(args.shared, "data")
    sdn_csv = os.path.join(data, es.SDN_DIR, "sdn.csv")
    if not os.path.exists(sdn_csv):
        sys.exit(f"make_eval_categories: {sdn_csv} not found (--shared PATH)")
    sdn = es.load_sdn(sdn_csv)
    names = Names(sdn, load_alt(os.path.join(data, SDN_ALT), sdn))
    sets = collections.OrderedDict()
    cyr_sets(eu_persons(data, sdn), names, sets)
    arabic_set(sdn, names, sets)
    typo_set(sdn, names, sets)
    initials_set(sdn, names, sets)
    company_set(sdn, names, sets)
    company_hard_set(sdn, names, sets)
    script_set(data, sets)
    nonlisted_set(data, sdn, names, sets)
    os.makedirs(args.out, exist_ok=True)
    for name, rows in sets.items():
        path = os.path.join(args.out, name + ".tsv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("query\texpected\tsplit\tsource\n")
            for q, ent, src in rows:
                exp = (ent if ":" in ent else f"ofac-sdn:{ent}") if ent else ""
                f.write(f"{q}\t{exp}\t{split_of(exp or q)}\t{src}\n")
        n_dev = sum(1 for q, ent, _ in rows if split_of(
            (ent if ":" in ent else f"ofac-sdn:{ent}") if ent else q) == "dev")
        print(f"{name:10s} {len(rows):5d} queries ({n_dev} dev, {len(rows) - n_dev} test), "
              f"{len({r[1] for r in rows})} entities -> {os.path.relpath(path, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""gen_name_freq.py - generate src/text/freq_table.c, the name-token frequency table.

Name matching weighs a token by how rare it is in names worldwide: "mohammed",
"ali", "john", "company" and "bank" carry little evidence, "kosachev" much. This
script counts, for every token, its DOCUMENT FREQUENCY: the number of distinct
names it occurs in, over official sanctions lists and CC0 name data, and writes
the tokens seen in at least --min-df names as a sorted C table that
emb__name_freq() (src/text/freq.h) searches by bisection; and, apart, the
English words (--words) of four letters or more that no counted name contains,
for emb__name_word_unseen() (as sorted 32-bit hashes, see word_hash).

House rule: a generated table is committed together with its generator and the
version of the data it came from. The generated file names every input with its
MANIFEST.tsv commit, data date and SHA-256. Output is deterministic: the same
inputs and the same Python minor version (the NFKD tables come from
unicodedata, whose Unicode version is recorded in the output) give a
byte-identical file. Python 3.11+, standard library only.

Usage (from anywhere):
    python3 scripts/gen_name_freq.py                # writes src/text/freq_table.c
    python3 scripts/gen_name_freq.py --check        # exit 1 if the committed file is stale
    python3 scripts/gen_name_freq.py --shared DIR --out FILE --min-df N

--shared is the shared directory holding data/ (default: ../shared relative to
the repository root); a directory that itself holds MANIFEST.tsv is accepted too.

TOKENISATION (mirrors the C tokeniser; keep the two in step)
    1. Apostrophes ' (U+0027), ’ (U+2019), ʼ (U+02BC), ` (U+0060), ´ (U+00B4)
       are deleted: O'NEILL -> oneill. (They are deleted before NFKD as well
       as after it, because NFKD turns ´ into a space plus a combining mark.)
    2. Unicode NFKD.
    3. Combining marks (general category Mn, Mc, Me) are dropped: é -> e.
    4. Lower case (str.lower).
    5. Letters without a decomposition are mapped:
       ß->ss  æ->ae  œ->oe  ø->o  đ->d  ł->l  ı->i  þ->th
    6. Every character that is not [a-z0-9] separates tokens.
    A name that still contains a non-ASCII LETTER (general category L*) after
    steps 1-5 -- Cyrillic, Arabic, Hebrew, CJK..., but also ð, ə, ħ and the
    modifier letters ʿ ʾ ʻ -- is skipped: it is not counted at all. Non-ASCII
    characters that are not letters (punctuation, symbols, RLM, non-ASCII
    digits) are separators like any other.

WHAT A "NAME" IS, AND DEDUPLICATION
    Each corpus yields name strings (see CORPORA below). A name's key is the
    sorted set of its distinct tokens; a name whose key was already seen (in
    this or an earlier corpus) is not counted again, so "PUTIN, Vladimir" on one
    list and "Vladimir Putin" on another are one name, and a token counts at
    most once per name. emb__name_freq_total is the number of distinct keys.

CORPORA (official lists and CC0 name data only; never the labelled
evaluation pairs in data/pairs/opensanctions/ or data/pairs/watchman/, which
would leak the test set)
    ofac-sdn-prim  OFAC SDN primary names, 2024-05-03 full file (col 2)
    ofac-sdn-alt   OFAC SDN aliases, 2025-12 (partial set) (col 4)
    ofac-cons-prim OFAC consolidated non-SDN primary names (col 2)
    ofac-cons-alt  OFAC consolidated non-SDN aliases (col 4)
    un             UN SC consolidated XML: individuals' FIRST..FOURTH_NAME
                   joined, entities' FIRST_NAME, every ALIAS_NAME
    wd-hebrew      Latin side of the COLING 2018 Wikidata person names (CC0)
    arabic-english English side of the Arabic-English transliteration pairs
"""

import argparse
import csv
import hashlib
import io
import os
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter

# --------------------------------------------------------------------------
# Tokeniser

APOSTROPHES = "'\u2019\u02bc`\u00b4"
_DEL_APOS = {ord(c): None for c in APOSTROPHES}
LETTER_MAP = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o",
              "đ": "d", "ł": "l", "ı": "i", "þ": "th"}
_MAP = str.maketrans(LETTER_MAP)
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def tokenize(name):
    """Tokens of one name, in order (with repeats), or None if the name
    keeps non-ASCII letters after folding and must be skipped. Also returns
    the set of offending non-ASCII letters for the summary."""
    s = name.translate(_DEL_APOS)
    s = unicodedata.normalize("NFKD", s).translate(_DEL_APOS)
    s = "".join(c for c in s if unicodedata.category(c) not in ("Mn", "Mc", "Me"))
    s = s.lower().translate(_MAP)
    tokens, cur, bad = [], [], set()
    for c in s:
        if c in _ALNUM:
            cur.append(c)
            continue
        if cur:
            tokens.append("".join(cur))
            cur = []
        if ord(c) > 0x7F and unicodedata.category(c).startswith("L"):
            bad.add(c)
    if cur:
        tokens.append("".join(cur))
    if bad:
        return None, bad
    return tokens, bad


# --------------------------------------------------------------------------
# Readers: each yields raw name strings (possibly empty).

def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def ofac_csv(data, col):
    """OFAC legacy CSV: headerless, CRLF, cp1252, ends with a 0x1A byte,
    "-0- " marks a null field. col is 1-based."""
    text = data.decode("cp1252").rstrip("\x1a\r\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        if len(row) < col:
            continue
        v = row[col - 1].strip()
        if v == "-0-":
            continue
        yield v


def un_xml(data):
    root = ET.fromstring(data)
    parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    for ind in root.iter("INDIVIDUAL"):
        yield " ".join(t for t in ((ind.findtext(p) or "").strip() for p in parts) if t)
        for al in ind.iter("INDIVIDUAL_ALIAS"):
            yield (al.findtext("ALIAS_NAME") or "").strip()
    for ent in root.iter("ENTITY"):
        yield (ent.findtext("FIRST_NAME") or "").strip()
        for al in ent.iter("ENTITY_ALIAS"):
            yield (al.findtext("ALIAS_NAME") or "").strip()


def wd_hebrew(data):
    for line in data.decode("utf-8").split("\n"):
        if line:
            yield line.split("\t", 1)[0].strip()


def arabic_english(data):
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")):
        yield (row.get("english") or "").strip()


CORPORA = [
    ("ofac-sdn-prim", "lists/ofac-sdn/full-2024-05-03/sdn.csv", lambda d: ofac_csv(d, 2)),
    ("ofac-sdn-alt", "lists/ofac-sdn/partial-2025-12/alt.csv", lambda d: ofac_csv(d, 4)),
    ("ofac-cons-prim", "lists/ofac-cons/2025-12/cons_prim.csv", lambda d: ofac_csv(d, 2)),
    ("ofac-cons-alt", "lists/ofac-cons/2025-12/cons_alt.csv", lambda d: ofac_csv(d, 4)),
    ("un", "lists/un/2026-02-27/UN_consolidated.xml", un_xml),
    ("wd-hebrew", "pairs/transliteration/coling2018/wd_hebrew", wd_hebrew),
    ("arabic-english", "pairs/transliteration/arabic_english.csv", arabic_english),
]


def read_manifest(path):
    rows = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rows[row["path"]] = row
    return rows


# --------------------------------------------------------------------------
# Counting

def count(datadir, manifest):
    seen = set()                 # keys of names counted so far
    df = Counter()               # token -> number of distinct names
    person_df = Counter()        # token -> distinct Wikidata person names holding it
    stats, inputs = [], []
    for label, rel, reader in CORPORA:
        path = os.path.join(datadir, rel)
        data = read_bytes(path)
        m = manifest.get(rel)
        if m is None:
            sys.exit(f"gen_name_freq: {rel} is not in MANIFEST.tsv")
        if m.get("bytes") and int(m["bytes"]) != len(data):
            sys.exit(f"gen_name_freq: {rel} has {len(data)} bytes, MANIFEST says {m['bytes']}")
        inputs.append((label, rel, m, hashlib.sha256(data).hexdigest()))
        st = Counter()
        own = set()
        for raw in reader(data):
            st["rows"] += 1
            if not raw:
                st["empty"] += 1
                continue
            toks, bad = tokenize(raw)
            if toks is None:
                st["skipped_script"] += 1
                for c in bad:
                    st["bad:" + c] += 1
                continue
            if not toks:
                st["empty"] += 1
                continue
            key = tuple(sorted(set(toks)))
            if key in own:
                st["dup_in_corpus"] += 1
                continue
            own.add(key)
            if label == PERSON_CORPUS:
                person_df.update(key)
            if key in seen:
                st["dup_earlier"] += 1
                continue
            seen.add(key)
            st["counted"] += 1
            df.update(key)
        st["distinct"] = len(own)
        stats.append((label, st))
    return df, person_df, len(seen), stats, inputs


# --------------------------------------------------------------------------
# C output

def word_hash(t):
    """32-bit hash of a word for emb__name_word_unseen; the C twin is
    word_hash() in FUNCS, and the two must agree bit for bit: FNV-1a over
    the bytes (offset basis 2166136261, prime 16777619), then the MurmurHash3
    32-bit finaliser so that the top bits (the bucket) are well mixed."""
    h = 0x811C9DC5
    for b in t.encode("ascii"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def read_words(path):
    """Lower-case English words of three letters or more from a word list."""
    words = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.strip()
            if len(w) >= 3 and w.isascii() and w.isalpha() and w.islower():
                words.add(w)
    return words


def c_file(df, person_df, total, inputs, min_df, argv_note, words, words_note):
    # Tokens seen in min_df names or more, and English words seen at all:
    # the word flag is what matters for those.
    kept = sorted((t for t, n in df.items() if n >= min_df or (t in words and n >= 1)),
                  key=lambda t: t.encode())
    out = []
    w = out.append
    w("/*\n")
    w(" * freq_table.c - document frequency of name tokens; see freq.h.\n")
    w(" *\n")
    w(" * GENERATED by scripts/gen_name_freq.py -- DO NOT EDIT. Regenerate with\n")
    w(f" *     python3 scripts/gen_name_freq.py{argv_note}\n")
    w(" * and commit this file together with the generator.\n")
    w(" *\n")
    w(" * Inputs (paths under ../shared/data; commit of source_repo per MANIFEST.tsv):\n")
    for label, rel, m, sha in inputs:
        date = m.get("data_date") or ""
        if not date:
            date = "commit " + (m.get("commit_date") or "?")
        w(f" *   {label}: {rel}\n")
        w(f" *       {m['source_repo']} @ {m['commit']}\n")
        w(f" *       data: {date}\n")
        w(f" *       sha256 {sha}\n")
    w(" *\n")
    w(f" * English words: {words_note}\n")
    w(f" * Names counted (distinct token sets, all corpora): {total}\n")
    w(f" * Distinct tokens: {len(df)}; kept (document frequency >= {min_df}, or an\n")
    w(f" * English word seen at least once): {len(kept)}\n")
    w(f" * Unicode data: Python unicodedata {unicodedata.unidata_version}\n")
    w(" *\n")
    w(" * Layout: the tokens, NUL-terminated and in strcmp order, are packed into\n")
    w(" * blocks of NAME_FREQ_BLOCK bytes (each block one string literal shorter\n")
    w(" * than the 4095 characters ISO C guarantees, so the file is portable and\n")
    w(" * -Wpedantic clean); no token crosses a block. Token i starts at byte\n")
    w(" * name_freq_off[i] % NAME_FREQ_BLOCK of block name_freq_off[i] /\n")
    w(" * NAME_FREQ_BLOCK, has name_freq_len[i] bytes and document frequency\n")
    w(" * name_freq_df[i]; name_freq_word[i] is 1 if it is an ordinary English\n")
    w(" * word; name_freq_person[i] counts the Wikidata person names (of the\n")
    w(f" * {PERSON_CORPUS} corpus) holding it. Offsets instead of pointers: no relocations.\n")
    w(f" * Apart, for emb__name_word_unseen: the English words of {UNSEEN_MIN} letters or more\n")
    w(" * that no counted name contains, as the sorted distinct 32-bit hashes of\n")
    w(" * the words (name_word_hash; see word_hash in the generator and in this\n")
    w(" * file), with name_word_start indexing them by their top\n")
    w(" * NAME_WORD_BUCKET_BITS bits; name_word_not lists the tokens the generator\n")
    w(" * saw (name tokens, word-list words) that are not members but whose hash is.\n")
    w(" */\n")
    w('#include "freq.h"\n\n#include <pthread.h>\n#include <string.h>\n\n')
    w(f"const uint32_t emb__name_freq_total = {total}u;\n\n")
    maxlen = max((len(t) for t in kept), default=0)
    if maxlen > 255 or maxlen >= BLOCK:
        sys.exit(f"gen_name_freq: a token of {maxlen} bytes does not fit the layout")
    maxdf = max((df[t] for t in kept), default=0)
    df_type = "uint16_t" if maxdf <= 0xFFFF else "uint32_t"

    # Pack the tokens into blocks; a literal holds at most BLOCK - 1 bytes so
    # that its own terminating NUL fits the row too.
    blocks, offs, cur = [], [], []
    used = 0
    for t in kept:
        if used + len(t) + 1 > BLOCK - 1:
            blocks.append(cur)
            cur, used = [], 0
        offs.append(len(blocks) * BLOCK + used)
        cur.append(t)
        used += len(t) + 1
    if cur or not blocks:
        blocks.append(cur)

    w(f"#define NAME_FREQ_N {len(kept)}u\n")
    w(f"#define NAME_FREQ_MAXLEN {maxlen}u\n")
    w(f"#define NAME_FREQ_BLOCK {BLOCK}u\n\n")
    w(f"static const char name_freq_chars[{len(blocks)}][NAME_FREQ_BLOCK] = {{\n")
    for bi, blk in enumerate(blocks):
        # One literal per token: a "\0" must not run into a following digit.
        w(f"    /* block {bi} */\n")
        line = ""
        for t in blk:
            piece = f'"{t}\\0"'
            if line and len(line) + 1 + len(piece) > 96:
                w("    " + line + "\n")
                line = ""
            line = piece if not line else line + " " + piece
        if not blk:
            line = '""'
        w("    " + line + ",\n")
    w("};\n\n")

    def numbers(name, ctype, values):
        w(f"static const {ctype} {name}[] = {{\n")
        line = ""
        for v in values:
            piece = f"{v},"
            if line and len(line) + 1 + len(piece) > 96:
                w("    " + line + "\n")
                line = ""
            line = piece if not line else line + " " + piece
        if line:
            w("    " + line + "\n")
        w("};\n\n")

    numbers("name_freq_off", "uint32_t", offs or [0])
    numbers("name_freq_len", "uint8_t", [len(t) for t in kept] or [0])
    numbers("name_freq_df", df_type, [df[t] for t in kept] or [0])
    numbers("name_freq_word", "uint8_t", [1 if t in words else 0 for t in kept] or [0])
    numbers("name_freq_person", "uint16_t", [min(person_df[t], 0xFFFF) for t in kept] or [0])

    # English words of UNSEEN_MIN letters or more that no counted name
    # contains: only membership is asked, so only a 32-bit hash of each word
    # is kept (word_hash), sorted, with a bucket index by the hash's top
    # NAME_WORD_BUCKET_BITS bits. A non-member whose hash equals a member's
    # would be a false positive: every such non-member among the tokens this
    # script sees (every token of every counted name, every word of the
    # word list) is listed apart, by its string, and answered "no".
    unseen = sorted(t for t in words if len(t) >= UNSEEN_MIN and df[t] == 0)
    member = set(unseen)
    hashes = sorted({word_hash(t) for t in unseen})
    hset = set(hashes)
    others = {t for t in df if len(t) >= UNSEEN_MIN and t.isascii() and t.isalpha()}
    others |= {t for t in words if len(t) >= UNSEEN_MIN}
    collide = sorted((t for t in others - member if word_hash(t) in hset),
                     key=lambda t: (word_hash(t), t.encode()))
    NOTES.append(f"unseen words: {len(unseen)} ({len(hashes)} distinct hashes); "
                 f"non-members checked: {len(others - member)}, colliding: "
                 f"{len(collide)} {' '.join(collide)}")
    w(f"#define NAME_WORD_N {len(hashes)}u\n")
    w(f"#define NAME_WORD_BUCKET_BITS {WORD_BUCKET_BITS}u\n")
    w(f"#define NAME_WORD_MINLEN {UNSEEN_MIN}u\n")
    w(f"#define NAME_WORD_NOT_N {len(collide)}u\n\n")
    numbers("name_word_hash", "uint32_t", hashes or [0])
    # name_word_start[b]: the first hash whose top bits are >= b;
    # [1 << NAME_WORD_BUCKET_BITS] = NAME_WORD_N
    starts, i = [], 0
    for b in range(1 << WORD_BUCKET_BITS):
        while i < len(hashes) and hashes[i] >> (32 - WORD_BUCKET_BITS) < b:
            i += 1
        starts.append(i)
    starts.append(len(hashes))
    numbers("name_word_start", "uint16_t" if len(hashes) <= 0xFFFF else "uint32_t", starts)
    w("/* Non-members whose hash is a member's (answered \"no\"). */\n")
    w("static const char *const name_word_not[] = {\n")
    for t in collide:
        w(f'    "{t}",\n')
    if not collide:
        w("    NULL,\n")
    w("};\n\n")

    w(FUNCS)
    return "".join(out), kept


BLOCK = 4096
WORD_BUCKET_BITS = 12   # top bits of word_hash indexing name_word_hash
NOTES = []          # summary lines c_file leaves for main to print
UNSEEN_MIN = 4   # letters of the English words no name contains that are kept
PERSON_CORPUS = "wd-hebrew"   # the corpus of person names (Wikidata)

FUNCS = r"""static const char *entry_str(size_t i) {
    uint32_t off = name_freq_off[i];
    return name_freq_chars[off / NAME_FREQ_BLOCK] + off % NAME_FREQ_BLOCK;
}

/* Compares tok[0..len) with entry i in strcmp order. */
static int entry_cmp(const char *tok, size_t len, size_t i) {
    size_t elen = name_freq_len[i];
    int c = memcmp(tok, entry_str(i), len < elen ? len : elen);
    if (c) return c;
    return len < elen ? -1 : len > elen ? 1 : 0;
}

/* The entries by their first two letters, built once: those that begin
 * with letters c, d are from2[c][1 + d] .. to2[c][1 + d] - 1, the
 * one-letter entry c is from2[c][0] (a-z as 0-25; in strcmp order the
 * entries of two letters lie together). A word beginning with two letters
 * is searched among those only (some eight comparisons fewer than among
 * all, on every word the matcher's memo has not met); others among all. */
static uint16_t from2[26][27], to2[26][27];
static pthread_once_t from2_once = PTHREAD_ONCE_INIT;
_Static_assert(NAME_FREQ_N < 65536u, "from2 holds entry numbers as uint16_t");

/* The two-letter slot of s[0..len) (len >= 1), or -1. */
static int slot2(const char *s, size_t len) {
    unsigned c = (unsigned char)s[0] - 'a';
    if (c >= 26) return -1;
    if (len == 1) return (int)(c * 27);
    unsigned d = (unsigned char)s[1] - 'a';
    return d < 26 ? (int)(c * 27 + 1 + d) : -1;
}

static void from2_build(void) {
    for (size_t i = 0; i < NAME_FREQ_N; i++) {
        int sl = slot2(entry_str(i), name_freq_len[i]);
        if (sl < 0) continue;
        uint16_t *f = &from2[0][0] + sl, *t = &to2[0][0] + sl;
        if (*t == 0) *f = (uint16_t)i;
        *t = (uint16_t)(i + 1);
    }
}

int emb__name_stats(const char *tok, size_t len, emb_name_stat *out) {
    out->df = out->person_df = 0;
    out->word = 0;
    if (!tok || len == 0 || len > NAME_FREQ_MAXLEN) return 0;
    size_t lo = 0, hi = NAME_FREQ_N;
    int sl = slot2(tok, len);
    if (sl >= 0) {
        pthread_once(&from2_once, from2_build);
        lo = (&from2[0][0])[sl];
        hi = (&to2[0][0])[sl];
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = entry_cmp(tok, len, mid);
        if (c == 0) {
            out->df = name_freq_df[mid];
            out->person_df = name_freq_person[mid];
            out->word = name_freq_word[mid];
            return 1;
        }
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* FNV-1a 32 over tok[0..len), then the MurmurHash3 finaliser; 0 if a byte
 * is not a-z (no member has one). Must agree with word_hash() in
 * scripts/gen_name_freq.py. */
static int word_hash(const char *tok, size_t len, uint32_t *out) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)tok[i];
        if (c < 'a' || c > 'z') return 0;
        h = (h ^ c) * 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    *out = h;
    return 1;
}

int emb__name_word_unseen(const char *tok, size_t len) {
    uint32_t h;
    if (!tok || len < NAME_WORD_MINLEN || !word_hash(tok, len, &h)) return 0;
    size_t b = h >> (32u - NAME_WORD_BUCKET_BITS);
    size_t lo = name_word_start[b], hi = name_word_start[b + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (name_word_hash[mid] == h) {
            for (size_t i = 0; i < NAME_WORD_NOT_N; i++)
                if (strlen(name_word_not[i]) == len && memcmp(name_word_not[i], tok, len) == 0)
                    return 0;
            return 1;
        }
        if (name_word_hash[mid] < h) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

uint32_t emb__name_freq(const char *tok, size_t len) {
    emb_name_stat st;
    emb__name_stats(tok, len, &st);
    return st.df;
}

size_t emb__name_freq_size(void) {
    return NAME_FREQ_N;
}

const char *emb__name_freq_entry(size_t i, size_t *len, uint32_t *df) {
    if (i >= NAME_FREQ_N) return NULL;
    if (len) *len = name_freq_len[i];
    if (df) *df = name_freq_df[i];
    return entry_str(i);
}
"""


# --------------------------------------------------------------------------

def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared"),
                    help="shared directory holding data/ (default: ../shared from the repo root)")
    ap.add_argument("--out", default=os.path.join(repo, "src", "text", "freq_table.c"))
    ap.add_argument("--min-df", type=int, default=3,
                    help="keep tokens seen in at least this many names (default 3)")
    ap.add_argument("--words", default="/usr/share/dict/american-english",
                    help="English word list (default: Debian's wamerican)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if --out differs from what would be generated")
    ap.add_argument("--top", type=int, default=40, help="tokens to list in the summary")
    args = ap.parse_args()

    datadir = os.path.join(args.shared, "data")
    if not os.path.exists(os.path.join(datadir, "MANIFEST.tsv")) and \
            os.path.exists(os.path.join(args.shared, "MANIFEST.tsv")):
        datadir = args.shared
    manifest = read_manifest(os.path.join(datadir, "MANIFEST.tsv"))

    df, person_df, total, stats, inputs = count(datadir, manifest)
    note = "" if args.min_df == 3 else f" --min-df {args.min_df}"
    words = read_words(args.words)
    words_note = (f"{len(words)} lower-case words of 3+ letters from {args.words} "
                  f"(Debian package wamerican: SCOWL, (c) Kevin Atkinson, permissive licence)")
    text, kept = c_file(df, person_df, total, inputs, args.min_df, note, words, words_note)
    blob = text.encode("ascii")

    p = print
    p(f"{'corpus':<15} {'rows':>7} {'empty':>6} {'script':>7} {'dupin':>6} "
      f"{'distinct':>8} {'dupprev':>7} {'counted':>8}")
    for label, st in stats:
        p(f"{label:<15} {st['rows']:>7} {st['empty']:>6} {st['skipped_script']:>7} "
          f"{st['dup_in_corpus']:>6} {st['distinct']:>8} {st['dup_earlier']:>7} {st['counted']:>8}")
    p("  (script = skipped for non-ASCII letters; dupin = repeated in the corpus;")
    p("   distinct = distinct names in the corpus; dupprev = already counted from an")
    p("   earlier corpus; counted = new names this corpus adds to the total)")
    for label, st in stats:
        bad = sorted(((k[4:], v) for k, v in st.items() if k.startswith("bad:")),
                     key=lambda kv: (-kv[1], kv[0]))
        if bad:
            shown = " ".join(f"{c}(U+{ord(c):04X})x{n}" for c, n in bad[:12])
            more = f" ... {len(bad) - 12} more" if len(bad) > 12 else ""
            p(f"  {label}: skipping letters: {shown}{more}")
    p(f"names counted (emb__name_freq_total): {total}")
    p(f"distinct tokens: {len(df)}")
    p(f"tokens kept (df >= {args.min_df}): {len(kept)}")
    for n in NOTES:
        p(n)
    p(f"output: {args.out}: {len(blob)} bytes")
    p(f"top {args.top} tokens:")
    top = sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))[:args.top]
    for i in range(0, len(top), 4):
        p("  " + "  ".join(f"{t:<14}{n:>6}" for t, n in top[i:i + 4]))

    if args.check:
        try:
            old = read_bytes(args.out)
        except OSError:
            old = None
        if old != blob:
            print(f"gen_name_freq: {args.out} is stale", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

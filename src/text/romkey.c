/*
 * romkey.c - romanisation keys and phonetic skeletons; see romkey.h.
 *
 * The key is written in a private alphabet: lower-case letters keep their
 * usual values and upper-case letters stand for sounds that spelling
 * systems write in many ways: S (sh, sch, sz, shch), C (ch, tch, tsch, cz),
 * Z (zh), T (ts, tz), J (dzh, dj), X (pinyin x, Wade-Giles hs). Rules are
 * tried longest first at each position; the
 * first rule whose context holds wins. The rules come from the published
 * romanisation tables (BGN/PCGN, ICAO 9303, French and German press usage)
 * and were checked against the variant lists in tests/unit/test_romkey.c.
 */
#include "romkey.h"

#include <stdint.h>
#include <string.h>

typedef struct {
    const char *from;
    const char *to;
    unsigned char flen, tlen;
} rule;

#define R(f, t) {f, t, sizeof(f) - 1, sizeof(t) - 1}

/* Multi-letter rules by their first letter, longest first within each
 * letter (rules of different first letters never compete at one place). */
static const rule RULES_A[] = {R("ae", "a")};
static const rule RULES_C[] = {R("ch", "C"), R("cz", "C"), R("ck", "k")};
static const rule RULES_D[] = {R("dzh", "J"), R("dh", "d"), R("dj", "J")};
static const rule RULES_G[] = {R("gh", "g")};
static const rule RULES_K[] = {R("kh", "h")};
static const rule RULES_O[] = {R("ou", "u"), R("oo", "u"), R("oe", "o")};
static const rule RULES_P[] = {R("ph", "f")};
static const rule RULES_S[] = {R("schtsch", "S"), R("shch", "S"), R("szcz", "S"), R("sch", "S"),
                               R("sh", "S"), R("sz", "S")};
static const rule RULES_T[] = {R("tsch", "C"), R("tch", "C"), R("th", "t"), R("ts", "T"), R("tz", "T")};
static const rule RULES_U[] = {R("ue", "u")};
static const rule RULES_Z[] = {R("zh", "Z")};

/* The rules a letter may begin, and the letters that may follow it in
 * one (a rule's second letter must be in `second`: a letter followed by
 * another skips the search, which once tried every rule at every letter).
 */
#define B(c) (1u << ((c) - 'a'))
#define RULE_SET(c, r, s) [(c) - 'a'] = {r, sizeof(r) / sizeof(r[0]), s}
static const struct {
    const rule *r;
    unsigned char n;
    uint32_t second;
} RULES_BY_FIRST[26] = {
    RULE_SET('a', RULES_A, B('e')),
    RULE_SET('c', RULES_C, B('h') | B('z') | B('k')),
    RULE_SET('d', RULES_D, B('z') | B('h') | B('j')),
    RULE_SET('g', RULES_G, B('h')),
    RULE_SET('k', RULES_K, B('h')),
    RULE_SET('o', RULES_O, B('u') | B('o') | B('e')),
    RULE_SET('p', RULES_P, B('h')),
    RULE_SET('s', RULES_S, B('c') | B('h') | B('z')),
    RULE_SET('t', RULES_T, B('s') | B('c') | B('h') | B('z')),
    RULE_SET('u', RULES_U, B('e')),
    RULE_SET('z', RULES_Z, B('h')),
};

/* The first rule that applies at tok[i..n), or NULL. */
static const rule *find_rule(const char *tok, size_t i, size_t n) {
    unsigned c = (unsigned char)tok[i] - 'a';
    if (c >= 26 || i + 1 >= n) return NULL;
    unsigned c2 = (unsigned char)tok[i + 1] - 'a';
    if (c2 >= 26 || !(RULES_BY_FIRST[c].second & (1u << c2))) return NULL;
    const rule *r = RULES_BY_FIRST[c].r;
    for (unsigned k = 0; k < RULES_BY_FIRST[c].n; k++) {
        if (r[k].flen > n - i || tok[i + 1] != r[k].from[1]) continue;
        if (r[k].flen == 2 || memcmp(tok + i + 2, r[k].from + 2, r[k].flen - 2u) == 0) return &r[k];
    }
    return NULL;
}

static int is_vowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* What emb__romkey writes for a byte that begins no rule and that no case
 * of its switch reads in context: the byte itself, or y, j -> i, w -> v,
 * q -> k; 0 for the letters that may begin a rule (RULES_BY_FIRST), c
 * and x (and NUL), which take the long way. Most letters of a word take
 * this one (a table look-up instead of the rule search and the switch). */
static const unsigned char SIMPLE[256] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
    0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
    0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
    0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
    0x60, 0x00, 0x62, 0x00, 0x00, 0x65, 0x66, 0x00, 0x68, 0x69, 0x69, 0x00, 0x6c, 0x6d, 0x6e, 0x00,
    0x00, 0x6b, 0x72, 0x00, 0x00, 0x00, 0x76, 0x76, 0x00, 0x69, 0x00, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
    0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
    0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
    0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
    0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
    0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

/* Appends c to the key, unless the key ends with it: doubled letters are
 * dropped as they are written (they were once dropped in a pass of their
 * own, with the same result: the rules read the word, never the key). */
static inline size_t put_key(char *out, size_t o, char c) {
    if (o == 0 || out[o - 1] != c) out[o++] = c;
    return o;
}

size_t emb__romkey(const char *tok, size_t n, char *out) {
    size_t o = 0;
    size_t i = 0;
    /* A word that begins xi, xu (or hsi, hsu) is Chinese: pinyin x (Wade-Giles
     * hs) is a sound of its own, neither ks nor sh (Xu is Hsu, not Shu, and
     * no CSU; Xi is Hsi, not Shi); the Latin x before i, u is rare at a
     * word's start (Xenia, Ksenia keep ks) */
    if (n >= 2 && tok[0] == 'x' && (tok[1] == 'i' || tok[1] == 'u')) {
        out[o++] = 'X';
        i = 1;
    } else if (n >= 3 && tok[0] == 'h' && tok[1] == 's' && (tok[2] == 'i' || tok[2] == 'u')) {
        out[o++] = 'X';
        i = 2;
    }
    while (i < n) {
        unsigned char simple = SIMPLE[(unsigned char)tok[i]];
        if (simple) {
            o = put_key(out, o, (char)simple);
            i++;
            continue;
        }
        const rule *r = find_rule(tok, i, n);
        /* ae, oe, ue are German umlauts (Schaefer), but not before v: the
         * Russian -aev, -oev, -uev (Nikolaev, Tsoev, Zuev) are -ayev, -oyev,
         * -uyev written without the y */
        if (r && r->flen == 2 && r->from[1] == 'e' &&
            (r->from[0] == 'a' || r->from[0] == 'o' || r->from[0] == 'u') && i + 2 < n && tok[i + 2] == 'v')
            r = NULL;
        if (r) {
            for (unsigned k = 0; k < r->tlen; k++) o = put_key(out, o, r->to[k]);
            i += r->flen;
            continue;
        }
        char c = tok[i];
        switch (c) {
        case 'y': case 'j': c = 'i'; break;
        case 'w': c = 'v'; break;
        case 'q': c = 'k'; break;
        case 'x': o = put_key(out, o, 'k'); c = 's'; break;
        case 'c': {
            char next = i + 1 < n ? tok[i + 1] : '\0';
            c = (next == 'e' || next == 'i' || next == 'y') ? 's' : 'k';
            break;
        }
        default: break;
        }
        o = put_key(out, o, c);
        i++;
    }
    /* Second pass on the key: iotated vowels and doubled letters. Every
     * rule starts at an 'i': up to the first one the key stays as it is
     * (it has no doubled letters left). */
    const char *first_i = memchr(out, 'i', o);
    if (!first_i) return o;
    size_t w = (size_t)(first_i - out);
    for (size_t r = w; r < o; r++) {
        char c = out[r];
        if (c != 'i') {
            if (w > 0 && out[w - 1] == c) continue; /* doubled letters */
            out[w++] = c;
            continue;
        }
        /* word-initial "ie" (Yelena, Jelena) -> "e" */
        if (r == 0 && o > 1 && out[1] == 'e') continue;
        /* "io" after a sibilant (Kosachyov, Gorbachiov) -> "e" */
        if (r + 1 < o && out[r + 1] == 'o' && w > 0 &&
            (out[w - 1] == 'C' || out[w - 1] == 'S' || out[w - 1] == 'Z' || out[w - 1] == 'T')) {
            out[w++] = 'e';
            r++;
            continue;
        }
        /* "i" between a vowel and "e" (Sergeyev, Andreyev) goes */
        if (r + 1 < o && out[r + 1] == 'e' && w > 0 && is_vowel(out[w - 1]))
            continue;
        /* "iev" (Dmitriev, Valeryevna) -> "ev" */
        if (r + 2 < o && out[r + 1] == 'e' && out[r + 2] == 'v' && w > 0 && !is_vowel(out[w - 1]))
            continue;
        /* "iov" at the end (Pugachyov) -> "ev" */
        if (r + 3 == o && out[r + 1] == 'o' && out[r + 2] == 'v') {
            out[w++] = 'e';
            r++;
            continue;
        }
        if (w > 0 && out[w - 1] == c) continue; /* doubled letters */
        out[w++] = c;
    }
    return w;
}

int emb__romkey_akanye_eq(const char *a, size_t an, const char *b, size_t bn) {
    if (an != bn || an < 4) return 0;
    for (size_t i = 0; i < an; i++)
        if (a[i] != b[i] && !((a[i] == 'a' || a[i] == 'o') && (b[i] == 'a' || b[i] == 'o'))) return 0;
    return 1;
}

size_t emb__phonkey(const char *key, size_t n, char *out) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = key[i];
        if (is_vowel(c)) {
            if (i > 0) continue;
            c = 'a'; /* Osama, Usama; Ibrahim, Ebrahim: one initial vowel */
        }
        /* sounds the spelling systems confuse most: s/z/ts, g/k (Qaddafi) */
        if (c == 'z' || c == 'T') c = 's';
        else if (c == 'g') c = 'k';
        out[o++] = c;
    }
    return o;
}

/* ---- competing readings ----------------------------------------------------- */

static int is_vowel_or_j(char c) { return is_vowel(c) || c == 'j'; }

/* The common step of the readings below: writes r for the used letters at
 * t (or, with no r, the one letter itself) at out + o, notes in *changed a
 * replacement that differs from those letters, and returns the new length. */
static size_t put_reading(const char *t, size_t used, const char *r, char *out, size_t o, int *changed) {
    if (!r) {
        out[o] = t[0];
        return o + 1;
    }
    size_t rl = strlen(r);
    if (rl != used || memcmp(r, t, used) != 0) *changed = 1;
    memcpy(out + o, r, rl);
    return o + rl;
}

/* The German (Duden) spelling as English writes it. */
static size_t read_german(const char *t, size_t n, char *out, int *changed) {
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const char *r = NULL;
        size_t used = 1;
        char c = t[i];
        /* Duden writes yo after a hushing sound o (Lichatschow), where
         * English writes e (Likhachev) */
        if (c == 'o' && i + 2 == n && t[i + 1] == 'w' && i >= 3 && !memcmp(t + i - 3, "sch", 3)) r = "e";
        else if (n - i >= 4 && !memcmp(t + i, "tsch", 4)) { r = "ch"; used = 4; }
        else if (n - i >= 4 && !memcmp(t + i, "dsch", 4)) { r = "dzh"; used = 4; }
        else if (n - i >= 3 && !memcmp(t + i, "sch", 3)) { r = "sh"; used = 3; }
        else if (n - i >= 2 && !memcmp(t + i, "ch", 2)) { r = "kh"; used = 2; }
        else if (n - i >= 2 && !memcmp(t + i, "ss", 2)) { r = "s"; used = 2; }
        else if (c == 'z') r = "ts";
        else if (c == 'w') r = "v";
        /* jo after a consonant is the English e (Pjotr, Djomin: Petr, Demin) */
        else if (c == 'j' && i > 0 && i + 1 < n && t[i + 1] == 'o' && !is_vowel(t[i - 1])) {
            r = "e";
            used = 2;
        }
        else if (c == 'j') r = "y";
        /* a single s before a vowel may be the voiced one (Kosak, Saur,
         * Chamsajew: Kozak, Zaur, Khamzaev), ss is not; nor after c,
         * where the z would make the Polish cz (CSU is no Chu) */
        else if (c == 's' && i + 1 < n && is_vowel_or_j(t[i + 1]) && (i == 0 || t[i - 1] != 'c'))
            r = "z";
        o = put_reading(t + i, used, r, out, o, changed);
        i += used;
    }
    return o;
}

/* The French spelling as English writes it. */
static size_t read_french(const char *t, size_t n, char *out, int *changed) {
    size_t o = 0;
    /* a final -ine is -in (Poutine, Prigojine), a final -ff -v (Smirnoff) */
    size_t end = n;
    const char *tail = "";
    if (n >= 5 && !memcmp(t + n - 3, "ine", 3)) { end = n - 1; *changed = 1; }
    else if (n >= 5 && !memcmp(t + n - 3, "off", 3)) { end = n - 2; tail = "v"; *changed = 1; }
    for (size_t i = 0; i < end;) {
        const char *r = NULL;
        size_t used = 1;
        char c = t[i];
        if (end - i >= 5 && !memcmp(t + i, "chtch", 5)) { r = "shch"; used = 5; }
        else if (end - i >= 3 && !memcmp(t + i, "tch", 3)) { r = "ch"; used = 3; }
        else if (end - i >= 2 && !memcmp(t + i, "dj", 2)) { r = "dzh"; used = 2; }
        else if (end - i >= 2 && !memcmp(t + i, "ch", 2)) { r = "sh"; used = 2; }
        else if (end - i >= 2 && !memcmp(t + i, "ss", 2)) { r = "s"; used = 2; }
        else if (end - i >= 3 && c == 'g' && t[i + 1] == 'u' &&
                 (t[i + 2] == 'e' || t[i + 2] == 'i' || t[i + 2] == 'y')) { r = "g"; used = 2; }
        else if (c == 'j') r = "zh";
        /* io after a consonant, not iou, is the English e (Fiodor, Diomine) */
        else if (c == 'i' && i > 0 && end - i >= 3 && t[i + 1] == 'o' && t[i + 2] != 'u' &&
                 !is_vowel(t[i - 1])) {
            r = "e";
            used = 2;
        }
        else if (c == 's' && i > 0 && i + 1 < end && is_vowel(t[i - 1]) && is_vowel(t[i + 1]))
            r = "z";
        o = put_reading(t + i, used, r, out, o, changed);
        i += used;
    }
    for (; *tail; tail++) out[o++] = *tail;
    return o;
}

/* ISO 9 without its marks: c is ts or ch, never k or s. */
static size_t read_iso9(const char *t, size_t n, char *out, int *changed) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == 'c') {
            out[o++] = 'c';
            out[o++] = 'h';
            *changed = 1;
        } else {
            out[o++] = t[i];
        }
    }
    return o;
}

/* Belarusian and Ukrainian romanisations as Russian BGN writes the Russian
 * form (romkey.h). */
static size_t read_east(const char *t, size_t n, char *out, int *changed) {
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const char *r = NULL;
        size_t used = 1;
        char c = t[i], prev = i > 0 ? t[i - 1] : '\0', next = i + 1 < n ? t[i + 1] : '\0';
        /* the patronymic with the Belarusian a for the unstressed o */
        if (i + 5 == n && !memcmp(t + i, "avich", 5)) { r = "ovich"; used = 5; }
        else if (i + 4 == n && (!memcmp(t + i, "auna", 4) || !memcmp(t + i, "avna", 4))) { r = "ovna"; used = 4; }
        /* the short u (u with a breve, often written w) ends a syllable:
         * a final -au, -ou is the Russian -ov */
        else if (i + 2 == n && (c == 'a' || c == 'o') && (next == 'u' || next == 'w')) { r = "ov"; used = 2; }
        else if ((c == 'u' || c == 'w') && (prev == 'a' || prev == 'o' || prev == 'e') &&
                 (i + 1 == n || !is_vowel(next)))
            r = "v";
        /* h alone is the Belarusian and Ukrainian g (kh, sh, ch, zh, ts
         * are other letters) */
        else if (c == 'h' && prev != 'k' && prev != 's' && prev != 'c' && prev != 'z' && prev != 't' &&
                 prev != 'g' && prev != 'p')
            r = "g";
        /* the soft d and t: dz, ts before i (Dzmitry, Kanstantsin) */
        else if (c == 'd' && next == 'z' && (i + 2 == n || t[i + 2] != 'h')) { r = "d"; used = 2; }
        else if (c == 't' && next == 's' && i + 2 < n && t[i + 2] == 'i') { r = "t"; used = 2; }
        o = put_reading(t + i, used, r, out, o, changed);
        i += used;
    }
    return o;
}

/* The bit of letter c in a mask of letters (emb__letter_mask). */
#define LETTER(c) (1u << ((unsigned)(c) & 31))

int emb__romkey_reading_may(const char *tok, size_t n, uint32_t letters, int reading) {
    switch (reading) {
    case EMB_READ_GERMAN:
        /* the rules of read_german rewrite z, w, j; ch (and so sch, tsch,
         * dsch); ss; s before a vowel or j */
        if (letters & (LETTER('z') | LETTER('w') | LETTER('j'))) return 1;
        if (!(letters & (LETTER('s') | LETTER('c')))) return 0;
        for (size_t i = 0; i + 1 < n; i++)
            if ((tok[i] == 'c' && tok[i + 1] == 'h') ||
                (tok[i] == 's' && (tok[i + 1] == 's' || is_vowel_or_j(tok[i + 1]))))
                return 1;
        return 0;
    case EMB_READ_FRENCH:
        /* those of read_french j (and so dj); ch (and so tch, chtch); ss;
         * s between vowels; gu before e, i, y; io; a final -ine, -off */
        if (letters & LETTER('j')) return 1;
        if (n >= 5 && (!memcmp(tok + n - 3, "ine", 3) || !memcmp(tok + n - 3, "off", 3))) return 1;
        for (size_t i = 0; i + 1 < n; i++) {
            char c = tok[i], d = tok[i + 1];
            if ((c == 'c' && d == 'h') || (c == 'i' && d == 'o') ||
                (c == 's' && (d == 's' || (i > 0 && is_vowel(tok[i - 1]) && is_vowel(d)))) ||
                (c == 'g' && d == 'u' && i + 2 < n && (tok[i + 2] == 'e' || tok[i + 2] == 'i' || tok[i + 2] == 'y')))
                return 1;
        }
        return 0;
    case EMB_READ_ISO9: /* c */
        return (letters & LETTER('c')) != 0;
    default:
        return 1;
    }
}

size_t emb__romkey_reading(const char *tok, size_t n, int reading, char *out) {
    int changed = 0;
    size_t o = reading == EMB_READ_GERMAN ? read_german(tok, n, out, &changed)
             : reading == EMB_READ_FRENCH ? read_french(tok, n, out, &changed)
             : reading == EMB_READ_ISO9   ? read_iso9(tok, n, out, &changed)
             : reading == EMB_READ_EAST   ? read_east(tok, n, out, &changed)
                                          : 0;
    return changed ? o : 0;
}

/* One step of the loose form: the letters key[*i] (and perhaps the one
 * after it) become, written to out (0-2 of them); *i moves past them.
 * Inline in both loops: a call per letter cost emb__romkey_loose_eq, asked
 * of many pairs of words, half its time again. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline size_t loose_step(const char *key, size_t n, size_t *i, char out[2]) {
    char c = key[*i];
    char next = *i + 1 < n ? key[*i + 1] : '\0';
    (*i)++;
    switch (c) {
    /* (S, Z, C, T and J's first letter: romkey.h, emb__romkey_loose_first) */
    case 'J': out[0] = emb__romkey_loose_first(c); out[1] = 'z'; return 2;
    case 'i':
        /* iotated vowels: ISO 9 writes the vowel alone (â, û, ë) */
        if (next == 'a' || next == 'u' || next == 'e') return 0;
        if (next == 'o') { c = 'e'; (*i)++; }
        break;
    default: c = emb__romkey_loose_first(c); break;
    }
    out[0] = c;
    return 1;
}

size_t emb__romkey_loose(const char *key, size_t n, char *out) {
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char st[2];
        size_t k = loose_step(key, n, &i, st);
        for (size_t j = 0; j < k; j++)
            if (o == 0 || out[o - 1] != st[j]) out[o++] = st[j];
    }
    return o;
}

int emb__romkey_loose_eq(const char *key, size_t n, const char *loose, size_t ln) {
    size_t o = 0;
    char last = '\0';
    for (size_t i = 0; i < n;) {
        char st[2];
        size_t k = loose_step(key, n, &i, st);
        for (size_t j = 0; j < k; j++) {
            if (o > 0 && last == st[j]) continue;
            if (o >= ln || loose[o] != st[j]) return 0; /* most pairs stop here, early */
            last = st[j];
            o++;
        }
    }
    return o == ln;
}

/* Wade-Giles (romkey.h, emb__wade_giles). The initials, longest first, and
 * their pinyin: unaspirated, aspirated (an apostrophe after the initial).
 * ch is zh before a, e, o, u and j before i (ch' is ch, q). */
static const struct {
    char wg[3], u[3], a[3];
} WG_INITIALS[] = {
    {"ch", "zh", "ch"}, {"ts", "z", "c"}, {"tz", "z", "c"}, {"hs", "x", "x"}, {"sh", "sh", "sh"},
    {"ss", "s", "s"},   {"sz", "s", "s"}, {"p", "b", "p"},  {"t", "d", "t"},  {"k", "g", "k"},
    {"j", "r", "r"},    {"s", "s", "s"},  {"m", "m", "m"},  {"f", "f", "f"},  {"n", "n", "n"},
    {"l", "l", "l"},    {"h", "h", "h"},  {"y", "y", "y"},  {"w", "w", "w"},  {"", "", ""},
};

/* The finals of the published syllable table (umlauts lost: ü is u), and
 * the pinyin they are written as; "=" for unchanged. */
static const struct {
    char wg[6], py[6];
} WG_FINALS[] = {
    {"a", "="},    {"ai", "="},    {"an", "="},    {"ang", "="},  {"ao", "="},   {"e", "="},
    {"ei", "="},   {"en", "="},    {"eng", "="},   {"erh", "er"}, {"eh", "e"},   {"i", "="},
    {"ia", "="},   {"iang", "="},  {"iao", "="},   {"ieh", "ie"}, {"ien", "ian"}, {"ih", "i"},
    {"in", "="},   {"ing", "="},   {"iu", "="},    {"iung", "iong"}, {"o", "="}, {"ou", "="},
    {"u", "="},    {"ua", "="},    {"uai", "="},   {"uan", "="},  {"uang", "="}, {"uei", "ui"},
    {"ui", "="},   {"un", "="},    {"ung", "ong"}, {"uo", "="},   {"ueh", "ue"},
};

size_t emb__wade_giles(const char *s, size_t n, int aspirated, char *out) {
    if (n < 2 || n > 6) return 0;
    for (size_t i = 0; i < sizeof(WG_INITIALS) / sizeof(WG_INITIALS[0]); i++) {
        size_t il = strlen(WG_INITIALS[i].wg);
        if (il > n || memcmp(s, WG_INITIALS[i].wg, il) != 0) continue;
        const char *f = s + il;
        size_t fl = n - il;
        for (size_t k = 0; k < sizeof(WG_FINALS) / sizeof(WG_FINALS[0]); k++) {
            if (strlen(WG_FINALS[k].wg) != fl || memcmp(f, WG_FINALS[k].wg, fl) != 0) continue;
            const char *ini = aspirated ? WG_INITIALS[i].a : WG_INITIALS[i].u;
            const char *fin = WG_FINALS[k].py[0] == '=' ? WG_FINALS[k].wg : WG_FINALS[k].py;
            /* the finals some initials take only: ih after ch, sh, j; erh,
             * eh alone or after y */
            if (!strcmp(WG_FINALS[k].wg, "ih") && strcmp(WG_INITIALS[i].wg, "ch") &&
                strcmp(WG_INITIALS[i].wg, "sh") && strcmp(WG_INITIALS[i].wg, "j"))
                return 0;
            if (!strcmp(WG_FINALS[k].wg, "erh") && il) return 0;
            /* a syllable of its vowel alone: a, ai, an, ang, ao, e, en,
             * eng, erh, o, ou (not un, ui, in: wen, wei, yin) */
            if (!il && f[0] != 'a' && f[0] != 'e' && f[0] != 'o') return 0;
            if (!strcmp(WG_FINALS[k].wg, "eh") && strcmp(WG_INITIALS[i].wg, "y")) return 0;
            /* ch before i and u-umlaut finals is j, q (chin, chuan: the
             * umlaut lost, zhuan is read) */
            if (!strcmp(WG_INITIALS[i].wg, "ch") && f[0] == 'i' && strcmp(WG_FINALS[k].wg, "ih"))
                ini = aspirated ? "q" : "j";
            /* tzu, ssu, szu: the apical vowel, pinyin i */
            if (fl == 1 && f[0] == 'u' && (!strcmp(WG_INITIALS[i].wg, "tz") || !strcmp(WG_INITIALS[i].wg, "ss") ||
                                           !strcmp(WG_INITIALS[i].wg, "sz")))
                fin = "i";
            /* o after k, k', h is e (ko, ho); after the dentals and
             * sibilants uo (to, lo, tso); alone e */
            if (fl == 1 && f[0] == 'o') {
                char c0 = il ? WG_INITIALS[i].wg[0] : 0;
                if (c0 == 'k' || c0 == 'h' || c0 == 0) fin = "e";
                else if (c0 != 'p' && c0 != 'm' && c0 != 'f' && c0 != 'w' && c0 != 'y') fin = "uo";
            }
            size_t a = strlen(ini), b = strlen(fin);
            memcpy(out, ini, a);
            memcpy(out + a, fin, b);
            return a + b;
        }
        /* a longer initial that matched no final: try the shorter ones */
    }
    return 0;
}

int emb__wade_giles_aspirable(const char *s, size_t n) {
    if (n >= 2 && (!memcmp(s, "ch", 2) || !memcmp(s, "ts", 2) || !memcmp(s, "tz", 2))) return 2;
    if (n >= 1 && (s[0] == 'p' || s[0] == 't' || s[0] == 'k')) return 1;
    return 0;
}

/* Whether s is a syllable of the table, and spelt as a pinyin one is too
 * (2), or as none (1); 0: no syllable. */
static int wg_kind(const char *s, size_t n) {
    char u[8], a[8];
    size_t ul = emb__wade_giles(s, n, 0, u);
    if (!ul) return 0;
    size_t al = emb__wade_giles(s, n, 1, a);
    return (ul == n && !memcmp(u, s, n)) || (al == n && !memcmp(a, s, n)) ? 2 : 1;
}

int emb__wade_giles_pair(const char *a, size_t an, const char *b, size_t bn) {
    if (an < 2 || an > 6 || bn < 2 || bn > 6) return 0;
    int x = wg_kind(a, an);
    if (!x) return 0;
    int y = wg_kind(b, bn);
    return y && (x == 1 || y == 1);
}

/* ---- pinyin sibilants ------------------------------------------------------- */

/* The palatals x and q and the sibilants English ears take them for: a
 * syllable's initial's group (1: x, s, sh; 2: q, ch) and whether it is the
 * palatal (*palatal); 0 for any other initial (j is the English j already,
 * and no writer takes q for c). Writes the initial's length to *il. */
static int sibilant_group(const char *s, size_t n, size_t *il, int *palatal) {
    int h = n >= 2 && s[1] == 'h';
    *palatal = 0;
    *il = 1;
    switch (s[0]) {
    case 'x': *palatal = 1; return h ? 0 : 1;
    case 'q': *palatal = 1; return h ? 0 : 2;
    case 's': *il = h ? 2 : 1; return 1;
    case 'c': *il = 2; return h ? 2 : 0;
    default: return 0;
    }
}

int emb__pinyin_sibilants(const char *a, size_t an, const char *b, size_t bn) {
    if (an < 2 || bn < 2 || an > 6 || bn > 6) return 0;
    size_t al, bl;
    int ap, bp;
    int g = sibilant_group(a, an, &al, &ap);
    if (!g || ap || g != sibilant_group(b, bn, &bl, &bp) || !bp) return 0;
    /* the finals both take: the palatals' i and u (u-umlaut) finals that a
     * sibilant takes too (xi si shi, xu su shu, xuan suan shuan, xun sun
     * shun; qi chi, qu chu) */
    static const char *const finals[] = {"i", "u", "uan", "un"};
    if (an - al != bn - bl || memcmp(a + al, b + bl, an - al) != 0) return 0;
    for (size_t k = 0; k < sizeof(finals) / sizeof(finals[0]); k++)
        if (strlen(finals[k]) == an - al && !memcmp(finals[k], a + al, an - al)) return 1;
    return 0;
}

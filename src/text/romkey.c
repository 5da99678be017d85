/*
 * romkey.c - romanisation keys and phonetic skeletons; see romkey.h.
 *
 * The key is written in a private alphabet: lower-case letters keep their
 * usual values and four upper-case letters stand for sounds that spelling
 * systems write in many ways: S (sh, sch, sz, shch), C (ch, tch, tsch, cz),
 * Z (zh), T (ts, tz). Rules are tried longest first at each position; the
 * first rule whose context holds wins. The rules come from the published
 * romanisation tables (BGN/PCGN, ICAO 9303, French and German press usage)
 * and were checked against the variant lists in tests/unit/test_romkey.c.
 */
#include "romkey.h"

#include <string.h>

typedef struct {
    const char *from;
    const char *to;
    unsigned char flen, tlen;
} rule;

#define R(f, t) {f, t, sizeof(f) - 1, sizeof(t) - 1}

/* Multi-letter rules, longest first. */
static const rule RULES[] = {
    R("schtsch", "S"), R("shch", "S"), R("tsch", "C"), R("szcz", "S"),
    R("sch", "S"), R("tch", "C"), R("dzh", "J"),
    R("sh", "S"), R("sz", "S"), R("ch", "C"), R("cz", "C"), R("zh", "Z"),
    R("kh", "h"), R("ph", "f"), R("th", "t"), R("gh", "g"), R("dh", "d"),
    R("dj", "J"), R("ck", "k"), R("ts", "T"), R("tz", "T"),
    R("ou", "u"), R("oo", "u"), R("ue", "u"), R("ae", "a"), R("oe", "o"),
};

/* Letters that begin some rule: the others skip the rule search. */
static int starts_rule(char c) {
    return c == 's' || c == 't' || c == 'd' || c == 'c' || c == 'z' || c == 'k' || c == 'p' ||
           c == 'g' || c == 'o' || c == 'u' || c == 'a';
}

static int is_vowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

size_t emb__romkey(const char *tok, size_t n, char *out) {
    size_t o = 0;
    size_t i = 0;
    const size_t nrules = sizeof(RULES) / sizeof(RULES[0]);
    while (i < n) {
        size_t k = nrules;
        if (starts_rule(tok[i]) && i + 1 < n)
            for (k = 0; k < nrules; k++)
                if (RULES[k].from[0] == tok[i] && RULES[k].flen <= n - i &&
                    memcmp(tok + i, RULES[k].from, RULES[k].flen) == 0)
                    break;
        if (k < nrules) {
            memcpy(out + o, RULES[k].to, RULES[k].tlen);
            o += RULES[k].tlen;
            i += RULES[k].flen;
            continue;
        }
        char c = tok[i];
        char next = i + 1 < n ? tok[i + 1] : '\0';
        switch (c) {
        case 'y': case 'j': out[o++] = 'i'; break;
        case 'w': out[o++] = 'v'; break;
        case 'q': out[o++] = 'k'; break;
        case 'x': out[o++] = 'k'; out[o++] = 's'; break;
        case 'c': out[o++] = (next == 'e' || next == 'i' || next == 'y') ? 's' : 'k'; break;
        default: out[o++] = c; break;
        }
        i++;
    }
    /* Second pass on the key: iotated vowels and doubled letters. */
    size_t w = 0;
    for (size_t r = 0; r < o; r++) {
        char c = out[r];
        /* word-initial "ie" (Yelena, Jelena) -> "e" */
        if (r == 0 && c == 'i' && o > 1 && out[1] == 'e') continue;
        /* "io" after a sibilant (Kosachyov, Gorbachiov) -> "e" */
        if (c == 'i' && r + 1 < o && out[r + 1] == 'o' && w > 0 &&
            (out[w - 1] == 'C' || out[w - 1] == 'S' || out[w - 1] == 'Z' || out[w - 1] == 'T')) {
            out[w++] = 'e';
            r++;
            continue;
        }
        /* "i" between a vowel and "e" (Sergeyev, Andreyev) goes */
        if (c == 'i' && r + 1 < o && out[r + 1] == 'e' && w > 0 && is_vowel(out[w - 1]))
            continue;
        /* "iev" (Dmitriev, Valeryevna) -> "ev" */
        if (c == 'i' && r + 2 < o && out[r + 1] == 'e' && out[r + 2] == 'v' && w > 0 &&
            !is_vowel(out[w - 1]))
            continue;
        /* "iov" at the end (Pugachyov) -> "ev" */
        if (c == 'i' && r + 3 == o && out[r + 1] == 'o' && out[r + 2] == 'v') {
            out[w++] = 'e';
            r++;
            continue;
        }
        if (w > 0 && out[w - 1] == c) continue; /* doubled letters */
        out[w++] = c;
    }
    return w;
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

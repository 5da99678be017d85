/*
 * country.c - countries by what people write for them; see country.h.
 */
#include "country.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>

typedef struct emb_country {
    const char *alpha2, *alpha3, *name;
} emb_country;

typedef struct emb_country_key {
    const char *key;     /* emb__country_fold of a name */
    const char *codes;   /* alpha-2 codes it means */
} emb_country_key;

#ifndef EMB_COUNTRY_GENERATOR
#include "country_table.inc"
#endif

size_t emb__country_fold(const char *s, size_t len, char *out, size_t cap) {
    if (!s || !out || cap < 2 || len > 1024) return 0;
    UChar u[1024], d[2048];
    int32_t ulen = 0, dlen;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8Lenient(u, 1024, &ulen, s, (int32_t)len, &st);
    if (U_FAILURE(st)) return 0;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
    if (U_FAILURE(st)) return 0;
    dlen = unorm2_normalize(nfd, u, ulen, d, 2048, &st);
    if (U_FAILURE(st)) return 0;
    size_t n = 0;
    int space = 1; /* at the start: no leading space */
    for (int32_t i = 0; i < dlen; i++) {
        UChar c = d[i];
        if (u_getCombiningClass(c) || u_charType(c) == U_NON_SPACING_MARK) continue;
        if (c == '\'' || c == 0x2019 || c == 0x2018) continue; /* People's, Cote d'Ivoire */
        if (c < 0x80 && ((c | 32) >= 'a' && (c | 32) <= 'z')) {
            if (n + 2 > cap) return 0;
            out[n++] = (char)(c | 32);
            space = 0;
        } else if (c == 0x00DF) { /* sharp s */
            if (n + 3 > cap) return 0;
            out[n++] = 's';
            out[n++] = 's';
            space = 0;
        } else if (c == '&') {
            if (n + 6 > cap) return 0;
            if (!space) out[n++] = ' ';
            memcpy(out + n, "and ", 4);
            n += 4;
            space = 1;
        } else if (!space) {
            if (n + 2 > cap) return 0;
            out[n++] = ' ';
            space = 1;
        }
    }
    while (n && out[n - 1] == ' ') n--;
    out[n] = '\0';
    if (n > 4 && memcmp(out, "the ", 4) == 0) {
        memmove(out, out + 4, n - 4 + 1);
        n -= 4;
    }
    return n;
}

#ifndef EMB_COUNTRY_GENERATOR

static int cmp_key(const void *k, const void *e) {
    return strcmp((const char *)k, ((const emb_country_key *)e)->key);
}

static const char *lookup(const char *s, size_t len) {
    char key[256];
    if (!emb__country_fold(s, len, key, sizeof(key))) return NULL;
    const emb_country_key *hit =
        bsearch(key, COUNTRY_KEYS, sizeof(COUNTRY_KEYS) / sizeof(COUNTRY_KEYS[0]),
                sizeof(COUNTRY_KEYS[0]), cmp_key);
    return hit ? hit->codes : NULL;
}

const char *emb__country_codes(const char *s, size_t len) {
    if (!s) return NULL;
    const char *codes = lookup(s, len);
    if (codes) return codes;
    /* "Korea, North" is a key of its own; "Moscow, Russia" ends in one */
    for (size_t i = len; i > 0; i--)
        if (s[i - 1] == ',') return lookup(s + i, len - i);
    return NULL;
}

/* -1, 0, 1 as s[0..len) sorts before, equal to or after the NUL-terminated k
 * (as strncmp orders them, then the shorter first). A loop rather than a
 * call to strncmp: most keys differ within a letter or two, and the call
 * was half of the binary search's ~455 instructions. */
static int cmp_n(const char *s, size_t len, const char *k) {
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)k[i];
        if (a != b) return a < b ? -1 : 1;
        if (!a) break; /* both end here: strncmp stops */
    }
    return k[len] ? -1 : 0;
}

/* The first key in [lo, hi) not before s[0..len) (COUNTRY_KEYS sorts
 * before s everywhere before lo, after it from hi on). */
static size_t first_not_before(const char *s, size_t len, size_t lo, size_t hi) {
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_n(s, len, COUNTRY_KEYS[mid].key) > 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* COUNTRY_KEYS by first byte and, for two letters, by the first two,
 * built once: the keys beginning with byte c are key_from[c] ..
 * key_from[c + 1] - 1, those beginning with letters c, d (a-z as 0-25)
 * key_from2[c][d] .. key_to2[c][d] - 1. Every key before such a range
 * sorts before a word beginning so, every key after it after the word (the
 * keys are ASCII: each begins with no byte of 0x80 or more): the binary
 * search of emb__country_key starts from the range (some three comparisons
 * instead of eleven, on every word of a name the memo has not met). */
enum { NCOUNTRY_KEYS = sizeof(COUNTRY_KEYS) / sizeof(COUNTRY_KEYS[0]) };
_Static_assert(NCOUNTRY_KEYS < UINT16_MAX, "key_from holds key numbers as uint16_t");
static uint16_t key_from[257], key_from2[26][26], key_to2[26][26];
static pthread_once_t key_from_once = PTHREAD_ONCE_INIT;

static void key_from_build(void) {
    size_t k = 0;
    for (unsigned c = 0; c < 256; c++) {
        key_from[c] = (uint16_t)k;
        while (k < NCOUNTRY_KEYS && (unsigned char)COUNTRY_KEYS[k].key[0] == c) k++;
    }
    key_from[256] = (uint16_t)k;
    assert(k == NCOUNTRY_KEYS); /* sorted (strcmp): each first byte's keys together */
    for (k = 0; k < NCOUNTRY_KEYS; k++)
        for (const char *p = COUNTRY_KEYS[k].key; *p; p++) assert((unsigned char)*p < 0x80);
    for (unsigned c = 0; c < 26; c++)
        for (unsigned d = 0; d < 26; d++) {
            char from[2] = {(char)('a' + c), (char)('a' + d)}, to[3] = {from[0], from[1], '\x80'};
            key_from2[c][d] = (uint16_t)first_not_before(from, 2, 0, NCOUNTRY_KEYS);
            key_to2[c][d] = (uint16_t)first_not_before(to, 3, 0, NCOUNTRY_KEYS);
        }
}

const char *emb__country_key(const char *s, size_t len, int *longer) {
    if (longer) *longer = 0;
    if (!s || len == 0) return NULL;
    pthread_once(&key_from_once, key_from_build);
    unsigned char c0 = (unsigned char)s[0];
    size_t n = NCOUNTRY_KEYS, lo = key_from[c0], hi = key_from[c0 + 1];
    unsigned c = (unsigned)(c0 - 'a'), d = 26;
    if (len >= 2) d = (unsigned)((unsigned char)s[1] - 'a');
    if (c < 26 && d < 26) lo = key_from2[c][d], hi = key_to2[c][d];
    lo = first_not_before(s, len, lo, hi);
    const char *codes = NULL;
    if (lo < n && cmp_n(s, len, COUNTRY_KEYS[lo].key) == 0) codes = COUNTRY_KEYS[lo++].codes;
    /* keys that continue s with a space sort right after it (' ' before letters) */
    if (longer && lo < n && strncmp(COUNTRY_KEYS[lo].key, s, len) == 0 &&
        COUNTRY_KEYS[lo].key[len] == ' ')
        *longer = 1;
    return codes;
}

static int cmp_code(const void *k, const void *e) {
    return strcmp((const char *)k, ((const emb_country *)e)->alpha2);
}

const char *emb__country_name(const char *code) {
    if (!code || strlen(code) != 2) return NULL;
    const emb_country *c = bsearch(code, COUNTRIES, sizeof(COUNTRIES) / sizeof(COUNTRIES[0]),
                                   sizeof(COUNTRIES[0]), cmp_code);
    return c ? c->name : NULL;
}

int emb__country_overlap(const char *a, const char *b) {
    if (!a || !b) return 0;
    for (const char *p = a; p[0] && p[1]; p += 2)
        for (const char *q = b; q[0] && q[1]; q += 2)
            if (p[0] == q[0] && p[1] == q[1]) return 1;
    return 0;
}

#endif

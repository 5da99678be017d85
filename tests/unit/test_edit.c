/*
 * test_edit.c - the bit-parallel edit distance (src/match/edit.c) against
 * the plain dynamic programme it replaced: exhaustively on short words over
 * a small alphabet (where transpositions and repeated letters are dense),
 * and on random words up to the 64-byte limit.
 */
#include "test.h"
#include "match/edit.h"
#include "match/score.h"

#include <stdint.h>

/* The optimal-string-alignment distance by the full programme, no cut-off. */
static unsigned reference(const char *a, size_t an, const char *b, size_t bn) {
    unsigned d[65][65];
    for (size_t i = 0; i <= an; i++) d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= bn; j++) d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= an; i++)
        for (size_t j = 1; j <= bn; j++) {
            unsigned v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < v) v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[an][bn];
}

static unsigned capped(unsigned d, unsigned max) {
    return d > max ? max + 1 : d;
}

/* Word number k over `alpha` letters: its length and letters. */
static size_t word_of(unsigned k, unsigned alpha, char *out) {
    size_t len = 0;
    unsigned first = 0, count = 1;
    while (k >= first + count) { /* lengths 0, 1, 2, ...: alpha^len words each */
        first += count;
        count *= alpha;
        len++;
    }
    k -= first;
    for (size_t i = 0; i < len; i++) {
        out[i] = (char)('a' + k % alpha);
        k /= alpha;
    }
    return len;
}

static int compare_all(const char *a, size_t an, const char *b, size_t bn, int *bad) {
    unsigned ref = reference(a, an, b, bn);
    emb_edit_pattern p;
    emb__edit_pattern_init(&p, a, an);
    static const unsigned maxes[] = {0, 1, 2, 3, 5, 200};
    for (size_t k = 0; k < sizeof(maxes) / sizeof(maxes[0]); k++) {
        unsigned m = maxes[k];
        if (emb__edit_distance(a, an, b, bn, m) != capped(ref, m) ||
            emb__edit_distance_pat(&p, b, bn, m) != capped(ref, m)) {
            if ((*bad)++ < 5)
                fprintf(stderr, "edit distance %.*s / %.*s (max %u): %u and %u, expected %u\n",
                        (int)an, a, (int)bn, b, m, emb__edit_distance(a, an, b, bn, m),
                        emb__edit_distance_pat(&p, b, bn, m), capped(ref, m));
            return 0;
        }
    }
    return 1;
}

TEST(exhaustive_short_words) {
    /* every pair of words of up to 6 letters over {a, b, c}: 1093^2 pairs */
    char a[8], b[8];
    int bad = 0;
    unsigned n = 1093;
    for (unsigned i = 0; i < n; i++) {
        size_t an = word_of(i, 3, a);
        for (unsigned j = 0; j < n; j++) {
            size_t bn = word_of(j, 3, b);
            compare_all(a, an, b, bn, &bad);
        }
    }
    CHECK_EQ_INT(bad, 0);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static unsigned next_rand(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

TEST(random_long_words) {
    /* random words up to the limit, and edited copies of them (the cases
     * screening meets: a few edits apart), over 2, 4 and 26 letters and
     * bytes above 127 */
    char a[64], b[64];
    int bad = 0;
    static const unsigned alphas[] = {2, 4, 26, 200};
    for (int round = 0; round < 60000; round++) {
        unsigned alpha = alphas[round % 4];
        size_t an = next_rand(65);
        for (size_t i = 0; i < an; i++)
            a[i] = (char)(alpha == 200 ? 40 + next_rand(200) : 'a' + next_rand(alpha));
        size_t bn;
        if (round % 2) {
            bn = next_rand(65);
            for (size_t i = 0; i < bn; i++) b[i] = (char)('a' + next_rand(alpha < 26 ? alpha : 26));
        } else {
            memcpy(b, a, an);
            bn = an;
            for (unsigned e = next_rand(5); e > 0; e--) {
                size_t at = bn ? next_rand((unsigned)bn) : 0;
                switch (next_rand(4)) {
                case 0: if (bn) b[at] = (char)('a' + next_rand(4)); break;
                case 1: if (bn) { memmove(b + at, b + at + 1, bn - at - 1); bn--; } break;
                case 2: if (bn < 64) { memmove(b + at + 1, b + at, bn - at); b[at] = 'x'; bn++; } break;
                default: if (at + 1 < bn) { char t = b[at]; b[at] = b[at + 1]; b[at + 1] = t; } break;
                }
            }
        }
        compare_all(a, an, b, bn, &bad);
    }
    CHECK_EQ_INT(bad, 0);
}

TEST(limits) {
    char w[70];
    memset(w, 'a', sizeof(w));
    CHECK_EQ_INT(emb__edit_distance(w, 64, w, 64, 2), 0);
    CHECK_EQ_INT(emb__edit_distance(w, 65, w, 65, 2), 3); /* too long: too far */
    CHECK_EQ_INT(emb__edit_distance("", 0, "", 0, 0), 0);
    CHECK_EQ_INT(emb__edit_distance("abc", 3, "", 0, 5), 3);
    CHECK_EQ_INT(emb__edit_distance("kosachev", 8, "kosachyov", 9, 2), 2);
    CHECK_EQ_INT(emb__edit_distance("ab", 2, "ba", 2, 2), 1);
    CHECK_EQ_INT(emb__edit_distance("ca", 2, "abc", 3, 5), 3); /* OSA, not Damerau proper */
    emb_edit_pattern p;
    emb__edit_pattern_init(&p, w, 65);
    CHECK_EQ_INT(emb__edit_distance_pat(&p, w, 65, 1), 2);
}

/* emb__popcount (base/cpu.h), which the scorer's letter-mask tests use,
 * counts the same with the processor's instruction and without. */
static unsigned naive_popcount(uint32_t x) {
    unsigned n = 0;
    for (; x; x >>= 1) n += x & 1;
    return n;
}

TEST(popcount_both_ways) {
    uint32_t x = 0x12345678u;
    int bad = 0;
#ifdef EMB_POPCNT_ASK
    int had = emb__cpu_popcnt;
    for (int way = 0; way < 2; way++) {
        emb__cpu_popcnt = way ? had : 0; /* the instruction only where there is one */
#endif
        for (uint32_t k = 0; k < 100000; k++) {
            x = x * 1664525u + 1013904223u;
            uint32_t v = k < 64 ? (k < 32 ? 1u << k : ~(1u << (k - 32))) : x >> (k % 29);
            bad += emb__popcount(v) != naive_popcount(v);
        }
        bad += emb__popcount(0) != 0 || emb__popcount(UINT32_MAX) != 32;
#ifdef EMB_POPCNT_ASK
    }
    emb__cpu_popcnt = had;
#endif
    CHECK_EQ_INT(bad, 0);
}

int main(void) {
    RUN(exhaustive_short_words);
    RUN(random_long_words);
    RUN(limits);
    RUN(popcount_both_ways);
    return test_summary();
}

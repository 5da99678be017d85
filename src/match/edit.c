/*
 * edit.c - the optimal-string-alignment (restricted Damerau) edit distance,
 * bit-parallel; see edit.h.
 *
 * Screening compares one query word with hundreds of list words a query
 * (the deletion variants of its words lead to them), and the scorer
 * compares the words of every candidate pair: a full dynamic programme of
 * an x bn cells was a fifth of all screening time. The bit-vector form
 * (Myers 1999 for Levenshtein, extended to transpositions by Hyyrö 2003)
 * keeps one column of the programme as bits of two machine words, the
 * vertical +1 and -1 differences between adjacent cells, and advances it
 * by one letter of b in a dozen word operations, whatever the length of a.
 * Word a (the pattern, at most 64 bytes) runs down the column; for each
 * byte value, peq holds the positions where it occurs in a.
 *
 * Bits above the pattern's length get garbage, but shifts and carries only
 * move upwards, so the pattern's own bits stay exact; the distance,
 * D[an][bn], is read off the last column: bn plus its vertical
 * differences.
 */
#include "edit.h"
#include "score.h"

#include <string.h>

/* D[m][n] for the pattern of m bytes whose positions are peq, against b. */
static unsigned osa_distance(const uint64_t *peq, size_t m, const unsigned char *b, size_t n) {
    if (m == 0) return (unsigned)n;
    uint64_t vp = ~(uint64_t)0, vn = 0, d0 = 0, pm_prev = 0;
    for (size_t j = 0; j < n; j++) {
        uint64_t pm = peq[b[j]];
        /* a transposition: b[j-1] b[j] against a[i] a[i-1], where the
         * previous column did not already have a zero step there */
        uint64_t tr = (((~d0) & pm) << 1) & pm_prev;
        d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
        uint64_t hp = vn | ~(d0 | vp);
        uint64_t hn = d0 & vp;
        hp = (hp << 1) | 1; /* row 0 of the programme rises by one per letter */
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        pm_prev = pm;
    }
    /* D[m][n] is D[0][n] = n plus the column's vertical differences, the
     * pattern's bits of vp (+1) and vn (-1): counted once at the end,
     * not tracked at the last row letter by letter */
    uint64_t own = m == 64 ? ~(uint64_t)0 : ((uint64_t)1 << m) - 1;
    vp &= own;
    vn &= own;
    unsigned up = emb__popcount((uint32_t)vp), down = emb__popcount((uint32_t)vn);
    if (m > 32) {
        up += emb__popcount((uint32_t)(vp >> 32));
        down += emb__popcount((uint32_t)(vn >> 32));
    }
    return (unsigned)n + up - down;
}

unsigned emb__edit_distance(const char *a, size_t an, const char *b, size_t bn, unsigned max) {
    if (an > EMB_EDIT_MAX_LEN || bn > EMB_EDIT_MAX_LEN) return max + 1;
    size_t diff = an > bn ? an - bn : bn - an;
    if (diff > max) return max + 1;
    /* only the entries osa_distance reads, b's letters', are cleared:
     * cheaper than all 256; a letter of a that b lacks gets its bits over
     * whatever its entry held, and is never read */
    uint64_t peq[256];
    const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
    for (size_t j = 0; j < bn; j++) peq[ub[j]] = 0;
    for (size_t i = 0; i < an; i++) peq[ua[i]] |= (uint64_t)1 << i;
    unsigned d = osa_distance(peq, an, ub, bn);
    return d > max ? max + 1 : d;
}

void emb__edit_pattern_set(emb_edit_pattern *p, const char *s, size_t len) {
    p->len = len;
    if (len > EMB_EDIT_MAX_LEN) return;
    for (size_t i = 0; i < len; i++) p->peq[(unsigned char)s[i]] |= (uint64_t)1 << i;
}

void emb__edit_pattern_init(emb_edit_pattern *p, const char *s, size_t len) {
    memset(p->peq, 0, sizeof(p->peq));
    emb__edit_pattern_set(p, s, len);
}

void emb__edit_pattern_reset(emb_edit_pattern *p, const char *s, size_t len) {
    if (len > EMB_EDIT_MAX_LEN) return; /* set wrote no bits */
    for (size_t i = 0; i < len; i++) p->peq[(unsigned char)s[i]] = 0;
}

unsigned emb__edit_distance_pat(const emb_edit_pattern *p, const char *b, size_t bn, unsigned max) {
    if (p->len > EMB_EDIT_MAX_LEN || bn > EMB_EDIT_MAX_LEN) return max + 1;
    size_t diff = p->len > bn ? p->len - bn : bn - p->len;
    if (diff > max) return max + 1;
    unsigned d = osa_distance(p->peq, p->len, (const unsigned char *)b, bn);
    return d > max ? max + 1 : d;
}

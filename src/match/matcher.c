/*
 * matcher.c - matcher lifetime, query validation and name comparison.
 */
#include "matcher.h"
#include "../base/alloc.h"
#include "../base/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The words a matcher's memo holds (name.h; about 6.6 MB with its tags
 * and its table of joined pairs): a batch of 20,000
 * names holds some 19,000 distinct words, which half as many slots could
 * not keep from one round of it to the next (a quarter of the words a
 * round were analysed again). */
#define EMB_MATCHER_MEMO_WORDS 32768

embargo_status embargo_matcher_new(const embargo_index *ix, embargo_matcher **out) {
    if (!out) return EMBARGO_EINVAL;
    embargo_matcher *m = emb__calloc(1, sizeof(*m));
    if (!m) return EMBARGO_ENOMEM;
    m->ix = ix;
    emb__arena_init(&m->arena, 32 * 1024);
    emb__buf_init(&m->scratch);
    embargo_status st = emb__normalizer_new(&m->nz);
    if (st) {
        emb__free(m);
        return st;
    }
    if (!(m->memo = emb__name_memo_new_sized(EMB_MATCHER_MEMO_WORDS))) {
        embargo_matcher_free(m);
        return EMBARGO_ENOMEM;
    }
    *out = m;
    return EMBARGO_OK;
}

void embargo_matcher_free(embargo_matcher *m) {
    if (!m) return;
    emb__normalizer_free(m->nz);
    emb__name_memo_free(m->memo);
    emb__arena_free(&m->arena);
    emb__buf_free(&m->scratch);
    emb__free(m->matches);
    emb__free(m->acc);
    emb__free(m->touched);
    emb__free(m->hits);
    emb__free(m->hit_sim);
    emb__free(m->reached);
    emb__free(m->typo_memo);
    emb__free(m->key_mask);
    emb__free(m->typo_later);
    emb__free(m);
}

const char *embargo_matcher_message(const embargo_matcher *m) {
    return m ? m->message : "";
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static embargo_status bad_query(embargo_matcher *m, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->message, sizeof(m->message), fmt, ap);
    va_end(ap);
    return EMBARGO_EQUERY;
}

/* Whether s[0..len) is printable ASCII only (0x20-0x7E): valid UTF-8 with
 * no control character, eight bytes at a time (most queries are). */
static int printable_ascii(const char *s, size_t len) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t bad = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w, d;
        memcpy(&w, s + i, 8);
        d = w ^ (0x7F * ones);
        /* a byte of 0x80 or more; one below 0x20; a 0x7F */
        bad |= w | ((w - 0x20 * ones) & ~w) | ((d - ones) & ~d);
    }
    if (bad & highs) return 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7F) return 0;
    }
    return 1;
}

embargo_status emb__matcher_analyze(embargo_matcher *m, const char *s, size_t len,
                                    emb_tokens *out) {
    m->message[0] = '\0';
    if (!s || len == 0) return bad_query(m, "empty name");
    if (len > EMBARGO_MAX_QUERY_BYTES)
        return bad_query(m, "name too long (%zu bytes; the limit is %d)", len,
                         EMBARGO_MAX_QUERY_BYTES);
    if (!printable_ascii(s, len)) {
        size_t bad = emb__utf8_check(s, len);
        if (bad < len) return bad_query(m, "invalid UTF-8 at byte %zu", bad);
        bad = emb__utf8_find_control(s, len);
        if (bad < len) return bad_query(m, "control character at byte %zu", bad);
    }
    embargo_status st = emb__name_analyze(m->nz, m->memo, &m->arena, &m->scratch, s, len, out);
    if (st) {
        snprintf(m->message, sizeof(m->message), "%s", embargo_strerror(st));
        return st;
    }
    if (out->n == 0) return bad_query(m, "nothing to match in this name");
    if (out->n > EMBARGO_MAX_QUERY_TOKENS)
        return bad_query(m, "too many words (%u; the limit is %d)", out->n,
                         EMBARGO_MAX_QUERY_TOKENS);
    out->cut = emb__query_cut(s, len, out);
    return EMBARGO_OK;
}

embargo_status embargo_matcher_compare(embargo_matcher *m, const char *a, size_t alen,
                                       const char *b, size_t blen, double *score,
                                       const embargo_explanation **expl) {
    if (!m || !score) return EMBARGO_EINVAL;
    emb__arena_reset(&m->arena);
    emb_tokens qa, qb;
    embargo_status st = emb__matcher_analyze(m, a, alen, &qa);
    if (st) return st;
    st = emb__matcher_analyze(m, b, blen, &qb);
    if (st) return st;
    /* a listed name that gives another after a slash scores as the best of
     * the whole and the name before it (as the index holds both: build.c,
     * add_slash_stems; not a person's) */
    size_t stem = m->compare_type == EMBARGO_TYPE_PERSON ? 0 : emb__name_slash_stem(b, blen);
    emb_tokens qs;
    double s = stem ? emb__score_names(&qa, &qb, m->compare_type, &m->score, 0) : -1;
    if (stem && emb__matcher_analyze(m, b, stem, &qs) == EMBARGO_OK &&
        emb__score_names(&qa, &qs, m->compare_type, &m->score, 0) > s)
        qb = qs;
    /* the name before the slash may have nothing to match: no fault of the
     * names compared */
    m->message[0] = '\0';
    *score = emb__score_names(&qa, &qb, m->compare_type, &m->score, 1);
    m->expl.pairs = m->score.pairs;
    m->expl.pair_count = m->score.npairs;
    m->expl.note = m->score.cut ? EMB_CUT_NOTE : "";
    if (expl) *expl = &m->expl;
    return EMBARGO_OK;
}

void embargo_matcher_set_type(embargo_matcher *m, embargo_entity_type type) {
    if (m) m->compare_type = type;
}

/*
 * score.c - token pairing and the name score; see score.h.
 *
 * score = M / (M + ALPHA * Uq + BETA * Uc), where each pair (q, c) with
 * similarity s adds s * (wq + wc) to M and (1 - s) * wq, (1 - s) * wc to the
 * unexplained weight of each side, and every unpaired token adds its weight
 * to its side's U. A name whose only agreement is in particles, titles,
 * connecting words or legal forms scores 0 ("CORP" matches nothing).
 */
#include "score.h"
#include "../text/lexicon.h"

#include <string.h>

#define ALPHA 1.0   /* cost of query evidence the list name does not explain */
#define BETA 0.35   /* cost of list-name evidence the query does not mention */

#define SIM_TRANSLIT 0.95f
#define SIM_INITIAL 0.9f
#define SIM_PHONETIC 0.85f
#define SIM_JOINED 0.95f
#define SIM_LEGAL_FAMILY 0.8f

unsigned emb__edit_budget(size_t len) {
    if (len <= 3) return 0;
    if (len <= 7) return 1;
    if (len <= 13) return 2;
    return 3;
}

unsigned emb__edit_distance(const char *a, size_t an, const char *b, size_t bn, unsigned max) {
    if (an > 64 || bn > 64) return max + 1;
    size_t diff = an > bn ? an - bn : bn - an;
    if (diff > max) return max + 1;
    unsigned rows[3][65];
    unsigned *pp = rows[0], *p = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= bn; j++) p[j] = (unsigned)j;
    for (size_t i = 1; i <= an; i++) {
        cur[0] = (unsigned)i;
        unsigned rowmin = cur[0];
        for (size_t j = 1; j <= bn; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = p[j - 1] + cost;
            if (p[j] + 1 < v) v = p[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
            if (v < rowmin) rowmin = v;
        }
        if (rowmin > max) return max + 1;
        unsigned *t = pp;
        pp = p;
        p = cur;
        cur = t;
    }
    return p[bn];
}

static int substantive(const emb_token *t) {
    return !(t->flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL));
}

/* Similarity of two tokens and how they matched. */
static float token_sim(const emb_token *q, const emb_token *c, embargo_pair_kind *kind) {
    if ((q->flags | c->flags) & EMB_TOK_LEGAL) {
        if (!((q->flags & c->flags) & EMB_TOK_LEGAL)) return 0;
        int rel = emb__legal_relation(q->legal, c->legal);
        *kind = EMBARGO_PAIR_LEGAL_FORM;
        return rel == 2 ? 1.0f : rel == 1 ? SIM_LEGAL_FAMILY : 0.0f;
    }
    if (q->len == c->len && memcmp(q->text, c->text, q->len) == 0) {
        *kind = EMBARGO_PAIR_EXACT;
        return 1.0f;
    }
    if (q->klen == c->klen && memcmp(q->key, c->key, q->klen) == 0) {
        *kind = EMBARGO_PAIR_TRANSLIT;
        return SIM_TRANSLIT;
    }
    int qi = (q->flags & EMB_TOK_INITIAL) != 0, ci = (c->flags & EMB_TOK_INITIAL) != 0;
    if (qi || ci) {
        if (qi != ci && q->text[0] == c->text[0]) {
            *kind = EMBARGO_PAIR_INITIAL;
            return SIM_INITIAL;
        }
        return 0;
    }
    /* Numbers must be equal. */
    if ((q->flags | c->flags) & EMB_TOK_NUMBER) return 0;
    size_t L = q->klen > c->klen ? q->klen : c->klen;
    unsigned budget = emb__edit_budget(L);
    if (q->plen >= 3 && q->plen == c->plen && memcmp(q->phon, c->phon, q->plen) == 0 &&
        emb__edit_distance(q->key, q->klen, c->key, c->klen, budget + 1) <= budget + 1) {
        *kind = EMBARGO_PAIR_PHONETIC;
        return SIM_PHONETIC;
    }
    if (budget == 0) return 0;
    unsigned d = emb__edit_distance(q->key, q->klen, c->key, c->klen, budget);
    size_t Lt = q->len > c->len ? q->len : c->len;
    unsigned dt = emb__edit_distance(q->text, q->len, c->text, c->len, emb__edit_budget(Lt));
    float s = 0;
    if (d <= budget) s = 1.0f - (float)d / (float)L;
    if (dt <= emb__edit_budget(Lt)) {
        float st = 1.0f - (float)dt / (float)Lt;
        if (st > s) s = st;
    }
    if (s <= 0) return 0;
    *kind = EMBARGO_PAIR_EDIT;
    s = 0.9f * s;
    return s;
}

typedef struct cand_pair {
    float sim, gain;
    uint8_t qi, ci;
    uint8_t kind;
} cand_pair;

static void add_pair(emb_score *out, int want, embargo_pair_kind kind, const emb_token *q,
                     const emb_token *c, float sim, float weight) {
    if (!want || out->npairs >= EMB_MAX_PAIRS) return;
    embargo_pair *p = &out->pairs[out->npairs++];
    p->kind = kind;
    p->query = q ? q->text : NULL;
    p->query_len = q ? q->len : 0;
    p->name = c ? c->text : NULL;
    p->name_len = c ? c->len : 0;
    p->similarity = sim;
    p->weight = weight;
}

/* Tries to explain token t (from one side) as tokens u[i], u[i+1] of the
 * other side written together. Returns the index i or -1. */
static int find_joined(const emb_token *t, const emb_tokens *other, const uint8_t *used,
                       float *sim) {
    if (t->len < 5) return -1;
    for (uint32_t i = 0; i + 1 < other->n; i++) {
        const emb_token *a = &other->tok[i], *b = &other->tok[i + 1];
        if (used[i] || used[i + 1]) continue;
        size_t jl = (size_t)a->len + b->len;
        if (jl > 2 * EMB_TOKEN_MAX) continue;
        char joined[2 * EMB_TOKEN_MAX];
        memcpy(joined, a->text, a->len);
        memcpy(joined + a->len, b->text, b->len);
        size_t L = jl > t->len ? jl : t->len;
        unsigned budget = emb__edit_budget(L) > 0 ? emb__edit_budget(L) - 1 : 0;
        unsigned d = emb__edit_distance(t->text, t->len, joined, jl, budget);
        if (d <= budget) {
            *sim = SIM_JOINED * (1.0f - (float)d / (float)L);
            return (int)i;
        }
    }
    return -1;
}

double emb__score_names(const emb_tokens *q, const emb_tokens *c, emb_score *out, int want) {
    if (out) out->npairs = 0;
    if (!out) want = 0;
    if (q->n == 0 || c->n == 0) {
        if (out) out->score = 0;
        return 0;
    }
    cand_pair cands[32 * 32];
    size_t nc = 0;
    for (uint32_t i = 0; i < q->n && i < 32; i++) {
        for (uint32_t j = 0; j < c->n && j < 32; j++) {
            embargo_pair_kind kind = EMBARGO_PAIR_EXACT;
            float s = token_sim(&q->tok[i], &c->tok[j], &kind);
            if (s <= 0) continue;
            cands[nc++] = (cand_pair){s, s * (q->tok[i].weight + c->tok[j].weight), (uint8_t)i,
                                      (uint8_t)j, (uint8_t)kind};
        }
    }
    /* Greedy one-to-one assignment, best gain first (insertion sort: small n). */
    for (size_t i = 1; i < nc; i++) {
        cand_pair t = cands[i];
        size_t j = i;
        while (j > 0 && (cands[j - 1].gain < t.gain ||
                         (cands[j - 1].gain == t.gain && cands[j - 1].sim < t.sim))) {
            cands[j] = cands[j - 1];
            j--;
        }
        cands[j] = t;
    }
    uint8_t qused[32] = {0}, cused[32] = {0};
    double M = 0, Uq = 0, Uc = 0;
    int substance = 0;
    for (size_t k = 0; k < nc; k++) {
        cand_pair *p = &cands[k];
        if (qused[p->qi] || cused[p->ci]) continue;
        qused[p->qi] = cused[p->ci] = 1;
        const emb_token *qt = &q->tok[p->qi], *ct = &c->tok[p->ci];
        M += p->sim * (qt->weight + ct->weight);
        Uq += (1 - p->sim) * qt->weight;
        Uc += (1 - p->sim) * ct->weight;
        if (substantive(qt) && substantive(ct) && p->kind != EMBARGO_PAIR_INITIAL) substance = 1;
        add_pair(out, want, (embargo_pair_kind)p->kind, qt, ct, p->sim, qt->weight + ct->weight);
    }
    /* Leftovers written together on one side and apart on the other. */
    for (int side = 0; side < 2; side++) {
        const emb_tokens *one = side ? c : q, *two = side ? q : c;
        uint8_t *used1 = side ? cused : qused, *used2 = side ? qused : cused;
        for (uint32_t i = 0; i < one->n && i < 32; i++) {
            if (used1[i]) continue;
            float s = 0;
            int j = find_joined(&one->tok[i], two, used2, &s);
            if (j < 0) continue;
            const emb_token *t = &one->tok[i], *a = &two->tok[j], *b = &two->tok[j + 1];
            used1[i] = used2[j] = used2[j + 1] = 1;
            float w2 = a->weight + b->weight;
            M += s * (t->weight + w2);
            if (side) { Uc += (1 - s) * t->weight; Uq += (1 - s) * w2; }
            else { Uq += (1 - s) * t->weight; Uc += (1 - s) * w2; }
            substance = 1;
            add_pair(out, want, EMBARGO_PAIR_JOINED, side ? a : t, side ? t : a, s, t->weight + w2);
        }
    }
    for (uint32_t i = 0; i < q->n && i < 32; i++)
        if (!qused[i]) {
            Uq += q->tok[i].weight;
            add_pair(out, want, EMBARGO_PAIR_QUERY_ONLY, &q->tok[i], NULL, 0, q->tok[i].weight);
        }
    for (uint32_t j = 0; j < c->n && j < 32; j++)
        if (!cused[j]) {
            Uc += c->tok[j].weight;
            add_pair(out, want, EMBARGO_PAIR_NAME_ONLY, NULL, &c->tok[j], 0, c->tok[j].weight);
        }
    double score = 0;
    if (substance && M > 0) score = M / (M + ALPHA * Uq + BETA * Uc);
    if (out) out->score = score;
    return score;
}

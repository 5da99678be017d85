/*
 * score.c - token pairing and the name score; see score.h.
 *
 * Pairing: first tokens written together on one side and apart on the
 * other (SiemensAG ~ Siemens AG) are joined; then query and list tokens
 * are paired one to one, best evidence first; then leftovers get a second
 * chance as near-joins or as initials of a run of tokens (PLA ~ People's
 * Liberation Army, JC ~ Jean-Claude).
 *
 * Score: each pair with similarity s adds s * (wq + wc) to the agreement M
 * and (1 - s) of each weight to its side's doubt. Tokens left unpaired on
 * both sides contradict each other (AL-MOSULI where the list says
 * AL-TIKRITI): that part, X = min(unpaired query, unpaired list), costs
 * EMB_CONFLICT per side. What remains unpaired is only missing on one side and
 * costs less: EMB_EXTRA_QUERY for query tokens the list name lacks, EMB_EXTRA_NAME
 * for list tokens the query leaves out (a patronymic, a middle name); an
 * organisation's omitted words cost more (Federation Council is not the
 * Federation Council of the Federal Assembly of the Russian Federation).
 *
 *   score = M / (M + doubt + 2 EMB_CONFLICT X + EMB_EXTRA_QUERY (Uq - X) + EMB_EXTRA_NAME (Uc - X))
 *
 * A name whose only agreement is in particles, titles, connecting words or
 * legal forms scores 0 ("CORP" matches nothing). docs/scoring.md has the
 * measurements the constants come from.
 */
#include "score.h"
#include "../text/lexicon.h"
#include "../text/romkey.h"

#include <string.h>

unsigned emb__edit_budget(size_t len) {
    /* about log base 2.35 of (len - 2), as OpenSanctions' rigour measured */
    if (len <= 4) return 0;
    if (len <= 7) return 1;
    if (len <= 14) return 2;
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

float emb__edit_sim(unsigned d, size_t L) {
    return 1.0f - 0.12f * (float)d - 0.4f * (float)d / (float)L;
}

static int substantive(const emb_token *t) {
    return !(t->flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL));
}

static unsigned popcount(uint32_t x) {
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

/* How many letters the two words do not share, counted with multiplicity:
 * at most twice their edit distance, and cheap. */
static unsigned letters_apart(const char *a, size_t an, const char *b, size_t bn) {
    int h[32] = {0};
    for (size_t i = 0; i < an; i++) h[(unsigned char)a[i] & 31]++;
    for (size_t i = 0; i < bn; i++) h[(unsigned char)b[i] & 31]--;
    unsigned d = 0;
    for (int i = 0; i < 32; i++) d += (unsigned)(h[i] < 0 ? -h[i] : h[i]);
    return d;
}

/* Consonants of a key: an unvocalised script's romanisation (mhmd) against
 * a Latin spelling (Mohamed). */
static size_t consonants(const emb_token *t, char *out) {
    size_t n = 0;
    for (size_t i = 0; i < t->klen; i++) {
        char ch = t->key[i];
        if (ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u' || ch == 'y' || ch == 'v')
            continue; /* v: the Arabic waw is written w/v/u/o */
        if (n > 0 && out[n - 1] == ch) continue;
        out[n++] = ch;
    }
    return n;
}

static float abjad_sim(const emb_token *q, const emb_token *c, embargo_pair_kind *kind) {
    char a[256], b[256];
    size_t an = consonants(q, a), bn = consonants(c, b);
    if (an == 0 || bn == 0) return 0;
    /* the Arabic ta marbuta ends a romanisation in t or h that Latin
     * spellings leave out (أسامة asamt, Usama) */
    int qa = (q->flags & EMB_TOK_ABJAD) != 0;
    size_t *abn = qa ? &an : &bn;
    const char *ab = qa ? a : b;
    if (*abn > 2 && (ab[*abn - 1] == 't' || ab[*abn - 1] == 'h') && an != bn &&
        (qa ? an == bn + 1 : bn == an + 1))
        (*abn)--;
    if (an == bn && memcmp(a, b, an) == 0) {
        *kind = EMBARGO_PAIR_PHONETIC;
        return an >= 2 ? EMB_SIM_PHONETIC : 0.7f;
    }
    size_t L = an > bn ? an : bn;
    if (L < 3 || emb__edit_distance(a, an, b, bn, 1) > 1) return 0;
    *kind = EMBARGO_PAIR_EDIT;
    return 0.7f;
}

/* Similarity of two tokens and how they matched. */
static float token_sim(const emb_token *q, const emb_token *c, embargo_pair_kind *kind) {
    if ((q->flags | c->flags) & EMB_TOK_LEGAL) {
        if (!((q->flags & c->flags) & EMB_TOK_LEGAL)) return 0;
        int rel = emb__legal_relation(q->legal, c->legal);
        *kind = EMBARGO_PAIR_LEGAL_FORM;
        return rel == 2 ? 1.0f : rel == 1 ? EMB_SIM_LEGAL_FAMILY : 0.0f;
    }
    if (q->len == c->len && memcmp(q->text, c->text, q->len) == 0) {
        *kind = EMBARGO_PAIR_EXACT;
        return 1.0f;
    }
    if (q->klen == c->klen && memcmp(q->key, c->key, q->klen) == 0) {
        *kind = EMBARGO_PAIR_TRANSLIT;
        return EMB_SIM_TRANSLIT;
    }
    int qi = (q->flags & EMB_TOK_INITIAL) != 0, ci = (c->flags & EMB_TOK_INITIAL) != 0;
    if (qi || ci) {
        if (qi != ci && q->text[0] == c->text[0]) {
            *kind = EMBARGO_PAIR_INITIAL;
            return EMB_SIM_INITIAL;
        }
        return 0;
    }
    if ((q->flags | c->flags) & EMB_TOK_NUMBER) return 0; /* numbers must be equal */
    if ((q->flags ^ c->flags) & EMB_TOK_ABJAD) return abjad_sim(q, c, kind);
    size_t L = q->klen > c->klen ? q->klen : c->klen;
    unsigned budget = emb__edit_budget(L);
    if (q->plen >= 3 && q->plen == c->plen && memcmp(q->phon, c->phon, q->plen) == 0) {
        /* the same consonants; vowels within the typo budget, or one more */
        unsigned d = emb__edit_distance(q->key, q->klen, c->key, c->klen, budget + 1);
        if (d <= budget + 1) {
            *kind = EMBARGO_PAIR_PHONETIC;
            return d <= budget ? EMB_SIM_PHONETIC : EMB_SIM_PHONETIC_FAR;
        }
    }
    size_t Lt = q->len > c->len ? q->len : c->len;
    unsigned bt = emb__edit_budget(Lt);
    float s = 0;
    /* Each edit changes at most two letter counts: words further apart in
     * their letters than twice the budget need no edit distance. */
    if (budget && popcount(q->kmask ^ c->kmask) <= 2 * budget &&
        letters_apart(q->key, q->klen, c->key, c->klen) <= 2 * budget) {
        unsigned d = emb__edit_distance(q->key, q->klen, c->key, c->klen, budget);
        if (d <= budget) s = emb__edit_sim(d, L);
    }
    if (bt && popcount(q->tmask ^ c->tmask) <= 2 * bt &&
        letters_apart(q->text, q->len, c->text, c->len) <= 2 * bt) {
        unsigned dt = emb__edit_distance(q->text, q->len, c->text, c->len, bt);
        if (dt <= bt && emb__edit_sim(dt, Lt) > s) s = emb__edit_sim(dt, Lt);
    }
    if (s <= 0) return 0;
    *kind = EMBARGO_PAIR_EDIT;
    return s;
}

typedef struct cand_pair {
    float sim, gain;
    uint8_t qi, ci;
    uint8_t kind;
} cand_pair;

typedef struct tally {
    double M, doubt_q, doubt_c;
    double evidence;      /* similarity-weighted weight of paired query names */
    int inexact;          /* some pair is less than the same word or romanisation */
    int substance;
    emb_score *out;
    int want;
} tally;

/* Adds a pair to the explanation (weights as given). */
static void explain(tally *t, embargo_pair_kind kind, const emb_token *q, const emb_token *c,
                    float sim, float weight) {
    if (!t->want || t->out->npairs >= EMB_MAX_PAIRS) return;
    embargo_pair *p = &t->out->pairs[t->out->npairs++];
    p->kind = kind;
    p->query = q ? q->text : NULL;
    p->query_len = q ? q->len : 0;
    p->name = c ? c->text : NULL;
    p->name_len = c ? c->len : 0;
    p->similarity = sim;
    p->weight = weight;
}

/* Counts a pair's agreement and doubt, and explains it. */
static void record(tally *t, embargo_pair_kind kind, const emb_token *q, const emb_token *c,
                   float sim, float wq, float wc) {
    t->M += sim * (wq + wc);
    if (q && substantive(q) && kind != EMBARGO_PAIR_INITIAL)
        t->evidence += sim * wq * (q->flags & EMB_TOK_WORD ? EMB_WORD_EVIDENCE : 1.0);
    if (sim < 0.95f) t->inexact = 1;
    t->doubt_q += (1 - sim) * wq;
    t->doubt_c += (1 - sim) * wc;
    explain(t, kind, q, c, sim, wq + wc);
}

/* Whether t equals a[i] a[i+1] written together, within `budget` edits. */
static int joins(const emb_token *t, const emb_token *a, const emb_token *b, unsigned budget,
                 float *sim) {
    size_t jl = (size_t)a->len + b->len;
    if (t->len < 4 || jl > 2 * EMB_TOKEN_MAX) return 0;
    size_t diff = jl > t->len ? jl - t->len : t->len - jl;
    if (diff > budget || t->text[0] != a->text[0]) return 0;
    if (budget == 0) {
        if (jl != t->len || memcmp(t->text, a->text, a->len) != 0 ||
            memcmp(t->text + a->len, b->text, b->len) != 0)
            return 0;
        *sim = EMB_SIM_JOINED;
        return 1;
    }
    char joined[2 * EMB_TOKEN_MAX];
    memcpy(joined, a->text, a->len);
    memcpy(joined + a->len, b->text, b->len);
    size_t L = jl > t->len ? jl : t->len;
    unsigned d = emb__edit_distance(t->text, t->len, joined, jl, budget);
    if (d > budget) return 0;
    *sim = d == 0 ? EMB_SIM_JOINED : EMB_SIM_JOINED * emb__edit_sim(d, L);
    return 1;
}

/* Whether the halves a, b of a hyphenated word (Kosa-chyov) written together
 * have t's romanisation key (KOSACHEV); *sim gets the similarity. */
static int key_joins(const emb_token *t, const emb_token *a, const emb_token *b, float *sim) {
    if (!(a->flags & EMB_TOK_HYPHEN) || t->text[0] != a->text[0]) return 0;
    char joined[2 * EMB_TOKEN_MAX], key[EMB_ROMKEY_CAP(2 * EMB_TOKEN_MAX)];
    memcpy(joined, a->text, a->len);
    memcpy(joined + a->len, b->text, b->len);
    size_t kl = emb__romkey(joined, (size_t)a->len + b->len, key);
    if (kl != t->klen || memcmp(key, t->key, kl) != 0) return 0;
    *sim = EMB_SIM_JOINED * EMB_SIM_TRANSLIT;
    return 1;
}

/* Joins: a token of one side against two adjacent unpaired tokens of the
 * other. `budget_max` 0 takes exact joins only; above 0, the halves of a
 * hyphenated word may also pair by their romanisation key (key_joins). */
static void pair_joins(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                       unsigned budget_max) {
    for (int side = 0; side < 2; side++) {
        const emb_tokens *one = side ? c : q, *two = side ? q : c;
        uint8_t *u1 = side ? cu : qu, *u2 = side ? qu : cu;
        for (uint32_t i = 0; i < one->n; i++) {
            const emb_token *tk = &one->tok[i];
            if (u1[i] || tk->len < 4) continue; /* joins() wants four letters */
            unsigned budget = emb__edit_budget(tk->len);
            if (budget > 0) budget--;
            if (budget > budget_max) budget = budget_max;
            for (uint32_t j = 0; j + 1 < two->n; j++) {
                if (u2[j] || u2[j + 1] || two->tok[j].text[0] != tk->text[0]) continue;
                const emb_token *a = &two->tok[j], *b = &two->tok[j + 1];
                float s;
                if (!joins(tk, a, b, budget, &s) && !(budget_max && key_joins(tk, a, b, &s))) continue;
                u1[i] = u2[j] = u2[j + 1] = 1;
                float w2 = a->weight + b->weight;
                if (side) record(t, EMBARGO_PAIR_JOINED, a, tk, s, w2, tk->weight);
                else record(t, EMBARGO_PAIR_JOINED, tk, a, s, tk->weight, w2);
                t->substance = 1;
                break;
            }
        }
    }
}

/* Acronyms and initials: a short unpaired token whose letters are the
 * initials of a run of unpaired tokens on the other side. */
static void pair_acronyms(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu,
                          uint8_t *cu) {
    for (int side = 0; side < 2; side++) {
        const emb_tokens *one = side ? c : q, *two = side ? q : c;
        uint8_t *u1 = side ? cu : qu, *u2 = side ? qu : cu;
        for (uint32_t i = 0; i < one->n; i++) {
            const emb_token *tk = &one->tok[i];
            /* two letters are too ambiguous to stand for words (BM, US) */
            if (u1[i] || tk->len < 3 || tk->len > 6 || (tk->flags & EMB_TOK_NUMBER)) continue;
            /* runs of unpaired tokens, skipping connecting words */
            for (uint32_t j = 0; j < two->n; j++) {
                uint32_t k = j, got = 0, idx[8];
                while (k < two->n && got < tk->len && !u2[k]) {
                    const emb_token *o = &two->tok[k];
                    if (o->flags & (EMB_TOK_STOP | EMB_TOK_LEGAL)) { k++; continue; }
                    if (o->text[0] != tk->text[got] || o->len < 2) break;
                    idx[got++] = k++;
                }
                if (got != tk->len) continue;
                float w2 = 0;
                for (uint32_t g = 0; g < got; g++) {
                    u2[idx[g]] = 1;
                    w2 += two->tok[idx[g]].weight;
                }
                u1[i] = 1;
                /* an acronym is weaker evidence than the words it stands for */
                float w1 = tk->weight;
                w2 *= 0.5f;
                if (side) record(t, EMBARGO_PAIR_INITIAL, &two->tok[idx[0]], tk, EMB_SIM_ACRONYM, w2, w1);
                else record(t, EMBARGO_PAIR_INITIAL, tk, &two->tok[idx[0]], EMB_SIM_ACRONYM, w1, w2);
                t->substance = 1;
                break;
            }
        }
    }
}

static int is_bin(const emb_token *t) {
    return (t->flags & EMB_TOK_PARTICLE) && t->len == 3 && memcmp(t->text, "bin", 3) == 0;
}

/* The nearest substantive token before (dir -1) or after (dir +1) i. */
static int next_name(const emb_tokens *t, int i, int dir) {
    for (i += dir; i >= 0 && i < (int)t->n; i += dir)
        if (substantive(&t->tok[i])) return i;
    return -1;
}

/* "A bin B" says A is the son of B. If the query says "A bin B" where the
 * list name says "B bin A", the pairs agree on words and contradict on
 * the person (Muhammad bin Salman is not Salman bin Muhammad). Particles
 * between (Saif al-Din bin Ibrahim) are looked past. */
static int bin_reversed(const emb_tokens *q, const emb_tokens *c, const int8_t *partner) {
    for (int i = 1; i + 1 < (int)q->n; i++) {
        if (!is_bin(&q->tok[i])) continue;
        int qa = next_name(q, i, -1), qb = next_name(q, i, +1);
        if (qa < 0 || qb < 0 || partner[qa] < 0 || partner[qb] < 0) continue;
        int ca = partner[qa], cb = partner[qb];
        /* in the list name: cb ... bin ... ca, with only particles between */
        for (int j = cb + 1; j < ca; j++) {
            if (is_bin(&c->tok[j]) && next_name(c, j, -1) == cb && next_name(c, j, +1) == ca)
                return 1;
        }
    }
    return 0;
}

/* What leaving a token out costs: a patronymic (Iosifovich, or the Y of
 * "X bin Y") is often omitted, so half its weight. Contradicting one costs
 * its full weight (the conflict term). */
static double omission_weight(const emb_token *t) {
    return t->flags & EMB_TOK_PATRONYMIC ? 0.5 * t->weight : t->weight;
}

static int has_legal_form(const emb_tokens *t) {
    for (uint32_t i = 0; i < t->n; i++)
        if (t->tok[i].flags & EMB_TOK_LEGAL) return 1;
    return 0;
}

double emb__score_names(const emb_tokens *q, const emb_tokens *c, embargo_entity_type type,
                        emb_score *out, int want) {
    if (out) out->npairs = 0;
    tally t = {.out = out, .want = want && out};
    if (q->n == 0 || c->n == 0 || q->n > 32 || c->n > 32) {
        if (out) out->score = 0;
        return 0;
    }
    uint8_t qu[32] = {0}, cu[32] = {0};
    pair_joins(&t, q, c, qu, cu, 0);

    cand_pair cands[32 * 32];
    size_t nc = 0;
    for (uint32_t i = 0; i < q->n; i++) {
        if (qu[i]) continue;
        for (uint32_t j = 0; j < c->n; j++) {
            if (cu[j]) continue;
            embargo_pair_kind kind = EMBARGO_PAIR_EXACT;
            float s = token_sim(&q->tok[i], &c->tok[j], &kind);
            if (s <= 0) continue;
            cands[nc++] = (cand_pair){s, s * (q->tok[i].weight + c->tok[j].weight), (uint8_t)i,
                                      (uint8_t)j, (uint8_t)kind};
        }
    }
    /* Greedy one-to-one assignment, best gain first (insertion sort: small n). */
    for (size_t i = 1; i < nc; i++) {
        cand_pair tmp = cands[i];
        size_t j = i;
        while (j > 0 && (cands[j - 1].gain < tmp.gain ||
                         (cands[j - 1].gain == tmp.gain && cands[j - 1].sim < tmp.sim))) {
            cands[j] = cands[j - 1];
            j--;
        }
        cands[j] = tmp;
    }
    int8_t partner[32];
    memset(partner, -1, sizeof(partner));
    for (size_t k = 0; k < nc; k++) {
        cand_pair *p = &cands[k];
        if (qu[p->qi] || cu[p->ci]) continue;
        qu[p->qi] = cu[p->ci] = 1;
        partner[p->qi] = (int8_t)p->ci;
        const emb_token *qt = &q->tok[p->qi], *ct = &c->tok[p->ci];
        record(&t, (embargo_pair_kind)p->kind, qt, ct, p->sim, qt->weight, ct->weight);
        if (substantive(qt) && substantive(ct) && p->kind != EMBARGO_PAIR_INITIAL) t.substance = 1;
    }
    pair_joins(&t, q, c, qu, cu, 3);
    pair_acronyms(&t, q, c, qu, cu);

    /* Unpaired tokens. Titles cost nothing; particles, connecting words and
     * legal forms can be missing but do not contradict. */
    double Uq = 0, Uc = 0, Sq = 0, Sc = 0, Lq = 0, Lc = 0, surname_missing = 0;
    for (uint32_t i = 0; i < q->n; i++)
        if (!qu[i] && !(q->tok[i].flags & EMB_TOK_TITLE)) {
            Uq += omission_weight(&q->tok[i]);
            if (substantive(&q->tok[i])) Sq += q->tok[i].weight;
            if (q->tok[i].flags & EMB_TOK_LEGAL) Lq += q->tok[i].weight;
            explain(&t, EMBARGO_PAIR_QUERY_ONLY, &q->tok[i], NULL, 0, q->tok[i].weight);
        }
    for (uint32_t j = 0; j < c->n; j++)
        if (!cu[j] && !(c->tok[j].flags & EMB_TOK_TITLE)) {
            Uc += omission_weight(&c->tok[j]);
            if (c->tok[j].flags & EMB_TOK_SURNAME) surname_missing += c->tok[j].weight;
            if (substantive(&c->tok[j])) Sc += c->tok[j].weight;
            if (c->tok[j].flags & EMB_TOK_LEGAL) Lc += c->tok[j].weight;
            explain(&t, EMBARGO_PAIR_NAME_ONLY, NULL, &c->tok[j], 0, c->tok[j].weight);
        }
    /* Contradicting names, and contradicting legal forms (an AG is not a
     * GmbH); a legal form missing on one side is only missing. */
    double X = (Sq < Sc ? Sq : Sc) + (Lq < Lc ? Lq : Lc);
    double extra_q = Uq > X ? Uq - X : 0, extra_c = Uc > X ? Uc - X : 0;
    if (type == EMBARGO_TYPE_UNKNOWN && (has_legal_form(q) || has_legal_form(c)))
        type = EMBARGO_TYPE_ORGANIZATION;
    int org = type == EMBARGO_TYPE_ORGANIZATION;
    double extra_name = org ? EMB_EXTRA_NAME_ORG : EMB_EXTRA_NAME;
    double extra_query = org ? EMB_EXTRA_QUERY_ORG : EMB_EXTRA_QUERY;
    /* A listed surname the query leaves out (Juan Carlos against MESA
     * VALLEJO, Juan Carlos) costs as much as a query word the list lacks. */
    double surname_extra = surname_missing < extra_c ? surname_missing : extra_c;
    double cost = t.doubt_q + t.doubt_c + 2 * EMB_CONFLICT * X + extra_query * extra_q +
                  extra_name * (extra_c - surname_extra) + EMB_EXTRA_QUERY * surname_extra;
    double score = 0;
    if (t.substance && t.M > 0) score = t.M / (t.M + cost);
    if (bin_reversed(q, c, partner)) score *= EMB_REVERSED_BIN;
    /* Agreement on one common word is not enough when either name says more:
     * "United Inc" is not PJSC United Company, "Said" is not SA'ID, Mohamed.
     * Ordinary English words count for less here (Global Logistics is not
     * Global Central Logistics FZCO). Two names that agree word for word,
     * "Stripe LLC", are another matter, and so are two that agree in full
     * but for a typo, unless all they share is a word or two of English
     * (Energy JSC is not JSC Energiya). Ships are the exception: they
     * are named with ordinary words (Victory, Graceful). */
    if (type != EMBARGO_TYPE_VESSEL && t.evidence < EMB_MIN_EVIDENCE &&
        (Sq + Sc + Lq + Lc > 0 || (t.inexact && t.evidence < EMB_MIN_EVIDENCE / 2)))
        score *= t.evidence / EMB_MIN_EVIDENCE;
    if (out) out->score = score;
    return score;
}

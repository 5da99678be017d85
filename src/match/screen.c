/*
 * screen.c - screening one name against an index.
 *
 * Candidate generation never scans the list: each query token leads through
 * the index to the names holding the same romanisation key, the same
 * phonetic skeleton, or a key within the typo budget (symmetric-delete
 * neighbourhoods, each hit verified by edit distance). Names collect the
 * weight of the query tokens that reach them; the best CANDIDATES go to the
 * full scorer, and each entity keeps its best-scoring name.
 */
#include "matcher.h"
#include "edit.h"
#include "../base/alloc.h"
#include "../base/opts.h"
#include "../base/date.h"
#include "../base/hash.h"
#include "../index/index_int.h"
#include "../text/country.h"
#include "../text/equiv.h"
#include "../text/lexicon.h"
#include "../text/romkey.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CANDIDATES 48          /* names scored in full, at most */
#define POSTINGS_CAP 3000      /* a key leading to more names is too common to follow,
                                  but for the query's rarest word */
#define FUZZY_POSTINGS_CAP 2000 /* the same for the fuzzier ways in */
#define PRUNE_MARGIN 0.1       /* estimates this far below the threshold still count */
#define UNKNOWN_SIM 0.8f       /* what an unknown query word is expected to pair at */
#define GLUED_LEN 8            /* a query word that may be two of four letters or more written
                                  together (split_known, may_reach) */
#define RANK_BLOCK 64          /* names whose records are prefetched together */
#define RARE_SURE 16           /* names holding the rarest word's very key, scored
                                  whatever their estimate, if at most this many */

/* A hint that *p will be read soon; nothing where the compiler has none.
 * RARE: a function for few queries, kept out of the loop that calls it
 * (inlined, it made every query's ranking slower). */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#define RARE __attribute__((noinline, cold))
#else
#define PREFETCH(p) ((void)(p))
#define RARE
#endif

void embargo_screen_options_init(embargo_screen_options *o) {
    if (!o) return;
    memset(o, 0, sizeof(*o));
    o->size = sizeof(*o);
    o->threshold = EMBARGO_DEFAULT_THRESHOLD;
    o->limit = 10;
}

/* The caller's options field by field over the defaults, checked. */
static embargo_status read_options(embargo_matcher *m, const embargo_screen_options *in,
                                   embargo_screen_options *o) {
    typedef embargo_screen_options T;
    embargo_screen_options_init(o);
    if (!in) return EMBARGO_OK;
    if (emb__opt_check(in, in->size, EMB_OPT_END(T, candidates))) {
        snprintf(m->message, sizeof(m->message),
                 "screen options of an unknown size (%zu bytes): use embargo_screen_options_init",
                 in->size);
        return EMBARGO_EINVAL;
    }
    EMB_OPT_TAKE(in, o, T, threshold);
    EMB_OPT_TAKE(in, o, T, limit);
    EMB_OPT_TAKE(in, o, T, type_mask);
    EMB_OPT_TAKE(in, o, T, birth_date);
    EMB_OPT_TAKE(in, o, T, country);
    EMB_OPT_TAKE(in, o, T, flags);
    EMB_OPT_TAKE(in, o, T, list_mask);
    EMB_OPT_TAKE(in, o, T, candidates);
    if (!(o->threshold >= 0 && o->threshold <= 1)) {
        snprintf(m->message, sizeof(m->message), "threshold must be between 0 and 1");
        return EMBARGO_EINVAL;
    }
    return EMBARGO_OK;
}

static int ensure_acc(embargo_matcher *m, size_t n) {
    if (m->acc_cap >= n) return 0;
    /* acc[n], then tok[n] (8-byte entries: tok is aligned) */
    emb_name_acc *acc = emb__calloc(n, sizeof(*acc) + sizeof(float));
    uint32_t *touched = emb__malloc(n * sizeof(*touched));
    uint64_t *reached = emb__calloc(n / 64 + 1, sizeof(*reached));
    if (!acc || !touched || !reached) {
        emb__free(acc);
        emb__free(touched);
        emb__free(reached);
        return -1;
    }
    emb__free(m->acc);
    emb__free(m->touched);
    emb__free(m->reached);
    m->acc = acc;
    m->tok = (float *)(acc + n);
    m->touched = touched;
    m->reached = reached;
    m->acc_cap = n;
    return 0;
}

/* Whether x == 0, asked of its bits (either sign of zero, nothing else: a
 * NaN's exponent is all ones): one integer test, where the float compare
 * also asks whether the operands were ordered. For the loops over postings
 * and hits. */
static inline int is_zero(float x) {
    uint32_t b;
    memcpy(&b, &x, sizeof(b));
    return (b & 0x7fffffffu) == 0;
}

/* Per query token: the best similarity estimate for each name it reaches,
 * collected in m->tok[], then added once (weighted) to acc[].sum. The
 * names it reached are listed in m->hits[start, n), which lives as long as
 * the matcher (th only counts them). With `only_reached`, names that no
 * first way in reached (m->reached, collect_candidates) are passed over,
 * and `any` says whether the token reached a name at all. */
typedef struct tok_hits {
    size_t start, n;
    int only_reached;
    int any;
} tok_hits;

/* Marks name as reached with sim, listing it in hits[*n] if new; hits has
 * room (post_term made it). The loops pass tok, hits and the count as
 * locals: as fields (m->tok, th->n) they were read again after every store.
 * A new name's evidence (acc) is asked for from memory: every hit is added
 * to it once the way in is gathered (add_hits, add_stored), and most ways
 * reach fewer names than those loops ask for ahead. */
static inline void hit(const emb_name_acc *acc, float *tok, uint32_t *hits, size_t *n, uint32_t name,
                       float sim) {
    float *a = &tok[name];
    if (is_zero(*a)) {
        PREFETCH(&acc[name]);
        hits[(*n)++] = name;
        *a = sim;
    } else if (sim > *a) {
        *a = sim;
    }
}

/* How many postings ahead of the one in hand are asked for from memory: a
 * common name's postings are spread over the whole of acc[]. */
#define POST_AHEAD 16

static int post_term(embargo_matcher *m, tok_hits *th, const emb_ix_term *t, float sim) {
    if (t->post_count > m->post_cap) return 0; /* too common to lead anywhere */
    const uint32_t *p = m->ix->postings + t->post;
    uint32_t n = t->post_count;
    /* room for every posting at once, not a check per name */
    if (EMB_GROW(m->hits, m->hits_cap, th->n + n)) return -1;
    uint32_t i = 0;
    const emb_name_acc *acc = m->acc;
    float *tok = m->tok;
    uint32_t *hits = m->hits;
    size_t hn = th->n;
    /* every posting is a name (open.c checked them) */
    if (th->only_reached) {
        /* the bits (a few KB) are at hand; few names pass */
        const uint64_t *reached = m->reached;
        for (; i < n; i++) {
            uint32_t nm = p[i];
            if ((reached[nm >> 6] >> (nm & 63)) & 1) hit(acc, tok, hits, &hn, nm, sim);
        }
        th->n = hn;
        th->any |= n > 0;
        return 0;
    }
    for (; i + POST_AHEAD < n; i++) { /* the tail, below, has nothing to ask for */
        PREFETCH(&tok[p[i + POST_AHEAD]]);
        hit(acc, tok, hits, &hn, p[i], sim);
    }
    for (; i < n; i++) hit(acc, tok, hits, &hn, p[i], sim);
    th->n = hn;
    return 0;
}

/* Posts list key `id` for a fuzzier way in (typos, a split), and notes it
 * in m->typo_rec for the memo (matcher.h). */
static int post_fuzzy(embargo_matcher *m, tok_hits *th, uint32_t id, float sim) {
    emb_typo_memo *rec = &m->typo_rec;
    if (rec->n < EMB_TYPO_MEMO_POSTS) {
        rec->key_id[rec->n] = id;
        rec->sim[rec->n] = sim;
    }
    if (rec->n <= EMB_TYPO_MEMO_POSTS) rec->n++;
    return post_term(m, th, &m->ix->keys[id], sim);
}

/* What one query token's typo search has verified: the list keys its
 * deletion variants led to (the same key comes back through many
 * variants), and its key prepared for the edit distance. */
typedef struct typo_search {
    const emb_token *tok;
    const emb_edit_pattern *pat; /* m->typo_pat */
    uint32_t gen;              /* m->typo_seen entries of this search */
    uint32_t kmask;            /* emb__letter_mask of the token's key */
    float within;              /* the best similarity of a key posted within the typo budget, 0 if none */
} typo_search;

/* Where key `id` is (or would go) in m->typo_seen; NULL when the table is
 * full for this search (the key is then verified again: the same result). */
static emb_typo_seen *seen_slot(embargo_matcher *m, const typo_search *s, uint32_t id) {
    uint32_t h = (id * 0x9e3779b1u) >> (32 - EMB_TYPO_SEEN_BITS);
    for (uint32_t n = 0; n < EMB_TYPO_SEEN; n++) {
        emb_typo_seen *e = &m->typo_seen[h];
        if (e->gen != s->gen || e->key == id) return e;
        h = (h + 1) & (EMB_TYPO_SEEN - 1);
    }
    return NULL;
}

/* Verifies list key `id` for the search: it becomes a hit if within
 * `slack` edits beyond the typo budget of the query key. A key is
 * verified once per search, at the widest slack (2), and posted at most
 * once: posting it again gave every name the same similarity again.
 * Inlined in both callers: as a call it cost more than the probes that
 * one table saved. */
__attribute__((always_inline))
static inline int typo_verify(embargo_matcher *m, tok_hits *th, typo_search *s, uint32_t id,
                              unsigned slack) {
    const embargo_index *ix = m->ix;
    if (id >= ix->nkeys) return 0; /* see open.c */
    const emb_ix_term *t = &ix->keys[id];
    size_t L = t->len > s->tok->klen ? t->len : s->tok->klen;
    unsigned budget = emb__edit_budget(L);
    emb_typo_seen *e = seen_slot(m, s, id);
    unsigned d;
    if (e && e->gen == s->gen) {
        if (e->posted) return 0;
        d = e->dist;
    } else {
        /* an edit brings one letter in and takes one out at most: a key
         * more letters apart than this probe's slack allows is not posted
         * here, and is left unverified (a probe with more slack verifies
         * it). Nearly half the keys the key's own variants lead to, at
         * ~220 instructions each. */
        uint32_t km = m->key_mask[id];
        if (!km) km = m->key_mask[id] = emb__letter_mask(ix->strings + t->str, t->len) | 1u;
        unsigned in = emb__popcount(km & ~s->kmask), out = emb__popcount(s->kmask & ~km);
        if ((in > out ? in : out) > budget + slack) return 0;
        d = emb__edit_distance_pat(s->pat, ix->strings + t->str, t->len, budget + 2);
        if (e) *e = (emb_typo_seen){id, s->gen, (uint8_t)d, 0};
    }
    if (d == 0 || d > budget + slack) return 0;
    if (e) e->posted = 1;
    float sim = emb__edit_sim(d > budget ? budget : d, L);
    if (d <= budget && sim > s->within) s->within = sim;
    return post_fuzzy(m, th, id, sim);
}

/* Looks up one deletion-variant hash. The keys it leads to as `now` asks
 * (EMB_DEL_KEY, EMB_DEL_TEXT: which of their variants to meet) are
 * verified at `slack`; those it leads to as `later` asks are added to
 * m->typo_later[*nlater] (verified after every probe, in this order). */
static int typo_probe(embargo_matcher *m, tok_hits *th, typo_search *s, const emb_ix_del *tab,
                      uint32_t cap, uint64_t hash, unsigned slack, uint32_t now, uint32_t later,
                      size_t *nlater) {
    const embargo_index *ix = m->ix;
    uint32_t fp = (uint32_t)(hash >> 32) | 1u;
    size_t mask = cap - 1, i = (size_t)hash & mask;
    /* the fingerprints fall along a probe path (build.c, del_emit): the
     * path ends at the first one below fp, an empty slot's 0 at the
     * latest (open.c saw an empty slot in the table: every path ends) */
    for (uint32_t f; (f = tab[i].fingerprint) >= fp; i = (i + 1) & mask) {
        const emb_ix_del *slot = &tab[i];
        if (f == fp) {
            uint32_t ref = slot->post;
            uint32_t direct[2] = {1, ref & ~EMB_DEL_DIRECT}; /* a list of one */
            const uint32_t *list = (ref & EMB_DEL_DIRECT) ? direct : ix->delpost + ref;
            /* a list must lie within DELPOST (checked here, not at open) */
            if (!(ref & EMB_DEL_DIRECT) &&
                (ref >= ix->ndelpost || ix->delpost[ref] > ix->ndelpost - ref - 1))
                return 0;
            if (later && EMB_GROW(m->typo_later, m->typo_later_cap, *nlater + list[0])) return -1;
            for (uint32_t q = 1; q <= list[0]; q++) {
                uint32_t entry = list[q], id = entry & EMB_DEL_ID;
                if (entry & later) m->typo_later[(*nlater)++] = id;
                if ((entry & now) && typo_verify(m, th, s, id, slack)) return -1;
            }
        }
    }
    return 0;
}

/* The most deletion variants of a searched word (40 bytes at most,
 * search_fuzzy): itself, its first and its second deletions. */
#define EMB_TYPO_VARIANTS (1 + 40 + 40 * 39 / 2)

/* The word and its deletion variants (one deletion, two for long words),
 * hashed with `seed`; returns how many were written to hashes. */
static size_t del_hashes(const char *w, size_t len, uint64_t seed, uint64_t *hashes) {
    return emb__del_hashes(w, len, seed, 0, emb__del_depth(len + 1, 1), hashes);
}

/* How many deletion-table slots ahead of the one in hand are asked for
 * from memory: the variants of one word land all over the table. */
#define PROBE_AHEAD 8

/* Probes one deletion table (`second`: the second deletions') for each of
 * the hashes: the keys met as `now` asks are verified at `slack`, then
 * those met as `later` asks at `later_slack`, in the order met. One probe
 * of a variant meets both the keys and the spellings it is a variant of;
 * verifying the spellings' after all keys' posts the keys in the order
 * that two probes a variant, one table each, did. */
static int probe_all(embargo_matcher *m, tok_hits *th, typo_search *s, int second,
                     uint64_t *hashes, size_t nh, unsigned slack, uint32_t now, uint32_t later,
                     unsigned later_slack) {
    const embargo_index *ix = m->ix;
    const emb_ix_del *tab = second ? ix->del2hash : ix->delhash;
    uint32_t cap = second ? ix->del2hash_cap : ix->delhash_cap;
    if (cap == 0) return 0;
    size_t mask = cap - 1, nlater = 0;
    /* hashes has room for PROBE_AHEAD more: the last probes ask for slot
     * 0 ahead, which costs nothing, instead of testing for a probe ahead */
    for (size_t k = nh; k < nh + PROBE_AHEAD; k++) hashes[k] = 0;
    for (size_t k = 0; k < PROBE_AHEAD; k++) PREFETCH(&tab[hashes[k] & mask]);
    for (size_t k = 0; k < nh; k++) {
        PREFETCH(&tab[hashes[k + PROBE_AHEAD] & mask]);
        if (typo_probe(m, th, s, tab, cap, hashes[k], slack, now, later, &nlater)) return -1;
    }
    for (size_t k = 0; k < nlater; k++)
        if (typo_verify(m, th, s, m->typo_later[k], later_slack)) return -1;
    return 0;
}

/* Keys within the typo budget of a query token, through the deletion table.
 * The key's variants meet list keys' variants. The spelling's variants meet
 * list spellings' variants, and list keys' where the query's spelling
 * differs from its key: Hczim (key hCim) ~ Hazim, Pahskov ~ Pashkov (key
 * paSkov), whose keys are further apart than their spellings. */
static int search_typos_in(embargo_matcher *m, tok_hits *th, const emb_token *tok, int deep, float *within) {
    uint64_t hashes[EMB_TYPO_VARIANTS + PROBE_AHEAD]; /* (probe_all) */
    typo_search s;
    s.tok = tok;
    s.within = 0.0f;
    s.pat = &m->typo_pat;
    if (++m->typo_gen == 0) { /* wrapped: forget every old search */
        memset(m->typo_seen, 0, sizeof(m->typo_seen));
        m->typo_gen = 1;
    }
    s.gen = m->typo_gen;
    s.kmask = emb__letter_mask(tok->key, tok->klen) | 1u; /* as m->key_mask's */
    size_t nh;
    int differs = tok->len != tok->klen || memcmp(tok->text, tok->key, tok->len) != 0;
    if (!differs) {
        /* one probe a variant: the keys it meets at slack 0, the spellings
         * at 2 */
        nh = del_hashes(tok->key, tok->klen, EMB_DEL_SEED, hashes);
        if (probe_all(m, th, &s, 0, hashes, nh, 0, EMB_DEL_KEY, EMB_DEL_TEXT, 2)) return -1;
    } else {
        nh = del_hashes(tok->key, tok->klen, EMB_DEL_SEED, hashes);
        if (probe_all(m, th, &s, 0, hashes, nh, 0, EMB_DEL_KEY, 0, 0)) return -1;
        nh = del_hashes(tok->text, tok->len, EMB_DEL_SEED, hashes);
        if (probe_all(m, th, &s, 0, hashes, nh, 2, EMB_DEL_TEXT, EMB_DEL_KEY, 2)) return -1;
    }
    /* The rarest word also within two edits of long keys (within the
     * scorer's budget): the word, its first and its second deletions
     * against the list keys' second deletions. */
    if (deep && tok->klen + 2 >= EMB_DEL2_MIN_LEN) {
        nh = emb__del_hashes(tok->key, tok->klen, EMB_DEL_SEED_2, 0, 2, hashes);
        if (probe_all(m, th, &s, 1, hashes, nh, 0, EMB_DEL_KEY, 0, 0)) return -1;
    }
    *within = s.within;
    return 0;
}

/* search_typos_in with the key set in m->typo_pat, which is reset after
 * (setting and resetting a word's letters is cheaper than clearing 2 KB). */
static int search_typos(embargo_matcher *m, tok_hits *th, const emb_token *tok, int deep, float *within) {
    emb__edit_pattern_set(&m->typo_pat, tok->key, tok->klen);
    int rc = search_typos_in(m, th, tok, deep, within);
    emb__edit_pattern_reset(&m->typo_pat, tok->key, tok->klen);
    return rc;
}

/* The keys of t's text cut at `cut`: 0 with their terms in *a and *b when
 * the index knows both halves, -1 otherwise (the second half is looked up
 * only when the first is known). */
static int split_terms(const embargo_index *ix, const emb_token *t, size_t cut, long *a, long *b) {
    char k1[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)], k2[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    size_t l1 = emb__romkey(t->text, cut, k1);
    *a = emb__index_term(ix, ix->keyhash, ix->keyhash_cap, ix->keys, k1, l1);
    if (*a < 0) return -1;
    size_t l2 = emb__romkey(t->text + cut, t->len - cut, k2);
    *b = emb__index_term(ix, ix->keyhash, ix->keyhash_cap, ix->keys, k2, l2);
    return *b < 0 ? -1 : 0;
}

/* Written together (SergeiLavrov): both halves as keys of at least
 * `least` letters, posted at `sim`. */
static int split_keys(embargo_matcher *m, tok_hits *th, const emb_token *t, float sim, size_t least) {
    for (size_t cut = least; cut + least <= t->len; cut++) {
        long a, b;
        if (split_terms(m->ix, t, cut, &a, &b)) continue;
        if (post_fuzzy(m, th, (uint32_t)a, sim) || post_fuzzy(m, th, (uint32_t)b, sim))
            return -1;
    }
    return 0;
}

/* A word the index knows as written may still be two of a name's words
 * written together (KITOKOFOOD, an alias's word, for KITOKO FOOD FARM;
 * SHIPMANAGEMENT for SHIP MANAGEMENT): search_fuzzy splits only unknown
 * words, so such a name was reached by the query's other words alone, and
 * at the default threshold, where those are later ways (choose_later), not
 * at all (KITOKOFOOD FARM: 0.965 at 0.50, no match at 0.80). The names
 * holding both halves (of four letters or more) as keys are posted at
 * EMB_SIM_JOINED_GUESS: the intersection of the halves' postings (both
 * ascending), so that a name holding one half only gains nothing (the
 * crowding split_keys' comment tells of). Only for a word of at most
 * SPLIT_KNOWN_RARE names: a form written together is on the lists as a few
 * names' spelling (KITOKOFOOD 1, NORDGOLD 1, ABSOLUTBANK 3, SHIPMANAGEMENT
 * 4 on the SDN list), while a common word's halves (SHIP PING, INTER
 * NATIONAL) are no two words of a name, and splitting every known word of
 * eight letters or more cost 0.65% more instructions on the bench queries. */
#define SPLIT_KNOWN_RARE 4
static int split_known(embargo_matcher *m, tok_hits *th, const emb_token *t) {
    const embargo_index *ix = m->ix;
    enum { LEAST = 4 };
    for (size_t cut = LEAST; cut + LEAST <= t->len; cut++) {
        long a, b;
        if (split_terms(ix, t, cut, &a, &b) || a == b) continue;
        const emb_ix_term *ta = &ix->keys[a], *tb = &ix->keys[b];
        if (ta->post_count > tb->post_count) {
            const emb_ix_term *x = ta;
            ta = tb, tb = x;
        }
        if (ta->post_count > FUZZY_POSTINGS_CAP) continue;
        const uint32_t *pa = ix->postings + ta->post, *pb = ix->postings + tb->post;
        uint32_t na = ta->post_count, nb = tb->post_count;
        if (EMB_GROW(m->hits, m->hits_cap, th->n + na)) return -1;
        size_t hn = th->n;
        /* the shorter list's names, looked for in the longer (binary search
         * on what is left of it: both ascending) */
        uint32_t lo = 0;
        for (uint32_t i = 0; i < na && lo < nb; i++) {
            uint32_t nm = pa[i], hi = nb;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (pb[mid] < nm) lo = mid + 1;
                else hi = mid;
            }
            if (lo < nb && pb[lo] == nm &&
                (!th->only_reached || ((m->reached[nm >> 6] >> (nm & 63)) & 1)))
                hit(m->acc, m->tok, m->hits, &hn, nm, EMB_SIM_JOINED_GUESS);
        }
        th->any |= na > 0;
        th->n = hn;
    }
    return 0;
}

/* The fuzzier ways in of a token, as `mode` asks: its typo search
 * (FUZZY_TYPOS, FUZZY_DEEP: also two edits) and its split in two
 * (FUZZY_SPLIT). A word the typo search found a key for within the typo
 * budget may be that typo or two words written together (SIGMATECH is
 * one edit from SIGMATEK and SIGMA TECH): the split is kept, but its
 * halves count at no more than the typo's similarity, and each has four
 * letters or more (MOB SON for MOBSON, a typo of MONSOON, led to
 * syllables' names and lost MONSOON SHIPPING LTD). At
 * EMB_SIM_JOINED_GUESS, above the typo's, every name holding either half
 * (NPOE TEKHNIKA: every NPO ...) crowded the one meant (NEOTEKHNIKA for
 * NPOETEKHNIKA) out of the candidates. */
enum { FUZZY_TYPOS = 1, FUZZY_DEEP = 2, FUZZY_SPLIT = 4 };

static int search_fuzzy(embargo_matcher *m, tok_hits *th, const emb_token *tok, unsigned mode) {
    float within = 0.0f;
    if ((mode & FUZZY_TYPOS) && tok->klen <= 40 && tok->len <= 40 && m->ix->delhash_cap) {
        if (!m->key_mask && !(m->key_mask = emb__calloc(m->ix->nkeys ? m->ix->nkeys : 1, sizeof(uint32_t))))
            return -1;
        if (search_typos(m, th, tok, (mode & FUZZY_DEEP) != 0, &within)) return -1;
    }
    if (!(mode & FUZZY_SPLIT)) return 0;
    if (within <= 0.0f) return split_keys(m, th, tok, EMB_SIM_JOINED_GUESS, 2);
    return split_keys(m, th, tok, within < EMB_SIM_JOINED_GUESS ? within : EMB_SIM_JOINED_GUESS, 4);
}

/* The memo slot of a token's fuzzier ways in: the one of its pair (two
 * slots, EMB_TYPO_MEMO_WAYS) that holds them (*held), or else the one to
 * fill: the pair's first, its old entry moved to the second, which drops
 * the older of the two. With one slot a token, two tokens of a batch that
 * met in it pushed each other out all the time: a fifth of a bench round's
 * typo searches (bench/queries.txt) were done again for that. */
static emb_typo_memo *memo_slot(emb_typo_memo *pair, const emb_token *tok, unsigned mode, int *held) {
    for (unsigned w = 0; w < EMB_TYPO_MEMO_WAYS; w++) {
        emb_typo_memo *e = &pair[w];
        if (e->len == tok->len && e->klen == tok->klen && e->mode == mode &&
            memcmp(e->text, tok->text, tok->len) == 0 && memcmp(e->key, tok->key, tok->klen) == 0) {
            *held = 1;
            return e;
        }
    }
    *held = 0;
    if (pair[0].len) pair[1] = pair[0];
    return &pair[0];
}

/* The memo pair (memo_slot) of a token's fuzzier ways in `mode`, asked for
 * from memory; NULL for a token the memo does not keep, or when it cannot
 * be allocated (*oom). The memo is 4 MB: its pairs are far apart, and were
 * waited for when the token's turn came. */
static emb_typo_memo *memo_pair(embargo_matcher *m, const emb_token *tok, unsigned mode, int *oom) {
    if (tok->len > EMB_TYPO_MEMO_LEN || tok->klen > EMB_TYPO_MEMO_LEN || tok->len == 0) return NULL;
    if (!m->typo_memo && !(m->typo_memo = emb__calloc(EMB_TYPO_MEMO, sizeof(*m->typo_memo)))) {
        *oom = 1;
        return NULL;
    }
    uint64_t h = emb__hash_seed(tok->key, tok->klen, emb__hash(tok->text, tok->len) + mode);
    emb_typo_memo *pair = &m->typo_memo[h & (EMB_TYPO_MEMO - EMB_TYPO_MEMO_WAYS)];
    /* the first entry whole (what it posted), the second's words */
    const char *p = (const char *)pair, *end = (const char *)&pair[1].key_id;
    for (; p < end; p += 64) PREFETCH(p);
    PREFETCH(end - 1);
    return pair;
}

/* search_fuzzy, or what it posted for the same token before (the memo
 * pair, memo_pair; NULL: not kept). */
static int fuzzy_keys(embargo_matcher *m, tok_hits *th, const emb_token *tok, unsigned mode,
                      emb_typo_memo *pair) {
    if (!pair) return search_fuzzy(m, th, tok, mode);
    int held;
    emb_typo_memo *e = memo_slot(pair, tok, mode, &held);
    if (held) {
        for (uint8_t k = 0; k < e->n; k++)
            if (post_term(m, th, &m->ix->keys[e->key_id[k]], e->sim[k])) return -1;
        return 0;
    }
    m->typo_rec.n = 0;
    if (search_fuzzy(m, th, tok, mode)) return -1;
    if (m->typo_rec.n > EMB_TYPO_MEMO_POSTS) {
        e->len = 0; /* the slot was made free for it (memo_slot) */
        return 0;
    }
    e->len = (uint8_t)tok->len;
    e->klen = (uint8_t)tok->klen;
    e->mode = (uint8_t)mode;
    e->n = m->typo_rec.n;
    memcpy(e->text, tok->text, tok->len);
    memcpy(e->key, tok->key, tok->klen);
    memcpy(e->key_id, m->typo_rec.key_id, e->n * sizeof(e->key_id[0]));
    memcpy(e->sim, m->typo_rec.sim, e->n * sizeof(e->sim[0]));
    return 0;
}

/* Posts list key `id` (-1: none, nothing to post). */
static int post_key(embargo_matcher *m, tok_hits *th, long id, float sim) {
    return id < 0 ? 0 : post_term(m, th, &m->ix->keys[id], sim);
}

/* The list terms a query's ways in look up (collect_candidates), looked up
 * together before any is followed (emb__index_terms): by query token its
 * key, its other readings' keys, its country's key and its phonetic
 * skeleton; by pair of adjacent tokens their joined key; by acronym run
 * (acronym_keys) its key. -1: none, or not looked up (a token that leads
 * nowhere, or not that way). */
typedef struct query_terms {
    long key[EMBARGO_MAX_QUERY_TOKENS];
    long akey[EMBARGO_MAX_QUERY_TOKENS][EMB_ALT_KEYS];
    long country[EMBARGO_MAX_QUERY_TOKENS];
    long phon[EMBARGO_MAX_QUERY_TOKENS];
    long joined[EMBARGO_MAX_QUERY_TOKENS];
    long acronym[4 * EMBARGO_MAX_QUERY_TOKENS]; /* (ACRONYM_RUNS) */
    emb_typo_memo *memo[EMBARGO_MAX_QUERY_TOKENS]; /* by token, its memo pair
                                  (memo_pair; NULL: none) */
} query_terms;

/* The fuzzier ways in (search_fuzzy) token t takes, its key `id`: typos
 * (two edits in the rarest word), and written together (SergeiLavrov),
 * only for words the index does not know as they are. */
static unsigned fuzzy_mode(const emb_token *t, long id, int typos, int rarest) {
    return (typos ? FUZZY_TYPOS : 0) | (typos && rarest ? FUZZY_DEEP : 0) |
           (id < 0 && t->len >= 6 ? FUZZY_SPLIT : 0);
}

/* Whether u and t are given names of one group (equiv.h: Joseph, Iosif),
 * which the scorer pairs at EMB_SIM_GIVEN_EQUIV (score.c, orig_sim) and the
 * index does not key together. */
static int same_given(const emb_token *u, const emb_token *t) {
    return u->orig && u->orig == t->orig && EMB_MARK_SCRIPT(u->orig) == 0;
}

/* Words that are not names (titles, particles, connecting words, legal
 * forms, initials) lead nowhere by themselves: a match needs a substantive
 * token anyway. */
#define NOT_LEADING (EMB_TOK_INITIAL | EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_TITLE | EMB_TOK_PARTICLE)

/* Collects candidate names for one query token, whose key is index key
 * `id` (-1: none), into th. */
static int token_candidates(embargo_matcher *m, tok_hits *th, const emb_token *t,
                            const query_terms *qt, uint32_t i, int typos, int rarest) {
    const embargo_index *ix = m->ix;
    long id = qt->key[i];
    if (t->flags & NOT_LEADING) return 0;
    if (post_key(m, th, id, 1.0f)) return -1;
    for (int r = 0; r < EMB_ALT_KEYS && t->aklen[r]; r++) /* German, French readings */
        if (post_key(m, th, qt->akey[i][r], 1.0f)) return -1;
    if (t->flags & EMB_TOK_NUMBER) return 0;
    if (post_key(m, th, qt->country[i], 1.0f)) return -1; /* the country in any form */
    m->post_cap = FUZZY_POSTINGS_CAP; /* fuzzier ways in never follow a common key */
    if (qt->phon[i] >= 0 && post_term(m, th, &ix->phons[qt->phon[i]], 0.85f)) return -1;
    if (id >= 0 && t->len >= GLUED_LEN && ix->keys[id].post_count <= SPLIT_KNOWN_RARE && split_known(m, th, t))
        return -1;
    unsigned mode = fuzzy_mode(t, id, typos, rarest);
    return mode ? fuzzy_keys(m, th, t, mode, qt->memo[i]) : 0;
}


typedef struct scored {
    uint32_t name;
    float acc;                 /* the estimate the ranking went by */
    float sum;                 /* the evidence it was made of; < 0: score anyway */
    uint32_t led;              /* the query tokens that led to it (emb_name_acc) */
    uint32_t bounded;          /* its estimate is below the floor: only bound()
                                  kept it (may_pair) */
} scored;

/* Keeps the `cap` best candidates in a min-heap on acc. */
static void heap_push(scored *h, size_t *n, size_t cap, scored v) {
    size_t i;
    if (*n < cap) {
        i = (*n)++;
        while (i > 0 && h[(i - 1) / 2].acc > v.acc) {
            h[i] = h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        h[i] = v;
        return;
    }
    if (v.acc <= h[0].acc) return;
    i = 0; /* replace the root and sift down */
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        float mv = v.acc;
        if (l < *n && h[l].acc < mv) { m = l; mv = h[l].acc; }
        if (r < *n && h[r].acc < mv) m = r;
        if (m == i) break;
        h[i] = h[m];
        i = m;
    }
    h[i] = v;
}

/* An optimistic estimate of the score of a name that query tokens of
 * similarity-weighted weight `acc` reached, out of the query's `total`,
 * when the name's own tokens weigh `name_total`: the pairs as found, the
 * rest of either side only missing, at the scorer's cheapest costs
 * (EMB_EXTRA_QUERY, EMB_EXTRA_NAME); with `open_ended` (a query word the
 * index does not know, which may be an acronym of the name's other words)
 * the name's unpaired words cost nothing. It ranks candidates and drops
 * those that cannot come near the threshold. */
static double estimate(double acc, double total, double name_total, int open_ended) {
    if (acc <= 0) return 0;
    double rest_q = total > acc ? total - acc : 0;
    double rest_c = name_total > acc ? name_total - acc : 0;
    if (open_ended) rest_c = 0; /* an unknown word may stand for many (FSUE) */
    return 2 * acc / (2 * acc + EMB_EXTRA_QUERY * rest_q + EMB_EXTRA_NAME * rest_c);
}

/* The least acc whose best estimate (estimate(acc, total, 0, 1)) may reach
 * floor, a hair lower than the exact bound so that rounding cannot drop a
 * name that estimate() would keep; -1 when any acc may (a floor of 0 or
 * less). Most names a query reaches fall short of it, and are told apart
 * without the division. */
static double least_acc(double total, double floor) {
    double e = EMB_EXTRA_QUERY;
    if (!(floor > 0 && floor < 1 && e > 0)) return -1;
    /* 2a / (2a + e (total - a)) >= floor, solved for a */
    return floor * e * total / (2 * (1 - floor) + floor * e) * (1 - 1e-9);
}

/* What the query's word i weighs where the bounds below count what leaving
 * it unpaired costs (EMB_EXTRA_QUERY of it): its weight, but a country's
 * that may say where an organisation is (PKK Iran ~ PKK:
 * emb__country_placed_shape), which then costs as a country phrase does at
 * most, or as a word around a quoted name (score_org.c, emb__org_least). */
static inline double country_omitted(const emb_tokens *q, uint32_t i) {
    const emb_token *t = &q->tok[i];
    if (!(t->flags & EMB_TOK_COUNTRY) || !emb__country_placed_shape(q, i)) return t->weight;
    double c = EMB_EXTRA_DESCRIPTIVE * EMB_WEIGHT_COUNTRY, a = EMB_EXTRA_DESCRIPTIVE * EMB_GENERIC_FACTOR * t->weight;
    double least = (a < c ? a : c) / EMB_EXTRA_QUERY;
    return least < t->weight ? least : t->weight;
}

/* What the scorer (score.c) can give at most, where estimate() ranks: the
 * query words that may pair weigh `paired` (at most their similarity times
 * their weight), the others cost EMB_EXTRA_QUERY of `unpaired`, their
 * omission weight (a patronymic half its weight, which estimate() charges
 * in full); the name's words EMB_EXTRA_NAME of what the pairs leave of
 * `name_total`. Contradictions and doubt cost more and are left out. The
 * list side of a pair is counted as weighing what the query side does; a
 * list surname weighs 1.3 times the same word elsewhere (text/name.c), but
 * counting that doubled the names scored (for none found on the
 * evaluations), so this is a bound in all but that. */
static double bound(double paired, double unpaired, double name_total) {
    if (paired <= 0) return 0;
    double pc = paired < name_total ? paired : name_total;
    double agree = paired + pc;
    return agree / (agree + EMB_EXTRA_QUERY * unpaired + EMB_EXTRA_NAME * (name_total - pc));
}

/* bound() with `titles` of the query's titles paired too. A title weighs
 * TITLE_WEIGHT (text/name.c) and costs nothing unpaired, but its partner
 * may be a word of the name spelt as it is, which is no title there and
 * weighs as any word (Haji ~ NOORZAI, Hajji Faizullah Khan: 0.10 + 0.77);
 * that word is counted, as bound() counts a pair's list side, as weighing
 * what the title would as a word: `title_w`, their weights so. (Counting
 * them at TITLE_WEIGHT, NOORZAI, Hajji Faizullah Khan was pruned at the
 * default threshold for Haji Noorzai, and found at 0.856 below it.) */
#define TITLE_WEIGHT 0.1
static double bound_titles(double paired, double unpaired, double name_total, unsigned titles,
                           double title_w) {
    if (!titles) return bound(paired, unpaired, name_total);
    if (paired <= 0) return 0;
    double pc = paired + title_w;
    if (pc > name_total) pc = name_total;
    double agree = paired + pc + TITLE_WEIGHT * titles;
    return agree / (agree + EMB_EXTRA_QUERY * unpaired + EMB_EXTRA_NAME * (name_total - pc));
}

/* Whether a ranks before b: best score first, then entity order (a total
 * order: an entity is matched once). */
static int match_before(const embargo_match *a, const embargo_match *b) {
    if (a->score != b->score) return a->score > b->score;
    return a->entity.index < b->entity.index;
}

/* Sorts the few matches of a query by insertion (qsort's call and
 * comparisons through a pointer cost more for so few). */
static void sort_matches(embargo_match *v, size_t n) {
    for (size_t i = 1; i < n; i++) {
        if (!match_before(&v[i], &v[i - 1])) continue;
        embargo_match t = v[i];
        size_t j = i;
        do {
            v[j] = v[j - 1];
            j--;
        } while (j > 0 && match_before(&t, &v[j - 1]));
        v[j] = t;
    }
}

/* ---- evidence beyond the name --------------------------------------------- */

#define EVIDENCE_AGREE 0.02
#define BIRTH_DISAGREE 0.15
#define COUNTRY_DISAGREE 0.10
/* A name this strong is never pushed below the threshold by a birth date
 * or country that differs: a namesake with the listed name is for a
 * person to look at; the note says what differed. */
#define STRONG_NAME 0.90

/* What the caller knows beyond the name, read once per screen. */
typedef struct evidence {
    int year;                  /* birth year, or 0 */
    char date[11];             /* the full birth date "YYYY-MM-DD", or "" */
    const char *countries;     /* alpha-2 codes (country.h), or NULL */
} evidence;

/* Reads opts' birth date and country; EMBARGO_EQUERY with m->message for
 * one that is not a date or names no country: an unknown country must not
 * silently count as a mismatch. */
static embargo_status read_evidence(embargo_matcher *m, const embargo_screen_options *o,
                                    evidence *ev) {
    memset(ev, 0, sizeof(*ev));
    if (o->birth_date && *o->birth_date) {
        const char *d = o->birth_date;
        size_t n = strlen(d);
        int y = 0;
        size_t len = emb__iso_date_valid(d, n, &y);
        if (!len || len != n) {
            snprintf(m->message, sizeof(m->message),
                     "birth date \"%.40s\" is not a date (ISO 8601: 1962, 1962-09 or 1962-09-17)", d);
            return EMBARGO_EQUERY;
        }
        ev->year = y;
        if (len == 10) memcpy(ev->date, d, 11);
    }
    if (o->country && *o->country) {
        ev->countries = emb__country_codes(o->country, strlen(o->country));
        if (!ev->countries) {
            snprintf(m->message, sizeof(m->message),
                     "unknown country \"%.60s\" (give an ISO 3166 code, an English name or a "
                     "nationality such as Russian)", o->country);
            return EMBARGO_EQUERY;
        }
    }
    return EMBARGO_OK;
}

/* Adjusts a name score s by the birth date and country the caller gave,
 * against what the list says; appends what it found to `note`. */
static double weigh_evidence(const embargo_index *ix, uint32_t entity, const evidence *ev,
                             double threshold, double s, char *note, size_t cap) {
    const emb_ix_entity *e = &ix->entities[entity];
    size_t end;
    int dates = 0, date_ok = 0, date_same = 0, places = 0, place_ok = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        const emb_ix_field *f = &ix->fields[e->first_field + i];
        const char *t = ix->strings + f->text;
        if (ev->year && f->kind == EMBARGO_FIELD_BIRTH_DATE) {
            int y = emb__year_at(t, f->len, &end);
            if (!y) continue;
            dates++;
            /* ranges ("1962/1965") and circa: any year within one */
            int y2 = emb__year_at(t + end, f->len - end, &end);
            int lo = y, hi = y2 > y ? y2 : y;
            if (strstr(t, "circa")) { lo -= 2; hi += 2; }
            if (ev->year >= lo && ev->year <= hi) date_ok = 1;
            if (ev->date[0] && emb__iso_date10(t, f->len) && memcmp(t, ev->date, 10) == 0) date_same = 1;
        } else if (ev->countries && (f->kind == EMBARGO_FIELD_NATIONALITY ||
                                     f->kind == EMBARGO_FIELD_CITIZENSHIP ||
                                     f->kind == EMBARGO_FIELD_COUNTRY)) {
            const char *codes = emb__country_codes(t, f->len);
            if (!codes) continue; /* "former Soviet Union": says nothing */
            places++;
            if (emb__country_overlap(codes, ev->countries)) place_ok = 1;
        }
    }
    double name = s;
    size_t used = strlen(note);
    if (dates) {
        s += date_ok ? EVIDENCE_AGREE : -BIRTH_DISAGREE;
        snprintf(note + used, cap - used, "%s%s", used ? "; " : "",
                 date_same ? "birth date agrees" : date_ok ? "birth year agrees" : "birth year differs");
        used = strlen(note);
    }
    if (places) {
        s += place_ok ? EVIDENCE_AGREE : -COUNTRY_DISAGREE;
        snprintf(note + used, cap - used, "%scountry %s", used ? "; " : "", place_ok ? "agrees" : "differs");
        used = strlen(note);
    }
    if (s < threshold && name >= STRONG_NAME && name >= threshold) {
        s = threshold;
        snprintf(note + used, cap - used, "%skept at the threshold: the name matches strongly (%.2f)",
                 used ? "; " : "", name);
    }
    return s < 0 ? 0 : s > 1 ? 1 : s;
}

/* Whether a query word of 3-6 letters is the initials of a run of the
 * name's words (as score.c pairs acronyms: connecting words passed over, and
 * legal forms unless they give the next letter). */
/* Whether some query word of 3-6 letters has only letters that begin words
 * of name n, as an acronym of its words would: most names are told apart
 * here, before their tokens (far apart in memory) are read. The words'
 * letters are spell[0, nspell), as spell_masks collects them once a query. */
static int may_spell(const emb_ix_name *n, const uint32_t *spell, uint32_t nspell) {
    for (uint32_t k = 0; k < nspell; k++)
        if ((spell[k] & ~n->initials) == 0) return 1;
    return 0;
}

static uint32_t spell_masks(const emb_tokens *q, uint32_t *spell) {
    uint32_t n = 0;
    for (uint32_t k = 0; k < q->n; k++)
        if (q->tok[k].len >= 3 && q->tok[k].len <= 6) spell[n++] = q->tok[k].tmask;
    return n;
}

static int has_acronym(const embargo_index *ix, uint32_t name, const emb_tokens *q,
                       const uint32_t *spell, uint32_t nspell) {
    const emb_ix_name *n = &ix->names[name];
    if (!may_spell(n, spell, nspell)) return 0;
    const emb_ix_token *tokens = ix->tokens + n->first_token;
    uint32_t nt = n->token_count; /* at most EMB_NAME_MAX_TOKENS (open.c) */
    /* the name's first letters and flags, read once: the loops below read
     * them for every query word and every start */
    char first[EMB_NAME_MAX_TOKENS];
    uint16_t flags[EMB_NAME_MAX_TOKENS];
    for (uint32_t i = 0; i < nt; i++) {
        first[i] = ix->strings[tokens[i].text];
        flags[i] = tokens[i].flags;
    }
    for (uint32_t k = 0; k < q->n; k++) {
        const emb_token *t = &q->tok[k];
        if (t->len < 3 || t->len > 6) continue;
        for (uint32_t j = 0; j < nt; j++) {
            uint32_t got = 0;
            for (uint32_t i = j; i < nt && got < t->len; i++) {
                if ((flags[i] & EMB_TOK_STOP) || ((flags[i] & EMB_TOK_LEGAL) && first[i] != t->text[got]))
                    continue;
                if (first[i] != t->text[got]) break;
                got++;
                /* a country phrase gives the initials of its words
                 * (Islamic Republic of Iran: IRI, of IRISL; connecting
                 * words are not told apart here, which only errs towards
                 * keeping a name) */
                if (flags[i] & EMB_TOK_COUNTRY) {
                    const char *s = ix->strings + tokens[i].text;
                    for (uint32_t c = 1; c < tokens[i].len && got < t->len; c++)
                        if (s[c - 1] == ' ' && s[c] == t->text[got]) got++;
                }
            }
            if (got == t->len) return 1;
        }
    }
    return 0;
}

static int type_allowed(const embargo_screen_options *o, uint8_t type) {
    return o->type_mask == 0 || (o->type_mask & (1u << type)) || type == EMBARGO_TYPE_UNKNOWN;
}

static int list_allowed(const embargo_screen_options *o, uint16_t list) {
    return o->list_mask == 0 || (list < 64 && (o->list_mask >> list) & 1);
}

/* ---- the phases of a screen ------------------------------------------------ */

#define TITLE_TERMS 8           /* list terms of the query's titles, at most (mark_titles) */

/* One screen's state as it passes from phase to phase. */
typedef struct screen_run {
    embargo_matcher *m;
    const embargo_index *ix;
    const embargo_screen_options *o;
    emb_tokens q;
    size_t ntouched;           /* names in m->touched with evidence in m->acc */
    float unknown;             /* weight of query tokens the index knows nothing of */
    uint32_t unknown_mask;     /* the same tokens, by query position */
    double total;              /* the query's weight but for titles */
    double least;              /* the least evidence a name needs (least_acc) */
    uint32_t q_initials;       /* the first letters of the query's words */
    double om_total;           /* the sum of qom */
    uint32_t all;              /* a bit per query word */
    uint32_t titles, stops;    /* the query's titles and connecting words, by position */
    uint32_t glued;            /* its words that may be two written together (may_reach) */
    evidence ev;               /* birth date and country the caller gave */
    unsigned ntitles;          /* the query's titles the index has a word for (mark_titles) */
    uint32_t title_letters;    /* their first letters */
    double title_w;            /* their weights as words (bound_titles) */
    uint32_t nterms;           /* the list terms of their words */
    size_t ntop;
    long rare_key;             /* index key of the query's rarest word, or -1 */
    uint32_t keyless;          /* query words the index has no key for as written
                                  (typos, spellings it does not key), by position */
    uint32_t rare_letters;     /* when rare_key is not the rarest word's: the first
                                  letters of the words it has no key for */
    size_t nmatch;             /* matches in m->matches */
    /* the arrays, written before they are read (not cleared: screen_clear) */
    float qw[EMBARGO_MAX_QUERY_TOKENS];  /* per query word: its weight (titles 0) and */
    float qom[EMBARGO_MAX_QUERY_TOKENS]; /* what leaving it unpaired costs (bound) */
    const emb_ix_term *title_terms[TITLE_TERMS]; /* the list terms of the titles' words */
    scored top[CANDIDATES + RARE_SURE]; /* the best names by estimate, a min-heap,
                                  then the names of rare_key it left out */
} screen_run;

/* Clears a screen's state but for its arrays (qw on): 1.5 KB that were
 * cleared for every query. */
static void screen_clear(screen_run *r) {
    memset(r, 0, offsetof(screen_run, qw));
}

/* On a large index the postings of a common name (John, Mohammed) run to
 * hundreds of thousands: only the query's rarest word follows them all; the
 * others lead only through keys of at most POSTINGS_CAP names (a candidate
 * still gets their pairing when it is scored in full). */
/* ids[i] is the index key of query token i (-1: none, or a token that
 * leads nowhere: query_terms). */
static uint32_t rarest_token(const embargo_index *ix, const emb_tokens *q, const long *ids) {
    uint32_t rarest = 0, rarest_count = UINT32_MAX;
    for (uint32_t i = 0; i < q->n; i++) {
        const emb_token *t = &q->tok[i];
        if (t->flags & NOT_LEADING) continue;
        long id = ids[i];
        uint32_t cnt = id >= 0 ? ix->keys[id].post_count : 0;
        if (cnt < rarest_count) {
            rarest_count = cnt;
            rarest = i;
        }
    }
    return rarest;
}

/* Adds what the token found of name nm (tok[nm]) to its evidence. */
static inline void add_hit(emb_name_acc *acc, float *tok, uint32_t *touched, size_t *nt, uint32_t nm,
                           float w, uint32_t led) {
    emb_name_acc *a = &acc[nm];
    if (is_zero(a->sum)) touched[(*nt)++] = nm;
    a->sum += w * tok[nm];
    a->led |= led;
    tok[nm] = 0;
}

/* Adds what one query token (or run of them, `led`) of weight w found, in
 * th, to the names' evidence. */
static void add_hits(screen_run *r, tok_hits *th, float w, uint32_t led) {
    embargo_matcher *m = r->m;
    emb_name_acc *acc = m->acc;
    float *tok = m->tok;
    const uint32_t *hits = m->hits;
    uint32_t *touched = m->touched;
    size_t k = th->start, n = th->n, nt = r->ntouched;
    /* (the names' tok entries are at hand: hit() read them just now) */
    for (; k + POST_AHEAD < n; k++) { /* the tail, below, has nothing to ask for */
        PREFETCH(&acc[hits[k + POST_AHEAD]]);
        add_hit(acc, tok, touched, &nt, hits[k], w, led);
    }
    for (; k < n; k++) add_hit(acc, tok, touched, &nt, hits[k], w, led);
    r->ntouched = nt;
}

/* Written as an acronym on the list (AO NII VEKTOR for AKTSIONERNOE
 * OBSHCHESTVO NAUCHNO-ISSLEDOVATELSKII INSTITUT VEKTOR): the first letters
 * of each run of three to six words of an organisation's name (connecting
 * words passed over, as score.c's pair_acronyms does) as a key. The scorer
 * counts such a run at half its weight and EMB_SIM_ACRONYM; so does the
 * evidence here. Only for a query that says it names an organisation (a
 * legal form, a generic word): a person's initials are read as initials. */
enum { ACRONYM_RUNS = 4 * EMBARGO_MAX_QUERY_TOKENS };

/* The runs' keys, each posted once, for its longest run: keys fold letters
 * (RRI and RII are both the key ri), and a key posted for several runs
 * gave its names the evidence of all of them. */
typedef struct acronym_keys {
    char key[ACRONYM_RUNS][EMB_ROMKEY_CAP(6)];
    size_t klen[ACRONYM_RUNS];
    float w[ACRONYM_RUNS];     /* the weight of the run's words */
    uint32_t led[ACRONYM_RUNS];
    size_t n;
} acronym_keys;

static void acronym_runs(const emb_tokens *q, acronym_keys *ak) {
    int org = 0;
    ak->n = 0;
    for (uint32_t i = 0; i < q->n; i++)
        if (q->tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_GENERIC)) org = 1;
    if (!org) return;
    for (uint32_t s = 0; s < q->n; s++) {
        if (q->tok[s].flags & (EMB_TOK_STOP | EMB_TOK_TITLE | EMB_TOK_NUMBER | EMB_TOK_LEGAL)) continue;
        char letters[6], key[EMB_ROMKEY_CAP(6)];
        size_t n = 0;
        uint32_t led = 0;
        float w = 0;
        for (uint32_t k = s; k < q->n && n < sizeof(letters); k++) {
            const emb_token *t = &q->tok[k];
            if (t->flags & EMB_TOK_STOP) continue;
            if (t->flags & (EMB_TOK_TITLE | EMB_TOK_NUMBER | EMB_TOK_LEGAL)) break;
            letters[n++] = t->text[0];
            led |= 1u << k;
            w += t->weight;
            if (n < 3) continue;
            size_t kl = emb__romkey(letters, n, key), j;
            for (j = 0; j < ak->n && !(ak->klen[j] == kl && memcmp(ak->key[j], key, kl) == 0); j++) {}
            if (j == ak->n) {
                if (ak->n == ACRONYM_RUNS) continue;
                memcpy(ak->key[ak->n], key, kl);
                ak->klen[ak->n++] = kl;
            } else if (w <= ak->w[j]) {
                continue;
            }
            ak->w[j] = w;
            ak->led[j] = led;
        }
    }
}

/* A way in of the query: a token, two adjacent tokens written together
 * (Patr ushev), or a run's initials (acronym_keys). Their evidence is added
 * to the names in this order, as listed: tokens, pairs, acronyms. */
enum { WAY_TOKEN, WAY_JOINED, WAY_ACRONYM };

typedef struct way {
    uint8_t kind;
    uint8_t first;             /* gathered before the others (collect_candidates) */
    uint8_t unknown;           /* a token that counts as unknown (UNKNOWN_SIM) */
    uint32_t i;                /* the token, the first of the two, or the run */
    float w;                   /* what a name gains per similarity */
    uint32_t led;              /* the query tokens it stands for */
    size_t start, n;           /* a first way's hits: m->hits, m->hit_sim */
} way;

/* Collects the names one way in reaches into th. */
static int gather_way(screen_run *r, tok_hits *th, const way *wy, const query_terms *qt,
                      uint32_t rarest, int typos) {
    embargo_matcher *m = r->m;
    switch (wy->kind) {
    case WAY_TOKEN:
        m->post_cap = wy->i == rarest ? UINT32_MAX : POSTINGS_CAP;
        return token_candidates(m, th, &r->q.tok[wy->i], qt, wy->i, typos, wy->i == rarest);
    case WAY_JOINED: /* written apart (Patr ushev): adjacent query tokens joined */
        m->post_cap = POSTINGS_CAP;
        return post_key(m, th, qt->joined[wy->i], EMB_SIM_JOINED_GUESS);
    default:
        m->post_cap = FUZZY_POSTINGS_CAP;
        return post_key(m, th, qt->acronym[wy->i], EMB_SIM_ACRONYM);
    }
}

/* Looks up every term the query's ways in will follow (query_terms), as
 * the ways did one by one, but all at once. */
static void look_up_terms(screen_run *r, const acronym_keys *ak, query_terms *qt) {
    const emb_tokens *q = &r->q;
    enum { ASKS = EMBARGO_MAX_QUERY_TOKENS * (EMB_ALT_KEYS + 4) + ACRONYM_RUNS };
    emb_term_ask asks[ASKS];
    long *to[ASKS];
    char ck[EMBARGO_MAX_QUERY_TOKENS][4];
    char jk[EMBARGO_MAX_QUERY_TOKENS][EMB_ROMKEY_CAP(2 * EMB_TOKEN_MAX)];
    size_t n = 0;
#define ASK(dst, str, slen, in_phons) \
    (asks[n] = (emb_term_ask){(str), (uint32_t)(slen), (in_phons), 0, -1}, to[n++] = (dst))
    for (uint32_t i = 0; i < q->n; i++) {
        const emb_token *t = &q->tok[i];
        qt->key[i] = qt->country[i] = qt->phon[i] = -1;
        for (int k = 0; k < EMB_ALT_KEYS; k++) qt->akey[i][k] = -1;
        if (t->flags & NOT_LEADING) continue;
        ASK(&qt->key[i], t->key, t->klen, 0);
        for (int k = 0; k < EMB_ALT_KEYS && t->aklen[k]; k++) /* German, French readings */
            ASK(&qt->akey[i][k], t->akey[k], t->aklen[k], 0);
        if (t->flags & EMB_TOK_NUMBER) continue;
        size_t cl = emb__country_token_key(t, ck[i]); /* the country in any form */
        if (cl) ASK(&qt->country[i], ck[i], cl, 0);
        if (t->plen >= 3) ASK(&qt->phon[i], t->phon, t->plen, 1);
    }
    for (uint32_t i = 0; i + 1 < q->n; i++) {
        /* memoised: the same pairs come back (Abdul Rahman, Al Hassan) */
        size_t kl = emb__name_memo_joined_key(r->m->memo, &q->tok[i], &q->tok[i + 1], jk[i]);
        ASK(&qt->joined[i], jk[i], kl, 0);
    }
    for (size_t j = 0; j < ak->n; j++) ASK(&qt->acronym[j], ak->key[j], ak->klen[j], 0);
#undef ASK
    emb__index_terms(r->ix, asks, n);
    for (size_t k = 0; k < n; k++) *to[k] = asks[k].id;
}

/* Whether a token that reached names th (or none) counts as unknown to the
 * index. Dotted initials written together (R.P. Ayeras) may lead to a word
 * (an acronym) and yet stand for a name's given names (Ricardo Perez): for
 * every other name they count as unknown too. */
static int token_unknown(const emb_token *t, const tok_hits *th) {
    return (th->n == th->start && !th->any && !(t->flags & (EMB_TOK_TITLE | EMB_TOK_STOP))) ||
           (t->flags & EMB_TOK_DOTTED);
}

/* The most the evidence of a token (a later way in) can add to a name's
 * acc (rank_candidates): its weight at a similarity of at most 1 where it
 * leads, and UNKNOWN_SIM of it for every name if it is dotted; an unknown
 * token adds UNKNOWN_SIM of it and leads nowhere. */
static double later_bound(const emb_token *t) {
    return t->weight + ((t->flags & EMB_TOK_DOTTED) ? UNKNOWN_SIM * t->weight : 0);
}

/* MaxScore (Turtle and Flood 1995), keeping every result: a name the first
 * ways in did not reach gets only the later ones' evidence, and when that
 * cannot lift it to `least` the ranking drops it anyway. So the costliest
 * tokens (their key leads to the most names) are made later ways while
 * their bounds together, with UNKNOWN_SIM of every first token that may
 * reach nothing, stay below `least` (with a margin for float rounding). The
 * first ways are gathered first; the later ones then only update the names
 * the first reached (collect_candidates checks the bound again, exactly).
 * Marks the later ways (first = 0) and returns how many there are. */
#define LATER_MARGIN 1e-4
static size_t choose_later(screen_run *r, way *ways, const long *ids, uint32_t rarest) {
#ifdef EMB_FIT
    (void)r, (void)ways, (void)ids, (void)rarest;
    return 0; /* fitted similarities may exceed 1 */
#else
    const embargo_index *ix = r->ix;
    const emb_tokens *q = &r->q;
    if (!(r->least > 0)) return 0;
    double unk = 0, later = 0;
    uint64_t cost[EMBARGO_MAX_QUERY_TOKENS];
    for (uint32_t i = 0; i < q->n; i++) {
        const emb_token *t = &q->tok[i];
        uint32_t cnt = ids[i] >= 0 ? ix->keys[ids[i]].post_count : 0;
        int followed = cnt > 0 && (cnt <= POSTINGS_CAP || i == rarest);
        cost[i] = followed && t->weight >= 0 ? cnt : 0;
        if ((t->flags & EMB_TOK_DOTTED) || (!followed && !(t->flags & (EMB_TOK_TITLE | EMB_TOK_STOP))))
            unk += UNKNOWN_SIM * t->weight; /* may count as unknown */
    }
    size_t nlater = 0;
    for (;;) {
        uint32_t best = UINT32_MAX;
        for (uint32_t i = 0; i < q->n; i++)
            if (cost[i] && (best == UINT32_MAX || cost[i] > cost[best])) best = i;
        if (best == UINT32_MAX) break;
        cost[best] = 0;
        const emb_token *t = &q->tok[best];
        double unk_rest = unk - ((t->flags & EMB_TOK_DOTTED) ? UNKNOWN_SIM * t->weight : 0);
        double b = later + later_bound(t) + unk_rest;
        if (b * (1 + LATER_MARGIN) >= r->least) continue;
        later += later_bound(t);
        unk = unk_rest;
        ways[best].first = 0; /* ways[i] is token i */
        nlater++;
    }
    return nlater;
#endif
}

/* Adds what a first way in found (stored) to the names' evidence, as
 * add_hits would have. */
static void add_stored(screen_run *r, const way *wy) {
    embargo_matcher *m = r->m;
    emb_name_acc *acc = m->acc;
    const uint32_t *hits = m->hits;
    const float *sim = m->hit_sim;
    uint32_t *touched = m->touched;
    size_t nt = r->ntouched, end = wy->start + wy->n;
    float w = wy->w;
    uint32_t led = wy->led;
    size_t k = wy->start;
    for (; k + POST_AHEAD < end; k++) { /* the tail, below, has nothing to ask for */
        PREFETCH(&acc[hits[k + POST_AHEAD]]);
        emb_name_acc *a = &acc[hits[k]];
        if (is_zero(a->sum)) touched[nt++] = hits[k];
        a->sum += w * sim[k];
        a->led |= led;
    }
    for (; k < end; k++) {
        emb_name_acc *a = &acc[hits[k]];
        if (is_zero(a->sum)) touched[nt++] = hits[k];
        a->sum += w * sim[k];
        a->led |= led;
    }
    r->ntouched = nt;
}

/* Forgets the names marked as reached: those of hits[0, n). */
static void clear_reached(embargo_matcher *m, size_t n) {
    for (size_t k = 0; k < n; k++) m->reached[m->hits[k] >> 6] = 0;
}

/* Phase 1, candidates: every query token, and every pair of adjacent ones
 * written together, leads through the index to names; each name collects
 * the weighted similarity of the tokens that reach it (m->acc[].sum), in
 * the order of the ways in (way). The first ways in are gathered first and
 * their hits kept; then, way by way in order, their hits are added and the
 * later ways gathered and added, passing over the names no first way
 * reached when that is safe (choose_later). */
static int collect_candidates(screen_run *r) {
    embargo_matcher *m = r->m;
    const emb_tokens *q = &r->q;
    double total = 0;
    for (uint32_t i = 0; i < q->n; i++)
        if (!(q->tok[i].flags & EMB_TOK_TITLE)) total += country_omitted(q, i);
    r->total = total;
    r->least = least_acc(total, r->o->threshold - PRUNE_MARGIN);
    int typos = !(r->o->flags & EMBARGO_SCREEN_NO_TYPO_SEARCH);
    acronym_keys ak;
    acronym_runs(q, &ak);
    query_terms qt;
    look_up_terms(r, &ak, &qt);
    const long *ids = qt.key;
    uint32_t rarest = rarest_token(r->ix, q, ids);
    int oom = 0;
    for (uint32_t i = 0; i < q->n; i++) { /* the tokens that reach fuzzy_keys */
        const emb_token *t = &q->tok[i];
        unsigned mode = fuzzy_mode(t, ids[i], typos, i == rarest);
        qt.memo[i] = !(t->flags & (NOT_LEADING | EMB_TOK_NUMBER)) && mode ? memo_pair(m, t, mode, &oom) : NULL;
    }
    if (oom) return -1;
    r->rare_key = q->n ? ids[rarest] : -1;
    for (uint32_t i = 0; i < q->n; i++) {
        if (ids[i] < 0 && !(q->tok[i].flags & NOT_LEADING)) r->keyless |= 1u << i;
        /* a word that may be two written together (may_reach): long, and
         * no word of the lists' or a rare one (as split_known has it) */
        if (q->tok[i].len >= GLUED_LEN && !(q->tok[i].flags & NOT_LEADING) &&
            (ids[i] < 0 || r->ix->keys[ids[i]].post_count <= SPLIT_KNOWN_RARE))
            r->glued |= 1u << i;
    }
    /* The rarest word not in the index as written (a typo beyond the typo
     * search: Dario KROIC ~ KORDIC, Dario) leads to no names of its own: the
     * names of the rarest word that is (add_rare_names), those with a word of
     * each such word's first letter. */
    for (uint32_t i = 0; q->n && ids[rarest] < 0 && i < q->n; i++) {
        if (ids[i] < 0 && !(q->tok[i].flags & NOT_LEADING))
            r->rare_letters |= emb__letter_mask(q->tok[i].text, 1);
        else if (ids[i] >= 0 && (r->rare_key < 0 || r->ix->keys[ids[i]].post_count <
                                                        r->ix->keys[r->rare_key].post_count))
            r->rare_key = ids[i];
    }
    way ways[2 * EMBARGO_MAX_QUERY_TOKENS + ACRONYM_RUNS];
    size_t nw = 0;
    for (uint32_t i = 0; i < q->n; i++)
        ways[nw++] = (way){WAY_TOKEN, 1, 0, i, q->tok[i].weight, 1u << i, 0, 0};
    for (uint32_t i = 0; i + 1 < q->n; i++)
        ways[nw++] = (way){WAY_JOINED, 1, 0, i, q->tok[i].weight + q->tok[i + 1].weight, 3u << i, 0, 0};
    for (uint32_t j = 0; j < ak.n; j++)
        ways[nw++] = (way){WAY_ACRONYM, 1, 0, j, 0.5f * ak.w[j], ak.led[j], 0, 0};
    size_t nlater = choose_later(r, ways, ids, rarest);
    tok_hits th = {0};
    size_t stored = 0; /* m->hits[0, stored): the first ways' hits */
    int only_reached = 0;
    if (nlater) {
        double unk = 0, later = 0;
        for (size_t k = 0; k < nw; k++) {
            way *wy = &ways[k];
            if (!wy->first) {
                later += later_bound(&q->tok[wy->i]);
                continue;
            }
            th = (tok_hits){stored, stored, 0, 0};
            if (gather_way(r, &th, wy, &qt, rarest, typos) ||
                EMB_GROW(m->hit_sim, m->hit_sim_cap, th.n)) {
                for (size_t h = th.start; h < th.n; h++) m->tok[m->hits[h]] = 0;
                clear_reached(m, stored);
                return -1;
            }
            if (wy->kind == WAY_TOKEN && token_unknown(&q->tok[wy->i], &th)) {
                wy->unknown = 1;
                unk += UNKNOWN_SIM * wy->w;
            }
            for (size_t h = th.start; h < th.n; h++) {
                uint32_t nm = m->hits[h];
                m->hit_sim[h] = m->tok[nm];
                m->tok[nm] = 0;
                m->reached[nm >> 6] |= (uint64_t)1 << (nm & 63);
            }
            wy->start = th.start;
            wy->n = th.n - th.start;
            stored = th.n;
        }
        /* the bound again, with what the first ways found unknown */
        only_reached = (later + unk) * (1 + LATER_MARGIN) < r->least;
    }
    for (size_t k = 0; k < nw; k++) {
        way *wy = &ways[k];
        if (wy->first && nlater) {
            add_stored(r, wy);
        } else {
            th = (tok_hits){stored, stored, only_reached, 0};
            if (gather_way(r, &th, wy, &qt, rarest, typos)) { /* out of memory: leave acc clean */
                for (size_t h = th.start; h < th.n; h++) m->tok[m->hits[h]] = 0;
                clear_reached(m, stored);
                return -1;
            }
            if (wy->kind == WAY_TOKEN) wy->unknown = (uint8_t)token_unknown(&q->tok[wy->i], &th);
            add_hits(r, &th, wy->w, wy->led);
        }
        if (wy->unknown) {
            r->unknown += wy->w;
            r->unknown_mask |= 1u << wy->i;
        }
    }
    clear_reached(m, stored);
    return 0;
}

/* How many names are scored in full: CANDIDATES, or fewer if asked. */
static size_t candidate_cap(const embargo_screen_options *o) {
    return o->candidates && o->candidates < CANDIDATES ? o->candidates : CANDIDATES;
}

/* The names that hold the query's rarest word as it is (its very key) are
 * scored even when the estimate ranks them out: a rare surname alone
 * (Akhmadov) is worth a look at AKHMADOV, Mohmad Isaevich, whose unpaired
 * given names the estimate charges in full, while names of common words that
 * the typo search reached (AHMAD, Hasan) weigh little and estimate high and
 * fill the candidates. Only when they are full; at most RARE_SURE names, the
 * filters as in the ranking. When the rarest word is a typo the index has
 * no key for, rare_key is the rarest word it has (collect_candidates), and
 * a name needs a word of each such typo's first letter (Dario KROIC: the
 * nine names of Dario that have a word in K). */
static void add_rare_names(screen_run *r) {
    const embargo_index *ix = r->ix;
    size_t ncand = candidate_cap(r->o);
    if (r->rare_key < 0 || r->ntop < ncand) return; /* none ranked out but by the floor */
    const emb_ix_term *t = &ix->keys[r->rare_key];
    if (t->post_count == 0 || t->post_count > RARE_SURE || t->post_count > ncand) return;
    const uint32_t *p = ix->postings + t->post;
    for (uint32_t i = 0; i < t->post_count; i++) {
        uint32_t nm = p[i]; /* a name: open.c checked the postings */
        size_t k;
        for (k = 0; k < r->ntop && r->top[k].name != nm; k++) {}
        if (k < r->ntop) continue;
        if ((ix->names[nm].initials & r->rare_letters) != r->rare_letters) continue;
        if ((r->o->type_mask || r->o->list_mask) &&
            (!type_allowed(r->o, ix->names[nm].type) || !list_allowed(r->o, ix->names[nm].list)))
            continue;
        r->top[r->ntop++] = (scored){nm, 0, -1, 0, 0};
    }
}

/* The query's titles pair with words of the name spelt as they are (Haji ~
 * NOORZAI, Hajji Faizullah Khan, whose Hajji is no title there), which the
 * index keys: the names that hold a title's key or phonetic skeleton are
 * marked in m->reached (clear since collect_candidates, cleared again by
 * mark_titles_clear); r->ntitles counts the titles that have any, and
 * r->title_letters their first letters. */
static void mark_titles(screen_run *r) {
    const embargo_index *ix = r->ix;
    uint64_t *reached = r->m->reached;
    for (uint32_t i = 0; i < r->q.n; i++) {
        const emb_token *t = &r->q.tok[i];
        if (!(t->flags & EMB_TOK_TITLE)) continue;
        long id[2];
        id[0] = emb__index_term(ix, ix->keyhash, ix->keyhash_cap, ix->keys, t->key, t->klen);
        id[1] = t->plen >= 3 ? emb__index_term(ix, ix->phonhash, ix->phonhash_cap, ix->phons, t->phon, t->plen) : -1;
        if ((id[0] < 0 && id[1] < 0) || r->nterms + 2 > TITLE_TERMS) continue;
        r->ntitles++;
        r->title_letters |= emb__letter_mask(t->text, 1);
        emb_token w = *t; /* what it would weigh as a word */
        w.flags &= (uint16_t)~EMB_TOK_TITLE;
        emb__token_weigh(&w);
        r->title_w += (w.flags & EMB_TOK_TITLE) || !(w.weight > TITLE_WEIGHT) ? TITLE_WEIGHT : w.weight;
        for (int k = 0; k < 2; k++) {
            if (id[k] < 0) continue;
            const emb_ix_term *term = k ? &ix->phons[id[k]] : &ix->keys[id[k]];
            r->title_terms[r->nterms++] = term;
            const uint32_t *p = ix->postings + term->post;
            for (uint32_t j = 0; j < term->post_count; j++) reached[p[j] >> 6] |= (uint64_t)1 << (p[j] & 63);
        }
    }
}

static void mark_titles_clear(screen_run *r) {
    for (uint32_t k = 0; k < r->nterms; k++) {
        const uint32_t *p = r->ix->postings + r->title_terms[k]->post;
        for (uint32_t j = 0; j < r->title_terms[k]->post_count; j++) r->m->reached[p[j] >> 6] = 0;
    }
}

/* Whether name nm (ixn) holds a word spelt as one of the query's titles. */
static RARE int holds_title(const screen_run *r, const emb_ix_name *ixn, uint32_t nm) {
    return (ixn->initials & r->title_letters) && ((r->m->reached[nm >> 6] >> (nm & 63)) & 1);
}

/* Whether the query's titles may lift name nm (ixn), which bound() puts
 * below floor with its other words (paired, unpaired), to it: it holds a
 * word spelt as one of them (counted as pairing with all of them). */
static RARE int titles_lift(const screen_run *r, const emb_ix_name *ixn, uint32_t nm, double paired,
                       double unpaired, double floor) {
    return holds_title(r, ixn, nm) &&
           bound_titles(paired, unpaired, ixn->weight, r->ntitles, r->title_w) >= floor;
}

/* Phase 2, ranking: the best candidates by estimated score go to r->top;
 * names that cannot come near the threshold are out. Tokens the index knew
 * nothing of may still pair by a typo in their spelling, a join or an
 * acronym, so they count as likely pairs (UNKNOWN_SIM) for every candidate;
 * hence also the margin. Clears m->acc as it goes. */
static void rank_candidates(screen_run *r) {
    embargo_matcher *m = r->m;
    const embargo_index *ix = r->ix;
    const embargo_screen_options *o = r->o;
    const emb_tokens *q = &r->q;
    double total = r->total;
    for (uint32_t i = 0; i < q->n; i++) r->q_initials |= emb__letter_mask(q->tok[i].text, 1);
    int acronym_len = 0;
    unsigned acronym_min = 7; /* has_acronym needs a name of this many tokens */
    uint32_t spell[EMBARGO_MAX_QUERY_TOKENS], nspell = spell_masks(q, spell);
    for (uint32_t i = 0; i < q->n; i++) {
        if (q->tok[i].len >= 3 && q->tok[i].len <= 6) {
            if (!(q->tok[i].flags & EMB_TOK_NUMBER)) acronym_len = 1;
            if (q->tok[i].len < acronym_min) acronym_min = q->tok[i].len;
        }
    }
    int filtered = o->type_mask != 0 || o->list_mask != 0, open_ended = r->unknown > 0;
    size_t ncand = candidate_cap(o);
    double floor = o->threshold - PRUNE_MARGIN, least = r->least;
    /* What bound() needs of each query word: its weight, what leaving it
     * unpaired costs (score.c, omission_weight); the words by first letter */
    float *qw = r->qw, *qom = r->qom;
    uint32_t by_letter[32] = {0}; /* the query words (not titles) by first letter */
    uint32_t letters = r->q_initials; /* the letters by_letter has words for */
    double om_total = 0;
    int patronymic = 0;
    uint32_t given = 0; /* the query's given names of a group (equiv.h) */
    uint32_t given_ini[EMBARGO_MAX_QUERY_TOKENS]; /* (by word) their group's initials */
    for (uint32_t i = 0; i < q->n; i++) {
        const emb_token *t = &q->tok[i];
        int title = (t->flags & EMB_TOK_TITLE) != 0;
        qw[i] = title ? 0 : t->weight; /* a title's pairs: bound_titles */
        qom[i] = title ? 0 : (t->flags & EMB_TOK_PATRONYMIC) ? 0.5f * t->weight : (float)country_omitted(q, i);
        if (!title) by_letter[(unsigned char)t->text[0] & 31] |= 1u << i;
        /* a given name may stand for another of its group (Giuseppe for
         * JOSEPH): it may pair with a word beginning as any of theirs */
        if (!title && same_given(t, t)) {
            given |= 1u << i;
            given_ini[i] = emb__equiv_given_initials(t->orig);
        }
        if (!title && same_given(t, t))
            for (uint32_t b = emb__equiv_given_initials(t->orig); b; b &= b - 1) {
                by_letter[emb__lowest_bit(b)] |= 1u << i;
                letters |= b & -b;
            }
        om_total += qom[i];
        if (qom[i] < qw[i]) patronymic = 1;
    }
    /* The query's initials (K. I. Kim): unknown to the index, they give
     * every name UNKNOWN_SIM of their weight, and a common surname's names
     * then tie, crowding the one meant out of the candidates at random. An
     * initial pairs only with a word of its letter (score.c): a name with no
     * such word ranks as if it had not that evidence (it is not dropped for
     * it: est and bound() decide that, as before). Only for two initials or
     * more: one letter says little (OMAR M. ranked every OMAR, M... first,
     * and customers who are not listed alerted on more of them). */
    uint32_t init_bit[EMBARGO_MAX_QUERY_TOKENS];
    float init_w[EMBARGO_MAX_QUERY_TOKENS];
    size_t ninit = 0;
    for (uint32_t i = 0; i < q->n; i++)
        if ((q->tok[i].flags & EMB_TOK_INITIAL) && ((r->unknown_mask >> i) & 1) && q->tok[i].weight > 0) {
            init_bit[ninit] = emb__letter_mask(q->tok[i].text, 1);
            init_w[ninit++] = UNKNOWN_SIM * q->tok[i].weight;
        }
    mark_titles(r);
    uint32_t all = q->n >= 32 ? UINT32_MAX : (1u << q->n) - 1;
    r->om_total = om_total;
    r->all = all;
    for (uint32_t i = 0; i < q->n; i++) {
        if (q->tok[i].flags & EMB_TOK_TITLE) r->titles |= 1u << i;
        if (q->tok[i].flags & EMB_TOK_STOP) r->stops |= 1u << i;
    }
    /* Names are ranked in blocks. A large index's name records lie far
     * apart in memory; waiting for them one at a time was most of a common
     * name's time. So each block first asks for the records it may read,
     * all at once (PREFETCH), then decides, name by name and in the order
     * found, exactly as without the prefetching. */
    /* read once: the stores below may alias them for all the compiler knows */
    emb_name_acc *acc = m->acc;
    const emb_ix_name *names = ix->names;
    size_t ntouched = r->ntouched;
    float unknown = UNKNOWN_SIM * r->unknown; /* what unknown words give every name */
    unsigned ntitles = r->ntitles;
    uint32_t keyless = r->keyless & ~r->unknown_mask & all;
    for (size_t k0 = 0; k0 < ntouched; k0 += RANK_BLOCK) {
        const uint32_t *blk = m->touched + k0;
        size_t kn = ntouched - k0 < RANK_BLOCK ? ntouched - k0 : RANK_BLOCK;
        /* Once the candidates are full, a name whose best estimate is not
         * above the least of them is passed over (below): the acc that
         * estimate needs, as least_acc gives it for the floor, tells most
         * of them apart before the division. The least candidate only
         * rises, so what it was at the block's start holds for the block. */
        double cut = least;
        if (r->ntop == ncand) {
            double c = least_acc(total, r->top[0].acc);
            if (c > cut) cut = c;
        }
        /* the block's names whose best estimate reaches the floor, in the
         * order found: the rest are done with here */
        uint32_t nms[RANK_BLOCK];
        float av[RANK_BLOCK];
        uint32_t led[RANK_BLOCK];
        double bestv[RANK_BLOCK];
        size_t ns = 0;
        /* the next block's entries are asked for as this one's are read */
        size_t ahead = ntouched - k0 > RANK_BLOCK ? ntouched - k0 - RANK_BLOCK : 0;
        if (ahead > kn) ahead = kn;
        for (size_t i = 0; i < ahead; i++) PREFETCH(&acc[blk[RANK_BLOCK + i]]);
        for (size_t i = 0; i < kn; i++) {
            emb_name_acc *a = &acc[blk[i]];
            float v = a->sum + unknown;
            uint32_t l = a->led;
            a->sum = 0;
            a->led = 0;
            /* the best this name could estimate (nothing unpaired on its
             * side): most names of a large index stop here, before their
             * records are read */
            double best = v >= cut ? estimate(v, total, 0, 1) : -1;
            if (!(best >= floor)) {
                /* A name one word the index has no key for reached by a
                 * typo (Ponomarov ~ PONOMARYOV) while the other such words
                 * did not: they may still pair with its words beyond the
                 * index's reach (Vaceslav ~ VYACHESLAV). Whether they may
                 * is bound()'s and may_pair's (below), as for a name above
                 * the floor; without this the name's fate hung on the
                 * threshold (PONOMAROV Vaceslav Volodimirovic scored 0.820
                 * at 0, was cut at 0.80). Only names a keyless word led to:
                 * asking every name cost 8% more instructions. So too a
                 * given name of a group that did not lead here: it may pair
                 * with another of its group (Kolya ~ NIKOLAY, which the
                 * index does not key together; PANKOV, Nikolay scored
                 * 0.893 at 0.50 and was cut at 0.80), if a word of the
                 * name begins as one of its group does (as bound() asks
                 * below). */
                uint32_t open = l & keyless ? keyless & ~l : 0, gopen = given & ~l & ~open & ~r->unknown_mask;
                if (!open && !gopen) continue;
                float extra = 0;
                for (; open; open &= open - 1) extra += qw[emb__lowest_bit(open)];
                if (gopen) {
                    uint32_t ini = names[blk[i]].initials;
                    for (; gopen; gopen &= gopen - 1) {
                        unsigned k = emb__lowest_bit(gopen);
                        if (ini & given_ini[k]) extra += qw[k];
                    }
                }
                if (!(v + extra >= cut)) continue;
                best = estimate(v, total, 0, 1);
            }
            PREFETCH(&names[blk[i]]);
            nms[ns] = blk[i];
            av[ns] = v;
            led[ns] = l;
            bestv[ns++] = best;
        }
        if (!open_ended && acronym_len) {
            for (size_t i = 0; i < ns; i++) {
                const emb_ix_name *ixn = &ix->names[nms[i]];
                if (ixn->token_count >= acronym_min &&
                    estimate(av[i], total, ixn->weight, 0) < bestv[i] && may_spell(ixn, spell, nspell))
                    PREFETCH(&ix->tokens[ixn->first_token]);
            }
        }
        for (size_t i = 0; i < ns; i++) {
            uint32_t nm = nms[i];
            double best = bestv[i];
            if (r->ntop == ncand && best <= r->top[0].acc) continue;
            const emb_ix_name *ixn = &ix->names[nm];
            if (filtered && (!type_allowed(o, ixn->type) || !list_allowed(o, ixn->list))) continue;
            /* an unknown query word leaves the name's own words free: the
             * estimate is then `best` */
            double est = best;
            if (!open_ended) {
                est = estimate(av[i], total, ixn->weight, 0);
                /* FSUE Atomflot: FEDERAL STATE UNITARY ENTERPRISE ATOMFLOT (a
                 * name of fewer words than the shortest query word has no
                 * run of initials that spells it). Asked whatever the
                 * floor, so that a name ranks the same at any threshold
                 * (asked only below it, Abd-al-Hakim AL-QAYRAWANI, whose
                 * initials spell Haq, ranked high at 0.80 and was crowded
                 * out at 0.50 for Abdul Haq). */
                if (est < best && acronym_len && ixn->token_count >= acronym_min &&
                    has_acronym(ix, nm, q, spell, nspell))
                    est = best;
            }
            if (est < floor) {
                /* The estimate ranks; whether the name may come near the
                 * threshold is bound()'s. The words that led here count
                 * at the similarity they led with (the margin is for a
                 * closer kind of pairing than the index found), unknown
                 * ones in full, and so do those that may pair here beyond
                 * the index's reach: a word of the name begins with their
                 * letter (may_pair looks closer before the scoring). */
                uint32_t in = (led[i] | r->unknown_mask) & all, more = 0;
                for (uint32_t b = ixn->initials & letters; b; b &= b - 1)
                    more |= by_letter[emb__lowest_bit(b)];
                more &= ~in;
                /* (bound() is the estimate, but for the titles) */
                if (!more && !patronymic && !(ntitles && holds_title(r, ixn, nm))) continue;
                double paired = av[i] + (1 - UNKNOWN_SIM) * r->unknown, unpaired = om_total;
                for (uint32_t b = in | more; b; b &= b - 1) {
                    unsigned k = emb__lowest_bit(b);
                    if ((more >> k) & 1) paired += qw[k];
                    unpaired -= qom[k];
                }
                if (bound(paired, unpaired, ixn->weight) < floor &&
                    !(ntitles && titles_lift(r, ixn, nm, paired, unpaired, floor)))
                    continue;
            }
            /* the initials rank (above) */
            double rank = est;
            if (ninit >= 2 && open_ended) {
                float missing = 0;
                for (size_t k = 0; k < ninit; k++)
                    if (!(ixn->initials & init_bit[k])) missing += init_w[k];
                if (missing > 0) {
                    rank = estimate(av[i] - missing, total, 0, 1);
                    if (r->ntop == ncand && rank <= r->top[0].acc) continue;
                }
            }
            heap_push(r->top, &r->ntop, ncand, (scored){nm, (float)rank, av[i], led[i], est < floor});
        }
    }
    if (r->ntitles) mark_titles_clear(r);
    r->ntouched = 0;
    add_rare_names(r);
}

_Static_assert(EMBARGO_MAX_QUERY_TOKENS <= 32, "screen_run.unknown_mask holds a bit per query token");

/* Whether list word t could pair with query word u, which the index
 * never follows (an initial, a legal form, a particle, a connecting word):
 * t has u's first letter (initials, particles written joined, numbers) or
 * is of its kind (a legal form with a legal form, al with el). */
static int soft_partner(const emb_token *u, const emb_token *t) {
    return t->text[0] == u->text[0] || (u->flags & t->flags & (EMB_TOK_LEGAL | EMB_TOK_PARTICLE));
}

/* Whether words a and b (letter masks am, bm) are at most one edit beyond
 * the typo budget apart. Each edit changes the length by one at most, the
 * letters present in two places at most, and the letter counts by two:
 * those tell most words apart before the edit distance is asked. near()
 * asks the length and the letters inline (most words part there; the call
 * cost more than they), near_far the counts and the distance, d edits. */
static int near_far(const char *a, size_t an, const char *b, size_t bn, unsigned d) {
    /* the letter counts' differences, summed as b's letters are taken
     * off a's counts: one a still has brings the sum down, any other up */
    int8_t h[32] = {0};
    for (size_t i = 0; i < an; i++) h[(unsigned char)a[i] & 31]++;
    unsigned apart = (unsigned)an;
    for (size_t i = 0; i < bn; i++) {
        int8_t *c = &h[(unsigned char)b[i] & 31];
        apart = *c > 0 ? apart - 1 : apart + 1;
        (*c)--;
    }
    return apart <= 2 * d && emb__edit_distance(a, an, b, bn, d) <= d;
}

static inline int near(const char *a, size_t an, uint32_t am, const char *b, size_t bn, uint32_t bm) {
    unsigned d = emb__edit_budget(an > bn ? an : bn) + 1;
    if ((an > bn ? an - bn : bn - an) > d || emb__popcount(am ^ bm) > 2 * d) return 0;
    return near_far(a, an, b, bn, d);
}

/* Whether list word t could pair with query word u, a word that did not
 * lead to t's name through the index (whose typo search finds the words
 * within the typo budget): a word the index did not know at all by edits
 * just beyond the budget, one that led elsewhere as the scorer's far
 * edits go (pair_far in score.c: five letters or more, the same first
 * letter, or a first letter dropped or added, or, in long words, the same
 * last one); either as the word an
 * initial t stands for, or as one of the words whose initials spell t
 * (FSUE: `initials` has the query's first letters); and an unknown word
 * as t and the next word written together, or t as two words (the same
 * two first or last letters). */
static int word_partner(const emb_token *u, const emb_token *t, uint32_t initials, int unknown) {
    if (same_given(u, t)) return 1;
    if (unknown) {
        if (near(u->text, u->len, u->tmask, t->text, t->len, t->tmask) ||
            near(u->key, u->klen, u->kmask, t->key, t->klen, t->kmask))
            return 1;
    } else if (u->len >= 5 && t->len >= 5 &&
               (u->text[0] == t->text[0] || u->text[1] == t->text[0] || t->text[1] == u->text[0] ||
                ((u->len > 7 || t->len > 7) && u->text[u->len - 1] == t->text[t->len - 1])) &&
               near(u->text, u->len, u->tmask, t->text, t->len, t->tmask)) {
        return 1;
    }
    if ((t->flags & EMB_TOK_INITIAL) ? t->text[0] == u->text[0]
                                     : t->len >= 2 && t->len <= 6 && (t->tmask & ~initials) == 0 &&
                                           memchr(t->text, u->text[0], t->len))
        return 1;
    return unknown && u->len >= 2 && t->len >= 2 && u->len != t->len &&
           (memcmp(u->text, t->text, 2) == 0 || memcmp(u->text + u->len - 2, t->text + t->len - 2, 2) == 0);
}

/* The weight of the words of name c that query word u could pair with, at
 * most: all the words it could be the initials of (M.S.A., FSUE: each of
 * its letters is the first of a word of c, whose first letters are in
 * `c_initials`), or else its heaviest possible partner; -1: none.
 * `q_initials`, `unknown`: as word_partner's; `c_flags`: the flags of c's
 * words, or-ed. */
static float partner_weight(const emb_token *u, const emb_tokens *c, uint32_t q_initials,
                            uint32_t c_initials, uint16_t c_flags, int unknown) {
    float w = -1;
    const emb_token *ct = c->tok; /* read once: near() is a call */
    uint32_t cn = c->n;
    if (u->len >= 2 && u->len <= 6 && !(u->flags & EMB_TOK_NUMBER) && (u->tmask & ~c_initials) == 0) {
        w = 0;
        for (uint32_t j = 0; j < cn; j++)
            if (u->tmask & emb__letter_mask(ct[j].text, 1)) w += ct[j].weight;
    }
    int soft = (u->flags & NOT_LEADING) != 0;
    /* a word the index never follows pairs only with a word of its first
     * letter or of its kind (soft_partner): most names have none */
    if (soft && !(c_initials & (1u << ((unsigned char)u->text[0] & 31))) &&
        !(u->flags & c_flags & (EMB_TOK_LEGAL | EMB_TOK_PARTICLE)) && !(u->flags & EMB_TOK_ABJAD))
        return w;
    /* a word in Arabic or Hebrew script pairs with a Latin one by their
     * consonants (score.c, abjad_sim), which word_partner does not see:
     * any such word may (as may_pair_word has it; without this, MOUNIR EL
     * MOTASSADEQ, 0.861 for its name in Arabic script, was pruned at the
     * default threshold and found below it) */
    if (u->flags & EMB_TOK_ABJAD) {
        for (uint32_t j = 0; j < cn; j++)
            if (ct[j].weight > w && !(ct[j].flags & EMB_TOK_ABJAD)) w = ct[j].weight;
    }
    for (uint32_t j = 0; j < cn; j++) {
        const emb_token *t = &ct[j];
        if (t->weight > w && (soft ? soft_partner(u, t) : word_partner(u, t, q_initials, unknown)))
            w = t->weight;
    }
    return w;
}

/* What two adjacent words of c weigh together where query word u is the
 * two written together as the scorer pairs them (score_words.c, joins:
 * four letters or more, the first letter the same, within the edits of
 * u's budget less one; -1: no such two). A glued word pairs with both
 * (ANSABANK ~ ANSAR BANK); counted as pairing one of them it left the
 * other as a name word unpaired: ANSAR BANK BROKERAGE COMPANY, 0.890 at
 * 0.50, failed may_reach at 0.80. */
static float joined_partner_weight(const emb_token *u, const emb_tokens *c) {
    float w = -1;
    if (u->len < 4 || (u->flags & NOT_LEADING)) return w;
    unsigned budget = emb__edit_budget(u->len);
    if (budget > 0) budget--;
    for (uint32_t j = 0; j + 1 < c->n; j++) {
        const emb_token *a = &c->tok[j], *b = &c->tok[j + 1];
        size_t jl = (size_t)a->len + b->len;
        size_t diff = jl > u->len ? jl - u->len : u->len - jl;
        if (diff > budget || a->text[0] != u->text[0] || !(a->weight + b->weight > w) ||
            jl > 2 * EMB_TOKEN_MAX)
            continue;
        char joined[2 * EMB_TOKEN_MAX];
        memcpy(joined, a->text, a->len);
        memcpy(joined + a->len, b->text, b->len);
        if (emb__edit_distance(u->text, u->len, joined, jl, budget) <= budget) w = a->weight + b->weight;
    }
    return w;
}

/* may_reach's last look at a name still short (`sum`, `partners` as it
 * left them): the query words `glued` (that may be two written together:
 * r->glued; that did not lead here, and found no partner of their own) as
 * two of its words written together (joined_partner_weight). Asked of
 * every candidate and every word, and only by first letter and length,
 * this cost 4-5% more instructions on the bench queries, for names scored
 * to no avail. */
static RARE int may_reach_joined(const screen_run *r, const emb_tokens *c, uint32_t glued, uint32_t c_initials,
                                 double sum, double partners, float name_weight, double floor) {
    int more = 0;
    for (uint32_t b = glued; b; b &= b - 1) {
        unsigned i = emb__lowest_bit(b);
        const emb_token *u = &r->q.tok[i];
        if (!(c_initials & (1u << ((unsigned char)u->text[0] & 31)))) continue;
        float jw = joined_partner_weight(u, c);
        if (jw < 0) continue;
        /* as may_reach counts a partner */
        sum += u->weight;
        if (jw > u->weight) partners += jw - u->weight;
        more = 1;
    }
    return more && estimate(sum, r->total, name_weight > partners ? name_weight - partners : 0, 0) >= floor;
}

/* The ranking counted every unknown query word as a likely pair
 * (UNKNOWN_SIM), connecting words (of, and) as unpaired, and the name's
 * unpaired words as free (estimate). Candidate c, whose tokens are in hand
 * now, tells what each query word that did not lead to it could pair with
 * at most: nothing (it is then an unpaired query word), or its possible
 * partners, counted as a pair in full. Returns whether the candidate's
 * estimate so corrected (as estimate() reckons, with the words that led to
 * it as s->sum has them) reaches `floor`. The unknown and connecting words
 * are asked first; the words that led elsewhere (and may pair here beyond
 * the index's reach: two typos) only while the estimate is still short.
 * Generous on purpose: a false partner costs a scoring, a missed one a
 * match. */
static int may_reach(const screen_run *r, const scored *s, const emb_tokens *c,
                     float name_weight, double floor) {
    double sum = s->sum - UNKNOWN_SIM * r->unknown, partners = 0;
    uint32_t q_initials = r->q_initials, c_initials = 0;
    uint16_t c_flags = 0;
    for (uint32_t j = 0; j < c->n; j++) {
        c_initials |= emb__letter_mask(c->tok[j].text, 1);
        c_flags |= c->tok[j].flags;
    }
    /* the words that did not lead here, titles aside: first the unknown
     * and connecting ones, then the others, each in query order */
    uint32_t unknowns = r->unknown_mask;
    uint32_t open = r->all & ~r->titles & ~s->led, first = open & (unknowns | r->stops);
    const emb_token *qt = r->q.tok;
    uint32_t alone = 0; /* the words that found no partner */
    for (int led_elsewhere = 0; led_elsewhere < 2; led_elsewhere++) {
        for (uint32_t b = led_elsewhere ? open & ~first : first; b; b &= b - 1) {
            unsigned i = emb__lowest_bit(b);
            const emb_token *u = &qt[i];
            int unknown = (unknowns >> i) & 1;
            float w = partner_weight(u, c, q_initials, c_initials, c_flags, unknown);
            if (w < 0) {
                alone |= 1u << i;
                continue;
            }
            sum += u->weight;
            if (w > u->weight) partners += w - u->weight;
        }
        if (estimate(sum, r->total, name_weight > partners ? name_weight - partners : 0, 0) >= floor)
            return 1;
    }
    /* last, for a name still short, its words that may be two written
     * together (may_reach_joined) */
    return (alone & r->glued) && may_reach_joined(r, c, alone & r->glued, c_initials, sum, partners, name_weight, floor);
}

/* Whether query word u, which did not lead to name c, may pair with its
 * word t as the scorer pairs beyond the index: a transliteration or typos
 * the index does not key (Vaceslav ~ VYACHESLAV, Mikjsn ~ MILJAN: one edit
 * beyond the typo budget, word_partner's far edits), or as one of the
 * words whose initials spell t (RUP: Respublikanskoe Unitarnoe
 * Predpriyatie). Not as the word a lone initial of the list stands for,
 * nor a word of two letters for a longer one (Edwards ~ E, Su ~ SONG): the
 * scorer rates those highly enough to alert on names that are not listed
 * (María Edwards ~ MARIA E 0.949), so such names stay pruned. */
static int may_pair_word(const emb_token *u, const emb_token *t, uint32_t q_initials) {
    if ((t->flags | u->flags) & (EMB_TOK_TITLE | EMB_TOK_INITIAL)) return 0;
    /* A word romanised from Arabic or Hebrew script pairs with a Latin one
     * by their consonants alone (score.c, abjad_sim: pwtyn ~ POTANIN),
     * which the tests below do not see: any such pair may (without this,
     * POTANIN, Vladimir scored 0.825 for Vladimir Putin in Hebrew at 0.50
     * and was pruned at 0.80). */
    if ((t->flags ^ u->flags) & EMB_TOK_ABJAD || same_given(u, t)) return 1;
    if (t->text[0] == u->text[0] &&
        (near(u->text, u->len, u->tmask, t->text, t->len, t->tmask) ||
         near(u->key, u->klen, u->kmask, t->key, t->klen, t->kmask)))
        return 1;
    if (u->len >= 5 && t->len >= 5 &&
        (u->text[1] == t->text[0] || t->text[1] == u->text[0] ||
         ((u->len > 7 || t->len > 7) && u->text[u->len - 1] == t->text[t->len - 1])) &&
        near(u->text, u->len, u->tmask, t->text, t->len, t->tmask))
        return 1;
    return t->len >= 2 && t->len <= 6 && (t->tmask & ~q_initials) == 0 && memchr(t->text, u->text[0], t->len);
}

/* Whether the query's word cut at a payment field's width (q.cut) may pair
 * with word t as the beginning of it (score_words.c, emb__pair_cut, which
 * may_pair_word's two-letter rule would refuse: DR for DRISSI), so that
 * screen and compare agree at every threshold. */
static int may_pair_cut(const emb_token *u, const emb_token *t) {
    return t->len > u->len && memcmp(t->text, u->text, u->len) == 0;
}

/* For a candidate that only bound() kept (its estimate below the floor):
 * bound() again with its words in hand, counting as paired only the query
 * words that led to it (in full: no margin is then needed, and `threshold`
 * is the threshold itself) or may pair with one of its words
 * (may_pair_word). */
static int may_pair(const screen_run *r, const scored *s, const emb_tokens *c, float name_weight,
                    double threshold) {
    uint32_t in = (s->led | r->unknown_mask) & r->all, rest = 0;
    double paired = 0, unpaired = r->om_total, others = 0, others_om = 0;
    /* the query's titles that pair with a word of c spelt as they are,
     * and those words' weight (bound_titles), a title's heaviest */
    unsigned tp = 0;
    double tw = 0;
    for (uint32_t b = r->ntitles ? r->titles & r->all : 0; b; b &= b - 1) {
        const emb_token *u = &r->q.tok[emb__lowest_bit(b)];
        float w = -1;
        for (uint32_t j = 0; j < c->n; j++) {
            const emb_token *t = &c->tok[j];
            if (t->weight > w && ((u->klen == t->klen && memcmp(u->key, t->key, u->klen) == 0) ||
                                  (u->plen >= 3 && u->plen == t->plen && memcmp(u->phon, t->phon, u->plen) == 0)))
                w = t->weight;
        }
        if (w >= 0) tp++, tw += w;
    }
    for (uint32_t i = 0; i < r->q.n; i++) {
        if ((in >> i) & 1) {
            paired += r->qw[i];
            unpaired -= r->qom[i];
        } else if (r->qw[i] > 0) {
            rest |= 1u << i;
            others += r->qw[i];
            others_om += r->qom[i];
        }
    }
    /* bound() only grows as words pair: ask the words one by one only
     * between what is sure and what all of them would give */
    if (bound_titles(paired, unpaired, name_weight, tp, tw) >= threshold) return 1;
    if (bound_titles(paired + others, unpaired - others_om, name_weight, tp, tw) < threshold) return 0;
    for (; rest; rest &= rest - 1) {
        unsigned i = emb__lowest_bit(rest);
        int pairs = 0;
        for (uint32_t j = 0; !pairs && j < c->n; j++)
            pairs = may_pair_word(&r->q.tok[i], &c->tok[j], r->q_initials) ||
                    (i + 1u == r->q.cut && may_pair_cut(&r->q.tok[i], &c->tok[j]));
        if (!pairs) continue;
        paired += r->qw[i];
        unpaired -= r->qom[i];
        if (bound_titles(paired, unpaired, name_weight, tp, tw) >= threshold) return 1;
    }
    return 0;
}

/* Whether the query spells acronym alias c (EMB_IXN_ACRONYM: one token)
 * letter for letter, as a word (IARA, iara, I.A.R.A., Iara: the analyser
 * drops the dots and the case) or as a run of single letters (I A R A).
 * The scorer would pair its key, skeleton, readings and typos too (Yara,
 * Pc for PKK): a short acronym's neighbours are other words. */
static int spells_acronym(const screen_run *r, const emb_tokens *c) {
    if (c->n != 1) return 1;
    const emb_token *a = &c->tok[0];
    const emb_tokens *q = &r->q;
    int spelt = 0;
    for (uint32_t i = 0; i < q->n && !spelt; i++) {
        const emb_token *t = &q->tok[i];
        if (t->len == a->len && memcmp(t->text, a->text, a->len) == 0) spelt = 1;
        else if ((t->flags & EMB_TOK_INITIAL) && i + a->len <= q->n) {
            uint32_t k = 0;
            while (k < a->len && (q->tok[i + k].flags & EMB_TOK_INITIAL) && q->tok[i + k].text[0] == a->text[k]) k++;
            spelt = k == a->len;
        }
    }
    return spelt;
}

/* The countries (country.h codes, into out) of a query of the shape of
 * an organisation's short name and the country where it is (score_org.c,
 * added_country: IARA Iran): 1; 0 for any other query. */
static int placed_codes(const emb_tokens *q, char out[2 * EMB_COUNTRY_MAX + 1]) {
    for (uint32_t i = 0; i < q->n; i++) {
        if (!emb__country_placed_shape(q, i)) continue;
        const char *codes = emb__country_codes(q->tok[i].text, q->tok[i].len);
        if (codes) {
            snprintf(out, 2 * EMB_COUNTRY_MAX + 1, "%s", codes);
        } else { /* (the lexicon's first country of the word, as score.c reads it) */
            unsigned c = q->tok[i].legal & (unsigned)~EMB_COUNTRY_PHRASE;
            out[0] = (char)('A' + c / 26 % 26);
            out[1] = (char)('A' + c % 26);
            out[2] = '\0';
        }
        return 1;
    }
    return 0;
}

/* Where the list places entity against `codes`, the countries of a query
 * that adds one to say where the organisation is: 1 where one of the
 * entity's countries (nationality, citizenship, an address's country) is
 * one of them, -1 where the list gives countries and none is (Tara China
 * is not TARA LIMITED of Libya), 0 where it gives none (the entity may be
 * anywhere). */
static int placed_agrees(const embargo_index *ix, uint32_t entity, const char *codes) {
    const emb_ix_entity *e = &ix->entities[entity];
    int places = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        const emb_ix_field *f = &ix->fields[e->first_field + i];
        if (f->kind != EMBARGO_FIELD_NATIONALITY && f->kind != EMBARGO_FIELD_CITIZENSHIP &&
            f->kind != EMBARGO_FIELD_COUNTRY)
            continue;
        const char *have = emb__country_codes(ix->strings + f->text, f->len);
        if (!have) continue;
        if (emb__country_overlap(have, codes)) return 1;
        places++;
    }
    return places ? -1 : 0;
}

/* Phase 3, scoring: each candidate scored in full, weighed by what the
 * caller knows beyond the name; one match per entity, its best name. */
static int score_candidates(screen_run *r) {
    embargo_matcher *m = r->m;
    const embargo_index *ix = r->ix;
    const embargo_screen_options *o = r->o;
    if (EMB_GROW(m->matches, m->match_cap, r->ntop + 1)) return -1;
    size_t nm = 0;
    emb_token ctok[EMB_NAME_MAX_TOKENS];
    /* what the scorer knows of the query, worked out once */
    emb_score_query qx;
    if (r->ntop) emb__score_query_prepare(&r->q, &qx);
    /* a country the query adds to a short name: where the organisation is */
    char placed_buf[2 * EMB_COUNTRY_MAX + 1];
    const char *placed = r->ntop && placed_codes(&r->q, placed_buf) ? placed_buf : NULL;
    /* the pairs of the name scored: kept for a match (explain_matches) */
    emb_score sc;
    for (size_t k = 0; k < r->ntop; k++) {
        /* A candidate's tokens and their strings lie far apart in the
         * index: while one is scored, the tokens of the one after next and
         * the strings of the next are asked for from memory. */
        if (k + 2 < r->ntop) {
            const emb_ix_name *n2 = &ix->names[r->top[k + 2].name];
            PREFETCH(&ix->tokens[n2->first_token]);
            PREFETCH(&ix->tokens[n2->first_token + n2->token_count - (n2->token_count > 0)]);
        }
        if (k + 1 < r->ntop) {
            const emb_ix_name *n1 = &ix->names[r->top[k + 1].name];
            for (uint32_t i = 0; i < n1->token_count; i++) {
                const emb_ix_token *t = &ix->tokens[n1->first_token + i];
                PREFETCH(ix->strings + t->text);
                PREFETCH(ix->strings + t->key);
            }
        }
        uint32_t name_id = r->top[k].name;
        const emb_ix_name *ixn = &ix->names[name_id];
        emb_tokens c;
        emb__index_name_tokens(ix, name_id, ctok, &c);
        if (r->unknown_mask && r->top[k].sum >= 0 &&
            !may_reach(r, &r->top[k], &c, ixn->weight, o->threshold - PRUNE_MARGIN))
            continue;
        if (r->top[k].bounded && !may_pair(r, &r->top[k], &c, ixn->weight, o->threshold))
            continue;
        if ((ixn->marks & EMB_IXN_ACRONYM) && !spells_acronym(r, &c)) continue;
        embargo_entity_type etype = (embargo_entity_type)ixn->type;
        /* (below the threshold a score need not be exact, unless the
         * evidence may raise it) */
        /* an entity of other countries is not placed there, nor a weak
         * alias (most are acronyms: HUA, of HARAKAT UL-MUJAHIDEEN, is a
         * Chinese given name) unless the list places the entity there
         * (IRIB Iran, KRET Russia) */
        if (placed) {
            int agrees = placed_agrees(ix, ixn->entity, placed);
            qx.no_placed = agrees < 0 || (ixn->weak && agrees == 0);
        }
        double s = emb__score_screen_ctx(&qx, &c, etype, r->ev.year || r->ev.countries ? 0 : o->threshold, &sc);
        if (ixn->weak) s *= EMB_WEAK_ALIAS_FACTOR;
        if (s <= 0) continue;
        /* the note is made here, once: it says what the evidence did */
        const char *note = ixn->weak ? (sc.cut ? "weak alias; " EMB_CUT_NOTE : "weak alias") : sc.cut ? EMB_CUT_NOTE : "";
        char buf[192];
        if (r->ev.year || r->ev.countries) {
            snprintf(buf, sizeof(buf), "%s", note);
            s = weigh_evidence(ix, ixn->entity, &r->ev, o->threshold, s, buf, sizeof(buf));
            note = buf;
        }
        if (s < o->threshold) continue;
        size_t j;
        for (j = 0; j < nm; j++)
            if (m->matches[j].entity.index == ixn->entity) break;
        if (j < nm && m->matches[j].score >= s) continue;
        if (note == buf && !(note = emb__arena_strndup(&m->arena, buf, strlen(buf)))) return -1;
        if (j == nm) nm++;
        embargo_match *mt = &m->matches[j];
        mt->explanation.note = note;
        embargo_index_entity(ix, ixn->entity, &mt->entity);
        mt->name_index = name_id - ix->entities[ixn->entity].first_name;
        mt->matched_name = ix->strings + ixn->text;
        mt->matched_name_len = ixn->text_len;
        mt->score = s;
        /* its pairs, unless the screen's doubt made them other than those
         * explained (NULL: explain_matches scores it again) */
        mt->explanation.pairs = NULL;
        mt->explanation.pair_count = 0;
        if (!sc.screened) {
            embargo_pair *pairs = emb__arena_alloc(&m->arena, (sc.npairs ? sc.npairs : 1) * sizeof(*pairs));
            if (!pairs) return -1;
            if (sc.npairs) memcpy(pairs, sc.pairs, sc.npairs * sizeof(*pairs));
            mt->explanation.pairs = pairs;
            mt->explanation.pair_count = sc.npairs;
        }
    }
    sort_matches(m->matches, nm);
    if (o->limit && nm > o->limit) nm = o->limit;
    r->nmatch = nm;
    return 0;
}

/* Phase 4, explanations: the pairs of what is reported. Most were kept as
 * it was scored; one whose pairs a screen's own doubt changed (a known name
 * misspelt, emb_score.screened) is scored again as compare scores it. */
static int explain_matches(screen_run *r) {
    const embargo_index *ix = r->ix;
    emb_token ctok[EMB_NAME_MAX_TOKENS];
    for (size_t j = 0; j < r->nmatch; j++) {
        embargo_match *mt = &r->m->matches[j];
        if (mt->explanation.pairs) continue;
        uint32_t name_id = ix->entities[mt->entity.index].first_name + mt->name_index;
        emb_tokens c;
        emb__index_name_tokens(ix, name_id, ctok, &c);
        emb_score *sc = emb__arena_alloc(&r->m->arena, sizeof(*sc));
        if (!sc) return -1;
        emb__score_names(&r->q, &c, mt->entity.type, sc, 1);
        /* the pairs point at query tokens (arena) and index strings: both live on */
        mt->explanation.pairs = sc->pairs;
        mt->explanation.pair_count = sc->npairs;
    }
    return 0;
}

embargo_status embargo_matcher_check_options(embargo_matcher *m, const embargo_screen_options *opts) {
    if (!m) return EMBARGO_EINVAL;
    m->message[0] = '\0';
    embargo_screen_options o;
    evidence ev;
    embargo_status st = read_options(m, opts, &o);
    return st ? st : read_evidence(m, &o, &ev);
}

embargo_status embargo_matcher_screen(embargo_matcher *m, const char *name, size_t len,
                                      const embargo_screen_options *opts,
                                      const embargo_match **matches, size_t *count) {
    if (!m || !matches || !count) return EMBARGO_EINVAL;
    *matches = NULL;
    *count = 0;
    if (!m->ix) {
        snprintf(m->message, sizeof(m->message), "this matcher has no index");
        return EMBARGO_EINVAL;
    }
    embargo_screen_options o;
    embargo_status st = read_options(m, opts, &o);
    if (st) return st;
    emb__arena_reset(&m->arena);
    screen_run r;
    screen_clear(&r);
    r.m = m;
    r.ix = m->ix;
    r.o = &o;
    st = read_evidence(m, &o, &r.ev);
    if (st) return st;
    st = emb__matcher_analyze(m, name, len, &r.q);
    if (st) return st;
    if (o.flags & EMBARGO_SCREEN_NO_FIELD_CUT) r.q.cut = 0;
    if (ensure_acc(m, r.ix->nnames ? r.ix->nnames : 1)) return EMBARGO_ENOMEM;
    if (collect_candidates(&r)) {
        for (size_t k = 0; k < r.ntouched; k++) m->acc[m->touched[k]].sum = 0, m->acc[m->touched[k]].led = 0;
        return EMBARGO_ENOMEM;
    }
    rank_candidates(&r);
    if (score_candidates(&r) || explain_matches(&r)) return EMBARGO_ENOMEM;
    *matches = m->matches;
    *count = r.nmatch;
    return EMBARGO_OK;
}

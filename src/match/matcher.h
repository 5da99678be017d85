/*
 * matcher.h - the per-thread matcher object (private layout).
 */
#ifndef EMB_MATCHER_H
#define EMB_MATCHER_H

#include "embargo.h"
#include "edit.h"
#include "score.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../text/normalize.h"

/* What screening collects for one name over a query, side by side so that
 * one memory access finds both; the current way in's hit is apart
 * (embargo_matcher.tok). */
typedef struct emb_name_acc {
    float sum;                  /* weighted evidence of the query tokens so far */
    uint32_t led;               /* the query tokens that led here, by position */
} emb_name_acc;

/* A list key one query token's typo search has verified (screen.c): its
 * distance from the token's key, and whether its names were posted. */
typedef struct emb_typo_seen {
    uint32_t key;
    uint32_t gen;               /* the search it belongs to; older ones are free */
    uint8_t dist;
    uint8_t posted;
} emb_typo_seen;

#define EMB_TYPO_SEEN_BITS 9
#define EMB_TYPO_SEEN (1u << EMB_TYPO_SEEN_BITS)

/* A query token's fuzzier ways in remembered (screen.c: its typo search,
 * its split in two): the list keys they posted, in order, and at what
 * similarity. Names repeat their words (Mohammed, Maria, Trading), and the
 * typo search is the costliest way in: its deletion variants land all over
 * a large table. What they post depends only on the token's spelling, its
 * key and the ways asked, so posting the same keys again gives the same
 * candidates. */
#define EMB_TYPO_MEMO_BITS 14
#define EMB_TYPO_MEMO (1u << EMB_TYPO_MEMO_BITS)
#define EMB_TYPO_MEMO_WAYS 2    /* slots a token may be in (screen.c, memo_slot) */
#define EMB_TYPO_MEMO_LEN 24    /* longer tokens are searched every time */
#define EMB_TYPO_MEMO_POSTS 24  /* searches that post more are not kept */
/* Sizes measured on bench/queries.txt (callgrind): 2^13 slots of 12 keys
 * cost 2.4% more screening instructions than 2^14 slots of 24 (4 MB a
 * matcher, allocated at its first typo search, its pages touched as used);
 * of that, 0.5% is 24 keys against 12 (40 gave no more). */
typedef struct emb_typo_memo {
    uint8_t len, klen;          /* len 0: an empty slot */
    uint8_t mode;               /* which ways in (screen.c, FUZZY_*) */
    uint8_t n;                  /* keys posted */
    char text[EMB_TYPO_MEMO_LEN], key[EMB_TYPO_MEMO_LEN];
    uint32_t key_id[EMB_TYPO_MEMO_POSTS];
    float sim[EMB_TYPO_MEMO_POSTS];
} emb_typo_memo;

struct embargo_matcher {
    const embargo_index *ix;    /* may be NULL (compare only) */
    emb_normalizer *nz;
    emb_name_memo *memo;        /* the query words analysed before */
    emb_arena arena;            /* per call, reset at the start of each */
    emb_buf scratch;
    emb_score score;            /* compare's explanation */
    embargo_explanation expl;
    embargo_match *matches;     /* screen results */
    size_t match_cap;
    /* candidate accumulation over the index's names (screen.c) */
    emb_name_acc *acc;          /* per name, zero between calls */
    float *tok;                 /* per name, the current way in's best hit (0:
                                   none yet), zero between calls; apart from acc
                                   (the postings touch only these), in its block */
    uint32_t *touched;
    size_t acc_cap;
    uint32_t *hits;             /* names the current query token reached */
    size_t hits_cap;
    float *hit_sim;             /* what the query's first ways in found of
                                   hits[k] (screen.c, collect_candidates) */
    size_t hit_sim_cap;
    uint64_t *reached;          /* a bit per name: a first way in reached it
                                   (screen.c); zero between calls */
    uint32_t post_cap;          /* longest posting list followed (screen.c) */
    uint32_t typo_gen;          /* the current typo search (screen.c) */
    emb_typo_seen typo_seen[EMB_TYPO_SEEN];
    emb_edit_pattern typo_pat;  /* the searched key, for the edit distance;
                                   all zero between searches (screen.c) */
    emb_typo_memo *typo_memo;   /* EMB_TYPO_MEMO slots, allocated on first use */
    uint32_t *key_mask;         /* emb__letter_mask of each index key, 0 until a
                                   typo search meets it (screen.c, typo_probe);
                                   allocated on first use */
    emb_typo_memo typo_rec;     /* the search under way; n > POSTS: too many */
    uint32_t *typo_later;       /* keys a typo search's probes met, verified
                                   after them (screen.c, probe_all) */
    size_t typo_later_cap;
    embargo_entity_type compare_type; /* embargo_matcher_set_type */
    char message[256];
};

/* Validates and analyses a query into tokens (arena-allocated). On a bad
 * query returns EMBARGO_EQUERY with m->message set. */
embargo_status emb__matcher_analyze(embargo_matcher *m, const char *s, size_t len,
                                    emb_tokens *out);

#endif

/*
 * score.h - how similar two analysed names are, and why.
 *
 * The scorer pairs query tokens with list-name tokens one to one, taking for
 * each pair the best evidence (exact, same romanisation key, same phonetic
 * skeleton, an edit distance within a length-dependent budget, an initial,
 * equivalent legal forms), then joins leftovers written together or apart
 * (SergeiLavrov ~ Sergei Lavrov). Unpaired tokens cost their weight: a
 * query token with no partner costs fully, a list token with no partner
 * (a missing patronymic) costs a fraction. docs/scoring.md has the formula.
 */
#ifndef EMB_SCORE_H
#define EMB_SCORE_H

#include "embargo.h"
#include "../text/name.h"

/* Worst case pairs: every token of both sides alone. */
#define EMB_MAX_PAIRS (2 * 32)

typedef struct emb_score {
    double score;
    size_t npairs;
    embargo_pair pairs[EMB_MAX_PAIRS];
} emb_score;

/* Scores query tokens q against list-name tokens c of an entity of `type`
 * (EMBARGO_TYPE_UNKNOWN: guessed from legal forms). If `out` is not NULL it
 * receives the score and, with want_pairs, the pairs (the explanation).
 * Returns the score in 0..1. */
double emb__score_names(const emb_tokens *q, const emb_tokens *c, embargo_entity_type type,
                        emb_score *out, int want_pairs);

/* Damerau (optimal string alignment) edit distance between a and b, giving
 * up and returning max + 1 once it exceeds `max`. */
unsigned emb__edit_distance(const char *a, size_t an, const char *b, size_t bn, unsigned max);

/* The similarity of two spellings d edits apart, the longer L bytes long. */
float emb__edit_sim(unsigned d, size_t L);

/* The edit budget of a token of this length. */
unsigned emb__edit_budget(size_t len);

#endif

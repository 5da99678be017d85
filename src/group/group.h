/*
 * group.h - the group stage: the same person or organisation on several
 * lists (private).
 *
 * evidence.c judges a pair of entries on what beyond the name agrees, and
 * reads the groups an index stores; group.c finds the groups of a freshly
 * built index by searching it, and runs the stages of embargo_index_build.
 * This layer sits above matching (it screens with embargo_matcher) and
 * below scanning (which reports a grouped person once).
 */
#ifndef EMB_GROUP_H
#define EMB_GROUP_H

#include "embargo.h"
#include "../index/index_int.h"

#define SAME_NAME 0.85       /* the least name score that may group */
#define SAME_ORG_NAME 0.95   /* organisations grouped on country, and entries of
                                a list without birth dates, need more */
#define SAME_LIST_NAME 990   /* thousandths: the name score two entries of one
                                list need besides a birth date */

/* What beyond the name ties two entries together (emb__group_judge). */
enum {
    SAME_DATE = 1, SAME_DOCUMENT = 2, SAME_PROGRAMME = 4, SAME_YEAR_NATIONALITY = 8, SAME_COUNTRY = 16
};

/* Name scores are stored in thousandths; a decision at build time is taken
 * on the rounded score, so that the evidence recomputed later from the
 * stored score (embargo_index_group_evidence) is the same decision. */
static inline double emb__group_score(uint32_t t) { return t / 1000.0; }
static inline uint32_t emb__group_thousandths(double score) {
    return (uint32_t)(score * 1000.0 + 1e-6);
}

static inline const emb_ix_field *emb__group_field(const embargo_index *ix, uint32_t e, uint32_t i) {
    return &ix->fields[ix->entities[e].first_field + i];
}

/* What ties entities a and b (names scoring name_score) together, as SAME_*
 * flags; 0: not enough (embargo_index_same_entity has the rules). The
 * evidence text goes to ev (cap bytes, may be NULL). */
unsigned emb__group_judge(const embargo_index *ix, uint32_t a, uint32_t b, double name_score,
                          char *ev, size_t cap);

/* Whether a and b both give full birth dates and none agree. */
int emb__group_dates_conflict(const embargo_index *ix, uint32_t a, uint32_t b);

/* The number of an identity document, upper-cased letters and digits only
 * ("Passport PW 241-8905 (Ireland)" -> "PW2418905"); 0 if it has fewer
 * than 5 (short numbers prove nothing). */
size_t emb__group_id_number(const char *s, size_t n, char *out, size_t cap);

/* Fills groups[0 .. entities-1] of ix (built without groups): candidate
 * pairs from screening the names of the entities of every list but the
 * largest against the other lists, and from entries of one list that share
 * a name or a document number; pairs that emb__group_judge accepts are
 * joined, strongest first, while no two members' birth dates contradict
 * and no list appears twice but for its own duplicates
 * (docs/index-format.md, "Groups"). `opts` is read already (all fields). */
embargo_status emb__group_find(const embargo_index *ix, const embargo_build_options *opts,
                               emb_ix_group *groups);

#endif

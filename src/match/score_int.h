/*
 * score_int.h - what the scorer's files (src/match/score*.c) share: the
 * tally a pair of names is scored into, the small token tests every pass
 * asks (inline: the pairing loop and the passes ask them of every token),
 * and the functions one file defines for another (emb__*; each one's
 * contract is the comment at its definition).
 *
 *   score.c        token similarities, the pairing loop, the person rules,
 *                  the screen's bound and the entry points (score.h)
 *   score_words.c  the passes over several words: joins, acronyms and
 *                  initials, articles, pairs beyond the typo budget
 *   score_org.c    what an organisation's unpaired words say (legal forms,
 *                  countries, generic words, the words around a quoted
 *                  name, its own acronym), which org_score (score.c)
 *                  weighs, and their share of the screen's bound
 *
 * Ownership: nothing here allocates; a tally lives on score_names' stack
 * and points at the caller's emb_score (NULL when no explanation is kept).
 */
#ifndef EMB_SCORE_INT_H
#define EMB_SCORE_INT_H

#include "score.h"
#include "../text/lexicon.h"

#include <string.h>

#define NOT_SUBSTANTIVE (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL)
static inline int substantive(const emb_token *t) {
    return !(t->flags & NOT_SUBSTANTIVE);
}

/* A country phrase or adjective in an organisation's name (of Russia,
 * Belarusian), not a bare country name (VTB BANK BELARUS, IRAN AIR). */
static inline int country_phrase(const emb_token *t) {
    return (t->flags & EMB_TOK_COUNTRY) && (t->legal & EMB_COUNTRY_PHRASE);
}

static inline int is_abdul(const emb_token *t) {
    return t->len == 5 && t->text[0] == 'a' && t->text[3] == 'u' && memcmp(t->text, "abdul", 5) == 0;
}

/* Whether t is initials written with dots that spell a particle (L.E.
 * read as le, A.L. as al, D.A. as da): initials, which agree with the
 * given names they stand for (L.E. Calle Serna is CALLE SERNA, Luis
 * Enrique, 0.890 -> 0.974, not Javier Antonio, 0.892), not a particle. */
static inline int dotted_particle(const emb_token *t) {
    return (t->flags & (EMB_TOK_DOTTED | EMB_TOK_PARTICLE)) == (EMB_TOK_DOTTED | EMB_TOK_PARTICLE);
}

/* Whether t is an article particle (al, el). */
static inline int article(const emb_token *t) {
    return (t->flags & EMB_TOK_PARTICLE) && t->len == 2 && t->text[1] == 'l' &&
           (t->text[0] == 'a' || t->text[0] == 'e');
}

/* Whether c->tok[k] continues the word c->tok[k - 1] began: written to it
 * by a hyphen (Nasir-al-Din), or the name after an "abdul" (the analyser
 * parts Abd al-Fatah, Abdulilah into abdul + the name). */
static inline int continues(const emb_tokens *c, uint32_t k) {
    const emb_token *p = &c->tok[k - 1];
    return (p->flags & EMB_TOK_HYPHEN) || (p->len == 5 && !memcmp(p->text, "abdul", 5));
}

/* Whether a query word is one the name table knows (src/text/freq.h):
 * its weight, 0.15 + 0.85 idf, below a word in no name's 1.0 (x1.3 for a
 * surname); not an English word, whose weight is capped. */
static inline int known_name(const emb_token *t) {
    float w = t->flags & EMB_TOK_SURNAME ? t->weight / 1.3f : t->weight;
    return t->len >= 4 && !(t->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER | EMB_TOK_WORD)) && w < 0.95f;
}

/* A bit for a length and a first letter (pair_joins). */
static inline uint64_t join_bit(unsigned len, char first) {
    return (uint64_t)1 << ((len * 5 + ((unsigned char)first & 31)) & 63);
}

/* Whether t is an Arabic article written to the name after it: al or el
 * and four letters or more (Alaziz, Elkhairy). Returns the name's length
 * (0: none). */
static inline size_t article_joined(const emb_token *t) {
    if (t->len < 6 || (t->flags & (EMB_TOK_PARTICLE | EMB_TOK_INITIAL | EMB_TOK_NUMBER | EMB_TOK_WORD)) ||
        t->text[1] != 'l' || (t->text[0] != 'a' && t->text[0] != 'e'))
        return 0;
    return (size_t)t->len - 2;
}

/* The tokens of mask that are unpaired. */
static inline uint32_t unpaired_of(uint32_t mask, const uint8_t *used) {
    uint32_t u = 0;
    for (uint32_t b = mask; b; b &= b - 1) {
        unsigned i = emb__lowest_bit(b);
        if (!used[i]) u |= 1u << i;
    }
    return u;
}

/* What leaving token i of a side out costs: a patronymic (Iosifovich,
 * or the Y of "X bin Y") is often omitted, so less than its weight: half
 * of it; but a list's patronymic written without bin, EMB_PATRONYMIC_OMITTED
 * whichever it is (its weight if less: a word left out costs no more than
 * the word), so that namesakes the query meets
 * alike score alike (Sergej Petrov ~ PETROV, Sergei Valentinovich and
 * PETROV, Sergey Valeriyevich: 0.945 and 0.939 by their patronymics'
 * weights, which say how rare they are, not how well the query names
 * either). (The links of an Arabic nasab, bin Muhammad bin Awad, which
 * a query leaves out more often and whole, cost as they did: at 0.4
 * the Arabic spelling of Usama bin Laden fell below the threshold.)
 * Contradicting a patronymic costs its full weight (the conflict term). */
static inline double patronymic_omitted(const emb_tokens *side, uint32_t i, int listed) {
    const emb_token *t = &side->tok[i];
    if (!listed || (i > 0 && (side->tok[i - 1].flags & EMB_TOK_PARTICLE))) return 0.5 * t->weight;
    return t->weight < EMB_PATRONYMIC_OMITTED ? t->weight : EMB_PATRONYMIC_OMITTED;
}

/* (inline: asked for every unpaired token of every pair scored) */
static inline double omission_weight(const emb_tokens *side, uint32_t i, int listed) {
    const emb_token *t = &side->tok[i];
    return t->flags & EMB_TOK_PATRONYMIC ? patronymic_omitted(side, i, listed) : t->weight;
}

/* What one side of an organisation pair leaves unpaired, by kind. */
typedef struct unpaired {
    double normal;       /* omission weight of words that cost in full */
    double names;        /* of those, the substantive (they may contradict) */
    double distinct;     /* of those, neither generic words nor English ones */
    double generic;      /* generic words */
    double legal;        /* legal forms */
    unsigned kinds;      /* bit 0: a legal form; bit 1: a non-profit's form (nonprofit_form);
                            bit 2: another word (a joining word aside) */
    double described;    /* weight of words that only describe: legal forms, country
                            phrases, the words around a quoted name */
    double placed;       /* the query's countries an organisation's name lacks, where it
                            is (added_country): they describe but say no more */
    double surname;      /* listed surnames (SURNAME, Given) */
    int countries;       /* country tokens */
    int series;          /* Roman numerals (series_number, or-ed) */
} unpaired;

typedef struct tally {
    double M, doubt_q, doubt_c;
    double evidence;      /* similarity-weighted weight of paired query names */
    int inexact;          /* some pair of names is less than the same word or romanisation */
    int distinct;         /* a paired query name is neither an English nor a generic word */
    int substance;
    double abdul_evidence;    /* what paired abdul (Abd al-) adds to evidence */
    double initials_evidence; /* what agreeing initials may add to evidence */
    int initials;             /* how many initials agree with given names */
    int word_to_initial;      /* a query name paired with nothing but a listed initial */
    double equiv_cut;         /* what paired given names of one group (given_equiv) add to
                                 evidence beyond EMB_EQUIV_EVIDENCE of their weight */
    double article_cut;       /* what query words written joined to the article add to
                                 evidence beyond EMB_ARTICLE_FAMILY_WEIGHT (record_join) */
    int org;              /* an organisation's names (see org_score) */
    int person;           /* the names may be a person's (not a vessel's, an aircraft's) */
    const emb_token *qbase; /* the query's tokens, for q_sure */
    uint32_t q_sure;        /* query tokens paired as the same word (EMB_SIM_TRANSLIT or more) */
    uint32_t q_exact;       /* query tokens paired letter for letter: the same word, or an
                               acronym its listed words' initials spell (score_org.c,
                               added_country) */
    int no_placed;          /* a screen's candidate added_country must not place (the
                               query's country none of the entity's, or a weak alias) */
    int unsure;             /* pairs of query names below EMB_SIM_TRANSLIT */
    int sure;               /* pairs of distinctive query names at EMB_SIM_TRANSLIT or more */
    int misspelt;           /* of them, edits of a misspelt word (see lift_misspelt) */
    float lift_q, lift_c;   /* what lifting that pair takes off each side's doubt */
    float lift_sim;         /* its similarity lifted */
    size_t lift_pair;       /* its place in the explanation (+1; 0: none) */
    emb_score *out;
    int want;
} tally;

/* Adds a pair to the explanation (weights as given). (Inline: a screen
 * keeps the pairs of every name it scores.) */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline void explain(tally *t, embargo_pair_kind kind, const emb_token *q, const emb_token *c,
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

/* score.c */
void emb__record(tally *t, embargo_pair_kind kind, const emb_token *q, const emb_token *c, float sim, float wq,
                 float wc);
unsigned emb__letters_apart(const char *a, size_t an, const char *b, size_t bn, unsigned max);
float emb__compound_sim(const emb_token *q, const emb_token *c, float s);

/* score_words.c */
void emb__pair_joins(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                     unsigned budget_max, unsigned sides, const uint64_t *runs);
void emb__pair_joins3(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                      uint32_t qsix, uint32_t csix);
int emb__spells(const emb_token *tk, const emb_tokens *t, uint32_t j, const uint8_t *skip, int words,
                uint32_t *idx, uint32_t *nt);
void emb__pair_acronyms(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu);
void emb__initial_words(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *cu, const int8_t *partner);
void emb__pair_articles(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                        int8_t *partner);
void emb__pair_far(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu, int8_t *partner,
                   uint32_t qf, uint32_t cf);
void emb__lone_misspelt(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                        int8_t *partner);
void emb__pair_cut(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu, uint8_t *cu,
                   int8_t *partner);

/* score_org.c */
void emb__org_unpaired(tally *t, const emb_tokens *side, const uint8_t *used, const emb_tokens *other,
                       const uint8_t *oused, int is_query, int has_quoted, unpaired *u);
int emb__country_before_legal(const emb_tokens *t, const uint8_t *used, const emb_tokens *o, const uint8_t *oused);
int emb__org_weak_other(const emb_tokens *q, const emb_tokens *c, const uint8_t *qu, const uint8_t *cu);
int emb__weigh_countries(const emb_tokens *in, emb_token *out, emb_tokens *view);
int emb__query_name_borne(const emb_tokens *q, const uint8_t *qu);
int emb__org_worded(const emb_tokens *t);
double emb__org_least(const emb_tokens *t, uint32_t i, double w, int listed, int quoted);
int emb__org_listed_word(const emb_tokens *t, uint32_t i);

#endif

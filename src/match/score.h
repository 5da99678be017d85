/*
 * score.h - how similar two analysed names are, and why.
 *
 * The scorer pairs query tokens with list-name tokens one to one, taking for
 * each pair the best evidence (exact, same romanisation key, same phonetic
 * skeleton, an edit distance within a length-dependent budget, an initial,
 * equivalent legal forms), then joins leftovers written together or apart
 * (SergeiLavrov ~ Sergei Lavrov). Unpaired tokens cost their weight: a
 * query token with no partner costs fully, a list token with no partner
 * (a missing patronymic) costs a fraction; an organisation's legal form,
 * country phrase, generic words and the words around its quoted name weigh
 * little. docs/scoring.md has the formula.
 */
#ifndef EMB_SCORE_H
#define EMB_SCORE_H

#include "embargo.h"
#include "../text/name.h"
#include "../base/cpu.h"

/* Worst case pairs: every token of both sides alone. */
#define EMB_MAX_PAIRS (2 * EMB_NAME_MAX_TOKENS)

/* The scoring constants, in one place (docs/scoring.md has the measurements
 * they come from; eval/fit-results.txt the fit of the values below). The
 * scorer uses them; so does the screen's estimate of a candidate's score,
 * which must not promise less than the scorer gives.
 *
 * EMB_K(name, value) is the value compiled in. A build with -DEMB_FIT (only
 * scripts/fit_scoring.py makes one, never the shipped engine) reads each
 * from the environment instead (EMBARGO_FIT="EMB_CONFLICT=1.1,..."), so that
 * a fit can try values without rebuilding; score.c holds the table. */
#ifdef EMB_FIT
double emb__fit_value(int slot, double value);
#define EMB_K(slot, value) emb__fit_value(slot, value)
#else
#define EMB_K(slot, value) (value)
#endif

#define EMB_CONFLICT EMB_K(0, 1.25)       /* per side, tokens unpaired on both sides (eval/fit-results.txt) */
#define EMB_EXTRA_QUERY EMB_K(1, 0.5)     /* a query token the list name lacks */
#define EMB_EXTRA_NAME EMB_K(2, 0.3)      /* a list token the query leaves out */
#define EMB_EXTRA_NAME_ORG EMB_K(3, 0.6)  /* an organisation's omitted words name another one */
#define EMB_EXTRA_QUERY_ORG EMB_K(4, 0.8) /* and so do its added words (a subsidiary, a branch) */
#define EMB_REVERSED_BIN EMB_K(5, 0.7)
#define EMB_MIN_EVIDENCE EMB_K(6, 0.8)    /* paired query weight a match needs in full */
/* Organisations (docs/scoring.md, "Organisations"): a generic word (Group,
 * Bank, Holding, Trading) weighs this fraction of its frequency weight, and
 * so, when left out, do the words around a quoted name and a repeated word;
 * a country phrase or adjective weighs EMB_WEIGHT_COUNTRY; what only
 * describes an organisation (a legal form, a country phrase, the words
 * around its quoted name) costs EMB_EXTRA_DESCRIPTIVE of its weight when one
 * side leaves it out; two names of different countries score
 * EMB_COUNTRY_CONFLICT of what they would. */
#define EMB_GENERIC_FACTOR EMB_K(7, 0.3)
#define EMB_WEIGHT_COUNTRY EMB_K(8, 0.2)
#define EMB_COUNTRY_PAIRED EMB_K(9, 0.5)  /* a country phrase both names give: an English word's weight */
#define EMB_EXTRA_DESCRIPTIVE EMB_K(10, 0.3)
#define EMB_COUNTRY_CONFLICT EMB_K(11, 0.7)
#define EMB_WORD_EVIDENCE EMB_K(12, 0.6)  /* what an English word counts towards it */

/* Similarities of the kinds of pairing below exact (1.0). */
#define EMB_SIM_TRANSLIT ((float)EMB_K(13, 0.95))
#define EMB_SIM_INITIAL ((float)EMB_K(14, 0.9))
#define EMB_SIM_PHONETIC ((float)EMB_K(15, 0.85))
#define EMB_SIM_PHONETIC_FAR ((float)EMB_K(16, 0.78))
#define EMB_SIM_JOINED ((float)EMB_K(17, 0.95))
#define EMB_SIM_ACRONYM ((float)EMB_K(18, 0.85))
#define EMB_SIM_LEGAL_FAMILY ((float)EMB_K(19, 0.8))
/* An edit within the typo budget: 1 - EMB_EDIT_COST d - EMB_EDIT_COST_LEN d / L
 * for d edits in a word of L letters (emb__edit_sim). The length term
 * carries most of the cost: an edit changes a short word into another name
 * more often than a long one (two edits: 0.63 at 6 letters, 0.72 at 10,
 * 0.76 at 14; one: 0.79 at 5, was 0.80; 0.86 at 10). Was 0.12 + 0.4 / L;
 * the category sets' two typos in a word (dev) and the names not listed
 * chose it (docs/scoring.md, eval/fit-results.txt). */
#define EMB_EDIT_COST ((float)EMB_K(20, 0.07))
#define EMB_EDIT_COST_LEN ((float)EMB_K(21, 0.7))

/* What a join found by lookup (both halves of SergeiLavrov, or Patr+ushev
 * written together, are keys of the index) counts towards a candidate's
 * estimate before scoring: less than EMB_SIM_JOINED, which the scorer gives
 * once the pairing is confirmed, because most such lookups are chance (the
 * initials of "J. S. Kim" joined are the key "js"). Counting them at 0.95
 * pushed true names out of the candidates: 3 of the 20,000 benchmark
 * queries lost matches (J. S. Kim 4 -> 1). */
#define EMB_SIM_JOINED_GUESS 0.9f

/* What a screen does to a name score beyond the names: a weak alias is
 * evidence, not an alert of its own; a company legal form in the query
 * names no person, vessel or aircraft (JSC Globus is not the man whose weak
 * alias is GLOBUS, Elsa AG not the tanker ELSA). */
#define EMB_WEAK_ALIAS_FACTOR EMB_K(22, 0.9)
#define EMB_LEGAL_FORM_PERSON EMB_K(23, 0.8)
/* Two different legal forms (S.A. where the list says LIMITED, LLC for
 * OOO's sister AO): what each side's form costs, as EMB_CONFLICT does for
 * names. A pair of words one edit beyond the typo budget counts at this
 * fraction of the edit similarity (score.c, pair_far). */
#define EMB_LEGAL_CONFLICT EMB_K(24, 1.25)
#define EMB_SIM_FAR_EDIT ((float)EMB_K(25, 0.95))
/* What an initial that agrees with a listed given name counts towards the
 * evidence a match needs (EMB_MIN_EVIDENCE), as a fraction of that name's
 * weight. */
#define EMB_INITIAL_EVIDENCE EMB_K(26, 0.25)
/* What a query word costs that a one-word list name (SABRINA, a vessel's;
 * ABD AL-AZIZ) does not confirm: its full weight (score.c,
 * one_written_word). */
#define EMB_EXTRA_QUERY_ONE EMB_K(27, 1.0)
/* Two spellings whose keys differ only in o/u and e/i, Arabic's u and i
 * (score.c, arabic_vowels): between a shared key and a shared skeleton.
 * 0.9 brought two one-word surnames of names on no list over the threshold
 * (Utaibi ~ AL-OTAIBI, Mohammad; Maliki ~ MALEKI, Naser); 0.88 none, and
 * the same four benchmark pairs (Osama bin Laden ~ the full nasab). */
#define EMB_SIM_VOWELS ((float)EMB_K(28, 0.88))
/* What a person's name word weighs at least where it contradicts one of
 * the other name (score.c, conflict_weight). 0.6, 0.7, 0.8, 1.0 tried: the
 * pair benchmark's F1 0.868, 0.873, 0.875, 0.875; at 1.0 an Arabic
 * spelling of the category sets (test) is lost; no other figure moves. */
#define EMB_CONFLICT_FLOOR EMB_K(29, 0.8)
/* A kunya (Abu X, "father of X") against X alone: X is another person's
 * name there (score.c, kunya_dropped); as a son and father swapped. */
#define EMB_KUNYA EMB_K(30, 0.7)
/* In a screen, an edit between a query word that is itself a name people
 * bear and a listed one (Nikola Petkov ~ PESKOV, Nikolay) rather names
 * another person than misspells the listed one (score.c). */
#define EMB_SIM_KNOWN_EDIT ((float)EMB_K(31, 0.9))
/* The other way round: two edits in a long word whose query spelling is no
 * name people bear, every other name word the same, are a misspelling:
 * the pair keeps only this share of its doubt, 1 - similarity (score.c,
 * lift_misspelt). */
#define EMB_MISSPELT_DOUBT ((float)EMB_K(32, 0.6))
/* What the other name words of two names must weigh as evidence (the
 * evidence a match needs, twice) for the one word left on each side, two
 * edits apart, to count as misspelt (score.c, pair_lone_misspelt). */
#define EMB_STRONG_EVIDENCE EMB_K(33, 1.6)
/* What a listed patronymic the query leaves out weighs there, whichever
 * it is (its weight if less; not a link of an Arabic nasab, which weighs
 * half its own): its rarity says nothing of how well the query names
 * the person, and namesakes the query meets alike then score alike
 * (score.c, omission_weight). */
#define EMB_PATRONYMIC_OMITTED EMB_K(34, 0.4)
/* A query word paired with a listed initial: what it weighs beyond the
 * initial costs as a word the list does not confirm (score.c, record). */
#define EMB_WORD_TO_INITIAL EMB_K(35, 0.5)
/* In a screen, a query family name (the word after the article: al-Tassan,
 * al-Omari) paired by sound or edits alone with a listed given name
 * (IBRAHIM, Mohammed Hassan; AL RAHMAN, Shaykh Umar Abd) rather names
 * another family than misspells that given name: the pair's similarity
 * is scaled by this (score.c, family_to_given). */
#define EMB_SIM_FAMILY_GIVEN ((float)EMB_K(36, 0.85))
/* A given name paired with another of its group (equiv.h: Charles and
 * Karl, Michael and Mike) says the name is of that group, which many more
 * bear than either name: what it counts towards the evidence a match needs
 * (EMB_MIN_EVIDENCE), as a fraction of its weight, as an initial that
 * agrees (score.c, given_equiv). */
#define EMB_EQUIV_EVIDENCE EMB_K(37, 0.25)
/* What the name a query of one word writes joined to the Arabic article
 * (Alghamdi for AL-GHAMDI, Uthman) counts towards the evidence at most,
 * as the word of Al-Ghamdi written apart weighs (name.c,
 * COMMON_GIVEN_WEIGHT): a family's or a tribe's name (score.c,
 * record_join). */
#define EMB_ARTICLE_FAMILY_WEIGHT EMB_K(38, 0.75)
/* A query's first and last names that pair the listed surname and a
 * listed given name the other way round, neither as the same word or
 * romanisation key (Ahmad Rahi ~ AHMADI, Rahim): two names that each only
 * resemble, in swapped places, say less than either alone (score.c,
 * swapped_unsure); the score counts this. */
#define EMB_SWAPPED_UNSURE EMB_K(39, 0.9)
/* What an ordinary English word that no counted name contains weighs
 * towards the evidence where it resembles a listed word that is no
 * English word (score.c, unseen_word_resembles): at most this, as name.c
 * caps an English word's weight (WORD_WEIGHT), times EMB_WORD_EVIDENCE.
 * Micron ~ JOINT STOCK COMPANY MIKRON 0.866 -> 0.31. */
#define EMB_UNSEEN_WORD_WEIGHT EMB_K(40, 0.5)
#define EMB_FIT_SLOTS 41

typedef struct emb_score {
    double score;
    size_t npairs;
    /* (emb__score_screen_ctx) a screen's own doubt lowered a pair's
     * similarity: the pairs are not those emb__score_names explains */
    int screened;
    /* the query's last word was paired as cut short at a payment field's
     * width (emb__query_cut): the explanation says so */
    int cut;
    embargo_pair pairs[EMB_MAX_PAIRS];
} emb_score;

/* A payment message writes a name in lines of 35 characters (SWIFT MT:
 * the ordering customer's 50K, the beneficiary's 59), and cuts a longer
 * name there: NOUREDDINE BEN ALI BEN BELKASSEM DR for ... DRISSI. For a
 * query s[0..len) of exactly EMB_CUT_WIDTH characters (spaces around it
 * aside; a line that ends on a whole word is shorter, and a 50F line's
 * "1/" counts when the query has it), all in the SWIFT MT character set
 * (letters, digits, space and / - ? : ( ) . , ' +), whose
 * last word ends in a letter and has two letters or more and is not its
 * only word: 1 + the token of q (s analysed) that is that word, which the
 * scorer may pair as the beginning of the listed word that follows the
 * query's word before it (score_words.c, emb__pair_cut); else 0. A query
 * of another length gets no such pair: John Sm is not John Smith. */
#define EMB_CUT_WIDTH 35
#define EMB_CUT_NOTE "cut at 35 characters" /* the explanation's note */
uint8_t emb__query_cut(const char *s, size_t len, const emb_tokens *q);

/* Scores query tokens q against list-name tokens c of an entity of `type`
 * (EMBARGO_TYPE_UNKNOWN: guessed from legal forms). If `out` is not NULL it
 * receives the score and, with want_pairs, the pairs (the explanation).
 * Returns the score in 0..1. */
double emb__score_names(const emb_tokens *q, const emb_tokens *c, embargo_entity_type type,
                        emb_score *out, int want_pairs);

/* The same for screening a query against the list (screen.c): a query that
 * gives a legal form the pairing left unpaired names an organisation, and a
 * listed person, vessel or aircraft then scores EMB_LEGAL_FORM_PERSON of
 * it. A legal form read
 * as initials (N.V. Beglova, S.A. Kogogin) is none. Comparing two given
 * names (compare) does not weigh this: the caller said what they name.
 * A score below `min_score` (a screen's threshold; 0: none) may be returned
 * as 0, its pairing left unfinished once it cannot reach it; a score at or
 * above it is the exact one. */
double emb__score_screen(const emb_tokens *q, const emb_tokens *c, embargo_entity_type type,
                         double min_score);

/* What the scorer knows of a query before it meets a list name, worked out
 * once per query (emb__score_query_prepare) rather than for every name
 * scored against it: the query side's marks (score.c, side_marks) and each
 * word's first letters of competing readings (far_firsts). Borrows q,
 * which must outlive it and stay unchanged. */
typedef struct emb_score_query {
    const emb_tokens *q;
    uint64_t one, two;  /* side_marks */
    uint32_t far, art, six;
    uint16_t flags;
    uint32_t far_first[32]; /* (0: no competing reading) */
    /* what the pairing loop asks of each query word, whatever the listed
     * word (score.c, may_meet): twice the typo budget of its key, in a
     * person's name [0] and an organisation's [1], 255 for a word any
     * listed word may pair with (a legal form, an initial, a Belarusian or
     * Ukrainian spelling; in an organisation's name a country too); twice
     * that of its spelling */
    uint8_t kb2[2][32], tb2[32];
    /* set by the screen for one candidate (0 after emb__score_query_prepare):
     * the query's country says where the organisation is not (none of the
     * entity's countries), or the name is a weak alias, so it costs in full
     * (score_org.c, added_country) */
    uint8_t no_placed;
} emb_score_query;

/* Prepares `qx` for screening query q (any number of tokens). */
void emb__score_query_prepare(const emb_tokens *q, emb_score_query *qx);

/* Whether the query's token i may be a country an organisation's query
 * adds to say where it is (score_org.c, added_country), by the query's
 * shape alone: the screen's bounds then count it as costing next to
 * nothing left out (screen.c). */
int emb__country_placed_shape(const emb_tokens *q, uint32_t i);

/* emb__score_screen of qx's query: the same score, its query side known.
 * If `out` is not NULL it receives the pairs as emb__score_names(...,
 * want_pairs) gives them, for a score at or above min_score, unless
 * out->screened says otherwise (then only that score is exact). */
double emb__score_screen_ctx(const emb_score_query *qx, const emb_tokens *c, embargo_entity_type type,
                             double min_score, emb_score *out);

/* Damerau (optimal string alignment) edit distance between a and b, giving
 * up and returning max + 1 once it exceeds `max`. */
unsigned emb__edit_distance(const char *a, size_t an, const char *b, size_t bn, unsigned max);

/* The similarity of two spellings d edits apart, the longer L bytes long. */
float emb__edit_sim(unsigned d, size_t L);

/* The edit budget of a token of this length: about log base 2.35 of
 * (len - 2), as OpenSanctions' rigour measured (none up to four letters,
 * one up to seven, two up to fourteen, three beyond). A table and inline:
 * the scorer asks it for nearly every pair of words it compares. */
static inline unsigned emb__edit_budget(size_t len) {
    static const unsigned char budget[15] = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2};
    return len < 15 ? budget[len] : 3;
}

/* (emb__popcount, the bits of letter masks set: base/cpu.h) */

#endif

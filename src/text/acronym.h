/*
 * acronym.h - a list's acronym aliases, read letter by letter.
 *
 * An organisation's alias such as IARA (ISLAMIC AFRICAN RELIEF AGENCY) or
 * PKK is read letter by letter, not as a word: a word that a romanisation
 * key, a phonetic skeleton, a reading or a typo makes equal to it (Yara,
 * Pc) names something else, and a one-letter typo in a short acronym is
 * another acronym. The index build marks such aliases (emb__acronym_of);
 * the screen pairs them only with a query that spells them letter for
 * letter (case and dots aside). docs/scoring.md, "Acronym aliases".
 * Thread-safe.
 */
#ifndef EMB_ACRONYM_H
#define EMB_ACRONYM_H

#include <stddef.h>

/* The shortest and longest acronym alias marked. */
#define EMB_ACRONYM_MIN 2
#define EMB_ACRONYM_MAX 6

/* Whether alias s[0..n) as the list writes it is an acronym of the name
 * other[0..on): one word of EMB_ACRONYM_MIN..EMB_ACRONYM_MAX capital ASCII
 * letters (no spaces, dots or digits) that are the first letters of the
 * name's words in order from its first, each connecting word or particle
 * (OF, THE, AND, DE, AL) giving its letter or passed over, and nothing
 * after the last letter's word but such words, legal forms and generic
 * organisation words (BNC: BANCO NACIONAL DE CUBA; IRISL: ISLAMIC REPUBLIC
 * OF IRAN SHIPPING LINES). The name needs two words at least. Words are
 * runs of ASCII letters and UTF-8 bytes; case does not matter in `other`. */
int emb__acronym_of(const char *s, size_t n, const char *other, size_t on);

/* emb__acronym_of in two steps, for one alias against many names or many
 * aliases against one (build.c): a name split into its words once
 * (emb__acronym_words), then each alias read against them
 * (emb__acronym_spelt). */
enum { EMB_ACRONYM_WORDS_MAX = 40 };
typedef struct emb_acronym_word {
    char first;   /* lower-case ASCII first letter, or 0 */
    unsigned char skip; /* 1: a connecting word or particle, passed over or not;
                           2: also a word that may follow the acronym's last */
} emb_acronym_word;

/* Whether s[0..n) could be an acronym alias: EMB_ACRONYM_MIN..MAX capital
 * ASCII letters. */
int emb__acronym_candidate(const char *s, size_t n);

/* The words of other[0..on) into w[0..EMB_ACRONYM_WORDS_MAX); returns how
 * many, or 0 if more than that (no acronym is read against such a name). */
size_t emb__acronym_words(const char *other, size_t on, emb_acronym_word *w);

/* emb__acronym_of(s, n, ...) against a name split by emb__acronym_words. */
int emb__acronym_spelt(const char *s, size_t n, const emb_acronym_word *w, size_t nw);

#endif

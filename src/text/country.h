/*
 * country.h - countries by what people write for them.
 *
 * A bank's export says "RU", "RUS", "Russian Federation" or "Russian"; a
 * list says "Russia", "Korea, North" or "Democratic People's Republic of
 * Korea". All of them are read here into ISO 3166 alpha-2 codes: the codes
 * themselves (alpha-2 and alpha-3), English names as ICU gives them, and
 * the other names and demonyms of scripts/countries-extra.tsv, compiled
 * into country_table.inc by scripts/gen_country_table.c. Thread-safe.
 */
#ifndef EMB_COUNTRY_H
#define EMB_COUNTRY_H

#include <stddef.h>

/* Countries one name may mean ("Korea": KP or KR; "Congo": CD or CG). */
#define EMB_COUNTRY_MAX 4

/* The countries text s[0..len) names, as a NUL-terminated run of alpha-2
 * codes ("RU", or "KPKR" for either), static; NULL if it names none known.
 * Case, accents, punctuation, a leading "the" and the word order of
 * "Korea, North" do not matter. A text that names nothing as a whole but
 * ends in ", <country>" (an address) names that country. */
const char *emb__country_codes(const char *s, size_t len);

/* The countries a key already folded as emb__country_fold folds (lower-case
 * ASCII words, one space apart, no leading "the") names, as for
 * emb__country_codes, or NULL; s[0..len) need not be NUL-terminated. No
 * ICU: for words that are folded already, such as a name's tokens. If
 * `longer` is not NULL it is set to whether some longer key begins with
 * these words (s "korea" -> "korea north"), so that a caller reading words
 * one by one knows whether to read on. */
const char *emb__country_key(const char *s, size_t len, int *longer);

/* The English name of alpha-2 code `code` ("RU" -> "Russia"), or NULL. */
const char *emb__country_name(const char *code);

/* Whether two runs of codes (emb__country_codes) share a country. */
int emb__country_overlap(const char *a, const char *b);

/* The lookup key of a name: accents dropped (ICU NFD), letters lower-cased,
 * everything else one space, a leading "the " removed. Writes at most cap
 * bytes (NUL included) and returns the length, or 0 if nothing is left or
 * it does not fit. */
size_t emb__country_fold(const char *s, size_t len, char *out, size_t cap);

#endif

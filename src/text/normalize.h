/*
 * normalize.h - any script to lower-case Latin, through ICU.
 *
 * The normaliser turns a UTF-8 name into lower-case text in which every
 * letter that has a Latin romanisation has been romanised: NFKC, then
 * Cyrillic by BGN/PCGN (the system most lists use), every other script by
 * ICU's Any-Latin, then Latin-ASCII and lower case. Before that, what hides
 * a name is undone: default-ignorable code points (zero-width space and
 * joiners, soft hyphen, word joiner, BOM) are dropped, and in a Latin word
 * the Cyrillic and Greek letters that look like Latin ones (by ICU's
 * confusable skeleton) are read as those Latin letters; a wholly Cyrillic
 * or Greek word is romanised as usual. Pure ASCII input skips ICU entirely,
 * and so does text of ASCII and Latin letters with marks (Krüger, Muñoz:
 * normalize.c spells them from a table ICU wrote); text that adds Cyrillic
 * letters goes to ICU a word at a time, and the normaliser remembers the
 * words (the result is ICU's for the whole text).
 * A normaliser owns an ICU transliterator (a clone of one parsed once per
 * process, made at its first text that needs it), a spoof checker and its
 * memo of words, which are not thread-safe: one normaliser per thread.
 */
#ifndef EMB_NORMALIZE_H
#define EMB_NORMALIZE_H

#include "embargo.h"
#include "../base/buf.h"

typedef struct emb_normalizer emb_normalizer;

embargo_status emb__normalizer_new(emb_normalizer **out);
void emb__normalizer_free(emb_normalizer *nz);

/* Normalises valid UTF-8 `in` (the caller validates) and appends the result
 * to `out` (a NUL is not appended). Letters ICU cannot romanise stay as
 * they are, in UTF-8. Returns EMBARGO_ENOMEM or EMBARGO_EUNICODE on failure. */
embargo_status emb__normalize(emb_normalizer *nz, const char *in, size_t len, emb_buf *out);

/* emb__normalize always through ICU: the path that text of ASCII and Latin
 * letters with marks skips (normalize.c), for the table's generator and its
 * test. The same contract. */
embargo_status emb__normalize_icu(emb_normalizer *nz, const char *in, size_t len, emb_buf *out);

#endif

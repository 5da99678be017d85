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
 * or Arabic letters goes to ICU a word at a time, and the normaliser
 * remembers the words (the result is ICU's for the whole text). Arabic
 * script is first rewritten as the Latin lists write its names (the
 * article apart, Allah joined, particles in Latin: normalize.c, arabic_words).
 * A normaliser owns an ICU transliterator (a clone of one parsed once per
 * process, made at its first text that needs it), a spoof checker and its
 * memo of words, which are not thread-safe: one normaliser per thread.
 */
#ifndef EMB_NORMALIZE_H
#define EMB_NORMALIZE_H

#include "embargo.h"
#include "../base/buf.h"

#include <stdint.h>
#include <string.h>

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

/* What romanisation loses. Han characters that read alike (高市, 高石:
 * gao shi), Hangul syllables that the North's system spells alike (종, 정:
 * jong), letters of Bengali, Arabic, Hebrew and other scripts that
 * romanise to one Latin letter are different names in their own script.
 * emb__normalize_marks writes, for each word of `in` (valid UTF-8), in
 * order, its mark: 0 for a word of Latin, Cyrillic or Greek letters or
 * digits (their romanisation keeps what they say), else EMB_MARK_SCRIPT in
 * the top byte and below it, for a Han character or Hangul syllable, a hash
 * of it, folded; for a word of an alphabet, the set of its folded letters,
 * a bit of 24 each (EMB_MARK_LETTERS: two words whose sets differ in k
 * bits are at least (k + 1) / 2 edits apart). A word is
 * what emb__name_analyze takes for one (letters, digits and marks; an
 * apostrophe or middle dot between letters joins), but each Han character
 * and each Hangul syllable is a word of its own (the romanisation gives
 * each its own word). Folded: Traditional Han as Simplified (習 习), in a
 * word's first Hangul syllable the initial sound of the South's spelling
 * (리 이, 류 유, 로 노, 녀 여), Arabic's vowel marks, tatweel and the forms of
 * alif, ya, ta marbuta and hamza seats, Persian ya and kaf, Hebrew's
 * points. If `syllables` is not NULL, it gets for each word the Hangul
 * syllable it is, as written (0 for any other word). Returns the number of
 * words (at most cap are written), 0 when no word is marked (nothing
 * written then matters), or (size_t)-1 when out of memory or ICU fails. */
#define EMB_MARK_SCRIPT(m) ((m) >> 24)  /* an ICU UScriptCode */
#define EMB_MARK_HAN 17u                 /* USCRIPT_HAN */
#define EMB_MARK_HANGUL 18u              /* USCRIPT_HANGUL */
#define EMB_MARK_KATAKANA 22u            /* USCRIPT_KATAKANA */
#define EMB_MARK_LETTERS(m) ((m) & 0xFFFFFFu)
size_t emb__normalize_marks(emb_normalizer *nz, const char *in, size_t len, uint32_t *marks,
                            uint32_t *syllables, size_t cap);

/* Whether s[0..n) is ASCII only: eight bytes at a time (most names are,
 * and name.c and emb__normalize ask it of each). */
static inline int emb__ascii_only(const char *s, size_t n) {
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        any |= w;
    }
    for (; i < n; i++) any |= (unsigned char)s[i];
    return (any & 0x8080808080808080ull) == 0;
}

/* Whether code point cp joins the letters on either side into one word
 * and is dropped: apostrophes, the modifier letters for ayin and hamza,
 * middle dots. name.c splits a name's words so, and emb__normalize_marks
 * counts words alike: the two must agree word for word. */
static inline int emb__word_joiner(uint32_t cp) {
    return cp == '\'' || cp == '`' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02B9 ||
           cp == 0x00B4 || cp == 0x00B7 || cp == 0x02BB || cp == 0x02BE || cp == 0x02BF || cp == 0x02B0;
}

#endif

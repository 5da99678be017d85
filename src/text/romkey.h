/*
 * romkey.h - keys that make romanisations of one name agree.
 *
 * One Cyrillic name has many Latin spellings: Kosachev (BGN), Kosachyov
 * (English press), Kossatchev (French), Kossatschow (German); Slutsky,
 * Slutskiy, Sloutski. The romanisation key rewrites a lower-case ASCII token
 * so that the spelling systems agree where they differ only in how they
 * write one sound (sh/sch/ch, kh/h, ts/tz, y/j/i, yo/io/e after sibilants,
 * ou/oo/u, w/v, ph/f, doubled letters). The phonetic skeleton goes further:
 * the key without vowels (Mohammed, Muhammad, Mokhammed -> mhmd).
 */
#ifndef EMB_ROMKEY_H
#define EMB_ROMKEY_H

#include <stddef.h>

/* Maximum output length for an input of n bytes. */
#define EMB_ROMKEY_CAP(n) (2 * (n) + 1)

/* Writes the romanisation key of tok[0..n) to out (capacity
 * EMB_ROMKEY_CAP(n)); returns its length. Bytes >= 0x80 are copied. */
size_t emb__romkey(const char *tok, size_t n, char *out);

/* Writes the phonetic skeleton of a key to out (capacity n + 1); returns
 * its length: consonants only, s/z/ts and g/k merged, and an initial vowel
 * kept as 'a' (Osama and Usama agree; Putin and Aputin do not). */
size_t emb__phonkey(const char *key, size_t n, char *out);

#endif

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
#include <stdint.h>

/* Maximum output length for an input of n bytes. */
#define EMB_ROMKEY_CAP(n) (2 * (n) + 1)

/* Writes the romanisation key of tok[0..n) to out (capacity
 * EMB_ROMKEY_CAP(n)); returns its length. Bytes >= 0x80 are copied. */
size_t emb__romkey(const char *tok, size_t n, char *out);

/* Competing readings of one spelling. English (BGN/PCGN, ICAO) spelling is
 * what emb__romkey reads; the others are read by first rewriting the word
 * as English would spell the same Cyrillic letters. German (Duden): ch is
 * the English kh, sch sh, tsch ch, dsch dzh, w v, z ts, j y, s between
 * vowels z (Chodorkowski, Prigoschin, Kosak). French: ch is sh, tch ch, j
 * zh, ou u, gu before e/i g, a final -ine -in, a final -ff v (Prigojine,
 * Choigou, Guerassimov, Poutine, Smirnoff). */
enum { EMB_READ_GERMAN, EMB_READ_FRENCH, EMB_READINGS, EMB_READ_ISO9 = EMB_READINGS, EMB_READ_EAST };

/* EMB_READ_EAST reads a name romanised from Belarusian or Ukrainian (BGN,
 * the national systems, passports) as Russian BGN would spell its Russian
 * form, where the letters say it unambiguously: h (Belarusian and
 * Ukrainian g) -> g, u after a vowel (the Belarusian short u, v) -> v and a
 * final -au, -ou -> -ov (IPATAU Ipatov, SHAUTSOU Shavtsov), dz not before h
 * (the Belarusian soft d) -> d (Dzmitry, Vadzim), ts before i (the soft t)
 * -> t (Kanstantsin), the patronymic -avich, -auna -> -ovich, -ovna. What
 * it cannot say stays: the Belarusian a for an unstressed o (Lukashenka,
 * Molastau) is left to the phonetic skeleton, which has no vowels. Apply it
 * only to names that look Belarusian or Ukrainian (name.c): in Ahmad the h
 * is no g. */

/* Maximum output length of emb__romkey_reading for an input of n bytes. */
#define EMB_READING_CAP(n) (2 * (n) + 1)

/* Writes tok[0..n) (lower-case ASCII) as English would spell what it
 * spells in `reading` to out (capacity EMB_READING_CAP(n)); returns its
 * length, or 0 if the reading spells nothing differently. */
size_t emb__romkey_reading(const char *tok, size_t n, int reading, char *out);

/* Whether emb__romkey_reading of tok[0..n) in `reading` (German, French or
 * ISO 9) may spell it otherwise, from the letters it holds (`letters`:
 * bit c & 31 for each byte c, name.h's emb__letter_mask): 0 means it
 * returns 0. Most words hold none of the letters a reading rewrites (each
 * reading was ~340 instructions a word). */
int emb__romkey_reading_may(const char *tok, size_t n, uint32_t letters, int reading);

/* ISO 9 with its marks lost (Šojgu -> Sojgu, Čalyj -> Calyj, Jûrij ->
 * Urij, Âroš -> Aros) cannot be read back: s may be s or sh, c ts or ch, u
 * u or yu. EMB_READ_ISO9 reads c as ch (there is no English c in ISO 9);
 * the loose form of a key then forgets what the lost marks told apart:
 * sh -> s, zh -> z, ch and ts -> c, dzh -> dz; the y of ya, yu, ye goes,
 * yo -> e. (s and z stay apart: Nazer is not Nasser.) Writes the loose form of key[0..n) to out (capacity
 * EMB_ROMKEY_CAP(n)); returns its length. */
size_t emb__romkey_loose(const char *key, size_t n, char *out);

/* The letter the loose form of a key that begins with key letter c
 * begins with: S s, Z z, C and T c, J d (of dz), any other letter itself;
 * but an i may go or become e (the loose form of ia, iu, ie, io), which
 * callers take as meeting any letter. emb__romkey_loose writes its first
 * letter so; filters that pass the pairs it may meet (name.h,
 * emb__token_keys_meet; score.c, far_firsts) ask this, never a copy of it.
 * A macro too, a constant expression for a constant c (score.c's table of
 * the letters that begin alike); inline: asked of most pairs of words. */
#define EMB_ROMKEY_LOOSE_FIRST(c)                                                                        \
    ((c) < 'C' || (c) > 'Z' ? (c) /* (most letters: lower-case) */                                       \
     : (c) == 'S' ? 's' : (c) == 'Z' ? 'z' : ((c) == 'C' || (c) == 'T') ? 'c' : (c) == 'J' ? 'd' : (c))
static inline char emb__romkey_loose_first(char c) {
    return (char)EMB_ROMKEY_LOOSE_FIRST(c);
}

/* Whether the loose form of key[0..n) is loose[0..ln), without writing it:
 * stops at the first letter that differs. */
int emb__romkey_loose_eq(const char *key, size_t n, const char *loose, size_t ln);

/* Whether two keys are one but for the Belarusian a written for an
 * unstressed o (akanye: Hara ~ Gora, Dunka ~ Dunko); keys of four letters
 * or more. For short words, whose skeletons are too short to compare. */
int emb__romkey_akanye_eq(const char *a, size_t an, const char *b, size_t bn);

/* Writes the phonetic skeleton of a key to out (capacity n + 1); returns
 * its length: consonants only, s/z/ts and g/k merged, and an initial vowel
 * kept as 'a' (Osama and Usama agree; Putin and Aputin do not). */
size_t emb__phonkey(const char *key, size_t n, char *out);

/* Wade-Giles, in which Taiwanese, Hong Kong and older press write Chinese
 * names (Mao Tse-tung, Hsi Chin-p'ing), as pinyin writes the syllable
 * (Mao Zedong, Xi Jinping). s[0..n) is one syllable, lower-case, its
 * apostrophe (the mark of an aspirated initial) and umlaut lost;
 * `aspirated` reads p, t, k, ch, ts as p', t', k', ch', ts' (pinyin p, t,
 * k, ch or q, c) rather than b, d, g, zh or j, z. Writes the pinyin to out
 * (capacity 8) and returns its length; 0 if s is no syllable of the
 * published Wade-Giles table (its initials and finals). */
size_t emb__wade_giles(const char *s, size_t n, int aspirated, char *out);

/* The length of s's initial if it is one Wade-Giles writes aspirated or
 * not (p, t, k, ch, ts, tz); 0 otherwise. */
int emb__wade_giles_aspirable(const char *s, size_t n);

/* Whether a and b are two syllables of Wade-Giles, one of them spelt as
 * no pinyin syllable is (Tse, Chin, Hsiao): the syllables of a given name
 * that the analyser joins when a hyphen joins them (name.c), and that are
 * one name written apart too (score.c). */
int emb__wade_giles_pair(const char *a, size_t an, const char *b, size_t bn);

/* Whether a is the pinyin syllable b, whose initial is a palatal (x, q),
 * written with the sibilant English ears take it for (s or sh; ch), the
 * final one both take (i, u, uan, un): Shi or Si for Xi, Shu for Xu, Chi
 * for Qi. English ears take the palatal for the sibilant (Shi
 * Jinping for Xi Jinping); the other way round a writer has no such
 * reason. They are other syllables, other names (score.c pairs them as
 * sounds alike, not as one spelling). */
int emb__pinyin_sibilants(const char *a, size_t an, const char *b, size_t bn);

#endif

/*
 * equiv.h - spellings and names that stand for one name.
 *
 * Two kinds, both for a person's names:
 *  - the other romanisations of a Korean syllable written in Hangul. The
 *    analyser spells Hangul as North Korea's system does (박 PAK, 리 RI,
 *    성 SONG: the lists' spelling); the South writes 박 Bak by its Revised
 *    Romanisation and Park by custom, 이 Lee, Yi or Rhee, 성 Seong or Sung.
 *    Those spellings' keys are added to the token's competing readings
 *    (name.h, akey), so that they meet as one romanisation does;
 *  - given names that other languages write otherwise or shorten (John,
 *    Juan, Johann, Jean, Giovanni, Ivan; William, Bill): a group number,
 *    which the scorer pairs as a strong but not exact given-name match.
 */
#ifndef EMB_EQUIV_H
#define EMB_EQUIV_H

#include "embargo.h"
#include "../base/arena.h"
#include "name.h"

#include <stddef.h>
#include <stdint.h>

/* The Revised Romanisation of a Hangul syllable's final consonant (28, in
 * Unicode's order; "" for none): the lists' spelling and the foreign
 * reading (normalize.c) agree on it. */
extern const char *const emb__hangul_final[28];

/* Adds to t (a token romanised from the Hangul `syllable`) the keys of the
 * syllable's Revised Romanisation, its customary spelling (ㅓ as u: Sung,
 * Jung; ㅕ as yu: Hyun) and, if `surname` (the name's first syllable), the
 * surname's customary spellings (Park, Lee, Choi), in t's free reading
 * slots (at most EMB_ALT_KEYS in all, the surname's first). Keys are
 * allocated in `a`. Returns EMBARGO_ENOMEM or EMBARGO_OK. */
embargo_status emb__equiv_hangul(emb_arena *a, emb_token *t, uint32_t syllable, int surname);

/* The group of given names that the lower-case ASCII word s[0..n) belongs
 * to (1 ...), 0 if none. Groups are of one name across languages and its
 * common short forms (equiv.c has the table, written for embargo). */
uint32_t emb__equiv_given(const char *s, size_t n);

/* The first letters of the names of given-name group `group` (0: none),
 * as emb__letter_mask sets them: the words a name may begin with when one
 * of the group's names stands for another (Giuseppe for JOSEPH). */
uint32_t emb__equiv_given_initials(uint32_t group);

#endif

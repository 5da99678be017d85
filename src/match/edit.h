/*
 * edit.h - the edit distance of two words, bit-parallel.
 *
 * emb__edit_distance (declared in score.h, where the scorer finds it) and
 * the pattern form below compute the same optimal-string-alignment
 * distance (Damerau: insertions, deletions, substitutions and transpositions
 * of adjacent letters, no letter edited twice) for words of at most 64
 * bytes. A pattern prepares one word once, for comparing it with many: a
 * query word against every list word its deletion variants lead to.
 */
#ifndef EMB_EDIT_H
#define EMB_EDIT_H

#include <stddef.h>
#include <stdint.h>

#define EMB_EDIT_MAX_LEN 64

/* One word prepared for emb__edit_distance_pat: for each byte value, the
 * positions where it occurs in the word, as bits. */
typedef struct emb_edit_pattern {
    uint64_t peq[256];
    size_t len;           /* bytes; above EMB_EDIT_MAX_LEN: compares as too far */
} emb_edit_pattern;

/* Prepares word s of `len` bytes. */
void emb__edit_pattern_init(emb_edit_pattern *p, const char *s, size_t len);

/* The same in a pattern whose peq is all zero (zero-allocated, or reset
 * below): one pattern kept and reused is not cleared (2 KB) for every word. */
void emb__edit_pattern_set(emb_edit_pattern *p, const char *s, size_t len);

/* Makes a pattern set with word s all zero again (the entries of s's bytes
 * only). */
void emb__edit_pattern_reset(emb_edit_pattern *p, const char *s, size_t len);

/* The distance from the pattern's word to b, as emb__edit_distance would
 * give it: max + 1 when it exceeds `max`, or when either word is longer
 * than EMB_EDIT_MAX_LEN. */
unsigned emb__edit_distance_pat(const emb_edit_pattern *p, const char *b, size_t bn, unsigned max);

#endif

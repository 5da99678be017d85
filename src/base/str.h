/*
 * str.h - small helpers for pointer+length text (private): white space,
 * trimming, ASCII comparisons and joining, written once for the list
 * loaders and the text layer.
 *
 * White space here is what list files hold between words: space, tab, CR
 * and LF (not the other C locale spaces, \v and \f, and never a locale
 * lookup). Every function reads only s[0..n) (or the NUL-terminated words
 * it is given) and never needs a NUL after the text.
 */
#ifndef EMB_STR_H
#define EMB_STR_H

#include "buf.h"

#include <stddef.h>

/* Whether c (a byte, as unsigned char or int) is white space: space, tab,
 * CR or LF. */
static inline int emb__is_space(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether c is a blank: a space or a tab (white space within a line). */
static inline int emb__is_blank(int c) { return c == ' ' || c == '\t'; }

/* Whether c is an ASCII digit. */
static inline int emb__is_digit(int c) { return c >= '0' && c <= '9'; }

/* Whether c is an ASCII letter. */
static inline int emb__is_ascii_letter(int c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Whether byte c is a byte of a word as a list writes it: an ASCII letter
 * or a byte of a UTF-8 character beyond ASCII (acronyms, the name before a
 * slash or an acronym: text/acronym.c, text/name.c, index/build.c). */
static inline int emb__is_word_byte(int c) { return emb__is_ascii_letter(c) || (c & 0x80); }

/* Moves *s past the white space at the start of s[0..*n) and shortens *n
 * past it at both ends. */
void emb__trim(const char **s, size_t *n);

/* As emb__trim for blanks only (spaces and tabs): line breaks are kept, as
 * a quoted CSV field may hold them. */
void emb__trim_blank(const char **s, size_t *n);

/* The offset of the first byte of s[i..n) that is not white space, or n. */
size_t emb__skip_space(const char *s, size_t i, size_t n);

/* Whether s[0..n) holds only white space (or nothing). */
int emb__all_space(const char *s, size_t n);

/* Whether s[0..n) is one or more ASCII digits. */
int emb__all_digits(const char *s, size_t n);

/* Whether p[0..n) is `word`, ignoring ASCII case (the loaders' test for
 * labels, headers and values such as "Individual" or "aka"). */
int emb__word_ieq(const char *p, size_t n, const char *word);

/* Whether `word` occurs in p[0..n), ignoring ASCII case. */
int emb__contains_ci(const char *p, size_t n, const char *word);

/* Whether `needle` occurs in h[0..n), byte for byte. */
int emb__contains(const char *h, size_t n, const char *needle);

/* Appends p[0..n) to b, after `sep` if b already holds text ("Moscow" +
 * ", " + "Russia"); nothing if n is 0. Out of memory sets b->oom. */
void emb__join(emb_buf *b, const char *sep, const char *p, size_t n);

#endif

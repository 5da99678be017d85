/*
 * utf8.h - UTF-8 validation for untrusted input.
 */
#ifndef EMB_UTF8_H
#define EMB_UTF8_H

#include <stddef.h>

/* Returns the byte offset of the first invalid UTF-8 sequence in s, or len
 * if all of s is valid (overlongs, surrogates and > U+10FFFF are invalid). */
size_t emb__utf8_check(const char *s, size_t len);

/* Returns the byte offset of the first control character (C0 other than
 * TAB, DEL, or C1) in valid UTF-8 text, or len if there is none. */
size_t emb__utf8_find_control(const char *s, size_t len);

/* Decodes one code point at s (valid UTF-8 assumed, n > 0); stores its
 * length in *adv. */
unsigned emb__utf8_decode(const char *s, size_t n, size_t *adv);

/* The length in bytes of the white space character (ASCII white space or
 * a Unicode space: U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000) that ends at s[at - 1] in valid UTF-8 text, or 0 if
 * none does (or at is 0). */
size_t emb__utf8_space_before(const char *s, size_t at);

#endif

/*
 * str.c - white space, trimming and ASCII comparisons over pointer+length
 * text; see str.h.
 */
#include "str.h"

#include <string.h>
#include <strings.h>

void emb__trim(const char **s, size_t *n) {
    const char *p = *s;
    size_t k = *n;
    while (k && emb__is_space((unsigned char)*p)) { p++; k--; }
    while (k && emb__is_space((unsigned char)p[k - 1])) k--;
    *s = p;
    *n = k;
}

void emb__trim_blank(const char **s, size_t *n) {
    const char *p = *s;
    size_t k = *n;
    while (k && emb__is_blank((unsigned char)*p)) { p++; k--; }
    while (k && emb__is_blank((unsigned char)p[k - 1])) k--;
    *s = p;
    *n = k;
}

size_t emb__skip_space(const char *s, size_t i, size_t n) {
    while (i < n && emb__is_space((unsigned char)s[i])) i++;
    return i;
}

int emb__all_space(const char *s, size_t n) {
    return emb__skip_space(s, 0, n) == n;
}

int emb__all_digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!emb__is_digit((unsigned char)s[i])) return 0;
    return n > 0;
}

int emb__word_ieq(const char *p, size_t n, const char *word) {
    return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int emb__contains_ci(const char *p, size_t n, const char *word) {
    size_t m = strlen(word);
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && lower((unsigned char)p[i + k]) == lower((unsigned char)word[k])) k++;
        if (k == m) return 1;
    }
    return 0;
}

void emb__join(emb_buf *b, const char *sep, const char *p, size_t n) {
    if (!n) return;
    if (b->len) emb__buf_append(b, sep, strlen(sep));
    emb__buf_append(b, p, n);
}

int emb__contains(const char *h, size_t n, const char *needle) {
    size_t m = strlen(needle);
    if (!m) return 1;
    for (size_t i = 0; i + m <= n; i++)
        if (h[i] == needle[0] && memcmp(h + i, needle, m) == 0) return 1;
    return 0;
}

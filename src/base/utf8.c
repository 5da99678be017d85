/*
 * utf8.c - strict UTF-8 validation (RFC 3629) and control-character scan.
 */
#include "utf8.h"

size_t emb__utf8_check(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t n;
        unsigned min, cp;
        if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; cp = c & 0x07; }
        else return i;
        if (len - i < n) return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += n;
    }
    return len;
}

unsigned emb__utf8_decode(const char *str, size_t n, size_t *adv) {
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    if (c < 0x80 || n < 2) { *adv = 1; return c; }
    if (c < 0xE0) { *adv = 2; return ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu); }
    if (c < 0xF0 || n < 4) {
        if (n < 3) { *adv = 1; return c; }
        *adv = 3;
        return ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    }
    *adv = 4;
    return ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

size_t emb__utf8_find_control(const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F) { /* most of a name: no decoding */
            i++;
            continue;
        }
        size_t adv;
        unsigned cp = emb__utf8_decode(s + i, len - i, &adv);
        if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) return i;
        i += adv;
    }
    return len;
}

size_t emb__utf8_space_before(const char *s, size_t at) {
    const unsigned char *u = (const unsigned char *)s;
    if (at == 0) return 0;
    unsigned char c = u[at - 1];
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (at >= 2 && u[at - 2] == 0xC2 && c == 0xA0) return 2; /* U+00A0 */
    if (at < 3) return 0;
    unsigned char a = u[at - 3], b = u[at - 2];
    if ((a == 0xE3 && b == 0x80 && c == 0x80) || (a == 0xE1 && b == 0x9A && c == 0x80) ||
        (a == 0xE2 && b == 0x80 && (c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF)) ||
        (a == 0xE2 && b == 0x81 && c == 0x9F))
        return 3; /* U+3000, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F */
    return 0;
}

/*
 * date.c - reading dates in list files; see date.h.
 */
#include "date.h"

#include <strings.h>

static int digit(char c) { return c >= '0' && c <= '9'; }

size_t emb__iso_date_len(const char *s, size_t n) {
    if (n < 4 || !digit(s[0]) || !digit(s[1]) || !digit(s[2]) || !digit(s[3])) return 0;
    if (n < 7 || s[4] != '-' || !digit(s[5]) || !digit(s[6])) return 4;
    if (n < 10 || s[7] != '-' || !digit(s[8]) || !digit(s[9])) return 7;
    return 10;
}

int emb__read_digits(const char *s, size_t n, size_t *i, int min, int max) {
    int v = 0, k = 0;
    while (*i < n && k < max && digit(s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    return k >= min ? v : -1;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int emb__valid_ymd(int y, int m, int d) {
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    return !(m == 2 && d == 29 && !leap(y));
}

int emb__year4(const char *s, size_t n) {
    size_t i = 0;
    int y = emb__read_digits(s, n, &i, 4, 4);
    return i == n ? y : -1;
}

int emb__year_at(const char *s, size_t n, size_t *end) {
    for (size_t i = 0; i + 4 <= n; i++) {
        if ((s[i] != '1' && s[i] != '2') || (i > 0 && digit(s[i - 1]))) continue;
        if (i + 4 < n && digit(s[i + 4])) continue;
        size_t k = i;
        int y = emb__read_digits(s, i + 4, &k, 4, 4);
        if (y < 0) continue;
        *end = i + 4;
        return y;
    }
    *end = n;
    return 0;
}

int emb__month_name(const char *s, size_t n) {
    static const char *const NAMES[12] = {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    };
    if (n == 4 && strncasecmp(s, "sept", 4) == 0) return 9;
    for (int i = 0; i < 12; i++) {
        size_t len = 0;
        while (NAMES[i][len]) len++;
        if ((n == 3 || n == len) && strncasecmp(s, NAMES[i], n) == 0) return i + 1;
    }
    return 0;
}

static char *put2(char *o, int v) {
    *o++ = (char)('0' + v / 10 % 10);
    *o++ = (char)('0' + v % 10);
    return o;
}

size_t emb__iso_date_put(char out[11], int y, int m, int d) {
    char *o = put2(put2(out, y / 100), y % 100);
    if (m) {
        *o++ = '-';
        o = put2(o, m);
    }
    if (d) {
        *o++ = '-';
        o = put2(o, d);
    }
    *o = '\0';
    return (size_t)(o - out);
}

size_t emb__iso_date_valid(const char *s, size_t n, int *year) {
    size_t len = emb__iso_date_len(s, n), i = 0;
    if (!len) return 0;
    int y = emb__read_digits(s, n, &i, 4, 4), m = 1, d = 1;
    if (len >= 7) i++, m = emb__read_digits(s, n, &i, 2, 2);
    if (len == 10) i++, d = emb__read_digits(s, n, &i, 2, 2);
    if (y < 1000 || !emb__valid_ymd(y, m, d)) return 0;
    if (year) *year = y;
    return len;
}

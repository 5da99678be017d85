/*
 * date.c - reading dates in list files.
 */
#include "date.h"

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

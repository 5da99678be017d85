/*
 * date.h - reading dates in list files (private): ISO 8601 prefixes, digit
 * runs and calendar checks, for the loaders and for grouping.
 */
#ifndef EMB_DATE_H
#define EMB_DATE_H

#include <stddef.h>

/* The length of the ISO 8601 date at the start of s[0..n): 10 for
 * "2024-03-14", 7 for "2024-03", 4 for "2024", 0 if there is none. */
size_t emb__iso_date_len(const char *s, size_t n);

/* 10 if s[0..n) starts with a full date "YYYY-MM-DD", else 0. */
static inline size_t emb__iso_date10(const char *s, size_t n) {
    return emb__iso_date_len(s, n) == 10 ? 10 : 0;
}

/* Reads min..max digits at s[*i] (advancing *i); the value, or -1 if there
 * are fewer than min. */
int emb__read_digits(const char *s, size_t n, size_t *i, int min, int max);

/* Whether y-m-d is a day of the Gregorian calendar (years 1000-9999). */
int emb__valid_ymd(int y, int m, int d);

#endif

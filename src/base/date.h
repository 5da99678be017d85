/*
 * date.h - reading dates in list files (private): ISO 8601 prefixes, digit
 * runs, years, month names and calendar checks, for the loaders, grouping
 * and screening. The one reader of dates: no other file parses a year.
 */
#ifndef EMB_DATE_H
#define EMB_DATE_H

#include <stddef.h>

/* The length of the ISO 8601 date at the start of s[0..n): 10 for
 * "2024-03-14", 7 for "2024-03", 4 for "2024", 0 if there is none. */
size_t emb__iso_date_len(const char *s, size_t n);

/* The length (4, 7 or 10) of the ISO 8601 date at the start of s[0..n) if
 * it is a day, month or year of the calendar (years 1000-9999; "2024-13"
 * and "2023-02-29" are not), else 0; its year goes to *year (may be NULL). */
size_t emb__iso_date_valid(const char *s, size_t n, int *year);

/* 10 if s[0..n) starts with a full date "YYYY-MM-DD", else 0. */
static inline size_t emb__iso_date10(const char *s, size_t n) {
    return emb__iso_date_len(s, n) == 10 ? 10 : 0;
}

/* Reads min..max digits at s[*i] (advancing *i); the value, or -1 if there
 * are fewer than min. */
int emb__read_digits(const char *s, size_t n, size_t *i, int min, int max);

/* Whether y-m-d is a day of the Gregorian calendar (years 1000-9999). */
int emb__valid_ymd(int y, int m, int d);

/* The value of s[0..n) if it is a year written with exactly four digits
 * ("0000" to "9999"), else -1. */
int emb__year4(const char *s, size_t n);

/* The first year in free text s[0..n): four digits, 1000 to 2999, with no
 * digit right before or after them ("DOB 17 Sep 1962" and "1962-09-17"
 * give 1962; "12345" and "0962" give none). Returns the year and sets *end
 * to the offset just past it; returns 0 and sets *end to n if there is
 * none. For a second year, call again on s + *end. */
int emb__year_at(const char *s, size_t n, size_t *end);

/* The month (1-12) that s[0..n) names in English, in any case: the whole
 * name ("September"), its three-letter abbreviation ("Sep") or "Sept";
 * 0 if none. */
int emb__month_name(const char *s, size_t n);

/* Writes y (0-9999) as ISO 8601 "YYYY", with m (1-12) "YYYY-MM", with d
 * (1-31) too "YYYY-MM-DD", NUL-terminated, to out (11 bytes); an m or d of
 * 0 leaves that part out. Returns the length (4, 7 or 10). */
size_t emb__iso_date_put(char out[11], int y, int m, int d);

#endif

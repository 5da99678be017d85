/*
 * test_text_helpers.c - unit tests for the small text helpers the loaders
 * share: white space and comparisons (src/base/str.c) and the readers of
 * years, month names and ISO dates (src/base/date.c).
 */
#include "test.h"
#include "base/date.h"
#include "base/str.h"

#include <string.h>

static int trimmed(void (*fn)(const char **, size_t *), const char *in, const char *want) {
    const char *p = in;
    size_t n = strlen(in);
    fn(&p, &n);
    return n == strlen(want) && memcmp(p, want, n) == 0;
}

TEST(white_space_and_trim) {
    CHECK(emb__is_space(' ') && emb__is_space('\t') && emb__is_space('\r') && emb__is_space('\n'));
    CHECK(!emb__is_space('\v') && !emb__is_space('\f') && !emb__is_space(0xa0) && !emb__is_space('x'));
    CHECK(emb__is_blank(' ') && emb__is_blank('\t') && !emb__is_blank('\n'));
    CHECK(trimmed(emb__trim, " \t\r\n a b \n", "a b"));
    CHECK(trimmed(emb__trim, "   ", ""));
    CHECK(trimmed(emb__trim, "", ""));
    CHECK(trimmed(emb__trim_blank, " \tline\n two\t ", "line\n two"));
    CHECK(trimmed(emb__trim_blank, "\nx\n", "\nx\n"));
    CHECK_EQ_INT(emb__skip_space("  \r\nx ", 0, 6), 4);
    CHECK_EQ_INT(emb__skip_space("ab", 1, 2), 1);
    CHECK_EQ_INT(emb__skip_space(" ", 0, 1), 1);
    CHECK(emb__all_space(" \t\r\n", 4) && emb__all_space("", 0) && !emb__all_space(" x", 2));
}

TEST(digits_and_comparisons) {
    CHECK(emb__all_digits("0123", 4));
    CHECK(!emb__all_digits("", 0) && !emb__all_digits("12a", 3) && !emb__all_digits("1 ", 2));
    CHECK(emb__word_ieq("Individual", 10, "individual"));
    CHECK(!emb__word_ieq("Individuals", 11, "individual") && emb__word_ieq("aka!", 3, "AKA") && !emb__word_ieq("akas", 4, "aka"));
    CHECK(emb__contains_ci("a WEAK alias", 12, "weak"));
    CHECK(emb__contains_ci("Secondary Sanctions Risk: x", 27, "secondary sanctions risk"));
    CHECK(!emb__contains_ci("wea", 3, "weak") && emb__contains_ci("x", 1, ""));
    CHECK(emb__contains("<a><sanctionEntity", 18, "<sanctionEntity"));
    CHECK(!emb__contains("<a><sanctionEntit", 17, "<sanctionEntity"));
    CHECK(!emb__contains("ABC", 3, "abc") && emb__contains("", 0, ""));
}

TEST(years) {
    CHECK_EQ_INT(emb__year4("1962", 4), 1962);
    CHECK_EQ_INT(emb__year4("0962", 4), 962);
    CHECK_EQ_INT(emb__year4("196", 3), -1);
    CHECK_EQ_INT(emb__year4("19620", 5), -1);
    CHECK_EQ_INT(emb__year4("19a2", 4), -1);
    size_t end = 99;
    CHECK_EQ_INT(emb__year_at("DOB 17 Sep 1962; POB", 20, &end), 1962);
    CHECK_EQ_INT(end, 15);
    CHECK_EQ_INT(emb__year_at("1962-09-17", 10, &end), 1962);
    CHECK_EQ_INT(end, 4);
    /* a range: the second year is found after the first */
    const char *r = "circa 1958/1962";
    CHECK_EQ_INT(emb__year_at(r, strlen(r), &end), 1958);
    CHECK_EQ_INT(emb__year_at(r + end, strlen(r) - end, &end), 1962);
    /* touching other digits, or out of 1000-2999: none */
    CHECK_EQ_INT(emb__year_at("12345", 5, &end), 0);
    CHECK_EQ_INT(end, 5);
    CHECK_EQ_INT(emb__year_at("0962 3017", 9, &end), 0);
    CHECK_EQ_INT(emb__year_at("123456 2001", 11, &end), 2001);
    CHECK_EQ_INT(end, 11);
    CHECK_EQ_INT(emb__year_at("196", 3, &end), 0);
    CHECK_EQ_INT(emb__year_at("", 0, &end), 0);
    CHECK_EQ_INT(end, 0);
}

TEST(months_and_iso_dates) {
    CHECK_EQ_INT(emb__month_name("Sep", 3), 9);
    CHECK_EQ_INT(emb__month_name("sept", 4), 9);
    CHECK_EQ_INT(emb__month_name("SEPTEMBER", 9), 9);
    CHECK_EQ_INT(emb__month_name("may", 3), 5);
    CHECK_EQ_INT(emb__month_name("Ma", 2), 0);
    CHECK_EQ_INT(emb__month_name("Septem", 6), 0);
    CHECK_EQ_INT(emb__month_name("Sepx", 4), 0);
    char out[11];
    CHECK_EQ_INT(emb__iso_date_put(out, 1962, 9, 17), 10);
    CHECK_EQ_STR(out, "1962-09-17");
    CHECK_EQ_INT(emb__iso_date_put(out, 962, 3, 0), 7);
    CHECK_EQ_STR(out, "0962-03");
    CHECK_EQ_INT(emb__iso_date_put(out, 2024, 0, 0), 4);
    CHECK_EQ_STR(out, "2024");
}

int main(void) {
    RUN(white_space_and_trim);
    RUN(digits_and_comparisons);
    RUN(years);
    RUN(months_and_iso_dates);
    return test_summary();
}

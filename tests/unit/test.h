/*
 * test.h - a minimal unit-test harness.
 *
 * Each tests/unit/test_*.c is one program: it defines test functions with
 * TEST(name), lists them in main() with RUN(name), and ends with
 * `return test_summary();`. A failed CHECK prints file:line and the
 * expression, marks the current test failed and goes on.
 *
 * A test that cannot run in full (shared data absent) says so with
 * SKIP("reason"), which also returns from the test, or with test_skip(),
 * which marks it and goes on (for a test that skips one part). A skipped
 * test is counted as skipped, not passed, unless a check failed: then it
 * failed. A test that ran no check at all and did not skip has tested
 * nothing: it fails. With EMBARGO_REQUIRE_ALL=1 in the environment (CI,
 * which has ../shared) a skipped test fails.
 *
 * The program ends with the plain line "N passed, N failed, N skipped"
 * (scripts/run-unit.sh reads it) and exits 1 if any test failed.
 */
#ifndef EMB_TEST_H
#define EMB_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_checks, test_failed_checks;
static int test_passed, test_failed, test_skipped;
static const char *test_current;
static int test_current_skipped;

#define TEST(name) static void name(void)

/* Counts one check; a failed one prints where and why. */
#define TEST_CHECK_(ok, ...)                                                    \
    do {                                                                        \
        test_checks++;                                                          \
        if (!(ok)) {                                                            \
            fprintf(stderr, __VA_ARGS__);                                       \
            test_failed_checks++;                                               \
        }                                                                       \
    } while (0)

#define CHECK(cond) \
    TEST_CHECK_(cond, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__, test_current, #cond)

#define CHECK_EQ_INT(a, b)                                                                  \
    do {                                                                                    \
        long long a_ = (long long)(a), b_ = (long long)(b);                                 \
        TEST_CHECK_(a_ == b_, "%s:%d: %s: %s == %lld, expected %s == %lld\n", __FILE__,     \
                    __LINE__, test_current, #a, a_, #b, b_);                                \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                  \
    do {                                                                                    \
        const char *a_ = (a), *b_ = (b);                                                    \
        TEST_CHECK_(a_ && b_ && strcmp(a_, b_) == 0,                                        \
                    "%s:%d: %s: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__,       \
                    test_current, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");              \
    } while (0)

/* Marks the current test skipped (it did not run in full) and says why, on
 * standard output. Checks made before and after still count. */
static inline void test_skip(const char *why) {
    printf("SKIP %s: %s\n", test_current, why);
    test_current_skipped = 1;
}

/* Skips the rest of the current test. */
#define SKIP(why)          \
    do {                   \
        test_skip(why);    \
        return;            \
    } while (0)

/* Whether EMBARGO_REQUIRE_ALL=1: every test must run in full. */
static inline int test_require_all(void) {
    const char *v = getenv("EMBARGO_REQUIRE_ALL");
    return v && strcmp(v, "1") == 0;
}

/* Counts the test that just ran: failed, skipped or passed. */
static inline void test_count(const char *name, int checks_before, int failed_before) {
    if (test_failed_checks != failed_before) {
        test_failed++;
        fprintf(stderr, "FAIL %s\n", name);
    } else if (test_current_skipped && test_require_all()) {
        test_failed++;
        fprintf(stderr, "FAIL %s: skipped, and EMBARGO_REQUIRE_ALL=1 requires every test\n", name);
    } else if (test_current_skipped) {
        test_skipped++;
    } else if (test_checks == checks_before) {
        test_failed++;
        fprintf(stderr, "FAIL %s: ran no checks (a test that cannot run must SKIP)\n", name);
    } else {
        test_passed++;
    }
}

#define RUN(name)                                                  \
    do {                                                           \
        int checks_ = test_checks, failed_ = test_failed_checks;   \
        test_current = #name;                                      \
        test_current_skipped = 0;                                  \
        name();                                                    \
        test_count(#name, checks_, failed_);                       \
    } while (0)

static inline int test_summary(void) {
    printf("%d passed, %d failed, %d skipped\n", test_passed, test_failed, test_skipped);
    return test_failed ? 1 : 0;
}

#endif

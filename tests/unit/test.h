/*
 * test.h - a minimal unit-test harness.
 *
 * Each tests/unit/test_*.c is one program: it defines test functions with
 * TEST(name), lists them in main() with RUN(name), and ends with
 * `return test_summary();`. A failed CHECK prints file:line and the
 * expression, marks the current test failed and goes on.
 */
#ifndef EMB_TEST_H
#define EMB_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failed_checks;
static int test_passed, test_failed;
static const char *test_current;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__, \
                    test_current, #cond);                                        \
            test_failed_checks++;                                                \
        }                                                                        \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                             \
    do {                                                                               \
        long long a_ = (long long)(a), b_ = (long long)(b);                            \
        if (a_ != b_) {                                                                \
            fprintf(stderr, "%s:%d: %s: %s == %lld, expected %s == %lld\n", __FILE__,  \
                    __LINE__, test_current, #a, a_, #b, b_);                           \
            test_failed_checks++;                                                      \
        }                                                                              \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                            \
    do {                                                                              \
        const char *a_ = (a), *b_ = (b);                                              \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                      \
            fprintf(stderr, "%s:%d: %s: %s == \"%s\", expected \"%s\"\n", __FILE__,   \
                    __LINE__, test_current, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
            test_failed_checks++;                                                     \
        }                                                                             \
    } while (0)

#define RUN(name)                                     \
    do {                                              \
        int before_ = test_failed_checks;             \
        test_current = #name;                         \
        name();                                       \
        if (test_failed_checks == before_) test_passed++; \
        else { test_failed++; fprintf(stderr, "FAIL %s\n", #name); } \
    } while (0)

static inline int test_summary(void) {
    printf("%d passed, %d failed\n", test_passed, test_failed);
    return test_failed ? 1 : 0;
}

#endif

/*
 * test_oom.c - out-of-memory torture through the allocator hook
 * (src/base/alloc.h), as curl's and SQLite's test suites do.
 *
 * For n = 1, 2, 3, ... the whole path - dataset load of
 * tests/cases/lists/mini, index build, save and reopen, matcher, screening
 * (ASCII and Cyrillic queries, a rejected query) and compare - runs with
 * allocation number n and every later one failing, until a run in which no
 * allocation fails. Every call must return EMBARGO_OK or EMBARGO_ENOMEM
 * (EMBARGO_EUNICODE is accepted too: ICU allocates through its own
 * allocator, and the library reports ICU failures as such), must not crash,
 * and with failures turned off again the objects that survived must still
 * work. Under ASan, LeakSanitizer checks at exit that no failure path leaked.
 *
 * EMBARGO_OOM_STRIDE=k tests only every k-th n beyond the first 2,000
 * (default 1: every n).
 */
#include "test.h"
#include "embargo.h"
#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char ixpath[300];
static const char *mini;

static int acceptable(embargo_status st) {
    return st == EMBARGO_OK || st == EMBARGO_ENOMEM || st == EMBARGO_EUNICODE;
}

static unsigned long failures_seen; /* runs where some call failed */
static unsigned long last_count;    /* allocations the last run made */
static unsigned long bad_status;

#define EXPECT_OK_OR_OOM(st, what, n)                                                        \
    do {                                                                                     \
        if (!acceptable(st)) {                                                               \
            bad_status++;                                                                    \
            fprintf(stderr, "  n=%lu: %s returned %d (%s)\n", (unsigned long)(n), what,     \
                    (int)(st), embargo_strerror(st));                                        \
            CHECK(acceptable(st));                                                           \
        }                                                                                    \
    } while (0)

/* A matcher that failed on out-of-memory must recover once memory is back
 * (the scratch buffer's oom flag, src/base/buf.h, is cleared at the start of
 * each analysis); one that keeps failing with EMBARGO_ENOMEM fails the test. */
static unsigned long sticky_runs, sticky_first;
static char sticky_where[64];

static void sticky(unsigned long n, const char *where) {
    if (!sticky_runs++) sticky_first = n;
    if (!strstr(sticky_where, where))
        snprintf(sticky_where + strlen(sticky_where), sizeof(sticky_where) - strlen(sticky_where),
                 "%s%s", sticky_where[0] ? ", " : "", where);
}

static int top_is(const embargo_match *mm, size_t n, const char *id) {
    return n >= 1 && mm[0].entity.id_len == strlen(id) && memcmp(mm[0].entity.id, id, strlen(id)) == 0;
}

/* One run with allocation n failing (0: none). Returns 1 if every call
 * succeeded. */
static int run_once(unsigned long n) {
    int all_ok = 1, load_failed = 0;
    embargo_status st;
    embargo_error err;
    embargo_dataset *ds = NULL;
    embargo_index *ix = NULL, *ix2 = NULL;
    embargo_matcher *m = NULL, *mc = NULL;

    emb__alloc_fail_after(n);

    st = embargo_dataset_new(&ds);
    EXPECT_OK_OR_OOM(st, "embargo_dataset_new", n);
    if (st) { all_ok = 0; goto done; }

    st = embargo_dataset_load(ds, mini, &err);
    EXPECT_OK_OR_OOM(st, "embargo_dataset_load", n);
    if (st) {
        all_ok = 0;
        load_failed = 1;
        /* a failed load adds nothing */
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.entities, 0);
        CHECK_EQ_INT(s.names, 0);
        CHECK_EQ_INT(err.code, st);
        goto done;
    }

    st = embargo_index_build(ds, NULL, &ix, &err);
    EXPECT_OK_OR_OOM(st, "embargo_index_build", n);
    if (st) { all_ok = 0; CHECK(ix == NULL); goto done; }
    embargo_dataset_free(ds);
    ds = NULL;

    st = embargo_index_save(ix, ixpath, &err);
    EXPECT_OK_OR_OOM(st, "embargo_index_save", n);
    if (st) all_ok = 0;
    else {
        st = embargo_index_open(ixpath, &ix2, &err);
        EXPECT_OK_OR_OOM(st, "embargo_index_open", n);
        if (st) all_ok = 0;
    }

    st = embargo_matcher_new(ix2 ? ix2 : ix, &m);
    EXPECT_OK_OR_OOM(st, "embargo_matcher_new", n);
    if (st) { all_ok = 0; goto done; }

    {
        static const struct { const char *q, *id; embargo_status want; } qs[] = {
            {"Konstantin Kosachyov", "ofac-sdn:24231", EMBARGO_OK},
            {"Леонид Слуцкий", "ofac-sdn:16662", EMBARGO_OK},
            {"Osama bin Laden", "ofac-sdn:6365", EMBARGO_OK},
            {"Karst LLC", "ofac-sdn:21038", EMBARGO_OK},
            {"!!!", NULL, EMBARGO_EQUERY},
        };
        embargo_screen_options o;
        embargo_screen_options_init(&o);
        for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
            const embargo_match *mm = NULL;
            size_t cnt = 0;
            st = embargo_matcher_screen(m, qs[i].q, strlen(qs[i].q), &o, &mm, &cnt);
            if (st == qs[i].want) {
                if (st == EMBARGO_OK) CHECK(top_is(mm, cnt, qs[i].id));
                continue;
            }
            EXPECT_OK_OR_OOM(st, "embargo_matcher_screen", n);
            all_ok = 0;
        }
    }

    st = embargo_matcher_new(NULL, &mc);
    EXPECT_OK_OR_OOM(st, "embargo_matcher_new(NULL)", n);
    if (st) all_ok = 0;
    else {
        double score = -1;
        const embargo_explanation *ex = NULL;
        const char *a = "Sergey I. Kislyak", *b = "KISLYAK, Sergei Ivanovich";
        st = embargo_matcher_compare(mc, a, strlen(a), b, strlen(b), &score, &ex);
        EXPECT_OK_OR_OOM(st, "embargo_matcher_compare", n);
        if (st) all_ok = 0;
        else CHECK(score >= 0.8 && ex && ex->pair_count >= 3);
    }

    /* Failures off: what survived must work. */
    last_count = emb__alloc_fail_after(0);
    {
        embargo_screen_options o;
        embargo_screen_options_init(&o);
        const embargo_match *mm = NULL;
        size_t cnt = 0;
        const char *q = "Vladimir V. Putin";
        st = embargo_matcher_screen(m, q, strlen(q), &o, &mm, &cnt);
        if (st == EMBARGO_ENOMEM) sticky(n, "screen");
        else CHECK_EQ_INT(st, EMBARGO_OK);
        if (st == EMBARGO_OK) CHECK(top_is(mm, cnt, "ofac-sdn:35096"));
        if (mc) {
            double score = -1;
            st = embargo_matcher_compare(mc, "George Bush", 11, "HABBASH, George", 15, &score, NULL);
            if (st == EMBARGO_ENOMEM) sticky(n, "compare");
            else CHECK_EQ_INT(st, EMBARGO_OK);
            if (st == EMBARGO_OK) CHECK(score < 0.8);
        }
    }

done:
    emb__alloc_fail_after(0);
    if (load_failed && ds) {
        /* A dataset that failed a load can load again. */
        embargo_status again = embargo_dataset_load(ds, mini, &err);
        if (again == EMBARGO_OK) {
            embargo_dataset_stats s;
            embargo_dataset_stats_get(ds, &s);
            CHECK_EQ_INT(s.entities, 24);
        } else {
            CHECK_EQ_INT(again, EMBARGO_OK);
        }
    }
    embargo_matcher_free(mc);
    embargo_matcher_free(m);
    embargo_index_close(ix2);
    embargo_index_close(ix);
    embargo_dataset_free(ds);
    unlink(ixpath);
    return all_ok;
}

TEST(test_oom_every_allocation) {
    const char *s = getenv("EMBARGO_OOM_STRIDE");
    unsigned long stride = s && atol(s) > 0 ? (unsigned long)atol(s) : 1;
    /* A clean run first: it must succeed, and says how many allocations a run makes. */
    CHECK(run_once(0));
    unsigned long total = last_count;
    unsigned long n = 1, runs = 0;
    for (;; runs++) {
        int ok = run_once(n);
        if (!ok) failures_seen++;
        if (ok) break;
        if (n > total + 1000) {
            fprintf(stderr, "  still failing at n=%lu (a clean run makes %lu allocations)\n", n, total);
            CHECK(0);
            break;
        }
        n += n < 2000 ? 1 : stride;
    }
    printf("note: %lu runs with a failing allocation (a clean run makes about %lu allocations); "
           "the run failing allocation %lu and later succeeded\n", failures_seen, total, n);
    CHECK_EQ_INT(bad_status, 0);
    if (sticky_runs)
        fprintf(stderr, "  in %lu runs (first: allocation %lu failing) a matcher kept returning "
                "EMBARGO_ENOMEM after memory was back (%s)\n", sticky_runs, sticky_first, sticky_where);
    CHECK_EQ_INT(sticky_runs, 0);
}

int main(void) {
    mini = getenv("EMBARGO_MINI");
    if (!mini || !*mini) mini = "tests/cases/lists/mini";
    const char *t = getenv("TMPDIR");
    snprintf(ixpath, sizeof(ixpath), "%s/embargo-test-oom.%ld.idx", t && *t ? t : "/tmp", (long)getpid());
    RUN(test_oom_every_allocation);
    return test_summary();
}

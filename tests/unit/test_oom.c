/*
 * test_oom.c - out-of-memory torture through the allocator hook
 * (src/base/alloc.h), as curl's and SQLite's test suites do.
 *
 * For n = 1, 2, 3, ... the whole path - dataset load of
 * tests/cases/lists/mini, index build, save and reopen, matcher, screening
 * (ASCII and Cyrillic queries, a rejected query), compare, and scanners
 * (plain text and HTML) made and run over a short document - runs with
 * allocation number n and every later one failing, until a run in which no
 * allocation fails. Every call must return EMBARGO_OK or EMBARGO_ENOMEM
 * (EMBARGO_EUNICODE is accepted too: ICU allocates through its own
 * allocator, and the library reports ICU failures as such), must not crash,
 * and with failures turned off again the objects that survived must still
 * work. Under ASan, LeakSanitizer checks at exit that no failure path leaked.
 *
 * Before it, the normaliser alone: a failure while it normalises must not
 * stick once memory is back (test_oom_normalizer_recovers).
 *
 * EMBARGO_OOM_STRIDE=k tests only every k-th n beyond the first 2,000
 * (default 1: every n).
 */
#include "test.h"
#include "embargo.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "text/normalize.h"

#include <limits.h>
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

/* The document the scanners read, and the entities it names, in order of
 * first mention. */
static const char SCAN_DOC[] =
    "<p>Konstantin Kosachyov met <b>Vladimir Putin</b> and Maria Butina.</p>\n"
    "<p>Later Mr. Kosachyov and Putin spoke of OOO Karst with \xd0\x9b\xd0\xb5\xd0\xbe\xd0\xbd\xd0\xb8\xd0\xb4 "
    "\xd0\xa1\xd0\xbb\xd1\x83\xd1\x86\xd0\xba\xd0\xb8\xd0\xb9.</p>\n"; /* Леонид Слуцкий */
static const char *const SCAN_IDS[] = {"ofac-sdn:24231", "ofac-sdn:35096", "ofac-sdn:35573", "ofac-sdn:21038",
                                       "ofac-sdn:16662"};
#define SCAN_HITS (sizeof(SCAN_IDS) / sizeof(SCAN_IDS[0]))

/* Whether the last scan found just the document's entities. */
static int scan_found_all(const embargo_scanner *sc) {
    const embargo_scan_hit *h = NULL;
    size_t n = 0;
    embargo_scanner_hits(sc, &h, &n);
    if (n != SCAN_HITS) return 0;
    for (size_t i = 0; i < n; i++)
        if (h[i].entity.id_len != strlen(SCAN_IDS[i]) || memcmp(h[i].entity.id, SCAN_IDS[i], h[i].entity.id_len))
            return 0;
    return 1;
}

/* A scanner over ix, plain text or HTML, made and run with allocations
 * failing; *sc is the scanner if it could be made. Returns 1 if both calls
 * succeeded (and then the scan must have found the document's entities). */
static int scan_once(const embargo_index *ix, int html, embargo_scanner **sc, unsigned long n) {
    embargo_scan_options o;
    embargo_scan_options_init(&o);
    o.html = html;
    embargo_status st = embargo_scanner_new(ix, &o, sc);
    EXPECT_OK_OR_OOM(st, html ? "embargo_scanner_new(html)" : "embargo_scanner_new", n);
    if (st) {
        CHECK(*sc == NULL);
        return 0;
    }
    st = embargo_scanner_scan(*sc, SCAN_DOC, sizeof(SCAN_DOC) - 1, NULL, NULL);
    EXPECT_OK_OR_OOM(st, html ? "embargo_scanner_scan(html)" : "embargo_scanner_scan", n);
    if (st) return 0;
    CHECK(scan_found_all(*sc));
    return 1;
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
    embargo_scanner *sc[2] = {NULL, NULL}; /* plain text, HTML */

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

    for (int html = 0; html < 2; html++)
        if (!scan_once(ix2 ? ix2 : ix, html, &sc[html], n)) all_ok = 0;

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
        for (int html = 0; html < 2; html++) {
            if (!sc[html]) continue;
            st = embargo_scanner_scan(sc[html], SCAN_DOC, sizeof(SCAN_DOC) - 1, NULL, NULL);
            if (st == EMBARGO_ENOMEM) sticky(n, html ? "scan(html)" : "scan");
            else CHECK_EQ_INT(st, EMBARGO_OK);
            if (st == EMBARGO_OK) CHECK(scan_found_all(sc[html]));
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
    embargo_scanner_free(sc[0]);
    embargo_scanner_free(sc[1]);
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
    /* A clean run first: it must succeed, and says how many allocations a run
     * makes (the hook counts only while armed: armed at an allocation never
     * reached). */
    CHECK(run_once(ULONG_MAX));
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

/* The normaliser after a failure: texts that take its scratch buffers (the
 * Cyrillic article, Arabic presentation forms, Arabic words) normalised
 * with allocation k and later failing, then again with memory back, must
 * come out as in a clean run (a scratch buffer's oom flag does not stick:
 * emb__buf_reset). */
static const char *const NZ_TEXTS[] = {
    "\xD0\xB0\xD1\x82-\xD0\xA2\xD0\xB0\xD1\x83\xD1\x85\xD0\xB8\xD0\xB4", /* ат-Таухид */
    "\xEF\xBB\x8B\xEF\xBA\x92\xEF\xBA\xAA",                           /* ﻋﺒﺪ (presentation forms) */
    "\xD8\xB9\xD8\xA8\xD8\xAF \xD8\xA7\xD9\x84\xD9\x84\xD9\x87",           /* عبد الله */
};
#define NZ_N (sizeof(NZ_TEXTS) / sizeof(NZ_TEXTS[0]))

/* Normalises NZ_TEXTS[i] into b (emptied first); its status. */
static embargo_status nz_one(emb_normalizer *nz, size_t i, emb_buf *b) {
    emb__buf_free(b);
    return emb__normalize(nz, NZ_TEXTS[i], strlen(NZ_TEXTS[i]), b);
}

TEST(test_oom_normalizer_recovers) {
    emb_buf want[NZ_N], got;
    emb__buf_init(&got);
    emb_normalizer *nz = NULL;
    CHECK_EQ_INT(emb__normalizer_new(&nz), EMBARGO_OK);
    if (!nz) return;
    for (size_t i = 0; i < NZ_N; i++) {
        emb__buf_init(&want[i]);
        CHECK_EQ_INT(nz_one(nz, i, &want[i]), EMBARGO_OK);
    }
    emb__normalizer_free(nz);
    unsigned long k, runs = 0, bad = 0;
    for (k = 1; k < 10000; k++) {
        nz = NULL;
        if (emb__normalizer_new(&nz) != EMBARGO_OK) { CHECK(0); break; }
        int failed = 0;
        emb__alloc_fail_after(k);
        for (size_t i = 0; i < NZ_N; i++) {
            embargo_status st = nz_one(nz, i, &got);
            EXPECT_OK_OR_OOM(st, "emb__normalize", k);
            if (st) failed = 1;
        }
        emb__alloc_fail_after(0);
        for (size_t i = 0; i < NZ_N; i++) {
            embargo_status st = nz_one(nz, i, &got);
            if (st || got.len != want[i].len || memcmp(got.data, want[i].data, got.len) != 0) {
                if (!bad++)
                    fprintf(stderr, "  allocation %lu failing: text %zu then returned %d (%s)\n", k, i,
                            (int)st, embargo_strerror(st));
            }
        }
        emb__normalizer_free(nz);
        if (!failed) break;
        runs++;
    }
    printf("note: normaliser: %lu runs with a failing allocation\n", runs);
    CHECK(runs > 0);
    CHECK_EQ_INT(bad, 0);
    emb__buf_free(&got);
    for (size_t i = 0; i < NZ_N; i++) emb__buf_free(&want[i]);
}

int main(void) {
    mini = getenv("EMBARGO_MINI");
    if (!mini || !*mini) mini = "tests/cases/lists/mini";
    const char *t = getenv("TMPDIR");
    snprintf(ixpath, sizeof(ixpath), "%s/embargo-test-oom.%ld.idx", t && *t ? t : "/tmp", (long)getpid());
    RUN(test_oom_normalizer_recovers);
    RUN(test_oom_every_allocation);
    return test_summary();
}

/*
 * test_threads.c - one index shared by threads, as embargo.h promises.
 *
 * The bundled OFAC SDN list (data/lists/ofac-sdn) is indexed, saved and
 * opened (by mmap, as a server would). One thread then screens a few
 * hundred names - published names of the list and spellings of them - and
 * scans a document naming some of them, recording a digest of every result
 * (entities, names, scores to the bit, explanations, mentions and their
 * offsets). Then THREADS threads at once, each with its own matcher and
 * scanner over that one index, do the same work, each starting at another
 * place in the list, and must find exactly the same digests.
 *
 * Run it under ThreadSanitizer too (make tsan; scripts/test-all.sh does):
 * a data race inside the library is reported there even when the results
 * happen to agree. The threads record their mismatches; only the main
 * thread checks, since test.h's counters are not shared safely.
 */
#include "test.h"
#include "embargo.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THREADS 4
#define ENTITY_QUERIES 300  /* published names, spread over the list */
#define DOC_NAMES 60        /* names the scanned document mentions */

static embargo_index *ix;
static char **queries;
static size_t nqueries;
static char *doc;
static size_t doc_len;

/* What one pass found: a digest per query, and one of the scan. */
typedef struct pass {
    uint64_t *screen;
    uint64_t scan;
    size_t matches;         /* over all queries: the results are not empty */
    size_t mentions;
    embargo_status failed;  /* the first status other than OK, if any */
    const char *failed_at;
} pass;

/* FNV-1a over bytes, continuing from h. */
static uint64_t mix(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

#define MIX(h, v) ((h) = mix((h), &(v), sizeof(v)))

static uint64_t digest_matches(const embargo_match *mm, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    MIX(h, n);
    for (size_t i = 0; i < n; i++) {
        MIX(h, mm[i].entity.index);
        MIX(h, mm[i].name_index);
        MIX(h, mm[i].score);
        h = mix(h, mm[i].matched_name, mm[i].matched_name_len);
        for (size_t k = 0; k < mm[i].explanation.pair_count; k++) {
            const embargo_pair *p = &mm[i].explanation.pairs[k];
            MIX(h, p->kind);
            MIX(h, p->similarity);
            MIX(h, p->weight);
            if (p->query) h = mix(h, p->query, p->query_len);
            if (p->name) h = mix(h, p->name, p->name_len);
        }
    }
    return h;
}

typedef struct scan_digest {
    uint64_t h;
    size_t mentions;
} scan_digest;

static int on_mention(void *ctx, const embargo_mention *m) {
    scan_digest *d = ctx;
    MIX(d->h, m->entity.index);
    MIX(d->h, m->matched_entity.index);
    MIX(d->h, m->start);
    MIX(d->h, m->end);
    MIX(d->h, m->char_start);
    MIX(d->h, m->score);
    d->h = mix(d->h, m->how, strlen(m->how));
    d->mentions++;
    return 0;
}

static void fail(pass *p, embargo_status st, const char *where) {
    if (!p->failed) {
        p->failed = st;
        p->failed_at = where;
    }
}

/* Screens every query (from `start` on, round the list) and scans the
 * document, with a matcher and a scanner of its own. */
static void run_pass(pass *p, size_t start) {
    embargo_matcher *m = NULL;
    embargo_scanner *s = NULL;
    embargo_status st = embargo_matcher_new(ix, &m);
    if (st) { fail(p, st, "embargo_matcher_new"); return; }
    st = embargo_scanner_new(ix, NULL, &s);
    if (st) { fail(p, st, "embargo_scanner_new"); embargo_matcher_free(m); return; }
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.threshold = 0.7;
    for (size_t k = 0; k < nqueries; k++) {
        size_t i = (start + k) % nqueries;
        const embargo_match *mm = NULL;
        size_t n = 0;
        st = embargo_matcher_screen(m, queries[i], strlen(queries[i]), &o, &mm, &n);
        if (st) { fail(p, st, queries[i]); continue; }
        p->screen[i] = digest_matches(mm, n);
        p->matches += n;
    }
    scan_digest d = {0xcbf29ce484222325ull, 0};
    st = embargo_scanner_scan(s, doc, doc_len, on_mention, &d);
    if (st) fail(p, st, "embargo_scanner_scan");
    const embargo_scan_hit *hits = NULL;
    size_t nhits = 0;
    embargo_scanner_hits(s, &hits, &nhits);
    MIX(d.h, nhits);
    for (size_t i = 0; i < nhits; i++) {
        MIX(d.h, hits[i].entity.index);
        MIX(d.h, hits[i].mentions);
        d.h = mix(d.h, hits[i].evidence, strlen(hits[i].evidence));
    }
    p->scan = d.h;
    p->mentions = d.mentions;
    embargo_scanner_free(s);
    embargo_matcher_free(m);
}

typedef struct worker {
    pthread_t thread;
    pass p;
    size_t start;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    run_pass(&w->p, w->start);
    return NULL;
}

static int pass_init(pass *p) {
    memset(p, 0, sizeof(*p));
    p->screen = calloc(nqueries, sizeof(*p->screen));
    return p->screen != NULL;
}

TEST(threads_find_what_one_thread_finds) {
    pass ref;
    CHECK(pass_init(&ref));
    if (!ref.screen) return;
    run_pass(&ref, 0);
    CHECK_EQ_INT(ref.failed, EMBARGO_OK);
    if (ref.failed) fprintf(stderr, "  one thread: status %d at %s\n", (int)ref.failed, ref.failed_at);
    CHECK(ref.matches >= nqueries);      /* a published name finds itself */
    CHECK(ref.mentions >= DOC_NAMES / 2); /* the document names listed people */
    printf("note: %zu queries (%zu matches), a document of %zu bytes (%zu mentions), %d threads\n",
           nqueries, ref.matches, doc_len, ref.mentions, THREADS);

    worker w[THREADS];
    int started[THREADS] = {0};
    for (int t = 0; t < THREADS; t++) {
        w[t].start = nqueries * (size_t)t / THREADS;
        if (!pass_init(&w[t].p)) continue;
        started[t] = pthread_create(&w[t].thread, NULL, work, &w[t]) == 0;
        CHECK(started[t]);
    }
    for (int t = 0; t < THREADS; t++)
        if (started[t]) pthread_join(w[t].thread, NULL);
    for (int t = 0; t < THREADS; t++) {
        pass *p = &w[t].p;
        if (!started[t]) { free(p->screen); continue; }
        CHECK_EQ_INT(p->failed, EMBARGO_OK);
        if (p->failed) fprintf(stderr, "  thread %d: status %d at %s\n", t, (int)p->failed, p->failed_at);
        size_t differ = 0;
        for (size_t i = 0; i < nqueries; i++)
            if (p->screen[i] != ref.screen[i] && differ++ < 3)
                fprintf(stderr, "  thread %d: '%s' screened differently\n", t, queries[i]);
        CHECK_EQ_INT(differ, 0);
        CHECK_EQ_INT(p->matches, ref.matches);
        CHECK(p->scan == ref.scan);
        CHECK_EQ_INT(p->mentions, ref.mentions);
        free(p->screen);
    }
    free(ref.screen);
}

/* The queries: every n-th entity's published name, and some spellings
 * that go through transliteration, initials, typos and other scripts. */
static int make_queries(void) {
    static const char *const EXTRA[] = {
        "Konstantin Kosachyov", "Kossatchev", "Sergey I. Kislyak", "Vladimir V. Putin",
        "\xd0\x9b\xd0\xb5\xd0\xbe\xd0\xbd\xd0\xb8\xd0\xb4 \xd0\xa1\xd0\xbb\xd1\x83\xd1\x86\xd0\xba\xd0\xb8\xd0\xb9",
        "Osama bin Laden", "Usama bin Ladin", "Maria Butina", "Rosneft OAO", "OOO Karst",
        "George Bush", "Rand Paul", "Jon Smith", "Mohammed Ali", "Abu Bakr al-Baghdadi",
    };
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    size_t extra = sizeof(EXTRA) / sizeof(EXTRA[0]);
    queries = calloc(ENTITY_QUERIES + extra, sizeof(*queries));
    if (!queries || info.entities < ENTITY_QUERIES) return 0;
    for (uint32_t k = 0; k < ENTITY_QUERIES; k++) {
        embargo_entity e;
        if (embargo_index_entity(ix, (uint32_t)((uint64_t)k * info.entities / ENTITY_QUERIES), &e)) return 0;
        size_t len = e.name_len < EMBARGO_MAX_QUERY_BYTES ? e.name_len : EMBARGO_MAX_QUERY_BYTES;
        char *q = malloc(len + 1);
        if (!q) return 0;
        memcpy(q, e.name, len);
        q[len] = '\0';
        queries[nqueries++] = q;
    }
    for (size_t i = 0; i < extra; i++) {
        size_t len = strlen(EXTRA[i]);
        char *q = malloc(len + 1);
        if (!q) return 0;
        memcpy(q, EXTRA[i], len + 1);
        queries[nqueries++] = q;
    }
    return 1;
}

/* A document of sentences naming listed people and others, with later
 * mentions by surname, some of it HTML-free prose, some shouting. */
static int make_doc(void) {
    size_t cap = 64 * 1024;
    doc = malloc(cap);
    if (!doc) return 0;
    static const char *const PROSE[] = {
        "Officials said %s met %s in Vienna on Tuesday.\n",
        "According to the report, %s and %s signed the agreement.\n\n",
        "Neither %s nor %s answered questions from reporters.\n",
    };
    for (size_t i = 0; i + 1 < DOC_NAMES; i += 2) {
        const char *a = queries[(i * 7) % nqueries], *b = queries[(i * 13 + 5) % nqueries];
        int n = snprintf(doc + doc_len, cap - doc_len, PROSE[i % 3], a, b);
        if (n < 0 || (size_t)n >= cap - doc_len) return 0;
        doc_len += (size_t)n;
    }
    static const char TAIL[] =
        "Konstantin Kosachyov, a senator, spoke with Sergey I. Kislyak. Later Mr. Kosachyov left.\n";
    if (doc_len + sizeof(TAIL) > cap) return 0;
    memcpy(doc + doc_len, TAIL, sizeof(TAIL));
    doc_len += sizeof(TAIL) - 1;
    return 1;
}

/* The romanising transliterator is parsed at the process's first text
 * that is not ASCII, then cloned for each matcher (normalize.c): threads
 * that all begin with such a text race to that first parse. Each compares
 * the same Cyrillic and Latin spellings with a matcher of its own. */
typedef struct first_use {
    double score;
    embargo_status st;
} first_use;

static void *first_use_run(void *arg) {
    first_use *r = arg;
    static const char a[] = "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd \xd0\x92\xd0\xbb\xd0\xb0"
                            "\xd0\xb4\xd0\xb8\xd0\xbc\xd0\xb8\xd1\x80"; /* Путин Владимир */
    static const char b[] = "PUTIN, Vladimir Vladimirovich";
    embargo_matcher *m = NULL;
    r->st = embargo_matcher_new(NULL, &m);
    if (!r->st) r->st = embargo_matcher_compare(m, a, sizeof(a) - 1, b, sizeof(b) - 1, &r->score, NULL);
    embargo_matcher_free(m);
    return NULL;
}

static void transliterator_first_use_races(void) {
    pthread_t th[THREADS];
    first_use r[THREADS];
    memset(r, 0, sizeof(r));
    int started[THREADS];
    for (int i = 0; i < THREADS; i++) started[i] = pthread_create(&th[i], NULL, first_use_run, &r[i]) == 0;
    for (int i = 0; i < THREADS; i++)
        if (started[i]) pthread_join(th[i], NULL);
    for (int i = 0; i < THREADS; i++) {
        CHECK(started[i]);
        CHECK_EQ_INT(r[i].st, EMBARGO_OK);
        CHECK(r[i].score == r[0].score);
    }
    CHECK(r[0].score >= 0.9);
}

int main(void) {
    /* before anything else normalises text */
    RUN(transliterator_first_use_races);

    static const char list[] = "data/lists/ofac-sdn";
    char path[300];
    const char *t = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%s/embargo-test-threads.%ld.idx", t && *t ? t : "/tmp", (long)getpid());
    embargo_dataset *ds = NULL;
    embargo_index *built = NULL;
    embargo_error err;
    memset(&err, 0, sizeof(err));
    int ok = embargo_dataset_new(&ds) == EMBARGO_OK && embargo_dataset_load(ds, list, &err) == EMBARGO_OK &&
             embargo_index_build(ds, NULL, &built, &err) == EMBARGO_OK &&
             embargo_index_save(built, path, &err) == EMBARGO_OK &&
             embargo_index_open(path, &ix, &err) == EMBARGO_OK;
    embargo_dataset_free(ds);
    embargo_index_close(built);
    unlink(path);
    if (!ok) {
        fprintf(stderr, "test_threads: cannot index %s: %s:%lu: %s\n", list, err.file, err.line, err.message);
        return 1;
    }
    if (!make_queries() || !make_doc()) {
        fprintf(stderr, "test_threads: out of memory\n");
        return 1;
    }
    RUN(threads_find_what_one_thread_finds);
    for (size_t i = 0; i < nqueries; i++) free(queries[i]);
    free(queries);
    free(doc);
    embargo_index_close(ix);
    return test_summary();
}

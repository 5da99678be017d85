/*
 * test_scan.c - unit tests for the scanner's span cache (src/scan/scan.c).
 *
 * The scanner remembers what screening each span of text found, in a
 * direct-mapped cache keyed by a hash of the span. A hash is no identity:
 * two spans that share one must still each get their own matches. The test
 * hook emb__scanner_cache_mask (src/scan/scan.h) makes every span hash
 * alike, so each lookup meets a collision, and the mentions must be exactly
 * those of a scanner with the cache working normally. The documents are
 * scanned over an index of tests/cases/lists/mini and of one person whose
 * name, 72 bytes, is longer than a cache slot holds.
 */
#include "test.h"
#include "embargo.h"
#include "scan/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static embargo_index *ix;

/* Mentions, one "id start-end how" line each, into a fixed buffer. */
typedef struct found {
    char text[4096];
    size_t len;
    unsigned count;
} found;

static int on_mention(void *ctx, const embargo_mention *m) {
    found *f = ctx;
    int n = snprintf(f->text + f->len, sizeof(f->text) - f->len, "%.*s %llu-%llu %s\n", (int)m->entity.id_len,
                     m->entity.id, (unsigned long long)m->start, (unsigned long long)m->end, m->how);
    if (n > 0 && (size_t)n < sizeof(f->text) - f->len) f->len += (size_t)n;
    f->count++;
    return 0;
}

/* Scans `doc` (twice, the second time mostly from the cache) with a new
 * scanner whose span hashes are ANDed with `mask`; the mentions of the
 * second scan go to *f, which must equal those of the first. */
static void scan(const char *doc, uint64_t mask, found *f) {
    embargo_scanner *s = NULL;
    memset(f, 0, sizeof(*f));
    CHECK_EQ_INT(embargo_scanner_new(ix, NULL, &s), EMBARGO_OK);
    if (!s) return;
    emb__scanner_cache_mask(s, mask);
    found first;
    memset(&first, 0, sizeof(first));
    CHECK_EQ_INT(embargo_scanner_scan(s, doc, strlen(doc), on_mention, &first), EMBARGO_OK);
    CHECK_EQ_INT(embargo_scanner_scan(s, doc, strlen(doc), on_mention, f), EMBARGO_OK);
    CHECK_EQ_STR(f->text, first.text);
    embargo_scanner_free(s);
}

/* Whether the mentions name this entity. */
static int names(const found *f, const char *id) {
    char key[64];
    snprintf(key, sizeof(key), "%s ", id);
    return strstr(f->text, key) != NULL;
}

/* "Vladimir Putin" and "Leonid Slutsky" are spans of one length: with one
 * hash for every span only their text tells them apart. */
TEST(colliding_spans_keep_their_own_matches) {
    static const char doc[] =
        "Vladimir Putin met Leonid Slutsky in Moscow. Then Leonid Slutsky saw Vladimir Putin, "
        "and Maria Butina wrote to Sergei Kislyak. Later Putin and Slutsky spoke again.\n";
    found normal, colliding;
    scan(doc, ~(uint64_t)0, &normal);
    scan(doc, 0, &colliding);
    CHECK(names(&normal, "ofac-sdn:35096")); /* PUTIN */
    CHECK(names(&normal, "ofac-sdn:16662")); /* SLUTSKY */
    CHECK(names(&normal, "ofac-sdn:35573")); /* BUTINA */
    CHECK(names(&normal, "ofac-sdn:36820")); /* KISLYAK */
    CHECK_EQ_INT(normal.count, 8);
    CHECK_EQ_STR(colliding.text, normal.text);
    if (strcmp(colliding.text, normal.text) != 0)
        fprintf(stderr, "  with the cache working:\n%s  with every span colliding:\n%s", normal.text,
                colliding.text);
}

#define LONG_NAME "Konstantinopolsky Vladislavovich Aleksandrovsky Dmitrievsky Khabarovskiy"

/* A span too long for a cache slot is screened each time it comes, and
 * found each time. */
TEST(long_spans_are_screened_each_time) {
    static const char doc[] = "Minutes: " LONG_NAME " attended.\n\n"
                              "Later " LONG_NAME " left, with Vladimir Putin.\n";
    found normal, colliding;
    scan(doc, ~(uint64_t)0, &normal);
    scan(doc, 0, &colliding);
    CHECK_EQ_STR(normal.text, "opensanctions:long-1 9-81 name\n"
                              "opensanctions:long-1 99-171 name\n"
                              "ofac-sdn:35096 183-197 name\n");
    CHECK_EQ_STR(colliding.text, normal.text);
}

int main(void) {
    char path[300];
    const char *t = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%s/embargo-test-scan.%ld.ftm.json", t && *t ? t : "/tmp", (long)getpid());
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("{\"id\":\"long-1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"" LONG_NAME "\"]}}\n", f);
        fclose(f);
    }
    embargo_dataset *ds = NULL;
    embargo_error err;
    memset(&err, 0, sizeof(err));
    int ok = f && embargo_dataset_new(&ds) == EMBARGO_OK &&
             embargo_dataset_load(ds, "tests/cases/lists/mini", &err) == EMBARGO_OK &&
             embargo_dataset_load(ds, path, &err) == EMBARGO_OK &&
             embargo_index_build(ds, NULL, &ix, &err) == EMBARGO_OK;
    embargo_dataset_free(ds);
    unlink(path);
    if (!ok) {
        fprintf(stderr, "test_scan: cannot index tests/cases/lists/mini and %s: %s\n", path, err.message);
        return 1;
    }
    RUN(colliding_spans_keep_their_own_matches);
    RUN(long_spans_are_screened_each_time);
    embargo_index_close(ix);
    return test_summary();
}

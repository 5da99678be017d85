/*
 * test_scan.c - unit tests for the scanner (src/scan/scan*.c): its span
 * cache, and how it reads words that try to hide a name and lines written
 * all in one case.
 *
 * The scanner remembers what screening each span of text found, in a
 * two-way cache keyed by a hash of the span, the matches in a ring. A hash
 * is no identity: two spans that share one must still each get their own
 * matches. The test hook emb__scanner_cache_mask (src/scan/scan.h) makes
 * every span hash alike, so each lookup meets a collision, and shrinks the
 * ring so that it comes round every few spans; the mentions must be
 * exactly those of a scanner with the cache working normally.
 *
 * Hidden names: an invisible character or an underscore inside a word does
 * not split it, and the mention's offsets still cover the original bytes.
 * Lines of one case: in a line all in capitals or all in lower case, names
 * are found without capitals to show them, and ordinary words are not. The
 * documents are
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


/* Scans `doc` with the default options (or as HTML) and no cache tricks. */
static void scan_doc(const char *doc, int html, found *f) {
    embargo_scan_options o;
    embargo_scan_options_init(&o);
    o.html = html;
    embargo_scanner *s = NULL;
    memset(f, 0, sizeof(*f));
    CHECK_EQ_INT(embargo_scanner_new(ix, &o, &s), EMBARGO_OK);
    if (!s) return;
    CHECK_EQ_INT(embargo_scanner_scan(s, doc, strlen(doc), on_mention, f), EMBARGO_OK);
    embargo_scanner_free(s);
}

/* The bytes of doc a mention line "id start-end how" of f points at. */
static int mention_covers(const found *f, const char *doc, const char *id, const char *want) {
    char key[64];
    snprintf(key, sizeof(key), "%s ", id);
    for (const char *p = strstr(f->text, key); p; p = strstr(p + 1, key)) {
        unsigned long long a, b;
        if (sscanf(p + strlen(key), "%llu-%llu", &a, &b) != 2) continue;
        if (b - a == strlen(want) && memcmp(doc + a, want, b - a) == 0) return 1;
    }
    return 0;
}

/* Invisible characters inside a name: zero-width space (U+200B), soft
 * hyphen (U+00AD), word joiner (U+2060), BOM (U+FEFF), Mongolian vowel
 * separator (U+180E); the mention spans them. */
TEST(invisible_characters_do_not_split_a_word) {
    static const char *const docs[][3] = {
        {"He met Konstantin Kosa\xe2\x80\x8b" "chyov in Moscow.", "ofac-sdn:24231",
         "Konstantin Kosa\xe2\x80\x8b" "chyov"},
        {"Maria Bu\xc2\xadtina was held.", "ofac-sdn:35573", "Maria Bu\xc2\xadtina"},
        {"Then Leonid Slu\xe2\x81\xa0tsky spoke.", "ofac-sdn:16662", "Leonid Slu\xe2\x81\xa0tsky"},
        {"Vladimir Pu\xef\xbb\xbftin said so.", "ofac-sdn:35096", "Vladimir Pu\xef\xbb\xbftin"},
        {"Sergei Kis\xe1\xa0\x8elyak left.", "ofac-sdn:36820", "Sergei Kis\xe1\xa0\x8elyak"},
        /* between the words, an invisible character is no break either */
        {"Vladimir\xe2\x80\x8b Putin said so.", "ofac-sdn:35096", "Vladimir\xe2\x80\x8b Putin"},
    };
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        found f;
        scan_doc(docs[i][0], 0, &f);
        CHECK_EQ_INT(f.count, 1);
        CHECK(mention_covers(&f, docs[i][0], docs[i][1], docs[i][2]));
        if (!mention_covers(&f, docs[i][0], docs[i][1], docs[i][2]))
            fprintf(stderr, "  doc %zu: %s", i, f.text);
    }
}

/* HTML: &shy; becomes a soft hyphen; the offsets point into the file. */
TEST(soft_hyphen_entity_in_html) {
    static const char doc[] = "<p>He met <b>Konstantin Kosa&shy;chyov</b> today.</p>";
    found f;
    scan_doc(doc, 1, &f);
    CHECK_EQ_INT(f.count, 1);
    CHECK(mention_covers(&f, doc, "ofac-sdn:24231", "Konstantin Kosa&shy;chyov"));
}

/* Hyphens and underscores inside a word: the halves together are a name
 * the index knows, though neither half is. */
TEST(words_in_halves) {
    static const char *const docs[][2] = {
        {"Payment to Konstantin Kosa_chyov today.", "Konstantin Kosa_chyov"},
        {"Payment to Konstantin Kosa-chyov today.", "Konstantin Kosa-chyov"},
        {"PAYMENT TO KONSTANTIN KOSA_CHYOV REF 1", "KONSTANTIN KOSA_CHYOV"},
    };
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        found f;
        scan_doc(docs[i][0], 0, &f);
        CHECK_EQ_INT(f.count, 1);
        CHECK(mention_covers(&f, docs[i][0], "ofac-sdn:24231", docs[i][1]));
    }
    /* a word in halves is one name word: a listed surname alone is no alert */
    found f;
    scan_doc("Yesterday Kosa-chyov spoke.", 0, &f);
    CHECK_EQ_INT(f.count, 0);
}

/* A Latin name with a Cyrillic or Greek look-alike letter. */
TEST(look_alike_letters) {
    static const char *const docs[][3] = {
        {"They saw Vladimir \xd0\xa0utin there.", "ofac-sdn:35096", "Vladimir \xd0\xa0utin"},
        {"They saw Konstantin K\xce\xbfs\xce\xb1" "chev there.", "ofac-sdn:24231",
         "Konstantin K\xce\xbfs\xce\xb1" "chev"},
    };
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        found f;
        scan_doc(docs[i][0], 0, &f);
        CHECK_EQ_INT(f.count, 1);
        CHECK(mention_covers(&f, docs[i][0], docs[i][1], docs[i][2]));
    }
}

/* Lines in capitals and in lower case: the name is found, the words around
 * it are not part of it. */
TEST(lines_of_one_case) {
    static const char *const docs[][3] = {
        {"PAYMENT TO VLADIMIR PUTIN REF 2231", "ofac-sdn:35096", "VLADIMIR PUTIN"},
        {"BNF VLADIMIR PUTIN MOSCOW", "ofac-sdn:35096", "VLADIMIR PUTIN"},
        {"sent 500 to vladimir putin", "ofac-sdn:35096", "vladimir putin"},
        {"Sent 500 to vladimir putin", "ofac-sdn:35096", "vladimir putin"},
        {"transfer to vladimir v. putin, thanks", "ofac-sdn:35096", "vladimir v. putin"},
        {"FOR THE ATTENTION OF SERGEY I. KISLYAK", "ofac-sdn:36820", "SERGEY I. KISLYAK"},
        {"INVOICE 7 KARST OOO", "ofac-sdn:21038", "KARST"}, /* a one-word company name */
    };
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        found f;
        scan_doc(docs[i][0], 0, &f);
        CHECK_EQ_INT(f.count, 1);
        CHECK(mention_covers(&f, docs[i][0], docs[i][1], docs[i][2]));
        if (!mention_covers(&f, docs[i][0], docs[i][1], docs[i][2]))
            fprintf(stderr, "  doc %zu: %s", i, f.text);
    }
    /* a later mention by surname, in capitals and in lower case */
    found f;
    scan_doc("VLADIMIR PUTIN ARRIVED. LATER MR. PUTIN LEFT.\n", 0, &f);
    CHECK_EQ_INT(f.count, 2);
    scan_doc("vladimir putin arrived. later mr. putin left.\n", 0, &f);
    CHECK_EQ_INT(f.count, 2);
}

/* What must stay silent: ordinary words in capitals, a possessive, a
 * surname alone, and a lower-case line in text that capitalises its names. */
TEST(lines_of_one_case_stay_quiet) {
    static const char *const docs[] = {
        "PAYMENT TO NORTHERN TRADING LTD INV 88",
        "SALARY MARCH JOHN SMITH",
        "TRUMP'S RUSSIA POLICY",
        "INVOICE FOR PUTIN",
        "sent 500 to putin",
        "Mr. Smith met Mr. Jones in London and Mr. Brown in Paris, said Mr. Green.\n"
        "the talks with vladimir putin went on.\n",
    };
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        found f;
        scan_doc(docs[i], 0, &f);
        CHECK_EQ_INT(f.count, 0);
        if (f.count) fprintf(stderr, "  doc %zu: %s", i, f.text);
    }
}

/* Stops the scan at the first mention. */
static int stop_at_first(void *ctx, const embargo_mention *m) {
    (void)m;
    ++*(unsigned *)ctx;
    return 1;
}

/* A caller that stops the scan at a mention is given no more, and the
 * entities found afterwards are those of the mentions it was given: the
 * rest of the window, read before the mentions went out, does not count. */
TEST(stop_counts_only_the_mentions_told) {
    static const char doc[] = "Vladimir Putin met Leonid Slutsky in Moscow. Then Maria Butina wrote to "
                              "Sergei Kislyak, and Putin answered.\n";
    embargo_scanner *s = NULL;
    CHECK_EQ_INT(embargo_scanner_new(ix, NULL, &s), EMBARGO_OK);
    if (!s) return;
    unsigned calls = 0;
    CHECK_EQ_INT(embargo_scanner_scan(s, doc, strlen(doc), stop_at_first, &calls), EMBARGO_OK);
    CHECK_EQ_INT(calls, 1);
    const embargo_scan_hit *hits;
    size_t n;
    embargo_scanner_hits(s, &hits, &n);
    CHECK_EQ_INT(n, 1);
    if (n == 1) {
        CHECK_EQ_INT(hits[0].entity.id_len, 14);
        CHECK(memcmp(hits[0].entity.id, "ofac-sdn:35096", 14) == 0); /* PUTIN */
        CHECK_EQ_INT(hits[0].mentions, 1);
        CHECK_EQ_INT(hits[0].first_start, 0);
    }
    /* the same scanner, not stopped: every entity, Putin twice */
    found f;
    memset(&f, 0, sizeof(f));
    CHECK_EQ_INT(embargo_scanner_scan(s, doc, strlen(doc), on_mention, &f), EMBARGO_OK);
    embargo_scanner_hits(s, &hits, &n);
    CHECK_EQ_INT(n, 4);
    CHECK_EQ_INT(f.count, 5);
    if (n == 4) CHECK_EQ_INT(hits[0].mentions, 2);
    embargo_scanner_free(s);
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
    RUN(invisible_characters_do_not_split_a_word);
    RUN(soft_hyphen_entity_in_html);
    RUN(words_in_halves);
    RUN(look_alike_letters);
    RUN(lines_of_one_case);
    RUN(lines_of_one_case_stay_quiet);
    RUN(stop_counts_only_the_mentions_told);
    embargo_index_close(ix);
    return test_summary();
}

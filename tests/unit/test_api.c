/*
 * test_api.c - the public API as a second client sees it: version calls,
 * options structs read field by field by their size, an index opened from
 * memory, a build without groups.
 *
 * Only include/embargo.h is used, so the same program is also linked
 * against libembargo.so (build/tests/test_api_shared): what a binding or a
 * server links against is enough. The data is the golden-case excerpt
 * tests/cases/lists/mini (run from the repository root, as make does).
 */
#include "test.h"
#include "embargo.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static embargo_index *ix;       /* the mini list, grouped */

static embargo_index *build(const embargo_build_options *bo, embargo_status *status) {
    embargo_dataset *ds = NULL;
    embargo_index *out = NULL;
    embargo_error err;
    embargo_status st = embargo_dataset_new(&ds);
    if (!st) st = embargo_dataset_load(ds, "tests/cases/lists/mini", &err);
    if (!st) st = embargo_index_build(ds, bo, &out, &err);
    embargo_dataset_free(ds);
    if (status) *status = st;
    return st ? NULL : out;
}

/* How many matches `name` gets with options `o`, or -1 on an error. */
static long screen(embargo_matcher *m, const char *name, const embargo_screen_options *o,
                   embargo_status *status, double *top) {
    const embargo_match *mm = NULL;
    size_t n = 0;
    embargo_status st = embargo_matcher_screen(m, name, strlen(name), o, &mm, &n);
    if (status) *status = st;
    if (top) *top = n ? mm[0].score : 0;
    return st ? -1 : (long)n;
}

TEST(test_version) {
    CHECK_EQ_STR(embargo_version(), EMBARGO_VERSION);
    CHECK_EQ_INT(embargo_version_number(), EMBARGO_VERSION_NUMBER);
    CHECK_EQ_INT(embargo_version_number() >> 16, EMBARGO_VERSION_MAJOR);
}

/* A caller built against an older header passes a smaller struct: the
 * fields it covers count, the others take their defaults. */
TEST(test_screen_options_by_size) {
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &m), EMBARGO_OK);
    if (!m) return;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    double top = 0;
    embargo_status st;
    CHECK_EQ_INT(screen(m, "Putin", &o, &st, &top), 1);
    CHECK(top > 0.85 && top < 0.95);

    /* an older caller that knew only the threshold: 0.95 is honoured */
    o.threshold = 0.95;
    o.size = offsetof(embargo_screen_options, threshold) + sizeof(o.threshold);
    CHECK_EQ_INT(screen(m, "Putin", &o, &st, NULL), 0);
    CHECK_EQ_INT(st, EMBARGO_OK);
    /* ... and the fields it did not know are not read: a type mask that
     * would exclude people is beyond its size */
    o.threshold = 0.5;
    o.type_mask = 1u << EMBARGO_TYPE_VESSEL;
    CHECK_EQ_INT(screen(m, "Putin", &o, &st, NULL), 1);
    o.size = sizeof(o);
    CHECK_EQ_INT(screen(m, "Putin", &o, &st, NULL), 0);

    /* no size at all is a mistake, not "all defaults" */
    embargo_screen_options z;
    memset(&z, 0, sizeof(z));
    z.threshold = 0.95;
    CHECK_EQ_INT(screen(m, "Putin", &z, &st, NULL), -1);
    CHECK_EQ_INT(st, EMBARGO_EINVAL);
    CHECK(strstr(embargo_matcher_message(m), "embargo_screen_options_init") != NULL);

    /* a newer caller's larger struct: fine while the fields we do not know
     * are zero, refused when one is set */
    struct {
        embargo_screen_options o;
        uint64_t newer_field;
    } big;
    memset(&big, 0, sizeof(big));
    embargo_screen_options_init(&big.o);
    big.o.size = sizeof(big);
    CHECK_EQ_INT(screen(m, "Putin", &big.o, &st, NULL), 1);
    big.newer_field = 7;
    CHECK_EQ_INT(screen(m, "Putin", &big.o, &st, NULL), -1);
    CHECK_EQ_INT(st, EMBARGO_EINVAL);

    /* NULL options: the defaults */
    CHECK_EQ_INT(screen(m, "Putin", NULL, &st, NULL), 1);
    embargo_matcher_free(m);
}

static int count_mention(void *ctx, const embargo_mention *m) {
    (void)m;
    (*(int *)ctx)++;
    return 0;
}

/* Mentions of a text through a scanner made with `o`; -1 if refused. */
static int mentions(const embargo_scan_options *o) {
    embargo_scanner *sc = NULL;
    if (embargo_scanner_new(ix, o, &sc) != EMBARGO_OK) return -1;
    const char *doc = "In Moscow, Vladimir Putin met Sergey Kislyak. Mr. Putin spoke first.";
    int n = 0;
    if (embargo_scanner_scan(sc, doc, strlen(doc), count_mention, &n) != EMBARGO_OK) n = -1;
    embargo_scanner_free(sc);
    return n;
}

TEST(test_scan_options_by_size) {
    embargo_scan_options o;
    embargo_scan_options_init(&o);
    int all = mentions(&o);
    CHECK(all >= 3);
    /* an older caller that knew the threshold only: the type mask beyond
     * its size (vessels) is not read */
    o.type_mask = 1u << EMBARGO_TYPE_VESSEL;
    o.size = offsetof(embargo_scan_options, threshold) + sizeof(o.threshold);
    CHECK_EQ_INT(mentions(&o), all);
    o.size = sizeof(o);
    CHECK_EQ_INT(mentions(&o), 0);
    o.size = 0;
    CHECK_EQ_INT(mentions(&o), -1);
    struct {
        embargo_scan_options o;
        uint64_t newer_field;
    } big;
    memset(&big, 0, sizeof(big));
    embargo_scan_options_init(&big.o);
    big.o.size = sizeof(big);
    CHECK_EQ_INT(mentions(&big.o), all);
    big.newer_field = 1;
    CHECK_EQ_INT(mentions(&big.o), -1);
    CHECK_EQ_INT(mentions(NULL), all);
    /* an HTML document that yields no text at all */
    embargo_scan_options_init(&o);
    o.html = 1;
    embargo_scanner *sc = NULL;
    CHECK_EQ_INT(embargo_scanner_new(ix, &o, &sc), EMBARGO_OK);
    int n = 0;
    if (sc) CHECK_EQ_INT(embargo_scanner_scan(sc, "<p>", 3, count_mention, &n), EMBARGO_OK);
    CHECK_EQ_INT(n, 0);
    embargo_scanner_free(sc);
}

TEST(test_build_options_by_size) {
    /* flags beyond an older caller's size are not read: the build groups */
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.flags = EMBARGO_BUILD_NO_GROUPS;
    bo.size = offsetof(embargo_build_options, progress_ctx) + sizeof(bo.progress_ctx);
    embargo_status st;
    embargo_index *a = build(&bo, &st);
    CHECK_EQ_INT(st, EMBARGO_OK);
    /* a size of zero is refused */
    bo.size = 0;
    embargo_index *b = build(&bo, &st);
    CHECK_EQ_INT(st, EMBARGO_EINVAL);
    CHECK(b == NULL);
    embargo_index_close(a);
}

/* Built without groups, every entity is alone; the search is the same. */
TEST(test_no_groups) {
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    uint32_t members[64];

    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.flags = EMBARGO_BUILD_NO_GROUPS;
    embargo_status st;
    embargo_index *plain = build(&bo, &st);
    CHECK_EQ_INT(st, EMBARGO_OK);
    if (!plain) return;
    for (uint32_t i = 0; i < info.entities; i++) {
        CHECK_EQ_INT(embargo_index_group(plain, i, members, 64), 1);
        CHECK_EQ_INT(members[0], i);
        CHECK(embargo_index_same_group(plain, i, i));
        uint32_t via = 99;
        char why[64] = "x";
        CHECK_EQ_INT(embargo_index_group_evidence(plain, i, &via, why, sizeof(why)), 0);
        CHECK_EQ_STR(why, "");
    }
    if (info.entities > 1) CHECK(!embargo_index_same_group(plain, 0, 1));
    /* the search tables are the same: so are the scores */
    embargo_matcher *m1 = NULL, *m2 = NULL;
    embargo_matcher_new(ix, &m1);
    embargo_matcher_new(plain, &m2);
    double s1 = 0, s2 = 0;
    CHECK_EQ_INT(screen(m1, "Sergey I. Kislyak", NULL, &st, &s1), screen(m2, "Sergey I. Kislyak", NULL, &st, &s2));
    CHECK(s1 > 0.8 && s1 == s2);
    embargo_matcher_free(m1);
    embargo_matcher_free(m2);
    embargo_index_close(plain);
}

/* A matcher remembers what searches cost most (a word's typo search): one
 * that has screened many names answers each exactly as a new one does,
 * whether the name's words are new to it, met before, too long to be kept
 * or seen again at a lower threshold. */
TEST(test_matcher_memory) {
    static const char *const names[] = {
        "Sergey I. Kislyak", "Sergej Kisljak", "Kislyakk Sergei", "Vladmir Putn", "Putin",
        "Vladimir Vladimirovich Putinnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", "Konstantin Kosachyov",
        "Kossatchev Konstantin", "Leonid Slutskiy", "Slutski Leonid", "Maria Butina", "Marija Butyna",
        "Usama bin Ladn", "Sergey Ivanov", "Sergei Ivanoff", "Ptuin", "Kislayk", "Butnia",
        "Kosachyv", "Sltusky",
    };
    size_t n = sizeof(names) / sizeof(names[0]);
    embargo_matcher *warm = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &warm), EMBARGO_OK);
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    for (int round = 0; round < 3; round++) {
        o.threshold = round == 0 ? EMBARGO_DEFAULT_THRESHOLD : 0.5;
        for (size_t i = 0; i < n; i++) {
            embargo_matcher *fresh = NULL;
            CHECK_EQ_INT(embargo_matcher_new(ix, &fresh), EMBARGO_OK);
            const embargo_match *a = NULL, *b = NULL;
            size_t na = 0, nb = 0;
            CHECK_EQ_INT(embargo_matcher_screen(warm, names[i], strlen(names[i]), &o, &a, &na), EMBARGO_OK);
            CHECK_EQ_INT(embargo_matcher_screen(fresh, names[i], strlen(names[i]), &o, &b, &nb), EMBARGO_OK);
            CHECK_EQ_INT(na, nb);
            for (size_t k = 0; k < na && k < nb; k++) {
                CHECK_EQ_INT(a[k].entity.index, b[k].entity.index);
                CHECK_EQ_INT(a[k].name_index, b[k].name_index);
                CHECK(a[k].score == b[k].score);
            }
            embargo_matcher_free(fresh);
        }
    }
    embargo_matcher_free(warm);
}

TEST(test_open_memory) {
    char dir[] = "/tmp/embargo-api-XXXXXX";
    if (!mkdtemp(dir)) { CHECK(0); return; }
    char path[64];
    snprintf(path, sizeof(path), "%s/mini.idx", dir);
    embargo_error err;
    CHECK_EQ_INT(embargo_index_save(ix, path, &err), EMBARGO_OK);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f) return;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *bytes = malloc((size_t)n);
    CHECK(bytes && fread(bytes, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    unlink(path);
    rmdir(dir);
    if (!bytes) return;

    embargo_index *mem = NULL;
    CHECK_EQ_INT(embargo_index_open_memory(bytes, (size_t)n, &mem, &err), EMBARGO_OK);
    /* a damaged image is refused like a damaged file */
    bytes[n / 2] ^= 0x40;
    embargo_index *bad = NULL;
    CHECK_EQ_INT(embargo_index_open_memory(bytes, (size_t)n, &bad, &err), EMBARGO_EINDEX);
    CHECK(bad == NULL);
    CHECK(strstr(err.message, "checksum") != NULL);
    CHECK_EQ_INT(embargo_index_open_memory(bytes, 16, &bad, &err), EMBARGO_EINDEX);
    CHECK_EQ_INT(embargo_index_open_memory(NULL, 16, &bad, &err), EMBARGO_EINVAL);
    /* the bytes were copied: the caller's buffer may go */
    free(bytes);
    if (!mem) return;
    embargo_index_info a, b;
    embargo_index_info_get(ix, &a);
    embargo_index_info_get(mem, &b);
    CHECK_EQ_INT(a.entities, b.entities);
    CHECK_EQ_INT(a.names, b.names);
    CHECK_EQ_INT(a.bytes, b.bytes);
    embargo_matcher *m = NULL;
    embargo_matcher_new(mem, &m);
    double top = 0;
    embargo_status st;
    CHECK_EQ_INT(screen(m, "Vladimir V. Putin", NULL, &st, &top), 1);
    CHECK(top > 0.95);
    embargo_entity e;
    CHECK_EQ_INT(embargo_index_find(mem, "ofac-sdn:35096", 14, &e), EMBARGO_OK);
    embargo_matcher_free(m);
    embargo_index_close(mem);
}

/* The match of `name` with `entity_id` and its note, or score -1. */
static double screened(embargo_matcher *m, const char *name, const char *dob, const char *country,
                       const char *id, const char **note, embargo_status *status) {
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.birth_date = dob;
    o.country = country;
    const embargo_match *mm = NULL;
    size_t n = 0;
    *status = embargo_matcher_screen(m, name, strlen(name), &o, &mm, &n);
    for (size_t i = 0; i < n; i++)
        if (strlen(id) == mm[i].entity.id_len && !memcmp(mm[i].entity.id, id, mm[i].entity.id_len)) {
            if (note) *note = mm[i].explanation.note;
            return mm[i].score;
        }
    return -1;
}

/* A birth date and a country as customers' records give them: every form
 * of a country means the same one; an unknown country or an impossible
 * date is an error, never a silent mismatch; a strong name is never hidden
 * by evidence that differs. PUTIN, Vladimir Vladimirovich: born
 * 1952-10-07, nationality and citizenship Russia. */
TEST(test_evidence) {
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &m), EMBARGO_OK);
    if (!m) return;
    const char *id = "ofac-sdn:35096", *note = NULL;
    embargo_status st;
    double plain = screened(m, "Putin", NULL, NULL, id, NULL, &st);
    CHECK(plain > 0.85 && plain < 0.95);
    static const char *const RUSSIA[] = {"RU", "rus", "Russia", "Russian Federation", "russian",
                                         "RUSSIA", "the Russian Federation", "Moscow, Russia"};
    for (size_t i = 0; i < sizeof(RUSSIA) / sizeof(RUSSIA[0]); i++) {
        note = NULL;
        double s = screened(m, "Putin", NULL, RUSSIA[i], id, &note, &st);
        CHECK_EQ_INT(st, EMBARGO_OK);
        CHECK(s > plain);
        CHECK(note && strstr(note, "country agrees"));
    }
    double s = screened(m, "Putin", "1952-10-07", "RU", id, &note, &st);
    CHECK(s > plain && note && strstr(note, "birth date agrees"));
    /* a differing birth year and country lower a score ... */
    s = screened(m, "V. Putin", NULL, NULL, id, NULL, &st);
    double lowered = screened(m, "V. Putin", "1970", "France", id, &note, &st);
    CHECK(s > 0 && lowered < s);
    /* ... but a strong name stays at the threshold at least, and says why */
    if (s >= 0.9) {
        CHECK(lowered >= EMBARGO_DEFAULT_THRESHOLD - 1e-9);
        CHECK(note && strstr(note, "birth year differs") && strstr(note, "country differs") &&
              strstr(note, "matches strongly"));
    }
    /* errors, with messages */
    CHECK_EQ_INT(screened(m, "Putin", NULL, "Narnia", id, NULL, &st), -1);
    CHECK_EQ_INT(st, EMBARGO_EQUERY);
    CHECK(strstr(embargo_matcher_message(m), "unknown country") != NULL);
    static const char *const BAD_DATES[] = {"1962-13-01", "1962-02-30", "19620917", "17.09.1962",
                                            "1962-9-17", "0962", "yesterday"};
    for (size_t i = 0; i < sizeof(BAD_DATES) / sizeof(BAD_DATES[0]); i++) {
        CHECK_EQ_INT(screened(m, "Putin", BAD_DATES[i], NULL, id, NULL, &st), -1);
        CHECK_EQ_INT(st, EMBARGO_EQUERY);
        CHECK(strstr(embargo_matcher_message(m), "not a date") != NULL);
    }
    embargo_screen_options co;
    embargo_screen_options_init(&co);
    co.country = "Narnia";
    CHECK_EQ_INT(embargo_matcher_check_options(m, &co), EMBARGO_EQUERY);
    CHECK(strstr(embargo_matcher_message(m), "unknown country") != NULL);
    co.country = "RUS";
    co.birth_date = "1952-10-07";
    CHECK_EQ_INT(embargo_matcher_check_options(m, &co), EMBARGO_OK);
    co.threshold = 2;
    CHECK_EQ_INT(embargo_matcher_check_options(m, &co), EMBARGO_EINVAL);
    CHECK_EQ_INT(embargo_matcher_check_options(m, NULL), EMBARGO_OK);
    CHECK(screened(m, "Putin", "2000-02-29", NULL, id, NULL, &st) >= 0 || st == EMBARGO_OK);
    CHECK_EQ_INT(st, EMBARGO_OK);
    embargo_matcher_free(m);
}

/* A query with a control character or a byte that is not UTF-8 anywhere
 * in it, in a block of eight bytes or after the last (the matcher reads
 * printable ASCII eight bytes at a time), is refused with the byte's
 * offset; a tab or a letter beyond ASCII is no control character. */
TEST(test_query_bytes) {
    static const char BAD[] = {0x01, 0x09, 0x1F, 0x7F, (char)0x80, (char)0xFF};
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &m), EMBARGO_OK);
    if (!m) return;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    for (size_t len = 1; len <= 19; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t b = 0; b < sizeof(BAD); b++) {
                char q[24];
                memset(q, 'a', len);
                q[at] = BAD[b];
                const embargo_match *ms = NULL;
                size_t n = 0;
                embargo_status st = embargo_matcher_screen(m, q, len, &o, &ms, &n);
                if (BAD[b] == 0x09) {
                    CHECK(st != EMBARGO_EQUERY || strstr(embargo_matcher_message(m), "byte") == NULL);
                    continue;
                }
                char want[64];
                snprintf(want, sizeof(want), "%s at byte %zu",
                         (unsigned char)BAD[b] >= 0x80 ? "invalid UTF-8" : "control character", at);
                CHECK_EQ_INT(st, EMBARGO_EQUERY);
                TEST_CHECK_(strcmp(embargo_matcher_message(m), want) == 0, "%s:%d: %zu bytes, 0x%02x at %zu: %s\n",
                            __FILE__, __LINE__, len, (unsigned char)BAD[b], at, embargo_matcher_message(m));
            }
    const embargo_match *ms = NULL;
    size_t n = 0;
    static const char OK[] = "Sergei Kisljak \xc3\xa9 Ivanov";
    CHECK_EQ_INT(embargo_matcher_screen(m, OK, sizeof(OK) - 1, &o, &ms, &n), EMBARGO_OK);
    embargo_matcher_free(m);
}

/* compare leaves no message when it succeeds, even where the name before a
 * slash has nothing to match (words of invisible characters alone, which
 * the analyser drops) */
TEST(test_compare_leaves_no_message) {
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &m), EMBARGO_OK);
    if (!m) return;
    static const char *const B[] = {"\xe2\x80\x8b\xe2\x80\x8b \xe2\x80\x8b\xe2\x80\x8b/ISLAMIC ARMY"};
    for (size_t i = 0; i < sizeof(B) / sizeof(B[0]); i++) {
        double score = 0;
        CHECK_EQ_INT(embargo_matcher_compare(m, "Islamic Army", 12, B[i], strlen(B[i]), &score, NULL), EMBARGO_OK);
        TEST_CHECK_(embargo_matcher_message(m)[0] == '\0', "%s:%d: %s: %s\n", __FILE__, __LINE__, B[i],
                    embargo_matcher_message(m));
    }
    embargo_matcher_free(m);
}

TEST(test_null_arguments) {
    embargo_index_close(NULL);
    embargo_matcher_free(NULL);
    embargo_dataset_free(NULL);
    embargo_scanner_free(NULL);
    embargo_screen_options_init(NULL);
    embargo_build_options_init(NULL);
    CHECK_EQ_INT(embargo_index_build(NULL, NULL, NULL, NULL), EMBARGO_EINVAL);
    CHECK_EQ_INT(embargo_index_open_memory(NULL, 0, NULL, NULL), EMBARGO_EINVAL);
}

int main(void) {
    embargo_status st;
    ix = build(NULL, &st);
    if (!ix) {
        fprintf(stderr, "cannot build the mini index: %s\n", embargo_strerror(st));
        return 1;
    }
    RUN(test_version);
    RUN(test_screen_options_by_size);
    RUN(test_scan_options_by_size);
    RUN(test_build_options_by_size);
    RUN(test_no_groups);
    RUN(test_matcher_memory);
    RUN(test_open_memory);
    RUN(test_evidence);
    RUN(test_query_bytes);
    RUN(test_compare_leaves_no_message);
    RUN(test_null_arguments);
    embargo_index_close(ix);
    return test_summary();
}

/*
 * test_index.c - unit tests for the index (src/index): build from a dataset,
 * save, reopen, read back; then robustness of embargo_index_open against
 * damaged files: every bit of the header flipped, random bits of the body
 * flipped (with the checksum left alone, and with it recomputed so that the
 * bounds checks behind it are exercised), and truncations.
 *
 * The data is the golden-case list excerpt tests/cases/lists/mini (run from
 * the repository root, as make does; EMBARGO_MINI overrides the path). Its
 * contents are described in tests/cases/README.md; the counts below follow
 * from its rows.
 */
#define _DEFAULT_SOURCE /* truncate, symlink, mkfifo */
#include "test.h"
#include "embargo.h"
#include "index/format.h"
#include "index/index_int.h"
#include "lists/dataset.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* tests/cases/lists/mini: 24 sdn.csv rows; 44 alt.csv rows, one of which
 * (SLUTSKY, Leonid Eduardovich) repeats its entity's primary name and is
 * merged; 10 weak a.k.a.s in remarks (BURTON BURGESS, TAYSIR, ABU HAFS,
 * KARST LTD., LLC KARST, MAKRAN, ALPHA, NSS, and blackjack1987 and khaleesi
 * from the sdn_comments.csv continuation). */
#define MINI_ENTITIES 24
#define MINI_ALIASES (44 - 1 + 10)
#define MINI_NAMES (MINI_ENTITIES + MINI_ALIASES)
#define MINI_WEAK 10
#define MINI_ROWS (24 + 44 + 18 + 1)

static const char *mini_path(void) {
    const char *p = getenv("EMBARGO_MINI");
    return p && *p ? p : "tests/cases/lists/mini";
}

static char tmpdir[256];
static char ixpath[300];
static char scratch_path[300];
static embargo_index *built;    /* built in memory */
static embargo_index *opened;   /* the same, saved and reopened */
static unsigned char *image;    /* the saved file's bytes */
static size_t image_size;

/* A small deterministic PRNG (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static int write_file(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int ok = fwrite(data, 1, n, f) == n;
    ok &= fclose(f) == 0;
    return ok ? 0 : -1;
}

static unsigned char *read_file(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0) {
        fclose(f);
        return NULL;
    }
    unsigned char *p = malloc((size_t)sb.st_size + 1);
    if (p && fread(p, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *n = (size_t)sb.st_size;
    return p;
}

static int streq(const char *s, size_t len, const char *want) {
    return s && strlen(want) == len && memcmp(s, want, len) == 0;
}

static int has_field(const embargo_index *ix, const embargo_entity *e, embargo_field_kind kind,
                     const char *text) {
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f) == EMBARGO_OK && f.kind == kind &&
            streq(f.text, f.len, text))
            return 1;
    }
    return 0;
}

/* The name's index in e, or -1; *weak and *kind receive its flags. */
static int find_name(const embargo_index *ix, const embargo_entity *e, const char *text, int *weak,
                     embargo_name_kind *kind) {
    for (uint32_t i = 0; i < e->name_count; i++) {
        embargo_name n;
        if (embargo_entity_name(ix, e, i, &n) == EMBARGO_OK && streq(n.text, n.len, text)) {
            if (weak) *weak = n.weak;
            if (kind) *kind = n.kind;
            return (int)i;
        }
    }
    return -1;
}

/* ---- building, saving, reopening ------------------------------------------ */

TEST(test_build) {
    embargo_dataset *ds = NULL;
    embargo_error err;
    CHECK_EQ_INT(embargo_dataset_new(&ds), EMBARGO_OK);
    if (!ds) return;
    embargo_status st = embargo_dataset_load(ds, mini_path(), &err);
    CHECK_EQ_INT(st, EMBARGO_OK);
    if (st) {
        fprintf(stderr, "  %s:%lu:%lu: %s\n", err.file, err.line, err.column, err.message);
        embargo_dataset_free(ds);
        return;
    }
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, MINI_ENTITIES);
    CHECK_EQ_INT(s.names, MINI_NAMES);
    CHECK_EQ_INT(s.aliases, MINI_ALIASES);
    CHECK_EQ_INT(s.weak_aliases, MINI_WEAK);
    CHECK_EQ_INT(s.rows, MINI_ROWS);
    CHECK_EQ_INT(s.orphan_rows, 0);
    CHECK_EQ_INT(s.lists, 1);
    CHECK(s.fields > s.entities);

    int calls = 0;
    /* (the padding after flags must be zero: emb__opt_check refuses a tail
     * it does not know, and an initialiser list leaves padding as the stack
     * had it) */
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.progress_ctx = &calls;
    st = embargo_index_build(ds, &bo, &built, &err);
    CHECK_EQ_INT(st, EMBARGO_OK);
    embargo_dataset_free(ds); /* the index must not need the dataset */
    if (st) return;

    embargo_index_info info;
    embargo_index_info_get(built, &info);
    CHECK_EQ_INT(info.format_version, EMB_IX_VERSION);
    CHECK_EQ_INT(info.entities, MINI_ENTITIES);
    CHECK_EQ_INT(info.names, MINI_NAMES);
    CHECK_EQ_INT(info.lists, 1);
    CHECK(info.tokens > 50);
    CHECK(info.bytes > sizeof(emb_ix_header));
    CHECK(info.built_at > 1700000000u);

    embargo_list_info li;
    CHECK_EQ_INT(embargo_index_list(built, 0, &li), EMBARGO_OK);
    CHECK_EQ_STR(li.name, "ofac-sdn");
    CHECK(li.source && strstr(li.source, "mini") != NULL);
    CHECK(li.date != NULL);
    CHECK_EQ_INT(li.entities, MINI_ENTITIES);
    CHECK_EQ_INT(embargo_index_list(built, 1, &li), EMBARGO_EINVAL);
}

TEST(test_save_and_open) {
    if (!built) return;
    embargo_error err;
    CHECK_EQ_INT(embargo_index_save(built, ixpath, &err), EMBARGO_OK);
    CHECK_EQ_INT(embargo_index_open(ixpath, &opened, &err), EMBARGO_OK);
    if (!opened) return;
    image = read_file(ixpath, &image_size);
    CHECK(image != NULL);

    embargo_index_info a, b;
    embargo_index_info_get(built, &a);
    embargo_index_info_get(opened, &b);
    CHECK_EQ_INT(b.entities, a.entities);
    CHECK_EQ_INT(b.names, a.names);
    CHECK_EQ_INT(b.tokens, a.tokens);
    CHECK_EQ_INT(b.bytes, a.bytes);
    CHECK_EQ_INT(b.built_at, a.built_at);
    CHECK_EQ_INT(b.bytes, image_size);

    /* Every entity reads the same from both, and is found by its own id. */
    for (uint32_t i = 0; i < a.entities; i++) {
        embargo_entity x, y, z;
        CHECK_EQ_INT(embargo_index_entity(built, i, &x), EMBARGO_OK);
        CHECK_EQ_INT(embargo_index_entity(opened, i, &y), EMBARGO_OK);
        CHECK_EQ_INT(y.index, i);
        CHECK(x.id_len == y.id_len && memcmp(x.id, y.id, x.id_len) == 0);
        CHECK(x.name_len == y.name_len && memcmp(x.name, y.name, x.name_len) == 0);
        CHECK_EQ_INT(x.name_count, y.name_count);
        CHECK_EQ_INT(x.field_count, y.field_count);
        CHECK_EQ_INT(x.type, y.type);
        CHECK_EQ_INT(embargo_index_find(opened, y.id, y.id_len, &z), EMBARGO_OK);
        CHECK_EQ_INT(z.index, i);
        CHECK(y.name_count >= 1);
        embargo_name n;
        CHECK_EQ_INT(embargo_entity_name(opened, &y, 0, &n), EMBARGO_OK);
        CHECK_EQ_INT(n.kind, EMBARGO_NAME_PRIMARY);
        CHECK(n.len == y.name_len && memcmp(n.text, y.name, n.len) == 0);
        CHECK_EQ_INT(embargo_entity_name(opened, &y, y.name_count, &n), EMBARGO_EINVAL);
        embargo_field f;
        CHECK_EQ_INT(embargo_entity_field(opened, &y, y.field_count, &f), EMBARGO_EINVAL);
    }
    embargo_entity e;
    CHECK_EQ_INT(embargo_index_entity(opened, a.entities, &e), EMBARGO_EINVAL);
}

TEST(test_find_and_read) {
    if (!opened) return;
    embargo_entity e;
    const char *id = "ofac-sdn:24231";
    CHECK_EQ_INT(embargo_index_find(opened, id, strlen(id), &e), EMBARGO_OK);
    CHECK(streq(e.id, e.id_len, id));
    CHECK_EQ_STR(e.list, "ofac-sdn");
    CHECK_EQ_INT(e.type, EMBARGO_TYPE_PERSON);
    CHECK(streq(e.name, e.name_len, "KOSACHEV, Konstantin Iosifovich"));
    CHECK(has_field(opened, &e, EMBARGO_FIELD_PROGRAM, "UKRAINE-EO13661"));
    CHECK(has_field(opened, &e, EMBARGO_FIELD_PROGRAM, "RUSSIA-EO14024"));
    CHECK(has_field(opened, &e, EMBARGO_FIELD_BIRTH_DATE, "1962-09-17"));
    CHECK(has_field(opened, &e, EMBARGO_FIELD_BIRTH_PLACE, "Moscow, Russia"));
    CHECK(has_field(opened, &e, EMBARGO_FIELD_NATIONALITY, "Russia"));
    CHECK(has_field(opened, &e, EMBARGO_FIELD_GENDER, "Male"));

    int weak = -1;
    embargo_name_kind kind = EMBARGO_NAME_PRIMARY;
    id = "ofac-sdn:16662";
    CHECK_EQ_INT(embargo_index_find(opened, id, strlen(id), &e), EMBARGO_OK);
    CHECK(find_name(opened, &e, "SLUTSKIY, Leonid", &weak, &kind) > 0);
    CHECK_EQ_INT(weak, 0);
    CHECK_EQ_INT(kind, EMBARGO_NAME_AKA);
    CHECK_EQ_INT(e.name_count, 3); /* primary + 3 alt.csv rows, one a repeat */

    id = "ofac-sdn:16911";
    CHECK_EQ_INT(embargo_index_find(opened, id, strlen(id), &e), EMBARGO_OK);
    CHECK_EQ_INT(e.type, EMBARGO_TYPE_ORGANIZATION);
    CHECK(find_name(opened, &e, "OJSC IZHMASH", &weak, &kind) > 0);
    CHECK_EQ_INT(kind, EMBARGO_NAME_FKA);
    CHECK_EQ_INT(e.name_count, 9);

    id = "ofac-sdn:10278";
    CHECK_EQ_INT(embargo_index_find(opened, id, strlen(id), &e), EMBARGO_OK);
    weak = 0;
    CHECK(find_name(opened, &e, "BURTON BURGESS", &weak, &kind) > 0);
    CHECK_EQ_INT(weak, 1);

    id = "ofac-sdn:28264"; /* weak aliases only in the sdn_comments.csv continuation */
    CHECK_EQ_INT(embargo_index_find(opened, id, strlen(id), &e), EMBARGO_OK);
    weak = 0;
    CHECK(find_name(opened, &e, "khaleesi", &weak, NULL) > 0);
    CHECK_EQ_INT(weak, 1);

    id = "ofac-sdn:40716";
    CHECK_EQ_INT(embargo_index_find(opened, id, strlen(id), &e), EMBARGO_OK);
    CHECK_EQ_INT(e.type, EMBARGO_TYPE_VESSEL);
    CHECK(has_field(opened, &e, EMBARGO_FIELD_VESSEL_TYPE, "Naval Auxiliary Vessel"));
    CHECK(has_field(opened, &e, EMBARGO_FIELD_VESSEL_FLAG, "Iran"));

    id = "ofac-sdn:16110"; /* from the 2021 set, with an address row */
    CHECK_EQ_INT(embargo_index_find(opened, id, strlen(id), &e), EMBARGO_OK);
    CHECK(has_field(opened, &e, EMBARGO_FIELD_COUNTRY, "Russia"));

    /* Ids that are not there, including prefixes and extensions of real ones. */
    const char *missing[] = {"ofac-sdn:2423", "ofac-sdn:242311", "ofac-sdn:", "24231",
                             "ofac-cons:24231", "", "ofac-sdn:24231 "};
    for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
        CHECK_EQ_INT(embargo_index_find(opened, missing[i], strlen(missing[i]), &e), EMBARGO_ENOTFOUND);
    /* pointer + length: the id need not be NUL-terminated */
    CHECK_EQ_INT(embargo_index_find(opened, "ofac-sdn:35096XYZ", 14, &e), EMBARGO_OK);
    CHECK(streq(e.name, e.name_len, "PUTIN, Vladimir Vladimirovich"));
}

/* The place words: words of the addresses of three entities or more, in
 * any case (mini: RUSSIA in four entities' addresses, ROAD in two). */
TEST(test_place_words) {
    if (!built || !opened) return;
    const embargo_index *ixs[] = {built, opened};
    for (int i = 0; i < 2; i++) {
        CHECK(ixs[i]->nplaces >= 1);
        CHECK(emb__index_place(ixs[i], "Russia", 6));
        CHECK(emb__index_place(ixs[i], "RUSSIA", 6));
        CHECK(!emb__index_place(ixs[i], "Russian", 7));
        CHECK(!emb__index_place(ixs[i], "Russ", 4));
        CHECK(!emb__index_place(ixs[i], "Road", 4));     /* two entities only */
        CHECK(!emb__index_place(ixs[i], "Putin", 5));    /* a name, no address */
        CHECK(!emb__index_place(ixs[i], "R", 1));
    }
}

TEST(test_screen_opened) {
    if (!opened) return;
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(opened, &m), EMBARGO_OK);
    if (!m) return;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    const embargo_match *mm = NULL;
    size_t n = 0;
    const char *q = "Konstantin Kosachyov";
    CHECK_EQ_INT(embargo_matcher_screen(m, q, strlen(q), &o, &mm, &n), EMBARGO_OK);
    CHECK(n >= 1 && streq(mm[0].entity.id, mm[0].entity.id_len, "ofac-sdn:24231"));
    q = "Rand Paul";
    CHECK_EQ_INT(embargo_matcher_screen(m, q, strlen(q), &o, &mm, &n), EMBARGO_OK);
    CHECK_EQ_INT(n, 0);
    embargo_matcher_free(m);
}

TEST(test_open_errors) {
    embargo_index *ix = NULL;
    embargo_error err;
    char p[320];
    snprintf(p, sizeof(p), "%s/does-not-exist.idx", tmpdir);
    CHECK_EQ_INT(embargo_index_open(p, &ix, &err), EMBARGO_EIO);
    CHECK(ix == NULL);
    CHECK(strstr(err.file, "does-not-exist.idx") != NULL);
    CHECK_EQ_INT(embargo_index_open(tmpdir, &ix, &err), EMBARGO_EIO);
    CHECK_EQ_INT(embargo_index_open(NULL, &ix, &err), EMBARGO_EINVAL);
    CHECK_EQ_INT(embargo_index_open(ixpath, NULL, &err), EMBARGO_EINVAL);
    /* err may be NULL */
    CHECK_EQ_INT(embargo_index_open(p, &ix, NULL), EMBARGO_EIO);
    embargo_index_close(NULL);
    snprintf(p, sizeof(p), "%s/no-such-dir/x.idx", tmpdir);
    if (built) CHECK_EQ_INT(embargo_index_save(built, p, &err), EMBARGO_EIO);
}

/* ---- replacing an index others hold ------------------------------------------ */

/* Files in tmpdir whose names start with `prefix`. */
static int count_files(const char *prefix) {
    DIR *d = opendir(tmpdir);
    int n = 0;
    if (!d) return -1;
    for (struct dirent *e; (e = readdir(d));)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) n++;
    closedir(d);
    return n;
}

/* A save that fails midway (the file size limit, as `ulimit -f` sets it)
 * leaves no temporary file and the old index untouched. */
TEST(test_save_failure_cleans_up) {
    if (!built || !image) return;
    char live[320];
    snprintf(live, sizeof(live), "%s/live.idx", tmpdir);
    CHECK(write_file(live, image, image_size) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN); /* the write fails with EFBIG instead */
        struct rlimit rl = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &rl);
        embargo_error err;
        embargo_status st = embargo_index_save(built, live, &err);
        _exit(st == EMBARGO_EIO && strstr(err.message, "cannot write") ? 0 : 1);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_EQ_INT(count_files("live.idx.tmp"), 0);
    size_t n = 0;
    unsigned char *now = read_file(live, &n);
    CHECK(now && n == image_size && memcmp(now, image, n) == 0);
    free(now);
    /* a symlink planted where a temporary file might be is never followed:
     * the temporary name is unpredictable and created exclusively */
    char target[320], link_path[340];
    snprintf(target, sizeof(target), "%s/victim", tmpdir);
    CHECK(write_file(target, "keep", 4) == 0);
    snprintf(link_path, sizeof(link_path), "%s.tmp.%ld", live, (long)getpid());
    CHECK(symlink(target, link_path) == 0);
    embargo_error err;
    CHECK_EQ_INT(embargo_index_save(built, live, &err), EMBARGO_OK);
    unsigned char *victim = read_file(target, &n);
    CHECK(victim && n == 4 && memcmp(victim, "keep", 4) == 0);
    free(victim);
    unlink(link_path);
    unlink(target);
    unlink(live);
}

/* An open index is the program's own: the file rewritten in place (cp
 * new.idx live.idx truncates and writes) changes nothing in it, and a
 * FIFO at the path is refused at once instead of blocking the open. */
TEST(test_rewritten_in_place) {
    if (!image) return;
    char live[320];
    snprintf(live, sizeof(live), "%s/inplace.idx", tmpdir);
    CHECK(write_file(live, image, image_size) == 0);
    embargo_index *ix = NULL;
    embargo_error err;
    CHECK_EQ_INT(embargo_index_open(live, &ix, &err), EMBARGO_OK);
    if (!ix) return;
    /* truncate to a few bytes, then to garbage of the same size */
    CHECK(truncate(live, 100) == 0);
    unsigned char *junk = malloc(image_size);
    if (junk) {
        memset(junk, 0xA5, image_size);
        CHECK(write_file(live, junk, image_size) == 0);
        free(junk);
    }
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &m), EMBARGO_OK);
    const embargo_match *mm = NULL;
    size_t cnt = 0;
    CHECK_EQ_INT(embargo_matcher_screen(m, "Vladimir V. Putin", 17, NULL, &mm, &cnt), EMBARGO_OK);
    CHECK(cnt >= 1 && streq(mm[0].entity.id, mm[0].entity.id_len, "ofac-sdn:35096"));
    embargo_matcher_free(m);
    embargo_index_close(ix);
    unlink(live);

    char fifo[320];
    snprintf(fifo, sizeof(fifo), "%s/fifo.idx", tmpdir);
    CHECK(mkfifo(fifo, 0600) == 0);
    ix = NULL;
    CHECK_EQ_INT(embargo_index_open(fifo, &ix, &err), EMBARGO_EIO);
    CHECK(strstr(err.message, "not a regular file") != NULL);
    unlink(fifo);
}

/* ---- damaged files ------------------------------------------------------------ */

/* Writes img to the scratch file and opens it. Returns the status; a
 * successful open is closed again (after the caller's `use`, if any). */
static embargo_status try_open(const unsigned char *img, size_t n, embargo_error *err,
                               void (*use)(const embargo_index *)) {
    if (write_file(scratch_path, img, n) != 0) {
        fprintf(stderr, "  cannot write %s: %s\n", scratch_path, strerror(errno));
        return EMBARGO_EIO;
    }
    embargo_index *ix = NULL;
    memset(err, 0, sizeof(*err));
    embargo_status st = embargo_index_open(scratch_path, &ix, err);
    if (st == EMBARGO_OK) {
        if (use) use(ix);
        embargo_index_close(ix);
    } else {
        CHECK(ix == NULL);
    }
    return st;
}

static int refused(embargo_status st, const embargo_error *err) {
    return (st == EMBARGO_EINDEX || st == EMBARGO_EVERSION) && err->code == st &&
           err->message[0] != '\0' && strcmp(err->file, scratch_path) == 0;
}

/* The header field a byte offset falls in, for the failure message. The
 * checksum covers the header too (its own field as zero), so every flip must
 * be refused; the index that opened anyway is used in full to show it is at
 * least safe. */
static const char *weak_header_field(size_t off) {
    if (off >= offsetof(emb_ix_header, built_at) && off < offsetof(emb_ix_header, built_at) + 8)
        return "built_at";
    if (off >= offsetof(emb_ix_header, pad) && off < offsetof(emb_ix_header, pad) + 4) return "pad";
    if (off >= offsetof(emb_ix_header, sections) && off < sizeof(emb_ix_header)) return "sections";
    return NULL;
}

static void exercise(const embargo_index *ix);

TEST(test_header_bit_flips) {
    if (!image) return;
    size_t hsize = sizeof(emb_ix_header);
    unsigned char *copy = malloc(image_size);
    if (!copy) return;
    size_t tried = 0, accepted = 0;
    char fields[128] = "";
    for (size_t off = 0; off < hsize; off++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(copy, image, image_size);
            copy[off] ^= (unsigned char)(1u << bit);
            embargo_error err;
            embargo_status st = try_open(copy, image_size, &err, exercise);
            tried++;
            if (refused(st, &err)) continue;
            const char *field = weak_header_field(off);
            accepted++;
            if (field && !strstr(fields, field))
                snprintf(fields + strlen(fields), sizeof(fields) - strlen(fields), "%s%s",
                         fields[0] ? ", " : "", field);
            fprintf(stderr, "  header byte %zu bit %d: status %d (%s), message '%s'\n", off, bit,
                    (int)st, embargo_strerror(st), err.message);
            CHECK(refused(st, &err));
        }
    }
    if (accepted)
        fprintf(stderr, "  %zu of %zu header bit flips gave an index that opens (in %s)\n", accepted,
                tried, fields);
    CHECK_EQ_INT(accepted, 0);
    free(copy);
}

TEST(test_body_bit_flips) {
    if (!image) return;
    size_t hsize = sizeof(emb_ix_header);
    unsigned char *copy = malloc(image_size);
    if (!copy) return;
    for (int i = 0; i < 2000; i++) {
        size_t off = hsize + (size_t)(rng() % (image_size - hsize));
        int bit = (int)(rng() % 8);
        memcpy(copy, image, image_size);
        copy[off] ^= (unsigned char)(1u << bit);
        embargo_error err;
        embargo_status st = try_open(copy, image_size, &err, NULL);
        if (!refused(st, &err)) {
            fprintf(stderr, "  body byte %zu bit %d: status %d\n", off, bit, (int)st);
            CHECK(refused(st, &err));
        }
    }
    free(copy);
}

/* Reads everything an index offers and screens with it: on an index that
 * passed validation nothing may read outside the image (ASan would say). */
static void exercise(const embargo_index *ix) {
    volatile size_t sink = 0;
    (void)sink;
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    for (uint32_t l = 0; l < info.lists; l++) {
        embargo_list_info li;
        if (embargo_index_list(ix, l, &li) == EMBARGO_OK)
            CHECK(strlen(li.name) + strlen(li.source) + strlen(li.date) < info.bytes);
    }
    for (uint32_t i = 0; i < info.entities; i++) {
        embargo_entity e, f;
        if (embargo_index_entity(ix, i, &e) != EMBARGO_OK) continue;
        sink = strlen(e.list);
        (void)embargo_index_find(ix, e.id, e.id_len, &f);
        for (uint32_t k = 0; k < e.name_count; k++) {
            embargo_name n;
            if (embargo_entity_name(ix, &e, k, &n) == EMBARGO_OK && n.len) sink = (size_t)n.text[n.len - 1];
        }
        for (uint32_t k = 0; k < e.field_count; k++) {
            embargo_field fl;
            if (embargo_entity_field(ix, &e, k, &fl) == EMBARGO_OK && fl.len) sink = (size_t)fl.text[fl.len - 1];
        }
        uint32_t members[8], via;
        char why[200];
        size_t ng = embargo_index_group(ix, i, members, 8);
        CHECK(ng >= 1 && ng <= 8);
        sink = embargo_index_same_group(ix, i, members[ng - 1]);
        if (embargo_index_group_evidence(ix, i, &via, why, sizeof(why))) sink = strlen(why) + via;
    }
    embargo_entity e;
    (void)embargo_index_find(ix, "ofac-sdn:24231", 14, &e);
    embargo_matcher *m = NULL;
    if (embargo_matcher_new(ix, &m) != EMBARGO_OK) return;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.threshold = 0.3;
    static const char *queries[] = {"Konstantin Kosachyov", "Karst LLC", "Osama bin Laden",
                                    "Iris Makran", "Burton Burgess", "Sergey I. Kislyak",
                                    "Abdulrahman bin Umair al-Nuaimi", "Леонид Слуцкий"};
    for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        const embargo_match *mm;
        size_t n;
        if (embargo_matcher_screen(m, queries[i], strlen(queries[i]), &o, &mm, &n) != EMBARGO_OK) continue;
        for (size_t k = 0; k < n; k++) {
            CHECK(mm[k].score >= 0 && mm[k].score <= 1.0001);
            for (size_t p = 0; p < mm[k].explanation.pair_count; p++) {
                const embargo_pair *pr = &mm[k].explanation.pairs[p];
                if (pr->query && pr->query_len) sink = (size_t)pr->query[pr->query_len - 1];
                if (pr->name && pr->name_len) sink = (size_t)pr->name[pr->name_len - 1];
            }
        }
    }
    embargo_matcher_free(m);
}

static void fix_checksum(unsigned char *img, size_t n) {
    emb_ix_header h;
    memcpy(&h, img, sizeof(h));
    h.checksum = 0;
    memcpy(img, &h, sizeof(h));
    h.checksum = emb__index_checksum(img, n);
    memcpy(img, &h, sizeof(h));
}

/* Bit flips behind a recomputed checksum: the bounds checks alone must keep
 * readers inside the image. Such an index may open; using it must be safe. */
TEST(test_crafted_body_flips) {
    if (!image) return;
    size_t hsize = sizeof(emb_ix_header);
    unsigned char *copy = malloc(image_size);
    if (!copy) return;
    int accepted = 0;
    for (int i = 0; i < 2000; i++) {
        memcpy(copy, image, image_size);
        int flips = 1 + (int)(rng() % 3);
        for (int k = 0; k < flips; k++) {
            size_t off = hsize + (size_t)(rng() % (image_size - hsize));
            copy[off] ^= (unsigned char)(1u << (rng() % 8));
        }
        fix_checksum(copy, image_size);
        embargo_error err;
        embargo_status st = try_open(copy, image_size, &err, exercise);
        if (st == EMBARGO_OK) accepted++;
        else CHECK(refused(st, &err));
    }
    printf("note: %d of 2000 crafted indexes (bits flipped, checksum fixed) passed validation "
           "and were used safely\n", accepted);
    free(copy);
}

/* Typo-table lists out of range behind a valid checksum (their offsets are
 * checked where screening reads them, not at open): every shared list made
 * to start past DELPOST's end, or to claim more ids than DELPOST holds. */
TEST(test_crafted_typo_lists) {
    if (!image) return;
    unsigned char *copy = malloc(image_size);
    if (!copy) return;
    for (int how = 0; how < 2; how++) {
        memcpy(copy, image, image_size);
        emb_ix_header h;
        memcpy(&h, copy, sizeof(h));
        uint64_t npost = h.sections[EMB_SEC_DELPOST].size / 4;
        int shared = 0;
        for (int t = 0; t < 2; t++) {
            const emb_ix_section *sec = &h.sections[t ? EMB_SEC_DEL2HASH : EMB_SEC_DELHASH];
            emb_ix_del *slots = (emb_ix_del *)(void *)(copy + sec->offset);
            for (uint64_t i = 0; i < sec->size / sizeof(emb_ix_del); i++) {
                if (!slots[i].fingerprint || (slots[i].post & EMB_DEL_DIRECT)) continue;
                shared++;
                if (how == 0) slots[i].post = (uint32_t)npost + 3;
                else ((uint32_t *)(void *)(copy + h.sections[EMB_SEC_DELPOST].offset))[slots[i].post] =
                         (uint32_t)npost;
            }
        }
        CHECK(shared > 0);
        fix_checksum(copy, image_size);
        embargo_error err;
        CHECK_EQ_INT(try_open(copy, image_size, &err, exercise), EMBARGO_OK);
    }
    free(copy);
}

/* A posting naming no name (>= the name count) behind a valid checksum is
 * refused at open: the screen follows postings into its per-name arrays
 * unchecked. Tried at the first, a middle and the last posting (open.c
 * takes the largest four at a time, then the tail); the largest valid id at
 * the last posting (the end of the last list: still ascending) opens. */
TEST(test_crafted_postings) {
    if (!image) return;
    unsigned char *copy = malloc(image_size);
    if (!copy) return;
    emb_ix_header h;
    memcpy(&h, image, sizeof(h));
    uint64_t npost = h.sections[EMB_SEC_POSTINGS].size / sizeof(uint32_t);
    uint32_t nnames = (uint32_t)(h.sections[EMB_SEC_NAMES].size / sizeof(emb_ix_name));
    CHECK(npost > 2 && nnames > 0);
    if (npost <= 2 || nnames == 0) { free(copy); return; }
    const uint64_t at[] = {0, npost / 2 + 1, npost - 1};
    const uint32_t bad[] = {nnames, nnames + 1, UINT32_MAX};
    for (size_t a = 0; a < sizeof(at) / sizeof(at[0]); a++) {
        for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
            memcpy(copy, image, image_size);
            uint32_t *post = (uint32_t *)(void *)(copy + h.sections[EMB_SEC_POSTINGS].offset);
            post[at[a]] = bad[b];
            fix_checksum(copy, image_size);
            embargo_error err;
            CHECK(refused(try_open(copy, image_size, &err, exercise), &err));
        }
    }
    memcpy(copy, image, image_size);
    uint32_t *post = (uint32_t *)(void *)(copy + h.sections[EMB_SEC_POSTINGS].offset);
    post[npost - 1] = nnames - 1;
    fix_checksum(copy, image_size);
    embargo_error err;
    CHECK_EQ_INT(try_open(copy, image_size, &err, exercise), EMBARGO_OK);
    free(copy);
}

/* A name's copy of its entity's type and list (version 29) that is not
 * the entity's, or its padding byte not zero, behind a valid checksum, is
 * refused at open: the screen
 * filters by the copy (a type beyond the last shifts a mask past its
 * width). The built image's copies open; each name's equals its entity's. */
TEST(test_crafted_name_type) {
    if (!image) return;
    unsigned char *copy = malloc(image_size);
    if (!copy) return;
    emb_ix_header h;
    memcpy(&h, image, sizeof(h));
    uint32_t nnames = (uint32_t)(h.sections[EMB_SEC_NAMES].size / sizeof(emb_ix_name));
    const emb_ix_name *names = (const emb_ix_name *)(const void *)(image + h.sections[EMB_SEC_NAMES].offset);
    const emb_ix_entity *ents = (const emb_ix_entity *)(const void *)(image + h.sections[EMB_SEC_ENTITIES].offset);
    CHECK(nnames > 0);
    int same = 1;
    for (uint32_t i = 0; i < nnames; i++)
        same &= names[i].type == ents[names[i].entity].type && names[i].list == ents[names[i].entity].list;
    CHECK(same);
    const uint32_t at[] = {0, nnames / 2, nnames - 1};
    for (size_t a = 0; nnames && a < sizeof(at) / sizeof(at[0]); a++) {
        for (int field = 0; field < 4; field++) {
            memcpy(copy, image, image_size);
            emb_ix_name *n = (emb_ix_name *)(void *)(copy + h.sections[EMB_SEC_NAMES].offset) + at[a];
            if (field == 0) n->type = (uint8_t)(n->type + 1);
            else if (field == 1) n->type = 200;
            else if (field == 2) n->list = (uint16_t)(n->list + 1);
            else n->pad = 0xff; /* a byte a later format may give a meaning */
            fix_checksum(copy, image_size);
            embargo_error err;
            CHECK(refused(try_open(copy, image_size, &err, exercise), &err));
        }
    }
    free(copy);
}

/* A deletion table without an empty slot (behind a valid checksum) is
 * refused at open: the screen's probing stops only at an empty slot. */
TEST(test_full_typo_table) {
    if (!image) return;
    unsigned char *copy = malloc(image_size);
    if (!copy) return;
    memcpy(copy, image, image_size);
    emb_ix_header h;
    memcpy(&h, copy, sizeof(h));
    const emb_ix_section *sec = &h.sections[EMB_SEC_DELHASH];
    emb_ix_del *slots = (emb_ix_del *)(void *)(copy + sec->offset);
    uint64_t n = sec->size / sizeof(emb_ix_del), filled = 0;
    for (uint64_t i = 0; i < n; i++)
        if (!slots[i].fingerprint) slots[i] = (emb_ix_del){0x12345679u, EMB_DEL_DIRECT}, filled++;
    CHECK(filled > 0);
    fix_checksum(copy, image_size);
    embargo_error err;
    CHECK(refused(try_open(copy, image_size, &err, exercise), &err));
    free(copy);
}

/* Header fields changed with the checksum fixed: section offsets and sizes
 * pointing anywhere. */
TEST(test_crafted_sections) {
    if (!image) return;
    unsigned char *copy = malloc(image_size);
    if (!copy) return;
    for (int s = 0; s < EMB_SEC__COUNT; s++) {
        const uint64_t deltas[] = {8, (uint64_t)-8, 16, 1, 4, 12, 1u << 20, UINT64_MAX / 2, 0};
        for (size_t d = 0; d < sizeof(deltas) / sizeof(deltas[0]); d++) {
            for (int which = 0; which < 2; which++) {
                memcpy(copy, image, image_size);
                emb_ix_header h;
                memcpy(&h, copy, sizeof(h));
                uint64_t *v = which ? &h.sections[s].size : &h.sections[s].offset;
                *v = deltas[d] ? *v + deltas[d] : 0;
                memcpy(copy, &h, sizeof(h));
                embargo_error err;
                embargo_status st = try_open(copy, image_size, &err, exercise);
                CHECK(st == EMBARGO_OK || refused(st, &err));
            }
        }
    }
    free(copy);
}

TEST(test_truncations) {
    if (!image) return;
    size_t hsize = sizeof(emb_ix_header);
    for (size_t n = 0; n <= hsize && n < image_size; n++) {
        embargo_error err;
        embargo_status st = try_open(image, n, &err, NULL);
        if (!refused(st, &err)) {
            fprintf(stderr, "  truncated to %zu bytes: status %d\n", n, (int)st);
            CHECK(refused(st, &err));
        }
    }
    size_t sizes[64];
    size_t k = 0;
    sizes[k++] = hsize + 1;
    sizes[k++] = hsize + 8;
    sizes[k++] = image_size / 2;
    sizes[k++] = image_size - 8;
    sizes[k++] = image_size - 1;
    while (k < 64) sizes[k++] = hsize + (size_t)(rng() % (image_size - hsize));
    for (size_t i = 0; i < k; i++) {
        embargo_error err;
        embargo_status st = try_open(image, sizes[i], &err, NULL);
        if (!refused(st, &err)) {
            fprintf(stderr, "  truncated to %zu bytes: status %d\n", sizes[i], (int)st);
            CHECK(refused(st, &err));
        }
    }
    /* extended by one byte, and by a second copy of itself */
    unsigned char *big = malloc(2 * image_size);
    if (!big) return;
    memcpy(big, image, image_size);
    memcpy(big + image_size, image, image_size);
    embargo_error err;
    CHECK(refused(try_open(big, image_size + 1, &err, NULL), &err));
    CHECK(refused(try_open(big, 2 * image_size, &err, NULL), &err));
    /* not an index at all */
    memset(big, 0, image_size);
    CHECK(refused(try_open(big, image_size, &err, NULL), &err));
    memset(big, 'x', image_size);
    CHECK(refused(try_open(big, image_size, &err, NULL), &err));
    free(big);
}

/* The record layout of each index format version. A file written with
 * another layout under the same version number is refused with confusing
 * messages ("section 4 has a partial record") instead of EMBARGO_EVERSION's
 * "rebuild it". If this test fails, the layout changed: bump EMB_IX_VERSION
 * (src/index/format.h), and add the new version's line below. */
static const struct layout {
    uint32_t version;
    size_t header, list, entity, name, token, field, term, del, group;
    int sections;
} layouts[] = {
    {1, 272, 16, 28, 24, 32, 12, 16, 8, 0, 14},
    {2, 272, 16, 28, 24, 32, 12, 16, 8, 0, 14},  /* the checksum covers the header */
    {3, 288, 16, 28, 24, 32, 12, 16, 8, 12, 15}, /* groups across lists */
    {4, 288, 20, 28, 24, 32, 12, 16, 8, 12, 15}, /* a SHA-256 per list */
    {5, 288, 20, 28, 24, 32, 12, 16, 8, 12, 15}, /* tokens: halves, countries, generic words, quotes */
    {6, 288, 20, 28, 24, 32, 12, 16, 8, 12, 15}, /* one key for every form of a country */
    {7, 288, 20, 28, 24, 32, 12, 16, 8, 12, 15}, /* keys: -aev, -iyev (romkey.c) */
    {8, 288, 20, 28, 24, 32, 12, 16, 8, 12, 15}, /* Belarusian, Ukrainian names also under their Russian keys */
    {9, 304, 20, 28, 24, 32, 12, 16, 8, 12, 16}, /* second deletions of long keys; variant hashes */
    {10, 304, 20, 28, 24, 32, 12, 16, 8, 12, 16}, /* a name's weight counts a patronymic at half */
    {11, 304, 20, 28, 28, 32, 12, 16, 8, 12, 16}, /* a name's initials (acronyms it can spell) */
    {12, 304, 20, 28, 28, 32, 12, 16, 8, 12, 16}, /* tokens: dotted initials marked */
    {13, 304, 20, 28, 28, 32, 12, 16, 8, 12, 16}, /* keys: a particle and the next word joined */
    {14, 304, 20, 28, 28, 32, 12, 16, 8, 12, 16}, /* more legal forms (Turkish, free zone, state enterprises), typos in them */
    {15, 320, 20, 28, 28, 32, 12, 16, 8, 12, 17}, /* PLACES: the words of several entities' addresses */
    {16, 320, 20, 28, 28, 32, 12, 16, 8, 12, 17}, /* keys: pinyin x; a particle with no name of its own is a name */
    {17, 320, 20, 28, 28, 32, 12, 16, 8, 12, 17}, /* weights: names of common Arab given names only */
    {18, 320, 20, 28, 28, 32, 12, 16, 8, 12, 17}, /* Bulgarian forms, PVT; dotted initials no particles; U. S. H. initials */
    {19, 320, 20, 28, 28, 32, 12, 16, 8, 12, 17}, /* weights: common given names 0.75 at most; no titles in organisations' names; A/S */
    {20, 320, 20, 28, 28, 32, 12, 16, 8, 12, 17}, /* deletion tables: ordered linear probing */
    {21, 320, 20, 28, 28, 36, 12, 16, 8, 12, 17}, /* tokens: marks of the original script */
    {22, 320, 20, 28, 28, 36, 12, 16, 8, 12, 17}, /* tokens: Arabic script as the Latin lists write it */
    {23, 320, 20, 28, 28, 36, 12, 16, 8, 12, 17}, /* tokens: Wade-Giles given names joined (Tse-tung) */
    {24, 320, 20, 28, 28, 36, 12, 16, 8, 12, 17}, /* tokens: Sp. z o.o. a legal form; Europe a generic word */
    {25, 320, 20, 28, 28, 36, 12, 16, 8, 12, 17}, /* tokens: Arabic script's Persian readings, -ddin, -zada, initial digraphs */
    {26, 320, 20, 28, 28, 36, 12, 16, 8, 12, 17}, /* deletion variants: one product and a fold (vmix) */
    {27, 320, 20, 28, 28, 36, 12, 16, 8, 12, 17}, /* deletion entries of keys and spellings in one table, tagged */
    {28, 320, 20, 28, 28, 36, 12, 16, 8, 12, 17}, /* names: marks (derived, acronym alias) in one byte */
    {29, 320, 20, 28, 32, 36, 12, 16, 8, 12, 17}, /* names: their entity's type and list */
    {30, 320, 20, 28, 32, 36, 12, 16, 8, 12, 17}, /* tokens: more given names in a group (orig) */
    {31, 320, 20, 28, 32, 36, 12, 16, 8, 12, 17}, /* tokens: Corporation written out a legal class of its own */
    {32, 320, 20, 28, 32, 36, 12, 16, 8, 12, 17}, /* tokens: Arabic script, al-din after a nisba in -aCى, final -un */
};

TEST(test_format_version_pins_layout) {
    struct layout now = {EMB_IX_VERSION, sizeof(emb_ix_header), sizeof(emb_ix_list),
                         sizeof(emb_ix_entity), sizeof(emb_ix_name), sizeof(emb_ix_token),
                         sizeof(emb_ix_field), sizeof(emb_ix_term), sizeof(emb_ix_del),
                         sizeof(emb_ix_group), EMB_SEC__COUNT};
    for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
        const struct layout *l = &layouts[i];
        if (l->version != now.version) continue;
        int same = l->header == now.header && l->list == now.list && l->entity == now.entity &&
                   l->name == now.name && l->token == now.token && l->field == now.field &&
                   l->term == now.term && l->del == now.del && l->group == now.group &&
                   l->sections == now.sections;
        if (!same)
            fprintf(stderr, "  index format version %u: record sizes are now header %zu, list %zu, "
                            "entity %zu, name %zu, token %zu, field %zu, term %zu, del %zu, group %zu, "
                            "%d sections: bump EMB_IX_VERSION\n", now.version, now.header, now.list,
                    now.entity, now.name, now.token, now.field, now.term, now.del, now.group,
                    now.sections);
        CHECK(same);
        return;
    }
    printf("note: index format version %u has no layout line in %s yet: add {%u, %zu, %zu, %zu, "
           "%zu, %zu, %zu, %zu, %zu, %zu, %d}\n", now.version, __FILE__, now.version, now.header,
           now.list, now.entity, now.name, now.token, now.field, now.term, now.del, now.group,
           now.sections);
}

/* The deletion variants' hashes, computed from prefix and suffix sums,
 * against each variant written out and hashed: the same hashes in the same
 * order, equal neighbours deleted once (zoo: zo, oo; not zo twice). */
static size_t written_out(const char *w, size_t len, unsigned lo, unsigned hi, uint64_t *out) {
    size_t n = 0;
    char v[64], x[64];
    if (lo == 0) out[n++] = emb__del_hash(w, len, 7);
    if (hi == 0) return n;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && w[i] == w[i - 1]) continue;
        memcpy(v, w, i);
        memcpy(v + i, w + i + 1, len - i - 1);
        if (lo <= 1) out[n++] = emb__del_hash(v, len - 1, 7);
        if (hi < 2) continue;
        for (size_t j = i; j + 1 < len; j++) {
            if (j > i && v[j] == v[j - 1]) continue;
            memcpy(x, v, j);
            memcpy(x + j, v + j + 1, len - 2 - j);
            out[n++] = emb__del_hash(x, len - 2, 7);
        }
    }
    return n;
}

TEST(test_deletion_hashes) {
    static uint64_t got[EMB_DEL_MAX_HASHES], want[EMB_DEL_MAX_HASHES];
    static const unsigned ranges[][2] = {{0, 0}, {0, 1}, {0, 2}, {2, 2}};
    uint64_t r = 12345;
    int bad = 0;
    for (int round = 0; round < 3000; round++) {
        char w[64];
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t len = (size_t)(r >> 33) % 65;
        unsigned alpha = round % 3 == 0 ? 2 : 26; /* runs of equal letters */
        for (size_t i = 0; i < len; i++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            w[i] = (char)('a' + (r >> 33) % alpha);
        }
        for (size_t k = 0; k < 4; k++) {
            size_t n = emb__del_hashes(w, len, 7, ranges[k][0], ranges[k][1], got);
            size_t m = written_out(w, len, ranges[k][0], ranges[k][1], want);
            if (n != m || memcmp(got, want, n * sizeof(*got)) != 0) bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    uint64_t h[EMB_DEL_MAX_HASHES];
    CHECK_EQ_INT(emb__del_hashes("zoo", 3, 7, 1, 1, h), 2);
    CHECK(h[0] == emb__del_hash("oo", 2, 7) && h[1] == emb__del_hash("zo", 2, 7));
    CHECK(emb__del_hash("ab", 2, 7) != emb__del_hash("ab", 2, 8)); /* seeds keep tables apart */
}

/* Whether a lookup of variant hash h in deletion table tab finds key id
 * (UINT32_MAX: any key) tagged with `tag` (a variant of the key,
 * EMB_DEL_KEY, or of a spelling of it, EMB_DEL_TEXT):
 * the rule the screen probes by (screen.c, typo_probe): from h's slot on,
 * while the fingerprints are not below h's, which the build keeps falling
 * along every probe path (build.c, del_emit). */
static int del_finds(const embargo_index *ix, const emb_ix_del *tab, uint32_t cap, uint64_t h,
                     uint32_t id, uint32_t tag) {
    uint32_t fp = (uint32_t)(h >> 32) | 1u;
    for (size_t i = (size_t)h & (cap - 1); tab[i].fingerprint >= fp; i = (i + 1) & (cap - 1)) {
        if (tab[i].fingerprint != fp) continue;
        uint32_t ref = tab[i].post;
        if (ref & EMB_DEL_DIRECT) {
            if ((id == UINT32_MAX || (ref & EMB_DEL_ID) == id) && (ref & tag)) return 1;
            continue;
        }
        for (uint32_t q = 1; q <= ix->delpost[ref]; q++) {
            uint32_t e = ix->delpost[ref + q];
            if ((id == UINT32_MAX || (e & EMB_DEL_ID) == id) && (e & tag)) return 1;
        }
    }
    return 0;
}

/* Every deletion variant of every key is found where a lookup stops early
 * (at the first smaller fingerprint): the keys' first deletions in the
 * first table, the long keys' second deletions in the second; and the
 * spellings' first deletions in the first, tagged as such. */
TEST(test_deletion_table_order) {
    const embargo_index *ix = opened ? opened : built;
    if (!ix) return;
    static uint64_t h[EMB_DEL_MAX_HASHES];
    size_t variants = 0, missing = 0;
    for (uint32_t id = 0; id < ix->nkeys; id++) {
        const char *k = ix->strings + ix->keys[id].str;
        size_t kl = ix->keys[id].len;
        size_t n = emb__del_hashes(k, kl, EMB_DEL_SEED, 0, emb__del_depth(kl, 0), h);
        for (size_t v = 0; v < n; v++, variants++)
            missing += !del_finds(ix, ix->delhash, ix->delhash_cap, h[v], id, EMB_DEL_KEY);
        if (kl < EMB_DEL2_MIN_LEN) continue;
        n = emb__del_hashes(k, kl, EMB_DEL_SEED_2, 2, 2, h);
        for (size_t v = 0; v < n; v++, variants++)
            missing += !del_finds(ix, ix->del2hash, ix->del2hash_cap, h[v], id, EMB_DEL_KEY);
    }
    CHECK(variants > 1000);
    CHECK_EQ_INT((int)missing, 0);
    /* the spellings that differ from their keys: their first deletions in
     * the first table too, tagged as a spelling's (the key they lead to is
     * the last one the build met the spelling with: any key here) */
    static emb_token toks[EMB_NAME_MAX_TOKENS];
    size_t spelled = 0;
    missing = 0;
    for (uint32_t n = 0; n < ix->nnames; n++) {
        emb_tokens view;
        emb__index_name_tokens(ix, n, toks, &view);
        for (uint32_t i = 0; i < view.n; i++) {
            const emb_token *t = &view.tok[i];
            if (t->len == t->klen && memcmp(t->text, t->key, t->len) == 0) continue;
            size_t nv = emb__del_hashes(t->text, t->len, EMB_DEL_SEED, 0, emb__del_depth(t->len, 0), h);
            for (size_t v = 0; v < nv; v++, spelled++)
                missing += !del_finds(ix, ix->delhash, ix->delhash_cap, h[v], UINT32_MAX, EMB_DEL_TEXT);
        }
    }
    CHECK(spelled > 100);
    CHECK_EQ_INT((int)missing, 0);
}

/* An index holds at most EMBARGO_MAX_LISTS lists (list masks are 64 bits):
 * a dataset of more is refused with a message, not cut silently. */
static embargo_status build_lists(unsigned nlists, embargo_index **out, embargo_error *err) {
    embargo_dataset *ds = NULL;
    embargo_status st = embargo_dataset_new(&ds);
    for (unsigned l = 0; l < nlists && !st; l++) {
        char name[32];
        snprintf(name, sizeof(name), "list-%u", l);
        emb_load ld;
        st = emb__load_begin(&ld, ds, name, "(test)", "", err);
        if (st) break;
        int dup = 0;
        emb_entity *e = emb__load_entity(&ld, "1", 1, EMBARGO_TYPE_PERSON, &dup);
        st = e ? emb__entity_add_name(&ld, e, EMBARGO_NAME_PRIMARY, 0, "Ivan Petrov", 11) : EMBARGO_ENOMEM;
        st = emb__load_end(&ld, st);
    }
    if (!st) st = embargo_index_build(ds, NULL, out, err);
    embargo_dataset_free(ds);
    return st;
}

TEST(test_list_limit) {
    embargo_index *ix = NULL;
    embargo_error err;
    memset(&err, 0, sizeof(err));
    CHECK_EQ_INT(build_lists(EMBARGO_MAX_LISTS, &ix, &err), EMBARGO_OK);
    if (ix) {
        uint64_t mask = 0;
        CHECK_EQ_INT(embargo_index_list_mask(ix, "list-63", &mask, NULL), EMBARGO_OK);
        CHECK(mask == (uint64_t)1 << 63);
        embargo_index_close(ix);
    }
    ix = NULL;
    CHECK_EQ_INT(build_lists(EMBARGO_MAX_LISTS + 1, &ix, &err), EMBARGO_EINVAL);
    CHECK(ix == NULL);
    CHECK(strstr(err.message, "at most 64") != NULL);
}

int main(void) {
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/embargo-test-index.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(ixpath, sizeof(ixpath), "%s/mini.idx", tmpdir);
    snprintf(scratch_path, sizeof(scratch_path), "%s/damaged.idx", tmpdir);

    RUN(test_build);
    RUN(test_save_and_open);
    RUN(test_find_and_read);
    RUN(test_place_words);
    RUN(test_screen_opened);
    RUN(test_open_errors);
    RUN(test_save_failure_cleans_up);
    RUN(test_rewritten_in_place);
    RUN(test_header_bit_flips);
    RUN(test_body_bit_flips);
    RUN(test_crafted_body_flips);
    RUN(test_crafted_sections);
    RUN(test_truncations);
    RUN(test_format_version_pins_layout);
    RUN(test_deletion_hashes);
    RUN(test_deletion_table_order);
    RUN(test_crafted_typo_lists);
    RUN(test_crafted_postings);
    RUN(test_crafted_name_type);
    RUN(test_full_typo_table);
    RUN(test_list_limit);

    embargo_index_close(built);
    embargo_index_close(opened);
    free(image);
    unlink(ixpath);
    unlink(scratch_path);
    rmdir(tmpdir);
    return test_summary();
}

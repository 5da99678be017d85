/*
 * loader_test.h - what the list-loader tests share: skipping (test_skip)
 * when the shared data is absent, looking entities, names and fields up in a loaded
 * dataset and its notes, a temporary folder for files written by a test,
 * and the check that a malformed file fails with EMBARGO_EFORMAT (or
 * another status) at the right file and line and leaves the dataset as it
 * was. Include after test.h; needs -Isrc (as the Makefile builds tests).
 */
#ifndef EMB_LOADER_TEST_H
#define EMB_LOADER_TEST_H

#include "lists/dataset.h"
#include "lists/loader.h"
#include "base/alloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether a shared data file is there; when it is not, the current test is
 * marked skipped (test_skip) with the path as the reason: the caller then
 * returns, or leaves out the part that needs the file. */
static inline int have(const char *path) {
    if (access(path, R_OK) == 0) return 1;
    char why[320];
    snprintf(why, sizeof(why), "%s is absent", path);
    test_skip(why);
    return 0;
}

/* A new dataset with the list at `path` loaded, the status checked against
 * `want` (the error is printed when it differs); err may be NULL. NULL only
 * when the dataset cannot be made. */
static inline embargo_dataset *load_list(const char *path, embargo_status want, embargo_error *err) {
    embargo_dataset *ds = NULL;
    if (embargo_dataset_new(&ds) != EMBARGO_OK) return NULL;
    embargo_error e;
    embargo_error *er = err ? err : &e;
    embargo_status st = embargo_dataset_load(ds, path, er);
    CHECK_EQ_INT(st, want);
    if (st != want) fprintf(stderr, "  %s: %s:%lu: %s\n", path, er->file, er->line, er->message);
    return ds;
}

/* A whole file, malloc'd and NUL-terminated (*len without the NUL), or NULL. */
static inline char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) { free(p); p = NULL; }
    fclose(f);
    if (p) { p[n] = '\0'; *len = (size_t)n; }
    return p;
}

/* What a loader's sniffer says of a file (its first 4096 bytes, as
 * emb__load_file gives them), or of bytes in memory; -1 if unreadable. */
static inline int sniff_file(const emb_loader *l, const char *path) {
    unsigned char head[4096];
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(head, 1, sizeof(head), f);
    fclose(f);
    return l->sniff(path, head, n);
}

static inline int sniff_data(const emb_loader *l, const char *data, size_t n) {
    return l->sniff("ignored.name", (const unsigned char *)data, n > 4096 ? 4096 : n);
}

/* Out of memory at every allocation in turn, loading `path`: each run ends
 * OK (with `entities` entities) or ENOMEM (with its message, and nothing
 * published, no note either); LeakSanitizer checks the failure paths free
 * all. Returns the dataset of the first run that succeeded (the caller
 * frees it), or NULL. */
static inline embargo_dataset *oom_torture(const char *path, size_t entities) {
    for (unsigned long n = 1; n < 100000; n++) {
        embargo_dataset *d = NULL;
        if (embargo_dataset_new(&d) != EMBARGO_OK) break;
        embargo_error err;
        memset(&err, 0, sizeof(err));
        emb__alloc_fail_after(n);
        embargo_status st = embargo_dataset_load(d, path, &err);
        emb__alloc_fail_after(0);
        embargo_dataset_stats s;
        embargo_dataset_stats_get(d, &s);
        if (st == EMBARGO_OK) {
            CHECK_EQ_INT(s.entities, entities);
            return d;
        }
        if (st != EMBARGO_ENOMEM) fprintf(stderr, "  allocation %lu: status %d\n", n, st);
        CHECK_EQ_INT(st, EMBARGO_ENOMEM);
        CHECK_EQ_INT(err.code, EMBARGO_ENOMEM);
        CHECK_EQ_INT(s.entities, 0);
        CHECK_EQ_INT(s.lists, 0);
        CHECK_EQ_INT(embargo_dataset_notes(d, NULL), 0);  /* a failed load adds none */
        CHECK_EQ_INT(d->entity_count, 0);
        CHECK_EQ_INT(d->list_count, 0);
        embargo_dataset_free(d);
    }
    CHECK(0); /* no run succeeded */
    return NULL;
}

/* The entity of a dataset with this id, or NULL. */
static inline const emb_entity *find(const embargo_dataset *ds, const char *id) {
    for (size_t i = 0; i < ds->entity_count; i++)
        if (strcmp(ds->entities[i]->id, id) == 0) return ds->entities[i];
    return NULL;
}

/* Whether an entity (may be NULL) has a field of this kind and text. */
static inline int has_field(const emb_entity *e, embargo_field_kind kind, const char *text) {
    for (uint32_t i = 0; e && i < e->field_count; i++)
        if (e->fields[i].kind == kind && strcmp(e->fields[i].text, text) == 0) return 1;
    return 0;
}

/* How many fields of this kind an entity (may be NULL) has. */
static inline size_t count_fields(const emb_entity *e, embargo_field_kind kind) {
    size_t n = 0;
    for (uint32_t i = 0; e && i < e->field_count; i++) n += e->fields[i].kind == kind;
    return n;
}

/* An entity's name with this text (may be NULL), or NULL. */
static inline const emb_name *has_name(const emb_entity *e, const char *text) {
    for (uint32_t i = 0; e && i < e->name_count; i++)
        if (strcmp(e->names[i].text, text) == 0) return &e->names[i];
    return NULL;
}

/* The first note of a dataset whose message holds `what`, or NULL. */
static inline const embargo_error *note_with(const embargo_dataset *ds, const char *what) {
    const embargo_error *notes;
    size_t n = embargo_dataset_notes(ds, &notes);
    for (size_t i = 0; i < n; i++)
        if (strstr(notes[i].message, what)) return &notes[i];
    return NULL;
}

/* Prints the notes of a dataset (for a failed check). */
static inline void print_notes(const embargo_dataset *ds) {
    const embargo_error *notes;
    size_t n = embargo_dataset_notes(ds, &notes);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  note %zu: %d %s:%lu:%lu: %s\n", i, notes[i].code, notes[i].file, notes[i].line,
                notes[i].column, notes[i].message);
}

/* ---- a temporary folder ------------------------------------------------------ */

/* The test program's temporary folder; "" until tmp_dir_make made it. */
#if defined(__GNUC__)
__attribute__((unused))
#endif
static char tmpdir[64];

/* Makes a fresh temporary folder, /tmp/embargo_<tag>_XXXXXX, as tmpdir;
 * 0 (tmpdir stays "") if it cannot. */
static inline int tmp_dir_make(const char *tag) {
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/embargo_%s_XXXXXX", tag);
    if (mkdtemp(tmpdir)) return 1;
    perror(tmpdir);
    tmpdir[0] = '\0';
    return 0;
}

/* The path of `name` in tmpdir, in one of four static buffers (so that a
 * few paths can be held at once). */
static inline const char *tmp_path(const char *name) {
    static char buf[4][384];       /* tmpdir, "/", a file name of up to 255 bytes */
    static unsigned k;
    char *p = buf[k++ & 3];
    snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
    return p;
}

/* Writes `len` bytes of `text` to tmp_path(name); returns that path. */
static inline const char *write_tmp(const char *name, const char *text, size_t len) {
    const char *p = tmp_path(name);
    FILE *f = fopen(p, "wb");
    CHECK(f != NULL);
    if (!f) return p;
    fwrite(text, 1, len, f);
    fclose(f);
    return p;
}

/* write_tmp of a NUL-terminated text. */
static inline const char *write_tmp_str(const char *name, const char *text) {
    return write_tmp(name, text, strlen(text));
}

/* Removes the files in tmpdir, not the folder itself. */
static inline void tmp_dir_clear(void) {
    DIR *d = tmpdir[0] ? opendir(tmpdir) : NULL;
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) unlink(tmp_path(e->d_name));
    closedir(d);
}

/* Removes tmpdir with the files in it; 0 if it is gone (or was never made). */
static inline int tmp_dir_remove(void) {
    if (!tmpdir[0]) return 0;
    tmp_dir_clear();
    int r = rmdir(tmpdir);
    tmpdir[0] = '\0';
    return r;
}

/* ---- loads that must fail ---------------------------------------------------- */

/* A dataset holding a good list before a load that must fail, and what it
 * held then: a failed load publishes nothing. */
typedef struct held {
    embargo_dataset *ds;
    embargo_dataset_stats stats;
    size_t lists;
    uint32_t list_entities;     /* the first list's entities */
} held;

/* Makes h->ds and loads the list at `good` into it (NULL: none; a file
 * that is absent: none, and the test is marked skipped); 0 if the dataset
 * cannot be made. */
static inline int held_begin(held *h, const char *good) {
    memset(h, 0, sizeof(*h));
    CHECK_EQ_INT(embargo_dataset_new(&h->ds), EMBARGO_OK);
    if (!h->ds) return 0;
    if (good && have(good)) {
        embargo_error err;
        CHECK_EQ_INT(embargo_dataset_load(h->ds, good, &err), EMBARGO_OK);
    }
    embargo_dataset_stats_get(h->ds, &h->stats);
    h->lists = h->ds->list_count;
    h->list_entities = h->lists ? h->ds->lists[0].entities : 0;
    return 1;
}

/* Checks that h->ds holds just what it held at held_begin; frees it. */
static inline void held_end(held *h) {
    embargo_dataset_stats now;
    embargo_dataset_stats_get(h->ds, &now);
    CHECK(memcmp(&h->stats, &now, sizeof(now)) == 0);
    CHECK_EQ_INT(h->ds->entity_count, h->stats.entities);
    CHECK_EQ_INT(h->ds->list_count, h->lists);
    if (h->lists) CHECK_EQ_INT(h->ds->lists[0].entities, h->list_entities);
    embargo_dataset_free(h->ds);
    h->ds = NULL;
}

/* Loads `path` with `loader` (NULL: embargo_dataset_load, which chooses
 * one) into a dataset that already holds the list at `good` (see
 * held_begin), expecting status `want` with an error record that names
 * `file` (NULL: `path`) and `line` and whose message holds `what` (NULL:
 * any); the dataset must be left as it was, its notes included. Returns
 * the error record, for checks of the column. */
static inline embargo_error expect_load_status(const emb_loader *loader, const char *good, const char *path,
                                               embargo_status want, const char *file, unsigned long line,
                                               const char *what) {
    embargo_error err;
    memset(&err, 0, sizeof(err));
    held h;
    if (!held_begin(&h, good)) return err;
    int failed = test_failed_checks;
    size_t notes = embargo_dataset_notes(h.ds, NULL);
    embargo_status st = loader ? loader->load(h.ds, path, &err) : embargo_dataset_load(h.ds, path, &err);
    CHECK_EQ_INT(st, want);
    CHECK_EQ_INT(err.code, want);
    CHECK_EQ_INT(embargo_dataset_notes(h.ds, NULL), notes);
    CHECK_EQ_STR(err.file, file ? file : path);
    CHECK_EQ_INT(err.line, line);
    CHECK(!what || strstr(err.message, what) != NULL);
    held_end(&h);
    if (test_failed_checks != failed)
        fprintf(stderr, "  loading %s, expected line %lu and \"%s\": %s:%lu:%lu: %s\n", path, line,
                what ? what : "", err.file, err.line, err.column, err.message);
    return err;
}

/* expect_load_status expecting EMBARGO_EFORMAT: a malformed file. */
static inline embargo_error expect_load_error(const emb_loader *loader, const char *good, const char *path,
                                              const char *file, unsigned long line, const char *what) {
    return expect_load_status(loader, good, path, EMBARGO_EFORMAT, file, line, what);
}

#endif

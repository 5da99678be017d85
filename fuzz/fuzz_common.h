/*
 * fuzz_common.h - what the list-loader harnesses (fuzz_un.c, fuzz_eu.c,
 * fuzz_uk.c, fuzz_csl.c, fuzz_ftm.c) share. The loaders read files, so each
 * input is written to a file in a temporary folder of the harness's own,
 * made on the first input and removed at exit; and every load, whether it
 * succeeds or is refused, must pass the same checks. Each check aborts, so
 * that libFuzzer records the input as a crash.
 */
#ifndef EMB_FUZZ_COMMON_H
#define EMB_FUZZ_COMMON_H

#include "lists/dataset.h"
#include "lists/loader.h"
#include "base/utf8.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The harness's temporary folder, and the file in it that each input is
 * written to. */
static char fuzz_dir[64], fuzz_path[96];

/* Removes the folder and every file in it (at exit). */
static inline void fuzz_cleanup(void) {
    DIR *d = opendir(fuzz_dir);
    if (d) {
        char p[384];            /* the folder, "/", a name of up to 255 bytes */
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            snprintf(p, sizeof(p), "%s/%s", fuzz_dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(fuzz_dir);
}

/* Makes the folder /tmp/embargo_fuzz_<name>_XXXXXX and sets fuzz_path to
 * the file "list" in it, on the first call; both go at exit. Returns 1 on
 * that first call (a harness may put files of its own there then), else 0. */
static inline int fuzz_setup(const char *name) {
    if (fuzz_dir[0]) return 0;
    snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/embargo_fuzz_%s_XXXXXX", name);
    if (!mkdtemp(fuzz_dir)) abort();
    snprintf(fuzz_path, sizeof(fuzz_path), "%s/list", fuzz_dir);
    atexit(fuzz_cleanup);
    return 1;
}

/* Writes `prefix` (may be NULL) and then the `size` bytes of the input to
 * fuzz_path. */
static inline void fuzz_write(const char *prefix, const uint8_t *data, size_t size) {
    FILE *f = fopen(fuzz_path, "wb");
    if (!f) abort();
    if (prefix) fputs(prefix, f);
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
}

/* Reads the first bytes of fuzz_path, at most `cap`, into `head`, as
 * emb__load_file hands them to the sniffers; returns how many. */
static inline size_t fuzz_head(unsigned char *head, size_t cap) {
    FILE *f = fopen(fuzz_path, "rb");
    if (!f) abort();
    size_t n = fread(head, 1, cap, f);
    fclose(f);
    return n;
}

/* Loads fuzz_path into a new dataset, *ds, with `loader`, or through the
 * dataset API (which chooses a loader, if any) when it is NULL; `err` is
 * cleared first. The caller frees *ds. */
static inline embargo_status fuzz_load(const emb_loader *loader, embargo_dataset **ds, embargo_error *err) {
    *ds = NULL;
    if (embargo_dataset_new(ds) != EMBARGO_OK) abort();
    memset(err, 0, sizeof(*err));
    return loader ? loader->load(*ds, fuzz_path, err) : embargo_dataset_load(*ds, fuzz_path, err);
}

/* Checks the notes of a dataset (embargo_dataset_notes): at most 100 kept
 * and one that counts the rest; each names a file and a line or says
 * something; each a code a note may have. */
static inline void fuzz_check_notes(const embargo_dataset *ds) {
    const embargo_error *notes;
    size_t n = embargo_dataset_notes(ds, &notes);
    if (n > 101 || (n && !notes) || (!n && notes)) abort();
    for (size_t i = 0; i < n; i++) {
        const embargo_error *e = &notes[i];
        if (e->code != EMBARGO_OK && e->code != EMBARGO_EFORMAT && e->code != EMBARGO_ENOTFOUND) abort();
        if (!e->message[0]) abort();
        if (i < 100 && !e->file[0]) abort();
        if (e->code == EMBARGO_EFORMAT && e->line == 0) abort();  /* a bad line says which */
    }
}

/* Checks the entities of a dataset a load filled: there are some (a list
 * of none is refused); each has a name, its names are non-empty valid
 * UTF-8 and its fields valid UTF-8; with `prefix` (may be NULL) each id
 * starts with it; with `primary` each entity's first name is its primary
 * one. Checks its notes too. */
static inline void fuzz_check_entities(const embargo_dataset *ds, const char *prefix, int primary) {
    size_t pl = prefix ? strlen(prefix) : 0;
    if (ds->entity_count == 0 || ds->list_count == 0) abort();
    fuzz_check_notes(ds);
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        if (e->name_count == 0) abort();
        if (prefix && strncmp(e->id, prefix, pl) != 0) abort();
        if (primary && e->names[0].kind != EMBARGO_NAME_PRIMARY) abort();
        for (uint32_t j = 0; j < e->name_count; j++)
            if (!e->names[j].len || emb__utf8_check(e->names[j].text, e->names[j].len) != e->names[j].len)
                abort();
        for (uint32_t j = 0; j < e->field_count; j++)
            if (emb__utf8_check(e->fields[j].text, e->fields[j].len) != e->fields[j].len) abort();
    }
}

/* Checks a load that returned `st` (not EMBARGO_OK): a format error, no
 * loader for the file, or an I/O error; the dataset still holds the
 * `entities` entities and `lists` lists it held before; and a format error
 * fills `err` with its code, the file and a message; no note is left. */
static inline void fuzz_check_refused(const embargo_dataset *ds, embargo_status st, const embargo_error *err,
                                      size_t entities, size_t lists) {
    if (st != EMBARGO_EFORMAT && st != EMBARGO_ENOTFOUND && st != EMBARGO_EIO) abort();
    if (ds->entity_count != entities || ds->list_count != lists) abort();
    /* the harnesses' earlier loads give no notes: a failed load adds none */
    if (embargo_dataset_notes(ds, NULL) != 0) abort();
    if (st == EMBARGO_EFORMAT && (err->code != st || !err->file[0] || !err->message[0])) abort();
}

#endif

/*
 * fuzz_eu.c - libFuzzer harness for the EU loaders (src/lists/eu_fsf.c and
 * eu_journal.c): the Financial Sanctions Files XML and the Official Journal
 * CSV extraction, on arbitrary file contents.
 *
 * The input is written to a file as it is; both sniffers look at it, then
 * both loaders load it whatever the sniffers said, and so does the dataset
 * API. Checks: scores in 0..100; the status is one a loader may return; a
 * failure publishes nothing and names the file (and, for a format error,
 * says why); a success gives entities with the loader's id prefix, a
 * primary name first, and valid UTF-8 names and fields.
 */
#include "lists/dataset.h"
#include "lists/loader.h"
#include "base/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const emb_loader emb__eu_fsf_loader, emb__eu_journal_loader;

static char dir[64], path[96];

static void cleanup(void) {
    unlink(path);
    rmdir(dir);
}

static void setup(void) {
    if (dir[0]) return;
    snprintf(dir, sizeof(dir), "/tmp/embargo_fuzz_eu_XXXXXX");
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof(path), "%s/list", dir);
    atexit(cleanup);
}

static void check_dataset(const embargo_dataset *ds, const char *prefix) {
    size_t pl = prefix ? strlen(prefix) : 0;
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        if (e->name_count == 0) abort();
        if (prefix && (strncmp(e->id, prefix, pl) != 0 || e->names[0].kind != EMBARGO_NAME_PRIMARY))
            abort();
        for (uint32_t j = 0; j < e->name_count; j++)
            if (!e->names[j].len || emb__utf8_check(e->names[j].text, e->names[j].len) != e->names[j].len)
                abort();
        for (uint32_t j = 0; j < e->field_count; j++)
            if (emb__utf8_check(e->fields[j].text, e->fields[j].len) != e->fields[j].len) abort();
    }
}

/* loader NULL: the dataset API */
static void run(const emb_loader *loader, const char *prefix) {
    embargo_dataset *ds = NULL;
    if (embargo_dataset_new(&ds) != EMBARGO_OK) abort();
    embargo_error err;
    memset(&err, 0, sizeof(err));
    embargo_status st = loader ? loader->load(ds, path, &err) : embargo_dataset_load(ds, path, &err);
    if (st == EMBARGO_OK) {
        check_dataset(ds, prefix);
    } else {
        if (st != EMBARGO_EFORMAT && st != EMBARGO_ENOTFOUND && st != EMBARGO_EIO) abort();
        if (ds->entity_count != 0 || ds->list_count != 0) abort();
        if (st == EMBARGO_EFORMAT && (err.code != st || !err.file[0] || !err.message[0])) abort();
    }
    embargo_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setup();
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    size_t n = size < 4096 ? size : 4096;
    int a = emb__eu_fsf_loader.sniff(path, data, n), b = emb__eu_journal_loader.sniff(path, data, n);
    if (a < 0 || a > 100 || b < 0 || b > 100) abort();
    run(&emb__eu_fsf_loader, "eu:");
    run(&emb__eu_journal_loader, "eu-journal:");
    run(NULL, NULL);
    return 0;
}

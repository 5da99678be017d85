/*
 * fuzz_un.c - libFuzzer harness for the UN Security Council consolidated
 * list loader (src/lists/un.c), on arbitrary file contents.
 *
 * The input is written to a file as it is; the file is sniffed, then loaded
 * by the UN loader whatever the sniffer said, and by the dataset API.
 * Checks: the sniffer's score is in 0..100; the status is one a loader may
 * return; a failure publishes nothing and names the file (and, for a
 * format error, says why); a success gives entities that each have an id
 * "un:...", a primary name first, and valid UTF-8 names and fields.
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

extern const emb_loader emb__un_loader;

static char dir[64], path[96];

static void cleanup(void) {
    unlink(path);
    rmdir(dir);
}

static void setup(void) {
    if (dir[0]) return;
    snprintf(dir, sizeof(dir), "/tmp/embargo_fuzz_un_XXXXXX");
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof(path), "%s/list", dir);
    atexit(cleanup);
}

static void check_dataset(const embargo_dataset *ds, int ours) {
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        if (e->name_count == 0) abort();
        if (ours && (strncmp(e->id, "un:", 3) != 0 || e->names[0].kind != EMBARGO_NAME_PRIMARY ||
                     e->type == EMBARGO_TYPE_UNKNOWN))
            abort();
        for (uint32_t j = 0; j < e->name_count; j++)
            if (!e->names[j].len || emb__utf8_check(e->names[j].text, e->names[j].len) != e->names[j].len)
                abort();
        for (uint32_t j = 0; j < e->field_count; j++)
            if (emb__utf8_check(e->fields[j].text, e->fields[j].len) != e->fields[j].len) abort();
    }
}

static void run(int through_api) {
    embargo_dataset *ds = NULL;
    if (embargo_dataset_new(&ds) != EMBARGO_OK) abort();
    embargo_error err;
    memset(&err, 0, sizeof(err));
    embargo_status st = through_api ? embargo_dataset_load(ds, path, &err)
                                    : emb__un_loader.load(ds, path, &err);
    if (st == EMBARGO_OK) {
        check_dataset(ds, !through_api);
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
    int sc = emb__un_loader.sniff(path, data, size < 4096 ? size : 4096);
    if (sc < 0 || sc > 100) abort();
    run(0);
    run(1);
    return 0;
}

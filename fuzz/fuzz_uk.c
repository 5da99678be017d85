/*
 * fuzz_uk.c - libFuzzer harness for the UK sanctions list loader
 * (src/lists/uk.c), on arbitrary file contents.
 *
 * An input whose first byte is 0x01 is the rest wrapped as content.xml in a
 * well-formed ODS zip (so the fuzzer reaches the spreadsheet reader without
 * having to forge zip checksums); any other input is written to the file as
 * it is (CSV, broken zips, anything). The file is sniffed, then loaded by
 * the UK loader whatever the sniffer said, and by the dataset API. Checks:
 * the status is one the loader may return; a failure publishes nothing and
 * names the file; a success gives entities that each have a name, an id
 * "uk:..." and valid UTF-8 text.
 */
#include "lists/dataset.h"
#include "lists/loader.h"
#include "base/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const emb_loader emb__uk_loader;

static char dir[64], path[96];

static void cleanup(void) {
    unlink(path);
    rmdir(dir);
}

static void setup(void) {
    if (dir[0]) return;
    snprintf(dir, sizeof(dir), "/tmp/embargo_fuzz_uk_XXXXXX");
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof(path), "%s/list", dir);
    atexit(cleanup);
}

static void write_raw(const uint8_t *data, size_t size) {
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
}

static void write_ods(const uint8_t *data, size_t size) {
    static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
    unlink(path);
    int e = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    if (!z) abort();
    zip_source_t *m = zip_source_buffer(z, mime, sizeof(mime) - 1, 0);
    zip_int64_t i = zip_file_add(z, "mimetype", m, 0);
    if (i < 0) abort();
    zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    zip_source_t *c = zip_source_buffer(z, data, size, 0);
    if (zip_file_add(z, "content.xml", c, 0) < 0) abort();
    if (zip_close(z) != 0) abort();
}

static void check_dataset(const embargo_dataset *ds) {
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        if (strncmp(e->id, "uk:", 3) != 0 || e->name_count == 0) abort();
        for (uint32_t j = 0; j < e->name_count; j++)
            if (emb__utf8_check(e->names[j].text, e->names[j].len) != e->names[j].len) abort();
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
                                    : emb__uk_loader.load(ds, path, &err);
    if (st == EMBARGO_OK) {
        check_dataset(ds);
    } else {
        if (st != EMBARGO_EFORMAT && st != EMBARGO_ENOTFOUND && st != EMBARGO_EIO) abort();
        if (ds->entity_count != 0 || ds->list_count != 0) abort();
        if (st == EMBARGO_EFORMAT && (err.code != st || !err.file[0] || !err.message[0])) abort();
    }
    embargo_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setup();
    if (size >= 1 && data[0] == 0x01) write_ods(data + 1, size - 1);
    else write_raw(data, size);
    unsigned char head[4096];
    FILE *f = fopen(path, "rb");
    if (!f) abort();
    size_t n = fread(head, 1, sizeof(head), f);
    fclose(f);
    int sc = emb__uk_loader.sniff(path, head, n);
    if (sc < 0 || sc > 100) abort();
    run(0);
    run(1);
    return 0;
}

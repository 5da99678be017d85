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
#include "fuzz_common.h"
#include "lists/dataset.h"
#include "lists/loader.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const emb_loader emb__uk_loader;

static void write_ods(const uint8_t *data, size_t size) {
    static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
    unlink(fuzz_path);
    int e = 0;
    zip_t *z = zip_open(fuzz_path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    if (!z) abort();
    zip_source_t *m = zip_source_buffer(z, mime, sizeof(mime) - 1, 0);
    zip_int64_t i = zip_file_add(z, "mimetype", m, 0);
    if (i < 0) abort();
    zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    zip_source_t *c = zip_source_buffer(z, data, size, 0);
    if (zip_file_add(z, "content.xml", c, 0) < 0) abort();
    if (zip_close(z) != 0) abort();
}

static void run(int through_api) {
    embargo_dataset *ds;
    embargo_error err;
    embargo_status st = fuzz_load(through_api ? NULL : &emb__uk_loader, &ds, &err);
    if (st == EMBARGO_OK) fuzz_check_entities(ds, "uk:", 0);
    else fuzz_check_refused(ds, st, &err, 0, 0);
    embargo_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup("uk");
    if (size >= 1 && data[0] == 0x01) write_ods(data + 1, size - 1);
    else fuzz_write(NULL, data, size);
    unsigned char head[4096];
    size_t n = fuzz_head(head, sizeof(head));
    int sc = emb__uk_loader.sniff(fuzz_path, head, n);
    if (sc < 0 || sc > 100) abort();
    run(0);
    run(1);
    return 0;
}

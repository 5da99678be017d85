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
#include "fuzz_common.h"
#include "lists/dataset.h"
#include "lists/loader.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const emb_loader emb__eu_fsf_loader, emb__eu_journal_loader;

/* loader NULL: the dataset API (prefix NULL: any loader's entities) */
static void run(const emb_loader *loader, const char *prefix) {
    embargo_dataset *ds;
    embargo_error err;
    embargo_status st = fuzz_load(loader, &ds, &err);
    if (st == EMBARGO_OK) fuzz_check_entities(ds, prefix, prefix != NULL);
    else fuzz_check_refused(ds, st, &err, 0, 0);
    embargo_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup("eu");
    fuzz_write(NULL, data, size);
    size_t n = size < 4096 ? size : 4096;
    int a = emb__eu_fsf_loader.sniff(fuzz_path, data, n), b = emb__eu_journal_loader.sniff(fuzz_path, data, n);
    if (a < 0 || a > 100 || b < 0 || b > 100) abort();
    run(&emb__eu_fsf_loader, "eu:");
    run(&emb__eu_journal_loader, "eu-journal:");
    run(NULL, NULL);
    return 0;
}

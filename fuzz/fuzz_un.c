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
#include "fuzz_common.h"
#include "lists/dataset.h"
#include "lists/loader.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const emb_loader emb__un_loader;

/* ours: loaded by the UN loader itself, so "un:" ids, a primary name first
 * and a known type. */
static void check_dataset(const embargo_dataset *ds, int ours) {
    fuzz_check_entities(ds, ours ? "un:" : NULL, ours);
    for (size_t i = 0; ours && i < ds->entity_count; i++)
        if (ds->entities[i]->type == EMBARGO_TYPE_UNKNOWN) abort();
}

static void run(int through_api) {
    embargo_dataset *ds;
    embargo_error err;
    embargo_status st = fuzz_load(through_api ? NULL : &emb__un_loader, &ds, &err);
    if (st == EMBARGO_OK) check_dataset(ds, !through_api);
    else fuzz_check_refused(ds, st, &err, 0, 0);
    embargo_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup("un");
    fuzz_write(NULL, data, size);
    int sc = emb__un_loader.sniff(fuzz_path, data, size < 4096 ? size : 4096);
    if (sc < 0 || sc > 100) abort();
    run(0);
    run(1);
    return 0;
}

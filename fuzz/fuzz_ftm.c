/*
 * fuzz_ftm.c - libFuzzer harness for the OpenSanctions loader
 * (src/lists/ftm.c, ftm_senzing.c and ftm_simple.c: FollowTheMoney entity
 * and delta files, Senzing JSON lines and arrays, targets.simple.csv), on
 * arbitrary file contents.
 *
 * The input is written to a temporary file as it is, sniffed, then loaded
 * by the loader whatever the sniffer said, and again through the dataset
 * API (which loads it only if some sniffer claims it), into a dataset that
 * already holds one entity. Checks: the sniffer's score is in 0..100; the
 * status is one the loader may return; a failure publishes nothing and
 * names the file, a line and a message; a success gives entities that each
 * have a primary name, a known type, an id "opensanctions:..." or
 * "senzing:...", valid UTF-8 text, and ISO 8601 LISTED_ON dates.
 */
#include "fuzz_common.h"
#include "lists/dataset.h"
#include "lists/ftm.h"
#include "lists/loader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const emb_loader emb__ftm_loader;

static char seed[96];

/* The temporary folder, with a seed list beside the input's file. */
static void setup(void) {
    if (!fuzz_setup("ftm")) return;
    snprintf(seed, sizeof(seed), "%s/seed", fuzz_dir);
    FILE *f = fopen(seed, "wb");
    if (!f) abort();
    fputs("{\"id\":\"seed\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Seed Person\"]}}\n", f);
    fclose(f);
}

static int iso_date(const char *s, size_t n) {
    if (n != 4 && n != 7 && n != 10) return 0;
    for (size_t i = 0; i < n; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static void check_dataset(const embargo_dataset *ds) {
    fuzz_check_entities(ds, NULL, 1);
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        if (strncmp(e->id, "opensanctions:", 14) != 0 && strncmp(e->id, "senzing:", 8) != 0) abort();
        if (e->type < EMBARGO_TYPE_PERSON || e->type > EMBARGO_TYPE_AIRCRAFT) abort();
        for (uint32_t j = 0; j < e->field_count; j++) {
            const emb_field *f = &e->fields[j];
            if (f->kind >= EMBARGO_FIELD__COUNT || f->len == 0) abort();
            if (f->kind == EMBARGO_FIELD_LISTED_ON && !iso_date(f->text, f->len)) abort();
        }
    }
}

static void run(int through_api) {
    embargo_dataset *ds = NULL;
    if (embargo_dataset_new(&ds) != EMBARGO_OK) abort();
    embargo_error err;
    if (emb__ftm_load(ds, seed, &err, NULL) != EMBARGO_OK || ds->entity_count != 1) abort();
    memset(&err, 0, sizeof(err));
    emb_ftm_counts c;
    embargo_status st = through_api ? embargo_dataset_load(ds, fuzz_path, &err)
                                    : emb__ftm_load(ds, fuzz_path, &err, &c);
    if (st == EMBARGO_OK) {
        check_dataset(ds);
        if (!through_api && c.entities + 1 != ds->entity_count) abort();
    } else {
        fuzz_check_refused(ds, st, &err, 1, 1);
        if (st == EMBARGO_EFORMAT && !through_api && err.line == 0) abort();
    }
    embargo_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setup();
    fuzz_write(NULL, data, size);
    unsigned char head[4096];
    size_t n = size < sizeof(head) ? size : sizeof(head);
    memcpy(head, data, n);
    int sc = emb__ftm_loader.sniff(fuzz_path, head, n);
    if (sc < 0 || sc > 100) abort();
    run(0);
    run(1);
    return 0;
}

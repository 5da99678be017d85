/*
 * fuzz_csl.c - libFuzzer harness for the Consolidated Screening List and
 * Denied Persons List loaders (src/lists/csl.c), on arbitrary file contents.
 *
 * The first byte chooses a prefix so that the fuzzer reaches the row
 * parsers quickly: 'c' the current CSL header, 'l' the legacy CSL header,
 * 'd' the DPL header; anything else, the input as it is. The file is
 * sniffed by both sniffers and loaded by both loaders whatever they said.
 * Checks: the status is one a loader may return; a failure publishes
 * nothing and names the file and a line; a success gives entities with a
 * name, the list's id prefix and valid UTF-8 text.
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

extern const emb_loader emb__csl_loader, emb__dpl_loader;

static const char CSL_NOW[] =
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,"
    "end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n";
static const char CSL_OLD[] =
    "source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,"
    "end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n";
static const char DPL[] =
    "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t"
    "\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\r\n";

static char dir[64], path[96];

static void cleanup(void) {
    unlink(path);
    rmdir(dir);
}

static void check_dataset(const embargo_dataset *ds, const char *prefix) {
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        if (strncmp(e->id, prefix, strlen(prefix)) != 0 || e->name_count == 0) abort();
        for (uint32_t j = 0; j < e->name_count; j++)
            if (emb__utf8_check(e->names[j].text, e->names[j].len) != e->names[j].len) abort();
        for (uint32_t j = 0; j < e->field_count; j++)
            if (emb__utf8_check(e->fields[j].text, e->fields[j].len) != e->fields[j].len) abort();
    }
}

static void run(const emb_loader *l, const char *prefix) {
    embargo_dataset *ds = NULL;
    if (embargo_dataset_new(&ds) != EMBARGO_OK) abort();
    embargo_error err;
    memset(&err, 0, sizeof(err));
    embargo_status st = l->load(ds, path, &err);
    if (st == EMBARGO_OK) {
        check_dataset(ds, prefix);
    } else {
        if (st != EMBARGO_EFORMAT && st != EMBARGO_EIO) abort();
        if (ds->entity_count != 0 || ds->list_count != 0) abort();
        if (st == EMBARGO_EFORMAT && (err.code != st || !err.file[0] || !err.message[0] || err.line == 0))
            abort();
    }
    embargo_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!dir[0]) {
        snprintf(dir, sizeof(dir), "/tmp/embargo_fuzz_csl_XXXXXX");
        if (!mkdtemp(dir)) abort();
        snprintf(path, sizeof(path), "%s/list", dir);
        atexit(cleanup);
    }
    const char *pre = "";
    if (size >= 1 && data[0] == 'c') pre = CSL_NOW;
    else if (size >= 1 && data[0] == 'l') pre = CSL_OLD;
    else if (size >= 1 && data[0] == 'd') pre = DPL;
    if (pre[0]) { data++; size--; }
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fputs(pre, f);
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    unsigned char head[4096];
    f = fopen(path, "rb");
    if (!f) abort();
    size_t n = fread(head, 1, sizeof(head), f);
    fclose(f);
    int a = emb__csl_loader.sniff(path, head, n), b = emb__dpl_loader.sniff(path, head, n);
    if (a < 0 || a > 100 || b < 0 || b > 100 || (a && b)) abort();
    run(&emb__csl_loader, "us-csl:");
    run(&emb__dpl_loader, "bis-dpl:");
    return 0;
}

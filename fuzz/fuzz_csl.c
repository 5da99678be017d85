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
#include "fuzz_common.h"
#include "lists/dataset.h"
#include "lists/loader.h"

#include <stdint.h>
#include <stdlib.h>

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

static void run(const emb_loader *l, const char *prefix) {
    embargo_dataset *ds;
    embargo_error err;
    embargo_status st = fuzz_load(l, &ds, &err);
    if (st == EMBARGO_OK) {
        fuzz_check_entities(ds, prefix, 0);
    } else {
        fuzz_check_refused(ds, st, &err, 0, 0);
        /* a loader called directly never says "not found"; its format errors have a line */
        if (st == EMBARGO_ENOTFOUND || (st == EMBARGO_EFORMAT && err.line == 0)) abort();
    }
    embargo_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup("csl");
    const char *pre = "";
    if (size >= 1 && data[0] == 'c') pre = CSL_NOW;
    else if (size >= 1 && data[0] == 'l') pre = CSL_OLD;
    else if (size >= 1 && data[0] == 'd') pre = DPL;
    if (pre[0]) { data++; size--; }
    fuzz_write(pre, data, size);
    unsigned char head[4096];
    size_t n = fuzz_head(head, sizeof(head));
    int a = emb__csl_loader.sniff(fuzz_path, head, n), b = emb__dpl_loader.sniff(fuzz_path, head, n);
    if (a < 0 || a > 100 || b < 0 || b > 100 || (a && b)) abort();
    run(&emb__csl_loader, "us-csl:");
    run(&emb__dpl_loader, "bis-dpl:");
    return 0;
}

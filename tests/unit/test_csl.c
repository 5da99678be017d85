/*
 * test_csl.c - unit tests for the US Consolidated Screening List and BIS
 * Denied Persons List loaders (src/lists/csl.c): the published files under
 * ../shared/data/lists/csl (counted as skipped when absent), what the
 * sniffers claim and refuse, malformed files written to a temporary folder
 * (EMBARGO_EFORMAT at the right line, dataset unchanged), and out-of-memory
 * at every allocation.
 *
 * The expected counts were computed independently of the loader, by a
 * Python reading of the files (csv module, the same grouping keys):
 *   consolidated.csv  13 rows, 13 distinct _id            -> 13 entities
 *   csl.csv (legacy)  115 rows, 113 distinct keys         -> 113 entities
 *                     (AL NASER WINGS AIRLINES on the DPL and GUNTHER
 *                     MIGEOTTE on the Entity List have two rows each)
 *   dpl.txt           546 rows, 417 distinct name + Effective_Date
 *                                                         -> 417 entities
 */
#include "test.h"
#include "loader_test.h"
#include "lists/dataset.h"
#include "lists/loader.h"
#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DATA "../shared/data/lists/"
#define CSL_NOW DATA "csl/sample-2025/consolidated.csv"
#define CSL_OLD DATA "csl/sample-legacy/csl.csv"
#define DPL DATA "csl/bis-dpl/dpl.txt"


TEST(csl_current) {
    if (!have(CSL_NOW)) return;
    embargo_dataset *ds = load_list(CSL_NOW, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.rows, 13);
    CHECK_EQ_INT(s.entities, 13);
    CHECK_EQ_INT(s.aliases, 15);
    CHECK_EQ_INT(s.orphan_rows, 0);
    CHECK_EQ_STR(ds->lists[0].name, "us-csl");
    CHECK_EQ_STR(ds->lists[0].date, "");
    const emb_entity *e = find(ds, "us-csl:52291");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "RIM, Ryong Nam");
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_PERSON);
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "Specially Designated Nationals (SDN) - Treasury Department"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "NPWMD"));
        CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Korea, North"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1978-12-05"));
        CHECK(has_field(e, EMBARGO_FIELD_GENDER, "Male"));
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Passport, 836238033, KP"));
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "Shenyang, CN"));
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "Pyongyang, KP"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "China"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK,
                        "Secondary sanctions risk:, North Korea Sanctions Regulations, sections 510.201 and 510.210"));
    }
    e = find(ds, "us-csl:66f6ab3f26234b75a9093fce79ef0ce0");
    CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2020-12-23"));
    CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "Military End User (MEU) List - Bureau of Industry and Security"));
    CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Federal Register: 85 FR 83799"));
    e = find(ds, "us-csl:9673");
    CHECK(e && has_name(e, "Mohammad Mutlaq ABU JHESHEH") && has_name(e, "Mohammed ABU JEHEISHA"));
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "Izna, Hebron"));
    e = find(ds, "us-csl:18300");
    CHECK(has_field(e, EMBARGO_FIELD_EMAIL, "hrm@rosneft-sh.com.cy"));
    CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Registration ID, C122790"));
    CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Cyprus"));
    /* an address that is only a country code is a country */
    e = find(ds, "us-csl:26182");
    CHECK(e && count_fields(e, EMBARGO_FIELD_ADDRESS) == 0 && has_field(e, EMBARGO_FIELD_COUNTRY, "Turkey"));
    CHECK(has_field(e, EMBARGO_FIELD_CITIZENSHIP, "Turkey"));
    /* "; and ..." in a list column */
    size_t and_items = 0;
    for (size_t i = 0; i < ds->entity_count; i++)
        for (uint32_t j = 0; j < ds->entities[i]->name_count; j++)
            and_items += strncmp(ds->entities[i]->names[j].text, "and ", 4) == 0;
    CHECK_EQ_INT(and_items, 0);
    embargo_dataset_free(ds);
}

TEST(csl_legacy) {
    if (!have(CSL_OLD)) return;
    embargo_dataset *ds = load_list(CSL_OLD, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.rows, 115);
    CHECK_EQ_INT(s.entities, 113);
    CHECK_EQ_INT(s.orphan_rows, 0);
    const emb_entity *e = find(ds, "us-csl:SDN-20264");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "200G PSA HOLDINGS LLC");
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_ORGANIZATION);
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "SDNTK"));
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "80 SW 8th Street Suite 2000, Miami, FL, 33130, US"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "United States"));
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "US, 80-0890696, Tax ID No."));
    }
    /* a derived id (no entity_number): DPL rows of one party, grouped. The
     * literal guards the id's stability: XXH3-64 of
     * "AL NASER WINGS AIRLINES|2019-06-05". */
    e = find(ds, "us-csl:DPL-10f1411d486e938b");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "AL NASER WINGS AIRLINES");
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_ADDRESS), 3);
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2019-06-05"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Iraq"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "United Arab Emirates"));
    }
    /* a "Label last" ids item of the legacy layout */
    size_t websites = 0;
    for (size_t i = 0; i < ds->entity_count; i++)
        websites += count_fields(ds->entities[i], EMBARGO_FIELD_WEBSITE);
    CHECK(websites > 0);
    embargo_dataset_free(ds);
}

TEST(dpl) {
    if (!have(DPL)) return;
    embargo_dataset *ds = load_list(DPL, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.rows, 546);
    CHECK_EQ_INT(s.entities, 417);
    CHECK_EQ_INT(s.aliases, 0);
    CHECK_EQ_STR(ds->lists[0].name, "bis-dpl");
    /* the id is XXH3-64 of "ADRIAN MANUEL HERNANDEZ|2017-10-16" */
    const emb_entity *e = find(ds, "bis-dpl:3cc18b4e7a9400bb");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "ADRIAN MANUEL HERNANDEZ");  /* leading space trimmed */
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_UNKNOWN);
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2017-10-16"));
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "3037 S. 69TH DRIVE, PHONEIX, AZ, 85043"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Expiration date: 2020-10-13"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Federal Register: 82 F.R. 48792 10/20/2017"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Action: FR NOTICE ADDED"));
    }
    /* four rows, four addresses; the typo date kept as written */
    e = find(ds, "bis-dpl:08cda04b6912f20c");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "MANSOUR ZADEH");
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_ADDRESS), 4);
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2017-08-10"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Last update: 3017-08-22"));
    }
    /* a row repeated byte for byte adds nothing */
    e = find(ds, "bis-dpl:d21d6457a54af806");
    CHECK(e && strcmp(e->names[0].text, "DAQING ZHOU") == 0);
    CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_ADDRESS), 1);
    CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "China"));
    /* doubled quotes inside a quoted tab-separated field */
    size_t sammy = 0;
    for (size_t i = 0; i < ds->entity_count; i++)
        sammy += strcmp(ds->entities[i]->names[0].text, "IHSAN MEDHAT \"SAMMY\" ELASHI") == 0;
    CHECK_EQ_INT(sammy, 1);
    /* every entity has one effective date */
    size_t dated = 0;
    for (size_t i = 0; i < ds->entity_count; i++)
        dated += count_fields(ds->entities[i], EMBARGO_FIELD_LISTED_ON) == 1;
    CHECK_EQ_INT(dated, 417);
    /* it indexes, and screens */
    embargo_index *ix = NULL;
    embargo_error err;
    CHECK_EQ_INT(embargo_index_build(ds, NULL, &ix, &err), EMBARGO_OK);
    embargo_dataset_free(ds);
    embargo_index_close(ix);
}

TEST(folder) {
    if (!have(DATA "csl")) return;
    embargo_dataset *ds = load_list(DATA "csl", EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, 417 + 13 + 113);
    CHECK_EQ_INT(s.rows, 546 + 13 + 115);
    CHECK_EQ_INT(s.lists, 2);
    embargo_dataset_free(ds);
}

TEST(sniffing) {
    static const struct { const char *path; int uk, csl, dpl; } FILES[] = {
        { CSL_NOW, 0, 100, 0 },
        { CSL_OLD, 0, 100, 0 },
        { DPL, 0, 0, 100 },
        { DATA "uk/2025-08-11/FCDO_SL_Mon_Aug 11 2025.ods", 100, 0, 0 },
        { "tests/cases/lists/uk-sample.csv", 100, 0, 0 },
        { DATA "ofac-sdn/full-2024-05-03/sdn.csv", 0, 0, 0 },
        { DATA "ofac-sdn/partial-2025-12/add.csv", 0, 0, 0 },
        { DATA "un/2026-02-27/UN_consolidated.xml", 0, 0, 0 },
        { DATA "eu/opensanctions-journal/32006R0765.csv", 0, 0, 0 },
        { DATA "opensanctions/export-2024-03/entities.ftm.json", 0, 0, 0 },
        /* CSV, but the OpenSanctions loader's (test_ftm.c) */
        { DATA "opensanctions/export-2024-03/targets.simple.csv", 0, 0, 0 },
        { DATA "opensanctions/export-2022-08/targetssimple.csv", 0, 0, 0 },
        { DATA "../pairs/opensanctions/name_bench/cases.csv", 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof(FILES) / sizeof(FILES[0]); i++) {
        if (access(FILES[i].path, R_OK) != 0) continue;
        int u = sniff_file(&emb__uk_loader, FILES[i].path), c = sniff_file(&emb__csl_loader, FILES[i].path),
            d = sniff_file(&emb__dpl_loader, FILES[i].path);
        if (u != FILES[i].uk || c != FILES[i].csl || d != FILES[i].dpl)
            fprintf(stderr, "  %s: uk %d csl %d dpl %d\n", FILES[i].path, u, c, d);
        CHECK_EQ_INT(u, FILES[i].uk);
        CHECK_EQ_INT(c, FILES[i].csl);
        CHECK_EQ_INT(d, FILES[i].dpl);
    }
    CHECK_EQ_INT(emb__csl_loader.sniff(NULL, (const unsigned char *)"", 0), 0);
    CHECK_EQ_INT(emb__dpl_loader.sniff(NULL, (const unsigned char *)"", 0), 0);
    static const char name_only[] = "name,source\n";
    CHECK_EQ_INT(emb__csl_loader.sniff(NULL, (const unsigned char *)name_only, sizeof(name_only) - 1), 0);
    /* the DPL header written with commas is not the DPL */
    static const char commas[] = "Name,Street_Address,City,State,Country,Postal_Code,Effective_Date,"
                                 "Expiration_Date,Standard_Order,Last_Update,Action,FR_Citation\n";
    CHECK_EQ_INT(emb__dpl_loader.sniff(NULL, (const unsigned char *)commas, sizeof(commas) - 1), 0);
}

/* ---- files written to a temporary folder ----------------------------------- */

static const char csl_hdr[] =
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,"
    "end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n";
/* a row: _id, type, name, start_date, then the 25 other columns empty */
#define CSL_ROW(id, type, name, start) \
    id ",Entity List (EL) - Bureau of Industry and Security,," type ",," name ",,,," start \
    ",,,,,,,,,,,,,,,,,,,\n"
static const char dpl_hdr[] =
    "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t"
    "\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\r\n";
#define DPL_ROW(name, eff) \
    "\"" name "\"\t\"1 MAIN ST\"\t\"TOWN\"\t\"\"\t\"US\"\t\"1\"\t\"" eff "\"\t\"\"\t\"Y\"\t\"2019-01-01\"\t\"x\"\t\"y\"\r\n"

/* Loads tmpdir/name expecting a format error at `line` and a column; the
 * dataset, which already holds the legacy CSL sample (or nothing), must be
 * unchanged. */
static void expect_format_error(const char *name, unsigned long line, const char *what) {
    embargo_error err = expect_load_error(NULL, CSL_OLD, tmp_path(name), NULL, line, what);
    CHECK(err.column >= 1);
}

TEST(malformed) {
    char buf[4096];

    /* good rows first: they load */
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "ACME LTD", "2020-01-02")
                               CSL_ROW("a2", "", "\"SMITH, John\"", "6/5/2019"), csl_hdr);
    const char *path = write_tmp("csl.csv", buf, strlen(buf));
    embargo_dataset *ds = load_list(path, EMBARGO_OK, NULL);
    if (ds) {
        CHECK_EQ_INT(ds->entity_count, 2);
        CHECK(has_field(find(ds, "us-csl:a2"), EMBARGO_FIELD_LISTED_ON, "2019-06-05"));
        CHECK_EQ_INT(find(ds, "us-csl:a2")->type, EMBARGO_TYPE_UNKNOWN);
        embargo_dataset_free(ds);
    }
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "ACME LTD", "") CSL_ROW("a2", "Spaceship", "X", ""), csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    expect_format_error("csl.csv", 3, "unknown type 'Spaceship'");
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "ACME LTD", "2020-13-01"), csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    expect_format_error("csl.csv", 2, "start_date '2020-13-01'");
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "", ""), csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    expect_format_error("csl.csv", 2, "name is empty");
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a 1", "Entity", "ACME", ""), csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    expect_format_error("csl.csv", 2, "_id 'a 1'");
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "ACME", "") "a2,x,y\n", csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    expect_format_error("csl.csv", 3, "expected 29 fields, found 3");
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "\"ACME", ""), csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    expect_format_error("csl.csv", 2, "unterminated");
    /* one _id, two types */
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "ACME", "") CSL_ROW("a1", "Individual", "ACME", ""), csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    expect_format_error("csl.csv", 3, "differs from an earlier row of us-csl:a1");
    unlink(tmp_path("csl.csv"));

    /* the DPL */
    snprintf(buf, sizeof(buf), "%s" DPL_ROW("JOHN DOE", "01/02/2003") DPL_ROW("JOHN  doe", "1/2/2003")
                               DPL_ROW("JOHN DOE", "01/02/2004"), dpl_hdr);
    path = write_tmp("dpl.txt", buf, strlen(buf));
    ds = load_list(path, EMBARGO_OK, NULL);
    if (ds) {
        CHECK_EQ_INT(ds->entity_count, 2);  /* same name and date: one entity */
        CHECK_EQ_INT(ds->entities[0]->name_count, 2);
        CHECK(has_field(ds->entities[0], EMBARGO_FIELD_LISTED_ON, "2003-01-02"));
        CHECK(has_field(ds->entities[1], EMBARGO_FIELD_LISTED_ON, "2004-01-02"));
        embargo_dataset_free(ds);
    }
    snprintf(buf, sizeof(buf), "%s" DPL_ROW("JOHN DOE", "01/02/2003") DPL_ROW("JANE DOE", "2003-02-30"), dpl_hdr);
    write_tmp("dpl.txt", buf, strlen(buf));
    expect_format_error("dpl.txt", 3, "Effective_Date '2003-02-30'");
    snprintf(buf, sizeof(buf), "%s" DPL_ROW("", "01/02/2003"), dpl_hdr);
    write_tmp("dpl.txt", buf, strlen(buf));
    expect_format_error("dpl.txt", 2, "Name is empty");
    snprintf(buf, sizeof(buf), "%s\"JOHN DOE\"\t\"x\"\r\n", dpl_hdr);
    write_tmp("dpl.txt", buf, strlen(buf));
    expect_format_error("dpl.txt", 2, "expected 12 fields, found 2");
    snprintf(buf, sizeof(buf), "%s\"JOHN \"DOE\"\t\"x\"\r\n", dpl_hdr);
    write_tmp("dpl.txt", buf, strlen(buf));
    expect_format_error("dpl.txt", 2, "after closing quote");
    /* a header alone lists nobody: refused at the header's line (before:
     * a list of 0 entities, and a screen that finds nothing, exit 1) */
    write_tmp("csl.csv", csl_hdr, sizeof(csl_hdr) - 1);
    expect_load_error(NULL, CSL_OLD, tmp_path("csl.csv"), NULL, 1, "no entities");
    write_tmp("dpl.txt", dpl_hdr, sizeof(dpl_hdr) - 1);
    expect_load_error(NULL, CSL_OLD, tmp_path("dpl.txt"), NULL, 1, "no entities");
    /* a row in Windows-1251 (Cyrillic read as Windows-1252 is garbage): the
     * file is still recognised by its header, and refused at the row, not
     * passed over as a file no loader knows */
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "ACME LTD", "")
                               CSL_ROW("a2", "Individual", "\"\xc8\xc2\xc0\xcd\xce\xc2, \xc8\xe2\xe0\xed\"", ""), csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    CHECK_EQ_INT(sniff_file(&emb__csl_loader, tmp_path("csl.csv")), 100);
    expect_load_error(NULL, CSL_OLD, tmp_path("csl.csv"), NULL, 3, "code page");
    /* one bad byte in a UTF-8 file: loaded, the row noted at its line */
    snprintf(buf, sizeof(buf), "%s" CSL_ROW("a1", "Entity", "\"\xd0\x90\xd0\x9e \xd0\xa0\xd0\xbe\xd1\x81\xd0\xbd\xd0\xb5\xd1\x84\xd1\x82\xd1\x8c\"", "")
                               CSL_ROW("a2", "Entity", "\"ACME \xff LTD\"", ""), csl_hdr);
    write_tmp("csl.csv", buf, strlen(buf));
    embargo_dataset *d2 = load_list(tmp_path("csl.csv"), EMBARGO_OK, NULL);
    if (d2) {
        CHECK(has_name(find(d2, "us-csl:a1"), "\xd0\x90\xd0\x9e \xd0\xa0\xd0\xbe\xd1\x81\xd0\xbd\xd0\xb5\xd1\x84\xd1\x82\xd1\x8c") != NULL);
        CHECK(has_name(find(d2, "us-csl:a2"), "ACME \xef\xbf\xbd LTD") != NULL);
        const embargo_error *n = note_with(d2, "U+FFFD");
        CHECK(n && n->line == 3 && strcmp(n->file, tmp_path("csl.csv")) == 0);
        embargo_dataset_free(d2);
    }
    unlink(tmp_path("csl.csv"));
    unlink(tmp_path("dpl.txt"));
}

TEST(out_of_memory) {
    if (have(CSL_NOW)) embargo_dataset_free(oom_torture(CSL_NOW, 13));
    char buf[2048];
    snprintf(buf, sizeof(buf), "%s" DPL_ROW("JOHN DOE", "01/02/2003") DPL_ROW("JOHN  doe", "1/2/2003")
                               DPL_ROW("JANE DOE", "01/02/2004"), dpl_hdr);
    embargo_dataset_free(oom_torture(write_tmp("dpl.txt", buf, strlen(buf)), 2));
}

TEST(cleanup) {
    CHECK_EQ_INT(tmp_dir_remove(), 0);
}

int main(void) {
    if (!tmp_dir_make("csl")) return 1;
    RUN(csl_current);
    RUN(csl_legacy);
    RUN(dpl);
    RUN(folder);
    RUN(sniffing);
    RUN(malformed);
    RUN(out_of_memory);
    RUN(cleanup);
    return test_summary();
}

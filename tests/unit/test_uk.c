/*
 * test_uk.c - unit tests for the UK sanctions list loader (src/lists/uk.c):
 * the FCDO's ODS file under ../shared/data/lists (counted as skipped
 * when absent), the hand-made CSV excerpt tests/cases/lists/uk-sample.csv, what
 * the sniffer claims and refuses, and malformed spreadsheets and CSV files
 * written to a temporary folder, each of which must fail with
 * EMBARGO_EFORMAT at the right line (CSV) or sheet row (ODS) and leave the
 * dataset as it was.
 *
 * The expected counts were computed independently of the loader, by a
 * Python reading of the ODS (zipfile + ElementTree, repeats expanded):
 * 5,302 data rows, 5,302 distinct Unique IDs, two rows without a name
 * (BEL0174, RUS1467), hence 5,300 entities: 3,752 people, 1,087
 * organisations, 461 ships.
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
#include <zip.h>

#define DATA "../shared/data/lists/"
#define UK_ODS DATA "uk/2025-08-11/FCDO_SL_Mon_Aug 11 2025.ods"
#define UK_SAMPLE "tests/cases/lists/uk-sample.csv"
#define UK_BUNDLED "data/lists/uk/FCDO_SL_2025-08-11.ods"


TEST(ods_2025_08_11) {
    if (!have(UK_ODS)) return;
    embargo_dataset *ds = load_list(UK_ODS, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.rows, 5302);        /* every data row of the sheet */
    CHECK_EQ_INT(s.entities, 5300);    /* one per Unique ID ... */
    CHECK_EQ_INT(s.nameless_rows, 2);  /* ... but the two nameless rows */
    CHECK_EQ_INT(s.orphan_rows, 0);
    CHECK_EQ_INT(s.names, 5300);
    CHECK_EQ_INT(s.aliases, 0);
    CHECK_EQ_INT(s.lists, 1);
    CHECK_EQ_STR(ds->lists[0].name, "uk");
    CHECK_EQ_STR(ds->lists[0].date, "");  /* the file carries none */
    size_t people = 0, orgs = 0, ships = 0;
    for (size_t i = 0; i < ds->entity_count; i++) {
        people += ds->entities[i]->type == EMBARGO_TYPE_PERSON;
        orgs += ds->entities[i]->type == EMBARGO_TYPE_ORGANIZATION;
        ships += ds->entities[i]->type == EMBARGO_TYPE_VESSEL;
    }
    CHECK_EQ_INT(people, 3752);
    CHECK_EQ_INT(orgs, 1087);
    CHECK_EQ_INT(ships, 461);

    const emb_entity *e = find(ds, "uk:RUS0879");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "KOSACHEV Konstantin Iosifovich");
        CHECK_EQ_INT(e->names[0].kind, EMBARGO_NAME_PRIMARY);
        CHECK_EQ_INT(e->name_count, 1);
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_PERSON);
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "Russia"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2022-03-15"));
        CHECK(has_field(e, EMBARGO_FIELD_REFERENCE, "RUS0879"));
        CHECK(has_field(e, EMBARGO_FIELD_REFERENCE, "OFSI Group ID 14830"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Designation source: UK"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK,
                        "Sanctions imposed: Asset freeze, Director Disqualification Sanction, "
                        "Travel Ban, Trust Services Sanctions"));
        CHECK_EQ_INT(e->fields[0].kind, EMBARGO_FIELD_REFERENCE);  /* the list's own id first */
        CHECK_EQ_STR(e->fields[0].text, "RUS0879");
    }
    /* one person under two regimes: two designations, one OFSI group */
    const emb_entity *a = find(ds, "uk:BEL0045"), *b = find(ds, "uk:GHR0050");
    CHECK(a && b);
    CHECK(has_field(a, EMBARGO_FIELD_REFERENCE, "OFSI Group ID 13918"));
    CHECK(has_field(b, EMBARGO_FIELD_REFERENCE, "OFSI Group ID 13918"));
    CHECK(has_field(a, EMBARGO_FIELD_PROGRAM, "Belarus") && has_field(a, EMBARGO_FIELD_LISTED_ON, "2020-12-31"));
    CHECK(has_field(b, EMBARGO_FIELD_PROGRAM, "Global Human Rights") &&
          has_field(b, EMBARGO_FIELD_LISTED_ON, "2020-09-29"));
    /* first and last rows; a ship without a group id; UK|UN */
    e = find(ds, "uk:AFG0001");
    CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION && has_field(e, EMBARGO_FIELD_LISTED_ON, "2012-06-29"));
    e = find(ds, "uk:YEM0018");
    CHECK(e && strcmp(e->names[0].text, "Al-HOUTHI Ali Hussein Badr Al Din") == 0);
    e = find(ds, "uk:DPR0075");
    CHECK(e && e->type == EMBARGO_TYPE_VESSEL && count_fields(e, EMBARGO_FIELD_REFERENCE) == 1);
    CHECK(has_field(find(ds, "uk:GUB0009"), EMBARGO_FIELD_REMARK, "Designation source: UK|UN"));
    /* ODF white space: the two spaces written in the XML are one */
    CHECK(has_name(find(ds, "uk:BEL0111"), "Open Joint Stock Company \"Belaruskali\"") != NULL);
    /* the nameless rows are not entities */
    CHECK(find(ds, "uk:BEL0174") == NULL);
    CHECK(find(ds, "uk:RUS1467") == NULL);
    /* every entity has a name, a regime and a date */
    size_t complete = 0;
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *x = ds->entities[i];
        complete += x->name_count >= 1 && count_fields(x, EMBARGO_FIELD_PROGRAM) == 1 &&
                    count_fields(x, EMBARGO_FIELD_LISTED_ON) == 1;
    }
    CHECK_EQ_INT(complete, 5300);

    /* screening finds him under the Russian spelling */
    embargo_index *ix = NULL;
    embargo_error err;
    CHECK_EQ_INT(embargo_index_build(ds, NULL, &ix, &err), EMBARGO_OK);
    embargo_dataset_free(ds);
    if (!ix) return;
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &m), EMBARGO_OK);
    const embargo_match *hits = NULL;
    size_t n = 0;
    const char q[] = "Konstantin Kosachyov";
    CHECK_EQ_INT(embargo_matcher_screen(m, q, sizeof(q) - 1, NULL, &hits, &n), EMBARGO_OK);
    CHECK(n >= 1);
    if (n >= 1) CHECK(hits[0].entity.id_len == 10 && memcmp(hits[0].entity.id, "uk:RUS0879", 10) == 0);
    embargo_matcher_free(m);
    embargo_index_close(ix);
}

/* The bundled copy of the same file (always there): its two rows without a
 * name are counted as nameless rows, not as rows naming entities outside
 * the set. */
TEST(bundled_ods_nameless_rows) {
    embargo_dataset *ds = load_list(UK_BUNDLED, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.rows, 5302);
    CHECK_EQ_INT(s.entities, 5300);
    CHECK_EQ_INT(s.nameless_rows, 2);
    CHECK_EQ_INT(s.orphan_rows, 0);
    CHECK(find(ds, "uk:BEL0174") == NULL && find(ds, "uk:RUS1467") == NULL);
    embargo_dataset_free(ds);
}

TEST(csv_sample) {
    if (!have(UK_SAMPLE)) return;
    CHECK_EQ_INT(sniff_file(&emb__uk_loader, UK_SAMPLE), 100);
    embargo_dataset *ds = load_list(UK_SAMPLE, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.rows, 8);
    CHECK_EQ_INT(s.entities, 7);   /* RUS0879 has two rows */
    CHECK_EQ_INT(s.aliases, 1);
    CHECK_EQ_INT(s.orphan_rows, 0);
    CHECK_EQ_INT(s.nameless_rows, 0);
    CHECK_EQ_STR(ds->lists[0].name, "uk");
    const emb_entity *e = find(ds, "uk:RUS0879");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "KOSACHEV Konstantin Iosifovich");
        const emb_name *n = has_name(e, "Косачёв Константин Иосифович");
        CHECK(n && n->kind == EMBARGO_NAME_AKA);
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2022-03-15"));
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_LISTED_ON), 1);  /* not repeated */
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_PROGRAM), 1);
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_REFERENCE), 2);
    }
    CHECK(has_name(find(ds, "uk:BEL0111"), "Open Joint Stock Company \"Belaruskali\"") != NULL);
    e = find(ds, "uk:DPR0075");
    CHECK(e && e->type == EMBARGO_TYPE_VESSEL && has_field(e, EMBARGO_FIELD_LISTED_ON, "2017-10-03"));
    embargo_dataset_free(ds);
}

TEST(sniffing) {
    /* the UK sniffer claims the UK files and nothing else */
    if (have(UK_ODS)) {
        CHECK_EQ_INT(sniff_file(&emb__uk_loader, UK_ODS), 100);
        CHECK_EQ_INT(sniff_file(&emb__csl_loader, UK_ODS), 0);
        CHECK_EQ_INT(sniff_file(&emb__dpl_loader, UK_ODS), 0);
    }
    if (have(UK_SAMPLE)) {
        CHECK_EQ_INT(sniff_file(&emb__csl_loader, UK_SAMPLE), 0);
        CHECK_EQ_INT(sniff_file(&emb__dpl_loader, UK_SAMPLE), 0);
    }
    static const char *const others[] = {
        DATA "ofac-sdn/full-2024-05-03/sdn.csv",
        DATA "ofac-cons/2025-12/cons_alt.csv",
        DATA "un/2026-02-27/UN_consolidated.xml",
        DATA "csl/sample-2025/consolidated.csv",
        DATA "csl/sample-legacy/csl.csv",
        DATA "csl/bis-dpl/dpl.txt",
        DATA "eu/opensanctions-journal/32014R0269.csv",
        DATA "opensanctions/export-2024-03/entities.ftm.json",
        DATA "opensanctions/export-2024-03/targets.simple.csv", /* the OpenSanctions loader's */
        DATA "opensanctions/export-2022-08/targetssimple.csv",
        "tests/unit/test_uk.c",
    };
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        if (access(others[i], R_OK) != 0) continue;
        int sc = sniff_file(&emb__uk_loader, others[i]);
        if (sc != 0) fprintf(stderr, "  uk sniffer claims %s (%d)\n", others[i], sc);
        CHECK_EQ_INT(sc, 0);
    }
    /* short or empty heads */
    CHECK_EQ_INT(emb__uk_loader.sniff(NULL, (const unsigned char *)"", 0), 0);
    CHECK_EQ_INT(emb__uk_loader.sniff(NULL, (const unsigned char *)"PK\3\4", 4), 0);
    CHECK_EQ_INT(emb__uk_loader.sniff(NULL, (const unsigned char *)"Unique ID,Name", 14), 0);
    static const char hdr[] = "\xEF\xBB\xBFUnique ID,OFSI Group ID,Name,Regime Name,Type\r\n";
    CHECK_EQ_INT(emb__uk_loader.sniff(NULL, (const unsigned char *)hdr, sizeof(hdr) - 1), 100);
    static const char rep[] = "Report Date: 11-Aug-2025\nUnique ID,Name,Regime Name,Type\n";
    CHECK_EQ_INT(emb__uk_loader.sniff(NULL, (const unsigned char *)rep, sizeof(rep) - 1), 100);
}

/* ---- files written to a temporary folder ----------------------------------- */

/* Writes an ODS-like zip: a stored mimetype member first (unless NULL),
 * then content.xml (unless NULL). */
static void write_zip(const char *name, const char *mimetype, const char *content, size_t len) {
    const char *path = tmp_path(name);
    unlink(path);
    int e = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    CHECK(z != NULL);
    if (!z) return;
    if (mimetype) {
        zip_source_t *s = zip_source_buffer(z, mimetype, strlen(mimetype), 0);
        zip_int64_t i = s ? zip_file_add(z, "mimetype", s, ZIP_FL_OVERWRITE) : -1;
        CHECK(i >= 0);
        if (i >= 0) zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    }
    if (content) {
        zip_source_t *s = zip_source_buffer(z, content, len, 0);
        CHECK(s && zip_file_add(z, "content.xml", s, ZIP_FL_OVERWRITE) >= 0);
    }
    CHECK_EQ_INT(zip_close(z), 0);
}

#define MIME "application/vnd.oasis.opendocument.spreadsheet"
#define XML_HEAD                                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                            \
    "<office:document-content "                                                               \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                      \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                        \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\n"                        \
    "<office:body><office:spreadsheet>\n"
#define XML_TAIL "</office:spreadsheet></office:body></office:document-content>\n"
#define C(x) "<table:table-cell office:value-type=\"string\"><text:p>" x "</text:p></table:table-cell>"
#define ROW8(a, b, c, d, e, f, g, h) \
    "<table:table-row>" C(a) C(b) C(c) C(d) C(e) C(f) C(g) C(h) "</table:table-row>\n"
#define HEADER_ROW \
    ROW8("Unique ID", "OFSI Group ID", "Name", "Regime Name", "Type", "Designation source", \
         "Date Designated", "Sanctions Imposed")
#define SHEET(rows) XML_HEAD "<table:table table:name=\"UK_Sanction_List\">\n" HEADER_ROW rows \
    "</table:table>\n" XML_TAIL

static const char csv_header[] =
    "Unique ID,OFSI Group ID,Name,Regime Name,Type,Designation source,Date Designated,Sanctions Imposed\r\n";

/* Loads tmpdir/name expecting a format error at `line` (and a column, when
 * the error has a line); the dataset, which already holds the CSV sample,
 * must be unchanged. */
static void expect_format_error(const char *name, unsigned long line, const char *what) {
    embargo_error err = expect_load_error(NULL, UK_SAMPLE, tmp_path(name), NULL, line, what);
    if (line) CHECK(err.column >= 1);
}

static embargo_dataset *load_tmp(const char *name, embargo_status want) {
    return load_list(tmp_path(name), want, NULL);
}

TEST(csv_forms) {
    /* "Report Date" dates the list; columns in another order, LF only */
    static const char rep[] =
        "Report Date: 11-Aug-2025\n"
        "Name,Type,Unique ID,Regime Name,Date Designated\n"
        "KOSACHEV Konstantin Iosifovich,Individual,RUS0879,Russia,2022-03-15\n"
        "\n"
        "Petrel 8,Ship,DPR0075,Democratic People's Republic of Korea,3-10-2017\n";
    write_tmp("rep.csv", rep, sizeof(rep) - 1);
    embargo_dataset *ds = load_tmp("rep.csv", EMBARGO_OK);
    if (ds) {
        CHECK_EQ_INT(ds->entity_count, 2);
        CHECK_EQ_STR(ds->lists[0].date, "2025-08-11");
        CHECK(has_field(find(ds, "uk:RUS0879"), EMBARGO_FIELD_LISTED_ON, "2022-03-15"));
        CHECK(has_field(find(ds, "uk:DPR0075"), EMBARGO_FIELD_LISTED_ON, "2017-10-03"));
        embargo_dataset_free(ds);
    }
    /* no date in the file: the publication-date file beside it */
    static const char plain[] = "Unique ID,Name,Regime Name,Type\nRUS0879,KOSACHEV Konstantin,Russia,Individual\n";
    write_tmp("plain.csv", plain, sizeof(plain) - 1);
    write_tmp("publication-date", "2025-08-11\n", 11);
    ds = load_tmp("plain.csv", EMBARGO_OK);
    if (ds) {
        CHECK_EQ_STR(ds->lists[0].date, "2025-08-11");
        embargo_dataset_free(ds);
    }
    unlink(tmp_path("publication-date"));
    unlink(tmp_path("plain.csv"));
    unlink(tmp_path("rep.csv"));

    /* "Name type" and non-Latin names */
    static const char nt[] =
        "Unique ID,Name,Name type,Name non-latin script,Regime Name,Type\n"
        "RUS0879,Kosachev Konstantin,Alias,,Russia,Individual\n"
        "RUS0879,KOSACHEV Konstantin Iosifovich,Primary name,Косачёв Константин,Russia,Individual\n";
    write_tmp("nt.csv", nt, sizeof(nt) - 1);
    ds = load_tmp("nt.csv", EMBARGO_OK);
    if (ds) {
        const emb_entity *e = find(ds, "uk:RUS0879");
        CHECK(e && e->name_count == 3);
        if (e) {
            CHECK_EQ_STR(e->names[0].text, "KOSACHEV Konstantin Iosifovich");
            CHECK_EQ_INT(e->names[0].kind, EMBARGO_NAME_PRIMARY);
            CHECK(has_name(e, "Kosachev Konstantin")->kind == EMBARGO_NAME_AKA);
            CHECK(has_name(e, "Косачёв Константин")->kind == EMBARGO_NAME_AKA);
        }
        embargo_dataset_free(ds);
    }
    unlink(tmp_path("nt.csv"));

    char buf[1024];
    /* unknown Type */
    snprintf(buf, sizeof(buf), "%sRUS0001,1,A B,Russia,Individual,UK,15/03/2022,x\r\n"
                               "RUS0002,2,C D,Russia,Spaceship,UK,15/03/2022,x\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_format_error("bad.csv", 3, "unknown Type 'Spaceship'");
    /* a date that is not a date */
    snprintf(buf, sizeof(buf), "%sRUS0001,1,A B,Russia,Individual,UK,31/02/2022,x\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_format_error("bad.csv", 2, "Date Designated '31/02/2022'");
    /* empty and malformed Unique IDs */
    snprintf(buf, sizeof(buf), "%s,1,A B,Russia,Individual,UK,15/03/2022,x\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_format_error("bad.csv", 2, "Unique ID is empty");
    snprintf(buf, sizeof(buf), "%sRUS 1,1,A B,Russia,Individual,UK,15/03/2022,x\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_format_error("bad.csv", 2, "is not an identifier");
    /* a row one field short, one too long (a mis-split name) */
    snprintf(buf, sizeof(buf), "%sRUS0001,1,A B,Russia,Individual,UK,15/03/2022\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_format_error("bad.csv", 2, "expected 8 fields, found 7");
    snprintf(buf, sizeof(buf), "%sRUS0001,1,A, B,Russia,Individual,UK,15/03/2022,x\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_format_error("bad.csv", 2, "expected 8 fields, found 9");
    /* one Unique ID, two types */
    snprintf(buf, sizeof(buf), "%sRUS0001,1,A B,Russia,Individual,UK,15/03/2022,x\r\n"
                               "RUS0001,1,A B LLC,Russia,Entity,UK,15/03/2022,x\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_format_error("bad.csv", 3, "differs from an earlier row");
    /* an unterminated quote, reported where it opens */
    snprintf(buf, sizeof(buf), "%sRUS0001,1,A B,Russia,Individual,UK,15/03/2022,x\r\n"
                               "RUS0002,1,\"C D,Russia,Individual,UK,15/03/2022,x\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_format_error("bad.csv", 3, "unterminated");
    /* a header alone, or rows that all lack a name: no entities, refused
     * (before: published as an empty list) */
    write_tmp("bad.csv", csv_header, sizeof(csv_header) - 1);
    expect_load_error(NULL, UK_SAMPLE, tmp_path("bad.csv"), NULL, 1, "no entities");
    snprintf(buf, sizeof(buf), "%sRUS0001,1,,Russia,Individual,UK,15/03/2022,x\r\n"
                               "RUS0002,1,,Russia,Individual,UK,15/03/2022,x\r\n", csv_header);
    write_tmp("bad.csv", buf, strlen(buf));
    expect_load_error(NULL, UK_SAMPLE, tmp_path("bad.csv"), NULL, 3, "none of its 2 records names one");
    unlink(tmp_path("bad.csv"));
}

TEST(ods_forms) {
    /* repeats: empty rows and cells compressed, an absurd repeat, title
     * rows above the header, text:s, a date cell, an annotation, a second
     * sheet that is not the list */
    static const char good[] =
        XML_HEAD
        "<table:table table:name=\"Notes\"><table:table-row>" C("nothing here") "</table:table-row></table:table>\n"
        "<table:table table:name=\"UK_Sanction_List\">\n"
        "<table:table-column table:number-columns-repeated=\"16384\"/>\n"
        "<table:table-row>" C("UK sanctions list") "</table:table-row>\n"
        HEADER_ROW
        "<table:table-row>" C("RUS0879") C("14830") C("  KOSACHEV\n   Konstantin<text:s text:c=\"2\"/>Iosifovich ")
        C("Russia") C("Individual") C("UK")
        "<table:table-cell office:value-type=\"date\" office:date-value=\"2022-03-15T00:00:00\"><text:p>15/03/2022</text:p></table:table-cell>"
        "<table:table-cell><office:annotation><text:p>a comment</text:p></office:annotation><text:p>Asset freeze</text:p><text:p>Travel Ban</text:p></table:table-cell>"
        "<table:table-cell table:number-columns-repeated=\"4294967295\"/>"
        "<table:table-cell table:number-columns-repeated=\"99999999999999999999\"/>"
        "</table:table-row>\n"
        "<table:table-row table:number-rows-repeated=\"4\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>\n"
        "<table:table-row>" C("DPR0075") "<table:table-cell/>" C("Petrel 8") C("Democratic People&apos;s Republic of Korea")
        C("Ship") C("UN") C("03-10-2017") C("Prohibition of port entry") "</table:table-row>\n"
        "<table:table-row table:number-rows-repeated=\"2\">" C("AFG0001") C("12703") C("HAJI KHAIRULLAH")
        C("Afghanistan") C("Entity") C("UN") C("29-06-2012") C("Asset freeze") "</table:table-row>\n"
        "<table:table-row table:number-rows-repeated=\"1043268\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>\n"
        "</table:table>\n" XML_TAIL;
    write_zip("good.ods", MIME, good, sizeof(good) - 1);
    char path[192];
    snprintf(path, sizeof(path), "%s", tmp_path("good.ods"));
    CHECK_EQ_INT(sniff_file(&emb__uk_loader, path), 100);
    CHECK_EQ_INT(sniff_file(&emb__csl_loader, path), 0);
    embargo_dataset *ds = load_tmp("good.ods", EMBARGO_OK);
    if (ds) {
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.entities, 3);
        CHECK_EQ_INT(s.rows, 4);  /* the AFG row is written once, repeated twice */
        const emb_entity *e = find(ds, "uk:RUS0879");
        CHECK(e && strcmp(e->names[0].text, "KOSACHEV Konstantin  Iosifovich") == 0);
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2022-03-15"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Sanctions imposed: Asset freeze Travel Ban"));
        e = find(ds, "uk:DPR0075");
        CHECK(e && e->type == EMBARGO_TYPE_VESSEL);
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "Democratic People's Republic of Korea"));
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_REFERENCE), 1);
        embargo_dataset_free(ds);
    }

    /* a bad date on sheet row 7 (header 1, data 2, four empty rows written
     * as one element with a repeat count: 3..6) */
    static const char baddate[] = SHEET(
        "<table:table-row>" C("RUS0001") C("1") C("A B") C("Russia") C("Individual") C("UK") C("15-03-2022") C("x") "</table:table-row>\n"
        "<table:table-row table:number-rows-repeated=\"4\"><table:table-cell/></table:table-row>\n"
        "<table:table-row>" C("RUS0002") C("1") C("C D") C("Russia") C("Individual") C("UK") C("15-13-2022") C("x") "</table:table-row>\n");
    write_zip("bad.ods", MIME, baddate, sizeof(baddate) - 1);
    expect_format_error("bad.ods", 7, "sheet 'UK_Sanction_List': Date Designated '15-13-2022'");
    /* unknown Type */
    static const char badtype[] = SHEET(
        "<table:table-row>" C("RUS0001") C("1") C("A B") C("Russia") C("Person") C("UK") C("15-03-2022") C("x") "</table:table-row>\n");
    write_zip("bad.ods", MIME, badtype, sizeof(badtype) - 1);
    expect_format_error("bad.ods", 2, "unknown Type 'Person'");
    /* XML broken after the header: the line in content.xml */
    static const char badxml[] = XML_HEAD "<table:table table:name=\"x\">\n" HEADER_ROW
        "<table:table-row>\n</table:table>" XML_TAIL;
    write_zip("bad.ods", MIME, badxml, sizeof(badxml) - 1);
    expect_format_error("bad.ods", 7, "content.xml line 7: Opening and ending tag mismatch");
    /* not sniffed, so loaded through the loader itself: no list header */
    static const char nohdr[] = XML_HEAD "<table:table table:name=\"x\">"
        "<table:table-row>" C("a") C("b") "</table:table-row></table:table>" XML_TAIL;
    write_zip("bad.ods", MIME, nohdr, sizeof(nohdr) - 1);
    snprintf(path, sizeof(path), "%s", tmp_path("bad.ods"));
    CHECK_EQ_INT(sniff_file(&emb__uk_loader, path), 0);
    expect_load_error(&emb__uk_loader, NULL, path, NULL, 0, "no sheet with the UK sanctions list header");
    /* no content.xml */
    write_zip("bad.ods", MIME, NULL, 0);
    CHECK_EQ_INT(sniff_file(&emb__uk_loader, path), 0);
    expect_load_error(&emb__uk_loader, NULL, path, NULL, 0, "no content.xml");
    /* a zip that is not an ODS, and a broken zip */
    write_zip("bad.ods", "application/zip", good, sizeof(good) - 1);
    CHECK_EQ_INT(sniff_file(&emb__uk_loader, path), 0);
    write_tmp("bad.ods", "PK\3\4 this is no zip at all", 26);
    CHECK_EQ_INT(sniff_file(&emb__uk_loader, path), 0);
    expect_load_error(&emb__uk_loader, NULL, path, NULL, 0, "not a readable ODS (zip) file");
    /* a corrupt deflate stream in content.xml */
    write_zip("bad.ods", MIME, good, sizeof(good) - 1);
    FILE *f = fopen(path, "r+b");
    if (f) {
        fseek(f, 200, SEEK_SET);
        fwrite("\xff\xff\xff\xff\xff\xff\xff\xff", 1, 8, f);
        fclose(f);
    }
    embargo_dataset *d2 = NULL;
    CHECK_EQ_INT(embargo_dataset_new(&d2), EMBARGO_OK);
    embargo_error err;
    embargo_status st = emb__uk_loader.load(d2, path, &err);
    CHECK(st == EMBARGO_EFORMAT);
    CHECK_EQ_INT(d2->entity_count, 0);
    embargo_dataset_free(d2);
}

/* A content.xml of more than 256 MB (spaces: the zip is small) is refused
 * before it is read. */
TEST(zip_bomb) {
    const char *big = tmp_path("big.xml"), *path = tmp_path("bomb.ods");
    FILE *f = fopen(big, "wb");
    if (!f) { CHECK(0); return; }
    fputs(SHEET(""), f);
    fclose(f);
    CHECK_EQ_INT(truncate(big, ((off_t)256 << 20) + 4096), 0);  /* sparse zeros */
    int e = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    if (!z) { CHECK(0); return; }
    zip_source_t *m = zip_source_buffer(z, MIME, strlen(MIME), 0);
    zip_file_add(z, "mimetype", m, 0);
    zip_source_t *s = zip_source_file(z, big, 0, -1);
    CHECK(s && zip_file_add(z, "content.xml", s, 0) >= 0);
    CHECK_EQ_INT(zip_close(z), 0);
    unlink(big);
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && sb.st_size < (1 << 20));
    expect_format_error("bomb.ods", 0, "larger than 256 MB");
    unlink(path);
}

TEST(out_of_memory) {
    if (have(UK_SAMPLE)) embargo_dataset_free(oom_torture(UK_SAMPLE, 7));
    const char *path = tmp_path("good.ods");
    if (access(path, R_OK) == 0) embargo_dataset_free(oom_torture(path, 3));
}

TEST(cleanup) {
    CHECK_EQ_INT(tmp_dir_remove(), 0);
}

int main(void) {
    if (!tmp_dir_make("uk")) return 1;
    RUN(ods_2025_08_11);
    RUN(bundled_ods_nameless_rows);
    RUN(csv_sample);
    RUN(sniffing);
    RUN(csv_forms);
    RUN(ods_forms);
    RUN(zip_bomb);
    RUN(out_of_memory);
    RUN(cleanup);
    return test_summary();
}

/*
 * test_ofac.c - unit tests for the OFAC legacy CSV loader (src/lists/ofac.c):
 * the real published files under ../shared/data/lists (counted as skipped
 * when absent) and malformed sets written to a temporary folder, each of
 * which must fail with EMBARGO_EFORMAT at the right file and line and leave
 * the dataset as it was; the file names OFAC's Sanctions List Service uses;
 * set files that are not files; encodings and the notes they give.
 */
#include "test.h"
#include "loader_test.h"
#include "lists/dataset.h"
#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DATA "../shared/data/lists/"

static size_t count_lines(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t n = 0;
    int ch;
    while ((ch = fgetc(f)) != EOF) n += ch == '\n';
    fclose(f);
    return n;
}

TEST(full_2024_05_03) {
    const char *dir = DATA "ofac-sdn/full-2024-05-03";
    if (!have(dir)) return;
    embargo_dataset *ds = load_list(dir, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, 14965);   /* every row, none lost */
    CHECK_EQ_INT(s.rows, 14965);
    CHECK_EQ_INT(s.orphan_rows, 0);
    CHECK_EQ_INT(s.lists, 1);
    CHECK_EQ_STR(ds->lists[0].name, "ofac-sdn");
    CHECK_EQ_STR(ds->lists[0].date, "");
    CHECK_EQ_INT(ds->lists[0].entities, 14965);
    const emb_entity *e = find(ds, "ofac-sdn:24231");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "KOSACHEV, Konstantin Iosifovich");
        CHECK_EQ_INT(e->names[0].kind, EMBARGO_NAME_PRIMARY);
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_PERSON);
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "UKRAINE-EO13661"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "RUSSIA-EO14024"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1962-09-17"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "Moscow, Russia"));
        CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Russia"));
        CHECK(has_field(e, EMBARGO_FIELD_GENDER, "Male"));
        CHECK(has_field(e, EMBARGO_FIELD_TITLE,
                        "Member of the Federation Council of the Federal Assembly of the Russian Federation"));
    }
    /* types: null SDN_Type is an organisation; vessels carry their columns */
    e = find(ds, "ofac-sdn:36");
    CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION);
    size_t vessels = 0, aircraft = 0, people = 0;
    for (size_t i = 0; i < ds->entity_count; i++) {
        vessels += ds->entities[i]->type == EMBARGO_TYPE_VESSEL;
        aircraft += ds->entities[i]->type == EMBARGO_TYPE_AIRCRAFT;
        people += ds->entities[i]->type == EMBARGO_TYPE_PERSON;
    }
    CHECK_EQ_INT(vessels, 851);
    CHECK_EQ_INT(aircraft, 376);
    CHECK_EQ_INT(people, 6854);
    embargo_dataset_free(ds);

    /* the single file gives the same */
    ds = load_list(DATA "ofac-sdn/full-2024-05-03/sdn.csv", EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, 14965);
    embargo_dataset_free(ds);
}

TEST(set_2021_07) {
    const char *dir = DATA "ofac-sdn/set-2021-07";
    if (!have(dir)) return;
    embargo_dataset *ds = load_list(dir, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    size_t lines = count_lines(DATA "ofac-sdn/set-2021-07/sdn.csv") +
                   count_lines(DATA "ofac-sdn/set-2021-07/alt.csv") +
                   count_lines(DATA "ofac-sdn/set-2021-07/add.csv") +
                   count_lines(DATA "ofac-sdn/set-2021-07/sdn_comments.csv");
    CHECK_EQ_INT(lines, 8976 + 11910 + 13837 + 5);
    CHECK_EQ_INT(s.rows, lines);
    CHECK_EQ_INT(s.entities, 8976);
    CHECK_EQ_INT(s.orphan_rows, 0);
    const emb_entity *e = find(ds, "ofac-sdn:306");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "BANCO NACIONAL DE CUBA");
        const emb_name *n = has_name(e, "NATIONAL BANK OF CUBA");
        CHECK(n && n->kind == EMBARGO_NAME_AKA && !n->weak);  /* alt.csv: strong */
        n = has_name(e, "BNC");
        CHECK(n && n->kind == EMBARGO_NAME_AKA && n->weak);   /* remarks: weak */
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "Zweierstrasse 35, Zurich CH-8022, Switzerland"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Switzerland"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "CUBA"));
    }
    /* the comments continue the remarks byte for byte */
    e = find(ds, "ofac-sdn:28264");
    CHECK(has_field(e, EMBARGO_FIELD_PHONE, "8613314257947"));
    CHECK(has_field(e, EMBARGO_FIELD_LINKED_TO, "LAZARUS GROUP"));
    e = find(ds, "ofac-sdn:12300");
    CHECK(has_field(e, EMBARGO_FIELD_LINKED_TO, "PROMO RAIZ S.A.S."));
    e = find(ds, "ofac-sdn:28263");
    CHECK(has_name(e, "snowsjohn") != NULL);
    embargo_dataset_free(ds);
}

TEST(sample_ofactest) {
    const char *dir = DATA "ofac-sdn/sample-ofactest";
    if (!have(dir)) return;
    embargo_dataset *ds = load_list(dir, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, 17);
    CHECK_EQ_INT(s.rows, 17 + 18 + 28 + 1);
    CHECK_EQ_INT(s.orphan_rows, 9);  /* 5 alias and 4 address rows of absent entities */
    embargo_dataset_free(ds);
}

TEST(cons_2025_12) {
    const char *dir = DATA "ofac-cons/2025-12";
    if (!have(dir)) return;
    embargo_dataset *ds = load_list(dir, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, 442);
    CHECK_EQ_INT(s.rows, 442 + 1073 + 574 + 10);
    CHECK_EQ_INT(s.orphan_rows, 0);
    CHECK_EQ_STR(ds->lists[0].name, "ofac-cons");
    const emb_entity *e = find(ds, "ofac-cons:17014");
    CHECK(e != NULL);
    /* cut at 1,000 characters inside "Registration Number" */
    CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Registration Number 1027700342890 (Russia)"));
    CHECK(has_name(e, "ROSSELKHOZBANK") != NULL);
    embargo_dataset_free(ds);
}

TEST(partial_set_without_primary_is_not_found) {
    const char *dir = DATA "ofac-sdn/partial-2025-12";
    if (!have(dir)) return;
    embargo_error err;
    embargo_dataset *ds = load_list(dir, EMBARGO_ENOTFOUND, &err);
    embargo_dataset_free(ds);
    ds = load_list("/nonexistent/embargo/path", EMBARGO_ENOTFOUND, &err);
    embargo_dataset_free(ds);
}

/* ---- malformed sets in a temporary folder ---------------------------------- */

#define NULLS12 "-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
static const char good_sdn[] =
    "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"," NULLS12 "\r\n"
    "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\"," "-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n"
    "\x1a";

/* Loads tmpdir expecting a format error at file/line (and a column); the
 * dataset, which already holds one good list, must be unchanged. */
static void expect_format_error(const char *file, unsigned long line, const char *what) {
    embargo_error err = expect_load_error(NULL, DATA "ofac-cons/2025-12", tmpdir, tmp_path(file), line, what);
    CHECK(err.column >= 1);
}

TEST(malformed_inputs) {
    /* the good set loads */
    write_tmp("sdn.csv", good_sdn, sizeof(good_sdn) - 1);
    static const char alt[] = "306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n"
                              "999,221,\"aka\",\"NOBODY\",-0- \r\n";
    write_tmp("alt.csv", alt, sizeof(alt) - 1);
    embargo_dataset *ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (ds) {
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.entities, 2);
        CHECK_EQ_INT(s.rows, 4);
        CHECK_EQ_INT(s.orphan_rows, 1);
        CHECK_EQ_INT(s.aliases, 2);
        CHECK_EQ_INT(s.weak_aliases, 1);
        embargo_dataset_free(ds);
    }

    /* truncated quote */
    static const char trunc[] = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"," NULLS12 "\r\n"
                                "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,"
                                "-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\r\n";
    write_tmp("sdn.csv", trunc, sizeof(trunc) - 1);
    expect_format_error("sdn.csv", 2, "unterminated");

    /* wrong column count */
    static const char cols[] = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"," NULLS12 "\r\n"
                               "37,\"X\",-0- ,\"CUBA\"," NULLS12 "\r\n"
                               "38,\"Y\",-0- ,\"CUBA\",-0- \r\n";
    write_tmp("sdn.csv", cols, sizeof(cols) - 1);
    expect_format_error("sdn.csv", 3, "expected 12 fields, found 5");

    /* duplicate ent_num */
    static const char dup[] = "36,\"A\",-0- ,\"CUBA\"," NULLS12 "\r\n"
                              "36,\"B\",-0- ,\"CUBA\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", dup, sizeof(dup) - 1);
    expect_format_error("sdn.csv", 2, "duplicate ent_num 36");

    /* non-numeric ent_num */
    static const char num[] = "3x6,\"A\",-0- ,\"CUBA\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", num, sizeof(num) - 1);
    expect_format_error("sdn.csv", 1, "ent_num");

    /* unknown SDN_Type */
    static const char typ[] = "36,\"A\",\"spaceship\",\"CUBA\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", typ, sizeof(typ) - 1);
    expect_format_error("sdn.csv", 1, "SDN_Type");

    /* a NUL byte */
    static const char nul[] = "36,\"A\",-0- ,\"CU\0BA\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", nul, sizeof(nul) - 1);
    expect_format_error("sdn.csv", 1, "NUL");

    /* an alias row with an unknown alt_type, in alt.csv */
    write_tmp("sdn.csv", good_sdn, sizeof(good_sdn) - 1);
    static const char badalt[] = "306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n"
                                 "306,221,\"xyz\",\"OTHER\",-0- \r\n";
    write_tmp("alt.csv", badalt, sizeof(badalt) - 1);
    expect_format_error("alt.csv", 2, "alt_type");

    /* a stray quote in add.csv */
    write_tmp("alt.csv", alt, sizeof(alt) - 1);
    static const char badadd[] = "306,199,\"Zweierstrasse 35\",Zurich \"CH\",\"Switzerland\",-0- \r\n";
    write_tmp("add.csv", badadd, sizeof(badadd) - 1);
    expect_format_error("add.csv", 1, "quote");

    /* a good sdn set next to a broken cons set: neither is published */
    unlink(tmp_path("add.csv"));
    static const char badcons[] = "1,\"A\",-0- ,\"X\",-0- \r\n";
    write_tmp("cons_prim.csv", badcons, sizeof(badcons) - 1);
    expect_format_error("cons_prim.csv", 1, "expected 12 fields");

    /* both sets good: two lists */
    static const char cons[] = "1,\"CONS ONE\",-0- ,\"X\"," NULLS12 "\r\n";
    write_tmp("cons_prim.csv", cons, sizeof(cons) - 1);
    ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (ds) {
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.lists, 2);
        CHECK_EQ_INT(s.entities, 3);
        CHECK(find(ds, "ofac-cons:1") != NULL);
        CHECK(find(ds, "ofac-sdn:306") != NULL);
        embargo_dataset_free(ds);
    }

    /* cp1252 text arrives as UTF-8 */
    tmp_dir_clear();
    static const char latin[] = "5,\"JOS\xc9 MAR\xcd\x41\",\"individual\",\"SDNT\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", latin, sizeof(latin) - 1);
    ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (ds) {
        const emb_entity *e = find(ds, "ofac-sdn:5");
        CHECK(e && strcmp(e->names[0].text, "JOS\xc3\x89 MAR\xc3\x8d\x41") == 0);
        embargo_dataset_free(ds);
    }

    /* out of memory at every allocation in turn: ENOMEM, nothing
     * published, nothing leaked (LeakSanitizer checks the last part) */
    tmp_dir_clear();
    write_tmp("sdn.csv", good_sdn, sizeof(good_sdn) - 1);
    write_tmp("alt.csv", alt, sizeof(alt) - 1);
    static const char add[] = "306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\",\"Switzerland\",-0- \r\n";
    write_tmp("add.csv", add, sizeof(add) - 1);
    static const char com[] = "306,\"; Passport X1 (Cuba)\"\r\n777,\"orphan\"\r\n";
    write_tmp("sdn_comments.csv", com, sizeof(com) - 1);
    write_tmp("cons_prim.csv", cons, sizeof(cons) - 1);
    embargo_dataset *d = oom_torture(tmpdir, 3);
    if (d) {
        embargo_dataset_stats s;
        embargo_dataset_stats_get(d, &s);
        CHECK_EQ_INT(s.orphan_rows, 2);
        const emb_entity *e = find(d, "ofac-sdn:306");
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Passport X1 (Cuba)"));
        embargo_dataset_free(d);
    }

    /* nothing known here */
    tmp_dir_clear();
    ds = load_list(tmpdir, EMBARGO_ENOTFOUND, NULL);
    embargo_dataset_free(ds);
}

/* OFAC is a loader of the dispatcher's table like the others; it alone
 * goes by file names (its files have no header) and takes folders. */
TEST(a_loader_like_the_others) {
    int listed = 0;
    for (size_t i = 0; emb__loaders[i]; i++) {
        listed += emb__loaders[i] == &emb__ofac_loader;
        if (emb__loaders[i] != &emb__ofac_loader) CHECK(emb__loaders[i]->sniff_folder == NULL);
    }
    CHECK_EQ_INT(listed, 1);
    const emb_loader *l = &emb__ofac_loader;
    CHECK_EQ_INT(l->sniff("some/folder/sdn.csv", NULL, 0), 100);
    CHECK_EQ_INT(l->sniff("cons_prim.csv", NULL, 0), 100);
    CHECK_EQ_INT(l->sniff("some/folder/alt.csv", NULL, 0), 0);
    CHECK_EQ_INT(sniff_data(l, good_sdn, sizeof(good_sdn) - 1), 0);  /* content alone: no */

    tmp_dir_clear();
    CHECK_EQ_INT(l->sniff_folder(tmpdir), 0);
    write_tmp_str("alt.csv", "306,220,\"aka\",\"X\",-0- \r\n");
    CHECK_EQ_INT(l->sniff_folder(tmpdir), 0);           /* no primary file: no set */
    const char *sdn = write_tmp("sdn.csv", good_sdn, sizeof(good_sdn) - 1);
    CHECK_EQ_INT(l->sniff_folder(tmpdir), 100);
    CHECK_EQ_INT(l->sniff_folder(sdn), 0);

    /* a primary file given alone loads alone: the aliases beside it do not */
    embargo_dataset *ds = load_list(sdn, EMBARGO_OK, NULL);
    if (ds) {
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.entities, 2);
        CHECK_EQ_INT(s.aliases, 1);  /* the remarks' weak a.k.a. 'BNC' */
        embargo_dataset_free(ds);
    }
    ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (ds) {
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.aliases, 2);
        embargo_dataset_free(ds);
    }
    tmp_dir_clear();
}

/* ---- file names, file kinds, empty files ------------------------------------ */

static const char alt_rows[] = "306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n";
static const char add_rows[] = "306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\",\"Switzerland\",-0- \r\n";
static const char com_rows[] = "306,\"; Passport X1 (Cuba)\"\r\n";
static const char cons_rows[] = "1,\"CONS ONE\",-0- ,\"X\"," NULLS12 "\r\n";

/* OFAC's Sanctions List Service names the files in upper case (SDN.CSV,
 * ALT.CSV, ..., as its data specification does): the same set. Before,
 * only the lower-case names were known, and such a folder loaded nothing. */
TEST(sls_upper_case_names) {
    tmp_dir_clear();
    write_tmp("SDN.CSV", good_sdn, sizeof(good_sdn) - 1);
    write_tmp("ALT.CSV", alt_rows, sizeof(alt_rows) - 1);
    write_tmp("ADD.CSV", add_rows, sizeof(add_rows) - 1);
    write_tmp("SDN_COMMENTS.CSV", com_rows, sizeof(com_rows) - 1);
    write_tmp("CONS_PRIM.CSV", cons_rows, sizeof(cons_rows) - 1);
    write_tmp_str("CONS_ALT.CSV", "1,5,\"aka\",\"CONS ALIAS\",-0- \r\n");
    write_tmp_str("Cons_Add.csv", "1,6,-0- ,\"Havana\",\"Cuba\",-0- \r\n");
    embargo_dataset *ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (ds) {
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.lists, 2);
        CHECK_EQ_INT(s.entities, 3);
        CHECK_EQ_INT(s.orphan_rows, 0);
        const emb_entity *e = find(ds, "ofac-sdn:306");
        CHECK(has_name(e, "NATIONAL BANK OF CUBA") != NULL);                  /* ALT.CSV */
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Switzerland"));            /* ADD.CSV */
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Passport X1 (Cuba)")); /* SDN_COMMENTS.CSV */
        e = find(ds, "ofac-cons:1");
        CHECK(has_name(e, "CONS ALIAS") != NULL);
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Cuba"));
        CHECK_EQ_INT(embargo_dataset_notes(ds, NULL), 0);  /* nothing passed over */
        embargo_dataset_free(ds);
    }
    /* a primary file given alone, by its upper-case name */
    ds = load_list(tmp_path("CONS_PRIM.CSV"), EMBARGO_OK, NULL);
    if (ds) {
        CHECK_EQ_INT(ds->entity_count, 1);
        CHECK_EQ_STR(ds->list_count ? ds->lists[0].name : "", "ofac-cons");
        embargo_dataset_free(ds);
    }
    CHECK_EQ_INT(emb__ofac_loader.sniff("x/SDN.CSV", NULL, 0), 100);
    CHECK_EQ_INT(emb__ofac_loader.sniff("Cons_Prim.Csv", NULL, 0), 100);
    CHECK_EQ_INT(emb__ofac_loader.sniff("x/ALT.CSV", NULL, 0), 0);
    CHECK_EQ_INT(emb__ofac_loader.sniff_folder(tmpdir), 100);

    /* one file under two names: which is the list? An error, not a guess */
    write_tmp("sdn.csv", good_sdn, sizeof(good_sdn) - 1);
    expect_load_error(NULL, DATA "ofac-cons/2025-12", tmpdir, tmpdir, 0,
                      "two files for OFAC's sdn.csv, SDN.CSV and sdn.csv");
    tmp_dir_clear();
}

/* A set file that is not a regular file is refused, naming it: before, a
 * FIFO (or a folder) named alt.csv was passed over, and the list loaded
 * without its aliases. */
TEST(set_file_not_a_file) {
    tmp_dir_clear();
    write_tmp("sdn.csv", good_sdn, sizeof(good_sdn) - 1);
    CHECK_EQ_INT(mkfifo(tmp_path("alt.csv"), 0600), 0);
    alarm(30);  /* a FIFO opened for reading would wait for a writer */
    expect_load_status(NULL, DATA "ofac-cons/2025-12", tmpdir, EMBARGO_EIO, tmp_path("alt.csv"), 0,
                       "not a list file but a FIFO");
    alarm(0);
    unlink(tmp_path("alt.csv"));
    CHECK_EQ_INT(mkdir(tmp_path("add.csv"), 0700), 0);
    expect_load_status(NULL, NULL, tmpdir, EMBARGO_EIO, tmp_path("add.csv"), 0, "not a list file but a folder");
    rmdir(tmp_path("add.csv"));
    CHECK_EQ_INT(symlink("nowhere", tmp_path("add.csv")), 0);
    expect_load_status(NULL, NULL, tmpdir, EMBARGO_EIO, tmp_path("add.csv"), 0, "No such file");
    tmp_dir_clear();
}

/* A primary file without rows lists nobody: refused at the file, line 1
 * (before: published as a list of 0 entities, exit 0). */
TEST(empty_primary_file) {
    tmp_dir_clear();
    write_tmp("sdn.csv", "", 0);
    write_tmp("alt.csv", alt_rows, sizeof(alt_rows) - 1);
    expect_load_error(NULL, DATA "ofac-cons/2025-12", tmpdir, tmp_path("sdn.csv"), 1, "no entities");
    write_tmp_str("sdn.csv", "\r\n\r\n\x1a");  /* OFAC's end of file and nothing else */
    expect_load_error(NULL, NULL, tmpdir, tmp_path("sdn.csv"), 1, "no entities");
    expect_load_error(NULL, NULL, tmp_path("sdn.csv"), NULL, 1, "no entities");  /* given alone */
    tmp_dir_clear();
}

/* ---- encodings ------------------------------------------------------------------ */

#define BAD "\xff"  /* a byte that is never UTF-8 */

/* A UTF-8 file with one bad byte: its Cyrillic names stay Cyrillic, the bad
 * line's name is kept with U+FFFD (see csv.c for why kept, not refused),
 * and a note names alt.csv, the line and the column. Before, the one byte
 * made the whole file Windows-1252: every Cyrillic alias garbage, no word
 * of it. */
TEST(utf8_file_with_a_bad_byte) {
    tmp_dir_clear();
    write_tmp("sdn.csv", good_sdn, sizeof(good_sdn) - 1);
    write_tmp_str("alt.csv", "306,220,\"aka\",\"НАЦИОНАЛЬНЫЙ БАНК КУБЫ\",-0- \r\n"
                             "306,221,\"aka\",\"Ивано" BAD "в Иван\",-0- \r\n"
                             "306,222,\"aka\",\"Пётр Петров\",-0- \r\n");
    embargo_dataset *ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (!ds) return;
    const emb_entity *e = find(ds, "ofac-sdn:306");
    CHECK(has_name(e, "НАЦИОНАЛЬНЫЙ БАНК КУБЫ") != NULL);
    CHECK(has_name(e, "Пётр Петров") != NULL);
    CHECK(has_name(e, "Ивано\xef\xbf\xbdв Иван") != NULL);  /* U+FFFD for the bad byte */
    const embargo_error *notes;
    CHECK_EQ_INT(embargo_dataset_notes(ds, &notes), 1);
    if (embargo_dataset_notes(ds, NULL) == 1) {
        CHECK_EQ_INT(notes[0].code, EMBARGO_EFORMAT);
        CHECK_EQ_STR(notes[0].file, tmp_path("alt.csv"));
        CHECK_EQ_INT(notes[0].line, 2);
        CHECK_EQ_INT(notes[0].column, 26);  /* 306,221,"aka"," and 5 Cyrillic letters */
        CHECK(strstr(notes[0].message, "U+FFFD") != NULL);
    }
    if (embargo_dataset_notes(ds, NULL) != 1) print_notes(ds);
    embargo_dataset_free(ds);

    /* a failed load adds no note: the same alt.csv, and a broken add.csv */
    write_tmp_str("add.csv", "306,199,\"Zweierstrasse\" 35,\"Zurich\",\"Switzerland\",-0- \r\n");
    expect_format_error("add.csv", 1, "after closing quote");
    tmp_dir_clear();
}

/* Windows-1252 (OFAC's legacy encoding) is still read as it was, and a
 * note says so; Windows-1251 Cyrillic, which read as Windows-1252 would be
 * garbage, and a file mixing UTF-8 with another encoding are refused at
 * the first byte that is not UTF-8. */
TEST(legacy_and_refused_encodings) {
    tmp_dir_clear();
    static const char latin[] = "5,\"JOS\xc9 MAR\xcd\x41\",\"individual\",\"SDNT\"," NULLS12 "\r\n"
                                "6,\"S\xc3O PAULO TRADING\",-0- ,\"SDNT\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", latin, sizeof(latin) - 1);
    embargo_dataset *ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (ds) {
        CHECK_EQ_STR(find(ds, "ofac-sdn:5") ? find(ds, "ofac-sdn:5")->names[0].text : "", "JOS\xc3\x89 MAR\xc3\x8d\x41");
        CHECK_EQ_STR(find(ds, "ofac-sdn:6") ? find(ds, "ofac-sdn:6")->names[0].text : "", "S\xc3\x83O PAULO TRADING");
        const embargo_error *n = note_with(ds, "Windows-1252");
        CHECK(n != NULL);
        if (n) {
            CHECK_EQ_INT(n->code, EMBARGO_OK);  /* information */
            CHECK_EQ_STR(n->file, tmp_path("sdn.csv"));
            CHECK_EQ_INT(n->line, 1);
            CHECK_EQ_INT(n->column, 7);
        }
        CHECK_EQ_INT(embargo_dataset_notes(ds, NULL), 1);
        embargo_dataset_free(ds);
    }
    /* Windows-1251: "ИВАНОВ, Иван" */
    static const char cyr[] = "5,\"SMITH, John\",\"individual\",\"SDNT\"," NULLS12 "\r\n"
                              "6,\"\xc8\xc2\xc0\xcd\xce\xc2, \xc8\xe2\xe0\xed\",\"individual\",\"SDNT\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", cyr, sizeof(cyr) - 1);
    embargo_error err = expect_load_error(NULL, DATA "ofac-cons/2025-12", tmpdir, tmp_path("sdn.csv"), 2, "code page");
    CHECK_EQ_INT(err.column, 4);
    /* UTF-8 and Windows-1252 in one file */
    static const char mixed[] = "5,\"Иван\",\"individual\",\"SDNT\"," NULLS12 "\r\n"
                                "6,\"JOS\xc9 MAR\xcd\x41\",\"individual\",\"SDNT\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", mixed, sizeof(mixed) - 1);
    err = expect_load_error(NULL, NULL, tmpdir, tmp_path("sdn.csv"), 2, "mixes encodings");
    CHECK_EQ_INT(err.column, 7);
    tmp_dir_clear();
}

/* The first 100 notes are kept, the rest counted in one last record. */
TEST(notes_are_capped) {
    tmp_dir_clear();
    write_tmp("sdn.csv", good_sdn, sizeof(good_sdn) - 1);
    static char alt[150 * 96];
    size_t o = 0;
    for (int i = 0; i < 150; i++)
        o += (size_t)snprintf(alt + o, sizeof(alt) - o,
                              "306,%d,\"aka\",\"Сергей Петрович Иванов %d" BAD "\",-0- \r\n", 1000 + i, i);
    write_tmp("alt.csv", alt, o);
    embargo_dataset *ds = load_list(tmpdir, EMBARGO_OK, NULL);
    if (!ds) return;
    const embargo_error *notes;
    size_t n = embargo_dataset_notes(ds, &notes);
    CHECK_EQ_INT(n, 101);
    if (n == 101) {
        CHECK_EQ_INT(notes[0].line, 1);
        CHECK_EQ_INT(notes[99].line, 100);
        CHECK_EQ_STR(notes[99].file, tmp_path("alt.csv"));
        CHECK_EQ_INT(notes[100].code, EMBARGO_OK);
        CHECK_EQ_INT(notes[100].line, 0);
        CHECK(strstr(notes[100].message, "50 more notes") != NULL);
    }
    CHECK_EQ_INT(find(ds, "ofac-sdn:306") ? find(ds, "ofac-sdn:306")->name_count : 0, 1 + 150 + 1);
    embargo_dataset_free(ds);
    tmp_dir_clear();
}

/* Out of memory at every allocation, loading a set whose files give notes
 * (a Windows-1252 file, a bad UTF-8 line): no note survives a failed run. */
TEST(out_of_memory_with_notes) {
    tmp_dir_clear();
    static const char latin[] = "306,\"BANCO NACIONAL DE CUB\xc1\",-0- ,\"CUBA\"," NULLS12 "\r\n";
    write_tmp("sdn.csv", latin, sizeof(latin) - 1);
    write_tmp_str("alt.csv", "306,220,\"aka\",\"НАЦИОНАЛЬНЫЙ БАНК КУБ" BAD "Ы\",-0- \r\n");
    write_tmp("cons_prim.csv", cons_rows, sizeof(cons_rows) - 1);
    embargo_dataset *d = oom_torture(tmpdir, 2);
    if (d) {
        CHECK_EQ_INT(embargo_dataset_notes(d, NULL), 2);
        CHECK(note_with(d, "Windows-1252") != NULL);
        CHECK(note_with(d, "U+FFFD") != NULL);
        embargo_dataset_free(d);
    }
    tmp_dir_clear();
}

int main(void) {
    if (!tmp_dir_make("ofac")) return 1;
    RUN(full_2024_05_03);
    RUN(set_2021_07);
    RUN(sample_ofactest);
    RUN(cons_2025_12);
    RUN(partial_set_without_primary_is_not_found);
    RUN(malformed_inputs);
    RUN(a_loader_like_the_others);
    RUN(sls_upper_case_names);
    RUN(set_file_not_a_file);
    RUN(empty_primary_file);
    RUN(utf8_file_with_a_bad_byte);
    RUN(legacy_and_refused_encodings);
    RUN(notes_are_capped);
    RUN(out_of_memory_with_notes);
    tmp_dir_remove();
    return test_summary();
}

/*
 * test_eu.c - unit tests for the EU loaders (src/lists/eu_fsf.c and
 * eu_journal.c): the Financial Sanctions Files XML on the hand-made excerpt
 * tests/cases/lists/eu-fsf-sample.xml (run from the repository root), the
 * OpenSanctions extraction of the Official Journal annexes under
 * ../shared/data/lists/eu (counted as skipped when absent), sniffing
 * against the other formats, screening a loaded Journal entry, and malformed
 * inputs written to a temporary folder, each of which must fail with
 * EMBARGO_EFORMAT at the right file and line and leave the dataset as it was.
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
#define J269 DATA "eu/opensanctions-journal/32014R0269.csv"
#define J765 DATA "eu/opensanctions-journal/32006R0765.csv"
#define FSF_SAMPLE "tests/cases/lists/eu-fsf-sample.xml"


static int strong_aka(const emb_entity *e, const char *text) {
    const emb_name *n = has_name(e, text);
    return n && n->kind == EMBARGO_NAME_AKA && !n->weak;
}

static int weak_aka(const emb_entity *e, const char *text) {
    const emb_name *n = has_name(e, text);
    return n && n->kind == EMBARGO_NAME_AKA && n->weak;
}

/* Replaces every `from` in `text` by `to` (malloc'd). */
static char *replace_all(const char *text, size_t len, const char *from, const char *to, size_t *out_len) {
    size_t fl = strlen(from), tl = strlen(to), n = 0;
    for (const char *p = text; (p = strstr(p, from)) != NULL; p += fl) n++;
    char *r = malloc(len + n * tl + 1), *o = r;
    const char *p = text, *q;
    while ((q = strstr(p, from)) != NULL) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, tl);
        o += tl;
        p = q + fl;
    }
    size_t rest = len - (size_t)(p - text);
    memcpy(o, p, rest);
    o += rest;
    *o = '\0';
    *out_len = (size_t)(o - r);
    return r;
}

static unsigned long lines_of(const char *p, size_t n) {
    unsigned long l = 1;
    for (size_t i = 0; i < n; i++) l += p[i] == '\n';
    return l;
}

/* ---- FSF XML --------------------------------------------------------------------- */

static void check_fsf_sample(const embargo_dataset *ds) {
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, 4);
    CHECK_EQ_INT(s.rows, 4);
    CHECK_EQ_INT(s.lists, 1);
    if (!ds->list_count) return;
    CHECK_EQ_STR(ds->lists[0].name, "eu");
    CHECK_EQ_STR(ds->lists[0].date, "2026-03-02");
    const emb_entity *e = find(ds, "eu:139345");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_PERSON);
        CHECK_EQ_STR(e->names[0].text, "Konstantin Iosifovich KOSACHEV");
        CHECK_EQ_INT(e->name_count, 2);
        CHECK(strong_aka(e, "Константин Иосифович КОСАЧЕВ"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2022-03-09"));
        CHECK(has_field(e, EMBARGO_FIELD_REFERENCE, "EU.7398.63"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "UKR"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1962-09-17"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "Moscow, RUSSIAN FEDERATION"));
        CHECK(has_field(e, EMBARGO_FIELD_CITIZENSHIP, "RUSSIAN FEDERATION"));
        CHECK(has_field(e, EMBARGO_FIELD_GENDER, "Male"));
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_GENDER), 1);
        CHECK(has_field(e, EMBARGO_FIELD_TITLE, "Deputy Chairman of the Federation Council"));
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_REMARKS), 1);
    }
    e = find(ds, "eu:15496");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_ORGANIZATION);
        CHECK_EQ_STR(e->names[0].text, "Joint Stock Company 'Bank ROSSIYA'");
        CHECK(strong_aka(e, "Акционерное общество \"Акционерный Банк \"РОССИЯ\""));
        CHECK(weak_aka(e, "ROSSIYA"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2014-07-30"));
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Registration Number 1027800000084 (RUSSIAN FEDERATION)"));
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS,
                        "2 Rastrelli Square, letter A, 191124, St. Petersburg, RUSSIAN FEDERATION"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "RUSSIAN FEDERATION"));
        CHECK(has_field(e, EMBARGO_FIELD_WEBSITE, "http://www.abr.ru"));
        CHECK(has_field(e, EMBARGO_FIELD_PHONE, "+7 812 335 85 00"));
    }
    /* no designationDate: the regulation's publication date */
    e = find(ds, "eu:13");
    CHECK(e && strcmp(e->names[0].text, "Saddam Hussein Al-Tikriti") == 0);
    CHECK(weak_aka(e, "Abu Ali"));
    CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2003-07-08"));
    CHECK(has_field(e, EMBARGO_FIELD_REFERENCE, "EU.27.28"));
    CHECK(has_field(e, EMBARGO_FIELD_REMARK, "UN reference: IQi.001"));
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "al-Awja, near Tikrit, IRAQ"));
    CHECK(has_field(e, EMBARGO_FIELD_CITIZENSHIP, "IRAQ"));
    /* no logicalId: the reference number; the Latin name is primary */
    e = find(ds, "eu:EU.0000.01");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "Ahmad AL-MITHAL");
        CHECK(strong_aka(e, "أحمد المثال"));
        CHECK(strong_aka(e, "Ahmed bin Example MITHAL"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "circa 1964"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1960/1962"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1965-03"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "Kandahar"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2019-02-11"));  /* the earliest regulation */
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "TEST"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "TEST2"));
        CHECK(has_field(e, EMBARGO_FIELD_TITLE, "Maulavi"));
        CHECK(has_field(e, EMBARGO_FIELD_TITLE, "Commander"));
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "National passport OA 123456 (AFGHANISTAN)"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Fictional entry of the test sample."));
    }
}

TEST(fsf_sample) {
    if (!have(FSF_SAMPLE)) return;
    embargo_dataset *ds = load_list(FSF_SAMPLE, EMBARGO_OK, NULL);
    if (!ds) return;
    check_fsf_sample(ds);
    embargo_dataset_free(ds);

    /* the same document in the namespace the brief names, in none, and
     * with a prefix: read alike */
    size_t len, n;
    char *text = slurp(FSF_SAMPLE, &len);
    if (!text) { CHECK(0); return; }
    static const char *const forms[][2] = {
        { "xmlns=\"http://eu.europa.ec/fpi/fsd/export\"", "xmlns=\"http://eu.europa.eu/fpi/fsd/export\"" },
        { "xmlns=\"http://eu.europa.ec/fpi/fsd/export\"", "" },
    };
    for (size_t i = 0; i < 2; i++) {
        char *t = replace_all(text, len, forms[i][0], forms[i][1], &n);
        const char *path = write_tmp("ns.xml", t, n);
        CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, t, n), 100);
        ds = load_list(path, EMBARGO_OK, NULL);
        if (ds) check_fsf_sample(ds);
        embargo_dataset_free(ds);
        free(t);
    }
    char *t1 = replace_all(text, len, "<", "<fsd:", &n);
    char *t2 = replace_all(t1, n, "<fsd:/", "</fsd:", &n);
    char *t3 = replace_all(t2, n, "<fsd:?", "<?", &n);
    char *t4 = replace_all(t3, n, "<fsd:!", "<!", &n);
    char *t5 = replace_all(t4, n, "xmlns=", "xmlns:fsd=", &n);
    const char *path = write_tmp("ns.xml", t5, n);
    CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, t5, n), 100);
    ds = load_list(path, EMBARGO_OK, NULL);
    if (ds) check_fsf_sample(ds);
    embargo_dataset_free(ds);
    free(t1);
    free(t2);
    free(t3);
    free(t4);
    free(t5);
    free(text);
}

/* ---- the Official Journal extraction ------------------------------------------------ */

TEST(journal_files) {
    if (!have(J269) || !have(J765)) return;
    embargo_dataset *ds = load_list(J269, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    /* MANIFEST.tsv and Python's csv module agree: 2802 data rows, each one
     * entry of an annex table (recordId is unique per annex), so 2802
     * entities: 1984 Person, 622 LegalEntity + 196 Company */
    CHECK_EQ_INT(s.entities, 2802);
    CHECK_EQ_INT(s.rows, 2802);
    size_t people = 0, orgs = 0;
    for (size_t i = 0; i < ds->entity_count; i++) {
        people += ds->entities[i]->type == EMBARGO_TYPE_PERSON;
        orgs += ds->entities[i]->type == EMBARGO_TYPE_ORGANIZATION;
    }
    CHECK_EQ_INT(people, 1984);
    CHECK_EQ_INT(orgs, 818);

    const emb_entity *e = find(ds, "eu-journal:32014R0269:I.PERSONS:795");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_PERSON);
        CHECK_EQ_STR(e->names[0].text, "Konstantin Iosifovich KOSACHEV");
        CHECK(strong_aka(e, "Константин Иосифович КОСАЧЕВ"));
        CHECK_EQ_INT(e->name_count, 2);
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2022-03-09"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1962-09-17"));
        CHECK(has_field(e, EMBARGO_FIELD_GENDER, "Male"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "EU-UKR"));
        CHECK(has_field(e, EMBARGO_FIELD_REFERENCE, "32014R0269:I.PERSONS:795"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Measure: Asset freeze"));
    }
    /* names packed with parentheses give their variants */
    e = find(ds, "eu-journal:32014R0269:I.PERSONS:1");
    CHECK(e && strcmp(e->names[0].text, "Sergey Valeryevich AKSYONOV") == 0);
    CHECK(strong_aka(e, "Sergei Valerievich AKSENOV"));
    CHECK(strong_aka(e, "Сергей Валерьевич АКСЁНОВ"));
    CHECK(strong_aka(e, "Serhiy Valeriyovych AKSYONOV"));
    CHECK(strong_aka(e, "Сергiй Валерiйович АКСЬОНОВ"));
    CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2014-03-17"));
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1972-11-26"));
    e = find(ds, "eu-journal:32014R0269:I.PERSONS:24");
    CHECK(e && strcmp(e->names[0].text, "Valentina Ivanova MATVIYENKO (born TYUTINA)") == 0);
    CHECK(strong_aka(e, "Valentina Ivanova MATVIYENKO"));
    CHECK(strong_aka(e, "Valentina Ivanova TYUTINA"));
    CHECK(strong_aka(e, "Валентина Ивановна ТЮТИНА"));
    e = find(ds, "eu-journal:32014R0269:I.PERSONS:55");
    CHECK(strong_aka(e, "Igor Nikolaevich BEZLER"));
    CHECK(weak_aka(e, "Bes"));
    CHECK(strong_aka(e, "Igor Nikolaevich BEREGOVOY"));
    /* "18.1.1970 or 29.3.1965": both */
    e = find(ds, "eu-journal:32014R0269:I.PERSONS:6");
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1970-01-18"));
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1965-03-29"));

    /* the second file joins the same list */
    embargo_error err;
    CHECK_EQ_INT(embargo_dataset_load(ds, J765, &err), EMBARGO_OK);
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, 2802 + 408);
    CHECK_EQ_INT(s.rows, 2802 + 408);
    CHECK_EQ_INT(s.lists, 1);
    CHECK_EQ_STR(ds->lists[0].name, "eu-journal");
    CHECK_EQ_INT(ds->lists[0].entities, 2802 + 408);
    people = orgs = 0;
    size_t unknown = 0;
    for (size_t i = 2802; i < ds->entity_count; i++) {
        people += ds->entities[i]->type == EMBARGO_TYPE_PERSON;
        orgs += ds->entities[i]->type == EMBARGO_TYPE_ORGANIZATION;
        unknown += ds->entities[i]->type == EMBARGO_TYPE_UNKNOWN;
    }
    CHECK_EQ_INT(people, 312);   /* Python's csv: 312 Person, 95 LegalEntity, 1 Asset */
    CHECK_EQ_INT(orgs, 95);
    CHECK_EQ_INT(unknown, 1);
    e = find(ds, "eu-journal:32006R0765:I.A:7");
    CHECK(e && strcmp(e->names[0].text, "Aliaksandr Piatrovich BARSUKOU") == 0);
    CHECK(strong_aka(e, "Alexander Petrovich BARSUKOV"));
    CHECK(strong_aka(e, "Alexandr Petrovich BARSUKOV"));
    CHECK(strong_aka(e, "Александр Петрович БАРСУКОВ"));
    e = find(ds, "eu-journal:32006R0765:I.B:12");
    CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION);
    CHECK(strong_aka(e, "Belarusski Avtomobilnyi Zavod"));
    CHECK(weak_aka(e, "BelAZ"));
    CHECK(strong_aka(e, "OJSC ‘BELAZ’"));
    CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2021-06-21"));
    /* entries of unnumbered annexes: by position */
    e = find(ds, "eu-journal:32006R0765:V#1");
    CHECK(e && strcmp(e->names[0].text, "Belarus Ministry of Defence") == 0);
    CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Measure: Export control"));
    CHECK(find(ds, "eu-journal:32006R0765:V#26") != NULL);
    CHECK(find(ds, "eu-journal:32006R0765:V#27") == NULL);

    /* a file loaded twice would repeat its ids: refused, nothing added */
    embargo_dataset_stats before;
    embargo_dataset_stats_get(ds, &before);
    CHECK_EQ_INT(embargo_dataset_load(ds, J765, &err), EMBARGO_EFORMAT);
    CHECK(strstr(err.message, "already in the dataset") != NULL);
    embargo_dataset_stats_get(ds, &s);
    CHECK(memcmp(&before, &s, sizeof(s)) == 0);
    embargo_dataset_free(ds);

    /* the folder: both files */
    ds = load_list(DATA "eu/opensanctions-journal", EMBARGO_OK, NULL);
    if (ds) {
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.entities, 3210);
        CHECK_EQ_INT(s.lists, 1);
    }
    embargo_dataset_free(ds);
}

/* The Journal entry is found by screening a transliteration of the name. */
TEST(journal_screening) {
    if (!have(J269)) return;
    embargo_dataset *ds = load_list(J269, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_index *ix = NULL;
    embargo_error err;
    CHECK_EQ_INT(embargo_index_build(ds, NULL, &ix, &err), EMBARGO_OK);
    embargo_dataset_free(ds);
    if (!ix) return;
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &m), EMBARGO_OK);
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    const embargo_match *hits = NULL;
    size_t count = 0;
    static const char q[] = "Konstantin Kosachyov";
    CHECK_EQ_INT(embargo_matcher_screen(m, q, sizeof(q) - 1, &o, &hits, &count), EMBARGO_OK);
    CHECK(count >= 1);
    if (count >= 1) {
        static const char want[] = "eu-journal:32014R0269:I.PERSONS:795";
        CHECK(hits[0].entity.id_len == sizeof(want) - 1 &&
              memcmp(hits[0].entity.id, want, sizeof(want) - 1) == 0);
        if (!(hits[0].entity.id_len == sizeof(want) - 1 &&
              memcmp(hits[0].entity.id, want, sizeof(want) - 1) == 0))
            fprintf(stderr, "  top hit %.*s\n", (int)hits[0].entity.id_len, hits[0].entity.id);
    }
    static const char cyr[] = "Косачев Константин";
    CHECK_EQ_INT(embargo_matcher_screen(m, cyr, sizeof(cyr) - 1, &o, &hits, &count), EMBARGO_OK);
    CHECK(count >= 1);
    embargo_matcher_free(m);
    embargo_index_close(ix);
}

/* ---- sniffing ---------------------------------------------------------------------- */

TEST(eu_sniffing) {
    size_t len;
    char *data;
    if ((data = slurp(FSF_SAMPLE, &len)) != NULL) {
        CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, data, len), 100);
        CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, data, len), 0);
        CHECK_EQ_INT(sniff_data(&emb__un_loader, data, len), 0);
        free(data);
    }
    if (access(J269, R_OK) == 0 && (data = slurp(J269, &len)) != NULL) {
        CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, data, len), 90);
        CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, data, len), 0);
        CHECK_EQ_INT(sniff_data(&emb__un_loader, data, len), 0);
        free(data);
    }
    if (access(DATA "un/2026-02-27/UN_consolidated.xml", R_OK) == 0 &&
        (data = slurp(DATA "un/2026-02-27/UN_consolidated.xml", &len)) != NULL) {
        CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, data, len), 0);
        CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, data, len), 0);
        free(data);
    }
    /* OFAC's sdn.csv and the other CSV formats are none of these */
    static const char *const others[] = {
        DATA "ofac-sdn/full-2024-05-03/sdn.csv", DATA "ofac-cons/2025-12/cons_prim.csv",
        DATA "csl/sample-2025/consolidated.csv", DATA "csl/bis-dpl/dpl.txt",
        "tests/cases/lists/uk-sample.csv",
    };
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        if (access(others[i], R_OK) != 0 || (data = slurp(others[i], &len)) == NULL) continue;
        CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, data, len), 0);
        CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, data, len), 0);
        CHECK_EQ_INT(sniff_data(&emb__un_loader, data, len), 0);
        free(data);
    }
    static const char bom[] = "\xEF\xBB\xBF" "celex,recordId,name\n";
    CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, bom, sizeof(bom) - 1), 90);
    static const char nocelex[] = "recordId,celex,name\n";
    CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, nocelex, sizeof(nocelex) - 1), 0);
    static const char plain_export[] = "<?xml version=\"1.0\"?><export><row/></export>";
    CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, plain_export, sizeof(plain_export) - 1), 0);
    static const char entity_only[] = "<export><sanctionEntity logicalId=\"1\">";
    CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, entity_only, sizeof(entity_only) - 1), 100);
    CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, "", 0), 0);
    CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, "", 0), 0);
}

/* ---- malformed inputs ----------------------------------------------------------------- */

/* Loads `text` from a temporary file `name` expecting a format error at
 * `line` whose message holds `what`; the dataset, which already holds the
 * FSF sample (when it is there), must be unchanged. */
static void expect_format_error(const char *name, const char *text, size_t len, unsigned long line,
                                const char *what) {
    expect_load_error(NULL, FSF_SAMPLE, write_tmp(name, text, len), NULL, line, what);
}

/* Replaces the first `from` in text by `to` (malloc'd). */
static char *edit(const char *text, size_t len, const char *from, const char *to, size_t *out_len) {
    const char *at = strstr(text, from);
    CHECK(at != NULL);
    if (!at) at = text;
    size_t a = (size_t)(at - text), fl = strlen(from), tl = strlen(to);
    char *p = malloc(len - fl + tl + 1);
    memcpy(p, text, a);
    memcpy(p + a, to, tl);
    memcpy(p + a + tl, at + fl, len - a - fl + 1);
    *out_len = len - fl + tl;
    return p;
}

static unsigned long line_at(const char *text, const char *needle) {
    const char *at = strstr(text, needle);
    return at ? lines_of(text, (size_t)(at - text)) : 0;
}

TEST(fsf_malformed) {
    size_t len, n;
    char *text = slurp(FSF_SAMPLE, &len);
    if (!text) { CHECK(0); return; }
    /* truncated */
    size_t cut = (size_t)(strstr(text, "logicalId=\"15501\"") - text);
    expect_format_error("bad.xml", text, cut, lines_of(text, cut), "XML");
    /* a tag not closed */
    char *p = edit(text, len, "</citizenship>", "</citizen>", &n);
    expect_format_error("bad.xml", p, n, line_at(text, "</citizenship>"), "citizen");
    free(p);
    /* a nameAlias inside a nameAlias */
    p = edit(text, len, "<regulationSummary", "<nameAlias wholeName=\"X\"/><regulationSummary", &n);
    expect_format_error("bad.xml", p, n, line_at(text, "<regulationSummary"),
                        "<nameAlias> is out of place in <nameAlias>");
    free(p);
    /* something other than a sanctionEntity in the export */
    p = edit(text, len, "  <sanctionEntity designationDetails=\"\" unitedNationId=\"IQi.001\"",
             "  <nameAlias wholeName=\"X\"/><sanctionEntity designationDetails=\"\" unitedNationId=\"IQi.001\"", &n);
    expect_format_error("bad.xml", p, n, line_at(text, "unitedNationId=\"IQi.001\""),
                        "<nameAlias> is out of place in <export>");
    free(p);
    /* an entity without a name */
    p = replace_all(text, len, "wholeName=\"Abu Ali\"", "wholeName=\"\"", &n);
    char *q = replace_all(p, n, "wholeName=\"Saddam Hussein Al-Tikriti\"", "wholeName=\"\"", &n);
    char *r = replace_all(q, n, "firstName=\"Saddam\" middleName=\"\" lastName=\"Hussein Al-Tikriti\"",
                          "firstName=\"\" middleName=\"\" lastName=\"\"", &n);
    expect_format_error("bad.xml", r, n, line_at(text, "unitedNationId=\"IQi.001\""), "without a name");
    free(p);
    free(q);
    free(r);
    /* an entity without an id */
    p = edit(text, len, "euReferenceNumber=\"EU.27.28\" logicalId=\"13\"", "", &n);
    expect_format_error("bad.xml", p, n, line_at(text, "unitedNationId=\"IQi.001\""),
                        "without logicalId or euReferenceNumber");
    free(p);
    /* a duplicate id */
    p = edit(text, len, "logicalId=\"15496\"", "logicalId=\"139345\"", &n);
    expect_format_error("bad.xml", p, n, line_at(text, "logicalId=\"15496\""), "duplicate id '139345'");
    free(p);
    /* text between elements */
    p = edit(text, len, "<subjectType code=\"enterprise\"", "oops<subjectType code=\"enterprise\"", &n);
    expect_format_error("bad.xml", p, n, line_at(text, "<subjectType code=\"enterprise\""),
                        "unexpected text in <sanctionEntity>");
    free(p);
    /* a DOCTYPE */
    p = edit(text, len, "<export ", "<!DOCTYPE export [<!ENTITY a \"b\">]>\n<export ", &n);
    expect_format_error("bad.xml", p, n, 1, "DOCTYPE");
    free(p);
    /* the list loaded twice */
    expect_format_error("bad.xml", text, len, 0, "id 'eu:139345' is already in the dataset");
    free(text);
}

static const char journal_header[] =
    "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,"
    "previousName,country,nationality,jurisdiction,birthDate,birthPlace,position,passportNumber,"
    "gender,appearance,ethnicity,fatherName,motherName,incorporationDate,legalForm,sector,"
    "registrationNumber,taxNumber,idNumber,innCode,ogrnCode,kppCode,okpoCode,leiCode,swiftBic,"
    "ticker,imoNumber,mmsi,flag,address,phone,email,website,notes\n";

/* the 34 empty columns after weakAlias (a row gives the first 11) */
#define ROW_TAIL ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n"

TEST(journal_small) {
    char text[4096];
    int n = snprintf(text, sizeof(text), "%s%s%s%s", journal_header,
                     "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,\"Reason, with a comma\",Person,"
                     "Ivan PETROV (Ivan PETROFF),\"Иван ПЕТРОВ; Vanya\"," ROW_TAIL,
                     "32099R0001,1,EU-TEST,II,Asset freeze,24 March 2009,,Company,ACME LLC,,ACME"
                     ROW_TAIL,
                     "32099R0001,,EU-TEST,III,Export control,,,Vessel,SEA STAR,," ROW_TAIL);
    const char *path = write_tmp("j.csv", text, (size_t)n);
    embargo_dataset *ds = load_list(path, EMBARGO_OK, NULL);
    if (ds) {
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.entities, 3);
        const emb_entity *e = find(ds, "eu-journal:32099R0001:I:1");
        CHECK(e && e->type == EMBARGO_TYPE_PERSON);
        CHECK(e && strcmp(e->names[0].text, "Ivan PETROV (Ivan PETROFF)") == 0);
        CHECK(strong_aka(e, "Ivan PETROV"));
        CHECK(strong_aka(e, "Ivan PETROFF"));
        CHECK(strong_aka(e, "Иван ПЕТРОВ"));
        CHECK(strong_aka(e, "Vanya"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2023-02-01"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARKS, "Reason, with a comma"));
        e = find(ds, "eu-journal:32099R0001:II:1");
        CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION);
        CHECK(weak_aka(e, "ACME"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2009-03-24"));
        e = find(ds, "eu-journal:32099R0001:III#1");
        CHECK(e && e->type == EMBARGO_TYPE_VESSEL);
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_LISTED_ON), 0);
    }
    embargo_dataset_free(ds);
}

TEST(journal_malformed) {
    char text[4096];
    /* a row with a missing column (line 3) */
    int n = snprintf(text, sizeof(text), "%s%s%s", journal_header,
                     "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,,Person,A B,," ROW_TAIL,
                     "32099R0001,2,EU-TEST,I,Asset freeze,1.2.2023,,Person,C D," ROW_TAIL);
    expect_format_error("j.csv", text, (size_t)n, 3, "expected 45 fields, found 44");
    /* bad quoting: text after a closing quote (line 2) */
    n = snprintf(text, sizeof(text), "%s%s", journal_header,
                 "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,\"x\"y,Person,A B,," ROW_TAIL);
    expect_format_error("j.csv", text, (size_t)n, 2, "quote");
    /* an unterminated quote that runs to the end (starts on line 3) */
    n = snprintf(text, sizeof(text), "%s%s%s", journal_header,
                 "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,,Person,A B,," ROW_TAIL,
                 "32099R0001,2,EU-TEST,I,Asset freeze,1.2.2023,\"open,Person,C D,," ROW_TAIL);
    expect_format_error("j.csv", text, (size_t)n, 3, "unterminated");
    /* an empty name */
    n = snprintf(text, sizeof(text), "%s%s", journal_header,
                 "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,,Person, ,," ROW_TAIL);
    expect_format_error("j.csv", text, (size_t)n, 2, "empty name");
    /* a duplicate entry */
    n = snprintf(text, sizeof(text), "%s%s%s", journal_header,
                 "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,,Person,A B,," ROW_TAIL,
                 "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,,Person,C D,," ROW_TAIL);
    expect_format_error("j.csv", text, (size_t)n, 3, "duplicate entry 32099R0001:I:1");
    /* a NUL byte */
    n = snprintf(text, sizeof(text), "%s%s", journal_header,
                 "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,,Person,A B,," ROW_TAIL);
    text[strlen(journal_header) + 3] = '\0';
    expect_format_error("j.csv", text, (size_t)n, 2, "NUL");
    /* a header alone: no entities, refused at its line (before: an empty list) */
    expect_format_error("j.csv", journal_header, sizeof(journal_header) - 1, 1, "no entities");
    /* a header without a name column */
    static const char noname[] = "celex,recordId\n32099R0001,1\n";
    expect_format_error("j.csv", noname, sizeof(noname) - 1, 1, "no 'name' column");
    /* a blank line inside the file is a row of one field */
    n = snprintf(text, sizeof(text), "%s\n%s", journal_header,
                 "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,,Person,A B,," ROW_TAIL);
    expect_format_error("j.csv", text, (size_t)n, 2, "expected 45 fields, found 1");
    /* the published file with one row cut short */
    size_t len;
    char *full;
    if (access(J765, R_OK) == 0 && (full = slurp(J765, &len)) != NULL) {
        /* drop the last field separator of line 100 (recordIds are on one line each here) */
        const char *p = full;
        for (int l = 1; l < 100; l++) p = strchr(p, '\n') + 1;
        const char *eol = strchr(p, '\n');
        const char *comma = eol;
        while (*comma != ',') comma--;
        size_t at = (size_t)(comma - full);
        memmove(full + at, full + at + 1, len - at);
        expect_format_error("j.csv", full, len - 1, 100, "expected 45 fields, found 44");
        free(full);
    }
}

TEST(eu_out_of_memory) {
    /* fail every allocation in turn, for both loaders: ENOMEM, nothing
     * published, nothing leaked (LeakSanitizer checks it) */
    char text[4096];
    int n = snprintf(text, sizeof(text), "%s%s%s", journal_header,
                     "32099R0001,1,EU-TEST,I,Asset freeze,1.2.2023,,Person,Ivan PETROV (Ivan PETROFF),"
                     "\"Иван ПЕТРОВ; Vanya\"," ROW_TAIL,
                     "32099R0001,,EU-TEST,III,Export control,,,Vessel,SEA STAR,," ROW_TAIL);
    const char *paths[2] = { write_tmp("oom.csv", text, (size_t)n), FSF_SAMPLE };
    size_t want[2] = { 2, 4 };
    for (int k = 0; k < 2; k++) embargo_dataset_free(oom_torture(paths[k], want[k]));
}

int main(void) {
    if (!tmp_dir_make("eu")) return 1;
    RUN(fsf_sample);
    RUN(journal_files);
    RUN(journal_screening);
    RUN(eu_sniffing);
    RUN(fsf_malformed);
    RUN(journal_small);
    RUN(journal_malformed);
    RUN(eu_out_of_memory);
    tmp_dir_remove();
    return test_summary();
}

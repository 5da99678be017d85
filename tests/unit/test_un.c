/*
 * test_un.c - unit tests for the UN Security Council consolidated list
 * loader (src/lists/un.c): the published file under ../shared/data/lists
 * (counted as skipped when absent), a small hand-made document, sniffing,
 * and malformed documents written to a temporary folder, each of which must
 * fail with EMBARGO_EFORMAT at the right file and line and leave the
 * dataset as it was.
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
#define UN_FILE DATA "un/2026-02-27/UN_consolidated.xml"


/* ---- the published file ------------------------------------------------------ */

TEST(un_2026_02_27) {
    if (!have(UN_FILE)) return;
    embargo_dataset *ds = load_list(UN_FILE, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    /* MANIFEST.tsv: 730 individuals + 273 entities, none lost */
    CHECK_EQ_INT(s.entities, 1003);
    CHECK_EQ_INT(s.rows, 1003);
    CHECK_EQ_INT(s.lists, 1);
    size_t people = 0, orgs = 0;
    for (size_t i = 0; i < ds->entity_count; i++) {
        people += ds->entities[i]->type == EMBARGO_TYPE_PERSON;
        orgs += ds->entities[i]->type == EMBARGO_TYPE_ORGANIZATION;
        CHECK(strncmp(ds->entities[i]->id, "un:", 3) == 0);
        CHECK(ds->entities[i]->name_count > 0 && ds->entities[i]->names[0].kind == EMBARGO_NAME_PRIMARY);
        CHECK_EQ_INT(count_fields(ds->entities[i], EMBARGO_FIELD_LISTED_ON), 1);
        CHECK_EQ_INT(count_fields(ds->entities[i], EMBARGO_FIELD_REFERENCE), 1);
    }
    CHECK_EQ_INT(people, 730);
    CHECK_EQ_INT(orgs, 273);
    /* every non-empty alias and original-script name, counted independently
     * (Python's ElementTree, names de-duplicated per entity as the dataset
     * does): 3118 aliases, 615 of them of quality "Low" */
    CHECK_EQ_INT(s.aliases, 3118);
    CHECK_EQ_INT(s.weak_aliases, 615);
    CHECK_EQ_STR(ds->lists[0].name, "un");
    CHECK_EQ_STR(ds->lists[0].date, "2026-02-27");
    CHECK_EQ_INT(ds->lists[0].entities, 1003);

    const emb_entity *e = find(ds, "un:QDi.001");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_PERSON);
        CHECK_EQ_STR(e->names[0].text, "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE");
        const emb_name *n = has_name(e, "محمد صلاح الدين عبدالحليم زيدان");
        CHECK(n && n->kind == EMBARGO_NAME_AKA && !n->weak);   /* original script: strong */
        n = has_name(e, "Sayf-Al Adl");
        CHECK(n && n->kind == EMBARGO_NAME_AKA && !n->weak);   /* Good */
        n = has_name(e, "Ibrahim al-Madani");
        CHECK(n && n->kind == EMBARGO_NAME_AKA && n->weak);    /* Low */
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2001-01-25"));
        CHECK(has_field(e, EMBARGO_FIELD_REFERENCE, "QDi.001"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "Al-Qaida"));
        CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Egypt"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1963-04-11"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1960-04-11"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "Monufia Governate, Egypt"));
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_REMARKS), 1);
    }
    e = find(ds, "un:IQi.001");
    CHECK(e && strcmp(e->names[0].text, "SADDAM HUSSEIN AL-TIKRITI") == 0);
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "al-Awja, near Tikrit, Iraq"));
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1937-04-28"));
    const emb_name *n = has_name(e, "Abu Ali");
    CHECK(n && n->weak);
    /* a time zone after the listing date is dropped */
    e = find(ds, "un:QDi.352");
    CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2015-04-07"));  /* "2015-04-07-04:00" */
    /* BETWEEN dates as an ISO 8601 interval; documents */
    e = find(ds, "un:CDi.030");
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1973/1974"));
    e = find(ds, "un:CDi.021");
    CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Passport OB 0243318 (Democratic Republic of the Congo)"));
    /* entities: a.k.a. and f.k.a. aliases, addresses and countries */
    e = find(ds, "un:CDe.001");
    CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION);
    CHECK(e && strcmp(e->names[0].text, "ADF") == 0);
    n = has_name(e, "Allied Democratic Forces");
    CHECK(n && n->kind == EMBARGO_NAME_AKA && !n->weak);
    n = has_name(e, "NALU");
    CHECK(n && n->kind == EMBARGO_NAME_FKA && !n->weak);
    CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "North Kivu, Democratic Republic of the Congo"));
    CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Democratic Republic of the Congo"));
    e = find(ds, "un:QDe.002");
    n = has_name(e, "الاتحاد الاسلامي");
    CHECK(n && n->kind == EMBARGO_NAME_AKA && !n->weak);
    embargo_dataset_free(ds);
}

TEST(un_sniffing) {
    static const char un_head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<CONSOLIDATED_LIST xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" dateGenerated=\"x\">";
    CHECK_EQ_INT(sniff_data(&emb__un_loader, un_head, sizeof(un_head) - 1), 100);
    CHECK_EQ_INT(sniff_data(&emb__un_loader, un_head + 56, sizeof(un_head) - 57), 100);  /* no declaration */
    CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, un_head, sizeof(un_head) - 1), 0);
    CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, un_head, sizeof(un_head) - 1), 0);
    static const char other[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LISTING/>";
    CHECK_EQ_INT(sniff_data(&emb__un_loader, other, sizeof(other) - 1), 0);
    static const char text[] = "CONSOLIDATED_LIST,1,2\n<CONSOLIDATED_LIST>";
    CHECK_EQ_INT(sniff_data(&emb__un_loader, text, sizeof(text) - 1), 0);
    CHECK_EQ_INT(sniff_data(&emb__un_loader, "", 0), 0);
    size_t len;
    char *data;
    if (access(UN_FILE, R_OK) == 0 && (data = slurp(UN_FILE, &len)) != NULL) {
        CHECK_EQ_INT(sniff_data(&emb__un_loader, data, len), 100);
        CHECK_EQ_INT(sniff_data(&emb__eu_fsf_loader, data, len), 0);
        CHECK_EQ_INT(sniff_data(&emb__eu_journal_loader, data, len), 0);
        free(data);
    }
    const char *sdn = DATA "ofac-sdn/full-2024-05-03/sdn.csv";
    if (access(sdn, R_OK) == 0 && (data = slurp(sdn, &len)) != NULL) {
        CHECK_EQ_INT(sniff_data(&emb__un_loader, data, len), 0);
        free(data);
    }
    const char *eu = DATA "eu/opensanctions-journal/32014R0269.csv";
    if (access(eu, R_OK) == 0 && (data = slurp(eu, &len)) != NULL) {
        CHECK_EQ_INT(sniff_data(&emb__un_loader, data, len), 0);
        free(data);
    }
    if (access("tests/cases/lists/eu-fsf-sample.xml", R_OK) == 0 &&
        (data = slurp("tests/cases/lists/eu-fsf-sample.xml", &len)) != NULL) {
        CHECK_EQ_INT(sniff_data(&emb__un_loader, data, len), 0);
        free(data);
    }
}

/* ---- hand-made documents -------------------------------------------------------- */

static const char good_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                    /* 1 */
    "<CONSOLIDATED_LIST dateGenerated=\"2025-01-02T03:04:05.000Z\">\n"                /* 2 */
    "  <INDIVIDUALS>\n"                                                               /* 3 */
    "    <INDIVIDUAL>\n"                                                              /* 4 */
    "      <DATAID>1</DATAID>\n"                                                      /* 5 */
    "      <FIRST_NAME>IVAN</FIRST_NAME>\n"                                           /* 6 */
    "      <SECOND_NAME> PETROVICH\n  SIDOROV </SECOND_NAME>\n"                       /* 7-8 */
    "      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>\n"                                       /* 9 */
    "      <REFERENCE_NUMBER>KPi.900</REFERENCE_NUMBER>\n"                            /* 10 */
    "      <LISTED_ON>2016-11-30</LISTED_ON>\n"                                       /* 11 */
    "      <GENDER>Male</GENDER>\n"                                                   /* 12 */
    "      <NAME_ORIGINAL_SCRIPT>Иван Петрович Сидоров</NAME_ORIGINAL_SCRIPT>\n"      /* 13 */
    "      <COMMENTS1>Line one.\nLine &amp; two.</COMMENTS1>\n"                       /* 14-15 */
    "      <TITLE><VALUE>Dr.</VALUE></TITLE>\n"                                       /* 16 */
    "      <DESIGNATION><VALUE>Minister</VALUE><VALUE>General</VALUE></DESIGNATION>\n"
    "      <NATIONALITY><VALUE>Russian Federation</VALUE></NATIONALITY>\n"
    "      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ivan Sidorov</ALIAS_NAME></INDIVIDUAL_ALIAS>\n"
    "      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Vanya</ALIAS_NAME></INDIVIDUAL_ALIAS>\n"
    "      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>\n"
    "      <INDIVIDUAL_ADDRESS><STREET>1 Main St</STREET><CITY>Pyongyang</CITY>"
    "<COUNTRY>Democratic People's Republic of Korea</COUNTRY></INDIVIDUAL_ADDRESS>\n"
    "      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1960</YEAR>"
    "</INDIVIDUAL_DATE_OF_BIRTH>\n"
    "      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1961 </NOTE>"
    "</INDIVIDUAL_DATE_OF_BIRTH>\n"
    "      <INDIVIDUAL_PLACE_OF_BIRTH><CITY>Moscow</CITY><COUNTRY>Russian Federation</COUNTRY>"
    "</INDIVIDUAL_PLACE_OF_BIRTH>\n"
    "      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>654321</NUMBER>"
    "<COUNTRY_OF_ISSUE>Russian Federation</COUNTRY_OF_ISSUE></INDIVIDUAL_DOCUMENT>\n"
    "      <NEW_FIELD_OF_2030>passed over</NEW_FIELD_OF_2030>\n"
    "      <SORT_KEY/>\n"
    "    </INDIVIDUAL>\n"
    "  </INDIVIDUALS>\n"
    "  <ENTITIES>\n"
    "    <ENTITY>\n"
    "      <DATAID>2</DATAID>\n"
    "      <FIRST_NAME>KOREA EXAMPLE TRADING CORPORATION</FIRST_NAME>\n"
    "      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>\n"
    "      <LISTED_ON>2009-07-16-04:00</LISTED_ON>\n"
    "      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>KETC</ALIAS_NAME></ENTITY_ALIAS>\n"
    "      <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>OLD TRADING</ALIAS_NAME></ENTITY_ALIAS>\n"
    "    </ENTITY>\n"
    "  </ENTITIES>\n"
    "</CONSOLIDATED_LIST>\n";

TEST(un_small_document) {
    const char *path = write_tmp("list.xml", good_doc, sizeof(good_doc) - 1);
    embargo_dataset *ds = load_list(path, EMBARGO_OK, NULL);
    if (!ds) return;
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(s.entities, 2);
    CHECK_EQ_STR(ds->lists[0].date, "2025-01-02");
    const emb_entity *e = find(ds, "un:KPi.900");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "IVAN PETROVICH SIDOROV");  /* white space collapsed */
        CHECK_EQ_INT(e->name_count, 4);
        const emb_name *n = has_name(e, "Иван Петрович Сидоров");
        CHECK(n && !n->weak && n->kind == EMBARGO_NAME_AKA);
        CHECK(has_name(e, "Vanya") && has_name(e, "Vanya")->weak);
        CHECK(has_field(e, EMBARGO_FIELD_REMARKS, "Line one.\nLine & two."));
        CHECK(has_field(e, EMBARGO_FIELD_TITLE, "Dr."));
        CHECK(has_field(e, EMBARGO_FIELD_TITLE, "Minister"));
        CHECK(has_field(e, EMBARGO_FIELD_TITLE, "General"));
        CHECK(has_field(e, EMBARGO_FIELD_GENDER, "Male"));
        CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Russian Federation"));
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "1 Main St, Pyongyang, Democratic People's Republic of Korea"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Democratic People's Republic of Korea"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "circa 1960"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1961-11"));
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "Moscow, Russian Federation"));
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Passport 654321 (Russian Federation)"));
        CHECK(has_field(e, EMBARGO_FIELD_REFERENCE, "KPi.900"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2016-11-30"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "DPRK"));
    }
    e = find(ds, "un:2");  /* no REFERENCE_NUMBER: the DATAID */
    CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION);
    CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2009-07-16"));
    CHECK(has_name(e, "OLD TRADING") && has_name(e, "OLD TRADING")->kind == EMBARGO_NAME_FKA);
    embargo_dataset_free(ds);
}

/* Loads `text` from a temporary file expecting a format error at `line`
 * whose message holds `what`; the dataset, which already holds a good list,
 * must be unchanged. */
static void expect_format_error(const char *text, size_t len, unsigned long line, const char *what) {
    const char *good = write_tmp("good.xml", good_doc, sizeof(good_doc) - 1);
    expect_load_error(NULL, good, write_tmp("bad.xml", text, len), NULL, line, what);
}

static unsigned long lines_of(const char *p, size_t n) {
    unsigned long l = 1;
    for (size_t i = 0; i < n; i++) l += p[i] == '\n';
    return l;
}

/* Replaces the first `from` in good_doc by `to`. */
static char *edit(const char *from, const char *to, size_t *len) {
    const char *at = strstr(good_doc, from);
    CHECK(at != NULL);
    size_t a = (size_t)(at - good_doc), fl = strlen(from), tl = strlen(to);
    size_t n = sizeof(good_doc) - 1 - fl + tl;
    char *p = malloc(n + 1);
    memcpy(p, good_doc, a);
    memcpy(p + a, to, tl);
    memcpy(p + a + tl, at + fl, sizeof(good_doc) - 1 - a - fl + 1);
    *len = n;
    return p;
}

TEST(un_malformed) {
    /* truncated: libxml2 reports the end of the input */
    size_t cut = (size_t)(strstr(good_doc, "<INDIVIDUAL_ADDRESS>") - good_doc) + 10;
    expect_format_error(good_doc, cut, lines_of(good_doc, cut), "XML");
    /* a tag not closed */
    size_t len;
    char *p = edit("<GENDER>Male</GENDER>", "<GENDER>Male</GENDR>", &len);
    expect_format_error(p, len, 12, "GENDER");
    free(p);
    /* an element out of place: ALIAS_NAME directly in the INDIVIDUAL */
    p = edit("<GENDER>Male</GENDER>", "<ALIAS_NAME>X</ALIAS_NAME>", &len);
    expect_format_error(p, len, 12, "<ALIAS_NAME> is out of place in <INDIVIDUAL>");
    free(p);
    /* an element inside a text element */
    p = edit("<GENDER>Male</GENDER>", "<GENDER><VALUE>Male</VALUE></GENDER>", &len);
    expect_format_error(p, len, 12, "<VALUE> is out of place in <GENDER>");
    free(p);
    /* an INDIVIDUAL among the ENTITIES */
    p = edit("    <ENTITY>\n", "    <INDIVIDUAL>\n", &len);
    char *q = strstr(p, "    </ENTITY>\n");
    memcpy(q, "</INDIVIDUAL>\n", 14);
    expect_format_error(p, len, lines_of(good_doc, (size_t)(strstr(good_doc, "    <ENTITY>") - good_doc)),
                        "<INDIVIDUAL> is out of place in <ENTITIES>");
    free(p);
    /* an unknown element at the top level could hold records: refused */
    p = edit("  <ENTITIES>\n", "  <VESSELS/><ENTITIES>\n", &len);
    expect_format_error(p, len, lines_of(good_doc, (size_t)(strstr(good_doc, "  <ENTITIES>") - good_doc)),
                        "<VESSELS> is out of place in <CONSOLIDATED_LIST>");
    free(p);
    /* text between elements */
    p = edit("<SORT_KEY/>", "stray text<SORT_KEY/>", &len);
    expect_format_error(p, len, lines_of(good_doc, (size_t)(strstr(good_doc, "<SORT_KEY/>") - good_doc)),
                        "unexpected text in <INDIVIDUAL>");
    free(p);
    /* no record at all: no entities, refused at the root element (before: an
     * empty list, published) */
    static const char empty[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<CONSOLIDATED_LIST dateGenerated=\"2025-01-02T03:04:05.000Z\">\n"
                                "  <INDIVIDUALS/>\n  <ENTITIES/>\n</CONSOLIDATED_LIST>\n";
    expect_format_error(empty, sizeof(empty) - 1, 2, "no entities");
    /* a duplicate id */
    p = edit("<DATAID>2</DATAID>", "<DATAID>2</DATAID><REFERENCE_NUMBER>KPi.900</REFERENCE_NUMBER>", &len);
    expect_format_error(p, len, lines_of(good_doc, (size_t)(strstr(good_doc, "    <ENTITY>") - good_doc)),
                        "duplicate id 'KPi.900'");
    free(p);
    /* a record without a name */
    p = edit("<FIRST_NAME>KOREA EXAMPLE TRADING CORPORATION</FIRST_NAME>", "", &len);
    char *r = strstr(p, "<ENTITY_ALIAS>");
    char *re = strstr(p, "    </ENTITY>");
    memset(r, ' ', (size_t)(re - r));
    expect_format_error(p, len, lines_of(good_doc, (size_t)(strstr(good_doc, "    <ENTITY>") - good_doc)),
                        "without a name");
    free(p);
    /* a root other than CONSOLIDATED_LIST (the sniffer would not pick the
     * file: the loader is called directly) */
    static const char other[] = "<?xml version=\"1.0\"?>\n<LIST/>\n";
    expect_load_error(&emb__un_loader, NULL, write_tmp("bad.xml", other, sizeof(other) - 1), NULL, 2,
                      "not <CONSOLIDATED_LIST>");
    /* the same list loaded twice: ids must stay unique */
    expect_format_error(good_doc, sizeof(good_doc) - 1, 0, "id 'un:KPi.900' is already in the dataset");
    /* content after the root element */
    static const char root[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<ENTITIES>\n"
                               "<ENTITY><DATAID>1</DATAID><FIRST_NAME>X</FIRST_NAME></ENTITY>\n"
                               "</ENTITIES></CONSOLIDATED_LIST>\n<x/>";
    expect_format_error(root, sizeof(root) - 1, 6, "XML");
    /* a DOCTYPE with an entity (no expansion, no external access) */
    static const char dtd[] = "<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                              "<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID>"
                              "<FIRST_NAME>&x;</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>\n";
    expect_format_error(dtd, sizeof(dtd) - 1, 1, "DOCTYPE");
    /* a NUL byte */
    static const char nul[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<ENTITIES>\0</ENTITIES>"
                              "</CONSOLIDATED_LIST>\n";
    expect_format_error(nul, sizeof(nul) - 1, 3, "XML");
    /* the published file, cut in the middle */
    size_t flen;
    char *full;
    if (access(UN_FILE, R_OK) == 0 && (full = slurp(UN_FILE, &flen)) != NULL) {
        size_t half = flen / 2;
        expect_format_error(full, half, lines_of(full, half), "XML");
        free(full);
    }
}

TEST(un_out_of_memory) {
    /* fail every allocation in turn: ENOMEM, nothing published, nothing
     * leaked (LeakSanitizer checks it in the sanitizer build) */
    const char *path = write_tmp("oom.xml", good_doc, sizeof(good_doc) - 1);
    embargo_dataset_free(oom_torture(path, 2));
}

int main(void) {
    if (!tmp_dir_make("un")) return 1;
    RUN(un_2026_02_27);
    RUN(un_sniffing);
    RUN(un_small_document);
    RUN(un_malformed);
    RUN(un_out_of_memory);
    tmp_dir_remove();
    return test_summary();
}

/*
 * test_remarks.c - unit tests for the OFAC Remarks parser
 * (src/lists/remarks.c): item splitting, each kind of item, dates, weak
 * aliases, and putting the result onto an entity.
 */
#include "test.h"
#include "lists/remarks.h"

#include <string.h>

#define MAXI 64

typedef struct got {
    int is_name;
    int kind;   /* name kind or field kind */
    int weak;
    char text[512];
} got;

typedef struct sink {
    got items[MAXI];
    size_t n;
    int stop_after;  /* return an error after this many items; 0 = never */
} sink;

static embargo_status collect(void *ctx, const emb_remark *r) {
    sink *s = ctx;
    if (s->n < MAXI) {
        got *g = &s->items[s->n];
        g->is_name = r->is_name;
        g->kind = r->is_name ? (int)r->name_kind : (int)r->field_kind;
        g->weak = r->weak;
        size_t n = r->len < sizeof(g->text) - 1 ? r->len : sizeof(g->text) - 1;
        memcpy(g->text, r->text, n);
        g->text[n] = '\0';
    }
    s->n++;
    if (s->stop_after && s->n >= (size_t)s->stop_after) return EMBARGO_ENOMEM;
    return EMBARGO_OK;
}

static sink parse(const char *text) {
    sink s;
    memset(&s, 0, sizeof(s));
    embargo_status st = emb__remarks_parse(text, strlen(text), collect, &s);
    CHECK_EQ_INT(st, EMBARGO_OK);
    return s;
}

/* Finds the i-th item of a field kind; NULL if none. */
static const char *field(const sink *s, embargo_field_kind kind, int i) {
    for (size_t k = 0; k < s->n && k < MAXI; k++)
        if (!s->items[k].is_name && s->items[k].kind == (int)kind && i-- == 0) return s->items[k].text;
    return NULL;
}

static const got *name(const sink *s, int i) {
    for (size_t k = 0; k < s->n && k < MAXI; k++)
        if (s->items[k].is_name && i-- == 0) return &s->items[k];
    return NULL;
}

TEST(kosachev) {
    sink s = parse("DOB 17 Sep 1962; POB Moscow, Russia; nationality Russia; Gender Male; "
                   "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR "
                   "589.201 and/or 589.209; Member of the Federation Council of the Federal Assembly "
                   "of the Russian Federation.");
    CHECK_EQ_INT(s.n, 6);
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 0), "1962-09-17");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_PLACE, 0), "Moscow, Russia");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_NATIONALITY, 0), "Russia");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_GENDER, 0), "Male");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_REMARK, 0),
                 "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR "
                 "589.201 and/or 589.209");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_REMARK, 1),
                 "Member of the Federation Council of the Federal Assembly of the Russian Federation");
}

TEST(weak_aliases) {
    sink s = parse("a.k.a. 'BNC'.");
    CHECK_EQ_INT(s.n, 1);
    const got *g = name(&s, 0);
    CHECK(g && g->weak && g->kind == EMBARGO_NAME_AKA);
    CHECK_EQ_STR(g ? g->text : NULL, "BNC");

    s = parse("a.k.a. 'LIMITED LIABILITY COMPANY NKT'; f.k.a. 'X'; n.k.a. 'Y'");
    CHECK_EQ_INT(s.n, 3);
    CHECK_EQ_STR(name(&s, 0)->text, "LIMITED LIABILITY COMPANY NKT");
    CHECK_EQ_INT(name(&s, 1)->kind, EMBARGO_NAME_FKA);
    CHECK_EQ_STR(name(&s, 1)->text, "X");
    CHECK_EQ_INT(name(&s, 2)->kind, EMBARGO_NAME_NKA);
    CHECK_EQ_STR(name(&s, 2)->text, "Y");
    CHECK(name(&s, 2)->weak);
}

TEST(alias_apostrophes_and_semicolons) {
    sink s = parse("a.k.a. 'AL-QA'IDA'; a.k.a. ''ABD AL-RAHMAN'; a.k.a. 'A; B'; Gender Male");
    CHECK_EQ_INT(s.n, 4);
    CHECK_EQ_STR(name(&s, 0)->text, "AL-QA'IDA");
    CHECK_EQ_STR(name(&s, 1)->text, "'ABD AL-RAHMAN");
    CHECK_EQ_STR(name(&s, 2)->text, "A; B");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_GENDER, 0), "Male");

    s = parse("a.k.a. ''FOOPIE''.");
    CHECK_EQ_STR(name(&s, 0)->text, "'FOOPIE'");
    s = parse("alt. a.k.a. 'ZED'");
    CHECK_EQ_STR(name(&s, 0)->text, "ZED");
    /* unterminated quote: the rest of the item */
    s = parse("a.k.a. 'OPEN END; nationality Iran");
    CHECK_EQ_INT(s.n, 2);
    CHECK_EQ_STR(name(&s, 0)->text, "OPEN END");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_NATIONALITY, 0), "Iran");
    /* an empty alias is dropped */
    s = parse("a.k.a. ''; a.k.a.");
    CHECK_EQ_INT(s.n, 0);
}

TEST(dates) {
    sink s = parse("DOB 17 Sep 1962; alt. DOB 30 May 1981; DOB circa 1960; DOB 1962 to 1965; "
                   "DOB Sep 1962; DOB 01 Jan 1960 to 31 Dec 1961; DOB circa 1958-1962; "
                   "DOB 1 Feb 1970; DOB sometime in spring; DOB 1947.");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 0), "1962-09-17");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 1), "1981-05-30");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 2), "circa 1960");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 3), "1962/1965");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 4), "1962-09");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 5), "1960-01-01/1961-12-31");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 6), "circa 1958/1962");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 7), "1970-02-01");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 8), "sometime in spring");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 9), "1947");
    s = parse("Organization Established Date 10 Dec 2020");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_BIRTH_DATE, 0), "2020-12-10");
}

TEST(date_normaliser) {
    char out[32];
    CHECK_EQ_INT(emb__remarks_date("17 Sep 1962", 11, out, sizeof(out)), 10);
    CHECK_EQ_STR(out, "1962-09-17");
    CHECK(emb__remarks_date("32 Sep 1962", 11, out, sizeof(out)) == 0);
    CHECK(emb__remarks_date("17 Foo 1962", 11, out, sizeof(out)) == 0);
    CHECK(emb__remarks_date("196", 3, out, sizeof(out)) == 0);
    CHECK(emb__remarks_date("1962 to", 7, out, sizeof(out)) == 0);
    CHECK(emb__remarks_date("", 0, out, sizeof(out)) == 0);
    CHECK(emb__remarks_date("circa", 5, out, sizeof(out)) == 0);
    CHECK(emb__remarks_date("1962", 4, out, 8) == 0);  /* cap too small */
    CHECK(emb__remarks_date("circa 17 September 1962 to 18 Sept 1963.", 40, out, sizeof(out)) > 0);
    CHECK_EQ_STR(out, "circa 1962-09-17/1963-09-18");
}

TEST(documents_and_contacts) {
    sink s = parse("Passport PW2418905 (Ireland); alt. Passport 123 (Spain); National ID No. 216040 (Yemen); "
                   "Tax ID No. 7701234567 (Russia); Registration Number 1027700342890 (Russia); "
                   "Identification Number 210302198701102136 (China); Email Address a@b.com; "
                   "Website http://www.rshb.ru; Phone Number 8613314257947; Linked To: LAZARUS GROUP; "
                   "citizen Russia; Vessel Registration Identification IMO 1011551; MMSI 319766000; "
                   "Digital Currency Address - XBT 1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE; "
                   "Certificate of Incorporation Number 784702 (Hong Kong); "
                   "Nationality of Registration Korea, North; Fax (98)(21)(22224537).");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 0), "Passport PW2418905 (Ireland)");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 1), "Passport 123 (Spain)");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 2), "National ID No. 216040 (Yemen)");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 3), "Tax ID No. 7701234567 (Russia)");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 4), "Registration Number 1027700342890 (Russia)");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 5), "Identification Number 210302198701102136 (China)");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 6), "Vessel Registration Identification IMO 1011551");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 7), "MMSI 319766000");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 8),
                 "Digital Currency Address - XBT 1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_ID_DOCUMENT, 9), "Certificate of Incorporation Number 784702 (Hong Kong)");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_EMAIL, 0), "a@b.com");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_WEBSITE, 0), "http://www.rshb.ru");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_PHONE, 0), "8613314257947");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_PHONE, 1), "(98)(21)(22224537)");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_LINKED_TO, 0), "LAZARUS GROUP");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_CITIZENSHIP, 0), "Russia");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_COUNTRY, 0), "Korea, North");
    CHECK(field(&s, EMBARGO_FIELD_REMARK, 0) == NULL);
}

TEST(final_dot) {
    sink s = parse("Linked To: GRUPO CINJAB, S.A. DE C.V.");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_LINKED_TO, 0), "GRUPO CINJAB, S.A. DE C.V.");
    s = parse("Linked To: NEW AHMADI LTD.");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_LINKED_TO, 0), "NEW AHMADI LTD.");
    s = parse("Linked To: HIZBALLAH.");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_LINKED_TO, 0), "HIZBALLAH");
    s = parse("Website http://x.org/a.html.");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_WEBSITE, 0), "http://x.org/a.html");
    /* a dot mid-remarks is kept */
    s = parse("Linked To: BIESTRA S.A.; Gender Female.");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_LINKED_TO, 0), "BIESTRA S.A.");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_GENDER, 0), "Female");
}

TEST(unrecognised_and_odd_input) {
    sink s = parse("Executive Order 13662 Directive Determination - Subject to Directive 1; ;; ");
    CHECK_EQ_INT(s.n, 1);
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_REMARK, 0),
                 "Executive Order 13662 Directive Determination - Subject to Directive 1");
    s = parse("alt. Former Vessel Flag Malta");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_REMARK, 0), "alt. Former Vessel Flag Malta");
    s = parse("DOB; POB; Gender");  /* labels with no value */
    CHECK_EQ_INT(s.n, 3);
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_REMARK, 0), "DOB");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_REMARK, 2), "Gender");
    s = parse("");
    CHECK_EQ_INT(s.n, 0);
    s = parse(".");
    CHECK_EQ_INT(s.n, 0);
    s = parse("'");
    CHECK_EQ_INT(s.n, 1);
    CHECK_EQ_INT(emb__remarks_parse(NULL, 0, collect, &s), EMBARGO_OK);
    /* a Passport label alone is not a document */
    s = parse("Passport");
    CHECK_EQ_STR(field(&s, EMBARGO_FIELD_REMARK, 0), "Passport");
}

TEST(callback_error_stops) {
    sink s;
    memset(&s, 0, sizeof(s));
    s.stop_after = 2;
    const char *t = "Gender Male; nationality Iran; citizen Iran";
    CHECK_EQ_INT(emb__remarks_parse(t, strlen(t), collect, &s), EMBARGO_ENOMEM);
    CHECK_EQ_INT(s.n, 2);
}

TEST(apply_onto_entity) {
    embargo_dataset *ds = NULL;
    CHECK_EQ_INT(embargo_dataset_new(&ds), EMBARGO_OK);
    emb_load ld;
    CHECK_EQ_INT(emb__load_begin(&ld, ds, "ofac-sdn", "test", "", NULL), EMBARGO_OK);
    emb_entity *e = emb__load_entity(&ld, "306", 3, EMBARGO_TYPE_ORGANIZATION, NULL);
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_INT(emb__entity_add_name(&ld, e, EMBARGO_NAME_PRIMARY, 0, "BANCO NACIONAL DE CUBA", 22),
                     EMBARGO_OK);
        const char *r = "a.k.a. 'BNC'; DOB 1962; Passport X1 (Cuba).";
        CHECK_EQ_INT(emb__remarks_apply(&ld, e, r, strlen(r)), EMBARGO_OK);
        CHECK_EQ_INT(e->name_count, 2);
        CHECK_EQ_STR(e->names[1].text, "BNC");
        CHECK_EQ_INT(e->names[1].weak, 1);
        CHECK_EQ_INT(e->names[1].kind, EMBARGO_NAME_AKA);
        CHECK_EQ_INT(e->field_count, 3);
        CHECK_EQ_INT(e->fields[0].kind, EMBARGO_FIELD_REMARKS);
        CHECK_EQ_STR(e->fields[0].text, r);
        CHECK_EQ_INT(e->fields[1].kind, EMBARGO_FIELD_BIRTH_DATE);
        CHECK_EQ_STR(e->fields[1].text, "1962");
        CHECK_EQ_INT(e->fields[2].kind, EMBARGO_FIELD_ID_DOCUMENT);
        CHECK_EQ_STR(e->fields[2].text, "Passport X1 (Cuba)");
        CHECK_EQ_INT(emb__remarks_apply(&ld, e, NULL, 0), EMBARGO_OK);
    }
    emb__load_abort(&ld);
    embargo_dataset_free(ds);
}

int main(void) {
    RUN(kosachev);
    RUN(weak_aliases);
    RUN(alias_apostrophes_and_semicolons);
    RUN(dates);
    RUN(date_normaliser);
    RUN(documents_and_contacts);
    RUN(final_dot);
    RUN(unrecognised_and_odd_input);
    RUN(callback_error_stops);
    RUN(apply_onto_entity);
    return test_summary();
}

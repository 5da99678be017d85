/*
 * test_group.c - the same person on several lists (src/group/):
 * groups found when the index is built, kept through save and open, never
 * made on a name alone, and safe to walk in a damaged file.
 *
 * Data: the golden-case SDN excerpt (tests/cases/lists/mini), the hand-made
 * EU FSF sample (tests/cases/lists/eu-fsf-sample.xml), and a UK sheet
 * written here: Konstantin Kosachev under the UK's Russia regime (the UK
 * gives no birth date: grouped on a near-identical name under the same
 * country's programme), a namesake under the Belarus regime (nothing beyond
 * the name agrees: never grouped), and Sergei Kislyak (Russia); and an EU
 * journal extract written here with a Konstantin Kosachev born in 1970: the
 * UK entry would tie him to the others by programme, but his birth date
 * contradicts the SDN's and the EU FSF's, so he stays alone.
 *
 * The index also gives a name that ends with its own acronym a search form
 * without it ("GLOBAL RELIEF FOUNDATION (GRF)"), tested here with the UK
 * rows too.
 */
#include "test.h"
#include "embargo.h"
#include "index/format.h"
#include "index/index_int.h"
#include "lists/dataset.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256], ukpath[300], eujpath[300], ixpath[300];
static embargo_index *ix;

static const char UK_CSV[] =
    "Unique ID,OFSI Group ID,Name,Regime Name,Type,Designation source,Date Designated,Sanctions Imposed\n"
    "RUS0879,14940,KOSACHEV Konstantin Iosifovich,Russia,Individual,UK,15/03/2022,Asset freeze\n"
    "BEL0999,99999,KOSACHEV Konstantin Iosifovich,Belarus,Individual,UK,01/06/2023,Asset freeze\n"
    "RUS0880,14941,KISLYAK Sergei Ivanovich,Russia,Individual,UK,15/03/2022,Asset freeze\n"
    "AQD0043,7067,GLOBAL RELIEF FOUNDATION (GRF),ISIL (Da'esh) and Al-Qaida,Entity,UN,22/10/2002,Asset freeze\n"
    "AQD0019,7079,AL-HARAMAIN (BANGLADESH),ISIL (Da'esh) and Al-Qaida,Entity,UN,06/07/2004,Asset freeze\n";

static const char EUJ_CSV[] =
    "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,previousName,"
    "country,nationality,jurisdiction,birthDate,birthPlace,position,passportNumber,gender,appearance,"
    "ethnicity,fatherName,motherName,incorporationDate,legalForm,sector,registrationNumber,taxNumber,"
    "idNumber,innCode,ogrnCode,kppCode,okpoCode,leiCode,swiftBic,ticker,imoNumber,mmsi,flag,address,"
    "phone,email,website,notes\n"
    "32014R0269,7,EU-UKR,I.PERSONS,Asset freeze,9.3.2022,,Person,Konstantin Iosifovich KOSACHEV,,,,,,,"
    "1970-01-01,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n";

static int write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

static int streq_id(const embargo_entity *e, const char *id) {
    return e->id_len == strlen(id) && memcmp(e->id, id, e->id_len) == 0;
}

static uint32_t entity(const embargo_index *x, const char *id) {
    embargo_entity e;
    if (embargo_index_find(x, id, strlen(id), &e) != EMBARGO_OK) {
        fprintf(stderr, "  no entity %s\n", id);
        return UINT32_MAX;
    }
    return e.index;
}

/* The ids of entity id's group, sorted, joined by spaces. */
static void group_of(const embargo_index *x, const char *id, char *out, size_t cap) {
    uint32_t m[16];
    size_t n = embargo_index_group(x, entity(x, id), m, 16);
    const char *ids[16];
    for (size_t i = 0; i < n; i++) {
        embargo_entity e;
        ids[i] = embargo_index_entity(x, m[i], &e) == EMBARGO_OK ? e.id : "?";
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(ids[j - 1], ids[j]) > 0; j--) {
            const char *t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "", ids[i]);
}

TEST(test_build_groups) {
    CHECK(write_text(ukpath, UK_CSV) == 0);
    CHECK(write_text(eujpath, EUJ_CSV) == 0);
    embargo_dataset *ds = NULL;
    embargo_error err;
    CHECK_EQ_INT(embargo_dataset_new(&ds), EMBARGO_OK);
    const char *paths[] = {"tests/cases/lists/mini", "tests/cases/lists/eu-fsf-sample.xml", ukpath,
                           eujpath};
    for (size_t i = 0; i < 4; i++) {
        embargo_status st = embargo_dataset_load(ds, paths[i], &err);
        CHECK_EQ_INT(st, EMBARGO_OK);
        if (st) fprintf(stderr, "  %s:%lu: %s\n", err.file, err.line, err.message);
    }
    CHECK_EQ_INT(embargo_index_build(ds, NULL, &ix, &err), EMBARGO_OK);
    embargo_dataset_free(ds);
}

TEST(test_same_person_grouped) {
    if (!ix) return;
    char g[256];
    group_of(ix, "ofac-sdn:24231", g, sizeof(g));
    CHECK_EQ_STR(g, "eu:139345 ofac-sdn:24231 uk:RUS0879");
    /* the same group seen from each member */
    group_of(ix, "uk:RUS0879", g, sizeof(g));
    CHECK_EQ_STR(g, "eu:139345 ofac-sdn:24231 uk:RUS0879");
    group_of(ix, "ofac-sdn:36820", g, sizeof(g));
    CHECK_EQ_STR(g, "ofac-sdn:36820 uk:RUS0880");
    CHECK(embargo_index_same_group(ix, entity(ix, "eu:139345"), entity(ix, "uk:RUS0879")));
    CHECK(embargo_index_same_group(ix, entity(ix, "ofac-sdn:24231"), entity(ix, "ofac-sdn:24231")));
    CHECK(!embargo_index_same_group(ix, entity(ix, "ofac-sdn:24231"), entity(ix, "ofac-sdn:36820")));
}

TEST(test_evidence_beyond_the_name) {
    if (!ix) return;
    char why[200];
    uint32_t via = UINT32_MAX;
    /* the EU entry agrees on the full birth date; the UK's, which has none,
     * on a near-identical name under a Russia programme */
    CHECK(embargo_index_group_evidence(ix, entity(ix, "eu:139345"), &via, why, sizeof(why)));
    CHECK(strstr(why, "birth date 1962-09-17") != NULL);
    CHECK(via == entity(ix, "ofac-sdn:24231") || via == entity(ix, "uk:RUS0879"));
    CHECK(embargo_index_group_evidence(ix, entity(ix, "uk:RUS0879"), &via, why, sizeof(why)));
    CHECK(strstr(why, "programme (russia)") != NULL || strstr(why, "birth date") != NULL);
    /* exactly one member of a group is where it grew from */
    uint32_t m[16];
    size_t n = embargo_index_group(ix, entity(ix, "ofac-sdn:24231"), m, 16), roots = 0;
    for (size_t i = 0; i < n; i++) roots += !embargo_index_group_evidence(ix, m[i], NULL, NULL, 0);
    CHECK_EQ_INT(roots, 1);
}

TEST(test_never_on_the_name_alone) {
    if (!ix) return;
    char g[256], why[200] = "x";
    /* the same name, under another country's regime: nothing else agrees */
    group_of(ix, "uk:BEL0999", g, sizeof(g));
    CHECK_EQ_STR(g, "uk:BEL0999");
    CHECK(!embargo_index_group_evidence(ix, entity(ix, "uk:BEL0999"), NULL, why, sizeof(why)));
    CHECK_EQ_STR(why, "");
    /* the namesake born in 1970 is tied to the UK entry by programme, but
     * his birth date contradicts the group's */
    group_of(ix, "eu-journal:32014R0269:I.PERSONS:7", g, sizeof(g));
    CHECK_EQ_STR(g, "eu-journal:32014R0269:I.PERSONS:7");
    /* look-alike names of the excerpt (KOSACHENKO, SLUTSKER...) stay alone */
    group_of(ix, "ofac-sdn:990004", g, sizeof(g));
    CHECK_EQ_STR(g, "ofac-sdn:990004");
    /* out of range */
    uint32_t m[4];
    CHECK_EQ_INT(embargo_index_group(ix, UINT32_MAX, m, 4), 0);
    CHECK(!embargo_index_group_evidence(ix, UINT32_MAX, NULL, NULL, 0));
}

/* A name ending with its acronym is also indexed without it, marked as
 * derived; a bracket that is no acronym ("(BANGLADESH)": the Bangladesh
 * branch, not the foundation) is left alone. */
TEST(test_acronym_stem) {
    if (!ix) return;
    embargo_entity e;
    CHECK_EQ_INT(embargo_index_find(ix, "uk:AQD0043", 10, &e), EMBARGO_OK);
    CHECK_EQ_INT(e.name_count, 2);
    embargo_name n;
    CHECK_EQ_INT(embargo_entity_name(ix, &e, 1, &n), EMBARGO_OK);
    CHECK(n.len == 24 && memcmp(n.text, "GLOBAL RELIEF FOUNDATION", 24) == 0);
    CHECK(n.derived && !n.weak && n.kind == EMBARGO_NAME_AKA);
    CHECK_EQ_INT(embargo_entity_name(ix, &e, 0, &n), EMBARGO_OK);
    CHECK(!n.derived);
    CHECK_EQ_INT(embargo_index_find(ix, "uk:AQD0019", 10, &e), EMBARGO_OK);
    CHECK_EQ_INT(e.name_count, 1);
    embargo_matcher *m = NULL;
    CHECK_EQ_INT(embargo_matcher_new(ix, &m), EMBARGO_OK);
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    const embargo_match *mm;
    size_t nm = 0;
    CHECK_EQ_INT(embargo_matcher_screen(m, "Global Relief Foundation", 24, &o, &mm, &nm), EMBARGO_OK);
    CHECK(nm >= 1 && mm[0].score > 0.99 && streq_id(&mm[0].entity, "uk:AQD0043"));
    embargo_matcher_free(m);
}

/* Groups survive save and open; a file whose group links are damaged (and
 * its checksum recomputed) is refused when they point outside the index, and
 * walks stay bounded when they form a cycle that never returns. */
TEST(test_saved_and_damaged) {
    if (!ix) return;
    embargo_error err;
    CHECK_EQ_INT(embargo_index_save(ix, ixpath, &err), EMBARGO_OK);
    embargo_index *op = NULL;
    CHECK_EQ_INT(embargo_index_open(ixpath, &op, &err), EMBARGO_OK);
    if (!op) return;
    char g[256];
    group_of(op, "uk:RUS0879", g, sizeof(g));
    CHECK_EQ_STR(g, "eu:139345 ofac-sdn:24231 uk:RUS0879");
    uint32_t a = entity(op, "ofac-sdn:24231"), b = entity(op, "uk:RUS0879");
    embargo_index_close(op);

    FILE *f = fopen(ixpath, "rb");
    if (!f) return;
    fseek(f, 0, SEEK_END);
    size_t size = (size_t)ftell(f);
    rewind(f);
    unsigned char *img = malloc(size);
    CHECK(img && fread(img, 1, size, f) == size);
    fclose(f);
    if (!img) return;
    emb_ix_header h;
    memcpy(&h, img, sizeof(h));
    emb_ix_group *grp = (emb_ix_group *)(void *)(img + h.sections[EMB_SEC_GROUPS].offset);
    for (int round = 0; round < 2; round++) {
        emb_ix_group save_a = grp[a], save_b = grp[b];
        if (round == 0) {
            grp[a].next = 0xFFFFFF; /* outside */
        } else {
            grp[a].next = b; /* a -> b -> b -> ... never back to a */
            grp[b].next = b;
        }
        h.checksum = 0;
        memcpy(img, &h, sizeof(h));
        h.checksum = emb__index_checksum(img, size);
        memcpy(img, &h, sizeof(h));
        f = fopen(ixpath, "wb");
        if (f) {
            fwrite(img, 1, size, f);
            fclose(f);
        }
        embargo_status st = embargo_index_open(ixpath, &op, &err);
        if (round == 0) {
            CHECK_EQ_INT(st, EMBARGO_EINDEX);
            CHECK(strstr(err.message, "group") != NULL);
        } else {
            CHECK_EQ_INT(st, EMBARGO_OK);
            if (st == EMBARGO_OK) {
                uint32_t m[64];
                size_t n = embargo_index_group(op, a, m, 64);
                CHECK(n >= 1 && n <= EMB_GROUP_MAX); /* bounded, though the cycle never returns */
                CHECK(!embargo_index_same_group(op, a, entity(op, "ofac-sdn:36820")));
                embargo_index_close(op);
            }
        }
        grp[a] = save_a;
        grp[b] = save_b;
    }
    free(img);
}

/* Two lists, one person each, with the given birth date and nationality:
 * an index built without groups (the judgement is asked for directly). */
static embargo_index *two_people(const char *dob_a, const char *nat_a, const char *dob_b, const char *nat_b) {
    embargo_dataset *ds = NULL;
    embargo_index *out = NULL;
    embargo_error err;
    const char *dob[2] = {dob_a, dob_b}, *nat[2] = {nat_a, nat_b};
    embargo_status st = embargo_dataset_new(&ds);
    for (int l = 0; l < 2 && !st; l++) {
        emb_load ld;
        st = emb__load_begin(&ld, ds, l ? "list-b" : "list-a", "(test)", "", &err);
        if (st) break;
        int dup = 0;
        emb_entity *e = emb__load_entity(&ld, "1", 1, EMBARGO_TYPE_PERSON, &dup);
        st = e ? emb__entity_add_name(&ld, e, EMBARGO_NAME_PRIMARY, 0, "Abu Ahmad al-Tikriti", 20) : EMBARGO_ENOMEM;
        if (!st) st = emb__entity_add_field(&ld, e, EMBARGO_FIELD_BIRTH_DATE, dob[l], strlen(dob[l]));
        if (!st) st = emb__entity_add_field(&ld, e, EMBARGO_FIELD_NATIONALITY, nat[l], strlen(nat[l]));
        st = emb__load_end(&ld, st);
    }
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.flags = EMBARGO_BUILD_NO_GROUPS;
    if (!st) st = embargo_index_build(ds, &bo, &out, &err);
    embargo_dataset_free(ds);
    return st ? NULL : out;
}

/* Birth years are read as years ("circa 1957" is 1957, and not "circa
 * 1942", whose first four bytes are the same); a nationality is a country
 * however written. */
TEST(test_year_and_nationality) {
    static const struct { const char *da, *na, *db, *nb; int same; } CASES[] = {
        {"circa 1957", "Iraq", "circa 1942", "Iraq", 0},
        {"circa 1957", "Iraq", "1957", "Iraq", 1},
        {"1968/1973", "Iraq", "1968", "Iraq", 1},
        {"1962", "Russia", "1962", "Russian Federation", 1},
        {"1962", "Russia", "1962", "Belarus", 0},
    };
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        embargo_index *pair = two_people(CASES[i].da, CASES[i].na, CASES[i].db, CASES[i].nb);
        CHECK(pair != NULL);
        if (!pair) continue;
        char why[160] = "";
        int same = embargo_index_same_entity(pair, 0, 1, 1.0, why, sizeof(why));
        if (same != CASES[i].same)
            fprintf(stderr, "  case %zu: %s/%s vs %s/%s: %d (%s)\n", i, CASES[i].da, CASES[i].na, CASES[i].db,
                    CASES[i].nb, same, why);
        CHECK_EQ_INT(same, CASES[i].same);
        if (same) CHECK(strstr(why, "birth year and nationality") != NULL);
        embargo_index_close(pair);
    }
}

int main(void) {
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/embargo-test-group.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(ukpath, sizeof(ukpath), "%s/uk.csv", tmpdir);
    snprintf(eujpath, sizeof(eujpath), "%s/eu-journal.csv", tmpdir);
    snprintf(ixpath, sizeof(ixpath), "%s/g.idx", tmpdir);
    RUN(test_build_groups);
    RUN(test_same_person_grouped);
    RUN(test_evidence_beyond_the_name);
    RUN(test_never_on_the_name_alone);
    RUN(test_acronym_stem);
    RUN(test_saved_and_damaged);
    RUN(test_year_and_nationality);
    embargo_index_close(ix);
    unlink(ukpath);
    unlink(eujpath);
    unlink(ixpath);
    rmdir(tmpdir);
    return test_summary();
}

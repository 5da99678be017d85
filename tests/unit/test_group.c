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
    embargo_index_close(ix);
    unlink(ukpath);
    unlink(eujpath);
    unlink(ixpath);
    rmdir(tmpdir);
    return test_summary();
}

/*
 * test_ftm.c - unit tests for the OpenSanctions loader (src/lists/ftm.c,
 * ftm_senzing.c, ftm_simple.c): FollowTheMoney entity files, delta files,
 * the Senzing export and the targets.simple.csv export.
 *
 * The shared files under ../shared/data/lists/opensanctions (counted as
 * skipped when absent) load with every record accounted for; the expected
 * figures were counted independently with Python's json module (entities of
 * the screenable schemas by type, names after trimming and removing exact
 * duplicates, aliases, weak aliases, Sanction links), and with its csv
 * module for the targets.simple.csv files (see simple_files). Small files written to
 * a temporary folder cover deltas applied to a base, Sanction linking,
 * sniffing, the publication date, and malformed input: each must fail with
 * EMBARGO_EFORMAT at the right file, line and column and leave the dataset
 * as it was.
 */
#include "test.h"
#include "loader_test.h"
#include "lists/ftm.h"
#include "lists/loader.h"
#include "base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OS "../shared/data/lists/opensanctions/"
#define LISTS "../shared/data/lists/"


static const char *first_field(const emb_entity *e, embargo_field_kind kind) {
    for (uint32_t i = 0; e && i < e->field_count; i++)
        if (e->fields[i].kind == kind) return e->fields[i].text;
    return NULL;
}

/* Loads `path` with the FtM loader into a new dataset, expecting `want`. */
static embargo_dataset *load(const char *path, embargo_status want, emb_ftm_counts *c,
                             embargo_error *err) {
    embargo_dataset *ds = NULL;
    if (embargo_dataset_new(&ds) != EMBARGO_OK) return NULL;
    embargo_error e;
    emb_ftm_counts cc;
    embargo_status st = emb__ftm_load(ds, path, err ? err : &e, c ? c : &cc);
    CHECK_EQ_INT(st, want);
    if (st != want)
        fprintf(stderr, "  %s: %s:%lu:%lu: %s\n", path, (err ? err : &e)->file, (err ? err : &e)->line,
                (err ? err : &e)->column, (err ? err : &e)->message);
    return ds;
}

/* ---- the shared files ------------------------------------------------------- */

typedef struct expect {
    const char *file;
    size_t records, entities, persons, organizations, names, aliases, weak, linked, skipped;
    size_t sanctions, unresolved;
    const char *date;
    int senzing;
} expect;

static const expect FILES[] = {
    /* file                                          rec  ent  per  org  names alias weak link skip sanc unres date */
    { OS "export-2024-03/entities.ftm.json",          1565, 607, 607, 0,  3864, 3257, 13, 202, 756, 0, 0, "2024-03-14", 0 },
    { OS "export-2024-03/targets.nested.json",        5,    5,   5,   0,  11,   6,    0,  0,   0,   0, 0, "2024-03-10", 0 },
    { OS "export-2024-03/senzing.json",               14,   9,   9,   0,  18,   9,    0,  0,   5,   0, 0, "2024-03-10", 1 },
    { OS "watchman/peps_senzing.json",                3,    3,   2,   1,  3,    0,    0,  0,   0,   0, 0, "", 1 },
    { OS "yente-fixtures/parteispenden/entities.ftm.json", 475, 96, 22, 74, 96, 0,    0,  89,  290, 0, 0, "", 0 },
    { OS "yente-fixtures/t1/entities.ftm.json",       7,    6,   4,   2,  35,   29,   0,  1,   0,   0, 2, "2024-06-01", 0 },
    { OS "yente-fixtures/zala/entities.ftm.json",     91,   17,  6,   11, 245,  228,  7,  53,  21,  41, 16, "2026-04-29", 0 },
    { OS "yente-fixtures/t2/20240527194702-wnk/entities.delta.json", 2, 2, 1, 1, 188, 186, 24, 0, 0, 0, 0, "2024-05-30", 0 },
    /* targets.simple.csv: one row per entity; see simple_files */
    { OS "export-2024-03/targets.simple.csv",         5,    5,   5,   0,  11,   6,    0,  0,   0,   0, 0, "2024-03-10", 0 },
    { OS "export-2022-08/targetssimple.csv",          635,  635, 635, 0,  635,  0,    0,  0,   0,   0, 0, "2022-08-08", 0 },
};

TEST(shared_files) {
    for (size_t i = 0; i < sizeof(FILES) / sizeof(FILES[0]); i++) {
        const expect *x = &FILES[i];
        if (!have(x->file)) continue;
        emb_ftm_counts c;
        embargo_dataset *ds = load(x->file, EMBARGO_OK, &c, NULL);
        if (!ds) continue;
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        fprintf(stderr, "  %s\n", x->file + strlen(OS));
        CHECK_EQ_INT(c.records, x->records);
        CHECK_EQ_INT(s.rows, x->records);
        CHECK_EQ_INT(c.entities, x->entities);
        CHECK_EQ_INT(s.entities, x->entities);
        CHECK_EQ_INT(c.persons, x->persons);
        CHECK_EQ_INT(c.organizations, x->organizations);
        CHECK_EQ_INT(s.names, x->names);
        CHECK_EQ_INT(s.aliases, x->aliases);
        CHECK_EQ_INT(s.weak_aliases, x->weak);
        CHECK_EQ_INT(c.linked, x->linked);
        CHECK_EQ_INT(c.skipped, x->skipped);
        CHECK_EQ_INT(c.sanctions, x->sanctions);
        CHECK_EQ_INT(c.unresolved, x->unresolved);
        CHECK_EQ_INT(s.orphan_rows, x->unresolved);
        CHECK_EQ_INT(c.nameless, 0);
        CHECK_EQ_INT(c.replaced, 0);
        CHECK_EQ_INT(c.senzing, x->senzing);
        /* every record is an entity, a linked record or a skipped one */
        if (!x->senzing) CHECK_EQ_INT(c.entities + c.linked + c.skipped, x->records);
        CHECK_EQ_INT(s.lists, 1);
        if (ds->list_count) {
            CHECK_EQ_STR(ds->lists[0].name, "opensanctions");
            CHECK_EQ_STR(ds->lists[0].date, x->date);
        }
        for (size_t k = 0; k < ds->entity_count; k++) {
            const emb_entity *e = ds->entities[k];
            CHECK(strncmp(e->id, "opensanctions:", 14) == 0);
            CHECK(e->name_count > 0 && e->names[0].kind == EMBARGO_NAME_PRIMARY);
            CHECK(e->type >= EMBARGO_TYPE_PERSON && e->type <= EMBARGO_TYPE_AIRCRAFT);
        }
        embargo_dataset_free(ds);
    }
}

/* Through the public API: the file is recognised by its content. */
TEST(shared_files_through_api) {
    for (size_t i = 0; i < sizeof(FILES) / sizeof(FILES[0]); i++) {
        if (!have(FILES[i].file)) continue;
        embargo_dataset *ds = NULL;
        embargo_dataset_new(&ds);
        embargo_error err;
        CHECK_EQ_INT(embargo_dataset_load(ds, FILES[i].file, &err), EMBARGO_OK);
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.entities, FILES[i].entities);
        embargo_dataset_free(ds);
    }
}

TEST(known_entity_zala) {
    const char *path = OS "yente-fixtures/zala/entities.ftm.json";
    if (!have(path)) return;
    embargo_dataset *ds = load(path, EMBARGO_OK, NULL, NULL);
    const emb_entity *e = find(ds, "opensanctions:NK-aU5ybkbRFJucf8YMwsJvDw");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_INT(e->type, EMBARGO_TYPE_PERSON);
        /* the caption is the primary name; every "name" value an AKA */
        CHECK_EQ_STR(e->names[0].text, "Alexander Vyacheslavovich ZAKHAROV");
        const emb_name *n = has_name(e, "Александр Вячеславович Захаров");
        CHECK(n && n->kind == EMBARGO_NAME_AKA && !n->weak);
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1965-09-21"));
        CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Russia")); /* "ru" */
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_PLACE, "Izhevsk"));
        CHECK(has_field(e, EMBARGO_FIELD_GENDER, "male"));
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Tax ID 183111242406"));
        CHECK(has_field(e, EMBARGO_FIELD_TITLE, "Owner of LLC CST"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "topics: debarment, corp.disqual, sanction"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARKS, "Disqualified"));
        /* from the Address record its addressEntity names */
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "272 Pushkinskaya Street, Apt 41, Izhevsk, 426008"));
        /* from its Sanction records: programs with their authority, dates
         * sorted with the earliest first, an ended sanction */
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "RUSSIA-EO14024 (Office of Foreign Assets Control)"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "EU-UKR (Federal Public Service Finance)"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM,
                        "The Russia (Sanctions) (EU Exit) Regulations 2019 (Foreign, Commonwealth & Development Office)"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "Council of the European Union")); /* long reason */
        CHECK(!has_field(e, EMBARGO_FIELD_PROGRAM, "UA-SA1644")); /* its programIds: Sanctions name them */
        CHECK_EQ_STR(first_field(e, EMBARGO_FIELD_LISTED_ON), "2023-07-01");
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_LISTED_ON), 7);
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2025-02-24"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "sanction ended 2033-07-01 (National Security and Defense Council)"));
        /* the datasets a merged record comes from, one field each */
        CHECK(has_field(e, EMBARGO_FIELD_DATASET, "us_ofac_sdn"));
        CHECK(has_field(e, EMBARGO_FIELD_DATASET, "gb_fcdo_sanctions"));
        CHECK(has_field(e, EMBARGO_FIELD_DATASET, "ext_ru_egrul"));
    }
    /* which of them are governments' sanctions lists, and whose */
    CHECK_EQ_STR(embargo_dataset_jurisdiction("us_ofac_sdn", 11), "US");
    CHECK_EQ_STR(embargo_dataset_jurisdiction("gb_fcdo_sanctions", 17), "UK");
    CHECK_EQ_STR(embargo_dataset_jurisdiction("eu_fsf", 6), "EU");
    CHECK_EQ_STR(embargo_dataset_jurisdiction("un_sc_sanctions", 15), "UN");
    CHECK(embargo_dataset_jurisdiction("ext_ru_egrul", 12) == NULL);      /* a company registry */
    CHECK(embargo_dataset_jurisdiction("gb_coh_disqualified", 19) == NULL); /* no sanction */
    CHECK(embargo_dataset_jurisdiction("us_ofac_sdnx", 11) != NULL);      /* len bytes only */
    CHECK(embargo_dataset_jurisdiction("us_ofac", 7) == NULL);
    CHECK(embargo_dataset_jurisdiction(NULL, 0) == NULL);
    /* a company: registration and tax numbers, weak aliases */
    size_t weak = 0;
    for (size_t i = 0; i < ds->entity_count; i++)
        for (uint32_t j = 0; j < ds->entities[i]->name_count; j++) weak += ds->entities[i]->names[j].weak;
    CHECK_EQ_INT(weak, 7);
    embargo_dataset_free(ds);
}

TEST(known_entity_peps) {
    const char *path = OS "export-2024-03/targets.nested.json";
    if (have(path)) {
        embargo_dataset *ds = load(path, EMBARGO_OK, NULL, NULL);
        const emb_entity *e = find(ds, "opensanctions:Q296771");
        CHECK(e != NULL);
        if (e) {
            /* name[0] is "Hariri"; the caption is the full name */
            CHECK_EQ_STR(e->names[0].text, "Saad Hariri");
            CHECK(has_name(e, "Sa'd al-Din") != NULL);
            CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Lebanon"));
            CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "France"));
            CHECK(has_field(e, EMBARGO_FIELD_TITLE, "Prime Minister of Lebanon"));
            CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2024-03-10")); /* first_seen */
            CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Wikidata Q296771"));
        }
        /* the nested relatives are not entities of their own */
        CHECK(find(ds, "opensanctions:Q20424718") == NULL);
        embargo_dataset_free(ds);
    }
    path = OS "export-2024-03/senzing.json";
    if (have(path)) {
        embargo_dataset *ds = load(path, EMBARGO_OK, NULL, NULL);
        const emb_entity *e = find(ds, "opensanctions:Q296771");
        CHECK(e != NULL);
        if (e) {
            CHECK_EQ_STR(e->names[0].text, "Saad Hariri");
            CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1970-04-18"));
            CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Saudi Arabia"));
            CHECK(has_field(e, EMBARGO_FIELD_GENDER, "male"));
        }
        /* positions (no RECORD_TYPE) are skipped */
        CHECK(find(ds, "opensanctions:Q14915225") == NULL);
        embargo_dataset_free(ds);
    }
    path = OS "watchman/peps_senzing.json";
    if (have(path)) {
        embargo_dataset *ds = load(path, EMBARGO_OK, NULL, NULL);
        const emb_entity *e = find(ds, "opensanctions:Q123456");
        CHECK(e && !strcmp(e->names[0].text, "John Smith") && e->type == EMBARGO_TYPE_PERSON);
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "Washington, DC, United States"));
        CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "United States"));
        e = find(ds, "opensanctions:Q345678");
        CHECK(e && !strcmp(e->names[0].text, "Ministry of Finance") && e->type == EMBARGO_TYPE_ORGANIZATION);
        embargo_dataset_free(ds);
    }
}

/* ---- deltas ------------------------------------------------------------------ */

TEST(delta_alone) {
    const char *path = OS "yente-fixtures/t2/20240527194702-wnk/entities.delta.json";
    if (!have(path)) return;
    emb_ftm_counts c;
    embargo_dataset *ds = load(path, EMBARGO_OK, &c, NULL);
    CHECK_EQ_INT(c.ops_add, 2);
    CHECK_EQ_INT(c.ops_mod + c.ops_del + c.del_unknown, 0);
    const emb_entity *e = find(ds, "opensanctions:NK-2T3S8Hu29ktYnKSTgQp2wL");
    CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION && !strcmp(e->names[0].text, "AL-QAIDA IN IRAQ"));
    CHECK(has_name(e, "ISIL") != NULL);
    CHECK(has_field(e, EMBARGO_FIELD_REMARK, "topics: sanction, crime.terror"));
    embargo_dataset_free(ds);
}

/* t1's entities followed by a delta: MOD, DEL, ADD, DEL of an unknown id. */
TEST(delta_applied_to_base) {
    const char *base = OS "yente-fixtures/t1/entities.ftm.json";
    if (!have(base)) return;
    FILE *in = fopen(base, "rb");
    FILE *out = fopen(tmp_path("base_delta.json"), "wb");
    if (!in || !out) { CHECK(0); if (in) fclose(in); if (out) fclose(out); return; }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0) fwrite(buf, 1, n, out);
    fclose(in);
    fputs("\n"
          "{\"op\":\"MOD\",\"entity\":{\"id\":\"NK-2GdmHtZTeNXjNVrBGEXZNj\",\"schema\":\"Person\",\"caption\":\"Changed Name\","
          "\"properties\":{\"name\":[\"Changed Name\"],\"birthDate\":[\"1970-01-01\"]},\"last_change\":\"2024-07-01T00:00:00\"}}\n"
          "{\"op\":\"DEL\",\"entity\":{\"id\":\"NK-2PacmNpiLUmoz4XD2mSt7A\"}}\n"
          "{\"op\":\"DEL\",\"entity\":{\"id\":\"no-such-id\"}}\n"
          "{\"op\":\"ADD\",\"entity\":{\"id\":\"new-1\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"SEA STAR\"],"
          "\"imoNumber\":[\"9123456\"],\"flag\":[\"kp\"],\"callSign\":[\"HMAB\"]}}}\n"
          "{\"op\":\"DEL\",\"entity\":{\"id\":\"new-1\"}}\n"
          "{\"op\":\"ADD\",\"entity\":{\"id\":\"new-1\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"SEA STAR 2\"],"
          "\"flag\":[\"kp\"]}}}\n",
          out);
    fclose(out);
    emb_ftm_counts c;
    embargo_dataset *ds = load(tmp_path("base_delta.json"), EMBARGO_OK, &c, NULL);
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    CHECK_EQ_INT(c.entities, 6);          /* 6 - 1 deleted + 1 added */
    CHECK_EQ_INT(c.ops_mod, 1);
    CHECK_EQ_INT(c.ops_del, 3);
    CHECK_EQ_INT(c.ops_add, 2);
    CHECK_EQ_INT(c.del_unknown, 1);
    /* the unknown DEL; t1's two unresolved addressEntity references went
     * with the versions that the MOD and the DEL replaced */
    CHECK_EQ_INT(s.orphan_rows, 1);
    CHECK_EQ_INT(c.unresolved, 0);
    const emb_entity *e = find(ds, "opensanctions:NK-2GdmHtZTeNXjNVrBGEXZNj");
    CHECK(e && e->name_count == 1 && !strcmp(e->names[0].text, "Changed Name"));
    CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1970-01-01"));
    CHECK(find(ds, "opensanctions:NK-2PacmNpiLUmoz4XD2mSt7A") == NULL);
    e = find(ds, "opensanctions:new-1");
    CHECK(e && e->type == EMBARGO_TYPE_VESSEL && e->name_count == 1 && !strcmp(e->names[0].text, "SEA STAR 2"));
    CHECK(has_field(e, EMBARGO_FIELD_VESSEL_FLAG, "North Korea"));
    CHECK(!has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "IMO 9123456")); /* the deleted version's */
    CHECK_EQ_STR(ds->lists[0].date, "2024-07-01");
    embargo_dataset_free(ds);
}

/* A delta loaded as a file of its own after its base: the dataset never
 * edits what a load published, so the delta is refused at its first ADD,
 * MOD or DEL of an entity of the base, and the base stays as it was
 * (before, a MOD failed only when the index was built, and a DEL was
 * ignored, keeping the deleted entity). ADDs of new entities and DELs of
 * ids nobody holds load. */
TEST(delta_after_base) {
    const char *base = OS "yente-fixtures/t1/entities.ftm.json";
    if (!have(base)) return;
    const char *mod = write_tmp_str("after_mod.json",
        "{\"op\":\"ADD\",\"entity\":{\"id\":\"new-1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"New\"]}}}\n"
        "{\"op\":\"MOD\",\"entity\":{\"id\":\"NK-2GdmHtZTeNXjNVrBGEXZNj\",\"schema\":\"Organization\","
        "\"properties\":{\"name\":[\"Changed\"]}}}\n");
    expect_load_error(&emb__ftm_loader, base, mod, NULL, 2, "a delta's MOD of entity opensanctions:NK-2GdmHtZTeNXjNVrBGEXZNj");
    const char *add = write_tmp_str("after_add.json",
        "{\"op\":\"ADD\",\"entity\":{\"id\":\"NK-2GdmHtZTeNXjNVrBGEXZNj\",\"schema\":\"Organization\","
        "\"properties\":{\"name\":[\"Changed\"]}}}\n");
    expect_load_error(&emb__ftm_loader, base, add, NULL, 1, "a delta's ADD of entity");
    const char *del = write_tmp_str("after_del.json",
        "{\"op\":\"DEL\",\"entity\":{\"id\":\"no-such-id\"}}\n"
        "\n"
        "{\"op\":\"DEL\",\"entity\":{\"id\":\"NK-2PacmNpiLUmoz4XD2mSt7A\"}}\n");
    expect_load_error(&emb__ftm_loader, base, del, NULL, 3, "a delta's DEL of entity opensanctions:NK-2PacmNpiLUmoz4XD2mSt7A");
    expect_load_error(NULL, base, del, NULL, 3, "load base and delta as one file"); /* the public API */
    const char *fine = write_tmp_str("after_fine.json",
        "{\"op\":\"ADD\",\"entity\":{\"id\":\"new-1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"New\"]}}}\n"
        "{\"op\":\"DEL\",\"entity\":{\"id\":\"no-such-id\"}}\n");
    held h;
    if (held_begin(&h, base)) {
        emb_ftm_counts c;
        embargo_error err;
        CHECK_EQ_INT(emb__ftm_load(h.ds, fine, &err, &c), EMBARGO_OK);
        CHECK_EQ_INT(h.ds->entity_count, h.stats.entities + 1);
        CHECK_EQ_INT(c.del_unknown, 1);
        CHECK(find(h.ds, "opensanctions:new-1") != NULL);
        embargo_dataset_free(h.ds);
    }
}

/* ---- linking ------------------------------------------------------------------ */

TEST(sanction_linking) {
    const char *p = write_tmp_str("linking.json",
        /* the Sanction comes before its entity: linking waits for the whole file */
        "{\"id\":\"s1\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"p1\"],\"startDate\":[\"2022-03-15\"],"
        "\"program\":[\"RUSSIA-EO14024\"],\"authority\":[\"Office of Foreign Assets Control\"],\"country\":[\"us\"]}}\n"
        "\r\n"
        "{\"id\":\"p1\",\"schema\":\"Person\",\"caption\":\"Ivan Petrov\",\"properties\":{\"name\":[\"Petrov\",\"Ivan Petrov\"],"
        "\"alias\":[\"Ivan Petroff\"],\"previousName\":[\"Ivan Sidorov\"],\"weakAlias\":[\"Vanya\"],"
        "\"topics\":[\"sanction\",\"role.pep\"],\"addressEntity\":[\"a1\"],\"programId\":[\"US-RUSHAR\"],\"first_seen\":[\"ignored\"]},"
        "\"first_seen\":\"2020-01-01T00:00:00\",\"datasets\":[\"us_ofac_sdn\"],\"target\":true}\r\n"
        "{\"id\":\"s2\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"p1\"],\"listingDate\":[\"2022-02-28T10:00:00\"],"
        "\"programId\":[\"EU-UKR\"],\"authority\":[\"Council of the European Union\"]}}\n"
        "{\"id\":\"s3\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"missing\"],\"startDate\":[\"2021-01-01\"]}}\n"
        "{\"id\":\"a1\",\"schema\":\"Address\",\"properties\":{\"street\":[\"Tverskaya 1\"],\"city\":[\"Moscow\"],\"country\":[\"ru\"]}}\n"
        "{\"id\":\"d1\",\"schema\":\"Passport\",\"properties\":{\"holder\":[\"p1\"],\"number\":[\"750123456\"],\"country\":[\"ru\"]}}\n"
        "{\"id\":\"o1\",\"schema\":\"Occupancy\",\"properties\":{\"holder\":[\"p1\"],\"post\":[\"pos1\"]}}\n"
        "{\"id\":\"pos1\",\"schema\":\"Position\",\"properties\":{\"name\":[\"Deputy Minister of Energy\"],\"country\":[\"ru\"]}}\n"
        "{\"id\":\"f1\",\"schema\":\"Family\",\"properties\":{\"person\":[\"p1\"],\"relative\":[\"p2\"]}}\n"
        "{\"id\":\"p2\",\"schema\":\"Person\",\"caption\":\"Olga Petrova\",\"properties\":{\"topics\":[\"role.rca\"]},"
        "\"first_seen\":\"2021-05-05T00:00:00\",\"target\":false}\n"
        "{\"id\":\"c1\",\"schema\":\"Company\",\"properties\":{\"firstName\":[\"x\"],\"jurisdiction\":[\"cy\"],"
        "\"registrationNumber\":[\"HE 12345\"],\"abbreviation\":[\"ACME\"],\"programId\":[\"CY-X\"]}}\n");
    emb_ftm_counts c;
    embargo_dataset *ds = load(p, EMBARGO_OK, &c, NULL);
    CHECK_EQ_INT(c.records, 11);
    CHECK_EQ_INT(c.entities, 3);
    CHECK_EQ_INT(c.linked, 7);
    CHECK_EQ_INT(c.skipped, 1);
    CHECK_EQ_INT(c.sanctions, 2);
    CHECK_EQ_INT(c.unresolved, 1);
    const emb_entity *e = find(ds, "opensanctions:p1");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_STR(e->names[0].text, "Ivan Petrov");
        CHECK(has_name(e, "Petrov") && has_name(e, "Petrov")->kind == EMBARGO_NAME_AKA);
        CHECK(has_name(e, "Ivan Sidorov") && has_name(e, "Ivan Sidorov")->kind == EMBARGO_NAME_FKA);
        CHECK(has_name(e, "Vanya") && has_name(e, "Vanya")->weak);
        CHECK_EQ_INT(e->name_count, 5);
        /* the earliest date first; first_seen not used when a Sanction dates it */
        CHECK_EQ_STR(first_field(e, EMBARGO_FIELD_LISTED_ON), "2022-02-28");
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2022-03-15"));
        CHECK(!has_field(e, EMBARGO_FIELD_LISTED_ON, "2020-01-01"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "RUSSIA-EO14024 (Office of Foreign Assets Control)"));
        CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "EU-UKR (Council of the European Union)"));
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_PROGRAM), 2); /* not its programId too */
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "Tverskaya 1, Moscow, Russia"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Russia"));
        CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Passport 750123456 (Russia)"));
        CHECK(has_field(e, EMBARGO_FIELD_TITLE, "Deputy Minister of Energy"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "topics: sanction, role.pep"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "politically exposed person (PEP)"));
        CHECK(has_field(e, EMBARGO_FIELD_DATASET, "us_ofac_sdn"));
    }
    e = find(ds, "opensanctions:p2");
    CHECK(e && !strcmp(e->names[0].text, "Olga Petrova"));
    CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2021-05-05"));
    CHECK(has_field(e, EMBARGO_FIELD_REMARK, "relative or close associate of a politically exposed person"));
    CHECK(has_field(e, EMBARGO_FIELD_REMARK, "not itself a target: an entity related to one"));
    e = find(ds, "opensanctions:c1");
    CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION);
    CHECK(e && !strcmp(e->names[0].text, "ACME"));       /* no caption or name: the abbreviation */
    CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Cyprus"));
    CHECK(has_field(e, EMBARGO_FIELD_ID_DOCUMENT, "Registration number HE 12345"));
    CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "CY-X")); /* no Sanction: its programId */
    CHECK(ds->list_count == 1 && !strcmp(ds->lists[0].date, "")); /* no last_change / last_seen */
    embargo_dataset_free(ds);
}

/* A name-less entity is skipped and counted; a publication-date file dates a
 * file that does not date itself. */
TEST(nameless_and_folder_date) {
    mkdir(tmp_path("dated"), 0700);
    write_tmp_str("dated/publication-date", "2024-12-01\n");
    const char *p = write_tmp_str("dated/x.json",
        "{\"id\":\"n1\",\"schema\":\"Person\",\"properties\":{\"birthDate\":[\"1960\"]}}\n"
        "{\"id\":\"n2\",\"schema\":\"LegalEntity\",\"properties\":{\"name\":\"Lone String Ltd\",\"country\":\"zz\"}}\n");
    emb_ftm_counts c;
    embargo_dataset *ds = load(p, EMBARGO_OK, &c, NULL);
    CHECK_EQ_INT(c.entities, 1);
    CHECK_EQ_INT(c.nameless, 1);
    const emb_entity *e = find(ds, "opensanctions:n2");
    CHECK(e && !strcmp(e->names[0].text, "Lone String Ltd"));
    CHECK(e && count_fields(e, EMBARGO_FIELD_COUNTRY) == 0); /* zz: no country */
    CHECK(ds->list_count == 1 && !strcmp(ds->lists[0].date, "2024-12-01"));
    embargo_dataset_free(ds);
    unlink(tmp_path("dated/x.json"));
    unlink(tmp_path("dated/publication-date"));
    rmdir(tmp_path("dated"));
}

/* ---- targets.simple.csv -------------------------------------------------------- */

/* The two shared exports, field by field. Counted with Python's csv module
 * (csv.DictReader): every row is a Person with a name, no id repeats, so
 * each row is one entity (5 and 635); its names are the name and the
 * ';'-separated aliases, trimmed, without empty or repeated ones (2024-03:
 * 5 names + 6 aliases, "Hariri;Sa'd al-Din" and one alias in each other
 * row; 2022-08: no aliases); its fields, per row, the ';'-separated values
 * of each column trimmed, without empty or repeated ones, and one LISTED_ON
 * for first_seen:
 *   2024-03: countries "fr;lb;sa" and 4 x "sa" = 7 COUNTRY; 5 BIRTH_DATE,
 *            5 REFERENCE (identifiers, Wikidata ids), 5 REMARK (dataset),
 *            5 LISTED_ON; no addresses, sanctions, phones or emails: 27
 *   2022-08: 642 COUNTRY (635 rows, 7 with two codes), 594 ADDRESS (41
 *            rows have none), 592 PHONE and 784 EMAIL (cells of up to 3
 *            and 4 values), 40 BIRTH_DATE, 635 REMARK, 635 LISTED_ON: 3922
 * The list date is the newest last_change / last_seen, date part. */
TEST(simple_files) {
    static const struct {
        const char *file;
        size_t fields, country, address, phone, email, birth, reference, remark, listed;
    } SIMPLE[] = {
        { OS "export-2024-03/targets.simple.csv", 27, 7, 0, 0, 0, 5, 5, 5, 5 },
        { OS "export-2022-08/targetssimple.csv", 3922, 642, 594, 592, 784, 40, 0, 635, 635 },
    };
    static const embargo_field_kind KINDS[] = {
        EMBARGO_FIELD_COUNTRY, EMBARGO_FIELD_ADDRESS, EMBARGO_FIELD_PHONE, EMBARGO_FIELD_EMAIL,
        EMBARGO_FIELD_BIRTH_DATE, EMBARGO_FIELD_REFERENCE, EMBARGO_FIELD_REMARK, EMBARGO_FIELD_LISTED_ON,
    };
    for (size_t i = 0; i < sizeof(SIMPLE) / sizeof(SIMPLE[0]); i++) {
        if (!have(SIMPLE[i].file)) continue;
        embargo_dataset *ds = load(SIMPLE[i].file, EMBARGO_OK, NULL, NULL);
        embargo_dataset_stats s;
        embargo_dataset_stats_get(ds, &s);
        CHECK_EQ_INT(s.fields, SIMPLE[i].fields);
        const size_t *want = &SIMPLE[i].country;
        for (size_t k = 0; k < sizeof(KINDS) / sizeof(KINDS[0]); k++) {
            size_t n = 0;
            for (size_t j = 0; j < ds->entity_count; j++) n += count_fields(ds->entities[j], KINDS[k]);
            CHECK_EQ_INT(n, want[k]);
        }
        embargo_dataset_free(ds);
    }
    const char *path = OS "export-2024-03/targets.simple.csv";
    if (have(path)) {
        embargo_dataset *ds = load(path, EMBARGO_OK, NULL, NULL);
        const emb_entity *e = find(ds, "opensanctions:Q296771");
        CHECK(e && e->type == EMBARGO_TYPE_PERSON && e->name_count == 3);
        CHECK_EQ_STR(e ? e->names[0].text : "", "Saad Hariri");
        CHECK(has_name(e, "Hariri") && has_name(e, "Hariri")->kind == EMBARGO_NAME_AKA);
        CHECK(has_name(e, "Sa'd al-Din") && has_name(e, "Sa'd al-Din")->kind == EMBARGO_NAME_AKA);
        CHECK(has_field(e, EMBARGO_FIELD_BIRTH_DATE, "1970-04-18"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "France"));       /* fr;lb;sa */
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Lebanon"));
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Saudi Arabia"));
        CHECK(has_field(e, EMBARGO_FIELD_REFERENCE, "Q296771"));
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Dataset: Wikidata Politically Exposed Persons"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2024-03-10")); /* first_seen 2024-03-10T15:36:30 */
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_ID_DOCUMENT), 0);
        embargo_dataset_free(ds);
    }
    path = OS "export-2022-08/targetssimple.csv";
    if (have(path)) {
        embargo_dataset *ds = load(path, EMBARGO_OK, NULL, NULL);
        const emb_entity *e = find(ds, "opensanctions:eu-cor-2014776");
        CHECK_EQ_STR(e ? e->names[0].text : "", "RICHSTEIN, Barbara");
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Germany"));
        CHECK(has_field(e, EMBARGO_FIELD_ADDRESS, "Alter Markt 1, Potsdam")); /* one address, commas and all */
        CHECK(has_field(e, EMBARGO_FIELD_PHONE, "+493319661010"));
        CHECK(has_field(e, EMBARGO_FIELD_EMAIL, "barbara.richstein@landtag.brandenburg.de"));
        CHECK(has_field(e, EMBARGO_FIELD_EMAIL, "kist-bruessel@landtag.brandenburg.de"));
        CHECK(has_field(e, EMBARGO_FIELD_LISTED_ON, "2021-07-26")); /* first_seen 2021-07-26 11:55:45 */
        CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Dataset: Members of the European Commitee of the Regions"));
        e = find(ds, "opensanctions:eu-cor-2015355");
        CHECK_EQ_STR(e ? e->names[0].text : "", "ŽAGAR, Ivan");
        CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_PHONE), 2);    /* +38628181141;+38628432800 */
        CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Slovenia"));
        embargo_dataset_free(ds);
    }
}

/* Written for the test: columns in another order and one more, a BOM and
 * CRLF, quoted and unquoted cells, a skipped schema, an alias standing in
 * for an empty name, a nameless row, a row replaced by a later one. */
static const char SIMPLE_ODD[] =
    "\xef\xbb\xbf\"schema\",\"id\",\"name\",\"aliases\",\"countries\",\"sanctions\",\"dataset\",\"first_seen\","
    "\"last_change\",\"extra\"\r\n"
    "Organization,o1,ACME Trading LLC,\"ACME; ACME Trading LLC ;\",ru;ua-cri;Atlantis,RUSSIA-EO14024;EU-UKR,"
    "US OFAC SDN;EU FSF,2022-03-15T00:00:00,2024-05-01T10:00:00,x\r\n"
    "Sanction,s1,Sanction of o1,,,,,,2024-06-01T00:00:00,\r\n"
    "Person,p1,,\"Ivan \"\"Vanya\"\" Petrov\",,,,2020-01-01,,\r\n"
    "Person,p2,\"  \",,ru,,,2020-01-01,,\r\n"
    "Vessel,v1,SEA STAR,,kp,,,,,\r\n"
    "Person,p3,First Version,,,,,2019-01-01,,\r\n"
    "Person,p3,Second Version,,,,,,,\r\n";

TEST(simple_odd_but_fine) {
    const char *p = write_tmp("odd.csv", SIMPLE_ODD, sizeof(SIMPLE_ODD) - 1);
    emb_ftm_counts c;
    embargo_dataset *ds = load(p, EMBARGO_OK, &c, NULL);
    CHECK_EQ_INT(c.records, 7);
    CHECK_EQ_INT(c.entities, 4);       /* o1, p1, v1, p3 */
    CHECK_EQ_INT(c.persons, 2);
    CHECK_EQ_INT(c.organizations, 1);
    CHECK_EQ_INT(c.vessels, 1);
    CHECK_EQ_INT(c.skipped, 1);        /* the Sanction */
    CHECK_EQ_INT(c.nameless, 1);       /* p2 */
    CHECK_EQ_INT(c.replaced, 1);       /* p3 */
    const emb_entity *e = find(ds, "opensanctions:o1");
    CHECK(e && e->type == EMBARGO_TYPE_ORGANIZATION && e->name_count == 2);
    CHECK_EQ_STR(e ? e->names[0].text : "", "ACME Trading LLC");
    CHECK(has_name(e, "ACME") && has_name(e, "ACME")->kind == EMBARGO_NAME_AKA);
    CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Russia"));
    CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Crimea"));
    CHECK(has_field(e, EMBARGO_FIELD_COUNTRY, "Atlantis"));
    CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "RUSSIA-EO14024"));
    CHECK(has_field(e, EMBARGO_FIELD_PROGRAM, "EU-UKR"));
    CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Dataset: US OFAC SDN"));
    CHECK(has_field(e, EMBARGO_FIELD_REMARK, "Dataset: EU FSF"));
    CHECK_EQ_STR(first_field(e, EMBARGO_FIELD_LISTED_ON), "2022-03-15");
    CHECK_EQ_INT(e ? e->field_count : 0, 8);  /* nothing from "extra" */
    e = find(ds, "opensanctions:p1");
    CHECK(e && e->name_count == 1 && e->names[0].kind == EMBARGO_NAME_PRIMARY);
    CHECK_EQ_STR(e ? e->names[0].text : "", "Ivan \"Vanya\" Petrov");
    CHECK(find(ds, "opensanctions:p2") == NULL);
    CHECK(find(ds, "opensanctions:s1") == NULL);
    e = find(ds, "opensanctions:v1");
    CHECK(e && e->type == EMBARGO_TYPE_VESSEL && has_field(e, EMBARGO_FIELD_COUNTRY, "North Korea"));
    e = find(ds, "opensanctions:p3");
    CHECK_EQ_STR(e ? e->names[0].text : "", "Second Version");
    CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_LISTED_ON), 0); /* the first version's first_seen went with it */
    CHECK_EQ_STR(ds->list_count ? ds->lists[0].date : "", "2024-06-01"); /* the Sanction row's last_change */
    embargo_dataset_free(ds);
    /* a header alone lists nobody: refused at the header's line, nothing
     * published (a list that screens nothing must not pass for one) */
    p = write_tmp_str("header.csv", "id,schema,name,aliases,birth_date,countries,addresses,identifiers,"
                                    "sanctions,phones,emails,dataset,first_seen,last_seen\n");
    expect_load_error(&emb__ftm_loader, NULL, p, NULL, 1, "no entities");
    /* the same file twice is refused, as FtM files are, at the first row
     * the dataset holds */
    p = tmp_path("odd.csv");
    embargo_error err = expect_load_error(&emb__ftm_loader, p, p, NULL, 2, "already in the dataset");
    CHECK(strstr(err.message, "opensanctions:o1") != NULL);
}

/* ---- sniffing ----------------------------------------------------------------- */

static int sniff_text(const char *text) {
    return emb__ftm_loader.sniff("x", (const unsigned char *)text, strlen(text));
}

TEST(sniffing) {
    static const char *const OURS[] = {
        OS "export-2024-03/entities.ftm.json", OS "export-2024-03/targets.nested.json",
        OS "yente-fixtures/zala/entities.ftm.json",
        OS "yente-fixtures/t2/20240527194702-wnk/entities.delta.json", /* first line > 4 KB */
        OS "export-2024-03/targets.simple.csv", OS "export-2022-08/targetssimple.csv", /* by the header */
    };
    for (size_t i = 0; i < sizeof(OURS) / sizeof(OURS[0]); i++)
        if (have(OURS[i])) CHECK_EQ_INT(sniff_file(&emb__ftm_loader, OURS[i]), 95);
    if (have(OS "export-2024-03/senzing.json"))
        CHECK_EQ_INT(sniff_file(&emb__ftm_loader, OS "export-2024-03/senzing.json"), 90);
    if (have(OS "watchman/peps_senzing.json"))
        CHECK_EQ_INT(sniff_file(&emb__ftm_loader, OS "watchman/peps_senzing.json"), 90);
    /* no other loader claims them */
    for (size_t i = 0; i < sizeof(OURS) / sizeof(OURS[0]); i++) {
        if (access(OURS[i], R_OK)) continue;
        for (size_t k = 0; emb__loaders[k]; k++)
            if (emb__loaders[k] != &emb__ftm_loader) CHECK_EQ_INT(sniff_file(emb__loaders[k], OURS[i]), 0);
    }
    /* not ours: other lists, OpenSanctions' other files */
    static const char *const OTHERS[] = {
        LISTS "ofac-sdn/full-2024-05-03/sdn.csv", LISTS "ofac-sdn/sample-ofactest/alt.csv",
        LISTS "ofac-cons/2025-12/cons_prim.csv", LISTS "un/2026-02-27/UN_consolidated.xml",
        LISTS "uk/2025-08-11/FCDO_SL_Mon_Aug 11 2025.ods", LISTS "csl/sample-2025/consolidated.csv",
        LISTS "csl/bis-dpl/dpl.txt", LISTS "eu/opensanctions-journal/32014R0269.csv",
        OS "export-2024-03/index.json", OS "export-2024-03/statistics.json",
        OS "export-2024-03/names.txt", LISTS "csl/sample-legacy/csl.csv",
        LISTS "../pairs/opensanctions/name_bench/cases.csv",
    };
    for (size_t i = 0; i < sizeof(OTHERS) / sizeof(OTHERS[0]); i++) {
        if (access(OTHERS[i], R_OK)) continue;
        int sc = sniff_file(&emb__ftm_loader, OTHERS[i]);
        if (sc != 0) fprintf(stderr, "  %s: sniffed %d\n", OTHERS[i], sc);
        CHECK_EQ_INT(sc, 0);
    }
    CHECK_EQ_INT(sniff_text(""), 0);
    CHECK_EQ_INT(sniff_text("\n\n  \n"), 0);
    CHECK_EQ_INT(sniff_text("{\"id\":\"x\"}\n"), 0);
    CHECK_EQ_INT(sniff_text("{\"a\":{\"id\":\"x\",\"schema\":\"Person\"}}\n"), 0); /* not at the top */
    CHECK_EQ_INT(sniff_text("{\"name\":\"id\",\"x\":\"schema\"}\n"), 0);             /* values, not keys */
    CHECK_EQ_INT(sniff_text("\xef\xbb\xbf\n{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{}}\n"), 95);
    CHECK_EQ_INT(sniff_text("{\"op\":\"DEL\",\"entity\":{\"id\":\"x\"}}"), 95);
    CHECK_EQ_INT(sniff_text("{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":[\"a\"]"), 95); /* cut */
    CHECK_EQ_INT(sniff_text("{\"id\":\"x\",\"schema\":\"Person\",}\n"), 40); /* ours, broken */
    CHECK_EQ_INT(sniff_text("{\"id\":\"x\",\"properties\":{\"name\":[\"a\""), 80); /* cut before "schema" */
    CHECK_EQ_INT(sniff_text("{\"id\":\"x\",\"properties\":{}}\n"), 0);             /* whole, no "schema" */
    CHECK_EQ_INT(sniff_text("[{\"DATA_SOURCE\":\"X\",\"RECORD_ID\":\"1\"}]"), 90);
    CHECK_EQ_INT(sniff_text("[{\"id\":\"x\",\"schema\":\"Person\"}]"), 0);
    /* targets.simple.csv: id, schema, name and three columns of its own,
     * in any order, quoted or not */
    CHECK_EQ_INT(sniff_text("id,schema,name,aliases,countries,dataset\n"), 95);
    CHECK_EQ_INT(sniff_text("\xef\xbb\xbf\"dataset\",\"name\",\"schema\",\"id\",\"first_seen\",\"phones\"\r\n"), 95);
    CHECK_EQ_INT(sniff_text("id,schema,name,aliases,countries,dataset"), 95); /* cut */
    CHECK_EQ_INT(sniff_text("id,name,aliases,countries,dataset\n"), 40);     /* ours, no schema */
    CHECK_EQ_INT(sniff_text("id,schema,name,aliases,countries,addresses\n"), 0); /* addresses is common */
    CHECK_EQ_INT(sniff_text("ID,SCHEMA,NAME,ALIASES,COUNTRIES,DATASET\n"), 0);
    CHECK_EQ_INT(sniff_text("\"id,schema,name,aliases,countries,dataset\n"), 0);   /* one open quote */
}

/* ---- malformed input ----------------------------------------------------------- */

/* Loads `text` (as file `name`) with the FtM loader into a dataset that
 * already holds a good list; it must fail with EMBARGO_EFORMAT at line:col
 * (col 0: any), changing nothing. The public API, which may not recognise
 * the file at all, must change nothing either. */
static void bad(const char *name, const char *text, size_t len, unsigned long line, unsigned long col,
                const char *msg_part) {
    const char *good = write_tmp_str("good.json",
        "{\"id\":\"g1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Good Person\"]}}\n");
    const char *p = write_tmp(name, text, len);
    embargo_error err = expect_load_error(&emb__ftm_loader, good, p, NULL, line, msg_part);
    if (col) CHECK_EQ_INT(err.column, col);
    held h;
    if (held_begin(&h, good)) {
        embargo_status st = embargo_dataset_load(h.ds, p, &err);
        CHECK(st == EMBARGO_EFORMAT || st == EMBARGO_ENOTFOUND);
        held_end(&h);
    }
    unlink(p);
}

#define BAD(name, text, line, col, msg) bad(name, text, sizeof(text) - 1, line, col, msg)

#define L1 "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n"

TEST(malformed) {
    BAD("trunc.json", L1 L1 "{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"B\"\n",
        3, 0, "invalid JSON");
    BAD("trunc_eof.json", L1 "{\"id\":\"b\",\"sch", 2, 0, "invalid JSON");
    BAD("column.json", L1 "{\"id\": \"ü\", \"schema\" \"Person\"}\n", 2, 29, "invalid JSON"); /* jansson: the end of the token, in characters */
    BAD("noid.json", L1 "\n{\"schema\":\"Person\",\"properties\":{\"name\":[\"B\"]}}\n", 3, 1,
        "without \"id\"");
    BAD("numid.json", "{\"id\":7,\"schema\":\"Person\"}\n", 1, 1, "without \"id\"");
    BAD("noschema.json", L1 "{\"id\":\"b\",\"properties\":{}}\n", 2, 1, "no \"schema\"");
    BAD("props.json", "{\"id\":\"b\",\"schema\":\"Person\",\"properties\":[]}\n", 1, 1,
        "properties");
    BAD("array.json", L1 "[1,2]\n", 2, 1, "not a JSON object");
    BAD("scalar.json", L1 "\"x\"\n", 2, 0, "invalid JSON");
    BAD("op.json", L1 "{\"op\":\"PUT\",\"entity\":{\"id\":\"a\"}}\n", 2, 1, "ADD, MOD or DEL");
    BAD("opent.json", L1 "{\"op\":\"ADD\"}\n", 2, 1, "entity");
    BAD("delid.json", L1 "{\"op\":\"DEL\",\"entity\":{}}\n", 2, 1, "without \"id\"");
    BAD("utf8.json", L1 "{\"id\":\"b\",\"schema\":\"Person\",\"caption\":\"\xff\"}\n", 2, 0,
        "invalid JSON");
    BAD("nul.json", L1 "{\"id\":\"b\",\"schema\":\"Person\",\"caption\":\"a\\u0000b\"}\n", 2, 0,
        "invalid JSON");
    BAD("senz_noid.json", "{\"DATA_SOURCE\":\"OS_X\",\"RECORD_ID\":\"1\",\"RECORD_TYPE\":\"PERSON\",\"NAME_FULL\":\"A\"}\n"
                          "{\"DATA_SOURCE\":\"OS_X\",\"NAME_FULL\":\"B\"}\n",
        2, 1, "RECORD_ID");
    BAD("senz_array.json", "[\n  {\"DATA_SOURCE\": \"X\", \"RECORD_ID\": \"1\", \"NAME_FULL\": \"A B\"},\n"
                           "  {\"DATA_SOURCE\": \"X\",\n   \"NAME_FULL\": \"C\"}\n]\n",
        3, 3, "RECORD_ID");
    BAD("senz_array_json.json", "[\n  {\"DATA_SOURCE\": \"X\", \"RECORD_ID\": \"1\"},\n  {\"DATA_SOURCE\": \"X\",\n   \"NAME_FULL\" 1}\n]\n",
        4, 16, "invalid JSON");
    BAD("senz_array_comma.json", "[{\"DATA_SOURCE\": \"X\", \"RECORD_ID\": \"1\"}\n {\"RECORD_ID\": \"2\"}]",
        2, 2, "expected ','");
    BAD("senz_array_tail.json", "[{\"DATA_SOURCE\": \"X\", \"RECORD_ID\": \"1\"}] x", 1, 42,
        "after the array");
    BAD("senz_array_open.json", "[{\"DATA_SOURCE\": \"X\", \"RECORD_ID\": \"1\"},", 1, 41,
        "expected a record");
}

#define H6 "id,schema,name,aliases,countries,dataset\n"
#define R6 "a,Person,A,,,\n"

TEST(malformed_simple) {
    BAD("unterminated.csv", H6 R6 "b,Person,\"B,,,\n", 3, 10, "unterminated quoted field");
    BAD("width.csv", H6 R6 "b,Person,B,,\n", 3, 1, "expected 6 fields, found 5");
    BAD("wide.csv", H6 R6 "b,Person,B,,,,\n", 3, 1, "expected 6 fields, found 7");
    BAD("blank.csv", H6 R6 "\n" R6, 3, 1, "expected 6 fields, found 1");
    BAD("multiline.csv", H6 "a,Person,\"A\nA\",,,\n" "b,Person,B,,\n", 4, 1, "expected 6 fields"); /* line 4, not record 3 */
    BAD("noid.csv", "ident,schema,name,aliases,countries,dataset\n" R6, 1, 1, "no \"id\" column");
    BAD("noschema.csv", "id,type,name,aliases,countries,dataset\n" R6, 1, 1, "no \"schema\" column");
    BAD("noname.csv", "id,schema,caption,aliases,countries,dataset\n" R6, 1, 1, "no \"name\" column");
    BAD("nul.csv", H6 R6 "b,Person,B\0,,,\n", 3, 11, "NUL byte");
    BAD("nul_quoted.csv", H6 "\"a\",\"Per\0son\",A,,,\n", 2, 9, "NUL byte");
    BAD("stray.csv", H6 "a,Per\"son,A,,,\n", 2, 6, "quote inside unquoted field");
    BAD("rowid.csv", H6 R6 " ,Person,B,,,\n", 3, 1, "without an id");
    BAD("rowschema.csv", H6 "b,\"\",B,,,\n", 2, 1, "has no schema");
    /* a name longer than 4 KB: the column of the cell */
    char big[8192];
    int n = snprintf(big, sizeof(big), "%s%s", H6, "b,Person,");
    memset(big + n, 'x', 5000);
    memcpy(big + n + 5000, ",,,\n", 5);
    bad("long_name.csv", big, (size_t)n + 5005, 2, 10, "a name of 5000 bytes");
}

TEST(malformed_big) {
    /* 100,000 nested arrays: jansson stops at its depth limit */
    size_t depth = 100000;
    const char *pre = "{\"id\":\"d\",\"schema\":\"Person\",\"properties\":{\"name\":";
    size_t pl = strlen(pre), len = pl + 2 * depth + 3;
    char *s = malloc(len + 1);
    if (!s) { CHECK(0); return; }
    memcpy(s, pre, pl);
    memset(s + pl, '[', depth);
    memset(s + pl + depth, ']', depth);
    memcpy(s + pl + 2 * depth, "}}\n", 3);
    bad("deep.json", s, len, 1, 0, "depth");
    free(s);
    /* a line longer than 64 MB */
    len = ((size_t)64 << 20) + 100;
    s = malloc(len + 64);
    if (!s) { CHECK(0); return; }
    memcpy(s, L1, strlen(L1));
    size_t o = strlen(L1);
    static const char CAP[] = "{\"id\":\"h\",\"schema\":\"Person\",\"caption\":\"";
    size_t cl = sizeof(CAP) - 1;
    memcpy(s + o, CAP, cl);
    memset(s + o + cl, 'x', len - o - cl);
    memcpy(s + len, "\"}\n", 3);
    bad("huge_line.json", s, len + 3, 2, 0, "longer than 64 MB");
    /* the same without the final newline */
    bad("huge_last.json", s, len, 2, 0, "longer than 64 MB");
    /* a 1 MB name, a 1 MB value: too long */
    len = o + cl + ((size_t)1 << 20);
    memcpy(s + len, "\"}\n", 3);
    bad("huge_name.json", s, len + 3, 2, 1, "a name of");
    static const char NOTES[] = "{\"id\":\"h\",\"schema\":\"Person\",\"caption\":\"H\",\"properties\":{\"notes\":[\"";
    cl = sizeof(NOTES) - 1;
    memcpy(s + o, NOTES, cl);
    memset(s + o + cl, 'y', ((size_t)1 << 20));
    len = o + cl + ((size_t)1 << 20);
    memcpy(s + len, "\"]}}\n", 5);
    bad("huge_value.json", s, len + 5, 2, 1, "a value of");
    free(s);
}

TEST(odd_but_fine) {
    /* blank lines, CRLF, BOM, lone strings, nested values of no interest,
     * unknown schemas, duplicates (the later wins) */
    const char *p = write_tmp_str("empty.json", "");
    emb_ftm_counts c;
    embargo_dataset *ds;
    expect_load_error(&emb__ftm_loader, NULL, p, NULL, 1, "no entities");  /* empty: refused */
    /* records, but none of an entity to screen: refused too */
    p = write_tmp_str("none.json", "{\"id\":\"y\",\"schema\":\"Payment\",\"properties\":{\"amount\":[\"5\"]}}\n\n");
    expect_load_error(&emb__ftm_loader, NULL, p, NULL, 2, "none of its 1 record names");
    p = write_tmp_str("odd.json",
        "\xef\xbb\xbf{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":\"Lone Name\",\"birthDate\":1960,"
        "\"nationality\":[\"ua-cri\",\"GB\",\"Atlantis\",7,null,{\"a\":1}]}}\r\n"
        "   \r\n\n"
        "{\"id\":\"y\",\"schema\":\"Payment\",\"properties\":{\"amount\":[\"5\"]}}\n"
        "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Lone Name\",\"Second\"]}}\n"
        "{\"id\":\"z\",\"schema\":\"Airplane\",\"properties\":{\"name\":[\"  \",\"RA-12345\"],\"registrationNumber\":[\"RA-12345\"]}}\n");
    ds = load(p, EMBARGO_OK, &c, NULL);
    CHECK_EQ_INT(c.records, 4);
    CHECK_EQ_INT(c.entities, 2);
    CHECK_EQ_INT(c.aircraft, 1);
    CHECK_EQ_INT(c.replaced, 1);
    CHECK_EQ_INT(c.skipped, 1);
    const emb_entity *e = find(ds, "opensanctions:x");
    CHECK(e && e->name_count == 2);
    CHECK(e && count_fields(e, EMBARGO_FIELD_NATIONALITY) == 0); /* the later version has none */
    e = find(ds, "opensanctions:z");
    CHECK(e && e->type == EMBARGO_TYPE_AIRCRAFT && !strcmp(e->names[0].text, "RA-12345"));
    embargo_dataset_free(ds);
    p = write_tmp_str("countries.json",
        "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":\"N\","
        "\"nationality\":[\"ua-cri\",\"GB\",\"Atlantis\",\"kn\",\"cd\",\"qq\",7,null,{\"a\":1}]}}\n");
    ds = load(p, EMBARGO_OK, &c, NULL);
    e = find(ds, "opensanctions:x");
    CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Crimea"));
    CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "United Kingdom"));
    CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Atlantis"));
    CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Saint Kitts and Nevis"));
    CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "Democratic Republic of the Congo"));
    CHECK(has_field(e, EMBARGO_FIELD_NATIONALITY, "qq"));
    CHECK_EQ_INT(count_fields(e, EMBARGO_FIELD_NATIONALITY), 6);
    embargo_dataset_free(ds);
}

/* Two loads into one dataset: the list record is shared, its date the newer. */
TEST(two_loads) {
    const char *a = write_tmp_str("a.json",
        "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]},\"last_seen\":\"2024-01-02T00:00:00\"}\n");
    const char *b = write_tmp_str("b.json",
        "{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"B\"]},\"last_seen\":\"2024-03-04T00:00:00\"}\n");
    embargo_dataset *ds = load(a, EMBARGO_OK, NULL, NULL);
    embargo_error err;
    CHECK_EQ_INT(emb__ftm_load(ds, b, &err, NULL), EMBARGO_OK);
    CHECK_EQ_INT(ds->list_count, 1);
    CHECK_EQ_INT(ds->lists[0].entities, 2);
    CHECK_EQ_STR(ds->lists[0].date, "2024-03-04");
    CHECK_EQ_INT(emb__ftm_load(ds, tmp_path("missing.json"), &err, NULL), EMBARGO_EIO);
    embargo_dataset_free(ds);
    /* the same file twice: refused at load, naming the id (the ids are
     * checked after deleted and nameless entities were dropped) */
    const char *c = write_tmp_str("c.json",
        "{\"id\":\"n\",\"schema\":\"Person\",\"properties\":{}}\n"
        "{\"id\":\"c\",\"schema\":\"Person\",\"properties\":{\"name\":[\"C\"]}}\n");
    err = expect_load_error(&emb__ftm_loader, c, c, NULL, 2, "already in the dataset");
    CHECK(strstr(err.message, "opensanctions:c") != NULL);
}

/* Out-of-memory torture: allocation n and every later one fail, for every n
 * until a run needs no more; each run returns OK or ENOMEM, and ENOMEM
 * publishes nothing (LeakSanitizer checks the failure paths free all). */
static void oom_file(const char *path) {
    for (unsigned long n = 1;; n++) {
        embargo_dataset *ds = NULL;
        if (embargo_dataset_new(&ds) != EMBARGO_OK) { CHECK(0); return; }
        embargo_error err;
        emb__alloc_fail_after(n);
        embargo_status st = emb__ftm_load(ds, path, &err, NULL);
        unsigned long used = emb__alloc_fail_after(0);
        CHECK(st == EMBARGO_OK || st == EMBARGO_ENOMEM);
        if (st == EMBARGO_ENOMEM) {
            CHECK_EQ_INT(ds->entity_count, 0);
            CHECK_EQ_INT(ds->list_count, 0);
            CHECK_EQ_INT(err.code, EMBARGO_ENOMEM);
        }
        embargo_dataset_free(ds);
        if (st == EMBARGO_OK && used < n) {
            CHECK(n > 10); /* the loop did reach the load's allocations */
            return;
        }
        if (n > 200000) { CHECK(0); return; }
    }
}

TEST(out_of_memory) {
    oom_file(tmp_path("linking.json"));
    const char *p = write_tmp_str("oom_sz.json",
        "[{\"DATA_SOURCE\":\"OS_X\",\"RECORD_ID\":\"1\",\"RECORD_TYPE\":\"PERSON\",\"NAMES\":[{\"NAME_TYPE\":\"PRIMARY\","
        "\"NAME_FULL\":\"A B\"},{\"NAME_TYPE\":\"ALIAS\",\"NAME_FIRST\":\"C\",\"NAME_LAST\":\"D\"}],"
        "\"COUNTRIES\":[{\"NATIONALITY\":\"fr\"}],\"IDENTIFIERS\":[{\"PASSPORT_NUMBER\":\"123456\",\"PASSPORT_COUNTRY\":\"de\"}],"
        "\"RISKS\":[{\"TOPIC\":\"role.pep\"}],\"ADDRESSES\":[{\"ADDR_LINE1\":\"1 Rue\",\"ADDR_CITY\":\"Paris\"}]}]");
    oom_file(p);
    oom_file(write_tmp("oom_simple.csv", SIMPLE_ODD, sizeof(SIMPLE_ODD) - 1));
    if (!access(OS "yente-fixtures/zala/entities.ftm.json", R_OK)) oom_file(OS "yente-fixtures/zala/entities.ftm.json");
}

int main(void) {
    if (!tmp_dir_make("ftm")) return 1;
    RUN(shared_files);
    RUN(shared_files_through_api);
    RUN(known_entity_zala);
    RUN(known_entity_peps);
    RUN(delta_alone);
    RUN(delta_applied_to_base);
    RUN(delta_after_base);
    RUN(sanction_linking);
    RUN(nameless_and_folder_date);
    RUN(simple_files);
    RUN(simple_odd_but_fine);
    RUN(sniffing);
    RUN(malformed);
    RUN(malformed_simple);
    RUN(malformed_big);
    RUN(odd_but_fine);
    RUN(two_loads);
    RUN(out_of_memory);
    tmp_dir_remove();
    return test_summary();
}

/*
 * test_subset.c - embargo_index_subset: an index of some of another's
 * entities holds them as the whole index does (ids, lists, names, fields)
 * and screening it scores them alike. The data is the golden-case excerpt
 * tests/cases/lists/mini (run from the repository root, as make does).
 */
#include "test.h"
#include "embargo.h"

#include <stdlib.h>
#include <string.h>

static embargo_index *ix;

static uint32_t position(const embargo_index *x, const char *id) {
    embargo_entity e;
    return embargo_index_find(x, id, strlen(id), &e) ? UINT32_MAX : e.index;
}

/* The score of the best match of `name` for entity `id` in x, or 0. */
static double score_of(const embargo_index *x, const char *name, const char *id) {
    embargo_matcher *m = NULL;
    if (embargo_matcher_new(x, &m)) return -1;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.threshold = 0.5;
    o.limit = 50;
    const embargo_match *mm;
    size_t n = 0;
    double s = 0;
    if (!embargo_matcher_screen(m, name, strlen(name), &o, &mm, &n))
        for (size_t i = 0; i < n; i++)
            if (mm[i].entity.id_len == strlen(id) && !memcmp(mm[i].entity.id, id, strlen(id))) s = mm[i].score;
    embargo_matcher_free(m);
    return s;
}

TEST(test_subset_holds_what_the_index_holds) {
    const char *ids[] = {"ofac-sdn:35096", "ofac-sdn:990001", "ofac-sdn:16911"};
    uint32_t pos[3];
    for (int i = 0; i < 3; i++) pos[i] = position(ix, ids[i]);
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.flags = EMBARGO_BUILD_NO_GROUPS;
    embargo_index *sub = NULL;
    embargo_error err;
    CHECK_EQ_INT(embargo_index_subset(ix, pos, 3, &bo, &sub, &err), EMBARGO_OK);
    if (!sub) return;
    embargo_index_info a, b;
    embargo_index_info_get(ix, &a);
    embargo_index_info_get(sub, &b);
    CHECK_EQ_INT(b.entities, 3);
    CHECK_EQ_INT(b.lists, a.lists);
    embargo_list_info la, lb;
    CHECK_EQ_INT(embargo_index_list(sub, 0, &lb), EMBARGO_OK);
    CHECK_EQ_INT(embargo_index_list(ix, 0, &la), EMBARGO_OK);
    CHECK_EQ_STR(lb.name, la.name);
    CHECK_EQ_STR(lb.sha256, la.sha256);
    CHECK_EQ_STR(lb.date, la.date);
    for (int i = 0; i < 3; i++) {
        embargo_entity x, y;
        CHECK_EQ_INT(embargo_index_find(ix, ids[i], strlen(ids[i]), &x), EMBARGO_OK);
        CHECK_EQ_INT(embargo_index_find(sub, ids[i], strlen(ids[i]), &y), EMBARGO_OK);
        CHECK_EQ_INT(y.type, x.type);
        CHECK_EQ_INT(y.name_count, x.name_count);
        CHECK_EQ_INT(y.field_count, x.field_count);
        for (uint32_t k = 0; k < x.name_count && k < y.name_count; k++) {
            embargo_name p, q;
            embargo_entity_name(ix, &x, k, &p);
            embargo_entity_name(sub, &y, k, &q);
            CHECK(p.len == q.len && !memcmp(p.text, q.text, p.len) && p.kind == q.kind && p.weak == q.weak &&
                  p.derived == q.derived);
        }
        for (uint32_t k = 0; k < x.field_count && k < y.field_count; k++) {
            embargo_field p, q;
            embargo_entity_field(ix, &x, k, &p);
            embargo_entity_field(sub, &y, k, &q);
            CHECK(p.kind == q.kind && p.len == q.len && !memcmp(p.text, q.text, p.len));
        }
    }
    /* entities left out are not there */
    embargo_entity e;
    CHECK_EQ_INT(embargo_index_find(sub, "ofac-sdn:24231", 14, &e), EMBARGO_ENOTFOUND);
    /* the same scores, spelt as customers write them */
    const char *q[][2] = {{"Wladimir Putin", "ofac-sdn:35096"}, {"Vladimir V. Putin", "ofac-sdn:35096"},
                          {"Sergei Kislyakov", "ofac-sdn:990001"}, {"Concern Kalashnikov JSC", "ofac-sdn:16911"}};
    for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
        double full = score_of(ix, q[i][0], q[i][1]), part = score_of(sub, q[i][0], q[i][1]);
        CHECK(full > 0.5);
        CHECK(full == part);
    }
    embargo_index_close(sub);
}

TEST(test_subset_edges) {
    embargo_index *sub = NULL;
    embargo_error err;
    /* none: an index of the lists alone */
    CHECK_EQ_INT(embargo_index_subset(ix, NULL, 0, NULL, &sub, &err), EMBARGO_OK);
    embargo_index_info info;
    if (sub) {
        embargo_index_info_get(sub, &info);
        CHECK_EQ_INT(info.entities, 0);
        CHECK_EQ_INT(info.lists, 1);
    }
    embargo_index_close(sub);
    sub = NULL;
    uint32_t twice[2] = {position(ix, "ofac-sdn:35096"), position(ix, "ofac-sdn:35096")};
    CHECK_EQ_INT(embargo_index_subset(ix, twice, 2, NULL, &sub, &err), EMBARGO_EINVAL);
    CHECK(sub == NULL);
    CHECK(strstr(err.message, "twice") != NULL);
    uint32_t out[1] = {1u << 30};
    CHECK_EQ_INT(embargo_index_subset(ix, out, 1, NULL, &sub, &err), EMBARGO_EINVAL);
    CHECK(strstr(err.message, "not in the index") != NULL);
    CHECK_EQ_INT(embargo_index_subset(NULL, NULL, 0, NULL, &sub, NULL), EMBARGO_EINVAL);
}

/* A list none of whose entities are asked for stays, so that list
 * positions (list masks) mean the same lists in both. */
TEST(test_subset_keeps_every_list) {
    embargo_dataset *ds = NULL;
    embargo_index *two = NULL, *sub = NULL;
    embargo_error err;
    embargo_status st = embargo_dataset_new(&ds);
    if (!st) st = embargo_dataset_load(ds, "tests/cases/lists/mini", &err);
    if (!st) st = embargo_dataset_load(ds, "tests/cases/lists/eu-fsf-sample.xml", &err);
    if (!st) st = embargo_index_build(ds, NULL, &two, &err);
    embargo_dataset_free(ds);
    CHECK_EQ_INT(st, EMBARGO_OK);
    if (st) return;
    embargo_index_info info;
    embargo_index_info_get(two, &info);
    /* the last entity is of the second list: only it */
    uint32_t last = info.entities - 1;
    embargo_entity e;
    CHECK_EQ_INT(embargo_index_entity(two, last, &e), EMBARGO_OK);
    CHECK_EQ_STR(e.list, "eu");
    CHECK_EQ_INT(embargo_index_subset(two, &last, 1, NULL, &sub, &err), EMBARGO_OK);
    if (sub) {
        embargo_index_info si;
        embargo_index_info_get(sub, &si);
        CHECK_EQ_INT(si.lists, info.lists);
        CHECK_EQ_INT(si.entities, 1);
        for (uint32_t i = 0; i < si.lists && i < info.lists; i++) {
            embargo_list_info a, b;
            embargo_index_list(two, i, &a);
            embargo_index_list(sub, i, &b);
            CHECK_EQ_STR(b.name, a.name);
        }
        uint64_t ma = 0, mb = 0;
        CHECK_EQ_INT(embargo_index_list_mask(two, "EU", &ma, NULL), EMBARGO_OK);
        CHECK_EQ_INT(embargo_index_list_mask(sub, "EU", &mb, NULL), EMBARGO_OK);
        CHECK(ma == mb && ma != 0);
    }
    embargo_index_close(sub);
    embargo_index_close(two);
}

int main(void) {
    embargo_dataset *ds = NULL;
    embargo_error err;
    embargo_status st = embargo_dataset_new(&ds);
    if (!st) st = embargo_dataset_load(ds, "tests/cases/lists/mini", &err);
    if (!st) st = embargo_index_build(ds, NULL, &ix, &err);
    embargo_dataset_free(ds);
    if (st) {
        fprintf(stderr, "cannot build the mini index: %s\n", embargo_strerror(st));
        return 1;
    }
    RUN(test_subset_holds_what_the_index_holds);
    RUN(test_subset_edges);
    RUN(test_subset_keeps_every_list);
    embargo_index_close(ix);
    return test_summary();
}

/*
 * fuzz_query.c - libFuzzer harness for the query path: embargo_matcher_screen
 * on arbitrary bytes against a small index, and embargo_matcher_compare on
 * the input split at its first TAB.
 *
 * The index is built once from the golden-case list tests/cases/lists/mini
 * (run from the repository root, as `make fuzz` does; EMBARGO_MINI overrides
 * the path). Checks: screen returns OK or EQUERY (with a message); matches
 * are at most `limit`, at or above the threshold, at most 1, best first,
 * name an entity of the index whose id finds it again, and their
 * explanations point at readable strings; compare returns OK or EQUERY and
 * a score in 0..1. ENOMEM and EUNICODE are accepted too.
 *
 * With EMBARGO_FUZZ_PROPERTIES=1 also: a valid name compared with itself
 * must score at least the default threshold (or 0: nothing matchable).
 */
#include "embargo.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static embargo_index *ix;
static embargo_matcher *ms, *mc;
static int properties;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *path = getenv("EMBARGO_MINI");
    if (!path || !*path) path = "tests/cases/lists/mini";
    embargo_dataset *ds = NULL;
    embargo_error err;
    if (embargo_dataset_new(&ds) != EMBARGO_OK || embargo_dataset_load(ds, path, &err) != EMBARGO_OK) {
        fprintf(stderr, "fuzz_query: cannot load %s (run from the repository root or set "
                        "EMBARGO_MINI): %s\n", path, err.message);
        abort();
    }
    if (embargo_index_build(ds, NULL, &ix, &err) != EMBARGO_OK) abort();
    embargo_dataset_free(ds);
    if (embargo_matcher_new(ix, &ms) != EMBARGO_OK) abort();
    if (embargo_matcher_new(NULL, &mc) != EMBARGO_OK) abort();
    const char *p = getenv("EMBARGO_FUZZ_PROPERTIES");
    properties = p && *p == '1';
    return 0;
}

static volatile unsigned char sink;

static void touch(const char *s, size_t n) {
    if (n && !s) abort();
    for (size_t i = 0; i < n; i++) sink ^= (unsigned char)s[i];
}

static void check_expl(const embargo_explanation *e) {
    if (!e || (e->pair_count && !e->pairs) || !e->note) abort();
    touch(e->note, strlen(e->note));
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        if ((unsigned)p->kind > EMBARGO_PAIR_NAME_ONLY) abort();
        if (!p->query && !p->name) abort();
        if (p->query) touch(p->query, p->query_len);
        if (p->name) touch(p->name, p->name_len);
        if (!isfinite(p->similarity) || p->similarity < 0 || p->similarity > 1.0001f) abort();
        if (!isfinite(p->weight) || p->weight < 0) abort();
    }
}

static int ok_status(embargo_status st) {
    return st == EMBARGO_OK || st == EMBARGO_EQUERY || st == EMBARGO_ENOMEM || st == EMBARGO_EUNICODE;
}

static void screen(const char *q, size_t n, const embargo_screen_options *o) {
    const embargo_match *mm = NULL;
    size_t cnt = 0;
    embargo_status st = embargo_matcher_screen(ms, q, n, o, &mm, &cnt);
    if (!ok_status(st)) abort();
    if (st == EMBARGO_EQUERY && !embargo_matcher_message(ms)[0]) abort();
    if (st != EMBARGO_OK) return;
    if (cnt > o->limit || (cnt && !mm)) abort();
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    for (size_t i = 0; i < cnt; i++) {
        const embargo_match *m = &mm[i];
        if (!(m->score >= o->threshold - 1e-9) || m->score > 1.0 + 1e-9) abort();
        if (i && m->score > mm[i - 1].score + 1e-9) abort();
        if (m->entity.index >= info.entities) abort();
        if (m->name_index >= m->entity.name_count) abort();
        if (o->type_mask && !(o->type_mask & (1u << m->entity.type))) abort();
        embargo_entity e;
        if (embargo_index_find(ix, m->entity.id, m->entity.id_len, &e) != EMBARGO_OK) abort();
        if (e.index != m->entity.index) abort();
        touch(m->matched_name, m->matched_name_len);
        check_expl(&m->explanation);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* An exact-size copy, so ASan sees any read past the end. */
    char *in = malloc(size ? size : 1);
    if (!in) return 0;
    if (size) memcpy(in, data, size);

    embargo_screen_options o;
    embargo_screen_options_init(&o);
    screen(in, size, &o);
    o.threshold = 0.0;
    o.limit = 3;
    o.type_mask = size ? (uint32_t)(data[0] & 0x1e) : 0;
    o.birth_date = "1962";
    o.country = "Russia";
    screen(in, size, &o);

    const char *tab = memchr(in, '\t', size);
    size_t al = tab ? (size_t)(tab - in) : size;
    const char *b = tab ? tab + 1 : in;
    size_t bl = tab ? size - al - 1 : size;
    for (int type = 0; type <= EMBARGO_TYPE_AIRCRAFT; type += 2) {
        double score = -1;
        const embargo_explanation *e = NULL;
        embargo_matcher_set_type(mc, (embargo_entity_type)type);
        embargo_status st = embargo_matcher_compare(mc, in, al, b, bl, &score, &e);
        if (!ok_status(st)) abort();
        if (st == EMBARGO_OK) {
            if (!(score >= 0 && score <= 1.0 + 1e-9)) abort();
            check_expl(e);
        }
    }
    if (properties) {
        double score = -1;
        embargo_matcher_set_type(mc, EMBARGO_TYPE_UNKNOWN);
        /* 0 is what a name with nothing matchable in it scores (a bare
         * legal form such as "S.A."): by design, not checked. */
        if (embargo_matcher_compare(mc, in, al, in, al, &score, NULL) == EMBARGO_OK && score > 0 &&
            score < EMBARGO_DEFAULT_THRESHOLD) {
            fprintf(stderr, "fuzz_query: '%.*s' compared with itself scores %.3f\n", (int)al, in, score);
            abort();
        }
    }
    free(in);
    return 0;
}

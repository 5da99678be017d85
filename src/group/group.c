/*
 * group.c - the group stage of a build: the same person or organisation on
 * several lists, found by searching the index the first stage made.
 *
 * The stages of embargo_index_build, each calling only down:
 *   1. index/build.c  the names, tokens and search tables of every entity;
 *   2. here           candidates by screening with the matcher (match/),
 *                     judged on evidence beyond the name (evidence.c),
 *                     joined strongest first into groups;
 *   3. index/build.c  the groups appended as the image's last section,
 *                     sealed and validated (emb__index_set_groups).
 */
#include "group.h"
#include "../base/alloc.h"
#include "../base/date.h"
#include "../base/hash.h"
#include "../base/error.h"
#include "../index/index_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct group_edge {
    uint32_t a, b, score;
    int same_list;       /* a list naming one person twice (OFAC does) */
} group_edge;

static int cmp_edge(const void *x, const void *y) {
    const group_edge *p = x, *q = y;
    if (p->same_list != q->same_list) return p->same_list ? -1 : 1;
    if (p->score != q->score) return p->score > q->score ? -1 : 1;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static uint32_t find_root(uint32_t *parent, uint32_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Hangs b's tree of `via` links under a: the path from b to its root is
 * reversed, so that b becomes the root, and b then points at a. */
static void hang_under(emb_ix_group *g, uint32_t b, uint32_t a, uint32_t score) {
    uint32_t prev = a, prev_score = score, cur = b;
    for (;;) {
        uint32_t next = g[cur].via, next_score = g[cur].score;
        g[cur].via = prev;
        g[cur].score = prev_score;
        if (next == cur) break;
        prev = cur;
        prev_score = next_score;
        cur = next;
    }
}

/* The pairs found so far. */
typedef struct edge_set {
    group_edge *v;
    size_t n, cap;
} edge_set;

static int edge_add(edge_set *es, uint32_t a, uint32_t b, uint32_t q, int same_list) {
    if (EMB_GROW_FROM(es->v, es->cap, es->n + 1, 256)) return -1;
    es->v[es->n++] = (group_edge){a < b ? a : b, a < b ? b : a, q, same_list};
    return 0;
}

/* Whether what ties a and b together (judge's flags, name score q) makes
 * them one. A list keeps its entries apart on purpose: two of them are one
 * only on a document number, or on a birth date and the same name. */
static int joinable(unsigned why, uint32_t q, int same_list) {
    if (!why) return 0;
    return !same_list || (why & SAME_DOCUMENT) || ((why & SAME_DATE) && q >= SAME_LIST_NAME);
}

/* Pairs across lists: the names of each entity (primary and strong
 * aliases) are screened against the other lists, except that the largest
 * list is only searched, never searched from: its pairs are found from the
 * other side, so that the cost follows the smaller lists (a million-entity
 * list beside the UK's costs the UK's 5,000 entities' screenings, not a
 * million). Between the other lists, pairs are searched both ways. */
static embargo_status cross_list_edges(const embargo_index *ix, const embargo_build_options *bo,
                                       edge_set *es) {
    uint32_t nl = ix->nlists < 64 ? ix->nlists : 64, largest = 0;
    for (uint32_t l = 1; l < nl; l++)
        if (ix->lists[l].entities > ix->lists[largest].entities) largest = l;
    uint64_t all = nl == 64 ? ~(uint64_t)0 : ((uint64_t)1 << nl) - 1;
    embargo_matcher *m = NULL, *cmp = NULL;
    embargo_status st = embargo_matcher_new(ix, &m);
    if (!st) st = embargo_matcher_new(NULL, &cmp);
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.threshold = SAME_NAME - 0.05; /* the other direction may reach SAME_NAME */
    o.limit = 16;
    for (uint32_t a = 0; a < ix->nentities && !st; a++) {
        if (bo->progress && (a & 1023) == 0)
            bo->progress(bo->progress_ctx, "groups", a, ix->nentities);
        const emb_ix_entity *ea = &ix->entities[a];
        if (ea->list >= nl || ea->list == largest) continue;
        o.list_mask = all & ~((uint64_t)1 << ea->list);
        o.type_mask = ea->type == EMBARGO_TYPE_UNKNOWN
                          ? 0
                          : (1u << ea->type) | (1u << EMBARGO_TYPE_UNKNOWN);
        for (uint32_t k = 0; k < ea->name_count && !st; k++) {
            const emb_ix_name *nm = &ix->names[ea->first_name + k];
            if (nm->weak) continue;
            const embargo_match *mm;
            size_t n;
            st = embargo_matcher_screen(m, ix->strings + nm->text, nm->text_len, &o, &mm, &n);
            if (st == EMBARGO_EQUERY) { /* a name the screen refuses groups nothing */
                st = EMBARGO_OK;
                continue;
            }
            for (size_t j = 0; j < n && !st; j++) {
                uint32_t b = mm[j].entity.index;
                /* Nothing beyond the name: no pair, whatever the name. A
                 * weak alias ("Supporters of Islamic Law", which OFAC gives
                 * two different groups) ties nobody to anybody. */
                if (ix->names[ix->entities[b].first_name + mm[j].name_index].weak ||
                    !joinable(emb__group_judge(ix, a, b, 1.0, NULL, 0), 1000, 0))
                    continue;
                /* A name score is not symmetric (a word only the query has
                 * costs more than one only the list has: "GLAZYEV Sergey
                 * Yurievich" finds "GLAZYEV, Sergey" less readily than the
                 * other way round); the better direction counts, as if each
                 * entry had been screened for the other. */
                double back;
                if (embargo_matcher_compare(cmp, mm[j].matched_name, mm[j].matched_name_len,
                                            ix->strings + nm->text, nm->text_len, &back, NULL))
                    continue;
                uint32_t q = emb__group_thousandths(back > mm[j].score ? back : mm[j].score);
                if (joinable(emb__group_judge(ix, a, b, emb__group_score(q), NULL, 0), q, 0) && edge_add(es, a, b, q, 0))
                    st = EMBARGO_ENOMEM;
            }
        }
    }
    embargo_matcher_free(m);
    embargo_matcher_free(cmp);
    return st;
}

typedef struct keyed {
    uint64_t key;
    uint32_t entity;
} keyed;

static int cmp_keyed(const void *x, const void *y) {
    const keyed *p = x, *q = y;
    if (p->key != q->key) return p->key < q->key ? -1 : 1;
    return (p->entity > q->entity) - (p->entity < q->entity);
}

static int cmp_str(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The key of entity e's primary name, whatever its word order: its tokens'
 * romanisation keys, sorted, titles left out. */
static uint64_t name_key(const embargo_index *ix, uint32_t e, uint64_t seed) {
    const emb_ix_name *n = &ix->names[ix->entities[e].first_name];
    const char *keys[EMB_NAME_MAX_TOKENS];
    uint32_t k = 0;
    for (uint32_t i = 0; i < n->token_count && k < EMB_NAME_MAX_TOKENS; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        if (!(t->flags & EMB_TOK_TITLE)) keys[k++] = ix->strings + t->key;
    }
    qsort(keys, k, sizeof(keys[0]), cmp_str);
    uint64_t h = seed;
    for (uint32_t i = 0; i < k; i++) h = emb__hash_seed(keys[i], strlen(keys[i]) + 1, h);
    return h;
}

/* A run of entries sharing a key longer than this identifies nobody (a
 * placeholder number, the commonest names): it is passed over. */
#define SAME_LIST_RUN 16

/* Pairs within one list: entries that share their name, a document number
 * or one of the list's own references, found by sorting keys (a list naming one person twice rarely
 * changes the name, and never the passport). The names are compared; the
 * pair is kept on judge's evidence under the same-list rule. */
static embargo_status same_list_edges(const embargo_index *ix, edge_set *es) {
    size_t cap = ix->nentities, n = 0;
    for (uint32_t e = 0; e < ix->nentities; e++)
        for (uint32_t i = 0; i < ix->entities[e].field_count; i++)
            cap += emb__group_field(ix, e, i)->kind == EMBARGO_FIELD_ID_DOCUMENT ||
                   emb__group_field(ix, e, i)->kind == EMBARGO_FIELD_REFERENCE;
    keyed *v = emb__calloc(cap ? cap : 1, sizeof(*v));
    embargo_matcher *cmp = NULL;
    embargo_status st = v ? embargo_matcher_new(NULL, &cmp) : EMBARGO_ENOMEM;
    if (st) goto done;
    for (uint32_t e = 0; e < ix->nentities; e++) {
        uint64_t list = ix->entities[e].list;
        v[n++] = (keyed){name_key(ix, e, 0x6e616d65ULL + list), e};
        for (uint32_t i = 0; i < ix->entities[e].field_count; i++) {
            const emb_ix_field *f = emb__group_field(ix, e, i);
            char num[64];
            size_t len;
            if (f->kind == EMBARGO_FIELD_REFERENCE) {
                v[n++] = (keyed){emb__hash_seed(ix->strings + f->text, f->len, 0x726566ULL + list), e};
                continue;
            }
            if (f->kind != EMBARGO_FIELD_ID_DOCUMENT ||
                !(len = emb__group_id_number(ix->strings + f->text, f->len, num, sizeof(num))))
                continue;
            v[n++] = (keyed){emb__hash_seed(num, len, 0x646f63ULL + list), e};
        }
    }
    qsort(v, n, sizeof(*v), cmp_keyed);
    for (size_t r = 0; r < n && !st;) {
        size_t end = r + 1;
        while (end < n && v[end].key == v[r].key) end++;
        for (size_t i = r; end - r <= SAME_LIST_RUN && i < end && !st; i++)
            for (size_t j = i + 1; j < end && !st; j++) {
                uint32_t a = v[i].entity, b = v[j].entity;
                if (a == b || ix->entities[a].list != ix->entities[b].list) continue;
                const emb_ix_name *na = &ix->names[ix->entities[a].first_name];
                const emb_ix_name *nb = &ix->names[ix->entities[b].first_name];
                double s;
                if (embargo_matcher_compare(cmp, ix->strings + na->text, na->text_len,
                                            ix->strings + nb->text, nb->text_len, &s, NULL))
                    continue;
                uint32_t q = emb__group_thousandths(s);
                if (joinable(emb__group_judge(ix, a, b, emb__group_score(q), NULL, 0), q, 1) && edge_add(es, a, b, q, 1))
                    st = EMBARGO_ENOMEM;
            }
        r = end;
    }
done:
    embargo_matcher_free(cmp);
    emb__free(v);
    return st;
}

/* Whether the groups of a and b may become one: no two members whose birth
 * dates contradict each other (a chain through an entry that gives no date
 * must not join two people the dates tell apart), no list twice unless the
 * two entries are that list naming one person twice, and no more than
 * EMB_GROUP_MAX members. */
static int may_join(const embargo_index *ix, const emb_ix_group *g, const uint64_t *lists,
                    const group_edge *e, uint32_t ra, uint32_t rb) {
    uint64_t shared = lists[ra] & lists[rb];
    if (e->same_list) shared &= ~((uint64_t)1 << (ix->entities[e->a].list & 63)); /* that list only */
    if (shared) return 0;
    uint32_t na = 0, nb = 0;
    for (uint32_t x = e->a; na == 0 || x != e->a; x = g[x].next) na++;
    for (uint32_t y = e->b; nb == 0 || y != e->b; y = g[y].next) nb++;
    if (na + nb > EMB_GROUP_MAX) return 0;
    for (uint32_t x = e->a, i = 0; i < na; x = g[x].next, i++)
        for (uint32_t y = e->b, j = 0; j < nb; y = g[y].next, j++)
            if (emb__group_dates_conflict(ix, x, y)) return 0;
    return 1;
}

embargo_status emb__group_find(const embargo_index *ix, const embargo_build_options *opts,
                               emb_ix_group *g) {
    for (uint32_t i = 0; i < ix->nentities; i++) g[i] = (emb_ix_group){i, i, 0};
    edge_set es = {NULL, 0, 0};
    embargo_status st = same_list_edges(ix, &es);
    if (!st) st = cross_list_edges(ix, opts, &es);
    if (st) {
        emb__free(es.v);
        return st;
    }
    group_edge *edges = es.v;
    size_t n = es.n;
    uint32_t *parent = emb__calloc(ix->nentities, sizeof(*parent));
    uint64_t *lists = emb__calloc(ix->nentities, sizeof(*lists));
    if (!parent || !lists) {
        st = EMBARGO_ENOMEM;
        goto done;
    }
    for (uint32_t i = 0; i < ix->nentities; i++) {
        parent[i] = i;
        lists[i] = (uint64_t)1 << (ix->entities[i].list & 63);
    }
    /* a list's own duplicates first, then strongest first: an entry joins
     * the group its best namesake is in */
    if (n) qsort(edges, n, sizeof(*edges), cmp_edge);
    for (size_t k = 0; k < n; k++) {
        uint32_t a = edges[k].a, b = edges[k].b;
        uint32_t ra = find_root(parent, a), rb = find_root(parent, b);
        if (ra == rb || !may_join(ix, g, lists, &edges[k], ra, rb)) continue;
        hang_under(g, b, a, edges[k].score);
        uint32_t t = g[a].next;
        g[a].next = g[b].next;
        g[b].next = t;
        parent[rb] = ra;
        lists[ra] |= lists[rb];
    }
done:
    emb__free(parent);
    emb__free(lists);
    emb__free(edges);
    return st;
}

embargo_status embargo_index_build(const embargo_dataset *ds, const embargo_build_options *opts,
                                   embargo_index **out, embargo_error *err) {
    if (!out) return EMBARGO_EINVAL;
    *out = NULL;
    embargo_build_options o;
    embargo_status st = emb__build_options_read(opts, &o);
    if (st) return st;
    embargo_index *ix = NULL;
    st = emb__index_build(ds, &o, &ix, err);
    if (st) return st;
    if (!(o.flags & EMBARGO_BUILD_NO_GROUPS)) {
        emb_ix_group *groups = emb__calloc(ix->nentities ? ix->nentities : 1, sizeof(*groups));
        st = groups ? emb__group_find(ix, &o, groups) : EMBARGO_ENOMEM;
        if (!st) st = emb__index_set_groups(ix, groups, err);
        emb__free(groups);
        if (st == EMBARGO_ENOMEM && err && !err->code)
            emb__error_set(err, st, "", 0, 0, "out of memory while grouping the index");
    }
    if (st) {
        embargo_index_close(ix);
        return st;
    }
    *out = ix;
    return EMBARGO_OK;
}

/*
 * subset.c - an index of some of another index's entities
 * (embargo_index_subset, embargo.h).
 *
 * Re-screening a customer book after a list update needs only the entities
 * the update added or changed; screening against an index of those alone is
 * far faster than against all, and scores each of them as the whole index
 * does, since a name's tokens are weighed by a constant table, not by the
 * index. The entities are copied back into a dataset as the index holds
 * them -- id, list, type, published names with kind and weak flag, fields --
 * and built again: the names a build derives (a name without its trailing
 * acronym) are left out of the copy and derived anew. Every list of the
 * index is kept, in order, entities or not, so that list positions (the
 * bits of a list mask) mean the same lists in both.
 */
#include "embargo.h"
#include "../base/alloc.h"
#include "../base/error.h"
#include "../lists/dataset.h"

#include <string.h>

/* Copies entity e of ix into the load of its list. */
static embargo_status copy_entity(const embargo_index *ix, const embargo_entity *e, emb_load *ld) {
    size_t ll = strlen(e->list);
    if (e->id_len <= ll + 1 || memcmp(e->id, e->list, ll) != 0 || e->id[ll] != ':') return EMBARGO_EINDEX;
    int dup = 0;
    emb_entity *d = emb__load_entity(ld, e->id + ll + 1, e->id_len - ll - 1, e->type, &dup);
    if (!d) return dup ? EMBARGO_EINVAL : EMBARGO_ENOMEM;
    embargo_status st = EMBARGO_OK;
    for (uint32_t i = 0; i < e->name_count && !st; i++) {
        embargo_name nm;
        st = embargo_entity_name(ix, e, i, &nm);
        if (!st && !nm.derived) st = emb__entity_add_name(ld, d, nm.kind, nm.weak, nm.text, nm.len);
    }
    for (uint32_t i = 0; i < e->field_count && !st; i++) {
        embargo_field f;
        st = embargo_entity_field(ix, e, i, &f);
        if (!st) st = emb__entity_add_field(ld, d, f.kind, f.text, f.len);
    }
    return st;
}

embargo_status embargo_index_subset(const embargo_index *ix, const uint32_t *entities, size_t n,
                                    const embargo_build_options *opts, embargo_index **out, embargo_error *err) {
    if (err) memset(err, 0, sizeof(*err));
    if (!ix || !out || (n && !entities)) return EMBARGO_EINVAL;
    *out = NULL;
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    if (info.lists > EMBARGO_MAX_LISTS) return EMBARGO_EINDEX;
    embargo_dataset *ds = NULL;
    embargo_status st = embargo_dataset_new(&ds);
    if (st) return st;
    emb_load loads[EMBARGO_MAX_LISTS];
    uint32_t begun = 0;
    for (uint32_t i = 0; i < info.lists && !st; i++) {
        embargo_list_info li;
        st = embargo_index_list(ix, i, &li);
        if (!st) st = emb__load_begin(&loads[i], ds, li.name, li.source, li.date, err);
        if (!st) begun++;
    }
    for (size_t k = 0; k < n && !st; k++) {
        embargo_entity e;
        st = embargo_index_entity(ix, entities[k], &e);
        if (st) {
            st = EMBARGO_EINVAL;
            emb__error_set(err, st, "", 0, 0, "entity %u is not in the index", entities[k]);
            break;
        }
        uint32_t l = 0;
        while (l < info.lists) {
            embargo_list_info li;
            if (!embargo_index_list(ix, l, &li) && !strcmp(li.name, e.list)) break;
            l++;
        }
        if (l == info.lists) st = EMBARGO_EINDEX;
        else st = copy_entity(ix, &e, &loads[l]);
        if (st == EMBARGO_EINVAL) emb__error_set(err, st, "", 0, 0, "entity %.80s given twice", e.id);
    }
    if (!st) {
        /* room for every load's entities, so that no commit can fail */
        size_t total = 0;
        for (uint32_t i = 0; i < begun; i++) total += loads[i].entity_count;
        st = emb__dataset_reserve(ds, total);
    }
    if (!st) {
        for (uint32_t i = 0; i < begun; i++) {
            if (loads[i].entity_count) {
                (void)emb__load_commit(&loads[i]); /* cannot fail: room reserved, ids new */
                continue;
            }
            /* a list none of whose entities were asked for stays, empty: its
             * staging is released without dropping its record (a commit
             * refuses an empty load, as a loader must) */
            loads[i].created_list = 0;
            emb__load_abort(&loads[i]);
        }
        for (uint32_t i = 0; i < info.lists; i++) {
            embargo_list_info li;
            if (embargo_index_list(ix, i, &li)) continue;
            size_t hl = strlen(li.sha256);
            if (hl >= sizeof(ds->lists[i].sha256)) hl = sizeof(ds->lists[i].sha256) - 1;
            memcpy(ds->lists[i].sha256, li.sha256, hl);
            ds->lists[i].sha256[hl] = '\0';
        }
    } else {
        for (uint32_t i = begun; i-- > 0;) emb__load_abort(&loads[i]);
    }
    if (!st) st = embargo_index_build(ds, opts, out, err);
    if (st == EMBARGO_ENOMEM && err && !err->code) emb__error_set(err, st, "", 0, 0, "out of memory");
    embargo_dataset_free(ds);
    return st;
}

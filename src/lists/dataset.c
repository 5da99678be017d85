/*
 * dataset.c - the entity model: datasets, staged loads, entities with their
 * names and fields, error records. It knows no list format: the loaders
 * fill it, and loader.c chooses them (see loader.h).
 *
 * A load stages entities in its own arena; commit moves that arena's blocks
 * into the dataset's arena list and appends the entity pointers, so a
 * failed load costs nothing to undo. A load of several files (a folder)
 * marks the dataset first and rolls back to the mark if any file fails.
 */
#include "dataset.h"
#include "../base/alloc.h"
#include "../base/hash.h"
#include "../base/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Frees the names and fields of entities[from..to). */
static void free_arrays(emb_entity *const *entities, size_t from, size_t to) {
    for (size_t i = from; i < to; i++) {
        emb__free(entities[i]->names);
        emb__free(entities[i]->fields);
    }
}

/* ---- public dataset API ---------------------------------------------- */

embargo_status embargo_dataset_new(embargo_dataset **out) {
    if (!out) return EMBARGO_EINVAL;
    embargo_dataset *ds = emb__calloc(1, sizeof(*ds));
    if (!ds) return EMBARGO_ENOMEM;
    emb__arena_init(&ds->arena, 256 * 1024);
    *out = ds;
    return EMBARGO_OK;
}

void embargo_dataset_free(embargo_dataset *ds) {
    if (!ds) return;
    free_arrays(ds->entities, 0, ds->entity_count);
    emb__free(ds->entities);
    emb__free(ds->lists);
    emb__free(ds->notes);
    emb__arena_free(&ds->arena);
    emb__free(ds);
}

void embargo_dataset_stats_get(const embargo_dataset *ds, embargo_dataset_stats *out) {
    memset(out, 0, sizeof(*out));
    if (ds) *out = ds->stats;
}

/* ---- notes ---------------------------------------------------------------- */

size_t embargo_dataset_notes(const embargo_dataset *ds, const embargo_error **notes) {
    size_t n = ds ? ds->note_count + (ds->notes_more ? 1 : 0) : 0;
    if (notes) *notes = n ? ds->notes : NULL;
    return n;
}

/* Writes the record after the kept notes that counts the others. */
static void notes_summary(embargo_dataset *ds) {
    if (ds->notes_more)
        emb__error_set(&ds->notes[EMB_NOTES_MAX], EMBARGO_OK, "", 0, 0,
                       "%zu more notes were not kept (only the first %d are)", ds->notes_more,
                       EMB_NOTES_MAX);
}

/* Drops the notes added after the dataset held `count` and `more`. */
static void notes_truncate(embargo_dataset *ds, size_t count, size_t more) {
    if (count > ds->note_count) return;  /* already dropped */
    ds->note_count = count;
    ds->notes_more = more < ds->notes_more ? more : ds->notes_more;
    notes_summary(ds);
}

static embargo_status note_vadd(embargo_dataset *ds, embargo_status code, const char *file,
                                unsigned long line, unsigned long column, const char *fmt, va_list ap) {
    if (ds->note_count < EMB_NOTES_MAX) {
        if (EMB_GROW_FROM(ds->notes, ds->note_cap, ds->note_count + 1, 8)) return EMBARGO_ENOMEM;
        emb__error_vset(&ds->notes[ds->note_count++], code, file, line, column, fmt, ap);
        return EMBARGO_OK;
    }
    /* the record that counts the rest goes after the kept ones */
    if (EMB_GROW_FROM(ds->notes, ds->note_cap, (size_t)EMB_NOTES_MAX + 1, 8)) return EMBARGO_ENOMEM;
    ds->notes_more++;
    notes_summary(ds);
    return EMBARGO_OK;
}

embargo_status emb__dataset_note(embargo_dataset *ds, embargo_status code, const char *file,
                                 unsigned long line, unsigned long column, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    embargo_status st = note_vadd(ds, code, file, line, column, fmt, ap);
    va_end(ap);
    return st;
}

embargo_status emb__load_note(emb_load *ld, unsigned long line, unsigned long column,
                              const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    embargo_status st = note_vadd(ld->ds, EMBARGO_EFORMAT, ld->file, line, column, fmt, ap);
    va_end(ap);
    return st;
}

/* ---- rolling back ------------------------------------------------------ */

void emb__dataset_mark(const embargo_dataset *ds, emb_dataset_mark *m) {
    m->entities = ds->entity_count;
    m->lists = ds->list_count;
    m->stats = ds->stats;
    m->notes = ds->note_count;
    m->notes_more = ds->notes_more;
}

void emb__dataset_rollback(embargo_dataset *ds, const emb_dataset_mark *m) {
    free_arrays(ds->entities, m->entities, ds->entity_count);
    ds->entity_count = m->entities;
    for (size_t i = 0; i < m->lists && i < ds->list_count; i++) ds->lists[i].entities = 0;
    for (size_t i = 0; i < m->entities; i++) ds->lists[ds->entities[i]->list].entities++;
    ds->list_count = m->lists;
    ds->stats = m->stats;
    notes_truncate(ds, m->notes, m->notes_more);
}



embargo_status emb__load_fail(emb_load *ld, unsigned long line, unsigned long column,
                              const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emb__error_vset(ld->err, EMBARGO_EFORMAT, ld->file, line, column, fmt, ap);
    va_end(ap);
    return EMBARGO_EFORMAT;
}

/* ---- staged loads -------------------------------------------------------- */

embargo_status emb__load_begin(emb_load *ld, embargo_dataset *ds, const char *list_name,
                               const char *source, const char *date, embargo_error *err) {
    memset(ld, 0, sizeof(*ld));
    ld->ds = ds;
    ld->err = err;
    ld->file = source;
    ld->notes_at = ds->note_count;
    ld->notes_more_at = ds->notes_more;
    emb__arena_init(&ld->arena, 256 * 1024);
    /* Reuse the list record if this list was loaded before. */
    for (size_t i = 0; i < ds->list_count; i++)
        if (strcmp(ds->lists[i].name, list_name) == 0) { ld->list = (uint32_t)i; return EMBARGO_OK; }
    if (EMB_GROW(ds->lists, ds->list_cap, ds->list_count + 1)) return EMBARGO_ENOMEM;
    emb_list *l = &ds->lists[ds->list_count];
    l->name = emb__arena_strndup(&ds->arena, list_name, strlen(list_name));
    l->source = emb__arena_strndup(&ds->arena, source, strlen(source));
    l->date = emb__arena_strndup(&ds->arena, date ? date : "", date ? strlen(date) : 0);
    l->entities = 0;
    l->sha256[0] = '\0';
    if (!l->name || !l->source || !l->date) return EMBARGO_ENOMEM;
    ld->list = (uint32_t)ds->list_count++;
    ld->created_list = 1;
    ds->stats.lists = ds->list_count;
    return EMBARGO_OK;
}

embargo_status emb__load_end(emb_load *ld, embargo_status st) {
    embargo_error *err = ld->err;
    const char *file = ld->file;
    if (st == EMBARGO_OK) st = emb__load_commit(ld);
    else emb__load_abort(ld);
    if (st == EMBARGO_ENOMEM) emb__error_set(err, st, file, 0, 0, "out of memory");
    return st;
}

void emb__load_abort(emb_load *ld) {
    free_arrays(ld->entities, 0, ld->entity_count);
    emb__free(ld->entities);
    emb__free(ld->map);
    emb__arena_free(&ld->arena);
    ld->entities = NULL;
    ld->map = NULL;
    ld->entity_count = 0;
    embargo_dataset *ds = ld->ds;
    if (ds) notes_truncate(ds, ld->notes_at, ld->notes_more_at);
    if (ld->created_list && ds && ld->list + 1 == ds->list_count) {
        /* its strings stay in the dataset arena until the dataset is freed */
        ds->list_count--;
        ds->stats.lists = ds->list_count;
        ld->created_list = 0;
    }
}

embargo_status emb__load_check_ids(emb_load *ld) {
    if (ld->created_list) return EMBARGO_OK; /* a new list has no ids yet */
    embargo_dataset *ds = ld->ds;
    size_t ll = strlen(ds->lists[ld->list].name);
    for (size_t i = 0; i < ds->entity_count; i++) {
        const emb_entity *e = ds->entities[i];
        if (e->list != ld->list) continue;
        const char *local = e->id + ll + 1;
        if (emb__load_find(ld, local, strlen(local)))
            return emb__load_fail(ld, 0, 0, "id '%.80s' is already in the dataset (list loaded twice?)",
                                  e->id);
    }
    return EMBARGO_OK;
}

embargo_status emb__dataset_reserve(embargo_dataset *ds, size_t extra) {
    if (extra > SIZE_MAX - ds->entity_count) return EMBARGO_ENOMEM;
    return EMB_GROW(ds->entities, ds->entity_cap, ds->entity_count + extra) ? EMBARGO_ENOMEM : EMBARGO_OK;
}

embargo_status emb__load_check_nonempty(emb_load *ld) {
    if (ld->entity_count) return EMBARGO_OK;
    if (ld->rows)
        return emb__load_fail(ld, ld->end_line, 0, "no entities: none of its %zu record%s names one",
                              ld->rows, ld->rows == 1 ? "" : "s");
    return emb__load_fail(ld, ld->end_line, 0,
                          "no entities: the list is empty (a header alone, or nothing)");
}

embargo_status emb__load_commit(emb_load *ld) {
    embargo_dataset *ds = ld->ds;
    embargo_status st = emb__load_check_ids(ld);
    if (st == EMBARGO_OK) st = emb__load_check_nonempty(ld);
    if (st == EMBARGO_OK) st = emb__dataset_reserve(ds, ld->entity_count);
    if (st) {
        emb__load_abort(ld);
        return st;
    }
    for (size_t i = 0; i < ld->entity_count; i++) {
        emb_entity *e = ld->entities[i];
        ds->entities[ds->entity_count++] = e;
        ds->stats.entities++;
        ds->stats.names += e->name_count;
        for (uint32_t j = 0; j < e->name_count; j++) {
            if (e->names[j].kind != EMBARGO_NAME_PRIMARY) ds->stats.aliases++;
            if (e->names[j].weak) ds->stats.weak_aliases++;
        }
        ds->stats.fields += e->field_count;
    }
    ds->lists[ld->list].entities += (uint32_t)ld->entity_count;
    ds->stats.rows += ld->rows;
    ds->stats.orphan_rows += ld->orphan_rows;
    ds->stats.nameless_rows += ld->nameless_rows;
    /* Move the staging arena's blocks under the dataset's arena. */
    emb__arena_adopt(&ds->arena, &ld->arena);
    emb__free(ld->entities);
    emb__free(ld->map);
    ld->entities = NULL;
    ld->map = NULL;
    ld->entity_count = 0;
    return EMBARGO_OK;
}

static int map_grow(emb_load *ld) {
    size_t cap = ld->map_cap ? ld->map_cap * 2 : 1024;
    struct emb_load_slot *m = emb__calloc(cap, sizeof(*m));
    if (!m) return -1;
    for (size_t i = 0; i < ld->map_cap; i++) {
        if (!ld->map[i].key) continue;
        size_t h = (size_t)emb__hash(ld->map[i].key, ld->map[i].len) & (cap - 1);
        while (m[h].key) h = (h + 1) & (cap - 1);
        m[h] = ld->map[i];
    }
    emb__free(ld->map);
    ld->map = m;
    ld->map_cap = cap;
    return 0;
}

emb_entity *emb__load_find(emb_load *ld, const char *local_id, size_t len) {
    if (!ld->map_cap) return NULL;
    size_t h = (size_t)emb__hash(local_id, len) & (ld->map_cap - 1);
    while (ld->map[h].key) {
        if (ld->map[h].len == len && memcmp(ld->map[h].key, local_id, len) == 0)
            return ld->entities[ld->map[h].entity];
        h = (h + 1) & (ld->map_cap - 1);
    }
    return NULL;
}

emb_entity *emb__load_entity(emb_load *ld, const char *local_id, size_t len,
                             embargo_entity_type type, int *dup) {
    if (dup) *dup = 0;
    if (len > UINT32_MAX / 2) return NULL;
    if (emb__load_find(ld, local_id, len)) {
        if (dup) *dup = 1;
        return NULL;
    }
    if ((ld->entity_count + 1) * 2 > ld->map_cap && map_grow(ld)) return NULL;
    if (EMB_GROW(ld->entities, ld->entity_cap, ld->entity_count + 1)) return NULL;
    emb_entity *e = emb__arena_calloc(&ld->arena, 1, sizeof(*e));
    if (!e) return NULL;
    const char *list = ld->ds->lists[ld->list].name;
    size_t ll = strlen(list);
    char *id = emb__arena_alloc(&ld->arena, ll + 1 + len + 1);
    if (!id) return NULL;
    memcpy(id, list, ll);
    id[ll] = ':';
    memcpy(id + ll + 1, local_id, len);
    id[ll + 1 + len] = '\0';
    e->id = id;
    e->list = ld->list;
    e->type = (uint8_t)type;
    size_t h = (size_t)emb__hash(local_id, len) & (ld->map_cap - 1);
    while (ld->map[h].key) h = (h + 1) & (ld->map_cap - 1);
    ld->map[h].key = id + ll + 1;
    ld->map[h].len = (uint32_t)len;
    ld->map[h].entity = (uint32_t)ld->entity_count;
    ld->entities[ld->entity_count++] = e;
    return e;
}

void emb__load_drop_unnamed(emb_load *ld) {
    size_t keep = 0;
    for (size_t i = 0; i < ld->entity_count; i++) {
        emb_entity *e = ld->entities[i];
        if (!e->name_count) {
            emb__free(e->names);
            emb__free(e->fields);
            e->names = NULL;
            e->fields = NULL;
            continue;
        }
        ld->entities[keep++] = e;
    }
    ld->entity_count = keep;
    if (!ld->map_cap) return;
    /* the map holds entity positions: rebuild it for the ones kept */
    memset(ld->map, 0, ld->map_cap * sizeof(*ld->map));
    size_t ll = strlen(ld->ds->lists[ld->list].name);
    for (size_t i = 0; i < keep; i++) {
        const char *local = ld->entities[i]->id + ll + 1;
        size_t len = strlen(local);
        size_t h = (size_t)emb__hash(local, len) & (ld->map_cap - 1);
        while (ld->map[h].key) h = (h + 1) & (ld->map_cap - 1);
        ld->map[h].key = local;
        ld->map[h].len = (uint32_t)len;
        ld->map[h].entity = (uint32_t)i;
    }
}

embargo_status emb__entity_add_name(emb_load *ld, emb_entity *e, embargo_name_kind kind,
                                    int weak, const char *text, size_t len) {
    emb__trim(&text, &len);
    if (len == 0) return EMBARGO_OK;
    if (len > UINT32_MAX / 2) return EMBARGO_EINVAL;
    for (uint32_t i = 0; i < e->name_count; i++)
        if (e->names[i].len == len && memcmp(e->names[i].text, text, len) == 0) return EMBARGO_OK;
    if (EMB_GROW_FROM(e->names, e->name_cap, (size_t)e->name_count + 1, 2)) return EMBARGO_ENOMEM;
    const char *copy = emb__arena_strndup(&ld->arena, text, len);
    if (!copy) return EMBARGO_ENOMEM;
    emb_name nm = { copy, (uint32_t)len, (uint8_t)kind, (uint8_t)(weak != 0) };
    if (kind == EMBARGO_NAME_PRIMARY && (e->name_count == 0 || e->names[0].kind != EMBARGO_NAME_PRIMARY)) {
        memmove(e->names + 1, e->names, e->name_count * sizeof(*e->names));
        e->names[0] = nm;
    } else {
        e->names[e->name_count] = nm;
    }
    e->name_count++;
    return EMBARGO_OK;
}

embargo_status emb__entity_add_field(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                     const char *text, size_t len) {
    emb__trim(&text, &len);
    if (len == 0) return EMBARGO_OK;
    if (len > UINT32_MAX / 2) return EMBARGO_EINVAL;
    if (EMB_GROW_FROM(e->fields, e->field_cap, (size_t)e->field_count + 1, 4)) return EMBARGO_ENOMEM;
    const char *copy = emb__arena_strndup(&ld->arena, text, len);
    if (!copy) return EMBARGO_ENOMEM;
    e->fields[e->field_count++] = (emb_field){ copy, (uint32_t)len, (uint8_t)kind };
    return EMBARGO_OK;
}

embargo_status emb__entity_add_field_once(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                          const char *text, size_t len) {
    emb__trim(&text, &len);
    if (!len) return EMBARGO_OK;
    for (uint32_t i = 0; i < e->field_count; i++)
        if (e->fields[i].kind == kind && e->fields[i].len == len &&
            memcmp(e->fields[i].text, text, len) == 0)
            return EMBARGO_OK;
    return emb__entity_add_field(ld, e, kind, text, len);
}

embargo_status emb__entity_add_labelled(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                        const char *label, const char *text, size_t len) {
    emb__trim(&text, &len);
    if (!len) return EMBARGO_OK;
    size_t ll = strlen(label);
    if (len > SIZE_MAX / 2) return EMBARGO_ENOMEM;
    char *tmp = emb__malloc(ll + len);
    if (!tmp) return EMBARGO_ENOMEM;
    memcpy(tmp, label, ll);
    memcpy(tmp + ll, text, len);
    embargo_status st = emb__entity_add_field_once(ld, e, kind, tmp, ll + len);
    emb__free(tmp);
    return st;
}

/*
 * loader_test.h - what the list-loader tests share: skipping when the
 * shared data is absent, and looking entities, names and fields up in a
 * loaded dataset. Include after test.h; needs -Isrc (as the Makefile builds
 * tests).
 */
#ifndef EMB_LOADER_TEST_H
#define EMB_LOADER_TEST_H

#include "lists/dataset.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Whether a shared data file is there; says so when it is not. */
static inline int have(const char *path) {
    if (access(path, R_OK) == 0) return 1;
    printf("note: %s is absent; test skipped\n", path);
    return 0;
}

/* The entity of a dataset with this id, or NULL. */
static inline const emb_entity *find(const embargo_dataset *ds, const char *id) {
    for (size_t i = 0; i < ds->entity_count; i++)
        if (strcmp(ds->entities[i]->id, id) == 0) return ds->entities[i];
    return NULL;
}

/* Whether an entity (may be NULL) has a field of this kind and text. */
static inline int has_field(const emb_entity *e, embargo_field_kind kind, const char *text) {
    for (uint32_t i = 0; e && i < e->field_count; i++)
        if (e->fields[i].kind == kind && strcmp(e->fields[i].text, text) == 0) return 1;
    return 0;
}

/* How many fields of this kind an entity (may be NULL) has. */
static inline size_t count_fields(const emb_entity *e, embargo_field_kind kind) {
    size_t n = 0;
    for (uint32_t i = 0; e && i < e->field_count; i++) n += e->fields[i].kind == kind;
    return n;
}

/* An entity's name with this text (may be NULL), or NULL. */
static inline const emb_name *has_name(const emb_entity *e, const char *text) {
    for (uint32_t i = 0; e && i < e->name_count; i++)
        if (strcmp(e->names[i].text, text) == 0) return &e->names[i];
    return NULL;
}

#endif

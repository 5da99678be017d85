/*
 * dataset.h - the entity model that every list loader fills (private).
 *
 * A dataset holds entities from one or more lists. Each load goes into a
 * staging area first (emb_load) and is published into the dataset only when
 * the whole file set parsed; a malformed file therefore leaves the dataset as
 * it was. All strings are copied into the dataset's arena.
 *
 * This is the bottom of src/lists: it knows no list format. The loaders
 * (loader.h) fill it; loader.c, the dispatcher, chooses them and holds the
 * public embargo_dataset_load.
 */
#ifndef EMB_DATASET_H
#define EMB_DATASET_H

#include "embargo.h"
#include "../base/arena.h"
#include "../base/error.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct emb_name {
    const char *text;           /* NUL-terminated, UTF-8 */
    uint32_t len;
    uint8_t kind;               /* embargo_name_kind */
    uint8_t weak;
} emb_name;

typedef struct emb_field {
    const char *text;           /* NUL-terminated, UTF-8 */
    uint32_t len;
    uint8_t kind;               /* embargo_field_kind */
} emb_field;

typedef struct emb_entity {
    const char *id;             /* "ofac-sdn:24231", NUL-terminated */
    uint32_t list;              /* index into emb_dataset.lists */
    uint8_t type;               /* embargo_entity_type */
    emb_name *names;            /* names[0] is the primary name */
    emb_field *fields;
    uint32_t name_count, field_count;
    size_t name_cap, field_cap; /* allocated (EMB_GROW) */
} emb_entity;

typedef struct emb_list {
    const char *name;           /* "ofac-sdn" */
    const char *source;         /* path loaded from */
    const char *date;           /* publication date or "" */
    uint32_t entities;
    char sha256[65];            /* of the source's content (digest.h), set by
                                   the dispatcher; "" if unknown (a list
                                   that several loads added to) */
} emb_list;

/* How many notes a dataset keeps (embargo_dataset_notes); the ones after
 * those are counted, and one more record says how many. */
#define EMB_NOTES_MAX 100

struct embargo_dataset {
    emb_arena arena;
    emb_entity **entities;      /* in load order */
    size_t entity_count, entity_cap;
    emb_list *lists;
    size_t list_count, list_cap;
    embargo_dataset_stats stats;
    /* Findings that did not stop a load, oldest first: note_count kept (at
     * most EMB_NOTES_MAX), notes_more counted beyond them, and then
     * notes[EMB_NOTES_MAX] says how many. */
    embargo_error *notes;
    size_t note_count, note_cap, notes_more;
};

/* A load in progress: entities are staged here, with a lookup by the list's
 * own id (e.g. OFAC ent_num), and published by emb__load_commit. */
typedef struct emb_load {
    embargo_dataset *ds;
    emb_arena arena;            /* staging strings; moved on commit */
    emb_entity **entities;
    size_t entity_count, entity_cap;
    uint32_t list;              /* list index the entities will belong to */
    int created_list;           /* this load added the list record */
    /* open-addressing map from local id to entity */
    struct emb_load_slot { const char *key; uint32_t len; uint32_t entity; } *map;
    size_t map_cap;
    size_t rows, orphan_rows, nameless_rows;
    embargo_error *err;
    const char *file;           /* the file being parsed, for errors */
    unsigned long end_line;     /* the last line of that file read, 0 if
                                   unknown: where "no entities" is reported */
    size_t notes_at, notes_more_at; /* the dataset's notes at begin: an abort
                                   drops the ones this load added */
} emb_load;

/* Starts staging entities for list `list_name` loaded from `source`. */
embargo_status emb__load_begin(emb_load *ld, embargo_dataset *ds, const char *list_name,
                               const char *source, const char *date, embargo_error *err);
/* Fails with EMBARGO_EFORMAT if a staged entity's id is already in the
 * dataset for the same list (the same file loaded twice). */
embargo_status emb__load_check_ids(emb_load *ld);
/* What a dataset held at one moment, to roll back to. */
typedef struct emb_dataset_mark {
    size_t entities, lists;
    embargo_dataset_stats stats;
    size_t notes, notes_more;
} emb_dataset_mark;

/* Records in *m what `ds` holds now. */
void emb__dataset_mark(const embargo_dataset *ds, emb_dataset_mark *m);
/* Drops what was published into `ds` after emb__dataset_mark filled *m
 * (entities, the lists they created, statistics), so that a load of
 * several files publishes all or nothing. */
void emb__dataset_rollback(embargo_dataset *ds, const emb_dataset_mark *m);

/* Makes room in the dataset's entity array for `extra` more entities, so
 * that committing that many cannot fail. EMBARGO_OK or EMBARGO_ENOMEM. */
embargo_status emb__dataset_reserve(embargo_dataset *ds, size_t extra);
/* Fails with EMBARGO_EFORMAT if the load staged no entity at all (a
 * header alone, an empty file, rows that all lack a name): a list that
 * screens nothing is refused, not published empty. The error names
 * ld->file and ld->end_line. */
embargo_status emb__load_check_nonempty(emb_load *ld);
/* Checks the ids (emb__load_check_ids) and that there are entities
 * (emb__load_check_nonempty), then publishes the staged entities into the
 * dataset and ends the load; on failure the load is aborted. A caller
 * committing several loads together checks them all first. */
embargo_status emb__load_commit(emb_load *ld);
/* Ends a load the way `st` says: commits it (emb__load_commit) if st is
 * EMBARGO_OK, else aborts it. Returns the load's final status; running out
 * of memory gets its message in the error record, naming the file. */
embargo_status emb__load_end(emb_load *ld, embargo_status st);
/* Throws the staged entities away, and the list record if this load
 * created it and it is the newest (abort several loads newest first).
 * Safe after a failed begin. */
void emb__load_abort(emb_load *ld);

/* Drops the staged entities that have no name (a loader that empties an
 * entity it replaced or found nameless), freeing their names and fields;
 * the others keep their order and stay findable by id, so that
 * emb__load_check_ids still sees them. */
void emb__load_drop_unnamed(emb_load *ld);

/* Adds an entity whose list-local id is `local_id` (e.g. "24231"); its full
 * id becomes "<list>:<local_id>". Returns NULL on OOM. A duplicate local id
 * returns NULL with *dup set to 1. */
emb_entity *emb__load_entity(emb_load *ld, const char *local_id, size_t len,
                             embargo_entity_type type, int *dup);
/* Finds a staged entity by local id, or NULL. */
emb_entity *emb__load_find(emb_load *ld, const char *local_id, size_t len);

/* Adds a name (trimmed; empty names are ignored and return OK). The first
 * name added with EMBARGO_NAME_PRIMARY becomes names[0]. An alias equal to a
 * name the entity already has (byte for byte) is not added twice. */
embargo_status emb__entity_add_name(emb_load *ld, emb_entity *e, embargo_name_kind kind,
                                    int weak, const char *text, size_t len);
/* Adds a field (trimmed; empty values are ignored and return OK). */
embargo_status emb__entity_add_field(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                     const char *text, size_t len);

/* As emb__entity_add_field, unless the entity already has a field of that
 * kind and text. */
embargo_status emb__entity_add_field_once(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                          const char *text, size_t len);
/* Adds "<label><text>" as a field, once ("Designation source: UK"). */
embargo_status emb__entity_add_labelled(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                                        const char *label, const char *text, size_t len);

/* Adds a note to the dataset (see embargo_dataset_notes): a finding that
 * does not stop the load, with its code (EMBARGO_OK for plain
 * information), file, line, column and a printf-style message. Past
 * EMB_NOTES_MAX notes it is only counted. EMBARGO_OK, or EMBARGO_ENOMEM
 * (the note could not be kept: the caller fails its load). */
embargo_status emb__dataset_note(embargo_dataset *ds, embargo_status code, const char *file,
                                 unsigned long line, unsigned long column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* emb__dataset_note for the file a load is reading (ld->file), with code
 * EMBARGO_EFORMAT: something in it is wrong, but not enough to refuse it.
 * An abort of the load drops it again. */
embargo_status emb__load_note(emb_load *ld, unsigned long line, unsigned long column,
                              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Records a parse error at `line`/`column` of the current file and returns
 * EMBARGO_EFORMAT. printf-style message. */
embargo_status emb__load_fail(emb_load *ld, unsigned long line, unsigned long column,
                              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;


#endif

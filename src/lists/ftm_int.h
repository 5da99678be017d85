/*
 * ftm_int.h - what the files of the OpenSanctions loader share (private).
 *
 * Three readers sit side by side: ftm.c reads a file (FollowTheMoney JSON
 * lines and deltas, or a JSON array), maps FtM entities, joins linked
 * records onto them and publishes; ftm_senzing.c maps the records of
 * OpenSanctions' Senzing export; ftm_simple.c reads and maps its
 * targets.simple.csv export. All fill one load state (struct ftm): a record
 * per id, entities staged in its emb_load, text composed in its scratch
 * buffer; ftm.c finishes and publishes it. ftm_common.c holds the helpers
 * the three use, declared here.
 */
#ifndef EMB_FTM_INT_H
#define EMB_FTM_INT_H

#include "ftm.h"
#include "dataset.h"
#include "../base/alloc.h"
#include "../base/arena.h"
#include "../base/str.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FTM_MAX_NAME 4096      /* bytes of one name, at most */
#define FTM_MAX_VALUE 65536    /* bytes of one field value, at most */
#define TOMBSTONE 0xffu        /* emb_entity.type of an entity deleted or
                                  replaced by a record of another schema */

/* What a record of the file is, once read. */
enum { R_NONE, R_ENTITY, R_LINKED, R_SKIPPED, R_DELETED };

typedef struct adj adj;           /* a linked record (Sanction, Address, ...); ftm.c */
typedef struct adj_val adj_val;   /* one field a linked record gives */
typedef struct pend pend;         /* an addressEntity reference to resolve */

/* One id of the file, whatever its records made of it. */
typedef struct rec {
    const char *id;
    uint32_t len;
    uint8_t state;              /* R_* */
    uint32_t gen;               /* bumped when the record is replaced */
    emb_entity *e;              /* once it has been an entity */
    adj *a;                     /* R_LINKED */
    adj *programs;              /* R_ENTITY: its programId values, used if
                                   no Sanction names its programs */
    int sanctioned;             /* a Sanction was joined onto it */
    const char *first_seen;     /* date part, or NULL */
    unsigned long line;         /* where its current version was read */
    char op;                    /* 'A', 'M', 'D': that version was a delta's
                                   ADD, MOD or DEL; 0: a plain record */
} rec;

/* One load in progress. */
typedef struct ftm {
    emb_load ld;
    int begun, senzing;
    embargo_error *err;
    const char *path;
    unsigned long line, col;    /* where the current record starts */
    emb_arena tmp;              /* ids, linked records; freed at the end */
    rec *recs;
    size_t nrecs, recs_cap;
    uint32_t *slots;            /* rec index + 1, by hash of the id */
    size_t slot_cap;
    pend *pends;
    size_t npends, pends_cap;
    adj_val *vals;              /* scratch for building a linked record */
    size_t nvals, vals_cap;
    char *sb;                   /* scratch for composing text */
    size_t sb_len, sb_cap;
    char newest[11];            /* newest last_change / last_seen */
    const char *country[26 * 26];  /* ISO code -> name cache ("" = none) */
    int oom;                    /* an allocation failed where no status returns */
    emb_ftm_counts c;
} ftm;

/* ---- ftm_common.c ------------------------------------------------------------ */

/* Records a format error at the current record's line and column
 * (st->line, st->col) in st->err; returns EMBARGO_EFORMAT. printf-style. */
embargo_status emb__ftm_fail(ftm *st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The record of `id`, or NULL if the file has not named it. */
rec *emb__ftm_rec_find(ftm *st, const char *id, size_t len);

/* The record of `id`, created (state R_NONE) if new; NULL on OOM. */
rec *emb__ftm_rec_get(ftm *st, const char *id, size_t len);

/* Puts `r` back to empty before a new version of it, read at st->line: its
 * entity (if it ever had one) loses its names and fields and leaves the set
 * until it is filled again. */
void emb__ftm_rec_reset(ftm *st, rec *r);

/* Starts the load (st->ld) of the list named `list` from st->path, dated
 * by the folder's publication-date file until the records date it; sets
 * st->begun, also on failure (emb__ftm_load then aborts the load). */
embargo_status emb__ftm_begin(ftm *st, embargo_dataset *ds, const char *list);

/* The entity type of an FtM schema name s[0..n): Person; Organization,
 * Company, LegalEntity, PublicBody; Vessel; Airplane. EMBARGO_TYPE_UNKNOWN
 * for every other schema (not screenable). */
embargo_entity_type emb__ftm_schema_type(const char *s, size_t n);

/* The record of `id` (emb__ftm_rec_get), reset for the version of it read
 * now (emb__ftm_rec_reset); if the file held it already and the version is
 * `plain` (not a delta's ADD or MOD), it counts as replaced. NULL on OOM. */
rec *emb__ftm_rec_renew(ftm *st, const char *id, size_t len, int plain);

/* Makes the record `r` (just reset) an entity of `type`, staging its
 * entity the first time; EMBARGO_ENOMEM on OOM. */
embargo_status emb__ftm_rec_entity(ftm *st, rec *r, embargo_entity_type type);

/* Keeps s[0..n) as the file's date if it is a full ISO 8601 date newer than
 * any seen so far. */
void emb__ftm_note_date(ftm *st, const char *s, size_t n);

/* Keeps the date part of a first_seen value s[0..n) as r->first_seen (it
 * becomes the entity's LISTED_ON if nothing else dates its listing); a
 * value that does not start with a full ISO 8601 date is passed over.
 * EMBARGO_ENOMEM on OOM. */
embargo_status emb__ftm_first_seen(ftm *st, rec *r, const char *s, size_t n);

/* The English name of an ISO 3166-1 alpha-2 code or an OpenSanctions
 * country code; "" for "zz" (no country); NULL if `s` is neither (keep it as
 * given) or on OOM (then st->oom is set). */
const char *emb__ftm_country_name(ftm *st, const char *s, size_t n);

/* Adds a name (trimmed; empty ones are passed over); the first name of an
 * entity becomes its primary one. EMBARGO_EFORMAT for a name longer than
 * the loader takes. */
embargo_status emb__ftm_add_name(ftm *st, emb_entity *e, embargo_name_kind kind, int weak,
                                 const char *s, size_t n);

/* Adds a field (trimmed; empty ones are passed over) unless the entity has
 * it already. EMBARGO_EFORMAT for a value longer than the loader takes. */
embargo_status emb__ftm_add_field(ftm *st, emb_entity *e, embargo_field_kind kind, const char *s,
                                  size_t n);

/* Adds a country field: the name for a code (emb__ftm_country_name), else
 * the value as given. */
embargo_status emb__ftm_add_country(ftm *st, emb_entity *e, embargo_field_kind kind, const char *s,
                                    size_t n);

/* Appends s[0..n) to the scratch text st->sb (kept NUL-terminated);
 * 0, or -1 on OOM. */
int emb__ftm_sb_add(ftm *st, const char *s, size_t n);
/* Appends the NUL-terminated s to the scratch text; 0, or -1 on OOM. */
int emb__ftm_sb_str(ftm *st, const char *s);

/* ---- the readers ---------------------------------------------------------------- */

/* Maps one Senzing record (ftm_senzing.c): its entity is staged, or the
 * record is counted as skipped. */
embargo_status emb__ftm_senzing_record(ftm *st, json_t *o);

/* How sure ftm_simple.c is that the `n` bytes at `head` start a
 * targets.simple.csv file: 95 for its header, 40 for a header of its
 * columns that lacks "id", "schema" or "name" (loading says which), else 0. */
int emb__ftm_simple_sniff(const unsigned char *head, size_t n);

/* Reads the targets.simple.csv file st->path (ftm_simple.c): begins the
 * load (emb__ftm_begin) and stages each row's entity as a record of st,
 * for ftm.c to finish and publish. EMBARGO_EFORMAT with file, line and
 * column in st->err for a malformed file. */
embargo_status emb__ftm_simple_read(ftm *st, embargo_dataset *ds);

#endif

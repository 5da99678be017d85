/*
 * ftm.h - the OpenSanctions loader (FollowTheMoney entity and delta files,
 * OpenSanctions' Senzing and targets.simple.csv exports), private. It is
 * ftm.c, ftm_senzing.c and ftm_simple.c, with ftm_common.c and ftm_int.h
 * for what they share.
 *
 * The loader itself is emb__ftm_loader (loader.h); this header adds the
 * entry point that also reports what the file held beyond the dataset
 * statistics (entities skipped by schema, delta operations, links), for
 * tests and tools.
 */
#ifndef EMB_FTM_H
#define EMB_FTM_H

#include "dataset.h"

/* What one load of an OpenSanctions file read. Entity counts are after the
 * delta operations of the file were applied. */
typedef struct emb_ftm_counts {
    size_t records;         /* records read (JSON: non-empty lines, array
                               items; targets.simple.csv: rows) */
    size_t entities;        /* entities published (people, organisations, ...) */
    size_t persons, organizations, vessels, aircraft;
    size_t linked;          /* Sanction, Address, Passport, Identification,
                               Occupancy and Position records kept to be
                               joined onto the entities they name */
    size_t skipped;         /* records of other schemas (Family, Ownership,
                               Payment, ...) or Senzing records of no
                               screenable type: not loaded, counted */
    size_t nested;          /* entities nested inside another (targets.nested.json) */
    size_t nameless;        /* screenable entities without any name: skipped */
    size_t replaced;        /* records whose id an earlier plain record (or
                               row) of the file had: the later one wins */
    size_t ops_add, ops_mod, ops_del;
    size_t del_unknown;     /* DEL of an id the file did not hold (also
                               counted in the dataset's orphan_rows) */
    size_t sanctions;       /* Sanction records joined onto an entity */
    size_t unresolved;      /* links to an id the file does not hold (also
                               counted in the dataset's orphan_rows) */
    int senzing;            /* the file was in the Senzing format */
} emb_ftm_counts;

/* Loads an OpenSanctions file at `path` into `ds`, as emb__ftm_loader does,
 * and fills `counts` (may be NULL; zeroed first). On failure nothing is
 * added to the dataset and `err` (may be NULL) says where the file is
 * broken. */
embargo_status emb__ftm_load(embargo_dataset *ds, const char *path, embargo_error *err,
                             emb_ftm_counts *counts);

#endif

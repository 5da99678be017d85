/*
 * loader.h - one interface for every list format (private).
 *
 * src/lists is built in layers; each file includes only headers of its own
 * layer's interface or of the layers below it, never one above (no circle):
 *
 *   loader.c      the dispatcher: the one table of loaders, choosing a
 *                 loader by content, walking folders, and the public
 *                 embargo_dataset_load. Knows the loaders (this header).
 *   un.c eu_fsf.c eu_journal.c uk.c csl.c ofac.c ftm*.c
 *                 the loaders, one per format, each an emb_loader. Know the
 *                 model and the shared helpers, not each other, not the
 *                 dispatcher.
 *   csv.c xml.c remarks.c listfile.c eu_int.h ftm_common.c
 *                 helpers the loaders share: a CSV reader, libxml2 set up
 *                 safely, OFAC's remarks parser, reading files, the EU and
 *                 OpenSanctions loaders' own shared parts.
 *   dataset.c     the entity model: datasets, staged loads, entities,
 *                 names, fields, error records. Knows no format.
 *
 * A loader is a sniffer that looks at the first bytes of a file (never at
 * its name) and says how sure it is that the file is of its format, and a
 * load function that reads the whole file into the dataset through the
 * staged-load API of dataset.h (emb__load_begin ... emb__load_end),
 * publishing nothing on error and naming file and line (or XML path) in the
 * error record. A format published as a set of files in one folder (OFAC's
 * legacy CSV) also has a folder sniffer, and its load function then takes
 * the folder. OFAC's files have no header and differ only in their names
 * (sdn.csv and cons_prim.csv hold the same columns for two lists), so the
 * OFAC sniffers are the ones that go by file names.
 */
#ifndef EMB_LOADER_H
#define EMB_LOADER_H

#include "dataset.h"

typedef struct emb_loader {
    const char *name;     /* "un-xml", "uk-ods", "csl-csv", "ftm-json", ... */
    /* 0: not this format; higher: more certain (the highest wins, the first
     * in emb__loaders on a tie; 100 = unmistakable). `head` holds the first
     * `n` bytes of the file (n may be small, or 0); `path` is for formats
     * whose file is a container (zip). */
    int (*sniff)(const char *path, const unsigned char *head, size_t n);
    /* Loads the file (or, after sniff_folder, the folder) at `path` into
     * `ds`; EMBARGO_ENOTFOUND if it holds nothing of this format. */
    embargo_status (*load)(embargo_dataset *ds, const char *path, embargo_error *err);
    /* Formats published as several files in one folder: how sure the loader
     * is that the folder `path` holds a set (as sniff). NULL for the others. */
    int (*sniff_folder)(const char *path);
} emb_loader;

/* The loaders (ofac.c, un.c, eu_fsf.c, eu_journal.c, uk.c, csl.c, ftm.c). */
extern const emb_loader emb__ofac_loader, emb__un_loader, emb__eu_fsf_loader,
    emb__eu_journal_loader, emb__uk_loader, emb__csl_loader, emb__dpl_loader, emb__ftm_loader;

/* All of them, NULL-terminated: the dispatcher's table. */
extern const emb_loader *const emb__loaders[];

/* Loads one file with the loader whose sniffer is most certain;
 * EMBARGO_ENOTFOUND (err untouched) if none recognises it, EMBARGO_EIO if
 * it cannot be read. */
embargo_status emb__load_file(embargo_dataset *ds, const char *path, embargo_error *err);

#endif

/*
 * loader.h - one interface for every list format (private).
 *
 * Each format is a loader: a sniffer that looks at the first bytes of a file
 * (never at its name) and says how sure it is that the file is of its
 * format, and a load function that reads the whole file into the dataset
 * through the staged-load API of dataset.h (emb__load_begin ...
 * emb__load_commit), publishing nothing on error and naming file and line
 * (or XML path) in the error record. OFAC's legacy CSV sets are folders of
 * several files and are handled by emb__ofac_load before the loaders are
 * asked about single files.
 */
#ifndef EMB_LOADER_H
#define EMB_LOADER_H

#include "dataset.h"

typedef struct emb_loader {
    const char *name;     /* "un-xml", "uk-ods", "csl-csv", "ftm-json", ... */
    /* 0: not this format; higher: more certain (the highest wins; 100 =
     * unmistakable). `head` holds the first `n` bytes of the file (n may be
     * small); `path` is for formats whose file is a container (zip). */
    int (*sniff)(const char *path, const unsigned char *head, size_t n);
    /* Loads the file at `path` into `ds`. */
    embargo_status (*load)(embargo_dataset *ds, const char *path, embargo_error *err);
} emb_loader;

/* The loaders, NULL-terminated. */
extern const emb_loader *const emb__loaders[];

/* Loads one file with the loader whose sniffer is most certain;
 * EMBARGO_ENOTFOUND if none recognises it. */
embargo_status emb__load_file(embargo_dataset *ds, const char *path, embargo_error *err);

/* Reads a whole file into memory (emb__malloc'd, NUL-terminated; *len
 * excludes the NUL). EMBARGO_EIO with err filled on failure. */
embargo_status emb__read_file(const char *path, char **out, size_t *len, embargo_error *err);

#endif

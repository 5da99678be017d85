/*
 * loader.c - the dispatcher: the one table of loaders, a loader chosen by a
 * file's content, folders walked, and embargo_dataset_load (embargo.h).
 * How src/lists is layered is told at the top of loader.h.
 *
 * A file goes to the loader whose sniffer is most certain of its first
 * 4 KB. A folder is first offered whole to the loaders of file sets
 * (OFAC's legacy CSV): when one takes it, the folder's files are that
 * set's and none is offered again. Then each subfolder is walked the same
 * way, in name order, and each file (unless a set took the folder); files
 * that no loader knows are passed over. Subfolders are walked five levels
 * deep (the sets of a sixth level are still loaded). A load publishes all
 * or nothing: when any file of a folder fails, what the others published
 * is rolled back.
 */
#include "loader.h"
#include "../base/alloc.h"
#include "../base/digest.h"
#include "listfile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEAD_BYTES 4096         /* what a file sniffer sees */
#define MAX_DEPTH 4             /* folder levels below the one given whose
                                   files and subfolders are walked */

const emb_loader *const emb__loaders[] = {
    &emb__ofac_loader, &emb__un_loader,  &emb__eu_fsf_loader, &emb__eu_journal_loader,
    &emb__uk_loader,   &emb__csl_loader, &emb__dpl_loader,    &emb__ftm_loader,
    NULL,
};

/* The loader most certain of the folder `path` (folder) or of a file's
 * first n bytes at `head`; NULL if none knows it. */
static const emb_loader *choose(const char *path, const unsigned char *head, size_t n, int folder) {
    const emb_loader *best = NULL;
    int best_score = 0;
    for (size_t i = 0; emb__loaders[i]; i++) {
        const emb_loader *l = emb__loaders[i];
        int sc = !folder ? l->sniff(path, head, n) : l->sniff_folder ? l->sniff_folder(path) : 0;
        if (sc > best_score) {
            best_score = sc;
            best = l;
        }
    }
    return best;
}

embargo_status emb__load_file(embargo_dataset *ds, const char *path, embargo_error *err) {
    unsigned char head[HEAD_BYTES];
    size_t n;
    embargo_status st = emb__read_head(path, head, sizeof(head), &n, err);
    if (st != EMBARGO_OK) return st;
    const emb_loader *l = choose(path, head, n, 0);
    return l ? l->load(ds, path, err) : EMBARGO_ENOTFOUND;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

static embargo_status load_folder(embargo_dataset *ds, const char *path, embargo_error *err,
                                  int depth);

/* The entries of the folder `path`, in name order: its subfolders, and its
 * files unless a set of files was loaded from it (`set_here`). Stops at the
 * first failure; EMBARGO_ENOTFOUND if none of them holds a list. */
static embargo_status load_entries(embargo_dataset *ds, const char *path, embargo_error *err,
                                   int depth, int set_here) {
    struct dirent **ents = NULL;
    int n = scandir(path, &ents, NULL, by_name);
    if (n < 0) return EMBARGO_ENOTFOUND;
    embargo_status result = EMBARGO_ENOTFOUND;
    for (int i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        if (result != EMBARGO_OK && result != EMBARGO_ENOTFOUND) break;
        if (name[0] == '.') continue;
        size_t len = strlen(path) + strlen(name) + 2;
        char *sub = emb__malloc(len);
        if (!sub) {
            result = EMBARGO_ENOMEM;
            break;
        }
        snprintf(sub, len, "%s/%s", path, name);
        struct stat sb;
        embargo_status st = EMBARGO_ENOTFOUND;
        if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = load_folder(ds, sub, err, depth + 1);
        else if (stat(sub, &sb) == 0 && S_ISREG(sb.st_mode) && !set_here)
            st = emb__load_file(ds, sub, err);
        if (st != EMBARGO_ENOTFOUND) result = st;
        emb__free(sub);
    }
    for (int i = 0; i < n; i++) free(ents[i]);
    free(ents);
    return result;
}

/* A folder `depth` levels below the one given: a set of files in it, then
 * (to MAX_DEPTH) its entries. EMBARGO_ENOTFOUND if it holds no list. */
static embargo_status load_folder(embargo_dataset *ds, const char *path, embargo_error *err,
                                  int depth) {
    const emb_loader *set = choose(path, NULL, 0, 1);
    embargo_status st = set ? set->load(ds, path, err) : EMBARGO_ENOTFOUND;
    if ((st != EMBARGO_OK && st != EMBARGO_ENOTFOUND) || depth > MAX_DEPTH) return st;
    embargo_status t = load_entries(ds, path, err, depth, st == EMBARGO_OK);
    if (st == EMBARGO_ENOTFOUND || (t != EMBARGO_OK && t != EMBARGO_ENOTFOUND)) st = t;
    return st;
}

/* The version of each list a load created: the SHA-256 of its source (the
 * file, or the folder of a set), read after the load succeeded. A list an
 * earlier load created and this one added to has two sources: its hash is
 * then unknown (""). */
static embargo_status hash_sources(embargo_dataset *ds, size_t lists_before, const uint32_t *before,
                                   embargo_error *err) {
    for (size_t i = 0; i < ds->list_count; i++) {
        emb_list *l = &ds->lists[i];
        if (i < lists_before) {
            if (l->entities != before[i]) l->sha256[0] = '\0';
            continue;
        }
        embargo_status st = emb__sha256_path(l->source, l->sha256, err);
        if (st) return st;
    }
    return EMBARGO_OK;
}

embargo_status embargo_dataset_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    if (!ds || !path) return EMBARGO_EINVAL;
    if (err) memset(err, 0, sizeof(*err));
    struct stat sb;
    if (stat(path, &sb) != 0) {
        emb__error_set(err, EMBARGO_ENOTFOUND, path, 0, 0, "no such file or folder");
        return EMBARGO_ENOTFOUND;
    }
    emb_dataset_mark mark;
    emb__dataset_mark(ds, &mark);
    uint32_t *before = emb__calloc(ds->list_count + 1, sizeof(*before));
    if (!before) {
        emb__error_set(err, EMBARGO_ENOMEM, path, 0, 0, "out of memory");
        return EMBARGO_ENOMEM;
    }
    for (size_t i = 0; i < ds->list_count; i++) before[i] = ds->lists[i].entities;
    size_t lists_before = ds->list_count;
    embargo_status st = S_ISDIR(sb.st_mode) ? load_folder(ds, path, err, 0) : emb__load_file(ds, path, err);
    if (st == EMBARGO_OK) st = hash_sources(ds, lists_before, before, err);
    emb__free(before);
    if (st == EMBARGO_ENOTFOUND)
        emb__error_set(err, st, path, 0, 0, "no list file embargo can read was found here");
    else if (st == EMBARGO_ENOMEM && err && err->code != EMBARGO_ENOMEM)
        emb__error_set(err, st, path, 0, 0, "out of memory");
    if (st != EMBARGO_OK) emb__dataset_rollback(ds, &mark);
    return st;
}

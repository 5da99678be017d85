/*
 * loader.c - the dispatcher: the one table of loaders, a loader chosen by a
 * file's content, folders walked, and embargo_dataset_load (embargo.h).
 * How src/lists is layered is told at the top of loader.h.
 *
 * A file goes to the loader whose sniffer is most certain of its first
 * 4 KB. A folder is first offered whole to the loaders of file sets
 * (OFAC's legacy CSV): when one takes it, the folder's files are that
 * set's and none is offered again. Then each subfolder is walked the same
 * way, in name order, and each file (unless a set took the folder). Names
 * starting with '.' are passed over, and so is publication-date (read by
 * the loaders, emb__folder_date). A file that no loader knows is passed
 * over with a note (embargo_dataset_notes), so that the user learns of it.
 *
 * A load publishes all or nothing, and a folder that cannot be walked
 * whole is an error naming the folder or file, never a smaller load:
 *   - a folder that cannot be read (permissions), or an entry that cannot
 *     be reached (a dangling symbolic link, a link loop: EMBARGO_EIO);
 *   - an entry that is neither a file nor a folder (a FIFO, a socket, a
 *     device: EMBARGO_EIO, never opened, so never waited on);
 *   - a folder that is, through a symbolic link, one it lies in (walking
 *     it would never end: EMBARGO_EIO);
 *   - folders nested more than MAX_DEPTH levels below the one given
 *     (EMBARGO_EINVAL);
 *   - a folder, the one given or one below it, that is empty or holds no
 *     list at all (EMBARGO_ENOTFOUND): an emptied download folder beside
 *     the others would otherwise drop a whole list from screening.
 * When any file fails, what the others published is rolled back.
 */
#include "loader.h"
#include "../base/alloc.h"
#include "../base/digest.h"
#include "listfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEAD_BYTES 4096         /* what a file sniffer sees */
#define MAX_DEPTH 5             /* folder levels below the one given that are
                                   walked; a folder deeper is an error */

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

/* A walk of the folder given to embargo_dataset_load: the folders being
 * walked, from that one down, to find symbolic link loops. */
typedef struct walk {
    embargo_dataset *ds;
    embargo_error *err;
    struct { dev_t dev; ino_t ino; } open[MAX_DEPTH + 1];
} walk;

static embargo_status load_folder(walk *w, const char *path, const struct stat *sb, int depth);

/* Why an entry of a folder cannot be reached: stat failed with `e`. */
static embargo_status unreachable(walk *w, const char *path, int e) {
    struct stat lsb;
    if (e == ELOOP)
        emb__error_set(w->err, EMBARGO_EIO, path, 0, 0, "a symbolic link loop: it never reaches a file");
    else if (e == ENOENT && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode))
        emb__error_set(w->err, EMBARGO_EIO, path, 0, 0, "a symbolic link to nothing (dangling)");
    else
        emb__error_set(w->err, EMBARGO_EIO, path, 0, 0, "cannot be reached: %s", strerror(e));
    return EMBARGO_EIO;
}

/* The entries of the folder `path`, in name order: its subfolders, and its
 * files unless a set of files was loaded from it (`set_here`). Stops at the
 * first failure, a subfolder holding no list included; EMBARGO_ENOTFOUND
 * (err set, naming the folder) if neither they nor a set hold a list. */
static embargo_status load_entries(walk *w, const char *path, int depth, int set_here) {
    struct dirent **ents = NULL;
    int n = scandir(path, &ents, NULL, by_name);
    if (n < 0) {
        int e = errno;
        if (e == ENOMEM) return EMBARGO_ENOMEM;
        emb__error_set(w->err, EMBARGO_EIO, path, 0, 0, "cannot read the folder: %s", strerror(e));
        return EMBARGO_EIO;
    }
    embargo_status fail = EMBARGO_OK;
    int loaded = set_here, seen = 0, passed = 0;
    for (int i = 0; i < n && fail == EMBARGO_OK; i++) {
        const char *name = ents[i]->d_name;
        if (name[0] == '.') continue;
        seen++;
        if (strcmp(name, "publication-date") == 0) continue;
        size_t len = strlen(path) + strlen(name) + 2;
        char *sub = emb__malloc(len);
        if (!sub) {
            fail = EMBARGO_ENOMEM;
            break;
        }
        snprintf(sub, len, "%s/%s", path, name);
        struct stat sb;
        embargo_status st;
        if (stat(sub, &sb) != 0) {
            fail = unreachable(w, sub, errno);
        } else if (S_ISDIR(sb.st_mode)) {
            /* a subfolder holding no list is an error too (load_folder) */
            if ((st = load_folder(w, sub, &sb, depth + 1)) != EMBARGO_OK) fail = st;
            else loaded++;
        } else if (set_here) {
            /* the set took this folder's files */
        } else if (!S_ISREG(sb.st_mode)) {
            emb__error_set(w->err, EMBARGO_EIO, sub, 0, 0, "not a list file but %s: refused",
                           emb__file_kind((unsigned)sb.st_mode));
            fail = EMBARGO_EIO;
        } else if ((st = emb__load_file(w->ds, sub, w->err)) == EMBARGO_OK) {
            loaded++;
        } else if (st == EMBARGO_ENOTFOUND) {
            passed++;
            fail = emb__dataset_note(w->ds, EMBARGO_ENOTFOUND, sub, 0, 0,
                                     "passed over: not a list file embargo knows");
        } else {
            fail = st;
        }
        emb__free(sub);
    }
    for (int i = 0; i < n; i++) free(ents[i]);
    free(ents);
    if (fail != EMBARGO_OK) return fail;
    if (loaded) return EMBARGO_OK;
    if (!seen)
        emb__error_set(w->err, EMBARGO_ENOTFOUND, path, 0, 0, "an empty folder: no list to load");
    else
        emb__error_set(w->err, EMBARGO_ENOTFOUND, path, 0, 0,
                       "no list file embargo can read in this folder (%d file%s passed over)", passed,
                       passed == 1 ? "" : "s");
    return EMBARGO_ENOTFOUND;
}

/* The folder `path` (stat'd in *sb), `depth` levels below the one given:
 * a set of files in it, then its entries. */
static embargo_status load_folder(walk *w, const char *path, const struct stat *sb, int depth) {
    for (int i = 0; i < depth && i <= MAX_DEPTH; i++) {
        if (w->open[i].dev == sb->st_dev && w->open[i].ino == sb->st_ino) {
            emb__error_set(w->err, EMBARGO_EIO, path, 0, 0,
                           "a symbolic link loop: this folder is one it lies in, %d level%s up",
                           depth - i, depth - i == 1 ? "" : "s");
            return EMBARGO_EIO;
        }
    }
    if (depth > MAX_DEPTH) {
        emb__error_set(w->err, EMBARGO_EINVAL, path, 0, 0,
                       "folders nest too deep: lists are looked for at most %d levels below the "
                       "folder given", MAX_DEPTH);
        return EMBARGO_EINVAL;
    }
    w->open[depth].dev = sb->st_dev;
    w->open[depth].ino = sb->st_ino;
    const emb_loader *set = choose(path, NULL, 0, 1);
    embargo_status st = set ? set->load(w->ds, path, w->err) : EMBARGO_ENOTFOUND;
    if (st != EMBARGO_OK && st != EMBARGO_ENOTFOUND) return st;
    return load_entries(w, path, depth, st == EMBARGO_OK);
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
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) {
            emb__error_set(err, EMBARGO_ENOTFOUND, path, 0, 0, "no such file or folder");
            return EMBARGO_ENOTFOUND;
        }
        walk w = { ds, err, { { 0, 0 } } };
        return unreachable(&w, path, e);
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
    embargo_status st;
    if (S_ISDIR(sb.st_mode)) {
        walk w;
        memset(&w, 0, sizeof(w));
        w.ds = ds;
        w.err = err;
        st = load_folder(&w, path, &sb, 0);
    } else {
        st = emb__load_file(ds, path, err);
        if (st == EMBARGO_ENOTFOUND)
            emb__error_set(err, st, path, 0, 0, "not a list file embargo can read");
    }
    if (st == EMBARGO_OK) st = hash_sources(ds, lists_before, before, err);
    emb__free(before);
    if (st == EMBARGO_ENOMEM && err && err->code != EMBARGO_ENOMEM)
        emb__error_set(err, st, path, 0, 0, "out of memory");
    if (st != EMBARGO_OK) emb__dataset_rollback(ds, &mark);
    return st;
}

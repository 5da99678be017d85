/*
 * loader.c - choosing a loader by a file's content; see loader.h.
 */
#include "loader.h"
#include "../base/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

extern const emb_loader emb__un_loader, emb__eu_fsf_loader, emb__eu_journal_loader,
    emb__uk_loader, emb__csl_loader, emb__dpl_loader, emb__ftm_loader;

const emb_loader *const emb__loaders[] = {
    &emb__un_loader,  &emb__eu_fsf_loader, &emb__eu_journal_loader, &emb__uk_loader,
    &emb__csl_loader, &emb__dpl_loader,    &emb__ftm_loader,        NULL,
};

embargo_status emb__read_file(const char *path, char **out, size_t *len, embargo_error *err) {
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        return EMBARGO_EIO;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        /* read in blocks of 64 KB and more, with room for the NUL */
        if (EMB_GROW(buf, cap, n + 2 > (size_t)1 << 16 ? n + 2 : (size_t)1 << 16)) {
            emb__free(buf);
            fclose(f);
            return EMBARGO_ENOMEM;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        emb__free(buf);
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "read error");
        return EMBARGO_EIO;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return EMBARGO_OK;
}

embargo_status emb__load_file(embargo_dataset *ds, const char *path, embargo_error *err) {
    unsigned char head[4096];
    FILE *f = fopen(path, "rb");
    if (!f) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        return EMBARGO_EIO;
    }
    size_t n = fread(head, 1, sizeof(head), f);
    fclose(f);
    const emb_loader *best = NULL;
    int best_score = 0;
    for (size_t i = 0; emb__loaders[i]; i++) {
        int sc = emb__loaders[i]->sniff(path, head, n);
        if (sc > best_score) {
            best_score = sc;
            best = emb__loaders[i];
        }
    }
    if (!best) return EMBARGO_ENOTFOUND;
    return best->load(ds, path, err);
}

/*
 * listfile.c - reading the files of a list: whole, their first bytes, and
 * the publication date beside them; see listfile.h.
 */
#include "listfile.h"
#include "dataset.h"
#include "../base/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static FILE *open_file(const char *path, embargo_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    return f;
}

embargo_status emb__read_file(const char *path, char **out, size_t *len, embargo_error *err) {
    *out = NULL;
    *len = 0;
    FILE *f = open_file(path, err);
    if (!f) return EMBARGO_EIO;
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

embargo_status emb__read_head(const char *path, unsigned char *head, size_t cap, size_t *n,
                              embargo_error *err) {
    *n = 0;
    FILE *f = open_file(path, err);
    if (!f) return EMBARGO_EIO;
    *n = fread(head, 1, cap, f);
    fclose(f);
    return EMBARGO_OK;
}

void emb__folder_date(const char *path, char *out, size_t cap) {
    out[0] = '\0';
    struct stat sb;
    size_t len = strlen(path) + sizeof("/publication-date") + 1;
    char *p = emb__malloc(len);
    if (!p) return;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(p, len, "%s/publication-date", path);
    } else {
        const char *slash = strrchr(path, '/');
        int dl = slash ? (int)(slash - path) : 1;
        snprintf(p, len, "%.*s/publication-date", dl, slash ? path : ".");
    }
    FILE *f = fopen(p, "r");
    emb__free(p);
    if (!f) return;
    char line[64];
    if (fgets(line, sizeof(line), f)) {
        size_t n = 0;
        /* an ISO 8601 date: digits and dashes only */
        while (line[n] && ((line[n] >= '0' && line[n] <= '9') || line[n] == '-') && n + 1 < cap) n++;
        if (n >= 4) {
            memcpy(out, line, n);
            out[n] = '\0';
        }
    }
    fclose(f);
}

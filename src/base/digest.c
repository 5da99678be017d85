/*
 * digest.c - SHA-256 of files and folders; see digest.h.
 */
#define _DEFAULT_SOURCE /* scandir, alphasort, DT_* */
#include "digest.h"
#include "alloc.h"
#include "error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void to_hex(const unsigned char *md, char hex[EMB_SHA256_HEX]) {
    static const char X[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = X[md[i] >> 4];
        hex[2 * i + 1] = X[md[i] & 15];
    }
    hex[64] = '\0';
}

void emb__sha256(const void *p, size_t n, char hex[EMB_SHA256_HEX]) {
    unsigned char md[32];
    unsigned int len = 0;
    if (!EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) || len != 32) {
        hex[0] = '\0';
        return;
    }
    to_hex(md, hex);
}

static embargo_status file_digest(const char *path, char hex[EMB_SHA256_HEX], embargo_error *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot open to hash it: %s", strerror(errno));
        return EMBARGO_EIO;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char *buf = emb__malloc(1 << 16);
    embargo_status st = EMBARGO_ENOMEM;
    if (!ctx || !buf || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) goto done;
    for (;;) {
        ssize_t r = read(fd, buf, 1 << 16);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot read to hash it: %s", strerror(errno));
            st = EMBARGO_EIO;
            goto done;
        }
        if (r == 0) break;
        if (!EVP_DigestUpdate(ctx, buf, (size_t)r)) goto done;
    }
    unsigned char md[32];
    unsigned int len = 0;
    if (!EVP_DigestFinal_ex(ctx, md, &len) || len != 32) goto done;
    to_hex(md, hex);
    st = EMBARGO_OK;
done:
    if (st == EMBARGO_ENOMEM) emb__error_set(err, st, path, 0, 0, "out of memory hashing the list");
    EVP_MD_CTX_free(ctx);
    emb__free(buf);
    close(fd);
    return st;
}

static int visible(const struct dirent *d) { return d->d_name[0] != '.'; }

embargo_status emb__sha256_path(const char *path, char hex[EMB_SHA256_HEX], embargo_error *err) {
    struct stat sb;
    if (stat(path, &sb) != 0) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot hash: %s", strerror(errno));
        return EMBARGO_EIO;
    }
    if (!S_ISDIR(sb.st_mode)) return file_digest(path, hex, err);
    struct dirent **names = NULL;
    int n = scandir(path, &names, visible, alphasort);
    if (n < 0) {
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot list the folder to hash it: %s", strerror(errno));
        return EMBARGO_EIO;
    }
    /* the listing sha256sum would print, hashed in turn */
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    embargo_status st = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ? EMBARGO_OK : EMBARGO_ENOMEM;
    for (int i = 0; i < n && !st; i++) {
        char sub[4096], h[EMB_SHA256_HEX], line[4200];
        int w = snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
        struct stat fs;
        if (w < 0 || (size_t)w >= sizeof(sub) || stat(sub, &fs) != 0 || !S_ISREG(fs.st_mode)) continue;
        st = file_digest(sub, h, err);
        if (st) break;
        w = snprintf(line, sizeof(line), "%s  %s\n", h, names[i]->d_name);
        if (!EVP_DigestUpdate(ctx, line, (size_t)w)) st = EMBARGO_ENOMEM;
    }
    unsigned char md[32];
    unsigned int len = 0;
    if (!st && (!EVP_DigestFinal_ex(ctx, md, &len) || len != 32)) st = EMBARGO_ENOMEM;
    if (!st) to_hex(md, hex);
    if (st == EMBARGO_ENOMEM) emb__error_set(err, st, path, 0, 0, "out of memory hashing the list");
    EVP_MD_CTX_free(ctx);
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
    return st;
}

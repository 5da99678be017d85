/*
 * keys.c - API keys: the key file and the Bearer tokens checked against it.
 *
 * The file holds no key, only its SHA-256, so that reading it discloses
 * nothing usable: one key a line as NAME:SHA256-HEX, or NAME:SHA256-HEX:admin
 * for a key that may also call the /admin endpoints. A client sends the key
 * itself in "Authorization: Bearer KEY"; the server hashes it (libcrypto)
 * and compares the hash with every key's, in constant time, so that the
 * time taken says nothing about how much of a hash matched. Only the
 * key's NAME ever reaches the log.
 */
#include "server.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int fail(char *err, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(char *err, size_t cap, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (cap) vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    return -1;
}

/* Parses one line (no line end) into k. Returns 0, 1 for a line to skip,
 * -1 with why in err. */
static int parse_line(const char *s, size_t n, srv_key *k, char *err, size_t cap) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    if (n == 0 || s[0] == '#') return 1;
    const char *colon = memchr(s, ':', n);
    if (!colon) return fail(err, cap, "expected NAME:SHA256-HEX[:admin]");
    size_t nl = (size_t)(colon - s);
    if (nl == 0 || nl > 64) return fail(err, cap, "a key's name has 1 to 64 characters");
    for (size_t i = 0; i < nl; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return fail(err, cap, "a key's name is letters, digits, '.', '_' and '-'");
    }
    memcpy(k->name, s, nl);
    k->name[nl] = '\0';
    const char *h = colon + 1;
    size_t rest = n - nl - 1;
    const char *colon2 = memchr(h, ':', rest);
    size_t hl = colon2 ? (size_t)(colon2 - h) : rest;
    if (hl != 64) return fail(err, cap, "key '%s': the SHA-256 of the key is 64 hex digits (sha256sum)", k->name);
    for (size_t i = 0; i < 32; i++) {
        int a = hexval((unsigned char)h[2 * i]), b = hexval((unsigned char)h[2 * i + 1]);
        if (a < 0 || b < 0) return fail(err, cap, "key '%s': the SHA-256 is not hexadecimal", k->name);
        k->hash[i] = (unsigned char)(a << 4 | b);
    }
    k->admin = 0;
    if (colon2) {
        size_t fl = rest - hl - 1;
        if (fl == 5 && !memcmp(colon2 + 1, "admin", 5)) k->admin = 1;
        else return fail(err, cap, "key '%s': the third field may only be 'admin'", k->name);
    }
    return 0;
}

int srv_keys_parse(const char *text, size_t len, const char *file, srv_keys *out, char *err, size_t cap) {
    srv_keys k = {NULL, 0};
    size_t cap_keys = 0;
    unsigned long line = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        line++;
        srv_key key;
        char why[160];
        if (memchr(text + at, '\0', n)) {
            srv_keys_free(&k);
            return fail(err, cap, "%s:%lu: a NUL byte", file, line);
        }
        int r = parse_line(text + at, n, &key, why, sizeof(why));
        if (r < 0) {
            srv_keys_free(&k);
            return fail(err, cap, "%s:%lu: %s", file, line, why);
        }
        if (r == 0) {
            for (size_t i = 0; i < k.n; i++)
                if (!strcmp(k.v[i].name, key.name)) {
                    srv_keys_free(&k);
                    return fail(err, cap, "%s:%lu: a second key named '%s'", file, line, key.name);
                }
            if (k.n == cap_keys) {
                size_t nc = cap_keys ? cap_keys * 2 : 8;
                srv_key *v = realloc(k.v, nc * sizeof(*v));
                if (!v) {
                    srv_keys_free(&k);
                    return fail(err, cap, "%s: out of memory", file);
                }
                k.v = v;
                cap_keys = nc;
            }
            k.v[k.n++] = key;
        }
        at += n + (nl ? 1 : 0);
    }
    *out = k;
    return 0;
}

int srv_keys_load(const char *path, srv_keys *out, char *err, size_t cap) {
    FILE *f = fopen(path, "rb");
    if (!f) return fail(err, cap, "%s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t len = 0, bcap = 0;
    int rc = 0;
    for (;;) {
        if (len == bcap) {
            if (bcap >= (1u << 24)) {
                rc = fail(err, cap, "%s: larger than 16 MiB; not a key file", path);
                break;
            }
            size_t nc = bcap ? bcap * 2 : 4096;
            char *nb = realloc(buf, nc);
            if (!nb) {
                rc = fail(err, cap, "%s: out of memory", path);
                break;
            }
            buf = nb;
            bcap = nc;
        }
        size_t got = fread(buf + len, 1, bcap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) rc = fail(err, cap, "%s: read error", path);
            break;
        }
    }
    fclose(f);
    if (rc == 0) rc = srv_keys_parse(buf ? buf : "", len, path, out, err, cap);
    free(buf);
    if (rc == 0 && out->n == 0) {
        srv_keys_free(out);
        return fail(err, cap, "%s: no key in the file (one NAME:SHA256-HEX a line)", path);
    }
    return rc;
}

const srv_key *srv_keys_check(const srv_keys *k, const char *authorization) {
    if (!authorization || !k->n) return NULL;
    const char *p = authorization;
    while (*p == ' ') p++;
    if (strncasecmp(p, "Bearer", 6) != 0 || (p[6] != ' ' && p[6] != '\t')) return NULL;
    p += 6;
    while (*p == ' ' || *p == '\t') p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    if (n == 0 || n > 4096) return NULL;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32) return NULL;
    const srv_key *found = NULL;
    for (size_t i = 0; i < k->n; i++)      /* every key, whatever matched */
        if (CRYPTO_memcmp(md, k->v[i].hash, 32) == 0 && !found) found = &k->v[i];
    return found;
}

void srv_keys_free(srv_keys *k) {
    free(k->v);
    k->v = NULL;
    k->n = 0;
}

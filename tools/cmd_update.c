/*
 * cmd_update.c - `embargo update`: fetch every configured list source,
 * verify each download, keep it as a snapshot, and publish a new live index.
 *
 * A source is a line of the sources file, `NAME URL [URL ...]` (several
 * URLs for a set of files such as OFAC's). For each source, in order:
 *
 *   1. fetch every URL into DIR/tmp/NAME.XXXXXX (fetch.c: HTTPS, bounded
 *      redirects, timeouts, retries, a maximum size, conditional requests
 *      with the validators of the newest snapshot; an HTML page, an empty or
 *      truncated answer is refused there). All answered 304: unchanged.
 *   2. an OpenSanctions delta file is applied to the newest snapshot's file
 *      (the two concatenated, which the loader reads as one load: ADD, MOD
 *      and DEL in order), never taken as a list of its own.
 *   3. the same content as the newest snapshot (a server that ignores
 *      conditions): unchanged.
 *   4. verify: the folder loads completely with the library's loaders and
 *      builds an index; every file is part of a list; the entity count is
 *      not below --min-share of the newest snapshot's (unless --force).
 *   5. accept: metadata written, the folder renamed into
 *      DIR/snapshots/NAME/STAMP-HASH, the store's folder fsync'd.
 *
 * A failure at any step removes the download and leaves the store and the
 * live index as they were; the other sources go on. Then, if the newest
 * snapshots of the configured sources differ from the lists of the live
 * index (compared by list name and SHA-256), a new index is built from them,
 * saved beside the live one (embargo_index_save: temporary file, fsync,
 * rename), opened again and checked, and renamed over DIR/embargo.idx, and
 * the folder is fsync'd. A program that has the old index open keeps it
 * (embargo_index_open reads the file into memory); one that opens the path
 * gets the old or the new file, never a mix. Snapshots beyond --keep per
 * source are removed, oldest first; the newest is always kept.
 *
 * One update runs at a time per data folder (an flock on DIR/.lock).
 * Exit status: 0 a new index was published, 1 nothing changed, 2 a source
 * failed or the update could not run (what succeeded is still published).
 */
#define _DEFAULT_SOURCE /* mkdtemp, flock */
#include "ops.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: embargo update [--data-dir DIR] [--sources FILE] [--only NAME,...] [OPTIONS]\n"
    "\n"
    "Fetches every list source, verifies each download, keeps it as a snapshot\n"
    "in DIR/snapshots and publishes a new index as DIR/embargo.idx, which\n"
    "screen, scan and who use with --data-dir DIR (or EMBARGO_DATA_DIR=DIR).\n"
    "A source that fails keeps its last good version and does not stop the others.\n"
    "\n"
    "options:\n"
    "  --data-dir DIR        the data folder (default: $EMBARGO_DATA_DIR)\n"
    "  --sources FILE        the sources, one a line: NAME URL [URL ...] (default:\n"
    "                        DIR/sources if it exists, else the bundled\n"
    "                        sources/default.sources)\n"
    "  --only NAME,...       fetch only these sources (the index still holds all)\n"
    "  --force               accept a download whose entity count fell below\n"
    "                        --min-share of the previous version's\n"
    "  --min-share F         default 0.90\n"
    "  --keep N              snapshots kept per source (default 10)\n"
    "  --retries N           further attempts after a transient failure (default 3)\n"
    "  --retry-delay S       seconds before the first retry, doubled each time (default 2)\n"
    "  --connect-timeout S   default 30\n"
    "  --timeout S           for one whole download (default 600)\n"
    "  --max-size BYTES      the largest download accepted (K, M, G suffixes; default 1G)\n"
    "  --max-redirects N     default 5\n"
    "  --allow-http          also fetch http:// URLs (a mirror on your own network)\n"
    "  --state DB            also record the update in a monitor store's audit trail\n"
    "  --quiet               print only failures\n"
    "  --dry-run             read the sources file and print the sources, fetch nothing\n"
    "\n"
    "Exit status: 0 a new index was published, 1 nothing changed, 2 a source\n"
    "failed (what did not fail is still published) or the update could not run.\n";

enum { MAX_URLS = 16, MAX_SOURCES = 64 };

typedef struct source {
    char name[64];
    char *urls[MAX_URLS];
    char files[MAX_URLS][128];   /* the name each URL's file has in a snapshot */
    int nurls;
    int line;
    int selected;
    int outcome;                 /* SRC_*, or -1: not fetched this time */
    char version[96];            /* the newest good version after the run */
} source;

typedef struct update {
    const char *dir;
    cli_fetch_opts fo;
    double min_share;
    int force, quiet, keep, dry_run;
    source src[MAX_SOURCES];
    int nsrc;
} update;

enum { SRC_UNCHANGED, SRC_UPDATED, SRC_FAILED };

/* ---- the sources file ---------------------------------------------------------------- */

static int valid_name(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n >= 64) return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '.')) return 0;
    return s[0] != '.';
}

/* The file name a URL's download gets: the last segment of its path, lower
 * case (OFAC's SDN.CSV is the loader's sdn.csv), letters, digits, '.', '-'
 * and '_' only; "download" if nothing is left. */
static void file_name(const char *url, char *out, size_t cap) {
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *end = p + strcspn(p, "?#");
    const char *seg = p;
    for (const char *q = p; q < end; q++)
        if (*q == '/') seg = q + 1;
    if (seg == p) seg = end; /* no path: the host is no file name */
    size_t n = 0;
    for (const char *q = seg; q < end && n + 1 < cap; q++) {
        unsigned char c = (unsigned char)*q;
        if (isalnum(c) || c == '.' || c == '-' || c == '_') out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
    while (out[0] == '.') memmove(out, out + 1, strlen(out));
    if (!out[0]) snprintf(out, cap, "download");
}

static void free_sources(update *u) {
    for (int i = 0; i < u->nsrc; i++)
        for (int k = 0; k < u->src[i].nurls; k++) free(u->src[i].urls[k]);
    u->nsrc = 0;
}

/* Reads the sources file: one source a line, NAME URL [URL ...]; '#'
 * starts a comment; a line ending in '\' goes on on the next. Prints what
 * is wrong with FILE:LINE; returns 0 or -1. */
static int read_sources(update *u, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "embargo: cannot open the sources file %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL, *joined = NULL;
    size_t cap = 0, jlen = 0;
    ssize_t n;
    int lineno = 0, start = 0, bad = 0;
    while (!bad && (n = cli_getline(&line, &cap, f)) >= 0) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        size_t len = strlen(line);
        int more = len && line[len - 1] == '\\';
        if (more) line[--len] = '\0';
        char *nj = realloc(joined, jlen + len + 2);
        if (!nj) {
            bad = 1;
            break;
        }
        joined = nj;
        if (!jlen) start = lineno;
        memcpy(joined + jlen, line, len);
        jlen += len;
        joined[jlen++] = ' ';
        joined[jlen] = '\0';
        if (more) continue;
        char *save = NULL, *tok = strtok_r(joined, " \t\r", &save);
        jlen = 0;
        if (!tok) continue;
        if (u->nsrc == MAX_SOURCES) {
            fprintf(stderr, "embargo: %s:%d: more than %d sources\n", path, start, MAX_SOURCES);
            bad = 1;
            break;
        }
        source *s = &u->src[u->nsrc];
        memset(s, 0, sizeof(*s));
        s->line = start;
        if (!valid_name(tok)) {
            fprintf(stderr, "embargo: %s:%d: '%s' is no source name (letters, digits, '-', '_', '.')\n", path,
                    start, tok);
            bad = 1;
            break;
        }
        snprintf(s->name, sizeof(s->name), "%s", tok);
        for (int i = 0; i < u->nsrc; i++)
            if (!strcmp(u->src[i].name, s->name)) {
                fprintf(stderr, "embargo: %s:%d: source %s again (first on line %d)\n", path, start, s->name,
                        u->src[i].line);
                bad = 1;
            }
        while (!bad && (tok = strtok_r(NULL, " \t\r", &save))) {
            if (strncmp(tok, "https://", 8) && strncmp(tok, "http://", 7)) {
                fprintf(stderr, "embargo: %s:%d: '%s' is not an https:// URL\n", path, start, tok);
                bad = 1;
            } else if (s->nurls == MAX_URLS) {
                fprintf(stderr, "embargo: %s:%d: more than %d URLs for %s\n", path, start, MAX_URLS, s->name);
                bad = 1;
            } else if (!(s->urls[s->nurls] = strdup(tok))) {
                bad = 1;
            } else {
                file_name(tok, s->files[s->nurls], sizeof(s->files[0]));
                for (int k = 0; k < s->nurls; k++)
                    if (!strcmp(s->files[k], s->files[s->nurls])) {
                        fprintf(stderr, "embargo: %s:%d: two URLs of %s give the file name %s\n", path, start,
                                s->name, s->files[k]);
                        bad = 1;
                    }
                s->nurls++;
            }
        }
        u->nsrc++;
        if (!bad && s->nurls == 0) {
            fprintf(stderr, "embargo: %s:%d: source %s has no URL\n", path, start, s->name);
            bad = 1;
        }
    }
    if (!bad && ferror(f)) {
        fprintf(stderr, "embargo: cannot read %s\n", path);
        bad = 1;
    }
    free(line);
    free(joined);
    fclose(f);
    if (!bad && u->nsrc == 0) {
        fprintf(stderr, "embargo: %s names no source\n", path);
        bad = 1;
    }
    return bad ? -1 : 0;
}

/* The bundled sources file: sources/default.sources in the folder holding
 * the program or one or two above it (./embargo, build/san/embargo). */
static int bundled_sources(char *out, size_t cap) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0) return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return -1;
    *slash = '\0';
    for (int up = 0; up < 3; up++) {
        int w = snprintf(out, cap, "%.*s/%ssources/default.sources", (int)(cap - 32), exe,
                         up == 0 ? "" : up == 1 ? "../" : "../../");
        if (w > 0 && (size_t)w < cap && access(out, R_OK) == 0) return 0;
    }
    return -1;
}

/* ---- one source ------------------------------------------------------------------------- */

static void say(const update *u, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void say(const update *u, const char *fmt, ...) {
    if (u->quiet) return;
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

static const cli_snapshot_file *prev_file(const cli_snapshot *prev, const char *name) {
    if (!prev) return NULL;
    for (int i = 0; i < prev->nfiles; i++)
        if (!strcmp(prev->files[i].name, name)) return &prev->files[i];
    return NULL;
}

/* Writes the bytes of file `from` to file `to`, opened with `mode` ("wb"
 * replaces it, "ab" appends). */
static int write_file_to(const char *from, const char *to, const char *mode) {
    FILE *a = fopen(from, "rb"), *b = a ? fopen(to, mode) : NULL;
    int ok = a && b;
    char buf[1 << 16];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof(buf), a)) > 0) ok = fwrite(buf, 1, n, b) == n;
    if (a && ferror(a)) ok = 0;
    if (a) fclose(a);
    if (b && fclose(b) != 0) ok = 0;
    return ok ? 0 : -1;
}

/* Copies (hard-links if it can) a file of the previous snapshot into the
 * staging folder. */
static int copy_file(const char *from, const char *to) {
    if (link(from, to) == 0) return 0;
    return write_file_to(from, to, "wb");
}

/* Appends file `add` to file `to`. */
static int append_file(const char *add, const char *to) {
    return write_file_to(add, to, "ab");
}

/* The snapshot's hash as the library computes it for the loaded path: the
 * one file's SHA-256, or for several the SHA-256 of their sha256sum
 * listing in name order. */
static void snapshot_hash(cli_snapshot *s) {
    if (s->nfiles == 1) {
        memcpy(s->sha256, s->files[0].sha256, 65);
        return;
    }
    int order[MAX_URLS];
    for (int i = 0; i < s->nfiles; i++) order[i] = i;
    for (int i = 1; i < s->nfiles; i++)
        for (int j = i; j > 0 && strcmp(s->files[order[j - 1]].name, s->files[order[j]].name) > 0; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    for (int i = 0; ok && i < s->nfiles; i++) {
        char line[256];
        int w = snprintf(line, sizeof(line), "%s  %s\n", s->files[order[i]].sha256, s->files[order[i]].name);
        ok = EVP_DigestUpdate(md, line, (size_t)w);
    }
    cli_sha256_final(md, ok, s->sha256);
    EVP_MD_CTX_free(md);
}

/* Loads and indexes the staging folder: the verification. Fills the
 * snapshot's lists and entity count; prints why it fails. */
static int verify(const update *u, const source *src, const char *stage, cli_snapshot *s) {
    embargo_dataset *ds = NULL;
    embargo_error err;
    embargo_status st = embargo_dataset_new(&ds);
    if (!st) st = embargo_dataset_load(ds, stage, &err);
    if (st) {
        /* the file's name as the source has it, not the staging path */
        size_t sl = strlen(stage);
        const char *file = !strncmp(err.file, stage, sl) ? err.file + sl + (err.file[sl] == '/') : err.file;
        const char *msg = err.message[0] ? err.message : embargo_strerror(st);
        if (st == EMBARGO_ENOTFOUND)
            fprintf(stderr, "embargo: %s: refused: no list embargo can read in the download\n", src->name);
        else if (err.line)
            fprintf(stderr, "embargo: %s: refused: the download does not parse: %s:%lu:%lu: %s\n", src->name,
                    file[0] ? file : "?", err.line, err.column, msg);
        else
            fprintf(stderr, "embargo: %s: refused: the download does not load: %s%s%s\n", src->name, file,
                    file[0] ? ": " : "", msg);
        embargo_dataset_free(ds);
        return -1;
    }
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.flags = EMBARGO_BUILD_NO_GROUPS;
    embargo_index *ix = NULL;
    st = embargo_index_build(ds, &bo, &ix, &err);
    embargo_dataset_free(ds);
    if (st) {
        fprintf(stderr, "embargo: %s: refused: cannot index the download: %s\n", src->name,
                err.message[0] ? err.message : embargo_strerror(st));
        return -1;
    }
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    s->entities = info.entities;
    s->nlists = 0;
    int covered[MAX_URLS] = {0};
    size_t sl = strlen(stage);
    for (uint32_t i = 0; i < info.lists && s->nlists < (int)(sizeof(s->lists) / sizeof(s->lists[0])); i++) {
        embargo_list_info li;
        if (embargo_index_list(ix, i, &li)) continue;
        cli_snapshot_list *l = &s->lists[s->nlists++];
        snprintf(l->name, sizeof(l->name), "%s", li.name);
        snprintf(l->date, sizeof(l->date), "%s", li.date);
        snprintf(l->sha256, sizeof(l->sha256), "%s", li.sha256);
        l->entities = li.entities;
        /* which files the list was read from: the folder (a set), or one */
        const char *rel = !strncmp(li.source, stage, sl) ? li.source + sl : "";
        for (int k = 0; k < s->nfiles; k++)
            if (!rel[0] || (rel[0] == '/' && !strcmp(rel + 1, s->files[k].name))) covered[k] = 1;
    }
    embargo_index_close(ix);
    for (int k = 0; k < s->nfiles; k++)
        if (!covered[k]) {
            fprintf(stderr, "embargo: %s: refused: %s (%s) is not a list file embargo can read\n", src->name,
                    s->files[k].name, s->files[k].url);
            return -1;
        }
    if (s->entities == 0) {
        fprintf(stderr, "embargo: %s: refused: the download holds no entities\n", src->name);
        return -1;
    }
    (void)u;
    return 0;
}

/* Makes a stamp ("20240503T184323.123456Z") the next one up, as text: its
 * last digit plus one, carried leftwards (a "60" second sorts right). */
static void bump(char *stamp) {
    for (size_t i = strlen(stamp); i-- > 0;) {
        if (stamp[i] < '0' || stamp[i] > '9') continue;
        if (stamp[i] < '9') {
            stamp[i]++;
            return;
        }
        stamp[i] = '0';
    }
}

/* Updates one source. `prev` is its newest snapshot or NULL. */
static int update_source(update *u, const source *src, cli_snapshot *prev) {
    char stage[4096];
    snprintf(stage, sizeof(stage), "%s/tmp/%s.XXXXXX", u->dir, src->name);
    if (!mkdtemp(stage)) {
        fprintf(stderr, "embargo: %s: cannot create a folder in %s/tmp: %s\n", src->name, u->dir, strerror(errno));
        return SRC_FAILED;
    }
    cli_snapshot *s = calloc(1, sizeof(*s));
    if (!s) {
        cli_remove_tree(stage);
        fprintf(stderr, "embargo: out of memory\n");
        return SRC_FAILED;
    }
    snprintf(s->source, sizeof(s->source), "%s", src->name);
    int result = SRC_FAILED, fetched = 0;
    for (int k = 0; k < src->nurls; k++) {
        const char *name = src->files[k];
        char path[4200], label[200];
        snprintf(path, sizeof(path), "%s/%s", stage, name);
        snprintf(label, sizeof(label), "%s %s", src->name, name);
        /* conditional only when the previous version's file is still there */
        const cli_snapshot_file *pf = prev_file(prev, name);
        char prev_path[4300] = "";
        if (pf) snprintf(prev_path, sizeof(prev_path), "%s/%s", prev->path, name);
        if (pf && (access(prev_path, R_OK) != 0 || strcmp(pf->url, src->urls[k]))) pf = NULL;
        cli_fetch_opts fo = u->fo;
        fo.label = label;
        cli_fetch_result r;
        int rc = cli_fetch(&fo, src->urls[k], pf ? pf->etag : NULL, pf ? pf->last_modified : NULL, path, &r);
        cli_snapshot_file *f = &s->files[s->nfiles++];
        snprintf(f->name, sizeof(f->name), "%s", name);
        snprintf(f->url, sizeof(f->url), "%s", src->urls[k]);
        if (rc < 0) {
            fprintf(stderr, "embargo: %s: %s: %s\n", src->name, src->urls[k], r.error);
            goto done;
        }
        if (rc == 1) {
            if (!pf) {
                fprintf(stderr, "embargo: %s: %s: the server answered 304 Not Modified to a request without conditions\n",
                        src->name, src->urls[k]);
                goto done;
            }
            *f = *pf;
            unlink(path);
            if (copy_file(prev_path, path) != 0) {
                fprintf(stderr, "embargo: %s: cannot copy %s: %s\n", src->name, prev_path, strerror(errno));
                goto done;
            }
            say(u, "%s: %s not modified (HTTP 304)\n", src->name, name);
            continue;
        }
        fetched = 1;
        snprintf(f->effective_url, sizeof(f->effective_url), "%s", r.effective_url);
        snprintf(f->sha256, sizeof(f->sha256), "%s", r.sha256);
        snprintf(f->etag, sizeof(f->etag), "%s", r.etag);
        snprintf(f->last_modified, sizeof(f->last_modified), "%s", r.last_modified);
        snprintf(f->content_type, sizeof(f->content_type), "%s", r.content_type);
        f->bytes = r.bytes;
        f->status = r.status;
        say(u, "%s: %s %llu bytes in %.1f s%s\n", src->name, name, (unsigned long long)r.bytes, r.seconds,
            r.attempts > 1 ? " (after retries)" : "");
        /* a delta applies to the newest version's file */
        if (cli_is_delta(path)) {
            if (!pf || src->nurls != 1) {
                fprintf(stderr, "embargo: %s: refused: %s is a delta file, and there is no full version to apply "
                                "it to (fetch the full export first)\n", src->name, name);
                goto done;
            }
            char delta[4300];
            snprintf(delta, sizeof(delta), "%s/.delta", stage);
            if (rename(path, delta) != 0 || copy_file(prev_path, path) != 0 || append_file(delta, path) != 0 ||
                unlink(delta) != 0 || cli_sha256_file(path, f->sha256) != 0) {
                fprintf(stderr, "embargo: %s: cannot apply the delta: %s\n", src->name, strerror(errno));
                goto done;
            }
            say(u, "%s: applied the delta to %s\n", src->name, prev->id);
        }
    }
    if (!fetched) {
        result = SRC_UNCHANGED;
        goto done;
    }
    snapshot_hash(s);
    if (prev && !strcmp(s->sha256, prev->sha256)) {
        /* the same content again: keep the validators the server gave now */
        for (int k = 0; k < s->nfiles; k++)
            for (int j = 0; j < prev->nfiles; j++)
                if (!strcmp(prev->files[j].name, s->files[k].name)) {
                    snprintf(prev->files[j].etag, sizeof(prev->files[j].etag), "%s", s->files[k].etag);
                    snprintf(prev->files[j].last_modified, sizeof(prev->files[j].last_modified), "%s",
                             s->files[k].last_modified);
                }
        cli_store_write_meta(prev->path, prev);
        say(u, "%s: unchanged (same SHA-256 %.12s)\n", src->name, s->sha256);
        result = SRC_UNCHANGED;
        goto done;
    }
    if (verify(u, src, stage, s) != 0) goto done;
    if (prev && (double)s->entities < u->min_share * (double)prev->entities) {
        if (!u->force) {
            fprintf(stderr,
                    "embargo: %s: refused: %u entities, down from %u in the previous version (below %.0f%%); "
                    "kept the previous version (--force accepts it)\n",
                    src->name, s->entities, prev->entities, u->min_share * 100);
            goto done;
        }
        fprintf(stderr, "embargo: %s: %u entities, down from %u (accepted: --force)\n", src->name, s->entities,
                prev->entities);
    }
    /* accept: name, metadata, rename into the store */
    char stamp[40], dest_dir[4096], dest[4200];
    cli_now(s->fetched_at, stamp);
    if (prev && strncmp(stamp, prev->id, strlen(stamp)) <= 0) {
        /* the clock went back: name it just after the newest, so that the
         * names' order stays the order of the versions */
        fprintf(stderr, "embargo: %s: the clock is before the newest snapshot's time; naming after it\n", src->name);
        snprintf(stamp, sizeof(stamp), "%.*s", (int)strcspn(prev->id, "-"), prev->id);
        bump(stamp);
    }
    snprintf(s->id, sizeof(s->id), "%s-%.12s", stamp, s->sha256);
    snprintf(dest_dir, sizeof(dest_dir), "%s/snapshots/%s", u->dir, src->name);
    snprintf(dest, sizeof(dest), "%s/%s", dest_dir, s->id);
    for (int k = 0; k < s->nfiles; k++) {
        char p[4300];
        snprintf(p, sizeof(p), "%s/%s", stage, s->files[k].name);
        if (cli_fsync_path(p) != 0) {
            fprintf(stderr, "embargo: %s: cannot write %s: %s\n", src->name, p, strerror(errno));
            goto done;
        }
    }
    if (cli_store_write_meta(stage, s) != 0) goto done;
    if (cli_mkdirs(dest_dir) != 0 || rename(stage, dest) != 0 || cli_fsync_path(dest_dir) != 0) {
        fprintf(stderr, "embargo: %s: cannot store the snapshot as %s: %s\n", src->name, dest, strerror(errno));
        goto done;
    }
    stage[0] = '\0';
    long diff = prev ? (long)s->entities - (long)prev->entities : 0;
    say(u, "%s: new version %s: %u entities", src->name, s->id, s->entities);
    if (prev) say(u, " (%+ld)", diff);
    for (int i = 0; i < s->nlists; i++)
        if (s->lists[i].date[0]) {
            say(u, ", published %s", s->lists[i].date);
            break;
        }
    say(u, "\n");
    result = SRC_UPDATED;
done:
    if (stage[0]) cli_remove_tree(stage);
    free(s);
    return result;
}

/* ---- publishing --------------------------------------------------------------------- */

static int by_pair(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Whether the live index holds exactly the lists of the snapshots (by name
 * and SHA-256). */
static int live_matches(const char *live, cli_snapshot **snaps, int n) {
    embargo_index *ix = NULL;
    embargo_error err;
    if (access(live, F_OK) != 0 || embargo_index_open(live, &ix, &err) != EMBARGO_OK) return 0;
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    size_t want = 0;
    for (int i = 0; i < n; i++) want += (size_t)snaps[i]->nlists;
    int same = want == info.lists;
    char **a = calloc(want + 1, sizeof(char *)), **b = calloc(want + 1, sizeof(char *));
    if (!a || !b) same = 0;
    size_t k = 0;
    for (int i = 0; same && i < n; i++)
        for (int j = 0; j < snaps[i]->nlists; j++, k++) {
            a[k] = malloc(140);
            if (a[k]) snprintf(a[k], 140, "%s %s", snaps[i]->lists[j].name, snaps[i]->lists[j].sha256);
            else same = 0;
        }
    for (uint32_t i = 0; same && i < info.lists; i++) {
        embargo_list_info li;
        b[i] = malloc(140);
        if (!b[i] || embargo_index_list(ix, i, &li)) same = 0;
        else snprintf(b[i], 140, "%s %s", li.name, li.sha256);
    }
    if (same) {
        qsort(a, want, sizeof(char *), by_pair);
        qsort(b, want, sizeof(char *), by_pair);
        for (size_t i = 0; same && i < want; i++) same = !strcmp(a[i], b[i]);
    }
    for (size_t i = 0; a && i < want; i++) free(a[i]);
    for (size_t i = 0; b && i < want; i++) free(b[i]);
    free(a);
    free(b);
    embargo_index_close(ix);
    return same;
}

/* Builds the index of the snapshots and renames it over DIR/embargo.idx.
 * Returns 1 published, 0 nothing to do, -1 failed (printed; live unchanged). */
static int publish(const update *u, cli_snapshot **snaps, int n) {
    char live[4200], next[4200];
    snprintf(live, sizeof(live), "%s/embargo.idx", u->dir);
    snprintf(next, sizeof(next), "%s/embargo.idx.next", u->dir);
    if (n == 0) {
        fprintf(stderr, "embargo: no source has a good version yet: no index to publish\n");
        return -1;
    }
    if (live_matches(live, snaps, n)) return 0;
    embargo_dataset *ds = NULL;
    embargo_error err;
    embargo_status st = embargo_dataset_new(&ds);
    for (int i = 0; !st && i < n; i++) st = embargo_dataset_load(ds, snaps[i]->path, &err);
    if (st) {
        /* each loaded alone when it was fetched: together they clash (two
         * sources giving one list) */
        fprintf(stderr, "embargo: cannot build the new index from the newest versions; the live index is kept:\n");
        cli_print_error(&err, st);
        embargo_dataset_free(ds);
        return -1;
    }
    embargo_dataset_stats ds_stats;
    embargo_dataset_stats_get(ds, &ds_stats);
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    embargo_index *ix = NULL;
    st = embargo_index_build(ds, &bo, &ix, &err);
    embargo_dataset_free(ds);
    if (!st) st = embargo_index_save(ix, next, &err);
    embargo_index_close(ix);
    if (st) {
        cli_print_error(&err, st);
        unlink(next);
        return -1;
    }
    /* read it back as every reader will, before it becomes the live one */
    embargo_index *check = NULL;
    st = embargo_index_open(next, &check, &err);
    embargo_index_info info = {0};
    if (!st) embargo_index_info_get(check, &info);
    embargo_index_close(check);
    if (st || info.entities != ds_stats.entities) {
        if (st) cli_print_error(&err, st);
        else fprintf(stderr, "embargo: the new index holds %u entities, not %zu: not published\n", info.entities, ds_stats.entities);
        unlink(next);
        return -1;
    }
    if (rename(next, live) != 0 || cli_fsync_path(u->dir) != 0) {
        fprintf(stderr, "embargo: cannot publish %s: %s\n", live, strerror(errno));
        unlink(next);
        return -1;
    }
    say(u, "published %s: %u entities from %u lists\n", live, info.entities, info.lists);
    return 1;
}

/* Removes a source's snapshots beyond the newest `keep`. */
static void prune(const update *u, const char *name) {
    cli_snapshot *s = NULL;
    size_t n = 0;
    if (cli_store_list(u->dir, name, &s, &n) != 0) return;
    for (size_t i = (size_t)u->keep; i < n; i++) {
        if (cli_remove_tree(s[i].path) != 0)
            fprintf(stderr, "embargo: cannot remove the old snapshot %s: %s\n", s[i].path, strerror(errno));
        else
            say(u, "%s: removed the old snapshot %s\n", name, s[i].id);
    }
    free(s);
}

/* Records the update in a monitor store's audit trail (--state): the
 * list versions now live, and what became of each source. */
static int record_update(const update *u, const char *state, const char *sources, int pub) {
    char live[4200];
    snprintf(live, sizeof(live), "%s/embargo.idx", u->dir);
    embargo_index *ix = NULL;
    embargo_error err;
    char *lists = NULL, *input = NULL, *result = NULL;
    size_t l1 = 0, l2 = 0;
    if (embargo_index_open(live, &ix, &err) == EMBARGO_OK) lists = cli_lists_json(ix);
    embargo_index_close(ix);
    FILE *f1 = open_memstream(&input, &l1), *f2 = open_memstream(&result, &l2);
    int r = -1;
    if (f1 && f2) {
        fputs("{\"data_dir\":", f1);
        json_str(f1, u->dir, strlen(u->dir));
        json_member(f1, "sources", sources, strlen(sources));
        fputc('}', f1);
        fprintf(f2, "{\"published\":%s,\"sources\":[", pub > 0 ? "true" : "false");
        static const char *const OUT[] = {"unchanged", "updated", "failed"};
        for (int i = 0; i < u->nsrc; i++) {
            const source *s = &u->src[i];
            fputs(i ? ",{\"name\":" : "{\"name\":", f2);
            json_str(f2, s->name, strlen(s->name));
            const char *o = s->outcome < 0 ? "not fetched" : OUT[s->outcome];
            json_member(f2, "outcome", o, strlen(o));
            json_member(f2, "version", s->version[0] ? s->version : NULL, strlen(s->version));
            fputc('}', f2);
        }
        fputs("]}", f2);
    }
    if (f1) fclose(f1);
    if (f2) fclose(f2);
    sqlite3 *db = input && result ? cli_state_open(state, 600000, 1) : NULL;
    if (db && !cli_sql(db, "BEGIN IMMEDIATE")) {
        if (!cli_audit_append(db, cli_user(), "update", lists, input, result) && !cli_sql(db, "COMMIT")) r = 0;
        else cli_sql(db, "ROLLBACK");
    }
    if (r) fprintf(stderr, "embargo: the update was not recorded in %s\n", state);
    if (db) sqlite3_close(db);
    free(lists);
    free(input);
    free(result);
    return r;
}

/* ---- the command ---------------------------------------------------------------------- */

static int parse_size(const char *s, uint64_t *out) {
    char *end;
    double v = strtod(s, &end);
    double m = 1;
    if (*end == 'K' || *end == 'k') m = 1024, end++;
    else if (*end == 'M' || *end == 'm') m = 1024.0 * 1024, end++;
    else if (*end == 'G' || *end == 'g') m = 1024.0 * 1024 * 1024, end++;
    if (end == s || *end || !(v >= 1) || v * m > 1e15) {
        fprintf(stderr, "embargo: --max-size takes a size in bytes (K, M, G suffixes), not '%s'\n", s);
        return -1;
    }
    *out = (uint64_t)(v * m);
    return 0;
}

/* Marks the sources named in a --only list; prints an unknown name. */
static int select_only(update *u, const char *only) {
    for (int i = 0; i < u->nsrc; i++) u->src[i].outcome = -1;
    if (!only) {
        for (int i = 0; i < u->nsrc; i++) u->src[i].selected = 1;
        return 0;
    }
    const char *p = only;
    while (*p) {
        size_t n = strcspn(p, ",");
        int found = 0;
        for (int i = 0; i < u->nsrc; i++)
            if (strlen(u->src[i].name) == n && !strncmp(u->src[i].name, p, n)) u->src[i].selected = found = 1;
        if (!found && n) {
            fprintf(stderr, "embargo: --only: no source named '%.*s' in the sources file\n", (int)n, p);
            return -1;
        }
        p += n + (p[n] == ',');
    }
    return 0;
}

int cmd_update(int argc, char **argv) {
    static update u;
    memset(&u, 0, sizeof(u));
    cli_fetch_opts_init(&u.fo);
    u.min_share = 0.90;
    u.keep = 10;
    const char *dir_opt = NULL, *sources = NULL, *only = NULL, *state = NULL;
    static const char *const valued[] = {"--data-dir", "--sources", "--only", "--state", "--min-share", "--keep", "--retries",
                                         "--retry-delay", "--connect-timeout", "--timeout", "--max-size",
                                         "--max-redirects", NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double v;
        if (cli_is_help(a)) return cli_usage(USAGE, 1);
        if (cli_needs_value(a, i, argc, valued)) return EXIT_TROUBLE;
        if (!strcmp(a, "--data-dir")) dir_opt = argv[++i];
        else if (!strcmp(a, "--sources")) sources = argv[++i];
        else if (!strcmp(a, "--only")) only = argv[++i];
        else if (!strcmp(a, "--state")) state = argv[++i];
        else if (!strcmp(a, "--force")) u.force = 1;
        else if (!strcmp(a, "--quiet")) u.quiet = 1;
        else if (!strcmp(a, "--dry-run")) u.dry_run = 1;
        else if (!strcmp(a, "--allow-http")) u.fo.allow_http = 1;
        else if (!strcmp(a, "--min-share")) {
            if (cli_number(a, argv[++i], 0, 1, &u.min_share)) return EXIT_TROUBLE;
        } else if (!strcmp(a, "--keep")) {
            if (cli_number(a, argv[++i], 1, 100000, &v)) return EXIT_TROUBLE;
            u.keep = (int)v;
        } else if (!strcmp(a, "--retries")) {
            if (cli_number(a, argv[++i], 0, 20, &v)) return EXIT_TROUBLE;
            u.fo.retries = (int)v;
        } else if (!strcmp(a, "--retry-delay")) {
            if (cli_number(a, argv[++i], 0, 600, &u.fo.retry_delay)) return EXIT_TROUBLE;
        } else if (!strcmp(a, "--connect-timeout")) {
            if (cli_number(a, argv[++i], 1, 3600, &v)) return EXIT_TROUBLE;
            u.fo.connect_timeout = (long)v;
        } else if (!strcmp(a, "--timeout")) {
            if (cli_number(a, argv[++i], 1, 86400, &v)) return EXIT_TROUBLE;
            u.fo.timeout = (long)v;
        } else if (!strcmp(a, "--max-redirects")) {
            if (cli_number(a, argv[++i], 0, 50, &v)) return EXIT_TROUBLE;
            u.fo.max_redirects = (long)v;
        } else if (!strcmp(a, "--max-size")) {
            if (parse_size(argv[++i], &u.fo.max_size)) return EXIT_TROUBLE;
        } else {
            return cli_usage_error(USAGE, "unexpected '%s'", a);
        }
    }
    u.dir = cli_data_dir(dir_opt);
    if (!u.dir) return cli_usage_error(USAGE, "update needs --data-dir DIR (or EMBARGO_DATA_DIR)");
    u.fo.progress = !u.quiet && cli_stderr_tty();

    char path[4200], bundled[PATH_MAX];
    if (!sources) {
        snprintf(path, sizeof(path), "%s/sources", u.dir);
        if (access(path, F_OK) == 0) sources = path;
        else if (bundled_sources(bundled, sizeof(bundled)) == 0) sources = bundled;
        else return cli_usage_error(USAGE, "no sources file: give --sources FILE or put one in %s/sources", u.dir);
    }
    if (read_sources(&u, sources) != 0 || select_only(&u, only) != 0) {
        free_sources(&u);
        return EXIT_TROUBLE;
    }
    if (u.dry_run) {
        printf("sources: %s\n", sources);
        for (int i = 0; i < u.nsrc; i++) {
            if (!u.src[i].selected) continue;
            printf("%s\n", u.src[i].name);
            for (int k = 0; k < u.src[i].nurls; k++) printf("  %-20s %s\n", u.src[i].files[k], u.src[i].urls[k]);
        }
        free_sources(&u);
        return 0;
    }
    for (int i = 0; i < u.nsrc; i++)
        for (int k = 0; k < u.src[i].nurls; k++)
            if (!u.fo.allow_http && !strncmp(u.src[i].urls[k], "http://", 7)) {
                fprintf(stderr, "embargo: %s: %s: refused: not https:// (--allow-http fetches it)\n",
                        u.src[i].name, u.src[i].urls[k]);
                free_sources(&u);
                return EXIT_TROUBLE;
            }

    /* the folder, its lock, and no leftovers of an update that died */
    char tmp[4200], lockp[4200];
    snprintf(tmp, sizeof(tmp), "%s/tmp", u.dir);
    snprintf(lockp, sizeof(lockp), "%s/.lock", u.dir);
    if (cli_mkdirs(u.dir) != 0 || cli_mkdirs(tmp) != 0) {
        fprintf(stderr, "embargo: cannot create %s: %s\n", tmp, strerror(errno));
        free_sources(&u);
        return EXIT_TROUBLE;
    }
    int lock = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0) {
        fprintf(stderr, "embargo: cannot open %s: %s\n", lockp, strerror(errno));
        free_sources(&u);
        return EXIT_TROUBLE;
    }
    if (flock(lock, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "embargo: another update of %s is running; waiting for it\n", u.dir);
        if (flock(lock, LOCK_EX) != 0) {
            fprintf(stderr, "embargo: cannot lock %s: %s\n", lockp, strerror(errno));
            close(lock);
            free_sources(&u);
            return EXIT_TROUBLE;
        }
    }
    cli_remove_tree(tmp);
    cli_mkdirs(tmp);

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
        fprintf(stderr, "embargo: cannot initialise libcurl\n");
        close(lock);
        free_sources(&u);
        return EXIT_TROUBLE;
    }
    int failed = 0, updated = 0;
    cli_snapshot *newest[MAX_SOURCES];
    int nnewest = 0;
    for (int i = 0; i < u.nsrc; i++) {
        cli_snapshot *s = NULL;
        size_t n = 0;
        if (cli_store_list(u.dir, u.src[i].name, &s, &n) != 0) {
            failed++;
            continue;
        }
        if (u.src[i].selected) {
            int r = update_source(&u, &u.src[i], n ? &s[0] : NULL);
            u.src[i].outcome = r;
            if (r == SRC_FAILED) {
                failed++;
                fprintf(stderr, "embargo: %s: kept %s\n", u.src[i].name,
                        n ? s[0].id : "nothing (no good version yet)");
            }
            if (r == SRC_UPDATED) updated++;
            if (r == SRC_UNCHANGED) say(&u, "%s: unchanged\n", u.src[i].name);
            if (r == SRC_UPDATED) {
                free(s);
                if (cli_store_list(u.dir, u.src[i].name, &s, &n) != 0) {
                    failed++;
                    continue;
                }
            }
        }
        if (n) snprintf(u.src[i].version, sizeof(u.src[i].version), "%s", s[0].id);
        if (n) {
            newest[nnewest] = malloc(sizeof(cli_snapshot));
            if (newest[nnewest]) *newest[nnewest++] = s[0];
        }
        free(s);
    }
    curl_global_cleanup();
    int pub = publish(&u, newest, nnewest);
    if (pub < 0) failed++;
    if (pub >= 0)
        for (int i = 0; i < u.nsrc; i++) prune(&u, u.src[i].name);
    for (int i = 0; i < nnewest; i++) free(newest[i]);
    cli_remove_tree(tmp);
    if (state && record_update(&u, state, sources, pub) != 0) failed++;
    close(lock);
    free_sources(&u);
    (void)updated;
    if (failed) return EXIT_TROUBLE;
    if (pub == 0) say(&u, "nothing changed\n");
    return pub > 0 ? 0 : 1;
}

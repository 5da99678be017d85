/*
 * store.c - the data folder's snapshots: their metadata, listed newest
 * first, written safely; and the file system helpers update needs (fsync
 * by path, folders made and removed). The layout is told in ops.h.
 *
 * A snapshot's metadata is .meta.json in its folder, written through a
 * temporary file that is fsync'd and renamed, before the folder itself is
 * renamed into the store: a snapshot folder without metadata is one whose
 * publication never finished, and is passed over.
 */
#define _DEFAULT_SOURCE /* scandir, alphasort */
#include "ops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

const char *cli_data_dir(const char *opt) {
    if (opt && opt[0]) return opt;
    const char *env = getenv("EMBARGO_DATA_DIR");
    return env && env[0] ? env : NULL;
}

void cli_now(char iso[40], char stamp[40]) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char a[32];
    strftime(a, sizeof(a), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(iso, 40, "%s.%06ldZ", a, (long)tv.tv_usec);
    strftime(a, sizeof(a), "%Y%m%dT%H%M%S", &tm);
    snprintf(stamp, 40, "%s.%06ldZ", a, (long)tv.tv_usec);
}

int cli_fsync_path(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int r = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

int cli_mkdirs(const char *path) {
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(buf)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
        buf[i] = c;
    }
    struct stat sb;
    if (stat(path, &sb) != 0) return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int cli_remove_tree(const char *path) {
    struct stat sb;
    if (lstat(path, &sb) != 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(sb.st_mode)) return unlink(path);
    DIR *d = opendir(path);
    if (!d) return -1;
    int r = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char sub[4096];
        if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) >= sizeof(sub)) {
            r = -1;
            continue;
        }
        if (cli_remove_tree(sub) != 0) r = -1;
    }
    closedir(d);
    if (rmdir(path) != 0) r = -1;
    return r;
}

/* ---- metadata -------------------------------------------------------------------- */

static void copy_str(char *out, size_t cap, json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    snprintf(out, cap, "%s", s ? s : "");
}

int cli_store_read_meta(const char *path, cli_snapshot *s) {
    char file[4200];
    snprintf(file, sizeof(file), "%s/.meta.json", path);
    json_error_t jerr;
    json_t *root = json_load_file(file, 0, &jerr);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return -1;
    }
    memset(s, 0, sizeof(*s));
    snprintf(s->path, sizeof(s->path), "%s", path);
    const char *slash = strrchr(path, '/');
    snprintf(s->id, sizeof(s->id), "%s", slash ? slash + 1 : path);
    copy_str(s->source, sizeof(s->source), root, "source");
    copy_str(s->fetched_at, sizeof(s->fetched_at), root, "fetched_at");
    copy_str(s->sha256, sizeof(s->sha256), root, "sha256");
    s->entities = (uint32_t)json_integer_value(json_object_get(root, "entities"));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(root, "files"), i, v) {
        if (s->nfiles == (int)(sizeof(s->files) / sizeof(s->files[0]))) break;
        cli_snapshot_file *f = &s->files[s->nfiles++];
        copy_str(f->name, sizeof(f->name), v, "file");
        copy_str(f->url, sizeof(f->url), v, "url");
        copy_str(f->effective_url, sizeof(f->effective_url), v, "effective_url");
        copy_str(f->sha256, sizeof(f->sha256), v, "sha256");
        copy_str(f->etag, sizeof(f->etag), v, "etag");
        copy_str(f->last_modified, sizeof(f->last_modified), v, "last_modified");
        copy_str(f->content_type, sizeof(f->content_type), v, "content_type");
        f->bytes = (uint64_t)json_integer_value(json_object_get(v, "bytes"));
        f->status = (long)json_integer_value(json_object_get(v, "status"));
    }
    json_array_foreach(json_object_get(root, "lists"), i, v) {
        if (s->nlists == (int)(sizeof(s->lists) / sizeof(s->lists[0]))) break;
        cli_snapshot_list *l = &s->lists[s->nlists++];
        copy_str(l->name, sizeof(l->name), v, "name");
        copy_str(l->date, sizeof(l->date), v, "date");
        copy_str(l->sha256, sizeof(l->sha256), v, "sha256");
        l->entities = (uint32_t)json_integer_value(json_object_get(v, "entities"));
    }
    json_decref(root);
    return s->source[0] && s->sha256[0] ? 0 : -1;
}

int cli_store_write_meta(const char *path, const cli_snapshot *s) {
    json_t *root = json_object(), *files = json_array(), *lists = json_array();
    json_object_set_new(root, "source", json_string(s->source));
    json_object_set_new(root, "fetched_at", json_string(s->fetched_at));
    json_object_set_new(root, "sha256", json_string(s->sha256));
    json_object_set_new(root, "entities", json_integer(s->entities));
    const char *published = "";
    for (int i = 0; i < s->nlists; i++) {
        const cli_snapshot_list *l = &s->lists[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(l->name));
        json_object_set_new(o, "date", json_string(l->date));
        json_object_set_new(o, "sha256", json_string(l->sha256));
        json_object_set_new(o, "entities", json_integer(l->entities));
        json_array_append_new(lists, o);
        if (!published[0]) published = l->date;
    }
    json_object_set_new(root, "published", json_string(published));
    for (int i = 0; i < s->nfiles; i++) {
        const cli_snapshot_file *f = &s->files[i];
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(f->name));
        json_object_set_new(o, "url", json_string(f->url));
        json_object_set_new(o, "effective_url", json_string(f->effective_url));
        json_object_set_new(o, "status", json_integer(f->status));
        json_object_set_new(o, "bytes", json_integer((json_int_t)f->bytes));
        json_object_set_new(o, "sha256", json_string(f->sha256));
        json_object_set_new(o, "etag", json_string(f->etag));
        json_object_set_new(o, "last_modified", json_string(f->last_modified));
        json_object_set_new(o, "content_type", json_string(f->content_type));
        json_array_append_new(files, o);
    }
    json_object_set_new(root, "files", files);
    json_object_set_new(root, "lists", lists);
    char tmp[4200], final[4200];
    snprintf(tmp, sizeof(tmp), "%s/.meta.json.tmp", path);
    snprintf(final, sizeof(final), "%s/.meta.json", path);
    int r = json_dump_file(root, tmp, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (r == 0 && cli_fsync_path(tmp) == 0 && rename(tmp, final) == 0 && cli_fsync_path(path) == 0) return 0;
    fprintf(stderr, "embargo: cannot write %s: %s\n", final, strerror(errno));
    unlink(tmp);
    return -1;
}

/* ---- listing ---------------------------------------------------------------------- */

static int visible(const struct dirent *d) { return d->d_name[0] != '.'; }

/* newest first: the folder names start with the fetch time */
static int newest_first(const void *a, const void *b) {
    const cli_snapshot *x = a, *y = b;
    return strcmp(y->id, x->id);
}

int cli_store_list(const char *dir, const char *source, cli_snapshot **out, size_t *n) {
    *out = NULL;
    *n = 0;
    char path[4096];
    snprintf(path, sizeof(path), "%s/snapshots/%s", dir, source);
    struct dirent **ents = NULL;
    int k = scandir(path, &ents, visible, alphasort);
    if (k < 0) return errno == ENOENT ? 0 : (fprintf(stderr, "embargo: cannot read %s: %s\n", path, strerror(errno)), -1);
    cli_snapshot *s = k ? calloc((size_t)k, sizeof(*s)) : NULL;
    if (k && !s) {
        fprintf(stderr, "embargo: out of memory\n");
        for (int i = 0; i < k; i++) free(ents[i]);
        free(ents);
        return -1;
    }
    size_t m = 0;
    for (int i = 0; i < k; i++) {
        char sub[4096];
        if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path, ents[i]->d_name) < sizeof(sub) &&
            cli_store_read_meta(sub, &s[m]) == 0)
            m++;
        free(ents[i]);
    }
    free(ents);
    if (m) qsort(s, m, sizeof(*s), newest_first);
    *out = s;
    *n = m;
    return 0;
}

int cli_store_sources(const char *dir, char ***out) {
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof(path), "%s/snapshots", dir);
    struct dirent **ents = NULL;
    int k = scandir(path, &ents, visible, alphasort);
    if (k < 0) return errno == ENOENT ? 0 : (fprintf(stderr, "embargo: cannot read %s: %s\n", path, strerror(errno)), -1);
    char **names = calloc((size_t)k + 1, sizeof(*names));
    int m = 0;
    for (int i = 0; i < k; i++) {
        if (names) names[m] = strdup(ents[i]->d_name);
        if (names && names[m]) m++;
        free(ents[i]);
    }
    free(ents);
    if (!names) return -1;
    *out = names;
    return m;
}

int cli_is_delta(const char *path) {
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    char head[4096];
    size_t n = fread(head, 1, sizeof(head) - 1, f);
    fclose(f);
    head[n] = '\0';
    char *nl = strchr(head, '\n');
    if (nl) *nl = '\0';
    size_t i = strspn(head, " \t\r");
    return head[i] == '{' && strstr(head, "\"op\"") && strstr(head, "\"entity\"");
}

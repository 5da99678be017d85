/*
 * data.c - opening the data a command works on.
 *
 * An index file (--index, or $EMBARGO_INDEX), an index built in memory from
 * list files (--list), or else the data bundled with the program: the index
 * make built beside it, or its lists. Also the --lists selection of an open
 * index. Errors are reported here, with the file and line the library names.
 */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_print_error(const embargo_error *err, embargo_status st) {
    const char *msg = err->message[0] ? err->message : embargo_strerror(st);
    if (err->file[0] && err->line)
        fprintf(stderr, "embargo: %s:%lu:%lu: %s\n", err->file, err->line, err->column, msg);
    else if (err->file[0])
        fprintf(stderr, "embargo: %s: %s\n", err->file, msg);
    else
        fprintf(stderr, "embargo: %s\n", msg);
}

static void progress(void *ctx, const char *stage, size_t done, size_t total) {
    (void)ctx;
    if (total) fprintf(stderr, "\rindexing %s: %zu/%zu   ", stage, done, total);
    if (done == total) fputc('\n', stderr);
}

embargo_index *cli_build(const char *const *paths, int n, int quiet) {
    embargo_dataset *ds = NULL;
    embargo_error err;
    embargo_status st = embargo_dataset_new(&ds);
    if (st) {
        fprintf(stderr, "embargo: %s\n", embargo_strerror(st));
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        st = embargo_dataset_load(ds, paths[i], &err);
        if (st) {
            cli_print_error(&err, st);
            embargo_dataset_free(ds);
            return NULL;
        }
    }
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    if (!quiet)
        fprintf(stderr, "loaded %zu entities, %zu names (%zu aliases, %zu weak) from %zu rows",
                s.entities, s.names, s.aliases, s.weak_aliases, s.rows);
    if (!quiet && s.orphan_rows)
        fprintf(stderr, "; %zu rows name entities not in the set and were skipped", s.orphan_rows);
    if (!quiet && s.nameless_rows)
        fprintf(stderr, "; %zu %s no name and %s skipped", s.nameless_rows,
                s.nameless_rows == 1 ? "row has" : "rows have", s.nameless_rows == 1 ? "was" : "were");
    if (!quiet) fputc('\n', stderr);
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    if (!quiet && cli_stderr_tty()) bo.progress = progress;
    embargo_index *ix = NULL;
    st = embargo_index_build(ds, &bo, &ix, &err);
    embargo_dataset_free(ds);
    if (st) {
        cli_print_error(&err, st);
        return NULL;
    }
    return ix;
}

/* The folder holding the embargo executable, with a trailing slash. */
static int exe_dir(char *out, size_t cap) {
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n <= 0) return -1;
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash) return -1;
    slash[1] = '\0';
    return 0;
}

/* The bundled data: the first of the executable's folder and the two above
 * it that holds data/lists (the repository root for ./embargo and for
 * build/san/embargo alike). Writes that root, with a trailing slash. */
int cli_find_root(char *out, size_t cap) {
    if (exe_dir(out, cap - 32)) return -1;
    size_t base = strlen(out);
    for (int up = 0; up < 3; up++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "data/lists");
        struct stat sb;
        int ok = stat(out, &sb) == 0 && S_ISDIR(sb.st_mode);
        out[len] = '\0';
        if (ok) return 0;
        if (len + 4 >= cap) break;
        memcpy(out + len, "../", 4);
    }
    out[base] = '\0';
    return -1;
}

embargo_index *cli_data_open(const cli_data *d) {
    embargo_error err;
    embargo_index *ix = NULL;
    if (d->nlists) return cli_build(d->lists, d->nlists, !cli_stderr_tty());
    const char *path = d->index_path ? d->index_path : getenv("EMBARGO_INDEX");
    char buf[PATH_MAX];
    if (!path) {
        /* The bundled data: its prebuilt index if make made one, else the lists. */
        if (cli_find_root(buf, sizeof(buf) - 32)) {
            fprintf(stderr, "embargo: cannot find the bundled data; use --index or --list\n");
            return NULL;
        }
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof(buf) - len, "build/default.idx");
        struct stat sb;
        if (stat(buf, &sb) != 0) {
            snprintf(buf + len, sizeof(buf) - len, "data/lists");
            const char *p = buf;
            return cli_build(&p, 1, !cli_stderr_tty());
        }
        path = buf;
    }
    embargo_status st = embargo_index_open(path, &ix, &err);
    if (st) {
        cli_print_error(&err, st);
        return NULL;
    }
    return ix;
}

/* Turns a --lists selection ("ofac-sdn,uk", "US,EU"; NULL: all) into a list
 * mask for the index; prints an error and returns -1 if a word is unknown. */
static int list_mask(const embargo_index *ix, const char *sel, uint64_t *mask) {
    if (!sel) return 0;
    const char *bad = NULL;
    if (embargo_index_list_mask(ix, sel, mask, &bad) != EMBARGO_OK) {
        size_t n = bad ? strcspn(bad, ",") : 0;
        fprintf(stderr, "embargo: --lists: '%.*s' is neither a list of this index nor a jurisdiction (see 'embargo info')\n",
                (int)n, bad ? bad : "");
        return -1;
    }
    return 0;
}

embargo_index *cli_data_open_selected(const cli_data *d, const char *sel, uint64_t *mask) {
    embargo_index *ix = cli_data_open(d);
    if (ix && list_mask(ix, sel, mask)) {
        embargo_index_close(ix);
        return NULL;
    }
    return ix;
}

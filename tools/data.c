/*
 * data.c - opening the data a command works on.
 *
 * An index file (--index, or $EMBARGO_INDEX), an index built in memory from
 * list files (--list), the live index of a data folder (--data-dir DIR, or
 * $EMBARGO_DATA_DIR: DIR/embargo.idx), or else the data bundled with the program: the index
 * make built beside it, or its lists. Also the --lists selection of an open
 * index. Errors are reported here, with the file and line the library names.
 */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What cli_data_open opened last, for the "screening against" line. */
static char opened[PATH_MAX + 64];

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
    /* what the loaders noticed but could read past (a line of bad UTF-8, a
     * file read as Windows-1252, a file no loader knows): always said */
    const embargo_error *notes;
    size_t nn = embargo_dataset_notes(ds, &notes);
    for (size_t k = 0; k < nn; k++) {
        const embargo_error *w = &notes[k];
        fputs("embargo: warning: ", stderr);
        if (w->file[0]) {
            text_str(stderr, w->file, strlen(w->file));
            if (w->line) fprintf(stderr, ":%lu", w->line);
            if (w->line && w->column) fprintf(stderr, ":%lu", w->column);
            fputs(": ", stderr);
        }
        text_str(stderr, w->message, strlen(w->message));
        fputc('\n', stderr);
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

int cli_data_resolve(const cli_data *d, const char **index_path, const char *const **lists, int *nlists) {
    static char buf[PATH_MAX];
    static const char *bundled[1];
    *index_path = NULL;
    *lists = NULL;
    *nlists = 0;
    if (d->nlists) {
        snprintf(opened, sizeof(opened), "lists read from %s%s", d->lists[0], d->nlists > 1 ? " and others" : "");
        *lists = d->lists;
        *nlists = d->nlists;
        return 0;
    }
    const char *path = d->index_path ? d->index_path : d->data_dir ? NULL : getenv("EMBARGO_INDEX");
    snprintf(opened, sizeof(opened), "index %s%s", path ? path : "",
             d->index_path || !path ? "" : " from $EMBARGO_INDEX");
    const char *dir = path ? NULL : d->data_dir ? d->data_dir : getenv("EMBARGO_DATA_DIR");
    if (dir && dir[0]) {
        /* the live index of a data folder, as `embargo update` publishes it */
        snprintf(buf, sizeof(buf), "%s/embargo.idx", dir);
        if (access(buf, F_OK) != 0) {
            fprintf(stderr, "embargo: no index in %s (run 'embargo update --data-dir %s')\n", dir, dir);
            return -1;
        }
        path = buf;
        snprintf(opened, sizeof(opened), "index %s%s", path, d->data_dir ? "" : " from $EMBARGO_DATA_DIR");
    }
    if (!path) {
        /* The bundled data: its prebuilt index if make made one, else the lists. */
        if (cli_find_root(buf, sizeof(buf) - 32)) {
            fprintf(stderr, "embargo: cannot find the bundled data; use --index or --list\n");
            return -1;
        }
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof(buf) - len, "build/default.idx");
        snprintf(opened, sizeof(opened), "bundled data");
        struct stat sb;
        if (stat(buf, &sb) != 0) {
            snprintf(buf + len, sizeof(buf) - len, "data/lists");
            bundled[0] = buf;
            *lists = bundled;
            *nlists = 1;
            return 0;
        }
        path = buf;
    }
    *index_path = path;
    return 0;
}

embargo_index *cli_data_open(const cli_data *d) {
    embargo_error err;
    embargo_index *ix = NULL;
    const char *path;
    const char *const *lists;
    int nlists;
    if (cli_data_resolve(d, &path, &lists, &nlists)) return NULL;
    if (nlists) return cli_build(lists, nlists, !cli_stderr_tty());
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

const char *cli_data_source(void) { return opened; }

/* ---- the list versions a result was screened against ------------------------ */

const char *cli_list_sha256(const embargo_list_info *li) { return li->sha256 ? li->sha256 : ""; }

void cli_screened_against(const embargo_index *ix, char ref[CLI_REF_SIZE]) {
    embargo_index_reference(ix, ref);
    if (!ref[0]) snprintf(ref, CLI_REF_SIZE, "unknown");
}

void json_list_versions(FILE *f, const embargo_index *ix) {
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    char ref[CLI_REF_SIZE];
    cli_screened_against(ix, ref);
    fprintf(f, ",\"screened_against\":\"%s\",\"lists\":[", ref);
    int n = 0;
    for (uint32_t i = 0; i < info.lists; i++) {
        embargo_list_info li;
        if (embargo_index_list(ix, i, &li)) continue;
        const char *jur = embargo_list_jurisdiction(li.name), *sha = cli_list_sha256(&li);
        fputs(n++ ? ",{\"name\":" : "{\"name\":", f);
        json_str(f, li.name, strlen(li.name));
        json_member(f, "jurisdiction", jur, strlen(jur));
        json_member(f, "date", li.date[0] ? li.date : NULL, strlen(li.date));
        json_member(f, "sha256", sha[0] ? sha : NULL, strlen(sha));
        fprintf(f, ",\"entities\":%u", li.entities);
        json_member(f, "source", li.source, strlen(li.source));
        fputc('}', f);
    }
    fputc(']', f);
}

void text_list_versions(FILE *f, const embargo_index *ix) {
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    char ref[CLI_REF_SIZE];
    cli_screened_against(ix, ref);
    fprintf(f, "screened against %u list%s (ref %s):", info.lists, info.lists == 1 ? "" : "s", ref);
    for (uint32_t i = 0; i < info.lists; i++) {
        embargo_list_info li;
        if (embargo_index_list(ix, i, &li)) continue;
        const char *sha = cli_list_sha256(&li);
        fputs(i ? "; " : " ", f);
        text_str(f, li.name, strlen(li.name));
        fputs(" ", f);
        text_str(f, li.date[0] ? li.date : "undated", strlen(li.date[0] ? li.date : "undated"));
        if (sha[0]) fprintf(f, " sha256:%.12s", sha); /* whole in --json and --meta */
    }
    fputc('\n', f);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(long y, unsigned m, unsigned d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

/* The day number of an ISO date (a year or month alone: its last day). */
static int date_days(const char *s, long *out) {
    unsigned y = 0, m = 12, d = 31;
    int n = sscanf(s, "%4u-%2u-%2u", &y, &m, &d);
    if (n < 1 || y < 1900) return -1;
    if (n == 2) d = 28;
    *out = days_from_civil((long)y, m, d);
    return 0;
}

int cli_data_report(const embargo_index *ix, double max_age) {
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    const char *newest = NULL;
    long newest_days = 0;
    for (uint32_t i = 0; i < info.lists; i++) {
        embargo_list_info li;
        long days;
        if (embargo_index_list(ix, i, &li) || date_days(li.date, &days)) continue;
        if (!newest || days > newest_days) newest = li.date, newest_days = days;
    }
    fprintf(stderr, "screening against %u list%s, ", info.lists, info.lists == 1 ? "" : "s");
    if (newest) fprintf(stderr, "newest dated %s", newest);
    else fputs("none of them dated", stderr);
    fprintf(stderr, " (%s)\n", opened[0] ? opened : "index");
    if (max_age <= 0) return 0;
    long today = (long)(time(NULL) / 86400);
    if (!newest) {
        fprintf(stderr, "embargo: warning: no list gives its publication date; make sure the lists are "
                        "current (--max-age 0 turns this warning off)\n");
        return 1;
    }
    if ((double)(today - newest_days) > max_age) {
        fprintf(stderr, "embargo: warning: the newest list is dated %s, %ld days ago (more than %g); "
                        "screen against current lists (--max-age DAYS)\n", newest, today - newest_days, max_age);
        return 1;
    }
    return 0;
}

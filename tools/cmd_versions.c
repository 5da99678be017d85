/*
 * cmd_versions.c - `embargo versions`: the snapshots of every source in a
 * data folder, newest first, with what was fetched when, its SHA-256, its
 * HTTP metadata and the publication date the list states, and which of them
 * the live index was built from.
 */
#include "ops.h"

#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: embargo versions [--data-dir DIR] [--json] [SOURCE...]\n"
    "\n"
    "The versions (snapshots) 'embargo update' kept of each source, newest\n"
    "first: fetch time, SHA-256, entities, the publication date the list\n"
    "states, the files with their URLs and HTTP validators, and 'live' for\n"
    "the version the live index DIR/embargo.idx holds. --json: one object a\n"
    "line.\n";

/* The "NAME SHA256" pairs of the live index's lists (or none). */
typedef struct live_lists {
    char (*pairs)[140];
    uint32_t n;
} live_lists;

static void live_read(const char *dir, live_lists *l) {
    memset(l, 0, sizeof(*l));
    char path[4200];
    snprintf(path, sizeof(path), "%s/embargo.idx", dir);
    embargo_index *ix = NULL;
    embargo_error err;
    if (embargo_index_open(path, &ix, &err) != EMBARGO_OK) return;
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    l->pairs = calloc(info.lists + 1, sizeof(*l->pairs));
    for (uint32_t i = 0; l->pairs && i < info.lists; i++) {
        embargo_list_info li;
        if (embargo_index_list(ix, i, &li) == EMBARGO_OK) snprintf(l->pairs[l->n++], 140, "%s %s", li.name, li.sha256);
    }
    embargo_index_close(ix);
}

static int is_live(const live_lists *l, const cli_snapshot *s) {
    if (!s->nlists) return 0;
    for (int i = 0; i < s->nlists; i++) {
        char p[140];
        snprintf(p, sizeof(p), "%s %s", s->lists[i].name, s->lists[i].sha256);
        int found = 0;
        for (uint32_t k = 0; k < l->n && !found; k++) found = !strcmp(l->pairs[k], p);
        if (!found) return 0;
    }
    return 1;
}

static void print_json(const cli_snapshot *s, int live) {
    fputs("{\"source\":", stdout);
    json_str(stdout, s->source, strlen(s->source));
    json_member(stdout, "id", s->id, strlen(s->id));
    json_member(stdout, "path", s->path, strlen(s->path));
    json_member(stdout, "fetched_at", s->fetched_at, strlen(s->fetched_at));
    json_member(stdout, "sha256", s->sha256, strlen(s->sha256));
    printf(",\"entities\":%u,\"live\":%s,\"lists\":[", s->entities, live ? "true" : "false");
    for (int i = 0; i < s->nlists; i++) {
        const cli_snapshot_list *l = &s->lists[i];
        fputs(i ? ",{\"name\":" : "{\"name\":", stdout);
        json_str(stdout, l->name, strlen(l->name));
        json_member(stdout, "published", l->date[0] ? l->date : NULL, strlen(l->date));
        json_member(stdout, "sha256", l->sha256, strlen(l->sha256));
        printf(",\"entities\":%u}", l->entities);
    }
    fputs("],\"files\":[", stdout);
    for (int i = 0; i < s->nfiles; i++) {
        const cli_snapshot_file *f = &s->files[i];
        fputs(i ? ",{\"file\":" : "{\"file\":", stdout);
        json_str(stdout, f->name, strlen(f->name));
        json_member(stdout, "url", f->url, strlen(f->url));
        json_member(stdout, "effective_url", f->effective_url, strlen(f->effective_url));
        json_member(stdout, "sha256", f->sha256, strlen(f->sha256));
        printf(",\"bytes\":%llu,\"status\":%ld", (unsigned long long)f->bytes, f->status);
        json_member(stdout, "etag", f->etag[0] ? f->etag : NULL, strlen(f->etag));
        json_member(stdout, "last_modified", f->last_modified[0] ? f->last_modified : NULL, strlen(f->last_modified));
        json_member(stdout, "content_type", f->content_type[0] ? f->content_type : NULL, strlen(f->content_type));
        putchar('}');
    }
    puts("]}");
}

static void print_text(const cli_snapshot *s, int live) {
    printf("  %s%s  %u entities", s->id, live ? "  live" : "", s->entities);
    for (int i = 0; i < s->nlists; i++)
        if (s->lists[i].date[0]) {
            printf("  published %s", s->lists[i].date);
            break;
        }
    printf("\n    fetched %s  sha256 %s\n", s->fetched_at, s->sha256);
    for (int i = 0; i < s->nlists; i++)
        if (s->nlists > 1) printf("    list %s: %u entities\n", s->lists[i].name, s->lists[i].entities);
    for (int i = 0; i < s->nfiles; i++) {
        const cli_snapshot_file *f = &s->files[i];
        printf("    %-18s %10llu bytes  %s", f->name, (unsigned long long)f->bytes, f->url);
        if (f->last_modified[0]) printf("  Last-Modified: %s", f->last_modified);
        if (f->etag[0]) printf("  ETag: %s", f->etag);
        putchar('\n');
    }
}

int cmd_versions(int argc, char **argv) {
    const char *dir_opt = NULL;
    int json = 0, nnames = 0;
    const char *names[64];
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_usage(USAGE, 1);
        if (!strcmp(argv[i], "--data-dir") && i + 1 < argc) dir_opt = argv[++i];
        else if (!strcmp(argv[i], "--json")) json = 1;
        else if (cli_is_option(argv[i]) || argv[i][0] == '-') return cli_usage_error(USAGE, "unexpected '%s'", argv[i]);
        else if (nnames < 64) names[nnames++] = argv[i];
    }
    const char *dir = cli_data_dir(dir_opt);
    if (!dir) return cli_usage_error(USAGE, "versions needs --data-dir DIR (or EMBARGO_DATA_DIR)");
    char **all = NULL;
    int nall = 0;
    if (!nnames) {
        nall = cli_store_sources(dir, &all);
        if (nall < 0) return EXIT_TROUBLE;
        for (int i = 0; i < nall && nnames < 64; i++) names[nnames++] = all[i];
    }
    live_lists live;
    live_read(dir, &live);
    int any = 0, rc = 0;
    for (int i = 0; i < nnames; i++) {
        cli_snapshot *s = NULL;
        size_t n = 0;
        if (cli_store_list(dir, names[i], &s, &n) != 0) {
            rc = EXIT_TROUBLE;
            continue;
        }
        if (n == 0 && nall == 0) {
            fprintf(stderr, "embargo: no versions of %s in %s\n", names[i], dir);
            rc = EXIT_TROUBLE;
        }
        if (n && !json) printf("%s\n", names[i]);
        for (size_t k = 0; k < n; k++) {
            int l = is_live(&live, &s[k]);
            if (json) print_json(&s[k], l);
            else print_text(&s[k], l);
            any = 1;
        }
        free(s);
    }
    for (int i = 0; i < nall; i++) free(all[i]);
    free(all);
    free(live.pairs);
    if (!any && !rc) {
        fprintf(stderr, "embargo: no versions in %s (run 'embargo update --data-dir %s')\n", dir, dir);
        return EXIT_NONE;
    }
    return rc ? rc : EXIT_FOUND;
}

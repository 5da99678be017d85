/*
 * cmd_index.c - `embargo index`, `embargo info` and `embargo show`.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char INDEX_USAGE[] =
    "usage: embargo index --out FILE --list PATH [--list PATH ...]\n"
    "\n"
    "Loads list files (a file, or a folder holding a set such as OFAC's\n"
    "sdn.csv, alt.csv, add.csv, sdn_comments.csv) and writes one index file.\n"
    "A malformed list file is reported with its line and nothing is written.\n";

int cmd_index(int argc, char **argv) {
    cli_data data = {0};
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(INDEX_USAGE, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            out = argv[++i];
        } else {
            fprintf(stderr, "embargo: unexpected '%s'\n%s", argv[i], INDEX_USAGE);
            return EXIT_TROUBLE;
        }
    }
    if (!out || data.nlists == 0 || data.index_path) {
        fprintf(stderr, "embargo: index needs --out and at least one --list\n%s", INDEX_USAGE);
        return EXIT_TROUBLE;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    embargo_index *ix = cli_build(data.lists, data.nlists, 0);
    if (!ix) return EXIT_TROUBLE;
    embargo_error err;
    embargo_status st = embargo_index_save(ix, out, &err);
    if (st) {
        fprintf(stderr, "embargo: %s: %s\n", err.file, err.message);
        embargo_index_close(ix);
        return EXIT_TROUBLE;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    fprintf(stderr, "wrote %s: %u entities, %u names, %u distinct tokens, %.1f MB in %.2f s\n", out,
            info.entities, info.names, info.tokens, (double)info.bytes / 1e6,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    embargo_index_close(ix);
    return 0;
}

int cmd_info(int argc, char **argv) {
    cli_data data = {0};
    int json = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (!strcmp(argv[i], "--json")) json = 1;
        else {
            int help = !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h");
            fprintf(help ? stdout : stderr, "usage: embargo info [--index FILE | --list PATH...] [--json]\n");
            return help ? 0 : EXIT_TROUBLE;
        }
    }
    embargo_index *ix = cli_data_open(&data);
    if (!ix) return EXIT_TROUBLE;
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    char built[32];
    time_t t = (time_t)info.built_at;
    strftime(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    /* entries grouped as the same person or organisation across lists */
    uint32_t groups = 0, grouped = 0;
    for (uint32_t i = 0; i < info.entities; i++) {
        uint32_t m[64];
        size_t n = embargo_index_group(ix, i, m, 64);
        int first = 1;
        for (size_t k = 1; k < n; k++) first &= m[k] > i;
        if (n > 1 && first) {
            groups++;
            grouped += (uint32_t)n;
        }
    }
    if (json) {
        printf("{\"format_version\":%u,\"built_at\":\"%s\",\"entities\":%u,\"names\":%u,"
               "\"tokens\":%u,\"bytes\":%llu,\"groups\":%u,\"grouped_entities\":%u,\"lists\":[",
               info.format_version, built, info.entities, info.names, info.tokens,
               (unsigned long long)info.bytes, groups, grouped);
    } else {
        printf("index format %u, built %s\n%u entities, %u names, %u distinct tokens, %llu bytes\n",
               info.format_version, built, info.entities, info.names, info.tokens,
               (unsigned long long)info.bytes);
        if (info.lists > 1)
            printf("%u entries grouped as %u people or organisations listed more than once\n", grouped, groups);
    }
    for (uint32_t i = 0; i < info.lists; i++) {
        embargo_list_info l;
        if (embargo_index_list(ix, i, &l)) continue;
        if (json) {
            if (i) putchar(',');
            fputs("{\"name\":", stdout);
            json_str(stdout, l.name, strlen(l.name));
            fputs(",\"source\":", stdout);
            json_str(stdout, l.source, strlen(l.source));
            fputs(",\"date\":", stdout);
            json_str(stdout, l.date, strlen(l.date));
            printf(",\"entities\":%u}", l.entities);
        } else {
            printf("  %-12s %6u entities  %s%s%s\n", l.name, l.entities, l.source,
                   l.date[0] ? "  dated " : "", l.date);
        }
    }
    if (json) puts("]}");
    embargo_index_close(ix);
    return 0;
}

int cmd_show(int argc, char **argv) {
    cli_data data = {0};
    const char *id = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (argv[i][0] == '-' || id) {
            int help = !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h");
            fprintf(help ? stdout : stderr, "usage: embargo show [--index FILE | --list PATH...] ID\n");
            return help ? 0 : EXIT_TROUBLE;
        }
        id = argv[i];
    }
    if (!id) {
        fprintf(stderr, "usage: embargo show [--index FILE | --list PATH...] ID\n");
        return EXIT_TROUBLE;
    }
    embargo_index *ix = cli_data_open(&data);
    if (!ix) return EXIT_TROUBLE;
    embargo_entity e;
    if (embargo_index_find(ix, id, strlen(id), &e)) {
        fprintf(stderr, "embargo: no entity '%s' in this index\n", id);
        embargo_index_close(ix);
        return EXIT_NONE;
    }
    printf("%.*s  %s  %s\n", (int)e.id_len, e.id, e.list, embargo_type_name(e.type));
    for (uint32_t i = 0; i < e.name_count; i++) {
        embargo_name n;
        if (embargo_entity_name(ix, &e, i, &n)) continue;
        printf("  %-8s %.*s%s\n", embargo_name_kind_name(n.kind), (int)n.len, n.text,
               n.weak ? "  (weak)" : "");
    }
    text_listed_by(stdout, ix, &e, "  ");
    for (uint32_t i = 0; i < e.field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, &e, i, &f)) continue;
        printf("  %-16s %.*s\n", embargo_field_kind_name(f.kind), (int)f.len, f.text);
    }
    embargo_index_close(ix);
    return EXIT_FOUND;
}

/*
 * cmd_index.c - `embargo index`: list files in, one index file out.
 */
#include "cli.h"

#include <string.h>
#include <time.h>

static const char USAGE[] =
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
        if (cli_is_help(argv[i])) return cli_usage(USAGE, 1);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else return cli_usage_error(USAGE, "unexpected '%s'", argv[i]);
    }
    if (!out || data.nlists == 0 || data.index_path)
        return cli_usage_error(USAGE, "index needs --out and at least one --list");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    embargo_index *ix = cli_build(data.lists, data.nlists, 0);
    if (!ix) return EXIT_TROUBLE;
    embargo_error err;
    embargo_status st = embargo_index_save(ix, out, &err);
    if (st) {
        cli_print_error(&err, st);
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

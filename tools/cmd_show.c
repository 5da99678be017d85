/*
 * cmd_show.c - `embargo show ID`: everything an index holds on one entity.
 */
#include "cli.h"

#include <string.h>

static const char USAGE[] = "usage: embargo show [--index FILE | --list PATH...] ID\n";

int cmd_show(int argc, char **argv) {
    cli_data data = {0};
    const char *id = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (argv[i][0] == '-' || id) return cli_usage(USAGE, cli_is_help(argv[i]));
        id = argv[i];
    }
    if (!id) return cli_usage(USAGE, 0);
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
        printf("  %-8s %.*s%s%s\n", embargo_name_kind_name(n.kind), (int)n.len, n.text,
               n.weak ? "  (weak)" : "", n.derived ? "  (the name without its acronym)" : "");
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

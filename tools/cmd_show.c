/*
 * cmd_show.c - `embargo show ID`: everything an index holds on one entity.
 *
 * For people, a page of names and fields; with --json one object: the
 * entity's names with their kinds, every field in the list's order, the
 * lists that carry it (its group, with the evidence that grouped each
 * entry) and the version of the list it comes from.
 */
#include "cli.h"

#include <string.h>

static const char USAGE[] =
    "usage: embargo show [--index FILE | --list PATH...] [--json] ID\n"
    "\n"
    "Prints everything the index holds on one entity: its names, fields, and\n"
    "the entries of other lists grouped with it. --json: one JSON object.\n";

/* What a derived name d of e is, read from the name it was made from (the
 * index keeps no kind: build.c, add_acronym_stems and add_slash_stems): the
 * longer name of e it begins, and what comes next there, a bracket or a
 * slash. `json` selects the JSON word or the text's label. */
static const char *derived_label(const embargo_index *ix, const embargo_entity *e, const embargo_name *d,
                                 int json) {
    for (uint32_t i = 0; i < e->name_count; i++) {
        embargo_name n;
        if (embargo_entity_name(ix, e, i, &n) || n.derived || n.len <= d->len ||
            memcmp(n.text, d->text, d->len) != 0)
            continue;
        size_t k = d->len;
        while (k < n.len && n.text[k] == ' ') k++;
        if (k < n.len && n.text[k] == '(') return json ? "without_acronym" : "the name without its acronym";
        if (k < n.len && n.text[k] == '/') return json ? "before_slash" : "the name before the slash";
    }
    return json ? "other" : "a name derived from another";
}

static void show_json(const embargo_index *ix, const embargo_entity *e) {
    json_entity_open(stdout, e);
    printf(",\"type\":\"%s\",\"names\":[", embargo_type_name(e->type));
    for (uint32_t i = 0; i < e->name_count; i++) {
        embargo_name n;
        if (embargo_entity_name(ix, e, i, &n)) continue;
        fputs(i ? ",{\"name\":" : "{\"name\":", stdout);
        json_str(stdout, n.text, n.len);
        printf(",\"kind\":\"%s\"%s", embargo_name_kind_name(n.kind), n.weak ? ",\"weak\":true" : "");
        if (n.derived) printf(",\"derived\":true,\"derived_as\":\"%s\"", derived_label(ix, e, &n, 1));
        putchar('}');
    }
    fputs("],\"fields\":[", stdout);
    int k = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f)) continue;
        printf("%s{\"kind\":\"%s\",\"value\":", k++ ? "," : "", embargo_field_kind_name(f.kind));
        json_str(stdout, f.text, f.len);
        putchar('}');
    }
    putchar(']');
    /* the fields by kind too, for a reader that wants one kind */
    json_fields(stdout, ix, e, EMBARGO_FIELD_PROGRAM, "programs", 1);
    json_fields(stdout, ix, e, EMBARGO_FIELD_BIRTH_DATE, "birth_dates", 1);
    json_fields(stdout, ix, e, EMBARGO_FIELD_NATIONALITY, "nationalities", 1);
    json_fields(stdout, ix, e, EMBARGO_FIELD_CITIZENSHIP, "citizenships", 1);
    json_fields(stdout, ix, e, EMBARGO_FIELD_ID_DOCUMENT, "id_documents", 1);
    json_listed_by(stdout, ix, e);
    json_dataset_jurisdictions(stdout, ix, e);
    /* the version of the list the entry comes from */
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    for (uint32_t l = 0; l < info.lists; l++) {
        embargo_list_info li;
        if (embargo_index_list(ix, l, &li) || strcmp(li.name, e->list)) continue;
        const char *sha = cli_list_sha256(&li);
        fputs(",\"list_version\":{\"name\":", stdout);
        json_str(stdout, li.name, strlen(li.name));
        json_member(stdout, "date", li.date[0] ? li.date : NULL, strlen(li.date));
        json_member(stdout, "sha256", sha[0] ? sha : NULL, strlen(sha));
        putchar('}');
        break;
    }
    char ref[CLI_REF_SIZE];
    cli_screened_against(ix, ref);
    printf(",\"screened_against\":\"%s\"}\n", ref);
}

static void show_text(const embargo_index *ix, const embargo_entity *e) {
    text_str(stdout, e->id, e->id_len);
    printf("  %s  %s\n", e->list, embargo_type_name(e->type));
    for (uint32_t i = 0; i < e->name_count; i++) {
        embargo_name n;
        if (embargo_entity_name(ix, e, i, &n)) continue;
        printf("  %-8s ", embargo_name_kind_name(n.kind));
        text_str(stdout, n.text, n.len);
        fputs(n.weak ? "  (weak)" : "", stdout);
        if (n.derived) printf("  (%s)", derived_label(ix, e, &n, 0));
        putchar('\n');
    }
    text_listed_by(stdout, ix, e, "  ");
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f)) continue;
        printf("  %-16s ", embargo_field_kind_name(f.kind));
        text_str(stdout, f.text, f.len);
        putchar('\n');
    }
}

int cmd_show(int argc, char **argv) {
    cli_data data = {0};
    const char *id = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (!strcmp(argv[i], "--json")) {
            json = 1;
            continue;
        }
        if (argv[i][0] == '-' || id) return cli_usage(USAGE, cli_is_help(argv[i]));
        id = argv[i];
    }
    if (!id) return cli_usage(USAGE, 0);
    embargo_index *ix = cli_data_open(&data);
    if (!ix) return EXIT_TROUBLE;
    embargo_entity e;
    if (embargo_index_find(ix, id, strlen(id), &e)) {
        fputs("embargo: no entity '", stderr);
        text_str(stderr, id, strlen(id));
        fputs("' in this index\n", stderr);
        embargo_index_close(ix);
        return EXIT_NONE;
    }
    if (json) show_json(ix, &e);
    else show_text(ix, &e);
    int rc = EXIT_FOUND;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "embargo: error writing output\n");
        rc = EXIT_TROUBLE;
    }
    embargo_index_close(ix);
    return rc;
}

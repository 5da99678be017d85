/*
 * cmd_info.c - `embargo info`: what an index holds (lists, dates, counts),
 * and with --groups every person or organisation listed more than once.
 */
#include "cli.h"

#include <string.h>
#include <time.h>

static const char USAGE[] =
    "usage: embargo info [--index FILE | --list PATH...] [--json] [--groups]\n"
    "\n"
    "The lists an index holds, their dates and counts. With --groups: every\n"
    "person or organisation listed more than once, one line (or JSON object)\n"
    "each, with the evidence that grouped each entry.\n";

/* A group's first member in index order: each group is printed once. */
static size_t group_if_first(const embargo_index *ix, uint32_t i, uint32_t *m, size_t cap) {
    size_t n = embargo_index_group(ix, i, m, cap);
    for (size_t k = 1; k < n; k++)
        if (m[k] < i) return 0;
    return n > 1 ? n : 0;
}

static void print_groups(const embargo_index *ix, int json) {
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    for (uint32_t i = 0; i < info.entities; i++) {
        uint32_t m[CLI_GROUP_MAX];
        size_t n = group_if_first(ix, i, m, CLI_GROUP_MAX);
        if (!n) continue;
        if (json) fputs("{\"entries\":[", stdout);
        for (size_t k = 0; k < n; k++) {
            embargo_entity e, v;
            char why[200];
            if (embargo_index_entity(ix, m[k], &e)) continue;
            int joined = cli_grouped_with(ix, m[k], &v, why, sizeof(why));
            if (json) {
                fputs(k ? ",{\"id\":" : "{\"id\":", stdout);
                json_str(stdout, e.id, e.id_len);
                json_member(stdout, "list", e.list, strlen(e.list));
                json_member(stdout, "name", e.name, e.name_len);
                json_fields(stdout, ix, &e, EMBARGO_FIELD_BIRTH_DATE, "birth_dates", 1);
                if (joined) {
                    json_member(stdout, "grouped_with", v.id, v.id_len);
                    json_member(stdout, "grouped_on", why, strlen(why));
                }
                putchar('}');
            } else {
                fputs(k ? "  " : "", stdout);
                text_str(stdout, e.id, e.id_len);
                fputs("  ", stdout);
                text_str(stdout, e.name, e.name_len);
                if (joined) {
                    fputs("  (with ", stdout);
                    text_str(stdout, v.id, v.id_len);
                    fputs(": ", stdout);
                    text_str(stdout, why, strlen(why));
                    putchar(')');
                }
                putchar('\n');
            }
        }
        if (json) puts("]}");
    }
}

int cmd_info(int argc, char **argv) {
    cli_data data = {0};
    int json = 0, groups_only = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--groups")) groups_only = 1;
        else return cli_usage(USAGE, cli_is_help(argv[i]));
    }
    embargo_index *ix = cli_data_open(&data);
    if (!ix) return EXIT_TROUBLE;
    if (groups_only) {
        print_groups(ix, json);
        embargo_index_close(ix);
        return 0;
    }
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    char built[32];
    time_t t = (time_t)info.built_at;
    strftime(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    /* entries grouped as the same person or organisation across lists */
    uint32_t groups = 0, grouped = 0;
    for (uint32_t i = 0; i < info.entities; i++) {
        uint32_t m[CLI_GROUP_MAX];
        size_t n = group_if_first(ix, i, m, CLI_GROUP_MAX);
        groups += n > 0;
        grouped += (uint32_t)n;
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
            json_member(stdout, "source", l.source, strlen(l.source));
            json_member(stdout, "date", l.date, strlen(l.date));
            const char *sha = cli_list_sha256(&l);
            json_member(stdout, "sha256", sha[0] ? sha : NULL, strlen(sha));
            printf(",\"entities\":%u}", l.entities);
        } else {
            printf("  %-12s %6u entities  ", l.name, l.entities);
            text_str(stdout, l.source, strlen(l.source));
            if (l.date[0]) printf("  dated %s", l.date);
            const char *sha = cli_list_sha256(&l);
            if (sha[0]) printf("  sha256 %s", sha);
            putchar('\n');
        }
    }
    if (json) {
        char ref[CLI_REF_SIZE];
        cli_screened_against(ix, ref);
        printf("],\"screened_against\":\"%s\"}\n", ref);
    }
    embargo_index_close(ix);
    return 0;
}

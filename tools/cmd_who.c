/*
 * cmd_who.c - `embargo who NAME`: who lists this person, and since when.
 *
 * Screens the name, takes the best match as the person meant, gathers the
 * entries of other lists that are the same person on evidence beyond the
 * name (embargo_index_same_entity), and answers list by list: listed or
 * not, under which id and program, since when.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: embargo who [--index FILE | --list PATH...] [--json] [--threshold T] NAME\n"
    "\n"
    "Answers, for every list the index holds: is this person or organisation\n"
    "listed, under which id and program, and since when. Entries of different\n"
    "lists are taken for the same person only when more than the name agrees\n"
    "(a birth date, a document number, a registration number).\n";

/* One line (or JSON object) of the answer: list li names the person as
 * `hit`, or (hit NULL) does not, or has only a namesake among the matches. */
static void report_list(const embargo_index *ix, const embargo_list_info *li, const embargo_entity *hit,
                        const embargo_match *mm, size_t n, int json, int *first) {
    /* the query's own score against this entry, if it was among the matches */
    const embargo_match *scored = NULL;
    for (size_t i = 0; i < n && !scored; i++)
        if (!strcmp(mm[i].entity.list, li->name) && (!hit || mm[i].entity.index == hit->index))
            scored = &mm[i];
    char why[200] = "";
    embargo_entity v;
    if (hit && cli_grouped_with(ix, hit->index, &v, why, sizeof(why)))
        snprintf(why + strlen(why), sizeof(why) - strlen(why), " (with %.*s)", (int)v.id_len, v.id);
    const char *jur = embargo_list_jurisdiction(li->name);
    size_t since_len = 0;
    const char *since = hit ? cli_first_field(ix, hit, EMBARGO_FIELD_LISTED_ON, &since_len) : NULL;
    if (json) {
        printf("%s{\"list\":", *first ? "" : ",");
        *first = 0;
        json_str(stdout, li->name, strlen(li->name));
        json_member(stdout, "jurisdiction", jur, strlen(jur));
        printf(",\"listed\":%s", hit ? "true" : "false");
        if (hit) {
            json_member(stdout, "id", hit->id, hit->id_len);
            json_member(stdout, "name", hit->name, hit->name_len);
            json_fields(stdout, ix, hit, EMBARGO_FIELD_PROGRAM, "programs", 1);
            json_member(stdout, "since", since, since_len);
            json_dataset_jurisdictions(stdout, ix, hit);
            if (scored) printf(",\"score\":%.3f", scored->score);
            json_member(stdout, "grouped_on", why[0] ? why : NULL, strlen(why));
        }
        json_member(stdout, "list_date", li->date, strlen(li->date));
        putchar('}');
    } else if (hit) {
        printf("  %-4s %-12s listed      %-18.*s", jur, li->name, (int)hit->id_len, hit->id);
        text_programs(stdout, ix, hit);
        printf("  since %.*s", since ? (int)since_len : 7, since ? since : "unknown");
        text_dataset_jurisdictions(stdout, ix, hit);
        if (scored && why[0]) printf("  (score %.3f; grouped on %s)\n", scored->score, why);
        else if (scored) printf("  (score %.3f)\n", scored->score);
        else printf("  (grouped on %s)\n", why);
    } else if (scored) {
        /* a name match that nothing else confirms is shown as such */
        printf("  %-4s %-12s name only   %-18.*s (score %.3f; nothing beyond the name agrees)\n", jur,
               li->name, (int)scored->entity.id_len, scored->entity.id, scored->score);
    } else {
        printf("  %-4s %-12s not listed\n", jur, li->name);
    }
}

int cmd_who(int argc, char **argv) {
    cli_data data = {0};
    int json = 0;
    const char *name = NULL;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    for (int i = 1; i < argc; i++) {
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (cli_is_help(argv[i])) {
            return cli_usage(USAGE, 1);
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--threshold") && i + 1 < argc) {
            if (cli_number("--threshold", argv[++i], 0, 1, &o.threshold)) return EXIT_TROUBLE;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            return cli_usage_error(USAGE, "unknown option '%s'", argv[i]);
        } else if (!name) {
            name = argv[i];
        } else {
            return cli_usage_error(USAGE, "who takes one name");
        }
    }
    if (!name) return cli_usage(USAGE, 0);
    embargo_index *ix = cli_data_open(&data);
    if (!ix) return EXIT_TROUBLE;
    embargo_matcher *m = NULL;
    int rc = EXIT_TROUBLE;
    if (embargo_matcher_new(ix, &m)) goto done;
    o.limit = 50;
    const embargo_match *mm;
    size_t n;
    embargo_status st = embargo_matcher_screen(m, name, strlen(name), &o, &mm, &n);
    if (st) {
        fprintf(stderr, "embargo: %s\n", cli_matcher_why(m, st));
        goto done;
    }
    /* The person meant is the best match; the other lists' entries of the
     * same person are its group, found when the index was built. */
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    uint32_t group[CLI_GROUP_MAX];
    size_t ng = n ? embargo_index_group(ix, mm[0].entity.index, group, CLI_GROUP_MAX) : 0;
    if (json) {
        fputs("{\"query\":", stdout);
        json_str(stdout, name, strlen(name));
        fputs(",\"lists\":[", stdout);
    } else {
        printf("%s", name);
        if (ng) printf(": %.*s (%s)", (int)mm[0].entity.name_len, mm[0].entity.name,
                       embargo_type_name(mm[0].entity.type));
        putchar('\n');
    }
    int first = 1;
    for (uint32_t l = 0; l < info.lists; l++) {
        embargo_list_info li;
        if (embargo_index_list(ix, l, &li)) continue;
        int shown = 0; /* a list may name the person twice */
        for (size_t g = 0; g < ng; g++) {
            embargo_entity hit;
            if (embargo_index_entity(ix, group[g], &hit) || strcmp(hit.list, li.name)) continue;
            report_list(ix, &li, &hit, mm, n, json, &first);
            shown++;
        }
        if (!shown) report_list(ix, &li, NULL, mm, n, json, &first);
    }
    if (json) puts("]}");
    rc = ng ? EXIT_FOUND : EXIT_NONE;
done:
    embargo_matcher_free(m);
    embargo_index_close(ix);
    return rc;
}

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
    "       embargo who [OPTIONS] --batch < names.txt\n"
    "\n"
    "Answers, for every list the index holds: is this person or organisation\n"
    "listed, under which id and program, and since when. Entries of different\n"
    "lists are taken for the same person only when more than the name agrees\n"
    "(a birth date, a document number, a registration number).\n"
    "\n"
    "  --json            one JSON object per name (with --batch: JSON Lines, one\n"
    "                    object per input line, in order; a bad line gets an\n"
    "                    object with \"error\")\n"
    "  --batch           names from standard input, one a line\n"
    "\n"
    "Exit status: 0 listed somewhere, 1 not listed, 2 an error (in a batch:\n"
    "some lines were rejected; the others were still answered).\n";

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
        const char *sha = cli_list_sha256(li);
        json_member(stdout, "list_sha256", sha[0] ? sha : NULL, strlen(sha));
        putchar('}');
    } else if (hit) {
        printf("  %-4s %-12s listed      ", jur, li->name);
        text_pad(stdout, hit->id, hit->id_len, 18);
        text_programs(stdout, ix, hit);
        fputs("  since ", stdout);
        text_str(stdout, since ? since : "unknown", since ? since_len : 7);
        text_dataset_jurisdictions(stdout, ix, hit);
        if (scored) printf("  (score %.3f%s", scored->score, why[0] ? "; grouped on " : ")\n");
        else fputs("  (grouped on ", stdout);
        if (why[0]) {
            text_str(stdout, why, strlen(why));
            fputs(")\n", stdout);
        }
    } else if (scored) {
        /* a name match that nothing else confirms is shown as such */
        printf("  %-4s %-12s name only   ", jur, li->name);
        text_pad(stdout, scored->entity.id, scored->entity.id_len, 18);
        printf(" (score %.3f; nothing beyond the name agrees)\n", scored->score);
    } else {
        printf("  %-4s %-12s not listed\n", jur, li->name);
    }
}

typedef struct who_ctx {
    embargo_index *ix;
    embargo_matcher *m;
    embargo_screen_options o;
    int json;
    char ref[CLI_REF_SIZE];
    size_t found, rejected;
} who_ctx;

/* Answers for one name; `line` is 0 for an argument. */
static void who_one(who_ctx *c, const char *name, size_t len, size_t line) {
    const embargo_match *mm;
    size_t n;
    embargo_status st = embargo_matcher_screen(c->m, name, len, &c->o, &mm, &n);
    if (st) {
        const char *why = cli_matcher_why(c->m, st);
        c->rejected++;
        if (c->json) {
            fputs("{\"query\":", stdout);
            json_str(stdout, name, len > 256 ? 256 : len);
            if (line) printf(",\"line\":%zu", line);
            json_member(stdout, "error", why, strlen(why));
            fputs("}\n", stdout);
        }
        if (line) fprintf(stderr, "embargo: line %zu: %s\n", line, why);
        else fprintf(stderr, "embargo: %s\n", why);
        return;
    }
    /* The person meant is the best match; the other lists' entries of the
     * same person are its group, found when the index was built. */
    embargo_index_info info;
    embargo_index_info_get(c->ix, &info);
    uint32_t group[CLI_GROUP_MAX];
    size_t ng = n ? embargo_index_group(c->ix, mm[0].entity.index, group, CLI_GROUP_MAX) : 0;
    if (c->json) {
        fputs("{\"query\":", stdout);
        json_str(stdout, name, len);
        if (line) printf(",\"line\":%zu", line);
        printf(",\"screened_against\":\"%s\",\"lists\":[", c->ref);
    } else {
        text_str(stdout, name, len);
        if (ng) {
            fputs(": ", stdout);
            text_str(stdout, mm[0].entity.name, mm[0].entity.name_len);
            printf(" (%s)", embargo_type_name(mm[0].entity.type));
        }
        putchar('\n');
    }
    int first = 1;
    for (uint32_t l = 0; l < info.lists; l++) {
        embargo_list_info li;
        if (embargo_index_list(c->ix, l, &li)) continue;
        int shown = 0; /* a list may name the person twice */
        for (size_t g = 0; g < ng; g++) {
            embargo_entity hit;
            if (embargo_index_entity(c->ix, group[g], &hit) || strcmp(hit.list, li.name)) continue;
            report_list(c->ix, &li, &hit, mm, n, c->json, &first);
            shown++;
        }
        if (!shown) report_list(c->ix, &li, NULL, mm, n, c->json, &first);
    }
    if (c->json) puts("]}");
    c->found += ng > 0;
}

int cmd_who(int argc, char **argv) {
    cli_data data = {0};
    who_ctx c;
    memset(&c, 0, sizeof(c));
    int batch = 0;
    const char *name = NULL;
    embargo_screen_options_init(&c.o);
    for (int i = 1; i < argc; i++) {
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) return EXIT_TROUBLE;
        if (r) continue;
        if (cli_is_help(argv[i])) {
            return cli_usage(USAGE, 1);
        } else if (!strcmp(argv[i], "--json")) {
            c.json = 1;
        } else if (!strcmp(argv[i], "--batch")) {
            batch = 1;
        } else if (!strcmp(argv[i], "--threshold") && i + 1 < argc) {
            if (cli_number("--threshold", argv[++i], 0, 1, &c.o.threshold)) return EXIT_TROUBLE;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            return cli_usage_error(USAGE, "unknown option '%s'", argv[i]);
        } else if (!name) {
            name = argv[i];
        } else {
            return cli_usage_error(USAGE, "who takes one name");
        }
    }
    if (batch && name) return cli_usage_error(USAGE, "give a name or --batch, not both");
    if (!name && !batch) return cli_usage(USAGE, 0);
    c.ix = cli_data_open(&data);
    if (!c.ix) return EXIT_TROUBLE;
    int rc = EXIT_TROUBLE;
    if (embargo_matcher_new(c.ix, &c.m)) goto done;
    c.o.limit = 50;
    cli_screened_against(c.ix, c.ref);
    if (!batch) {
        who_one(&c, name, strlen(name), 0);
    } else {
        char *line = NULL;
        size_t cap = 0, lineno = 0;
        ssize_t len;
        while ((len = cli_getline(&line, &cap, stdin)) >= 0) {
            lineno++;
            who_one(&c, line, (size_t)len, lineno);
        }
        free(line);
        if (ferror(stdin)) {
            fprintf(stderr, "embargo: error reading standard input\n");
            goto done;
        }
    }
    rc = c.rejected ? EXIT_TROUBLE : c.found ? EXIT_FOUND : EXIT_NONE;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "embargo: error writing output\n");
        rc = EXIT_TROUBLE;
    }
done:
    embargo_matcher_free(c.m);
    embargo_index_close(c.ix);
    return rc;
}

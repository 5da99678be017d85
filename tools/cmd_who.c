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

/* The first field of a kind, as text (or NULL). */
static const char *first_field(const embargo_index *ix, const embargo_entity *e,
                               embargo_field_kind kind, size_t *len) {
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f) == EMBARGO_OK && f.kind == kind) {
            *len = f.len;
            return f.text;
        }
    }
    return NULL;
}

static void print_programs(const embargo_index *ix, const embargo_entity *e, int json) {
    int n = 0;
    if (json) fputs(",\"programs\":[", stdout);
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f) || f.kind != EMBARGO_FIELD_PROGRAM) continue;
        if (json) {
            if (n) putchar(',');
            json_str(stdout, f.text, f.len);
        } else {
            printf("%s%.*s", n ? ", " : "", (int)f.len, f.text);
        }
        n++;
    }
    if (json) putchar(']');
    else if (!n) fputs("-", stdout);
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
        double v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(USAGE, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--threshold") && i + 1 < argc) {
            if (cli_number("--threshold", argv[++i], 0, 1, &v)) return EXIT_TROUBLE;
            o.threshold = v;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "embargo: unknown option '%s'\n%s", argv[i], USAGE);
            return EXIT_TROUBLE;
        } else if (!name) {
            name = argv[i];
        } else {
            fprintf(stderr, "embargo: who takes one name\n%s", USAGE);
            return EXIT_TROUBLE;
        }
    }
    if (!name) {
        fprintf(stderr, "%s", USAGE);
        return EXIT_TROUBLE;
    }
    embargo_index *ix = cli_data_open(&data);
    if (!ix) return EXIT_TROUBLE;
    embargo_matcher *m = NULL, *cmp = NULL;
    int rc = EXIT_TROUBLE;
    if (embargo_matcher_new(ix, &m) || embargo_matcher_new(NULL, &cmp)) goto done;
    o.limit = 50;
    const embargo_match *mm;
    size_t n;
    embargo_status st = embargo_matcher_screen(m, name, strlen(name), &o, &mm, &n);
    if (st) {
        fprintf(stderr, "embargo: %s\n", embargo_matcher_message(m)[0] ? embargo_matcher_message(m)
                                                                      : embargo_strerror(st));
        goto done;
    }
    /* The group: the best match, and the other lists' entries that are the
     * same person or organisation. Copy the matches: screening again (or
     * comparing) would not touch them, but keep it simple and safe. */
    embargo_match *group = calloc(n ? n : 1, sizeof(*group));
    char (*why)[200] = calloc(n ? n : 1, sizeof(*why));
    size_t ng = 0;
    if (!group || !why) { free(group); free(why); goto done; }
    if (n) {
        group[ng++] = mm[0];
        snprintf(why[0], sizeof(why[0]), "best match");
        /* grow the group until nothing more joins: an entry may be tied to
         * any member (the UK's to the US entry by programme, the US entry
         * to the EU's by birth date) */
        char *in = calloc(n, 1);
        if (!in) { free(group); free(why); goto done; }
        in[0] = 1;
        for (int grew = 1; grew;) {
            grew = 0;
            for (size_t i = 1; i < n; i++) {
                if (in[i]) continue;
                int taken = 0; /* one entry per list */
                for (size_t g = 0; g < ng && !taken; g++) taken = !strcmp(group[g].entity.list, mm[i].entity.list);
                for (size_t g = 0; g < ng && !taken; g++) {
                    double s;
                    if (embargo_matcher_compare(cmp, group[g].matched_name, group[g].matched_name_len,
                                                mm[i].matched_name, mm[i].matched_name_len, &s, NULL))
                        continue;
                    if (embargo_index_same_entity(ix, group[g].entity.index, mm[i].entity.index, s,
                                                  why[ng], sizeof(why[ng]))) {
                        group[ng++] = mm[i];
                        in[i] = 1;
                        grew = taken = 1;
                    }
                }
            }
        }
        free(in);
    }
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    if (json) {
        fputs("{\"query\":", stdout);
        json_str(stdout, name, strlen(name));
        fputs(",\"lists\":[", stdout);
    } else {
        printf("%s", name);
        if (ng) printf(": %.*s (%s)", (int)group[0].entity.name_len, group[0].entity.name,
                       embargo_type_name(group[0].entity.type));
        putchar('\n');
    }
    for (uint32_t l = 0; l < info.lists; l++) {
        embargo_list_info li;
        if (embargo_index_list(ix, l, &li)) continue;
        const embargo_match *hit = NULL;
        size_t hi = 0;
        for (size_t g = 0; g < ng && !hit; g++)
            if (!strcmp(group[g].entity.list, li.name)) { hit = &group[g]; hi = g; }
        const char *jur = embargo_list_jurisdiction(li.name);
        size_t since_len = 0;
        const char *since = hit ? first_field(ix, &hit->entity, EMBARGO_FIELD_LISTED_ON, &since_len) : NULL;
        if (json) {
            printf("%s{\"list\":", l ? "," : "");
            json_str(stdout, li.name, strlen(li.name));
            fputs(",\"jurisdiction\":", stdout);
            json_str(stdout, jur, strlen(jur));
            printf(",\"listed\":%s", hit ? "true" : "false");
            if (hit) {
                fputs(",\"id\":", stdout);
                json_str(stdout, hit->entity.id, hit->entity.id_len);
                fputs(",\"name\":", stdout);
                json_str(stdout, hit->entity.name, hit->entity.name_len);
                print_programs(ix, &hit->entity, 1);
                fputs(",\"since\":", stdout);
                if (since) json_str(stdout, since, since_len);
                else fputs("null", stdout);
                printf(",\"score\":%.3f,\"grouped_on\":", hit->score);
                json_str(stdout, why[hi], strlen(why[hi]));
            }
            fputs(",\"list_date\":", stdout);
            json_str(stdout, li.date, strlen(li.date));
            putchar('}');
        } else if (hit) {
            printf("  %-4s %-12s listed      %-18.*s ", jur, li.name, (int)hit->entity.id_len, hit->entity.id);
            print_programs(ix, &hit->entity, 0);
            printf("  since %.*s  (score %.3f; %s)\n", since ? (int)since_len : 7, since ? since : "unknown",
                   hit->score, why[hi]);
        } else {
            /* a name match that nothing else confirms is shown as such */
            const embargo_match *alike = NULL;
            for (size_t i = 0; i < n && !alike; i++)
                if (!strcmp(mm[i].entity.list, li.name)) alike = &mm[i];
            if (alike)
                printf("  %-4s %-12s name only   %-18.*s (score %.3f; nothing beyond the name agrees)\n", jur,
                       li.name, (int)alike->entity.id_len, alike->entity.id, alike->score);
            else
                printf("  %-4s %-12s not listed\n", jur, li.name);
        }
    }
    if (json) puts("]}");
    rc = ng ? EXIT_FOUND : EXIT_NONE;
    free(group);
    free(why);
done:
    embargo_matcher_free(m);
    embargo_matcher_free(cmp);
    embargo_index_close(ix);
    return rc;
}

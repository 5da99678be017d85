/*
 * cmd_compare.c - `embargo compare A B`: the score of two names and why.
 *
 * With --batch it reads tab-separated pairs from standard input, one per
 * line, and writes one result per line: the form the evaluation scripts use.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: embargo compare [--json] [--threshold T] [--type TYPE] NAME1 NAME2\n"
    "       embargo compare [--json] [--threshold T] --batch < pairs.tsv\n"
    "\n"
    "Scores NAME1 (the query) against NAME2 (the listed name) and explains\n"
    "how each token was paired. With --batch, reads NAME1<TAB>NAME2 lines.\n"
    "\n"
    "options:\n"
    "  --threshold T   the score at which the names count as a match (default 0.80)\n"
    "  --type TYPE     what NAME2 names: person, organization, vessel, aircraft\n"
    "                  (default: guessed; omitted words of organisations cost more)\n"
    "  --json          JSON: {\"score\", \"threshold\", \"match\", \"explanation\"}\n"
    "\n"
    "Exit status: 0 a match, 1 not a match, 2 an error.\n";

static int compare_one(embargo_matcher *m, const char *a, size_t al, const char *b, size_t bl,
                       double threshold, int json, size_t line) {
    double score;
    const embargo_explanation *e;
    embargo_status st = embargo_matcher_compare(m, a, al, b, bl, &score, &e);
    if (st) {
        const char *why = cli_matcher_why(m, st);
        if (json) {
            fputs("{\"error\":", stdout);
            json_str(stdout, why, strlen(why));
            if (line) printf(",\"line\":%zu", line);
            fputs("}\n", stdout);
        }
        if (line) fprintf(stderr, "embargo: line %zu: %s\n", line, why);
        else fprintf(stderr, "embargo: %s\n", why);
        return EXIT_TROUBLE;
    }
    int match = score >= threshold;
    /* Three decimals must not round a score just below the threshold up to
     * it (0.79996 as 0.800, "no match"): such a score is shown cut, 0.799. */
    if (!match && round(score * 1000) / 1000 >= threshold) score = floor(score * 1000) / 1000;
    if (json) {
        printf("{\"score\":%.3f,\"threshold\":%.2f,\"match\":%s", score, threshold,
               match ? "true" : "false");
        if (line) printf(",\"line\":%zu", line);
        fputs(",\"explanation\":", stdout);
        json_explanation(stdout, e, NULL);
        fputs("}\n", stdout);
    } else {
        printf("%.3f  %s  (threshold %.2f)\n", score, match ? "match" : "no match", threshold);
        printf("  %-16s %-16s %-15s %s\n", "query", "name", "how", "similarity");
        text_explanation(stdout, e, "  ");
    }
    return match ? EXIT_FOUND : EXIT_NONE;
}

/* Options that take a value; --type without one is an unknown type. */
static const char *const VALUED[] = {"--threshold", NULL};

int cmd_compare(int argc, char **argv) {
    int json = 0, batch = 0;
    embargo_entity_type type = EMBARGO_TYPE_UNKNOWN;
    double threshold = EMBARGO_DEFAULT_THRESHOLD;
    const char *names[2];
    int nnames = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            return cli_usage(USAGE, 1);
        } else if (cli_needs_value(a, i, argc, VALUED)) {
            return EXIT_TROUBLE;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--batch")) {
            batch = 1;
        } else if (!strcmp(a, "--type")) {
            const char *t = i + 1 < argc ? argv[++i] : "";
            type = embargo_type_parse(t, strlen(t));
            if (type == EMBARGO_TYPE_UNKNOWN) {
                fprintf(stderr, "embargo: --type takes person, organization, vessel or aircraft\n");
                return EXIT_TROUBLE;
            }
        } else if (!strcmp(a, "--threshold")) {
            if (cli_number(a, argv[++i], 0, 1, &threshold)) return EXIT_TROUBLE;
        } else if (cli_is_option(a)) {
            return cli_usage_error(USAGE, "unknown option '%s'", a);
        } else if (nnames < 2) {
            names[nnames++] = a;
        } else {
            return cli_usage_error(USAGE, "compare takes two names");
        }
    }
    if (batch ? nnames != 0 : nnames != 2) return cli_usage_error(USAGE, "compare takes two names, or --batch");
    embargo_matcher *m;
    embargo_status st = embargo_matcher_new(NULL, &m);
    if (st) {
        fprintf(stderr, "embargo: %s\n", embargo_strerror(st));
        return EXIT_TROUBLE;
    }
    embargo_matcher_set_type(m, type);
    int rc;
    if (!batch) {
        rc = compare_one(m, names[0], strlen(names[0]), names[1], strlen(names[1]), threshold, json, 0);
    } else {
        char *line = NULL;
        size_t cap = 0, lineno = 0;
        ssize_t len;
        int errors = 0, found = 0;
        while ((len = cli_getline(&line, &cap, stdin)) >= 0) {
            lineno++;
            char *tab = memchr(line, '\t', (size_t)len);
            if (!tab) {
                errors++;
                if (json) printf("{\"error\":\"expected NAME1<TAB>NAME2\",\"line\":%zu}\n", lineno);
                fprintf(stderr, "embargo: line %zu: expected NAME1<TAB>NAME2\n", lineno);
                continue;
            }
            int r = compare_one(m, line, (size_t)(tab - line), tab + 1,
                                (size_t)(line + len - tab - 1), threshold, json, lineno);
            if (r == EXIT_TROUBLE) errors++;
            if (r == EXIT_FOUND) found++;
        }
        free(line);
        rc = errors ? EXIT_TROUBLE : found ? EXIT_FOUND : EXIT_NONE;
    }
    embargo_matcher_free(m);
    return rc;
}

/*
 * cmd_screen.c - `embargo screen`: names in, matches out.
 *
 * Names come as arguments or, with --batch, one per line from standard
 * input (or from a column of CSV input with --csv). A bad line gets an
 * error record of its own and the batch goes on. Output is a table for
 * people or, with --json, one JSON object per query in input order.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
    "usage: embargo screen [OPTIONS] NAME...\n"
    "       embargo screen [OPTIONS] --batch [--csv [--column NAME]] < input\n"
    "\n"
    "options:\n"
    "  --index FILE      an index built by 'embargo index'\n"
    "  --list PATH       a list file or folder (repeatable); built in memory\n"
    "  --threshold T     report matches scoring at least T (0..1; default 0.80)\n"
    "  --limit N         at most N matches per name (default 10)\n"
    "  --lists SEL       only these lists or jurisdictions: ofac-sdn,uk or US,EU\n"
    "  --type TYPE       only entities of this type: person, organization,\n"
    "                    vessel, aircraft (repeatable)\n"
    "  --dob DATE        evidence: a birth date (1962 or 1962-09-17); a listed\n"
    "                    birth year that differs lowers the score by 0.15\n"
    "  --country NAME    evidence: a nationality or country (Russia); one that\n"
    "                    differs from every listed country lowers the score by 0.10\n"
    "  --json            one JSON object per name, in input order\n"
    "  --explain         show how each query token was paired (table output)\n"
    "  --batch           read names from standard input, one per line\n"
    "  --csv             with --batch: the input is CSV with a header row\n"
    "  --column NAME     with --csv: the column holding names (default: name)\n"
    "  --line-buffered   with --batch: write each answer as soon as it is ready\n"
    "                    (for a program that talks to embargo through pipes)\n"
    "\n"
    "Exit status: 0 a match was found, 1 no match, 2 an error (in a batch: some\n"
    "lines were rejected; the others were still screened).\n";

typedef struct screen_ctx {
    embargo_matcher *m;
    const embargo_index *ix;
    embargo_screen_options opts;
    int json, explain, line_buffered;
    size_t found, rejected, queries;
} screen_ctx;

static void print_table(screen_ctx *c, const char *q, size_t qlen, const embargo_match *mm, size_t n) {
    printf("%.*s\n", (int)qlen, q);
    if (n == 0) printf("  no match\n");
    for (size_t i = 0; i < n; i++) {
        const embargo_match *m = &mm[i];
        text_entity(stdout, m->score, &m->entity);
        if (m->matched_name != m->entity.name)
            printf("  (as %.*s)", (int)m->matched_name_len, m->matched_name);
        text_programs(stdout, c->ix, &m->entity);
        putchar('\n');
        /* the other lists' entries of a hit shown above are that hit again */
        size_t same = i;
        for (size_t j = 0; j < i && same == i; j++)
            if (embargo_index_same_group(c->ix, mm[j].entity.index, m->entity.index)) same = j;
        if (same < i)
            printf("         the same as %.*s above\n", (int)mm[same].entity.id_len, mm[same].entity.id);
        else
            text_listed_by(stdout, c->ix, &m->entity, "         ");
        if (c->explain) text_explanation(stdout, &m->explanation, "         ");
    }
}

/* Screens one query; `line` is 0 for arguments. */
static void screen_one(screen_ctx *c, const char *q, size_t len, size_t line) {
    const embargo_match *mm;
    size_t n;
    c->queries++;
    embargo_status st = embargo_matcher_screen(c->m, q, len, &c->opts, &mm, &n);
    if (st) {
        c->rejected++;
        const char *why = cli_matcher_why(c->m, st);
        if (c->json) {
            fputs("{\"query\":", stdout);
            size_t shown = len;
            if (shown > 256) { /* echo the start of a long query, whole characters */
                shown = 256;
                while (shown > 0 && ((unsigned char)q[shown] & 0xC0) == 0x80) shown--;
            }
            json_str(stdout, q, shown);
            if (line) printf(",\"line\":%zu", line);
            json_member(stdout, "error", why, strlen(why));
            fputs("}\n", stdout);
        }
        if (line) fprintf(stderr, "embargo: line %zu: %s\n", line, why);
        else fprintf(stderr, "embargo: '%.*s': %s\n", (int)(len > 80 ? 80 : len), q, why);
        return;
    }
    if (n) c->found++;
    if (!c->json) {
        print_table(c, q, len, mm, n);
        return;
    }
    fputs("{\"query\":", stdout);
    json_str(stdout, q, len);
    if (line) printf(",\"line\":%zu", line);
    fputs(",\"matches\":[", stdout);
    for (size_t i = 0; i < n; i++) {
        if (i) fputc(',', stdout);
        json_match(stdout, c->ix, &mm[i]);
    }
    fputs("]}\n", stdout);
}

/* Splits one CSV record (no embedded newlines) into fields in place;
 * returns the number of fields, or -1 on a malformed quote. */
static int csv_split(char *s, char **f, int max) {
    int n = 0;
    char *p = s;
    while (n < max) {
        char *w = p;
        f[n++] = w;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p) return -1;
                if (*p == '"') {
                    if (p[1] == '"') { *w++ = '"'; p += 2; continue; }
                    p++;
                    break;
                }
                *w++ = *p++;
            }
            if (*p && *p != ',') return -1;
        } else {
            while (*p && *p != ',') *w++ = *p++;
        }
        if (!*p) { *w = '\0'; return n; }
        *w = '\0';
        p++;
    }
    return n;
}

static int run_batch(screen_ctx *c, int csv, const char *column) {
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    int col = -1;
    int progress = cli_stderr_tty() && !cli_stdout_tty();
    time_t last = time(NULL);
    while ((len = cli_getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        if (csv) {
            char *fields[256];
            if ((size_t)len != strlen(line)) {
                c->rejected++;
                fprintf(stderr, "embargo: line %zu: NUL byte in CSV input\n", lineno);
                continue;
            }
            int nf = csv_split(line, fields, 256);
            if (col < 0) {
                for (int i = 0; i < nf && col < 0; i++)
                    if (!strcmp(fields[i], column)) col = i;
                if (col < 0) {
                    fprintf(stderr, "embargo: line 1: no column named '%s' in the CSV header\n", column);
                    free(line);
                    return EXIT_TROUBLE;
                }
                continue;
            }
            if (nf < 0 || nf <= col) {
                c->rejected++;
                fprintf(stderr, "embargo: line %zu: %s\n", lineno,
                        nf < 0 ? "malformed CSV quoting" : "too few columns");
                continue;
            }
            screen_one(c, fields[col], strlen(fields[col]), lineno);
        } else {
            /* a blank line is an empty query: it gets its error record, so
             * that output lines follow input lines */
            screen_one(c, line, (size_t)len, lineno);
        }
        if (c->line_buffered) fflush(stdout);
        if (progress && (lineno & 4095) == 0 && time(NULL) != last) {
            last = time(NULL);
            fprintf(stderr, "\rscreened %zu names, %zu with matches", c->queries, c->found);
        }
    }
    if (progress) fprintf(stderr, "\rscreened %zu names, %zu with matches\n", c->queries, c->found);
    free(line);
    if (ferror(stdin)) {
        fprintf(stderr, "embargo: error reading standard input\n");
        return EXIT_TROUBLE;
    }
    return -1;
}

static const char *const VALUED[] = {"--threshold", "--limit", "--type", "--column",
                                     "--dob", "--country", "--lists", NULL};

int cmd_screen(int argc, char **argv) {
    cli_data data = {0};
    screen_ctx c;
    memset(&c, 0, sizeof(c));
    embargo_screen_options_init(&c.opts);
    int batch = 0, csv = 0;
    const char *column = "name", *lists = NULL;
    const char **names = calloc((size_t)argc, sizeof(*names));
    int nnames = 0;
    if (!names) return EXIT_TROUBLE;
    int rc = EXIT_TROUBLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_data_option(&data, argc, argv, &i);
        if (r < 0) goto done;
        if (r) continue;
        double v;
        if (cli_is_help(a)) {
            rc = cli_usage(USAGE, 1);
            goto done;
        } else if (!strcmp(a, "--json")) {
            c.json = 1;
        } else if (!strcmp(a, "--explain")) {
            c.explain = 1;
        } else if (!strcmp(a, "--batch")) {
            batch = 1;
        } else if (!strcmp(a, "--line-buffered")) {
            c.line_buffered = 1;
        } else if (!strcmp(a, "--csv")) {
            csv = 1;
        } else if (cli_needs_value(a, i, argc, VALUED)) {
            goto done;
        } else if (!strcmp(a, "--threshold")) {
            if (cli_number(a, argv[++i], 0, 1, &c.opts.threshold)) goto done;
        } else if (!strcmp(a, "--limit")) {
            if (cli_number(a, argv[++i], 1, 1000, &v)) goto done;
            c.opts.limit = (uint32_t)v;
        } else if (!strcmp(a, "--type")) {
            const char *t = argv[++i];
            embargo_entity_type ty = embargo_type_parse(t, strlen(t));
            if (ty == EMBARGO_TYPE_UNKNOWN) {
                fprintf(stderr, "embargo: unknown --type '%s' (person, organization, vessel, aircraft)\n", t);
                goto done;
            }
            c.opts.type_mask |= 1u << ty;
        } else if (!strcmp(a, "--dob")) {
            const char *d = argv[++i];
            if (strlen(d) < 4 || strspn(d, "0123456789") < 4) {
                fprintf(stderr, "embargo: --dob takes a date such as 1962 or 1962-09-17, not '%s'\n", d);
                goto done;
            }
            c.opts.birth_date = d;
        } else if (!strcmp(a, "--country")) {
            c.opts.country = argv[++i];
        } else if (!strcmp(a, "--column")) {
            column = argv[++i];
        } else if (!strcmp(a, "--lists")) {
            lists = argv[++i];
        } else if (cli_is_option(a)) {
            cli_usage_error(USAGE, "unknown option '%s'", a);
            goto done;
        } else {
            names[nnames++] = a;
        }
    }
    if (batch == (nnames > 0)) {
        cli_usage_error(USAGE, "give names as arguments or --batch, not %s", batch ? "both" : "neither");
        goto done;
    }
    if (csv && !batch) {
        fprintf(stderr, "embargo: --csv goes with --batch\n");
        goto done;
    }
    embargo_index *ix = cli_data_open_selected(&data, lists, &c.opts.list_mask);
    if (!ix) goto done;
    c.ix = ix;
    embargo_status st = embargo_matcher_new(ix, &c.m);
    if (st) {
        fprintf(stderr, "embargo: %s\n", embargo_strerror(st));
        embargo_index_close(ix);
        goto done;
    }
    rc = -1;
    if (batch) rc = run_batch(&c, csv, column);
    else
        for (int i = 0; i < nnames; i++) screen_one(&c, names[i], strlen(names[i]), 0);
    if (rc < 0) rc = c.rejected ? EXIT_TROUBLE : c.found ? EXIT_FOUND : EXIT_NONE;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "embargo: error writing output\n");
        rc = EXIT_TROUBLE;
    }
    embargo_matcher_free(c.m);
    embargo_index_close(ix);
done:
    free(names);
    return rc;
}

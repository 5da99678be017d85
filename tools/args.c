/*
 * args.c - reading the command line, and lines of input, alike for every
 * command.
 *
 * Help and usage errors, options that want a value, numbers in a range
 * (--threshold, --limit) and the data options every command that needs list
 * data takes (--index, --list, --data-dir). Each prints its own usage error, so that a
 * command only has to stop. Batch input (screen, compare, scan --lines) is
 * read a line at a time without its line end.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_is_help(const char *a) { return !strcmp(a, "--help") || !strcmp(a, "-h"); }

int cli_is_option(const char *a) { return a[0] == '-' && a[1] == '-' && a[2]; }

int cli_usage(const char *usage, int help) {
    fputs(usage, help ? stdout : stderr);
    return help ? 0 : EXIT_TROUBLE;
}

int cli_usage_error(const char *usage, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("embargo: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s", usage);
    return EXIT_TROUBLE;
}

int cli_needs_value(const char *a, int i, int argc, const char *const *valued) {
    if (i + 1 < argc) return 0;
    for (; *valued; valued++)
        if (!strcmp(a, *valued)) {
            fprintf(stderr, "embargo: %s needs a value\n", a);
            return 1;
        }
    return 0;
}

int cli_number(const char *opt, const char *s, double lo, double hi, double *out) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi)) {
        fprintf(stderr, "embargo: %s takes a number from %g to %g, not '%s'\n", opt, lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_data_option(cli_data *d, int argc, char **argv, int *i) {
    const char *a = argv[*i];
    int is_index = !strcmp(a, "--index"), is_list = !strcmp(a, "--list"), is_dir = !strcmp(a, "--data-dir");
    if (!is_index && !is_list && !is_dir) return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "embargo: %s needs a path\n", a);
        return -1;
    }
    const char *v = argv[++*i];
    if (is_dir) {
        d->data_dir = v;
    } else if (is_index) {
        d->index_path = v;
    } else {
        if (d->nlists == (int)(sizeof(d->lists) / sizeof(d->lists[0]))) {
            fprintf(stderr, "embargo: too many --list options\n");
            return -1;
        }
        d->lists[d->nlists++] = v;
    }
    if ((d->index_path != NULL) + (d->nlists > 0) + (d->data_dir != NULL) > 1) {
        fprintf(stderr, "embargo: use one of --index, --list and --data-dir\n");
        return -1;
    }
    return 1;
}

ssize_t cli_getline(char **line, size_t *cap, FILE *f) {
    ssize_t len = getline(line, cap, f);
    while (len > 0 && ((*line)[len - 1] == '\n' || (*line)[len - 1] == '\r')) (*line)[--len] = '\0';
    return len;
}

/*
 * main.c - the embargo command-line program: dispatch and shared helpers.
 */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: embargo COMMAND [OPTIONS]\n"
    "\n"
    "Screens names against official sanctions lists.\n"
    "\n"
    "commands:\n"
    "  screen   screen names (arguments, or --batch from standard input)\n"
    "  scan     find listed people and organisations in text or HTML\n"
    "  who      which lists name a person or organisation, and since when\n"
    "  compare  score two names against each other and explain the score\n"
    "  index    build an index file from list files\n"
    "  info     describe an index: lists, dates, counts\n"
    "  show     print everything an index holds on one entity\n"
    "\n"
    "Run 'embargo COMMAND --help' for a command's options.\n"
    "Without --index or --list, embargo uses the data bundled with it.\n"
    "Exit status: 0 something found, 1 nothing found, 2 an error.\n";

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(USAGE, stderr);
        return EXIT_TROUBLE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("embargo %s\n", EMBARGO_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "screen")) return cmd_screen(argc - 1, argv + 1);
    if (!strcmp(cmd, "compare")) return cmd_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "index")) return cmd_index(argc - 1, argv + 1);
    if (!strcmp(cmd, "info")) return cmd_info(argc - 1, argv + 1);
    if (!strcmp(cmd, "show")) return cmd_show(argc - 1, argv + 1);
    if (!strcmp(cmd, "scan")) return cmd_scan(argc - 1, argv + 1);
    if (!strcmp(cmd, "who")) return cmd_who(argc - 1, argv + 1);
    fprintf(stderr, "embargo: unknown command '%s'\n\n%s", cmd, USAGE);
    return EXIT_TROUBLE;
}

int cli_stdout_tty(void) { return isatty(STDOUT_FILENO); }
int cli_stderr_tty(void) { return isatty(STDERR_FILENO); }

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

int cli_list_mask(const embargo_index *ix, const char *sel, uint64_t *mask) {
    if (!sel) return 0;
    const char *bad = NULL;
    if (embargo_index_list_mask(ix, sel, mask, &bad) != EMBARGO_OK) {
        size_t n = bad ? strcspn(bad, ",") : 0;
        fprintf(stderr, "embargo: --lists: '%.*s' is neither a list of this index nor a jurisdiction (see 'embargo info')\n",
                (int)n, bad ? bad : "");
        return -1;
    }
    return 0;
}

int cli_data_option(cli_data *d, int argc, char **argv, int *i) {
    const char *a = argv[*i];
    int is_index = !strcmp(a, "--index"), is_list = !strcmp(a, "--list");
    if (!is_index && !is_list) return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "embargo: %s needs a path\n", a);
        return -1;
    }
    const char *v = argv[++*i];
    if (is_index) {
        d->index_path = v;
    } else {
        if (d->nlists == (int)(sizeof(d->lists) / sizeof(d->lists[0]))) {
            fprintf(stderr, "embargo: too many --list options\n");
            return -1;
        }
        d->lists[d->nlists++] = v;
    }
    if (d->index_path && d->nlists) {
        fprintf(stderr, "embargo: use --index or --list, not both\n");
        return -1;
    }
    return 1;
}

static void print_error(const embargo_error *err, embargo_status st) {
    if (err->file[0] && err->line)
        fprintf(stderr, "embargo: %s:%lu:%lu: %s\n", err->file, err->line, err->column,
                err->message[0] ? err->message : embargo_strerror(st));
    else if (err->file[0])
        fprintf(stderr, "embargo: %s: %s\n", err->file, err->message[0] ? err->message : embargo_strerror(st));
    else
        fprintf(stderr, "embargo: %s\n", err->message[0] ? err->message : embargo_strerror(st));
}

static void progress(void *ctx, const char *stage, size_t done, size_t total) {
    (void)ctx;
    if (total) fprintf(stderr, "\rindexing %s: %zu/%zu   ", stage, done, total);
    if (done == total) fputc('\n', stderr);
}

embargo_index *cli_build(const char *const *paths, int n, int quiet) {
    embargo_dataset *ds = NULL;
    embargo_error err;
    embargo_status st = embargo_dataset_new(&ds);
    if (st) {
        fprintf(stderr, "embargo: %s\n", embargo_strerror(st));
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        st = embargo_dataset_load(ds, paths[i], &err);
        if (st) {
            print_error(&err, st);
            embargo_dataset_free(ds);
            return NULL;
        }
    }
    embargo_dataset_stats s;
    embargo_dataset_stats_get(ds, &s);
    if (!quiet)
        fprintf(stderr, "loaded %zu entities, %zu names (%zu aliases, %zu weak) from %zu rows",
                s.entities, s.names, s.aliases, s.weak_aliases, s.rows);
    if (!quiet && s.orphan_rows)
        fprintf(stderr, "; %zu rows name entities not in the set and were skipped", s.orphan_rows);
    if (!quiet && s.nameless_rows)
        fprintf(stderr, "; %zu %s no name and %s skipped", s.nameless_rows,
                s.nameless_rows == 1 ? "row has" : "rows have", s.nameless_rows == 1 ? "was" : "were");
    if (!quiet) fputc('\n', stderr);
    embargo_build_options bo = {sizeof(bo), (!quiet && cli_stderr_tty()) ? progress : NULL, NULL, 0};
    embargo_index *ix = NULL;
    st = embargo_index_build(ds, &bo, &ix, &err);
    embargo_dataset_free(ds);
    if (st) {
        print_error(&err, st);
        return NULL;
    }
    return ix;
}

/* The folder holding the embargo executable, with a trailing slash. */
static int exe_dir(char *out, size_t cap) {
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n <= 0) return -1;
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash) return -1;
    slash[1] = '\0';
    return 0;
}

/* The bundled data: the first of the executable's folder and the two above
 * it that holds data/lists (the repository root for ./embargo and for
 * build/san/embargo alike). Writes that root, with a trailing slash. */
static int find_root(char *out, size_t cap) {
    if (exe_dir(out, cap - 32)) return -1;
    size_t base = strlen(out);
    for (int up = 0; up < 3; up++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "data/lists");
        struct stat sb;
        int ok = stat(out, &sb) == 0 && S_ISDIR(sb.st_mode);
        out[len] = '\0';
        if (ok) return 0;
        if (len + 4 >= cap) break;
        memcpy(out + len, "../", 4);
    }
    out[base] = '\0';
    return -1;
}

embargo_index *cli_data_open(const cli_data *d) {
    embargo_error err;
    embargo_index *ix = NULL;
    if (d->nlists) return cli_build(d->lists, d->nlists, !cli_stderr_tty());
    const char *path = d->index_path ? d->index_path : getenv("EMBARGO_INDEX");
    char buf[PATH_MAX];
    if (!path) {
        /* The bundled data: its prebuilt index if make made one, else the lists. */
        if (find_root(buf, sizeof(buf) - 32)) {
            fprintf(stderr, "embargo: cannot find the bundled data; use --index or --list\n");
            return NULL;
        }
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof(buf) - len, "build/default.idx");
        struct stat sb;
        if (stat(buf, &sb) != 0) {
            snprintf(buf + len, sizeof(buf) - len, "data/lists");
            const char *p = buf;
            return cli_build(&p, 1, !cli_stderr_tty());
        }
        path = buf;
    }
    embargo_status st = embargo_index_open(path, &ix, &err);
    if (st) {
        print_error(&err, st);
        return NULL;
    }
    return ix;
}

/* ---- output ------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3
               : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    if (len == 0 || len > n) return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80) return 0;
    if (len == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))) return 0;
    if (len == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))) return 0;
    return len;
}

/* Writes s as a JSON string. Invalid UTF-8 (a rejected query echoed back)
 * becomes U+FFFD, so every line stays valid JSON. */
void json_str(FILE *f, const char *s, size_t len) {
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t n = utf8_seq((const unsigned char *)s + i, len - i);
            if (n == 0) {
                fputs("\\ufffd", f);
            } else {
                fwrite(s + i, 1, n, f);
                i += n - 1;
            }
            continue;
        }
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20 || c == 0x7f) fprintf(f, "\\u%04x", c);
            else fputc(c, f);
        }
    }
    fputc('"', f);
}

void json_explanation(FILE *f, const embargo_explanation *e) {
    fputs("{\"pairs\":[", f);
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        if (i) fputc(',', f);
        fputs("{\"query\":", f);
        if (p->query) json_str(f, p->query, p->query_len);
        else fputs("null", f);
        fputs(",\"name\":", f);
        if (p->name) json_str(f, p->name, p->name_len);
        else fputs("null", f);
        fprintf(f, ",\"how\":\"%s\",\"similarity\":%.2f,\"weight\":%.2f}",
                embargo_pair_kind_name(p->kind), p->similarity, p->weight);
    }
    fputs("]", f);
    if (e->note && e->note[0]) {
        fputs(",\"note\":", f);
        json_str(f, e->note, strlen(e->note));
    }
    fputc('}', f);
}

static void json_fields(FILE *f, const embargo_index *ix, const embargo_entity *e,
                        embargo_field_kind kind, const char *key) {
    int n = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != kind) continue;
        fprintf(f, n++ ? "," : ",\"%s\":[", key);
        json_str(f, fl.text, fl.len);
    }
    if (n) fputc(']', f);
}

void text_programs(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    int n = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_PROGRAM) continue;
        fprintf(f, n++ ? ", %.*s" : "  [%.*s", (int)fl.len, fl.text);
    }
    if (n) fputc(']', f);
}

void json_programs(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    int n = 0;
    fputs(",\"programs\":[", f);
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_PROGRAM) continue;
        if (n++) fputc(',', f);
        json_str(f, fl.text, fl.len);
    }
    fputc(']', f);
}

const char *cli_first_field(const embargo_index *ix, const embargo_entity *e,
                            embargo_field_kind kind, size_t *len) {
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) == EMBARGO_OK && fl.kind == kind) {
            *len = fl.len;
            return fl.text;
        }
    }
    return NULL;
}

/* The jurisdictions whose sanctions lists an aggregated record comes from
 * (its DATASET fields), each once, in the record's order. */
static size_t dataset_jurisdictions(const embargo_index *ix, const embargo_entity *e, const char **out,
                                    size_t cap) {
    size_t n = 0;
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_DATASET) continue;
        const char *j = embargo_dataset_jurisdiction(fl.text, fl.len);
        int seen = !j;
        for (size_t k = 0; k < n && !seen; k++) seen = !strcmp(out[k], j);
        if (!seen && n < cap) out[n++] = j;
    }
    return n;
}

void text_dataset_jurisdictions(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    const char *jur[32];
    size_t nj = dataset_jurisdictions(ix, e, jur, 32);
    for (size_t k = 0; k < nj; k++) fprintf(f, "%s%s", k ? ", " : " (from the lists of ", jur[k]);
    if (nj) fputc(')', f);
}

void json_dataset_jurisdictions(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    const char *jur[32];
    size_t nj = dataset_jurisdictions(ix, e, jur, 32);
    for (size_t k = 0; k < nj; k++) {
        fputs(k ? "," : ",\"dataset_jurisdictions\":[", f);
        json_str(f, jur[k], strlen(jur[k]));
    }
    if (nj) fputc(']', f);
}

void text_listed_by(FILE *f, const embargo_index *ix, const embargo_entity *e, const char *indent) {
    uint32_t members[CLI_GROUP_MAX];
    size_t n = embargo_index_group(ix, e->index, members, CLI_GROUP_MAX);
    fprintf(f, "%slisted by ", indent);
    for (size_t i = 0; i < n; i++) {
        embargo_entity m;
        if (embargo_index_entity(ix, members[i], &m)) continue;
        size_t sl = 0;
        const char *since = cli_first_field(ix, &m, EMBARGO_FIELD_LISTED_ON, &sl);
        fprintf(f, "%s%s %.*s", i ? "; " : "", embargo_list_jurisdiction(m.list), (int)m.id_len, m.id);
        if (since) fprintf(f, " since %.*s", (int)sl, since);
        text_dataset_jurisdictions(f, ix, &m);
    }
    fputc('\n', f);
}

void json_listed_by(FILE *f, const embargo_index *ix, const embargo_entity *e) {
    uint32_t members[CLI_GROUP_MAX];
    size_t n = embargo_index_group(ix, e->index, members, CLI_GROUP_MAX);
    fputs(",\"listed_by\":[", f);
    for (size_t i = 0; i < n; i++) {
        embargo_entity m;
        if (embargo_index_entity(ix, members[i], &m)) continue;
        const char *jur = embargo_list_jurisdiction(m.list);
        size_t sl = 0;
        const char *since = cli_first_field(ix, &m, EMBARGO_FIELD_LISTED_ON, &sl);
        fputs(i ? ",{\"jurisdiction\":" : "{\"jurisdiction\":", f);
        json_str(f, jur, strlen(jur));
        fputs(",\"list\":", f);
        json_str(f, m.list, strlen(m.list));
        fputs(",\"id\":", f);
        json_str(f, m.id, m.id_len);
        fputs(",\"since\":", f);
        if (since) json_str(f, since, sl);
        else fputs("null", f);
        json_dataset_jurisdictions(f, ix, &m);
        char why[200];
        uint32_t via;
        embargo_entity v;
        if (embargo_index_group_evidence(ix, m.index, &via, why, sizeof(why)) &&
            embargo_index_entity(ix, via, &v) == EMBARGO_OK) {
            fputs(",\"grouped_with\":", f);
            json_str(f, v.id, v.id_len);
            fputs(",\"grouped_on\":", f);
            json_str(f, why, strlen(why));
        }
        fputc('}', f);
    }
    fputc(']', f);
}

void json_match(FILE *f, const embargo_index *ix, const embargo_match *m) {
    const embargo_entity *e = &m->entity;
    embargo_name nm;
    fputs("{\"id\":", f);
    json_str(f, e->id, e->id_len);
    fputs(",\"list\":", f);
    json_str(f, e->list, strlen(e->list));
    const char *jur = embargo_list_jurisdiction(e->list);
    fputs(",\"jurisdiction\":", f);
    json_str(f, jur, strlen(jur));
    fputs(",\"name\":", f);
    json_str(f, e->name, e->name_len);
    fputs(",\"matched_name\":", f);
    json_str(f, m->matched_name, m->matched_name_len);
    if (embargo_entity_name(ix, e, m->name_index, &nm) == EMBARGO_OK)
        fprintf(f, ",\"matched_name_kind\":\"%s\"%s%s", embargo_name_kind_name(nm.kind),
                nm.weak ? ",\"weak_alias\":true" : "", nm.derived ? ",\"derived_name\":true" : "");
    fprintf(f, ",\"type\":\"%s\",\"score\":%.3f", embargo_type_name(e->type), m->score);
    json_programs(f, ix, e);
    json_listed_by(f, ix, e);
    json_fields(f, ix, e, EMBARGO_FIELD_BIRTH_DATE, "birth_dates");
    json_fields(f, ix, e, EMBARGO_FIELD_NATIONALITY, "nationalities");
    fputs(",\"explanation\":", f);
    json_explanation(f, &m->explanation);
    fputc('}', f);
}

void text_explanation(FILE *f, const embargo_explanation *e, const char *indent) {
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        fprintf(f, "%s%-16.*s %-16.*s %-15s %.2f\n", indent, p->query ? (int)p->query_len : 1,
                p->query ? p->query : "-", p->name ? (int)p->name_len : 1, p->name ? p->name : "-",
                embargo_pair_kind_name(p->kind), p->similarity);
    }
    if (e->note && e->note[0]) fprintf(f, "%s(%s)\n", indent, e->note);
}

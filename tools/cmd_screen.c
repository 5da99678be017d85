/*
 * cmd_screen.c - `embargo screen`: names or customer records in, alerts out.
 *
 * Names come as arguments or, with --batch, from standard input: one name a
 * line, or customer records (CSV with a header row, or JSON Lines) whose
 * birth date, country, document number and entity type are used as that
 * row's evidence, exactly as --dob, --country and --type are for one name
 * (records.c reads them). A bad row gets an error record of its own and the
 * batch goes on.
 *
 * Output is a table for people, JSON Lines (--json: one object per name or
 * row, in input order) or CSV for reviewers (--format csv: one row per
 * alert). Every result says which list versions it was screened against
 * (a reference; --meta FILE and the first line on stderr say what it
 * stands for), and stderr warns when the newest list is old.
 */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
    "usage: embargo screen [OPTIONS] NAME...\n"
    "       embargo screen [OPTIONS] --batch [--csv | --jsonl] < input\n"
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
    "  --country NAME    evidence: a nationality or country (Russia, RU, RUS); one\n"
    "                    that differs from every listed country lowers the score by 0.10\n"
    "  --json            one JSON object per name or row, in input order\n"
    "  --format F        text (default), json, or csv: one row per alert, for review\n"
    "  --explain         show how each query token was paired (table output)\n"
    "  --meta FILE       write the list versions screened against (JSON) to FILE\n"
    "  --max-age DAYS    warn when the newest list is older (default 7; 0: never)\n"
    "\n"
    "batch input (standard input):\n"
    "  --batch           read names, one a line, or records (JSON Lines: detected)\n"
    "  --csv             the input is CSV with a header row (',' ';' or tab)\n"
    "  --jsonl           the input is JSON Lines: {\"name\":..,\"birth_date\":..,\n"
    "                    \"country\":..,\"id_number\":..,\"type\":..,\"key\":..}\n"
    "  --columns MAP     which columns hold what: name=Full Name,dob=Birth Date,\n"
    "                    country=Nationality,id=Passport,type=Kind,key=Account;\n"
    "                    roles not given are guessed from the header (case-blind);\n"
    "                    ROLE=- leaves a role out\n"
    "  --column NAME     the column of names, and no other column used\n"
    "  --delimiter D     CSV delimiter: ',' ';' 'tab' or '|' (default: from the header)\n"
    "  --date-order O    birth dates written dmy (17.09.1962), mdy (09/17/1962) or\n"
    "                    ymd (1962/09/17); default: ISO 8601 only\n"
    "  --line-buffered   write each answer as soon as it is ready\n"
    "                    (for a program that talks to embargo through pipes)\n"
    "\n"
    "A row's own birth date, country and type are its evidence; its document\n"
    "number is compared with the listed entity's identity documents, and the\n"
    "key and the columns used are passed through to the output.\n"
    "\n"
    "Exit status: 0 a match was found, 1 no match, 2 an error (in a batch: some\n"
    "rows were rejected; the others were still screened).\n";

enum { OUT_TEXT, OUT_JSON, OUT_CSV };

typedef struct screen_ctx {
    embargo_matcher *m;
    const embargo_index *ix;
    embargo_screen_options opts;
    const char *dob, *country;     /* --dob (as ISO) and --country */
    uint32_t type_mask;            /* --type */
    int format, explain, line_buffered;
    char ref[CLI_REF_SIZE];        /* the list versions screened against */
    size_t found, rejected, queries, alerts;
} screen_ctx;

/* ---- a row's own evidence ----------------------------------------------------- */


/* s (n bytes) with letters and digits only, upper case, in out; its length. */
static size_t doc_key(const char *s, size_t n, char *out, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        if (isalnum((unsigned char)s[i])) out[k++] = (char)toupper((unsigned char)s[i]);
    out[k] = '\0';
    return k;
}

/* Whether one of e's identity documents carries the number `key` (letters
 * and digits only, upper case): a word of the field, or a run of words each
 * holding a digit ("45 04 123456"). The field is copied to `doc`. */
static int document_agrees(const embargo_index *ix, const embargo_entity *e, const char *key, size_t klen,
                           char *doc, size_t cap) {
    if (klen < 4) return 0; /* too short to tell anyone apart */
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_ID_DOCUMENT) continue;
        const char *p = fl.text, *end = fl.text + fl.len;
        while (p < end) {
            /* the runs of words starting at p: one word, then more while
             * each holds a digit */
            char run[128];
            size_t rl = 0;
            const char *q = p;
            int words = 0;
            while (q < end) {
                while (q < end && (*q == ' ' || *q == ',' || *q == ';' || *q == '(' || *q == ')' || *q == ':'))
                    q++;
                const char *ws = q;
                while (q < end && !(*q == ' ' || *q == ',' || *q == ';' || *q == '(' || *q == ')' || *q == ':'))
                    q++;
                if (ws == q) break;
                int digit = 0;
                for (const char *c = ws; c < q; c++) digit |= isdigit((unsigned char)*c) != 0;
                if (words && !digit) break;
                rl += doc_key(ws, (size_t)(q - ws), run + rl, sizeof(run) - rl);
                words++;
                if (rl == klen && !memcmp(run, key, klen)) {
                    snprintf(doc, cap, "%.*s", (int)fl.len, fl.text);
                    return 1;
                }
                if (!digit || rl >= klen) break;
            }
            /* next word */
            while (p < end && (*p == ' ' || *p == ',' || *p == ';' || *p == '(' || *p == ')' || *p == ':')) p++;
            while (p < end && !(*p == ' ' || *p == ',' || *p == ';' || *p == '(' || *p == ')' || *p == ':')) p++;
        }
    }
    return 0;
}

/* ---- output ------------------------------------------------------------------- */

static const char CSV_HEADER[] =
    "key,line,name,birth_date,country,id_number,entity_id,listed_name,matched_name,type,score,"
    "lists,programs,why,error,screened_against\n";

/* The start of a CSV row: the input columns. */
static void csv_input(const cli_record *r, const char *birth_date) {
    const char *key = r->field[CLI_KEY];
    csv_field(stdout, key ? key : "", key ? r->len[CLI_KEY] : 0);
    printf(",%zu,", r->line);
    csv_field(stdout, r->field[CLI_NAME] ? r->field[CLI_NAME] : "", r->field[CLI_NAME] ? r->len[CLI_NAME] : 0);
    putchar(',');
    if (birth_date) csv_field(stdout, birth_date, strlen(birth_date));
    for (int k = CLI_COUNTRY; k <= CLI_ID; k++) {
        putchar(',');
        if (r->field[k]) csv_field(stdout, r->field[k], r->len[k]);
    }
}

/* The why column: the note, then the pairs in short form
 * ("kosachyov~kosachev transliteration 0.95, konstantin=konstantin, +iosifovich"). */
static void csv_why(const embargo_explanation *e, const char *extra) {
    char buf[2048];
    size_t n = 0;
#define ADD(...) (n += (size_t)snprintf(buf + n, n < sizeof(buf) ? sizeof(buf) - n : 0, __VA_ARGS__))
    if (e->note && e->note[0]) ADD("%s", e->note);
    if (extra && extra[0]) ADD("%s%s", n ? "; " : "", extra);
    if (n) ADD(" | ");
    for (size_t i = 0; i < e->pair_count && n < sizeof(buf); i++) {
        const embargo_pair *p = &e->pairs[i];
        const char *sep = i ? ", " : "";
        if (!p->name) ADD("%s%.*s (query only)", sep, (int)p->query_len, p->query);
        else if (!p->query) ADD("%s+%.*s (name only)", sep, (int)p->name_len, p->name);
        else if (p->kind == EMBARGO_PAIR_EXACT) ADD("%s%.*s=%.*s", sep, (int)p->query_len, p->query,
                                                  (int)p->name_len, p->name);
        else ADD("%s%.*s~%.*s %s %.2f", sep, (int)p->query_len, p->query, (int)p->name_len, p->name,
                 embargo_pair_kind_name(p->kind), p->similarity);
    }
#undef ADD
    if (n >= sizeof(buf)) n = sizeof(buf) - 1;
    csv_field(stdout, buf, n);
}

/* The lists that carry entity e (its group), as "US ofac-sdn:24231; UK uk:RUS0879". */
static void csv_lists(const embargo_index *ix, const embargo_entity *e) {
    uint32_t members[CLI_GROUP_MAX];
    size_t n = embargo_index_group(ix, e->index, members, CLI_GROUP_MAX);
    char buf[2048];
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof(buf); i++) {
        embargo_entity m;
        if (embargo_index_entity(ix, members[i], &m)) continue;
        used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s %.*s", used ? "; " : "",
                                 embargo_list_jurisdiction(m.list), (int)m.id_len, m.id);
    }
    if (used >= sizeof(buf)) used = sizeof(buf) - 1;
    csv_field(stdout, buf, used);
}

static void csv_programs(const embargo_index *ix, const embargo_entity *e) {
    char buf[1024];
    size_t used = 0;
    for (uint32_t i = 0; i < e->field_count && used < sizeof(buf); i++) {
        embargo_field fl;
        if (embargo_entity_field(ix, e, i, &fl) || fl.kind != EMBARGO_FIELD_PROGRAM) continue;
        used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%.*s", used ? "; " : "", (int)fl.len, fl.text);
    }
    if (used >= sizeof(buf)) used = sizeof(buf) - 1;
    csv_field(stdout, buf, used);
}

/* A rejected name or row. */
static void report_error(screen_ctx *c, const cli_record *r, const char *why) {
    c->rejected++;
    const char *q = r->field[CLI_NAME];
    size_t len = q ? r->len[CLI_NAME] : 0;
    if (c->format == OUT_JSON) {
        fputs("{", stdout);
        int comma = 0;
        if (q) {
            size_t shown = len;
            if (shown > 256) { /* echo the start of a long query, whole characters */
                shown = 256;
                while (shown > 0 && ((unsigned char)q[shown] & 0xC0) == 0x80) shown--;
            }
            fputs("\"query\":", stdout);
            json_str(stdout, q, shown);
            comma = 1;
        }
        if (r->line) printf("%s\"line\":%zu", comma ? "," : "", r->line), comma = 1;
        if (r->field[CLI_KEY]) {
            printf("%s\"key\":", comma ? "," : "");
            json_str(stdout, r->field[CLI_KEY], r->len[CLI_KEY]);
            comma = 1;
        }
        printf("%s\"error\":", comma ? "," : "");
        json_str(stdout, why, strlen(why));
        fputs("}\n", stdout);
    } else if (c->format == OUT_CSV) {
        cli_record cut = *r;
        if (cut.len[CLI_NAME] > 256) cut.len[CLI_NAME] = 256;
        csv_input(&cut, NULL);
        fputs(",,,,,,,,,", stdout);
        csv_field(stdout, why, strlen(why));
        printf(",%s\n", c->ref);
    }
    fputs("embargo: ", stderr);
    if (r->line) fprintf(stderr, "line %zu: ", r->line);
    else {
        fputc('\'', stderr);
        text_str(stderr, q, len > 80 ? 80 : len);
        fputs("': ", stderr);
    }
    text_str(stderr, why, strlen(why));
    fputc('\n', stderr);
}

static void print_table(screen_ctx *c, const cli_record *r, const embargo_match *mm, size_t n,
                        char (*docs)[256]) {
    text_str(stdout, r->field[CLI_NAME], r->len[CLI_NAME]);
    if (r->field[CLI_KEY]) {
        fputs("  [", stdout);
        text_str(stdout, r->field[CLI_KEY], r->len[CLI_KEY]);
        fputc(']', stdout);
    }
    if (c->opts.birth_date) printf("  born %s", c->opts.birth_date);
    if (c->opts.country) {
        fputs("  country ", stdout);
        text_str(stdout, c->opts.country, strlen(c->opts.country));
    }
    putchar('\n');
    if (n == 0) printf("  no match\n");
    for (size_t i = 0; i < n; i++) {
        const embargo_match *m = &mm[i];
        text_entity(stdout, m->score, &m->entity);
        if (m->matched_name != m->entity.name) {
            fputs("  (as ", stdout);
            text_str(stdout, m->matched_name, m->matched_name_len);
            fputc(')', stdout);
        }
        text_programs(stdout, c->ix, &m->entity);
        putchar('\n');
        /* the other lists' entries of a hit shown above are that hit again */
        size_t same = i;
        for (size_t j = 0; j < i && same == i; j++)
            if (embargo_index_same_group(c->ix, mm[j].entity.index, m->entity.index)) same = j;
        if (same < i) {
            fputs("         the same as ", stdout);
            text_str(stdout, mm[same].entity.id, mm[same].entity.id_len);
            fputs(" above\n", stdout);
        } else {
            text_listed_by(stdout, c->ix, &m->entity, "         ");
        }
        if (docs[i][0]) {
            fputs("         document number agrees: ", stdout);
            text_str(stdout, docs[i], strlen(docs[i]));
            putchar('\n');
        }
        if (c->explain) text_explanation(stdout, &m->explanation, "         ");
        else if (m->explanation.note && m->explanation.note[0]) {
            fputs("         (", stdout);
            text_str(stdout, m->explanation.note, strlen(m->explanation.note));
            fputs(")\n", stdout);
        }
    }
}

/* The record is written through a cli_out (one write per 4 KB, numbers
 * without printf): JSON is the output of batch runs. */
static void print_json(screen_ctx *c, const cli_record *r, const embargo_match *mm, size_t n,
                       char (*docs)[256]) {
    cli_out o;
    out_init(&o, stdout);
    out_str(&o, "{\"query\":");
    jo_str(&o, r->field[CLI_NAME], r->len[CLI_NAME]);
    if (r->line) {
        out_str(&o, ",\"line\":");
        out_uint(&o, r->line);
    }
    if (r->field[CLI_KEY]) jo_member(&o, "key", r->field[CLI_KEY], r->len[CLI_KEY]);
    int any = 0;
    for (int k = CLI_DOB; k <= CLI_TYPE; k++) any |= r->field[k] != NULL;
    if (any) {
        /* the row's own evidence, as given and as used */
        out_str(&o, ",\"input\":{");
        int comma = 0;
        static const char *const KEYS[CLI_ROLES] = {NULL, "birth_date_as_given", "country", "id_number", "type", NULL};
        if (r->birth_date) {
            out_str(&o, "\"birth_date\":");
            jo_str(&o, r->birth_date, strlen(r->birth_date));
            comma = 1;
        }
        for (int k = CLI_DOB; k <= CLI_TYPE; k++) {
            if (!r->field[k]) continue;
            if (k == CLI_DOB && r->birth_date && strlen(r->birth_date) == r->len[k] &&
                !memcmp(r->birth_date, r->field[k], r->len[k]))
                continue;
            out_str(&o, comma ? ",\"" : "\"");
            out_str(&o, KEYS[k]);
            out_str(&o, "\":");
            jo_str(&o, r->field[k], r->len[k]);
            comma = 1;
        }
        out_char(&o, '}');
    }
    out_str(&o, ",\"screened_against\":\"");
    out_str(&o, c->ref);
    out_str(&o, "\",\"matches\":[");
    for (size_t i = 0; i < n; i++) {
        if (i) out_char(&o, ',');
        jo_match(&o, c->ix, &mm[i], docs[i][0] ? "document number agrees" : NULL);
    }
    out_str(&o, "]}\n");
    out_flush(&o);
}

static void print_csv(screen_ctx *c, const cli_record *r, const embargo_match *mm, size_t n,
                      char (*docs)[256]) {
    for (size_t i = 0; i < n; i++) {
        const embargo_match *m = &mm[i];
        csv_input(r, r->birth_date ? r->birth_date : c->opts.birth_date);
        putchar(',');
        csv_field(stdout, m->entity.id, m->entity.id_len);
        putchar(',');
        csv_field(stdout, m->entity.name, m->entity.name_len);
        putchar(',');
        csv_field(stdout, m->matched_name, m->matched_name_len);
        printf(",%s,%.3f,", embargo_type_name(m->entity.type), m->score);
        csv_lists(c->ix, &m->entity);
        putchar(',');
        csv_programs(c->ix, &m->entity);
        putchar(',');
        csv_why(&m->explanation, docs[i][0] ? "document number agrees" : NULL);
        printf(",,%s\n", c->ref);
    }
}

/* Screens one name or record. */
static void screen_one(screen_ctx *c, const cli_record *r) {
    c->queries++;
    if (r->error) {
        report_error(c, r, r->error);
        return;
    }
    /* the row's evidence, else the options' */
    c->opts.birth_date = r->birth_date ? r->birth_date : c->dob;
    char country[128];
    c->opts.country = c->country;
    if (r->field[CLI_COUNTRY] && r->len[CLI_COUNTRY]) {
        snprintf(country, sizeof(country), "%.*s", (int)r->len[CLI_COUNTRY], r->field[CLI_COUNTRY]);
        if (r->len[CLI_COUNTRY] >= sizeof(country) || strlen(country) != r->len[CLI_COUNTRY]) {
            report_error(c, r, "the country is too long or holds a NUL byte");
            return;
        }
        c->opts.country = country;
    }
    c->opts.type_mask = c->type_mask;
    if (r->field[CLI_TYPE] && r->len[CLI_TYPE]) {
        embargo_entity_type t = cli_record_type(r->field[CLI_TYPE], r->len[CLI_TYPE]);
        if (t == EMBARGO_TYPE_UNKNOWN) {
            char why[160];
            snprintf(why, sizeof(why), "type '%.*s' is none of person, organization, vessel, aircraft "
                     "(or individual, company, entity, P, C)", (int)(r->len[CLI_TYPE] > 40 ? 40 : r->len[CLI_TYPE]),
                     r->field[CLI_TYPE]);
            report_error(c, r, why);
            return;
        }
        c->opts.type_mask = 1u << t;
    }
    const embargo_match *mm;
    size_t n;
    embargo_status st = embargo_matcher_screen(c->m, r->field[CLI_NAME], r->len[CLI_NAME], &c->opts, &mm, &n);
    if (st) {
        const char *why = cli_matcher_why(c->m, st);
        char buf[400];
        if (r->birth_date && r->len[CLI_DOB] && strstr(why, "birth date") &&
            (strlen(r->birth_date) != r->len[CLI_DOB] || memcmp(r->birth_date, r->field[CLI_DOB], r->len[CLI_DOB]))) {
            snprintf(buf, sizeof(buf), "%s (read from '%.*s')", why, (int)(r->len[CLI_DOB] > 40 ? 40 : r->len[CLI_DOB]),
                     r->field[CLI_DOB]);
            why = buf;
        }
        report_error(c, r, why);
        return;
    }
    if (n) c->found++;
    c->alerts += n;
    /* the row's document number against the entities' identity documents */
    char (*docs)[256] = calloc(n ? n : 1, sizeof(*docs));
    if (!docs) {
        report_error(c, r, "out of memory");
        return;
    }
    if (r->field[CLI_ID]) {
        char key[128];
        size_t kl = doc_key(r->field[CLI_ID], r->len[CLI_ID], key, sizeof(key));
        for (size_t i = 0; i < n; i++) document_agrees(c->ix, &mm[i].entity, key, kl, docs[i], sizeof(docs[i]));
    }
    if (c->format == OUT_JSON) print_json(c, r, mm, n, docs);
    else if (c->format == OUT_CSV) print_csv(c, r, mm, n, docs);
    else print_table(c, r, mm, n, docs);
    free(docs);
}

/* Says which columns are used: a guess should not go unnoticed. */
static void print_columns(cli_reader *rd) {
    fputs("columns:", stderr);
    for (int k = 0; k < CLI_ROLES; k++) {
        const char *name;
        if (!cli_reader_column(rd, k, &name)) continue;
        fprintf(stderr, " %s=", cli_role_names[k]);
        text_str(stderr, name, strlen(name));
    }
    fputc('\n', stderr);
}

static int run_batch(screen_ctx *c, cli_reader *rd) {
    int progress = cli_stderr_tty() && !cli_stdout_tty();
    time_t last = time(NULL);
    cli_record rec;
    int st;
    while ((st = cli_reader_next(rd, &rec)) > 0) {
        screen_one(c, &rec);
        if (c->line_buffered) fflush(stdout);
        if (progress && (c->queries & 4095) == 0 && time(NULL) != last) {
            last = time(NULL);
            fprintf(stderr, "\rscreened %zu names, %zu with matches", c->queries, c->found);
        }
    }
    if (progress) fprintf(stderr, "\rscreened %zu names, %zu with matches\n", c->queries, c->found);
    size_t blank = cli_reader_blank(rd);
    if (blank && cli_reader_format(rd) != CLI_IN_LINES)
        fprintf(stderr, "embargo: %zu blank row%s skipped\n", blank, blank == 1 ? "" : "s");
    if (st < 0) {
        fprintf(stderr, "embargo: error reading standard input\n");
        return EXIT_TROUBLE;
    }
    return -1;
}

/* Writes the run's list versions to `path` as one JSON object. */
static int write_meta(const screen_ctx *c, const char *path, const char *source) {
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return -1;
    }
    embargo_index_info info;
    embargo_index_info_get(c->ix, &info);
    char now[32];
    time_t t = time(NULL);
    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    fprintf(f, "{\"type\":\"meta\",\"embargo\":\"%s\",\"started\":\"%s\",\"threshold\":%.2f", embargo_version(),
            now, c->opts.threshold);
    json_member(f, "data", source, strlen(source));
    fprintf(f, ",\"index_format\":%u", info.format_version);
    json_list_versions(f, c->ix);
    fputs("}\n", f);
    if (fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

static const char *const VALUED[] = {"--threshold", "--limit", "--type", "--column", "--columns",
                                     "--dob", "--country", "--lists", "--format", "--delimiter",
                                     "--date-order", "--max-age", "--meta", NULL};

int cmd_screen(int argc, char **argv) {
    cli_data data = {0};
    screen_ctx c;
    memset(&c, 0, sizeof(c));
    embargo_screen_options_init(&c.opts);
    cli_reader_options ro;
    memset(&ro, 0, sizeof(ro));
    ro.guess = 1;
    int batch = 0;
    double max_age = 7;
    const char *lists = NULL, *meta = NULL, *dob = NULL, *column = NULL;
    char *columns_mem = NULL, dob_iso[16];
    cli_reader *rd = NULL;
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
            c.format = OUT_JSON;
        } else if (!strcmp(a, "--explain")) {
            c.explain = 1;
        } else if (!strcmp(a, "--batch")) {
            batch = 1;
        } else if (!strcmp(a, "--line-buffered")) {
            c.line_buffered = 1;
        } else if (!strcmp(a, "--csv")) {
            ro.format = CLI_IN_CSV;
        } else if (!strcmp(a, "--jsonl")) {
            ro.format = CLI_IN_JSONL;
        } else if (cli_needs_value(a, i, argc, VALUED)) {
            goto done;
        } else if (!strcmp(a, "--threshold")) {
            if (cli_number(a, argv[++i], 0, 1, &c.opts.threshold)) goto done;
        } else if (!strcmp(a, "--limit")) {
            if (cli_number(a, argv[++i], 1, 1000, &v)) goto done;
            c.opts.limit = (uint32_t)v;
        } else if (!strcmp(a, "--max-age")) {
            if (cli_number(a, argv[++i], 0, 36500, &max_age)) goto done;
        } else if (!strcmp(a, "--type")) {
            const char *t = argv[++i];
            embargo_entity_type ty = embargo_type_parse(t, strlen(t));
            if (ty == EMBARGO_TYPE_UNKNOWN) {
                fprintf(stderr, "embargo: unknown --type '%s' (person, organization, vessel, aircraft)\n", t);
                goto done;
            }
            c.type_mask |= 1u << ty;
        } else if (!strcmp(a, "--format")) {
            const char *f = argv[++i];
            if (!strcmp(f, "text")) c.format = OUT_TEXT;
            else if (!strcmp(f, "json")) c.format = OUT_JSON;
            else if (!strcmp(f, "csv")) c.format = OUT_CSV;
            else {
                fprintf(stderr, "embargo: --format takes text, json or csv, not '%s'\n", f);
                goto done;
            }
        } else if (!strcmp(a, "--dob")) {
            dob = argv[++i];
        } else if (!strcmp(a, "--country")) {
            c.country = argv[++i];
        } else if (!strcmp(a, "--column")) {
            column = argv[++i];
        } else if (!strcmp(a, "--columns")) {
            free(columns_mem);
            if (cli_parse_columns(argv[++i], ro.columns, &columns_mem)) goto done;
        } else if (!strcmp(a, "--delimiter")) {
            const char *d = argv[++i];
            if (!strcmp(d, "tab") || !strcmp(d, "\\t") || !strcmp(d, "\t")) ro.delimiter = '\t';
            else if (strlen(d) == 1 && strchr(",;|", d[0])) ro.delimiter = d[0];
            else {
                fprintf(stderr, "embargo: --delimiter takes ',' ';' '|' or 'tab', not '%s'\n", d);
                goto done;
            }
        } else if (!strcmp(a, "--date-order")) {
            const char *o = argv[++i];
            if (!strcmp(o, "dmy") || !strcmp(o, "mdy") || !strcmp(o, "ymd")) ro.date_order = o[0];
            else {
                fprintf(stderr, "embargo: --date-order takes dmy, mdy or ymd, not '%s'\n", o);
                goto done;
            }
        } else if (!strcmp(a, "--lists")) {
            lists = argv[++i];
        } else if (!strcmp(a, "--meta")) {
            meta = argv[++i];
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
    if (ro.format && !batch) {
        fprintf(stderr, "embargo: --csv and --jsonl go with --batch\n");
        goto done;
    }
    if (column) {
        if (ro.columns[CLI_NAME]) {
            fprintf(stderr, "embargo: give the names' column with --column or --columns, not both\n");
            goto done;
        }
        /* the old form: the names and nothing else */
        ro.columns[CLI_NAME] = column;
        ro.guess = 0;
    }
    if (dob) {
        const char *why;
        if (cli_iso_date(dob, strlen(dob), ro.date_order, dob_iso, sizeof(dob_iso), &why)) {
            fprintf(stderr, "embargo: --dob '%s' %s\n", dob, why);
            goto done;
        }
        c.dob = dob_iso;
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
    if (c.dob || c.country) {
        /* the options' evidence is checked once: an impossible date or
         * unknown country is an error of the command, not of every name */
        c.opts.birth_date = c.dob;
        c.opts.country = c.country;
        st = embargo_matcher_check_options(c.m, &c.opts);
        if (st) {
            fprintf(stderr, "embargo: %s\n", cli_matcher_why(c.m, st));
            rc = EXIT_TROUBLE;
            goto close;
        }
    }
    cli_screened_against(ix, c.ref);
    cli_data_report(ix, max_age);
    /* the input's header is read before any output: a missing column
     * stops the command with nothing written */
    if (batch) {
        if (cli_reader_open(&rd, stdin, &ro)) goto close;
        if (cli_reader_format(rd) == CLI_IN_CSV && ro.guess) print_columns(rd);
    }
    if (meta && write_meta(&c, meta, cli_data_source())) goto close;
    if (c.format == OUT_TEXT) text_list_versions(stdout, ix);
    else if (c.format == OUT_CSV) fputs(CSV_HEADER, stdout);
    rc = -1;
    if (batch) {
        rc = run_batch(&c, rd);
    } else {
        for (int i = 0; i < nnames; i++) {
            cli_record r;
            memset(&r, 0, sizeof(r));
            r.field[CLI_NAME] = names[i];
            r.len[CLI_NAME] = strlen(names[i]);
            screen_one(&c, &r);
        }
    }
    if (rc < 0) rc = c.rejected ? EXIT_TROUBLE : c.found ? EXIT_FOUND : EXIT_NONE;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "embargo: error writing output\n");
        rc = EXIT_TROUBLE;
    }
close:
    cli_reader_free(rd);
    embargo_matcher_free(c.m);
    embargo_index_close(ix);
done:
    free(columns_mem);
    free(names);
    return rc;
}

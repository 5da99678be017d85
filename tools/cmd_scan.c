/*
 * cmd_scan.c - `embargo scan`: listed people and organisations in text.
 *
 * Files are mapped, not read, so a file of any size scans in bounded
 * memory. With --lines every line is a document of its own (payment
 * narratives, CSV exports). Output is a report for people (mentions
 * highlighted on a terminal) or, with --json, one object per document.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: embargo scan [OPTIONS] [FILE...]\n"
    "\n"
    "Reports every listed person or organisation a text mentions: where, how\n"
    "sure, and why. Reads standard input when no FILE (or '-') is given.\n"
    "\n"
    "options:\n"
    "  --index FILE      an index built by 'embargo index'\n"
    "  --list PATH       a list file or folder (repeatable); built in memory\n"
    "  --json            one JSON object per document\n"
    "  --lines           every input line is a document of its own\n"
    "  --html            the input is HTML (default: by file name or content)\n"
    "  --text            the input is plain text, even if it looks like HTML\n"
    "  --date DATE       the document's date (for ages); default: found in the text\n"
    "  --charset NAME    the input's charset (windows-1251, koi8-r, shift_jis, ...),\n"
    "                    over a meta tag or XML declaration (a byte order mark wins);\n"
    "                    default: declared, else UTF-8 if valid, else a guess (said\n"
    "                    on standard error)\n"
    "  --threshold T     as for screen (default 0.80)\n"
    "  --lists SEL       only these lists or jurisdictions: ofac-sdn,uk or US,EU\n"
    "  --type TYPE       only entities of this type (repeatable)\n"
    "\n"
    "Exit status, as grep: 0 something found, 1 nothing found, 2 an error.\n";

typedef struct mention_rec {
    embargo_mention m;
    char *text;              /* copy: HTML mention text lives in scanner memory */
} mention_rec;

typedef struct doc_ctx {
    mention_rec *v;
    size_t n, cap;
    int oom;
} doc_ctx;

static int collect(void *ctx, const embargo_mention *m) {
    doc_ctx *d = ctx;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        mention_rec *v = realloc(d->v, cap * sizeof(*v));
        if (!v) { d->oom = 1; return 1; }
        d->v = v;
        d->cap = cap;
    }
    mention_rec *r = &d->v[d->n];
    r->m = *m;
    r->text = malloc(m->len + 1);
    if (!r->text) { d->oom = 1; return 1; }
    memcpy(r->text, m->text, m->len);
    r->text[m->len] = '\0';
    r->m.text = r->text;
    d->n++;
    return 0;
}

static void doc_clear(doc_ctx *d) {
    for (size_t i = 0; i < d->n; i++) free(d->v[i].text);
    d->n = 0;
}

/* HTML by the file's extension, else by its content. */
static int looks_like_html(const char *name, const char *data, size_t len) {
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm") || !strcmp(dot, ".xhtml"))) return 1;
    if (dot && !strcmp(dot, ".txt")) return 0;
    return embargo_looks_like_html(data, len);
}

/* Line and column (1-based, in characters) of a byte offset; a forward scan
 * from the last position asked, as mentions come in text order (from the
 * start again should one not). */
typedef struct linepos { const char *doc; size_t at; unsigned long line, col; } linepos;

static void advance(linepos *p, size_t to) {
    if (to < p->at) {
        p->at = 0;
        p->line = p->col = 1;
    }
    while (p->at < to) {
        unsigned char c = (unsigned char)p->doc[p->at++];
        if (c == '\n') { p->line++; p->col = 1; }
        else if ((c & 0xC0) != 0x80) p->col++;
    }
}

static void report_text(const embargo_index *ix, const char *label, const char *doc, size_t len,
                        const doc_ctx *d, const embargo_scan_hit *hits, size_t nhits, int color,
                        const char *note) {
    const char *B = color ? "\033[1m" : "", *R = color ? "\033[1;31m" : "", *N = color ? "\033[0m" : "";
    printf("%s%s%s: %zu listed %s\n", B, label, N, nhits, nhits == 1 ? "entity" : "entities");
    if (note) printf("  %s\n", note);
    for (size_t i = 0; i < nhits; i++) {
        const embargo_scan_hit *h = &hits[i];
        text_entity(stdout, h->score, &h->entity);
        text_programs(stdout, ix, &h->entity);
        printf("  %u mention%s\n", h->mentions, h->mentions == 1 ? "" : "s");
        text_listed_by(stdout, ix, &h->entity, "         ");
        if (h->evidence && h->evidence[0]) {
            fputs("         ", stdout);
            text_str(stdout, h->evidence, strlen(h->evidence));
            putchar('\n');
        }
    }
    linepos p = {doc, 0, 1, 1};
    for (size_t i = 0; i < d->n; i++) {
        const embargo_mention *m = &d->v[i].m;
        if (note) { /* decoded: the bytes are not UTF-8, show the text found */
            printf("  byte %llu  ", (unsigned long long)m->start);
            text_str(stdout, m->entity.id, m->entity.id_len);
            printf("  %s", R);
            text_str(stdout, d->v[i].text, m->len);
            printf("%s  (%s, %.3f)\n", N, m->how, m->score);
            continue;
        }
        advance(&p, (size_t)m->start);
        /* the mention in its line, highlighted */
        size_t ls = (size_t)m->start, le = (size_t)m->end;
        size_t ctx_s = ls, ctx_e = le;
        while (ctx_s > 0 && ls - ctx_s < 50 && doc[ctx_s - 1] != '\n') ctx_s--;
        while (ctx_e < len && ctx_e - le < 50 && doc[ctx_e] != '\n') ctx_e++;
        while (ctx_s < ls && ((unsigned char)doc[ctx_s] & 0xC0) == 0x80) ctx_s++;
        while (ctx_e > le && ctx_e < len && ((unsigned char)doc[ctx_e] & 0xC0) == 0x80) ctx_e--;
        printf("  %lu:%lu  ", p.line, p.col);
        text_str(stdout, m->entity.id, m->entity.id_len);
        fputs("  ...", stdout);
        text_str(stdout, doc + ctx_s, ls - ctx_s);
        fputs(R, stdout);
        text_str(stdout, doc + ls, le - ls);
        fputs(N, stdout);
        text_str(stdout, doc + le, ctx_e - le);
        printf("...  (%s, %.3f)\n", m->how, m->score);
    }
}

static void report_json(const embargo_index *ix, const char *label, size_t line, const doc_ctx *d,
                        const embargo_scan_hit *hits, size_t nhits, const char *charset, const char *note) {
    if (line) printf("{\"line\":%zu", line);
    else {
        fputs("{\"file\":", stdout);
        json_str(stdout, label, strlen(label));
    }
    if (note) {
        json_member(stdout, "charset", charset, strlen(charset));
        json_member(stdout, "charset_note", note, strlen(note));
    }
    char ref[CLI_REF_SIZE];
    cli_screened_against(ix, ref); /* cheap: a hash of a few list names */
    printf(",\"screened_against\":\"%s\",\"entities\":[", ref);
    for (size_t i = 0; i < nhits; i++) {
        const embargo_scan_hit *h = &hits[i];
        if (i) putchar(',');
        json_entity_open(stdout, &h->entity);
        printf(",\"type\":\"%s\",\"score\":%.3f,\"mentions\":%u",
               embargo_type_name(h->entity.type), h->score, h->mentions);
        json_fields(stdout, ix, &h->entity, EMBARGO_FIELD_PROGRAM, "programs", 1);
        json_listed_by(stdout, ix, &h->entity);
        if (h->evidence && h->evidence[0]) json_member(stdout, "evidence", h->evidence, strlen(h->evidence));
        putchar('}');
    }
    fputs("],\"mentions\":[", stdout);
    for (size_t i = 0; i < d->n; i++) {
        const embargo_mention *m = &d->v[i].m;
        if (i) putchar(',');
        fputs("{\"entity\":", stdout);
        json_str(stdout, m->entity.id, m->entity.id_len);
        printf(",\"start\":%llu,\"end\":%llu,\"char_start\":%llu,\"char_end\":%llu,\"text\":",
               (unsigned long long)m->start, (unsigned long long)m->end,
               (unsigned long long)m->char_start, (unsigned long long)m->char_end);
        json_str(stdout, m->text, m->len);
        printf(",\"score\":%.3f", m->score);
        json_member(stdout, "matched_name", m->matched_name, m->matched_name_len);
        if (m->matched_entity.index != m->entity.index)
            json_member(stdout, "matched_entity", m->matched_entity.id, m->matched_entity.id_len);
        json_member(stdout, "how", m->how, strlen(m->how));
        putchar('}');
    }
    puts("]}");
}

typedef struct scan_run {
    const embargo_index *ix;
    embargo_scanner *plain, *html;
    int json, lines, force_html, force_text, color;
    int utf16;               /* the last document was UTF-16 or UTF-32 */
    size_t found;
    doc_ctx d;
} scan_run;

/* Scans one document; returns -1 on error (reported), else 0. */
static int scan_doc(scan_run *r, const char *label, size_t line, const char *data, size_t len) {
    int html = r->force_html || (!r->force_text && !line && looks_like_html(label, data, len));
    embargo_scanner *s = html ? r->html : r->plain;
    doc_clear(&r->d);
    embargo_status st = embargo_scanner_scan(s, data, len, collect, &r->d);
    if (st || r->d.oom) {
        fprintf(stderr, "embargo: %s: %s\n", label, st ? embargo_strerror(st) : "out of memory");
        return -1;
    }
    const embargo_scan_hit *hits;
    size_t nhits;
    embargo_scanner_hits(s, &hits, &nhits);
    if (nhits) r->found++;
    /* how the document was read: said when not as UTF-8, warned when doubtful */
    const char *charset = "UTF-8";
    unsigned doubt = 0;
    const char *note = embargo_scanner_note(s, &charset, &doubt);
    if (doubt) fprintf(stderr, "embargo: %s: %s\n", label, note);
    r->utf16 = !strncmp(charset, "UTF-16", 6) || !strncmp(charset, "UTF-32", 6);
    if (!doubt && !strcmp(charset, "UTF-8")) note = NULL;
    if (r->json) report_json(r->ix, label, line, &r->d, hits, nhits, charset, note);
    else if (nhits || !line) report_text(r->ix, label, data, len, &r->d, hits, nhits, r->color,
                                         note && strcmp(charset, "UTF-8") ? note : NULL);
    return 0;
}

static int scan_lines(scan_run *r, FILE *f, const char *label) {
    char *buf = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int bad = 0;
    while ((n = cli_getline(&buf, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        char lbl[64];
        snprintf(lbl, sizeof(lbl), "line %zu", lineno);
        if (scan_doc(r, label ? label : lbl, lineno, buf, len)) bad = 1;
    }
    free(buf);
    return bad ? -1 : 0;
}

static int scan_path(scan_run *r, const char *path) {
    if (!strcmp(path, "-")) {
        if (r->lines) return scan_lines(r, stdin, NULL);
        /* standard input: read it whole */
        size_t cap = 1 << 16, len = 0;
        char *buf = malloc(cap);
        if (!buf) return -1;
        size_t got;
        while ((got = fread(buf + len, 1, cap - len, stdin)) > 0) {
            len += got;
            if (len == cap) {
                char *nb = realloc(buf, cap * 2);
                if (!nb) { free(buf); fprintf(stderr, "embargo: out of memory\n"); return -1; }
                buf = nb;
                cap *= 2;
            }
        }
        int rc = ferror(stdin) ? -1 : scan_doc(r, "(stdin)", 0, buf, len);
        if (ferror(stdin)) fprintf(stderr, "embargo: error reading standard input\n");
        free(buf);
        return rc;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        fprintf(stderr, "embargo: %s: %s\n", path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        fprintf(stderr, "embargo: %s: not a regular file\n", path);
        close(fd);
        return -1;
    }
    if (r->lines) {
        FILE *f = fdopen(fd, "r");
        if (!f) { close(fd); return -1; }
        int rc = scan_lines(r, f, NULL);
        fclose(f);
        return rc;
    }
    size_t len = (size_t)sb.st_size;
    const char *data = "";
    void *map = NULL;
    if (len) {
        map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) {
            fprintf(stderr, "embargo: %s: cannot map: %s\n", path, strerror(errno));
            close(fd);
            return -1;
        }
        posix_madvise(map, len, POSIX_MADV_SEQUENTIAL);
        data = map;
    }
    close(fd);
    int rc = scan_doc(r, path, 0, data, len);
    if (!r->utf16 && memchr(data, 0, len < 8192 ? len : 8192))
        fprintf(stderr, "embargo: %s: binary content; scanned as text as best it can be\n", path);
    if (map) munmap(map, len);
    return rc;
}

static const char *const VALUED[] = {"--date", "--threshold", "--type", "--lists", "--charset", NULL};

int cmd_scan(int argc, char **argv) {
    cli_data data = {0};
    scan_run r;
    memset(&r, 0, sizeof(r));
    embargo_scan_options o;
    embargo_scan_options_init(&o);
    const char **files = calloc((size_t)argc + 1, sizeof(*files));
    int nfiles = 0, rc = EXIT_TROUBLE;
    const char *lists = NULL;
    if (!files) return EXIT_TROUBLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int d = cli_data_option(&data, argc, argv, &i);
        if (d < 0) goto done;
        if (d) continue;
        if (cli_is_help(a)) {
            rc = cli_usage(USAGE, 1);
            goto done;
        } else if (!strcmp(a, "--json")) {
            r.json = 1;
        } else if (!strcmp(a, "--lines")) {
            r.lines = 1;
        } else if (!strcmp(a, "--html")) {
            r.force_html = 1;
        } else if (!strcmp(a, "--text")) {
            r.force_text = 1;
        } else if (cli_needs_value(a, i, argc, VALUED)) {
            goto done;
        } else if (!strcmp(a, "--date")) {
            o.date = argv[++i];
        } else if (!strcmp(a, "--charset")) {
            o.charset = argv[++i];
        } else if (!strcmp(a, "--lists")) {
            lists = argv[++i];
        } else if (!strcmp(a, "--threshold")) {
            if (cli_number(a, argv[++i], 0, 1, &o.threshold)) goto done;
        } else if (!strcmp(a, "--type")) {
            const char *t = argv[++i];
            embargo_entity_type ty = embargo_type_parse(t, strlen(t));
            if (ty == EMBARGO_TYPE_UNKNOWN) {
                fprintf(stderr, "embargo: unknown --type '%s'\n", t);
                goto done;
            }
            o.type_mask |= 1u << ty;
        } else if (cli_is_option(a)) {
            cli_usage_error(USAGE, "unknown option '%s'", a);
            goto done;
        } else {
            files[nfiles++] = a;
        }
    }
    if (r.force_html && r.force_text) {
        fprintf(stderr, "embargo: --html and --text exclude each other\n");
        goto done;
    }
    if (nfiles == 0) files[nfiles++] = "-";
    embargo_index *ix = cli_data_open_selected(&data, lists, &o.list_mask);
    if (!ix) goto done;
    r.ix = ix;
    r.color = cli_stdout_tty() && !r.json;
    embargo_status st = embargo_scanner_new(ix, &o, &r.plain);
    o.html = 1;
    if (!st) st = embargo_scanner_new(ix, &o, &r.html);
    if (st == EMBARGO_EINVAL && o.charset) {
        fprintf(stderr, "embargo: --charset '%s': not a charset ICU knows\n", o.charset);
    } else if (st) {
        fprintf(stderr, "embargo: %s\n", embargo_strerror(st));
    } else {
        int errors = 0;
        for (int i = 0; i < nfiles; i++)
            if (scan_path(&r, files[i])) errors++;
        rc = errors ? EXIT_TROUBLE : r.found ? EXIT_FOUND : EXIT_NONE;
        if (fflush(stdout) != 0) rc = EXIT_TROUBLE;
    }
    doc_clear(&r.d);
    free(r.d.v);
    embargo_scanner_free(r.plain);
    embargo_scanner_free(r.html);
    embargo_index_close(ix);
done:
    free(files);
    return rc;
}

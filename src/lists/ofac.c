/*
 * ofac.c - loader for OFAC's legacy CSV files (SDN and consolidated non-SDN).
 *
 * OFAC publishes each list as four headerless CSV files:
 *   sdn.csv / cons_prim.csv      ent_num, SDN_Name, SDN_Type, Program, Title,
 *                                Call_Sign, Vess_type, Tonnage, GRT,
 *                                Vess_flag, Vess_owner, Remarks
 *   alt.csv / cons_alt.csv       ent_num, alt_num, alt_type, alt_name, alt_remarks
 *   add.csv / cons_add.csv       ent_num, add_num, address, city/state/zip,
 *                                country, add_remarks
 *   sdn_comments.csv / cons_comments.csv
 *                                ent_num, remarks continuation
 * "-0- " is null. SDN_Type is "individual", "vessel", "aircraft" or null for
 * an organisation. Program holds one or more programs as
 * "UKRAINE-EO13661] [RUSSIA-EO14024".
 *
 * The Remarks column is cut at exactly 1,000 characters, mid-word or even
 * mid-alias; the comments file holds the rest, and the two join byte for
 * byte with nothing in between ("...; P" + "hone Number 86133..."), as every
 * comments row of the 2021, 2024 and 2025 files shows. So the continuation
 * is appended verbatim (several rows for one entity in file order) before
 * the remarks are parsed.
 *
 * Order of work, per set: the comments file (small) is read first into a
 * lookup by ent_num; the primary file creates the entities and joins their
 * remarks; then aliases, then addresses; the remarks are parsed last, so a
 * strong alias from alt.csv is never shadowed by the same name arriving
 * first as a weak remarks alias (names are de-duplicated on add).
 *
 * Strictness: a wrong column count, a non-numeric ent_num or add/alt number,
 * a duplicate ent_num in the primary file, an unknown SDN_Type or alt_type,
 * an empty name and any CSV error (bad quote, NUL byte) fail the whole load
 * with the file, line and column, and nothing is published. Rows of the
 * alias, address and comments files whose entity is not in the primary file
 * are skipped and counted as orphan rows. A set whose primary file is
 * missing is not loaded (its other files have nothing to attach to); a
 * path naming one file must name a primary file, which is loaded alone.
 * Nothing in these files dates them, so the list date is "" (unknown),
 * unless a publication-date file lies beside them.
 *
 * The files have no header, and a primary file of one list reads like the
 * other's: their names tell them apart. So the loader is chosen by names
 * (the one loader that is): a folder holding sdn.csv or cons_prim.csv is a
 * set (its folder sniffer), and a file given alone is one if it is named
 * sdn.csv or cons_prim.csv. Names are matched ignoring case: OFAC's
 * Sanctions List Service (sanctionslistservice.ofac.treas.gov, .../api/
 * PublicationPreview/exports/SDN.CSV and so on, the service behind OFAC's
 * download pages since 2024) names the files SDN.CSV, ALT.CSV, ADD.CSV,
 * SDN_COMMENTS.CSV, CONS_PRIM.CSV, CONS_ALT.CSV, CONS_ADD.CSV and
 * CONS_COMMENTS.CSV, as does OFAC's data specification (updated
 * 2023-09-25), and their layout is the legacy one above (the 2025-12 files
 * measured: headerless, "-0- ", CRLF, 0x1A). A folder holding one file
 * under two names (sdn.csv and SDN.CSV), or a set file that is not a
 * regular file (a FIFO, a folder), is an error, never a guess. So is a
 * primary file with no rows: a set that lists nobody.
 */
#include "loader.h"
#include "csv.h"
#include "listfile.h"
#include "remarks.h"
#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/str.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { F_PRIM, F_ALT, F_ADD, F_COMMENTS, F__COUNT };

static const struct ofac_set {
    const char *list;
    const char *files[F__COUNT];
} ofac_sets[2] = {
    { "ofac-sdn", { "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv" } },
    { "ofac-cons", { "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv" } },
};

#define MAX_COLS 12

/* ---- files ---------------------------------------------------------------- */

/* Which file of which set `name` is, ignoring case: 0 with *set and
 * *kind, or -1 if it is none of them. */
static int set_file(const char *name, int *set, int *kind) {
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < F__COUNT; k++)
            if (emb__word_ieq(name, strlen(name), ofac_sets[s].files[k])) {
                *set = s;
                *kind = k;
                return 0;
            }
    return -1;
}

static char *join_path(const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    char *p = emb__malloc(a + 1 + b + 1);
    if (!p) return NULL;
    memcpy(p, dir, a);
    size_t o = a;
    if (a && dir[a - 1] != '/') p[o++] = '/';
    memcpy(p + o, name, b + 1);
    return p;
}

/* ---- per-set state ---------------------------------------------------------- */

typedef struct comment_piece {
    uint64_t ent;
    size_t seq;
    size_t off, len;      /* into set_state.text */
    int used;
} comment_piece;

typedef struct prim_rec {
    emb_entity *e;
    size_t off, len;      /* joined remarks, into set_state.text */
} prim_rec;

typedef struct set_state {
    emb_load *ld;
    emb_buf text;         /* remarks and continuations */
    emb_buf tmp;          /* scratch for joined addresses */
    comment_piece *pieces;
    size_t npieces, pieces_cap;
    prim_rec *recs;
    size_t nrecs, recs_cap;
} set_state;

static void set_state_free(set_state *s) {
    emb__buf_free(&s->text);
    emb__buf_free(&s->tmp);
    emb__free(s->pieces);
    emb__free(s->recs);
}

/* ---- field helpers -------------------------------------------------------- */

static int field_ieq(const emb_csv_field *f, const char *word) {
    const char *p = f->ptr;
    size_t n = f->len;
    emb__trim_blank(&p, &n);
    return emb__word_ieq(p, n, word);
}

/* Parses a decimal number field (OFAC's ent_num, alt_num, add_num) into
 * `id` with leading zeros dropped (at least one digit kept) and *value.
 * Returns 0, or -1 if the field is not 1..18 digits. */
static int parse_num(const emb_csv_field *f, char id[24], uint64_t *value) {
    const char *p = f->ptr;
    size_t n = f->len;
    emb__trim_blank(&p, &n);
    if (n == 0 || n > 18) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return -1;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    while (n > 1 && *p == '0') { p++; n--; }
    memcpy(id, p, n);
    id[n] = '\0';
    if (value) *value = v;
    return 0;
}

/* ---- reading one file ----------------------------------------------------- */

typedef embargo_status (*row_fn)(set_state *s, emb_csv *c, emb_csv_field *f, size_t nf);

static embargo_status parse_file(set_state *s, const char *path, size_t want, row_fn fn) {
    emb_load *ld = s->ld;
    ld->file = path;
    char *data;
    size_t len;
    embargo_status st = emb__read_file(path, &data, &len, ld->err);
    if (st == EMBARGO_ENOMEM) emb__error_set(ld->err, st, path, 0, 0, "out of memory reading the file");
    if (st != EMBARGO_OK) return st;
    emb_csv c;
    emb__csv_init(&c, data, len);
    emb_csv_field f[MAX_COLS];
    for (;;) {
        size_t nf;
        st = emb__csv_next_row(&c, ld, f, MAX_COLS, want, &nf);
        if (st != EMBARGO_OK || nf == 0) break;
        ld->rows++;
        st = fn(s, &c, f, nf);
        if (st != EMBARGO_OK) break;
    }
    if (st == EMBARGO_ENOMEM) emb__error_set(ld->err, st, path, 0, 0, "out of memory");
    emb__csv_free(&c);
    emb__free(data);
    return st;
}

static embargo_status bad_num(emb_load *ld, emb_csv *c, const emb_csv_field *f, const char *what) {
    return emb__load_fail(ld, c->record_line, f->column, "%s is not a number: '%.*s'", what,
                          (int)(f->len > 40 ? 40 : f->len), f->ptr);
}

static embargo_status bad_word(emb_load *ld, emb_csv *c, const emb_csv_field *f, const char *what) {
    return emb__load_fail(ld, c->record_line, f->column, "unknown %s '%.*s'", what,
                          (int)(f->len > 40 ? 40 : f->len), f->ptr);
}

/* The name in field f, trimmed, in *name and *len; an empty or null one
 * fails the load ("empty <what>"). */
static embargo_status name_of(emb_load *ld, emb_csv *c, const emb_csv_field *f, const char *what,
                              const char **name, size_t *len) {
    *name = f->ptr;
    *len = f->len;
    emb__trim_blank(name, len);
    if (*len == 0 || emb__csv_is_null(f))
        return emb__load_fail(ld, c->record_line, f->column, "empty %s", what);
    return EMBARGO_OK;
}

/* ---- comments ------------------------------------------------------------- */

static embargo_status comment_row(set_state *s, emb_csv *c, emb_csv_field *f, size_t nf) {
    (void)nf;
    char id[24];
    uint64_t ent;
    if (parse_num(&f[0], id, &ent)) return bad_num(s->ld, c, &f[0], "ent_num");
    if (EMB_GROW(s->pieces, s->pieces_cap, s->npieces + 1)) return EMBARGO_ENOMEM;
    comment_piece *p = &s->pieces[s->npieces];
    p->ent = ent;
    p->seq = s->npieces;
    p->used = 0;
    p->off = s->text.len;
    p->len = emb__csv_is_null(&f[1]) ? 0 : f[1].len;
    emb__buf_append(&s->text, f[1].ptr, p->len);
    if (s->text.oom) return EMBARGO_ENOMEM;
    s->npieces++;
    return EMBARGO_OK;
}

static int piece_cmp(const void *a, const void *b) {
    const comment_piece *x = a, *y = b;
    if (x->ent != y->ent) return x->ent < y->ent ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Index of the first piece for `ent`, or npieces. */
static size_t piece_find(const set_state *s, uint64_t ent) {
    size_t lo = 0, hi = s->npieces;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->pieces[mid].ent < ent) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* ---- primary -------------------------------------------------------------- */

static embargo_status add_opt(emb_load *ld, emb_entity *e, embargo_field_kind kind,
                              const emb_csv_field *f) {
    if (emb__csv_is_null(f)) return EMBARGO_OK;
    return emb__entity_add_field(ld, e, kind, f->ptr, f->len);
}

static embargo_status add_programs(emb_load *ld, emb_entity *e, const emb_csv_field *f) {
    if (emb__csv_is_null(f)) return EMBARGO_OK;
    const char *p = f->ptr, *end = f->ptr + f->len;
    while (p < end) {
        const char *q = p;
        while (q < end && !(end - q >= 3 && q[0] == ']' && q[1] == ' ' && q[2] == '[')) q++;
        const char *a = p;
        size_t n = (size_t)(q - p);
        emb__trim_blank(&a, &n);
        if (n && a[0] == '[') { a++; n--; }
        if (n && a[n - 1] == ']') n--;
        embargo_status st = emb__entity_add_field(ld, e, EMBARGO_FIELD_PROGRAM, a, n);
        if (st != EMBARGO_OK) return st;
        p = q < end ? q + 3 : end;
    }
    return EMBARGO_OK;
}

static embargo_status prim_row(set_state *s, emb_csv *c, emb_csv_field *f, size_t nf) {
    (void)nf;
    emb_load *ld = s->ld;
    char id[24];
    uint64_t ent;
    if (parse_num(&f[0], id, &ent)) return bad_num(ld, c, &f[0], "ent_num");
    embargo_entity_type type;
    if (emb__csv_is_null(&f[2])) type = EMBARGO_TYPE_ORGANIZATION;
    else if (field_ieq(&f[2], "individual")) type = EMBARGO_TYPE_PERSON;
    else if (field_ieq(&f[2], "vessel")) type = EMBARGO_TYPE_VESSEL;
    else if (field_ieq(&f[2], "aircraft")) type = EMBARGO_TYPE_AIRCRAFT;
    else return bad_word(ld, c, &f[2], "SDN_Type");
    const char *name;
    size_t name_len;
    embargo_status st = name_of(ld, c, &f[1], "SDN_Name", &name, &name_len);
    if (st != EMBARGO_OK) return st;
    int dup = 0;
    emb_entity *e = emb__load_entity(ld, id, strlen(id), type, &dup);
    if (!e) {
        if (dup)
            return emb__load_fail(ld, c->record_line, f[0].column, "duplicate ent_num %s", id);
        return EMBARGO_ENOMEM;
    }
    st = emb__entity_add_name(ld, e, EMBARGO_NAME_PRIMARY, 0, name, name_len);
    if (st == EMBARGO_OK) st = add_programs(ld, e, &f[3]);
    if (st == EMBARGO_OK) st = add_opt(ld, e, EMBARGO_FIELD_TITLE, &f[4]);
    if (st == EMBARGO_OK) st = add_opt(ld, e, EMBARGO_FIELD_VESSEL_CALL_SIGN, &f[5]);
    if (st == EMBARGO_OK) st = add_opt(ld, e, EMBARGO_FIELD_VESSEL_TYPE, &f[6]);
    if (st == EMBARGO_OK) st = add_opt(ld, e, EMBARGO_FIELD_VESSEL_TONNAGE, &f[7]);
    if (st == EMBARGO_OK) st = add_opt(ld, e, EMBARGO_FIELD_VESSEL_GRT, &f[8]);
    if (st == EMBARGO_OK) st = add_opt(ld, e, EMBARGO_FIELD_VESSEL_FLAG, &f[9]);
    if (st == EMBARGO_OK) st = add_opt(ld, e, EMBARGO_FIELD_VESSEL_OWNER, &f[10]);
    if (st != EMBARGO_OK) return st;

    /* Remarks, then its continuation rows verbatim. */
    if (EMB_GROW(s->recs, s->recs_cap, s->nrecs + 1)) return EMBARGO_ENOMEM;
    prim_rec *r = &s->recs[s->nrecs];
    r->e = e;
    r->off = s->text.len;
    if (!emb__csv_is_null(&f[11])) emb__buf_append(&s->text, f[11].ptr, f[11].len);
    for (size_t i = piece_find(s, ent); i < s->npieces && s->pieces[i].ent == ent; i++) {
        /* The pieces live in the same buffer: reserve first so it cannot move
         * while a piece is being copied from it. */
        comment_piece *p = &s->pieces[i];
        p->used = 1;
        if (p->len == 0) continue;
        if (emb__buf_reserve(&s->text, p->len)) return EMBARGO_ENOMEM;
        emb__buf_append(&s->text, s->text.data + p->off, p->len);
    }
    if (s->text.oom) return EMBARGO_ENOMEM;
    r->len = s->text.len - r->off;
    s->nrecs++;
    return EMBARGO_OK;
}

/* ---- aliases and addresses --------------------------------------------------- */

static embargo_status alt_row(set_state *s, emb_csv *c, emb_csv_field *f, size_t nf) {
    (void)nf;
    emb_load *ld = s->ld;
    char id[24], num[24];
    if (parse_num(&f[0], id, NULL)) return bad_num(ld, c, &f[0], "ent_num");
    if (parse_num(&f[1], num, NULL)) return bad_num(ld, c, &f[1], "alt_num");
    embargo_name_kind kind;
    if (field_ieq(&f[2], "aka")) kind = EMBARGO_NAME_AKA;
    else if (field_ieq(&f[2], "fka")) kind = EMBARGO_NAME_FKA;
    else if (field_ieq(&f[2], "nka")) kind = EMBARGO_NAME_NKA;
    else return bad_word(ld, c, &f[2], "alt_type");
    const char *name;
    size_t name_len;
    embargo_status st = name_of(ld, c, &f[3], "alt_name", &name, &name_len);
    if (st != EMBARGO_OK) return st;
    emb_entity *e = emb__load_find(ld, id, strlen(id));
    if (!e) {
        ld->orphan_rows++;
        return EMBARGO_OK;
    }
    int weak = !emb__csv_is_null(&f[4]) && emb__contains_ci(f[4].ptr, f[4].len, "weak");
    return emb__entity_add_name(ld, e, kind, weak, name, name_len);
}

static embargo_status add_row(set_state *s, emb_csv *c, emb_csv_field *f, size_t nf) {
    (void)nf;
    emb_load *ld = s->ld;
    char id[24], num[24];
    if (parse_num(&f[0], id, NULL)) return bad_num(ld, c, &f[0], "ent_num");
    if (parse_num(&f[1], num, NULL)) return bad_num(ld, c, &f[1], "add_num");
    emb_entity *e = emb__load_find(ld, id, strlen(id));
    if (!e) {
        ld->orphan_rows++;
        return EMBARGO_OK;
    }
    s->tmp.len = 0;
    for (int i = 2; i <= 4; i++) {
        if (emb__csv_is_null(&f[i])) continue;
        const char *p = f[i].ptr;
        size_t n = f[i].len;
        emb__trim_blank(&p, &n);
        if (!n) continue;
        if (s->tmp.len) emb__buf_append(&s->tmp, ", ", 2);
        emb__buf_append(&s->tmp, p, n);
    }
    if (s->tmp.oom) return EMBARGO_ENOMEM;
    embargo_status st = EMBARGO_OK;
    if (s->tmp.len)
        st = emb__entity_add_field(ld, e, EMBARGO_FIELD_ADDRESS, (const char *)s->tmp.data, s->tmp.len);
    if (st == EMBARGO_OK && !emb__csv_is_null(&f[4])) {
        const char *p = f[4].ptr;
        size_t n = f[4].len;
        emb__trim_blank(&p, &n);
        int seen = 0;
        for (uint32_t i = 0; i < e->field_count && !seen; i++)
            seen = e->fields[i].kind == EMBARGO_FIELD_COUNTRY && e->fields[i].len == n &&
                   memcmp(e->fields[i].text, p, n) == 0;
        if (!seen) st = emb__entity_add_field(ld, e, EMBARGO_FIELD_COUNTRY, p, n);
    }
    if (st == EMBARGO_OK) st = add_opt(ld, e, EMBARGO_FIELD_REMARK, &f[5]);
    return st;
}

/* ---- one set ---------------------------------------------------------------- */

/* Stages one set into `ld` (already begun). paths[F_PRIM] must be set; the
 * others may be NULL. */
static embargo_status load_set(emb_load *ld, char *const paths[F__COUNT]) {
    set_state s;
    memset(&s, 0, sizeof(s));
    s.ld = ld;
    emb__buf_init(&s.text);
    emb__buf_init(&s.tmp);
    embargo_status st = EMBARGO_OK;
    if (paths[F_COMMENTS]) {
        st = parse_file(&s, paths[F_COMMENTS], 2, comment_row);
        if (st == EMBARGO_OK && s.npieces > 1)
            qsort(s.pieces, s.npieces, sizeof(*s.pieces), piece_cmp);
    }
    if (st == EMBARGO_OK) st = parse_file(&s, paths[F_PRIM], 12, prim_row);
    if (st == EMBARGO_OK && ld->entity_count == 0)
        st = emb__load_fail(ld, ld->end_line, 0, "no entities: the primary file holds no rows");
    if (st == EMBARGO_OK && paths[F_ALT]) st = parse_file(&s, paths[F_ALT], 5, alt_row);
    if (st == EMBARGO_OK && paths[F_ADD]) st = parse_file(&s, paths[F_ADD], 6, add_row);
    if (st == EMBARGO_OK) {
        for (size_t i = 0; i < s.npieces; i++)
            if (!s.pieces[i].used) ld->orphan_rows++;
        for (size_t i = 0; i < s.nrecs && st == EMBARGO_OK; i++)
            if (s.recs[i].len)
                st = emb__remarks_apply(ld, s.recs[i].e, (const char *)s.text.data + s.recs[i].off,
                                    s.recs[i].len);
        if (st == EMBARGO_ENOMEM)
            emb__error_set(ld->err, st, paths[F_PRIM], 0, 0, "out of memory");
    }
    set_state_free(&s);
    return st;
}

/* ---- the loader ---------------------------------------------------------------- */

/* Finds the files of the two sets in the folder `dir` by name, ignoring
 * case, into paths[set][kind] (emb__malloc'd; NULL where absent). Fails
 * with `err` filled on one file under two names (EMBARGO_EFORMAT), on a
 * set file that cannot be reached or is not a regular file (EMBARGO_EIO),
 * on a folder that cannot be read (EMBARGO_EIO), and on EMBARGO_ENOMEM. */
static embargo_status find_set_files(const char *dir, char *paths[2][F__COUNT], embargo_error *err) {
    DIR *d = opendir(dir);
    if (!d) {
        int e = errno;
        if (e == ENOMEM) return EMBARGO_ENOMEM;
        emb__error_set(err, EMBARGO_EIO, dir, 0, 0, "cannot read the folder: %s", strerror(e));
        return EMBARGO_EIO;
    }
    embargo_status st = EMBARGO_OK;
    struct dirent *ent;
    while (st == EMBARGO_OK && (ent = readdir(d)) != NULL) {
        int set, kind;
        if (set_file(ent->d_name, &set, &kind) != 0) continue;
        char *p = join_path(dir, ent->d_name);
        if (!p) {
            st = EMBARGO_ENOMEM;
            break;
        }
        struct stat sb;
        if (paths[set][kind]) {
            const char *other = strrchr(paths[set][kind], '/') + 1;
            int first = strcmp(other, ent->d_name) < 0;
            emb__error_set(err, EMBARGO_EFORMAT, dir, 0, 0,
                           "two files for OFAC's %s, %s and %s: which one is the list?",
                           ofac_sets[set].files[kind], first ? other : ent->d_name,
                           first ? ent->d_name : other);
            st = EMBARGO_EFORMAT;
        } else if (stat(p, &sb) != 0) {
            emb__error_set(err, EMBARGO_EIO, p, 0, 0, "cannot be read: %s", strerror(errno));
            st = EMBARGO_EIO;
        } else if (!S_ISREG(sb.st_mode)) {
            emb__error_set(err, EMBARGO_EIO, p, 0, 0, "not a list file but %s: refused",
                           emb__file_kind((unsigned)sb.st_mode));
            st = EMBARGO_EIO;
        } else {
            paths[set][kind] = p;
            p = NULL;
        }
        emb__free(p);
    }
    closedir(d);
    return st;
}

/* Loads a set from a folder, or a primary file given alone: sdn.csv,
 * alt.csv, add.csv, sdn_comments.csv (list "ofac-sdn") and cons_prim.csv,
 * cons_alt.csv, cons_add.csv, cons_comments.csv (list "ofac-cons").
 * EMBARGO_ENOTFOUND if `path` holds no primary file. */
static embargo_status ofac_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    if (!ds || !path) return EMBARGO_EINVAL;
    struct stat st_path;
    if (stat(path, &st_path) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return EMBARGO_ENOTFOUND;
        emb__error_set(err, EMBARGO_EIO, path, 0, 0, "cannot access: %s", strerror(errno));
        return EMBARGO_EIO;
    }
    char *paths[2][F__COUNT];
    memset(paths, 0, sizeof(paths));
    embargo_status st = EMBARGO_OK;
    if (S_ISDIR(st_path.st_mode)) {
        st = find_set_files(path, paths, err);
    } else {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        int set, kind;
        if (set_file(base, &set, &kind) == 0 && kind == F_PRIM) {
            paths[set][F_PRIM] = join_path("", path);
            if (!paths[set][F_PRIM]) st = EMBARGO_ENOMEM;
        }
    }

    char date[32];
    emb__folder_date(path, date, sizeof(date));
    emb_load loads[2];
    int begun[2] = { 0, 0 };
    int any = 0;
    for (int s = 0; s < 2 && st == EMBARGO_OK; s++) {
        if (!paths[s][F_PRIM]) continue;
        any = 1;
        st = emb__load_begin(&loads[s], ds, ofac_sets[s].list, path, date, err);
        begun[s] = 1;
        if (st == EMBARGO_OK) st = load_set(&loads[s], paths[s]);
    }
    if (st == EMBARGO_OK && !any) st = EMBARGO_ENOTFOUND;
    for (int s = 0; s < 2 && st == EMBARGO_OK; s++)
        if (begun[s]) {
            st = emb__load_check_ids(&loads[s]);
            if (st == EMBARGO_OK) st = emb__load_check_nonempty(&loads[s]);
        }
    if (st == EMBARGO_OK) {
        size_t total = 0;
        for (int s = 0; s < 2; s++)
            if (begun[s]) total += loads[s].entity_count;
        /* room for both, so that both commits succeed or neither runs */
        st = emb__dataset_reserve(ds, total);
        if (st == EMBARGO_ENOMEM) emb__error_set(err, st, path, 0, 0, "out of memory");
    }
    if (st == EMBARGO_OK) {
        /* Cannot fail now: the entity array has room for both. */
        for (int s = 0; s < 2; s++)
            if (begun[s]) (void)emb__load_commit(&loads[s]);
    } else {
        /* newest first, so each abort drops the list record it created */
        for (int s = 1; s >= 0; s--)
            if (begun[s]) emb__load_abort(&loads[s]);
    }
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < F__COUNT; k++) emb__free(paths[s][k]);
    if (st == EMBARGO_ENOMEM && err && err->code != EMBARGO_ENOMEM)
        emb__error_set(err, st, path, 0, 0, "out of memory");
    return st;
}

/* A file given alone: a primary file, by its name (case ignored). */
static int ofac_sniff(const char *path, const unsigned char *head, size_t n) {
    (void)head;
    (void)n;
    if (!path) return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int set, kind;
    return set_file(base, &set, &kind) == 0 && kind == F_PRIM ? 100 : 0;
}

/* A folder holding an entry named as a primary file (case ignored; the
 * load refuses one that is not a regular file). Allocates nothing of its
 * own, so that running out of memory cannot make a set look like loose
 * files; a folder that cannot be read is left to the walk to report. */
static int ofac_sniff_folder(const char *path) {
    DIR *d = opendir(path);
    if (!d) return 0;
    int found = 0;
    struct dirent *ent;
    while (!found && (ent = readdir(d)) != NULL) {
        int set, kind;
        found = set_file(ent->d_name, &set, &kind) == 0 && kind == F_PRIM;
    }
    closedir(d);
    return found ? 100 : 0;
}

const emb_loader emb__ofac_loader = { "ofac-csv", ofac_sniff, ofac_load, ofac_sniff_folder };

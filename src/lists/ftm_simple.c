/*
 * ftm_simple.c - OpenSanctions' targets.simple.csv export, for the
 * OpenSanctions loader (ftm.c recognises the file by its header, finishes
 * the load and publishes it; ftm_int.h holds the state all its files share
 * and ftm_common.c the helpers).
 *
 * targets.simple.csv is the flat form of OpenSanctions' targets: one row per
 * entity, RFC 4180 CSV (src/lists/csv.h) with a header naming the columns
 *   id,schema,name,aliases,birth_date,countries,addresses,identifiers,
 *   sanctions,phones,emails,dataset,first_seen,last_seen,last_change
 * (exports of 2022 lack last_change). Columns are found by their header
 * name, so their order does not matter and an unknown column is passed
 * over. A cell of a multi-valued column holds its values separated by ';'.
 * Mapping, as for FtM entities:
 *   id            the entity id ("opensanctions:<id>")
 *   schema        the type (Person; Organization, Company, LegalEntity,
 *                 PublicBody; Vessel; Airplane); rows of other schemas are
 *                 skipped and counted
 *   name          the primary name; aliases AKA (the first alias is primary
 *                 if the name is empty; a row with neither is counted as
 *                 nameless and skipped)
 *   birth_date    BIRTH_DATE;  countries COUNTRY (codes become names, as
 *                 for FtM: "ru" -> "Russia");  addresses ADDRESS
 *   identifiers   REFERENCE (mostly Wikidata ids, "Q296771": not documents)
 *   sanctions     PROGRAM;  phones PHONE;  emails EMAIL
 *   dataset       REMARK "Dataset: <title>"
 *   first_seen    LISTED_ON (date part)
 * The list is "opensanctions", its date the newest last_change / last_seen
 * (date part), else the folder's publication-date file. A later row of an
 * id replaces the earlier one (counted as replaced), as in FtM files.
 *
 * Strictness: CSV errors (an unterminated quote, a stray quote, NUL bytes),
 * a row whose field count differs from the header's, a header without an
 * "id", "schema" or "name" column, a row without an id or schema, an id
 * longer than 1 KB, a name longer than 4 KB and a value longer than 64 KB
 * fail the whole load at the file's line and column. The file is read into
 * memory whole.
 */
#include "ftm_int.h"
#include "csv.h"
#include "listfile.h"

#include <stdint.h>
#include <string.h>

#define MAX_FIELDS 64           /* header columns looked at; rows may be wider */
#define MAX_ID 1024

enum { H_NONE, H_NAME, H_ALIAS, H_FIELD, H_COUNTRY, H_LABELLED };

enum {
    C_ID, C_SCHEMA, C_NAME, C_ALIASES, C_BIRTH_DATE, C_COUNTRIES, C_ADDRESSES, C_IDENTIFIERS,
    C_SANCTIONS, C_PHONES, C_EMAILS, C_DATASET, C_FIRST_SEEN, C_LAST_SEEN, C_LAST_CHANGE, C__COUNT
};

static const struct column {
    const char *name;
    uint8_t how;                /* H_* */
    uint8_t kind;               /* embargo_field_kind of H_FIELD, H_COUNTRY, H_LABELLED */
    uint8_t own;                /* a column name of this export only (recognises the header) */
    const char *label;          /* H_LABELLED */
} COLUMNS[C__COUNT] = {
    [C_ID] = { "id", H_NONE, 0, 0, NULL },
    [C_SCHEMA] = { "schema", H_NONE, 0, 0, NULL },
    [C_NAME] = { "name", H_NAME, 0, 0, NULL },
    [C_ALIASES] = { "aliases", H_ALIAS, 0, 1, NULL },
    [C_BIRTH_DATE] = { "birth_date", H_FIELD, EMBARGO_FIELD_BIRTH_DATE, 1, NULL },
    [C_COUNTRIES] = { "countries", H_COUNTRY, EMBARGO_FIELD_COUNTRY, 1, NULL },
    [C_ADDRESSES] = { "addresses", H_FIELD, EMBARGO_FIELD_ADDRESS, 0, NULL },
    [C_IDENTIFIERS] = { "identifiers", H_FIELD, EMBARGO_FIELD_REFERENCE, 1, NULL },
    [C_SANCTIONS] = { "sanctions", H_FIELD, EMBARGO_FIELD_PROGRAM, 1, NULL },
    [C_PHONES] = { "phones", H_FIELD, EMBARGO_FIELD_PHONE, 1, NULL },
    [C_EMAILS] = { "emails", H_FIELD, EMBARGO_FIELD_EMAIL, 1, NULL },
    [C_DATASET] = { "dataset", H_LABELLED, EMBARGO_FIELD_REMARK, 1, "Dataset: " },
    [C_FIRST_SEEN] = { "first_seen", H_NONE, 0, 1, NULL },
    [C_LAST_SEEN] = { "last_seen", H_NONE, 0, 1, NULL },
    [C_LAST_CHANGE] = { "last_change", H_NONE, 0, 1, NULL },
};

/* Finds the known columns in a header record: map[k] is the field index of
 * COLUMNS[k], or -1. Returns how many of the export's own column names it
 * holds (3 or more: the header is this export's). */
static size_t map_header(int *map, const emb_csv_field *f, size_t nf) {
    size_t own = 0;
    for (size_t k = 0; k < C__COUNT; k++) {
        map[k] = -1;
        size_t len = strlen(COLUMNS[k].name);
        for (size_t i = 0; i < nf && i < MAX_FIELDS; i++)
            if (f[i].len == len && !memcmp(f[i].ptr, COLUMNS[k].name, len)) {
                map[k] = (int)i;
                own += COLUMNS[k].own;
                break;
            }
    }
    return own;
}

/* The column a header without id, schema or name lacks, or NULL. */
static const char *missing_key(const int *map) {
    for (size_t k = C_ID; k <= C_NAME; k++)
        if (map[k] < 0) return COLUMNS[k].name;
    return NULL;
}

int emb__ftm_simple_sniff(const unsigned char *head, size_t n) {
    emb_csv c;
    emb_csv_field f[MAX_FIELDS];
    int map[C__COUNT];
    size_t nf;
    int score = 0;
    emb__csv_init_head(&c, (const char *)head, n);
    if (emb__csv_next(&c, f, MAX_FIELDS, &nf) == EMBARGO_OK && map_header(map, f, nf) >= 3)
        score = missing_key(map) ? 40 : 95;
    emb__csv_free(&c);
    return score;
}

/* The next record, reported (emb__csv_report: invalid UTF-8, the file's
 * encoding); a CSV error is a format error at its line and column. */
static embargo_status next_record(ftm *st, emb_csv *c, emb_csv_field *f, size_t *nf) {
    embargo_status s = emb__csv_next(c, f, MAX_FIELDS, nf);
    if (s == EMBARGO_OK && *nf) s = emb__csv_report(c, &st->ld);
    if (s == EMBARGO_OK) st->ld.end_line = c->record_line ? c->record_line : 1;
    if (s != EMBARGO_EFORMAT) return s;
    st->line = c->err_line;
    st->col = c->err_column;
    return emb__ftm_fail(st, "%s", c->err_msg);
}

/* The cell of column k of a row, trimmed ("" if the header lacks it). */
static void cell(const int *map, const emb_csv_field *f, size_t k, const char **s, size_t *n) {
    *s = "";
    *n = 0;
    if (map[k] < 0) return;
    *s = f[map[k]].ptr;
    *n = f[map[k]].len;
    emb__trim(s, n);
}

/* Adds one value of column `col` to the entity. */
static embargo_status add_value(ftm *st, emb_entity *e, const struct column *col, const char *s, size_t n) {
    switch (col->how) {
    case H_NAME: return emb__ftm_add_name(st, e, EMBARGO_NAME_PRIMARY, 0, s, n);
    case H_ALIAS: return emb__ftm_add_name(st, e, EMBARGO_NAME_AKA, 0, s, n);
    case H_FIELD: return emb__ftm_add_field(st, e, (embargo_field_kind)col->kind, s, n);
    case H_COUNTRY: return emb__ftm_add_country(st, e, (embargo_field_kind)col->kind, s, n);
    case H_LABELLED:
        emb__trim(&s, &n);
        if (!n) return EMBARGO_OK;
        st->sb_len = 0;
        if (emb__ftm_sb_str(st, col->label) || emb__ftm_sb_add(st, s, n)) return EMBARGO_ENOMEM;
        return emb__ftm_add_field(st, e, (embargo_field_kind)col->kind, st->sb, st->sb_len);
    default: return EMBARGO_OK;
    }
}

/* One row: its entity is staged as a record of st, or the row is skipped. */
static embargo_status row(ftm *st, const int *map, const emb_csv_field *f) {
    const char *id, *schema, *x;
    size_t il, sl, xl;
    cell(map, f, C_ID, &id, &il);
    cell(map, f, C_SCHEMA, &schema, &sl);
    if (!il) return emb__ftm_fail(st, "a row without an id");
    if (il > MAX_ID) return emb__ftm_fail(st, "an entity id of %zu bytes", il);
    if (!sl) return emb__ftm_fail(st, "entity %.*s has no schema", (int)il, id);
    for (size_t k = C_LAST_SEEN; k <= C_LAST_CHANGE; k++) {
        cell(map, f, k, &x, &xl);
        emb__ftm_note_date(st, x, xl);
    }
    rec *r = emb__ftm_rec_renew(st, id, il, 1);
    if (!r) return EMBARGO_ENOMEM;
    embargo_entity_type type = emb__ftm_schema_type(schema, sl);
    if (type == EMBARGO_TYPE_UNKNOWN) {
        r->state = R_SKIPPED;
        return EMBARGO_OK;
    }
    embargo_status s = emb__ftm_rec_entity(st, r, type);
    for (size_t k = 0; !s && k < C__COUNT; k++) {
        if (COLUMNS[k].how == H_NONE || map[k] < 0) continue;
        cell(map, f, k, &x, &xl);
        st->col = f[map[k]].column;
        /* the name is one value; the other columns' values are split at ';' */
        for (size_t i = 0; i <= xl && !s;) {
            size_t j = i;
            while (j < xl && (COLUMNS[k].how == H_NAME || x[j] != ';')) j++;
            s = add_value(st, r->e, &COLUMNS[k], x + i, j - i);
            i = j + 1;
        }
    }
    if (s) return s;
    st->col = 1;
    cell(map, f, C_FIRST_SEEN, &x, &xl);
    return emb__ftm_first_seen(st, r, x, xl);
}

embargo_status emb__ftm_simple_read(ftm *st, embargo_dataset *ds) {
    char *buf;
    size_t len;
    embargo_status s = emb__read_file(st->path, &buf, &len, st->err);
    if (s) return s;
    s = emb__ftm_begin(st, ds, "opensanctions");
    emb_csv c;
    emb_csv_field f[MAX_FIELDS];
    int map[C__COUNT];
    size_t nf = 0, width = 0;
    emb__csv_init(&c, buf, len);
    if (!s) s = next_record(st, &c, f, &nf);
    if (!s) {
        st->line = c.record_line;
        st->col = 1;
        const char *missing;
        if (map_header(map, f, nf) < 3)
            s = emb__ftm_fail(st, "not a targets.simple.csv header (id,schema,name,aliases,...)");
        else if ((missing = missing_key(map)) != NULL)
            s = emb__ftm_fail(st, "the header has no \"%s\" column", missing);
        width = nf;
    }
    while (!s && !(s = next_record(st, &c, f, &nf)) && nf) {
        st->c.records++;
        st->line = c.record_line;
        st->col = 1;
        if (nf != width) s = emb__ftm_fail(st, "expected %zu fields, found %zu", width, nf);
        else s = row(st, map, f);
        if (!s && st->oom) s = EMBARGO_ENOMEM;
    }
    emb__csv_free(&c);
    emb__free(buf);
    return s;
}

/*
 * uk.c - loader for the UK sanctions list (FCDO), as its ODS spreadsheet or
 * its CSV form.
 *
 * The FCDO publishes the UK sanctions list as a spreadsheet with one sheet,
 * UK_Sanction_List, of eight columns:
 *
 *   Unique ID, OFSI Group ID, Name, Regime Name, Type, Designation source,
 *   Date Designated, Sanctions Imposed
 *
 * and the same table as CSV with a header line (optionally preceded by a
 * "Report Date: ..." line, which then dates the list). Columns are found by
 * their header, in any order; a header must name at least Unique ID, Name,
 * Type and Regime Name. "Name type" (a row whose value says alias adds an
 * alias) and "Name non-latin script" (an alias) are read where present.
 *
 * The model. One designation is one Unique ID (RUS0879: Kosachev under the
 * Russia regime); rows are grouped into entities by Unique ID, the first
 * row's Name is the primary name and the Names of further rows with that id
 * are aliases (duplicates dropped). In the 2025-08-11 file every Unique ID
 * is on exactly one row. The same person designated under two regimes has
 * two Unique IDs that share an OFSI Group ID (BEL0045 and GHR0050 are both
 * Lukashenko, group 13918): these stay two entities, one per designation,
 * each with its own regime and date, because that is what "listed under
 * which regime, since when" needs; the shared group id is kept on both as
 * the reference "OFSI Group ID 13918", exact-match evidence for grouping
 * list entries into one person.
 *
 *   id           "uk:" + Unique ID                  uk:RUS0879
 *   type         Individual / Entity / Ship         person / organization / vessel
 *   REFERENCE    Unique ID                          RUS0879
 *   REFERENCE    "OFSI Group ID " + OFSI Group ID   OFSI Group ID 14830
 *   PROGRAM      Regime Name                        Russia
 *   LISTED_ON    Date Designated, ISO 8601          2022-03-15
 *   REMARK       "Designation source: " + source    Designation source: UK
 *   REMARK       "Sanctions imposed: " + measures   Sanctions imposed: Asset freeze, ...
 *
 * Dates are written day first (15-03-2022 in the ODS, 15/03/2022 in CSV); an
 * ISO date, or an ODS cell of value-type date, is read too. An unknown
 * Type, an empty or malformed Unique ID, a date that is not a date, a Type
 * that differs between rows of one Unique ID: each fails the whole load
 * with EMBARGO_EFORMAT at its line (CSV) or sheet row (ODS) and column, and
 * nothing is published. A row without any name (two in the 2025-08-11
 * file: BEL0174, RUS1467) cannot be screened and an index cannot hold a
 * nameless entity, so it is skipped and counted as a nameless row, never
 * silently. Blank rows are passed over.
 *
 * The ODS file is a zip read with libzip; content.xml is streamed from it
 * into libxml2's reader, never held whole, and refused past 256 MB (a zip
 * bomb). ODS compresses runs of equal rows and cells with
 * table:number-rows-repeated / table:number-columns-repeated (the sheet
 * ends with one empty row repeated 1,043,268 times); those counts only
 * advance the row and column numbers and are never expanded into memory.
 * Cell text follows ODF: runs of white space collapse to one space,
 * text:s/text:tab give spaces, paragraphs of one cell are joined by a space,
 * annotations and drawings in a cell are not its text. Error lines for the
 * data are sheet rows (as a spreadsheet program numbers them); XML syntax
 * errors give the line in content.xml.
 *
 * The ODS file carries no publication date of its own (meta.xml has the
 * template's dates only), so the list date is the CSV's Report Date if
 * there is one, else what emb__folder_date finds beside the file, else "".
 */
#include "loader.h"
#include "xml.h"
#include "csv.h"
#include "listfile.h"
#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/str.h"

#include <libxml/xmlreader.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

#define UK_LIST "uk"
#define UK_MAX_COLS 64                      /* header columns looked at */
#define UK_ODS_MAX ((uint64_t)256 << 20)    /* content.xml size cap */
#define UK_ROW_TEXT_MAX ((size_t)1 << 20)   /* text of one sheet row */
#define ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

/* ---- the table, whatever the container ------------------------------------ */

enum {
    C_UID, C_GROUP, C_NAME, C_REGIME, C_TYPE, C_SOURCE, C_DATE, C_SANCTIONS,
    C_NAME_TYPE, C_NONLATIN, C__COUNT
};

static const struct { const char *header; int col; } HEADERS[] = {
    { "unique id", C_UID },
    { "ofsi group id", C_GROUP },
    { "group id", C_GROUP },
    { "name", C_NAME },
    { "regime name", C_REGIME },
    { "regime", C_REGIME },
    { "type", C_TYPE },
    { "designation type", C_TYPE },
    { "designation source", C_SOURCE },
    { "date designated", C_DATE },
    { "sanctions imposed", C_SANCTIONS },
    { "name type", C_NAME_TYPE },
    { "name non-latin script", C_NONLATIN },
};

/* One cell of a row: `n` bytes at `p`; `col` is the 1-based column for errors. */
typedef struct uk_cell {
    const char *p;
    size_t n;
    unsigned long col;
} uk_cell;

typedef struct uk_ctx {
    emb_load *ld;
    int map[C__COUNT];          /* column index of each known column, or -1 */
    const char *where;          /* error message prefix ("sheet 'X': ") */
    char where_buf[96];
} uk_ctx;

/* Case-insensitive comparison of a header cell (trimmed, inner white space
 * runs taken as one space) with a lower-case ASCII word. */
static int header_is(const char *p, size_t n, const char *word) {
    emb__trim(&p, &n);
    size_t i = 0, j = 0, m = strlen(word);
    while (i < n && j < m) {
        int a = (unsigned char)p[i];
        if (emb__is_space(a)) {
            if (word[j] != ' ') return 0;
            while (i < n && emb__is_space((unsigned char)p[i])) i++;
            j++;
            continue;
        }
        if (a >= 'A' && a <= 'Z') a += 32;
        if (a != word[j]) return 0;
        i++;
        j++;
    }
    return i == n && j == m;
}

/* Maps header cells to columns. Returns 1 if the row is a UK list header
 * (Unique ID, Name, Type and Regime Name all present). */
static int map_header(int map[C__COUNT], const uk_cell *cells, size_t n) {
    for (int k = 0; k < C__COUNT; k++) map[k] = -1;
    for (size_t i = 0; i < n && i < UK_MAX_COLS; i++)
        for (size_t h = 0; h < sizeof(HEADERS) / sizeof(HEADERS[0]); h++)
            if (map[HEADERS[h].col] < 0 && header_is(cells[i].p, cells[i].n, HEADERS[h].header))
                map[HEADERS[h].col] = (int)i;
    return map[C_UID] >= 0 && map[C_NAME] >= 0 && map[C_TYPE] >= 0 && map[C_REGIME] >= 0;
}

/* A UK list date to ISO 8601 in out[11]: "15-03-2022", "15/03/2022",
 * "15.03.2022", "15-Mar-2022" (day first, as the FCDO writes them) or
 * "2022-03-15", the last optionally followed by a time ("T00:00:00", as an
 * ODS date cell holds it). Returns 0, or -1 if it is not a valid date. */
static int uk_date(const char *s, size_t n, char out[11]) {
    emb__trim(&s, &n);
    size_t i = 0;
    int y, m, d;
    if (n >= 10 && s[4] == '-') {
        y = emb__read_digits(s, n, &i, 4, 4);
        if (y < 0 || i >= n || s[i++] != '-') return -1;
        m = emb__read_digits(s, n, &i, 2, 2);
        if (m < 0 || i >= n || s[i++] != '-') return -1;
        d = emb__read_digits(s, n, &i, 2, 2);
        if (d < 0 || (i < n && s[i] != 'T' && s[i] != ' ')) return -1;
    } else {
        d = emb__read_digits(s, n, &i, 1, 2);
        if (d < 0 || i >= n) return -1;
        char sep = s[i++];
        if (sep != '-' && sep != '/' && sep != '.') return -1;
        if (i + 3 <= n && ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')) {
            m = emb__month_name(s + i, 3);
            if (!m) return -1;
            i += 3;
        } else {
            m = emb__read_digits(s, n, &i, 1, 2);
            if (m < 0) return -1;
        }
        if (i >= n || s[i++] != sep) return -1;
        y = emb__read_digits(s, n, &i, 4, 4);
        if (y < 0 || i != n) return -1;
    }
    if (!emb__valid_ymd(y, m, d)) return -1;
    emb__iso_date_put(out, y, m, d);
    return 0;
}


/* One data row (`line` is the CSV line or sheet row). */
static embargo_status uk_row(uk_ctx *u, unsigned long line, const uk_cell *cells, size_t n) {
    emb_load *ld = u->ld;
    uk_cell c[C__COUNT];
    int any = 0;
    for (int k = 0; k < C__COUNT; k++) {
        c[k].p = "";
        c[k].n = 0;
        c[k].col = u->map[k] >= 0 ? (unsigned long)u->map[k] + 1 : 0;
        if (u->map[k] >= 0 && (size_t)u->map[k] < n) {
            c[k] = cells[u->map[k]];
            emb__trim(&c[k].p, &c[k].n);
            any |= c[k].n > 0;
        }
    }
    if (!any) return EMBARGO_OK;  /* a blank row */
    ld->rows++;

    const uk_cell *id = &c[C_UID];
    if (id->n == 0) return emb__load_fail(ld, line, id->col, "%sUnique ID is empty", u->where);
    if (id->n > 64) return emb__load_fail(ld, line, id->col, "%sUnique ID is too long", u->where);
    for (size_t i = 0; i < id->n; i++) {
        char ch = id->p[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              ch == '-' || ch == '_' || ch == '.' || ch == '/'))
            return emb__load_fail(ld, line, id->col, "%sUnique ID '%.*s' is not an identifier",
                                  u->where, (int)id->n, id->p);
    }

    const uk_cell *ty = &c[C_TYPE];
    embargo_entity_type type;
    if (header_is(ty->p, ty->n, "individual")) type = EMBARGO_TYPE_PERSON;
    else if (header_is(ty->p, ty->n, "entity")) type = EMBARGO_TYPE_ORGANIZATION;
    else if (header_is(ty->p, ty->n, "ship") || header_is(ty->p, ty->n, "vessel")) type = EMBARGO_TYPE_VESSEL;
    else
        return emb__load_fail(ld, line, ty->col, "%sunknown Type '%.*s' (Individual, Entity or Ship)",
                              u->where, (int)(ty->n > 40 ? 40 : ty->n), ty->p);

    char date[11] = "";
    if (c[C_DATE].n && uk_date(c[C_DATE].p, c[C_DATE].n, date) != 0)
        return emb__load_fail(ld, line, c[C_DATE].col, "%sDate Designated '%.*s' is not a date",
                              u->where, (int)(c[C_DATE].n > 40 ? 40 : c[C_DATE].n), c[C_DATE].p);

    emb_entity *e = emb__load_find(ld, id->p, id->n);
    if (!e && c[C_NAME].n == 0 && c[C_NONLATIN].n == 0) {
        ld->nameless_rows++;  /* nothing to screen; see the file comment */
        return EMBARGO_OK;
    }
    int is_new = !e;
    if (!e) {
        int dup = 0;
        e = emb__load_entity(ld, id->p, id->n, type, &dup);
        if (!e) return EMBARGO_ENOMEM;
    } else if (e->type != (uint8_t)type) {
        return emb__load_fail(ld, line, ty->col, "%sType '%.*s' differs from an earlier row of %.*s",
                              u->where, (int)(ty->n > 40 ? 40 : ty->n), ty->p, (int)id->n, id->p);
    }

    embargo_status st = EMBARGO_OK;
    if (c[C_NAME].n) {
        int has_primary = e->name_count && e->names[0].kind == EMBARGO_NAME_PRIMARY;
        embargo_name_kind kind = has_primary ? EMBARGO_NAME_AKA : EMBARGO_NAME_PRIMARY;
        if (c[C_NAME_TYPE].n && emb__contains_ci(c[C_NAME_TYPE].p, c[C_NAME_TYPE].n, "alias"))
            kind = EMBARGO_NAME_AKA;
        st = emb__entity_add_name(ld, e, kind, 0, c[C_NAME].p, c[C_NAME].n);
    }
    if (!st && c[C_NONLATIN].n)
        st = emb__entity_add_name(ld, e, EMBARGO_NAME_AKA, 0, c[C_NONLATIN].p, c[C_NONLATIN].n);
    if (!st && is_new) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_REFERENCE, id->p, id->n);
    if (!st) st = emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REFERENCE, "OFSI Group ID ", c[C_GROUP].p, c[C_GROUP].n);
    if (!st) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_PROGRAM, c[C_REGIME].p, c[C_REGIME].n);
    if (!st && date[0]) st = emb__entity_add_field_once(ld, e, EMBARGO_FIELD_LISTED_ON, date, 10);
    if (!st) st = emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REMARK, "Designation source: ", c[C_SOURCE].p, c[C_SOURCE].n);
    if (!st) st = emb__entity_add_labelled(ld, e, EMBARGO_FIELD_REMARK, "Sanctions imposed: ", c[C_SANCTIONS].p, c[C_SANCTIONS].n);
    return st == EMBARGO_EINVAL ? emb__load_fail(ld, line, 1, "%svalue too long", u->where) : st;
}

/* ---- the CSV form ----------------------------------------------------------- */

#define CSV_MAX_FIELDS UK_MAX_COLS

/* Reads the first record(s) of `data`: an optional "Report Date: ..." line
 * (its date goes to `date`, "" if unreadable) and the header. Returns 1 if
 * the header is a UK list header, with `map` set. */
static int csv_header(emb_csv *c, int map[C__COUNT], char date[11], size_t *width) {
    emb_csv_field f[CSV_MAX_FIELDS];
    uk_cell cells[CSV_MAX_FIELDS];
    size_t nf;
    date[0] = '\0';
    for (int rec = 0; rec < 2; rec++) {
        if (emb__csv_next(c, f, CSV_MAX_FIELDS, &nf) != EMBARGO_OK || nf == 0) return 0;
        size_t keep = nf < CSV_MAX_FIELDS ? nf : CSV_MAX_FIELDS;
        const char *p = f[0].ptr;
        size_t n = f[0].len;
        emb__trim(&p, &n);
        if (rec == 0 && n >= 11 && header_is(p, 11, "report date")) {
            p += 11;
            n -= 11;
            while (n && (*p == ':' || emb__is_space((unsigned char)*p))) { p++; n--; }
            if (uk_date(p, n, date) != 0) date[0] = '\0';
            continue;
        }
        for (size_t i = 0; i < keep; i++) cells[i] = (uk_cell){ f[i].ptr, f[i].len, f[i].column };
        *width = nf;
        return map_header(map, cells, keep);
    }
    return 0;
}

static embargo_status csv_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    char *data;
    size_t len;
    embargo_status st = emb__read_file(path, &data, &len, err);
    if (st != EMBARGO_OK) return st;
    emb_csv c;
    emb__csv_init(&c, data, len);
    uk_ctx u;
    memset(&u, 0, sizeof(u));
    u.where = "";
    char date[11];
    size_t width = 0;
    int ok = csv_header(&c, u.map, date, &width);
    char fdate[64];
    if (!date[0]) emb__folder_date(path, fdate, sizeof(fdate));
    emb_load ld;
    st = emb__load_begin(&ld, ds, UK_LIST, path, date[0] ? date : fdate, err);
    u.ld = &ld;
    if (st == EMBARGO_OK && !ok) {
        if (c.err_msg[0]) st = emb__load_fail(&ld, c.err_line, c.err_column, "%s", c.err_msg);
        else st = emb__load_fail(&ld, c.record_line ? c.record_line : 1, 1,
                                 "not a UK sanctions list header (Unique ID, Name, Type, Regime Name)");
    }
    emb_csv_field f[CSV_MAX_FIELDS];
    uk_cell cells[CSV_MAX_FIELDS];
    while (st == EMBARGO_OK) {
        size_t nf;
        st = emb__csv_next_row(&c, &ld, f, CSV_MAX_FIELDS, 0, &nf);
        if (st != EMBARGO_OK || nf == 0) break;
        size_t keep = nf < CSV_MAX_FIELDS ? nf : CSV_MAX_FIELDS;
        for (size_t i = 0; i < keep; i++) cells[i] = (uk_cell){ f[i].ptr, f[i].len, f[i].column };
        /* every record has the header's width: a mis-split row is refused */
        int blank = nf == 1 && f[0].len == 0;
        if (!blank && nf != width) {
            ld.rows++;
            st = emb__load_fail(&ld, c.record_line, 1, "expected %zu fields, found %zu", width, nf);
        }
        if (st == EMBARGO_OK && !blank) st = uk_row(&u, c.record_line, cells, keep);
    }
    st = emb__load_end(&ld, st);
    emb__csv_free(&c);
    emb__free(data);
    return st;
}

/* ---- the ODS form ------------------------------------------------------------ */

typedef struct ods_io {
    zip_file_t *zf;
    uint64_t total;
    int too_big;
    int zip_failed;
    char zip_msg[128];
    /* the first XML error */
    int xml_failed;
    int xml_code;
    unsigned long xml_line, xml_col;
    char xml_msg[160];
} ods_io;

static int ods_read(void *ctx, char *buf, int len) {
    ods_io *io = ctx;
    if (len <= 0) return 0;
    zip_int64_t got = zip_fread(io->zf, buf, (zip_uint64_t)len);
    if (got < 0) {
        io->zip_failed = 1;
        snprintf(io->zip_msg, sizeof(io->zip_msg), "%s", zip_file_strerror(io->zf));
        return -1;
    }
    io->total += (uint64_t)got;
    if (io->total > UK_ODS_MAX) {
        io->too_big = 1;
        return -1;
    }
    return (int)got;
}

#if LIBXML_VERSION >= 21200
static void ods_xml_error(void *ctx, const xmlError *e) {
#else
static void ods_xml_error(void *ctx, xmlErrorPtr e) {
#endif
    ods_io *io = ctx;
    if (!e || io->xml_failed || e->level < XML_ERR_ERROR) return;
    io->xml_failed = 1;
    io->xml_code = e->code;
    io->xml_line = e->line > 0 ? (unsigned long)e->line : 0;
    io->xml_col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
    const char *m = e->message ? e->message : "XML error";
    size_t n = strlen(m);
    while (n && emb__is_space((unsigned char)m[n - 1])) n--;
    snprintf(io->xml_msg, sizeof(io->xml_msg), "%.*s", (int)n, m);
}

typedef struct ods_state {
    uk_ctx u;
    xmlTextReaderPtr r;
    int tables_with_header;
    /* the sheet being read */
    int in_table, table_depth;
    int table_mode;             /* 0: before the header, 1: the list, 2: another table */
    int rows_before_header;
    uint64_t row;               /* sheet rows before the current one */
    /* the row being read */
    int in_row, row_depth;
    uint64_t row_rep;
    uint64_t col;               /* cells of the row before the current one */
    emb_buf text;               /* text of the row's cells */
    size_t off[UK_MAX_COLS], len[UK_MAX_COLS];
    /* the cell being read */
    int in_cell, cell_depth;
    uint64_t cell_rep;
    size_t cell_start;
    int par_open, par_emitted, need_space;
} ods_state;

static int is_el(xmlTextReaderPtr r, const char *ns, const char *local) {
    const xmlChar *u = xmlTextReaderConstNamespaceUri(r), *l = xmlTextReaderConstLocalName(r);
    return u && l && strcmp((const char *)u, ns) == 0 && strcmp((const char *)l, local) == 0;
}

/* A non-negative count attribute (repeats, spaces): 1 if absent or bad,
 * at most `max`. */
static uint64_t count_attr(xmlTextReaderPtr r, const char *name, const char *ns, uint64_t max) {
    xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)ns);
    if (!v) return 1;
    uint64_t n = 0;
    const xmlChar *p = v;
    while (*p == ' ') p++;
    int any = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        any = 1;
        n = n * 10 + (uint64_t)(*p - '0');
        if (n > max) { n = max; break; }
    }
    xmlFree(v);
    return any && n ? n : 1;
}

static int text_put(ods_state *s, const char *p, size_t n) {
    emb__buf_append(&s->text, p, n);
    return s->text.oom ? -1 : 0;
}

/* Appends literal cell text with ODF white-space collapsing. */
static int cell_text(ods_state *s, const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (emb__is_space((unsigned char)p[i])) {
            if (s->par_emitted) s->need_space = 1;
            continue;
        }
        size_t j = i;
        while (j < n && !emb__is_space((unsigned char)p[j])) j++;
        if (s->need_space && s->text.len > s->cell_start && text_put(s, " ", 1)) return -1;
        s->need_space = 0;
        if (text_put(s, p + i, j - i)) return -1;
        s->par_emitted = 1;
        i = j - 1;
    }
    return 0;
}

static void cell_end(ods_state *s) {
    size_t n = s->text.len - s->cell_start;
    for (uint64_t c = s->col; c < s->col + s->cell_rep && c < UK_MAX_COLS; c++) {
        s->off[c] = s->cell_start;
        s->len[c] = n;
    }
    s->col += s->cell_rep;
    s->in_cell = 0;
}

static embargo_status row_end(ods_state *s) {
    uint64_t rowno = s->row + 1;
    s->row += s->row_rep;
    s->in_row = 0;
    if (s->table_mode == 2) return EMBARGO_OK;
    uk_cell cells[UK_MAX_COLS];
    size_t n = s->col < UK_MAX_COLS ? (size_t)s->col : UK_MAX_COLS;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        cells[i].p = s->len[i] ? (const char *)s->text.data + s->off[i] : "";
        cells[i].n = s->len[i];
        cells[i].col = (unsigned long)i + 1;
        any |= s->len[i] > 0;
    }
    if (!any) return EMBARGO_OK;
    if (s->table_mode == 0) {
        /* the header is the first non-blank row, or follows a few title rows */
        if (map_header(s->u.map, cells, n)) {
            s->table_mode = 1;
            s->tables_with_header++;
        } else if (++s->rows_before_header >= 10) {
            s->table_mode = 2;  /* some other table */
        }
        return EMBARGO_OK;
    }
    unsigned long line = rowno > ULONG_MAX ? ULONG_MAX : (unsigned long)rowno;
    size_t before = s->u.ld->rows;
    embargo_status st = uk_row(&s->u, line, cells, n);
    /* equal rows written once with a repeat count: the repeats add nothing
     * (same Unique ID, same values) but are rows of the file */
    if (st == EMBARGO_OK && s->u.ld->rows > before && s->row_rep > 1)
        s->u.ld->rows += (size_t)(s->row_rep - 1 > SIZE_MAX / 2 ? SIZE_MAX / 2 : s->row_rep - 1);
    return st;
}

/* Handles the node the reader is on. Sets *skip to step over its subtree. */
static embargo_status ods_node(ods_state *s, int *skip) {
    xmlTextReaderPtr r = s->r;
    int type = xmlTextReaderNodeType(r);
    int depth = xmlTextReaderDepth(r);
    *skip = 0;
    if (type == XML_READER_TYPE_ELEMENT) {
        int empty = xmlTextReaderIsEmptyElement(r);
        if (s->in_cell) {
            const xmlChar *u = xmlTextReaderConstNamespaceUri(r);
            if (!u || strcmp((const char *)u, NS_TEXT) != 0 || is_el(r, NS_TEXT, "note")) {
                *skip = 1;  /* annotations, frames, nested tables, notes */
                return EMBARGO_OK;
            }
            if (is_el(r, NS_TEXT, "p") || is_el(r, NS_TEXT, "h")) {
                if (s->text.len > s->cell_start) s->need_space = 1;
                s->par_emitted = 0;
                if (!empty) s->par_open++;
            } else if (is_el(r, NS_TEXT, "s") || is_el(r, NS_TEXT, "tab")) {
                uint64_t k = is_el(r, NS_TEXT, "s") ? count_attr(r, "c", NS_TEXT, 1024) : 1;
                if (s->need_space && s->text.len > s->cell_start && text_put(s, " ", 1)) return EMBARGO_ENOMEM;
                s->need_space = 0;
                for (uint64_t i = 0; i < k; i++)
                    if (text_put(s, " ", 1)) return EMBARGO_ENOMEM;
                s->par_emitted = 1;
            } else if (is_el(r, NS_TEXT, "line-break")) {
                if (s->par_emitted) s->need_space = 1;
            }
            return EMBARGO_OK;
        }
        if (is_el(r, NS_TABLE, "table")) {
            if (s->in_table) { *skip = 1; return EMBARGO_OK; }
            if (empty) return EMBARGO_OK;
            s->in_table = 1;
            s->table_depth = depth;
            s->table_mode = 0;
            s->rows_before_header = 0;
            s->row = 0;
            xmlChar *name = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"name", (const xmlChar *)NS_TABLE);
            snprintf(s->u.where_buf, sizeof(s->u.where_buf), "sheet '%.60s': ", name ? (const char *)name : "");
            if (name) xmlFree(name);
            s->u.where = s->u.where_buf;
            return EMBARGO_OK;
        }
        if (!s->in_table) return EMBARGO_OK;
        if (is_el(r, NS_TABLE, "table-row") && !s->in_row) {
            s->row_rep = count_attr(r, "number-rows-repeated", NS_TABLE, (uint64_t)1 << 32);
            s->in_row = 1;
            s->row_depth = depth;
            s->col = 0;
            s->text.len = 0;
            memset(s->len, 0, sizeof(s->len));
            if (empty) return row_end(s);
            return EMBARGO_OK;
        }
        if ((is_el(r, NS_TABLE, "table-cell") || is_el(r, NS_TABLE, "covered-table-cell")) && s->in_row) {
            s->cell_rep = count_attr(r, "number-columns-repeated", NS_TABLE, (uint64_t)1 << 32);
            s->cell_start = s->text.len;
            s->need_space = s->par_emitted = s->par_open = 0;
            if (s->col >= UK_MAX_COLS || s->table_mode == 2) {
                s->col += s->cell_rep;
                *skip = !empty;
                return EMBARGO_OK;
            }
            xmlChar *vt = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"value-type", (const xmlChar *)NS_OFFICE);
            int is_date = vt && strcmp((const char *)vt, "date") == 0;
            if (vt) xmlFree(vt);
            xmlChar *dv = is_date ? xmlTextReaderGetAttributeNs(r, (const xmlChar *)"date-value",
                                                                (const xmlChar *)NS_OFFICE) : NULL;
            if (dv) {
                size_t n = strlen((const char *)dv);
                int bad = text_put(s, (const char *)dv, n > 32 ? 32 : n);
                xmlFree(dv);
                if (bad) return EMBARGO_ENOMEM;
                cell_end(s);
                *skip = !empty;
                return EMBARGO_OK;
            }
            if (empty) { cell_end(s); return EMBARGO_OK; }
            s->in_cell = 1;
            s->cell_depth = depth;
            return EMBARGO_OK;
        }
        return EMBARGO_OK;
    }
    if (type == XML_READER_TYPE_END_ELEMENT) {
        if (s->in_cell) {
            if (depth == s->cell_depth) cell_end(s);
            else if (s->par_open && (is_el(r, NS_TEXT, "p") || is_el(r, NS_TEXT, "h"))) s->par_open--;
            return EMBARGO_OK;
        }
        if (s->in_row && depth == s->row_depth) return row_end(s);
        if (s->in_table && depth == s->table_depth) {
            s->in_table = 0;
            s->u.where = "";
        }
        return EMBARGO_OK;
    }
    if (s->in_cell && s->par_open &&
        (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
        const xmlChar *v = xmlTextReaderConstValue(r);
        if (v && cell_text(s, (const char *)v, strlen((const char *)v))) return EMBARGO_ENOMEM;
    }
    return EMBARGO_OK;
}

static embargo_status ods_parse(emb_load *ld, ods_io *io) {
    ods_state s;
    memset(&s, 0, sizeof(s));
    s.u.ld = ld;
    s.u.where = "";
    emb__buf_init(&s.text);
    s.r = xmlReaderForIO(ods_read, NULL, io, "content.xml", NULL, XML_PARSE_NONET);
    if (!s.r) {
        /* the reader reads the first bytes at once: a failure may be theirs */
        if (io->too_big || io->zip_failed)
            return emb__load_fail(ld, 0, 0, "content.xml: %s", io->zip_failed ? io->zip_msg : "too large");
        return EMBARGO_ENOMEM;
    }
    xmlTextReaderSetStructuredErrorHandler(s.r, ods_xml_error, io);
    embargo_status st = EMBARGO_OK;
    int ret = xmlTextReaderRead(s.r);
    while (ret == 1) {
        int skip;
        st = ods_node(&s, &skip);
        if (st != EMBARGO_OK) break;
        if (s.text.len > UK_ROW_TEXT_MAX) {
            st = emb__load_fail(ld, (unsigned long)(s.row + 1), 1, "%srow text longer than %zu bytes",
                                s.u.where, UK_ROW_TEXT_MAX);
            break;
        }
        ret = skip ? xmlTextReaderNext(s.r) : xmlTextReaderRead(s.r);
    }
    if (st == EMBARGO_OK && ret != 0) {
        if (io->too_big)
            st = emb__load_fail(ld, 0, 0, "content.xml is larger than %llu MB: refused",
                                (unsigned long long)(UK_ODS_MAX >> 20));
        else if (io->zip_failed)
            st = emb__load_fail(ld, 0, 0, "content.xml: %s", io->zip_msg);
        else if (io->xml_failed && io->xml_code == XML_ERR_NO_MEMORY)
            st = EMBARGO_ENOMEM;
        else if (io->xml_failed)
            st = emb__load_fail(ld, io->xml_line, io->xml_col, "content.xml line %lu: %s",
                                io->xml_line, io->xml_msg);
        else
            st = emb__load_fail(ld, 0, 0, "content.xml: XML error");
    }
    if (st == EMBARGO_OK && s.tables_with_header == 0)
        st = emb__load_fail(ld, 0, 0, "no sheet with the UK sanctions list header "
                                      "(Unique ID, Name, Type, Regime Name)");
    xmlFreeTextReader(s.r);
    emb__buf_free(&s.text);
    return st;
}

static embargo_status ods_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    char date[64];
    emb__folder_date(path, date, sizeof(date));
    emb_load ld;
    embargo_status st = emb__load_begin(&ld, ds, UK_LIST, path, date, err);
    if (st != EMBARGO_OK) {
        emb__load_abort(&ld);
        return st;
    }
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        st = zerr == ZIP_ER_MEMORY ? EMBARGO_ENOMEM
             : zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ? EMBARGO_EIO : EMBARGO_EFORMAT;
        emb__error_set(err, st, path, 0, 0, "not a readable ODS (zip) file: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        emb__load_abort(&ld);
        return st;
    }
    zip_stat_t zs;
    zip_stat_init(&zs);
    ods_io io;
    memset(&io, 0, sizeof(io));
    if (zip_stat(za, "content.xml", 0, &zs) != 0) {
        st = emb__load_fail(&ld, 0, 0, "the ODS file has no content.xml");
    } else if ((zs.valid & ZIP_STAT_SIZE) && zs.size > UK_ODS_MAX) {
        st = emb__load_fail(&ld, 0, 0, "content.xml is larger than %llu MB: refused",
                            (unsigned long long)(UK_ODS_MAX >> 20));
    } else if (!(io.zf = zip_fopen(za, "content.xml", 0))) {
        st = emb__load_fail(&ld, 0, 0, "content.xml cannot be read: %s", zip_strerror(za));
    } else {
        /* libxml2 must not print: silence its per-thread fallback handlers */
        emb_xml_quiet q;
        emb__xml_quiet_begin(&q);
        st = ods_parse(&ld, &io);
        emb__xml_quiet_end(&q);
        zip_fclose(io.zf);
    }
    zip_discard(za);
    return emb__load_end(&ld, st);
}

/* ---- sniffing ---------------------------------------------------------------- */

/* Reads up to cap bytes of a zip member; returns the count or -1. */
static zip_int64_t zip_read_head(zip_t *za, const char *name, char *buf, size_t cap) {
    zip_file_t *f = zip_fopen(za, name, 0);
    if (!f) return -1;
    size_t n = 0;
    while (n < cap) {
        zip_int64_t got = zip_fread(f, buf + n, cap - n);
        if (got <= 0) break;
        n += (size_t)got;
    }
    zip_fclose(f);
    return (zip_int64_t)n;
}

/* Whether the first megabyte of content.xml has the UK list's column
 * headers. Reads in chunks through a small buffer: no allocation. */
static int content_has_header(zip_t *za) {
    static const char *const NEEDLES[] = { ">Unique ID<", ">Regime Name<", ">Name<", ">Type<" };
    enum { NNEEDLES = sizeof(NEEDLES) / sizeof(NEEDLES[0]), KEEP = 16, CHUNK = 8192 };
    zip_file_t *f = zip_fopen(za, "content.xml", 0);
    if (!f) return 0;
    char buf[KEEP + CHUNK];
    size_t have = 0, total = 0;
    int found[NNEEDLES] = { 0 }, nfound = 0;
    while (total < ((size_t)1 << 20) && nfound < NNEEDLES) {
        zip_int64_t got = zip_fread(f, buf + have, CHUNK);
        if (got <= 0) break;
        have += (size_t)got;
        total += (size_t)got;
        for (int k = 0; k < NNEEDLES; k++)
            if (!found[k] && emb__contains(buf, have, NEEDLES[k])) { found[k] = 1; nfound++; }
        size_t keep = have < KEEP ? have : KEEP;  /* a needle across chunks */
        memmove(buf, buf + have - keep, keep);
        have = keep;
    }
    zip_fclose(f);
    return nfound == NNEEDLES;
}

/* An ODS spreadsheet (its mimetype member says so; spec-conformant files
 * also show it at byte 30, but the FCDO's does not put it first) whose
 * content.xml, within its first megabyte, has the UK list's column
 * headers. */
static int sniff_ods(const char *path) {
    zip_t *za = zip_open(path, ZIP_RDONLY, NULL);
    if (!za) return 0;
    int score = 0;
    char mime[128];
    zip_int64_t n = zip_read_head(za, "mimetype", mime, sizeof(mime) - 1);
    if (n > 0) {
        size_t m = (size_t)n;
        const char *p = mime;
        emb__trim(&p, &m);
        if (m == strlen(ODS_MIME) && memcmp(p, ODS_MIME, m) == 0 && content_has_header(za)) score = 100;
    }
    zip_discard(za);
    return score;
}

static int uk_sniff(const char *path, const unsigned char *head, size_t n) {
    if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) return path ? sniff_ods(path) : 0;
    emb_csv c;
    emb__csv_init_head(&c, (const char *)head, n);
    int map[C__COUNT];
    char date[11];
    size_t width;
    int ok = csv_header(&c, map, date, &width);
    emb__csv_free(&c);
    return ok ? 100 : 0;
}

static embargo_status uk_load(embargo_dataset *ds, const char *path, embargo_error *err) {
    unsigned char head[4];
    size_t n;
    embargo_status st = emb__read_head(path, head, sizeof(head), &n, err);
    if (st != EMBARGO_OK) return st;
    if (n == 4 && memcmp(head, "PK\x03\x04", 4) == 0) return ods_load(ds, path, err);
    return csv_load(ds, path, err);
}

const emb_loader emb__uk_loader = { "uk-ods", uk_sniff, uk_load, NULL };

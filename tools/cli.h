/*
 * cli.h - shared pieces of the embargo command-line program.
 *
 * The program uses the public API (embargo.h) only. The declarations are
 * grouped by the file that defines them: args.c (the command line), data.c
 * (opening the data), output.c (JSON and text) and the commands, cmd_*.c.
 */
#ifndef EMBARGO_CLI_H
#define EMBARGO_CLI_H

#include "embargo.h"

#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/* Exit statuses, as grep: something found, nothing found, trouble. */
enum { EXIT_FOUND = 0, EXIT_NONE = 1, EXIT_TROUBLE = 2 };

/* Room for the members of one group across lists (embargo_index_group);
 * more than the library ever makes. */
enum { CLI_GROUP_MAX = 64 };

/* ---- args.c: the command line ------------------------------------------------ */

/* Whether argument a asks for help: --help or -h. */
int cli_is_help(const char *a);

/* Whether argument a is an option: "--" and a word (a lone "--" is not). */
int cli_is_option(const char *a);

/* Prints a command's usage text: for --help on stdout (returns 0), else on
 * stderr (returns EXIT_TROUBLE). */
int cli_usage(const char *usage, int help);

/* Prints "embargo: MESSAGE" and the usage text on stderr; returns
 * EXIT_TROUBLE. */
int cli_usage_error(const char *usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Whether argv[i], a, is one of the options in `valued` (NULL-terminated)
 * and no value follows it; then prints "embargo: A needs a value". */
int cli_needs_value(const char *a, int i, int argc, const char *const *valued);

/* Options shared by the commands that need list data. */
typedef struct cli_data {
    const char *index_path;      /* --index */
    const char *lists[32];       /* --list, repeatable */
    int nlists;
    const char *data_dir;        /* --data-dir: DIR/embargo.idx, as update publishes it */
} cli_data;

/* Parses --index/--list/--data-dir at argv[*i] (consuming the value). Returns 1 if
 * the argument was one of them, 0 if not, -1 on a usage error. */
int cli_data_option(cli_data *d, int argc, char **argv, int *i);

/* Parses a number option value in [lo, hi]; prints an error and returns -1
 * when it is not one. */
int cli_number(const char *opt, const char *s, double lo, double hi, double *out);

/* Reads the next line of f into *line (grown as by getline) and cuts its
 * line end (every trailing CR and LF); returns its length, or -1 at the end
 * of input or on a read error (see ferror). */
ssize_t cli_getline(char **line, size_t *cap, FILE *f);

/* ---- data.c: opening the data -------------------------------------------------- */

/* Prints a library error record on stderr: "embargo: FILE:LINE:COLUMN:
 * MESSAGE", without the parts it lacks; the status's text when it has no
 * message. */
void cli_print_error(const embargo_error *err, embargo_status st);

/* Opens the index named by d, builds one in memory from d's lists, or falls
 * back to the bundled data, and remembers which (cli_data_source). In
 * order: --list, --index, --data-dir, $EMBARGO_INDEX, $EMBARGO_DATA_DIR,
 * the bundled data. Prints errors; returns NULL on failure. */
embargo_index *cli_data_open(const cli_data *d);

/* Where cli_data_open finds the data, without opening it (for a server
 * that reopens it on reload): --list, --index, --data-dir,
 * $EMBARGO_INDEX, $EMBARGO_DATA_DIR, then the bundled data. Sets
 * *index_path, or *lists and *nlists (static storage, valid until the next
 * call); prints why and returns -1 when there is none. */
int cli_data_resolve(const cli_data *d, const char **index_path, const char *const **lists, int *nlists);

/* The folder of the bundled data (the executable's folder or one of the two
 * above it that holds data/lists), with a trailing slash, into out (cap
 * bytes). Returns 0, or -1 if there is none. */
int cli_find_root(char *out, size_t cap);

/* Builds an in-memory index from list paths (progress on a terminal). */
embargo_index *cli_build(const char *const *paths, int n, int quiet);

/* cli_data_open, and the index's list mask for a --lists selection
 * ("ofac-sdn,uk", "US,EU"; NULL: all lists) in *mask. Prints errors (a word
 * that is neither a list nor a jurisdiction); returns NULL on failure. */
embargo_index *cli_data_open_selected(const cli_data *d, const char *sel, uint64_t *mask);

/* What the last cli_data_open opened: "bundled data", "index FILE", "lists
 * read from PATH". */
const char *cli_data_source(void);

/* Room for a screened_against reference. */
enum { CLI_REF_SIZE = EMBARGO_REFERENCE_SIZE };

/* The content hash (SHA-256, hex) of a list as the index records it, or ""
 * if the index does not know it. */
const char *cli_list_sha256(const embargo_list_info *li);

/* The reference to the list versions an index holds, for audit: 32 hex
 * digits of XXH3-128 over each list's name, date, content hash and entity
 * count. The same lists give the same reference; `info --json` and
 * `screen --meta` say which lists it stands for. */
void cli_screened_against(const embargo_index *ix, char ref[CLI_REF_SIZE]);

/* The list versions as the JSON members ,"screened_against":REF,"lists":[
 * {"name","jurisdiction","date","sha256","entities","source"}...]. */
void json_list_versions(FILE *f, const embargo_index *ix);

/* The list versions as one line for people: "screened against 5 lists (ref
 * REF): bis-dpl 2019-06-12 sha256:...; ...". */
void text_list_versions(FILE *f, const embargo_index *ix);

/* Prints on stderr which data is used and how new it is ("screening
 * against 5 lists, newest dated 2026-02-27 (bundled data)"), and a warning
 * when the newest list is more than max_age days old (0: no warning) or
 * none is dated. Returns 1 if it warned. */
int cli_data_report(const embargo_index *ix, double max_age);

/* ---- output.c: JSON and text ---------------------------------------------------- */

/* Whether to use colour and progress: stdout/stderr are terminals. */
int cli_stdout_tty(void);
int cli_stderr_tty(void);

/* A writer that gathers output in a buffer of its own and hands it to its
 * stream in large writes. The JSON of a match went out in some sixty stdio
 * calls and printf formats (9% of `screen --batch --json`); written here,
 * with the numbers formatted by out_fixed, it costs a fraction of that.
 * Flush before anything else writes to the same stream. */
enum { CLI_OUT_CAP = 4096 };
typedef struct cli_out {
    FILE *f;
    size_t len;
    char b[CLI_OUT_CAP];
} cli_out;

void out_init(cli_out *o, FILE *f);
/* Writes what is gathered to the stream. */
void out_flush(cli_out *o);
/* out_mem when s does not fit in the room left. */
void out_mem_flush(cli_out *o, const char *s, size_t n);
/* Inline, so that the common case is a copy, and a literal's length known
 * to the compiler. */
static inline void out_mem(cli_out *o, const char *s, size_t n) {
    if (n > CLI_OUT_CAP - o->len) {
        out_mem_flush(o, s, n);
        return;
    }
    memcpy(o->b + o->len, s, n);
    o->len += n;
}
static inline void out_str(cli_out *o, const char *s) { out_mem(o, s, strlen(s)); }
static inline void out_char(cli_out *o, char c) {
    if (o->len == CLI_OUT_CAP) out_flush(o);
    o->b[o->len++] = c;
}
/* x as printf's "%.Nf" writes it, for N = decimals from 0 to 3 (the same
 * digits: the exact binary value rounded, a tie to even). */
void out_fixed(cli_out *o, double x, int decimals);
/* v in decimal, as "%llu". */
void out_uint(cli_out *o, unsigned long long v);

/* The JSON writers below, into a cli_out: jo_str is json_str, and so on. */
void jo_str(cli_out *o, const char *s, size_t len);
void jo_member(cli_out *o, const char *key, const char *s, size_t len);
void jo_entity_open(cli_out *o, const embargo_entity *e);
void jo_match(cli_out *o, const embargo_index *ix, const embargo_match *m, const char *extra);
void jo_fields(cli_out *o, const embargo_index *ix, const embargo_entity *e, embargo_field_kind kind,
               const char *key, int always);
void jo_listed_by(cli_out *o, const embargo_index *ix, const embargo_entity *e);
void jo_dataset_jurisdictions(cli_out *o, const embargo_index *ix, const embargo_entity *e);
void jo_explanation(cli_out *o, const embargo_explanation *e, const char *extra);

/* Writes s as a JSON string literal (with quotes); invalid UTF-8 becomes
 * U+FFFD. */
void json_str(FILE *f, const char *s, size_t len);

/* Writes s for a terminal or a text file: control characters (C0, DEL,
 * C1), bidirectional overrides and bytes that are not UTF-8 become visible
 * escapes (\x1b, \u202e), so list data cannot drive the terminal. */
void text_str(FILE *f, const char *s, size_t len);

/* text_str, then spaces up to `width` characters (a table column). */
void text_pad(FILE *f, const char *s, size_t len, int width);

/* Writes the member ,"key":s with s as a JSON string, or ,"key":null if s
 * is NULL. */
void json_member(FILE *f, const char *key, const char *s, size_t len);

/* Opens the JSON object of entity e with its id, list, jurisdiction and
 * primary name: {"id":..,"list":..,"jurisdiction":..,"name":.. ; the caller
 * adds its members and the closing brace. */
void json_entity_open(FILE *f, const embargo_entity *e);

/* An entity as a table row for people, without the line's end:
 * "  0.936  ofac-sdn:24231     person       KOSACHEV, Konstantin Iosifovich". */
void text_entity(FILE *f, double score, const embargo_entity *e);

/* Writes one match as a JSON object; `extra` (may be NULL) is added to the
 * explanation's note ("document number agrees"). */
void json_match(FILE *f, const embargo_index *ix, const embargo_match *m, const char *extra);

/* The fields of a kind of entity e as the JSON member ,"key":["A","B"];
 * when it has none, ,"key":[] if `always`, else nothing. */
void json_fields(FILE *f, const embargo_index *ix, const embargo_entity *e, embargo_field_kind kind,
                 const char *key, int always);

/* An entity's programs for people: "  [A, B]", nothing if none. */
void text_programs(FILE *f, const embargo_index *ix, const embargo_entity *e);

/* Who lists an entity: its group across lists (embargo_index_group), the
 * entity's own entry first. As one line, "listed by US ofac-sdn:24231; UK
 * uk:RUS0879 since 2022-03-15", or as the JSON member ,"listed_by":[...]
 * with each entry's list, jurisdiction, id, since and the evidence that
 * grouped it. */
void text_listed_by(FILE *f, const embargo_index *ix, const embargo_entity *e, const char *indent);
void json_listed_by(FILE *f, const embargo_index *ix, const embargo_entity *e);

/* The jurisdictions an aggregated record's source datasets belong to
 * (embargo_dataset_jurisdiction): " (from the lists of US, UK, EU)" or the
 * JSON member ,"dataset_jurisdictions":["US","UK","EU"]; nothing if none. */
void text_dataset_jurisdictions(FILE *f, const embargo_index *ix, const embargo_entity *e);
void json_dataset_jurisdictions(FILE *f, const embargo_index *ix, const embargo_entity *e);

/* Whether entity i joined its group through another member (see
 * embargo_index_group_evidence): fills *via with that member and `why` (cap
 * bytes) with what agreed. Returns 0 for the member a group grew from, an
 * entity alone, or a member that cannot be read. */
int cli_grouped_with(const embargo_index *ix, uint32_t i, embargo_entity *via, char *why, size_t cap);

/* The first field of a kind of entity e, as text (*len), or NULL. */
const char *cli_first_field(const embargo_index *ix, const embargo_entity *e,
                            embargo_field_kind kind, size_t *len);

/* Why the last call on m failed, for an error message: the matcher's own
 * message, else the status's text. */
const char *cli_matcher_why(const embargo_matcher *m, embargo_status st);

/* Writes an explanation as a JSON object; `extra` (may be NULL) is added
 * to its note. */
void json_explanation(FILE *f, const embargo_explanation *e, const char *extra);

/* Prints an explanation for people, one pair per line, indented, and its
 * note; text_pairs the pairs alone. */
void text_explanation(FILE *f, const embargo_explanation *e, const char *indent);
void text_pairs(FILE *f, const embargo_explanation *e, const char *indent);

/* Writes s as one CSV field (RFC 4180): quoted when it holds the
 * delimiter, a quote or a line end; control characters escaped as by
 * text_str; a leading = + - @ made inert with an apostrophe, so that a
 * spreadsheet does not run it as a formula. */
void csv_field(FILE *f, const char *s, size_t len);

/* ---- records.c: customer records in --------------------------------------------- */

/* What a column of a customer file holds. */
enum { CLI_NAME, CLI_DOB, CLI_COUNTRY, CLI_ID, CLI_TYPE, CLI_KEY, CLI_ROLES };

/* "name", "dob", "country", "id", "type", "key": the roles --columns maps. */
extern const char *const cli_role_names[CLI_ROLES];

typedef enum cli_input_format {
    CLI_IN_DETECT = 0,  /* JSON Lines if the input starts with '{', else lines */
    CLI_IN_LINES,       /* one name a line */
    CLI_IN_CSV,         /* CSV with a header row */
    CLI_IN_JSONL        /* one JSON object a line */
} cli_input_format;

typedef struct cli_reader_options {
    cli_input_format format;
    char delimiter;                   /* CSV: ',', ';', '\t'; 0 = from the header */
    const char *columns[CLI_ROLES];   /* the column (CSV header, JSON member) of
                                         each role; NULL = guessed */
    int guess;                        /* guess the roles not given (the name
                                         column is always guessed) */
    char date_order;                  /* 'd' dmy, 'm' mdy, 'y' ymd; 0 = ISO only */
} cli_reader_options;

/* One customer record. The strings point into the reader and stay valid
 * until its next call. */
typedef struct cli_record {
    size_t line;                      /* the input line the record starts on */
    const char *field[CLI_ROLES];     /* each role's value, or NULL: none */
    size_t len[CLI_ROLES];
    const char *birth_date;           /* field[CLI_DOB] as ISO 8601, or NULL */
    const char *error;                /* why the record cannot be screened, or NULL */
} cli_record;

typedef struct cli_reader cli_reader;

/* Starts reading records from `in`: detects the format if asked, reads a
 * CSV header and finds each role's column. Returns 0, or -1 when reading
 * cannot start (no header, a column asked for that the header lacks: the
 * message, with the columns found, is printed); free *out either way. */
int cli_reader_open(cli_reader **out, FILE *in, const cli_reader_options *o);

/* The next record: 1, 0 at the end of the input, -1 on a read error.
 * A row that cannot be read is a record with `error` set; reading goes
 * on after it. Blank rows are skipped and counted. */
int cli_reader_next(cli_reader *r, cli_record *rec);

/* The format being read (after detection). */
cli_input_format cli_reader_format(const cli_reader *r);

/* CSV: the header name of the column of role, in *name; 0 if none. */
int cli_reader_column(const cli_reader *r, int role, const char **name);

/* How many blank rows were skipped. */
size_t cli_reader_blank(const cli_reader *r);

void cli_reader_free(cli_reader *r);

/* Parses --columns "name=Full Name,dob=Birth Date,..." into cols (indexed
 * by role); *storage receives memory to free afterwards. Prints the error
 * and returns -1 on a bad spec. */
int cli_parse_columns(const char *spec, const char *cols[CLI_ROLES], char **storage);

/* Writes a birth date as ISO 8601 in out (cap bytes): ISO input (1962,
 * 1962-09, 1962-09-17, also with a time after it) as it is; with `order`
 * ('d', 'm', 'y') also 17.09.1962, 17/09/1962, 09/17/1962, 1962/09/17.
 * Whether the month and day exist is left to the library. Returns 0, or -1
 * with *why saying what is wrong (static text). */
int cli_iso_date(const char *s, size_t len, char order, char *out, size_t cap, const char **why);

/* An entity type as banks write it (records.c): the library's words, and
 * the codes and phrases of core banking exports (P, I, C, "natural person",
 * "legal entity"); EMBARGO_TYPE_UNKNOWN if none. The one reading of a type
 * column, for screen and monitor alike. */
embargo_entity_type cli_record_type(const char *s, size_t n);

/* ---- the commands, one a file: cmd_NAME.c ------------------------------------------ */

int cmd_index(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_who(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif

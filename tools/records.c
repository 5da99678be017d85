/*
 * records.c - customer records in: CSV as spreadsheets write it, JSON Lines,
 * or one name a line.
 *
 * A bank's export is a table: a name and, beside it, what else the bank
 * knows of the customer (birth date, nationality, a passport number, whether
 * it is a person or a company) and its own key for the row. This file reads
 * such rows and hands each on as a cli_record: the values of the columns the
 * caller maps to roles (name, dob, country, id, type, key), the birth date
 * converted to ISO 8601, and the input line the record starts on, or the
 * reason the row cannot be screened. A bad row is a record with an error,
 * never the end of the input.
 *
 * CSV is read as RFC 4180 and as Excel writes it: a UTF-8 byte-order mark,
 * ',' ';' or tab between fields (found from the header, or given), quoted
 * fields with doubled quotes and line breaks inside (a record is not a line;
 * a record's line is its first), header names compared case-blind and
 * trimmed. A quote that is never closed makes its record an error at its
 * first line, and reading goes on with the line after it; so does a record
 * that grows past CLI_RECORD_MAX bytes, so memory stays bounded.
 *
 * JSON Lines objects ({"name":..,"birth_date":..,"country":..,
 * "id_number":..,"type":..,"key":..}) are parsed with jansson; their member
 * names are mapped as CSV headers are.
 */
#include "cli.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A record (all its lines) longer than this is taken for an unclosed quote. */
#define CLI_RECORD_MAX (1u << 20)
/* At most this many fields a row. */
#define CLI_FIELDS_MAX 1024

const char *const cli_role_names[CLI_ROLES] = {"name", "dob", "country", "id", "type", "key"};

/* Header names each role is guessed from when no column is given, compared
 * after folding case and dropping spaces, '_', '-' and '.'. Order matters:
 * the first header (in the file's order) found in the list wins. The key
 * guesses include "id": a bare "id" column is a row number far more often
 * than a passport number. */
static const char *const GUESS_NAME[] = {
    "name", "fullname", "customername", "clientname", "customer", "client", "partyname",
    "accountname", "accountholder", "accountholdername", "holdername", "legalname",
    "entityname", "beneficiaryname", "beneficiary", "counterparty", "counterpartyname",
    "subjectname", "personname", "companyname", NULL};
static const char *const GUESS_DOB[] = {
    "dob", "dateofbirth", "birthdate", "birthday", "borndate", "born", "dtofbirth",
    "birthdt", "dobiso", NULL};
static const char *const GUESS_COUNTRY[] = {
    "nationality", "citizenship", "country", "countrycode", "nationalitycode",
    "countryofnationality", "countryofcitizenship", "nationalitycountry", NULL};
static const char *const GUESS_ID[] = {
    "idnumber", "idno", "passport", "passportnumber", "passportno", "passportid",
    "documentnumber", "documentno", "docnumber", "docno", "document", "iddocument",
    "nationalid", "nationalidnumber", "registrationnumber", "registrationno", "regnumber",
    "regno", "identitynumber", "identificationnumber", NULL};
static const char *const GUESS_TYPE[] = {
    "type", "kind", "entitytype", "partytype", "customertype", "clienttype", "subjecttype",
    "persontype", "legaltype", NULL};
static const char *const GUESS_KEY[] = {
    "key", "account", "accountnumber", "accountno", "accountid", "customerid", "customerno",
    "customernumber", "clientid", "clientno", "clientnumber", "partyid", "reference", "ref",
    "recordid", "rowid", "id", NULL};
static const char *const *const GUESSES[CLI_ROLES] = {GUESS_NAME, GUESS_DOB, GUESS_COUNTRY,
                                                      GUESS_ID, GUESS_TYPE, GUESS_KEY};
/* The JSON Lines member names documented for each role, tried first. */
static const char *const JSON_NAMES[CLI_ROLES] = {"name", "birth_date", "country", "id_number",
                                                  "type", "key"};

struct cli_reader {
    FILE *in;
    cli_reader_options o;
    char delim;
    int col[CLI_ROLES];        /* CSV: the column of each role, -1 none */
    char **header;             /* CSV: the header's names, trimmed */
    int nheader;
    size_t lineno;             /* physical lines consumed */
    /* lines to read again before the input (after an unclosed quote) */
    char *back;
    size_t back_len, back_pos;
    char *line;                /* the current physical line */
    size_t line_cap;
    char *rec;                 /* the current record: its lines joined by '\n' */
    size_t rec_len, rec_cap;
    char *fields[CLI_FIELDS_MAX];
    json_t *obj;               /* JSON Lines: the current object */
    char keybuf[64];           /* JSON Lines: a numeric key as text */
    char date[16];             /* the birth date as ISO */
    char err[320];
    size_t blank;              /* blank rows skipped */
    int started;
};

/* ---- small helpers --------------------------------------------------------- */

/* Folds a header name for guessing: lower case, no spaces, '_', '-', '.'. */
static void fold(const char *s, char *out, size_t cap) {
    size_t n = 0;
    for (; *s && n + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') continue;
        out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
}

/* Compares two names case-blind (ASCII), after trimming both. */
static int same_name(const char *a, const char *b) {
    while (*a == ' ' || *a == '\t') a++;
    while (*b == ' ' || *b == '\t') b++;
    size_t la = strlen(a), lb = strlen(b);
    while (la && (a[la - 1] == ' ' || a[la - 1] == '\t')) la--;
    while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\t')) lb--;
    if (la != lb) return 0;
    for (size_t i = 0; i < la; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
    return 1;
}

/* Trims spaces and tabs at both ends of s in place; returns the start. */
static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

int cli_parse_columns(const char *spec, const char *cols[CLI_ROLES], char **storage) {
    char *copy = strdup(spec);
    if (!copy) return -1;
    *storage = copy;
    for (char *item = copy; item && *item;) {
        char *next = strchr(item, ',');
        if (next) *next++ = '\0';
        /* a piece without '=' after a column belongs to it: a header
         * with a comma in it ("name=Name, full") */
        while (next && !strchr(next, '=')) {
            next[-1] = ',';
            next = strchr(next, ',');
            if (next) *next++ = '\0';
        }
        char *eq = strchr(item, '=');
        if (!eq) {
            fprintf(stderr, "embargo: --columns takes ROLE=COLUMN,... (roles: name, dob, country, id, "
                            "type, key), not '%s'\n", item);
            return -1;
        }
        *eq = '\0';
        char *role = trim(item), *col = trim(eq + 1);
        int r = -1;
        for (int k = 0; k < CLI_ROLES; k++)
            if (same_name(role, cli_role_names[k])) r = k;
        if (r < 0) {
            fprintf(stderr, "embargo: --columns: unknown role '%s' (name, dob, country, id, type, key)\n", role);
            return -1;
        }
        if (!*col) {
            fprintf(stderr, "embargo: --columns: no column given for %s\n", cli_role_names[r]);
            return -1;
        }
        cols[r] = col;
        item = next;
    }
    return 0;
}

/* ---- types ------------------------------------------------------------------ */

/* An entity type as banks write it: the library's words, and the codes and
 * phrases of core banking exports. EMBARGO_TYPE_UNKNOWN if none. */
embargo_entity_type cli_record_type(const char *s, size_t n) {
    static const struct { const char *word; embargo_entity_type type; } WORDS[] = {
        {"p", EMBARGO_TYPE_PERSON}, {"i", EMBARGO_TYPE_PERSON}, {"n", EMBARGO_TYPE_PERSON},
        {"natural person", EMBARGO_TYPE_PERSON}, {"private", EMBARGO_TYPE_PERSON},
        {"private person", EMBARGO_TYPE_PERSON}, {"retail", EMBARGO_TYPE_PERSON},
        {"people", EMBARGO_TYPE_PERSON}, {"human", EMBARGO_TYPE_PERSON},
        {"c", EMBARGO_TYPE_ORGANIZATION}, {"o", EMBARGO_TYPE_ORGANIZATION}, {"e", EMBARGO_TYPE_ORGANIZATION},
        {"org", EMBARGO_TYPE_ORGANIZATION}, {"organisation", EMBARGO_TYPE_ORGANIZATION},
        {"corporate", EMBARGO_TYPE_ORGANIZATION}, {"corporation", EMBARGO_TYPE_ORGANIZATION},
        {"legal entity", EMBARGO_TYPE_ORGANIZATION}, {"legal person", EMBARGO_TYPE_ORGANIZATION},
        {"le", EMBARGO_TYPE_ORGANIZATION}, {"firm", EMBARGO_TYPE_ORGANIZATION},
        {"ship", EMBARGO_TYPE_VESSEL}, {"plane", EMBARGO_TYPE_AIRCRAFT},
    };
    embargo_entity_type t = embargo_type_parse(s, n);
    if (t != EMBARGO_TYPE_UNKNOWN) return t;
    char w[32];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof(w); i++)
        w[k++] = s[i] == '_' || s[i] == '-' ? ' ' : (char)tolower((unsigned char)s[i]);
    w[k] = '\0';
    if (n >= sizeof(w)) return EMBARGO_TYPE_UNKNOWN;
    for (size_t i = 0; i < sizeof(WORDS) / sizeof(WORDS[0]); i++)
        if (!strcmp(w, WORDS[i].word)) return WORDS[i].type;
    t = embargo_type_parse(w, k);
    return t;
}

/* ---- dates ------------------------------------------------------------------ */

/* Reads 1..max digits at s[*i]; returns the value or -1. */
static int digits(const char *s, size_t len, size_t *i, int min, int max) {
    int v = 0, n = 0;
    while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') v = v * 10 + (s[(*i)++] - '0'), n++;
    return n >= min ? v : -1;
}

int cli_iso_date(const char *s, size_t len, char order, char *out, size_t cap, const char **why) {
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    /* a spreadsheet's date and time (1962-09-17 00:00 or T00:00:00): the
     * time of day says nothing of birth; anything else after the date is
     * not a date */
    if (len >= 16 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == ' ') &&
        s[11] >= '0' && s[11] <= '9' && s[12] >= '0' && s[12] <= '9' && s[13] == ':')
        len = 10;
    size_t i = 0;
    int a = digits(s, len, &i, 1, 4);
    if (a >= 0 && i == 4 && (i == len || s[i] == '-')) {
        /* ISO 8601 already (1962, 1962-09, 1962-09-17): the library checks it */
        if (len >= cap) goto bad;
        memcpy(out, s, len);
        out[len] = '\0';
        return 0;
    }
    if (!order) {
        *why = "is not an ISO 8601 date (1962-09-17); for dates written as 17.09.1962 or "
               "09/17/1962, pass --date-order dmy, mdy or ymd";
        return -1;
    }
    {
        int v[3] = {a, -1, -1};
        size_t w[3] = {i, 0, 0};
        char sep = i < len ? s[i] : 0;
        if (a < 0 || !(sep == '.' || sep == '/' || sep == '-' || sep == ' ')) goto bad;
        for (int k = 1; k < 3; k++) {
            if (i >= len || s[i] != sep) goto bad;
            i++;
            size_t at = i;
            v[k] = digits(s, len, &i, 1, 4);
            w[k] = i - at;
            if (v[k] < 0) goto bad;
        }
        if (s[len - 1] == '.' && i == len - 1) i++; /* "17.09.1962." */
        if (i != len) goto bad;
        int y, m, d;
        size_t yw;
        if (order == 'y') y = v[0], yw = w[0], m = v[1], d = v[2];
        else if (order == 'm') m = v[0], d = v[1], y = v[2], yw = w[2];
        else d = v[0], m = v[1], y = v[2], yw = w[2];
        if (yw != 4) {
            *why = "has no four-digit year (a two-digit year does not say its century)";
            return -1;
        }
        if (cap < 11 || m > 99 || d > 99) goto bad;
        /* the month and day are checked by the library, as for --dob */
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
        return 0;
    }
bad:
    *why = order == 'd'   ? "is not a date written as DD.MM.YYYY or DD/MM/YYYY (--date-order dmy)"
           : order == 'm' ? "is not a date written as MM/DD/YYYY (--date-order mdy)"
           : order == 'y' ? "is not a date written as YYYY/MM/DD or YYYY.MM.DD (--date-order ymd)"
                          : "is not an ISO 8601 date (1962-09-17)";
    return -1;
}

/* ---- physical lines, with lines pushed back --------------------------------- */

/* The next physical line without its end, in r->line; its length, or -1. */
static ssize_t next_line(cli_reader *r) {
    if (r->back_pos < r->back_len) {
        const char *p = r->back + r->back_pos;
        const char *nl = memchr(p, '\n', r->back_len - r->back_pos);
        size_t n = nl ? (size_t)(nl - p) : r->back_len - r->back_pos;
        if (n + 1 > r->line_cap) {
            char *l = realloc(r->line, n + 1);
            if (!l) return -1;
            r->line = l;
            r->line_cap = n + 1;
        }
        memcpy(r->line, p, n);
        r->line[n] = '\0';
        r->back_pos += n + 1;
        r->lineno++;
        return (ssize_t)n;
    }
    ssize_t n = cli_getline(&r->line, &r->line_cap, r->in);
    if (n >= 0) r->lineno++;
    if (n >= 0 && r->lineno == 1 && n >= 3 && !memcmp(r->line, "\xEF\xBB\xBF", 3)) {
        memmove(r->line, r->line + 3, (size_t)n - 2);
        n -= 3;
    }
    return n;
}

/* Puts `len` bytes of lines (joined by '\n') back in front of the input. */
static int push_back(cli_reader *r, const char *s, size_t len) {
    size_t rest = r->back_len - r->back_pos;
    char *b = malloc(len + 1 + rest + 1);
    if (!b) return -1;
    memcpy(b, s, len);
    b[len] = '\n';
    if (rest) memcpy(b + len + 1, r->back + r->back_pos, rest);
    free(r->back);
    r->back = b;
    r->back_len = len + 1 + rest;
    r->back_pos = 0;
    return 0;
}

static int rec_append(cli_reader *r, const char *s, size_t n, int newline) {
    size_t need = r->rec_len + n + 2;
    if (need > r->rec_cap) {
        size_t cap = r->rec_cap ? r->rec_cap : 256;
        while (cap < need) cap *= 2;
        char *p = realloc(r->rec, cap);
        if (!p) return -1;
        r->rec = p;
        r->rec_cap = cap;
    }
    if (newline) r->rec[r->rec_len++] = '\n';
    memcpy(r->rec + r->rec_len, s, n);
    r->rec_len += n;
    r->rec[r->rec_len] = '\0';
    return 0;
}

/* ---- CSV ---------------------------------------------------------------------- */

/* Whether a quoted field is still open at the end of line s, given whether
 * one was open at its start. As RFC 4180 has it: a quote opens a field only
 * as the field's first character, "" inside one is a quote, and a quote in
 * an unquoted field is text (O"Brien), which must not swallow the lines
 * after it. Before the delimiter is known (the header), ',' ';' and tab
 * all end fields. */
static int quote_open(const char *s, size_t n, int open, char delim) {
    int start = !open; /* at the start of a field */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (open) {
            if (c == '"') {
                if (i + 1 < n && s[i + 1] == '"') i++;
                else open = 0;
            }
            continue;
        }
        if (c == '"' && start) {
            open = 1;
            continue;
        }
        start = delim ? c == delim : (c == ',' || c == ';' || c == '\t');
    }
    return open;
}

/* Reads the next CSV record (its lines) into r->rec; returns 1, 0 at the
 * end, -1 on a read error or out of memory, and 2 for a record whose quote
 * never closes (r->err says so; the lines after its first are read again). */
static int csv_record(cli_reader *r, size_t *first) {
    ssize_t n;
    r->rec_len = 0;
    if ((n = next_line(r)) < 0) return ferror(r->in) ? -1 : 0;
    *first = r->lineno;
    int open = quote_open(r->line, (size_t)n, 0, r->delim);
    int has_nul = strlen(r->line) != (size_t)n;
    if (rec_append(r, r->line, (size_t)n, 0)) return -1;
    while (open) {
        if (r->rec_len > CLI_RECORD_MAX || (n = next_line(r)) < 0) {
            if (n < 0 && ferror(r->in)) return -1;
            /* unclosed: an error at the first line, and the rest read again */
            char *nl = memchr(r->rec, '\n', r->rec_len);
            if (nl && push_back(r, nl + 1, r->rec_len - (size_t)(nl + 1 - r->rec))) return -1;
            r->lineno = *first;
            snprintf(r->err, sizeof(r->err), "a quoted field is not closed%s",
                     r->rec_len > CLI_RECORD_MAX ? " within 1 MB" : " before the end of the input");
            return 2;
        }
        has_nul |= strlen(r->line) != (size_t)n;
        open = quote_open(r->line, (size_t)n, open, r->delim);
        if (rec_append(r, r->line, (size_t)n, 1)) return -1;
    }
    if (has_nul) {
        snprintf(r->err, sizeof(r->err), "NUL byte in CSV input");
        return 2;
    }
    return 1;
}

/* Splits r->rec into fields in place; returns their number, or -1 on
 * malformed quoting (text after a closing quote). */
static int csv_split(cli_reader *r) {
    char *p = r->rec, d = r->delim;
    int n = 0;
    for (;;) {
        if (n == CLI_FIELDS_MAX) return n;
        char *w = p;
        r->fields[n++] = w;
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
            while (*p == ' ' || *p == '\t') p++; /* spaces after the closing quote */
            if (*p && *p != d) return -1;
        } else {
            /* a stray quote inside an unquoted field is taken as written */
            while (*p && *p != d) *w++ = *p++;
        }
        int end = !*p;
        *w = '\0';
        if (end) return n;
        p++;
    }
}

/* The delimiter of a header line: the most frequent of ',', ';' and tab
 * outside quotes (',' when none). */
static char detect_delim(const char *s) {
    size_t comma = 0, semi = 0, tab = 0;
    int open = 0;
    for (; *s; s++) {
        if (*s == '"') open = !open;
        else if (!open) comma += *s == ',', semi += *s == ';', tab += *s == '\t';
    }
    if (semi > comma && semi >= tab) return ';';
    if (tab > comma && tab > semi) return '\t';
    return ',';
}

/* Reads the header and finds each role's column; prints the error and
 * returns -1 when a column asked for, or the names, are missing. */
static int csv_header(cli_reader *r) {
    size_t first;
    int st = csv_record(r, &first);
    if (st <= 0 || st == 2) {
        if (st == 2) fprintf(stderr, "embargo: line %zu: %s\n", first, r->err);
        else if (st == 0) fprintf(stderr, "embargo: the CSV input is empty: no header row\n");
        else fprintf(stderr, "embargo: error reading standard input\n");
        return -1;
    }
    r->delim = r->o.delimiter ? r->o.delimiter : detect_delim(r->rec);
    int n = csv_split(r);
    if (n < 0) {
        fprintf(stderr, "embargo: line %zu: malformed CSV quoting in the header\n", first);
        return -1;
    }
    r->header = calloc((size_t)n, sizeof(char *));
    if (!r->header) return -1;
    r->nheader = n;
    for (int i = 0; i < n; i++)
        if (!(r->header[i] = strdup(trim(r->fields[i])))) return -1;
    for (int k = 0; k < CLI_ROLES; k++) {
        r->col[k] = -1;
        if (r->o.columns[k] && !strcmp(r->o.columns[k], "-")) {
            if (k == CLI_NAME) {
                fprintf(stderr, "embargo: --columns: the names cannot be left out (name=-)\n");
                return -1;
            }
            continue; /* left out on purpose: not guessed */
        }
        if (r->o.columns[k]) {
            for (int i = 0; i < n && r->col[k] < 0; i++)
                if (same_name(r->header[i], r->o.columns[k])) r->col[k] = i;
            if (r->col[k] < 0) {
                fprintf(stderr, "embargo: line %zu: no column '%s' (for %s) in the CSV header; "
                                "its columns are: ", first, r->o.columns[k], cli_role_names[k]);
                goto list;
            }
        } else if (r->o.guess || k == CLI_NAME) {
            /* a column already given to another role is not guessed again */
            for (const char *const *g = GUESSES[k]; *g && r->col[k] < 0; g++)
                for (int i = 0; i < n && r->col[k] < 0; i++) {
                    char f[128];
                    fold(r->header[i], f, sizeof(f));
                    int taken = 0;
                    for (int j = 0; j < CLI_ROLES; j++)
                        taken |= j != k && r->col[j] == i;
                    for (int j = 0; j < CLI_ROLES; j++)
                        taken |= j != k && r->o.columns[j] && same_name(r->header[i], r->o.columns[j]);
                    if (!taken && !strcmp(f, *g)) r->col[k] = i;
                }
            if (k == CLI_NAME && r->col[k] < 0) {
                fprintf(stderr, "embargo: line %zu: no column of names in the CSV header (give one with "
                                "--columns name=COLUMN); its columns are: ", first);
                goto list;
            }
        }
    }
    return 0;
list:
    for (int i = 0; i < n; i++) {
        fputs(i ? ", " : "", stderr);
        text_str(stderr, r->header[i], strlen(r->header[i]));
    }
    fprintf(stderr, "%s (delimiter '%s')\n", n ? "" : "none", r->delim == '\t' ? "tab" : (char[]){r->delim, 0});
    return -1;
}

static int csv_next(cli_reader *r, cli_record *rec) {
    for (;;) {
        size_t first = 0;
        int st = csv_record(r, &first);
        if (st <= 0) return st;
        memset(rec, 0, sizeof(*rec));
        rec->line = first;
        if (st == 2) {
            rec->error = r->err;
            return 1;
        }
        int n = csv_split(r);
        if (n < 0) {
            rec->error = "malformed CSV quoting (text after a closing quote)";
            return 1;
        }
        int blank = 1;
        for (int i = 0; i < n && blank; i++)
            blank = !*trim(r->fields[i]);
        if (blank) { /* an empty line, or a spreadsheet's row of delimiters */
            r->blank++;
            continue;
        }
        for (int k = 0; k < CLI_ROLES; k++) {
            int c = r->col[k];
            if (c < 0) continue;
            if (c >= n) {
                if (k == CLI_NAME) {
                    snprintf(r->err, sizeof(r->err), "too few columns: %d, the names are in column %d", n,
                             c + 1);
                    rec->error = r->err;
                    return 1;
                }
                continue;
            }
            /* a line break inside a cell (Alt+Enter in a spreadsheet)
             * separates words: a name has no line breaks */
            for (char *p = r->fields[c]; *p; p++)
                if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
            char *v = k == CLI_NAME ? r->fields[c] : trim(r->fields[c]);
            if (k != CLI_NAME && !*v) continue; /* an empty cell: nothing known */
            rec->field[k] = v;
            rec->len[k] = strlen(v);
        }
        return 1;
    }
}

/* ---- JSON Lines ------------------------------------------------------------- */

/* The member of o for role k: the mapped name, else the documented name,
 * else a guess; NULL if none. */
static json_t *json_role(cli_reader *r, json_t *o, int k) {
    const char *key;
    json_t *v;
    if (r->o.columns[k] && !strcmp(r->o.columns[k], "-")) return NULL;
    if (r->o.columns[k]) {
        json_object_foreach(o, key, v) if (same_name(key, r->o.columns[k])) return v;
        return NULL;
    }
    if ((v = json_object_get(o, JSON_NAMES[k]))) return v;
    if (k == CLI_NAME && (v = json_object_get(o, "query"))) return v;
    for (const char *const *g = GUESSES[k]; *g; g++)
        json_object_foreach(o, key, v) {
            char f[128];
            fold(key, f, sizeof(f));
            if (!strcmp(f, *g)) return v;
        }
    return NULL;
}

static int jsonl_next(cli_reader *r, cli_record *rec) {
    ssize_t n;
    while ((n = next_line(r)) >= 0) {
        size_t s = 0;
        while (s < (size_t)n && isspace((unsigned char)r->line[s])) s++;
        if (s == (size_t)n) {
            r->blank++;
            continue;
        }
        memset(rec, 0, sizeof(*rec));
        rec->line = r->lineno;
        json_decref(r->obj);
        json_error_t je;
        r->obj = json_loadb(r->line, (size_t)n, JSON_ALLOW_NUL, &je);
        if (!r->obj || !json_is_object(r->obj)) {
            if (r->obj) snprintf(r->err, sizeof(r->err), "not a JSON object");
            else snprintf(r->err, sizeof(r->err), "invalid JSON at column %d: %s", je.column, je.text);
            rec->error = r->err;
            return 1;
        }
        for (int k = 0; k < CLI_ROLES; k++) {
            json_t *v = json_role(r, r->obj, k);
            if (!v || json_is_null(v)) continue;
            if (json_is_string(v)) {
                if (k != CLI_NAME && json_string_length(v) == 0) continue;
                rec->field[k] = json_string_value(v);
                rec->len[k] = json_string_length(v);
            } else if (json_is_number(v) && k == CLI_KEY) {
                /* an account number: integers as written (jansson refuses
                 * one past 64 bits: that row is an error, never rounded) */
                if (json_is_integer(v))
                    snprintf(r->keybuf, sizeof(r->keybuf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
                else snprintf(r->keybuf, sizeof(r->keybuf), "%.17g", json_real_value(v));
                rec->field[k] = r->keybuf;
                rec->len[k] = strlen(r->keybuf);
            } else {
                snprintf(r->err, sizeof(r->err), "\"%s\" must be a string", k == CLI_KEY ? "key" : JSON_NAMES[k]);
                rec->error = r->err;
                return 1;
            }
        }
        if (!rec->field[CLI_NAME]) {
            snprintf(r->err, sizeof(r->err), "no \"name\" in the object");
            rec->error = r->err;
        }
        return 1;
    }
    return ferror(r->in) ? -1 : 0;
}

/* ---- the reader ------------------------------------------------------------- */

/* Converts the record's birth date to ISO (or makes it the record's error). */
static void convert_date(cli_reader *r, cli_record *rec) {
    if (rec->error || !rec->field[CLI_DOB]) return;
    const char *d = rec->field[CLI_DOB];
    size_t n = rec->len[CLI_DOB];
    size_t s = 0;
    while (s < n && (d[s] == ' ' || d[s] == '\t')) s++;
    if (s == n) {
        rec->field[CLI_DOB] = NULL; /* an empty cell: no evidence */
        return;
    }
    const char *why;
    if (memchr(d, '\0', n)) {
        rec->error = "the birth date holds a NUL byte";
        return;
    }
    if (cli_iso_date(d, n, r->o.date_order, r->date, sizeof(r->date), &why)) {
        int shown = (int)(n > 40 ? 40 : n);
        snprintf(r->err, sizeof(r->err), "birth date '%.*s' %s", shown, d, why);
        /* the date is shown in the message: no control characters in it */
        for (char *p = r->err; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
        rec->error = r->err;
        return;
    }
    rec->birth_date = r->date;
}

int cli_reader_open(cli_reader **out, FILE *in, const cli_reader_options *o) {
    cli_reader *r = calloc(1, sizeof(*r));
    if (!r) return -1;
    r->in = in;
    r->o = *o;
    for (int k = 0; k < CLI_ROLES; k++) r->col[k] = -1;
    *out = r;
    if (r->o.format == CLI_IN_DETECT) {
        /* JSON Lines if the first line that is not blank opens an object;
         * the lines looked at are read again, as if never read */
        r->o.format = CLI_IN_LINES;
        char *seen = NULL;
        size_t seen_len = 0;
        FILE *mem = open_memstream(&seen, &seen_len);
        if (!mem) return -1;
        ssize_t n;
        while ((n = next_line(r)) >= 0) {
            if (r->lineno > 1) fputc('\n', mem);
            fwrite(r->line, 1, (size_t)n, mem);
            size_t s = 0;
            while (s < (size_t)n && isspace((unsigned char)r->line[s])) s++;
            if (s < (size_t)n) {
                if (r->line[s] == '{') r->o.format = CLI_IN_JSONL;
                break;
            }
        }
        int bad = fclose(mem) != 0 || (r->lineno && push_back(r, seen, seen_len));
        free(seen);
        if (bad) return -1;
        r->lineno = 0;
    }
    if (r->o.format == CLI_IN_CSV) return csv_header(r);
    return 0;
}

cli_input_format cli_reader_format(const cli_reader *r) { return r->o.format; }

int cli_reader_next(cli_reader *r, cli_record *rec) {
    int st;
    if (r->o.format == CLI_IN_CSV) {
        st = csv_next(r, rec);
    } else if (r->o.format == CLI_IN_JSONL) {
        st = jsonl_next(r, rec);
    } else {
        ssize_t n = next_line(r);
        if (n < 0) return ferror(r->in) ? -1 : 0;
        memset(rec, 0, sizeof(*rec));
        rec->line = r->lineno;
        rec->field[CLI_NAME] = r->line;
        rec->len[CLI_NAME] = (size_t)n;
        st = 1;
    }
    if (st == 1) convert_date(r, rec);
    return st;
}

int cli_reader_column(const cli_reader *r, int role, const char **name) {
    if (r->o.format == CLI_IN_CSV) {
        if (r->col[role] < 0) return 0;
        *name = r->header[r->col[role]];
        return 1;
    }
    return 0;
}

size_t cli_reader_blank(const cli_reader *r) { return r->blank; }

void cli_reader_free(cli_reader *r) {
    if (!r) return;
    for (int i = 0; i < r->nheader; i++) free(r->header[i]);
    free(r->header);
    free(r->back);
    free(r->line);
    free(r->rec);
    json_decref(r->obj);
    free(r);
}

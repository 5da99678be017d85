/*
 * csv.h - a CSV record reader over an in-memory buffer (private).
 *
 * Reads RFC 4180 records the way official list files really write them
 * (OFAC's legacy CSV above all): CRLF, LF or lone CR line ends; quoted
 * fields with doubled quotes and embedded line breaks; unquoted fields
 * (OFAC writes "-0- " for null); a trailing DOS EOF byte (0x1A) and/or blank
 * lines at the end of the file. A stray quote in an unquoted field, text
 * after a closing quote, an unterminated quote and NUL bytes are errors with
 * the line and column where they occur.
 *
 * Encoding is decided once per buffer, on the evidence of all its
 * non-ASCII bytes (csv.c tells how): UTF-8 (an optional byte order mark is
 * skipped), whose fields are returned as they are; UTF-8 with a few
 * invalid bytes, each invalid sequence read as U+FFFD and each record
 * holding one reported; Windows-1252 (OFAC's legacy encoding), whose fields
 * holding bytes >= 0x80 are converted to UTF-8; or neither (mixed
 * encodings, another code page), which is refused as a format error at the
 * first byte that is not UTF-8. Every field handed out is valid UTF-8.
 *
 * The separator is a comma unless emb__csv_set_separator chooses another
 * byte (the BIS Denied Persons List is tab-separated); everything else,
 * quoting and line ends included, works the same for any separator.
 *
 * Fields point into the input buffer when they can; a quoted field with
 * doubled quotes, or a field that needed transcoding, is written into a
 * scratch buffer owned by the reader. So the common case allocates nothing.
 */
#ifndef EMB_CSV_H
#define EMB_CSV_H

#include "embargo.h"

#include <stddef.h>

/* One field of a record: `len` bytes at `ptr`, not NUL-terminated, quotes
 * removed and doubled quotes unescaped. Valid until the next emb__csv_next
 * or emb__csv_free on the same reader. */
typedef struct emb_csv_field {
    const char *ptr;
    size_t len;
    int quoted;                 /* the field was written in quotes */
    unsigned long column;       /* 1-based byte column where it starts */
    size_t scratch_off_;        /* internal */
    int in_scratch_;            /* internal */
} emb_csv_field;

typedef enum emb_csv_encoding {
    EMB_CSV_UTF8 = 0,           /* valid UTF-8 throughout (or ASCII) */
    EMB_CSV_UTF8_ERRORS,        /* UTF-8 with a few invalid sequences: U+FFFD */
    EMB_CSV_CP1252,             /* Windows-1252: fields transcoded */
    EMB_CSV_REFUSED             /* neither: every read fails at the first bad byte */
} emb_csv_encoding;

typedef struct emb_csv {
    const char *data;
    size_t len;                 /* bytes to parse (trailing 0x1A/blank lines cut) */
    size_t pos;
    unsigned long line;         /* line number at pos, from 1 */
    size_t line_start;          /* offset of the first byte of that line */
    emb_csv_encoding encoding;  /* decided by emb__csv_init */
    size_t enc_valid;           /* multi-byte UTF-8 sequences in the input */
    size_t enc_invalid;         /* invalid ones (each maximal invalid subpart) */
    unsigned long enc_line, enc_column; /* the first invalid one, 0 if none */
    int enc_noted;              /* emb__csv_report said how it was read */
    size_t rec_bad;             /* invalid sequences in the last record */
    unsigned long rec_bad_line, rec_bad_column; /* the first of them */
    char sep;                   /* field separator, ',' unless set */
    char *scratch;
    size_t scratch_len, scratch_cap;
    /* The last record read, and the last error. */
    unsigned long record_line;  /* line where the last record started */
    unsigned long err_line, err_column;
    const char *err_msg;        /* static text or msg_, "" when there was no error */
    char msg_[192];             /* internal: a message with figures */
} emb_csv;

/* Prepares `c` to read `len` bytes at `data` (which must stay valid while
 * the reader is used; `c` must not be copied). Scans the buffer once to
 * decide its encoding (c->encoding); a buffer in no encoding the reader
 * accepts makes every emb__csv_next fail. Allocates nothing. */
void emb__csv_init(emb_csv *c, const char *data, size_t len);

/* As emb__csv_init, for a sniffer looking at the first bytes of a file:
 * an encoding the reader refuses is read as UTF-8 with errors instead, so
 * that the header is still recognised (a file cut at 4 KB may end in half
 * a character, and the rows after the header may be in another encoding:
 * the load of the whole file then refuses it, naming the line). */
void emb__csv_init_head(emb_csv *c, const char *data, size_t len);

/* Sets the field separator (default ','; emb__csv_init resets it). A quote,
 * CR, LF or NUL cannot be a separator: those leave the reader unchanged.
 * Call before the first emb__csv_next. */
void emb__csv_set_separator(emb_csv *c, char sep);

/* Releases the reader's scratch buffer. Safe on a zeroed or freed reader. */
void emb__csv_free(emb_csv *c);

/* Reads the next record. Stores up to `max_fields` fields in `fields` and
 * sets *nfields to the number of fields the record really has (which may be
 * more than max_fields: the extra ones are parsed and dropped, so the caller
 * can report a wrong column count). At end of input returns EMBARGO_OK with
 * *nfields == 0. A blank line that is not at the end of the input is a
 * record of one empty field.
 * Returns EMBARGO_EFORMAT on malformed input, with c->err_line,
 * c->err_column and c->err_msg set (the reader stays at the error; further
 * calls return the same error), or EMBARGO_ENOMEM. c->record_line is the
 * line where the record began. */
embargo_status emb__csv_next(emb_csv *c, emb_csv_field *fields, size_t max_fields,
                             size_t *nfields);

/* A load in progress (dataset.h). */
typedef struct emb_load emb_load;

/* Adds to the dataset of `ld` the notes the last record read calls for
 * (see embargo_dataset_notes): once per reader, that the input was read as
 * Windows-1252; and, if the record held invalid UTF-8, where (its first
 * invalid byte's line and column in ld->file) and how many sequences were
 * read as U+FFFD. A loader reading with emb__csv_next calls it after each
 * record; emb__csv_next_row does. EMBARGO_OK or EMBARGO_ENOMEM. */
embargo_status emb__csv_report(emb_csv *c, emb_load *ld);

/* Reads the next record of a list file being loaded, as emb__csv_next, and
 * reports it (emb__csv_report): a CSV error fails the load `ld` at its line
 * and column (emb__load_fail, EMBARGO_EFORMAT), and so does a record whose
 * number of fields is not `width` ("expected 12 fields, found 5", at its
 * line), unless width is 0. *nfields is 0 at the end of the input.
 * Sets ld->end_line to the line of the last record (1 for no record). */
embargo_status emb__csv_next_row(emb_csv *c, emb_load *ld, emb_csv_field *fields, size_t max_fields,
                                 size_t width, size_t *nfields);

/* Whether a field is OFAC's null marker "-0-" (with or without the
 * trailing space OFAC writes, quoted or not). */
int emb__csv_is_null(const emb_csv_field *f);

/* Converts `len` bytes of Windows-1252 text to UTF-8, writing at most `cap`
 * bytes to `out` (which may be NULL when cap is 0). Returns the number of
 * bytes the full conversion needs (at most 3 * len); if that is more than
 * `cap` the output is truncated at a character boundary. The five bytes
 * Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) map to the C1
 * controls U+0081 etc., as the WHATWG Encoding Standard does. */
size_t emb__cp1252_to_utf8(const char *in, size_t len, char *out, size_t cap);

#endif

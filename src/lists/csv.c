/*
 * csv.c - the CSV record reader behind the list loaders.
 *
 * Official list files are CSV in name only: OFAC's legacy files end with a
 * DOS EOF byte (0x1A) after the last CRLF, write "-0- " for null, and were
 * long published in Windows-1252. This reader accepts exactly those quirks
 * and nothing looser, because a silently mis-split row in a sanctions list
 * is worse than a refused file: every other irregularity (a stray quote in
 * an unquoted field, text after a closing quote, an unterminated quote, a
 * NUL byte) is an error with the line and column where it occurs. The
 * measured OFAC files (2021-2025) contain none of those irregularities, so
 * nothing real is refused.
 *
 * Lines and columns count from 1; a column is the byte offset in its line.
 * CRLF, LF and a lone CR each end one line, also inside quoted fields.
 *
 * Encoding, decided once per buffer in emb__csv_init on the evidence of all
 * its non-ASCII bytes. A file cannot be told UTF-8 or Windows-1252 byte by
 * byte, but as a whole it can: Windows-1252 text almost never forms valid
 * UTF-8 sequences (that takes an accented capital followed by a symbol byte),
 * and UTF-8 text with a few damaged bytes is still mostly valid sequences.
 * So the reader counts the valid multi-byte sequences (V) and the invalid
 * ones (I, each maximal invalid subpart once, as ICU's U8_NEXT finds them):
 *   I == 0           UTF-8 (a pure-ASCII file, what every OFAC file measured
 *                    is, is this);
 *   V >= 4 I         UTF-8 with errors: each record holding invalid bytes is
 *                    read with U+FFFD for each invalid sequence, and
 *                    reported (emb__csv_report: a note with its line and
 *                    column);
 *   I >= 4 V         Windows-1252, if the bytes are consistent with it: none
 *                    of the five bytes it leaves undefined, and at most one
 *                    in ten non-ASCII bytes in runs of three or more (Latin
 *                    text in Windows-1252 has an accented letter here and
 *                    there; whole words of high bytes are another code page,
 *                    Windows-1251 Cyrillic for one, which read as
 *                    Windows-1252 would be garbage). Every field is
 *                    transcoded, and a note says the file was read so;
 *   anything else    refused (EMBARGO_EFORMAT at the first byte that is not
 *                    UTF-8): a file that mixes encodings, or is in another
 *                    one, cannot be read without garbling names.
 * Before, one invalid byte anywhere made a whole UTF-8 file Windows-1252,
 * and every Cyrillic name in it garbage, silently.
 *
 * Why a damaged record is kept with U+FFFD rather than refused: refusing it
 * drops a listed party (and, in OFAC's primary file, orphans all its
 * aliases) from screening, a fail-open far worse than one unreadable
 * character; with U+FFFD the rest of the name stays intact and still
 * matches (the normaliser treats U+FFFD as a word break: "Ивано\uFFFDв
 * Сергей" against "Иванов Сергей" scores 0.97), its other names and fields
 * are whole, and the note tells the user exactly which line to fix. The
 * replacement is never silent garbage: it is one visible character, noted.
 */
#include "csv.h"
#include "dataset.h"
#include "../base/alloc.h"
#include "../base/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unicode/utf8.h>

/* Windows-1252 0x80..0x9F; the undefined five map to the C1 controls. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

size_t emb__cp1252_to_utf8(const char *in, size_t len, char *out, size_t cap) {
    size_t need = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned b = (unsigned char)in[i];
        unsigned cp = (b >= 0x80 && b < 0xA0) ? cp1252_high[b - 0x80] : b;
        unsigned char enc[3];
        size_t n;
        if (cp < 0x80) {
            enc[0] = (unsigned char)cp;
            n = 1;
        } else if (cp < 0x800) {
            enc[0] = (unsigned char)(0xC0 | (cp >> 6));
            enc[1] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 2;
        } else {
            enc[0] = (unsigned char)(0xE0 | (cp >> 12));
            enc[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            enc[2] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 3;
        }
        if (need + n <= cap) memcpy(out + need, enc, n);
        else cap = need;  /* stop writing: keep the output at a boundary */
        need += n;
    }
    return need;
}

/* Whether the bytes at s (n > 0 of them, the first >= 0x80) begin a valid
 * UTF-8 sequence; *adv is its length, or that of the maximal invalid
 * subpart (never past a byte < 0x80, so never past a delimiter). */
static int utf8_at(const char *s, size_t n, size_t *adv) {
    int32_t i = 0, lim = n > 4 ? 4 : (int32_t)n;
    UChar32 cp;
    U8_NEXT((const uint8_t *)s, i, lim, cp);
    *adv = (size_t)i;
    return cp >= 0;
}

/* The five bytes Windows-1252 leaves undefined. */
static int cp1252_undefined(unsigned b) {
    return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D;
}

static embargo_status fail(emb_csv *c, unsigned long line, unsigned long column, const char *msg);

/* Decides the encoding of c->data[c->pos, c->len) (see the top of this
 * file); a refusal is a sticky error at the first byte that is not UTF-8. */
static void decide_encoding(emb_csv *c) {
    const unsigned char *d = (const unsigned char *)c->data;
    size_t high = 0, in_runs = 0, run = 0, undefined = 0;
    unsigned long line = 1, bad_line = 0, bad_col = 0, und_line = 0, und_col = 0;
    unsigned und_byte = 0;
    size_t ls = c->pos;
    for (size_t i = c->pos; i < c->len;) {
        unsigned b = d[i];
        if (b < 0x80) {
            if (run >= 3) in_runs += run;
            run = 0;
            if (b == '\n' || (b == '\r' && (i + 1 >= c->len || d[i + 1] != '\n'))) {
                line++;
                ls = i + 1;
            }
            i++;
            continue;
        }
        size_t k;
        if (utf8_at(c->data + i, c->len - i, &k)) {
            c->enc_valid++;
        } else {
            if (!c->enc_invalid++) {
                bad_line = line;
                bad_col = (unsigned long)(i - ls + 1);
            }
        }
        for (size_t j = i; j < i + k; j++) {
            if (cp1252_undefined(d[j]) && !undefined++) {
                und_line = line;
                und_col = (unsigned long)(j - ls + 1);
                und_byte = d[j];
            }
        }
        high += k;
        run += k;
        i += k;
    }
    if (run >= 3) in_runs += run;
    size_t v = c->enc_valid, bad = c->enc_invalid;
    c->enc_line = bad_line;
    c->enc_column = bad_col;
    if (bad == 0) {
        c->encoding = EMB_CSV_UTF8;
    } else if (v >= 4 * bad) {
        c->encoding = EMB_CSV_UTF8_ERRORS;
    } else if (bad >= 4 * v && !undefined && in_runs <= high / 10) {
        c->encoding = EMB_CSV_CP1252;
    } else {
        c->encoding = EMB_CSV_REFUSED;
        if (bad >= 4 * v && undefined) {
            snprintf(c->msg_, sizeof(c->msg_),
                     "byte 0x%02X is neither UTF-8 nor Windows-1252: convert the file to UTF-8", und_byte);
            fail(c, und_line, und_col, c->msg_);
        } else if (bad >= 4 * v) {
            fail(c, bad_line, bad_col,
                 "not UTF-8, and not Windows-1252 either (whole words of non-ASCII bytes: "
                 "another code page?): convert the file to UTF-8");
        } else {
            snprintf(c->msg_, sizeof(c->msg_),
                     "not UTF-8, though %zu other characters of the file are: it mixes encodings "
                     "(%zu byte sequences are not UTF-8); convert it to UTF-8", v, bad);
            fail(c, bad_line, bad_col, c->msg_);
        }
    }
}

void emb__csv_init(emb_csv *c, const char *data, size_t len) {
    memset(c, 0, sizeof(*c));
    c->data = data;
    c->line = 1;
    c->sep = ',';
    c->err_msg = "";
    if (!data) len = 0;
    /* End of file: a DOS EOF byte and/or blank lines, in any mix. */
    while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r' || data[len - 1] == 0x1A))
        len--;
    c->len = len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        c->pos = 3;
        c->line_start = 3;
    }
    decide_encoding(c);
}

void emb__csv_init_head(emb_csv *c, const char *data, size_t len) {
    emb__csv_init(c, data, len);
    if (c->encoding != EMB_CSV_REFUSED) return;
    /* the load of the whole file refuses it, naming the line */
    c->encoding = EMB_CSV_UTF8_ERRORS;
    c->err_line = c->err_column = 0;
    c->err_msg = "";
}

void emb__csv_set_separator(emb_csv *c, char sep) {
    if (sep == '"' || sep == '\r' || sep == '\n' || sep == '\0') return;
    c->sep = sep;
}

void emb__csv_free(emb_csv *c) {
    if (!c) return;
    emb__free(c->scratch);
    c->scratch = NULL;
    c->scratch_len = c->scratch_cap = 0;
}

static embargo_status fail(emb_csv *c, unsigned long line, unsigned long column, const char *msg) {
    c->err_line = line;
    c->err_column = column;
    c->err_msg = msg;
    return EMBARGO_EFORMAT;
}

/* Makes room for n more scratch bytes. Field pointers into the scratch are
 * only fixed up when the record is complete, so moving it is harmless. */
static int scratch_reserve(emb_csv *c, size_t n) {
    if (n > SIZE_MAX / 2 - c->scratch_len) return -1;
    return EMB_GROW(c->scratch, c->scratch_cap, c->scratch_len + n);
}

/* Copies [s, s+n) into the scratch, undoubling quotes if `quoted`,
 * transcoding bytes >= 0x80 if the input is Windows-1252, and writing
 * U+FFFD for each invalid sequence if it is UTF-8 with errors. */
static int scratch_put(emb_csv *c, const char *s, size_t n, int quoted) {
    if (n > SIZE_MAX / 4) return -1;
    if (scratch_reserve(c, 3 * n)) return -1;
    char *o = c->scratch + c->scratch_len;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (quoted && b == '"') {
            *o++ = '"';
            i += 2;  /* the second quote of the pair too */
        } else if (b < 0x80) {
            *o++ = (char)b;
            i++;
        } else if (c->encoding == EMB_CSV_CP1252) {
            o += emb__cp1252_to_utf8(s + i, 1, o, 3);
            i++;
        } else {
            size_t k;
            if (utf8_at(s + i, n - i, &k)) {
                memcpy(o, s + i, k);
                o += k;
            } else {
                memcpy(o, "\xEF\xBF\xBD", 3);  /* U+FFFD: k <= 3 bytes, so within 3 n */
                o += 3;
            }
            i += k;
        }
    }
    c->scratch_len = (size_t)(o - c->scratch);
    return 0;
}

/* Points f at the n bytes at s, or, when they must change (`copy`:
 * doubled quotes to undo, Windows-1252 to transcode, invalid UTF-8 to
 * replace), at their copy in the scratch; -1 on OOM. */
static int set_field(emb_csv *c, emb_csv_field *f, const char *s, size_t n, int quoted, int copy) {
    if (!copy) {
        f->ptr = s;
        f->len = n;
        return 0;
    }
    size_t off = c->scratch_len;
    if (scratch_put(c, s, n, quoted)) return -1;
    f->in_scratch_ = 1;
    f->scratch_off_ = off;
    f->len = c->scratch_len - off;
    return 0;
}

static unsigned long col_at(const emb_csv *c, size_t pos) {
    return (unsigned long)(pos - c->line_start + 1);
}

/* Steps over the non-ASCII character at pos when the input is UTF-8 with
 * errors (see the top of the file): returns the position after it, and
 * counts it in the record's invalid sequences if it is one. */
static size_t step_high(emb_csv *c, size_t pos, int *bad) {
    size_t k;
    if (utf8_at(c->data + pos, c->len - pos, &k)) return pos + k;
    *bad = 1;
    if (!c->rec_bad++) {
        c->rec_bad_line = c->line;
        c->rec_bad_column = col_at(c, pos);
    }
    return pos + k;
}

/* Advances past a line end at pos (CRLF, LF or CR). */
static size_t skip_eol(emb_csv *c, size_t pos) {
    if (c->data[pos] == '\r' && pos + 1 < c->len && c->data[pos + 1] == '\n') pos++;
    pos++;
    c->line++;
    c->line_start = pos;
    return pos;
}

embargo_status emb__csv_next(emb_csv *c, emb_csv_field *fields, size_t max_fields,
                             size_t *nfields) {
    *nfields = 0;
    if (c->err_msg && c->err_msg[0]) return EMBARGO_EFORMAT;
    if (c->pos >= c->len) return EMBARGO_OK;
    const char *d = c->data;
    size_t len = c->len, pos = c->pos, count = 0;
    const char sep = c->sep ? c->sep : ',';
    c->record_line = c->line;
    c->scratch_len = 0;
    c->rec_bad = 0;
    const int check = c->encoding == EMB_CSV_UTF8_ERRORS;
    const int transcode = c->encoding == EMB_CSV_CP1252;
    for (;;) {
        emb_csv_field f;
        memset(&f, 0, sizeof(f));
        f.column = col_at(c, pos);
        if (pos < len && d[pos] == '"') {
            unsigned long open_line = c->line, open_col = f.column;
            size_t start = ++pos;
            int doubled = 0, high = 0, bad = 0;
            for (;;) {
                if (pos >= len)
                    return fail(c, open_line, open_col, "unterminated quoted field");
                unsigned char b = (unsigned char)d[pos];
                if (b == '"') {
                    if (pos + 1 < len && d[pos + 1] == '"') { doubled = 1; pos += 2; continue; }
                    break;
                }
                if (b == 0) return fail(c, c->line, col_at(c, pos), "NUL byte in quoted field");
                if (b == '\r' || b == '\n') {
                    /* skip_eol consumes a CRLF pair as one line end */
                    pos = skip_eol(c, pos);
                    continue;
                }
                if (b >= 0x80) {
                    high = 1;
                    if (check) {
                        pos = step_high(c, pos, &bad);
                        continue;
                    }
                }
                pos++;
            }
            size_t n = pos - start;
            pos++;  /* closing quote */
            if (pos < len && d[pos] != sep && d[pos] != '\r' && d[pos] != '\n')
                return fail(c, c->line, col_at(c, pos),
                            d[pos] == 0 ? "NUL byte after closing quote"
                                        : "unexpected character after closing quote");
            f.quoted = 1;
            if (set_field(c, &f, d + start, n, 1, doubled || (high && transcode) || bad))
                return EMBARGO_ENOMEM;
        } else {
            size_t start = pos;
            int high = 0, bad = 0;
            while (pos < len) {
                unsigned char b = (unsigned char)d[pos];
                if (b == (unsigned char)sep || b == '\r' || b == '\n') break;
                if (b == '"') return fail(c, c->line, col_at(c, pos), "quote inside unquoted field");
                if (b == 0) return fail(c, c->line, col_at(c, pos), "NUL byte");
                if (b >= 0x80) {
                    high = 1;
                    if (check) {
                        pos = step_high(c, pos, &bad);
                        continue;
                    }
                }
                pos++;
            }
            if (set_field(c, &f, d + start, pos - start, 0, (high && transcode) || bad))
                return EMBARGO_ENOMEM;
        }
        if (count < max_fields) fields[count] = f;
        count++;
        if (pos >= len) break;
        if (d[pos] == sep) { pos++; continue; }
        pos = skip_eol(c, pos);  /* '\r' or '\n' */
        break;
    }
    c->pos = pos;
    size_t kept = count < max_fields ? count : max_fields;
    for (size_t i = 0; i < kept; i++)
        if (fields[i].in_scratch_) fields[i].ptr = c->scratch + fields[i].scratch_off_;
    *nfields = count;
    return EMBARGO_OK;
}

embargo_status emb__csv_report(emb_csv *c, emb_load *ld) {
    embargo_status st = EMBARGO_OK;
    if (!c->enc_noted) {
        c->enc_noted = 1;
        if (c->encoding == EMB_CSV_CP1252)
            st = emb__dataset_note(ld->ds, EMBARGO_OK, ld->file, c->enc_line, c->enc_column,
                                   "read as Windows-1252, not UTF-8: %zu byte sequence%s not UTF-8, "
                                   "the first here%s",
                                   c->enc_invalid, c->enc_invalid == 1 ? " is" : "s are",
                                   c->enc_valid ? " (and the few that are, taken as accidental)" : "");
    }
    if (st == EMBARGO_OK && c->rec_bad)
        st = emb__load_note(ld, c->rec_bad_line, c->rec_bad_column,
                            "not valid UTF-8: %zu byte sequence%s of this record read as U+FFFD",
                            c->rec_bad, c->rec_bad == 1 ? "" : "s");
    c->rec_bad = 0;
    return st;
}

embargo_status emb__csv_next_row(emb_csv *c, emb_load *ld, emb_csv_field *fields, size_t max_fields,
                                 size_t width, size_t *nfields) {
    embargo_status st = emb__csv_next(c, fields, max_fields, nfields);
    if (st == EMBARGO_EFORMAT) return emb__load_fail(ld, c->err_line, c->err_column, "%s", c->err_msg);
    if (st != EMBARGO_OK) return st;
    if (*nfields == 0) {
        ld->end_line = c->record_line ? c->record_line : 1;
        return EMBARGO_OK;
    }
    ld->end_line = c->record_line;
    st = emb__csv_report(c, ld);
    if (st == EMBARGO_OK && width && *nfields != width)
        return emb__load_fail(ld, c->record_line, 1, "expected %zu fields, found %zu", width, *nfields);
    return st;
}

int emb__csv_is_null(const emb_csv_field *f) {
    size_t n = f->len;
    while (n > 3 && f->ptr[n - 1] == ' ') n--;
    return n == 3 && memcmp(f->ptr, "-0-", 3) == 0;
}

/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader (src/lists/csv.c).
 *
 * Reads every record of the input and checks the reader's promises: each
 * field lies inside the input or the reader's scratch buffer, is valid
 * UTF-8, and errors carry a line and column; the encoding decided is one of
 * the four, a refused input fails at its first read, invalid UTF-8 is
 * counted only in a file read as UTF-8 with errors and is reported at a
 * line within the record, and a field of a valid UTF-8 file without
 * doubled quotes is the input's own bytes. Also runs the Windows-1252
 * converter over the input and checks its size contract.
 */
#include "lists/csv.h"
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int inside(const char *p, size_t n, const char *base, size_t len) {
    return p >= base && n <= len && (size_t)(p - base) <= len - n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *in = (const char *)data;
    emb_csv c;
    emb_csv_field f[8];
    emb__csv_init(&c, in, size);
    if (c.encoding > EMB_CSV_REFUSED) abort();
    if ((c.enc_invalid == 0) != (c.encoding == EMB_CSV_UTF8)) abort();
    unsigned long last_line = 0;
    int first = 1;
    for (;;) {
        size_t n = 0;
        embargo_status st = emb__csv_next(&c, f, 8, &n);
        if (c.encoding == EMB_CSV_REFUSED && (st != EMBARGO_EFORMAT || !first)) abort();
        first = 0;
        if (st == EMBARGO_EFORMAT) {
            if (c.err_line == 0 || c.err_column == 0 || !c.err_msg || !c.err_msg[0]) abort();
            break;
        }
        if (st != EMBARGO_OK) break;  /* ENOMEM */
        if (n == 0) break;
        if (c.record_line <= last_line && last_line) abort();
        last_line = c.record_line;
        if (c.rec_bad && (c.encoding != EMB_CSV_UTF8_ERRORS || c.rec_bad_line < c.record_line ||
                          c.rec_bad_line > c.line || c.rec_bad_column == 0))
            abort();
        for (size_t i = 0; i < n && i < 8; i++) {
            if (f[i].len && !inside(f[i].ptr, f[i].len, in, size) &&
                !inside(f[i].ptr, f[i].len, c.scratch, c.scratch_len))
                abort();
            if (f[i].len && emb__utf8_check(f[i].ptr, f[i].len) != f[i].len) abort();
            if (c.encoding == EMB_CSV_UTF8 && f[i].len && !inside(f[i].ptr, f[i].len, in, size) &&
                !memchr(f[i].ptr, '"', f[i].len))
                abort();  /* copied though nothing in it had to change */
            (void)emb__csv_is_null(&f[i]);
        }
    }
    emb__csv_free(&c);

    size_t need = emb__cp1252_to_utf8(in, size, NULL, 0);
    if (need > 3 * size) abort();
    char *out = malloc(need + 1);
    if (out) {
        if (emb__cp1252_to_utf8(in, size, out, need) != need) abort();
        if (emb__utf8_check(out, need) != need) abort();
        free(out);
    }
    return 0;
}

/*
 * test_csv.c - unit tests for the CSV reader (src/lists/csv.c): quoting,
 * line ends, OFAC's end-of-file quirks, error positions, and the encoding
 * decided on the evidence of the whole input (UTF-8, UTF-8 with a few bad
 * bytes read as U+FFFD, Windows-1252, or refused).
 */
#include "test.h"
#include "lists/csv.h"
#include "base/utf8.h"

#include <string.h>

#define MAXF 16

typedef struct rec {
    embargo_status st;
    size_t n;
    emb_csv_field f[MAXF];
} rec;

static rec next(emb_csv *c) {
    rec r;
    memset(&r, 0, sizeof(r));
    r.st = emb__csv_next(c, r.f, MAXF, &r.n);
    return r;
}

static int feq(const emb_csv_field *f, const char *s) {
    return f->len == strlen(s) && memcmp(f->ptr, s, f->len) == 0;
}

TEST(crlf_and_dos_eof) {
    static const char in[] = "36,\"AEROCARIBBEAN AIRLINES\",-0- \r\n173,\"X\",-0- \r\n\x1a";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    rec r = next(&c);
    CHECK_EQ_INT(r.st, EMBARGO_OK);
    CHECK_EQ_INT(r.n, 3);
    CHECK_EQ_INT(c.record_line, 1);
    CHECK(feq(&r.f[0], "36"));
    CHECK(feq(&r.f[1], "AEROCARIBBEAN AIRLINES"));
    CHECK(r.f[1].quoted);
    CHECK(!r.f[0].quoted);
    CHECK(feq(&r.f[2], "-0- "));
    CHECK(emb__csv_is_null(&r.f[2]));
    CHECK(!emb__csv_is_null(&r.f[1]));
    CHECK_EQ_INT(r.f[1].column, 4);
    r = next(&c);
    CHECK_EQ_INT(r.n, 3);
    CHECK_EQ_INT(c.record_line, 2);
    CHECK(feq(&r.f[0], "173"));
    r = next(&c);
    CHECK_EQ_INT(r.st, EMBARGO_OK);
    CHECK_EQ_INT(r.n, 0);
    r = next(&c);  /* stays at the end */
    CHECK_EQ_INT(r.n, 0);
    emb__csv_free(&c);
}

TEST(lf_cr_and_trailing_blank_lines) {
    static const char in[] = "a,b\nc,d\re,f\r\n\r\n\n\x1a\r\n";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    rec r = next(&c);
    CHECK(r.n == 2 && feq(&r.f[0], "a") && feq(&r.f[1], "b"));
    r = next(&c);
    CHECK(r.n == 2 && feq(&r.f[0], "c") && feq(&r.f[1], "d"));
    CHECK_EQ_INT(c.record_line, 2);
    r = next(&c);
    CHECK(r.n == 2 && feq(&r.f[0], "e") && feq(&r.f[1], "f"));
    CHECK_EQ_INT(c.record_line, 3);
    r = next(&c);
    CHECK_EQ_INT(r.n, 0);
    emb__csv_free(&c);
}

TEST(blank_line_inside_is_a_record) {
    static const char in[] = "a\r\n\r\nb\r\n";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    rec r = next(&c);
    CHECK(r.n == 1 && feq(&r.f[0], "a"));
    r = next(&c);
    CHECK(r.n == 1 && r.f[0].len == 0);
    CHECK_EQ_INT(c.record_line, 2);
    r = next(&c);
    CHECK(r.n == 1 && feq(&r.f[0], "b"));
    CHECK_EQ_INT(c.record_line, 3);
    CHECK_EQ_INT(next(&c).n, 0);
    emb__csv_free(&c);
}

TEST(empty_input) {
    emb_csv c;
    emb__csv_init(&c, "", 0);
    CHECK_EQ_INT(next(&c).n, 0);
    emb__csv_free(&c);
    emb__csv_init(&c, "\x1a", 1);
    CHECK_EQ_INT(next(&c).n, 0);
    emb__csv_free(&c);
    emb__csv_init(&c, NULL, 0);
    CHECK_EQ_INT(next(&c).n, 0);
    emb__csv_free(&c);
}

TEST(empty_fields) {
    static const char in[] = ",,\"\",x,";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    rec r = next(&c);
    CHECK_EQ_INT(r.n, 5);
    CHECK(r.f[0].len == 0 && r.f[1].len == 0 && r.f[2].len == 0 && r.f[4].len == 0);
    CHECK(r.f[2].quoted);
    CHECK(feq(&r.f[3], "x"));
    CHECK_EQ_INT(r.f[4].column, 8);
    emb__csv_free(&c);
}

TEST(doubled_quotes) {
    static const char in[] = "\"he said \"\"hi\"\"\",\"\"\"\",plain,\"a\"\"b\"\r\nnext";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    rec r = next(&c);
    CHECK_EQ_INT(r.st, EMBARGO_OK);
    CHECK_EQ_INT(r.n, 4);
    CHECK(feq(&r.f[0], "he said \"hi\""));
    CHECK(feq(&r.f[1], "\""));
    CHECK(feq(&r.f[2], "plain"));
    CHECK(r.f[2].ptr >= in && r.f[2].ptr < in + sizeof(in));  /* no copy */
    CHECK(feq(&r.f[3], "a\"b"));
    r = next(&c);
    CHECK(r.n == 1 && feq(&r.f[0], "next"));
    emb__csv_free(&c);
}

TEST(scratch_growth_keeps_fields_valid) {
    /* Several unescaped fields, the later ones long enough to move the
     * scratch buffer: the earlier ones must still read right. */
    char in[4096];
    size_t o = 0;
    o += (size_t)snprintf(in + o, sizeof(in) - o, "\"x\"\"y\",");
    in[o++] = '"';
    for (int i = 0; i < 1500; i++) { in[o++] = 'a'; if (i % 100 == 0) { in[o++] = '"'; in[o++] = '"'; } }
    in[o++] = '"';
    in[o++] = ',';
    o += (size_t)snprintf(in + o, sizeof(in) - o, "\"z\"\"\"");
    emb_csv c;
    emb__csv_init(&c, in, o);
    rec r = next(&c);
    CHECK_EQ_INT(r.st, EMBARGO_OK);
    CHECK_EQ_INT(r.n, 3);
    CHECK(feq(&r.f[0], "x\"y"));
    CHECK_EQ_INT(r.f[1].len, 1500 + 15);
    CHECK(feq(&r.f[2], "z\""));
    emb__csv_free(&c);
}

TEST(newlines_inside_quotes_count_lines) {
    static const char in[] = "1,\"two\r\nlines\"\r\n2,\"x\ny\rz\"\r\n3,w";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    rec r = next(&c);
    CHECK(r.n == 2 && feq(&r.f[1], "two\r\nlines"));
    CHECK_EQ_INT(c.record_line, 1);
    r = next(&c);
    CHECK(r.n == 2 && feq(&r.f[1], "x\ny\rz"));
    CHECK_EQ_INT(c.record_line, 3);
    r = next(&c);
    CHECK(r.n == 2 && feq(&r.f[0], "3"));
    CHECK_EQ_INT(c.record_line, 6);
    emb__csv_free(&c);
}

TEST(more_fields_than_room) {
    static const char in[] = "1,2,3,4,5";
    emb_csv c;
    emb_csv_field f[2];
    size_t n = 0;
    emb__csv_init(&c, in, sizeof(in) - 1);
    CHECK_EQ_INT(emb__csv_next(&c, f, 2, &n), EMBARGO_OK);
    CHECK_EQ_INT(n, 5);
    CHECK(feq(&f[0], "1") && feq(&f[1], "2"));
    emb__csv_free(&c);
}

TEST(is_null_variants) {
    emb_csv_field f;
    memset(&f, 0, sizeof(f));
    const char *yes[] = { "-0-", "-0- ", "-0-   " };
    const char *no[] = { "", "-0", "-0-x", " -0-", "0", "-0-- " };
    for (size_t i = 0; i < 3; i++) { f.ptr = yes[i]; f.len = strlen(yes[i]); CHECK(emb__csv_is_null(&f)); }
    for (size_t i = 0; i < 6; i++) { f.ptr = no[i]; f.len = strlen(no[i]); CHECK(!emb__csv_is_null(&f)); }
}

TEST(error_unterminated_quote) {
    static const char in[] = "a,b\r\nc,\"never closed,\r\nmore\r\n";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    rec r = next(&c);
    CHECK_EQ_INT(r.st, EMBARGO_OK);
    r = next(&c);
    CHECK_EQ_INT(r.st, EMBARGO_EFORMAT);
    CHECK_EQ_INT(c.err_line, 2);     /* where the quote opened */
    CHECK_EQ_INT(c.err_column, 3);
    CHECK(strstr(c.err_msg, "unterminated") != NULL);
    r = next(&c);  /* sticky */
    CHECK_EQ_INT(r.st, EMBARGO_EFORMAT);
    emb__csv_free(&c);
}

TEST(error_stray_quote) {
    static const char in[] = "1,2\n3,ab\"c,4\n";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    CHECK_EQ_INT(next(&c).st, EMBARGO_OK);
    CHECK_EQ_INT(next(&c).st, EMBARGO_EFORMAT);
    CHECK_EQ_INT(c.err_line, 2);
    CHECK_EQ_INT(c.err_column, 5);
    CHECK(strstr(c.err_msg, "quote") != NULL);
    emb__csv_free(&c);
}

TEST(error_text_after_quote) {
    static const char in[] = "\"a\"b,c";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    CHECK_EQ_INT(next(&c).st, EMBARGO_EFORMAT);
    CHECK_EQ_INT(c.err_line, 1);
    CHECK_EQ_INT(c.err_column, 4);
    emb__csv_free(&c);
}

TEST(error_nul_byte) {
    static const char in[] = "1,2\r\n3,4\r\n5,a\0b\r\n";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    CHECK_EQ_INT(next(&c).st, EMBARGO_OK);
    CHECK_EQ_INT(next(&c).st, EMBARGO_OK);
    CHECK_EQ_INT(next(&c).st, EMBARGO_EFORMAT);
    CHECK_EQ_INT(c.err_line, 3);
    CHECK_EQ_INT(c.err_column, 4);
    CHECK(strstr(c.err_msg, "NUL") != NULL);
    emb__csv_free(&c);
    static const char in2[] = "\"a\0\"";
    emb__csv_init(&c, in2, sizeof(in2) - 1);
    CHECK_EQ_INT(next(&c).st, EMBARGO_EFORMAT);
    CHECK_EQ_INT(c.err_column, 3);
    emb__csv_free(&c);
}

TEST(cp1252_file_is_transcoded) {
    static const char in[] = "Caf\xe9,\"\x80 5\",\"S\xe3o \"\"Paulo\"\"\",ascii\r\n";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    CHECK_EQ_INT(c.encoding, EMB_CSV_CP1252);
    rec r = next(&c);
    CHECK_EQ_INT(r.st, EMBARGO_OK);
    CHECK_EQ_INT(r.n, 4);
    CHECK(feq(&r.f[0], "Caf\xc3\xa9"));
    CHECK(feq(&r.f[1], "\xe2\x82\xac 5"));
    CHECK(feq(&r.f[2], "S\xc3\xa3o \"Paulo\""));
    CHECK(feq(&r.f[3], "ascii"));
    for (int i = 0; i < 4; i++) CHECK(emb__utf8_check(r.f[i].ptr, r.f[i].len) == r.f[i].len);
    emb__csv_free(&c);
}

TEST(utf8_file_is_kept) {
    static const char in[] = "\xef\xbb\xbf" "Caf\xc3\xa9,\xd0\x9a\xd0\xbe\r\n";
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    CHECK_EQ_INT(c.encoding, EMB_CSV_UTF8);
    rec r = next(&c);
    CHECK_EQ_INT(r.n, 2);
    CHECK(feq(&r.f[0], "Caf\xc3\xa9"));  /* BOM skipped */
    CHECK_EQ_INT(r.f[0].column, 1);
    CHECK(r.f[0].ptr == in + 3);         /* not copied */
    CHECK(feq(&r.f[1], "\xd0\x9a\xd0\xbe"));
    emb__csv_free(&c);
}

TEST(cp1252_conversion) {
    char out[16];
    CHECK_EQ_INT(emb__cp1252_to_utf8("a\x80\xe9\x81", 4, out, sizeof(out)), 1 + 3 + 2 + 2);
    CHECK(memcmp(out, "a\xe2\x82\xac\xc3\xa9\xc2\x81", 8) == 0);
    CHECK_EQ_INT(emb__cp1252_to_utf8("\x9f", 1, NULL, 0), 2);  /* Y with diaeresis */
    memset(out, 'x', sizeof(out));
    CHECK_EQ_INT(emb__cp1252_to_utf8("a\x80", 2, out, 2), 4);  /* truncated at a boundary */
    CHECK(out[0] == 'a' && out[1] == 'x');
}

/* Reads every record of `in`, checking that each field is valid UTF-8;
 * returns the last status (EMBARGO_OK at the end). */
static embargo_status read_all(emb_csv *c) {
    rec r;
    do {
        r = next(c);
        for (size_t k = 0; k < r.n && k < MAXF; k++)
            CHECK(emb__utf8_check(r.f[k].ptr, r.f[k].len) == r.f[k].len);
    } while (r.st == EMBARGO_OK && r.n);
    return r.st;
}

TEST(encoding_decision) {
    /* Windows-1252: non-ASCII bytes that are overwhelmingly not UTF-8, in
     * the places Latin text has them (an accented letter here and there) */
    static const char *const cp1252[] = {
        "a,\xc0\xaf",                           /* two bytes, no UTF-8 */
        "\x80", "\xff",                         /* one byte */
        "ok\r\n\xe2\x82",                       /* a UTF-8 sequence cut short: one, no valid one */
        "JOS\xc9 MAR\xcd\x41,S\xe3o Paulo,M\xfcller,Fran\xe7ois,Ni\xf1o,\xab\x45\xbb",
        "CAF\xc9\xbb,\xe9t\xe9,Jos\xe9,Mu\xf1oz", /* one accidental UTF-8 pair (\xc9\xbb), 4 others */
    };
    for (size_t i = 0; i < sizeof(cp1252) / sizeof(cp1252[0]); i++) {
        emb_csv c;
        emb__csv_init(&c, cp1252[i], strlen(cp1252[i]));
        CHECK_EQ_INT(c.encoding, EMB_CSV_CP1252);
        CHECK_EQ_INT(read_all(&c), EMBARGO_OK);
        emb__csv_free(&c);
    }
    static const char *const utf8[] = { "", "abc", "\xc3\xa9,\xe2\x82\xac", "\xf0\x9f\x98\x80" };
    for (size_t i = 0; i < sizeof(utf8) / sizeof(utf8[0]); i++) {
        emb_csv c;
        emb__csv_init(&c, utf8[i], strlen(utf8[i]));
        CHECK_EQ_INT(c.encoding, EMB_CSV_UTF8);
        emb__csv_free(&c);
    }
    /* UTF-8 with errors: valid sequences outnumber the invalid ones 4 to 1 */
    static const char *const damaged[] = {
        "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2,\xff",       /* Иванов, and one bad byte */
        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc0",                         /* 4 to 1 */
    };
    for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
        emb_csv c;
        emb__csv_init(&c, damaged[i], strlen(damaged[i]));
        CHECK_EQ_INT(c.encoding, EMB_CSV_UTF8_ERRORS);
        CHECK_EQ_INT(read_all(&c), EMBARGO_OK);
        emb__csv_free(&c);
    }
}

/* Neither UTF-8 nor Windows-1252: refused at the first byte that is not
 * UTF-8, with its line and column, not read as garbage. */
TEST(encoding_refused) {
    static const struct { const char *in; unsigned long line, column; const char *why; } cases[] = {
        /* Windows-1251 Cyrillic: "ИВАНОВ, Иван" read as Windows-1252 would be
         * "ÈÂÀÍÎÂ, Èâàí": whole words of high bytes */
        { "1,ok\r\n2,\"\xc8\xc2\xc0\xcd\xce\xc2, \xc8\xe2\xe0\xed\"\r\n", 2, 4, "code page" },
        /* bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) */
        { "a\nb,c\x8d\x64", 2, 4, "0x8D" },
        { "\xf4\x90\x80\x80", 1, 2, "0x90" },
        /* as many valid UTF-8 characters as invalid bytes: mixed */
        { "\xd0\x98\xd0\xb2,x\r\n\xc8\xe2,y\r\n", 2, 1, "mixes encodings" },
        /* surrogates encoded as UTF-8 (invalid): a run of three high bytes */
        { "\xed\xa0\x80", 1, 1, "code page" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        emb_csv c;
        emb__csv_init(&c, cases[i].in, strlen(cases[i].in));
        CHECK_EQ_INT(c.encoding, EMB_CSV_REFUSED);
        rec r = next(&c);
        CHECK_EQ_INT(r.st, EMBARGO_EFORMAT);
        CHECK_EQ_INT(c.err_line, cases[i].line);
        CHECK_EQ_INT(c.err_column, cases[i].column);
        CHECK(strstr(c.err_msg, cases[i].why) != NULL);
        if (strstr(c.err_msg, cases[i].why) == NULL) fprintf(stderr, "  case %zu: %s\n", i, c.err_msg);
        emb__csv_free(&c);
    }
}

/* One bad byte in a UTF-8 file: its Cyrillic stays Cyrillic (before, the
 * whole file was read as Windows-1252: "Ð˜Ð²Ð°Ð½Ð¾Ð²"), the bad sequence is
 * U+FFFD, and the record says where it was. */
TEST(utf8_with_errors) {
    static const char in[] =
        "1,\"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2 \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\"\r\n"  /* Иванов Иван */
        "2,\"\xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2\"\r\n"                                /* Петров */
        "3,\"two\r\nlines \xd0\xa1\xd0\xb8\xd0\xb4\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb2 \xe9t\xe9\",x\xc0\xaf\r\n" /* Сидоров, then Latin-1 é */
        "4,\xd0\x9a\xd0\xbe\xd0\xb7\xd0\xbb\xd0\xbe\xd0\xb2\r\n";                                 /* Козлов */
    emb_csv c;
    emb__csv_init(&c, in, sizeof(in) - 1);
    CHECK_EQ_INT(c.encoding, EMB_CSV_UTF8_ERRORS);
    CHECK_EQ_INT(c.enc_invalid, 4);                 /* é, é, \xc0, \xaf */
    CHECK_EQ_INT(c.enc_line, 4);
    CHECK_EQ_INT(c.enc_column, 22);   /* bytes: "lines " and 7 Cyrillic letters and a space */
    rec r = next(&c);
    CHECK_EQ_INT(r.n, 2);
    CHECK(feq(&r.f[1], "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2 \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd"));
    CHECK(r.f[1].ptr > in && r.f[1].ptr < in + sizeof(in));  /* unchanged, not copied */
    CHECK_EQ_INT(c.rec_bad, 0);
    r = next(&c);
    CHECK(feq(&r.f[1], "\xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2"));
    CHECK_EQ_INT(c.rec_bad, 0);
    r = next(&c);
    CHECK_EQ_INT(r.st, EMBARGO_OK);
    CHECK_EQ_INT(r.n, 3);
    CHECK_EQ_INT(c.record_line, 3);
    /* each invalid sequence one U+FFFD (\xc0 and \xaf are two: ICU's
     * maximal subparts, as the WHATWG decoder counts them) */
    CHECK(feq(&r.f[1], "two\r\nlines \xd0\xa1\xd0\xb8\xd0\xb4\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb2 "
                       "\xef\xbf\xbdt\xef\xbf\xbd"));
    CHECK(feq(&r.f[2], "x\xef\xbf\xbd\xef\xbf\xbd"));
    CHECK_EQ_INT(c.rec_bad, 4);
    CHECK_EQ_INT(c.rec_bad_line, 4);   /* the first bad byte: line 4 (the field's second line) */
    CHECK_EQ_INT(c.rec_bad_column, 22);
    r = next(&c);
    CHECK(feq(&r.f[1], "\xd0\x9a\xd0\xbe\xd0\xb7\xd0\xbb\xd0\xbe\xd0\xb2"));
    CHECK_EQ_INT(c.rec_bad, 0);
    CHECK_EQ_INT(next(&c).n, 0);
    emb__csv_free(&c);
}

int main(void) {
    RUN(crlf_and_dos_eof);
    RUN(lf_cr_and_trailing_blank_lines);
    RUN(blank_line_inside_is_a_record);
    RUN(empty_input);
    RUN(empty_fields);
    RUN(doubled_quotes);
    RUN(scratch_growth_keeps_fields_valid);
    RUN(newlines_inside_quotes_count_lines);
    RUN(more_fields_than_room);
    RUN(is_null_variants);
    RUN(error_unterminated_quote);
    RUN(error_stray_quote);
    RUN(error_text_after_quote);
    RUN(error_nul_byte);
    RUN(cp1252_file_is_transcoded);
    RUN(utf8_file_is_kept);
    RUN(cp1252_conversion);
    RUN(encoding_decision);
    RUN(encoding_refused);
    RUN(utf8_with_errors);
    return test_summary();
}

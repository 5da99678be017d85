/*
 * test_charset.c - unit tests for charsets (src/scan/charset.c) and the
 * scanner's reading of documents that are not in UTF-8.
 *
 * The documents are written here in UTF-8 and encoded with ICU into the
 * charset under test, part by part, so that the expected offsets of every
 * name are known from the parts: a mention's byte offsets must point at the
 * name's bytes in the encoded document, and its character offsets must
 * count the code points before it (a byte order mark is one). A few byte
 * sequences are also written out by hand, so that the encoder is not the
 * only witness. They are scanned over an index of tests/cases/lists/mini
 * (KOSACHEV is ofac-sdn:24231 there, as in the bundled data) and of one
 * person with a Spanish name.
 */
#include "test.h"
#include "embargo.h"
#include "scan/charset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicode/ucnv.h>

static embargo_index *ix;

#define KOSACHEV "ofac-sdn:24231"
#define MADURO "opensanctions:maduro"

/* ---- building documents -------------------------------------------------------- */

/* A document built from parts, each encoded into one charset: part i is
 * at bytes [at[i], end[i]) and has chars[i] code points before it. */
typedef struct doc {
    char *data;
    size_t len, cap;
    size_t at[16], end[16];
    uint64_t chars[16], total;
    int parts;
} doc;

static uint64_t utf8_chars(const char *s) {
    uint64_t k = 0;
    for (; *s; s++) k += ((unsigned char)*s & 0xC0) != 0x80;
    return k;
}

/* Appends n bytes that decode to `chars` code points. */
static void doc_raw(doc *d, const void *bytes, size_t n, uint64_t chars) {
    if (d->parts >= 16) return;
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->data = realloc(d->data, d->cap);
    }
    memcpy(d->data + d->len, bytes, n);
    d->at[d->parts] = d->len;
    d->chars[d->parts] = d->total;
    d->len += n;
    d->end[d->parts] = d->len;
    d->total += chars;
    d->parts++;
}

/* Appends UTF-8 text encoded in `charset` (no BOM is written: ICU's
 * UTF-16LE/BE converters write none). */
static void doc_add(doc *d, const char *charset, const char *utf8) {
    UErrorCode e = U_ZERO_ERROR;
    char buf[1 << 14];
    int32_t n = ucnv_convert(charset, "UTF-8", buf, (int32_t)sizeof(buf), utf8, (int32_t)strlen(utf8), &e);
    CHECK(U_SUCCESS(e));
    doc_raw(d, buf, U_SUCCESS(e) ? (size_t)n : 0, utf8_chars(utf8));
}

/* Whether n bytes at `needle` occur in data[0, len). */
static int contains(const char *data, size_t len, const char *needle, size_t n) {
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0) return 1;
    return 0;
}

static void doc_free(doc *d) {
    free(d->data);
    memset(d, 0, sizeof(*d));
}

/* ---- scanning ------------------------------------------------------------------------ */

typedef struct mention_rec {
    char id[64];
    uint64_t start, end, char_start, char_end;
    char text[128];
} mention_rec;

typedef struct found {
    mention_rec m[64];
    int n;
    char note[512];
    char charset[64];
    unsigned flags;
} found;

static int on_mention(void *ctx, const embargo_mention *m) {
    found *f = ctx;
    if (f->n >= 64) return 1;
    mention_rec *r = &f->m[f->n++];
    snprintf(r->id, sizeof(r->id), "%.*s", (int)m->entity.id_len, m->entity.id);
    r->start = m->start;
    r->end = m->end;
    r->char_start = m->char_start;
    r->char_end = m->char_end;
    snprintf(r->text, sizeof(r->text), "%.*s", (int)m->len, m->text);
    return 0;
}

/* Scans `data` with a new scanner (html; charset: the caller's, or NULL). */
static embargo_status scan(const char *data, size_t len, int html, const char *charset, found *f) {
    embargo_scan_options o;
    embargo_scan_options_init(&o);
    o.html = html;
    o.charset = charset;
    embargo_scanner *s = NULL;
    memset(f, 0, sizeof(*f));
    embargo_status st = embargo_scanner_new(ix, &o, &s);
    if (st) return st;
    st = embargo_scanner_scan(s, data, len, on_mention, f);
    const char *cs = NULL;
    snprintf(f->note, sizeof(f->note), "%s", embargo_scanner_note(s, &cs, &f->flags));
    snprintf(f->charset, sizeof(f->charset), "%s", cs ? cs : "(null)");
    embargo_scanner_free(s);
    return st;
}

/* Whether mention i is of entity `id` at exactly part p of the document. */
static int mention_at(const found *f, int i, const char *id, const doc *d, int p, uint64_t char_base) {
    if (i >= f->n) {
        fprintf(stderr, "  mention %d missing (%d found)\n", i, f->n);
        return 0;
    }
    const mention_rec *m = &f->m[i];
    int ok = strcmp(m->id, id) == 0 && m->start == d->at[p] && m->end == d->end[p] &&
             m->char_start == char_base + d->chars[p];
    if (!ok)
        fprintf(stderr, "  mention %d: %s %llu-%llu chars %llu-%llu '%s'; expected %s %zu-%zu chars %llu\n", i,
                m->id, (unsigned long long)m->start, (unsigned long long)m->end,
                (unsigned long long)m->char_start, (unsigned long long)m->char_end, m->text, id, d->at[p],
                d->end[p], (unsigned long long)(char_base + d->chars[p]));
    return ok;
}

static int has(const char *hay, const char *needle) {
    int ok = strstr(hay, needle) != NULL;
    if (!ok) fprintf(stderr, "  \"%s\" does not say \"%s\"\n", hay, needle);
    return ok;
}

/* ---- the tests ------------------------------------------------------------------------------ */

/* Labels are read as browsers read them. */
TEST(labels) {
    char icu[EMB_CHARSET_NAME], name[EMB_CHARSET_NAME];
    CHECK_EQ_INT(emb__charset_resolve("windows-1251", 12, icu, name), 0);
    CHECK_EQ_STR(name, "windows-1251");
    CHECK_EQ_INT(emb__charset_resolve(" CP1251 ", 8, icu, name), 0);
    CHECK_EQ_STR(name, "windows-1251");
    CHECK_EQ_INT(emb__charset_resolve("iso-8859-1", 10, icu, name), 0);
    CHECK_EQ_STR(name, "windows-1252");
    CHECK_EQ_INT(emb__charset_resolve("US-ASCII", 8, icu, name), 0);
    CHECK_EQ_STR(name, "windows-1252");
    CHECK_EQ_INT(emb__charset_resolve("koi8-r", 6, icu, name), 0);
    CHECK_EQ_STR(name, "KOI8-R");
    CHECK_EQ_INT(emb__charset_resolve("gb2312", 6, icu, name), 0);
    CHECK_EQ_STR(icu, "gb18030");
    CHECK_EQ_INT(emb__charset_resolve("utf8", 4, icu, name), 0);
    CHECK_EQ_STR(icu, "");
    CHECK_EQ_STR(name, "UTF-8");
    CHECK_EQ_INT(emb__charset_resolve("x-klingon", 9, icu, name), -1);
    CHECK_EQ_INT(emb__charset_resolve("", 0, icu, name), -1);
    CHECK_EQ_INT(emb__charset_resolve("win\xff", 4, icu, name), -1);
}

/* The HTML standard's prescan: meta charset, http-equiv, comments and other
 * tags' attributes skipped; the XML declaration. */
TEST(declarations) {
    char label[EMB_CHARSET_NAME];
    static const struct {
        const char *doc;
        int html;
        emb_charset_from from;
        const char *label;
    } cases[] = {
        {"<html><head><meta charset=\"windows-1251\"><title>x</title>", 1, EMB_CS_FROM_META, "windows-1251"},
        {"<meta charset=koi8-r>", 1, EMB_CS_FROM_META, "koi8-r"},
        {"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=Windows-1251\">", 1, EMB_CS_FROM_META,
         "windows-1251"},
        {"<meta content='text/html; charset=\"shift_jis\"' http-equiv=content-type>", 1, EMB_CS_FROM_META,
         "shift_jis"},
        /* content without http-equiv says nothing */
        {"<meta content=\"text/html; charset=koi8-r\"><p>x", 1, EMB_CS_FROM_NONE, ""},
        /* in a comment, or in another tag's attribute: not a declaration */
        {"<!-- <meta charset=koi8-r> --><p>x", 1, EMB_CS_FROM_NONE, ""},
        {"<div title='<meta charset=koi8-r>'>x</div>", 1, EMB_CS_FROM_NONE, ""},
        /* an unknown label, then a known one: the known one */
        {"<meta charset=x-klingon><meta charset=iso-8859-5>", 1, EMB_CS_FROM_META, "iso-8859-5"},
        /* only unknown: reported as declared */
        {"<meta charset=x-klingon>", 1, EMB_CS_FROM_META, "x-klingon"},
        /* not looked for in plain text */
        {"<meta charset=koi8-r>", 0, EMB_CS_FROM_NONE, ""},
        {"<?xml version=\"1.0\" encoding='windows-1256'?><root/>", 0, EMB_CS_FROM_XML, "windows-1256"},
        {"<?xml version=\"1.0\"?><root/>", 0, EMB_CS_FROM_NONE, ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        emb_charset_from from = emb__charset_declared(cases[i].doc, strlen(cases[i].doc), cases[i].html, label);
        if (from != cases[i].from || strcmp(label, cases[i].label) != 0)
            fprintf(stderr, "  case %zu: from %d label '%s'\n", i, (int)from, label);
        CHECK_EQ_INT(from, cases[i].from);
        CHECK_EQ_STR(label, cases[i].label);
    }
    /* beyond the first EMB_CHARSET_PRESCAN bytes: not seen */
    size_t pad = EMB_CHARSET_PRESCAN;
    char *big = malloc(pad + 64);
    memset(big, ' ', pad);
    strcpy(big + pad, "<meta charset=koi8-r>");
    CHECK_EQ_INT(emb__charset_declared(big, strlen(big), 1, label), EMB_CS_FROM_NONE);
    memcpy(big + pad - 100, "<meta charset=koi8-r>", 21);
    CHECK_EQ_INT(emb__charset_declared(big, strlen(big), 1, label), EMB_CS_FROM_META);
    free(big);
}

static const char PARA1[] = "Председатель комитета Совета Федерации по международным делам ";
static const char NAME_RU[] = "Константин Косачев";
static const char PARA2[] = " заявил в понедельник, что новые санкции не изменят позицию России. ";
static const char SURNAME_RU[] = "Косачев";

/* A page in `charset` whose head declares it with `meta`; the name at
 * parts 1 and 3. */
static void russian_page(doc *d, const char *charset, const char *meta) {
    char head[256];
    snprintf(head, sizeof(head), "<!DOCTYPE html>\n<html><head>%s<title>Новости</title></head>\n<body><p>", meta);
    doc_add(d, charset, head);
    doc_add(d, charset, NAME_RU);
    doc_add(d, charset, PARA2);
    doc_add(d, charset, "Константина Косачева");
    doc_add(d, charset, ", переговоры продолжатся.</p></body></html>\n");
}

TEST(windows_1251_meta_charset) {
    doc d = {0};
    russian_page(&d, "windows-1251", "<meta charset=\"windows-1251\">");
    /* "Косачев" in windows-1251, by hand */
    CHECK(contains(d.data, d.len, "\xCA\xEE\xF1\xE0\xF7\xE5\xE2", 7));
    found f;
    CHECK_EQ_INT(scan(d.data, d.len, 1, NULL, &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 1, 0));
    CHECK(f.n >= 1 && f.m[0].char_end - f.m[0].char_start == utf8_chars(NAME_RU));
    CHECK(f.n >= 1 && strcmp(f.m[0].text, NAME_RU) == 0);
    CHECK_EQ_STR(f.charset, "windows-1251");
    CHECK_EQ_INT(f.flags, 0);
    CHECK(has(f.note, "charset windows-1251, from the page's meta tag"));
    /* without the declaration the bytes would have been read as UTF-8 and
     * nothing found: the page really depends on it */
    found g;
    CHECK_EQ_INT(scan(d.data, d.len, 1, "utf-8", &g), EMBARGO_OK);
    CHECK_EQ_INT(g.n, 0);
    CHECK(g.flags & EMBARGO_SCAN_CHARSET_INVALID);
    doc_free(&d);
}

TEST(koi8_r_http_equiv) {
    doc d = {0};
    russian_page(&d, "koi8-r", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">");
    CHECK(contains(d.data, d.len, "\xEB\xCF\xD3\xC1\xDE\xC5\xD7", 7));  /* "Косачев" in KOI8-R */
    found f;
    CHECK_EQ_INT(scan(d.data, d.len, 1, NULL, &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 1, 0));
    CHECK_EQ_STR(f.charset, "KOI8-R");
    CHECK_EQ_INT(f.flags, 0);
    CHECK(has(f.note, "from the page's meta tag"));
    doc_free(&d);
}

/* UTF-16LE with its byte order mark, HTML detected as HTML; byte offsets
 * twice the characters, and the BOM one character. */
TEST(utf16le_with_bom) {
    doc d = {0};
    doc_raw(&d, "\xFF\xFE", 2, 1);
    doc_add(&d, "UTF-16LE", "<html><body><p>Председатель комитета ");
    doc_add(&d, "UTF-16LE", NAME_RU);
    doc_add(&d, "UTF-16LE", PARA2);
    doc_add(&d, "UTF-16LE", "</p></body></html>\n");
    CHECK(embargo_looks_like_html(d.data, d.len));
    found f;
    CHECK_EQ_INT(scan(d.data, d.len, 1, NULL, &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 2, 0));
    CHECK(f.n >= 1 && f.m[0].start == 2 + 2 * (f.m[0].char_start - 1));
    CHECK_EQ_STR(f.charset, "UTF-16LE");
    CHECK(has(f.note, "from its byte order mark"));
    /* the byte order mark beats the caller's charset, and says so */
    found g;
    CHECK_EQ_INT(scan(d.data, d.len, 1, "windows-1251", &g), EMBARGO_OK);
    CHECK(mention_at(&g, 0, KOSACHEV, &d, 2, 0));
    CHECK(g.flags & EMBARGO_SCAN_CHARSET_OVERRIDDEN);
    CHECK(has(g.note, "windows-1251 ignored"));
    doc_free(&d);
}

/* windows-1252: accented Latin names, and its own bytes 0x80..0x9F (curly
 * quotes), under a meta tag that says iso-8859-1 as such pages do. */
TEST(windows_1252_accented_names) {
    doc d = {0};
    doc_add(&d, "windows-1252", "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Le président ");
    doc_add(&d, "windows-1252", "Nicolás Maduro Moros");
    doc_add(&d, "windows-1252", " a déclaré à la télévision: “nous résisterons”, selon ");
    doc_add(&d, "windows-1252", "Nicolás Maduro Moros");
    doc_add(&d, "windows-1252", ".</p></body></html>");
    CHECK(contains(d.data, d.len, "Nicol\xE1s", 7));
    CHECK(memchr(d.data, 0x93, d.len) != NULL);  /* the curly quote of windows-1252 */
    found f;
    CHECK_EQ_INT(scan(d.data, d.len, 1, NULL, &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, MADURO, &d, 1, 0));
    CHECK(mention_at(&f, 1, MADURO, &d, 3, 0));
    CHECK(f.n >= 1 && strcmp(f.m[0].text, "Nicolás Maduro Moros") == 0);
    CHECK_EQ_STR(f.charset, "windows-1252");
    CHECK(has(f.note, "(\"iso-8859-1\")"));
    CHECK_EQ_INT(f.flags, 0);
    doc_free(&d);
}

/* A page that declares Shift_JIS but holds bytes that are not: the bytes
 * around are still read, and the note says where the first bad one is. */
TEST(invalid_bytes_in_declared_charset) {
    doc d = {0};
    doc_add(&d, "shift_jis", "<html><head><meta charset=\"shift_jis\"></head><body><p>東京で ");
    doc_add(&d, "shift_jis", "Konstantin Kosachev");
    doc_add(&d, "shift_jis", " 氏が会見した。");
    doc_raw(&d, "\x81\x20", 2, 2);  /* a lead byte without its trail: one bad byte */
    doc_add(&d, "shift_jis", "</p></body></html>");
    found f;
    CHECK_EQ_INT(scan(d.data, d.len, 1, NULL, &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 1, 0));
    CHECK_EQ_STR(f.charset, "Shift_JIS");
    CHECK(f.flags & EMBARGO_SCAN_CHARSET_INVALID);
    char want[64];
    snprintf(want, sizeof(want), "1 byte not valid in Shift_JIS (the first at byte %zu)", d.at[3]);
    CHECK(has(f.note, want));
    doc_free(&d);
}

/* Declarations that the bytes contradict: windows-1251 declared over UTF-8
 * text is read as UTF-8; UTF-8 declared over windows-1251 text as a guess. */
TEST(declarations_the_bytes_contradict) {
    doc d = {0};
    russian_page(&d, "UTF-8", "<meta charset=\"windows-1251\">");
    found f;
    CHECK_EQ_INT(scan(d.data, d.len, 1, NULL, &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 1, 0));
    CHECK_EQ_STR(f.charset, "UTF-8");
    CHECK(f.flags & EMBARGO_SCAN_CHARSET_OVERRIDDEN);
    CHECK(has(f.note, "says windows-1251, but its bytes are valid UTF-8"));
    doc_free(&d);

    russian_page(&d, "windows-1251", "<meta charset=\"utf-8\">");
    CHECK_EQ_INT(scan(d.data, d.len, 1, NULL, &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 1, 0));
    CHECK_EQ_STR(f.charset, "windows-1251");
    CHECK(f.flags & EMBARGO_SCAN_CHARSET_OVERRIDDEN);
    CHECK(f.flags & EMBARGO_SCAN_CHARSET_GUESSED);
    CHECK(has(f.note, "says \"utf-8\", but most of its non-ASCII bytes are not valid UTF-8"));
    doc_free(&d);
}

/* Plain windows-1251 text without any declaration: not silently wrong. ICU's
 * detector recognises a paragraph of Russian; a line too short for it is
 * read as windows-1252, and the note says it was a guess either way. */
TEST(undeclared_cp1251_text) {
    doc d = {0};
    doc_add(&d, "windows-1251", PARA1);
    doc_add(&d, "windows-1251", NAME_RU);
    doc_add(&d, "windows-1251", PARA2);
    doc_add(&d, "windows-1251", SURNAME_RU);
    doc_add(&d, "windows-1251", " также отметил, что переговоры с американскими сенаторами продолжатся осенью.\n");
    found f;
    CHECK_EQ_INT(scan(d.data, d.len, 0, NULL, &f), EMBARGO_OK);
    CHECK(f.flags & EMBARGO_SCAN_CHARSET_GUESSED);
    CHECK(has(f.note, "a guess: no charset declared"));
    CHECK(has(f.note, "not UTF-8"));
    CHECK_EQ_STR(f.charset, "windows-1251");
    CHECK(has(f.note, "ICU's detector is"));
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 1, 0));
    CHECK(mention_at(&f, 1, KOSACHEV, &d, 3, 0));
    /* the caller's charset: no guess */
    found g;
    CHECK_EQ_INT(scan(d.data, d.len, 0, "cp1251", &g), EMBARGO_OK);
    CHECK_EQ_INT(g.flags, 0);
    CHECK(has(g.note, "charset windows-1251, as given"));
    CHECK(mention_at(&g, 0, KOSACHEV, &d, 1, 0));
    doc_free(&d);

    /* one word: the detector cannot tell; read as windows-1252, said so */
    doc_add(&d, "windows-1251", "Косачев\n");
    CHECK_EQ_INT(scan(d.data, d.len, 0, NULL, &f), EMBARGO_OK);
    CHECK_EQ_INT(f.n, 0);
    CHECK(f.flags & EMBARGO_SCAN_CHARSET_GUESSED);
    CHECK_EQ_STR(f.charset, "windows-1252");
    CHECK(has(f.note, "ICU's detector unsure"));
    doc_free(&d);
}

/* The caller's charset beats a meta tag; an unknown one is refused; an
 * unknown declared one is reported and the bytes read by their content. */
TEST(caller_charset_and_unknown_ones) {
    doc d = {0};
    russian_page(&d, "koi8-r", "<meta charset=\"windows-1251\">");
    found f;
    CHECK_EQ_INT(scan(d.data, d.len, 1, "KOI8-R", &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 1, 0));
    CHECK_EQ_INT(f.flags, 0);
    CHECK(has(f.note, "as given"));
    doc_free(&d);

    embargo_scan_options o;
    embargo_scan_options_init(&o);
    o.charset = "x-klingon";
    embargo_scanner *s = NULL;
    CHECK_EQ_INT(embargo_scanner_new(ix, &o, &s), EMBARGO_EINVAL);
    CHECK(s == NULL);

    russian_page(&d, "UTF-8", "<meta charset=\"x-klingon\">");
    CHECK_EQ_INT(scan(d.data, d.len, 1, NULL, &f), EMBARGO_OK);
    CHECK(mention_at(&f, 0, KOSACHEV, &d, 1, 0));
    CHECK(f.flags & EMBARGO_SCAN_CHARSET_UNSUPPORTED);
    CHECK(has(f.note, "\"x-klingon\", a charset ICU does not know"));
    CHECK_EQ_STR(f.charset, "UTF-8");
    doc_free(&d);
}

/* The note: empty before a scan, plain for valid UTF-8, and the charset of
 * an ASCII document in its declared charset (read as it stands). */
TEST(notes) {
    embargo_scanner *s = NULL;
    CHECK_EQ_INT(embargo_scanner_new(ix, NULL, &s), EMBARGO_OK);
    const char *cs = "x";
    unsigned flags = 9;
    CHECK_EQ_STR(embargo_scanner_note(s, &cs, &flags), "");
    CHECK_EQ_STR(cs, "");
    CHECK_EQ_INT(flags, 0);
    static const char utf8[] = "Вчера Константин Косачев заявил.\n";
    CHECK_EQ_INT(embargo_scanner_scan(s, utf8, strlen(utf8), NULL, NULL), EMBARGO_OK);
    CHECK_EQ_STR(embargo_scanner_note(s, &cs, &flags), "charset UTF-8, from its content: valid UTF-8, no charset declared");
    CHECK_EQ_STR(cs, "UTF-8");
    CHECK_EQ_INT(flags, 0);
    CHECK_EQ_STR(embargo_scanner_note(NULL, NULL, NULL), "");
    embargo_scanner_free(s);

    static const char ascii[] = "<meta charset=windows-1251><p>Konstantin Kosachev</p>";
    found f;
    CHECK_EQ_INT(scan(ascii, strlen(ascii), 1, NULL, &f), EMBARGO_OK);
    CHECK_EQ_INT(f.n, 1);
    CHECK(f.n == 1 && f.m[0].start == 30 && f.m[0].end == 49 && f.m[0].char_start == 30);
    CHECK_EQ_STR(f.note, "charset windows-1251, from the page's meta tag");
}

/* A large page: names on both sides of the scanner's 64 KiB windows, one
 * cut by a window's end inside a two-byte character (GB18030), every
 * offset exact. */
TEST(large_document_across_windows) {
    size_t cap = 1 << 23, len = 0;
    char *big = malloc(cap);
    size_t starts[40], ends[40], nnames = 0;
    uint64_t chars = 0, char_at[40];
    UErrorCode e = U_ZERO_ERROR;
    const char *head = "<html><head><meta charset=\"gb2312\"></head><body><p>";
    memcpy(big, head, strlen(head));
    len = strlen(head);
    chars = utf8_chars(head);
    /* where names begin: across the first window's end inside a two-byte
     * character, across the second's between characters, then anywhere */
    size_t targets[40];
    size_t ntargets = 0;
    targets[ntargets++] = 65536 - 9;
    targets[ntargets++] = 2 * 65536 - 10;
    for (size_t k = 0; ntargets < 40; k++) targets[ntargets] = targets[ntargets - 1] + 1000 + (k * 7919) % 40000, ntargets++;
    for (size_t step = 0; step < ntargets; step++) {
        while (len < targets[step]) {  /* filler: 中 (two bytes), 'a', spaces, line ends */
            if (chars % 997 == 0) {
                big[len++] = '\n';
            } else if (chars % 13 == 0) {
                big[len++] = ' ';
            } else if (len + 2 <= targets[step] && (len + step) % 3) {
                big[len++] = (char)0xD6;
                big[len++] = (char)0xD0;
            } else {
                big[len++] = 'a';
            }
            chars++;
        }
        /* a sentence of its own: a name does not run into the CJK filler */
        const char *name = step % 2 ? ". Konstantin Kosachev. " : ". Константин Косачев. ";
        char enc[128];
        int32_t n = ucnv_convert("gb18030", "UTF-8", enc, (int32_t)sizeof(enc), name, (int32_t)strlen(name), &e);
        starts[nnames] = len + 2;
        ends[nnames] = len + (size_t)n - 2;
        char_at[nnames] = chars + 2;
        nnames++;
        memcpy(big + len, enc, (size_t)n);
        len += (size_t)n;
        chars += utf8_chars(name);
        big[len++] = '\n';
        chars++;
    }
    CHECK(U_SUCCESS(e));
    CHECK(starts[0] < 65536 && ends[0] > 65536 && (65536 - starts[0]) % 2 == 1);  /* inside a character */
    found f;
    CHECK_EQ_INT(scan(big, len, 1, NULL, &f), EMBARGO_OK);
    CHECK_EQ_STR(f.charset, "GBK");
    CHECK_EQ_INT(f.n, (int)nnames);
    for (int i = 0; i < f.n && (size_t)i < nnames; i++) {
        int ok = strcmp(f.m[i].id, KOSACHEV) == 0 && f.m[i].start == starts[i] && f.m[i].end == ends[i] &&
                 f.m[i].char_start == char_at[i];
        if (!ok)
            fprintf(stderr, "  name %d: %llu-%llu chars %llu, expected %zu-%zu chars %llu\n", i,
                    (unsigned long long)f.m[i].start, (unsigned long long)f.m[i].end,
                    (unsigned long long)f.m[i].char_start, starts[i], ends[i], (unsigned long long)char_at[i]);
        CHECK(ok);
    }
    free(big);
}

/* The decoder's map and character counts at the unit level: the same
 * whatever the chunks, sources tiling the input, and the counts those of
 * ICU decoding each prefix at once. */
TEST(decoder_chunks_and_counts) {
    static const char *const charsets[] = {"windows-1251", "gb18030", "shift_jis", "UTF-16BE", "UTF-32LE", "euc-kr"};
    static const char text[] = "Вчера в Москве 東京 Konstantin Kosachev 한국 сказал: «нет» 😀 ok\n";
    for (size_t c = 0; c < sizeof(charsets) / sizeof(charsets[0]); c++) {
        doc d = {0};
        doc_add(&d, charsets[c], text);
        emb_charset cs;
        emb__charset_init(&cs);
        CHECK_EQ_INT(emb__charset_set_given(&cs, charsets[c]), EMBARGO_OK);
        CHECK_EQ_INT(emb__charset_detect(&cs, d.data, d.len, 0), EMBARGO_OK);
        CHECK(emb__charset_decodes(&cs));
        emb_buf ref_out, ref_map;
        emb__buf_init(&ref_out);
        emb__buf_init(&ref_map);
        for (size_t step = 0; step <= 7; step++) {
            emb_buf out, map;
            emb__buf_init(&out);
            emb__buf_init(&map);
            emb__charset_begin(&cs, 0);
            size_t st = step ? step : d.len;
            for (size_t off = 0; off < d.len; off += st)
                CHECK_EQ_INT(emb__charset_feed(&cs, d.data + off, d.len - off < st ? d.len - off : st, off, &out,
                                               &map), EMBARGO_OK);
            CHECK_EQ_INT(emb__charset_finish(&cs, &out, &map), EMBARGO_OK);
            if (step == 0) {
                /* the text is what ICU decodes at once, and the sources tile the input */
                char want[512];
                UErrorCode e0 = U_ZERO_ERROR;
                int32_t wn = ucnv_convert("UTF-8", charsets[c], want, (int32_t)sizeof(want), d.data, (int32_t)d.len, &e0);
                CHECK(U_SUCCESS(e0) && out.len == (size_t)wn && memcmp(out.data, want, out.len) == 0);
                CHECK(contains((const char *)out.data, out.len, "Konstantin Kosachev", 19));
                emb_html_map m = emb__html_map_view(&map);
                size_t in_pos = 0;
                for (size_t i = 0; i < m.n; i++) {
                    CHECK_EQ_INT(m.seg[i].in_start, in_pos);
                    in_pos = m.seg[i].in_start + (m.seg[i].src_len ? m.seg[i].src_len : m.seg[i].len);
                    /* the counter agrees with ICU decoding the prefix at once */
                    UChar u[512];
                    UErrorCode e = U_ZERO_ERROR;
                    int32_t n = ucnv_toUChars(cs.dec.cnv, u, 512, d.data, (int32_t)m.seg[i].in_start, &e);
                    uint64_t cps = 0;
                    for (int32_t k = 0; k < n; k++) cps += !(u[k] >= 0xDC00 && u[k] <= 0xDFFF);
                    CHECK_EQ_INT(emb__charset_chars(&cs, d.data, d.len, m.seg[i].in_start), cps);
                }
                CHECK_EQ_INT(in_pos, d.len);
                emb__buf_append(&ref_out, out.data, out.len);
                emb__buf_append(&ref_map, map.data, map.len);
            } else {
                if (out.len != ref_out.len || map.len != ref_map.len ||
                    memcmp(out.data, ref_out.data, out.len) || memcmp(map.data, ref_map.data, map.len)) {
                    fprintf(stderr, "  %s in chunks of %zu differs\n", charsets[c], step);
                    CHECK(0);
                }
            }
            emb__buf_free(&out);
            emb__buf_free(&map);
        }
        emb__buf_free(&ref_out);
        emb__buf_free(&ref_map);
        emb__charset_free(&cs);
        doc_free(&d);
    }
}

/* Memory: decoding HTML in the scanner's way (64 KiB chunks, buffers
 * emptied between them) holds as much for 8 MiB as for 1 MiB. */
TEST(bounded_memory) {
    size_t peak[2] = {0, 0};
    for (int pass = 0; pass < 2; pass++) {
        size_t len = (size_t)(pass ? 8 : 1) << 20, n = 0;
        char *big = malloc(len + 64);
        while (n < len) {
            static const char para[] = "<p class=\"x\">\xCA\xEE\xED\xF1\xF2\xE0\xED\xF2\xE8\xED \xCA\xEE\xF1\xE0\xF7\xE5\xE2 &amp; "
                                       "\xEF\xF0\xE5\xE7\xE8\xE4\xE5\xED\xF2</p>\n";
            memcpy(big + n, para, sizeof(para) - 1);
            n += sizeof(para) - 1;
        }
        emb_charset cs;
        emb__charset_init(&cs);
        CHECK_EQ_INT(emb__charset_set_given(&cs, "windows-1251"), EMBARGO_OK);
        CHECK_EQ_INT(emb__charset_detect(&cs, big, n, 1), EMBARGO_OK);
        emb__charset_begin(&cs, 1);
        emb_buf out, map;
        emb__buf_init(&out);
        emb__buf_init(&map);
        for (size_t off = 0; off < n; off += 65536) {
            out.len = map.len = 0;
            size_t k = n - off < 65536 ? n - off : 65536;
            CHECK_EQ_INT(emb__charset_feed(&cs, big + off, k, off, &out, &map), EMBARGO_OK);
        }
        CHECK_EQ_INT(emb__charset_finish(&cs, &out, &map), EMBARGO_OK);
        peak[pass] = cs.dtext.cap + cs.dmap.cap + cs.hmap.cap + cs.groups.cap + out.cap + map.cap;
        emb__buf_free(&out);
        emb__buf_free(&map);
        emb__charset_free(&cs);
        free(big);
    }
    CHECK_EQ_INT(peak[1], peak[0]);
    CHECK(peak[1] < (size_t)8 << 20);
}

int main(void) {
    char path[300];
    const char *t = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%s/embargo-test-charset.%ld.ftm.json", t && *t ? t : "/tmp", (long)getpid());
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("{\"id\":\"maduro\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Nicolas MADURO MOROS\"]}}\n", f);
        fclose(f);
    }
    embargo_dataset *ds = NULL;
    embargo_error err;
    memset(&err, 0, sizeof(err));
    int ok = f && embargo_dataset_new(&ds) == EMBARGO_OK &&
             embargo_dataset_load(ds, "tests/cases/lists/mini", &err) == EMBARGO_OK &&
             embargo_dataset_load(ds, path, &err) == EMBARGO_OK &&
             embargo_index_build(ds, NULL, &ix, &err) == EMBARGO_OK;
    embargo_dataset_free(ds);
    unlink(path);
    if (!ok) {
        fprintf(stderr, "test_charset: cannot index tests/cases/lists/mini and %s: %s\n", path, err.message);
        return 1;
    }
    RUN(labels);
    RUN(declarations);
    RUN(windows_1251_meta_charset);
    RUN(koi8_r_http_equiv);
    RUN(utf16le_with_bom);
    RUN(windows_1252_accented_names);
    RUN(invalid_bytes_in_declared_charset);
    RUN(declarations_the_bytes_contradict);
    RUN(undeclared_cp1251_text);
    RUN(caller_charset_and_unknown_ones);
    RUN(notes);
    RUN(large_document_across_windows);
    RUN(decoder_chunks_and_counts);
    RUN(bounded_memory);
    embargo_index_close(ix);
    return test_summary();
}

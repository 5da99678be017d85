/*
 * charset.c - which charset a document is in, and its bytes as UTF-8 text
 * with an offset map back to the original bytes; see charset.h.
 *
 * Four parts. Labels: a charset's name as a page writes it, read as the
 * WHATWG Encoding Standard reads it where that differs from ICU's aliases.
 * Declarations: the HTML standard's prescan for <meta> charsets, and the
 * XML declaration. Detection: the order of charset.h, with counts of valid
 * and invalid UTF-8 and ICU's detector for what is not declared. Decoding:
 * ICU converters (ucnv_toUnicode with offsets) write UTF-8 and one map
 * segment per source character (runs of ASCII merge into one verbatim
 * segment); for HTML the decoded text goes on through the HTML converter,
 * whose map (decoded offsets) is composed with the decoder's (original
 * offsets) as it comes.
 *
 * The decoder asks ICU for offsets: the source index of every UTF-16 unit
 * it writes. A character's source runs from its offset to the next
 * character's, so the sources tile the input; bytes that write nothing (an
 * ISO-2022 escape) belong to the character before them, or to the first
 * one. No ICU call is left holding the bytes of a character cut by the end
 * of its input (see decode): what ICU's offsets mean after such bytes
 * differs from converter to converter. The character offsets the scanner
 * reports come from a second decoder that reads the document again with
 * the same grouping (emb__charset_chars), or, for a charset of one byte per
 * character, from the byte offsets themselves.
 */
#include "charset.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>
#include <unicode/uvernum.h>

#define PIECE 2048               /* input bytes per ICU call */
#define UCAP (2 * PIECE + 64)    /* UTF-16 units per ICU call: 2 per byte at most */
#define GUESS_BYTES 65536        /* what ICU's detector reads */
#define NO_BAD UINT64_MAX

/* ---- labels ------------------------------------------------------------------ */

/* Where the WHATWG Encoding Standard reads a label otherwise than ICU's
 * alias table does, or ICU lacks it: label, the name the standard gives the
 * encoding, ICU's converter for it. Other labels go to ICU as they are. */
static const struct label {
    const char *label, *name, *icu;
} LABELS[] = {
    /* windows-1252: what pages labelled Latin-1 or ASCII really are */
    {"ansi_x3.4-1968", "windows-1252", "windows-1252"}, {"ascii", "windows-1252", "windows-1252"},
    {"cp819", "windows-1252", "windows-1252"}, {"csisolatin1", "windows-1252", "windows-1252"},
    {"ibm819", "windows-1252", "windows-1252"}, {"iso-8859-1", "windows-1252", "windows-1252"},
    {"iso-ir-100", "windows-1252", "windows-1252"}, {"iso8859-1", "windows-1252", "windows-1252"},
    {"iso88591", "windows-1252", "windows-1252"}, {"iso_8859-1", "windows-1252", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252", "windows-1252"}, {"l1", "windows-1252", "windows-1252"},
    {"latin1", "windows-1252", "windows-1252"}, {"us-ascii", "windows-1252", "windows-1252"},
    {"x-user-defined", "windows-1252", "windows-1252"},
    /* windows-1254 for Latin-5, windows-874 for Thai */
    {"csisolatin5", "windows-1254", "windows-1254"}, {"iso-8859-9", "windows-1254", "windows-1254"},
    {"iso-ir-148", "windows-1254", "windows-1254"}, {"iso8859-9", "windows-1254", "windows-1254"},
    {"iso88599", "windows-1254", "windows-1254"}, {"iso_8859-9", "windows-1254", "windows-1254"},
    {"iso_8859-9:1989", "windows-1254", "windows-1254"}, {"l5", "windows-1254", "windows-1254"},
    {"latin5", "windows-1254", "windows-1254"},
    {"dos-874", "windows-874", "windows-874"}, {"iso-8859-11", "windows-874", "windows-874"},
    {"iso8859-11", "windows-874", "windows-874"}, {"iso885911", "windows-874", "windows-874"},
    {"tis-620", "windows-874", "windows-874"},
    /* Chinese, Korean: the supersets pages are really written in */
    {"chinese", "GBK", "gb18030"}, {"csgb2312", "GBK", "gb18030"},
    {"csiso58gb231280", "GBK", "gb18030"}, {"gb2312", "GBK", "gb18030"}, {"gb_2312", "GBK", "gb18030"},
    {"gb_2312-80", "GBK", "gb18030"}, {"gbk", "GBK", "gb18030"}, {"iso-ir-58", "GBK", "gb18030"},
    {"x-gbk", "GBK", "gb18030"},
    {"big5", "Big5", "Big5-HKSCS"}, {"big5-hkscs", "Big5", "Big5-HKSCS"}, {"cn-big5", "Big5", "Big5-HKSCS"},
    {"csbig5", "Big5", "Big5-HKSCS"}, {"x-x-big5", "Big5", "Big5-HKSCS"},
    {"cseuckr", "EUC-KR", "windows-949"}, {"csksc56011987", "EUC-KR", "windows-949"},
    {"euc-kr", "EUC-KR", "windows-949"}, {"iso-ir-149", "EUC-KR", "windows-949"},
    {"korean", "EUC-KR", "windows-949"}, {"ks_c_5601-1987", "EUC-KR", "windows-949"},
    {"ks_c_5601-1989", "EUC-KR", "windows-949"}, {"ksc5601", "EUC-KR", "windows-949"},
    {"ksc_5601", "EUC-KR", "windows-949"}, {"windows-949", "EUC-KR", "windows-949"},
    /* labels ICU does not know */
    {"csiso88596e", "ISO-8859-6", "ISO-8859-6"}, {"csiso88596i", "ISO-8859-6", "ISO-8859-6"},
    {"csiso88598e", "ISO-8859-8", "ISO-8859-8"}, {"visual", "ISO-8859-8", "ISO-8859-8"},
    {"csiso88598i", "ISO-8859-8-I", "ISO-8859-8"}, {"iso-8859-8-i", "ISO-8859-8-I", "ISO-8859-8"},
    {"logical", "ISO-8859-8-I", "ISO-8859-8"}, {"koi", "KOI8-R", "KOI8-R"}, {"koi8-ru", "KOI8-U", "KOI8-U"},
    {"x-mac-ukrainian", "x-mac-cyrillic", "x-mac-cyrillic"},
    /* UTF-16 without an order is little-endian */
    {"csunicode", "UTF-16LE", "UTF-16LE"}, {"iso-10646-ucs-2", "UTF-16LE", "UTF-16LE"},
    {"ucs-2", "UTF-16LE", "UTF-16LE"}, {"unicode", "UTF-16LE", "UTF-16LE"},
    {"unicodefeff", "UTF-16LE", "UTF-16LE"}, {"utf-16", "UTF-16LE", "UTF-16LE"},
    {"unicodefffe", "UTF-16BE", "UTF-16BE"},
};

static int is_ws(unsigned c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static unsigned char lower(unsigned c) { return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c); }

static void copy_name(char *dst, const char *src) {
    size_t n = strlen(src);
    if (n >= EMB_CHARSET_NAME) n = EMB_CHARSET_NAME - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

int emb__charset_resolve(const char *label, size_t len, char *icu, char *name) {
    char low[EMB_CHARSET_NAME];
    while (len && is_ws((unsigned char)label[0])) label++, len--;
    while (len && is_ws((unsigned char)label[len - 1])) len--;
    if (len == 0 || len >= sizeof(low)) return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)label[i];
        if (c <= 0x20 || c >= 0x7F) return -1;
        low[i] = (char)lower(c);
    }
    low[len] = 0;
    for (size_t i = 0; i < sizeof(LABELS) / sizeof(LABELS[0]); i++) {
        if (strcmp(low, LABELS[i].label) == 0) {
            copy_name(icu, LABELS[i].icu);
            copy_name(name, LABELS[i].name);
            return 0;
        }
    }
    UErrorCode e = U_ZERO_ERROR;
    UConverter *c = ucnv_open(low, &e);
    if (U_FAILURE(e) || !c) return -1;
    UConverterType type = ucnv_getType(c);
    const char *canon = ucnv_getName(c, &e);
    const char *std = NULL;
    if (U_SUCCESS(e)) {
        UErrorCode e2 = U_ZERO_ERROR;
        std = ucnv_getStandardName(canon, "MIME", &e2);
        if (!std || U_FAILURE(e2)) {
            e2 = U_ZERO_ERROR;
            std = ucnv_getStandardName(canon, "IANA", &e2);
            if (U_FAILURE(e2)) std = NULL;
        }
        if (!std) std = canon;
    }
    if (type == UCNV_UTF8) {
        icu[0] = 0;
        copy_name(name, "UTF-8");
    } else {
        copy_name(icu, low);
        copy_name(name, std ? std : low);
    }
    ucnv_close(c);
    return 0;
}

/* ---- declarations ------------------------------------------------------------ */

/* Whether p[i..n) begins with the lower-case ASCII `s`, in any case. */
static int at_ci(const unsigned char *p, size_t n, size_t i, const char *s) {
    size_t l = strlen(s);
    if (n - i < l) return 0;
    for (size_t k = 0; k < l; k++)
        if (lower(p[i + k]) != (unsigned char)s[k]) return 0;
    return 1;
}

/* Finds the lower-case ASCII `s` in p[i..n); its offset, or n. */
static size_t find_ci(const unsigned char *p, size_t n, size_t i, const char *s) {
    for (; i < n; i++)
        if (at_ci(p, n, i, s)) return i;
    return n;
}

/* An attribute as the prescan reads it: name and value lower-cased, cut at
 * their buffers' size (a cut one never matches). */
typedef struct attr {
    char name[16], value[EMB_CHARSET_NAME * 4];
    size_t nl, vl;
} attr;

static void attr_add(char *buf, size_t cap, size_t *len, unsigned char c) {
    if (*len < cap) buf[(*len)++] = (char)lower(c);
    else *len = cap;  /* marks it cut */
}

/* The HTML standard's "get an attribute" at *pos: 1 with an attribute in
 * *a, 0 at a '>' (no more attributes), -1 at the end of the input. */
static int get_attr(const unsigned char *p, size_t n, size_t *pos, attr *a) {
    size_t i = *pos;
    a->nl = a->vl = 0;
    while (i < n && (is_ws(p[i]) || p[i] == '/')) i++;
    if (i >= n) return -1;
    if (p[i] == '>') {
        *pos = i;
        return 0;
    }
    for (;; i++) {  /* the name */
        if (i >= n) return -1;
        unsigned c = p[i];
        if (c == '=' && a->nl) {
            i++;
            goto value;
        }
        if (is_ws(c)) break;
        if (c == '/' || c == '>') {
            *pos = i;
            return 1;
        }
        attr_add(a->name, sizeof(a->name), &a->nl, (unsigned char)c);
    }
    while (i < n && is_ws(p[i])) i++;  /* spaces before '=' */
    if (i >= n) return -1;
    if (p[i] != '=') {
        *pos = i;
        return 1;
    }
    i++;
value:
    while (i < n && is_ws(p[i])) i++;
    if (i >= n) return -1;
    if (p[i] == '"' || p[i] == '\'') {
        unsigned char q = p[i];
        for (i++;; i++) {
            if (i >= n) return -1;
            if (p[i] == q) {
                *pos = i + 1;
                return 1;
            }
            attr_add(a->value, sizeof(a->value), &a->vl, p[i]);
        }
    }
    if (p[i] == '>') {
        *pos = i;
        return 1;
    }
    for (;; i++) {
        if (i >= n) return -1;
        if (is_ws(p[i]) || p[i] == '>') {
            *pos = i;
            return 1;
        }
        attr_add(a->value, sizeof(a->value), &a->vl, p[i]);
    }
}

static int attr_is(const char *s, size_t len, size_t cap, const char *what) {
    return len < cap && len == strlen(what) && memcmp(s, what, len) == 0;
}

/* The charset in a meta tag's content="text/html; charset=..." value: the
 * HTML standard's extraction. Copies it to out[EMB_CHARSET_NAME]; returns
 * 1, or 0 if there is none. */
static int content_charset(const char *v, size_t n, char *out) {
    const unsigned char *p = (const unsigned char *)v;
    size_t i = 0;
    for (;;) {
        i = find_ci(p, n, i, "charset");
        if (i >= n) return 0;
        i += 7;
        while (i < n && is_ws(p[i])) i++;
        if (i < n && p[i] == '=') break;
    }
    i++;
    while (i < n && is_ws(p[i])) i++;
    if (i >= n) return 0;
    size_t s = i, e;
    if (p[i] == '"' || p[i] == '\'') {
        const unsigned char *q = memchr(p + i + 1, p[i], n - i - 1);
        if (!q) return 0;
        s = i + 1;
        e = (size_t)(q - p);
    } else {
        e = i;
        while (e < n && !is_ws(p[e]) && p[e] != ';') e++;
    }
    if (e - s >= EMB_CHARSET_NAME) return 0;
    memcpy(out, v + s, e - s);
    out[e - s] = 0;
    return e > s;
}

/* The HTML standard's prescan of the first bytes for a meta charset: 1
 * with the first one whose label resolves in label[], else 0; *unknown
 * (EMB_CHARSET_NAME bytes) gets the first label that does not resolve. */
static int prescan(const unsigned char *p, size_t n, char *label, char *unknown) {
    char icu[EMB_CHARSET_NAME], name[EMB_CHARSET_NAME];
    unknown[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (at_ci(p, n, i, "<!--")) {
            size_t e = find_ci(p, n, i + 2, "-->");
            if (e >= n) return 0;
            i = e + 2;
        } else if (at_ci(p, n, i, "<meta") && i + 5 < n && (is_ws(p[i + 5]) || p[i + 5] == '/')) {
            size_t pos = i + 5;
            int got_pragma = 0, need_pragma = -1, seen = 0, r;
            char charset[EMB_CHARSET_NAME] = "";
            attr a;
            while ((r = get_attr(p, n, &pos, &a)) > 0) {
                int bit = attr_is(a.name, a.nl, sizeof(a.name), "http-equiv") ? 1
                          : attr_is(a.name, a.nl, sizeof(a.name), "content") ? 2
                          : attr_is(a.name, a.nl, sizeof(a.name), "charset") ? 4 : 0;
                if (!bit || (seen & bit)) continue;
                seen |= bit;
                if (bit == 1) {
                    got_pragma = attr_is(a.value, a.vl, sizeof(a.value), "content-type");
                } else if (bit == 2) {
                    if (!charset[0] && a.vl < sizeof(a.value) && content_charset(a.value, a.vl, charset))
                        need_pragma = 1;
                } else {
                    charset[0] = 0;
                    if (a.vl < EMB_CHARSET_NAME) {
                        memcpy(charset, a.value, a.vl);
                        charset[a.vl] = 0;
                    }
                    need_pragma = 0;
                }
            }
            if (r < 0) return 0;
            i = pos;
            if (need_pragma < 0 || (need_pragma && !got_pragma) || !charset[0]) continue;
            if (emb__charset_resolve(charset, strlen(charset), icu, name) == 0) {
                memcpy(label, charset, sizeof(charset));
                return 1;
            }
            if (!unknown[0]) memcpy(unknown, charset, sizeof(charset));
        } else if (p[i] == '<' && i + 1 < n &&
                   (((p[i + 1] | 0x20) >= 'a' && (p[i + 1] | 0x20) <= 'z') ||
                    (p[i + 1] == '/' && i + 2 < n && (p[i + 2] | 0x20) >= 'a' && (p[i + 2] | 0x20) <= 'z'))) {
            size_t pos = i + 1;
            while (pos < n && !is_ws(p[pos]) && p[pos] != '>') pos++;
            attr a;
            int r;
            while ((r = get_attr(p, n, &pos, &a)) > 0) {}
            if (r < 0) return 0;
            i = pos;
        } else if (at_ci(p, n, i, "<!") || at_ci(p, n, i, "</") || at_ci(p, n, i, "<?")) {
            const unsigned char *q = memchr(p + i + 2, '>', n - i - 2);
            if (!q) return 0;
            i = (size_t)(q - p);
        }
    }
    return 0;
}

/* The encoding="..." of an XML declaration at the start of p: 1 with it in
 * label[EMB_CHARSET_NAME], else 0. */
static int xml_encoding(const unsigned char *p, size_t n, char *label) {
    if (n > 1024) n = 1024;
    if (!at_ci(p, n, 0, "<?xml") || n < 6 || !is_ws(p[5])) return 0;
    size_t end = find_ci(p, n, 5, "?>");
    size_t i = find_ci(p, end, 5, "encoding");
    if (i >= end) return 0;
    i += 8;
    while (i < end && is_ws(p[i])) i++;
    if (i >= end || p[i] != '=') return 0;
    i++;
    while (i < end && is_ws(p[i])) i++;
    if (i >= end || (p[i] != '"' && p[i] != '\'')) return 0;
    const unsigned char *q = memchr(p + i + 1, p[i], end - i - 1);
    if (!q) return 0;
    size_t len = (size_t)(q - (p + i + 1));
    if (len == 0 || len >= EMB_CHARSET_NAME) return 0;
    memcpy(label, p + i + 1, len);
    label[len] = 0;
    return 1;
}

emb_charset_from emb__charset_declared(const char *doc, size_t len, int html, char *label) {
    const unsigned char *p = (const unsigned char *)doc;
    char unknown[EMB_CHARSET_NAME];
    label[0] = 0;
    if (!doc) return EMB_CS_FROM_NONE;
    if (xml_encoding(p, len, label)) return EMB_CS_FROM_XML;
    if (html && prescan(p, len < EMB_CHARSET_PRESCAN ? len : EMB_CHARSET_PRESCAN, label, unknown))
        return EMB_CS_FROM_META;
    if (html && unknown[0]) {
        memcpy(label, unknown, sizeof(unknown));
        return EMB_CS_FROM_META;
    }
    return EMB_CS_FROM_NONE;
}

/* ---- converters --------------------------------------------------------------- */

/* ICU's callback for bytes not valid in the charset: one U+FFFD, and the
 * decoder's charset (if it has one: not the counter's) notes where. */
static void U_CALLCONV on_invalid(const void *ctx, UConverterToUnicodeArgs *args, const char *units,
                                  int32_t len, UConverterCallbackReason why, UErrorCode *err) {
    static const UChar fffd = 0xFFFD;
    (void)units;
    if (why > UCNV_IRREGULAR) return;  /* reset, close, clone: nothing to write */
    const emb_decoder *d = ctx;
    if (d && d->cs) {
        size_t rel = (size_t)(args->source - d->src0);
        size_t at = len >= 0 && rel >= (size_t)len ? d->src0_at + rel - (size_t)len
                    : d->held ? d->held_at : d->gopen ? d->gstart : d->next_at;
        if (d->cs->bad++ == 0) d->cs->first_bad = at;
    }
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

static void close_converters(emb_charset *cs) {
    if (cs->dec.cnv) ucnv_close(cs->dec.cnv);
    if (cs->cnt.cnv) ucnv_close(cs->cnt.cnv);
    cs->dec.cnv = cs->cnt.cnv = NULL;
    cs->cnv_name[0] = 0;
}

/* Whether a converter keeps no state between characters (so that it may
 * be reset at any character boundary). */
static int stateless(const UConverter *c) {
    switch (ucnv_getType(c)) {
    case UCNV_SBCS: case UCNV_DBCS: case UCNV_MBCS: case UCNV_LATIN_1: case UCNV_US_ASCII:
    case UCNV_UTF8: case UCNV_CESU8: case UCNV_UTF16_BigEndian: case UCNV_UTF16_LittleEndian:
    case UCNV_UTF32_BigEndian: case UCNV_UTF32_LittleEndian:
        return 1;
    default:
        return 0;
    }
}

/* Whether every byte decodes to one code point in a single-byte charset:
 * all 256 bytes in a row give 256 code points, one from each byte (a
 * mapping of several bytes to one code point would show). Resets `c`. */
static int one_per_byte(UConverter *c) {
    UConverterType t = ucnv_getType(c);
    if (t != UCNV_SBCS && t != UCNV_LATIN_1 && t != UCNV_US_ASCII) return 0;
    char in[256];
    UChar u[600];
    int32_t off[600];
    for (int i = 0; i < 256; i++) in[i] = (char)i;
    const char *src = in;
    UChar *t16 = u;
    UErrorCode e = U_ZERO_ERROR;
    ucnv_reset(c);
    ucnv_toUnicode(c, &t16, u + 600, &src, in + 256, off, 1, &e);
    ucnv_reset(c);
    if (U_FAILURE(e)) return 0;
    int32_t cp = 0;
    for (UChar *q = u; q < t16; q++) {
        if (U16_IS_TRAIL(*q)) continue;
        if (off[q - u] != cp) return 0;
        cp++;
    }
    return cp == 256;
}

/* Opens (or resets) the decoder and the counter for ICU converter `icu`.
 * Returns 0, -1 if ICU has no such converter, -2 when out of memory. */
static int open_converters(emb_charset *cs, const char *icu) {
    if (cs->dec.cnv && strcmp(cs->cnv_name, icu) == 0) {
        ucnv_reset(cs->dec.cnv);
        ucnv_reset(cs->cnt.cnv);
        return 0;
    }
    close_converters(cs);
    UErrorCode e = U_ZERO_ERROR;
    cs->dec.cnv = ucnv_open(icu, &e);
    if (U_SUCCESS(e)) cs->cnt.cnv = ucnv_open(icu, &e);
    if (U_SUCCESS(e)) ucnv_setToUCallBack(cs->dec.cnv, on_invalid, &cs->dec, NULL, NULL, &e);
    if (U_SUCCESS(e)) ucnv_setToUCallBack(cs->cnt.cnv, on_invalid, &cs->cnt, NULL, NULL, &e);
    if (U_FAILURE(e)) {
        close_converters(cs);
        return e == U_MEMORY_ALLOCATION_ERROR ? -2 : -1;
    }
    copy_name(cs->cnv_name, icu);
    cs->dec.refeed = cs->cnt.refeed = stateless(cs->dec.cnv);
    cs->one_per_byte = one_per_byte(cs->cnt.cnv);
    return 0;
}

/* Whether ASCII decodes to itself in the decoders' charset: every byte
 * below 0x80 (all), or the printable ones and the line ends (!all: a
 * declaration written in ASCII can be read). Resets the counter. */
static int ascii_test(emb_charset *cs, int all) {
    char in[128];
    UChar u[256];
    size_t n = 0;
    UConverter *c = cs->cnt.cnv;
    for (unsigned b = 0; b < 128; b++)
        if (all || (b >= 0x20 && b < 0x7F) || b == '\t' || b == '\n' || b == '\r') in[n++] = (char)b;
    if (all) {
        UConverterType t = ucnv_getType(c);
        if (t != UCNV_SBCS && t != UCNV_MBCS && t != UCNV_LATIN_1 && t != UCNV_US_ASCII) return 0;
    }
    UErrorCode e = U_ZERO_ERROR;
    ucnv_reset(c);
    int32_t k = ucnv_toUChars(c, u, 256, in, (int32_t)n, &e);
    ucnv_reset(c);
    if (U_FAILURE(e) || k != (int32_t)n) return 0;
    for (size_t i = 0; i < n; i++)
        if (u[i] != (unsigned char)in[i]) return 0;
    return 1;
}

/* ---- detection ------------------------------------------------------------------- */

/* Valid and invalid UTF-8 in a document. */
typedef struct u8_stats {
    uint64_t multi;      /* valid multi-byte sequences */
    uint64_t bad;        /* invalid bytes */
    uint64_t first_bad;  /* offset of the first, or NO_BAD */
} u8_stats;

/* The length of the valid UTF-8 sequence at p (n > 0 bytes there, p[0] >=
 * 0x80), or 0 if it is not one (overlong, surrogate, above U+10FFFF, cut). */
static size_t u8_valid(const unsigned char *p, size_t n) {
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return 0;
    if (n < len || p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return len;
}

/* Counts valid and invalid UTF-8 in doc[0, len); with `all` 0, stops at
 * the first invalid byte (enough to know that it is not UTF-8). */
static void utf8_stats(const char *doc, size_t len, u8_stats *st, int all) {
    const unsigned char *p = (const unsigned char *)doc;
    size_t i = 0;
    st->multi = st->bad = 0;
    st->first_bad = NO_BAD;
    while (i < len) {
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ull))) {
            i += 8;  /* eight ASCII bytes */
            continue;
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t v = u8_valid(p + i, len - i);
        if (v) {
            st->multi++;
            i += v;
        } else {
            if (st->bad++ == 0) st->first_bad = i;
            if (!all) return;
            i++;
        }
    }
}

void emb__charset_init(emb_charset *cs) {
    memset(cs, 0, sizeof(*cs));
    emb__buf_init(&cs->dtext);
    emb__buf_init(&cs->dmap);
    emb__buf_init(&cs->hmap);
    emb__buf_init(&cs->groups);
    cs->first_bad = NO_BAD;
}

void emb__charset_free(emb_charset *cs) {
    if (!cs) return;
    close_converters(cs);
    if (cs->det) ucsdet_close(cs->det);
    cs->det = NULL;
    emb__buf_free(&cs->dtext);
    emb__buf_free(&cs->dmap);
    emb__buf_free(&cs->hmap);
    emb__buf_free(&cs->groups);
}

embargo_status emb__charset_set_given(emb_charset *cs, const char *label) {
    char icu[EMB_CHARSET_NAME], name[EMB_CHARSET_NAME];
    cs->given[0] = 0;
    if (!label || !label[0]) return EMBARGO_OK;
    size_t n = strlen(label);
    if (n >= sizeof(cs->given) || emb__charset_resolve(label, n, icu, name)) return EMBARGO_EINVAL;
    memcpy(cs->given, label, n + 1);
    return EMBARGO_OK;
}

/* ICU's detector's best guess among the ASCII-compatible charsets, if it
 * is at least EMB_CHARSET_GUESS_MIN sure: 1 with cs->icu, cs->name and
 * cs->confidence set; 0 if none; -2 when out of memory. */
static int guess(emb_charset *cs, const char *doc, size_t len, int html) {
    UErrorCode e = U_ZERO_ERROR;
    if (!cs->det) {
        cs->det = ucsdet_open(&e);
        if (U_FAILURE(e)) {
            cs->det = NULL;
            return e == U_MEMORY_ALLOCATION_ERROR ? -2 : 0;
        }
    }
    ucsdet_setText(cs->det, doc, (int32_t)(len < GUESS_BYTES ? len : GUESS_BYTES), &e);
    ucsdet_enableInputFilter(cs->det, html ? 1 : 0);
    int32_t n = 0;
    const UCharsetMatch **m = ucsdet_detectAll(cs->det, &n, &e);
    if (U_FAILURE(e)) return e == U_MEMORY_ALLOCATION_ERROR ? -2 : 0;
    for (int32_t i = 0; i < n; i++) {
        UErrorCode e2 = U_ZERO_ERROR;
        const char *nm = ucsdet_getName(m[i], &e2);
        int32_t conf = ucsdet_getConfidence(m[i], &e2);
        if (U_FAILURE(e2) || !nm || conf < EMB_CHARSET_GUESS_MIN) break;  /* best first */
        if (!strncmp(nm, "UTF-", 4) || !strncmp(nm, "IBM4", 4)) continue;  /* not 8-bit text */
        char icu[EMB_CHARSET_NAME], name[EMB_CHARSET_NAME];
        if (emb__charset_resolve(nm, strlen(nm), icu, name) || !icu[0]) continue;
        memcpy(cs->icu, icu, sizeof(icu));
        memcpy(cs->name, name, sizeof(name));
        cs->confidence = conf;
        return 1;
    }
    return 0;
}

static void set_charset(emb_charset *cs, const char *icu, const char *name) {
    copy_name(cs->icu, icu);
    copy_name(cs->name, name);
}

/* Appends printf-style text to cs->head. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void head_add(emb_charset *cs, const char *fmt, ...) {
    size_t used = strlen(cs->head);
    if (used + 1 >= sizeof(cs->head)) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cs->head + used, sizeof(cs->head) - used, fmt, ap);
    va_end(ap);
}

/* Writes cs->note from cs->head and the invalid bytes counted so far. */
static void write_note(emb_charset *cs) {
    cs->noted_bad = cs->bad;
    if (cs->bad) {
        cs->flags |= EMBARGO_SCAN_CHARSET_INVALID;
        snprintf(cs->note, sizeof(cs->note), "%s; %llu byte%s not valid in %s (the first at byte %llu) replaced",
                 cs->head, (unsigned long long)cs->bad, cs->bad == 1 ? "" : "s", cs->name,
                 (unsigned long long)cs->first_bad);
    } else {
        snprintf(cs->note, sizeof(cs->note), "%s", cs->head);
    }
}

static const char *from_text(emb_charset_from from) {
    switch (from) {
    case EMB_CS_FROM_XML: return "its XML declaration";
    case EMB_CS_FROM_META: return "the page's meta tag";
    default: return "the caller";
    }
}

/* The content rule (charset.h, 4) for a document without a usable
 * declaration; `why` (NULL if there was none) says what was declared.
 * Sets the charset and writes the head of the note. Returns 0, or -2 when
 * out of memory. */
static int by_content(emb_charset *cs, const char *doc, size_t len, int html, const u8_stats *st,
                      const char *why) {
    cs->head[0] = 0;
    if (st->bad == 0) {
        set_charset(cs, "", "UTF-8");
        cs->from = EMB_CS_FROM_CONTENT;
        head_add(cs, "charset UTF-8, from its content: %s%s%s", st->multi ? "valid UTF-8" : "ASCII",
                 why ? "; " : ", no charset declared", why ? why : "");
        return 0;
    }
    cs->flags |= EMBARGO_SCAN_CHARSET_GUESSED;
    if (st->multi > st->bad) {
        set_charset(cs, "", "UTF-8");
        cs->from = EMB_CS_FROM_CONTENT;
        head_add(cs, "charset UTF-8, a guess: mostly valid UTF-8 (%llu characters, %llu invalid bytes)%s%s",
                 (unsigned long long)st->multi, (unsigned long long)st->bad,
                 why ? "; " : ", no charset declared", why ? why : "");
        return 0;
    }
    int g = guess(cs, doc, len, html);
    if (g == -2) return -2;
    char not_utf8[96];
    snprintf(not_utf8, sizeof(not_utf8), "not UTF-8 (%llu invalid byte%s, the first at %llu)",
             (unsigned long long)st->bad, st->bad == 1 ? "" : "s", (unsigned long long)st->first_bad);
    if (g == 1) {
        cs->from = EMB_CS_FROM_GUESS;
        head_add(cs, "charset %s, a guess: %s; %s; ICU's detector is %d%% sure", cs->name,
                 why ? why : "no charset declared", not_utf8, cs->confidence);
    } else {
        set_charset(cs, "windows-1252", "windows-1252");
        cs->from = EMB_CS_FROM_DEFAULT;
        head_add(cs, "charset windows-1252, a guess: %s; %s; ICU's detector unsure, so the web's default",
                 why ? why : "no charset declared", not_utf8);
    }
    return 0;
}

/* The byte order mark at the start of p, as a charset name, or NULL. */
static const char *bom_charset(const unsigned char *p, size_t len) {
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return "UTF-8";
    if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && !p[2] && !p[3]) return "UTF-32LE";
    if (len >= 4 && !p[0] && !p[1] && p[2] == 0xFE && p[3] == 0xFF) return "UTF-32BE";
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) return "UTF-16LE";
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) return "UTF-16BE";
    return NULL;
}

/* UTF-16 without its byte order mark: two ASCII characters with NUL bytes
 * after (little-endian) or before (big-endian) them. The name or NULL. */
static const char *nul_charset(const unsigned char *p, size_t len) {
    if (len < 4) return NULL;
    if (p[0] && p[0] < 0x80 && !p[1] && p[2] && p[2] < 0x80 && !p[3]) return "UTF-16LE";
    if (!p[0] && p[1] && p[1] < 0x80 && !p[2] && p[3] && p[3] < 0x80) return "UTF-16BE";
    return NULL;
}

embargo_status emb__charset_detect(emb_charset *cs, const char *doc, size_t len, int html) {
    const unsigned char *p = (const unsigned char *)doc;
    char icu[EMB_CHARSET_NAME], name[EMB_CHARSET_NAME], label[EMB_CHARSET_NAME], why[160];
    u8_stats st;
    int r, transparent = 0, unsupported = 0;
    cs->from = EMB_CS_FROM_NONE;
    cs->flags = 0;
    cs->decode = 0;
    cs->confidence = 0;
    cs->name[0] = cs->icu[0] = cs->label[0] = cs->head[0] = cs->note[0] = 0;
    cs->bad = cs->noted_bad = 0;
    cs->first_bad = NO_BAD;
    cs->oom = 0;
    memset(&st, 0, sizeof(st));
    st.first_bad = NO_BAD;
    if (!doc) len = 0;

    const char *bom = bom_charset(p, len), *nuls = NULL;
    if (bom) {                          /* 1. a byte order mark */
        cs->from = EMB_CS_FROM_BOM;
        set_charset(cs, strcmp(bom, "UTF-8") ? bom : "", bom);
    } else if (cs->given[0]) {          /* 2. the caller's charset */
        if (emb__charset_resolve(cs->given, strlen(cs->given), icu, name)) return EMBARGO_EINVAL;
        cs->from = EMB_CS_FROM_CALLER;
        set_charset(cs, icu, name);
        copy_name(cs->label, cs->given);
    } else {                            /* 3. a declaration */
        emb_charset_from from = emb__charset_declared(doc, len, html, label);
        if (from != EMB_CS_FROM_NONE) {
            copy_name(cs->label, label);
            if (emb__charset_resolve(label, strlen(label), icu, name) == 0) {
                cs->from = from;
                set_charset(cs, icu, name);
            } else {
                unsupported = 1;
                cs->flags |= EMBARGO_SCAN_CHARSET_UNSUPPORTED;
                snprintf(why, sizeof(why), "%s says \"%s\", a charset ICU does not know", from_text(from), label);
            }
        } else if ((nuls = nul_charset(p, len)) != NULL) {
            cs->from = EMB_CS_FROM_NULS;
            set_charset(cs, nuls, nuls);
        }
    }

    /* a declared or given charset: could the declaration be written in it,
     * and does ASCII read as ASCII in it? */
    int declared = cs->from == EMB_CS_FROM_XML || cs->from == EMB_CS_FROM_META;
    if ((declared || cs->from == EMB_CS_FROM_CALLER) && cs->icu[0]) {
        r = open_converters(cs, cs->icu);
        if (r == -2) return EMBARGO_ENOMEM;
        if (r == 0 && declared && !ascii_test(cs, 0)) {
            head_add(cs, "charset UTF-8, from %s (it says \"%s\", which a declaration written in ASCII "
                         "cannot be in)", from_text(cs->from), cs->label);
            set_charset(cs, "", "UTF-8");
        } else if (r == 0) {
            transparent = ascii_test(cs, 1);
        }
    }
    if (!cs->icu[0] || transparent || cs->from == EMB_CS_FROM_NONE) utf8_stats(doc, len, &st, !cs->icu[0] || !transparent);

    switch (cs->from) {
    case EMB_CS_FROM_NONE:              /* 4. the content */
        if (by_content(cs, doc, len, html, &st, unsupported ? why : NULL)) return EMBARGO_ENOMEM;
        break;
    case EMB_CS_FROM_BOM:
        head_add(cs, "charset %s, from its byte order mark", bom);
        if (cs->given[0] && (emb__charset_resolve(cs->given, strlen(cs->given), icu, name) ||
                             strcmp(icu, cs->icu) != 0)) {
            cs->flags |= EMBARGO_SCAN_CHARSET_OVERRIDDEN;
            head_add(cs, " (the given charset %s ignored)", cs->given);
        }
        break;
    case EMB_CS_FROM_NULS:
        head_add(cs, "charset %s, from its content: ASCII with NUL bytes between, no byte order mark", nuls);
        break;
    case EMB_CS_FROM_CALLER:
        head_add(cs, "charset %s, as given", cs->name);
        break;
    default:                            /* XML, META */
        if (!cs->icu[0] && st.bad > st.multi) {
            cs->flags |= EMBARGO_SCAN_CHARSET_OVERRIDDEN;
            snprintf(why, sizeof(why), "%s says \"%s\", but most of its non-ASCII bytes are not valid UTF-8",
                     from_text(cs->from), cs->label);
            if (by_content(cs, doc, len, html, &st, why)) return EMBARGO_ENOMEM;
        } else if (cs->head[0]) {       /* UTF-16 declared: UTF-8, said above */
        } else if (cs->icu[0] && transparent && st.bad == 0 && st.multi > 0) {
            cs->flags |= EMBARGO_SCAN_CHARSET_OVERRIDDEN;
            head_add(cs, "charset UTF-8, from its content: %s says %s, but its bytes are valid UTF-8",
                     from_text(cs->from), cs->name);
            set_charset(cs, "", "UTF-8");
        } else {
            head_add(cs, "charset %s, from %s", cs->name, from_text(cs->from));
            if (strcasecmp(cs->label, cs->name) != 0) head_add(cs, " (\"%s\")", cs->label);
        }
        break;
    }

    /* read as UTF-8 (also ASCII text in a charset that reads ASCII as
     * itself), or decoded */
    if (!cs->icu[0] || (transparent && st.bad == 0 && st.multi == 0)) {
        cs->bad = st.bad;
        cs->first_bad = st.first_bad;
    } else {
        r = open_converters(cs, cs->icu);
        if (r == -2) return EMBARGO_ENOMEM;
        if (r == -1) { /* a charset ICU names but cannot open: read as UTF-8 */
            cs->flags |= EMBARGO_SCAN_CHARSET_UNSUPPORTED;
            head_add(cs, "; ICU cannot open it, read as UTF-8");
            utf8_stats(doc, len, &st, 1);
            set_charset(cs, "", "UTF-8");
            cs->bad = st.bad;
            cs->first_bad = st.first_bad;
        } else {
            cs->decode = 1;
            UConverterType t = ucnv_getType(cs->dec.cnv);
            if (t == UCNV_UTF16 || t == UCNV_UTF32) {
                /* the byte order from the order mark (else big-endian, as ICU
                 * reads it): a converter without state between characters */
                const char *x = t == UCNV_UTF16 ? (len >= 2 && p[0] == 0xFF && p[1] == 0xFE ? "UTF-16LE" : "UTF-16BE")
                                                : (len >= 4 && p[0] == 0xFF && p[1] == 0xFE ? "UTF-32LE" : "UTF-32BE");
                head_add(cs, " (read as %s)", x);
                set_charset(cs, x, x);
                if (open_converters(cs, x)) return EMBARGO_ENOMEM;
            }
        }
    }
    write_note(cs);
    return EMBARGO_OK;
}

int emb__charset_decodes(const emb_charset *cs) { return cs->decode; }

const char *emb__charset_note(const emb_charset *cs, const char **name, unsigned *flags) {
    if (name) *name = cs && cs->from ? cs->name : "";
    if (flags) *flags = cs && cs->from ? cs->flags : 0;
    return cs && cs->from ? cs->note : "";
}

/* ---- decoding ------------------------------------------------------------------ */

/* Appends a map segment, merging a verbatim one into the one before it
 * when both continue each other. */
static void seg_add(emb_buf *map, size_t out_start, size_t in_start, size_t len, size_t src_len) {
    if (!map || len == 0) return;
    if (src_len == 0 && map->len >= sizeof(emb_html_seg)) {
        emb_html_seg last;
        unsigned char *at = map->data + map->len - sizeof(last);
        memcpy(&last, at, sizeof(last));
        if (last.src_len == 0 && last.out_start + last.len == out_start &&
            last.in_start + last.len == in_start && (size_t)last.len + len <= UINT32_MAX) {
            last.len += (uint32_t)len;
            memcpy(at, &last, sizeof(last));
            return;
        }
    }
    emb_html_seg s;
    memset(&s, 0, sizeof(s));
    s.out_start = out_start;
    s.in_start = in_start;
    s.len = (uint32_t)(len < UINT32_MAX ? len : UINT32_MAX);
    s.src_len = (uint32_t)(src_len < UINT32_MAX ? src_len : UINT32_MAX);
    emb__buf_append(map, &s, sizeof(s));
}

/* Writes code point c (not a surrogate) as UTF-8 to b[4]; returns its length. */
static size_t utf8_encode(UChar32 c, unsigned char *b) {
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | c >> 6);
        b[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | c >> 12);
        b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | c >> 18);
    b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
    b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    b[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/* Where decoded text goes: the text and map buffers and the value added to
 * output offsets in map segments; or, for the counter (out NULL), the
 * groups as (start, code points) records. And the chunk of input being
 * read, to tell verbatim bytes. */
typedef struct dsink {
    emb_buf *out, *map;
    size_t delta;
    emb_buf *groups;
    const char *in;
    size_t in_base, in_len;
} dsink;

/* A group the counter found: where its source starts, and its code points. */
typedef struct group_rec {
    size_t start;
    size_t chars;
} group_rec;

/* Writes the open group, which ends at input offset e, with its map
 * segment: verbatim when it is one byte decoded to itself. */
static void group_close(emb_decoder *d, const dsink *k, size_t e) {
    if (!d->gopen) return;
    if (e <= d->gstart) e = d->gstart + 1;
    if (!k->out) {
        group_rec r = {d->gstart, 0};
        for (size_t i = 0; i < d->glen; i++) r.chars += (d->gbuf[i] & 0xC0) != 0x80;
        emb__buf_append(k->groups, &r, sizeof(r));
    } else {
        size_t o = k->out->len;
        if (k->out->cap - o >= d->glen) {  /* the common case, without a call */
            memcpy(k->out->data + o, d->gbuf, d->glen);
            k->out->len += d->glen;
        } else {
            emb__buf_append(k->out, d->gbuf, d->glen);
        }
        int verbatim = d->glen == 1 && e - d->gstart == 1 && d->gbyte == d->gbuf[0];
        if (!k->out->oom) seg_add(k->map, o + k->delta, d->gstart, d->glen, verbatim ? 0 : e - d->gstart);
    }
    d->gopen = 0;
    d->glen = 0;
    d->next_at = e;
}

/* Adds code point c, decoded from input starting at offset s, to the open
 * group (same s) or a new one (a larger s closes the open one there). */
static void group_put(emb_decoder *d, const dsink *k, UChar32 c, size_t s) {
    if (d->gopen && s > d->gstart) group_close(d, k, s);
    if (!d->gopen) {
        d->gopen = 1;
        d->gstart = d->next_at;  /* the sources tile the input */
        d->gbyte = d->gstart >= k->in_base && d->gstart - k->in_base < k->in_len
                       ? (unsigned char)k->in[d->gstart - k->in_base] : -1;
    }
    if (d->glen + 4 > sizeof(d->gbuf)) {  /* many code points from one place */
        size_t e = d->gstart + 1;
        group_close(d, k, e);
        group_put(d, k, c, e);
        return;
    }
    d->glen += utf8_encode(c, d->gbuf + d->glen);
}

/* Takes what one ICU call produced: n units in u, unit i decoded from input
 * offset base + off[i] (base: where the call's source starts); a negative offset, or any offset for the first unit
 * after bytes ICU held at the end of the call before, means those held
 * bytes, which begin at d->held_at. Characters never start past `done`
 * (the input the call consumed). A lead surrogate cut from its trail by a
 * full buffer (`more`) waits in d->lead. */
static void put_units(emb_decoder *d, const dsink *k, const UChar *u, const int32_t *off, size_t n,
                      size_t base, size_t done, size_t read, int more) {
    size_t i = 0;
    if (d->lead && n) {
        UChar32 c = 0xFFFD;
        if (U16_IS_TRAIL(u[0])) c = U16_GET_SUPPLEMENTARY(d->lead, u[i++]);
        group_put(d, k, c, d->gopen ? d->gstart : d->next_at);
        d->lead = 0;
    }
    for (; i < n; i++) {
        UChar32 c = u[i];
        size_t s;
        if ((i == 0 && d->held) || off[i] < 0 || (size_t)off[i] >= read)  /* held, or out of range */
            s = d->held ? d->held_at : d->gopen ? d->gstart : d->next_at;
        else
            s = base + (size_t)off[i];
        if (s > done) s = done;
        d->held = 0;
        if (U16_IS_LEAD(c) && i + 1 < n && U16_IS_TRAIL(u[i + 1])) {
            c = U16_GET_SUPPLEMENTARY(c, u[i + 1]);
            i++;
        } else if (U16_IS_LEAD(c) && i + 1 == n && more) {
            d->lead = (uint16_t)c;  /* its trail comes with the next call */
            break;
        } else if (U16_IS_SURROGATE(c)) {
            c = 0xFFFD;
        }
        group_put(d, k, c, s);
    }
}

/* A copy of a converter and its state, or NULL. */
static UConverter *snapshot(const UConverter *c) {
    UErrorCode e = U_ZERO_ERROR;
#if U_ICU_VERSION_MAJOR_NUM >= 71
    UConverter *copy = ucnv_clone(c, &e);
#else
    UConverter *copy = ucnv_safeClone(c, NULL, NULL, &e);
#endif
    if (U_FAILURE(e)) {
        if (copy) ucnv_close(copy);
        return NULL;
    }
    return copy;
}

/* Decodes in[0, len) (input offset in_base), the last bytes of the document
 * when `flush`. Each ICU call reads a piece: the bytes carried over from
 * the call before, then up to PIECE new ones. No call ends holding bytes
 * of a character: ICU's offsets for what comes after held bytes differ
 * from converter to converter (and from ISO-2022's are garbage), so the
 * held bytes are carried to the next call instead, after a reset (a
 * converter without state between characters) or after the call was done
 * again from a snapshot up to where the character begins (one with state:
 * ISO-2022, UTF-7, HZ, SCSU). */
static embargo_status decode(emb_decoder *d, const char *in, size_t len, size_t in_base, int flush,
                             const dsink *k) {
    char buf[PIECE + sizeof(d->carry)];
    UChar u[UCAP];
    int32_t off[UCAP];
    size_t i = 0;
    do {
        size_t take = len - i > PIECE ? PIECE : len - i;
        const char *p0 = in + i;
        size_t n0 = take, at0 = in_base + i;
        if (d->carry_n) {
            memcpy(buf, d->carry, d->carry_n);
            memcpy(buf + d->carry_n, in + i, take);
            p0 = buf;
            n0 = d->carry_n + take;
            at0 = d->carry_at;
            d->carry_n = 0;
        }
        i += take;
        int last = flush && i == len, more;
        const char *src = p0, *lim = p0 + n0;
        do {  /* once, unless ICU's output buffer fills */
            const char *from = src;
            size_t base = at0 + (size_t)(from - p0);
            UConverter *snap = !d->refeed && !last ? snapshot(d->cnv) : NULL;
            uint64_t bad = d->cs ? d->cs->bad : 0, first_bad = d->cs ? d->cs->first_bad : 0;
            UChar *t;
            int redone = 0;
        call:
            t = u;
            d->src0 = from;
            d->src0_at = base;
            UErrorCode e = U_ZERO_ERROR;
            ucnv_toUnicode(d->cnv, &t, u + UCAP, &src, lim, off, (UBool)last, &e);
            more = e == U_BUFFER_OVERFLOW_ERROR;
            if (U_FAILURE(e) && !more) {
                if (snap) ucnv_close(snap);
                return EMBARGO_ENOMEM;  /* ICU fails only for want of memory here */
            }
            int held_next = 0;
            size_t held_next_at = 0;
            if (!last && !more) {
                UErrorCode e2 = U_ZERO_ERROR;
                int32_t p = ucnv_toUCountPending(d->cnv, &e2);
                size_t held = U_SUCCESS(e2) && p > 0 ? (size_t)p : 0;
                if (held && src == lim && held <= sizeof(d->carry) && held <= (size_t)(src - from) &&
                    (d->refeed || (snap && !redone))) {
                    if (!d->refeed) {  /* again from the snapshot, up to the held bytes */
                        ucnv_close(d->cnv);
                        d->cnv = snap;
                        snap = NULL;
                        if (d->cs) {
                            d->cs->bad = bad;
                            d->cs->first_bad = first_bad;
                        }
                        src = from;
                        lim -= held;
                        redone = 1;
                        goto call;
                    }
                    lim -= held;  /* read again, from a fresh state */
                    memcpy(d->carry, lim, held);
                    d->carry_n = held;
                    d->carry_at = at0 + (size_t)(lim - p0);
                    ucnv_reset(d->cnv);
                } else if (held) {  /* ICU keeps them: its offsets say so (-1) */
                    held_next = 1;
                    held_next_at = at0 + (size_t)(src - p0) - held;
                }
                if (redone) {  /* the bytes after the redone call wait for the next one */
                    d->carry_n = (size_t)(p0 + n0 - lim);
                    memcpy(d->carry, lim, d->carry_n);
                    d->carry_at = at0 + (size_t)(lim - p0);
                }
            }
            if (snap) ucnv_close(snap);
            put_units(d, k, u, off, (size_t)(t - u), base, at0 + (size_t)(src - p0), (size_t)(src - from), more);
            d->held = held_next;
            if (held_next) {
                size_t floor = d->gopen ? d->gstart : d->next_at;
                d->held_at = held_next_at > floor ? held_next_at : floor;
            }
        } while (more);
    } while (i < len);
    d->pos = in_base + len;
    if (flush) {
        if (d->lead) {  /* a lead surrogate at the very end */
            group_put(d, k, 0xFFFD, d->gopen ? d->gstart : d->next_at);
            d->lead = 0;
        }
        group_close(d, k, d->pos);
        d->flushed = 1;
    }
    if (k->out ? k->out->oom || (k->map && k->map->oom) : k->groups->oom) return EMBARGO_ENOMEM;
    return EMBARGO_OK;
}

/* Back to the start of a document. */
static void decoder_reset(emb_decoder *d) {
    if (d->cnv) ucnv_reset(d->cnv);
    d->pos = d->held_at = d->next_at = d->gstart = d->glen = 0;
    d->held = d->gopen = d->flushed = 0;
    d->lead = 0;
    d->carry_n = 0;
}

void emb__charset_begin(emb_charset *cs, int html) {
    cs->html = html;
    emb__html_init(&cs->h);
    decoder_reset(&cs->dec);
    decoder_reset(&cs->cnt);
    cs->dec.cs = cs;
    cs->cnt.cs = NULL;
    cs->d_pos = 0;
    cs->dtext.len = cs->dmap.len = cs->hmap.len = cs->groups.len = 0;
    cs->dtext.oom = cs->dmap.oom = cs->hmap.oom = cs->groups.oom = 0;
    cs->groups_head = 0;
    cs->cnt_b = 0;
    cs->cnt_chars = 0;
}

/* The index of the last segment of dmap that starts at or before decoded
 * offset d (0 if none does); n > 0. */
static size_t dseg_find(const emb_html_seg *seg, size_t n, size_t d) {
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (seg[mid].out_start <= d) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* The HTML converter's new segments (cs->hmap: output offsets in `map`'s
 * text, input offsets in the decoded text) through the decoder's map
 * (cs->dmap: decoded offsets to original ones), appended to `map`. */
static void compose(emb_charset *cs, emb_buf *map) {
    emb_html_map dv = emb__html_map_view(&cs->dmap);
    emb_html_map hv = emb__html_map_view(&cs->hmap);
    if (dv.n == 0) return;
    for (size_t i = 0; i < hv.n; i++) {
        const emb_html_seg *g = &hv.seg[i];
        if (g->src_len) {
            size_t s = emb__html_map(&dv, g->in_start);
            size_t e = emb__html_map_end(&dv, g->in_start + g->src_len);
            seg_add(map, g->out_start, s, g->len, e > s ? e - s : 1);
            continue;
        }
        size_t d = g->in_start, d_end = g->in_start + g->len;
        for (size_t j = dseg_find(dv.seg, dv.n, d); j < dv.n && d < d_end; j++) {
            const emb_html_seg *c = &dv.seg[j];
            size_t c_end = c->out_start + c->len;
            if (c_end <= d) continue;
            size_t a = d > c->out_start ? d : c->out_start, b = d_end < c_end ? d_end : c_end;
            if (b <= a) break;
            size_t o = g->out_start + (a - g->in_start);
            if (c->src_len) seg_add(map, o, c->in_start, b - a, c->src_len);
            else seg_add(map, o, c->in_start + (a - c->out_start), b - a, 0);
            d = b;
        }
    }
}

/* Drops the segments of cs->dmap that end before decoded offset d. */
static void dmap_trim(emb_charset *cs, size_t d) {
    emb_html_seg *seg = (emb_html_seg *)(void *)cs->dmap.data;
    size_t n = cs->dmap.len / sizeof(*seg), k = 0;
    while (k < n && seg[k].out_start + seg[k].len <= d) k++;
    if (k == 0 || k < n / 2) return;  /* move only when half can go */
    memmove(seg, seg + k, (n - k) * sizeof(*seg));
    cs->dmap.len = (n - k) * sizeof(*seg);
}

/* HTML: the decoded chunk in cs->dtext through the HTML converter. */
static embargo_status html_step(emb_charset *cs, int finish, emb_buf *out, emb_buf *map) {
    cs->hmap.len = 0;
    embargo_status st = emb__html_feed(&cs->h, (const char *)cs->dtext.data, cs->dtext.len, cs->d_pos, out,
                                       map ? &cs->hmap : NULL);
    cs->d_pos += cs->dtext.len;
    if (!st && finish) st = emb__html_finish(&cs->h, out, map ? &cs->hmap : NULL);
    if (st) return st;
    if (map) {
        compose(cs, map);
        if (map->oom) return EMBARGO_ENOMEM;
        dmap_trim(cs, emb__html_holds(&cs->h));
    }
    return EMBARGO_OK;
}

/* Decodes a chunk (flush: the last) into out/map, for HTML through the
 * converter. */
static embargo_status read_chunk(emb_charset *cs, const char *in, size_t len, size_t in_base, int flush,
                                 emb_buf *out, emb_buf *map) {
    embargo_status st;
    if (!cs->html) {
        dsink k = {out, map, 0, NULL, in, in_base, len};
        st = decode(&cs->dec, in, len, in_base, flush, &k);
    } else {
        cs->dtext.len = 0;
        dsink k = {&cs->dtext, map ? &cs->dmap : NULL, cs->d_pos, NULL, in, in_base, len};
        st = decode(&cs->dec, in, len, in_base, flush, &k);
        if (!st) st = html_step(cs, flush, out, map);
    }
    if (cs->bad != cs->noted_bad) write_note(cs);
    if (st == EMBARGO_ENOMEM) cs->oom = 1;
    return st;
}

embargo_status emb__charset_feed(emb_charset *cs, const char *in, size_t len, size_t in_base,
                                 emb_buf *out, emb_buf *map) {
    if (!cs || !out || (!in && len)) return EMBARGO_EINVAL;
    if (!cs->decode) return cs->html ? emb__html_feed(&cs->h, in, len, in_base, out, map) : EMBARGO_EINVAL;
    if (len == 0) return EMBARGO_OK;
    return read_chunk(cs, in, len, in_base, 0, out, map);
}

embargo_status emb__charset_finish(emb_charset *cs, emb_buf *out, emb_buf *map) {
    if (!cs || !out) return EMBARGO_EINVAL;
    if (!cs->decode) return cs->html ? emb__html_finish(&cs->h, out, map) : EMBARGO_EINVAL;
    return read_chunk(cs, "", 0, cs->dec.pos, 1, out, map);
}

/* ---- character offsets ------------------------------------------------------------ */

/* The counter decodes the document again, with the same grouping as the
 * decoder, into (start, code points) records; the code points before a
 * group boundary b are those of the groups that start before it. It reads
 * on (a piece at a time) until a group starting at or after b is known. */
uint64_t emb__charset_chars(emb_charset *cs, const char *doc, size_t len, size_t b) {
    if (b > len) b = len;
    if (b < cs->cnt_b) {  /* backwards: count again from the start */
        decoder_reset(&cs->cnt);
        cs->groups.len = cs->groups_head = 0;
        cs->cnt_chars = 0;
        cs->cnt_b = 0;
    }
    if (cs->decode && cs->one_per_byte) {
        cs->cnt_b = b;
        return b;
    }
    if (!cs->decode || !cs->cnt.cnv) {
        for (; cs->cnt_b < b; cs->cnt_b++)
            if (((unsigned char)doc[cs->cnt_b] & 0xC0) != 0x80) cs->cnt_chars++;
        return cs->cnt_chars;
    }
    cs->cnt_b = b;
    emb_decoder *d = &cs->cnt;
    for (;;) {
        while (cs->groups_head < cs->groups.len) {
            group_rec r;
            memcpy(&r, cs->groups.data + cs->groups_head, sizeof(r));
            if (r.start >= b) return cs->cnt_chars;
            cs->cnt_chars += r.chars;
            cs->groups_head += sizeof(r);
        }
        cs->groups.len = cs->groups_head = 0;
        if ((d->gopen && d->gstart >= b) || d->flushed) return cs->cnt_chars;
        size_t n = len - d->pos < PIECE ? len - d->pos : PIECE;
        dsink k = {NULL, NULL, 0, &cs->groups, doc + d->pos, d->pos, n};
        if (decode(d, doc + d->pos, n, d->pos, d->pos + n == len, &k)) return UINT64_MAX;
    }
}

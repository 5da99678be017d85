/*
 * fuzz_charset.c - libFuzzer harness for charset detection and decoding
 * (src/scan/charset.c), alone and composed with the HTML converter.
 *
 * The first byte picks the charset: one of CHARSETS, given as the caller's,
 * or none (detected from the document); the second says HTML or text and
 * seeds the chunk sizes; the rest is the document. It is detected, then
 * read three ways: at once; in chunks of pseudo-random sizes (mostly 1..16
 * bytes, sometimes up to 4 KiB); and in such chunks with both buffers
 * emptied after every chunk, as the scanner does. The harness aborts unless
 * the three give the same text and every output byte maps to the same
 * input offset (for a stateful charset such as ISO-2022-JP, where ICU's
 * offsets for escape sequences depend on where its calls begin, the same
 * text only), and unless the map keeps its promises: segments tile the
 * output in order; their sources lie inside the document, in order (for
 * text they tile it from its first byte; in HTML two segments may share
 * a source, when one character decoded to several code points and the
 * HTML converter took them apart); a verbatim
 * byte equals the byte it maps to; the text is valid UTF-8 (without NUL,
 * for HTML). Character offsets must be monotonic and, for decoded text,
 * equal the code points of the text written before each segment; counting
 * backwards must give the same numbers again (for a stateful charset the
 * counter's calls to ICU may begin elsewhere than the decoder's, so its
 * numbers need only be in order). The note must be set.
 */
#include "scan/charset.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const CHARSETS[] = {
    "windows-1251", "koi8-r",      "iso-8859-5", "windows-1252", "iso-8859-1", "windows-1256",
    "gb18030",      "gbk",         "shift_jis",  "euc-jp",       "iso-2022-jp", "euc-kr",
    "big5",         "utf-16le",    "utf-16be",   "UTF-16",       "UTF-32",      "utf-8",
    "UTF-7",        "hz-gb-2312",  "ibm037",     "SCSU",         "x-mac-cyrillic", "iso-2022-kr", "ibm-930", "UTF-32LE", "cesu-8", "bocu-1",
};
#define NCHARSETS (sizeof(CHARSETS) / sizeof(CHARSETS[0]))

static emb_charset cs;
static int cs_ready;
static int same_map;  /* the maps must be the same whatever the chunks */
static emb_buf out1, map1, out2, map2, out3, map3;
static uint32_t rng;

static size_t next_chunk(void) {
    rng = rng * 1103515245u + 12345u;
    uint32_t r = rng >> 16;
    if ((r & 7) == 0) return 1 + (r >> 3) % 4096;
    return 1 + (r >> 3) % 16;
}

/* Reads the document in chunks (step 0: at once), into out/map; with
 * `empty`, out3/map3 are emptied after each chunk and checked against the
 * whole-document map m1. */
static void read_doc(const char *in, size_t len, int html, emb_buf *out, emb_buf *map, uint32_t seed,
                     int chunked, const emb_buf *o1, const emb_buf *m1) {
    out->len = map->len = 0;
    emb__charset_begin(&cs, html);
    rng = seed;
    size_t total = 0;
    emb_html_map v1 = m1 ? emb__html_map_view(m1) : (emb_html_map){NULL, 0};
    for (size_t off = 0;;) {
        size_t n = chunked ? next_chunk() : len;
        if (n > len - off) n = len - off;
        if (m1) out->len = map->len = 0;
        if (n && emb__charset_feed(&cs, in + off, n, off, out, map)) abort();
        off += n;
        if (off == len && emb__charset_finish(&cs, out, map)) abort();
        if (m1) {
            emb_html_map v = emb__html_map_view(map);
            if (out->len > o1->len - total) abort();
            if (out->len && memcmp(out->data, o1->data + total, out->len)) abort();
            for (size_t k = 0; same_map && k < out->len; k++)
                if (emb__html_map(&v, k) != emb__html_map(&v1, total + k)) abort();
            total += out->len;
        }
        if (off == len) break;
    }
    if (m1 && total != o1->len) abort();
}

/* The code points of UTF-8 text t[0, n). */
static uint64_t code_points(const unsigned char *t, size_t n) {
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) k += (t[i] & 0xC0) != 0x80;
    return k;
}

static uint64_t fwd[64];  /* chars at the last segments, counted forwards */

static void check_map(const char *in, size_t len, int html, const emb_buf *out, const emb_buf *map) {
    emb_html_map m = emb__html_map_view(map);
    size_t out_pos = 0, in_pos = 0, in_prev = 0;
    int decoded = emb__charset_decodes(&cs);
    if (map->len % sizeof(emb_html_seg)) abort();
    uint64_t last_chars = 0;
    for (size_t i = 0; i < m.n; i++) {
        const emb_html_seg *s = &m.seg[i];
        size_t src = s->src_len ? s->src_len : s->len;
        if (s->out_start != out_pos || s->len == 0) abort();
        if (s->in_start > len || src > len - s->in_start) abort();
        if (html ? s->in_start < in_prev : s->in_start != in_pos) abort();
        if (!s->src_len && memcmp(out->data + s->out_start, in + s->in_start, s->len)) abort();
        if (emb__html_map(&m, s->out_start) != s->in_start) abort();
        if (emb__html_map_end(&m, s->out_start + s->len) != s->in_start + src) abort();
        uint64_t c = emb__charset_chars(&cs, in, len, s->in_start);
        if (c == UINT64_MAX || c < last_chars) abort();
        if (decoded && !html && same_map && c != code_points(out->data, s->out_start)) abort();
        if (m.n - i <= 64) fwd[m.n - 1 - i] = c;
        last_chars = c;
        out_pos += s->len;
        in_prev = s->in_start;
        in_pos = s->in_start + src;
    }
    if (out_pos != out->len) abort();
    if (out->len && emb__utf8_check((const char *)out->data, out->len) != out->len) abort();
    if (html && out->len && memchr(out->data, 0, out->len)) abort();
    /* backwards (each call counts again from the start): the same numbers */
    for (size_t j = 0; j < m.n && j < 64; j++)
        if (emb__charset_chars(&cs, in, len, m.seg[m.n - 1 - j].in_start) != fwd[j]) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    if (!cs_ready) {
        emb__charset_init(&cs);
        cs_ready = 1;
    }
    unsigned pick = data[0] % (2 * NCHARSETS);
    const char *given = pick < NCHARSETS ? CHARSETS[pick] : NULL;
    int html = data[1] & 1;
    uint32_t seed = data[1] >> 1 | (uint32_t)data[0] << 7;
    const char *in = (const char *)data + 2;
    size_t len = size - 2;

    if (emb__charset_set_given(&cs, given)) return 0;  /* a name this ICU lacks */
    if (emb__charset_detect(&cs, in, len, html)) abort();
    const char *name = NULL;
    unsigned flags = 99;
    const char *note = emb__charset_note(&cs, &name, &flags);
    if (!note || !note[0] || !name || !name[0] || flags > 15) abort();
    if (!html && !emb__charset_decodes(&cs)) return 0;  /* the scanner reads it as it is */
    same_map = 1;
    if (emb__charset_decodes(&cs)) {
        UConverterType t = ucnv_getType(cs.dec.cnv);
        same_map = t == UCNV_SBCS || t == UCNV_DBCS || t == UCNV_MBCS || t == UCNV_LATIN_1 ||
                   t == UCNV_US_ASCII || t == UCNV_UTF8 || t == UCNV_UTF16_BigEndian ||
                   t == UCNV_UTF16_LittleEndian || t == UCNV_UTF16 || t == UCNV_UTF32_BigEndian ||
                   t == UCNV_UTF32_LittleEndian || t == UCNV_UTF32;
    }

    read_doc(in, len, html, &out1, &map1, seed, 0, NULL, NULL);
    check_map(in, len, html, &out1, &map1);
    read_doc(in, len, html, &out2, &map2, seed, 1, NULL, NULL);
    if (out2.len != out1.len || (out1.len && memcmp(out1.data, out2.data, out1.len))) abort();
    check_map(in, len, html, &out2, &map2);
    emb_html_map a = emb__html_map_view(&map1), b = emb__html_map_view(&map2);
    for (size_t k = 0; same_map && k < out1.len; k++)
        if (emb__html_map(&a, k) != emb__html_map(&b, k)) abort();
    read_doc(in, len, html, &out3, &map3, seed ^ 0x5A5Au, 1, &out1, &map1);
    (void)emb__charset_note(&cs, NULL, NULL);
    return 0;
}

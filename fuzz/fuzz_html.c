/*
 * fuzz_html.c - libFuzzer harness for the HTML-to-text converter
 * (src/scan/html.c).
 *
 * The first two bytes of the input seed the chunk sizes; the rest is the
 * document. It is converted three ways: at once; in chunks of pseudo-random
 * sizes (mostly 1..16 bytes, sometimes up to 4 KiB); and in such chunks with
 * both buffers emptied after every chunk, as the scanner does. The harness
 * aborts unless all three give the same text and every output byte maps to
 * the same input offset, and unless the map keeps its promises: segments
 * tile the output in order, their sources lie in the input in order, every
 * verbatim byte equals the input byte it maps to, and the text is valid
 * UTF-8 without NUL; and no segment refers to input before what the
 * converter said it still holds (emb__html_holds) before the chunk came.
 * It also runs the sniffer over the document.
 */
#include "scan/html.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static emb_buf out1, map1, out2, map2, out3, map3;

static uint32_t rng;

static size_t next_chunk(void) {
    rng = rng * 1103515245u + 12345u;
    uint32_t r = rng >> 16;
    if ((r & 7) == 0) return 1 + (r >> 3) % 4096;
    return 1 + (r >> 3) % 16;
}

static void check_map(const char *in, size_t len, const emb_buf *out, const emb_buf *map) {
    emb_html_map m = emb__html_map_view(map);
    size_t out_pos = 0, in_pos = 0;
    if (map->len % sizeof(emb_html_seg)) abort();
    for (size_t i = 0; i < m.n; i++) {
        const emb_html_seg *s = &m.seg[i];
        size_t src = s->src_len ? s->src_len : s->len;
        if (s->out_start != out_pos || s->len == 0) abort();
        if (s->in_start < in_pos || s->in_start > len || src > len - s->in_start) abort();
        if (!s->src_len && memcmp(out->data + s->out_start, in + s->in_start, s->len)) abort();
        if (s->src_len && s->len > 4) abort();
        /* the lookup agrees with the segment at both of its ends */
        size_t last = s->out_start + s->len - 1;
        if (emb__html_map(&m, s->out_start) != s->in_start) abort();
        if (emb__html_map(&m, last) != (s->src_len ? s->in_start : s->in_start + s->len - 1))
            abort();
        if (emb__html_map_end(&m, last + 1) != s->in_start + src) abort();
        out_pos += s->len;
        in_pos = s->in_start + src;
    }
    if (out_pos != out->len) abort();
    if (out->len && emb__utf8_check((const char *)out->data, out->len) != out->len) abort();
    if (out->len && memchr(out->data, 0, out->len)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    uint32_t seed = (uint32_t)data[0] | (uint32_t)data[1] << 8;
    const char *in = (const char *)data + 2;
    size_t len = size - 2;
    emb_html h;

    /* at once */
    out1.len = map1.len = 0;
    emb__html_init(&h);
    if (emb__html_feed(&h, in, len, 0, &out1, &map1)) abort();
    if (emb__html_finish(&h, &out1, &map1)) abort();
    check_map(in, len, &out1, &map1);
    emb_html_map m1 = emb__html_map_view(&map1);

    /* in chunks */
    out2.len = map2.len = 0;
    emb__html_init(&h);
    rng = seed;
    for (size_t off = 0; off < len;) {
        size_t n = next_chunk();
        if (n > len - off) n = len - off;
        if (emb__html_feed(&h, in + off, n, off, &out2, &map2)) abort();
        off += n;
    }
    if (emb__html_finish(&h, &out2, &map2)) abort();
    if (out2.len != out1.len || map2.len != map1.len) abort();
    if (out1.len && memcmp(out1.data, out2.data, out1.len)) abort();
    if (map1.len && memcmp(map1.data, map2.data, map1.len)) abort();

    /* in chunks, buffers emptied after each */
    emb__html_init(&h);
    rng = seed ^ 0x5A5Au;
    size_t total = 0;
    for (size_t off = 0;;) {
        size_t n = next_chunk();
        if (n > len - off) n = len - off;
        out3.len = map3.len = 0;
        size_t held = emb__html_holds(&h);
        if (held > off) abort();
        if (emb__html_feed(&h, in + off, n, off, &out3, &map3)) abort();
        off += n;
        if (off == len && emb__html_finish(&h, &out3, &map3)) abort();
        emb_html_map m3 = emb__html_map_view(&map3);
        for (size_t k = 0; k < m3.n; k++)
            if (m3.seg[k].in_start < held) abort();
        if (out3.len > out1.len - total) abort();
        if (out3.len && memcmp(out3.data, out1.data + total, out3.len)) abort();
        for (size_t k = 0; k < out3.len; k++)
            if (emb__html_map(&m3, k) != emb__html_map(&m1, total + k)) abort();
        total += out3.len;
        if (off == len) break;
    }
    if (total != out1.len) abort();

    (void)emb__html_sniff(in, len);
    return 0;
}

/*
 * html.h - HTML to text for the scanner, streaming, with an offset map.
 *
 * The scanner reads HTML as the text a reader sees: tags removed (the start
 * and end tags of block elements such as <p>, <div>, <br>, <li>, <td>,
 * <title> become a newline, so words on both sides stay apart, but none at
 * the very start of the text and none right after another newline; inline
 * marks such as <u>, <a>, <b> and unknown elements vanish without a trace),
 * the content of <script>, <style>, <noscript>, <template>, <svg>, <math>,
 * <iframe>, <noembed>, <noframes> and comments removed, the content of
 * <title> and <textarea> kept as text (tags in it are text too), character
 * references decoded. Every output byte can be traced back to the byte of
 * the original input it came from, so a mention found in the text is
 * reported at its place in the file.
 *
 * The converter is a state machine fed chunks of any size, split anywhere
 * (inside a tag, a reference, a comment, a UTF-8 sequence): the output and
 * the map do not depend on where the chunks were split. Its state is a
 * fixed-size struct: no input is buffered except a character reference or
 * a raw-text end tag being read (a few dozen bytes), so memory is bounded
 * whatever the input. Broken input is converted best-effort, never refused:
 *   - invalid UTF-8 becomes U+FFFD, one per maximal invalid subpart, and a
 *     NUL byte becomes U+FFFD;
 *   - a '<' that cannot start a tag ("a < b") is text; a stray '>' is text;
 *   - a tag, <!DOCTYPE>, <?...?> or </...> longer than EMB_HTML_MAX_TAG
 *     bytes without its '>' (an unterminated quote, say) is given up: its
 *     bytes so far produce nothing and reading goes on as text from there;
 *     a numeric reference ends after 64 bytes ("&#000...": digits beyond
 *     are text);
 *   - at the end of the input, an unterminated tag is dropped, an
 *     unterminated comment or raw-text element drops what follows it (as
 *     browsers do), a lone "<" or "</" and an unterminated reference are
 *     copied as they are;
 *   - deeply nested tags cost nothing (no element stack is kept).
 *
 * Character references: the 252 of HTML 4 plus &apos; and the HTML5 names
 * of Latin Extended-A (&scaron;, &lstrok;, &gbreve;, ...), only with their
 * ';' (an unknown or unterminated name, "AT&T", is copied as is); numeric
 * &#123; and &#x1F600; also without ';' as HTML5 decodes them, where
 * &#128;..&#159; mean Windows-1252 as in HTML5 and NUL, surrogates and
 * values above U+10FFFF become U+FFFD. &nbsp; and &#160; become a plain
 * space. Whitespace is kept as it is.
 *
 * Thread safety: an emb_html is used by one thread at a time; the lookup
 * functions only read the map.
 */
#ifndef EMB_HTML_H
#define EMB_HTML_H

#include "embargo.h"
#include "../base/buf.h"

#include <stddef.h>
#include <stdint.h>

/* A tag longer than this (from '<' to '>') is given up, see above. */
#define EMB_HTML_MAX_TAG 65536

/* One run of output bytes and where they came from. The map is an array of
 * these, in output order, appended to a caller-owned emb_buf; output offsets
 * are offsets in the caller's `out` buffer (out->len at the time of the
 * append), input offsets are absolute (in_base + position in the chunk).
 *   src_len == 0: a verbatim copy, output byte out_start + i came from input
 *                 byte in_start + i (0 <= i < len);
 *   src_len > 0:  a replacement (a decoded reference, U+FFFD for invalid
 *                 bytes, the newline of a block tag): all len output bytes
 *                 stand for the src_len input bytes at in_start. */
typedef struct emb_html_seg {
    size_t out_start;
    size_t in_start;
    uint32_t len;
    uint32_t src_len;
} emb_html_seg;

/* A read-only view of a map: n segments. */
typedef struct emb_html_map {
    const emb_html_seg *seg;
    size_t n;
} emb_html_map;

/* The converter's state; embed it anywhere, no destructor needed. The fields
 * are private to html.c. */
typedef struct emb_html {
    unsigned char state;       /* tokenizer state */
    unsigned char text_state;  /* where a character reference returns to */
    unsigned char last_out;    /* last output byte, 0 before the first */
    unsigned char is_end;      /* the tag being read is an end tag */
    unsigned char self_close;  /* ... and so far ends with '/' */
    unsigned char quote;       /* quote of the attribute value being read */
    unsigned char name_len;    /* bytes in name; sizeof(name) = too long */
    unsigned char raw_len;     /* bytes in raw_name */
    unsigned char raw_emit;    /* raw text is shown (<title>) or dropped */
    unsigned char match;       /* chars matched: "<!--", "[CDATA[", end tag */
    unsigned char dashes;      /* '-' seen in a row inside a comment */
    unsigned char bang;        /* "--!" seen inside a comment */
    unsigned char brackets;    /* ']' pending inside CDATA */
    unsigned char u8_len;      /* bytes in u8 */
    char name[16];             /* tag name, lower case */
    char raw_name[16];         /* raw-text element whose end tag ends it */
    size_t mark_start;         /* input offset of the '<' of the tag */
    size_t mark_len;           /* bytes of the tag read so far */
    size_t pend_start;         /* input offset of pend[0] */
    size_t pend_len;
    unsigned char pend[40];    /* a reference or raw end tag being read */
    uint32_t ref_value;        /* numeric reference so far (saturates) */
    size_t ref_len;            /* bytes of the numeric reference so far */
    size_t pos;                /* input offset just past the last byte fed */
    size_t u8_start;           /* input offset of u8[0] */
    unsigned char u8[4];       /* a UTF-8 sequence split across chunks */
} emb_html;

/* Prepares `h` for a new document. Allocates nothing. */
void emb__html_init(emb_html *h);

/* Converts the next `len` bytes of the document, which start at offset
 * `in_base` of the whole input (chunks must be fed in order, without gaps).
 * Text is appended to `out`; map segments (emb_html_seg) to `map`, which
 * may be NULL when offsets are not wanted. Both buffers belong to the
 * caller, who may empty them (len = 0) between calls, together, to bound
 * memory: later segments then count from the new start of `out`. Some bytes
 * (an unfinished reference, a split UTF-8 sequence) are held in `h` until
 * the next call or emb__html_finish. Returns EMBARGO_OK, or EMBARGO_ENOMEM
 * if a buffer could not grow (it has `oom` set; the output is incomplete).
 * `in` may be NULL when len is 0. */
embargo_status emb__html_feed(emb_html *h, const char *in, size_t len, size_t in_base,
                              emb_buf *out, emb_buf *map);

/* Ends the document: writes what `h` still holds (an unterminated reference
 * or lone "<" as text, a split UTF-8 sequence as U+FFFD); an unterminated
 * tag, comment or raw-text element produces nothing more. Returns as
 * emb__html_feed. Call emb__html_init before converting another document. */
embargo_status emb__html_finish(emb_html *h, emb_buf *out, emb_buf *map);

/* The smallest input offset a later segment of `h` may still refer to:
 * the '<' of a tag being read (its newline stands for the whole tag), the
 * start of a reference or raw end tag being read, of "]]" in CDATA, of a
 * split UTF-8 sequence; else the offset past the last byte fed. Everything
 * before it is done with (charset.c keeps its own map back to there). */
size_t emb__html_holds(const emb_html *h);

/* A view of the segments in `map` (as filled by emb__html_feed). */
emb_html_map emb__html_map_view(const emb_buf *map);

/* The input offset of output byte `out_offset`: for a verbatim byte the
 * offset of the same byte in the input, for a byte of a replacement the
 * offset of what it replaced (the '&' of "&amp;", the '<' of "<br>"). An
 * offset before the first segment maps to its start, one at or after the
 * end of the output to the input offset just past the last segment's
 * source; an empty map gives 0. O(log n). */
size_t emb__html_map(const emb_html_map *m, size_t out_offset);

/* The input offset just past the source of output bytes ending (exclusive)
 * at `out_end` > 0: for a verbatim last byte the offset after it, for a
 * replacement the end of what it replaced ("Nestl&eacute;" ends after the
 * ';'). With out_end == 0, the same as emb__html_map(m, 0). */
size_t emb__html_map_end(const emb_html_map *m, size_t out_end);

/* Convenience: emb__html_map over the segments in a map buffer. */
size_t emb__html_map_lookup(const emb_buf *map, size_t out_offset);

/* Says whether `data` (the start of a file) looks like HTML: after an
 * optional byte order mark and whitespace it begins with <!DOCTYPE
 * html, <html, <head, <body, <p, <div, <meta, <title or <table (any case,
 * the name followed by a space, '>' or '/'), or its first 1 KiB holds at
 * least four start or end tags with common HTML names. UTF-16 (with its
 * byte order mark, or ASCII with NUL bytes between) is read for this as
 * the ASCII it holds. Returns 1 or 0. */
int emb__html_sniff(const char *data, size_t len);

#endif

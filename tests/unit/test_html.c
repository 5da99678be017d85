/*
 * test_html.c - unit tests for the HTML-to-text converter (src/scan/html.c):
 * tags and inline marks, block newlines, character references, script,
 * style and comments, broken HTML, NUL and invalid UTF-8, the offset map,
 * the reference article's <u> marks, the same output and map whatever the
 * chunking, buffers emptied between chunks, out-of-memory, sniffing (also
 * of UTF-16), what the converter still holds.
 */
#include "test.h"
#include "scan/html.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A conversion's result: text (NUL-terminated copy) and map. */
typedef struct conv {
    embargo_status st;
    emb_buf out, map;
    char *text;  /* out as a C string (NUL bytes never occur in the output) */
} conv;

static void conv_free(conv *c) {
    emb__buf_free(&c->out);
    emb__buf_free(&c->map);
    free(c->text);
    memset(c, 0, sizeof(*c));
}

/* Converts `in` fed in chunks of `step` bytes (0: all at once). */
static conv convert(const char *in, size_t len, size_t step) {
    conv c;
    emb_html h;
    memset(&c, 0, sizeof(c));
    emb__buf_init(&c.out);
    emb__buf_init(&c.map);
    emb__html_init(&h);
    if (step == 0) step = len ? len : 1;
    for (size_t off = 0; off < len && !c.st; off += step) {
        size_t n = len - off < step ? len - off : step;
        c.st = emb__html_feed(&h, in + off, n, off, &c.out, &c.map);
    }
    if (!c.st) c.st = emb__html_finish(&h, &c.out, &c.map);
    c.text = malloc(c.out.len + 1);
    if (c.text) {
        if (c.out.len) memcpy(c.text, c.out.data, c.out.len);
        c.text[c.out.len] = 0;
    }
    return c;
}

/* Converts a C string at once. */
static conv conv_str(const char *s) { return convert(s, strlen(s), 0); }

/* Converts `in` as two chunks split at `at`. */
static conv convert_split(const char *in, size_t len, size_t at) {
    conv c;
    emb_html h;
    memset(&c, 0, sizeof(c));
    emb__buf_init(&c.out);
    emb__buf_init(&c.map);
    emb__html_init(&h);
    c.st = emb__html_feed(&h, in, at, 0, &c.out, &c.map);
    if (!c.st) c.st = emb__html_feed(&h, in + at, len - at, at, &c.out, &c.map);
    if (!c.st) c.st = emb__html_finish(&h, &c.out, &c.map);
    return c;
}

static int same(const conv *a, const conv *b) {
    return a->st == b->st && a->out.len == b->out.len && a->map.len == b->map.len &&
           (a->out.len == 0 || memcmp(a->out.data, b->out.data, a->out.len) == 0) &&
           (a->map.len == 0 || memcmp(a->map.data, b->map.data, a->map.len) == 0);
}

/* The map's promises, checked against the input: segments tile the output
 * in order; their sources lie in the input, in order, without overlap;
 * every verbatim byte equals the input byte it maps to; the output is valid
 * UTF-8 without NUL. Returns 1 if all hold. */
static int map_ok(const char *in, size_t len, const conv *c) {
    emb_html_map m = emb__html_map_view(&c->map);
    size_t out_pos = 0, in_pos = 0;
    if (c->map.len % sizeof(emb_html_seg)) return 0;
    for (size_t i = 0; i < m.n; i++) {
        const emb_html_seg *s = &m.seg[i];
        size_t src = s->src_len ? s->src_len : s->len;
        if (s->out_start != out_pos || s->len == 0) return 0;
        if (s->in_start < in_pos || s->in_start + src > len) return 0;
        if (!s->src_len && memcmp(c->out.data + s->out_start, in + s->in_start, s->len)) return 0;
        for (size_t k = 0; k < s->len; k++) {
            size_t o = s->out_start + k;
            size_t want = s->src_len ? s->in_start : s->in_start + k;
            if (emb__html_map(&m, o) != want) return 0;
        }
        out_pos += s->len;
        in_pos = s->in_start + src;
    }
    if (out_pos != c->out.len) return 0;
    if (c->out.len && emb__utf8_check((const char *)c->out.data, c->out.len) != c->out.len)
        return 0;
    if (c->out.len && memchr(c->out.data, 0, c->out.len)) return 0;
    return 1;
}

/* Output and map of `in` are the same at once, split in two at every
 * position, and in chunks of 1, 2, 3 and 7 bytes; and the map holds. */
static int invariant(const char *in, size_t len) {
    conv ref = convert(in, len, 0);
    int ok = ref.st == EMBARGO_OK && map_ok(in, len, &ref);
    for (size_t at = 0; ok && at <= len; at++) {
        conv c = convert_split(in, len, at);
        if (!same(&ref, &c)) {
            fprintf(stderr, "  split at %zu differs\n", at);
            ok = 0;
        }
        conv_free(&c);
    }
    static const size_t steps[] = {1, 2, 3, 7};
    for (size_t s = 0; ok && s < sizeof(steps) / sizeof(steps[0]); s++) {
        conv c = convert(in, len, steps[s]);
        if (!same(&ref, &c)) {
            fprintf(stderr, "  chunks of %zu differ\n", steps[s]);
            ok = 0;
        }
        conv_free(&c);
    }
    conv_free(&ref);
    return ok;
}

/* Converts s at once and checks the text, the map and chunking invariance. */
#define CHECK_HTML(s, want)                                   \
    do {                                                      \
        conv c_ = conv_str(s);                                \
        CHECK_EQ_INT(c_.st, EMBARGO_OK);                      \
        CHECK_EQ_STR(c_.text, want);                          \
        CHECK(map_ok(s, strlen(s), &c_));                     \
        CHECK(invariant(s, strlen(s)));                       \
        conv_free(&c_);                                       \
    } while (0)

/* The input offset of the first occurrence of `needle` in the output, -1 if
 * it does not occur. */
static long where(const conv *c, const char *needle) {
    const char *p = c->text ? strstr(c->text, needle) : NULL;
    return p ? (long)(p - c->text) : -1;
}

TEST(inline_marks_vanish) {
    CHECK_HTML("He chatted up <u>Sergey I. Kislyak</u>, the former",
               "He chatted up Sergey I. Kislyak, the former");
    CHECK_HTML("<b>Bold</b> <i>it</i><em>al</em><strong>ic</strong> <span class=\"x\">s</span>",
               "Bold italic s");
    CHECK_HTML("<a href=\"https://example.com/?a=1&amp;b=2\">Maria</a> <A HREF=x>Butina</A>",
               "Maria Butina");
    /* '>' inside quoted attribute values does not end the tag */
    CHECK_HTML("<a title=\"x > y\" data-q='a>b' alt=c>link</a>", "link");
    CHECK_HTML("<img src=x.png alt=\"a\"/>Name<wbr>Part", "NamePart");
}

TEST(block_tags_separate_words) {
    CHECK_HTML("a<br>b<div>c</div>d<li>e", "a\nb\nc\nd\ne");
    CHECK_HTML("A<BR/>B<Td class=x>C</TD><tr>D", "A\nB\nC\nD");
    CHECK_HTML("<h1>Title</h1><p>One</p><p>Two</p>", "Title\nOne\nTwo\n");
    /* no newline at the very start; none doubled; whitespace kept as is */
    CHECK_HTML("<p>x</p>\n<p>y</p>", "x\n\ny\n");
    CHECK_HTML("<!DOCTYPE html><html><body>Hi there</body></html>", "Hi there\n");
    CHECK_HTML("a \t\r\n  b", "a \t\r\n  b");
    CHECK_HTML("<table><tr><td>John</td><td>Smith</td></tr></table>", "John\nSmith\n");
    /* the newline maps to the tag it stands for */
    conv c = conv_str("ab<br/>cd");
    emb_html_map m = emb__html_map_view(&c.map);
    CHECK_EQ_STR(c.text, "ab\ncd");
    CHECK_EQ_INT(emb__html_map(&m, 2), 2);
    CHECK_EQ_INT(emb__html_map_end(&m, 3), 7);
    CHECK_EQ_INT(emb__html_map(&m, 3), 7);
    conv_free(&c);
}

TEST(character_references) {
    CHECK_HTML("&amp;&lt;&gt;&quot;&apos;", "&<>\"'");
    CHECK_HTML("a&nbsp;b&#160;c&#xA0;d", "a b c d");
    CHECK_HTML("&ndash;&mdash;&lsquo;&rsquo;&ldquo;&rdquo;&hellip;",
               "\xE2\x80\x93\xE2\x80\x94\xE2\x80\x98\xE2\x80\x99\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\xA6");
    CHECK_HTML("Nestl&eacute; &Egrave;&aacute;&oacute;&uacute;&iacute;&ntilde;&ccedil;",
               "Nestl\xC3\xA9 \xC3\x88\xC3\xA1\xC3\xB3\xC3\xBA\xC3\xAD\xC3\xB1\xC3\xA7");
    CHECK_HTML("&uuml;&ouml;&auml;&szlig;&yuml;&copy;&euro;&alpha;&Omega;",
               "\xC3\xBC\xC3\xB6\xC3\xA4\xC3\x9F\xC3\xBF\xC2\xA9\xE2\x82\xAC\xCE\xB1\xCE\xA9");
    /* HTML5 names of Latin Extended-A */
    CHECK_HTML("&Scaron;&scaron;&lstrok;&gbreve;&imath;&zcaron;&Ccaron;",
               "\xC5\xA0\xC5\xA1\xC5\x82\xC4\x9F\xC4\xB1\xC5\xBE\xC4\x8C");
    /* numeric */
    CHECK_HTML("&#65;&#x42;&#X43;&#x1F600;&#0067;", "ABC\xF0\x9F\x98\x80" "C");
    CHECK_HTML("&#0;|&#xD800;|&#x110000;|&#99999999999999999999;",
               "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD");
    CHECK_HTML("&#150;&#146;&#128;&#129;", "\xE2\x80\x93\xE2\x80\x99\xE2\x82\xAC\xC2\x81");
    CHECK_HTML("&#65 b&#x42z", "A bBz");  /* numeric without ';' as HTML5 */
    /* unknown, unterminated or malformed: copied as is */
    CHECK_HTML("AT&T &foo; &amp &# &#; &#x; &#xg; & ;&;", "AT&T &foo; &amp &# &#; &#x; &#xg; & ;&;");
    CHECK_HTML("&Amp; &AMP; &nbspx; &eacute", "&Amp; &AMP; &nbspx; &eacute");
    CHECK_HTML("x&", "x&");
    CHECK_HTML("x&#", "x&#");
    CHECK_HTML("x&#x", "x&#x");
    CHECK_HTML("x&#x4", "x\x04");
    CHECK_HTML("&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;",
               "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;");
    CHECK_HTML("&&amp;&&lt;", "&&&<");
    /* the map: every byte of a reference maps to its '&' */
    conv c = conv_str("x&amp;y&eacute;z");
    emb_html_map m = emb__html_map_view(&c.map);
    CHECK_EQ_STR(c.text, "x&y\xC3\xA9z");
    CHECK_EQ_INT(emb__html_map(&m, 0), 0);
    CHECK_EQ_INT(emb__html_map(&m, 1), 1);
    CHECK_EQ_INT(emb__html_map(&m, 2), 6);
    CHECK_EQ_INT(emb__html_map(&m, 3), 7);
    CHECK_EQ_INT(emb__html_map(&m, 4), 7);
    CHECK_EQ_INT(emb__html_map(&m, 5), 15);
    CHECK_EQ_INT(emb__html_map_end(&m, 2), 6);   /* "x&" ends after "&amp;" */
    CHECK_EQ_INT(emb__html_map_end(&m, 5), 15);  /* "x&y\u00e9" ends after "&eacute;" */
    CHECK_EQ_INT(emb__html_map_end(&m, 6), 16);
    conv_free(&c);
}

TEST(script_style_and_raw_text) {
    CHECK_HTML("a<script>if (a<b) x='</scr'+'ipt>';</script>b", "ab");
    CHECK_HTML("a<style>p > b { color: red }</style>b<SCRIPT type=x>1</Script >c", "abc");
    CHECK_HTML("a<noscript><p>Enable JS</p></noscript>b<template><i>t</i></template>c", "abc");
    CHECK_HTML("a<svg viewBox=\"0 0 1 1\"><text>label</text></svg>b<math><mi>x</mi></math>c", "abc");
    CHECK_HTML("a<script>x</scriptx></script >b</script/>c", "abc");
    CHECK_HTML("a<svg/>b<script src=x />c", "abc");  /* self-closing */
    CHECK_HTML("a<iframe src=x>fallback</iframe>b", "a\nb");
    CHECK_HTML("<script>document.write('<p>x</p>')", "");  /* unclosed */
    /* <title> and <textarea>: text, references decoded, no tags */
    CHECK_HTML("<title>A &amp; <b>B</b> </tit</title>text", "A & <b>B</b> </tit\ntext");
    CHECK_HTML("x<textarea>1 < 2 &lt; 3</textarea>", "x\n1 < 2 < 3\n");
    CHECK_HTML("<title>half </ti", "half </ti");
    CHECK_HTML("<title>half &amp", "half &amp");
}

TEST(comments_and_declarations) {
    CHECK_HTML("a<!-- c -->b<!-->c<!--->d<!-- x --!>e<!-- - -- -->f", "abcdef");
    CHECK_HTML("a<!-- <p>not a tag</p> -- > still -->b", "ab");
    CHECK_HTML("<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C\">x<!x>y<!>z", "xyz");
    CHECK_HTML("a<![CDATA[x<y & ]] ]>z]]>b", "ax<y & ]] ]>zb");
    CHECK_HTML("a<![CDATA[x]]]>b", "ax]b");
    CHECK_HTML("a<![CDATA[x]", "ax]");
    CHECK_HTML("a<![CDAT>b", "ab");  /* bogus comment */
    CHECK_HTML("a<!-- never closed <p>b</p>", "a");
    CHECK_HTML("a<!DOCTYPE never closed", "a");
}

TEST(broken_html) {
    CHECK_HTML("a < b and c<d", "a < b and c");  /* "<d" at the end: an unclosed tag */
    CHECK_HTML("1 <2 <= 3 <> 4 <", "1 <2 <= 3 <> 4 <");
    CHECK_HTML("a > b >> c", "a > b >> c");
    CHECK_HTML("x <b", "x ");
    CHECK_HTML("x </", "x </");
    CHECK_HTML("a</>b", "ab");
    CHECK_HTML("a</ b>c</3>d", "acd");
    CHECK_HTML("<<p>>", "<\n>");
    CHECK_HTML("<a href=\"unterminated>text", "");
    CHECK_HTML("<p <p>x", "x");
    CHECK_HTML("a<p/>b<br />c", "a\nb\nc");
    CHECK_HTML("<div =x ='y' \"z\"=w>a", "a");
    /* deep nesting costs nothing */
    {
        size_t depth = 100000, len = depth * 11 + 1;
        char *s = malloc(len + 1);
        for (size_t i = 0; i < depth; i++) memcpy(s + i * 11, "<div><span>", 11);
        s[len - 1] = 'x';
        s[len] = 0;
        conv c = convert(s, len, 4096);
        CHECK_EQ_INT(c.st, EMBARGO_OK);
        CHECK_EQ_STR(c.text, "x");
        conv_free(&c);
        free(s);
    }
}

TEST(long_tags_are_given_up) {
    /* an unterminated quote: the tag is given up after EMB_HTML_MAX_TAG
     * bytes and the rest is read as text */
    size_t pad = 3 * EMB_HTML_MAX_TAG;
    char *s = malloc(pad + 64);
    memcpy(s, "<a href=\"", 9);
    memset(s + 9, 'x', pad);
    strcpy(s + 9 + pad, " Sergey I. Kislyak");
    size_t len = strlen(s);
    conv c = convert(s, len, 1000);
    CHECK_EQ_INT(c.st, EMBARGO_OK);
    CHECK_EQ_INT(c.out.len, len - EMB_HTML_MAX_TAG);
    long k = where(&c, "Sergey I. Kislyak");
    CHECK(k >= 0);
    CHECK(k >= 0 && emb__html_map_lookup(&c.map, (size_t)k) == len - 17);
    CHECK(map_ok(s, len, &c));
    conv one = convert(s, len, 0);
    CHECK(same(&c, &one));
    conv_free(&one);
    conv_free(&c);
    /* a tag of exactly the limit still counts as a tag */
    memcpy(s, "a<br ", 5);
    memset(s + 5, 'y', EMB_HTML_MAX_TAG - 5);
    s[EMB_HTML_MAX_TAG] = '>';
    strcpy(s + EMB_HTML_MAX_TAG + 1, "b");
    c = conv_str(s);
    CHECK_EQ_STR(c.text, "a\nb");
    conv_free(&c);
    /* one byte more and it is given up: its first EMB_HTML_MAX_TAG bytes
     * vanish, the '>' is text */
    memset(s + 5, 'y', EMB_HTML_MAX_TAG - 4);
    s[EMB_HTML_MAX_TAG + 1] = '>';
    strcpy(s + EMB_HTML_MAX_TAG + 2, "b");
    c = conv_str(s);
    CHECK_EQ_STR(c.text, "a>b");
    conv_free(&c);
    /* a long comment or script is not a tag: no limit */
    memcpy(s, "<!--", 4);
    memset(s + 4, '-', pad);
    strcpy(s + 4 + pad, ">after");
    c = conv_str(s);
    CHECK_EQ_STR(c.text, "after");
    conv_free(&c);
    free(s);
}

TEST(nul_and_invalid_utf8) {
    CHECK_HTML("ok \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "ok \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    CHECK_HTML("a\xFF" "b", "a\xEF\xBF\xBD" "b");
    CHECK_HTML("a\xE2\x82", "a\xEF\xBF\xBD");
    CHECK_HTML("a\xE2\x82x", "a\xEF\xBF\xBDx");
    CHECK_HTML("\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  /* a surrogate */
    CHECK_HTML("\xC0\xAF\xF5\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_HTML("\xF0\x9F\x98<b>\x80", "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_HTML("\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_HTML("\xE2\x82&amp;", "\xEF\xBF\xBD&");
    CHECK_HTML("<title>\xE2\x82</title>", "\xEF\xBF\xBD\n");
    /* NUL, as text and inside markup */
    static const char nul[] = "a\0b<p\0>c<!--\0-->d&am\0p;";
    conv c = convert(nul, sizeof(nul) - 1, 0);
    CHECK_EQ_INT(c.out.len, 15);  /* "<p\0>" is not <p>: no newline */
    CHECK(c.out.len == 15 && memcmp(c.out.data, "a\xEF\xBF\xBD" "bcd&am\xEF\xBF\xBDp;", 15) == 0);
    CHECK(map_ok(nul, sizeof(nul) - 1, &c));
    CHECK(invariant(nul, sizeof(nul) - 1));
    emb_html_map m = emb__html_map_view(&c.map);
    CHECK_EQ_INT(emb__html_map(&m, 1), 1);
    CHECK_EQ_INT(emb__html_map(&m, 3), 1);
    CHECK_EQ_INT(emb__html_map(&m, 4), 2);
    CHECK_EQ_INT(emb__html_map_end(&m, 4), 2);
    conv_free(&c);
    /* a replaced 3-byte subpart of a 4-byte sequence: same length, still a
     * replacement */
    c = conv_str("\xF0\x9F\x98x");
    m = emb__html_map_view(&c.map);
    CHECK_EQ_INT(m.n, 2);
    CHECK(m.n == 2 && m.seg[0].src_len == 3 && m.seg[0].len == 3);
    conv_free(&c);
}

TEST(map_lookup_edges) {
    emb_html_map empty = {NULL, 0};
    CHECK_EQ_INT(emb__html_map(&empty, 0), 0);
    CHECK_EQ_INT(emb__html_map(&empty, 5), 0);
    CHECK_EQ_INT(emb__html_map_end(&empty, 5), 0);
    CHECK_EQ_INT(emb__html_map(NULL, 5), 0);
    conv c = conv_str("<p>abc</p><b>def</b>&amp;");
    emb_html_map m = emb__html_map_view(&c.map);
    CHECK_EQ_STR(c.text, "abc\ndef&");
    CHECK_EQ_INT(m.n, 4);  /* abc, newline, def, & */
    CHECK_EQ_INT(emb__html_map(&m, 0), 3);
    CHECK_EQ_INT(emb__html_map(&m, 2), 5);
    CHECK_EQ_INT(emb__html_map(&m, 3), 6);
    CHECK_EQ_INT(emb__html_map(&m, 4), 13);
    CHECK_EQ_INT(emb__html_map(&m, 7), 20);
    CHECK_EQ_INT(emb__html_map(&m, 8), 25);    /* the end */
    CHECK_EQ_INT(emb__html_map(&m, 100), 25);
    CHECK_EQ_INT(emb__html_map_end(&m, 3), 6);
    CHECK_EQ_INT(emb__html_map_end(&m, 7), 16);
    CHECK_EQ_INT(emb__html_map_end(&m, 8), 25);
    CHECK_EQ_INT(emb__html_map_end(&m, 0), 3);
    conv_free(&c);
    /* verbatim text across chunks is one segment */
    c = convert("plain text, no markup", 21, 1);
    CHECK_EQ_INT(c.map.len, sizeof(emb_html_seg));
    conv_free(&c);
}

TEST(chunking_invariance) {
    static const char *const cases[] = {
        "<p>He chatted up <u>Sergey I. Kislyak</u>, the former &ldquo;ambassador&rdquo;</p>",
        "a<script type=\"x\">if(a<b&&c>d)</scr</SCRIPT\t>b<style>x</style >c",
        "<!-- c --><!----><!--->x<!-- --!> y <![CDATA[ ]]]]> ]]>z<?pi?><!doctype html>",
        "&amp;&#65;&#x1F600;&#65&#x41q&unknown;&eacute;&nbsp;&#;&#x;&&",
        "<title>T &amp; </ti </title><textarea>&lt;</textarea >",
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xFF\xE2\x82 \xC0 \xED\xA0\x80 z\xF0\x9F",
        "a < b <3 </ > </x y> <a href='>' title=\">\">q</a> <br/> <p/>",
        "<div><p>one<br>two</p><ul><li>x<li>y</ul></div>\n<table><td>1<td>2</table>",
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (!invariant(cases[i], strlen(cases[i]))) {
            fprintf(stderr, "  case %zu\n", i);
            CHECK(0);
        }
    }
    static const char nuls[] = "a\0<p\0>&#\0;<!--\0--><script>\0</script>\0";
    CHECK(invariant(nuls, sizeof(nuls) - 1));
}

/* The scanner empties both buffers between chunks: every window's segments
 * then count from 0, and each byte still maps where the one-shot map says. */
TEST(buffers_emptied_between_chunks) {
    static const char in[] =
        "<p>Mr. <u>Kosachyov</u> &amp; Mr. Putin &#x2014; caf\xC3\xA9</p><!-- x -->"
        "<script>no</script>Leonid Slutsky&eacute;\xE2\x82\xAC";
    size_t len = sizeof(in) - 1;
    conv ref = convert(in, len, 0);
    emb_html_map rm = emb__html_map_view(&ref.map);
    for (size_t step = 1; step <= 9; step++) {
        emb_html h;
        emb_buf out, map;
        size_t total = 0;
        int ok = 1;
        emb__html_init(&h);
        emb__buf_init(&out);
        emb__buf_init(&map);
        for (size_t off = 0; off <= len; off += step) {
            size_t n = off < len ? (len - off < step ? len - off : step) : 0;
            out.len = 0;
            map.len = 0;
            CHECK_EQ_INT(emb__html_feed(&h, in + off, n, off, &out, &map), EMBARGO_OK);
            if (off + n == len) CHECK_EQ_INT(emb__html_finish(&h, &out, &map), EMBARGO_OK);
            emb_html_map m = emb__html_map_view(&map);
            for (size_t k = 0; k < out.len; k++) {
                if (total + k >= ref.out.len || out.data[k] != ref.out.data[total + k] ||
                    emb__html_map(&m, k) != emb__html_map(&rm, total + k))
                    ok = 0;
            }
            total += out.len;
            if (off + n == len) break;
        }
        CHECK(ok);
        CHECK_EQ_INT(total, ref.out.len);
        emb__buf_free(&out);
        emb__buf_free(&map);
    }
    conv_free(&ref);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (cap - n < 4096) {
            char *p = realloc(buf, cap = cap * 2 + 4096);
            if (!p) break;
            buf = p;
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    *len = n;
    return buf;
}

/* The reference article: its <u> link marks vanish, nothing else changes, and
 * the names inside them map back to their place in the file. */
TEST(reference_article) {
    static const char path[] = "../shared/examples/news-2018-08-06-rand-paul-moscow.txt";
    size_t len = 0;
    char *in = read_file(path, &len);
    if (!in) SKIP("the reference article in ../shared/examples is absent");
    conv c = convert(in, len, 0);
    CHECK_EQ_INT(c.st, EMBARGO_OK);
    CHECK(map_ok(in, len, &c));
    /* the text is the file without its tags */
    size_t n = 0;
    char *plain = malloc(len + 1);
    for (size_t i = 0; i < len;) {
        if (!strncmp(in + i, "<u>", 3)) i += 3;
        else if (!strncmp(in + i, "</u>", 4)) i += 4;
        else plain[n++] = in[i++];
    }
    plain[n] = 0;
    CHECK(n < len);
    CHECK_EQ_STR(c.text, plain);
    free(plain);
    static const char *const names[] = {"Sergey I. Kislyak", "Maria Butina", "Konstantin Kosachyov"};
    emb_html_map m = emb__html_map_view(&c.map);
    for (size_t i = 0; i < 3; i++) {
        long o = where(&c, names[i]);
        CHECK(o >= 0);
        if (o < 0) continue;
        size_t l = strlen(names[i]);
        size_t s = emb__html_map(&m, (size_t)o), e = emb__html_map_end(&m, (size_t)o + l);
        CHECK_EQ_INT(e - s, l);
        CHECK(s + l <= len && memcmp(in + s, names[i], l) == 0);
        CHECK(strstr(in, names[i]) == in + s);
    }
    CHECK(strstr(c.text, "<u>") == NULL && strstr(c.text, "</u>") == NULL);
    CHECK(invariant(in, len));
    CHECK(!emb__html_sniff(in, len));  /* a .txt with a few marks deep inside */
    conv_free(&c);
    free(in);
}

TEST(no_map_and_bad_arguments) {
    static const char in[] = "<p>a&amp;b</p>";
    emb_html h;
    emb_buf out;
    emb__html_init(&h);
    emb__buf_init(&out);
    CHECK_EQ_INT(emb__html_feed(&h, in, sizeof(in) - 1, 0, &out, NULL), EMBARGO_OK);
    CHECK_EQ_INT(emb__html_finish(&h, &out, NULL), EMBARGO_OK);
    CHECK(out.len == 4 && memcmp(out.data, "a&b\n", 4) == 0);
    CHECK_EQ_INT(emb__html_feed(&h, NULL, 0, 0, &out, NULL), EMBARGO_OK);
    CHECK_EQ_INT(emb__html_feed(&h, NULL, 3, 0, &out, NULL), EMBARGO_EINVAL);
    CHECK_EQ_INT(emb__html_feed(&h, in, 3, 0, NULL, NULL), EMBARGO_EINVAL);
    CHECK_EQ_INT(emb__html_feed(NULL, in, 3, 0, &out, NULL), EMBARGO_EINVAL);
    CHECK_EQ_INT(emb__html_finish(&h, NULL, NULL), EMBARGO_EINVAL);
    emb__buf_free(&out);
    conv c = convert("", 0, 0);
    CHECK_EQ_INT(c.st, EMBARGO_OK);
    CHECK_EQ_INT(c.out.len, 0);
    CHECK_EQ_INT(c.map.len, 0);
    conv_free(&c);
}

/* Fail the Nth allocation for every N: ENOMEM or OK, never a crash; the
 * buffers are freed normally afterwards (LeakSanitizer checks). */
TEST(out_of_memory) {
    static const char in[] = "<p>Sergey &amp; <u>Kislyak</u>&#x1F600;\xFF</p><br>x";
    int failures = 0, finished = 0;
    for (unsigned long n = 1; n < 100 && !finished; n++) {
        emb_html h;
        emb_buf out, map;
        emb__html_init(&h);
        emb__buf_init(&out);
        emb__buf_init(&map);
        emb__alloc_fail_after(n);
        embargo_status st = EMBARGO_OK;
        for (size_t off = 0; off < sizeof(in) - 1 && !st; off += 5) {
            size_t k = sizeof(in) - 1 - off < 5 ? sizeof(in) - 1 - off : 5;
            st = emb__html_feed(&h, in + off, k, off, &out, &map);
        }
        if (!st) st = emb__html_finish(&h, &out, &map);
        emb__alloc_fail_after(0);
        CHECK(st == EMBARGO_OK || st == EMBARGO_ENOMEM);
        if (st == EMBARGO_ENOMEM) {
            failures++;
            CHECK(out.oom || map.oom);
        } else {
            finished = 1;
        }
        emb__buf_free(&out);
        emb__buf_free(&map);
    }
    CHECK(failures >= 2);
    CHECK(finished);
}

TEST(sniffing) {
    CHECK(emb__html_sniff("<!DOCTYPE html>\n<html>", 22));
    CHECK(emb__html_sniff("<!doctype HTML>", 15));
    CHECK(emb__html_sniff("\xEF\xBB\xBF  \n<html lang=en>", 20));
    CHECK(emb__html_sniff("<HTML>", 6));
    CHECK(emb__html_sniff("<p>Hello", 8));
    CHECK(emb__html_sniff("<div class=x>", 13));
    CHECK(emb__html_sniff("<meta charset=utf-8>", 20));
    CHECK(emb__html_sniff("<body", 5));
    const char *t = "Some text <b>bold</b> and <i>italic</i> here.";
    CHECK(emb__html_sniff(t, strlen(t)));
    t = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title>";
    CHECK(emb__html_sniff(t, strlen(t)));
    CHECK(!emb__html_sniff("<pre>", 5));  /* one tag, not in the list of openings */
    CHECK(!emb__html_sniff("<path d=1>", 10));
    t = "Plain text: a < b, and <u>one mark</u>.";
    CHECK(!emb__html_sniff(t, strlen(t)));
    t = "From: x <x@example.com>\nTo: y <y@example.com>\n";
    CHECK(!emb__html_sniff(t, strlen(t)));
    CHECK(!emb__html_sniff("", 0));
    CHECK(!emb__html_sniff(NULL, 0));
    CHECK(!emb__html_sniff("<", 1));
    CHECK(!emb__html_sniff("\xEF\xBB", 2));
    /* UTF-16, with its byte order mark or ASCII with NUL bytes between */
    CHECK(emb__html_sniff("\xFF\xFE<\0h\0t\0m\0l\0>\0", 14));
    CHECK(emb__html_sniff("\xFE\xFF\0<\0!\0D\0O\0C\0T\0Y\0P\0E\0 \0h\0t\0m\0l\0>", 32));
    CHECK(emb__html_sniff("<\0p\0>\0H\0i\0", 10));
    CHECK(!emb__html_sniff("\xFF\xFEH\0e\0l\0l\0o\0", 12));
    CHECK(!emb__html_sniff("\xFF\xFE<\0\0\0", 6));
}

/* What the converter may still refer to: the '<' of a tag being read (its
 * newline stands for it all), the '&' of a reference, else nothing before
 * the last byte fed. */
TEST(holds) {
    emb_html h;
    emb_buf out, map;
    emb__buf_init(&out);
    emb__buf_init(&map);
    emb__html_init(&h);
    CHECK_EQ_INT(emb__html_holds(&h), 0);
    CHECK_EQ_INT(emb__html_feed(&h, "Hello <p class='a b", 19, 100, &out, &map), EMBARGO_OK);
    CHECK_EQ_INT(emb__html_holds(&h), 106);
    CHECK_EQ_INT(emb__html_feed(&h, "'>world &am", 11, 119, &out, &map), EMBARGO_OK);
    CHECK_EQ_INT(emb__html_holds(&h), 127);
    CHECK_EQ_INT(emb__html_feed(&h, "p; done", 7, 130, &out, &map), EMBARGO_OK);
    CHECK_EQ_INT(emb__html_holds(&h), 137);
    CHECK_EQ_INT(emb__html_feed(&h, "<!-- a long comment", 19, 137, &out, &map), EMBARGO_OK);
    CHECK_EQ_INT(emb__html_holds(&h), 156);  /* a comment writes nothing later */
    CHECK_EQ_INT(emb__html_finish(&h, &out, &map), EMBARGO_OK);
    emb__buf_append(&out, "", 1);
    CHECK_EQ_STR((const char *)out.data, "Hello \nworld & done");
    emb__buf_free(&out);
    emb__buf_free(&map);
}

int main(void) {
    RUN(inline_marks_vanish);
    RUN(block_tags_separate_words);
    RUN(character_references);
    RUN(script_style_and_raw_text);
    RUN(comments_and_declarations);
    RUN(broken_html);
    RUN(long_tags_are_given_up);
    RUN(nul_and_invalid_utf8);
    RUN(map_lookup_edges);
    RUN(chunking_invariance);
    RUN(buffers_emptied_between_chunks);
    RUN(reference_article);
    RUN(no_map_and_bad_arguments);
    RUN(out_of_memory);
    RUN(sniffing);
    RUN(holds);
    return test_summary();
}

/*
 * html.c - HTML to text, streaming, with an offset map; see html.h.
 *
 * Two layers. The tokenizer (convert) walks the input byte by byte through
 * the states below, with fast paths over runs of plain text, quoted
 * attribute values, comments and script bodies, and sorts every byte into
 * text (copied), markup (dropped) or the source of a replacement (a decoded
 * reference, a block tag's newline). Text goes through the UTF-8 layer
 * (text), which copies valid sequences verbatim, replaces invalid ones and
 * NUL by U+FFFD and holds a sequence cut by the end of a chunk until the
 * next chunk comes. Everything either layer needs to carry over lives in
 * emb_html, so the output does not depend on where the input was split; and
 * adjacent verbatim copies merge into one map segment, so the map does not
 * either.
 *
 * The states follow the HTML5 tokenizer loosely: tags with quoted attribute
 * values (a '>' inside quotes does not end the tag), comments with the
 * "<!-->", "--!>" endings, bogus comments for <!DOCTYPE>, <?...?> and
 * "</ x>", CDATA sections shown as text, raw-text elements ended only by
 * their own end tag. There is no tree building: nesting costs nothing.
 */
#include "html.h"

#include <string.h>

enum {
    S_DATA,          /* text */
    S_TAG_OPEN,      /* after '<' */
    S_END_TAG_OPEN,  /* after "</" */
    S_TAG_NAME,      /* reading a tag name */
    S_ATTRS,         /* inside a tag, between attributes */
    S_BEFORE_VALUE,  /* after '=' */
    S_QUOTED,        /* inside a quoted attribute value */
    S_DECL,          /* after "<!" */
    S_DECL_DASH,     /* after "<!-" */
    S_DECL_CDATA,    /* matching "<![CDATA[" */
    S_COMMENT,       /* inside <!-- --> */
    S_BOGUS,         /* inside <!...>, <?...> or </ ...> up to '>' */
    S_CDATA,         /* inside <![CDATA[ ]]> */
    S_RAW,           /* inside <script>, <title>, ... */
    S_RAW_LT,        /* '<' inside raw text */
    S_RAW_END,       /* matching the raw-text element's end tag */
    S_REF,           /* after '&' */
    S_REF_NUM,       /* after "&#" */
    S_REF_HEX_START, /* after "&#x" */
    S_REF_DEC,       /* decimal digits */
    S_REF_HEX,       /* hexadecimal digits */
    S_REF_NAMED      /* a name after '&' */
};

#define MAX_REF_NAME 32 /* longest name tried after '&' (the table's is 8) */
#define MAX_REF 64      /* longest numeric reference, '&' to the last digit */

static const unsigned char REPLACEMENT[3] = {0xEF, 0xBF, 0xBD}; /* U+FFFD */

/* ---- character classes ------------------------------------------------------ */

static int is_space(unsigned c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_alpha(unsigned c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_digit(unsigned c) { return c >= '0' && c <= '9'; }
static int is_alnum(unsigned c) { return is_alpha(c) || is_digit(c); }
static unsigned char lower(unsigned c) { return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c); }

static int hex_value(unsigned c) {
    if (is_digit(c)) return (int)(c - '0');
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? (int)(c - 'a' + 10) : -1;
}

/* Compares a name of `len` bytes with the C string `s`, as strcmp would. */
static int name_cmp(const char *a, size_t len, const char *s) {
    size_t slen = strlen(s);
    int c = memcmp(a, s, len < slen ? len : slen);
    return c ? c : (len > slen) - (len < slen);
}

/* ---- tables ------------------------------------------------------------------ */

enum { T_BLOCK = 1, T_SKIP = 2, T_RCDATA = 4 };

/* Elements that matter, sorted by name. T_BLOCK: start and end tag become a
 * newline. T_SKIP: content dropped up to the end tag. T_RCDATA: content is
 * text (references decoded, no tags) up to the end tag. */
static const struct tag_info {
    const char *name;
    unsigned char kind;
} TAGS[] = {
    {"address", T_BLOCK},   {"article", T_BLOCK},   {"aside", T_BLOCK},
    {"blockquote", T_BLOCK}, {"body", T_BLOCK},     {"br", T_BLOCK},
    {"caption", T_BLOCK},   {"center", T_BLOCK},    {"dd", T_BLOCK},
    {"details", T_BLOCK},   {"dialog", T_BLOCK},    {"dir", T_BLOCK},
    {"div", T_BLOCK},       {"dl", T_BLOCK},        {"dt", T_BLOCK},
    {"fieldset", T_BLOCK},  {"figcaption", T_BLOCK}, {"figure", T_BLOCK},
    {"footer", T_BLOCK},    {"form", T_BLOCK},      {"frame", T_BLOCK},
    {"frameset", T_BLOCK},  {"h1", T_BLOCK},        {"h2", T_BLOCK},
    {"h3", T_BLOCK},        {"h4", T_BLOCK},        {"h5", T_BLOCK},
    {"h6", T_BLOCK},        {"head", T_BLOCK},      {"header", T_BLOCK},
    {"hgroup", T_BLOCK},    {"hr", T_BLOCK},        {"html", T_BLOCK},
    {"iframe", T_BLOCK | T_SKIP}, {"legend", T_BLOCK}, {"li", T_BLOCK},
    {"main", T_BLOCK},      {"math", T_SKIP},       {"menu", T_BLOCK},
    {"nav", T_BLOCK},       {"noembed", T_SKIP},    {"noframes", T_SKIP},
    {"noscript", T_SKIP},   {"ol", T_BLOCK},        {"optgroup", T_BLOCK},
    {"option", T_BLOCK},    {"p", T_BLOCK},         {"pre", T_BLOCK},
    {"script", T_SKIP},     {"section", T_BLOCK},   {"select", T_BLOCK},
    {"style", T_SKIP},      {"summary", T_BLOCK},   {"svg", T_SKIP},
    {"table", T_BLOCK},     {"tbody", T_BLOCK},     {"td", T_BLOCK},
    {"template", T_SKIP},   {"textarea", T_BLOCK | T_RCDATA}, {"tfoot", T_BLOCK},
    {"th", T_BLOCK},        {"thead", T_BLOCK},     {"title", T_BLOCK | T_RCDATA},
    {"tr", T_BLOCK},        {"ul", T_BLOCK},
};

/* The kind of element `name` (lower case, len bytes): T_* bits, 0 for an
 * inline or unknown element. */
static unsigned tag_kind(const char *name, size_t len) {
    size_t lo = 0, hi = sizeof(TAGS) / sizeof(TAGS[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(name, len, TAGS[mid].name);
        if (c == 0) return TAGS[mid].kind;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* Named character references, sorted by name (strcmp): the 252 of HTML 4.01,
 * &apos;, and the HTML5 names of U+0100..U+017F. Generated with Python 3.11's
 * html.entities (name2codepoint, plus the single-code-point html5 names in
 * that range):
 *   d = dict(name2codepoint); d['apos'] = 39
 *   d.update({k[:-1]: ord(v) for k, v in html5.items()
 *             if k.endswith(';') and len(v) == 1 and 0x100 <= ord(v) <= 0x17F}) */
static const struct entity {
    char name[9];
    uint16_t cp;
} ENTITIES[] = {
    {"AElig", 0x00C6}, {"Aacute", 0x00C1}, {"Abreve", 0x0102}, {"Acirc", 0x00C2},
    {"Agrave", 0x00C0}, {"Alpha", 0x0391}, {"Amacr", 0x0100}, {"Aogon", 0x0104}, {"Aring", 0x00C5},
    {"Atilde", 0x00C3}, {"Auml", 0x00C4}, {"Beta", 0x0392}, {"Cacute", 0x0106}, {"Ccaron", 0x010C},
    {"Ccedil", 0x00C7}, {"Ccirc", 0x0108}, {"Cdot", 0x010A}, {"Chi", 0x03A7}, {"Dagger", 0x2021},
    {"Dcaron", 0x010E}, {"Delta", 0x0394}, {"Dstrok", 0x0110}, {"ENG", 0x014A}, {"ETH", 0x00D0},
    {"Eacute", 0x00C9}, {"Ecaron", 0x011A}, {"Ecirc", 0x00CA}, {"Edot", 0x0116}, {"Egrave", 0x00C8},
    {"Emacr", 0x0112}, {"Eogon", 0x0118}, {"Epsilon", 0x0395}, {"Eta", 0x0397}, {"Euml", 0x00CB},
    {"Gamma", 0x0393}, {"Gbreve", 0x011E}, {"Gcedil", 0x0122}, {"Gcirc", 0x011C}, {"Gdot", 0x0120},
    {"Hcirc", 0x0124}, {"Hstrok", 0x0126}, {"IJlig", 0x0132}, {"Iacute", 0x00CD}, {"Icirc", 0x00CE},
    {"Idot", 0x0130}, {"Igrave", 0x00CC}, {"Imacr", 0x012A}, {"Iogon", 0x012E}, {"Iota", 0x0399},
    {"Itilde", 0x0128}, {"Iuml", 0x00CF}, {"Jcirc", 0x0134}, {"Kappa", 0x039A}, {"Kcedil", 0x0136},
    {"Lacute", 0x0139}, {"Lambda", 0x039B}, {"Lcaron", 0x013D}, {"Lcedil", 0x013B},
    {"Lmidot", 0x013F}, {"Lstrok", 0x0141}, {"Mu", 0x039C}, {"Nacute", 0x0143}, {"Ncaron", 0x0147},
    {"Ncedil", 0x0145}, {"Ntilde", 0x00D1}, {"Nu", 0x039D}, {"OElig", 0x0152}, {"Oacute", 0x00D3},
    {"Ocirc", 0x00D4}, {"Odblac", 0x0150}, {"Ograve", 0x00D2}, {"Omacr", 0x014C}, {"Omega", 0x03A9},
    {"Omicron", 0x039F}, {"Oslash", 0x00D8}, {"Otilde", 0x00D5}, {"Ouml", 0x00D6}, {"Phi", 0x03A6},
    {"Pi", 0x03A0}, {"Prime", 0x2033}, {"Psi", 0x03A8}, {"Racute", 0x0154}, {"Rcaron", 0x0158},
    {"Rcedil", 0x0156}, {"Rho", 0x03A1}, {"Sacute", 0x015A}, {"Scaron", 0x0160}, {"Scedil", 0x015E},
    {"Scirc", 0x015C}, {"Sigma", 0x03A3}, {"THORN", 0x00DE}, {"Tau", 0x03A4}, {"Tcaron", 0x0164},
    {"Tcedil", 0x0162}, {"Theta", 0x0398}, {"Tstrok", 0x0166}, {"Uacute", 0x00DA},
    {"Ubreve", 0x016C}, {"Ucirc", 0x00DB}, {"Udblac", 0x0170}, {"Ugrave", 0x00D9},
    {"Umacr", 0x016A}, {"Uogon", 0x0172}, {"Upsilon", 0x03A5}, {"Uring", 0x016E},
    {"Utilde", 0x0168}, {"Uuml", 0x00DC}, {"Wcirc", 0x0174}, {"Xi", 0x039E}, {"Yacute", 0x00DD},
    {"Ycirc", 0x0176}, {"Yuml", 0x0178}, {"Zacute", 0x0179}, {"Zcaron", 0x017D}, {"Zdot", 0x017B},
    {"Zeta", 0x0396}, {"aacute", 0x00E1}, {"abreve", 0x0103}, {"acirc", 0x00E2}, {"acute", 0x00B4},
    {"aelig", 0x00E6}, {"agrave", 0x00E0}, {"alefsym", 0x2135}, {"alpha", 0x03B1},
    {"amacr", 0x0101}, {"amp", 0x0026}, {"and", 0x2227}, {"ang", 0x2220}, {"aogon", 0x0105},
    {"apos", 0x0027}, {"aring", 0x00E5}, {"asymp", 0x2248}, {"atilde", 0x00E3}, {"auml", 0x00E4},
    {"bdquo", 0x201E}, {"beta", 0x03B2}, {"brvbar", 0x00A6}, {"bull", 0x2022}, {"cacute", 0x0107},
    {"cap", 0x2229}, {"ccaron", 0x010D}, {"ccedil", 0x00E7}, {"ccirc", 0x0109}, {"cdot", 0x010B},
    {"cedil", 0x00B8}, {"cent", 0x00A2}, {"chi", 0x03C7}, {"circ", 0x02C6}, {"clubs", 0x2663},
    {"cong", 0x2245}, {"copy", 0x00A9}, {"crarr", 0x21B5}, {"cup", 0x222A}, {"curren", 0x00A4},
    {"dArr", 0x21D3}, {"dagger", 0x2020}, {"darr", 0x2193}, {"dcaron", 0x010F}, {"deg", 0x00B0},
    {"delta", 0x03B4}, {"diams", 0x2666}, {"divide", 0x00F7}, {"dstrok", 0x0111},
    {"eacute", 0x00E9}, {"ecaron", 0x011B}, {"ecirc", 0x00EA}, {"edot", 0x0117}, {"egrave", 0x00E8},
    {"emacr", 0x0113}, {"empty", 0x2205}, {"emsp", 0x2003}, {"eng", 0x014B}, {"ensp", 0x2002},
    {"eogon", 0x0119}, {"epsilon", 0x03B5}, {"equiv", 0x2261}, {"eta", 0x03B7}, {"eth", 0x00F0},
    {"euml", 0x00EB}, {"euro", 0x20AC}, {"exist", 0x2203}, {"fnof", 0x0192}, {"forall", 0x2200},
    {"frac12", 0x00BD}, {"frac14", 0x00BC}, {"frac34", 0x00BE}, {"frasl", 0x2044},
    {"gamma", 0x03B3}, {"gbreve", 0x011F}, {"gcirc", 0x011D}, {"gdot", 0x0121}, {"ge", 0x2265},
    {"gt", 0x003E}, {"hArr", 0x21D4}, {"harr", 0x2194}, {"hcirc", 0x0125}, {"hearts", 0x2665},
    {"hellip", 0x2026}, {"hstrok", 0x0127}, {"iacute", 0x00ED}, {"icirc", 0x00EE},
    {"iexcl", 0x00A1}, {"igrave", 0x00EC}, {"ijlig", 0x0133}, {"imacr", 0x012B}, {"image", 0x2111},
    {"imath", 0x0131}, {"infin", 0x221E}, {"inodot", 0x0131}, {"int", 0x222B}, {"iogon", 0x012F},
    {"iota", 0x03B9}, {"iquest", 0x00BF}, {"isin", 0x2208}, {"itilde", 0x0129}, {"iuml", 0x00EF},
    {"jcirc", 0x0135}, {"kappa", 0x03BA}, {"kcedil", 0x0137}, {"kgreen", 0x0138}, {"lArr", 0x21D0},
    {"lacute", 0x013A}, {"lambda", 0x03BB}, {"lang", 0x2329}, {"laquo", 0x00AB}, {"larr", 0x2190},
    {"lcaron", 0x013E}, {"lcedil", 0x013C}, {"lceil", 0x2308}, {"ldquo", 0x201C}, {"le", 0x2264},
    {"lfloor", 0x230A}, {"lmidot", 0x0140}, {"lowast", 0x2217}, {"loz", 0x25CA}, {"lrm", 0x200E},
    {"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lstrok", 0x0142}, {"lt", 0x003C}, {"macr", 0x00AF},
    {"mdash", 0x2014}, {"micro", 0x00B5}, {"middot", 0x00B7}, {"minus", 0x2212}, {"mu", 0x03BC},
    {"nabla", 0x2207}, {"nacute", 0x0144}, {"napos", 0x0149}, {"nbsp", 0x00A0}, {"ncaron", 0x0148},
    {"ncedil", 0x0146}, {"ndash", 0x2013}, {"ne", 0x2260}, {"ni", 0x220B}, {"not", 0x00AC},
    {"notin", 0x2209}, {"nsub", 0x2284}, {"ntilde", 0x00F1}, {"nu", 0x03BD}, {"oacute", 0x00F3},
    {"ocirc", 0x00F4}, {"odblac", 0x0151}, {"oelig", 0x0153}, {"ograve", 0x00F2}, {"oline", 0x203E},
    {"omacr", 0x014D}, {"omega", 0x03C9}, {"omicron", 0x03BF}, {"oplus", 0x2295}, {"or", 0x2228},
    {"ordf", 0x00AA}, {"ordm", 0x00BA}, {"oslash", 0x00F8}, {"otilde", 0x00F5}, {"otimes", 0x2297},
    {"ouml", 0x00F6}, {"para", 0x00B6}, {"part", 0x2202}, {"permil", 0x2030}, {"perp", 0x22A5},
    {"phi", 0x03C6}, {"pi", 0x03C0}, {"piv", 0x03D6}, {"plusmn", 0x00B1}, {"pound", 0x00A3},
    {"prime", 0x2032}, {"prod", 0x220F}, {"prop", 0x221D}, {"psi", 0x03C8}, {"quot", 0x0022},
    {"rArr", 0x21D2}, {"racute", 0x0155}, {"radic", 0x221A}, {"rang", 0x232A}, {"raquo", 0x00BB},
    {"rarr", 0x2192}, {"rcaron", 0x0159}, {"rcedil", 0x0157}, {"rceil", 0x2309}, {"rdquo", 0x201D},
    {"real", 0x211C}, {"reg", 0x00AE}, {"rfloor", 0x230B}, {"rho", 0x03C1}, {"rlm", 0x200F},
    {"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sacute", 0x015B}, {"sbquo", 0x201A},
    {"scaron", 0x0161}, {"scedil", 0x015F}, {"scirc", 0x015D}, {"sdot", 0x22C5}, {"sect", 0x00A7},
    {"shy", 0x00AD}, {"sigma", 0x03C3}, {"sigmaf", 0x03C2}, {"sim", 0x223C}, {"spades", 0x2660},
    {"sub", 0x2282}, {"sube", 0x2286}, {"sum", 0x2211}, {"sup", 0x2283}, {"sup1", 0x00B9},
    {"sup2", 0x00B2}, {"sup3", 0x00B3}, {"supe", 0x2287}, {"szlig", 0x00DF}, {"tau", 0x03C4},
    {"tcaron", 0x0165}, {"tcedil", 0x0163}, {"there4", 0x2234}, {"theta", 0x03B8},
    {"thetasym", 0x03D1}, {"thinsp", 0x2009}, {"thorn", 0x00FE}, {"tilde", 0x02DC},
    {"times", 0x00D7}, {"trade", 0x2122}, {"tstrok", 0x0167}, {"uArr", 0x21D1}, {"uacute", 0x00FA},
    {"uarr", 0x2191}, {"ubreve", 0x016D}, {"ucirc", 0x00FB}, {"udblac", 0x0171}, {"ugrave", 0x00F9},
    {"umacr", 0x016B}, {"uml", 0x00A8}, {"uogon", 0x0173}, {"upsih", 0x03D2}, {"upsilon", 0x03C5},
    {"uring", 0x016F}, {"utilde", 0x0169}, {"uuml", 0x00FC}, {"wcirc", 0x0175}, {"weierp", 0x2118},
    {"xi", 0x03BE}, {"yacute", 0x00FD}, {"ycirc", 0x0177}, {"yen", 0x00A5}, {"yuml", 0x00FF},
    {"zacute", 0x017A}, {"zcaron", 0x017E}, {"zdot", 0x017C}, {"zeta", 0x03B6}, {"zwj", 0x200D},
    {"zwnj", 0x200C},
};

/* The code point of named reference `name` (len bytes, without '&' and ';'),
 * or 0 if there is none of that name. */
static unsigned entity_lookup(const unsigned char *name, size_t len) {
    size_t lo = 0, hi = sizeof(ENTITIES) / sizeof(ENTITIES[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp((const char *)name, len, ENTITIES[mid].name);
        if (c == 0) return ENTITIES[mid].cp;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* HTML5's reading of numeric references 0x80..0x9F as Windows-1252; 0 keeps
 * the value. */
static const uint16_t C1_CP1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* ---- output and map ----------------------------------------------------------- */

typedef struct sink {
    emb_html *h;
    emb_buf *out;
    emb_buf *map;  /* may be NULL */
} sink;

/* Records that output bytes [out_start, out_start + len) came from input at
 * in_start: verbatim (src_len 0), or replacing src_len input bytes. A
 * verbatim copy that continues the previous one, in output and in input,
 * extends its segment. */
static void map_add(sink *k, size_t out_start, size_t in_start, size_t len, uint32_t src_len) {
    emb_buf *map = k->map;
    if (!map) return;
    if (src_len == 0 && map->len >= sizeof(emb_html_seg)) {
        emb_html_seg last;
        unsigned char *at = map->data + map->len - sizeof(last);
        memcpy(&last, at, sizeof(last));
        if (last.src_len == 0 && last.out_start + last.len == out_start &&
            last.in_start + last.len == in_start && last.len < UINT32_MAX) {
            size_t take = UINT32_MAX - last.len;
            if (take > len) take = len;
            last.len += (uint32_t)take;
            memcpy(at, &last, sizeof(last));
            out_start += take;
            in_start += take;
            len -= take;
        }
    }
    while (len > 0) {
        emb_html_seg s;
        size_t take = len < UINT32_MAX ? len : UINT32_MAX;
        memset(&s, 0, sizeof(s));
        s.out_start = out_start;
        s.in_start = in_start;
        s.len = (uint32_t)take;
        s.src_len = src_len;
        emb__buf_append(map, &s, sizeof(s));
        out_start += take;
        in_start += take;
        len -= take;
    }
}

/* Copies n input bytes (n > 0) that start at input offset `in`. */
static void put_verbatim(sink *k, const unsigned char *p, size_t n, size_t in) {
    size_t at = k->out->len;
    emb__buf_append(k->out, p, n);
    map_add(k, at, in, n, 0);
    k->h->last_out = p[n - 1];
}

/* Writes n bytes (n > 0) standing for src_len input bytes at `in`. */
static void put_replacement(sink *k, const unsigned char *p, size_t n, size_t in, size_t src_len) {
    size_t at = k->out->len;
    emb__buf_append(k->out, p, n);
    map_add(k, at, in, n, (uint32_t)src_len);
    k->h->last_out = p[n - 1];
}

/* ---- the UTF-8 layer -------------------------------------------------------- */

/* Checks the UTF-8 sequence at p (n > 0 bytes there, p[0] >= 0x80).
 * Returns its length if it is valid; 0 if the n bytes are a valid but
 * incomplete start; otherwise minus the length of its maximal invalid
 * subpart (the bytes one U+FFFD replaces, at least 1). */
static int u8_seq(const unsigned char *p, size_t n) {
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        else if (c == 0xED) hi = 0x9F;  /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;  /* nothing above U+10FFFF */
    } else {
        return -1;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= n) return 0;
        if (p[i] < lo || p[i] > hi) return -(int)i;
        lo = 0x80;
        hi = 0xBF;
    }
    return (int)need + 1;
}

/* Writes the held incomplete sequence, if any, as U+FFFD. Must run before
 * anything but text is written. */
static void u8_flush(sink *k) {
    emb_html *h = k->h;
    if (!h->u8_len) return;
    put_replacement(k, REPLACEMENT, 3, h->u8_start, h->u8_len);
    h->u8_len = 0;
}

/* Writes n bytes of text that start at input offset `in`. */
static void text(sink *k, const unsigned char *p, size_t n, size_t in) {
    emb_html *h = k->h;
    size_t i = 0;
    if (h->u8_len && in != h->u8_start + h->u8_len) u8_flush(k);
    while (h->u8_len && i < n) {  /* complete the held sequence */
        unsigned char seq[4];
        memcpy(seq, h->u8, h->u8_len);
        seq[h->u8_len] = p[i];
        int r = u8_seq(seq, h->u8_len + 1u);
        if (r > 0) {
            put_verbatim(k, seq, (size_t)r, h->u8_start);
            h->u8_len = 0;
            i++;
        } else if (r == 0) {
            h->u8[h->u8_len++] = p[i];
            i++;
        } else {
            u8_flush(k);  /* p[i] starts afresh */
        }
    }
    size_t run = i;  /* start of the verbatim run not yet written */
    while (i < n) {
        unsigned c = p[i];
        if (c - 1u < 0x7Fu) {  /* ASCII but NUL */
            i++;
            continue;
        }
        if (c == 0) {
            if (i > run) put_verbatim(k, p + run, i - run, in + run);
            put_replacement(k, REPLACEMENT, 3, in + i, 1);
            run = ++i;
            continue;
        }
        int r = u8_seq(p + i, n - i);
        if (r > 0) {
            i += (size_t)r;
            continue;
        }
        if (i > run) put_verbatim(k, p + run, i - run, in + run);
        if (r == 0) {  /* cut by the end of the text: hold it */
            h->u8_len = (unsigned char)(n - i);
            memcpy(h->u8, p + i, n - i);
            h->u8_start = in + i;
            run = i = n;
            break;
        }
        put_replacement(k, REPLACEMENT, 3, in + i, (size_t)-r);
        i += (size_t)-r;
        run = i;
    }
    if (i > run) put_verbatim(k, p + run, i - run, in + run);
}

/* Writes code point cp (valid, not a surrogate) standing for src_len input
 * bytes at `in`. */
static void put_cp(sink *k, unsigned cp, size_t in, size_t src_len) {
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | cp >> 18);
        b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    u8_flush(k);
    put_replacement(k, b, n, in, src_len);
}

/* ---- the tokenizer -------------------------------------------------------------- */

static void pend_start(emb_html *h, unsigned char c, size_t at) {
    h->pend[0] = c;
    h->pend_len = 1;
    h->pend_start = at;
}

static void pend_add(emb_html *h, unsigned char c) {
    if (h->pend_len < sizeof(h->pend)) h->pend[h->pend_len++] = c;
}

/* Writes the held bytes as text and returns to `state`. */
static void pend_as_text(sink *k, unsigned char state) {
    emb_html *h = k->h;
    if (h->pend_len) text(k, h->pend, h->pend_len, h->pend_start);
    h->pend_len = 0;
    h->state = state;
}

/* The tag in h->name has ended with its '>' (counted in mark_len). */
static void tag_end(sink *k) {
    emb_html *h = k->h;
    unsigned kind = h->name_len < sizeof(h->name) ? tag_kind(h->name, h->name_len) : 0;
    h->state = S_DATA;
    if ((kind & T_BLOCK) && h->last_out && h->last_out != '\n') {
        static const unsigned char nl = '\n';
        u8_flush(k);
        put_replacement(k, &nl, 1, h->mark_start, h->mark_len);
    }
    if (!h->is_end && !h->self_close && (kind & (T_SKIP | T_RCDATA))) {
        memcpy(h->raw_name, h->name, h->name_len);
        h->raw_len = h->name_len;
        h->raw_emit = (kind & T_RCDATA) != 0;
        h->state = S_RAW;
        h->text_state = S_RAW;
    }
}

/* A numeric reference of ref_len bytes at pend_start has ended. */
static void ref_numeric_end(sink *k) {
    emb_html *h = k->h;
    unsigned cp = h->ref_value;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    else if (cp >= 0x80 && cp <= 0x9F && C1_CP1252[cp - 0x80]) cp = C1_CP1252[cp - 0x80];
    else if (cp == 0xA0) cp = ' ';
    put_cp(k, cp, h->pend_start, h->ref_len);
    h->pend_len = 0;
    h->state = h->text_state;
}

static void start_tag_name(emb_html *h, unsigned char c, int is_end) {
    h->state = S_TAG_NAME;
    h->is_end = (unsigned char)is_end;
    h->self_close = 0;
    h->name[0] = (char)lower(c);
    h->name_len = 1;
}

/* Converts n bytes at p, which start at input offset `base`. */
static void convert(sink *k, const unsigned char *p, size_t n, size_t base) {
    emb_html *h = k->h;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        size_t at = base + i;
        switch (h->state) {
        case S_DATA: {
            size_t j = i;
            while (j < n && p[j] != '<' && p[j] != '&') j++;
            if (j > i) {
                text(k, p + i, j - i, at);
                i = j;
                break;
            }
            u8_flush(k);
            if (c == '<') {
                h->state = S_TAG_OPEN;
                h->mark_start = at;
                h->mark_len = 1;
            } else {
                h->state = S_REF;
                pend_start(h, c, at);
            }
            i++;
            break;
        }

        /* tags: each byte counts against EMB_HTML_MAX_TAG */
        case S_TAG_OPEN:
        case S_END_TAG_OPEN:
        case S_TAG_NAME:
        case S_ATTRS:
        case S_BEFORE_VALUE:
        case S_QUOTED:
        case S_DECL:
        case S_DECL_DASH:
        case S_DECL_CDATA:
        case S_BOGUS:
            if (h->mark_len >= EMB_HTML_MAX_TAG) {  /* give the tag up */
                h->state = S_DATA;
                break;
            }
            switch (h->state) {
            case S_TAG_OPEN:
                if (is_alpha(c)) start_tag_name(h, c, 0);
                else if (c == '/') h->state = S_END_TAG_OPEN;
                else if (c == '!') h->state = S_DECL;
                else if (c == '?') h->state = S_BOGUS;
                else {  /* not a tag: "a < b" */
                    static const unsigned char lt = '<';
                    text(k, &lt, 1, h->mark_start);
                    h->state = S_DATA;
                    continue;  /* c again, as text */
                }
                break;
            case S_END_TAG_OPEN:
                if (is_alpha(c)) start_tag_name(h, c, 1);
                else if (c == '>') h->state = S_DATA;  /* "</>" is nothing */
                else h->state = S_BOGUS;
                break;
            case S_TAG_NAME:
                if (is_space(c)) {
                    h->state = S_ATTRS;
                } else if (c == '/') {
                    h->state = S_ATTRS;
                    h->self_close = 1;
                } else if (c == '>') {
                    h->mark_len++;
                    tag_end(k);
                    i++;
                    continue;
                } else if (h->name_len < sizeof(h->name)) {
                    h->name[h->name_len++] = (char)lower(c);
                }
                break;
            case S_ATTRS:
                if (c == '>') {
                    h->mark_len++;
                    tag_end(k);
                    i++;
                    continue;
                }
                if (c == '/') h->self_close = 1;
                else if (!is_space(c)) h->self_close = 0;
                if (c == '=') h->state = S_BEFORE_VALUE;
                break;
            case S_BEFORE_VALUE:
                if (c == '>') {
                    h->mark_len++;
                    tag_end(k);
                    i++;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    h->state = S_QUOTED;
                    h->quote = c;
                } else if (!is_space(c)) {
                    h->state = S_ATTRS;  /* an unquoted value */
                }
                break;
            case S_QUOTED: {
                size_t avail = n - i, room = EMB_HTML_MAX_TAG - h->mark_len;
                if (avail > room) avail = room;
                const unsigned char *q = memchr(p + i, h->quote, avail);
                size_t take = q ? (size_t)(q - (p + i)) + 1 : avail;
                if (q) h->state = S_ATTRS;
                h->mark_len += take;
                i += take;
                continue;
            }
            case S_DECL:
                if (c == '-') h->state = S_DECL_DASH;
                else if (c == '[') {
                    h->state = S_DECL_CDATA;
                    h->match = 1;
                } else {
                    h->state = S_BOGUS;  /* <!DOCTYPE ...>; "<!>" ends at once */
                    continue;
                }
                break;
            case S_DECL_DASH:
                if (c != '-') {
                    h->state = S_BOGUS;
                    continue;
                }
                h->state = S_COMMENT;
                h->dashes = 2;  /* so "<!-->" and "<!--->" end at once */
                h->bang = 0;
                break;
            case S_DECL_CDATA:
                if (c != (unsigned char)"[CDATA["[h->match]) {
                    h->state = S_BOGUS;
                    continue;
                }
                if (++h->match == 7) {
                    h->state = S_CDATA;
                    h->brackets = 0;
                }
                break;
            case S_BOGUS: {
                size_t avail = n - i, room = EMB_HTML_MAX_TAG - h->mark_len;
                if (avail > room) avail = room;
                const unsigned char *q = memchr(p + i, '>', avail);
                size_t take = q ? (size_t)(q - (p + i)) + 1 : avail;
                if (q) h->state = S_DATA;
                h->mark_len += take;
                i += take;
                continue;
            }
            }
            h->mark_len++;
            i++;
            break;

        case S_COMMENT:
            if (h->dashes == 0 && c != '-') {  /* skip to the next '-' */
                const unsigned char *q = memchr(p + i, '-', n - i);
                i = q ? (size_t)(q - p) : n;
                break;
            }
            if (c == '-') {
                if (h->dashes < 255) h->dashes++;
                h->bang = 0;
            } else if (c == '>' && h->dashes >= 2) {
                h->state = S_DATA;
            } else if (c == '!' && h->dashes >= 2 && !h->bang) {
                h->bang = 1;
            } else {
                h->dashes = 0;
                h->bang = 0;
            }
            i++;
            break;

        case S_CDATA:
            if (c == ']') {
                static const unsigned char rb = ']';
                if (h->brackets == 2) text(k, &rb, 1, at - 2);  /* "]]]": the first is text */
                else h->brackets++;
                i++;
            } else if (c == '>' && h->brackets == 2) {
                h->brackets = 0;
                h->state = S_DATA;
                i++;
            } else {
                static const unsigned char rbs[2] = {']', ']'};
                size_t j = i;
                if (h->brackets) text(k, rbs, h->brackets, at - h->brackets);
                h->brackets = 0;
                while (j < n && p[j] != ']') j++;
                text(k, p + i, j - i, at);
                i = j;
            }
            break;

        /* raw text: only "</name" followed by a space, '/' or '>' ends it */
        case S_RAW: {
            size_t j = i;
            if (h->raw_emit) {
                while (j < n && p[j] != '<' && p[j] != '&') j++;
                if (j > i) text(k, p + i, j - i, at);
            } else {
                const unsigned char *q = memchr(p + i, '<', n - i);
                j = q ? (size_t)(q - p) : n;
            }
            if (j > i) {
                i = j;
                break;
            }
            u8_flush(k);
            h->state = c == '<' ? S_RAW_LT : S_REF;
            pend_start(h, c, at);
            i++;
            break;
        }
        case S_RAW_LT:
            if (c == '/') {
                pend_add(h, c);
                h->state = S_RAW_END;
                h->match = 0;
                i++;
            } else if (h->raw_emit) {
                pend_as_text(k, S_RAW);  /* c again */
            } else {
                h->pend_len = 0;
                h->state = S_RAW;
            }
            break;
        case S_RAW_END:
            if (h->match < h->raw_len && lower(c) == (unsigned char)h->raw_name[h->match]) {
                pend_add(h, c);
                h->match++;
                i++;
            } else if (h->match == h->raw_len && (is_space(c) || c == '/' || c == '>')) {
                /* the end tag: read the rest of it as a tag */
                memcpy(h->name, h->raw_name, h->raw_len);
                h->name_len = h->raw_len;
                h->is_end = 1;
                h->self_close = 0;
                h->mark_start = h->pend_start;
                h->mark_len = h->pend_len;
                h->pend_len = 0;
                h->state = S_ATTRS;
                h->text_state = S_DATA;
            } else if (h->raw_emit) {
                pend_as_text(k, S_RAW);
            } else {
                h->pend_len = 0;
                h->state = S_RAW;
            }
            break;

        /* character references */
        case S_REF:
            if (c == '#') {
                pend_add(h, c);
                h->state = S_REF_NUM;
                i++;
            } else if (is_alnum(c)) {
                pend_add(h, c);
                h->state = S_REF_NAMED;
                i++;
            } else {
                pend_as_text(k, h->text_state);
            }
            break;
        case S_REF_NUM:
            if (c == 'x' || c == 'X') {
                pend_add(h, c);
                h->state = S_REF_HEX_START;
                i++;
            } else if (is_digit(c)) {
                h->ref_value = c - (unsigned)'0';
                h->ref_len = 3;
                h->state = S_REF_DEC;
                i++;
            } else {
                pend_as_text(k, h->text_state);
            }
            break;
        case S_REF_HEX_START:
            if (hex_value(c) >= 0) {
                h->ref_value = (uint32_t)hex_value(c);
                h->ref_len = 4;
                h->state = S_REF_HEX;
                i++;
            } else {
                pend_as_text(k, h->text_state);
            }
            break;
        case S_REF_DEC:
        case S_REF_HEX: {
            int d = h->state == S_REF_DEC ? (is_digit(c) ? c - '0' : -1) : hex_value(c);
            if (d >= 0 && h->ref_len < MAX_REF) {
                uint32_t v = h->ref_value * (h->state == S_REF_DEC ? 10u : 16u) + (uint32_t)d;
                h->ref_value = v > 0x10FFFF ? 0x110000 : v;
                h->ref_len++;
                i++;
            } else if (c == ';') {
                h->ref_len++;
                ref_numeric_end(k);
                i++;
            } else {
                ref_numeric_end(k);  /* ended without ';': c again */
            }
            break;
        }
        case S_REF_NAMED:
            if (is_alnum(c) && h->pend_len < 1 + MAX_REF_NAME) {
                pend_add(h, c);
                i++;
            } else if (c == ';') {
                unsigned cp = entity_lookup(h->pend + 1, h->pend_len - 1);
                if (cp) {
                    put_cp(k, cp == 0xA0 ? ' ' : cp, h->pend_start, h->pend_len + 1);
                    h->pend_len = 0;
                    h->state = h->text_state;
                    i++;
                } else {
                    pend_as_text(k, h->text_state);  /* unknown: as is */
                }
            } else {
                pend_as_text(k, h->text_state);
            }
            break;

        default:  /* not reached */
            h->state = S_DATA;
            break;
        }
    }
}

/* ---- API ---------------------------------------------------------------------------- */

void emb__html_init(emb_html *h) {
    memset(h, 0, sizeof(*h));
    h->state = S_DATA;
    h->text_state = S_DATA;
}

static embargo_status status(const sink *k) {
    return k->out->oom || (k->map && k->map->oom) ? EMBARGO_ENOMEM : EMBARGO_OK;
}

embargo_status emb__html_feed(emb_html *h, const char *in, size_t len, size_t in_base,
                              emb_buf *out, emb_buf *map) {
    if (!h || !out || (!in && len)) return EMBARGO_EINVAL;
    sink k = {h, out, map};
    if (len) convert(&k, (const unsigned char *)in, len, in_base);
    h->pos = in_base + len;
    return status(&k);
}

embargo_status emb__html_finish(emb_html *h, emb_buf *out, emb_buf *map) {
    if (!h || !out) return EMBARGO_EINVAL;
    sink k = {h, out, map};
    switch (h->state) {
    case S_TAG_OPEN:      /* a lone "<" */
    case S_END_TAG_OPEN: {  /* a lone "</" */
        static const unsigned char lts[2] = {'<', '/'};
        text(&k, lts, h->state == S_TAG_OPEN ? 1 : 2, h->mark_start);
        break;
    }
    case S_CDATA: {
        static const unsigned char rbs[2] = {']', ']'};
        if (h->brackets) text(&k, rbs, h->brackets, h->pos - h->brackets);
        break;
    }
    case S_RAW_LT:
    case S_RAW_END:
        if (h->raw_emit) pend_as_text(&k, S_DATA);
        break;
    case S_REF:
    case S_REF_NUM:
    case S_REF_HEX_START:
    case S_REF_NAMED:
        pend_as_text(&k, S_DATA);
        break;
    case S_REF_DEC:
    case S_REF_HEX:
        ref_numeric_end(&k);
        break;
    default:  /* an unterminated tag, comment or raw-text element: dropped */
        break;
    }
    u8_flush(&k);
    h->pend_len = 0;
    h->state = S_DATA;
    h->text_state = S_DATA;
    return status(&k);
}

size_t emb__html_holds(const emb_html *h) {
    size_t at = h->pos;
    switch (h->state) {
    case S_TAG_OPEN:
    case S_END_TAG_OPEN:
    case S_TAG_NAME:
    case S_ATTRS:
    case S_BEFORE_VALUE:
    case S_QUOTED:
    case S_DECL:
    case S_DECL_DASH:
    case S_DECL_CDATA:
    case S_BOGUS:
        if (h->mark_start < at) at = h->mark_start;
        break;
    case S_CDATA:
        if (h->pos - h->brackets < at) at = h->pos - h->brackets;
        break;
    default:
        break;
    }
    if (h->pend_len && h->pend_start < at) at = h->pend_start;
    if (h->u8_len && h->u8_start < at) at = h->u8_start;
    return at;
}

/* ---- the map --------------------------------------------------------------------- */

emb_html_map emb__html_map_view(const emb_buf *map) {
    emb_html_map m;
    m.seg = map && map->len ? (const emb_html_seg *)(const void *)map->data : NULL;
    m.n = map ? map->len / sizeof(emb_html_seg) : 0;
    return m;
}

/* The index of the last segment starting at or before out_offset (0 if
 * none does); m->n > 0. */
static size_t seg_find(const emb_html_map *m, size_t out_offset) {
    size_t lo = 0, hi = m->n;  /* answer in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->seg[mid].out_start <= out_offset) lo = mid;
        else hi = mid;
    }
    return lo;
}

static size_t seg_src_end(const emb_html_seg *s) {
    return s->in_start + (s->src_len ? s->src_len : s->len);
}

size_t emb__html_map(const emb_html_map *m, size_t out_offset) {
    if (!m || m->n == 0) return 0;
    const emb_html_seg *s = &m->seg[seg_find(m, out_offset)];
    if (out_offset < s->out_start) return s->in_start;
    if (out_offset - s->out_start >= s->len) return seg_src_end(s);
    return s->src_len ? s->in_start : s->in_start + (out_offset - s->out_start);
}

size_t emb__html_map_end(const emb_html_map *m, size_t out_end) {
    if (out_end == 0 || !m || m->n == 0) return emb__html_map(m, 0);
    const emb_html_seg *s = &m->seg[seg_find(m, out_end - 1)];
    if (out_end - 1 < s->out_start) return s->in_start;
    if (out_end - 1 - s->out_start >= s->len || s->src_len) return seg_src_end(s);
    return s->in_start + (out_end - s->out_start);
}

size_t emb__html_map_lookup(const emb_buf *map, size_t out_offset) {
    emb_html_map m = emb__html_map_view(map);
    return emb__html_map(&m, out_offset);
}

/* ---- sniffing ---------------------------------------------------------------------- */

/* Inline elements that count as evidence of HTML, besides TAGS. */
static const char *const INLINE_TAGS[] = {
    "a", "abbr", "b", "button", "cite", "code", "em", "font", "i", "img", "input",
    "label", "link", "meta", "small", "span", "strong", "sub", "sup", "u",
};

static int html_name(const unsigned char *p, size_t len) {
    char name[16];
    if (len >= sizeof(name)) return 0;
    for (size_t i = 0; i < len; i++) name[i] = (char)lower(p[i]);
    if (tag_kind(name, len)) return 1;
    for (size_t i = 0; i < sizeof(INLINE_TAGS) / sizeof(INLINE_TAGS[0]); i++)
        if (name_cmp(name, len, INLINE_TAGS[i]) == 0) return 1;
    return 0;
}

/* The ASCII of UTF-16 text at p (n bytes; `hi` 0 for little-endian, 1 for
 * big-endian), one byte per code unit, anything else (NUL too) as 0x01, into
 * out[cap]; returns the bytes written. */
static size_t utf16_ascii(const unsigned char *p, size_t n, int hi, unsigned char *out, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i + 1 < n && k < cap; i += 2) {
        unsigned c = hi ? (unsigned)p[i] << 8 | p[i + 1] : (unsigned)p[i + 1] << 8 | p[i];
        out[k++] = (unsigned char)(c && c < 0x80 ? c : 1);
    }
    return k;
}

int emb__html_sniff(const char *data, size_t len) {
    static const char *const STARTS[] = {
        "!doctype html", "html", "head", "body", "p", "div", "meta", "title", "table",
    };
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0;
    if (!p) return 0;
    /* UTF-16: by its byte order mark, or ASCII with NUL bytes between */
    if (len >= 4) {
        int le = (p[0] == 0xFF && p[1] == 0xFE && (p[2] || p[3])) ||
                 (p[0] && p[0] < 0x80 && !p[1] && p[2] && p[2] < 0x80 && !p[3]);
        int be = (p[0] == 0xFE && p[1] == 0xFF) || (!p[0] && p[1] && p[1] < 0x80 && !p[2] && p[3] && p[3] < 0x80);
        if (le || be) {
            unsigned char ascii[1100];
            size_t skip = p[0] >= 0xFE ? 2 : 0;
            size_t n = utf16_ascii(p + skip, len - skip, be, ascii, sizeof(ascii));
            return emb__html_sniff((const char *)ascii, n);
        }
    }
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    while (i < len && is_space(p[i])) i++;
    if (i < len && p[i] == '<') {
        for (size_t s = 0; s < sizeof(STARTS) / sizeof(STARTS[0]); s++) {
            size_t l = strlen(STARTS[s]), e = i + 1 + l, j;
            if (e > len) continue;
            for (j = 0; j < l && lower(p[i + 1 + j]) == (unsigned char)STARTS[s][j]; j++) {}
            if (j == l && (e == len || is_space(p[e]) || p[e] == '>' || p[e] == '/')) return 1;
        }
    }
    size_t end = len - i > 1024 ? i + 1024 : len;
    int tags = 0;
    for (size_t j = i; j < end; j++) {
        if (p[j] != '<') continue;
        size_t q = j + 1;
        if (q < end && p[q] == '/') q++;
        size_t s = q;
        while (q < end && q - s < 16 && is_alnum(p[q])) q++;
        if (q == s || q >= end || !(is_space(p[q]) || p[q] == '>' || p[q] == '/')) continue;
        if (html_name(p + s, q - s) && ++tags >= 4) return 1;
    }
    return 0;
}

/*
 * charset.h - which charset a document is in, and its bytes as UTF-8 text
 * with an offset map back to the original bytes.
 *
 * The scanner reads UTF-8. A page in windows-1251, KOI8-R, Shift_JIS or
 * UTF-16 is first decided on (emb__charset_detect) and then decoded with
 * ICU as it is walked (emb__charset_feed), chunk by chunk; for HTML the
 * decoded text goes on through the HTML converter (html.h) and the two
 * offset maps are composed, so that every byte of the text the scanner
 * reads still maps to the bytes of the original document it came from.
 *
 * Deciding, in this order (the HTML standard's "encoding sniffing", with a
 * caller's charset where HTTP's Content-Type would be):
 *   1. a byte order mark: UTF-8, UTF-16LE/BE, UTF-32LE/BE (it beats even
 *      the caller's charset: a BOM does not lie, a header often does);
 *   2. the caller's charset (embargo_scan_options.charset);
 *   3. an XML declaration's encoding="..." at the very start; for HTML, a
 *      <meta charset=...> or <meta http-equiv="Content-Type"
 *      content="...; charset=..."> in the first EMB_CHARSET_PRESCAN bytes,
 *      found as the HTML standard's prescan finds it (comments and other
 *      tags' attributes skipped). A declared UTF-16 or UTF-32, or any
 *      charset in which the declaration itself could not be ASCII, means
 *      UTF-8 (the standard's rule). A declared charset other than UTF-8
 *      whose document is valid UTF-8 with non-ASCII characters in it is
 *      read as UTF-8 (a mislabelled page: single-byte Cyrillic or Latin
 *      text is practically never valid UTF-8), and a declared UTF-8 whose
 *      non-ASCII bytes are mostly invalid is read as undeclared (step 4);
 *      both are said in the note. No BOM and a start of ASCII characters
 *      with NUL bytes between them ("<\0h\0") is UTF-16 without its BOM;
 *   4. the content: valid UTF-8 (or ASCII) is UTF-8; mostly valid UTF-8
 *      (more valid multi-byte sequences than invalid bytes) is UTF-8 with
 *      errors; anything else is unknown, and read as ICU's charset
 *      detector guesses (ucsdet, over the first 64 KiB, when it is at least
 *      EMB_CHARSET_GUESS_MIN sure and names an ASCII-compatible charset),
 *      else as windows-1252, the web's default.
 * Labels are read as the WHATWG Encoding Standard reads them where it
 * differs from ICU's aliases: "iso-8859-1", "latin1" and "us-ascii" are
 * windows-1252, "iso-8859-9" windows-1254, "tis-620" windows-874, "gb2312"
 * and "gbk" GB18030, "big5" Big5-HKSCS, "euc-kr" windows-949, "utf-16"
 * UTF-16LE. Any other name ICU knows (ucnv_open) is accepted as ICU reads it.
 *
 * What was decided, and what went wrong, is a note the caller can read
 * (embargo_scanner_note): never a silent guess.
 *
 * Offsets. Every code point the decoder writes maps back to the bytes it
 * was decoded from: a byte that decodes to the same ASCII byte is a
 * verbatim segment of the map, anything else a replacement segment (its
 * UTF-8 bytes stand for its source bytes), in the emb_html_seg format, so
 * the scanner's lookups (emb__html_map, emb__html_map_end) serve both. The
 * character offsets the scanner reports count the code points of the
 * document as decoded (a BOM is one, as in UTF-8 text): emb__charset_chars.
 *
 * Memory is bounded whatever the document's size: the decoder works in
 * pieces of a few KiB, holds a split character or surrogate between chunks,
 * and for HTML keeps the map of the decoded text only as far back as the
 * HTML converter may still refer to (at most a tag of EMB_HTML_MAX_TAG
 * bytes). A chunk of n bytes gives at most 3n + 16 bytes of text.
 *
 * Thread safety: an emb_charset belongs to one scanner, used by one thread.
 */
#ifndef EMB_CHARSET_H
#define EMB_CHARSET_H

#include "embargo.h"
#include "../base/buf.h"
#include "html.h"

#include <stddef.h>
#include <stdint.h>

/* How far into an HTML document a <meta> charset is looked for (the
 * standard says 1024; longer heads are common on the pages that need it). */
#define EMB_CHARSET_PRESCAN 4096

/* Confidence (0..100) below which ICU's detector's guess is not taken. Set
 * from sample texts (docs/charsets.md): Russian prose in windows-1251,
 * KOI8-R and ISO-8859-5 scores 49, one short cp1251 sentence 30-34,
 * German and French in windows-1252 80-94, the start of an executable at
 * most 7 for a single-byte charset. */
#define EMB_CHARSET_GUESS_MIN 20

/* Longest charset name or label kept. */
#define EMB_CHARSET_NAME 48

/* Where the charset read came from. */
typedef enum emb_charset_from {
    EMB_CS_FROM_NONE = 0,  /* nothing scanned yet */
    EMB_CS_FROM_BOM,       /* a byte order mark */
    EMB_CS_FROM_CALLER,    /* the caller's charset option */
    EMB_CS_FROM_XML,       /* an XML declaration */
    EMB_CS_FROM_META,      /* an HTML meta tag */
    EMB_CS_FROM_NULS,      /* ASCII with NUL bytes between: UTF-16 */
    EMB_CS_FROM_CONTENT,   /* valid (or mostly valid) UTF-8, or ASCII */
    EMB_CS_FROM_GUESS,     /* ICU's detector */
    EMB_CS_FROM_DEFAULT    /* windows-1252, when nothing else would do */
} emb_charset_from;

/* An ICU decoder and its place in the document: the input it has read,
 * bytes ICU holds, and the character group it writes next (the code
 * points decoded from one place in the input; a group's source runs to
 * where the next group's begins). Private to charset.c. */
typedef struct emb_decoder {
    struct UConverter *cnv;
    struct emb_charset *cs;           /* where invalid bytes are counted, or NULL */
    const char *src0;                 /* the piece ICU is reading, for the callback */
    size_t src0_at;
    size_t pos;                       /* input offset past the last byte read */
    int held;                         /* ICU holds bytes of a character ... */
    size_t held_at;                   /* ... from here on */
    int refeed;                       /* stateless: held bytes go back to the
                                         next call (after a reset), so every call
                                         starts at a character */
    unsigned char carry[16];          /* those bytes ... */
    size_t carry_n;
    size_t carry_at;                  /* ... and where they are in the input */
    int gopen;                        /* a group is open: */
    size_t gstart;                    /* its source starts here, */
    int gbyte;                        /* with this byte (-1: unknown), */
    size_t glen;                      /* and it decoded to gbuf[0, glen) */
    unsigned char gbuf[64];
    size_t next_at;                   /* where the next group starts */
    uint16_t lead;                    /* a lead surrogate held, or 0 */
    int flushed;                      /* the end of the input was read */
} emb_decoder;

/* One scanner's charset state: what was decided for the current document,
 * and the decoder. The fields are private to charset.c. */
typedef struct emb_charset {
    /* the caller's charset (the option), or "" */
    char given[EMB_CHARSET_NAME];
    /* the decision */
    emb_charset_from from;
    unsigned flags;                   /* EMBARGO_SCAN_CHARSET_* */
    int decode;                       /* 1: decoded with ICU; 0: read as UTF-8 */
    int confidence;                   /* the detector's, for EMB_CS_FROM_GUESS */
    char name[EMB_CHARSET_NAME];      /* the charset read, as people write it */
    char icu[EMB_CHARSET_NAME];       /* the ICU converter name ("" for UTF-8) */
    char label[EMB_CHARSET_NAME];     /* the declaration as written, or "" */
    char head[320];                   /* the note, but for invalid bytes */
    char note[448];                   /* the note */
    uint64_t bad;                     /* bytes (sequences) not valid in the charset */
    uint64_t first_bad;               /* offset of the first one */
    uint64_t noted_bad;               /* `bad` when the note was written */
    /* reading */
    char cnv_name[EMB_CHARSET_NAME];  /* the converter the decoders were opened for */
    emb_decoder dec;                  /* decodes the text */
    emb_decoder cnt;                  /* decodes again, to count code points */
    int one_per_byte;                 /* every byte is one code point (windows-1251,
                                         KOI8-R, ISO-8859-5): no need to count */
    struct UCharsetDetector *det;     /* ICU's detector, made when first needed */
    int html;                         /* HTML: text goes on through `h` */
    emb_html h;
    size_t d_pos;                     /* HTML: bytes of decoded text so far */
    emb_buf dtext;                    /* HTML: a chunk's decoded text */
    emb_buf dmap;                     /* HTML: its map, decoded -> original,
                                         from the oldest offset still needed */
    emb_buf hmap;                     /* HTML: the converter's map, decoded offsets */
    emb_buf groups;                   /* the counter's groups not yet counted */
    size_t groups_head;               /* ... from this byte of `groups` */
    size_t cnt_b;                     /* emb__charset_chars: the offset last asked */
    uint64_t cnt_chars;               /* ... and the code points before it */
    int oom;                          /* ICU ran out of memory */
} emb_charset;

/* Prepares `cs`; allocates nothing. */
void emb__charset_init(emb_charset *cs);

/* Frees what `cs` holds; it may be initialised again. NULL is fine. */
void emb__charset_free(emb_charset *cs);

/* Sets the caller's charset (NULL or "" for none). EMBARGO_EINVAL when it
 * is longer than EMB_CHARSET_NAME - 1 bytes or names no charset ICU (with
 * the WHATWG labels above) knows. */
embargo_status emb__charset_set_given(emb_charset *cs, const char *label);

/* Decides how to read the document `doc` of `len` bytes (html: it is HTML)
 * and prepares its decoding: see the top of this file. Reads the whole
 * document once when it may be UTF-8 (to count invalid bytes) and at most
 * 64 KiB of it for a guess. Returns EMBARGO_OK, or EMBARGO_ENOMEM. */
embargo_status emb__charset_detect(emb_charset *cs, const char *doc, size_t len, int html);

/* Whether the document is decoded (then its text must come through
 * emb__charset_feed, and its character offsets from emb__charset_chars);
 * 0 when it is read as UTF-8 as it stands. */
int emb__charset_decodes(const emb_charset *cs);

/* Starts reading the document: after emb__charset_detect, before the first
 * emb__charset_feed. With `html`, the text goes through the HTML converter
 * (also when it is not decoded). Plain text that is not decoded is not fed
 * here (the scanner reads it as it stands): feed and finish then return
 * EMBARGO_EINVAL. */
void emb__charset_begin(emb_charset *cs, int html);

/* Reads the next `len` bytes of the document, which start at offset
 * `in_base` (chunks in order, without gaps), appending text to `out` and
 * its map (emb_html_seg, input offsets into the original document) to
 * `map`, as emb__html_feed does, with the same freedom to empty both
 * between calls. Some bytes (a split character) are held until the next
 * call or emb__charset_finish. Returns EMBARGO_OK or EMBARGO_ENOMEM. */
embargo_status emb__charset_feed(emb_charset *cs, const char *in, size_t len, size_t in_base,
                                 emb_buf *out, emb_buf *map);

/* Ends the document: writes what is held (a truncated character as
 * U+FFFD). Returns as emb__charset_feed. */
embargo_status emb__charset_finish(emb_charset *cs, emb_buf *out, emb_buf *map);

/* The code points of doc[0, b) as decoded (b <= len, at a character
 * boundary: a mention's start or end). Fast when b never decreases between
 * calls for one document; starts over from 0 when it does. For a document
 * read as UTF-8, the bytes that do not continue a sequence. Returns
 * UINT64_MAX if ICU fails (out of memory). */
uint64_t emb__charset_chars(emb_charset *cs, const char *doc, size_t len, size_t b);

/* The note on the last document: its charset and where that came from,
 * and what was doubtful (see embargo_scanner_note). *name (if not NULL)
 * gets the charset's name and *flags (if not NULL) the
 * EMBARGO_SCAN_CHARSET_* bits. Before any document: "" and 0. */
const char *emb__charset_note(const emb_charset *cs, const char **name, unsigned *flags);

/* Resolves a charset label as this file reads labels: the converter name
 * for ICU in icu[EMB_CHARSET_NAME] ("" for UTF-8) and the name people know
 * it by in name[EMB_CHARSET_NAME]. Returns 0, or -1 when no charset has
 * this label. For tests. */
int emb__charset_resolve(const char *label, size_t len, char *icu, char *name);

/* The charset label a meta tag or XML declaration at the start of `doc`
 * declares (html: look for meta tags), copied to label[EMB_CHARSET_NAME];
 * returns EMB_CS_FROM_XML, EMB_CS_FROM_META, or EMB_CS_FROM_NONE when
 * there is none. For tests. */
emb_charset_from emb__charset_declared(const char *doc, size_t len, int html, char *label);

#endif

/*
 * scan.c - finding listed people and organisations in free text.
 *
 * The document is walked in windows of bounded size, each ending at a line
 * or word boundary. A window is split into words with their offsets; runs of
 * words that look like a name (capitalised, or of an uncased script, with
 * particles, initials and titles between) are cut down to the parts whose
 * words the index knows, and each part is screened as a name. A part of two
 * or more name words that matches is a mention. A part of one name word
 * ("Mr. Kosachyov", "Putin") is a mention only of an entity the document
 * has already named in full, or of an organisation whose listed name is
 * that one word ("Gazprom"); a vessel's one-word name also needs a word
 * such as "tanker" or "yacht" before it. A bare common surname with no
 * earlier full mention is never an alert; a rare one that only one listed
 * person bears (Lavrov, Nabiullina), in prose, is, with a lower score and
 * the reason "surname alone". A capitalised ordinary word opening a
 * sentence (Today Maria Butina) is dropped from the name after it; legal
 * forms do not cut a name (State Corporation Rostec); a company named with
 * ordinary words alone (PACIFIC OCEAN SHIPPING LIMITED) is found only when
 * written with a legal form. An editorial bracket at a name's start or a
 * quoted nickname inside it does not cut it ((Defence Minister Sergei)
 * Shoigu, Joaquin "El Chapo" Guzman). A long organisation name matched by
 * some of its words (State Duma), a place alone (Dubai for DUBAI TRADING
 * COMPANY) and a one-word vessel inside a longer name are no mentions.
 * Short names journalists use for listed organisations (FSB, Wagner, Iran's
 * defense ministry) are read from a table, news_aliases.inc, in context; a
 * listed name in lower case after its first word, or after a country's
 * possessive (the Belarusian state security committee, Belarus's KGB), is
 * found when it is the listed name exactly. A surname alone that several
 * listed people share goes to the one a title before it gives (Supreme
 * Leader Khamenei) or to the only head of a family among them (Medvedev).
 * A lone surname is the person of that surname the text named in full
 * last: someone no list names takes it (Matthew Miller after Alexei
 * Miller). An organisation's name goes on across "of", "and", "for" after
 * a head word (Ministry of Petroleum), or "in" and a country (Islamic
 * Resistance in Iraq, a weak alias found when written as listed), and an
 * acronym a text gives it in brackets names it from then on (MOIS). A
 * surname in a headline (Putin Moves Patrushev...) is the person the
 * window names in full first after it with that surname, if listed. A
 * vessel's name with a number is read whole after "tanker" or "formerly"
 * (formerly the Grace 1). Mentions are held per window and reported in
 * text order.
 *
 * Invisible characters (default-ignorable code points) inside a word do not
 * split it; a word in halves (Kosa-chyov, Kosa_chyov) is one name word. A
 * line written all in capitals or all in lower case (a payment narrative, a
 * chat message) says nothing by its capitals: there, runs of known words
 * between function words are the candidates, and spans of them are
 * screened, longest first (docs/scan.md).
 *
 * Cost: one hash lookup per capitalised word (per word but function words
 * in a line of one case; a word keyed once per scanner, then recalled from
 * the word cache), and a screening per part that holds a known name word (a
 * few per run in a line of one case; cached by span text), so the scan is
 * linear in the text.
 *
 * The scanner's files, each of one concern (scan_int.h holds what they
 * share: the constants, the word and hit records, the scanner itself):
 *   scan.c           this file: options, the scanner's life, a document cut
 *                    into windows (plain, HTML, decoded), and the mentions a
 *                    window found, reported in text order
 *   scan_words.c     the window's words: keys, case, sentences, headlines
 *   scan_evidence.c  the entities found, and what the text says of them
 *                    (age, birth year, nationality)
 *   scan_screen.c    screening a span (cached by its text), and what a match
 *                    leaves out of a listed name
 *   scan_surname.c   a surname alone: follow-ups of names given in full, a
 *                    headline's surname, namesakes, a rare surname alone
 *   scan_spans.c     one window: its name-like runs and the spans screened,
 *                    lines of one case, news aliases, names in lower case
 *   scan_orgs.c      organisation names across connecting words, the
 *                    acronyms a text gives them, a vessel's name with a number
 */
#include "scan_int.h"

void embargo_scan_options_init(embargo_scan_options *o) {
    if (!o) return;
    memset(o, 0, sizeof(*o));
    o->size = sizeof(*o);
    o->threshold = EMBARGO_DEFAULT_THRESHOLD;
}

/* The caller's options field by field over the defaults (opts.h). */
static embargo_status read_options(const embargo_scan_options *in, embargo_scan_options *o) {
    typedef embargo_scan_options T;
    embargo_scan_options_init(o);
    if (!in) return EMBARGO_OK;
    if (emb__opt_check(in, in->size, EMB_OPT_END(T, charset))) return EMBARGO_EINVAL;
    EMB_OPT_TAKE(in, o, T, threshold);
    EMB_OPT_TAKE(in, o, T, type_mask);
    EMB_OPT_TAKE(in, o, T, html);
    EMB_OPT_TAKE(in, o, T, date);
    EMB_OPT_TAKE(in, o, T, list_mask);
    EMB_OPT_TAKE(in, o, T, charset);
    return o->threshold >= 0 && o->threshold <= 1 ? EMBARGO_OK : EMBARGO_EINVAL;
}

embargo_status embargo_scanner_new(const embargo_index *ix, const embargo_scan_options *opts,
                                   embargo_scanner **out) {
    if (!ix || !out) return EMBARGO_EINVAL;
    embargo_scanner *s = emb__calloc(1, sizeof(*s));
    if (!s) return EMBARGO_ENOMEM;
    emb__charset_init(&s->cs);
    if (read_options(opts, &s->opts) || emb__charset_set_given(&s->cs, s->opts.charset)) {
        emb__free(s);
        return EMBARGO_EINVAL;
    }
    s->opts.charset = s->cs.given[0] ? s->cs.given : NULL; /* a copy */
    s->ix = ix;
    s->cache_mask = ~(uint64_t)0;
    for (size_t i = 0; i < NEWS_ALIAS_COUNT; i++) {
        s->alias_len[i] = (uint8_t)strcspn(NEWS_ALIASES[i].text, " ");
        s->alias_c[i] = (char)(NEWS_ALIASES[i].text[0] | 32);
        s->alias_lens[s->alias_c[i] & 31] |= (uint64_t)1 << s->alias_len[i];
    }
    emb__buf_init(&s->text);
    emb__buf_init(&s->map);
    emb__buf_init(&s->scratch);
    emb__buf_init(&s->query);
    embargo_status st = embargo_matcher_new(ix, &s->m);
    if (!st) st = emb__normalizer_new(&s->nz);
    if (!st && !(s->cache = emb__calloc((size_t)CACHE_SETS * CACHE_WAYS, sizeof(*s->cache)))) st = EMBARGO_ENOMEM;
    if (!st && !(s->pool = emb__calloc(CACHE_POOL, sizeof(*s->pool)))) st = EMBARGO_ENOMEM;
    s->pool_cap = CACHE_POOL;
    if (!st && !(s->wcache = emb__calloc(WORD_SLOTS, sizeof(*s->wcache)))) st = EMBARGO_ENOMEM;
    if (!st && !(s->fcache = emb__calloc(FLAG_SLOTS, sizeof(*s->fcache)))) st = EMBARGO_ENOMEM;
    if (!st && !(s->scache = emb__calloc(STAT_SLOTS, sizeof(*s->scache)))) st = EMBARGO_ENOMEM;
    if (!st && !(s->hit_bits = emb__calloc(ix->nentities / 8 + 1, 1))) st = EMBARGO_ENOMEM;
    if (!st && !(s->hit_of = emb__calloc(ix->nentities + 1, sizeof(*s->hit_of)))) st = EMBARGO_ENOMEM;
    if (st) {
        embargo_scanner_free(s);
        return st;
    }
    *out = s;
    return EMBARGO_OK;
}

void embargo_scanner_free(embargo_scanner *s) {
    if (!s) return;
    embargo_matcher_free(s->m);
    emb__normalizer_free(s->nz);
    emb__buf_free(&s->text);
    emb__buf_free(&s->map);
    emb__buf_free(&s->scratch);
    emb__buf_free(&s->query);
    emb__free(s->words);
    emb__free(s->hits);
    emb__free(s->hit_view);
    emb__free(s->found);
    emb__free(s->cache);
    emb__free(s->pool);
    emb__free(s->wcache);
    emb__free(s->fcache);
    emb__free(s->scache);
    emb__free(s->hit_bits);
    emb__free(s->hit_of);
    emb__free(s->sur_tab);
    emb__free(s->head_tab);
    emb__charset_free(&s->cs);
    emb__free(s);
}

/* The document byte offset of window text offset `off`. */
uint64_t emb__scan_doc_offset(const scan_ctx *c, size_t off) {
    if (c->html) return emb__html_map_lookup(&c->s->map, off);
    return c->base + off;
}

/* The character offset of document byte offset `b` (b never decreases
 * between calls within one document: mentions are reported in text order,
 * emb__scan_flush_found). */
static uint64_t char_offset(scan_ctx *c, uint64_t b) {
    if (c->cs) return emb__charset_chars(c->cs, c->doc, c->len, (size_t)b);
    /* eight bytes at a time: each is a character but for the continuation
     * bytes (10xxxxxx), counted as the bytes whose top bit is set and the
     * next not */
    while (c->byte_pos + 8 <= b) {
        uint64_t x;
        memcpy(&x, c->doc + c->byte_pos, 8);
        uint64_t cont = (x & ~(x << 1) & 0x8080808080808080u) >> 7;
        c->char_pos += 8 - ((cont * 0x0101010101010101u) >> 56);
        c->byte_pos += 8;
    }
    while (c->byte_pos < b) {
        if (((unsigned char)c->doc[c->byte_pos] & 0xC0) != 0x80) c->char_pos++;
        c->byte_pos++;
    }
    return c->char_pos;
}

/* Marks the words within window text [ws, we) as inside a mention, so that
 * the news aliases (scan_aliases) do not report them again. */
static void mark_said(embargo_scanner *s, size_t ws, size_t we) {
    size_t lo = 0, hi = s->nwords;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->words[mid].s < ws) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < s->nwords && s->words[lo].e <= we; lo++) s->words[lo].said = 1;
}

/* Reports a mention: its hit is counted now (later steps ask the hits),
 * and the mention is held until the window is done (emb__scan_flush_found). */
embargo_status emb__scan_emit(scan_ctx *c, const span_match *mt, size_t ws, size_t we,
                              const char *how) {
    embargo_scanner *s = c->s;
    if (EMB_GROW(s->found, s->found_cap, s->nfound + 1)) return EMBARGO_ENOMEM;
    found_rec *f = &s->found[s->nfound];
    embargo_mention *mn = &f->m;
    memset(mn, 0, sizeof(*mn));
    f->seq = (uint32_t)s->nfound;
    mn->start = emb__scan_doc_offset(c, ws);
    if (c->html) {
        emb_html_map view = emb__html_map_view(&s->map);
        mn->end = emb__html_map_end(&view, we);
        mn->text = (const char *)s->text.data + ws; /* valid until the window moves on */
        mn->len = we - ws;
    } else {
        mn->end = c->base + we;
        mn->text = c->doc + mn->start;
        mn->len = (size_t)(mn->end - mn->start);
    }
    mn->score = mt->score;
    mn->matched_name = mt->matched_name;
    mn->matched_name_len = mt->matched_name_len;
    mn->how = how;
    hit_rec *h = emb__scan_add_hit(s, &mt->entity, mn->start);
    if (!h) return EMBARGO_ENOMEM;
    f->hit = (uint32_t)(h - s->hits);
    s->nfound++;
    mark_said(s, ws, we);
    mn->matched_entity = mt->entity;
    mn->entity = h->hit.entity; /* the person as first reported */
    if (mn->start < h->hit.first_start) h->hit.first_start = mn->start;
    h->hit.mentions++;
    c->emitted++;
    if (mt->score > h->hit.score) h->hit.score = mt->score;
    return EMBARGO_OK;
}

static int cmp_found(const void *a, const void *b) {
    const found_rec *x = a, *y = b;
    if (x->m.start != y->m.start) return x->m.start < y->m.start ? -1 : 1;
    if (x->m.end != y->m.end) return x->m.end < y->m.end ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Gives the mentions of the window to the caller in text order, with
 * their character offsets (counted forward). */
embargo_status emb__scan_flush_found(scan_ctx *c) {
    embargo_scanner *s = c->s;
    if (s->nfound > 1) qsort(s->found, s->nfound, sizeof(*s->found), cmp_found);
    for (size_t i = 0; i < s->nfound && !c->stop; i++) {
        embargo_mention *mn = &s->found[i].m;
        mn->char_start = char_offset(c, mn->start);
        mn->char_end = mn->char_start;
        if (c->cs) mn->char_end = char_offset(c, mn->end);
        else
            for (uint64_t b = mn->start; b < mn->end; b++)
                if (((unsigned char)c->doc[b] & 0xC0) != 0x80) mn->char_end++;
        if (mn->char_start == UINT64_MAX || mn->char_end == UINT64_MAX) return EMBARGO_ENOMEM;
        /* the entities found are those of the mentions told: a caller that
         * stops the scan has not seen the rest of the window's */
        embargo_scan_hit *told = &s->hits[s->found[i].hit].told;
        if (!told->mentions || mn->start < told->first_start) told->first_start = mn->start;
        if (!told->mentions || mn->score > told->score) told->score = mn->score;
        told->mentions++;
        if (c->fn && c->fn(c->ctx, mn)) c->stop = 1;
    }
    s->nfound = 0;
    return EMBARGO_OK;
}

/* Whether line doc[s, e) looks like a headline as emb__scan_mark_headlines reads
 * one, by its bytes: HEADLINE_WORDS words or more, every one of four
 * letters or more capitalised. */
static int headline_line(const char *doc, size_t s, size_t e) {
    size_t words = 0;
    for (size_t i = s; i < e;) {
        while (i < e && (doc[i] == ' ' || doc[i] == '\t' || doc[i] == '\r')) i++;
        if (i == e) break;
        size_t w = i;
        while (i < e && doc[i] != ' ' && doc[i] != '\t' && doc[i] != '\r') i++;
        words++;
        if (i - w >= 4 && !(doc[w] >= 'A' && doc[w] <= 'Z')) return 0;
    }
    return words >= HEADLINE_WORDS;
}

#define HEADLINE_TAIL 4096 /* bytes at a window's end searched for a headline */

/* A window's end at line end i of doc (the window starts at `from`), moved
 * back to the start of a headline among the last lines before it (within
 * HEADLINE_TAIL bytes and eight lines, none starting at `lo` or before):
 * a window does not end just after a headline, which goes to the next one
 * with the body whose full names resolve its surnames (Putin Moves
 * Patrushev..., then Nikolai Patrushev). Plain text and HTML's converted
 * text alike. */
static size_t before_headline(const char *doc, size_t from, size_t lo, size_t i) {
    for (size_t e = i - 1, n = 0; e > lo && i - e < HEADLINE_TAIL && n < 8; n++) {
        size_t b = e;
        while (b > from && doc[b - 1] != '\n') b--;
        if (b > lo && headline_line(doc, b, e)) return b;
        if (b == 0) break;
        e = b - 1;
    }
    return i;
}

/* The end of the next window: at most WINDOW bytes on, at a line end or a
 * space, never inside a UTF-8 sequence, and not just after a headline
 * (before_headline). */
static size_t window_end(const char *doc, size_t len, size_t from) {
    if (len - from <= WINDOW) return len;
    size_t end = from + WINDOW;
    for (size_t i = end; i > from + WINDOW / 2; i--)
        if (doc[i - 1] == '\n') return before_headline(doc, from, from + WINDOW / 2, i);
    for (size_t i = end; i > from + WINDOW / 2; i--)
        if (doc[i - 1] == ' ') return i;
    while (end > from + 1 && ((unsigned char)doc[end] & 0xC0) == 0x80) end--;
    return end;
}

/* Moves text [cut, len) of the window to its start, and the map with it. */
static void keep_tail(embargo_scanner *s, size_t cut) {
    size_t rest = s->text.len - cut;
    if (rest) memmove(s->text.data, s->text.data + cut, rest); /* an empty buffer may be NULL */
    s->text.len = rest;
    emb_html_seg *seg = (emb_html_seg *)(void *)s->map.data;
    size_t n = s->map.len / sizeof(*seg), w = 0;
    for (size_t i = 0; i < n; i++) {
        emb_html_seg g = seg[i];
        size_t end = g.out_start + g.len;
        if (end <= cut) continue;
        if (g.out_start < cut) { /* straddles the cut */
            size_t drop = cut - g.out_start;
            if (g.src_len == 0) g.in_start += drop;
            g.len -= (uint32_t)drop;
            g.out_start = cut;
        }
        g.out_start -= cut;
        seg[w++] = g;
    }
    s->map.len = w * sizeof(*seg);
}

/* HTML or a decoded document (charset.h): converted window by window; each
 * scan covers the text up to its last line end, and the rest waits for the
 * next window. */
static embargo_status scan_html(scan_ctx *c, const char *doc, size_t len) {
    embargo_scanner *s = c->s;
    emb__charset_begin(&s->cs, s->opts.html);
    s->text.len = 0;
    s->map.len = 0;
    embargo_status st = EMBARGO_OK;
    for (size_t off = 0; off < len && !st && !c->stop;) {
        size_t end = off + WINDOW < len ? off + WINDOW : len;
        st = emb__charset_feed(&s->cs, doc + off, end - off, off, &s->text, &s->map);
        if (!st && end == len) st = emb__charset_finish(&s->cs, &s->text, &s->map);
        off = end;
        if (st) break;
        if (s->text.len < WINDOW && end < len) continue;
        size_t cut = s->text.len;
        if (end < len) {
            while (cut > s->text.len / 2 && s->text.data[cut - 1] != '\n') cut--;
            /* not just after a headline (an <h1> is a line of its own) */
            if (cut > s->text.len / 2)
                cut = before_headline((const char *)s->text.data, 0, s->text.len / 2, cut);
            if (cut <= s->text.len / 2) { /* no line end: a space, else take it all */
                cut = s->text.len;
                while (cut > s->text.len / 2 && s->text.data[cut - 1] != ' ') cut--;
                if (cut <= s->text.len / 2) cut = s->text.len;
            }
        }
        size_t whole = s->text.len;
        s->text.len = cut; /* emb__scan_window reads text.len bytes */
        st = emb__scan_window(c);
        s->text.len = whole;
        keep_tail(s, cut);
    }
    return st;
}

embargo_status embargo_scanner_scan(embargo_scanner *s, const char *doc, size_t len,
                                    embargo_mention_fn fn, void *ctx) {
    if (!s || (!doc && len)) return EMBARGO_EINVAL;
    for (size_t i = 0; i < s->nhits; i++) {
        uint32_t e = s->hits[i].hit.entity.index;
        if (e < s->ix->nentities) s->hit_bits[e >> 3] = 0, s->hit_of[e] = 0;
    }
    memset(s->sur_bloom, 0, sizeof(s->sur_bloom));
    memset(s->other_bloom, 0, sizeof(s->other_bloom));
    if (s->sur_tab) memset(s->sur_tab, 0, s->sur_cap * sizeof(*s->sur_tab));
    s->nsur_tab = 0;
    if (s->head_tab) memset(s->head_tab, 0, s->head_cap * sizeof(*s->head_tab));
    s->nhead_tab = 0;
    s->tick = 0;
    s->nother = 0;
    s->nacronyms = 0;
    s->nhits = 0;
    s->nview = 0;
    /* the previous scan may have run out of memory: this one starts afresh */
    s->text.oom = s->map.oom = s->scratch.oom = s->query.oom = 0;
    scan_ctx c;
    memset(&c, 0, sizeof(c));
    c.s = s;
    c.doc = doc;
    c.len = len;
    c.fn = fn;
    c.ctx = ctx;
    embargo_status st = emb__charset_detect(&s->cs, doc, len, s->opts.html);
    if (st) return st;
    c.cs = emb__charset_decodes(&s->cs) ? &s->cs : NULL;
    c.html = s->opts.html || c.cs;
    s->doc_year = emb__scan_find_year(s->opts.date, doc, len);
    if (c.html) {
        st = scan_html(&c, doc, len);
    } else
    {
        for (size_t off = 0; off < len && !st && !c.stop;) {
            size_t end = window_end(doc, len, off);
            s->text.len = 0;
            /* invalid UTF-8 and NUL bytes become spaces, keeping every offset */
            emb__buf_append(&s->text, doc + off, end - off);
            if (s->text.oom) { st = EMBARGO_ENOMEM; break; }
            for (size_t i = 0; i < s->text.len;) {
                size_t bad = emb__utf8_check((const char *)s->text.data + i, s->text.len - i);
                if (bad + i >= s->text.len) break;
                s->text.data[i + bad] = ' ';
                i += bad + 1;
            }
            for (size_t i = 0; i < s->text.len; i++)
                if (s->text.data[i] == 0) s->text.data[i] = ' ';
            c.base = off;
            st = emb__scan_window(&c);
            off = end;
        }
    }
    if (st) return st;
    /* the public view of the entities found */
    if (EMB_GROW(s->hit_view, s->hit_view_cap, s->nhits)) return EMBARGO_ENOMEM;
    s->nview = 0;
    for (size_t i = 0; i < s->nhits; i++) {
        const hit_rec *h = &s->hits[i];
        if (!h->told.mentions) continue; /* found after the caller stopped */
        embargo_scan_hit *v = &s->hit_view[s->nview++];
        *v = h->hit;
        v->mentions = h->told.mentions;
        v->score = h->told.score;
        v->first_start = h->told.first_start;
        v->evidence = h->evidence;
    }
    /* in order of first mention (a headline's surname, resolved late, may
     * come before the hit's first full name): an insertion sort, stable */
    for (size_t i = 1; i < s->nview; i++) {
        embargo_scan_hit h = s->hit_view[i];
        size_t j = i;
        for (; j > 0 && s->hit_view[j - 1].first_start > h.first_start; j--) s->hit_view[j] = s->hit_view[j - 1];
        s->hit_view[j] = h;
    }
    return EMBARGO_OK;
}

int embargo_looks_like_html(const char *data, size_t len) {
    return data ? emb__html_sniff(data, len) : 0;
}

const char *embargo_scanner_note(const embargo_scanner *s, const char **charset, unsigned *flags) {
    return emb__charset_note(s ? &s->cs : NULL, charset, flags);
}

void embargo_scanner_hits(const embargo_scanner *s, const embargo_scan_hit **hits, size_t *count) {
    *hits = s && s->nview ? s->hit_view : NULL;
    *count = s ? s->nview : 0;
}

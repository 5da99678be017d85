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
 */
#include "embargo.h"
#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/hash.h"
#include "../base/opts.h"
#include "../base/utf8.h"
#include "../index/index_int.h"
#include "../match/matcher.h"
#include "../text/country.h"
#include "../text/freq.h"
#include "../text/lexicon.h"
#include "../text/normalize.h"
#include "../text/romkey.h"
#include "charset.h"
#include "html.h"
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <strings.h>
#include <unicode/uchar.h>

#define WINDOW (64 * 1024)     /* bytes of text per window */
#define MAX_RUN 12             /* words in one name-like run */
#define FOLLOWUP_THRESHOLD 0.7 /* a surname against an entity already named */
#define SINGLE_WORD_SCORE 0.85 /* a one-word organisation or vessel name */
#define EVIDENCE_LOOKS 4       /* full mentions per entity read for evidence */
#define NATIONALITY_BEFORE 40  /* bytes before a name read for the nationality the text
                                  gives the person */
#define NATIONALITY_EXACT 0.95 /* ...which a match below this score must not contradict */
#define SCAN_CANDIDATES 24     /* names scored per span: text names are exact */
#define SURNAME_ALONE_SCORE 0.8 /* a rare surname of one listed person, alone */
#define COMMON_NAME_DF 10      /* Wikidata person names holding a word for it to be a
                                  name many people have (Hussein 19, Castro 10;
                                  Guzman 6, Khamenei 3) */
#define SPELT_NAME_DF 3         /* ...for a word to be a name people have as written
                                  (Kamal 5, Amina 4; Kovalchuk 1) */
#define SURNAME_ALONE_DF 5     /* ...held by fewer Wikidata person names than this
                                  (Lavrov 4; Kim 95, Lopez 46) */
#define SURNAME_ALONE_POSTINGS 64 /* ...and by at most this many listed names */
#define SURNAME_ALONE_PEOPLE 8 /* ...of at most this many people (one of them the
                                  one the others are linked to) */

#define PERSONAL_DF 10         /* Wikidata person names holding a word that people
                                  are called (David 942, Saad 14; Moscow 6, March 3) */
#define PERSONAL_DF_WORD 50    /* the same for an English word (Mark 260; Said 23) */
#define OFFICE_DF 2            /* ...and a word of an office (Council 1; Sung 8) */
#define SUBSPAN_MAX 6          /* words of a span tried in a line of one case */
#define LOWER_GUARD 40         /* lower-case lines are read as such only in a window
                                  with under one capitalised word (not first in its
                                  sentence) in this many words */

#define NEWS_CUE_WORDS 40     /* words either side of a news alias searched for its cue */
#define NEWS_ALIAS_SCORE 0.9  /* a short name journalists use (news_aliases.inc) */
#define NEWS_LISTED_SCORE 0.95 /* ...whose listed name the lists give as written */
#define WEAK_WRITTEN_SCORE 0.9 /* a weak alias written in full (what screening gives it) */
#define COUNTRY_BEFORE_WORDS 200 /* words before an organisation's name read for the
                                    country the text is about */

/* How a news alias must be written: as in the table (FSB, Wagner), or in
 * any case (defense ministry, Defense Ministry). */
enum { NEWS_AS_WRITTEN, NEWS_ANY_CASE };

/* A short name journalists use for a listed organisation (news_aliases.inc). */
typedef struct news_alias {
    const char *text;     /* as a text writes it, words separated by one space */
    int how;              /* NEWS_AS_WRITTEN, NEWS_ANY_CASE */
    const char *listed;   /* the name the lists give it */
    const char *owner;    /* one of these words right before it, or "" */
    const char *cue;      /* one of these words near it, or "" */
} news_alias;

static const news_alias NEWS_ALIASES[] = {
#define NEWS_ALIAS(text, how, listed, owner, cue) {text, how, listed, owner, cue},
#include "news_aliases.inc"
#undef NEWS_ALIAS
};
#define NEWS_ALIAS_COUNT (sizeof(NEWS_ALIASES) / sizeof(NEWS_ALIASES[0]))

/* How a word is written. */
enum { SHAPE_NONE, SHAPE_LOWER, SHAPE_TITLE, SHAPE_UPPER, SHAPE_LETTER };

/* The one mark that breaks a name (word.brkc): an editorial bracket
 * ("(Defence Minister Sergei) Shoigu") or a quote around a nickname. */
enum { BRK_NONE, BRK_OPEN, BRK_CLOSE, BRK_QUOTE };

/* How a line is written: with capitals for names, or all in one case. */
enum { CASE_MIXED, CASE_UPPER, CASE_LOWER };

typedef struct word {
    size_t s, e;          /* byte offsets in the window text */
    uint32_t line;        /* line of the window it is on */
    uint8_t cap;          /* starts with a capital, or uncased script */
    uint8_t shape;        /* SHAPE_*: its letters' case (LETTER: one capital) */
    uint8_t initial;      /* a single letter followed by '.' */
    uint8_t dotted;       /* a single lower-case letter followed by '.' */
    uint8_t particle, title, stop;
    uint8_t legal;        /* a company legal form or its word (Corporation, LLC);
                             looked up only inside a run: 0 not yet, 1 no, 2 yes */
    uint8_t known;        /* its romanisation key is in the index */
    uint8_t brk;          /* a break (punctuation, blank line) precedes it */
    uint8_t soft;         /* ...and that break is only the full stop after a
                             lower-case single letter (vladimir v. putin) */
    uint8_t brkc;         /* ...and that break is one bracket or quote mark:
                             BRK_OPEN, BRK_CLOSE, BRK_QUOTE; 0 otherwise */
    uint8_t skip;         /* inside a name but no part of it: a nickname in
                             quotes (Joaquin "El Chapo" Guzman) */
    uint8_t joined;       /* hyphenated or underscored with the previous word */
    uint8_t sentence;     /* first word of a sentence */
    uint8_t oc;           /* CASE_* of its line */
    uint8_t function;     /* an English function word (to, from, with) */
    uint8_t anchor;       /* known, and no English word: can carry a name */
    uint8_t personal;     /* a word people are called: no span leaves it out */
    uint8_t plain;        /* an English word and no name: no span starts with it */
    uint8_t said;         /* inside a mention reported */
    uint8_t head;         /* on a line in title case (a headline) */
    uint8_t hword;        /* ...and an English word, no name (Moves, Frees) */
    uint8_t hfunc;        /* ...a function word (As, To): no part starts with it */
} word;

/* What screening one span found, kept for spans that come again. */
typedef struct span_match {
    embargo_entity entity;
    uint32_t name_index;
    const char *matched_name;
    size_t matched_name_len;
    double score;
    uint8_t same_word;    /* a word paired as itself or its romanisation */
    uint8_t missing;      /* a long organisation name matched by the overlap of
                             some of its words (org_words_missing), or one
                             without the nationality that tells it from
                             others (org_nationality_missing) */
    uint8_t word_left;    /* a person's match leaves out a given name or surname
                             of the listed name (no honorific, patronymic...) */
    uint8_t edited;       /* a query word paired with a listed one by edit
                             distance alone (Jong ~ KYONG) */
    uint8_t letter_left;  /* an organisation's match leaves out a letter of its
                             listed name (B of B-CRYPTO, matched as Crypto) */
    uint8_t sounded;      /* a query word paired with a listed person's surname
                             by its sound alone (Kamal ~ KAMEL) */
    uint8_t other_given;  /* a person's name less the first given name or half
                             of one (given_left_out): someone else's */
    uint8_t first_sur_left; /* a person's name with a later word of the listed
                             surname but not its first (first_surname_left_out),
                             scoring below NATIONALITY_EXACT */
    uint8_t turned;       /* a person's listed surname written first and a given
                             name last only by its sound (surname_first_by_sound) */
    uint8_t org_left;     /* an organisation's match leaves out a word of its
                             listed name other than a legal form, a function
                             word or a country (TRADING of EAST ASIA TRADING) */
    const char *left_country; /* the countries (emb__country_codes) of an
                             organisation's listed country word the match
                             left out (CENTRAL BANK OF IRAN as Central Bank) */
    const char *nat_left; /* ...of the nationality opening its listed name,
                             when `missing` is for that alone (IRANIAN
                             MINISTRY OF INTELLIGENCE AND SECURITY) */
} span_match;

#define SPAN_MATCHES 10
#define CACHE_SETS 16384  /* sets of CACHE_WAYS slots, by hash of the span text */
#define CACHE_WAYS 2      /* ...the one found least recently goes */
#define CACHE_TEXT 64     /* longer spans (rare: a name is shorter) are not cached */
#define CACHE_POOL 16384  /* span matches kept, in a ring (most spans find none) */

/* A span screened earlier: its text and threshold, and where its matches
 * are in the ring of matches (scanner.pool). Two spans can share a hash;
 * the text tells them apart. A long text holds many more distinct names
 * than a few thousand (20 MB of news: 23,000 spans screened 160,000 times),
 * so slots are small and two-way: a direct-mapped cache of 4,096 slots
 * with the matches inside screened each span twice on average. */
typedef struct cache_slot {
    uint64_t hash;        /* 0: empty */
    uint64_t pos;         /* its matches, at this position of the ring on, are
                             still there while pool_head - pos <= pool_cap */
    double threshold;
    uint32_t used;        /* scanner.cache_clock when last found */
    uint8_t len;
    uint8_t n;
    char text[CACHE_TEXT];
} cache_slot;

#define WORD_SLOTS 16384 /* direct-mapped, by hash of the word */
#define WORD_TEXT 30    /* longer words (rare) are keyed each time */
#define WORD_KEY 32

/* The head of a slot of a direct-mapped cache keyed by a word's text (the
 * word cache, the place cache): text_slot_of finds it. */
typedef struct text_slot {
    uint64_t hash;        /* 0: empty */
    uint8_t len;
    char text[WORD_TEXT];
} text_slot;

/* A word keyed earlier: its text, its romanisation key (word_key's result)
 * and whether the index holds that key. Capitalised words recur in a text
 * (places, names, The), and keying one costs thousands of instructions. */
typedef struct word_slot {
    text_slot head;       /* the word as written */
    uint8_t klen;
    uint8_t other;        /* word_key's *other */
    int8_t known;         /* -1: not yet looked up */
    char key[WORD_KEY];
} word_slot;

#define FLAG_SLOTS 1024 /* direct-mapped: lexicon flags of words of 12 bytes or less */

/* A word's lexicon flags (titles, particles, connecting words), kept:
 * every short word of a text asks, and most are the same few (the, and). */
typedef struct flag_slot {
    uint8_t len;          /* 0: empty */
    char text[12];
    unsigned flags;
} flag_slot;

#define STAT_SLOTS 4096 /* direct-mapped: name statistics of words of 23 bytes or less */

/* A word's name statistics (emb__name_stats), kept: the office and
 * surname tests ask them of every capitalised word of a run, and each
 * answer is a binary search of a table of 100,000 words. */
typedef struct stat_slot {
    uint8_t len;          /* 0: empty */
    char text[23];
    emb_name_stat st;
} stat_slot;

#define SUR_BLOOM 1024  /* bits of the filter of surname keys */

#define OTHER_LAST 32      /* surnames of names in full that no list names, kept
                              with when they were written, per document */

#define ACRONYMS 8          /* acronyms a document gives in brackets, kept */
#define ACRONYM_MAX 8       /* ...of at most this many letters */

#define PENDING 32          /* lone surnames per window waiting for a full name
                              later in it (a headline: Putin Moves Patrushev...) */

/* A mention found, held until the window is done: mentions are found out
 * of text order (described names, news aliases, surnames resolved against
 * a later full name), and are reported in text order. */
typedef struct found_rec {
    embargo_mention m;
    uint32_t seq;         /* order found: ties keep it */
    uint32_t hit;         /* its entity's place in hits */
} found_rec;

#define HIT_SURNAMES 6      /* distinct surname keys kept per person found */
#define HIT_SURNAME_CAP 32

typedef struct hit_rec {
    embargo_scan_hit hit;
    int full;             /* named in full at least once */
    unsigned looked;      /* full mentions whose context was read for evidence */
    char evidence[256];
    uint8_t nsur;         /* surname keys of the person, for later mentions; */
    uint8_t sur_ready;    /* ...worked out when first asked */
    uint8_t in_bloom;     /* ...and put in the scanner's surname filter and table
                             (an organisation: its names' last words in the
                             head table) */
    uint8_t lone;         /* reported by its surname alone (surname_alone) */
    uint32_t full_tick;   /* when it was last named in full (scanner.tick) */
    uint32_t first_tick;  /* ...and first (0: not yet) */
    embargo_scan_hit told; /* mentions, best score and first offset of those
                             given to the caller: all of them, unless the
                             caller asked to stop within a window */
    uint8_t sur_len[HIT_SURNAMES];
    char sur[HIT_SURNAMES][HIT_SURNAME_CAP];
} hit_rec;

struct embargo_scanner {
    const embargo_index *ix;
    embargo_matcher *m;
    emb_normalizer *nz;
    embargo_scan_options opts;
    emb_buf text, map, scratch, query;
    word *words;
    size_t nwords, words_cap;
    hit_rec *hits;
    size_t nhits, hits_cap;
    embargo_scan_hit *hit_view; /* the public copy of hits: those told */
    size_t hit_view_cap, nview;
    int doc_year;
    cache_slot *cache;    /* CACHE_SETS * CACHE_WAYS entries, per scanner */
    uint64_t cache_mask;  /* span hashes are ANDed with it: ~0 (tests: 0) */
    uint32_t cache_clock; /* counts the lookups that found a slot */
    span_match *pool;     /* the matches of spans screened, a ring of CACHE_POOL */
    uint64_t pool_head;   /* ...where the next go (grows; taken modulo pool_cap) */
    uint32_t pool_cap;    /* ...entries used: CACHE_POOL (tests: fewer, to wrap) */
    word_slot *wcache;    /* WORD_SLOTS entries: words keyed (same mask) */
    flag_slot *fcache;    /* FLAG_SLOTS entries: lexicon flags of short words */
    stat_slot *scache;    /* STAT_SLOTS entries: name statistics of words */
    uint8_t *hit_bits;    /* a bit per index entity: it has a hit in this document */
    uint32_t *hit_of;     /* per index entity: 1 + its place in hits, or 0 */
    uint64_t sur_bloom[SUR_BLOOM / 64]; /* surname keys of persons named in full */
    struct sur_ent { uint32_t hash, hit; } *sur_tab; /* ...the same keys, exactly: the
                             hits (index in hits) of each key's hash, open
                             addressing; the filter fills up in a long document
                             and followup_by_key would walk every hit */
    uint32_t sur_cap, nsur_tab; /* its slots (a power of two, or 0) and entries */
    struct sur_ent *head_tab; /* the last words of the names of organisations named in
                             full, by the hash of the word in lower case: hit
                             number << 8 | name number (org_head_after) */
    uint32_t head_cap, nhead_tab;
    uint64_t other_bloom[SUR_BLOOM / 64]; /* ...and of names in full that no list
                                             names (Daniil Medvedev, Sergei Guriev) */
    uint32_t tick;        /* counts the full names of the document, in order */
    uint32_t nother;      /* names in full that no list names: their surname
                             keys' hashes and when they were last written
                             (the latest full name of a surname is whom a
                             later "Mr. Miller" means) */
    struct { uint32_t hash, tick, first; char gender; char given[14]; } other_last[OTHER_LAST]; /* gender:
                             'm' or 'f' when a lone surname with Mr. or Ms.
                             was taken as theirs since, or their given name
                             says it (given_gender), or 0; given: that
                             given name in lower-case ASCII, or "" */
    uint32_t npending;    /* lone surnames of this window that named nobody yet
                             (surname_later): word, and the tick when read */
    struct { uint32_t word, tick; } pending[PENDING];
    uint64_t pend_bloom[SUR_BLOOM / 64]; /* ...their keys */
    found_rec *found;     /* the mentions of this window, in the order found */
    size_t nfound, found_cap;
    uint32_t nacronyms;   /* acronyms the document gives organisations in
                             brackets after their names (MOIS) */
    struct { char text[ACRONYM_MAX]; uint8_t len; span_match m; } acronyms[ACRONYMS];
    uint64_t alias_lens[32]; /* [c & 31] bit n: a news alias's first word begins
                                with c and has n bytes */
    uint8_t alias_len[NEWS_ALIAS_COUNT];  /* each alias's first word: its bytes */
    char alias_c[NEWS_ALIAS_COUNT];       /* ...and its first letter, lower case */
    emb_charset cs;       /* the document's charset, and its decoder */
};

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

/* ---- words ------------------------------------------------------------------ */

static int is_letter_cp(unsigned cp) { return cp < 0x80 ? 0 : u_isalnum((UChar32)cp) != 0; }

/* Invisible characters (zero-width space and joiners, soft hyphen, word
 * joiner, BOM...): inside a word they do not split it. */
static int is_hidden_cp(unsigned cp) {
    return cp >= 0x80 && u_hasBinaryProperty((UChar32)cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

static int is_word_cp(unsigned c) {
    return (c < 0x80 && ((c | 32) - 'a' < 26 || c - '0' < 10)) || is_letter_cp(c) ||
           (c >= 0x300 && c < 0x370);
}

#define KEY_CAP EMB_ROMKEY_CAP(64)

/* The romanisation key of a word into key (KEY_CAP bytes): its length; 0
 * if it has none (no letters, too long, not romanisable: *other is set
 * then, the matcher must judge); (size_t)-1 when out of memory. */
static size_t word_key(embargo_scanner *s, const char *w, size_t n, char *key, int *other) {
    char low[64];
    const char *src = w;
    size_t len = n;
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] >= 0x80) ascii = 0;
    *other = 0;
    if (!ascii) {
        s->scratch.len = 0;
        embargo_status st = emb__normalize(s->nz, w, n, &s->scratch);
        if (st == EMBARGO_ENOMEM) return (size_t)-1;
        if (st) return 0;
        src = (const char *)s->scratch.data;
        len = s->scratch.len;
    }
    size_t k = 0;
    for (size_t i = 0; i < len && k < sizeof(low); i++) {
        char c = src[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) low[k++] = c;
        else if ((unsigned char)c >= 0x80) { *other = 1; return 0; }
    }
    if (k == 0 || k >= sizeof(low)) return 0;
    /* keyed as the index keys it (text/name.c): a Slavic given name or
     * patronymic as the form it stands for (Alexander as Aleksandr) */
    char pat[64];
    size_t pl;
    const char *given = emb__lexicon_given(low, k);
    if (given) return emb__romkey(given, strlen(given), key);
    if (k >= 7 && (pl = emb__lexicon_patronymic(low, k, pat, sizeof(pat))) > 0 && pl < sizeof(pat))
        return emb__romkey(pat, pl, key);
    return emb__romkey(low, k, key);
}

/* The slot for word w[0, n) (n <= WORD_TEXT) among `count` slots of
 * `size` bytes (a text_slot first), count a power of two, by its hash ANDed
 * with `mask` (tests: 0, one slot for all); *held: it holds that word. The
 * slot is claimed for the word: the caller fills the rest when !*held.
 * `fold`: the word in any ASCII case is the same word. */
static text_slot *text_slot_of(void *slots, size_t size, size_t count, uint64_t mask, const char *w,
                               size_t n, int fold, int *held) {
    char low[WORD_TEXT];
    const char *k = w;
    if (fold) {
        for (size_t i = 0; i < n; i++) low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
        k = low;
    }
    uint64_t hash = (emb__hash_seed(k, n, 0) & mask) | 1;
    /* (the slot from the bits above the lowest, which is always set) */
    text_slot *slot = (text_slot *)((char *)slots + ((hash >> 1) & (count - 1)) * size);
    *held = slot->hash == hash && slot->len == n && memcmp(slot->text, k, n) == 0;
    if (!*held) {
        slot->hash = hash;
        slot->len = (uint8_t)n;
        memcpy(slot->text, k, n);
    }
    return slot;
}

/* word_key through the scanner's word cache: the slot of this word, filled
 * (with known = -1 when new), or NULL when the word or its key is too long
 * to keep; then word_key's result is in key, kl, *other. *kl is (size_t)-1
 * when out of memory. */
static word_slot *word_key_cached(embargo_scanner *s, const char *w, size_t n, char *key,
                                  size_t *kl, int *other) {
    if (n > WORD_TEXT) {
        *kl = word_key(s, w, n, key, other);
        return NULL;
    }
    int held;
    word_slot *slot = (word_slot *)text_slot_of(s->wcache, sizeof(*s->wcache), WORD_SLOTS, s->cache_mask,
                                                w, n, 0, &held);
    if (held) return slot;
    *kl = word_key(s, w, n, key, other);
    if (*kl == (size_t)-1 || *kl > WORD_KEY) {
        slot->head.hash = 0; /* not kept */
        return NULL;
    }
    slot->klen = (uint8_t)*kl;
    memcpy(slot->key, key, *kl);
    slot->other = (uint8_t)*other;
    slot->known = -1;
    return slot;
}

/* The romanisation key of a word (as word_key), recalled from the word
 * cache when the word came before. */
static size_t word_key_of(embargo_scanner *s, const char *w, size_t n, char *key, int *other) {
    size_t kl;
    word_slot *slot = word_key_cached(s, w, n, key, &kl, other);
    if (!slot) return kl;
    *other = slot->other;
    memcpy(key, slot->key, slot->klen);
    return slot->klen;
}

/* Whether the romanisation key of a word is one the index holds: 1 or 0;
 * -1 when out of memory. */
static int known_word(embargo_scanner *s, const char *w, size_t n) {
    char key[KEY_CAP];
    int other;
    size_t kl;
    word_slot *slot = word_key_cached(s, w, n, key, &kl, &other);
    if (slot && slot->known >= 0) return slot->known;
    if (slot) {
        kl = slot->klen;
        other = slot->other;
        memcpy(key, slot->key, kl);
    }
    if (kl == (size_t)-1) return -1;
    int known;
    if (other) known = 1; /* unromanisable: let the matcher judge */
    else if (kl == 0) known = 0;
    else {
        const embargo_index *ix = s->ix;
        known = emb__index_term(ix, ix->keyhash, ix->keyhash_cap, ix->keys, key, kl) >= 0;
    }
    if (slot) slot->known = (int8_t)known;
    return known;
}

/* emb__lexicon_flags of a word of at most 12 bytes (low, as lower_ascii
 * gives it), through the scanner's flag cache. */
static unsigned word_flags(embargo_scanner *s, const char *low, size_t ll) {
    uint32_t h = 2166136261u; /* FNV-1a: the words are short */
    for (size_t i = 0; i < ll; i++) h = (h ^ (unsigned char)low[i]) * 16777619u;
    flag_slot *slot = &s->fcache[(h ^ (h >> 16)) & (FLAG_SLOTS - 1) & (uint32_t)s->cache_mask];
    if (slot->len == ll && memcmp(slot->text, low, ll) == 0) return slot->flags;
    unsigned f = emb__lexicon_flags(low, ll, NULL);
    if (ll <= sizeof(slot->text)) {
        slot->len = (uint8_t)ll;
        memcpy(slot->text, low, ll);
        slot->flags = f;
    }
    return f;
}

/* emb__name_stats of a lower-case word (low, as lower_ascii gives it),
 * through the scanner's statistics cache. */
static void name_stats(const embargo_scanner *s, const char *low, size_t ll, emb_name_stat *out) {
    if (ll == 0 || ll > sizeof(s->scache->text)) {
        emb__name_stats(low, ll, out);
        return;
    }
    uint32_t h = 2166136261u; /* FNV-1a, as word_flags */
    for (size_t i = 0; i < ll; i++) h = (h ^ (unsigned char)low[i]) * 16777619u;
    stat_slot *slot = &s->scache[(h ^ (h >> 16)) & (STAT_SLOTS - 1) & (uint32_t)s->cache_mask];
    if (slot->len != ll || memcmp(slot->text, low, ll) != 0) {
        emb__name_stats(low, ll, &slot->st);
        slot->len = (uint8_t)ll;
        memcpy(slot->text, low, ll);
    }
    *out = slot->st;
}

static int push_word(embargo_scanner *s, const word *w) {
    if (EMB_GROW(s->words, s->words_cap, s->nwords + 1)) return -1;
    s->words[s->nwords++] = *w;
    return 0;
}

/* The word t[0, n) lower-cased into low (capacity cap): its length, or 0
 * if it does not fit or is not ASCII. */
static size_t lower_ascii(const char *t, size_t n, char *low, size_t cap) {
    if (n >= cap) return 0;
    for (size_t k = 0; k < n; k++) {
        char c = t[k];
        if ((unsigned char)c >= 0x80) return 0;
        low[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return n;
}

/* English function words: in a line of one case they are what separates
 * names, as lower case does in ordinary text. Sorted for bsearch. */
static const char *const FUNCTION_WORDS[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "among", "an",
    "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "either", "every", "few", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "might", "more",
    "most", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "onto", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
    "per", "same", "shall", "she", "should", "since", "so", "some", "such", "than", "that",
    "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
    "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
    "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
    "yours", "yourself",
};

static int cmp_word(const void *key, const void *elem) {
    return strcmp((const char *)key, *(const char *const *)elem);
}

static int function_word(const char *low, size_t n) {
    char z[16];
    if (n == 0 || n >= sizeof(z)) return 0;
    memcpy(z, low, n);
    z[n] = '\0';
    return bsearch(z, FUNCTION_WORDS, sizeof(FUNCTION_WORDS) / sizeof(FUNCTION_WORDS[0]),
                   sizeof(FUNCTION_WORDS[0]), cmp_word) != NULL;
}

/* Splits the window text into words, noting what makes a name. */
static embargo_status split_words(embargo_scanner *s) {
    const char *t = (const char *)s->text.data;
    size_t n = s->text.len, i = 0;
    int brk = 1, newlines = 0, joined = 0, sentence = 1, soft = 0;
    unsigned marks = 0, mark = 0; /* punctuation marks since the last word, the last */
    uint32_t line = 0;
    s->nwords = 0;
    while (i < n) {
        size_t adv = 1;
        unsigned cp = (unsigned char)t[i];
        if (cp >= 0x80) cp = emb__utf8_decode(t + i, n - i, &adv);
        int letter = (cp < 0x80 && ((cp | 32) - 'a' < 26 || cp - '0' < 10)) || is_letter_cp(cp);
        if (!letter) {
            if (cp == '.' || cp == '!' || cp == '?') sentence = 1;
            if (cp == '\n') {
                line++;
                /* a blank line ends a name; in HTML any line end does: block
                 * tags end in one (<td>John</td><td>Smith</td>) */
                if (++newlines >= 2 || s->opts.html) brk = sentence = 1, soft = 0, marks += 2;
            } else if (cp == '-' && i + 1 < n && t[i + 1] == '\n' && s->nwords) {
                joined = 1; /* hyphenation at a line end */
            } else if ((cp == '-' || cp == '_') && s->nwords && s->words[s->nwords - 1].e == i) {
                joined = 1; /* al-Assad, Abd_al_Rahman */
            } else if (cp != ' ' && cp != '\t' && cp != '\r' && cp != 0xA0 && !is_hidden_cp(cp)) {
                /* a full stop after an initial or a title abbreviation does not
                 * end a name; other punctuation does */
                int keep = 0, dot = 0;
                if (cp == '.' && s->nwords && s->words[s->nwords - 1].e == i) {
                    word *p = &s->words[s->nwords - 1];
                    if (p->e - p->s == 1 && p->cap) { p->initial = 1; keep = 1; }
                    else if (p->title) keep = 1;
                    else if (p->e - p->s == 1 && p->shape == SHAPE_LOWER) p->dotted = 1, dot = 1;
                    if (keep) sentence = 0;
                }
                if (!keep) {
                    soft = !brk && dot;
                    brk = 1;
                    marks++;
                    mark = cp;
                }
            }
            i += adv;
            continue;
        }
        word w;
        memset(&w, 0, sizeof(w));
        w.s = i;
        w.line = line;
        if (cp < 0x80) w.cap = cp >= 'A' && cp <= 'Z';
        else w.cap = u_isupper((UChar32)cp) || u_istitle((UChar32)cp) ||
                     (!u_islower((UChar32)cp) && u_isalpha((UChar32)cp));
        size_t upper = 0, lower = 0;
        int first = -1; /* whether the first cased letter is a capital; -1 none yet */
        while (i < n) {
            unsigned c = (unsigned char)t[i];
            size_t a = 1;
            if (c < 0x80) {
                if (c - 'a' < 26) {
                    if (first < 0) first = 0;
                    lower++;
                    i++;
                    continue;
                }
                if (c - 'A' < 26) {
                    if (first < 0) first = 1;
                    upper++;
                    i++;
                    continue;
                }
                if (c - '0' < 10) { i++; continue; }
            } else {
                c = emb__utf8_decode(t + i, n - i, &a);
                if (is_word_cp(c)) {
                    int up = u_isupper((UChar32)c) || u_istitle((UChar32)c), lo = u_islower((UChar32)c);
                    if (first < 0 && (up || lo)) first = up;
                    upper += (size_t)up;
                    lower += (size_t)lo;
                    i += a;
                    continue;
                }
            }
            /* invisible characters between letters: Kosa<U+200B>chyov is one word */
            if (is_hidden_cp(c)) {
                size_t j = i + a;
                unsigned d = 0;
                while (j < n) {
                    size_t b = 1;
                    d = (unsigned char)t[j];
                    if (d >= 0x80) d = emb__utf8_decode(t + j, n - j, &b);
                    if (!is_hidden_cp(d)) break;
                    j += b;
                }
                if (j < n && is_word_cp(d)) { i = j; continue; }
                break;
            }
            /* an apostrophe inside a word (O'Neill), not a possessive 's */
            if (c == '\'' || c == 0x2019) {
                size_t j = i + a;
                int more = j < n && ((unsigned char)t[j] >= 0x80 || ((t[j] | 32) >= 'a' && (t[j] | 32) <= 'z'));
                int poss = j < n && (t[j] == 's' || t[j] == 'S') &&
                           (j + 1 >= n || !(((t[j + 1] | 32) >= 'a' && (t[j + 1] | 32) <= 'z')));
                if (more && !poss) { i = j; continue; }
            }
            break;
        }
        w.e = i;
        w.brk = (uint8_t)brk;
        w.soft = (uint8_t)(brk && soft);
        if (brk && marks == 1) {
            if (mark == '(' || mark == '[') w.brkc = BRK_OPEN;
            else if (mark == ')' || mark == ']') w.brkc = BRK_CLOSE;
            else if (mark == '"' || mark == 0x201C || mark == 0x201D || mark == 0x201E || mark == 0xAB ||
                     mark == 0xBB)
                w.brkc = BRK_QUOTE;
        }
        w.joined = (uint8_t)joined;
        w.sentence = (uint8_t)sentence;
        size_t len = w.e - w.s;
        w.shape = first < 0 ? SHAPE_NONE : !first ? SHAPE_LOWER : lower ? SHAPE_TITLE
                : upper >= 2 ? SHAPE_UPPER : SHAPE_LETTER;
        /* titles are capitalised; particles and connecting words short */
        if (len <= 12 && (w.cap || len <= 5)) {
            char low[16];
            size_t ll = lower_ascii(t + w.s, len, low, sizeof(low));
            if (!ll) { /* not ASCII: as it is (lexicon words are ASCII) */
                memcpy(low, t + w.s, len);
                ll = len;
            }
            unsigned f = word_flags(s, low, ll);
            w.particle = (f & EMB_LEX_PARTICLE) != 0;
            w.title = (f & EMB_LEX_TITLE) != 0;
            w.stop = (f & EMB_LEX_STOP) != 0;
        }
        if (push_word(s, &w)) return EMBARGO_ENOMEM;
        brk = 0;
        newlines = 0;
        marks = 0;
        joined = 0;
        sentence = 0;
        soft = 0;
    }
    return EMBARGO_OK;
}

/* Decides how each line of the window is written. A line of capitals
 * (PAYMENT TO OLEG DERIPASKA) or of lower case (sent 500 to vladimir
 * putin) says nothing by its capitals: there, names are runs of words the
 * index knows. Lower case counts only in a window that does not otherwise
 * capitalise its names: ordinary text has lines without a name. */
static void mark_cases(embargo_scanner *s) {
    size_t titled = 0;
    for (size_t k = 0; k < s->nwords; k++)
        if (s->words[k].shape == SHAPE_TITLE && !s->words[k].sentence) titled++;
    int lower_ok = titled * LOWER_GUARD < s->nwords;
    for (size_t p = 0; p < s->nwords;) {
        size_t q = p, upper = 0, title = 0, lower = 0;
        for (; q < s->nwords && s->words[q].line == s->words[p].line; q++) {
            const word *w = &s->words[q];
            if (w->shape == SHAPE_UPPER) upper++;
            else if (w->shape == SHAPE_TITLE && !w->sentence) title++;
            else if (w->shape == SHAPE_LOWER) lower++;
        }
        uint8_t oc = CASE_MIXED;
        if (upper && upper >= 3 * (title + lower)) oc = CASE_UPPER;
        else if (lower_ok && lower && !title && upper <= lower) oc = CASE_LOWER;
        for (size_t k = p; k < q; k++) s->words[k].oc = oc;
        p = q;
    }
}


/* Whether a known word of a line of one case can carry a name: not a
 * particle, an English word or a country (RUSSIAN STATE is no name). */
static int anchor_word(const word *w, const char *low, size_t ll) {
    if (w->particle) return 0;
    if (!ll) return 1; /* not ASCII: no English word */
    emb_name_stat st;
    emb__name_stats(low, ll, &st);
    if (st.word) return 0;
    /* a company legal form or a generic organisation word (JSC, LTD, BANK) */
    uint16_t cls;
    const char *form;
    emb_strref ref = {low, ll};
    if (emb__lexicon_legal(&ref, 1, &cls, &form) || (emb__lexicon_flags(low, ll, NULL) & EMB_LEX_ORGWORD))
        return 0;
    return ll < 4 || !emb__country_codes(low, ll); /* codes (TO, RUS) are no countries here */
}

/* Whether a word of a line of one case is one people are called (DAVID,
 * RODRIGUEZ, by the Wikidata person-name counts; of English words only the
 * names common as such, MARK and JOHN but not SAID), or not ASCII and so
 * perhaps: a span that leaves such a word out next to it would cut a name
 * written in full (MIGUEL ANGEL of MIGUEL ANGEL RODRIGUEZ). */
static int personal_word(const char *low, size_t ll) {
    if (!ll) return 1;
    emb_name_stat st;
    emb__name_stats(low, ll, &st);
    return st.person_df >= (st.word ? PERSONAL_DF_WORD : PERSONAL_DF);
}

/* Whether a word of a line of one case is an ordinary English word and not
 * one people are called (PAYMENT, PROGRESS, NEW): a span does not start
 * with it. */
static int plain_word(const char *low, size_t ll) {
    if (!ll) return 0;
    emb_name_stat st;
    emb__name_stats(low, ll, &st);
    return st.word && st.person_df < PERSONAL_DF_WORD;
}

#define HEADLINE_WORDS 4 /* words of a line in title case for it to be a headline */

/* Marks the lines written in title case: every word of four letters or
 * more capitalised, the short ones (of, in, to) may not be. In a headline
 * ("Putin Moves Patrushev Out Of Security Council") capitals mark every
 * word, and the words that are no part of a name (hword) stand between
 * names as lower-case words do in prose: function words, English words,
 * and words the index does not know that people are not called (Moves,
 * Brings; not Virginie of Virginie Silla). After mark_known. */
static void mark_headlines(embargo_scanner *s) {
    const char *t = (const char *)s->text.data;
    for (size_t p = 0; p < s->nwords;) {
        size_t q = p;
        int title = 1;
        for (; q < s->nwords && s->words[q].line == s->words[p].line; q++) {
            const word *w = &s->words[q];
            if (w->oc != CASE_MIXED || (w->shape == SHAPE_LOWER && w->e - w->s > 3)) title = 0;
        }
        if (title && q - p >= HEADLINE_WORDS)
            for (size_t k = p; k < q; k++) {
                word *w = &s->words[k];
                w->head = 1;
                char low[48];
                size_t ll = lower_ascii(t + w->s, w->e - w->s, low, sizeof(low));
                if (!w->cap || w->title || !ll) continue;
                emb_name_stat st;
                name_stats(s, low, ll, &st);
                w->hfunc = (uint8_t)function_word(low, ll);
                w->hword = (uint8_t)(w->hfunc || (st.word && st.person_df < PERSONAL_DF_WORD) ||
                                     (!w->known && st.person_df < PERSONAL_DF));
            }
        p = q;
    }
}

/* Looks each word up in the index: in ordinary lines the capitalised ones;
 * in lines of one case every word but function words (and then notes which
 * known words are no English words: a run of names needs one). A word
 * written in halves (Kosa-chyov, Kosa_chyov) is known if its halves
 * written together are. */
static embargo_status mark_known(embargo_scanner *s) {
    const char *t = (const char *)s->text.data;
    for (size_t k = 0; k < s->nwords; k++) {
        word *w = &s->words[k];
        size_t len = w->e - w->s;
        int look = w->cap && !w->title && !w->stop;
        char low[48];
        size_t ll = 0;
        if (w->oc != CASE_MIXED) {
            ll = lower_ascii(t + w->s, len, low, sizeof(low));
            if (ll && ll <= 12) {
                unsigned f = word_flags(s, low, ll);
                w->particle = (f & EMB_LEX_PARTICLE) != 0;
                w->title = (f & EMB_LEX_TITLE) != 0;
                w->stop = (f & EMB_LEX_STOP) != 0;
            }
            /* a single letter is an initial (V PUTIN, v. putin), but for
             * the s of a possessive (TRUMP'S) */
            int apos = w->s > 0 && (t[w->s - 1] == '\'' ||
                                    (w->s >= 3 && !memcmp(t + w->s - 3, "\xe2\x80\x99", 3)));
            if (ll == 1 && (w->shape == SHAPE_LETTER || w->shape == SHAPE_LOWER)) {
                /* A and I are words unless written as initials (A.) */
                if (apos || (!w->initial && !w->dotted && (low[0] == 'a' || low[0] == 'i')))
                    w->function = 1;
                else
                    w->initial = 1;
            }
            if (!w->initial && ll && function_word(low, ll)) w->function = 1;
            int digits = 1;
            for (size_t i = w->s; i < w->e && digits; i++)
                if (t[i] < '0' || t[i] > '9') digits = 0;
            look = !w->title && !w->stop && !w->function && !digits && !w->initial;
        }
        if (look) {
            int known = known_word(s, t + w->s, len);
            if (known < 0) return EMBARGO_ENOMEM;
            w->known = (uint8_t)known;
            if (known && w->oc != CASE_MIXED) {
                w->anchor = (uint8_t)anchor_word(w, low, ll);
                w->personal = (uint8_t)personal_word(low, ll);
                w->plain = (uint8_t)plain_word(low, ll);
            }
        }
    }
    /* words written in halves */
    for (size_t k = 0; k + 1 < s->nwords; k++) {
        if (s->words[k + 1].joined == 0) continue;
        size_t e = k + 1;
        int all = s->words[k].known;
        while (e < s->nwords && s->words[e].joined) all &= s->words[e++].known;
        word *first = &s->words[k];
        if (!all && (first->cap || first->oc != CASE_MIXED) && !first->title &&
            s->words[e - 1].e - first->s < 64) {
            int known = known_word(s, t + first->s, s->words[e - 1].e - first->s);
            if (known < 0) return EMBARGO_ENOMEM;
            if (known) {
                /* in a line of one case, an anchor unless the whole is English */
                char low[64];
                size_t ll = 0;
                for (size_t i = first->s; i < s->words[e - 1].e && ll < sizeof(low); i++)
                    if (t[i] != '-' && t[i] != '_' && t[i] != '\n' && t[i] != '\r') low[ll++] = t[i];
                size_t n = lower_ascii(low, ll, low, sizeof(low));
                int anchor = anchor_word(first, low, n), personal = personal_word(low, n);
                for (size_t i = k; i < e; i++) {
                    s->words[i].known = 1;
                    if (s->words[i].oc == CASE_MIXED) continue;
                    s->words[i].anchor = (uint8_t)anchor;
                    s->words[i].personal = (uint8_t)personal;
                }
            }
        }
        k = e - 1;
    }
    return EMBARGO_OK;
}

/* ---- entities found --------------------------------------------------------------- */

/* The hit of this entity, or of another list's entry of the same person
 * (embargo_index_group): a person the text names is reported once. */
static int has_hit_bit(const embargo_scanner *s, uint32_t e) {
    return (s->hit_bits[e >> 3] >> (e & 7)) & 1;
}

/* Whether the entity or a member of its group has a hit: most entities
 * screened have none, and then find_hit need not walk the hits. */
static int group_has_hit(const embargo_scanner *s, uint32_t e) {
    if (e >= s->ix->nentities) return 1; /* let find_hit judge */
    if (has_hit_bit(s, e)) return 1;
    const emb_ix_group *g = s->ix->groups;
    uint32_t j = g[e].next;
    for (uint32_t k = 0; k < EMB_GROUP_MAX && j != e && j < s->ix->nentities; k++, j = g[j].next)
        if (has_hit_bit(s, j)) return 1;
    return 0;
}

static hit_rec *find_hit(embargo_scanner *s, uint32_t entity) {
    if (!group_has_hit(s, entity)) return NULL;
    if (entity < s->ix->nentities && s->hit_of[entity]) return &s->hits[s->hit_of[entity] - 1];
    if (s->ix->groups[entity].next == entity) return NULL; /* listed once */
    for (size_t i = 0; i < s->nhits; i++)
        if (embargo_index_same_group(s->ix, s->hits[i].hit.entity.index, entity)) return &s->hits[i];
    return NULL;
}

static hit_rec *add_hit(embargo_scanner *s, const embargo_entity *e, uint64_t start) {
    hit_rec *h = find_hit(s, e->index);
    if (h) return h;
    if (EMB_GROW(s->hits, s->hits_cap, s->nhits + 1)) return NULL;
    h = &s->hits[s->nhits++];
    memset(h, 0, sizeof(*h));
    h->hit.entity = *e;
    if (e->index < s->ix->nentities) {
        s->hit_bits[e->index >> 3] |= (uint8_t)(1u << (e->index & 7));
        s->hit_of[e->index] = (uint32_t)s->nhits;
    }
    h->hit.first_start = start;
    return h;
}

/* How many of a listed name's tokens are names (not titles, particles...). */
static unsigned name_words(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    unsigned k = 0;
    for (uint32_t i = 0; i < n->token_count; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        /* generic words and country phrases name no organisation: SBERBANK
         * ROSSII is Sberbank's one word */
        if (!(t->flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL |
                          EMB_TOK_INITIAL | EMB_TOK_GENERIC)) &&
            !((t->flags & EMB_TOK_COUNTRY) && (t->legal & EMB_COUNTRY_PHRASE)))
            k++;
    }
    return k;
}



/* How many tokens of a listed name are words, generic ones included (not
 * titles, particles, connecting words, legal forms or initials): a word
 * in halves (Alfa-Bank) names ALFA-BANK, whose BANK name_words leaves out. */
static unsigned name_tokens(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    unsigned k = 0;
    for (uint32_t i = 0; i < n->token_count; i++)
        k += !(ix->tokens[n->first_token + i].flags &
               (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL | EMB_TOK_INITIAL));
    return k;
}

/* Whether the word before word wi names a kind of ship ("the tanker ..."). */
static int vessel_word_before(const embargo_scanner *s, size_t wi) {
    static const char *const WORDS[] = {"vessel", "ship", "tanker", "yacht", "freighter",
                                        "carrier", "mv", "boat", "superyacht"};
    if (wi == 0) return 0;
    const word *p = &s->words[wi - 1];
    const char *t = (const char *)s->text.data + p->s;
    size_t len = p->e - p->s;
    for (size_t i = 0; i < sizeof(WORDS) / sizeof(WORDS[0]); i++)
        if (strlen(WORDS[i]) == len && !strncasecmp(t, WORDS[i], len)) return 1;
    return 0;
}

/* ---- evidence from the text ---------------------------------------------------- */

/* A number followed by "-year-old" or " years old" within the next words
 * after byte `from` (up to `limit`): the age the text gives, or -1. */
static int age_after(const char *t, size_t from, size_t limit) {
    for (size_t i = from; i + 9 < limit; i++) {
        if (t[i] < '0' || t[i] > '9' || (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9')) continue;
        int v = 0;
        size_t j = i;
        while (j < limit && t[j] >= '0' && t[j] <= '9' && v < 1000) v = v * 10 + (t[j++] - '0');
        if (v < 10 || v > 110) continue;
        if (limit - j >= 9 && (memcmp(t + j, "-year-old", 9) == 0 || memcmp(t + j, " year-old", 9) == 0))
            return v;
        if (limit - j >= 10 && memcmp(t + j, " years old", 10) == 0) return v;
    }
    return -1;
}

static int birth_year(const embargo_index *ix, const embargo_entity *e) {
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f) || f.kind != EMBARGO_FIELD_BIRTH_DATE || f.len < 4) continue;
        int y = 0;
        for (int k = 0; k < 4; k++) {
            if (f.text[k] < '0' || f.text[k] > '9') { y = -1; break; }
            y = y * 10 + (f.text[k] - '0');
        }
        if (y > 0) return y;
    }
    return 0;
}

/* Notes what the words around a full mention say about the entity: an age
 * against its birth year (given the document's year). */
/* Country adjectives of the nationalities lists name most often. */
static const struct { const char *adj, *country; } DEMONYMS[] = {
    {"afghan", "afghanistan"}, {"american", "united states"}, {"belarusian", "belarus"},
    {"british", "united kingdom"}, {"chinese", "china"}, {"colombian", "colombia"},
    {"cuban", "cuba"}, {"egyptian", "egypt"}, {"emirati", "united arab emirates"},
    {"french", "france"}, {"german", "germany"}, {"indian", "india"}, {"iranian", "iran"},
    {"iraqi", "iraq"}, {"israeli", "israel"}, {"italian", "italy"}, {"jordanian", "jordan"},
    {"kazakh", "kazakhstan"}, {"korean", "korea"}, {"kuwaiti", "kuwait"}, {"lebanese", "lebanon"},
    {"libyan", "libya"}, {"mexican", "mexico"}, {"nicaraguan", "nicaragua"},
    {"pakistani", "pakistan"}, {"palestinian", "palestin"}, {"qatari", "qatar"},
    {"russian", "russia"}, {"saudi", "saudi arabia"}, {"somali", "somalia"},
    {"sudanese", "sudan"}, {"syrian", "syria"}, {"turkish", "turkey"},
    {"ukrainian", "ukraine"}, {"venezuelan", "venezuela"}, {"yemeni", "yemen"},
};

/* Words of listed titles too general to confirm anyone (Member of the
 * Federal Assembly of the Russian Federation): country adjectives and these. */
static int generic_word(const char *w, size_t n) {
    static const char *const GENERIC[] = {"member", "members", "federal", "federation", "assembly",
                                          "state", "states", "republic", "national", "people",
                                          "peoples", "former", "deputy", "general", "first"};
    for (size_t i = 0; i < sizeof(GENERIC) / sizeof(GENERIC[0]); i++)
        if (strlen(GENERIC[i]) == n && !strncasecmp(w, GENERIC[i], n)) return 1;
    for (size_t d = 0; d < sizeof(DEMONYMS) / sizeof(DEMONYMS[0]); d++)
        if (strlen(DEMONYMS[d].adj) == n && !strncasecmp(w, DEMONYMS[d].adj, n)) return 1;
    return 0;
}

/* Whether field text names the country (case-insensitive prefix match). */
static int field_says(const embargo_field *f, const char *country) {
    size_t n = strlen(country);
    return f->len >= n && !strncasecmp(f->text, country, n);
}

/* The country that the words right before window offset `at` give a
 * person (U.S. special envoy, the Iranian economist): a nationality within
 * NATIONALITY_BEFORE bytes, on the same line, after no punctuation but the
 * full stops of U.S.; NULL if none. */
static const char *nationality_before(const embargo_scanner *s, size_t at) {
    const char *t = (const char *)s->text.data;
    size_t lo = at > NATIONALITY_BEFORE ? at - NATIONALITY_BEFORE : 0, i = at;
    while (i > lo) {
        char ch = t[i - 1];
        if (ch == '\n' || ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '"') break;
        /* a full stop ends the sentence, but not after a lone capital (U.S.) */
        if (ch == '.' && !(i >= 2 && t[i - 2] >= 'A' && t[i - 2] <= 'Z' &&
                           (i == 2 || t[i - 3] == '.' || t[i - 3] == ' ')))
            break;
        i--;
    }
    for (size_t j = i; j < at;) {
        while (j < at && t[j] == ' ') j++;
        size_t ws = j;
        while (j < at && t[j] != ' ') j++;
        size_t wl = j - ws;
        if ((wl == 4 && !memcmp(t + ws, "U.S.", 4)) || (wl == 2 && !memcmp(t + ws, "US", 2)))
            return "united states";
        for (size_t d = 0; d < sizeof(DEMONYMS) / sizeof(DEMONYMS[0]); d++)
            if (strlen(DEMONYMS[d].adj) == wl && !strncasecmp(t + ws, DEMONYMS[d].adj, wl))
                return DEMONYMS[d].country;
    }
    return NULL;
}

/* Whether a person's listed nationalities or citizenships (at least one)
 * all differ from `country`; for a person listed with none, the countries
 * of their places of birth (SALEH, Ali Mohamad, born in Adchit, Lebanon, is
 * no Jordanian economist Ali Saleh). */
static int other_nationality(const embargo_index *ix, const embargo_entity *e, const char *country) {
    int listed = 0, born = 0, born_there = 0;
    const char *codes = NULL;
    for (uint32_t k = 0; k < e->field_count; k++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, k, &f)) continue;
        if (f.kind == EMBARGO_FIELD_BIRTH_PLACE) {
            if (!codes) codes = emb__country_codes(country, strlen(country));
            const char *at = emb__country_codes(f.text, f.len);
            if (!codes || !at) continue;
            born = 1;
            born_there |= emb__country_overlap(codes, at);
        }
        if (f.kind != EMBARGO_FIELD_NATIONALITY && f.kind != EMBARGO_FIELD_CITIZENSHIP) continue;
        if (field_says(&f, country)) return 0;
        listed = 1;
    }
    return listed || (born && !born_there);
}

/* Appends "; note" (or "note") to the evidence, if there is room. */
static void add_note(hit_rec *h, const char *note) {
    size_t used = strlen(h->evidence);
    if (strstr(h->evidence, note)) return;
    snprintf(h->evidence + used, sizeof(h->evidence) - used, "%s%s", used ? "; " : "", note);
}

/* Notes what the words around a full mention at [start, end) say about the
 * entity: an age against its birth year (given the document's year), a
 * nationality adjective against its nationalities, a word of its listed
 * title (President, Member of the State Duma). */
static void note_evidence(embargo_scanner *s, hit_rec *h, size_t start, size_t end) {
    if (h->looked++ >= EVIDENCE_LOOKS) return; /* the first full mentions say enough */
    const char *t = (const char *)s->text.data;
    size_t lo = start > 100 ? start - 100 : 0;
    size_t hi = end + 100 < s->text.len ? end + 100 : s->text.len;
    char note[96];
    int by = birth_year(s->ix, &h->hit.entity);
    int age = s->doc_year ? age_after(t, end, end + 80 < hi ? end + 80 : hi) : -1;
    if (age >= 0 && by) {
        int expect = s->doc_year - by;
        int agrees = age == expect || age == expect - 1;
        snprintf(note, sizeof(note), "age %d %s birth year %d (document of %d)", age,
                 agrees ? "agrees with" : "DISAGREES with", by, s->doc_year);
        add_note(h, note);
    }
    /* words around the mention, lower-cased */
    const embargo_entity *e = &h->hit.entity;
    for (size_t i = lo; i < hi;) {
        while (i < hi && !((t[i] | 32) >= 'a' && (t[i] | 32) <= 'z')) i++;
        size_t ws = i;
        while (i < hi && (((t[i] | 32) >= 'a' && (t[i] | 32) <= 'z') || t[i] == '-')) i++;
        size_t wl = i - ws;
        if (wl < 4 || (ws >= start && ws < end)) continue;
        for (size_t d = 0; d < sizeof(DEMONYMS) / sizeof(DEMONYMS[0]); d++) {
            if (strlen(DEMONYMS[d].adj) != wl || strncasecmp(t + ws, DEMONYMS[d].adj, wl) != 0) continue;
            for (uint32_t k = 0; k < e->field_count; k++) {
                embargo_field f;
                if (embargo_entity_field(s->ix, e, k, &f)) continue;
                if ((f.kind == EMBARGO_FIELD_NATIONALITY || f.kind == EMBARGO_FIELD_CITIZENSHIP) &&
                    field_says(&f, DEMONYMS[d].country)) {
                    snprintf(note, sizeof(note), "\"%.*s\" agrees with nationality %.*s",
                             (int)wl, t + ws, (int)f.len, f.text);
                    add_note(h, note);
                    break;
                }
            }
        }
        /* a distinctive word of the listed title: President, Duma, Council */
        for (uint32_t k = 0; k < e->field_count; k++) {
            embargo_field f;
            if (embargo_entity_field(s->ix, e, k, &f) || f.kind != EMBARGO_FIELD_TITLE) continue;
            for (size_t j = 0; j + wl <= f.len; j++) {
                if ((j > 0 && ((f.text[j - 1] | 32) >= 'a' && (f.text[j - 1] | 32) <= 'z')) ||
                    (j + wl < f.len && ((f.text[j + wl] | 32) >= 'a' && (f.text[j + wl] | 32) <= 'z')))
                    continue;
                if (wl >= 5 && !generic_word(t + ws, wl) && !strncasecmp(t + ws, f.text + j, wl)) {
                    snprintf(note, sizeof(note), "\"%.*s\" agrees with the listed title", (int)wl, t + ws);
                    add_note(h, note);
                    break;
                }
            }
        }
    }
}

/* The year of the document: the caller's date, or a date in the first lines
 * ("August 6, 2018", "2018-08-06", "6 August 2018"). 0 if none. */
static int find_year(const char *date, const char *t, size_t n) {
    const char *p = date;
    size_t len = date ? strlen(date) : (n < 600 ? n : 600);
    if (!date) p = t;
    for (size_t i = 0; i + 4 <= len; i++) {
        if (i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9') continue;
        int ok = 1, y = 0;
        for (int k = 0; k < 4; k++) {
            if (p[i + k] < '0' || p[i + k] > '9') { ok = 0; break; }
            y = y * 10 + (p[i + k] - '0');
        }
        if (!ok || (i + 4 < len && p[i + 4] >= '0' && p[i + 4] <= '9')) continue;
        if (y >= 1900 && y <= 2100) return y;
    }
    return 0;
}

/* ---- spans -------------------------------------------------------------------------- */

typedef struct scan_ctx {
    embargo_scanner *s;
    const char *doc;
    size_t len;
    uint64_t base;            /* byte offset of the window text in the document (plain) */
    int html;                 /* the text comes through the map: HTML, or decoded */
    emb_charset *cs;          /* the decoder, for a document not read as UTF-8 */
    uint64_t char_pos, byte_pos; /* a char/byte checkpoint in the document */
    embargo_mention_fn fn;
    void *ctx;
    int stop;
    unsigned long emitted;    /* mentions reported so far */
} scan_ctx;

/* The document byte offset of window text offset `off`. */
static uint64_t doc_offset(const scan_ctx *c, size_t off) {
    if (c->html) return emb__html_map_lookup(&c->s->map, off);
    return c->base + off;
}

/* The character offset of document byte offset `b` (b never decreases
 * between calls within one document: mentions are reported in text order,
 * flush_found). */
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
 * and the mention is held until the window is done (flush_found). */
static embargo_status emit(scan_ctx *c, const span_match *mt, size_t ws, size_t we,
                           const char *how) {
    embargo_scanner *s = c->s;
    if (EMB_GROW(s->found, s->found_cap, s->nfound + 1)) return EMBARGO_ENOMEM;
    found_rec *f = &s->found[s->nfound];
    embargo_mention *mn = &f->m;
    memset(mn, 0, sizeof(*mn));
    f->seq = (uint32_t)s->nfound;
    mn->start = doc_offset(c, ws);
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
    hit_rec *h = add_hit(s, &mt->entity, mn->start);
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
static embargo_status flush_found(scan_ctx *c) {
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

/* Whether a word is one people are called (Markus, Scott) or an English
 * word (Progress): as a lone capitalised word in running text it is far
 * likelier to be that than the organisation or vessel of the same name. */
static int ordinary_word(const char *w, size_t n) {
    char low[48];
    if (n >= sizeof(low)) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if ((unsigned char)c >= 0x80) return 0;
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    emb_name_stat st;
    emb__name_stats(low, n, &st);
    return st.word || st.person_df > 2;
}

/* Whether a match pairs a query word with a listed one in this way alone
 * (EMBARGO_PAIR_EDIT: by edit distance, not as the same word, romanisation
 * or sound skeleton; EMBARGO_PAIR_PHONETIC: by the sound skeleton). */
static int pair_of_kind(const embargo_explanation *e, embargo_pair_kind kind) {
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        if (p->query && p->name && p->kind == kind) return 1;
    }
    return 0;
}

/* Whether a match pairs a query name word with a listed one as the same
 * word or the same romanisation, not merely a similar one. */
static int same_word_pair(const embargo_explanation *e) {
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *p = &e->pairs[i];
        if (p->query && p->name && (p->kind == EMBARGO_PAIR_EXACT || p->kind == EMBARGO_PAIR_TRANSLIT))
            return 1;
    }
    return 0;
}

void emb__scanner_cache_mask(embargo_scanner *s, uint64_t mask) {
    s->cache_mask = mask;
    s->pool_cap = mask ? CACHE_POOL : 2 * SPAN_MATCHES; /* the ring wraps often */
}

/* The position in list name n of the token explanation pair p names, or -1
 * (the pair points at the index's own strings by text). */
static int pair_token(const embargo_index *ix, const emb_ix_name *n, const embargo_pair *p) {
    for (uint32_t j = 0; j < n->token_count; j++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + j];
        if (t->len == p->name_len && memcmp(ix->strings + t->text, p->name, t->len) == 0) return (int)j;
    }
    return -1;
}

/* The next word of m's listed name that the match left out (a pair with no
 * query side), from pair *i on; *i past it. NULL when there is none. */
static const emb_ix_token *next_left_out(const embargo_index *ix, const embargo_match *m, size_t *i) {
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    while (*i < m->explanation.pair_count) {
        const embargo_pair *p = &m->explanation.pairs[(*i)++];
        int j = p->name && !p->query ? pair_token(ix, n, p) : -1;
        if (j >= 0) return &ix->tokens[n->first_token + (uint32_t)j];
    }
    return NULL;
}

/* Whether the match of an organisation is a long listed name matched by
 * the overlap of some of its words: the span leaves out as many of its
 * words of substance (not legal forms, generic words, countries, connecting
 * words or numbers) as it holds. "State Duma" is no mention of STATE DUMA
 * OF THE FEDERAL ASSEMBLY OF THE RUSSIAN FEDERATION; "Federal Security
 * Service" of FEDERAL SECURITY SERVICE OF THE RUSSIAN FEDERATION is. */
static int org_words_missing(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return 0;
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    unsigned held = 0, left = 0;
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        int j = p->name ? pair_token(ix, n, p) : -1;
        if (j < 0) continue;
        const emb_ix_token *t = &ix->tokens[n->first_token + (uint32_t)j];
        if (!(t->flags & (EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_GENERIC | EMB_TOK_COUNTRY |
                          EMB_TOK_PARTICLE | EMB_TOK_TITLE | EMB_TOK_INITIAL | EMB_TOK_NUMBER))) {
            if (p->query) held++;
            else left++;
        }
    }
    return left > 0 && left >= held;
}

/* Whether the match of an organisation leaves out the nationality opening
 * its listed name and pairs nothing but ordinary English and generic words:
 * "Democratic Party" in a text is any such party, not SERB DEMOCRATIC
 * PARTY, whose nationality is what tells it from the others. */
static int org_nationality_missing(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return 0;
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    if (n->token_count < 2) return 0;
    const emb_ix_token *first = &ix->tokens[n->first_token];
    if (!(first->flags & EMB_TOK_COUNTRY) || !(first->legal & EMB_COUNTRY_PHRASE)) return 0;
    int left = 0;
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        int j = p->name ? pair_token(ix, n, p) : -1;
        if (j < 0) continue;
        const emb_ix_token *t = &ix->tokens[n->first_token + (uint32_t)j];
        if (j == 0) left = !p->query;
        else if (p->query && !(t->flags & (EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_LEGAL | EMB_TOK_STOP |
                                           EMB_TOK_COUNTRY | EMB_TOK_PARTICLE)))
            return 0; /* a word of its own paired: (Russian) Railways Rostov */
    }
    return left;
}

/* The countries of the nationality opening an organisation's listed name
 * (IRANIAN of IRANIAN MINISTRY OF ...), or NULL. */
static const char *nationality_left(const embargo_index *ix, const embargo_match *m) {
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    const emb_ix_token *first = &ix->tokens[n->first_token];
    return emb__country_codes(ix->strings + first->text, first->len);
}

static void surname_tokens(const embargo_index *ix, const emb_ix_name *n, uint8_t *sur);

/* Honorifics written as a person's first given name (Seyed Abbas), which
 * journalists leave out: no given name of the person's own. */
static int honorific_given(const char *w, size_t n) {
    static const char *const HONORIFIC[] = {"sayed", "sayyed", "sayyid", "seyed", "seyyed", "seyyid", "syed"};
    for (size_t i = 0; i < sizeof(HONORIFIC) / sizeof(HONORIFIC[0]); i++)
        if (strlen(HONORIFIC[i]) == n && !memcmp(HONORIFIC[i], w, n)) return 1;
    return 0;
}

/* Whether entity x writes tokens a, b (texts) as one given name in one of
 * its names: joined by a hyphen (PAK, Ch'o'l-nam) or as one word
 * (MORADI, Alireza for MORADI, Ali Reza). */
static int one_given_name(const embargo_index *ix, const emb_ix_entity *x, const emb_ix_token *a,
                          const emb_ix_token *b) {
    const char *at = ix->strings + a->text, *bt = ix->strings + b->text;
    for (uint32_t k = 0; k < x->name_count; k++) {
        const emb_ix_name *n = &ix->names[x->first_name + k];
        for (uint32_t j = 0; j < n->token_count; j++) {
            const emb_ix_token *t = &ix->tokens[n->first_token + j];
            const char *tt = ix->strings + t->text;
            if (t->len == a->len + b->len && !memcmp(tt, at, a->len) && !memcmp(tt + a->len, bt, b->len))
                return 1;
            if ((t->flags & EMB_TOK_HYPHEN) && j + 1 < n->token_count && t->len == a->len &&
                !memcmp(tt, at, a->len)) {
                const emb_ix_token *u = &ix->tokens[n->first_token + j + 1];
                if (u->len == b->len && !memcmp(ix->strings + u->text, bt, b->len)) return 1;
            }
        }
    }
    return 0;
}

/* Whether the listed name says which of its words are the surname
 * (SURNAME, Given); ABBASI-DAVANI FEREIDOUN, in the UK list's order, does
 * not, and the rules that read given names apart from surnames stay out. */
static int surname_marked(const embargo_index *ix, const emb_ix_name *n) {
    for (uint32_t j = 0; j < n->token_count; j++)
        if (ix->tokens[n->first_token + j].flags & EMB_TOK_SURNAME) return 1;
    return 0;
}

/* Whether a person's match pairs a given name of the listed name but leaves
 * out the first one (Reza Kazemi for KAZEMI, Mohammad Reza; Luis Guzman
 * for GUZMAN ENRIQUEZ, Juan Luis), or half of a given name that the list
 * also writes as one word (Pak Chol for PAK, Chol Nam, also PAK,
 * Ch'o'l-nam; Ali Moradi for MORADI, Ali Reza, also Alireza): a text names
 * people by their first given name, whole, so such a name is someone
 * else's. An honorific first (Seyed) may be left out. */
static int given_left_out(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_PERSON) return 0;
    const emb_ix_entity *x = &ix->entities[m->entity.index];
    const emb_ix_name *n = &ix->names[x->first_name + m->name_index];
    if (!surname_marked(ix, n)) return 0;
    uint8_t sur[EMB_NAME_MAX_TOKENS];
    surname_tokens(ix, n, sur);
    /* per token of the listed name: 0 no given name, 1 given and left out,
     * 2 given and paired */
    uint8_t given[EMB_NAME_MAX_TOKENS] = {0};
    for (uint32_t j = 0; j < n->token_count; j++)
        given[j] = !sur[j] && !(ix->tokens[n->first_token + j].flags &
                                (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL |
                                 EMB_TOK_INITIAL | EMB_TOK_NUMBER | EMB_TOK_PATRONYMIC));
    int paired = 0, joined = 0;
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        int j = p->name ? pair_token(ix, n, p) : -1;
        if (j < 0 || !given[j]) continue;
        if (p->query) given[j] = 2, paired = 1;
        /* a text word that covers two listed ones (Zakiur for Zaki-ur) */
        joined |= p->query && p->kind == EMBARGO_PAIR_JOINED;
    }
    if (!paired) return 0;
    uint32_t g0 = 0;
    while (g0 < n->token_count && !given[g0]) g0++;
    const emb_ix_token *t0 = &ix->tokens[n->first_token + g0];
    /* an honorific left out: the given name after it is the first (Ahmad
     * Khan leaves out Habib of KHAN, Sayed Habib Ahmad) */
    if (given[g0] == 1 && honorific_given(ix->strings + t0->text, t0->len)) {
        g0++;
        while (g0 < n->token_count && !given[g0]) g0++;
        if (g0 == n->token_count) return 0;
    }
    if (given[g0] == 1) return 1;
    for (uint32_t j = 0; j + 1 < n->token_count && !joined; j++) {
        if (!given[j] || !given[j + 1] || given[j] == given[j + 1]) continue;
        if (one_given_name(ix, x, &ix->tokens[n->first_token + j], &ix->tokens[n->first_token + j + 1]))
            return 1;
    }
    return 0;
}

/* The surname words of list name n in sur[] (surname_tokens), less its
 * particles and the like (DE, AL): the words that name a family. Returns
 * how many; 0 for a name that does not mark its surname. */
static int family_words(const embargo_index *ix, const emb_ix_name *n, uint8_t *sur) {
    if (!surname_marked(ix, n)) return 0;
    surname_tokens(ix, n, sur);
    int words = 0;
    for (uint32_t j = 0; j < n->token_count; j++) {
        if (sur[j] && (ix->tokens[n->first_token + j].flags &
                       (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL | EMB_TOK_INITIAL |
                        EMB_TOK_NUMBER)))
            sur[j] = 0;
        words += sur[j];
    }
    return words;
}

/* Whether a person's match pairs a later word of a listed surname of two
 * words or more and no first one (Ismael Garcia for ZAMBADA GARCIA,
 * Ismael; Maria Guzman for SALAZAR HERNANDEZ DE GUZMAN, Maria, also
 * SALAZAR DE GUZMAN, Alejandrina): a Spanish name may leave out the second
 * surname (the mother's, or a husband's after DE: Nicolas Maduro for MADURO
 * MOROS), never the first, the father's, by which the person is known; a
 * name with only a later one is someone else's. Read over all the person's
 * names that mark their surname, by key (a first surname of one of them is
 * a first one: GARCIA, Ismael would make Garcia the person's), since a
 * name of four surname words or more is not marked (name.c). */
static int first_surname_left_out(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_PERSON) return 0;
    const emb_ix_entity *x = &ix->entities[m->entity.index];
    const emb_ix_name *mn = &ix->names[x->first_name + m->name_index];
    int later = 0;
    for (uint32_t k = 0; k < x->name_count; k++) {
        const emb_ix_name *n = &ix->names[x->first_name + k];
        uint8_t sur[EMB_NAME_MAX_TOKENS];
        int words = family_words(ix, n, sur);
        if (!words) continue;
        for (size_t i = 0; i < m->explanation.pair_count; i++) {
            const embargo_pair *p = &m->explanation.pairs[i];
            if (!p->query || !p->name) continue;
            int pj = pair_token(ix, mn, p);
            if (pj < 0) continue;
            const emb_ix_token *pt = &ix->tokens[mn->first_token + pj];
            for (uint32_t j = 0, w = 0; j < n->token_count; j++) {
                if (!sur[j]) continue;
                const emb_ix_token *t = &ix->tokens[n->first_token + j];
                if (t->klen == pt->klen && !memcmp(ix->strings + t->key, ix->strings + pt->key, t->klen)) {
                    if (w == 0) return 0; /* a first surname of the person's */
                    if (words >= 2) later = 1;
                }
                w++;
            }
        }
    }
    return later;
}

/* Whether query q[0, n) (words separated by spaces) starts with the word
 * w[0, wl) (as_last: ends with it), ASCII case ignored. */
static int query_word_at(const char *q, size_t n, const char *w, size_t wl, int as_last) {
    size_t s = 0, e = n;
    if (as_last) {
        while (s < n && q[n - 1 - s] != ' ') s++;
        s = n - s;
    } else {
        e = 0;
        while (e < n && q[e] != ' ') e++;
    }
    return e - s == wl && strncasecmp(q + s, w, wl) == 0;
}

/* Whether a person's match pairs the query's first word with the listed
 * surname and the query's last word with a listed given name, one of the
 * two only by sound or an edit: SAEED, Muhammad as Saeed Mohammadi (the
 * surname as itself, the given name by sound), AMAN, Mohammed as Amina
 * Mohammed (the surname by sound). The text names someone whose surname is
 * the sound-alike or the listed given name, and whose given name is the
 * other. A name written surname first as listed (Kim Jong Un; Ri Pyong
 * Chol) pairs every word exactly. */
static int surname_first_by_sound(const embargo_index *ix, const embargo_match *m, const char *q, size_t qn) {
    if (m->entity.type != EMBARGO_TYPE_PERSON || !memchr(q, ' ', qn)) return 0;
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    if (!surname_marked(ix, n)) return 0;
    uint8_t sur[EMB_NAME_MAX_TOKENS];
    surname_tokens(ix, n, sur);
    int first_sur = 0, last_given = 0, sound = 0;
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        if (!p->query || !p->name) continue;
        int j = pair_token(ix, n, p);
        if (j < 0) continue;
        int exact = p->kind == EMBARGO_PAIR_EXACT || p->kind == EMBARGO_PAIR_TRANSLIT;
        int by_sound = p->kind == EMBARGO_PAIR_PHONETIC || p->kind == EMBARGO_PAIR_EDIT;
        if (sur[j] && (exact || by_sound) && query_word_at(q, qn, p->query, p->query_len, 0)) {
            first_sur = 1;
            sound |= by_sound;
        }
        if (!sur[j] && (exact || by_sound) && query_word_at(q, qn, p->query, p->query_len, 1)) {
            last_given = 1;
            sound |= by_sound;
        }
    }
    return first_sur && last_given && sound;
}

/* Whether an organisation's match leaves out a single letter of its listed
 * name: B-CRYPTO is a name of its own, no word Crypto. */
static int org_letter_left(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return 0;
    const emb_ix_token *t;
    for (size_t i = 0; (t = next_left_out(ix, m, &i));)
        if (t->flags & EMB_TOK_INITIAL) return 1;
    return 0;
}

/* Whether a person's match pairs a query word with a listed surname by its
 * sound alone (Kamal ~ KAMEL; not Ahmed ~ AHMAD, a given name). */
static int surname_by_sound(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_PERSON) return 0;
    const emb_ix_name *n = &ix->names[ix->entities[m->entity.index].first_name + m->name_index];
    uint8_t sur[EMB_NAME_MAX_TOKENS];
    surname_tokens(ix, n, sur);
    for (size_t i = 0; i < m->explanation.pair_count; i++) {
        const embargo_pair *p = &m->explanation.pairs[i];
        if (!p->query || !p->name || p->kind != EMBARGO_PAIR_PHONETIC) continue;
        int j = pair_token(ix, n, p);
        if (j >= 0 && sur[j]) return 1;
    }
    return 0;
}

/* Whether a person's match leaves out a word of the listed name that is a
 * given name or a surname: not a title, particle, initial, number,
 * patronymic or honorific (Ali Hussein leaves out Ahmed of HUSSEIN, Ali
 * Ahmed; Habib Ahmad Khan leaves out only Sayed). */
static int person_word_left(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_PERSON) return 0;
    const emb_ix_token *t;
    for (size_t i = 0; (t = next_left_out(ix, m, &i));) {
        if (t->flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL | EMB_TOK_INITIAL |
                        EMB_TOK_NUMBER | EMB_TOK_PATRONYMIC))
            continue;
        if (!honorific_given(ix->strings + t->text, t->len)) return 1;
    }
    return 0;
}

/* Whether an organisation's match leaves out a word of its listed name that
 * is not a legal form, a function word, a particle, a number, an initial
 * or a country (TRADING of EAST ASIA TRADING, matched as East Asia). */
static int org_word_left(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return 0;
    const emb_ix_token *t;
    for (size_t i = 0; (t = next_left_out(ix, m, &i));)
        if (!(t->flags & (EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_PARTICLE | EMB_TOK_NUMBER | EMB_TOK_INITIAL |
                          EMB_TOK_COUNTRY)))
            return 1;
    return 0;
}

/* The countries of the country word of an organisation's listed name that
 * the match left out (IRAN of CENTRAL BANK OF IRAN, matched as Central
 * Bank), or NULL. */
static const char *country_left_out(const embargo_index *ix, const embargo_match *m) {
    if (m->entity.type != EMBARGO_TYPE_ORGANIZATION) return NULL;
    const emb_ix_token *t;
    for (size_t i = 0; (t = next_left_out(ix, m, &i));)
        if (t->flags & EMB_TOK_COUNTRY) return emb__country_codes(ix->strings + t->text, t->len);
    return NULL;
}

/* Whether a cache slot holds what screening this span text at this
 * threshold found: the hash and length reject nearly every other span at
 * the cost of two compares, the text and threshold settle it; and whether
 * its matches are still in the ring. */
static int slot_holds(const embargo_scanner *s, const cache_slot *slot, uint64_t hash,
                      const unsigned char *text, size_t len, double threshold) {
    return slot->hash == hash && slot->len == len && slot->threshold == threshold &&
           memcmp(slot->text, text, len) == 0 && (slot->n == 0 || s->pool_head - slot->pos <= s->pool_cap);
}

/* Screens the span in s->query (at `threshold`), or recalls what screening
 * it found the last time it came. *out stays valid for the next screenings
 * of this scanner: the ring takes at least pool_cap / SPAN_MATCHES of them to
 * come round. */
static embargo_status screen_cached(embargo_scanner *s, double threshold, const span_match **out,
                                    size_t *count) {
    const unsigned char *text = s->query.data;
    size_t len = s->query.len;
    uint64_t hash = (emb__hash_seed(text, len, (uint64_t)(threshold * 1000)) & s->cache_mask) | 1;
    /* the set from the bits above the lowest, which `| 1` sets (0 marks
     * an empty slot): from the lowest, only odd sets were ever used */
    cache_slot *set = &s->cache[((hash >> 1) & (CACHE_SETS - 1)) * CACHE_WAYS];
    for (unsigned w = 0; w < CACHE_WAYS; w++) {
        if (!slot_holds(s, &set[w], hash, text, len, threshold)) continue;
        set[w].used = ++s->cache_clock;
        *out = s->pool + set[w].pos % s->pool_cap;
        *count = set[w].n;
        return EMBARGO_OK;
    }
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.type_mask = s->opts.type_mask;
    o.list_mask = s->opts.list_mask;
    o.limit = SPAN_MATCHES;
    o.threshold = threshold;
    o.flags = EMBARGO_SCREEN_NO_TYPO_SEARCH;
    o.candidates = SCAN_CANDIDATES;
    const embargo_match *mm;
    size_t n;
    embargo_status st = embargo_matcher_screen(s->m, (const char *)s->query.data, s->query.len, &o,
                                               &mm, &n);
    if (st == EMBARGO_EQUERY) n = 0; /* nothing matchable here */
    else if (st) return st;
    if (n > SPAN_MATCHES) n = SPAN_MATCHES;
    /* the matches go to the ring, in one piece: a piece that would run over
     * its end starts again at its beginning */
    if (s->pool_head % s->pool_cap + n > s->pool_cap) s->pool_head += s->pool_cap - s->pool_head % s->pool_cap;
    uint64_t pos = s->pool_head;
    s->pool_head += n;
    span_match *m = s->pool + pos % s->pool_cap;
    if (len <= CACHE_TEXT) { /* longer: found for this time only */
        cache_slot *slot = &set[0];
        for (unsigned w = 1; w < CACHE_WAYS; w++)
            if (set[w].used < slot->used) slot = &set[w];
        slot->hash = hash;
        slot->pos = pos;
        slot->threshold = threshold;
        slot->used = ++s->cache_clock;
        slot->len = (uint8_t)len;
        slot->n = (uint8_t)n;
        memcpy(slot->text, text, len);
    }
    for (size_t i = 0; i < n; i++) {
        span_match *sm = &m[i];
        sm->entity = mm[i].entity;
        sm->name_index = mm[i].name_index;
        sm->matched_name = mm[i].matched_name;
        sm->matched_name_len = mm[i].matched_name_len;
        sm->score = mm[i].score;
        sm->same_word = (uint8_t)same_word_pair(&mm[i].explanation);
        sm->edited = (uint8_t)pair_of_kind(&mm[i].explanation, EMBARGO_PAIR_EDIT);
        sm->sounded = (uint8_t)surname_by_sound(s->ix, &mm[i]);
        sm->letter_left = (uint8_t)org_letter_left(s->ix, &mm[i]);
        sm->word_left = (uint8_t)person_word_left(s->ix, &mm[i]);
        int words_missing = org_words_missing(s->ix, &mm[i]), nat = org_nationality_missing(s->ix, &mm[i]);
        sm->missing = (uint8_t)(words_missing || nat);
        sm->nat_left = nat && !words_missing ? nationality_left(s->ix, &mm[i]) : NULL;
        sm->other_given = (uint8_t)given_left_out(s->ix, &mm[i]);
        sm->first_sur_left = mm[i].score < NATIONALITY_EXACT && first_surname_left_out(s->ix, &mm[i]);
        sm->left_country = country_left_out(s->ix, &mm[i]);
        sm->org_left = (uint8_t)org_word_left(s->ix, &mm[i]);
        sm->turned = (uint8_t)surname_first_by_sound(s->ix, &mm[i], (const char *)text, len);
    }
    *out = m;
    *count = n;
    return EMBARGO_OK;
}

/* Marks in sur[] which tokens of list name n are its surname: the words
 * written before the comma of "SURNAME, Given", or, in a name without one
 * (an alias written in order), its last name word. */
static void surname_tokens(const embargo_index *ix, const emb_ix_name *n, uint8_t *sur) {
    int comma = 0;
    uint32_t last = UINT32_MAX;
    for (uint32_t i = 0; i < n->token_count; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        if (t->flags & EMB_TOK_SURNAME) comma = 1;
        if (!(t->flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_STOP | EMB_TOK_LEGAL |
                          EMB_TOK_INITIAL | EMB_TOK_NUMBER)))
            last = i;
    }
    for (uint32_t i = 0; i < n->token_count; i++)
        sur[i] = comma ? (ix->tokens[n->first_token + i].flags & EMB_TOK_SURNAME) != 0 : i == last;
}

/* The surname words of list name n by which a text names the person alone
 * (surname_tokens), less a married name: the words from a DE that follows
 * a surname word on (MURILLO DE ORTEGA, Rosario Maria: Ortega is her
 * husband's name, and a lone Ortega, or Mr. Ortega, is not her; Murillo
 * is). */
static void lone_surname_tokens(const embargo_index *ix, const emb_ix_name *n, uint8_t *sur) {
    surname_tokens(ix, n, sur);
    int seen = 0, married = 0;
    for (uint32_t j = 0; j < n->token_count; j++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + j];
        if (!sur[j]) continue;
        if (seen && t->len == 2 && strncasecmp(ix->strings + t->text, "de", 2) == 0) married = 1;
        if (married) sur[j] = 0;
        else if (!(t->flags & (EMB_TOK_PARTICLE | EMB_TOK_STOP))) seen = 1;
    }
}

/* Whether name ni of the index has this key as a surname a text names the
 * person by alone (lone_surname_tokens). */
static int name_has_surname(const embargo_index *ix, uint32_t ni, const char *key, size_t kl) {
    const emb_ix_name *n = &ix->names[ni];
    uint8_t sur[EMB_NAME_MAX_TOKENS];
    lone_surname_tokens(ix, n, sur);
    for (uint32_t i = 0; i < n->token_count; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        if (sur[i] && t->klen == kl && memcmp(ix->strings + t->key, key, kl) == 0) return 1;
    }
    return 0;
}

/* The first of the names of entity e (index position) that has this key
 * as a surname, or -1. */
static long entity_surname(const embargo_index *ix, uint32_t e, const char *key, size_t kl) {
    const emb_ix_entity *x = &ix->entities[e];
    for (uint32_t i = 0; i < x->name_count; i++)
        if (name_has_surname(ix, x->first_name + i, key, kl)) return (long)i;
    return -1;
}

/* Keeps the distinct surname keys of a person found (as name_has_surname
 * reads them), so that each later lone word costs a few compares. */
static void note_surnames(const embargo_index *ix, hit_rec *h) {
    const emb_ix_entity *x = &ix->entities[h->hit.entity.index];
    h->sur_ready = 1;
    for (uint32_t i = 0; i < x->name_count; i++) {
        const emb_ix_name *n = &ix->names[x->first_name + i];
        uint8_t sur[EMB_NAME_MAX_TOKENS];
        lone_surname_tokens(ix, n, sur);
        for (uint32_t j = 0; j < n->token_count; j++) {
            const emb_ix_token *t = &ix->tokens[n->first_token + j];
            if (!sur[j] || t->klen >= HIT_SURNAME_CAP) continue;
            int seen = 0;
            for (unsigned k = 0; k < h->nsur && !seen; k++)
                seen = h->sur_len[k] == t->klen && memcmp(h->sur[k], ix->strings + t->key, t->klen) == 0;
            if (seen) continue;
            if (h->nsur == HIT_SURNAMES) return;
            memcpy(h->sur[h->nsur], ix->strings + t->key, t->klen);
            h->sur_len[h->nsur++] = t->klen;
        }
    }
}

/* The first of person h's names that has this key as a surname, or -1;
 * its surnames noted first (note_surnames), so that most words are turned
 * away after a few compares. */
static long hit_surname(const embargo_index *ix, hit_rec *h, const char *key, size_t kl) {
    if (!h->sur_ready) note_surnames(ix, h);
    int has = 0;
    for (unsigned k = 0; k < h->nsur && !has; k++)
        has = h->sur_len[k] == kl && memcmp(h->sur[k], key, kl) == 0;
    return has ? entity_surname(ix, h->hit.entity.index, key, kl) : -1;
}

/* The bits of the surname filter for a key. */
static uint32_t sur_hash(const char *key, size_t kl) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < kl; i++) h = (h ^ (unsigned char)key[i]) * 16777619u;
    return h;
}

static void bloom_add(uint64_t *bloom, const char *key, size_t kl) {
    uint32_t h = sur_hash(key, kl), a = h % SUR_BLOOM, b = (h >> 16) % SUR_BLOOM;
    bloom[a / 64] |= (uint64_t)1 << (a % 64);
    bloom[b / 64] |= (uint64_t)1 << (b % 64);
}

/* Whether the filter may hold this key (0: it does not). */
static int bloom_has(const uint64_t *bloom, const char *key, size_t kl) {
    uint32_t h = sur_hash(key, kl), a = h % SUR_BLOOM, b = (h >> 16) % SUR_BLOOM;
    return (bloom[a / 64] >> (a % 64) & 1) && (bloom[b / 64] >> (b % 64) & 1);
}

static void sur_bloom_add(embargo_scanner *s, const char *key, size_t kl) { bloom_add(s->sur_bloom, key, kl); }

/* Whether some person named in full may have this surname key (0: none). */
static int sur_bloom_has(const embargo_scanner *s, const char *key, size_t kl) {
    return bloom_has(s->sur_bloom, key, kl);
}

/* Puts `hit` under the hash `hash` in a table of the scanner (the
 * surname table, the head table: *tab of *cap slots holding *count), open
 * addressing, grown to stay at most half full; a hash of 0 is kept as 1 (0
 * marks an empty slot). Out of memory leaves the table as it was and
 * returns -1. */
static int tab_add(struct sur_ent **tab, uint32_t *cap, uint32_t *count, uint32_t hash, uint32_t hit) {
    hash |= !hash;
    if (2 * (*count + 1) > *cap) {
        uint32_t ncap = *cap ? 2 * *cap : 64;
        struct sur_ent *t = emb__calloc(ncap, sizeof(*t));
        if (!t) return -1;
        for (uint32_t i = 0; i < *cap; i++) {
            if (!(*tab)[i].hash) continue;
            uint32_t j = (*tab)[i].hash & (ncap - 1);
            while (t[j].hash) j = (j + 1) & (ncap - 1);
            t[j] = (*tab)[i];
        }
        emb__free(*tab);
        *tab = t;
        *cap = ncap;
    }
    uint32_t j = hash & (*cap - 1);
    while ((*tab)[j].hash) j = (j + 1) & (*cap - 1);
    (*tab)[j].hash = hash;
    (*tab)[j].hit = hit;
    ++*count;
    return 0;
}

/* The hash of a word in ASCII lower case, for the head table (never 0). */
static uint32_t head_hash(const char *w, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i])) * 16777619u;
    return h | !h;
}

/* Puts the last words of the names of organisation h, named in full, in
 * the head table: the names org_head_after may shorten to their last word,
 * not weak aliases, of two words or more, the last no country, stop word or
 * particle (the Federation of ...OF THE RUSSIAN FEDERATION). -1: out of
 * memory. */
static int head_add(embargo_scanner *s, const hit_rec *h) {
    const embargo_index *ix = s->ix;
    const emb_ix_entity *x = &ix->entities[h->hit.entity.index];
    for (uint32_t k = 0; k < x->name_count && k < 256; k++) {
        const emb_ix_name *n = &ix->names[x->first_name + k];
        const emb_ix_token *last = &ix->tokens[n->first_token + n->token_count - 1];
        if (n->weak || n->token_count < 2 || (last->flags & (EMB_TOK_COUNTRY | EMB_TOK_STOP | EMB_TOK_PARTICLE)))
            continue;
        const char *nt = ix->strings + n->text;
        size_t b = n->text_len;
        while (b > 0 && nt[b - 1] != ' ') b--;
        if (b == 0) continue; /* no space: no word after one */
        if (tab_add(&s->head_tab, &s->head_cap, &s->nhead_tab, head_hash(nt + b, n->text_len - b),
                    (uint32_t)(h - s->hits) << 8 | k))
            return -1;
    }
    return 0;
}

/* The hit is of an entity named in full: a person's surnames go into the
 * filter that followup_by_key asks, and into the surname table it walks.
 * -1: out of memory. */
static int set_full(embargo_scanner *s, hit_rec *h) {
    h->full = 1;
    h->full_tick = ++s->tick;
    if (!h->first_tick) h->first_tick = h->full_tick;
    if (h->in_bloom) return 0;
    if (h->hit.entity.type == EMBARGO_TYPE_ORGANIZATION) {
        h->in_bloom = 1;
        return head_add(s, h);
    }
    if (h->hit.entity.type != EMBARGO_TYPE_PERSON) return 0;
    h->in_bloom = 1;
    if (!h->sur_ready) note_surnames(s->ix, h);
    for (unsigned k = 0; k < h->nsur; k++) {
        sur_bloom_add(s, h->sur[k], h->sur_len[k]);
        if (tab_add(&s->sur_tab, &s->sur_cap, &s->nsur_tab, sur_hash(h->sur[k], h->sur_len[k]),
                    (uint32_t)(h - s->hits)))
            return -1;
    }
    return 0;
}

static int in_list(const char *const *list, size_t n, const char *w, size_t len);

#include "given_gender.inc"

/* The sex that a given name (lower-case ASCII) says ('f' emily, 'm'
 * matthew), or 0 when it says none or is not in given_gender.inc (kim,
 * jean, reza): the only word on someone no list names that tells Mr. from
 * Ms. */
static char given_gender(const char *low) {
    if (!low[0] || !low[1]) return 0;
    size_t lo = 0, hi = sizeof(GIVEN_GENDER) / sizeof(GIVEN_GENDER[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(low, GIVEN_GENDER[mid] + 1);
        if (c == 0) return GIVEN_GENDER[mid][0];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* Notes that someone no list names was just named in full with this
 * surname key (Matthew Miller, Dmitry Patrushev) and given name words[gk]
 * (kept in lower case for given_gender, asked only when an honorific
 * comes). */
static void note_other_last(embargo_scanner *s, const char *key, size_t kl, size_t gk) {
    uint32_t h = sur_hash(key, kl), k = 0, old = 0;
    while (k < s->nother && s->other_last[k].hash != h) k++;
    int fresh = k == s->nother;
    if (k == OTHER_LAST) { /* full: the one written longest ago goes */
        for (k = 1; k < OTHER_LAST; k++)
            if (s->other_last[k].tick < s->other_last[old].tick) old = k;
        k = old;
    } else if (k == s->nother) {
        s->nother++;
    }
    s->other_last[k].hash = h;
    s->other_last[k].tick = ++s->tick;
    s->other_last[k].gender = 0; /* maybe someone else of that surname */
    const word *g = &s->words[gk];
    char *low = s->other_last[k].given;
    size_t ll = lower_ascii((const char *)s->text.data + g->s, g->e - g->s, low, sizeof(s->other_last[k].given));
    low[ll] = 0;
    if (fresh) s->other_last[k].first = s->tick;
}

/* The gender an honorific right before words[a] gives: 'm' (Mr.), 'f'
 * (Ms., Mrs., Miss, Madam), or 0. */
static char honorific_gender(const embargo_scanner *s, size_t a) {
    static const char *const FEMALE[] = {"ms", "mrs", "miss", "madam", "mme"};
    if (a == 0 || s->words[a].brk || !s->words[a - 1].title) return 0;
    const word *w = &s->words[a - 1];
    const char *t = (const char *)s->text.data + w->s;
    size_t n = w->e - w->s;
    if (n == 2 && !strncasecmp(t, "mr", 2)) return 'm';
    return in_list(FEMALE, sizeof(FEMALE) / sizeof(FEMALE[0]), t, n) ? 'f' : 0;
}

/* The gender the list gives a person: 'm', 'f', or 0. */
static char listed_gender(const embargo_index *ix, const embargo_entity *e) {
    for (uint32_t i = 0; i < e->field_count; i++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, i, &f) || f.kind != EMBARGO_FIELD_GENDER || !f.len) continue;
        return (f.text[0] | 32) == 'f' ? 'f' : (f.text[0] | 32) == 'm' ? 'm' : 0;
    }
    return 0;
}

/* Whether person h is of another gender than the honorific g before a
 * lone surname says (Ms. Kim is not Kim Jong Un). */
static int other_gender(const embargo_index *ix, const hit_rec *h, char g) {
    if (!g) return 0;
    char lg = listed_gender(ix, &h->hit.entity);
    return lg && lg != g;
}

/* Whether someone no list names was named in full with the surname of
 * word words[a] after person h last was: then a lone surname is that
 * someone's (Alexei Miller ... Matthew Miller said ... Mr. Miller added),
 * unless an honorific before it gives another gender than one given that
 * someone before (Kim Yo Jong ... Kim Hong-kyun ... Mr. Kim ... Ms. Kim:
 * Kim Yo Jong). */
/* Whether words[k] is written as a word of one of entity e's listed
 * names, but for case, apostrophes and hyphens. */
static int listed_word_as_written(const embargo_index *ix, uint32_t e, const char *w, size_t n) {
    char a[48], b[48];
    size_t al = 0;
    for (size_t i = 0; i < n && al < sizeof(a); i++)
        if (w[i] != '\'' && w[i] != '-') a[al++] = (char)(w[i] | (w[i] >= 'A' && w[i] <= 'Z' ? 32 : 0));
    if (al == 0 || al == sizeof(a)) return 0;
    const emb_ix_entity *x = &ix->entities[e];
    for (uint32_t k = 0; k < x->name_count; k++) {
        const emb_ix_name *nm = &ix->names[x->first_name + k];
        for (uint32_t i = 0; i < nm->token_count; i++) {
            const emb_ix_token *tk = &ix->tokens[nm->first_token + i];
            const char *q = ix->strings + tk->text;
            size_t bl = 0;
            for (size_t j = 0; j < tk->len && bl < sizeof(b); j++)
                if (q[j] != '\'' && q[j] != '-') b[bl++] = (char)(q[j] | (q[j] >= 'A' && q[j] <= 'Z' ? 32 : 0));
            if (bl == al && memcmp(a, b, al) == 0) return 1;
        }
    }
    return 0;
}

#define APPOSITION_WORDS 12 /* words after an honorific's surname read for its full name */

static int possessive_s(const embargo_scanner *s, size_t k);

/* Whether an honorific's lone surname words[a] (Mr. Kim, not Kim's) is
 * followed in its sentence, after a comma, by a full name of that surname
 * whose name word beside it is no word of the listed person h's names:
 * the apposition says who is meant (Mr. Kim of the unification ministry
 * in Seoul, Kim Byung-joo, after Kim Jong Un). */
static int namesake_after(embargo_scanner *s, size_t a, const hit_rec *h) {
    const char *t = (const char *)s->text.data;
    const word *w = &s->words[a];
    size_t n = w->e - w->s;
    if (!honorific_gender(s, a) || (a + 1 < s->nwords && possessive_s(s, a + 1))) return 0;
    for (size_t j = a + 1; j < s->nwords && j <= a + APPOSITION_WORDS && !s->words[j].sentence; j++) {
        const word *x = &s->words[j];
        if (x->e - x->s != n || strncasecmp(t + x->s, t + w->s, n) != 0) continue;
        /* the name after a comma: Kim Byung-joo (surname first) or Sung Kim */
        size_t g = 0;
        if (x->brk && x->s > 0 && j + 1 < s->nwords && !s->words[j + 1].brk &&
            s->words[j + 1].shape == SHAPE_TITLE && memchr(t + s->words[j - 1].e, ',', x->s - s->words[j - 1].e))
            g = j + 1;
        else if (j > a + 1 && !x->brk && s->words[j - 1].shape == SHAPE_TITLE && s->words[j - 1].brk &&
                 memchr(t + s->words[j - 2].e, ',', s->words[j - 1].s - s->words[j - 2].e))
            g = j - 1;
        if (!g) continue;
        const word *y = &s->words[g];
        return !listed_word_as_written(s->ix, h->hit.entity.index, t + y->s, y->e - y->s);
    }
    return 0;
}

static int namesake_since(embargo_scanner *s, size_t a, const hit_rec *h) {
    if (!s->nother) return 0;
    char key[KEY_CAP];
    int other;
    size_t kl = word_key_of(s, (const char *)s->text.data + s->words[a].s, s->words[a].e - s->words[a].s,
                            key, &other);
    if (kl == 0 || kl == (size_t)-1) return 0;
    uint32_t hash = sur_hash(key, kl);
    char g = honorific_gender(s, a);
    for (uint32_t k = 0; k < s->nother; k++) {
        if (s->other_last[k].hash != hash) continue;
        if (s->other_last[k].tick <= h->full_tick) return 0;
        /* the sex the given name says, if the text gave none (Emily
         * Nasrallah is no Mr. Nasrallah) */
        if (g && !s->other_last[k].gender) s->other_last[k].gender = given_gender(s->other_last[k].given);
        if (g && s->other_last[k].gender && s->other_last[k].gender != g) return 0;
        if (g) s->other_last[k].gender = g;
        return 1;
    }
    return 0;
}

/* A match of entity e through its name ni (its i-th) with this score. */
static int make_match(const embargo_index *ix, uint32_t e, uint32_t i, double score, span_match *out) {
    memset(out, 0, sizeof(*out));
    if (embargo_index_entity(ix, e, &out->entity)) return -1;
    const emb_ix_name *n = &ix->names[ix->entities[e].first_name + i];
    out->name_index = i;
    out->matched_name = ix->strings + n->text;
    out->matched_name_len = n->text_len;
    out->score = score;
    out->same_word = 1;
    return 0;
}

/* The first hit from number `from` on (in hits order) of a person named
 * in full who has this key as a surname, with in *ni the first of its names
 * that has it (hit_surname); s->nhits if none. Asks the surname table, not
 * every hit. */
static size_t first_surname_hit(embargo_scanner *s, const char *key, size_t kl, size_t from, long *ni) {
    uint32_t hash = sur_hash(key, kl);
    hash |= !hash;
    size_t best = s->nhits;
    for (uint32_t j = hash & (s->sur_cap - 1); s->sur_cap && s->sur_tab[j].hash; j = (j + 1) & (s->sur_cap - 1)) {
        uint32_t k = s->sur_tab[j].hit;
        if (s->sur_tab[j].hash != hash || k < from || k >= best) continue;
        long n = hit_surname(s->ix, &s->hits[k], key, kl);
        if (n >= 0) best = k, *ni = n;
    }
    return best;
}

/* A single name word (words[a]) that is the surname of a person the
 * document has named in full, by its romanisation key: screening a lone
 * word ranks a surname of a long name (MADURO MOROS) below other names, so
 * the hits are asked directly. The person named first wins (Kim Jong Un
 * before Kim Yo Jong). Sets *done when it reported. */
static embargo_status followup_by_key(scan_ctx *c, size_t a, size_t ws, size_t we, int *done) {
    embargo_scanner *s = c->s;
    const char *t = (const char *)s->text.data;
    size_t i = 0;
    while (i < s->nhits && !(s->hits[i].full && s->hits[i].hit.entity.type == EMBARGO_TYPE_PERSON)) i++;
    if (i == s->nhits) return EMBARGO_OK; /* nobody named in full yet */
    char key[KEY_CAP];
    int other;
    size_t kl = word_key_of(s, t + s->words[a].s, s->words[a].e - s->words[a].s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    if (kl == 0 || !sur_bloom_has(s, key, kl)) return EMBARGO_OK;
    char g = honorific_gender(s, a);
    for (long ni = -1; (i = first_surname_hit(s, key, kl, i, &ni)) < s->nhits; i++) {
        hit_rec *h = &s->hits[i];
        if (other_gender(s->ix, h, g)) continue;
        if (namesake_since(s, a, h) || namesake_after(s, a, h)) {
            *done = 1; /* someone else's, named since or right after: nothing to report */
            return EMBARGO_OK;
        }
        span_match m;
        if (make_match(s->ix, h->hit.entity.index, (uint32_t)ni, h->hit.score, &m)) continue;
        *done = 1;
        return emit(c, &m, ws, we, "surname after an earlier full mention");
    }
    return EMBARGO_OK;
}

/* Whether the window writes word w's plural after "the" (the Houthis for
 * Houthi): the word is then a group's or a family's name, and a headline's
 * lone Houthi (Houthi Missile Hits Ship) its adjective, no one of it, as
 * a family word after it says (Rodriguez Siblings). */
static int plural_after_the(const embargo_scanner *s, const word *w) {
    const char *t = (const char *)s->text.data;
    size_t n = w->e - w->s;
    for (size_t k = 1; k < s->nwords; k++) {
        const word *v = &s->words[k], *u = &s->words[k - 1];
        if (v->e - v->s != n + 1 || t[v->e - 1] != 's' || memcmp(t + v->s, t + w->s, n)) continue;
        if (u->e - u->s == 3 && strncasecmp(t + u->s, "the", 3) == 0) return 1;
    }
    return 0;
}

/* A lone surname (words[a]) in a headline that named nobody: a headline
 * names people by surname before the text names them in full (Putin Moves
 * Patrushev..., then the body's Vladimir Putin); in prose a capitalised
 * word before a full name is more often a group's (Houthi military
 * spokesman ..., then Abdul Malik al-Houthi). Kept for the end of the
 * window, when resolve_pending gives it to the next full name of that
 * surname. Not a surname that someone the text named in full already
 * bears, listed or not: that one is theirs. */
static embargo_status surname_later(embargo_scanner *s, size_t a) {
    /* a family's surname names no one of it (Rodriguez Siblings) */
    static const char *const FAMILY[] = {"siblings", "brothers", "sisters", "family", "clan", "dynasty",
                                         "couple", "twins"};
    const word *w = &s->words[a];
    if (s->npending == PENDING || !w->head || w->shape != SHAPE_TITLE || w->e - w->s < 3 || w->said)
        return EMBARGO_OK;
    if (a + 1 < s->nwords && s->words[a + 1].line == w->line &&
        in_list(FAMILY, sizeof(FAMILY) / sizeof(FAMILY[0]), (const char *)s->text.data + s->words[a + 1].s,
                s->words[a + 1].e - s->words[a + 1].s))
        return EMBARGO_OK;
    char key[KEY_CAP];
    int other;
    size_t kl = word_key_of(s, (const char *)s->text.data + w->s, w->e - w->s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    if (kl == 0 || bloom_has(s->other_bloom, key, kl) || sur_bloom_has(s, key, kl)) return EMBARGO_OK;
    if (plural_after_the(s, w)) return EMBARGO_OK;
    s->pending[s->npending].word = (uint32_t)a;
    s->pending[s->npending++].tick = s->tick;
    bloom_add(s->pend_bloom, key, kl);
    return EMBARGO_OK;
}

/* The lone surnames kept by surname_later, now that the window has been
 * read: each is the person named in full first after it with that
 * surname, if that person is listed (Kim ... Kim Jong Un ... Kim Yung-ho:
 * Kim Jong Un; Miller ... Matthew Miller ... Alexei Miller: nobody). */
static embargo_status resolve_pending(scan_ctx *c) {
    embargo_scanner *s = c->s;
    const char *t = (const char *)s->text.data;
    for (uint32_t p = 0; p < s->npending; p++) {
        size_t a = s->pending[p].word;
        uint32_t after = s->pending[p].tick;
        const word *w = &s->words[a];
        if (w->said) continue;
        char key[KEY_CAP];
        int other;
        size_t kl = word_key_of(s, t + w->s, w->e - w->s, key, &other);
        if (kl == (size_t)-1) return EMBARGO_ENOMEM;
        if (kl == 0) continue;
        hit_rec *best = NULL;
        long best_ni = -1;
        const char *how = "surname before a later full mention";
        for (size_t i = 0; i < s->nhits && sur_bloom_has(s, key, kl); i++) {
            hit_rec *h = &s->hits[i];
            if (!h->full || h->hit.entity.type != EMBARGO_TYPE_PERSON || h->first_tick <= after) continue;
            if (best && h->first_tick >= best->first_tick) continue;
            long ni = hit_surname(s->ix, h, key, kl);
            if (ni < 0) continue;
            best = h;
            best_ni = ni;
        }
        /* else someone the text names later by this surname alone, never in
         * full (a headline's Shoigu before "(Defence Minister Sergei)
         * Shoigu said"): the surname-alone rule has found it rare and
         * theirs */
        uint64_t at = doc_offset(c, w->e);
        for (size_t i = 0; i < s->nhits && !best; i++) {
            hit_rec *h = &s->hits[i];
            if (!h->lone || h->full || h->hit.entity.type != EMBARGO_TYPE_PERSON || h->hit.first_start < at)
                continue;
            long ni = hit_surname(s->ix, h, key, kl);
            if (ni < 0) continue;
            best = h;
            best_ni = ni;
            how = "surname before a later mention of it alone";
        }
        if (!best) continue;
        /* someone no list names, of that surname, named in full first */
        uint32_t hash = sur_hash(key, kl);
        int namesake = 0;
        for (uint32_t k = 0; k < s->nother && !namesake; k++)
            namesake = s->other_last[k].hash == hash && s->other_last[k].first < best->first_tick;
        if (namesake) continue;
        span_match m;
        if (make_match(s->ix, best->hit.entity.index, (uint32_t)best_ni, best->hit.score, &m)) continue;
        embargo_status st = emit(c, &m, w->s, w->e, how);
        if (st) return st;
    }
    return EMBARGO_OK;
}

/* Whether entity k (index position) is listed as linked to entity p: a
 * LINKED_TO field of k's is p's first name, as written. */
static int linked_to(const embargo_index *ix, uint32_t k, uint32_t p) {
    const emb_ix_name *pn = &ix->names[ix->entities[p].first_name];
    const char *ptext = ix->strings + pn->text;
    embargo_entity e;
    if (embargo_index_entity(ix, k, &e)) return 0;
    for (uint32_t f = 0; f < e.field_count; f++) {
        embargo_field fd;
        if (embargo_entity_field(ix, &e, f, &fd) || fd.kind != EMBARGO_FIELD_LINKED_TO) continue;
        if (fd.len == pn->text_len && strncasecmp(fd.text, ptext, fd.len) == 0) return 1;
    }
    return 0;
}

/* Whether entity who[p] is the one every other of who[0, n) is listed as
 * linked to. */
static int principal(const embargo_index *ix, const uint32_t *who, size_t n, size_t p) {
    for (size_t k = 0; k < n; k++)
        if (k != p && !linked_to(ix, who[k], who[p])) return 0;
    return 1;
}

/* The words after the comma of a list name "SURNAME, Given Patronymic":
 * [g, g + gl) its first, [pt, pt + pl) its last if it is a patronymic
 * (-vich, -vna, -ich, -ichna) and the name has two or more; 0 if none. */
static int given_words(const char *t, size_t n, size_t *g, size_t *gl, size_t *pt, size_t *pl) {
    const char *comma = memchr(t, ',', n);
    if (!comma) return 0;
    size_t i = (size_t)(comma - t) + 1;
    while (i < n && t[i] == ' ') i++;
    *g = i;
    while (i < n && t[i] != ' ') i++;
    *gl = i - *g;
    size_t e = n;
    while (e > i && t[e - 1] == ' ') e--;
    size_t b = e;
    while (b > i && t[b - 1] != ' ') b--;
    *pt = b;
    *pl = b > i ? e - b : 0;
    static const char *const ENDS[] = {"vich", "vna", "ich", "ichna"};
    int patronymic = 0;
    for (size_t k = 0; k < 4 && *pl; k++) {
        size_t el = strlen(ENDS[k]);
        patronymic |= *pl > el + 3 && strncasecmp(t + e - el, ENDS[k], el) == 0;
    }
    if (!patronymic) *pl = 0;
    return *gl > 0;
}

/* Whether person k's listed patronymic is made from a given name of
 * person p (LUKASHENKA, Viktar Aliaksandravich from LUKASHENKO, Aleksandr;
 * ROTENBERG, Igor Arkadyevich from ROTENBERG, Arkady): k is p's child, as
 * far as the list tells. Compared on the given name less its last letter
 * (Arkad-y, Dmitr-y: Dmitrievich), four letters or more. */
static int child_of(const embargo_index *ix, uint32_t k, uint32_t p) {
    const emb_ix_entity *xk = &ix->entities[k], *xp = &ix->entities[p];
    for (uint32_t i = 0; i < xk->name_count; i++) {
        const emb_ix_name *nk = &ix->names[xk->first_name + i];
        const char *tk = ix->strings + nk->text;
        size_t g, gl, pt, pl;
        if (!given_words(tk, nk->text_len, &g, &gl, &pt, &pl) || !pl) continue;
        for (uint32_t j = 0; j < xp->name_count; j++) {
            const emb_ix_name *np = &ix->names[xp->first_name + j];
            const char *tp = ix->strings + np->text;
            size_t g2, gl2, pt2, pl2;
            if (!given_words(tp, np->text_len, &g2, &gl2, &pt2, &pl2) || gl2 < 5) continue;
            if (strncasecmp(tk + pt, tp + g2, gl2 - 1) == 0) return 1;
        }
    }
    return 0;
}

/* The head of the only family among the people who[0, n) of a surname:
 * the one person whom another of them is listed as linked to or is the
 * child of (child_of), when nobody else of them has anyone so (Dmitry
 * Medvedev, whose son is listed as linked to him, and not the two
 * unrelated Medvedevs listed alone; Alyaksandr Lukashenka, whose sons
 * Viktar and Dzmitry Aliaksandravich are listed): a person listed with
 * their family is the prominent one. n if none. */
static size_t family_head(const embargo_index *ix, const uint32_t *who, size_t n) {
    size_t head = n;
    for (size_t p = 0; p < n; p++)
        for (size_t k = 0; k < n; k++) {
            if (k == p || !(linked_to(ix, who[k], who[p]) || child_of(ix, who[k], who[p]))) continue;
            if (head != n && head != p) return n; /* two families (Rotenberg) */
            head = p;
            break;
        }
    return head;
}

/* Whether the word is an English function word (of, the, with). */
static int substance_less(const char *t, const word *w) {
    char low[48];
    size_t ll = lower_ascii(t + w->s, w->e - w->s, low, sizeof(low));
    return ll && function_word(low, ll);
}

#define TITLE_CUE_WORDS 4 /* words before a surname alone read for a listed title */

/* Whether the listed title text t[0, n) holds the words a, b in a row
 * (any case, as whole words). */
static int title_holds(const char *t, size_t n, const char *a, size_t al, const char *b, size_t bl) {
    for (size_t i = 0; i + al + 1 + bl <= n; i++) {
        if ((i > 0 && is_word_cp((unsigned char)t[i - 1])) || strncasecmp(t + i, a, al) != 0 ||
            t[i + al] != ' ' || strncasecmp(t + i + al + 1, b, bl) != 0)
            continue;
        size_t e = i + al + 1 + bl;
        if (e == n || !is_word_cp((unsigned char)t[e])) return 1;
    }
    return 0;
}

/* Which of the people who[0, n) of a surname alone at words[a] the title
 * right before it gives: two words in a row of at most TITLE_CUE_WORDS
 * before it, in its sentence ("Supreme Leader Khamenei"), are two words in
 * a row of the listed title of exactly one of them (KHAMENEI, Ali: Supreme
 * Leader of Iran; not his son). n if none or several. */
static size_t title_cue(const embargo_scanner *s, size_t a, const uint32_t *who, size_t n) {
    const char *t = (const char *)s->text.data;
    size_t lo = a;
    while (lo > 0 && a - lo < TITLE_CUE_WORDS && !s->words[lo].brk && s->words[lo - 1].line == s->words[a].line)
        lo--;
    size_t found = n;
    for (size_t p = 0; p < n; p++) {
        embargo_entity e;
        if (embargo_index_entity(s->ix, who[p], &e)) continue;
        int says = 0;
        for (uint32_t f = 0; f < e.field_count && !says; f++) {
            embargo_field fd;
            if (embargo_entity_field(s->ix, &e, f, &fd) || fd.kind != EMBARGO_FIELD_TITLE) continue;
            for (size_t j = lo; j + 1 < a && !says; j++) {
                const word *x = &s->words[j], *y = &s->words[j + 1];
                /* words of substance: not "of the", no possessive s */
                if (x->e - x->s < 3 || y->e - y->s < 3 || substance_less(t, x) || substance_less(t, y))
                    continue;
                says = title_holds(fd.text, fd.len, t + x->s, x->e - x->s, t + y->s, y->e - y->s);
            }
        }
        if (!says) continue;
        if (found != n) return n;
        found = p;
    }
    return found;
}

/* Whether the word w (n bytes) is written as a surname word of one of
 * entity e's listed names, but for case, apostrophes and hyphens (Qaani:
 * QA'ANI; not Akhmat, which only the romanisation key makes AHMAT). */
static int surname_as_written(const embargo_index *ix, uint32_t e, const char *w, size_t n) {
    char a[48], b[48];
    size_t al = 0;
    for (size_t i = 0; i < n && al < sizeof(a); i++)
        if (w[i] != '\'' && w[i] != '-') a[al++] = (char)(w[i] | (w[i] >= 'A' && w[i] <= 'Z' ? 32 : 0));
    if (al == 0 || al == sizeof(a)) return 0;
    const emb_ix_entity *x = &ix->entities[e];
    for (uint32_t k = 0; k < x->name_count; k++) {
        const emb_ix_name *nm = &ix->names[x->first_name + k];
        uint8_t sur[EMB_NAME_MAX_TOKENS];
        if (nm->token_count > EMB_NAME_MAX_TOKENS) continue;
        surname_tokens(ix, nm, sur);
        for (uint32_t i = 0; i < nm->token_count; i++) {
            if (!sur[i]) continue;
            const emb_ix_token *tk = &ix->tokens[nm->first_token + i];
            const char *q = ix->strings + tk->text;
            size_t bl = 0;
            for (size_t j = 0; j < tk->len && bl < sizeof(b); j++)
                if (q[j] != '\'' && q[j] != '-') b[bl++] = (char)(q[j] | (q[j] >= 'A' && q[j] <= 'Z' ? 32 : 0));
            if (bl == al && memcmp(a, b, al) == 0) return 1;
        }
    }
    return 0;
}

/* A single capitalised word that is the surname of exactly one listed
 * person and rare as a word people are called (Lavrov, Nabiullina; never
 * Kim, Lopez, Ali, Miller): a prominent person named by surname alone.
 * Reported with a lower score. Sets *done when it reported. */

static int possessive_s(const embargo_scanner *s, size_t k);

static embargo_status surname_alone(scan_ctx *c, size_t a, size_t ws, size_t we, int *done) {
    embargo_scanner *s = c->s;
    const embargo_index *ix = s->ix;
    const word *w = &s->words[a];
    const char *t = (const char *)s->text.data;
    if (s->opts.threshold > SURNAME_ALONE_SCORE || w->shape != SHAPE_TITLE || we - ws < 5) return EMBARGO_OK;
    /* in running prose only, not in a payment line (INVOICE Kosachyov):
     * some lower-case words on its line, next to it */
    size_t prose = 0;
    for (size_t i = a > 12 ? a - 12 : 0; i < s->nwords && i < a + 12; i++)
        if (s->words[i].line == w->line && s->words[i].shape == SHAPE_LOWER) prose++;
    if (prose < 4) return EMBARGO_OK;
    char low[48];
    size_t ll = lower_ascii(t + w->s, w->e - w->s, low, sizeof(low));
    if (!ll) return EMBARGO_OK;
    emb_name_stat st;
    name_stats(s, low, ll, &st);
    if (st.word || st.person_df >= SURNAME_ALONE_DF) return EMBARGO_OK;
    char key[KEY_CAP];
    int other;
    size_t kl = word_key_of(s, t + w->s, w->e - w->s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    if (kl == 0) return EMBARGO_OK;
    /* the surname of someone the text named in full whom no list names
     * (Daniil Medvedev ... Medvedev said) */
    if (bloom_has(s->other_bloom, key, kl)) return EMBARGO_OK;
    long term = emb__index_term(ix, ix->keyhash, ix->keyhash_cap, ix->keys, key, kl);
    if (term < 0) return EMBARGO_OK;
    const emb_ix_term *tm = &ix->keys[term];
    if (tm->post_count > SURNAME_ALONE_POSTINGS) return EMBARGO_OK;
    uint32_t who[SURNAME_ALONE_PEOPLE], name[SURNAME_ALONE_PEOPLE];
    size_t people = 0;
    for (uint32_t i = 0; i < tm->post_count; i++) {
        uint32_t ni = ix->postings[tm->post + i];
        if (ni >= ix->nnames || ix->names[ni].weak) continue;
        uint32_t e = ix->names[ni].entity;
        if (ix->entities[e].type != EMBARGO_TYPE_PERSON) continue;
        if (!name_has_surname(ix, ni, key, kl)) continue;
        size_t k = 0;
        while (k < people && who[k] != e && !embargo_index_same_group(ix, who[k], e)) k++;
        if (k < people) continue; /* one person, or another list's entry of them */
        if (people == SURNAME_ALONE_PEOPLE) return EMBARGO_OK;
        who[people] = e;
        name[people++] = ni - ix->entities[e].first_name;
    }
    if (people == 0) return EMBARGO_OK;
    /* several people: the one the others are listed as linked to (Shoigu's
     * wife and daughters, LINKED TO: SHOIGU, Sergei); else the one the title
     * before the surname gives; else the only one listed with family; or
     * nobody (two Kovalchuks with families of their own) */
    size_t p = 0;
    if (people > 1) {
        while (p < people && !principal(ix, who, people, p)) p++;
        if (p == people) p = title_cue(s, a, who, people);
        if (p == people) p = family_head(ix, who, people);
        /* else the only one of them whose listed surname is the word as
         * written (Qaani: QA'ANI, Esma'il, whose key GHANI and KANI share) */
        for (size_t q = 0; q < people && p == people; q++) {
            if (!surname_as_written(ix, who[q], t + w->s, w->e - w->s)) continue;
            size_t r = q + 1;
            while (r < people && !surname_as_written(ix, who[r], t + w->s, w->e - w->s)) r++;
            if (r < people) break;
            p = q;
        }
        if (p == people) return EMBARGO_OK;
    }
    /* a city in the lists' addresses (index: PLACES) is that place (In
     * Amman, the... is no AMAN, Mohammed) */
    if (emb__index_place(s->ix, t + w->s, w->e - w->s)) return EMBARGO_OK;
    /* nor is a country or its adjective anyone (Danish authorities: no
     * AL-DAKHIL, also written DANISH) */
    if (emb__country_codes(t + w->s, w->e - w->s)) return EMBARGO_OK;
    /* nor a word after "in" or "near", but for a possessive (a tournament
     * in Turin: no TURIN; in Lavrov's remarks is Lavrov) */
    if (a > 0 && !w->brk && !(a + 1 < s->nwords && possessive_s(s, a + 1))) {
        static const char *const AT[] = {"in", "near"};
        const word *pw = &s->words[a - 1];
        if (in_list(AT, 2, t + pw->s, pw->e - pw->s)) return EMBARGO_OK;
    }
    /* a surname alone that the romanisation key alone makes a listed one
     * is another name (the Akhmat battalions: no AHMAT, Abdul Qadir), unless
     * a title before it is the listed person's */
    if (!surname_as_written(ix, who[p], t + w->s, w->e - w->s) && title_cue(s, a, who + p, 1) != 0)
        return EMBARGO_OK;
    span_match m;
    if (make_match(ix, who[p], name[p], SURNAME_ALONE_SCORE, &m)) return EMBARGO_OK;
    *done = 1;
    embargo_status est = emit(c, &m, ws, we, "surname alone");
    hit_rec *h = est ? NULL : find_hit(s, who[p]);
    if (h) h->lone = 1;
    return est;
}

/* Whether the entity has an address or country field holding the word
 * (case-insensitive, as a whole word): "Dubai" is where DUBAI TRADING
 * COMPANY is, and a lone "Dubai" in a text names the place. */
static int word_in_address(const embargo_index *ix, const embargo_entity *e, const char *w, size_t n) {
    for (uint32_t k = 0; k < e->field_count; k++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, k, &f)) continue;
        if (f.kind != EMBARGO_FIELD_ADDRESS && f.kind != EMBARGO_FIELD_COUNTRY &&
            f.kind != EMBARGO_FIELD_BIRTH_PLACE)
            continue;
        int letter = ((w[0] | 32) >= 'a' && (w[0] | 32) <= 'z');
        int c0 = letter ? (w[0] | 32) : (unsigned char)w[0], c1 = letter ? (w[0] & ~32) : c0;
        const char *hit = f.text;
        for (size_t j = 0; j + n <= f.len; j = (size_t)(hit - f.text) + 1) {
            /* to the next byte that may begin the word (memchr: the
             * place test reads every address of the lists) */
            const char *lo = memchr(f.text + j, c0, f.len - n + 1 - j);
            const char *up = memchr(f.text + j, c1, f.len - n + 1 - j);
            hit = !lo ? up : !up ? lo : lo < up ? lo : up;
            if (!hit) break;
            j = (size_t)(hit - f.text);
            if (j > 0 && ((f.text[j - 1] | 32) >= 'a' && (f.text[j - 1] | 32) <= 'z')) continue;
            if (j + n < f.len && ((f.text[j + n] | 32) >= 'a' && (f.text[j + n] | 32) <= 'z')) continue;
            if (!strncasecmp(f.text + j, w, n)) return 1;
        }
    }
    return 0;
}

/* Whether a listed name has a generic organisation word (TRADING, GROUP). */
static int generic_besides(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    for (uint32_t i = 0; i < n->token_count; i++)
        if (ix->tokens[n->first_token + i].flags & EMB_TOK_GENERIC) return 1;
    return 0;
}

/* Whether one name word words[a] = text [ws, we) names the organisation
 * (or, after "tanker", the vessel) of its best match m0: a listed name of
 * that one word (generic words and legal forms aside: STATE CORPORATION
 * ROSTEC is Rostec's), matched strongly (0.85), or as the very word at the
 * threshold; five letters or more, or an acronym in capitals that is a
 * listed name exactly (IRGC, NIOC); not just any capitalised word at the
 * start of a sentence (It, Olympia) unless it is the name exactly; no
 * ordinary word or name people are called; not the place the entity is at
 * (Dubai). */
/* Whether a word is the name of a month or of a day of the week. */
static int calendar_word(const char *w, size_t n) {
    static const char *const CALENDAR[] = {"january", "february", "march", "april", "may", "june", "july",
                                           "august", "september", "october", "november", "december",
                                           "monday", "tuesday", "wednesday", "thursday", "friday",
                                           "saturday", "sunday"};
    return in_list(CALENDAR, sizeof(CALENDAR) / sizeof(CALENDAR[0]), w, n);
}

/* Whether one of a word's matches mm[0, n) is a weak alias of some entity
 * that is that word alone (ZENIT of ZENIT 3D; SINA of the vessel SONIA I):
 * OFAC says the word is too broad to tell an entity, so it tells none of
 * the others either whose listed name it matches only by leaving words
 * out (BANK ZENIT OAO, SINA BANK), whichever of them ranks first. */
static int weak_word(const embargo_index *ix, const span_match *mm, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (ix->names[ix->entities[mm[i].entity.index].first_name + mm[i].name_index].weak && mm[i].same_word &&
            name_tokens(ix, &mm[i].entity, mm[i].name_index) == 1)
            return 1;
    return 0;
}

static int single_word_org(embargo_scanner *s, const span_match *m0, size_t a, size_t ws, size_t we,
                           size_t halves) {
    const char *t = (const char *)s->text.data;
    const word *w = &s->words[a];
    int acronym = w->shape == SHAPE_UPPER && we - ws >= 3 && we - ws <= 4 && halves == 1 &&
                  m0->score >= 1.0;
    double need = m0->same_word ? s->opts.threshold : SINGLE_WORD_SCORE;
    if (m0->score < need || m0->score < s->opts.threshold) return 0;
    /* a word of the listed name of an organisation named in full before
     * (State Corporation Rostec ... Rostec has) */
    const hit_rec *named = find_hit(s, m0->entity.index);
    int after = named && named->full && m0->same_word && m0->entity.type == EMBARGO_TYPE_ORGANIZATION;
    /* a weak alias (OFAC's word for one too broad to tell the entity: ZENIT
     * of ZENIT 3D, a football club's name too) alone names nobody */
    if (!after && s->ix->names[s->ix->entities[m0->entity.index].first_name + m0->name_index].weak) return 0;
    /* nor a word of a listed name that a letter goes with (Crypto for
     * B-CRYPTO) */
    if (!after && m0->letter_left) return 0;
    /* at a sentence's start the word must be the name, or such a word */
    /* (an acronym of an organisation named before: Belarus's KGB ... the KGB) */
    int short_after = after && w->shape == SHAPE_UPPER && we - ws >= 3 && halves == 1;
    if ((we - ws < 5 && !acronym && !short_after) || (w->sentence && m0->score < NEWS_LISTED_SCORE && !after))
        return 0;
    if (m0->entity.type == EMBARGO_TYPE_PERSON || m0->entity.type == EMBARGO_TYPE_UNKNOWN) return 0;
    /* (after a word such as "tanker" the word is the ship's name, whatever
     * else people call by it: the tanker Devon) */
    int ship = (m0->entity.type == EMBARGO_TYPE_VESSEL || m0->entity.type == EMBARGO_TYPE_AIRCRAFT) &&
               vessel_word_before(s, a);
    /* a month or a day of the week names no company (in October, not
     * LIMITED LIABILITY COMPANY OCTOBER) */
    if (!ship && calendar_word(t + ws, we - ws)) return 0;
    if (!acronym && !ship && ordinary_word(t + ws, we - ws)) return 0;
    if (acronym && m0->matched_name_len != we - ws) return 0;
    /* (a word in halves, Sollers-Finance, as the listed name's two) */
    if (!after && name_words(s->ix, &m0->entity, m0->name_index) != halves &&
        (halves < 2 || name_tokens(s->ix, &m0->entity, m0->name_index) != halves))
        return 0;
    if ((m0->entity.type == EMBARGO_TYPE_VESSEL || m0->entity.type == EMBARGO_TYPE_AIRCRAFT) &&
        !vessel_word_before(s, a))
        return 0;
    /* the place the entity is at (Dubai); but an acronym that is a listed
     * name exactly names its building too (NITC Building, Tehran) */
    if (!acronym && word_in_address(s->ix, &m0->entity, t + ws, we - ws)) return 0;
    /* a place alone is no company of that place and generic words, nor,
     * after a full mention, of a longer name (Sinaloa of SINALOA CARTEL) */
    if ((after || generic_besides(s->ix, &m0->entity, m0->name_index)) && emb__index_place(s->ix, t + ws, we - ws))
        return 0;
    return 1;
}

/* Whether a listed name has a word of its own: not an ordinary English
 * word, a generic organisation word, a legal form or a country; a name
 * without a legal form counts as its own (an agency, a movement). */
static int distinctive_name(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    int legal = 0;
    for (uint32_t i = 0; i < n->token_count; i++)
        legal |= (ix->tokens[n->first_token + i].flags & EMB_TOK_LEGAL) != 0;
    if (!legal) return 1; /* listed as written: ISLAMIC REVOLUTIONARY GUARD CORPS */
    for (uint32_t i = 0; i < n->token_count; i++) {
        const emb_ix_token *t = &ix->tokens[n->first_token + i];
        if (!(t->flags & (EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_LEGAL | EMB_TOK_STOP |
                          EMB_TOK_COUNTRY | EMB_TOK_NUMBER | EMB_TOK_PARTICLE | EMB_TOK_TITLE |
                          EMB_TOK_INITIAL)))
            return 1;
    }
    return 0;
}

static int legal_word(embargo_scanner *s, size_t i);

static int span_has_legal(embargo_scanner *s, size_t a, size_t b) {
    for (size_t i = a; i < b; i++)
        if (legal_word(s, i)) return 1;
    return 0;
}

/* Whether words[k] is a title, or a capitalised ordinary English word
 * that (nearly) no one is called (Supreme, Leader, Council: Wikidata
 * person names hold them under OFFICE_DF times; not Sung, Mark, Young). */
static int office_word(const embargo_scanner *s, size_t k) {
    const word *w = &s->words[k];
    if (w->title) return 1;
    if (w->shape != SHAPE_TITLE || w->skip) return 0;
    char low[48];
    size_t ll = lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
    if (ll < 3) return 0;
    emb_name_stat st;
    name_stats(s, low, ll, &st);
    return st.word && st.person_df < OFFICE_DF;
}

/* Whether words [a, b) are all the name the run [i, r) writes: no other
 * capitalised name word stands beside them (a title, particle, initial or
 * quoted nickname may, and so may a word opening the sentence that is no
 * word people are called: Later, Then).
 * "Silla" of "Virginie Silla" is not a surname
 * alone, and "Carlos" of "Carlos Valderrama" no later mention of a Carlos
 * named before, though the index knows neither Virginie nor Valderrama. */
static int span_alone(const embargo_scanner *s, size_t i, size_t r, size_t a, size_t b) {
    /* an office written in capitalised English words right before the name
     * is a title too (Supreme Leader Khamenei, Security Council Secretary) */
    size_t o = a;
    while (o > i && office_word(s, o - 1)) o--;
    /* in a headline, English words cut the run (Putin | Moves | Patrushev) */
    if (s->words[a].head) {
        size_t lo = o;
        while (lo > i && !s->words[lo - 1].hword) lo--;
        i = lo;
        size_t e = b;
        while (e < r && !s->words[e].hword) e++;
        r = e;
    }
    for (size_t k = i; k < r; k++) {
        const word *w = &s->words[k];
        if (k >= o && k < b) continue;
        if (!w->cap || w->title || w->particle || w->initial || w->skip || w->function || w->plain)
            continue;
        if (w->sentence) { /* Later Mr. Kosachyov said; but Virginie Silla */
            char low[48];
            size_t ll = lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
            if (ll && !personal_word(low, ll)) continue;
        }
        return 0;
    }
    return 1;
}

/* Puts words [a, b) into s->query as one name (a nickname in quotes left
 * out); returns how many name words they hold, *halves counting a word in
 * halves (Wolde-Yohannes) twice. */
static size_t span_query(embargo_scanner *s, size_t a, size_t b, size_t *halves_out) {
    const char *t = (const char *)s->text.data;
    size_t names = 0, halves = 0;
    int named = 0; /* the word before, or its other half, was a name word */
    s->query.len = 0;
    for (size_t i = a; i < b; i++) {
        const word *w = &s->words[i];
        if (w->skip) continue; /* a nickname in quotes */
        /* a word written in halves (Wolde-Yohannes) is one name word */
        int name = !w->title && !w->particle && !w->initial && !w->stop && w->legal != 2;
        if (name && !(w->joined && i > a && named)) names++;
        halves += (size_t)name;
        named = name || (w->joined && i > a && named);
        if (i > a && !w->joined) emb__buf_putc(&s->query, ' ');
        emb__buf_append(&s->query, t + w->s, w->e - w->s);
    }
    *halves_out = halves;
    return names;
}

/* "The" and a capitalised word that is the last word of a listed name of
 * an organisation the document has named in full (the Guards, after the
 * Revolutionary Guards): that organisation, as journalists shorten it. The
 * word has five letters or more and does not open a sentence; screening
 * the word alone finds nothing (generic words name no one), so the hits
 * are asked. Sets *done when it reported. */
static embargo_status org_head_after(scan_ctx *c, size_t a, size_t ws, size_t we, int *done) {
    embargo_scanner *s = c->s;
    const embargo_index *ix = s->ix;
    const char *t = (const char *)s->text.data;
    const word *w = &s->words[a];
    if (we - ws < 5 || w->sentence || w->shape != SHAPE_TITLE || a == 0 || w->brk) return EMBARGO_OK;
    const word *p = &s->words[a - 1];
    if (p->e - p->s != 3 || memcmp(t + p->s, "the", 3) != 0) return EMBARGO_OK;
    /* the first organisation named in full (in hits order), and the first
     * of its names, that ends in the word (head_add): among those the head
     * table holds under the word's hash */
    uint32_t hash = head_hash(t + ws, we - ws), best = UINT32_MAX;
    span_match m;
    for (uint32_t j = hash & (s->head_cap - 1); s->head_cap && s->head_tab[j].hash; j = (j + 1) & (s->head_cap - 1)) {
        uint32_t v = s->head_tab[j].hit;
        if (s->head_tab[j].hash != hash || v >= best) continue;
        const hit_rec *h = &s->hits[v >> 8];
        const emb_ix_name *n = &ix->names[ix->entities[h->hit.entity.index].first_name + (v & 255)];
        const char *nt = ix->strings + n->text;
        if (n->text_len <= we - ws + 1) continue;
        size_t b = n->text_len - (we - ws);
        if (nt[b - 1] != ' ' || strncasecmp(nt + b, t + ws, we - ws) != 0) continue;
        span_match mk;
        if (make_match(ix, h->hit.entity.index, v & 255, NEWS_ALIAS_SCORE, &mk)) continue;
        best = v;
        m = mk;
    }
    if (best == UINT32_MAX) return EMBARGO_OK;
    *done = 1;
    return emit(c, &m, ws, we, "last word after an earlier full mention");
}

static int possessive_s(const embargo_scanner *s, size_t k);

/* The countries of a country written in capitalised words from words[k]
 * on, on the line of words[k] (Jordan, Saudi Arabia, the United Arab
 * Emirates), or NULL. */
static const char *country_at(const embargo_scanner *s, size_t k) {
    const char *t = (const char *)s->text.data;
    for (size_t n = 3; n >= 1; n--) {
        if (k + n > s->nwords) continue;
        size_t j = k;
        while (j < k + n && s->words[j].cap && s->words[j].line == s->words[k].line &&
               (j == k || !s->words[j].brk))
            j++;
        if (j < k + n) continue;
        const char *codes = emb__country_codes(t + s->words[k].s, s->words[k + n - 1].e - s->words[k].s);
        if (codes) return codes;
    }
    return NULL;
}

/* The country the words around words [a, b) give an organisation's name:
 * "of" or "in" (and "the") and a country after it (the Central Bank of
 * Jordan, the Islamic Resistance in Iraq), or
 * a country's possessive or adjective right before it (Jordan's Central
 * Bank, the Jordanian Central Bank); NULL if none. */
static const char *org_country_around(const embargo_scanner *s, size_t a, size_t b) {
    const char *t = (const char *)s->text.data;
    if (b + 1 < s->nwords && !s->words[b].brk && s->words[b].e - s->words[b].s == 2 &&
        (!memcmp(t + s->words[b].s, "of", 2) || !memcmp(t + s->words[b].s, "in", 2))) {
        size_t k = b + 1;
        if (k + 1 < s->nwords && s->words[k].e - s->words[k].s == 3 && !memcmp(t + s->words[k].s, "the", 3))
            k++;
        if (!s->words[k].brk) {
            const char *c = country_at(s, k);
            if (c) return c;
        }
    }
    if (a >= 1 && !s->words[a].brk) {
        size_t k = a - 1;
        if (possessive_s(s, k) && k >= 1) k--;
        else if (!s->words[k].cap) return NULL;
        return emb__country_codes(t + s->words[k].s, s->words[k].e - s->words[k].s);
    }
    return NULL;
}

/* Words [a, b) of two or more name words are no listed name: if they are a
 * person's as a text writes one (a given name, not an office, before a
 * capitalised last word: Daniil Medvedev), that last word is the surname
 * of someone not listed, and no surname alone later in the document. */
static embargo_status note_other(embargo_scanner *s, size_t a, size_t b) {
    const word *last = &s->words[b - 1];
    /* (in a headline, a word that is no name is no surname either: Heads
     * of "Lavrov Heads To Ankara") */
    if (last->shape != SHAPE_TITLE || last->joined || last->skip || (last->head && last->hword)) return EMBARGO_OK;
    int given = 0;
    size_t gk = a;
    for (size_t k = a; k + 1 < b && !given; k++)
        if ((given = !s->words[k].skip && !s->words[k].particle && !s->words[k].initial &&
                     !(s->words[k].head && s->words[k].hword) && !office_word(s, k)))
            gk = k;
    if (!given) return EMBARGO_OK;
    char key[KEY_CAP];
    int other;
    size_t kl = word_key_of(s, (const char *)s->text.data + last->s, last->e - last->s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    if (kl) {
        bloom_add(s->other_bloom, key, kl);
        note_other_last(s, key, kl, gk);
    }
    return EMBARGO_OK;
}

/* Whether every name word of words [a, b) (not a title, particle, initial
 * or quoted nickname) is a name held by `df` Wikidata person names or more:
 * COMMON_NAME_DF, a name many people have (Ali, Hussein, Castro; not
 * Khamenei, Guzman); SPELT_NAME_DF, a name people have as written. */
static int common_names(const embargo_scanner *s, size_t a, size_t b, unsigned df) {
    int any = 0;
    for (size_t k = a; k < b; k++) {
        const word *w = &s->words[k];
        if (w->title || w->particle || w->initial || w->skip || (w->joined && k > a)) continue;
        char low[48];
        size_t ll = lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
        if (!ll || (k + 1 < b && s->words[k + 1].joined)) return 0; /* not ASCII; a word in halves */
        emb_name_stat st;
        name_stats(s, low, ll, &st);
        if (st.person_df < df) return 0;
        any = 1;
    }
    return any;
}

/* Whether words[a - 1] is a word in lower case that says a company's name
 * comes: a generic organisation word of the lexicon (group, company) or a
 * word for a maker (carmaker, firm). */
static int company_word_before(embargo_scanner *s, size_t a) {
    static const char *const MAKER[] = {"maker", "carmaker", "automaker", "firm", "brand", "manufacturer",
                                        "contractor", "conglomerate", "giant", "producer", "exporter"};
    const word *w = &s->words[a - 1];
    if (w->shape != SHAPE_LOWER) return 0;
    const char *t = (const char *)s->text.data + w->s;
    size_t n = w->e - w->s;
    if (in_list(MAKER, sizeof(MAKER) / sizeof(MAKER[0]), t, n)) return 1;
    return n <= 12 && (word_flags(s, t, n) & EMB_LEX_ORGWORD) != 0;
}

/* Whether words[k] is the article "a" or "an" in lower case. */
static int article_word(const embargo_scanner *s, size_t k) {
    const char *t = (const char *)s->text.data + s->words[k].s;
    size_t n = s->words[k].e - s->words[k].s;
    return (n == 1 && t[0] == 'a') || (n == 2 && t[0] == 'a' && t[1] == 'n');
}

/* Screens words [a, b) as one name. `alone`: they are the whole name
 * written there (span_alone); a single name word is taken for a surname
 * (of a person named before, or alone) only then. `tail`: a capitalised
 * name word that the index does not know follows them in their run (see
 * name_tail). */
/* Whether every word of [a, b) is a word of a region or a place: a
 * continent, a point of the compass, a sea (REGION_WORDS), a country or
 * its adjective, or a city of the lists' addresses (East Asia, North
 * Africa, Gulf, Baltic Sea). */
static int place_words(embargo_scanner *s, size_t a, size_t b) {
    static const char *const REGION_WORDS[] = {
        "asia", "east", "gulf", "west", "north", "south", "arctic", "baltic", "europe", "middle",
        "africa", "america", "caspian", "central", "eastern", "pacific", "western", "americas", "atlantic",
        "northern", "southern", "caribbean", "mediterranean"};
    const char *t = (const char *)s->text.data;
    for (size_t k = a; k < b; k++) {
        const char *w = t + s->words[k].s;
        size_t n = s->words[k].e - s->words[k].s;
        if (!in_list(REGION_WORDS, sizeof(REGION_WORDS) / sizeof(REGION_WORDS[0]), w, n) &&
            !emb__country_codes(w, n) && !emb__index_place(s->ix, w, n))
            return 0;
    }
    return 1;
}

static embargo_status screen_span(scan_ctx *c, size_t a, size_t b, int alone, int tail) {
    embargo_scanner *s = c->s;
    size_t halves;
    size_t names = span_query(s, a, b, &halves);
    if (s->query.oom) return EMBARGO_ENOMEM;
    if (names == 0 || s->query.len > EMBARGO_MAX_QUERY_BYTES) return EMBARGO_OK;
    double threshold = names >= 2 ? s->opts.threshold : FOLLOWUP_THRESHOLD;
    if (threshold > s->opts.threshold) threshold = s->opts.threshold;
    const span_match *mm;
    size_t n;
    embargo_status st = screen_cached(s, threshold, &mm, &n);
    if (st) return st;
    size_t ws = s->words[a].s, we = s->words[b - 1].e, a0 = a;
    /* a title in front is not part of the name as written */
    while (a < b && s->words[a].title) ws = s->words[++a].s;
    if (names >= 2) {
        if (n == 0 || mm[0].score < s->opts.threshold || mm[0].missing) return note_other(s, a, b);
        /* a person named less their first given name, or half of it
         * (Reza Kazemi is no KAZEMI, Mohammad Reza) */
        if (mm[0].other_given) return note_other(s, a, b);
        /* ...or less the first of two surnames, short of exactly (Ismael
         * Garcia is no ZAMBADA GARCIA, Ismael) */
        if (mm[0].first_sur_left) return note_other(s, a, b);
        /* a person's name of common names that leaves out a given name or
         * surname of the listed one (Ali Hussein for HUSSEIN, Ali Ahmed;
         * Raul Castro for CASTRO RODRIGUEZ, Raul): many people are so
         * called, and the listed one is called more; Ali Khamenei, of a
         * rare surname, is the listed one */
        if (mm[0].entity.type == EMBARGO_TYPE_PERSON && mm[0].score < NATIONALITY_EXACT && mm[0].word_left &&
            common_names(s, a, b, COMMON_NAME_DF))
            return note_other(s, a, b);
        /* ...or whose surname is the listed one only by its sound (Mustafa
         * Kamal for KAMEL, Mustafa; David Abraham for IBRAHIM, Dawood): a
         * name people have, as written, is more often someone else's than
         * another spelling of the listed one's (a given name's spelling is
         * not: Ahmed Jibril is JIBRIL, Ahmad) */
        if (mm[0].entity.type == EMBARGO_TYPE_PERSON && mm[0].score < NATIONALITY_EXACT && mm[0].sounded &&
            common_names(s, a, b, SPELT_NAME_DF))
            return note_other(s, a, b);
        /* a person's name with a word that is another listed word only by
         * edit distance, short of exactly: texts write names as the lists
         * romanise them or as their common forms, which romanisation keys
         * and sound skeletons pair; an edit is another name (Kim Jong Nam
         * is no KIM, Kyong Nam) */
        if (mm[0].entity.type == EMBARGO_TYPE_PERSON && mm[0].edited && mm[0].score < NATIONALITY_EXACT)
            return note_other(s, a, b);
        /* ...so is a listed surname written first before a sound-alike of
         * a listed given name (Saeed Mohammadi is no SAEED, Muhammad) */
        if (mm[0].turned && mm[0].score < NATIONALITY_EXACT) return note_other(s, a, b);
        /* a person's name that goes on with a surname no list has is
         * someone else's (Mohammad Bagher Ghalibaf is no BAGHERI, Mohammad) */
        if (tail && mm[0].entity.type == EMBARGO_TYPE_PERSON) return EMBARGO_OK;
        /* an organisation matched without its country, of another country
         * by the words around it (the Central Bank of Jordan) */
        if (mm[0].left_country) {
            const char *country = org_country_around(s, a, b);
            if (country && !emb__country_overlap(country, mm[0].left_country)) return EMBARGO_OK;
        }
        /* a vessel of fewer words than the span is a one-word vessel name
         * next to another name (Daniel Tan is no tanker DANIEL) */
        if ((mm[0].entity.type == EMBARGO_TYPE_VESSEL || mm[0].entity.type == EMBARGO_TYPE_AIRCRAFT) &&
            name_words(s->ix, &mm[0].entity, mm[0].name_index) < names)
            return EMBARGO_OK;
        /* a person whom the text gives another nationality than the list,
         * matched short of exactly (U.S. special envoy Sung Kim is no KIM
         * Song of North Korea) */
        if (mm[0].entity.type == EMBARGO_TYPE_PERSON && mm[0].score < NATIONALITY_EXACT) {
            const char *country = nationality_before(s, s->words[a0].s);
            if (country && other_nationality(s->ix, &mm[0].entity, country)) return note_other(s, a, b);
        }
        /* a company named with ordinary words alone (PACIFIC OCEAN SHIPPING
         * LIMITED) is that company only when written with its legal form:
         * "Pacific Ocean Shipping" in running text is any such firm */
        if (mm[0].entity.type == EMBARGO_TYPE_ORGANIZATION && !span_has_legal(s, a, b) &&
            !distinctive_name(s->ix, &mm[0].entity, mm[0].name_index))
            return EMBARGO_OK;
        /* ...nor is a region or a place, written with ordinary words, an
         * organisation whose listed name goes on with a word it leaves out
         * (in East Asia: no EAST ASIA TRADING) */
        if (mm[0].entity.type == EMBARGO_TYPE_ORGANIZATION && mm[0].org_left && !span_has_legal(s, a, b) &&
            place_words(s, a, b))
            return EMBARGO_OK;
        st = emit(c, &mm[0], ws, we, "name");
        if (st) return st;
        hit_rec *h = find_hit(s, mm[0].entity.index);
        if (h) {
            if (set_full(s, h)) return EMBARGO_ENOMEM;
            note_evidence(s, h, ws, we);
        }
        return EMBARGO_OK;
    }
    /* One name word: a person named in full earlier in the document, whose
     * name has this very word (or its romanisation: Kosachyov, KOSACHEV)...
     * but not after "a" or "an": a person is not "a Houthi" (a Houthi
     * financier, after Abdul Malik al-Houthi), a family's or a group's
     * member is */
    if (a > 0 && !s->words[a].brk && article_word(s, a - 1)) alone = 0;
    /* ...nor after a word that says a company comes (the Swedish defence
     * group Saab, after Alex Saab) */
    if (a > 0 && !s->words[a].brk && company_word_before(s, a)) alone = 0;
    char g = alone ? honorific_gender(s, a) : 0;
    for (size_t i = 0; i < n && alone; i++) {
        hit_rec *h = find_hit(s, mm[i].entity.index);
        if (!h || !h->full || mm[i].entity.type != EMBARGO_TYPE_PERSON || !mm[i].same_word) continue;
        if (other_gender(s->ix, h, g)) continue;
        if (namesake_since(s, a, h) || namesake_after(s, a, h)) return EMBARGO_OK;
        return emit(c, &mm[i], ws, we, "surname after an earlier full mention");
    }
    if (halves == 1 && alone) {
        int done = 0;
        st = followup_by_key(c, a, ws, we, &done);
        if (st || done) return st;
    }
    /* ...or an organisation named in full before, if the word is one of
     * its name's, ranked first or not (the KGB after Belarus's KGB, where
     * KGB ALPHA ranks first) */
    size_t o = 0;
    /* (a weak alias ranked first, ZENIT of ZENIT 3D, ranks nothing: Zenit
     * after Bank Zenit is the bank) */
    int weak0 = n > 0 && weak_word(s->ix, mm, 1);
    for (size_t i = 1; i < n; i++) {
        const hit_rec *h = find_hit(s, mm[i].entity.index);
        if (h && h->full && mm[i].entity.type == EMBARGO_TYPE_ORGANIZATION && mm[i].same_word &&
            (mm[i].score >= mm[0].score || weak0)) {
            o = i;
            break;
        }
    }
    /* a weak alias's word names no other organisation it matches short of
     * its listed name, unless that one was named in full before */
    int weak_other = 0;
    if (n > 0 && weak_word(s->ix, mm, n) && name_tokens(s->ix, &mm[o].entity, mm[o].name_index) > halves) {
        const hit_rec *ho = find_hit(s, mm[o].entity.index);
        weak_other = !(ho && ho->full);
    }
    if (n > 0 && !weak_other && single_word_org(s, &mm[o], a, ws, we, halves)) {
        st = emit(c, &mm[o], ws, we, "single-word name");
        if (st) return st;
        hit_rec *h = find_hit(s, mm[o].entity.index);
        if (h && set_full(s, h)) return EMBARGO_ENOMEM;
        return EMBARGO_OK;
    }
    if (halves != 1 || !alone) return EMBARGO_OK;
    int done = 0;
    st = org_head_after(c, a, ws, we, &done);
    if (st || done) return st;
    st = surname_alone(c, a, ws, we, &done);
    if (st || done) return st;
    return surname_later(s, a);
}

/* Whether words [a, b) of the run [start, end) of a line of one case may be
 * a name: not half a word, not starting with a plain English word, a word
 * that can carry a name (an anchor), no title, particle or initial at the
 * end, and no word people are called left out next to it. */
static int caseless_span(const embargo_scanner *s, size_t start, size_t a, size_t b, size_t end) {
    const word *last = &s->words[b - 1];
    if (s->words[a].joined || (b < end && s->words[b].joined)) return 0; /* half a word */
    if ((a > start && s->words[a - 1].personal) || (b < end && s->words[b].personal)) return 0;
    if (s->words[a].plain) return 0;
    if (b - a > 1 && !last->joined && (last->title || last->particle || last->initial)) return 0;
    if (b - a == 1 && !last->anchor) return 0;
    for (size_t k = a; k < b; k++)
        if (s->words[k].anchor) return 1;
    return 0;
}

/* Words [a, b) of a line of one case, all of them known words, titles,
 * particles, initials or halves: the longest span from each word on that
 * screening finds a name, left to right. */
static embargo_status scan_caseless_run(scan_ctx *c, size_t a, size_t b) {
    embargo_scanner *s = c->s;
    size_t pos = a;
    while (pos < b && !c->stop) {
        if (!(s->words[pos].known || s->words[pos].title)) { pos++; continue; }
        size_t longest = b - pos < SUBSPAN_MAX ? b - pos : SUBSPAN_MAX, len;
        for (len = longest; len > 0; len--) {
            if (!caseless_span(s, a, pos, pos + len, b)) continue;
            unsigned long before = c->emitted;
            embargo_status st = screen_span(c, pos, pos + len, 1, 0);
            if (st) return st;
            if (c->emitted > before) break;
        }
        pos += len ? len : 1;
    }
    return EMBARGO_OK;
}

/* Words [i, end) are in lines of one case: capitals say nothing there.
 * Runs of words the index knows (with titles, particles and initials
 * between; not function words) are screened, span by span. */
static embargo_status scan_caseless(scan_ctx *c, size_t i, size_t end) {
    embargo_scanner *s = c->s;
    while (i < end && !c->stop) {
        const word *w = &s->words[i];
        if (!((w->known && !w->function) || w->title)) { i++; continue; }
        size_t r = i + 1;
        while (r < end) {
            const word *x = &s->words[r];
            if ((x->brk && !x->soft) || x->function ||
                !(x->known || x->title || x->particle || x->initial || x->joined))
                break;
            r++;
        }
        embargo_status st = scan_caseless_run(c, i, r);
        if (st) return st;
        i = r;
    }
    return EMBARGO_OK;
}

/* Whether words[i] is a company legal form or its word (Corporation,
 * LLC): inside a name it does not cut it. Looked up once, when asked. */
static int legal_word(embargo_scanner *s, size_t i) {
    word *w = &s->words[i];
    if (!w->legal) {
        char low[16];
        size_t ll = lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
        uint16_t cls;
        const char *form;
        emb_strref ref = {low, ll};
        w->legal = ll && w->cap && emb__lexicon_legal(&ref, 1, &cls, &form) == 1 ? 2 : 1;
    }
    return w->legal == 2;
}

/* Whether words[a] opens its sentence and is an ordinary English word, not
 * one people are called (Today, Yesterday, Meanwhile; not Said or Mark). */
/* Whether words[a] is the article A or An opening a sentence of a line
 * with capitals, no initial (that has its full stop: A. Chechen): no part
 * of the name after it (A Chechen blogger is no THE CHECHEN, Abu Jihad,
 * whose Abu the A would be the initial of). */
static int opening_article(const embargo_scanner *s, size_t a) {
    const word *w = &s->words[a];
    if (!w->sentence || w->initial || w->oc != CASE_MIXED) return 0;
    const char *t = (const char *)s->text.data + w->s;
    size_t n = w->e - w->s;
    return (n == 1 && t[0] == 'A') || (n == 2 && t[0] == 'A' && t[1] == 'n');
}

static int opening_word(const embargo_scanner *s, size_t a) {
    const word *w = &s->words[a];
    if (!w->sentence || w->shape != SHAPE_TITLE || w->title) return 0;
    char low[48];
    size_t ll = lower_ascii((const char *)s->text.data + w->s, w->e - w->s, low, sizeof(low));
    return plain_word(low, ll);
}

static int space_byte(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

/* Whether the break before words[r], inside a run that began at words[i],
 * is a mark that does not end the name: the closing bracket of an editorial
 * insertion at the name's start ("(Defence Minister Sergei) Shoigu"), or the
 * quotes of a nickname of one to three capitalised words between a given
 * name and a surname (Joaquin "El Chapo" Guzman), whose words are marked to
 * be skipped. Returns the word the run goes on from, or 0. */
static size_t name_goes_on(embargo_scanner *s, size_t i, size_t r) {
    const char *t = (const char *)s->text.data;
    word *x = &s->words[r];
    const word *p = &s->words[r - 1];
    if (!x->cap || x->oc != CASE_MIXED || p->title) return 0;
    int attached_before = !space_byte(t[x->s - 1]), attached_after = !space_byte(t[p->e]);
    if (x->brkc == BRK_CLOSE && attached_after && !attached_before) {
        const word *o = &s->words[i];
        return o->brkc == BRK_OPEN && o->s > 0 && !space_byte(t[o->s - 1]) ? r : 0;
    }
    if (x->brkc != BRK_QUOTE || !attached_before || attached_after || !p->cap) return 0;
    for (size_t y = r + 1; y < s->nwords && y <= r + 3; y++) {
        const word *q = &s->words[y];
        if (!q->brk) {
            if (!q->cap || q->joined) return 0;
            continue;
        }
        if (q->brkc != BRK_QUOTE || space_byte(t[s->words[y - 1].e]) || !space_byte(t[q->s - 1]) ||
            !q->cap || q->oc != CASE_MIXED || q->title)
            return 0;
        for (size_t k = r; k < y; k++) s->words[k].skip = 1;
        return y;
    }
    return 0;
}

/* Whether w[0, n) is one of the space-separated lower-case words of list
 * (any case). */
static int in_word_list(const char *list, const char *w, size_t n) {
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, " ");
        if (l == n && strncasecmp(p, w, n) == 0) return 1;
        p += l;
        while (*p == ' ') p++;
    }
    return 0;
}

/* How many words from words[i] on write news alias al, nothing breaking
 * them and no hyphen joining them to the words around (0: they do not). */
static size_t alias_at(const embargo_scanner *s, size_t i, const news_alias *al) {
    const char *t = (const char *)s->text.data;
    const char *p = al->text;
    size_t k = i;
    if (s->words[i].joined) return 0;
    while (*p) {
        if (k >= s->nwords) return 0;
        const word *w = &s->words[k];
        size_t l = strcspn(p, " ");
        if ((k > i && (w->brk || w->joined)) || w->oc != CASE_MIXED || w->said || w->e - w->s != l)
            return 0;
        if (al->how == NEWS_AS_WRITTEN ? memcmp(t + w->s, p, l) != 0 : strncasecmp(t + w->s, p, l) != 0)
            return 0;
        k++;
        p += l;
        while (*p == ' ') p++;
    }
    if (k < s->nwords && s->words[k].joined) return 0;
    return k - i;
}

/* Whether the context of words [i, k) says what news alias al needs: its
 * owner right before it (Iran's defense ministry), and a cue near it
 * (Wagner's mercenaries), unless `named` (the organisation was named in
 * full before). */
static int alias_context(const embargo_scanner *s, size_t i, size_t k, const news_alias *al, int named) {
    const char *t = (const char *)s->text.data;
    /* a given name right before makes the alias a person's surname (Emma
     * Lazarus, Richard Wagner), whatever the text said before */
    if (i > 0 && !s->words[i].brk && s->words[i - 1].shape == SHAPE_TITLE && !s->words[i - 1].title) {
        char low[48];
        size_t ll = lower_ascii(t + s->words[i - 1].s, s->words[i - 1].e - s->words[i - 1].s, low, sizeof(low));
        emb_name_stat st;
        if (ll) name_stats(s, low, ll, &st);
        if (ll && st.person_df >= (st.word ? PERSONAL_DF_WORD : PERSONAL_DF)) return 0;
    }
    if (al->owner[0]) {
        if (i == 0 || s->words[i].brk) return 0;
        const word *o = &s->words[i - 1];
        /* the s of a possessive is a word of its own: Iran's */
        if (i >= 2 && o->e - o->s == 1 && (t[o->s] | 32) == 's' && o->brk &&
            (t[o->s - 1] == '\'' || (o->s >= 3 && !memcmp(t + o->s - 3, "\xe2\x80\x99", 3))) &&
            o->s == (o - 1)->e + (t[o->s - 1] == '\'' ? 1 : 3))
            o--;
        if (!in_word_list(al->owner, t + o->s, o->e - o->s)) return 0;
    }
    if (!al->cue[0] || named) return 1;
    size_t from = i > NEWS_CUE_WORDS ? i - NEWS_CUE_WORDS : 0;
    for (size_t j = from; j < s->nwords && j < k + NEWS_CUE_WORDS; j++)
        if ((j < i || j >= k) && in_word_list(al->cue, t + s->words[j].s, s->words[j].e - s->words[j].s))
            return 1;
    return 0;
}

/* Reports the short names journalists use for listed organisations
 * (news_aliases.inc: FSB, Wagner, Iran's defense ministry) that no mention
 * covers yet: the listed name the row gives is screened, and what it
 * names as written is the mention's entity, with a lower score. */
static embargo_status scan_aliases(scan_ctx *c) {
    embargo_scanner *s = c->s;
    if (s->opts.threshold > NEWS_ALIAS_SCORE) return EMBARGO_OK;
    const char *t = (const char *)s->text.data;
    for (size_t i = 0; i < s->nwords && !c->stop; i++) {
        const word *w = &s->words[i];
        size_t n = w->e - w->s;
        char first = (char)(t[w->s] | 32);
        /* a bit test turns away nearly every word */
        if (n >= 64 || !(s->alias_lens[first & 31] >> n & 1) || w->said ||
            w->oc != CASE_MIXED)
            continue;
        for (size_t r = 0; r < NEWS_ALIAS_COUNT; r++) {
            if (s->alias_len[r] != n || s->alias_c[r] != first) continue;
            const news_alias *al = &NEWS_ALIASES[r];
            size_t k = alias_at(s, i, al);
            if (!k) continue;
            s->query.len = 0;
            emb__buf_append(&s->query, al->listed, strlen(al->listed));
            if (s->query.oom) return EMBARGO_ENOMEM;
            const span_match *mm;
            size_t nm;
            embargo_status st = screen_cached(s, NEWS_ALIAS_SCORE, &mm, &nm);
            if (st) return st;
            if (nm == 0 || mm[0].score < NEWS_LISTED_SCORE || mm[0].entity.type != EMBARGO_TYPE_ORGANIZATION)
                continue;
            const hit_rec *h = find_hit(s, mm[0].entity.index);
            if (!alias_context(s, i, i + k, al, h && h->full)) continue;
            span_match m = mm[0];
            m.score = NEWS_ALIAS_SCORE;
            st = emit(c, &m, w->s, s->words[i + k - 1].e, "news alias");
            if (st) return st;
            i += k - 1;
            break;
        }
    }
    return EMBARGO_OK;
}

/* Head words of the state bodies and agencies journalists name in lower
 * case after the country or the name (the Belarusian state security
 * committee, the Tasnim news agency), lower case, by length. */
static const char *const BODY_WORDS[] = {"court", "corps", "guard", "agency", "bureau", "forces", "guards",
                                         "police", "council", "service", "ministry", "committee",
                                         "directorate"};

/* Whether words[k] is one of BODY_WORDS, written in lower case (its
 * length and first letter turn most words away). */
static int body_word(const embargo_scanner *s, size_t k) {
    const char *w = (const char *)s->text.data + s->words[k].s;
    size_t n = s->words[k].e - s->words[k].s;
    /* (the first letters of BODY_WORDS turn most words away) */
    static const uint32_t FIRST = 1u << ('a' & 31) | 1u << ('b' & 31) | 1u << ('c' & 31) | 1u << ('d' & 31) |
                                  1u << ('f' & 31) | 1u << ('g' & 31) | 1u << ('m' & 31) | 1u << ('p' & 31) |
                                  1u << ('s' & 31);
    if (n < 5 || n > 11 || w[0] < 'a' || w[0] > 'z' || !(FIRST >> (w[0] & 31) & 1)) return 0;
    for (size_t i = 0; i < sizeof(BODY_WORDS) / sizeof(BODY_WORDS[0]); i++)
        if (BODY_WORDS[i][0] == w[0] && strlen(BODY_WORDS[i]) == n && memcmp(BODY_WORDS[i], w, n) == 0)
            return 1;
    return 0;
}
#define DESCRIBED_WORDS 3 /* lower-case words after the name or country */

/* The country adjective of a country written as words[i] (Belarus:
 * belarusian), or NULL. */
static const char *demonym_of(const embargo_scanner *s, size_t i) {
    const char *t = (const char *)s->text.data;
    size_t n = s->words[i].e - s->words[i].s;
    for (size_t d = 0; d < sizeof(DEMONYMS) / sizeof(DEMONYMS[0]); d++)
        if (strlen(DEMONYMS[d].country) == n && !strncasecmp(t + s->words[i].s, DEMONYMS[d].country, n))
            return DEMONYMS[d].adj;
    return NULL;
}

/* Whether words[k] is the s of a possessive (Belarus's), a word of its own. */
static int possessive_s(const embargo_scanner *s, size_t k) {
    const char *t = (const char *)s->text.data;
    const word *o = &s->words[k];
    if (k == 0 || o->e - o->s != 1 || (t[o->s] | 32) != 's' || !o->brk) return 0;
    return (t[o->s - 1] == '\'' && o->s == s->words[k - 1].e + 1) ||
           (o->s >= 3 && !memcmp(t + o->s - 3, "\xe2\x80\x99", 3) && o->s == s->words[k - 1].e + 3);
}

/* Reports organisations named as journalists describe them, where the
 * words are a listed name, all of it, but for case or a possessive:
 * a capitalised word and lower-case words ending in the head word of a
 * body (the Belarusian state security committee: BELARUSIAN STATE SECURITY
 * COMMITTEE; the Tasnim news agency), or a country's possessive and an
 * acronym or such words, the country read as its adjective (Belarus's
 * KGB: BELARUSIAN KGB). The words are screened as written and the listed
 * name must be matched exactly (NEWS_LISTED_SCORE), word for word, by an
 * organisation; the mention has the score of a news alias. */
static embargo_status scan_described(scan_ctx *c) {
    embargo_scanner *s = c->s;
    if (s->opts.threshold > NEWS_ALIAS_SCORE) return EMBARGO_OK;
    const char *t = (const char *)s->text.data;
    for (size_t i = 0; i + 1 < s->nwords && !c->stop; i++) {
        const word *w = &s->words[i];
        if (w->oc != CASE_MIXED || w->said || !w->cap || w->shape == SHAPE_LOWER) continue;
        const char *adj = NULL;
        size_t j = i + 1;
        if (possessive_s(s, j)) {
            if (!(adj = demonym_of(s, i))) continue;
            j++;
        }
        if (j >= s->nwords || s->words[j].brk || s->words[j].said || s->words[j].oc != CASE_MIXED) continue;
        size_t k = j;
        if (adj && s->words[j].shape == SHAPE_UPPER && s->words[j].e - s->words[j].s >= 2)
            k = j + 1; /* Belarus's KGB */
        else {
            while (k < s->nwords && k - j < DESCRIBED_WORDS && !s->words[k].brk && !s->words[k].said &&
                   s->words[k].shape == SHAPE_LOWER)
                k++;
            while (k > j && !body_word(s, k - 1)) k--;
            if (k == j) continue;
        }
        if (k < s->nwords && s->words[k].joined) continue;
        /* every word a word of the lists, or the name is not theirs (a
         * word cache lookup each, before a screening) */
        int unknown = !adj && !w->known;
        for (size_t x = j; x < k && !unknown; x++) {
            int kn = known_word(s, t + s->words[x].s, s->words[x].e - s->words[x].s);
            if (kn < 0) return EMBARGO_ENOMEM;
            unknown = !kn;
        }
        if (unknown) continue;
        s->query.len = 0;
        if (adj)
            emb__buf_append(&s->query, adj, strlen(adj));
        else
            emb__buf_append(&s->query, t + w->s, w->e - w->s);
        for (size_t x = j; x < k; x++) {
            emb__buf_putc(&s->query, ' ');
            emb__buf_append(&s->query, t + s->words[x].s, s->words[x].e - s->words[x].s);
        }
        if (s->query.oom) return EMBARGO_ENOMEM;
        const span_match *mm;
        size_t nm;
        embargo_status st = screen_cached(s, NEWS_ALIAS_SCORE, &mm, &nm);
        if (st) return st;
        if (nm == 0 || mm[0].score < NEWS_LISTED_SCORE || mm[0].missing ||
            mm[0].entity.type != EMBARGO_TYPE_ORGANIZATION)
            continue;
        const emb_ix_name *ln = &s->ix->names[s->ix->entities[mm[0].entity.index].first_name + mm[0].name_index];
        if (ln->token_count != 1 + (k - j)) continue; /* the listed name, all of it */
        span_match m = mm[0];
        m.score = NEWS_ALIAS_SCORE;
        st = emit(c, &m, w->s, s->words[k - 1].e, adj ? "country's name" : "lower-case name");
        if (st) return st;
        hit_rec *h = find_hit(s, m.entity.index);
        if (h && set_full(s, h)) return EMBARGO_ENOMEM;
        i = k - 1;
    }
    return EMBARGO_OK;
}

/* Whether the part [a, b) of the run [.., r), cut by a title word at
 * words[b] (General), goes on through it as an organisation's name: the
 * known words after the title, with it, screen as an organisation
 * (Reconnaissance General Bureau). Returns the part's new end, or 0. */
static size_t org_through_title(embargo_scanner *s, size_t a, size_t b, size_t r, embargo_status *st) {
    size_t e = b + 1;
    while (e < r) {
        const word *x = &s->words[e];
        if (x->title || x->skip || !(x->known || x->particle || x->joined || legal_word(s, e))) break;
        e++;
    }
    if (e == b + 1 || !s->words[e - 1].known) return 0;
    size_t halves;
    if (span_query(s, a, e, &halves) < 2 || s->query.len > EMBARGO_MAX_QUERY_BYTES) return 0;
    if (s->query.oom) {
        *st = EMBARGO_ENOMEM;
        return 0;
    }
    const span_match *mm;
    size_t n;
    if ((*st = screen_cached(s, s->opts.threshold, &mm, &n))) return 0;
    return n && mm[0].entity.type == EMBARGO_TYPE_ORGANIZATION && mm[0].score >= s->opts.threshold &&
                   !mm[0].missing
               ? e
               : 0;
}

/* Whether words[b], where a part of the run [.., r) ends, is a capitalised
 * name word that the index does not know (no title, particle, initial or
 * quoted nickname, not after a break): the name written goes on with a
 * word no listed name has, as the surname of someone not listed does
 * (Mohammad Bagher Ghalibaf). */
static int name_tail(const embargo_scanner *s, size_t b, size_t r) {
    if (b >= r) return 0;
    const word *w = &s->words[b];
    return w->shape == SHAPE_TITLE && !w->known && !w->brk && !w->joined && !w->title && !w->particle &&
           !w->initial && !w->skip && !w->stop;
}

/* A run [i, r) that named nobody listed, written as a person's name (a
 * given name, not an office, before the surname), is someone else's: its
 * surname is the latest full name of that surname for a later lone one
 * (Unification Minister Kim Yung-ho ... Mr. Kim is the minister, not Kim
 * Jong Un named before him). A name ending in a lower-case half after a
 * hyphen (Yung-ho, Won-sik) is Korean, the surname written first. */
static embargo_status note_run(embargo_scanner *s, size_t i, size_t r) {
    for (size_t k = i; k < r; k++) {
        const word *w = &s->words[k];
        if (!(w->cap || w->joined || w->particle || w->initial || w->skip)) return EMBARGO_OK;
    }
    const word *last = &s->words[r - 1];
    size_t sur, given;
    if (last->joined && last->shape == SHAPE_LOWER && r >= i + 3 && !s->words[r - 2].joined)
        sur = r - 3, given = r - 2; /* Kim Yung-ho */
    else if (last->shape == SHAPE_TITLE && !last->joined && r >= i + 2)
        sur = r - 1, given = r - 2; /* Dmitry Patrushev */
    else
        return EMBARGO_OK;
    const word *g = &s->words[given], *w = &s->words[sur];
    if (w->shape != SHAPE_TITLE || w->joined || g->shape != SHAPE_TITLE || g->particle) return EMBARGO_OK;
    char key[KEY_CAP];
    int other;
    size_t kl = word_key_of(s, (const char *)s->text.data + w->s, w->e - w->s, key, &other);
    if (kl == (size_t)-1) return EMBARGO_ENOMEM;
    /* only the surname of a person named in full matters (the filter
     * turns nearly every run away before the lexicon is asked) */
    if (kl == 0 || !(sur_bloom_has(s, key, kl) || (s->npending && bloom_has(s->pend_bloom, key, kl))) ||
        office_word(s, given) || office_word(s, sur))
        return EMBARGO_OK;
    note_other_last(s, key, kl, given);
    return EMBARGO_OK;
}

/* ---- organisation names across connecting words ------------------------------------ */

/* Head words of organisations whose names go on with "of", "and" or "for"
 * (Ministry of Petroleum, Central Bank of Iran, Committee for State
 * Security), lower case; and the connecting words. */
static const char *const HEAD_WORDS[] = {
    "army", "bank", "corps", "court", "front", "guard", "party", "union", "agency", "bureau", "forces",
    "guards", "office", "police", "council", "company", "service", "ministry", "republic", "authority",
    "committee", "commission", "department", "directorate", "corporation", "organization", "organisation"};

static int in_list(const char *const *list, size_t n, const char *w, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !strncasecmp(list[i], w, len)) return 1;
    return 0;
}

/* Whether words[k] is a connecting word inside an organisation's name. */
static int connecting_word(const embargo_scanner *s, size_t k) {
    static const char *const CONNECT[] = {"of", "and", "for"};
    const word *w = &s->words[k];
    return w->shape == SHAPE_LOWER && !w->brk && w->e - w->s <= 3 && w->oc == CASE_MIXED &&
           in_list(CONNECT, 3, (const char *)s->text.data + w->s, w->e - w->s);
}

#define JOINS 3 /* connecting words read on in one organisation's name */

/* Where an organisation's name that the run [i, r) begins may go on to
 * across connecting words: the run ends in a head word (Ministry) and a
 * connecting word (and "the") and capitalised words follow, up to JOINS
 * times (Ministry of Intelligence and Security). Fills ends[] with the
 * ends after each, nearest first, and returns how many (0: none). */
static size_t joined_end(const embargo_scanner *s, size_t i, size_t r, size_t *ends) {
    const word *h = &s->words[r - 1];
    if (r >= s->nwords || h->shape != SHAPE_TITLE || h->e - h->s < 4) return 0;
    /* a name of two words or more and "in" a country (the Islamic
     * Resistance in Iraq, Hizballah Brigades in Iraq: listed names so
     * written); but "Vladimir Putin in Russia" is screened so too, and
     * only an organisation's name as listed is reported (scan_joined) */
    if (r - i >= 2 && r + 1 < s->nwords && s->words[r].e - s->words[r].s == 2 && !s->words[r].brk &&
        !memcmp((const char *)s->text.data + s->words[r].s, "in", 2) && !s->words[r + 1].brk &&
        s->words[r + 1].cap && s->words[r + 1].known && country_at(s, r + 1)) {
        ends[0] = r + 2;
        return 1;
    }
    if (!connecting_word(s, r) ||
        !in_list(HEAD_WORDS, sizeof(HEAD_WORDS) / sizeof(HEAD_WORDS[0]),
                 (const char *)s->text.data + h->s, h->e - h->s))
        return 0;
    size_t k = r, n = 0;
    while (n < JOINS && k < s->nwords && connecting_word(s, k)) {
        k++;
        if (k < s->nwords && s->words[k].e - s->words[k].s == 3 && !s->words[k].brk &&
            !memcmp((const char *)s->text.data + s->words[k].s, "the", 3))
            k++;
        size_t f = k;
        while (f < s->nwords && f - i < MAX_RUN && s->words[f].cap && !s->words[f].brk && !s->words[f].said &&
               s->words[f].oc == CASE_MIXED)
            f++;
        /* a word the index does not know is in no listed name: the name
         * is no longer than the words before it (a screening saved) */
        for (size_t x = k; x < f; x++)
            if (!s->words[x].known && !s->words[x].particle && !s->words[x].joined) f = k;
        if (f == k) break;
        ends[n++] = k = f;
    }
    return n;
}

/* Whether one of the countries `codes` is named, as a name or an
 * adjective (Iran, Iranian, the United Arab Emirates), within the
 * COUNTRY_BEFORE_WORDS words of the window before words[a]. */
static int country_named_before(const embargo_scanner *s, size_t a, const char *codes) {
    for (size_t k = a; k-- > 0 && a - k <= COUNTRY_BEFORE_WORDS;) {
        if (!s->words[k].cap || s->words[k].shape == SHAPE_LOWER) continue;
        const char *c = country_at(s, k);
        if (c && emb__country_overlap(c, codes)) return 1;
    }
    return 0;
}

/* The countries of entity e (its listed countries, addresses and
 * nationalities) into out (cap bytes: codes as emb__country_codes writes
 * them, each once); 0 if none. */
static size_t entity_countries(const embargo_index *ix, const embargo_entity *e, char *out, size_t cap) {
    size_t n = 0;
    out[0] = 0;
    for (uint32_t k = 0; k < e->field_count; k++) {
        embargo_field f;
        if (embargo_entity_field(ix, e, k, &f)) continue;
        if (f.kind != EMBARGO_FIELD_COUNTRY && f.kind != EMBARGO_FIELD_ADDRESS && f.kind != EMBARGO_FIELD_NATIONALITY)
            continue;
        const char *at = emb__country_codes(f.text, f.len);
        for (; at && at[0] && at[1] && n + 3 <= cap; at += 2) {
            int seen = 0;
            for (size_t j = 0; j < n && !seen; j += 2) seen = out[j] == at[0] && out[j + 1] == at[1];
            if (seen) continue;
            out[n++] = at[0];
            out[n++] = at[1];
            out[n] = 0;
        }
    }
    return n;
}

/* Whether a listed name has a word of its own: not an ordinary English
 * word, a generic or connecting word or a legal form (MINISTRY OF
 * PETROLEUM has none: every country has one). A country counts as its own
 * (CENTRAL BANK OF IRAN). */
static int own_word(const embargo_index *ix, const embargo_entity *e, uint32_t name_index) {
    const emb_ix_name *n = &ix->names[ix->entities[e->index].first_name + name_index];
    for (uint32_t i = 0; i < n->token_count; i++)
        if (!(ix->tokens[n->first_token + i].flags &
              (EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_NUMBER |
               EMB_TOK_PARTICLE | EMB_TOK_TITLE | EMB_TOK_INITIAL)) ||
            (ix->tokens[n->first_token + i].flags & EMB_TOK_COUNTRY))
            return 1;
    return 0;
}

/* Words [a, b) just named organisation m in full: an acronym in brackets
 * right after them whose letters are first letters of their words, in
 * order and from the first (Ministry of Intelligence and Security (MOIS)),
 * names it for the rest of the document. */
static void note_acronym(embargo_scanner *s, size_t a, size_t b, const span_match *m) {
    if (b >= s->nwords || s->nacronyms == ACRONYMS) return;
    const word *w = &s->words[b];
    const char *t = (const char *)s->text.data;
    size_t n = w->e - w->s;
    if (w->brkc != BRK_OPEN || w->shape != SHAPE_UPPER || n < 3 || n > ACRONYM_MAX ||
        (b + 1 < s->nwords && !s->words[b + 1].brk) || (t[w->s] | 32) != (t[s->words[a].s] | 32))
        return;
    size_t j = 0;
    for (size_t k = a; k < b && j < n; k++)
        if ((t[s->words[k].s] | 32) == (t[w->s + j] | 32)) j++;
    if (j < n) return;
    memcpy(s->acronyms[s->nacronyms].text, t + w->s, n);
    s->acronyms[s->nacronyms].len = (uint8_t)n;
    s->acronyms[s->nacronyms++].m = *m;
}

/* The organisation whose acronym the document gave (note_acronym) that
 * words[i] is, written as given, or NULL. */
static const span_match *acronym_at(const embargo_scanner *s, size_t i) {
    const word *w = &s->words[i];
    size_t n = w->e - w->s;
    for (uint32_t k = 0; k < s->nacronyms; k++)
        if (s->acronyms[k].len == n && !memcmp(s->acronyms[k].text, (const char *)s->text.data + w->s, n))
            return &s->acronyms[k].m;
    return NULL;
}

/* Whether text t[0, n) is the listed name exactly, but for case and the
 * marks between words (Islamic Resistance in Iraq; ISLAMIC RESISTANCE IN
 * IRAQ), ASCII letters and digits compared. */
static int written_as_listed(const char *t, size_t n, const char *name, size_t nl) {
    size_t i = 0, j = 0;
    for (;;) {
        int gi = 0, gj = 0;
        while (i < n && !isalnum((unsigned char)t[i])) i++, gi = 1;
        while (j < nl && !isalnum((unsigned char)name[j])) j++, gj = 1;
        if (i == n || j == nl) return i == n && j == nl;
        if ((gi != gj && i > 0 && j > 0) || tolower((unsigned char)t[i]) != tolower((unsigned char)name[j]))
            return 0;
        i++, j++;
    }
}

/* Words [a, e) of a run and the words joined to it (joined_end) as one
 * organisation's name: reported if screening finds an organisation's
 * listed name exactly (NEWS_LISTED_SCORE) with no country left out; a name
 * of ordinary words alone (MINISTRY OF PETROLEUM), or matched without the
 * nationality opening it (IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY),
 * only when the country the text named last before it is the
 * organisation's. Sets *done when it reported. */
static embargo_status scan_joined(scan_ctx *c, size_t a, size_t e, int *done) {
    embargo_scanner *s = c->s;
    while (a < e && !s->words[a].known) a++; /* The Ministry */
    size_t halves;
    if (e - a < 3 || span_query(s, a, e, &halves) < 2 || s->query.len > EMBARGO_MAX_QUERY_BYTES) return EMBARGO_OK;
    if (s->query.oom) return EMBARGO_ENOMEM;
    const span_match *mm;
    size_t n;
    embargo_status st = screen_cached(s, s->opts.threshold, &mm, &n);
    if (st) return st;
    /* a weak alias (scored WEAK_WRITTEN_SCORE at most) counts when written
     * as listed, word for word (ISLAMIC RESISTANCE IN IRAQ) */
    const char *t = (const char *)s->text.data;
    int written = n > 0 && mm[0].score >= WEAK_WRITTEN_SCORE &&
                  written_as_listed(t + s->words[a].s, s->words[e - 1].e - s->words[a].s, mm[0].matched_name,
                                    mm[0].matched_name_len);
    if (n == 0 || mm[0].entity.type != EMBARGO_TYPE_ORGANIZATION || (mm[0].score < NEWS_LISTED_SCORE && !written) ||
        (mm[0].left_country && !mm[0].nat_left) || (mm[0].missing && !mm[0].nat_left) ||
        mm[0].score < s->opts.threshold)
        return EMBARGO_OK;
    if (mm[0].nat_left || !own_word(s->ix, &mm[0].entity, mm[0].name_index)) {
        char own[2 * 16 + 1];
        const char *codes = mm[0].nat_left;
        if (!codes && entity_countries(s->ix, &mm[0].entity, own, sizeof(own))) codes = own;
        if (!codes || !country_named_before(s, a, codes)) return EMBARGO_OK;
        /* not another country's (Egypt's Ministry of Petroleum) */
        const char *around = org_country_around(s, a, e);
        if (around && !emb__country_overlap(around, codes)) return EMBARGO_OK;
    }
    *done = 1;
    st = emit(c, &mm[0], s->words[a].s, s->words[e - 1].e, "name");
    if (st) return st;
    hit_rec *h = find_hit(s, mm[0].entity.index);
    if (h) {
        if (set_full(s, h)) return EMBARGO_ENOMEM;
        note_evidence(s, h, s->words[a].s, s->words[e - 1].e);
    }
    note_acronym(s, a, e, &mm[0]);
    return EMBARGO_OK;
}

/* Whether words[a] follows a word that says a ship's name comes: "tanker"
 * (vessel_word_before), or "formerly", "renamed", "ex" (and maybe "the"):
 * ships change names, and texts give the old one (formerly the Grace 1). */
static int ship_cue(const embargo_scanner *s, size_t a) {
    static const char *const FORMER[] = {"formerly", "renamed", "previously", "ex"};
    if (vessel_word_before(s, a)) return 1;
    size_t k = a;
    const char *t = (const char *)s->text.data;
    if (k > 0 && s->words[k - 1].e - s->words[k - 1].s == 3 && !strncasecmp(t + s->words[k - 1].s, "the", 3)) k--;
    return k > 0 && in_list(FORMER, 4, t + s->words[k - 1].s, s->words[k - 1].e - s->words[k - 1].s);
}

/* A part words[a, b) and the number right after it (Grace 1, Adrian Darya
 * 1): a vessel's name as listed (GRACE 1, ADRIAN DARYA 1), after a word
 * that says a ship's name comes (ship_cue). Sets *done when it reported. */
static embargo_status vessel_number(scan_ctx *c, size_t a, size_t b, int *done) {
    embargo_scanner *s = c->s;
    const char *t = (const char *)s->text.data;
    if (b >= s->nwords || s->words[b].brk || s->words[b].said || s->words[b].e - s->words[b].s > 4 ||
        s->words[b].line != s->words[b - 1].line)
        return EMBARGO_OK;
    for (size_t i = s->words[b].s; i < s->words[b].e; i++)
        if (t[i] < '0' || t[i] > '9') return EMBARGO_OK;
    if (!ship_cue(s, a)) return EMBARGO_OK;
    size_t halves;
    if (span_query(s, a, b + 1, &halves) < 2 || s->query.oom) return s->query.oom ? EMBARGO_ENOMEM : EMBARGO_OK;
    const span_match *mm;
    size_t n;
    embargo_status st = screen_cached(s, s->opts.threshold, &mm, &n);
    if (st || n == 0) return st;
    if ((mm[0].entity.type != EMBARGO_TYPE_VESSEL && mm[0].entity.type != EMBARGO_TYPE_AIRCRAFT) ||
        mm[0].score < s->opts.threshold ||
        !written_as_listed(t + s->words[a].s, s->words[b].e - s->words[a].s, mm[0].matched_name,
                           mm[0].matched_name_len))
        return EMBARGO_OK;
    *done = 1;
    st = emit(c, &mm[0], s->words[a].s, s->words[b].e, "name");
    if (st) return st;
    hit_rec *h = find_hit(s, mm[0].entity.index);
    if (h && set_full(s, h)) return EMBARGO_ENOMEM;
    return EMBARGO_OK;
}

/* Finds the name-like runs of the window and screens their known parts. */
static embargo_status scan_runs(scan_ctx *c) {
    embargo_scanner *s = c->s;
    embargo_status st = split_words(s);
    if (st) return st;
    mark_cases(s);
    st = mark_known(s);
    if (st) return st;
    mark_headlines(s);
    /* described names first, so that the organisation counts as named in
     * full for the runs after it (Belarus's KGB ... the KGB) */
    st = scan_described(c);
    if (st) return st;
    size_t i = 0;
    while (i < s->nwords && !c->stop) {
        const word *w = &s->words[i];
        if (w->said) { i++; continue; }
        if (w->oc != CASE_MIXED) {
            size_t end = i + 1;
            while (end < s->nwords && s->words[end].oc != CASE_MIXED) end++;
            st = scan_caseless(c, i, end);
            if (st) return st;
            i = end;
            continue;
        }
        int nameish = w->cap || w->initial;
        if (!nameish) { i++; continue; }
        /* a run: name-like words with nothing but spaces between */
        size_t r = i + 1;
        while (r < s->nwords && r - i < MAX_RUN) {
            const word *x = &s->words[r];
            if (x->brk && x->brkc) {
                size_t on = name_goes_on(s, i, r);
                if (on) {
                    r = on + 1;
                    continue;
                }
            }
            if (x->oc != CASE_MIXED || x->brk || x->said || !(x->cap || x->initial || x->particle || x->joined))
                break;
            r++;
        }
        /* trailing particles are not part of a name */
        while (r > i + 1 && s->words[r - 1].particle && !s->words[r - 1].cap) r--;
        /* an organisation's name across connecting words (Ministry of
         * Petroleum), first: its parts alone are other names or none */
        size_t ends[JOINS], nj = joined_end(s, i, r, ends);
        int joined = 0;
        while (nj > 0 && !joined) { /* the longest name first */
            st = scan_joined(c, i, ends[--nj], &joined);
            if (st) return st;
        }
        if (joined) {
            i = ends[nj];
            continue;
        }
        /* an acronym the document gave an organisation (MOIS) */
        if (r == i + 1 && s->nacronyms && w->shape == SHAPE_UPPER) {
            const span_match *am = acronym_at(s, i);
            if (am) {
                st = emit(c, am, w->s, w->e, "acronym the text gives");
                if (st) return st;
                i = r;
                continue;
            }
        }
        /* parts of the run: known words, with titles in front and particles
         * and initials between */
        unsigned long run_before = c->emitted;
        size_t a = i;
        while (a < r && !c->stop) {
            while (a < r && (s->words[a].skip || !(s->words[a].known || s->words[a].title) || s->words[a].hfunc ||
                             opening_article(s, a)))
                a++;
            if (a >= r) break;
            size_t b = a;
            int known = 0;
            while (b < r) {
                const word *x = &s->words[b];
                if (x->title && b > a && !s->words[b - 1].title) {
                    /* a title word inside an organisation's name does not
                     * cut it (Reconnaissance General Bureau) */
                    size_t on = org_through_title(s, a, b, r, &st);
                    if (st) return st;
                    if (on) b = on, known = 1;
                    break;
                }
                /* a legal form does not cut a name (State Corporation Rostec) */
                if (!(x->known || x->title || x->particle || x->initial || x->joined || x->skip ||
                      legal_word(s, b)))
                    break;
                known |= x->known && !x->skip;
                b++;
            }
            while (b > a && s->words[b - 1].skip) b--; /* a nickname ends no name */
            if (known) {
                unsigned long before = c->emitted;
                int tail = name_tail(s, b, r);
                /* a ship's name with a number (formerly the Grace 1, the
                 * tanker Adrian Darya 1) */
                if (b == r) {
                    int done = 0;
                    st = vessel_number(c, a, b, &done);
                    if (st) return st;
                    if (done) {
                        a = b;
                        continue;
                    }
                }
                st = screen_span(c, a, b, span_alone(s, i, r, a, b), tail);
                if (st) return st;
                /* a capitalised ordinary word opening the sentence is no
                 * part of the name after it (Today Maria Butina) */
                if (c->emitted == before && b - a >= 3 && opening_word(s, a)) {
                    st = screen_span(c, a + 1, b, span_alone(s, i, r, a, b), tail);
                    if (st) return st;
                }
                /* nor is a headline's word after it that names nobody
                 * (Putin Moves Patrushev Out Of...) */
                size_t hb = b;
                while (s->words[a].head && hb > a + 1 && s->words[hb - 1].hword) hb--;
                if (c->emitted == before && hb < b) {
                    st = screen_span(c, a, hb, span_alone(s, i, r, a, hb), 0);
                    if (st) return st;
                }
                /* a headline's words that named nobody together may each be
                 * a surname the body names in full later (Lavrov Heads To
                 * Ankara): kept, unless a full name of someone no list
                 * names has that surname (Daniil Medvedev Wins, above) */
                if (c->emitted == before && s->words[a].head && b - a >= 2)
                    for (size_t k = a; k < b && !st; k++)
                        if (s->words[k].known && !s->words[k].title && !s->words[k].hword)
                            st = surname_later(s, k);
                if (st) return st;
                /* nor is an office in capitalised English words before it
                 * (Supreme Leader Ali Khamenei; Supreme Leader Khamenei
                 * below) */
                size_t o = a;
                while (c->emitted == before && o + 2 < b && office_word(s, o)) o++;
                int names_after = o > a && c->emitted == before; /* no English word after it */
                for (size_t k = o; k < b && names_after; k++) names_after = !office_word(s, k);
                if (names_after) {
                    st = screen_span(c, o, b, span_alone(s, i, r, o, b), tail);
                    if (st) return st;
                }
                o = a;
                if (c->emitted == before && b - a >= 2 && s->words[b - 1].shape == SHAPE_TITLE &&
                    !s->words[b - 1].joined)
                    while (o < b - 1 && office_word(s, o)) o++;
                if (o > a && o == b - 1 && span_alone(s, i, r, o, b)) {
                    /* the surname after a full mention, or alone (asked
                     * directly: no screening for the one word) */
                    int done = 0;
                    size_t ws = s->words[o].s, we = s->words[o].e;
                    st = followup_by_key(c, o, ws, we, &done);
                    if (!st && !done) st = surname_alone(c, o, ws, we, &done);
                    if (!st && !done) st = surname_later(s, o);
                    if (st) return st;
                }
            }
            a = b > a ? b : a + 1;
        }
        if (c->emitted == run_before && !c->stop) {
            st = note_run(s, i, r);
            if (st) return st;
        }
        i = r > i ? r : i + 1;
    }
    return c->stop ? EMBARGO_OK : scan_aliases(c);
}

/* Scans one window: its runs, then the lone surnames a later full name
 * resolves; its mentions go out in text order. */
static embargo_status scan_window(scan_ctx *c) {
    embargo_scanner *s = c->s;
    s->npending = 0;
    memset(s->pend_bloom, 0, sizeof(s->pend_bloom));
    s->nfound = 0;
    embargo_status st = scan_runs(c);
    if (!st && !c->stop) st = resolve_pending(c);
    if (!st) st = flush_found(c);
    s->nfound = 0;
    return st;
}

/* Whether line doc[s, e) looks like a headline as mark_headlines reads
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
        s->text.len = cut; /* scan_window reads text.len bytes */
        st = scan_window(c);
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
    s->doc_year = find_year(s->opts.date, doc, len);
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
            st = scan_window(&c);
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

/*
 * scan_int.h - what the scanner's files (src/scan/scan*.c) share: the
 * constants, the word, match and hit records, the scanner, and the
 * functions one file defines for another (emb__scan_*; each one's contract
 * is the comment at its definition).
 *
 * Ownership: everything here lives in the scanner (embargo_scanner_new to
 * embargo_scanner_free): the words, hits, caches and mentions of the
 * window being scanned are its own, reused from window to window; pointers
 * into them (a word, a hit, a cached span_match) hold until the scanner's
 * next window or screening, as each function says. Nothing here allocates
 * on its own account but the scanner's arrays, grown in place.
 */
#ifndef EMB_SCAN_INT_H
#define EMB_SCAN_INT_H

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
    uint8_t lone;         /* reported by its surname alone (emb__scan_surname_alone) */
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
                             and emb__scan_followup_by_key would walk every hit */
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
                             (emb__scan_surname_later): word, and the tick when read */
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

#define KEY_CAP EMB_ROMKEY_CAP(64)
#define HEADLINE_WORDS 4 /* words of a line in title case for it to be a headline */
#define JOINS 3 /* connecting words read on in one organisation's name */

/* One document being scanned: where its windows lie, how offsets are told,
 * and the caller's callback. */
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

/* Small helpers of several files, inline as they were when the scanner was
 * one file (emb__scan_lower_ascii, emb__scan_in_list: per word of a window). */

/* The word t[0, n) lower-cased into low (capacity cap): its length, or 0
 * if it does not fit or is not ASCII. */
static inline size_t emb__scan_lower_ascii(const char *t, size_t n, char *low, size_t cap) {
    if (n >= cap) return 0;
    for (size_t k = 0; k < n; k++) {
        char c = t[k];
        if ((unsigned char)c >= 0x80) return 0;
        low[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return n;
}

/* The bits of the surname filter for a key. */
static inline uint32_t emb__scan_sur_hash(const char *key, size_t kl) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < kl; i++) h = (h ^ (unsigned char)key[i]) * 16777619u;
    return h;
}

static inline void emb__scan_bloom_add(uint64_t *bloom, const char *key, size_t kl) {
    uint32_t h = emb__scan_sur_hash(key, kl), a = h % SUR_BLOOM, b = (h >> 16) % SUR_BLOOM;
    bloom[a / 64] |= (uint64_t)1 << (a % 64);
    bloom[b / 64] |= (uint64_t)1 << (b % 64);
}

/* Whether the filter may hold this key (0: it does not). */
static inline int emb__scan_bloom_has(const uint64_t *bloom, const char *key, size_t kl) {
    uint32_t h = emb__scan_sur_hash(key, kl), a = h % SUR_BLOOM, b = (h >> 16) % SUR_BLOOM;
    return (bloom[a / 64] >> (a % 64) & 1) && (bloom[b / 64] >> (b % 64) & 1);
}

/* Whether some person named in full may have this surname key (0: none). */
static inline int emb__scan_sur_bloom_has(const embargo_scanner *s, const char *key, size_t kl) {
    return emb__scan_bloom_has(s->sur_bloom, key, kl);
}

static inline int emb__scan_in_list(const char *const *list, size_t n, const char *w, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !strncasecmp(list[i], w, len)) return 1;
    return 0;
}

/* scan.c */
uint64_t emb__scan_doc_offset(const scan_ctx *c, size_t off);
embargo_status emb__scan_emit(scan_ctx *c, const span_match *mt, size_t ws, size_t we,
                              const char *how);
embargo_status emb__scan_flush_found(scan_ctx *c);

/* scan_words.c */
int emb__scan_is_word_cp(unsigned c);
size_t emb__scan_word_key_of(embargo_scanner *s, const char *w, size_t n, char *key, int *other);
int emb__scan_known_word(embargo_scanner *s, const char *w, size_t n);
unsigned emb__scan_word_flags(embargo_scanner *s, const char *low, size_t ll);
void emb__scan_name_stats(const embargo_scanner *s, const char *low, size_t ll, emb_name_stat *out);
int emb__scan_function_word(const char *low, size_t n);
embargo_status emb__scan_split_words(embargo_scanner *s);
void emb__scan_mark_cases(embargo_scanner *s);
int emb__scan_personal_word(const char *low, size_t ll);
int emb__scan_plain_word(const char *low, size_t ll);
void emb__scan_mark_headlines(embargo_scanner *s);
embargo_status emb__scan_mark_known(embargo_scanner *s);

/* scan_evidence.c */
hit_rec *emb__scan_find_hit(embargo_scanner *s, uint32_t entity);
hit_rec *emb__scan_add_hit(embargo_scanner *s, const embargo_entity *e, uint64_t start);
unsigned emb__scan_name_words(const embargo_index *ix, const embargo_entity *e, uint32_t name_index);
unsigned emb__scan_name_tokens(const embargo_index *ix, const embargo_entity *e, uint32_t name_index);
int emb__scan_vessel_word_before(const embargo_scanner *s, size_t wi);
const char *emb__scan_nationality_before(const embargo_scanner *s, size_t at);
int emb__scan_other_nationality(const embargo_index *ix, const embargo_entity *e, const char *country);
void emb__scan_note_evidence(embargo_scanner *s, hit_rec *h, size_t start, size_t end);
int emb__scan_find_year(const char *date, const char *t, size_t n);
const char *emb__scan_demonym_of(const embargo_scanner *s, size_t i);

/* scan_screen.c */
int emb__scan_ordinary_word(const char *w, size_t n);
embargo_status emb__scan_screen_cached(embargo_scanner *s, double threshold, const span_match **out,
                                       size_t *count);

/* scan_surname.c */
void emb__scan_surname_tokens(const embargo_index *ix, const emb_ix_name *n, uint8_t *sur);
uint32_t emb__scan_head_hash(const char *w, size_t n);
int emb__scan_set_full(embargo_scanner *s, hit_rec *h);
void emb__scan_note_other_last(embargo_scanner *s, const char *key, size_t kl, size_t gk);
char emb__scan_honorific_gender(const embargo_scanner *s, size_t a);
int emb__scan_other_gender(const embargo_index *ix, const hit_rec *h, char g);
int emb__scan_namesake_after(embargo_scanner *s, size_t a, const hit_rec *h);
int emb__scan_namesake_since(embargo_scanner *s, size_t a, const hit_rec *h);
int emb__scan_make_match(const embargo_index *ix, uint32_t e, uint32_t i, double score, span_match *out);
int emb__scan_linked_to(const embargo_index *ix, uint32_t k, uint32_t p);
embargo_status emb__scan_followup_by_key(scan_ctx *c, size_t a, size_t ws, size_t we, int *done);
embargo_status emb__scan_surname_later(embargo_scanner *s, size_t a);
embargo_status emb__scan_resolve_pending(scan_ctx *c);
embargo_status emb__scan_surname_alone(scan_ctx *c, size_t a, size_t ws, size_t we, int *done);

/* scan_spans.c */
size_t emb__scan_span_query(embargo_scanner *s, size_t a, size_t b, size_t *halves_out);
const char *emb__scan_country_at(const embargo_scanner *s, size_t k);
const char *emb__scan_org_country_around(const embargo_scanner *s, size_t a, size_t b);
int emb__scan_possessive_s(const embargo_scanner *s, size_t k);
embargo_status emb__scan_window(scan_ctx *c);

/* scan_orgs.c */
size_t emb__scan_joined_end(const embargo_scanner *s, size_t i, size_t r, size_t *ends);
const span_match *emb__scan_acronym_at(const embargo_scanner *s, size_t i);
embargo_status emb__scan_joined(scan_ctx *c, size_t a, size_t e, int *done);
embargo_status emb__scan_vessel_number(scan_ctx *c, size_t a, size_t b, int *done);

#endif

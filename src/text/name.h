/*
 * name.h - a name taken apart into weighed tokens.
 *
 * emb__name_analyze turns one UTF-8 name into the tokens the scorer pairs:
 * romanised and lower-cased, "SURNAME, Given" put in reading order, titles
 * and particles marked, company legal forms collapsed into one token of a
 * known class, number words written as digits, each token with its
 * romanisation key, phonetic skeleton and weight (rare tokens weigh more).
 */
#ifndef EMB_NAME_H
#define EMB_NAME_H

#include "embargo.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "normalize.h"
#include "romkey.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
    EMB_TOK_INITIAL = 1 << 0,    /* a single letter */
    EMB_TOK_TITLE = 1 << 1,      /* honorific or role in front of a name */
    EMB_TOK_PARTICLE = 1 << 2,   /* al, bin, van, de */
    EMB_TOK_STOP = 1 << 3,       /* of, the, and */
    EMB_TOK_LEGAL = 1 << 4,      /* a company legal form (see legal) */
    EMB_TOK_NUMBER = 1 << 5,     /* digits */
    EMB_TOK_SURNAME = 1 << 6,    /* written before the comma of "SURNAME, Given" */
    EMB_TOK_PATRONYMIC = 1 << 7, /* -ovich, -evna, -oglu ... */
    EMB_TOK_ABJAD = 1 << 8,      /* romanised from Arabic or Hebrew script,
                                    which write few vowels: compare skeletons */
    EMB_TOK_WORD = 1 << 9,       /* an ordinary English word (United, Energy) */
    EMB_TOK_HYPHEN = 1 << 10,    /* written joined to the next token by a hyphen
                                    or underscore (Kosa-chyov, Abd_al): the two
                                    are also one word, written together */
    EMB_TOK_COUNTRY = 1 << 11,   /* a country, one token for a phrase ("of the Russian
                                    Federation": "russian federation"); legal holds the
                                    country (lexicon.h, emb__lexicon_country) */
    EMB_TOK_GENERIC = 1 << 12,   /* a generic organisation word (Group, Bank, Holding) */
    EMB_TOK_QUOTED = 1 << 13,    /* written in quotes inside a longer name: the
                                    organisation's own name (PRIVATE MILITARY COMPANY
                                    'WAGNER') */
    EMB_TOK_EAST = 1 << 14,      /* in a name romanised from Belarusian or Ukrainian,
                                    and spelt otherwise in Russian (emb__token_east) */
    EMB_TOK_DOTTED = 1 << 15     /* single letters written with dots, joined (A.B.
                                    -> ab): initials, or an acronym */
};

#define EMB_TOKEN_MAX 48         /* longer tokens are cut (bytes) */
#define EMB_NAME_MAX_TOKENS 32   /* tokens kept of a name (the rest are dropped) */
#define EMB_ALT_KEYS 3           /* keys of competing readings a token may carry */

typedef struct emb_token {
    const char *text;            /* normalised token */
    const char *key;             /* romanisation key (romkey.h) */
    const char *phon;            /* phonetic skeleton */
    uint8_t len, klen, plen;
    uint8_t pos;                 /* position in reading order */
    uint16_t flags;              /* EMB_TOK_* */
    uint16_t legal;              /* legal-form class if EMB_TOK_LEGAL, country if
                                    EMB_TOK_COUNTRY */
    float weight;                /* evidence this token carries, 0..1.3 */
    uint32_t tmask, kmask;       /* letters present in text and key (emb__letter_mask) */
    uint32_t orig;               /* the word as its own script wrote it, where romanising
                                    may lose what it says (normalize.h,
                                    emb__normalize_marks); 0: none */
    /* The keys of the token read as German, French or ISO 9 romanisation
     * (romkey.h, emb__romkey_reading) where they differ from key:
     * Chodorkowski also has the key of Khodorkovsky, Choigou that of
     * Shoigu, Viktorovic that of Viktorovich; and, with EMB_TOK_EAST, as
     * Russian spells it (Sivakau: Sivakov). aklen 0: none. Made by emb__name_analyze; tokens read from an
     * index have none (the list's own spelling is its reading). */
    const char *akey[EMB_ALT_KEYS];
    uint8_t aklen[EMB_ALT_KEYS];
    /* The loose form (romkey.h, emb__romkey_loose) of the key of the token
     * read as ISO 9 without marks (Sojgu, Zukov, Urij); lklen 0: none. As
     * akey, for query tokens only. */
    const char *lkey;
    uint8_t lklen;
    /* 1 + the slot of the word memo (name.c) that make_token hashed the
     * word to, so that the weighing need not hash it again; 0: none (in
     * the struct's padding: no larger). */
    uint16_t memo_at;
} emb_token;

/* The similarity of two tokens whose loose forms agree (Sojgu ~ Shoigu),
 * below that of one romanisation key (EMB_SIM_TRANSLIT in score.h): the
 * lost marks may have told them apart. */
#define EMB_SIM_LOOSE_KEY 0.9f

/* Whether query token q, under its key or a competing reading's, has c's
 * key (2), or only the loose form of c's key (1), or neither (0). */
/* Inlined even into the scorer's large token_sim, which asks it for every
 * pair of words: as a call, saving and restoring registers cost a third of
 * its time. */
#if defined(__GNUC__) || defined(__clang__)
#define EMB_KEYS_MEET_INLINE __attribute__((always_inline)) inline
#else
#define EMB_KEYS_MEET_INLINE inline
#endif
static EMB_KEYS_MEET_INLINE int emb__token_keys_meet(const emb_token *q, const emb_token *c) {
    /* most keys of one length differ in their first letter: no call then */
    if (q->klen == c->klen && (q->klen == 0 || q->key[0] == c->key[0]) &&
        memcmp(q->key, c->key, q->klen) == 0)
        return 2;
    for (int i = 0; i < EMB_ALT_KEYS && q->aklen[i]; i++)
        if (q->aklen[i] == c->klen && q->akey[i][0] == c->key[0] &&
            memcmp(q->akey[i], c->key, c->klen) == 0)
            return 2;
    if (q->lklen >= 4 && q->lklen <= c->klen && c->klen <= q->lklen + 3 && c->klen <= EMB_TOKEN_MAX &&
        !(c->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER | EMB_TOK_LEGAL))) {
        /* the loose form begins with the first letter of c's key as
         * the loose form writes it (but for i, which may go or become e):
         * most pairs differ there */
        char f = emb__romkey_loose_first(c->key[0]);
        if ((f == 'i' || f == q->lkey[0]) && emb__romkey_loose_eq(c->key, c->klen, q->lkey, q->lklen))
            return 1;
    }
    return 0;
}

typedef struct emb_tokens {
    emb_token *tok;
    uint32_t n;
    /* 1 + the token of the word a query wrote last where the query may
     * have been cut at a payment field's width, that word cut short with
     * it (emb__query_cut in src/match/score.h); 0: none. The analyser sets
     * 0, the matcher the query's; the scorer reads the query's only. */
    uint8_t cut;
} emb_tokens;

/* What the analysis of a word depends on only through its spelling (its
 * keys, phonetic skeleton, readings, frequency), remembered for short words
 * by whoever analyses many names (a matcher, an index build): names repeat
 * their words (Mohammed, Trading, Limited), and keying one word costs more
 * than looking it up. Not shared between threads. */
typedef struct emb_name_memo emb_name_memo;

/* A new, empty memo of EMB_NAME_MEMO_WORDS words (about 3.6 MB with its
 * tags and its table of joined pairs: an index build's); NULL when out of
 * memory. */
#define EMB_NAME_MEMO_WORDS 16384
emb_name_memo *emb__name_memo_new(void);
/* The same, of room for `words` words (rounded up to a power of two, at
 * most 32,768: 176 bytes a word, and 32 a set of four for its tags). */
emb_name_memo *emb__name_memo_new_sized(unsigned words);
void emb__name_memo_free(emb_name_memo *memo);

/* The romanisation key (romkey.h, emb__romkey) of the words of tokens a
 * and b written together as one, written to out
 * (EMB_ROMKEY_CAP(2 * EMB_TOKEN_MAX) bytes, not NUL-ended); its length.
 * `memo` (may be NULL) remembers the short pairs keyed before, in the
 * slot the tokens' memo_at choose (else a hash of the text): the same key
 * either way. */
size_t emb__name_memo_joined_key(emb_name_memo *memo, const emb_token *a, const emb_token *b, char *out);

/* Analyses a name. Strings are allocated in `a`; `scratch` is a reusable
 * buffer; `memo` (may be NULL) remembers words across calls, and the
 * tokens are the same with it or without. Returns EMBARGO_OK with n == 0
 * when nothing matchable is left. Input must be valid UTF-8. At most
 * EMB_NAME_MAX_TOKENS tokens are kept (the rest are dropped; the matcher
 * refuses queries of more than EMBARGO_MAX_QUERY_TOKENS). */
embargo_status emb__name_analyze(emb_normalizer *nz, emb_name_memo *memo, emb_arena *a,
                                 emb_buf *scratch, const char *name, size_t len, emb_tokens *out);

/* "AL-QA'IDA/ISLAMIC ARMY", "NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE
 * PHILIPPINES": a name that gives another after a slash. Returns the length
 * of the name before the first slash (its spaces before the slash left
 * out), or 0 if the name is not of that form: a slash with a word of two
 * letters (code points) or more on each side, no digit beside it (dates,
 * 2007/08), not doubled (URLs), two words before it and no comma (SMITH,
 * John/Jon Paul), and two words after it up to a bracket, none a legal form
 * or generic word of a company (IMPORT/EXPORT CORPORATION), nor a joining
 * word after an unspaced X/Y (CALL/INVITATION TO ...); a single letter on either side
 * is an abbreviation (A/S, S/A, c/o, I/E, M/S, DHKP/C), a single word after
 * it qualifies the name or gives another of its words (.../BANGLADESH,
 * PARTY/FRONT). What follows the slash is not a name of its own as surely
 * (SYRIA/THE LEVANT: an alternative for the last words only), so only the
 * name before it is one. */
size_t emb__name_slash_stem(const char *s, size_t n);

/* The key shared by every form of a country token's country ("iran",
 * "islamic republic of iran", "iranian": "~ir"), written to out (4 bytes);
 * 0 if t is no country token. The index posts a country token's name under
 * it as well as under its own key, and the screen looks it up, so that a
 * candidate's estimate counts the pairing the scorer will make. */
size_t emb__country_token_key(const emb_token *t, char out[4]);

/* Fills key, phon, flags from text and computes the weight of one token
 * (used by the analyser and by index building). */
void emb__token_weigh(emb_token *t);

/* Which letters occur in s (bit c & 31 per byte c). Two words whose masks
 * differ in more than 2d bits are more than d edits apart. Inline: the
 * screen asks it for the first letter of every word of every candidate. */
static inline uint32_t emb__letter_mask(const char *s, size_t n) {
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++) m |= 1u << ((unsigned char)s[i] & 31);
    return m;
}

/* A token marked EMB_TOK_EAST as Russian spells it (romkey.h,
 * EMB_READ_EAST): Hryb as Grib, Ipatau as Ipatov, Shautsou as Shavtsov, so
 * that its key or its phonetic skeleton meet the Russian spelling's (the
 * vowels that Belarusian writes otherwise, Shevtsov, are left to the
 * skeleton). The analyser writes that key and skeleton after the token's
 * key, each NUL-terminated (key\0rkey\0rphon\0), and so does the index (an
 * index checks the bounds when it is opened): nothing is computed when
 * tokens are compared. Writes a copy of t with that key and skeleton and no
 * readings to *out and returns 1; returns 0 and leaves *out alone if t is
 * not marked. The index posts list tokens under the copy's key and
 * skeleton; the scorer compares the copies of tokens whose spellings did
 * not meet. */
static inline int emb__token_east(const emb_token *t, emb_token *out) {
    if (!(t->flags & EMB_TOK_EAST)) return 0;
    *out = *t;
    out->key = t->key + t->klen + 1;
    out->klen = (uint8_t)strlen(out->key);
    out->phon = out->key + out->klen + 1;
    out->plen = (uint8_t)strlen(out->phon);
    out->flags = (uint16_t)(t->flags & ~EMB_TOK_EAST);
    out->kmask = emb__letter_mask(out->key, out->klen);
    memset(out->aklen, 0, sizeof(out->aklen));
    out->lklen = 0;
    return 1;
}

#endif

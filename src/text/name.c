/*
 * name.c - from a UTF-8 name to weighed tokens; see name.h.
 *
 * Steps, in order: romanise (normalize.c); split into raw tokens, deleting
 * apostrophes and noting commas, dotted initials and in-word hyphens and
 * underscores (the halves stay tokens of their own, marked EMB_TOK_HYPHEN
 * so that the scorer can also read them as one word); join dotted single
 * letters into acronyms (A.B.C. -> abc); collapse legal forms and number
 * words; mark titles at the front, particles and connecting words; put
 * "SURNAME, Given" into reading order; compute keys and weights. Repeated
 * tokens stay: Mohamed Mohamed is not Mohamed Osman.
 */
#include "name.h"
#include "equiv.h"
#include "freq.h"
#include "lexicon.h"
#include "romkey.h"
#include "../base/alloc.h"
#include "../base/str.h"
#include "../base/utf8.h"

#include <math.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>

#define MAX_RAW 64
#define WORD_WEIGHT 0.5f


typedef struct raw_tok {
    const char *s;
    size_t len;
    char sep_after;     /* the first separator byte after the token, or 0 */
    uint8_t sep_len;    /* bytes of separator after the token */
    int comma_before;   /* a comma precedes this token */
    int quoted;         /* inside quotes that open and close within the name */
    int dotted;         /* dotted single letters joined (join_acronyms) */
    uint8_t apos;       /* 1 + the letters before the first apostrophe deleted
                           inside the token (Ts'ao: 3), 0: none */
    uint8_t digit;      /* split found a digit in it (unleet) */
} raw_tok;

/* Whether the code point at s is part of a token, and whether it is to be
 * deleted silently (apostrophes, middle dots inside names). */
static int classify_cp(const char *s, size_t n, size_t *adv, int *del) {
    unsigned char c = (unsigned char)s[0];
    *del = 0;
    if (c < 0x80) {
        *adv = 1;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return 1;
        if (c >= 'A' && c <= 'Z') return 1;
        if (emb__word_joiner(c)) { *del = 1; return 0; }
        return 0;
    }
    unsigned cp = emb__utf8_decode(s, n, adv);
    if (emb__word_joiner(cp)) {
        *del = 1;
        return 0;
    }
    return u_isalnum((UChar32)cp) || u_charType((UChar32)cp) == U_NON_SPACING_MARK ||
           u_charType((UChar32)cp) == U_COMBINING_SPACING_MARK;
}

/* Whether the code point at s is a quotation mark (as romanised: ' " < >,
 * or one left as it was). */
static int is_quote(const char *s, size_t n) {
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) return c == '\'' || c == '"' || c == '`' || c == '<' || c == '>';
    size_t adv;
    unsigned cp = emb__utf8_decode(s, n, &adv);
    return cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == 0x201E ||
           cp == 0x00AB || cp == 0x00BB;
}

/* Splits normalised text into raw tokens; apostrophes join their halves.
 * Tokens between a quotation mark that opens (before a word) and one that
 * closes (right after a word) are marked quoted: 'WAGNER', "Lazurit",
 * the innermost of nested quotes ('Research Enterprise 'Topaz''). The
 * tokens are written, each NUL-ended, to one block of `a` (a copy each
 * was ~70 instructions a word). */
static size_t split(emb_arena *a, const char *s, size_t n, raw_tok *out, size_t max) {
    size_t count = 0, i = 0;
    int comma = 0;
    /* a token keeps no more bytes than it takes of s, and ends in a NUL */
    char *block = emb__arena_alloc(a, n + (n < max ? n : max) + 1);
    if (!block) return (size_t)-1;
    size_t used = 0;
    long open_q = -1; /* the first token after an opening quotation mark */
    while (i < n && count < max) {
        size_t adv;
        int del;
        /* skip separators (a space, most of them, at once) */
        while (i < n && s[i] == ' ') {
            if (count > 0 && out[count - 1].sep_after == 0) out[count - 1].sep_after = ' ';
            if (count > 0 && out[count - 1].sep_len < 255) out[count - 1].sep_len++;
            i++;
        }
        while (i < n && !classify_cp(s + i, n - i, &adv, &del)) {
            if (is_quote(s + i, n - i)) {
                size_t adv2;
                int del2;
                if (count > 0 && out[count - 1].sep_len == 0 && open_q >= 0) {
                    for (size_t k = (size_t)open_q; k < count; k++) out[k].quoted = 1;
                    open_q = -1;
                } else if (i + adv < n && classify_cp(s + i + adv, n - i - adv, &adv2, &del2)) {
                    open_q = (long)count;
                }
            }
            if (s[i] == ',' || s[i] == ';') comma = 1;
            if (count > 0 && out[count - 1].sep_after == 0 && !del) out[count - 1].sep_after = s[i];
            if (count > 0 && out[count - 1].sep_len < 255) out[count - 1].sep_len++;
            i += adv;
        }
        if (i >= n) break;
        /* collect a token, deleting apostrophes inside it (at most 255
         * bytes of it, cut below) */
        char *buf = block + used;
        const size_t bufsz = 256;
        size_t bl = 0, apos = 0;
        int digit = 0;
        while (i < n) {
            unsigned char c = (unsigned char)s[i];
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
                /* ASCII, lowered here (as classify_cp would take it) */
                digit |= c <= '9';
                if (bl + 1 < bufsz) buf[bl++] = (char)(c <= 'Z' && c >= 'A' ? c + 32 : c);
                i++;
            } else if (classify_cp(s + i, n - i, &adv, &del)) {
                if (bl + adv < bufsz) {
                    memcpy(buf + bl, s + i, adv);
                    bl += adv;
                }
                i += adv;
            } else if (del && i + adv < n) {
                size_t adv2;
                int del2;
                if (!classify_cp(s + i + adv, n - i - adv, &adv2, &del2)) break;
                if (!apos && bl < 255) apos = bl + 1;
                i += adv; /* an apostrophe between letters: O'NEILL */
            } else {
                break;
            }
        }
        if (bl > EMB_TOKEN_MAX) {
            bl = EMB_TOKEN_MAX;
            while (bl > 0 && ((unsigned char)buf[bl] & 0xC0) == 0x80) bl--; /* UTF-8 boundary */
        }
        /* (ASCII letters were lowered as they came; classify_cp takes
         * no other byte below 0x80) */
        buf[bl] = '\0';
        used += bl + 1;
        out[count].s = buf;
        out[count].len = bl;
        out[count].sep_after = 0;
        out[count].sep_len = 0;
        out[count].comma_before = comma;
        out[count].quoted = 0;
        out[count].dotted = 0;
        out[count].apos = (uint8_t)apos;
        out[count].digit = (uint8_t)digit;
        comma = 0;
        count++;
    }
    return count;
}

/* Ig0r Sech1n: digits inside a word that also has letters are read as the
 * letters they look like. */
static void unleet(raw_tok *t) {
    if (!t->digit) return; /* (most words) */
    size_t letters = 0, digits = 0;
    for (size_t i = 0; i < t->len; i++) {
        char c = t->s[i];
        if (c >= 'a' && c <= 'z') letters++;
        else if (c >= '0' && c <= '9') digits++;
    }
    /* not ordinals (1st, 22nd) or numbers with a unit: digits come first
     * there; nor a number after a word (Media4, Area51): digits last */
    if (!letters || !digits || digits * 2 > t->len || (t->s[0] >= '0' && t->s[0] <= '9') ||
        (t->s[t->len - 1] >= '0' && t->s[t->len - 1] <= '9'))
        return;
    static const char LOOK[] = "olzeasbtbg"; /* 0 1 2 3 4 5 6 7 8 9 */
    char *s = (char *)t->s;
    for (size_t i = 0; i < t->len; i++)
        if (s[i] >= '0' && s[i] <= '9') s[i] = LOOK[s[i] - '0'];
}

/* Arabic compound names: Abd al-Rahman, Abdul Rahman, Abdulrahman and
 * Abdel Rahman all become "abdul rahman"; Abd Allah, Abdallah -> abdullah. */
static size_t arabic_compounds(emb_arena *a, raw_tok *t, size_t n, size_t max) {
    static const char *const ABD[] = {"abdoul", "abdul", "abdel", "abdal", "abdol"};
    for (size_t i = 0; i < n; i++) {
        if (t[i].len == 3 && !memcmp(t[i].s, "abd", 3) && i + 1 < n) {
            const raw_tok *nx = &t[i + 1];
            int art = (nx->len == 2 && (!memcmp(nx->s, "al", 2) || !memcmp(nx->s, "el", 2) ||
                                        !memcmp(nx->s, "ul", 2)));
            int allah = (nx->len == 5 && !memcmp(nx->s, "allah", 5)) ||
                        (nx->len == 4 && !memcmp(nx->s, "llah", 4));
            if (art || allah) {
                t[i].s = allah ? "abdullah" : "abdul";
                t[i].len = strlen(t[i].s);
                memmove(t + i + 1, t + i + 2, (n - i - 2) * sizeof(*t));
                n--;
                continue;
            }
        }
        /* every prefix below begins abd and has five letters or more */
        if (t[i].len < 5 || memcmp(t[i].s, "abd", 3) != 0) continue;
        for (size_t k = 0; k < sizeof(ABD) / sizeof(ABD[0]); k++) {
            size_t pl = strlen(ABD[k]);
            if (t[i].len < pl || memcmp(t[i].s, ABD[k], pl) != 0) continue;
            const char *rest = t[i].s + pl;
            size_t rl = t[i].len - pl;
            if (rl == 0) {
                t[i].s = "abdul";
                t[i].len = 5;
            } else if ((rl == 3 && !memcmp(rest, "lah", 3)) || (rl == 2 && !memcmp(rest, "la", 2)) ||
                       (rl == 4 && !memcmp(rest, "llah", 4))) {
                t[i].s = "abdullah";
                t[i].len = 8;
            } else if (rl >= 3 && n < max) {
                /* Abdulrahman -> abdul rahman */
                memmove(t + i + 2, t + i + 1, (n - i - 1) * sizeof(*t));
                n++;
                t[i + 1] = t[i];
                t[i + 1].s = emb__arena_strndup(a, rest, rl);
                if (!t[i + 1].s) return (size_t)-1;
                t[i + 1].len = rl;
                t[i + 1].comma_before = 0;
                t[i].s = "abdul";
                t[i].len = 5;
                i++;
            }
            break;
        }
    }
    return n;
}

/* Whether UTF-8 text holds letters of a script that writes few vowels. */
static int has_abjad(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) { /* ASCII, most of most names */
            i++;
            continue;
        }
        size_t adv;
        unsigned cp = emb__utf8_decode(s + i, n - i, &adv);
        if ((cp >= 0x0590 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
            (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
            (cp >= 0xFE70 && cp <= 0xFEFF))
            return 1;
        i += adv;
    }
    return 0;
}

static int is_single_letter(const raw_tok *t) {
    return t->len == 1 && t->s[0] >= 'a' && t->s[0] <= 'z';
}

/* Whether raw[i..i+span) are single letters only and a single letter
 * stands right before or after them: a run of initials (U. S. H.). */
static int initials_run(const raw_tok *raw, size_t n, size_t i, size_t span) {
    for (size_t k = i; k < i + span; k++)
        if (!is_single_letter(&raw[k])) return 0;
    return (i > 0 && is_single_letter(&raw[i - 1])) ||
           (i + span < n && is_single_letter(&raw[i + span]));
}

/* A.B.C. -> abc: joins runs of single letters written with a dot and
 * nothing else between them (V. V. Putin keeps its initials), or with a
 * slash (the Danish and Norwegian A/S). */
static size_t join_acronyms(emb_arena *a, raw_tok *t, size_t n) {
    size_t w = 0;
    for (size_t r = 0; r < n;) {
        size_t e = r;
        while (e + 1 < n && is_single_letter(&t[e]) && is_single_letter(&t[e + 1]) &&
               (t[e].sep_after == '.' || t[e].sep_after == '/') && t[e].sep_len == 1 && !t[e + 1].comma_before)
            e++;
        if (e > r) {
            size_t len = e - r + 1;
            char *s = emb__arena_alloc(a, len + 1);
            if (!s) return (size_t)-1;
            for (size_t k = 0; k < len; k++) s[k] = t[r + k].s[0];
            s[len] = '\0';
            t[w] = t[r];
            t[w].s = s;
            t[w].len = len;
            t[w].sep_after = t[e].sep_after;
            t[w].dotted = 1;
            w++;
            r = e + 1;
        } else {
            t[w++] = t[r++];
        }
    }
    return w;
}

static int is_patronymic(const char *s, size_t n) {
    static const char *const SUFFIX[] = {"ovich", "evich", "ovna", "evna", "ovych", "ivna",
                                         "yevich", "ievich", "oglu", "ogly", "kyzy", "ovic"};
    if (n < 7) return 0;
    for (size_t i = 0; i < sizeof(SUFFIX) / sizeof(SUFFIX[0]); i++) {
        size_t sl = strlen(SUFFIX[i]);
        if (n > sl + 2 && memcmp(s + n - sl, SUFFIX[i], sl) == 0) return 1;
    }
    return 0;
}

static int all_digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return n > 0;
}

/* ---- the word memo (name.h) ------------------------------------------------- */

/* Sets of MEMO_WAYS words, the least recently used of a full set giving way:
 * a batch of 20,000 names (bench/queries.txt) holds 18,687 distinct words, a
 * third of them more than once. One slot a word (direct-mapped, 16,384
 * slots) found 65% of the words met before on a first pass and 76% on a
 * second: words that shared a slot pushed each other out, the commonest
 * with the rest. Four ways find 70% and 83% in as many slots, and 71% and
 * 95% in twice as many (a simulation of the batch's words). A slot is
 * 176 bytes. */
#define MEMO_WAYS 4
#define MEMO_TEXT 24            /* longer words are analysed every time */
#define MEMO_BLOB 72            /* room for a word's key, skeleton and readings
                                   (99.3% of the words of a batch and a list) */

/* What the lexicon says of one word at the start of the phrases tried at
 * it (emb__name_analyze): all of it depends on the word alone. */
typedef struct lex_word {
    uint8_t begins;             /* emb__lexicon_begins_hits: EMB_BEGINS_* */
    emb_legal_hits hits;        /* the legal forms the word may begin */
    uint8_t no_far;             /* emb__lexicon_legal_far found nothing */
    unsigned flags;             /* emb__lexicon_flags of full, or of the word */
    const char *full;           /* emb__lexicon_expand */
    const char *canon;          /* emb__lexicon_flags' canonical particle */
} lex_word;

/* One word as the lexicon, make_token and the weighing found it; each part
 * is filled when first asked for. */
typedef struct memo_word {
    uint8_t len;                /* 0: an empty slot */
    uint8_t lexed;              /* lex is known */
    uint8_t keyed;              /* flags, masks, klen, plen and the blob are known */
    uint8_t klen, plen, lklen;
    uint8_t aklen[EMB_ALT_KEYS];
    uint8_t readings;           /* aklen, lklen and their keys are known */
    uint8_t stats;              /* df and word are known */
    uint8_t word;
    uint8_t given;              /* emb__lexicon_common_given */
    uint16_t flags;             /* the flags the spelling alone gives */
    uint8_t blob_len;
    uint8_t equiv;              /* 1 + emb__equiv_given (a group below 255),
                                   0: not known */
    uint32_t df;
    float rarity;               /* rarity(df) */
    uint32_t tmask, kmask;
    lex_word lex;
    char text[MEMO_TEXT];
    char blob[MEMO_BLOB];       /* key, skeleton, then with readings the
                                   readings' keys and the loose key, each
                                   NUL-ended */
} memo_word;

/* Two adjacent query words written together (Patr ushev), and the
 * romanisation key of them as one word (emb__name_memo_joined_key): ~600
 * instructions to key, some three times a query. 8,192 pairs. */
#define JOINED_BITS 13
#define JOINED_TEXT 32          /* longer pairs are keyed every time */
#define JOINED_KEY 40           /* longer keys are not kept */
typedef struct memo_joined {
    uint8_t len;                /* 0: an empty slot */
    uint8_t klen;
    char text[JOINED_TEXT];     /* the two words, written together */
    char key[JOINED_KEY];       /* emb__romkey of text */
} memo_joined;

/* A set's words as a look-up first reads them, in one cache line for two
 * sets: a tag of each (bits of its hash, and its length; 0: an empty slot)
 * and the memo's clock when it was last met. A word is compared with the
 * slots whose tag is its own only: the four slots of a set are eleven
 * cache lines, which a word the set does not hold read all of. */
typedef struct memo_set {
    uint32_t tag[MEMO_WAYS];
    uint32_t used[MEMO_WAYS];
} memo_set;

struct emb_name_memo {
    uint32_t set_mask;          /* sets - 1 (a power of two) */
    uint32_t clock;             /* counts the words met */
    memo_set *sets;             /* set_mask + 1 */
    memo_joined joined[1u << JOINED_BITS];
    memo_word w[];              /* (set_mask + 1) * MEMO_WAYS; slot
                                   numbers fit memo_at (name.h) */
};

emb_name_memo *emb__name_memo_new_sized(unsigned words) {
    size_t sets = 1;
    while (sets * MEMO_WAYS < words && sets * MEMO_WAYS * 2 <= UINT16_MAX) sets *= 2;
    emb_name_memo *m = emb__calloc(1, sizeof(emb_name_memo) + sets * MEMO_WAYS * sizeof(memo_word));
    if (!m) return NULL;
    m->set_mask = (uint32_t)(sets - 1);
    if (!(m->sets = emb__calloc(sets, sizeof(memo_set)))) {
        emb__free(m);
        return NULL;
    }
    return m;
}

emb_name_memo *emb__name_memo_new(void) {
    return emb__name_memo_new_sized(EMB_NAME_MEMO_WORDS);
}

void emb__name_memo_free(emb_name_memo *memo) {
    if (!memo) return;
    emb__free(memo->sets);
    emb__free(memo);
}

/* The hash of word s[0..len) (FNV-1a): memo_find takes its set and tag
 * from it. */
static uint32_t memo_hash(const char *s, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The slot that holds word s[0..len) (1 <= len <= MEMO_TEXT, hash h:
 * memo_hash); with `claim`, if none does, the empty or least recently met
 * slot of its set, emptied and given the word; else NULL. */
static memo_word *memo_find(emb_name_memo *memo, uint32_t h, const char *s, size_t len, int claim) {
    uint32_t set = (h ^ (h >> 15)) & memo->set_mask;
    uint32_t tag = (h & 0xFFFFFF00u) | (uint32_t)len; /* (len: never 0) */
    memo_set *st = &memo->sets[set];
    memo_word *w = &memo->w[(size_t)set * MEMO_WAYS];
    uint32_t now = ++memo->clock;
    for (int k = 0; k < MEMO_WAYS; k++) {
        if (st->tag[k] == tag && memcmp(w[k].text, s, len) == 0) {
            st->used[k] = now;
            return &w[k];
        }
    }
    if (!claim) return NULL;
    /* (an empty slot was met longest ago: its clock is 0) */
    int old = 0;
    for (int k = 1; k < MEMO_WAYS; k++)
        if (now - st->used[k] > now - st->used[old] || !st->tag[k]) old = k;
    st->tag[old] = tag;
    st->used[old] = now;
    memset(&w[old], 0, offsetof(memo_word, text));
    w[old].len = (uint8_t)len;
    memcpy(w[old].text, s, len);
    return &w[old];
}

size_t emb__name_memo_joined_key(emb_name_memo *memo, const emb_token *a, const emb_token *b,
                                 char *out) {
    char text[2 * EMB_TOKEN_MAX];
    size_t an = a->len < EMB_TOKEN_MAX ? a->len : EMB_TOKEN_MAX;
    size_t bn = b->len < EMB_TOKEN_MAX ? b->len : EMB_TOKEN_MAX;
    size_t n = an + bn;
    memcpy(text, a->text, an);
    memcpy(text + an, b->text, bn);
    if (!memo || n == 0 || n > JOINED_TEXT) return emb__romkey(text, n, out);
    uint32_t h;
    if (a->memo_at && b->memo_at) { /* the words' slots: no hashing again */
        h = ((uint32_t)a->memo_at * 0x9E3779B1u) ^ ((uint32_t)b->memo_at * 0x85EBCA77u);
        h ^= h >> 16;
    } else {
        h = 2166136261u; /* FNV-1a, as memo_hash */
        for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)text[i]) * 16777619u;
    }
    /* (a slot that does not hold the pair is only a miss: the text decides) */
    memo_joined *j = &memo->joined[(h ^ (h >> JOINED_BITS)) & ((1u << JOINED_BITS) - 1)];
    if (j->len == n && memcmp(j->text, text, n) == 0) {
        memcpy(out, j->key, j->klen);
        return j->klen;
    }
    size_t kl = emb__romkey(text, n, out);
    if (kl <= JOINED_KEY) {
        j->len = (uint8_t)n;
        memcpy(j->text, text, n);
        j->klen = (uint8_t)kl;
        memcpy(j->key, out, kl);
    }
    return kl;
}

/* Whether slot w holds word s[0..len). */
static int memo_holds(const memo_word *w, const char *s, size_t len) {
    return w->len == len && memcmp(w->text, s, len) == 0;
}

/* What the lexicon says of word s[0..len) (see lex_word), from the memo
 * where it has it (then kept there), or into *tmp; *at is the word's slot,
 * or NULL where the memo does not take it. The word is hashed once, for
 * the lexicon, make_token and the weighing (three hashes were ~750
 * instructions a query). */
static lex_word *lex_lookup(emb_name_memo *memo, const char *s, size_t len, lex_word *tmp,
                            memo_word **at) {
    lex_word *w = tmp;
    *at = NULL;
    if (memo && len > 0 && len <= MEMO_TEXT) {
        memo_word *mw = memo_find(memo, memo_hash(s, len), s, len, 1);
        *at = mw;
        if (mw->lexed) return &mw->lex;
        mw->lexed = 1;
        w = &mw->lex;
    }
    w->begins = (uint8_t)emb__lexicon_begins_hits(s, len, &w->hits);
    w->no_far = 0;
    w->full = emb__lexicon_expand(s, len);
    const char *text = w->full ? w->full : s;
    w->canon = NULL;
    w->flags = emb__lexicon_flags(text, w->full ? strlen(w->full) : len, &w->canon);
    return w;
}

/* The weight of a word that df of the table's names hold: its inverse
 * document frequency, scaled to 0.15..1. */
static float rarity(uint32_t df) {
    double total = (double)emb__name_freq_total;
    double idf = log((total + 1.0) / ((double)df + 1.0)) / log(total + 1.0);
    return (float)(0.15 + 0.85 * idf);
}

/* What the table of name frequencies knows of t's word, and its rarity,
 * from the memo where it has them. */
static void word_stats(emb_name_memo *memo, const emb_token *t, emb_name_stat *ns, float *rare,
                       unsigned *given) {
    memo_word *w = NULL;
    if (memo && t->len > 0 && t->len <= MEMO_TEXT) {
        /* (the slot make_token chose, if no word has taken it since) */
        w = t->memo_at ? &memo->w[t->memo_at - 1u] : NULL;
        if (w && !memo_holds(w, t->text, t->len)) w = NULL;
        if (!t->memo_at) w = memo_find(memo, memo_hash(t->text, t->len), t->text, t->len, 0);
        if (w && w->stats) {
            ns->df = w->df;
            ns->person_df = 0; /* not kept: the weight does not ask */
            ns->word = w->word;
            *rare = w->rarity;
            *given = w->given;
            return;
        }
    }
    emb__name_stats(t->text, t->len, ns);
    *rare = rarity(ns->df);
    *given = emb__lexicon_common_given(t->text, t->len);
    if (w) {
        w->df = ns->df;
        w->word = (uint8_t)(ns->word != 0);
        w->rarity = *rare;
        w->given = (uint8_t)*given;
        w->stats = 1;
    }
}

/* emb__equiv_given of t's word, from the memo where it has it. */
static uint32_t equiv_given(emb_name_memo *memo, const emb_token *t) {
    memo_word *w = memo && t->memo_at ? &memo->w[t->memo_at - 1u] : NULL;
    if (w && !memo_holds(w, t->text, t->len)) w = NULL;
    if (w && w->equiv) return w->equiv - 1u;
    uint32_t g = emb__equiv_given(t->text, t->len);
    if (w && g < 255) w->equiv = (uint8_t)(g + 1);
    return g;
}

/* Weighs t; returns emb__lexicon_common_given of its word (0 for a word
 * not weighed by its frequency). */
static unsigned weigh(emb_name_memo *memo, emb_token *t) {
    float w;
    unsigned given = 0;
    if (t->flags & EMB_TOK_TITLE) w = 0.1f;
    else if (t->flags & EMB_TOK_STOP) w = 0.05f;
    else if (t->flags & EMB_TOK_PARTICLE) w = 0.15f;
    else if (t->flags & EMB_TOK_LEGAL) w = 0.3f;
    else if (t->flags & EMB_TOK_INITIAL) w = 0.3f;
    else if (t->flags & EMB_TOK_NUMBER) w = 0.5f;
    else {
        emb_name_stat ns;
        word_stats(memo, t, &ns, &w, &given);
        int word = ns.word;
        /* An ordinary English word (United, Capital, Progress, Said) names
         * little, however rare it is in names. */
        if (word) {
            t->flags |= EMB_TOK_WORD;
            if (w > WORD_WEIGHT) w = WORD_WEIGHT;
        }
        if (t->len <= 2) w *= 0.6f;
        else if (t->len == 3) w *= 0.85f;
    }
    t->weight = w;
    return given;
}

void emb__token_weigh(emb_token *t) {
    weigh(NULL, t);
}

static int is_name_word(const emb_token *t);
static int arabic_particle(const emb_token *t);

/* A name that is one common given name and no more (emb__lexicon_common_given:
 * Saud; Abd al-Aziz, Abdelaziz; bin Abdulaziz), with no family name, nisba
 * (al-) or initial, is shared by a great many people, more than the name
 * table's counts say: its words weigh at most GIVEN_WEIGHT (Muhammad, the
 * table's commonest name, weighs 0.55), and the abdul of Abd al- before a
 * name of God ABDUL_WEIGHT ("servant of": it says nothing of which). In a
 * screen a query of one written name is at most as sure as its evidence
 * (score.c, one_name_query): Abd al-Aziz ~ AZIZ, Abdul 1.0 -> 0.65, Saud ~
 * SA'UD, Yunus 0.813 -> below 0.5. A name with a word that is no common
 * given name (Abdul Haq, Abdol Jabbar) keeps the table's weights, and so
 * does a name of two written words or more (Mohamed Ibrahim): lighter
 * there, its words would make the list's other words cost more, and drop
 * listed people that the query names in part (measured: eval/). */
#define GIVEN_WEIGHT 0.4f
#define COMMON_GIVEN_WEIGHT 0.75f /* in any name (emb__name_analyze) */
#define ABDUL_WEIGHT 0.25f
static void weigh_given(emb_token *tok, size_t m, const uint8_t *given) {
    size_t words = 0;
    for (size_t i = 0; i < m; i++) {
        const emb_token *t = &tok[i];
        if (t->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER | EMB_TOK_DOTTED)) return;
        if ((t->flags & EMB_TOK_PARTICLE) && arabic_particle(t)) return;
        if (!is_name_word(t)) continue;
        /* abdul counts before a name of God only */
        if (given[i] == EMB_GIVEN_ABD ? !(i + 1 < m && (given[i + 1] & EMB_GIVEN_DIVINE)) : !given[i]) return;
        /* the name after abdul, or after a hyphen, is of the same written word */
        int cont = i > 0 && is_name_word(&tok[i - 1]) &&
                   ((tok[i - 1].flags & EMB_TOK_HYPHEN) || given[i - 1] == EMB_GIVEN_ABD);
        if (!cont && ++words > 1) return;
    }
    for (size_t i = 0; words && i < m; i++) {
        emb_token *t = &tok[i];
        if (!is_name_word(t)) continue;
        float cap = given[i] == EMB_GIVEN_ABD ? ABDUL_WEIGHT : GIVEN_WEIGHT;
        if (t->weight > cap) t->weight = cap;
    }
}

/* The romanisation key of a spelling: Slavic given names and patronymics
 * key as the form they stand for (Ihar and Igor, Ryhorovich and
 * Grigorievich agree). out has capacity EMB_ROMKEY_CAP(EMB_TOKEN_MAX). */
static size_t spelling_key(const char *s, size_t len, char *out) {
    const char *ksrc = s;
    size_t klen_src = len;
    char pbuf0[64];
    const char *given = emb__lexicon_given(s, len);
    if (given) {
        ksrc = given;
        klen_src = strlen(given);
    } else if (len >= 7 && (klen_src = emb__lexicon_patronymic(s, len, pbuf0, sizeof(pbuf0))) > 0) {
        ksrc = pbuf0;
    } else {
        klen_src = len;
    }
    if (klen_src > EMB_TOKEN_MAX) klen_src = EMB_TOKEN_MAX;
    size_t kl = emb__romkey(ksrc, klen_src, out);
    return kl > 255 ? 255 : kl;
}

/* Adds the key kbuf[0, kl) to t's competing readings (slot *k, and *k
 * moves on), unless it is empty, t's own key or a reading already there.
 * EMBARGO_ENOMEM or EMBARGO_OK. */
static embargo_status add_reading(emb_arena *a, emb_token *t, int *k, const char *kbuf, size_t kl) {
    if (kl == 0 || (kl == t->klen && memcmp(kbuf, t->key, kl) == 0)) return EMBARGO_OK;
    for (int j = 0; j < *k; j++)
        if (kl == t->aklen[j] && memcmp(kbuf, t->akey[j], kl) == 0) return EMBARGO_OK;
    char *key = emb__arena_strndup(a, kbuf, kl);
    if (!key) return EMBARGO_ENOMEM;
    t->akey[*k] = key;
    t->aklen[*k] = (uint8_t)kl;
    (*k)++;
    return EMBARGO_OK;
}

/* The keys of the competing readings of t's spelling (romkey.h) that
 * differ from its key and from each other. Only words of letters: a
 * number or a legal form has one reading. */
static int has_readings(const emb_token *t) {
    return t->len >= 3 && !(t->flags & (EMB_TOK_LEGAL | EMB_TOK_NUMBER | EMB_TOK_COUNTRY | EMB_TOK_STOP |
                                        EMB_TOK_TITLE | EMB_TOK_PARTICLE));
}

static embargo_status reading_keys(emb_arena *a, emb_token *t) {
    if (!has_readings(t)) return EMBARGO_OK;
    int k = 0;
    /* the ISO 9 reading's key, if the loop made it (the loose form below
     * wants it too) */
    char isokey[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    size_t isosl = 0, isokl = 0;
    int iso_done = 0;
    for (int r = 0; r <= EMB_READ_ISO9 && k < EMB_ALT_KEYS; r++) {
        char sp[EMB_READING_CAP(EMB_TOKEN_MAX)], kbuf[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
        if (r == EMB_READ_ISO9) iso_done = 1;
        if (!emb__romkey_reading_may(t->text, t->len, t->tmask, r)) continue;
        size_t sl = emb__romkey_reading(t->text, t->len, r, sp);
        if (sl == 0) continue;
        if (sl > EMB_TOKEN_MAX) sl = EMB_TOKEN_MAX;
        size_t kl = spelling_key(sp, sl, kbuf);
        if (r == EMB_READ_ISO9) {
            isosl = sl;
            isokl = kl;
            memcpy(isokey, kbuf, kl);
        }
        if (add_reading(a, t, &k, kbuf, kl)) return EMBARGO_ENOMEM;
    }
    /* the loose form, from the ISO 9 reading if c is in the word */
    char sp[EMB_READING_CAP(EMB_TOKEN_MAX)], kbuf[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    char lbuf[EMB_ROMKEY_CAP(EMB_ROMKEY_CAP(EMB_TOKEN_MAX))];
    size_t sl, kl;
    const char *kp = kbuf;
    if (iso_done) {
        sl = isosl;
        kl = isokl;
        kp = isokey;
    } else {
        sl = emb__romkey_reading_may(t->text, t->len, t->tmask, EMB_READ_ISO9)
                 ? emb__romkey_reading(t->text, t->len, EMB_READ_ISO9, sp) : 0;
        kl = sl ? spelling_key(sp, sl > EMB_TOKEN_MAX ? EMB_TOKEN_MAX : sl, kbuf) : 0;
    }
    size_t ll = sl ? emb__romkey_loose(kp, kl, lbuf) : emb__romkey_loose(t->key, t->klen, lbuf);
    if (ll > EMB_TOKEN_MAX) ll = 0; /* longer than any list key's loose form */
    if (ll) {
        char *lk = emb__arena_strndup(a, lbuf, ll);
        if (!lk) return EMBARGO_ENOMEM;
        t->lkey = lk;
        t->lklen = (uint8_t)ll;
    }
    return EMBARGO_OK;
}

/* Whether a spelling is unmistakably romanised from Belarusian or
 * Ukrainian: a final -au, -ou, -eu of a word of six letters or more (the
 * short u: IPATAU, KARAEU; not the French -eau, nor Abdou, Zhou), dz not before h (Dzmitry, Henadz), the
 * patronymic endings -avich, -auna, -ovych, -evych, -ivna, an initial h
 * before a consonant (Hryb, Hleb), a final -enka (Lukashenka). */
static int looks_east(const emb_token *t) {
    const char *s = t->text;
    size_t n = t->len;
    if (n >= 6 && s[n - 1] == 'u' && (s[n - 2] == 'a' || s[n - 2] == 'o' || s[n - 2] == 'e') && s[n - 3] != 'e')
        return 1;
    /* (the letters of the word, tmask, hold a d and a z first) */
    const uint32_t dz = (1u << ('d' & 31)) | (1u << ('z' & 31));
    for (size_t i = 0; (t->tmask & dz) == dz && i + 1 < n; i++)
        if (s[i] == 'd' && s[i + 1] == 'z' && (i + 2 == n || s[i + 2] != 'h')) return 1;
    static const struct { char s[6]; uint8_t n; } END[] = {
        {"avich", 5}, {"auna", 4}, {"ovych", 5}, {"evych", 5}, {"ivna", 4}, {"enka", 4}};
    /* every ending below ends in h or a */
    for (size_t i = 0; n >= 6 && (s[n - 1] == 'h' || s[n - 1] == 'a') && i < sizeof(END) / sizeof(END[0]); i++)
        if (n >= END[i].n + 2u && !memcmp(s + n - END[i].n, END[i].s, END[i].n)) return 1;
    return n >= 3 && s[0] == 'h' && (s[1] == 'r' || s[1] == 'l' || s[1] == 'n' || s[1] == 'v');
}

/* Marks t EMB_TOK_EAST, and gives it the key of its Russian spelling as one
 * more reading, if that spelling keys otherwise (romkey.h, EMB_READ_EAST).
 * A given name or patronymic the lexicon knows keys as its Russian form
 * already (Henadz, Ryhorovich). */
static embargo_status east_key(emb_arena *a, emb_token *t) {
    char pb[64];
    if (t->len < 3 || (t->flags & (EMB_TOK_LEGAL | EMB_TOK_NUMBER | EMB_TOK_COUNTRY | EMB_TOK_STOP | EMB_TOK_TITLE |
                                   EMB_TOK_PARTICLE | EMB_TOK_INITIAL)) ||
        emb__lexicon_given(t->text, t->len) || emb__lexicon_patronymic(t->text, t->len, pb, sizeof(pb)))
        return EMBARGO_OK;
    char sp[EMB_READING_CAP(EMB_TOKEN_MAX)], kbuf[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    size_t sl = emb__romkey_reading(t->text, t->len, EMB_READ_EAST, sp);
    if (sl == 0) return EMBARGO_OK;
    size_t kl = spelling_key(sp, sl > EMB_TOKEN_MAX ? EMB_TOKEN_MAX : sl, kbuf);
    if (kl == 0 || (kl == t->klen && memcmp(kbuf, t->key, kl) == 0)) return EMBARGO_OK;
    /* key\0rkey\0rphon (name.h, emb__token_east) */
    char blob[3 * EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    size_t o = 0;
    memcpy(blob, t->key, t->klen);
    o = t->klen;
    blob[o++] = '\0';
    memcpy(blob + o, kbuf, kl);
    o += kl;
    blob[o++] = '\0';
    o += emb__phonkey(kbuf, kl, blob + o);
    char *b = emb__arena_strndup(a, blob, o);
    if (!b) return EMBARGO_ENOMEM;
    t->key = b;
    t->flags |= EMB_TOK_EAST;
    int k = 0;
    while (k < EMB_ALT_KEYS && t->aklen[k]) {
        if (t->aklen[k] == kl && memcmp(t->akey[k], kbuf, kl) == 0) return EMBARGO_OK;
        k++;
    }
    if (k == EMB_ALT_KEYS) k--; /* in such a name, before the ISO 9 reading */
    t->akey[k] = b + t->klen + 1;
    t->aklen[k] = (uint8_t)kl;
    return EMBARGO_OK;
}

/* Keeps t's word, as make_token made it, in slot w, which holds the word:
 * the flags its spelling gave (`spelt`), and its readings if `readings`;
 * if it fits. */
static void memo_keep(memo_word *w, const emb_token *t, uint16_t spelt, int readings) {
    size_t n = (size_t)t->klen + 1 + t->plen + 1;
    if (readings) {
        for (int r = 0; r < EMB_ALT_KEYS; r++) n += t->aklen[r] ? t->aklen[r] + 1u : 0;
        n += t->lklen ? t->lklen + 1u : 0;
    }
    if (n > MEMO_BLOB) return;
    w->keyed = 1;
    w->flags = spelt;
    w->tmask = t->tmask;
    w->kmask = t->kmask;
    w->klen = t->klen;
    w->plen = t->plen;
    w->readings = (uint8_t)readings;
    char *b = w->blob;
    memcpy(b, t->key, t->klen);
    b += t->klen;
    *b++ = '\0';
    memcpy(b, t->phon, t->plen);
    b += t->plen;
    *b++ = '\0';
    memset(w->aklen, 0, sizeof(w->aklen));
    w->lklen = 0;
    if (readings) {
        for (int r = 0; r < EMB_ALT_KEYS; r++) {
            if (!t->aklen[r]) continue;
            w->aklen[r] = t->aklen[r];
            memcpy(b, t->akey[r], t->aklen[r]);
            b += t->aklen[r];
            *b++ = '\0';
        }
        if (t->lklen) {
            w->lklen = t->lklen;
            memcpy(b, t->lkey, t->lklen);
            b += t->lklen;
            *b++ = '\0';
        }
    }
    w->blob_len = (uint8_t)(b - w->blob);
}

/* make_token from slot w, which holds t's word; t has its text, len,
 * legal. */
static embargo_status memo_take(emb_arena *a, memo_word *w, emb_token *t, uint16_t flags) {
    char *b = emb__arena_alloc(a, w->blob_len);
    if (!b) return EMBARGO_ENOMEM;
    memcpy(b, w->blob, w->blob_len);
    t->flags = flags | w->flags;
    t->tmask = w->tmask;
    t->kmask = w->kmask;
    t->key = b;
    t->klen = w->klen;
    t->phon = b + w->klen + 1;
    t->plen = w->plen;
    if (!has_readings(t)) return EMBARGO_OK;
    if (!w->readings) { /* kept from a use that wanted none */
        embargo_status st = reading_keys(a, t);
        if (!st) memo_keep(w, t, w->flags, 1);
        return st;
    }
    b += (size_t)w->klen + 1 + w->plen + 1;
    for (int r = 0; r < EMB_ALT_KEYS; r++) {
        if (!w->aklen[r]) continue;
        t->akey[r] = b;
        t->aklen[r] = w->aklen[r];
        b += w->aklen[r] + 1u;
    }
    if (w->lklen) {
        t->lkey = b;
        t->lklen = w->lklen;
    }
    return EMBARGO_OK;
}

/* Makes token t of word s[0..len); `at` is the memo's slot of s[0..len)
 * where the caller has it (lex_lookup), else NULL. */
static embargo_status make_token(emb_name_memo *memo, emb_arena *a, emb_token *t, const char *s,
                                 size_t len, uint16_t flags, uint16_t legal, memo_word *at) {
    if (len > EMB_TOKEN_MAX) len = EMB_TOKEN_MAX;
    memset(t, 0, sizeof(*t));
    t->text = s;
    t->len = (uint8_t)len;
    memo_word *w = NULL;
    if (memo && len > 0 && len <= MEMO_TEXT) {
        w = at && memo_holds(at, s, len) ? at : memo_find(memo, memo_hash(s, len), s, len, 1);
        t->memo_at = (uint16_t)(w - memo->w + 1);
        if (w->keyed) {
            t->legal = legal;
            return memo_take(a, w, t, flags);
        }
    }
    char kbuf[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    size_t kl = spelling_key(s, len, kbuf);
    char *key = emb__arena_strndup(a, kbuf, kl);
    char pbuf[sizeof(kbuf)];
    size_t pl = emb__phonkey(kbuf, kl, pbuf);
    char *phon = emb__arena_strndup(a, pbuf, pl);
    if (!key || !phon) return EMBARGO_ENOMEM;
    t->key = key;
    t->klen = (uint8_t)kl;
    t->phon = phon;
    t->plen = (uint8_t)pl;
    uint16_t spelt = 0; /* the flags the spelling gives */
    if (len == 1 && s[0] >= 'a' && s[0] <= 'z') spelt |= EMB_TOK_INITIAL;
    if (all_digits(s, len)) spelt |= EMB_TOK_NUMBER;
    if (is_patronymic(s, len)) spelt |= EMB_TOK_PATRONYMIC;
    t->flags = flags | spelt;
    t->legal = legal;
    t->tmask = emb__letter_mask(t->text, t->len);
    t->kmask = emb__letter_mask(t->key, t->klen);
    embargo_status st = reading_keys(a, t);
    if (!st && w) memo_keep(w, t, spelt, has_readings(t));
    return st;
}

/* Whether a token is a word of the name proper (a particle needs one to
 * belong to). */
static int is_name_word(const emb_token *t) {
    return !(t->flags & (EMB_TOK_PARTICLE | EMB_TOK_TITLE | EMB_TOK_LEGAL | EMB_TOK_STOP));
}

/* Whether a particle is the Arabic article (al, el, ul as the lexicon
 * writes them) or abu (father of). */
static int arabic_particle(const emb_token *t) {
    return (t->len == 2 && !memcmp(t->text, "al", 2)) || (t->len == 3 && !memcmp(t->text, "abu", 3));
}

/* Whether a particle says "son of" or "daughter of": bin (ibn, ben, ould
 * as the lexicon writes them), bint. */
static int is_son_of(const emb_token *t) {
    return (t->len == 3 && !memcmp(t->text, "bin", 3)) || (t->len == 4 && !memcmp(t->text, "bint", 4));
}

/* A particle belongs to a name after it (al-ASSAD; Abu Khalid, written
 * KHALID, Abu), and "son of" also names whose son, or begins a family name
 * (Usama bin Ladin, BIN LADIN): a word the lexicon knows as a particle that
 * does neither is a name (DU, Changgen is Changgen Du; XU, Bin is Bin Xu,
 * not the son of Xu; a query Ben is a Ben). An Arabic particle that ends
 * a name is still one. Such a token is made again from
 * its own spelling (raw, through praw), without the lexicon's canonical one
 * (ben is no bin). comma_at is where the given part begins when the name is
 * to be read "Given SURNAME", else 0. */
static embargo_status particles_or_names(emb_name_memo *memo, emb_arena *a, emb_token *tok, size_t m,
                                         size_t comma_at, const raw_tok *raw, const uint8_t *praw) {
    /* reading order: the given part, then the surname part */
    uint8_t order[EMB_NAME_MAX_TOKENS];
    size_t k = 0;
    for (size_t i = comma_at; i < m; i++) order[k++] = (uint8_t)i;
    for (size_t i = 0; i < comma_at; i++) order[k++] = (uint8_t)i;
    int name_after = 0;
    for (size_t r = m; r-- > 0;) {
        emb_token *t = &tok[order[r]];
        size_t i = order[r];
        int keep = 1;
        if (t->flags & EMB_TOK_PARTICLE) {
            /* (the Arabic particles stay: a name that ends in al, abu or
             * bin has lost, or moved, the name after it: HASSAN AL;
             * AL-WALID MAHFOUZ OULD) */
            keep = name_after || arabic_particle(t) || is_son_of(t);
            if (keep && is_son_of(t)) {
                /* its own part (before or after the comma) must hold a name */
                size_t lo = comma_at && i >= comma_at ? comma_at : 0, hi = comma_at && i < comma_at ? comma_at : m;
                keep = 0;
                for (size_t j = lo; j < hi && !keep; j++) keep = j != i && is_name_word(&tok[j]);
            }
        }
        if (!keep) {
            const raw_tok *w = &raw[praw[i]];
            uint16_t flags = (uint16_t)(t->flags & ~EMB_TOK_PARTICLE);
            embargo_status st = make_token(memo, a, t, w->s, w->len, flags, 0, NULL);
            if (st) return st;
        }
        if (is_name_word(t)) name_after = 1;
    }
    return EMBARGO_OK;
}

/* A syllable of Wade-Giles (romkey.h, emb__wade_giles) as pinyin writes
 * it: py[0] as its apostrophe says (unaspirated if none was written),
 * py[1] aspirated where no apostrophe says which (`both`). */
typedef struct wg_syl {
    char py[2][8];
    uint8_t pl[2];
    uint8_t both;   /* aspirable, and no apostrophe in the name says how */
    uint8_t pinyin; /* also a pinyin syllable as written (ping, chang) */
} wg_syl;

static int wg_syllable(const raw_tok *r, int name_apos, wg_syl *o) {
    if (r->len < 2 || r->len > 6) return 0;
    size_t u = emb__wade_giles(r->s, r->len, 0, o->py[0]);
    if (!u) return 0;
    size_t p = emb__wade_giles(r->s, r->len, 1, o->py[1]);
    int il = emb__wade_giles_aspirable(r->s, r->len);
    o->pl[0] = (uint8_t)u;
    o->pl[1] = (uint8_t)p;
    o->both = 0;
    o->pinyin = (u == r->len && !memcmp(o->py[0], r->s, u)) || (p == r->len && !memcmp(o->py[1], r->s, p));
    if (il && r->apos == il + 1) { /* Ts'ao: aspirated, as written */
        memcpy(o->py[0], o->py[1], p);
        o->pl[0] = (uint8_t)p;
    } else if (il && !name_apos && (u != p || memcmp(o->py[0], o->py[1], u) != 0)) {
        o->both = 1; /* Tsao: Zao, or Cao with the apostrophe lost */
    }
    return 1;
}

/* Whether a name is Korean by a surname the lists write (KIM Jong Un, RI
 * Yong Ho, PAK, CHOE): its syllables, some spelt as Wade-Giles spells
 * Chinese ones, are no Chinese name's. */
static int korean_surname(const raw_tok *raw, size_t n) {
    static const char *const KS[] = {"kim", "ri", "pak", "park", "choe", "choi", "ryu", "jon", "ro"};
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof(KS) / sizeof(KS[0]); k++)
            if (raw[i].len == strlen(KS[k]) && !memcmp(raw[i].s, KS[k], raw[i].len)) return 1;
    return 0;
}

/* The joined syllables x, y of a Wade-Giles given name (Tse-tung,
 * Chin-p'ing) get the keys of their pinyin readings (Zedong, Jinping) as
 * t's readings, instead of others: as the apostrophes say, and where none
 * was written (it is often lost), each syllable unaspirated and one of
 * them aspirated (Chin-ping: Jinbing, Jinping, Qinbing). */
static embargo_status wg_keys(emb_arena *a, emb_token *t, const wg_syl *x, const wg_syl *y) {
    static const uint8_t COMBO[3][2] = {{0, 0}, {0, 1}, {1, 0}};
    memset(t->aklen, 0, sizeof(t->aklen));
    t->lklen = 0;
    int k = 0;
    for (int c = 0; c < 3 && k < EMB_ALT_KEYS; c++) {
        int rx = COMBO[c][1], ry = COMBO[c][0];
        if ((rx && !x->both) || (ry && !y->both)) continue;
        char sp[16], kbuf[EMB_ROMKEY_CAP(16)];
        size_t sl = x->pl[rx];
        memcpy(sp, x->py[rx], sl);
        memcpy(sp + sl, y->py[ry], y->pl[ry]);
        sl += y->pl[ry];
        size_t kl = spelling_key(sp, sl, kbuf);
        if (add_reading(a, t, &k, kbuf, kl)) return EMBARGO_ENOMEM;
    }
    return EMBARGO_OK;
}

/* Adds the key of spelling sp[0, n) to t's competing readings, in the last
 * slot when the others are full (unless t has it already: then the last
 * slot keeps its reading). EMBARGO_ENOMEM or EMBARGO_OK. */
static embargo_status last_reading(emb_arena *a, emb_token *t, const char *sp, size_t n) {
    char kbuf[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    size_t kl = spelling_key(sp, n, kbuf);
    if (kl == 0 || (kl == t->klen && memcmp(kbuf, t->key, kl) == 0)) return EMBARGO_OK;
    int k = 0;
    for (; k < EMB_ALT_KEYS && t->aklen[k]; k++)
        if (kl == t->aklen[k] && memcmp(kbuf, t->akey[k], kl) == 0) return EMBARGO_OK;
    if (k == EMB_ALT_KEYS) t->aklen[--k] = 0;
    return add_reading(a, t, &k, kbuf, kl);
}

/* Japanese writes foreign names in katakana, a syllable of a consonant and
 * a vowel at a time: a consonant without a vowel in the foreign word gets
 * one (u after most, o after t and d: ウラジーミル urajimiru, Vladimir),
 * and ti, which Japanese lacks, is チ chi (プーチン puchin, Putin; the long
 * vowel mark is lost in the romanisation, pūchin), a final ch チ too (its
 * vowel i: ヴィチ vichi, -vich). Japanese names are written in katakana too
 * (タロウ Taro), so this is a competing reading of the word (name.h, akey),
 * not its spelling: Hepburn's chi as ti, a final chi as ch, ji as di (ジ
 * writes the di of Russian names), an initial u before a consonant as v
 * (ウ writes a v or w without a vowel), and the final u after r, k, s, f,
 * b, m, g, z, and o after t, d dropped; a second reading has l for an r
 * after a consonant (ウラジーミル vradimir, vladimir). These replace the
 * word's readings as a Slavic romanisation, which Hepburn's spelling is
 * not. Added in
 * the last slot when the others are full. EMBARGO_ENOMEM or EMBARGO_OK. */
static embargo_status katakana_reading(emb_arena *a, emb_token *t) {
    char sp[EMB_TOKEN_MAX + 1];
    size_t n = 0, len = t->len;
    const char *s = t->text;
    if (len < 3 || !has_readings(t)) return EMBARGO_OK;
    for (size_t i = 0; i < len; i++) {
        /* an initial u before a consonant: the v or w Japanese writes so
         * (ウラジーミル Vladimir) */
        if (i == 0 && s[0] == 'u' && !strchr("aeiou", s[1])) {
            sp[n++] = 'v';
            continue;
        }
        /* ji: the di of Russian names (ジ for ди) */
        if (i + 1 < len && s[i] == 'j' && s[i + 1] == 'i') {
            sp[n++] = 'd';
            continue;
        }
        if (i + 2 < len && s[i] == 'c' && s[i + 1] == 'h' && s[i + 2] == 'i') {
            if (i + 3 == len && i >= 2) { /* a final chi: ch and the added vowel (-vich) */
                sp[n++] = 'c';
                sp[n++] = 'h';
                break;
            }
            sp[n++] = 't'; /* chi: ti */
            i++;
            continue;
        }
        sp[n++] = s[i];
    }
    if (n >= 4 && ((sp[n - 1] == 'u' && strchr("rksfbmgz", sp[n - 2])) || (sp[n - 1] == 'o' && strchr("td", sp[n - 2])))) n--;
    if (n == len && !memcmp(sp, s, n)) return EMBARGO_OK;
    /* (instead of the readings of Slavic romanisations, which Hepburn's
     * spelling is not) */
    memset(t->aklen, 0, sizeof(t->aklen));
    int k = 0;
    char kbuf[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
    embargo_status st = add_reading(a, t, &k, kbuf, spelling_key(sp, n, kbuf));
    /* and with l for an r after a consonant: Japanese has one sound for
     * both, and the foreign cluster (vl, kl, gl) had l as often as r */
    int l = 0;
    for (size_t i = 1; i < n; i++)
        if (sp[i] == 'r' && !strchr("aeiouy", sp[i - 1])) sp[i] = 'l', l = 1;
    if (st || !l) return st;
    return add_reading(a, t, &k, kbuf, spelling_key(sp, n, kbuf));
}

/* Greek writes a foreign d as ντ and a foreign b as μπ, which the
 * romanisation reads nd and mb after a vowel inside a word (ELOT 743:
 * Άντον andon, Βλαντίμιρ vlandimir), where the foreign name had d (Vladimir)
 * or nt (Anton); mb likewise b or mp (Lambros, Lampros). Greek has no ch
 * either, and writes it τσ, τς (Κοσάτσεφ Kosachev, Βλαντίμιροβιτς -vich),
 * and a Russian final -v as φ (Σιλουάνοφ Siluanov). A word of a name whose
 * Greek has ντ or μπ inside a word, τσ or τς, or a final φ also carries
 * its reading with d, b, ch and a final v (in the last slot when the others
 * are full) and with nt and mp (if a slot is free). */
/* Whether s[0, n) has a letter of the Greek block (U+0370-U+03FF; not the
 * combining marks before it, U+0300-U+036F, which Latin names carry). */
static int has_greek(const char *s, size_t n) {
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned char c = (unsigned char)s[i], d = (unsigned char)s[i + 1];
        if (((c == 0xCD && d >= 0xB0) || c == 0xCE || c == 0xCF) && (d & 0xC0) == 0x80) return 1;
    }
    return 0;
}

static int greek_nasal_stops(const char *s, size_t n) {
    for (size_t i = 2; i + 3 < n; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1], c = (unsigned char)s[i + 2],
                      d = (unsigned char)s[i + 3];
        if (s[i - 1] == ' ' || (unsigned char)s[i - 2] < 0xCE) continue; /* inside a Greek word */
        if (a == 0xCE && (b == 0xBD || b == 0x9D) && ((c == 0xCF && d == 0x84) || (c == 0xCE && d == 0xA4)))
            return 1; /* ντ */
        if (a == 0xCE && (b == 0xBC || b == 0x9C) && ((c == 0xCF && d == 0x80) || (c == 0xCE && d == 0xA0)))
            return 1; /* μπ */
    }
    for (size_t i = 0; i + 3 < n; i++) /* τσ, τς; a final φ */
        if ((unsigned char)s[i] == 0xCF && (((unsigned char)s[i + 1] == 0x84 && (unsigned char)s[i + 2] == 0xCF &&
                                             ((unsigned char)s[i + 3] == 0x83 || (unsigned char)s[i + 3] == 0x82)) ||
                                            ((unsigned char)s[i + 1] == 0x86 && (s[i + 2] == ' ' || s[i + 2] == ','))))
            return 1;
    return n >= 2 && (unsigned char)s[n - 2] == 0xCF && (unsigned char)s[n - 1] == 0x86;
}

/* Greek gives a name of its own the nominative endings -ος, -ας, -ης, -ις
 * (Αλέξανδρος Alexandros, Κωνσταντίνος, Δημήτρης): the length of the
 * romanised word s[0, n) without one (os, as, is, es), 0 if it has none or
 * the stem would be shorter than four letters. */
static size_t greek_stem(const char *s, size_t n) {
    return n >= 6 && s[n - 1] == 's' && (s[n - 2] == 'o' || s[n - 2] == 'a' || s[n - 2] == 'i' || s[n - 2] == 'e')
               ? n - 2 : 0;
}

/* Whether the romanised word t ends as a Greek name of a Greek does: a
 * nominative (-os, -as, -is, -es) or the genitive of a surname (-ou:
 * Βασιλείου vasileiou). */
static int greek_ending(const emb_token *t) {
    size_t n = t->len;
    const char *s = t->text;
    return n >= 3 && ((s[n - 1] == 's' && strchr("oaie", s[n - 2])) || (s[n - 2] == 'o' && s[n - 1] == 'u'));
}

/* The competing readings of a word of a Greek name: those above where the
 * name has ντ, μπ or a final τς (`stops`), and, where `stems`, the stem of
 * a Greek nominative (greek_stem: Alexandros as Alexandr, which keys as
 * Alexander; Konstantinos, Κωνσταντίνος konstandinos, as Konstantin). The
 * first in the last slot when the others are full, the rest where a slot
 * is free. */
static embargo_status greek_reading(emb_arena *a, emb_token *t, int stops, int stems) {
    if (!has_readings(t)) return EMBARGO_OK;
    char stop[EMB_TOKEN_MAX], nasal[EMB_TOKEN_MAX];
    size_t n = 0;
    int changed = 0;
    for (size_t i = 0; stops && i < t->len; i++) {
        char c = t->text[i];
        int pair = i > 0 && i + 1 < t->len && ((c == 'd' && t->text[i - 1] == 'n') || (c == 'b' && t->text[i - 1] == 'm'));
        if (c == 't' && i + 1 < t->len && t->text[i + 1] == 's' && i > 0 && n + 2 <= sizeof(stop)) {
            stop[n++] = 'c'; /* ts: ch (Κοσάτσεφ Kosachev) */
            stop[n++] = 'h';
            nasal[i] = 't';
            nasal[i + 1] = 's';
            i++;
            changed = 1;
            continue;
        }
        if (c == 'p' && i + 2 == t->len && t->text[i + 1] == 'h' && i >= 3) {
            stop[n++] = 'v'; /* a final ph: the v of -ov, -ev (Σιλουάνοφ Siluanov) */
            nasal[i] = 'p';
            nasal[i + 1] = 'h';
            changed = 1;
            break;
        }
        if (pair) {
            stop[n - 1] = c; /* nd: d */
            nasal[i] = c == 'd' ? 't' : 'p'; /* nd: nt */
            changed = 1;
        } else {
            stop[n++] = c;
            nasal[i] = c;
        }
    }
    const char *sp[3];
    size_t sl[3], ns = 0, e;
    if (stems && changed && (e = greek_stem(nasal, t->len))) sp[ns] = nasal, sl[ns++] = e;
    if (stems && (e = greek_stem(t->text, t->len))) sp[ns] = t->text, sl[ns++] = e;
    if (changed) {
        sp[ns] = stop, sl[ns++] = n;
        if (ns < 3 && !(stems && greek_stem(nasal, t->len))) sp[ns] = nasal, sl[ns++] = t->len;
    }
    embargo_status st = ns ? last_reading(a, t, sp[0], sl[0]) : EMBARGO_OK;
    for (size_t r = 1; !st && r < ns; r++) {
        int k = 0;
        while (k < EMB_ALT_KEYS && t->aklen[k]) k++;
        if (k == EMB_ALT_KEYS) break;
        char kbuf[EMB_ROMKEY_CAP(EMB_TOKEN_MAX)];
        st = add_reading(a, t, &k, kbuf, spelling_key(sp[r], sl[r], kbuf));
    }
    return st;
}

/* Hungarian, Japanese, Chinese and Korean write a title after the name
 * (Putyin elnök; プーチン大統領, 习近平主席, 김정은 위원장), which the lexicon's
 * titles, read in front of a name only, miss: the last words of a name of
 * more are a title when they are one of these. Han and Hangul ones are
 * asked of the name as written (its end: Chinese and Japanese write the
 * title joined to the name, Korean after a space, and a Korean given name
 * may be spelt as a title is, 주석 Ju Sok, 동지 Tong Ji) and of its
 * romanised words (normalize.c: 大統領 da tong ling, 위원장 wi won jang). */
/* (a call, not inline: asked of few names, and inline it made the
 * analysis of every name dearer) */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static void titles_after(emb_token *tok, size_t m, int ascii, const char *name, size_t len) {
    static const struct {
        const char *orig; /* as written (UTF-8), after a space (any) if Hangul; NULL: any */
        const char *w[5]; /* its words romanised */
        uint8_t n;
    } AFTER[] = {
        {NULL, {"elnok"}, 1},                                                 /* elnök (Hungarian) */
        {"\xe5\xa4\xa7\xe7\xb5\xb1\xe9\xa0\x98", {"da", "tong", "ling"}, 3}, /* 大統領 (Japanese) */
        {"\xe5\xa4\xa7\xe7\xbb\x9f\xe9\xa2\x86", {"da", "tong", "ling"}, 3}, /* 大统领 */
        {"\xe6\x80\xbb\xe7\xbb\x9f", {"zong", "tong"}, 2},                     /* 总统 (Chinese) */
        {"\xe7\xb8\xbd\xe7\xb5\xb1", {"zong", "tong"}, 2},                     /* 總統 */
        {"\xe6\x80\xbb\xe7\x90\x86", {"zong", "li"}, 2},                       /* 总理 */
        {"\xe7\xb8\xbd\xe7\x90\x86", {"zong", "li"}, 2},                       /* 總理 */
        {"\xe7\xb7\x8f\xe7\x90\x86", {"zong", "li"}, 2},                       /* 総理 (Japanese) */
        {"\xe4\xb8\xbb\xe5\xb8\xad", {"zhu", "xi"}, 2},                        /* 主席 */
        {"\xe9\xa6\x96\xe7\x9b\xb8", {"shou", "xiang"}, 2},                    /* 首相 */
        {" \xeb\x8c\x80\xed\x86\xb5\xeb\xa0\xb9", {"tae", "thong", "ryong"}, 3}, /* 대통령 (Korean) */
        {" \xec\x9c\x84\xec\x9b\x90\xec\x9e\xa5", {"wi", "won", "jang"}, 3},    /* 위원장 */
        {" \xea\xb5\xad\xeb\xac\xb4\xec\x9c\x84\xec\x9b\x90\xec\x9e\xa5",
         {"kuk", "mu", "wi", "won", "jang"}, 5},                                /* 국무위원장 */
        {" \xec\xb4\x9d\xeb\xb9\x84\xec\x84\x9c", {"chong", "bi", "so"}, 3},    /* 총비서 */
        {" \xec\xa3\xbc\xec\x84\x9d", {"ju", "sok"}, 2},                        /* 주석 */
        {" \xeb\x8f\x99\xec\xa7\x80", {"tong", "ji"}, 2},                       /* 동지 */
    };
    /* (most names end in no word of these lengths: no comparing then) */
    if (m < 2) return;
    size_t last = tok[m - 1].len;
    if (last != 5 && (ascii || last < 2 || last > 5)) return;
    for (size_t sp; (sp = emb__utf8_space_before(name, len));) len -= sp;
    for (size_t k = 0; k < sizeof(AFTER) / sizeof(AFTER[0]); k++) {
        size_t n = AFTER[k].n;
        const char *o = AFTER[k].orig;
        if (m <= n || (o && ascii)) continue;
        /* (after any space: U+3000, a no-break space and a tab as ' ') */
        size_t ol = o ? strlen(o) - (o[0] == ' ') : 0;
        if (o && (ol > len || memcmp(name + len - ol, o + (o[0] == ' '), ol) != 0 ||
                  (o[0] == ' ' && !emb__utf8_space_before(name, len - ol))))
            continue;
        size_t j = 0;
        while (j < n && tok[m - n + j].len == strlen(AFTER[k].w[j]) &&
               !memcmp(tok[m - n + j].text, AFTER[k].w[j], tok[m - n + j].len))
            j++;
        if (j < n || !is_name_word(&tok[m - n - 1])) continue;
        for (j = m - n; j < m; j++) tok[j].flags |= EMB_TOK_TITLE;
        return;
    }
}

/* The length of word t without the nominative ending Lithuanian (-as, -is,
 * -ys, -us) or Latvian (-s after a consonant) gives a foreign name, or 0:
 * none, or a stem of fewer than four letters. */
static size_t baltic_stem(const emb_token *t) {
    size_t n = t->len;
    if (n < 5 || t->text[n - 1] != 's') return 0;
    char v = t->text[n - 2];
    size_t stem = v == 'a' || v == 'i' || v == 'y' || v == 'u' ? n - 2 : strchr("eos", v) ? 0 : n - 1;
    return stem >= 4 ? stem : 0;
}

/* Whether word t ends as Lithuanian or Latvian ends a foreign name and
 * English and Greek names seldom do: -as after a consonant, the stem five
 * letters or more (Putinas, Vladimiras; not Thomas, Lucas, Andreas), -jus
 * (Sergejus, Dmitrijus; not Darius, Markus), -ys, and the Latvian -s after
 * j, v, or an r after a letter other than e (Sergejs, Ivanovs, Vladimirs,
 * Aleksandrs; not Myers). Not -is, -us, nor -s after another consonant:
 * Yannis, Harris, Collins, Stevens, Jacobs. */
static int baltic_distinct(const emb_token *t) {
    size_t n = t->len;
    const char *s = t->text;
    if (!baltic_stem(t)) return 0;
    char v = s[n - 2], p = s[n - 3];
    if (v == 'a') return n - 2 >= 5 && !strchr("aeiouy", p);
    if (v == 'u') return p == 'j';
    if (v == 'y') return 1;
    if (v == 'j' || v == 'v') return 1;
    return v == 'r' && p != 'e';
}

/* Lithuanian and Latvian write a foreign man's name with their own
 * nominative endings on every word (Vladimiras Putinas, Sergejus
 * Lavrovas, Vladimirs Putins): where every word of a name of two words or
 * more (initials, titles and particles apart) ends so, one of them in an
 * ending English seldom has (baltic_distinct), and no word is a company's,
 * each word also carries its stem's key as a competing reading (in the
 * last slot when the others are full). English and Greek names end in s
 * too, every word of some (Darius Harris, Yannis Collins, Markus Jacobs),
 * but seldom so. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static embargo_status baltic_stems(emb_arena *a, emb_token *tok, size_t m) {
    size_t words = 0;
    int distinct = 0;
    for (size_t i = 0; i < m; i++) {
        if (tok[i].flags & EMB_TOK_GENERIC) return EMBARGO_OK;
        if (tok[i].flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_INITIAL | EMB_TOK_STOP)) continue;
        if (!baltic_stem(&tok[i])) return EMBARGO_OK;
        distinct |= baltic_distinct(&tok[i]);
        words++;
    }
    for (size_t i = 0; distinct && words >= 2 && i < m; i++)
        if (!(tok[i].flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_INITIAL | EMB_TOK_STOP)) &&
            last_reading(a, &tok[i], tok[i].text, baltic_stem(&tok[i])))
            return EMBARGO_ENOMEM;
    return EMBARGO_OK;
}

embargo_status emb__name_analyze(emb_normalizer *nz, emb_name_memo *memo, emb_arena *a,
                                 emb_buf *scratch, const char *name, size_t len, emb_tokens *out) {
    out->tok = NULL;
    out->n = 0;
    out->cut = 0;
    scratch->len = 0;
    scratch->oom = 0; /* a failure of an earlier call does not stick */
    /* (an ASCII name has no letters of another script, nor their marks;
     * romanised, it is only lowered, which split does as it goes) */
    int ascii = emb__ascii_only(name, len);
    const char *romanised = name;
    size_t rlen = len;
    if (!ascii) {
        embargo_status st = emb__normalize(nz, name, len, scratch);
        if (st) return st;
        romanised = (const char *)scratch->data;
        rlen = scratch->len;
    }
    embargo_status st;

    raw_tok raw[MAX_RAW];
    size_t n = split(a, romanised, rlen, raw, MAX_RAW);
    if (n == (size_t)-1) return EMBARGO_ENOMEM;
    for (size_t i = 0; i < n; i++) unleet(&raw[i]);
    n = join_acronyms(a, raw, n);
    if (n == (size_t)-1) return EMBARGO_ENOMEM;
    n = arabic_compounds(a, raw, n, MAX_RAW);
    if (n == (size_t)-1) return EMBARGO_ENOMEM;
    int abjad = !ascii && has_abjad(name, len);
    if (n == 0) return EMBARGO_OK;

    /* each token takes one raw token or more: n bounds them (zeroing room
     * for EMB_NAME_MAX_TOKENS was a tenth of a short name's analysis) */
    emb_token *tok = emb__arena_calloc(a, n < EMB_NAME_MAX_TOKENS ? n : EMB_NAME_MAX_TOKENS, sizeof(*tok));
    if (!tok) return EMBARGO_ENOMEM;
    size_t comma_at = 0; /* token index of the first comma, 0 = none */
    size_t m = 0;
    uint8_t praw[EMB_NAME_MAX_TOKENS]; /* of a particle, its raw token */
    int particles = 0;
    emb_strref refs[MAX_RAW];
    for (size_t i = 0; i < n; i++) refs[i] = (emb_strref){raw[i].s, raw[i].len};
    /* Wade-Giles given names are read only where hyphens join syllables,
     * and not in a Korean name */
    int wg = -1, name_apos = 0; /* -1: not asked yet */
    int wg_joined = 0, wg_pair = 0; /* a Wade-Giles given name joined; written */
    uint8_t tapos[EMB_NAME_MAX_TOKENS]; /* of a token of one raw token, its apos */
    memset(tapos, 0, sizeof(tapos));

    for (size_t i = 0; i < n && m < EMB_NAME_MAX_TOKENS;) {
        if (raw[i].comma_before && comma_at == 0 && m > 0) comma_at = m;
        uint16_t cls = 0;
        const char *lname = NULL;
        /* most words begin no legal form, country or number: the memo knows
         * them (the three lookups were a twentieth of a screen), and which
         * legal forms a word may begin (~570 instructions a look-up) */
        lex_word lw_tmp;
        memo_word *raw_at;
        lex_word *lw = lex_lookup(memo, raw[i].s, raw[i].len, &lw_tmp, &raw_at);
        /* (some forms are read only in their place: REX LOTO AD, but
         * SMITH AD and Smith A.D. are initials) */
        emb_legal_ctx ctx = {m, raw[i].dotted};
        size_t span = lw->begins & EMB_BEGINS_LEGAL ? emb__lexicon_legal_hits(refs + i, n - i, &ctx, &lw->hits, &cls, &lname) : 0;
        /* the last word of a name of several, a long legal form with two
         * typos (S-CAPE LIMIETSD) */
        if (!span && i + 1 == n && m > 0 && !lw->no_far) {
            if (emb__lexicon_legal_far(refs[i].s, refs[i].len, &cls, &lname)) span = 1;
            else lw->no_far = 1; /* (it depends on the word alone) */
        }
        if (span) {
            /* a form said twice in one class is one form (NUMERICAL GAMES
             * OOD LLC: OOD is an LLC; KRISTIANO GR 53 JSC AD) */
            if (m > 0 && (tok[m - 1].flags & EMB_TOK_LEGAL) && tok[m - 1].legal == cls) {
                i += span;
                continue;
            }
            st = make_token(memo, a, &tok[m++], lname, strlen(lname), EMB_TOK_LEGAL, cls, NULL);
            if (st) return st;
            i += span;
            continue;
        }
        char cname[64];
        span = lw->begins & EMB_BEGINS_COUNTRY ? emb__lexicon_country(refs + i, n - i, &cls, cname, sizeof(cname)) : 0;
        /* U. S. H. Al-tikriti: single letters that spell a country (U S,
         * U K) next to another single letter are a run of initials */
        if (span && initials_run(raw, n, i, span)) span = 0;
        if (span) {
            char *d = emb__arena_strndup(a, cname, strlen(cname));
            if (!d) return EMBARGO_ENOMEM;
            st = make_token(memo, a, &tok[m++], d, strlen(d), EMB_TOK_COUNTRY, cls, NULL);
            if (st) return st;
            i += span;
            continue;
        }
        char digits[8];
        span = lw->begins & EMB_BEGINS_NUMBER ? emb__lexicon_number(refs + i, n - i, digits, sizeof(digits)) : 0;
        if (span) {
            char *d = emb__arena_strndup(a, digits, strlen(digits));
            if (!d) return EMBARGO_ENOMEM;
            st = make_token(memo, a, &tok[m++], d, strlen(d), raw[i].quoted ? EMB_TOK_QUOTED : 0, 0,
                            NULL);
            if (st) return st;
            i += span;
            continue;
        }
        const char *text = raw[i].s;
        size_t tl = raw[i].len;
        const char *full = lw->full;
        if (full) { text = full; tl = strlen(full); }
        const char *canon = lw->canon;
        unsigned lf = lw->flags;
        /* dotted initials that spell a word of the lexicon (L.E., A.L.,
         * D.A.) are initials, not a particle, title or connecting word: they
         * stand for given names (L.E. Calle Serna is CALLE SERNA, Luis
         * Enrique) */
        if (raw[i].dotted) {
            lf &= ~(unsigned)(EMB_LEX_PARTICLE | EMB_LEX_TITLE | EMB_LEX_STOP);
            canon = NULL;
        }
        /* Tse-tung, Chin-p'ing: two syllables of Wade-Giles joined by a
         * hyphen, one of them spelt as pinyin spells none, are one word,
         * read also as pinyin writes it (wg_keys) */
        wg_syl wx, wy;
        if (i + 1 < n && raw[i].sep_len == 1 && raw[i].sep_after == '-' && !full && !canon &&
            !(lf & (EMB_LEX_PARTICLE | EMB_LEX_TITLE | EMB_LEX_STOP)) && !raw[i].dotted && !raw[i + 1].dotted &&
            raw[i].len <= 6 && raw[i + 1].len <= 6 && wg != 0) {
            if (wg < 0) {
                wg = !korean_surname(raw, n);
                for (size_t k = 0; k < n; k++) name_apos |= raw[k].apos != 0;
            }
            int pair = wg && wg_syllable(&raw[i], name_apos, &wx) && wg_syllable(&raw[i + 1], name_apos, &wy);
            wg_pair |= pair;
            if (pair && !(wx.pinyin && wy.pinyin)) {
                size_t jl = raw[i].len + raw[i + 1].len;
                char *j = emb__arena_alloc(a, jl + 1);
                if (!j) return EMBARGO_ENOMEM;
                memcpy(j, raw[i].s, raw[i].len);
                memcpy(j + raw[i].len, raw[i + 1].s, raw[i + 1].len);
                j[jl] = '\0';
                uint16_t jf = raw[i].quoted ? EMB_TOK_QUOTED : 0;
                if (i + 2 < n && raw[i + 1].sep_len == 1 &&
                    (raw[i + 1].sep_after == '-' || raw[i + 1].sep_after == '_'))
                    jf |= EMB_TOK_HYPHEN;
                st = make_token(memo, a, &tok[m++], j, jl, jf, 0, NULL);
                if (!st) st = wg_keys(a, &tok[m - 1], &wx, &wy);
                if (st) return st;
                tapos[m - 1] = 0;
                wg_joined = 1;
                i += 2;
                continue;
            }
        }
        uint16_t flags = 0;
        if (lf & EMB_LEX_PARTICLE) {
            flags |= EMB_TOK_PARTICLE;
            praw[m] = (uint8_t)i;
            particles = 1;
            if (canon) { text = canon; tl = strlen(canon); }
        }
        if (lf & EMB_LEX_STOP) flags |= EMB_TOK_STOP;
        if (lf & EMB_LEX_ORGWORD) flags |= EMB_TOK_GENERIC;
        if (raw[i].quoted) flags |= EMB_TOK_QUOTED;
        if (raw[i].dotted) flags |= EMB_TOK_DOTTED;
        /* Titles count only in front of the name. */
        if ((lf & EMB_LEX_TITLE) && (m == 0 || (tok[m - 1].flags & EMB_TOK_TITLE)))
            flags |= EMB_TOK_TITLE;
        /* Kosa-chyov, Kosa_chyov: split here, and the scorer may join them */
        if (i + 1 < n && raw[i].sep_len == 1 && (raw[i].sep_after == '-' || raw[i].sep_after == '_'))
            flags |= EMB_TOK_HYPHEN;
        tapos[m] = raw[i].apos;
        st = make_token(memo, a, &tok[m++], text, tl, flags, 0,
                        text == raw[i].s && tl == raw[i].len ? raw_at : NULL);
        if (st) return st;
        i++;
    }
    /* Titles that follow the name in their language */
    if (m >= 2 && (!ascii || tok[m - 1].len == 5)) titles_after(tok, m, ascii, name, len);

    /* In a name with a Wade-Giles given name, its other syllables (Mao,
     * Teng, Chou) are read as pinyin writes them too (Deng, Zhou) */
    wg_syl wgs[EMB_NAME_MAX_TOKENS];
    uint8_t is_wg[EMB_NAME_MAX_TOKENS];
    for (size_t i = 0; wg_pair && i < m; i++) {
        const emb_token *t = &tok[i];
        raw_tok r = {t->text, t->len, 0, 0, 0, 0, 0, tapos[i], 0};
        is_wg[i] = !(t->flags & (EMB_TOK_LEGAL | EMB_TOK_COUNTRY | EMB_TOK_NUMBER | EMB_TOK_PARTICLE |
                                 EMB_TOK_TITLE | EMB_TOK_STOP | EMB_TOK_HYPHEN)) &&
                   !(i > 0 && (tok[i - 1].flags & EMB_TOK_HYPHEN)) && wg_syllable(&r, name_apos, &wgs[i]);
        /* a syllable no pinyin spells (Chou, Hsi) says the name is
         * Wade-Giles (Chou En-lai) */
        if (is_wg[i] && !wgs[i].pinyin) wg_joined = 1;
    }
    for (size_t i = 0; wg_joined && i < m; i++) {
        emb_token *t = &tok[i];
        if (!is_wg[i]) continue;
        const wg_syl x = wgs[i];
        memset(t->aklen, 0, sizeof(t->aklen));
        t->lklen = 0;
        int k = 0;
        for (int rd = 0; rd <= x.both; rd++) {
            char kbuf[EMB_ROMKEY_CAP(8)];
            size_t kl = spelling_key(x.py[rd], x.pl[rd], kbuf);
            if (kl == 0 || (kl == t->klen && !memcmp(kbuf, t->key, kl)) ||
                (k && kl == t->aklen[0] && !memcmp(kbuf, t->akey[0], kl)))
                continue;
            char *key = emb__arena_strndup(a, kbuf, kl);
            if (!key) return EMBARGO_ENOMEM;
            t->akey[k] = key;
            t->aklen[k++] = (uint8_t)kl;
        }
    }

    /* An organisation's name (one with a legal form or a generic word) has
     * no titles: MR HANDYMAN LTD, GENERAL TECHNOLOGY LIMITED, PRIME BANK
     * are named so */
    for (size_t i = 0; i < m; i++) {
        if (!(tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_GENERIC))) continue;
        for (size_t k = 0; k < m; k++) tok[k].flags &= (uint16_t)~EMB_TOK_TITLE;
        break;
    }

    /* "SURNAME, Given" is read in reading order unless what follows the
     * comma is only a legal form or connecting words ("CECOEX, S.A."). */
    int reorder = 0;
    if (comma_at > 0 && comma_at < m)
        for (size_t i = comma_at; i < m; i++)
            if (!(tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_STOP | EMB_TOK_COUNTRY))) reorder = 1;
    if (particles) {
        st = particles_or_names(memo, a, tok, m, reorder ? comma_at : 0, raw, praw);
        if (st) return st;
    }

    /* "X bin Y": Y names the father, as a patronymic does. Not when "bin"
     * begins the name or its part (BIN LADIN, Usama: a family name). */
    for (size_t i = 1; i + 1 < m; i++) {
        const emb_token *b = &tok[i];
        if (!(b->flags & EMB_TOK_PARTICLE) || (i == comma_at) || !is_son_of(b)) continue;
        if (tok[i - 1].flags & (EMB_TOK_PARTICLE | EMB_TOK_TITLE | EMB_TOK_LEGAL)) continue;
        if (!(tok[i + 1].flags & (EMB_TOK_PARTICLE | EMB_TOK_TITLE | EMB_TOK_LEGAL)))
            tok[i + 1].flags |= EMB_TOK_PATRONYMIC;
    }

    /* If every token is a title ("Sheikh", "President"), they are the name. */
    size_t titles = 0;
    while (titles < m && (tok[titles].flags & EMB_TOK_TITLE)) titles++;
    if (titles == m)
        for (size_t i = 0; i < m; i++) tok[i].flags &= (uint16_t)~EMB_TOK_TITLE;

    /* a word each: the marks of their own script (normalize.h) */
    if (m == n && !ascii) {
        uint32_t mk[EMB_NAME_MAX_TOKENS], syl[EMB_NAME_MAX_TOKENS];
        size_t nm = emb__normalize_marks(nz, name, len, mk, syl, EMB_NAME_MAX_TOKENS);
        if (nm == (size_t)-1) return EMBARGO_ENOMEM;
        for (size_t i = 0; nm == m && i < m; i++) {
            tok[i].orig = mk[i];
            /* the South's spellings of a Hangul syllable (equiv.h) */
            if (syl[i] && emb__equiv_hangul(a, &tok[i], syl[i], i == 0)) return EMBARGO_ENOMEM;
            /* a foreign name in katakana, also as the word it writes */
            if (EMB_MARK_SCRIPT(mk[i]) == EMB_MARK_KATAKANA && katakana_reading(a, &tok[i])) return EMBARGO_ENOMEM;
        }
    }

    /* a Greek name's words: also with nt and mp for its ντ and μπ inside a
     * word, and without a Greek nominative ending */
    if (!ascii && has_greek(name, len)) {
        int stops = greek_nasal_stops(name, len);
        /* the stems only in a name of one word or with a word of no Greek
         * ending (Κωνσταντίνος Κοσάτσεφ): a Greek's name, every word Greek
         * (Δημήτριος Βασιλείου), is no foreign name written in Greek, and
         * its stems paired with other names (DIMITRY, Gregory Vasili
         * 0.855) */
        size_t words = 0;
        int stems = 0;
        for (size_t i = 0; i < m; i++) {
            if (tok[i].flags & (EMB_TOK_TITLE | EMB_TOK_PARTICLE | EMB_TOK_INITIAL | EMB_TOK_STOP)) continue;
            words++;
            stems |= !greek_ending(&tok[i]);
        }
        stems |= words == 1;
        for (size_t i = 0; i < m; i++)
            if (greek_reading(a, &tok[i], stops, stems)) return EMBARGO_ENOMEM;
    }

    /* "SURNAME, Given": reading order */
    if (reorder) {
        emb_token tmp[EMB_NAME_MAX_TOKENS];
        size_t k = 0;
        for (size_t i = comma_at; i < m; i++) tmp[k++] = tok[i];
        for (size_t i = 0; i < comma_at; i++) {
            tmp[k] = tok[i];
            if (comma_at <= 3) tmp[k].flags |= EMB_TOK_SURNAME;
            k++;
        }
        memcpy(tok, tmp, m * sizeof(*tok));
    }

    /* An organisation's name (one with a legal form) is written in its own
     * spelling, not romanised by a system: its words keep one reading
     * (INTEC GmbH is not INTECH). */
    int legal = 0, east = 0;
    for (size_t i = 0; i < m; i++) {
        if (tok[i].flags & EMB_TOK_LEGAL) legal = 1;
        if (looks_east(&tok[i])) east = 1;
    }
    /* A name romanised from Belarusian or Ukrainian: its words also as
     * Russian spells them (HARA, Dzmitry: Gara) */
    for (size_t i = 0; east && !legal && i < m; i++) {
        st = east_key(a, &tok[i]);
        if (st) return st;
    }
    uint8_t given[EMB_NAME_MAX_TOKENS];
    unsigned any_given = 0;
    for (size_t i = 0; i < m; i++) {
        if (legal) {
            memset(tok[i].aklen, 0, sizeof(tok[i].aklen));
            tok[i].lklen = 0;
        }
        tok[i].pos = (uint8_t)i;
        if (abjad) tok[i].flags |= EMB_TOK_ABJAD;
        given[i] = (uint8_t)weigh(memo, &tok[i]);
        /* a common given name weighs no more than its peers that the name
         * table counts in full (Mohamed 0.61, Hussein 0.67, Tariq 0.76),
         * however few of its spellings the table holds (Hassa, Zainab,
         * Thamer: 1.0); also after the Arabic article, where it names a
         * family that many bear (Al Saud, al-Hamad: measured, eval/) */
        if ((given[i] & (EMB_GIVEN_COMMON | EMB_GIVEN_DIVINE)) && tok[i].weight > COMMON_GIVEN_WEIGHT)
            tok[i].weight = COMMON_GIVEN_WEIGHT;
        any_given |= given[i];
    }
    if (any_given && !legal) weigh_given(tok, m, given);
    /* A name that is the Arabic article and one word, and no more
     * (Al-Sabuni, al-Ghamdi), is a family's, a tribe's or a place's name
     * (a nisba), which whole clans bear, however few of them the name
     * table counts: its word weighs no more than a common given name after
     * the article does (COMMON_GIVEN_WEIGHT). In a screen a query of one
     * written name is then at most as sure as that (score.c,
     * one_name_query): Al-Sabuni ~ SABUNI, Ahmad 0.902 -> below 0.8. Not
     * a word with its own article (El Elsheikh: the El is a given name's) */
    if (m == 2 && !legal && (tok[0].flags & EMB_TOK_PARTICLE) && tok[0].len == 2 &&
        !memcmp(tok[0].text, "al", 2) && is_name_word(&tok[1]) && tok[1].weight > COMMON_GIVEN_WEIGHT &&
        !(tok[1].len > 4 && (tok[1].text[0] == 'a' || tok[1].text[0] == 'e') && tok[1].text[1] == 'l'))
        tok[1].weight = COMMON_GIVEN_WEIGHT;
    for (size_t i = 0; i < m; i++)
        if (tok[i].flags & EMB_TOK_SURNAME) tok[i].weight *= 1.3f;
    /* a person's given name in another language (equiv.h): not the last
     * word, which may be the family name, nor a surname, nor part of a
     * compound name (Jean-Michel is no Jean) */
    for (size_t i = 0; !legal && i + 1 < m; i++)
        if (!tok[i].orig && !(i > 0 && (tok[i - 1].flags & EMB_TOK_HYPHEN)) &&
            !(tok[i].flags & (EMB_TOK_SURNAME | EMB_TOK_PARTICLE | EMB_TOK_TITLE | EMB_TOK_HYPHEN |
                                              EMB_TOK_INITIAL | EMB_TOK_STOP | EMB_TOK_GENERIC)))
            tok[i].orig = equiv_given(memo, &tok[i]);
    /* (asked only where the last word ends in s: most names' does not) */
    if (!legal && m >= 2 && tok[m - 1].len >= 5 && tok[m - 1].text[tok[m - 1].len - 1] == 's' &&
        baltic_stems(a, tok, m))
        return EMBARGO_ENOMEM;
    out->tok = tok;
    out->n = (uint32_t)m;
    out->cut = 0;
    return EMBARGO_OK;
}

size_t emb__country_token_key(const emb_token *t, char out[4]) {
    if (!(t->flags & EMB_TOK_COUNTRY)) return 0;
    unsigned c = t->legal & (unsigned)~EMB_COUNTRY_PHRASE;
    out[0] = '~';
    out[1] = (char)('a' + c / 26 % 26);
    out[2] = (char)('a' + c % 26);
    out[3] = '\0';
    return 3;
}


/* The code points of s[i..j) (UTF-8): a Cyrillic letter is one letter of
 * two bytes. */
static size_t code_points(const char *s, size_t i, size_t j) {
    size_t k = 0;
    for (; i < j; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Whether the word w (len bytes) is a legal form or a generic word of a
 * company's name: after a slash it continues the name before it
 * (BANK/TRUST COMPANY OF ZANZIBAR, IMPORT/EXPORT CORPORATION). */
static int slash_continues(const char *w, size_t len) {
    static const char *const words[] = {
        "co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc",
        "plc", "gmbh", "ag", "sa", "jsc", "ojsc", "cjsc", "ooo", "zao", "oao", "pao", "group",
        "holding", "holdings", "trading", "enterprise", "enterprises", "establishment", "est",
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == len && strncasecmp(words[i], w, len) == 0) return 1;
    return 0;
}

/* Whether the word w (len bytes) joins the words of a name (TO, OF, AND). */
static int joining_word(const char *w, size_t len) {
    static const char *const words[] = {"to", "of", "and", "for", "in", "on", "the"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == len && strncasecmp(words[i], w, len) == 0) return 1;
    return 0;
}

size_t emb__name_slash_stem(const char *s, size_t n) {
    const char *slash = memchr(s, '/', n);
    if (!slash) return 0;
    size_t p = (size_t)(slash - s), end = p, q = p + 1;
    while (end > 0 && s[end - 1] == ' ') end--;
    while (q < n && s[q] == ' ') q++;
    if (end == 0 || q >= n) return 0;
    /* the word before the slash and the word after it: letters, two or more
     * (code points: the Cyrillic Ж of Ж/Д is one) */
    size_t a = end, b = q;
    while (a > 0 && emb__is_word_byte((unsigned char)s[a - 1])) a--;
    while (b < n && emb__is_word_byte((unsigned char)s[b])) b++;
    if (code_points(s, a, end) < 2 || code_points(s, q, b) < 2) return 0;
    /* a word of letters alone: not 7TH/8TH, nor a letter beside a dot (S.A.L./) */
    if ((a > 0 && (unsigned char)s[a - 1] > ' ' && s[a - 1] != '-' && s[a - 1] != '\'') ||
        (b < n && (unsigned char)s[b] > ' ' && s[b] != '-' && s[b] != ',' && s[b] != '\''))
        return 0;
    /* the name before it: two words at least (BANK/TRUST COMPANY, XY/ZW QQ:
     * one word is a fragment), and no comma (SMITH, John/Jon Paul: a
     * person's names in the list's order, given names after a slash) */
    unsigned words = 0;
    for (size_t i = 0; i < end;) {
        if (s[i] == ',') return 0;
        size_t w = i;
        while (w < end && emb__is_word_byte((unsigned char)s[w])) w++;
        words += w > i;
        i = w == i ? i + 1 : w;
    }
    if (words < 2) return 0;
    /* a name after it, of two words at least, up to a bracket (MOVEMENT/ARMY
     * (LRM/A): the acronym is no word of the name): one word qualifies the
     * name before it (HARAKAT UL-JIHAD-I-ISLAMI/BANGLADESH, another
     * organisation than HARAKAT UL-JIHAD-I-ISLAMI) or gives another of its
     * words (PARTY/FRONT, ISFAHAN/ESFAHAN); and none a legal form or generic
     * word of a company, which says the words after the slash continue the
     * name before it (IMPORT/EXPORT CORPORATION, BANK/TRUST COMPANY OF
     * ZANZIBAR) */
    /* A slash between two words with no space (CALL/INVITATION TO THE
     * QURAN) followed by a joining word gives another word of one name,
     * which goes on after it. */
    int spaced = end < p || q > p + 1;
    words = 0;
    for (size_t i = q; i < n && s[i] != '(';) {
        size_t w = i;
        while (w < n && emb__is_word_byte((unsigned char)s[w])) w++;
        if (w > i && slash_continues(s + i, w - i)) return 0;
        if (w > i && words == 1 && !spaced && joining_word(s + i, w - i)) return 0;
        words += code_points(s, i, w) >= 2;
        i = w == i ? i + 1 : w;
    }
    return words >= 2 ? end : 0;
}

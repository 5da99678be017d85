/*
 * acronym.c - a list's acronym aliases, read letter by letter; see
 * acronym.h.
 *
 * Both functions read text as written (a list's alias and name, a query),
 * not normalised tokens: that an alias is one word of capitals, and that a
 * query writes a word capitalised, are what the normaliser folds away.
 */
#include "acronym.h"
#include "lexicon.h"

#include <stdint.h>

static int ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int ascii_letter(unsigned char c) { return ascii_upper(c) || ascii_lower(c); }
/* a byte of a word: an ASCII letter or part of a UTF-8 sequence */
static int word_byte(unsigned char c) { return ascii_letter(c) || c >= 0x80; }

enum { WORDS_MAX = 40, WORD_LOOKUP = 24 };

typedef struct word {
    char first;   /* lower-case ASCII first letter, or 0 */
    uint8_t skip; /* 1: a connecting word or particle, passed over or not;
                     2: also a word that may follow the acronym's last */
} word;

/* What a word of a name is to an acronym (word.skip). */
static uint8_t word_skip(const char *s, size_t n) {
    char low[WORD_LOOKUP];
    if (n > sizeof(low)) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) return 0;
        low[i] = (char)(c | 0x20);
    }
    unsigned f = emb__lexicon_flags(low, n, NULL);
    if (f & (EMB_LEX_STOP | EMB_LEX_PARTICLE)) return 1;
    if (f & EMB_LEX_ORGWORD) return 2;
    emb_strref r = {low, n};
    uint16_t cls;
    const char *name;
    return emb__lexicon_legal(&r, 1, &cls, &name) ? 2 : 0;
}

/* Whether acr[k..an) is spelt by the first letters of w[i..nw), every
 * word giving the next letter but a connecting word, which may be passed
 * over. Branches only at connecting words: names have few. */
static int spells(const char *acr, size_t an, size_t k, const word *w, size_t nw, size_t i) {
    if (i == nw) return k == an;
    if (k < an && w[i].first == acr[k] && spells(acr, an, k + 1, w, nw, i + 1)) return 1;
    return w[i].skip == 1 && spells(acr, an, k, w, nw, i + 1);
}

int emb__acronym_of(const char *s, size_t n, const char *other, size_t on) {
    if (n < EMB_ACRONYM_MIN || n > EMB_ACRONYM_MAX) return 0;
    char acr[EMB_ACRONYM_MAX];
    for (size_t i = 0; i < n; i++) {
        if (!ascii_upper((unsigned char)s[i])) return 0;
        acr[i] = (char)(s[i] | 0x20);
    }
    word w[WORDS_MAX];
    size_t nw = 0;
    for (size_t i = 0; i < on;) {
        while (i < on && !word_byte((unsigned char)other[i])) i++;
        if (i == on) break;
        size_t start = i;
        while (i < on && word_byte((unsigned char)other[i])) i++;
        if (nw == WORDS_MAX) return 0;
        unsigned char c = (unsigned char)other[start];
        w[nw].first = ascii_letter(c) ? (char)(c | 0x20) : 0;
        w[nw].skip = word_skip(other + start, i - start);
        nw++;
    }
    if (nw < 2) return 0;
    /* the words the letters come from, w[0..end), and after them only
     * words that may follow (a legal form, a generic word) */
    for (size_t end = nw; end >= 1; end--) {
        if (spells(acr, n, 0, w, end, 0)) return 1;
        if (!w[end - 1].skip) break;
    }
    return 0;
}

int emb__acronym_as_word(const char *q, size_t qn, const char *acr, size_t an) {
    int capitalised = 0;
    for (size_t i = 0; i < qn;) {
        while (i < qn && !word_byte((unsigned char)q[i])) i++;
        if (i == qn) break;
        /* a word: letters, a dot between two of them dropped */
        size_t start = i, k = 0;
        int match = 1, dots = 0, upper = 0, lower_first = 0;
        while (i < qn && (word_byte((unsigned char)q[i]) ||
                          (q[i] == '.' && i > start && i + 1 < qn && ascii_letter((unsigned char)q[i + 1])))) {
            unsigned char c = (unsigned char)q[i];
            if (c == '.') {
                dots = 1;
            } else {
                if (k >= an || !ascii_letter(c) || (char)(c | 0x20) != acr[k]) match = 0;
                if (ascii_upper(c)) upper += k > 0;
                else if (k == 0) lower_first = 1;
                k++;
            }
            i++;
        }
        if (i < qn && q[i] == '.') i++; /* (I.A.R.A.: the last dot) */
        if (!match || k != an) continue;
        /* a capital and small letters after it: a word, written as names are */
        if (dots || lower_first || upper) return 0;
        capitalised = 1;
    }
    return capitalised;
}

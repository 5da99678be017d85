/*
 * acronym.c - a list's acronym aliases, read letter by letter; see
 * acronym.h.
 *
 * It reads text as written (a list's alias and name), not normalised
 * tokens: that an alias is one word of capitals is what the normaliser
 * folds away.
 */
#include "acronym.h"
#include "lexicon.h"
#include "../base/str.h"

#include <stdint.h>

static int ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

enum { WORD_LOOKUP = 24 };

typedef emb_acronym_word word;

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

/* Whether acr[0..an) is spelt by the first letters of w[0..nw), every
 * word giving the next letter but a connecting word, which may be passed
 * over. A set of how many letters are spelt so far (bit k: acr[0..k)), so
 * that a name of many connecting words costs nw x an, not a branch at
 * each of them (OF OF OF ... in a hostile list). */
static int spells(const char *acr, size_t an, const word *w, size_t nw) {
    uint32_t s = 1;
    for (size_t i = 0; i < nw && s; i++) {
        uint32_t next = w[i].skip == 1 ? s : 0;
        for (size_t k = 0; k < an; k++)
            if (((s >> k) & 1) && w[i].first == acr[k]) next |= 1u << (k + 1);
        s = next;
    }
    return (int)((s >> an) & 1);
}

int emb__acronym_candidate(const char *s, size_t n) {
    if (n < EMB_ACRONYM_MIN || n > EMB_ACRONYM_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!ascii_upper((unsigned char)s[i])) return 0;
    return 1;
}

size_t emb__acronym_words(const char *other, size_t on, word *w) {
    size_t nw = 0;
    for (size_t i = 0; i < on;) {
        while (i < on && !emb__is_word_byte((unsigned char)other[i])) i++;
        if (i == on) break;
        size_t start = i;
        while (i < on && emb__is_word_byte((unsigned char)other[i])) i++;
        if (nw == EMB_ACRONYM_WORDS_MAX) return 0;
        unsigned char c = (unsigned char)other[start];
        w[nw].first = emb__is_ascii_letter(c) ? (char)(c | 0x20) : 0;
        w[nw].skip = word_skip(other + start, i - start);
        nw++;
    }
    return nw;
}

int emb__acronym_spelt(const char *s, size_t n, const word *w, size_t nw) {
    if (nw < 2 || !emb__acronym_candidate(s, n)) return 0;
    char acr[EMB_ACRONYM_MAX];
    for (size_t i = 0; i < n; i++) acr[i] = (char)(s[i] | 0x20);
    /* the first word gives the first letter or is passed over */
    if (w[0].skip != 1 && w[0].first != acr[0]) return 0;
    /* the words the letters come from, w[0..end), and after them only
     * words that may follow (a legal form, a generic word) */
    for (size_t end = nw; end >= 1; end--) {
        if (spells(acr, n, w, end)) return 1;
        if (!w[end - 1].skip) break;
    }
    return 0;
}

int emb__acronym_of(const char *s, size_t n, const char *other, size_t on) {
    if (!emb__acronym_candidate(s, n)) return 0;
    word w[EMB_ACRONYM_WORDS_MAX];
    return emb__acronym_spelt(s, n, w, emb__acronym_words(other, on, w));
}

/*
 * score.c - token pairing and the name score; see score.h.
 *
 * This file holds the similarity of two tokens (token_sim and what it
 * asks: romanisation keys, abjad skeletons, pinyin, compounds, edits),
 * which the pairing loop inlines; the tally of a pair (emb__record); the
 * person rules (bin reversed, kunya, one-name queries, patronymics); the
 * screen's bound; org_score; and score_names with the entry points.
 * score_words.c has the passes over several words, score_org.c what an
 * organisation's unpaired words say, score_int.h what the three share.
 *
 * Pairing: first tokens written together on one side and apart on the
 * other (SiemensAG ~ Siemens AG) are joined; then query and list tokens
 * are paired one to one, best evidence first; then leftovers get a second
 * chance as near-joins or as initials of a run of tokens (PLA ~ People's
 * Liberation Army, JC ~ Jean-Claude; score_words.c).
 *
 * Score: each pair with similarity s adds s * (wq + wc) to the agreement M
 * and (1 - s) of each weight to its side's doubt. Tokens left unpaired on
 * both sides contradict each other (AL-MOSULI where the list says
 * AL-TIKRITI): that part, X = min(unpaired query, unpaired list), costs
 * EMB_CONFLICT per side. What remains unpaired is only missing on one side and
 * costs less: EMB_EXTRA_QUERY for query tokens the list name lacks, EMB_EXTRA_NAME
 * for list tokens the query leaves out (a patronymic, a middle name); an
 * organisation's omitted words cost more (Federation Council is not the
 * Federation Council of the Federal Assembly of the Russian Federation).
 *
 *   score = M / (M + doubt + 2 EMB_CONFLICT X + EMB_EXTRA_QUERY (Uq - X) + EMB_EXTRA_NAME (Uc - X))
 *
 * A name whose only agreement is in particles, titles, connecting words or
 * legal forms scores 0 ("CORP" matches nothing).
 *
 * Organisations (org_score; score_org.c) weigh what only describes an
 * organisation as little as it means: a country phrase (of the Russian
 * Federation, Belarusian) pairs with the same country however written and
 * costs little left out; a generic word (Group, Bank) agrees in full but
 * costs little left out; the words around a quoted name (PRIVATE MILITARY
 * COMPANY 'WAGNER'), a name's own acronym and its repeated words only
 * describe it; two countries that differ lower the score. docs/scoring.md
 * has the measurements the constants come from.
 */
#include "score_int.h"
#include "../text/lexicon.h"
#include "../text/freq.h"
#include "../text/romkey.h"

#include <string.h>

#ifdef EMB_FIT
#include <stdlib.h>
/* A fitting build (score.h, EMB_K): the constants from the environment,
 * EMBARGO_FIT="EMB_CONFLICT=1.1,EMB_EXTRA_NAME=0.25", read once. Not
 * thread-safe on the first call, and never in the shipped engine. */
static const char *const fit_names[EMB_FIT_SLOTS] = {
    "EMB_CONFLICT", "EMB_EXTRA_QUERY", "EMB_EXTRA_NAME", "EMB_EXTRA_NAME_ORG",
    "EMB_EXTRA_QUERY_ORG", "EMB_REVERSED_BIN", "EMB_MIN_EVIDENCE", "EMB_GENERIC_FACTOR",
    "EMB_WEIGHT_COUNTRY", "EMB_COUNTRY_PAIRED", "EMB_EXTRA_DESCRIPTIVE", "EMB_COUNTRY_CONFLICT",
    "EMB_WORD_EVIDENCE", "EMB_SIM_TRANSLIT", "EMB_SIM_INITIAL", "EMB_SIM_PHONETIC",
    "EMB_SIM_PHONETIC_FAR", "EMB_SIM_JOINED", "EMB_SIM_ACRONYM", "EMB_SIM_LEGAL_FAMILY",
    "EMB_EDIT_COST", "EMB_EDIT_COST_LEN", "EMB_WEAK_ALIAS_FACTOR", "EMB_LEGAL_FORM_PERSON",
    "EMB_LEGAL_CONFLICT", "EMB_SIM_FAR_EDIT", "EMB_INITIAL_EVIDENCE", "EMB_EXTRA_QUERY_ONE", "EMB_SIM_VOWELS",
    "EMB_CONFLICT_FLOOR", "EMB_KUNYA", "EMB_SIM_KNOWN_EDIT", "EMB_MISSPELT_DOUBT",
    "EMB_STRONG_EVIDENCE", "EMB_PATRONYMIC_OMITTED", "EMB_WORD_TO_INITIAL",
    "EMB_SIM_FAMILY_GIVEN", "EMB_EQUIV_EVIDENCE", "EMB_ARTICLE_FAMILY_WEIGHT", "EMB_SWAPPED_UNSURE",
    "EMB_UNSEEN_WORD_WEIGHT"};

double emb__fit_value(int slot, double value) {
    static int read;
    static double set[EMB_FIT_SLOTS];
    static unsigned char given[EMB_FIT_SLOTS];
    if (!read) {
        read = 1;
        const char *e = getenv("EMBARGO_FIT");
        while (e && *e) {
            const char *eq = strchr(e, '='), *end = strchr(e, ',');
            if (!end) end = e + strlen(e);
            if (eq && eq < end)
                for (int i = 0; i < EMB_FIT_SLOTS; i++)
                    if (strlen(fit_names[i]) == (size_t)(eq - e) && !memcmp(fit_names[i], e, (size_t)(eq - e))) {
                        set[i] = strtod(eq + 1, NULL);
                        given[i] = 1;
                    }
            e = *end ? end + 1 : end;
        }
    }
    return slot >= 0 && slot < EMB_FIT_SLOTS && given[slot] ? set[slot] : value;
}
#endif

float emb__edit_sim(unsigned d, size_t L) {
    return 1.0f - EMB_EDIT_COST * (float)d - EMB_EDIT_COST_LEN * (float)d / (float)L;
}

/* The country of a country token (lexicon.h), without its phrase bit. */
static unsigned country_of(const emb_token *t) {
    return t->legal & (unsigned)~EMB_COUNTRY_PHRASE;
}

/* How many letters the two words do not share, counted with multiplicity:
 * at most twice their edit distance, and cheap. The sum over the letters
 * of |count in a - count in b| is an + bn less twice the letters they
 * share, which one pass over b counts (bn less the m letters of b that
 * found no partner in a): no pass over the 32 counts. Past `max` it
 * returns a value above max, not the count (it stops early once m letters
 * of b have found none and an - bn + 2 m, a floor of the count, is above
 * max: the count is not above max only if the value returned is not). */
unsigned emb__letters_apart(const char *a, size_t an, const char *b, size_t bn, unsigned max) {
    int16_t h[32] = {0}; /* (counts of at most 255: a length is a uint8_t) */
    for (size_t i = 0; i < an; i++) h[(unsigned char)a[i] & 31]++;
    long missed = 0, floor = (long)an - (long)bn;
    for (size_t i = 0; i < bn; i++)
        if (h[(unsigned char)b[i] & 31]-- <= 0 && floor + 2 * ++missed > (long)max) return max + 1;
    return (unsigned)(floor + 2 * missed); /* an + bn - 2 (bn - missed) */
}

/* Consonants of a key: an unvocalised script's romanisation (mhmd) against
 * a Latin spelling (Mohamed). gap[k] (room for 256) gets the vowels after
 * the k-th consonant (gap[0]: before the first) as bits: VOW_A for a, VOW_I
 * for i and y, VOW_U for o, u and v (the key's w), both VOW_A and VOW_I for
 * e. In an Arabic word they are its long vowels (alif, ya, waw), which
 * Latin spellings write too; its short vowels are not written. */
enum { VOW_A = 1, VOW_I = 2, VOW_U = 4 };

static size_t consonants(const emb_token *t, char *out, unsigned char *gap, int vf, int gj) {
    size_t n = 0;
    gap[0] = 0;
    for (size_t i = 0; i < t->klen; i++) {
        char ch = t->key[i];
        /* (vf: a Latin v is a consonant, the fa that Arabic script writes
         * for a foreign name's v: فيكتور Viktor, بافل Pavel) */
        if (vf && ch == 'v') ch = 'f';
        /* (gj: a Latin g is the jim, which the Arabic word's key reads as
         * a vowel, i: Egyptian Ragab for رجب) */
        if (gj && ch == 'g') ch = 'i';
        if (ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u' || ch == 'y' || ch == 'v') {
            /* v: the Arabic waw is written w/v/u/o */
            gap[n] |= ch == 'a' ? VOW_A : ch == 'e' ? VOW_A | VOW_I : ch == 'i' || ch == 'y' ? VOW_I : VOW_U;
            continue;
        }
        /* Arabic script has no p and writes a foreign name's s between
         * vowels with zay: بيريز is Perez */
        if (ch == 'p') ch = 'b';
        else if (ch == 'z') ch = 's';
        /* the key's ts (T) is two Arabic letters, t and s (متصدق Motassadeq) */
        if (ch == 'T' && !(n > 0 && out[n - 1] == 't') && n < 254) {
            out[n++] = 't';
            gap[n] = 0;
        }
        if (ch == 'T') ch = 's';
        if (n > 0 && out[n - 1] == ch) continue;
        if (n >= 254) break;
        out[n++] = ch;
        gap[n] = 0;
    }
    return n;
}

/* Whether the Latin word's vowels have room for the Arabic word's long
 * vowels (consonants()), consonant for consonant: an initial alif (or
 * ayin) begins a Latin word with a vowel and a Latin vowel begins it after
 * one (احمد Ahmad is not Hamid); a long vowel between two consonants is
 * written there (عبيد Ubaid is not Abdu, حماد Hamad not Hammud). The last
 * gap is not compared (alif maqsura: مصطفى mstfy, Mustafa). */
static int abjad_vowels(const unsigned char *ag, const unsigned char *lg, size_t n) {
    if (!ag[0] != !lg[0]) return 0;
    for (size_t k = 1; k < n; k++)
        if (ag[k] && !(ag[k] & lg[k])) return 0;
    return 1;
}

/* How many times the letter ch is in t's text. */
static unsigned letter_count(const emb_token *t, char ch) {
    unsigned k = 0;
    for (size_t i = 0; i < t->len; i++) k += t->text[i] == ch;
    return k;
}

/* The kind of vowel that ends t's text: 1 a, 2 i, 3 u, 0 none (a
 * consonant), -1 any (a Latin e, which writes a or i). A final h after a
 * vowel is that vowel's (Jumah). The Arabic romanisation writes its final
 * long vowels a, y, w (نجا naja, ناجي najy). */
static int final_vowel(const emb_token *t) {
    if (t->len == 0) return 0;
    size_t n = t->len;
    if (n > 1 && t->text[n - 1] == 'h' && strchr("aeiouy", t->text[n - 2])) n--;
    switch (t->text[n - 1]) {
    case 'a': return 1;
    case 'i': case 'y': return 2;
    case 'u': case 'o': case 'w': return 3;
    case 'e': return -1;
    default: return 0;
    }
}

static float abjad_sim_as(const emb_token *q, const emb_token *c, embargo_pair_kind *kind, int vf, int gj) {
    char a[256], b[256];
    unsigned char ga[256], gb[256];
    size_t an = consonants(q, a, ga, vf && !(q->flags & EMB_TOK_ABJAD), gj && !(q->flags & EMB_TOK_ABJAD)),
           bn = consonants(c, b, gb, vf && !(c->flags & EMB_TOK_ABJAD), gj && !(c->flags & EMB_TOK_ABJAD));
    if (an == 0 || bn == 0) return 0;
    /* a Latin word ending in i writes a long final i, which Arabic script
     * writes too (حمدي Hamdi): an Arabic word without it is another name
     * (حماد Hamad is not Hammedi) */
    const emb_token *lat = (q->flags & EMB_TOK_ABJAD) ? c : q, *abj = lat == q ? c : q;
    if (lat->len > 2 && lat->text[lat->len - 1] == 'i' && abj->len > 0 &&
        abj->text[abj->len - 1] != 'y' && abj->text[abj->len - 1] != 'i')
        return 0;
    /* and an Arabic final ya (or alif maqsura) is a vowel in Latin (علي Ali,
     * مصطفى Mustafa), not the article al */
    if (abj->len > 1 && abj->text[abj->len - 1] == 'y' && lat->len > 0 &&
        !strchr("aeiouyh", lat->text[lat->len - 1]))
        return 0;
    /* the key reads j as a vowel (Slavic j is y), which consonants() drops:
     * the Arabic jim (j) is a consonant in Latin spellings too (ضمرة Damra
     * is not Dajmar) */
    if (letter_count(abj, 'j') != letter_count(lat, gj ? 'g' : 'j')) return 0;
    /* the Arabic ta marbuta ends a romanisation in t or h that Latin
     * spellings leave out (أسامة asamt, Usama) */
    int qa = (q->flags & EMB_TOK_ABJAD) != 0;
    size_t *abn = qa ? &an : &bn;
    const char *ab = qa ? a : b;
    if (*abn > 2 && (ab[*abn - 1] == 't' || ab[*abn - 1] == 'h') && an != bn &&
        (qa ? an == bn + 1 : bn == an + 1))
        (*abn)--;
    /* and a Latin -ah where the Arabic word ends in a vowel or a removed ta
     * marbuta (ملا Mullah, حمزة Hamzah) */
    size_t *lbn = qa ? &bn : &an;
    const char *lb = qa ? b : a;
    if (*lbn > 2 && lb[*lbn - 1] == 'h' && (qa ? bn == an + 1 : an == bn + 1) &&
        lat->len > 2 && lat->text[lat->len - 1] == 'h' && lat->text[lat->len - 2] == 'a')
        (*lbn)--;
    if (an == bn && memcmp(a, b, an) == 0) {
        if (!abjad_vowels(qa ? ga : gb, qa ? gb : ga, an)) return 0;
        *kind = EMBARGO_PAIR_PHONETIC;
        /* (one consonant is little evidence; a jim, which consonants()
         * leaves out and both words have as many of, is one more:
         * جواد jwad ~ Jawad, جماعة jmaa ~ JAMA'A; but not for words whose
         * final vowels differ: ناجي Naji is not NAJA) */
        if (an >= 2) return EMB_SIM_PHONETIC;
        if (an + letter_count(abj, 'j') < 2) return 0.7f;
        int fa = final_vowel(abj), fl = final_vowel(lat);
        return fl == -1 ? (fa == 0 ? 0.7f : EMB_SIM_PHONETIC) : fa == fl ? EMB_SIM_PHONETIC : 0.7f;
    }
    size_t L = an > bn ? an : bn;
    /* (nor where the first consonants differ: محمد Muhammad is not Hamid) */
    int kg = (a[0] == 'k' && b[0] == 'g') || (a[0] == 'g' && b[0] == 'k');
    /* (the fa of a foreign name's v, which the consonants leave out: فلاديمير
     * Vladimir) */
    const char *abk = qa ? a : b;
    int fv = abk[0] == 'f' && lat->len > 0 && lat->text[0] == 'v' && (qa ? an == bn + 1 : bn == an + 1);
    if (L < 3 || (a[0] != b[0] && !kg && !fv) || emb__edit_distance(a, an, b, bn, 1) > 1) return 0;
    /* one consonant apart in three is another name (المزيني Muzaini is not
     * Masri, مجيد Majid not Hamid), but for the letters that Persian and
     * Urdu read as s and z (ث Saqib, ض ذ Fazl, Nazir) and the qaf read
     * as g (قاسم Ghassem) */
    if (L == 3) {
        if (an != bn) return 0;
        size_t k = 0;
        while (k < an && a[k] == b[k]) k++;
        char x = a[k], y = b[k];
        if (!((x == 's' && (y == 'd' || y == 't')) || (y == 's' && (x == 'd' || x == 't')) ||
              (x == 'k' && y == 'g') || (x == 'g' && y == 'k')))
            return 0;
    }
    /* (the vowels of words one consonant apart are not compared, but for
     * the first) */
    if (!fv && !(qa ? ga : gb)[0] != !(qa ? gb : ga)[0]) return 0;
    *kind = EMBARGO_PAIR_EDIT;
    return 0.7f;
}

/* Whether t's text has gh (a ghayn in a Latin spelling). */
static int has_gh(const emb_token *t) {
    for (size_t i = 0; i + 1 < t->len; i++)
        if (t->text[i] == 'g' && t->text[i + 1] == 'h') return 1;
    return 0;
}

/* Whether the Latin word t may write an Egyptian name's jim with its g
 * (abjad_sim): two consonants besides the g at least (رجب Ragab, جمال
 * Gamal; a short word's g is any name's: جان is not Egan, ناجي not Nagy,
 * حاج not Hag), no y but a final one (a y between vowels is a consonant
 * Arabic writes: جمال is not Gemayel), and a first letter that the Arabic
 * word's agrees with: a g for an initial jim, a vowel only for an initial
 * alif (an ayin is read as one). */
static int egyptian_g(const emb_token *lat, const emb_token *abj) {
    unsigned k = 0;
    for (size_t i = 0; i < lat->len; i++) {
        char ch = lat->text[i];
        if (ch == 'y' && i + 1 < lat->len) return 0;
        k += !strchr("aeiouyg", ch);
    }
    if (k < 2 || lat->len == 0 || abj->len == 0) return 0;
    if (abj->text[0] == 'j' && lat->text[0] != 'g') return 0;
    if (strchr("aeiou", lat->text[0]) && abj->text[0] != 'a') return 0;
    return 1;
}

/* abjad_sim as the keys read, and, where that finds no sound match and the
 * Latin word writes v (not w: the key writes both v), with its v read as
 * the fa of the Arabic word: Arabic script has no v and writes a foreign
 * name's v with fa (فلاديمير Vladimir, ايفانوف Ivanov), while the keys
 * read v as the waw of Arabic names (Marwan, Marvan). An extra reading:
 * the Arabic word's fa stays f for Arabic names (فيصل Faisal). */
/* (a call, not inline: asked only of a name from Arabic or Hebrew script,
 * and inline it made the pairing of every Latin name dearer) */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline, cold))
#endif
static float abjad_sim(const emb_token *q, const emb_token *c, embargo_pair_kind *kind) {
    float s = abjad_sim_as(q, c, kind, 0, 0);
    if (s >= EMB_SIM_PHONETIC) return s;
    const emb_token *lat = (q->flags & EMB_TOK_ABJAD) ? c : q, *abj = lat == q ? c : q;
    /* Egyptian names write the jim g (رجب Ragab, جمال Gamal): where the
     * Latin word has g for every jim and no j, nor a gh (the ghayn), and
     * egyptian_g allows it, it is asked again with its g as the jim */
    if (memchr(abj->text, 'j', abj->len) && !memchr(lat->text, 'j', lat->len) &&
        memchr(lat->text, 'g', lat->len) && !has_gh(lat) && egyptian_g(lat, abj)) {
        embargo_pair_kind k3 = *kind;
        float s3 = abjad_sim_as(q, c, &k3, 0, 1);
        if (s3 > s) {
            *kind = k3;
            s = s3;
        }
        if (s >= EMB_SIM_PHONETIC) return s;
    }
    if (!memchr(lat->text, 'v', lat->len) || memchr(lat->text, 'w', lat->len) ||
        !memchr(abj->text, 'f', abj->len))
        return s;
    embargo_pair_kind k2 = *kind;
    float s2 = abjad_sim_as(q, c, &k2, 1, 0);
    if (s2 > s) {
        *kind = k2;
        return s2;
    }
    return s;
}

/* Whether two keys differ only in o for u and e for i: Arabic writes three
 * vowels, a, i, u, and romanisations spell them o and e as well (Osama,
 * Usama; Laden, LADIN; Yousef, Yusuf). */
static int arabic_vowels(const emb_token *q, const emb_token *c) {
    if (q->klen != c->klen) return 0;
    for (size_t i = 0; i < q->klen; i++) {
        char a = q->key[i], b = c->key[i];
        if (a != b && !((a == 'o' && b == 'u') || (a == 'u' && b == 'o') || (a == 'e' && b == 'i') ||
                        (a == 'i' && b == 'e')))
            return 0;
    }
    return 1;
}

/* Whether one token is "abd" and the other "abdul": the analyser makes
 * "abdul" of Abd al-, Abdel, Abdul (name.c), but a bare "Abd" before a name
 * (Abd Salam, Sa'd abd-Majid, the article dropped) stays "abd" and was a
 * contradiction of the listed ABD AL-SALAM. */
static int abd_abdul(const emb_token *q, const emb_token *c) {
    const emb_token *a = q->len == 3 ? q : c, *b = a == q ? c : q;
    return a->len == 3 && b->len == 5 && !memcmp(a->text, "abd", 3) && !memcmp(b->text, "abdul", 5);
}

/* The similarity of words d edits apart: two edits or more that also
 * change the first letter (Zoshchenko ~ LESHCHENKO) are rather another
 * name than typos, as in pair_far, and count as one beyond the budget. */
static float two_typos(unsigned d, int first_differs, size_t L) {
    float s = emb__edit_sim(d, L);
    return d >= 2 && first_differs ? EMB_SIM_FAR_EDIT * s : s;
}

/* A pinyin syllable with a palatal initial against the sibilant English
 * ears take it for (romkey.h, emb__pinyin_sibilants: Shi, Si Jinping for
 * Xi Jinping) sounds alike, in a person's name: other syllables, so less
 * than the same consonants (EMB_SIM_PHONETIC_FAR). Asked of the pairs
 * token_sim_written found nothing in (x and q are rare letters: the mask
 * turns most away). */
#define PINYIN_PALATALS (1u << ('x' & 31) | 1u << ('q' & 31))
static inline int may_pinyin(const emb_token *q, const emb_token *c) {
    return (c->tmask & PINYIN_PALATALS) && c->len <= 6 && q->len <= 6;
}

static float pinyin_sim(const emb_token *q, const emb_token *c, embargo_pair_kind *kind) {
    if (!may_pinyin(q, c) || !emb__pinyin_sibilants(q->text, q->len, c->text, c->len))
        return 0;
    *kind = EMBARGO_PAIR_PHONETIC;
    return EMB_SIM_PHONETIC_FAR;
}

/* Twice the typo budget (emb__edit_budget) of a word of each length, a
 * length being a uint8_t: no bound to ask (the pairing loop's budgets:
 * may_meet's, token_sim_written's halved). */
#define B6X16 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6
static const uint8_t BUDGET2[256] = {0,     0,     0,     0,     0,     2,     2,     2,
                                     4,     4,     4,     4,     4,     4,     4,     6,
                                     B6X16, B6X16, B6X16, B6X16, B6X16, B6X16, B6X16, B6X16,
                                     B6X16, B6X16, B6X16, B6X16, B6X16, B6X16, B6X16};
#undef B6X16

/* Similarity of two tokens and how they matched. In an organisation's
 * name a country pairs only with the same country, however written
 * (Belarusian ~ of the Republic of Belarus), or with a word one typo from
 * it. (Inline, as token_sim in the pairing loop, its one caller: a call
 * for each pair may_meet lets through cost ~20 instructions of saving and
 * restoring registers, ~600 of a query's 96,000.) */
/* Whether Corporation, token k, comes first in its name, a leading
 * article and State aside: The Corporation Kometa, State Corporation
 * Rostec (Goskorporatsiya as it is translated). A name's tokens lie in
 * one array in reading order (pos, their index), so the words before k
 * are k[-pos .. -1]. */
static int corporation_first(const emb_token *k) {
    if (k->pos > 2) return 0;
    for (uint8_t i = 1; i <= k->pos; i++) {
        const emb_token *p = k - i;
        int article = (p->len == 3 && memcmp(p->text, "the", 3) == 0) || (p->len == 1 && p->text[0] == 'a');
        int state = p->len == 5 && memcmp(p->text, "state", 5) == 0;
        /* (the article only before State: The State Corporation) */
        if (!(state || (article && i == k->pos))) return 0;
    }
    return 1;
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline float token_sim_written(const emb_token *q, const emb_token *c, int org, embargo_pair_kind *kind) {
    if (org && ((q->flags | c->flags) & EMB_TOK_COUNTRY)) {
        if ((q->flags & c->flags) & EMB_TOK_COUNTRY) {
            if (country_of(q) != country_of(c)) return 0;
            /* the same country in another form is reported as a
             * transliteration: Russian ~ of the Russian Federation */
            *kind = q->len == c->len && memcmp(q->text, c->text, q->len) == 0 ? EMBARGO_PAIR_EXACT
                                                                                : EMBARGO_PAIR_TRANSLIT;
            return 1.0f;
        }
        /* a word one typo from a country's name: Bank of Chima */
        const emb_token *w = q->flags & EMB_TOK_COUNTRY ? c : q, *k = w == q ? c : q;
        size_t L = w->len > k->len ? w->len : k->len;
        if (w->len < 5 || k->len < 5 || (w->flags & (EMB_TOK_LEGAL | EMB_TOK_NUMBER)) ||
            emb__popcount(w->tmask ^ k->tmask) > 2 || emb__edit_distance(w->text, w->len, k->text, k->len, 1) != 1)
            return 0;
        *kind = EMBARGO_PAIR_EDIT;
        return emb__edit_sim(1, L);
    }
    if ((q->flags | c->flags) & EMB_TOK_LEGAL) {
        if (!((q->flags & c->flags) & EMB_TOK_LEGAL)) return 0;
        int rel = emb__legal_relation(q->legal, c->legal);
        /* Corporation ~ a joint-stock company only when Corporation comes
         * first (Corporation Kometa ~ JSC KOMETA): written last it is an
         * American company's (Exar Corporation is no EKSAR OAO) */
        if (rel == 1) {
            int corp = emb__legal_corporation_jsc(q->legal, c->legal);
            if (corp && !corporation_first(corp == 1 ? q : c)) rel = 0;
        }
        *kind = EMBARGO_PAIR_LEGAL_FORM;
        return rel == 2 ? 1.0f : rel == 1 ? EMB_SIM_LEGAL_FAMILY : 0.0f;
    }
    /* (most words of one length differ in their first letter: no call then) */
    if (q->len == c->len && (q->len == 0 || q->text[0] == c->text[0]) &&
        memcmp(q->text, c->text, q->len) == 0) {
        *kind = EMBARGO_PAIR_EXACT;
        return 1.0f;
    }
    int meet = emb__token_keys_meet(q, c); /* also in another reading (name.h) */
    if (!meet && q->len + c->len == 8 && abd_abdul(q, c)) meet = 2;
    if (meet) {
        *kind = EMBARGO_PAIR_TRANSLIT;
        return meet == 2 ? EMB_SIM_TRANSLIT : EMB_SIM_LOOSE_KEY;
    }
    int qi = (q->flags & EMB_TOK_INITIAL) != 0, ci = (c->flags & EMB_TOK_INITIAL) != 0;
    if (qi || ci) {
        /* a query's initial stands for a given name, not for the listed
         * surname (Iyad S. Zalmout is not SALIM, Iyad: Zalmout contradicts
         * SALIM) */
        if (qi && (c->flags & EMB_TOK_SURNAME)) return 0;
        if (qi != ci && q->text[0] == c->text[0]) {
            *kind = EMBARGO_PAIR_INITIAL;
            return EMB_SIM_INITIAL;
        }
        return 0;
    }
    if ((q->flags | c->flags) & EMB_TOK_NUMBER) return 0; /* numbers must be equal */
    if ((q->flags ^ c->flags) & EMB_TOK_ABJAD) return abjad_sim(q, c, kind);
    size_t L = q->klen > c->klen ? q->klen : c->klen;
    unsigned budget = BUDGET2[L] >> 1;
    if (q->plen >= 3 && q->plen == c->plen && q->phon[0] == c->phon[0] &&
        memcmp(q->phon, c->phon, q->plen) == 0) {
        /* the same consonants; vowels within the typo budget, or one more */
        unsigned d = emb__edit_distance(q->key, q->klen, c->key, c->klen, budget + 1);
        if (d <= budget + 1) {
            *kind = EMBARGO_PAIR_PHONETIC;
            if (arabic_vowels(q, c)) return EMB_SIM_VOWELS;
            return d <= budget ? EMB_SIM_PHONETIC : EMB_SIM_PHONETIC_FAR;
        }
    }
    size_t Lt = q->len > c->len ? q->len : c->len;
    unsigned bt = BUDGET2[Lt] >> 1;
    float s = 0;
    /* Each edit changes at most two letter counts, and a substitution
     * none of the length, an insertion or deletion one of each: the letters
     * apart and the lengths apart add up to twice the edits at most, and
     * words further apart than twice the budget need no edit distance
     * (the letter-set count is a floor of the letters apart). The keys'
     * letters apart are not counted: three in four pairs that come so far
     * are within them, and counting cost more than the distances it
     * spared (71 instructions a query); the spellings' are. */
    unsigned kd = q->klen > c->klen ? q->klen - c->klen : c->klen - q->klen;
    if (budget && kd <= budget && emb__popcount(q->kmask ^ c->kmask) + kd <= 2 * budget) {
        unsigned d = emb__edit_distance(q->key, q->klen, c->key, c->klen, budget);
        if (d <= budget) s = two_typos(d, q->key[0] != c->key[0], L);
    }
    /* the spellings differ, so they are an edit apart at least: when the
     * keys are already that close, the spellings cannot do better; nor
     * when both words are their keys (the index's strings are interned:
     * a listed word that is its key points at it), which said it all */
    unsigned td = q->len > c->len ? q->len - c->len : c->len - q->len;
    if (bt && td <= bt && emb__popcount(q->tmask ^ c->tmask) + td <= 2 * bt && (s <= 0 || s < emb__edit_sim(1, Lt)) &&
        !(c->key == c->text && c->klen == c->len && q->klen == q->len && memcmp(q->key, q->text, q->len) == 0) &&
        emb__letters_apart(q->text, q->len, c->text, c->len, 2 * bt - td) <= 2 * bt - td) {
        unsigned dt = emb__edit_distance(q->text, q->len, c->text, c->len, bt);
        float st = dt <= bt ? two_typos(dt, q->text[0] != c->text[0], Lt) : 0;
        if (st > s) s = st;
    }
    if (s <= 0) return org ? 0 : pinyin_sim(q, c, kind);
    *kind = EMBARGO_PAIR_EDIT;
    return s;
}

/* ... and Belarusian or Ukrainian spellings also as Russian spells them
 * (name.h, emb__token_east), when the spellings gave only s: their keys
 * (HRYB ~ Grib), their skeletons as the phonetic test above (SHAUTSOU ~
 * Shevtsov), or their keys up to akanye (HARA ~ Gora). */
static float east_sim(const emb_token *q, const emb_token *c, float s, embargo_pair_kind *kind) {
    emb_token qe, ce;
    const emb_token *a = emb__token_east(q, &qe) ? &qe : q, *b = emb__token_east(c, &ce) ? &ce : c;
    float se = 0;
    embargo_pair_kind k = EMBARGO_PAIR_PHONETIC;
    unsigned budget = emb__edit_budget(a->klen > b->klen ? a->klen : b->klen), d;
    if (emb__token_keys_meet(a, b) == 2) se = EMB_SIM_TRANSLIT, k = EMBARGO_PAIR_TRANSLIT;
    else if (a->plen >= 3 && a->plen == b->plen && !memcmp(a->phon, b->phon, a->plen) &&
             (d = emb__edit_distance(a->key, a->klen, b->key, b->klen, budget + 1)) <= budget + 1)
        se = d <= budget ? EMB_SIM_PHONETIC : EMB_SIM_PHONETIC_FAR;
    else if (emb__romkey_akanye_eq(a->key, a->klen, b->key, b->klen))
        se = EMB_SIM_PHONETIC;
    if (se > s) s = se, *kind = k;
    return s;
}

/* ... and words that their own script wrote otherwise (normalize.h,
 * emb__normalize_marks) are not one word, however alike romanised: another
 * Han character or Hangul syllable is another name (高石 ~ 高市, 종 ~ 정),
 * another spelling in an alphabet as many edits as its letters say, one at
 * least. Latin words of one
 * group of given names (equiv.h: John, Juan, Ivan) pair as a strong but not
 * exact given name, in a person's name. */
#define EMB_SIM_GIVEN_EQUIV 0.85f
static float orig_sim(const emb_token *q, const emb_token *c, int org, float s, embargo_pair_kind *kind) {
    unsigned sc = EMB_MARK_SCRIPT(q->orig);
    if (sc == 0) {
        if (q->orig == c->orig && !org && s < EMB_SIM_GIVEN_EQUIV) s = EMB_SIM_GIVEN_EQUIV, *kind = EMBARGO_PAIR_TRANSLIT;
        return s;
    }
    if (q->orig == c->orig || sc != EMB_MARK_SCRIPT(c->orig)) return s;
    if (sc == EMB_MARK_HAN || sc == EMB_MARK_HANGUL) return 0;
    unsigned d = (emb__popcount(EMB_MARK_LETTERS(q->orig ^ c->orig)) + 1) / 2;
    float e = emb__edit_sim(d ? d : 1, q->len > c->len ? q->len : c->len);
    if (s > e) s = e, *kind = EMBARGO_PAIR_EDIT;
    return s;
}

/* A theophoric compound without the part every such name has: Abd al- in
 * front (abdurrahim, abdurahim: rahim) or -ullah behind (hamidullah:
 * hamid), written as a name the name table knows (freq.h: seen in two
 * names or more, no English word). Returns the rest's length, 0 for none
 * such. */
static size_t compound_rest(const emb_token *t, int front, const char **rest) {
    const char *k = t->text;
    size_t n = t->len, r;
    if (front) {
        /* abd, a vowel, the article's consonant (abdul, abdur, abdel,
         * abdus): its l stays before a moon letter (abdulaziz), but
         * assimilated to a sun letter it is that letter, written twice or
         * once (abdurrahim, abdurahim, abdusalam): once, it begins the rest */
        if (n < 8 || memcmp(k, "abd", 3) != 0 || !strchr("aeiou", k[3]) || strchr("aeiou", k[4])) return 0;
        size_t at = k[4] != 'l' && k[5] != k[4] ? 4 : 5;
        *rest = k + at;
        r = n - at;
    } else {
        if (n < 8 || (memcmp(k + n - 5, "ullah", 5) != 0 && memcmp(k + n - 5, "allah", 5) != 0)) return 0;
        *rest = k;
        r = n - 5;
    }
    emb_name_stat st;
    return r >= 3 && emb__name_stats(*rest, r, &st) && st.df >= 2 && !st.word ? r : 0;
}

/* ... and two theophoric compounds whose rests are two names people bear
 * further apart than a typo (compound_rest) are two names, however alike
 * the whole words: HAMIDULLAH ~ WALIULLAH (Hamid, Wali), ABDURRAHIM ~
 * ABDURRAHMAN (Rahim, Rahman) do not pair as a misspelling beyond the
 * typo budget: returns 0 for them, else s. pair_far asks it of the pair it
 * would make (a call, not inline: asked of few pairs, and inline or in the
 * search loop it made every call of pair_far dearer). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
float emb__compound_sim(const emb_token *q, const emb_token *c, float s) {
    for (int front = 1; front >= 0; front--) {
        const char *a, *b;
        size_t an = compound_rest(q, front, &a), bn = an ? compound_rest(c, front, &b) : 0;
        if (!bn) continue;
        size_t L = an > bn ? an : bn;
        unsigned budget = emb__edit_budget(L);
        return emb__edit_distance(a, an, b, bn, budget + 1) > budget ? 0.0f : s;
    }
    return s;
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline float token_sim(const emb_token *q, const emb_token *c, int org, embargo_pair_kind *kind) {
    float s = token_sim_written(q, c, org, kind);
    if (s < EMB_SIM_TRANSLIT && ((q->flags | c->flags) & EMB_TOK_EAST)) s = east_sim(q, c, s, kind);
    if (q->orig && c->orig) s = orig_sim(q, c, org, s, kind);
    return s;
}

/* Whether token_sim may find anything in a pair. Most pairs of words
 * share no evidence, and most of those differ in many letters: every way
 * of token_sim_written but a country's or legal form's, an initial,
 * another script's consonants, one given name's group (orig) and a
 * competing reading of the query word needs the keys within their typo
 * budget, or one edit beyond it where the skeletons may be the same
 * (their length and first letter: the phonetic test), or the spellings within
 * theirs (an edit changes at most two letters of a word's letter set; an
 * equal word or key none); a competing reading meets c's key whole
 * (emb__token_keys_meet), asked only of a pair that differs in too many
 * letters for the rest, and only where c's key begins with a letter that
 * may meet one (`far`, far_firsts; 0: the query word has no competing
 * reading). Inline in the pairing loop, so that most
 * pairs cost no call. */
static int keys_meet_far(const emb_token *q, const emb_token *c);

/* The key letters, either case (bit x & 31), whose loose form begins with
 * letter f (romkey.h, EMB_ROMKEY_LOOSE_FIRST), a constant: far_firsts
 * looks it up (LOOSE_FROM['f' - 'a']) rather than asking every letter. */
#define LF_BIT(x, f)                                                                                    \
    ((EMB_ROMKEY_LOOSE_FIRST(x) == (f) || EMB_ROMKEY_LOOSE_FIRST((x) | 0x20) == (f)) ? 1u << ((x) & 31) \
                                                                                      : 0u)
#define LF_FROM(f)                                                                                      \
    (LF_BIT('A', f) | LF_BIT('B', f) | LF_BIT('C', f) | LF_BIT('D', f) | LF_BIT('E', f) | \
     LF_BIT('F', f) | LF_BIT('G', f) | LF_BIT('H', f) | LF_BIT('I', f) | LF_BIT('J', f) | \
     LF_BIT('K', f) | LF_BIT('L', f) | LF_BIT('M', f) | LF_BIT('N', f) | LF_BIT('O', f) | \
     LF_BIT('P', f) | LF_BIT('Q', f) | LF_BIT('R', f) | LF_BIT('S', f) | LF_BIT('T', f) | \
     LF_BIT('U', f) | LF_BIT('V', f) | LF_BIT('W', f) | LF_BIT('X', f) | LF_BIT('Y', f) | \
     LF_BIT('Z', f))
static const uint32_t LOOSE_FROM[26] = {
    LF_FROM('a'), LF_FROM('b'), LF_FROM('c'), LF_FROM('d'), LF_FROM('e'), LF_FROM('f'),
    LF_FROM('g'), LF_FROM('h'), LF_FROM('i'), LF_FROM('j'), LF_FROM('k'), LF_FROM('l'),
    LF_FROM('m'), LF_FROM('n'), LF_FROM('o'), LF_FROM('p'), LF_FROM('q'), LF_FROM('r'),
    LF_FROM('s'), LF_FROM('t'), LF_FROM('u'), LF_FROM('v'), LF_FROM('w'), LF_FROM('x'),
    LF_FROM('y'), LF_FROM('z'),
};
#undef LF_FROM
#undef LF_BIT

/* The first letters (bit ch & 31) a listed key may begin with to meet
 * query word q's key, a competing reading's or its loose form
 * (emb__token_keys_meet): for the loose form, every key letter whose loose
 * form begins as q's does (LOOSE_FROM: S, Z as s, z, C and T as c, J as
 * d), and i, which may go. What may_meet asks before keys_meet_far, for a
 * word with competing readings (asked once per query word). A listed key
 * of no letters is always asked. */
static uint32_t far_firsts(const emb_token *q) {
    uint32_t m = q->klen ? 1u << ((unsigned char)q->key[0] & 31) : 0;
    for (int i = 0; i < EMB_ALT_KEYS && q->aklen[i]; i++) m |= 1u << ((unsigned char)q->akey[i][0] & 31);
    if (q->lklen >= 4) {
        char f = q->lkey[0];
        m |= 1u << ('i' & 31) | 1u << ((unsigned char)f & 31);
        if (f >= 'a' && f <= 'z') m |= LOOSE_FROM[f - 'a'];
    }
    return m;
}

/* The flags of either word that make a pair worth token_sim's look
 * (emb_score_query's kb2: any listed word, for a query word that has
 * one); the abjad flag the two words must share besides. */
#define MEET_ANY (EMB_TOK_LEGAL | EMB_TOK_INITIAL | EMB_TOK_EAST)
#define MEET_ANY_ORG (MEET_ANY | EMB_TOK_COUNTRY)

/* may_meet's pair for query word i of qx, q: `any` MEET_ANY or, in an
 * organisation's name, MEET_ANY_ORG, with EMB_TOK_ABJAD; twice the typo
 * budgets of q's key and spelling from qx (the budget grows with the
 * length, so the longer word's is the greater of the two), and q's own
 * flags among `any` (there the key's is 255: every pair is looked at). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline int may_meet(const emb_token *q, const emb_token *c, int org, uint16_t any,
                           const emb_score_query *qx, uint32_t i) {
    /* (one test: c's flags among `any`, its abjad flag against q's) */
    if (((c->flags & any) ^ (q->flags & EMB_TOK_ABJAD)) || (q->orig && q->orig == c->orig)) return 1;
    unsigned kx = emb__popcount(q->kmask ^ c->kmask), kb = BUDGET2[c->klen];
    if (kb < qx->kb2[org][i]) kb = qx->kb2[org][i];
    if (kx <= kb) return 1;
    /* (one edit more where the skeletons may be the same, the phonetic
     * test's; and for abd against abdul) */
    if (kx <= kb + 2 &&
        ((q->plen >= 3 && q->plen == c->plen && q->phon[0] == c->phon[0]) || q->len + c->len == 8))
        return 1;
    unsigned tb = BUDGET2[c->len];
    if (tb < qx->tb2[i]) tb = qx->tb2[i];
    uint32_t far = qx->far_first[i];
    return emb__popcount(q->tmask ^ c->tmask) <= tb ||
           (far && (!c->klen || (far >> ((unsigned char)c->key[0] & 31) & 1)) && keys_meet_far(q, c)) ||
           (!org && may_pinyin(q, c)); /* pinyin_sim's pairs */
}

/* (a call, not inline: asked of few pairs, and inline it slowed the
 * pairing loop down) */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int keys_meet_far(const emb_token *q, const emb_token *c) {
    return emb__token_keys_meet(q, c) != 0;
}

typedef struct cand_pair {
    float sim, gain;
    uint8_t qi, ci;
    uint8_t kind;
} cand_pair;

/* Whether query word q, paired with listed word c by edits, is a
 * misspelling rather than another name: q is no name people bear (the
 * name table of 214,703 names has it in two at most: weight 0.95 or more,
 * x1.3 for a surname; no English, generic or country word), the longer
 * word has eight letters or more, and they are two edits apart: within
 * its typo budget (two edits in seven letters are one beyond it, and
 * lifted there Ali Kasimir alerted on QASIR, Ali), beyond one edit (scored
 * high enough already), and the first letter kept or moved by one. See
 * lift_misspelt. */
static int misspelt_edit(const emb_token *q, const emb_token *c) {
    float w = q->flags & EMB_TOK_SURNAME ? q->weight / 1.3f : q->weight;
    if (w < 0.95f || q->len < 4 || c->len < 4 || (q->len < 8 && c->len < 8) ||
        (q->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER | EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_COUNTRY)))
        return 0;
    /* people rarely get a name's first letter wrong, unless they drop it or
     * swap it with the next (AHBBASHH): Zoshchenko, a name the table lacks,
     * is not LESHCHENKO */
    if (q->text[0] != c->text[0] && q->text[1] != c->text[0] && c->text[1] != q->text[0]) return 0;
    return emb__edit_distance(q->text, q->len, c->text, c->len, 2) == 2;
}

/* Whether q and c, paired as a romanisation, are two given names of one
 * group (equiv.h: Charles ~ Karl), which orig_sim pairs at
 * EMB_SIM_GIVEN_EQUIV: in a screen they count towards the evidence a
 * match needs as EMB_EQUIV_EVIDENCE of the query word's weight, and below
 * that evidence the score is scaled as for a word the list gives as an
 * initial. Charles Lee ~ LEE, Karl: a common surname and the Charles
 * group is no one in particular. */
static int given_equiv(embargo_pair_kind kind, const emb_token *q, const emb_token *c, float sim) {
    return kind == EMBARGO_PAIR_TRANSLIT && sim <= EMB_SIM_GIVEN_EQUIV && q->orig && q->orig == c->orig &&
           EMB_MARK_SCRIPT(q->orig) == 0;
}

/* Whether query word q, paired with listed word c as other than the same
 * word (similarity below 1), is an ordinary English word that no counted name contains
 * (emb__name_word_unseen: Micron, Parsec, Option) resembling a listed word
 * that is no English word, seen in names or not (MIKRON, PARSEK, OPTRON;
 * not STRIP for Stripe), as a romanisation or
 * by edits: it counts as an English
 * word towards the evidence (EMB_UNSEEN_WORD_WEIGHT x EMB_WORD_EVIDENCE), for it is a word more
 * likely than a misspelt rare name. Its weight stays that of a name seen
 * nowhere, and so does everything where it is the same word as the list's
 * (the weak alias THE SURGEON for The Surgeon, ADMIRAL GROUP for Admiral
 * Group Shipping Company) or resembles a listed English word (Stripe ~
 * STRIP, Lines ~ LINE): flagged as English words throughout, those lost
 * their match (docs/scoring.md). Looked up only for such pairs. */
static int unseen_word_resembles(const emb_token *q, const emb_token *c, float sim) {
    return c && sim < 1.0f && q->len >= 4 && q->weight >= 0.95f &&
           !((q->flags | c->flags) & (EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_COUNTRY | EMB_TOK_INITIAL |
                                      EMB_TOK_NUMBER)) &&
           emb__name_word_unseen(q->text, q->len) && !emb__name_word_unseen(c->text, c->len);
}

/* Counts a pair's agreement and doubt into t, and explains it (into
 * t->out, when t->want): query token q (NULL: none) with listed token c
 * (NULL: none) at similarity sim, weighing wq and wc. Every pass that
 * pairs tokens records them here (score_words.c too); the caller marks
 * them paired. */
void emb__record(tally *t, embargo_pair_kind kind, const emb_token *q, const emb_token *c,
                 float sim, float wq, float wc) {
    /* A query word the list gives as an initial (Alawwad ~ AWAD, Munir A.):
     * the list confirms its first letter, what the initial weighs, and no
     * more; the rest of the word is one the list does not confirm. */
    if (kind == EMBARGO_PAIR_INITIAL && !t->org && q && c && (c->flags & EMB_TOK_INITIAL) &&
        !(q->flags & EMB_TOK_INITIAL) && wq > wc) {
        t->doubt_q += EMB_WORD_TO_INITIAL * (wq - wc);
        wq = wc;
    }
    /* Two given names of one group (given_equiv: Nacho ~ IGNACIO, Vanya ~
     * JUAN) are one name, which weighs as its commoner spelling does: a
     * short form or another language's spelling is rare in the names
     * counted because lists seldom write it, not because fewer people bear
     * the name (Nacho Gonzalez scored 0.900 against GONZALEZ PENUELAS,
     * Ignacio, above Ignacio Gonzalez's 0.848). */
    if (kind == EMBARGO_PAIR_TRANSLIT && q && c && q->orig && !t->org && given_equiv(kind, q, c, sim))
        wq = wc = wq < wc ? wq : wc;
    t->M += sim * (wq + wc);
    if (q && q >= t->qbase && q < t->qbase + 32) {
        if (sim >= EMB_SIM_TRANSLIT) t->q_sure |= 1u << (q - t->qbase);
        /* letter for letter: the same normalised word, or a word of the
         * query the initials of listed words spell (an acronym: PLA ~
         * PEOPLE'S LIBERATION ARMY), not a romanisation or a sound (pkk ~
         * ppc) */
        if ((kind == EMBARGO_PAIR_EXACT && sim >= 1.0f) ||
            (kind == EMBARGO_PAIR_INITIAL && c && q->len >= 2 && !(q->flags & EMB_TOK_INITIAL) &&
             !(c->flags & EMB_TOK_INITIAL)))
            t->q_exact |= 1u << (q - t->qbase);
    }
    int names = q && (substantive(q) || dotted_particle(q));
    if (names && kind != EMBARGO_PAIR_INITIAL) {
        /* an organisation's word paired with an English word is one (Media4
         * read as Mediaa ~ MEDIA), and so is a country phrase both give */
        uint16_t f = q->flags | (t->org && c ? c->flags : 0);
        int unseen = !(f & EMB_TOK_WORD) && unseen_word_resembles(q, c, sim);
        int word = (f & EMB_TOK_WORD) || (t->org && country_phrase(q)) || unseen;
        double we = unseen && wq > EMB_UNSEEN_WORD_WEIGHT ? EMB_UNSEEN_WORD_WEIGHT : wq;
        double e = sim * we * (word ? EMB_WORD_EVIDENCE : 1.0);
        if (c && !t->org && given_equiv(kind, q, c, sim)) t->equiv_cut += e * (1 - EMB_EQUIV_EVIDENCE);
        t->evidence += e;
        if (is_abdul(q)) t->abdul_evidence += e;
        if (!word && !(f & EMB_TOK_GENERIC)) t->distinct = 1;
    } else if (names && c && wq > 0 && !t->org && !(c->flags & EMB_TOK_SURNAME)) {
        /* an initial that agrees with a listed given name (not the listed
         * surname: Edward B. Lewis is not BASURIN, Eduard); see
         * emb__score_names for when it counts */
        t->initials_evidence += sim * wc * EMB_INITIAL_EVIDENCE;
        t->initials++;
    }
    if (sim < 0.95f) t->inexact = 1;
    if (names && sim >= EMB_SIM_TRANSLIT &&
        !((q->flags | (c ? c->flags : 0)) & (EMB_TOK_WORD | EMB_TOK_GENERIC | EMB_TOK_COUNTRY | EMB_TOK_INITIAL)))
        t->sure++;
    if (names && sim < EMB_SIM_TRANSLIT) {
        t->unsure++;
        if (kind == EMBARGO_PAIR_EDIT && c && misspelt_edit(q, c)) {
            t->misspelt++;
            float lift = (1.0f - sim) * (1.0f - EMB_MISSPELT_DOUBT);
            t->lift_q = lift * wq;
            t->lift_c = lift * wc;
            t->lift_sim = sim + lift;
            t->lift_pair = t->want && t->out->npairs < EMB_MAX_PAIRS ? t->out->npairs + 1 : 0;
        }
    }
    if (kind == EMBARGO_PAIR_INITIAL && names && c && (c->flags & EMB_TOK_INITIAL) &&
        !(q->flags & EMB_TOK_INITIAL))
        t->word_to_initial = 1;
    t->doubt_q += (1 - sim) * wq;
    t->doubt_c += (1 - sim) * wc;
    if (t->want) explain(t, kind, q, c, sim, wq + wc);
}

/* Whether pair_far may pair word t beyond the typo budget: five letters
 * or more, a name (substantive), no initial, number or country. */
static inline int far_word(const emb_token *t) {
    return t->len >= 5 && !(t->flags & (NOT_SUBSTANTIVE | EMB_TOK_INITIAL | EMB_TOK_NUMBER | EMB_TOK_COUNTRY));
}

/* What the passes look for in a side's tokens, paired or not (bit i:
 * token i), found in one pass over each side: most names have none of
 * it, and those passes are not entered then. */
typedef struct side_marks {
    uint64_t one;   /* the join bits (join_bit) of its tokens of four letters or more */
    uint64_t two;   /* and of its runs of two adjacent tokens */
    uint32_t far;   /* pair_far's words (far_word) */
    uint32_t art;   /* an article written to a name (article_joined) */
    uint32_t six;   /* six letters or more (pair_joins3's token) */
    uint16_t flags; /* the tokens' flags, or-ed */
} side_marks;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline void side_marks_of(const emb_tokens *t, side_marks *m) {
    uint64_t o = 0, w = 0;
    uint32_t far = 0, art = 0, six = 0;
    uint16_t flags = 0;
    const emb_token *k = t->tok;
    for (uint32_t i = 0; i < t->n; i++) {
        uint16_t f = k[i].flags;
        unsigned len = k[i].len;
        const char *x = k[i].text;
        flags |= f;
        if (i + 1 < t->n) w |= join_bit(len + k[i + 1].len, x[0]);
        if (len < 4) continue;
        o |= join_bit(len, x[0]);
        if (len < 5) continue;
        if (far_word(&k[i])) far |= 1u << i;
        if (len < 6) continue;
        six |= 1u << i;
        if (article_joined(&k[i])) art |= 1u << i;
    }
    m->one = o;
    m->two = w;
    m->far = far;
    m->art = art;
    m->six = six;
    m->flags = flags;
}

/* (the test inline, the pass a call: most pairs fail the test, and as a
 * call it cost every pair one) */
static inline void pair_lone_misspelt(tally *t, const emb_tokens *q, const emb_tokens *c, uint8_t *qu,
                                      uint8_t *cu, int8_t *partner) {
    if (!t->unsure && t->sure && t->evidence >= EMB_STRONG_EVIDENCE) emb__lone_misspelt(t, q, c, qu, cu, partner);
}

static int is_abu(const emb_token *t) {
    return (t->flags & EMB_TOK_PARTICLE) && t->len == 3 && memcmp(t->text, "abu", 3) == 0;
}

static int is_bin(const emb_token *t) {
    return (t->flags & EMB_TOK_PARTICLE) && t->len == 3 && memcmp(t->text, "bin", 3) == 0;
}

/* The nearest substantive token before (dir -1) or after (dir +1) i. */
static int next_name(const emb_tokens *t, int i, int dir) {
    for (i += dir; i >= 0 && i < (int)t->n; i += dir)
        if (substantive(&t->tok[i])) return i;
    return -1;
}

/* "A bin B" says A is the son of B. If the query says "A bin B" where the
 * list name says "B bin A", the pairs agree on words and contradict on
 * the person (Muhammad bin Salman is not Salman bin Muhammad). Particles
 * between (Saif al-Din bin Ibrahim) are looked past. */
/* Whether a query that writes an initial between two names (Ahmed W
 * Ameen: given name, initial, surname) pairs its first name with the
 * listed surname and its last with a listed given name (AHMED, Ameen):
 * the initial says which is the query's surname, and the two names swap
 * the person's own name and the family's. Not one name written twice. */
static int initial_order_swapped(const emb_tokens *q, const emb_tokens *c, const int8_t *partner) {
    for (int i = 1; i + 1 < (int)q->n; i++) {
        if (!(q->tok[i].flags & EMB_TOK_INITIAL)) continue;
        int a = i - 1, b = i + 1;
        while (a >= 0 && (q->tok[a].flags & EMB_TOK_INITIAL)) a--;
        while (b < (int)q->n && (q->tok[b].flags & EMB_TOK_INITIAL)) b++;
        if (a < 0 || b >= (int)q->n || partner[a] < 0 || partner[b] < 0 || !substantive(&q->tok[a]) ||
            !substantive(&q->tok[b]))
            return 0;
        /* (one name twice, Salah A. M. Salah, pairs either way) */
        const emb_token *x = &q->tok[a], *y = &q->tok[b];
        if (x->klen == y->klen && !memcmp(x->key, y->key, x->klen)) return 0;
        return (c->tok[partner[a]].flags & EMB_TOK_SURNAME) && !(c->tok[partner[b]].flags & EMB_TOK_SURNAME) &&
               substantive(&c->tok[partner[b]]);
    }
    return 0;
}

/* Whether the query (no comma: its words in reading order) pairs its
 * first word with the listed surname and its last with a listed given
 * name, neither pair the same word or romanisation key
 * (EMB_SWAPPED_UNSURE). */
static int swapped_unsure(const emb_tokens *q, const emb_tokens *c, const int8_t *partner) {
    int a = 0, b = (int)q->n - 1;
    if (b < 1 || partner[a] < 0 || partner[b] < 0) return 0;
    for (int i = 0; i <= b; i++)
        if (q->tok[i].flags & EMB_TOK_SURNAME) return 0;
    const emb_token *qa = &q->tok[a], *qb = &q->tok[b], *ca = &c->tok[partner[a]], *cb = &c->tok[partner[b]];
    if (!substantive(qa) || !substantive(qb) || !substantive(cb) || !(ca->flags & EMB_TOK_SURNAME) ||
        (cb->flags & EMB_TOK_SURNAME) || (qa->flags & EMB_TOK_INITIAL) || (qb->flags & EMB_TOK_INITIAL))
        return 0;
    return emb__token_keys_meet(qa, ca) != 2 && emb__token_keys_meet(qb, cb) != 2;
}

/* Whether t->tok[i] is written after bin or bint ("son/daughter of"). */
static int after_bin(const emb_tokens *t, int i) {
    if (i <= 0) return 0;
    const emb_token *b = &t->tok[i - 1];
    return (b->flags & EMB_TOK_PARTICLE) &&
           ((b->len == 3 && !memcmp(b->text, "bin", 3)) || (b->len == 4 && !memcmp(b->text, "bint", 4)));
}

static int bin_reversed(const emb_tokens *q, const emb_tokens *c, const int8_t *partner,
                        const uint8_t *cu) {
    /* One side's father, or forebear, named after bin, is the other's own
     * name, the first it gives: Sarah bint Abdullah bin Faisal is a
     * daughter of AL-FAISAL, Abdullah Ibrahim, Faisal bin Turki bin
     * Abdullah a descendant of EL-FAISAL, Abdulla, and Mohammed bin Awad
     * bin Laden the father of BIN LADIN, Usama bin Muhammad bin Awad: the
     * words agree and the person is another. Not where the own names pair
     * too (Abdullah bin Faisal ~ FAISAL, Abdullah bin Faisal). */
    int q0 = next_name(q, -1, +1), c0 = next_name(c, -1, +1);
    if (q0 >= 0 && c0 >= 0 && partner[q0] != c0) {
        if (partner[q0] >= 0 && !cu[c0] && after_bin(c, partner[q0])) return 1;
        for (int i = q0 + 1; i < (int)q->n; i++)
            if (partner[i] == c0 && after_bin(q, i)) return 1;
    }
    int has_bin = -1; /* whether c writes a bin: looked at once the query has one */
    for (int i = 1; i + 1 < (int)q->n; i++) {
        if (!is_bin(&q->tok[i])) continue;
        if (has_bin < 0) {
            has_bin = 0;
            for (uint32_t j = 0; j < c->n; j++) has_bin |= is_bin(&c->tok[j]);
        }
        int qa = next_name(q, i, -1), qb = next_name(q, i, +1);
        if (qa < 0 || qb < 0 || partner[qa] < 0 || partner[qb] < 0) continue;
        int ca = partner[qa], cb = partner[qb];
        /* in the list name: cb ... bin ... ca, with only particles between
         * (cb's written word taken whole: 'Abd al-Rahman Ould Muhammad) */
        int cbe = cb;
        while (cbe + 1 < (int)c->n && continues(c, (uint32_t)cbe + 1)) cbe++;
        for (int j = cbe + 1; j < ca; j++) {
            if (is_bin(&c->tok[j]) && next_name(c, j, -1) == cbe && next_name(c, j, +1) == ca)
                return 1;
        }
        /* or B before A in a list name that writes no bin at all: an Arabic
         * name lists the father after the son, so MUHAMMAD ABDALLAH
         * ('ABDALLAH, Muhammad) is Muhammad, son of Abdallah, and not
         * Abdullah bin Mohammad */
        if (cb < ca && !has_bin) return 1;
        /* or, in such a list name, another father: the name after A is one
         * the query does not give, B comes later. ABDUL RAHMAN, Muhammad
         * Jibril is Muhammad, son of Jibril, not Muhammad bin Abdul-Rahman
         * (whose Abdul Rahman may be a grandfather or the family's name: a
         * doubt, as the reversal is) */
        int cf = next_name(c, ca, +1);
        if (!has_bin && ca < cb && cf >= 0 && cf < cb && !cu[cf]) return 1;
    }
    return 0;
}

/* Whether the list name calls the person Abu X (a kunya: "father of X", a
 * name of its own) where the query gives X with no Abu anywhere: X there
 * is the query's own name, here his child's, so the pair of X agrees on a
 * word and not on the name (Maryam is not the weak alias ABU-MARYAM, Salim
 * not ABU SALIM). The Abu left unpaired, the word after it paired. Beside
 * other names a kunya may be the family's name, which a query may give
 * without its Abu (TURAB, Ali Muhammad Abu: Ali Muhammad Abu Turab, whom
 * a bank writes Turab Ali); then only a query that gives X another prefix
 * names another family (Yasser al-Sharif is not ABU SHARIF, Nasser;
 * Abdulaziz is not AZIZAH, Sa'id Yusif Ali Abu). Only that way round: a
 * query's kunya against a listed name without one is often the kunya the
 * list gives beside it (Abu Rusan ~ RUSDAN, Abu, whose alias RUSJAN lost
 * its rank to a bank when both ways counted). */
static int is_al(const emb_token *t) {
    return (t->flags & EMB_TOK_PARTICLE) && t->len == 2 && t->text[0] == 'a' && t->text[1] == 'l';
}

/* Whether query word i, written after the Arabic article (al-Tassan),
 * is paired with listed word j, a given name of a list name that says
 * which words are its surname (before the comma) and not itself after an
 * article: a family name against a given name (EMB_SIM_FAMILY_GIVEN). */
static int family_to_given(const emb_tokens *q, uint32_t i, const emb_tokens *c, uint32_t j) {
    if (i == 0 || !article(&q->tok[i - 1]) || (c->tok[j].flags & EMB_TOK_SURNAME) ||
        (j > 0 && article(&c->tok[j - 1])))
        return 0;
    for (uint32_t k = 0; k < c->n; k++)
        if (c->tok[k].flags & EMB_TOK_SURNAME) return 1;
    return 0;
}

static int kunya_dropped(const emb_tokens *q, const emb_tokens *c, const uint8_t *cu,
                         const int8_t *partner) {
    int found = 0;
    uint32_t k = 0;
    for (uint32_t j = 0; j + 1 < c->n && !found; j++)
        if (is_abu(&c->tok[j]) && !cu[j] && substantive(&c->tok[j + 1]) && cu[j + 1]) found = 1, k = j + 1;
    for (uint32_t i = 0; i < q->n && found; i++)
        if (is_abu(&q->tok[i])) found = 0;
    if (!found) return 0;
    int alone = 1; /* the kunya is the whole list name (ABU SALIM; ANIS, Abu) */
    for (uint32_t j = 0; j < c->n; j++)
        if (j != k && substantive(&c->tok[j]) && !(j > k && continues(c, j))) alone = 0;
    if (alone) return 1;
    for (uint32_t i = 1; i < q->n; i++)
        if (partner[i] == (int)k && (is_al(&q->tok[i - 1]) || is_abdul(&q->tok[i - 1]))) return 1;
    return 0;
}

/* Whether the list name is one written word: one substantive token, or a
 * word and its parts (Abd al-Aziz, which the analyser parts into abdul +
 * aziz; Nasir-al-Din). A one-word name is the whole name of a vessel
 * (SABRINA, ADLER), a mononym or a one-word alias: it confirms one word of
 * a longer query and nothing of the rest (see emb__score_names). */
static inline int one_written_word(const emb_tokens *c, const uint8_t *cu) {
    int words = 0, paired = 0, named = 0; /* named: the word so far has a name in it */
    for (uint32_t j = 0; j < c->n; j++) {
        /* (a particle begins a word of its own: AL-WALID, Mahfouz is two) */
        if (j == 0 || !continues(c, j)) named = 0;
        if (!substantive(&c->tok[j]) || named) continue;
        named = 1;
        if (++words > 1) return 0;
        paired = cu[j];
    }
    return words == 1 && paired;
}

/* Whether query word q, paired by an edit with c, differs from it in the
 * first letter alone, c a name the table knows and q written in Latin
 * letters (not romanised from Arabic or Hebrew script, where f and v, t
 * and th are one letter): another name (Tassan is not Hassan) more likely
 * than a misspelling, as a known query word an edit away
 * (EMB_SIM_KNOWN_EDIT). */
static int first_letter_other(const emb_token *q, const emb_token *c) {
    return q->len == c->len && q->len > 1 && q->text[0] != c->text[0] && q->text[1] == c->text[1] &&
           !(q->flags & EMB_TOK_ABJAD) && !q->orig && known_name(c) &&
           memcmp(q->text + 1, c->text + 1, q->len - 1u) == 0;
}

/* Whether the query is one written name (Hussein; Abd al-Aziz, which the
 * analyser parts into abdul + aziz; bin Abdulaziz), paired: no initial
 * (Y. Haqqani, whose initial narrows), no title the list gives too (Haji
 * Ibrahim ~ IBRAHIM, Haji: how the list names him), and no Abdul paired
 * with the Abdul of another listed name (Abdul Khan ~ KHAN, Abdul Qadeer:
 * Abdul is a name of its own there). */
static int one_name_query(const emb_tokens *q, const emb_tokens *c, const uint8_t *qu,
                          const uint8_t *cu, const int8_t *partner) {
    if (!one_written_word(q, qu)) return 0;
    for (uint32_t i = 0; i < q->n; i++) {
        const emb_token *k = &q->tok[i];
        if ((k->flags & EMB_TOK_INITIAL) || (qu[i] && (k->flags & EMB_TOK_TITLE))) return 0;
        int j = partner[i];
        if (is_abdul(k) && j >= 0 && (uint32_t)j + 1 < c->n && continues(c, (uint32_t)j + 1) &&
            !cu[j + 1] && substantive(&c->tok[j + 1]))
            return 0;
    }
    return 1;
}

/* Whether query token i, unpaired, may be a title in a spelling the
 * lexicon lacks (Hajee Abd al-Basir; the lexicon knows Haji, Hajji): it
 * stands where titles do, before every paired word and right before the
 * first (not Nura bint Abdulaziz), and the name table knows no name so
 * spelt. */
static int maybe_title(const emb_tokens *q, uint32_t i, const uint8_t *qu) {
    for (uint32_t k = 0; k < i; k++)
        if (qu[k]) return 0;
    return i + 1 < q->n && qu[i + 1] && !(q->tok[i].flags & EMB_TOK_WORD) &&
           emb__name_freq(q->tok[i].text, q->tok[i].len) == 0;
}

/* Whether t->tok[i], unpaired, is a part of a written word whose other part
 * is paired (continues: Sul-song against SONG; Abdulaziz, which the
 * analyser parts into abdul + aziz, against AZIZ): the word is another name
 * that shares a part, not a name the other side left out. */
static int half_of_paired(const tally *ta, const emb_tokens *t, const uint8_t *used, uint32_t i) {
    const emb_token *k = &t->tok[i];
    if (used[i] || !substantive(k) || (k->flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER))) return 0;
    /* the other part is that word of the other side, not a part of a longer
     * one that the two parts spell misspelt (Abdul-alh ~ ABDULLAH) */
    if (i > 0 && (ta->q_sure >> (i - 1) & 1) && continues(t, i) && substantive(&t->tok[i - 1])) return 1;
    return i + 1 < t->n && (ta->q_sure >> (i + 1) & 1) && continues(t, i + 1) && substantive(&t->tok[i + 1]);
}

/* Whether the list name leaves a particle unpaired. */
static int particle_left(const emb_tokens *c, const uint8_t *cu) {
    for (uint32_t j = 0; j < c->n; j++)
        if (!cu[j] && (c->tok[j].flags & EMB_TOK_PARTICLE)) return 1;
    return 0;
}

/* What a person's name word weighs where it contradicts another (left
 * unpaired on both sides): at least EMB_CONFLICT_FLOOR. Agreeing on a
 * common name says little, but two names that differ in one place say
 * another person however common both are: NOUREDDINE BEN MOHAMED BEN
 * BELKASSEM is not NOUREDDINE BEN ALI BEN BELKASSEM (0.845 -> 0.756). */
static double conflict_weight(const emb_token *t) {
    return t->weight < EMB_CONFLICT_FLOOR ? EMB_CONFLICT_FLOOR : t->weight;
}

/* Whether a name says it is an organisation's: a legal form or a generic
 * organisation word (Group, Bank). */
static int has_org_word(const emb_tokens *t) {
    for (uint32_t i = 0; i < t->n; i++)
        if (t->tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_GENERIC)) return 1;
    return 0;
}

/* Whether one side leaves only a non-profit's form unpaired and the other
 * only legal forms, no other word on either (joining words aside: kinds 2
 * and 1) (every form of the lexicon is a company's or a state
 * enterprise's): a non-profit and a company of one name are two
 * organisations as much as one name's in two countries (ANO Iskusstvo
 * Krasoty is not LIMITED LIABILITY COMPANY ISKUSSTVO KRASOTY), where two
 * companies' forms are one company's that lists write otherwise
 * (score_org.c, emb__org_unpaired). */
static int other_kind(const unpaired *a, const unpaired *b) {
    return (a->kinds == 2 && b->kinds == 1) || (a->kinds == 1 && b->kinds == 2);
}

/* The score of an organisation pair, its tokens paired: see score.h and
 * docs/scoring.md ("Organisations"). `quoted`: bit 0, q has a quoted
 * word; bit 1, c has (side_marks' flags). */
static double org_score(tally *t, const emb_tokens *q, const emb_tokens *c, const uint8_t *qu,
                        const uint8_t *cu, unsigned quoted) {
    unpaired uq, uc;
    emb__org_unpaired(t, q, qu, c, cu, 1, (quoted & 1) != 0, &uq);
    emb__org_unpaired(t, c, cu, q, qu, 0, (quoted & 2) != 0, &uc);
    int country_paired = 0;
    for (uint32_t i = 0; i < q->n; i++)
        if (qu[i] && (q->tok[i].flags & EMB_TOK_COUNTRY)) country_paired = 1;
    /* two names of different countries: the Central Election Commission of
     * Belarus is not Russia's */
    int other_country = uq.countries && uc.countries && !country_paired;
    double Xs = uq.names < uc.names ? uq.names : uc.names;
    double Xl = uq.legal < uc.legal ? uq.legal : uc.legal;
    double surname_extra = uc.surname < uc.normal - Xs ? uc.surname : uc.normal - Xs;
    if (surname_extra < 0) surname_extra = 0;
    /* Legal forms missing on one side cost as the words of their side; a
     * country phrase and the words around a quoted name cost little. */
    double cost = t->doubt_q + t->doubt_c + 2 * EMB_CONFLICT * Xs + 2 * EMB_LEGAL_CONFLICT * Xl +
                  EMB_EXTRA_QUERY_ORG * (uq.normal - Xs + uq.legal - Xl) +
                  EMB_EXTRA_NAME_ORG * (uc.normal - Xs - surname_extra + uc.legal - Xl) +
                  EMB_EXTRA_QUERY * surname_extra +
                  EMB_EXTRA_DESCRIPTIVE * (uq.described + uc.described + uq.placed);
    /* A Roman numeral only one name gives (Bowne Global Solutions II, Inc.
     * against Bowne Global Solutions, Inc.) is all that tells two
     * organisations of a series apart: it contradicts, however little the
     * word weighs. (Two different numerals, Partners IV and Partners V,
     * the pair benchmark labels either way.) */
    if (((uq.series & 2) && !uc.series) || ((uc.series & 2) && !uq.series))
        cost += 2 * EMB_CONFLICT * EMB_CONFLICT_FLOOR;
    double score = 0;
    if (t->substance && t->M > 0) score = t->M / (t->M + cost);
    if (other_country || other_kind(&uq, &uc) || emb__org_weak_other(q, c, qu, cu)) score *= EMB_COUNTRY_CONFLICT;
    /* Agreement in a common word is not enough when either name says more
     * (see emb__score_names). What a list name says of its organisation
     * beyond the name (its legal form, its country, the words around its
     * quoted name) says more only when the names agree only nearly, or in
     * nothing but a word of English or two: Progress is not JSC 'PROGRESS';
     * but Sberbank is PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA, and
     * Russian Railways OPEN JOINT STOCK COMPANY RUSSIAN RAILWAYS. The query's
     * own additions, generic words and other countries always say more; a
     * legal form the query adds only when the names share no distinctive
     * word (Tat Bank Inc. is TAT BANK; Crystal Group Inc is not THE CRYSTAL
     * GROUP); where the organisation is (uq.placed: PLA China) does
     * not. */
    int more = uq.distinct + uc.distinct + uq.generic + uc.generic > 0 || Xl > 0 ||
               other_country || uq.described > 0 || (uq.legal > 0 && !t->distinct) ||
               (((!t->distinct && t->evidence < EMB_MIN_EVIDENCE / 2) || t->inexact) &&
                uc.described + uc.legal > 0);
    if (t->evidence < EMB_MIN_EVIDENCE &&
        (more || (t->inexact && t->evidence < EMB_MIN_EVIDENCE / 2)))
        score *= t->evidence / EMB_MIN_EVIDENCE;
    return score;
}

/* Whether a side leaves a name unpaired (titles, particles, connecting
 * words and legal forms aside). */
static int name_left(const emb_tokens *t, const uint8_t *used) {
    for (uint32_t i = 0; i < t->n; i++)
        if (!used[i] && substantive(&t->tok[i])) return 1;
    return 0;
}

/* Two edits in a long word (AHBBASHH for HABBASH) cost most of their
 * similarity in the length term of emb__edit_sim, which says how often
 * edits make another name people bear of a word. Where the query's word is
 * no such name (misspelt_edit), every other name word of both sides is the
 * same word or romanisation, one of them distinctive (not a legal form, an
 * English or a generic word: LLC ELYTSEC ~ LLC MELYTEC stays, as Limited
 * Liability Company Sonatek is not SIGNATEK), and neither side leaves a
 * name word out, the query names no one else the list could mean: the
 * pair keeps only EMB_MISSPELT_DOUBT of its doubt (George AHBBASHH ~
 * HABBASH, George 0.768 -> 0.861). docs/scoring.md has what failed. */
static void lift_misspelt(tally *t, const emb_tokens *q, const emb_tokens *c, const uint8_t *qu,
                          const uint8_t *cu) {
    if (t->misspelt != 1 || t->unsure != 1 || !t->sure || name_left(q, qu) || name_left(c, cu)) return;
    t->M += t->lift_q + t->lift_c;
    t->doubt_q -= t->lift_q;
    t->doubt_c -= t->lift_c;
    t->evidence += t->lift_q;
    if (t->lift_pair) t->out->pairs[t->lift_pair - 1].similarity = t->lift_sim;
}

/* The first letters of a side's unpaired tokens (bit c & 31). */
static uint32_t unpaired_starts(const emb_tokens *t, const uint8_t *used) {
    uint32_t m = 0;
    for (uint32_t i = 0; i < t->n; i++)
        if (!used[i]) m |= 1u << ((unsigned char)t->tok[i].text[0] & 31);
    return m;
}

/* The order of the costs that the screen's bound (score_names, org_least;
 * docs/scoring.md, the bound's shares) relies on: names, or legal forms,
 * unpaired on both sides cost at least what they take out of the terms of
 * words only one side gives, in a person's name (EMB_EXTRA_QUERY,
 * EMB_EXTRA_NAME) and in an organisation's (EMB_EXTRA_QUERY_ORG,
 * EMB_EXTRA_NAME_ORG). A refit that broke it would make the bound promise
 * less than the scorer gives: the build stops. Not in a fitting build
 * (EMB_FIT: its constants are read at run time, and it asks no bound). C11
 * has no floating constant expressions in _Static_assert: GCC folds these,
 * clang refuses them; test_score.c checks the same at run time under any
 * compiler. */
#if !defined(EMB_FIT) && defined(__GNUC__) && !defined(__clang__)
_Static_assert(2 * EMB_CONFLICT >= EMB_EXTRA_QUERY + EMB_EXTRA_NAME,
               "a person's names contradicting must cost what the bound takes them for");
_Static_assert(2 * EMB_LEGAL_CONFLICT >= EMB_EXTRA_QUERY + EMB_EXTRA_NAME,
               "a person's legal forms contradicting must cost what the bound takes them for");
_Static_assert(2 * EMB_CONFLICT >= EMB_EXTRA_QUERY_ORG + EMB_EXTRA_NAME_ORG,
               "an organisation's names contradicting must cost what the bound takes them for");
_Static_assert(2 * EMB_LEGAL_CONFLICT >= EMB_EXTRA_QUERY_ORG + EMB_EXTRA_NAME_ORG,
               "an organisation's legal forms contradicting must cost what the bound takes them for");
#endif

/* The weight of a side's unpaired tokens that the passes after pair_far
 * might still pair; *least adds what the others, which stay unpaired,
 * cost left out at least (titles aside): in an organisation's name
 * org_least; in a person's EMB_EXTRA_QUERY of a query word's omission
 * weight, EMB_EXTRA_NAME of a listed one's, and *names their names'
 * weight (a contradiction: see the bound in score_names). A join
 * (pair_joins) and an acronym
 * (pair_acronyms) pair a token of one side with a run of adjacent unpaired
 * tokens of the other whose first token begins with the token's letter:
 * so a token pairs there only if it, or an unpaired token before it with
 * no paired one between, begins with a letter an unpaired token of the
 * other side (`other`, unpaired_starts) begins with. `mask` receives
 * them (bit i); `listed`: t is the list name (omission_weight); `quoted`:
 * t has a quoted word. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline double pairable_weight(const emb_tokens *t, const uint8_t *used, uint32_t other, double *least,
                              double *names, uint32_t *mask, int listed, int org, int quoted) {
    double w = 0;
    int run = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        const emb_token *k = &t->tok[i];
        if (used[i]) {
            run = 0;
            continue;
        }
        if (other & (1u << ((unsigned char)k->text[0] & 31))) run = 1;
        if (run) {
            w += k->weight, *mask |= 1u << i;
        } else if (!(k->flags & EMB_TOK_TITLE)) {
            double ow = omission_weight(t, i, listed);
            if (org) {
                *least += emb__org_least(t, i, ow, listed, quoted);
            } else {
                *least += (listed ? EMB_EXTRA_NAME : EMB_EXTRA_QUERY) * ow;
                if (substantive(k)) *names += k->weight;
            }
        }
    }
    return w;
}

/* Whether the query names a person by a title and a rare surname alone
 * (President Erdogan, Mr. Kosachev; docs/scan.md has the same reading of
 * a text's "Mr. Surname"): its one name word, after the title, is the
 * listed surname written the same (the list's SURNAME or its last name
 * word), in fewer than EMB_TITLED_SURNAME_DF names the table counts, no
 * English word. The listed given names it leaves out are then left out by
 * custom, not unknown: each costs half (score_names). Never for a common
 * surname (Mr. Kim, President Ali: many bear it), nor for a title before a
 * given name (Mullah Omar ~ OMAR, Mohammed: a common name). */
#define EMB_TITLED_SURNAME_DF 10
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int titled_surname(const emb_tokens *q, const emb_tokens *c, const uint8_t *qu, const int8_t *partner) {
    int w = -1, titled = 0;
    for (uint32_t i = 0; i < q->n; i++) {
        const emb_token *k = &q->tok[i];
        if (k->flags & EMB_TOK_TITLE) titled |= w < 0;
        else if (substantive(k)) {
            if (w >= 0) return 0;
            w = (int)i;
        }
    }
    if (!titled || w < 0 || !qu[w] || partner[w] < 0) return 0;
    const emb_token *a = &q->tok[w], *b = &c->tok[partner[w]];
    if (a->len != b->len || memcmp(a->text, b->text, a->len) != 0 || (a->flags & EMB_TOK_WORD) ||
        emb__name_freq(a->text, a->len) >= EMB_TITLED_SURNAME_DF)
        return 0;
    if (b->flags & EMB_TOK_SURNAME) return 1;
    for (uint32_t j = (uint32_t)partner[w] + 1; j < c->n; j++)
        if (substantive(&c->tok[j])) return 0;
    return 1;
}

/* Half the omission weight of the listed name words left unpaired: what a
 * titled surname (titled_surname) takes off their cost. A call: asked of
 * few pairs. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static double titled_given_cut(const emb_tokens *c, const uint8_t *cu) {
    double cut = 0;
    for (uint32_t j = 0; j < c->n; j++)
        if (!cu[j] && !(c->tok[j].flags & EMB_TOK_TITLE) && substantive(&c->tok[j]))
            cut += 0.5 * omission_weight(c, j, 1);
    return cut;
}

/* Whether a name word is sure to stay unpaired, left out by the passes
 * after pair_far (not in mq, mc: pairable_weight): then the score is scaled
 * by the evidence below EMB_MIN_EVIDENCE (emb__score_names: Sq + Sc + Lq +
 * Lc > 0; org_score: `more`). */
static int name_stays(const emb_tokens *q, const emb_tokens *c, const uint8_t *qu, const uint8_t *cu,
                      uint32_t mq, uint32_t mc, int org) {
    for (uint32_t i = 0; i < q->n; i++) {
        const emb_token *k = &q->tok[i];
        if (qu[i] || (mq >> i & 1) || (k->flags & EMB_TOK_TITLE)) continue;
        if (org ? !emb__country_placed_shape(q, i) && (country_phrase(k) || (k->weight > 0 && substantive(k)))
                : k->weight > 0 && (substantive(k) || (k->flags & EMB_TOK_LEGAL)))
            return 1;
    }
    for (uint32_t j = 0; j < c->n; j++) {
        const emb_token *k = &c->tok[j];
        if (cu[j] || (mc >> j & 1) || (k->flags & EMB_TOK_TITLE)) continue;
        if (org ? emb__org_listed_word(c, j) : k->weight > 0 && (substantive(k) || (k->flags & EMB_TOK_LEGAL)))
            return 1;
    }
    return 0;
}

static double score_names(const emb_tokens *q0, const emb_tokens *c0, embargo_entity_type type,
                          emb_score *out, int want, int screening, double min_score,
                          const emb_score_query *qx) {
    if (out) out->npairs = 0, out->screened = 0, out->cut = 0;
    tally t = {.out = out, .want = want && out};
    if (q0->n == 0 || c0->n == 0 || q0->n > 32 || c0->n > 32) {
        if (out) out->score = 0;
        return 0;
    }
    if (type == EMBARGO_TYPE_UNKNOWN && (has_org_word(q0) || has_org_word(c0)))
        type = EMBARGO_TYPE_ORGANIZATION;
    int org = type == EMBARGO_TYPE_ORGANIZATION;
    t.org = org;
    t.person = type == EMBARGO_TYPE_PERSON || type == EMBARGO_TYPE_UNKNOWN;
    /* an organisation's countries weighed as such (the explanation points
     * at the caller's strings, which the copies share) */
    emb_token qw[32], cw[32];
    emb_tokens qv, cv;
    const emb_tokens *q = q0, *c = c0;
    /* (the copies differ in weights only: the marks are the same) */
    side_marks qm, cm;
    if (qx)
        qm = (side_marks){qx->one, qx->two, qx->far, qx->art, qx->six, qx->flags};
    else
        side_marks_of(q0, &qm);
    side_marks_of(c0, &cm);
    if (org && (qm.flags & EMB_TOK_COUNTRY) && emb__weigh_countries(q0, qw, &qv)) q = &qv;
    if (org && (cm.flags & EMB_TOK_COUNTRY) && emb__weigh_countries(c0, cw, &cv)) c = &cv;
    t.qbase = q->tok;
    t.no_placed = qx && qx->no_placed;
    uint8_t qu[32] = {0}, cu[32] = {0};
    /* most names have no exact join either way: told at once, from the
     * join bits of all their tokens (pair_joins asks unpaired ones) */
    unsigned join_sides = ((qm.one & cm.two) ? 1u : 0u) | ((cm.one & qm.two) ? 2u : 0u);
    uint64_t runs[2] = {qm.two, cm.two};
    if (join_sides) emb__pair_joins(&t, q, c, qu, cu, 0, join_sides, runs);

    cand_pair cands[32 * 32];
    size_t nc = 0;
    /* (what the loop asks of each query word: compare's query, as a
     * screen's) */
    emb_score_query qx0;
    if (!qx) emb__score_query_prepare(q0, &qx0), qx = &qx0;
    uint16_t any = (org ? MEET_ANY_ORG : MEET_ANY) | EMB_TOK_ABJAD;
    for (uint32_t i = 0; i < q->n; i++) {
        if (qu[i]) continue;
        for (uint32_t j = 0; j < c->n; j++) {
            if (cu[j] || !may_meet(&q->tok[i], &c->tok[j], org, any, qx, i)) continue;
            embargo_pair_kind kind = EMBARGO_PAIR_EXACT;
            float s = token_sim(&q->tok[i], &c->tok[j], org, &kind);
            if (s <= 0) continue;
            cands[nc++] = (cand_pair){s, s * (q->tok[i].weight + c->tok[j].weight), (uint8_t)i,
                                      (uint8_t)j, (uint8_t)kind};
        }
    }
    /* Greedy one-to-one assignment, best gain first (insertion sort: small n). */
    for (size_t i = 1; i < nc; i++) {
        cand_pair tmp = cands[i];
        size_t j = i;
        while (j > 0 && (cands[j - 1].gain < tmp.gain ||
                         (cands[j - 1].gain == tmp.gain && cands[j - 1].sim < tmp.sim))) {
            cands[j] = cands[j - 1];
            j--;
        }
        cands[j] = tmp;
    }
    int8_t partner[32];
    memset(partner, -1, sizeof(partner));
    for (size_t k = 0; k < nc; k++) {
        cand_pair *p = &cands[k];
        if (qu[p->qi] || cu[p->ci]) continue;
        qu[p->qi] = cu[p->ci] = 1;
        partner[p->qi] = (int8_t)p->ci;
        const emb_token *qt = &q->tok[p->qi], *ct = &c->tok[p->ci];
        float sim0 = p->sim;
        /* In a screen, an edit between a query word that is itself a name
         * people bear and a listed one rather names another person than
         * misspells the listed one (Nikola Petkov ~ PESKOV, Nikolay). Looked
         * at once a pair is taken, not for every pair tried. (compare: the
         * caller paired them; the pair benchmark labels LeBron Jones ~
         * LeBron James the same.) */
        if (screening && p->kind == EMBARGO_PAIR_EDIT && !org && known_name(qt)) p->sim *= EMB_SIM_KNOWN_EDIT;
        else if (screening && p->kind == EMBARGO_PAIR_EDIT && !org && first_letter_other(qt, ct))
            p->sim *= EMB_SIM_KNOWN_EDIT;
        if (screening && !org && (p->kind == EMBARGO_PAIR_EDIT || p->kind == EMBARGO_PAIR_PHONETIC) &&
            family_to_given(q, p->qi, c, p->ci))
            p->sim *= EMB_SIM_FAMILY_GIVEN;
        if (out && p->sim != sim0) out->screened = 1;
        emb__record(&t, (embargo_pair_kind)p->kind, qt, ct, p->sim, qt->weight, ct->weight);
        if (substantive(qt) && substantive(ct) && p->kind != EMBARGO_PAIR_INITIAL) t.substance = 1;
    }
    /* joins of three among the leftovers (few: the greedy pass pairs
     * most words) */
    if (q->n != c->n) {
        uint32_t qsix = c->n >= 3 ? unpaired_of(qm.six, qu) : 0, csix = q->n >= 3 ? unpaired_of(cm.six, cu) : 0;
        if (qsix | csix) emb__pair_joins3(&t, q, c, qu, cu, qsix, csix);
    }
    if (qm.flags & EMB_TOK_INITIAL) emb__initial_words(&t, q, c, cu, partner);
    if (qm.art | cm.art) emb__pair_articles(&t, q, c, qu, cu, partner);
    uint32_t qf = unpaired_of(qm.far, qu);
    if (qf) emb__pair_far(&t, q, c, qu, cu, partner, qf, unpaired_of(cm.far, cu));
    pair_lone_misspelt(&t, q, c, qu, cu, partner);
    /* (q0: an organisation's copy q has no cut; a person's q is q0) */
    if (!org && q0->cut) emb__pair_cut(&t, q, c, qu, cu, partner);
    /* What the passes below can still add: a token they may pair
     * (pairable_weight) adds at most its weight to the agreement
     * (similarity 1 at most), the doubt only grows, every cost and factor
     * after them only lowers the score, and a word that stays unpaired
     * costs at least a share of what it weighs left out. In a person's
     * name: with U the omission weights a side leaves unpaired and X the
     * contradiction (its names' weights, the lesser side, and its legal
     * forms'), the costs below come to 2 EMB_CONFLICT X (a conflict weight
     * is at least the weight) + EMB_EXTRA_QUERY (Uq - X) + EMB_EXTRA_NAME
     * (Uc - X) at least (a listed surname costs more, what a one-word name
     * leaves unconfirmed too), so EMB_EXTRA_QUERY of each query word sure
     * to stay unpaired, EMB_EXTRA_NAME of each listed one, and 2
     * EMB_CONFLICT - EMB_EXTRA_QUERY - EMB_EXTRA_NAME of the lesser side's
     * names among them. In an organisation's, org_least. Where a name word
     * is sure to stay unpaired, the score is also scaled by what the
     * evidence can reach at most (below EMB_MIN_EVIDENCE: see the end of
     * emb__score_names and org_score). A screen that wants no score below
     * `min_score` (its threshold) is spared the rest when even that cannot
     * reach it (the margin covers sums taken in another order). */
    /* the query tokens that the joins and acronyms below may still pair
     * (pairable_weight): with none, neither pass pairs anything (~0: not
     * asked) */
    uint32_t late = ~(uint32_t)0;
    /* a title and a rare surname (titled_surname), asked once: -1 not yet */
    int titled = org || !(qm.flags & EMB_TOK_TITLE) ? 0 : -1;
    unsigned late_joins = 3; /* (the sides pair_joins asks) */
    uint32_t late_q = 0, late_c = 0; /* (the bound's pairable tokens: mq, mc) */
    if (min_score > 0) {
        double least = 0, names_q = 0, names_c = 0;
        uint32_t mq = 0, mc = 0;
        uint32_t starts_q = unpaired_starts(q, qu), starts_c = unpaired_starts(c, cu);
        /* (a lift that may still come, counted: lift_misspelt) */
        int may_lift = t.misspelt == 1 && t.unsure == 1; /* (sure may come) */
        double lifted = may_lift ? t.lift_q + t.lift_c : 0;
        /* nothing paired, and no first letter the two sides' unpaired
         * words share: the joins and acronyms pair nothing either (m is 0
         * below), and what the words left out cost need not be summed.
         * A tenth of a screen's candidates (typos the index met, which
         * the scorer does not pair). */
        if (!(starts_q & starts_c) && t.M + lifted <= 0) return 0;
        double add_q = pairable_weight(q, qu, starts_c, &least, &names_q, &mq, 0, org,
                                       (qm.flags & EMB_TOK_QUOTED) != 0);
        double m = t.M + add_q +
                   pairable_weight(c, cu, starts_q, &least, &names_c, &mc, 1, org,
                                   (cm.flags & EMB_TOK_QUOTED) != 0);
        m += lifted;
        /* names sure to stay unpaired on both sides contradict: X at least
         * the lesser side's, which costs 2 EMB_CONFLICT (a conflict weight
         * is at least the weight) less what it takes out of the words
         * only one side gives */
        if (!org)
            least += (2 * EMB_CONFLICT - EMB_EXTRA_QUERY - EMB_EXTRA_NAME) * (names_q < names_c ? names_q : names_c);
        /* the listed names a titled surname leaves out cost half (at most
         * what least took for them) */
        if (titled < 0) titled = titled_surname(q, c, qu, partner);
        if (titled) least -= 0.5 * EMB_EXTRA_NAME * names_c;
        if (m <= 0) return 0;
        double bound = m / (m + t.doubt_q + t.doubt_c - lifted + least);
        if (bound < min_score - 1e-9) return 0;
        /* the evidence at most: each query token paired adds its weight
         * at most, an acronym too; the initials that agree a quarter of the
         * listed weight they pair (a person's) */
        int person_like = !org && type != EMBARGO_TYPE_VESSEL;
        double e = t.evidence + add_q + (may_lift ? t.lift_q : 0);
        if (!org) {
            double add_c = m - lifted - t.M - add_q;
            e += t.initials_evidence + EMB_INITIAL_EVIDENCE * add_c;
        }
        if ((org || person_like) && e < EMB_MIN_EVIDENCE && bound * (e / EMB_MIN_EVIDENCE) < min_score - 1e-9 &&
            name_stays(q, c, qu, cu, mq, mc, org))
            return 0;
        late = mq;
        late_q = mq, late_c = mc;
        /* a join pairs a token of mq or mc with a run of two of the other
         * side's (the run's first letter is the token's) */
        late_joins = ((mc & mc >> 1) ? 1u : 0u) | ((mq & mq >> 1) ? 2u : 0u);
    }
    if (late) {
        if (late_joins) emb__pair_joins(&t, q, c, qu, cu, 3, late_joins, NULL);
        emb__pair_acronyms(&t, q, c, qu, cu);
    }
    /* No pair of substance: the score is 0 at most (below), which a screen
     * that wants one of min_score is spared working out. */
    if (min_score > 0 && !t.substance) return 0;
    /* The bound again, now that no pass is left to pair anything: every
     * word still unpaired stays so and costs its share (pairable_weight
     * with no letter to meet); the first bound took the words the joins
     * and acronyms might pair as agreeing in full, which in an
     * organisation's name of many words is most of them. */
    if (min_score > 0 && (late_q | late_c)) {
        double least = 0, names_q = 0, names_c = 0;
        uint32_t mq = 0, mc = 0;
        pairable_weight(q, qu, 0, &least, &names_q, &mq, 0, org, (qm.flags & EMB_TOK_QUOTED) != 0);
        pairable_weight(c, cu, 0, &least, &names_c, &mc, 1, org, (cm.flags & EMB_TOK_QUOTED) != 0);
        double lifted = t.misspelt == 1 && t.unsure == 1 ? t.lift_q + t.lift_c : 0;
        double m = t.M + lifted;
        if (!org)
            least += (2 * EMB_CONFLICT - EMB_EXTRA_QUERY - EMB_EXTRA_NAME) * (names_q < names_c ? names_q : names_c);
        if (titled) least -= 0.5 * EMB_EXTRA_NAME * names_c;
        if (m <= 0 || m / (m + t.doubt_q + t.doubt_c - lifted + least) < min_score - 1e-9) return 0;
    }
    if (t.misspelt) lift_misspelt(&t, q, c, qu, cu);

    double score;
    if (org) {
        score = org_score(&t, q, c, qu, cu,
                          ((qm.flags & EMB_TOK_QUOTED) ? 1 : 0) | ((cm.flags & EMB_TOK_QUOTED) ? 2 : 0));
        if (score >= min_score && q->n != c->n &&
            (emb__country_before_legal(q, qu, c, cu) || emb__country_before_legal(c, cu, q, qu)))
            score *= EMB_COUNTRY_CONFLICT;
        if (min_score > 0 && score < min_score) return 0; /* (as below) */
        /* One name (below, and docs/scoring.md): in a screen, a query of one
         * word against an organisation's name of one word (the weak aliases
         * SARA, JAD: Sara, Iyad) is only as sure as the name is rare. Not a
         * query that says it names an organisation or a thing (a legal
         * form, a generic, English or country word), and one token on each
         * side only: AL QA'IDA is its name (qaida weighs as a name many
         * bear, 0.77). */
        if (screening && q->n == 1 && c->n == 1 && t.evidence < score && !has_org_word(c0) &&
            !emb__org_worded(q0) && emb__query_name_borne(q, qu)) {
            if (t.evidence < EMB_MIN_EVIDENCE) score *= t.evidence / EMB_MIN_EVIDENCE;
            if (score > t.evidence) score = t.evidence;
        }
    } else {
        /* Unpaired tokens. Titles cost nothing; particles, connecting words and
         * legal forms can be missing but do not contradict. */
        double Uq = 0, Uc = 0, Sq = 0, Sc = 0, Lq = 0, Lc = 0, surname_missing = 0;
        double Cq = 0, Cc = 0; /* Sq, Sc as a contradiction weighs them (conflict_weight) */
        double unconfirmed = 0;
        int abu_left = 0; /* the list name leaves an Abu unpaired (kunya_dropped) */
        double half_q = 0; /* parts of half-paired query words (half_of_paired) */
        int query_legal = 0, one_word = one_written_word(c, cu), one_name = 0;
        for (uint32_t i = 0; i < q->n; i++)
            if (!qu[i] && !(q->tok[i].flags & EMB_TOK_TITLE)) {
                Uq += omission_weight(q, i, 0);
                /* A one-word list name (a vessel's, a mononym, Abdulaziz)
                 * leaves out no word the query gives: Sabrina Carpenter is
                 * not the vessel SABRINA, Abdulaziz bin Salman not every
                 * Abdul Aziz. The query's other names, a patronymic too,
                 * are unconfirmed and cost their full weight, not half of
                 * a word a list left out. Initials, numbers and words of
                 * two letters cost as before (SILVIA I; MV SABRINA, a
                 * vessel's prefix), and so does a word that may be a
                 * title (Hajee Abd al-Basir for the alias BASIR, Abdal). */
                if (one_word && substantive(&q->tok[i]) && q->tok[i].len > 2 &&
                    !(q->tok[i].flags & (EMB_TOK_INITIAL | EMB_TOK_NUMBER)) &&
                    !maybe_title(q, i, qu))
                    unconfirmed += EMB_EXTRA_QUERY_ONE * q->tok[i].weight -
                                   EMB_EXTRA_QUERY * omission_weight(q, i, 0);
                else if (t.q_sure && half_of_paired(&t, q, qu, i) && (q->tok[i].len > 3 || !particle_left(c, cu)))
                    half_q += omission_weight(q, i, 0);
                if (substantive(&q->tok[i])) Sq += q->tok[i].weight, Cq += conflict_weight(&q->tok[i]);
                if (q->tok[i].flags & EMB_TOK_LEGAL) Lq += q->tok[i].weight, query_legal = 1;
                if (t.want) explain(&t, EMBARGO_PAIR_QUERY_ONLY, &q->tok[i], NULL, 0, q->tok[i].weight);
            }
        for (uint32_t j = 0; j < c->n; j++)
            if (!cu[j] && !(c->tok[j].flags & EMB_TOK_TITLE)) {
                Uc += omission_weight(c, j, 1);
                abu_left |= is_abu(&c->tok[j]);
                if (c->tok[j].flags & EMB_TOK_SURNAME) surname_missing += c->tok[j].weight;
                if (substantive(&c->tok[j])) Sc += c->tok[j].weight, Cc += conflict_weight(&c->tok[j]);
                if (c->tok[j].flags & EMB_TOK_LEGAL) Lc += c->tok[j].weight;
                if (t.want) explain(&t, EMBARGO_PAIR_NAME_ONLY, NULL, &c->tok[j], 0, c->tok[j].weight);
            }
        if (titled < 0) titled = titled_surname(q, c, qu, partner);
        if (titled) Uc -= titled_given_cut(c, cu);
        /* Contradicting names, and contradicting legal forms (an AG is not a
         * GmbH); a legal form missing on one side is only missing. */
        double Xn = Sq < Sc ? Sq : Sc, Xl = Lq < Lc ? Lq : Lc, X = Xn + Xl;
        double Xc = Cq < Cc ? Cq : Cc;
        double extra_q = Uq > X ? Uq - X : 0, extra_c = Uc > X ? Uc - X : 0;
        /* A listed surname the query leaves out (Juan Carlos against MESA
         * VALLEJO, Juan Carlos) costs as much as a query word the list lacks. */
        double surname_extra = surname_missing < extra_c ? surname_missing : extra_c;
        /* The part of a query word the list gives only in part (Kim
         * Sul-song against KIM, Song) is not a name the list left out: the
         * list does not confirm it, and it costs as a word a one-word name
         * leaves unconfirmed. Not a short part where the list leaves a
         * particle out, which the part may be, misspelt (Bashar xal-Assad); nor the other
         * way round: a query may well give one of two given names the list
         * writes joined (Ilie Bolojan for Ilie-Gabriel BOLOJAN). */
        if (half_q > extra_q) half_q = extra_q;
        unconfirmed += (EMB_EXTRA_QUERY_ONE - EMB_EXTRA_QUERY) * half_q;
        double cost = t.doubt_q + t.doubt_c + 2 * EMB_CONFLICT * Xc + 2 * EMB_LEGAL_CONFLICT * Xl +
                      EMB_EXTRA_QUERY * extra_q +
                      EMB_EXTRA_NAME * (extra_c - surname_extra) + EMB_EXTRA_QUERY * surname_extra +
                      unconfirmed;
        score = 0;
        if (t.substance && t.M > 0) score = t.M / (t.M + cost);
        /* (everything below only lowers the score: a screen is spared it
         * below its threshold) */
        if (min_score > 0 && score < min_score) return 0;
        /* Agreement on one common word is not enough when either name says more:
         * "Said" is not SA'ID, Mohamed. Ordinary English words count for less
         * here. Two names that agree word for word are another matter, and so
         * are two that agree in full but for a typo, unless all they share is
         * a word or two of English. Ships are the exception: they are named
         * with ordinary words (Victory, Graceful). */
        /* Two initials or more that agree with the listed given names,
         * where every name of the query is paired, narrow the namesakes of
         * a surname: D. B. Kravchenko is one of few. One initial (S.
         * Miller), or initials beside a name the list lacks, do not. */
        if (t.initials >= 2 && Sq == 0) t.evidence += t.initials_evidence;
        /* A name the query writes out that the list gives only as an
         * initial (Ahmed Alhowimel against the alias AHMED, A.) is one the
         * list does not confirm: the query says more. */
        /* In a screen, a query of one written name (Hussein, Abdulaziz, bin
         * Abdulaziz) is only as sure as that name is rare, whatever the list
         * says: every bearer of the name is a namesake, and a one-word list
         * name (the weak alias HUSSEIN) confirms no more than the word. A
         * word's weight, 0.15 + 0.85 idf with idf = log(N / df) / log N, is
         * about the share of the information that singles out one of the N
         * names counted (src/text/freq.h); the evidence E is what the paired
         * words carry of it, and the score is at most E (and scaled by E /
         * EMB_MIN_EVIDENCE below that, as when the names say different
         * things). Hussein ~ HUSSEIN 0.900 -> 0.61, Rashid ~ RASHID, Badr
         * 0.81 -> 0.72; Putin ~ PUTIN, Vladimir 0.882 stays. A vessel's name
         * is its whole name (Mona ~ MONA), but not another spelling of it
         * (Hassan ~ HASNA) nor a part of a longer one (Sara ~ SARA II).
         * compare is not a screen: the caller
         * paired the names (the pair benchmark labels Moshe ~ משה the
         * same). docs/scoring.md, "One name". */
        /* (only where it may bind: the evidence, abdul aside, below the
         * score) */
        /* In a screen, given names of one group count less (given_equiv);
         * compare is not a screen: the pair benchmark labels John Doe ~
         * Juan Doe a match. */
        int equiv = screening && t.equiv_cut > 0;
        if (equiv) t.evidence -= t.equiv_cut;
        /* ... and a query of one word, the article and a name written
         * together, names a family as Al-Ghamdi does (record_join) */
        if (screening && q->n == 1) t.evidence -= t.article_cut;
        if (screening && q->n <= 4 && t.evidence - t.abdul_evidence < score &&
            one_name_query(q, c, qu, cu, partner)) {
            one_name = 1;
            /* Abd al- ("servant of") begins most Arabic names, and Abd
             * al-Rahman says of its bearer what Rahman says: where the list
             * name says more (ABD AL-RAHMAN, Atiyah), the query is one of
             * its names, and abdul adds nothing to which bearer it is. (A
             * list name that is the compound and no more, HAQ, Abdul, is
             * the query's namesake: counted in full, as it was.) */
            if (Sc > 0) t.evidence -= t.abdul_evidence;
        }
        if (type != EMBARGO_TYPE_VESSEL && t.evidence < EMB_MIN_EVIDENCE &&
            (Sq + Sc + Lq + Lc > 0 || t.word_to_initial || equiv || one_name ||
             (t.inexact && t.evidence < EMB_MIN_EVIDENCE / 2)))
            score *= t.evidence / EMB_MIN_EVIDENCE;
        if (one_name && (type != EMBARGO_TYPE_VESSEL || t.inexact || Sc > 0) && score > t.evidence) score = t.evidence;
        /* (see emb__score_screen) */
        if (screening && type != EMBARGO_TYPE_UNKNOWN && query_legal) score *= EMB_LEGAL_FORM_PERSON;
        if (abu_left && t.person && kunya_dropped(q, c, cu, partner)) score *= EMB_KUNYA;
        if (t.person && initial_order_swapped(q, c, partner)) score *= EMB_REVERSED_BIN;
        if (screening && t.person && swapped_unsure(q, c, partner)) score *= EMB_SWAPPED_UNSURE;
    }
    if (bin_reversed(q, c, partner, cu)) score *= EMB_REVERSED_BIN;
    if (out) out->score = score;
    return score;
}

double emb__score_names(const emb_tokens *q, const emb_tokens *c, embargo_entity_type type,
                        emb_score *out, int want) {
    return score_names(q, c, type, out, want, 0, 0, NULL);
}

double emb__score_screen(const emb_tokens *q, const emb_tokens *c, embargo_entity_type type,
                         double min_score) {
#ifdef EMB_FIT
    /* fitted constants may break the order the bound relies on */
    min_score = 0;
#endif
    return score_names(q, c, type, NULL, 0, 1, min_score, NULL);
}

void emb__score_query_prepare(const emb_tokens *q, emb_score_query *qx) {
    side_marks m = {0};
    if (q->n <= 32) side_marks_of(q, &m); /* (more: score_names scores 0) */
    qx->q = q;
    qx->one = m.one;
    qx->two = m.two;
    qx->far = m.far;
    qx->art = m.art;
    qx->six = m.six;
    qx->flags = m.flags;
    for (uint32_t i = 0; i < q->n && i < 32; i++) {
        const emb_token *t = &q->tok[i];
        qx->far_first[i] = !t->aklen[0] && !t->lklen ? 0 : far_firsts(t);
        uint8_t kb2 = BUDGET2[t->klen];
        qx->kb2[0][i] = t->flags & MEET_ANY ? 255 : kb2;
        qx->kb2[1][i] = t->flags & MEET_ANY_ORG ? 255 : kb2;
        qx->tb2[i] = BUDGET2[t->len];
    }
    qx->no_placed = 0;
}

double emb__score_screen_ctx(const emb_score_query *qx, const emb_tokens *c, embargo_entity_type type,
                             double min_score, emb_score *out) {
#ifdef EMB_FIT
    min_score = 0;
#endif
    /* (the pairs a screen records are compare's but where its own doubt
     * lowered one: the tally, and with it what the later passes pair, may
     * then differ; and the joins and acronyms it skips pair nothing) */
    return score_names(qx->q, c, type, out, out != NULL, 1, min_score, qx);
}

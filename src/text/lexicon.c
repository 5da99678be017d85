/*
 * lexicon.c - tables of titles, particles, connecting words, generic
 * organisation words, legal forms, countries in names and number words; see
 * lexicon.h.
 *
 * The tables are small and sorted by hand where binary search is used; a
 * unit test checks the order. Legal forms are matched as token phrases,
 * longest first, after the tokeniser has split "o.o.o." and joined single
 * letters ("l l c" arrives as "llc").
 */
#include "lexicon.h"
#include "country.h"
#include "../base/cpu.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef struct { const char *word; unsigned flags; const char *canon; } lex_word;

/* Sorted by word (strcmp order). */
static const lex_word WORDS[] = {
    {"abou", EMB_LEX_PARTICLE, "abu"},
    {"abu", EMB_LEX_PARTICLE, "abu"},
    {"admiral", EMB_LEX_TITLE, NULL},
    {"al", EMB_LEX_PARTICLE, "al"},
    {"ambassador", EMB_LEX_TITLE, NULL},
    {"and", EMB_LEX_STOP, NULL},
    {"ayatollah", EMB_LEX_TITLE, NULL},
    {"bank", EMB_LEX_ORGWORD, NULL},
    {"ben", EMB_LEX_PARTICLE, "bin"},
    {"bin", EMB_LEX_PARTICLE, "bin"},
    {"bint", EMB_LEX_PARTICLE, "bint"},
    {"binti", EMB_LEX_PARTICLE, "bint"},
    {"capt", EMB_LEX_TITLE, NULL},
    {"captain", EMB_LEX_TITLE, NULL},
    {"chairman", EMB_LEX_TITLE, NULL},
    {"col", EMB_LEX_TITLE, NULL},
    {"colonel", EMB_LEX_TITLE, NULL},
    {"companies", EMB_LEX_ORGWORD, NULL},
    {"comrade", EMB_LEX_TITLE, NULL},
    {"concern", EMB_LEX_ORGWORD, NULL},
    {"cumhurbaskani", EMB_LEX_TITLE, NULL},
    {"da", EMB_LEX_PARTICLE, "da"},
    {"das", EMB_LEX_PARTICLE, "das"},
    {"de", EMB_LEX_PARTICLE, "de"},
    {"del", EMB_LEX_PARTICLE, "del"},
    {"della", EMB_LEX_PARTICLE, "della"},
    {"den", EMB_LEX_PARTICLE, "den"},
    {"der", EMB_LEX_PARTICLE, "der"},
    {"des", EMB_LEX_PARTICLE, "des"},
    {"di", EMB_LEX_PARTICLE, "di"},
    {"do", EMB_LEX_PARTICLE, "do"},
    {"dos", EMB_LEX_PARTICLE, "dos"},
    {"dr", EMB_LEX_TITLE, NULL},
    {"du", EMB_LEX_PARTICLE, "du"},
    {"el", EMB_LEX_PARTICLE, "al"},
    {"emir", EMB_LEX_TITLE, NULL},
    {"enterprise", EMB_LEX_ORGWORD, NULL},
    {"enterprises", EMB_LEX_ORGWORD, NULL},
    {"et", EMB_LEX_STOP, NULL},
    {"europe", EMB_LEX_ORGWORD, NULL}, /* the region a group's company serves, as International */
    {"excellency", EMB_LEX_TITLE, NULL},
    {"firm", EMB_LEX_ORGWORD, NULL},
    {"for", EMB_LEX_STOP, NULL},
    {"frau", EMB_LEX_TITLE, NULL},
    {"gen", EMB_LEX_TITLE, NULL},
    {"general", EMB_LEX_TITLE, NULL},
    {"gospodin", EMB_LEX_TITLE, NULL},
    {"group", EMB_LEX_ORGWORD, NULL},
    {"groups", EMB_LEX_ORGWORD, NULL},
    {"grupp", EMB_LEX_ORGWORD, NULL},
    {"gruppa", EMB_LEX_ORGWORD, NULL},
    {"haji", EMB_LEX_TITLE, NULL},
    {"hajj", EMB_LEX_TITLE, NULL},
    {"hajji", EMB_LEX_TITLE, NULL},
    {"herr", EMB_LEX_TITLE, NULL},
    {"his", EMB_LEX_TITLE, NULL},
    {"holding", EMB_LEX_ORGWORD, NULL},
    {"holdings", EMB_LEX_ORGWORD, NULL},
    {"hon", EMB_LEX_TITLE, NULL},
    {"honorable", EMB_LEX_TITLE, NULL},
    {"honourable", EMB_LEX_TITLE, NULL},
    {"ibn", EMB_LEX_PARTICLE, "bin"},
    {"imam", EMB_LEX_TITLE, NULL},
    {"in", EMB_LEX_STOP, NULL},
    {"industries", EMB_LEX_ORGWORD, NULL},
    {"international", EMB_LEX_ORGWORD, NULL},
    {"judge", EMB_LEX_TITLE, NULL},
    {"kholding", EMB_LEX_ORGWORD, NULL},
    {"kompaniya", EMB_LEX_ORGWORD, NULL},
    {"kontsern", EMB_LEX_ORGWORD, NULL},
    {"la", EMB_LEX_PARTICLE, "la"},
    {"lawmaker", EMB_LEX_TITLE, NULL},
    {"le", EMB_LEX_PARTICLE, "le"},
    {"lieutenant", EMB_LEX_TITLE, NULL},
    {"lt", EMB_LEX_TITLE, NULL},
    {"madame", EMB_LEX_TITLE, NULL},
    {"maj", EMB_LEX_TITLE, NULL},
    {"major", EMB_LEX_TITLE, NULL},
    {"maulana", EMB_LEX_TITLE, NULL},
    {"maulvi", EMB_LEX_TITLE, NULL},
    {"mawlawi", EMB_LEX_TITLE, NULL},
    {"minister", EMB_LEX_TITLE, NULL},
    {"mister", EMB_LEX_TITLE, NULL},
    {"mlle", EMB_LEX_TITLE, NULL},
    {"mme", EMB_LEX_TITLE, NULL},
    {"monsieur", EMB_LEX_TITLE, NULL},
    {"mr", EMB_LEX_TITLE, NULL},
    {"mrs", EMB_LEX_TITLE, NULL},
    {"ms", EMB_LEX_TITLE, NULL},
    {"mufti", EMB_LEX_TITLE, NULL},
    {"mullah", EMB_LEX_TITLE, NULL},
    {"of", EMB_LEX_STOP, NULL},
    {"on", EMB_LEX_STOP, NULL},
    {"ould", EMB_LEX_PARTICLE, "bin"},
    {"praesident", EMB_LEX_TITLE, NULL},
    {"prasident", EMB_LEX_TITLE, NULL},
    {"predpriyatie", EMB_LEX_ORGWORD, NULL},
    {"predsedatel", EMB_LEX_TITLE, NULL},
    {"predsednik", EMB_LEX_TITLE, NULL},
    {"predsjednik", EMB_LEX_TITLE, NULL},
    {"presedinte", EMB_LEX_TITLE, NULL},
    {"presedintele", EMB_LEX_TITLE, NULL},
    {"presiden", EMB_LEX_TITLE, NULL},
    {"president", EMB_LEX_TITLE, NULL},
    {"presidente", EMB_LEX_TITLE, NULL},
    {"presidentti", EMB_LEX_TITLE, NULL},
    {"prezident", EMB_LEX_TITLE, NULL},
    {"prezydent", EMB_LEX_TITLE, NULL},
    {"prime", EMB_LEX_TITLE, NULL},
    {"prince", EMB_LEX_TITLE, NULL},
    {"princess", EMB_LEX_TITLE, NULL},
    {"proedros", EMB_LEX_TITLE, NULL},
    {"prof", EMB_LEX_TITLE, NULL},
    {"professor", EMB_LEX_TITLE, NULL},
    {"rabbi", EMB_LEX_TITLE, NULL},
    {"rep", EMB_LEX_TITLE, NULL},
    {"rev", EMB_LEX_TITLE, NULL},
    {"reverend", EMB_LEX_TITLE, NULL},
    {"sen", EMB_LEX_TITLE, NULL},
    {"senator", EMB_LEX_TITLE, NULL},
    {"senor", EMB_LEX_TITLE, NULL},
    {"senora", EMB_LEX_TITLE, NULL},
    {"service", EMB_LEX_ORGWORD, NULL},
    {"services", EMB_LEX_ORGWORD, NULL},
    {"sgt", EMB_LEX_TITLE, NULL},
    {"shaikh", EMB_LEX_TITLE, NULL},
    {"shaykh", EMB_LEX_TITLE, NULL},
    {"sheik", EMB_LEX_TITLE, NULL},
    {"sheikh", EMB_LEX_TITLE, NULL},
    {"sir", EMB_LEX_TITLE, NULL},
    {"the", EMB_LEX_STOP, NULL},
    {"trading", EMB_LEX_ORGWORD, NULL},
    {"ul", EMB_LEX_PARTICLE, "al"},
    {"und", EMB_LEX_STOP, NULL},
    {"van", EMB_LEX_PARTICLE, "van"},
    {"von", EMB_LEX_PARTICLE, "von"},
    {"y", EMB_LEX_PARTICLE, "y"},
    {"zu", EMB_LEX_PARTICLE, "zu"},
};

static int cmp_tok(const char *tok, size_t len, const char *word) {
    /* strncmp(tok, word, len) written out: the words differ within a
     * letter or two, and the binary searches call this on every token */
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)tok[i], b = (unsigned char)word[i];
        if (a != b) return a < b ? -1 : 1;
        if (!a) return 0;
    }
    return word[len] ? -1 : 0;
}

unsigned emb__lexicon_flags(const char *tok, size_t len, const char **canon) {
    size_t lo = 0, hi = sizeof(WORDS) / sizeof(WORDS[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_tok(tok, len, WORDS[mid].word);
        if (c == 0) {
            if (canon) *canon = WORDS[mid].canon;
            return WORDS[mid].flags;
        }
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    if (canon) *canon = NULL;
    return 0;
}

/* ---- legal forms ---------------------------------------------------------- */

/* Class ids; the tens digit is the family. */
enum {
    LF_LLC = 10, LF_LTD, LF_GMBH, LF_SRL, LF_SPZOO, LF_BV, LF_PTY, LF_GMBH_CO,
    LF_JSC = 20, LF_OJSC, LF_PJSC, LF_CJSC, LF_AG, LF_SA, LF_NV, LF_PLC, LF_JSCB,
    LF_INC = 30, LF_CORP, LF_CO, LF_CORPORATION, /* (Corporation written out) */
    LF_LLP = 40, LF_LP,
    LF_FZE = 50, LF_FZLLC,
    /* Russian and Belarusian state enterprises: federal state unitary
     * (FGUP), state unitary (GUP), unitary, federal treasury or state
     * enterprise (FKP), state enterprise (the Ukrainian DP, the Russian GP).
     * Not the federal state budgetary institution (FGBU): read as a form,
     * it leaves BANK ROSSI of the Central Bank's alias "BANK ROSSI, FEDERAL
     * STATE BUDGETARY INSTITUTION", one typo from BANK ROSSIYA, another bank */
    LF_FSUE = 60, LF_SUE, LF_UE, LF_FKP, LF_SE
};

/* A phrase of normalised tokens, kept as its first word (with its length,
 * known at compile time, so that most tokens are turned away by a length
 * comparison) and the space-separated rest. `end`: a form only when it ends
 * the name or only legal forms follow it; AS (the Turkish A.S.), elsewhere
 * the Arabic article (as-Salam), is a form only there.
 *
 * The Bulgarian forms (EOOD, OOD, EAD, AD) and PVT alone (the Indian
 * Pvt. Ltd. cut short) are forms there only: queries drop them (INT INVEST
 * for INT INVEST EOOD, 0.557 read as a word), and a query that adds another
 * form after them (NUMERICAL GAMES OOD LLC) still reads them as forms, of
 * the class they are (OOD a limited liability company, AD a joint-stock
 * one: NATIONAL LOTTERY OOD and NATIONAL LOTTERY AD are two companies).
 * Elsewhere AD is a word or initials (AD DIN, A. D. Smith), OOD a word;
 * AD and EAD are forms only after two words of the name at least, and
 * written as words (`named`): written with dots or after one word only
 * they are initials (Smith A.D., SMITH AD).
 * Left out on purpose: forms that lists write but a screened name seldom
 * swaps, and that are words or names elsewhere too (the Finnish Oy; KG
 * alone; DMCC): read as words, they pair as written. The Lebanese SAL is read, at the end
 * of a name, as the societe anonyme libanaise it is, which queries write
 * out (ARAMOUN 1506 SAL, aramoun 1506 societe anonyme libanaise); and GmbH &
 * Co. KG as one form, which queries cut short (GMBH & CO.). */
typedef struct {
    const char *first;
    size_t first_len;
    const char *rest;
    uint16_t cls;
    uint8_t end;   /* only where it ends the name or legal forms follow it */
    uint8_t named; /* and after two words of the name, not written with dots */
    const char *name;
} legal_form;
#define LF(first, rest, cls, name) {first, sizeof(first) - 1, rest, cls, 0, 0, name}
#define LF_END(first, cls, name) {first, sizeof(first) - 1, "", cls, 1, 0, name}
#define LF_END_NAMED(first, cls, name) {first, sizeof(first) - 1, "", cls, 1, 1, name}

/* Longer phrases first within the same first word is not required: the
 * matcher tries all and keeps the longest. */
static const legal_form LEGAL[] = {
    LF("limited", "liability company", LF_LLC, "llc"),
    LF("limited", "liability partnership", LF_LLP, "llp"),
    LF("limited", "partnership", LF_LP, "lp"),
    LF("llc", "", LF_LLC, "llc"),
    LF("ooo", "", LF_LLC, "llc"),
    LF("obshchestvo", "s ogranichennoy otvetstvennostyu", LF_LLC, "llc"),
    LF("obshestvo", "s ogranichennoi otvetstvennostiu", LF_LLC, "llc"),
    LF("tov", "", LF_LLC, "llc"),
    LF("too", "", LF_LLC, "llc"),
    LF("mchj", "", LF_LLC, "llc"),
    LF("wll", "", LF_LLC, "llc"),  /* Gulf: with limited liability */
    LF("with", "limited liability", LF_LLC, "llc"),
    LF("ltd", "", LF_LTD, "ltd"),
    LF_END("pvt", LF_LTD, "ltd"),  /* Pvt. Ltd. cut short */
    LF("limited", "", LF_LTD, "ltd"),
    LF("pte", "ltd", LF_LTD, "ltd"),
    LF("pvt", "ltd", LF_LTD, "ltd"),
    LF("pvt", "limited", LF_LTD, "ltd"),
    LF("private", "limited", LF_LTD, "ltd"),
    LF("limited", "sirketi", LF_LTD, "ltd"), /* Turkish Limited Sirketi, Ltd. Sti. */
    LF("ltd", "sti", LF_LTD, "ltd"),
    LF("ltd", "sirketi", LF_LTD, "ltd"),
    LF("limited", "sti", LF_LTD, "ltd"),
    LF("sdn", "bhd", LF_LTD, "ltd"),         /* Malaysian Sendirian Berhad */
    LF("sendirian", "berhad", LF_LTD, "ltd"),
    LF("uab", "", LF_LTD, "ltd"),            /* Lithuanian */
    LF("pty", "ltd", LF_PTY, "pty ltd"),
    LF("pty", "", LF_PTY, "pty ltd"),
    LF("gmbh", "", LF_GMBH, "gmbh"),
    LF("mbh", "", LF_GMBH, "gmbh"),
    LF("gmbh", "co kg", LF_GMBH_CO, "gmbh co kg"), /* GmbH & Co. KG, a KG of a GmbH */
    LF("gmbh", "co", LF_GMBH_CO, "gmbh co kg"),
    LF("gmbh", "and co kg", LF_GMBH_CO, "gmbh co kg"),
    LF("gmbh", "and co", LF_GMBH_CO, "gmbh co kg"),
    LF("gesellschaft", "mit beschrankter haftung", LF_GMBH, "gmbh"),
    LF("gesellschaft", "mit beschraenkter haftung", LF_GMBH, "gmbh"),
    LF("srl", "", LF_SRL, "srl"),
    LF("sarl", "", LF_SRL, "srl"),
    LF("societatea", "cu raspundere limitata", LF_SRL, "srl"),
    LF("societe", "a responsabilite limitee", LF_SRL, "srl"),
    LF("sociedad", "de responsabilidad limitada", LF_SRL, "srl"),
    LF("s", "de rl", LF_SRL, "srl"), /* S. de R.L. (de C.V.) */
    LF("s", "de rl de cv", LF_SRL, "srl"),
    LF("ltda", "", LF_SRL, "srl"),   /* Limitada */
    LF("limitada", "", LF_SRL, "srl"),
    LF("cia", "ltda", LF_SRL, "srl"),
    LF("sp", "z o o", LF_SPZOO, "sp z o.o."),
    LF("sp", "z oo", LF_SPZOO, "sp z o.o."), /* o.o. written with dots: one token */
    LF("spzoo", "", LF_SPZOO, "sp z o.o."),
    LF("spolka", "z ograniczona odpowiedzialnoscia", LF_SPZOO, "sp z o.o."),
    LF("bv", "", LF_BV, "bv"),
    LF("sro", "", LF_SRL, "srl"),
    LF("doo", "", LF_SRL, "srl"),
    LF("kft", "", LF_SRL, "srl"),
    LF_END("ood", LF_LLC, "llc"),  /* Bulgarian: limited liability company */
    LF_END("eood", LF_LLC, "llc"), /* ... of one owner */
    LF("jsc", "", LF_JSC, "jsc"),
    LF_END_NAMED("ad", LF_JSC, "jsc"),   /* Bulgarian: joint-stock company */
    LF_END_NAMED("ead", LF_JSC, "jsc"),  /* ... of one owner */
    LF("joint", "stock company", LF_JSC, "jsc"),
    LF("joint", "stock co", LF_JSC, "jsc"),
    LF("ao", "", LF_JSC, "jsc"),
    LF("aktsionernoe", "obshchestvo", LF_JSC, "jsc"),
    LF("aktsionernoye", "obshchestvo", LF_JSC, "jsc"),
    LF("otkrytoe", "aktsionernoe obshchestvo", LF_OJSC, "ojsc"),
    LF("publichnoe", "aktsionernoe obshchestvo", LF_PJSC, "pjsc"),
    LF("zakrytoe", "aktsionernoe obshchestvo", LF_CJSC, "cjsc"),
    LF("ojsc", "", LF_OJSC, "ojsc"),
    LF("oao", "", LF_OJSC, "ojsc"),
    LF("open", "joint stock company", LF_OJSC, "ojsc"),
    LF("pjsc", "", LF_PJSC, "pjsc"),
    LF("pao", "", LF_PJSC, "pjsc"),
    LF("public", "joint stock company", LF_PJSC, "pjsc"),
    LF("cjsc", "", LF_CJSC, "cjsc"),
    LF("zao", "", LF_CJSC, "cjsc"),
    LF("closed", "joint stock company", LF_CJSC, "cjsc"),
    /* a joint-stock commercial bank (AKB, JSCB); "bank" stays a word of
     * the name, as the generic word it is (JOINT STOCK COMMERCIAL BANK -
     * BANK OF MOSCOW is no closer to MOSCOW INDUSTRIAL BANK for it) */
    LF("joint", "stock commercial", LF_JSCB, "jscb"),
    LF("jscb", "", LF_JSCB, "jscb"),
    LF("akb", "", LF_JSCB, "jscb"),
    LF("ag", "", LF_AG, "ag"),
    LF("aktiengesellschaft", "", LF_AG, "ag"),
    LF("sa", "", LF_SA, "sa"),
    LF("sas", "", LF_SA, "sa"),
    LF("spa", "", LF_SA, "sa"),
    LF("sociedad", "anonima", LF_SA, "sa"),
    LF("societe", "anonyme", LF_SA, "sa"),
    LF("societe", "anonyme libanaise", LF_SA, "sa"), /* the Lebanese SAL */
    LF_END("sal", LF_SA, "sa"),
    LF("sa", "de cv", LF_SA, "sa"),
    LF("sac", "", LF_SA, "sa"),        /* Peruvian sociedad anonima cerrada */
    LF("sociedad", "anonima cerrada", LF_SA, "sa"),
    LF("anonim", "sirketi", LF_SA, "sa"), /* Turkish Anonim Sirketi, A.S. */
    LF_END("as", LF_SA, "sa"),
    LF("nv", "", LF_NV, "nv"),
    LF("plc", "", LF_PLC, "plc"),
    LF("public", "limited company", LF_PLC, "plc"),
    LF("bhd", "", LF_PLC, "plc"),      /* Malaysian Berhad: a public company */
    LF("berhad", "", LF_PLC, "plc"),
    LF("inc", "", LF_INC, "inc"),
    LF("incorporated", "", LF_INC, "inc"),
    LF("corp", "", LF_CORP, "corp"),
    LF("corporation", "", LF_CORPORATION, "corp"),
    LF("co", "", LF_CO, "co"),
    LF("company", "", LF_CO, "co"),
    LF("llp", "", LF_LLP, "llp"),
    LF("lp", "", LF_LP, "lp"),
    LF("fze", "", LF_FZE, "fze"),
    LF("fzco", "", LF_FZE, "fze"),
    LF("fzc", "", LF_FZE, "fze"),
    LF("fz", "co", LF_FZE, "fze"),
    LF("free", "zone establishment", LF_FZE, "fze"),
    LF("free", "zone company", LF_FZE, "fze"),
    LF("fz", "llc", LF_FZLLC, "fz llc"),
    LF("llc", "fz", LF_FZLLC, "fz llc"),
    LF("free", "zone llc", LF_FZLLC, "fz llc"),
    LF("federal", "state unitary enterprise", LF_FSUE, "fsue"),
    LF("fgup", "", LF_FSUE, "fsue"),
    LF("fsue", "", LF_FSUE, "fsue"),
    LF("federalnoe", "gosudarstvennoe unitarnoe predpriyatie", LF_FSUE, "fsue"),
    LF("state", "unitary enterprise", LF_SUE, "sue"),
    LF("gup", "", LF_SUE, "sue"),
    LF("state", "enterprise", LF_SE, "se"),
    LF("state", "owned enterprise", LF_SE, "se"),
    LF("federal", "state enterprise", LF_FKP, "fkp"),
    LF("unitary", "enterprise", LF_UE, "ue"),
    LF("municipal", "unitary enterprise", LF_UE, "ue"),
    LF("republican", "unitary enterprise", LF_UE, "ue"),
    LF("rue", "", LF_UE, "ue"), /* Belarusian: republican unitary enterprise */
    LF("fkp", "", LF_FKP, "fkp"),
};

/* Whether a word is within one typo of a long one-word legal form
 * (Aktiengeselschaft, Corporaton): those words are too long to be names. */
static int near_word(const char *w, size_t wl, const emb_strref *t) {
    if (wl < 7 || t->len + 1 < wl || t->len > wl + 1) return 0;
    if (t->len == wl) { /* one adjacent transposition */
        size_t i = 0;
        while (i < wl && w[i] == t->s[i]) i++;
        if (i + 1 < wl && w[i] == t->s[i + 1] && w[i + 1] == t->s[i] &&
            memcmp(w + i + 2, t->s + i + 2, wl - i - 2) == 0)
            return 1;
    }
    size_t i = 0, j = 0;
    int edits = 0;
    while (i < wl && j < t->len) {
        if (w[i] == t->s[j]) { i++; j++; continue; }
        if (++edits > 1) return 0;
        if (wl > t->len) i++;
        else if (t->len > wl) j++;
        else { i++; j++; }
    }
    edits += (int)((wl - i) + (t->len - j));
    return edits <= 1;
}

/* The typos a word of a phrase may carry: the other words of the phrase
 * vouch for it (LIMITED LIABOLIT COMPANY, JOINT STOCOK COMPANY), so one in
 * a word of five letters or more and two from eight. */
static unsigned phrase_budget(size_t wl) {
    return wl >= 8 ? 2 : wl >= 5 ? 1 : 0;
}

/* Whether t is within `max` (1 or 2) edits of w: insertions, deletions,
 * substitutions and swaps of adjacent letters (the optimal string alignment
 * distance), computed in the band |i - j| <= max only. */
enum { TYPO_MAXLEN = 40 };
static uint32_t letters(const char *s, size_t n) {
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++) m |= 1u << ((unsigned char)s[i] & 31);
    return m;
}
/* Whether the set m has more than `max` members. */
static int more_than(uint32_t m, unsigned max) {
    return emb__popcount(m) > max;
}
static int within_typos(const char *w, size_t wl, const emb_strref *t, unsigned max) {
    size_t tl = t->len;
    if (wl >= TYPO_MAXLEN || tl >= TYPO_MAXLEN || tl + max < wl || wl + max < tl) return 0;
    /* each edit brings in one letter and takes out one at most: most words
     * fail on their letters, before the table */
    uint32_t a = letters(w, wl), b = letters(t->s, tl);
    if (more_than(a & ~b, max) || more_than(b & ~a, max)) return 0;
    const unsigned far = max + 1;
    unsigned rows[3][TYPO_MAXLEN + 1]; /* rows i-2, i-1, i of the table */
    for (size_t j = 0; j <= tl; j++) rows[0][j] = j <= max ? (unsigned)j : far;
    unsigned *pp = NULL, *prev = rows[0], *cur = rows[1];
    for (size_t i = 1; i <= wl; i++) {
        unsigned best = far;
        /* the band of row i; the cells either side of it, which the next
         * row reads, are far (the rows are reused) */
        size_t lo = i > max ? i - max : 0, hi = i + max < tl ? i + max : tl;
        if (lo > 0) cur[lo - 1] = far;
        if (hi < tl) cur[hi + 1] = far;
        for (size_t j = lo; j <= hi; j++) {
            unsigned d;
            if (j == 0) d = (unsigned)i;
            else {
                unsigned sub = prev[j - 1] + (w[i - 1] != t->s[j - 1]);
                unsigned del = prev[j] + 1, ins = cur[j - 1] + 1;
                d = sub < del ? sub : del;
                if (ins < d) d = ins;
                if (pp && i > 1 && j > 1 && w[i - 1] == t->s[j - 2] &&
                    w[i - 2] == t->s[j - 1] && pp[j - 2] + 1 < d)
                    d = pp[j - 2] + 1;
            }
            if (d > far) d = far;
            cur[j] = d;
            if (d < best) best = d;
        }
        if (best > max) return 0;
        unsigned *spare = pp ? pp : rows[2];
        pp = prev;
        prev = cur;
        cur = spare;
    }
    return prev[tl] <= max;
}

/* Matches the words of `rest` (space-separated, maybe empty) against
 * tok[0..n); returns how many tokens they span plus one (for the first word,
 * already matched), or 0. With `fuzzy`, each word may carry the typos of
 * phrase_budget, so long as one word of the phrase (`exact`: the first) is
 * written as listed. */
static size_t match_rest(const char *rest, const emb_strref *tok, size_t n, int fuzzy, int exact) {
    size_t i = 0;
    unsigned written = exact ? 1 : 0; /* words written as listed so far */
    const char *p = rest;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        if (i >= n) return 0;
        int same = tok[i].len == wl && memcmp(tok[i].s, p, wl) == 0;
        if (!same) {
            /* two words written as listed vouch for a typo more in a third
             * (JOINT STOCK OMCPANY) */
            unsigned b = fuzzy ? phrase_budget(wl) : 0;
            if (b && written >= 2) b++;
            if (!b || !within_typos(p, wl, &tok[i], b)) return 0;
        }
        written += (unsigned)same;
        exact |= same;
        i++;
        p += wl;
        if (*p == ' ') p++;
    }
    return exact ? i + 1 : 0;
}

/* Whether tok[0..n) is nothing but legal forms (maybe none), or, after
 * a form that ends a name, its offshore regime (SAL OFFSHORE, S.A.L.
 * OFF-SHORE: Lebanon's offshore companies). */
static int only_legal(const emb_strref *tok, size_t n) {
    uint16_t cls;
    const char *name;
    if ((n == 1 && tok[0].len == 8 && !memcmp(tok[0].s, "offshore", 8)) ||
        (n == 2 && tok[0].len == 3 && !memcmp(tok[0].s, "off", 3) && tok[1].len == 5 &&
         !memcmp(tok[1].s, "shore", 5)))
        return 1;
    for (size_t i = 0, m; i < n; i += m)
        if (!(m = emb__lexicon_legal(tok + i, n - i, &cls, &name))) return 0;
    return 1;
}

/* LEGAL indexed by its first words, built once: the forms a token may
 * begin as written (same first letter and length) and those it may begin
 * with typos (first words of five letters or more, within two letters of
 * its length: one for a one-word form), as bit sets of form numbers, and
 * each first word's letters. A token is compared with the few forms of its
 * sets instead of all 135, which cost 5% of a screen on every token. */
enum {
    NLEGAL = sizeof(LEGAL) / sizeof(LEGAL[0]),
    LEGAL_SETW = (NLEGAL + 63) / 64, /* 64-bit words of a set */
    LEGAL_MAXFIRST = 20,             /* longer first words: none */
    LEGAL_MAXTOK = LEGAL_MAXFIRST + 2 /* longer tokens begin no form */
};
typedef struct { uint64_t w[LEGAL_SETW]; } legal_set;
static struct {
    legal_set exact[26][LEGAL_MAXFIRST + 1]; /* by first letter and length */
    legal_set near[LEGAL_MAXTOK + 1];        /* by token length */
    uint32_t letters[NLEGAL];
    uint8_t budget[NLEGAL]; /* the typos its first word may carry in legal_hits */
    uint8_t far[NLEGAL]; /* the long one-word forms emb__lexicon_legal_far tries */
    size_t nfar;
} legal_ix;
static pthread_once_t legal_once = PTHREAD_ONCE_INIT;

static void legal_ix_build(void) {
    for (size_t k = 0; k < NLEGAL; k++) {
        const legal_form *f = &LEGAL[k];
        size_t fl = f->first_len;
        assert(fl <= LEGAL_MAXFIRST && f->first[0] >= 'a' && f->first[0] <= 'z');
        legal_ix.exact[f->first[0] - 'a'][fl].w[k / 64] |= 1ull << (k % 64);
        legal_ix.letters[k] = letters(f->first, fl);
        legal_ix.budget[k] = (uint8_t)(f->rest[0] ? phrase_budget(fl) : 1);
        if (!f->rest[0] && !f->end && fl >= 7) legal_ix.far[legal_ix.nfar++] = (uint8_t)k;
        /* near_word takes one-word forms of seven letters or more */
        if (fl < (f->rest[0] ? 5u : 7u)) continue;
        size_t reach = f->rest[0] ? 2 : 1;
        for (size_t tl = fl - reach; tl <= fl + reach; tl++)
            legal_ix.near[tl].w[k / 64] |= 1ull << (k % 64);
    }
}

/* The forms of LEGAL whose first word a token with letters m0 (letters())
 * may be within budget of, by legal_hits' letter test, as a superset: each
 * form's first word is given budget + 1 of its letters, the rarest in
 * English; a token that has none of them lacks more than budget of the
 * word's letters. Built once from legal_ix; a token's set is a few ORs, and
 * legal_hits tests some five forms instead of forty. */
static struct {
    legal_set by_letter[32]; /* the forms letter & 31 was given to */
    legal_set always;        /* forms of budget + 1 letters or fewer */
} legal_pick;
static pthread_once_t legal_pick_once = PTHREAD_ONCE_INIT;

static void legal_pick_build(void) {
    pthread_once(&legal_once, legal_ix_build);
    static const char RAREST[] = "zqxjkvbpygfwmucldrhsnioate";
    for (size_t k = 0; k < NLEGAL; k++) {
        uint32_t have = legal_ix.letters[k];
        unsigned want = legal_ix.budget[k] + 1u;
        if (emb__popcount(have) <= want) {
            legal_pick.always.w[k / 64] |= 1ull << (k % 64);
            continue;
        }
        uint32_t given = 0;
        for (const char *c = RAREST; *c && emb__popcount(given) < want; c++)
            given |= have & (1u << ((unsigned char)*c & 31));
        /* letters not in RAREST (none in a first word of a-z) given too */
        if (emb__popcount(given) < want) given = have;
        for (uint32_t g = given; g; g &= g - 1)
            legal_pick.by_letter[__builtin_ctz(g)].w[k / 64] |= 1ull << (k % 64);
    }
}

/* The forms that may pass legal_hits' letter test for a token of letters
 * m0 (a superset), into *out. */
static void legal_candidates(uint32_t m0, legal_set *out) {
    pthread_once(&legal_pick_once, legal_pick_build);
    *out = legal_pick.always;
    for (uint32_t g = m0; g; g &= g - 1) {
        const legal_set *l = &legal_pick.by_letter[__builtin_ctz(g)];
        for (size_t w = 0; w < LEGAL_SETW; w++) out->w[w] |= l->w[w];
    }
}

/* The forms the token t0 (1 to LEGAL_MAXTOK letters) may begin, written as
 * listed (exact) or with typos (one in a long one-word form, phrase_budget's
 * in a phrase), in the table's order, into hit[] and exact[]; returns their
 * number. */
static size_t legal_hits(const emb_strref *t0, uint8_t *hit, uint8_t *exact) {
    pthread_once(&legal_once, legal_ix_build);
    size_t tl = t0->len;
    size_t nhit = 0;
    unsigned c = (unsigned char)t0->s[0] - 'a';
    const legal_set *ex = c < 26 && tl <= LEGAL_MAXFIRST ? &legal_ix.exact[c][tl] : NULL;
    const legal_set *nr = &legal_ix.near[tl];
    uint32_t m0 = letters(t0->s, tl);
    legal_set cand;
    legal_candidates(m0, &cand);
    for (size_t w = 0; w < LEGAL_SETW; w++) {
        uint64_t ew = ex ? ex->w[w] : 0, nw = nr->w[w] & cand.w[w], all = ew | nw;
        for (; all; all &= all - 1) {
            unsigned bit = (unsigned)__builtin_ctzll(all);
            size_t k = w * 64 + bit;
            if ((ew >> bit & 1) && memcmp(LEGAL[k].first, t0->s, tl) == 0) {
                exact[nhit] = 1;
                hit[nhit++] = (uint8_t)k;
                continue;
            }
            if (!(nw >> bit & 1)) continue;
            unsigned b = legal_ix.budget[k];
            /* each typo leaves out one letter of the form at most, and
             * brings in one at most (within_typos asks that too) */
            if (more_than(legal_ix.letters[k] & ~m0, b) || more_than(m0 & ~legal_ix.letters[k], b)) continue;
            const legal_form *f = &LEGAL[k];
            size_t fl = f->first_len;
            int near = f->rest[0] ? within_typos(f->first, fl, t0, b) : near_word(f->first, fl, t0);
            if (near) {
                exact[nhit] = 0;
                hit[nhit++] = (uint8_t)k;
            }
        }
    }
    return nhit;
}

/* Whether form f may be read where ctx (may be NULL: anywhere) says the
 * phrase stands. */
static int legal_fits(const legal_form *f, const emb_legal_ctx *ctx) {
    return !f->named || !ctx || (ctx->before >= 2 && !ctx->dotted);
}

size_t emb__lexicon_legal(const emb_strref *tok, size_t n, uint16_t *cls, const char **name) {
    return emb__lexicon_legal_in(tok, n, NULL, cls, name);
}

/* The longest form of hit[0..nhit) (legal_hits of tok[0]) that tok[0..n)
 * begins where ctx says the phrase stands; 0 if none. */
static size_t legal_best(const emb_strref *tok, size_t n, const emb_legal_ctx *ctx, const uint8_t *hit,
                         const uint8_t *exact, size_t nhit, uint16_t *cls, const char **name) {
    size_t best = 0;
    for (size_t h = 0; h < nhit; h++) {
        if (!exact[h]) continue;
        const legal_form *f = &LEGAL[hit[h]];
        if (!legal_fits(f, ctx)) continue;
        size_t m = match_rest(f->rest, tok + 1, n - 1, 0, 1);
        if (m > best && (!f->end || only_legal(tok + m, n - m))) {
            best = m;
            *cls = f->cls;
            *name = f->name;
        }
    }
    /* a longer form with a typo beats a shorter exact one (LIMITED
     * LIABILIYT COMPANY is an LLC, not LIMITED and two words) */
    for (size_t h = 0; h < nhit; h++) {
        const legal_form *f = &LEGAL[hit[h]];
        if (!legal_fits(f, ctx)) continue;
        size_t m = match_rest(f->rest, tok + 1, n - 1, 1, exact[h] || !f->rest[0]);
        if (m > best && (!f->end || only_legal(tok + m, n - m))) {
            best = m;
            *cls = f->cls;
            *name = f->name;
        }
    }
    return best;
}

size_t emb__lexicon_legal_in(const emb_strref *tok, size_t n, const emb_legal_ctx *ctx, uint16_t *cls,
                             const char **name) {
    if (n == 0 || tok[0].len == 0 || tok[0].len > LEGAL_MAXTOK) return 0;
    /* the phrases the first token begins, tried in the table's order: of
     * two equally long forms, the first */
    _Static_assert(NLEGAL <= 256, "hit[] holds form numbers as bytes");
    uint8_t hit[NLEGAL], exact[NLEGAL];
    size_t nhit = legal_hits(&tok[0], hit, exact);
    return legal_best(tok, n, ctx, hit, exact, nhit, cls, name);
}

size_t emb__lexicon_legal_hits(const emb_strref *tok, size_t n, const emb_legal_ctx *ctx,
                               const emb_legal_hits *hits, uint16_t *cls, const char **name) {
    if (!hits->all) return emb__lexicon_legal_in(tok, n, ctx, cls, name);
    if (n == 0 || tok[0].len == 0 || tok[0].len > LEGAL_MAXTOK) return 0;
    return legal_best(tok, n, ctx, hits->hit, hits->exact, hits->n, cls, name);
}

int emb__lexicon_legal_far(const char *tok, size_t len, uint16_t *cls, const char **name) {
    if (len < 7 || len >= TYPO_MAXLEN) return 0;
    pthread_once(&legal_once, legal_ix_build);
    emb_strref t = {tok, len};
    for (size_t h = 0; h < legal_ix.nfar; h++) {
        const legal_form *f = &LEGAL[legal_ix.far[h]];
        size_t fl = f->first_len;
        int two = len >= fl && f->first[0] == tok[0] && f->first[fl - 1] == tok[len - 1] &&
                  within_typos(f->first, fl, &t, 2);
        /* cut short by a letter or two, and one typo more (XORPORATIO):
         * forms of ten letters or more only, where no name is that close
         * to their first letters (COOPERATION is two from CORPORATION, but
         * three from CORPORATIO) */
        if (!two && fl >= 10 && len + 2 >= fl && len < fl) {
            emb_strref head = {f->first, len};
            two = within_typos(tok, len, &head, 1);
        }
        if (!two) continue;
        *cls = f->cls;
        *name = f->name;
        return 1;
    }
    return 0;
}

int emb__legal_relation(uint16_t a, uint16_t b) {
    if (a == b || (a == LF_CORP && b == LF_CORPORATION) || (a == LF_CORPORATION && b == LF_CORP)) return 2;
    if (a / 10 == b / 10) return 1;
    /* a free-zone LLC is an LLC (KOBOLT TRADING FZ LLC ~ KOBOLT TRADING LLC) */
    if ((a == LF_FZLLC && b == LF_LLC) || (a == LF_LLC && b == LF_FZLLC)) return 1;
    /* a Corporation written out is a joint-stock company's form as English
     * translates Russian names (Korporatsiya: Corporation Kometa ~ JSC
     * KOMETA), as a stock corporation (AG, SA, NV) is. Not Corp. and Inc.,
     * an American company's forms: Exar Corp. is no EKSAR OAO. Only a
     * Corporation written first, as the translation puts it: the scorer
     * asks emb__legal_corporation_jsc and the token's position (score.c), for
     * Exar Corporation, written out the American way, is no EKSAR OAO
     * either */
    if ((a == LF_CORPORATION && b / 10 == LF_JSC / 10) || (b == LF_CORPORATION && a / 10 == LF_JSC / 10))
        return 1;
    return 0;
}

int emb__legal_corporation_jsc(uint16_t a, uint16_t b) {
    if (a == LF_CORPORATION && b / 10 == LF_JSC / 10) return 1;
    if (b == LF_CORPORATION && a / 10 == LF_JSC / 10) return 2;
    return 0;
}

/* ---- countries in organisation names ---------------------------------------- */

/* Forms the country table (country.c, from ICU) does not hold: Russian and
 * Belarusian names of the country as transliterated list entries write them,
 * in the cases they take inside a name ("SBERBANK ROSSII": of Russia).
 * Sorted (strcmp). */
typedef struct { const char *key; const char *code; } country_extra;
static const country_extra COUNTRY_EXTRA[] = {
    {"belarusi", "BY"},
    {"respubliki belarus", "BY"},
    {"rossii", "RU"},
    {"rossiiskaia", "RU"},
    {"rossiiskaia federatsiia", "RU"},
    {"rossiiskaya", "RU"},
    {"rossiiskaya federatsiya", "RU"},
    {"rossiiskoi", "RU"},
    {"rossiiskoi federatsii", "RU"},
    {"rossiiskoy", "RU"},
    {"rossiskoi", "RU"},
    {"rossiyskaya", "RU"},
    {"rossiyskaya federatsiya", "RU"},
    {"rossiyskoi", "RU"},
    {"rossiyskoy", "RU"},
    {"rossiyskoy federatsii", "RU"},
};

/* Country words that are also given names or surnames (Jordan, Chad,
 * Israel) or words of other meanings, never read as a country when alone;
 * and "Rossiya", Russia in Russian, which in a name is the name itself
 * (BANK ROSSIYA, a bank that is not the Bank of Russia: that one is Bank
 * Rossii). */
static const char *const COUNTRY_NOT[] = {
    "chad", "dane", "english", "finn", "french", "georgia", "german", "guernsey",
    "holland", "india", "israel", "jersey", "jordan", "rossiya", "welsh",
};

static const char *extra_key(const char *s, size_t len, int *longer) {
    const char *codes = NULL;
    *longer = 0;
    if (s[0] != 'b' && s[0] != 'r') return NULL; /* belarusi, respubliki, rossii */
    for (size_t i = 0; i < sizeof(COUNTRY_EXTRA) / sizeof(COUNTRY_EXTRA[0]); i++) {
        const char *k = COUNTRY_EXTRA[i].key;
        if (strncmp(k, s, len) != 0) continue;
        if (k[len] == '\0') codes = COUNTRY_EXTRA[i].code;
        else if (k[len] == ' ') *longer = 1;
    }
    return codes;
}

static int country_excluded(const char *s, size_t len) {
    for (size_t i = 0; i < sizeof(COUNTRY_NOT) / sizeof(COUNTRY_NOT[0]); i++)
        if (strlen(COUNTRY_NOT[i]) == len && memcmp(COUNTRY_NOT[i], s, len) == 0) return 1;
    return 0;
}

static int is_word(const emb_strref *t, const char *w) {
    return t->len == strlen(w) && memcmp(t->s, w, t->len) == 0;
}

size_t emb__lexicon_country(const emb_strref *tok, size_t n, uint16_t *cls, char *canon,
                            size_t cap) {
    size_t s = 0;
    int of = 0;
    if (n > 1 && is_word(&tok[0], "of")) s = 1, of = 1;
    if (s + 1 < n && is_word(&tok[s], "the")) s++;
    char key[96];
    size_t klen = 0, best = 0;
    const char *codes = NULL;
    for (size_t k = s; k < n && k < s + 6; k++) {
        if (klen + (k > s) + tok[k].len >= sizeof(key)) break;
        if (k > s) key[klen++] = ' ';
        memcpy(key + klen, tok[k].s, tok[k].len);
        klen += tok[k].len;
        int longer = 0, longer_x = 0;
        const char *c = emb__country_key(key, klen, &longer);
        const char *x = extra_key(key, klen, &longer_x);
        if (x) c = x;
        /* one word alone: not a code (ru, usa), nor a word of another
         * meaning unless "of" says it is a place (of Chad) */
        if (c && k == s && (klen < 4 || (!of && country_excluded(key, klen)))) c = NULL;
        if (c) {
            codes = c;
            best = k + 1;
        }
        if (!longer && !longer_x) break;
    }
    if (!codes || codes[0] < 'A' || codes[0] > 'Z' || codes[1] < 'A' || codes[1] > 'Z') return 0;
    /* a phrase ("of Russia", "Russian Federation") or an adjective
     * ("Belarusian"); a bare noun (VTB BANK BELARUS) is not */
    char code[3] = {codes[0], codes[1], '\0'};
    const char *name = emb__country_name(code);
    size_t nl = name ? emb__country_fold(name, strlen(name), canon, cap) : 0;
    if (!nl) return 0;
    size_t words = best - s;
    /* the name as a noun: "myanmar" of Myanmar (Burma) too */
    int noun = tok[s].len <= nl && memcmp(canon, tok[s].s, tok[s].len) == 0 &&
               (nl == tok[s].len || canon[tok[s].len] == ' ');
    int phrase = of || words > 1 || !noun;
    /* the token is the words as written, "of" and "the" before them left
     * out (Afghan in SHER AFGHAN stays a name that a typo may miss by one
     * letter; the Islamic Republic of Iran keeps the letters of IRISL) */
    size_t cl = 0;
    for (size_t k = s; k < best; k++) {
        if (cl + tok[k].len + 2 > cap) return 0;
        if (k > s) canon[cl++] = ' ';
        memcpy(canon + cl, tok[k].s, tok[k].len);
        cl += tok[k].len;
    }
    canon[cl] = '\0';
    *cls = (uint16_t)(((codes[0] - 'A') * 26 + (codes[1] - 'A')) | (phrase ? EMB_COUNTRY_PHRASE : 0));
    return best;
}

/* ---- numbers --------------------------------------------------------------- */

static const char *const UNITS[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen"};
static const char *const ORDINALS[] = {
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth"};
static const char *const TENS[] = {
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

/* The number words (UNITS, ORDINALS, TENS and the misspelt "fourty") by
 * first letter, built once from those tables: a token is compared with the
 * few words of its letter (some five) instead of forty, which every token
 * the word memo has not met was (~310 instructions a word). */
enum { NUMBER_WORDS = 20 + 10 + 8 + 1 };
typedef struct {
    const char *w;
    uint8_t len;
    uint8_t value;
    uint8_t tens; /* a tens word (tens_value), else a unit or an ordinal */
} number_word;
static struct {
    number_word words[NUMBER_WORDS]; /* by first letter, then the tables' order */
    uint8_t from[27];                /* letter c's words: from[c] .. from[c + 1] - 1 */
} number_ix;
static pthread_once_t number_once = PTHREAD_ONCE_INIT;

static void number_ix_build(void) {
    number_word all[NUMBER_WORDS];
    size_t n = 0;
    for (int i = 0; i < 20; i++) all[n++] = (number_word){UNITS[i], (uint8_t)strlen(UNITS[i]), (uint8_t)i, 0};
    for (int i = 1; i <= 10; i++)
        all[n++] = (number_word){ORDINALS[i], (uint8_t)strlen(ORDINALS[i]), (uint8_t)i, 0};
    for (int i = 2; i < 10; i++)
        all[n++] = (number_word){TENS[i], (uint8_t)strlen(TENS[i]), (uint8_t)(i * 10), 1};
    all[n++] = (number_word){"fourty", 6, 40, 1};
    assert(n == NUMBER_WORDS);
    size_t k = 0;
    for (unsigned c = 0; c < 26; c++) {
        number_ix.from[c] = (uint8_t)k;
        for (size_t i = 0; i < n; i++)
            if ((unsigned)(all[i].w[0] - 'a') == c) number_ix.words[k++] = all[i];
    }
    number_ix.from[26] = (uint8_t)k;
    assert(k == NUMBER_WORDS); /* every word begins with a letter a-z */
}

/* The value of token t as a number word of the kind asked (`tens`: a tens
 * word, else a unit or an ordinal), or -1. No word is in two tables: the
 * first of the tables' order that unit_value and tens_value tried is the
 * only one. */
static int number_word_value(const emb_strref *t, int tens) {
    if (t->len == 0) return -1;
    unsigned c = (unsigned char)t->s[0] - 'a';
    if (c >= 26) return -1;
    pthread_once(&number_once, number_ix_build);
    for (size_t i = number_ix.from[c]; i < number_ix.from[c + 1]; i++) {
        const number_word *w = &number_ix.words[i];
        if (w->len == t->len && w->tens == tens && memcmp(w->w, t->s, t->len) == 0) return w->value;
    }
    return -1;
}

static int unit_value(const emb_strref *t) {
    int word = number_word_value(t, 0);
    if (word >= 0) return word;
    /* 1st, 2nd, 3rd, 4th ... */
    if (t->len >= 3 && t->len <= 4) {
        const char *s = t->s;
        size_t d = 0;
        while (d < t->len && s[d] >= '0' && s[d] <= '9') d++;
        if (d >= 1 && t->len - d == 2) {
            const char *suf = s + d;
            if (!memcmp(suf, "st", 2) || !memcmp(suf, "nd", 2) || !memcmp(suf, "rd", 2) ||
                !memcmp(suf, "th", 2))
            {
                int v = 0;
                for (size_t i = 0; i < d && v < 1000; i++) v = v * 10 + (s[i] - '0');
                return v < 100 ? v : -1;
            }
        }
    }
    return -1;
}

static int tens_value(const emb_strref *t) {
    return number_word_value(t, 1);
}

static int digit_value(const emb_strref *t) {
    if (t->len != 1 || t->s[0] < '1' || t->s[0] > '9') return -1;
    return t->s[0] - '0';
}

size_t emb__lexicon_number(const emb_strref *tok, size_t n, char *out, size_t cap) {
    if (n == 0 || cap < 8 || tok[0].len == 0) return 0;
    /* every number word begins with one of these letters, or a digit (1st):
     * most name words are turned away here, before forty comparisons */
    unsigned char c0 = (unsigned char)tok[0].s[0];
    if (!(c0 >= '0' && c0 <= '9') && (!c0 || !strchr("efnostz", c0))) return 0;
    int v, used = 1;
    int tv = tens_value(&tok[0]);
    if (tv > 0) {
        v = tv;
        if (n > 1) {
            int u = unit_value(&tok[1]);
            if (u < 0) u = digit_value(&tok[1]);
            if (u > 0 && u < 10) { v += u; used = 2; }
        }
    } else {
        v = unit_value(&tok[0]);
        if (v < 0) return 0;
    }
    size_t k = 0;
    char tmp[8];
    do { tmp[k++] = (char)('0' + v % 10); v /= 10; } while (v && k < sizeof(tmp));
    for (size_t i = 0; i < k; i++) out[i] = tmp[k - 1 - i];
    out[k] = '\0';
    return (size_t)used;
}

/* ---- what may begin at a word ------------------------------------------------- */

unsigned emb__lexicon_begins_hits(const char *tok, size_t len, emb_legal_hits *hits) {
    hits->n = 0;
    hits->all = 1;
    if (len == 0) return 0;
    emb_strref t = {tok, len};
    unsigned b = 0;
    /* a legal form: one the word may begin, as written or with typos */
    if (len <= LEGAL_MAXTOK) {
        uint8_t hit[NLEGAL], exact[NLEGAL];
        size_t nhit = legal_hits(&t, hit, exact);
        if (nhit) b |= EMB_BEGINS_LEGAL;
        if (nhit <= EMB_LEGAL_HITS) {
            hits->n = (uint8_t)nhit;
            memcpy(hits->hit, hit, nhit);
            memcpy(hits->exact, exact, nhit);
        } else {
            hits->all = 0;
        }
    }
    /* a country: "of", "the", or a word that is a country's key or begins
     * a longer one (emb__lexicon_country reads no further otherwise) */
    int longer = 0, longer_x = 0;
    if (is_word(&t, "of") || is_word(&t, "the") || emb__country_key(tok, len, &longer) || longer ||
        extra_key(tok, len, &longer_x) || longer_x)
        b |= EMB_BEGINS_COUNTRY;
    /* a number: a number word or a digit of one (1st) */
    char digits[8];
    if (emb__lexicon_number(&t, 1, digits, sizeof(digits))) b |= EMB_BEGINS_NUMBER;
    return b;
}

int emb__lexicon_begins(const char *tok, size_t len) {
    emb_legal_hits hits;
    return emb__lexicon_begins_hits(tok, len, &hits) != 0;
}

/* ---- abbreviations ----------------------------------------------------------- */

typedef struct { const char *abbr, *full; } abbrev;
static const abbrev ABBREV[] = {
    {"assn", "association"},   {"bros", "brothers"},      {"ctr", "center"},
    {"dept", "department"},    {"intl", "international"}, {"mfg", "manufacturing"},
    {"natl", "national"},      {"organisation", "organization"},
    {"centre", "center"},      {"st", "saint"},           {"svcs", "services"},
    {"univ", "university"},
};

const char *emb__lexicon_expand(const char *tok, size_t len) {
    for (size_t i = 0; i < sizeof(ABBREV) / sizeof(ABBREV[0]); i++)
        if (len && ABBREV[i].abbr[0] == tok[0] && strlen(ABBREV[i].abbr) == len &&
            memcmp(ABBREV[i].abbr, tok, len) == 0)
            return ABBREV[i].full;
    return NULL;
}

/* ---- given names across the Slavic languages -------------------------------- */

/* One person's given name is written Aleksandr in Russian, Aliaksandr in
 * Belarusian, Oleksandr in Ukrainian (and Alexander in English); Igor is
 * Ihar and Ihor, Oleg is Aleh and Oleh, Sergei is Siarhei and Serhiy. The
 * romanisation keys cannot unify these (they are different names in their
 * languages' spelling), so the usual forms are listed, each with the form
 * it stands for. Patronymics follow their stems: Ryhorovich, Hryhorovych
 * and Grigorievich are one. Sorted by variant (strcmp), for bisection. */
typedef struct { const char *variant, *canon; } given_name;

static const given_name GIVEN[] = {
    {"aleg", "oleg"},
    {"aleh", "oleg"},
    {"aleksandar", "aleksandr"},
    {"aleksander", "aleksandr"},
    {"aleksandr", "aleksandr"},
    {"aleksandra", "aleksandra"},
    {"aleksei", "aleksei"},
    {"aleksey", "aleksei"},
    {"aleksiy", "aleksei"},
    {"alena", "elena"},
    {"alexander", "aleksandr"},
    {"alexandr", "aleksandr"},
    {"alexandra", "aleksandra"},
    {"alexandru", "aleksandr"},
    {"alexei", "aleksei"},
    {"alexej", "aleksei"},
    {"alexey", "aleksei"},
    {"aliaksandar", "aleksandr"},
    {"aliaksandr", "aleksandr"},
    {"aliaksandra", "aleksandra"},
    {"aliaksei", "aleksei"},
    {"aliaksiej", "aleksei"},
    {"alyaksandar", "aleksandr"},
    {"alyaksandr", "aleksandr"},
    {"alyaksandra", "aleksandra"},
    {"alyaksei", "aleksei"},
    {"alyona", "elena"},
    {"anatol", "anatoli"},
    {"anatoli", "anatoli"},
    {"anatolii", "anatoli"},
    {"anatolij", "anatoli"},
    {"anatoliy", "anatoli"},
    {"anatoly", "anatoli"},
    {"andrei", "andrei"},
    {"andrej", "andrei"},
    {"andrew", "andrei"},
    {"andrey", "andrei"},
    {"andrii", "andrei"},
    {"andrij", "andrei"},
    {"andriy", "andrei"},
    {"arciom", "artem"},
    {"arkadi", "arkadi"},
    {"arkadii", "arkadi"},
    {"arkadiy", "arkadi"},
    {"arkady", "arkadi"},
    {"arkadzi", "arkadi"},
    {"artem", "artem"},
    {"artiom", "artem"},
    {"artsem", "artem"},
    {"artsiom", "artem"},
    {"artyom", "artem"},
    {"constantin", "konstantin"},
    {"denis", "denis"},
    {"dimitri", "dmitri"},
    {"dimitry", "dmitri"},
    {"dmitri", "dmitri"},
    {"dmitrii", "dmitri"},
    {"dmitrij", "dmitri"},
    {"dmitriy", "dmitri"},
    {"dmitry", "dmitri"},
    {"dmytro", "dmitri"},
    {"dzianis", "denis"},
    {"dzmitri", "dmitri"},
    {"dzmitry", "dmitri"},
    {"ekaterina", "ekaterina"},
    {"elena", "elena"},
    {"eugeny", "evgeni"},
    {"evgeni", "evgeni"},
    {"evgenii", "evgeni"},
    {"evgeniy", "evgeni"},
    {"evgeny", "evgeni"},
    {"fedir", "fedor"},
    {"fedor", "fedor"},
    {"fiodar", "fedor"},
    {"fiodor", "fedor"},
    {"fyodar", "fedor"},
    {"fyodor", "fedor"},
    {"genadz", "gennadi"},
    {"gennadi", "gennadi"},
    {"gennadii", "gennadi"},
    {"gennadij", "gennadi"},
    {"gennadiy", "gennadi"},
    {"gennady", "gennadi"},
    {"georgi", "georgi"},
    {"georgii", "georgi"},
    {"georgiy", "georgi"},
    {"georgy", "georgi"},
    {"gleb", "gleb"},
    {"grigori", "grigori"},
    {"grigorii", "grigori"},
    {"grigoriy", "grigori"},
    {"grigory", "grigori"},
    {"grygoriy", "grigori"},
    {"henadz", "gennadi"},
    {"hennadii", "gennadi"},
    {"hennadiy", "gennadi"},
    {"heorhi", "georgi"},
    {"heorhii", "georgi"},
    {"heorhiy", "georgi"},
    {"hleb", "gleb"},
    {"hrihoriy", "grigori"},
    {"hryhorii", "grigori"},
    {"hryhoriy", "grigori"},
    {"ievgen", "evgeni"},
    {"ievgenii", "evgeni"},
    {"igar", "igor"},
    {"igor", "igor"},
    {"ihar", "igor"},
    {"ihor", "igor"},
    {"iouri", "yuri"},
    {"irina", "irina"},
    {"iryna", "irina"},
    {"iuliia", "yulia"},
    {"iurii", "yuri"},
    {"ivan", "ivan"},
    {"iwan", "ivan"},
    {"jelena", "elena"},
    {"jevgenij", "evgeni"},
    {"julia", "yulia"},
    {"jurgi", "georgi"},
    {"juri", "yuri"},
    {"jurij", "yuri"},
    {"kanstancin", "konstantin"},
    {"kanstantsin", "konstantin"},
    {"katerina", "ekaterina"},
    {"kateryna", "ekaterina"},
    {"katsiaryna", "ekaterina"},
    {"kiril", "kirill"},
    {"kirill", "kirill"},
    {"kiryl", "kirill"},
    {"konstantin", "konstantin"},
    {"konstantyn", "konstantin"},
    {"kostiantyn", "konstantin"},
    {"kostyantyn", "konstantin"},
    {"kyrylo", "kirill"},
    {"leanid", "leonid"},
    {"leonid", "leonid"},
    {"liudmila", "lyudmila"},
    {"liudmyla", "lyudmila"},
    {"ludmila", "lyudmila"},
    {"lyudmila", "lyudmila"},
    {"lyudmyla", "lyudmila"},
    {"maria", "maria"},
    {"mariia", "maria"},
    {"marija", "maria"},
    {"maryia", "maria"},
    {"michail", "mikhail"},
    {"mihail", "mikhail"},
    {"mikalai", "nikolai"},
    {"mikalaj", "nikolai"},
    {"mikalay", "nikolai"},
    {"mikhail", "mikhail"},
    {"mikhailo", "mikhail"},
    {"mikhal", "mikhail"},
    {"mikhas", "mikhail"},
    {"mikhayil", "mikhail"},
    {"mykhailo", "mikhail"},
    {"mykola", "nikolai"},
    {"natalia", "natalia"},
    {"natalija", "natalia"},
    {"nataliya", "natalia"},
    {"natallia", "natalia"},
    {"natalya", "natalia"},
    {"nicolai", "nikolai"},
    {"nikolai", "nikolai"},
    {"nikolaj", "nikolai"},
    {"nikolay", "nikolai"},
    {"oleg", "oleg"},
    {"oleh", "oleg"},
    {"oleksander", "aleksandr"},
    {"oleksandr", "aleksandr"},
    {"oleksandra", "aleksandra"},
    {"oleksii", "aleksei"},
    {"oleksiy", "aleksei"},
    {"olena", "elena"},
    {"olexandr", "aleksandr"},
    {"olexiy", "aleksei"},
    {"olga", "olga"},
    {"olha", "olga"},
    {"paval", "pavel"},
    {"pavel", "pavel"},
    {"pavlo", "pavel"},
    {"petr", "petr"},
    {"petro", "petr"},
    {"piatro", "petr"},
    {"piotr", "petr"},
    {"pyatro", "petr"},
    {"pyotr", "petr"},
    {"ryhor", "grigori"},
    {"sergei", "sergei"},
    {"sergej", "sergei"},
    {"sergey", "sergei"},
    {"sergii", "sergei"},
    {"sergiy", "sergei"},
    {"serhei", "sergei"},
    {"serhii", "sergei"},
    {"serhiy", "sergei"},
    {"siargey", "sergei"},
    {"siarhei", "sergei"},
    {"siarhej", "sergei"},
    {"siarhey", "sergei"},
    {"siarhiej", "sergei"},
    {"stanislau", "stanislav"},
    {"stanislav", "stanislav"},
    {"svetlana", "svetlana"},
    {"sviatlana", "svetlana"},
    {"svitlana", "svetlana"},
    {"syargey", "sergei"},
    {"tatiana", "tatiana"},
    {"tatjana", "tatiana"},
    {"tatsiana", "tatiana"},
    {"tatyana", "tatiana"},
    {"tetiana", "tatiana"},
    {"tetyana", "tatiana"},
    {"uladzimer", "vladimir"},
    {"uladzimir", "vladimir"},
    {"uladzislau", "vladislav"},
    {"urii", "yuri"},            /* ISO 9 Ûrij with its mark lost */
    {"urij", "yuri"},
    {"vadim", "vadim"},
    {"vadzim", "vadim"},
    {"valentin", "valentin"},
    {"valentyn", "valentin"},
    {"valer", "valeri"},
    {"valeri", "valeri"},
    {"valerii", "valeri"},
    {"valeriy", "valeri"},
    {"valery", "valeri"},
    {"valeryi", "valeri"},
    {"valiantsin", "valentin"},
    {"vasil", "vasili"},
    {"vasili", "vasili"},
    {"vasilii", "vasili"},
    {"vasilij", "vasili"},
    {"vasiliy", "vasili"},
    {"vasily", "vasili"},
    {"vasyl", "vasili"},
    {"viachaslau", "vyacheslav"},
    {"viacheslav", "vyacheslav"},
    {"victor", "viktor"},
    {"viktar", "viktor"},
    {"viktor", "viktor"},
    {"vital", "vitali"},
    {"vitali", "vitali"},
    {"vitalii", "vitali"},
    {"vitaliy", "vitali"},
    {"vitaly", "vitali"},
    {"vladimer", "vladimir"},
    {"vladimir", "vladimir"},
    {"vladislav", "vladislav"},
    {"vladyslav", "vladislav"},
    {"volga", "olga"},
    {"volha", "olga"},
    {"volodymyr", "vladimir"},
    {"vyachaslav", "vyacheslav"},
    {"vyacheslav", "vyacheslav"},
    {"wladimir", "vladimir"},
    {"yaraslau", "yaroslav"},
    {"yaroslav", "yaroslav"},
    {"yaugen", "evgeni"},
    {"yauhen", "evgeni"},
    {"yauheni", "evgeni"},
    {"yekaterina", "ekaterina"},
    {"yelena", "elena"},
    {"yevgen", "evgeni"},
    {"yevgenii", "evgeni"},
    {"yevgeniy", "evgeni"},
    {"yevgeny", "evgeni"},
    {"yevhen", "evgeni"},
    {"yulia", "yulia"},
    {"yuliia", "yulia"},
    {"yuliya", "yulia"},
    {"yuri", "yuri"},
    {"yurii", "yuri"},
    {"yurij", "yuri"},
    {"yuriy", "yuri"},
    {"yury", "yuri"},
    {"zmicier", "dmitri"},
    {"zmitser", "dmitri"},
};

static const given_name PATRONYMIC_STEMS[] = {
    {"aleh", "oleg"},
    {"aleks", "aleks"},
    {"aleksandr", "aleksandr"},
    {"alex", "aleks"},
    {"alexander", "aleksandr"},
    {"alexandr", "aleksandr"},
    {"aliaks", "aleks"},
    {"aliaksandr", "aleksandr"},
    {"alyaksandr", "aleksandr"},
    {"anatol", "anatol"},
    {"artem", "artem"},
    {"artsiom", "artem"},
    {"barys", "boris"},
    {"boris", "boris"},
    {"denis", "denis"},
    {"dmitr", "dmitr"},
    {"dmytr", "dmitr"},
    {"dzianis", "denis"},
    {"dzmitr", "dmitr"},
    {"evgen", "evgen"},
    {"fedar", "fedor"},
    {"fedor", "fedor"},
    {"fiodar", "fedor"},
    {"genadz", "gennad"},
    {"gennad", "gennad"},
    {"grigor", "grigor"},
    {"grygor", "grigor"},
    {"henadz", "gennad"},
    {"hennad", "gennad"},
    {"hrihor", "grigor"},
    {"hryhor", "grigor"},
    {"igar", "igor"},
    {"igor", "igor"},
    {"ihar", "igor"},
    {"ihor", "igor"},
    {"ivan", "ivan"},
    {"jevgen", "evgen"},
    {"jur", "yur"},
    {"kanstantin", "konstantin"},
    {"kanstantsin", "konstantin"},
    {"konstantin", "konstantin"},
    {"kostiantyn", "konstantin"},
    {"leanid", "leonid"},
    {"leonid", "leonid"},
    {"mikala", "nikola"},
    {"mikhail", "mikhail"},
    {"mikhal", "mikhail"},
    {"mykhail", "mikhail"},
    {"mykola", "nikola"},
    {"nikola", "nikola"},
    {"oleg", "oleg"},
    {"oleh", "oleg"},
    {"oleks", "aleks"},
    {"oleksandr", "aleksandr"},
    {"petr", "petr"},
    {"piatr", "petr"},
    {"ryhor", "grigor"},
    {"serg", "serg"},
    {"serh", "serg"},
    {"siarh", "serg"},
    {"stanislau", "stanislav"},
    {"stanislav", "stanislav"},
    {"uladzimer", "vladimir"},
    {"uladzimir", "vladimir"},
    {"ur", "yur"},               /* ISO 9 Ûrʹevič with its marks lost */
    {"vadim", "vadim"},
    {"vadzim", "vadim"},
    {"valer", "valer"},
    {"vasil", "vasil"},
    {"vasyl", "vasil"},
    {"viachaslau", "vyacheslav"},
    {"viacheslav", "vyacheslav"},
    {"victor", "viktor"},
    {"viktar", "viktor"},
    {"viktor", "viktor"},
    {"vladimir", "vladimir"},
    {"volodymyr", "vladimir"},
    {"vyacheslav", "vyacheslav"},
    {"yaugen", "evgen"},
    {"yauhen", "evgen"},
    {"yevgen", "evgen"},
    {"yevhen", "evgen"},
    {"yur", "yur"},
};

/* A sorted table's words by first letter, built once: where each letter's
 * words begin, and which lengths they have (bit len, or 31 for 31 and
 * more). A word of a first letter or length no word of the table has is
 * turned away before the bisection, and the bisection runs among the words
 * of its letter only (~180 instructions a search were most of the cost of
 * the two searches of each word the memo of name.c has not met). */
typedef struct first_letters {
    uint16_t from[27];          /* letter c's words: from[c] .. from[c + 1] - 1 */
    uint32_t lens[26];
} first_letters;

/* Fills fl from the n words of a table sorted by strcmp whose entries are
 * `stride` bytes apart and begin with the word; every word begins with a
 * letter a-z (asserted). */
static void first_letters_build(first_letters *fl, const void *table, size_t n, size_t stride) {
    memset(fl, 0, sizeof(*fl));
    size_t k = 0;
    for (unsigned c = 0; c < 26; c++) {
        fl->from[c] = (uint16_t)k;
        for (; k < n; k++) {
            const char *w = *(const char *const *)((const char *)table + k * stride);
            assert(w[0] >= 'a' && w[0] <= 'z' && (k == 0 || strcmp(*(const char *const *)((const char *)table +
                                                                       (k - 1) * stride), w) < 0));
            if ((unsigned)(w[0] - 'a') != c) break;
            size_t l = strlen(w);
            fl->lens[c] |= 1u << (l < 31 ? l : 31);
        }
    }
    fl->from[26] = (uint16_t)k;
    assert(k == n);
}

/* The range [*lo, *hi) of the table fl indexes where tok[0..len) may be;
 * 0 if it is none of the table's words. */
static int first_letters_range(const first_letters *fl, const char *tok, size_t len, size_t *lo, size_t *hi) {
    if (len == 0) return 0;
    unsigned c = (unsigned char)tok[0] - 'a';
    if (c >= 26 || !(fl->lens[c] >> (len < 31 ? len : 31) & 1)) return 0;
    *lo = fl->from[c];
    *hi = fl->from[c + 1];
    return 1;
}

static const char *find_given_in(const given_name *t, size_t lo, size_t hi, const char *tok, size_t len) {
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_tok(tok, len, t[mid].variant);
        if (c == 0) return t[mid].canon;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

static const char *find_given(const given_name *t, size_t n, const char *tok, size_t len) {
    return find_given_in(t, 0, n, tok, len);
}

static first_letters given_ix;
static pthread_once_t given_once = PTHREAD_ONCE_INIT;

static void given_ix_build(void) {
    first_letters_build(&given_ix, GIVEN, sizeof(GIVEN) / sizeof(GIVEN[0]), sizeof(GIVEN[0]));
}

const char *emb__lexicon_given(const char *tok, size_t len) {
    pthread_once(&given_once, given_ix_build);
    size_t lo, hi;
    return first_letters_range(&given_ix, tok, len, &lo, &hi) ? find_given_in(GIVEN, lo, hi, tok, len) : NULL;
}

/* Given names that a great many people of the Arab world and Iran bear, in
 * their usual romanisations (apostrophes deleted, as the analyser writes them):
 * EMB_GIVEN_COMMON; the names of God that follow Abd al- (Abd al-Aziz,
 * Abdul Rahman; the analyser parts them from abdul): EMB_GIVEN_DIVINE;
 * and abdul itself: EMB_GIVEN_ABD.
 * The name table counts names on sanctions lists and Wikidata, where
 * Arabic names are few: there Saud (14 names), Mona (12) or Abdulaziz's
 * Aziz (76) look rarer than Hernandez, while alone they name thousands of
 * people. Sorted (strcmp), for bisection. */
typedef struct { const char *word; unsigned char cls; } common_given;

static const common_given COMMON_GIVEN[] = {
    {"abbas", 1}, {"abdalla", 1}, {"abdallah", 1}, {"abdo", 1}, {"abdu", 1}, {"abdul", 4},
    {"abdulla", 1}, {"abdullah", 1}, {"adel", 1}, {"adil", 1}, {"ahmad", 1}, {"ahmed", 1},
    {"ahmet", 1}, {"aicha", 1}, {"aisha", 1}, {"akbar", 1}, {"ali", 1}, {"amal", 1}, {"ameen", 1},
    {"amer", 1}, {"amin", 1}, {"amina", 1}, {"aminah", 1}, {"amr", 1}, {"anas", 1}, {"asma", 1},
    {"ayesha", 1}, {"ayman", 1}, {"aysha", 1}, {"aziz", 2}, {"bader", 1}, {"badr", 1},
    {"bandar", 1}, {"bilal", 1}, {"dalal", 1}, {"ebrahim", 1}, {"elah", 2}, {"emad", 1},
    {"eyad", 1}, {"fahad", 1}, {"fahd", 1}, {"fahmi", 1}, {"faisal", 1}, {"fares", 1}, {"faris", 1},
    {"fatima", 1}, {"fatimah", 1}, {"fatma", 1}, {"fawaz", 1}, {"fawzi", 1}, {"faysal", 1},
    {"feisal", 1}, {"fouad", 1}, {"fuad", 1}, {"ghani", 2}, {"ghassan", 1}, {"hadi", 2},
    {"haitham", 1}, {"hakim", 2}, {"hamad", 1}, {"hamdan", 1}, {"hamed", 1}, {"hamid", 2},
    {"hamza", 1}, {"hamzah", 1}, {"hanan", 1}, {"hani", 1}, {"hasan", 1}, {"hassa", 1},
    {"hassan", 1}, {"hatem", 1}, {"haya", 1}, {"hessa", 1}, {"hind", 1}, {"hisham", 1},
    {"hissa", 1}, {"hoda", 1}, {"hosein", 1}, {"hossein", 1}, {"huda", 1}, {"husain", 1},
    {"husayn", 1}, {"husein", 1}, {"hussain", 1}, {"hussein", 1}, {"ibrahim", 1}, {"idris", 1},
    {"ilah", 2}, {"illah", 2}, {"imad", 1}, {"isa", 1}, {"ismael", 1}, {"ismail", 1}, {"issa", 1},
    {"iyad", 1}, {"jaafar", 1}, {"jaber", 1}, {"jabir", 1}, {"jafar", 1}, {"jamal", 1},
    {"javad", 1}, {"jawaher", 1}, {"kader", 2}, {"kadir", 2}, {"kamal", 1}, {"kareem", 3},
    {"karim", 2}, {"kassem", 1}, {"kazem", 1}, {"kazim", 1}, {"khadija", 1}, {"khadijah", 1},
    {"khaled", 1}, {"khalid", 1}, {"khalil", 1}, {"laila", 1}, {"latif", 2}, {"latifa", 1},
    {"latifah", 1}, {"layla", 1}, {"leila", 1}, {"lina", 1}, {"lulwa", 1}, {"mahdi", 1},
    {"mahmood", 1}, {"mahmoud", 1}, {"mahmud", 1}, {"majed", 1}, {"majid", 2}, {"malik", 2},
    {"mansoor", 1}, {"mansour", 1}, {"mansur", 1}, {"mariam", 1}, {"marwan", 1}, {"maryam", 1},
    {"masood", 1}, {"masoud", 1}, {"mazen", 1}, {"mehdi", 1}, {"meshal", 1}, {"meshari", 1},
    {"mishaal", 1}, {"mishal", 1}, {"mishari", 1}, {"miteb", 1}, {"mohamad", 1}, {"mohamed", 1},
    {"mohammad", 1}, {"mohammed", 1}, {"mohamud", 1}, {"mohsen", 2}, {"mohsin", 2}, {"mojtaba", 1},
    {"mona", 1}, {"mortaza", 1}, {"morteza", 1}, {"mostafa", 1}, {"mousa", 1}, {"moussa", 1},
    {"moustafa", 1}, {"mubarak", 1}, {"muhammad", 1}, {"muhammed", 1}, {"muhsin", 2}, {"muna", 1},
    {"munim", 2}, {"musa", 1}, {"mustafa", 1}, {"mutaib", 1}, {"nabil", 1}, {"nadia", 1},
    {"nadiya", 1}, {"naif", 1}, {"naser", 1}, {"nasir", 3}, {"nasser", 3}, {"nassir", 1},
    {"nawaf", 1}, {"nayef", 1}, {"nizar", 1}, {"noor", 1}, {"nora", 1}, {"nouf", 1}, {"nour", 1},
    {"noura", 1}, {"nura", 1}, {"omar", 1}, {"osman", 1}, {"othman", 1}, {"qadir", 2}, {"qasim", 1},
    {"qassem", 1}, {"rahim", 2}, {"rahman", 2}, {"rakan", 1}, {"rania", 1}, {"raouf", 2},
    {"rashed", 1}, {"rashid", 2}, {"rauf", 2}, {"razak", 2}, {"razzaq", 2}, {"reem", 1},
    {"reza", 1}, {"riad", 1}, {"rim", 1}, {"riyad", 1}, {"saad", 1}, {"sabri", 1}, {"saeed", 1},
    {"saeid", 1}, {"said", 1}, {"saied", 1}, {"saif", 1}, {"salam", 2}, {"saleh", 1}, {"salem", 1},
    {"salih", 1}, {"salim", 1}, {"salma", 1}, {"salman", 1}, {"sami", 1}, {"samir", 1},
    {"samira", 1}, {"sara", 1}, {"sarah", 1}, {"saud", 1}, {"sayed", 1}, {"seif", 1},
    {"shareef", 1}, {"sharif", 1}, {"sultan", 1}, {"talal", 1}, {"tamer", 1}, {"tamim", 1},
    {"tarek", 1}, {"tareq", 1}, {"tariq", 1}, {"thamer", 1}, {"turki", 1}, {"umar", 1},
    {"uthman", 1}, {"wael", 1}, {"wahab", 2}, {"wahhab", 2}, {"waleed", 1}, {"walid", 1},
    {"yahya", 1}, {"yasir", 1}, {"yasmin", 1}, {"yasmina", 1}, {"yasser", 1}, {"yousef", 1},
    {"yousif", 1}, {"youssef", 1}, {"youssouf", 1}, {"yousuf", 1}, {"yusef", 1}, {"yusuf", 1},
    {"zaid", 1}, {"zainab", 1}, {"zayd", 1}, {"zaynab", 1}, {"zeid", 1}, {"ziad", 1}, {"ziyad", 1},
};

static first_letters common_given_ix;
static pthread_once_t common_given_once = PTHREAD_ONCE_INIT;

static void common_given_ix_build(void) {
    first_letters_build(&common_given_ix, COMMON_GIVEN, sizeof(COMMON_GIVEN) / sizeof(COMMON_GIVEN[0]),
                        sizeof(COMMON_GIVEN[0]));
}

unsigned emb__lexicon_common_given(const char *tok, size_t len) {
    pthread_once(&common_given_once, common_given_ix_build);
    size_t lo, hi;
    if (!first_letters_range(&common_given_ix, tok, len, &lo, &hi)) return 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_tok(tok, len, COMMON_GIVEN[mid].word);
        if (c == 0) return COMMON_GIVEN[mid].cls;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

size_t emb__lexicon_patronymic(const char *tok, size_t len, char *out, size_t cap) {
    /* longest suffixes first */
    static const char *const SUFFIX[] = {"iyovych", "iiovych", "yovych", "iovych", "iyevich",
                                         "ievich", "yevich", "ovych", "evych", "ovich", "evich",
                                         "avich", "ievna", "yevna", "ivna", "ovna", "evna", "auna", "euna"};
    /* every suffix ends in -ch or -na (most words end in neither) */
    if (len < 6 || !((tok[len - 1] == 'h' && tok[len - 2] == 'c') || (tok[len - 1] == 'a' && tok[len - 2] == 'n')))
        return 0;
    for (size_t i = 0; i < sizeof(SUFFIX) / sizeof(SUFFIX[0]); i++) {
        size_t sl = strlen(SUFFIX[i]);
        if (len < sl + 2 || memcmp(tok + len - sl, SUFFIX[i], sl) != 0) continue;
        size_t stem = len - sl;
        while (stem > 3 && (tok[stem - 1] == 'i' || tok[stem - 1] == 'y' || tok[stem - 1] == 'e' ||
                            tok[stem - 1] == 'j'))
            stem--;
        const char *canon =
            find_given(PATRONYMIC_STEMS, sizeof(PATRONYMIC_STEMS) / sizeof(PATRONYMIC_STEMS[0]), tok, stem);
        if (!canon) return 0;
        int female = SUFFIX[i][sl - 1] == 'a';
        int n = snprintf(out, cap, "%s%s", canon, female ? "ovna" : "ovich");
        return n > 0 && (size_t)n < cap ? (size_t)n : 0;
    }
    return 0;
}

/*
 * test_lexicon.c - the words of organisation names that are not names
 * (src/text/lexicon.c, and how src/text/name.c marks them): countries as
 * phrases, adjectives and bare names, generic organisation words, Russian
 * legal forms as transliterated, and quoted short names.
 */
#include "test.h"
#include "embargo.h"
#include "base/arena.h"
#include "base/buf.h"
#include "text/country.h"
#include "text/lexicon.h"
#include "text/name.h"
#include "text/normalize.h"

#include <string.h>

/* Splits s on spaces into refs (the lexicon reads normalised tokens). */
static size_t words(char *s, emb_strref *refs, size_t cap) {
    size_t n = 0;
    for (char *p = strtok(s, " "); p && n < cap; p = strtok(NULL, " "))
        refs[n++] = (emb_strref){p, strlen(p)};
    return n;
}

TEST(country_keys_without_icu) {
    int longer = 0;
    const char *c = emb__country_key("korea", 5, &longer);
    CHECK(c && strcmp(c, "KPKR") == 0);
    CHECK(longer); /* "korea north" */
    c = emb__country_key("russian federation", 18, &longer);
    CHECK(c && strcmp(c, "RU") == 0);
    CHECK(!longer);
    c = emb__country_key("democratic", 10, &longer);
    CHECK(c == NULL);
    CHECK(longer); /* democratic peoples republic of korea, ... */
    CHECK(emb__country_key("narnia", 6, &longer) == NULL && !longer);
    CHECK(emb__country_key("", 0, &longer) == NULL);
}

TEST(countries_in_names) {
    static const struct {
        const char *text;
        size_t span;      /* tokens read, 0: none */
        const char *code; /* alpha-2 */
        int phrase;
        const char *canon;
    } CASES[] = {
        {"of the russian federation bank", 4, "RU", 1, "russian federation"},
        {"russian copper company", 1, "RU", 1, "russian"},
        {"of russia", 2, "RU", 1, "russia"},
        {"rossii", 1, "RU", 1, "rossii"},
        {"rossiiskoi federatsii", 2, "RU", 1, "rossiiskoi federatsii"},
        {"of the republic of belarus", 5, "BY", 1, "republic of belarus"},
        {"belarusian airlines", 1, "BY", 1, "belarusian"},
        {"belarus closed", 1, "BY", 0, "belarus"},      /* VTB BANK BELARUS: bare */
        {"myanmar chemical", 1, "MM", 0, "myanmar"},    /* Myanmar (Burma) */
        {"islamic republic of iran shipping lines", 4, "IR", 1, "islamic republic of iran"},
        {"democratic peoples republic of korea", 5, "KP", 1, "democratic peoples republic of korea"},
        {"korea daesong bank", 1, "KP", 1, "korea"},    /* Korea: North Korea first */
        {"of chad", 2, "TD", 1, "chad"},                /* a place after "of" ... */
        {"chad", 0, NULL, 0, NULL},                     /* ... alone a given name */
        {"jordan", 0, NULL, 0, NULL},
        {"rossiya", 0, NULL, 0, NULL},                  /* BANK ROSSIYA: its name */
        {"ru", 0, NULL, 0, NULL},                       /* codes are no names */
        {"usa", 0, NULL, 0, NULL},
        {"of", 0, NULL, 0, NULL},
        {"of the bank", 0, NULL, 0, NULL},
        {"sberbank", 0, NULL, 0, NULL},
    };
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        char buf[128], canon[64];
        emb_strref refs[16];
        strcpy(buf, CASES[i].text);
        size_t n = words(buf, refs, 16);
        uint16_t cls = 0;
        size_t span = emb__lexicon_country(refs, n, &cls, canon, sizeof(canon));
        if (span != CASES[i].span)
            fprintf(stderr, "  \"%s\": spans %zu, expected %zu\n", CASES[i].text, span, CASES[i].span);
        CHECK_EQ_INT(span, CASES[i].span);
        if (!span || span != CASES[i].span) continue;
        unsigned c = cls & (unsigned)~EMB_COUNTRY_PHRASE;
        char code[3] = {(char)('A' + c / 26), (char)('A' + c % 26), '\0'};
        CHECK_EQ_STR(code, CASES[i].code);
        CHECK_EQ_INT((cls & EMB_COUNTRY_PHRASE) != 0, CASES[i].phrase);
        CHECK_EQ_STR(canon, CASES[i].canon);
    }
}

TEST(generic_words_and_legal_forms) {
    static const char *const GENERIC[] = {"group", "holding", "holdings", "bank", "trading",
                                          "services", "international", "concern", "kompaniya", "europe"};
    for (size_t i = 0; i < sizeof(GENERIC) / sizeof(GENERIC[0]); i++)
        CHECK(emb__lexicon_flags(GENERIC[i], strlen(GENERIC[i]), NULL) & EMB_LEX_ORGWORD);
    static const char *const NOT[] = {"sberbank", "capital", "of", "wagner"};
    for (size_t i = 0; i < sizeof(NOT) / sizeof(NOT[0]); i++)
        CHECK(!(emb__lexicon_flags(NOT[i], strlen(NOT[i]), NULL) & EMB_LEX_ORGWORD));
    /* the spelled-out Russian forms, as lists transliterate them (one typo
     * a word: -oye for -oe, sch for shch) */
    static const struct { const char *text, *name; size_t span; } LEGAL[] = {
        {"zakrytoe aktsionernoe obshchestvo akuta", "cjsc", 3},
        {"otkrytoye aktsionernoye obshchestvo", "ojsc", 3},
        {"publichnoe aktsionernoe obschestvo magnitogorskiy", "pjsc", 3},
        {"aktsionernoe obshchestvo", "jsc", 2},
        /* a typo in a long word, first or later (the first word is where
         * emb__lexicon_legal turns most tokens away) */
        {"limited liabiliyt company", "llc", 3},
        {"limted liability company", "llc", 3},
        {"corporaton bank", "corp", 1},
        {"copmany", "co", 1},
        {"pvt ltd", "ltd", 2},
        /* phrases: a typo in a word of five letters or more, two from
         * eight, while another word of the phrase is written as listed */
        {"limited liabolit company", "llc", 3},
        {"join stock company", "jsc", 3},
        {"joint stocok company", "jsc", 3},
        {"obwshchestv s ogranichennoi otvetstvennostyu", "llc", 4},
        /* other countries' forms (the tokeniser makes A.S. "as") */
        {"anonim sirketi", "sa", 2},
        {"anonim sirketu", "sa", 2},
        {"limited sirketi", "ltd", 2},
        {"ltd sti", "ltd", 2},
        {"as", "sa", 1},
        {"as ltd", "sa", 1}, /* only legal forms after it */
        {"free zone establishment", "fze", 3},
        {"free zone company", "fze", 3},
        {"fzco", "fze", 1},
        {"fz llc", "fz llc", 2},
        {"sdn bhd", "ltd", 2},
        {"ltda", "srl", 1},
        {"s de rl de cv", "srl", 5},
        {"joint stock commercial bank", "jscb", 3},
        {"akb", "jscb", 1},
        {"federal state unitary enterprise", "fsue", 4},
        {"fgup", "fsue", 1},
        {"state unitary enterprise", "sue", 3},
        /* two words as listed vouch for two typos in a third */
        {"joint stock omcpany", "jsc", 3},
        /* the Lebanese SAL, at the end or before its offshore regime;
         * GmbH & Co. (KG) */
        {"societe anonyme libanaise", "sa", 3},
        {"sal", "sa", 1},
        {"sal offshore", "sa", 1},
        {"gmbh co kg", "gmbh co kg", 3},
        {"gmbh co", "gmbh co kg", 2},
        /* the Bulgarian forms and PVT cut short, at the end or before
         * other forms only */
        {"eood", "llc", 1},
        {"ood llc", "llc", 1},
        {"ad", "jsc", 1},
        {"ead", "jsc", 1},
        {"pvt", "ltd", 1},
        {"pvt ltd", "ltd", 2},
        /* the Polish Sp. z o.o., its o.o. one dotted token or two */
        {"sp z oo", "sp z o.o.", 3},
        {"sp z o o", "sp z o.o.", 4},
    };
    for (size_t i = 0; i < sizeof(LEGAL) / sizeof(LEGAL[0]); i++) {
        char buf[128];
        emb_strref refs[16];
        strcpy(buf, LEGAL[i].text);
        size_t n = words(buf, refs, 16);
        uint16_t cls = 0;
        const char *name = NULL;
        CHECK_EQ_INT(emb__lexicon_legal(refs, n, &cls, &name), LEGAL[i].span);
        CHECK(name && strcmp(name, LEGAL[i].name) == 0);
        /* the same from the forms kept for its first word (name.c's memo) */
        emb_legal_hits hits;
        uint16_t cls2 = 0;
        const char *name2 = NULL;
        CHECK(emb__lexicon_begins_hits(refs[0].s, refs[0].len, &hits) & EMB_BEGINS_LEGAL);
        CHECK_EQ_INT(emb__lexicon_legal_hits(refs, n, NULL, &hits, &cls2, &name2), LEGAL[i].span);
        CHECK(cls2 == cls && name2 == name);
    }
    /* not forms: AS inside a name is the Arabic article (as-Salam); a typo
     * in every word of a phrase, or in a short word, is no form; nor are
     * typos in a short one-word form or two in a long one */
    static const char *const NOT_LEGAL[] = {"as salam", "as ltd salam", "jont stok compani",
                                            "fre zone establishment", "lcc", "corprtion x",
                                            "sirketi", "free zone", "sal trading",
                                            "ad din", "ood trading", "pvt x"};
    for (size_t i = 0; i < sizeof(NOT_LEGAL) / sizeof(NOT_LEGAL[0]); i++) {
        char buf[128];
        emb_strref refs[16];
        strcpy(buf, NOT_LEGAL[i]);
        size_t n = words(buf, refs, 16);
        uint16_t cls = 0;
        const char *name = NULL;
        CHECK_EQ_INT(emb__lexicon_legal(refs, n, &cls, &name), 0);
    }
    /* forms read in their place only: AD and EAD after two words of the
     * name, written as words; other forms anywhere, with dots too (S.A.) */
    {
        emb_strref ad = {"ad", 2}, ead = {"ead", 3}, sa = {"sa", 2};
        uint16_t cls = 0;
        const char *name = NULL;
        emb_legal_ctx two = {2, 0}, one = {1, 0}, dotted = {3, 1};
        CHECK_EQ_INT(emb__lexicon_legal_in(&ad, 1, &two, &cls, &name), 1);
        CHECK(name && !strcmp(name, "jsc"));
        CHECK_EQ_INT(emb__lexicon_legal_in(&ead, 1, &two, &cls, &name), 1);
        CHECK_EQ_INT(emb__lexicon_legal_in(&ad, 1, &one, &cls, &name), 0);
        CHECK_EQ_INT(emb__lexicon_legal_in(&ad, 1, &dotted, &cls, &name), 0);
        CHECK_EQ_INT(emb__lexicon_legal_in(&ead, 1, &one, &cls, &name), 0);
        CHECK_EQ_INT(emb__lexicon_legal_in(&sa, 1, &dotted, &cls, &name), 1);
        CHECK_EQ_INT(emb__lexicon_legal_in(&sa, 1, &one, &cls, &name), 1);
    }
    /* a name's last word: two typos in a long one-word form that keep its
     * first and last letters (LIMIETSD); not another name (Campana) */
    {
        uint16_t cls = 0;
        const char *name = NULL;
        CHECK(emb__lexicon_legal_far("limietsd", 8, &cls, &name) && !strcmp(name, "ltd"));
        CHECK(!emb__lexicon_legal_far("campana", 7, &cls, &name));
        CHECK(!emb__lexicon_legal_far("limted", 6, &cls, &name));
        /* cut short, a long form: by two letters, or by one and a typo */
        CHECK(emb__lexicon_legal_far("xorporatio", 10, &cls, &name) && !strcmp(name, "corp"));
        CHECK(emb__lexicon_legal_far("corporati", 9, &cls, &name) && !strcmp(name, "corp"));
        CHECK(!emb__lexicon_legal_far("cooperatio", 10, &cls, &name));
        CHECK(!emb__lexicon_legal_far("corpora", 7, &cls, &name));
        CHECK(!emb__lexicon_legal_far("limite", 6, &cls, &name));
    }
    /* swaps pair: the same class, or the same family */
    static const struct { const char *a, *b; int rel; } REL[] = {
        {"anonim sirketi", "as", 2},     {"anonim sirketi", "jsc", 1}, {"ltd sti", "ltd", 2},
        {"free zone company", "fze", 2}, {"fz llc", "llc", 1},         {"llc", "fz llc", 1},
        {"fz llc", "fze", 1},            {"akb", "ao", 1},             {"fgup", "gup", 1},
        {"ltda", "ooo", 1},              {"fze", "llc", 0},            {"fgup", "jsc", 0},
        {"ood", "llc", 2},               {"ad", "ao", 2},              {"ad", "ood", 0},
        /* a Corporation written out is a joint-stock company; not an
         * LLC, and not Corp. or Inc. */
        {"corporation", "jsc", 1},       {"ao", "corporation", 1},     {"corp", "corporation", 2},
        {"corporation", "llc", 0},       {"corp", "jsc", 0},           {"inc", "ag", 0},
    };
    for (size_t i = 0; i < sizeof(REL) / sizeof(REL[0]); i++) {
        uint16_t c[2] = {0, 0};
        const char *text[2] = {REL[i].a, REL[i].b};
        for (int k = 0; k < 2; k++) {
            char buf[64];
            emb_strref refs[8];
            strcpy(buf, text[k]);
            size_t n = words(buf, refs, 8);
            const char *name = NULL;
            CHECK(emb__lexicon_legal(refs, n, &c[k], &name) == n);
        }
        CHECK_EQ_INT(emb__legal_relation(c[0], c[1]), REL[i].rel);
    }
}

/* The tokens of a name, as one string "text/flags ..." where flags are
 * Q (quoted), C (country), G (generic), L (legal form), P (particle),
 * T (title). */
static void analyse(emb_normalizer *nz, const char *name, char *out, size_t cap) {
    emb_arena a;
    emb_buf scratch;
    emb__arena_init(&a, 4096);
    emb__buf_init(&scratch);
    emb_tokens t;
    out[0] = '\0';
    if (emb__name_analyze(nz, NULL, &a, &scratch, name, strlen(name), &t) == EMBARGO_OK) {
        size_t used = 0;
        for (uint32_t i = 0; i < t.n && used < cap; i++) {
            const emb_token *k = &t.tok[i];
            int w = snprintf(out + used, cap - used, "%s%.*s%s%s%s%s%s%s%s", i ? " " : "", (int)k->len,
                             k->text, k->flags & (EMB_TOK_QUOTED | EMB_TOK_COUNTRY | EMB_TOK_GENERIC | EMB_TOK_LEGAL | EMB_TOK_PARTICLE | EMB_TOK_TITLE) ? "/" : "",
                             k->flags & EMB_TOK_QUOTED ? "Q" : "", k->flags & EMB_TOK_COUNTRY ? "C" : "",
                             k->flags & EMB_TOK_GENERIC ? "G" : "", k->flags & EMB_TOK_LEGAL ? "L" : "",
                             k->flags & EMB_TOK_PARTICLE ? "P" : "", k->flags & EMB_TOK_TITLE ? "T" : "");
            if (w < 0) break;
            used += (size_t)w;
        }
    }
    emb__buf_free(&scratch);
    emb__arena_free(&a);
}

TEST(organisation_names_analysed) {
    emb_normalizer *nz = NULL;
    if (emb__normalizer_new(&nz) != EMBARGO_OK) {
        CHECK(0);
        return;
    }
    static const struct { const char *name, *tokens; } CASES[] = {
        {"PRIVATE MILITARY COMPANY 'WAGNER'", "private military co/L wagner/Q"},
        {"Wagner Group", "wagner group/G"},
        {"OOO \"VO Technopromexport\"", "llc/L vo/Q technopromexport/Q"},
        /* the innermost of nested quotes; the EU's typographic quotes */
        {"JSC \u2018Research and Production Enterprise \u2018Topaz\u2019\u2019",
         "jsc/L research and production enterprise/G topaz/Q"},
        {"CENTRAL ELECTION COMMISSION OF THE REPUBLIC OF BELARUS",
         "central election commission republic of belarus/C"},
        {"PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", "pjsc/L sberbank russia/C"},
        {"SBERBANK ROSSII", "sberbank rossii/C"},
        /* apostrophes inside words and one that opens nothing: no quotes */
        {"O'NEILL, Patrick", "patrick oneill"},
        {"'Abd al-Rahman", "abdul rahman"},
        {"Michael Jordan", "michael jordan"},
        /* a form said twice in one class is one form; AD as the Bulgarian
         * form at the end, a word elsewhere, initials with dots */
        {"NUMERICAL GAMES OOD LLC", "numerical games llc/L"},
        {"KRISTIANO GR 53 JSC AD", "kristiano gr 53 jsc/L"},
        {"NOVE-AD-HOLDING AD", "nove ad holding/G jsc/L"},
        {"SMITH, A.D.", "ad smith"},
        {"SMITH AD", "smith ad"},
        {"REX LOTO AD", "rex loto jsc/L"},
        /* initials, not a country or a particle: U. S. next to H.; dotted
         * L.E. and A.L. */
        {"U. S. H. Al-tikriti", "u s h al/P tikriti"},
        {"L.E. Calle Serna", "le calle serna"},
        {"A.L. Smith", "al smith"},
        {"Ahmad al-Smith", "ahmad al/P smith"},
        /* titles in front of a person's name; an organisation's name has
         * none (MR HANDYMAN LTD, PRIME BANK) */
        {"Shaykh Umar Abd al-Rahman", "shaykh/T umar abdul rahman"},
        {"Mr John Smith", "mr/T john smith"},
        {"MR HANDYMAN LTD", "mr handyman ltd/L"},
        {"PRIME BANK", "prime bank/G"},
        /* the Danish and Norwegian A/S; a number after a word is no letter
         * (Media4), digits inside one are (Ig0r) */
        {"Norsk Elektro Optikk A/S", "norsk elektro optikk sa/L"},
        {"Media4", "media4"},
        {"Ig0r", "igor"},
    };
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        char got[256];
        analyse(nz, CASES[i].name, got, sizeof(got));
        CHECK_EQ_STR(got, CASES[i].tokens);
    }
    emb__normalizer_free(nz);
}

/* The weight of each token of a name, analysed with the memo or without. */
static size_t weights(emb_normalizer *nz, emb_name_memo *memo, const char *name, float *w, size_t cap) {
    emb_arena a;
    emb_buf scratch;
    emb__arena_init(&a, 4096);
    emb__buf_init(&scratch);
    emb_tokens t;
    size_t n = 0;
    if (emb__name_analyze(nz, memo, &a, &scratch, name, strlen(name), &t) == EMBARGO_OK)
        for (; n < t.n && n < cap; n++) w[n] = t.tok[n].weight;
    emb__buf_free(&scratch);
    emb__arena_free(&a);
    return n;
}

/* Common Arab given names: the lexicon knows them, and a name that is one
 * of them alone weighs it as common (0.4 at most, the abdul of Abd al-
 * 0.25), while a name with another word keeps the table's weights. */
TEST(common_given_names) {
    /* the first and last words of the tables, of several first letters and
     * lengths (the search looks among the words of a word's first letter
     * and length only), and words near them that are not there */
    CHECK(emb__lexicon_common_given("abbas", 5) == EMB_GIVEN_COMMON);
    CHECK(emb__lexicon_common_given("ziyad", 5) == EMB_GIVEN_COMMON);
    CHECK(emb__lexicon_common_given("abba", 4) == 0);
    CHECK(emb__lexicon_common_given("ziyadd", 6) == 0);
    CHECK(emb__lexicon_common_given("xavier", 6) == 0);
    CHECK(emb__lexicon_common_given("Saud", 4) == 0);
    CHECK(emb__lexicon_given("aleg", 4) && !strcmp(emb__lexicon_given("aleg", 4), "oleg"));
    CHECK(emb__lexicon_given("zmitser", 7) && !strcmp(emb__lexicon_given("zmitser", 7), "dmitri"));
    CHECK(emb__lexicon_given("aleksandra", 10) && !strcmp(emb__lexicon_given("aleksandra", 10), "aleksandra"));
    CHECK(emb__lexicon_given("alek", 4) == NULL);
    CHECK(emb__lexicon_given("zmitse", 6) == NULL);
    CHECK(emb__lexicon_given("1aleg", 5) == NULL);
    CHECK(emb__lexicon_given("", 0) == NULL);
    CHECK(emb__lexicon_common_given("saud", 4) == EMB_GIVEN_COMMON);
    CHECK(emb__lexicon_common_given("aziz", 4) & EMB_GIVEN_DIVINE);
    CHECK(emb__lexicon_common_given("muhammad", 8) & EMB_GIVEN_COMMON);
    CHECK(emb__lexicon_common_given("abdullah", 8) & EMB_GIVEN_COMMON);
    CHECK(emb__lexicon_common_given("putin", 5) == 0);
    CHECK(emb__lexicon_common_given("haq", 3) == 0);
    CHECK(emb__lexicon_common_given("sau", 3) == 0);
    CHECK(emb__lexicon_common_given("abdul", 5) == EMB_GIVEN_ABD);
    emb_normalizer *nz = NULL;
    if (emb__normalizer_new(&nz) != EMBARGO_OK) {
        CHECK(0);
        return;
    }
    emb_name_memo *memo = emb__name_memo_new();
    CHECK(memo != NULL);
    for (int pass = 0; pass < 3; pass++) { /* no memo, a new memo, a memo that holds the words */
        emb_name_memo *m = pass ? memo : NULL;
        float w[8], v[8];
        CHECK_EQ_INT((int)weights(nz, m, "Saud", w, 8), 1);
        CHECK(w[0] <= 0.4f + 1e-6f);
        CHECK_EQ_INT((int)weights(nz, m, "Abd al-Aziz", w, 8), 2);
        CHECK(w[0] <= 0.25f + 1e-6f && w[1] <= 0.4f + 1e-6f);
        /* Haq is no common given name: the name keeps the table's weights */
        CHECK_EQ_INT((int)weights(nz, m, "Abdul Haq", w, 8), 2);
        CHECK(w[0] > 0.5f && w[1] > 0.6f);
        /* nor does a name with a family name, in either order */
        CHECK_EQ_INT((int)weights(nz, m, "Saud Kadyrov", w, 8), 2);
        CHECK_EQ_INT((int)weights(nz, m, "KADYROV, Saud", v, 8), 2);
        CHECK(w[0] > 0.7f && v[0] > 0.7f);
        /* two written names keep theirs: lighter, they would make the listed
         * name's other words cost more (eval/screen-results.txt) */
        CHECK_EQ_INT((int)weights(nz, m, "Mohamed Ibrahim", w, 8), 2);
        CHECK(w[0] > 0.55f);
        /* nor with a nisba */
        CHECK_EQ_INT((int)weights(nz, m, "Saud al-Saud", w, 8), 3);
        CHECK(w[0] > 0.7f);
        /* an initial narrows: A. Saud is someone's Saud, not a name alone */
        CHECK_EQ_INT((int)weights(nz, m, "A. Saud", w, 8), 2);
        CHECK(w[1] > 0.7f);
        /* a company of such words is a company */
        CHECK_EQ_INT((int)weights(nz, m, "Saud LLC", w, 8), 2);
        CHECK(w[0] > 0.7f);
        /* in any name a common given name weighs no more than its peers
         * that the name table counts in full, however few of its
         * spellings the table holds (Zainab: 1.0) */
        CHECK_EQ_INT((int)weights(nz, m, "Zainab Kadyrov", w, 8), 2);
        CHECK(w[0] <= 0.75f + 1e-6f && w[1] > 0.75f);
        CHECK_EQ_INT((int)weights(nz, m, "Javad Kadyrov", w, 8), 2);
        CHECK(w[0] <= 0.75f + 1e-6f);
    }
    emb__name_memo_free(memo);
    emb__normalizer_free(nz);
}

/* "President" as the languages write it (the word, normalised) is a title. */
TEST(president_titles) {
    static const char *const P[] = {"president", "prezident", "prezydent", "predsjednik", "predsednik",
                                    "presiden", "presedintele", "cumhurbaskani", "proedros", "presidentti"};
    for (size_t i = 0; i < sizeof(P) / sizeof(P[0]); i++)
        CHECK(emb__lexicon_flags(P[i], strlen(P[i]), NULL) & EMB_LEX_TITLE);
}

int main(void) {
    RUN(country_keys_without_icu);
    RUN(countries_in_names);
    RUN(generic_words_and_legal_forms);
    RUN(organisation_names_analysed);
    RUN(common_given_names);
    RUN(president_titles);
    return test_summary();
}

/*
 * test_normalize.c - unit tests for the normaliser (src/text/normalize.c)
 * and the tokens the name analyser makes of it (src/text/name.c), on text
 * that tries to hide a name.
 *
 * Invisible characters (Unicode's default-ignorable code points) are
 * dropped, so a word they sit in stays one word. In a Latin word, Cyrillic
 * and Greek letters that look like Latin ones are read as those letters;
 * a word that is mostly or wholly Cyrillic or Greek is romanised as it is.
 * A hyphen or an underscore inside a word splits it into tokens marked as
 * halves of one word (EMB_TOK_HYPHEN), which the scorer may join.
 */
#include "test.h"
#include "base/arena.h"
#include "base/buf.h"
#include "text/name.h"
#include "text/normalize.h"
#include "text/romkey.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

static emb_normalizer *nz;

/* The normalised form of s, in a static buffer ("<error>" on failure). */
static const char *norm(const char *s) {
    static char out[256];
    emb_buf b;
    emb__buf_init(&b);
    embargo_status st = emb__normalize(nz, s, strlen(s), &b);
    if (st || b.len >= sizeof(out)) {
        emb__buf_free(&b);
        return "<error>";
    }
    if (b.len) memcpy(out, b.data, b.len); /* (b.data is NULL when nothing came) */
    out[b.len] = '\0';
    emb__buf_free(&b);
    return out;
}

TEST(invisible_characters_are_dropped) {
    CHECK_EQ_STR(norm("Kosa\xe2\x80\x8b" "chyov"), "kosachyov");         /* U+200B zero-width space */
    CHECK_EQ_STR(norm("Kosa\xe2\x80\x8c" "chyov"), "kosachyov");         /* U+200C ZWNJ */
    CHECK_EQ_STR(norm("Kosa\xe2\x80\x8d" "chyov"), "kosachyov");         /* U+200D ZWJ */
    CHECK_EQ_STR(norm("Kosa\xe2\x81\xa0" "chyov"), "kosachyov");         /* U+2060 word joiner */
    CHECK_EQ_STR(norm("Kosa\xef\xbb\xbf" "chyov"), "kosachyov");         /* U+FEFF BOM */
    CHECK_EQ_STR(norm("Kosa\xc2\xad" "chyov"), "kosachyov");             /* U+00AD soft hyphen */
    CHECK_EQ_STR(norm("Kosa\xe1\xa0\x8e" "chyov"), "kosachyov");         /* U+180E */
    CHECK_EQ_STR(norm("Kosa\xcd\x8f" "chyov"), "kosachyov");             /* U+034F CGJ */
    CHECK_EQ_STR(norm("Kosa\xf3\xa0\x80\x81" "chyov"), "kosachyov");     /* U+E0001 language tag */
    /* several, and in a Cyrillic word */
    CHECK_EQ_STR(norm("\xe2\x80\x8bK\xe2\x80\x8co\xe2\x80\x8dsa\xc2\xad" "chyov\xef\xbb\xbf"), "kosachyov");
    CHECK_EQ_STR(norm("\xd0\x9f\xd1\x83\xe2\x80\x8b\xd1\x82\xd0\xb8\xd0\xbd"), "putin"); /* Пу<ZWSP>тин */
    /* ordinary spaces still separate */
    CHECK_EQ_STR(norm("Vladimir\xe2\x80\x8b Putin"), "vladimir putin");
    CHECK_EQ_STR(norm("\xe2\x80\x8b\xc2\xad"), "");
}

TEST(look_alike_letters_in_latin_words) {
    CHECK_EQ_STR(norm("\xd0\xa0utin"), "putin");                          /* Cyrillic Р */
    CHECK_EQ_STR(norm("\xce\xa1utin"), "putin");                          /* Greek Ρ */
    CHECK_EQ_STR(norm("K\xd0\xbesachev"), "kosachev");                    /* Cyrillic о */
    CHECK_EQ_STR(norm("K\xce\xbfs\xce\xb1" "ch\xce\xb5v"), "kosachev");   /* Greek ο α ε */
    CHECK_EQ_STR(norm("\xce\x92utina"), "butina");                        /* Greek Β: B, not V */
    CHECK_EQ_STR(norm("\xd0\x92utina"), "butina");                        /* Cyrillic В: B, not V */
    CHECK_EQ_STR(norm("\xd0\x86van"), "ivan");                            /* Cyrillic І: I, not l */
    CHECK_EQ_STR(norm("Slutsk\xd1\x83"), "slutsky");                      /* Cyrillic у: y, not u */
    CHECK_EQ_STR(norm("\xd0\xa0utin \xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd"), "putin putin");
}

TEST(cyrillic_and_greek_words_are_romanised) {
    /* wholly Cyrillic, of letters that all have Latin look-alikes: Васе
     * romanised is "vase", its look-alikes would be "bace" */
    CHECK_EQ_STR(norm("\xd0\x92\xd0\xb0\xd1\x81\xd0\xb5"), "vase");
    CHECK_EQ_STR(norm("\xd0\x9a\xd0\x90\xd0\xa0\xd0\xa1\xd0\xa2"), "karst"); /* КАРСТ, not kapct */
    /* mostly Cyrillic with a Latin letter (EU lists write Ukrainian names
     * with a Latin I): romanised, not read as look-alikes */
    CHECK_EQ_STR(norm("K\xd0\x90\xd0\xa0\xd0\xa1\xd0\xa2"), "karst");
    CHECK_EQ_STR(norm("\xd0\x9dI\xd0\x9a\xd0\x9e\xd0\x9d\xd0\x9e\xd0\xa0\xd0\x9e\xd0\x92\xd0\x90"), "nikonorova");
    /* Greek stays Greek romanised: Ρόδος is rodos (its look-alikes: podos) */
    CHECK_EQ_STR(norm("\xce\xa1\xcf\x8c\xce\xb4\xce\xbf\xcf\x82"), "rodos");
    /* Modern Greek as ELOT 743 reads it: ντ, μπ, γκ are d, b, g at a word's
     * start and end, nd, mb, ng inside after a vowel; β is v, η is i */
    CHECK_EQ_STR(norm("Ντόκος"), "dokos");
    CHECK_EQ_STR(norm("ΜΠΑΚΟΓΙΑΝΝΗΣ"), "bakogiannis");
    CHECK_EQ_STR(norm("Γκίκας Άγκυρα"), "gikas angyra");
    CHECK_EQ_STR(norm("Βλαντίμιρ Πούτιν"), "vlandimir poutin");
    CHECK_EQ_STR(norm("Ρότενμπεργκ Σεργκέι"), "rotenberg sergei"); /* after a consonant, at the end */
    CHECK_EQ_STR(norm("Μιχαήλ"), "michail");
    /* ASCII is untouched */
    CHECK_EQ_STR(norm("Kornilov-Rnm_I"), "kornilov-rnm_i");
}

TEST(hangul_is_romanised_as_the_north_writes_names) {
    /* a syllable a word, as the lists write Korean given names */
    CHECK_EQ_STR(norm("\xea\xb9\x80\xec\xa0\x95\xec\x9d\x80"), "kim jong un");        /* 김정은 */
    CHECK_EQ_STR(norm("\xec\xb5\x9c\xeb\xa3\xa1\xed\x95\xb4"), "choe ryong hae");     /* 최룡해 */
    /* k, t, p voiced inside a given name after a vowel or n, l, m, ng... */
    CHECK_EQ_STR(norm("\xeb\xa6\xac\xeb\xa7\x8c\xea\xb1\xb4"), "ri man gon");         /* 리만건 */
    /* ...but not at its start, nor in the surname */
    CHECK_EQ_STR(norm("\xea\xb9\x80\xea\xb8\xb0\xeb\x82\xa8"), "kim ki nam");         /* 김기남 */
    CHECK_EQ_STR(norm("\xeb\xb0\x95 \xeb\xb4\x89\xec\xa3\xbc"), "pak pong ju");       /* 박 봉주 */
    /* the South's 이 for the surname RI, at the start of the name only */
    CHECK_EQ_STR(norm("\xec\x9d\xb4\xeb\xb3\x91\xec\xb2\xa0"), "ri pyong chol");      /* 이병철 */
    CHECK_EQ_STR(norm("\xea\xb9\x80\xec\x9d\xb4"), "kim i");                             /* 김이 */
    CHECK_EQ_STR(norm("\xec\x9c\xa4\xec\x84\x9d\xec\x97\xb4"), "yun sok yol");        /* 윤석열 */
    /* other scripts beside it go on to their own romanisation */
    CHECK_EQ_STR(norm("\xea\xb9\x80 \xd0\x9a\xd0\x90\xd0\xa0\xd0\xa1\xd0\xa2"), "kim karst");
}

/* Katakana's small vowels after a syllable write one foreign syllable
 * (ヴィ vi), not two words (ICU 72: vu~i). */
TEST(katakana_small_vowels_make_one_syllable) {
    CHECK_EQ_STR(norm("\xe3\x83\xb4\xe3\x82\xa3\xe3\x83\x81"), "vichi");        /* ヴィチ */
    CHECK_EQ_STR(norm("\xe3\x82\xa6\xe3\x82\xa3\xe3\x83\xab"), "wiru");         /* ウィル */
    CHECK_EQ_STR(norm("\xe3\x83\x97\xe3\x83\xbc\xe3\x83\x81\xe3\x83\xb3"), "puchin"); /* プーチン */
}

/* A foreign name in Hangul (a syllable no Sino-Korean reading has: a
 * consonant and ㅡ without a final, ㅔ with a final, ㅌ and ㅣ, ㅅ ㅈ ㅊ
 * before a y-vowel) is read as the foreign word it writes:
 * no ㅡ after a consonant, one l for ㄹㄹ, a final 치 ch; every Hangul word
 * of the name so; and the marks count its words as the romanisation does. */
TEST(hangul_foreign_names_are_read_as_loanwords) {
    static const char V[] = "\xeb\xb8\x94\xeb\x9d\xbc\xeb\x94\x94\xeb\xaf\xb8\xeb\xa5\xb4 \xed\x91\xb8\xed\x8b\xb4"; /* 블라디미르 푸틴 */
    CHECK_EQ_STR(norm(V), "bladimir putin");
    CHECK_EQ_STR(norm("\xeb\xb8\x94\xeb\x9d\xbc\xeb\x94\x94\xeb\xaf\xb8\xeb\xa1\x9c\xeb\xb9\x84\xec\xb9\x98 "
                      "\xeb\xb8\x94\xeb\x9d\xbc\xeb\x94\x94\xeb\xaf\xb8\xeb\xa5\xb4"), "bladimirobich bladimir"); /* 블라디미로비치 블라디미르 */
    CHECK_EQ_STR(norm("\xec\x84\xb8\xeb\xa5\xb4\xea\xb2\x8c\xec\x9d\xb4"), "sergei"); /* 세르게이 */
    CHECK_EQ_STR(norm("\xec\x84\xb8\xeb\xa5\xb4\xea\xb2\x8c\xec\x9d\xb4 \xec\x87\xbc\xec\x9d\xb4\xea\xb5\xac"),
                 "sergei shoigu"); /* 세르게이 쇼이구 */
    /* or with another syllable no Sino-Korean reading has: ㅌ and ㅣ, ㅔ
     * with a final, ㅅ before a y-vowel */
    CHECK_EQ_STR(norm("\xed\x91\xb8\xed\x8b\xb4"), "putin");                 /* 푸틴 */
    CHECK_EQ_STR(norm("\xec\x97\x98\xeb\xb9\x84\xeb\x9d\xbc"), "elbira"); /* 엘비라 */
    CHECK_EQ_STR(norm("\xec\x87\xbc\xec\x9d\xb4\xea\xb5\xac"), "shoigu"); /* 쇼이구 */
    /* a title after it stays Korean (name.c reads it), after any space */
    CHECK_EQ_STR(norm("\xeb\xb8\x94\xeb\x9d\xbc\xeb\x94\x94\xeb\xaf\xb8\xeb\xa5\xb4 \xed\x91\xb8\xed\x8b\xb4 "
                      "\xeb\x8c\x80\xed\x86\xb5\xeb\xa0\xb9"),
                 "bladimir putin tae thong ryong"); /* 블라디미르 푸틴 대통령 */
    /* without such a syllable the name is Korean, though its first
     * syllable begins no Korean name: places, ships, companies (청천강
     * Chong Chon Gang, 릉라도 Rung Ra Do) */
    CHECK_EQ_STR(norm("\xec\xb2\xad\xec\xb2\x9c\xea\xb0\x95"), "chong chon gang"); /* 청천강 */
    CHECK_EQ_STR(norm("\xeb\xa6\x89\xeb\x9d\xbc\xeb\x8f\x84"), "rung ra do");     /* 릉라도 */
    /* ㅡ with a final other than ㄹ is spoken, in a foreign name too */
    CHECK_EQ_STR(norm("\xec\x84\xb8\xeb\xa5\xb4\xea\xb2\x8c\xec\x9d\xb4 \xeb\xa6\x89"), "sergei rung"); /* 세르게이 릉 */
    /* a Korean name stays a syllable a word, a surname first */
    CHECK_EQ_STR(norm("\xeb\x82\x98\xeb\xb0\x9c\xeb\x8b\x88"), "na pal ni"); /* 나발니: 나 is Na */
    uint32_t mk[8];
    CHECK_EQ_INT((int)emb__normalize_marks(nz, V, strlen(V), mk, NULL, 8), 0); /* Latin now: no marks */
}

/* The inherent vowel of Bengali and Devanagari is read only where it is spoken:
 * not at a word's end nor between a vowel and a consonant with a vowel of
 * its own (Any-Latin read moham'mada samasuddina, rahamana, isalama). */
TEST(bengali_reads_no_vowel_it_does_not_speak) {
    /* মোহাম্মদ শামসুদ্দিন */
    CHECK_EQ_STR(norm("\xe0\xa6\xae\xe0\xa7\x8b\xe0\xa6\xb9\xe0\xa6\xbe\xe0\xa6\xae\xe0\xa7\x8d\xe0\xa6\xae"
                      "\xe0\xa6\xa6 \xe0\xa6\xb6\xe0\xa6\xbe\xe0\xa6\xae\xe0\xa6\xb8\xe0\xa7\x81\xe0\xa6\xa6"
                      "\xe0\xa7\x8d\xe0\xa6\xa6\xe0\xa6\xbf\xe0\xa6\xa8"),
                 "moham'mad shamsuddin");
    CHECK_EQ_STR(norm("\xe0\xa6\xb0\xe0\xa6\xb9\xe0\xa6\xae\xe0\xa6\xbe\xe0\xa6\xa8"), "rahman");        /* রহমান */
    CHECK_EQ_STR(norm("\xe0\xa6\x87\xe0\xa6\xb8\xe0\xa6\xb2\xe0\xa6\xbe\xe0\xa6\xae"), "islam");        /* ইসলাম */
    CHECK_EQ_STR(norm("\xe0\xa6\xac\xe0\xa6\xb0\xe0\xa6\x95\xe0\xa6\xa4"), "barkat");                    /* বরকত */
    /* a vowel before a final consonant stays (আলম), and so does a
     * cluster's at the end (দত্ত) */
    CHECK_EQ_STR(norm("\xe0\xa6\x86\xe0\xa6\xb2\xe0\xa6\xae"), "alam");
    CHECK_EQ_STR(norm("\xe0\xa6\xa6\xe0\xa6\xa4\xe0\xa7\x8d\xe0\xa6\xa4"), "datta");
    /* sh for ś and ṣ, Bengali's f for ph, its w for o before ya: শেখ,
     * ফরিদ, আনোয়ার, ওয়াজেদ, अमित शाह */
    CHECK_EQ_STR(norm("\xe0\xa6\xb6\xe0\xa7\x87\xe0\xa6\x96"), "shekh");
    CHECK_EQ_STR(norm("\xe0\xa6\xab\xe0\xa6\xb0\xe0\xa6\xbf\xe0\xa6\xa6"), "farid");
    CHECK_EQ_STR(norm("\xe0\xa6\x86\xe0\xa6\xa8\xe0\xa7\x8b\xe0\xa6\xaf\xe0\xa6\xbc\xe0\xa6\xbe\xe0\xa6\xb0"), "anwar");
    CHECK_EQ_STR(norm("\xe0\xa6\x93\xe0\xa6\xaf\xe0\xa6\xbc\xe0\xa6\xbe\xe0\xa6\x9c\xe0\xa7\x87\xe0\xa6\xa6"), "wajed");
    CHECK_EQ_STR(norm("\xe0\xa4\x85\xe0\xa4\xae\xe0\xa4\xbf\xe0\xa4\xa4\x20\xe0\xa4\xb6\xe0\xa4\xbe\xe0\xa4\xb9"), "amit shah");
    /* Devanagari alike: मसूद अज़हर, नरेंद्र */
    CHECK_EQ_STR(norm("\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x82\xe0\xa4\xa6\x20\xe0\xa4\x85\xe0\xa4\x9c\xe0\xa4\xbc\xe0\xa4\xb9\xe0\xa4\xb0"), "masud azhar");
    CHECK_EQ_STR(norm("\xe0\xa4\xa8\xe0\xa4\xb0\xe0\xa5\x87\xe0\xa4\x82\xe0\xa4\xa6\xe0\xa5\x8d\xe0\xa4\xb0"), "narendra");
}

/* The tokens of a name as "text/text/..." with a '+' after each token
 * marked as the first half of a hyphenated word. */
static const char *tokens(const char *name) {
    static char out[256];
    emb_arena a;
    emb_buf scratch;
    emb__arena_init(&a, 4096);
    emb__buf_init(&scratch);
    emb_tokens t;
    size_t n = 0;
    out[0] = '\0';
    if (emb__name_analyze(nz, NULL, &a, &scratch, name, strlen(name), &t) == EMBARGO_OK) {
        for (uint32_t i = 0; i < t.n && n + t.tok[i].len + 3 < sizeof(out); i++) {
            if (i) out[n++] = '/';
            memcpy(out + n, t.tok[i].text, t.tok[i].len);
            n += t.tok[i].len;
            if (t.tok[i].flags & EMB_TOK_HYPHEN) out[n++] = '+';
        }
        out[n] = '\0';
    } else {
        strcpy(out, "<error>");
    }
    emb__buf_free(&scratch);
    emb__arena_free(&a);
    return out;
}

TEST(hyphens_and_underscores_split_and_mark) {
    CHECK_EQ_STR(tokens("Konstantin Kosa-chyov"), "konstantin/kosa+/chyov");
    CHECK_EQ_STR(tokens("Konstantin Kosa_chyov"), "konstantin/kosa+/chyov");
    CHECK_EQ_STR(tokens("Kislyak_Sergei_Ivanovich"), "kislyak+/sergei+/ivanovich");
    CHECK_EQ_STR(tokens("Jean-Claude Juncker"), "jean+/claude/juncker");
    /* a hyphen between spaces, or two separators, is no word in halves */
    CHECK_EQ_STR(tokens("Putin - Kosachev"), "putin/kosachev");
    CHECK_EQ_STR(tokens("Putin--Kosachev"), "putin/kosachev");
    /* an invisible character is no separator at all */
    CHECK_EQ_STR(tokens("Kosa\xe2\x80\x8b" "chyov"), "kosachyov");
}

/* Whether tokens x and y are one in every field the matcher reads. */
static int same_token(const emb_token *x, const emb_token *y) {
    if (x->len != y->len || x->klen != y->klen || x->plen != y->plen || x->pos != y->pos ||
        x->flags != y->flags || x->legal != y->legal || x->weight != y->weight ||
        x->tmask != y->tmask || x->kmask != y->kmask || x->lklen != y->lklen || x->orig != y->orig ||
        memcmp(x->text, y->text, x->len) || memcmp(x->key, y->key, x->klen) ||
        memcmp(x->phon, y->phon, x->plen) || (x->lklen && memcmp(x->lkey, y->lkey, x->lklen)))
        return 0;
    for (int r = 0; r < EMB_ALT_KEYS; r++)
        if (x->aklen[r] != y->aklen[r] || (x->aklen[r] && memcmp(x->akey[r], y->akey[r], x->aklen[r])))
            return 0;
    emb_token ex, ey; /* the Russian spelling behind the key (name.h) */
    if (emb__token_east(x, &ex) != emb__token_east(y, &ey)) return 0;
    if ((x->flags & EMB_TOK_EAST) &&
        (ex.klen != ey.klen || ex.plen != ey.plen || memcmp(ex.key, ey.key, ex.klen) ||
         memcmp(ex.phon, ey.phon, ex.plen)))
        return 0;
    return 1;
}

/* The word memo (name.h) changes no token: each name analysed with it,
 * once cold and once warm, in an order where words come back in other
 * roles (a title, a legal form, a surname, a word of a company), against
 * the analysis without it; also with a memo of one set of four words,
 * where the words of one name push each other out between the lexicon's
 * look-up, the token and its weighing. */
TEST(the_word_memo_changes_no_token) {
    static const char *const NAMES[] = {
        "Mikhail Borisovich Khodorkovsky", "Michail Borissowitsch Chodorkowski",
        "PRIGOZHIN, Yevgeniy Viktorovich", "Evgueni Prigojine", "Sergei Choigou",
        "LUKASHENKA, Alyaksandr Ryhoravich", "Dzmitry Shautsou", "Hryb Ipatau",
        "Sheikh Mohammed bin Rashid", "Mohammed Mohammed", "Dr. Mohammed Ali",
        "Abd al-Rahman Mohammed", "Abdulrahman Ali", "Mohammed Trading LLC",
        "Trading Company Mohammed", "OOO Limited Liability Company Trading",
        "Bank Saderat Iran", "Islamic Republic of Iran Shipping Lines", "Iran",
        "Twenty First Century Trading", "21st Century", "A. B. Smith", "R.P. Ayeras",
        "Kosa-chyov Konstantin", "\"Wagner\" Private Military Company", "Ig0r Sech1n",
        "Dmitriyevich Dmitriyev", "Volkswagenwerkbeteiligungsgesellschaftsmbh Trading",
        "Ivanov", "President Ivanov", "Ivanov Ivan Ivanovich", "The Bank", "Bank",
        "Giovanni Rossi", "Johann Giovanni Ivan", "Dzmitry Hryb", "Zhou Enlai Johann",
        "Владимир Путин", "Олександр Лукашенко", "محمد علي", "Jürgen Müller GmbH",
    };
    size_t n = sizeof(NAMES) / sizeof(NAMES[0]);
    emb_name_memo *memos[2] = {emb__name_memo_new(), emb__name_memo_new_sized(4)};
    CHECK(memos[0] != NULL && memos[1] != NULL);
    if (!memos[0] || !memos[1]) {
        emb__name_memo_free(memos[0]);
        emb__name_memo_free(memos[1]);
        return;
    }
    emb_arena a, b;
    emb_buf scratch;
    emb__arena_init(&a, 4096);
    emb__arena_init(&b, 4096);
    emb__buf_init(&scratch);
    for (int round = 0; round < 4; round++) {
        emb_name_memo *memo = memos[round / 2];
        for (size_t k = 0; k < n; k++) {
            const char *name = NAMES[round % 2 ? n - 1 - k : k];
            emb_tokens with, without;
            emb__arena_reset(&a);
            emb__arena_reset(&b);
            CHECK_EQ_INT(emb__name_analyze(nz, NULL, &b, &scratch, name, strlen(name), &without), EMBARGO_OK);
            CHECK_EQ_INT(emb__name_analyze(nz, memo, &a, &scratch, name, strlen(name), &with), EMBARGO_OK);
            CHECK_EQ_INT(with.n, without.n);
            for (uint32_t i = 0; i < with.n && i < without.n; i++)
                TEST_CHECK_(same_token(&with.tok[i], &without.tok[i]), "%s:%d: %s: \"%s\": token %u differs\n",
                            __FILE__, __LINE__, test_current, name, i);
        }
    }
    emb__buf_free(&scratch);
    emb__arena_free(&a);
    emb__arena_free(&b);
    emb__name_memo_free(memos[0]);
    emb__name_memo_free(memos[1]);
}

/* An ASCII name is split as it is written (name.c lowers its letters as
 * it goes; emb__normalize would only lower them): the same tokens as the
 * name with its first space written as a no-break space, which takes the
 * romanisation's path and comes out as a space. */
TEST(an_ascii_name_is_split_as_written) {
    static const char *const NAMES[] = {
        "Ig0r Sech1n", "O'NEILL Patrick", "\"WAGNER\" Private Military Company", "A.B. Smith",
        "SMITH, John A/S", "Abdulrahman Al-Rashid 21st Century", "Mao Tse-tung", "KIM Jong Un",
        "Media4 Area51 1st 22nd", "Kosa_chyov Konstantin", "The Bank of the Russian Federation",
        "x AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1 y",
    };
    emb_arena a, b;
    emb_buf scratch;
    emb__arena_init(&a, 4096);
    emb__arena_init(&b, 4096);
    emb__buf_init(&scratch);
    for (size_t k = 0; k < sizeof(NAMES) / sizeof(NAMES[0]); k++) {
        const char *name = NAMES[k];
        char alt[512];
        size_t len = strlen(name), sp = strcspn(name, " ");
        CHECK(sp < len && len + 2 < sizeof(alt));
        if (sp >= len || len + 2 >= sizeof(alt)) continue;
        memcpy(alt, name, sp);
        memcpy(alt + sp, "\xc2\xa0", 2);
        memcpy(alt + sp + 2, name + sp + 1, len - sp); /* with the NUL */
        emb_tokens x, y;
        emb__arena_reset(&a);
        emb__arena_reset(&b);
        CHECK_EQ_INT(emb__name_analyze(nz, NULL, &a, &scratch, name, len, &x), EMBARGO_OK);
        CHECK_EQ_INT(emb__name_analyze(nz, NULL, &b, &scratch, alt, strlen(alt), &y), EMBARGO_OK);
        CHECK_EQ_INT(x.n, y.n);
        for (uint32_t i = 0; i < x.n && i < y.n; i++)
            TEST_CHECK_(same_token(&x.tok[i], &y.tok[i]) && x.tok[i].len == y.tok[i].len &&
                            memcmp(x.tok[i].text, y.tok[i].text, x.tok[i].len) == 0,
                        "%s:%d: %s: \"%s\": token %u differs\n", __FILE__, __LINE__, test_current, name, i);
    }
    emb__buf_free(&scratch);
    emb__arena_free(&a);
    emb__arena_free(&b);
}

/* Writes c as UTF-8 at s; returns its length. */
static size_t put(uint32_t c, char *s) {
    size_t n = 0;
    U8_APPEND_UNSAFE(s, n, c);
    return n;
}

/* Whether emb__normalize and its ICU path alone agree on s[0, n). */
static int same_as_icu(const char *s, size_t n) {
    emb_buf a, b;
    emb__buf_init(&a);
    emb__buf_init(&b);
    embargo_status sa = emb__normalize(nz, s, n, &a), sb = emb__normalize_icu(nz, s, n, &b);
    int same = sa == sb && a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
    emb__buf_free(&a);
    emb__buf_free(&b);
    return same;
}

/* How many texts of three of the words w[0, n) (two rounds of pairs and a
 * third) normalise otherwise than ICU does them whole; with `tails`, the
 * text without its first word too. */
static size_t unlike_icu(const char *const *w, size_t n, int tails) {
    size_t bad = 0;
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                char s[256];
                int len = snprintf(s, sizeof(s), "%s %s  %s", w[i], w[j], w[(i + j + round) % n]);
                size_t skip = strlen(w[i]) + 1;
                if (!same_as_icu(s, (size_t)len) || (tails && !same_as_icu(s + skip, (size_t)len - skip))) bad++;
            }
    return bad;
}

/* Text of ASCII and Latin letters with marks is spelt from a table, not by
 * ICU (normalize.c): for every code point of the table's ranges, alone and
 * next to letters, spaces, marks, other scripts and the other letters of
 * the ranges, the result is the ICU path's. */
/* The key of two words written together (emb__name_memo_joined_key) is
 * emb__romkey of them as one word, with the memo and without, cold and
 * warm: on every ordered pair of words whose joint a rule may cross
 * (k|han, s|ch, c|e, a|ev, i|o, x|i, h|si, doubled letters, Yelena after a
 * word), so many pairs that slots are taken over, and pairs too long to be
 * kept; the slots chosen by the text (cold) and by the words' memo_at
 * (warm, kept by the text's slot or not). */
TEST(the_joined_key_memo_changes_no_key) {
    static const char *const WORDS[] = {
        "k", "s", "c", "t", "z", "sh", "zh", "ch", "kh", "ts", "a", "e", "i", "o", "u", "y",
        "ae", "oe", "ue", "ie", "io", "x", "xi", "xu", "h", "hsi", "hsu", "han", "hen", "chenko",
        "ev", "evich", "ov", "iov", "yov", "yev", "iev", "elena", "yelena", "jelena", "ena",
        "patr", "ushev", "abdul", "rahman", "abd", "al", "el", "ul", "ibn", "bin", "ladin",
        "mohammed", "muhammad", "sergei", "lavrov", "kosa", "chyov", "gorba", "chev", "nikola",
        "dmitr", "iyevich", "andre", "yev", "qaddafi", "schaefer", "shchuk", "tch", "sch",
        "xenia", "ksenia", "jurgen", "wagner", "cecil", "cyrus", "mc", "donald", "de", "la",
        "van", "der", "berg", "zz", "ss", "nn", "ll", "ph", "th", "gh", "ou", "oo", "ee",
        "volkswagenwerkbeteiligungs", "gesellschaftsmbhtrading", "q", "w", "j", "ij", "ja",
        "ju", "je", "jo", "yo", "ya", "yu", "av", "ov", "uv", "ea", "ai", "ei", "oi", "ui",
    };
    size_t n = sizeof(WORDS) / sizeof(WORDS[0]);
    emb_name_memo *memo = emb__name_memo_new();
    CHECK(memo != NULL);
    if (!memo) return;
    size_t pairs = 0, differ = 0;
    for (int round = 0; round < 2; round++) {
        for (size_t x = 0; x < n; x++) {
            for (size_t y = 0; y < n; y++) {
                const char *a = WORDS[round ? n - 1 - x : x], *b = WORDS[y];
                size_t an = strlen(a), bn = strlen(b);
                char text[2 * EMB_TOKEN_MAX], want[EMB_ROMKEY_CAP(2 * EMB_TOKEN_MAX)];
                char got[EMB_ROMKEY_CAP(2 * EMB_TOKEN_MAX)], bare[EMB_ROMKEY_CAP(2 * EMB_TOKEN_MAX)];
                memcpy(text, a, an);
                memcpy(text + an, b, bn);
                size_t wl = emb__romkey(text, an + bn, want);
                /* slots chosen by the text, and by the words' memo_at
                 * (some of them made to collide) */
                emb_token ta = {.text = a, .len = (uint8_t)an}, tb = {.text = b, .len = (uint8_t)bn};
                if (round) {
                    ta.memo_at = (uint16_t)(1 + x % 97);
                    tb.memo_at = (uint16_t)(1 + y % 89);
                }
                size_t gl = emb__name_memo_joined_key(memo, &ta, &tb, got);
                size_t bl = emb__name_memo_joined_key(NULL, &ta, &tb, bare);
                pairs++;
                if (gl != wl || memcmp(got, want, wl) != 0 || bl != wl || memcmp(bare, want, wl) != 0) {
                    differ++;
                    TEST_CHECK_(0, "%s:%d: %s: %s|%s: key %.*s, memo %.*s, none %.*s\n", __FILE__, __LINE__,
                                test_current, a, b, (int)wl, want, (int)gl, got, (int)bl, bare);
                }
            }
        }
    }
    CHECK(pairs > 2 * 8192);
    CHECK_EQ_INT((int)differ, 0);
    emb__name_memo_free(memo);
}

TEST(latin_letters_spell_as_icu_does) {
    static const uint32_t NEXT[] = {'a', 'Z', ' ', '-', 0x00E9, 0x0130, 0x00DF, 0x0301, 0x0138, 0x0430, 0x03A3, 0x200B};
    size_t bad = 0;
    for (uint32_t c = 0xC0; c < 0x1F00; c++) {
        if (c == 0x250) c = 0x1E00;
        char s[32];
        size_t n = 0;
        s[n++] = 'K';
        n += put(c, s + n);
        if (!same_as_icu(s, n) || !same_as_icu(s + 1, n - 1)) bad++;
        for (size_t k = 0; k < sizeof(NEXT) / sizeof(NEXT[0]); k++) {
            size_t m = n;
            m += put(NEXT[k], s + m);
            s[m++] = ' ';
            m += put(c, s + m);
            if (!same_as_icu(s, m)) bad++;
            m = 1;
            m += put(NEXT[k], s + m);
            m += put(c, s + m);
            m += put(c == 0x24F ? 0x1E00 : c + 1, s + m);
            if (!same_as_icu(s, m)) bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_STR(norm("Friedrich-Wilhelm Kr\xc3\xbcger"), "friedrich-wilhelm kruger");
    CHECK_EQ_STR(norm("\xc3\x9eorbj\xc3\xb6rn Stra\xc3\x9f" "e"), "thorbjorn strasse");
}

/* Text of ASCII, Latin and Cyrillic letters is romanised a word at a time,
 * and its words are remembered (normalize.c): the same as ICU gives the
 * whole text, for the words whose BGN rules look at their neighbours (е,
 * ё after a word boundary or a vowel; Ж, Х, Ц, Ч, Ш, Щ, Ю, Я before a
 * lower-case letter; тс; й before a vowel), at the start, in the middle and
 * at the end of a text, in capitals, with punctuation, and met again. */
TEST(cyrillic_words_romanise_as_icu_does) {
    static const char *const W[] = {
        "\xd0\x95\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xb0",             /* Елена */
        "\xd0\x81\xd0\xbb\xd0\xba\xd0\xb8\xd0\xbd",             /* Ёлкин */
        "\xd0\x95\xd0\x96\xd0\x9e\xd0\x92",                         /* ЕЖОВ */
        "\xd0\xb5\xd0\xb6",                                             /* еж */
        "\xd0\x96",                                                       /* Ж */
        "\xd0\xa5\xd0\xbe\xd0\xb4\xd0\xbe\xd1\x80\xd0\xba\xd0\xbe\xd0\xb2\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9", /* Ходорковский */
        "\xd0\x9c\xd0\xb0\xd0\xb9\xd1\x8f",                         /* Майя */
        "\xd0\x9e\xd1\x82\xd1\x81\xd0\xbe\xd0\xb5\xd0\xb2,",   /* Отсоев, */
        "\xd0\xae.",                                                      /* Ю. */
        "\xd0\xa9\xd0\x95\xd0\xa0\xd0\x91\xd0\x90",               /* ЩЕРБА */
        "\xd0\x9b\xd1\x83\xd0\xba\xd0\xb0\xd1\x88\xd1\x8d\xd0\xbd\xd0\xba\xd0\xb0", /* Лукашэнка */
        "\xd0\x86\xd0\xb3\xd0\xbe\xd1\x80",                         /* Ігор */
        "M\xc3\xbcller", "Mc", "-", "LLC", "\xd0\xaa", "\xd1\x8c",
    };
    CHECK_EQ_INT(unlike_icu(W, sizeof(W) / sizeof(W[0]), 1), 0);
}

/* Arabic text is romanised a word at a time (memo_words), as ICU romanises
 * it whole: words that the rewriting (arabic_words) leaves as they are,
 * with vowel marks, shadda, digits and punctuation, next to Latin words. */
TEST(arabic_words_romanise_as_icu_does) {
    static const char *const W[] = {
        "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", /* محمد */
        "\xD8\xAD\xD8\xB3\xD9\x8A\xD9\x86", /* حسين */
        "\xD9\x85\xD9\x8F\xD8\xAD\xD9\x8E\xD9\x85\xD9\x8E\xD9\x91\xD8\xAF", /* مُحَمَّد */
        "\xD9\x8A\xD9\x88\xD8\xB3\xD9\x81", /* يوسف */
        "\xD9\x85\xD8\xB5\xD8\xB7\xD9\x81\xD9\x89", /* مصطفى */
        "\xD8\xA7\xD8\xA8\xD8\xB1\xD8\xA7\xD9\x87\xD9\x8A\xD9\x85", /* ابراهيم */
        "\xD8\xB4\xD8\xAF\xD9\x91", /* شدّ */
        "\xD9\xA1\xD9\xA9\xD9\xA8\xD9\xA0", /* ١٩٨٠ */
        "\xD8\x8C", /* ، */
        "\xD9\x83\xD8\xB1\xD9\x8A\xD9\x85", /* كريم */
        "\xD8\xA4", /* ؤ */
        "\xD9\x8B\xD8\xA7", /* ًا */
        "M\xC3\xBCller", /* Müller */
        "LLC",
        "-",
    };
    CHECK_EQ_INT(unlike_icu(W, sizeof(W) / sizeof(W[0]), 0), 0);
}

/* Every prefix of Arabic words that the rewriting looks into (عبدال...,
 * ال..., ...الله) is normalised, each copied to a block of its own size.
 * fuzz_normalize found a read past the end (an 8-byte word, لادن of
 * أسامة بن لادن, compared with عبدال on 10 bytes; its input is a seed of
 * fuzz/corpus/normalize and query now); gcc's sanitiser build expands
 * such a memcmp inline and did not see it here, clang's fuzz build does. */
TEST(arabic_words_read_no_byte_past_their_end) {
    static const char *const W[] = {
        "\xD8\xB9\xD8\xA8\xD8\xAF\xD8\xA7\xD9\x84\xD8\xB1\xD8\xAD\xD9\x85\xD9\x86", /* عبدالرحمن */
        "\xD8\xA7\xD9\x84\xD8\xAA\xD9\x83\xD8\xB1\xD9\x8A\xD8\xAA\xD9\x8A",             /* التكريتي */
        "\xD8\xAE\xD9\x8A\xD8\xB1\xD8\xA7\xD9\x84\xD9\x84\xD9\x87",                         /* خيرالله */
    };
    int bad = 0;
    for (size_t w = 0; w < sizeof(W) / sizeof(W[0]); w++)
        for (size_t n = 2; n <= strlen(W[w]); n += 2) {
            char *s = malloc(n);
            if (!s) continue;
            memcpy(s, W[w], n);
            emb_buf b;
            emb__buf_init(&b);
            if (emb__normalize(nz, s, n, &b) != EMBARGO_OK || b.len == 0) bad++;
            emb__buf_free(&b);
            free(s);
        }
    CHECK_EQ_INT(bad, 0);
}

/* The Arabic-script words that Latin lists write otherwise than the
 * romanisation (normalize.c, arabic_words): Persian, Pashto and Urdu
 * readings in a text with their letters, and the joins of the names'
 * last parts. Marks count the same words as the romanisation: a text comes
 * back from the memo of its last rewriting as it was made. */
TEST(arabic_words_as_the_lists_write_them) {
    CHECK_EQ_STR(norm("\xD8\xB4\xD9\x87\xD9\x8A\xD8\xAF \xD8\xAE\xD9\x8A\xD9\x84"), "shhydkhyl"); /* شهيد خيل: khel joined */
    CHECK_EQ_STR(norm("\xD8\xAD\xD8\xB3\xD8\xA7\xD9\x85 \xD8\xA7\xD9\x84\xD8\xAF\xDB\x8C\xD9\x86 \xD8\xA2\xD8\xBA\xD8\xA7"), "hsamddin agha"); /* حسام الدین آغا: Persian, al-din joined */
    CHECK_EQ_STR(norm("\xD8\xB3\xD9\x8A\xD9\x81 \xD8\xA7\xD9\x84\xD8\xAF\xD9\x8A\xD9\x86"), "syf al dyn"); /* سيف الدين: Arabic, apart */
    CHECK_EQ_STR(norm("\xD9\x86\xD9\x88\xD8\xB1\xD8\xA7\xD9\x84\xD8\xAF\xDB\x8C\xD9\x86"), "nwrddin"); /* نورالدین */
    CHECK_EQ_STR(norm("\xD8\xB7\xD9\x87"), "taha"); /* طه */
    CHECK_EQ_STR(norm("\xD8\xAC\xD9\x85\xD8\xB9\xD9\x87"), "jm\xCA\xBF" "a"); /* جمعه */
    CHECK_EQ_STR(norm("\xD8\xAD\xD9\x86\xDB\x8C\xD9\x81\xD9\x87"), "hnyfa"); /* حنیفه: Persian final ha */
    CHECK_EQ_STR(norm("\xD8\xB4\xD8\xA8\xDA\xA9\xD9\x87"), "network"); /* شبکه: the word the lists write */
    CHECK_EQ_STR(norm("\xD8\xA8\xD8\xB5\xDB\x8C\xD8\xB1\x20\xD8\xA7\xD9\x88\x20\xD8\xB6\xD8\xB1\xD8\xAC\xD9\x85\xDB\x8C\xD9\x84\x20\xDA\xA9\xD9\x85\xD9\xBE\xD9\x86\xDB\x8C"), "bsyr and zrjmyl company"); /* Pashto او, کمپنی */
    CHECK_EQ_STR(norm("\xD8\xA8\xD8\xB5\xD9\x8A\xD8\xB1\x20\xD8\xA7\xD9\x88\x20\xD8\xB6\xD8\xB1\xD8\xAC\xD9\x85\xD9\x8A\xD9\x84"), "bsyr aw drjmyl"); /* Arabic او (or), ض d: as they were */
    CHECK_EQ_STR(norm("\xD8\xA7\xD9\x84\xD9\x85\xD9\x84\xD8\xAB\xD9\x85\xD9\x88\xD9\x86"), "al mlthmun"); /* الملثمون: final -un */
    CHECK_EQ_STR(norm("\xD9\x86\xD8\xB5\xD8\xB1\xD8\xA9\x20\xD9\x88\xD8\xA7\xD9\x84\xD9\x85\xD8\xB3\xD9\x84\xD9\x85\xD9\x8A\xD9\x86"), "nsra wa al mslmyn"); /* نصرة والمسلمين: wa al, not a first word */
    CHECK_EQ_STR(norm("\xD9\x88\xD8\xA7\xD9\x84\xD9\x85\xD8\xB3\xD9\x84\xD9\x85\xD9\x8A\xD9\x86"), "walmslmyn"); /* والمسلمين: a first word: a name's */
    CHECK_EQ_STR(norm("\xD9\x88\xD8\xA7\xD9\x84\xD8\xAF\xD9\x85\xD8\xA7\xD8\xB1\x20\xD9\x84\xD9\x88\xD8\xB1\xD9\x86\xD8\xB2\xD8\xA7\xD9\x86\xD8\xA7"), "waldmar lwrnzana"); /* والدمار لورنزانا: Waldemar: a first word */
    CHECK_EQ_STR(norm("\xD8\xB1\xD8\xB6\xD8\xA7\x20\xD9\x88\xD8\xA7\xD9\x84\xDB\x8C\xD8\xA7\xD9\x86"), "rza walyan"); /* رضا والیان: Persian: waw is v */
    CHECK_EQ_STR(norm("\xD8\xB3\xD9\x8A\xD9\x81\x20\xD8\xA7\xD9\x84\xD8\xAF\xD9\x8A\xD9\x86\x20\xD8\xA7\xD9\x84\xD9\x85\xD8\xB4\xD9\x87\xD8\xAF\xD8\xA7\xD9\x86\xD9\x89"), "syf al dyn al mshhdany"); /* سيف الدين المشهدانى: Arab: an article word, al-din apart */
    CHECK_EQ_STR(norm("\xD9\x88\xD8\xA7\xD9\x84\xD9\x8A"), "waly"); /* والي: a name */
    CHECK_EQ_STR(norm("\xD8\xAC\xD9\x84\xD8\xA7\xD9\x84\x20\xD8\xA7\xD9\x84\xD8\xAF\xD9\x8A\xD9\x86\x20\xD8\xAD\xD9\x82\xD8\xA7\xD9\x86\xD9\x89"), "jlalddin hqany"); /* جلال الدين حقانى: nisba with alif maqsura */
    CHECK_EQ_STR(norm("\xD9\x85\xD8\xB7\xD9\x85\xD8\xA6\xD9\x86"), "mtm\xCA\xBE" "n"); /* مطمئن: the hamza, not ya */
    CHECK_EQ_STR(norm("\xD9\x82\xD8\xA7\xD8\xA6\xD8\xAF"), "qayd"); /* قائد: after alif, kept */
    CHECK_EQ_STR(norm("\xD8\xAB\xD9\x86\xD8\xA7\xD8\xA1 \xD8\xA7\xD9\x84\xD9\x84\xDB\x81"), "sna\xCA\xBE" "ullah"); /* ثناء اللہ: Urdu ث s */
    CHECK_EQ_STR(norm("\xD8\xB9\xD8\xAB\xD9\x85\xD8\xA7\xD9\x86"), "athman"); /* عثمان: Arabic ث th */
    CHECK_EQ_STR(norm("\xD8\xB1\xD8\xA7\xD8\xAD\xD8\xAA \xD9\x84\xD9\x85\xD8\xAA\xD8\xAF"), "raht limited"); /* راحت لمتد */
    CHECK_EQ_STR(norm("\xD8\xA2\xD8\xAE\xD9\x88\xD9\x86\xD8\xAF \xD8\xB2\xD8\xA7\xD8\xAF\xD9\x87"), "akhwndzadh"); /* آخوند زاده */
    CHECK_EQ_STR(norm("\xD8\xB2\xD9\x87\xD9\x8A\xD8\xB1"), "zeohyr"); /* زهير: any vowel after z, not zh */
    CHECK_EQ_STR(norm("\xD8\xA7\xD9\x84\xD8\xB3\xD8\xAD\xD8\xB1"), "al seohr"); /* السحر: after the article too */
    CHECK_EQ_STR(norm("\xD8\xA7\xD8\xB3\xD8\xAD\xD8\xA7\xD9\x82"), "ashaq"); /* اسحاق: within a word, as Ishaq */
    /* presentation forms (ﻋﺒﺪ ﺍﻟﻠﻪ ﻋﺰﺍﻡ) read as the letters they shape (عبد الله عزام) */
    char letters[64];
    snprintf(letters, sizeof(letters), "%s", norm("\xD8\xB9\xD8\xA8\xD8\xAF \xD8\xA7\xD9\x84\xD9\x84\xD9\x87 \xD8\xB9\xD8\xB2\xD8\xA7\xD9\x85"));
    CHECK_EQ_STR(norm("\xEF\xBB\x8B\xEF\xBA\x92\xEF\xBA\xAA \xEF\xBA\x8D\xEF\xBB\x9F\xEF\xBB\xA0\xEF\xBB\xAA \xEF\xBB\x8B\xEF\xBA\xB0\xEF\xBA\x8D\xEF\xBB\xA1"), letters);
    CHECK_EQ_STR(letters, "abd allah azam"); /* (name.c joins abd allah) */
    CHECK_EQ_STR(norm("\xD8\xA7\xD8\xB3\xD8\xAD\xD8\xA7\xD9\x82 \xDA\x88\xD8\xA7\xD8\xB1"), "ashaq dar"); /* Urdu ڈ: d (ICU left it) */
    CHECK_EQ_STR(norm("\xD8\xAE\xD8\xA7\xDA\xBA"), "khan");                  /* Urdu ں: n */
    CHECK_EQ_STR(norm("\xD9\x85\xD9\x84\xD8\xA7\xD9\x84\xDB\x81"), "mlala");               /* Urdu final ہ: a vowel */
    CHECK_EQ_STR(norm("\xDA\x81\xD8\xAF\xD8\xB1\xD8\xA7\xD9\x86"), "zdran");               /* Pashto ځ: z */
    /* the memo: the same text twice, another between, gives the same */
    static const char T1[] = "\xD8\xB4\xD9\x87\xD9\x8A\xD8\xAF \xD8\xAE\xD9\x8A\xD9\x84", T2[] = "\xD8\xB7\xD9\x87";
    char a[64];
    snprintf(a, sizeof(a), "%s", norm(T1));
    CHECK_EQ_STR(norm(T1), a);
    (void)norm(T2);
    CHECK_EQ_STR(norm(T1), a);
    uint32_t m1[8], m2[8];
    size_t n1 = emb__normalize_marks(nz, T1, strlen(T1), m1, NULL, 8);
    (void)norm(T1); /* now from the memo */
    size_t n2 = emb__normalize_marks(nz, T1, strlen(T1), m2, NULL, 8);
    CHECK_EQ_INT((int)n1, 1);
    CHECK_EQ_INT((int)n2, 1);
    CHECK(m1[0] == m2[0]);
}

/* The Arabic article that Russian writes as it sounds before a sun letter
 * (ат-Таухид, ан-Нусра) is read as аль- (normalize.c, cyrillic_articles);
 * not where the letters after the hyphen differ. */
TEST(cyrillic_arabic_article_is_al) {
    char al[64];
    snprintf(al, sizeof(al), "%s", norm("\xD0\x9A\xD0\xB0\xD1\x82\xD0\xB8\xD0\xB1\xD0\xB0 \xD0\xB0\xD0\xBB\xD1\x8C-\xD0\xA2\xD0\xB0\xD1\x83\xD1\x85\xD0\xB8\xD0\xB4"));
    CHECK_EQ_STR(norm("\xD0\x9A\xD0\xB0\xD1\x82\xD0\xB8\xD0\xB1\xD0\xB0 \xD0\xB0\xD1\x82-\xD0\xA2\xD0\xB0\xD1\x83\xD1\x85\xD0\xB8\xD0\xB4"), al);
    snprintf(al, sizeof(al), "%s", norm("\xD0\xB0\xD0\xBB\xD1\x8C-\xD0\xBD\xD1\x83\xD1\x81\xD1\x80\xD0\xB0"));
    CHECK_EQ_STR(norm("\xD0\xB0\xD0\xBD-\xD0\xBD\xD1\x83\xD1\x81\xD1\x80\xD0\xB0"), al);
    CHECK_EQ_STR(norm("\xD0\x90\xD1\x82-\xD0\xA0\xD0\xB0\xD1\x85\xD0\xBC\xD0\xB0\xD0\xBD"), "at-rakhman");
    CHECK_EQ_STR(norm("\xD0\x91\xD0\xB0\xD1\x82-\xD0\xA2\xD0\xB0\xD1\x83\xD1\x85\xD0\xB8\xD0\xB4"), "bat-taukhid");
    /* after « „ “ (UTF-8 of two and three bytes); not after another such byte */
    snprintf(al, sizeof(al), "%s", norm("\xC2\xAB\xD0\xB0\xD0\xBB\xD1\x8C-\xD0\xA2\xD0\xB0\xD1\x83\xD1\x85\xD0\xB8\xD0\xB4\xC2\xBB"));
    CHECK_EQ_STR(norm("\xC2\xAB\xD0\xB0\xD1\x82-\xD0\xA2\xD0\xB0\xD1\x83\xD1\x85\xD0\xB8\xD0\xB4\xC2\xBB"), al); /* «ат-Таухид» */
    CHECK(strstr(al, "al") != NULL);
    snprintf(al, sizeof(al), "%s", norm("\xE2\x80\x9E\xD0\xB0\xD0\xBB\xD1\x8C-\xD0\xBD\xD1\x83\xD1\x81\xD1\x80\xD0\xB0\xE2\x80\x9C"));
    CHECK_EQ_STR(norm("\xE2\x80\x9E\xD0\xB0\xD0\xBD-\xD0\xBD\xD1\x83\xD1\x81\xD1\x80\xD0\xB0\xE2\x80\x9C"), al); /* „ан-нусра“ */
    snprintf(al, sizeof(al), "%s", norm("\xE2\x80\x9C\xD0\xB0\xD0\xBB\xD1\x8C-\xD0\xBD\xD1\x83\xD1\x81\xD1\x80\xD0\xB0\xE2\x80\x9D"));
    CHECK_EQ_STR(norm("\xE2\x80\x9C\xD0\xB0\xD0\xBD-\xD0\xBD\xD1\x83\xD1\x81\xD1\x80\xD0\xB0\xE2\x80\x9D"), al); /* “ан-нусра” */
    /* Ы (D0 AB) ends in the last byte of « (C2 AB): not a quotation mark */
    CHECK(strstr(norm("\xD0\xAB\xD0\xB0\xD1\x82-\xD0\xA2\xD0\xB0"), "at-ta") != NULL); /* Ыат-Та: y·at-ta */
}

/* The status of normalising s. */
static embargo_status norm_status(const char *s) {
    emb_buf b;
    emb__buf_init(&b);
    embargo_status st = emb__normalize(nz, s, strlen(s), &b);
    emb__buf_free(&b);
    return st;
}

/* Text that is not UTF-8 is EMBARGO_EUNICODE, not out of memory, with an
 * Arabic presentation form before the bad byte (arabic_letters) or a
 * letter (the ICU path). */
TEST(bad_utf8_is_a_unicode_error) {
    CHECK_EQ_INT(norm_status("\xEF\xBA\x8E\xFF"), EMBARGO_EUNICODE); /* ﺎ, then 0xFF */
    CHECK_EQ_INT(norm_status("\xD8\xA7\xFF"), EMBARGO_EUNICODE);     /* ا, then 0xFF */
    CHECK_EQ_STR(norm("\xEF\xBB\x8B\xEF\xBA\x92\xEF\xBA\xAA"), norm("\xD8\xB9\xD8\xA8\xD8\xAF")); /* ﻋﺒﺪ عبد */
}

/* A remembered word whose normal form is empty (ة alone: the ta marbuta is
 * removed) appended to an output that has no memory yet: the second time
 * comes from the memo (run under UBSan: no memcpy to a null pointer). */
TEST(an_empty_word_from_the_memo) {
    CHECK_EQ_STR(norm("\xD8\xA9"), "");
    CHECK_EQ_STR(norm("\xD8\xA9"), "");
    char ali[64];
    snprintf(ali, sizeof(ali), " %s", norm("\xD8\xB9\xD9\x84\xD9\x8A")); /* علي */
    CHECK_EQ_STR(norm("\xD8\xA9 \xD8\xB9\xD9\x84\xD9\x8A"), ali);
}

int main(void) {
    if (emb__normalizer_new(&nz) != EMBARGO_OK) {
        fprintf(stderr, "test_normalize: cannot make a normaliser (ICU)\n");
        return 1;
    }
    RUN(invisible_characters_are_dropped);
    RUN(look_alike_letters_in_latin_words);
    RUN(cyrillic_and_greek_words_are_romanised);
    RUN(hangul_is_romanised_as_the_north_writes_names);
    RUN(hangul_foreign_names_are_read_as_loanwords);
    RUN(katakana_small_vowels_make_one_syllable);
    RUN(bengali_reads_no_vowel_it_does_not_speak);
    RUN(hyphens_and_underscores_split_and_mark);
    RUN(the_word_memo_changes_no_token);
    RUN(an_ascii_name_is_split_as_written);
    RUN(the_joined_key_memo_changes_no_key);
    RUN(latin_letters_spell_as_icu_does);
    RUN(cyrillic_words_romanise_as_icu_does);
    RUN(arabic_words_romanise_as_icu_does);
    RUN(arabic_words_read_no_byte_past_their_end);
    RUN(arabic_words_as_the_lists_write_them);
    RUN(cyrillic_arabic_article_is_al);
    RUN(bad_utf8_is_a_unicode_error);
    RUN(an_empty_word_from_the_memo);
    emb__normalizer_free(nz);
    return test_summary();
}

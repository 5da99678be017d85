/*
 * test_acronym.c - a list's acronym aliases, read letter by letter
 * (src/text/acronym.c): which aliases are acronyms of another name, the
 * same read in two steps (a name split once), and a name of many
 * connecting words read in one pass.
 */
#include "test.h"
#include "text/acronym.h"

#include <string.h>

/* emb__acronym_of, checked against the same reading in two steps (the
 * name split once, as the index build does: build.c, acronym_marks) */
static int of(const char *acr, const char *name) {
    int r = emb__acronym_of(acr, strlen(acr), name, strlen(name));
    emb_acronym_word w[EMB_ACRONYM_WORDS_MAX];
    size_t nw = emb__acronym_words(name, strlen(name), w);
    TEST_CHECK_(emb__acronym_spelt(acr, strlen(acr), w, nw) == r, "%s:%d: %s ~ %s: split %d\n", __FILE__,
                __LINE__, acr, name, !r);
    return r;
}


TEST(acronyms_of_names) {
    CHECK(of("IARA", "ISLAMIC AFRICAN RELIEF AGENCY"));
    /* a connecting word or particle passed over, or giving its letter */
    CHECK(of("BNC", "BANCO NACIONAL DE CUBA"));
    CHECK(of("CJNG", "CARTEL DE JALISCO NUEVA GENERACION"));
    CHECK(of("AIAI", "AL-ITIHAAD AL-ISLAMIYA"));
    CHECK(of("IRISL", "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES"));
    CHECK(of("ISIS", "ISLAMIC STATE OF IRAQ AND SYRIA"));
    CHECK(of("PKK", "Partiya Karkeran Kurdistan")); /* case of the name aside */
    /* a legal form or generic word after the last letter's word */
    CHECK(of("NIOC", "NATIONAL IRANIAN OIL COMPANY"));
    CHECK(of("SRA", "SANABEL RELIEF AGENCY LIMITED"));
    CHECK(of("ABC", "ALPHA BETA CARGO TRADING CO., LTD."));
    /* not: a word left out, letters out of order, a name word after */
    CHECK(!of("IRA", "ISLAMIC AFRICAN RELIEF AGENCY"));
    CHECK(!of("AIRA", "ISLAMIC AFRICAN RELIEF AGENCY"));
    CHECK(!of("IAR", "ISLAMIC AFRICAN RELIEF AGENCY"));
    /* not: an alias that is no acronym as written (small letters, dots,
     * digits, spaces, one letter, seven) or a name of one word */
    CHECK(!of("Iara", "ISLAMIC AFRICAN RELIEF AGENCY"));
    CHECK(!of("I.A.R.A.", "ISLAMIC AFRICAN RELIEF AGENCY"));
    CHECK(!of("IA RA", "ISLAMIC AFRICAN RELIEF AGENCY"));
    CHECK(!of("I", "ISLAMIC"));
    CHECK(!of("ABCDEFG", "A B C D E F G"));
    CHECK(of("ABCDEF", "A B C D E F"));
    CHECK(!of("HAMAS", "HAMAS"));
    CHECK(!of("", "ISLAMIC AFRICAN"));
}

TEST(acronym_of_many_connecting_words) {
    /* forty connecting words: one pass over them, not a branch at each */
    char name[200] = "OPEN";
    for (int i = 0; i < 39; i++) strcat(name, " OF");
    CHECK(of("OOOOOO", name));
    CHECK(!of("OOOOOX", name));
}

int main(void) {
    RUN(acronyms_of_names);
    RUN(acronym_of_many_connecting_words);
    return test_summary();
}

/*
 * test_name.c - unit tests for what the name analyser (src/text/name.c)
 * reads from a name as a list writes it: the name before a slash that
 * gives another (emb__name_slash_stem), which the index holds as a derived
 * alias (build.c, add_slash_stems) and compare scores beside the whole.
 */
#include "test.h"
#include "text/name.h"

#include <stdio.h>
#include <string.h>

/* The name before a slash that gives another (name.h,
 * emb__name_slash_stem): two words before it and after it, no
 * abbreviation, no date, no person's name, no company's words after it. */
TEST(the_name_before_a_slash) {
    static const struct { const char *name; size_t stem; } X[] = {
        {"Al-Qa'ida/Islamic Army", 9},
        {"NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE PHILIPPINES", 17},
        {"MAKHTAB AL-KHIDAMAT/AL KIFAH", 19},
        {"HARAKAT UL-JIHAD-I-ISLAMI/BANGLADESH", 0},
        {"REVOLUTIONARY PEOPLE'S LIBERATION PARTY/FRONT", 0},
        {"SCANDINAVIAN TANKERS A/S", 0},
        {"JOHN SMITH c/o ACME TRADING", 0},
        {"NINGBO MORE INTEREST I/E CO. LTD", 0},
        {"EBLA TRADE SERVICES S.A.L./OFF-SHORE COMPANY", 0},
        {"TRUST 2007/08 SERIES ONE", 0},
        {"SEE http://example.org NOW", 0},
        {"PLAIN NAME", 0},
        /* a fragment: one word before the slash */
        {"BANK/TRUST COMPANY OF ZANZIBAR", 0},
        {"XY/ZW QQ", 0},
        /* a letter of two bytes is one letter: АО Ж/Д ТРАНС СЕРВИС, В/Ч ... */
        {"\xd0\x90\xd0\x9e \xd0\x96/\xd0\x94 \xd0\xa2\xd0\xa0\xd0\x90\xd0\x9d\xd0\xa1 \xd0\xa1\xd0\x95\xd0\xa0\xd0\x92\xd0\x98\xd0\xa1", 0},
        {"\xd0\x92/\xd0\xa7 \xd0\x9f\xd0\x9e\xd0\x9b\xd0\x95 \xd0\x9f\xd0\x9e\xd0\xa7\xd0\xa2\xd0\x90", 0},
        /* a person's names in the list's order */
        {"SMITH, John/Jon Paul", 0},
        /* the words after the slash continue the name */
        {"CHINA NATIONAL PRECISION MACHINERY IMPORT/EXPORT CORPORATION", 0},
        {"LORD'S RESISTANCE MOVEMENT/ARMY (LRM/A)", 0},
        {"SOCIETY FOR THE CALL/INVITATION TO THE QURAN AND THE SUNNA", 0},
        {"JOUMAA MONEY LAUNDERING ORGANIZATION / DRUG TRAFFICKING ORGANIZATION", 36},
        {"FEDERAZIONE ANARCHICA INFORMALE/FRONTE RIVOLUZIONARIO INTERNAZIONALE", 31},
    };
    for (size_t i = 0; i < sizeof(X) / sizeof(X[0]); i++) {
        size_t got = emb__name_slash_stem(X[i].name, strlen(X[i].name));
        if (got != X[i].stem) fprintf(stderr, "  '%s': %zu, not %zu\n", X[i].name, got, X[i].stem);
        CHECK(got == X[i].stem);
    }
}

int main(void) {
    RUN(the_name_before_a_slash);
    return test_summary();
}

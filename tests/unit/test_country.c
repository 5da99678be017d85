/*
 * test_country.c - countries by what people write for them
 * (src/text/country.c): codes, names, demonyms, the lists' own forms, and
 * every nationality and country the bundled UN list gives.
 */
#include "test.h"
#include "embargo.h"
#include "text/country.h"

#include <string.h>

static const char *codes(const char *s) { return emb__country_codes(s, strlen(s)); }

TEST(test_forms) {
    static const struct { const char *text, *codes; } CASES[] = {
        {"RU", "RU"}, {"ru", "RU"}, {"RUS", "RU"}, {"Russia", "RU"}, {"Russian Federation", "RU"},
        {"russian", "RU"}, {"  Russia  ", "RU"}, {"The Russian Federation", "RU"},
        {"Korea, North", "KP"}, {"North Korea", "KP"}, {"DPRK", "KP"},
        {"Democratic People's Republic of Korea", "KP"}, {"Korea, South", "KR"},
        {"Korea", "KPKR"}, {"Iran (Islamic Republic of)", "IR"}, {"Persian", "IR"},
        {"Syrian Arab Republic", "SY"}, {"Burma", "MM"}, {"Myanmar", "MM"},
        {"Côte d\u2019Ivoire", "CI"}, {"Cote d'Ivoire", "CI"}, {"Ivory Coast", "CI"},
        {"Türkiye", "TR"}, {"Turkey", "TR"}, {"United Kingdom of Great Britain and Northern Ireland", "GB"},
        {"UK", "GB"}, {"British", "GB"}, {"GBR", "GB"}, {"USA", "US"}, {"U.S.A.", "US"},
        {"United States of America", "US"}, {"Congo, Democratic Republic of the", "CD"},
        {"Congo", "CDCG"}, {"Bosnia & Herzegovina", "BA"}, {"Bosnia and Herzegovina", "BA"},
        {"St. Kitts & Nevis", "KN"}, {"Saint Kitts and Nevis", "KN"}, {"Viet Nam", "VN"},
        {"Region: Gaza", "PS"}, {"Moscow, Russia", "RU"}, {"Hong Kong", "HK"},
        {"China, Hong Kong Special Administrative Region", "HK"}, {"Bahamas, The", "BS"},
    };
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        const char *got = codes(CASES[i].text);
        if (!got || strcmp(got, CASES[i].codes) != 0)
            fprintf(stderr, "  %s -> %s, expected %s\n", CASES[i].text, got ? got : "(none)", CASES[i].codes);
        CHECK(got && strcmp(got, CASES[i].codes) == 0);
    }
    static const char *const NONE[] = {"Narnia", "", "  ", "former Soviet Union", "Россия", "x", "Mordor, Middle Earth"};
    for (size_t i = 0; i < sizeof(NONE) / sizeof(NONE[0]); i++) CHECK(codes(NONE[i]) == NULL);
    CHECK(emb__country_codes(NULL, 0) == NULL);
}

TEST(test_names_and_overlap) {
    CHECK_EQ_STR(emb__country_name("RU"), "Russia");
    CHECK_EQ_STR(emb__country_name("KP"), "North Korea");
    CHECK(emb__country_name("XX") == NULL);
    CHECK(emb__country_name("R") == NULL);
    CHECK(emb__country_overlap("KPKR", "KR"));
    CHECK(!emb__country_overlap("KP", "RU"));
    CHECK(!emb__country_overlap(NULL, "RU"));
    char out[8];
    CHECK_EQ_INT(emb__country_fold("Korea, North", 12, out, sizeof(out)), 0); /* too long for 8 */
    CHECK_EQ_INT(emb__country_fold("The UK", 6, out, sizeof(out)), 2);
    CHECK_EQ_STR(out, "uk");
}

/* Every nationality, citizenship and country the UN list gives names a
 * country (the UN writes its own long forms), but for a state that is no
 * more ("former Soviet Union": none of its successors can be assumed). */
TEST(test_un_list) {
    embargo_dataset *ds = NULL;
    embargo_index *ix = NULL;
    embargo_error err;
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.flags = EMBARGO_BUILD_NO_GROUPS;
    if (embargo_dataset_new(&ds) || embargo_dataset_load(ds, "data/lists/un", &err) ||
        embargo_index_build(ds, &bo, &ix, &err)) {
        CHECK(0);
        embargo_dataset_free(ds);
        return;
    }
    embargo_dataset_free(ds);
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    size_t seen = 0, missed = 0;
    for (uint32_t i = 0; i < info.entities; i++) {
        embargo_entity e;
        embargo_index_entity(ix, i, &e);
        for (uint32_t k = 0; k < e.field_count; k++) {
            embargo_field f;
            embargo_entity_field(ix, &e, k, &f);
            if (f.kind != EMBARGO_FIELD_NATIONALITY && f.kind != EMBARGO_FIELD_CITIZENSHIP &&
                f.kind != EMBARGO_FIELD_COUNTRY)
                continue;
            seen++;
            if (f.len == 19 && !memcmp(f.text, "former Soviet Union", 19)) continue;
            if (!emb__country_codes(f.text, f.len)) {
                missed++;
                fprintf(stderr, "  %.*s: no country\n", (int)f.len, f.text);
            }
        }
    }
    CHECK(seen > 500);
    CHECK_EQ_INT(missed, 0);
    embargo_index_close(ix);
}

int main(void) {
    RUN(test_forms);
    RUN(test_names_and_overlap);
    RUN(test_un_list);
    return test_summary();
}

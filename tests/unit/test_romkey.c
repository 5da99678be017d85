/*
 * test_romkey.c - unit tests for the romanisation keys (src/text/romkey.c):
 * spellings of one Cyrillic name in the systems the published tables give
 * (BGN/PCGN and ICAO 9303 as the lists write them, German after Duden,
 * French usage, ISO 9 with its marks lost) meet under the key, a competing
 * reading's key or the loose form; different names stay apart.
 */
#include "test.h"
#include "text/romkey.h"

#include <string.h>

/* The key of a lower-case ASCII spelling, NUL-terminated, in a static
 * buffer (one of two, so that two can be compared). */
static const char *key(const char *s) {
    static char buf[2][EMB_ROMKEY_CAP(64)];
    static int which;
    char *b = buf[which ^= 1];
    size_t n = emb__romkey(s, strlen(s), b);
    b[n] = '\0';
    return b;
}

static int same_key(const char *a, const char *b) {
    char ka[EMB_ROMKEY_CAP(64)];
    strcpy(ka, key(a));
    return strcmp(ka, key(b)) == 0;
}

/* Whether spelling q read in `reading` has the key of the list spelling c. */
static int reads_as(const char *q, int reading, const char *c) {
    char sp[EMB_READING_CAP(64)];
    size_t n = emb__romkey_reading(q, strlen(q), reading, sp);
    if (n == 0) return 0;
    sp[n] = '\0';
    return same_key(sp, c);
}

/* Whether the ISO 9 spelling q (marks lost) and the list spelling c have
 * one loose form. */
static int loose_meets(const char *q, const char *c) {
    char sp[EMB_READING_CAP(64)], kq[EMB_ROMKEY_CAP(128)], kc[EMB_ROMKEY_CAP(64)];
    char lq[EMB_ROMKEY_CAP(256)], lc[EMB_ROMKEY_CAP(128)];
    size_t n = emb__romkey_reading(q, strlen(q), EMB_READ_ISO9, sp);
    if (n == 0) {
        strcpy(sp, q);
        n = strlen(q);
    }
    size_t kql = emb__romkey(sp, n, kq);
    size_t kcl = emb__romkey(c, strlen(c), kc);
    size_t a = emb__romkey_loose(kq, kql, lq), b = emb__romkey_loose(kc, kcl, lc);
    int same = a == b && memcmp(lq, lc, a) == 0;
    /* the comparison that writes nothing says the same */
    CHECK(emb__romkey_loose_eq(kc, kcl, lq, a) == same);
    return same;
}

TEST(english_spellings_share_a_key) {
    /* the systems the lists themselves mix */
    CHECK(same_key("slutsky", "slutskiy"));
    CHECK(same_key("kosachev", "kosachyov"));
    CHECK(same_key("khodorkovsky", "khodorkovskiy"));
    /* -ev, -yev, -iev, -iyev: Dmitriev, Dmitriyev; Nikolaev, Nikolayev */
    CHECK(same_key("dmitriev", "dmitriyev"));
    CHECK(same_key("nuriev", "nuriyev"));
    CHECK(same_key("nikolaev", "nikolayev"));
    CHECK(same_key("shugaev", "shugayev"));
    CHECK(same_key("tsoev", "tsoyev"));
    CHECK(same_key("zuev", "zuyev"));
    CHECK(same_key("sergeev", "sergeyev"));
    /* the German umlaut spelt out still reads as the vowel */
    CHECK(same_key("schaefer", "shafer"));
    CHECK(!same_key("ivanov", "ivanova"));
    CHECK(!same_key("chan", "khan")); /* English ch is not kh */
}

TEST(german_reading) {
    /* Duden: ch = kh, sch = sh, tsch = ch, dsch = dzh, w = v, z = ts */
    CHECK(reads_as("chodorkowski", EMB_READ_GERMAN, "khodorkovsky"));
    CHECK(reads_as("prigoschin", EMB_READ_GERMAN, "prigozhin") || same_key("prigoschin", "prigoshin"));
    CHECK(reads_as("tschemesow", EMB_READ_GERMAN, "chemezov"));
    CHECK(reads_as("lichatschow", EMB_READ_GERMAN, "likhachev"));
    CHECK(reads_as("dschabarow", EMB_READ_GERMAN, "dzhabarov"));
    CHECK(reads_as("jazenko", EMB_READ_GERMAN, "yatsenko"));
    CHECK(reads_as("kosak", EMB_READ_GERMAN, "kozak"));
    CHECK(reads_as("glasjew", EMB_READ_GERMAN, "glazyev"));
    CHECK(reads_as("chrjakow", EMB_READ_GERMAN, "khryakov"));
    CHECK(reads_as("pjotr", EMB_READ_GERMAN, "petr"));
    CHECK(reads_as("djomin", EMB_READ_GERMAN, "demin"));
    CHECK(reads_as("selenskyj", EMB_READ_GERMAN, "zelenskyy"));
    CHECK(reads_as("wassiljew", EMB_READ_GERMAN, "vasilyev"));
    /* the primary key already reads what German and English share */
    CHECK(same_key("schoigu", "shoigu"));
    CHECK(same_key("setschin", "sechin"));
    CHECK(same_key("medwedew", "medvedev"));
    /* and the German reading does not make Khan of Chan into Chan */
    CHECK(!reads_as("chan", EMB_READ_GERMAN, "chan"));
    CHECK_EQ_INT(emb__romkey_reading("ivanov", 6, EMB_READ_GERMAN, (char[16]){0}), 0);
}

TEST(french_reading) {
    /* ch = sh, tch = ch, j = zh, ou = u, gu(e) = g, -ine = -in */
    CHECK(reads_as("prigojine", EMB_READ_FRENCH, "prigozhin"));
    CHECK(reads_as("choigou", EMB_READ_FRENCH, "shoigu"));
    CHECK(reads_as("narychkine", EMB_READ_FRENCH, "naryshkin"));
    CHECK(reads_as("guerassimov", EMB_READ_FRENCH, "gerasimov"));
    CHECK(reads_as("poutine", EMB_READ_FRENCH, "putin"));
    CHECK(reads_as("tchemezov", EMB_READ_FRENCH, "chemezov"));
    CHECK(reads_as("bajenov", EMB_READ_FRENCH, "bazhenov"));
    CHECK(reads_as("smirnoff", EMB_READ_FRENCH, "smirnov"));
    CHECK(reads_as("fiodor", EMB_READ_FRENCH, "fedor"));
    CHECK(reads_as("khodorkovski", EMB_READ_FRENCH, "khodorkovsky") ||
          same_key("khodorkovski", "khodorkovsky"));
    CHECK(same_key("iouri", "yuri"));
    CHECK(reads_as("setchine", EMB_READ_FRENCH, "sechin"));
    CHECK_EQ_INT(emb__romkey_reading("ivanov", 6, EMB_READ_FRENCH, (char[16]){0}), 0);
}

TEST(iso9_without_marks) {
    /* Šojgu, Žukov, Čalyj, Ûrʹevič, Caplin (Čaplin), Sinelʹŝikov */
    CHECK(loose_meets("sojgu", "shoigu"));
    CHECK(loose_meets("zukov", "zhukov"));
    CHECK(loose_meets("calyj", "chaliy"));
    CHECK(loose_meets("caplin", "chaplin"));
    CHECK(loose_meets("sinelsikov", "sinelshchikov"));
    CHECK(loose_meets("hrakov", "khryakov"));
    CHECK(loose_meets("lagin", "lyagin"));
    CHECK(loose_meets("vysockij", "vysotsky"));
    CHECK(loose_meets("sugaev", "shugayev"));
    CHECK(loose_meets("lechadziev", "lechkhadzhiev"));
    /* names the lost marks cannot have made one */
    CHECK(!loose_meets("ivanov", "petrov"));
    CHECK(!loose_meets("sokolov", "sorokin"));
}

TEST(belarusian_ukrainian_reading) {
    /* h = g, final -au/-ou = -ov, the short u = v, dz = d, ts before i = t */
    CHECK(reads_as("hryb", EMB_READ_EAST, "grib"));
    CHECK(reads_as("ipatau", EMB_READ_EAST, "ipatov"));
    CHECK(reads_as("sivakou", EMB_READ_EAST, "sivakov"));
    CHECK(reads_as("karaeu", EMB_READ_EAST, "karaev"));
    CHECK(reads_as("hara", EMB_READ_EAST, "gara"));
    CHECK(reads_as("vadzim", EMB_READ_EAST, "vadim"));
    CHECK(reads_as("kazlouski", EMB_READ_EAST, "kozlovsky") || reads_as("kazlouski", EMB_READ_EAST, "kazlovsky"));
    CHECK(reads_as("bakhtsibekavich", EMB_READ_EAST, "bakhtibekovich"));
    CHECK(reads_as("hryhoriy", EMB_READ_EAST, "grigoriy"));
    /* kh, sh, ch, zh and dzh stay */
    CHECK_EQ_INT(emb__romkey_reading("shukhov", 7, EMB_READ_EAST, (char[32]){0}), 0);
    CHECK_EQ_INT(emb__romkey_reading("dzhabarov", 9, EMB_READ_EAST, (char[32]){0}), 0);
    /* what the letters cannot say stays: akanye, which the skeleton and
     * emb__romkey_akanye_eq leave to the scorer */
    CHECK(emb__romkey_akanye_eq("gara", 4, "gora", 4));
    CHECK(!emb__romkey_akanye_eq("gara", 4, "gera", 4));
    CHECK(!emb__romkey_akanye_eq("gar", 3, "gor", 3));
}

int main(void) {
    RUN(english_spellings_share_a_key);
    RUN(german_reading);
    RUN(french_reading);
    RUN(iso9_without_marks);
    RUN(belarusian_ukrainian_reading);
    return test_summary();
}

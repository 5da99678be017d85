/*
 * gen_country_table.c - writes src/text/country_table.inc: the ISO 3166
 * territories ICU knows (alpha-2, alpha-3, English name) and the lookup
 * keys of every name of scripts/countries-extra.tsv, sorted for bsearch.
 *
 * Built and run by `make countries` (ICU's version goes into the table's
 * header). The keys are made by emb__country_fold of src/text/country.c,
 * compiled in here, so that table and lookup fold alike.
 */
#include "../src/text/country.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/uregion.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

typedef struct entry {
    char key[128];
    char codes[2 * EMB_COUNTRY_MAX + 1];
} entry;

typedef struct territory {
    char a2[3], a3[4], name[160];
} territory;

static entry keys[8192];
static size_t nkeys;

static int cmp_entry(const void *a, const void *b) {
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

/* Adds name -> code (a second code for one key is kept, up to the max). */
static void add(const char *name, size_t len, const char *code) {
    char key[128];
    if (!emb__country_fold(name, len, key, sizeof(key))) return;
    for (size_t i = 0; i < nkeys; i++) {
        if (strcmp(keys[i].key, key) != 0) continue;
        for (const char *p = keys[i].codes; *p; p += 2)
            if (p[0] == code[0] && p[1] == code[1]) return;
        size_t n = strlen(keys[i].codes);
        if (n >= 2 * EMB_COUNTRY_MAX) {
            fprintf(stderr, "gen_country_table: \"%s\" means too many countries\n", key);
            exit(1);
        }
        memcpy(keys[i].codes + n, code, 2);
        keys[i].codes[n + 2] = '\0';
        return;
    }
    if (nkeys == sizeof(keys) / sizeof(keys[0])) exit(1);
    snprintf(keys[nkeys].key, sizeof(keys[nkeys].key), "%s", key);
    memcpy(keys[nkeys].codes, code, 2);
    keys[nkeys].codes[2] = '\0';
    nkeys++;
}

/* An ICU display name and its parts: "Myanmar (Burma)" also as "Myanmar"
 * and "Burma"; "Congo - Kinshasa" also as "Congo Kinshasa"; "St. Lucia"
 * also as "Saint Lucia". */
static void add_display(const char *name, const char *code) {
    add(name, strlen(name), code);
    const char *open = strchr(name, '(');
    if (open) {
        add(name, (size_t)(open - name), code);
        const char *close = strchr(open, ')');
        if (close) add(open + 1, (size_t)(close - open - 1), code);
    }
    if (strncmp(name, "St. ", 4) == 0) {
        char buf[160];
        snprintf(buf, sizeof(buf), "Saint %s", name + 4);
        add(buf, strlen(buf), code);
    }
}

static void c_string(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f) fprintf(f, "\\%03o", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: gen_country_table countries-extra.tsv out.inc\n");
        return 2;
    }
    territory ter[400];
    size_t nter = 0;
    UErrorCode st = U_ZERO_ERROR;
    UEnumeration *en = uregion_getAvailable(URGN_TERRITORY, &st);
    const char *code;
    while (U_SUCCESS(st) && (code = uenum_next(en, NULL, &st)) && nter < 400) {
        if (strlen(code) != 2) continue;
        char loc[8];
        snprintf(loc, sizeof(loc), "_%s", code);
        UChar uname[160];
        UErrorCode s2 = U_ZERO_ERROR;
        int32_t n = uloc_getDisplayCountry(loc, "en", uname, 160, &s2);
        int32_t ul = 0;
        u_strToUTF8(ter[nter].name, sizeof(ter[nter].name), &ul, uname, n, &s2);
        if (U_FAILURE(s2)) continue;
        snprintf(ter[nter].a2, 3, "%s", code);
        snprintf(ter[nter].a3, 4, "%s", uloc_getISO3Country(loc));
        nter++;
    }
    uenum_close(en);
    if (U_FAILURE(st) || nter < 200) {
        fprintf(stderr, "gen_country_table: ICU gave %zu territories\n", nter);
        return 1;
    }
    for (size_t i = 0; i < nter; i++) {
        add(ter[i].a2, 2, ter[i].a2);
        if (strlen(ter[i].a3) == 3) add(ter[i].a3, 3, ter[i].a2);
        add_display(ter[i].name, ter[i].a2);
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    char line[4096];
    unsigned long ln = 0;
    while (fgets(line, sizeof(line), in)) {
        ln++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab || tab - line != 2) {
            fprintf(stderr, "%s:%lu: expected CODE<TAB>names\n", argv[1], ln);
            return 1;
        }
        *tab = '\0';
        int known = 0;
        for (size_t i = 0; i < nter; i++) known |= strcmp(ter[i].a2, line) == 0;
        if (!known) {
            fprintf(stderr, "%s:%lu: %s is no ISO 3166 code ICU knows\n", argv[1], ln, line);
            return 1;
        }
        for (char *p = tab + 1; *p;) {
            size_t n = strcspn(p, "|");
            add(p, n, line);
            p += n;
            if (*p) p++;
        }
    }
    fclose(in);
    qsort(keys, nkeys, sizeof(keys[0]), cmp_entry);
    /* territories by code */
    for (size_t i = 1; i < nter; i++)
        for (size_t j = i; j > 0 && strcmp(ter[j - 1].a2, ter[j].a2) > 0; j--) {
            territory t = ter[j];
            ter[j] = ter[j - 1];
            ter[j - 1] = t;
        }
    FILE *f = fopen(argv[2], "w");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    UVersionInfo v;
    char vs[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(v);
    u_versionToString(v, vs);
    fprintf(f, "/* Generated by scripts/gen_country_table.c from ICU %s and\n"
               " * scripts/countries-extra.tsv; do not edit (make countries). */\n\n", vs);
    fprintf(f, "static const emb_country COUNTRIES[] = {\n");
    for (size_t i = 0; i < nter; i++) {
        fprintf(f, "    {\"%s\", \"%s\", ", ter[i].a2, ter[i].a3);
        c_string(f, ter[i].name);
        fprintf(f, "},\n");
    }
    fprintf(f, "};\n\nstatic const emb_country_key COUNTRY_KEYS[] = {\n");
    for (size_t i = 0; i < nkeys; i++) fprintf(f, "    {\"%s\", \"%s\"},\n", keys[i].key, keys[i].codes);
    fprintf(f, "};\n");
    fclose(f);
    fprintf(stderr, "gen_country_table: %zu territories, %zu keys\n", nter, nkeys);
    return 0;
}

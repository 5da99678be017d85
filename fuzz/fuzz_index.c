/*
 * fuzz_index.c - libFuzzer harness for opening an index file
 * (embargo_index_open, src/index/open.c).
 *
 * The input is written to a temporary file and opened twice: as it is, and
 * with the header's version, file size and checksum fixed to fit it, so that the
 * bounds checks behind the checksum see crafted data too (a corrupt file
 * with a valid checksum must not make a reader step outside the image).
 * Opening must succeed or fail with EINDEX/EVERSION (with a message, and
 * EIO never, the file being a readable regular file); an index that opens is
 * read in full and screened against, which must stay inside the image.
 *
 * The format is private (src/index/format.h): the harness includes it only
 * to fix the checksum. An in-memory open would save the file round trip.
 * Fresh seeds in the current format: see write_seeds.
 */
#include "embargo.h"
#include "index/format.h"
#include "index/index_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char path[256];

static void cleanup(void) { unlink(path); }

/* Two tiny list folders, indexed by write_seeds: an OFAC set beside a UK
 * sheet (two lists, so the index has a group), and one vessel. */
static const char *const seed_sets[][3][2] = {
    {{"sdn.csv",
      "24231,\"KOSACHEV, Konstantin Iosifovich\",\"individual\",\"UKRAINE-EO13661] [RUSSIA-EO14024\","
      "-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 17 Sep 1962; POB Moscow, Russia; a.k.a. 'KOSSATCHEV'.\"\r\n"
      "21038,\"KARST, OOO\",-0- ,\"UKRAINE-EO13685\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
      "\"a.k.a. 'KARST LTD.'; a.k.a. 'LLC KARST'.\"\r\n"},
     {"alt.csv", "21038,33363,\"aka\",\"OBSHCESTVO S OGRANICHENNOI OTVETSTVENNOSTYU KARST\",-0- \r\n"},
     {"uk.csv",
      "Unique ID,OFSI Group ID,Name,Regime Name,Type,Designation source,Date Designated,Sanctions Imposed\n"
      "RUS0879,14940,KOSACHEV Konstantin Iosifovich,Russia,Individual,UK,15/03/2022,Asset freeze\n"}},
    {{"sdn.csv",
      "40716,\"IRIS MAKRAN\",\"vessel\",\"IRAN\",-0- ,-0- ,\"Naval Auxiliary Vessel\",-0- ,-0- ,"
      "\"Iran\",-0- ,\"Vessel Registration Identification IMO 9486910; a.k.a. 'MAKRAN'.\"\r\n"},
     {NULL, NULL}, {NULL, NULL}},
};

/* With EMBARGO_FUZZ_SEED_DIR set (scripts/run-fuzz.sh sets it to the
 * corpus), writes indexes of two tiny lists, built by this very build, into
 * that folder: the committed seeds in fuzz/corpus/index go stale whenever
 * the format changes, and a stale seed stops at the first check. */
static void write_seeds(const char *dir) {
    char tmp[256], file[320];
    const char *t = getenv("TMPDIR");
    for (size_t s = 0; s < sizeof(seed_sets) / sizeof(seed_sets[0]); s++) {
        snprintf(tmp, sizeof(tmp), "%s/fuzz_index_seed.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(tmp)) return;
        for (int f = 0; f < 3 && seed_sets[s][f][0]; f++) {
            snprintf(file, sizeof(file), "%s/%s", tmp, seed_sets[s][f][0]);
            FILE *fp = fopen(file, "wb");
            if (!fp) continue;
            fputs(seed_sets[s][f][1], fp);
            fclose(fp);
        }
        embargo_dataset *ds = NULL;
        embargo_index *ix = NULL;
        embargo_error err;
        /* the OFAC set is the folder; a third file is a list of its own */
        int ok = embargo_dataset_new(&ds) == EMBARGO_OK;
        for (int f = 0; ok && f < 3 && seed_sets[s][f][0]; f++) {
            if (f < 2) {
                if (f == 0) ok = embargo_dataset_load(ds, tmp, &err) == EMBARGO_OK;
                continue;
            }
            snprintf(file, sizeof(file), "%s/%s", tmp, seed_sets[s][f][0]);
            ok = embargo_dataset_load(ds, file, &err) == EMBARGO_OK;
        }
        if (ok && embargo_index_build(ds, NULL, &ix, &err) == EMBARGO_OK) {
            snprintf(file, sizeof(file), "%s/fresh-%zu.bin", dir, s);
            if (embargo_index_save(ix, file, &err) != EMBARGO_OK)
                fprintf(stderr, "fuzz_index: cannot write seed %s: %s\n", file, err.message);
        } else {
            fprintf(stderr, "fuzz_index: cannot build seed %zu: %s\n", s, err.message);
        }
        embargo_index_close(ix);
        embargo_dataset_free(ds);
        for (int f = 0; f < 3 && seed_sets[s][f][0]; f++) {
            snprintf(file, sizeof(file), "%s/%s", tmp, seed_sets[s][f][0]);
            unlink(file);
        }
        rmdir(tmp);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *seeds = getenv("EMBARGO_FUZZ_SEED_DIR");
    if (seeds && *seeds) write_seeds(seeds);
    const char *t = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%s/fuzz_index.XXXXXX", t && *t ? t : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("fuzz_index: mkstemp");
        abort();
    }
    close(fd);
    atexit(cleanup);
    return 0;
}

static volatile unsigned char sink;

static void touch(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) sink ^= (unsigned char)s[i];
}

static void use(const embargo_index *ix) {
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    for (uint32_t l = 0; l < info.lists; l++) {
        embargo_list_info li;
        if (embargo_index_list(ix, l, &li) != EMBARGO_OK) abort();
        touch(li.name, strlen(li.name));
        touch(li.source, strlen(li.source));
        touch(li.date, strlen(li.date));
    }
    for (uint32_t i = 0; i < info.entities; i++) {
        embargo_entity e, f;
        if (embargo_index_entity(ix, i, &e) != EMBARGO_OK) abort();
        touch(e.id, e.id_len);
        touch(e.name, e.name_len);
        touch(e.list, strlen(e.list));
        (void)embargo_index_find(ix, e.id, e.id_len, &f);
        for (uint32_t k = 0; k < e.name_count; k++) {
            embargo_name n;
            if (embargo_entity_name(ix, &e, k, &n) != EMBARGO_OK) abort();
            touch(n.text, n.len);
        }
        for (uint32_t k = 0; k < e.field_count; k++) {
            embargo_field fl;
            if (embargo_entity_field(ix, &e, k, &fl) != EMBARGO_OK) abort();
            touch(fl.text, fl.len);
        }
        uint32_t members[EMB_GROUP_MAX + 1], via;
        char why[200];
        size_t ng = embargo_index_group(ix, i, members, EMB_GROUP_MAX + 1);
        if (ng < 1 || ng > EMB_GROUP_MAX || members[0] != i) abort();
        for (size_t k = 0; k < ng; k++)
            if (members[k] >= info.entities || !embargo_index_same_group(ix, i, members[k])) abort();
        if (embargo_index_group_evidence(ix, i, &via, why, sizeof(why))) {
            if (via >= info.entities) abort();
            touch(why, strlen(why));
        }
    }
    embargo_entity e;
    (void)embargo_index_find(ix, "ofac-sdn:24231", 14, &e);
    embargo_matcher *m = NULL;
    if (embargo_matcher_new(ix, &m) != EMBARGO_OK) return;
    embargo_screen_options o;
    embargo_screen_options_init(&o);
    o.threshold = 0.2;
    static const char *queries[] = {"Konstantin Kosachyov", "Karst LLC", "Osama bin Laden",
                                    "Iris Makran", "Burton", "S. I. Kislyak", "Леонид Слуцкий",
                                    "Abdulrahman al-Nuaimi", "a b c d e f g h"};
    for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        const embargo_match *mm;
        size_t n;
        if (embargo_matcher_screen(m, queries[i], strlen(queries[i]), &o, &mm, &n) != EMBARGO_OK) continue;
        for (size_t k = 0; k < n; k++) {
            touch(mm[k].matched_name, mm[k].matched_name_len);
            for (size_t p = 0; p < mm[k].explanation.pair_count; p++) {
                const embargo_pair *pr = &mm[k].explanation.pairs[p];
                if (pr->query) touch(pr->query, pr->query_len);
                if (pr->name) touch(pr->name, pr->name_len);
            }
        }
    }
    embargo_matcher_free(m);
}

static void try_open(const unsigned char *img, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (n && fwrite(img, 1, n, f) != n) abort();
    if (fclose(f) != 0) abort();
    embargo_index *ix = NULL;
    embargo_error err;
    embargo_status st = embargo_index_open(path, &ix, &err);
    if (st == EMBARGO_OK) {
        if (!ix) abort();
        use(ix);
        embargo_index_close(ix);
        return;
    }
    if (st != EMBARGO_EINDEX && st != EMBARGO_EVERSION && st != EMBARGO_ENOMEM) abort();
    if (ix) abort();
    if (st != EMBARGO_ENOMEM && (err.code != st || !err.message[0])) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    try_open(data, size);
    if (size < sizeof(emb_ix_header)) return 0;
    unsigned char *copy = malloc(size);
    if (!copy) return 0;
    memcpy(copy, data, size);
    emb_ix_header h;
    memcpy(&h, copy, sizeof(h));
    memcpy(h.magic, EMB_IX_MAGIC, 8);
    h.version = EMB_IX_VERSION;
    h.file_size = size;
    h.checksum = 0;
    memcpy(copy, &h, sizeof(h));
    h.checksum = emb__index_checksum(copy, size);
    memcpy(copy, &h, sizeof(h));
    try_open(copy, size);
    free(copy);
    return 0;
}

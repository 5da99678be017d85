/*
 * test_digest.c - list versions (src/base/digest.c, and the dispatcher that
 * records them): SHA-256 of bytes, of a file, of a folder of files as
 * sha256sum lists them, and the hash each list of an index carries.
 */
#include "test.h"
#include "embargo.h"
#include "base/digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/embargo-digest-XXXXXX";

static void put(const char *name, const char *text) {
    char p[128];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

TEST(test_vectors) {
    char h[EMB_SHA256_HEX];
    emb__sha256("abc", 3, h);
    CHECK_EQ_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    emb__sha256("", 0, h);
    CHECK_EQ_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(test_file_and_folder) {
    put("b.csv", "second\n");
    put("a.csv", "abc");
    put(".hidden", "not part of it");
    char sub[128];
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    mkdir(sub, 0700);
    char h[EMB_SHA256_HEX], p[128];
    embargo_error err;
    snprintf(p, sizeof(p), "%s/a.csv", dir);
    CHECK_EQ_INT(emb__sha256_path(p, h, &err), EMBARGO_OK);
    CHECK_EQ_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* the folder: sha256sum's listing of its files, by name, hashed */
    char ha[EMB_SHA256_HEX], hb[EMB_SHA256_HEX], listing[256], want[EMB_SHA256_HEX];
    emb__sha256("abc", 3, ha);
    emb__sha256("second\n", 7, hb);
    snprintf(listing, sizeof(listing), "%s  a.csv\n%s  b.csv\n", ha, hb);
    emb__sha256(listing, strlen(listing), want);
    CHECK_EQ_INT(emb__sha256_path(dir, h, &err), EMBARGO_OK);
    CHECK_EQ_STR(h, want);
    snprintf(p, sizeof(p), "%s/missing.csv", dir);
    CHECK_EQ_INT(emb__sha256_path(p, h, &err), EMBARGO_EIO);
    CHECK(strstr(err.file, "missing.csv") != NULL);
    rmdir(sub);
}

/* Every list of an index built from files carries its source's hash. */
TEST(test_list_versions) {
    embargo_dataset *ds = NULL;
    embargo_index *ix = NULL;
    embargo_error err;
    embargo_build_options bo;
    embargo_build_options_init(&bo);
    bo.flags = EMBARGO_BUILD_NO_GROUPS;
    if (embargo_dataset_new(&ds) || embargo_dataset_load(ds, "tests/cases/lists/mini", &err) ||
        embargo_dataset_load(ds, "tests/cases/lists/uk-sample.csv", &err) ||
        embargo_index_build(ds, &bo, &ix, &err)) {
        CHECK(0);
        embargo_dataset_free(ds);
        return;
    }
    embargo_dataset_free(ds);
    embargo_index_info info;
    embargo_index_info_get(ix, &info);
    CHECK_EQ_INT(info.lists, 2);
    for (uint32_t i = 0; i < info.lists; i++) {
        embargo_list_info l;
        CHECK_EQ_INT(embargo_index_list(ix, i, &l), EMBARGO_OK);
        char want[EMB_SHA256_HEX];
        CHECK_EQ_INT(emb__sha256_path(l.source, want, &err), EMBARGO_OK);
        CHECK_EQ_STR(l.sha256, want);
        CHECK_EQ_INT(strlen(l.sha256), 64);
    }
    embargo_index_close(ix);
}

int main(void) {
    if (!mkdtemp(dir)) return 1;
    RUN(test_vectors);
    RUN(test_file_and_folder);
    RUN(test_list_versions);
    put("a.csv", "");
    char p[128];
    snprintf(p, sizeof(p), "%s/a.csv", dir);
    unlink(p);
    snprintf(p, sizeof(p), "%s/b.csv", dir);
    unlink(p);
    snprintf(p, sizeof(p), "%s/.hidden", dir);
    unlink(p);
    rmdir(dir);
    return test_summary();
}

/*
 * fuzz_scan.c - libFuzzer harness for free-text scanning: the scanner on
 * arbitrary bytes, as plain text and as HTML, against a small index built
 * once from tests/cases/lists/mini (run from the repository root, as `make
 * fuzz` does; EMBARGO_MINI overrides the path).
 *
 * Checks: the scan returns OK (or ENOMEM); every mention lies inside the
 * document, ends after it starts, has character offsets no greater than its
 * byte offsets, a score in 0..1, and names an entity the index finds again
 * by id; for plain text read as UTF-8 the mention's text is the document's
 * bytes at its offsets (a document in another charset has its decoded text
 * there); mentions come in document order.
 */
#include "embargo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static embargo_index *ix;
static embargo_scanner *plain, *html;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *path = getenv("EMBARGO_MINI");
    if (!path || !*path) path = "tests/cases/lists/mini";
    embargo_dataset *ds = NULL;
    embargo_error err;
    if (embargo_dataset_new(&ds) != EMBARGO_OK || embargo_dataset_load(ds, path, &err) != EMBARGO_OK) {
        fprintf(stderr, "fuzz_scan: cannot load %s: %s\n", path, err.message);
        abort();
    }
    if (embargo_index_build(ds, NULL, &ix, &err) != EMBARGO_OK) abort();
    embargo_dataset_free(ds);
    embargo_scan_options o;
    embargo_scan_options_init(&o);
    if (embargo_scanner_new(ix, &o, &plain) != EMBARGO_OK) abort();
    o.html = 1;
    if (embargo_scanner_new(ix, &o, &html) != EMBARGO_OK) abort();
    return 0;
}

typedef struct check {
    const uint8_t *doc;
    size_t size;
    int is_html;
    uint64_t last_start;
    embargo_scanner *s;
} check;

static int on_mention(void *ctx, const embargo_mention *m) {
    check *c = ctx;
    if (m->start >= m->end || m->end > c->size) abort();
    if (m->char_start > m->start || m->char_end > m->end || m->char_end <= m->char_start) abort();
    if (!(m->score >= 0 && m->score <= 1)) abort();
    if (m->start < c->last_start) abort();
    c->last_start = m->start;
    const char *charset = NULL;
    (void)embargo_scanner_note(c->s, &charset, NULL);
    if (!c->is_html && !strcmp(charset, "UTF-8") &&
        (m->len != m->end - m->start || memcmp(m->text, c->doc + m->start, m->len)))
        abort();
    embargo_entity e;
    if (embargo_index_find(ix, m->entity.id, m->entity.id_len, &e) != EMBARGO_OK) abort();
    if (!m->how || !m->matched_name) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    for (int h = 0; h < 2; h++) {
        embargo_scanner *s = h ? html : plain;
        check c = {data, size, h, 0, s};
        embargo_status st = embargo_scanner_scan(s, (const char *)data, size, on_mention, &c);
        if (st != EMBARGO_OK && st != EMBARGO_ENOMEM) abort();
        const embargo_scan_hit *hits;
        size_t n;
        embargo_scanner_hits(s, &hits, &n);
        for (size_t i = 0; i < n; i++)
            if (hits[i].mentions == 0 || !hits[i].evidence) abort();
    }
    return 0;
}

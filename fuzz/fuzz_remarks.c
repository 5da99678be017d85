/*
 * fuzz_remarks.c - libFuzzer harness for the OFAC Remarks parser
 * (src/lists/remarks.c).
 *
 * Parses the input as remarks text and checks that every value and item is
 * a slice of the input (or, for dates, short ASCII), that valid UTF-8 input
 * gives valid UTF-8 values, and that applying the remarks to a staged entity
 * works. The input is also fed to the date normaliser.
 */
#include "lists/remarks.h"
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct ctx {
    const char *in;
    size_t len;
    int utf8;
} ctx;

static int inside(const char *p, size_t n, const char *base, size_t len) {
    return p >= base && n <= len && (size_t)(p - base) <= len - n;
}

static embargo_status check(void *vc, const emb_remark *r) {
    const ctx *c = vc;
    if (!inside(r->item, r->item_len, c->in, c->len)) abort();
    if (!r->is_name && r->field_kind == EMBARGO_FIELD_BIRTH_DATE && !inside(r->text, r->len, c->in, c->len)) {
        if (r->len == 0 || r->len > 31) abort();  /* a normalised date */
        for (size_t i = 0; i < r->len; i++)
            if ((unsigned char)r->text[i] >= 0x80) abort();
    } else if (!inside(r->text, r->len, c->in, c->len)) {
        abort();
    }
    if (c->utf8 && emb__utf8_check(r->text, r->len) != r->len) abort();
    if (r->is_name && (r->name_kind == EMBARGO_NAME_PRIMARY || r->len == 0)) abort();
    return EMBARGO_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* A copy of exactly `size` bytes, so ASan sees any read past the end. */
    char *in = malloc(size ? size : 1);
    if (!in) return 0;
    if (size) memcpy(in, data, size);
    ctx c = { in, size, emb__utf8_check(in, size) == size };
    if (emb__remarks_parse(in, size, check, &c) != EMBARGO_OK) abort();

    char date[32];
    size_t n = emb__remarks_date(in, size, date, sizeof(date));
    if (n >= sizeof(date) || (n && strlen(date) != n)) abort();

    if (size <= 4096) {
        embargo_dataset *ds = NULL;
        if (embargo_dataset_new(&ds) == EMBARGO_OK) {
            emb_load ld;
            if (emb__load_begin(&ld, ds, "fuzz", "fuzz", "", NULL) == EMBARGO_OK) {
                emb_entity *e = emb__load_entity(&ld, "1", 1, EMBARGO_TYPE_PERSON, NULL);
                if (e) {
                    embargo_status st = emb__remarks_apply(&ld, e, in, size);
                    if (st != EMBARGO_OK && st != EMBARGO_ENOMEM && st != EMBARGO_EINVAL) abort();
                }
                if (emb__load_commit(&ld) != EMBARGO_OK) abort();
            } else {
                emb__load_abort(&ld);
            }
            embargo_dataset_free(ds);
        }
    }
    free(in);
    return 0;
}

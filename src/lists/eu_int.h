/*
 * eu_int.h - what the two EU loaders share (private): eu_fsf.c, the
 * Commission's financial sanctions XML, and eu_journal.c, OpenSanctions'
 * extraction of the Official Journal annexes. Both collapse the white space
 * of the text they read, compare words without regard to ASCII case and map
 * a gender the same way. The helpers are static inline, so each loader
 * carries its own copy and the header needs no .c file.
 */
#ifndef EMB_EU_INT_H
#define EMB_EU_INT_H

#include "dataset.h"
#include "../base/buf.h"
#include "../base/str.h"

#include <string.h>

/* A buffer's bytes, "" while it has none (never a null pointer). */
static inline const char *bstr(const emb_buf *b) { return b->data ? (const char *)b->data : ""; }

/* Appends p[0..n) to b with white space runs as one space, trimmed (a
 * space is put before it if b[from..] already holds text). */
static inline void append_collapsed(emb_buf *b, size_t from, const char *p, size_t n) {
    int space = b->len > from;
    int pending = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (emb__is_space(ch)) {
            pending = 1;
            continue;
        }
        if ((pending || space) && b->len > from) emb__buf_putc(b, ' ');
        pending = space = 0;
        emb__buf_putc(b, ch);
    }
}

/* "Male"/"Female" for M/F/male/female; else NULL. */
static inline const char *gender_word(const char *p, size_t n) {
    if (emb__word_ieq(p, n, "M") || emb__word_ieq(p, n, "male")) return "Male";
    if (emb__word_ieq(p, n, "F") || emb__word_ieq(p, n, "female")) return "Female";
    return NULL;
}

/* Adds a GENDER field once: Male or Female (gender_word), else the value
 * as written. */
static inline embargo_status add_gender(emb_load *ld, emb_entity *e, const char *p, size_t n) {
    emb__trim(&p, &n);
    const char *g = gender_word(p, n);
    if (g) return emb__entity_add_field_once(ld, e, EMBARGO_FIELD_GENDER, g, strlen(g));
    return emb__entity_add_field_once(ld, e, EMBARGO_FIELD_GENDER, p, n);
}

#endif

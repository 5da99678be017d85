/*
 * buf.c - growable byte buffer; see buf.h.
 */
#include "buf.h"
#include "alloc.h"

#include <string.h>

void emb__buf_init(emb_buf *b) { memset(b, 0, sizeof(*b)); }

void emb__buf_free(emb_buf *b) {
    emb__free(b->data);
    memset(b, 0, sizeof(*b));
}

void emb__buf_reset(emb_buf *b) {
    b->len = 0;
    b->oom = 0;
}

int emb__buf_reserve(emb_buf *b, size_t n) {
    if (b->oom) return -1;
    if (b->cap - b->len >= n) return 0;
    if (n > SIZE_MAX / 2 - b->len) { b->oom = 1; return -1; }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n) cap *= 2;
    unsigned char *p = emb__realloc(b->data, cap);
    if (!p) { b->oom = 1; return -1; }
    b->data = p;
    b->cap = cap;
    return 0;
}

void emb__buf_append(emb_buf *b, const void *p, size_t n) {
    if (n == 0 || emb__buf_reserve(b, n)) return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void emb__buf_putc(emb_buf *b, int c) {
    unsigned char ch = (unsigned char)c;
    emb__buf_append(b, &ch, 1);
}

void emb__buf_zeros(emb_buf *b, size_t n) {
    if (n == 0 || emb__buf_reserve(b, n)) return;
    memset(b->data + b->len, 0, n);
    b->len += n;
}

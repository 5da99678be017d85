/*
 * buf.h - a growable byte buffer (malloc-backed).
 *
 * Used to assemble index images and output. On allocation failure the
 * buffer sets `oom` and ignores further appends, so callers can append many
 * times and check once.
 */
#ifndef EMB_BUF_H
#define EMB_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct emb_buf {
    unsigned char *data;
    size_t len;
    size_t cap;
    int oom;
} emb_buf;

void emb__buf_init(emb_buf *b);
void emb__buf_free(emb_buf *b);
/* Empties b for reuse as scratch, keeping its memory, and clears `oom`: a
 * failed allocation of an earlier use does not stick. */
void emb__buf_reset(emb_buf *b);
/* Makes room for n more bytes; returns 0 on success, -1 on OOM. */
int emb__buf_reserve(emb_buf *b, size_t n);
void emb__buf_append(emb_buf *b, const void *p, size_t n);
void emb__buf_putc(emb_buf *b, int c);
void emb__buf_zeros(emb_buf *b, size_t n);

#endif

/*
 * opts.h - reading a caller's options struct field by field (embargo.h,
 * "Options structs").
 *
 * A struct begins with its size as the caller's header knew it. A field
 * counts when that size covers it whole; the rest keep their defaults. A
 * caller's struct larger than ours must be zero beyond our last field (a
 * newer program that left the fields we do not know unset).
 */
#ifndef EMB_OPTS_H
#define EMB_OPTS_H

#include <stddef.h>

/* Whether the caller's struct *p (of type T, p->size bytes) holds field f. */
#define EMB_OPT_HAS(p, T, f) ((p)->size >= offsetof(T, f) + sizeof(((T *)0)->f))

/* out->f = in->f when the caller's struct holds f. */
#define EMB_OPT_TAKE(in, out, T, f)                   \
    do {                                              \
        if (EMB_OPT_HAS(in, T, f)) (out)->f = (in)->f; \
    } while (0)

/* The end of field f of T: where the fields a newer header may add begin. */
#define EMB_OPT_END(T, f) (offsetof(T, f) + sizeof(((T *)0)->f))

/* 0 if a caller's struct of `size` bytes at p is usable by a library whose
 * fields end at `known`: its size covers at least the size field itself, and
 * any bytes beyond `known` are zero. -1 otherwise. */
static inline int emb__opt_check(const void *p, size_t size, size_t known) {
    /* a size no header of ours will reach: an uninitialised struct, whose
     * "tail" must not be read */
    if (size < sizeof(size_t) || size > known + 1024) return -1;
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = known; i < size; i++)
        if (b[i]) return -1;
    return 0;
}

#endif

/*
 * alloc.c - malloc wrappers with a failure-injection hook for tests, and
 * array growth.
 *
 * The hook's state is atomic: one index is shared by matchers on many
 * threads, and each of them allocates. Counting happens only while a test
 * has armed a failure, so the common path is one relaxed load.
 */
#include "alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static atomic_ulong fail_at;   /* 0: never fail */
static atomic_ulong count;

static int should_fail(void) {
    unsigned long at = atomic_load_explicit(&fail_at, memory_order_relaxed);
    if (!at) return 0;
    return atomic_fetch_add_explicit(&count, 1, memory_order_relaxed) + 1 >= at;
}

void *emb__malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }

void *emb__calloc(size_t c, size_t s) {
    return should_fail() ? NULL : calloc(c ? c : 1, s ? s : 1);
}

void *emb__realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n ? n : 1); }

void emb__free(void *p) { free(p); }

void *emb__malloc_aligned(size_t align, size_t n) {
    if (should_fail()) return NULL;
    size_t rounded = (n + align - 1) & ~(align - 1);
    if (rounded < n) return NULL;
    return aligned_alloc(align, rounded ? rounded : align);
}

unsigned long emb__alloc_fail_after(unsigned long n) {
    unsigned long c = atomic_exchange_explicit(&count, 0, memory_order_relaxed);
    atomic_store_explicit(&fail_at, n, memory_order_relaxed);
    return c;
}

int emb__grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t first) {
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : first ? first : 1;
    while (n < need) {
        if (n > SIZE_MAX / 2) return -1;
        n *= 2;
    }
    if (elem && n > SIZE_MAX / elem) return -1;
    void *old;
    memcpy(&old, arrp, sizeof(old));
    void *p = emb__realloc(old, n * elem);
    if (!p) return -1;
    memcpy(arrp, &p, sizeof(p));
    *cap = n;
    return 0;
}

/*
 * alloc.c - malloc wrappers with a failure-injection hook for tests.
 */
#include "alloc.h"

#include <stdlib.h>

static unsigned long fail_at;   /* 0: never fail */
static unsigned long count;

static int should_fail(void) {
    count++;
    return fail_at && count >= fail_at;
}

void *emb__malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }

void *emb__calloc(size_t c, size_t s) {
    return should_fail() ? NULL : calloc(c ? c : 1, s ? s : 1);
}

void *emb__realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n ? n : 1); }

void emb__free(void *p) { free(p); }

unsigned long emb__alloc_fail_after(unsigned long n) {
    unsigned long c = count;
    fail_at = n;
    count = 0;
    return c;
}

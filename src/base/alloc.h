/*
 * alloc.h - the allocator hook.
 *
 * Every allocation in the library goes through these, so tests can fail the
 * Nth allocation and check that each failure path returns EMBARGO_ENOMEM and
 * leaks nothing (the out-of-memory torture in tests/unit/test_oom.c).
 */
#ifndef EMB_ALLOC_H
#define EMB_ALLOC_H

#include <stddef.h>

void *emb__malloc(size_t n);
void *emb__calloc(size_t count, size_t size);
void *emb__realloc(void *p, size_t n);
void emb__free(void *p);

/* Test hook: make allocation number `n` (counting from 1 after this call)
 * and every later one fail; 0 turns failures off. Returns how many
 * allocations happened since the previous call. Not thread-safe. */
unsigned long emb__alloc_fail_after(unsigned long n);

#endif

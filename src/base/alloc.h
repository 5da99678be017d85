/*
 * alloc.h - the allocator hook, and array growth.
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
/* n bytes aligned to `align` (a power of two, a multiple of sizeof(void *)),
 * freed with emb__free. */
void *emb__malloc_aligned(size_t align, size_t n);

/* Test hook: make allocation number `n` (counting from 1 after this call)
 * and every later one fail; 0 turns failures off. Returns how many
 * allocations happened since the previous call while failures were armed
 * (counting only runs while they are, so that normal use costs one relaxed
 * atomic load). Safe to call while other threads allocate, but the count is
 * then theirs too: tortures run on one thread. */
unsigned long emb__alloc_fail_after(unsigned long n);

/* Makes room for at least `need` elements of `elem` bytes in the array
 * whose pointer is at `arrp` (a T **, passed as void *) and whose capacity
 * is *cap: the capacity doubles (from `first`, when the array is empty)
 * until it is enough. Returns 0, or -1 on out-of-memory or overflow with
 * the array and *cap unchanged. Use EMB_GROW (from 16) or EMB_GROW_FROM,
 * which skip the call when there is room. */
int emb__grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t first);

#define EMB_GROW(arr, cap, need) EMB_GROW_FROM(arr, cap, need, 16)

/* As EMB_GROW, starting at `first` elements: for the many small arrays of
 * one record (an entity's names and fields), where 16 would waste memory. */
#define EMB_GROW_FROM(arr, cap, need, first)                                     \
    ((size_t)(need) <= (cap) ? 0                                                 \
                             : emb__grow(&(arr), &(cap), (size_t)(need), sizeof(*(arr)), (first)))

#endif

/*
 * arena.c - bump allocator; see arena.h.
 */
#include "arena.h"
#include "alloc.h"

#include <stdint.h>
#include <string.h>

struct emb_arena_block {
    emb_arena_block *next;
    size_t size;
    size_t off;
    max_align_t data[];
};

void emb__arena_init(emb_arena *a, size_t block_size) {
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used = 0;
}

void emb__arena_free(emb_arena *a) {
    emb_arena_block *b = a->head;
    while (b) {
        emb_arena_block *next = b->next;
        emb__free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}

void emb__arena_reset(emb_arena *a) {
    if (!a->head) return;
    emb_arena_block *b = a->head->next;
    while (b) {
        emb_arena_block *next = b->next;
        emb__free(b);
        b = next;
    }
    a->head->next = NULL;
    a->head->off = 0;
    a->used = 0;
}

void *emb__arena_alloc(emb_arena *a, size_t n) {
    n = (n + 7u) & ~(size_t)7u;
    if (n == 0) n = 8;
    emb_arena_block *b = a->head;
    if (!b || b->size - b->off < n) {
        size_t size = n > a->block_size / 4 ? n : a->block_size;
        if (size > SIZE_MAX - sizeof(*b)) return NULL;
        emb_arena_block *nb = emb__malloc(sizeof(*nb) + size);
        if (!nb) return NULL;
        nb->size = size;
        nb->off = 0;
        if (b && size != a->block_size) {
            /* A large one-off allocation: keep the current block on top. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = (char *)b->data + b->off;
    b->off += n;
    a->used += n;
    return p;
}

void *emb__arena_calloc(emb_arena *a, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) return NULL;
    void *p = emb__arena_alloc(a, count * size);
    if (p) memset(p, 0, count * size);
    return p;
}

char *emb__arena_strndup(emb_arena *a, const char *s, size_t len) {
    if (len == SIZE_MAX) return NULL;
    char *p = emb__arena_alloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void emb__arena_adopt(emb_arena *to, emb_arena *from) {
    if (!from->head) return;
    emb_arena_block *last = from->head;
    while (last->next) last = last->next;
    if (to->head) {
        /* keep `to`'s current block on top so it keeps filling */
        last->next = to->head->next;
        to->head->next = from->head;
    } else {
        to->head = from->head;
    }
    to->used += from->used;
    from->head = NULL;
    from->used = 0;
}

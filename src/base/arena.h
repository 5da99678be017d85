/*
 * arena.h - bump allocation for objects that die together.
 *
 * A loaded list, an index build and a query each own one arena and free it
 * at once. Allocations are 8-byte aligned. All functions return NULL on
 * out-of-memory and leave the arena usable.
 */
#ifndef EMB_ARENA_H
#define EMB_ARENA_H

#include <stddef.h>

typedef struct emb_arena_block emb_arena_block;

typedef struct emb_arena {
    emb_arena_block *head;
    size_t block_size;   /* default size of new blocks */
    size_t used;         /* bytes handed out, for statistics */
} emb_arena;

/* Initialises an empty arena; no memory is taken until the first alloc. */
void emb__arena_init(emb_arena *a, size_t block_size);
/* Frees every block. The arena may be used again afterwards. */
void emb__arena_free(emb_arena *a);
/* Frees all but the first block and rewinds it: cheap reuse per query. */
void emb__arena_reset(emb_arena *a);

void *emb__arena_alloc(emb_arena *a, size_t n);
void *emb__arena_calloc(emb_arena *a, size_t count, size_t size);
/* Copies len bytes and appends a NUL. */
char *emb__arena_strndup(emb_arena *a, const char *s, size_t len);



/* Moves every block of `from` into `to`; `from` is left empty. */
void emb__arena_adopt(emb_arena *to, emb_arena *from);
#endif

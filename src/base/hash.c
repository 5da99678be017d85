/*
 * hash.c - thin wrapper over libxxhash.
 */
#include "hash.h"

#include <xxhash.h>

uint64_t emb__hash(const void *p, size_t len) { return XXH3_64bits(p, len); }

uint64_t emb__hash_seed(const void *p, size_t len, uint64_t seed) {
    return XXH3_64bits_withSeed(p, len, seed);
}

/*
 * hash.h - the one string hash used everywhere (XXH3, 64-bit).
 *
 * Index files store hashes, so this function is part of the file format:
 * changing it needs a format version bump.
 */
#ifndef EMB_HASH_H
#define EMB_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t emb__hash(const void *p, size_t len);
uint64_t emb__hash_seed(const void *p, size_t len, uint64_t seed);

#endif

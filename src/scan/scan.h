/*
 * scan.h - what the scanner (scan*.c; the hook is in scan_screen.c) shows its
 * tests beyond the public API.
 *
 * The scanner keeps what screening each span of text found in a cache keyed
 * by a hash of the span; tests force hash collisions to check that a span
 * never gets another span's matches.
 */
#ifndef EMB_SCAN_H
#define EMB_SCAN_H

#include "embargo.h"

#include <stdint.h>

/* Test hook: the hashes of span texts are ANDed with `mask` from now on
 * (a new scanner has ~0). With 0 every span hashes alike and lands in one
 * cache set, so each lookup meets a collision, and the ring of matches
 * holds two spans' worth, so it comes round often. Results must not change. */
void emb__scanner_cache_mask(embargo_scanner *s, uint64_t mask);

#endif

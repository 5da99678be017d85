/*
 * cpu.h - what the processor offers beyond the baseline it is compiled for,
 * and the bit counts the matcher asks of letter masks.
 *
 * The scorer and the screen compare letter masks (name.h) by counting the
 * bits of their difference, for nearly every pair of words they look at.
 * The baseline x86-64, which a distribution's compiler targets, has no
 * instruction for it, and the count takes a dozen; nearly every x86-64
 * made since 2008-2011 has POPCNT (x86-64-v2). So on x86-64 the count
 * asks, through a flag set once when the library is loaded, whether the
 * processor has it: the binary still runs on any x86-64, and counts the
 * same either way. A build for x86-64-v2 or later (-march, __POPCNT__)
 * uses the instruction outright; other architectures and compilers count
 * as before.
 */
#ifndef EMB_CPU_H
#define EMB_CPU_H

#include <stdint.h>

#if !defined(__POPCNT__) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EMB_POPCNT_ASK 1
/* The processor has POPCNT (cpu.c: set before main, never changed). */
extern int emb__cpu_popcnt;
#endif

/* How many bits of x are set. */
static inline unsigned emb__popcount(uint32_t x) {
#if defined(__POPCNT__) && (defined(__GNUC__) || defined(__clang__))
    return (unsigned)__builtin_popcount(x);
#else
#ifdef EMB_POPCNT_ASK
    if (emb__cpu_popcnt) {
        uint32_t n;
        __asm__("popcntl %1, %0" : "=r"(n) : "r"(x) : "cc");
        return n;
    }
#endif
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
#endif
}

/* The index of the lowest set bit of x (not 0). */
static inline unsigned emb__lowest_bit(uint32_t x) {
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctz(x);
#else
    unsigned k = 0;
    while (!(x & 1)) x >>= 1, k++;
    return k;
#endif
}

#endif

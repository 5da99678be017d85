/*
 * cpu.c - what the processor offers, asked once when the library is
 * loaded; see cpu.h.
 */
#include "cpu.h"

#ifdef EMB_POPCNT_ASK
int emb__cpu_popcnt;

/* Before main (and before any thread the program starts), so the flag is
 * only ever read after. */
__attribute__((constructor)) static void cpu_ask(void) {
    __builtin_cpu_init();
    emb__cpu_popcnt = __builtin_cpu_supports("popcnt") != 0;
}
#else
/* (ISO C wants a translation unit to declare something) */
typedef int emb_cpu_nothing;
#endif

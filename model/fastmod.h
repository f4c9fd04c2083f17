/* SPDX-License-Identifier: MIT */
/*
 * a % d for a fixed divisor without a division instruction (Lemire, Kaser
 * and Kurz, "Faster remainder by direct computation", 2019): two multiplies
 * with m = sm_fastmod_m(d), computed once.  Exact for every 32-bit a and
 * d >= 1 (tests/test_fastmod.c checks it against %).  Host speed only.
 */
#ifndef SMMUITS_MODEL_FASTMOD_H
#define SMMUITS_MODEL_FASTMOD_H

#include <stdint.h>

/* d = 0 gives 0: no remainder exists, and no caller may ask for one. */
static inline uint64_t sm_fastmod_m(uint32_t d)
{
	return d ? UINT64_MAX / d + 1 : 0;
}

static inline uint32_t sm_fastmod(uint32_t a, uint64_t m, uint32_t d)
{
	uint64_t low = m * a;
#ifdef __SIZEOF_INT128__
	return (uint32_t)(((unsigned __int128)low * d) >> 64);
#else
	/* the high half of the 64x32-bit product, in two 32x32-bit halves */
	return (uint32_t)(((low >> 32) * d + (((low & 0xffffffffu) * d) >> 32)) >> 32);
#endif
}

#endif

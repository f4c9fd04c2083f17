/* SPDX-License-Identifier: MIT */
/*
 * A fuzzer input read as a stream of choices.  Past the end every read
 * returns 0, so a short input is still a complete (small) program: the
 * decoders never fail on length, they just stop doing things.
 */
#ifndef SMMUITS_FUZZ_IN_H
#define SMMUITS_FUZZ_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fz_in {
	const uint8_t *p;
	size_t n, i;
};

static inline bool fz_done(const struct fz_in *in)
{
	return in->i >= in->n;
}

/* nbytes (1..8) little-endian bytes. */
static inline uint64_t fz_bytes(struct fz_in *in, unsigned nbytes)
{
	uint64_t v = 0;

	for (unsigned k = 0; k < nbytes; k++, in->i++)
		if (in->i < in->n)
			v |= (uint64_t)in->p[in->i] << (8 * k);
	return v;
}

static inline unsigned fz_u8(struct fz_in *in)
{
	return (unsigned)fz_bytes(in, 1);
}

/* A value in [0, n), n >= 1: one byte when n <= 256, else two (or eight). */
static inline uint64_t fz_below(struct fz_in *in, uint64_t n)
{
	if (n <= 256)
		return fz_bytes(in, 1) % n;
	if (n <= 65536)
		return fz_bytes(in, 2) % n;
	return fz_bytes(in, 8) % n;
}

/* True with probability about num/256. */
static inline bool fz_chance(struct fz_in *in, unsigned num)
{
	return fz_u8(in) < num;
}

#endif

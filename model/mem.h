/* SPDX-License-Identifier: MIT */
/*
 * Sparse physical memory.  Pages of 4 KiB are allocated the first time they
 * are written; untouched memory reads as zero.  A cap bounds how much host
 * memory the touched pages may take, so a trace or a fuzzer that scribbles
 * everywhere gets SM_ENOMEM, not an OOM kill.  Reset frees only what was
 * touched, so a fresh model costs microseconds, not a memset of RAM.
 */
#ifndef SMMUITS_MEM_H
#define SMMUITS_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE  (UINT64_C(1) << MEM_PAGE_SHIFT)
#define MEM_DEFAULT_CAP (UINT64_C(1) << 30) /* 1 GiB of touched pages */

struct mem;

struct mem *mem_create(uint64_t cap_bytes);
void mem_destroy(struct mem *m);
/* Forget every touched page (all memory reads as zero again). */
void mem_reset(struct mem *m);

/* Reads never fail: untouched bytes are zero.  Addresses wrap at 2^64 are rejected. */
int mem_read(struct mem *m, uint64_t pa, void *buf, size_t len);
/* All or nothing: SM_ENOMEM (cap reached, nothing written) or SM_EINVAL (wraps). */
int mem_write(struct mem *m, uint64_t pa, const void *buf, size_t len);

uint64_t mem_touched_bytes(const struct mem *m);
uint64_t mem_cap_bytes(const struct mem *m);

/* Little-endian helpers on a byte buffer. */
static inline uint64_t mem_le_get(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	/* Written out for the common sizes: compilers turn these into one load. */
	if (size == 8)
		return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
		       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
		       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
	if (size == 4)
		return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
		       (uint64_t)p[3] << 24;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void mem_le_put(uint8_t *p, unsigned size, uint64_t v)
{
	if (size == 8) {
		p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16);
		p[3] = (uint8_t)(v >> 24), p[4] = (uint8_t)(v >> 32), p[5] = (uint8_t)(v >> 40);
		p[6] = (uint8_t)(v >> 48), p[7] = (uint8_t)(v >> 56);
		return;
	}
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#endif

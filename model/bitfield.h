/* SPDX-License-Identifier: MIT */
/*
 * Bit-field helpers.  Every architectural field in smmuits is declared once
 * as a 64-bit mask written (hi, lo) exactly as the Arm specifications print
 * it, and read or built only through FIELD_GET / FIELD_PREP.
 */
#ifndef SMMUITS_BITFIELD_H
#define SMMUITS_BITFIELD_H

#include <stdint.h>

#define BIT64(n)          (UINT64_C(1) << (n))
#define GENMASK64(hi, lo) \
	((~UINT64_C(0) >> (63 - (hi))) & ~((UINT64_C(1) << (lo)) - 1))

/* A mask must be a non-zero constant; a zero mask is a declaration bug. */
#define BF_CHECK_MASK(m) \
	((void)sizeof(struct { _Static_assert((m) != 0, "empty field mask"); int bf_dummy; }))

#define BF_SHIFT(m)        ((unsigned)__builtin_ctzll(m))
#define FIELD_GET(m, v)    (BF_CHECK_MASK(m), (((uint64_t)(v) & (m)) >> BF_SHIFT(m)))
#define FIELD_PREP(m, v)   (BF_CHECK_MASK(m), (((uint64_t)(v) << BF_SHIFT(m)) & (m)))
/* Replace one field of a word. */
#define FIELD_SET(m, w, v) (((uint64_t)(w) & ~(uint64_t)(m)) | FIELD_PREP(m, v))
/* True when v fits the field without truncation. */
#define FIELD_FITS(m, v)   (((uint64_t)(v) & ~((m) >> BF_SHIFT(m))) == 0)

/* Address fields keep their bit position: ADDR[51:6] means "bits 51..6 of the address". */
#define FIELD_ADDR(m, v)   ((uint64_t)(v) & (m))

#endif

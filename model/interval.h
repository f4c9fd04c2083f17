/* SPDX-License-Identifier: MIT */
/*
 * Interval arithmetic on 64-bit addresses, for reserved-region conflicts.
 *
 * An interval is inclusive, [first, last], because the ranges that matter
 * here may end at the very top of the address space (2^64 - 1), which
 * base + size cannot express.  An interval set is the union of what was
 * added: sorted, with overlapping and touching members merged, so two sets
 * built from the same ranges in any order are equal.
 */
#ifndef SMMUITS_INTERVAL_H
#define SMMUITS_INTERVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct sm_ival {
	uint64_t first;
	uint64_t last;   /* inclusive */
};

/* [base, base + size): SM_EINVAL when size is 0 or the range passes 2^64 - 1. */
int sm_ival_make(uint64_t base, uint64_t size, struct sm_ival *out);
/* Do a and b share at least one address? */
bool sm_ival_overlap(struct sm_ival a, struct sm_ival b);
/* Do a and b touch end to start without sharing an address? */
bool sm_ival_adjacent(struct sm_ival a, struct sm_ival b);
/* Is inner wholly inside outer? */
bool sm_ival_contains(struct sm_ival outer, struct sm_ival inner);
/* The addresses a and b share: true and *out, or false when they share none. */
bool sm_ival_intersect(struct sm_ival a, struct sm_ival b, struct sm_ival *out);

struct sm_ivset {
	struct sm_ival *v;  /* sorted by first; disjoint and not touching */
	size_t n, cap;
};

/* Add r to the union.  SM_ENOMEM leaves the set as it was. */
int sm_ivset_add(struct sm_ivset *s, struct sm_ival r);
/* Does r overlap the set?  *hit (may be NULL) gets the first member it overlaps. */
bool sm_ivset_overlaps(const struct sm_ivset *s, struct sm_ival r, struct sm_ival *hit);
/*
 * The lowest base >= from, a multiple of align (a power of two), such that
 * [base, base + size) stays at or below limit and overlaps no member:
 * SM_OK and *base, or SM_ERANGE when there is no such place.
 */
int sm_ivset_first_fit(const struct sm_ivset *s, uint64_t from, uint64_t size, uint64_t align,
		       uint64_t limit, uint64_t *base);
void sm_ivset_free(struct sm_ivset *s);

#endif

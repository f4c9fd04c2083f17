/* SPDX-License-Identifier: MIT */
/*
 * Interval arithmetic (interval.h).  Every sum that could pass 2^64 - 1 is
 * checked before it is made: a range at the top of the address space is a
 * case to handle, not an accident.
 */
#include "interval.h"

#include <stdlib.h>
#include <string.h>

int sm_ival_make(uint64_t base, uint64_t size, struct sm_ival *out)
{
	if (size == 0 || size - 1 > UINT64_MAX - base)
		return SM_EINVAL;
	out->first = base;
	out->last = base + (size - 1);
	return SM_OK;
}

bool sm_ival_overlap(struct sm_ival a, struct sm_ival b)
{
	return a.first <= b.last && b.first <= a.last;
}

bool sm_ival_adjacent(struct sm_ival a, struct sm_ival b)
{
	/* last + 1 wraps to 0 at the top: nothing can follow 2^64 - 1. */
	return (a.last != UINT64_MAX && a.last + 1 == b.first) ||
	       (b.last != UINT64_MAX && b.last + 1 == a.first);
}

bool sm_ival_contains(struct sm_ival outer, struct sm_ival inner)
{
	return outer.first <= inner.first && inner.last <= outer.last;
}

bool sm_ival_intersect(struct sm_ival a, struct sm_ival b, struct sm_ival *out)
{
	if (!sm_ival_overlap(a, b))
		return false;
	out->first = a.first > b.first ? a.first : b.first;
	out->last = a.last < b.last ? a.last : b.last;
	return true;
}

int sm_ivset_add(struct sm_ivset *s, struct sm_ival r)
{
	size_t lo = 0, hi;

	/* Members before r that neither overlap nor touch it stay as they are. */
	while (lo < s->n && s->v[lo].last < r.first && !sm_ival_adjacent(s->v[lo], r))
		lo++;
	/* [lo, hi) are merged into r. */
	for (hi = lo; hi < s->n && (sm_ival_overlap(s->v[hi], r) || sm_ival_adjacent(s->v[hi], r));
	     hi++) {
		if (s->v[hi].first < r.first)
			r.first = s->v[hi].first;
		if (s->v[hi].last > r.last)
			r.last = s->v[hi].last;
	}
	if (hi == lo) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 8;
			struct sm_ival *v = realloc(s->v, cap * sizeof(*v));

			if (!v)
				return SM_ENOMEM;
			s->v = v;
			s->cap = cap;
		}
		memmove(&s->v[lo + 1], &s->v[lo], (s->n - lo) * sizeof(*s->v));
		s->n++;
	} else {
		memmove(&s->v[lo + 1], &s->v[hi], (s->n - hi) * sizeof(*s->v));
		s->n -= hi - lo - 1;
	}
	s->v[lo] = r;
	return SM_OK;
}

bool sm_ivset_overlaps(const struct sm_ivset *s, struct sm_ival r, struct sm_ival *hit)
{
	for (size_t i = 0; i < s->n && s->v[i].first <= r.last; i++) {
		if (sm_ival_overlap(s->v[i], r)) {
			if (hit)
				*hit = s->v[i];
			return true;
		}
	}
	return false;
}

/* x rounded up to a multiple of align: false when that passes 2^64 - 1. */
static bool align_up(uint64_t x, uint64_t align, uint64_t *out)
{
	uint64_t m = align - 1;

	if (x > UINT64_MAX - m)
		return false;
	*out = (x + m) & ~m;
	return true;
}

int sm_ivset_first_fit(const struct sm_ivset *s, uint64_t from, uint64_t size, uint64_t align,
		       uint64_t limit, uint64_t *base)
{
	uint64_t cand;
	struct sm_ival r, hit;

	if (!align || (align & (align - 1)) || !align_up(from, align, &cand))
		return SM_ERANGE;
	for (;;) {
		if (sm_ival_make(cand, size, &r) || r.last > limit)
			return SM_ERANGE;
		if (!sm_ivset_overlaps(s, r, &hit)) {
			*base = cand;
			return SM_OK;
		}
		/* Members are merged, so the next candidate is past this one. */
		if (hit.last == UINT64_MAX || !align_up(hit.last + 1, align, &cand))
			return SM_ERANGE;
	}
}

void sm_ivset_free(struct sm_ivset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

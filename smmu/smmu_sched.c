/* SPDX-License-Identifier: MIT */
/*
 * Concurrency: translation slots and parallel walkers (docs/timing.md
 * "Concurrency").
 *
 * The functional path has already decided what a transaction does and what
 * it costs when it runs alone (smmu_result.cycles, of which walk_busy is
 * the part a central-unit walker is held for).  This file only decides when
 * it runs: a transaction needs a free translation slot from issue to
 * completion, and a transaction that misses the TLBs needs a free walker
 * for its central-unit work.  When every slot or walker is busy it waits
 * for the earliest to free, so under TLB thrashing throughput is bounded
 * by walkers / walk time, as in hardware.  Data beyond the translation is
 * the bus's business and holds no slot.
 *
 * Each resource is a list of "free at cycle" times.  When a transaction is
 * issued after every recorded time, all of them are free and it simply
 * takes entry 0: serial traffic never scans.
 */
#include <string.h>

#include "smmu/smmu_internal.h"

/* The earliest-free entry of n. */
static unsigned earliest(const uint64_t *free_at, unsigned n)
{
	unsigned best = 0;

	for (unsigned i = 1; i < n; i++)
		if (free_at[i] < free_at[best])
			best = i;
	return best;
}

static inline uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

void smmu__schedule(struct smmu *s, uint64_t issue, struct smmu_result *r)
{
	struct smmu_sched *q = &s->sched;
	uint64_t alone = r->cycles, start, done;
	unsigned slot = 0, w = 0;

	if (issue < q->horizon)
		slot = earliest(q->slot_free, q->nslots);
	start = max_u64(issue, q->slot_free[slot]);
	if (r->walk_busy) {
		/* The walker is needed once the request has crossed to the central unit. */
		uint64_t arrive = start + r->walk_at, begin;

		if (arrive < q->horizon)
			w = earliest(q->walker_free, q->nwalkers);
		begin = max_u64(arrive, q->walker_free[w]);
		q->walker_free[w] = begin + r->walk_busy;
		done = begin + (alone - r->walk_at);
		if (begin > arrive)
			s->stats.walker_waits++;
	} else {
		done = start + alone;
	}
	if (start > issue)
		s->stats.slot_waits++;
	q->slot_free[slot] = done;
	q->horizon = max_u64(q->horizon, done);
	r->wait = done - issue - alone;
	r->cycles = done - issue;
}

void smmu__sched_reset(struct smmu *s)
{
	struct smmu_sched *q = &s->sched;

	q->nslots = s->cfg.slots;
	q->nwalkers = s->cfg.walkers;
	q->horizon = 0;
	memset(q->slot_free, 0, sizeof(q->slot_free));
	memset(q->walker_free, 0, sizeof(q->walker_free));
}

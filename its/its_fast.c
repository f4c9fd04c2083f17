/* SPDX-License-Identifier: MIT */
/*
 * The host-speed fast path for a repeated MSI (docs/performance.md), the
 * ITS's counterpart of smmu/smmu_fast.c.
 *
 * A device that signals the same (DeviceID, EventID) over and over makes
 * the full path probe the device, ITE and collection caches and the
 * redistributor's LPI configuration cache, and rewrite a pending bit that
 * is already set.  When a translation delivered its LPI with every probe a
 * hit, the entries it used are remembered with the generation number of
 * each cache (bumped by any insert, removal or clear) and of the target
 * CPU's redistributor state (bumped when its pending set, EnableLPIs,
 * PROPBASER or PENDBASER change).  While those hold, GITS_CTLR.Enabled is
 * still set and the LPI's bit is still set in the pending table in RAM, a
 * repeat has the same result, and the fast path replays the full path's
 * side effects: the same LRU stamps and counters, the same cycles.  Output
 * is byte-identical with the fast path on or off (tests/test_its_fast.c).
 * Skipped while explaining.  It is a host optimisation only: it models
 * nothing.
 */
#include "its/its_table.h"

void its__memo_mark(const struct its *its, const struct bus_attrs *attrs,
		    struct its__memo_mark *mk)
{
	*mk = (struct its__memo_mark){
		.cycles = attrs ? attrs->cycles : 0,
		.dev_gen = its->dev_cache.gen, .ite_gen = its->ite_cache.gen,
		.coll_gen = its->coll_cache.gen, .miss_seq = gicr__cfg_miss_seq(its->rd),
	};
}

void its__memo_record(struct its *its, uint32_t eventid, const struct bus_attrs *attrs,
		      const struct its__memo_mark *mk)
{
	struct its__memo *m = &its->memo;
	struct its__cache_entry *ite;

	/*
	 * Delivered, and no cache filled on the way: a valid entry that
	 * missed would have been inserted (a generation bump).
	 */
	if (!its->cfg.fast_path || its->explain || !attrs ||
	    attrs->result.kind != BUS_RESULT_INTERRUPT || its->dev_cache.gen != mk->dev_gen ||
	    its->ite_cache.gen != mk->ite_gen || its->coll_cache.gen != mk->coll_gen)
		return;
	m->valid = false;
	ite = its__cache_find(&its->ite_cache, its__ite_key(attrs->src_id, eventid));
	if (!ite)
		return;
	*m = (struct its__memo){
		.devid = attrs->src_id, .eventid = eventid,
		.dte = its__cache_find(&its->dev_cache, attrs->src_id), .ite = ite,
		.cte = its__cache_find(&its->coll_cache, its_ite_decode(ite->val).icid),
		.dev_gen = mk->dev_gen, .ite_gen = mk->ite_gen, .coll_gen = mk->coll_gen,
		.cycles = attrs->cycles - mk->cycles, .result = attrs->result,
	};
	m->valid = m->dte && m->cte &&
		   gicr__memo_take(its->rd, (unsigned)attrs->result.target, attrs->result.id,
				   mk->miss_seq, &m->rd);
}

static void stamp(struct its__cache *c, struct its__cache_entry *e)
{
	e->lru = ++c->use_counter;
	c->hits++;
}

bool its__memo_replay(struct its *its, uint32_t eventid, struct bus_attrs *attrs)
{
	struct its__memo *m = &its->memo;

	if (!attrs || !(attrs->flags & BUS_ATTR_SRC_VALID) || attrs->src_id != m->devid ||
	    eventid != m->eventid || its->explain || !(its->ctlr & GITS_CTLR_ENABLED) ||
	    its->dev_cache.gen != m->dev_gen || its->ite_cache.gen != m->ite_gen ||
	    its->coll_cache.gen != m->coll_gen || !gicr__memo_holds(its->rd, &m->rd))
		return false;
	/* The full path's side effects: DTE, ITE, CTE, then the redistributor's. */
	its->stats.translations++;
	stamp(&its->dev_cache, m->dte);
	stamp(&its->ite_cache, m->ite);
	stamp(&its->coll_cache, m->cte);
	gicr__memo_apply(its->rd, &m->rd);
	its->stats.lpis++;
	attrs->cycles += m->cycles;
	attrs->result = m->result;
	return true;
}

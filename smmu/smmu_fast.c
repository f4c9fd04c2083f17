/* SPDX-License-Identifier: MIT */
/*
 * The host-speed fast path for repeated TLB hits (docs/performance.md).
 *
 * A device that reads one page over and over makes the full path look up
 * the same STE, CD and TLB entry every time.  When a translation ends as a
 * TLB hit that read nothing from memory, the entries it used are remembered
 * (smmu_memo) under the instance's generation number.  Anything that could
 * change such a translation bumps the generation: any register write (and
 * so any command), any insertion into or invalidation of the configuration
 * cache, TLB or micro-TLBs, a reset.  While the generation holds, the same
 * transaction gives the same result, and the fast path replays the hit's
 * side effects in the full path's order (LRU stamps, counters, timing), so
 * output is byte-identical with the fast path on or off (tests check).
 * It is a host optimisation only: it models nothing.
 */
#include "smmu/smmu_internal.h"

void smmu__memo_begin(struct smmu *s)
{
	s->rec.ncfg = 0;
	s->rec.ntlb = 0;
}

void smmu__memo_cfg_hit(struct smmu *s, struct smmu_cfg_entry *e)
{
	if (s->rec.ncfg < SMMU_MEMO_CFG)
		s->rec.cfg[s->rec.ncfg] = e;
	s->rec.ncfg++;
}

void smmu__memo_tlb_hit(struct smmu *s, struct smmu_tlb_entry *e)
{
	s->rec.tlb = e;
	s->rec.ntlb++;
}

void smmu__memo_record(struct smmu *s, const struct smmu_txn *t, const struct smmu_result *r)
{
	struct smmu_memo *m = &s->memo;

	struct smmu_utlb_entry *u = smmu__utlb_entry(s, t->sid, t->ssv, t->ssid, t->iova);

	if (!s->fast_path || r->verdict != SMMU_TRANSLATED || !r->tlb_hit || r->walk_busy ||
	    s->rec.ntlb != 1 || s->rec.ncfg > SMMU_MEMO_CFG ||
	    (s->cfg.utlb_entries && !u))
		return;
	*m = (struct smmu_memo){
		.gen = s->gen, .valid = true,
		.sid = t->sid, .ssid = t->ssv ? t->ssid : 0, .ssv = t->ssv,
		.write = t->write, .priv = t->priv, .exec = t->exec, .page = t->iova >> 12,
		.pa_page = r->pa & ~UINT64_C(0xfff), .rule = r->rule,
		.ncfg = s->rec.ncfg, .tlb = s->rec.tlb,
		.utlb = u,
	};
	for (unsigned i = 0; i < m->ncfg; i++)
		m->cfg[i] = s->rec.cfg[i];
}

bool smmu__memo_replay(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r)
{
	const struct smmu_memo *m = &s->memo;
	const struct sm_latency *L = &s->lat;

	if (!m->valid || m->gen != s->gen || m->page != t->iova >> 12 || m->sid != t->sid ||
	    m->ssv != t->ssv || (t->ssv && m->ssid != t->ssid) || m->write != t->write ||
	    m->priv != t->priv || m->exec != t->exec)
		return false;
	/* The full path's side effects, in its order: STE, CD, TLB, micro-TLB. */
	s->stats.transactions++;
	for (unsigned i = 0; i < m->ncfg; i++)
		m->cfg[i]->lru = ++s->use_counter;
	s->stats.cfg_cache_hits += m->ncfg;
	s->cfg_probes = m->ncfg;
	m->tlb->lru = ++s->use_counter;
	s->stats.tlb_hits++;
	r->verdict = SMMU_TRANSLATED;
	r->pa = m->pa_page | (t->iova & 0xfff);
	r->event_status = SMMU_EVQ_NONE;
	r->rule = m->rule;
	r->ipa = 0, r->tlb_hit = true, r->walk_reads = 0, r->walk_busy = 0;
	r->event.type = 0;
	if (m->utlb) {
		m->utlb->lru = ++s->use_counter;
		s->stats.utlb_hits++;
		r->cycles = (uint64_t)L->issue + L->utlb + L->complete;
	} else {
		r->cycles = (uint64_t)L->issue + L->tlb + L->complete;
	}
	smmu__schedule(s, t->issue, r);
	return true;
}

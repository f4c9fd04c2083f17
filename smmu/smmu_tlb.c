/* SPDX-License-Identifier: MIT */
/*
 * TLB storage: set-associative, LRU with deterministic ties.  An entry
 * sits in the set chosen by its input address at the granularity it was
 * filled at (the page size, or 2 MiB for blocks), so a lookup probes at
 * most two sets.  A block is cached per 2 MiB region it is used in: copies
 * of one translation, never conflicting ones.
 */
#include <string.h>

#include "model/fastmod.h"
#include "smmu/smmu_internal.h"
#include "smmu/smmu_pte.h"

#define BLOCK_INDEX_SHIFT 21u

static unsigned set_of(const struct smmu *s, uint64_t va, unsigned index_shift, uint16_t asid)
{
	/*
	 * IMPDEF set index (docs/impdef-choices.md): the ASID is mixed in
	 * before the multiply, so it reaches the bits the index is taken from
	 * (xor-ing it in afterwards, at bit 7, left it out of bits 40 and up).
	 */
	uint64_t h = ((va >> index_shift) ^ ((uint64_t)asid << 48)) * UINT64_C(0x9E3779B97F4A7C15);

	return (unsigned)(h >> 40) & (s->cfg.tlb_sets - 1);
}

/*
 * A set whose live bit is clear holds nothing (its memory is stale): it is
 * zeroed when first filled, so a flush clears one bit per set, not 96 KiB.
 */
static bool set_live(const struct smmu *s, unsigned si)
{
	return (s->tlb_live[si / 64] >> (si % 64)) & 1;
}

static struct smmu_tlb_entry *set_wake(struct smmu *s, unsigned si)
{
	struct smmu_tlb_entry *set = &s->tlb[(size_t)si * s->cfg.tlb_ways];

	if (!set_live(s, si)) {
		memset(set, 0, s->cfg.tlb_ways * sizeof(*set));
		s->tlb_live[si / 64] |= UINT64_C(1) << (si % 64);
	}
	return set;
}

/* The address first: in a set, other addresses are what usually fails to match. */
static bool key_match(const struct smmu_tlb_entry *e, unsigned kind, bool el2, uint16_t vmid,
		      uint16_t asid, uint64_t va)
{
	return (va >> e->shift) == (e->va >> e->shift) && e->kind == kind && e->el2 == el2 &&
	       e->vmid == vmid && (e->global || e->asid == asid);
}

/*
 * Host bookkeeping, no model state: how many valid entries are filed at an
 * index other than 4 KiB.  While there are none, a lookup at the 4 KiB
 * index skips the probe only those could answer (with the fast path on:
 * tests/test_smmu_fast.c compares with it off).
 */
static void tlb_count(struct smmu *s, const struct smmu_tlb_entry *e, int d)
{
	if (e->kind && e->ishift != 12)
		s->tlb_n_wide += (size_t)d;
}

const struct smmu_tlb_entry *smmu__tlb_lookup(struct smmu *s, unsigned kind, bool el2,
					      uint16_t vmid, uint16_t asid, uint64_t va,
					      unsigned pgshift)
{
	unsigned shifts[2] = { pgshift, BLOCK_INDEX_SHIFT };
	/*
	 * Every entry is filed at the 4 KiB index and maps at least 4 KiB: one
	 * that matches va sits in va's 4 KiB set, so the block-index probe
	 * cannot find what the first one missed.
	 */
	unsigned probes = s->fast_path && pgshift == 12 && !s->tlb_n_wide ? 1 : 2;

	for (unsigned p = 0; p < probes; p++) {
		/* Stage-2 entries are not tagged by ASID. */
		unsigned si = set_of(s, va, shifts[p], kind == TLB_S2 ? 0 : asid);
		struct smmu_tlb_entry *set = &s->tlb[(size_t)si * s->cfg.tlb_ways];

		for (unsigned w = 0; w < s->cfg.tlb_ways && set_live(s, si); w++) {
			if (key_match(&set[w], kind, el2, vmid, asid, va)) {
				set[w].lru = ++s->use_counter;
				smmu__memo_tlb_hit(s, &set[w]);
				return &set[w];
			}
		}
		/*
		 * A global entry is filed under ASID 0.  When that is the set just
		 * searched (the ASID did not move the index), the search above
		 * already saw it: a global entry matches any ASID.
		 */
		unsigned gi = set_of(s, va, shifts[p], 0);

		if (kind != TLB_S2 && asid != 0 && (gi != si || !s->fast_path)) {
			set = &s->tlb[(size_t)gi * s->cfg.tlb_ways];
			for (unsigned w = 0; w < s->cfg.tlb_ways && set_live(s, gi); w++) {
				if (set[w].global && key_match(&set[w], kind, el2, vmid, asid, va)) {
					set[w].lru = ++s->use_counter;
					smmu__memo_tlb_hit(s, &set[w]);
					return &set[w];
				}
			}
		}
	}
	return NULL;
}

void smmu__tlb_insert(struct smmu *s, const struct smmu_tlb_entry *e, uint64_t va,
		      unsigned pgshift)
{
	s->gen++;
	unsigned ishift = e->shift > pgshift ? BLOCK_INDEX_SHIFT : pgshift;
	uint16_t tag = (e->kind == TLB_S2 || e->global) ? 0 : e->asid;
	/* A block is filed under the 2 MiB region that was used, where lookups probe. */
	struct smmu_tlb_entry *set = set_wake(s, set_of(s, va, ishift, tag));
	struct smmu_tlb_entry *victim = &set[0];

	for (unsigned w = 0; w < s->cfg.tlb_ways; w++) {
		if (!set[w].kind) {
			victim = &set[w];
			break;
		}
		if (set[w].lru < victim->lru)
			victim = &set[w];
	}
	tlb_count(s, victim, -1);
	*victim = *e;
	victim->lru = ++s->use_counter;
	victim->ishift = (uint8_t)ishift;
	tlb_count(s, victim, 1);
	s->stats.tlb_fills++;
}

static bool overlaps(uint64_t base, unsigned shift, uint64_t lo, uint64_t hi)
{
	uint64_t end = base + ((UINT64_C(1) << shift) - 1);

	return base <= hi && end >= lo;
}

unsigned smmu__tlb_invalidate(struct smmu *s, const struct smmu_tlb_scope *sc)
{
	s->gen++;
	unsigned removed = 0;

	/*
	 * Only live sets hold entries: 64 sets at a time while none is.  A set
	 * left with no entry is no longer live, so the next scan skips it.
	 */
	for (unsigned si = 0; si < s->cfg.tlb_sets; si++) {
		if (!s->tlb_live[si / 64]) {
			si |= 63;
			continue;
		}
		if (!set_live(s, si))
			continue;
		struct smmu_tlb_entry *set = &s->tlb[(size_t)si * s->cfg.tlb_ways];
		bool any = false;

		for (unsigned w = 0; w < s->cfg.tlb_ways; w++) {
			struct smmu_tlb_entry *e = &set[w];

			if (!e->kind || !(sc->kinds & (1u << e->kind)) || e->el2 != sc->el2)
				continue;
			if (sc->match_vmid && e->vmid != sc->vmid)
				continue;
			if (sc->match_asid && (e->global ? !sc->with_global : e->asid != sc->asid))
				continue;
			if (sc->ttl && e->level != sc->ttl)
				continue;
			if (sc->match_va && (e->kind == TLB_S2 || !overlaps(e->va, e->shift, sc->va_lo, sc->va_hi)))
				continue;
			if (sc->match_ipa) {
				uint64_t base = e->kind == TLB_S2 ? e->va : e->ipa;
				unsigned shift = e->kind == TLB_S2 ? e->shift : e->ipa_shift;

				if (e->kind == TLB_S1 || !overlaps(base, shift, sc->ipa_lo, sc->ipa_hi))
					continue;
			}
			tlb_count(s, e, -1);
			e->kind = 0;
			removed++;
		}
		for (unsigned w = 0; w < s->cfg.tlb_ways; w++)
			any |= set[w].kind != 0;
		if (!any)
			s->tlb_live[si / 64] &= ~(UINT64_C(1) << (si % 64));
	}
	return removed;
}

void smmu__tlb_flush(struct smmu *s)
{
	s->gen++;
	s->tlb_n_wide = 0;
	memset(s->tlb_live, 0, ((size_t)s->cfg.tlb_sets + 63) / 64 * sizeof(*s->tlb_live));
	memset(s->wc, 0, s->wc_total * sizeof(*s->wc));
}

/* ---- walk cache ---- */

/*
 * Layout: one shared cache (wc_sets x wc_ways), or, when the config gives
 * per-level sizes, one partition per stage and level, each split into
 * entries / ways sets (a level smaller than wc_ways is one set).  A
 * partition holds the tables reached by descriptors read at its level:
 * our entry of table level L lives in level L - 1.  With wc_leaf it also
 * holds the leaf descriptors read at its level (level 3: pages; 1 and 2:
 * blocks); without, leaves live only in the TLB and level 3 stays empty.
 */
size_t smmu__wc_layout(struct smmu *s)
{
	const struct smmu_config *c = &s->cfg;
	size_t at = 0;

	memset(s->wc_part, 0, sizeof(s->wc_part));
	s->wc_split = false;
	for (unsigned st = 0; st < 2; st++)
		for (unsigned l = 0; l < 4; l++)
			s->wc_split |= c->wc_level[st][l] != 0;
	if (!s->wc_split) {
		s->wc_part[0] = (struct smmu_wc_part){ 0, c->wc_sets, c->wc_ways,
						       sm_fastmod_m(c->wc_sets) };
		return (size_t)c->wc_sets * c->wc_ways;
	}
	for (unsigned st = 0; st < 2; st++) {
		/* level 3 only holds leaves: not allocated when they are not cached */
		for (unsigned l = 0; l < (c->wc_leaf ? 4u : 3u); l++) {
			unsigned n = c->wc_level[st][l], ways = n < c->wc_ways ? n : c->wc_ways;

			if (!n)
				continue;
			s->wc_part[1 + 4 * st + l] = (struct smmu_wc_part){ at, n / ways, ways,
									     sm_fastmod_m(n / ways) };
			at += (size_t)(n / ways) * ways;
		}
	}
	return at;
}

bool smmu__wc_enabled(const struct smmu *s, unsigned stage)
{
	if (!s->wc_split)
		return s->wc_total != 0;
	for (unsigned l = 0; l < 4; l++)
		if (s->wc_part[1 + 4 * (stage - 1) + l].sets)
			return true;
	return false;
}

/*
 * The partition for a table of `level` (1..3) reached by a walk of
 * `stage`, or (level 4) for leaves read at level 3; NULL if none.
 */
static const struct smmu_wc_part *wc_part_of(const struct smmu *s, unsigned stage, int level)
{
	const struct smmu_wc_part *p = s->wc_split ? &s->wc_part[1 + 4 * (stage - 1) + (level - 1)]
						   : &s->wc_part[0];

	return p->sets ? p : NULL;
}

static struct smmu_wc_entry *wc_set(struct smmu *s, const struct smmu_wc_part *p, uint64_t ia,
				    unsigned cover, unsigned stage, uint16_t asid)
{
	/* The tags are mixed in before the multiply, as for the TLB's set_of(). */
	uint64_t h = ((ia >> cover) ^ ((uint64_t)asid << 44) ^ ((uint64_t)cover << 60) ^
		      ((uint64_t)stage << 62)) * UINT64_C(0x9E3779B97F4A7C15);

	/* gem5's level sizes (28, 348, ...) are not powers of two: index by remainder. */
	return &s->wc[p->base + (size_t)sm_fastmod((uint32_t)(h >> 40), p->mod_m, p->sets) * p->ways];
}

/* The entry of `level` (leaf or table) covering ia in partition p, or NULL. */
static struct smmu_wc_entry *wc_find(struct smmu *s, const struct smmu_wc_part *p,
				     unsigned stage, bool el2, uint16_t vmid, uint16_t asid,
				     uint64_t ia, int level, unsigned cover, bool leaf)
{
	struct smmu_wc_entry *set = wc_set(s, p, ia, cover, stage, asid);

	for (unsigned w = 0; w < p->ways; w++) {
		struct smmu_wc_entry *e = &set[w];

		/* the address and level first: they are what usually differs */
		if ((ia >> cover) == (e->ia_base >> cover) && e->level == level &&
		    e->stage == stage && e->leaf == leaf && e->el2 == el2 && e->vmid == vmid &&
		    e->asid == asid)
			return e;
	}
	return NULL;
}

bool smmu__wc_lookup(struct smmu *s, unsigned stage, bool el2, uint16_t vmid, uint16_t asid,
		     uint64_t ia, unsigned pgshift, struct smmu_ptw_step *out)
{
	/*
	 * The deepest entry first: a leaf saves every read, then a level-3
	 * table the most reads.  Probe n (n = 0..5) looks for a leaf read at
	 * level 3 - n, then a table of level 3 - (n - 3).
	 */
	for (int n = s->cfg.wc_leaf ? 0 : 3; n < 6; n++) {
		bool leaf = n < 3;
		int level = leaf ? 3 - n : 6 - n;
		unsigned cover = pte_level_shift(pgshift, leaf ? level : level - 1);
		const struct smmu_wc_part *p = wc_part_of(s, stage, leaf ? level + 1 : level);
		struct smmu_wc_entry *e;

		if (!p || !(e = wc_find(s, p, stage, el2, vmid, asid, ia, level, cover, leaf)))
			continue;
		e->lru = ++s->use_counter;
		*out = (struct smmu_ptw_step){ level, e->table, e->aptable, e->xntable, e->pxntable,
					       leaf };
		s->stats.walk_cache_hits++;
		return true;
	}
	s->stats.walk_cache_misses++;
	return false;
}

void smmu__wc_fill(struct smmu *s, unsigned stage, bool el2, uint16_t vmid, uint16_t asid,
		   uint64_t ia, unsigned pgshift, const struct smmu_ptw_step *st)
{
	unsigned cover = pte_level_shift(pgshift, st->leaf ? st->level : st->level - 1);
	const struct smmu_wc_part *p = st->level >= 1 && st->level <= 3 &&
				       (!st->leaf || s->cfg.wc_leaf)
				       ? wc_part_of(s, stage, st->leaf ? st->level + 1 : st->level) : NULL;

	if (!p)
		return;
	struct smmu_wc_entry *set = wc_set(s, p, ia, cover, stage, asid), *victim = &set[0];

	for (unsigned w = 0; w < p->ways; w++) {
		if (!set[w].stage) {
			victim = &set[w];
			break;
		}
		if (set[w].lru < victim->lru)
			victim = &set[w];
	}
	*victim = (struct smmu_wc_entry){
		.ia_base = (ia >> cover) << cover, .table = st->table, .lru = ++s->use_counter,
		.vmid = vmid, .asid = asid, .stage = (uint8_t)stage, .level = (uint8_t)st->level,
		.cover_shift = (uint8_t)cover, .aptable = (uint8_t)st->aptable, .el2 = el2,
		.xntable = st->xntable, .pxntable = st->pxntable, .leaf = st->leaf,
	};
}

unsigned smmu__wc_invalidate(struct smmu *s, const struct smmu_tlb_scope *sc)
{
	size_t n = s->wc_total;
	bool s1 = sc->kinds & ((1u << TLB_S1) | (1u << TLB_NESTED));
	bool s2 = sc->kinds & (1u << TLB_S2);
	unsigned removed = 0;

	for (size_t i = 0; i < n; i++) {
		struct smmu_wc_entry *e = &s->wc[i];

		if (!e->stage || (e->stage == 1 ? !s1 : !s2) || e->el2 != sc->el2 ||
		    (sc->leaf_only && !e->leaf))
			continue;
		if (sc->match_vmid && e->vmid != sc->vmid)
			continue;
		/* Table walks belong to an ASID; there are no global tables. */
		if (sc->match_asid && (e->stage != 1 || e->asid != sc->asid))
			continue;
		if (sc->match_va && (e->stage != 1 || !overlaps(e->ia_base, e->cover_shift, sc->va_lo, sc->va_hi)))
			continue;
		if (sc->match_ipa && (e->stage != 2 || !overlaps(e->ia_base, e->cover_shift, sc->ipa_lo, sc->ipa_hi)))
			continue;
		e->stage = 0;
		removed++;
	}
	return removed;
}

/* ---- micro-TLBs (timing only: docs/timing.md) ---- */

/* sid's micro-TLB and its entries, taken over (emptied) if stale or another StreamID's. */
static struct smmu_utlb *utlb_of(struct smmu *s, uint32_t sid, struct smmu_utlb_entry **e)
{
	unsigned slot = sid & (SMMU_UTLB_DEVICES - 1);
	struct smmu_utlb *u = &s->utlb[slot];

	if (u->gen != s->utlb_gen || u->sid != sid) {
		*u = (struct smmu_utlb){ .gen = s->utlb_gen, .sid = sid, .n = 0 };
		s->gen++;
	}
	*e = &s->utlb_e[(size_t)slot * s->cfg.utlb_entries];
	return u;
}

static struct smmu_utlb_entry *utlb_find(struct smmu_utlb *u, struct smmu_utlb_entry *e,
					 bool ssv, uint32_t ssid, uint64_t page)
{
	for (unsigned i = 0; i < u->n; i++)
		if (e[i].page == page && e[i].ssv == ssv && e[i].ssid == ssid)
			return &e[i];
	return NULL;
}

bool smmu__utlb_lookup(struct smmu *s, uint32_t sid, bool ssv, uint32_t ssid, uint64_t iova)
{
	struct smmu_utlb_entry *e, *hit, *victim;
	struct smmu_utlb *u;
	uint64_t page = iova >> 12;

	if (!s->cfg.utlb_entries)
		return false;
	u = utlb_of(s, sid, &e);
	ssid = ssv ? ssid : 0;
	if (!s->fast_path) {
		hit = utlb_find(u, e, ssv, ssid, page);
	} else {
		/* One pass: the match, or the LRU entry (the first of equal stamps) a fill would take. */
		hit = NULL;
		victim = &e[0];
		for (unsigned i = 0; i < u->n && !hit; i++) {
			if (e[i].page == page && e[i].ssv == ssv && e[i].ssid == ssid)
				hit = &e[i];
			else if (e[i].lru < victim->lru)
				victim = &e[i];
		}
		if (!hit)
			s->utlb_miss = (struct smmu_utlb_miss){
				.u = u, .page = page, .stamp = s->use_counter, .sid = sid,
				.ssid = ssid, .ssv = ssv, .n = u->n, .victim = victim,
			};
	}
	if (!hit)
		return false;
	hit->lru = ++s->use_counter;
	return true;
}

/* The lookup just before missed this entry, and nothing has been stamped or filled since. */
static bool utlb_missed(const struct smmu *s, const struct smmu_utlb *u, uint32_t sid, bool ssv,
			uint32_t ssid, uint64_t page)
{
	const struct smmu_utlb_miss *m = &s->utlb_miss;

	return s->fast_path && m->u == u && m->stamp == s->use_counter && m->page == page &&
	       m->sid == sid && m->ssv == ssv && m->ssid == ssid && m->n == u->n;
}

void smmu__utlb_fill(struct smmu *s, uint32_t sid, bool ssv, uint32_t ssid, uint64_t iova)
{
	struct smmu_utlb_entry *e, *v;
	struct smmu_utlb *u;
	bool missed;

	if (!s->cfg.utlb_entries)
		return;
	u = utlb_of(s, sid, &e);
	ssid = ssv ? ssid : 0;
	missed = utlb_missed(s, u, sid, ssv, ssid, iova >> 12);
	v = missed ? NULL : utlb_find(u, e, ssv, ssid, iova >> 12);
	if (!v) {
		s->gen++;
		if (u->n < s->cfg.utlb_entries) {
			v = &e[u->n++];
		} else if (missed) {
			v = s->utlb_miss.victim;
		} else {
			/* LRU; stamps are unique, so there are no ties */
			v = &e[0];
			for (unsigned i = 1; i < u->n; i++)
				if (e[i].lru < v->lru)
					v = &e[i];
		}
	}
	*v = (struct smmu_utlb_entry){ .page = iova >> 12, .ssid = ssid, .ssv = ssv,
				       .lru = ++s->use_counter };
}

struct smmu_utlb_entry *smmu__utlb_entry(struct smmu *s, uint32_t sid, bool ssv, uint32_t ssid,
					 uint64_t iova)
{
	struct smmu_utlb_entry *e;
	struct smmu_utlb *u;

	if (!s->cfg.utlb_entries)
		return NULL;
	u = utlb_of(s, sid, &e);
	return utlb_find(u, e, ssv, ssv ? ssid : 0, iova >> 12);
}

void smmu__utlb_flush(struct smmu *s)
{
	s->gen++;
	s->utlb_gen++;
}

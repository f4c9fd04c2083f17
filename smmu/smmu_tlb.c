/* SPDX-License-Identifier: MIT */
/*
 * TLB storage: set-associative, LRU with deterministic ties.  An entry
 * sits in the set chosen by its input address at the granularity it was
 * filled at (the page size, or 2 MiB for blocks), so a lookup probes at
 * most two sets.  A block is cached per 2 MiB region it is used in: copies
 * of one translation, never conflicting ones.
 */
#include <string.h>

#include "smmu/smmu_internal.h"
#include "smmu/smmu_pte.h"

#define BLOCK_INDEX_SHIFT 21u

static unsigned set_of(const struct smmu *s, uint64_t va, unsigned index_shift, uint16_t asid)
{
	uint64_t h = (va >> index_shift) * UINT64_C(0x9E3779B97F4A7C15) ^ ((uint64_t)asid << 7);

	return (unsigned)(h >> 40) & (s->cfg.tlb_sets - 1);
}

static bool key_match(const struct smmu_tlb_entry *e, unsigned kind, bool el2, uint16_t vmid,
		      uint16_t asid, uint64_t va)
{
	return e->kind == kind && e->el2 == el2 && e->vmid == vmid &&
	       (e->global || e->asid == asid) &&
	       (va >> e->shift) == (e->va >> e->shift);
}

const struct smmu_tlb_entry *smmu__tlb_lookup(struct smmu *s, unsigned kind, bool el2,
					      uint16_t vmid, uint16_t asid, uint64_t va,
					      unsigned pgshift)
{
	unsigned shifts[2] = { pgshift, BLOCK_INDEX_SHIFT };

	for (unsigned p = 0; p < 2; p++) {
		/* Stage-2 entries are not tagged by ASID. */
		struct smmu_tlb_entry *set = &s->tlb[(size_t)set_of(s, va, shifts[p],
			kind == TLB_S2 ? 0 : asid) * s->cfg.tlb_ways];

		for (unsigned w = 0; w < s->cfg.tlb_ways; w++) {
			if (key_match(&set[w], kind, el2, vmid, asid, va)) {
				set[w].lru = ++s->use_counter;
				return &set[w];
			}
		}
		/* a global entry is filed under ASID 0 */
		if (kind != TLB_S2 && asid != 0) {
			set = &s->tlb[(size_t)set_of(s, va, shifts[p], 0) * s->cfg.tlb_ways];
			for (unsigned w = 0; w < s->cfg.tlb_ways; w++) {
				if (set[w].global && key_match(&set[w], kind, el2, vmid, asid, va)) {
					set[w].lru = ++s->use_counter;
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
	unsigned ishift = e->shift > pgshift ? BLOCK_INDEX_SHIFT : pgshift;
	uint16_t tag = (e->kind == TLB_S2 || e->global) ? 0 : e->asid;
	/* A block is filed under the 2 MiB region that was used, where lookups probe. */
	struct smmu_tlb_entry *set = &s->tlb[(size_t)set_of(s, va, ishift, tag) * s->cfg.tlb_ways];
	struct smmu_tlb_entry *victim = &set[0];

	for (unsigned w = 0; w < s->cfg.tlb_ways; w++) {
		if (!set[w].kind) {
			victim = &set[w];
			break;
		}
		if (set[w].lru < victim->lru)
			victim = &set[w];
	}
	*victim = *e;
	victim->lru = ++s->use_counter;
	s->stats.tlb_fills++;
}

static bool overlaps(uint64_t base, unsigned shift, uint64_t lo, uint64_t hi)
{
	uint64_t end = base + ((UINT64_C(1) << shift) - 1);

	return base <= hi && end >= lo;
}

unsigned smmu__tlb_invalidate(struct smmu *s, const struct smmu_tlb_scope *sc)
{
	size_t n = (size_t)s->cfg.tlb_sets * s->cfg.tlb_ways;
	unsigned removed = 0;

	for (size_t i = 0; i < n; i++) {
		struct smmu_tlb_entry *e = &s->tlb[i];

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
		e->kind = 0;
		removed++;
	}
	return removed;
}

void smmu__tlb_flush(struct smmu *s)
{
	memset(s->tlb, 0, (size_t)s->cfg.tlb_sets * s->cfg.tlb_ways * sizeof(*s->tlb));
	memset(s->wc, 0, (size_t)s->cfg.wc_sets * s->cfg.wc_ways * sizeof(*s->wc));
}

/* ---- walk cache ---- */

static struct smmu_wc_entry *wc_set(struct smmu *s, uint64_t ia, unsigned cover, unsigned stage,
				    uint16_t asid)
{
	uint64_t h = ((ia >> cover) * UINT64_C(0x9E3779B97F4A7C15)) ^ ((uint64_t)cover << 3) ^
		     ((uint64_t)asid << 9) ^ stage;

	return &s->wc[(size_t)((h >> 40) & (s->cfg.wc_sets - 1)) * s->cfg.wc_ways];
}

bool smmu__wc_lookup(struct smmu *s, unsigned stage, bool el2, uint16_t vmid, uint16_t asid,
		     uint64_t ia, unsigned pgshift, struct smmu_ptw_step *out)
{
	/* The deepest table first: a level-3 table saves the most reads. */
	for (int level = 3; level >= 1; level--) {
		unsigned cover = pte_level_shift(pgshift, level - 1);
		struct smmu_wc_entry *set = wc_set(s, ia, cover, stage, asid);

		for (unsigned w = 0; w < s->cfg.wc_ways; w++) {
			struct smmu_wc_entry *e = &set[w];

			if (e->stage == stage && e->el2 == el2 && e->vmid == vmid && e->asid == asid &&
			    e->level == level && (ia >> cover) == (e->ia_base >> cover)) {
				e->lru = ++s->use_counter;
				*out = (struct smmu_ptw_step){ level, e->table, e->aptable, e->xntable,
							       e->pxntable };
				s->stats.walk_cache_hits++;
				return true;
			}
		}
	}
	s->stats.walk_cache_misses++;
	return false;
}

void smmu__wc_fill(struct smmu *s, unsigned stage, bool el2, uint16_t vmid, uint16_t asid,
		   uint64_t ia, unsigned pgshift, const struct smmu_ptw_step *st)
{
	unsigned cover = pte_level_shift(pgshift, st->level - 1);
	struct smmu_wc_entry *set = wc_set(s, ia, cover, stage, asid), *victim = &set[0];

	for (unsigned w = 0; w < s->cfg.wc_ways; w++) {
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
		.xntable = st->xntable, .pxntable = st->pxntable,
	};
}

unsigned smmu__wc_invalidate(struct smmu *s, const struct smmu_tlb_scope *sc)
{
	size_t n = (size_t)s->cfg.wc_sets * s->cfg.wc_ways;
	bool s1 = sc->kinds & ((1u << TLB_S1) | (1u << TLB_NESTED));
	bool s2 = sc->kinds & (1u << TLB_S2);
	unsigned removed = 0;

	for (size_t i = 0; i < n; i++) {
		struct smmu_wc_entry *e = &s->wc[i];

		if (!e->stage || (e->stage == 1 ? !s1 : !s2) || e->el2 != sc->el2)
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

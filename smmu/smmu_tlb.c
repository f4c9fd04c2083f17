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

bool smmu__tlb_lookup(struct smmu *s, unsigned kind, bool el2, uint16_t vmid, uint16_t asid,
		      uint64_t va, unsigned pgshift, struct smmu_tlb_entry *out)
{
	unsigned shifts[2] = { pgshift, BLOCK_INDEX_SHIFT };

	for (unsigned p = 0; p < 2; p++) {
		/* Stage-2 entries are not tagged by ASID. */
		struct smmu_tlb_entry *set = &s->tlb[(size_t)set_of(s, va, shifts[p],
			kind == TLB_S2 ? 0 : asid) * s->cfg.tlb_ways];

		for (unsigned w = 0; w < s->cfg.tlb_ways; w++) {
			if (key_match(&set[w], kind, el2, vmid, asid, va)) {
				set[w].lru = ++s->use_counter;
				*out = set[w];
				return true;
			}
		}
		/* a global entry is filed under ASID 0 */
		if (kind != TLB_S2 && asid != 0) {
			set = &s->tlb[(size_t)set_of(s, va, shifts[p], 0) * s->cfg.tlb_ways];
			for (unsigned w = 0; w < s->cfg.tlb_ways; w++) {
				if (set[w].global && key_match(&set[w], kind, el2, vmid, asid, va)) {
					set[w].lru = ++s->use_counter;
					*out = set[w];
					return true;
				}
			}
		}
	}
	return false;
}

void smmu__tlb_insert(struct smmu *s, const struct smmu_tlb_entry *e, unsigned pgshift)
{
	unsigned ishift = e->shift > pgshift ? BLOCK_INDEX_SHIFT : pgshift;
	uint16_t tag = (e->kind == TLB_S2 || e->global) ? 0 : e->asid;
	struct smmu_tlb_entry *set = &s->tlb[(size_t)set_of(s, e->va, ishift, tag) * s->cfg.tlb_ways];
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
}

/* SPDX-License-Identifier: MIT */
/*
 * Stream table walk and the STE (configuration) cache.
 *
 * IHI 0070 §3.3 and §6.3.25: the table is linear (FMT=0) or 2-level
 * (FMT=1) with SPLIT low StreamID bits indexing a level-2 table whose
 * size the level-1 descriptor's Span gives.  LOG2SIZE above SIDSIZE
 * behaves as SIDSIZE; SPLIT values other than 6, 8, 10 behave as 6.
 *
 * Decoded, legal STEs go to the configuration cache (smmu_cfgcache.c).
 */
#include <string.h>

#include "smmu/smmu_explain.h"

static int fetch(struct smmu *s, uint64_t addr, void *buf, size_t len, struct bus_attrs *attrs)
{
	return bus_read_block(s->bus, addr & s->oas_mask, buf, len, attrs);
}

/* Find the STE's address for sid; SMMU_STE_OK and *ste_addr, or why not. */
static enum smmu_ste_lookup ste_address(struct smmu *s, uint32_t sid, uint64_t *ste_addr,
					uint64_t *fetch_addr, const char **why,
					struct bus_attrs *attrs)
{
	uint32_t cfg = s->strtab_base_cfg;
	unsigned log2size = (unsigned)FIELD_GET(SMMU_STRTAB_BASE_CFG_LOG2SIZE, cfg);
	unsigned fmt = (unsigned)FIELD_GET(SMMU_STRTAB_BASE_CFG_FMT, cfg);
	uint64_t base = FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, s->strtab_base) & s->oas_mask;

	if (log2size > s->cfg.sidsize)
		log2size = s->cfg.sidsize;
	if (s->explain)
		smmu__x_strtab(s, sid, log2size, fmt == SMMU_STRTAB_FMT_2LVL && s->cfg.st_2lvl, base);
	/* IHI 0070 §7.3.3: a StreamID beyond the table is C_BAD_STREAMID. */
	if (log2size < 32 && (sid >> log2size)) {
		*why = "StreamID >= 2^STRTAB_BASE_CFG.LOG2SIZE (§7.3.3)";
		return SMMU_STE_BAD_SID;
	}
	/* FMT values other than 2-level, and 2-level without ST_LEVEL, are linear. */
	if (fmt != SMMU_STRTAB_FMT_2LVL || !s->cfg.st_2lvl) {
		*ste_addr = base + (uint64_t)sid * STE_SIZE;
		if (s->explain)
			smmu__x_strtab_linear(s, sid, base, *ste_addr);
		return SMMU_STE_OK;
	}

	unsigned split = (unsigned)FIELD_GET(SMMU_STRTAB_BASE_CFG_SPLIT, cfg);
	if (split != 6 && split != 8 && split != 10)
		split = 6; /* §6.3.25: reserved SPLIT behaves as 6 */
	uint32_t l1_idx = split >= 32 ? 0 : sid >> split;
	uint32_t l2_idx = sid & ((1u << split) - 1);
	uint64_t l1_addr = base + (uint64_t)l1_idx * L1STD_SIZE;
	uint64_t l1;

	if (fetch(s, l1_addr, &l1, sizeof(l1), attrs)) {
		if (s->explain)
			smmu__x_strtab_l1(s, sid, split, l1_addr, 0, false, attrs);
		*fetch_addr = l1_addr & s->oas_mask;
		*why = "external abort reading the level-1 stream table descriptor (§7.3.4)";
		return SMMU_STE_FETCH;
	}
	if (s->explain)
		smmu__x_strtab_l1(s, sid, split, l1_addr, l1, true, attrs);
	unsigned span = (unsigned)FIELD_GET(L1STD_0_SPAN, l1);
	if (span == 0) {
		*why = "level-1 descriptor Span=0: no level-2 table (§7.3.3)";
		return SMMU_STE_BAD_SID;
	}
	if (span > split + 1) {
		*why = "level-1 descriptor Span > SPLIT+1 is reserved (§7.3.3)";
		return SMMU_STE_BAD_SID;
	}
	/* A Span of N covers 2^(N-1) STEs. */
	if (l2_idx >> (span - 1)) {
		*why = "StreamID beyond the level-2 table's Span (§7.3.3)";
		return SMMU_STE_BAD_SID;
	}
	*ste_addr = FIELD_ADDR(L1STD_0_L2PTR, l1) + (uint64_t)l2_idx * STE_SIZE;
	if (s->explain)
		smmu__x_strtab_l2(s, sid, split, l1, *ste_addr);
	return SMMU_STE_OK;
}

enum smmu_ste_lookup smmu__ste_lookup(struct smmu *s, uint32_t sid, struct smmu_ste *ste,
				      uint64_t *fetch_addr, const char **why,
				      struct bus_attrs *attrs)
{
	enum smmu_ste_lookup r;
	uint64_t raw[STE_DWORDS], addr = 0;

	struct smmu_cfg_entry *hit;

	if (smmu__cfg_lookup(s, CFG_STE, sid, 0, &hit)) {
		*ste = hit->u.ste;
		if (s->explain) {
			smmu__x_cfg(s, false, sid, 0, true);
			smmu__x_ste(s, ste, true, 0, NULL, attrs);
		}
		*why = "STE served from the configuration cache";
		return SMMU_STE_OK;
	}
	if (s->explain)
		smmu__x_cfg(s, false, sid, 0, false);
	r = ste_address(s, sid, &addr, fetch_addr, why, attrs);
	if (r != SMMU_STE_OK)
		return r;
	if (fetch(s, addr, raw, sizeof(raw), attrs)) {
		if (s->explain)
			smmu__x_ste_fetch_failed(s, addr, attrs);
		*fetch_addr = addr & s->oas_mask;
		*why = "external abort fetching the STE (§7.3.4)";
		return SMMU_STE_FETCH;
	}
	for (unsigned i = 0; i < STE_DWORDS; i++)
		raw[i] = mem_le_get((const uint8_t *)&raw[i], 8);
	*why = smmu__ste_decode(s, raw, ste);
	if (s->explain)
		smmu__x_ste(s, ste, false, addr, *why, attrs);
	if (*why)
		return SMMU_STE_INVALID;
	smmu__cfg_insert(s, CFG_STE, sid, 0, ste);
	*why = "STE fetched from the stream table";
	return SMMU_STE_OK;
}

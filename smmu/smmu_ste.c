/* SPDX-License-Identifier: MIT */
/*
 * STE decode: IHI 0070 §5.2 "Stream Table Entry".  The raw 64 bytes are
 * decoded once into struct smmu_ste and checked for every condition §5.2
 * calls ILLEGAL; an ILLEGAL STE behaves exactly as one with V=0
 * (C_BAD_STE).  Fields §5.2 says are IGNORED in a configuration are not
 * checked in it.
 */
#include "smmu/smmu_internal.h"

/* Granule geometry: log2 page size and bits resolved per level. */
static bool s2_granule(const struct smmu *s, unsigned tg, unsigned *pgshift)
{
	switch (tg) {
	case STE_S2TG_4K:  *pgshift = 12; return s->cfg.gran4k;
	case STE_S2TG_16K: *pgshift = 14; return s->cfg.gran16k;
	case STE_S2TG_64K: *pgshift = 16; return s->cfg.gran64k;
	}
	return false; /* 0b11 is reserved */
}

/*
 * Starting level selected by S2SL0 for a granule (Arm ARM VTCR_EL2.SL0,
 * which STE.S2SL0 follows): 4K 0/1/2 -> level 2/1/0, 16K and 64K 0/1/2 ->
 * level 3/2/1.  -1 for SL0=0b11, which needs FEAT_TTST (4K level 3) or
 * FEAT_LPA2 (16K level 0) and is reserved here (64K has no level 0).
 */
static int s2_start_level(unsigned pgshift, unsigned sl0)
{
	if (sl0 == 3)
		return -1;
	return pgshift == 12 ? 2 - (int)sl0 : 3 - (int)sl0;
}

static const char *check_s2(const struct smmu *s, struct smmu_ste *e)
{
	unsigned pgshift, stride, ias, min_t0sz, max_t0sz = 39; /* IDR3.STT = 0 */
	int level, bits;
	unsigned eff_ps;

	if (!e->s2aa64)
		return "STE.S2AA64=0 but IDR0.TTF advertises AArch64 tables only (§5.2)";
	if (!s2_granule(s, e->s2tg, &pgshift))
		return "STE.S2TG selects a reserved or unadvertised granule (§5.2)";
	if (e->s2endi)
		return "STE.S2ENDI=1 (big-endian) but IDR0.TTENDIAN is little-endian only (§5.2)";
	if (e->s2ha && s->cfg.httu < 1)
		return "STE.S2HA=1 without IDR0.HTTU (§5.2)";
	if (e->s2hd && s->cfg.httu < 2)
		return "STE.S2HD=1 without IDR0.HTTU dirty support (§5.2)";
	if (e->s2s)
		return "STE.S2S=1 but IDR0.STALL_MODEL is terminate-only (§5.2)";
	if (!s->cfg.vmid16 && (e->s2vmid >> 8))
		return "STE.S2VMID[15:8] non-zero without IDR0.VMID16 (§5.2)";

	/* IAS for stage 2 is the OAS (AArch32 tables are not implemented). */
	ias = s->cfg.oas;
	min_t0sz = 64 - ias;
	if (pgshift != 16 && min_t0sz < 16)
		min_t0sz = 16; /* 52-bit IPA needs 64K granule (or FEAT_LPA2) */
	if (e->s2t0sz < min_t0sz || e->s2t0sz > max_t0sz)
		return "STE.S2T0SZ out of range for the granule and IAS (§5.2)";

	stride = pgshift - 3;
	level = s2_start_level(pgshift, e->s2sl0);
	if (level < 0)
		return "STE.S2SL0 is a reserved starting level for this granule (§5.2)";
	/*
	 * The starting level must index at least one bit, and at most 16
	 * concatenated tables (stride + 4 bits): otherwise S2SL0 and S2T0SZ
	 * are inconsistent, which §5.2 makes ILLEGAL.
	 */
	bits = (int)(64 - e->s2t0sz) - (int)(pgshift + (unsigned)(3 - level) * stride);
	if (bits < 1 || bits > (int)stride + 4)
		return "STE.S2SL0 inconsistent with STE.S2T0SZ and S2TG (§5.2)";

	eff_ps = smmu_pa_size_bits(e->s2ps);
	if (eff_ps > s->cfg.oas)
		eff_ps = s->cfg.oas;
	if (eff_ps < 64 && (e->s2ttb >> eff_ps))
		return "STE.S2TTB outside the effective S2PS output range (§5.2)";
	e->s2_pgshift = pgshift;
	e->s2_start_level = level;
	e->s2_ps_bits = eff_ps;
	return NULL;
}

const char *smmu__ste_decode(const struct smmu *s, const uint64_t raw[STE_DWORDS],
			     struct smmu_ste *e)
{
	for (unsigned i = 0; i < STE_DWORDS; i++)
		e->raw[i] = raw[i];
	e->valid     = FIELD_GET(STE_0_V, raw[0]);
	e->config    = (unsigned)FIELD_GET(STE_0_CONFIG, raw[0]);
	e->s1fmt     = (unsigned)FIELD_GET(STE_0_S1FMT, raw[0]);
	e->s1ctxptr  = FIELD_ADDR(STE_0_S1CONTEXTPTR, raw[0]);
	e->s1cdmax   = (unsigned)FIELD_GET(STE_0_S1CDMAX, raw[0]);
	e->s1dss     = (unsigned)FIELD_GET(STE_1_S1DSS, raw[1]);
	e->s1stalld  = FIELD_GET(STE_1_S1STALLD, raw[1]);
	e->strw      = (unsigned)FIELD_GET(STE_1_STRW, raw[1]);
	e->memattr   = (unsigned)FIELD_GET(STE_1_MEMATTR, raw[1]);
	e->mtcfg     = FIELD_GET(STE_1_MTCFG, raw[1]);
	e->alloccfg  = (unsigned)FIELD_GET(STE_1_ALLOCCFG, raw[1]);
	e->shcfg     = (unsigned)FIELD_GET(STE_1_SHCFG, raw[1]);
	e->privcfg   = (unsigned)FIELD_GET(STE_1_PRIVCFG, raw[1]);
	e->instcfg   = (unsigned)FIELD_GET(STE_1_INSTCFG, raw[1]);
	e->s2vmid    = (uint16_t)FIELD_GET(STE_2_S2VMID, raw[2]);
	e->s2t0sz    = (unsigned)FIELD_GET(STE_2_S2T0SZ, raw[2]);
	e->s2sl0     = (unsigned)FIELD_GET(STE_2_S2SL0, raw[2]);
	e->s2tg      = (unsigned)FIELD_GET(STE_2_S2TG, raw[2]);
	e->s2ps      = (unsigned)FIELD_GET(STE_2_S2PS, raw[2]);
	e->s2aa64    = FIELD_GET(STE_2_S2AA64, raw[2]);
	e->s2endi    = FIELD_GET(STE_2_S2ENDI, raw[2]);
	e->s2affd    = FIELD_GET(STE_2_S2AFFD, raw[2]);
	e->s2ptw     = FIELD_GET(STE_2_S2PTW, raw[2]);
	e->s2hd      = FIELD_GET(STE_2_S2HD, raw[2]);
	e->s2ha      = FIELD_GET(STE_2_S2HA, raw[2]);
	e->s2s       = FIELD_GET(STE_2_S2S, raw[2]);
	e->s2r       = FIELD_GET(STE_2_S2R, raw[2]);
	e->s2ttb     = FIELD_ADDR(STE_3_S2TTB, raw[3]);

	/*
	 * §5.2 Config: 0b000 aborts without an event and the reserved values
	 * 0b001..0b011 behave as 0b000, so Config[2]=0 means "abort" whatever
	 * else the STE holds.
	 */
	e->s1_trans = (e->config & 4) && (e->config & 1);
	e->s2_trans = (e->config & 4) && (e->config & 2);

	if (!e->valid)
		return "STE.V=0 (§5.2)";
	if (!(e->config & 4))
		return NULL;
	if (e->s1_trans && !s->cfg.s1p)
		return "STE.Config enables stage 1 but IDR0.S1P=0 (§5.2)";
	if (e->s2_trans && !s->cfg.s2p)
		return "STE.Config enables stage 2 but IDR0.S2P=0 (§5.2)";

	if (e->s1_trans) {
		if (s->cfg.ssidsize && e->s1cdmax > s->cfg.ssidsize)
			return "STE.S1CDMax exceeds IDR1.SSIDSIZE (§5.2)";
		/* S1Fmt 0b11 is reserved and behaves as linear (0b00). */
		if (e->s1fmt == 3)
			e->s1fmt = STE_S1FMT_LINEAR;
		if (s->cfg.ssidsize && e->s1cdmax && e->s1fmt != STE_S1FMT_LINEAR && !s->cfg.cd2l)
			return "STE.S1Fmt selects a 2-level CD table without IDR0.CD2L (§5.2)";
		if (e->s1stalld)
			return "STE.S1STALLD=1 but IDR0.STALL_MODEL is not 0b00 (§5.2)";
		/* STRW is only used for stage-1-only STEs on an SMMU with EL2 support. */
		if (e->config == STE_CONFIG_S1_TRANS && s->cfg.hyp && (e->strw & 1))
			return "STE.STRW is a reserved StreamWorld (0bx1) (§5.2)";
	}
	if (!s->cfg.ssidsize || !e->s1_trans)
		e->s1cdmax = 0; /* IGNORED: substreams are disabled */
	if (e->s1dss == 3)
		e->s1dss = STE_S1DSS_TERMINATE; /* reserved, behaves as 0b00 */
	if (e->s2_trans)
		return check_s2(s, e);
	return NULL;
}

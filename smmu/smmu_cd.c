/* SPDX-License-Identifier: MIT */
/*
 * CD decode: IHI 0070 §5.4.  Decoded once into struct smmu_cd and checked
 * for every condition §5.4 makes ILLEGAL (C_BAD_CD); fields §5.4 says are
 * IGNORED (a disabled range's TxSZ/TGx/TTBx) are not checked.
 */
#include <string.h>

#include "smmu/smmu_cd.h"
#include "smmu/smmu_internal.h"

/* TG0 and TG1 encode the granule differently (§5.4, as TCR_ELx). */
static bool granule(const struct smmu *s, unsigned tg, bool tg1, unsigned *pgshift)
{
	unsigned shift;

	if (!tg1)
		shift = tg == CD_TG0_4K ? 12 : tg == CD_TG0_16K ? 14 : tg == CD_TG0_64K ? 16 : 0;
	else
		shift = tg == CD_TG1_4K ? 12 : tg == CD_TG1_16K ? 14 : tg == CD_TG1_64K ? 16 : 0;
	*pgshift = shift;
	return (shift == 12 && s->cfg.gran4k) || (shift == 14 && s->cfg.gran16k) ||
	       (shift == 16 && s->cfg.gran64k);
}

const char *smmu__cd_decode(const struct smmu *s, const struct smmu_ste *ste,
			    const uint64_t raw[CD_DWORDS], struct smmu_cd *cd)
{
	/*
	 * Streams of the any-EL2 StreamWorld have one VA range: EPDx are IGNORED and
	 * TTB1 unused.  With CR2.E2H the world is EL2-E2H, which has two ranges.
	 */
	bool el2 = ste->config == STE_CONFIG_S1_TRANS && s->cfg.hyp && ste->strw == STE_STRW_EL2 &&
		   !(s->cr2 & SMMU_CR2_E2H);
	unsigned ips;

	/* Every field defined, even those a disabled range leaves IGNORED. */
	memset(cd, 0, sizeof(*cd));
	for (unsigned i = 0; i < CD_DWORDS; i++)
		cd->raw[i] = raw[i];
	cd->valid = FIELD_GET(CD_0_V, raw[0]);
	if (!cd->valid)
		return "CD.V=0 (§5.4)";
	cd->tt[0].enabled = el2 || !FIELD_GET(CD_0_EPD0, raw[0]);
	cd->tt[1].enabled = !el2 && !FIELD_GET(CD_0_EPD1, raw[0]);
	cd->tt[0].tsz = (unsigned)FIELD_GET(CD_0_T0SZ, raw[0]);
	cd->tt[1].tsz = (unsigned)FIELD_GET(CD_0_T1SZ, raw[0]);
	cd->tt[0].ttb = FIELD_ADDR(CD_1_TTB0, raw[1]);
	cd->tt[1].ttb = FIELD_ADDR(CD_2_TTB1, raw[2]);
	cd->tt[0].tbi = (FIELD_GET(CD_0_TBI, raw[0]) & 1) != 0;
	cd->tt[1].tbi = (FIELD_GET(CD_0_TBI, raw[0]) & 2) != 0;
	ips = smmu_pa_size_bits((unsigned)FIELD_GET(CD_0_IPS, raw[0]));
	cd->ips_bits = ips < s->cfg.oas ? ips : s->cfg.oas; /* §5.4: capped at OAS */
	cd->affd = FIELD_GET(CD_0_AFFD, raw[0]);
	cd->wxn = FIELD_GET(CD_0_WXN, raw[0]);
	cd->uwxn = FIELD_GET(CD_0_UWXN, raw[0]);
	cd->pan = FIELD_GET(CD_0_PAN, raw[0]);
	cd->hd = FIELD_GET(CD_0_HD, raw[0]);
	cd->ha = FIELD_GET(CD_0_HA, raw[0]);
	cd->stall = FIELD_GET(CD_0_S, raw[0]);
	cd->record = FIELD_GET(CD_0_R, raw[0]);
	cd->abort = FIELD_GET(CD_0_A, raw[0]);
	cd->aset = FIELD_GET(CD_0_ASET, raw[0]);
	cd->asid = (uint16_t)FIELD_GET(CD_0_ASID, raw[0]);
	cd->mair = raw[3];

	if (!FIELD_GET(CD_0_AA64, raw[0]))
		return "CD.AA64=0 but IDR0.TTF advertises AArch64 tables only (§5.4)";
	if (FIELD_GET(CD_0_ENDI, raw[0]) && (cd->tt[0].enabled || cd->tt[1].enabled))
		return "CD.ENDI=1 (big-endian) but IDR0.TTENDIAN is little-endian only (§5.4)";
	for (unsigned i = 0; i < 2; i++) {
		if (!cd->tt[i].enabled)
			continue;
		if (!granule(s, (unsigned)(i ? FIELD_GET(CD_0_TG1, raw[0]) : FIELD_GET(CD_0_TG0, raw[0])),
			     i == 1, &cd->tt[i].pgshift))
			return i ? "CD.TG1 selects a reserved or unadvertised granule (§5.4)"
				 : "CD.TG0 selects a reserved or unadvertised granule (§5.4)";
		/* §5.4 TxSZ: 16..39 without IDR3.STT and 52-bit VAs (IDR5.VAX=0). */
		if (cd->tt[i].tsz < 16 || cd->tt[i].tsz > 39)
			return i ? "CD.T1SZ out of range 16..39 (§5.4)" : "CD.T0SZ out of range 16..39 (§5.4)";
		/* §5.4.1: a TTB beyond the effective IPS is ILLEGAL, not an Address Size fault. */
		if (cd->tt[i].ttb >> cd->ips_bits || (cd->tt[i].pgshift != 16 && cd->tt[i].ttb >> 48))
			return i ? "CD.TTB1 outside the effective IPS (§5.4)" : "CD.TTB0 outside the effective IPS (§5.4)";
	}
	if (cd->stall)
		return "CD.S=1 but IDR0.STALL_MODEL is terminate-only (§5.4)";
	if (!cd->abort)
		return "CD.A=0 asks for RAZ/WI termination, which IDR0.TERM_MODEL=1 excludes (§5.4.2)";
	if ((cd->ha && s->cfg.httu < 1) || (cd->hd && s->cfg.httu < 2))
		return "CD.HA/HD set without IDR0.HTTU support (§5.4)";
	/* The ASID is IGNORED for the any-EL2 StreamWorld (one range, no ASID). */
	if (!el2 && !s->cfg.asid16 && (cd->asid >> 8))
		return "CD.ASID[15:8] non-zero without IDR0.ASID16 (§5.4)";
	/* A dirty-state update needs the access flag managed too: HD without HA acts as 0. */
	if (!cd->ha)
		cd->hd = false;
	return NULL;
}

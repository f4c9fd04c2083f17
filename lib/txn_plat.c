/* SPDX-License-Identifier: MIT */
/* Platform-level decisions on a device transaction (txn_plat.h). */
#include "lib/txn_plat.h"

#include <stdio.h>
#include <string.h>

bool txn_plat_plain(const struct platform *p, const struct plat_dev *smmu0,
		    const struct smmuits_txn *t)
{
	/* smmu0 is the first smmu line: a StreamID in its range sits behind it. */
	return !t->dma_bits && !p->ndevices && smmu0 && !smmu0->msi_bypass &&
	       plat_sid_in(t->sid, smmu0->sid_base, smmu0->sid_count);
}

int txn_plat_check(const struct platform *p, const struct smmuits_txn *t, char *err,
		   size_t errlen)
{
	unsigned bits = t->dma_bits ? t->dma_bits : plat_dma_bits(p, t->sid);
	const struct plat_dev *smmu = plat_smmu_for_sid(p, t->sid);
	/* size >= 1 and the 4 KiB check already passed: no wrap. */
	uint64_t last = t->iova + (t->size - 1);

	if (bits > 64)
		bits = 64;
	/* A device with N address lines cannot put an address at or above 2^N on the bus. */
	if (bits < 64 && last >> bits) {
		if (err && errlen)
			snprintf(err, errlen, "a %u-bit device cannot issue address 0x%llx "
				 "(StreamID 0x%x, dma-bits=%u): it is at or above 2^%u", bits,
				 (unsigned long long)last, t->sid, bits, bits);
		return SM_ERANGE;
	}
	/* The model builds one SMMU, the platform's first; it cannot stand in for another. */
	if (smmu && smmu != plat_find_dev(p, "smmu", 0)) {
		if (err && errlen)
			snprintf(err, errlen, "StreamID 0x%x is behind %s, which the model does not "
				 "build (only the first smmu line is modelled)", t->sid, smmu->name);
		return SM_EUNSUPP;
	}
	if (!smmu) {
		if (err && errlen)
			snprintf(err, errlen, "StreamID 0x%x is behind no SMMU on %s (no smmu "
				 "sid-base/sid-count covers it)", t->sid, p->name);
		return SM_EUNSUPP;
	}
	return SM_OK;
}

bool txn_plat_msi_bypass(const struct platform *p, const struct smmuits_txn *t,
			 struct smmu_result *sr)
{
	const struct plat_dev *its;

	if (!t->write || !plat_msi_bypass(p, t->sid, t->iova, &its))
		return false;
	memset(sr, 0, sizeof(*sr));
	sr->verdict = SMMU_BYPASS;
	sr->pa = t->iova;
	/*
	 * IMPDEF (platform): the root complex routes writes to the ITS
	 * translation frame around the SMMU, as IORT's HiSilicon Hi161x
	 * SMMUv3 model does; Linux then reports the frame as an msi region.
	 */
	sr->rule = "platform: writes to the ITS translation frame bypass the SMMU (msi-bypass)";
	return true;
}

/* SPDX-License-Identifier: MIT */
/*
 * What the platform, not the SMMU, decides about a device transaction: how
 * many address bits the device drives, which SMMU (if any) it sits behind,
 * and whether its MSI writes bypass translation (docs/doorbells.md).
 */
#ifndef SMMUITS_TXN_PLAT_H
#define SMMUITS_TXN_PLAT_H

#include <stdbool.h>
#include <stddef.h>

#include "smmuits.h"
#include "model/platform.h"
#include "smmu/smmu.h"

/*
 * Whether the platform has nothing to say about t: no address-width limit,
 * it sits behind smmu0 (the modelled SMMU), no MSI bypass.  Cheap: the
 * hot path asks this first and skips the two calls below.
 */
bool txn_plat_plain(const struct platform *p, const struct plat_dev *smmu0,
		    const struct smmuits_txn *t);
/* SM_OK, or a negative code with the reason in err when the device cannot issue t. */
int txn_plat_check(const struct platform *p, const struct smmuits_txn *t, char *err,
		   size_t errlen);
/*
 * On an msi-bypass SMMU, a write to an ITS translation frame never reaches
 * the SMMU: true, with *sr filled as a bypass that says so.
 */
bool txn_plat_msi_bypass(const struct platform *p, const struct smmuits_txn *t,
			 struct smmu_result *sr);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * A planted bug, to show the fuzz_dma_bypass oracle catches one: this
 * smmu_translate() wraps the real one (built as smmu_translate_unplanted
 * by harness/meson.build) and lets every transaction of StreamID 1 through
 * untranslated, as a model that forgot to look at the STE for one stream
 * would.  Only the fuzz_dma_bypass_planted binary links it.
 */
#include "smmu/smmu.h"

void smmu_translate_unplanted(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r);

void smmu_translate(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r)
{
	smmu_translate_unplanted(s, t, r);
	if (t->sid == 1 && r->verdict != SMMU_BYPASS) {
		r->verdict = SMMU_BYPASS;
		r->pa = t->iova;
		r->rule = "PLANTED BUG: StreamID 1 always bypasses";
	}
}

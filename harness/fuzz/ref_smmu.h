/* SPDX-License-Identifier: MIT */
/*
 * A slow reference for where an SMMUv3 transaction must go, written from
 * IHI 0070 and the VMSAv8-64 translation rules on its own: it shares no
 * code and no field declarations with smmu/, keeps no caches, and decodes
 * the raw STE, CD and descriptor words itself.  It covers the configurations
 * the fuzz decoder builds; anything else it answers "not certain", and then
 * only the properties that hold for every configuration are checked.
 */
#ifndef SMMUITS_REF_SMMU_H
#define SMMUITS_REF_SMMU_H

#include <stdbool.h>
#include <stdint.h>

/* What software programmed (the decoder's own record, not read from the model). */
struct ref_regs {
	bool smmuen, gbpa_abort, recinvsid;
	uint64_t strtab_base, strtab_cfg;
	/* ID registers, read once */
	unsigned sidsize, ssidsize, oas;
	bool s1p, s2p, attr_perms_ovr, xnx;
};

/* 8 bytes of memory at pa: 0, or -1 when the reference cannot know them. */
typedef int (*ref_read_fn)(void *ctx, uint64_t pa, uint64_t *val);

struct ref_txn {
	uint32_t sid, ssid;
	bool ssv, write, priv, exec;
	uint64_t iova;
};

enum ref_kind { REF_BYPASS, REF_TRANSLATED, REF_ABORT, REF_FAULT };

struct ref_out {
	enum ref_kind kind;
	uint64_t pa;            /* REF_BYPASS, REF_TRANSLATED */
	const char *fault;      /* REF_FAULT: event name, or NULL when either of two may come */
	bool certain;           /* every rule on the way is one this reference implements */
	bool bypass_possible;   /* some reading of the configuration could bypass stage 1 and 2 */
	const char *why;
};

void ref_translate(const struct ref_regs *r, ref_read_fn rd, void *ctx,
		   const struct ref_txn *t, struct ref_out *o);

#endif

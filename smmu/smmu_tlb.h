/* SPDX-License-Identifier: MIT */
/*
 * The SMMU TLB: translations tagged by regime (EL1 or EL2 StreamWorld),
 * VMID, ASID (unless global), and the input range they cover.  Stage-1
 * entries map VA->IPA(=PA when stage 2 is bypassed), stage-2 entries
 * IPA->PA, nested entries VA->PA with both stages' permissions.
 * IHI 0070 §16.2 "TLB tagging", §4.4 "TLB invalidation".
 */
#ifndef SMMUITS_SMMU_TLB_H
#define SMMUITS_SMMU_TLB_H

#include <stdbool.h>
#include <stdint.h>

enum smmu_tlb_kind { TLB_S1 = 1, TLB_S2 = 2, TLB_NESTED = 3 };

/* Permissions precomputed from the descriptors, per access kind. */
#define TLB_P_UR (1u << 0)  /* unprivileged read */
#define TLB_P_UW (1u << 1)
#define TLB_P_UX (1u << 2)
#define TLB_P_PR (1u << 3)  /* privileged read */
#define TLB_P_PW (1u << 4)
#define TLB_P_PX (1u << 5)
#define TLB_P_ALL 0x3fu

struct smmu_tlb_entry {
	uint64_t va;         /* input base, aligned to 1 << shift */
	uint64_t oa;         /* output base */
	uint64_t ipa;        /* nested: IPA base of the stage-1 output, for S2_IPA */
	uint64_t lru;
	uint16_t vmid, asid;
	uint8_t shift;       /* log2 of the range covered */
	uint8_t ipa_shift;   /* nested: stage-2 mapping size */
	uint8_t kind;        /* enum smmu_tlb_kind, 0 when the way is empty */
	uint8_t level;       /* level of the leaf (TTL matching) */
	bool global, el2;
	uint8_t s1perm, s2perm;
	uint8_t ishift;      /* host only: log2 of the index it is filed under (smmu_tlb.c) */
};

/*
 * Walk cache: the table a walk reached at a level, so the next walk for a
 * nearby address starts below it.  Tagged like the TLB (stage, regime,
 * VMID, ASID), by the input range the table covers.  TLBI with Leaf=1 may
 * leave these (§4.4.1); Leaf=0 and the non-VA commands remove them.
 */
struct smmu_wc_entry {
	uint64_t ia_base;    /* input base of the range the table covers */
	uint64_t table;
	uint64_t lru;
	uint16_t vmid, asid;
	uint8_t stage;       /* 1 or 2; 0 when the way is empty */
	uint8_t level;       /* level of the cached table */
	uint8_t cover_shift; /* log2 of the range it covers */
	uint8_t aptable;
	bool el2, xntable, pxntable;
	bool leaf;           /* table holds a leaf descriptor, cover_shift its size */
};

/* What an invalidation command removes (IHI 0070 §4.4). */
struct smmu_tlb_scope {
	unsigned kinds;      /* bit (1 << kind) for each kind to consider */
	bool el2;            /* regime */
	bool match_vmid;  uint16_t vmid;
	bool match_asid;  uint16_t asid;   /* non-global entries of this ASID ... */
	bool with_global;                   /* ... and, if set, global entries too */
	bool match_va;    uint64_t va_lo, va_hi;  /* entries overlapping [lo, hi] */
	bool match_ipa;   uint64_t ipa_lo, ipa_hi; /* stage-2 entries overlapping [lo, hi] */
	unsigned ttl;        /* 0: any level; else only entries of this level */
	bool leaf_only;      /* walk cache: only cached leaves (TLBI with Leaf=1) */
};

#endif

/* SPDX-License-Identifier: MIT */
/*
 * VMSAv8-64 translation table descriptors, as the SMMU walks them for
 * stage 1 (CD.AA64=1) and stage 2 (STE.S2AA64=1).  Arm ARM (DDI 0487)
 * D8.3 "Translation table descriptor formats"; IHI 0070 §3.4 and §5.4 for
 * what the SMMU takes from them.  The walker (smmu/smmu_ptw.c) and the
 * harness table builder (harness/pgtable.c) both use these declarations
 * and nothing else, but share no code: a builder bug cannot hide a walker bug.
 */
#ifndef SMMUITS_SMMU_PTE_H
#define SMMUITS_SMMU_PTE_H

#include "model/bitfield.h"

#define PTE_SIZE            8u

#define PTE_VALID           BIT64(0)
#define PTE_TYPE            BIT64(1)   /* 1: table (levels 0-2) or page (level 3); 0: block */
#define   PTE_TYPE_BLOCK       0u
#define   PTE_TYPE_TABLE       1u
#define   PTE_TYPE_PAGE        1u

/* Table descriptor: next-level table address and hierarchical controls */
#define PTE_TABLE_ADDR      GENMASK64(47, 12)  /* low bits below the granule are RES0 */
#define PTE_TABLE_PXN       BIT64(59)          /* PXNTable */
#define PTE_TABLE_XN        BIT64(60)          /* XNTable (UXNTable for two VA ranges) */
#define PTE_TABLE_AP        GENMASK64(62, 61)  /* APTable */
#define   PTE_APTABLE_NO_EL0   1u              /* APTable[0]: no unprivileged access below */
#define   PTE_APTABLE_RO       2u              /* APTable[1]: no write access below */
#define PTE_TABLE_NS        BIT64(63)

/* Block and page descriptors: output address */
#define PTE_OA              GENMASK64(47, 12)  /* bits below the block/page size are RES0 */
#define PTE_OA_52_64K       GENMASK64(15, 12)  /* 64 KiB granule: OA[51:48] (FEAT_LPA) */

/* Stage 1 lower attributes */
#define PTE_S1_ATTRINDX     GENMASK64(4, 2)
#define PTE_S1_NS           BIT64(5)
#define PTE_S1_AP           GENMASK64(7, 6)    /* AP[2:1] */
#define   PTE_AP_RW_EL1        0u              /* privileged read/write, no unprivileged access */
#define   PTE_AP_RW_ALL        1u              /* read/write at both */
#define   PTE_AP_RO_EL1        2u              /* privileged read-only */
#define   PTE_AP_RO_ALL        3u              /* read-only at both */
#define   PTE_AP_UNPRIV        1u              /* AP[1]: unprivileged access allowed */
#define   PTE_AP_RDONLY        2u              /* AP[2]: read-only */
#define PTE_SH              GENMASK64(9, 8)
#define PTE_AF              BIT64(10)
#define PTE_S1_NG           BIT64(11)

/* Upper attributes */
#define PTE_DBM             BIT64(51)
#define PTE_CONT            BIT64(52)
#define PTE_S1_PXN          BIT64(53)
#define PTE_S1_UXN          BIT64(54)          /* XN when the regime has one VA range */

/* Stage 2 lower/upper attributes */
#define PTE_S2_MEMATTR      GENMASK64(5, 2)
#define PTE_S2_AP           GENMASK64(7, 6)    /* S2AP[1:0] */
#define   PTE_S2AP_READ        1u
#define   PTE_S2AP_WRITE       2u
#define PTE_S2_XN           GENMASK64(54, 53)  /* XN[1:0] with FEAT_XNX; XN[1] alone otherwise */

/* Granule geometry: page shift 12/14/16, 9/11/13 index bits per level. */
static inline unsigned pte_stride(unsigned pgshift)
{
	return pgshift - 3;
}

/* The address of the first descriptor a level's index selects: bits [shift+stride-1 : shift]. */
static inline unsigned pte_level_shift(unsigned pgshift, int level)
{
	return pgshift + (unsigned)(3 - level) * pte_stride(pgshift);
}

#endif

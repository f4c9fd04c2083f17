/* SPDX-License-Identifier: MIT */
/*
 * Context descriptors and the level-1 CD table descriptor.
 * IHI 0070 §5.3 "L1CD" and §5.4 "CD, Context Descriptor".  Indexed by
 * 64-bit dword, so CD_0_ASID is bits [63:48] of dword 0 (CD bits [63:48]).
 */
#ifndef SMMUITS_SMMU_CD_H
#define SMMUITS_SMMU_CD_H

#include <stdbool.h>
#include <stdint.h>

#include "model/bitfield.h"

/* §5.3 Level 1 Context Descriptor (8 bytes) */
#define L1CD_SIZE       8u
#define L1CD_0_V        BIT64(0)
#define L1CD_0_L2PTR    GENMASK64(55, 12)
/* S1Fmt=0b01: 4 KiB leaf tables of 64 CDs; 0b10: 64 KiB leaf tables of 1024 CDs */
#define CD_SPLIT_4K     6u
#define CD_SPLIT_64K    10u

/* §5.4 CD (64 bytes) */
#define CD_SIZE         64u
#define CD_DWORDS       8u

#define CD_0_T0SZ       GENMASK64(5, 0)
#define CD_0_TG0        GENMASK64(7, 6)
#define   CD_TG0_4K        0u
#define   CD_TG0_64K       1u
#define   CD_TG0_16K       2u
#define CD_0_IR0        GENMASK64(9, 8)
#define CD_0_OR0        GENMASK64(11, 10)
#define CD_0_SH0        GENMASK64(13, 12)
#define CD_0_EPD0       BIT64(14)
#define CD_0_ENDI       BIT64(15)
#define CD_0_T1SZ       GENMASK64(21, 16)
#define CD_0_TG1        GENMASK64(23, 22)
#define   CD_TG1_16K       1u
#define   CD_TG1_4K        2u
#define   CD_TG1_64K       3u
#define CD_0_IR1        GENMASK64(25, 24)
#define CD_0_OR1        GENMASK64(27, 26)
#define CD_0_SH1        GENMASK64(29, 28)
#define CD_0_EPD1       BIT64(30)
#define CD_0_V          BIT64(31)
#define CD_0_IPS        GENMASK64(34, 32)
#define CD_0_AFFD       BIT64(35)
#define CD_0_WXN        BIT64(36)
#define CD_0_UWXN       BIT64(37)
#define CD_0_TBI        GENMASK64(39, 38)  /* [0] for TTB0's range, [1] for TTB1's */
#define CD_0_PAN        BIT64(40)
#define CD_0_AA64       BIT64(41)
#define CD_0_HD         BIT64(42)
#define CD_0_HA         BIT64(43)
#define CD_0_S          BIT64(44)
#define CD_0_R          BIT64(45)
#define CD_0_A          BIT64(46)
#define CD_0_ASET       BIT64(47)
#define CD_0_ASID       GENMASK64(63, 48)

#define CD_1_TTB0       GENMASK64(55, 4)
#define CD_2_TTB1       GENMASK64(55, 4)
#define CD_3_MAIR       GENMASK64(63, 0)

/* A CD decoded once into plain fields. */
struct smmu_cd {
	uint64_t raw[CD_DWORDS];
	bool valid;
	struct {
		bool enabled;        /* !EPDx */
		unsigned tsz;        /* TxSZ */
		unsigned pgshift;    /* from TGx: 12, 14, 16 */
		uint64_t ttb;
		bool tbi;
	} tt[2];
	unsigned ips_bits;           /* effective: MIN(IPS, OAS) */
	bool affd, wxn, uwxn, pan, hd, ha, stall, record, abort, aset;
	uint16_t asid;
	uint64_t mair;
};

#endif

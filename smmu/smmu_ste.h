/* SPDX-License-Identifier: MIT */
/*
 * Stream table formats: the level-1 descriptor and the Stream Table Entry.
 * IHI 0070 §5.1 "Level 1 Stream Table Descriptor" and §5.2 "Stream Table
 * Entry".  In-memory structures are indexed by 64-bit little-endian dword,
 * so STE_1_EATS is bits [29:28] of dword 1 (STE bits [93:92] in §5.2).
 */
#ifndef SMMUITS_SMMU_STE_H
#define SMMUITS_SMMU_STE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/bitfield.h"

/* §5.1 Level 1 Stream Table Descriptor (8 bytes) */
#define L1STD_SIZE             8u
#define L1STD_0_SPAN           GENMASK64(4, 0)
#define L1STD_0_L2PTR          GENMASK64(51, 6)

/* §5.2 Stream Table Entry (64 bytes) */
#define STE_SIZE               64u
#define STE_DWORDS             8u

#define STE_0_V                BIT64(0)
#define STE_0_CONFIG           GENMASK64(3, 1)
#define   STE_CONFIG_ABORT        0u  /* 0b000: terminate, no event */
#define   STE_CONFIG_BYPASS       4u  /* 0b100: S1 and S2 bypass */
#define   STE_CONFIG_S1_TRANS     5u  /* 0b101: S1 translate, S2 bypass */
#define   STE_CONFIG_S2_TRANS     6u  /* 0b110: S1 bypass, S2 translate */
#define   STE_CONFIG_NESTED       7u  /* 0b111: S1 then S2 */
#define STE_0_S1FMT            GENMASK64(5, 4)
#define   STE_S1FMT_LINEAR        0u
#define   STE_S1FMT_2LVL_4K       1u
#define   STE_S1FMT_2LVL_64K      2u
#define STE_0_S1CONTEXTPTR     GENMASK64(55, 6)
#define STE_0_S1CDMAX          GENMASK64(63, 59)

#define STE_1_S1DSS            GENMASK64(1, 0)
#define   STE_S1DSS_TERMINATE     0u
#define   STE_S1DSS_BYPASS        1u
#define   STE_S1DSS_SSID0         2u
#define STE_1_S1CIR            GENMASK64(3, 2)
#define STE_1_S1COR            GENMASK64(5, 4)
#define STE_1_S1CSH            GENMASK64(7, 6)
#define STE_1_S2HWU            GENMASK64(11, 8)
#define STE_1_DRE              BIT64(12)
#define STE_1_CONT             GENMASK64(16, 13)
#define STE_1_DCP              BIT64(17)
#define STE_1_PPAR             BIT64(18)
#define STE_1_MEV              BIT64(19)
#define STE_1_S2FWB            BIT64(25)
#define STE_1_S1MPAM           BIT64(26)
#define STE_1_S1STALLD         BIT64(27)
#define STE_1_EATS             GENMASK64(29, 28)
#define STE_1_STRW             GENMASK64(31, 30)
#define   STE_STRW_NSEL1          0u
#define   STE_STRW_EL2            2u
#define STE_1_MEMATTR          GENMASK64(35, 32)
#define STE_1_MTCFG            BIT64(36)
#define STE_1_ALLOCCFG         GENMASK64(40, 37)
#define STE_1_SHCFG            GENMASK64(45, 44)
#define   STE_SHCFG_INCOMING      1u
#define STE_1_NSCFG            GENMASK64(47, 46)
#define STE_1_PRIVCFG          GENMASK64(49, 48)
#define STE_1_INSTCFG          GENMASK64(51, 50)

#define STE_2_S2VMID           GENMASK64(15, 0)
#define STE_2_S2T0SZ           GENMASK64(37, 32)
#define STE_2_S2SL0            GENMASK64(39, 38)
#define STE_2_S2IR0            GENMASK64(41, 40)
#define STE_2_S2OR0            GENMASK64(43, 42)
#define STE_2_S2SH0            GENMASK64(45, 44)
#define STE_2_S2TG             GENMASK64(47, 46)
#define   STE_S2TG_4K             0u
#define   STE_S2TG_64K            1u
#define   STE_S2TG_16K            2u
#define STE_2_S2PS             GENMASK64(50, 48)
#define STE_2_S2AA64           BIT64(51)
#define STE_2_S2ENDI           BIT64(52)
#define STE_2_S2AFFD           BIT64(53)
#define STE_2_S2PTW            BIT64(54)
#define STE_2_S2HD             BIT64(55)
#define STE_2_S2HA             BIT64(56)
#define STE_2_S2S              BIT64(57)
#define STE_2_S2R              BIT64(58)

#define STE_3_S2TTB            GENMASK64(51, 4)

/* An STE decoded once into plain fields; everything after decode reads this. */
struct smmu_ste {
	uint64_t raw[STE_DWORDS];
	bool valid;
	unsigned config;        /* STE_CONFIG_* */
	bool s1_trans;          /* Config[0] */
	bool s2_trans;          /* Config[1] */
	/* stage 1 */
	unsigned s1fmt;
	uint64_t s1ctxptr;
	unsigned s1cdmax;
	unsigned s1dss;
	unsigned strw;
	bool s1stalld;
	/* attributes applied to bypassed/translated traffic */
	unsigned shcfg, memattr, alloccfg, privcfg, instcfg;
	bool mtcfg;
	/* stage 2 */
	uint16_t s2vmid;
	unsigned s2t0sz, s2sl0, s2tg, s2ps;
	bool s2aa64, s2endi, s2affd, s2ptw, s2ha, s2hd, s2s, s2r;
	uint64_t s2ttb;
	/* the stage-2 geometry decode derived (legal stage-2 STEs only) */
	unsigned s2_pgshift;    /* from S2TG */
	int s2_start_level;     /* from S2SL0 and the granule */
	unsigned s2_ps_bits;    /* MIN(S2PS, OAS) */
};

#endif

/* SPDX-License-Identifier: MIT */
/*
 * SMMUv3 programming interface: register offsets and fields.
 * IHI 0070 §6 "Memory map and registers"; offsets are from the SMMU base,
 * page 1 registers are at 0x10000 + their page offset.  Fields are written
 * (hi, lo) as §6.3 prints them.  The harness driver and the tests use these
 * same names, so a wrong bit position here is wrong everywhere at once and
 * caught by traces written from the spec.
 */
#ifndef SMMUITS_SMMU_REGS_H
#define SMMUITS_SMMU_REGS_H

#include "model/bitfield.h"

#define SMMU_PAGE1 0x10000u
#define SMMU_REG_WINDOW 0x20000u

/* §6.3.1 SMMU_IDR0 */
#define SMMU_IDR0              0x0000u
#define SMMU_IDR0_S2P          BIT64(0)
#define SMMU_IDR0_S1P          BIT64(1)
#define SMMU_IDR0_TTF          GENMASK64(3, 2)
#define   SMMU_IDR0_TTF_AARCH64   2u
#define   SMMU_IDR0_TTF_BOTH      3u
#define SMMU_IDR0_COHACC       BIT64(4)
#define SMMU_IDR0_BTM          BIT64(5)
#define SMMU_IDR0_HTTU         GENMASK64(7, 6)
#define SMMU_IDR0_DORMHINT     BIT64(8)
#define SMMU_IDR0_HYP          BIT64(9)
#define SMMU_IDR0_ATS          BIT64(10)
#define SMMU_IDR0_NS1ATS       BIT64(11)
#define SMMU_IDR0_ASID16       BIT64(12)
#define SMMU_IDR0_MSI          BIT64(13)
#define SMMU_IDR0_SEV          BIT64(14)
#define SMMU_IDR0_ATOS         BIT64(15)
#define SMMU_IDR0_PRI          BIT64(16)
#define SMMU_IDR0_VMW          BIT64(17)
#define SMMU_IDR0_VMID16       BIT64(18)
#define SMMU_IDR0_CD2L         BIT64(19)
#define SMMU_IDR0_VATOS        BIT64(20)
#define SMMU_IDR0_TTENDIAN     GENMASK64(22, 21)
#define   SMMU_IDR0_TTENDIAN_LE   2u
#define SMMU_IDR0_ATSRECERR    BIT64(23)
#define SMMU_IDR0_STALL_MODEL  GENMASK64(25, 24)
#define   SMMU_IDR0_STALL_MODEL_STALL_TERM 0u
#define   SMMU_IDR0_STALL_MODEL_TERM       1u
#define   SMMU_IDR0_STALL_MODEL_STALL      2u
#define SMMU_IDR0_TERM_MODEL   BIT64(26)
#define SMMU_IDR0_ST_LEVEL     GENMASK64(28, 27)
#define   SMMU_IDR0_ST_LEVEL_LINEAR 0u
#define   SMMU_IDR0_ST_LEVEL_2LVL   1u

/* §6.3.2 SMMU_IDR1 */
#define SMMU_IDR1              0x0004u
#define SMMU_IDR1_SIDSIZE      GENMASK64(5, 0)
#define SMMU_IDR1_SSIDSIZE     GENMASK64(10, 6)
#define SMMU_IDR1_PRIQS        GENMASK64(15, 11)
#define SMMU_IDR1_EVENTQS      GENMASK64(20, 16)
#define SMMU_IDR1_CMDQS        GENMASK64(25, 21)
#define SMMU_IDR1_ATTR_PERMS_OVR BIT64(26)
#define SMMU_IDR1_ATTR_TYPES_OVR BIT64(27)
#define SMMU_IDR1_REL          BIT64(28)
#define SMMU_IDR1_QUEUES_PRESET BIT64(29)
#define SMMU_IDR1_TABLES_PRESET BIT64(30)
#define SMMU_IDR1_ECMDQ        BIT64(31)

/* §6.3.3 SMMU_IDR2 */
#define SMMU_IDR2              0x0008u
#define SMMU_IDR2_BA_VATOS     GENMASK64(9, 0)

/* §6.3.4 SMMU_IDR3 */
#define SMMU_IDR3              0x000Cu
#define SMMU_IDR3_HAD          BIT64(2)
#define SMMU_IDR3_PBHA         BIT64(3)
#define SMMU_IDR3_XNX          BIT64(4)
#define SMMU_IDR3_PPS          BIT64(5)
#define SMMU_IDR3_MPAM         BIT64(7)
#define SMMU_IDR3_FWB          BIT64(8)
#define SMMU_IDR3_STT          BIT64(9)
#define SMMU_IDR3_RIL          BIT64(10)
#define SMMU_IDR3_BBML         GENMASK64(12, 11)

/* §6.3.5 SMMU_IDR4: IMPLEMENTATION DEFINED */
#define SMMU_IDR4              0x0010u

/* §6.3.6 SMMU_IDR5 */
#define SMMU_IDR5              0x0014u
#define SMMU_IDR5_OAS          GENMASK64(2, 0)
#define   SMMU_IDR5_OAS_32        0u
#define   SMMU_IDR5_OAS_36        1u
#define   SMMU_IDR5_OAS_40        2u
#define   SMMU_IDR5_OAS_42        3u
#define   SMMU_IDR5_OAS_44        4u
#define   SMMU_IDR5_OAS_48        5u
#define   SMMU_IDR5_OAS_52        6u
/*
 * The address-size encoding shared by IDR5.OAS, CD.IPS and STE.S2PS: bits
 * for each value.  0b111 is reserved; the model treats it as 52 bits.
 */
#define SMMU_PA_SIZE_VALID     7u   /* encodings 0..6 name a size */
static inline unsigned smmu_pa_size_bits(unsigned enc)
{
	static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };

	return bits[enc & 7];
}
#define SMMU_IDR5_GRAN4K       BIT64(4)
#define SMMU_IDR5_GRAN16K      BIT64(5)
#define SMMU_IDR5_GRAN64K      BIT64(6)
#define SMMU_IDR5_VAX          GENMASK64(11, 10)
#define SMMU_IDR5_STALL_MAX    GENMASK64(31, 16)

/* §6.3.7 SMMU_IIDR */
#define SMMU_IIDR              0x0018u
#define SMMU_IIDR_IMPLEMENTER  GENMASK64(11, 0)
#define SMMU_IIDR_REVISION     GENMASK64(15, 12)
#define SMMU_IIDR_VARIANT      GENMASK64(19, 16)
#define SMMU_IIDR_PRODUCTID    GENMASK64(31, 20)

/* §6.3.8 SMMU_AIDR */
#define SMMU_AIDR              0x001Cu
#define SMMU_AIDR_ARCHMINORREV GENMASK64(3, 0)
#define SMMU_AIDR_ARCHMAJORREV GENMASK64(7, 4)

/* §6.3.9 SMMU_CR0 and §6.3.10 SMMU_CR0ACK (same layout) */
#define SMMU_CR0               0x0020u
#define SMMU_CR0ACK            0x0024u
#define SMMU_CR0_SMMUEN        BIT64(0)
#define SMMU_CR0_PRIQEN        BIT64(1)
#define SMMU_CR0_EVENTQEN      BIT64(2)
#define SMMU_CR0_CMDQEN        BIT64(3)
#define SMMU_CR0_ATSCHK        BIT64(4)
#define SMMU_CR0_VMW           GENMASK64(8, 6)

/* §6.3.11 SMMU_CR1 */
#define SMMU_CR1               0x0028u
#define SMMU_CR1_QUEUE_IC      GENMASK64(1, 0)
#define SMMU_CR1_QUEUE_OC      GENMASK64(3, 2)
#define SMMU_CR1_QUEUE_SH      GENMASK64(5, 4)
#define SMMU_CR1_TABLE_IC      GENMASK64(7, 6)
#define SMMU_CR1_TABLE_OC      GENMASK64(9, 8)
#define SMMU_CR1_TABLE_SH      GENMASK64(11, 10)

/* §6.3.12 SMMU_CR2 */
#define SMMU_CR2               0x002Cu
#define SMMU_CR2_E2H           BIT64(0)
#define SMMU_CR2_RECINVSID     BIT64(1)
#define SMMU_CR2_PTM           BIT64(2)

/* §6.3.13 SMMU_STATUSR */
#define SMMU_STATUSR           0x0040u
#define SMMU_STATUSR_DORMANT   BIT64(0)

/* §6.3.14 SMMU_GBPA */
#define SMMU_GBPA              0x0044u
#define SMMU_GBPA_MEMATTR      GENMASK64(3, 0)
#define SMMU_GBPA_MTCFG        BIT64(4)
#define SMMU_GBPA_ALLOCCFG     GENMASK64(11, 8)
#define SMMU_GBPA_SHCFG        GENMASK64(13, 12)
#define SMMU_GBPA_PRIVCFG      GENMASK64(17, 16)
#define SMMU_GBPA_INSTCFG      GENMASK64(19, 18)
#define SMMU_GBPA_ABORT        BIT64(20)
#define SMMU_GBPA_UPDATE       BIT64(31)

/* §6.3.15 SMMU_AGBPA: IMPLEMENTATION DEFINED */
#define SMMU_AGBPA             0x0048u

/* §6.3.16 SMMU_IRQ_CTRL and §6.3.18 SMMU_IRQ_CTRLACK */
#define SMMU_IRQ_CTRL          0x0050u
#define SMMU_IRQ_CTRLACK       0x0054u
#define SMMU_IRQ_CTRL_GERROR_IRQEN BIT64(0)
#define SMMU_IRQ_CTRL_PRIQ_IRQEN   BIT64(1)
#define SMMU_IRQ_CTRL_EVENTQ_IRQEN BIT64(2)

/* §6.3.19 SMMU_GERROR and §6.3.20 SMMU_GERRORN (same layout) */
#define SMMU_GERROR            0x0060u
#define SMMU_GERRORN           0x0064u
#define SMMU_GERROR_CMDQ_ERR           BIT64(0)
#define SMMU_GERROR_EVENTQ_ABT_ERR     BIT64(2)
#define SMMU_GERROR_PRIQ_ABT_ERR       BIT64(3)
#define SMMU_GERROR_MSI_CMDQ_ABT_ERR   BIT64(4)
#define SMMU_GERROR_MSI_EVENTQ_ABT_ERR BIT64(5)
#define SMMU_GERROR_MSI_PRIQ_ABT_ERR   BIT64(6)
#define SMMU_GERROR_MSI_GERROR_ABT_ERR BIT64(7)
#define SMMU_GERROR_SFM_ERR            BIT64(8)
#define SMMU_GERROR_ALL        (SMMU_GERROR_CMDQ_ERR | SMMU_GERROR_EVENTQ_ABT_ERR | \
				SMMU_GERROR_PRIQ_ABT_ERR | SMMU_GERROR_MSI_CMDQ_ABT_ERR | \
				SMMU_GERROR_MSI_EVENTQ_ABT_ERR | SMMU_GERROR_MSI_PRIQ_ABT_ERR | \
				SMMU_GERROR_MSI_GERROR_ABT_ERR | SMMU_GERROR_SFM_ERR)

/* §6.3.21-23 MSI configuration, shared layout for GERROR, EVENTQ and PRIQ */
#define SMMU_GERROR_IRQ_CFG0   0x0068u
#define SMMU_GERROR_IRQ_CFG1   0x0070u
#define SMMU_GERROR_IRQ_CFG2   0x0074u
#define SMMU_IRQ_CFG0_ADDR     GENMASK64(55, 2)
#define SMMU_IRQ_CFG1_DATA     GENMASK64(31, 0)
#define SMMU_IRQ_CFG2_MEMATTR  GENMASK64(3, 0)
#define SMMU_IRQ_CFG2_SH       GENMASK64(5, 4)

/* §6.3.24 SMMU_STRTAB_BASE */
#define SMMU_STRTAB_BASE       0x0080u
#define SMMU_STRTAB_BASE_ADDR  GENMASK64(51, 6)
#define SMMU_STRTAB_BASE_RA    BIT64(62)

/* §6.3.25 SMMU_STRTAB_BASE_CFG */
#define SMMU_STRTAB_BASE_CFG   0x0088u
#define SMMU_STRTAB_BASE_CFG_LOG2SIZE GENMASK64(5, 0)
#define SMMU_STRTAB_BASE_CFG_SPLIT    GENMASK64(10, 6)
#define SMMU_STRTAB_BASE_CFG_FMT      GENMASK64(17, 16)
#define   SMMU_STRTAB_FMT_LINEAR  0u
#define   SMMU_STRTAB_FMT_2LVL    1u

/* §6.3.26-28 command queue */
#define SMMU_CMDQ_BASE         0x0090u
#define SMMU_CMDQ_PROD         0x0098u
#define SMMU_CMDQ_CONS         0x009Cu
#define SMMU_Q_BASE_LOG2SIZE   GENMASK64(4, 0)
#define SMMU_Q_BASE_ADDR       GENMASK64(51, 5)
#define SMMU_Q_BASE_RA         BIT64(62)   /* CMDQ_BASE.RA; EVENTQ_BASE.WA at the same bit */
/* PROD.WR / CONS.RD: index in [LOG2SIZE-1:0], wrap bit at [LOG2SIZE], within [19:0] */
#define SMMU_Q_IDX             GENMASK64(19, 0)
#define SMMU_CMDQ_CONS_ERR     GENMASK64(30, 24)
#define   SMMU_CERROR_NONE        0u
#define   SMMU_CERROR_ILL         1u
#define   SMMU_CERROR_ABT         2u
#define   SMMU_CERROR_ATC_INV_SYNC 3u

/* §6.3.29 EVENTQ_BASE, §6.3.30-32 EVENTQ_IRQ_CFGn; PROD and CONS are page 1, §6.3.95-96 */
#define SMMU_EVENTQ_BASE       0x00A0u
#define SMMU_EVENTQ_PROD       (SMMU_PAGE1 + 0x00A8u)
#define SMMU_EVENTQ_CONS       (SMMU_PAGE1 + 0x00ACu)
#define SMMU_EVENTQ_PROD_OVFLG     BIT64(31)
#define SMMU_EVENTQ_CONS_OVACKFLG  BIT64(31)
#define SMMU_EVENTQ_IRQ_CFG0   0x00B0u
#define SMMU_EVENTQ_IRQ_CFG1   0x00B8u
#define SMMU_EVENTQ_IRQ_CFG2   0x00BCu

/* §6.3.33-37, §6.3.97-98 PRI queue: PRI is not advertised (IDR0.PRI=0), so these are RES0 here */
#define SMMU_PRIQ_BASE         0x00C0u
#define SMMU_PRIQ_PROD         (SMMU_PAGE1 + 0x00C8u)
#define SMMU_PRIQ_CONS         (SMMU_PAGE1 + 0x00CCu)

/* §6.3.2 the largest queue the model accepts (IDR1.CMDQS / EVENTQS maximum is 19) */
#define SMMU_Q_LOG2SIZE_MAX    19u

#endif

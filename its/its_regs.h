/* SPDX-License-Identifier: MIT */
/*
 * GICv3 ITS and redistributor programming interface: register offsets and
 * fields.  Arm IHI 0069 (GIC architecture v3/v4) §12.19 "The ITS register
 * descriptions" and §12.10 "The GIC Redistributor interface".  Fields are
 * (hi, lo) as the spec prints them; the harness driver and tests use these
 * same names.
 */
#ifndef SMMUITS_ITS_REGS_H
#define SMMUITS_ITS_REGS_H

#include "model/bitfield.h"

/* ---- ITS control frame (ITS_base + 0x0000) ---- */
#define GITS_CTLR               0x0000u
#define GITS_CTLR_ENABLED       BIT64(0)
#define GITS_CTLR_IMDE          BIT64(1)
#define GITS_CTLR_QUIESCENT     BIT64(31)

#define GITS_IIDR               0x0004u

#define GITS_TYPER              0x0008u   /* 64-bit */
#define GITS_TYPER_PHYSICAL     BIT64(0)
#define GITS_TYPER_VIRTUAL      BIT64(1)
#define GITS_TYPER_CCT          BIT64(2)
#define GITS_TYPER_ITT_ENTRY_SIZE GENMASK64(7, 4)   /* bytes - 1 */
#define GITS_TYPER_IDBITS       GENMASK64(12, 8)    /* EventID bits - 1 */
#define GITS_TYPER_DEVBITS      GENMASK64(17, 13)   /* DeviceID bits - 1 */
#define GITS_TYPER_SEIS         BIT64(18)
#define GITS_TYPER_PTA          BIT64(19)
#define GITS_TYPER_HCC          GENMASK64(31, 24)
#define GITS_TYPER_CIDBITS      GENMASK64(35, 32)
#define GITS_TYPER_CIL          BIT64(36)

#define GITS_CBASER             0x0080u   /* 64-bit */
#define GITS_CBASER_SIZE        GENMASK64(7, 0)     /* 4 KiB pages - 1 */
#define GITS_CBASER_SHAREABILITY GENMASK64(11, 10)
#define GITS_CBASER_PHYSICAL_ADDRESS GENMASK64(51, 12)
#define GITS_CBASER_OUTERCACHE  GENMASK64(55, 53)
#define GITS_CBASER_INNERCACHE  GENMASK64(61, 59)
#define GITS_CBASER_VALID       BIT64(63)

#define GITS_CWRITER            0x0088u   /* 64-bit */
#define GITS_CWRITER_RETRY      BIT64(0)
#define GITS_CWRITER_OFFSET     GENMASK64(19, 5)    /* byte offset, 32-byte aligned */

#define GITS_CREADR             0x0090u   /* 64-bit */
#define GITS_CREADR_STALLED     BIT64(0)
#define GITS_CREADR_OFFSET      GENMASK64(19, 5)

#define GITS_BASER(n)           (0x0100u + 8u * (n))  /* n = 0..7, 64-bit */
#define GITS_BASER_NR           8u
#define GITS_BASER_SIZE         GENMASK64(7, 0)     /* pages - 1 */
#define GITS_BASER_PAGE_SIZE    GENMASK64(9, 8)
#define   GITS_BASER_PAGE_4K       0u
#define   GITS_BASER_PAGE_16K      1u
#define   GITS_BASER_PAGE_64K      2u
#define GITS_BASER_SHAREABILITY GENMASK64(11, 10)
#define GITS_BASER_PHYSICAL_ADDRESS GENMASK64(47, 12)
#define GITS_BASER_PA_52_64K    GENMASK64(15, 12)   /* 64 KiB pages: PA[51:48] */
#define GITS_BASER_ENTRY_SIZE   GENMASK64(52, 48)   /* bytes - 1, read-only */
#define GITS_BASER_OUTERCACHE   GENMASK64(55, 53)
#define GITS_BASER_TYPE         GENMASK64(58, 56)   /* read-only */
#define   GITS_BASER_TYPE_NONE     0u
#define   GITS_BASER_TYPE_DEVICE   1u
#define   GITS_BASER_TYPE_VPE      2u
#define   GITS_BASER_TYPE_COLLECTION 4u
#define GITS_BASER_INNERCACHE   GENMASK64(61, 59)
#define GITS_BASER_INDIRECT     BIT64(62)
#define GITS_BASER_VALID        BIT64(63)
/* Level-1 entry of an Indirect table: Valid and the level-2 page's address. */
#define GITS_L1E_VALID          BIT64(63)
#define GITS_L1E_ADDR           GENMASK64(51, 12)
#define GITS_L1E_SIZE           8u

#define GITS_PIDR2              0xFFE8u
#define GITS_PIDR2_ARCHREV      GENMASK64(7, 4)     /* 0x3: GICv3 */

/* ---- ITS translation frame (ITS_base + 0x10000) ---- */
#define GITS_TRANSLATER         0x10040u  /* 32-bit: EventID */
#define GITS_FRAME_SIZE         0x20000u

/* ---- Redistributor: RD_base frame, then SGI_base frame at +0x10000 ---- */
#define GICR_FRAME_SIZE         0x20000u
#define GICR_CTLR               0x0000u
#define GICR_CTLR_ENABLELPIS    BIT64(0)
#define GICR_CTLR_RWP           BIT64(3)
#define GICR_CTLR_UWP           BIT64(31)
#define GICR_IIDR               0x0004u
#define GICR_TYPER              0x0008u   /* 64-bit */
#define GICR_TYPER_PLPIS        BIT64(0)
#define GICR_TYPER_VLPIS        BIT64(1)
#define GICR_TYPER_DIRECTLPI    BIT64(3)
#define GICR_TYPER_LAST         BIT64(4)
#define GICR_TYPER_PROCESSOR_NUMBER GENMASK64(23, 8)
#define GICR_TYPER_AFFINITY     GENMASK64(63, 32)
#define GICR_WAKER              0x0014u
#define GICR_WAKER_PROCESSORSLEEP BIT64(1)
#define GICR_WAKER_CHILDRENASLEEP BIT64(2)
#define GICR_PROPBASER          0x0070u   /* 64-bit */
#define GICR_PROPBASER_IDBITS   GENMASK64(4, 0)     /* INTID bits - 1 */
#define GICR_PROPBASER_INNERCACHE GENMASK64(9, 7)
#define GICR_PROPBASER_SHAREABILITY GENMASK64(11, 10)
#define GICR_PROPBASER_PHYSICAL_ADDRESS GENMASK64(51, 12)
#define GICR_PROPBASER_OUTERCACHE GENMASK64(58, 56)
#define GICR_PENDBASER          0x0078u   /* 64-bit */
#define GICR_PENDBASER_INNERCACHE GENMASK64(9, 7)
#define GICR_PENDBASER_SHAREABILITY GENMASK64(11, 10)
#define GICR_PENDBASER_PHYSICAL_ADDRESS GENMASK64(51, 16)
#define GICR_PENDBASER_OUTERCACHE GENMASK64(58, 56)
#define GICR_PENDBASER_PTZ      BIT64(62)
#define GICR_INVLPIR            0x00A0u   /* 64-bit: INTID [31:0] */
#define GICR_INVALLR            0x00B0u
#define GICR_SYNCR              0x00C0u
#define GICR_SYNCR_BUSY         BIT64(0)
#define GICR_PIDR2              0xFFE8u

/* LPI configuration table: one byte per LPI, from INTID 8192 (§5.1.1) */
#define LPI_PROP_ENABLE         BIT64(0)
#define LPI_PROP_PRIORITY       GENMASK64(7, 2)
#define LPI_INTID_BASE          8192u

#endif

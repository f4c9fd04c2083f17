/* SPDX-License-Identifier: MIT */
/*
 * Command queue entries.  IHI 0070 §4 "Commands": 16 bytes, two dwords,
 * opcode in [7:0].  One X-macro list names each command, its opcode and
 * the handler that executes it, so the enum, the names in trace output,
 * the driver's `cmd` line and the dispatch table are one list.
 */
#ifndef SMMUITS_SMMU_CMD_H
#define SMMUITS_SMMU_CMD_H

#include <stdint.h>

#include "model/bitfield.h"

/* name, opcode, handler (smmu/smmu_cmdq.c) */
#define SMMU_CMD_LIST(X)                                         \
	X(CMD_PREFETCH_CONFIG,  0x01, cmd_prefetch)              \
	X(CMD_PREFETCH_ADDR,    0x02, cmd_prefetch)              \
	X(CMD_CFGI_STE,         0x03, cmd_cfgi_ste)              \
	X(CMD_CFGI_STE_RANGE,   0x04, cmd_cfgi_ste_range)        \
	X(CMD_CFGI_CD,          0x05, cmd_cfgi_cd)               \
	X(CMD_CFGI_CD_ALL,      0x06, cmd_cfgi_cd_all)           \
	X(CMD_CFGI_VMS_PIDM,    0x07, cmd_illegal)               \
	X(CMD_TLBI_NH_ALL,      0x10, cmd_tlbi_s)                \
	X(CMD_TLBI_NH_ASID,     0x11, cmd_tlbi_s)                \
	X(CMD_TLBI_NH_VA,       0x12, cmd_tlbi_s)                \
	X(CMD_TLBI_NH_VAA,      0x13, cmd_tlbi_s)                \
	X(CMD_TLBI_EL3_ALL,     0x18, cmd_illegal)               \
	X(CMD_TLBI_EL3_VA,      0x1A, cmd_illegal)               \
	X(CMD_TLBI_EL2_ALL,     0x20, cmd_tlbi_el2)              \
	X(CMD_TLBI_EL2_ASID,    0x21, cmd_tlbi_el2)              \
	X(CMD_TLBI_EL2_VA,      0x22, cmd_tlbi_el2)              \
	X(CMD_TLBI_EL2_VAA,     0x23, cmd_tlbi_el2)              \
	X(CMD_TLBI_S12_VMALL,   0x28, cmd_tlbi_s)                \
	X(CMD_TLBI_S2_IPA,      0x2A, cmd_tlbi_s)                \
	X(CMD_TLBI_NSNH_ALL,    0x30, cmd_tlbi_s)                \
	X(CMD_ATC_INV,          0x40, cmd_illegal)               \
	X(CMD_PRI_RESP,         0x41, cmd_illegal)               \
	X(CMD_RESUME,           0x44, cmd_illegal)               \
	X(CMD_STALL_TERM,       0x45, cmd_illegal)               \
	X(CMD_SYNC,             0x46, cmd_sync)

enum smmu_cmd_opcode {
#define X(name, op, fn) SMMU_##name = op,
	SMMU_CMD_LIST(X)
#undef X
};

#define CMD_SIZE             16u
#define CMD_DWORDS           2u

#define CMD_0_OP             GENMASK64(7, 0)
#define CMD_0_SSEC           BIT64(10)
#define CMD_0_SSV            BIT64(11)
#define CMD_0_SSID           GENMASK64(31, 12)
#define CMD_0_SID            GENMASK64(63, 32)
#define CMD_0_VMID           GENMASK64(47, 32)
#define CMD_0_ASID           GENMASK64(63, 48)
#define CMD_0_NUM            GENMASK64(16, 12)
#define CMD_0_SCALE          GENMASK64(25, 20)  /* [25] is RES0 without IDR5.DS */

#define CMD_1_LEAF           BIT64(0)
#define CMD_1_RANGE          GENMASK64(4, 0)   /* CFGI_STE_RANGE: 2^(Range+1) STEs */
#define   CMD_CFGI_RANGE_ALL    31u            /* CMD_CFGI_ALL is CFGI_STE_RANGE, Range=31 */
#define CMD_1_PREFETCH_SIZE  GENMASK64(4, 0)
#define CMD_1_TTL            GENMASK64(9, 8)
#define CMD_1_TG             GENMASK64(11, 10)
#define CMD_1_ADDR           GENMASK64(63, 12)
#define CMD_1_IPA            GENMASK64(55, 12)

/* §4.7.3 CMD_SYNC */
#define CMD_SYNC_0_CS        GENMASK64(13, 12)
#define   CMD_SYNC_CS_NONE      0u
#define   CMD_SYNC_CS_IRQ       1u
#define   CMD_SYNC_CS_SEV       2u
#define CMD_SYNC_0_MSH       GENMASK64(23, 22)
#define CMD_SYNC_0_MSIATTR   GENMASK64(27, 24)
#define CMD_SYNC_0_MSIDATA   GENMASK64(63, 32)
#define CMD_SYNC_1_MSIADDR   GENMASK64(55, 2)

/* "CMD_SYNC" for 0x46; NULL for opcodes not in the list. */
const char *smmu_cmd_name(unsigned opcode);
/* Reverse lookup; -1 when unknown. */
int smmu_cmd_from_name(const char *name);

#endif

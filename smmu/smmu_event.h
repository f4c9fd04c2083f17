/* SPDX-License-Identifier: MIT */
/*
 * Event records.  IHI 0070 §7.3 "Event records": 32 bytes, four dwords.
 * One X-macro list holds each event's name and type code, so the enum, the
 * names printed in traces and the parser's list of fault names cannot drift.
 */
#ifndef SMMUITS_SMMU_EVENT_H
#define SMMUITS_SMMU_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/bitfield.h"

/* name, type code (§7.3 table "Event record types") */
#define SMMU_EVENT_LIST(X)                 \
	X(F_UUT,              0x01)        \
	X(C_BAD_STREAMID,     0x02)        \
	X(F_STE_FETCH,        0x03)        \
	X(C_BAD_STE,          0x04)        \
	X(F_BAD_ATS_TREQ,     0x05)        \
	X(F_STREAM_DISABLED,  0x06)        \
	X(F_TRANSL_FORBIDDEN, 0x07)        \
	X(C_BAD_SUBSTREAMID,  0x08)        \
	X(F_CD_FETCH,         0x09)        \
	X(C_BAD_CD,           0x0A)        \
	X(F_WALK_EABT,        0x0B)        \
	X(F_TRANSLATION,      0x10)        \
	X(F_ADDR_SIZE,        0x11)        \
	X(F_ACCESS,           0x12)        \
	X(F_PERMISSION,       0x13)        \
	X(F_TLB_CONFLICT,     0x20)        \
	X(F_CFG_CONFLICT,     0x21)        \
	X(E_PAGE_REQUEST,     0x24)        \
	X(F_VMS_FETCH,        0x25)

enum smmu_event_type {
#define X(name, code) SMMU_EVT_##name = code,
	SMMU_EVENT_LIST(X)
#undef X
};

#define EVT_SIZE        32u
#define EVT_DWORDS      4u

#define EVT_0_TYPE      GENMASK64(7, 0)
#define EVT_0_SSV       BIT64(11)
#define EVT_0_SSID      GENMASK64(31, 12)
#define EVT_0_SID       GENMASK64(63, 32)
#define EVT_1_STAG      GENMASK64(15, 0)
#define EVT_1_STALL     BIT64(31)
#define EVT_1_PNU       BIT64(33)
#define EVT_1_IND       BIT64(34)
#define EVT_1_RNW       BIT64(35)
#define EVT_1_S2        BIT64(39)
#define EVT_1_CLASS     GENMASK64(41, 40)
#define   EVT_CLASS_CD     0u
#define   EVT_CLASS_TTD    1u
#define   EVT_CLASS_IN     2u
#define EVT_2_INPUTADDR GENMASK64(63, 0)
#define EVT_3_FETCHADDR GENMASK64(55, 3)  /* F_STE_FETCH, F_CD_FETCH, F_WALK_EABT */
#define EVT_1_TTRNW     BIT64(44)          /* F_PERMISSION, CLASS=TT: 1 read, 0 write */
#define EVT_3_IPA       GENMASK64(55, 12)  /* stage-2 faults: IPA[55:12] */

/* An event before it is encoded into its record. */
struct smmu_event {
	enum smmu_event_type type;
	uint32_t sid;
	bool ssv;
	uint32_t ssid;
	bool rnw, pnu, ind, s2, ttrnw;
	unsigned class_;
	uint64_t input_addr;
	uint64_t addr3;   /* FetchAddr or IPA, already in place (bit positions kept) */
};

/* "C_BAD_STE" for SMMU_EVT_C_BAD_STE; NULL for codes not in the list. */
const char *smmu_event_name(unsigned type);
/* Reverse lookup; -1 when unknown. */
int smmu_event_from_name(const char *name);
/* NULL-terminated list of every name, for the trace parser. */
const char *const *smmu_event_names(void);

void smmu_event_encode(const struct smmu_event *ev, uint64_t rec[EVT_DWORDS]);
void smmu_event_decode(const uint64_t rec[EVT_DWORDS], struct smmu_event *ev);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * ITS commands: IHI 0069 §5.3 "ITS commands".  32 bytes, four dwords,
 * opcode in dword 0 [7:0].  One X-macro list: name, opcode, handler.
 */
#ifndef SMMUITS_ITS_CMD_H
#define SMMUITS_ITS_CMD_H

#include "model/bitfield.h"

#define ITS_CMD_LIST(X)                         \
	X(MOVI,    0x01, its_cmd_movi)          \
	X(INT,     0x03, its_cmd_int)           \
	X(CLEAR,   0x04, its_cmd_clear)         \
	X(SYNC,    0x05, its_cmd_sync)          \
	X(MAPD,    0x08, its_cmd_mapd)          \
	X(MAPC,    0x09, its_cmd_mapc)          \
	X(MAPTI,   0x0A, its_cmd_mapti)         \
	X(MAPI,    0x0B, its_cmd_mapi)          \
	X(INV,     0x0C, its_cmd_inv)           \
	X(INVALL,  0x0D, its_cmd_invall)        \
	X(MOVALL,  0x0E, its_cmd_movall)        \
	X(DISCARD, 0x0F, its_cmd_discard)

enum its_cmd_opcode {
#define X(name, op, fn) ITS_CMD_##name = op,
	ITS_CMD_LIST(X)
#undef X
};

#define ITS_CMD_SIZE         32u
#define ITS_CMD_DWORDS       4u

#define ITS_CMD_0_OP         GENMASK64(7, 0)
#define ITS_CMD_0_DEVICEID   GENMASK64(63, 32)
#define ITS_CMD_1_EVENTID    GENMASK64(31, 0)
#define ITS_CMD_1_PINTID     GENMASK64(63, 32)   /* MAPTI */
#define ITS_CMD_1_SIZE       GENMASK64(4, 0)     /* MAPD: EventID bits - 1 */
#define ITS_CMD_2_ICID       GENMASK64(15, 0)    /* MAPTI, MAPI, MOVI, MAPC, INVALL */
#define ITS_CMD_2_ITT_ADDR   GENMASK64(51, 8)    /* MAPD: 256-byte aligned */
#define ITS_CMD_2_RDBASE     GENMASK64(51, 16)   /* MAPC, SYNC, MOVALL: PTA=0 -> processor number */
#define ITS_CMD_2_V          BIT64(63)           /* MAPD, MAPC */
#define ITS_CMD_3_RDBASE2    GENMASK64(51, 16)   /* MOVALL */

const char *its_cmd_name(unsigned opcode);
int its_cmd_from_name(const char *name);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Shared setup for the SMMU unit tests.  The model is a black box: a test
 * builds RAM and an SMMU on a bus, programs it only through its registers
 * (bus_read/bus_write at SMMU_BASE) and through tables and queue entries
 * it writes into RAM, and observes it only through smmu_translate results,
 * register reads and memory (event records, MSI targets).
 *
 * Layout (all in RAM, which starts at RAM_BASE):
 *   FX_STRTAB  stream table (linear, or the level-1 table)
 *   FX_L2      level-2 stream tables
 *   FX_CMDQ    command queue
 *   FX_EVTQ    event queue
 *   FX_MSI     MSI targets (CMD_SYNC, GERROR, EVENTQ)
 *   FX_S2TTB   a stage-2 table base used by legal stage-2 STEs
 * FX_UNMAPPED decodes to nothing on the bus.
 */
#ifndef SMMUITS_TESTS_SMMU_FIXTURE_H
#define SMMUITS_TESTS_SMMU_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/bus.h"
#include "model/mem.h"
#include "smmu/smmu.h"
#include "smmu/smmu_cmd.h"
#include "smmu/smmu_event.h"
#include "smmu/smmu_regs.h"
#include "smmu/smmu_ste.h"

#define SMMU_BASE     UINT64_C(0x09050000)
#define RAM_BASE      UINT64_C(0x40000000)
#define RAM_SIZE      UINT64_C(0x40000000)

#define FX_STRTAB     (RAM_BASE + 0x100000)
#define FX_L2         (RAM_BASE + 0x200000)
#define FX_CMDQ       (RAM_BASE + 0x300000)
#define FX_EVTQ       (RAM_BASE + 0x400000)
#define FX_MSI        (RAM_BASE + 0x500000)
#define FX_S2TTB      (RAM_BASE + 0x600000)
#define FX_UNMAPPED   UINT64_C(0x00010000)

/* Sizes the standard setup uses: 256 STEs, 16 commands, 16 event records. */
#define FX_STRTAB_LOG2 8u
#define FX_CMDQ_LOG2   4u
#define FX_EVTQ_LOG2   4u

struct smmu_fx {
	struct mem *mem;
	struct bus *bus;
	struct smmu *smmu;
	struct sm_log log;
	unsigned warnings;        /* SM_LOG_WARN messages seen */
	unsigned errors;          /* SM_LOG_ERR messages seen */
	char last_warning[256];
	/* Software's view of the queues, as a driver keeps it. */
	unsigned cmdq_log2, evtq_log2;
	uint32_t cmdq_prod;       /* WR with wrap bit */
	uint64_t now;             /* transactions run one after another from here */
};

static inline void fx_log_sink(void *opaque, enum sm_log_level level, const char *component,
			       const char *msg)
{
	struct smmu_fx *fx = opaque;

	(void)component;
	if (level == SM_LOG_WARN) {
		fx->warnings++;
		snprintf(fx->last_warning, sizeof(fx->last_warning), "%s", msg);
	} else if (level == SM_LOG_ERR) {
		fx->errors++;
	}
}

/* A fresh bus + RAM + SMMU; cfg NULL for the default configuration. */
static inline struct smmu_fx *fx_create(const struct smmu_config *cfg)
{
	struct smmu_fx *fx = calloc(1, sizeof(*fx));
	struct sm_err err = { 0 };

	assert_non_null(fx);
	fx->log = (struct sm_log){ .fn = fx_log_sink, .opaque = fx, .level = SM_LOG_DEBUG };
	fx->mem = mem_create(MEM_DEFAULT_CAP);
	assert_non_null(fx->mem);
	fx->bus = bus_create(fx->mem, NULL, &fx->log);
	assert_non_null(fx->bus);
	assert_int_equal(bus_add_ram(fx->bus, "ram", RAM_BASE, RAM_SIZE, &err), SM_OK);
	fx->smmu = smmu_create(cfg, fx->bus, NULL, &fx->log, &err);
	if (!fx->smmu)
		fail_msg("smmu_create: %s", err.msg);
	assert_int_equal(bus_add_mmio(fx->bus, "smmu", SMMU_BASE, SMMU_REG_WINDOW, &smmu_mmio_ops,
				      fx->smmu, &err), SM_OK);
	return fx;
}

static inline void fx_destroy(struct smmu_fx *fx)
{
	if (!fx)
		return;
	smmu_destroy(fx->smmu);
	bus_destroy(fx->bus);
	mem_destroy(fx->mem);
	free(fx);
}

static inline struct smmu_config fx_default_config(void)
{
	struct smmu_config c;

	smmu_config_default(&c);
	return c;
}

/* ---- registers ---- */

static inline uint32_t fx_r32(struct smmu_fx *fx, uint64_t off)
{
	uint64_t v = 0;

	assert_int_equal(bus_read(fx->bus, SMMU_BASE + off, 4, &v, NULL), SM_OK);
	return (uint32_t)v;
}

static inline void fx_w32(struct smmu_fx *fx, uint64_t off, uint64_t v)
{
	assert_int_equal(bus_write(fx->bus, SMMU_BASE + off, 4, (uint32_t)v, NULL), SM_OK);
}

static inline uint64_t fx_r64(struct smmu_fx *fx, uint64_t off)
{
	uint64_t v = 0;

	assert_int_equal(bus_read(fx->bus, SMMU_BASE + off, 8, &v, NULL), SM_OK);
	return v;
}

static inline void fx_w64(struct smmu_fx *fx, uint64_t off, uint64_t v)
{
	assert_int_equal(bus_write(fx->bus, SMMU_BASE + off, 8, v, NULL), SM_OK);
}

/* Write CR0 and check the SMMU acknowledged it (§6.3.9: CR0ACK follows CR0). */
static inline void fx_cr0(struct smmu_fx *fx, uint64_t bits)
{
	fx_w32(fx, SMMU_CR0, bits);
	assert_int_equal(fx_r32(fx, SMMU_CR0ACK), bits);
}

/* ---- RAM ---- */

static inline void fx_write_dwords(struct smmu_fx *fx, uint64_t pa, const uint64_t *dw, unsigned n)
{
	uint8_t buf[64];

	assert_true(n * 8 <= sizeof(buf));
	for (unsigned i = 0; i < n; i++)
		mem_le_put(&buf[i * 8], 8, dw[i]);
	assert_int_equal(bus_write_block(fx->bus, pa, buf, n * 8, NULL), SM_OK);
}

static inline void fx_read_dwords(struct smmu_fx *fx, uint64_t pa, uint64_t *dw, unsigned n)
{
	uint8_t buf[64];

	assert_true(n * 8 <= sizeof(buf));
	assert_int_equal(bus_read_block(fx->bus, pa, buf, n * 8, NULL), SM_OK);
	for (unsigned i = 0; i < n; i++)
		dw[i] = mem_le_get(&buf[i * 8], 8);
}

static inline uint32_t fx_ram32(struct smmu_fx *fx, uint64_t pa)
{
	uint64_t v = 0;

	assert_int_equal(bus_read(fx->bus, pa, 4, &v, NULL), SM_OK);
	return (uint32_t)v;
}

static inline void fx_ram_w32(struct smmu_fx *fx, uint64_t pa, uint32_t v)
{
	assert_int_equal(bus_write(fx->bus, pa, 4, v, NULL), SM_OK);
}

/* ---- stream table ---- */

/* STE number idx of the table at base. */
static inline void fx_write_ste(struct smmu_fx *fx, uint64_t base, uint32_t idx,
				const uint64_t ste[STE_DWORDS])
{
	fx_write_dwords(fx, base + (uint64_t)idx * STE_SIZE, ste, STE_DWORDS);
}

static inline void fx_write_l1std(struct smmu_fx *fx, uint64_t l1base, uint32_t idx,
				  unsigned span, uint64_t l2ptr)
{
	uint64_t d = FIELD_PREP(L1STD_0_SPAN, span) | FIELD_ADDR(L1STD_0_L2PTR, l2ptr);

	fx_write_dwords(fx, l1base + (uint64_t)idx * L1STD_SIZE, &d, 1);
}

static inline void fx_strtab_linear(struct smmu_fx *fx, uint64_t base, unsigned log2size)
{
	fx_w64(fx, SMMU_STRTAB_BASE, FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, base));
	fx_w32(fx, SMMU_STRTAB_BASE_CFG,
	       FIELD_PREP(SMMU_STRTAB_BASE_CFG_FMT, SMMU_STRTAB_FMT_LINEAR) |
	       FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, log2size));
}

static inline void fx_strtab_2lvl(struct smmu_fx *fx, uint64_t base, unsigned log2size,
				  unsigned split)
{
	fx_w64(fx, SMMU_STRTAB_BASE, FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, base));
	fx_w32(fx, SMMU_STRTAB_BASE_CFG,
	       FIELD_PREP(SMMU_STRTAB_BASE_CFG_FMT, SMMU_STRTAB_FMT_2LVL) |
	       FIELD_PREP(SMMU_STRTAB_BASE_CFG_SPLIT, split) |
	       FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, log2size));
}

/* STE builders: raw dwords, everything else zero. */
static inline void fx_ste_clear(uint64_t ste[STE_DWORDS])
{
	memset(ste, 0, STE_DWORDS * sizeof(ste[0]));
}

static inline void fx_ste_config(uint64_t ste[STE_DWORDS], unsigned config)
{
	fx_ste_clear(ste);
	ste[0] = FIELD_PREP(STE_0_V, 1) | FIELD_PREP(STE_0_CONFIG, config);
}

static inline void fx_ste_bypass(uint64_t ste[STE_DWORDS])
{
	fx_ste_config(ste, STE_CONFIG_BYPASS);
}

/*
 * A legal stage-2 STE for the default SMMU (OAS 48, 4K granule):
 * S2T0SZ=25 (39-bit IPA) starting at level 1 (S2SL0=1) resolves
 * 39 - (12 + 2*9) = 9 bits at the first level: one table, consistent
 * (IHI 0070 §5.2 S2SL0, Arm ARM VTCR_EL2).
 */
static inline void fx_ste_s2(uint64_t ste[STE_DWORDS])
{
	fx_ste_config(ste, STE_CONFIG_S2_TRANS);
	ste[2] = FIELD_PREP(STE_2_S2VMID, 1) | FIELD_PREP(STE_2_S2T0SZ, 25) |
		 FIELD_PREP(STE_2_S2SL0, 1) | FIELD_PREP(STE_2_S2TG, STE_S2TG_4K) |
		 FIELD_PREP(STE_2_S2PS, 5) | FIELD_PREP(STE_2_S2AA64, 1) |
		 FIELD_PREP(STE_2_S2R, 1);
	ste[3] = FIELD_ADDR(STE_3_S2TTB, FX_S2TTB);
}

/* A stage-1 STE with a context-descriptor table at FX_S2TTB (never walked: S1 is unmodelled). */
static inline void fx_ste_s1(uint64_t ste[STE_DWORDS], unsigned s1cdmax, unsigned s1dss)
{
	fx_ste_config(ste, STE_CONFIG_S1_TRANS);
	ste[0] |= FIELD_ADDR(STE_0_S1CONTEXTPTR, FX_S2TTB) | FIELD_PREP(STE_0_S1CDMAX, s1cdmax);
	ste[1] = FIELD_PREP(STE_1_S1DSS, s1dss);
}

/* ---- queues ---- */

static inline void fx_cmdq_init(struct smmu_fx *fx, uint64_t base, unsigned log2)
{
	fx->cmdq_log2 = log2;
	fx->cmdq_prod = 0;
	fx_w64(fx, SMMU_CMDQ_BASE, FIELD_ADDR(SMMU_Q_BASE_ADDR, base) |
				   FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, log2));
	fx_w32(fx, SMMU_CMDQ_PROD, 0);
	fx_w32(fx, SMMU_CMDQ_CONS, 0);
}

static inline void fx_evtq_init(struct smmu_fx *fx, uint64_t base, unsigned log2)
{
	fx->evtq_log2 = log2;
	fx_w64(fx, SMMU_EVENTQ_BASE, FIELD_ADDR(SMMU_Q_BASE_ADDR, base) |
				     FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, log2));
	fx_w32(fx, SMMU_EVENTQ_PROD, 0);
	fx_w32(fx, SMMU_EVENTQ_CONS, 0);
}

/* Index (without wrap bit) and pointer (with wrap bit) of a PROD/CONS value. */
static inline uint32_t fx_q_idx(uint32_t v, unsigned log2)
{
	return v & (uint32_t)((UINT64_C(1) << log2) - 1);
}

static inline uint32_t fx_q_ptr(uint32_t v, unsigned log2)
{
	return v & (uint32_t)((UINT64_C(2) << log2) - 1);
}

static inline uint32_t fx_q_inc(uint32_t v, unsigned log2)
{
	return fx_q_ptr(v + 1, log2);
}

/* Put one command at the software PROD position without publishing it. */
static inline void fx_cmd_put(struct smmu_fx *fx, const uint64_t cmd[CMD_DWORDS])
{
	fx_write_dwords(fx, FX_CMDQ + (uint64_t)fx_q_idx(fx->cmdq_prod, fx->cmdq_log2) * CMD_SIZE,
			cmd, CMD_DWORDS);
	fx->cmdq_prod = fx_q_inc(fx->cmdq_prod, fx->cmdq_log2);
}

static inline void fx_cmd_publish(struct smmu_fx *fx)
{
	fx_w32(fx, SMMU_CMDQ_PROD, fx->cmdq_prod);
}

/* Issue one command: write it at CMDQ_BASE + idx*16, then move CMDQ_PROD. */
static inline void fx_cmd(struct smmu_fx *fx, const uint64_t cmd[CMD_DWORDS])
{
	fx_cmd_put(fx, cmd);
	fx_cmd_publish(fx);
}

static inline void fx_cmd_op(uint64_t cmd[CMD_DWORDS], unsigned op)
{
	cmd[0] = FIELD_PREP(CMD_0_OP, op);
	cmd[1] = 0;
}

static inline void fx_cmd_cfgi_ste(struct smmu_fx *fx, uint32_t sid)
{
	uint64_t c[CMD_DWORDS] = { FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_STE) |
				   FIELD_PREP(CMD_0_SID, sid),
				   FIELD_PREP(CMD_1_LEAF, 1) };
	fx_cmd(fx, c);
}

static inline void fx_cmd_cfgi_range(struct smmu_fx *fx, uint32_t sid, unsigned range)
{
	uint64_t c[CMD_DWORDS] = { FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_STE_RANGE) |
				   FIELD_PREP(CMD_0_SID, sid),
				   FIELD_PREP(CMD_1_RANGE, range) };
	fx_cmd(fx, c);
}

static inline void fx_cmd_sync_msi(uint64_t cmd[CMD_DWORDS], uint64_t addr, uint32_t data)
{
	cmd[0] = FIELD_PREP(CMD_0_OP, SMMU_CMD_SYNC) |
		 FIELD_PREP(CMD_SYNC_0_CS, CMD_SYNC_CS_IRQ) |
		 FIELD_PREP(CMD_SYNC_0_MSIDATA, data);
	cmd[1] = FIELD_ADDR(CMD_SYNC_1_MSIADDR, addr);
}

/* The command queue has consumed everything published, with no error active. */
static inline void fx_cmdq_assert_drained(struct smmu_fx *fx)
{
	assert_int_equal(FIELD_GET(SMMU_Q_IDX, fx_r32(fx, SMMU_CMDQ_CONS)), fx->cmdq_prod);
	assert_int_equal((fx_r32(fx, SMMU_GERROR) ^ fx_r32(fx, SMMU_GERRORN)) &
			 SMMU_GERROR_CMDQ_ERR, 0);
}

/*
 * Pop one event record as a driver would: empty when PROD.WR == CONS.RD;
 * else read EVENTQ_BASE + idx*32 and move CONS.RD on, keeping OVACKFLG.
 */
static inline bool fx_evt_pop(struct smmu_fx *fx, uint64_t rec[EVT_DWORDS])
{
	uint32_t prod = fx_r32(fx, SMMU_EVENTQ_PROD);
	uint32_t cons = fx_r32(fx, SMMU_EVENTQ_CONS);
	unsigned l = fx->evtq_log2;

	if (fx_q_ptr(prod, l) == fx_q_ptr(cons, l))
		return false;
	fx_read_dwords(fx, FX_EVTQ + (uint64_t)fx_q_idx(cons, l) * EVT_SIZE, rec, EVT_DWORDS);
	fx_w32(fx, SMMU_EVENTQ_CONS, (cons & SMMU_EVENTQ_CONS_OVACKFLG) | fx_q_inc(cons, l));
	return true;
}

static inline void fx_assert_no_event(struct smmu_fx *fx)
{
	uint64_t rec[EVT_DWORDS];

	assert_false(fx_evt_pop(fx, rec));
}

/* Pop one record and check its type and StreamID. */
static inline void fx_pop_expect(struct smmu_fx *fx, unsigned type, uint32_t sid,
				 uint64_t rec[EVT_DWORDS])
{
	if (!fx_evt_pop(fx, rec))
		fail_msg("expected event %s for SID 0x%x, queue empty", smmu_event_name(type), sid);
	unsigned got = (unsigned)FIELD_GET(EVT_0_TYPE, rec[0]);
	if (got != type)
		fail_msg("event type 0x%02x (%s), expected 0x%02x (%s)", got,
			 smmu_event_name(got) ? smmu_event_name(got) : "?", type,
			 smmu_event_name(type) ? smmu_event_name(type) : "?");
	assert_int_equal(FIELD_GET(EVT_0_SID, rec[0]), sid);
}

/*
 * The standard enabled SMMU: linear stream table of 2^FX_STRTAB_LOG2 STEs
 * at FX_STRTAB, command and event queues, SMMUEN|EVENTQEN|CMDQEN,
 * CR2.RECINVSID=1 so invalid StreamIDs are recorded.
 */
static inline void fx_enable_default(struct smmu_fx *fx)
{
	fx_strtab_linear(fx, FX_STRTAB, FX_STRTAB_LOG2);
	fx_cmdq_init(fx, FX_CMDQ, FX_CMDQ_LOG2);
	fx_evtq_init(fx, FX_EVTQ, FX_EVTQ_LOG2);
	fx_w32(fx, SMMU_CR2, SMMU_CR2_RECINVSID);
	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN);
}

/* ---- transactions ---- */

static inline void fx_txn(struct smmu_fx *fx, uint32_t sid, bool ssv, uint32_t ssid,
			  uint64_t iova, struct smmu_result *r)
{
	struct smmu_txn t = { .sid = sid, .ssv = ssv, .ssid = ssid, .iova = iova, .size = 4,
			      .issue = fx->now };

	smmu_translate(fx->smmu, &t, r);
	fx->now += r->cycles;
}

/*
 * A legal STE whose translation went on to the CD or the tables.  With the
 * zeroed or absent memory these tests point at, that ends in an event about
 * those structures (C_BAD_CD for CD.V=0, C_BAD_SUBSTREAMID for L1CD.V=0,
 * F_CD_FETCH / F_WALK_EABT for memory that is not there, F_TRANSLATION for
 * an empty table), never C_BAD_STE and never a guess.  Events are drained.
 */
static inline void fx_assert_reached_tables(struct smmu_fx *fx, const struct smmu_result *r)
{
	uint64_t rec[EVT_DWORDS];
	unsigned t = r->event.type;

	if (r->verdict == SMMU_UNSUPPORTED || r->verdict == SMMU_BYPASS ||
	    (r->verdict == SMMU_FAULT && t != SMMU_EVT_C_BAD_CD && t != SMMU_EVT_F_TRANSLATION &&
	     t != SMMU_EVT_C_BAD_SUBSTREAMID && t != SMMU_EVT_F_CD_FETCH &&
	     t != SMMU_EVT_F_WALK_EABT))
		fail_msg("verdict %s event %u: expected the walk to reach the CD or the tables (%s)",
			 smmu_verdict_name(r->verdict), (unsigned)r->event.type, r->rule ? r->rule : "-");
	while (fx_evt_pop(fx, rec))
		;
}

static inline void fx_assert_verdict(const struct smmu_result *r, enum smmu_verdict v)
{
	if (r->verdict != v)
		fail_msg("verdict %s, expected %s (rule: %s)", smmu_verdict_name(r->verdict),
			 smmu_verdict_name(v), r->rule ? r->rule : "-");
}

/* cmocka setup/teardown: a default SMMU, not yet programmed. */
static inline int fx_setup(void **state)
{
	*state = fx_create(NULL);
	return 0;
}

/* cmocka setup: the default SMMU, enabled with fx_enable_default. */
static inline int fx_setup_enabled(void **state)
{
	struct smmu_fx *fx = fx_create(NULL);

	fx_enable_default(fx);
	*state = fx;
	return 0;
}

static inline int fx_teardown(void **state)
{
	fx_destroy(*state);
	return 0;
}

/* ---- stage 1 / stage 2 translation helpers (CD, page tables, TLBI) ---- */

#include "smmu/smmu_cd.h"
#include "smmu/smmu_pte.h"

#define FX_CD         (RAM_BASE + 0x700000)   /* context descriptors / L1CD tables */
#define FX_PT         (RAM_BASE + 0x1000000)  /* page-table pool (fx_pt_alloc) */
#define FX_DATA       (RAM_BASE + 0x10000000) /* output pages the tests map to */

static inline void fx_ram_w64(struct smmu_fx *fx, uint64_t pa, uint64_t v)
{
	fx_write_dwords(fx, pa, &v, 1);
}

static inline uint64_t fx_ram64(struct smmu_fx *fx, uint64_t pa)
{
	uint64_t v;

	fx_read_dwords(fx, pa, &v, 1);
	return v;
}

/* A bump allocator of granule-aligned, zeroed tables starting at FX_PT. */
struct fx_pt {
	struct smmu_fx *fx;
	uint64_t next;
};

static inline uint64_t fx_pt_alloc(struct fx_pt *pt, uint64_t size)
{
	uint64_t a = (pt->next + size - 1) & ~(size - 1);

	pt->next = a + size;
	return a;
}

/* Leaf and table descriptors built only from the PTE_* declarations. */
static inline uint64_t fx_pte_table(uint64_t next)
{
	return PTE_VALID | FIELD_PREP(PTE_TYPE, PTE_TYPE_TABLE) | FIELD_ADDR(PTE_TABLE_ADDR, next);
}

/* Stage-1 page, AF=1, AP as given (PTE_AP_*). */
static inline uint64_t fx_pte_s1_page(uint64_t oa, unsigned ap)
{
	return PTE_VALID | FIELD_PREP(PTE_TYPE, PTE_TYPE_PAGE) | FIELD_ADDR(PTE_OA, oa) |
	       FIELD_PREP(PTE_S1_AP, ap) | PTE_AF;
}

static inline uint64_t fx_pte_s1_block(uint64_t oa, unsigned ap)
{
	return PTE_VALID | FIELD_PREP(PTE_TYPE, PTE_TYPE_BLOCK) | FIELD_ADDR(PTE_OA, oa) |
	       FIELD_PREP(PTE_S1_AP, ap) | PTE_AF;
}

/* Stage-2 page, AF=1, S2AP as given (PTE_S2AP_* bits). */
static inline uint64_t fx_pte_s2_page(uint64_t oa, unsigned s2ap)
{
	return PTE_VALID | FIELD_PREP(PTE_TYPE, PTE_TYPE_PAGE) | FIELD_ADDR(PTE_OA, oa) |
	       FIELD_PREP(PTE_S2_AP, s2ap) | PTE_AF;
}

/*
 * Put leaf descriptor `leaf` for input address ia at level leaf_level of the
 * tables rooted at ttb (granule 1 << pgshift, ias input bits, walk starting
 * at start_level), creating missing tables from pt.  The start level indexes
 * ias - shift bits (concatenated tables for stage 2).  Returns the address of
 * the leaf descriptor.
 */
static inline uint64_t fx_pt_map(struct fx_pt *pt, uint64_t ttb, unsigned pgshift, int start_level,
				 unsigned ias, uint64_t ia, int leaf_level, uint64_t leaf)
{
	uint64_t table = ttb;

	for (int level = start_level;; level++) {
		unsigned shift = pte_level_shift(pgshift, level);
		unsigned bits = level == start_level ? ias - shift : pte_stride(pgshift);
		uint64_t addr = table + ((ia >> shift) & ((UINT64_C(1) << bits) - 1)) * PTE_SIZE;
		uint64_t d;

		if (level == leaf_level) {
			fx_ram_w64(pt->fx, addr, leaf);
			return addr;
		}
		d = fx_ram64(pt->fx, addr);
		if (!(d & PTE_VALID)) {
			d = fx_pte_table(fx_pt_alloc(pt, UINT64_C(1) << pgshift));
			fx_ram_w64(pt->fx, addr, d);
		}
		table = FIELD_ADDR(PTE_TABLE_ADDR, d) & ~((UINT64_C(1) << pgshift) - 1);
	}
}

/* CD.TG0 encoding of a page shift. */
static inline unsigned fx_tg0(unsigned pgshift)
{
	return pgshift == 12 ? CD_TG0_4K : pgshift == 14 ? CD_TG0_16K : CD_TG0_64K;
}

static inline unsigned fx_tg1(unsigned pgshift)
{
	return pgshift == 12 ? CD_TG1_4K : pgshift == 14 ? CD_TG1_16K : CD_TG1_64K;
}

/*
 * A legal VMSAv8-64 CD: TTB0 range enabled (granule, T0SZ, TTB0), TTB1
 * disabled (EPD1=1), IPS=48 bits, A=1 R=1 (abort and record), ASID.
 */
static inline void fx_cd_s1(uint64_t cd[CD_DWORDS], unsigned pgshift, unsigned t0sz, uint64_t ttb0,
			    uint16_t asid)
{
	memset(cd, 0, CD_DWORDS * sizeof(cd[0]));
	cd[0] = FIELD_PREP(CD_0_V, 1) | FIELD_PREP(CD_0_AA64, 1) | FIELD_PREP(CD_0_A, 1) |
		FIELD_PREP(CD_0_R, 1) | FIELD_PREP(CD_0_EPD1, 1) | FIELD_PREP(CD_0_IPS, 5) |
		FIELD_PREP(CD_0_TG0, fx_tg0(pgshift)) | FIELD_PREP(CD_0_T0SZ, t0sz) |
		FIELD_PREP(CD_0_ASID, asid);
	cd[1] = FIELD_ADDR(CD_1_TTB0, ttb0);
}

static inline void fx_write_cd(struct smmu_fx *fx, uint64_t pa, const uint64_t cd[CD_DWORDS])
{
	fx_write_dwords(fx, pa, cd, CD_DWORDS);
}

/* A stage-1-only STE (Config=0b101) whose single CD (S1CDMax=0) is at cdptr. */
static inline void fx_ste_s1_cd(uint64_t ste[STE_DWORDS], uint64_t cdptr)
{
	fx_ste_config(ste, STE_CONFIG_S1_TRANS);
	ste[0] |= FIELD_ADDR(STE_0_S1CONTEXTPTR, cdptr);
}

/* A transaction with every attribute spelled out. */
static inline void fx_txn_attr(struct smmu_fx *fx, uint32_t sid, bool ssv, uint32_t ssid,
			       uint64_t iova, bool write, bool priv, bool exec, struct smmu_result *r)
{
	struct smmu_txn t = { .sid = sid, .ssv = ssv, .ssid = ssid, .iova = iova, .size = 4,
			      .write = write, .priv = priv, .exec = exec, .issue = fx->now };

	smmu_translate(fx->smmu, &t, r);
	fx->now += r->cycles;
}

/* Translate a read and expect it performed at pa. */
static inline void fx_expect_pa(struct smmu_fx *fx, uint32_t sid, bool ssv, uint32_t ssid,
				uint64_t iova, uint64_t pa)
{
	struct smmu_result r;

	fx_txn(fx, sid, ssv, ssid, iova, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	if (r.pa != pa)
		fail_msg("iova 0x%llx -> pa 0x%llx, expected 0x%llx", (unsigned long long)iova,
			 (unsigned long long)r.pa, (unsigned long long)pa);
}

/* Issue CMD_CFGI_CD / CMD_CFGI_CD_ALL. */
static inline void fx_cmd_cfgi_cd(struct smmu_fx *fx, uint32_t sid, uint32_t ssid, bool leaf)
{
	uint64_t c[CMD_DWORDS] = { FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_CD) | FIELD_PREP(CMD_0_SID, sid) |
				   FIELD_PREP(CMD_0_SSID, ssid),
				   FIELD_PREP(CMD_1_LEAF, leaf) };
	fx_cmd(fx, c);
}

static inline void fx_cmd_cfgi_cd_all(struct smmu_fx *fx, uint32_t sid)
{
	uint64_t c[CMD_DWORDS] = { FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_CD_ALL) |
				   FIELD_PREP(CMD_0_SID, sid), 0 };
	fx_cmd(fx, c);
}

/* The CERROR code in CMDQ_CONS.ERR (0 when no error). */
static inline unsigned fx_cmdq_cerror(struct smmu_fx *fx)
{
	return (unsigned)FIELD_GET(SMMU_CMDQ_CONS_ERR, fx_r32(fx, SMMU_CMDQ_CONS));
}

#endif

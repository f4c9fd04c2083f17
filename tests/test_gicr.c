/* SPDX-License-Identifier: MIT */
/*
 * Redistributors, LPIs only: the RD_base registers, the LPI configuration
 * table read through the configuration cache, the pending table in memory,
 * and acknowledge order.  IHI 0069 §5.1 "LPIs", §12.10/§12.11 registers.
 *
 * Software's side is MMIO (bus_write/bus_read at GICR_BASE + cpu * 0x20000)
 * and memory (configuration bytes, pending-table bits).  The ITS's side is
 * gicr_lpi_set_pending, the CPU interface's is gicr_ack.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "its/gicr.h"
#include "its/its_regs.h"
#include "model/bus.h"
#include "model/mem.h"

#define GICR_BASE   UINT64_C(0x080A0000)
#define NCPUS       4u
#define RAM_BASE    UINT64_C(0x40000000)
#define RAM_SIZE    UINT64_C(0x10000000)
#define PROP        (RAM_BASE + 0x100000)                 /* LPI configuration table */
#define PEND(cpu)   (RAM_BASE + 0x200000 + 0x10000u * (cpu)) /* 64 KiB-aligned pending tables */
#define UNMAPPED    UINT64_C(0x00010000)

struct fx {
	struct mem *mem;
	struct bus *bus;
	struct gicr *g;
	struct sm_log log;
	unsigned warnings;
	char last_warning[256];
};

static void log_sink(void *opaque, enum sm_log_level level, const char *comp, const char *msg)
{
	struct fx *fx = opaque;

	(void)comp;
	if (level == SM_LOG_WARN) {
		fx->warnings++;
		snprintf(fx->last_warning, sizeof(fx->last_warning), "%s", msg);
	}
}

static struct fx *fx_create(const struct gicr_config *cfg)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct sm_err err = { 0 };

	assert_non_null(fx);
	fx->log = (struct sm_log){ .fn = log_sink, .opaque = fx, .level = SM_LOG_DEBUG };
	fx->mem = mem_create(MEM_DEFAULT_CAP);
	fx->bus = bus_create(fx->mem, NULL, &fx->log);
	assert_int_equal(bus_add_ram(fx->bus, "ram", RAM_BASE, RAM_SIZE, &err), SM_OK);
	fx->g = gicr_create(cfg, fx->bus, NULL, &fx->log, &err);
	if (!fx->g)
		fail_msg("gicr_create: %s", err.msg);
	assert_int_equal(bus_add_mmio(fx->bus, "gicr", GICR_BASE,
				      (uint64_t)gicr_ncpus(fx->g) * GICR_FRAME_SIZE, &gicr_mmio_ops,
				      fx->g, &err), SM_OK);
	return fx;
}

static void fx_destroy(struct fx *fx)
{
	gicr_destroy(fx->g);
	bus_destroy(fx->bus);
	mem_destroy(fx->mem);
	free(fx);
}

static int setup(void **state)
{
	*state = fx_create(NULL);
	return 0;
}

static int teardown(void **state)
{
	fx_destroy(*state);
	return 0;
}

static uint64_t rd(struct fx *fx, unsigned cpu, uint64_t off, unsigned size)
{
	uint64_t v = ~UINT64_C(0);

	assert_int_equal(bus_read(fx->bus, GICR_BASE + cpu * GICR_FRAME_SIZE + off, size, &v, NULL),
			 SM_OK);
	return v;
}

static void wr(struct fx *fx, unsigned cpu, uint64_t off, unsigned size, uint64_t v)
{
	assert_int_equal(bus_write(fx->bus, GICR_BASE + cpu * GICR_FRAME_SIZE + off, size, v, NULL),
			 SM_OK);
}

static uint8_t ram8(struct fx *fx, uint64_t pa)
{
	uint64_t v = 0;

	assert_int_equal(bus_read(fx->bus, pa, 1, &v, NULL), SM_OK);
	return (uint8_t)v;
}

static void ram_w8(struct fx *fx, uint64_t pa, uint8_t v)
{
	assert_int_equal(bus_write(fx->bus, pa, 1, v, NULL), SM_OK);
}

/* One LPI's configuration byte (§5.1.1): Priority [7:2], Enable [0]. */
static void lpi_cfg(struct fx *fx, uint32_t intid, unsigned prio, bool enable)
{
	ram_w8(fx, PROP + intid - LPI_INTID_BASE,
	       (uint8_t)(FIELD_PREP(LPI_PROP_PRIORITY, prio >> 2) | FIELD_PREP(LPI_PROP_ENABLE, enable)));
}

/* Pending-table bit of an LPI (§5.1.2): byte INTID / 8, bit INTID % 8. */
static bool pend_bit(struct fx *fx, unsigned cpu, uint32_t intid)
{
	return (ram8(fx, PEND(cpu) + intid / 8) >> (intid % 8)) & 1;
}

/* Program a CPU's tables (IDbits = idbits - 1) and enable LPIs. */
static void enable_lpis(struct fx *fx, unsigned cpu, unsigned idbits, bool ptz)
{
	wr(fx, cpu, GICR_PROPBASER, 8, FIELD_ADDR(GICR_PROPBASER_PHYSICAL_ADDRESS, PROP) |
	   FIELD_PREP(GICR_PROPBASER_IDBITS, idbits - 1));
	wr(fx, cpu, GICR_PENDBASER, 8, FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, PEND(cpu)) |
	   FIELD_PREP(GICR_PENDBASER_PTZ, ptz));
	wr(fx, cpu, GICR_CTLR, 4, GICR_CTLR_ENABLELPIS);
}

static const char *set_pending(struct fx *fx, unsigned cpu, uint32_t intid, bool *enabled)
{
	bool dummy;

	return gicr_lpi_set_pending(fx->g, cpu, intid, enabled ? enabled : &dummy, NULL);
}

static uint32_t ack(struct fx *fx, unsigned cpu)
{
	uint32_t intid = 0;

	assert_int_equal(gicr_ack(fx->g, cpu, &intid, NULL), SM_OK);
	return intid;
}

static void assert_nothing_to_ack(struct fx *fx, unsigned cpu)
{
	uint32_t intid;

	/* SM_ERANGE is the spurious INTID 1023 of ICC_IAR1_EL1. */
	assert_int_equal(gicr_ack(fx->g, cpu, &intid, NULL), SM_ERANGE);
}

/* ---- registers ---- */

static void test_gicr_typer_names_each_frame(void **state)
{
	struct fx *fx = *state;

	for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
		uint64_t t = rd(fx, cpu, GICR_TYPER, 8);

		assert_int_equal(FIELD_GET(GICR_TYPER_PLPIS, t), 1);
		assert_int_equal(FIELD_GET(GICR_TYPER_VLPIS, t), 0);
		assert_int_equal(FIELD_GET(GICR_TYPER_PROCESSOR_NUMBER, t), cpu);
		/* Last marks the final frame of the contiguous block (§12.11 GICR_TYPER). */
		assert_int_equal(FIELD_GET(GICR_TYPER_LAST, t), cpu == NCPUS - 1);
		/* Aff0 = cpu: the affinity field's low byte. */
		assert_int_equal(FIELD_GET(GICR_TYPER_AFFINITY, t), cpu);
		/* Either 32-bit half of the 64-bit register reads the same bits. */
		assert_int_equal(rd(fx, cpu, GICR_TYPER, 4), t & 0xffffffff);
		assert_int_equal(rd(fx, cpu, GICR_TYPER + 4, 4), t >> 32);
	}
	wr(fx, 0, GICR_TYPER, 8, 0);
	assert_int_equal(fx->warnings, 1);
	assert_int_equal(FIELD_GET(GICR_TYPER_PLPIS, rd(fx, 0, GICR_TYPER, 8)), 1);
}

static void test_gicr_id_registers(void **state)
{
	struct fx *fx = *state;

	/* PIDR2.ArchRev = 3: GICv3 (§12.11 GICR_PIDR2). */
	assert_int_equal(rd(fx, 2, GICR_PIDR2, 4), 0x30);
	assert_int_equal(rd(fx, 2, GICR_IIDR, 4), 0);
	wr(fx, 2, GICR_IIDR, 4, 0x1234);
	wr(fx, 2, GICR_PIDR2, 4, 0);
	assert_int_equal(fx->warnings, 2);
	assert_int_equal(rd(fx, 2, GICR_PIDR2, 4), 0x30);
}

static void test_gicr_ctlr_enable_lpis_and_rwp(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(rd(fx, 1, GICR_CTLR, 4), 0);
	wr(fx, 1, GICR_CTLR, 4, GICR_CTLR_ENABLELPIS | GICR_CTLR_RWP | GICR_CTLR_UWP);
	/* RWP and UWP read 0: every update has completed by the time the write returns. */
	assert_int_equal(rd(fx, 1, GICR_CTLR, 4), GICR_CTLR_ENABLELPIS);
	assert_int_equal(rd(fx, 0, GICR_CTLR, 4), 0);
	/* IMPDEF: EnableLPIs can be cleared again. */
	wr(fx, 1, GICR_CTLR, 4, 0);
	assert_int_equal(rd(fx, 1, GICR_CTLR, 4), 0);
}

static void test_gicr_waker_children_asleep_follows(void **state)
{
	struct fx *fx = *state;

	/* §12.11 GICR_WAKER: ProcessorSleep and ChildrenAsleep reset to 1 (0b110). */
	assert_int_equal(rd(fx, 0, GICR_WAKER, 4), 0x6);
	wr(fx, 0, GICR_WAKER, 4, 0);
	assert_int_equal(rd(fx, 0, GICR_WAKER, 4), 0);
	/* ChildrenAsleep is read-only: writing it alone changes nothing. */
	wr(fx, 0, GICR_WAKER, 4, GICR_WAKER_CHILDRENASLEEP);
	assert_int_equal(rd(fx, 0, GICR_WAKER, 4), 0);
	wr(fx, 0, GICR_WAKER, 4, GICR_WAKER_PROCESSORSLEEP);
	assert_int_equal(rd(fx, 0, GICR_WAKER, 4), 0x6);
	assert_int_equal(rd(fx, 3, GICR_WAKER, 4), 0x6);
}

static void test_gicr_bases_read_back_without_ptz(void **state)
{
	struct fx *fx = *state;
	uint64_t prop = FIELD_ADDR(GICR_PROPBASER_PHYSICAL_ADDRESS, PROP) |
			FIELD_PREP(GICR_PROPBASER_IDBITS, 15) |
			FIELD_PREP(GICR_PROPBASER_INNERCACHE, 7) |
			FIELD_PREP(GICR_PROPBASER_SHAREABILITY, 1);
	uint64_t pend = FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, PEND(0)) |
			FIELD_PREP(GICR_PENDBASER_OUTERCACHE, 1);

	wr(fx, 0, GICR_PROPBASER, 8, prop | GENMASK64(6, 5) /* RES0 */);
	assert_int_equal(rd(fx, 0, GICR_PROPBASER, 8), prop);
	/* PTZ is write-only; bits [15:12] are below the 64 KiB-aligned address: RES0. */
	wr(fx, 0, GICR_PENDBASER, 8, pend | GICR_PENDBASER_PTZ | GENMASK64(15, 12));
	assert_int_equal(rd(fx, 0, GICR_PENDBASER, 8), pend);
	/* 32-bit halves merge into the 64-bit register. */
	wr(fx, 1, GICR_PROPBASER, 4, prop & 0xffffffff);
	wr(fx, 1, GICR_PROPBASER + 4, 4, prop >> 32);
	assert_int_equal(rd(fx, 1, GICR_PROPBASER, 8), prop);
	assert_int_equal(rd(fx, 1, GICR_PROPBASER + 4, 4), prop >> 32);
	assert_int_equal(fx->warnings, 0);
}

static void test_gicr_bases_ignored_while_enable_lpis(void **state)
{
	struct fx *fx = *state;
	uint64_t prop, pend;

	enable_lpis(fx, 0, 16, true);
	prop = rd(fx, 0, GICR_PROPBASER, 8);
	pend = rd(fx, 0, GICR_PENDBASER, 8);
	/* §12.11: UNPREDICTABLE once EnableLPIs=1; the model ignores and logs them. */
	wr(fx, 0, GICR_PROPBASER, 8, 0);
	wr(fx, 0, GICR_PENDBASER + 4, 4, 0);
	assert_int_equal(rd(fx, 0, GICR_PROPBASER, 8), prop);
	assert_int_equal(rd(fx, 0, GICR_PENDBASER, 8), pend);
	assert_int_equal(fx->warnings, 2);
	assert_non_null(strstr(fx->last_warning, "GICR_PENDBASER"));
}

static void test_gicr_write_only_and_busy_registers_read_zero(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(rd(fx, 0, GICR_INVLPIR, 8), 0);
	assert_int_equal(rd(fx, 0, GICR_INVALLR, 8), 0);
	/* GICR_SYNCR.Busy=0: nothing is ever outstanding in this synchronous model. */
	wr(fx, 0, GICR_INVALLR, 8, 0);
	assert_int_equal(rd(fx, 0, GICR_SYNCR, 4), 0);
	assert_int_equal(fx->warnings, 0);
}

static void test_gicr_unknown_offsets_raz_wi_with_warning(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(rd(fx, 0, 0x0020, 4), 0);
	assert_int_equal(fx->warnings, 1);
	wr(fx, 0, 0x0020, 4, 1);
	assert_int_equal(fx->warnings, 2);
	/* The SGI_base frame (SGIs and PPIs) is not modelled. */
	assert_int_equal(rd(fx, 0, 0x10100, 4), 0);
	assert_non_null(strstr(fx->last_warning, "SGI_base"));
	/* A 64-bit access to a 32-bit register. */
	assert_int_equal(rd(fx, 0, GICR_CTLR, 8), 0);
	wr(fx, 0, GICR_WAKER - 4, 8, 0);
	assert_int_equal(fx->warnings, 5);
	assert_int_equal(rd(fx, 0, GICR_WAKER, 4), 0x6);
}

/* ---- LPI delivery ---- */

static void test_gicr_set_pending_refused_without_enable_lpis(void **state)
{
	struct fx *fx = *state;
	bool en = true;

	assert_string_equal(set_pending(fx, 0, 8192, &en), "EnableLPIs=0");
	assert_false(en);
	assert_false(gicr_lpi_is_pending(fx->g, 0, 8192));
	assert_string_equal(set_pending(fx, NCPUS, 8192, NULL), "no such CPU");
	assert_int_equal(gicr_get_stats(fx->g)->lpis_dropped, 2);
}

static void test_gicr_set_pending_intid_range(void **state)
{
	struct fx *fx = *state;

	/* PROPBASER.IDbits = 13: 14 INTID bits, LPIs 8192..16383. */
	enable_lpis(fx, 0, 14, true);
	assert_string_equal(set_pending(fx, 0, 8191, NULL), "INTID out of range");
	assert_null(set_pending(fx, 0, 8192, NULL));
	assert_null(set_pending(fx, 0, 16383, NULL));
	assert_string_equal(set_pending(fx, 0, 16384, NULL), "INTID out of range");

	/* IDbits = 31 is capped at the GIC's 16 bits: 65535 is the last LPI. */
	enable_lpis(fx, 1, 32, true);
	assert_null(set_pending(fx, 1, 65535, NULL));
	assert_string_equal(set_pending(fx, 1, 65536, NULL), "INTID out of range");
}

static void test_gicr_pending_table_bits_in_memory(void **state)
{
	struct fx *fx = *state;

	enable_lpis(fx, 2, 16, true);
	lpi_cfg(fx, 8200, 0xa0, true);
	assert_null(set_pending(fx, 2, 8200, NULL));
	/* INTID 8200 is byte 1025, bit 0 of the pending table. */
	assert_int_equal(ram8(fx, PEND(2) + 1025), 0x01);
	assert_true(pend_bit(fx, 2, 8200));
	assert_false(pend_bit(fx, 1, 8200));
	assert_int_equal(ack(fx, 2), 8200);
	assert_int_equal(ram8(fx, PEND(2) + 1025), 0);
	assert_false(gicr_lpi_is_pending(fx->g, 2, 8200));
}

static void test_gicr_pending_table_write_failure_drops(void **state)
{
	struct fx *fx = *state;

	wr(fx, 0, GICR_PROPBASER, 8, FIELD_ADDR(GICR_PROPBASER_PHYSICAL_ADDRESS, PROP) |
	   FIELD_PREP(GICR_PROPBASER_IDBITS, 15));
	wr(fx, 0, GICR_PENDBASER, 8, FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, UNMAPPED) |
	   GICR_PENDBASER_PTZ);
	wr(fx, 0, GICR_CTLR, 4, GICR_CTLR_ENABLELPIS);
	/* IMPDEF: an LPI whose pending bit cannot be written does not become pending. */
	assert_string_equal(set_pending(fx, 0, 8192, NULL), "pending-table write failed");
	assert_false(gicr_lpi_is_pending(fx->g, 0, 8192));
}

static void test_gicr_clear_pending(void **state)
{
	struct fx *fx = *state;

	enable_lpis(fx, 0, 16, true);
	assert_null(set_pending(fx, 0, 9000, NULL));
	assert_true(pend_bit(fx, 0, 9000));
	assert_true(gicr_lpi_clear_pending(fx->g, 0, 9000, NULL));
	assert_false(pend_bit(fx, 0, 9000));
	assert_false(gicr_lpi_clear_pending(fx->g, 0, 9000, NULL));
	assert_false(gicr_lpi_clear_pending(fx->g, NCPUS, 9000, NULL));
}

static void test_gicr_ack_highest_priority_then_lowest_intid(void **state)
{
	struct fx *fx = *state;
	bool en;

	enable_lpis(fx, 0, 16, true);
	lpi_cfg(fx, 8195, 0x80, true);
	lpi_cfg(fx, 8194, 0x40, true);
	lpi_cfg(fx, 8193, 0x40, true);
	lpi_cfg(fx, 8192, 0x00, false); /* highest priority, but disabled */
	lpi_cfg(fx, 8196, 0xf8, true);  /* lowest priority */
	assert_null(set_pending(fx, 0, 8196, &en));
	assert_true(en);
	assert_null(set_pending(fx, 0, 8195, NULL));
	assert_null(set_pending(fx, 0, 8194, NULL));
	assert_null(set_pending(fx, 0, 8193, NULL));
	assert_null(set_pending(fx, 0, 8192, &en));
	assert_false(en);
	/* Lower value = higher priority; 8193 and 8194 tie at 0x40 and the lower INTID wins. */
	assert_int_equal(ack(fx, 0), 8193);
	assert_int_equal(ack(fx, 0), 8194);
	assert_int_equal(ack(fx, 0), 8195);
	assert_int_equal(ack(fx, 0), 8196);
	assert_nothing_to_ack(fx, 0);
	/* The disabled LPI stays pending, unsignalled. */
	assert_true(gicr_lpi_is_pending(fx->g, 0, 8192));
	assert_true(pend_bit(fx, 0, 8192));
	assert_int_equal(gicr_get_stats(fx->g)->lpis_acked, 4);
}

static void test_gicr_config_cached_until_invlpir(void **state)
{
	struct fx *fx = *state;
	bool en = true;

	enable_lpis(fx, 1, 16, true);
	lpi_cfg(fx, 8300, 0xa0, false);
	assert_null(set_pending(fx, 1, 8300, &en));
	assert_false(en);
	/* Enabled in memory, but the redistributor still holds the old byte. */
	lpi_cfg(fx, 8300, 0xa0, true);
	assert_nothing_to_ack(fx, 1);
	/* INVLPIR of another LPI does not help; of this one it does. */
	wr(fx, 1, GICR_INVLPIR, 8, 8301);
	assert_nothing_to_ack(fx, 1);
	wr(fx, 1, GICR_INVLPIR, 8, 8300);
	assert_int_equal(ack(fx, 1), 8300);
}

static void test_gicr_config_cached_until_invallr(void **state)
{
	struct fx *fx = *state;

	enable_lpis(fx, 3, 16, true);
	lpi_cfg(fx, 8400, 0xa0, false);
	lpi_cfg(fx, 8401, 0xa0, false);
	assert_null(set_pending(fx, 3, 8400, NULL));
	assert_null(set_pending(fx, 3, 8401, NULL));
	lpi_cfg(fx, 8400, 0xa0, true);
	lpi_cfg(fx, 8401, 0x20, true);
	assert_nothing_to_ack(fx, 3);
	/* INVALLR at another CPU leaves this one's cache alone. */
	wr(fx, 2, GICR_INVALLR, 8, 0);
	assert_nothing_to_ack(fx, 3);
	wr(fx, 3, GICR_INVALLR, 8, 0);
	assert_int_equal(ack(fx, 3), 8401);
	assert_int_equal(ack(fx, 3), 8400);
}

static void test_gicr_config_cache_eviction_rereads(void **state)
{
	struct gicr_config cfg;
	struct fx *fx;

	(void)state;
	gicr_config_default(&cfg);
	cfg.lpi_cache_sets = 1;
	cfg.lpi_cache_ways = 1;
	fx = fx_create(&cfg);
	enable_lpis(fx, 0, 16, true);
	lpi_cfg(fx, 8500, 0xa0, false);
	assert_null(set_pending(fx, 0, 8500, NULL));
	lpi_cfg(fx, 8500, 0xa0, true);
	assert_nothing_to_ack(fx, 0);
	/* A one-entry cache: using LPI 8501 evicts 8500, whose next use reads memory. */
	lpi_cfg(fx, 8501, 0xa0, false);
	assert_null(set_pending(fx, 0, 8501, NULL));
	assert_int_equal(ack(fx, 0), 8500);
	fx_destroy(fx);
}

static void test_gicr_new_propbaser_drops_cached_config(void **state)
{
	struct fx *fx = *state;

	enable_lpis(fx, 0, 16, true);
	lpi_cfg(fx, 8600, 0xa0, false);
	assert_null(set_pending(fx, 0, 8600, NULL));
	lpi_cfg(fx, 8600, 0xa0, true);
	/* EnableLPIs 1->0 keeps the pending table; rewriting PROPBASER drops the cache. */
	wr(fx, 0, GICR_CTLR, 4, 0);
	enable_lpis(fx, 0, 16, false);
	assert_int_equal(ack(fx, 0), 8600);
}

static void test_gicr_enable_reads_pending_table_unless_ptz(void **state)
{
	struct fx *fx = *state;

	lpi_cfg(fx, 8700, 0xa0, true);
	/* Software left INTID 8700 pending in both CPUs' tables: byte 1087, bit 4. */
	ram_w8(fx, PEND(0) + 8700 / 8, 1u << (8700 % 8));
	ram_w8(fx, PEND(1) + 8700 / 8, 1u << (8700 % 8));
	enable_lpis(fx, 0, 16, false);
	enable_lpis(fx, 1, 16, true);
	assert_true(gicr_lpi_is_pending(fx->g, 0, 8700));
	/* PTZ=1 promised a zeroed table: it is not read. */
	assert_false(gicr_lpi_is_pending(fx->g, 1, 8700));
	assert_int_equal(ack(fx, 0), 8700);
	assert_nothing_to_ack(fx, 1);
}

static void test_gicr_disable_keeps_pending_table(void **state)
{
	struct fx *fx = *state;

	enable_lpis(fx, 0, 16, true);
	lpi_cfg(fx, 8800, 0xa0, true);
	assert_null(set_pending(fx, 0, 8800, NULL));
	wr(fx, 0, GICR_CTLR, 4, 0);
	assert_false(gicr_lpi_is_pending(fx->g, 0, 8800));
	assert_true(pend_bit(fx, 0, 8800));
	/* Re-enabled with PTZ=0: the table is the pending state again. */
	enable_lpis(fx, 0, 16, false);
	assert_true(gicr_lpi_is_pending(fx->g, 0, 8800));
	assert_int_equal(ack(fx, 0), 8800);
}

static void test_gicr_config_miss_costs_one_ram_read(void **state)
{
	struct fx *fx = *state;
	struct bus_attrs a = { 0 };
	const struct sm_latency lat = SM_LATENCY_DEFAULT;
	bool en;

	enable_lpis(fx, 0, 16, true);
	lpi_cfg(fx, 8900, 0xa0, true);
	/* A miss reads the configuration byte: ram_read (100 cycles by default). */
	assert_null(gicr_lpi_set_pending(fx->g, 0, 8900, &en, &a));
	assert_int_equal(a.cycles, lat.ram_read);
	/* Now a hit; the pending-table update is not charged. */
	a.cycles = 0;
	assert_null(gicr_lpi_set_pending(fx->g, 0, 8900, &en, &a));
	assert_int_equal(a.cycles, 0);
	assert_int_equal(gicr_get_stats(fx->g)->cfg_cache_misses, 1);
	assert_int_equal(gicr_get_stats(fx->g)->cfg_cache_hits, 1);
}

static void test_gicr_reset_forgets_everything(void **state)
{
	struct fx *fx = *state;

	enable_lpis(fx, 0, 16, true);
	assert_null(set_pending(fx, 0, 9100, NULL));
	gicr_reset(fx->g);
	assert_int_equal(rd(fx, 0, GICR_CTLR, 4), 0);
	assert_int_equal(rd(fx, 0, GICR_PROPBASER, 8), 0);
	assert_int_equal(rd(fx, 0, GICR_WAKER, 4), 0x6);
	assert_false(gicr_lpi_is_pending(fx->g, 0, 9100));
	assert_int_equal(gicr_get_stats(fx->g)->lpis_pending, 0);
}

static void test_gicr_create_rejects_bad_config(void **state)
{
	struct gicr_config cfg;
	struct sm_err err = { 0 };

	(void)state;
	gicr_config_default(&cfg);
	assert_int_equal(cfg.ncpus, 4);
	assert_int_equal(cfg.idbits, 16);
	cfg.ncpus = 0;
	assert_null(gicr_create(&cfg, NULL, NULL, NULL, &err));
	assert_int_equal(err.code, SM_EINVAL);
	gicr_config_default(&cfg);
	cfg.idbits = 13; /* no LPIs at all */
	assert_null(gicr_create(&cfg, NULL, NULL, NULL, &err));
	gicr_config_default(&cfg);
	cfg.lpi_cache_sets = 3;
	assert_null(gicr_create(&cfg, NULL, NULL, NULL, &err));
	assert_non_null(strstr(err.msg, "power of two"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_gicr_typer_names_each_frame),
		T(test_gicr_id_registers),
		T(test_gicr_ctlr_enable_lpis_and_rwp),
		T(test_gicr_waker_children_asleep_follows),
		T(test_gicr_bases_read_back_without_ptz),
		T(test_gicr_bases_ignored_while_enable_lpis),
		T(test_gicr_write_only_and_busy_registers_read_zero),
		T(test_gicr_unknown_offsets_raz_wi_with_warning),
		T(test_gicr_set_pending_refused_without_enable_lpis),
		T(test_gicr_set_pending_intid_range),
		T(test_gicr_pending_table_bits_in_memory),
		T(test_gicr_pending_table_write_failure_drops),
		T(test_gicr_clear_pending),
		T(test_gicr_ack_highest_priority_then_lowest_intid),
		T(test_gicr_config_cached_until_invlpir),
		T(test_gicr_config_cached_until_invallr),
		cmocka_unit_test(test_gicr_config_cache_eviction_rereads),
		T(test_gicr_new_propbaser_drops_cached_config),
		T(test_gicr_enable_reads_pending_table_unless_ptz),
		T(test_gicr_disable_keeps_pending_table),
		T(test_gicr_config_miss_costs_one_ram_read),
		T(test_gicr_reset_forgets_everything),
		cmocka_unit_test(test_gicr_create_rejects_bad_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

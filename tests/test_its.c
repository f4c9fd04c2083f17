/* SPDX-License-Identifier: MIT */
/*
 * The ITS through its registers, its command queue and its tables: every
 * register, every command and each of its errors (stall, then Retry), flat
 * and Indirect device tables at 4K/16K/64K pages, every drop reason, and
 * what reaches the redistributors.  IHI 0069 §5.2, §5.3, §12.19.
 *
 * Software's side is MMIO (the ITS frame, the redistributor frames) and
 * memory (command queue entries, LPI configuration bytes).  The model is
 * observed through register reads, memory (table entries, pending-table
 * bits), the bus_result of GITS_TRANSLATER writes and gicr_ack.
 *
 * Layout (RAM at RAM_BASE):
 *   PROP        LPI configuration table (shared), every LPI enabled at 0xa0
 *   PEND(cpu)   pending tables
 *   CMDQ        command queue (64 KiB, 2048 commands)
 *   DEVTAB      device table (flat, 4K pages, 2^16 DeviceIDs)
 *   COLLTAB     collection table (one 4K page: ICIDs 0..511)
 *   ITT(dev)    a 256 KiB ITT slot per device (dev % 64)
 *   L2          level-2 pages of Indirect tables
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
#include "its/its.h"
#include "its/its_cmd.h"
#include "its/its_regs.h"
#include "its/its_table.h"
#include "model/bus.h"
#include "model/mem.h"
#include "model/platform.h"

#define ITS_BASE    UINT64_C(0x08080000)
#define ITS2_BASE   UINT64_C(0x080C0000)
#define GICR_BASE   UINT64_C(0x08100000)
#define NCPUS       4u
#define RAM_BASE    UINT64_C(0x40000000)
#define RAM_SIZE    UINT64_C(0x10000000)
#define PROP        (RAM_BASE + 0x0100000)
#define PEND(cpu)   (RAM_BASE + 0x0200000 + 0x10000u * (cpu))
#define CMDQ        (RAM_BASE + 0x0300000)
#define CMDQ_BYTES  UINT64_C(0x10000)
#define DEVTAB      (RAM_BASE + 0x0400000)
#define COLLTAB     (RAM_BASE + 0x0500000)
#define L2          (RAM_BASE + 0x0600000)
#define ITT(dev)    (RAM_BASE + 0x1000000 + 0x40000u * ((dev) % 64))
#define UNMAPPED    UINT64_C(0x00010000)
#define LPI_BYTES   ((1u << 16) - LPI_INTID_BASE)  /* the GIC's 16 INTID bits */

struct fx {
	struct mem *mem;
	struct bus *bus;
	struct gicr *g;
	struct its *its;
	struct sm_log log;
	unsigned warnings;
	char last_warning[256];
	uint64_t its_base, cmdq;
	uint64_t wr;          /* software's GITS_CWRITER offset */
};

struct cmd { uint64_t d[ITS_CMD_DWORDS]; };

static void log_sink(void *opaque, enum sm_log_level level, const char *comp, const char *msg)
{
	struct fx *fx = opaque;

	(void)comp;
	if (level == SM_LOG_WARN) {
		fx->warnings++;
		snprintf(fx->last_warning, sizeof(fx->last_warning), "%s", msg);
	}
}

/* ---- registers and memory ---- */

static uint64_t its_rd(struct fx *fx, uint64_t off, unsigned size)
{
	uint64_t v = ~UINT64_C(0);

	assert_int_equal(bus_read(fx->bus, fx->its_base + off, size, &v, NULL), SM_OK);
	return v;
}

static void its_wr(struct fx *fx, uint64_t off, unsigned size, uint64_t v)
{
	assert_int_equal(bus_write(fx->bus, fx->its_base + off, size, v, NULL), SM_OK);
}

static void gicr_wr(struct fx *fx, unsigned cpu, uint64_t off, unsigned size, uint64_t v)
{
	assert_int_equal(bus_write(fx->bus, GICR_BASE + cpu * GICR_FRAME_SIZE + off, size, v, NULL),
			 SM_OK);
}

static uint64_t ram64(struct fx *fx, uint64_t pa)
{
	uint64_t v = 0;

	assert_int_equal(bus_read(fx->bus, pa, 8, &v, NULL), SM_OK);
	return v;
}

static void ram_w64(struct fx *fx, uint64_t pa, uint64_t v)
{
	assert_int_equal(bus_write(fx->bus, pa, 8, v, NULL), SM_OK);
}

static void lpi_cfg(struct fx *fx, uint32_t intid, unsigned prio, bool enable)
{
	uint64_t b = FIELD_PREP(LPI_PROP_PRIORITY, prio >> 2) | FIELD_PREP(LPI_PROP_ENABLE, enable);

	assert_int_equal(bus_write(fx->bus, PROP + intid - LPI_INTID_BASE, 1, b, NULL), SM_OK);
}

static bool pend_bit(struct fx *fx, unsigned cpu, uint32_t intid)
{
	uint64_t v = 0;

	assert_int_equal(bus_read(fx->bus, PEND(cpu) + intid / 8, 1, &v, NULL), SM_OK);
	return (v >> (intid % 8)) & 1;
}

/* ---- setup ---- */

static uint64_t baser(unsigned page_enc, uint64_t pa, unsigned pages, bool indirect)
{
	return GITS_BASER_VALID | FIELD_PREP(GITS_BASER_INDIRECT, indirect) |
	       FIELD_PREP(GITS_BASER_PAGE_SIZE, page_enc) | FIELD_PREP(GITS_BASER_SIZE, pages - 1) |
	       FIELD_ADDR(GITS_BASER_PHYSICAL_ADDRESS, pa);
}

static void its_program(struct fx *fx, uint64_t cmdq, uint64_t devtab, uint64_t colltab)
{
	/* 2^16 DeviceIDs x 8 bytes = 128 pages of 4 KiB; 512 collections in one page. */
	its_wr(fx, GITS_BASER(0), 8, baser(GITS_BASER_PAGE_4K, devtab, 128, false));
	its_wr(fx, GITS_BASER(1), 8, baser(GITS_BASER_PAGE_4K, colltab, 1, false));
	its_wr(fx, GITS_CBASER, 8, GITS_CBASER_VALID | FIELD_ADDR(GITS_CBASER_PHYSICAL_ADDRESS, cmdq) |
	       FIELD_PREP(GITS_CBASER_SIZE, CMDQ_BYTES / 4096 - 1));
	its_wr(fx, GITS_CWRITER, 8, 0);
	fx->cmdq = cmdq;
	fx->wr = 0;
}

static void its_enable(struct fx *fx)
{
	its_wr(fx, GITS_CTLR, 4, GITS_CTLR_ENABLED);
}

static void lpis_enable(struct fx *fx)
{
	static uint8_t cfg[LPI_BYTES];

	/* Every LPI enabled at priority 0xa0 (§5.1.1: 0xa0 | Enable). */
	memset(cfg, 0xa1, sizeof(cfg));
	assert_int_equal(bus_write_block(fx->bus, PROP, cfg, sizeof(cfg), NULL), SM_OK);
	for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
		gicr_wr(fx, cpu, GICR_PROPBASER, 8, FIELD_ADDR(GICR_PROPBASER_PHYSICAL_ADDRESS, PROP) |
			FIELD_PREP(GICR_PROPBASER_IDBITS, 15));
		gicr_wr(fx, cpu, GICR_PENDBASER, 8, GICR_PENDBASER_PTZ |
			FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, PEND(cpu)));
		gicr_wr(fx, cpu, GICR_CTLR, 4, GICR_CTLR_ENABLELPIS);
	}
}

/* A bus with RAM, four redistributors and an ITS (cfg NULL: defaults), not yet programmed. */
static struct fx *fx_create(const struct its_config *cfg)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct gicr_config gcfg;
	struct sm_err err = { 0 };

	assert_non_null(fx);
	fx->log = (struct sm_log){ .fn = log_sink, .opaque = fx, .level = SM_LOG_DEBUG };
	fx->mem = mem_create(MEM_DEFAULT_CAP);
	fx->bus = bus_create(fx->mem, NULL, &fx->log);
	assert_int_equal(bus_add_ram(fx->bus, "ram", RAM_BASE, RAM_SIZE, &err), SM_OK);
	gicr_config_default(&gcfg);
	gcfg.ncpus = NCPUS;
	fx->g = gicr_create(&gcfg, fx->bus, NULL, &fx->log, &err);
	assert_non_null(fx->g);
	assert_int_equal(bus_add_mmio(fx->bus, "gicr", GICR_BASE, NCPUS * GICR_FRAME_SIZE,
				      &gicr_mmio_ops, fx->g, &err), SM_OK);
	fx->its = its_create(cfg, fx->bus, fx->g, NULL, &fx->log, &err);
	if (!fx->its)
		fail_msg("its_create: %s", err.msg);
	assert_int_equal(bus_add_mmio(fx->bus, "its", ITS_BASE, GITS_FRAME_SIZE, &its_mmio_ops,
				      fx->its, &err), SM_OK);
	fx->its_base = ITS_BASE;
	return fx;
}

/* The standard system: LPIs on at every CPU, ITS tables and queue programmed, ITS enabled. */
static struct fx *fx_create_ready(const struct its_config *cfg)
{
	struct fx *fx = fx_create(cfg);

	lpis_enable(fx);
	its_program(fx, CMDQ, DEVTAB, COLLTAB);
	its_enable(fx);
	fx->warnings = 0;
	return fx;
}

static void fx_destroy(struct fx *fx)
{
	its_destroy(fx->its);
	gicr_destroy(fx->g);
	bus_destroy(fx->bus);
	mem_destroy(fx->mem);
	free(fx);
}

static int setup(void **state)
{
	*state = fx_create_ready(NULL);
	return 0;
}

static int setup_bare(void **state)
{
	*state = fx_create(NULL);
	return 0;
}

static int teardown(void **state)
{
	fx_destroy(*state);
	return 0;
}

/* ---- commands (IHI 0069 §5.3: 32 bytes, opcode in dword 0 [7:0]) ---- */

static struct cmd c_op(unsigned op, uint32_t dev)
{
	return (struct cmd){ { FIELD_PREP(ITS_CMD_0_OP, op) | FIELD_PREP(ITS_CMD_0_DEVICEID, dev) } };
}

static struct cmd c_mapd(uint32_t dev, unsigned size, uint64_t itt, bool v)
{
	struct cmd c = c_op(ITS_CMD_MAPD, dev);

	c.d[1] = FIELD_PREP(ITS_CMD_1_SIZE, size);
	c.d[2] = FIELD_ADDR(ITS_CMD_2_ITT_ADDR, itt) | FIELD_PREP(ITS_CMD_2_V, v);
	return c;
}

static struct cmd c_mapc(uint32_t icid, uint64_t cpu, bool v)
{
	struct cmd c = c_op(ITS_CMD_MAPC, 0);

	c.d[2] = FIELD_PREP(ITS_CMD_2_ICID, icid) | FIELD_PREP(ITS_CMD_2_RDBASE, cpu) |
		 FIELD_PREP(ITS_CMD_2_V, v);
	return c;
}

static struct cmd c_mapti(uint32_t dev, uint32_t ev, uint32_t intid, uint32_t icid)
{
	struct cmd c = c_op(ITS_CMD_MAPTI, dev);

	c.d[1] = FIELD_PREP(ITS_CMD_1_EVENTID, ev) | FIELD_PREP(ITS_CMD_1_PINTID, intid);
	c.d[2] = FIELD_PREP(ITS_CMD_2_ICID, icid);
	return c;
}

static struct cmd c_mapi(uint32_t dev, uint32_t ev, uint32_t icid)
{
	struct cmd c = c_op(ITS_CMD_MAPI, dev);

	c.d[1] = FIELD_PREP(ITS_CMD_1_EVENTID, ev);
	c.d[2] = FIELD_PREP(ITS_CMD_2_ICID, icid);
	return c;
}

/* INT, CLEAR, DISCARD, INV: DeviceID and EventID only. */
static struct cmd c_ev(unsigned op, uint32_t dev, uint32_t ev)
{
	struct cmd c = c_op(op, dev);

	c.d[1] = FIELD_PREP(ITS_CMD_1_EVENTID, ev);
	return c;
}

static struct cmd c_movi(uint32_t dev, uint32_t ev, uint32_t icid)
{
	struct cmd c = c_ev(ITS_CMD_MOVI, dev, ev);

	c.d[2] = FIELD_PREP(ITS_CMD_2_ICID, icid);
	return c;
}

static struct cmd c_movall(uint64_t from, uint64_t to)
{
	struct cmd c = c_op(ITS_CMD_MOVALL, 0);

	c.d[2] = FIELD_PREP(ITS_CMD_2_RDBASE, from);
	c.d[3] = FIELD_PREP(ITS_CMD_3_RDBASE2, to);
	return c;
}

static struct cmd c_invall(uint32_t icid)
{
	struct cmd c = c_op(ITS_CMD_INVALL, 0);

	c.d[2] = FIELD_PREP(ITS_CMD_2_ICID, icid);
	return c;
}

static struct cmd c_sync(uint64_t cpu)
{
	struct cmd c = c_op(ITS_CMD_SYNC, 0);

	c.d[2] = FIELD_PREP(ITS_CMD_2_RDBASE, cpu);
	return c;
}

static void cmd_write(struct fx *fx, uint64_t off, struct cmd c)
{
	for (unsigned i = 0; i < ITS_CMD_DWORDS; i++)
		ram_w64(fx, fx->cmdq + off + 8 * i, c.d[i]);
}

/* Put a command at software's write offset and publish it through GITS_CWRITER. */
static void cmd_put(struct fx *fx, struct cmd c)
{
	cmd_write(fx, fx->wr, c);
	fx->wr = (fx->wr + ITS_CMD_SIZE) % CMDQ_BYTES;
	its_wr(fx, GITS_CWRITER, 8, FIELD_ADDR(GITS_CWRITER_OFFSET, fx->wr));
}

static void assert_drained(struct fx *fx)
{
	/* Not stalled and GITS_CREADR has caught up with GITS_CWRITER. */
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), fx->wr);
}

static void issue(struct fx *fx, struct cmd c)
{
	cmd_put(fx, c);
	if (its_rd(fx, GITS_CREADR, 8) != fx->wr)
		fail_msg("command 0x%02x not consumed: CREADR=0x%llx, last error %s",
			 (unsigned)FIELD_GET(ITS_CMD_0_OP, c.d[0]),
			 (unsigned long long)its_rd(fx, GITS_CREADR, 8),
			 its_last_cmd_error(fx->its) ? its_last_cmd_error(fx->its) : "none");
}

/*
 * Publish a failing command: the queue stalls at it (GITS_CREADR.Stalled=1,
 * Offset at the command) with the named error.  Then the slot is fixed
 * (replaced by SYNC) and GITS_CWRITER.Retry=1 restarts the queue there.
 */
static void expect_stall(struct fx *fx, struct cmd c, const char *name)
{
	uint64_t at = fx->wr, errors = its_get_stats(fx->its)->cmd_errors;

	cmd_put(fx, c);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), at | GITS_CREADR_STALLED);
	assert_non_null(its_last_cmd_error(fx->its));
	assert_string_equal(its_last_cmd_error(fx->its), name);
	assert_int_equal(its_get_stats(fx->its)->cmd_errors, errors + 1);
	cmd_write(fx, at, c_sync(0));
	its_wr(fx, GITS_CWRITER, 8, FIELD_ADDR(GITS_CWRITER_OFFSET, fx->wr) | GITS_CWRITER_RETRY);
	assert_drained(fx);
}

/* ---- mapping and translation ---- */

static void map_dev(struct fx *fx, uint32_t dev, unsigned eventid_bits)
{
	issue(fx, c_mapd(dev, eventid_bits - 1, ITT(dev), true));
}

static void map_coll(struct fx *fx, uint32_t icid, unsigned cpu)
{
	issue(fx, c_mapc(icid, cpu, true));
}

/* Collection icid -> cpu, device dev with 2^5 events, event ev -> LPI intid. */
static void map_event(struct fx *fx, uint32_t dev, uint32_t ev, uint32_t intid, uint32_t icid,
		      unsigned cpu)
{
	map_coll(fx, icid, cpu);
	map_dev(fx, dev, 5);
	issue(fx, c_mapti(dev, ev, intid, icid));
}

static struct bus_result xlate_from(struct fx *fx, uint64_t base, uint32_t dev, uint32_t ev)
{
	struct bus_attrs a = { .src_id = dev, .flags = BUS_ATTR_SRC_VALID };

	/* The write itself always completes. */
	assert_int_equal(bus_write(fx->bus, base + GITS_TRANSLATER, 4, ev, &a), SM_OK);
	return a.result;
}

static struct bus_result xlate(struct fx *fx, uint32_t dev, uint32_t ev)
{
	return xlate_from(fx, fx->its_base, dev, ev);
}

static void expect_irq(struct fx *fx, uint32_t dev, uint32_t ev, uint32_t intid, int cpu)
{
	struct bus_result r = xlate(fx, dev, ev);

	if (r.kind != BUS_RESULT_INTERRUPT)
		fail_msg("DeviceID 0x%x EventID %u: dropped (%s), expected LPI %u", dev, ev,
			 r.reason ? r.reason : "?", intid);
	assert_int_equal(r.id, intid);
	assert_int_equal(r.target, cpu);
	assert_null(r.reason);
	assert_true(gicr_lpi_is_pending(fx->g, (unsigned)cpu, intid));
}

static void expect_drop(struct fx *fx, uint32_t dev, uint32_t ev, const char *reason)
{
	struct bus_result r = xlate(fx, dev, ev);

	assert_int_equal(r.kind, BUS_RESULT_DROPPED);
	assert_string_equal(r.reason, reason);
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

	assert_int_equal(gicr_ack(fx->g, cpu, &intid, NULL), SM_ERANGE);
}

/* ================= registers ================= */

static void test_its_typer_describes_the_default_its(void **state)
{
	struct fx *fx = *state;
	uint64_t t = its_rd(fx, GITS_TYPER, 8);

	assert_int_equal(FIELD_GET(GITS_TYPER_PHYSICAL, t), 1);
	assert_int_equal(FIELD_GET(GITS_TYPER_VIRTUAL, t), 0);
	assert_int_equal(FIELD_GET(GITS_TYPER_CCT, t), 0);
	/* 8-byte ITEs: ITT_entry_size holds bytes - 1. */
	assert_int_equal(FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, t), 7);
	/* 16 EventID and DeviceID bits, each as bits - 1. */
	assert_int_equal(FIELD_GET(GITS_TYPER_IDBITS, t), 15);
	assert_int_equal(FIELD_GET(GITS_TYPER_DEVBITS, t), 15);
	assert_int_equal(FIELD_GET(GITS_TYPER_SEIS, t), 0);
	assert_int_equal(FIELD_GET(GITS_TYPER_PTA, t), 0);
	assert_int_equal(FIELD_GET(GITS_TYPER_HCC, t), 0);
	assert_int_equal(FIELD_GET(GITS_TYPER_CIL, t), 0);
	assert_int_equal(FIELD_GET(GITS_TYPER_CIDBITS, t), 0);
	assert_int_equal(its_rd(fx, GITS_TYPER, 4), t & 0xffffffff);
	assert_int_equal(its_rd(fx, GITS_TYPER + 4, 4), t >> 32);
	its_wr(fx, GITS_TYPER, 8, 0);
	assert_int_equal(its_rd(fx, GITS_TYPER, 8), t);
	assert_int_equal(fx->warnings, 1);
}

static void test_its_typer_follows_config(void **state)
{
	struct its_config cfg;
	struct fx *fx;
	uint64_t t;

	(void)state;
	its_config_default(&cfg);
	cfg.devbits = 20;
	cfg.eventid_bits = 10;
	cfg.cidbits = 8;
	cfg.iidr = 0x0201743b;
	fx = fx_create(&cfg);
	t = its_rd(fx, GITS_TYPER, 8);
	assert_int_equal(FIELD_GET(GITS_TYPER_DEVBITS, t), 19);
	assert_int_equal(FIELD_GET(GITS_TYPER_IDBITS, t), 9);
	/* Fewer than 16 collection ID bits are advertised with CIL=1, CIDbits = bits - 1. */
	assert_int_equal(FIELD_GET(GITS_TYPER_CIL, t), 1);
	assert_int_equal(FIELD_GET(GITS_TYPER_CIDBITS, t), 7);
	assert_int_equal(its_rd(fx, GITS_IIDR, 4), 0x0201743b);
	fx_destroy(fx);
}

static void test_its_id_registers_read_only(void **state)
{
	struct fx *fx = *state;

	/* PIDR2.ArchRev = 3: GICv3 (§12.19 GITS_PIDR2). */
	assert_int_equal(its_rd(fx, GITS_PIDR2, 4), 0x30);
	assert_int_equal(its_rd(fx, GITS_IIDR, 4), 0);
	its_wr(fx, GITS_PIDR2, 4, 0);
	its_wr(fx, GITS_IIDR, 4, 1);
	assert_int_equal(its_rd(fx, GITS_PIDR2, 4), 0x30);
	assert_int_equal(its_rd(fx, GITS_IIDR, 4), 0);
	assert_int_equal(fx->warnings, 2);
}

static void test_its_ctlr_enabled_and_quiescent(void **state)
{
	struct fx *fx = *state;

	/* Reset: disabled and idle, so Quiescent (bit 31) reads 1. */
	assert_int_equal(its_rd(fx, GITS_CTLR, 4), GITS_CTLR_QUIESCENT);
	its_wr(fx, GITS_CTLR, 4, GITS_CTLR_ENABLED | GITS_CTLR_IMDE | GITS_CTLR_QUIESCENT);
	/* ImDe is RES0 without GICv4; Quiescent is read-only and 0 while enabled. */
	assert_int_equal(its_rd(fx, GITS_CTLR, 4), GITS_CTLR_ENABLED);
	its_wr(fx, GITS_CTLR, 4, 0);
	assert_int_equal(its_rd(fx, GITS_CTLR, 4), GITS_CTLR_QUIESCENT);
}

static void test_its_cbaser_reads_back_and_resets_creadr(void **state)
{
	struct fx *fx = *state;
	uint64_t v = GITS_CBASER_VALID | FIELD_PREP(GITS_CBASER_INNERCACHE, 7) |
		     FIELD_PREP(GITS_CBASER_OUTERCACHE, 1) | FIELD_PREP(GITS_CBASER_SHAREABILITY, 1) |
		     FIELD_ADDR(GITS_CBASER_PHYSICAL_ADDRESS, CMDQ) | FIELD_PREP(GITS_CBASER_SIZE, 15);

	its_wr(fx, GITS_CBASER, 8, v | GENMASK64(9, 8) /* RES0 */);
	assert_int_equal(its_rd(fx, GITS_CBASER, 8), v);
	/* 32-bit halves. */
	its_wr(fx, GITS_CBASER + 4, 4, 0);
	assert_int_equal(its_rd(fx, GITS_CBASER, 8), v & 0xffffffff);
	its_wr(fx, GITS_CBASER + 4, 4, v >> 32);
	assert_int_equal(its_rd(fx, GITS_CBASER, 8), v);
	fx->cmdq = CMDQ;
	its_enable(fx);
	issue(fx, c_sync(0));
	issue(fx, c_sync(1));
	/* Two commands: GITS_CREADR.Offset is 64 bytes on. */
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), 64);
	/* While enabled, GITS_CBASER writes are ignored. */
	its_wr(fx, GITS_CBASER, 8, 0);
	assert_int_equal(its_rd(fx, GITS_CBASER, 8), v);
	assert_int_equal(fx->warnings, 1);
	/* Disabled, a successful write sets GITS_CREADR to 0 (§12.19 GITS_CBASER). */
	its_wr(fx, GITS_CTLR, 4, 0);
	its_wr(fx, GITS_CBASER, 8, v);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), 0);
}

static void test_its_commands_wait_for_enabled_and_valid(void **state)
{
	struct fx *fx = *state;

	lpis_enable(fx);
	its_program(fx, CMDQ, DEVTAB, COLLTAB);
	cmd_put(fx, c_mapc(0, 1, true));
	cmd_put(fx, c_sync(1));
	/* GITS_CTLR.Enabled=0: nothing is read yet. */
	assert_int_equal(its_rd(fx, GITS_CWRITER, 8), 64);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), 0);
	its_enable(fx);
	assert_drained(fx);
	assert_int_equal(its_get_stats(fx->its)->commands, 2);
	/* CBASER.Valid=0 stops the queue too. */
	its_wr(fx, GITS_CTLR, 4, 0);
	its_wr(fx, GITS_CBASER, 8, FIELD_ADDR(GITS_CBASER_PHYSICAL_ADDRESS, CMDQ) |
	       FIELD_PREP(GITS_CBASER_SIZE, CMDQ_BYTES / 4096 - 1));
	fx->wr = 0;
	its_enable(fx);
	cmd_put(fx, c_sync(0));
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), 0);
}

static void test_its_cwriter_beyond_queue_ignored(void **state)
{
	struct fx *fx = *state;

	its_wr(fx, GITS_CTLR, 4, 0); /* nothing runs the empty slots */
	its_wr(fx, GITS_CWRITER, 8, 0x40);
	/* UNPREDICTABLE: an offset past the 64 KiB queue; the model ignores the write. */
	its_wr(fx, GITS_CWRITER, 8, CMDQ_BYTES);
	assert_int_equal(its_rd(fx, GITS_CWRITER, 8), 0x40);
	assert_int_equal(fx->warnings, 1);
	/* Bits [4:1] are RES0 and Retry reads 0. */
	its_wr(fx, GITS_CWRITER, 8, 0x60 | 0x1e | GITS_CWRITER_RETRY);
	assert_int_equal(its_rd(fx, GITS_CWRITER, 8), 0x60);
}

static void test_its_creadr_read_only(void **state)
{
	struct fx *fx = *state;

	issue(fx, c_sync(0));
	its_wr(fx, GITS_CREADR, 8, 0);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), 32);
	assert_int_equal(fx->warnings, 1);
}

static void test_its_queue_wraps(void **state)
{
	struct fx *fx = *state;

	its_wr(fx, GITS_CTLR, 4, 0);
	/* Size=0: one 4 KiB page, 128 commands. */
	its_wr(fx, GITS_CBASER, 8, GITS_CBASER_VALID | FIELD_ADDR(GITS_CBASER_PHYSICAL_ADDRESS, CMDQ));
	its_wr(fx, GITS_CWRITER, 8, 0);
	its_enable(fx);
	for (unsigned i = 0; i < 130; i++) {
		uint64_t off = (uint64_t)i * ITS_CMD_SIZE % 4096;

		cmd_write(fx, off, c_sync(0));
		its_wr(fx, GITS_CWRITER, 8, (off + ITS_CMD_SIZE) % 4096);
	}
	/* 130 commands of 32 bytes wrap once: 4160 - 4096 = 64. */
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), 64);
	assert_int_equal(its_get_stats(fx->its)->commands, 130);
}

static void test_its_baser_types_and_read_only_fields(void **state)
{
	struct fx *fx = *state;
	uint64_t b0 = its_rd(fx, GITS_BASER(0), 8), b1 = its_rd(fx, GITS_BASER(1), 8);

	/* GITS_BASER0: Device table (Type=1), GITS_BASER1: Collection table (Type=4), 8-byte entries. */
	assert_int_equal(FIELD_GET(GITS_BASER_TYPE, b0), GITS_BASER_TYPE_DEVICE);
	assert_int_equal(FIELD_GET(GITS_BASER_TYPE, b1), GITS_BASER_TYPE_COLLECTION);
	assert_int_equal(FIELD_GET(GITS_BASER_ENTRY_SIZE, b0), 7);
	assert_int_equal(FIELD_GET(GITS_BASER_ENTRY_SIZE, b1), 7);
	assert_int_equal(b0 & ~(GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE), 0);
	/* Type and Entry_Size ignore writes; the rest reads back. */
	its_wr(fx, GITS_BASER(0), 8, GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE | GITS_BASER_VALID |
	       GITS_BASER_INDIRECT | FIELD_PREP(GITS_BASER_SIZE, 3) |
	       FIELD_ADDR(GITS_BASER_PHYSICAL_ADDRESS, DEVTAB));
	assert_int_equal(its_rd(fx, GITS_BASER(0), 8),
			 b0 | GITS_BASER_VALID | GITS_BASER_INDIRECT | FIELD_PREP(GITS_BASER_SIZE, 3) |
			 FIELD_ADDR(GITS_BASER_PHYSICAL_ADDRESS, DEVTAB));
	/* Page_Size 4K/16K/64K are writable; the reserved 0b11 acts and reads as 64K. */
	for (unsigned p = 0; p < 4; p++) {
		its_wr(fx, GITS_BASER(1), 8, FIELD_PREP(GITS_BASER_PAGE_SIZE, p));
		assert_int_equal(FIELD_GET(GITS_BASER_PAGE_SIZE, its_rd(fx, GITS_BASER(1), 8)),
				 p == 3 ? GITS_BASER_PAGE_64K : p);
	}
	/* 32-bit halves. */
	its_wr(fx, GITS_BASER(1) + 4, 4, GITS_BASER_VALID >> 32);
	assert_int_equal(its_rd(fx, GITS_BASER(1) + 4, 4) & (GITS_BASER_VALID >> 32),
			 GITS_BASER_VALID >> 32);
	/* GITS_BASER2..7 have Type=0: RAZ/WI. */
	for (unsigned n = 2; n < GITS_BASER_NR; n++) {
		its_wr(fx, GITS_BASER(n), 8, ~UINT64_C(0));
		assert_int_equal(its_rd(fx, GITS_BASER(n), 8), 0);
	}
	assert_int_equal(fx->warnings, 0);
	/* While enabled, writes are ignored with a warning. */
	its_enable(fx);
	b0 = its_rd(fx, GITS_BASER(0), 8);
	its_wr(fx, GITS_BASER(0), 8, 0);
	assert_int_equal(its_rd(fx, GITS_BASER(0), 8), b0);
	assert_int_equal(fx->warnings, 1);
	assert_non_null(strstr(fx->last_warning, "GITS_BASER0"));
}

static void test_its_unknown_offsets_raz_wi_with_warning(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(its_rd(fx, 0x0010, 4), 0);
	its_wr(fx, 0x0010, 4, 1);
	/* A 64-bit access to the 32-bit GITS_CTLR. */
	assert_int_equal(its_rd(fx, GITS_CTLR, 8), 0);
	/* The translation frame: GITS_TRANSLATER is write-only, the rest reserved. */
	assert_int_equal(its_rd(fx, GITS_TRANSLATER, 4), 0);
	assert_non_null(strstr(fx->last_warning, "write-only"));
	its_wr(fx, 0x10000, 4, 0);
	assert_int_equal(fx->warnings, 5);
}

/* ================= commands ================= */

static void test_its_mapti_delivers_to_the_collections_cpu(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 0x42, 3, 8192 + 7, 2, 2);
	expect_irq(fx, 0x42, 3, 8199, 2);
	/* The LPI's pending bit is set in CPU 2's table in memory (§5.1.2). */
	assert_true(pend_bit(fx, 2, 8199));
	assert_int_equal(ack(fx, 2), 8199);
	assert_false(pend_bit(fx, 2, 8199));
	assert_int_equal(its_get_stats(fx->its)->lpis, 1);
	assert_int_equal(its_get_stats(fx->its)->translations, 1);
	assert_null(its_last_cmd_error(fx->its));
}

static void test_its_tables_hold_our_entry_formats(void **state)
{
	struct fx *fx = *state;
	struct its_dte dte;
	struct its_ite ite;
	struct its_cte cte;

	map_event(fx, 9, 4, 8300, 5, 3);
	/* Flat tables: DTE at DEVTAB + 8 * DeviceID, CTE at COLLTAB + 8 * ICID, ITE at ITT + 8 * EventID. */
	dte = its_dte_decode(ram64(fx, DEVTAB + 9 * 8));
	assert_true(dte.valid);
	assert_int_equal(dte.itt_addr, ITT(9));
	assert_int_equal(dte.size, 4);
	cte = its_cte_decode(ram64(fx, COLLTAB + 5 * 8));
	assert_true(cte.valid);
	assert_int_equal(cte.procnum, 3);
	ite = its_ite_decode(ram64(fx, ITT(9) + 4 * 8));
	assert_true(ite.valid);
	assert_int_equal(ite.icid, 5);
	assert_int_equal(ite.pintid, 8300);
}

static void test_its_mapi_uses_eventid_as_intid(void **state)
{
	struct fx *fx = *state;

	map_coll(fx, 0, 1);
	/* 14 EventID bits reach INTID 8192 (§5.3 MAPI: pINTID = EventID). */
	map_dev(fx, 3, 14);
	issue(fx, c_mapi(3, 8500, 0));
	expect_irq(fx, 3, 8500, 8500, 1);
}

static void test_its_mapd_unmap_and_remap(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 7, 1, 8200, 0, 0);
	expect_irq(fx, 7, 1, 8200, 0);
	issue(fx, c_mapd(7, 0, 0, false));
	assert_false(its_dte_decode(ram64(fx, DEVTAB + 7 * 8)).valid);
	expect_drop(fx, 7, 1, "unmapped-device");
	/* Remapped to a fresh (zeroed) ITT: the old ITE is gone with it. */
	issue(fx, c_mapd(7, 4, ITT(7) + 0x1000, true));
	expect_drop(fx, 7, 1, "unmapped-event");
}

static void test_its_mapc_unmap_drops(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 1, 0, 8192, 4, 1);
	issue(fx, c_mapc(4, 0, false));
	expect_drop(fx, 1, 0, "unmapped-collection");
	/* Remapped to another CPU: the event follows its collection. */
	issue(fx, c_mapc(4, 3, true));
	expect_irq(fx, 1, 0, 8192, 3);
}

static void test_its_int_clear_and_discard(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 2, 5, 8210, 1, 1);
	/* INT: pending as if translated. */
	issue(fx, c_ev(ITS_CMD_INT, 2, 5));
	assert_true(gicr_lpi_is_pending(fx->g, 1, 8210));
	assert_true(pend_bit(fx, 1, 8210));
	/* CLEAR: no longer pending, and the table bit is cleared. */
	issue(fx, c_ev(ITS_CMD_CLEAR, 2, 5));
	assert_false(gicr_lpi_is_pending(fx->g, 1, 8210));
	assert_false(pend_bit(fx, 1, 8210));
	/* DISCARD: clears the pending state and removes the ITE. */
	expect_irq(fx, 2, 5, 8210, 1);
	issue(fx, c_ev(ITS_CMD_DISCARD, 2, 5));
	assert_false(gicr_lpi_is_pending(fx->g, 1, 8210));
	assert_false(its_ite_decode(ram64(fx, ITT(2) + 5 * 8)).valid);
	expect_drop(fx, 2, 5, "unmapped-event");
	assert_nothing_to_ack(fx, 1);
}

static void test_its_movi_moves_a_pending_lpi(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 4, 0, 8220, 0, 0);
	map_coll(fx, 1, 1);
	expect_irq(fx, 4, 0, 8220, 0);
	issue(fx, c_movi(4, 0, 1));
	/* §5.3 MOVI: the pending state moves from CPU 0 to CPU 1, in memory too. */
	assert_false(gicr_lpi_is_pending(fx->g, 0, 8220));
	assert_false(pend_bit(fx, 0, 8220));
	assert_true(pend_bit(fx, 1, 8220));
	assert_nothing_to_ack(fx, 0);
	assert_int_equal(ack(fx, 1), 8220);
	assert_int_equal(its_ite_decode(ram64(fx, ITT(4))).icid, 1);
	/* Later events go to the new collection. */
	expect_irq(fx, 4, 0, 8220, 1);
	/* A move while not pending makes nothing pending. */
	assert_int_equal(ack(fx, 1), 8220);
	issue(fx, c_movi(4, 0, 0));
	assert_nothing_to_ack(fx, 0);
	assert_nothing_to_ack(fx, 1);
}

static void test_its_movall_moves_every_pending_lpi(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 6, 0, 8230, 1, 1);
	issue(fx, c_mapti(6, 1, 8231, 1));
	issue(fx, c_mapti(6, 2, 8232, 1));
	map_coll(fx, 2, 2);
	issue(fx, c_mapti(6, 3, 8233, 2));
	for (uint32_t ev = 0; ev < 3; ev++)
		expect_irq(fx, 6, ev, 8230 + ev, 1);
	expect_irq(fx, 6, 3, 8233, 2);
	issue(fx, c_movall(1, 2));
	assert_nothing_to_ack(fx, 1);
	assert_false(pend_bit(fx, 1, 8231));
	assert_true(pend_bit(fx, 2, 8231));
	/* All four are at CPU 2 now, same priority: ascending INTID. */
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(ack(fx, 2), 8230 + i);
	/* MOVALL moves pending state only; collection 1 still targets CPU 1. */
	expect_irq(fx, 6, 0, 8230, 1);
	/* RDbase1 == RDbase2: nothing to do. */
	issue(fx, c_movall(1, 1));
	assert_int_equal(ack(fx, 1), 8230);
}

static void test_its_inv_makes_an_enabled_lpi_ackable(void **state)
{
	struct fx *fx = *state;
	struct bus_result r;

	map_event(fx, 8, 2, 8240, 0, 0);
	lpi_cfg(fx, 8240, 0xa0, false);
	issue(fx, c_ev(ITS_CMD_INV, 8, 2));
	r = xlate(fx, 8, 2);
	/* Pending but not signalled: the configuration byte has Enable=0. */
	assert_int_equal(r.kind, BUS_RESULT_INTERRUPT);
	assert_int_equal(r.id, 8240);
	assert_string_equal(r.reason, "disabled in LPI config: pending, not signalled");
	assert_true(pend_bit(fx, 0, 8240));
	assert_nothing_to_ack(fx, 0);
	/* Enabled in memory; the redistributor's cached byte still says disabled. */
	lpi_cfg(fx, 8240, 0xa0, true);
	assert_nothing_to_ack(fx, 0);
	issue(fx, c_ev(ITS_CMD_INV, 8, 2));
	assert_int_equal(ack(fx, 0), 8240);
}

static void test_its_invall_refreshes_the_collections_cpu(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 8, 0, 8250, 3, 3);
	issue(fx, c_mapti(8, 1, 8251, 3));
	lpi_cfg(fx, 8250, 0xa0, false);
	lpi_cfg(fx, 8251, 0xa0, false);
	issue(fx, c_invall(3));
	assert_int_equal(xlate(fx, 8, 0).kind, BUS_RESULT_INTERRUPT);
	assert_int_equal(xlate(fx, 8, 1).kind, BUS_RESULT_INTERRUPT);
	lpi_cfg(fx, 8250, 0xa0, true);
	lpi_cfg(fx, 8251, 0x10, true);
	assert_nothing_to_ack(fx, 3);
	issue(fx, c_invall(3));
	/* 8251 has the higher priority (0x10 < 0xa0). */
	assert_int_equal(ack(fx, 3), 8251);
	assert_int_equal(ack(fx, 3), 8250);
}

static void test_its_ack_order_priority_then_intid(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 5, 0, 8263, 0, 0);
	issue(fx, c_mapti(5, 1, 8262, 0));
	issue(fx, c_mapti(5, 2, 8261, 0));
	issue(fx, c_mapti(5, 3, 8260, 0));
	lpi_cfg(fx, 8263, 0x20, true);
	lpi_cfg(fx, 8262, 0x80, true);
	lpi_cfg(fx, 8261, 0x80, true);
	lpi_cfg(fx, 8260, 0xc0, true);
	issue(fx, c_invall(0));
	for (uint32_t ev = 0; ev < 4; ev++)
		assert_int_equal(xlate(fx, 5, ev).kind, BUS_RESULT_INTERRUPT);
	/* 0x20 first; 8261 and 8262 tie at 0x80 and the lower INTID wins; 0xc0 last. */
	assert_int_equal(ack(fx, 0), 8263);
	assert_int_equal(ack(fx, 0), 8261);
	assert_int_equal(ack(fx, 0), 8262);
	assert_int_equal(ack(fx, 0), 8260);
	assert_nothing_to_ack(fx, 0);
}

static void test_its_sync_completes(void **state)
{
	struct fx *fx = *state;

	issue(fx, c_sync(3));
	/* UNPREDICTABLE RDbase: completes, with a warning. */
	issue(fx, c_sync(NCPUS));
	assert_int_equal(fx->warnings, 1);
	assert_int_equal(its_get_stats(fx->its)->commands, 2);
}

/* ================= command errors: stall, then Retry ================= */

static void test_its_mapd_errors(void **state)
{
	struct fx *fx = *state;

	/* DeviceID 0x10000 needs 17 bits; GITS_TYPER.Devbits says 16. */
	expect_stall(fx, c_mapd(0x10000, 4, ITT(0), true), "E_MAPD_DEVICE_OOR");
	expect_stall(fx, c_mapd(0x10000, 0, 0, false), "E_MAPD_DEVICE_OOR");
	/* Size 16 is 17 EventID bits; ID_bits says 16. */
	expect_stall(fx, c_mapd(1, 16, ITT(1), true), "E_MAPD_ITTSIZE_OOR");
	issue(fx, c_mapd(1, 15, ITT(1), true));
}

static void test_its_mapc_errors(void **state)
{
	struct fx *fx = *state;

	/* Processor numbers 0..3 exist. */
	expect_stall(fx, c_mapc(0, NCPUS, true), "E_MAPC_PROCNUM_OOR");
	/* One 4 KiB page of 8-byte CTEs holds ICIDs 0..511. */
	expect_stall(fx, c_mapc(512, 0, true), "E_MAPC_COLLECTION_OOR");
	issue(fx, c_mapc(511, 3, true));
	/* V=0 needs no processor. */
	issue(fx, c_mapc(511, 0xffff, false));
}

static void test_its_mapti_errors(void **state)
{
	struct fx *fx = *state;

	map_coll(fx, 0, 0);
	expect_stall(fx, c_mapti(0x10000, 0, 8192, 0), "E_MAPTI_DEVICE_OOR");
	expect_stall(fx, c_mapti(1, 0, 8192, 0), "E_MAPTI_UNMAPPED_DEVICE");
	map_dev(fx, 1, 5);
	/* 5 EventID bits: events 0..31. */
	expect_stall(fx, c_mapti(1, 32, 8192, 0), "E_MAPTI_ID_OOR");
	/* LPIs are 8192 .. 2^16 - 1 for a GIC with 16 INTID bits. */
	expect_stall(fx, c_mapti(1, 31, 8191, 0), "E_MAPTI_PHYSICALID_OOR");
	expect_stall(fx, c_mapti(1, 31, 65536, 0), "E_MAPTI_PHYSICALID_OOR");
	issue(fx, c_mapti(1, 31, 65535, 0));
	expect_irq(fx, 1, 31, 65535, 0);
}

static void test_its_map_collection_oor_with_narrow_cidbits(void **state)
{
	struct its_config cfg;
	struct fx *fx;

	(void)state;
	its_config_default(&cfg);
	cfg.cidbits = 8;
	fx = fx_create_ready(&cfg);
	map_dev(fx, 1, 14);
	/* 8 collection ID bits: ICID 256 is out of range. */
	expect_stall(fx, c_mapti(1, 0, 8192, 256), "E_MAPTI_COLLECTION_OOR");
	expect_stall(fx, c_mapi(1, 8192, 256), "E_MAPI_COLLECTION_OOR");
	expect_stall(fx, c_mapc(256, 0, true), "E_MAPC_COLLECTION_OOR");
	expect_stall(fx, c_invall(256), "E_INVALL_COLLECTION_OOR");
	issue(fx, c_mapti(1, 0, 8192, 255));
	expect_stall(fx, c_movi(1, 0, 256), "E_MOVI_COLLECTION_OOR");
	fx_destroy(fx);
}

static void test_its_mapi_errors(void **state)
{
	struct fx *fx = *state;

	expect_stall(fx, c_mapi(2, 8192, 0), "E_MAPI_UNMAPPED_DEVICE");
	map_dev(fx, 2, 14);
	/* 14 bits: events 0..16383. */
	expect_stall(fx, c_mapi(2, 16384, 0), "E_MAPI_ID_OOR");
	/* EventID 100 as an INTID is not an LPI. */
	expect_stall(fx, c_mapi(2, 100, 0), "E_MAPI_PHYSICALID_OOR");
}

/* The checks INT, CLEAR, DISCARD, INV and MOVI share (§5.3), in order. */
static void test_its_event_command_errors(void **state)
{
	struct fx *fx = *state;
	static const unsigned ops[] = { ITS_CMD_INT, ITS_CMD_CLEAR, ITS_CMD_DISCARD, ITS_CMD_INV,
					ITS_CMD_MOVI };
	char name[48];

	map_coll(fx, 0, 0);
	map_dev(fx, 1, 5);
	/* Event 1's collection (7) is never mapped. */
	issue(fx, c_mapti(1, 1, 8192, 7));
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const char *cmd = its_cmd_name(ops[i]);
		struct cmd c;

#define EXPECT(dev, ev, cond) do { \
		c = c_ev(ops[i], dev, ev); \
		if (ops[i] == ITS_CMD_MOVI) \
			c.d[2] = FIELD_PREP(ITS_CMD_2_ICID, 0); \
		snprintf(name, sizeof(name), "E_%s_%s", cmd, cond); \
		expect_stall(fx, c, name); \
	} while (0)
		EXPECT(0x10000, 0, "DEVICE_OOR");
		EXPECT(2, 0, "UNMAPPED_DEVICE");
		EXPECT(1, 32, "ID_OOR");
		EXPECT(1, 0, "UNMAPPED_INTERRUPT");
		EXPECT(1, 1, "ITE_INVALID");
#undef EXPECT
	}
}

static void test_its_movi_target_collection_errors(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 1, 0, 8192, 0, 0);
	expect_stall(fx, c_movi(1, 0, 512), "E_MOVI_COLLECTION_OOR");
	expect_stall(fx, c_movi(1, 0, 9), "E_MOVI_UNMAPPED_COLLECTION");
}

static void test_its_invall_and_movall_errors(void **state)
{
	struct fx *fx = *state;

	expect_stall(fx, c_invall(512), "E_INVALL_COLLECTION_OOR");
	expect_stall(fx, c_invall(3), "E_INVALL_UNMAPPED_COLLECTION");
	expect_stall(fx, c_movall(NCPUS, 0), "E_MOVALL_PROCNUM_OOR");
	expect_stall(fx, c_movall(0, NCPUS), "E_MOVALL_PROCNUM_OOR");
}

static void test_its_unknown_opcodes_stall(void **state)
{
	struct fx *fx = *state;
	/* 0x00, 0x02, 0x06, 0x07: unallocated; 0x29 is GICv4 VMAPP, not implemented. */
	static const unsigned ops[] = { 0x00, 0x02, 0x06, 0x07, 0x29, 0xff };

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		expect_stall(fx, c_op(ops[i], 0), "E_UNKNOWN_COMMAND");
	assert_int_equal(its_get_stats(fx->its)->cmd_errors, 6);
}

static void test_its_stall_holds_later_commands_until_retry(void **state)
{
	struct fx *fx = *state;
	uint64_t at;

	map_dev(fx, 1, 5);
	issue(fx, c_mapti(1, 0, 8192, 2));
	at = fx->wr;
	cmd_put(fx, c_mapc(2, NCPUS, true));   /* bad */
	cmd_put(fx, c_mapc(2, 1, true));       /* would map collection 2 */
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), at | GITS_CREADR_STALLED);
	expect_drop(fx, 1, 0, "unmapped-collection");
	/* A GITS_CWRITER write without Retry does not restart a stalled queue. */
	its_wr(fx, GITS_CWRITER, 8, fx->wr);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), at | GITS_CREADR_STALLED);
	/* Retrying the unfixed command stalls again, counting a second error. */
	its_wr(fx, GITS_CWRITER, 8, fx->wr | GITS_CWRITER_RETRY);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), at | GITS_CREADR_STALLED);
	assert_int_equal(its_get_stats(fx->its)->cmd_errors, 2);
	/* Fixed in memory, then retried: both commands run. */
	cmd_write(fx, at, c_mapc(2, 3, true));
	its_wr(fx, GITS_CWRITER, 8, fx->wr | GITS_CWRITER_RETRY);
	assert_drained(fx);
	expect_irq(fx, 1, 0, 8192, 1);
	assert_string_equal(its_last_cmd_error(fx->its), "E_MAPC_PROCNUM_OOR");
}

static void test_its_table_access_failures_stall(void **state)
{
	struct fx *fx = *state;

	map_coll(fx, 0, 0);
	/* MAPD does not touch the ITT: an ITT nothing decodes at is accepted ... */
	issue(fx, c_mapd(1, 4, UNMAPPED, true));
	/* ... and the first write to it fails. */
	expect_stall(fx, c_mapti(1, 0, 8192, 0), "E_MAPTI_TABLE_WRITE");
	expect_stall(fx, c_ev(ITS_CMD_INT, 1, 0), "E_INT_TABLE_READ");
	expect_drop(fx, 1, 0, "table-fetch-error");
	/* Tables whose GITS_BASER points at nothing. */
	its_wr(fx, GITS_CTLR, 4, 0);
	its_wr(fx, GITS_BASER(0), 8, baser(GITS_BASER_PAGE_4K, UNMAPPED, 1, false));
	its_wr(fx, GITS_BASER(1), 8, baser(GITS_BASER_PAGE_4K, UNMAPPED, 1, false));
	its_enable(fx);
	expect_stall(fx, c_mapd(2, 4, ITT(2), true), "E_MAPD_TABLE_WRITE");
	expect_stall(fx, c_mapc(2, 0, true), "E_MAPC_TABLE_WRITE");
	expect_stall(fx, c_invall(2), "E_INVALL_TABLE_READ");
	expect_drop(fx, 2, 0, "table-fetch-error");
}

static void test_its_command_fetch_failure_stalls(void **state)
{
	struct fx *fx = *state;

	its_wr(fx, GITS_CTLR, 4, 0);
	its_wr(fx, GITS_CBASER, 8, GITS_CBASER_VALID |
	       FIELD_ADDR(GITS_CBASER_PHYSICAL_ADDRESS, UNMAPPED));
	its_enable(fx);
	its_wr(fx, GITS_CWRITER, 8, 32);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), GITS_CREADR_STALLED);
	assert_string_equal(its_last_cmd_error(fx->its), "E_CMD_FETCH");
	/* Moving the queue (disabled) resets GITS_CREADR, Stalled included. */
	its_wr(fx, GITS_CTLR, 4, 0);
	its_program(fx, CMDQ, DEVTAB, COLLTAB);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), 0);
	its_enable(fx);
	issue(fx, c_sync(0));
}

/* ================= tables ================= */

struct page_case {
	unsigned enc;
	uint64_t bytes;
};

static const struct page_case page_4k = { GITS_BASER_PAGE_4K, 0x1000 };
static const struct page_case page_16k = { GITS_BASER_PAGE_16K, 0x4000 };
static const struct page_case page_64k = { GITS_BASER_PAGE_64K, 0x10000 };

/* Flat device table of two pages: DeviceIDs 0 .. 2 * page / 8 - 1. */
static void test_its_flat_device_table(void **state)
{
	const struct page_case *pc = *state;
	struct fx *fx = fx_create(NULL);
	uint32_t last = (uint32_t)(2 * pc->bytes / 8 - 1);

	lpis_enable(fx);
	its_program(fx, CMDQ, DEVTAB, COLLTAB);
	its_wr(fx, GITS_BASER(0), 8, baser(pc->enc, DEVTAB, 2, false));
	its_enable(fx);
	map_event(fx, last, 0, 8192, 0, 0);
	assert_true(its_dte_decode(ram64(fx, DEVTAB + (uint64_t)last * 8)).valid);
	expect_irq(fx, last, 0, 8192, 0);
	expect_stall(fx, c_mapd(last + 1, 4, ITT(0), true), "E_MAPD_DEVICE_OOR");
	expect_drop(fx, last + 1, 0, "deviceid-out-of-range");
	fx_destroy(fx);
}

/*
 * Indirect device table: a one-page level-1 table whose entry 1 points at
 * a level-2 page; each level-2 page holds page / 8 DTEs (§12.19 GITS_BASER
 * Indirect).  DeviceIDs under level-1 entry 0 (invalid) are out of range.
 */
static void test_its_indirect_device_table(void **state)
{
	const struct page_case *pc = *state;
	struct its_config cfg;
	struct fx *fx;
	uint32_t per = (uint32_t)(pc->bytes / 8), dev = per + 3;
	/* One level-1 page of 8-byte entries covers per * per IDs, unless Devbits (20) ends first. */
	uint64_t beyond = (uint64_t)per * per < (1u << 20) ? (uint64_t)per * per : 1u << 20;
	uint64_t l2 = L2 + pc->bytes; /* page-aligned for every page size */

	its_config_default(&cfg);
	cfg.devbits = 20;
	fx = fx_create(&cfg);
	lpis_enable(fx);
	its_program(fx, CMDQ, DEVTAB, COLLTAB);
	its_wr(fx, GITS_BASER(0), 8, baser(pc->enc, DEVTAB, 1, true));
	/* Level-1 entry 1: valid, the level-2 page's address. */
	ram_w64(fx, DEVTAB + 1 * GITS_L1E_SIZE, GITS_L1E_VALID | FIELD_ADDR(GITS_L1E_ADDR, l2));
	its_enable(fx);
	map_event(fx, dev, 0, 8192, 0, 2);
	/* The DTE is entry dev % per = 3 of the level-2 page. */
	assert_true(its_dte_decode(ram64(fx, l2 + 3 * 8)).valid);
	assert_int_equal(its_dte_decode(ram64(fx, l2 + 3 * 8)).itt_addr, ITT(dev));
	expect_irq(fx, dev, 0, 8192, 2);
	/* DeviceID 3 is under level-1 entry 0, which is invalid. */
	expect_stall(fx, c_mapd(3, 4, ITT(3), true), "E_MAPD_DEVICE_OOR");
	expect_drop(fx, 3, 0, "deviceid-out-of-range");
	expect_stall(fx, c_mapd((uint32_t)beyond, 4, ITT(3), true), "E_MAPD_DEVICE_OOR");
	expect_drop(fx, (uint32_t)beyond, 0, "deviceid-out-of-range");
	/* A last DeviceID of the level-2 page, then the first of the next (invalid) one. */
	map_dev(fx, 2 * per - 1, 5);
	expect_stall(fx, c_mapd(2 * per, 4, ITT(3), true), "E_MAPD_DEVICE_OOR");
	fx_destroy(fx);
}

static void test_its_indirect_collection_table(void **state)
{
	struct fx *fx = *state;

	its_wr(fx, GITS_CTLR, 4, 0);
	its_wr(fx, GITS_BASER(1), 8, baser(GITS_BASER_PAGE_4K, COLLTAB, 1, true));
	/* 512 CTEs per 4 KiB level-2 page: ICID 700 is entry 188 under level-1 entry 1. */
	ram_w64(fx, COLLTAB + 8, GITS_L1E_VALID | FIELD_ADDR(GITS_L1E_ADDR, L2));
	its_enable(fx);
	map_event(fx, 1, 0, 8192, 700, 3);
	assert_int_equal(its_cte_decode(ram64(fx, L2 + 188 * 8)).procnum, 3);
	expect_irq(fx, 1, 0, 8192, 3);
	expect_stall(fx, c_mapc(5, 0, true), "E_MAPC_COLLECTION_OOR");
}

/* ================= translation ================= */

static void test_its_every_drop_reason(void **state)
{
	struct fx *fx = *state;
	struct bus_attrs a = { 0 };
	const struct its_stats *st = its_get_stats(fx->its);

	map_event(fx, 1, 0, 8192, 0, 0);
	issue(fx, c_mapti(1, 1, 8193, 9));          /* collection 9 unmapped */
	issue(fx, c_mapd(2, 4, UNMAPPED, true));    /* ITT at nothing */
	map_coll(fx, 3, 3);
	issue(fx, c_mapti(1, 2, 8194, 3));
	gicr_wr(fx, 3, GICR_CTLR, 4, 0);            /* CPU 3 refuses LPIs */

	/* A CPU's write carries no DeviceID. */
	a.flags = BUS_ATTR_CPU;
	assert_int_equal(bus_write(fx->bus, ITS_BASE + GITS_TRANSLATER, 4, 0, &a), SM_OK);
	assert_int_equal(a.result.kind, BUS_RESULT_DROPPED);
	assert_string_equal(a.result.reason, "no-deviceid");
	expect_drop(fx, 0x10000, 0, "deviceid-out-of-range");
	expect_drop(fx, 5, 0, "unmapped-device");
	expect_drop(fx, 1, 32, "eventid-out-of-range");
	expect_drop(fx, 1, 3, "unmapped-event");
	expect_drop(fx, 1, 1, "unmapped-collection");
	expect_drop(fx, 2, 0, "table-fetch-error");
	expect_drop(fx, 1, 2, "redistributor-refused");
	its_wr(fx, GITS_CTLR, 4, 0);
	expect_drop(fx, 1, 0, "its-disabled");
	for (enum its_drop d = 0; d < ITS_DROP_COUNT; d++)
		assert_int_equal(st->drops[d], 1);
	assert_int_equal(st->translations, ITS_DROP_COUNT);
	assert_int_equal(st->lpis, 0);
}

static void test_its_translater_takes_16bit_writes(void **state)
{
	struct fx *fx = *state;
	struct bus_attrs a = { .src_id = 3, .flags = BUS_ATTR_SRC_VALID };

	map_event(fx, 3, 17, 8270, 0, 1);
	/* A 16-bit MSI payload is an EventID with [31:16] = 0. */
	assert_int_equal(bus_write(fx->bus, ITS_BASE + GITS_TRANSLATER, 2, 17, &a), SM_OK);
	assert_int_equal(a.result.kind, BUS_RESULT_INTERRUPT);
	assert_int_equal(a.result.id, 8270);
	assert_int_equal(a.result.target, 1);
}

static void test_its_translation_cost(void **state)
{
	struct fx *fx = *state;
	const struct sm_latency lat = SM_LATENCY_DEFAULT;
	struct bus_attrs a = { .src_id = 1, .flags = BUS_ATTR_SRC_VALID };

	map_event(fx, 1, 0, 8280, 0, 0);
	/*
	 * MAPD/MAPC/MAPTI filled the ITS caches, so the first translation misses
	 * only the LPI configuration cache: the MMIO write plus one RAM read.
	 */
	assert_int_equal(bus_write(fx->bus, ITS_BASE + GITS_TRANSLATER, 4, 0, &a), SM_OK);
	assert_int_equal(a.cycles, lat.mmio_write + lat.ram_read);
	a.cycles = 0;
	assert_int_equal(bus_write(fx->bus, ITS_BASE + GITS_TRANSLATER, 4, 0, &a), SM_OK);
	assert_int_equal(a.cycles, lat.mmio_write);
	/* After a reset of the caches (BASER rewritten), DTE + ITE + CTE are read: 3 RAM reads. */
	its_wr(fx, GITS_CTLR, 4, 0);
	its_wr(fx, GITS_BASER(0), 8, its_rd(fx, GITS_BASER(0), 8));
	its_wr(fx, GITS_BASER(1), 8, its_rd(fx, GITS_BASER(1), 8));
	its_enable(fx);
	a.cycles = 0;
	assert_int_equal(bus_write(fx->bus, ITS_BASE + GITS_TRANSLATER, 4, 0, &a), SM_OK);
	assert_int_equal(a.cycles, lat.mmio_write + 3 * lat.ram_read);
	assert_true(its_get_stats(fx->its)->cache_misses >= 3);
	assert_true(its_get_stats(fx->its)->cache_hits >= 3);
}

/* ================= caches ================= */

static struct its_config tiny_caches(void)
{
	struct its_config cfg;

	its_config_default(&cfg);
	cfg.dev_cache_sets = cfg.ite_cache_sets = cfg.coll_cache_sets = 1;
	cfg.dev_cache_ways = cfg.ite_cache_ways = cfg.coll_cache_ways = 1;
	return cfg;
}

static void test_its_dte_edited_in_memory_unseen_until_eviction(void **state)
{
	struct its_config cfg = tiny_caches();
	struct fx *fx;

	(void)state;
	fx = fx_create_ready(&cfg);
	map_event(fx, 1, 0, 8192, 0, 0);
	/* Software clears the DTE behind the ITS's back: the cached copy still translates. */
	ram_w64(fx, DEVTAB + 1 * 8, 0);
	expect_irq(fx, 1, 0, 8192, 0);
	/* Mapping device 2 takes the one-entry device cache; device 1 is read again. */
	map_dev(fx, 2, 5);
	expect_drop(fx, 1, 0, "unmapped-device");
	fx_destroy(fx);
}

static void test_its_ite_edited_in_memory_unseen_until_eviction(void **state)
{
	struct its_config cfg = tiny_caches();
	struct its_ite ite = { .valid = true, .icid = 0, .pintid = 9999 };
	struct fx *fx;

	(void)state;
	fx = fx_create_ready(&cfg);
	map_event(fx, 1, 0, 8192, 0, 0);
	issue(fx, c_mapti(1, 1, 8193, 0));       /* cached now: event 1 */
	ram_w64(fx, ITT(1) + 1 * 8, its_ite_encode(&ite));
	expect_irq(fx, 1, 1, 8193, 0);
	/* Event 0 takes the one-entry ITE cache; event 1's ITE is then read from memory. */
	expect_irq(fx, 1, 0, 8192, 0);
	expect_irq(fx, 1, 1, 9999, 0);
	fx_destroy(fx);
}

static void test_its_cte_edited_in_memory_unseen_until_eviction(void **state)
{
	struct its_config cfg = tiny_caches();
	struct its_cte cte = { .valid = true, .procnum = 3 };
	struct fx *fx;

	(void)state;
	fx = fx_create_ready(&cfg);
	map_event(fx, 1, 0, 8192, 0, 0);
	ram_w64(fx, COLLTAB + 0 * 8, its_cte_encode(&cte));
	expect_irq(fx, 1, 0, 8192, 0);
	map_coll(fx, 1, 1);
	expect_irq(fx, 1, 0, 8192, 3);
	fx_destroy(fx);
}

/* ================= instances, config, formats ================= */

static void test_its_two_instances_independent(void **state)
{
	struct fx *fx = *state;
	struct sm_err err = { 0 };
	struct its *b = its_create(NULL, fx->bus, fx->g, NULL, &fx->log, &err);
	struct fx fb;

	assert_non_null(b);
	assert_int_equal(bus_add_mmio(fx->bus, "its1", ITS2_BASE, GITS_FRAME_SIZE, &its_mmio_ops, b,
				      &err), SM_OK);
	/* A second software view of the same bus, on the second ITS. */
	fb = *fx;
	fb.its = b;
	fb.its_base = ITS2_BASE;
	its_program(&fb, CMDQ + 0x100000, DEVTAB + 0x100000, COLLTAB + 0x100000);
	its_enable(&fb);

	map_event(fx, 5, 0, 8192, 0, 0);
	issue(&fb, c_mapc(0, 2, true));
	issue(&fb, c_mapd(5, 4, ITT(5) + 0x20000, true));
	issue(&fb, c_mapti(5, 0, 8193, 0));
	/* The same DeviceID and EventID, two translations. */
	expect_irq(fx, 5, 0, 8192, 0);
	expect_irq(&fb, 5, 0, 8193, 2);
	/* An error stalls one queue only. */
	expect_stall(&fb, c_op(0x00, 0), "E_UNKNOWN_COMMAND");
	assert_null(its_last_cmd_error(fx->its));
	/* Disabling one leaves the other translating. */
	its_wr(fx, GITS_CTLR, 4, 0);
	expect_drop(fx, 5, 0, "its-disabled");
	expect_irq(&fb, 5, 0, 8193, 2);
	assert_int_equal(its_get_stats(fx->its)->translations, 2);
	assert_int_equal(its_get_stats(b)->translations, 2);
	assert_int_equal(its_get_stats(b)->cmd_errors, 1);
	its_destroy(b);
}

static void test_its_reset_restores_registers(void **state)
{
	struct fx *fx = *state;

	map_event(fx, 1, 0, 8192, 0, 0);
	expect_stall(fx, c_op(0, 0), "E_UNKNOWN_COMMAND");
	its_reset(fx->its);
	assert_int_equal(its_rd(fx, GITS_CTLR, 4), GITS_CTLR_QUIESCENT);
	assert_int_equal(its_rd(fx, GITS_CBASER, 8), 0);
	assert_int_equal(its_rd(fx, GITS_CREADR, 8), 0);
	assert_int_equal(FIELD_GET(GITS_BASER_TYPE, its_rd(fx, GITS_BASER(0), 8)), 1);
	assert_int_equal(its_rd(fx, GITS_BASER(0), 8) & GITS_BASER_VALID, 0);
	assert_null(its_last_cmd_error(fx->its));
	assert_int_equal(its_get_stats(fx->its)->commands, 0);
}

static void test_its_config_from_platform(void **state)
{
	static const char text[] =
		"name t\n"
		"ram 0x40000000 0x1000000\n"
		"its 0x08080000 0x20000 devbits=20 eventid_bits=8 cidbits=4 iidr=0x43b "
		"dev_cache_sets=4 dev_cache_ways=1 ite_cache_sets=8 ite_cache_ways=4 "
		"coll_cache_sets=2 coll_cache_ways=8\n"
		"its 0x080A0000 0x20000 bogus=1\n"
		"its 0x080C0000 0x20000 devbits=33\n"
		"its 0x080E0000 0x20000 ite_cache_sets=3\n";
	struct platform p;
	struct its_config cfg;
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(plat_parse(text, "t.plat", &p, &err), SM_OK);
	its_config_default(&cfg);
	assert_int_equal(its_config_from_plat(plat_find_dev(&p, "its", 0), &cfg, &err), SM_OK);
	assert_int_equal(cfg.devbits, 20);
	assert_int_equal(cfg.eventid_bits, 8);
	assert_int_equal(cfg.cidbits, 4);
	assert_int_equal(cfg.iidr, 0x43b);
	assert_int_equal(cfg.dev_cache_sets, 4);
	assert_int_equal(cfg.ite_cache_ways, 4);
	assert_int_equal(cfg.coll_cache_ways, 8);
	its_config_default(&cfg);
	assert_int_equal(its_config_from_plat(plat_find_dev(&p, "its", 1), &cfg, &err), SM_EINVAL);
	assert_string_equal(err.msg, "line 4: unknown its property 'bogus'");
	assert_int_equal(its_config_from_plat(plat_find_dev(&p, "its", 2), &cfg, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "devbits=33 out of range"));
	its_config_default(&cfg);
	assert_int_equal(its_config_from_plat(plat_find_dev(&p, "its", 3), &cfg, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "power of two"));
}

static void test_its_create_needs_redistributors(void **state)
{
	struct sm_err err = { 0 };

	(void)state;
	assert_null(its_create(NULL, NULL, NULL, NULL, NULL, &err));
	assert_int_equal(err.code, SM_EINVAL);
}

static void test_its_entry_formats_round_trip(void **state)
{
	struct its_dte d = { .valid = true, .itt_addr = UINT64_C(0x000fedcba9876500), .size = 31 };
	struct its_ite i = { .valid = true, .icid = 0xffff, .pintid = 0xfedcba98 };
	struct its_cte c = { .valid = true, .procnum = 0xabcd };
	struct its_dte d2 = its_dte_decode(its_dte_encode(&d));
	struct its_ite i2 = its_ite_decode(its_ite_encode(&i));
	struct its_cte c2 = its_cte_decode(its_cte_encode(&c));

	(void)state;
	assert_true(d2.valid);
	assert_int_equal(d2.itt_addr, d.itt_addr);
	assert_int_equal(d2.size, d.size);
	assert_true(i2.valid);
	assert_int_equal(i2.icid, i.icid);
	assert_int_equal(i2.pintid, i.pintid);
	assert_true(c2.valid);
	assert_int_equal(c2.procnum, c.procnum);
	assert_false(its_dte_decode(0).valid);
}

static void test_its_names(void **state)
{
	(void)state;
	assert_string_equal(its_cmd_name(ITS_CMD_MAPTI), "MAPTI");
	assert_int_equal(its_cmd_from_name("MOVALL"), ITS_CMD_MOVALL);
	assert_null(its_cmd_name(0x00));
	assert_int_equal(its_cmd_from_name("VMAPP"), -1);
	assert_string_equal(its_drop_name(ITS_DROP_ITS_DISABLED), "its-disabled");
	assert_string_equal(its_drop_name(ITS_DROP_RDIST_REFUSED), "redistributor-refused");
}

#define T(fn)  cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define TB(fn) cmocka_unit_test_setup_teardown(fn, setup_bare, teardown)
#define TP(fn, pc) { #fn "_" #pc, fn, NULL, NULL, (void *)&(pc) }

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_its_typer_describes_the_default_its),
		cmocka_unit_test(test_its_typer_follows_config),
		T(test_its_id_registers_read_only),
		TB(test_its_ctlr_enabled_and_quiescent),
		TB(test_its_cbaser_reads_back_and_resets_creadr),
		TB(test_its_commands_wait_for_enabled_and_valid),
		T(test_its_cwriter_beyond_queue_ignored),
		T(test_its_creadr_read_only),
		T(test_its_queue_wraps),
		TB(test_its_baser_types_and_read_only_fields),
		T(test_its_unknown_offsets_raz_wi_with_warning),

		T(test_its_mapti_delivers_to_the_collections_cpu),
		T(test_its_tables_hold_our_entry_formats),
		T(test_its_mapi_uses_eventid_as_intid),
		T(test_its_mapd_unmap_and_remap),
		T(test_its_mapc_unmap_drops),
		T(test_its_int_clear_and_discard),
		T(test_its_movi_moves_a_pending_lpi),
		T(test_its_movall_moves_every_pending_lpi),
		T(test_its_inv_makes_an_enabled_lpi_ackable),
		T(test_its_invall_refreshes_the_collections_cpu),
		T(test_its_ack_order_priority_then_intid),
		T(test_its_sync_completes),

		T(test_its_mapd_errors),
		T(test_its_mapc_errors),
		T(test_its_mapti_errors),
		cmocka_unit_test(test_its_map_collection_oor_with_narrow_cidbits),
		T(test_its_mapi_errors),
		T(test_its_event_command_errors),
		T(test_its_movi_target_collection_errors),
		T(test_its_invall_and_movall_errors),
		T(test_its_unknown_opcodes_stall),
		T(test_its_stall_holds_later_commands_until_retry),
		T(test_its_table_access_failures_stall),
		T(test_its_command_fetch_failure_stalls),

		TP(test_its_flat_device_table, page_4k),
		TP(test_its_flat_device_table, page_16k),
		TP(test_its_flat_device_table, page_64k),
		TP(test_its_indirect_device_table, page_4k),
		TP(test_its_indirect_device_table, page_16k),
		TP(test_its_indirect_device_table, page_64k),
		T(test_its_indirect_collection_table),

		T(test_its_every_drop_reason),
		T(test_its_translater_takes_16bit_writes),
		T(test_its_translation_cost),

		cmocka_unit_test(test_its_dte_edited_in_memory_unseen_until_eviction),
		cmocka_unit_test(test_its_ite_edited_in_memory_unseen_until_eviction),
		cmocka_unit_test(test_its_cte_edited_in_memory_unseen_until_eviction),

		T(test_its_two_instances_independent),
		T(test_its_reset_restores_registers),
		cmocka_unit_test(test_its_config_from_platform),
		cmocka_unit_test(test_its_create_needs_redistributors),
		cmocka_unit_test(test_its_entry_formats_round_trip),
		cmocka_unit_test(test_its_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

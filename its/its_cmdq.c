/* SPDX-License-Identifier: MIT */
/*
 * ITS command queue.  IHI 0069 §5.3 "ITS commands" and §12.19 GITS_CBASER,
 * GITS_CWRITER, GITS_CREADR: commands are read from the circular queue at
 * GITS_CBASER, 32 bytes each, from GITS_CREADR up to GITS_CWRITER, while
 * GITS_CTLR.Enabled=1, GITS_CBASER.Valid=1 and the queue is not stalled.
 *
 * IMPDEF (§5.3.2 "Command errors", GITS_TYPER.SEIS=0): a command that fails
 * any of its checks, an unknown opcode or a queue read that hits nothing
 * stalls the queue: GITS_CREADR.Stalled=1 with Offset at the failing
 * command, which has had no effect.  The error's name is kept
 * (its_last_cmd_error) and logged.  Software restarts the queue at the
 * same command by writing GITS_CWRITER with Retry=1, after fixing memory.
 *
 * The model is synchronous: every command up to GITS_CWRITER runs before
 * the register write that published it returns, so SYNC completes at once.
 * Table reads and writes made by commands are not charged to anyone.
 */
#include <stdio.h>

#include "its/its_cmd.h"
#include "its/its_table.h"

typedef enum its__cmd_err (*cmd_fn)(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS]);

static const char *cmd_err_name(enum its__cmd_err e)
{
	switch (e) {
	case ITS_CMD_OK:
		return "OK";
#define X(name) case ITS_CMD_E_##name: return #name;
	ITS_CMD_ERR_LIST(X)
#undef X
	}
	return "?";
}

static uint32_t devid_of(const uint64_t cmd[ITS_CMD_DWORDS])
{
	return (uint32_t)FIELD_GET(ITS_CMD_0_DEVICEID, cmd[0]);
}

static uint32_t eventid_of(const uint64_t cmd[ITS_CMD_DWORDS])
{
	return (uint32_t)FIELD_GET(ITS_CMD_1_EVENTID, cmd[1]);
}

static uint32_t icid_of(const uint64_t cmd[ITS_CMD_DWORDS])
{
	return (uint32_t)FIELD_GET(ITS_CMD_2_ICID, cmd[2]);
}

/* PTA=0: RDbase holds a processor number (GICR_TYPER.Processor_Number). */
static bool procnum_ok(const struct its *its, uint64_t rdbase)
{
	return rdbase < gicr_ncpus(its->rd);
}

static enum its__cmd_err lookup_err(enum its__lookup r, enum its__cmd_err oor)
{
	switch (r) {
	case ITS_LK_OK:    return ITS_CMD_OK;
	case ITS_LK_OOR:   return oor;
	case ITS_LK_FETCH: return ITS_CMD_E_TABLE_READ;
	case ITS_LK_WRITE: return ITS_CMD_E_TABLE_WRITE;
	}
	return ITS_CMD_E_TABLE_READ;
}

/* An event's mapping: the device's DTE, the event's ITE and its collection's CTE. */
struct event {
	uint32_t devid, eventid;
	struct its_dte dte;
	struct its_ite ite;
	struct its_cte cte;
};

/* The device's DTE, valid, with the EventID inside its ITT. */
static enum its__cmd_err find_device(struct its *its, struct event *ev)
{
	enum its__cmd_err e = lookup_err(its__dte_get(its, ev->devid, &ev->dte, NULL),
					 ITS_CMD_E_DEVICE_OOR);

	if (e)
		return e;
	if (!ev->dte.valid)
		return ITS_CMD_E_UNMAPPED_DEVICE;
	if (!its__fits(ev->eventid, ev->dte.size + 1))
		return ITS_CMD_E_ID_OOR;
	return ITS_CMD_OK;
}

/*
 * §5.3's checks for commands naming a DeviceID and EventID, in its order:
 * DEVICE_OOR, UNMAPPED_DEVICE, ID_OOR, UNMAPPED_INTERRUPT, and (with_cte)
 * ITE_INVALID when the ITE's collection is not mapped.
 */
static enum its__cmd_err find_event(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS],
				    struct event *ev, bool with_cte)
{
	enum its__cmd_err e;

	ev->devid = devid_of(cmd);
	ev->eventid = eventid_of(cmd);
	e = find_device(its, ev);
	if (e)
		return e;
	e = lookup_err(its__ite_get(its, ev->devid, &ev->dte, ev->eventid, &ev->ite, NULL),
		       ITS_CMD_E_TABLE_READ);
	if (e)
		return e;
	if (!ev->ite.valid)
		return ITS_CMD_E_UNMAPPED_INTERRUPT;
	if (!with_cte)
		return ITS_CMD_OK;
	e = lookup_err(its__cte_get(its, ev->ite.icid, &ev->cte, NULL), ITS_CMD_E_ITE_INVALID);
	if (e)
		return e;
	return ev->cte.valid ? ITS_CMD_OK : ITS_CMD_E_ITE_INVALID;
}

/* Make an LPI pending at a CPU on the ITS's behalf; a refusal is logged, not an error. */
static void deliver(struct its *its, unsigned cpu, uint32_t intid, const char *cmd)
{
	bool enabled;
	const char *why = gicr_lpi_set_pending(its->rd, cpu, intid, &enabled, NULL);

	if (why)
		its__log(its, SM_LOG_WARN, "%s: LPI %u not made pending at cpu%u: %s", cmd, intid,
			 cpu, why);
}

static enum its__cmd_err its_cmd_movi(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	struct event ev;
	struct its_cte to;
	struct its_ite ite;
	enum its__cmd_err e = find_event(its, cmd, &ev, false);

	if (e)
		return e;
	/* The new collection: in range and mapped. */
	e = lookup_err(its__cte_get(its, icid_of(cmd), &to, NULL), ITS_CMD_E_COLLECTION_OOR);
	if (e)
		return e;
	if (!to.valid)
		return ITS_CMD_E_UNMAPPED_COLLECTION;
	/* The old one, where a pending LPI is now. */
	e = lookup_err(its__cte_get(its, ev.ite.icid, &ev.cte, NULL), ITS_CMD_E_ITE_INVALID);
	if (e)
		return e;
	if (!ev.cte.valid)
		return ITS_CMD_E_ITE_INVALID;
	ite = ev.ite;
	ite.icid = (uint16_t)icid_of(cmd);
	e = lookup_err(its__ite_put(its, ev.devid, &ev.dte, ev.eventid, &ite), ITS_CMD_E_TABLE_WRITE);
	if (e)
		return e;
	/* §5.3 MOVI: a pending LPI moves with it (cleared at the old target, set at the new). */
	if (ev.cte.procnum != to.procnum &&
	    gicr_lpi_clear_pending(its->rd, ev.cte.procnum, ite.pintid, NULL))
		deliver(its, to.procnum, ite.pintid, "MOVI");
	return ITS_CMD_OK;
}

static enum its__cmd_err its_cmd_int(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	struct event ev;
	enum its__cmd_err e = find_event(its, cmd, &ev, true);

	if (e)
		return e;
	/* §5.3 INT: as if the event had been written to GITS_TRANSLATER. */
	deliver(its, ev.cte.procnum, ev.ite.pintid, "INT");
	return ITS_CMD_OK;
}

static enum its__cmd_err its_cmd_clear(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	struct event ev;
	enum its__cmd_err e = find_event(its, cmd, &ev, true);

	if (e)
		return e;
	gicr_lpi_clear_pending(its->rd, ev.cte.procnum, ev.ite.pintid, NULL);
	return ITS_CMD_OK;
}

static enum its__cmd_err its_cmd_discard(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	struct event ev;
	struct its_ite none = { .valid = false };
	enum its__cmd_err e = find_event(its, cmd, &ev, true);

	if (e)
		return e;
	e = lookup_err(its__ite_put(its, ev.devid, &ev.dte, ev.eventid, &none),
		       ITS_CMD_E_TABLE_WRITE);
	if (e)
		return e;
	gicr_lpi_clear_pending(its->rd, ev.cte.procnum, ev.ite.pintid, NULL);
	return ITS_CMD_OK;
}

static enum its__cmd_err its_cmd_inv(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	struct event ev;
	enum its__cmd_err e = find_event(its, cmd, &ev, true);

	if (e)
		return e;
	gicr_lpi_inv(its->rd, ev.cte.procnum, ev.ite.pintid);
	return ITS_CMD_OK;
}

static enum its__cmd_err its_cmd_sync(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	uint64_t rd = FIELD_GET(ITS_CMD_2_RDBASE, cmd[2]);

	/*
	 * Every earlier command has completed already.  UNPREDICTABLE: an RDbase
	 * naming no redistributor; we chose to complete anyway, with a warning.
	 */
	if (!procnum_ok(its, rd))
		its__log(its, SM_LOG_WARN, "SYNC: RDbase %llu names no redistributor (ignored)",
			 (unsigned long long)rd);
	return ITS_CMD_OK;
}

static enum its__cmd_err its_cmd_mapd(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	uint32_t devid = devid_of(cmd);
	struct its_dte dte = {
		.valid = FIELD_GET(ITS_CMD_2_V, cmd[2]) != 0,
		.itt_addr = FIELD_ADDR(ITS_CMD_2_ITT_ADDR, cmd[2]),
		.size = (unsigned)FIELD_GET(ITS_CMD_1_SIZE, cmd[1]),
	};

	if (!its__fits(devid, its->cfg.devbits))
		return ITS_CMD_E_DEVICE_OOR;
	/* Size is EventID bits - 1: it may not exceed GITS_TYPER.ID_bits. */
	if (dte.valid && dte.size + 1 > its->cfg.eventid_bits)
		return ITS_CMD_E_ITTSIZE_OOR;
	if (!dte.valid)
		dte = (struct its_dte){ .valid = false };
	return lookup_err(its__dte_put(its, devid, &dte), ITS_CMD_E_DEVICE_OOR);
}

static enum its__cmd_err its_cmd_mapc(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	uint32_t icid = icid_of(cmd);
	uint64_t rd = FIELD_GET(ITS_CMD_2_RDBASE, cmd[2]);
	struct its_cte cte = { .valid = FIELD_GET(ITS_CMD_2_V, cmd[2]) != 0 };

	if (!its__fits(icid, its->cfg.cidbits))
		return ITS_CMD_E_COLLECTION_OOR;
	if (cte.valid && !procnum_ok(its, rd))
		return ITS_CMD_E_PROCNUM_OOR;
	if (cte.valid)
		cte.procnum = (uint16_t)rd;
	return lookup_err(its__cte_put(its, icid, &cte), ITS_CMD_E_COLLECTION_OOR);
}

/* MAPTI and MAPI: §5.3's checks, then the ITE. */
static enum its__cmd_err map_event(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS],
				   uint32_t pintid)
{
	struct event ev = { .devid = devid_of(cmd), .eventid = eventid_of(cmd) };
	struct its_ite ite = { .valid = true, .icid = (uint16_t)icid_of(cmd), .pintid = pintid };
	enum its__cmd_err e = find_device(its, &ev);

	if (e)
		return e;
	/* An LPI the GIC supports: 8192 .. 2^idbits - 1 (GICD_TYPER.IDbits). */
	if (pintid < LPI_INTID_BASE || !its__fits(pintid, gicr__idbits(its->rd)))
		return ITS_CMD_E_PHYSICALID_OOR;
	if (!its__fits(icid_of(cmd), its->cfg.cidbits))
		return ITS_CMD_E_COLLECTION_OOR;
	return lookup_err(its__ite_put(its, ev.devid, &ev.dte, ev.eventid, &ite),
			  ITS_CMD_E_TABLE_WRITE);
}

static enum its__cmd_err its_cmd_mapti(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	return map_event(its, cmd, (uint32_t)FIELD_GET(ITS_CMD_1_PINTID, cmd[1]));
}

static enum its__cmd_err its_cmd_mapi(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	/* §5.3 MAPI: MAPTI with pINTID = EventID. */
	return map_event(its, cmd, eventid_of(cmd));
}

static enum its__cmd_err its_cmd_invall(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	struct its_cte cte;
	enum its__cmd_err e = lookup_err(its__cte_get(its, icid_of(cmd), &cte, NULL),
					 ITS_CMD_E_COLLECTION_OOR);

	if (e)
		return e;
	if (!cte.valid)
		return ITS_CMD_E_UNMAPPED_COLLECTION;
	gicr_lpi_invall(its->rd, cte.procnum);
	return ITS_CMD_OK;
}

static enum its__cmd_err its_cmd_movall(struct its *its, const uint64_t cmd[ITS_CMD_DWORDS])
{
	uint64_t from = FIELD_GET(ITS_CMD_2_RDBASE, cmd[2]);
	uint64_t to = FIELD_GET(ITS_CMD_3_RDBASE2, cmd[3]);
	uint32_t intid = 0;

	if (!procnum_ok(its, from) || !procnum_ok(its, to))
		return ITS_CMD_E_PROCNUM_OOR;
	if (from == to)
		return ITS_CMD_OK;
	/* §5.3 MOVALL: every pending LPI at RDbase1 becomes pending at RDbase2 instead. */
	while (gicr__pending_next(its->rd, (unsigned)from, intid, &intid)) {
		gicr_lpi_clear_pending(its->rd, (unsigned)from, intid, NULL);
		deliver(its, (unsigned)to, intid, "MOVALL");
	}
	return ITS_CMD_OK;
}

static cmd_fn cmd_handler(unsigned opcode)
{
	switch (opcode) {
#define X(name, op, fn) case op: return fn;
	ITS_CMD_LIST(X)
#undef X
	}
	return NULL;
}

static void stall(struct its *its, const char *name, const char *what)
{
	snprintf(its->last_error, sizeof(its->last_error), "%s", name);
	its->creadr |= GITS_CREADR_STALLED;
	its->stats.cmd_errors++;
	its__log(its, SM_LOG_WARN, "%s at queue offset 0x%llx: %s: command queue stalled", what,
		 (unsigned long long)FIELD_ADDR(GITS_CREADR_OFFSET, its->creadr), name);
}

void its__cmdq_process(struct its *its)
{
	uint64_t base = FIELD_ADDR(GITS_CBASER_PHYSICAL_ADDRESS, its->cbaser);
	uint64_t qbytes = (FIELD_GET(GITS_CBASER_SIZE, its->cbaser) + 1) * 4096;

	while ((its->ctlr & GITS_CTLR_ENABLED) && (its->cbaser & GITS_CBASER_VALID) &&
	       !(its->creadr & GITS_CREADR_STALLED) &&
	       FIELD_ADDR(GITS_CREADR_OFFSET, its->creadr) != its->cwriter) {
		uint64_t off = FIELD_ADDR(GITS_CREADR_OFFSET, its->creadr);
		uint8_t bytes[ITS_CMD_SIZE];
		uint64_t cmd[ITS_CMD_DWORDS];
		char name[48];
		unsigned op;
		enum its__cmd_err e;
		cmd_fn fn;

		if (off >= qbytes || its->cwriter >= qbytes) {
			/* Only a queue shrunk under a stale GITS_CWRITER gets here. */
			its__log(its, SM_LOG_WARN, "command queue offsets beyond its %llu bytes: "
				 "not processed", (unsigned long long)qbytes);
			return;
		}
		if (bus_read_block(its->bus, base + off, bytes, sizeof(bytes), NULL)) {
			stall(its, "E_CMD_FETCH", "command read");
			return;
		}
		for (unsigned i = 0; i < ITS_CMD_DWORDS; i++)
			cmd[i] = mem_le_get(bytes + 8 * i, 8);
		op = (unsigned)FIELD_GET(ITS_CMD_0_OP, cmd[0]);
		fn = cmd_handler(op);
		its->stats.commands++;
		if (!fn) {
			snprintf(name, sizeof(name), "opcode 0x%02x", op);
			/* IMPDEF name: §5.3 gives unknown opcodes no error name. */
			stall(its, "E_UNKNOWN_COMMAND", name);
			return;
		}
		e = fn(its, cmd);
		if (e != ITS_CMD_OK) {
			char ename[48];

			snprintf(ename, sizeof(ename), "E_%s_%s", its_cmd_name(op), cmd_err_name(e));
			stall(its, ename, its_cmd_name(op));
			return;
		}
		its->creadr = FIELD_ADDR(GITS_CREADR_OFFSET, (off + ITS_CMD_SIZE) % qbytes);
	}
}

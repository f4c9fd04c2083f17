/* SPDX-License-Identifier: MIT */
/*
 * Driver lines for the GIC side, as Linux's irq-gic-v3 (redistributor LPI
 * set-up), irq-gic-v3-its (tables, command queue, device and interrupt
 * mapping) and dma-iommu (the MSI doorbell page in a device's IOVA space)
 * do it: register writes, table and command-queue memory, nothing else.
 * docs/driver.md documents every line.
 */
#include <stdio.h>
#include <string.h>

#include "harness/driver.h"
#include "harness/pgtable.h"
#include "its/its_cmd.h"
#include "its/its_regs.h"
#include "model/platform.h"
#include "smmu/smmu_regs.h"
#include "model/mem.h"

#define ITS_CMDQ_SIZE 0x10000u   /* Linux's ITS_CMD_QUEUE_SZ */
#define SW_MSI_IOVA   0x8000000u /* Linux's MSI_IOVA_BASE, 1 MiB window */

struct its_verb {
	const char *name;
	const char *keys;
};

static const struct its_verb verbs[] = {
	{ "gic-init", "lpi-bits" },
	{ "its-init", "indirect page" },
	{ "its-mapd", "dev eventbits v" },
	{ "its-mapti", "dev event intid cpu icid enable prio" },
	{ "its-cmd", "name dev event intid icid size itt v cpu cpu2 w0 w1 w2 w3 expect" },
	{ "its-retry", "expect" },
	{ "lpi-config", "intid enable prio inv cpu dev event" },
	{ "msi-doorbell", "sid ssid iova stage" },
	{ "smmu-msi", "evtq gerror cpu" },
};

static const struct its_verb *find(const char *name)
{
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(verbs[i].name, name))
			return &verbs[i];
	return NULL;
}

bool driver_its_owns(const char *verb)
{
	return find(verb) != NULL;
}

static bool word_key(const char *key)
{
	return !strcmp(key, "name") || !strcmp(key, "expect") || !strcmp(key, "page") ||
	       !strcmp(key, "inv");
}

int driver_its_check(const struct trace_step *st, struct sm_err *err)
{
	const struct its_verb *v = find(st->name);

	for (unsigned i = 0; i < st->nkv; i++) {
		const struct trace_kv *kv = &st->kv[i];

		if (!kv->has_value && !strcmp(st->name, "its-cmd") && its_cmd_from_name(kv->key) >= 0)
			continue;
		if (!kv->has_value || !drv__key_allowed(v->keys, kv->key))
			return sm_err_set(err, SM_EINVAL, "%s: unknown argument '%s' (accepted: %s)",
					  st->name, kv->key, v->keys);
		if (word_key(kv->key)) {
			if (!strcmp(kv->key, "name") && its_cmd_from_name(kv->str) < 0)
				return sm_err_set(err, SM_EINVAL, "its-cmd: unknown command '%s'", kv->str);
			if (!strcmp(kv->key, "expect") && strcmp(kv->str, "ok") && strcmp(kv->str, "stall"))
				return sm_err_set(err, SM_EINVAL, "%s: expect=%s is not ok|stall", st->name,
						  kv->str);
			if (!strcmp(kv->key, "page") && strcmp(kv->str, "4k") && strcmp(kv->str, "16k") &&
			    strcmp(kv->str, "64k"))
				return sm_err_set(err, SM_EINVAL, "its-init: page=%s is not 4k|16k|64k", kv->str);
			if (!strcmp(kv->key, "inv") && strcmp(kv->str, "none") && strcmp(kv->str, "gicr") &&
			    strcmp(kv->str, "its"))
				return sm_err_set(err, SM_EINVAL, "lpi-config: inv=%s is not none|gicr|its",
						  kv->str);
			continue;
		}
		if (!kv->is_num)
			return sm_err_set(err, SM_EINVAL, "%s: %s=%s is not a number", st->name, kv->key,
					  kv->str);
	}
	if (!strcmp(st->name, "its-mapd") && !trace_kv_find(st, "dev"))
		return sm_err_set(err, SM_EINVAL, "its-mapd: dev= is required");
	if (!strcmp(st->name, "its-mapti") && (!trace_kv_find(st, "dev") || !trace_kv_find(st, "event") ||
					       !trace_kv_find(st, "intid")))
		return sm_err_set(err, SM_EINVAL, "its-mapti: dev=, event= and intid= are required");
	if (!strcmp(st->name, "lpi-config") && !trace_kv_find(st, "intid"))
		return sm_err_set(err, SM_EINVAL, "lpi-config: intid= is required");
	if (!strcmp(st->name, "msi-doorbell") && !trace_kv_find(st, "sid"))
		return sm_err_set(err, SM_EINVAL, "msi-doorbell: sid= is required");
	if (!strcmp(st->name, "its-cmd")) {
		unsigned named = trace_kv_find(st, "name") || trace_kv_find(st, "w0");
		for (unsigned i = 0; i < st->nkv; i++)
			named += !st->kv[i].has_value;
		if (named != 1)
			return sm_err_set(err, SM_EINVAL, "its-cmd: give one command (a name, name=, or w0=)");
	}
	return SM_OK;
}

/* ---- register access ---------------------------------------------------- */

static int rd(struct driver *d, uint64_t pa, unsigned size, uint64_t *v, struct sm_err *err)
{
	if (smmuits_read(d->sys, pa, size, v, NULL))
		return sm_err_set(err, SM_EINVAL, "read of 0x%llx failed", (unsigned long long)pa);
	return SM_OK;
}

static int wr(struct driver *d, uint64_t pa, unsigned size, uint64_t v, struct sm_err *err)
{
	if (smmuits_write(d->sys, pa, size, v, NULL))
		return sm_err_set(err, SM_EINVAL, "write of 0x%llx failed", (unsigned long long)pa);
	return SM_OK;
}

static uint64_t rdist(const struct driver *d, unsigned cpu)
{
	return d->gic.gicr_base + (uint64_t)cpu * GICR_FRAME_SIZE;
}

/* ---- the ITS command queue (its_send_single_command) -------------------- */

static int its_issue(struct driver *d, const uint64_t c[ITS_CMD_DWORDS], bool expect_stall,
		     char *sum, size_t len, struct sm_err *err)
{
	uint8_t b[ITS_CMD_SIZE];
	uint64_t creadr = 0;
	int rc;

	if (!d->gic.its_ready)
		return sm_err_set(err, SM_EINVAL, "the ITS is not set up (its-init first)");
	for (unsigned i = 0; i < ITS_CMD_DWORDS; i++)
		mem_le_put(b + 8 * i, 8, c[i]);
	if (smmuits_write_block(d->sys, d->gic.cmdq + d->gic.cwriter, b, ITS_CMD_SIZE))
		return sm_err_set(err, SM_EINVAL, "cannot write the ITS command queue");
	d->gic.cwriter = (d->gic.cwriter + ITS_CMD_SIZE) % ITS_CMDQ_SIZE;
	if ((rc = wr(d, d->gic.its_base + GITS_CWRITER, 8,
		     FIELD_PREP(GITS_CWRITER_OFFSET, d->gic.cwriter >> 5), err)) ||
	    (rc = rd(d, d->gic.its_base + GITS_CREADR, 8, &creadr, err)))
		return rc;
	const char *name = its_cmd_name((unsigned)FIELD_GET(ITS_CMD_0_OP, c[0]));
	bool stalled = creadr & GITS_CREADR_STALLED;

	snprintf(sum, len, "%s %016llx %016llx %016llx %016llx, GITS_CREADR=0x%llx%s",
		 name ? name : "(reserved opcode)", (unsigned long long)c[0], (unsigned long long)c[1],
		 (unsigned long long)c[2], (unsigned long long)c[3], (unsigned long long)creadr,
		 stalled ? " (Stalled)" : "");
	if (stalled != expect_stall)
		return sm_err_set(err, SM_EINVAL, stalled ? "the ITS stalled on the command"
							  : "expected the ITS to stall, it did not");
	if (!stalled && FIELD_GET(GITS_CREADR_OFFSET, creadr) != (d->gic.cwriter >> 5))
		return sm_err_set(err, SM_EINVAL, "the ITS did not consume the queue (Enabled=0?)");
	return SM_OK;
}

static void cmd_init(uint64_t c[ITS_CMD_DWORDS], unsigned op, uint32_t devid)
{
	memset(c, 0, ITS_CMD_SIZE);
	c[0] = FIELD_PREP(ITS_CMD_0_OP, op) | FIELD_PREP(ITS_CMD_0_DEVICEID, devid);
}

/* ---- lines --------------------------------------------------------------- */

static int do_gic_init(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		       struct sm_err *err)
{
	struct drv_gic *g = &d->gic;
	unsigned bits = (unsigned)drv__num(st, "lpi-bits", 16);
	uint64_t prop_size, pend_size = UINT64_C(0x10000), pend;
	int rc;

	if (!g->ncpus)
		return sm_err_set(err, SM_EINVAL, "the platform has no gicr window");
	if (bits < 14 || bits > 16)
		return sm_err_set(err, SM_ERANGE, "lpi-bits=%u: 14..16 (LPIs start at 8192)", bits);
	/* its_alloc_lpi_tables: one configuration table for all, LPIs disabled at 0xa0 | Group1 */
	prop_size = (UINT64_C(1) << bits) - LPI_INTID_BASE;
	if ((rc = drv__alloc(d, prop_size, 0x10000, &g->prop, err)) ||
	    (rc = smmuits_fill(d->sys, g->prop, prop_size, 0xa2) ? SM_EINVAL : SM_OK))
		return rc ? rc : sm_err_set(err, SM_EINVAL, "cannot fill the LPI configuration table");
	g->lpi_bits = bits;
	for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
		uint64_t rb = rdist(d, cpu);

		/* its_cpu_init_lpis: a zeroed 64 KiB pending table (PTZ), then enable */
		if ((rc = drv__alloc(d, pend_size, 0x10000, &pend, err)))
			return rc;
		if ((rc = wr(d, rb + GICR_PROPBASER, 8, FIELD_ADDR(GICR_PROPBASER_PHYSICAL_ADDRESS, g->prop) |
			     FIELD_PREP(GICR_PROPBASER_IDBITS, bits - 1) |
			     FIELD_PREP(GICR_PROPBASER_INNERCACHE, 7) |
			     FIELD_PREP(GICR_PROPBASER_SHAREABILITY, 1), err)) ||
		    (rc = wr(d, rb + GICR_PENDBASER, 8, FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, pend) |
			     GICR_PENDBASER_PTZ | FIELD_PREP(GICR_PENDBASER_INNERCACHE, 7) |
			     FIELD_PREP(GICR_PENDBASER_SHAREABILITY, 1), err)) ||
		    (rc = wr(d, rb + GICR_WAKER, 4, 0, err)) ||
		    (rc = wr(d, rb + GICR_CTLR, 4, GICR_CTLR_ENABLELPIS, err)))
			return rc;
	}
	g->gicr_ready = true;
	snprintf(sum, len, "%u redistributors: LPI config table 0x%llx (%u INTID bits, all disabled, "
		 "priority 0xa0), pending tables, EnableLPIs=1", g->ncpus, (unsigned long long)g->prop, bits);
	return SM_OK;
}

static int do_its_init(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		       struct sm_err *err)
{
	struct drv_gic *g = &d->gic;
	uint64_t typer = 0, v, addr;
	const char *page = drv__word(st, "page", "64k");
	unsigned psz_enc = !strcmp(page, "4k") ? GITS_BASER_PAGE_4K :
			   !strcmp(page, "16k") ? GITS_BASER_PAGE_16K : GITS_BASER_PAGE_64K;
	uint64_t psz = psz_enc == GITS_BASER_PAGE_4K ? 0x1000 : psz_enc == GITS_BASER_PAGE_16K ? 0x4000 : 0x10000;
	bool indirect = drv__num(st, "indirect", 0) != 0;
	int rc;

	if (!g->its_base)
		return sm_err_set(err, SM_EINVAL, "the platform has no its window");
	if (!g->gicr_ready)
		return sm_err_set(err, SM_EINVAL, "gic-init first: the ITS delivers to the redistributors");
	if ((rc = rd(d, g->its_base + GITS_TYPER, 8, &typer, err)))
		return rc;
	unsigned devbits = (unsigned)FIELD_GET(GITS_TYPER_DEVBITS, typer) + 1;
	/* its_alloc_tables: one table per GITS_BASERn that has a type */
	for (unsigned n = 0; n < GITS_BASER_NR; n++) {
		uint64_t baser = 0;

		if ((rc = rd(d, g->its_base + GITS_BASER(n), 8, &baser, err)))
			return rc;
		unsigned type = (unsigned)FIELD_GET(GITS_BASER_TYPE, baser);
		uint64_t esz = FIELD_GET(GITS_BASER_ENTRY_SIZE, baser) + 1, bytes, pages;
		bool ind = false;

		if (type == GITS_BASER_TYPE_DEVICE) {
			bytes = esz << devbits;
			/* a flat table over 256 pages does not fit BASER.Size: go 2-level */
			ind = indirect || bytes > 256 * psz;
			if (ind)
				bytes = ((bytes + psz - 1) / psz) * GITS_L1E_SIZE;
		} else if (type == GITS_BASER_TYPE_COLLECTION) {
			bytes = psz; /* one page of collections, as Linux allocates for its CPUs */
		} else {
			continue;
		}
		pages = (bytes + psz - 1) / psz;
		if (pages > 256)
			return sm_err_set(err, SM_ERANGE, "GITS_BASER%u: %llu pages do not fit Size", n,
					  (unsigned long long)pages);
		if ((rc = drv__alloc(d, pages * psz, psz, &addr, err)))
			return rc;
		v = GITS_BASER_VALID | FIELD_PREP(GITS_BASER_INDIRECT, ind) |
		    FIELD_PREP(GITS_BASER_INNERCACHE, 7) | FIELD_PREP(GITS_BASER_SHAREABILITY, 1) |
		    FIELD_PREP(GITS_BASER_PAGE_SIZE, psz_enc) | FIELD_PREP(GITS_BASER_SIZE, pages - 1) |
		    FIELD_ADDR(GITS_BASER_PHYSICAL_ADDRESS, addr);
		if ((rc = wr(d, g->its_base + GITS_BASER(n), 8, v, err)))
			return rc;
		if (type == GITS_BASER_TYPE_DEVICE) {
			g->dt_base = addr;
			g->dt_psz = psz;
			g->dt_esz = esz;
			g->dt_indirect = ind;
		}
	}
	if ((rc = drv__alloc(d, ITS_CMDQ_SIZE, ITS_CMDQ_SIZE, &g->cmdq, err)) ||
	    (rc = wr(d, g->its_base + GITS_CBASER, 8, GITS_CBASER_VALID |
		     FIELD_PREP(GITS_CBASER_INNERCACHE, 7) | FIELD_PREP(GITS_CBASER_SHAREABILITY, 1) |
		     FIELD_ADDR(GITS_CBASER_PHYSICAL_ADDRESS, g->cmdq) |
		     FIELD_PREP(GITS_CBASER_SIZE, ITS_CMDQ_SIZE / 0x1000 - 1), err)) ||
	    (rc = wr(d, g->its_base + GITS_CWRITER, 8, 0, err)) ||
	    (rc = wr(d, g->its_base + GITS_CTLR, 4, GITS_CTLR_ENABLED, err)))
		return rc;
	g->cwriter = 0;
	g->its_ready = true;
	/* its_cpu_init_collection: collection N targets CPU N (GITS_TYPER.PTA=0) */
	for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
		uint64_t c[ITS_CMD_DWORDS];

		cmd_init(c, ITS_CMD_MAPC, 0);
		c[2] = FIELD_PREP(ITS_CMD_2_ICID, cpu) | FIELD_PREP(ITS_CMD_2_RDBASE, cpu) | ITS_CMD_2_V;
		if ((rc = its_issue(d, c, false, sum, len, err)))
			return rc;
		cmd_init(c, ITS_CMD_SYNC, 0);
		c[2] = FIELD_PREP(ITS_CMD_2_RDBASE, cpu);
		if ((rc = its_issue(d, c, false, sum, len, err)))
			return rc;
	}
	snprintf(sum, len, "ITS at 0x%llx: %s device table (%u DeviceID bits, %s pages), collection "
		 "table, command queue 0x%llx, Enabled; collections 0..%u -> CPUs 0..%u",
		 (unsigned long long)g->its_base, indirect ? "2-level" : "flat", devbits, page,
		 (unsigned long long)g->cmdq, g->ncpus - 1, g->ncpus - 1);
	return SM_OK;
}

static int dev_slot(struct driver *d, uint32_t devid)
{
	int free_slot = -1;

	for (int i = 0; i < DRIVER_MAX_ITS_DEVICES; i++) {
		if (d->gic.dev[i].used && d->gic.dev[i].devid == devid)
			return i;
		if (!d->gic.dev[i].used && free_slot < 0)
			free_slot = i;
	}
	return free_slot;
}

static int do_mapd(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		   struct sm_err *err)
{
	uint32_t devid = (uint32_t)drv__num(st, "dev", 0);
	unsigned bits = (unsigned)drv__num(st, "eventbits", 5);
	bool valid = drv__num(st, "v", 1) != 0;
	uint64_t typer = 0, c[ITS_CMD_DWORDS], itt = 0;
	int slot = dev_slot(d, devid), rc;

	if (slot < 0)
		return sm_err_set(err, SM_ENOMEM, "the driver tracks at most %d ITS devices",
				  DRIVER_MAX_ITS_DEVICES);
	/* MAPD's Size field holds EventID bits - 1 in 5 bits. */
	if (bits < 1 || bits > 32)
		return sm_err_set(err, SM_ERANGE, "its-mapd: eventbits=%u is not 1..32", bits);
	if ((rc = rd(d, d->gic.its_base + GITS_TYPER, 8, &typer, err)))
		return rc;
	/* its_alloc_table_entry: an Indirect table needs the device's level-2 page first. */
	if (valid && d->gic.dt_indirect) {
		uint64_t l1a = d->gic.dt_base + (devid / (d->gic.dt_psz / d->gic.dt_esz)) * GITS_L1E_SIZE;
		uint64_t l1 = 0, page;
		uint8_t b[8];

		if (smmuits_read_block(d->sys, l1a, b, 8))
			return sm_err_set(err, SM_EINVAL, "cannot read the device table's level-1 entry");
		l1 = mem_le_get(b, 8);
		if (!(l1 & GITS_L1E_VALID)) {
			if ((rc = drv__alloc(d, d->gic.dt_psz, d->gic.dt_psz, &page, err)))
				return rc;
			mem_le_put(b, 8, GITS_L1E_VALID | FIELD_ADDR(GITS_L1E_ADDR, page));
			if (smmuits_write_block(d->sys, l1a, b, 8))
				return sm_err_set(err, SM_EINVAL, "cannot write the level-1 entry");
		}
	}
	if (valid) {
		/* its_create_device: an ITT for 2^eventbits events, 256-byte aligned */
		uint64_t bytes = (FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, typer) + 1) << bits;

		if ((rc = drv__alloc(d, bytes < 256 ? 256 : bytes, 256, &itt, err)))
			return rc;
	}
	cmd_init(c, ITS_CMD_MAPD, devid);
	c[1] = FIELD_PREP(ITS_CMD_1_SIZE, bits ? bits - 1 : 0);
	c[2] = FIELD_ADDR(ITS_CMD_2_ITT_ADDR, itt) | FIELD_PREP(ITS_CMD_2_V, valid);
	if ((rc = its_issue(d, c, false, sum, len, err)))
		return rc;
	d->gic.dev[slot].used = valid;
	d->gic.dev[slot].devid = devid;
	d->gic.dev[slot].itt = itt;
	d->gic.dev[slot].eventbits = bits;
	return SM_OK;
}

/* Write an LPI's configuration byte (priority, enable) in the shared table. */
static int lpi_prop(struct driver *d, uint32_t intid, bool enable, unsigned prio, struct sm_err *err)
{
	uint8_t byte = (uint8_t)(FIELD_PREP(LPI_PROP_PRIORITY, prio >> 2) |
				 FIELD_PREP(LPI_PROP_ENABLE, enable) | 2 /* Group1 */);

	if (!d->gic.gicr_ready)
		return sm_err_set(err, SM_EINVAL, "gic-init first");
	if (intid < LPI_INTID_BASE || intid >= (1u << d->gic.lpi_bits))
		return sm_err_set(err, SM_ERANGE, "INTID %u is not an LPI the tables cover", intid);
	return smmuits_write_block(d->sys, d->gic.prop + intid - LPI_INTID_BASE, &byte, 1)
		? sm_err_set(err, SM_EINVAL, "cannot write the LPI configuration table") : SM_OK;
}

static int do_mapti(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		    struct sm_err *err)
{
	uint32_t devid = (uint32_t)drv__num(st, "dev", 0);
	uint32_t event = (uint32_t)drv__num(st, "event", 0), intid = (uint32_t)drv__num(st, "intid", 0);
	uint32_t icid = (uint32_t)drv__num(st, "icid", drv__num(st, "cpu", 0));
	uint64_t c[ITS_CMD_DWORDS];
	char tmp[256];
	int rc;

	cmd_init(c, ITS_CMD_MAPTI, devid);
	c[1] = FIELD_PREP(ITS_CMD_1_EVENTID, event) | FIELD_PREP(ITS_CMD_1_PINTID, intid);
	c[2] = FIELD_PREP(ITS_CMD_2_ICID, icid);
	if ((rc = its_issue(d, c, false, sum, len, err)))
		return rc;
	/* its_irq_domain_activate + unmask: enable the LPI, then INV and SYNC */
	if ((rc = lpi_prop(d, intid, drv__num(st, "enable", 1) != 0,
			   (unsigned)drv__num(st, "prio", 0xa0), err)))
		return rc;
	cmd_init(c, ITS_CMD_INV, devid);
	c[1] = FIELD_PREP(ITS_CMD_1_EVENTID, event);
	if ((rc = its_issue(d, c, false, tmp, sizeof(tmp), err)))
		return rc;
	/* its-init maps collection N to CPU N; other ICIDs are the trace's own: sync CPU 0. */
	cmd_init(c, ITS_CMD_SYNC, 0);
	c[2] = FIELD_PREP(ITS_CMD_2_RDBASE, drv__num(st, "cpu", icid < d->gic.ncpus ? icid : 0));
	if ((rc = its_issue(d, c, false, tmp, sizeof(tmp), err)))
		return rc;
	snprintf(sum, len, "MAPTI DeviceID 0x%x EventID %u -> LPI %u, collection %u; LPI %s, INV + SYNC",
		 devid, event, intid, icid, drv__num(st, "enable", 1) ? "enabled" : "disabled");
	return SM_OK;
}

static int do_its_cmd(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		      struct sm_err *err)
{
	uint64_t c[ITS_CMD_DWORDS];
	int op = -1;

	for (unsigned i = 0; i < st->nkv; i++)
		if (!st->kv[i].has_value)
			op = its_cmd_from_name(st->kv[i].key);
	if (trace_kv_find(st, "name"))
		op = its_cmd_from_name(drv__word(st, "name", ""));
	cmd_init(c, op < 0 ? 0 : (unsigned)op, (uint32_t)drv__num(st, "dev", 0));
	c[1] = FIELD_PREP(ITS_CMD_1_EVENTID, drv__num(st, "event", 0)) |
	       FIELD_PREP(ITS_CMD_1_PINTID, drv__num(st, "intid", 0));
	if (op == ITS_CMD_MAPD)
		c[1] = FIELD_PREP(ITS_CMD_1_SIZE, drv__num(st, "size", 0));
	c[2] = FIELD_PREP(ITS_CMD_2_ICID, drv__num(st, "icid", 0));
	/* Only MAPD and MAPC have a V bit; elsewhere dword 2 bit 63 is RES0. */
	if (op == ITS_CMD_MAPC)
		c[2] |= FIELD_PREP(ITS_CMD_2_V, drv__num(st, "v", 1));
	if (op == ITS_CMD_MAPD)
		c[2] = FIELD_ADDR(ITS_CMD_2_ITT_ADDR, drv__num(st, "itt", 0)) |
		       FIELD_PREP(ITS_CMD_2_V, drv__num(st, "v", 1));
	if (op == ITS_CMD_MAPC || op == ITS_CMD_SYNC || op == ITS_CMD_MOVALL)
		c[2] |= FIELD_PREP(ITS_CMD_2_RDBASE, drv__num(st, "cpu", 0));
	if (op == ITS_CMD_MOVALL)
		c[3] = FIELD_PREP(ITS_CMD_3_RDBASE2, drv__num(st, "cpu2", 0));
	c[0] = drv__num(st, "w0", c[0]);
	c[1] = drv__num(st, "w1", c[1]);
	c[2] = drv__num(st, "w2", c[2]);
	c[3] = drv__num(st, "w3", c[3]);
	return its_issue(d, c, !strcmp(drv__word(st, "expect", "ok"), "stall"), sum, len, err);
}

static int do_its_retry(struct driver *d, const struct trace_step *st, char *sum, size_t len,
			struct sm_err *err)
{
	uint64_t creadr = 0;
	int rc;

	/* GITS_CWRITER.Retry restarts a stalled queue at the command it stalled on. */
	if ((rc = wr(d, d->gic.its_base + GITS_CWRITER, 8,
		     FIELD_PREP(GITS_CWRITER_OFFSET, d->gic.cwriter >> 5) | GITS_CWRITER_RETRY, err)) ||
	    (rc = rd(d, d->gic.its_base + GITS_CREADR, 8, &creadr, err)))
		return rc;
	snprintf(sum, len, "GITS_CWRITER.Retry=1, GITS_CREADR=0x%llx%s", (unsigned long long)creadr,
		 (creadr & GITS_CREADR_STALLED) ? " (Stalled)" : "");
	if (((creadr & GITS_CREADR_STALLED) != 0) != !strcmp(drv__word(st, "expect", "ok"), "stall"))
		return sm_err_set(err, SM_EINVAL, (creadr & GITS_CREADR_STALLED) ? "still stalled"
										 : "expected a stall");
	return SM_OK;
}

static int do_lpi_config(struct driver *d, const struct trace_step *st, char *sum, size_t len,
			 struct sm_err *err)
{
	uint32_t intid = (uint32_t)drv__num(st, "intid", 0);
	const char *inv = drv__word(st, "inv", "none");
	int rc = lpi_prop(d, intid, drv__num(st, "enable", 1) != 0,
			  (unsigned)drv__num(st, "prio", 0xa0), err);

	if (rc)
		return rc;
	if (!strcmp(inv, "gicr")) {
		/* GICR_INVLPIR at the LPI's redistributor (GICv3.3 direct LPI invalidation) */
		rc = wr(d, rdist(d, (unsigned)drv__num(st, "cpu", 0)) + GICR_INVLPIR, 8, intid, err);
	} else if (!strcmp(inv, "its")) {
		uint64_t c[ITS_CMD_DWORDS];
		char tmp[256];

		cmd_init(c, ITS_CMD_INV, (uint32_t)drv__num(st, "dev", 0));
		c[1] = FIELD_PREP(ITS_CMD_1_EVENTID, drv__num(st, "event", 0));
		if (!(rc = its_issue(d, c, false, tmp, sizeof(tmp), err))) {
			cmd_init(c, ITS_CMD_SYNC, 0);
			c[2] = FIELD_PREP(ITS_CMD_2_RDBASE, drv__num(st, "cpu", 0));
			rc = its_issue(d, c, false, tmp, sizeof(tmp), err);
		}
	}
	snprintf(sum, len, "LPI %u: %s, priority 0x%02llx in the configuration table; invalidation: %s",
		 intid, drv__num(st, "enable", 1) ? "enabled" : "disabled",
		 (unsigned long long)drv__num(st, "prio", 0xa0), inv);
	return rc;
}

static int do_doorbell(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		       struct sm_err *err)
{
	/* iommu_dma_get_msi_page: the 4 KiB page holding GITS_TRANSLATER, mapped write-only-ish rw */
	uint64_t page = (d->gic.its_base + GITS_TRANSLATER) & ~UINT64_C(0xfff);
	uint64_t iova = drv__num(st, "iova", SW_MSI_IOVA);
	unsigned stage = (unsigned)drv__num(st, "stage", 1);
	int rc;

	if (!d->gic.its_base)
		return sm_err_set(err, SM_EINVAL, "the platform has no its window");
	rc = drv__map(d, (uint32_t)drv__num(st, "sid", 0), (uint32_t)drv__num(st, "ssid", 0), stage,
		      iova, page, 0x1000, PGTABLE_READ | PGTABLE_WRITE, err);
	snprintf(sum, len, "doorbell page 0x%llx mapped at IOVA 0x%llx (stage %u): MSIs go to IOVA 0x%llx",
		 (unsigned long long)page, (unsigned long long)iova, stage,
		 (unsigned long long)(iova + ((d->gic.its_base + GITS_TRANSLATER) & 0xfff)));
	return rc;
}

/*
 * arm_smmu_setup_msis: the SMMU's event-queue (EventID 0) and GERROR
 * (EventID 1) interrupts become LPIs through the ITS, under the SMMU's own
 * DeviceID; the SMMU writes straight to GITS_TRANSLATER (its MSIs are not
 * translated).
 */
static int do_smmu_msi(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		       struct sm_err *err)
{
	const struct plat_dev *smmu = plat_find_dev(smmuits_platform(d->sys), "smmu", 0);
	uint64_t devid = 0, doorbell = d->gic.its_base + GITS_TRANSLATER;
	uint32_t evtq = (uint32_t)drv__num(st, "evtq", 8300), gerror = (uint32_t)drv__num(st, "gerror", 8301);
	unsigned cpu = (unsigned)drv__num(st, "cpu", 0);
	struct trace_step sub = *st;
	struct trace_kv kv[4];
	char tmp[256];
	int rc;

	if (!smmu || plat_prop_get(smmu, "devid", &devid))
		return sm_err_set(err, SM_EINVAL, "the platform's smmu line has no devid");
	/* MAPD for the SMMU, then one MAPTI per interrupt, through the lines above */
	memset(kv, 0, sizeof(kv));
	snprintf(kv[0].key, sizeof(kv[0].key), "dev");
	kv[0].num = devid, kv[0].is_num = kv[0].has_value = 1;
	snprintf(kv[1].key, sizeof(kv[1].key), "eventbits");
	kv[1].num = 1, kv[1].is_num = kv[1].has_value = 1;
	sub.kv = kv;
	sub.nkv = 2;
	if ((rc = do_mapd(d, &sub, tmp, sizeof(tmp), err)))
		return rc;
	for (uint32_t ev = 0; ev < 2; ev++) {
		snprintf(kv[1].key, sizeof(kv[1].key), "event");
		kv[1].num = ev;
		snprintf(kv[2].key, sizeof(kv[2].key), "intid");
		kv[2].num = ev ? gerror : evtq, kv[2].is_num = kv[2].has_value = 1;
		snprintf(kv[3].key, sizeof(kv[3].key), "cpu");
		kv[3].num = cpu, kv[3].is_num = kv[3].has_value = 1;
		sub.nkv = 4;
		if ((rc = do_mapti(d, &sub, tmp, sizeof(tmp), err)))
			return rc;
	}
	uint64_t smmu_base = smmu->base;
	if ((rc = wr(d, smmu_base + SMMU_EVENTQ_IRQ_CFG0, 8, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, doorbell), err)) ||
	    (rc = wr(d, smmu_base + SMMU_EVENTQ_IRQ_CFG1, 4, 0, err)) ||
	    (rc = wr(d, smmu_base + SMMU_GERROR_IRQ_CFG0, 8, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, doorbell), err)) ||
	    (rc = wr(d, smmu_base + SMMU_GERROR_IRQ_CFG1, 4, 1, err)) ||
	    (rc = wr(d, smmu_base + SMMU_IRQ_CTRL, 4, SMMU_IRQ_CTRL_EVENTQ_IRQEN | SMMU_IRQ_CTRL_GERROR_IRQEN,
		     err)))
		return rc;
	snprintf(sum, len, "SMMU DeviceID 0x%llx mapped: event queue MSI -> LPI %u, GERROR MSI -> LPI %u "
		 "(CPU %u), doorbell 0x%llx, IRQ_CTRL = EVENTQ_IRQEN|GERROR_IRQEN", (unsigned long long)devid,
		 evtq, gerror, cpu, (unsigned long long)doorbell);
	return SM_OK;
}

int driver_its_exec(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		    struct sm_err *err)
{
	if (!strcmp(st->name, "smmu-msi"))
		return do_smmu_msi(d, st, sum, len, err);
	if (!strcmp(st->name, "gic-init"))
		return do_gic_init(d, st, sum, len, err);
	if (!strcmp(st->name, "its-init"))
		return do_its_init(d, st, sum, len, err);
	if (!strcmp(st->name, "its-mapd"))
		return do_mapd(d, st, sum, len, err);
	if (!strcmp(st->name, "its-mapti"))
		return do_mapti(d, st, sum, len, err);
	if (!strcmp(st->name, "its-cmd"))
		return do_its_cmd(d, st, sum, len, err);
	if (!strcmp(st->name, "its-retry"))
		return do_its_retry(d, st, sum, len, err);
	if (!strcmp(st->name, "lpi-config"))
		return do_lpi_config(d, st, sum, len, err);
	return do_doorbell(d, st, sum, len, err);
}

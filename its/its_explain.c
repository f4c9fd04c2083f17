/* SPDX-License-Identifier: MIT */
/*
 * What the ITS and the redistributors did with one MSI, step by step
 * (docs/explain.md).  Called only when an explain sink is set; reads what
 * the translation already has in hand and never touches memory or caches.
 * Each step takes the cycles the bus and the cache probes charged to the
 * write since the previous step (its->x_mark).
 */
#include <stdio.h>

#include "its/its_explain.h"

#define IHI(sec) "IHI 0069 " sec

static uint64_t mem_since(struct its *its, const struct bus_attrs *a)
{
	uint64_t c = a && a->cycles > its->x_mark ? a->cycles - its->x_mark : 0;

	if (a)
		its->x_mark = a->cycles;
	return c;
}

void its_set_explain(struct its *its, struct sm_explain *x)
{
	its->explain = x;
}

void its__x_begin(struct its *its, uint32_t eventid, const struct bus_attrs *attrs)
{
	bool has = attrs && (attrs->flags & BUS_ATTR_SRC_VALID);
	bool en = its->ctlr & GITS_CTLR_ENABLED;
	struct sm_explain_step *st;

	its->x_mark = attrs ? attrs->cycles : 0;
	char dev[48] = "none (the write carried no DeviceID)";

	if (has)
		snprintf(dev, sizeof(dev), "0x%x", attrs->src_id);
	st = sm_explain_add(its->explain, "its", IHI("§5.2.3, §12.19"), 0,
			    "GITS_TRANSLATER write: EventID 0x%x (the data), DeviceID %s (the bus); "
			    "GITS_CTLR.Enabled=%u", eventid, dev, en);
	if (has)
		sm_explain_fld(st, "DeviceID", "0x%x (from the bus: the platform's StreamID map)",
			       attrs->src_id);
	sm_explain_hex(st, "EventID", eventid);
	sm_explain_hex(st, "GITS_CTLR", its->ctlr);
	sm_explain_dec(st, "Enabled", en);
}

static const char *table_name(unsigned n)
{
	return n == ITS_BASER_DEVICE ? "device" : "collection";
}

void its__x_table(struct its *its, unsigned n, uint32_t id, uint64_t baser, bool indirect,
		  uint64_t base, uint64_t page, uint64_t bytes, uint64_t l1_addr, uint64_t l1e,
		  bool l1_read, uint64_t addr, const char *why, const struct bus_attrs *attrs)
{
	struct sm_explain_step *st;
	const char *idn = n == ITS_BASER_DEVICE ? "DeviceID" : "ICID";
	uint64_t per_page = page / ITS_ENTRY_SIZE;

	if (!indirect)
		st = sm_explain_add(its->explain, "its", IHI("§12.19"), mem_since(its, attrs),
				    "%s table (GITS_BASER%u, flat): entry address = 0x%llx + %s 0x%x "
				    "* 8 = 0x%llx%s%s", table_name(n), n, (unsigned long long)base,
				    idn, id, (unsigned long long)addr, why ? ": " : "",
				    why ? why : "");
	else
		st = sm_explain_add(its->explain, "its", IHI("§12.19"), mem_since(its, attrs),
				    "%s table (GITS_BASER%u, Indirect): L1 index = %s 0x%x / %llu = "
				    "0x%llx, L1 entry at 0x%llx%s; entry address = L2 page + 0x%llx * 8"
				    " = 0x%llx%s%s", table_name(n), n, idn, id,
				    (unsigned long long)per_page, (unsigned long long)(id / per_page),
				    (unsigned long long)l1_addr, l1_read ? "" : " (not read)",
				    (unsigned long long)(id % per_page), (unsigned long long)addr,
				    why ? ": " : "", why ? why : "");
	sm_explain_hex(st, "GITS_BASER", baser);
	sm_explain_dec(st, "Type", FIELD_GET(GITS_BASER_TYPE, baser));
	sm_explain_dec(st, "Valid", FIELD_GET(GITS_BASER_VALID, baser));
	sm_explain_dec(st, "Indirect", indirect);
	sm_explain_fld(st, "Page_Size", "%llu KiB", (unsigned long long)(page >> 10));
	sm_explain_fld(st, "Size", "%llu (%llu bytes)",
		       (unsigned long long)FIELD_GET(GITS_BASER_SIZE, baser),
		       (unsigned long long)bytes);
	sm_explain_hex(st, "Physical_Address", base);
	if (indirect) {
		sm_explain_hex(st, "L1 index", id / per_page);
		sm_explain_hex(st, "L1 entry address", l1_addr);
		if (l1_read) {
			sm_explain_hex(st, "L1 entry", l1e);
			sm_explain_dec(st, "L1 Valid", FIELD_GET(GITS_L1E_VALID, l1e));
			sm_explain_hex(st, "L2 page", FIELD_ADDR(GITS_L1E_ADDR, l1e) & ~(page - 1));
		}
		sm_explain_hex(st, "L2 index", id % per_page);
	}
	if (!why)
		sm_explain_hex(st, "entry address", addr);
}

void its__x_entry(struct its *its, const char *what, uint64_t key, bool hit, bool read_ok,
		  uint64_t addr, uint64_t raw, const struct bus_attrs *attrs)
{
	struct sm_explain_step *st;
	const char *spec = IHI("§5.2");

	if (!hit && !read_ok) {
		st = sm_explain_add(its->explain, "its", spec, mem_since(its, attrs),
				    "%s 0x%llx: cache miss; reading it at 0x%llx failed", what,
				    (unsigned long long)key, (unsigned long long)addr);
		sm_explain_hex(st, "address", addr);
		return;
	}
	if (hit)
		st = sm_explain_add(its->explain, "its", spec, mem_since(its, attrs),
				    "%s 0x%llx: cache hit, value 0x%llx", what, (unsigned long long)key,
				    (unsigned long long)raw);
	else
		st = sm_explain_add(its->explain, "its", spec, mem_since(its, attrs),
				    "%s 0x%llx: cache miss, read at 0x%llx = 0x%llx", what,
				    (unsigned long long)key, (unsigned long long)addr,
				    (unsigned long long)raw);
	sm_explain_fld(st, "cache", hit ? "hit" : "miss");
	if (!hit)
		sm_explain_hex(st, "address", addr);
	sm_explain_hex(st, "value", raw);
	if (!strcmp(what, "DTE")) {
		struct its_dte d = its_dte_decode(raw);

		sm_explain_dec(st, "Valid", d.valid);
		sm_explain_hex(st, "ITT_addr", d.itt_addr);
		sm_explain_fld(st, "Size", "%u (EventIDs < 2^%u)", d.size, d.size + 1);
	} else if (!strcmp(what, "ITE")) {
		struct its_ite e = its_ite_decode(raw);

		sm_explain_dec(st, "Valid", e.valid);
		sm_explain_dec(st, "pINTID", e.pintid);
		sm_explain_hex(st, "ICID", e.icid);
	} else {
		struct its_cte c = its_cte_decode(raw);

		sm_explain_dec(st, "Valid", c.valid);
		sm_explain_fld(st, "RDbase", "%u (target redistributor: Processor_Number)", c.procnum);
	}
}

void its__x_itt(struct its *its, uint32_t eventid, const struct its_dte *dte, uint64_t addr)
{
	struct sm_explain_step *st;

	st = sm_explain_add(its->explain, "its", IHI("§5.2.3"), 0,
			    "ITT entry address = ITT_addr 0x%llx + EventID 0x%x * 8 = 0x%llx",
			    (unsigned long long)dte->itt_addr, eventid, (unsigned long long)addr);
	sm_explain_hex(st, "ITT_addr", dte->itt_addr);
	sm_explain_hex(st, "entry address", addr);
}

void its__x_drop(struct its *its, const char *reason, const char *detail,
		 const struct bus_attrs *attrs)
{
	struct sm_explain_step *st;

	st = sm_explain_add(its->explain, "its", IHI("§5.2.3"), mem_since(its, attrs),
			    "dropped: %s%s%s (the architecture gives the writer no error)", reason,
			    detail ? ": " : "", detail ? detail : "");
	sm_explain_fld(st, "drop", "%s", reason);
}

void gicr__x_lpi(struct sm_explain *x, unsigned cpu, uint32_t intid, uint32_t ctlr,
		 uint64_t propbaser, uint64_t pendbaser, unsigned idbits, const char *why,
		 bool hit, uint8_t cfg, uint64_t cycles)
{
	uint64_t prop = FIELD_ADDR(GICR_PROPBASER_PHYSICAL_ADDRESS, propbaser);
	uint64_t pend = FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, pendbaser);
	unsigned bits = (unsigned)FIELD_GET(GICR_PROPBASER_IDBITS, propbaser) + 1;
	struct sm_explain_step *st;

	st = sm_explain_add(x, "gicr", IHI("§5.1, §12.11"), 0,
			    "redistributor of CPU %u: GICR_CTLR.EnableLPIs=%llu, INTID %u %s "
			    "2^(GICR_PROPBASER.IDbits+1)%s%s", cpu,
			    (unsigned long long)FIELD_GET(GICR_CTLR_ENABLELPIS, ctlr), intid,
			    bits > idbits || intid < (UINT64_C(1) << bits) ? "<" : ">=",
			    why ? ": refused: " : "", why ? why : "");
	sm_explain_dec(st, "CPU", cpu);
	sm_explain_hex(st, "GICR_CTLR", ctlr);
	sm_explain_hex(st, "GICR_PROPBASER", propbaser);
	sm_explain_fld(st, "IDbits", "%u (GIC supports %u)", bits - 1, idbits);
	sm_explain_hex(st, "GICR_PENDBASER", pendbaser);
	if (why)
		return;
	st = sm_explain_add(x, "gicr", IHI("§5.1.2"), 0,
			    "pending table: byte PENDBASER 0x%llx + INTID/8 = 0x%llx, bit INTID%%8 "
			    "= %u set: LPI %u is pending", (unsigned long long)pend,
			    (unsigned long long)(pend + intid / 8), intid % 8, intid);
	sm_explain_hex(st, "byte address", pend + intid / 8);
	sm_explain_dec(st, "bit", intid % 8);
	st = sm_explain_add(x, "gicr", IHI("§5.1.1"), cycles,
			    "LPI configuration: PROPBASER 0x%llx + (INTID %u - 8192) = 0x%llx, %s: "
			    "byte 0x%02x, Priority 0x%02llx, Enable %llu%s", (unsigned long long)prop,
			    intid, (unsigned long long)(prop + intid - LPI_INTID_BASE),
			    hit ? "LPI configuration cache hit" : "cache miss, read from memory", cfg,
			    (unsigned long long)(FIELD_GET(LPI_PROP_PRIORITY, cfg) << 2),
			    (unsigned long long)FIELD_GET(LPI_PROP_ENABLE, cfg),
			    FIELD_GET(LPI_PROP_ENABLE, cfg) ? ": signalled to the CPU interface"
							    : ": disabled, pending but not signalled");
	sm_explain_fld(st, "cache", hit ? "hit" : "miss");
	sm_explain_hex(st, "address", prop + intid - LPI_INTID_BASE);
	sm_explain_hex(st, "property byte", cfg);
	sm_explain_fld(st, "Priority", "0x%02llx", (unsigned long long)(FIELD_GET(LPI_PROP_PRIORITY, cfg) << 2));
	sm_explain_dec(st, "Enable", FIELD_GET(LPI_PROP_ENABLE, cfg));
}

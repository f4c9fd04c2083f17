/* SPDX-License-Identifier: MIT */
/*
 * Translation: a write to GITS_TRANSLATER.  IHI 0069 §5.2.3 "Interrupt
 * translation": the writer's DeviceID (carried by the bus, never by the
 * data) selects a DTE, the EventID (the data) an ITE in that device's ITT,
 * the ITE's ICID a CTE naming the target redistributor, and the ITE's
 * pINTID becomes pending there.  Anything missing drops the write: the
 * architecture gives no error response, so the reason is reported only in
 * the write's bus_result and the ITS's statistics.
 */
#include "its/its_explain.h"

#define XLATE_OK ITS_DROP_COUNT

/* Walk the tables for (devid, eventid): XLATE_OK with the ITE and CTE, or why not. */
static enum its_drop walk(struct its *its, uint32_t devid, uint32_t eventid, struct its_ite *ite,
			  struct its_cte *cte, const char **detail, struct bus_attrs *attrs)
{
	struct its_dte dte;

	switch (its__dte_get(its, devid, &dte, attrs)) {
	case ITS_LK_OK:
		break;
	case ITS_LK_OOR:
		return ITS_DROP_DEVICEID_OOR;
	default:
		*detail = "device table";
		return ITS_DROP_TABLE_FETCH;
	}
	if (!dte.valid)
		return ITS_DROP_UNMAPPED_DEVICE;
	/* MAPD's Size is the device's EventID bits - 1. */
	if (!its__fits(eventid, dte.size + 1))
		return ITS_DROP_EVENTID_OOR;

	if (its__ite_get(its, devid, &dte, eventid, ite, attrs) != ITS_LK_OK) {
		*detail = "ITT";
		return ITS_DROP_TABLE_FETCH;
	}
	if (!ite->valid)
		return ITS_DROP_UNMAPPED_EVENT;

	switch (its__cte_get(its, ite->icid, cte, attrs)) {
	case ITS_LK_OK:
		break;
	case ITS_LK_OOR: /* an ICID with no entry cannot have been mapped */
		return ITS_DROP_UNMAPPED_COLLECTION;
	default:
		*detail = "collection table";
		return ITS_DROP_TABLE_FETCH;
	}
	return cte->valid ? XLATE_OK : ITS_DROP_UNMAPPED_COLLECTION;
}

static void translate_full(struct its *its, uint32_t eventid, struct bus_attrs *attrs);

void its__translate(struct its *its, uint32_t eventid, struct bus_attrs *attrs)
{
	struct its__memo_mark mk;

	/* its_fast.c: a repeat of the last MSI that hit every cache, while nothing has changed */
	if (its->memo.valid && its__memo_replay(its, eventid, attrs))
		return;
	its__memo_mark(its, attrs, &mk);
	translate_full(its, eventid, attrs);
	its__memo_record(its, eventid, attrs, &mk);
}

/* Every step of §5.2.3 for one write. */
static void translate_full(struct its *its, uint32_t eventid, struct bus_attrs *attrs)
{
	uint32_t devid = attrs ? attrs->src_id : 0;
	const char *detail = NULL;
	struct its_ite ite;
	struct its_cte cte;
	enum its_drop d;
	bool enabled = false;

	its->stats.translations++;
	if (its->explain)
		its__x_begin(its, eventid, attrs);
	/* §12.19 GITS_CTLR.Enabled=0: translation requests are not accepted. */
	if (!(its->ctlr & GITS_CTLR_ENABLED))
		d = ITS_DROP_ITS_DISABLED;
	else if (!attrs || !(attrs->flags & BUS_ATTR_SRC_VALID))
		d = ITS_DROP_NO_DEVICEID;
	else
		d = walk(its, devid, eventid, &ite, &cte, &detail, attrs);
	if (d == XLATE_OK) {
		detail = gicr_lpi_set_pending(its->rd, cte.procnum, ite.pintid, &enabled, attrs);
		if (detail)
			d = ITS_DROP_RDIST_REFUSED;
	}
	if (d != XLATE_OK) {
		if (its->explain)
			its__x_drop(its, its_drop_name(d), detail, attrs);
		its->stats.drops[d]++;
		if (attrs)
			attrs->result = (struct bus_result){ .kind = BUS_RESULT_DROPPED,
							     .reason = its_drop_name(d) };
		its__log(its, SM_LOG_INFO, "DeviceID 0x%x EventID 0x%x dropped: %s%s%s", devid,
			 eventid, its_drop_name(d), detail ? ": " : "", detail ? detail : "");
		return;
	}
	its->stats.lpis++;
	attrs->result = (struct bus_result){
		.kind = BUS_RESULT_INTERRUPT, .id = ite.pintid, .target = cte.procnum,
		/* §5.1.1: a disabled LPI keeps its pending state but is not signalled. */
		.reason = enabled ? NULL : "disabled in LPI config: pending, not signalled",
	};
}

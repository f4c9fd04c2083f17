/* SPDX-License-Identifier: MIT */
/* The system's explain steps (sys_explain.h). */
#include "lib/sys_explain.h"

void sys_x_device(struct sm_explain *x, const struct smmuits_txn *t, uint64_t issue)
{
	struct sm_explain_step *st;

	st = sm_explain_add(x, "device", "", 0, "StreamID 0x%x%s issues a %u-byte %s%s at 0x%llx, "
			    "cycle %llu", t->sid, t->ssv ? " (with a SubstreamID)" : "", t->size,
			    t->msi ? "MSI write" : t->write ? "write" : "read",
			    t->exec ? " (instruction)" : "", (unsigned long long)t->iova,
			    (unsigned long long)issue);
	sm_explain_hex(st, "StreamID", t->sid);
	if (t->ssv)
		sm_explain_hex(st, "SubstreamID", t->ssid);
	sm_explain_hex(st, "IOVA", t->iova);
	sm_explain_dec(st, "size", t->size);
	sm_explain_fld(st, "access", "%s%s%s", t->write ? "write" : "read", t->priv ? ", privileged" : "",
		       t->exec ? ", instruction" : "");
	sm_explain_dec(st, "MSI", t->msi);
	sm_explain_dec(st, "issue", issue);
}

void sys_x_msi_bypass(struct sm_explain *x, const char *rule)
{
	sm_explain_add(x, "platform", "DEN 0049", 0, "%s: the SMMU never sees it", rule);
}

size_t sys_x_access(struct sm_explain *x, const struct smmuits_txn *t, uint64_t pa,
		    const struct bus_region *rg, const struct bus_attrs *a)
{
	struct sm_explain_step *st;

	st = sm_explain_add(x, "bus", "", 0, "%s PA 0x%llx: %s%s%s", t->write ? "write to" : "read from",
			    (unsigned long long)pa, rg ? rg->name : "nothing is mapped there",
			    rg ? (rg->kind == BUS_RAM ? " (RAM)" : rg->kind == BUS_MMIO ? " (registers)"
						      : " (reserved, not modelled)") : "",
			    a->flags & BUS_ATTR_SRC_VALID ? ", carrying the DeviceID" : "");
	sm_explain_hex(st, "PA", pa);
	sm_explain_fld(st, "region", "%s", rg ? rg->name : "none");
	if (a->flags & BUS_ATTR_SRC_VALID)
		sm_explain_fld(st, "DeviceID", "0x%x (platform devid-map of StreamID 0x%x)", a->src_id,
			       t->sid);
	else if (t->msi)
		sm_explain_fld(st, "DeviceID", "none: no devid-map line covers StreamID 0x%x", t->sid);
	return st ? x->n - 1 : (size_t)-1;
}

void sys_x_access_done(struct sm_explain *x, size_t idx, uint64_t cycles)
{
	uint64_t later;

	if (idx >= x->n)
		return;
	later = sm_explain_cycles_since(x, idx + 1);
	x->steps[idx].cycles = cycles > later ? cycles - later : 0;
	sm_explain_dec(&x->steps[idx], "access cycles", x->steps[idx].cycles);
}

void sys_x_result(struct sm_explain *x, const struct smmuits_txn_result *r)
{
	struct sm_explain_step *st;

	switch (r->outcome) {
	case SMMUITS_LPI:
		st = sm_explain_add(x, "result", "", 0, "lpi: LPI %u pending at CPU %d%s%s", r->intid,
				    r->cpu, r->drop_reason ? ": " : "", r->drop_reason ? r->drop_reason : "");
		break;
	case SMMUITS_ITS_DROP:
		st = sm_explain_add(x, "result", "", 0, "its-drop: %s", r->drop_reason ? r->drop_reason : "?");
		break;
	case SMMUITS_FAULT:
		st = sm_explain_add(x, "result", "", 0, "fault: %s, event %s", r->fault_name ? r->fault_name : "?",
				    r->event_status ? r->event_status : "?");
		break;
	case SMMUITS_ABORT:
		st = sm_explain_add(x, "result", "", 0, "abort: terminated without an event");
		break;
	default:
		st = sm_explain_add(x, "result", "", 0, "%s: PA 0x%llx (%s)", smmuits_outcome_name(r->outcome),
				    (unsigned long long)r->pa, r->target ? r->target : "nothing there");
		break;
	}
	sm_explain_fld(st, "outcome", "%s", smmuits_outcome_name(r->outcome));
	sm_explain_dec(st, "latency", r->cycles);
	sm_explain_dec(st, "issue", r->issue);
	sm_explain_dec(st, "done", r->done);
	if (r->wait)
		sm_explain_dec(st, "wait", r->wait);
}

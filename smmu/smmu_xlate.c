/* SPDX-License-Identifier: MIT */
/*
 * The transaction path: IHI 0070 §3 "Operation".  SMMUEN=0 -> GBPA;
 * otherwise StreamID -> STE (through the configuration cache) -> Config ->
 * SubstreamID rules -> stage 1 / stage 2.  Each decision records the rule
 * that made it, so a harness can say why a transaction went where it went.
 */
#include <string.h>

#include "smmu/smmu_internal.h"

static void fault_at(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r,
		     enum smmu_event_type type, uint64_t addr3, const char *rule,
		     struct bus_attrs *attrs)
{
	struct smmu_event *ev = &r->event;

	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->addr3 = addr3;
	ev->sid = t->sid;
	/*
	 * §7.3: F_STREAM_DISABLED carries the StreamID only, and
	 * C_BAD_SUBSTREAMID always carries the SubstreamID with SSV RES0.
	 */
	if (type == SMMU_EVT_C_BAD_SUBSTREAMID) {
		ev->ssid = t->ssid;
	} else if (type != SMMU_EVT_F_STREAM_DISABLED) {
		ev->ssv = t->ssv;
		ev->ssid = t->ssv ? t->ssid : 0;
	}
	r->verdict = SMMU_FAULT;
	r->rule = rule;
	r->event_status = smmu__event_record(s, ev, attrs);
}

static void fault(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r,
		  enum smmu_event_type type, const char *rule, struct bus_attrs *attrs)
{
	fault_at(s, t, r, type, 0, rule, attrs);
}

static void finish(struct smmu_result *r, enum smmu_verdict v, uint64_t pa, const char *rule)
{
	r->verdict = v;
	r->pa = pa;
	r->rule = rule;
}

/* Stage 1 and stage 2 walks are the next piece of work; say so instead of guessing. */
static void unsupported(struct smmu_result *r, const char *rule)
{
	finish(r, SMMU_UNSUPPORTED, 0, rule);
}

static void translate_ste(struct smmu *s, const struct smmu_txn *t, const struct smmu_ste *ste,
			  struct smmu_result *r, struct bus_attrs *attrs)
{
	/* §5.2 Config: Config[2]=0 (0b000 and the reserved 0b0xx) aborts with no event. */
	if (!(ste->config & 4)) {
		finish(r, SMMU_ABORT, 0, "STE.Config=abort: terminated without an event (§5.2)");
		return;
	}
	if (t->ssv) {
		/* §7.3.9 C_BAD_SUBSTREAMID */
		if (!ste->s1_trans) {
			fault(s, t, r, SMMU_EVT_C_BAD_SUBSTREAMID,
			      "SubstreamID given but STE.Config does not enable stage 1 (§7.3.9)", attrs);
			return;
		}
		if (!ste->s1cdmax) {
			fault(s, t, r, SMMU_EVT_C_BAD_SUBSTREAMID,
			      "SubstreamID given but STE.S1CDMax=0: substreams disabled (§7.3.9)", attrs);
			return;
		}
		if (t->ssid >> ste->s1cdmax) {
			fault(s, t, r, SMMU_EVT_C_BAD_SUBSTREAMID,
			      "SubstreamID >= 2^STE.S1CDMax (§7.3.9)", attrs);
			return;
		}
		/* §5.2 S1DSS=0b10: SubstreamID 0 is reserved for traffic without one. */
		if (ste->s1dss == STE_S1DSS_SSID0 && t->ssid == 0) {
			fault(s, t, r, SMMU_EVT_F_STREAM_DISABLED,
			      "SubstreamID 0 with STE.S1DSS=SSID0 (§5.2, §7.3.7)", attrs);
			return;
		}
		unsupported(r, "stage-1 translation through a context descriptor is not modelled yet");
		return;
	}
	if (ste->s1_trans && ste->s1cdmax) {
		/* §5.2 S1DSS: what happens to traffic without a SubstreamID. */
		switch (ste->s1dss) {
		case STE_S1DSS_TERMINATE:
			fault(s, t, r, SMMU_EVT_F_STREAM_DISABLED,
			      "no SubstreamID and STE.S1DSS=terminate (§5.2, §7.3.7)", attrs);
			return;
		case STE_S1DSS_BYPASS:
			if (ste->s2_trans)
				unsupported(r, "stage-2 translation is not modelled yet");
			else
				finish(r, SMMU_BYPASS, t->iova,
				       "no SubstreamID and STE.S1DSS=bypass: stage 1 bypassed (§5.2)");
			return;
		default:
			unsupported(r, "stage-1 translation through CD 0 is not modelled yet");
			return;
		}
	}
	if (ste->s1_trans) {
		unsupported(r, "stage-1 translation is not modelled yet");
		return;
	}
	if (ste->s2_trans) {
		unsupported(r, "stage-2 translation is not modelled yet");
		return;
	}
	finish(r, SMMU_BYPASS, t->iova, "STE.Config=bypass: both stages bypassed (§5.2)");
}

void smmu_translate(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r)
{
	struct bus_attrs attrs = { 0 };
	struct smmu_ste ste;
	uint64_t fetch_addr = 0;
	const char *why = NULL;

	memset(r, 0, sizeof(*r));
	s->stats.transactions++;
	if (!(s->cr0ack & SMMU_CR0_SMMUEN)) {
		/* §6.3.15 SMMU_GBPA: with the SMMU disabled, GBPA.ABORT alone decides. */
		if (s->gbpa & SMMU_GBPA_ABORT)
			finish(r, SMMU_ABORT, 0, "SMMUEN=0 and GBPA.ABORT=1: terminated (§6.3.15)");
		else
			finish(r, SMMU_BYPASS, t->iova, "SMMUEN=0 and GBPA.ABORT=0: bypass (§6.3.15)");
		return;
	}
	switch (smmu__ste_lookup(s, t->sid, &ste, &fetch_addr, &why, &attrs)) {
	case SMMU_STE_OK:
		translate_ste(s, t, &ste, r, &attrs);
		break;
	case SMMU_STE_BAD_SID:
		/* §7.3.3: C_BAD_STREAMID is only recorded when CR2.RECINVSID=1. */
		if (s->cr2 & SMMU_CR2_RECINVSID)
			fault(s, t, r, SMMU_EVT_C_BAD_STREAMID, why, &attrs);
		else
			finish(r, SMMU_ABORT, 0,
			       "invalid StreamID, not recorded because CR2.RECINVSID=0 (§7.3.3)");
		break;
	case SMMU_STE_FETCH:
		fault_at(s, t, r, SMMU_EVT_F_STE_FETCH, FIELD_ADDR(EVT_3_FETCHADDR, fetch_addr),
			 why, &attrs);
		break;
	case SMMU_STE_INVALID:
		fault(s, t, r, SMMU_EVT_C_BAD_STE, why, &attrs);
		break;
	}
	r->cycles = attrs.cycles;
}

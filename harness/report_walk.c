/* SPDX-License-Identifier: MIT */
/* A transaction's walk_view from RUN.json (harness/report_walk.h); drawing is in report_walk_svg.c. */
#include "harness/report_walk.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "smmu/smmu_event.h"

static void setf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void setf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

unsigned walk_levels(uint64_t addr, unsigned granule, unsigned ias, struct walk_level *out)
{
	unsigned stride, levels, n = 0;

	if (granule != 12 && granule != 14 && granule != 16)
		granule = 12;
	if (ias <= granule || ias > 52)
		ias = 48;
	stride = granule - 3;
	/*
	 * VMSAv8-64 (Arm ARM D8.2): level 3 resolves [granule+stride-1:granule],
	 * each level above it the next stride bits, the first one what is left.
	 */
	levels = (ias - granule + stride - 1) / stride;

	for (int l = 4 - (int)levels; l <= 3; l++) {
		struct walk_level *lv = &out[n++];
		unsigned lo = granule + (unsigned)(3 - l) * stride;
		unsigned hi = lo + stride - 1 < ias - 1 ? lo + stride - 1 : ias - 1;

		memset(lv, 0, sizeof(*lv));
		lv->level = l;
		lv->lo = lo;
		lv->hi = hi;
		lv->index = (addr >> lo) & ((UINT64_C(1) << (hi - lo + 1)) - 1);
	}
	return n;
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

/* A fault raised while walking tables, rather than while finding the configuration. */
static bool walk_fault(const char *name)
{
	int code = name ? smmu_event_from_name(name) : -1;

	/* IHI 0070 §7.3: F_WALK_EABT (0x0B) to F_TLB_CONFLICT (0x20) come from the walk or TLB */
	return code >= SMMU_EVT_F_WALK_EABT && code <= SMMU_EVT_F_TLB_CONFLICT;
}

/* Which stage's tables the diagram shows, from the rule and the STE config. */
static void pick_stage(const struct report_txn *t, struct walk_view *w)
{
	const struct report_ctx *c = &t->ctx;
	struct walk_row *r = &w->walk;
	bool s2_only = has(t->why, "stage 1 bypassed") || has(t->why, "stage 2:") ||
		       (c->cfg == RCFG_S2 && !has(t->why, "stage 1"));

	r->present = true;
	r->stage = s2_only ? 2 : 1;
	r->ia = t->iova;
	w->nested = !s2_only && (c->cfg == RCFG_NESTED || has(t->why, "then stage 2"));
	r->granule = r->stage == 2 ? c->s2_granule : c->s1_granule;
	r->ias = r->stage == 2 ? c->s2_ias : c->s1_ias;
	/* the driver's defaults (docs/driver.md): 4 KB granule, 48-bit input */
	w->assumed = true;
	if (!r->granule)
		r->granule = 12;
	if (!r->ias)
		r->ias = 48;
	r->nlevels = walk_levels(t->iova, r->granule, r->ias, r->levels);
	r->faulted = w->faulted;
}

/* Where a performed access went, from the outcome and the replayer's result text. */
static void end_of(const struct report_txn *t, struct walk_view *w)
{
	const char *r = t->result ? t->result : "";
	const char *paren = strchr(r, '(');

	if (!strcmp(t->outcome, "lpi"))
		setf(w->end, sizeof(w->end), "ITS: %.*s", (int)strcspn(r, " "), r);
	else if (!strcmp(t->outcome, "its-drop"))
		setf(w->end, sizeof(w->end), "ITS dropped it: %s", t->fault ? t->fault : "?");
	else if (paren)
		setf(w->end, sizeof(w->end), "%.*s", (int)strcspn(paren + 1, ")"), paren + 1);
	else
		setf(w->end, sizeof(w->end), "%s", t->outcome);
}

void walk_from_txn(const struct report_txn *t, struct walk_view *w)
{
	const char *o = t->outcome ? t->outcome : "";

	memset(w, 0, sizeof(*w));
	setf(w->why, sizeof(w->why), "%s", t->why ? t->why : "");
	setf(w->fault, sizeof(w->fault), "%s", t->fault && !strcmp(o, "fault") ? t->fault : "");
	w->has_iova = t->parsed;
	w->iova = t->iova;
	w->has_pa = t->has_pa;
	w->pa = t->pa;
	if (!t->parsed) {
		w->kind = WALK_OTHER;
		setf(w->end, sizeof(w->end), "%s", o);
	} else if (!strcmp(o, "abort")) {
		w->kind = WALK_ABORT;
		setf(w->end, sizeof(w->end), "abort");
	} else if (!strcmp(o, "fault")) {
		w->kind = walk_fault(t->fault) ? WALK_TABLES : WALK_CONFIG;
		w->faulted = true;
		setf(w->end, sizeof(w->end), "fault %s", w->fault);
	} else if (!t->has_pa) {
		w->kind = WALK_OTHER;
		setf(w->end, sizeof(w->end), "%s", o);
	} else {
		end_of(t, w);
		if (has(t->why, "TLB"))
			w->kind = WALK_TLB;
		else if (!strcmp(o, "bypass") || (has(t->why, "bypass") && !has(t->why, "stage 2")))
			w->kind = WALK_BYPASS;
		else
			w->kind = WALK_TABLES;
	}
	if (w->kind == WALK_TABLES)
		pick_stage(t, w);
	if (t->explain)
		walk_explain(t->explain, w);
}


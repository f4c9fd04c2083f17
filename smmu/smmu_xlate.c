/* SPDX-License-Identifier: MIT */
/*
 * The transaction path: IHI 0070 §3 "Operation".  SMMUEN=0 -> GBPA;
 * otherwise StreamID -> STE -> Config -> SubstreamID rules -> CD ->
 * stage 1 -> stage 2, through the configuration cache and the TLB.  Each
 * decision records the rule that made it, so a harness can say why a
 * transaction went where it went.
 *
 * Faults (§7.3): stage-1 translation faults report S2=0, CLASS=IN and are
 * recorded only with CD.R; stage-2 faults report S2=1 with CLASS CD, TT or
 * IN for what was being translated and the IPA, recorded only with
 * STE.S2R; F_WALK_EABT, F_CD_FETCH and the configuration errors are always
 * recorded.  Terminate model: every fault aborts the transaction.
 */
#include <string.h>

#include "smmu/smmu_explain.h"
#include "smmu/smmu_internal.h"
#include "smmu/smmu_pte.h"

/* One transaction's context. */
struct xl {
	struct smmu *s;
	const struct smmu_txn *t;
	struct smmu_result *r;
	struct bus_attrs *attrs;
	const struct smmu_ste *ste;
	bool priv, instr;           /* after STE.PRIVCFG/INSTCFG; writes are always data */
	bool el2;                   /* StreamWorld any-EL2 or EL2-E2H: TLB entries of the EL2 regime */
	bool el2_1r;                /* any-EL2 without E2H: one VA range, no ASID, AP[1] ignored */
	uint16_t vmid;
	struct smmu_ptw_cfg s2;     /* valid when the STE enables stage 2 */
	unsigned s2_perms;          /* TLB_P_* the last successful stage-2 translation allows */
	/* a stage-2 fault met while translating an IPA, for the caller to report */
	struct {
		enum smmu_ptw_fault f;
		uint64_t ipa, fetch_addr;
		bool write;
	} s2f;
	/* timing (docs/timing.md) */
	bool main_hit;              /* the final translation came from the main TLB */
	unsigned walks, wc_probes, ipa_probes;
};

static void finish(struct smmu_result *r, enum smmu_verdict v, uint64_t pa, const char *rule)
{
	r->verdict = v;
	r->pa = pa;
	r->rule = rule;
}

static void fault_at(struct xl *x, enum smmu_event_type type, uint64_t addr3, const char *rule)
{
	const struct smmu_txn *t = x->t;
	struct smmu_event *ev = &x->r->event;

	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->addr3 = addr3;
	ev->sid = t->sid;
	/* §7.3: F_STREAM_DISABLED carries the StreamID only; C_BAD_SUBSTREAMID the SSID without SSV. */
	if (type == SMMU_EVT_C_BAD_SUBSTREAMID) {
		ev->ssid = t->ssid;
	} else if (type != SMMU_EVT_F_STREAM_DISABLED) {
		ev->ssv = t->ssv;
		ev->ssid = t->ssv ? t->ssid : 0;
	}
	x->r->verdict = SMMU_FAULT;
	x->r->rule = rule;
	x->r->event_status = smmu__event_record(x->s, ev, x->attrs);
	if (x->s->explain)
		smmu__x_event(x->s, ev, x->r->event_status, x->attrs);
}

static void fault(struct xl *x, enum smmu_event_type type, const char *rule)
{
	fault_at(x, type, 0, rule);
}

static enum smmu_event_type walk_event(enum smmu_ptw_fault f)
{
	switch (f) {
	case PTW_TRANSLATION: return SMMU_EVT_F_TRANSLATION;
	case PTW_ADDR_SIZE:   return SMMU_EVT_F_ADDR_SIZE;
	case PTW_ACCESS:      return SMMU_EVT_F_ACCESS;
	case PTW_PERMISSION:  return SMMU_EVT_F_PERMISSION;
	default:              return SMMU_EVT_F_WALK_EABT;
	}
}

/*
 * A translation fault of either stage, with the transaction's attributes.
 * Suppressed faults (CD.R=0 / STE.S2R=0) terminate without an event (§5.5).
 */
static void xlate_fault(struct xl *x, enum smmu_ptw_fault f, bool s2, unsigned cls,
			uint64_t addr3, bool record, const char *rule)
{
	struct smmu_event *ev = &x->r->event;

	if (f != PTW_EABT && !record) {
		if (x->s->explain)
			smmu__x_suppressed(x->s, s2);
		finish(x->r, SMMU_ABORT, 0, rule);
		return;
	}
	memset(ev, 0, sizeof(*ev));
	ev->type = walk_event(f);
	ev->sid = x->t->sid;
	ev->ssv = x->t->ssv;
	ev->ssid = x->t->ssv ? x->t->ssid : 0;
	ev->input_addr = x->t->iova;
	ev->rnw = !x->t->write;
	ev->pnu = x->priv;
	ev->ind = x->instr;
	ev->s2 = s2;
	ev->class_ = cls;
	ev->addr3 = addr3;
	ev->ttrnw = ev->type == SMMU_EVT_F_PERMISSION && cls == EVT_CLASS_TTD && !x->s2f.write;
	x->r->verdict = SMMU_FAULT;
	x->r->rule = rule;
	x->r->event_status = smmu__event_record(x->s, ev, x->attrs);
	if (x->s->explain)
		smmu__x_event(x->s, ev, x->r->event_status, x->attrs);
}

static const char *fault_rule(enum smmu_ptw_fault f, bool s2)
{
	switch (f) {
	case PTW_TRANSLATION:
		return s2 ? "stage 2: invalid descriptor or IPA out of range (F_TRANSLATION)"
			  : "stage 1: invalid descriptor or VA out of range (F_TRANSLATION)";
	case PTW_ADDR_SIZE:
		return s2 ? "stage 2: address beyond S2PS (F_ADDR_SIZE, §3.4)"
			  : "stage 1: address beyond CD.IPS (F_ADDR_SIZE, §3.4)";
	case PTW_ACCESS:
		return s2 ? "stage 2: AF=0 without S2HA or S2AFFD (F_ACCESS, §3.13)"
			  : "stage 1: AF=0 without CD.HA or CD.AFFD (F_ACCESS, §3.13)";
	case PTW_PERMISSION:
		return s2 ? "stage 2: S2AP/XN forbid this access (F_PERMISSION, §13.4.3)"
			  : "stage 1: AP/XN forbid this access (F_PERMISSION, §13.4.1)";
	default:
		return s2 ? "stage 2: descriptor fetch aborted (F_WALK_EABT)"
			  : "stage 1: descriptor fetch aborted (F_WALK_EABT)";
	}
}

/* ---- descriptor access ------------------------------------------------- */

static enum smmu_ptw_fault phys_read(void *ctx, uint64_t pa, uint64_t *desc)
{
	struct xl *x = ctx;
	uint8_t b[8];

	x->r->walk_reads++;
	x->s->stats.walk_reads++;
	if (bus_read_block(x->s->bus, pa & x->s->oas_mask, b, 8, x->attrs))
		return PTW_EABT;
	*desc = mem_le_get(b, 8);
	return PTW_OK;
}

static enum smmu_ptw_fault phys_write(void *ctx, uint64_t pa, uint64_t desc)
{
	struct xl *x = ctx;
	uint8_t b[8];

	mem_le_put(b, 8, desc);
	return bus_write_block(x->s->bus, pa & x->s->oas_mask, b, 8, x->attrs) ? PTW_EABT : PTW_OK;
}

static const struct smmu_ptw_io phys_io_ops = { .read = phys_read, .write = phys_write };

/* docs/explain.md: each level of a walk, with what the bus charged for it. */
static void ptw_explain_cb(void *ctx, const struct smmu_ptw_cfg *c, const struct smmu_ptw_level *l)
{
	struct xl *x = ctx;

	smmu__x_level(x->s, c, l, x->attrs, smmu__wc_enabled(x->s, c->stage2 ? 2 : 1));
}

/* ---- walk cache -------------------------------------------------------- */

/*
 * Timing of one walk (docs/timing.md): walk_latency once, and wc_latency
 * for each level probed: every level it read a descriptor at, plus the
 * level it resumed from on a walk-cache hit.
 */
static void walk_account(struct xl *x, unsigned stage, const struct smmu_ptw_result *w)
{
	x->walks++;
	if (smmu__wc_enabled(x->s, stage))
		x->wc_probes += w->reads + (w->walk_cache_hit ? 1u : 0u);
}

/* Who a walk belongs to, for its walk-cache entries. */
struct wc_ctx {
	struct smmu *s;
	unsigned stage;
	bool el2;
	uint16_t vmid, asid;
	unsigned pgshift;
	uint64_t ia_high;   /* stage 1: the VA bits above the range the tables see */
	bool global;        /* every stage-1 entry is global (EL2 with one VA range) */
};

static bool wc_lookup_cb(void *p, uint64_t ia, struct smmu_ptw_step *st)
{
	struct wc_ctx *w = p;

	return smmu__wc_lookup(w->s, w->stage, w->el2, w->vmid, w->asid, ia | w->ia_high,
			       w->pgshift, st);
}

static void wc_fill_cb(void *p, uint64_t ia, const struct smmu_ptw_step *st)
{
	struct wc_ctx *w = p;

	/*
	 * Walk-cache entries are tagged with an ASID and TLBI by ASID removes
	 * them: a global (nG=0) stage-1 leaf stays in the TLB only.
	 */
	if (st->leaf && w->stage == 1 && (w->global || !(st->table & PTE_S1_NG)))
		return;
	smmu__wc_fill(w->s, w->stage, w->el2, w->vmid, w->asid, ia | w->ia_high, w->pgshift, st);
}

/* ---- permissions ------------------------------------------------------- */

/* §13.4.1, Arm ARM D8.4: stage-1 direct permissions, as TLB_P_* bits. */
static unsigned s1_perms(const struct xl *x, const struct smmu_cd *cd, uint64_t desc,
			 unsigned aptable, bool xntable, bool pxntable)
{
	unsigned ap = (unsigned)FIELD_GET(PTE_S1_AP, desc);
	bool ur, uw, pr = true, pw, ux, px;

	if (aptable & PTE_APTABLE_NO_EL0)
		ap &= ~PTE_AP_UNPRIV;
	if (aptable & PTE_APTABLE_RO)
		ap |= PTE_AP_RDONLY;
	pw = !(ap & PTE_AP_RDONLY);
	if (x->el2_1r) {
		/* any-EL2: AP[1] is ignored, every access is checked as privileged; one XN bit. */
		bool xn = (desc & PTE_S1_UXN) || xntable;

		ux = px = !xn && !(cd->wxn && pw);
		return TLB_P_UR | TLB_P_PR | (pw ? TLB_P_UW | TLB_P_PW : 0) |
		       (ux ? TLB_P_UX | TLB_P_PX : 0);
	}
	ur = ap & PTE_AP_UNPRIV;
	uw = ur && pw;
	ux = !(desc & PTE_S1_UXN) && !xntable;
	/* EL0-writable memory is never privileged-executable. */
	px = !(desc & PTE_S1_PXN) && !pxntable && !uw;
	if (cd->wxn) {
		ux = ux && !uw;
		px = px && !pw;
	}
	/* PAN: privileged data accesses to EL0-accessible pages fault. */
	if (cd->pan && ur)
		pr = pw = false;
	return (ur ? TLB_P_UR : 0) | (uw ? TLB_P_UW : 0) | (ux ? TLB_P_UX : 0) |
	       (pr ? TLB_P_PR : 0) | (pw ? TLB_P_PW : 0) | (px ? TLB_P_PX : 0);
}

/* §13.4.3: stage 2 checks S2AP and XN; privilege matters only with IDR3.XNX. */
static unsigned s2_perms(uint64_t desc)
{
	unsigned s2ap = (unsigned)FIELD_GET(PTE_S2_AP, desc);
	bool xn = (FIELD_GET(PTE_S2_XN, desc) & 2) != 0;
	unsigned p = 0;

	if (s2ap & PTE_S2AP_READ)
		p |= TLB_P_UR | TLB_P_PR;
	if (s2ap & PTE_S2AP_WRITE)
		p |= TLB_P_UW | TLB_P_PW;
	if (!xn)
		p |= TLB_P_UX | TLB_P_PX;
	return p;
}

/* The permission bit this transaction needs. */
static unsigned needed(const struct xl *x)
{
	if (x->t->write)
		return x->priv ? TLB_P_PW : TLB_P_UW;
	if (x->instr)
		return x->priv ? TLB_P_PX : TLB_P_UX;
	return x->priv ? TLB_P_PR : TLB_P_UR;
}

/* ---- stage 2 ------------------------------------------------------------ */

static void s2_setup(struct xl *x)
{
	const struct smmu_ste *e = x->ste;

	/* The geometry STE decode derived while checking it (§5.2). */
	x->s2 = (struct smmu_ptw_cfg){
		.stage2 = true,
		.pgshift = e->s2_pgshift,
		.start_level = e->s2_start_level,
		.ias = 64 - e->s2t0sz,
		.oas = e->s2_ps_bits,
		.ttb = e->s2ttb,
		.ha = e->s2ha,
		.hd = e->s2ha && e->s2hd,
		.affd = e->s2affd && !e->s2ha,
	};
}

/*
 * Translate an IPA through stage 2 for `need` (a TLB_P_* bit) on behalf of
 * `cls` (CD, TT or IN).  PTW_OK and *pa, or the fault left in x->s2f.
 */
static enum smmu_ptw_fault s2_translate(struct xl *x, uint64_t ipa, unsigned need, bool write,
					uint64_t *pa, unsigned *out_shift, bool final)
{
	struct smmu_tlb_entry e;
	struct smmu_ptw_result w;
	struct smmu_ptw_io io = phys_io_ops;
	struct wc_ctx wc = { x->s, 2, false, x->vmid, 0, x->s2.pgshift, 0, false };
	enum smmu_ptw_fault f;
	unsigned perms;

	io.ctx = x;
	io.wc_lookup = wc_lookup_cb;
	io.wc_fill = wc_fill_cb;
	io.wc = &wc;
	if (x->s->explain) {
		io.explain = ptw_explain_cb;
		smmu__x_s2(x->s, &x->s2, ipa, x->vmid);
	}
	x->s2f.ipa = ipa;
	x->s2f.write = write;
	/*
	 * The final stage of a stage-2-only translation probes the main TLB;
	 * inside a stage-1 translation this is the IPA cache, which a profile
	 * may leave out (timing only: with correct invalidation the result is
	 * the same either way).
	 */
	bool cached = final || x->s->cfg.ipa_cache;
	const struct smmu_tlb_entry *hit = NULL;

	if (cached) {
		if (!final)
			x->ipa_probes++;
		hit = smmu__tlb_lookup(x->s, TLB_S2, false, x->vmid, 0, ipa, x->s2.pgshift);
		if (x->s->explain)
			smmu__x_tlb(x->s, 2, TLB_S2, x->vmid, 0, ipa, hit, hit && (hit->s2perm & need),
				    !final);
	}
	if (hit && (hit->s2perm & need)) {
		x->s->stats.tlb_hits++;
		x->main_hit = final;
		x->s2_perms = hit->s2perm;
		*pa = hit->oa | (ipa & ((UINT64_C(1) << hit->shift) - 1));
		if (out_shift)
			*out_shift = hit->shift;
		return PTW_OK;
	}
	if (cached)
		x->s->stats.tlb_misses++;
	if (x->s->explain)
		smmu__x_walk(x->s, &x->s2, ipa, smmu__wc_enabled(x->s, 2));
	f = smmu__ptw_walk(&x->s2, ipa, &io, &w);
	walk_account(x, 2, &w);
	if (f != PTW_OK) {
		x->s2f.f = f;
		x->s2f.fetch_addr = w.fetch_addr;
		return f;
	}
	perms = s2_perms(w.desc);
	/* §3.13: a write to a clean (S2AP[1]=0) DBM page marks it dirty under S2HD. */
	if (!(perms & need) && write && x->s2.hd && (w.desc & PTE_DBM))
		perms = s2_perms(w.desc | FIELD_PREP(PTE_S2_AP, PTE_S2AP_WRITE));
	if (x->s->explain)
		smmu__x_s2_perm(x->s, w.desc, perms, need);
	if (!(perms & need)) {
		x->s2f.f = PTW_PERMISSION;
		return PTW_PERMISSION;
	}
	uint64_t nd = w.desc | PTE_AF;
	if (write && x->s2.hd && (w.desc & PTE_DBM))
		nd |= FIELD_PREP(PTE_S2_AP, PTE_S2AP_WRITE);
	if (!x->s2.ha)
		nd = w.desc; /* no hardware update: AFFD or a set AF let the walk through */
	uint64_t od = w.desc;
	f = smmu__ptw_update(&io, &w, nd);
	if (x->s->explain && f == PTW_OK && nd != od)
		smmu__x_update(x->s, 2, w.desc_addr, od, nd, x->attrs);
	if (f != PTW_OK) {
		x->s2f.f = f;
		x->s2f.fetch_addr = w.desc_addr;
		return f;
	}
	e = (struct smmu_tlb_entry){
		.kind = TLB_S2, .vmid = x->vmid, .shift = (uint8_t)w.map_shift,
		.va = ipa & ~((UINT64_C(1) << w.map_shift) - 1),
		.oa = w.oa & ~((UINT64_C(1) << w.map_shift) - 1),
		.level = (uint8_t)w.level, .s2perm = (uint8_t)s2_perms(w.desc),
	};
	if (cached)
		smmu__tlb_insert(x->s, &e, ipa, x->s2.pgshift);
	x->s2_perms = perms;
	*pa = w.oa;
	if (out_shift)
		*out_shift = w.map_shift;
	return PTW_OK;
}

/* Report the stage-2 fault left in x->s2f for class cls. */
static void s2_report(struct xl *x, unsigned cls)
{
	if (x->s2f.f == PTW_EABT)
		xlate_fault(x, PTW_EABT, true, cls, FIELD_ADDR(EVT_3_FETCHADDR, x->s2f.fetch_addr), true,
			    fault_rule(PTW_EABT, true));
	else
		xlate_fault(x, x->s2f.f, true, cls, FIELD_ADDR(EVT_3_IPA, x->s2f.ipa), x->ste->s2r,
			    fault_rule(x->s2f.f, true));
}

/* s2_translate for an address stage 1 needs (a CD, a table), nested under it in explain. */
static enum smmu_ptw_fault s2_nested(struct xl *x, const char *what, uint64_t ipa, unsigned need,
				     bool write, uint64_t *pa)
{
	enum smmu_ptw_fault f;

	if (!x->s->explain)
		return s2_translate(x, ipa, need, write, pa, NULL, false);
	smmu__x_nest(x->s, what, ipa);
	f = s2_translate(x, ipa, need, write, pa, NULL, false);
	smmu__x_unnest(x->s);
	return f;
}

/* Descriptor reads for a nested stage-1 walk: each table address is an IPA. */
static enum smmu_ptw_fault ipa_read(void *ctx, uint64_t ipa, uint64_t *desc)
{
	struct xl *x = ctx;
	uint64_t pa;

	if (s2_nested(x, "the stage-1 descriptor address", ipa, TLB_P_PR, false, &pa) != PTW_OK)
		return PTW_NESTED;
	return phys_read(ctx, pa, desc);
}

static enum smmu_ptw_fault ipa_write(void *ctx, uint64_t ipa, uint64_t desc)
{
	struct xl *x = ctx;
	uint64_t pa;

	/* §3.13: a stage-1 HTTU update needs stage-2 write permission. */
	if (s2_nested(x, "the stage-1 descriptor to update", ipa, TLB_P_PW, true, &pa) != PTW_OK)
		return PTW_NESTED;
	return phys_write(ctx, pa, desc);
}

/* Read len bytes of configuration (an L1CD or CD) at a PA, or an IPA when nested. */
static enum smmu_ptw_fault cfg_read(struct xl *x, uint64_t addr, void *buf, size_t len,
				    uint64_t *pa_out)
{
	uint64_t pa = addr;

	if (x->ste->s2_trans && s2_nested(x, "the CD address", addr, TLB_P_PR, false, &pa) != PTW_OK)
		return PTW_NESTED;
	*pa_out = pa;
	return bus_read_block(x->s->bus, pa & x->s->oas_mask, buf, len, x->attrs) ? PTW_EABT : PTW_OK;
}

/* ---- context descriptors ----------------------------------------------- */

/*
 * Find the CD for table index idx (§5.3, §5.4).  Returns true with *cd,
 * or false with the fault already reported.
 */
static bool cd_get(struct xl *x, uint32_t idx, struct smmu_cd *cd)
{
	const struct smmu_ste *e = x->ste;
	struct smmu_cfg_entry *hit;
	uint64_t addr = e->s1ctxptr, pa = 0, raw[CD_DWORDS];
	uint8_t b[CD_SIZE];
	const char *why;

	if (smmu__cfg_lookup(x->s, CFG_CD, x->t->sid, idx, &hit)) {
		*cd = hit->u.cd;
		if (x->s->explain) {
			smmu__x_cfg(x->s, true, x->t->sid, idx, true);
			smmu__x_cd(x->s, e, idx, 0, 0, cd, true, NULL, NULL);
		}
		return true;
	}
	if (x->s->explain)
		smmu__x_cfg(x->s, true, x->t->sid, idx, false);
	if (e->s1cdmax && e->s1fmt != STE_S1FMT_LINEAR) {
		unsigned split = e->s1fmt == STE_S1FMT_2LVL_4K ? CD_SPLIT_4K : CD_SPLIT_64K;
		uint64_t l1a = addr + (uint64_t)(idx >> split) * L1CD_SIZE, l1;

		switch (cfg_read(x, l1a, b, L1CD_SIZE, &pa)) {
		case PTW_OK:
			break;
		case PTW_NESTED:
			s2_report(x, EVT_CLASS_CD);
			return false;
		default:
			if (x->s->explain)
				smmu__x_l1cd(x->s, e, idx, split, l1a, pa, 0, false, x->attrs);
			fault_at(x, SMMU_EVT_F_CD_FETCH, FIELD_ADDR(EVT_3_FETCHADDR, pa),
				 "external abort fetching the L1 context descriptor (§7.3.10)");
			return false;
		}
		l1 = mem_le_get(b, 8);
		if (x->s->explain)
			smmu__x_l1cd(x->s, e, idx, split, l1a, pa, l1, true, x->attrs);
		if (!(l1 & L1CD_0_V)) {
			fault(x, SMMU_EVT_C_BAD_SUBSTREAMID, "L1CD.V=0 for this SubstreamID (§5.3, §7.3.9)");
			return false;
		}
		addr = FIELD_ADDR(L1CD_0_L2PTR, l1) + (uint64_t)(idx & ((1u << split) - 1)) * CD_SIZE;
	} else {
		addr += (uint64_t)idx * CD_SIZE;
	}
	switch (cfg_read(x, addr, b, CD_SIZE, &pa)) {
	case PTW_OK:
		break;
	case PTW_NESTED:
		s2_report(x, EVT_CLASS_CD);
		return false;
	default:
		if (x->s->explain)
			smmu__x_cd(x->s, e, idx, addr, pa, cd, false, NULL, x->attrs);
		fault_at(x, SMMU_EVT_F_CD_FETCH, FIELD_ADDR(EVT_3_FETCHADDR, pa),
			 "external abort fetching the context descriptor (§7.3.10)");
		return false;
	}
	for (unsigned i = 0; i < CD_DWORDS; i++)
		raw[i] = mem_le_get(b + 8 * i, 8);
	why = smmu__cd_decode(x->s, e, raw, cd);
	if (x->s->explain)
		smmu__x_cd(x->s, e, idx, addr, pa, cd, true, why, x->attrs);
	if (why) {
		fault(x, SMMU_EVT_C_BAD_CD, why);
		return false;
	}
	smmu__cfg_insert(x->s, CFG_CD, x->t->sid, idx, cd);
	return true;
}

/* ---- stage 1 ------------------------------------------------------------ */

/* The VA as the TLB holds it: with TBI the top byte follows bit 55. */
static uint64_t va_norm(uint64_t va, bool tbi)
{
	if (!tbi)
		return va;
	return (va & BIT64(55)) ? va | GENMASK64(63, 56) : va & ~GENMASK64(63, 56);
}

/* After stage 1 gave ipa (with its mapping size): stage 2 if enabled, then done. */
static void finish_s1(struct xl *x, const struct smmu_tlb_entry *s1e, uint64_t va)
{
	uint64_t ipa = s1e->oa | (va & ((UINT64_C(1) << s1e->shift) - 1)), pa = ipa;
	struct smmu_tlb_entry e = *s1e;
	unsigned s2shift = 64;

	if (x->ste->s2_trans) {
		if (s2_translate(x, ipa, needed(x), x->t->write, &pa, &s2shift, false) != PTW_OK) {
			s2_report(x, EVT_CLASS_IN);
			return;
		}
		/* A nested entry covers what both stages map the same way. */
		e.kind = TLB_NESTED;
		/* §3.2: a later access of another kind must meet stage 2's permissions too */
		e.s2perm = (uint8_t)x->s2_perms;
		if (s2shift < e.shift)
			e.shift = (uint8_t)s2shift;
		e.ipa = ipa & ~((UINT64_C(1) << e.shift) - 1);
		e.ipa_shift = (uint8_t)s2shift;
		e.va = va & ~((UINT64_C(1) << e.shift) - 1);
		e.oa = pa & ~((UINT64_C(1) << e.shift) - 1);
		x->r->ipa = ipa;
	}
	smmu__tlb_insert(x->s, &e, va, 12);
	finish(x->r, SMMU_TRANSLATED, pa, x->ste->s2_trans
	       ? "translated by stage 1 then stage 2 (§3.2)" : "translated by stage 1 (§3.2)");
}

static void stage1(struct xl *x, const struct smmu_cd *cd)
{
	const struct smmu_txn *t = x->t;
	unsigned sel = x->el2_1r ? 0 : (unsigned)((t->iova >> 55) & 1);
	const __typeof__(cd->tt[0]) *tt = &cd->tt[sel];
	uint64_t va = va_norm(t->iova, tt->tbi);
	uint16_t asid = x->el2_1r ? 0 : cd->asid;
	unsigned kind = x->ste->s2_trans ? TLB_NESTED : TLB_S1;
	struct smmu_tlb_entry e;
	struct smmu_ptw_result w;
	struct wc_ctx wc = { x->s, 1, x->el2, x->vmid, 0, tt->pgshift, 0, false };
	struct smmu_ptw_io io = {
		.read = x->ste->s2_trans ? ipa_read : phys_read,
		.write = x->ste->s2_trans ? ipa_write : phys_write,
		.ctx = x, .wc_lookup = wc_lookup_cb, .wc_fill = wc_fill_cb, .wc = &wc,
	};
	unsigned need = needed(x), perms;

	const struct smmu_tlb_entry *hit = smmu__tlb_lookup(x->s, kind, x->el2, x->vmid, asid, va,
							    tt->pgshift ? tt->pgshift : 12);
	/* IHI 0070 §13.4.3: a combined (nested) entry must also allow the access at stage 2 */
	bool usable = hit && (hit->s1perm & need) && (kind != TLB_NESTED || (hit->s2perm & need));

	if (x->s->explain) {
		io.explain = ptw_explain_cb;
		smmu__x_tlb(x->s, 1, kind, x->vmid, asid, va, hit, usable, false);
	}
	if (usable) {
		x->s->stats.tlb_hits++;
		x->r->tlb_hit = true;
		x->main_hit = true;
		finish(x->r, SMMU_TRANSLATED, hit->oa | (va & ((UINT64_C(1) << hit->shift) - 1)),
		       "translated by the TLB (§16.2)");
		return;
	}
	x->s->stats.tlb_misses++;
	if (x->s->explain)
		smmu__x_s1_range(x->s, cd, t->iova, sel, x->el2_1r);
	/* §3.4.1: VA[55] selects TTB0/TTB1; the bits above the range must all equal it. */
	if ((x->el2_1r && ((t->iova >> 55) & 1)) || !tt->enabled) {
		xlate_fault(x, PTW_TRANSLATION, false, EVT_CLASS_IN, 0, cd->record, x->el2_1r
			    ? "stage 1: VA outside the EL2 range (F_TRANSLATION, §3.4.1)"
			    : "stage 1: CD.EPDx=1 disables walks for this VA range (F_TRANSLATION, §5.4)");
		return;
	}
	unsigned ias = 64 - tt->tsz, top = tt->tbi ? 55 : 63;
	uint64_t upper = (va >> ias) & ((UINT64_C(2) << (top - ias)) - 1);
	if (upper != (sel ? (UINT64_C(2) << (top - ias)) - 1 : 0)) {
		xlate_fault(x, PTW_TRANSLATION, false, EVT_CLASS_IN, 0, cd->record,
			    "stage 1: VA outside the range T0SZ/T1SZ allow (F_TRANSLATION, §3.4.1)");
		return;
	}
	wc.asid = asid;
	wc.global = x->el2_1r;
	wc.ia_high = va & ~((UINT64_C(1) << ias) - 1);
	struct smmu_ptw_cfg c = {
		.pgshift = tt->pgshift,
		.start_level = smmu__ptw_s1_start_level(tt->pgshift, ias),
		.ias = ias, .oas = cd->ips_bits, .ttb = tt->ttb,
		.ha = cd->ha, .hd = cd->hd, .affd = cd->affd && !cd->ha,
	};
	if (x->s->explain)
		smmu__x_walk(x->s, &c, va & ((UINT64_C(1) << ias) - 1), smmu__wc_enabled(x->s, 1));
	enum smmu_ptw_fault f = smmu__ptw_walk(&c, va & ((UINT64_C(1) << ias) - 1), &io, &w);
	walk_account(x, 1, &w);
	if (f == PTW_NESTED) {
		s2_report(x, EVT_CLASS_TTD);
		return;
	}
	if (f == PTW_EABT) {
		/* §7.3.12: a stage-1 descriptor fetch abort reports CLASS=TT and the PA. */
		xlate_fault(x, PTW_EABT, false, EVT_CLASS_TTD, FIELD_ADDR(EVT_3_FETCHADDR, w.fetch_addr),
			    true, fault_rule(f, false));
		return;
	}
	if (f != PTW_OK) {
		xlate_fault(x, f, false, EVT_CLASS_IN, 0, cd->record, fault_rule(f, false));
		return;
	}
	perms = s1_perms(x, cd, w.desc, w.aptable, w.xntable, w.pxntable);
	uint64_t nd = w.desc;
	if (!(perms & need) && t->write && c.hd && (w.desc & PTE_DBM)) {
		/* §3.13: a write to a writable-clean DBM page clears AP[2] (dirty). */
		uint64_t dirty = w.desc & ~FIELD_PREP(PTE_S1_AP, PTE_AP_RDONLY);

		if (s1_perms(x, cd, dirty, w.aptable, w.xntable, w.pxntable) & need)
			nd = dirty, perms = s1_perms(x, cd, dirty, w.aptable, w.xntable, w.pxntable);
	}
	if (x->s->explain)
		smmu__x_s1_perm(x->s, cd, &w, perms, need, x->priv, x->instr, t->write);
	if (!(perms & need)) {
		xlate_fault(x, PTW_PERMISSION, false, EVT_CLASS_IN, 0, cd->record,
			    fault_rule(PTW_PERMISSION, false));
		return;
	}
	if (c.ha)
		nd |= PTE_AF;
	uint64_t od = w.desc;
	f = smmu__ptw_update(&io, &w, nd);
	if (x->s->explain && f == PTW_OK && nd != od)
		smmu__x_update(x->s, 1, w.desc_addr, od, nd, x->attrs);
	if (f == PTW_NESTED) {
		s2_report(x, EVT_CLASS_TTD);
		return;
	}
	if (f != PTW_OK) {
		xlate_fault(x, PTW_EABT, false, EVT_CLASS_TTD, FIELD_ADDR(EVT_3_FETCHADDR, w.desc_addr),
			    true, "stage 1: hardware AF/dirty update aborted (F_WALK_EABT, §3.13)");
		return;
	}
	e = (struct smmu_tlb_entry){
		.kind = TLB_S1, .el2 = x->el2, .vmid = x->vmid, .asid = asid,
		.global = x->el2_1r || !(w.desc & PTE_S1_NG),
		.shift = (uint8_t)w.map_shift, .level = (uint8_t)w.level,
		.va = va & ~((UINT64_C(1) << w.map_shift) - 1),
		.oa = w.oa & ~((UINT64_C(1) << w.map_shift) - 1),
		.s1perm = (uint8_t)perms,
	};
	finish_s1(x, &e, va);
}

/* ---- stage 2 only ------------------------------------------------------- */

static void stage2_only(struct xl *x)
{
	uint64_t pa;

	/* §3.4: with stage 1 bypassed the input must fit the IAS (F_ADDR_SIZE, stage 1). */
	if (x->t->iova >> x->s->cfg.oas) {
		xlate_fault(x, PTW_ADDR_SIZE, false, EVT_CLASS_IN, 0, true,
			    "stage 1 bypassed: input beyond the IAS (F_ADDR_SIZE, §3.4)");
		return;
	}
	if (s2_translate(x, x->t->iova, needed(x), x->t->write, &pa, NULL, true) != PTW_OK) {
		s2_report(x, EVT_CLASS_IN);
		return;
	}
	finish(x->r, SMMU_TRANSLATED, pa, "stage 1 bypassed, translated by stage 2 (§3.2)");
}

/*
 * Stage 1 is not translated (STE.Config bypass, or S1DSS=bypass): stage 2
 * alone if enabled, else the input passes through, checked against the
 * OAS first (§3.4: a bypassed stage still checks its input size).
 */
static void stage1_bypassed(struct xl *x, const char *too_big, const char *bypassed)
{
	if (x->ste->s2_trans) {
		stage2_only(x);
		return;
	}
	if (x->t->iova >> x->s->cfg.oas) {
		xlate_fault(x, PTW_ADDR_SIZE, false, EVT_CLASS_IN, 0, true, too_big);
		return;
	}
	finish(x->r, SMMU_BYPASS, x->t->iova, bypassed);
}

/* ---- the STE's decision ------------------------------------------------- */

static void translate_ste(struct xl *x)
{
	const struct smmu_txn *t = x->t;
	const struct smmu_ste *ste = x->ste;
	uint32_t cd_idx = 0;
	struct smmu_cd cd;

	/* §5.2 Config: Config[2]=0 (0b000 and the reserved 0b0xx) aborts with no event. */
	if (!(ste->config & 4)) {
		finish(x->r, SMMU_ABORT, 0, "STE.Config=abort: terminated without an event (§5.2)");
		return;
	}
	/*
	 * §13.1.2 and §5.2 PRIVCFG/INSTCFG (0b01 reserved, behaves as incoming);
	 * RES0 unless IDR1.ATTR_PERMS_OVR.
	 */
	unsigned privcfg = x->s->cfg.attr_perms_ovr ? ste->privcfg : 0;
	unsigned instcfg = x->s->cfg.attr_perms_ovr ? ste->instcfg : 0;
	x->priv = privcfg == 2 ? false : privcfg == 3 ? true : t->priv;
	x->instr = !t->write && (instcfg == 2 ? false : instcfg == 3 ? true : t->exec);
	x->el2 = ste->config == STE_CONFIG_S1_TRANS && x->s->cfg.hyp && ste->strw == STE_STRW_EL2;
	x->el2_1r = x->el2 && !(x->s->cr2 & SMMU_CR2_E2H);
	/* §3.17: NS-EL1 entries are tagged with STE.S2VMID when stage 2 exists. */
	x->vmid = x->s->cfg.s2p && !x->el2 ? ste->s2vmid : 0;
	if (ste->s2_trans)
		s2_setup(x);

	if (t->ssv) {
		/* §7.3.9 C_BAD_SUBSTREAMID */
		if (!ste->s1_trans) {
			fault(x, SMMU_EVT_C_BAD_SUBSTREAMID,
			      "SubstreamID given but STE.Config does not enable stage 1 (§7.3.9)");
			return;
		}
		if (!ste->s1cdmax) {
			fault(x, SMMU_EVT_C_BAD_SUBSTREAMID,
			      "SubstreamID given but STE.S1CDMax=0: substreams disabled (§7.3.9)");
			return;
		}
		if (t->ssid >> ste->s1cdmax) {
			fault(x, SMMU_EVT_C_BAD_SUBSTREAMID, "SubstreamID >= 2^STE.S1CDMax (§7.3.9)");
			return;
		}
		/* §5.2 S1DSS=0b10: SubstreamID 0 is reserved for traffic without one. */
		if (ste->s1dss == STE_S1DSS_SSID0 && t->ssid == 0) {
			fault(x, SMMU_EVT_F_STREAM_DISABLED,
			      "SubstreamID 0 with STE.S1DSS=SSID0 (§5.2, §7.3.7)");
			return;
		}
		cd_idx = t->ssid;
	} else if (ste->s1_trans && ste->s1cdmax) {
		/* §5.2 S1DSS: what happens to traffic without a SubstreamID. */
		switch (ste->s1dss) {
		case STE_S1DSS_TERMINATE:
			fault(x, SMMU_EVT_F_STREAM_DISABLED,
			      "no SubstreamID and STE.S1DSS=terminate (§5.2, §7.3.7)");
			return;
		case STE_S1DSS_BYPASS:
			stage1_bypassed(x, "S1DSS=bypass: input beyond the IAS (F_ADDR_SIZE, §3.4)",
					"no SubstreamID and STE.S1DSS=bypass: stage 1 bypassed (§5.2)");
			return;
		default:
			cd_idx = 0; /* S1DSS=SSID0: CD 0 */
			break;
		}
	}
	if (ste->s1_trans) {
		if (cd_get(x, cd_idx, &cd))
			stage1(x, &cd);
		return;
	}
	stage1_bypassed(x, "STE.Config=bypass: input beyond the OAS (F_ADDR_SIZE, §3.4)",
			"STE.Config=bypass: both stages bypassed (§5.2)");
}

/*
 * What the transaction cost (docs/timing.md "Cycle accounting").  mem is
 * what the bus charged: configuration fetches, descriptor reads and
 * updates, event records.  The functional path always runs in full; the
 * micro-TLB only decides whether a main-TLB hit was also a micro-TLB hit.
 */
static void xlate_cycles(struct xl *x, uint64_t mem)
{
	struct smmu *s = x->s;
	const struct sm_latency *L = &s->lat;
	const struct smmu_txn *t = x->t;
	struct smmu_result *r = x->r;
	bool has_utlb = s->cfg.utlb_entries != 0;
	uint64_t c = (uint64_t)L->issue + (has_utlb ? L->utlb : 0) + L->complete;
	/* A hit needs nothing from memory: a configuration refetch means the central unit. */
	bool main_hit = x->main_hit && mem == 0;
	bool utlb_hit = has_utlb && smmu__utlb_lookup(s, t->sid, t->ssv, t->ssid, t->iova);

	/* A hit needs no fill: the lookup has just made the entry the most recent. */
	if (r->verdict == SMMU_TRANSLATED && has_utlb && !utlb_hit)
		smmu__utlb_fill(s, t->sid, t->ssv, t->ssid, t->iova);
	r->walk_busy = 0;
	/* The micro-TLB only mirrors main-TLB entries: without a main-TLB hit its copy is stale. */
	if (main_hit && utlb_hit) {
		s->stats.utlb_hits++;
		r->cycles = c;
		return;
	}
	if (has_utlb)
		s->stats.utlb_misses++;
	c += L->tlb;
	if (main_hit) {
		r->cycles = c;
		return;
	}
	/* A walker is held from arrival in the central unit until its answer leaves. */
	r->walk_at = c - L->complete + L->xfer;
	r->walk_busy = (uint64_t)s->cfg_probes * L->cfg + (uint64_t)x->ipa_probes * L->ipa +
		       (uint64_t)x->walks * L->walk + (uint64_t)x->wc_probes * L->wc + mem;
	r->cycles = c + 2 * (uint64_t)L->xfer + r->walk_busy;
}

static void translate_full(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r);

void smmu_translate(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r)
{
	/* smmu_fast.c: a repeat of the last TLB hit, while nothing has changed */
	if (s->memo.valid && !s->explain && smmu__memo_replay(s, t, r))
		return;
	translate_full(s, t, r);
}

/* Every step of §3 for one transaction. */
static void translate_full(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r)
{
	struct bus_attrs attrs = { 0 };
	struct smmu_ste ste;
	uint64_t fetch_addr = 0;
	const char *why = NULL;
	struct xl x;

	smmu__memo_begin(s);
	/*
	 * The hot path: set what every outcome reads instead of zeroing the
	 * whole context and result (the event is only filled, and only read,
	 * for SMMU_FAULT; the stage-2 set-up only for stage-2 STEs).
	 */
	x.s = s, x.t = t, x.r = r, x.attrs = &attrs, x.ste = &ste;
	x.priv = t->priv, x.instr = t->exec && !t->write;
	x.el2 = x.el2_1r = false, x.vmid = 0;
	x.s2f.f = PTW_OK, x.s2f.ipa = x.s2f.fetch_addr = 0, x.s2f.write = false;
	x.main_hit = false, x.walks = x.wc_probes = x.ipa_probes = 0;
	s->cfg_probes = 0;
	r->verdict = SMMU_ABORT, r->pa = 0, r->event_status = SMMU_EVQ_NONE, r->rule = NULL;
	r->cycles = 0, r->ipa = 0, r->tlb_hit = false, r->walk_reads = 0;
	r->event.type = 0;
	s->stats.transactions++;
	if (s->explain)
		smmu__x_begin(s, t);
	if (!(s->cr0ack & SMMU_CR0_SMMUEN)) {
		if (s->explain)
			smmu__x_gbpa(s, t);
		/* §6.3.14 SMMU_GBPA: with the SMMU disabled, GBPA.ABORT alone decides. */
		if (s->gbpa & SMMU_GBPA_ABORT)
			finish(r, SMMU_ABORT, 0, "SMMUEN=0 and GBPA.ABORT=1: terminated (§6.3.14)");
		else if (t->iova >> s->cfg.oas)
			finish(r, SMMU_ABORT, 0, "SMMUEN=0: input beyond the OAS is aborted (§3.4)");
		else
			finish(r, SMMU_BYPASS, t->iova, "SMMUEN=0 and GBPA.ABORT=0: bypass (§6.3.14)");
		/* docs/timing.md: accepted and passed on, nothing probed */
		r->cycles = (uint64_t)s->lat.issue + s->lat.complete;
		r->walk_busy = 0;
		smmu__schedule(s, t->issue, r);
		if (s->explain)
			smmu__x_done(s, t, r, true, false, 0, 0, 0, 0);
		return;
	}
	switch (smmu__ste_lookup(s, t->sid, &ste, &fetch_addr, &why, &attrs)) {
	case SMMU_STE_OK:
		translate_ste(&x);
		break;
	case SMMU_STE_BAD_SID:
		/* §7.3.3: C_BAD_STREAMID is only recorded when CR2.RECINVSID=1. */
		if (s->cr2 & SMMU_CR2_RECINVSID)
			fault(&x, SMMU_EVT_C_BAD_STREAMID, why);
		else
			finish(r, SMMU_ABORT, 0,
			       "invalid StreamID, not recorded because CR2.RECINVSID=0 (§7.3.3)");
		break;
	case SMMU_STE_FETCH:
		fault_at(&x, SMMU_EVT_F_STE_FETCH, FIELD_ADDR(EVT_3_FETCHADDR, fetch_addr), why);
		break;
	case SMMU_STE_INVALID:
		fault(&x, SMMU_EVT_C_BAD_STE, why);
		break;
	}
	xlate_cycles(&x, attrs.cycles);
	smmu__schedule(s, t->issue, r);
	if (s->explain)
		smmu__x_done(s, t, r, false, x.main_hit && !attrs.cycles, attrs.cycles, x.walks,
			     x.wc_probes, x.ipa_probes);
	if (x.main_hit && !attrs.cycles)
		smmu__memo_record(s, t, r);
}

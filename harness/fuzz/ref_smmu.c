/* SPDX-License-Identifier: MIT */
/*
 * The reference translation, from the spec alone (see ref_smmu.h).  Field
 * positions are written here from IHI 0070 §5.2 (STE), §5.4 (CD), §6.3.24-25
 * (STRTAB_BASE, STRTAB_BASE_CFG) and the VMSAv8-64 descriptor formats
 * (Arm ARM D8.3), on purpose not taken from smmu/: a wrong bit position in
 * the model's headers must disagree with this file, not agree with it.
 */
#include "ref_smmu.h"

#include <stddef.h>

static uint64_t bits(uint64_t v, unsigned hi, unsigned lo)
{
	uint64_t m = hi - lo == 63 ? ~0ull : (1ull << (hi - lo + 1)) - 1;

	return (v >> lo) & m;
}

static uint64_t addr_mask(unsigned hi, unsigned lo)
{
	return ((hi == 63 ? ~0ull : (1ull << (hi + 1)) - 1)) & ~((1ull << lo) - 1);
}

/* One walk's outcome. */
enum wres { W_OK, W_FAULT, W_UNSURE };

struct wr {
	enum wres res;
	const char *fault;   /* W_FAULT; NULL when two faults compete */
	const char *why;
};

struct ref {
	const struct ref_regs *r;
	ref_read_fn rd;
	void *ctx;
	const struct ref_txn *t;
	bool priv, instr;
	/* stage 2 of this STE, when enabled */
	bool s2;
	unsigned s2g, s2ia, s2start, s2ps;
	uint64_t s2root;
	bool s2affd;
};

static struct wr fault(const char *name, const char *why)
{
	return (struct wr){ W_FAULT, name, why };
}

static struct wr unsure(const char *why)
{
	return (struct wr){ W_UNSURE, NULL, why };
}

static const struct wr ok = { W_OK, NULL, NULL };

static unsigned shift_of(unsigned g, unsigned level)
{
	return g + (3 - level) * (g - 3);
}

/* VMSAv8-64: where block descriptors are allowed (48-bit OA, no LPA). */
static bool block_ok(unsigned g, unsigned level)
{
	if (g == 12)
		return level == 1 || level == 2;
	return level == 2;
}

struct leaf {
	uint64_t desc, oa;
	bool t_pxn, t_uxn, t_nouser, t_ro; /* hierarchical (table) attributes, stage 1 */
};

static struct wr s2_walk_perm(struct ref *x, uint64_t ipa, bool write, bool instr, uint64_t *pa);

/* A table read of a stage-1 walk or a CD fetch: through stage 2 when it is on. */
static struct wr fetch(struct ref *x, uint64_t addr, bool via_s2, uint64_t *val)
{
	uint64_t pa = addr;

	if (via_s2) {
		struct wr w = s2_walk_perm(x, addr, false, false, &pa);

		if (w.res != W_OK)
			return w;
	}
	if (x->rd(x->ctx, pa, val))
		return unsure("memory the reference does not track");
	return ok;
}

/* One stage's walk from its root to a leaf (Arm ARM D8.2 / IHI 0070 §3.4). */
static struct wr walk(struct ref *x, bool stage2, unsigned g, unsigned ia, unsigned start,
		      unsigned ps, uint64_t root, uint64_t in, struct leaf *lf)
{
	uint64_t table = root;

	lf->t_pxn = lf->t_uxn = lf->t_nouser = lf->t_ro = false;
	if (root >> ps)
		return fault("F_ADDR_SIZE", "table base beyond the output size");
	for (unsigned level = start;; level++) {
		unsigned sh = shift_of(g, level);
		unsigned ib = level == start ? ia - sh : g - 3;
		uint64_t idx = (in >> sh) & ((1ull << ib) - 1);
		uint64_t d;
		struct wr w = fetch(x, table + idx * 8, !stage2 && x->s2, &d);

		if (w.res != W_OK)
			return w;
		if (!(d & 1))
			return fault("F_TRANSLATION", "invalid descriptor");
		if (d & addr_mask(51, 48))
			return unsure("descriptor address bits above 48");
		if (level < 3 && (d & 2)) {
			if (!stage2) {
				lf->t_pxn |= bits(d, 59, 59);
				lf->t_uxn |= bits(d, 60, 60);
				lf->t_nouser |= bits(d, 61, 61);
				lf->t_ro |= bits(d, 62, 62);
			}
			table = d & addr_mask(47, g);
			if (table >> ps)
				return fault("F_ADDR_SIZE", "next table beyond the output size");
			continue;
		}
		if (level == 3 ? !(d & 2) : !block_ok(g, level))
			return fault("F_TRANSLATION", "reserved descriptor or block not allowed here");
		lf->desc = d;
		lf->oa = (d & addr_mask(47, sh)) | (in & ((1ull << sh) - 1));
		if (lf->oa >> ps)
			return fault("F_ADDR_SIZE", "output beyond the output size");
		return ok;
	}
}

/* Stage 2 of one access: walk, access flag, S2AP/XN (Arm ARM D8.4.2). */
static struct wr s2_walk_perm(struct ref *x, uint64_t ipa, bool write, bool instr, uint64_t *pa)
{
	struct leaf lf;
	struct wr w;

	if (ipa >> x->s2ia)
		return fault("F_TRANSLATION", "IPA beyond the stage-2 input size");
	w = walk(x, true, x->s2g, x->s2ia, x->s2start, x->s2ps, x->s2root, ipa, &lf);
	if (w.res != W_OK)
		return w;
	bool af = !bits(lf.desc, 10, 10) && !x->s2affd;
	bool rd = bits(lf.desc, 6, 6), wr = bits(lf.desc, 7, 7), xn = bits(lf.desc, 54, 54);
	bool perm;

	if (instr) {
		if (x->r->xnx && bits(lf.desc, 53, 53))
			return unsure("stage-2 XN[0] with FEAT_XNX");
		if (!rd)
			return unsure("stage-2 execute-only");
		perm = xn;
	} else {
		perm = write ? !wr : !rd;
	}
	if (af && perm)
		return fault(NULL, "stage 2: access flag and permission faults compete");
	if (af)
		return fault("F_ACCESS", "stage 2: access flag 0");
	if (perm)
		return fault("F_PERMISSION", "stage 2: S2AP/XN");
	*pa = lf.oa;
	return ok;
}

static void done(struct ref_out *o, enum ref_kind k, uint64_t pa, const char *fault_name,
		 const char *why)
{
	o->kind = k;
	o->pa = pa;
	o->fault = fault_name;
	o->why = why;
}

static void from_wr(struct ref_out *o, struct wr w)
{
	if (w.res == W_UNSURE) {
		o->certain = false;
		done(o, REF_FAULT, 0, NULL, w.why);
	} else {
		done(o, REF_FAULT, 0, w.fault, w.why);
	}
}

/* §5.2 STE.Config 0b110/0b111, and S1DSS bypass: the input is an IPA. */
static void stage2_only(struct ref *x, struct ref_out *o)
{
	uint64_t pa;
	struct wr w;

	if (x->t->iova >> x->r->oas) {
		done(o, REF_FAULT, 0, "F_ADDR_SIZE", "stage 1 bypassed: input beyond the IAS");
		return;
	}
	w = s2_walk_perm(x, x->t->iova, x->t->write, x->instr, &pa);
	if (w.res == W_OK)
		done(o, REF_TRANSLATED, pa, NULL, "stage 2 only");
	else
		from_wr(o, w);
}

/* Stage 1 from the CD (§5.4), then stage 2 of its output when nested. */
static void stage1(struct ref *x, uint64_t cd0, uint64_t cd1, struct ref_out *o)
{
	const struct ref_txn *t = x->t;
	unsigned t0sz = (unsigned)bits(cd0, 5, 0), tg0 = (unsigned)bits(cd0, 7, 6);
	unsigned ips = (unsigned)bits(cd0, 34, 32);
	static const unsigned ps_bits[7] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned g, ia, start, ps;
	struct leaf lf;
	struct wr w;

	if (!bits(cd0, 31, 31)) {
		done(o, REF_FAULT, 0, "C_BAD_CD", "CD.V=0");
		return;
	}
	if (tg0 == 3 || ips > 6 || t0sz < 16 || t0sz > 39 || !bits(cd0, 41, 41) || bits(cd0, 15, 15) ||
	    bits(cd0, 42, 42) || bits(cd0, 43, 43) || bits(cd0, 44, 44) || !bits(cd0, 46, 46)) {
		o->certain = false;
		done(o, REF_FAULT, 0, NULL, "CD fields outside the reference's scope");
		return;
	}
	g = tg0 == 0 ? 12 : tg0 == 1 ? 16 : 14;
	ia = 64 - t0sz;
	start = 4 - (ia - g + (g - 4)) / (g - 3);
	ps = ps_bits[ips] < x->r->oas ? ps_bits[ips] : x->r->oas;
	/* TTB0 or TTB1 by VA[55]; EPD1 is always set by the decoder. */
	uint64_t va = t->iova;
	bool tbi0 = bits(cd0, 38, 38);
	if (bits(va, 55, 55)) {
		if (bits(cd0, 30, 30))
			done(o, REF_FAULT, 0, "F_TRANSLATION", "VA[55]=1 and CD.EPD1=1");
		else
			o->certain = false, done(o, REF_FAULT, 0, NULL, "TTB1 walks out of scope");
		return;
	}
	if (bits(va, tbi0 ? 55 : 63, ia)) {
		done(o, REF_FAULT, 0, "F_TRANSLATION", "VA beyond the TTB0 range");
		return;
	}
	if (bits(cd0, 14, 14)) {
		done(o, REF_FAULT, 0, "F_TRANSLATION", "CD.EPD0=1");
		return;
	}
	w = walk(x, false, g, ia, start, ps, cd1 & addr_mask(51, 4), va & addr_mask(ia - 1, 0), &lf);
	if (w.res != W_OK) {
		from_wr(o, w);
		return;
	}
	/* Access flag (HA=0 here) and permissions (Arm ARM D8.4) */
	bool af = !bits(lf.desc, 10, 10) && !bits(cd0, 35, 35);
	bool el0 = bits(lf.desc, 6, 6) && !lf.t_nouser;
	bool ro = bits(lf.desc, 7, 7) || lf.t_ro;
	bool perm;

	if (x->instr) {
		if (x->priv && el0 && !ro)
			return (void)(o->certain = false,
				      done(o, REF_FAULT, 0, NULL, "EL0-writable memory fetched at EL1"));
		if (!x->priv && !el0)
			return (void)(o->certain = false,
				      done(o, REF_FAULT, 0, NULL, "execute-only at EL0"));
		perm = x->priv ? bits(lf.desc, 53, 53) || lf.t_pxn : bits(lf.desc, 54, 54) || lf.t_uxn;
		perm |= bits(cd0, 36, 36) && !ro; /* WXN */
	} else {
		perm = (!x->priv && !el0) || (t->write && ro) ||
		       (x->priv && bits(cd0, 40, 40) && el0); /* PAN */
	}
	if (af && perm) {
		done(o, REF_FAULT, 0, NULL, "stage 1: access flag and permission faults compete");
		return;
	}
	if (af || perm) {
		done(o, REF_FAULT, 0, af ? "F_ACCESS" : "F_PERMISSION", "stage 1 leaf");
		return;
	}
	if (!x->s2) {
		done(o, REF_TRANSLATED, lf.oa, NULL, "stage 1");
		return;
	}
	uint64_t pa;
	w = s2_walk_perm(x, lf.oa, t->write, x->instr, &pa);
	if (w.res == W_OK)
		done(o, REF_TRANSLATED, pa, NULL, "stage 1 then stage 2");
	else
		from_wr(o, w);
}

/* §5.2 stage-2 fields; false when they are outside what this reference decides. */
static bool s2_setup(struct ref *x, uint64_t w2, uint64_t w3)
{
	unsigned t0sz = (unsigned)bits(w2, 37, 32), sl0 = (unsigned)bits(w2, 39, 38);
	unsigned tg = (unsigned)bits(w2, 47, 46), ps = (unsigned)bits(w2, 50, 48);
	static const unsigned ps_bits[7] = { 32, 36, 40, 42, 44, 48, 52 };

	if (!x->r->s2p || tg == 3 || sl0 == 3 || ps > 6 || t0sz < 16 || t0sz > 39 ||
	    !bits(w2, 51, 51) || bits(w2, 52, 52) || bits(w2, 57, 54))
		return false;
	x->s2g = tg == 0 ? 12 : tg == 1 ? 16 : 14;
	x->s2ia = 64 - t0sz;
	x->s2start = x->s2g == 12 ? 2 - sl0 : 3 - sl0;
	x->s2ps = ps_bits[ps] < x->r->oas ? ps_bits[ps] : x->r->oas;
	x->s2root = w3 & addr_mask(51, 4);
	x->s2affd = bits(w2, 53, 53);
	unsigned sh = shift_of(x->s2g, x->s2start);
	/* the start level must resolve 1..(stride+4) bits: up to 16 concatenated tables */
	if (x->s2ia <= sh || x->s2ia - sh > x->s2g - 3 + 4)
		return false;
	if (x->s2root & ((8ull << (x->s2ia - sh)) - 1))
		return false;
	x->s2 = true;
	return true;
}

/* The STE address of a StreamID (§6.3.24-25, §3.3): 0, 1 (terminated, o set) or -1 (unsure). */
static int ste_addr(struct ref *x, struct ref_out *o, uint64_t *addr)
{
	const struct ref_regs *r = x->r;
	uint32_t sid = x->t->sid;
	unsigned log2size = (unsigned)bits(r->strtab_cfg, 5, 0);
	unsigned split = (unsigned)bits(r->strtab_cfg, 10, 6);
	unsigned fmt = (unsigned)bits(r->strtab_cfg, 17, 16);
	uint64_t base = r->strtab_base & addr_mask(51, 6), d;

	if (log2size > r->sidsize)
		return -1;
	if ((uint64_t)sid >> log2size) {
		done(o, r->recinvsid ? REF_FAULT : REF_ABORT, 0,
		     r->recinvsid ? "C_BAD_STREAMID" : NULL, "StreamID beyond the stream table");
		return 1;
	}
	if (fmt == 0) {
		*addr = base + (uint64_t)sid * 64;
		return 0;
	}
	if (fmt != 1 || (split != 6 && split != 8 && split != 10))
		return -1;
	if (x->rd(x->ctx, base + ((uint64_t)sid >> split) * 8, &d))
		return -1;
	unsigned span = (unsigned)bits(d, 4, 0);
	uint32_t low = sid & ((1u << split) - 1);
	if (span > split + 1)
		return -1;
	if (!span || low >> (span - 1)) {
		done(o, REF_FAULT, 0, NULL, "L1 descriptor does not cover the StreamID");
		return 1;
	}
	*addr = (d & addr_mask(51, 6)) + (uint64_t)low * 64;
	return 0;
}

void ref_translate(const struct ref_regs *r, ref_read_fn rd, void *ctx,
		   const struct ref_txn *t, struct ref_out *o)
{
	struct ref x = { .r = r, .rd = rd, .ctx = ctx, .t = t, .priv = t->priv,
			 .instr = t->exec && !t->write };
	uint64_t a, w[4], cd[2];
	int rc;

	o->certain = true;
	o->bypass_possible = false;
	/* §6.3.14 SMMU_GBPA: with SMMUEN=0, GBPA alone decides; nothing is cached. */
	if (!r->smmuen) {
		o->bypass_possible = !r->gbpa_abort;
		if (r->gbpa_abort || t->iova >> r->oas)
			done(o, REF_ABORT, 0, NULL, "SMMUEN=0, GBPA.ABORT or input beyond the OAS");
		else
			done(o, REF_BYPASS, t->iova, NULL, "SMMUEN=0, GBPA.ABORT=0");
		return;
	}
	rc = ste_addr(&x, o, &a);
	if (rc < 0)
		goto unsure;
	if (rc > 0)
		return;
	for (unsigned i = 0; i < 4; i++)
		if (rd(ctx, a + 8 * i, &w[i]))
			goto unsure;
	unsigned config = (unsigned)bits(w[0], 3, 1), s1dss = (unsigned)bits(w[1], 1, 0);
	unsigned cdmax = (unsigned)bits(w[0], 63, 59);
	/* Which readings of this STE could bypass both stages (§5.2 Config, S1DSS). */
	o->bypass_possible = bits(w[0], 0, 0) &&
			     (config == 4 || (config == 5 && !t->ssv && cdmax && s1dss == 1));
	if (!bits(w[0], 0, 0)) {
		done(o, REF_FAULT, 0, "C_BAD_STE", "STE.V=0");
		return;
	}
	if (config == 0) {
		done(o, REF_ABORT, 0, NULL, "STE.Config=abort");
		return;
	}
	if (config < 4)
		goto unsure;
	/* Fields the decoder keeps at Linux's values: anything else is out of scope. */
	if (bits(w[1], 27, 27) || bits(w[1], 31, 28))
		goto unsure;
	if (r->attr_perms_ovr) {
		unsigned privcfg = (unsigned)bits(w[1], 49, 48), instcfg = (unsigned)bits(w[1], 51, 50);

		x.priv = privcfg == 2 ? false : privcfg == 3 ? true : t->priv;
		x.instr = !t->write && (instcfg == 2 ? false : instcfg == 3 ? true : t->exec);
	}
	if ((config & 2) && !s2_setup(&x, w[2], w[3]))
		goto unsure;
	bool s1 = config & 1;
	if (s1 && (!r->s1p || bits(w[0], 5, 4) || cdmax > r->ssidsize || s1dss == 3))
		goto unsure;
	uint32_t idx = 0;
	if (t->ssv) {
		if (!s1 || !cdmax || t->ssid >> cdmax) {
			done(o, REF_FAULT, 0, "C_BAD_SUBSTREAMID", "SubstreamID not allowed");
			return;
		}
		if (s1dss == 2 && t->ssid == 0) {
			done(o, REF_FAULT, 0, NULL, "SubstreamID 0 with S1DSS=SSID0");
			return;
		}
		idx = t->ssid;
	} else if (s1 && cdmax) {
		if (s1dss == 0) {
			done(o, REF_FAULT, 0, "F_STREAM_DISABLED", "no SubstreamID, S1DSS=terminate");
			return;
		}
		if (s1dss == 1) {
			if (x.s2)
				return stage2_only(&x, o);
			if (t->iova >> r->oas)
				done(o, REF_FAULT, 0, "F_ADDR_SIZE", "S1DSS bypass beyond the IAS");
			else
				done(o, REF_BYPASS, t->iova, NULL, "no SubstreamID, S1DSS=bypass");
			return;
		}
	}
	if (s1) {
		struct wr wres = fetch(&x, (w[0] & addr_mask(51, 6)) + (uint64_t)idx * 64, x.s2, &cd[0]);

		if (wres.res == W_OK)
			wres = fetch(&x, (w[0] & addr_mask(51, 6)) + (uint64_t)idx * 64 + 8, x.s2, &cd[1]);
		if (wres.res != W_OK)
			return from_wr(o, wres);
		return stage1(&x, cd[0], cd[1], o);
	}
	if (x.s2)
		return stage2_only(&x, o);
	if (t->iova >> r->oas)
		done(o, REF_FAULT, 0, "F_ADDR_SIZE", "bypass beyond the OAS");
	else
		done(o, REF_BYPASS, t->iova, NULL, "STE.Config=bypass");
	return;
unsure:
	o->certain = false;
	done(o, REF_FAULT, 0, NULL, "configuration outside the reference's scope");
}

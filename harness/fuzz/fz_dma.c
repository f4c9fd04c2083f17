/* SPDX-License-Identifier: MIT */
/*
 * fuzz_dma_bypass: the input decodes into a well-formed but random SMMU set-up,
 * programmed like a kernel would (register writes, tables in memory, the
 * command queue), then a sequence of DMA, table edits, invalidations and
 * register changes.  After every transaction the oracle checks:
 *  (a) tracked memory changed only where the model says a write went;
 *  (b) the transaction bypassed only when a configuration software wrote
 *      since the last full invalidation demands it (ref_smmu.c decides);
 *  (c) when every edit since the last exact point has been covered by an
 *      invalidation of the scope the spec requires (struct req) and a
 *      CMD_SYNC, the outcome, PA and fault equal the reference walk; before
 *      that, only that a performed access stayed in memory software mapped.
 *
 * Memory map (qemu-virt RAM):
 *   TAB   0x40000000  stream table, CDs, page tables (tracked, bump-allocated)
 *   CMDQ  0x40f00000, EVTQ 0x40f80000 (not tracked: the SMMU writes events)
 *   TGT   0x41000000  DMA targets; the first 64 KiB are tracked, with a pattern
 *   IPA   0x80000000  the stage-1 output zone that stage 2 maps onto TGT
 * Device addresses are never below TGT, so no DMA may reach the tables
 * unless the SMMU puts it there.  HTTU is never enabled (HA/HD = 0), so the
 * SMMU itself writes only event records.
 */
#include <inttypes.h>
#include <string.h>

#include "fuzz_in.h"
#include "fuzz_targets.h"
#include "ref_smmu.h"
#include "smmu/smmu_cd.h"
#include "smmu/smmu_cmd.h"
#include "smmu/smmu_pte.h"
#include "smmu/smmu_regs.h"
#include "smmu/smmu_ste.h"

#define TAB_BASE  UINT64_C(0x40000000)
#define TAB_CAP   (4u << 20)
#define CMDQ_BASE UINT64_C(0x40f00000)
#define CMDQ_LOG2 8u
#define EVTQ_BASE UINT64_C(0x40f80000)
#define EVTQ_LOG2 5u
#define TGT_BASE  UINT64_C(0x41000000)
#define TGT_TRACK 0x10000u
#define IPA_ZONE  UINT64_C(0x80000000)
#define ALLOWED_END (IPA_ZONE + (512u << 20)) /* up to a 64K-granule block */
#define MAX_STREAMS 4
#define MAX_CDS   4
#define MAX_LEAVES 96
#define MAX_VAS   16
#define MAX_OPS   96

struct pt {
	unsigned g, ia, start;  /* granule bits, input bits, start level */
	uint64_t root;
};

struct leafrec {
	uint64_t dpa;           /* where the descriptor is */
	bool s2, identity, block;
	uint8_t si, ci;         /* the stream and CD whose tables hold it */
	uint64_t ia;            /* the VA (stage 1) or IPA (stage 2) it maps */
};

/*
 * What an edit obliges software to invalidate before the reference is exact
 * again (IHI 0070 §4.3-4.4 and the invalidation rules of §3.21 / §16.2):
 * a table or descriptor change is visible only after a command whose scope
 * covers it, then CMD_SYNC.
 */
enum req_kind {
	REQ_CFG_STE,   /* CFGI_STE(sid) or a range/all */
	REQ_CFG_CD,    /* CFGI_CD(sid, ssid) or CFGI_CD_ALL(sid) or all */
	REQ_TLB_VA,    /* TLBI_NH_VA(vmid, asid, va) or any wider stage-1 scope */
	REQ_TLB_ASID,  /* TLBI_NH_ASID(vmid, asid), NH_ALL(vmid) ... */
	REQ_TLB_VM,    /* TLBI_S12_VMALL(vmid) or NSNH_ALL: stage-2 and combined entries */
};

struct req {
	enum req_kind kind;
	bool covered;           /* a matching command was issued; complete at the next SYNC */
	uint32_t sid;
	unsigned ci, asid, vmid;
	uint64_t va;
};

#define MAX_REQS 24

struct stream {
	uint32_t sid;
	uint64_t ste_pa, w[4];
	unsigned cdmax;
	uint64_t cdtab, cd0[MAX_CDS];
	struct pt s1[MAX_CDS], s2;
	uint64_t vas[MAX_VAS];
	unsigned nva;
};

struct dz {
	struct fz_sink *s;
	struct fz_in in;
	struct ref_regs regs;
	int tab_region;
	uint64_t bump;
	uint32_t cmdq_prod;
	uint64_t cr0, gbpa;
	unsigned sidbits;
	struct stream st[MAX_STREAMS];
	unsigned nst;
	struct leafrec lv[MAX_LEAVES];
	unsigned nlv;
	uint8_t cur_si, cur_ci;  /* whose tables pt_map() is building */
	struct req req[MAX_REQS];
	unsigned nreq;
	bool req_overflow;       /* more edits than tracked: only a full invalidation helps */
	bool saw_cfgi_all, saw_tlbi_all;
	bool clean;
	bool bypass_hist[MAX_STREAMS];
	bool cmd_broken;
	unsigned writes;        /* the queue stopped: no more invalidation can be trusted */
};

static uint64_t smmu_reg(uint32_t off)
{
	return FZ_SMMU_BASE + (uint64_t)off;
}

static uint64_t alloc(struct dz *d, uint64_t size, uint64_t align)
{
	uint64_t a = (d->bump + align - 1) & ~(align - 1);

	if (a + size > TAB_BASE + TAB_CAP)
		return 0;
	d->bump = a + size;
	fz_track_grow(d->s, (unsigned)d->tab_region, (size_t)(d->bump - TAB_BASE));
	return a;
}

static void w64(struct dz *d, uint64_t pa, uint64_t v)
{
	fz_write(d->s, pa, 8, v);
}

static uint64_t shadow64(struct dz *d, uint64_t pa)
{
	uint64_t v = 0;

	fz_shadow_get(d->s, pa, &v);
	return v;
}

static int ref_read(void *ctx, uint64_t pa, uint64_t *val)
{
	return fz_shadow_get(ctx, pa, val);
}

/* ---- the command queue and what it invalidates -------------------------------- */

static void add_req(struct dz *d, enum req_kind k, unsigned si, unsigned ci, uint64_t va)
{
	const struct stream *st = &d->st[si];

	d->clean = false;
	if (d->nreq == MAX_REQS) {
		d->req_overflow = true;
		return;
	}
	d->req[d->nreq++] = (struct req){
		.kind = k, .sid = st->sid, .ci = ci, .va = va >> 12,
		.asid = (unsigned)FIELD_GET(CD_0_ASID, st->cd0[ci]),
		.vmid = (unsigned)FIELD_GET(STE_2_S2VMID, st->w[2]),
	};
}

static bool covers(const struct req *r, uint64_t c0, uint64_t c1)
{
	unsigned op = (unsigned)FIELD_GET(CMD_0_OP, c0);
	uint32_t sid = (uint32_t)FIELD_GET(CMD_0_SID, c0);
	unsigned vmid = (unsigned)FIELD_GET(CMD_0_VMID, c0), asid = (unsigned)FIELD_GET(CMD_0_ASID, c0);
	bool cfg = r->kind == REQ_CFG_STE || r->kind == REQ_CFG_CD;
	bool s1 = r->kind == REQ_TLB_VA || r->kind == REQ_TLB_ASID;

	switch (op) {
	case SMMU_CMD_CFGI_STE:
		return r->kind == REQ_CFG_STE && r->sid == sid;
	case SMMU_CMD_CFGI_STE_RANGE: {
		unsigned range = (unsigned)FIELD_GET(CMD_1_RANGE, c1);
		uint64_t lo = range >= 31 ? 0 : (sid >> (range + 1)) << (range + 1);
		uint64_t n = range >= 31 ? UINT64_C(1) << 32 : UINT64_C(2) << range;

		return cfg && r->sid >= lo && r->sid - lo < n;
	}
	case SMMU_CMD_CFGI_CD:
		return r->kind == REQ_CFG_CD && r->sid == sid &&
		       r->ci == (unsigned)FIELD_GET(CMD_0_SSID, c0);
	case SMMU_CMD_CFGI_CD_ALL:
		return r->kind == REQ_CFG_CD && r->sid == sid;
	case SMMU_CMD_TLBI_NSNH_ALL:
		return !cfg;
	case SMMU_CMD_TLBI_S12_VMALL:
		return !cfg && r->vmid == vmid;
	case SMMU_CMD_TLBI_NH_ALL:
		return s1 && r->vmid == vmid;
	case SMMU_CMD_TLBI_NH_ASID:
		return s1 && r->vmid == vmid && r->asid == asid;
	case SMMU_CMD_TLBI_NH_VA:
		return r->kind == REQ_TLB_VA && r->vmid == vmid && r->asid == asid &&
		       r->va == FIELD_GET(CMD_1_ADDR, c1);
	default:
		return false;
	}
}

/* Follow what a consumed command does to the outstanding requirements. */
static void track(struct dz *d, uint64_t c0, uint64_t c1)
{
	unsigned op = (unsigned)FIELD_GET(CMD_0_OP, c0), k = 0;

	if (op == SMMU_CMD_CFGI_STE_RANGE && FIELD_GET(CMD_1_RANGE, c1) >= 31)
		d->saw_cfgi_all = true;
	if (op == SMMU_CMD_TLBI_NSNH_ALL)
		d->saw_tlbi_all = true;
	if (op != SMMU_CMD_SYNC) {
		for (unsigned i = 0; i < d->nreq; i++)
			d->req[i].covered |= covers(&d->req[i], c0, c1);
		return;
	}
	/* §4.7.3 CMD_SYNC: everything issued before it has completed */
	for (unsigned i = 0; i < d->nreq; i++)
		if (!d->req[i].covered)
			d->req[k++] = d->req[i];
	d->nreq = k;
	if (d->saw_cfgi_all && d->saw_tlbi_all)
		d->nreq = 0, d->req_overflow = false;
	d->saw_cfgi_all = d->saw_tlbi_all = false;
	if (!d->nreq && !d->req_overflow && !d->clean) {
		fz_note(d->s, "every edit invalidated: from here the reference is exact");
		d->clean = true;
		memset(d->bypass_hist, 0, sizeof(d->bypass_hist));
	}
}

static void cmd(struct dz *d, uint64_t c0, uint64_t c1)
{
	uint32_t mask = (1u << CMDQ_LOG2) - 1;
	uint64_t slot = CMDQ_BASE + (uint64_t)(d->cmdq_prod & mask) * CMD_SIZE;
	uint64_t cons, gerror;

	if (d->cmd_broken)
		return;
	w64(d, slot, c0);
	w64(d, slot + 8, c1);
	d->cmdq_prod = (d->cmdq_prod + 1) & ((2u << CMDQ_LOG2) - 1);
	fz_write(d->s, smmu_reg(SMMU_CMDQ_PROD), 4, d->cmdq_prod);
	cons = fz_read(d->s, smmu_reg(SMMU_CMDQ_CONS), 4);
	gerror = fz_read(d->s, smmu_reg(SMMU_GERROR), 4) ^ fz_read(d->s, smmu_reg(SMMU_GERRORN), 4);
	if ((cons & ((2u << CMDQ_LOG2) - 1)) != d->cmdq_prod || (gerror & SMMU_GERROR_CMDQ_ERR)) {
		d->cmd_broken = true;
		fz_violation(d->s, "well-formed command 0x%016" PRIx64 " 0x%016" PRIx64
			     " not consumed (CONS 0x%" PRIx64 ", GERROR^GERRORN 0x%" PRIx64 ")",
			     c0, c1, cons, gerror);
		return;
	}
	track(d, c0, c1);
}

static void sync(struct dz *d)
{
	cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_SYNC), 0);
}

static void invalidate_all(struct dz *d)
{
	fz_note(d->s, "full invalidation");
	cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_STE_RANGE), FIELD_PREP(CMD_1_RANGE, 31));
	cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_NSNH_ALL), 0);
	cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_EL2_ALL), 0);
	sync(d);
}

/* What a careful driver issues after its edits: each requirement's narrowest command. */
static void invalidate_required(struct dz *d)
{
	struct req todo[MAX_REQS];
	unsigned n = d->nreq;

	if (d->req_overflow) {
		invalidate_all(d);
		return;
	}
	memcpy(todo, d->req, sizeof(todo[0]) * n);
	for (unsigned i = 0; i < n; i++) {
		const struct req *r = &todo[i];
		uint64_t c0 = FIELD_PREP(CMD_0_VMID, r->vmid) | FIELD_PREP(CMD_0_ASID, r->asid);

		switch (r->kind) {
		case REQ_CFG_STE:
			cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_STE) | FIELD_PREP(CMD_0_SID, r->sid),
			    CMD_1_LEAF);
			break;
		case REQ_CFG_CD:
			cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_CD) | FIELD_PREP(CMD_0_SID, r->sid) |
			    FIELD_PREP(CMD_0_SSID, r->ci), CMD_1_LEAF);
			break;
		case REQ_TLB_VA:
			cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_NH_VA) | c0,
			    (r->va << 12) | (fz_chance(&d->in, 128) ? CMD_1_LEAF : 0));
			break;
		case REQ_TLB_ASID:
			cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_NH_ASID) | c0, 0);
			break;
		case REQ_TLB_VM:
			cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_S12_VMALL) |
			    FIELD_PREP(CMD_0_VMID, r->vmid), 0);
			break;
		}
	}
	sync(d);
}

/* A random targeted invalidation, which may or may not cover what was edited. */
static void invalidate_some(struct dz *d)
{
	const struct stream *st = &d->st[fz_below(&d->in, d->nst)];
	unsigned ci = (unsigned)fz_below(&d->in, 1u << st->cdmax);
	uint64_t va = st->nva ? st->vas[fz_below(&d->in, st->nva)] : 0;
	uint64_t asid = FIELD_GET(CD_0_ASID, st->cd0[ci]), vmid = FIELD_GET(STE_2_S2VMID, st->w[2]);

	switch (fz_below(&d->in, 8)) {
	case 0:
		cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_STE) | FIELD_PREP(CMD_0_SID, st->sid),
		    CMD_1_LEAF);
		break;
	case 1:
		cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_CD) | FIELD_PREP(CMD_0_SID, st->sid) |
		    FIELD_PREP(CMD_0_SSID, ci), CMD_1_LEAF);
		break;
	case 2:
		cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_CD_ALL) | FIELD_PREP(CMD_0_SID, st->sid), 0);
		break;
	case 3:
		cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_NH_ASID) | FIELD_PREP(CMD_0_ASID, asid) |
		    FIELD_PREP(CMD_0_VMID, vmid), 0);
		break;
	case 4:
		cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_NH_VA) | FIELD_PREP(CMD_0_ASID, asid) |
		    FIELD_PREP(CMD_0_VMID, vmid),
		    FIELD_ADDR(CMD_1_ADDR, va) | (fz_chance(&d->in, 128) ? CMD_1_LEAF : 0));
		break;
	case 5:
		cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_S12_VMALL) | FIELD_PREP(CMD_0_VMID, vmid), 0);
		break;
	case 6:
		cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_S2_IPA) | FIELD_PREP(CMD_0_VMID, vmid),
		    FIELD_ADDR(CMD_1_IPA, IPA_ZONE + (fz_below(&d->in, 16) << 12)));
		break;
	default:
		cmd(d, FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_NH_ALL), 0);
		break;
	}
	if (fz_chance(&d->in, 192))
		sync(d);
}

/* ---- page tables ------------------------------------------------------------ */

static unsigned shift_of(unsigned g, unsigned level)
{
	return g + (3 - level) * (g - 3);
}

static unsigned granule_bits(unsigned pick)
{
	static const unsigned g[4] = { 12, 12, 14, 16 };

	return g[pick & 3];
}

static bool pt_new(struct dz *d, struct pt *p, unsigned g, unsigned ia, unsigned start)
{
	p->g = g;
	p->ia = ia;
	p->start = start;
	p->root = alloc(d, 1ull << g, 1ull << g);
	return p->root != 0;
}

static uint64_t pt_map(struct dz *d, const struct pt *p, uint64_t ia, uint64_t oa, unsigned leaf,
		       uint64_t attrs, uint64_t tattrs, bool s2, bool identity)
{
	uint64_t table = p->root;

	if (leaf < p->start)
		return 0;
	for (unsigned level = p->start;; level++) {
		unsigned sh = shift_of(p->g, level);
		unsigned ib = level == p->start ? p->ia - sh : p->g - 3;
		uint64_t dpa = table + ((ia >> sh) & ((1ull << ib) - 1)) * 8;
		uint64_t desc = shadow64(d, dpa);

		if (level == leaf) {
			if (desc & PTE_VALID)
				return 0;
			w64(d, dpa, (oa & GENMASK64(47, sh)) | attrs | PTE_VALID |
				    (level == 3 ? PTE_TYPE : 0));
			if (d->nlv < MAX_LEAVES)
				d->lv[d->nlv++] = (struct leafrec){ dpa, s2, identity, level < 3,
								    d->cur_si, d->cur_ci, ia };
			return dpa;
		}
		if (!(desc & PTE_VALID)) {
			uint64_t nt = alloc(d, 1ull << p->g, 1ull << p->g);

			if (!nt)
				return 0;
			w64(d, dpa, nt | PTE_VALID | PTE_TYPE | tattrs);
			table = nt;
		} else if (desc & PTE_TYPE) {
			table = desc & GENMASK64(47, p->g);
		} else {
			return 0; /* a block is there */
		}
	}
}

static uint64_t s1_leaf_attrs(struct fz_in *in)
{
	uint64_t a = PTE_S1_NG; /* non-global: ASIDs never share entries */

	a |= fz_chance(in, 232) ? PTE_AF : 0;
	a |= FIELD_PREP(PTE_S1_AP, fz_u8(in) & 3);
	a |= fz_chance(in, 48) ? PTE_S1_UXN : 0;
	a |= fz_chance(in, 48) ? PTE_S1_PXN : 0;
	a |= FIELD_PREP(PTE_S1_ATTRINDX, fz_u8(in) & 7) | FIELD_PREP(PTE_SH, fz_u8(in) & 3);
	return a;
}

static uint64_t s2_leaf_attrs(struct fz_in *in)
{
	uint64_t a = 0;

	a |= fz_chance(in, 232) ? PTE_AF : 0;
	a |= FIELD_PREP(PTE_S2_AP, fz_chance(in, 200) ? 3 : fz_u8(in) & 3);
	a |= fz_chance(in, 48) ? PTE_S2_XN : 0;
	a |= FIELD_PREP(PTE_S2_MEMATTR, fz_u8(in) & 15) | FIELD_PREP(PTE_SH, fz_u8(in) & 3);
	return a;
}

/* Choose a leaf level and an aligned output for it. */
static unsigned leaf_for(struct dz *d, const struct pt *p, bool ipa_out, uint64_t *oa)
{
	unsigned r = fz_u8(&d->in), level = 3;

	if ((r & 7) == 0 && p->start <= 2) {
		level = 2;
		/* blocks: 2 MiB (4K), 32 MiB (16K), 512 MiB (64K), all aligned and clear of TAB */
		*oa = p->g == 12 ? TGT_BASE + ((r >> 3) & 3) * (2u << 20) :
		      p->g == 14 ? UINT64_C(0x42000000) : UINT64_C(0x60000000);
		if (ipa_out)
			*oa = IPA_ZONE + (p->g == 12 ? ((r >> 3) & 3) * (2u << 20) : 0);
		return level;
	}
	*oa = (ipa_out ? IPA_ZONE : TGT_BASE) + (uint64_t)((r >> 3) & 3) * (1u << p->g);
	return level;
}

static void map_random(struct dz *d, struct stream *st, unsigned ci)
{
	d->cur_si = (uint8_t)(st - d->st);
	d->cur_ci = (uint8_t)ci;
	const struct pt *p = &st->s1[ci];
	uint64_t oa, va;
	unsigned leaf = leaf_for(d, p, fz_chance(&d->in, 128), &oa);
	unsigned sh = shift_of(p->g, leaf);
	uint64_t tattrs = fz_chance(&d->in, 24) ? (uint64_t)(fz_u8(&d->in) & 0xf) << 59 : 0;

	if (fz_chance(&d->in, 160))
		va = fz_below(&d->in, 64) << sh;
	else
		va = fz_bytes(&d->in, 8) & GENMASK64(p->ia - 1, sh);
	va &= GENMASK64(p->ia - 1, 0);
	if (pt_map(d, p, va, oa, leaf, s1_leaf_attrs(&d->in), tattrs, false, false) &&
	    st->nva < MAX_VAS)
		st->vas[st->nva++] = va;
}

/* Stage 2: identity over the tables and tracked targets, and the IPA zone onto TGT. */
static void s2_build(struct dz *d, struct stream *st)
{
	struct pt *p = &st->s2;
	unsigned g = granule_bits(fz_u8(&d->in)), ia = 32 + (unsigned)fz_below(&d->in, 9);
	unsigned start = 4 - (ia - g + (g - 4)) / (g - 3);
	uint64_t step;

	/* SL0 encodes levels 0-2 (4K) or 1-3 (16K/64K); go one lower with concatenation */
	if ((g != 12 && start == 0) ||
	    (start < (g == 12 ? 2u : 3u) && ia - shift_of(g, start + 1) <= g - 3 + 4 &&
	     fz_chance(&d->in, 64)))
		start++;
	d->cur_si = (uint8_t)(st - d->st);
	d->cur_ci = 0;
	if (!pt_new(d, p, g, ia, start))
		return;
	uint64_t rootsz = 8ull << (ia - shift_of(g, start));
	if (rootsz > (1ull << g)) {
		/* concatenated root: allocate the rest right after, aligned to the whole */
		p->root = alloc(d, rootsz, rootsz);
		if (!p->root)
			return;
	}
	step = g == 12 ? (2u << 20) : (1ull << g);
	for (uint64_t a = TAB_BASE; a < TAB_BASE + TAB_CAP; a += step)
		pt_map(d, p, a, a, g == 12 ? 2 : 3, PTE_AF | FIELD_PREP(PTE_S2_AP, 3), 0, true, true);
	for (uint64_t a = TGT_BASE; a < TGT_BASE + TGT_TRACK; a += 1ull << g)
		pt_map(d, p, a, a, 3, PTE_AF | FIELD_PREP(PTE_S2_AP, 3), 0, true, true);
	for (unsigned k = 0, n = 1 + (unsigned)fz_below(&d->in, 6); k < n; k++) {
		uint64_t ipa = IPA_ZONE + fz_below(&d->in, 16) * (1ull << g);
		uint64_t pa = TGT_BASE + fz_below(&d->in, 4) * (1ull << g);

		pt_map(d, p, ipa, pa, 3, s2_leaf_attrs(&d->in), 0, true, false);
	}
	if (fz_chance(&d->in, 64)) /* a 2 MiB IPA block for 4K stage-1 blocks */
		pt_map(d, p, IPA_ZONE, TGT_BASE, 2, s2_leaf_attrs(&d->in), 0, true, false);
	uint64_t sl0 = g == 12 ? 2 - start : 3 - start;
	uint64_t tg = g == 12 ? 0 : g == 16 ? 1 : 2;
	st->w[2] |= FIELD_PREP(STE_2_S2T0SZ, 64 - ia) | FIELD_PREP(STE_2_S2SL0, sl0) |
		    FIELD_PREP(STE_2_S2TG, tg) | STE_2_S2AA64 |
		    FIELD_PREP(STE_2_S2PS, fz_chance(&d->in, 220) ? 5 : fz_below(&d->in, 7));
	st->w[3] = FIELD_ADDR(STE_3_S2TTB, p->root);
}

/* ---- STEs and CDs ----------------------------------------------------------- */

static void cd_build(struct dz *d, struct stream *st, unsigned si, unsigned ci)
{
	struct pt *p = &st->s1[ci];
	unsigned g = granule_bits(fz_u8(&d->in)), t0sz = 16 + (unsigned)fz_below(&d->in, 17);
	unsigned ia = 64 - t0sz, start = 4 - (ia - g + (g - 4)) / (g - 3);
	uint64_t cd[4] = { 0 };

	if (!pt_new(d, p, g, ia, start))
		return;
	for (unsigned k = 0, n = 1 + (unsigned)fz_below(&d->in, 4); k < n; k++)
		map_random(d, st, ci);
	cd[0] = FIELD_PREP(CD_0_T0SZ, t0sz) | FIELD_PREP(CD_0_TG0, g == 12 ? 0 : g == 16 ? 1 : 2) |
		FIELD_PREP(CD_0_IR0, 1) | FIELD_PREP(CD_0_OR0, 1) | FIELD_PREP(CD_0_SH0, 3) |
		CD_0_EPD1 | (fz_chance(&d->in, 244) ? CD_0_V : 0) |
		FIELD_PREP(CD_0_IPS, fz_chance(&d->in, 220) ? 5 : fz_below(&d->in, 7)) |
		CD_0_AA64 | CD_0_A | CD_0_ASET | FIELD_PREP(CD_0_ASID, 1 + si * MAX_CDS + ci);
	cd[0] |= fz_chance(&d->in, 16) ? CD_0_EPD0 : 0;
	cd[0] |= fz_chance(&d->in, 24) ? CD_0_AFFD : 0;
	cd[0] |= fz_chance(&d->in, 24) ? CD_0_WXN : 0;
	cd[0] |= fz_chance(&d->in, 24) ? CD_0_PAN : 0;
	cd[0] |= fz_chance(&d->in, 24) ? FIELD_PREP(CD_0_TBI, fz_u8(&d->in) & 3) : 0;
	cd[0] |= fz_chance(&d->in, 224) ? CD_0_R : 0;
	cd[1] = FIELD_ADDR(CD_1_TTB0, p->root);
	cd[3] = fz_bytes(&d->in, 8);
	st->cd0[ci] = cd[0];
	uint64_t a = st->cdtab + (uint64_t)ci * CD_SIZE;
	for (unsigned k = 1; k < 4; k++)
		w64(d, a + 8 * k, cd[k]);
	w64(d, a, cd[0]);
}

static uint64_t config_pick(struct fz_in *in)
{
	static const uint8_t cfg[16] = { 0, 4, 4, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 7, 4, 1 };

	return cfg[fz_u8(in) & 15];
}

static void ste_write(struct dz *d, struct stream *st)
{
	for (unsigned k = 1; k < 4; k++)
		w64(d, st->ste_pa + 8 * k, st->w[k]);
	w64(d, st->ste_pa, st->w[0]);
}

static void stream_build(struct dz *d, unsigned si)
{
	struct stream *st = &d->st[si];

	st->cdmax = (unsigned)fz_below(&d->in, 3);
	st->cdtab = alloc(d, (uint64_t)CD_SIZE << st->cdmax, 64);
	st->w[1] = FIELD_PREP(STE_1_S1DSS, fz_below(&d->in, 3)) |
		   FIELD_PREP(STE_1_S1CIR, 1) | FIELD_PREP(STE_1_S1COR, 1) |
		   FIELD_PREP(STE_1_S1CSH, 3) | FIELD_PREP(STE_1_SHCFG, fz_u8(&d->in) & 3);
	if (fz_chance(&d->in, 16))
		st->w[1] |= FIELD_PREP(STE_1_PRIVCFG, fz_u8(&d->in) & 3) |
			    FIELD_PREP(STE_1_INSTCFG, fz_u8(&d->in) & 3);
	st->w[2] = FIELD_PREP(STE_2_S2VMID, si + 1) | FIELD_PREP(STE_2_S2IR0, 1) |
		   FIELD_PREP(STE_2_S2OR0, 1) | FIELD_PREP(STE_2_S2SH0, 3) |
		   (fz_chance(&d->in, 224) ? STE_2_S2R : 0) |
		   (fz_chance(&d->in, 16) ? STE_2_S2AFFD : 0);
	s2_build(d, st);
	if (!st->cdtab)
		return;
	for (unsigned ci = 0; ci < (1u << st->cdmax); ci++)
		cd_build(d, st, si, ci);
	st->w[0] = STE_0_V | FIELD_PREP(STE_0_CONFIG, config_pick(&d->in)) |
		   FIELD_ADDR(STE_0_S1CONTEXTPTR, st->cdtab) | FIELD_PREP(STE_0_S1CDMAX, st->cdmax);
	if (fz_chance(&d->in, 8))
		st->w[0] &= ~STE_0_V;
	ste_write(d, st);
}

/* ---- the stream table and the registers -------------------------------------- */

static bool strtab_build(struct dz *d)
{
	bool two = fz_chance(&d->in, 80);
	uint64_t cfg, base;

	d->sidbits = two ? 7 + (unsigned)fz_below(&d->in, 2) : 1 + (unsigned)fz_below(&d->in, 4);
	d->nst = 1 + (unsigned)fz_below(&d->in, MAX_STREAMS);
	if (d->nst > (1u << d->sidbits))
		d->nst = 1u << d->sidbits;
	for (unsigned i = 0; i < d->nst; i++) {
		uint32_t sid = (uint32_t)fz_below(&d->in, 1u << d->sidbits);

		/* distinct StreamIDs: step to the next free one */
		for (unsigned j = 0; j < i; j++) {
			if (d->st[j].sid == sid) {
				sid = (sid + 1) & ((1u << d->sidbits) - 1);
				j = (unsigned)-1;
			}
		}
		d->st[i].sid = sid;
	}
	if (!two) {
		base = alloc(d, 64ull << d->sidbits, 64ull << d->sidbits);
		for (unsigned i = 0; i < d->nst; i++)
			d->st[i].ste_pa = base + 64ull * d->st[i].sid;
		cfg = FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, d->sidbits) |
		      FIELD_PREP(SMMU_STRTAB_BASE_CFG_FMT, SMMU_STRTAB_FMT_LINEAR);
	} else {
		unsigned split = 6, nl1 = 1u << (d->sidbits - split);

		base = alloc(d, 8ull * nl1, 64);
		for (unsigned i = 0; i < d->nst; i++) {
			uint32_t sid = d->st[i].sid, l1 = sid >> split;
			uint64_t l1d = shadow64(d, base + 8ull * l1), l2;

			if (!l1d) {
				unsigned span = fz_chance(&d->in, 224) ? split + 1 :
						(unsigned)fz_below(&d->in, split + 2);

				l2 = alloc(d, 64ull << split, 64ull << split);
				if (!l2 || !base)
					return false;
				l1d = FIELD_PREP(L1STD_0_SPAN, span) | FIELD_ADDR(L1STD_0_L2PTR, l2);
				w64(d, base + 8ull * l1, l1d);
			}
			d->st[i].ste_pa = (l1d & L1STD_0_L2PTR) + 64ull * (sid & ((1u << split) - 1));
		}
		cfg = FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, d->sidbits) |
		      FIELD_PREP(SMMU_STRTAB_BASE_CFG_SPLIT, split) |
		      FIELD_PREP(SMMU_STRTAB_BASE_CFG_FMT, SMMU_STRTAB_FMT_2LVL);
	}
	if (!base)
		return false;
	d->regs.strtab_base = FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, base) | SMMU_STRTAB_BASE_RA;
	d->regs.strtab_cfg = cfg;
	fz_write(d->s, smmu_reg(SMMU_STRTAB_BASE), 8, d->regs.strtab_base);
	fz_write(d->s, smmu_reg(SMMU_STRTAB_BASE_CFG), 4, cfg);
	return true;
}

static void cr0_write(struct dz *d, uint64_t v)
{
	uint64_t ack;

	d->cr0 = v;
	fz_write(d->s, smmu_reg(SMMU_CR0), 4, v);
	ack = fz_read(d->s, smmu_reg(SMMU_CR0ACK), 4);
	if (ack != v)
		fz_violation(d->s, "CR0ACK 0x%" PRIx64 " does not follow CR0 0x%" PRIx64, ack, v);
	d->regs.smmuen = v & SMMU_CR0_SMMUEN;
}

static void gbpa_write(struct dz *d, bool abort_)
{
	uint64_t v = (d->gbpa & ~(SMMU_GBPA_ABORT | SMMU_GBPA_UPDATE)) |
		     (abort_ ? SMMU_GBPA_ABORT : 0) | SMMU_GBPA_UPDATE;

	fz_write(d->s, smmu_reg(SMMU_GBPA), 4, v);
	d->gbpa = fz_read(d->s, smmu_reg(SMMU_GBPA), 4);
	if ((d->gbpa & SMMU_GBPA_UPDATE) || !(d->gbpa & SMMU_GBPA_ABORT) != !abort_)
		fz_violation(d->s, "GBPA reads 0x%" PRIx64 " after an update to ABORT=%d", d->gbpa,
			     abort_);
	d->regs.gbpa_abort = abort_;
}

static void read_ids(struct dz *d)
{
	uint64_t idr0 = fz_read(d->s, smmu_reg(SMMU_IDR0), 4);
	uint64_t idr1 = fz_read(d->s, smmu_reg(SMMU_IDR1), 4);
	uint64_t idr3 = fz_read(d->s, smmu_reg(SMMU_IDR3), 4);
	uint64_t idr5 = fz_read(d->s, smmu_reg(SMMU_IDR5), 4);

	d->regs.s1p = idr0 & SMMU_IDR0_S1P;
	d->regs.s2p = idr0 & SMMU_IDR0_S2P;
	d->regs.sidsize = (unsigned)FIELD_GET(SMMU_IDR1_SIDSIZE, idr1);
	d->regs.ssidsize = (unsigned)FIELD_GET(SMMU_IDR1_SSIDSIZE, idr1);
	d->regs.attr_perms_ovr = idr1 & SMMU_IDR1_ATTR_PERMS_OVR;
	d->regs.xnx = idr3 & SMMU_IDR3_XNX;
	d->regs.oas = smmu_pa_size_bits((unsigned)FIELD_GET(SMMU_IDR5_OAS, idr5));
	d->gbpa = fz_read(d->s, smmu_reg(SMMU_GBPA), 4);
	d->regs.gbpa_abort = d->gbpa & SMMU_GBPA_ABORT;
}

static bool setup(struct dz *d)
{
	read_ids(d);
	cr0_write(d, 0);
	fz_write(d->s, smmu_reg(SMMU_CR1), 4,
		 FIELD_PREP(SMMU_CR1_TABLE_SH, 3) | FIELD_PREP(SMMU_CR1_TABLE_OC, 1) |
		 FIELD_PREP(SMMU_CR1_TABLE_IC, 1) | FIELD_PREP(SMMU_CR1_QUEUE_SH, 3) |
		 FIELD_PREP(SMMU_CR1_QUEUE_OC, 1) | FIELD_PREP(SMMU_CR1_QUEUE_IC, 1));
	d->regs.recinvsid = fz_chance(&d->in, 192);
	fz_write(d->s, smmu_reg(SMMU_CR2), 4,
		 SMMU_CR2_PTM | (d->regs.recinvsid ? SMMU_CR2_RECINVSID : 0));
	if (!strtab_build(d))
		return false;
	fz_write(d->s, smmu_reg(SMMU_CMDQ_BASE), 8,
		 FIELD_ADDR(SMMU_Q_BASE_ADDR, CMDQ_BASE) | FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, CMDQ_LOG2));
	fz_write(d->s, smmu_reg(SMMU_CMDQ_PROD), 4, 0);
	fz_write(d->s, smmu_reg(SMMU_CMDQ_CONS), 4, 0);
	fz_write(d->s, smmu_reg(SMMU_EVENTQ_BASE), 8,
		 FIELD_ADDR(SMMU_Q_BASE_ADDR, EVTQ_BASE) | FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, EVTQ_LOG2));
	fz_write(d->s, smmu_reg(SMMU_EVENTQ_PROD), 4, 0);
	fz_write(d->s, smmu_reg(SMMU_EVENTQ_CONS), 4, 0);
	cr0_write(d, SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN);
	for (unsigned i = 0; i < d->nst; i++)
		stream_build(d, i);
	invalidate_all(d);
	if (fz_chance(&d->in, 64))
		gbpa_write(d, fz_chance(&d->in, 128));
	if (fz_chance(&d->in, 232))
		cr0_write(d, d->cr0 | SMMU_CR0_SMMUEN);
	return true;
}

/* ---- edits: each first records whether the state it leaves could bypass -------- */

static void before_edit(struct dz *d)
{
	/* The tables' own verdict: cached entries outlive SMMUEN=0, so ask as if enabled. */
	struct ref_regs on = d->regs;

	/* Clean: nothing older than this state can be cached any more. */
	if (d->clean)
		memset(d->bypass_hist, 0, sizeof(d->bypass_hist));
	on.smmuen = true;
	for (unsigned i = 0; i < d->nst; i++) {
		struct ref_txn t = { .sid = d->st[i].sid, .iova = TGT_BASE };
		struct ref_out o;

		ref_translate(&on, ref_read, d->s, &t, &o);
		d->bypass_hist[i] |= o.bypass_possible;
	}
}

/* Half the time software invalidates exactly what it must, as a driver does. */
static void after_edit(struct dz *d)
{
	if (fz_chance(&d->in, 128))
		invalidate_required(d);
}

static void edit_pte(struct dz *d)
{
	static const uint64_t flips[] = { PTE_AF, PTE_VALID, BIT64(6), BIT64(7), PTE_S1_UXN,
					  PTE_S1_PXN, PTE_TYPE };
	const struct leafrec *l;
	uint64_t v;

	if (!d->nlv)
		return;
	l = &d->lv[fz_below(&d->in, d->nlv)];
	v = shadow64(d, l->dpa);
	before_edit(d);
	if (!l->identity && (v & PTE_TYPE) && fz_chance(&d->in, 64)) {
		/* another page of the same zone, 64 KiB-aligned so it suits every granule */
		uint64_t out = (v & GENMASK64(47, 12)) >= IPA_ZONE ? IPA_ZONE : TGT_BASE;

		out += fz_below(&d->in, 4) << 16;
		v = (v & ~GENMASK64(47, 12)) | out;
	} else {
		uint64_t f = flips[fz_below(&d->in, 7)];

		/* PTE_TYPE only on a page, so a table never turns into a block */
		if (f == PTE_TYPE)
			f = PTE_VALID;
		v ^= f;
	}
	w64(d, l->dpa, v);
	if (!l->s2) {
		/* a block may be cached in pieces: the whole ASID is the safe scope */
		add_req(d, l->block ? REQ_TLB_ASID : REQ_TLB_VA, l->si, l->ci, l->ia);
	} else {
		/* TLBI_S2_IPA leaves combined entries: S12_VMALL; CDs were fetched through it */
		add_req(d, REQ_TLB_VM, l->si, 0, 0);
		if (l->identity)
			for (unsigned ci = 0; ci < (1u << d->st[l->si].cdmax); ci++)
				add_req(d, REQ_CFG_CD, l->si, ci, 0);
	}
	after_edit(d);
}

static void edit_ste(struct dz *d)
{
	struct stream *st = &d->st[fz_below(&d->in, d->nst)];

	before_edit(d);
	switch (fz_below(&d->in, 4)) {
	case 0:
	case 1:
		st->w[0] = FIELD_SET(STE_0_CONFIG, st->w[0], config_pick(&d->in));
		break;
	case 2:
		st->w[1] = FIELD_SET(STE_1_S1DSS, st->w[1], fz_below(&d->in, 3));
		break;
	default:
		st->w[0] ^= STE_0_V;
		break;
	}
	ste_write(d, st);
	add_req(d, REQ_CFG_STE, (unsigned)(st - d->st), 0, 0);
	add_req(d, REQ_TLB_VM, (unsigned)(st - d->st), 0, 0);
	after_edit(d);
}

static void edit_cd(struct dz *d)
{
	static const uint64_t flips[] = { CD_0_V, CD_0_EPD0, CD_0_WXN, CD_0_PAN, CD_0_AFFD, CD_0_R };
	struct stream *st = &d->st[fz_below(&d->in, d->nst)];
	unsigned ci = (unsigned)fz_below(&d->in, 1u << st->cdmax);

	if (!st->cdtab)
		return;
	before_edit(d);
	st->cd0[ci] ^= flips[fz_below(&d->in, 6)];
	w64(d, st->cdtab + (uint64_t)ci * CD_SIZE, st->cd0[ci]);
	add_req(d, REQ_CFG_CD, (unsigned)(st - d->st), ci, 0);
	add_req(d, REQ_TLB_ASID, (unsigned)(st - d->st), ci, 0);
	after_edit(d);
}

static void edit_map(struct dz *d)
{
	struct stream *st = &d->st[fz_below(&d->in, d->nst)];
	unsigned ci = (unsigned)fz_below(&d->in, 1u << st->cdmax);

	if (!st->cdtab || !st->s1[ci].root)
		return;
	before_edit(d);
	map_random(d, st, ci);
}

static void edit_regs(struct dz *d)
{
	/* mostly back to enabled: the interesting decisions happen with SMMUEN=1 */
	if (!d->regs.smmuen && fz_chance(&d->in, 192))
		cr0_write(d, d->cr0 | SMMU_CR0_SMMUEN);
	else if (fz_chance(&d->in, 128))
		gbpa_write(d, fz_chance(&d->in, 128));
	else
		cr0_write(d, d->cr0 ^ SMMU_CR0_SMMUEN);
}

/* ---- transactions and the oracle ------------------------------------------------ */

static uint64_t pick_iova(struct dz *d, const struct stream *st)
{
	unsigned how = fz_u8(&d->in) % 10;
	uint64_t off = fz_bytes(&d->in, 2);
	uint64_t iova;

	if (how < 5 && st && st->nva)
		iova = st->vas[fz_below(&d->in, st->nva)] + (off & (off & 0x8000 ? 0xffff : 0xfff));
	else if (how < 7)
		iova = IPA_ZONE + fz_below(&d->in, 16) * 0x1000 + (off & 0xfff);
	else if (how < 9)
		iova = TGT_BASE + (fz_bytes(&d->in, 4) % (UINT64_C(0x3f000000)));
	else
		iova = fz_bytes(&d->in, 8);
	if (iova >= TAB_BASE && iova < TGT_BASE)
		iova |= BIT64(40); /* never the tables, even through stage 2's identity map */
	return iova;
}

static bool allowed_pa(uint64_t pa)
{
	return pa >= TGT_BASE && pa < ALLOWED_END;
}

static void do_dma(struct dz *d)
{
	unsigned si = (unsigned)fz_below(&d->in, d->nst);
	const struct stream *st = fz_chance(&d->in, 232) ? &d->st[si] : NULL;
	uint8_t buf[4096];
	struct smmuits_txn t = { 0 };
	struct smmuits_txn_result res;
	struct ref_txn rt;
	struct ref_out o;
	struct fz_expect e;
	static const unsigned sizes[8] = { 1, 2, 4, 8, 8, 16, 64, 256 };

	t.sid = st ? st->sid : (uint32_t)fz_below(&d->in, 2u << d->sidbits);
	t.ssv = fz_chance(&d->in, 64);
	t.ssid = t.ssv ? (uint32_t)fz_below(&d->in, 5) : 0;
	t.iova = pick_iova(d, st);
	t.size = sizes[fz_u8(&d->in) & 7];
	if ((t.iova & 0xfff) + t.size > 0x1000)
		t.size = (unsigned)(0x1000 - (t.iova & 0xfff));
	t.write = fz_chance(&d->in, 128);
	t.priv = fz_chance(&d->in, 128);
	t.exec = !t.write && fz_chance(&d->in, 32);
	t.data = buf;
	if (t.write) {
		uint64_t v = fz_bytes(&d->in, 8);

		for (unsigned k = 0; k < t.size; k++)
			buf[k] = t.size <= 8 ? (uint8_t)(v >> (8 * k)) : (uint8_t)v;
	}
	rt = (struct ref_txn){ .sid = t.sid, .ssid = t.ssid, .ssv = t.ssv, .iova = t.iova,
			       .write = t.write, .priv = t.priv, .exec = t.exec };
	ref_translate(&d->regs, ref_read, d->s, &rt, &o);
	/* which stream this is, for the bypass history */
	bool hist = false;
	for (unsigned i = 0; i < d->nst; i++)
		if (d->st[i].sid == t.sid)
			hist = d->bypass_hist[i];
	if (t.iova < TAB_BASE && (o.bypass_possible || (hist && !d->clean))) {
		/* a low address that may bypass would reach the register windows: move it */
		t.iova |= BIT64(40);
		rt.iova = t.iova;
		ref_translate(&d->regs, ref_read, d->s, &rt, &o);
	}
	if (fz_txn(d->s, &t, &res)) {
		fz_note(d->s, "transaction refused by smmuits_txn");
		return;
	}
	fz_expect_of(&res, &e);

	bool exact = o.certain && (d->clean || !d->regs.smmuen);
	bool performed = res.outcome == SMMUITS_TRANSLATED || res.outcome == SMMUITS_BYPASS ||
			 res.outcome == SMMUITS_BUS_ERROR;
	const char *bad = NULL;
	struct fz_expect want = e;

	if (res.outcome == SMMUITS_BYPASS && !o.bypass_possible && !(hist && !d->clean))
		bad = "bypass that no configuration written since the last invalidation demands";
	else if (exact) {
		switch (o.kind) {
		case REF_BYPASS:
			want = (struct fz_expect){ .kind = FZ_EXP_BYPASS };
			if (!(res.outcome == SMMUITS_BYPASS ||
			      (res.outcome == SMMUITS_BUS_ERROR && res.pa == t.iova)))
				bad = "the configuration demands bypass";
			break;
		case REF_TRANSLATED:
			want = (struct fz_expect){ .kind = FZ_EXP_PA, .pa = o.pa };
			if (!(res.outcome == SMMUITS_TRANSLATED || res.outcome == SMMUITS_BUS_ERROR) ||
			    res.pa != o.pa)
				bad = "translation differs from the reference walk";
			break;
		case REF_ABORT:
			want = (struct fz_expect){ .kind = FZ_EXP_ABORT };
			if (res.outcome != SMMUITS_ABORT)
				bad = "the configuration demands an abort without an event";
			break;
		case REF_FAULT:
			if (o.fault && res.outcome != SMMUITS_ABORT)
				want = (struct fz_expect){ .kind = FZ_EXP_FAULT, .fault = o.fault };
			if (res.outcome != SMMUITS_FAULT && res.outcome != SMMUITS_ABORT)
				bad = "the reference walk terminates this transaction";
			else if (res.outcome == SMMUITS_FAULT && o.fault && strcmp(o.fault, res.fault_name))
				bad = "fault type differs from the reference walk";
			break;
		}
	} else if (performed && !allowed_pa(res.pa) && !(res.pa == t.iova && (o.bypass_possible || hist)))
		bad = "access performed outside the memory software mapped";
	if (res.outcome == SMMUITS_UNSUPPORTED && o.certain && exact)
		bad = "the model calls a configuration the reference walks unsupported";

	fz_print_txn(d->s, &t, bad ? &want : &e);
	if (bad) {
		fz_violation(d->s, "sid 0x%x%s ssid %u iova 0x%" PRIx64 " %s%s%s: model %s pa 0x%" PRIx64
			     " (%s%s%s), reference %s pa 0x%" PRIx64 " %s (%s)%s: %s",
			     t.sid, t.ssv ? "" : " (no ssid)", t.ssid, t.iova, t.write ? "write" : "read",
			     t.priv ? " priv" : "", t.exec ? " exec" : "",
			     smmuits_outcome_name(res.outcome), res.pa, res.rule ? res.rule : "",
			     res.fault_name ? " " : "", res.fault_name ? res.fault_name : "",
			     o.kind == REF_BYPASS ? "bypass" : o.kind == REF_TRANSLATED ? "translated" :
			     o.kind == REF_ABORT ? "abort" : "fault", o.pa, o.fault ? o.fault : "",
			     o.why, o.certain ? "" : " (not certain)", bad);
		return;
	}
	/* A read of tracked memory returns what software and the DMA wrote there. */
	if (!t.write && performed && res.outcome != SMMUITS_BUS_ERROR) {
		for (unsigned k = 0; k + 8 <= t.size; k += 8) {
			uint64_t sv, mv = 0;

			if (fz_shadow_get(d->s, res.pa + k, &sv))
				break;
			memcpy(&mv, buf + k, 8);
			if (mv != sv) {
				fz_violation(d->s, "DMA read at pa 0x%" PRIx64 " returned 0x%" PRIx64
					     ", memory holds 0x%" PRIx64, res.pa + k, mv, sv);
				break;
			}
		}
	}
	/*
	 * Comparing megabytes of tables after every write would dominate a fuzzing
	 * run: check every 16th write and at the end (the shadow keeps every
	 * reported write, so nothing is missed, only located less precisely); a
	 * reproducer checks after each write to name the one that did it.
	 */
	if (t.write && (d->s->trace || ++d->writes % 16 == 0))
		fz_check_memory(d->s, "a DMA write");
}

void fz_dma_bypass_run(struct fz_sink *s, const uint8_t *data, size_t size)
{
	struct dz d;

	memset(&d, 0, sizeof(d));
	d.s = s;
	d.in = (struct fz_in){ data, size, 0 };
	d.bump = TAB_BASE;
	d.tab_region = fz_track(s, TAB_BASE, TAB_CAP);
	if (d.tab_region < 0 || fz_track(s, TGT_BASE, TGT_TRACK) < 0)
		return;
	for (unsigned k = 0; k < TGT_TRACK / 0x1000; k++)
		fz_fill(s, TGT_BASE + 0x1000u * k, 0x1000, (uint8_t)(0x11 * (k + 1)));
	if (!setup(&d))
		return;
	fz_check_memory(s, "set-up");
	for (unsigned op = 0; op < MAX_OPS && !fz_done(&d.in); op++) {
		switch (fz_u8(&d.in) % 17) {
		case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 16:
			do_dma(&d);
			break;
		case 8: case 9:
			edit_pte(&d);
			break;
		case 10:
			edit_ste(&d);
			break;
		case 11:
			edit_cd(&d);
			break;
		case 12:
			edit_map(&d);
			break;
		case 13:
			invalidate_some(&d);
			break;
		case 14:
			invalidate_all(&d);
			break;
		default:
			edit_regs(&d);
			break;
		}
	}
	fz_check_memory(s, "the last step");
}

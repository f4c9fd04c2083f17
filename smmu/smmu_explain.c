/* SPDX-License-Identifier: MIT */
/*
 * What the SMMU did for one transaction, step by step (docs/explain.md).
 * Every field is read through the declarations of smmu_regs.h, smmu_ste.h,
 * smmu_cd.h and smmu_pte.h, and named as IHI 0070 and DDI 0487 name it.
 * Nothing here reads memory or changes the model: see smmu_explain.h.
 */
#include <stdio.h>

#include "smmu/smmu_explain.h"
#include "smmu/smmu_pte.h"

#define IHI(sec) "IHI 0070 " sec
#define DDI(sec) "DDI 0487 " sec

/* A step of the SMMU's (remembering where its steps end). */
#define STEP(s, stage, spec, cyc, ...) ({ \
	struct sm_explain_step *st_ = sm_explain_add((s)->explain, (stage), (spec), (cyc), \
						    __VA_ARGS__); \
	(s)->x_n = (s)->explain->n; \
	st_; })

/*
 * The cycles the bus charged since the last step took them, less what
 * another block's steps took meanwhile (the ITS, for the SMMU's own MSI).
 */
uint64_t smmu__x_mem(struct smmu *s, const struct bus_attrs *a)
{
	uint64_t c = a && a->cycles > s->x_mark ? a->cycles - s->x_mark : 0;
	uint64_t other = sm_explain_cycles_since(s->explain, s->x_n);

	if (a)
		s->x_mark = a->cycles;
	return c > other ? c - other : 0;
}

static const char *yesno(bool b)
{
	return b ? "1" : "0";
}

void smmu__x_begin(struct smmu *s, const struct smmu_txn *t)
{
	struct sm_explain_step *st;
	bool en = s->cr0ack & SMMU_CR0_SMMUEN;

	s->x_mark = 0;
	s->x_first = s->x_n = s->explain->n;
	st = STEP(s, "smmu", IHI("§6.3.9, §6.3.10"), 0,
		  "SMMU_CR0ACK.SMMUEN=%u: %s", en,
		  en ? "the SMMU is enabled, the transaction goes through the stream table"
		     : "the SMMU is disabled, SMMU_GBPA decides");
	sm_explain_hex(st, "SMMU_CR0", s->cr0);
	sm_explain_hex(st, "SMMU_CR0ACK", s->cr0ack);
	sm_explain_hex(st, "StreamID", t->sid);
	sm_explain_fld(st, "SSV", "%u", t->ssv);
	if (t->ssv)
		sm_explain_hex(st, "SubstreamID", t->ssid);
	sm_explain_hex(st, "InputAddr", t->iova);
	sm_explain_fld(st, "RnW", "%u", !t->write);
	sm_explain_fld(st, "PnU", "%u", t->priv);
	sm_explain_fld(st, "InD", "%u", t->exec);
}

void smmu__x_gbpa(struct smmu *s, const struct smmu_txn *t)
{
	struct sm_explain_step *st;
	bool abort = s->gbpa & SMMU_GBPA_ABORT;

	st = STEP(s, "smmu", IHI("§6.3.14"), 0, "SMMU_GBPA.ABORT=%u: %s", abort,
		  abort ? "incoming transactions are terminated"
			: t->iova >> s->cfg.oas ? "bypass, but the address is beyond the OAS (§3.4)"
						: "incoming transactions bypass, PA = InputAddr");
	sm_explain_hex(st, "SMMU_GBPA", s->gbpa);
	sm_explain_fld(st, "ABORT", "%u", abort);
	sm_explain_dec(st, "MemAttr", FIELD_GET(SMMU_GBPA_MEMATTR, s->gbpa));
	sm_explain_dec(st, "MTCFG", FIELD_GET(SMMU_GBPA_MTCFG, s->gbpa));
	sm_explain_dec(st, "ALLOCCFG", FIELD_GET(SMMU_GBPA_ALLOCCFG, s->gbpa));
	sm_explain_dec(st, "SHCFG", FIELD_GET(SMMU_GBPA_SHCFG, s->gbpa));
	sm_explain_dec(st, "PRIVCFG", FIELD_GET(SMMU_GBPA_PRIVCFG, s->gbpa));
	sm_explain_dec(st, "INSTCFG", FIELD_GET(SMMU_GBPA_INSTCFG, s->gbpa));
	sm_explain_dec(st, "OAS", s->cfg.oas);
}

/* ---- stream table ---- */

void smmu__x_strtab(struct smmu *s, uint32_t sid, unsigned log2size, bool two_level,
		    uint64_t base)
{
	uint32_t cfg = s->strtab_base_cfg;
	bool in = log2size >= 32 || !(sid >> log2size);
	struct sm_explain_step *st;

	st = STEP(s, "strtab", IHI("§6.3.24, §6.3.25, §7.3.3"), 0,
		  "%s stream table of 2^%u entries at 0x%llx: StreamID 0x%x %s 2^LOG2SIZE",
		  two_level ? "2-level" : "linear", log2size, (unsigned long long)base, sid,
		  in ? "<" : ">=");
	sm_explain_hex(st, "SMMU_STRTAB_BASE", s->strtab_base);
	sm_explain_hex(st, "ADDR", base);
	sm_explain_hex(st, "SMMU_STRTAB_BASE_CFG", cfg);
	sm_explain_fld(st, "FMT", "%llu (%s)",
		       (unsigned long long)FIELD_GET(SMMU_STRTAB_BASE_CFG_FMT, cfg),
		       two_level ? "2-level" : "linear");
	sm_explain_fld(st, "LOG2SIZE", "%llu (in effect %u, IDR1.SIDSIZE %u)",
		       (unsigned long long)FIELD_GET(SMMU_STRTAB_BASE_CFG_LOG2SIZE, cfg), log2size,
		       s->cfg.sidsize);
	sm_explain_dec(st, "SPLIT", FIELD_GET(SMMU_STRTAB_BASE_CFG_SPLIT, cfg));
	sm_explain_fld(st, "StreamID range", in ? "in range" : "out of range: C_BAD_STREAMID");
}

void smmu__x_strtab_linear(struct smmu *s, uint32_t sid, uint64_t base, uint64_t ste_addr)
{
	struct sm_explain_step *st;

	st = STEP(s, "strtab", IHI("§3.3.1"), 0,
		  "linear: STE address = ADDR 0x%llx + StreamID 0x%x * 64 = 0x%llx",
		  (unsigned long long)base, sid, (unsigned long long)ste_addr);
	sm_explain_hex(st, "STE address", ste_addr);
}

void smmu__x_strtab_l1(struct smmu *s, uint32_t sid, unsigned split, uint64_t l1_addr,
		       uint64_t l1, bool fetched, const struct bus_attrs *a)
{
	struct sm_explain_step *st;
	uint32_t idx = split >= 32 ? 0 : sid >> split;

	if (!fetched) {
		st = STEP(s, "strtab", IHI("§3.3.2, §7.3.4"), smmu__x_mem(s, a),
			  "2-level: L1 index = StreamID 0x%x >> SPLIT %u = 0x%x; reading the L1 "
			  "descriptor at 0x%llx aborted", sid, split, idx, (unsigned long long)l1_addr);
		sm_explain_hex(st, "L1 address", l1_addr);
		return;
	}
	st = STEP(s, "strtab", IHI("§3.3.2, §5.1"), smmu__x_mem(s, a),
		  "2-level: L1 index = StreamID 0x%x >> SPLIT %u = 0x%x; L1 descriptor at 0x%llx "
		  "= 0x%llx: L2Ptr 0x%llx, Span %llu", sid, split, idx, (unsigned long long)l1_addr,
		  (unsigned long long)l1, (unsigned long long)FIELD_ADDR(L1STD_0_L2PTR, l1),
		  (unsigned long long)FIELD_GET(L1STD_0_SPAN, l1));
	sm_explain_hex(st, "L1 index", idx);
	sm_explain_hex(st, "L1 address", l1_addr);
	sm_explain_hex(st, "L1 descriptor", l1);
	sm_explain_hex(st, "L2Ptr", FIELD_ADDR(L1STD_0_L2PTR, l1));
	sm_explain_fld(st, "Span", "%llu (%s)", (unsigned long long)FIELD_GET(L1STD_0_SPAN, l1),
		       FIELD_GET(L1STD_0_SPAN, l1) ? "2^(Span-1) STEs" : "no level-2 table");
}

void smmu__x_strtab_l2(struct smmu *s, uint32_t sid, unsigned split, uint64_t l1,
		       uint64_t ste_addr)
{
	struct sm_explain_step *st;
	uint32_t idx = sid & ((1u << split) - 1);

	st = STEP(s, "strtab", IHI("§3.3.2"), 0,
		  "L2 index = StreamID[%u:0] = 0x%x; STE address = L2Ptr 0x%llx + 0x%x * 64 = 0x%llx",
		  split - 1, idx, (unsigned long long)FIELD_ADDR(L1STD_0_L2PTR, l1), idx,
		  (unsigned long long)ste_addr);
	sm_explain_hex(st, "L2 index", idx);
	sm_explain_hex(st, "STE address", ste_addr);
}

/* ---- configuration: STE and CD ---- */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A field to show: its name, dword and mask (smmu_ste.h, smmu_cd.h); addr: keep its position. */
struct xfield {
	const char *name;
	unsigned dw;
	uint64_t mask;
	bool addr;
};

static const struct xfield ste_all[] = {
	{ "V", 0, STE_0_V, false },         { "Config", 0, STE_0_CONFIG, false },
	{ "EATS", 1, STE_1_EATS, false },   { "SHCFG", 1, STE_1_SHCFG, false },
	{ "PRIVCFG", 1, STE_1_PRIVCFG, false }, { "INSTCFG", 1, STE_1_INSTCFG, false },
};
static const struct xfield ste_s1[] = {
	{ "S1ContextPtr", 0, STE_0_S1CONTEXTPTR, true }, { "S1Fmt", 0, STE_0_S1FMT, false },
	{ "S1CDMax", 0, STE_0_S1CDMAX, false }, { "S1DSS", 1, STE_1_S1DSS, false },
	{ "STRW", 1, STE_1_STRW, false },
};
static const struct xfield ste_s2[] = {
	{ "S2VMID", 2, STE_2_S2VMID, false }, { "S2T0SZ", 2, STE_2_S2T0SZ, false },
	{ "S2SL0", 2, STE_2_S2SL0, false },   { "S2TG", 2, STE_2_S2TG, false },
	{ "S2PS", 2, STE_2_S2PS, false },     { "S2AA64", 2, STE_2_S2AA64, false },
	{ "S2AFFD", 2, STE_2_S2AFFD, false }, { "S2HA", 2, STE_2_S2HA, false },
	{ "S2HD", 2, STE_2_S2HD, false },     { "S2R", 2, STE_2_S2R, false },
	{ "S2TTB", 3, STE_3_S2TTB, true },
};
static const struct xfield cd_fields[] = {
	{ "V", 0, CD_0_V, false },       { "AA64", 0, CD_0_AA64, false },
	{ "T0SZ", 0, CD_0_T0SZ, false }, { "TG0", 0, CD_0_TG0, false },
	{ "EPD0", 0, CD_0_EPD0, false }, { "TTB0", 1, CD_1_TTB0, true },
	{ "T1SZ", 0, CD_0_T1SZ, false }, { "TG1", 0, CD_0_TG1, false },
	{ "EPD1", 0, CD_0_EPD1, false }, { "TTB1", 2, CD_2_TTB1, true },
	{ "IPS", 0, CD_0_IPS, false },   { "TBI", 0, CD_0_TBI, false },
	{ "AFFD", 0, CD_0_AFFD, false }, { "HA", 0, CD_0_HA, false },
	{ "HD", 0, CD_0_HD, false },     { "WXN", 0, CD_0_WXN, false },
	{ "PAN", 0, CD_0_PAN, false },   { "R", 0, CD_0_R, false },
	{ "A", 0, CD_0_A, false },       { "S", 0, CD_0_S, false },
	{ "ASID", 0, CD_0_ASID, false }, { "MAIR", 3, CD_3_MAIR, false },
};

/* Each field of the table, decoded through its declared mask. */
static void decoded(struct sm_explain_step *st, const uint64_t *raw, const struct xfield *f,
		    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v = raw[f[i].dw] & f[i].mask;

		if (f[i].addr)
			sm_explain_hex(st, f[i].name, v);
		else if (f[i].mask == CD_3_MAIR)
			sm_explain_hex(st, f[i].name, v);
		else
			sm_explain_dec(st, f[i].name, v >> BF_SHIFT(f[i].mask));
	}
}

static const char *config_name(unsigned c)
{
	switch (c) {
	case STE_CONFIG_BYPASS:   return "bypass both stages";
	case STE_CONFIG_S1_TRANS: return "stage 1 translate, stage 2 bypass";
	case STE_CONFIG_S2_TRANS: return "stage 1 bypass, stage 2 translate";
	case STE_CONFIG_NESTED:   return "stage 1 then stage 2";
	}
	return "abort (Config[2]=0)";
}

static void raw_fields(struct sm_explain_step *st, const uint64_t *raw, unsigned n)
{
	static const char *const names[] = { "dword0", "dword1", "dword2", "dword3",
					     "dword4", "dword5", "dword6", "dword7" };

	for (unsigned i = 0; i < n && i < 8; i++)
		sm_explain_hex(st, names[i], raw[i]);
}

void smmu__x_cfg(struct smmu *s, bool cd, uint32_t sid, uint32_t idx, bool hit)
{
	struct sm_explain_step *st;

	st = STEP(s, "cfgcache", IHI("§16.2"), s->lat.cfg,
		  "configuration cache probe for the %s of StreamID 0x%x%s: %s", cd ? "CD" : "STE",
		  sid, cd ? (idx ? " (CD index != 0)" : " (CD index 0)") : "",
		  hit ? "hit, no memory read" : "miss, fetched from memory");
	if (cd)
		sm_explain_hex(st, "CD index", idx);
	sm_explain_fld(st, "result", hit ? "hit" : "miss");
	sm_explain_dec(st, "cfg_cache_latency", s->lat.cfg);
}

void smmu__x_ste(struct smmu *s, const struct smmu_ste *ste, bool cached, uint64_t addr,
		 const char *illegal, const struct bus_attrs *a)
{
	const uint64_t *raw = ste->raw;
	unsigned config = (unsigned)FIELD_GET(STE_0_CONFIG, raw[0]);
	struct sm_explain_step *st;
	char where[64];

	if (cached)
		snprintf(where, sizeof(where), "from the configuration cache");
	else
		snprintf(where, sizeof(where), "read at 0x%llx", (unsigned long long)addr);
	st = STEP(s, "ste", IHI("§5.2"), cached ? 0 : smmu__x_mem(s, a), "STE %s: V=%llu, Config=0b%u%u%u (%s)%s%s",
		  where, (unsigned long long)FIELD_GET(STE_0_V, raw[0]), (config >> 2) & 1,
		  (config >> 1) & 1, config & 1, config_name(config), illegal ? ": " : "",
		  illegal ? illegal : "");
	if (!cached)
		sm_explain_hex(st, "address", addr);
	raw_fields(st, raw, 4);
	decoded(st, raw, ste_all, ARRAY_LEN(ste_all));
	if (config & 1)
		decoded(st, raw, ste_s1, ARRAY_LEN(ste_s1));
	if (config & 2)
		decoded(st, raw, ste_s2, ARRAY_LEN(ste_s2));
	if (!s->cfg.attr_perms_ovr)
		sm_explain_fld(st, "note", "PRIVCFG/INSTCFG are RES0: no IDR1.ATTR_PERMS_OVR");
}

void smmu__x_ste_fetch_failed(struct smmu *s, uint64_t addr, const struct bus_attrs *a)
{
	struct sm_explain_step *st;

	st = STEP(s, "ste", IHI("§7.3.4"), smmu__x_mem(s, a),
		  "reading the STE at 0x%llx aborted: nothing answered there",
		  (unsigned long long)addr);
	sm_explain_hex(st, "address", addr);
}

static const char *tg0_name(unsigned tg)
{
	return tg == CD_TG0_4K ? "4 KiB" : tg == CD_TG0_16K ? "16 KiB" : tg == CD_TG0_64K ? "64 KiB"
									  : "reserved";
}

static const char *tg1_name(unsigned tg)
{
	return tg == CD_TG1_4K ? "4 KiB" : tg == CD_TG1_16K ? "16 KiB" : tg == CD_TG1_64K ? "64 KiB"
									  : "reserved";
}

void smmu__x_l1cd(struct smmu *s, const struct smmu_ste *ste, uint32_t idx, unsigned split,
		  uint64_t l1_addr, uint64_t pa, uint64_t l1, bool fetched, const struct bus_attrs *a)
{
	struct sm_explain_step *st;

	st = STEP(s, "cd", IHI("§3.5.1, §5.3"), smmu__x_mem(s, a),
		  "2-level CD table (S1Fmt=%u): L1CD index = SubstreamID 0x%x >> %u = 0x%x; L1CD at "
		  "0x%llx%s", ste->s1fmt, idx, split, idx >> split, (unsigned long long)l1_addr,
		  fetched ? "" : ": the read aborted");
	sm_explain_hex(st, "L1CD address", l1_addr);
	if (pa != l1_addr)
		sm_explain_hex(st, "L1CD PA", pa);
	if (!fetched)
		return;
	sm_explain_hex(st, "L1CD", l1);
	sm_explain_dec(st, "V", FIELD_GET(L1CD_0_V, l1));
	sm_explain_hex(st, "L2Ptr", FIELD_ADDR(L1CD_0_L2PTR, l1));
	sm_explain_hex(st, "L2 index", idx & ((1u << split) - 1));
}

void smmu__x_cd(struct smmu *s, const struct smmu_ste *ste, uint32_t idx, uint64_t addr,
		uint64_t pa, const struct smmu_cd *cd, bool fetched, const char *illegal,
		const struct bus_attrs *a)
{
	const uint64_t *raw = cd->raw;
	uint64_t d0 = raw[0];
	struct sm_explain_step *st;
	bool cached = !a;

	if (!cached && !fetched) {
		st = STEP(s, "cd", IHI("§5.4, §7.3.10"), smmu__x_mem(s, a),
			  "reading CD %u at 0x%llx aborted", idx, (unsigned long long)addr);
		sm_explain_hex(st, "CD address", addr);
		return;
	}
	if (cached)
		st = STEP(s, "cd", IHI("§5.4"), 0, "CD %u from the configuration cache: ASID %u", idx,
			  cd->asid);
	else if (ste->s1cdmax && ste->s1fmt != STE_S1FMT_LINEAR)
		st = STEP(s, "cd", IHI("§5.4"), smmu__x_mem(s, a),
			  "CD at L2Ptr + L2 index * 64 = 0x%llx: V=%llu%s%s", (unsigned long long)addr,
			  (unsigned long long)FIELD_GET(CD_0_V, d0), illegal ? ": " : "",
			  illegal ? illegal : "");
	else
		st = STEP(s, "cd", IHI("§3.5, §5.4"), smmu__x_mem(s, a),
			  "CD at S1ContextPtr 0x%llx + %u * 64 = 0x%llx: V=%llu%s%s",
			  (unsigned long long)ste->s1ctxptr, idx, (unsigned long long)addr,
			  (unsigned long long)FIELD_GET(CD_0_V, d0), illegal ? ": " : "",
			  illegal ? illegal : "");
	if (!cached) {
		sm_explain_hex(st, "CD address", addr);
		if (pa != addr)
			sm_explain_hex(st, "CD PA", pa);
	}
	raw_fields(st, raw, 4);
	decoded(st, raw, cd_fields, ARRAY_LEN(cd_fields));
	sm_explain_fld(st, "granules", "TG0 %s, TG1 %s", tg0_name((unsigned)FIELD_GET(CD_0_TG0, d0)),
		       tg1_name((unsigned)FIELD_GET(CD_0_TG1, d0)));
	sm_explain_fld(st, "IPS bits", "%u", smmu_pa_size_bits((unsigned)FIELD_GET(CD_0_IPS, d0)));
}

/* ---- stage 1 and stage 2 ---- */

void smmu__x_tlb(struct smmu *s, unsigned stage, unsigned kind, uint16_t vmid, uint16_t asid,
		 uint64_t va, const struct smmu_tlb_entry *hit, bool perm_ok, bool ipa_cache)
{
	struct sm_explain_step *st;
	const char *name = ipa_cache ? "IPA cache" : "main TLB";
	char tag[24] = "";

	if (stage == 1)
		snprintf(tag, sizeof(tag), ", ASID %u", asid);
	st = STEP(s, "tlb", IHI("§16.2"), ipa_cache ? s->lat.ipa : 0,
		  "%s probe (%s, VMID %u%s) for %s 0x%llx: %s", name,
		  kind == TLB_NESTED ? "nested" : kind == TLB_S2 ? "stage 2" : "stage 1", vmid,
		  tag, stage == 1 ? "VA" : "IPA",
		  (unsigned long long)va,
		  !hit ? "miss, walk the tables" : perm_ok ? "hit" : "hit, but the entry does not "
		  "permit this access: walk again");
	if (stage == 1)
		sm_explain_dec(st, "ASID", asid);
	sm_explain_dec(st, "VMID", vmid);
	sm_explain_fld(st, "result", !hit ? "miss" : perm_ok ? "hit" : "hit, permission miss");
	if (hit) {
		sm_explain_hex(st, "entry input", hit->va);
		sm_explain_hex(st, "entry output", hit->oa);
		sm_explain_fld(st, "entry size", "2^%u", hit->shift);
		sm_explain_dec(st, "entry level", hit->level);
	}
	sm_explain_dec(st, ipa_cache ? "ipa_cache_latency" : "tlb_latency",
		       ipa_cache ? s->lat.ipa : s->lat.tlb);
}

void smmu__x_s1_range(struct smmu *s, const struct smmu_cd *cd, uint64_t iova, unsigned sel,
		      bool el2_1r)
{
	const __typeof__(cd->tt[0]) *tt = &cd->tt[sel];
	unsigned ias = 64 - tt->tsz;
	struct sm_explain_step *st;

	if (el2_1r)
		st = STEP(s, "s1", IHI("§3.4.1"), 0,
			  "EL2 StreamWorld, one VA range: TTB0 with T0SZ=%u (VA[55]=%u)", tt->tsz,
			  (unsigned)((iova >> 55) & 1));
	else
		st = STEP(s, "s1", IHI("§3.4.1, §5.4"), 0,
			  "VA[55]=%u selects TTB%u: T%uSZ=%u, a %u-bit range; EPD%u=%u%s", sel, sel, sel,
			  tt->tsz, ias, sel, !tt->enabled, tt->tbi ? "; TBI: VA[63:56] ignored" : "");
	sm_explain_fld(st, "VA[55]", "%u", (unsigned)((iova >> 55) & 1));
	sm_explain_fld(st, "TTB", "TTB%u", sel);
	sm_explain_hex(st, "TTBx", tt->ttb);
	sm_explain_dec(st, "TxSZ", tt->tsz);
	sm_explain_fld(st, "enabled", "%s", yesno(tt->enabled));
	sm_explain_dec(st, "TBI", tt->tbi);
	sm_explain_fld(st, "upper bits", "VA[%u:%u] must all be %u", tt->tbi ? 55 : 63, ias, sel);
}

void smmu__x_walk(struct smmu *s, const struct smmu_ptw_cfg *c, uint64_t ia, bool wc_enabled)
{
	struct sm_explain_step *st;

	st = STEP(s, c->stage2 ? "s2" : "s1", DDI("D8.2"), s->lat.walk,
		  "stage %u walk of %s 0x%llx: %u KiB granule, %u-bit input, start level %d, table "
		  "base 0x%llx%s", c->stage2 ? 2 : 1, c->stage2 ? "IPA" : "VA",
		  (unsigned long long)ia, 1u << (c->pgshift - 10), c->ias, c->start_level,
		  (unsigned long long)c->ttb, wc_enabled ? "; the walk cache is probed first" : "");
	sm_explain_fld(st, "granule", "%u KiB", 1u << (c->pgshift - 10));
	sm_explain_dec(st, "input bits", c->ias);
	sm_explain_dec(st, "output bits", c->oas);
	sm_explain_fld(st, "start level", "%d", c->start_level);
	sm_explain_hex(st, c->stage2 ? "S2TTB" : "TTB", c->ttb);
	sm_explain_dec(st, "HA", c->ha);
	sm_explain_dec(st, "HD", c->hd);
	sm_explain_dec(st, "AFFD", c->affd);
	sm_explain_dec(st, "walk_latency", s->lat.walk);
}

static const char *ap_name(unsigned ap)
{
	switch (ap) {
	case PTE_AP_RW_EL1: return "read/write, privileged only";
	case PTE_AP_RW_ALL: return "read/write, any privilege";
	case PTE_AP_RO_EL1: return "read-only, privileged only";
	}
	return "read-only, any privilege";
}

static const char *fault_name(enum smmu_ptw_fault f)
{
	switch (f) {
	case PTW_OK:          return "ok";
	case PTW_TRANSLATION: return "F_TRANSLATION";
	case PTW_ADDR_SIZE:   return "F_ADDR_SIZE";
	case PTW_ACCESS:      return "F_ACCESS";
	case PTW_PERMISSION:  return "F_PERMISSION";
	case PTW_EABT:        return "F_WALK_EABT";
	case PTW_NESTED:      return "stage-2 fault";
	}
	return "?";
}

/* What kind of descriptor d is at this level (DDI 0487 D8.3). */
static const char *desc_kind(const struct smmu_ptw_cfg *c, const struct smmu_ptw_level *l)
{
	uint64_t d = l->desc;

	if (!(d & PTE_VALID))
		return "invalid (bit[0]=0)";
	if (l->level < 3 && FIELD_GET(PTE_TYPE, d) == PTE_TYPE_TABLE && !l->cached_leaf)
		return "table";
	if (l->level == 3)
		return FIELD_GET(PTE_TYPE, d) == PTE_TYPE_PAGE ? "page" : "reserved (block at level 3)";
	if (l->fault == PTW_TRANSLATION)
		return c->pgshift == 12 ? "block not allowed at this level" :
		       "block not allowed at this level for this granule";
	return "block";
}

static void leaf_fields(struct sm_explain_step *st, const struct smmu_ptw_cfg *c, uint64_t d)
{
	if (!c->stage2) {
		unsigned ap = (unsigned)FIELD_GET(PTE_S1_AP, d);

		sm_explain_dec(st, "AttrIndx", FIELD_GET(PTE_S1_ATTRINDX, d));
		sm_explain_fld(st, "AP", "0b%u%u (%s)", (ap >> 1) & 1, ap & 1, ap_name(ap));
		sm_explain_dec(st, "SH", FIELD_GET(PTE_SH, d));
		sm_explain_dec(st, "AF", FIELD_GET(PTE_AF, d));
		sm_explain_dec(st, "nG", FIELD_GET(PTE_S1_NG, d));
		sm_explain_dec(st, "DBM", FIELD_GET(PTE_DBM, d));
		sm_explain_dec(st, "Contiguous", FIELD_GET(PTE_CONT, d));
		sm_explain_dec(st, "PXN", FIELD_GET(PTE_S1_PXN, d));
		sm_explain_dec(st, "UXN", FIELD_GET(PTE_S1_UXN, d));
	} else {
		unsigned ap = (unsigned)FIELD_GET(PTE_S2_AP, d);

		sm_explain_dec(st, "MemAttr", FIELD_GET(PTE_S2_MEMATTR, d));
		sm_explain_fld(st, "S2AP", "0b%u%u (%s%s)", (ap >> 1) & 1, ap & 1,
			       ap & PTE_S2AP_READ ? "read" : "no read",
			       ap & PTE_S2AP_WRITE ? ", write" : ", no write");
		sm_explain_dec(st, "SH", FIELD_GET(PTE_SH, d));
		sm_explain_dec(st, "AF", FIELD_GET(PTE_AF, d));
		sm_explain_dec(st, "DBM", FIELD_GET(PTE_DBM, d));
		sm_explain_dec(st, "Contiguous", FIELD_GET(PTE_CONT, d));
		sm_explain_dec(st, "XN", FIELD_GET(PTE_S2_XN, d));
	}
}

void smmu__x_level(struct smmu *s, const struct smmu_ptw_cfg *c, const struct smmu_ptw_level *l,
		   const struct bus_attrs *a, bool wc_enabled)
{
	const char *in = c->stage2 ? "IPA" : "VA";
	uint64_t cyc = smmu__x_mem(s, a);
	struct sm_explain_step *st;
	bool read = !l->cached_leaf;
	const char *kind;

	/* docs/timing.md: a probe for each level read, one more where the walk cache resumed it */
	if (wc_enabled)
		cyc += (uint64_t)s->lat.wc * ((read ? 1u : 0u) + (l->from_wc ? 1u : 0u));
	if (l->cached_leaf) {
		st = STEP(s, c->stage2 ? "s2" : "s1", DDI("D8.3"), cyc,
			  "level %d: the leaf descriptor 0x%llx came from the walk cache: no read",
			  l->level, (unsigned long long)l->desc);
	} else if (l->fault == PTW_EABT || l->fault == PTW_NESTED) {
		st = STEP(s, c->stage2 ? "s2" : "s1", DDI("D8.2"), cyc,
			  "level %d table at 0x%llx%s, %s[%u:%u] = 0x%llx: reading the descriptor at "
			  "0x%llx failed (%s)", l->level, (unsigned long long)l->table,
			  l->from_wc ? " (walk cache hit)" : "", in, l->hi, l->lo,
			  (unsigned long long)l->index, (unsigned long long)l->desc_addr,
			  fault_name(l->fault));
		sm_explain_hex(st, "descriptor address", l->desc_addr);
		return;
	} else {
		st = STEP(s, c->stage2 ? "s2" : "s1", DDI("D8.2, D8.3"), cyc,
			  "level %d table at 0x%llx%s: %s[%u:%u] = 0x%llx, descriptor at 0x%llx = "
			  "0x%llx: %s", l->level, (unsigned long long)l->table,
			  l->from_wc ? " (from the walk cache)" : "", in, l->hi, l->lo,
			  (unsigned long long)l->index, (unsigned long long)l->desc_addr,
			  (unsigned long long)l->desc, desc_kind(c, l));
	}
	sm_explain_fld(st, "level", "%d", l->level);
	if (read) {
		sm_explain_hex(st, "table", l->table);
		sm_explain_fld(st, "index bits", "%s[%u:%u]", in, l->hi, l->lo);
		sm_explain_hex(st, "index", l->index);
		sm_explain_hex(st, "descriptor address", l->desc_addr);
	}
	sm_explain_hex(st, "descriptor", l->desc);
	kind = desc_kind(c, l);
	sm_explain_fld(st, "type", "%s", kind);
	sm_explain_fld(st, "walk cache", l->cached_leaf ? "leaf hit" : l->from_wc ? "table hit" :
		       wc_enabled ? "miss" : "none for this stage");
	if (!(l->desc & PTE_VALID)) {
		sm_explain_fld(st, "fault", "%s", fault_name(l->fault));
		return;
	}
	if (!l->cached_leaf && l->level < 3 && FIELD_GET(PTE_TYPE, l->desc) == PTE_TYPE_TABLE) {
		sm_explain_hex(st, "next table", l->next);
		if (!c->stage2) {
			sm_explain_dec(st, "APTable", FIELD_GET(PTE_TABLE_AP, l->desc));
			sm_explain_dec(st, "XNTable", FIELD_GET(PTE_TABLE_XN, l->desc));
			sm_explain_dec(st, "PXNTable", FIELD_GET(PTE_TABLE_PXN, l->desc));
			sm_explain_dec(st, "NSTable", FIELD_GET(PTE_TABLE_NS, l->desc));
		}
	} else {
		sm_explain_hex(st, "OA", l->next);
		if (l->map_shift)
			sm_explain_fld(st, "size", "2^%u bytes", l->map_shift);
		leaf_fields(st, c, l->desc);
	}
	if (l->fault != PTW_OK)
		sm_explain_fld(st, "fault", "%s%s", fault_name(l->fault),
			       l->fault == PTW_ACCESS ? " (AF=0, no HA, no AFFD)" :
			       l->fault == PTW_ADDR_SIZE ? " (address beyond the output size)" : "");
}

static void perm_set(char *buf, size_t cap, unsigned p)
{
	snprintf(buf, cap, "EL0 %s%s%s, privileged %s%s%s", p & TLB_P_UR ? "r" : "-",
		 p & TLB_P_UW ? "w" : "-", p & TLB_P_UX ? "x" : "-", p & TLB_P_PR ? "r" : "-",
		 p & TLB_P_PW ? "w" : "-", p & TLB_P_PX ? "x" : "-");
}

static const char *need_name(unsigned need)
{
	switch (need) {
	case TLB_P_UR: return "unprivileged read";
	case TLB_P_UW: return "unprivileged write";
	case TLB_P_UX: return "unprivileged instruction fetch";
	case TLB_P_PR: return "privileged read";
	case TLB_P_PW: return "privileged write";
	}
	return "privileged instruction fetch";
}

void smmu__x_s1_perm(struct smmu *s, const struct smmu_cd *cd, const struct smmu_ptw_result *w,
		     unsigned perms, unsigned need, bool priv, bool instr, bool write)
{
	struct sm_explain_step *st;
	char set[64];

	(void)priv, (void)instr, (void)write;
	perm_set(set, sizeof(set), perms);
	st = STEP(s, "s1", IHI("§13.4.1"), 0, "stage 1 permissions: %s; this %s is %s", set,
		  need_name(need), perms & need ? "allowed" : "not allowed: F_PERMISSION");
	sm_explain_dec(st, "AP", FIELD_GET(PTE_S1_AP, w->desc));
	sm_explain_dec(st, "APTable", w->aptable);
	sm_explain_dec(st, "UXN", FIELD_GET(PTE_S1_UXN, w->desc));
	sm_explain_dec(st, "PXN", FIELD_GET(PTE_S1_PXN, w->desc));
	sm_explain_dec(st, "XNTable", w->xntable);
	sm_explain_dec(st, "PXNTable", w->pxntable);
	sm_explain_dec(st, "WXN", cd->wxn);
	sm_explain_dec(st, "PAN", cd->pan);
	sm_explain_fld(st, "access", "%s", need_name(need));
	sm_explain_fld(st, "permitted", "%s", set);
}

void smmu__x_s2_perm(struct smmu *s, uint64_t desc, unsigned perms, unsigned need)
{
	struct sm_explain_step *st;
	char set[64];

	perm_set(set, sizeof(set), perms);
	st = STEP(s, "s2", IHI("§13.4.3"), 0, "stage 2 permissions: %s; this %s is %s", set,
		  need_name(need), perms & need ? "allowed" : "not allowed: F_PERMISSION");
	sm_explain_dec(st, "S2AP", FIELD_GET(PTE_S2_AP, desc));
	sm_explain_dec(st, "XN", FIELD_GET(PTE_S2_XN, desc));
	sm_explain_fld(st, "access", "%s", need_name(need));
}

void smmu__x_update(struct smmu *s, unsigned stage, uint64_t addr, uint64_t old, uint64_t nd,
		    const struct bus_attrs *a)
{
	struct sm_explain_step *st;

	st = STEP(s, stage == 2 ? "s2" : "s1", IHI("§3.13"), smmu__x_mem(s, a),
		  "hardware update of the descriptor at 0x%llx: 0x%llx -> 0x%llx (%s%s)",
		  (unsigned long long)addr, (unsigned long long)old, (unsigned long long)nd,
		  (nd & PTE_AF) && !(old & PTE_AF) ? "AF set" : "",
		  ((nd ^ old) & ~PTE_AF) ? (((nd ^ old) & PTE_AF) ? ", dirty" : "dirty") : "");
	sm_explain_hex(st, "descriptor address", addr);
	sm_explain_hex(st, "old", old);
	sm_explain_hex(st, "new", nd);
}

void smmu__x_nest(struct smmu *s, const char *what, uint64_t ipa)
{
	STEP(s, "s2", IHI("§3.2"), 0, "nested: %s is an IPA (0x%llx): stage 2 translates it",
	     what, (unsigned long long)ipa);
	s->explain->depth++;
}

void smmu__x_unnest(struct smmu *s)
{
	if (s->explain->depth)
		s->explain->depth--;
}

void smmu__x_s2(struct smmu *s, const struct smmu_ptw_cfg *c, uint64_t ipa, uint16_t vmid)
{
	struct sm_explain_step *st;

	st = STEP(s, "s2", IHI("§3.2, §5.2"), 0, "stage 2 translates IPA 0x%llx for VMID %u",
		  (unsigned long long)ipa, vmid);
	sm_explain_hex(st, "IPA", ipa);
	sm_explain_dec(st, "S2VMID", vmid);
	sm_explain_hex(st, "S2TTB", c->ttb);
	sm_explain_fld(st, "start level", "%d", c->start_level);
	sm_explain_dec(st, "S2PS bits", c->oas);
}

static const char *class_name(unsigned c)
{
	return c == EVT_CLASS_CD ? "CD" : c == EVT_CLASS_TTD ? "TT" : c == EVT_CLASS_IN ? "IN"
											 : "reserved";
}

void smmu__x_event(struct smmu *s, const struct smmu_event *ev, enum smmu_event_status status,
		   const struct bus_attrs *a)
{
	const char *name = smmu_event_name(ev->type);
	struct sm_explain_step *st;
	bool fetch = ev->type == SMMU_EVT_F_STE_FETCH || ev->type == SMMU_EVT_F_CD_FETCH ||
		     ev->type == SMMU_EVT_F_WALK_EABT;
	bool xlate = ev->type == SMMU_EVT_F_WALK_EABT ||
		     (ev->type >= SMMU_EVT_F_TRANSLATION && ev->type <= SMMU_EVT_F_PERMISSION);

	st = STEP(s, "event", IHI("§7.3"), smmu__x_mem(s, a), "event %s (0x%02x): %s",
		  name ? name : "?", (unsigned)ev->type, smmu_event_status_name(status));
	sm_explain_fld(st, "type", "%s", name ? name : "?");
	sm_explain_hex(st, "StreamID", ev->sid);
	sm_explain_dec(st, "SSV", ev->ssv);
	sm_explain_hex(st, "SubstreamID", ev->ssid);
	/* §7.3: only the translation faults carry the access and where it faulted. */
	if (xlate) {
		sm_explain_hex(st, "InputAddr", ev->input_addr);
		sm_explain_dec(st, "RnW", ev->rnw);
		sm_explain_dec(st, "PnU", ev->pnu);
		sm_explain_dec(st, "InD", ev->ind);
		sm_explain_dec(st, "S2", ev->s2);
		sm_explain_fld(st, "CLASS", "%s", class_name(ev->class_));
	}
	if (fetch)
		sm_explain_hex(st, "FetchAddr", FIELD_ADDR(EVT_3_FETCHADDR, ev->addr3));
	else if (ev->s2)
		sm_explain_hex(st, "IPA", FIELD_ADDR(EVT_3_IPA, ev->addr3));
	if (ev->type == SMMU_EVT_F_PERMISSION && ev->class_ == EVT_CLASS_TTD)
		sm_explain_dec(st, "TTRnW", ev->ttrnw);
	sm_explain_fld(st, "status", "%s", smmu_event_status_name(status));
}

void smmu__x_suppressed(struct smmu *s, bool s2)
{
	STEP(s, "event", s2 ? IHI("§5.2, §5.5") : IHI("§5.4, §5.5"), 0,
	     "%s: the fault is not recorded; the transaction is terminated (abort)",
	     s2 ? "STE.S2R=0" : "CD.R=0");
}

void smmu__x_done(struct smmu *s, const struct smmu_txn *t, const struct smmu_result *r,
		  bool disabled, bool device_hit, uint64_t mem, unsigned walks, unsigned wc_probes,
		  unsigned ipa_probes)
{
	const struct sm_latency *L = &s->lat;
	struct sm_explain *x = s->explain;
	bool has_utlb = s->cfg.utlb_entries != 0;
	uint64_t device = (uint64_t)L->issue + (has_utlb ? L->utlb : 0) + L->complete;
	uint64_t alone = r->cycles - r->wait, before;
	struct sm_explain_step *st;
	const char *path;
	char pa[32] = "";

	(void)t;
	/* A hit on the device side charges nothing the central unit would have done. */
	if (device_hit || disabled)
		for (size_t i = s->x_first; i < x->n; i++)
			x->steps[i].cycles = 0;
	before = sm_explain_cycles_since(x, s->x_first);
	if (disabled)
		path = "SMMUEN=0: accepted and passed on, nothing probed";
	else if (device_hit && alone == device)
		path = "micro-TLB hit: device side only";
	else if (device_hit)
		path = "main-TLB hit: device side";
	else
		path = "central unit: configuration, walks and memory";
	st = STEP(s, "timing", "docs/timing.md", alone > before ? alone - before : 0,
		  "%s: %llu cycles%s", path, (unsigned long long)alone,
		  r->wait ? "" : ", no queueing");
	sm_explain_dec(st, "issue_latency", L->issue);
	if (!disabled) {
		if (has_utlb)
			sm_explain_dec(st, "utlb_latency", L->utlb);
		if (!(device_hit && alone == device))
			sm_explain_dec(st, "tlb_latency", L->tlb);
	}
	sm_explain_dec(st, "complete_latency", L->complete);
	if (!disabled && !device_hit) {
		sm_explain_fld(st, "xfer", "2 x %u", L->xfer);
		sm_explain_fld(st, "config probes", "%u x %u", s->cfg_probes, L->cfg);
		sm_explain_fld(st, "IPA cache probes", "%u x %u", ipa_probes, L->ipa);
		sm_explain_fld(st, "walks", "%u x %u", walks, L->walk);
		sm_explain_fld(st, "walk-cache probes", "%u x %u", wc_probes, L->wc);
		sm_explain_dec(st, "memory", mem);
		sm_explain_dec(st, "central (walk_busy)", r->walk_busy);
	}
	sm_explain_dec(st, "alone", alone);
	if (r->wait) {
		st = STEP(s, "timing", "docs/timing.md", r->wait,
			  "waited %llu cycles for a translation slot or a walker",
			  (unsigned long long)r->wait);
		sm_explain_dec(st, "wait", r->wait);
	}
	if (r->verdict == SMMU_TRANSLATED || r->verdict == SMMU_BYPASS)
		snprintf(pa, sizeof(pa), " to PA 0x%llx", (unsigned long long)r->pa);
	st = STEP(s, "smmu", "", 0, "SMMU verdict: %s%s, because %s", smmu_verdict_name(r->verdict),
		  pa, r->rule ? r->rule : "?");
	sm_explain_fld(st, "verdict", "%s", smmu_verdict_name(r->verdict));
	if (r->verdict == SMMU_TRANSLATED || r->verdict == SMMU_BYPASS)
		sm_explain_hex(st, "PA", r->pa);
	if (r->ipa)
		sm_explain_hex(st, "IPA", r->ipa);
	sm_explain_fld(st, "rule", "%s", r->rule ? r->rule : "");
	sm_explain_dec(st, "cycles", r->cycles);
}

void smmu_set_explain(struct smmu *s, struct sm_explain *x)
{
	s->explain = x;
}

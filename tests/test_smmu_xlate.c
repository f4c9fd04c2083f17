/* SPDX-License-Identifier: MIT */
/*
 * The transaction path through the whole model, with page tables built by
 * hand in RAM from the PTE_* declarations: stage 1 for each granule, TTB1,
 * TBI, EPDx, address sizes, every fault with its event fields, permissions,
 * HTTU, stage 2 alone, nested, and the stage-1 bypass cases.
 * IHI 0070 §3.4, §3.13, §5.2, §5.4, §7.3, §13.1, §13.4; Arm ARM D8.
 */
#include "tests/smmu_fixture.h"

#define SID 1u

/* Start level for a stage-1 input size (Arm ARM D8.2): 4 - ceil((ias - pgshift) / stride). */
static int start_level(unsigned pgshift, unsigned ias)
{
	unsigned stride = pgshift - 3;

	return 4 - (int)((ias - pgshift + stride - 1) / stride);
}

/* One stage-1 context: a CD at FX_CD for SID, TTB0 tables from a pool. */
struct s1 {
	struct smmu_fx *fx;
	struct fx_pt pt;
	unsigned pgshift, ias;
	int start;
	uint64_t ttb;
	uint64_t cd[CD_DWORDS];
	uint64_t ste[STE_DWORDS];
};

static void s1_write(struct s1 *s)
{
	uint64_t c[CMD_DWORDS];

	fx_write_ste(s->fx, FX_STRTAB, SID, s->ste);
	fx_write_cd(s->fx, FX_CD, s->cd);
	fx_cmd_cfgi_ste(s->fx, SID);
	fx_cmd_op(c, SMMU_CMD_TLBI_NSNH_ALL);
	fx_cmd(s->fx, c);
	fx_cmdq_assert_drained(s->fx);
}

static void s1_init(struct s1 *s, struct smmu_fx *fx, unsigned pgshift, unsigned t0sz)
{
	s->fx = fx;
	s->pt = (struct fx_pt){ fx, FX_PT };
	s->pgshift = pgshift;
	s->ias = 64 - t0sz;
	s->start = start_level(pgshift, s->ias);
	s->ttb = fx_pt_alloc(&s->pt, UINT64_C(1) << pgshift);
	fx_cd_s1(s->cd, pgshift, t0sz, s->ttb, 1);
	fx_ste_s1_cd(s->ste, FX_CD);
	s1_write(s);
}

static uint64_t s1_map(struct s1 *s, uint64_t va, int level, uint64_t desc)
{
	return fx_pt_map(&s->pt, s->ttb, s->pgshift, s->start, s->ias,
			 va & ((UINT64_C(1) << s->ias) - 1), level, desc);
}

static void txn(struct smmu_fx *fx, uint64_t iova, bool write, bool priv, bool exec,
		struct smmu_result *r)
{
	fx_txn_attr(fx, SID, false, 0, iova, write, priv, exec, r);
}

/* Expect a recorded fault and check the translation-fault fields of its record. */
static void expect_fault(struct smmu_fx *fx, uint64_t iova, bool write, bool priv, bool exec,
			 unsigned type, bool pnu, bool ind, bool s2, unsigned cls,
			 uint64_t rec[EVT_DWORDS])
{
	struct smmu_result r;

	txn(fx, iova, write, priv, exec, &r);
	if (r.verdict != SMMU_FAULT || r.event.type != type)
		fail_msg("iova 0x%llx: verdict %s event 0x%x, expected fault 0x%x (%s)",
			 (unsigned long long)iova, smmu_verdict_name(r.verdict), r.event.type, type,
			 r.rule ? r.rule : "-");
	fx_pop_expect(fx, type, SID, rec);
	/* §7.3: the whole 64-bit input address, unmodified */
	assert_int_equal(rec[2], iova);
	/* RnW: 1 = read; PnU: 1 = privileged; InD: 1 = instruction */
	assert_int_equal(FIELD_GET(EVT_1_RNW, rec[1]), !write);
	assert_int_equal(FIELD_GET(EVT_1_PNU, rec[1]), pnu);
	assert_int_equal(FIELD_GET(EVT_1_IND, rec[1]), ind);
	assert_int_equal(FIELD_GET(EVT_1_S2, rec[1]), s2);
	assert_int_equal(FIELD_GET(EVT_1_CLASS, rec[1]), cls);
	fx_assert_no_event(fx);
}

static void expect_s1_fault(struct smmu_fx *fx, uint64_t iova, bool write, bool priv, bool exec,
			    unsigned type)
{
	uint64_t rec[EVT_DWORDS];

	/* a stage-1 fault: S2=0, CLASS=IN (§7.3.13) */
	expect_fault(fx, iova, write, priv, exec && !write, type, priv, exec && !write, false,
		     EVT_CLASS_IN, rec);
}

static void expect_pa_attr(struct smmu_fx *fx, uint64_t iova, bool write, bool priv, bool exec,
			   uint64_t pa)
{
	struct smmu_result r;

	txn(fx, iova, write, priv, exec, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	if (r.pa != pa)
		fail_msg("iova 0x%llx -> 0x%llx, expected 0x%llx", (unsigned long long)iova,
			 (unsigned long long)r.pa, (unsigned long long)pa);
	fx_assert_no_event(fx);
}

/* ---- each granule, each depth, blocks ---- */

static void gran_case(unsigned pgshift, unsigned t0sz, int leaf_level, uint64_t va, uint64_t oa)
{
	struct smmu_fx *fx = fx_create(NULL);
	struct s1 s;
	struct smmu_result r;
	unsigned shift = pte_level_shift(pgshift, leaf_level);
	uint64_t off = va & ((UINT64_C(1) << shift) - 1);

	fx_enable_default(fx);
	s1_init(&s, fx, pgshift, t0sz);
	s1_map(&s, va, leaf_level, leaf_level == 3 ? fx_pte_s1_page(oa, PTE_AP_RW_ALL)
						   : fx_pte_s1_block(oa, PTE_AP_RW_ALL));
	txn(fx, va, false, false, false, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	assert_int_equal(r.pa, oa | off);
	/* one descriptor read per level from the start level to the leaf */
	assert_int_equal(r.walk_reads, (unsigned)(leaf_level - s.start + 1));
	/* again: from the TLB, no reads */
	txn(fx, va, false, false, false, &r);
	if (!r.tlb_hit)
		fail_msg("granule 2^%u T0SZ %u leaf level %d: second access not a TLB hit (%s)",
			 pgshift, t0sz, leaf_level, r.rule ? r.rule : "-");
	assert_int_equal(r.pa, oa | off);
	assert_int_equal(r.walk_reads, 0);
	fx_assert_no_event(fx);
	fx_destroy(fx);
}

static void test_xlate_4k_granule(void **state)
{
	(void)state;
	gran_case(12, 16, 3, UINT64_C(0x812345678abc), FX_DATA);         /* 48 bits: 4 levels */
	gran_case(12, 25, 3, UINT64_C(0x4512345abc), FX_DATA);           /* 39 bits: 3 levels */
	gran_case(12, 16, 2, UINT64_C(0x812345678abc), FX_DATA);         /* 2 MiB block at L2 */
	gran_case(12, 25, 1, UINT64_C(0x4512345abc), UINT64_C(0x40000000)); /* 1 GiB block at L1 */
}

static void test_xlate_16k_granule(void **state)
{
	(void)state;
	gran_case(14, 16, 3, UINT64_C(0x812345678abc), FX_DATA);         /* 48 bits: L0..L3 */
	gran_case(14, 17, 3, UINT64_C(0x412345678abc), FX_DATA);         /* 47 bits: 3 levels */
	gran_case(14, 17, 2, UINT64_C(0x412345678abc), FX_DATA);         /* 32 MiB block at L2 */
}

static void test_xlate_64k_granule(void **state)
{
	(void)state;
	gran_case(16, 16, 3, UINT64_C(0x812345678abc), FX_DATA);         /* 48 bits: L1..L3 */
	gran_case(16, 22, 3, UINT64_C(0x2345678abcd), FX_DATA);          /* 42 bits: 2 levels */
	gran_case(16, 16, 2, UINT64_C(0x812345678abc), UINT64_C(0x60000000)); /* 512 MiB block */
}

/* ---- VA ranges ---- */

static void test_xlate_ttb1_range(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t ttb1;
	uint64_t va = UINT64_C(0xffff800000005123);
	uint64_t rec[EVT_DWORDS];

	s1_init(&s, fx, 12, 16);
	ttb1 = fx_pt_alloc(&s.pt, 0x1000);
	/* TTB1: TG1=4K (0b10), T1SZ=16: VA[63:48] all ones, the tables see VA[47:0] */
	s.cd[0] = (s.cd[0] & ~CD_0_EPD1) | FIELD_PREP(CD_0_TG1, CD_TG1_4K) |
		  FIELD_PREP(CD_0_T1SZ, 16);
	s.cd[2] = FIELD_ADDR(CD_2_TTB1, ttb1);
	s1_write(&s);
	fx_pt_map(&s.pt, ttb1, 12, 0, 48, va & GENMASK64(47, 0), 3,
		  fx_pte_s1_page(FX_DATA + 0x5000, PTE_AP_RW_ALL));
	expect_pa_attr(fx, va, false, false, false, FX_DATA + 0x5123);
	/* VA[55]=1 but VA[63:48] not all ones: outside the range, F_TRANSLATION (§3.4.1) */
	expect_fault(fx, UINT64_C(0xff7f800000005123), false, false, false, SMMU_EVT_F_TRANSLATION,
		     false, false, false, EVT_CLASS_IN, rec);
	/* the same low bits with VA[55]=0 go to TTB0, which maps nothing there */
	expect_s1_fault(fx, UINT64_C(0x800000005123), false, false, false, SMMU_EVT_F_TRANSLATION);
}

static void test_xlate_tbi(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t tagged = UINT64_C(0xab00000000001234);

	s1_init(&s, fx, 12, 16);
	s1_map(&s, 0x1000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL));
	/* without TBI, VA[63:48] must be zero for TTB0: F_TRANSLATION, InputAddr keeps the tag */
	expect_s1_fault(fx, tagged, false, false, false, SMMU_EVT_F_TRANSLATION);
	/* TBI1 applies to the TTB1 half only */
	s.cd[0] |= FIELD_PREP(CD_0_TBI, 2);
	s1_write(&s);
	expect_s1_fault(fx, tagged, false, false, false, SMMU_EVT_F_TRANSLATION);
	/* TBI0: VA[63:56] ignored for the TTB0 half (§3.4.1 AddrTop = 55) */
	s.cd[0] = FIELD_SET(CD_0_TBI, s.cd[0], 1);
	s1_write(&s);
	expect_pa_attr(fx, tagged, false, false, false, FX_DATA + 0x234);
	/* a tag does not make bits [55:48] ignorable */
	expect_s1_fault(fx, UINT64_C(0xab01000000001234), false, false, false,
			SMMU_EVT_F_TRANSLATION);
}

static void test_xlate_epd_disables_walks(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	struct smmu_result r;

	s1_init(&s, fx, 12, 16);
	s1_map(&s, 0x1000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL));
	/* EPD1=1 (fx_cd_s1): a TTB1 address faults without a walk */
	expect_s1_fault(fx, UINT64_C(0xffff000000001000), false, false, false,
			SMMU_EVT_F_TRANSLATION);
	s.cd[0] |= CD_0_EPD0;
	s1_write(&s);
	txn(fx, 0x1000, false, false, false, &r);
	assert_int_equal(r.walk_reads, 0);
	fx_assert_verdict(&r, SMMU_FAULT);
	assert_int_equal(r.event.type, SMMU_EVT_F_TRANSLATION);
	while (fx_evt_pop(fx, (uint64_t[EVT_DWORDS]){ 0 }))
		;
}

static void test_xlate_ips_output_address_size_fault(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;

	s1_init(&s, fx, 12, 25);
	/* IPS=0b000: 32-bit IPA.  Tables in RAM below 4 GiB are fine; an output at 4 GiB is not */
	s.cd[0] = FIELD_SET(CD_0_IPS, s.cd[0], 0);
	s1_write(&s);
	s1_map(&s, 0x1000, 3, fx_pte_s1_page(UINT64_C(0x100000000), PTE_AP_RW_ALL));
	s1_map(&s, 0x2000, 3, fx_pte_s1_page(UINT64_C(0xfffff000), PTE_AP_RW_ALL));
	expect_s1_fault(fx, 0x1000, false, false, false, SMMU_EVT_F_ADDR_SIZE);
	expect_pa_attr(fx, 0x2000, false, false, false, 0xfffff000);
}

/* ---- faults and their records ---- */

static void test_xlate_fault_records(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t rec[EVT_DWORDS];
	uint64_t l0;

	s1_init(&s, fx, 12, 16);
	s1_map(&s, 0x1000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL) & ~PTE_VALID);
	s1_map(&s, 0x2000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL) & ~PTE_AF);
	s1_map(&s, 0x3000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL));
	/* F_TRANSLATION: privileged instruction read */
	expect_fault(fx, 0x1000, false, true, true, SMMU_EVT_F_TRANSLATION, true, true, false,
		     EVT_CLASS_IN, rec);
	/* F_ACCESS: unprivileged data write; writes report InD=0 */
	expect_fault(fx, 0x2000, true, false, true, SMMU_EVT_F_ACCESS, false, false, false,
		     EVT_CLASS_IN, rec);
	/* F_PERMISSION: write to a read-only page */
	expect_fault(fx, 0x3abc, true, true, false, SMMU_EVT_F_PERMISSION, true, false, false,
		     EVT_CLASS_IN, rec);
	/* F_WALK_EABT: the level-1 table for VA 1 << 39 is at an address nothing decodes.
	 * L0 index 1 holds a table descriptor for FX_UNMAPPED; L1 index 0 is read there. */
	l0 = s.ttb + 1 * 8;
	fx_ram_w64(fx, l0, fx_pte_table(FX_UNMAPPED));
	expect_fault(fx, UINT64_C(1) << 39, false, false, false, SMMU_EVT_F_WALK_EABT, false, false,
		     false, EVT_CLASS_TTD, rec);
	/* §7.3.12: FetchAddr[55:3] is the PA of the descriptor; a stage-1 walk abort is CLASS=TT */
	assert_int_equal(FIELD_ADDR(EVT_3_FETCHADDR, rec[3]), FX_UNMAPPED);
}

static void test_xlate_fault_record_ssid(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	s1_init(&s, fx, 12, 16);
	/* four CDs; CD 3 is ours */
	s.ste[0] |= FIELD_PREP(STE_0_S1CDMAX, 2);
	fx_write_cd(fx, FX_CD + 3 * CD_SIZE, s.cd);
	s1_write(&s);
	fx_txn_attr(fx, SID, true, 3, 0x7000, false, false, false, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	fx_pop_expect(fx, SMMU_EVT_F_TRANSLATION, SID, rec);
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), 1);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 3);
}

static void test_xlate_cd_r0_suppresses_stage1_events(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	s1_init(&s, fx, 12, 16);
	s.cd[0] &= ~CD_0_R;
	s1_write(&s);
	s1_map(&s, 0x2000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL) & ~PTE_AF);
	s1_map(&s, 0x3000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL));
	/* §5.5: A=1 R=0: abort without a record, for F_TRANSLATION, F_ACCESS, F_PERMISSION */
	txn(fx, 0x1000, false, false, false, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	txn(fx, 0x2000, false, false, false, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	txn(fx, 0x3000, true, false, false, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	txn(fx, UINT64_C(1) << 48, false, false, false, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	fx_assert_no_event(fx);
	/* ... but F_WALK_EABT is always recorded */
	fx_ram_w64(fx, s.ttb + 2 * 8, fx_pte_table(FX_UNMAPPED));
	expect_fault(fx, UINT64_C(2) << 39, false, false, false, SMMU_EVT_F_WALK_EABT, false, false,
		     false, EVT_CLASS_TTD, rec);
}

/* ---- stage-1 permissions ---- */

/*
 * A fresh SMMU with VA 0x1000 mapped by desc, CD.0 |= cd0, and tattr set on
 * the level-0 table descriptor.
 */
static struct smmu_fx *perm_fx(uint64_t desc, uint64_t cd0, uint64_t tattr, uint64_t ste1)
{
	struct smmu_fx *fx = fx_create(NULL);
	struct s1 s;

	fx_enable_default(fx);
	s1_init(&s, fx, 12, 16);
	s.cd[0] |= cd0;
	s.ste[1] |= ste1;
	s1_write(&s);
	s1_map(&s, 0x1000, 3, desc);
	fx_ram_w64(fx, s.ttb, fx_ram64(fx, s.ttb) | tattr);
	return fx;
}

/* One access: allowed (translated) or an F_PERMISSION with these attributes. */
static void check(struct smmu_fx *fx, bool write, bool priv, bool exec, bool allowed)
{
	if (allowed)
		expect_pa_attr(fx, 0x1000, write, priv, exec, FX_DATA);
	else
		expect_s1_fault(fx, 0x1000, write, priv, exec, SMMU_EVT_F_PERMISSION);
}

static void test_xlate_ap_all_values(void **state)
{
	/* VMSAv8-64 AP[2:1]: 00 EL1 RW; 01 RW both; 10 EL1 RO; 11 RO both */
	static const struct { unsigned ap; bool pr, pw, ur, uw; } t[] = {
		{ PTE_AP_RW_EL1, 1, 1, 0, 0 }, { PTE_AP_RW_ALL, 1, 1, 1, 1 },
		{ PTE_AP_RO_EL1, 1, 0, 0, 0 }, { PTE_AP_RO_ALL, 1, 0, 1, 0 },
	};

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		struct smmu_fx *fx = perm_fx(fx_pte_s1_page(FX_DATA, t[i].ap), 0, 0, 0);

		check(fx, false, true, false, t[i].pr);
		check(fx, true, true, false, t[i].pw);
		check(fx, false, false, false, t[i].ur);
		check(fx, true, false, false, t[i].uw);
		fx_destroy(fx);
	}
}

static void test_xlate_uxn_pxn(void **state)
{
	struct smmu_fx *fx;

	(void)state;
	/* UXN: unprivileged fetch faults, privileged fetch does not (AP=11: not EL0-writable) */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL) | PTE_S1_UXN, 0, 0, 0);
	check(fx, false, false, true, false);
	check(fx, false, true, true, true);
	check(fx, false, false, false, true); /* a data read is not a fetch */
	fx_destroy(fx);
	/* PXN: the other way round */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL) | PTE_S1_PXN, 0, 0, 0);
	check(fx, false, true, true, false);
	check(fx, false, false, true, true);
	fx_destroy(fx);
}

static void test_xlate_el0_writable_is_implicitly_pxn(void **state)
{
	struct smmu_fx *fx;

	(void)state;
	/* Arm ARM D8.4: EL0-writable (AP=01) memory is never privileged-executable */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL), 0, 0, 0);
	check(fx, false, true, true, false);
	check(fx, false, false, true, true);
	fx_destroy(fx);
	/* EL1-only writable (AP=00) is privileged-executable */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_EL1), 0, 0, 0);
	check(fx, false, true, true, true);
	fx_destroy(fx);
}

static void test_xlate_wxn(void **state)
{
	struct smmu_fx *fx;

	(void)state;
	/* CD.WXN: writable memory is execute-never at the level that can write it */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_EL1), CD_0_WXN, 0, 0);
	check(fx, false, true, true, false);
	fx_destroy(fx);
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL), CD_0_WXN, 0, 0);
	check(fx, false, true, true, true);
	check(fx, false, false, true, true);
	fx_destroy(fx);
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL), CD_0_WXN, 0, 0);
	check(fx, false, false, true, false);
	fx_destroy(fx);
}

static void test_xlate_pan(void **state)
{
	struct smmu_fx *fx;

	(void)state;
	/* CD.PAN: privileged data access to EL0-accessible memory faults */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL), CD_0_PAN, 0, 0);
	check(fx, false, true, false, false);
	check(fx, false, false, false, true);
	/* PAN does not apply to instruction fetches */
	check(fx, false, true, true, true);
	fx_destroy(fx);
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_EL1), CD_0_PAN, 0, 0);
	check(fx, false, true, false, true);
	check(fx, true, true, false, true);
	fx_destroy(fx);
}

static void test_xlate_table_attrs(void **state)
{
	struct smmu_fx *fx;

	(void)state;
	/* APTable[0] (bit 61): no unprivileged access below */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL), 0,
		     FIELD_PREP(PTE_TABLE_AP, PTE_APTABLE_NO_EL0), 0);
	check(fx, false, false, false, false);
	check(fx, true, true, false, true);
	fx_destroy(fx);
	/* APTable[1] (bit 62): no write access below */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL), 0,
		     FIELD_PREP(PTE_TABLE_AP, PTE_APTABLE_RO), 0);
	check(fx, true, true, false, false);
	check(fx, true, false, false, false);
	check(fx, false, false, false, true);
	fx_destroy(fx);
	/* XNTable (UXNTable for the two-range EL1&0 regime) */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL), 0, PTE_TABLE_XN, 0);
	check(fx, false, false, true, false);
	check(fx, false, true, true, true);
	fx_destroy(fx);
	/* PXNTable */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL), 0, PTE_TABLE_PXN, 0);
	check(fx, false, true, true, false);
	check(fx, false, false, true, true);
	fx_destroy(fx);
}

static void test_xlate_privcfg_instcfg_overrides(void **state)
{
	struct smmu_fx *fx;
	uint64_t rec[EVT_DWORDS];

	(void)state;
	/* PRIVCFG=0b11: every access is privileged, so an unprivileged one reaches AP=00 */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_EL1), 0, 0, FIELD_PREP(STE_1_PRIVCFG, 3));
	expect_pa_attr(fx, 0x1000, true, false, false, FX_DATA);
	fx_destroy(fx);
	/* PRIVCFG=0b10: every access is unprivileged; the record says PnU=0 */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_EL1), 0, 0, FIELD_PREP(STE_1_PRIVCFG, 2));
	expect_fault(fx, 0x1000, false, true, false, SMMU_EVT_F_PERMISSION, false, false, false,
		     EVT_CLASS_IN, rec);
	fx_destroy(fx);
	/* INSTCFG=0b11: reads are instruction fetches (InD=1); UXN then forbids them */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL) | PTE_S1_UXN, 0, 0,
		     FIELD_PREP(STE_1_INSTCFG, 3));
	expect_fault(fx, 0x1000, false, false, false, SMMU_EVT_F_PERMISSION, false, true, false,
		     EVT_CLASS_IN, rec);
	fx_destroy(fx);
	/* INSTCFG=0b10: fetches become data reads, which UXN does not stop */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL) | PTE_S1_UXN, 0, 0,
		     FIELD_PREP(STE_1_INSTCFG, 2));
	expect_pa_attr(fx, 0x1000, false, false, true, FX_DATA);
	fx_destroy(fx);
}

static void test_xlate_attr_perms_ovr_advertised(void **state)
{
	struct smmu_fx *fx = *state;

	/* §5.2: PRIVCFG/INSTCFG are RES0 unless IDR1.ATTR_PERMS_OVR=1; the model applies them
	 * (test above), so it must advertise the feature. */
	assert_int_equal(FIELD_GET(SMMU_IDR1_ATTR_PERMS_OVR, fx_r32(fx, SMMU_IDR1)), 1);
}

static void test_xlate_writes_are_always_data(void **state)
{
	struct smmu_fx *fx;

	(void)state;
	/* §13.1.2: an incoming write marked instruction is a data write: UXN does not stop it */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL) | PTE_S1_UXN | PTE_S1_PXN, 0, 0, 0);
	expect_pa_attr(fx, 0x1000, true, false, true, FX_DATA);
	fx_destroy(fx);
	/* and a faulting one is recorded with InD=0, even with INSTCFG=instruction */
	fx = perm_fx(fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL), 0, 0, FIELD_PREP(STE_1_INSTCFG, 3));
	expect_s1_fault(fx, 0x1000, true, false, true, SMMU_EVT_F_PERMISSION);
	fx_destroy(fx);
}

/* ---- HTTU and AFFD ---- */

static void test_xlate_ha_sets_af_in_memory(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t a;

	s1_init(&s, fx, 12, 16);
	s.cd[0] |= CD_0_HA;
	s1_write(&s);
	a = s1_map(&s, 0x1000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL) & ~PTE_AF);
	expect_pa_attr(fx, 0x1000, false, false, false, FX_DATA);
	/* §3.13: the SMMU sets AF=1 in the descriptor */
	assert_int_equal(fx_ram64(fx, a), fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL));
}

static void test_xlate_hd_dbm_clears_ap2_on_write(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t a, b;
	uint64_t clean = fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL) | PTE_DBM;

	s1_init(&s, fx, 12, 16);
	s.cd[0] |= CD_0_HA | CD_0_HD;
	s1_write(&s);
	a = s1_map(&s, 0x1000, 3, clean & ~PTE_AF);
	b = s1_map(&s, 0x2000, 3, fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL));
	/* a read leaves it clean (AP[2]=1) but sets AF */
	expect_pa_attr(fx, 0x1000, false, false, false, FX_DATA);
	assert_int_equal(fx_ram64(fx, a), clean);
	/* a write with DBM=1: AP[2] cleared (writable-dirty), AP becomes 01 */
	expect_pa_attr(fx, 0x1000, true, false, false, FX_DATA);
	assert_int_equal(fx_ram64(fx, a), (clean & ~PTE_S1_AP) | FIELD_PREP(PTE_S1_AP, PTE_AP_RW_ALL));
	/* without DBM, the write is a permission fault and nothing changes */
	expect_s1_fault(fx, 0x2000, true, false, false, SMMU_EVT_F_PERMISSION);
	assert_int_equal(fx_ram64(fx, b), fx_pte_s1_page(FX_DATA, PTE_AP_RO_ALL));
}

static void test_xlate_affd_and_access_fault(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t a;
	uint64_t d = fx_pte_s1_page(FX_DATA, PTE_AP_RW_ALL) & ~PTE_AF;

	s1_init(&s, fx, 12, 16);
	a = s1_map(&s, 0x1000, 3, d);
	expect_s1_fault(fx, 0x1000, false, false, false, SMMU_EVT_F_ACCESS);
	/* AFFD: AF treated as 1, the descriptor is not written */
	s.cd[0] |= CD_0_AFFD;
	s1_write(&s);
	expect_pa_attr(fx, 0x1000, false, false, false, FX_DATA);
	assert_int_equal(fx_ram64(fx, a), d);
}

/* ---- stage 2 alone ---- */

/* The fixture's stage-2 STE (4K, 39-bit IPA from level 1) plus ste2 bits; tables from FX_PT. */
static struct fx_pt s2_setup(struct smmu_fx *fx, uint64_t ste2_set, uint64_t ste2_clear)
{
	uint64_t ste[STE_DWORDS];

	fx_ste_s2(ste);
	ste[2] = (ste[2] & ~ste2_clear) | ste2_set;
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	return (struct fx_pt){ fx, FX_PT };
}

static uint64_t s2_map(struct fx_pt *pt, uint64_t ipa, uint64_t desc)
{
	/* fx_ste_s2: S2T0SZ=25 (39-bit IPA), S2SL0=1 (start at level 1), S2TTB=FX_S2TTB */
	return fx_pt_map(pt, FX_S2TTB, 12, 1, 39, ipa, 3, desc);
}

static void expect_s2_fault(struct smmu_fx *fx, uint64_t iova, bool write, bool exec, unsigned type,
			    uint64_t ipa)
{
	uint64_t rec[EVT_DWORDS];

	expect_fault(fx, iova, write, false, exec, type, false, exec && !write, true, EVT_CLASS_IN,
		     rec);
	/* §7.3.13: IPA[55:12] of the faulting translation in dword 3 */
	assert_int_equal(FIELD_ADDR(EVT_3_IPA, rec[3]), ipa & ~UINT64_C(0xfff));
}

static void test_xlate_s2_s2ap(void **state)
{
	struct smmu_fx *fx = *state;
	struct fx_pt pt = s2_setup(fx, 0, 0);

	/* S2AP: 00 none, 01 read, 10 write, 11 both */
	s2_map(&pt, 0x10000, fx_pte_s2_page(FX_DATA + 0x10000, 0));
	s2_map(&pt, 0x11000, fx_pte_s2_page(FX_DATA + 0x11000, PTE_S2AP_READ));
	s2_map(&pt, 0x12000, fx_pte_s2_page(FX_DATA + 0x12000, PTE_S2AP_WRITE));
	s2_map(&pt, 0x13000, fx_pte_s2_page(FX_DATA + 0x13000, PTE_S2AP_READ | PTE_S2AP_WRITE));
	expect_s2_fault(fx, 0x10000, false, false, SMMU_EVT_F_PERMISSION, 0x10000);
	expect_s2_fault(fx, 0x10000, true, false, SMMU_EVT_F_PERMISSION, 0x10000);
	expect_pa_attr(fx, 0x11008, false, false, false, FX_DATA + 0x11008);
	expect_s2_fault(fx, 0x11008, true, false, SMMU_EVT_F_PERMISSION, 0x11008);
	expect_s2_fault(fx, 0x12000, false, false, SMMU_EVT_F_PERMISSION, 0x12000);
	expect_pa_attr(fx, 0x12000, true, false, false, FX_DATA + 0x12000);
	expect_pa_attr(fx, 0x13000, false, false, false, FX_DATA + 0x13000);
	expect_pa_attr(fx, 0x13000, true, false, false, FX_DATA + 0x13000);
}

static void test_xlate_s2_xn(void **state)
{
	struct smmu_fx *fx = *state;
	struct fx_pt pt = s2_setup(fx, 0, 0);

	/* XN[1] (bit 54) forbids execution at stage 2; data reads still work */
	s2_map(&pt, 0x10000, fx_pte_s2_page(FX_DATA, PTE_S2AP_READ) | FIELD_PREP(PTE_S2_XN, 2));
	expect_s2_fault(fx, 0x10000, false, true, SMMU_EVT_F_PERMISSION, 0x10000);
	expect_pa_attr(fx, 0x10000, false, false, false, FX_DATA);
}

static void test_xlate_s2_access_flag(void **state)
{
	struct smmu_fx *fx = *state;
	struct fx_pt pt = s2_setup(fx, 0, 0);
	uint64_t d = fx_pte_s2_page(FX_DATA, PTE_S2AP_READ | PTE_S2AP_WRITE) & ~PTE_AF;
	uint64_t a = s2_map(&pt, 0x10000, d);
	uint64_t ste[STE_DWORDS];

	expect_s2_fault(fx, 0x10000, false, false, SMMU_EVT_F_ACCESS, 0x10000);
	/* S2AFFD: no fault, no write */
	fx_ste_s2(ste);
	ste[2] |= STE_2_S2AFFD;
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	fx_cmd_cfgi_ste(fx, SID);
	expect_pa_attr(fx, 0x10000, false, false, false, FX_DATA);
	assert_int_equal(fx_ram64(fx, a), d);
	/* S2HA: AF set in memory.  S2AFFD/S2HA may be held in TLB entries, so a TLBI goes
	 * with the CFGI_STE */
	fx_ste_s2(ste);
	ste[2] |= STE_2_S2HA;
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	fx_cmd_cfgi_ste(fx, SID);
	{
		uint64_t c[CMD_DWORDS];

		fx_cmd_op(c, SMMU_CMD_TLBI_NSNH_ALL);
		fx_cmd(fx, c);
	}
	expect_pa_attr(fx, 0x10000, false, false, false, FX_DATA);
	assert_int_equal(fx_ram64(fx, a), d | PTE_AF);
}

static void test_xlate_s2_hd_dbm_sets_s2ap_write(void **state)
{
	struct smmu_fx *fx = *state;
	struct fx_pt pt = s2_setup(fx, STE_2_S2HA | STE_2_S2HD, 0);
	uint64_t d = fx_pte_s2_page(FX_DATA, PTE_S2AP_READ) | PTE_DBM;
	uint64_t a = s2_map(&pt, 0x10000, d);
	uint64_t b = s2_map(&pt, 0x11000, fx_pte_s2_page(FX_DATA, PTE_S2AP_READ));

	/* §3.13: a write to a clean DBM page sets S2AP[1] (write) */
	expect_pa_attr(fx, 0x10000, true, false, false, FX_DATA);
	assert_int_equal(fx_ram64(fx, a), d | FIELD_PREP(PTE_S2_AP, PTE_S2AP_WRITE));
	/* without DBM: permission fault, descriptor unchanged */
	expect_s2_fault(fx, 0x11000, true, false, SMMU_EVT_F_PERMISSION, 0x11000);
	assert_int_equal(fx_ram64(fx, b), fx_pte_s2_page(FX_DATA, PTE_S2AP_READ));
}

static void test_xlate_s2_ipa_beyond_s2t0sz(void **state)
{
	struct smmu_fx *fx = *state;

	s2_setup(fx, 0, 0);
	/* S2T0SZ=25: a 39-bit IPA; bit 39 set is a stage-2 F_TRANSLATION, CLASS=IN (§3.4) */
	expect_s2_fault(fx, UINT64_C(1) << 39, false, false, SMMU_EVT_F_TRANSLATION,
			UINT64_C(1) << 39);
}

static void test_xlate_s2r0_suppresses_stage2_events(void **state)
{
	struct smmu_fx *fx = *state;
	struct fx_pt pt = s2_setup(fx, 0, STE_2_S2R);
	struct smmu_result r;

	s2_map(&pt, 0x10000, fx_pte_s2_page(FX_DATA, PTE_S2AP_READ));
	/* STE.S2R=0: stage-2 faults terminate without a record (§5.5) */
	txn(fx, 0x10000, true, false, false, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	txn(fx, 0x20000, false, false, false, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	fx_assert_no_event(fx);
}

static void test_xlate_s2_only_input_beyond_ias(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t rec[EVT_DWORDS];

	s2_setup(fx, 0, 0);
	/* §3.4: stage 1 bypassed, input above the IAS (= OAS 48 here): stage-1 F_ADDR_SIZE */
	expect_fault(fx, UINT64_C(1) << 48, false, false, false, SMMU_EVT_F_ADDR_SIZE, false, false,
		     false, EVT_CLASS_IN, rec);
}

/* ---- nested ---- */

/*
 * Nested SID: stage 2 maps IPA 0x4000_0000..0x7fff_ffff to the same PA (a 1 GiB
 * block at level 1, index 1) so the CD and stage-1 tables in RAM are reached
 * at IPA == PA, and IPA 0xc000_0000 (index 3) to PA 0x5000_0000.  IPA
 * 0x8000_0000..0xbfff_ffff (index 2) is unmapped.
 */
static void nested_setup(struct smmu_fx *fx, struct s1 *s, uint64_t cd_ipa)
{
	uint64_t ste[STE_DWORDS];

	fx_ste_s2(ste);
	ste[0] = FIELD_PREP(STE_0_V, 1) | FIELD_PREP(STE_0_CONFIG, STE_CONFIG_NESTED) |
		 FIELD_ADDR(STE_0_S1CONTEXTPTR, cd_ipa);
	fx_ram_w64(fx, FX_S2TTB + 1 * 8,
		   PTE_VALID | FIELD_ADDR(PTE_OA, RAM_BASE) | PTE_AF |
		   FIELD_PREP(PTE_S2_AP, PTE_S2AP_READ | PTE_S2AP_WRITE));
	fx_ram_w64(fx, FX_S2TTB + 3 * 8,
		   PTE_VALID | FIELD_ADDR(PTE_OA, FX_DATA & ~UINT64_C(0x3fffffff)) | PTE_AF |
		   FIELD_PREP(PTE_S2_AP, PTE_S2AP_READ | PTE_S2AP_WRITE));
	s->fx = fx;
	s->pt = (struct fx_pt){ fx, FX_PT };
	s->pgshift = 12;
	s->ias = 39;
	s->start = 1;
	s->ttb = fx_pt_alloc(&s->pt, 0x1000);
	fx_cd_s1(s->cd, 12, 25, s->ttb, 1);
	fx_write_cd(fx, FX_CD, s->cd);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
}

static void test_xlate_nested_translates(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	struct smmu_result r;

	nested_setup(fx, &s, FX_CD);
	/* stage 1: VA 0x1000 -> IPA 0xc0012000; stage 2: the 1 GiB block at IPA 0xc000_0000 -> PA
	 * 0x4000_0000 (FX_DATA rounded down to 1 GiB), so PA = 0x4001_2000 + offset */
	s1_map(&s, 0x1000, 3, fx_pte_s1_page(UINT64_C(0xc0012000), PTE_AP_RW_ALL));
	txn(fx, 0x1234, false, false, false, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	assert_int_equal(r.ipa, 0xc0012234);
	assert_int_equal(r.pa, (FX_DATA & ~UINT64_C(0x3fffffff)) + 0x12234);
	fx_assert_no_event(fx);
}

static void test_xlate_nested_cd_fetch_s2_fault(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t rec[EVT_DWORDS];

	/* the CD's IPA 0x8000_0040 is in the unmapped stage-2 gigabyte */
	nested_setup(fx, &s, UINT64_C(0x80000040));
	expect_fault(fx, 0x1000, false, false, false, SMMU_EVT_F_TRANSLATION, false, false, true,
		     EVT_CLASS_CD, rec);
	/* §7.3.13: IPA = the CD's IPA ([55:12] recorded) */
	assert_int_equal(FIELD_ADDR(EVT_3_IPA, rec[3]), 0x80000000);
}

static void test_xlate_nested_table_fetch_s2_fault(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t rec[EVT_DWORDS];

	nested_setup(fx, &s, FX_CD);
	/* level-1 entry 0 points at a level-2 table at IPA 0x8000_5000 (unmapped in stage 2);
	 * VA 0x1000's level-2 descriptor is at IPA 0x8000_5000 + 0 */
	fx_ram_w64(fx, s.ttb, fx_pte_table(UINT64_C(0x80005000)));
	expect_fault(fx, 0x1000, false, false, false, SMMU_EVT_F_TRANSLATION, false, false, true,
		     EVT_CLASS_TTD, rec);
	assert_int_equal(FIELD_ADDR(EVT_3_IPA, rec[3]), 0x80005000);
}

static void test_xlate_nested_final_ipa_s2_fault(void **state)
{
	struct smmu_fx *fx = *state;
	struct s1 s;
	uint64_t rec[EVT_DWORDS];

	nested_setup(fx, &s, FX_CD);
	s1_map(&s, 0x1000, 3, fx_pte_s1_page(UINT64_C(0x80123000), PTE_AP_RW_ALL));
	expect_fault(fx, 0x1234, true, false, false, SMMU_EVT_F_TRANSLATION, false, false, true,
		     EVT_CLASS_IN, rec);
	/* IPA = stage-1 output */
	assert_int_equal(FIELD_ADDR(EVT_3_IPA, rec[3]), 0x80123000);
}

/* ---- stage-1 bypass ---- */

static void test_xlate_s1dss_bypass(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	/* S1-only STE with substreams; S1DSS=0b01: traffic without an SSID bypasses stage 1 */
	fx_ste_s1_cd(ste, FX_CD);
	ste[0] |= FIELD_PREP(STE_0_S1CDMAX, 4);
	ste[1] = FIELD_PREP(STE_1_S1DSS, STE_S1DSS_BYPASS);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	txn(fx, 0x12345678, false, false, false, &r);
	fx_assert_verdict(&r, SMMU_BYPASS);
	assert_int_equal(r.pa, 0x12345678);
	/* §3.4: stage 1 bypassed by S1DSS, input above the IAS (48): stage-1 F_ADDR_SIZE */
	expect_fault(fx, UINT64_C(1) << 48, false, false, false, SMMU_EVT_F_ADDR_SIZE, false, false,
		     false, EVT_CLASS_IN, rec);
}

static void test_xlate_ste_bypass_beyond_oas(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];
	uint64_t rec[EVT_DWORDS];

	fx_ste_bypass(ste);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	/* §3.4: Config=0b100 and an input above the OAS: stage-1 F_ADDR_SIZE recorded */
	expect_fault(fx, UINT64_C(0x1000000001000), true, true, false, SMMU_EVT_F_ADDR_SIZE, true,
		     false, false, EVT_CLASS_IN, rec);
	{
		struct smmu_result r;

		txn(fx, UINT64_C(0xffffffffffff), false, false, false, &r);
		fx_assert_verdict(&r, SMMU_BYPASS);
		assert_int_equal(r.pa, UINT64_C(0xffffffffffff));
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_enabled, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlate_4k_granule),
		cmocka_unit_test(test_xlate_16k_granule),
		cmocka_unit_test(test_xlate_64k_granule),
		T(test_xlate_ttb1_range),
		T(test_xlate_tbi),
		T(test_xlate_epd_disables_walks),
		T(test_xlate_ips_output_address_size_fault),
		T(test_xlate_fault_records),
		T(test_xlate_fault_record_ssid),
		T(test_xlate_cd_r0_suppresses_stage1_events),
		cmocka_unit_test(test_xlate_ap_all_values),
		cmocka_unit_test(test_xlate_uxn_pxn),
		cmocka_unit_test(test_xlate_el0_writable_is_implicitly_pxn),
		cmocka_unit_test(test_xlate_wxn),
		cmocka_unit_test(test_xlate_pan),
		cmocka_unit_test(test_xlate_table_attrs),
		cmocka_unit_test(test_xlate_privcfg_instcfg_overrides),
		T(test_xlate_attr_perms_ovr_advertised),
		cmocka_unit_test(test_xlate_writes_are_always_data),
		T(test_xlate_ha_sets_af_in_memory),
		T(test_xlate_hd_dbm_clears_ap2_on_write),
		T(test_xlate_affd_and_access_fault),
		T(test_xlate_s2_s2ap),
		T(test_xlate_s2_xn),
		T(test_xlate_s2_access_flag),
		T(test_xlate_s2_hd_dbm_sets_s2ap_write),
		T(test_xlate_s2_ipa_beyond_s2t0sz),
		T(test_xlate_s2r0_suppresses_stage2_events),
		T(test_xlate_s2_only_input_beyond_ias),
		T(test_xlate_nested_translates),
		T(test_xlate_nested_cd_fetch_s2_fault),
		T(test_xlate_nested_table_fetch_s2_fault),
		T(test_xlate_nested_final_ipa_s2_fault),
		T(test_xlate_s1dss_bypass),
		T(test_xlate_ste_bypass_beyond_oas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * TLB behaviour seen through commands: a cached translation survives a
 * change of its descriptor in memory until a TLBI whose scope covers it.
 * Each test fills entries, rewrites the leaf descriptors (old PA -> new PA)
 * and checks which translations a command removed: a translation still at
 * the old PA was kept, one at the new PA was removed and walked again.
 * IHI 0070 §4.4 "TLB invalidation", §3.17, §5.2 S2VMID, §16.2.
 */
#include "tests/smmu_fixture.h"

#define OLD   FX_DATA
#define NEW   (FX_DATA + 0x1000000)
#define VMID  5u
#define ASID  7u
#define S2POOL (FX_PT + 0x800000)

/* Shared stage-1 tables (4K, T0SZ=16, 48-bit, start level 0) at FX_PT. */
struct tl {
	struct smmu_fx *fx;
	struct fx_pt pt;
	uint64_t ttb;
};

static void tl_init(struct tl *t, struct smmu_fx *fx)
{
	t->fx = fx;
	t->pt = (struct fx_pt){ fx, FX_PT };
	t->ttb = fx_pt_alloc(&t->pt, 0x1000);
}

/* Map va -> OLD + (va & 0xfff000 offset), non-global unless global. */
static uint64_t tl_map(struct tl *t, uint64_t va, uint64_t pa, bool global)
{
	uint64_t d = fx_pte_s1_page(pa, PTE_AP_RW_ALL) | (global ? 0 : PTE_S1_NG);

	return fx_pt_map(&t->pt, t->ttb, 12, 0, 48, va, 3, d);
}

/* A stage-1-only stream sid with its own CD (at FX_CD + sid * 64). */
static void tl_stream(struct tl *t, uint32_t sid, uint16_t asid, uint16_t vmid, unsigned strw)
{
	uint64_t ste[STE_DWORDS], cd[CD_DWORDS];

	fx_cd_s1(cd, 12, 16, t->ttb, asid);
	fx_write_cd(t->fx, FX_CD + sid * CD_SIZE, cd);
	fx_ste_s1_cd(ste, FX_CD + sid * CD_SIZE);
	ste[1] = FIELD_PREP(STE_1_STRW, strw);
	ste[2] = FIELD_PREP(STE_2_S2VMID, vmid);
	fx_write_ste(t->fx, FX_STRTAB, sid, ste);
}

static uint64_t pa_of(struct smmu_fx *fx, uint32_t sid, bool ssv, uint32_t ssid, uint64_t iova)
{
	struct smmu_result r;

	fx_txn(fx, sid, ssv, ssid, iova, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	fx_assert_no_event(fx);
	return r.pa;
}

static void expect(struct smmu_fx *fx, uint32_t sid, uint64_t iova, uint64_t pa)
{
	uint64_t got = pa_of(fx, sid, false, 0, iova);

	if (got != pa)
		fail_msg("SID %u iova 0x%llx -> 0x%llx, expected 0x%llx (%s)", sid,
			 (unsigned long long)iova, (unsigned long long)got, (unsigned long long)pa,
			 got == OLD || (got & ~UINT64_C(0xffffff)) == OLD ? "kept" : "removed");
}

static void cmd_tlbi(struct smmu_fx *fx, unsigned op, uint16_t vmid, uint16_t asid, uint64_t addr,
		     bool leaf, unsigned tg, unsigned num, unsigned scale, unsigned ttl)
{
	uint64_t c[CMD_DWORDS];

	c[0] = FIELD_PREP(CMD_0_OP, op) | FIELD_PREP(CMD_0_VMID, vmid) |
	       FIELD_PREP(CMD_0_ASID, asid) | FIELD_PREP(CMD_0_NUM, num) |
	       FIELD_PREP(CMD_0_SCALE, scale);
	c[1] = FIELD_PREP(CMD_1_LEAF, leaf) | FIELD_PREP(CMD_1_TG, tg) | FIELD_PREP(CMD_1_TTL, ttl) |
	       (op == SMMU_CMD_TLBI_S2_IPA ? FIELD_ADDR(CMD_1_IPA, addr) : FIELD_ADDR(CMD_1_ADDR, addr));
	fx_cmd(fx, c);
}

static void tlbi_simple(struct smmu_fx *fx, unsigned op, uint16_t vmid, uint16_t asid, uint64_t addr)
{
	cmd_tlbi(fx, op, vmid, asid, addr, false, 0, 0, 0, 0);
	fx_cmdq_assert_drained(fx);
}

static void test_tlbi_translation_is_cached(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	tl_map(&t, 0x1000, OLD, false);
	expect(fx, 1, 0x1000, OLD);
	tl_map(&t, 0x1000, NEW, false);
	/* no TLBI: the old translation is still served */
	expect(fx, 1, 0x1000, OLD);
	expect(fx, 1, 0x1000, OLD);
}

/* Fill va through sid and remap it to NEW, leaving the old entry cached. */
static void fill_and_remap(struct tl *t, uint32_t sid, uint64_t va, bool global)
{
	tl_map(t, va, OLD + (va & 0xfff000), global);
	expect(t->fx, sid, va, OLD + (va & 0xfff000));
	tl_map(t, va, NEW + (va & 0xfff000), global);
}

static void test_tlbi_nh_all_by_vmid(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	fill_and_remap(&t, 1, 0x1000, true);
	fill_and_remap(&t, 1, 0x2000, false);
	/* §3.17: the S1-only stream's entries are tagged with STE.S2VMID = 5 */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_ALL, VMID + 1, 0, 0);
	expect(fx, 1, 0x1000, OLD + 0x1000);
	expect(fx, 1, 0x2000, OLD + 0x2000);
	/* VMALLE1 for VMID 5: global and non-global entries alike */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_ALL, VMID, 0, 0);
	expect(fx, 1, 0x1000, NEW + 0x1000);
	expect(fx, 1, 0x2000, NEW + 0x2000);
}

static void test_tlbi_nh_asid_keeps_global_and_other_asids(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	fill_and_remap(&t, 1, 0x1000, false);
	fill_and_remap(&t, 1, 0x2000, true);
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_ASID, VMID, ASID + 1, 0);
	expect(fx, 1, 0x1000, OLD + 0x1000);
	/* the wrong VMID with the right ASID */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_ASID, VMID + 1, ASID, 0);
	expect(fx, 1, 0x1000, OLD + 0x1000);
	/* ASIDE1: non-global entries of ASID 7 only; the global entry stays */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_ASID, VMID, ASID, 0);
	expect(fx, 1, 0x1000, NEW + 0x1000);
	expect(fx, 1, 0x2000, OLD + 0x2000);
}

static void test_tlbi_nh_va_asid_and_global(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	fill_and_remap(&t, 1, 0x1000, false);
	fill_and_remap(&t, 1, 0x2000, false);
	fill_and_remap(&t, 1, 0x3000, true);
	/* another ASID at VA 0x1000: the non-global entry of ASID 7 stays */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_VA, VMID, ASID + 1, 0x1000);
	expect(fx, 1, 0x1000, OLD + 0x1000);
	/* VAE1 removes global entries at the VA whatever the ASID */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_VA, VMID, ASID + 1, 0x3000);
	expect(fx, 1, 0x3000, NEW + 0x3000);
	/* ASID 7 at 0x1000; 0x2000 is another page and stays; the low 12 bits do not matter */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_VA, VMID, ASID, 0x1000);
	expect(fx, 1, 0x1000, NEW + 0x1000);
	expect(fx, 1, 0x2000, OLD + 0x2000);
}

static void test_tlbi_nh_vaa_all_asids(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	fill_and_remap(&t, 1, 0x1000, false);
	fill_and_remap(&t, 1, 0x2000, false);
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_VAA, VMID + 1, 0, 0x1000);
	expect(fx, 1, 0x1000, OLD + 0x1000);
	/* VAAE1: every ASID at the VA (the command carries none) */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_VAA, VMID, 0, 0x1000);
	expect(fx, 1, 0x1000, NEW + 0x1000);
	expect(fx, 1, 0x2000, OLD + 0x2000);
}

static void test_tlbi_non_global_entries_match_only_their_asid(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	tl_stream(&t, 2, ASID + 1, VMID, STE_STRW_NSEL1); /* same VMID, other ASID, same tables */
	fill_and_remap(&t, 1, 0x1000, false);
	fill_and_remap(&t, 1, 0x2000, true);
	/* ASID 8 cannot use ASID 7's non-global entry: it walks and sees NEW */
	expect(fx, 2, 0x1000, NEW + 0x1000);
	expect(fx, 1, 0x1000, OLD + 0x1000);
	/* but a global entry matches every ASID */
	expect(fx, 2, 0x2000, OLD + 0x2000);
}

static void test_tlbi_vmid_tags_stage1_only_streams(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	tl_stream(&t, 2, ASID, VMID + 1, STE_STRW_NSEL1); /* same ASID, other S2VMID */
	fill_and_remap(&t, 1, 0x1000, true);
	/* §3.17: with stage 2 implemented, S1-only entries carry STE.S2VMID: no false match,
	 * even for a global entry */
	expect(fx, 2, 0x1000, NEW + 0x1000);
	expect(fx, 1, 0x1000, OLD + 0x1000);
	/* and NH_ALL for VMID 6 leaves VMID 5's entry */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_ALL, VMID + 1, 0, 0);
	expect(fx, 1, 0x1000, OLD + 0x1000);
}

static void test_tlbi_range(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	for (uint64_t va = 0x10000; va < 0x14000; va += 0x1000)
		fill_and_remap(&t, 1, va, false);
	/* TTL=0b10 (level 2) with TG=4K: our entries are level-3 pages, outside the scope */
	cmd_tlbi(fx, SMMU_CMD_TLBI_NH_VAA, VMID, 0, 0x10000, true, 1, 0, 0, 2);
	fx_cmdq_assert_drained(fx);
	expect(fx, 1, 0x10000, OLD + 0x10000);
	/* TTL=0b11 (level 3), NUM=0 SCALE=0: one 4K page */
	cmd_tlbi(fx, SMMU_CMD_TLBI_NH_VAA, VMID, 0, 0x10000, true, 1, 0, 0, 3);
	fx_cmdq_assert_drained(fx);
	expect(fx, 1, 0x10000, NEW + 0x10000);
	expect(fx, 1, 0x11000, OLD + 0x11000);
	/* §4.4.1.1: Range = (NUM+1) * 2^SCALE * 4K = 2 pages from 0x11000: 0x11000, 0x12000 */
	cmd_tlbi(fx, SMMU_CMD_TLBI_NH_VA, VMID, ASID, 0x11000, true, 1, 1, 0, 0);
	fx_cmdq_assert_drained(fx);
	expect(fx, 1, 0x11000, NEW + 0x11000);
	expect(fx, 1, 0x12000, NEW + 0x12000);
	expect(fx, 1, 0x13000, OLD + 0x13000);
	/* NUM=0 SCALE=2: 4 pages from 0x10000, reaching 0x13000 */
	cmd_tlbi(fx, SMMU_CMD_TLBI_NH_VA, VMID, ASID, 0x10000, true, 1, 0, 2, 0);
	fx_cmdq_assert_drained(fx);
	expect(fx, 1, 0x13000, NEW + 0x13000);
}

static void test_tlbi_range_reserved_encoding_is_cerror_ill(void **state)
{
	struct smmu_fx *fx = *state;

	/* §4.4.1.1: TG != 0 with NUM = SCALE = TTL = 0 is Reserved: CERROR_ILL */
	cmd_tlbi(fx, SMMU_CMD_TLBI_NH_VA, VMID, ASID, 0x10000, true, 1, 0, 0, 0);
	assert_int_equal(fx_cmdq_cerror(fx), SMMU_CERROR_ILL);
	assert_int_equal((fx_r32(fx, SMMU_GERROR) ^ fx_r32(fx, SMMU_GERRORN)) & SMMU_GERROR_CMDQ_ERR,
			 SMMU_GERROR_CMDQ_ERR);
	/* CONS stays at the command (index 0) */
	assert_int_equal(FIELD_GET(SMMU_Q_IDX, fx_r32(fx, SMMU_CMDQ_CONS)), 0);
}

static void test_tlbi_el2(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	tl_stream(&t, 2, 0, 0, STE_STRW_EL2); /* NS-EL2 (CR2.E2H=0): no ASID, no VMID */
	fill_and_remap(&t, 2, 0x1000, false);
	fill_and_remap(&t, 2, 0x2000, false);
	fill_and_remap(&t, 1, 0x3000, false);
	/* NH_* never reach EL2 entries */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_ALL, 0, 0, 0);
	tlbi_simple(fx, SMMU_CMD_TLBI_NSNH_ALL, 0, 0, 0);
	expect(fx, 2, 0x1000, OLD + 0x1000);
	/* NSNH_ALL did remove the EL1 entry */
	expect(fx, 1, 0x3000, NEW + 0x3000);
	fill_and_remap(&t, 1, 0x4000, false);
	/* EL2_VA at another VA: kept; at 0x1000 (ASID ignored without E2H): removed */
	tlbi_simple(fx, SMMU_CMD_TLBI_EL2_VA, 0, 0x55, 0x5000);
	expect(fx, 2, 0x1000, OLD + 0x1000);
	tlbi_simple(fx, SMMU_CMD_TLBI_EL2_VA, 0, 0x55, 0x1000);
	expect(fx, 2, 0x1000, NEW + 0x1000);
	expect(fx, 2, 0x2000, OLD + 0x2000);
	/* EL2_VAA at 0x2000 */
	tlbi_simple(fx, SMMU_CMD_TLBI_EL2_VAA, 0, 0, 0x2000);
	expect(fx, 2, 0x2000, NEW + 0x2000);
	/* EL2_ALL: every EL2 entry, no EL1 entry */
	fill_and_remap(&t, 2, 0x5000, false);
	tlbi_simple(fx, SMMU_CMD_TLBI_EL2_ALL, 0, 0, 0);
	expect(fx, 2, 0x5000, NEW + 0x5000);
	expect(fx, 1, 0x4000, OLD + 0x4000);
}

/* ---- stage 2 ---- */

/* An S2-only stream sid with VMID vmid over the fixture's S2 tables at FX_S2TTB. */
static void s2_stream(struct smmu_fx *fx, uint32_t sid, uint16_t vmid)
{
	uint64_t ste[STE_DWORDS];

	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2VMID, ste[2], vmid);
	fx_write_ste(fx, FX_STRTAB, sid, ste);
}

static uint64_t s2_map(struct fx_pt *pt, uint64_t ipa, uint64_t pa)
{
	/* fx_ste_s2: 39-bit IPA from level 1 */
	return fx_pt_map(pt, FX_S2TTB, 12, 1, 39, ipa, 3,
			 fx_pte_s2_page(pa, PTE_S2AP_READ | PTE_S2AP_WRITE));
}

static void test_tlbi_s2_ipa(void **state)
{
	struct smmu_fx *fx = *state;
	struct fx_pt pt = { fx, S2POOL };

	s2_stream(fx, 3, VMID);
	s2_map(&pt, 0x10000, OLD);
	s2_map(&pt, 0x11000, OLD + 0x1000);
	expect(fx, 3, 0x10000, OLD);
	expect(fx, 3, 0x11000, OLD + 0x1000);
	s2_map(&pt, 0x10000, NEW);
	s2_map(&pt, 0x11000, NEW + 0x1000);
	/* stage-1 commands leave stage-2 entries */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_ALL, VMID, 0, 0);
	expect(fx, 3, 0x10000, OLD);
	tlbi_simple(fx, SMMU_CMD_TLBI_S2_IPA, VMID + 1, 0, 0x10000);
	expect(fx, 3, 0x10000, OLD);
	/* IPAS2E1 for VMID 5 at 0x10000: that page only */
	tlbi_simple(fx, SMMU_CMD_TLBI_S2_IPA, VMID, 0, 0x10000);
	expect(fx, 3, 0x10000, NEW);
	expect(fx, 3, 0x11000, OLD + 0x1000);
}

static void test_tlbi_s12_vmall(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;
	struct fx_pt pt = { fx, S2POOL };

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	tl_stream(&t, 4, ASID, VMID + 1, STE_STRW_NSEL1);
	s2_stream(fx, 3, VMID);
	fill_and_remap(&t, 1, 0x1000, false);
	fill_and_remap(&t, 4, 0x2000, false);
	s2_map(&pt, 0x10000, OLD);
	expect(fx, 3, 0x10000, OLD);
	s2_map(&pt, 0x10000, NEW);
	/* VMALLS12E1 for VMID 5: stage-1 and stage-2 entries of VMID 5, not VMID 6 */
	tlbi_simple(fx, SMMU_CMD_TLBI_S12_VMALL, VMID, 0, 0);
	expect(fx, 1, 0x1000, NEW + 0x1000);
	expect(fx, 3, 0x10000, NEW);
	expect(fx, 4, 0x2000, OLD + 0x2000);
}

static void test_tlbi_nsnh_all(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;
	struct fx_pt pt = { fx, S2POOL };

	tl_init(&t, fx);
	tl_stream(&t, 1, ASID, VMID, STE_STRW_NSEL1);
	tl_stream(&t, 4, ASID, VMID + 1, STE_STRW_NSEL1);
	s2_stream(fx, 3, VMID);
	fill_and_remap(&t, 1, 0x1000, false);
	fill_and_remap(&t, 4, 0x2000, true);
	s2_map(&pt, 0x10000, OLD);
	expect(fx, 3, 0x10000, OLD);
	s2_map(&pt, 0x10000, NEW);
	/* ALLE1: every non-EL2 entry, all VMIDs, both stages */
	tlbi_simple(fx, SMMU_CMD_TLBI_NSNH_ALL, 0, 0, 0);
	expect(fx, 1, 0x1000, NEW + 0x1000);
	expect(fx, 4, 0x2000, NEW + 0x2000);
	expect(fx, 3, 0x10000, NEW);
}

static void test_tlbi_s2_ipa_leaves_nested_entries(void **state)
{
	struct smmu_fx *fx = *state;
	struct tl t;
	struct fx_pt pt = { fx, S2POOL };
	uint64_t ste[STE_DWORDS];

	tl_init(&t, fx);
	/* nested SID 5, VMID 5: stage 2 maps RAM at IPA == PA (a 1 GiB block at level 1 index 1),
	 * and IPA 0x8000_0000 by 4K pages, where stage 1 sends VA 0x1000 */
	tl_stream(&t, 5, ASID, VMID, STE_STRW_NSEL1);
	fx_ste_s2(ste);
	ste[0] = FIELD_PREP(STE_0_V, 1) | FIELD_PREP(STE_0_CONFIG, STE_CONFIG_NESTED) |
		 FIELD_ADDR(STE_0_S1CONTEXTPTR, FX_CD + 5 * CD_SIZE);
	ste[2] = FIELD_SET(STE_2_S2VMID, ste[2], VMID);
	fx_write_ste(fx, FX_STRTAB, 5, ste);
	fx_ram_w64(fx, FX_S2TTB + 1 * 8,
		   PTE_VALID | FIELD_ADDR(PTE_OA, RAM_BASE) | PTE_AF |
		   FIELD_PREP(PTE_S2_AP, PTE_S2AP_READ | PTE_S2AP_WRITE));
	tl_map(&t, 0x1000, UINT64_C(0x80000000), false);
	s2_map(&pt, 0x80000000, OLD);
	expect(fx, 5, 0x1000, OLD);
	s2_map(&pt, 0x80000000, NEW);
	/* IMPDEF (docs/impdef-choices.md): S2_IPA removes stage-2 entries only and leaves the
	 * combined stage 1+2 entry, as §4.4.3 allows */
	tlbi_simple(fx, SMMU_CMD_TLBI_S2_IPA, VMID, 0, 0x80000000);
	expect(fx, 5, 0x1000, OLD);
	/* NH_VAA (or S12_VMALL) is what removes it */
	tlbi_simple(fx, SMMU_CMD_TLBI_NH_VAA, VMID, 0, 0x1000);
	expect(fx, 5, 0x1000, NEW);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup_enabled, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_tlbi_translation_is_cached),
		T(test_tlbi_nh_all_by_vmid),
		T(test_tlbi_nh_asid_keeps_global_and_other_asids),
		T(test_tlbi_nh_va_asid_and_global),
		T(test_tlbi_nh_vaa_all_asids),
		T(test_tlbi_non_global_entries_match_only_their_asid),
		T(test_tlbi_vmid_tags_stage1_only_streams),
		T(test_tlbi_range),
		T(test_tlbi_range_reserved_encoding_is_cerror_ill),
		T(test_tlbi_el2),
		T(test_tlbi_s2_ipa),
		T(test_tlbi_s12_vmall),
		T(test_tlbi_nsnh_all),
		T(test_tlbi_s2_ipa_leaves_nested_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

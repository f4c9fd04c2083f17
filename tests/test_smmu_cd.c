/* SPDX-License-Identifier: MIT */
/*
 * Context descriptors through the whole model: a stage-1 STE (Config=0b101)
 * pointing at CDs in RAM.  Every C_BAD_CD rule of smmu/smmu_cd.c next to
 * its legal counterpart, two-level CD tables, L1CD.V=0, CD fetch aborts and
 * CD caching.  IHI 0070 §5.3 "L1CD", §5.4 "CD", §5.4.1, §7.3.9, §7.3.10, §4.3.
 */
#include "tests/smmu_fixture.h"

#define SID     1u
#define VA      UINT64_C(0x1000)
#define PA      (FX_DATA + 0x3000)

/* Tables for the 48-bit (T0SZ=16) 4K TTB0 range mapping VA -> PA; returns TTB0. */
static uint64_t tables(struct smmu_fx *fx)
{
	struct fx_pt pt = { fx, FX_PT };
	uint64_t ttb = fx_pt_alloc(&pt, 0x1000);

	fx_pt_map(&pt, ttb, 12, 0, 48, VA, 3, fx_pte_s1_page(PA, PTE_AP_RW_ALL));
	return ttb;
}

/* A stage-1 STE for SID at FX_CD (one CD) and a legal CD in *cd, not yet written. */
static void setup(struct smmu_fx *fx, uint64_t cd[CD_DWORDS])
{
	uint64_t ste[STE_DWORDS];

	fx_ste_s1_cd(ste, FX_CD);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	fx_cd_s1(cd, 12, 16, tables(fx), 1);
}

static void expect_bad_cd_ssid(struct smmu_fx *fx, bool ssv, uint32_t ssid)
{
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	fx_txn(fx, SID, ssv, ssid, VA, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	assert_int_equal(r.event.type, SMMU_EVT_C_BAD_CD);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_CD, SID, rec);
	/* §7.3.11: C_BAD_CD carries StreamID, SSV and SubstreamID; the rest is RES0 */
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), ssv);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), ssv ? ssid : 0);
	assert_int_equal(rec[1], 0);
	assert_int_equal(rec[2], 0);
	assert_int_equal(rec[3], 0);
	fx_assert_no_event(fx);
}

static void expect_bad_cd(struct smmu_fx *fx)
{
	expect_bad_cd_ssid(fx, false, 0);
}

static void expect_ok(struct smmu_fx *fx)
{
	fx_expect_pa(fx, SID, false, 0, VA, PA);
	fx_assert_no_event(fx);
}

/* The CD is legal: the transaction got past it to stage 1 (here, to an F_TRANSLATION). */
static void expect_legal_translation_fault(struct smmu_fx *fx)
{
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	fx_txn(fx, SID, false, 0, VA, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	assert_int_equal(r.event.type, SMMU_EVT_F_TRANSLATION);
	fx_pop_expect(fx, SMMU_EVT_F_TRANSLATION, SID, rec);
	fx_assert_no_event(fx);
}

/*
 * Write the CD and drop any cached copy (a legal CD is cached, §5.4.1), so each
 * step of a test sees the CD it just wrote.  TxSZ, TTB and TG may also live in
 * TLB and walk-cache entries (§5.4.1), so a TLBI goes with the CFGI, as a driver must.
 */
static void put_cd(struct smmu_fx *fx, const uint64_t cd[CD_DWORDS])
{
	uint64_t c[CMD_DWORDS];

	fx_write_cd(fx, FX_CD, cd);
	fx_cmd_cfgi_cd_all(fx, SID);
	fx_cmd_op(c, SMMU_CMD_TLBI_NSNH_ALL);
	fx_cmd(fx, c);
	fx_cmdq_assert_drained(fx);
}

static struct smmu_fx *fx_with(const struct smmu_config *c)
{
	struct smmu_fx *fx = fx_create(c);

	fx_enable_default(fx);
	return fx;
}

static void test_cd_legal_baseline_translates(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];
	struct smmu_result r;

	setup(fx, cd);
	put_cd(fx, cd);
	fx_txn(fx, SID, false, 0, VA | 0x123, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	assert_int_equal(r.pa, PA | 0x123);
	/* 48-bit 4K range: a walk of 4 levels */
	assert_int_equal(r.walk_reads, 4);
	fx_assert_no_event(fx);
}

static void test_cd_v0_is_bad_cd(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	cd[0] &= ~CD_0_V;
	put_cd(fx, cd);
	expect_bad_cd(fx);
}

static void test_cd_aa64_0_is_bad_cd(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	/* §5.4.2: AA64=0 (VMSAv8-32) with IDR0.TTF = AArch64 only is ILLEGAL */
	cd[0] &= ~CD_0_AA64;
	put_cd(fx, cd);
	expect_bad_cd(fx);
}

static void test_cd_endi_is_bad_cd_unless_both_epd(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	/* §5.4.2: ENDI=1 with IDR0.TTENDIAN little-endian only, and EPD0=0: ILLEGAL */
	cd[0] |= CD_0_ENDI;
	put_cd(fx, cd);
	expect_bad_cd(fx);
	/* ENDI is ignored when both EPD0 and EPD1 are 1; the walk is then disabled (F_TRANSLATION) */
	cd[0] |= CD_0_EPD0;
	put_cd(fx, cd);
	expect_legal_translation_fault(fx);
}

static void test_cd_tg0_reserved_is_bad_cd(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	cd[0] = FIELD_SET(CD_0_TG0, cd[0], 3); /* TG0=0b11 is Reserved */
	put_cd(fx, cd);
	expect_bad_cd(fx);
	/* §5.4 EPD0=1: TG0 is IGNORED, no validity check */
	cd[0] |= CD_0_EPD0;
	put_cd(fx, cd);
	expect_legal_translation_fault(fx);
}

static void test_cd_tg1_reserved_is_bad_cd_when_epd1_0(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	/* TTB1 enabled with TG1=0b00, which is Reserved in TG1's own encoding (§5.4) */
	cd[0] &= ~CD_0_EPD1;
	cd[0] = FIELD_SET(CD_0_T1SZ, cd[0], 16);
	cd[2] = FIELD_ADDR(CD_2_TTB1, FX_PT);
	put_cd(fx, cd);
	expect_bad_cd(fx);
	/* TG1=0b10 is 4K (not TG0's 16K) */
	cd[0] = FIELD_SET(CD_0_TG1, cd[0], CD_TG1_4K);
	put_cd(fx, cd);
	expect_ok(fx);
}

static void test_cd_unsupported_granule_is_bad_cd(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t cd[CD_DWORDS];

	(void)state;
	c.gran16k = false;
	fx = fx_with(&c);
	setup(fx, cd);
	/* IDR5.GRAN16K=0: TG0=16K is not supported, so ILLEGAL (§5.4.2) */
	cd[0] = FIELD_SET(CD_0_TG0, cd[0], CD_TG0_16K);
	put_cd(fx, cd);
	expect_bad_cd(fx);
	/* TG1=0b01 is 16K for TTB1 */
	cd[0] = FIELD_SET(CD_0_TG0, cd[0], CD_TG0_4K) & ~CD_0_EPD1;
	cd[0] = FIELD_SET(CD_0_TG1, cd[0], CD_TG1_16K);
	cd[0] = FIELD_SET(CD_0_T1SZ, cd[0], 16);
	put_cd(fx, cd);
	expect_bad_cd(fx);
	/* the 4K granule for both */
	cd[0] = FIELD_SET(CD_0_TG1, cd[0], CD_TG1_4K);
	put_cd(fx, cd);
	expect_ok(fx);
	fx_destroy(fx);
}

static void test_cd_t0sz_range(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	/* §5.4: T0SZ 16..39 without IDR3.STT and 52-bit VAs; 15 and 40 are ILLEGAL (v3.1) */
	cd[0] = FIELD_SET(CD_0_T0SZ, cd[0], 15);
	put_cd(fx, cd);
	expect_bad_cd(fx);
	cd[0] = FIELD_SET(CD_0_T0SZ, cd[0], 40);
	put_cd(fx, cd);
	expect_bad_cd(fx);
	/* 39 is legal: a 25-bit range starts at level 2; our tables start at level 0, so the
	 * level-0 table is read as level 2 and VA 0x1000's level-3 index 1 of the next table
	 * is empty: F_TRANSLATION, never C_BAD_CD */
	cd[0] = FIELD_SET(CD_0_T0SZ, cd[0], 39);
	put_cd(fx, cd);
	expect_legal_translation_fault(fx);
	/* EPD0=1: T0SZ is IGNORED */
	cd[0] = FIELD_SET(CD_0_T0SZ, cd[0], 40) | CD_0_EPD0;
	put_cd(fx, cd);
	expect_legal_translation_fault(fx);
	cd[0] = FIELD_SET(CD_0_T0SZ, cd[0], 16) & ~CD_0_EPD0;
	put_cd(fx, cd);
	expect_ok(fx);
}

static void test_cd_t1sz_40_is_bad_cd_when_epd1_0(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	cd[0] = FIELD_SET(CD_0_TG1, cd[0], CD_TG1_4K);
	cd[0] = FIELD_SET(CD_0_T1SZ, cd[0], 40);
	cd[2] = FIELD_ADDR(CD_2_TTB1, FX_PT);
	/* EPD1=1 (from fx_cd_s1): T1SZ=40 is IGNORED */
	put_cd(fx, cd);
	expect_ok(fx);
	fx_cmd_cfgi_cd_all(fx, SID);
	cd[0] &= ~CD_0_EPD1;
	put_cd(fx, cd);
	expect_bad_cd(fx);
}

static void test_cd_ttb0_beyond_ips_is_bad_cd(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];
	uint64_t ttb;

	setup(fx, cd);
	ttb = FIELD_ADDR(CD_1_TTB0, cd[1]);
	/* IPS=0b000: 32 bits.  A TTB0 at 4 GiB is outside it: C_BAD_CD, not F_ADDR_SIZE (§3.4) */
	cd[0] = FIELD_SET(CD_0_IPS, cd[0], 0);
	cd[1] = FIELD_ADDR(CD_1_TTB0, UINT64_C(0x100000000));
	put_cd(fx, cd);
	expect_bad_cd(fx);
	/* the tables (and PA) below 4 GiB: legal, and the walk works with IPS=32 */
	cd[1] = FIELD_ADDR(CD_1_TTB0, ttb);
	put_cd(fx, cd);
	expect_ok(fx);
}

static void test_cd_ttb0_checked_against_ips_capped_at_oas(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t cd[CD_DWORDS];

	(void)state;
	c.oas = 40;
	fx = fx_with(&c);
	setup(fx, cd);
	/* IPS=48 > OAS=40 is not ILLEGAL: the effective IPS is MIN(IPS, OAS) = 40 */
	put_cd(fx, cd);
	expect_ok(fx);
	fx_cmd_cfgi_cd_all(fx, SID);
	/* so a TTB0 at 2^41 is beyond the effective IPS */
	cd[1] = FIELD_ADDR(CD_1_TTB0, UINT64_C(1) << 41);
	put_cd(fx, cd);
	expect_bad_cd(fx);
	fx_destroy(fx);
}

static void test_cd_s1_is_bad_cd(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	/* §5.4.2: S=1 with IDR0.STALL_MODEL=0b01 (no stall) is ILLEGAL */
	cd[0] |= CD_0_S;
	put_cd(fx, cd);
	expect_bad_cd(fx);
}

static void test_cd_a0_is_bad_cd(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	/* §5.4.2: A=0 (RAZ/WI) with IDR0.TERM_MODEL=1 is ILLEGAL */
	cd[0] &= ~CD_0_A;
	put_cd(fx, cd);
	expect_bad_cd(fx);
}

static void httu_case(unsigned httu, bool ha, bool hd, bool legal)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t cd[CD_DWORDS];

	c.httu = httu;
	fx = fx_with(&c);
	setup(fx, cd);
	cd[0] |= FIELD_PREP(CD_0_HA, ha) | FIELD_PREP(CD_0_HD, hd);
	put_cd(fx, cd);
	if (legal)
		expect_ok(fx);
	else
		expect_bad_cd(fx);
	fx_destroy(fx);
}

static void test_cd_ha_hd_against_httu(void **state)
{
	(void)state;
	/* §5.4.2: HA or HD with HTTU=0b00 ILLEGAL; HD with HTTU=0b01 ILLEGAL */
	httu_case(0, true, false, false);
	httu_case(0, false, true, false);
	httu_case(0, false, false, true);
	httu_case(1, true, false, true);
	httu_case(1, true, true, false);
	httu_case(1, false, true, false);
	httu_case(2, true, true, true);
	httu_case(2, true, false, true);
}

static void test_cd_asid_high_bits_without_asid16(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t cd[CD_DWORDS];

	(void)state;
	c.asid16 = false;
	fx = fx_with(&c);
	setup(fx, cd);
	/* §5.4.2: ASID[15:8] != 0 with IDR0.ASID16=0 is ILLEGAL for NS-EL1 */
	cd[0] = FIELD_SET(CD_0_ASID, cd[0], 0x100);
	put_cd(fx, cd);
	expect_bad_cd(fx);
	cd[0] = FIELD_SET(CD_0_ASID, cd[0], 0xff);
	put_cd(fx, cd);
	expect_ok(fx);
	fx_destroy(fx);

	/* with ASID16, a 16-bit ASID is legal */
	fx = fx_with(NULL);
	setup(fx, cd);
	cd[0] = FIELD_SET(CD_0_ASID, cd[0], 0xabcd);
	put_cd(fx, cd);
	expect_ok(fx);
	fx_destroy(fx);
}

static void test_cd_asid_ignored_for_el2_stream(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t cd[CD_DWORDS], ste[STE_DWORDS];

	(void)state;
	c.asid16 = false;
	fx = fx_with(&c);
	setup(fx, cd);
	/* STRW=EL2 with CR2.E2H=0: StreamWorld NS-EL2, which has no ASID (§5.4 ASID: IGNORED
	 * for any-EL2), so ASID[15:8] != 0 without ASID16 is not a reason for C_BAD_CD */
	fx_ste_s1_cd(ste, FX_CD);
	ste[1] = FIELD_PREP(STE_1_STRW, STE_STRW_EL2);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	cd[0] = FIELD_SET(CD_0_ASID, cd[0], 0x100);
	put_cd(fx, cd);
	expect_ok(fx);
	fx_destroy(fx);
}

static void test_cd_epd0_ignores_ttb0_fields(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS], ttb;
	uint64_t va1 = UINT64_C(0xffff000000001000); /* VA[55]=1: TTB1 */

	setup(fx, cd);
	ttb = FIELD_ADDR(CD_1_TTB0, cd[1]);
	/* TTB1 is the usable range (T1SZ=16 4K), at the same tables: VA[47:0] = 0x1000 */
	cd[0] = (cd[0] & ~CD_0_EPD1) | CD_0_EPD0;
	cd[0] = FIELD_SET(CD_0_TG1, cd[0], CD_TG1_4K);
	cd[0] = FIELD_SET(CD_0_T1SZ, cd[0], 16);
	cd[2] = FIELD_ADDR(CD_2_TTB1, ttb);
	/* TTB0's fields are all illegal values, but IGNORED with EPD0=1 (§5.4) */
	cd[0] = FIELD_SET(CD_0_TG0, cd[0], 3);
	cd[0] = FIELD_SET(CD_0_T0SZ, cd[0], 0);
	cd[1] = FIELD_ADDR(CD_1_TTB0, UINT64_C(0xff000000000000));
	put_cd(fx, cd);
	fx_expect_pa(fx, SID, false, 0, va1, PA);
	fx_assert_no_event(fx);
}

static void test_cd_epd1_ignores_ttb1_fields(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	/* EPD1=1 (fx_cd_s1): TG1 reserved, T1SZ 0, TTB1 beyond any IPS are all IGNORED */
	cd[0] = FIELD_SET(CD_0_TG1, cd[0], 0);
	cd[0] = FIELD_SET(CD_0_T1SZ, cd[0], 0);
	cd[2] = FIELD_ADDR(CD_2_TTB1, UINT64_C(0xff000000000000));
	put_cd(fx, cd);
	expect_ok(fx);
}

/* ---- two-level CD tables ---- */

static void two_level_ste(struct smmu_fx *fx, unsigned s1fmt, unsigned s1cdmax, uint64_t ptr)
{
	uint64_t ste[STE_DWORDS];

	fx_ste_s1_cd(ste, ptr);
	ste[0] |= FIELD_PREP(STE_0_S1FMT, s1fmt) | FIELD_PREP(STE_0_S1CDMAX, s1cdmax);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
}

static void l1cd(struct smmu_fx *fx, uint64_t l1base, unsigned idx, uint64_t l2, bool v)
{
	fx_ram_w64(fx, l1base + idx * L1CD_SIZE, FIELD_PREP(L1CD_0_V, v) | FIELD_ADDR(L1CD_0_L2PTR, l2));
}

static void test_cd_2lvl_4k_leaf_tables(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];
	uint64_t l2 = FX_CD + 0x10000;
	uint32_t ssid = 0x85; /* L1 index 0x85 >> 6 = 2, L2 index 0x85 & 63 = 5 */
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	setup(fx, cd);
	two_level_ste(fx, STE_S1FMT_2LVL_4K, 10, FX_CD);
	l1cd(fx, FX_CD, 2, l2, true);
	fx_write_cd(fx, l2 + 5 * CD_SIZE, cd);
	fx_expect_pa(fx, SID, true, ssid, VA, PA);
	fx_assert_no_event(fx);
	/* SSID 0x45: L1 index 1, whose L1CD is zero (V=0): C_BAD_SUBSTREAMID (§5.3.1, §7.3.9) */
	fx_txn(fx, SID, true, 0x45, VA, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_SUBSTREAMID, SID, rec);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 0x45);
	/* SSID 0x84 is index 4 of the same leaf table: all zero, CD.V=0 */
	expect_bad_cd_ssid(fx, true, 0x84);
}

static void test_cd_2lvl_64k_leaf_tables(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];
	uint64_t l2 = FX_CD + 0x100000;
	uint32_t ssid = 0x805; /* L1 index 0x805 >> 10 = 2, L2 index 0x805 & 1023 = 5 */

	setup(fx, cd);
	two_level_ste(fx, STE_S1FMT_2LVL_64K, 12, FX_CD);
	l1cd(fx, FX_CD, 2, l2, true);
	fx_write_cd(fx, l2 + 5 * CD_SIZE, cd);
	fx_expect_pa(fx, SID, true, ssid, VA, PA);
	fx_assert_no_event(fx);
	/* with 4K leaves the same SSID would be L1 index 0x805 >> 6 = 32: not used here */
	expect_bad_cd_ssid(fx, true, 0x806);
}

static void test_cd_l1cd_v0_is_bad_substreamid(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];
	uint64_t l2 = FX_CD + 0x10000;
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	setup(fx, cd);
	two_level_ste(fx, STE_S1FMT_2LVL_4K, 10, FX_CD);
	/* a valid-looking L2Ptr and a legal CD behind it, but L1CD.V=0 */
	l1cd(fx, FX_CD, 3, l2, false);
	fx_write_cd(fx, l2 + 1 * CD_SIZE, cd);
	fx_txn(fx, SID, true, 3 << 6 | 1, VA, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	assert_int_equal(r.event.type, SMMU_EVT_C_BAD_SUBSTREAMID);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_SUBSTREAMID, SID, rec);
	/* §7.3.9: the SubstreamID is always recorded; bit 11 (SSV) is RES0 for this record */
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 3 << 6 | 1);
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), 0);
	fx_assert_no_event(fx);
	/* L1CD.V=0 is not cached: setting V works without a CFGI */
	l1cd(fx, FX_CD, 3, l2, true);
	fx_expect_pa(fx, SID, true, 3 << 6 | 1, VA, PA);
}

static void expect_cd_fetch(struct smmu_fx *fx, bool ssv, uint32_t ssid, uint64_t fetch_addr)
{
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	fx_txn(fx, SID, ssv, ssid, VA, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	assert_int_equal(r.event.type, SMMU_EVT_F_CD_FETCH);
	fx_pop_expect(fx, SMMU_EVT_F_CD_FETCH, SID, rec);
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), ssv);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), ssid);
	/* §7.3.10: FetchAddr[55:3] is the PA of the fetch */
	assert_int_equal(FIELD_ADDR(EVT_3_FETCHADDR, rec[3]), fetch_addr);
	fx_assert_no_event(fx);
}

static void test_cd_fetch_from_unmapped_pa(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* single CD at an address nothing decodes */
	fx_ste_s1_cd(ste, FX_UNMAPPED);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	expect_cd_fetch(fx, false, 0, FX_UNMAPPED);
	/* linear table of 2^4 CDs: CD 3 is at base + 3 * 64 */
	ste[0] |= FIELD_PREP(STE_0_S1CDMAX, 4);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	fx_cmd_cfgi_ste(fx, SID);
	expect_cd_fetch(fx, true, 3, FX_UNMAPPED + 3 * CD_SIZE);
}

static void test_cd_l1cd_and_leaf_fetch_from_unmapped_pa(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	/* L1 table unmapped: SSID 0x85 reads the L1CD at base + 2 * 8 */
	two_level_ste(fx, STE_S1FMT_2LVL_4K, 10, FX_UNMAPPED);
	expect_cd_fetch(fx, true, 0x85, FX_UNMAPPED + 2 * L1CD_SIZE);
	/* L1 in RAM, its L2Ptr unmapped: the CD is read at L2Ptr + 5 * 64 */
	two_level_ste(fx, STE_S1FMT_2LVL_4K, 10, FX_CD);
	fx_cmd_cfgi_ste(fx, SID);
	l1cd(fx, FX_CD, 2, FX_UNMAPPED, true);
	expect_cd_fetch(fx, true, 0x85, FX_UNMAPPED + 5 * CD_SIZE);
}

/* ---- CD caching (§4.3, §5.4.1) ---- */

/* SID with a linear table of four CDs; CDs 1 and 2 legal and used once. */
static void cached_pair(struct smmu_fx *fx, uint64_t cd[CD_DWORDS])
{
	uint64_t ste[STE_DWORDS];

	setup(fx, cd);
	fx_ste_s1_cd(ste, FX_CD);
	ste[0] |= FIELD_PREP(STE_0_S1CDMAX, 2);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	fx_write_cd(fx, FX_CD + 1 * CD_SIZE, cd);
	fx_write_cd(fx, FX_CD + 2 * CD_SIZE, cd);
	fx_expect_pa(fx, SID, true, 1, VA, PA);
	fx_expect_pa(fx, SID, true, 2, VA, PA);
	/* both CDs now invalid in memory ... */
	cd[0] &= ~CD_0_V;
	fx_write_cd(fx, FX_CD + 1 * CD_SIZE, cd);
	fx_write_cd(fx, FX_CD + 2 * CD_SIZE, cd);
	/* ... but the cached copies are still used */
	fx_expect_pa(fx, SID, true, 1, VA, PA);
	fx_expect_pa(fx, SID, true, 2, VA, PA);
	fx_assert_no_event(fx);
}

static void test_cd_cached_until_cfgi_cd_for_that_ssid(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	cached_pair(fx, cd);
	/* the same SSID on another StreamID, then another SSID: nothing changes for SSID 2 */
	fx_cmd_cfgi_cd(fx, SID + 1, 2, true);
	fx_cmd_cfgi_cd(fx, SID, 1, true);
	fx_cmdq_assert_drained(fx);
	fx_expect_pa(fx, SID, true, 2, VA, PA);
	expect_bad_cd_ssid(fx, true, 1);
	fx_cmd_cfgi_cd(fx, SID, 2, true);
	expect_bad_cd_ssid(fx, true, 2);
}

static void test_cd_cfgi_cd_all_drops_every_cd_of_the_sid(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	cached_pair(fx, cd);
	fx_cmd_cfgi_cd_all(fx, SID + 1);
	fx_expect_pa(fx, SID, true, 1, VA, PA);
	fx_cmd_cfgi_cd_all(fx, SID);
	fx_cmdq_assert_drained(fx);
	expect_bad_cd_ssid(fx, true, 1);
	expect_bad_cd_ssid(fx, true, 2);
}

static void test_cd_cfgi_ste_also_drops_cds(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	cached_pair(fx, cd);
	/* §4.3.1: CMD_CFGI_STE invalidates the CDs cached through that STE too */
	fx_cmd_cfgi_ste(fx, SID);
	fx_cmdq_assert_drained(fx);
	expect_bad_cd_ssid(fx, true, 1);
	expect_bad_cd_ssid(fx, true, 2);
}

static void test_cd_bad_cd_is_not_cached(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t cd[CD_DWORDS];

	setup(fx, cd);
	cd[0] |= CD_0_S; /* ILLEGAL */
	fx_write_cd(fx, FX_CD, cd);
	expect_bad_cd(fx);
	/* fixed in memory, no CFGI: the next transaction reads it afresh (§5.4.1) */
	cd[0] &= ~CD_0_S;
	fx_write_cd(fx, FX_CD, cd);
	expect_ok(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cd_legal_baseline_translates, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_v0_is_bad_cd, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_aa64_0_is_bad_cd, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_endi_is_bad_cd_unless_both_epd, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_tg0_reserved_is_bad_cd, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_tg1_reserved_is_bad_cd_when_epd1_0, fx_setup_enabled, fx_teardown),
		cmocka_unit_test(test_cd_unsupported_granule_is_bad_cd),
		cmocka_unit_test_setup_teardown(test_cd_t0sz_range, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_t1sz_40_is_bad_cd_when_epd1_0, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_ttb0_beyond_ips_is_bad_cd, fx_setup_enabled, fx_teardown),
		cmocka_unit_test(test_cd_ttb0_checked_against_ips_capped_at_oas),
		cmocka_unit_test_setup_teardown(test_cd_s1_is_bad_cd, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_a0_is_bad_cd, fx_setup_enabled, fx_teardown),
		cmocka_unit_test(test_cd_ha_hd_against_httu),
		cmocka_unit_test(test_cd_asid_high_bits_without_asid16),
		cmocka_unit_test(test_cd_asid_ignored_for_el2_stream),
		cmocka_unit_test_setup_teardown(test_cd_epd0_ignores_ttb0_fields, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_epd1_ignores_ttb1_fields, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_2lvl_4k_leaf_tables, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_2lvl_64k_leaf_tables, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_l1cd_v0_is_bad_substreamid, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_fetch_from_unmapped_pa, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_l1cd_and_leaf_fetch_from_unmapped_pa, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_cached_until_cfgi_cd_for_that_ssid, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_cfgi_cd_all_drops_every_cd_of_the_sid, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_cfgi_ste_also_drops_cds, fx_setup_enabled, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cd_bad_cd_is_not_cached, fx_setup_enabled, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

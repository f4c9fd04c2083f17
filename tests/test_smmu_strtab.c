/* SPDX-License-Identifier: MIT */
/*
 * Stream table walk and the transaction front end: linear and 2-level
 * tables, StreamID range checks, Span/SPLIT rules, fetch aborts, the
 * SMMUEN=0 GBPA path and the SubstreamID rules.  IHI 0070 §3.3, §5.1,
 * §5.2, §6.3.14, §6.3.25, §7.3.
 */
#include "tests/smmu_fixture.h"

/* Program the standard queues and enable, with the stream table already set. */
static void enable(struct smmu_fx *fx, bool recinvsid)
{
	fx_cmdq_init(fx, FX_CMDQ, FX_CMDQ_LOG2);
	fx_evtq_init(fx, FX_EVTQ, FX_EVTQ_LOG2);
	fx_w32(fx, SMMU_CR2, recinvsid ? SMMU_CR2_RECINVSID : 0);
	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN);
}

static void put_bypass(struct smmu_fx *fx, uint64_t base, uint32_t idx)
{
	uint64_t ste[STE_DWORDS];

	fx_ste_bypass(ste);
	fx_write_ste(fx, base, idx, ste);
}

static void expect_bypass(struct smmu_fx *fx, uint32_t sid)
{
	struct smmu_result r;

	fx_txn(fx, sid, false, 0, 0xabc000 + sid, &r);
	fx_assert_verdict(&r, SMMU_BYPASS);
	assert_int_equal(r.pa, 0xabc000 + sid);
	fx_assert_no_event(fx);
}

static void expect_bad_sid(struct smmu_fx *fx, uint32_t sid)
{
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	fx_txn(fx, sid, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	assert_int_equal(r.event.type, SMMU_EVT_C_BAD_STREAMID);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STREAMID, sid, rec);
	fx_assert_no_event(fx);
}

static void expect_event(struct smmu_fx *fx, uint32_t sid, bool ssv, uint32_t ssid,
			 unsigned type, uint64_t rec[EVT_DWORDS])
{
	struct smmu_result r;

	fx_txn(fx, sid, ssv, ssid, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	assert_int_equal(r.event_status, SMMU_EVQ_RECORDED);
	fx_pop_expect(fx, type, sid, rec);
	fx_assert_no_event(fx);
}

static void test_strtab_linear_lookup(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t rec[EVT_DWORDS];

	fx_strtab_linear(fx, FX_STRTAB, FX_STRTAB_LOG2);
	enable(fx, true);
	put_bypass(fx, FX_STRTAB, 0);
	put_bypass(fx, FX_STRTAB, 5);
	put_bypass(fx, FX_STRTAB, 255);
	expect_bypass(fx, 0);
	expect_bypass(fx, 5);
	expect_bypass(fx, 255);
	/* SID 6's STE is all zero: V=0 (§5.2). */
	expect_event(fx, 6, false, 0, SMMU_EVT_C_BAD_STE, rec);
}

static void test_strtab_sid_beyond_log2size_recinvsid(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t rec[EVT_DWORDS];

	fx_strtab_linear(fx, FX_STRTAB, FX_STRTAB_LOG2);
	enable(fx, true);
	put_bypass(fx, FX_STRTAB, 0);
	/* Even with a valid STE where SID 256 would sit, 256 >= 2^8 is out of range (§7.3.3). */
	put_bypass(fx, FX_STRTAB, 256);
	expect_bad_sid(fx, 256);
	expect_event(fx, 0xffff, true, 3, SMMU_EVT_C_BAD_STREAMID, rec);
	/* §7.3.3: C_BAD_STREAMID carries SSV and SubstreamID. */
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), 1);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 3);
}

static void test_strtab_sid_beyond_log2size_silent_without_recinvsid(void **state)
{
	struct smmu_fx *fx = *state;
	struct smmu_result r;

	fx_strtab_linear(fx, FX_STRTAB, FX_STRTAB_LOG2);
	enable(fx, false);
	/* §6.3.12 CR2.RECINVSID=0: an invalid StreamID is aborted without a record. */
	fx_txn(fx, 256, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	fx_assert_no_event(fx);
}

static void test_strtab_log2size_above_sidsize_behaves_as_sidsize(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;

	(void)state;
	c.sidsize = 8;
	fx = fx_create(&c);
	fx_strtab_linear(fx, FX_STRTAB, 12);
	/* §6.3.25: the raw value reads back ... */
	assert_int_equal(FIELD_GET(SMMU_STRTAB_BASE_CFG_LOG2SIZE, fx_r32(fx, SMMU_STRTAB_BASE_CFG)),
			 12);
	enable(fx, true);
	put_bypass(fx, FX_STRTAB, 0xff);
	put_bypass(fx, FX_STRTAB, 0x100);
	/* ... but MIN(LOG2SIZE, SIDSIZE) = 8 is used: SID 0x100 is out of range. */
	expect_bypass(fx, 0xff);
	expect_bad_sid(fx, 0x100);
	fx_destroy(fx);
}

/* 2-level: SID = l1 << split | l2, with an L2 table of 2^(span-1) STEs. */
static void two_level_case(unsigned split)
{
	struct smmu_fx *fx = fx_create(NULL);
	uint32_t l1 = 3, l2 = 5;
	uint32_t sid = l1 << split | l2;
	/* Span = SPLIT+1 covers the whole 2^SPLIT-entry L2 range (§5.1). */
	unsigned span = split + 1;
	uint32_t last = (1u << split) - 1;

	fx_strtab_2lvl(fx, FX_STRTAB, 16, split);
	enable(fx, true);
	fx_write_l1std(fx, FX_STRTAB, l1, span, FX_L2);
	put_bypass(fx, FX_L2, l2);
	put_bypass(fx, FX_L2, last);
	expect_bypass(fx, sid);
	expect_bypass(fx, l1 << split | last);
	/* The neighbouring L1 entries are zero: Span=0, no L2 table (§7.3.3). */
	expect_bad_sid(fx, (l1 + 1) << split | l2);
	expect_bad_sid(fx, (l1 - 1) << split | l2);
	/* LOG2SIZE=16 bounds the 2-level table too (§7.3.3). */
	expect_bad_sid(fx, 1u << 16 | sid);
	fx_destroy(fx);
}

static void test_strtab_2lvl_split_6(void **state)
{
	(void)state;
	two_level_case(6);
}

static void test_strtab_2lvl_split_8(void **state)
{
	(void)state;
	two_level_case(8);
}

static void test_strtab_2lvl_split_10(void **state)
{
	(void)state;
	two_level_case(10);
}

static void test_strtab_2lvl_span_rules(void **state)
{
	struct smmu_fx *fx = *state;

	fx_strtab_2lvl(fx, FX_STRTAB, 16, 6);
	enable(fx, true);
	for (uint32_t i = 0; i < 64; i++)
		put_bypass(fx, FX_L2, i);

	/* L1 index 0: Span=0 -> C_BAD_STREAMID (§7.3.3). */
	fx_write_l1std(fx, FX_STRTAB, 0, 0, FX_L2);
	expect_bad_sid(fx, 0);
	/* L1 index 1: Span = SPLIT+2 = 8 is above SPLIT+1 -> C_BAD_STREAMID. */
	fx_write_l1std(fx, FX_STRTAB, 1, 8, FX_L2);
	expect_bad_sid(fx, 1u << 6 | 0);
	/* L1 index 2: Span = 7 = SPLIT+1 is the largest legal value: all 64 STEs. */
	fx_write_l1std(fx, FX_STRTAB, 2, 7, FX_L2);
	expect_bypass(fx, 2u << 6 | 63);
	/* L1 index 3: Span=3 covers 2^(3-1) = 4 STEs: index 3 is in, 4 is out. */
	fx_write_l1std(fx, FX_STRTAB, 3, 3, FX_L2);
	expect_bypass(fx, 3u << 6 | 3);
	expect_bad_sid(fx, 3u << 6 | 4);
	/* L1 index 4: Span=1 covers 2^0 = 1 STE. */
	fx_write_l1std(fx, FX_STRTAB, 4, 1, FX_L2);
	expect_bypass(fx, 4u << 6 | 0);
	expect_bad_sid(fx, 4u << 6 | 1);
	/* L1 index 5: Span=31 is reserved (above SPLIT+1). */
	fx_write_l1std(fx, FX_STRTAB, 5, 31, FX_L2);
	expect_bad_sid(fx, 5u << 6 | 0);
}

static void test_strtab_2lvl_span_bad_silent_without_recinvsid(void **state)
{
	struct smmu_fx *fx = *state;
	struct smmu_result r;

	fx_strtab_2lvl(fx, FX_STRTAB, 16, 6);
	enable(fx, false);
	fx_txn(fx, 0, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	fx_assert_no_event(fx);
}

static void test_strtab_reserved_split_behaves_as_6(void **state)
{
	static const unsigned reserved[] = { 0, 7, 9, 11, 31 };

	(void)state;
	for (unsigned i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		struct smmu_fx *fx = fx_create(NULL);

		fx_strtab_2lvl(fx, FX_STRTAB, 16, reserved[i]);
		enable(fx, true);
		/* SID 0x81 splits at 6 into L1 index 2, L2 index 1 (§6.3.25 reserved SPLIT = 6). */
		fx_write_l1std(fx, FX_STRTAB, 2, 7, FX_L2);
		put_bypass(fx, FX_L2, 1);
		expect_bypass(fx, 0x81);
		fx_destroy(fx);
	}
}

static void test_strtab_split_at_least_log2size_single_l1(void **state)
{
	struct smmu_fx *fx = *state;

	/* §6.3.25: SPLIT >= LOG2SIZE gives a single L1 descriptor covering every SID. */
	fx_strtab_2lvl(fx, FX_STRTAB, 5, 8);
	enable(fx, true);
	fx_write_l1std(fx, FX_STRTAB, 0, 9, FX_L2);
	put_bypass(fx, FX_L2, 31);
	expect_bypass(fx, 31);
	expect_bad_sid(fx, 32);
}

static void test_strtab_2lvl_without_st_level_is_linear(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;

	(void)state;
	c.st_2lvl = false;
	fx = fx_create(&c);
	/* §6.3.25: with IDR0.ST_LEVEL=0, FMT and SPLIT are RES0: the table is linear. */
	fx_strtab_2lvl(fx, FX_STRTAB, 8, 6);
	enable(fx, true);
	put_bypass(fx, FX_STRTAB, 0x41);
	expect_bypass(fx, 0x41);
	fx_destroy(fx);
}

static void test_strtab_ste_fetch_abort_linear(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t rec[EVT_DWORDS];

	fx_strtab_linear(fx, FX_UNMAPPED, 8);
	enable(fx, true);
	expect_event(fx, 3, true, 9, SMMU_EVT_F_STE_FETCH, rec);
	/* §7.3.4 F_STE_FETCH: FetchAddr = the STE's PA, bits [55:3] in place in dword 3. */
	assert_int_equal(rec[3] & EVT_3_FETCHADDR, FX_UNMAPPED + 3 * STE_SIZE);
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), 1);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 9);
}

static void test_strtab_ste_fetch_abort_l2(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t rec[EVT_DWORDS];

	fx_strtab_2lvl(fx, FX_STRTAB, 16, 8);
	enable(fx, true);
	fx_write_l1std(fx, FX_STRTAB, 1, 9, FX_UNMAPPED);
	expect_event(fx, 0x107, false, 0, SMMU_EVT_F_STE_FETCH, rec);
	assert_int_equal(rec[3] & EVT_3_FETCHADDR, FX_UNMAPPED + 7 * STE_SIZE);
}

static void test_strtab_l1_fetch_abort(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t rec[EVT_DWORDS];

	fx_strtab_2lvl(fx, FX_UNMAPPED, 16, 8);
	enable(fx, true);
	/* The L1 descriptor for SID 0x305 is L1 index 3, 8 bytes each. */
	expect_event(fx, 0x305, false, 0, SMMU_EVT_F_STE_FETCH, rec);
	assert_int_equal(rec[3] & EVT_3_FETCHADDR, FX_UNMAPPED + 3 * L1STD_SIZE);
}

static void test_strtab_smmuen0_gbpa(void **state)
{
	struct smmu_fx *fx = *state;
	struct smmu_result r;

	/* Everything programmed, but SMMUEN=0: GBPA decides, the table is not read. */
	fx_strtab_linear(fx, FX_UNMAPPED, 8);
	fx_evtq_init(fx, FX_EVTQ, FX_EVTQ_LOG2);
	fx_cr0(fx, SMMU_CR0_EVENTQEN);
	fx_txn(fx, 3, false, 0, 0x5000, &r);
	fx_assert_verdict(&r, SMMU_BYPASS);
	assert_int_equal(r.pa, 0x5000);
	/* §6.3.14: bypass applies regardless of StreamID range and SSV. */
	fx_txn(fx, 0xffffff, true, 1, 0x6000, &r);
	fx_assert_verdict(&r, SMMU_BYPASS);
	assert_int_equal(r.pa, 0x6000);

	fx_w32(fx, SMMU_GBPA, SMMU_GBPA_UPDATE | SMMU_GBPA_ABORT);
	fx_txn(fx, 3, false, 0, 0x5000, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	fx_assert_no_event(fx);
}

static void test_strtab_ssv_with_bypass_ste(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t rec[EVT_DWORDS];

	fx_strtab_linear(fx, FX_STRTAB, 8);
	enable(fx, true);
	put_bypass(fx, FX_STRTAB, 4);
	/*
	 * §7.3.9 C_BAD_SUBSTREAMID: a SubstreamID with stage 1 disabled.  The
	 * record always carries the SubstreamID; it has no SSV (bit 11 RES0).
	 */
	expect_event(fx, 4, true, 0x1234, SMMU_EVT_C_BAD_SUBSTREAMID, rec);
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), 0);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 0x1234);
	/* The same STE without a SubstreamID bypasses. */
	expect_bypass(fx, 4);
}

static void test_strtab_ssv_with_stage2_only_ste(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS], rec[EVT_DWORDS];

	fx_strtab_linear(fx, FX_STRTAB, 8);
	enable(fx, true);
	fx_ste_s2(ste);
	fx_write_ste(fx, FX_STRTAB, 4, ste);
	/* §7.3.9: Config 0b110 has stage 1 disabled too. */
	expect_event(fx, 4, true, 1, SMMU_EVT_C_BAD_SUBSTREAMID, rec);
}

static void test_strtab_s1dss_terminate(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS], rec[EVT_DWORDS];

	fx_strtab_linear(fx, FX_STRTAB, 8);
	enable(fx, true);
	fx_ste_s1(ste, 4, STE_S1DSS_TERMINATE);
	fx_write_ste(fx, FX_STRTAB, 7, ste);
	/* §5.2 S1DSS=0b00: traffic without a SubstreamID -> F_STREAM_DISABLED (§7.3.7). */
	expect_event(fx, 7, false, 0, SMMU_EVT_F_STREAM_DISABLED, rec);
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), 0);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 0);

	/* S1DSS=0b11 is reserved and behaves as 0b00. */
	ste[1] = FIELD_SET(STE_1_S1DSS, ste[1], 3);
	fx_write_ste(fx, FX_STRTAB, 8, ste);
	expect_event(fx, 8, false, 0, SMMU_EVT_F_STREAM_DISABLED, rec);
}

static void test_strtab_s1dss_bypass(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];
	struct smmu_result r;

	fx_strtab_linear(fx, FX_STRTAB, 8);
	enable(fx, true);
	fx_ste_s1(ste, 4, STE_S1DSS_BYPASS);
	fx_write_ste(fx, FX_STRTAB, 7, ste);
	/* §5.2 S1DSS=0b01: without a SubstreamID stage 1 is skipped; stage 2 is off. */
	expect_bypass(fx, 7);
	/* With one, stage 1 applies: the zeroed CD is C_BAD_CD. */
	fx_txn(fx, 7, true, 3, 0x1000, &r);
	fx_assert_reached_tables(fx, &r);

	/* Nested: S1DSS bypass leaves stage 2, which walks the zeroed S2 tables. */
	fx_ste_s2(ste);
	ste[0] = FIELD_SET(STE_0_CONFIG, ste[0], STE_CONFIG_NESTED) |
		 FIELD_PREP(STE_0_S1CDMAX, 4) | FIELD_ADDR(STE_0_S1CONTEXTPTR, FX_S2TTB);
	ste[1] = FIELD_PREP(STE_1_S1DSS, STE_S1DSS_BYPASS);
	fx_write_ste(fx, FX_STRTAB, 8, ste);
	fx_txn(fx, 8, false, 0, 0x1000, &r);
	fx_assert_reached_tables(fx, &r);
}

static void test_strtab_s1dss_ssid0(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS], rec[EVT_DWORDS];
	struct smmu_result r;

	fx_strtab_linear(fx, FX_STRTAB, 8);
	enable(fx, true);
	fx_ste_s1(ste, 4, STE_S1DSS_SSID0);
	fx_write_ste(fx, FX_STRTAB, 7, ste);
	/* §5.2 S1DSS=0b10: SSV=1 with SubstreamID 0 -> F_STREAM_DISABLED (§7.3.7). */
	expect_event(fx, 7, true, 0, SMMU_EVT_F_STREAM_DISABLED, rec);
	/* Without a SubstreamID, CD 0 is used; with SubstreamID 1, CD 1. */
	fx_txn(fx, 7, false, 0, 0x1000, &r);
	fx_assert_reached_tables(fx, &r);
	fx_txn(fx, 7, true, 1, 0x1000, &r);
	fx_assert_reached_tables(fx, &r);
}

static void test_strtab_ssid_beyond_s1cdmax(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS], rec[EVT_DWORDS];
	struct smmu_result r;

	fx_strtab_linear(fx, FX_STRTAB, 8);
	enable(fx, true);
	fx_ste_s1(ste, 4, STE_S1DSS_SSID0);
	fx_write_ste(fx, FX_STRTAB, 7, ste);
	/* §7.3.9: SubstreamID >= 2^S1CDMax = 16 is C_BAD_SUBSTREAMID. */
	expect_event(fx, 7, true, 16, SMMU_EVT_C_BAD_SUBSTREAMID, rec);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 16);
	fx_txn(fx, 7, true, 15, 0x1000, &r);
	fx_assert_reached_tables(fx, &r);

	/* S1CDMax=0: substreams disabled, any SubstreamID is bad. */
	fx_ste_s1(ste, 0, 0);
	fx_write_ste(fx, FX_STRTAB, 9, ste);
	expect_event(fx, 9, true, 0, SMMU_EVT_C_BAD_SUBSTREAMID, rec);
}

static void test_strtab_ssv_without_ssidsize(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS], rec[EVT_DWORDS];

	(void)state;
	c.ssidsize = 0;
	fx = fx_create(&c);
	fx_strtab_linear(fx, FX_STRTAB, 8);
	enable(fx, true);
	fx_ste_s1(ste, 4, STE_S1DSS_SSID0);
	fx_write_ste(fx, FX_STRTAB, 7, ste);
	/* §7.3.9: IDR1.SSIDSIZE=0 makes every SubstreamID bad. */
	expect_event(fx, 7, true, 1, SMMU_EVT_C_BAD_SUBSTREAMID, rec);
	fx_destroy(fx);
}

static void test_strtab_valid_translating_configs_reach_tables(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];
	struct smmu_result r;

	fx_strtab_linear(fx, FX_STRTAB, 8);
	enable(fx, true);
	fx_ste_s1(ste, 0, 0);
	fx_write_ste(fx, FX_STRTAB, 1, ste);
	fx_ste_s2(ste);
	fx_write_ste(fx, FX_STRTAB, 2, ste);
	ste[0] = FIELD_SET(STE_0_CONFIG, ste[0], STE_CONFIG_NESTED) |
		 FIELD_ADDR(STE_0_S1CONTEXTPTR, FX_S2TTB);
	fx_write_ste(fx, FX_STRTAB, 3, ste);
	/* A legal translating STE goes on to its CD or tables (zeroed here). */
	for (uint32_t sid = 1; sid <= 3; sid++) {
		fx_txn(fx, sid, false, 0, 0x1000, &r);
		fx_assert_reached_tables(fx, &r);
		assert_int_equal(r.pa, 0);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_strtab_linear_lookup),
		T(test_strtab_sid_beyond_log2size_recinvsid),
		T(test_strtab_sid_beyond_log2size_silent_without_recinvsid),
		cmocka_unit_test(test_strtab_log2size_above_sidsize_behaves_as_sidsize),
		cmocka_unit_test(test_strtab_2lvl_split_6),
		cmocka_unit_test(test_strtab_2lvl_split_8),
		cmocka_unit_test(test_strtab_2lvl_split_10),
		T(test_strtab_2lvl_span_rules),
		T(test_strtab_2lvl_span_bad_silent_without_recinvsid),
		cmocka_unit_test(test_strtab_reserved_split_behaves_as_6),
		T(test_strtab_split_at_least_log2size_single_l1),
		cmocka_unit_test(test_strtab_2lvl_without_st_level_is_linear),
		T(test_strtab_ste_fetch_abort_linear),
		T(test_strtab_ste_fetch_abort_l2),
		T(test_strtab_l1_fetch_abort),
		T(test_strtab_smmuen0_gbpa),
		T(test_strtab_ssv_with_bypass_ste),
		T(test_strtab_ssv_with_stage2_only_ste),
		T(test_strtab_s1dss_terminate),
		T(test_strtab_s1dss_bypass),
		T(test_strtab_s1dss_ssid0),
		T(test_strtab_ssid_beyond_s1cdmax),
		cmocka_unit_test(test_strtab_ssv_without_ssidsize),
		T(test_strtab_valid_translating_configs_reach_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

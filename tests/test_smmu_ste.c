/* SPDX-License-Identifier: MIT */
/*
 * Stream Table Entry validity, through real lookups: every condition
 * IHI 0070 §5.2 makes ILLEGAL gives C_BAD_STE (an ILLEGAL STE behaves as
 * V=0), its legal counterpart does not, and fields §5.2 calls IGNORED in a
 * configuration are not checked there.  Legal stage-1/stage-2 STEs give
 * their walk: C_BAD_CD or a stage-2 F_TRANSLATION with the zeroed tables used here.
 */
#include "tests/smmu_fixture.h"

/* The one internal function these tests call directly (decode round trip). */
struct smmu;
const char *smmu__ste_decode(const struct smmu *s, const uint64_t raw[STE_DWORDS],
			     struct smmu_ste *ste);

/* Each STE goes to a new StreamID so the configuration cache never answers. */
static uint32_t next_sid;

static uint32_t ste_install(struct smmu_fx *fx, const uint64_t ste[STE_DWORDS])
{
	uint32_t sid = next_sid++ % (1u << FX_STRTAB_LOG2);

	fx_write_ste(fx, FX_STRTAB, sid, ste);
	return sid;
}

static void ste_run(struct smmu_fx *fx, const uint64_t ste[STE_DWORDS], bool ssv, uint32_t ssid,
		    struct smmu_result *r, uint32_t *sid_out)
{
	uint32_t sid = ste_install(fx, ste);

	fx_txn(fx, sid, ssv, ssid, 0x12345000, r);
	if (sid_out)
		*sid_out = sid;
}

#define expect_bad_ste(fx, ste) expect_bad_ste_at(fx, ste, __LINE__)
static void expect_bad_ste_at(struct smmu_fx *fx, const uint64_t ste[STE_DWORDS], int line)
{
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];
	uint32_t sid;

	ste_run(fx, ste, false, 0, &r, &sid);
	if (r.verdict != SMMU_FAULT || r.event.type != SMMU_EVT_C_BAD_STE)
		fail_msg("line %d: expected C_BAD_STE, got %s (%s)", line,
			 smmu_verdict_name(r.verdict), r.rule ? r.rule : "-");
	assert_int_equal(r.event_status, SMMU_EVQ_RECORDED);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, sid, rec);
	fx_assert_no_event(fx);
}

#define expect_reaches_tables(fx, ste) expect_reaches_tables_at(fx, ste, __LINE__)
static void expect_reaches_tables_at(struct smmu_fx *fx, const uint64_t ste[STE_DWORDS], int line)
{
	struct smmu_result r;

	ste_run(fx, ste, false, 0, &r, NULL);
	if (r.verdict == SMMU_FAULT && r.event.type == SMMU_EVT_C_BAD_STE)
		fail_msg("line %d: a legal STE gave C_BAD_STE (%s)", line, r.rule ? r.rule : "-");
	fx_assert_reached_tables(fx, &r);
}

#define expect_legal(fx, ste, v) expect_legal_at(fx, ste, v, __LINE__)
static void expect_legal_at(struct smmu_fx *fx, const uint64_t ste[STE_DWORDS],
			    enum smmu_verdict v, int line)
{
	struct smmu_result r;

	ste_run(fx, ste, false, 0, &r, NULL);
	if (r.verdict != v)
		fail_msg("line %d: expected %s, got %s (%s)", line, smmu_verdict_name(v),
			 smmu_verdict_name(r.verdict), r.rule ? r.rule : "-");
	fx_assert_no_event(fx);
}

static struct smmu_fx *fx_with(const struct smmu_config *c)
{
	struct smmu_fx *fx = fx_create(c);

	fx_enable_default(fx);
	next_sid = 0;
	return fx;
}

static void test_ste_v0_is_bad_ste(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	fx_ste_clear(ste);
	expect_bad_ste(fx, ste);
	/* §5.2: V=0 makes the whole STE invalid, whatever Config says. */
	fx_ste_bypass(ste);
	ste[0] &= ~STE_0_V;
	expect_bad_ste(fx, ste);
	fx_ste_bypass(ste);
	expect_legal(fx, ste, SMMU_BYPASS);
}

static void test_ste_bad_ste_record_carries_substream(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS], rec[EVT_DWORDS];
	struct smmu_result r;
	uint32_t sid;

	fx_ste_clear(ste);
	ste_run(fx, ste, true, 0x5a5a5, &r, &sid);
	fx_assert_verdict(&r, SMMU_FAULT);
	/* §7.3.5 C_BAD_STE: StreamID, SSV and SubstreamID as the transaction had them. */
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, sid, rec);
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), 1);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 0x5a5a5);
}

static void test_ste_config_abort_and_reserved_abort_without_event(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];
	struct smmu_result r;

	/* §5.2 Config: 0b000 aborts silently; 0b001..0b011 are reserved and behave as 0b000. */
	for (unsigned config = 0; config < 4; config++) {
		fx_ste_config(ste, config);
		ste_run(fx, ste, false, 0, &r, NULL);
		fx_assert_verdict(&r, SMMU_ABORT);
		fx_assert_no_event(fx);
		/* The Config check comes before any SubstreamID check. */
		ste_run(fx, ste, true, 7, &r, NULL);
		fx_assert_verdict(&r, SMMU_ABORT);
		fx_assert_no_event(fx);
		/* Every other field is IGNORED: values that would be ILLEGAL do not matter. */
		ste[1] = FIELD_PREP(STE_1_S1STALLD, 1) | FIELD_PREP(STE_1_STRW, 3);
		ste[2] = FIELD_PREP(STE_2_S2TG, 3) | FIELD_PREP(STE_2_S2S, 1);
		ste_run(fx, ste, false, 0, &r, NULL);
		fx_assert_verdict(&r, SMMU_ABORT);
		fx_assert_no_event(fx);
	}
}

static void test_ste_stage1_config_without_s1p(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	c.s1p = false;
	fx = fx_with(&c);
	/* §5.2: Config 0b1x1 with IDR0.S1P=0 is ILLEGAL. */
	fx_ste_s1(ste, 0, 0);
	expect_bad_ste(fx, ste);
	fx_ste_s2(ste);
	ste[0] = FIELD_SET(STE_0_CONFIG, ste[0], STE_CONFIG_NESTED);
	expect_bad_ste(fx, ste);
	fx_ste_s2(ste);
	expect_reaches_tables(fx, ste);
	fx_ste_bypass(ste);
	expect_legal(fx, ste, SMMU_BYPASS);
	fx_destroy(fx);
}

static void test_ste_stage2_config_without_s2p(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	c.s2p = false;
	fx = fx_with(&c);
	/* §5.2: Config 0b11x with IDR0.S2P=0 is ILLEGAL. */
	fx_ste_s2(ste);
	expect_bad_ste(fx, ste);
	fx_ste_s2(ste);
	ste[0] = FIELD_SET(STE_0_CONFIG, ste[0], STE_CONFIG_NESTED);
	expect_bad_ste(fx, ste);
	fx_ste_s1(ste, 0, 0);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);
}

static void test_ste_s1cdmax_above_ssidsize(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	c.ssidsize = 8;
	fx = fx_with(&c);
	/* §5.2 S1CDMax: 0..IDR1.SSIDSIZE is allowed; above is ILLEGAL. */
	fx_ste_s1(ste, 9, STE_S1DSS_SSID0);
	expect_bad_ste(fx, ste);
	fx_ste_s1(ste, 8, STE_S1DSS_SSID0);
	expect_reaches_tables(fx, ste);
	/* With stage 1 off, S1CDMax is IGNORED. */
	fx_ste_s1(ste, 31, 0);
	ste[0] = FIELD_SET(STE_0_CONFIG, ste[0], STE_CONFIG_BYPASS);
	expect_legal(fx, ste, SMMU_BYPASS);
	fx_destroy(fx);
}

static void test_ste_s1cdmax_ignored_without_substreams(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	c.ssidsize = 0;
	fx = fx_with(&c);
	/*
	 * §5.2: with SSIDSIZE=0, S1CDMax (and with it S1DSS) is IGNORED: the
	 * maximum value is legal and S1DSS=terminate does not stop traffic
	 * without a SubstreamID.
	 */
	fx_ste_s1(ste, 31, STE_S1DSS_TERMINATE);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);
}

static void test_ste_s1fmt_2lvl_without_cd2l(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	c.cd2l = false;
	fx = fx_with(&c);
	/* §5.2 S1Fmt: a 2-level CD table with substreams on and IDR0.CD2L=0 is ILLEGAL. */
	fx_ste_s1(ste, 4, STE_S1DSS_SSID0);
	ste[0] |= FIELD_PREP(STE_0_S1FMT, STE_S1FMT_2LVL_4K);
	expect_bad_ste(fx, ste);
	fx_ste_s1(ste, 4, STE_S1DSS_SSID0);
	ste[0] |= FIELD_PREP(STE_0_S1FMT, STE_S1FMT_2LVL_64K);
	expect_bad_ste(fx, ste);
	fx_ste_s1(ste, 4, STE_S1DSS_SSID0);
	expect_reaches_tables(fx, ste);
	/* S1Fmt is IGNORED when S1CDMax=0 (a single CD). */
	fx_ste_s1(ste, 0, 0);
	ste[0] |= FIELD_PREP(STE_0_S1FMT, STE_S1FMT_2LVL_4K);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);

	fx = fx_with(NULL);
	fx_ste_s1(ste, 4, STE_S1DSS_SSID0);
	ste[0] |= FIELD_PREP(STE_0_S1FMT, STE_S1FMT_2LVL_4K);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);
}

static void test_ste_s1fmt_reserved_behaves_as_linear(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	c.cd2l = false;
	fx = fx_with(&c);
	/*
	 * §5.2 S1Fmt 0b11 is reserved and behaves as 0b00 (linear), so it is
	 * legal even without CD2L, where a real 2-level value is ILLEGAL.
	 */
	fx_ste_s1(ste, 4, STE_S1DSS_SSID0);
	ste[0] |= FIELD_PREP(STE_0_S1FMT, 3);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);
}

static void test_ste_s1stalld_with_terminate_model(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* §5.2: S1STALLD=1 with stage 1 on and IDR0.STALL_MODEL != 0b00 is ILLEGAL. */
	fx_ste_s1(ste, 0, 0);
	ste[1] |= FIELD_PREP(STE_1_S1STALLD, 1);
	expect_bad_ste(fx, ste);
	fx_ste_s1(ste, 0, 0);
	expect_reaches_tables(fx, ste);
	/* Stage 1 off: IGNORED. */
	fx_ste_s2(ste);
	ste[1] |= FIELD_PREP(STE_1_S1STALLD, 1);
	expect_reaches_tables(fx, ste);
	fx_ste_bypass(ste);
	ste[1] |= FIELD_PREP(STE_1_S1STALLD, 1);
	expect_legal(fx, ste, SMMU_BYPASS);
}

static void test_ste_strw_reserved_streamworld(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* §5.2 STRW for a Non-secure stage-1-only STE with IDR0.Hyp=1: 0bx1 is ILLEGAL. */
	fx_ste_s1(ste, 0, 0);
	ste[1] |= FIELD_PREP(STE_1_STRW, 1);
	expect_bad_ste(fx, ste);
	fx_ste_s1(ste, 0, 0);
	ste[1] |= FIELD_PREP(STE_1_STRW, 3);
	expect_bad_ste(fx, ste);
	fx_ste_s1(ste, 0, 0);
	ste[1] |= FIELD_PREP(STE_1_STRW, STE_STRW_NSEL1);
	expect_reaches_tables(fx, ste);
	fx_ste_s1(ste, 0, 0);
	ste[1] |= FIELD_PREP(STE_1_STRW, STE_STRW_EL2);
	expect_reaches_tables(fx, ste);
}

static void test_ste_s2aa64_aarch32_tables_illegal(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* §5.2 S2AA64=0 (AArch32) when IDR0.TTF lacks AArch32 is ILLEGAL. */
	fx_ste_s2(ste);
	ste[2] &= ~STE_2_S2AA64;
	expect_bad_ste(fx, ste);
	fx_ste_s2(ste);
	expect_reaches_tables(fx, ste);
}

static void test_ste_s2tg_reserved_or_unadvertised(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	c.gran16k = false;
	fx = fx_with(&c);
	/* §5.2 S2TG: 0b11 is reserved, and a granule IDR5 does not advertise is ILLEGAL. */
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2TG, ste[2], 3);
	expect_bad_ste(fx, ste);
	/* 16K, T0SZ=25, SL0=0b10 (level 1): 39 - (14 + 2*11) = 3 bits at level 1. */
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2TG, ste[2], STE_S2TG_16K);
	ste[2] = FIELD_SET(STE_2_S2SL0, ste[2], 2);
	expect_bad_ste(fx, ste);
	fx_destroy(fx);

	fx = fx_with(NULL);
	expect_reaches_tables(fx, ste);
	/* 64K, T0SZ=25, SL0=0b01 (level 2): 39 - (16 + 13) = 10 bits at level 2. */
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2TG, ste[2], STE_S2TG_64K);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);
}

static void test_ste_s2_64k_48bit_ipa_starts_at_level_1(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/*
	 * Arm ARM VTCR_EL2.SL0: with 64K pages 0b10 starts at level 1, which a
	 * 48-bit IPA needs (48 - (16 + 2*13) = 6 bits there).  It does not need
	 * 52-bit PA; only a level-1 block does.  The model rejected this once.
	 */
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2TG, ste[2], STE_S2TG_64K);
	ste[2] = FIELD_SET(STE_2_S2T0SZ, ste[2], 16);
	ste[2] = FIELD_SET(STE_2_S2SL0, ste[2], 2);
	expect_reaches_tables(fx, ste);
	/* SL0=0b11 has no level for 64K: reserved. */
	ste[2] = FIELD_SET(STE_2_S2SL0, ste[2], 3);
	expect_bad_ste(fx, ste);
}

static void test_ste_s2endi_big_endian_illegal(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* §5.2: an S2ENDI that IDR0.TTENDIAN (little-endian only) does not allow is ILLEGAL. */
	fx_ste_s2(ste);
	ste[2] |= FIELD_PREP(STE_2_S2ENDI, 1);
	expect_bad_ste(fx, ste);
}

static void test_ste_s2_hardware_update_needs_httu(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	/* §5.2: S2HA=1 needs IDR0.HTTU >= 1, S2HD=1 needs HTTU = 2. */
	c.httu = 0;
	fx = fx_with(&c);
	fx_ste_s2(ste);
	ste[2] |= FIELD_PREP(STE_2_S2HA, 1);
	expect_bad_ste(fx, ste);
	fx_destroy(fx);

	c.httu = 1;
	fx = fx_with(&c);
	fx_ste_s2(ste);
	ste[2] |= FIELD_PREP(STE_2_S2HA, 1);
	expect_reaches_tables(fx, ste);
	ste[2] |= FIELD_PREP(STE_2_S2HD, 1);
	expect_bad_ste(fx, ste);
	fx_destroy(fx);

	fx = fx_with(NULL);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);
}

static void test_ste_s2s_stall_with_terminate_model(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* §5.2 S2S=1 under IDR0.STALL_MODEL=0b01 (terminate only) is ILLEGAL. */
	fx_ste_s2(ste);
	ste[2] |= FIELD_PREP(STE_2_S2S, 1);
	expect_bad_ste(fx, ste);
}

static void test_ste_s2vmid_16bit_without_vmid16(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t ste[STE_DWORDS];

	(void)state;
	c.vmid16 = false;
	fx = fx_with(&c);
	/* §5.2: S2VMID[15:8] != 0 without IDR0.VMID16 is ILLEGAL. */
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2VMID, ste[2], 0x100);
	expect_bad_ste(fx, ste);
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2VMID, ste[2], 0xff);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);

	fx = fx_with(NULL);
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2VMID, ste[2], 0xffff);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);
}

/* A stage-2 STE with this T0SZ and SL0 (4K granule). */
static void s2_geom(uint64_t ste[STE_DWORDS], unsigned t0sz, unsigned sl0)
{
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2T0SZ, ste[2], t0sz);
	ste[2] = FIELD_SET(STE_2_S2SL0, ste[2], sl0);
}

static void test_ste_s2t0sz_range(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/*
	 * §5.2 S2T0SZ (v3.1, IDR3.STT=0): 4K granule, IAS 48: min MAX(16, 64-48) = 16,
	 * max 39; out of range is ILLEGAL.  SL0 chosen so the start level is consistent.
	 */
	s2_geom(ste, 15, 2);
	expect_bad_ste(fx, ste);
	s2_geom(ste, 16, 2);   /* 48-bit IPA from level 0: 48 - (12 + 3*9) = 9 bits */
	expect_reaches_tables(fx, ste);
	s2_geom(ste, 39, 0);   /* 25-bit IPA from level 2: 25 - (12 + 9) = 4 bits */
	expect_reaches_tables(fx, ste);
	s2_geom(ste, 40, 0);
	expect_bad_ste(fx, ste);

	/* OAS 40: the IPA can be at most 40 bits, so the minimum T0SZ is 64 - 40 = 24. */
	c.oas = 40;
	fx = fx_with(&c);
	s2_geom(ste, 23, 1);
	ste[2] = FIELD_SET(STE_2_S2PS, ste[2], 2);
	expect_bad_ste(fx, ste);
	s2_geom(ste, 24, 1);   /* 40 - (12 + 2*9) = 10 bits at level 1: two concatenated tables */
	ste[2] = FIELD_SET(STE_2_S2PS, ste[2], 2);
	expect_reaches_tables(fx, ste);
	fx_destroy(fx);
}

static void test_ste_s2sl0_reserved_or_inconsistent(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* 4K granule, SL0=0b11 needs FEAT_TTST (IDR3.STT): reserved here, ILLEGAL. */
	s2_geom(ste, 25, 3);
	expect_bad_ste(fx, ste);
	/*
	 * Inconsistent start level (§5.2 S2SL0, Arm ARM VTCR_EL2): at most 16
	 * concatenated tables, so a 4K start level resolves 1..13 bits.
	 * T0SZ=25 from level 2: 39 - 21 = 18 bits (512 tables).
	 */
	s2_geom(ste, 25, 0);
	expect_bad_ste(fx, ste);
	/* T0SZ=34 from level 1: 30 - 30 = 0 bits, the level resolves nothing. */
	s2_geom(ste, 34, 1);
	expect_bad_ste(fx, ste);
	s2_geom(ste, 34, 0);   /* 30 - 21 = 9 bits from level 2 */
	expect_reaches_tables(fx, ste);
	/* Concatenation at level 1: 43-bit IPA is 13 bits (16 tables, legal), 44-bit is 14. */
	s2_geom(ste, 21, 1);
	expect_reaches_tables(fx, ste);
	s2_geom(ste, 20, 1);
	expect_bad_ste(fx, ste);
}

static void test_ste_s2ttb_outside_s2ps(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* §5.2: S2TTB beyond the effective S2PS is ILLEGAL.  S2PS 0b000 = 32 bits. */
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2PS, ste[2], 0);
	expect_reaches_tables(fx, ste);   /* FX_S2TTB is below 4 GiB */
	ste[3] = FIELD_ADDR(STE_3_S2TTB, UINT64_C(1) << 32);
	expect_bad_ste(fx, ste);
	/* S2PS 0b010 = 40 bits. */
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2PS, ste[2], 2);
	ste[3] = FIELD_ADDR(STE_3_S2TTB, (UINT64_C(1) << 40) - 0x1000);
	expect_reaches_tables(fx, ste);
	ste[3] = FIELD_ADDR(STE_3_S2TTB, UINT64_C(1) << 40);
	expect_bad_ste(fx, ste);
	/* S2PS 0b110 (52 bits) is capped by IDR5.OAS (48): the effective size is 48 bits. */
	fx_ste_s2(ste);
	ste[2] = FIELD_SET(STE_2_S2PS, ste[2], 6);
	ste[3] = FIELD_ADDR(STE_3_S2TTB, (UINT64_C(1) << 48) - 0x1000);
	expect_reaches_tables(fx, ste);
	ste[3] = FIELD_ADDR(STE_3_S2TTB, UINT64_C(1) << 48);
	expect_bad_ste(fx, ste);
}

static void test_ste_s2_fields_ignored_when_stage2_off(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* §5.2: with Config[1]=0 the S2* fields (other than S2VMID) are IGNORED. */
	fx_ste_bypass(ste);
	ste[2] = FIELD_PREP(STE_2_S2TG, 3) | FIELD_PREP(STE_2_S2ENDI, 1) |
		 FIELD_PREP(STE_2_S2S, 1) | FIELD_PREP(STE_2_S2SL0, 3);
	ste[3] = FIELD_ADDR(STE_3_S2TTB, UINT64_C(1) << 51);
	expect_legal(fx, ste, SMMU_BYPASS);
	ste[0] = FIELD_SET(STE_0_CONFIG, ste[0], STE_CONFIG_S1_TRANS);
	expect_reaches_tables(fx, ste);
}

static void test_ste_illegal_not_cached(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS], rec[EVT_DWORDS];
	struct smmu_result r;

	/*
	 * smmu_strtab.c documents the choice: only legal STEs are cached, so a
	 * fixed STE is seen without a CFGI.
	 */
	fx_ste_s2(ste);
	ste[2] |= FIELD_PREP(STE_2_S2S, 1);
	fx_write_ste(fx, FX_STRTAB, 9, ste);
	fx_txn(fx, 9, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, 9, rec);
	fx_ste_bypass(ste);
	fx_write_ste(fx, FX_STRTAB, 9, ste);
	fx_txn(fx, 9, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_BYPASS);
}

static void test_ste_decode_round_trip(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t raw[STE_DWORDS] = { 0 };
	struct smmu_ste e;
	const char *why;

	raw[0] = FIELD_PREP(STE_0_V, 1) | FIELD_PREP(STE_0_CONFIG, STE_CONFIG_NESTED) |
		 FIELD_PREP(STE_0_S1FMT, STE_S1FMT_2LVL_64K) |
		 FIELD_ADDR(STE_0_S1CONTEXTPTR, UINT64_C(0x000f0000123456c0)) |
		 FIELD_PREP(STE_0_S1CDMAX, 17);
	raw[1] = FIELD_PREP(STE_1_S1DSS, STE_S1DSS_SSID0) | FIELD_PREP(STE_1_STRW, STE_STRW_EL2) |
		 FIELD_PREP(STE_1_MEMATTR, 0xa) | FIELD_PREP(STE_1_MTCFG, 1) |
		 FIELD_PREP(STE_1_ALLOCCFG, 0x5) | FIELD_PREP(STE_1_SHCFG, 2) |
		 FIELD_PREP(STE_1_PRIVCFG, 3) | FIELD_PREP(STE_1_INSTCFG, 2);
	raw[2] = FIELD_PREP(STE_2_S2VMID, 0xbeef) | FIELD_PREP(STE_2_S2T0SZ, 25) |
		 FIELD_PREP(STE_2_S2SL0, 1) | FIELD_PREP(STE_2_S2TG, STE_S2TG_4K) |
		 FIELD_PREP(STE_2_S2PS, 4) | FIELD_PREP(STE_2_S2AA64, 1) |
		 FIELD_PREP(STE_2_S2AFFD, 1) | FIELD_PREP(STE_2_S2PTW, 1) |
		 FIELD_PREP(STE_2_S2HA, 1) | FIELD_PREP(STE_2_S2HD, 1) | FIELD_PREP(STE_2_S2R, 1);
	raw[3] = FIELD_ADDR(STE_3_S2TTB, UINT64_C(0x00000abcdef12340));

	why = smmu__ste_decode(fx->smmu, raw, &e);
	if (why)
		fail_msg("legal STE rejected: %s", why);
	for (unsigned i = 0; i < STE_DWORDS; i++)
		assert_int_equal(e.raw[i], raw[i]);
	assert_true(e.valid);
	assert_int_equal(e.config, STE_CONFIG_NESTED);
	assert_true(e.s1_trans);
	assert_true(e.s2_trans);
	assert_int_equal(e.s1fmt, STE_S1FMT_2LVL_64K);
	assert_int_equal(e.s1ctxptr, UINT64_C(0x000f0000123456c0));
	assert_int_equal(e.s1cdmax, 17);
	assert_int_equal(e.s1dss, STE_S1DSS_SSID0);
	assert_int_equal(e.strw, STE_STRW_EL2);
	assert_false(e.s1stalld);
	assert_int_equal(e.memattr, 0xa);
	assert_true(e.mtcfg);
	assert_int_equal(e.alloccfg, 0x5);
	assert_int_equal(e.shcfg, 2);
	assert_int_equal(e.privcfg, 3);
	assert_int_equal(e.instcfg, 2);
	assert_int_equal(e.s2vmid, 0xbeef);
	assert_int_equal(e.s2t0sz, 25);
	assert_int_equal(e.s2sl0, 1);
	assert_int_equal(e.s2tg, STE_S2TG_4K);
	assert_int_equal(e.s2ps, 4);
	assert_true(e.s2aa64);
	assert_false(e.s2endi);
	assert_true(e.s2affd);
	assert_true(e.s2ptw);
	assert_true(e.s2ha);
	assert_true(e.s2hd);
	assert_false(e.s2s);
	assert_true(e.s2r);
	assert_int_equal(e.s2ttb, UINT64_C(0x00000abcdef12340));

	/* Re-encode the decoded fields with the same macros: the dwords come back. */
	uint64_t again[STE_DWORDS] = { 0 };
	again[0] = FIELD_PREP(STE_0_V, e.valid) | FIELD_PREP(STE_0_CONFIG, e.config) |
		   FIELD_PREP(STE_0_S1FMT, e.s1fmt) | FIELD_ADDR(STE_0_S1CONTEXTPTR, e.s1ctxptr) |
		   FIELD_PREP(STE_0_S1CDMAX, e.s1cdmax);
	again[1] = FIELD_PREP(STE_1_S1DSS, e.s1dss) | FIELD_PREP(STE_1_STRW, e.strw) |
		   FIELD_PREP(STE_1_S1STALLD, e.s1stalld) | FIELD_PREP(STE_1_MEMATTR, e.memattr) |
		   FIELD_PREP(STE_1_MTCFG, e.mtcfg) | FIELD_PREP(STE_1_ALLOCCFG, e.alloccfg) |
		   FIELD_PREP(STE_1_SHCFG, e.shcfg) | FIELD_PREP(STE_1_PRIVCFG, e.privcfg) |
		   FIELD_PREP(STE_1_INSTCFG, e.instcfg);
	again[2] = FIELD_PREP(STE_2_S2VMID, e.s2vmid) | FIELD_PREP(STE_2_S2T0SZ, e.s2t0sz) |
		   FIELD_PREP(STE_2_S2SL0, e.s2sl0) | FIELD_PREP(STE_2_S2TG, e.s2tg) |
		   FIELD_PREP(STE_2_S2PS, e.s2ps) | FIELD_PREP(STE_2_S2AA64, e.s2aa64) |
		   FIELD_PREP(STE_2_S2ENDI, e.s2endi) | FIELD_PREP(STE_2_S2AFFD, e.s2affd) |
		   FIELD_PREP(STE_2_S2PTW, e.s2ptw) | FIELD_PREP(STE_2_S2HA, e.s2ha) |
		   FIELD_PREP(STE_2_S2HD, e.s2hd) | FIELD_PREP(STE_2_S2S, e.s2s) |
		   FIELD_PREP(STE_2_S2R, e.s2r);
	again[3] = FIELD_ADDR(STE_3_S2TTB, e.s2ttb);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(again[i], raw[i]);
}

static void test_ste_field_positions_match_spec(void **state)
{
	(void)state;
	/*
	 * §5.2 prints STE bits counted from bit 0 of dword 0; the dword-indexed
	 * masks must land on the same absolute bits: EATS (93,92), STRW (95,94),
	 * S1DSS (65,64), S2VMID (143,128), S2T0SZ (165,160), S2AA64 (179),
	 * S2S (185), S2R (186), S2TTB (243,196) -> dword 3 bits [51:4].
	 */
	assert_int_equal(STE_1_EATS, GENMASK64(93 - 64, 92 - 64));
	assert_int_equal(STE_1_STRW, GENMASK64(95 - 64, 94 - 64));
	assert_int_equal(STE_1_S1DSS, GENMASK64(65 - 64, 64 - 64));
	assert_int_equal(STE_1_S1STALLD, BIT64(91 - 64));
	assert_int_equal(STE_2_S2VMID, GENMASK64(143 - 128, 128 - 128));
	assert_int_equal(STE_2_S2T0SZ, GENMASK64(165 - 128, 160 - 128));
	assert_int_equal(STE_2_S2TG, GENMASK64(175 - 128, 174 - 128));
	assert_int_equal(STE_2_S2PS, GENMASK64(178 - 128, 176 - 128));
	assert_int_equal(STE_2_S2AA64, BIT64(179 - 128));
	assert_int_equal(STE_2_S2S, BIT64(185 - 128));
	assert_int_equal(STE_2_S2R, BIT64(186 - 128));
	assert_int_equal(STE_3_S2TTB, GENMASK64(243 - 192, 196 - 192));
	assert_int_equal(STE_0_S1CDMAX, GENMASK64(63, 59));
}

static void test_ste_eats_ignored_without_ats(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* §5.2 EATS is IGNORED when IDR0.ATS=0 (this SMMU has no ATS). */
	for (unsigned eats = 0; eats < 4; eats++) {
		fx_ste_bypass(ste);
		ste[1] |= FIELD_PREP(STE_1_EATS, eats);
		expect_legal(fx, ste, SMMU_BYPASS);
		fx_ste_s2(ste);
		ste[1] |= FIELD_PREP(STE_1_EATS, eats);
		expect_reaches_tables(fx, ste);
	}
}

static void test_ste_nested_checks_both_stages(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t ste[STE_DWORDS];

	/* Config 0b111 enables both stages, so both stages' ILLEGAL rules apply (§5.2). */
	fx_ste_s2(ste);
	ste[0] = FIELD_SET(STE_0_CONFIG, ste[0], STE_CONFIG_NESTED) |
		 FIELD_ADDR(STE_0_S1CONTEXTPTR, FX_S2TTB);
	expect_reaches_tables(fx, ste);
	ste[2] |= FIELD_PREP(STE_2_S2S, 1);
	expect_bad_ste(fx, ste);
	ste[2] &= ~STE_2_S2S;
	ste[1] |= FIELD_PREP(STE_1_S1STALLD, 1);
	expect_bad_ste(fx, ste);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_enabled, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ste_v0_is_bad_ste),
		T(test_ste_bad_ste_record_carries_substream),
		T(test_ste_config_abort_and_reserved_abort_without_event),
		cmocka_unit_test(test_ste_stage1_config_without_s1p),
		cmocka_unit_test(test_ste_stage2_config_without_s2p),
		cmocka_unit_test(test_ste_s1cdmax_above_ssidsize),
		cmocka_unit_test(test_ste_s1cdmax_ignored_without_substreams),
		cmocka_unit_test(test_ste_s1fmt_2lvl_without_cd2l),
		cmocka_unit_test(test_ste_s1fmt_reserved_behaves_as_linear),
		T(test_ste_s1stalld_with_terminate_model),
		T(test_ste_strw_reserved_streamworld),
		T(test_ste_s2aa64_aarch32_tables_illegal),
		cmocka_unit_test(test_ste_s2tg_reserved_or_unadvertised),
		T(test_ste_s2endi_big_endian_illegal),
		cmocka_unit_test(test_ste_s2_hardware_update_needs_httu),
		T(test_ste_s2s_stall_with_terminate_model),
		cmocka_unit_test(test_ste_s2vmid_16bit_without_vmid16),
		T(test_ste_s2t0sz_range),
		T(test_ste_s2sl0_reserved_or_inconsistent),
		T(test_ste_s2_64k_48bit_ipa_starts_at_level_1),
		T(test_ste_s2ttb_outside_s2ps),
		T(test_ste_s2_fields_ignored_when_stage2_off),
		T(test_ste_eats_ignored_without_ats),
		T(test_ste_nested_checks_both_stages),
		T(test_ste_illegal_not_cached),
		T(test_ste_decode_round_trip),
		cmocka_unit_test(test_ste_field_positions_match_spec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

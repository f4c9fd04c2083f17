/* SPDX-License-Identifier: MIT */
/*
 * Command queue through memory and registers: consumption, errors and their
 * acknowledgement, configuration invalidation scope, CMD_SYNC completion
 * MSIs, wrap-around and the GERROR interrupt.  IHI 0070 §4, §6.3.19-28, §7.1.
 */
#include "tests/smmu_fixture.h"

/* A CMD_SYNC whose MSI writes data to FX_MSI + slot*4: proof that it ran. */
static void put_marker(struct smmu_fx *fx, unsigned slot, uint32_t data)
{
	uint64_t c[CMD_DWORDS];

	fx_cmd_sync_msi(c, FX_MSI + 4u * slot, data);
	fx_cmd_put(fx, c);
}

static void put_op(struct smmu_fx *fx, unsigned op)
{
	uint64_t c[CMD_DWORDS];

	fx_cmd_op(c, op);
	fx_cmd_put(fx, c);
}

static uint32_t cons_rd(struct smmu_fx *fx)
{
	return (uint32_t)FIELD_GET(SMMU_Q_IDX, fx_r32(fx, SMMU_CMDQ_CONS));
}

static unsigned cons_err(struct smmu_fx *fx)
{
	return (unsigned)FIELD_GET(SMMU_CMDQ_CONS_ERR, fx_r32(fx, SMMU_CMDQ_CONS));
}

static bool cmdq_err_active(struct smmu_fx *fx)
{
	return ((fx_r32(fx, SMMU_GERROR) ^ fx_r32(fx, SMMU_GERRORN)) & SMMU_GERROR_CMDQ_ERR) != 0;
}

/* Acknowledge every active global error by copying GERROR into GERRORN (§6.3.20). */
static void ack_gerror(struct smmu_fx *fx)
{
	fx_w32(fx, SMMU_GERRORN, fx_r32(fx, SMMU_GERROR));
}

/* Publish one bad command at index 0 and check it stopped the queue with code cerror. */
static void expect_cmd_error(struct smmu_fx *fx, const uint64_t cmd[CMD_DWORDS], unsigned cerror)
{
	fx_cmd_put(fx, cmd);
	put_marker(fx, 0, 0x600d);
	fx_cmd_publish(fx);
	/* §7.1: CONS stays on the bad command, ERR holds the code, CMDQ_ERR is active. */
	assert_int_equal(cons_rd(fx), 0);
	assert_int_equal(cons_err(fx), cerror);
	assert_true(cmdq_err_active(fx));
	/* The command after it has no effect. */
	assert_int_equal(fx_ram32(fx, FX_MSI), 0);
}

static void test_cmdq_consumed_only_when_cmdqen(void **state)
{
	struct smmu_fx *fx = *state;

	fx_cmdq_init(fx, FX_CMDQ, FX_CMDQ_LOG2);
	put_marker(fx, 0, 0x11);
	put_marker(fx, 1, 0x22);
	fx_cmd_publish(fx);
	/* §7.1: commands are consumed only while CMDQEN=1. */
	assert_int_equal(cons_rd(fx), 0);
	assert_int_equal(fx_ram32(fx, FX_MSI), 0);
	fx_cr0(fx, SMMU_CR0_CMDQEN);
	assert_int_equal(cons_rd(fx), 2);
	assert_int_equal(fx_ram32(fx, FX_MSI), 0x11);
	assert_int_equal(fx_ram32(fx, FX_MSI + 4), 0x22);
	/* Disabled again: a new command waits. */
	fx_cr0(fx, 0);
	put_marker(fx, 2, 0x33);
	fx_cmd_publish(fx);
	assert_int_equal(cons_rd(fx), 2);
	assert_int_equal(fx_ram32(fx, FX_MSI + 8), 0);
}

static void test_cmdq_cons_advances(void **state)
{
	struct smmu_fx *fx = *state;

	for (uint32_t i = 1; i <= 5; i++) {
		fx_cmd_cfgi_ste(fx, i);
		assert_int_equal(cons_rd(fx), i);
	}
	put_op(fx, SMMU_CMD_PREFETCH_CONFIG);
	put_op(fx, SMMU_CMD_TLBI_NH_ALL);
	put_op(fx, SMMU_CMD_TLBI_S12_VMALL);
	put_op(fx, SMMU_CMD_SYNC);
	fx_cmd_publish(fx);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(cons_err(fx), SMMU_CERROR_NONE);
}

static void test_cmdq_illegal_opcode_stops_queue_until_ack(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t bad[CMD_DWORDS], good[CMD_DWORDS];

	fx_cmd_cfgi_ste(fx, 1);
	assert_int_equal(cons_rd(fx), 1);
	/* 0x00 is a reserved opcode (§4.1.1): CERROR_ILL. */
	fx_cmd_op(bad, 0x00);
	fx_cmd_put(fx, bad);
	put_marker(fx, 0, 0xa);
	put_marker(fx, 1, 0xb);
	fx_cmd_publish(fx);
	assert_int_equal(cons_rd(fx), 1);
	assert_int_equal(cons_err(fx), SMMU_CERROR_ILL);
	assert_int_equal(fx_r32(fx, SMMU_GERROR) & SMMU_GERROR_CMDQ_ERR, SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(fx_r32(fx, SMMU_GERRORN) & SMMU_GERROR_CMDQ_ERR, 0);
	assert_int_equal(fx_ram32(fx, FX_MSI), 0);
	assert_int_equal(fx_ram32(fx, FX_MSI + 4), 0);

	/* More PROD writes do nothing while the error is active. */
	put_marker(fx, 2, 0xc);
	fx_cmd_publish(fx);
	assert_int_equal(cons_rd(fx), 1);
	assert_int_equal(fx_ram32(fx, FX_MSI + 8), 0);

	/* Fix the command in place and acknowledge: processing resumes at CONS, no PROD write. */
	fx_cmd_op(good, SMMU_CMD_SYNC);
	fx_write_dwords(fx, FX_CMDQ + 1 * CMD_SIZE, good, CMD_DWORDS);
	ack_gerror(fx);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(fx_ram32(fx, FX_MSI), 0xa);
	assert_int_equal(fx_ram32(fx, FX_MSI + 4), 0xb);
	assert_int_equal(fx_ram32(fx, FX_MSI + 8), 0xc);
}

static void test_cmdq_unfixed_command_errors_again_after_ack(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t bad[CMD_DWORDS];

	fx_cmd_op(bad, 0x7f);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
	/* Acknowledge without fixing: the same command is fetched again and fails again. */
	ack_gerror(fx);
	assert_true(cmdq_err_active(fx));
	assert_int_equal(cons_rd(fx), 0);
	/* GERROR.CMDQ_ERR toggled back to 0; GERRORN holds 1 (§6.3.19: errors toggle). */
	assert_int_equal(fx_r32(fx, SMMU_GERROR) & SMMU_GERROR_CMDQ_ERR, 0);
	assert_int_equal(fx_r32(fx, SMMU_GERRORN) & SMMU_GERROR_CMDQ_ERR, SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(fx_ram32(fx, FX_MSI), 0);
}

static void test_cmdq_reserved_opcodes_are_ill(void **state)
{
	static const unsigned ops[] = { 0x00, 0x08, 0x14, 0x2b, 0x47, 0x7f, 0xff };
	uint64_t bad[CMD_DWORDS];

	(void)state;
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct smmu_fx *fx = fx_create(NULL);

		fx_enable_default(fx);
		fx_cmd_op(bad, ops[i]);
		expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
		fx_destroy(fx);
	}
}

static void test_cmdq_ssec_is_ill(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t bad[CMD_DWORDS];

	/* §4.1.6: SSec=1 on the Non-secure command queue is CERROR_ILL. */
	fx_cmd_op(bad, SMMU_CMD_CFGI_STE);
	bad[0] |= FIELD_PREP(CMD_0_SSEC, 1);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
}

static void test_cmdq_ssec_is_ill_on_range_and_prefetch(void **state)
{
	static const unsigned ops[] = { SMMU_CMD_CFGI_STE_RANGE, SMMU_CMD_PREFETCH_CONFIG,
					SMMU_CMD_CFGI_CD, SMMU_CMD_CFGI_CD_ALL };
	uint64_t bad[CMD_DWORDS];

	(void)state;
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct smmu_fx *fx = fx_create(NULL);

		fx_enable_default(fx);
		fx_cmd_op(bad, ops[i]);
		bad[0] |= FIELD_PREP(CMD_0_SSEC, 1);
		expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
		fx_destroy(fx);
	}
}

static void test_cmdq_el3_tlbi_is_ill(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t bad[CMD_DWORDS];

	/* §4.1.3: commands for a feature the SMMU lacks (no Secure/EL3 side) are ILL. */
	fx_cmd_op(bad, SMMU_CMD_TLBI_EL3_ALL);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
}

static void test_cmdq_sync_cs_reserved_is_ill(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t bad[CMD_DWORDS];

	/* §4.7.3 CMD_SYNC.CS=0b11 is reserved: the model treats it as ILL. */
	fx_cmd_op(bad, SMMU_CMD_SYNC);
	bad[0] |= FIELD_PREP(CMD_SYNC_0_CS, 3);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
}

static void test_cmdq_stage_commands_without_stage_are_ill(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t bad[CMD_DWORDS];

	(void)state;
	c.s1p = false;
	fx = fx_create(&c);
	fx_enable_default(fx);
	/* §4.3.3: CFGI_CD without stage 1 is ILL. */
	fx_cmd_op(bad, SMMU_CMD_CFGI_CD);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
	fx_destroy(fx);

	fx = fx_create(&c);
	fx_enable_default(fx);
	fx_cmd_op(bad, SMMU_CMD_TLBI_NH_ASID);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
	fx_destroy(fx);

	c = fx_default_config();
	c.s2p = false;
	fx = fx_create(&c);
	fx_enable_default(fx);
	fx_cmd_op(bad, SMMU_CMD_TLBI_S2_IPA);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
	fx_destroy(fx);
}

static void test_cmdq_fetch_abort(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t base = FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_UNMAPPED) |
			FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, FX_CMDQ_LOG2);

	fx_w64(fx, SMMU_CMDQ_BASE, base);
	fx_cr0(fx, SMMU_CR0_CMDQEN);
	fx_w32(fx, SMMU_CMDQ_PROD, 2);
	/* §7.1 CERROR_ABT: external abort on the fetch; CONS is not incremented. */
	assert_int_equal(cons_rd(fx), 0);
	assert_int_equal(cons_err(fx), SMMU_CERROR_ABT);
	assert_true(cmdq_err_active(fx));
}

/* Standard table, SID sid holds a bypass STE that is now cached; then Config becomes abort. */
static void cache_then_change(struct smmu_fx *fx, uint32_t sid)
{
	uint64_t ste[STE_DWORDS];
	struct smmu_result r;

	fx_ste_bypass(ste);
	fx_write_ste(fx, FX_STRTAB, sid, ste);
	fx_txn(fx, sid, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_BYPASS);
	fx_ste_config(ste, STE_CONFIG_ABORT);
	fx_write_ste(fx, FX_STRTAB, sid, ste);
}

static enum smmu_verdict verdict(struct smmu_fx *fx, uint32_t sid)
{
	struct smmu_result r;

	fx_txn(fx, sid, false, 0, 0x1000, &r);
	return r.verdict;
}

static void test_cmdq_cfgi_ste_scope(void **state)
{
	struct smmu_fx *fx = *state;

	cache_then_change(fx, 10);
	/* The configuration cache serves the stale STE until it is invalidated (§4.3.1). */
	assert_int_equal(verdict(fx, 10), SMMU_BYPASS);
	fx_cmd_cfgi_ste(fx, 11);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(verdict(fx, 10), SMMU_BYPASS);
	fx_cmd_cfgi_ste(fx, 10);
	assert_int_equal(verdict(fx, 10), SMMU_ABORT);
}

static void test_cmdq_cfgi_ste_range_scope(void **state)
{
	struct smmu_fx *fx = *state;

	cache_then_change(fx, 10);
	/* §4.3.2: Range=0 covers the aligned block of 2^(0+1) = 2 SIDs: 8..9. */
	fx_cmd_cfgi_range(fx, 8, 0);
	assert_int_equal(verdict(fx, 10), SMMU_BYPASS);
	/* Range=1 from SID 12: 12..15. */
	fx_cmd_cfgi_range(fx, 12, 1);
	assert_int_equal(verdict(fx, 10), SMMU_BYPASS);
	/* Range=1 with SID 9: the low Range+1 bits are ignored, so 8..11 includes 10. */
	fx_cmd_cfgi_range(fx, 9, 1);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(verdict(fx, 10), SMMU_ABORT);

	/* A larger block: Range=4 covers 32 SIDs, 0x20..0x3f. */
	cache_then_change(fx, 0x3f);
	cache_then_change(fx, 0x40);
	fx_cmd_cfgi_range(fx, 0x21, 4);
	assert_int_equal(verdict(fx, 0x3f), SMMU_ABORT);
	assert_int_equal(verdict(fx, 0x40), SMMU_BYPASS);
}

static void test_cmdq_cfgi_all(void **state)
{
	struct smmu_fx *fx = *state;

	cache_then_change(fx, 1);
	cache_then_change(fx, 200);
	/* §4.3.6 CFGI_ALL is CFGI_STE_RANGE with Range=31; the SID field is IGNORED. */
	fx_cmd_cfgi_range(fx, 0x1234, CMD_CFGI_RANGE_ALL);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(verdict(fx, 1), SMMU_ABORT);
	assert_int_equal(verdict(fx, 200), SMMU_ABORT);
}

static void test_cmdq_sync_msi_writes_32bit_data(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t c[CMD_DWORDS];

	fx_ram_w32(fx, FX_MSI + 0x40, 0x11111111);
	fx_ram_w32(fx, FX_MSI + 0x44, 0x22222222);
	/* §4.7.3: CS=SIG_IRQ with MSI: a 32-bit write of MSIData to MSIAddress. */
	fx_cmd_sync_msi(c, FX_MSI + 0x40, 0xcafef00d);
	fx_cmd(fx, c);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x40), 0xcafef00d);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x44), 0x22222222);

	/* CS=SIG_NONE writes nothing. */
	c[0] = FIELD_SET(CMD_SYNC_0_CS, c[0], CMD_SYNC_CS_NONE);
	c[0] = FIELD_SET(CMD_SYNC_0_MSIDATA, c[0], 0x12345678);
	fx_cmd(fx, c);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x40), 0xcafef00d);
}

static void test_cmdq_sync_msi_abort_raises_gerror(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t c[CMD_DWORDS];

	fx_cmd_sync_msi(c, FX_UNMAPPED, 1);
	fx_cmd(fx, c);
	/* §6.3.19 MSI_CMDQ_ABT_ERR: the CMD_SYNC MSI write aborted.  The SYNC still completes. */
	assert_int_equal(fx_r32(fx, SMMU_GERROR) & SMMU_GERROR_MSI_CMDQ_ABT_ERR,
			 SMMU_GERROR_MSI_CMDQ_ABT_ERR);
	fx_cmdq_assert_drained(fx);
}

static void test_cmdq_sync_msi_address_zero_sends_nothing(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t c[CMD_DWORDS];

	/*
	 * §4.7.3 CMD_SYNC SIG_IRQ: "a write containing MSIData is made to the
	 * physical address given by MSIAddress, if MSIAddress is non-zero".
	 * MSIAddress=0 selects the wired interrupt: no MSI write, so nothing can
	 * abort and GERROR.MSI_CMDQ_ABT_ERR stays clear (PA 0 is unmapped here).
	 */
	fx_cmd_sync_msi(c, 0, 0x1234);
	fx_cmd(fx, c);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(fx_r32(fx, SMMU_GERROR), 0);
}

static void test_cmdq_sync_no_msi_without_idr0_msi(void **state)
{
	struct smmu_config cfg = fx_default_config();
	struct smmu_fx *fx;
	uint64_t c[CMD_DWORDS];

	(void)state;
	cfg.msi = false;
	fx = fx_create(&cfg);
	fx_enable_default(fx);
	/* §4.7.3: without MSI support, MSIAddress and MSIData are IGNORED. */
	fx_cmd_sync_msi(c, FX_MSI, 0x1234);
	fx_cmd(fx, c);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(fx_ram32(fx, FX_MSI), 0);
	fx_destroy(fx);
}

static void test_cmdq_wrap_around(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t base = FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_CMDQ) | FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, 2);
	unsigned n = 0;

	/* A 4-entry queue: indexes [1:0], wrap bit [2] (§6.3.27). */
	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN);
	fx_w64(fx, SMMU_CMDQ_BASE, base);
	fx_w32(fx, SMMU_CMDQ_PROD, 0);
	fx_w32(fx, SMMU_CMDQ_CONS, 0);
	fx->cmdq_log2 = 2;
	fx->cmdq_prod = 0;
	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN);

	/* Batches of 3, then a full queue of 4, then 3 more: 13 commands over 4 PROD writes. */
	static const unsigned batch[] = { 3, 3, 4, 3 };
	for (unsigned b = 0; b < 4; b++) {
		for (unsigned i = 0; i < batch[b]; i++, n++)
			put_marker(fx, n, 0x100 + n);
		fx_cmd_publish(fx);
		/* CONS catches up with PROD, including the wrap bit. */
		assert_int_equal(fx_r32(fx, SMMU_CMDQ_CONS), fx->cmdq_prod);
	}
	/* 13 commands: PROD = 13 mod 8 = 5, i.e. wrap bit 1, index 1. */
	assert_int_equal(fx->cmdq_prod, 5);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(fx_ram32(fx, FX_MSI + 4u * i), 0x100 + i);
}

static void test_cmdq_gerror_irq_msi(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t bad[CMD_DWORDS];

	fx_w64(fx, SMMU_GERROR_IRQ_CFG0, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, FX_MSI + 0x100));
	fx_w32(fx, SMMU_GERROR_IRQ_CFG1, 0x5a5a0001);
	fx_w32(fx, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_GERROR_IRQEN);
	assert_int_equal(fx_r32(fx, SMMU_IRQ_CTRLACK), SMMU_IRQ_CTRL_GERROR_IRQEN);
	fx_cmd_op(bad, 0x7f);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
	/* §6.3.21-23: the GERROR MSI writes CFG1 data at the CFG0 address. */
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x100), 0x5a5a0001);
}

static void test_cmdq_gerror_no_msi_without_irqen(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t bad[CMD_DWORDS];

	fx_w64(fx, SMMU_GERROR_IRQ_CFG0, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, FX_MSI + 0x100));
	fx_w32(fx, SMMU_GERROR_IRQ_CFG1, 0x5a5a0001);
	fx_cmd_op(bad, 0x7f);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x100), 0);
}

static void test_cmdq_gerror_no_second_msi_while_active(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t bad[CMD_DWORDS];

	fx_w64(fx, SMMU_GERROR_IRQ_CFG0, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, FX_MSI + 0x100));
	fx_w32(fx, SMMU_GERROR_IRQ_CFG1, 1);
	fx_w32(fx, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_GERROR_IRQEN);
	fx_cmd_op(bad, 0x7f);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x100), 1);
	fx_ram_w32(fx, FX_MSI + 0x100, 0);
	/* While CMDQ_ERR is active, no new error is raised and no second MSI is sent. */
	fx_cmd_publish(fx);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x100), 0);
	/* After acknowledging, the unfixed command errors again: a new MSI. */
	ack_gerror(fx);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x100), 1);
}

static void test_cmdq_unimplemented_feature_commands_are_ill(void **state)
{
	/*
	 * §4.7 RESUME/STALL_TERM are ILL with STALL_MODEL=0b01; ATC_INV (no ATS),
	 * PRI_RESP (no PRI) and CFGI_VMS_PIDM (no MPAM) are for absent features
	 * (§4.1.3), which smmu_cmdq.c treats as reserved opcodes.
	 */
	static const unsigned ops[] = { SMMU_CMD_RESUME, SMMU_CMD_STALL_TERM, SMMU_CMD_ATC_INV,
					SMMU_CMD_PRI_RESP, SMMU_CMD_CFGI_VMS_PIDM,
					SMMU_CMD_TLBI_EL3_VA };
	uint64_t bad[CMD_DWORDS];

	(void)state;
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct smmu_fx *fx = fx_create(NULL);

		fx_enable_default(fx);
		fx_cmd_op(bad, ops[i]);
		expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
		fx_destroy(fx);
	}
}

static void test_cmdq_el2_tlbi_needs_hyp(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint64_t bad[CMD_DWORDS];

	(void)state;
	/* With IDR0.Hyp=1 the EL2 invalidations run ... */
	fx = fx_create(NULL);
	fx_enable_default(fx);
	put_op(fx, SMMU_CMD_TLBI_EL2_ALL);
	put_op(fx, SMMU_CMD_TLBI_EL2_ASID);
	fx_cmd_publish(fx);
	fx_cmdq_assert_drained(fx);
	fx_destroy(fx);

	/* ... without it, smmu_cmdq.c treats them as reserved (documented choice): ILL. */
	c.hyp = false;
	fx = fx_create(&c);
	fx_enable_default(fx);
	fx_cmd_op(bad, SMMU_CMD_TLBI_EL2_ALL);
	expect_cmd_error(fx, bad, SMMU_CERROR_ILL);
	fx_destroy(fx);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_enabled, fx_teardown)
#define T0(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T0(test_cmdq_consumed_only_when_cmdqen),
		T(test_cmdq_cons_advances),
		T(test_cmdq_illegal_opcode_stops_queue_until_ack),
		T(test_cmdq_unfixed_command_errors_again_after_ack),
		cmocka_unit_test(test_cmdq_reserved_opcodes_are_ill),
		T(test_cmdq_ssec_is_ill),
		cmocka_unit_test(test_cmdq_ssec_is_ill_on_range_and_prefetch),
		T(test_cmdq_el3_tlbi_is_ill),
		T(test_cmdq_sync_cs_reserved_is_ill),
		cmocka_unit_test(test_cmdq_stage_commands_without_stage_are_ill),
		cmocka_unit_test(test_cmdq_unimplemented_feature_commands_are_ill),
		cmocka_unit_test(test_cmdq_el2_tlbi_needs_hyp),
		T0(test_cmdq_fetch_abort),
		T(test_cmdq_cfgi_ste_scope),
		T(test_cmdq_cfgi_ste_range_scope),
		T(test_cmdq_cfgi_all),
		T(test_cmdq_sync_msi_writes_32bit_data),
		T(test_cmdq_sync_msi_abort_raises_gerror),
		T(test_cmdq_sync_msi_address_zero_sends_nothing),
		cmocka_unit_test(test_cmdq_sync_no_msi_without_idr0_msi),
		T0(test_cmdq_wrap_around),
		T(test_cmdq_gerror_irq_msi),
		T(test_cmdq_gerror_no_msi_without_irqen),
		T(test_cmdq_gerror_no_second_msi_while_active),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

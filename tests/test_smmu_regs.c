/* SPDX-License-Identifier: MIT */
/*
 * SMMU register file through MMIO only: ID registers, reset values, CR0 and
 * its acknowledgement, guarded registers, GBPA updates, IRQ_CTRL, 64-bit
 * registers through 32-bit halves, reserved offsets.  IHI 0070 §6.3.
 */
#include "tests/smmu_fixture.h"

static void test_regs_idr_default_config(void **state)
{
	struct smmu_fx *fx = *state;
	uint32_t idr0 = fx_r32(fx, SMMU_IDR0);
	uint32_t idr1 = fx_r32(fx, SMMU_IDR1);
	uint32_t idr5 = fx_r32(fx, SMMU_IDR5);

	assert_int_equal(FIELD_GET(SMMU_IDR0_S1P, idr0), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR0_S2P, idr0), 1);
	/* §6.3.1 TTF: 0b10 = AArch64 translation tables only. */
	assert_int_equal(FIELD_GET(SMMU_IDR0_TTF, idr0), 2);
	assert_int_equal(FIELD_GET(SMMU_IDR0_COHACC, idr0), 1);
	/* §6.3.1 HTTU: 0b10 = access flag and dirty state. */
	assert_int_equal(FIELD_GET(SMMU_IDR0_HTTU, idr0), 2);
	assert_int_equal(FIELD_GET(SMMU_IDR0_HYP, idr0), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR0_ATS, idr0), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR0_PRI, idr0), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR0_ASID16, idr0), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR0_VMID16, idr0), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR0_MSI, idr0), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR0_SEV, idr0), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR0_CD2L, idr0), 1);
	/* §6.3.1 TTENDIAN: 0b10 = little-endian only. */
	assert_int_equal(FIELD_GET(SMMU_IDR0_TTENDIAN, idr0), 2);
	/* §6.3.1 STALL_MODEL: 0b01 = stall not supported, terminate only. */
	assert_int_equal(FIELD_GET(SMMU_IDR0_STALL_MODEL, idr0), 1);
	/* §6.3.1 ST_LEVEL: 0b01 = 2-level stream table supported. */
	assert_int_equal(FIELD_GET(SMMU_IDR0_ST_LEVEL, idr0), 1);

	assert_int_equal(FIELD_GET(SMMU_IDR1_SIDSIZE, idr1), 16);
	assert_int_equal(FIELD_GET(SMMU_IDR1_SSIDSIZE, idr1), 20);
	/* §6.3.2: queue sizes are log2 of the entry count; 19 is the architected maximum. */
	assert_int_equal(FIELD_GET(SMMU_IDR1_CMDQS, idr1), 19);
	assert_int_equal(FIELD_GET(SMMU_IDR1_EVENTQS, idr1), 19);
	assert_int_equal(FIELD_GET(SMMU_IDR1_PRIQS, idr1), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR1_TABLES_PRESET, idr1), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR1_QUEUES_PRESET, idr1), 0);

	/* §6.3.6 OAS: 0b101 = 48 bits. */
	assert_int_equal(FIELD_GET(SMMU_IDR5_OAS, idr5), 5);
	assert_int_equal(FIELD_GET(SMMU_IDR5_GRAN4K, idr5), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR5_GRAN16K, idr5), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR5_GRAN64K, idr5), 1);
}

static void test_regs_idr_custom_config(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	uint32_t idr0, idr1, idr5;

	(void)state;
	c.s2p = false;
	c.sidsize = 8;
	c.ssidsize = 0;
	c.oas = 40;
	c.st_2lvl = false;
	c.msi = false;
	c.vmid16 = false;
	c.gran16k = false;
	c.cmdqs = 8;
	c.eventqs = 7;
	fx = fx_create(&c);
	idr0 = fx_r32(fx, SMMU_IDR0);
	idr1 = fx_r32(fx, SMMU_IDR1);
	idr5 = fx_r32(fx, SMMU_IDR5);

	assert_int_equal(FIELD_GET(SMMU_IDR0_S2P, idr0), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR0_S1P, idr0), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR0_MSI, idr0), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR0_VMID16, idr0), 0);
	/* §6.3.1 ST_LEVEL: 0b00 = linear stream table only. */
	assert_int_equal(FIELD_GET(SMMU_IDR0_ST_LEVEL, idr0), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR1_SIDSIZE, idr1), 8);
	assert_int_equal(FIELD_GET(SMMU_IDR1_SSIDSIZE, idr1), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR1_CMDQS, idr1), 8);
	assert_int_equal(FIELD_GET(SMMU_IDR1_EVENTQS, idr1), 7);
	/* §6.3.6 OAS: 0b010 = 40 bits. */
	assert_int_equal(FIELD_GET(SMMU_IDR5_OAS, idr5), 2);
	assert_int_equal(FIELD_GET(SMMU_IDR5_GRAN4K, idr5), 1);
	assert_int_equal(FIELD_GET(SMMU_IDR5_GRAN16K, idr5), 0);
	assert_int_equal(FIELD_GET(SMMU_IDR5_GRAN64K, idr5), 1);
	fx_destroy(fx);
}

static void test_regs_oas_encodings(void **state)
{
	/* §6.3.6 OAS: 32,36,40,42,44,48,52 bits are 0b000..0b110. */
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	(void)state;
	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		struct smmu_config c = fx_default_config();
		struct smmu_fx *fx;

		c.oas = bits[i];
		fx = fx_create(&c);
		assert_int_equal(FIELD_GET(SMMU_IDR5_OAS, fx_r32(fx, SMMU_IDR5)), i);
		fx_destroy(fx);
	}
}

static void test_regs_aidr_is_smmuv3_1(void **state)
{
	struct smmu_fx *fx = *state;
	uint32_t aidr = fx_r32(fx, SMMU_AIDR);

	/* §6.3.8: ArchMajorRev 0 = SMMUv3, ArchMinorRev 1 = SMMUv3.1, so AIDR = 0x01. */
	assert_int_equal(aidr, 0x01);
	assert_int_equal(FIELD_GET(SMMU_AIDR_ARCHMAJORREV, aidr), 0);
	assert_int_equal(FIELD_GET(SMMU_AIDR_ARCHMINORREV, aidr), 1);
}

static void test_regs_reset_values(void **state)
{
	struct smmu_fx *fx = *state;
	uint32_t gbpa = fx_r32(fx, SMMU_GBPA);

	assert_int_equal(fx_r32(fx, SMMU_CR0), 0);
	assert_int_equal(fx_r32(fx, SMMU_CR0ACK), 0);
	assert_int_equal(fx_r32(fx, SMMU_CR1), 0);
	assert_int_equal(fx_r32(fx, SMMU_CR2), 0);
	assert_int_equal(fx_r32(fx, SMMU_IRQ_CTRL), 0);
	assert_int_equal(fx_r32(fx, SMMU_IRQ_CTRLACK), 0);
	assert_int_equal(fx_r32(fx, SMMU_GERROR), 0);
	assert_int_equal(fx_r32(fx, SMMU_GERRORN), 0);
	assert_int_equal(fx_r32(fx, SMMU_STATUSR), 0);
	assert_int_equal(fx_r64(fx, SMMU_STRTAB_BASE), 0);
	assert_int_equal(fx_r32(fx, SMMU_STRTAB_BASE_CFG), 0);
	assert_int_equal(fx_r64(fx, SMMU_CMDQ_BASE), 0);
	assert_int_equal(fx_r32(fx, SMMU_CMDQ_PROD), 0);
	assert_int_equal(fx_r32(fx, SMMU_CMDQ_CONS), 0);
	assert_int_equal(fx_r64(fx, SMMU_EVENTQ_BASE), 0);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_PROD), 0);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_CONS), 0);
	assert_int_equal(fx_r64(fx, SMMU_GERROR_IRQ_CFG0), 0);
	assert_int_equal(fx_r64(fx, SMMU_EVENTQ_IRQ_CFG0), 0);
	/*
	 * §6.3 SMMU_GBPA: Update resets to 0; the other fields are IMPLEMENTATION
	 * DEFINED.  The model resets SHCFG to 0b01 (use incoming, as QEMU) and
	 * ABORT to smmu_config.gbpa_abort_reset (0 by default).
	 */
	assert_int_equal(FIELD_GET(SMMU_GBPA_SHCFG, gbpa), 1);
	assert_int_equal(FIELD_GET(SMMU_GBPA_ABORT, gbpa), 0);
	assert_int_equal(FIELD_GET(SMMU_GBPA_UPDATE, gbpa), 0);
	assert_int_equal(gbpa & ~SMMU_GBPA_SHCFG, 0);
}

static void test_regs_gbpa_abort_reset_config(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;
	struct smmu_result r;

	(void)state;
	c.gbpa_abort_reset = true;
	fx = fx_create(&c);
	assert_int_equal(FIELD_GET(SMMU_GBPA_ABORT, fx_r32(fx, SMMU_GBPA)), 1);
	/* §6.3.14: SMMUEN=0 and GBPA.ABORT=1 terminate incoming transactions. */
	fx_txn(fx, 0, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	fx_destroy(fx);
}

static void test_regs_cr0_ack_mirror_drops_res0(void **state)
{
	struct smmu_fx *fx = *state;
	uint32_t en = (uint32_t)(SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN);

	/* PRIQEN and ATSCHK are RES0 without IDR0.PRI/ATS (§6.3.9); VMW without IDR0.VMW. */
	fx_w32(fx, SMMU_CR0, en | SMMU_CR0_PRIQEN | SMMU_CR0_ATSCHK | SMMU_CR0_VMW);
	assert_int_equal(fx_r32(fx, SMMU_CR0), en);
	assert_int_equal(fx_r32(fx, SMMU_CR0ACK), en);

	fx_w32(fx, SMMU_CR0, SMMU_CR0_EVENTQEN);
	assert_int_equal(fx_r32(fx, SMMU_CR0ACK), SMMU_CR0_EVENTQEN);
	fx_w32(fx, SMMU_CR0, 0);
	assert_int_equal(fx_r32(fx, SMMU_CR0ACK), 0);
}

static void test_regs_cr0ack_is_read_only(void **state)
{
	struct smmu_fx *fx = *state;

	fx_w32(fx, SMMU_CR0ACK, SMMU_CR0_SMMUEN);
	assert_int_equal(fx_r32(fx, SMMU_CR0ACK), 0);
	fx_w32(fx, SMMU_IDR0, 0);
	assert_int_not_equal(fx_r32(fx, SMMU_IDR0), 0);
	fx_w32(fx, SMMU_GERROR, SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(fx_r32(fx, SMMU_GERROR), 0);
}

static void test_regs_guarded_by_smmuen(void **state)
{
	struct smmu_fx *fx = *state;
	uint32_t cr1 = (uint32_t)FIELD_PREP(SMMU_CR1_TABLE_SH, 3);
	uint32_t cfg = (uint32_t)FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, 8);
	uint64_t base = FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, FX_STRTAB);

	fx_w32(fx, SMMU_CR1, cr1);
	fx_w32(fx, SMMU_CR2, SMMU_CR2_RECINVSID);
	fx_w64(fx, SMMU_STRTAB_BASE, base);
	fx_w32(fx, SMMU_STRTAB_BASE_CFG, cfg);
	fx_cr0(fx, SMMU_CR0_SMMUEN);

	/* §6.3.11/12/24/25: guarded by SMMUEN; writes while enabled are ignored. */
	fx_w32(fx, SMMU_CR1, 0);
	fx_w32(fx, SMMU_CR2, SMMU_CR2_PTM);
	fx_w64(fx, SMMU_STRTAB_BASE, FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, FX_L2));
	fx_w32(fx, SMMU_STRTAB_BASE + 4, 0x1);
	fx_w32(fx, SMMU_STRTAB_BASE_CFG, FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, 4));
	assert_int_equal(fx_r32(fx, SMMU_CR1), cr1);
	assert_int_equal(fx_r32(fx, SMMU_CR2), SMMU_CR2_RECINVSID);
	assert_int_equal(fx_r64(fx, SMMU_STRTAB_BASE), base);
	assert_int_equal(fx_r32(fx, SMMU_STRTAB_BASE_CFG), cfg);
	assert_true(fx->warnings >= 5);

	/* Once SMMUEN (and its ACK) is 0 again, the same writes take effect. */
	fx_cr0(fx, 0);
	fx_w32(fx, SMMU_CR1, 0);
	fx_w32(fx, SMMU_CR2, SMMU_CR2_PTM);
	fx_w32(fx, SMMU_STRTAB_BASE_CFG, FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, 4));
	assert_int_equal(fx_r32(fx, SMMU_CR1), 0);
	assert_int_equal(fx_r32(fx, SMMU_CR2), SMMU_CR2_PTM);
	assert_int_equal(fx_r32(fx, SMMU_STRTAB_BASE_CFG),
			 FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, 4));
}

static void test_regs_cmdq_base_guarded_by_cmdqen(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t base = FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_CMDQ) | FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, 4);

	fx_w64(fx, SMMU_CMDQ_BASE, base);
	fx_cr0(fx, SMMU_CR0_CMDQEN);
	fx_w64(fx, SMMU_CMDQ_BASE, FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_EVTQ));
	fx_w32(fx, SMMU_CMDQ_BASE, 0);
	assert_int_equal(fx_r64(fx, SMMU_CMDQ_BASE), base);
	/* CMDQEN alone does not guard the event queue base. */
	fx_w64(fx, SMMU_EVENTQ_BASE, FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_EVTQ));
	assert_int_equal(fx_r64(fx, SMMU_EVENTQ_BASE), FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_EVTQ));
	fx_cr0(fx, 0);
	fx_w64(fx, SMMU_CMDQ_BASE, 0);
	assert_int_equal(fx_r64(fx, SMMU_CMDQ_BASE), 0);
}

static void test_regs_eventq_base_guarded_by_eventqen(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t base = FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_EVTQ) | FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, 4);

	fx_w64(fx, SMMU_EVENTQ_BASE, base);
	fx_cr0(fx, SMMU_CR0_EVENTQEN);
	fx_w64(fx, SMMU_EVENTQ_BASE, FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_CMDQ));
	fx_w32(fx, SMMU_EVENTQ_BASE + 4, 0x1);
	assert_int_equal(fx_r64(fx, SMMU_EVENTQ_BASE), base);
	fx_cr0(fx, 0);
	fx_w64(fx, SMMU_EVENTQ_BASE, 0);
	assert_int_equal(fx_r64(fx, SMMU_EVENTQ_BASE), 0);
}

static void test_regs_gbpa_update_applies_and_completes(void **state)
{
	struct smmu_fx *fx = *state;
	struct smmu_result r;
	uint32_t want = (uint32_t)(SMMU_GBPA_ABORT | FIELD_PREP(SMMU_GBPA_MEMATTR, 0xf) |
				   FIELD_PREP(SMMU_GBPA_SHCFG, 2));

	fx_txn(fx, 3, false, 0, 0x1234, &r);
	fx_assert_verdict(&r, SMMU_BYPASS);
	assert_int_equal(r.pa, 0x1234);

	/* §6.3.14: the update is applied and UPDATE reads back 0 when complete. */
	fx_w32(fx, SMMU_GBPA, want | SMMU_GBPA_UPDATE);
	assert_int_equal(fx_r32(fx, SMMU_GBPA), want);
	fx_txn(fx, 3, false, 0, 0x1234, &r);
	fx_assert_verdict(&r, SMMU_ABORT);
	fx_assert_no_event(fx);
}

static void test_regs_gbpa_write_without_update_ignored(void **state)
{
	struct smmu_fx *fx = *state;
	uint32_t before = fx_r32(fx, SMMU_GBPA);
	struct smmu_result r;

	fx_w32(fx, SMMU_GBPA, SMMU_GBPA_ABORT);
	assert_int_equal(fx_r32(fx, SMMU_GBPA), before);
	fx_txn(fx, 3, false, 0, 0x1234, &r);
	fx_assert_verdict(&r, SMMU_BYPASS);
}

static void test_regs_irq_ctrl_ack(void **state)
{
	struct smmu_fx *fx = *state;
	uint32_t en = (uint32_t)(SMMU_IRQ_CTRL_GERROR_IRQEN | SMMU_IRQ_CTRL_EVENTQ_IRQEN);

	/* PRIQ_IRQEN is RES0 without IDR0.PRI. */
	fx_w32(fx, SMMU_IRQ_CTRL, en | SMMU_IRQ_CTRL_PRIQ_IRQEN);
	assert_int_equal(fx_r32(fx, SMMU_IRQ_CTRL), en);
	assert_int_equal(fx_r32(fx, SMMU_IRQ_CTRLACK), en);
	fx_w32(fx, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	assert_int_equal(fx_r32(fx, SMMU_IRQ_CTRLACK), SMMU_IRQ_CTRL_EVENTQ_IRQEN);
}

static void test_regs_64bit_through_32bit_halves(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t want = FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, UINT64_C(0x000f123456789a40)) |
			SMMU_STRTAB_BASE_RA;

	fx_w32(fx, SMMU_STRTAB_BASE, (uint32_t)want);
	fx_w32(fx, SMMU_STRTAB_BASE + 4, (uint32_t)(want >> 32));
	assert_int_equal(fx_r64(fx, SMMU_STRTAB_BASE), want);
	assert_int_equal(fx_r32(fx, SMMU_STRTAB_BASE), (uint32_t)want);
	assert_int_equal(fx_r32(fx, SMMU_STRTAB_BASE + 4), (uint32_t)(want >> 32));

	/* Writing one half leaves the other alone. */
	fx_w32(fx, SMMU_STRTAB_BASE + 4, 0);
	assert_int_equal(fx_r64(fx, SMMU_STRTAB_BASE), (uint32_t)want);

	fx_w32(fx, SMMU_EVENTQ_IRQ_CFG0, 0x1234567b);
	fx_w32(fx, SMMU_EVENTQ_IRQ_CFG0 + 4, 0x9);
	/* §6.3.30 EVENTQ_IRQ_CFG0.ADDR is [51:2]: bits [1:0] read as zero. */
	assert_int_equal(fx_r64(fx, SMMU_EVENTQ_IRQ_CFG0), UINT64_C(0x912345678) & ~UINT64_C(3));
}

static void test_regs_64bit_res0_bits_dropped(void **state)
{
	struct smmu_fx *fx = *state;

	/* §6.3.24 STRTAB_BASE: RA is bit 62, ADDR is [51:6]; every other bit is RES0. */
	fx_w64(fx, SMMU_STRTAB_BASE, UINT64_MAX);
	assert_int_equal(fx_r64(fx, SMMU_STRTAB_BASE), UINT64_C(0x400fffffffffffc0));
	/* §6.3.26 CMDQ_BASE: RA bit 62, ADDR [51:5], LOG2SIZE [4:0]. */
	fx_w64(fx, SMMU_CMDQ_BASE, UINT64_MAX);
	assert_int_equal(fx_r64(fx, SMMU_CMDQ_BASE), UINT64_C(0x400fffffffffffff));
	/* §6.3.25 STRTAB_BASE_CFG: FMT [17:16], SPLIT [10:6], LOG2SIZE [5:0]. */
	fx_w32(fx, SMMU_STRTAB_BASE_CFG, UINT32_MAX);
	assert_int_equal(fx_r32(fx, SMMU_STRTAB_BASE_CFG), 0x307ff);
}

static void test_regs_reserved_offset_raz_and_warns(void **state)
{
	struct smmu_fx *fx = *state;
	unsigned w = fx->warnings;

	/* 0x38 lies between CR2 (0x2C) and STATUSR (0x40): reserved, RAZ/WI. */
	assert_int_equal(fx_r32(fx, 0x38), 0);
	assert_int_equal(fx->warnings, w + 1);
	fx_w32(fx, 0x38, 0xffffffff);
	assert_int_equal(fx->warnings, w + 2);
	assert_int_equal(fx_r32(fx, 0x38), 0);
	/* A reserved offset in page 1 too. */
	assert_int_equal(fx_r32(fx, SMMU_PAGE1 + 0x20), 0);
	assert_int_equal(fx->warnings, w + 4);
}

static void test_regs_page0_eventq_prod_is_raz(void **state)
{
	struct smmu_fx *fx = *state;
	unsigned w;

	fx_w32(fx, SMMU_EVENTQ_PROD, 5);
	fx_w32(fx, SMMU_EVENTQ_CONS, 3);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_PROD), 5);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_CONS), 3);
	w = fx->warnings;
	/* EVENTQ_PROD/CONS live in page 1 only (§6.2); page-0 0xA8/0xAC are reserved here. */
	assert_int_equal(fx_r32(fx, 0xA8), 0);
	assert_int_equal(fx_r32(fx, 0xAC), 0);
	assert_int_equal(fx->warnings, w + 2);
	fx_w32(fx, 0xA8, 9);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_PROD), 5);
}

static void test_regs_queue_pointer_writes(void **state)
{
	struct smmu_fx *fx = *state;

	/* With the queues disabled, software may set CONS/PROD; the index field is [19:0]. */
	fx_cmdq_init(fx, FX_CMDQ, 4);
	fx_evtq_init(fx, FX_EVTQ, 4);
	fx_w32(fx, SMMU_CMDQ_CONS, 0xfff00007);
	assert_int_equal(FIELD_GET(SMMU_Q_IDX, fx_r32(fx, SMMU_CMDQ_CONS)), 7);
	fx_w32(fx, SMMU_EVENTQ_PROD, SMMU_EVENTQ_PROD_OVFLG | 0x7ff00003);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_PROD), SMMU_EVENTQ_PROD_OVFLG | 3);
	fx_w32(fx, SMMU_EVENTQ_CONS, SMMU_EVENTQ_CONS_OVACKFLG | 2);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_CONS), SMMU_EVENTQ_CONS_OVACKFLG | 2);
}

static void test_regs_eventq_prod_guarded_by_eventqen(void **state)
{
	struct smmu_fx *fx = *state;

	fx_evtq_init(fx, FX_EVTQ, 4);
	fx_cr0(fx, SMMU_CR0_EVENTQEN);
	/* §6.3.95 EVENTQ_PROD is written by software only while the queue is disabled. */
	fx_w32(fx, SMMU_EVENTQ_PROD, 4);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_PROD), 0);
	/* CONS belongs to software always. */
	fx_w32(fx, SMMU_EVENTQ_CONS, 0);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_CONS), 0);
}

static void test_regs_cr2_e2h_res0_without_hyp(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;

	(void)state;
	c.hyp = false;
	fx = fx_create(&c);
	/* §6.3.12: E2H is RES0 when IDR0.Hyp = 0. */
	fx_w32(fx, SMMU_CR2, SMMU_CR2_E2H | SMMU_CR2_RECINVSID);
	assert_int_equal(fx_r32(fx, SMMU_CR2), SMMU_CR2_RECINVSID);
	fx_destroy(fx);

	fx = fx_create(NULL);
	fx_w32(fx, SMMU_CR2, SMMU_CR2_E2H | SMMU_CR2_RECINVSID);
	assert_int_equal(fx_r32(fx, SMMU_CR2), SMMU_CR2_E2H | SMMU_CR2_RECINVSID);
	fx_destroy(fx);
}

static void test_regs_irq_cfg_res0_without_msi(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;

	(void)state;
	c.msi = false;
	fx = fx_create(&c);
	/* §6.3: the *_IRQ_CFGn registers are RES0 when IDR0.MSI = 0. */
	fx_w64(fx, SMMU_GERROR_IRQ_CFG0, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, FX_MSI));
	fx_w32(fx, SMMU_EVENTQ_IRQ_CFG1, 0x1234);
	assert_int_equal(fx_r64(fx, SMMU_GERROR_IRQ_CFG0), 0);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_IRQ_CFG1), 0);
	fx_destroy(fx);
}

static void test_regs_irq_cfg_guarded_by_irqen(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t addr = FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, FX_MSI);

	fx_w64(fx, SMMU_GERROR_IRQ_CFG0, addr);
	fx_w32(fx, SMMU_GERROR_IRQ_CFG1, 0xabcd);
	fx_w32(fx, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_GERROR_IRQEN);
	fx_w64(fx, SMMU_GERROR_IRQ_CFG0, 0);
	fx_w32(fx, SMMU_GERROR_IRQ_CFG1, 0);
	assert_int_equal(fx_r64(fx, SMMU_GERROR_IRQ_CFG0), addr);
	assert_int_equal(fx_r32(fx, SMMU_GERROR_IRQ_CFG1), 0xabcd);
}

static void test_regs_64bit_access_to_32bit_register(void **state)
{
	struct smmu_fx *fx = *state;
	unsigned w = fx->warnings;

	/*
	 * §6.2: 32-bit registers take 32-bit accesses; smmu_mmio.c documents
	 * that a 64-bit access to one reads zero / is ignored, with a warning.
	 */
	assert_int_equal(fx_r64(fx, SMMU_IDR0), 0);
	assert_int_equal(fx->warnings, w + 1);
	fx_w64(fx, SMMU_CR0, SMMU_CR0_SMMUEN);
	assert_int_equal(fx->warnings, w + 2);
	assert_int_equal(fx_r32(fx, SMMU_CR0), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_regs_idr_default_config),
		cmocka_unit_test(test_regs_idr_custom_config),
		cmocka_unit_test(test_regs_oas_encodings),
		T(test_regs_aidr_is_smmuv3_1),
		T(test_regs_reset_values),
		cmocka_unit_test(test_regs_gbpa_abort_reset_config),
		cmocka_unit_test(test_regs_irq_cfg_res0_without_msi),
		T(test_regs_cr0_ack_mirror_drops_res0),
		T(test_regs_cr0ack_is_read_only),
		T(test_regs_guarded_by_smmuen),
		T(test_regs_cmdq_base_guarded_by_cmdqen),
		T(test_regs_eventq_base_guarded_by_eventqen),
		T(test_regs_gbpa_update_applies_and_completes),
		T(test_regs_gbpa_write_without_update_ignored),
		T(test_regs_irq_ctrl_ack),
		T(test_regs_64bit_through_32bit_halves),
		T(test_regs_64bit_res0_bits_dropped),
		T(test_regs_64bit_access_to_32bit_register),
		T(test_regs_reserved_offset_raz_and_warns),
		T(test_regs_page0_eventq_prod_is_raz),
		T(test_regs_queue_pointer_writes),
		T(test_regs_eventq_prod_guarded_by_eventqen),
		T(test_regs_cr2_e2h_res0_without_hyp),
		T(test_regs_irq_cfg_guarded_by_irqen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

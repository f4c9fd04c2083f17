/* SPDX-License-Identifier: MIT */
/*
 * Event queue through memory and registers: record layout, EVENTQEN=0,
 * overflow signalling and its acknowledgement, wrap-around, the event
 * queue MSI, record write aborts; event encode/decode and the event and
 * command name lists.  IHI 0070 §6.3.29, §6.3.95-96, §7.3, §7.4.
 */
#include "tests/smmu_fixture.h"

/* Raise one C_BAD_STE: the stream table is all zero, so every STE has V=0. */
static enum smmu_event_status bad_ste(struct smmu_fx *fx, uint32_t sid)
{
	struct smmu_result r;

	fx_txn(fx, sid, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	assert_int_equal(r.event.type, SMMU_EVT_C_BAD_STE);
	return r.event_status;
}

static uint32_t prod(struct smmu_fx *fx)
{
	return fx_r32(fx, SMMU_EVENTQ_PROD);
}

/* Standard setup but with an event queue of 2^log2 records. */
static struct smmu_fx *fx_evtq(unsigned log2)
{
	struct smmu_fx *fx = fx_create(NULL);

	fx_strtab_linear(fx, FX_STRTAB, FX_STRTAB_LOG2);
	fx_evtq_init(fx, FX_EVTQ, log2);
	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN);
	return fx;
}

static void test_evtq_record_layout(void **state)
{
	struct smmu_fx *fx = *state;
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	fx_txn(fx, 0x42, true, 0x1234, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, 0x42, rec);
	/*
	 * §7.3.5 C_BAD_STE: Type [7:0] = 0x04, SSV [11] = 1, SubstreamID [31:12]
	 * = 0x1234, StreamID [63:32] = 0x42; dwords 1-3 RES0.
	 */
	assert_int_equal(rec[0], UINT64_C(0x0000004201234804));
	assert_int_equal(rec[1], 0);
	assert_int_equal(rec[2], 0);
	assert_int_equal(rec[3], 0);
	assert_int_equal(FIELD_GET(EVT_0_TYPE, rec[0]), SMMU_EVT_C_BAD_STE);
	assert_int_equal(FIELD_GET(EVT_0_SSV, rec[0]), 1);
	assert_int_equal(FIELD_GET(EVT_0_SSID, rec[0]), 0x1234);
	assert_int_equal(FIELD_GET(EVT_0_SID, rec[0]), 0x42);
}

static void test_evtq_record_layout_bad_streamid_wide_sid(void **state)
{
	struct smmu_fx *fx = *state;
	struct smmu_result r;
	uint64_t rec[EVT_DWORDS];

	fx_txn(fx, 0xfedcba98, false, 0, 0x1000, &r);
	fx_assert_verdict(&r, SMMU_FAULT);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STREAMID, 0xfedcba98, rec);
	/* §7.3.3: Type 0x02, no SSV, StreamID [63:32] holds all 32 bits. */
	assert_int_equal(rec[0], UINT64_C(0xfedcba9800000002));
}

static void test_evtq_disabled_discards_without_overflow(void **state)
{
	struct smmu_fx *fx = *state;
	uint64_t rec[EVT_DWORDS];

	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_CMDQEN);
	/* §7.4: with EVENTQEN=0 events are discarded and no overflow is signalled. */
	for (unsigned i = 0; i < 40; i++)
		assert_int_equal(bad_ste(fx, i), SMMU_EVQ_DISABLED);
	assert_int_equal(prod(fx), 0);
	assert_int_equal(fx_r32(fx, SMMU_EVENTQ_CONS), 0);
	fx_read_dwords(fx, FX_EVTQ, rec, EVT_DWORDS);
	assert_int_equal(rec[0], 0);
	/* Re-enabled, the next event is recorded at index 0. */
	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN);
	assert_int_equal(bad_ste(fx, 77), SMMU_EVQ_RECORDED);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, 77, rec);
	fx_assert_no_event(fx);
}

static void test_evtq_overflow_toggles_once_and_acks(void **state)
{
	struct smmu_fx *fx = fx_evtq(1);
	uint64_t rec[EVT_DWORDS];

	(void)state;
	/* Two records fill a 2-entry queue: PROD = wrap 1, index 0 = 0b10 (§7.4). */
	assert_int_equal(bad_ste(fx, 1), SMMU_EVQ_RECORDED);
	assert_int_equal(bad_ste(fx, 2), SMMU_EVQ_RECORDED);
	assert_int_equal(prod(fx), 2);

	/* Full: the record is discarded and OVFLG toggles. */
	assert_int_equal(bad_ste(fx, 3), SMMU_EVQ_OVERFLOW);
	assert_int_equal(prod(fx), SMMU_EVENTQ_PROD_OVFLG | 2);
	/* Already pending (OVFLG != OVACKFLG): no second toggle. */
	assert_int_equal(bad_ste(fx, 4), SMMU_EVQ_OVERFLOW);
	assert_int_equal(prod(fx), SMMU_EVENTQ_PROD_OVFLG | 2);

	/* Records are still delivered while the overflow is pending. */
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, 1, rec);
	assert_int_equal(bad_ste(fx, 5), SMMU_EVQ_RECORDED);
	assert_int_equal(prod(fx), SMMU_EVENTQ_PROD_OVFLG | 3);
	assert_int_equal(bad_ste(fx, 6), SMMU_EVQ_OVERFLOW);
	assert_int_equal(prod(fx), SMMU_EVENTQ_PROD_OVFLG | 3);

	/* Software acknowledges: CONS.OVACKFLG = PROD.OVFLG (CONS.RD = 1 kept). */
	fx_w32(fx, SMMU_EVENTQ_CONS, SMMU_EVENTQ_CONS_OVACKFLG | 1);
	/* A later overflow toggles OVFLG again, back to 0 ... */
	assert_int_equal(bad_ste(fx, 7), SMMU_EVQ_OVERFLOW);
	assert_int_equal(prod(fx), 3);
	/* ... and is pending again, so no third toggle. */
	assert_int_equal(bad_ste(fx, 8), SMMU_EVQ_OVERFLOW);
	assert_int_equal(prod(fx), 3);

	/* What was kept: SID 2 then SID 5, in order. */
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, 2, rec);
	fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, 5, rec);
	fx_assert_no_event(fx);
	fx_destroy(fx);
}

static void test_evtq_records_at_base_and_prod_wraps(void **state)
{
	struct smmu_fx *fx = fx_evtq(2);
	uint64_t rec[EVT_DWORDS];

	(void)state;
	/* 4-entry queue: record n lands at EVENTQ_BASE + (n mod 4) * 32 (§7.4). */
	for (uint32_t n = 0; n < 10; n++) {
		assert_int_equal(bad_ste(fx, 0x10 + n), SMMU_EVQ_RECORDED);
		fx_read_dwords(fx, FX_EVTQ + (n % 4) * EVT_SIZE, rec, EVT_DWORDS);
		assert_int_equal(FIELD_GET(EVT_0_SID, rec[0]), 0x10 + n);
		/* PROD.WR counts modulo 2 * 4: index [1:0] plus wrap bit [2]. */
		assert_int_equal(prod(fx), (n + 1) % 8);
		fx_pop_expect(fx, SMMU_EVT_C_BAD_STE, 0x10 + n, rec);
	}
	fx_destroy(fx);
}

static void test_evtq_log2size_capped_by_eventqs(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;

	(void)state;
	c.eventqs = 1;
	fx = fx_create(&c);
	fx_strtab_linear(fx, FX_STRTAB, FX_STRTAB_LOG2);
	/* §6.3.29: LOG2SIZE above IDR1.EVENTQS behaves as EVENTQS: 2 entries, not 16. */
	fx_evtq_init(fx, FX_EVTQ, 4);
	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN);
	assert_int_equal(bad_ste(fx, 1), SMMU_EVQ_RECORDED);
	assert_int_equal(bad_ste(fx, 2), SMMU_EVQ_RECORDED);
	assert_int_equal(bad_ste(fx, 3), SMMU_EVQ_OVERFLOW);
	fx_destroy(fx);
}

static void test_evtq_msi(void **state)
{
	struct smmu_fx *fx = *state;

	fx_w64(fx, SMMU_EVENTQ_IRQ_CFG0, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, FX_MSI + 0x200));
	fx_w32(fx, SMMU_EVENTQ_IRQ_CFG1, 0xe0e0e0e0);
	/* No EVENTQ_IRQEN yet: no MSI. */
	assert_int_equal(bad_ste(fx, 1), SMMU_EVQ_RECORDED);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x200), 0);
	/* §6.3.16 EVENTQ_IRQEN: the MSI writes CFG1 data to the CFG0 address. */
	fx_w32(fx, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	assert_int_equal(fx_r32(fx, SMMU_IRQ_CTRLACK), SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	assert_int_equal(bad_ste(fx, 2), SMMU_EVQ_RECORDED);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x200), 0xe0e0e0e0);
	assert_int_equal(fx_ram32(fx, FX_MSI + 0x204), 0);
}

static void test_evtq_no_msi_without_idr0_msi_or_address(void **state)
{
	struct smmu_config c = fx_default_config();
	struct smmu_fx *fx;

	(void)state;
	/* SMMU_EVENTQ_IRQ_CFG0 (§6.3): "If ADDR == 0, no MSI is sent". */
	fx = fx_create(NULL);
	fx_enable_default(fx);
	fx_w32(fx, SMMU_EVENTQ_IRQ_CFG1, 0x77);
	fx_w32(fx, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	assert_int_equal(bad_ste(fx, 1), SMMU_EVQ_RECORDED);
	assert_int_equal(fx_r32(fx, SMMU_GERROR), 0);
	fx_destroy(fx);

	/* IDR0.MSI=0: no MSI whatever the configuration registers hold. */
	c.msi = false;
	fx = fx_create(&c);
	fx_enable_default(fx);
	fx_w64(fx, SMMU_EVENTQ_IRQ_CFG0, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, FX_MSI));
	fx_w32(fx, SMMU_EVENTQ_IRQ_CFG1, 0x77);
	fx_w32(fx, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	assert_int_equal(bad_ste(fx, 1), SMMU_EVQ_RECORDED);
	assert_int_equal(fx_ram32(fx, FX_MSI), 0);
	fx_destroy(fx);
}

static void test_evtq_msi_abort_raises_gerror(void **state)
{
	struct smmu_fx *fx = *state;

	fx_w64(fx, SMMU_EVENTQ_IRQ_CFG0, FIELD_ADDR(SMMU_IRQ_CFG0_ADDR, FX_UNMAPPED));
	fx_w32(fx, SMMU_EVENTQ_IRQ_CFG1, 1);
	fx_w32(fx, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	assert_int_equal(bad_ste(fx, 1), SMMU_EVQ_RECORDED);
	/* §6.3.19 MSI_EVENTQ_ABT_ERR: the event queue MSI write aborted. */
	assert_int_equal(fx_r32(fx, SMMU_GERROR) & SMMU_GERROR_MSI_EVENTQ_ABT_ERR,
			 SMMU_GERROR_MSI_EVENTQ_ABT_ERR);
}

static void test_evtq_write_abort_raises_gerror(void **state)
{
	struct smmu_fx *fx = fx_create(NULL);
	uint64_t base = FIELD_ADDR(SMMU_Q_BASE_ADDR, FX_UNMAPPED) | FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, 4);

	(void)state;
	fx_strtab_linear(fx, FX_STRTAB, FX_STRTAB_LOG2);
	fx_w64(fx, SMMU_EVENTQ_BASE, base);
	fx_cr0(fx, SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN);
	/* §6.3.19 EVENTQ_ABT_ERR: an external abort writing the record. */
	assert_int_equal(bad_ste(fx, 1), SMMU_EVQ_ABORTED);
	assert_int_equal(fx_r32(fx, SMMU_GERROR) & SMMU_GERROR_EVENTQ_ABT_ERR,
			 SMMU_GERROR_EVENTQ_ABT_ERR);
	/* Nothing was written, so PROD does not move. */
	assert_int_equal(prod(fx), 0);
	fx_destroy(fx);
}

static void test_evtq_event_encode_decode_round_trip(void **state)
{
	struct smmu_event in = {
		.type = SMMU_EVT_F_PERMISSION, .sid = 0xdeadbeef, .ssv = true, .ssid = 0xfffff,
		.rnw = true, .pnu = true, .ind = true, .s2 = true, .class_ = EVT_CLASS_IN,
		.input_addr = UINT64_C(0xffff800012345678),
		.addr3 = FIELD_ADDR(EVT_3_IPA, UINT64_C(0x000f123456789000)),
	}, out;
	uint64_t rec[EVT_DWORDS];

	(void)state;
	smmu_event_encode(&in, rec);
	memset(&out, 0xa5, sizeof(out));
	smmu_event_decode(rec, &out);
	assert_int_equal(out.type, in.type);
	assert_int_equal(out.sid, in.sid);
	assert_int_equal(out.ssv, in.ssv);
	assert_int_equal(out.ssid, in.ssid);
	assert_int_equal(out.rnw, in.rnw);
	assert_int_equal(out.pnu, in.pnu);
	assert_int_equal(out.ind, in.ind);
	assert_int_equal(out.s2, in.s2);
	assert_int_equal(out.class_, in.class_);
	assert_int_equal(out.input_addr, in.input_addr);
	assert_int_equal(out.addr3, in.addr3);

	/* Each flag alone, at the bit §7.3 draws it (dword 1 = record bits 64..127). */
	struct smmu_event one = { .type = SMMU_EVT_F_TRANSLATION, .rnw = true };
	smmu_event_encode(&one, rec);
	assert_int_equal(rec[1], BIT64(99 - 64));
	one = (struct smmu_event){ .type = SMMU_EVT_F_TRANSLATION, .pnu = true };
	smmu_event_encode(&one, rec);
	assert_int_equal(rec[1], BIT64(97 - 64));
	one = (struct smmu_event){ .type = SMMU_EVT_F_TRANSLATION, .ind = true };
	smmu_event_encode(&one, rec);
	assert_int_equal(rec[1], BIT64(98 - 64));
	one = (struct smmu_event){ .type = SMMU_EVT_F_TRANSLATION, .s2 = true };
	smmu_event_encode(&one, rec);
	assert_int_equal(rec[1], BIT64(103 - 64));
	one = (struct smmu_event){ .type = SMMU_EVT_F_TRANSLATION, .class_ = 3 };
	smmu_event_encode(&one, rec);
	assert_int_equal(rec[1], GENMASK64(105 - 64, 104 - 64));
}

static void test_evtq_event_names_agree(void **state)
{
	const char *const *names = smmu_event_names();
	unsigned n = 0;

	(void)state;
#define X(name, code)                                                   \
	assert_string_equal(smmu_event_name(code), #name);              \
	assert_int_equal(smmu_event_from_name(#name), code);            \
	assert_string_equal(names[n], #name);                           \
	n++;
	SMMU_EVENT_LIST(X)
#undef X
	assert_null(names[n]);
	assert_null(smmu_event_name(0x00));
	assert_null(smmu_event_name(0xff));
	assert_int_equal(smmu_event_from_name("F_NO_SUCH_EVENT"), -1);
	assert_int_equal(smmu_event_from_name(""), -1);
	/* Spot checks against §7.3's table. */
	assert_int_equal(smmu_event_from_name("C_BAD_STREAMID"), 0x02);
	assert_int_equal(smmu_event_from_name("F_STE_FETCH"), 0x03);
	assert_int_equal(smmu_event_from_name("C_BAD_STE"), 0x04);
	assert_int_equal(smmu_event_from_name("F_STREAM_DISABLED"), 0x06);
	assert_int_equal(smmu_event_from_name("C_BAD_SUBSTREAMID"), 0x08);
	assert_int_equal(smmu_event_from_name("F_TRANSLATION"), 0x10);
}

static void test_evtq_cmd_names_agree(void **state)
{
	(void)state;
#define X(name, op, fn)                                                 \
	assert_string_equal(smmu_cmd_name(op), #name);                  \
	assert_int_equal(smmu_cmd_from_name(#name), op);
	SMMU_CMD_LIST(X)
#undef X
	assert_null(smmu_cmd_name(0x00));
	assert_null(smmu_cmd_name(0x7f));
	assert_int_equal(smmu_cmd_from_name("CMD_NOPE"), -1);
	/* Spot checks against §4.1.1. */
	assert_int_equal(smmu_cmd_from_name("CMD_CFGI_STE"), 0x03);
	assert_int_equal(smmu_cmd_from_name("CMD_CFGI_STE_RANGE"), 0x04);
	assert_int_equal(smmu_cmd_from_name("CMD_TLBI_NH_ALL"), 0x10);
	assert_int_equal(smmu_cmd_from_name("CMD_TLBI_S12_VMALL"), 0x28);
	assert_int_equal(smmu_cmd_from_name("CMD_SYNC"), 0x46);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_enabled, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_evtq_record_layout),
		T(test_evtq_record_layout_bad_streamid_wide_sid),
		T(test_evtq_disabled_discards_without_overflow),
		cmocka_unit_test(test_evtq_overflow_toggles_once_and_acks),
		cmocka_unit_test(test_evtq_records_at_base_and_prod_wraps),
		cmocka_unit_test(test_evtq_log2size_capped_by_eventqs),
		T(test_evtq_msi),
		cmocka_unit_test(test_evtq_no_msi_without_idr0_msi_or_address),
		T(test_evtq_msi_abort_raises_gerror),
		cmocka_unit_test(test_evtq_write_abort_raises_gerror),
		cmocka_unit_test(test_evtq_event_encode_decode_round_trip),
		cmocka_unit_test(test_evtq_event_names_agree),
		cmocka_unit_test(test_evtq_cmd_names_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * The harness driver: its lines are checked at parse time, and what it
 * programs is visible in the SMMU's registers and in memory, read back
 * through the public API only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "harness/driver.h"
#include "harness/trace.h"
#include "model/mem.h"
#include "smmu/smmu_cmd.h"
#include "smmu/smmu_regs.h"
#include "smmu/smmu_ste.h"

#define SMMU 0x09050000u

struct fx {
	struct smmuits *sys;
	struct driver drv;
	struct trace t;
	struct trace_diag d;
};

static int setup(void **state)
{
	static struct fx f;
	char err[128];

	memset(&f, 0, sizeof(f));
	if (smmuits_create(NULL, &f.sys, err, sizeof(err)))
		return -1;
	driver_init(&f.drv, f.sys);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	trace_free(&f->t);
	trace_diag_free(&f->d);
	smmuits_destroy(f->sys);
	return 0;
}

static int parse(struct fx *f, const char *text)
{
	struct trace_ext ext = { .verbs = driver_verbs, .check = driver_check };

	trace_free(&f->t);
	trace_diag_free(&f->d);
	return trace_parse(text, strlen(text), "d.trace", &ext, &f->t, &f->d);
}

/* Parse and run every line; returns the first failing driver_exec code. */
static int exec(struct fx *f, const char *text)
{
	char sum[256];
	struct sm_err e = { 0 };

	assert_int_equal(parse(f, text), SM_OK);
	for (size_t i = 0; i < f->t.nsteps; i++) {
		int rc = driver_exec(&f->drv, &f->t.steps[i], sum, sizeof(sum), &e);
		if (rc)
			return rc;
	}
	return SM_OK;
}

static uint64_t reg(struct fx *f, uint32_t off, unsigned size)
{
	uint64_t v = 0;

	assert_int_equal(smmuits_read(f->sys, SMMU + off, size, &v, NULL), SM_OK);
	return v;
}

static uint64_t mem64(struct fx *f, uint64_t pa)
{
	uint8_t b[8];

	assert_int_equal(smmuits_read_block(f->sys, pa, b, 8), SM_OK);
	return mem_le_get(b, 8);
}

static void test_driver_rejects_unknown_key_at_parse_time(void **state)
{
	struct fx *f = *state;

	assert_int_equal(parse(f, "ste sid=1 config=bypass colour=red\n"), SM_EINVAL);
	assert_non_null(strstr(f->d.text, "d.trace:1: error: ste: unknown key 'colour'"));
}

static void test_driver_rejects_bad_words_at_parse_time(void **state)
{
	struct fx *f = *state;

	assert_int_equal(parse(f, "ste sid=1 config=sideways\nsmmu-init strtab=3lvl\n"
				  "cmd CMD_NOPE\nsync cs=loud\nste config=bypass\ngbpa\n"), SM_EINVAL);
	assert_int_equal(f->d.count, 6);
}

static void test_driver_init_programs_linux_layout(void **state)
{
	struct fx *f = *state;
	uint64_t base, cfg;

	assert_int_equal(exec(f, "smmu-init sidbits=16 strtab=2lvl split=8\n"), SM_OK);
	assert_int_equal(reg(f, SMMU_CR0ACK, 4),
			 SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN);
	cfg = reg(f, SMMU_STRTAB_BASE_CFG, 4);
	assert_int_equal(FIELD_GET(SMMU_STRTAB_BASE_CFG_FMT, cfg), SMMU_STRTAB_FMT_2LVL);
	assert_int_equal(FIELD_GET(SMMU_STRTAB_BASE_CFG_LOG2SIZE, cfg), 16);
	assert_int_equal(FIELD_GET(SMMU_STRTAB_BASE_CFG_SPLIT, cfg), 8);
	base = reg(f, SMMU_STRTAB_BASE, 8);
	/* qemu-virt: the driver heap starts 16 MiB below the top of RAM */
	assert_int_equal(FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, base), 0x7f000000);
	assert_true(base & SMMU_STRTAB_BASE_RA);
	assert_true(reg(f, SMMU_CR2, 4) & SMMU_CR2_RECINVSID);
	/* CFGI_ALL, TLBI_EL2_ALL, TLBI_NSNH_ALL, SYNC all consumed */
	assert_int_equal(reg(f, SMMU_CMDQ_CONS, 4), 4);
	assert_int_equal(reg(f, SMMU_CMDQ_PROD, 4), 4);
}

static void test_driver_ste_writes_fields_and_allocates_l2(void **state)
{
	struct fx *f = *state;
	uint64_t l1, ste0, ste1, l2;

	assert_int_equal(exec(f, "smmu-init sidbits=16 strtab=2lvl split=8\n"
				 "ste sid=0x305 config=s1 s1cdmax=4 s1dss=1\n"), SM_OK);
	l1 = mem64(f, 0x7f000000 + 3 * L1STD_SIZE);
	/* Linux gives every level-2 table 2^SPLIT STEs: Span = SPLIT + 1 */
	assert_int_equal(FIELD_GET(L1STD_0_SPAN, l1), 9);
	l2 = FIELD_ADDR(L1STD_0_L2PTR, l1);
	ste0 = mem64(f, l2 + 5 * STE_SIZE);
	ste1 = mem64(f, l2 + 5 * STE_SIZE + 8);
	assert_true(ste0 & STE_0_V);
	assert_int_equal(FIELD_GET(STE_0_CONFIG, ste0), STE_CONFIG_S1_TRANS);
	assert_int_equal(FIELD_GET(STE_0_S1CDMAX, ste0), 4);
	assert_int_equal(FIELD_GET(STE_1_S1DSS, ste1), STE_S1DSS_BYPASS);
	/* the other STEs of the new table hold the default (abort) */
	assert_int_equal(FIELD_GET(STE_0_CONFIG, mem64(f, l2)), STE_CONFIG_ABORT);
	assert_true(mem64(f, l2) & STE_0_V);
}

static void test_driver_cmd_reports_cerror_and_ack_recovers(void **state)
{
	struct fx *f = *state;
	uint64_t sync_addr = 0x40003000;

	assert_int_equal(exec(f, "smmu-init sidbits=8\n"), SM_OK);
	assert_int_equal(exec(f, "cmd w0=0x7f\n"), SM_EINVAL);
	assert_int_equal(FIELD_GET(SMMU_CMDQ_CONS_ERR, reg(f, SMMU_CMDQ_CONS, 4)), SMMU_CERROR_ILL);
	assert_int_equal(exec(f, "cmd w0=0x7f cerror=ill\n"), SM_OK); /* still stuck: expected */
	assert_int_equal(exec(f, "gerror-ack\n"), SM_OK);
	/* after the ack, the second bad command is found and stops the queue again */
	assert_int_equal(FIELD_GET(SMMU_CMDQ_CONS_ERR, reg(f, SMMU_CMDQ_CONS, 4)), SMMU_CERROR_ILL);
	assert_int_equal(exec(f, "gerror-ack\n"), SM_OK);
	assert_int_equal(exec(f, "sync cs=irq msiaddr=0x40003000 msidata=0x99\n"), SM_OK);
	assert_int_equal(mem64(f, sync_addr) & 0xffffffff, 0x99);
}

static void test_driver_ste_before_init_fails(void **state)
{
	struct fx *f = *state;

	assert_int_equal(exec(f, "ste sid=1 config=bypass\n"), SM_EINVAL);
}

static void test_driver_sid_outside_table_fails(void **state)
{
	struct fx *f = *state;

	assert_int_equal(exec(f, "smmu-init sidbits=4 strtab=linear\n"), SM_OK);
	assert_int_equal(exec(f, "ste sid=16 config=bypass\n"), SM_ERANGE);
}

static void test_driver_cfgi_all_alias_encodes_range_31(void **state)
{
	struct fx *f = *state;
	uint64_t cmdq;
	uint32_t prod;

	assert_int_equal(exec(f, "smmu-init sidbits=8\ncmd CMD_CFGI_ALL\n"), SM_OK);
	cmdq = FIELD_ADDR(SMMU_Q_BASE_ADDR, reg(f, SMMU_CMDQ_BASE, 8));
	prod = (uint32_t)reg(f, SMMU_CMDQ_PROD, 4);
	/* the command just issued is at PROD - 1 */
	assert_int_equal(FIELD_GET(CMD_0_OP, mem64(f, cmdq + (prod - 1) * CMD_SIZE)),
			 SMMU_CMD_CFGI_STE_RANGE);
	assert_int_equal(FIELD_GET(CMD_1_RANGE, mem64(f, cmdq + (prod - 1) * CMD_SIZE + 8)),
			 CMD_CFGI_RANGE_ALL);
}

/* Found by fuzzing: each of these once hung or hit undefined behaviour. */
static void test_driver_map_of_a_huge_range_is_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(exec(f, "smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1\n"), SM_OK);
	/* 64 GiB in 4 KiB pages at an address that allows no blocks: 16M leaves */
	assert_int_equal(exec(f, "map sid=1 iova=0x80c0201000 pa=0x40202000 size=0x1000000000\n"),
			 SM_ERANGE);
}

static void test_driver_out_of_range_field_values_are_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(exec(f, "smmu-init sidbits=8\n"), SM_OK);
	/* S1CDMax is a 5-bit field: a wider value was a shift past 64 bits */
	assert_int_equal(exec(f, "ste sid=1 config=s1 s1cdmax=100\n"), SM_ERANGE);
	assert_int_equal(exec(f, "gic-init\nits-init\n"), SM_OK);
	/* MAPD's Size holds EventID bits - 1 in 5 bits */
	assert_int_equal(exec(f, "its-mapd dev=1 eventbits=90\n"), SM_ERANGE);
	assert_int_equal(exec(f, "its-mapd dev=1 eventbits=0\n"), SM_ERANGE);
}

static void test_driver_refused_cd_geometry_keeps_the_old_tables(void **state)
{
	struct fx *f = *state;

	assert_int_equal(exec(f, "smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1\n"), SM_OK);
	/* ias=200 is refused; the context's tables must stay usable */
	assert_int_equal(exec(f, "cd sid=1 ias=200\n"), SM_EINVAL);
	assert_int_equal(exec(f, "map sid=1 iova=0x10000 pa=0x40010000 size=0x1000\n"), SM_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_driver_rejects_unknown_key_at_parse_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_rejects_bad_words_at_parse_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_init_programs_linux_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_ste_writes_fields_and_allocates_l2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_cmd_reports_cerror_and_ack_recovers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_ste_before_init_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_sid_outside_table_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_cfgi_all_alias_encodes_range_31, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_map_of_a_huge_range_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_out_of_range_field_values_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_refused_cd_geometry_keeps_the_old_tables, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

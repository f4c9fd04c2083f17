/* SPDX-License-Identifier: MIT */
/*
 * Trace format v1 parser (harness/trace_parse.c, docs/trace-format.md).
 * Every input is parsed as file "t.trace" so diagnostics can be compared
 * as whole strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness/trace.h"

struct fx {
	struct trace t;
	struct trace_diag d;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	trace_free(&f->t);
	trace_diag_free(&f->d);
	free(f);
	return 0;
}

/* Parse a NUL-terminated string (the NUL is not part of the input). */
static int parse_ext(struct fx *f, const char *text, const struct trace_ext *ext)
{
	trace_free(&f->t);
	trace_diag_free(&f->d);
	return trace_parse(text, strlen(text), "t.trace", ext, &f->t, &f->d);
}

static int parse(struct fx *f, const char *text)
{
	return parse_ext(f, text, NULL);
}

/* Parse one line that must be valid; returns its step. */
static const struct trace_step *parse_ok(struct fx *f, const char *text)
{
	int rc = parse(f, text);

	if (rc != SM_OK)
		fail_msg("unexpected error for '%s': %s", text, f->d.text ? f->d.text : "");
	assert_int_equal(f->t.nsteps, 1);
	return &f->t.steps[0];
}

/* Parse text that must give exactly one diagnostic, equal to want. */
static void parse_err_ext(struct fx *f, const char *text, const struct trace_ext *ext,
			  const char *want)
{
	assert_int_equal(parse_ext(f, text, ext), SM_EINVAL);
	assert_int_equal(f->d.count, 1);
	assert_non_null(f->d.text);
	assert_string_equal(f->d.text, want);
}

static void parse_err(struct fx *f, const char *text, const char *want)
{
	parse_err_ext(f, text, NULL, want);
}

/* ---- numbers ---------------------------------------------------------- */

static void test_parse_u64_decimal_and_hex(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(trace_parse_u64("0", 1, &v), SM_OK);
	assert_int_equal(v, 0);
	assert_int_equal(trace_parse_u64("4096", 4, &v), SM_OK);
	assert_int_equal(v, 4096);
	assert_int_equal(trace_parse_u64("0XaBcD", 6, &v), SM_OK);
	assert_int_equal(v, 0xabcd);
	assert_int_equal(trace_parse_u64("18446744073709551615", 20, &v), SM_OK);
	assert_true(v == UINT64_MAX);
	assert_int_equal(trace_parse_u64("0xffffffffffffffff", 18, &v), SM_OK);
	assert_true(v == UINT64_MAX);
	/* Leading zeros are fine, in both bases. */
	assert_int_equal(trace_parse_u64("0x00000000000000000001", 22, &v), SM_OK);
	assert_int_equal(v, 1);
	assert_int_equal(trace_parse_u64("007", 3, &v), SM_OK);
	assert_int_equal(v, 7);
}

static void test_parse_u64_rejects_bad_input(void **state)
{
	static const char *const bad[] = {
		"", "0x", "-1", "+1", "1_000", "0xg", "12a", "0b101", " 1",
		"18446744073709551616",      /* 2^64 */
		"0x10000000000000000",       /* 2^64 */
		"99999999999999999999",
	};
	uint64_t v = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(trace_parse_u64(bad[i], strlen(bad[i]), &v), SM_EINVAL);
		assert_int_equal(v, 42); /* untouched on error */
	}
}

static void test_parse_u64_reads_only_n_bytes(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(trace_parse_u64("123xyz", 3, &v), SM_OK);
	assert_int_equal(v, 123);
	assert_int_equal(trace_parse_u64("0x1fz", 4, &v), SM_OK);
	assert_int_equal(v, 0x1f);
}

/* ---- platform ----------------------------------------------------------- */

static void test_parse_platform_name(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st = parse_ok(f, "platform configs/virt.plat\n");

	assert_int_equal(st->op, TRACE_PLATFORM);
	assert_int_equal(st->line, 1);
	assert_string_equal(st->name, "configs/virt.plat");
}

static void test_parse_platform_after_access_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "# focus: ordering\nwrite32 0x0 1\nplatform virt\n",
		  "t.trace:3: error: platform must come before the first access (line 2)\n");
}

/* ---- timing: profile, at=, cycles=, issue-interval ------------------------ */

static void test_parse_profile_and_timing_fields(void **state)
{
	struct fx *f = *state;

	assert_int_equal(parse(f, "profile gem5\nplatform qemu-virt\n"
			       "dma read sid=1 iova=0x1000 size=64 at=500 cycles=103\n"
			       "msi sid=2 iova=0x8000040 data=3 at=600\n"
			       "issue-interval sid=1 cycles=18\n"
			       "dma read sid=1 iova=0x1000 size=64\n"), SM_OK);
	assert_int_equal(f->t.steps[0].op, TRACE_PROFILE);
	assert_string_equal(f->t.steps[0].name, "gem5");
	assert_true(f->t.steps[2].flags & TRACE_F_AT);
	assert_int_equal(f->t.steps[2].at, 500);
	assert_true(f->t.steps[2].flags & TRACE_F_CYCLES);
	assert_int_equal(f->t.steps[2].expect, 103);
	assert_int_equal(f->t.steps[3].at, 600);
	assert_false(f->t.steps[3].flags & TRACE_F_CYCLES);
	assert_int_equal(f->t.steps[4].op, TRACE_ISSUE_INTERVAL);
	assert_int_equal(f->t.steps[4].sid, 1);
	assert_int_equal(f->t.steps[4].value, 18);
	assert_false(f->t.steps[5].flags & TRACE_F_AT);
}

static void test_parse_timing_errors(void **state)
{
	struct fx *f = *state;

	parse_err(f, "write32 0x0 1\nprofile gem5\n",
		  "t.trace:2: error: profile must come before the first access (line 1)\n");
	parse_err(f, "profile a\nprofile b\n",
		  "t.trace:2: error: profile given twice (first on line 1)\n");
	parse_err(f, "dma read sid=1 iova=0 size=4 at=-1\n",
		  "t.trace:1: error: dma at=-1 is negative (numbers are unsigned)\n");
	parse_err(f, "dma read sid=1 iova=0 size=4 at=0x8000000000000000\n",
		  "t.trace:1: error: dma at=0x8000000000000000 does not fit in 63 bits\n");
	parse_err(f, "issue-interval sid=1\n",
		  "t.trace:1: error: issue-interval: sid= and cycles= are required\n");
	parse_err(f, "issue-interval sid=1 cycles=0x100000000\n",
		  "t.trace:1: error: issue-interval cycles=0x100000000 does not fit in 32 bits\n");
}

static void test_parse_platform_twice_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "platform a\nplatform b\n",
		  "t.trace:2: error: platform given twice (first on line 1)\n");
}

static void test_parse_platform_name_too_long_is_error(void **state)
{
	struct fx *f = *state;
	char line[16 + TRACE_NAME_LEN];

	memcpy(line, "platform ", 9);
	memset(line + 9, 'a', TRACE_NAME_LEN - 1); /* 255 chars: the longest allowed */
	line[9 + TRACE_NAME_LEN - 1] = '\0';
	assert_int_equal(parse(f, line), SM_OK);
	assert_int_equal(strlen(f->t.steps[0].name), TRACE_NAME_LEN - 1);

	line[9 + TRACE_NAME_LEN - 1] = 'a';
	line[9 + TRACE_NAME_LEN] = '\0';
	assert_int_equal(parse(f, line), SM_EINVAL);
	assert_non_null(strstr(f->d.text, "is 256 characters long (at most 255)"));
}

static void test_parse_platform_arg_count_is_checked(void **state)
{
	struct fx *f = *state;

	parse_err(f, "platform\n", "t.trace:1: error: platform: missing NAME or FILE\n");
	parse_err(f, "platform a b\n", "t.trace:1: error: platform: unexpected argument 'b' "
		  "(expected one NAME or FILE)\n");
}

/* ---- CPU accesses ------------------------------------------------------- */

static void test_parse_write_all_widths(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	assert_int_equal(parse(f, "write8 0x10 0xff\nwrite16 0x11 0xffff\n"
			      "write32 0x13 4294967295\nwrite64 0x0 0xffffffffffffffff\n"),
			 SM_OK);
	assert_int_equal(f->t.nsteps, 4);
	st = f->t.steps;
	assert_int_equal(st[0].op, TRACE_WRITE);
	assert_int_equal(st[0].size, 1);
	assert_int_equal(st[0].addr, 0x10);
	assert_int_equal(st[0].value, 0xff);
	assert_int_equal(st[1].size, 2);
	/* Unaligned addresses are accepted: alignment is the model's business. */
	assert_int_equal(st[1].addr, 0x11);
	assert_int_equal(st[2].size, 4);
	assert_int_equal(st[2].value, 0xffffffffu);
	assert_int_equal(st[3].size, 8);
	assert_true(st[3].value == UINT64_MAX);
	assert_int_equal(st[3].line, 4);
	assert_int_equal(st[3].flags, 0);
}

static void test_parse_write_value_too_wide_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "write32 0x1000 0x100000000\n",
		  "t.trace:1: error: write32 value 0x100000000 does not fit in 32 bits\n");
	parse_err(f, "write8 0 256\n",
		  "t.trace:1: error: write8 value 256 does not fit in 8 bits\n");
	parse_err(f, "write16 0 0x10000\n",
		  "t.trace:1: error: write16 value 0x10000 does not fit in 16 bits\n");
}

static void test_parse_write_missing_value_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "write32 0x1000\n", "t.trace:1: error: write32: missing VALUE\n");
	parse_err(f, "write64\n", "t.trace:1: error: write64: missing ADDR\n");
}

static void test_parse_write_extra_argument_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "write32 0 1 2\n", "t.trace:1: error: unexpected argument '2' for write32\n");
	parse_err(f, "write32 0 1 expect=2\n",
		  "t.trace:1: error: unknown key 'expect' for write32\n");
}

static void test_parse_number_errors_name_the_token(void **state)
{
	struct fx *f = *state;

	parse_err(f, "write32 zz 1\n", "t.trace:1: error: write32 address 'zz' is not a "
		  "number (expected decimal or 0x-hex)\n");
	parse_err(f, "write32 0 -1\n",
		  "t.trace:1: error: write32 value -1 is negative (numbers are unsigned)\n");
	parse_err(f, "write64 0x10000000000000000 1\n",
		  "t.trace:1: error: write64 address 0x10000000000000000 does not fit in 64 bits\n");
	parse_err(f, "write32 1_000 1\n", "t.trace:1: error: write32 address '1_000' is not "
		  "a number (expected decimal or 0x-hex)\n");
}

static void test_parse_read_default_mask(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "read16 0x20");
	assert_int_equal(st->op, TRACE_READ);
	assert_int_equal(st->size, 2);
	assert_int_equal(st->addr, 0x20);
	assert_int_equal(st->flags, 0);
	assert_int_equal(st->mask, 0xffff);

	st = parse_ok(f, "read64 0x20 expect=5");
	assert_int_equal(st->flags, TRACE_F_EXPECT);
	assert_int_equal(st->expect, 5);
	assert_true(st->mask == UINT64_MAX);

	st = parse_ok(f, "read8 0x20");
	assert_int_equal(st->mask, 0xff);
}

static void test_parse_read_expect_and_mask_any_order(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "read32 0x1000 mask=0xff00 expect=0x1200");
	assert_int_equal(st->flags, TRACE_F_EXPECT | TRACE_F_MASK);
	assert_int_equal(st->expect, 0x1200);
	assert_int_equal(st->mask, 0xff00);
}

static void test_parse_read_mask_without_expect_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "read32 0 mask=1\n",
		  "t.trace:1: error: read32: mask= given without expect=\n");
}

static void test_parse_read_expect_or_mask_too_wide_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "read8 0 expect=0x100\n",
		  "t.trace:1: error: read8 expect=0x100 does not fit in 8 bits\n");
	parse_err(f, "read16 0 expect=1 mask=0x1ffff\n",
		  "t.trace:1: error: read16 mask=0x1ffff does not fit in 16 bits\n");
}

static void test_parse_read_key_errors(void **state)
{
	struct fx *f = *state;

	parse_err(f, "read32 0 expect=1 expect=2\n",
		  "t.trace:1: error: read32: expect= given twice\n");
	parse_err(f, "read32 0 foo=1\n", "t.trace:1: error: unknown key 'foo' for read32\n");
	parse_err(f, "read32 0 expect\n",
		  "t.trace:1: error: read32: expect needs a value (expect=...)\n");
	parse_err(f, "read32 0 expect=\n", "t.trace:1: error: read32: expect= has no value\n");
	parse_err(f, "read32 0 =3\n",
		  "t.trace:1: error: read32: argument '=3' has an empty key\n");
	parse_err(f, "read32 expect=1\n", "t.trace:1: error: read32: missing ADDR\n");
}

static void test_parse_fill(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "fill 0x8000 0x1000 0xa5");
	assert_int_equal(st->op, TRACE_FILL);
	assert_int_equal(st->addr, 0x8000);
	assert_int_equal(st->len, 0x1000);
	assert_int_equal(st->value, 0xa5);

	/* The limits themselves are accepted: 16 MiB, and a range ending just below 2^64. */
	st = parse_ok(f, "fill 0 0x1000000 0");
	assert_int_equal(st->len, 16u << 20);
	st = parse_ok(f, "fill 0xfffffffffffffff0 15 1");
	assert_int_equal(st->len, 15);
}

static void test_parse_fill_errors(void **state)
{
	struct fx *f = *state;

	parse_err(f, "fill 0 0 1\n", "t.trace:1: error: fill length 0: LEN must be at least 1\n");
	parse_err(f, "fill 0 0x1000001 1\n",
		  "t.trace:1: error: fill length 0x1000001 is larger than 16 MiB (0x1000000)\n");
	parse_err(f, "fill 0 1 0x100\n",
		  "t.trace:1: error: fill byte 0x100 does not fit in 8 bits\n");
	/* 0xfffffffffffffff0 + 16 = 2^64: the end address would wrap to 0. */
	parse_err(f, "fill 0xfffffffffffffff0 16 1\n",
		  "t.trace:1: error: fill range 0xfffffffffffffff0 + 0x10 wraps past the end "
		  "of the 64-bit address space\n");
	parse_err(f, "fill 0 1\n", "t.trace:1: error: fill: missing BYTE\n");
}

/* ---- dma ---------------------------------------------------------------- */

static void test_parse_dma_read_minimal(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st = parse_ok(f, "dma read sid=3 iova=0x1000 size=8");

	assert_int_equal(st->op, TRACE_DMA);
	assert_int_equal(st->sid, 3);
	assert_int_equal(st->addr, 0x1000);
	assert_int_equal(st->size, 8);
	assert_int_equal(st->flags, 0);
	assert_int_equal(st->out.kind, TRACE_OUT_NONE);
}

static void test_parse_dma_write_all_options(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "dma write exec size=4 iova=0x2000 ssid=0xfffff priv "
		      "data=0xdeadbeef sid=0xffffffff expect=pa:0x80002000");
	assert_int_equal(st->flags, TRACE_F_ISWRITE | TRACE_F_SSID | TRACE_F_PRIV |
			 TRACE_F_EXEC | TRACE_F_DATA | TRACE_F_EXPECT);
	assert_int_equal(st->sid, 0xffffffffu);
	assert_int_equal(st->ssid, 0xfffff);
	assert_int_equal(st->value, 0xdeadbeef);
	assert_int_equal(st->out.kind, TRACE_OUT_PA);
	assert_int_equal(st->out.pa, 0x80002000);

	st = parse_ok(f, "dma read sid=1 iova=0 size=2 rdata=0xbeef");
	assert_int_equal(st->flags, TRACE_F_RDATA);
	assert_int_equal(st->rdata, 0xbeef);
}

static void test_parse_dma_missing_required_keys_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma read iova=0 size=4\n", "t.trace:1: error: dma: missing sid=\n");
	parse_err(f, "dma read sid=1 size=4\n", "t.trace:1: error: dma: missing iova=\n");
	parse_err(f, "dma read sid=1 iova=0\n", "t.trace:1: error: dma: missing size=\n");
	parse_err(f, "dma sid=1 iova=0 size=4\n",
		  "t.trace:1: error: dma: missing direction (read or write)\n");
}

static void test_parse_dma_bad_direction_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma rd sid=1 iova=0 size=4\n",
		  "t.trace:1: error: dma direction 'rd' must be read or write\n");
}

static void test_parse_dma_id_ranges(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma read sid=0x100000000 iova=0 size=4\n",
		  "t.trace:1: error: dma sid=0x100000000 does not fit in 32 bits\n");
	/* SubstreamIDs are 20 bits: 0xfffff is the largest. */
	parse_err(f, "dma read sid=1 ssid=0x100000 iova=0 size=4\n",
		  "t.trace:1: error: dma ssid=0x100000 does not fit in 20 bits\n");
}

static void test_parse_dma_size_range(void **state)
{
	struct fx *f = *state;

	assert_int_equal(parse_ok(f, "dma read sid=1 iova=0 size=4096")->size, 4096);
	assert_int_equal(parse_ok(f, "dma read sid=1 iova=0 size=1")->size, 1);
	parse_err(f, "dma read sid=1 iova=0 size=0\n",
		  "t.trace:1: error: dma size=0 must be 1..4096\n");
	parse_err(f, "dma read sid=1 iova=0 size=4097\n",
		  "t.trace:1: error: dma size=4097 must be 1..4096\n");
}

static void test_parse_dma_data_direction_is_checked(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma read sid=1 iova=0 size=4 data=1\n",
		  "t.trace:1: error: dma read: data= is only for dma write (use rdata= to "
		  "check what a read returns)\n");
	parse_err(f, "dma write sid=1 iova=0 size=4 rdata=1\n",
		  "t.trace:1: error: dma write: rdata= is only for dma read\n");
}

static void test_parse_dma_data_must_fit_size(void **state)
{
	struct fx *f = *state;

	/* size=3: data is a 24-bit value. */
	assert_int_equal(parse_ok(f, "dma write sid=1 iova=0 size=3 data=0xffffff")->value,
			 0xffffff);
	parse_err(f, "dma write sid=1 iova=0 size=3 data=0x1000000\n",
		  "t.trace:1: error: dma data=0x1000000 does not fit in 24 bits\n");
	parse_err(f, "dma read sid=1 iova=0 size=1 rdata=0x100\n",
		  "t.trace:1: error: dma rdata=0x100 does not fit in 8 bits\n");
}

static void test_parse_dma_large_size_data_is_one_byte(void **state)
{
	struct fx *f = *state;

	/* size > 8: data= is the value of every byte. */
	assert_int_equal(parse_ok(f, "dma write sid=1 iova=0 size=64 data=0xa5")->value, 0xa5);
	parse_err(f, "dma write sid=1 iova=0 size=16 data=0x1234\n",
		  "t.trace:1: error: dma data=0x1234 must be a single byte (<= 0xff) when "
		  "size > 8: it is the value of every byte\n");
	parse_err(f, "dma read sid=1 iova=0 size=4096 rdata=256\n",
		  "t.trace:1: error: dma rdata=256 must be a single byte (<= 0xff) when "
		  "size > 8: it is the value of every byte\n");
}

static void test_parse_dma_flag_and_key_misuse_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma read sid=1 iova=0 size=4 priv=1\n",
		  "t.trace:1: error: dma: 'priv=1' is a flag and takes no value (write just priv)\n");
	parse_err(f, "dma read sid iova=0 size=4\n",
		  "t.trace:1: error: dma: sid needs a value (sid=...)\n");
	parse_err(f, "dma read sid=1 iova=0 size=4 priv priv\n",
		  "t.trace:1: error: dma: priv given twice\n");
	parse_err(f, "dma read sid=1 sid=2 iova=0 size=4\n",
		  "t.trace:1: error: dma: sid= given twice\n");
	parse_err(f, "dma read sid=1 iova=0 size=4 foo=1\n",
		  "t.trace:1: error: unknown key 'foo' for dma\n");
	parse_err(f, "dma read sid=1 iova=0 size=4 secure\n",
		  "t.trace:1: error: unexpected argument 'secure' for dma\n");
}

static void test_parse_dma_outcomes(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "dma read sid=1 iova=0x1234 size=4 expect=pa:0xfedc1234");
	assert_int_equal(st->out.kind, TRACE_OUT_PA);
	assert_int_equal(st->out.pa, 0xfedc1234);
	st = parse_ok(f, "dma read sid=1 iova=0 size=4 expect=bypass");
	assert_int_equal(st->out.kind, TRACE_OUT_BYPASS);
	st = parse_ok(f, "dma read sid=1 iova=0 size=4 expect=abort");
	assert_int_equal(st->out.kind, TRACE_OUT_ABORT);
	st = parse_ok(f, "dma read sid=1 iova=0 size=4 expect=fault:F_TRANSLATION");
	assert_int_equal(st->out.kind, TRACE_OUT_FAULT);
	assert_string_equal(st->out.fault, "F_TRANSLATION");
	assert_int_equal(st->flags, TRACE_F_EXPECT);
}

static void test_parse_dma_msi_only_outcomes_are_errors(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma write sid=1 iova=0 size=4 expect=lpi:8192\n",
		  "t.trace:1: error: dma: expect=lpi:8192 is only valid on msi lines\n");
	parse_err(f, "dma write sid=1 iova=0 size=4 expect=its-drop\n",
		  "t.trace:1: error: dma: expect=its-drop is only valid on msi lines\n");
	parse_err(f, "dma write sid=1 iova=0 size=4 expect=mem\n",
		  "t.trace:1: error: dma: expect=mem is only valid on msi lines\n");
}

static void test_parse_dma_bits_and_not_issued(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "dma write sid=5 iova=0x880000000 size=8 dma-bits=32 expect=not-issued\n");
	assert_int_equal(st->dma_bits, 32);
	assert_int_equal(st->out.kind, TRACE_OUT_NOT_ISSUED);
	st = parse_ok(f, "msi sid=5 iova=0x1000030040 data=1 dma-bits=64 expect=not-issued\n");
	assert_int_equal(st->dma_bits, 64);
	/* Absent: 0, the platform's width for the StreamID. */
	st = parse_ok(f, "dma read sid=5 iova=0 size=4\n");
	assert_int_equal(st->dma_bits, 0);
	parse_err(f, "dma read sid=5 iova=0 size=4 dma-bits=0\n",
		  "t.trace:1: error: dma dma-bits=0 must be 1..64\n");
	parse_err(f, "msi sid=5 iova=0 data=0 dma-bits=65\n",
		  "t.trace:1: error: msi dma-bits=65 must be 1..64\n");
	parse_err(f, "dma read sid=5 iova=0 size=4 dma-bits=x\n",
		  "t.trace:1: error: dma dma-bits='x' is not a number (expected decimal or 0x-hex)\n");
}

static void test_parse_unknown_outcome_is_error(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma read sid=1 iova=0 size=4 expect=ok\n",
		  "t.trace:1: error: dma: unknown outcome 'ok' (expected pa:ADDR, bypass, "
		  "abort, fault:NAME, bus-error or not-issued)\n");
	parse_err(f, "msi sid=1 iova=0 data=0 expect=BYPASS\n",
		  "t.trace:1: error: msi: unknown outcome 'BYPASS' (expected pa:ADDR, bypass, "
		  "abort, fault:NAME, lpi:INTID[@cpuN], its-drop[:REASON], mem, bus-error or "
		  "not-issued)\n");
	parse_err(f, "dma read sid=1 iova=0 size=4 expect=pa:\n",
		  "t.trace:1: error: dma: expect=pa: needs a number\n");
}

/* ---- msi ---------------------------------------------------------------- */

static void test_parse_msi_minimal(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st = parse_ok(f, "msi sid=7 iova=0x8090040 data=3");

	assert_int_equal(st->op, TRACE_MSI);
	assert_int_equal(st->sid, 7);
	assert_int_equal(st->addr, 0x8090040);
	assert_int_equal(st->value, 3);
	assert_int_equal(st->size, 4); /* an MSI is always a 32-bit write */
	assert_int_equal(st->flags, TRACE_F_DATA | TRACE_F_ISWRITE);
}

static void test_parse_msi_outcomes(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "msi sid=7 iova=0 data=3 ssid=2 expect=lpi:8192");
	assert_int_equal(st->flags, TRACE_F_DATA | TRACE_F_ISWRITE | TRACE_F_SSID |
			 TRACE_F_EXPECT);
	assert_int_equal(st->ssid, 2);
	assert_int_equal(st->out.kind, TRACE_OUT_LPI);
	assert_int_equal(st->out.intid, 8192);
	assert_int_equal(st->out.cpu, -1);
	st = parse_ok(f, "msi sid=7 iova=0 data=3 expect=lpi:0x2001@cpu3");
	assert_int_equal(st->out.intid, 0x2001);
	assert_int_equal(st->out.cpu, 3);
	st = parse_ok(f, "msi sid=7 iova=0 data=3 expect=its-drop");
	assert_int_equal(st->out.kind, TRACE_OUT_ITS_DROP);
	st = parse_ok(f, "msi sid=7 iova=0 data=3 expect=mem");
	assert_int_equal(st->out.kind, TRACE_OUT_MEM);
	st = parse_ok(f, "msi sid=7 iova=0 data=3 expect=pa:0x8090040");
	assert_int_equal(st->out.kind, TRACE_OUT_PA);
	st = parse_ok(f, "msi sid=7 iova=0 data=3 expect=abort");
	assert_int_equal(st->out.kind, TRACE_OUT_ABORT);
	st = parse_ok(f, "msi sid=7 iova=0 data=3 expect=bypass");
	assert_int_equal(st->out.kind, TRACE_OUT_BYPASS);
	st = parse_ok(f, "msi sid=7 iova=0 data=3 expect=fault:C_BAD_STE");
	assert_string_equal(st->out.fault, "C_BAD_STE");
}

static void test_parse_msi_errors(void **state)
{
	struct fx *f = *state;

	parse_err(f, "msi sid=1 iova=0\n", "t.trace:1: error: msi: missing data= (the EventID)\n");
	parse_err(f, "msi sid=1 iova=0 data=0x100000000\n",
		  "t.trace:1: error: msi data=0x100000000 does not fit in 32 bits\n");
	parse_err(f, "msi sid=1 iova=0 data=1 size=4\n",
		  "t.trace:1: error: unknown key 'size' for msi\n");
	parse_err(f, "msi sid=1 iova=0 data=1 expect=lpi:1@3\n",
		  "t.trace:1: error: msi: expect=lpi:1@3: expected @cpuN after the INTID\n");
	parse_err(f, "msi sid=1 iova=0 data=1 expect=lpi:1@cpu\n",
		  "t.trace:1: error: msi: expect=lpi:INTID@cpu needs a number\n");
	parse_err(f, "msi sid=1 iova=0 data=1 expect=lpi:0x100000000\n",
		  "t.trace:1: error: msi expect=lpi:0x100000000 does not fit in 32 bits\n");
}

/* ---- fault and event names ---------------------------------------------- */

static const char *const fault_names[] = { "F_TRANSLATION", "C_BAD_STE", NULL };

static void test_parse_fault_name_syntax_is_checked(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma read sid=1 iova=0 size=4 expect=fault:f_translation\n",
		  "t.trace:1: error: dma: fault name 'f_translation' must be upper-case letters, "
		  "digits and '_'\n");
	parse_err(f, "dma read sid=1 iova=0 size=4 expect=fault:\n",
		  "t.trace:1: error: dma: missing NAME after expect=fault:\n");
	/* out.fault holds 31 characters and a NUL. */
	parse_err(f, "dma read sid=1 iova=0 size=4 expect=fault:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345\n",
		  "t.trace:1: error: dma: fault name 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' is longer "
		  "than 31 characters\n");
	assert_string_equal(parse_ok(f, "dma read sid=1 iova=0 size=4 "
				     "expect=fault:ABCDEFGHIJKLMNOPQRSTUVWXYZ01234")->out.fault,
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234");
}

static void test_parse_fault_name_list_validation(void **state)
{
	struct fx *f = *state;
	const struct trace_ext ext = { .fault_names = fault_names };

	assert_int_equal(parse_ext(f, "dma read sid=1 iova=0 size=4 expect=fault:C_BAD_STE\n"
				   "expect-event type=F_TRANSLATION\n", &ext), SM_OK);
	assert_int_equal(f->t.nsteps, 2);
	parse_err_ext(f, "dma read sid=1 iova=0 size=4 expect=fault:F_NOPE\n", &ext,
		      "t.trace:1: error: dma: unknown fault name 'F_NOPE'\n");
	parse_err_ext(f, "expect-event type=F_NOPE\n", &ext,
		      "t.trace:1: error: expect-event: unknown fault name 'F_NOPE'\n");
	/* Without a list any well-formed name is accepted. */
	assert_int_equal(parse(f, "expect-event type=F_NOPE\n"), SM_OK);
}

/* ---- events -------------------------------------------------------------- */

static void test_parse_expect_event(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "expect-event type=C_BAD_STE");
	assert_int_equal(st->op, TRACE_EXPECT_EVENT);
	assert_string_equal(st->name, "C_BAD_STE");
	assert_int_equal(st->flags, 0);

	st = parse_ok(f, "expect-event addr=0x1000 ssid=5 sid=9 type=F_TRANSLATION");
	assert_int_equal(st->flags, TRACE_F_SID | TRACE_F_SSID | TRACE_F_ADDR);
	assert_int_equal(st->sid, 9);
	assert_int_equal(st->ssid, 5);
	assert_int_equal(st->addr, 0x1000);
}

static void test_parse_expect_event_errors(void **state)
{
	struct fx *f = *state;

	parse_err(f, "expect-event sid=1\n", "t.trace:1: error: expect-event: missing type=\n");
	parse_err(f, "expect-event type=bad-name\n",
		  "t.trace:1: error: expect-event: fault name 'bad-name' must be upper-case "
		  "letters, digits and '_'\n");
	parse_err(f, "expect-event type=A ssid=0x100000\n",
		  "t.trace:1: error: expect-event ssid=0x100000 does not fit in 20 bits\n");
	parse_err(f, "expect-event type=A iova=0\n",
		  "t.trace:1: error: unknown key 'iova' for expect-event\n");
}

static void test_parse_expect_no_event(void **state)
{
	struct fx *f = *state;

	assert_int_equal(parse_ok(f, "expect-no-event  # nothing queued")->op,
			 TRACE_EXPECT_NO_EVENT);
	parse_err(f, "expect-no-event type=A\n",
		  "t.trace:1: error: expect-no-event takes no arguments (got 'type=A')\n");
}

/* ---- extension verbs ----------------------------------------------------- */

static const char *const ext_verbs[] = { "smmu-enable", "ste", NULL };

struct ext_log {
	unsigned calls;
};

/* Accepts everything except an ste line without sid=, or with mode=bogus. */
static int ext_check(void *opaque, const struct trace_step *st, struct sm_err *err)
{
	struct ext_log *log = opaque;
	const struct trace_kv *mode;

	log->calls++;
	if (strcmp(st->name, "ste") != 0)
		return SM_OK;
	if (!trace_kv_find(st, "sid"))
		return sm_err_set(err, SM_EINVAL, "ste: missing sid=");
	mode = trace_kv_find(st, "mode");
	if (mode && strcmp(mode->str, "bogus") == 0)
		return sm_err_set(err, SM_EINVAL, "ste: mode=bogus is not a mode");
	return SM_OK;
}

static void test_parse_ext_verb_becomes_kv_list(void **state)
{
	struct fx *f = *state;
	struct ext_log log = { 0 };
	const struct trace_ext ext = { ext_verbs, ext_check, &log, NULL };
	const struct trace_step *st;

	assert_int_equal(parse_ext(f, "ste 0x40 sid=0x10 mode=s1 valid cfg=0xG\n", &ext), SM_OK);
	assert_int_equal(log.calls, 1);
	st = &f->t.steps[0];
	assert_int_equal(st->op, TRACE_EXT);
	assert_string_equal(st->name, "ste");
	assert_int_equal(st->nkv, 5);
	/* A positional-looking token is a bare word like any flag. */
	assert_string_equal(st->kv[0].key, "0x40");
	assert_int_equal(st->kv[0].has_value, 0);
	assert_int_equal(st->kv[0].is_num, 0);
	assert_string_equal(st->kv[1].key, "sid");
	assert_string_equal(st->kv[1].str, "0x10");
	assert_int_equal(st->kv[1].has_value, 1);
	assert_int_equal(st->kv[1].is_num, 1);
	assert_int_equal(st->kv[1].num, 0x10);
	assert_string_equal(st->kv[2].str, "s1");
	assert_int_equal(st->kv[2].is_num, 0);
	assert_string_equal(st->kv[3].key, "valid");
	assert_int_equal(st->kv[3].has_value, 0);
	assert_int_equal(st->kv[4].is_num, 0); /* 0xG is not a number */

	assert_ptr_equal(trace_kv_find(st, "mode"), &st->kv[2]);
	assert_ptr_equal(trace_kv_find(st, "valid"), &st->kv[3]);
	assert_null(trace_kv_find(st, "nope"));
	assert_null(trace_kv_find(NULL, "mode"));
}

static void test_parse_ext_check_rejects_line(void **state)
{
	struct fx *f = *state;
	struct ext_log log = { 0 };
	const struct trace_ext ext = { ext_verbs, ext_check, &log, NULL };

	assert_int_equal(parse_ext(f, "smmu-enable\nste mode=s1\nste sid=1 mode=bogus\n"
				   "ste sid=1 mode=s2\n", &ext), SM_EINVAL);
	assert_int_equal(log.calls, 4);
	assert_int_equal(f->d.count, 2);
	assert_string_equal(f->d.text, "t.trace:2: error: ste: missing sid=\n"
			    "t.trace:3: error: ste: mode=bogus is not a mode\n");
	/* The good lines are kept, the rejected ones are not. */
	assert_int_equal(f->t.nsteps, 2);
	assert_int_equal(f->t.steps[0].line, 1);
	assert_int_equal(f->t.steps[1].line, 4);
	assert_int_equal(f->t.steps[1].nkv, 2);
}

static void test_parse_ext_without_check_is_accepted(void **state)
{
	struct fx *f = *state;
	const struct trace_ext ext = { ext_verbs, NULL, NULL, NULL };

	assert_int_equal(parse_ext(f, "smmu-enable now\n", &ext), SM_OK);
	assert_string_equal(f->t.steps[0].kv[0].key, "now");
}

static void test_parse_ext_argument_limits(void **state)
{
	struct fx *f = *state;
	const struct trace_ext ext = { ext_verbs, NULL, NULL, NULL };
	char line[512];
	size_t o;
	int i;

	/* TRACE_MAX_KV arguments are fine, one more is an error. */
	o = (size_t)snprintf(line, sizeof(line), "ste");
	for (i = 0; i < TRACE_MAX_KV; i++)
		o += (size_t)snprintf(line + o, sizeof(line) - o, " k%d=%d", i, i);
	assert_int_equal(parse_ext(f, line, &ext), SM_OK);
	assert_int_equal(f->t.steps[0].nkv, TRACE_MAX_KV);
	snprintf(line + o, sizeof(line) - o, " extra");
	parse_err_ext(f, line, &ext,
		      "t.trace:1: error: too many arguments for 'ste' (at most 24)\n");

	/* key[24] and str[64]: 23 and 63 characters fit. */
	assert_int_equal(parse_ext(f, "ste abcdefghijklmnopqrstuvw=1", &ext), SM_OK);
	parse_err_ext(f, "ste abcdefghijklmnopqrstuvwx=1", &ext,
		      "t.trace:1: error: ste: key 'abcdefghijklmnopqrstuvwx' is longer than "
		      "23 characters\n");
	assert_int_equal(parse_ext(f, "ste k=123456789012345678901234567890123456789012345678"
				   "901234567890123", &ext), SM_OK);
	parse_err_ext(f, "ste k=1234567890123456789012345678901234567890123456789012345678901234",
		      &ext, "t.trace:1: error: ste: value of k= is longer than 63 characters\n");
}

static void test_parse_ext_duplicate_and_empty_keys_are_errors(void **state)
{
	struct fx *f = *state;
	const struct trace_ext ext = { ext_verbs, NULL, NULL, NULL };

	parse_err_ext(f, "ste sid=1 sid=2\n", &ext, "t.trace:1: error: ste: sid given twice\n");
	parse_err_ext(f, "ste valid valid\n", &ext, "t.trace:1: error: ste: valid given twice\n");
	parse_err_ext(f, "ste =1\n", &ext,
		      "t.trace:1: error: ste: argument '=1' has an empty key\n");
	parse_err_ext(f, "ste sid=\n", &ext, "t.trace:1: error: ste: sid= has no value\n");
}

static void test_parse_unknown_step_is_error(void **state)
{
	struct fx *f = *state;
	const struct trace_ext ext = { ext_verbs, NULL, NULL, NULL };

	parse_err(f, "ste sid=1\n", "t.trace:1: error: unknown step 'ste'\n");
	parse_err_ext(f, "Write32 0 0\n", &ext, "t.trace:1: error: unknown step 'Write32'\n");
	parse_err(f, "write128 0 0\n", "t.trace:1: error: unknown step 'write128'\n");
}

static void test_parse_ext_counts_as_access_for_platform_order(void **state)
{
	struct fx *f = *state;
	const struct trace_ext ext = { ext_verbs, NULL, NULL, NULL };

	parse_err_ext(f, "smmu-enable\nplatform virt\n", &ext,
		      "t.trace:2: error: platform must come before the first access (line 1)\n");
}

/* ---- whole-file behaviour ------------------------------------------------ */

static void test_parse_reports_every_error_with_line_numbers(void **state)
{
	struct fx *f = *state;
	static const char text[] =
		"# focus: several bad lines in one file\n"  /* 1 */
		"platform virt\n"                           /* 2 */
		"write32 0x1000 0x100000000\n"              /* 3: too wide */
		"\n"                                        /* 4 */
		"read32 0x1000 expect=1\n"                  /* 5: fine */
		"dma read iova=0 size=4\n"                  /* 6: no sid */
		"frobnicate\n"                              /* 7 */
		"platform again\n"                          /* 8 */
		"fill 0 1 2";                               /* 9: fine, no final newline */

	assert_int_equal(parse(f, text), SM_EINVAL);
	assert_int_equal(f->d.count, 4);
	assert_string_equal(f->d.text,
		"t.trace:3: error: write32 value 0x100000000 does not fit in 32 bits\n"
		"t.trace:6: error: dma: missing sid=\n"
		"t.trace:7: error: unknown step 'frobnicate'\n"
		/* Line 3 is the first access even though it failed to parse. */
		"t.trace:8: error: platform must come before the first access (line 3)\n");
	assert_int_equal(f->d.len, strlen(f->d.text));
	/* What parsed is kept, with its source lines. */
	assert_int_equal(f->t.nsteps, 3);
	assert_int_equal(f->t.steps[0].line, 2);
	assert_int_equal(f->t.steps[1].line, 5);
	assert_int_equal(f->t.steps[2].line, 9);
	assert_int_equal(f->t.steps[2].op, TRACE_FILL);
}

static void test_parse_crlf_comments_and_blank_lines(void **state)
{
	struct fx *f = *state;
	static const char text[] =
		"# focus: line ends\r\n"
		"\r\n"
		"   \t \r\n"
		"write8\t0x10 \t 1   # trailing comment\r\n"
		"read8 0x10 expect=1#no space before the comment\r\n"
		"write16 0x20 2\r";   /* CR at the very end, no LF */

	assert_int_equal(parse(f, text), SM_OK);
	assert_int_equal(f->t.nsteps, 3);
	assert_int_equal(f->t.steps[0].line, 4);
	assert_int_equal(f->t.steps[0].value, 1);
	assert_int_equal(f->t.steps[1].line, 5);
	assert_int_equal(f->t.steps[1].expect, 1);
	assert_int_equal(f->t.steps[2].line, 6);
	assert_int_equal(f->t.steps[2].value, 2);
}

static void test_parse_nul_byte_is_error_not_terminator(void **state)
{
	struct fx *f = *state;
	static const char text[] = "write8 0 1\nwrite8 0\0 2\nwrite8 0 3\n# x\0y\n";

	assert_int_equal(trace_parse(text, sizeof(text) - 1, "t.trace", NULL, &f->t, &f->d),
			 SM_EINVAL);
	assert_string_equal(f->d.text, "t.trace:2: error: NUL byte in column 9\n"
			    "t.trace:4: error: NUL byte in column 4\n");
	/* Parsing went on past the NUL. */
	assert_int_equal(f->t.nsteps, 2);
	assert_int_equal(f->t.steps[1].value, 3);
}

static void test_parse_line_too_long_is_error(void **state)
{
	struct fx *f = *state;
	char *text = malloc(4096 + 4097 + 16);
	size_t o = 0;

	assert_non_null(text);
	/* 4096 characters (a padded comment) is the longest line allowed. */
	text[o++] = '#';
	memset(text + o, 'x', 4095);
	o += 4095;
	text[o++] = '\n';
	text[o++] = '#';
	memset(text + o, 'x', 4096);
	o += 4096;
	memcpy(text + o, "\nwrite8 0 1\n", 12);
	o += 12;
	assert_int_equal(trace_parse(text, o, "t.trace", NULL, &f->t, &f->d), SM_EINVAL);
	assert_string_equal(f->d.text,
			    "t.trace:2: error: line is 4097 characters long (at most 4096)\n");
	assert_int_equal(f->t.nsteps, 1);
	assert_int_equal(f->t.steps[0].line, 3);
	free(text);
}

static void test_parse_reads_only_len_bytes(void **state)
{
	struct fx *f = *state;
	/* Copy into an exact-size heap buffer so ASan catches any read past len. */
	static const char src[] = "write32 0x10 0x12345678";
	size_t n = strlen("write32 0x10 0x1234");
	char *buf = malloc(n);

	assert_non_null(buf);
	memcpy(buf, src, n);
	assert_int_equal(trace_parse(buf, n, "t.trace", NULL, &f->t, &f->d), SM_OK);
	assert_int_equal(f->t.nsteps, 1);
	assert_int_equal(f->t.steps[0].value, 0x1234);
	free(buf);
}

static void test_parse_empty_input(void **state)
{
	struct fx *f = *state;

	assert_int_equal(trace_parse(NULL, 0, "t.trace", NULL, &f->t, &f->d), SM_OK);
	assert_int_equal(f->t.nsteps, 0);
	assert_null(f->d.text);
	assert_int_equal(parse(f, "\n\n# only comments\n"), SM_OK);
	assert_int_equal(f->t.nsteps, 0);
}

static void test_parse_bad_arguments(void **state)
{
	struct fx *f = *state;

	assert_int_equal(trace_parse(NULL, 1, "t", NULL, &f->t, &f->d), SM_EINVAL);
	assert_int_equal(trace_parse("x", 1, "t", NULL, NULL, &f->d), SM_EINVAL);
	assert_int_equal(trace_parse("x", 1, "t", NULL, &f->t, NULL), SM_EINVAL);
}

static void test_parse_null_fname_is_named_trace(void **state)
{
	struct fx *f = *state;

	assert_int_equal(trace_parse("bogus", 5, NULL, NULL, &f->t, &f->d), SM_EINVAL);
	assert_string_equal(f->d.text, "<trace>:1: error: unknown step 'bogus'\n");
}

static void test_parse_many_lines_grow_steps(void **state)
{
	struct fx *f = *state;
	const unsigned n = 10000;
	char *text = malloc((size_t)n * 32);
	size_t o = 0;
	unsigned i;

	assert_non_null(text);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(text + o, 32, "write32 %u %u\n", i * 4, i);
	assert_int_equal(trace_parse(text, o, "t.trace", NULL, &f->t, &f->d), SM_OK);
	assert_int_equal(f->t.nsteps, n);
	assert_true(f->t.cap >= n);
	for (i = 0; i < n; i++) {
		assert_int_equal(f->t.steps[i].line, i + 1);
		assert_int_equal(f->t.steps[i].value, i);
	}
	free(text);
}

static void test_parse_many_errors_grow_diag(void **state)
{
	struct fx *f = *state;
	const unsigned n = 2000;
	char *text = malloc((size_t)n * 8);
	size_t o = 0;
	unsigned i;

	assert_non_null(text);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(text + o, 8, "bad\n");
	assert_int_equal(trace_parse(text, o, "t.trace", NULL, &f->t, &f->d), SM_EINVAL);
	assert_int_equal(f->d.count, n);
	assert_non_null(strstr(f->d.text, "t.trace:2000: error: unknown step 'bad'\n"));
	assert_int_equal(f->d.len, strlen(f->d.text));
	free(text);
}

static void test_parse_message_escapes_and_truncates_tokens(void **state)
{
	struct fx *f = *state;

	parse_err(f, "wr\x01te 0 0\n", "t.trace:1: error: unknown step 'wr\\x01te'\n");
	parse_err(f, "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij\n",
		  "t.trace:1: error: unknown step 'abcdefghijabcdefghijabcdefghijabcdefghij...'\n");
}

static void test_free_is_safe_on_zeroed_and_repeated(void **state)
{
	struct trace t = { 0 };
	struct trace_diag d = { 0 };

	(void)state;
	trace_free(&t);
	trace_diag_free(&d);
	trace_free(NULL);
	trace_diag_free(NULL);
	assert_int_equal(trace_parse("bad\nwrite8 0 0\n", 15, "t", NULL, &t, &d), SM_EINVAL);
	trace_free(&t);
	trace_diag_free(&d);
	assert_null(t.steps);
	assert_int_equal(t.nsteps, 0);
	assert_int_equal(t.cap, 0);
	assert_null(d.text);
	assert_int_equal(d.count, 0);
	trace_free(&t);
	trace_diag_free(&d);
}

/* ---- lines added by the translation and ITS work --------------------- */

static void test_parse_expect_event_record_fields(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st =
		parse_ok(f, "expect-event type=F_TRANSLATION s2=1 class=tt rnw=0 pnu=1 ind=0 ipa=0x80001000\n");

	assert_int_equal(st->ev_given, TRACE_EV_S2 | TRACE_EV_RNW | TRACE_EV_PNU | TRACE_EV_IND);
	assert_int_equal(st->ev_vals, TRACE_EV_S2 | TRACE_EV_PNU);
	assert_int_equal(st->ev_class, 1); /* tt */
	assert_true(st->flags & TRACE_F_IPA);
	assert_int_equal(st->addr3, 0x80001000);
	st = parse_ok(f, "expect-event type=F_WALK_EABT fetch=0x100000000008\n");
	assert_true(st->flags & TRACE_F_FETCH);
	assert_int_equal(st->ev_class, -1); /* not given */
}

static void test_parse_expect_event_field_errors(void **state)
{
	struct fx *f = *state;

	parse_err(f, "expect-event type=C_BAD_STE class=walk\n",
		  "t.trace:1: error: expect-event: class=walk is not cd|tt|in\n");
	parse_err(f, "expect-event type=C_BAD_STE ipa=0x1000 fetch=0x2000\n",
		  "t.trace:1: error: expect-event: ipa= and fetch= share the record's last dword; give one\n");
	assert_int_equal(parse(f, "expect-event type=C_BAD_STE s2=2\n"), SM_EINVAL);
}

static void test_parse_its_drop_reason(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st = parse_ok(f, "msi sid=1 iova=0x1000 data=3 expect=its-drop:unmapped-event\n");

	assert_int_equal(st->out.kind, TRACE_OUT_ITS_DROP);
	assert_string_equal(st->out.fault, "unmapped-event");
	st = parse_ok(f, "msi sid=1 iova=0x1000 data=3 expect=its-drop\n");
	assert_string_equal(st->out.fault, "");
	parse_err(f, "msi sid=1 iova=0x1000 data=3 expect=its-drop:Bad_Name\n",
		  "t.trace:1: error: msi: drop reason 'its-drop:Bad_Name' is not lower-case-with-dashes\n");
}

static void test_parse_ack(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st = parse_ok(f, "ack cpu=2 expect=8200\n");

	assert_int_equal(st->op, TRACE_ACK);
	assert_int_equal(st->cpu, 2);
	assert_true(st->flags & TRACE_F_EXPECT);
	assert_int_equal(st->expect, 8200);
	st = parse_ok(f, "ack cpu=0 expect=none\n");
	assert_true(st->flags & TRACE_F_NONE);
	st = parse_ok(f, "ack cpu=1\n");
	assert_false(st->flags & (TRACE_F_NONE | TRACE_F_EXPECT));
	parse_err(f, "ack expect=5\n", "t.trace:1: error: ack: missing cpu=\n");
}

static void test_parse_expect_pending(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st = parse_ok(f, "expect-pending intid=8192 cpu=3 state=1\n");

	assert_int_equal(st->op, TRACE_EXPECT_PENDING);
	assert_int_equal(st->value, 8192);
	assert_int_equal(st->cpu, 3);
	assert_int_equal(st->expect, 1);
	parse_err(f, "expect-pending intid=8192 cpu=3\n",
		  "t.trace:1: error: expect-pending: intid=, cpu= and state= are required\n");
	/* state is one bit */
	assert_int_equal(parse(f, "expect-pending intid=8192 cpu=3 state=2\n"), SM_EINVAL);
}

/* dma hex=: the payload of a write, or what a read must return, byte by byte in memory order. */
static void test_parse_dma_hex_payload(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "dma write sid=1 iova=0x1000 size=10 hex=00112233445566778899\n");
	assert_true(st->flags & TRACE_F_HEX);
	assert_true(st->flags & TRACE_F_ISWRITE);
	assert_false(st->flags & TRACE_F_DATA);
	assert_memory_equal(st->name, "\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99", 10);
	/* hex digits in either case; also on a read, where it is the expected data */
	st = parse_ok(f, "dma read sid=1 iova=0x1000 size=2 hex=aBcD expect=pa:0x2000\n");
	assert_true(st->flags & TRACE_F_HEX);
	assert_false(st->flags & TRACE_F_RDATA);
	assert_memory_equal(st->name, "\xab\xcd", 2);
}

static void test_parse_dma_hex_errors(void **state)
{
	struct fx *f = *state;

	parse_err(f, "dma write sid=1 iova=0 size=3 hex=0011\n",
		  "t.trace:1: error: dma hex='0011' has 4 hex digits, expected 6 (2 per byte)\n");
	parse_err(f, "dma write sid=1 iova=0 size=2 hex=00g1\n",
		  "t.trace:1: error: dma hex='00g1' is not hex digits\n");
	parse_err(f, "dma write sid=1 iova=0 size=2 hex=0011 data=1\n",
		  "t.trace:1: error: dma: hex= replaces data=, give one of them\n");
	parse_err(f, "dma read sid=1 iova=0 size=2 hex=0011 rdata=1\n",
		  "t.trace:1: error: dma: hex= replaces rdata=, give one of them\n");
}

/* write-bytes: a CPU write of the bytes given, in memory order. */
static void test_parse_write_bytes(void **state)
{
	struct fx *f = *state;
	const struct trace_step *st;

	st = parse_ok(f, "write-bytes 0x40000000 deadbeef01\n");
	assert_int_equal(st->op, TRACE_WRITE_BYTES);
	assert_int_equal(st->addr, 0x40000000);
	assert_int_equal(st->len, 5);
	assert_memory_equal(st->name, "\xde\xad\xbe\xef\x01", 5);
	parse_err(f, "write-bytes 0x1000 abc\n",
		  "t.trace:1: error: write-bytes 'abc' has 3 hex digits, expected 2 (2 per byte)\n");
	parse_err(f, "write-bytes 0xffffffffffffffff 0011\n",
		  "t.trace:1: error: write-bytes needs at least one byte, and ADDR + bytes must not "
		  "wrap\n");
	assert_int_equal(parse(f, "write-bytes 0x1000\n"), SM_EINVAL);
	assert_int_equal(parse(f, "write-bytes 0x1000 zz\n"), SM_EINVAL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_parse_u64_decimal_and_hex),
		T(test_parse_expect_event_record_fields),
		T(test_parse_expect_event_field_errors),
		T(test_parse_its_drop_reason),
		T(test_parse_ack),
		T(test_parse_expect_pending),
		T(test_parse_u64_rejects_bad_input),
		T(test_parse_u64_reads_only_n_bytes),
		T(test_parse_platform_name),
		T(test_parse_profile_and_timing_fields),
		T(test_parse_timing_errors),
		T(test_parse_platform_after_access_is_error),
		T(test_parse_platform_twice_is_error),
		T(test_parse_platform_name_too_long_is_error),
		T(test_parse_platform_arg_count_is_checked),
		T(test_parse_write_all_widths),
		T(test_parse_write_value_too_wide_is_error),
		T(test_parse_write_missing_value_is_error),
		T(test_parse_write_extra_argument_is_error),
		T(test_parse_number_errors_name_the_token),
		T(test_parse_read_default_mask),
		T(test_parse_read_expect_and_mask_any_order),
		T(test_parse_read_mask_without_expect_is_error),
		T(test_parse_read_expect_or_mask_too_wide_is_error),
		T(test_parse_read_key_errors),
		T(test_parse_fill),
		T(test_parse_fill_errors),
		T(test_parse_dma_read_minimal),
		T(test_parse_dma_write_all_options),
		T(test_parse_dma_missing_required_keys_is_error),
		T(test_parse_dma_bad_direction_is_error),
		T(test_parse_dma_id_ranges),
		T(test_parse_dma_size_range),
		T(test_parse_dma_data_direction_is_checked),
		T(test_parse_dma_data_must_fit_size),
		T(test_parse_dma_large_size_data_is_one_byte),
		T(test_parse_dma_flag_and_key_misuse_is_error),
		T(test_parse_dma_outcomes),
		T(test_parse_dma_hex_payload),
		T(test_parse_dma_hex_errors),
		T(test_parse_write_bytes),
		T(test_parse_dma_msi_only_outcomes_are_errors),
		T(test_parse_unknown_outcome_is_error),
		T(test_parse_dma_bits_and_not_issued),
		T(test_parse_msi_minimal),
		T(test_parse_msi_outcomes),
		T(test_parse_msi_errors),
		T(test_parse_fault_name_syntax_is_checked),
		T(test_parse_fault_name_list_validation),
		T(test_parse_expect_event),
		T(test_parse_expect_event_errors),
		T(test_parse_expect_no_event),
		T(test_parse_ext_verb_becomes_kv_list),
		T(test_parse_ext_check_rejects_line),
		T(test_parse_ext_without_check_is_accepted),
		T(test_parse_ext_argument_limits),
		T(test_parse_ext_duplicate_and_empty_keys_are_errors),
		T(test_parse_unknown_step_is_error),
		T(test_parse_ext_counts_as_access_for_platform_order),
		T(test_parse_reports_every_error_with_line_numbers),
		T(test_parse_crlf_comments_and_blank_lines),
		T(test_parse_nul_byte_is_error_not_terminator),
		T(test_parse_line_too_long_is_error),
		T(test_parse_reads_only_len_bytes),
		T(test_parse_empty_input),
		T(test_parse_bad_arguments),
		T(test_parse_null_fname_is_named_trace),
		T(test_parse_many_lines_grow_steps),
		T(test_parse_many_errors_grow_diag),
		T(test_parse_message_escapes_and_truncates_tokens),
		T(test_free_is_safe_on_zeroed_and_repeated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * Replayer behaviour: exit classes, one line per step, all syntax errors
 * before anything runs, JSON, determinism, independent instances.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/replay.h"

struct capture {
	char *buf;
	size_t len;
	struct replay_result res;
};

static void run(const char *text, bool json, struct capture *c)
{
	FILE *f = open_memstream(&c->buf, &c->len);
	struct replay_opts o = { .json = json, .out = f };

	assert_non_null(f);
	replay_text(text, strlen(text), "t.trace", &o, &c->res);
	fclose(f);
}

static unsigned count_lines(const char *s, const char *needle)
{
	unsigned n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_replay_passing_trace_counts_every_step(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("# focus\nplatform qemu-virt\n"
	    "dma write sid=1 iova=0x40001000 size=4 data=7 expect=bypass\n"
	    "read32 0x40001000 expect=7\n", false, &c);
	assert_false(c.res.malformed);
	assert_int_equal(c.res.passed, 3); /* platform, dma, read */
	assert_int_equal(c.res.failed, 0);
	assert_int_equal(count_lines(c.buf, "t.trace:"), 3);
	assert_non_null(strstr(c.buf, "t.trace:3: ok: dma write"));
	free(c.buf);
}

static void test_replay_failed_expectation_is_counted_and_explained(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("dma read sid=1 iova=0x40001000 size=4 expect=abort\n", false, &c);
	assert_int_equal(c.res.failed, 1);
	assert_non_null(strstr(c.buf, "FAIL"));
	assert_non_null(strstr(c.buf, "expected abort"));
	assert_non_null(strstr(c.buf, "GBPA.ABORT=0"));
	free(c.buf);
}

static void test_replay_syntax_errors_stop_everything(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("write32 0x40001000 1\nbogus 1 2\nread8 0x0 expect=0x100\nread32 0x40001000 expect=1\n",
	    false, &c);
	assert_true(c.res.malformed);
	assert_int_equal(c.res.passed + c.res.failed, 0); /* nothing executed */
	assert_non_null(strstr(c.buf, "t.trace:2: error:"));
	assert_non_null(strstr(c.buf, "t.trace:3: error:"));
	assert_null(strstr(c.buf, ": ok:"));
	free(c.buf);
}

static void test_replay_unknown_platform_is_malformed(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("platform /nonexistent/platform.txt\nread32 0x0\n", false, &c);
	assert_true(c.res.malformed);
	assert_non_null(strstr(c.buf, "t.trace:1: error: platform"));
	free(c.buf);
}

static void test_replay_unmapped_cpu_access_fails_with_reason(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("write32 0x10 5\n", false, &c);
	assert_int_equal(c.res.failed, 1);
	assert_non_null(strstr(c.buf, "unmapped physical address at 0x10"));
	free(c.buf);
}

static void test_replay_unexpected_fault_without_expectation_passes_but_shows(void **state)
{
	struct capture c = { 0 };

	(void)state;
	/* A stage-1 STE whose CD was never written: the zeroed CD is C_BAD_CD. */
	run("smmu-init sidbits=8\nste sid=1 config=s1\ndma read sid=1 iova=0x1000 size=4\n",
	    false, &c);
	assert_int_equal(c.res.failed, 0);
	assert_non_null(strstr(c.buf, "fault:C_BAD_CD"));
	free(c.buf);
}

static void test_replay_json_is_one_object_per_step(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("dma read sid=1 iova=0x40001000 size=4 expect=bypass\nread32 0x09050000\n", true, &c);
	/* two steps and the summary object */
	assert_int_equal(count_lines(c.buf, "\n"), 3);
	assert_non_null(strstr(c.buf, "\"outcome\":\"bypass\""));
	assert_non_null(strstr(c.buf, "\"pa\":\"0x40001000\""));
	assert_non_null(strstr(c.buf, "\"passed\":2"));
	free(c.buf);
}

static void test_replay_output_is_deterministic(void **state)
{
	const char *t = "smmu-init sidbits=8\nste sid=1 config=bypass v=0\n"
			"dma read sid=1 iova=0x40001000 size=4 expect=fault:C_BAD_STE\n"
			"expect-event type=C_BAD_STE sid=1\n";
	struct capture a = { 0 }, b = { 0 };

	(void)state;
	run(t, false, &a);
	run(t, false, &b);
	assert_int_equal(a.res.failed, 0);
	assert_string_equal(a.buf, b.buf);
	free(a.buf);
	free(b.buf);
}

static void test_replay_event_mismatch_names_both(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("smmu-init sidbits=4 strtab=linear\n"
	    "dma read sid=20 iova=0x40001000 size=4 expect=fault:C_BAD_STREAMID\n"
	    "expect-event type=C_BAD_STE\n", false, &c);
	assert_int_equal(c.res.failed, 1);
	assert_non_null(strstr(c.buf, "C_BAD_STREAMID sid=0x14"));
	assert_non_null(strstr(c.buf, "expected type C_BAD_STE"));
	free(c.buf);
}

static void test_replay_expect_event_on_empty_queue_fails(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("smmu-init sidbits=4\nexpect-event type=C_BAD_STE\n", false, &c);
	assert_int_equal(c.res.failed, 1);
	assert_non_null(strstr(c.buf, "event queue empty"));
	free(c.buf);
}

static void test_replay_4k_crossing_dma_is_refused(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("dma read sid=1 iova=0x40000ffc size=8 expect=bypass\n", false, &c);
	assert_int_equal(c.res.failed, 1);
	assert_non_null(strstr(c.buf, "crosses a 4 KiB boundary"));
	free(c.buf);
}

static void test_replay_msi_into_ram_is_mem(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("msi sid=1 iova=0x40002000 data=0x2a expect=mem\nread32 0x40002000 expect=0x2a\n",
	    false, &c);
	assert_int_equal(c.res.failed, 0);
	free(c.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_passing_trace_counts_every_step),
		cmocka_unit_test(test_replay_failed_expectation_is_counted_and_explained),
		cmocka_unit_test(test_replay_syntax_errors_stop_everything),
		cmocka_unit_test(test_replay_unknown_platform_is_malformed),
		cmocka_unit_test(test_replay_unmapped_cpu_access_fails_with_reason),
		cmocka_unit_test(test_replay_unexpected_fault_without_expectation_passes_but_shows),
		cmocka_unit_test(test_replay_json_is_one_object_per_step),
		cmocka_unit_test(test_replay_output_is_deterministic),
		cmocka_unit_test(test_replay_event_mismatch_names_both),
		cmocka_unit_test(test_replay_expect_event_on_empty_queue_fails),
		cmocka_unit_test(test_replay_4k_crossing_dma_is_refused),
		cmocka_unit_test(test_replay_msi_into_ram_is_mem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

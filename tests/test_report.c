/* SPDX-License-Identifier: MIT */
/*
 * The JSON reader, the RUN.json loader, the walk diagram and the report page.
 * Inputs are real `replay --json` output where possible, then broken on purpose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/json_read.h"
#include "harness/replay.h"
#include "harness/report.h"
#include "harness/report_walk.h"
#include "harness/svgplot.h"
#include "text_util.h"

static const char trace_s1[] =
	"# focus: a report's input\n"
	"platform qemu-virt\n"
	"smmu-init sidbits=8\n"
	"ste sid=1 config=s1\n"
	"cd sid=1 granule=64k\n"
	"map sid=1 iova=0x10000 pa=0x40010000 size=0x10000\n"
	"dma read sid=1 iova=0x10010 size=4 expect=pa:0x40010010\n"
	"dma read sid=1 iova=0x10020 size=4 expect=pa:0x40010020\n"
	"dma read sid=1 iova=0x90000 size=4 expect=fault:F_TRANSLATION\n"
	"expect-event type=F_TRANSLATION sid=1\n"
	"ste sid=2 config=bypass\n"
	"dma write sid=2 iova=0x40001000 size=4 data=1 expect=bypass\n"
	"ste sid=3 config=abort\n"
	"dma write sid=3 iova=0x40001000 size=4 data=1 expect=abort\n"
	"read32 0x40001000 expect=2\n"; /* fails on purpose: 1 was written */

/* What `smmuits replay --json --stats` prints for text (the caller frees it). */
static char *replay_json(const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct replay_opts o = { .json = true, .stats = true, .out = f };
	struct replay_result r;

	assert_non_null(f);
	replay_text(text, strlen(text), "t.trace", &o, &r);
	fclose(f);
	assert_false(r.malformed);
	return buf;
}

static int load(const char *json, struct report *rp, struct sm_err *e)
{
	memset(e, 0, sizeof(*e));
	return report_load(rp, json, strlen(json), "run.json", e);
}

/* ---- the JSON reader ---- */

static void test_json_read_values_and_exact_u64(void **state)
{
	struct jr_value *v;
	struct sm_err e = { 0 };
	const char *t = "{\"a\":[1,-2,3.5e1,true,null],\"big\":18446744073709551615,"
			"\"over\":18446744073709551616,\"s\":\"x\\\"\\n\\u00e9\\ud83d\\ude00\"}";
	uint64_t u;

	(void)state;
	assert_int_equal(jr_parse(t, strlen(t), &v, &e), SM_OK);
	assert_int_equal(jr_get(v, "a")->n, 5);
	assert_true(jr_get(v, "a")->items[0].is_u64);
	assert_false(jr_get(v, "a")->items[1].is_u64); /* negative: a double only */
	assert_true(jr_get(v, "a")->items[2].d == 35.0);
	assert_true(jr_get(v, "a")->items[3].b);
	assert_int_equal(jr_get(v, "a")->items[4].type, JR_NULL);
	assert_true(jr_get_u64(v, "big", &u));
	assert_true(u == UINT64_MAX);
	assert_false(jr_get_u64(v, "over", &u)); /* 2^64 does not fit */
	assert_string_equal(jr_get_str(v, "s"), "x\"\n\xc3\xa9\xf0\x9f\x98\x80");
	jr_free(v);
}

static void test_json_read_repairs_bad_utf8_and_lone_surrogates(void **state)
{
	struct jr_value *v;
	struct sm_err e = { 0 };
	const char t[] = "\"a\xff\\udc00b\"";

	(void)state;
	assert_int_equal(jr_parse(t, strlen(t), &v, &e), SM_OK);
	assert_string_equal(v->s, "a\xef\xbf\xbd\xef\xbf\xbd" "b");
	jr_free(v);
}

static void test_json_read_rejects_malformed_input(void **state)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":", "{\"a\" 1}", "[1,]", "[1 2]", "01", "1.", "-", "1e",
		"tru", "\"abc", "\"a\\q\"", "\"\\u12\"", "\"\\u0000\"", "\"a\tb\"", "{} x",
		"{1:2}", "nul",
	};
	char deep[200];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct jr_value *v = (struct jr_value *)1;
		struct sm_err e = { 0 };

		assert_int_equal(jr_parse(bad[i], strlen(bad[i]), &v, &e), SM_EINVAL);
		assert_null(v);
		assert_non_null(strstr(e.msg, "byte "));
	}
	/* 65 nested arrays: one past the limit */
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	{
		struct jr_value *v;
		struct sm_err e = { 0 };

		assert_int_equal(jr_parse(deep, 130, &v, &e), SM_EINVAL);
		assert_non_null(strstr(e.msg, "nested too deeply"));
		assert_int_equal(jr_parse(deep + 1, 128, &v, &e), SM_OK); /* 64 is fine */
		jr_free(v);
	}
	/* a NUL byte inside the text is an error, not the end */
	{
		struct jr_value *v;
		struct sm_err e = { 0 };

		assert_int_equal(jr_parse("[1,\0 2]", 7, &v, &e), SM_EINVAL);
		assert_non_null(strstr(e.msg, "NUL"));
	}
}

/* ---- loading RUN.json ---- */

static void test_report_load_real_replay_output(void **state)
{
	char *json = replay_json(trace_s1);
	struct report rp;
	struct sm_err e;

	(void)state;
	assert_int_equal(load(json, &rp, &e), SM_OK);
	assert_int_equal(rp.nfiles, 1);
	assert_string_equal(rp.files[0].name, "t.trace");
	assert_true(rp.files[0].summary);
	assert_int_equal(rp.files[0].failed, 1);
	assert_non_null(rp.files[0].stats);
	assert_int_equal(rp.ntxns, 5);
	assert_int_equal(rp.files[0].ntxn, 5);
	/* the first read: sid 1, parsed from the step, on a 64 KB granule CD */
	assert_true(rp.txns[0].parsed);
	assert_int_equal(rp.txns[0].sid, 1);
	assert_true(rp.txns[0].iova == 0x10010);
	assert_string_equal(rp.txns[0].outcome, "translated");
	assert_true(rp.txns[0].has_pa && rp.txns[0].pa == 0x40010010);
	assert_int_equal(rp.txns[0].ctx.cfg, RCFG_S1);
	assert_int_equal(rp.txns[0].ctx.s1_granule, 16);
	assert_true(rp.txns[0].has_time && rp.txns[0].done - rp.txns[0].issue == rp.txns[0].cycles);
	assert_string_equal(rp.txns[2].fault, "F_TRANSLATION");
	assert_int_equal(rp.txns[3].ctx.cfg, RCFG_BYPASS);
	assert_int_equal(rp.txns[4].ctx.cfg, RCFG_ABORT);
	/* the failed read32 is kept, as a failed step */
	assert_int_equal(rp.nfailed, 1);
	assert_non_null(strstr(rp.failed[0].step, "read32"));
	report_free(&rp);
	free(json);
}

static void test_report_load_two_runs_of_one_file_stay_apart(void **state)
{
	char *a = replay_json(trace_s1), *both = malloc(2 * strlen(a) + 1);
	struct report rp;
	struct sm_err e;

	(void)state;
	strcpy(both, a);
	strcat(both, a);
	assert_int_equal(load(both, &rp, &e), SM_OK);
	assert_int_equal(rp.nfiles, 2);
	assert_int_equal(rp.files[1].first_txn, 5);
	assert_non_null(rp.files[0].stats);
	assert_non_null(rp.files[1].stats);
	report_free(&rp);
	free(a);
	free(both);
}

static void test_report_load_keeps_replayer_errors(void **state)
{
	struct report rp;
	struct sm_err e;
	const char *in = "bad.trace:2: error: unknown step 'foo'\n"
			 "{\"file\":\"bad.trace\",\"passed\":0,\"failed\":0,\"malformed\":true}\n";

	(void)state;
	assert_int_equal(load(in, &rp, &e), SM_OK);
	assert_int_equal(rp.ndiags, 1);
	assert_true(rp.files[0].malformed);
	report_free(&rp);
}

#define STEP_HEAD "{\"file\":\"t\",\"line\":3,\"step\":\"dma read sid=1 iova=0 size=4\"," \
		  "\"pass\":true,\"outcome\":\"bypass\",\"result\":\"r\",\"why\":\"w\""

static void test_report_load_rejects_bad_input_with_its_line(void **state)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
		{ "", "no steps" },
		{ "hello\n", "run.json:1: not a JSON object" },
		{ "\n{\"file\":\"t\",\n", "run.json:2: malformed JSON" },
		{ "[1]\n", "not a JSON object" },
		{ "{\"x\":1}\n", "unknown object" },
		{ "{\"file\":\"t\",\"line\":3}\n", "needs a string member step" },
		{ STEP_HEAD ",\"cycles\":1}", NULL },  /* valid: a control for the cases below */
		{ STEP_HEAD ",\"cycles\":-1}", "\"cycles\" must be" },
		{ STEP_HEAD ",\"cycles\":1e30}", "\"cycles\" must be" },
		{ STEP_HEAD ",\"cycles\":99999999999999999999999}", "\"cycles\" must be" },
		{ "{\"file\":\"t\",\"line\":4294967296,\"step\":\"s\",\"pass\":true,\"outcome\":\"o\","
		  "\"result\":\"r\",\"why\":\"w\",\"cycles\":1}", "\"line\" must be" },
		{ STEP_HEAD ",\"cycles\":1,\"pa\":\"zz\"}", "\"pa\" is not a number: zz" },
		{ STEP_HEAD ",\"cycles\":1,\"pa\":7}", "\"pa\" must be a string" },
		{ STEP_HEAD ",\"cycles\":1,\"issue\":5,\"done\":4}", "\"done\" is before" },
		{ STEP_HEAD ",\"cycles\":1,\"issue\":5}", "must both be" },
		{ STEP_HEAD ",\"pass\":1,\"cycles\":1}", NULL }, /* duplicate key: the first wins */
		{ "{\"stats\":{\"file\":\"nope\"}}", "no steps: nope" },
		{ "{\"stats\":3}", "must be an object" },
		{ "{\"file\":\"t\",\"passed\":-1,\"failed\":0,\"malformed\":false}", "file summary" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report rp;
		struct sm_err e;
		int rc = load(cases[i].in, &rp, &e);

		if (!cases[i].msg) {
			assert_int_equal(rc, SM_OK);
			report_free(&rp);
			continue;
		}
		assert_int_equal(rc, SM_EINVAL);
		if (!strstr(e.msg, cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, cases[i].msg);
		assert_int_equal(rp.nfiles, 0); /* freed */
	}
}

/* A step cut anywhere is a clear error, never a crash (the sanitizer run checks the rest). */
static void test_report_load_every_truncation_fails_cleanly(void **state)
{
	char *json = replay_json(trace_s1);
	size_t n = strchr(json, '\n') - json;

	(void)state;
	for (size_t cut = 1; cut < n; cut++) {
		char *part = strndup(json, cut);
		struct report rp;
		struct sm_err e;

		assert_int_equal(load(part, &rp, &e), SM_EINVAL);
		assert_non_null(strstr(e.msg, "run.json:1: malformed JSON"));
		free(part);
	}
	free(json);
}

/* ---- the walk ---- */

static void test_walk_levels_follow_the_granule(void **state)
{
	struct walk_level lv[WALK_MAX_LEVELS];
	/* IOVA with distinct 9-bit indices 1, 2, 3, 4 at levels 0..3 of a 4 KB walk */
	uint64_t a = (UINT64_C(1) << 39) | (UINT64_C(2) << 30) | (UINT64_C(3) << 21) | (4 << 12) | 5;

	(void)state;
	assert_int_equal(walk_levels(a, 12, 48, lv), 4);
	assert_int_equal(lv[0].level, 0);
	assert_int_equal(lv[0].hi, 47);
	assert_int_equal(lv[0].lo, 39);
	assert_int_equal(lv[0].index, 1);
	assert_int_equal(lv[3].hi, 20);
	assert_int_equal(lv[3].lo, 12);
	assert_int_equal(lv[3].index, 4);
	/* 64 KB, 48 bits: 13 bits a level, three levels from L1 [47:42] */
	assert_int_equal(walk_levels(a, 16, 48, lv), 3);
	assert_int_equal(lv[0].level, 1);
	assert_int_equal(lv[0].hi, 47);
	assert_int_equal(lv[0].lo, 42);
	assert_int_equal(lv[2].lo, 16);
	/* 16 KB, 48 bits: L0 resolves one bit, [47:47] */
	assert_int_equal(walk_levels(a, 14, 48, lv), 4);
	assert_int_equal(lv[0].hi, 47);
	assert_int_equal(lv[0].lo, 47);
	/* 4 KB, 39 bits: three levels from L1 */
	assert_int_equal(walk_levels(a, 12, 39, lv), 3);
	assert_int_equal(lv[0].level, 1);
	assert_int_equal(lv[0].hi, 38);
	/* 4 KB, 52 bits: level -1 */
	assert_int_equal(walk_levels(a, 12, 52, lv), 5);
	assert_int_equal(lv[0].level, -1);
	assert_int_equal(lv[0].hi, 51);
	assert_int_equal(lv[0].lo, 48);
}

static void test_walk_from_txn_picks_the_picture(void **state)
{
	char *json = replay_json(trace_s1);
	struct report rp;
	struct sm_err e;
	struct walk_view w;

	(void)state;
	assert_int_equal(load(json, &rp, &e), SM_OK);
	walk_from_txn(&rp.txns[0], &w); /* cold: a 64 KB stage-1 walk */
	assert_int_equal(w.kind, WALK_TABLES);
	assert_int_equal(w.walk.stage, 1);
	assert_int_equal(w.walk.granule, 16);
	assert_int_equal(w.walk.nlevels, 3);
	assert_true(w.has_pa && w.pa == 0x40010010);
	walk_from_txn(&rp.txns[1], &w); /* same page again: the TLB */
	assert_int_equal(w.kind, WALK_TLB);
	walk_from_txn(&rp.txns[2], &w);
	assert_int_equal(w.kind, WALK_TABLES);
	assert_true(w.faulted);
	assert_string_equal(w.fault, "F_TRANSLATION");
	walk_from_txn(&rp.txns[3], &w);
	assert_int_equal(w.kind, WALK_BYPASS);
	walk_from_txn(&rp.txns[4], &w);
	assert_int_equal(w.kind, WALK_ABORT);
	report_free(&rp);
	free(json);
}

static void test_walk_config_fault_has_no_tables(void **state)
{
	struct report_txn t = {
		.step = "dma read sid=9 iova=0 size=4", .outcome = "fault", .fault = "C_BAD_STE",
		.why = "STE.V=0", .result = "fault:C_BAD_STE", .parsed = true, .sid = 9,
	};
	struct walk_view w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	walk_from_txn(&t, &w);
	assert_int_equal(w.kind, WALK_CONFIG);
	walk_svg(f, &w);
	fclose(f);
	assert_non_null(strstr(buf, "fault C_BAD_STE"));
	assert_null(strstr(buf, "walk-table"));
	free(buf);
}

/* ---- the page ---- */

static char *page_of(const char *json)
{
	struct report rp;
	struct sm_err e;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(load(json, &rp, &e), SM_OK);
	assert_int_equal(report_html(f, &rp, "run.json"), SM_OK);
	fclose(f);
	report_free(&rp);
	return buf;
}

static void test_report_html_has_every_part(void **state)
{
	char *json = replay_json(trace_s1), *page = page_of(json);

	(void)state;
	assert_true(!strncmp(page, "<!DOCTYPE html>", 15));
	assert_int_equal(text_count(page, "<template id=\"t-"), 5);       /* one per transaction */
	assert_int_equal(text_count(page, "<svg class=\"walk\""), 5);
	/* timeline bars: every mark that is not a table row */
	assert_int_equal(text_count(page, "class=\"txn\" data-id=") -
			 text_count(page, "<tr class=\"txn\""), 5);
	/* one row each in the transaction table, and the fault and the abort in the fault table */
	assert_int_equal(text_count(page, "<tr class=\"txn\" data-id="), 5 + 2);
	assert_non_null(strstr(page, "Latency histogram"));
	assert_non_null(strstr(page, "Cache hit rates"));
	assert_non_null(strstr(page, "<td>SMMU TLB</td><td class=\"num\">1</td>"));
	assert_non_null(strstr(page, "<table class=\"sids\">"));
	assert_non_null(strstr(page, "<td>0x3</td>"));
	assert_non_null(strstr(page, "Other failed steps"));
	/* the 64 KB walk: three tables, L1 index [47:42] */
	assert_non_null(strstr(page, "[47:42]"));
	/* self-contained: nothing fetched */
	assert_null(strstr(page, "src="));
	assert_null(strstr(page, "href=\"http"));
	assert_null(strstr(page, "@import"));
	free(page);
	free(json);
}

static void test_report_html_escapes_every_text(void **state)
{
	const char *json =
		"{\"file\":\"<script>alert(1)</script>\",\"line\":2,\"step\":\"dma read sid=1 "
		"iova=0 size=4\",\"pass\":false,\"outcome\":\"a&b\\\"<\",\"result\":\"\\u0001\","
		"\"why\":\"'x'\",\"cycles\":1,\"issue\":0,\"done\":1}\n";
	char *page = page_of(json);

	(void)state;
	assert_null(strstr(page, "<script>alert"));
	assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(page, "a&amp;b&quot;&lt;"));
	assert_non_null(strstr(page, "&#39;x&#39;"));
	assert_null(strchr(page, '\x01'));
	assert_int_equal(text_count(page, "<script>"), 1); /* ours only */
	free(page);
}

static void test_svg_text_escapes_and_repairs(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	svg_text(f, "<a href='x'>\x02\xc3\xa9\xc3\n");
	svg_text(f, NULL);
	fclose(f);
	assert_string_equal(buf, "&lt;a href=&#39;x&#39;&gt;&#xfffd;\xc3\xa9&#xfffd;\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_read_values_and_exact_u64),
		cmocka_unit_test(test_json_read_repairs_bad_utf8_and_lone_surrogates),
		cmocka_unit_test(test_json_read_rejects_malformed_input),
		cmocka_unit_test(test_report_load_real_replay_output),
		cmocka_unit_test(test_report_load_two_runs_of_one_file_stay_apart),
		cmocka_unit_test(test_report_load_keeps_replayer_errors),
		cmocka_unit_test(test_report_load_rejects_bad_input_with_its_line),
		cmocka_unit_test(test_report_load_every_truncation_fails_cleanly),
		cmocka_unit_test(test_walk_levels_follow_the_granule),
		cmocka_unit_test(test_walk_from_txn_picks_the_picture),
		cmocka_unit_test(test_walk_config_fault_has_no_tables),
		cmocka_unit_test(test_report_html_has_every_part),
		cmocka_unit_test(test_report_html_escapes_every_text),
		cmocka_unit_test(test_svg_text_escapes_and_repairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

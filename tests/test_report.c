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
#include "model/bitfield.h"
#include "smmu/smmu_pte.h"
#include "text_util.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

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

/* What `smmuits replay --json --stats --explain PATH` prints (the caller frees it). */
static char *replay_json_explain(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct replay_opts o = { .json = true, .stats = true, .explain = true, .out = f };
	struct replay_result r;

	assert_non_null(f);
	replay_file(path, &o, &r);
	fclose(f);
	assert_false(r.malformed);
	assert_int_equal(r.failed, 0);
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

/* ---- the walk from an explanation (replay --json --explain) ---- */

#define EX04 SRCDIR "/docs/examples/04-first-stage1-walk.trace"
#define EX05 SRCDIR "/docs/examples/05-msi-journey.trace"
#define EX11 SRCDIR "/docs/examples/11-stage2-nesting.trace"

static void load_explained(const char *path, char **json, struct report *rp)
{
	struct sm_err e;

	*json = replay_json_explain(path);
	if (load(*json, rp, &e))
		fail_msg("%s", e.msg);
}

/* A run of one example with --explain, loaded: the state of the tests below. */
struct explained {
	char *json;
	struct report rp;
};

static int explained_of(void **state, const char *path)
{
	struct explained *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	load_explained(path, &x->json, &x->rp);
	*state = x;
	return 0;
}

static int setup_ex04(void **state)
{
	return explained_of(state, EX04);
}

static int setup_ex05(void **state)
{
	return explained_of(state, EX05);
}

static int setup_ex11(void **state)
{
	return explained_of(state, EX11);
}

static int teardown_explained(void **state)
{
	struct explained *x = *state;

	report_free(&x->rp);
	free(x->json);
	free(x);
	return 0;
}

/* Each "+TEXT" is in s, each "-TEXT" is not; the list ends with NULL. */
static void expect_text(const char *s, ...)
{
	va_list ap;
	const char *t;

	va_start(ap, s);
	while ((t = va_arg(ap, const char *)))
		if (!strstr(s, t + 1) != (*t == '-'))
			fail_msg("%s %s", *t == '-' ? "unexpected:" : "missing:", t + 1);
	va_end(ap);
}

/* The transaction of a trace line. */
static const struct report_txn *txn_at(const struct report *rp, unsigned line)
{
	for (size_t i = 0; i < rp->ntxns; i++)
		if (rp->txns[i].line == line)
			return &rp->txns[i];
	fail_msg("no transaction at line %u", line);
	return NULL;
}

static bool box_has(const struct walk_box *b, const char *text)
{
	for (unsigned i = 0; i < b->n; i++)
		if (strstr(b->line[i], text))
			return true;
	return false;
}

static void test_report_load_explain_keeps_each_transactions_steps(void **state)
{
	char *plain, *json;
	struct report rp, rq;
	struct sm_err e;

	(void)state;
	load_explained(EX04, &json, &rp);
	plain = replay_json(trace_s1);
	assert_int_equal(load(plain, &rq, &e), SM_OK);
	/* the explanations are not steps: 16 lines run, 5 of them transactions, as without --explain */
	assert_int_equal(rp.nfiles, 1);
	assert_int_equal(rp.files[0].steps, 16);
	assert_int_equal(rp.ntxns, 5);
	for (size_t i = 0; i < rp.ntxns; i++) {
		assert_non_null(rp.txns[i].explain);
		assert_int_equal(rp.txns[i].explain->type, JR_ARR);
		assert_true(rp.txns[i].explain->n > 5);
	}
	for (size_t i = 0; i < rq.ntxns; i++)
		assert_null(rq.txns[i].explain); /* without --explain: none */
	report_free(&rp);
	report_free(&rq);
	free(json);
	free(plain);
}

static void test_walk_explain_first_stage1_walk_has_the_real_tables(void **state)
{
	struct explained *x = *state;
	const struct report *rp = &x->rp;
	struct walk_view w;
	/* the driver's page: OA 0x40010000, AF, inner shareable, AP[2:1]=01, nG, PXN and UXN (no x) */
	uint64_t page = FIELD_PREP(PTE_OA, 0x40010000 >> 12) | PTE_AF | FIELD_PREP(PTE_SH, 3) |
			FIELD_PREP(PTE_S1_AP, PTE_AP_RW_ALL) | PTE_S1_NG | PTE_S1_PXN |
			PTE_S1_UXN | PTE_VALID | PTE_TYPE;

	/* the CD line's result names TTB0: the first table the walk read */
	assert_non_null(strstr(x->json, "TTB0 0x7f007000 (4k, 48-bit VA, start level 0)"));
	walk_from_txn(txn_at(rp, 8), &w); /* the cold read of 0x10010 */
	assert_true(w.explained);
	assert_false(w.assumed);
	assert_int_equal(w.kind, WALK_TABLES);
	assert_int_equal(w.walk.stage, 1);
	assert_int_equal(w.walk.nlevels, 4);
	assert_true(w.walk.has_base && w.walk.base == 0x7f007000);
	for (unsigned i = 0; i < 4; i++) {
		const struct walk_level *lv = &w.walk.levels[i];

		assert_int_equal(lv->level, (int)i);
		assert_true(lv->visited && lv->has_table && lv->has_desc && lv->has_desc_addr);
		assert_int_equal(lv->wc, WALK_WC_NONE);
		assert_false(lv->fault);
		/* 9 bits a level: L0 [47:39] ... L3 [20:12] */
		assert_int_equal(lv->hi, 47 - 9 * i);
		assert_int_equal(lv->lo, 39 - 9 * i);
		/* the map line's tables follow TTB0 page by page in the driver's heap */
		assert_true(lv->table == 0x7f007000 + 0x1000 * i);
		assert_true(lv->desc_addr == lv->table + 8 * lv->index);
		if (i < 3) {
			/* a table descriptor: the next table, bits[1:0] = 0b11 */
			assert_true(lv->index == 0);
			assert_true(lv->desc == (lv->table + 0x1000) + 3);
			assert_string_equal(lv->type, "table");
		}
	}
	/* level 3: 0x10010 >> 12 = 0x10, so the entry is 0x80 into the last table */
	assert_true(w.walk.levels[3].index == 0x10);
	assert_true(w.walk.levels[3].desc_addr == 0x7f00a080);
	assert_true(w.walk.levels[3].desc == page);
	assert_string_equal(w.walk.levels[3].type, "page");
	assert_string_equal(w.walk.levels[3].out, "OA 0x40010000");
	assert_string_equal(w.walk.levels[3].attrs, "AP 0b01 UXN 1 PXN 1 AF 1");
	assert_true(w.walk.has_out && w.walk.out == 0x40010010);

	walk_from_txn(txn_at(rp, 9), &w); /* the same page: the TLB, with the entry it hit */
	assert_int_equal(w.kind, WALK_TLB);
	assert_true(box_has(&w.hit, "entry 0x10000") && box_has(&w.hit, "-> 0x40010000"));
	assert_true(box_has(&w.hit, "size 2^12, level 3"));

	walk_from_txn(txn_at(rp, 10), &w); /* 0x11000: the walk cache resumes at level 3 */
	assert_int_equal(w.kind, WALK_TABLES);
	assert_true(w.faulted && w.walk.faulted);
	assert_int_equal(w.walk.nlevels, 4);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(w.walk.levels[i].wc, WALK_WC_SKIPPED);
	assert_int_equal(w.walk.levels[3].wc, WALK_WC_TABLE);
	assert_true(w.walk.levels[3].fault);
	assert_true(w.walk.levels[3].table == 0x7f00a000 && w.walk.levels[3].index == 0x11);
	assert_true(w.walk.levels[3].desc_addr == 0x7f00a088 && w.walk.levels[3].desc == 0);
	assert_true(w.nevent >= 10);
	assert_string_equal(w.event[0].name, "type");
	assert_string_equal(w.event[0].value, "F_TRANSLATION");
	for (unsigned i = 0; i < w.nevent; i++)
		if (!strcmp(w.event[i].name, "InputAddr"))
			assert_string_equal(w.event[i].value, "0x11000");
}

static void test_walk_explain_nested_shows_both_stages(void **state)
{
	struct explained *x = *state;
	const struct report *rp = &x->rp;
	struct walk_view w;

	walk_from_txn(txn_at(rp, 7), &w); /* stage 2 only: the IPA is the IOVA */
	assert_int_equal(w.walk.stage, 2);
	assert_true(w.walk.base == 0x7f006000 && w.walk.levels[0].table == 0x7f006000);
	/* IPA 0x80000010: L1 index IPA[38:30] = 2, so its entry is 0x10 into the table */
	assert_true(w.walk.levels[1].index == 2 && w.walk.levels[1].desc_addr == 0x7f007010);
	assert_string_equal(w.walk.levels[3].attrs, "S2AP 0b11 XN 2 AF 1");
	assert_false(w.s2.present);

	walk_from_txn(txn_at(rp, 18), &w); /* nested, cold */
	assert_true(w.nested && w.walk.stage == 1 && w.walk.nlevels == 4);
	assert_true(w.walk.base == 0x7f00e000);
	for (unsigned i = 0; i < 4; i++) {
		const struct walk_nest *n = &w.walk.levels[i].nest;

		/* each stage-1 entry's address is an IPA; the heap is mapped 1:1, from the IPA cache */
		assert_true(n->present && n->cache_hit && n->has_pa && !n->faulted);
		assert_true(n->ipa == w.walk.levels[i].desc_addr && n->pa == n->ipa);
	}
	assert_true(w.walk.has_out && w.walk.out == 0x80000010); /* stage 1's output: an IPA */
	assert_true(w.s2.present && w.s2.stage == 2 && w.s2.ia == 0x80000010);
	assert_int_equal(w.s2.levels[0].wc, WALK_WC_SKIPPED); /* the CD's stage 2 left L1 cached */
	assert_int_equal(w.s2.levels[1].wc, WALK_WC_TABLE);
	assert_true(w.s2.levels[1].table == 0x7f00c000 && w.s2.levels[1].desc_addr == 0x7f00c010);
	assert_true(w.s2.has_out && w.s2.out == 0x40200010 && w.pa == 0x40200010);

	walk_from_txn(txn_at(rp, 22), &w); /* stage 1 fine, the final stage 2 faults */
	assert_false(w.walk.faulted);
	assert_true(w.s2.present && w.s2.faulted && w.faulted);
	assert_true(w.s2.levels[w.s2.nlevels - 1].fault && w.s2.levels[w.s2.nlevels - 1].level == 3);

	walk_from_txn(txn_at(rp, 29), &w); /* s2heap=0: the CD's own address faults at stage 2 */
	assert_int_equal(w.kind, WALK_CONFIG);
	assert_true(box_has(&w.hit, "CD at IPA 0x7f014000:") && box_has(&w.hit, "stage 2 faulted"));
}

static void test_walk_explain_msi_draws_the_its_chain(void **state)
{
	struct explained *x = *state;
	const struct report *rp = &x->rp;
	struct walk_view w;

	walk_from_txn(txn_at(rp, 11), &w); /* EventID 3 -> LPI 8200 at CPU 2 */
	assert_true(w.its);
	assert_true(box_has(&w.itsbox[0], "DeviceID 0x1") && box_has(&w.itsbox[0], "EventID 0x3"));
	assert_true(box_has(&w.itsbox[1], "DTE 0x1") && box_has(&w.itsbox[1], "ITT_addr 0x7f100000"));
	/* ITT_addr + EventID * 8 */
	assert_true(box_has(&w.itsbox[2], "at 0x7f100018") &&
		    box_has(&w.itsbox[2], "pINTID 8200, ICID 0x2"));
	assert_true(box_has(&w.itsbox[3], "RDbase 2"));
	/* pending byte PENDBASER + 8200/8, property byte PROPBASER + 8200 - 8192 */
	assert_true(box_has(&w.itsbox[4], "CPU 2") && box_has(&w.itsbox[4], "pending 0x7f040401"));
	assert_true(box_has(&w.itsbox[5], "LPI 8200 property") && box_has(&w.itsbox[5], "at 0x7f010008"));
	assert_true(box_has(&w.itsbox[5], "= 0xa3") && box_has(&w.itsbox[5], "Priority 0xa0"));
	for (unsigned i = 0; i < WALK_ITS_BOXES; i++)
		assert_false(w.itsbox[i].bad);

	walk_from_txn(txn_at(rp, 13), &w); /* EventID 9 was never mapped */
	assert_true(w.its);
	assert_true(w.itsbox[2].bad && box_has(&w.itsbox[2], "Valid 0"));
	assert_true(w.itsbox[3].bad && box_has(&w.itsbox[3], "unmapped-event"));
	assert_false(w.itsbox[5].present);
}

static void test_report_html_from_explain_has_the_tables(void **state)
{
	char *json = replay_json_explain(EX11), *page = page_of(json);

	(void)state;
	expect_text(page, "+(as the model walked it)",
		    "+@0x7f00e000",                    /* stage 1's first table (TTB0) */
		    "+entry at 0x7f011080",            /* its last entry */
		    "+VA[47:39]", "+IPA[38:30] = 0x2", /* index bits, stage 1 and stage 2 */
		    "+class=\"walk-table walk-skipped\"", "+class=\"walk-nest\"",
		    "+<svg class=\"walk walk-s2\"", "+class=\"walk-event\"", "+IHI 0070 §3.2",
		    "-RUN.json does not record", "-could not be read", NULL);
	assert_int_equal(text_count(page, "<table class=\"explain\">"), 7); /* one per transaction */
	free(page);
	free(json);
	json = replay_json_explain(EX05);
	page = page_of(json);
	/* the LPI and the drop reach the ITS; the unmapped IOVA faults in the SMMU */
	assert_int_equal(text_count(page, "<svg class=\"walk walk-its\""), 2);
	assert_non_null(strstr(page, "LPI 8200 property"));
	free(page);
	free(json);
}

/* An explanation the report cannot read is an error (its shape) or a smaller diagram (its steps). */
static void test_report_explain_bad_or_partial_input(void **state)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
		{ STEP_HEAD ",\"cycles\":1}\n{\"file\":\"t\",\"line\":3,\"explain\":[]}", NULL },
		{ STEP_HEAD ",\"cycles\":1}\n{\"file\":\"t\",\"line\":3,\"explain\":{}}", "must be an array" },
		{ STEP_HEAD ",\"cycles\":1}\n{\"file\":\"t\",\"line\":4,\"explain\":[]}", "does not follow" },
		{ STEP_HEAD ",\"cycles\":1}\n{\"file\":\"u\",\"line\":3,\"explain\":[]}", "does not follow" },
		{ "{\"file\":\"t\",\"line\":3,\"explain\":[]}", "does not follow" },
		{ STEP_HEAD ",\"cycles\":1}\n{\"line\":3,\"explain\":[]}", "needs \"file\"" },
	};
	/* Steps of every wrong shape, among two good ones (a walk's start and its level 0). */
	static const char steps[] =
		"[{\"stage\":\"s1\",\"what\":\"stage 1 walk\",\"fields\":{\"granule\":\"4 KiB\","
		"\"input bits\":\"48\",\"start level\":\"0\",\"TTB\":\"0x7f007000\"}},"
		"{\"stage\":\"s1\",\"what\":\"level 0 <b>table</b>\",\"fields\":{\"level\":\"0\","
		"\"table\":\"0x7f007000\",\"index bits\":\"VA[47:39]\",\"descriptor\":\"0x7f008003\","
		"\"<i>\":\"'x'\"}},"
		/* a descriptor read that aborted: smmu_explain.c names the table only in `what` */
		"{\"stage\":\"s1\",\"what\":\"level 1 table at 0x7f008000, VA[38:30] = 0x0: reading "
		"the descriptor at 0x7f008000 failed (F_WALK_EABT)\",\"fields\":{\"descriptor address\":"
		"\"0x7f008000\"}},"
		"5, null, {\"stage\":\"s1\"}, {\"stage\":7,\"what\":\"w\",\"fields\":{}},"
		"{\"stage\":\"s1\",\"what\":\"w\",\"fields\":[]},"
		"{\"stage\":\"s1\",\"what\":\"w\",\"fields\":{},\"depth\":-1},"
		"{\"stage\":\"s1\",\"what\":\"level 9 table\",\"fields\":{\"level\":\"9\"}},"
		"{\"stage\":\"s1\",\"what\":\"level x\",\"fields\":{\"level\":\"zero\"}},"
		"{\"stage\":\"s1\",\"what\":\"level 3\",\"fields\":{\"level\":\"3\",\"index bits\":"
		"\"VA[99:1]\",\"descriptor\":\"nope\",\"OA\":\"0x\",\"size\":\"2^999 bytes\"}},"
		"{\"stage\":\"s1\",\"what\":\"stage 1 walk\",\"fields\":{\"granule\":\"3 KiB\"}},"
		"{\"stage\":\"s2\",\"what\":\"nested: (0xzz\",\"fields\":{}},"
		"{\"stage\":\"tlb\",\"what\":\"hit\",\"fields\":{\"result\":\"hit\",\"entry input\":\"1\"}},"
		"{\"stage\":\"its\",\"what\":\"DTE \",\"fields\":{\"Valid\":\"x\"}},"
		"{\"stage\":\"gicr\",\"what\":\"\",\"fields\":{\"CPU\":\"<script>\"}},"
		"{\"stage\":\"event\",\"what\":\"e\",\"fields\":{\"type\":7}}]";
	struct report_txn t = {
		.step = "dma read sid=1 iova=0x10010 size=4", .outcome = "translated", .why = "w",
		.result = "r", .parsed = true, .sid = 1, .iova = 0x10010, .has_pa = true, .pa = 1,
	};
	struct jr_value *x;
	struct sm_err e = { 0 };
	struct walk_view w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report rp;
		int rc = load(cases[i].in, &rp, &e);

		if (!cases[i].msg) {
			assert_int_equal(rc, SM_OK);
			assert_non_null(rp.txns[0].explain);
			report_free(&rp);
			continue;
		}
		assert_int_equal(rc, SM_EINVAL);
		if (!strstr(e.msg, cases[i].msg) || !strstr(e.msg, "run.json:"))
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, cases[i].msg);
	}
	assert_int_equal(jr_parse(steps, strlen(steps), &x, &e), SM_OK);
	t.explain = x;
	walk_from_txn(&t, &w);
	/* 5, null, no what, a number for stage, fields not an object, depth -1: not steps */
	assert_true(w.skipped >= 6);
	assert_int_equal(w.kind, WALK_TABLES);
	assert_true(w.walk.levels[0].visited && w.walk.levels[0].table == 0x7f007000);
	assert_true(w.walk.levels[0].desc == 0x7f008003);
	assert_true(w.walk.levels[1].has_table && w.walk.levels[1].table == 0x7f008000);
	assert_true(w.walk.levels[1].fault && w.walk.faulted && w.faulted);
	assert_string_equal(w.walk.levels[1].type, "read aborted");
	f = open_memstream(&buf, &len);
	walk_svg(f, &w);
	walk_explain_steps(f, x);
	fclose(f);
	/* the good steps drawn, the bad one said, every text escaped */
	expect_text(buf, "+@0x7f007000", "+could not read", "+level 0 &lt;b&gt;table&lt;/b&gt;",
		    "-<b>", "-<i>", "-<script>", NULL);
	free(buf);
	jr_free(x);
}

/* Past REPORT_MAX_DETAIL transactions no diagram is drawn: their explanations are not kept. */
static void test_report_explain_kept_only_where_drawn(void **state)
{
	static const char step[] = STEP_HEAD ",\"cycles\":1}\n";
	static const char expl[] = "{\"file\":\"t\",\"line\":3,\"explain\":[]}\n";
	size_t n = REPORT_MAX_DETAIL + 1, cap = n * (sizeof(step) + sizeof(expl)) + 1, len = 0;
	char *json = malloc(cap);
	struct report rp;
	struct sm_err e;

	(void)state;
	assert_non_null(json);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(json + len, cap - len, "%s%s", step, expl);
	assert_int_equal(load(json, &rp, &e), SM_OK);
	assert_int_equal(rp.ntxns, n);
	assert_non_null(rp.txns[REPORT_MAX_DETAIL - 1].explain);
	assert_null(rp.txns[REPORT_MAX_DETAIL].explain);
	report_free(&rp);
	free(json);
}

/* Any step left out (a partial explanation) still draws: no crash, no read past the data. */
static void test_walk_explain_survives_any_missing_step(void **state)
{
	const char *paths[] = { EX04, EX05, EX11 };

	(void)state;
	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
		char *json;
		struct report rp;

		load_explained(paths[p], &json, &rp);
		for (size_t i = 0; i < rp.ntxns; i++) {
			const struct jr_value *x = rp.txns[i].explain;
			struct jr_value *items = calloc(x->n, sizeof(*items));
			struct jr_value part = { .type = JR_ARR, .items = items };
			struct report_txn t = rp.txns[i];

			assert_non_null(items);
			t.explain = &part;
			for (size_t drop = 0; drop < x->n; drop++) {
				struct walk_view w;
				FILE *f = fopen("/dev/null", "w");

				part.n = 0;
				for (size_t k = 0; k < x->n; k++)
					if (k != drop)
						items[part.n++] = x->items[k];
				walk_from_txn(&t, &w);
				assert_true(w.skipped < x->n); /* a level without its walk is not read */
				walk_svg(f, &w);
				walk_explain_steps(f, &part);
				fclose(f);
			}
			free(items);
		}
		report_free(&rp);
		free(json);
	}
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
		cmocka_unit_test(test_report_load_explain_keeps_each_transactions_steps),
		cmocka_unit_test_setup_teardown(test_walk_explain_first_stage1_walk_has_the_real_tables,
						setup_ex04, teardown_explained),
		cmocka_unit_test_setup_teardown(test_walk_explain_nested_shows_both_stages, setup_ex11,
						teardown_explained),
		cmocka_unit_test_setup_teardown(test_walk_explain_msi_draws_the_its_chain, setup_ex05,
						teardown_explained),
		cmocka_unit_test(test_report_html_from_explain_has_the_tables),
		cmocka_unit_test(test_report_explain_bad_or_partial_input),
		cmocka_unit_test(test_walk_explain_survives_any_missing_step),
		cmocka_unit_test(test_report_explain_kept_only_where_drawn),
		cmocka_unit_test(test_svg_text_escapes_and_repairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

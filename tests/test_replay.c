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

#include "harness/json.h"
#include "harness/replay.h"
#include "smmuits.h"
#include "text_util.h"

struct capture {
	char *buf;
	size_t len;
	struct replay_result res;
};

static void run_opts(const char *text, bool json, bool stats, struct capture *c)
{
	FILE *f = open_memstream(&c->buf, &c->len);
	struct replay_opts o = { .json = json, .stats = stats, .out = f };

	assert_non_null(f);
	replay_text(text, strlen(text), "t.trace", &o, &c->res);
	fclose(f);
}

static void run(const char *text, bool json, struct capture *c)
{
	run_opts(text, json, false, c);
}

#define count_lines text_count

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

/* ---- --stats ---- */

/* The stats line that starts with prefix, without its line end ("" if none). */
static void stats_line(const char *out, const char *prefix, char *buf, size_t cap)
{
	const char *p = strstr(out, prefix);
	size_t n = 0;

	buf[0] = 0;
	if (!p)
		return;
	while (p[n] && p[n] != '\n' && n + 1 < cap)
		n++;
	memcpy(buf, p, n);
	buf[n] = 0;
}

static void test_replay_stats_counts_by_sid_sorted_and_by_outcome(void **state)
{
	struct capture c = { 0 };
	char line[512];

	(void)state;
	/* SMMU off (GBPA): everything bypasses; sid 5 comes first but prints after sid 3. */
	run_opts("# focus: per-StreamID counts\n"
		 "dma read sid=5 iova=0x40001000 size=4 expect=bypass\n"
		 "dma write sid=3 iova=0x40001000 size=4 data=1 expect=bypass\n"
		 "dma read sid=5 iova=0x40002000 size=64 expect=bypass\n"
		 "dma read sid=5 iova=0x10 size=4\n"                       /* nothing at pa 0x10 */
		 "msi sid=3 iova=0x40003000 data=9 expect=mem\n"
		 "dma read sid=3 iova=0x40000ffc size=8\n",                /* crosses 4 KiB */
		 false, true, &c);
	assert_false(c.res.malformed);
	assert_int_equal(c.res.failed, 1); /* only the refused transaction fails */
	stats_line(c.buf, "  transactions:", line, sizeof(line));
	assert_string_equal(line, "  transactions: 6 total: translated 0, bypass 3, abort 0, "
			    "fault 0, unsupported 0, bus-error 1, mem 1, lpi 0, its-drop 0, "
			    "not-issued 1");
	stats_line(c.buf, "  sid 0x3:", line, sizeof(line));
	assert_string_equal(line, "  sid 0x3: 3 total: bypass 1, mem 1, not-issued 1");
	stats_line(c.buf, "  sid 0x5:", line, sizeof(line));
	assert_string_equal(line, "  sid 0x5: 3 total: bypass 2, bus-error 1");
	assert_true(strstr(c.buf, "  sid 0x3:") < strstr(c.buf, "  sid 0x5:"));
	/* the block follows every step line */
	assert_true(strstr(c.buf, "t.trace:7:") < strstr(c.buf, "stats t.trace:"));
	assert_non_null(strstr(c.buf, "  transaction faults: none\n"));
	/* latency covers the 5 issued transactions, 4 DMAs and the MSI */
	assert_non_null(strstr(c.buf, "  latency all: 5 transactions,"));
	assert_non_null(strstr(c.buf, "  latency dma: 4 transactions,"));
	assert_non_null(strstr(c.buf, "  latency msi: 1 transactions,"));
	free(c.buf);
}

static void test_replay_stats_names_faults_and_model_counters(void **state)
{
	struct capture c = { 0 };
	char line[512];

	(void)state;
	run_opts("smmu-init sidbits=8\nste sid=1 config=bypass v=0\n"
		 "dma read sid=1 iova=0x40001000 size=4 expect=fault:C_BAD_STE\n"
		 "dma read sid=1 iova=0x40001000 size=4 expect=fault:C_BAD_STE\n"
		 "dma read sid=0x300 iova=0x40001000 size=4 expect=fault:C_BAD_STREAMID\n",
		 false, true, &c);
	assert_int_equal(c.res.failed, 0);
	/* sorted by event type code: C_BAD_STREAMID is 0x02, C_BAD_STE 0x04 */
	stats_line(c.buf, "  transaction faults:", line, sizeof(line));
	assert_string_equal(line, "  transaction faults: C_BAD_STREAMID 1, C_BAD_STE 2");
	/* the model saw three transactions; no TLB was consulted for a bad STE */
	assert_non_null(strstr(c.buf, "  smmu tlb: 0 hits, 0 misses, hit rate -, 0 fills\n"));
	assert_non_null(strstr(c.buf, ", 3 events recorded,"));
	free(c.buf);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_replay_percentile_is_nearest_rank(void **state)
{
	uint64_t v[100];

	(void)state;
	for (unsigned i = 0; i < 100; i++)
		v[i] = i + 1;
	assert_int_equal(replay_percentile(v, 100, 50), 50);
	assert_int_equal(replay_percentile(v, 100, 99), 99);
	assert_int_equal(replay_percentile(v, 100, 100), 100);
	assert_int_equal(replay_percentile(v, 1, 50), 1);
	assert_int_equal(replay_percentile(v, 1, 99), 1);
	/* n=2: ceil(1.0)=1st for p50, ceil(1.98)=2nd for p99 */
	assert_int_equal(replay_percentile(v, 2, 50), 1);
	assert_int_equal(replay_percentile(v, 2, 99), 2);
	/* n=3: ceil(1.5)=2nd; n=101: ceil(99.99)=100th */
	assert_int_equal(replay_percentile(v, 3, 50), 2);
	uint64_t w[101];
	for (unsigned i = 0; i < 101; i++)
		w[i] = 10 * i;
	assert_int_equal(replay_percentile(w, 101, 99), 990);
	assert_int_equal(replay_percentile(w, 101, 50), 500);
}

/*
 * The latency line agrees with the per-step cycle counts the same run printed:
 * a stage-1 trace whose walks, TLB hits and faults cost different amounts.
 */
static void test_replay_stats_latency_matches_step_cycles(void **state)
{
	const char *t =
		"smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1 asid=1\n"
		"map sid=1 iova=0x10000 pa=0x40010000 size=0x4000 prot=rw\n"
		"dma read sid=1 iova=0x10010 size=4\n"
		"dma read sid=1 iova=0x10020 size=4\n"
		"dma read sid=1 iova=0x11000 size=64\n"
		"dma write sid=1 iova=0x12000 size=4 data=1\n"
		"dma read sid=1 iova=0x12004 size=4\n"
		"dma read sid=1 iova=0x20000 size=4\n"
		"dma read sid=1 iova=0x13000 size=4\n"
		"dma read sid=2 iova=0x40001000 size=4\n"
		"msi sid=1 iova=0x10100 data=1\n";
	struct capture c = { 0 };
	uint64_t cyc[16], sum = 0;
	unsigned n = 0, distinct = 1;
	char want[256], line[256];

	(void)state;
	run_opts(t, false, true, &c);
	assert_int_equal(c.res.failed, 0);
	for (const char *p = c.buf; (p = strstr(p, "ok: ")); p++) {
		const char *k = p + 4;

		if (strncmp(k, "dma ", 4) && strncmp(k, "msi ", 4))
			continue;
		const char *q = strstr(p, "[+");
		assert_non_null(q);
		assert_true(n < 16);
		cyc[n] = strtoull(q + 2, NULL, 10);
		sum += cyc[n++];
	}
	assert_int_equal(n, 9);
	qsort(cyc, n, sizeof(cyc[0]), cmp_u64);
	for (unsigned i = 1; i < n; i++)
		distinct += cyc[i] != cyc[i - 1];
	assert_true(distinct >= 2); /* otherwise the check below proves little */
	/* nearest rank for n=9: p50 the 5th, p99 the 9th */
	snprintf(want, sizeof(want),
		 "  latency all: 9 transactions, mean %llu.%02llu, p50 %llu, p99 %llu, max %llu cycles",
		 (unsigned long long)(sum / 9), (unsigned long long)(((sum % 9) * 100 + 4) / 9),
		 (unsigned long long)cyc[4], (unsigned long long)cyc[8], (unsigned long long)cyc[8]);
	stats_line(c.buf, "  latency all:", line, sizeof(line));
	assert_string_equal(line, want);
	free(c.buf);
}

static const char *stats_trace =
	"smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1 asid=1\n"
	"map sid=1 iova=0x10000 pa=0x40010000 size=0x1000 prot=rw\n"
	"dma read sid=1 iova=0x10010 size=4 expect=pa:0x40010010\n"
	"dma read sid=1 iova=0x10020 size=4 expect=pa:0x40010020\n"
	"ste sid=3 config=bypass v=0\n"
	"dma read sid=7 iova=0x10020 size=4 expect=abort\n"   /* unused STEs abort */
	"dma read sid=2 iova=0x11000 size=4 expect=abort\n"
	"dma read sid=3 iova=0x11000 size=4 expect=fault:C_BAD_STE\n";

static void test_replay_stats_are_deterministic(void **state)
{
	struct capture a = { 0 }, b = { 0 }, ja = { 0 }, jb = { 0 };

	(void)state;
	run_opts(stats_trace, false, true, &a);
	run_opts(stats_trace, false, true, &b);
	run_opts(stats_trace, true, true, &ja);
	run_opts(stats_trace, true, true, &jb);
	assert_int_equal(a.res.failed, 0);
	assert_non_null(strstr(a.buf, "stats t.trace:"));
	assert_string_equal(a.buf, b.buf);
	assert_string_equal(ja.buf, jb.buf);
	/* no host addresses in the block (model PAs like 0x7f000000 are in step lines) */
	assert_null(strstr(strstr(a.buf, "stats t.trace:"), "0x7f"));
	free(a.buf);
	free(b.buf);
	free(ja.buf);
	free(jb.buf);
}

static void test_replay_json_ends_with_stats_object(void **state)
{
	struct capture c = { 0 }, plain = { 0 };
	const char *last;

	(void)state;
	run_opts(stats_trace, true, true, &c);
	/* 10 steps, the file summary, then the stats object */
	assert_int_equal(count_lines(c.buf, "\n"), 12);
	assert_true(c.len > 1 && c.buf[c.len - 1] == '\n');
	c.buf[c.len - 1] = 0;
	last = strrchr(c.buf, '\n') + 1;
	assert_true(!strncmp(last, "{\"stats\":{\"file\":\"t.trace\",", 27));
	assert_non_null(strstr(last, "\"transactions\":{\"total\":5,\"translated\":2,"));
	assert_non_null(strstr(last, "\"sids\":[{\"sid\":1,\"total\":2,\"translated\":2,"));
	assert_non_null(strstr(last, "{\"sid\":2,\"total\":1,\"translated\":0,\"bypass\":0,\"abort\":1,"));
	assert_true(strstr(last, "{\"sid\":2,") < strstr(last, "{\"sid\":7,"));
	assert_non_null(strstr(last, "\"faults\":{\"C_BAD_STE\":1}"));
	assert_non_null(strstr(last, "\"latency\":{\"all\":{\"count\":5,"));
	assert_non_null(strstr(last, "\"walk_reads\":"));
	assert_non_null(strstr(last, "\"drops\":{\"its-disabled\":0,"));
	assert_non_null(strstr(last, "\"gicr\":{\"lpis_pending\":0,"));
	assert_non_null(strstr(last, "\"complete\":true}}"));
	/* the text block stays out of JSON, and --json alone has no stats */
	assert_null(strstr(c.buf, "stats t.trace:"));
	run_opts(stats_trace, true, false, &plain);
	assert_null(strstr(plain.buf, "\"stats\""));
	free(c.buf);
	free(plain.buf);
}

static void test_replay_without_stats_prints_no_block(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run(stats_trace, false, &c);
	assert_null(strstr(c.buf, "stats t.trace:"));
	free(c.buf);
}

static void test_replay_malformed_trace_has_no_stats(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run_opts("bogus 1\n", false, true, &c);
	assert_true(c.res.malformed);
	assert_null(strstr(c.buf, "stats"));
	free(c.buf);
}

static void test_stats_api_counts_since_reset(void **state)
{
	struct smmuits *sys;
	struct smmuits_stats st;
	uint8_t data[4] = { 0 };
	struct smmuits_txn t = { .sid = 1, .iova = 0x40001000, .size = 4, .data = data };
	struct smmuits_txn_result res;
	char err[128];

	(void)state;
	assert_int_equal(smmuits_create(NULL, &sys, err, sizeof(err)), 0);
	smmuits_get_stats(sys, &st);
	assert_int_equal(st.smmu.transactions, 0);
	assert_true(st.has_its);  /* qemu-virt has an ITS and redistributors */
	assert_true(st.has_gicr);
	assert_true(st.its.ndrop_reasons > 0 && st.its.ndrop_reasons <= SMMUITS_ITS_DROP_MAX);
	for (unsigned i = 0; i < st.its.ndrop_reasons; i++)
		assert_non_null(smmuits_its_drop_name(i));
	assert_null(smmuits_its_drop_name(st.its.ndrop_reasons));
	assert_string_equal(smmuits_its_drop_name(0), "its-disabled");
	assert_int_equal(smmuits_txn(sys, &t, &res, err, sizeof(err)), 0);
	assert_int_equal(smmuits_txn(sys, &t, &res, err, sizeof(err)), 0);
	smmuits_get_stats(sys, &st);
	assert_int_equal(st.smmu.transactions, 2);
	smmuits_reset(sys);
	smmuits_get_stats(sys, &st);
	assert_int_equal(st.smmu.transactions, 0);
	smmuits_destroy(sys);
}

/* Steps run in order: a device cannot issue before the clock (docs/timing.md). */
static void test_replay_issue_time_cannot_go_back(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("platform qemu-virt\n"
	    "dma read sid=1 iova=0x40001000 size=4 at=1000 expect=bypass\n"
	    "dma read sid=1 iova=0x40001000 size=4 at=999 expect=bypass\n", false, &c);
	assert_int_equal(c.res.passed, 2);
	assert_int_equal(c.res.failed, 1);
	assert_non_null(strstr(c.buf, "t.trace:3: FAIL: dma read sid=1 iova=0x40001000 size=4 "
			       "at=999 expect=bypass -> not issued [+0 cycles @1000] (issue time 999 "
			       "is before the model's clock 1000"));
	free(c.buf);
}

/* JSON carries issue and completion; --stats the span and the queueing counters. */
static void test_replay_json_reports_issue_and_done(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run_opts("profile gem5\nplatform qemu-virt\n"
		 "dma read sid=1 iova=0x40001000 size=64 at=50 expect=bypass\n"
		 "dma read sid=1 iova=0x40001000 size=64 expect=bypass\n", true, true, &c);
	assert_int_equal(c.res.failed, 0);
	/* SMMU off: issue 1 + complete 1, then the 64 B read at M = 100 */
	assert_non_null(strstr(c.buf, "\"issue\":50,\"done\":152,\"cycles\":102,\"time\":50"));
	/* untimed: issued at the clock (50), which then waits for it */
	assert_non_null(strstr(c.buf, "\"issue\":50,\"done\":152,\"cycles\":102,\"time\":152"));
	assert_non_null(strstr(c.buf, "\"span\":{\"first_issue\":50,\"last_done\":152}"));
	assert_non_null(strstr(c.buf, "\"slot_waits\":0,\"walker_waits\":0"));
	/* no ITS traffic here, but every ITS cache has its own counters */
	assert_non_null(strstr(c.buf, "\"dev_cache_hits\":0,\"dev_cache_misses\":0,"
			       "\"ite_cache_hits\":0,\"ite_cache_misses\":0,"
			       "\"coll_cache_hits\":0,\"coll_cache_misses\":0"));
	free(c.buf);
}

static void expect_json(const char *in, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	json_str(f, in);
	fclose(f);
	assert_string_equal(buf, want);
	free(buf);
}

/* Regression: "§" came out as two escaped bytes, \u00c2\u00a7. */
static void test_json_str_decodes_utf8(void **state)
{
	(void)state;
	expect_json("(\xc2\xa7" "5.2)", "\"(\\u00a75.2)\"");
	expect_json("a\"b\\c\n\x01", "\"a\\\"b\\\\c\\n\\u0001\"");
	expect_json("\xe2\x86\x92", "\"\\u2192\"");                 /* U+2192 */
	expect_json("\xf0\x9f\x98\x80", "\"\\ud83d\\ude00\"");     /* U+1F600 */
	expect_json("\xff", "\"\\ufffd\"");                           /* never UTF-8 */
	expect_json("\xc0\x80", "\"\\ufffd\\ufffd\"");               /* overlong NUL */
	expect_json("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");   /* a surrogate */
	expect_json("\xe2\x86", "\"\\ufffd\\ufffd\"");               /* cut short */
	expect_json(NULL, "\"\"");
}

/* write-bytes puts bytes in RAM; dma hex= writes them, or checks each byte a read returns. */
static void test_replay_hex_payloads_are_written_and_checked(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("platform qemu-virt\n"
	    "write-bytes 0x40001000 0102030405060708090a\n"
	    "dma read sid=1 iova=0x40001000 size=10 hex=0102030405060708090a expect=bypass\n"
	    "dma read sid=1 iova=0x40001000 size=10 hex=0102030405060708ff0a expect=bypass\n"
	    "dma write sid=1 iova=0x40002000 size=9 hex=112233445566778899 expect=bypass\n"
	    "read64 0x40002001 expect=0x9988776655443322\n", false, &c);
	assert_int_equal(c.res.passed, 5);
	assert_int_equal(c.res.failed, 1);
	/* the mismatch names the first byte that differs */
	assert_non_null(strstr(c.buf, "t.trace:4: FAIL"));
	assert_non_null(strstr(c.buf, "read byte 8 is 0x09, hex= expects 0xff"));
	free(c.buf);
}

/* A long step is echoed whole: the report parses the step text back (regression: cut at 159). */
static void test_replay_long_step_echoed_whole(void **state)
{
	struct capture c = { 0 };

	(void)state;
	run("platform qemu-virt\n"
	    "dma write sid=1 iova=0x40001000 size=4 data=7 expect=bypass"
	    "                                                                            "
	    "                                                                  priv\n", true, &c);
	assert_int_equal(c.res.failed, 0);
	assert_non_null(strstr(c.buf, "expect=bypass        "));
	assert_non_null(strstr(c.buf, "       priv\",\"pass\""));
	free(c.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_hex_payloads_are_written_and_checked),
		cmocka_unit_test(test_replay_passing_trace_counts_every_step),
		cmocka_unit_test(test_replay_failed_expectation_is_counted_and_explained),
		cmocka_unit_test(test_replay_syntax_errors_stop_everything),
		cmocka_unit_test(test_replay_unknown_platform_is_malformed),
		cmocka_unit_test(test_replay_issue_time_cannot_go_back),
		cmocka_unit_test(test_json_str_decodes_utf8),
		cmocka_unit_test(test_replay_long_step_echoed_whole),
		cmocka_unit_test(test_replay_json_reports_issue_and_done),
		cmocka_unit_test(test_replay_unmapped_cpu_access_fails_with_reason),
		cmocka_unit_test(test_replay_unexpected_fault_without_expectation_passes_but_shows),
		cmocka_unit_test(test_replay_json_is_one_object_per_step),
		cmocka_unit_test(test_replay_output_is_deterministic),
		cmocka_unit_test(test_replay_event_mismatch_names_both),
		cmocka_unit_test(test_replay_expect_event_on_empty_queue_fails),
		cmocka_unit_test(test_replay_4k_crossing_dma_is_refused),
		cmocka_unit_test(test_replay_msi_into_ram_is_mem),
		cmocka_unit_test(test_replay_stats_counts_by_sid_sorted_and_by_outcome),
		cmocka_unit_test(test_replay_stats_names_faults_and_model_counters),
		cmocka_unit_test(test_replay_percentile_is_nearest_rank),
		cmocka_unit_test(test_replay_stats_latency_matches_step_cycles),
		cmocka_unit_test(test_replay_stats_are_deterministic),
		cmocka_unit_test(test_replay_json_ends_with_stats_object),
		cmocka_unit_test(test_replay_without_stats_prints_no_block),
		cmocka_unit_test(test_replay_malformed_trace_has_no_stats),
		cmocka_unit_test(test_stats_api_counts_since_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

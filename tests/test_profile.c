/* SPDX-License-Identifier: MIT */
/*
 * Latency profiles (model/profile.c, docs/timing.md): the built-ins load
 * with issue 5's numbers, a file overrides `default`, and every bad line
 * is refused with FILE:LINE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/profile.h"

static void load_ok(const char *name, struct sm_profile *p)
{
	struct sm_err e = { 0 };

	if (sm_profile_load(name, p, &e))
		fail_msg("%s: %s", name, e.msg);
}

/* Parse text over `default`; returns the code and leaves the message in e. */
static int parse(const char *text, struct sm_profile *p, struct sm_err *e)
{
	struct sm_profile def;

	load_ok("default", &def);
	memset(e, 0, sizeof(*e));
	return sm_profile_parse(text, strlen(text), "t.profile", &def, p, e);
}

static void expect_error(const char *text, const char *msg)
{
	struct sm_profile p;
	struct sm_err e;

	assert_int_not_equal(parse(text, &p, &e), 0);
	if (!strstr(e.msg, msg))
		fail_msg("got '%s', expected it to contain '%s'", e.msg, msg);
}

static void test_profile_builtins_load(void **state)
{
	const char *const *names = sm_profile_builtin_names();
	struct sm_profile p;
	unsigned n = 0;

	(void)state;
	for (; names[n]; n++) {
		load_ok(names[n], &p);
		assert_string_equal(p.name, names[n]);
		assert_non_null(sm_profile_builtin_text(names[n]));
	}
	assert_int_equal(n, 3);
	load_ok(NULL, &p); /* NULL is default */
	assert_string_equal(p.name, "default");
}

static void test_profile_gem5_numbers(void **state)
{
	struct sm_profile p;

	(void)state;
	load_ok("gem5", &p);
	/* issue 5: uTLB 32 fully associative, 1 cycle; TLB 2048 4-way, 3 cycles */
	assert_int_equal(p.utlb_entries, 32);
	assert_int_equal(p.lat.utlb, 1);
	assert_int_equal(p.tlb_sets * p.tlb_ways, 2048);
	assert_int_equal(p.tlb_ways, 4);
	assert_int_equal(p.lat.tlb, 3);
	/* config cache 64 entries 4-way, 3 cycles */
	assert_int_equal(p.cfg_cache_sets * p.cfg_cache_ways, 64);
	assert_int_equal(p.cfg_cache_ways, 4);
	assert_int_equal(p.lat.cfg, 3);
	/* walk caches S1 4/28/348/4, S2 4/28/92/4, 4 cycles per level */
	assert_int_equal(p.wc_s1[0], 4);
	assert_int_equal(p.wc_s1[1], 28);
	assert_int_equal(p.wc_s1[2], 348);
	assert_int_equal(p.wc_s1[3], 4);
	assert_int_equal(p.wc_s2[2], 92);
	assert_int_equal(p.lat.wc, 4);
	assert_int_equal(p.lat.xfer, 8);
	assert_int_equal(p.ipa_cache, 0);
}

static void test_profile_default_and_xeon(void **state)
{
	const struct sm_latency base = SM_LATENCY_DEFAULT;
	struct sm_profile d, x;

	(void)state;
	load_ok("default", &d);
	/* the blocks' own default is the default profile's SMMU and memory */
	assert_int_equal(d.lat.ram_read, base.ram_read);
	assert_int_equal(d.lat.tlb, base.tlb);
	assert_int_equal(d.lat.walk, base.walk);
	assert_int_equal(d.lat.sync, base.sync);
	assert_int_equal(d.lat.ram_read, 100);
	assert_int_equal(d.ipa_cache, 1);
	assert_true(d.lat.sync > 0 && d.lat.inval > 0);
	/* GIC-600-like: 2-way, 32/256/16 */
	assert_int_equal(d.its_dev_cache_sets * d.its_dev_cache_ways, 32);
	assert_int_equal(d.its_ite_cache_sets * d.its_ite_cache_ways, 256);
	assert_int_equal(d.its_coll_cache_sets * d.its_coll_cache_ways, 16);
	assert_int_equal(d.its_dev_cache_ways, 2);
	load_ok("iommu-xeon", &x);
	assert_int_equal(x.lat.ram_read, 250);
	assert_int_equal(x.tlb_sets * x.tlb_ways, 64);
	/* what iommu-xeon does not name comes from default */
	assert_int_equal(x.lat.xfer, d.lat.xfer);
	assert_int_equal(x.wc_s1[2], d.wc_s1[2]);
}

static void test_profile_file_overrides_default(void **state)
{
	char path[] = "/tmp/smmuits-profile-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct sm_profile d, p;

	(void)state;
	assert_non_null(f);
	fputs("# a test profile\n\n  ram_read 0x20   # hex\ntlb_latency\t7\n", f);
	fclose(f);
	load_ok("default", &d);
	load_ok(path, &p);
	remove(path);
	assert_string_equal(p.name, path);
	assert_int_equal(p.lat.ram_read, 32);
	assert_int_equal(p.lat.tlb, 7);
	assert_int_equal(p.lat.ram_write, d.lat.ram_write);
	assert_int_equal(p.tlb_sets, d.tlb_sets);
}

static void test_profile_missing_file(void **state)
{
	struct sm_profile p;
	struct sm_err e = { 0 };

	(void)state;
	assert_int_not_equal(sm_profile_load("/nonexistent/x.profile", &p, &e), 0);
	assert_non_null(strstr(e.msg, "/nonexistent/x.profile"));
}

static void test_profile_errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("# c\nbogus 1\n", "t.profile:2: unknown key 'bogus'");
	expect_error("ram_read\n", "t.profile:1: expected 'key value'");
	expect_error("ram_read 1 2\n", "t.profile:1: expected 'key value'");
	expect_error("\n\nram_read ten\n", "t.profile:3: ram_read: 'ten' is not a number");
	expect_error("ram_read 0x\n", "'0x' is not a number");
	expect_error("ram_read 99999999999999999999999\n", "is not a number");
	expect_error("ram_read 1\nram_read 2\n", "t.profile:2: ram_read already set at line 1");
}

static void test_profile_range_checks(void **state)
{
	(void)state;
	expect_error("tlb_ways 0\n", "t.profile:1: tlb_ways=0 is outside 1..64");
	expect_error("tlb_ways 65\n", "tlb_ways=65 is outside 1..64");
	expect_error("ram_read 100001\n", "ram_read=100001 is outside 0..100000");
	expect_error("ipa_cache 2\n", "ipa_cache=2 is outside 0..1");
	expect_error("tlb_sets 48\n", "t.profile:1: tlb_sets=48 must be a power of two");
	expect_error("utlb_entries 257\n", "utlb_entries=257 is outside 0..256");
	/* 30 entries do not split into 4-way sets */
	expect_error("wc_s1_l1 30\n", "t.profile:1: wc_s1_l1=30 is not a multiple of wc_ways=4");
	expect_error("utlb_entries 0\n", "utlb_latency=1 with utlb_entries=0");
}

static void test_profile_without_base_must_be_complete(void **state)
{
	struct sm_profile p;
	struct sm_err e = { 0 };
	const char *t = "ram_read 1\n";

	(void)state;
	assert_int_not_equal(sm_profile_parse(t, strlen(t), "t", NULL, &p, &e), 0);
	assert_non_null(strstr(e.msg, "is not set"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_builtins_load),
		cmocka_unit_test(test_profile_gem5_numbers),
		cmocka_unit_test(test_profile_default_and_xeon),
		cmocka_unit_test(test_profile_file_overrides_default),
		cmocka_unit_test(test_profile_missing_file),
		cmocka_unit_test(test_profile_errors_name_file_and_line),
		cmocka_unit_test(test_profile_range_checks),
		cmocka_unit_test(test_profile_without_base_must_be_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * smmuits sweep (docs/timing.md "Sweep"): the knee at the iommu-xeon
 * TLB's reach, the before/after throughput ratio of the published
 * measurement, link-bound streaming below the knee, determinism, errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "harness/sweep.h"
#include "model/profile.h"

static struct sweep_point window(unsigned pages, unsigned reads)
{
	struct sweep_opts o = { .reads = reads, .tags = 32, .seed = 1 };
	struct sweep_point pt;
	struct sm_err err = { 0 };

	if (sweep_window(&o, pages, &pt, &err))
		fail_msg("sweep %u pages: %s", pages, err.msg);
	return pt;
}

/* Below the reach every read hits and the device's link is the limit. */
static void test_sweep_within_reach_is_link_bound(void **state)
{
	struct sm_profile p;
	struct sm_err err = { 0 };
	unsigned reach;

	(void)state;
	assert_int_equal(sm_profile_load("iommu-xeon", &p, &err), SM_OK);
	reach = p.tlb_sets * p.tlb_ways;
	for (unsigned pages = 1; pages <= reach; pages *= 4) {
		struct sweep_point pt = window(pages, 5000);
		/* a hit: issue + TLB + complete, then the 64 B read from RAM */
		uint64_t hit = p.lat.issue + p.lat.tlb + p.lat.complete + p.lat.ram_read;

		assert_int_equal(pt.tlb_misses, 0);
		assert_int_equal(pt.interval, p.dev_interval);
		assert_int_equal(pt.span, (pt.reads - 1) * p.dev_interval + hit);
		assert_int_equal(pt.lat_alone, pt.alone * hit);
	}
}

/* One page past the reach the hit rate falls; far past it nearly every read walks. */
static void test_sweep_knee_at_reach_and_published_ratio(void **state)
{
	struct sweep_point in = window(64, 20000), past = window(80, 20000);
	struct sweep_point far = window(4096, 20000);
	double thr_in, thr_far, ratio;

	(void)state;
	assert_int_equal(in.tlb_misses, 0);
	assert_true(past.tlb_misses > past.reads / 10);
	assert_true(far.tlb_misses > far.reads * 95 / 100);
	thr_in = (double)in.reads / (double)in.span;
	thr_far = (double)far.reads / (double)far.span;
	ratio = thr_in / thr_far;
	/* Neugebauer et al. 2018: 54.9 M/s before the knee, 19.2 M/s after (2.86) */
	assert_true(ratio > 2.86 * 0.9 && ratio < 2.86 * 1.1);
	/* a miss adds 226-307 ns to a read (1 cycle = 1 ns at clock_mhz 1000) */
	assert_int_equal(far.clock_mhz, 1000);
	double added = (double)far.lat_alone / far.alone - (double)in.lat_alone / in.alone;
	assert_true(added > 226 * 0.9 && added < 307);
}

static void test_sweep_is_deterministic(void **state)
{
	struct sweep_point a = window(200, 3000), b = window(200, 3000);

	(void)state;
	assert_memory_equal(&a, &b, sizeof(a));
}

static void test_sweep_rejects_bad_windows(void **state)
{
	struct sweep_opts o = { .reads = 10, .tags = 32 };
	struct sweep_point pt;
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(sweep_window(&o, 0, &pt, &err), SM_ERANGE);
	assert_int_equal(sweep_window(&o, (1u << 16) + 1, &pt, &err), SM_ERANGE);
	o.tags = 0;
	assert_int_equal(sweep_window(&o, 4, &pt, &err), SM_ERANGE);
	o.tags = 1;
	o.profile = "no-such-profile";
	assert_int_equal(sweep_window(&o, 4, &pt, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "no-such-profile"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sweep_within_reach_is_link_bound),
		cmocka_unit_test(test_sweep_knee_at_reach_and_published_ratio),
		cmocka_unit_test(test_sweep_is_deterministic),
		cmocka_unit_test(test_sweep_rejects_bad_windows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

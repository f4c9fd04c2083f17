/* SPDX-License-Identifier: MIT */
/* Interval arithmetic: touching, overlapping, contained, and the top of the 64-bit space. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model/interval.h"

#define TOP UINT64_MAX

static struct sm_ival iv(uint64_t first, uint64_t last)
{
	return (struct sm_ival){ first, last };
}

static void test_ival_make_rejects_empty_and_wrapping(void **state)
{
	struct sm_ival r;

	(void)state;
	assert_int_equal(sm_ival_make(0x1000, 0, &r), SM_EINVAL);
	assert_int_equal(sm_ival_make(TOP, 2, &r), SM_EINVAL);
	/* The last page of the address space: ends exactly at 2^64 - 1. */
	assert_int_equal(sm_ival_make(0xfffffffffffff000, 0x1000, &r), SM_OK);
	assert_int_equal(r.last, TOP);
	assert_int_equal(sm_ival_make(TOP, 1, &r), SM_OK);
	assert_int_equal(r.first, TOP);
	/* The whole space cannot be written as base + size; it is never needed. */
	assert_int_equal(sm_ival_make(0, 0, &r), SM_EINVAL);
}

static void test_ival_touching_is_not_overlapping(void **state)
{
	(void)state;
	/* [0x0-0xfff] and [0x1000-0x1fff] share no byte. */
	assert_false(sm_ival_overlap(iv(0, 0xfff), iv(0x1000, 0x1fff)));
	assert_true(sm_ival_adjacent(iv(0, 0xfff), iv(0x1000, 0x1fff)));
	assert_true(sm_ival_adjacent(iv(0x1000, 0x1fff), iv(0, 0xfff)));
	/* One byte of gap: neither. */
	assert_false(sm_ival_adjacent(iv(0, 0xffe), iv(0x1000, 0x1fff)));
	/* Overlapping is not adjacent. */
	assert_false(sm_ival_adjacent(iv(0, 0x1000), iv(0x1000, 0x1fff)));
}

static void test_ival_overlap_by_one_byte(void **state)
{
	struct sm_ival r;

	(void)state;
	assert_true(sm_ival_overlap(iv(0, 0x1000), iv(0x1000, 0x1fff)));
	assert_true(sm_ival_intersect(iv(0, 0x1000), iv(0x1000, 0x1fff), &r));
	assert_int_equal(r.first, 0x1000);
	assert_int_equal(r.last, 0x1000);
	assert_false(sm_ival_intersect(iv(0, 0xfff), iv(0x1000, 0x1fff), &r));
}

static void test_ival_contained(void **state)
{
	struct sm_ival r;

	(void)state;
	/* Linux's MSI window inside a 4 GiB guest RAM range. */
	assert_true(sm_ival_contains(iv(0, 0xffffffff), iv(0x8000000, 0x80fffff)));
	assert_false(sm_ival_contains(iv(0x8000000, 0x80fffff), iv(0, 0xffffffff)));
	assert_true(sm_ival_contains(iv(5, 5), iv(5, 5)));
	assert_true(sm_ival_intersect(iv(0, 0xffffffff), iv(0x8000000, 0x80fffff), &r));
	assert_int_equal(r.first, 0x8000000);
	assert_int_equal(r.last, 0x80fffff);
}

static void test_ival_top_of_address_space(void **state)
{
	struct sm_ival r;

	(void)state;
	assert_true(sm_ival_overlap(iv(TOP, TOP), iv(0, TOP)));
	assert_true(sm_ival_intersect(iv(0xfffffffffffff000, TOP), iv(0xffffffffffff0000, TOP - 0x800),
				      &r));
	assert_int_equal(r.first, 0xfffffffffffff000);
	assert_int_equal(r.last, TOP - 0x800);
	/* Nothing follows 2^64 - 1: [x, TOP] is not adjacent to [0, y] (no wrap-around). */
	assert_false(sm_ival_adjacent(iv(0xf000, TOP), iv(0, 0xfff)));
	assert_false(sm_ival_adjacent(iv(0, 0xfff), iv(0xf000, TOP)));
	assert_true(sm_ival_adjacent(iv(0, TOP - 1), iv(TOP, TOP)));
}

static void test_ivset_union_merges_overlap_touch_and_containment(void **state)
{
	struct sm_ivset s = { 0 };

	(void)state;
	assert_int_equal(sm_ivset_add(&s, iv(0x3000, 0x3fff)), SM_OK);
	assert_int_equal(sm_ivset_add(&s, iv(0x1000, 0x1fff)), SM_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.v[0].first, 0x1000);        /* kept sorted */
	/* Touching both: one range. */
	assert_int_equal(sm_ivset_add(&s, iv(0x2000, 0x2fff)), SM_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].first, 0x1000);
	assert_int_equal(s.v[0].last, 0x3fff);
	/* Contained: nothing changes. */
	assert_int_equal(sm_ivset_add(&s, iv(0x1800, 0x18ff)), SM_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].last, 0x3fff);
	/* Swallowing several members at once. */
	assert_int_equal(sm_ivset_add(&s, iv(0x10000, 0x10fff)), SM_OK);
	assert_int_equal(sm_ivset_add(&s, iv(0x20000, 0x20fff)), SM_OK);
	assert_int_equal(s.n, 3);
	assert_int_equal(sm_ivset_add(&s, iv(0x0, 0xffffff)), SM_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].first, 0);
	assert_int_equal(s.v[0].last, 0xffffff);
	sm_ivset_free(&s);
	assert_int_equal(s.n, 0);
}

static void test_ivset_order_does_not_matter(void **state)
{
	static const struct sm_ival in[] = {
		{ 0x8000000, 0x80fffff }, { 0x2f030000, 0x2f03ffff }, { 0x08090000, 0x08090fff },
		{ 0xfffffffffffff000, TOP }, { 0x80fffff, 0x8100fff },
	};
	struct sm_ivset a = { 0 }, b = { 0 };

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(sm_ivset_add(&a, in[i]), SM_OK);
		assert_int_equal(sm_ivset_add(&b, in[4 - i]), SM_OK);
	}
	/*
	 * 3: the first and last inputs overlap by one byte, and qemu-virt's
	 * doorbell page (0x08090000) lies inside Linux's MSI window.
	 */
	assert_int_equal(a.n, 3);
	assert_int_equal(b.n, a.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_int_equal(a.v[i].first, b.v[i].first);
		assert_int_equal(a.v[i].last, b.v[i].last);
	}
	assert_int_equal(a.v[0].last, 0x8100fff);
	assert_int_equal(a.v[2].last, TOP);
	sm_ivset_free(&a);
	sm_ivset_free(&b);
}

static void test_ivset_overlaps_reports_the_member(void **state)
{
	struct sm_ivset s = { 0 };
	struct sm_ival hit;

	(void)state;
	assert_int_equal(sm_ivset_add(&s, iv(0x8000000, 0x80fffff)), SM_OK);
	assert_int_equal(sm_ivset_add(&s, iv(TOP - 0xfff, TOP)), SM_OK);
	assert_true(sm_ivset_overlaps(&s, iv(0, 0x8000000), &hit));
	assert_int_equal(hit.first, 0x8000000);
	assert_false(sm_ivset_overlaps(&s, iv(0, 0x7ffffff), NULL));  /* touching */
	assert_false(sm_ivset_overlaps(&s, iv(0x8100000, TOP - 0x1000), NULL));
	assert_true(sm_ivset_overlaps(&s, iv(TOP, TOP), &hit));
	assert_int_equal(hit.last, TOP);
	sm_ivset_free(&s);
}

static void test_ivset_first_fit(void **state)
{
	struct sm_ivset s = { 0 };
	uint64_t base = 0;

	(void)state;
	/* Empty set: from, aligned up. */
	assert_int_equal(sm_ivset_first_fit(&s, 0x1234, 0x1000, 0x1000, TOP, &base), SM_OK);
	assert_int_equal(base, 0x2000);
	assert_int_equal(sm_ivset_add(&s, iv(0x8000000, 0x80fffff)), SM_OK);
	/* Fits below the hole exactly (ends where the hole starts). */
	assert_int_equal(sm_ivset_first_fit(&s, 0, 0x8000000, 0x1000, TOP, &base), SM_OK);
	assert_int_equal(base, 0);
	/* One byte more does not: it goes past the hole, aligned. */
	assert_int_equal(sm_ivset_first_fit(&s, 0, 0x8000001, 0x200000, TOP, &base), SM_OK);
	assert_int_equal(base, 0x8200000);
	/* A limit that leaves no room. */
	assert_int_equal(sm_ivset_first_fit(&s, 0, 0x8000001, 0x1000, 0xffffffff - 0xf8000000, &base),
			 SM_ERANGE);
	/* 4 GiB under a 32-bit limit cannot avoid the hole. */
	assert_int_equal(sm_ivset_first_fit(&s, 0, UINT64_C(0x100000000) - 0x1000, 0x1000, 0xffffffff,
					    &base), SM_ERANGE);
	/* Bad alignments and the top of the space. */
	assert_int_equal(sm_ivset_first_fit(&s, 0, 1, 3, TOP, &base), SM_ERANGE);
	assert_int_equal(sm_ivset_first_fit(&s, 0, 1, 0, TOP, &base), SM_ERANGE);
	assert_int_equal(sm_ivset_first_fit(&s, TOP - 0xfff, 0x1000, 0x1000, TOP, &base), SM_OK);
	assert_int_equal(base, TOP - 0xfff);
	assert_int_equal(sm_ivset_first_fit(&s, TOP - 0xffe, 0x1000, 0x1000, TOP, &base), SM_ERANGE);
	assert_int_equal(sm_ivset_add(&s, iv(TOP - 0xfff, TOP)), SM_OK);
	assert_int_equal(sm_ivset_first_fit(&s, TOP - 0x1fff, 0x2000, 0x1000, TOP, &base), SM_ERANGE);
	sm_ivset_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ival_make_rejects_empty_and_wrapping),
		cmocka_unit_test(test_ival_touching_is_not_overlapping),
		cmocka_unit_test(test_ival_overlap_by_one_byte),
		cmocka_unit_test(test_ival_contained),
		cmocka_unit_test(test_ival_top_of_address_space),
		cmocka_unit_test(test_ivset_union_merges_overlap_touch_and_containment),
		cmocka_unit_test(test_ivset_order_does_not_matter),
		cmocka_unit_test(test_ivset_overlaps_reports_the_member),
		cmocka_unit_test(test_ivset_first_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

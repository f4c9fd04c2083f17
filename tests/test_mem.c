/* SPDX-License-Identifier: MIT */
/* Sparse RAM: lazy pages, zero reads, the cap, reset, page crossing, 2^64. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/mem.h"

#define PAGE MEM_PAGE_SIZE
#define TOP  UINT64_MAX

static int setup(void **state)
{
	*state = mem_create(MEM_DEFAULT_CAP);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	mem_destroy(*state);
	return 0;
}

static void test_mem_untouched_reads_zero(void **state)
{
	struct mem *m = *state;
	uint8_t buf[64];

	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(mem_read(m, 0x40000000, buf, sizeof(buf)), SM_OK);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	/* Reading allocates nothing. */
	assert_int_equal(mem_touched_bytes(m), 0);
}

static void test_mem_write_then_read_back(void **state)
{
	struct mem *m = *state;
	const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t buf[8];

	assert_int_equal(mem_write(m, 0x1234, data, sizeof(data)), SM_OK);
	assert_int_equal(mem_read(m, 0x1234, buf, sizeof(buf)), SM_OK);
	assert_memory_equal(buf, data, sizeof(data));
	assert_int_equal(mem_touched_bytes(m), PAGE);
}

static void test_mem_rest_of_touched_page_reads_zero(void **state)
{
	struct mem *m = *state;
	uint8_t one = 0x5a, buf[16];

	assert_int_equal(mem_write(m, 0x2008, &one, 1), SM_OK);
	assert_int_equal(mem_read(m, 0x2000, buf, sizeof(buf)), SM_OK);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], i == 8 ? 0x5a : 0);
}

static void test_mem_write_crossing_page_touches_two(void **state)
{
	struct mem *m = *state;
	uint8_t data[16], buf[16];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0xc0 + i);
	/* 8 bytes in page 0x10, 8 in page 0x11. */
	assert_int_equal(mem_write(m, 0x10ff8, data, sizeof(data)), SM_OK);
	assert_int_equal(mem_touched_bytes(m), 2 * PAGE);
	assert_int_equal(mem_read(m, 0x10ff8, buf, sizeof(buf)), SM_OK);
	assert_memory_equal(buf, data, sizeof(data));
	/* Each half is visible through its own page. */
	assert_int_equal(mem_read(m, 0x11000, buf, 8), SM_OK);
	assert_memory_equal(buf, data + 8, 8);
}

static void test_mem_read_crossing_into_untouched_page(void **state)
{
	struct mem *m = *state;
	uint8_t ff[4] = { 0xff, 0xff, 0xff, 0xff }, buf[8];

	assert_int_equal(mem_write(m, 0x5ffc, ff, 4), SM_OK);
	assert_int_equal(mem_read(m, 0x5ffc, buf, 8), SM_OK);
	assert_memory_equal(buf, ff, 4);
	for (int i = 4; i < 8; i++)
		assert_int_equal(buf[i], 0);
}

static void test_mem_large_write_spans_many_pages(void **state)
{
	struct mem *m = *state;
	enum { LEN = 5 * 4096 + 100 };
	static uint8_t data[LEN], buf[LEN];

	for (size_t i = 0; i < LEN; i++)
		data[i] = (uint8_t)(i * 7);
	/* Starting 0x800 into a page: 0x800 + LEN spans 6 pages. */
	assert_int_equal(mem_write(m, 0x100800, data, LEN), SM_OK);
	assert_int_equal(mem_touched_bytes(m), 6 * PAGE);
	assert_int_equal(mem_read(m, 0x100800, buf, LEN), SM_OK);
	assert_memory_equal(buf, data, LEN);
}

static void test_mem_many_pages_survive_table_growth(void **state)
{
	struct mem *m = *state;

	/* 1000 pages forces several doublings of the 64-slot table; every
	 * value must still be found afterwards.  Stride 0x1001 pages keeps
	 * page numbers far from sequential. */
	for (uint64_t i = 0; i < 1000; i++) {
		uint64_t v = i * 0x9e3779b9u;

		assert_int_equal(mem_write(m, i * 0x1001000, &v, sizeof(v)), SM_OK);
	}
	assert_int_equal(mem_touched_bytes(m), 1000 * PAGE);
	for (uint64_t i = 0; i < 1000; i++) {
		uint64_t v = 0;

		assert_int_equal(mem_read(m, i * 0x1001000, &v, sizeof(v)), SM_OK);
		assert_int_equal(v, i * 0x9e3779b9u);
	}
}

static void test_mem_top_of_address_space(void **state)
{
	struct mem *m = *state;
	const uint8_t data[8] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 };
	uint8_t buf[8];

	/* The last 8 bytes below 2^64: the range ends exactly at TOP. */
	assert_int_equal(mem_write(m, TOP - 7, data, 8), SM_OK);
	assert_int_equal(mem_read(m, TOP - 7, buf, 8), SM_OK);
	assert_memory_equal(buf, data, 8);
	assert_int_equal(mem_read(m, TOP, buf, 1), SM_OK);
	assert_int_equal(buf[0], 4);
}

static void test_mem_range_wrapping_2_64_is_einval(void **state)
{
	struct mem *m = *state;
	uint8_t buf[8] = { 0 };

	/* TOP - 6 + 8 bytes would need byte 2^64. */
	assert_int_equal(mem_write(m, TOP - 6, buf, 8), SM_EINVAL);
	assert_int_equal(mem_read(m, TOP - 6, buf, 8), SM_EINVAL);
	assert_int_equal(mem_write(m, TOP, buf, 2), SM_EINVAL);
	assert_int_equal(mem_touched_bytes(m), 0);
}

static void test_mem_zero_length_is_noop(void **state)
{
	struct mem *m = *state;
	uint8_t b = 0;

	assert_int_equal(mem_write(m, TOP, &b, 0), SM_OK);
	assert_int_equal(mem_read(m, TOP, &b, 0), SM_OK);
	assert_int_equal(mem_touched_bytes(m), 0);
}

static void test_mem_cap_exactly_reached_then_refused(void **state)
{
	struct mem *m = mem_create(2 * PAGE);
	uint8_t b = 1, buf[2];

	(void)state;
	assert_non_null(m);
	assert_int_equal(mem_cap_bytes(m), 2 * PAGE);
	assert_int_equal(mem_write(m, 0x0000, &b, 1), SM_OK);
	assert_int_equal(mem_write(m, 0x1000, &b, 1), SM_OK);
	assert_int_equal(mem_touched_bytes(m), 2 * PAGE);
	/* At the cap: already-touched pages stay writable... */
	assert_int_equal(mem_write(m, 0x0fff, (uint8_t[2]){ 7, 8 }, 2), SM_OK);
	/* ...a third page is refused. */
	assert_int_equal(mem_write(m, 0x2000, &b, 1), SM_ENOMEM);
	assert_int_equal(mem_touched_bytes(m), 2 * PAGE);
	assert_int_equal(mem_read(m, 0x0fff, buf, 2), SM_OK);
	assert_int_equal(buf[0], 7);
	assert_int_equal(buf[1], 8);
	mem_destroy(m);
}

static void test_mem_write_past_cap_writes_nothing(void **state)
{
	struct mem *m = mem_create(2 * PAGE);
	uint8_t data[3 * 4096], buf[3 * 4096];

	(void)state;
	memset(data, 0x77, sizeof(data));
	assert_int_equal(mem_write(m, 0x1000, data, 1), SM_OK);
	/* Pages 1, 2, 3: page 1 is touched, 2 and 3 are new, one too many
	 * for a 2-page cap.  Page 1's bytes must stay untouched too. */
	assert_int_equal(mem_write(m, 0x1000, data, sizeof(data)), SM_ENOMEM);
	assert_int_equal(mem_touched_bytes(m), PAGE);
	assert_int_equal(mem_read(m, 0x1000, buf, sizeof(buf)), SM_OK);
	assert_int_equal(buf[0], 0x77);
	for (size_t i = 1; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	mem_destroy(m);
}

static void test_mem_cap_below_one_page_refuses_all_writes(void **state)
{
	/* The cap counts whole pages: 4095 bytes cannot hold one. */
	struct mem *m = mem_create(PAGE - 1);
	uint8_t b = 1;

	(void)state;
	assert_int_equal(mem_write(m, 0, &b, 1), SM_ENOMEM);
	assert_int_equal(mem_touched_bytes(m), 0);
	mem_destroy(m);
}

static void test_mem_reset_forgets_everything(void **state)
{
	struct mem *m = *state;
	uint64_t v = 0x1122334455667788, r = 1;

	assert_int_equal(mem_write(m, 0x40000000, &v, 8), SM_OK);
	assert_int_equal(mem_write(m, TOP - 7, &v, 8), SM_OK);
	mem_reset(m);
	assert_int_equal(mem_touched_bytes(m), 0);
	assert_int_equal(mem_read(m, 0x40000000, &r, 8), SM_OK);
	assert_int_equal(r, 0);
	r = 1;
	assert_int_equal(mem_read(m, TOP - 7, &r, 8), SM_OK);
	assert_int_equal(r, 0);
}

static void test_mem_reset_then_reuse(void **state)
{
	struct mem *m = *state;
	uint64_t v, r;

	/* Twice around, with enough pages the second time to regrow the
	 * table after a reset shrank it (5000 pages > 4096 slots kept). */
	for (int round = 0; round < 2; round++) {
		unsigned n = round ? 5000 : 10;

		for (uint64_t i = 0; i < n; i++) {
			v = i + 1000 * (uint64_t)round;
			assert_int_equal(mem_write(m, i << 12, &v, 8), SM_OK);
		}
		assert_int_equal(mem_touched_bytes(m), n * PAGE);
		for (uint64_t i = 0; i < n; i++) {
			assert_int_equal(mem_read(m, i << 12, &r, 8), SM_OK);
			assert_int_equal(r, i + 1000 * (uint64_t)round);
		}
		mem_reset(m);
		assert_int_equal(mem_touched_bytes(m), 0);
	}
	r = 1;
	assert_int_equal(mem_read(m, 0, &r, 8), SM_OK);
	assert_int_equal(r, 0);
}

static void test_mem_reset_restores_full_cap(void **state)
{
	struct mem *m = mem_create(PAGE);
	uint8_t b = 1;

	(void)state;
	assert_int_equal(mem_write(m, 0, &b, 1), SM_OK);
	assert_int_equal(mem_write(m, PAGE, &b, 1), SM_ENOMEM);
	mem_reset(m);
	assert_int_equal(mem_write(m, PAGE, &b, 1), SM_OK);
	mem_destroy(m);
}

static void test_mem_two_instances_independent(void **state)
{
	struct mem *a = *state, *b = mem_create(PAGE);
	uint32_t va = 0xaaaa, vb = 0xbbbb, r = 0;

	assert_non_null(b);
	assert_int_equal(mem_write(a, 0x1000, &va, 4), SM_OK);
	assert_int_equal(mem_write(b, 0x1000, &vb, 4), SM_OK);
	assert_int_equal(mem_read(a, 0x1000, &r, 4), SM_OK);
	assert_int_equal(r, 0xaaaa);
	assert_int_equal(mem_read(b, 0x1000, &r, 4), SM_OK);
	assert_int_equal(r, 0xbbbb);
	mem_reset(b);
	assert_int_equal(mem_read(a, 0x1000, &r, 4), SM_OK);
	assert_int_equal(r, 0xaaaa);
	mem_destroy(b);
}

static void test_mem_le_helpers_round_trip(void **state)
{
	uint8_t b[8];

	(void)state;
	mem_le_put(b, 8, 0x0102030405060708);
	assert_int_equal(b[0], 0x08);
	assert_int_equal(b[7], 0x01);
	assert_int_equal(mem_le_get(b, 8), 0x0102030405060708);
	/* A 2-byte get sees only the low half-word. */
	assert_int_equal(mem_le_get(b, 2), 0x0708);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mem_untouched_reads_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_write_then_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_rest_of_touched_page_reads_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_write_crossing_page_touches_two, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_read_crossing_into_untouched_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_large_write_spans_many_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_many_pages_survive_table_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_top_of_address_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_range_wrapping_2_64_is_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_zero_length_is_noop, setup, teardown),
		cmocka_unit_test(test_mem_cap_exactly_reached_then_refused),
		cmocka_unit_test(test_mem_write_past_cap_writes_nothing),
		cmocka_unit_test(test_mem_cap_below_one_page_refuses_all_writes),
		cmocka_unit_test_setup_teardown(test_mem_reset_forgets_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mem_reset_then_reuse, setup, teardown),
		cmocka_unit_test(test_mem_reset_restores_full_cap),
		cmocka_unit_test_setup_teardown(test_mem_two_instances_independent, setup, teardown),
		cmocka_unit_test(test_mem_le_helpers_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

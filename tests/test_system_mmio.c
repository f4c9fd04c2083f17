/* SPDX-License-Identifier: MIT */
/*
 * smmuits_map_mmio: a device model outside the library owning an MMIO window
 * (the harness NIC uses it).  CPU accesses and device transactions reach its
 * callbacks with window offsets; windows may not overlap anything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "smmuits.h"

/* A 16-register scratch device that remembers its last access. */
struct scratch {
	uint64_t reg[16];
	uint64_t last_off;
	unsigned last_size, reads, writes;
	int fail_with;   /* non-zero: every access returns it */
};

static int scratch_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
	struct scratch *s = opaque;

	s->reads++;
	s->last_off = off, s->last_size = size;
	if (s->fail_with)
		return s->fail_with;
	*val = s->reg[(off / 8) % 16];
	return 0;
}

static int scratch_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct scratch *s = opaque;

	s->writes++;
	s->last_off = off, s->last_size = size;
	if (s->fail_with)
		return s->fail_with;
	s->reg[(off / 8) % 16] = val;
	return 0;
}

static const struct smmuits_mmio_ops scratch_ops = { scratch_read, scratch_write };

#define BASE 0x0a000000u  /* qemu-virt's virtio-mmio area: free in the built-in platform */

static struct smmuits *make(void)
{
	struct smmuits *sys;
	char err[256];

	assert_int_equal(smmuits_create(NULL, &sys, err, sizeof(err)), 0);
	return sys;
}

static void test_map_mmio_cpu_access_reaches_callbacks_with_offset(void **state)
{
	struct smmuits *sys = make();
	struct scratch s = { 0 };
	char err[256];
	uint64_t v = 0;

	(void)state;
	assert_int_equal(smmuits_map_mmio(sys, "scratch", BASE, 0x200, &scratch_ops, &s, err,
					  sizeof(err)), 0);
	assert_int_equal(smmuits_write(sys, BASE + 0x18, 4, 0xcafe, NULL), 0);
	assert_int_equal(s.last_off, 0x18);
	assert_int_equal(s.last_size, 4);
	assert_int_equal(s.reg[3], 0xcafe);
	assert_int_equal(smmuits_read(sys, BASE + 0x18, 8, &v, NULL), 0);
	assert_int_equal(v, 0xcafe);
	assert_int_equal(s.reads, 1);
	/* a reset forgets memory and the model's blocks, not the caller's window */
	smmuits_reset(sys);
	assert_int_equal(smmuits_read(sys, BASE + 0x18, 8, &v, NULL), 0);
	assert_int_equal(s.reads, 2);
	smmuits_destroy(sys);
}

/* A device write that the SMMU lets through (GBPA bypass at reset) lands in the window. */
static void test_map_mmio_device_write_lands_in_window(void **state)
{
	struct smmuits *sys = make();
	struct scratch s = { 0 };
	uint8_t data[4] = { 0x44, 0x33, 0x22, 0x11 };
	struct smmuits_txn t = { .sid = 1, .iova = BASE + 0x20, .size = 4, .write = true, .data = data };
	struct smmuits_txn_result res;
	char err[256];

	(void)state;
	assert_int_equal(smmuits_map_mmio(sys, "scratch", BASE, 0x200, &scratch_ops, &s, err,
					  sizeof(err)), 0);
	assert_int_equal(smmuits_txn(sys, &t, &res, err, sizeof(err)), 0);
	assert_int_equal(res.outcome, SMMUITS_BYPASS);
	assert_string_equal(res.target, "scratch");
	assert_int_equal(s.reg[4], 0x11223344);
	smmuits_destroy(sys);
}

/* The callback's code is what the requester sees. */
static void test_map_mmio_callback_error_fails_the_access(void **state)
{
	struct smmuits *sys = make();
	struct scratch s = { .fail_with = -5 };
	char err[256];
	uint64_t v = 1;

	(void)state;
	assert_int_equal(smmuits_map_mmio(sys, "scratch", BASE, 0x200, &scratch_ops, &s, err,
					  sizeof(err)), 0);
	assert_int_equal(smmuits_read(sys, BASE, 4, &v, NULL), -5);
	assert_int_equal(smmuits_write(sys, BASE, 4, 1, NULL), -5);
	smmuits_destroy(sys);
}

static void test_map_mmio_overlap_and_bad_arguments_are_refused(void **state)
{
	struct smmuits *sys = make();
	struct scratch s = { 0 };
	const struct smmuits_mmio_ops half = { scratch_read, NULL };
	char err[256];

	(void)state;
	/* RAM (qemu-virt: 0x40000000..) and the SMMU's window are taken */
	assert_true(smmuits_map_mmio(sys, "x", 0x40000000, 0x1000, &scratch_ops, &s, err,
				     sizeof(err)) < 0);
	assert_non_null(strstr(err, "overlap"));
	assert_true(smmuits_map_mmio(sys, "x", 0x09050000, 0x1000, &scratch_ops, &s, err,
				     sizeof(err)) < 0);
	assert_true(smmuits_map_mmio(sys, "x", BASE, 0x200, &half, &s, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "both callbacks"));
	assert_true(smmuits_map_mmio(sys, NULL, BASE, 0x200, &scratch_ops, &s, err, sizeof(err)) < 0);
	/* a refused window takes no slot: all SMMUITS_MAX_MMIO can still be mapped, then no more */
	for (unsigned i = 0; i < SMMUITS_MAX_MMIO; i++)
		assert_int_equal(smmuits_map_mmio(sys, "w", BASE + i * 0x200u, 0x200, &scratch_ops, &s,
						  err, sizeof(err)), 0);
	assert_true(smmuits_map_mmio(sys, "w", BASE + 0x10000, 0x200, &scratch_ops, &s, err,
				     sizeof(err)) < 0);
	assert_non_null(strstr(err, "at most"));
	/* and a second window over the first is an overlap */
	smmuits_destroy(sys);
	sys = make();
	assert_int_equal(smmuits_map_mmio(sys, "a", BASE, 0x200, &scratch_ops, &s, err, sizeof(err)), 0);
	assert_true(smmuits_map_mmio(sys, "b", BASE + 0x100, 0x200, &scratch_ops, &s, err,
				     sizeof(err)) < 0);
	smmuits_destroy(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_mmio_cpu_access_reaches_callbacks_with_offset),
		cmocka_unit_test(test_map_mmio_device_write_lands_in_window),
		cmocka_unit_test(test_map_mmio_callback_error_fails_the_access),
		cmocka_unit_test(test_map_mmio_overlap_and_bad_arguments_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

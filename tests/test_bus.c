/* SPDX-License-Identifier: MIT */
/* Bus decode: RAM and MMIO routing, alignment, straddles, latency, blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/bus.h"

#define TOP UINT64_MAX

/* Layout used by most cases: RAM, then a device right after it (no gap),
 * then a hole, then a reserved window. */
#define RAM_BASE  0x40000000u
#define RAM_SIZE  0x00100000u
#define DEV_BASE  0x40100000u
#define DEV_SIZE  0x00010000u
#define RSV_BASE  0x50000000u
#define RSV_SIZE  0x00001000u

/* Default latencies (SM_LATENCY_DEFAULT). */
#define LAT_RAM  100
#define LAT_MMIO 10

/* A tiny device: 8-byte registers, remembers its last access. */
struct fake_dev {
	uint64_t regs[DEV_SIZE / 8];
	unsigned nreads, nwrites;
	uint64_t last_off;
	unsigned last_size;
	int fail_rc;          /* returned by every access when non-zero */
	uint64_t read_junk;   /* OR-ed into reads, to check the bus masks */
};

static int fake_read(void *opaque, uint64_t off, unsigned size, uint64_t *val,
		     struct bus_attrs *attrs)
{
	struct fake_dev *d = opaque;

	(void)attrs;
	d->nreads++;
	d->last_off = off;
	d->last_size = size;
	*val = 0xdeadbeef; /* the bus must still return 0 if we fail */
	if (d->fail_rc)
		return d->fail_rc;
	*val = (d->regs[off / 8] >> (8 * (off % 8))) | d->read_junk;
	return SM_OK;
}

static int fake_write(void *opaque, uint64_t off, unsigned size, uint64_t val,
		      struct bus_attrs *attrs)
{
	struct fake_dev *d = opaque;

	(void)attrs;
	d->nwrites++;
	d->last_off = off;
	d->last_size = size;
	if (d->fail_rc)
		return d->fail_rc;
	d->regs[off / 8] = val;
	return SM_OK;
}

static const struct bus_mmio_ops fake_ops = { fake_read, fake_write };

struct log_cap {
	unsigned count;
	enum sm_log_level level;
	char component[16];
	char msg[256];
};

static void log_sink(void *opaque, enum sm_log_level level, const char *component,
		     const char *msg)
{
	struct log_cap *c = opaque;

	c->count++;
	c->level = level;
	snprintf(c->component, sizeof(c->component), "%s", component);
	snprintf(c->msg, sizeof(c->msg), "%s", msg);
}

struct fixture {
	struct mem *mem;
	struct bus *bus;
	struct fake_dev dev;
	struct log_cap logc;
	struct sm_log log;
};

static int setup(void **state)
{
	static struct fixture fx;
	struct sm_err err = { 0 };

	memset(&fx, 0, sizeof(fx));
	fx.log = (struct sm_log){ .fn = log_sink, .opaque = &fx.logc, .level = SM_LOG_DEBUG };
	fx.mem = mem_create(MEM_DEFAULT_CAP);
	fx.bus = bus_create(fx.mem, NULL, &fx.log);
	if (!fx.mem || !fx.bus)
		return -1;
	if (bus_add_ram(fx.bus, "ram", RAM_BASE, RAM_SIZE, &err) ||
	    bus_add_mmio(fx.bus, "dev", DEV_BASE, DEV_SIZE, &fake_ops, &fx.dev, &err) ||
	    bus_add_reserved(fx.bus, "rsv", RSV_BASE, RSV_SIZE, &err))
		return -1;
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	bus_destroy(fx->bus);
	mem_destroy(fx->mem);
	return 0;
}

static void test_bus_ram_write_read_little_endian(void **state)
{
	struct fixture *fx = *state;
	struct bus_attrs a = { 0 };
	uint64_t v = 0;
	uint8_t raw[8];

	assert_int_equal(bus_write(fx->bus, RAM_BASE + 0x10, 8, 0x0102030405060708, &a), SM_OK);
	assert_int_equal(bus_read(fx->bus, RAM_BASE + 0x10, 8, &v, &a), SM_OK);
	assert_int_equal(v, 0x0102030405060708);
	/* Little-endian in memory: lowest byte first. */
	assert_int_equal(mem_read(fx->mem, RAM_BASE + 0x10, raw, 8), SM_OK);
	assert_int_equal(raw[0], 0x08);
	assert_int_equal(raw[7], 0x01);
	/* A narrow read at +2 picks bytes 2..3 = 0x0506. */
	assert_int_equal(bus_read(fx->bus, RAM_BASE + 0x12, 2, &v, &a), SM_OK);
	assert_int_equal(v, 0x0506);
	/* Three RAM accesses at 100 cycles each. */
	assert_int_equal(a.cycles, 3 * LAT_RAM);
}

static void test_bus_ram_unaligned_across_page(void **state)
{
	struct fixture *fx = *state;
	uint64_t v = 0;
	/* 8 bytes starting 3 below a 4 KiB page boundary. */
	uint64_t pa = RAM_BASE + 0x1000 - 3;

	assert_int_equal(bus_write(fx->bus, pa, 8, 0x1122334455667788, NULL), SM_OK);
	assert_int_equal(bus_read(fx->bus, pa, 8, &v, NULL), SM_OK);
	assert_int_equal(v, 0x1122334455667788);
}

static void test_bus_narrow_write_ignores_high_bits(void **state)
{
	struct fixture *fx = *state;
	uint64_t v = 0;

	assert_int_equal(bus_write(fx->bus, RAM_BASE, 8, 0, NULL), SM_OK);
	assert_int_equal(bus_write(fx->bus, RAM_BASE, 1, 0xabcd, NULL), SM_OK);
	assert_int_equal(bus_read(fx->bus, RAM_BASE, 8, &v, NULL), SM_OK);
	assert_int_equal(v, 0xcd);
}

static void test_bus_bad_size_is_einval(void **state)
{
	struct fixture *fx = *state;
	static const unsigned bad[] = { 0, 3, 5, 16 };
	struct bus_attrs a = { 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 1;

		assert_int_equal(bus_read(fx->bus, RAM_BASE, bad[i], &v, &a), SM_EINVAL);
		assert_int_equal(v, 0);
		assert_int_equal(bus_write(fx->bus, RAM_BASE, bad[i], 0, &a), SM_EINVAL);
	}
	assert_int_equal(a.cycles, 0);
}

static void test_bus_unmapped_read_is_logged_and_zero(void **state)
{
	struct fixture *fx = *state;
	struct bus_attrs a = { 0 };
	uint64_t v = 1;

	assert_int_equal(bus_read(fx->bus, 0x1000, 4, &v, &a), SM_EUNMAPPED);
	assert_int_equal(v, 0);
	assert_int_equal(a.cycles, 0);
	assert_int_equal(fx->logc.count, 1);
	assert_int_equal(fx->logc.level, SM_LOG_WARN);
	assert_string_equal(fx->logc.component, "bus");
	assert_non_null(strstr(fx->logc.msg, "0x0000000000001000"));
}

static void test_bus_unmapped_write_names_requester(void **state)
{
	struct fixture *fx = *state;
	struct bus_attrs a = { .src_id = 0x42, .flags = BUS_ATTR_SRC_VALID };

	assert_int_equal(bus_write(fx->bus, 0x48000000, 4, 1, &a), SM_EUNMAPPED);
	assert_int_equal(fx->logc.count, 1);
	assert_non_null(strstr(fx->logc.msg, "write"));
	assert_non_null(strstr(fx->logc.msg, "0x0000000048000000"));
	assert_non_null(strstr(fx->logc.msg, "0x42"));
}

static void test_bus_unmapped_without_log_is_silent(void **state)
{
	struct mem *m = mem_create(MEM_DEFAULT_CAP);
	struct bus *b = bus_create(m, NULL, NULL);
	uint64_t v;

	(void)state;
	assert_int_equal(bus_read(b, 0, 8, &v, NULL), SM_EUNMAPPED);
	bus_destroy(b);
	mem_destroy(m);
}

static void test_bus_straddle_ram_into_mmio_is_einval(void **state)
{
	struct fixture *fx = *state;
	uint64_t v = 1;

	/* RAM ends at DEV_BASE - 1: 4 bytes from DEV_BASE - 2 cross into dev. */
	assert_int_equal(bus_read(fx->bus, DEV_BASE - 2, 4, &v, NULL), SM_EINVAL);
	assert_int_equal(v, 0);
	assert_int_equal(bus_write(fx->bus, DEV_BASE - 2, 4, 0, NULL), SM_EINVAL);
	assert_int_equal(fx->dev.nreads + fx->dev.nwrites, 0);
}

static void test_bus_straddle_mmio_end_into_hole_is_einval(void **state)
{
	struct fixture *fx = *state;
	uint64_t v;

	/* Last 4 bytes of dev are fine; an aligned 8 at the same spot is
	 * impossible, so straddle with a 2-byte access at the last byte. */
	assert_int_equal(bus_read(fx->bus, DEV_BASE + DEV_SIZE - 4, 4, &v, NULL), SM_OK);
	assert_int_equal(bus_read(fx->bus, DEV_BASE + DEV_SIZE - 1, 2, &v, NULL), SM_EINVAL);
}

static void test_bus_start_in_hole_is_unmapped_even_if_end_mapped(void **state)
{
	struct fixture *fx = *state;
	uint64_t v;

	/* Starts 4 below RAM, ends inside it: the start decides. */
	assert_int_equal(bus_read(fx->bus, RAM_BASE - 4, 8, &v, NULL), SM_EUNMAPPED);
}

static void test_bus_mmio_gets_offset_and_size(void **state)
{
	struct fixture *fx = *state;
	struct bus_attrs a = { 0 };
	uint64_t v = 0;

	assert_int_equal(bus_write(fx->bus, DEV_BASE + 0x28, 8, 0xfeedface, &a), SM_OK);
	assert_int_equal(fx->dev.last_off, 0x28);
	assert_int_equal(fx->dev.last_size, 8);
	assert_int_equal(fx->dev.regs[5], 0xfeedface); /* 0x28 / 8 */
	assert_int_equal(bus_read(fx->bus, DEV_BASE + 0x28, 4, &v, &a), SM_OK);
	assert_int_equal(fx->dev.last_size, 4);
	assert_int_equal(v, 0xfeedface);
	/* One write and one read at 10 cycles each. */
	assert_int_equal(a.cycles, 2 * LAT_MMIO);
}

static void test_bus_mmio_misaligned_is_einval(void **state)
{
	struct fixture *fx = *state;
	static const struct { uint64_t off; unsigned size; } bad[] = {
		{ 1, 2 }, { 2, 4 }, { 4, 8 }, { 7, 8 },
	};
	struct bus_attrs a = { 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 1;

		assert_int_equal(bus_read(fx->bus, DEV_BASE + bad[i].off, bad[i].size, &v, &a),
				 SM_EINVAL);
		assert_int_equal(v, 0);
		assert_int_equal(bus_write(fx->bus, DEV_BASE + bad[i].off, bad[i].size, 0, &a),
				 SM_EINVAL);
	}
	/* The device was never called and nothing was charged. */
	assert_int_equal(fx->dev.nreads + fx->dev.nwrites, 0);
	assert_int_equal(a.cycles, 0);
	/* Byte accesses are always aligned. */
	assert_int_equal(bus_write(fx->bus, DEV_BASE + 7, 1, 0, NULL), SM_OK);
}

static void test_bus_mmio_error_passes_through_and_read_zero(void **state)
{
	struct fixture *fx = *state;
	struct bus_attrs a = { 0 };
	uint64_t v = 1;

	fx->dev.fail_rc = SM_EUNSUPP;
	assert_int_equal(bus_read(fx->bus, DEV_BASE, 4, &v, &a), SM_EUNSUPP);
	/* The device wrote 0xdeadbeef before failing; the bus hides it. */
	assert_int_equal(v, 0);
	assert_int_equal(bus_write(fx->bus, DEV_BASE, 4, 1, &a), SM_EUNSUPP);
	/* The device was reached, so both accesses cost MMIO latency. */
	assert_int_equal(a.cycles, 2 * LAT_MMIO);
}

static void test_bus_mmio_read_masked_to_size(void **state)
{
	struct fixture *fx = *state;
	uint64_t v = 0;

	fx->dev.regs[0] = 0x12;
	fx->dev.read_junk = 0xffffffffffff0000;
	assert_int_equal(bus_read(fx->bus, DEV_BASE, 2, &v, NULL), SM_OK);
	assert_int_equal(v, 0x12);
}

static void test_bus_reserved_is_eunsupp(void **state)
{
	struct fixture *fx = *state;
	struct bus_attrs a = { 0 };
	uint64_t v = 1;
	uint8_t buf[4];

	assert_int_equal(bus_read(fx->bus, RSV_BASE + 8, 4, &v, &a), SM_EUNSUPP);
	assert_int_equal(v, 0);
	assert_int_equal(bus_write(fx->bus, RSV_BASE, 4, 0, &a), SM_EUNSUPP);
	assert_int_equal(a.cycles, 0);
	assert_int_equal(bus_read_block(fx->bus, RSV_BASE, buf, sizeof(buf), &a), SM_EINVAL);
}

static void test_bus_overlap_names_both_regions(void **state)
{
	struct fixture *fx = *state;
	struct sm_err err = { 0 };

	/* Last 0x1000 bytes of RAM. */
	assert_int_equal(bus_add_mmio(fx->bus, "late", RAM_BASE + RAM_SIZE - 0x1000, 0x2000,
				      &fake_ops, NULL, &err), SM_EINVAL);
	assert_int_equal(err.code, SM_EINVAL);
	assert_non_null(strstr(err.msg, "'late' [0x400ff000-0x40100fff]"));
	/* It hits RAM (below) first. */
	assert_non_null(strstr(err.msg, "'ram' [0x40000000-0x400fffff]"));

	/* A region wholly inside another one. */
	assert_int_equal(bus_add_ram(fx->bus, "inner", DEV_BASE + 0x100, 0x10, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "'dev' [0x40100000-0x4010ffff]"));

	/* A region swallowing another one. */
	assert_int_equal(bus_add_reserved(fx->bus, "big", RSV_BASE - 0x1000, 0x10000, &err),
			 SM_EINVAL);
	assert_non_null(strstr(err.msg, "'rsv'"));
}

static void test_bus_adjacent_regions_do_not_overlap(void **state)
{
	struct fixture *fx = *state;
	struct sm_err err = { 0 };

	/* Ends exactly at RAM_BASE - 1, and starts exactly after dev. */
	assert_int_equal(bus_add_reserved(fx->bus, "below", RAM_BASE - 0x1000, 0x1000, &err), SM_OK);
	assert_int_equal(bus_add_reserved(fx->bus, "after", DEV_BASE + DEV_SIZE, 0x1000, &err),
			 SM_OK);
}

static void test_bus_add_size_zero_or_wrap_is_einval(void **state)
{
	struct fixture *fx = *state;
	struct sm_err err = { 0 };

	assert_int_equal(bus_add_reserved(fx->bus, "zero", 0x1000, 0, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "size 0"));
	/* TOP - 0xfff + 0x2000 runs 0x1000 bytes past 2^64. */
	assert_int_equal(bus_add_reserved(fx->bus, "wrap", TOP - 0xfff, 0x2000, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "wraps"));
	assert_int_equal(bus_add_mmio(fx->bus, "noops", 0x1000, 0x1000, NULL, NULL, &err),
			 SM_EINVAL);
}

static void test_bus_region_ending_at_top_of_address_space(void **state)
{
	struct fixture *fx = *state;
	struct sm_err err = { 0 };
	uint64_t v = 0;

	/* The last 4 KiB: base + size is exactly 2^64. */
	assert_int_equal(bus_add_ram(fx->bus, "top", TOP - 0xfff, 0x1000, &err), SM_OK);
	assert_int_equal(bus_write(fx->bus, TOP - 7, 8, 0x8877665544332211, NULL), SM_OK);
	assert_int_equal(bus_read(fx->bus, TOP - 7, 8, &v, NULL), SM_OK);
	assert_int_equal(v, 0x8877665544332211);
	assert_int_equal(bus_read(fx->bus, TOP, 1, &v, NULL), SM_OK);
	assert_int_equal(v, 0x88);
	/* 8 bytes from TOP - 3 would pass 2^64: a straddle, not a wrap to 0. */
	assert_int_equal(bus_read(fx->bus, TOP - 3, 8, &v, NULL), SM_EINVAL);
	assert_int_equal(bus_write_block(fx->bus, TOP - 3, "12345678", 8, NULL), SM_EINVAL);
}

static void test_bus_find_regions_added_out_of_order(void **state)
{
	struct mem *m = mem_create(MEM_DEFAULT_CAP);
	struct bus *b = bus_create(m, NULL, NULL);
	struct sm_err err = { 0 };
	char name[16];

	(void)state;
	/* 64 regions of 0x100 at every other 0x100 slot, added in a
	 * scrambled order (37 is coprime to 64, so i*37 % 64 visits all). */
	for (unsigned i = 0; i < 64; i++) {
		unsigned k = (i * 37) % 64;

		snprintf(name, sizeof(name), "r%u", k);
		assert_int_equal(bus_add_reserved(b, name, 0x1000 + k * 0x200, 0x100, &err), SM_OK);
	}
	for (unsigned k = 0; k < 64; k++) {
		const struct bus_region *r = bus_find(b, 0x1000 + k * 0x200 + 0xff);

		snprintf(name, sizeof(name), "r%u", k);
		assert_non_null(r);
		assert_string_equal(r->name, name);
		assert_int_equal(r->kind, BUS_RESERVED);
		/* The gap after each region. */
		assert_null(bus_find(b, 0x1000 + k * 0x200 + 0x100));
	}
	assert_null(bus_find(b, 0));
	assert_null(bus_find(b, TOP));
	bus_destroy(b);
	mem_destroy(m);
}

static void test_bus_find_returns_region_fields(void **state)
{
	struct fixture *fx = *state;
	const struct bus_region *r = bus_find(fx->bus, DEV_BASE + 0x123);

	assert_non_null(r);
	assert_string_equal(r->name, "dev");
	assert_int_equal(r->kind, BUS_MMIO);
	assert_int_equal(r->base, DEV_BASE);
	assert_int_equal(r->size, DEV_SIZE);
	assert_ptr_equal(r->ops, &fake_ops);
	assert_ptr_equal(r->opaque, &fx->dev);
	assert_null(bus_find(fx->bus, DEV_BASE + DEV_SIZE));
}

static void test_bus_long_name_is_truncated(void **state)
{
	struct fixture *fx = *state;
	struct sm_err err = { 0 };
	const struct bus_region *r;

	assert_int_equal(bus_add_reserved(fx->bus, "a-name-much-longer-than-thirty-one-chars",
					  0x2000, 0x1000, &err), SM_OK);
	r = bus_find(fx->bus, 0x2000);
	assert_non_null(r);
	/* name[32]: 31 characters and the terminator. */
	assert_int_equal(strlen(r->name), 31);
}

static void test_bus_block_round_trip_charges_once(void **state)
{
	struct fixture *fx = *state;
	struct bus_attrs a = { 0 };
	uint8_t data[64], buf[64];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	/* 64 bytes across a page boundary, one latency per block. */
	assert_int_equal(bus_write_block(fx->bus, RAM_BASE + 0xfe0, data, sizeof(data), &a), SM_OK);
	assert_int_equal(a.cycles, LAT_RAM);
	assert_int_equal(bus_read_block(fx->bus, RAM_BASE + 0xfe0, buf, sizeof(buf), &a), SM_OK);
	assert_int_equal(a.cycles, 2 * LAT_RAM);
	assert_memory_equal(buf, data, sizeof(data));
}

static void test_bus_block_on_mmio_or_hole_fails_and_zeroes(void **state)
{
	struct fixture *fx = *state;
	struct bus_attrs a = { 0 };
	uint8_t buf[32];

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(bus_read_block(fx->bus, DEV_BASE, buf, sizeof(buf), &a), SM_EINVAL);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(bus_write_block(fx->bus, DEV_BASE, buf, sizeof(buf), &a), SM_EINVAL);
	assert_int_equal(fx->dev.nreads + fx->dev.nwrites, 0);
	assert_int_equal(bus_read_block(fx->bus, 0x1000, buf, sizeof(buf), &a), SM_EUNMAPPED);
	assert_int_equal(bus_write_block(fx->bus, 0x1000, buf, sizeof(buf), &a), SM_EUNMAPPED);
	/* The last 16 bytes of RAM plus 16 of dev. */
	assert_int_equal(bus_read_block(fx->bus, DEV_BASE - 16, buf, sizeof(buf), &a), SM_EINVAL);
	assert_int_equal(a.cycles, 0);
}

static void test_bus_ram_cap_gives_enomem(void **state)
{
	struct mem *m = mem_create(MEM_PAGE_SIZE);
	struct bus *b = bus_create(m, NULL, NULL);
	struct sm_err err = { 0 };
	uint8_t blk[16] = { 0 };

	(void)state;
	assert_int_equal(bus_add_ram(b, "ram", 0, 0x10000, &err), SM_OK);
	assert_int_equal(bus_write(b, 0x0, 4, 1, NULL), SM_OK);
	/* A second page is past the one-page cap. */
	assert_int_equal(bus_write(b, 0x1000, 4, 1, NULL), SM_ENOMEM);
	assert_int_equal(bus_write_block(b, 0x2000, blk, sizeof(blk), NULL), SM_ENOMEM);
	bus_destroy(b);
	mem_destroy(m);
}

static void test_bus_latency_copied_at_create(void **state)
{
	struct sm_latency lat = SM_LATENCY_DEFAULT;
	struct mem *m = mem_create(MEM_DEFAULT_CAP);
	struct bus *b;
	struct sm_err err = { 0 };
	struct bus_attrs a = { .cycles = 5 };
	uint64_t v;

	(void)state;
	lat.ram_read = 7;
	lat.ram_write = 11;
	b = bus_create(m, &lat, NULL);
	lat.ram_read = 1000; /* the bus keeps its own copy */
	assert_int_equal(bus_add_ram(b, "ram", 0, 0x1000, &err), SM_OK);
	assert_int_equal(bus_read(b, 0, 4, &v, &a), SM_OK);
	assert_int_equal(bus_write(b, 0, 4, 0, &a), SM_OK);
	/* 5 carried in + 7 + 11. */
	assert_int_equal(a.cycles, 23);
	bus_destroy(b);
	mem_destroy(m);
}

static void test_bus_ram_without_mem_is_einval(void **state)
{
	struct bus *b = bus_create(NULL, NULL, NULL);
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(bus_add_ram(b, "ram", 0, 0x1000, &err), SM_EINVAL);
	bus_destroy(b);
}

static void test_bus_two_instances_independent(void **state)
{
	struct fixture *fx = *state;
	struct mem *m = mem_create(MEM_DEFAULT_CAP);
	struct bus *b = bus_create(m, NULL, NULL);
	struct sm_err err = { 0 };
	uint64_t v = 0;

	/* The same address is RAM on both, backed by different memories. */
	assert_int_equal(bus_add_ram(b, "ram", RAM_BASE, 0x1000, &err), SM_OK);
	assert_int_equal(bus_write(fx->bus, RAM_BASE, 4, 0x1111, NULL), SM_OK);
	assert_int_equal(bus_write(b, RAM_BASE, 4, 0x2222, NULL), SM_OK);
	assert_int_equal(bus_read(fx->bus, RAM_BASE, 4, &v, NULL), SM_OK);
	assert_int_equal(v, 0x1111);
	assert_int_equal(bus_read(b, RAM_BASE, 4, &v, NULL), SM_OK);
	assert_int_equal(v, 0x2222);
	/* Dev exists only on the first bus. */
	assert_int_equal(bus_read(b, DEV_BASE, 4, &v, NULL), SM_EUNMAPPED);
	bus_destroy(b);
	mem_destroy(m);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bus_ram_write_read_little_endian),
		T(test_bus_ram_unaligned_across_page),
		T(test_bus_narrow_write_ignores_high_bits),
		T(test_bus_bad_size_is_einval),
		T(test_bus_unmapped_read_is_logged_and_zero),
		T(test_bus_unmapped_write_names_requester),
		cmocka_unit_test(test_bus_unmapped_without_log_is_silent),
		T(test_bus_straddle_ram_into_mmio_is_einval),
		T(test_bus_straddle_mmio_end_into_hole_is_einval),
		T(test_bus_start_in_hole_is_unmapped_even_if_end_mapped),
		T(test_bus_mmio_gets_offset_and_size),
		T(test_bus_mmio_misaligned_is_einval),
		T(test_bus_mmio_error_passes_through_and_read_zero),
		T(test_bus_mmio_read_masked_to_size),
		T(test_bus_reserved_is_eunsupp),
		T(test_bus_overlap_names_both_regions),
		T(test_bus_adjacent_regions_do_not_overlap),
		T(test_bus_add_size_zero_or_wrap_is_einval),
		T(test_bus_region_ending_at_top_of_address_space),
		cmocka_unit_test(test_bus_find_regions_added_out_of_order),
		T(test_bus_find_returns_region_fields),
		T(test_bus_long_name_is_truncated),
		T(test_bus_block_round_trip_charges_once),
		T(test_bus_block_on_mmio_or_hole_fails_and_zeroes),
		cmocka_unit_test(test_bus_ram_cap_gives_enomem),
		cmocka_unit_test(test_bus_latency_copied_at_create),
		cmocka_unit_test(test_bus_ram_without_mem_is_einval),
		T(test_bus_two_instances_independent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

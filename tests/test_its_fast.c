/* SPDX-License-Identifier: MIT */
/*
 * The ITS's host fast path (its/its_fast.c) must never change a result:
 * two systems, one with the fast path and one without, run the same random
 * mix of repeated MSIs from 24 devices with 6 events each (more pairs than
 * the ITE and LPI-configuration caches hold, so LRU order decides what
 * stays), acknowledges, pending bits cleared in RAM behind the model's
 * back, configuration rewrites with and without invalidation, ITS commands
 * (INV, INVALL, MOVI, MAPC, DISCARD, CLEAR, INT, MAPD), GITS_CTLR and
 * GICR_CTLR toggles.  They must agree on every MSI's outcome, LPI, CPU,
 * drop reason and cycles, every acknowledge, the pending tables in RAM,
 * and every counter at the end.
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

#include "tests/fast_pair.h"

#define NDEV       24
#define NEV        6
#define NCPU       4
#define ITS_BASE   UINT64_C(0x08080000)
#define TRANSLATER UINT64_C(0x08090040)
#define GICR_BASE  UINT64_C(0x080A0000)
#define LPI0       8192u

struct pair {
	struct fast_pair fp;
	bool mapped[NDEV], its_on, lpis_on[NCPU];
	bool ev_mapped[NDEV][NEV];
	/* the last MSI, and the last LPI delivered: changes aim at them half the time */
	unsigned last_dev, last_ev, last_cpu, last_intid;
};

static unsigned intid_of(unsigned dev, unsigned ev)
{
	return LPI0 + dev * NEV + ev;
}

/* A register or RAM write by a CPU, on both. */
static void write_both(struct pair *p, uint64_t pa, unsigned size, uint64_t val)
{
	for (int i = 0; i < 2; i++)
		assert_int_equal(smmuits_write(p->fp.sys[i], pa, size, val, NULL), 0);
}

static void map_device(struct pair *p, unsigned dev)
{
	both(&p->fp, "its-mapd dev=%u eventbits=3\n", dev);
	for (unsigned ev = 0; ev < NEV; ev++)
		both(&p->fp, "its-mapti dev=%u event=%u intid=%u cpu=%u\n", dev, ev, intid_of(dev, ev),
		     (dev + ev) % NCPU);
	p->mapped[dev] = true;
	for (unsigned ev = 0; ev < NEV; ev++)
		p->ev_mapped[dev][ev] = true;
}

static void pair_open(struct pair *p, const char *profile)
{
	memset(p, 0, sizeof(*p));
	fast_pair_open(&p->fp, profile);
	both(&p->fp, "gic-init\nits-init\n");
	for (unsigned d = 0; d < NDEV; d++)
		map_device(p, d);
	p->its_on = true;
	for (unsigned c = 0; c < NCPU; c++)
		p->lpis_on[c] = true;
}

static uint64_t pendbase(struct pair *p, int i, unsigned cpu)
{
	uint64_t v;

	assert_int_equal(smmuits_read(p->fp.sys[i], GICR_BASE + cpu * 0x20000u + 0x78, 8, &v, NULL), 0);
	return v & UINT64_C(0xffffffffff0000);
}

/* The LPI's byte of the pending table in RAM is the same on both. */
static void pending_byte_same(struct pair *p, unsigned cpu, unsigned intid)
{
	uint64_t byte[2];

	for (int i = 0; i < 2; i++)
		assert_int_equal(smmuits_read(p->fp.sys[i], pendbase(p, i, cpu) + intid / 8, 1, &byte[i],
					      NULL), 0);
	assert_int_equal(byte[0], byte[1]);
}

/* The GITS_TRANSLATER write of DeviceID dev (= StreamID, the SMMU is off). */
static void msi_both(struct pair *p, uint64_t *rng)
{
	uint64_t r = rng_next(rng);
	/* a few hot pairs, as a device with one busy queue sends */
	unsigned dev = (r >> 40) % 4 ? (unsigned)(r % 3) : (unsigned)(r % NDEV);
	/* sometimes an unmapped EventID, or one past the ITT (eventbits=3: 8 events) */
	uint32_t ev = (r >> 8) % 8 ? (uint32_t)((r >> 11) % NEV) : (uint32_t)(NEV + (r >> 11) % 3);

	/* the same again, often: what a change just did to it shows at once */
	if ((r >> 44) % 3 == 0)
		dev = p->last_dev, ev = p->last_ev;
	struct smmuits_txn t = { .sid = dev, .iova = TRANSLATER, .size = 4, .write = true,
				 .msi = true };
	struct smmuits_txn_result res[2];
	uint8_t buf[4];

	memcpy(buf, &ev, 4);
	t.data = buf;
	p->last_dev = dev;
	p->last_ev = ev < NEV ? ev : 0;
	for (unsigned rep = 0; rep < 1 + (r >> 16) % 5; rep++) {
		for (int i = 0; i < 2; i++)
			assert_int_equal(smmuits_txn(p->fp.sys[i], &t, &res[i], NULL, 0), 0);
		if (res[0].outcome == SMMUITS_LPI) {
			pending_byte_same(p, (unsigned)res[0].cpu, res[0].intid);
			p->last_cpu = (unsigned)res[0].cpu;
			p->last_intid = res[0].intid;
		}
		assert_int_equal(res[0].outcome, res[1].outcome);
		assert_int_equal(res[0].intid, res[1].intid);
		assert_int_equal(res[0].cpu, res[1].cpu);
		assert_int_equal(res[0].cycles, res[1].cycles);
		assert_int_equal(res[0].done, res[1].done);
		assert_true((res[0].drop_reason == NULL) == (res[1].drop_reason == NULL));
		if (res[0].drop_reason)
			assert_string_equal(res[0].drop_reason, res[1].drop_reason);
	}
}

/* Software clears an LPI's pending bit in RAM: the model's copy says pending still. */
static void clear_pending_bit(struct pair *p, unsigned cpu, unsigned intid)
{
	for (int i = 0; i < 2; i++) {
		uint64_t pa = pendbase(p, i, cpu) + intid / 8, byte;

		assert_int_equal(smmuits_read(p->fp.sys[i], pa, 1, &byte, NULL), 0);
		assert_int_equal(smmuits_write(p->fp.sys[i], pa, 1, byte & ~(1u << (intid % 8)), NULL),
				 0);
	}
}

static void ack_both(struct pair *p, unsigned cpu)
{
	uint32_t id[2];
	int rc[2];

	for (int i = 0; i < 2; i++)
		rc[i] = smmuits_ack(p->fp.sys[i], cpu, &id[i]);
	assert_int_equal(rc[0], rc[1]);
	assert_int_equal(id[0], id[1]);
}

/* An ITS command on a mapped (dev, ev), only while the ITS runs (else the queue waits). */
static void its_change(struct pair *p, uint64_t r, unsigned dev, unsigned ev)
{
	if (!p->its_on || !p->mapped[dev] || !p->ev_mapped[dev][ev])
		return;
	switch ((r >> 20) % 6) {
	case 0:
		both(&p->fp, "its-cmd INV dev=%u event=%u\nits-cmd SYNC cpu=0\n", dev, ev);
		break;
	case 1:
		both(&p->fp, "its-cmd INVALL icid=%u\nits-cmd SYNC cpu=0\n", (unsigned)(r >> 24) % NCPU);
		break;
	case 2:
		both(&p->fp, "its-cmd MOVI dev=%u event=%u icid=%u\nits-cmd SYNC cpu=0\n", dev, ev,
		     (unsigned)(r >> 24) % NCPU);
		break;
	case 3:
		both(&p->fp, "its-cmd MAPC icid=%u cpu=%u\nits-cmd SYNC cpu=0\n",
		     (unsigned)(r >> 24) % NCPU, (unsigned)(r >> 28) % NCPU);
		break;
	case 4:
		both(&p->fp, "its-cmd %s dev=%u event=%u\nits-cmd SYNC cpu=0\n",
		     (r >> 24) & 1 ? "CLEAR" : "INT", dev, ev);
		break;
	default:
		both(&p->fp, "its-cmd DISCARD dev=%u event=%u\nits-cmd SYNC cpu=0\n", dev, ev);
		/* unmapped until the device is mapped again, half the time */
		if ((r >> 28) & 1) {
			p->ev_mapped[dev][ev] = false;
			break;
		}
		both(&p->fp, "its-mapti dev=%u event=%u intid=%u cpu=%u\n", dev, ev, intid_of(dev, ev),
		     (unsigned)(r >> 24) % NCPU);
		break;
	}
}

static void change_both(struct pair *p, uint64_t *rng)
{
	uint64_t r = rng_next(rng);
	bool aim = (r >> 60) & 1;
	unsigned dev = aim ? p->last_dev : (unsigned)(r % NDEV);
	unsigned ev = aim ? p->last_ev : (unsigned)((r >> 8) % NEV);
	unsigned cpu = (unsigned)((r >> 12) % NCPU);

	switch ((r >> 16) % 9) {
	case 0:
	case 1:
		ack_both(p, cpu);
		break;
	case 2:
		if (aim)
			clear_pending_bit(p, p->last_cpu, p->last_intid);
		else
			clear_pending_bit(p, cpu, intid_of(dev, ev));
		break;
	case 3: {
		static const char *const inv[] = { "none", "gicr", "its" };

		both(&p->fp, "lpi-config intid=%u enable=%u prio=%u inv=%s cpu=%u dev=%u event=%u\n",
		     intid_of(dev, ev), (unsigned)(r >> 24) % 4 != 0, (unsigned)(r >> 26) % 4 * 0x20,
		     p->its_on && p->mapped[dev] && p->ev_mapped[dev][ev] ? inv[(r >> 30) % 3]
									       : inv[(r >> 30) % 2], cpu,
		     dev, ev);
		break;
	}
	case 4:
		if (p->mapped[dev] && p->its_on && (r >> 24) % 3 == 0) {
			both(&p->fp, "its-mapd dev=%u v=0\n", dev);
			p->mapped[dev] = false;
		} else if (!p->mapped[dev] && p->its_on) {
			map_device(p, dev);
		}
		break;
	case 5:
		/* off now and then, and back on at the next chance */
		if (p->its_on && (r >> 24) % 3)
			break;
		p->its_on = !p->its_on;
		write_both(p, ITS_BASE, 4, p->its_on);
		break;
	case 6:
		if (p->lpis_on[cpu] && (r >> 24) % 3)
			break;
		p->lpis_on[cpu] = !p->lpis_on[cpu];
		write_both(p, GICR_BASE + cpu * 0x20000u, 4, p->lpis_on[cpu]);
		break;
	default:
		its_change(p, r, dev, ev);
		break;
	}
}

static void run_diff(const char *profile, uint64_t seed)
{
	struct pair p;
	struct smmuits_stats st[2];
	uint64_t rng = seed;
	static uint8_t tbl[2][0x2000];

	pair_open(&p, profile);
	for (unsigned i = 0; i < 8000; i++) {
		if (rng_next(&rng) % 12 == 0)
			change_both(&p, &rng);
		else
			msi_both(&p, &rng);
	}
	smmuits_get_stats(p.fp.sys[0], &st[0]);
	smmuits_get_stats(p.fp.sys[1], &st[1]);
	assert_memory_equal(&st[0], &st[1], sizeof(st[0]));
	for (unsigned c = 0; c < NCPU; c++) {
		for (int i = 0; i < 2; i++)
			assert_int_equal(smmuits_read_block(p.fp.sys[i], pendbase(&p, i, c), tbl[i],
							    sizeof(tbl[i])), 0);
		assert_memory_equal(tbl[0], tbl[1], sizeof(tbl[0]));
	}
	/* the fast path had something to do: many deliveries hit every cache */
	assert_true(st[0].its.lpis > 5000);
	assert_true(st[0].its.ite_hits > 8000);
	assert_true(st[0].its.ite_misses > 100);
	fast_pair_close(&p.fp);
}

static void test_its_fast_path_changes_nothing_default(void **state)
{
	(void)state;
	run_diff(NULL, 3);
	run_diff(NULL, 0x9e3779b97f4a7c15);
}

static void test_its_fast_path_changes_nothing_gem5_and_xeon(void **state)
{
	(void)state;
	run_diff("gem5", 5);
	run_diff("iommu-xeon", 13);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_its_fast_path_changes_nothing_default),
		cmocka_unit_test(test_its_fast_path_changes_nothing_gem5_and_xeon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * The host fast path (smmu/smmu_fast.c) must never change a result: two
 * systems, one with the fast path and one without, run the same random
 * mix of repeated DMA, remaps without invalidation, TLB and configuration
 * invalidations, STE rewrites and SMMU disable/enable, and must agree on
 * every transaction's outcome, address, cycles and wait, and on every
 * counter at the end.  Besides four streams of 4 KiB pages, one maps a
 * 2 MiB block, one global pages, and one 64 KiB pages under another
 * stream's ASID: the TLB probes the fast path skips (smmu_tlb.c) are the
 * ones only such entries could answer.
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

#define NSID   4    /* 4 KiB pages, ASID = StreamID */
#define NALL   7    /* and: a 2 MiB block, global pages, 64 KiB pages under ASID 1 */
#define NPAGE  8
#define IOVA   UINT64_C(0x100000)
#define PA     UINT64_C(0x40100000)

struct pair {
	struct fast_pair fp;
};

static void pair_open(struct pair *p, const char *profile)
{
	fast_pair_open(&p->fp, profile);
	both(&p->fp, "smmu-init sidbits=8\n");
	for (unsigned s = 1; s <= NSID; s++)
		both(&p->fp, "ste sid=%u config=s1\ncd sid=%u asid=%u\n"
		     "map sid=%u iova=0x%llx pa=0x%llx size=0x%x\n", s, s, s, s,
		     (unsigned long long)IOVA, (unsigned long long)(PA + 0x100000 * s),
		     NPAGE * 0x1000);
	both(&p->fp, "ste sid=5 config=s1\ncd sid=5 asid=5\n"
	     "map sid=5 iova=0 pa=0x40400000 size=0x200000\n"
	     "ste sid=6 config=s1\ncd sid=6 asid=6\n"
	     "map sid=6 iova=0x%llx pa=0x40800000 size=0x%x prot=rwg\n"
	     "ste sid=7 config=s1\ncd sid=7 asid=1 granule=64k\n"
	     "map sid=7 iova=0x%llx pa=0x40a00000 size=0x10000\n",
	     (unsigned long long)IOVA, NPAGE * 0x1000, (unsigned long long)IOVA);
}

static unsigned asid_of(unsigned sid)
{
	return sid == 7 ? 1 : sid;
}

/* One random transaction (on StreamID sid, if not 0), repeated 1 to 4 times. */
static void txn_both(struct pair *p, uint64_t *rng, unsigned sid)
{
	uint64_t r = rng_next(rng);
	uint8_t buf[2][64];
	struct smmuits_txn t = {
		.sid = 1 + (unsigned)(r % NALL), .iova = IOVA + ((r >> 8) % NPAGE) * 0x1000 +
		((r >> 16) % 64) * 64, .size = 64, .write = (r >> 24) % 4 == 0,
		.priv = (r >> 26) % 8 == 0, .exec = (r >> 29) % 16 == 0,
	};
	struct smmuits_txn_result res[2];

	if (sid)
		t.sid = sid;
	/* the block's stream roams 48 pages of it: more than a micro-TLB holds */
	if (t.sid == 5)
		t.iova = ((r >> 8) % 48) * 0x1000 + ((r >> 16) % 64) * 64;
	/* a device that repeats itself: what the fast path is for */
	for (unsigned rep = 0; rep < 1 + (r >> 33) % 4; rep++) {
		for (int i = 0; i < 2; i++) {
			memset(buf[i], 0x5a, sizeof(buf[i]));
			t.data = buf[i];
			assert_int_equal(smmuits_txn(p->fp.sys[i], &t, &res[i], NULL, 0), 0);
		}
		assert_int_equal(res[0].outcome, res[1].outcome);
		assert_int_equal(res[0].pa, res[1].pa);
		assert_int_equal(res[0].cycles, res[1].cycles);
		assert_int_equal(res[0].wait, res[1].wait);
		assert_int_equal(res[0].done, res[1].done);
		assert_int_equal(res[0].fault_type, res[1].fault_type);
		assert_memory_equal(buf[0], buf[1], sizeof(buf[0]));
	}
}

static void change_both(struct pair *p, uint64_t *rng)
{
	uint64_t r = rng_next(rng);
	unsigned sid = 1 + (unsigned)(r % NSID);
	unsigned long long va = IOVA + ((r >> 8) % NPAGE) * 0x1000;

	switch ((r >> 16) % 9) {
	case 0: /* remap without invalidation: a stale window both must agree on */
		both(&p->fp, "pte sid=%u iova=0x%llx clear=0xfffffffff000 set=0x%llx\n", sid, va,
		     (unsigned long long)(PA + 0x800000 + ((r >> 20) % 16) * 0x1000));
		break;
	case 1:
		both(&p->fp, "cmd CMD_TLBI_NH_VA asid=%u addr=0x%llx%s\nsync\n",
		     asid_of(1 + (unsigned)(r >> 32) % NALL), va, (r >> 24) & 1 ? " leaf" : "");
		break;
	case 2:
		both(&p->fp, "cmd CMD_TLBI_NH_ASID asid=%u\nsync\n",
		     asid_of(1 + (unsigned)(r >> 32) % NALL));
		break;
	case 3:
		both(&p->fp, "cmd CMD_TLBI_NSNH_ALL\nsync\n");
		break;
	case 4:
		both(&p->fp, "ste sid=%u config=%s inval=%u\n", sid,
		     (r >> 24) % 3 == 0 ? "bypass" : (r >> 24) % 3 == 1 ? "abort" : "s1",
		     (unsigned)((r >> 28) & 1));
		break;
	case 5:
		both(&p->fp, "cmd CMD_CFGI_STE sid=%u leaf\nsync\n", sid);
		break;
	case 6:
		both(&p->fp, "%s\n", (r >> 24) & 1 ? "smmu-disable" : "smmu-enable");
		break;
	case 7:
		both(&p->fp, "pte sid=%u iova=0x%llx clear=0x%x\n", sid, va, (r >> 24) & 1 ? 0x80 : 0x400);
		break;
	default:
		both(&p->fp, "cmd CMD_CFGI_ALL\nsync\n");
		break;
	}
}

static void run_diff(const char *profile, uint64_t seed)
{
	struct pair p;
	struct smmuits_stats st[2];
	uint64_t rng = seed;

	pair_open(&p, profile);
	for (unsigned i = 0; i < 6000; i++) {
		/* now and then a burst with no change: the micro-TLB fills up and evicts */
		if (i % 1000 < 150)
			txn_both(&p, &rng, 5);
		else if (rng_next(&rng) % 10 == 0)
			change_both(&p, &rng);
		else
			txn_both(&p, &rng, 0);
	}
	smmuits_get_stats(p.fp.sys[0], &st[0]);
	smmuits_get_stats(p.fp.sys[1], &st[1]);
	assert_memory_equal(&st[0], &st[1], sizeof(st[0]));
	/* the fast path did run */
	assert_true(st[0].smmu.tlb_hits > 1000);
	fast_pair_close(&p.fp);
}

static void test_fast_path_changes_nothing_default(void **state)
{
	(void)state;
	run_diff(NULL, 1);
	run_diff(NULL, 0x9e3779b97f4a7c15);
}

static void test_fast_path_changes_nothing_gem5_and_xeon(void **state)
{
	(void)state;
	run_diff("gem5", 7);
	run_diff("iommu-xeon", 11);
}

/*
 * A reset leaves stale entries in TLB memory (smmu_tlb.c clears one bit per
 * set, not the entries): after one, the same set-up and the same accesses
 * must walk again, exactly as on a fresh instance, on both systems.  (The
 * driver's smmu-init also issues CMD_TLBI_NSNH_ALL, as Linux does, so this
 * checks the reset and the invalidation of stale sets together.)
 */
static void test_reset_forgets_the_tlb(void **state)
{
	struct pair p;
	uint64_t cyc[2][2];
	uint8_t buf[64];
	struct smmuits_txn t = { .sid = 1, .iova = IOVA, .size = 64, .data = buf };

	(void)state;
	pair_open(&p, NULL);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 2; i++) {
			struct smmuits_txn_result res;

			for (int k = 0; k < 2; k++) {
				assert_int_equal(smmuits_txn(p.fp.sys[i], &t, &res, NULL, 0), 0);
				assert_int_equal(res.outcome, SMMUITS_TRANSLATED);
				cyc[round][k] = res.cycles;
			}
			/* a walk, then a hit; after the reset, the same again */
			assert_true(cyc[round][0] > cyc[round][1]);
			if (round)
				assert_memory_equal(cyc[0], cyc[1], sizeof(cyc[0]));
		}
		for (int i = 0; i < 2; i++) {
			smmuits_reset(p.fp.sys[i]);
			driver_init(&p.fp.drv[i], p.fp.sys[i]);
		}
		both(&p.fp, "smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1 asid=1\n"
		     "map sid=1 iova=0x%llx pa=0x%llx size=0x1000\n", (unsigned long long)IOVA,
		     (unsigned long long)(PA + 0x100000));
	}
	fast_pair_close(&p.fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_forgets_the_tlb),
		cmocka_unit_test(test_fast_path_changes_nothing_default),
		cmocka_unit_test(test_fast_path_changes_nothing_gem5_and_xeon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

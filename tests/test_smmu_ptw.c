/* SPDX-License-Identifier: MIT */
/*
 * The one-stage VMSAv8-64 walker (smmu__ptw_walk) on its own, reading
 * descriptors from a small in-test memory (a map of address -> descriptor)
 * through a fake smmu_ptw_io.  Arm ARM (DDI 0487) D8.2 "Translation table
 * walk", D8.3 "Translation table descriptor formats"; IHI 0070 §3.4.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "smmu/smmu_ptw.h"
#include "smmu/smmu_pte.h"

/* ---- fake descriptor memory ---- */

#define FM_MAX 256

struct fmem {
	uint64_t addr[FM_MAX], val[FM_MAX];
	unsigned n;
	uint64_t abort_addr;     /* reads and writes here fail (0: none) */
	unsigned writes;
	uint64_t next_table;     /* bump allocator for fm_map */
};

static uint64_t *fm_slot(struct fmem *m, uint64_t a, bool create)
{
	for (unsigned i = 0; i < m->n; i++)
		if (m->addr[i] == a)
			return &m->val[i];
	if (!create)
		return NULL;
	assert_true(m->n < FM_MAX);
	m->addr[m->n] = a;
	m->val[m->n] = 0;
	return &m->val[m->n++];
}

static void fm_put(struct fmem *m, uint64_t a, uint64_t d)
{
	*fm_slot(m, a, true) = d;
}

static uint64_t fm_get(struct fmem *m, uint64_t a)
{
	uint64_t *p = fm_slot(m, a, false);

	return p ? *p : 0;
}

static enum smmu_ptw_fault fm_read(void *ctx, uint64_t a, uint64_t *d)
{
	struct fmem *m = ctx;

	if (m->abort_addr && a == m->abort_addr)
		return PTW_EABT;
	*d = fm_get(m, a);
	return PTW_OK;
}

static enum smmu_ptw_fault fm_write(void *ctx, uint64_t a, uint64_t d)
{
	struct fmem *m = ctx;

	if (m->abort_addr && a == m->abort_addr)
		return PTW_EABT;
	m->writes++;
	fm_put(m, a, d);
	return PTW_OK;
}

static struct fmem *fm_new(void)
{
	struct fmem *m = test_calloc(1, sizeof(*m));

	m->next_table = UINT64_C(0x90000000); /* below 2^32, so 32-bit outputs reach it */
	return m;
}

static struct smmu_ptw_io fm_io(struct fmem *m)
{
	return (struct smmu_ptw_io){ .read = fm_read, .write = fm_write, .ctx = m };
}

/* Table and leaf descriptors, from the PTE_* declarations only. */
static uint64_t tbl(uint64_t next)
{
	return PTE_VALID | FIELD_PREP(PTE_TYPE, PTE_TYPE_TABLE) | FIELD_ADDR(PTE_TABLE_ADDR, next);
}

static uint64_t page(uint64_t oa)
{
	return PTE_VALID | FIELD_PREP(PTE_TYPE, PTE_TYPE_PAGE) | FIELD_ADDR(PTE_OA, oa) | PTE_AF;
}

static uint64_t block(uint64_t oa)
{
	return PTE_VALID | FIELD_PREP(PTE_TYPE, PTE_TYPE_BLOCK) | FIELD_ADDR(PTE_OA, oa) | PTE_AF;
}

/*
 * Build the path for ia from cfg->ttb down to leaf_level, with fresh tables
 * from the allocator; returns the address of the leaf descriptor.
 */
static uint64_t fm_map(struct fmem *m, const struct smmu_ptw_cfg *c, uint64_t ia, int leaf_level,
		       uint64_t leaf)
{
	uint64_t table = c->ttb;

	for (int level = c->start_level;; level++) {
		unsigned shift = pte_level_shift(c->pgshift, level);
		unsigned bits = level == c->start_level ? c->ias - shift : pte_stride(c->pgshift);
		uint64_t a = table + ((ia >> shift) & ((UINT64_C(1) << bits) - 1)) * 8;

		if (level == leaf_level) {
			fm_put(m, a, leaf);
			return a;
		}
		if (!(fm_get(m, a) & PTE_VALID)) {
			uint64_t g = UINT64_C(1) << c->pgshift;

			m->next_table = (m->next_table + g - 1) & ~(g - 1);
			fm_put(m, a, tbl(m->next_table));
			m->next_table += g;
		}
		table = FIELD_ADDR(PTE_TABLE_ADDR, fm_get(m, a));
	}
}

static struct smmu_ptw_cfg s1cfg(unsigned pgshift, unsigned ias)
{
	return (struct smmu_ptw_cfg){
		.pgshift = pgshift, .ias = ias, .oas = 48, .ttb = UINT64_C(0x80000000),
		.start_level = smmu__ptw_s1_start_level(pgshift, ias),
	};
}

static enum smmu_ptw_fault walk(struct fmem *m, const struct smmu_ptw_cfg *c, uint64_t ia,
				struct smmu_ptw_result *r)
{
	struct smmu_ptw_io io = fm_io(m);

	return smmu__ptw_walk(c, ia, &io, r);
}

static void expect_ok(struct fmem *m, const struct smmu_ptw_cfg *c, uint64_t ia, uint64_t oa,
		      int level, unsigned map_shift, unsigned reads)
{
	struct smmu_ptw_result r;

	assert_int_equal(walk(m, c, ia, &r), PTW_OK);
	assert_int_equal(r.fault, PTW_OK);
	if (r.oa != oa)
		fail_msg("ia 0x%llx -> oa 0x%llx, expected 0x%llx", (unsigned long long)ia,
			 (unsigned long long)r.oa, (unsigned long long)oa);
	assert_int_equal(r.level, level);
	assert_int_equal(r.map_shift, map_shift);
	assert_int_equal(r.reads, reads);
}

static void expect_fault(struct fmem *m, const struct smmu_ptw_cfg *c, uint64_t ia,
			 enum smmu_ptw_fault f, int level)
{
	struct smmu_ptw_result r;

	assert_int_equal(walk(m, c, ia, &r), f);
	assert_int_equal(r.fault, f);
	assert_int_equal(r.level, level);
}

/* ---- hand-built walks: every address below is worked out by hand ---- */

static void test_ptw_4k_4level_page_hand_built(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 48);
	struct smmu_ptw_result r;
	/* 4K: L0 index VA[47:39]=1, L1 VA[38:30]=2, L2 VA[29:21]=3, L3 VA[20:12]=4, offset 0xabc */
	uint64_t va = (UINT64_C(1) << 39) | (UINT64_C(2) << 30) | (UINT64_C(3) << 21) |
		      (UINT64_C(4) << 12) | 0xabc;

	(void)state;
	assert_int_equal(c.start_level, 0); /* 48 bits - 12 = 36 = 4 levels of 9 */
	fm_put(m, 0x80000000 + 1 * 8, tbl(0x81000000));
	fm_put(m, 0x81000000 + 2 * 8, tbl(0x82000000));
	fm_put(m, 0x82000000 + 3 * 8, tbl(0x83000000));
	fm_put(m, 0x83000000 + 4 * 8, page(0x12345000));
	assert_int_equal(walk(m, &c, va, &r), PTW_OK);
	assert_int_equal(r.oa, 0x12345abc);
	assert_int_equal(r.level, 3);
	assert_int_equal(r.map_shift, 12);
	assert_int_equal(r.desc_addr, 0x83000020);
	assert_int_equal(r.desc, page(0x12345000));
	assert_int_equal(r.reads, 4);
	test_free(m);
}

static void test_ptw_16k_4level_page_hand_built(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(14, 48);
	struct smmu_ptw_result r;
	/* 16K: level 0 indexes VA[47] (1 bit), L1 VA[46:36], L2 VA[35:25], L3 VA[24:14] */
	uint64_t va = (UINT64_C(1) << 47) | (UINT64_C(5) << 36) | (UINT64_C(6) << 25) |
		      (UINT64_C(7) << 14) | 0x1234;

	(void)state;
	assert_int_equal(c.start_level, 0); /* 48 - 14 = 34 bits: 1 + 3 * 11 */
	fm_put(m, 0x80000000 + 1 * 8, tbl(0x81000000));
	fm_put(m, 0x81000000 + 5 * 8, tbl(0x82000000));
	fm_put(m, 0x82000000 + 6 * 8, tbl(0x83000000));
	fm_put(m, 0x83000000 + 7 * 8, page(0x4000c000));
	assert_int_equal(walk(m, &c, va, &r), PTW_OK);
	/* the 16K page at 0x4000c000 plus offset VA[13:0] = 0x1234 */
	assert_int_equal(r.oa, 0x4000d234);
	assert_int_equal(r.desc_addr, 0x83000038);
	assert_int_equal(r.map_shift, 14);
	assert_int_equal(r.reads, 4);
	test_free(m);
}

static void test_ptw_64k_3level_page_hand_built(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(16, 48);
	struct smmu_ptw_result r;
	/* 64K: L1 indexes VA[47:42] (6 bits), L2 VA[41:29], L3 VA[28:16] */
	uint64_t va = (UINT64_C(0x21) << 42) | (UINT64_C(0x1001) << 29) | (UINT64_C(0x10) << 16) |
		      0xfedc;

	(void)state;
	assert_int_equal(c.start_level, 1); /* 48 - 16 = 32 bits: 6 + 2 * 13 */
	fm_put(m, 0x80000000 + 0x21 * 8, tbl(0x81000000));
	fm_put(m, 0x81000000 + 0x1001 * 8, tbl(0x82000000));
	fm_put(m, 0x82000000 + 0x10 * 8, page(0x50010000));
	assert_int_equal(walk(m, &c, va, &r), PTW_OK);
	assert_int_equal(r.oa, 0x5001fedc);
	assert_int_equal(r.desc_addr, 0x82000080);
	assert_int_equal(r.map_shift, 16);
	assert_int_equal(r.reads, 3);
	test_free(m);
}

/* ---- every start level each granule allows ---- */

static void start_levels_case(unsigned pgshift, const unsigned *ias_list, const int *levels,
			      unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct fmem *m = fm_new();
		struct smmu_ptw_cfg c = s1cfg(pgshift, ias_list[i]);
		/* the top input bit set, so the start level's highest index is used */
		uint64_t va = (UINT64_C(1) << (ias_list[i] - 1)) | (UINT64_C(3) << pgshift) | 0x18;

		assert_int_equal(c.start_level, levels[i]);
		fm_map(m, &c, va, 3, page(0x7770000 << (pgshift - 12)));
		/* one read per level from the start level to level 3 */
		expect_ok(m, &c, va, (UINT64_C(0x7770000) << (pgshift - 12)) | 0x18, 3, pgshift,
			  (unsigned)(4 - levels[i]));
		test_free(m);
	}
}

static void test_ptw_4k_every_start_level(void **state)
{
	/* 4K: 9 bits a level above a 12-bit page: 48 -> L0, 39 -> L1, 30 -> L2, 21 -> L3 */
	static const unsigned ias[] = { 48, 40, 39, 31, 30, 22, 21 };
	static const int lvl[] = { 0, 0, 1, 1, 2, 2, 3 };

	(void)state;
	start_levels_case(12, ias, lvl, 7);
}

static void test_ptw_16k_every_start_level(void **state)
{
	/* 16K: 11 bits a level above 14: 48 -> L0 (1 bit), 47/37 -> L1, 36/26 -> L2, 25 -> L3 */
	static const unsigned ias[] = { 48, 47, 37, 36, 26, 25 };
	static const int lvl[] = { 0, 1, 1, 2, 2, 3 };

	(void)state;
	start_levels_case(14, ias, lvl, 6);
}

static void test_ptw_64k_every_start_level(void **state)
{
	/* 64K: 13 bits a level above 16: 48 -> L1 (6 bits), 42 -> L2 (2 levels), 29 -> L3 */
	static const unsigned ias[] = { 48, 43, 42, 30, 29 };
	static const int lvl[] = { 1, 1, 2, 2, 3 };

	(void)state;
	start_levels_case(16, ias, lvl, 5);
}

static void test_ptw_s1_start_level_table(void **state)
{
	static const struct { unsigned pgshift, ias; int level; } t[] = {
		/* Arm ARM D8.2: levels = ceil((ias - pgshift) / (pgshift - 3)), start = 4 - levels */
		{ 12, 48, 0 }, { 12, 44, 0 }, { 12, 40, 0 }, { 12, 39, 1 }, { 12, 36, 1 },
		{ 12, 32, 1 }, { 12, 31, 1 }, { 12, 30, 2 }, { 12, 25, 2 }, { 12, 22, 2 },
		{ 12, 21, 3 }, { 12, 16, 3 },
		{ 14, 48, 0 }, { 14, 47, 1 }, { 14, 40, 1 }, { 14, 37, 1 }, { 14, 36, 2 },
		{ 14, 35, 2 }, { 14, 32, 2 }, { 14, 26, 2 }, { 14, 25, 3 }, { 14, 20, 3 },
		{ 16, 52, 1 }, { 16, 48, 1 }, { 16, 43, 1 }, { 16, 42, 2 }, { 16, 39, 2 },
		{ 16, 32, 2 }, { 16, 30, 2 }, { 16, 29, 3 }, { 16, 25, 3 },
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int got = smmu__ptw_s1_start_level(t[i].pgshift, t[i].ias);

		if (got != t[i].level)
			fail_msg("granule 2^%u ias %u: start level %d, expected %d", t[i].pgshift,
				 t[i].ias, got, t[i].level);
	}
}

static void test_ptw_64k_two_level_walk(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(16, 42);
	uint64_t va = UINT64_C(0x3ff12345678);

	(void)state;
	/* 42 - 16 = 26 bits = 2 levels of 13: L2 then L3 */
	assert_int_equal(c.start_level, 2);
	fm_map(m, &c, va, 3, page(0x90000000));
	expect_ok(m, &c, va, 0x90005678, 3, 16, 2);
	test_free(m);
}

/* ---- blocks ---- */

static void test_ptw_4k_l1_block_1g(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 48);
	uint64_t va = UINT64_C(0x0000004056789abc);

	(void)state;
	fm_map(m, &c, va, 1, block(0xc0000000));
	/* a level-1 block maps 1 GiB: OA[47:30] from the descriptor, VA[29:0] kept */
	expect_ok(m, &c, va, 0xc0000000 + (va & 0x3fffffff), 1, 30, 2);
	test_free(m);
}

static void test_ptw_4k_l2_block_2m(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 39);
	uint64_t va = UINT64_C(0x12345678);

	(void)state;
	fm_map(m, &c, va, 2, block(0x40200000));
	/* level-2 block: 2 MiB, VA[20:0] kept; start level 1, so 2 reads */
	expect_ok(m, &c, va, 0x40200000 | (va & 0x1fffff), 2, 21, 2);
	test_free(m);
}

static void test_ptw_16k_l2_block_32m(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(14, 47);
	uint64_t va = UINT64_C(0x7654321abcd);

	(void)state;
	fm_map(m, &c, va, 2, block(0x46000000));
	/* 16K level 2 maps 2^25 = 32 MiB */
	expect_ok(m, &c, va, 0x46000000 | (va & 0x1ffffff), 2, 25, 2);
	test_free(m);
}

static void test_ptw_64k_l2_block_512m(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(16, 48);
	uint64_t va = UINT64_C(0x123456789abc);

	(void)state;
	fm_map(m, &c, va, 2, block(0x60000000));
	/* 64K level 2 maps 2^29 = 512 MiB */
	expect_ok(m, &c, va, 0x60000000 | (va & 0x1fffffff), 2, 29, 2);
	test_free(m);
}

static void test_ptw_block_where_not_allowed_is_translation(void **state)
{
	(void)state;
	{
		/* 4K level 0: no block (D8.3.1: 4K blocks at levels 1 and 2 only) */
		struct fmem *m = fm_new();
		struct smmu_ptw_cfg c = s1cfg(12, 48);

		fm_map(m, &c, 0x1000, 0, block(0));
		expect_fault(m, &c, 0x1000, PTW_TRANSLATION, 0);
		test_free(m);
	}
	{
		/* 16K level 1: no block without FEAT_LPA2 (DS) */
		struct fmem *m = fm_new();
		struct smmu_ptw_cfg c = s1cfg(14, 47);

		fm_map(m, &c, 0x1000, 1, block(0));
		expect_fault(m, &c, 0x1000, PTW_TRANSLATION, 1);
		test_free(m);
	}
	{
		/* 64K level 1 with a 48-bit output: a 4 TiB block needs 52-bit PA (FEAT_LPA) */
		struct fmem *m = fm_new();
		struct smmu_ptw_cfg c = s1cfg(16, 48);

		fm_map(m, &c, 0x1000, 1, block(0));
		expect_fault(m, &c, 0x1000, PTW_TRANSLATION, 1);
		test_free(m);
	}
}

static void test_ptw_64k_l1_block_with_52bit_oa(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(16, 52);
	/* OA[51:48] = 0x3 lives in descriptor bits [15:12] for the 64K granule */
	uint64_t d = block(UINT64_C(0x40000000000)) | FIELD_PREP(PTE_OA_52_64K, 3);
	uint64_t va = UINT64_C(0x3456789abcd);

	(void)state;
	c.oas = 52;
	assert_int_equal(c.start_level, 1); /* 52 - 16 = 36 = 10 + 2 * 13 */
	fm_map(m, &c, va, 1, d);
	/* a level-1 block maps 2^42 = 4 TiB: OA = 0x3 << 48 | 0x400_0000_0000 | VA[41:0] */
	expect_ok(m, &c, va, (UINT64_C(3) << 48) | UINT64_C(0x40000000000) | (va & 0x3ffffffffff), 1,
		  42, 1);
	test_free(m);
}

static void test_ptw_64k_52bit_table_and_page_addresses(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(16, 48);
	struct smmu_ptw_result r;
	/* tables and page above 2^48: addresses [51:48] in descriptor bits [15:12] */
	uint64_t t2 = (UINT64_C(0xa) << 48) | 0x10000, t3 = (UINT64_C(0xb) << 48) | 0x20000;
	uint64_t va = (UINT64_C(2) << 42) | (UINT64_C(3) << 29) | (UINT64_C(4) << 16) | 0x44;

	(void)state;
	c.oas = 52;
	fm_put(m, 0x80000000 + 2 * 8, tbl(t2 & GENMASK64(47, 0)) | FIELD_PREP(PTE_OA_52_64K, 0xa));
	fm_put(m, t2 + 3 * 8, tbl(t3 & GENMASK64(47, 0)) | FIELD_PREP(PTE_OA_52_64K, 0xb));
	fm_put(m, t3 + 4 * 8, page(0x70000) | FIELD_PREP(PTE_OA_52_64K, 0xc));
	assert_int_equal(walk(m, &c, va, &r), PTW_OK);
	assert_int_equal(r.oa, (UINT64_C(0xc) << 48) | 0x70044);
	assert_int_equal(r.desc_addr, t3 + 0x20);
	/* the same tables with a 48-bit output: bits [15:12] are not address bits, so the walk reads t2 & 2^48-1 (empty) */
	c.oas = 48;
	expect_fault(m, &c, va, PTW_TRANSLATION, 2);
	test_free(m);
}

/* ---- translation faults ---- */

static void test_ptw_level3_type0_is_translation(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 48);

	(void)state;
	/* D8.3: at level 3, descriptor bits[1:0] = 0b01 are reserved: Translation fault */
	fm_map(m, &c, 0x5000, 3, page(0x5000) & ~PTE_TYPE);
	expect_fault(m, &c, 0x5000, PTW_TRANSLATION, 3);
	test_free(m);
}

static void test_ptw_invalid_descriptor_at_each_level(void **state)
{
	(void)state;
	for (int lvl = 0; lvl <= 3; lvl++) {
		struct fmem *m = fm_new();
		struct smmu_ptw_cfg c = s1cfg(12, 48);
		struct smmu_ptw_result r;
		uint64_t va = UINT64_C(0x123456789000);

		/* build the whole path, then knock out the descriptor at level lvl */
		fm_map(m, &c, va, 3, page(0x9000));
		uint64_t a = c.ttb;
		for (int l = 0; l < lvl; l++) {
			unsigned shift = pte_level_shift(12, l);

			a = FIELD_ADDR(PTE_TABLE_ADDR, fm_get(m, a + ((va >> shift) & 0x1ff) * 8));
		}
		a += ((va >> pte_level_shift(12, lvl)) & 0x1ff) * 8;
		fm_put(m, a, fm_get(m, a) & ~PTE_VALID);
		assert_int_equal(walk(m, &c, va, &r), PTW_TRANSLATION);
		assert_int_equal(r.level, lvl);
		assert_int_equal(r.reads, (unsigned)lvl + 1); /* stopped at the invalid one */
		test_free(m);
	}
}

static void test_ptw_input_beyond_ias_is_translation(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 39);
	struct smmu_ptw_result r;

	(void)state;
	fm_map(m, &c, 0x1000, 3, page(0x1000));
	/* bit 39 is beyond a 39-bit input: Translation fault before any read */
	assert_int_equal(walk(m, &c, (UINT64_C(1) << 39) | 0x1000, &r), PTW_TRANSLATION);
	assert_int_equal(r.reads, 0);
	assert_int_equal(r.level, 1);
	expect_ok(m, &c, 0x1000, 0x1000, 3, 12, 3);
	test_free(m);
}

/* ---- address size faults ---- */

static void test_ptw_ttb_beyond_oas_is_addr_size(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 39);
	struct smmu_ptw_result r;

	(void)state;
	c.oas = 40;
	c.ttb = UINT64_C(1) << 40;
	assert_int_equal(walk(m, &c, 0x1000, &r), PTW_ADDR_SIZE);
	assert_int_equal(r.reads, 0);
	test_free(m);
}

static void test_ptw_table_address_beyond_oas_is_addr_size(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 48);
	struct smmu_ptw_result r;

	(void)state;
	c.oas = 40;
	/* level 0 table descriptor pointing at 2^41 with a 40-bit output: Address Size at level 0 */
	fm_put(m, c.ttb, tbl(UINT64_C(1) << 41));
	assert_int_equal(walk(m, &c, 0x1000, &r), PTW_ADDR_SIZE);
	assert_int_equal(r.level, 0);
	assert_int_equal(r.reads, 1);
	/* 2^40 - 4K fits */
	fm_put(m, c.ttb, tbl((UINT64_C(1) << 40) - 0x1000));
	assert_int_equal(walk(m, &c, 0x1000, &r), PTW_TRANSLATION); /* empty next table */
	assert_int_equal(r.level, 1);
	test_free(m);
}

static void test_ptw_output_beyond_oas_is_addr_size(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 39);
	struct smmu_ptw_result r;

	(void)state;
	c.oas = 32;
	fm_map(m, &c, 0x2000, 3, page(UINT64_C(0x100000000)));
	fm_map(m, &c, 0x3000, 3, page(UINT64_C(0xfffff000)));
	assert_int_equal(walk(m, &c, 0x2000, &r), PTW_ADDR_SIZE);
	assert_int_equal(r.level, 3);
	expect_ok(m, &c, 0x3000, 0xfffff000, 3, 12, 3);
	/* a 2 MiB block output beyond 32 bits, too */
	fm_map(m, &c, 0x40000000, 2, block(UINT64_C(0x200000000)));
	expect_fault(m, &c, 0x40000000, PTW_ADDR_SIZE, 2);
	test_free(m);
}

/* ---- access flag ---- */

static void test_ptw_af0_access_fault_unless_affd_or_ha(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 39);
	struct smmu_ptw_result r;

	(void)state;
	fm_map(m, &c, 0x4000, 3, page(0x4000) & ~PTE_AF);
	expect_fault(m, &c, 0x4000, PTW_ACCESS, 3);
	/* AFFD: AF treated as 1, no fault; memory untouched (the walker never writes) */
	c.affd = true;
	expect_ok(m, &c, 0x4000, 0x4000, 3, 12, 3);
	/* HA: no fault; the caller sets AF with smmu__ptw_update */
	c.affd = false;
	c.ha = true;
	assert_int_equal(walk(m, &c, 0x4000, &r), PTW_OK);
	assert_int_equal(m->writes, 0);
	assert_int_equal(r.desc & PTE_AF, 0);
	/* Address Size is checked before the access flag (IHI 0070 §7.3.22 fault order) */
	c.ha = false;
	c.oas = 32;
	fm_map(m, &c, 0x5000, 3, page(UINT64_C(0x100005000)) & ~PTE_AF);
	expect_fault(m, &c, 0x5000, PTW_ADDR_SIZE, 3);
	test_free(m);
}

/* ---- fetch aborts ---- */

static void test_ptw_fetch_abort_reports_fetch_addr(void **state)
{
	(void)state;
	for (int lvl = 0; lvl <= 3; lvl++) {
		struct fmem *m = fm_new();
		struct smmu_ptw_cfg c = s1cfg(12, 48);
		struct smmu_ptw_result r;
		uint64_t va = UINT64_C(0x7f0102030000);
		uint64_t a = c.ttb;

		fm_map(m, &c, va, 3, page(0x9000));
		for (int l = 0; l < lvl; l++)
			a = FIELD_ADDR(PTE_TABLE_ADDR,
				       fm_get(m, a + ((va >> pte_level_shift(12, l)) & 0x1ff) * 8));
		a += ((va >> pte_level_shift(12, lvl)) & 0x1ff) * 8;
		m->abort_addr = a;
		assert_int_equal(walk(m, &c, va, &r), PTW_EABT);
		assert_int_equal(r.fetch_addr, a);
		assert_int_equal(r.level, lvl);
		test_free(m);
	}
}

/* ---- stage 2 concatenated start tables ---- */

static void test_ptw_s2_concatenated_4k_ias40_level1(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = {
		.stage2 = true, .pgshift = 12, .start_level = 1, .ias = 40, .oas = 48,
		.ttb = UINT64_C(0x80000000),
	};
	struct smmu_ptw_result r;
	/*
	 * Level 1 resolves IPA[39:30]: 10 bits, one more than a 4K table holds, so two
	 * concatenated 4K tables (Arm ARM D8.2.x "Concatenated translation tables").
	 * IPA bit 39 selects the second table: index 512 + IPA[38:30].
	 */
	uint64_t ipa = (UINT64_C(1) << 39) | (UINT64_C(5) << 30) | 0x1000;

	(void)state;
	fm_put(m, 0x80000000 + (512 + 5) * 8, tbl(0x81000000));
	fm_put(m, 0x81000000 + 0, tbl(0x82000000));
	fm_put(m, 0x82000000 + 1 * 8, page(0x77000));
	assert_int_equal(walk(m, &c, ipa, &r), PTW_OK);
	assert_int_equal(r.oa, 0x77000);
	assert_int_equal(r.reads, 3);
	/* the descriptor for IPA 5 << 30 without bit 39 is at index 5 of the first table */
	assert_int_equal(walk(m, &c, (UINT64_C(5) << 30) | 0x1000, &r), PTW_TRANSLATION);
	assert_int_equal(r.fetch_addr, 0x80000000 + 5 * 8);
	/* bit 40 is beyond the 40-bit IPA range */
	assert_int_equal(walk(m, &c, UINT64_C(1) << 40, &r), PTW_TRANSLATION);
	assert_int_equal(r.reads, 0);
	test_free(m);
}

static void test_ptw_s2_concatenated_16_tables_64k(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = {
		.stage2 = true, .pgshift = 16, .start_level = 2, .ias = 46, .oas = 48,
		.ttb = UINT64_C(0x80000000),
	};
	struct smmu_ptw_result r;
	/* level 2 resolves IPA[45:29]: 17 bits = 13 + 4, sixteen concatenated 64K tables */
	uint64_t ipa = (UINT64_C(0x1ffff) << 29) | 0x12345;

	(void)state;
	fm_put(m, 0x80000000 + UINT64_C(0x1ffff) * 8, tbl(0x90000000));
	fm_put(m, 0x90000000 + 1 * 8, page(0xa0000000));
	assert_int_equal(walk(m, &c, ipa, &r), PTW_OK);
	assert_int_equal(r.oa, 0xa0002345);
	/* the last descriptor sits at 0x80000000 + 0x1ffff * 8 = 0x800ffff8 */
	assert_int_equal(r.reads, 2);
	test_free(m);
}

/* ---- hierarchical attributes ---- */

static void test_ptw_table_attrs_accumulate(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 48);
	struct smmu_ptw_result r;
	uint64_t va = UINT64_C(0x1000);

	(void)state;
	/* L0: APTable=01 (no EL0); L1: XNTable; L2: PXNTable and APTable=10 (read-only) */
	fm_put(m, c.ttb, tbl(0x81000000) | FIELD_PREP(PTE_TABLE_AP, PTE_APTABLE_NO_EL0));
	fm_put(m, 0x81000000, tbl(0x82000000) | PTE_TABLE_XN);
	fm_put(m, 0x82000000, tbl(0x83000000) | PTE_TABLE_PXN |
				  FIELD_PREP(PTE_TABLE_AP, PTE_APTABLE_RO));
	fm_put(m, 0x83000000 + 8, page(0x1000));
	assert_int_equal(walk(m, &c, va, &r), PTW_OK);
	/* APTable bits OR together along the walk: 01 | 10 = 11 */
	assert_int_equal(r.aptable, PTE_APTABLE_NO_EL0 | PTE_APTABLE_RO);
	assert_true(r.xntable);
	assert_true(r.pxntable);
	/* none set: nothing accumulated */
	fm_put(m, c.ttb, tbl(0x81000000));
	fm_put(m, 0x81000000, tbl(0x82000000));
	fm_put(m, 0x82000000, tbl(0x83000000));
	assert_int_equal(walk(m, &c, va, &r), PTW_OK);
	assert_int_equal(r.aptable, 0);
	assert_false(r.xntable);
	assert_false(r.pxntable);
	test_free(m);
}

static void test_ptw_s2_ignores_table_attrs(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = {
		.stage2 = true, .pgshift = 12, .start_level = 1, .ias = 39, .oas = 48,
		.ttb = UINT64_C(0x80000000),
	};
	struct smmu_ptw_result r;

	(void)state;
	/* stage-2 table descriptors have no APTable/XNTable/PXNTable (bits [63:59] IGNORED) */
	fm_put(m, c.ttb, tbl(0x81000000) | FIELD_PREP(PTE_TABLE_AP, 3) | PTE_TABLE_XN |
			     PTE_TABLE_PXN);
	fm_put(m, 0x81000000, tbl(0x82000000) | PTE_TABLE_XN);
	fm_put(m, 0x82000000 + 8, page(0x1000));
	assert_int_equal(walk(m, &c, 0x1000, &r), PTW_OK);
	assert_int_equal(r.aptable, 0);
	assert_false(r.xntable);
	assert_false(r.pxntable);
	test_free(m);
}

/* ---- write back ---- */

static void test_ptw_update_writes_back(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 39);
	struct smmu_ptw_io io = fm_io(m);
	struct smmu_ptw_result r;
	uint64_t a;

	(void)state;
	c.ha = true;
	a = fm_map(m, &c, 0x6000, 3, page(0x6000) & ~PTE_AF);
	assert_int_equal(walk(m, &c, 0x6000, &r), PTW_OK);
	assert_int_equal(r.desc_addr, a);
	/* an unchanged descriptor is not written */
	assert_int_equal(smmu__ptw_update(&io, &r, r.desc), PTW_OK);
	assert_int_equal(m->writes, 0);
	assert_int_equal(smmu__ptw_update(&io, &r, r.desc | PTE_AF), PTW_OK);
	assert_int_equal(m->writes, 1);
	assert_int_equal(fm_get(m, a), page(0x6000));
	assert_int_equal(r.desc, page(0x6000));
	test_free(m);
}

static void test_ptw_update_failure_reports_desc_addr(void **state)
{
	struct fmem *m = fm_new();
	struct smmu_ptw_cfg c = s1cfg(12, 39);
	struct smmu_ptw_io io = fm_io(m);
	struct smmu_ptw_result r;
	uint64_t a;

	(void)state;
	c.ha = true;
	a = fm_map(m, &c, 0x6000, 3, page(0x6000) & ~PTE_AF);
	assert_int_equal(walk(m, &c, 0x6000, &r), PTW_OK);
	m->abort_addr = a;
	assert_int_equal(smmu__ptw_update(&io, &r, r.desc | PTE_AF), PTW_EABT);
	assert_int_equal(r.fetch_addr, a);
	/* the descriptor in memory and in the result are unchanged */
	assert_int_equal(fm_get(m, a), page(0x6000) & ~PTE_AF);
	assert_int_equal(r.desc & PTE_AF, 0);
	test_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ptw_4k_4level_page_hand_built),
		cmocka_unit_test(test_ptw_16k_4level_page_hand_built),
		cmocka_unit_test(test_ptw_64k_3level_page_hand_built),
		cmocka_unit_test(test_ptw_4k_every_start_level),
		cmocka_unit_test(test_ptw_16k_every_start_level),
		cmocka_unit_test(test_ptw_64k_every_start_level),
		cmocka_unit_test(test_ptw_s1_start_level_table),
		cmocka_unit_test(test_ptw_64k_two_level_walk),
		cmocka_unit_test(test_ptw_4k_l1_block_1g),
		cmocka_unit_test(test_ptw_4k_l2_block_2m),
		cmocka_unit_test(test_ptw_16k_l2_block_32m),
		cmocka_unit_test(test_ptw_64k_l2_block_512m),
		cmocka_unit_test(test_ptw_block_where_not_allowed_is_translation),
		cmocka_unit_test(test_ptw_64k_l1_block_with_52bit_oa),
		cmocka_unit_test(test_ptw_64k_52bit_table_and_page_addresses),
		cmocka_unit_test(test_ptw_level3_type0_is_translation),
		cmocka_unit_test(test_ptw_invalid_descriptor_at_each_level),
		cmocka_unit_test(test_ptw_input_beyond_ias_is_translation),
		cmocka_unit_test(test_ptw_ttb_beyond_oas_is_addr_size),
		cmocka_unit_test(test_ptw_table_address_beyond_oas_is_addr_size),
		cmocka_unit_test(test_ptw_output_beyond_oas_is_addr_size),
		cmocka_unit_test(test_ptw_af0_access_fault_unless_affd_or_ha),
		cmocka_unit_test(test_ptw_fetch_abort_reports_fetch_addr),
		cmocka_unit_test(test_ptw_s2_concatenated_4k_ias40_level1),
		cmocka_unit_test(test_ptw_s2_concatenated_16_tables_64k),
		cmocka_unit_test(test_ptw_table_attrs_accumulate),
		cmocka_unit_test(test_ptw_s2_ignores_table_attrs),
		cmocka_unit_test(test_ptw_update_writes_back),
		cmocka_unit_test(test_ptw_update_failure_reports_desc_addr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

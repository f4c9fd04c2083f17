/* SPDX-License-Identifier: MIT */
/*
 * The translation-table builder: the exact descriptors it writes, read back
 * from memory through the public API at hand-computed addresses.
 *
 * Every system is qemu-virt (RAM 0x40000000..0x7fffffff) with a bump
 * allocator starting at RAM_BASE, so tables land at predictable addresses:
 * the root first, then one granule per intermediate table in the order the
 * walk needs them.
 *
 * Descriptor arithmetic used below (smmu/smmu_pte.h):
 *   stage 1 page, RW, unprivileged, no exec:
 *     VALID|TYPE 0x3 + AP=01 0x40 + SH=11 0x300 + AF 0x400 + nG 0x800 = 0xf43,
 *     UXN (54) + PXN (53) = 0x0060000000000000
 *   stage 1 block: the same with TYPE=0 (0xf41)
 *   stage 2 page, RW, no exec:
 *     VALID|TYPE 0x3 + MemAttr=1111 0x3c + S2AP=11 0xc0 + SH 0x300 + AF 0x400 = 0x7ff,
 *     XN=0b10 (bit 54) = 0x0040000000000000
 *   table: VALID|TYPE 0x3 | next table address
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "harness/pgtable.h"
#include "smmu/smmu_pte.h"

#define RAM_BASE  UINT64_C(0x40000000)
#define RAM_END   UINT64_C(0x80000000)

#define S1_PAGE_RW  UINT64_C(0x0060000000000f43)
#define S1_BLOCK_RW UINT64_C(0x0060000000000f41)
#define S2_PAGE_RW  UINT64_C(0x00400000000007ff)
#define S2_BLOCK_RW UINT64_C(0x00400000000007fd)
#define TABLE       UINT64_C(0x3)

#define RW (PGTABLE_READ | PGTABLE_WRITE)

struct bump {
	uint64_t next, end;
	unsigned calls;
	uint64_t last_size, last_align;
};

struct fx {
	struct smmuits *sys;
	struct bump heap;
	struct pgtable pt;
	struct sm_err err;
};

static int bump_alloc(void *ctx, uint64_t size, uint64_t align, uint64_t *pa, struct sm_err *err)
{
	struct bump *b = ctx;
	uint64_t at = (b->next + align - 1) & ~(align - 1);

	if (at + size > b->end)
		return sm_err_set(err, SM_ENOMEM, "bump: out of table memory");
	*pa = at;
	b->next = at + size;
	b->calls++;
	b->last_size = size;
	b->last_align = align;
	return SM_OK;
}

static int setup(void **state)
{
	static struct fx f;
	char err[128];

	memset(&f, 0, sizeof(f));
	if (smmuits_create(NULL, &f.sys, err, sizeof(err)))
		return -1;
	f.heap = (struct bump){ .next = RAM_BASE, .end = RAM_END };
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	smmuits_destroy(f->sys);
	return 0;
}

static void init(struct fx *f, bool stage2, unsigned pgshift, unsigned ias)
{
	assert_int_equal(pgtable_init(&f->pt, f->sys, stage2, pgshift, ias, 40, bump_alloc,
				      &f->heap, &f->err), SM_OK);
}

static void map(struct fx *f, uint64_t iova, uint64_t pa, uint64_t size, unsigned prot)
{
	int rc = pgtable_map(&f->pt, iova, pa, size, prot, &f->err);

	if (rc)
		fail_msg("%s", f->err.msg);
}

static int map_fails(struct fx *f, uint64_t iova, uint64_t pa, uint64_t size, unsigned prot,
		     const char *what)
{
	int rc = pgtable_map(&f->pt, iova, pa, size, prot, &f->err);

	assert_int_not_equal(rc, SM_OK);
	if (!strstr(f->err.msg, what))
		fail_msg("expected '%s' in '%s'", what, f->err.msg);
	return rc;
}

/* A descriptor read back independently of the builder's own reader. */
static uint64_t mem64(struct fx *f, uint64_t pa)
{
	uint8_t b[8];
	uint64_t v = 0;

	assert_int_equal(smmuits_read_block(f->sys, pa, b, 8), SM_OK);
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

/* ---- geometry and the 4K granule ---- */

static void test_pgtable_4k_ias39_three_level_page(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	assert_int_equal(f->pt.start_level, 1);        /* 39 - 12 = 27 bits = 3 levels of 9 */
	assert_int_equal(f->pt.start_tables, 1);
	assert_int_equal(f->pt.root, RAM_BASE);
	assert_int_equal(f->heap.last_size, 0x1000);   /* level 1 indexes 9 bits: a full table */
	assert_int_equal(pgtable_t0sz(&f->pt), 25);
	assert_int_equal(pgtable_s2_sl0(&f->pt), -1);  /* stage 1 has no SL0 */

	/* iova 0x40_1234_5000: L1 index 0x100 (bit 38), L2 0x91, L3 0x145 */
	map(f, UINT64_C(0x4012345000), 0x50000000, 0x1000, RW);
	assert_int_equal(f->heap.calls, 3);            /* root, L2, L3 */
	/* root + 0x100 * 8 -> L2 table at the next granule */
	assert_int_equal(mem64(f, 0x40000800), 0x40001000 | TABLE);
	/* L2 + 0x91 * 8 = +0x488 -> L3 table */
	assert_int_equal(mem64(f, 0x40001488), 0x40002000 | TABLE);
	/* L3 + 0x145 * 8 = +0xa28 */
	assert_int_equal(mem64(f, 0x40002a28), S1_PAGE_RW | 0x50000000);
	/* neighbours untouched */
	assert_int_equal(mem64(f, 0x40002a20), 0);
	assert_int_equal(mem64(f, 0x40002a30), 0);
}

static void test_pgtable_4k_ias48_four_level_page(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 48);
	assert_int_equal(f->pt.start_level, 0);        /* 36 bits = 4 levels of 9 */
	assert_int_equal(pgtable_t0sz(&f->pt), 16);
	/* iova 0x8040_2010_1000: L0 0x100 (bit 47), L1 0x100 (bit 38), L2 0x100 (bit 29), L3 0x101 */
	map(f, UINT64_C(0x804020101000), 0x50001000, 0x1000, RW);
	assert_int_equal(mem64(f, 0x40000800), 0x40001000 | TABLE);
	assert_int_equal(mem64(f, 0x40001800), 0x40002000 | TABLE);
	assert_int_equal(mem64(f, 0x40002800), 0x40003000 | TABLE);
	assert_int_equal(mem64(f, 0x40003808), S1_PAGE_RW | 0x50001000); /* 0x101 * 8 = 0x808 */
}

static void test_pgtable_4k_2m_block_at_level2(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	/* iova 0x4020_0000: L1 index 1, L2 index 1 */
	map(f, 0x40200000, 0x60200000, 0x200000, RW);
	assert_int_equal(f->heap.calls, 2);            /* root and one L2 table, no L3 */
	assert_int_equal(mem64(f, 0x40000008), 0x40001000 | TABLE);
	assert_int_equal(mem64(f, 0x40001008), S1_BLOCK_RW | 0x60200000);
}

static void test_pgtable_4k_1g_block_at_level1(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	map(f, 0x80000000, 0xc0000000, 0x40000000, RW);
	assert_int_equal(f->heap.calls, 1);            /* the block sits in the root */
	assert_int_equal(mem64(f, 0x40000010), S1_BLOCK_RW | 0xc0000000); /* L1 index 2 */
}

static void test_pgtable_map_uses_largest_block_per_alignment(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	/*
	 * [0x3fdff000, +0x40202000): a page, a 2M block at 0x3fe00000 (2M but
	 * not 1G aligned), a 1G block at 0x40000000, a page at 0x80000000.
	 * pa = iova + 0x1_0000_0000 keeps iova and pa equally aligned.
	 */
	map(f, 0x3fdff000, UINT64_C(0x13fdff000), 0x40202000, RW);
	/* L1[0] -> L2 0x40001000; L2[0x1fe] -> L3 0x40002000; L3[0x1ff] */
	assert_int_equal(mem64(f, 0x40000000), 0x40001000 | TABLE);
	assert_int_equal(mem64(f, 0x40001ff0), 0x40002000 | TABLE);
	assert_int_equal(mem64(f, 0x40002ff8), S1_PAGE_RW | UINT64_C(0x13fdff000));
	assert_int_equal(mem64(f, 0x40001ff8), S1_BLOCK_RW | UINT64_C(0x13fe00000)); /* L2[0x1ff] */
	assert_int_equal(mem64(f, 0x40000008), S1_BLOCK_RW | UINT64_C(0x140000000)); /* L1[1] */
	/* L1[2] -> L2 0x40003000, L2[0] -> L3 0x40004000, L3[0] */
	assert_int_equal(mem64(f, 0x40000010), 0x40003000 | TABLE);
	assert_int_equal(mem64(f, 0x40003000), 0x40004000 | TABLE);
	assert_int_equal(mem64(f, 0x40004000), S1_PAGE_RW | UINT64_C(0x180000000));
	assert_int_equal(f->heap.calls, 5);
}

static void test_pgtable_misaligned_pa_falls_back_to_pages(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	/* iova 2M-aligned but pa only 4K-aligned: 512 pages, no block */
	map(f, 0x40200000, 0x50001000, 0x200000, RW);
	assert_int_equal(mem64(f, 0x40001008), 0x40002000 | TABLE);
	assert_int_equal(mem64(f, 0x40002000), S1_PAGE_RW | 0x50001000);
	assert_int_equal(mem64(f, 0x40002ff8), S1_PAGE_RW | 0x50200000); /* 0x50001000 + 511 pages */
}

/* ---- 16K and 64K granules ---- */

static void test_pgtable_16k_ias48_level0_has_two_entries(void **state)
{
	struct fx *f = *state;

	init(f, false, 14, 48);
	/* 34 bits over 11-bit levels: 4 levels; level 0 (shift 47) indexes 1 bit */
	assert_int_equal(f->pt.start_level, 0);
	assert_int_equal(f->heap.last_size, 64);       /* 2 entries = 16 bytes, rounded up to 64 */
	assert_int_equal(f->heap.last_align, 64);
	/* iova 0x8010_0200_4000: index 1 at every level (bits 47, 36, 25, 14) */
	map(f, UINT64_C(0x801002004000), 0x50004000, 0x4000, RW);
	/* tables are 16K-aligned: the first after the 64-byte root is 0x40004000 */
	assert_int_equal(mem64(f, 0x40000008), 0x40004000 | TABLE);
	assert_int_equal(mem64(f, 0x40004008), 0x40008000 | TABLE);
	assert_int_equal(mem64(f, 0x40008008), 0x4000c000 | TABLE);
	assert_int_equal(mem64(f, 0x4000c008), S1_PAGE_RW | 0x50004000);
	assert_int_equal(mem64(f, 0x40000000), 0);
}

static void test_pgtable_16k_ias47_starts_at_level1(void **state)
{
	struct fx *f = *state;

	init(f, false, 14, 47);
	/* 33 bits = exactly 3 levels of 11: no level 0 at all, a full 2048-entry root */
	assert_int_equal(f->pt.start_level, 1);
	assert_int_equal(f->heap.last_size, 0x4000);
	/* iova 0x10_0200_4000: index 1 at levels 1, 2, 3 */
	map(f, UINT64_C(0x1002004000), 0x50004000, 0x4000, RW);
	assert_int_equal(mem64(f, 0x40000008), 0x40004000 | TABLE);
	assert_int_equal(mem64(f, 0x40004008), 0x40008000 | TABLE);
	assert_int_equal(mem64(f, 0x40008008), S1_PAGE_RW | 0x50004000);
}

static void test_pgtable_16k_32m_block_at_level2(void **state)
{
	struct fx *f = *state;

	init(f, false, 14, 47);
	/* iova 0x10_0200_0000: L1 index 1 (bit 36), L2 index 1 (bit 25 = 32M) */
	map(f, UINT64_C(0x1002000000), 0x52000000, 0x2000000, RW);
	assert_int_equal(mem64(f, 0x40000008), 0x40004000 | TABLE);
	assert_int_equal(mem64(f, 0x40004008), S1_BLOCK_RW | 0x52000000);
}

static void test_pgtable_64k_ias42_two_level_page(void **state)
{
	struct fx *f = *state;

	init(f, false, 16, 42);
	/* 26 bits = 2 levels of 13: start at level 2 with 8192 entries (64K) */
	assert_int_equal(f->pt.start_level, 2);
	assert_int_equal(f->heap.last_size, 0x10000);
	/* iova 0x2001_0000: L2 index 1 (bit 29), L3 index 1 (bit 16) */
	map(f, 0x20010000, 0x50010000, 0x10000, RW);
	assert_int_equal(mem64(f, 0x40000008), 0x40010000 | TABLE);
	assert_int_equal(mem64(f, 0x40010008), S1_PAGE_RW | 0x50010000);
}

static void test_pgtable_64k_ias48_three_level_page(void **state)
{
	struct fx *f = *state;

	init(f, false, 16, 48);
	/* 32 bits: 3 levels; level 1 (shift 42) indexes 6 bits = 64 entries = 512 bytes */
	assert_int_equal(f->pt.start_level, 1);
	assert_int_equal(f->heap.last_size, 512);
	assert_int_equal(f->heap.last_align, 512);
	/* iova 0x8400_2001_0000: L1 index 0x21 (bits 47 and 42), L2 1, L3 1 */
	map(f, UINT64_C(0x840020010000), 0x50010000, 0x10000, RW);
	/* root + 0x21 * 8 = +0x108; the next table is 64K-aligned at 0x40010000 */
	assert_int_equal(mem64(f, 0x40000108), 0x40010000 | TABLE);
	assert_int_equal(mem64(f, 0x40010008), 0x40020000 | TABLE);
	assert_int_equal(mem64(f, 0x40020008), S1_PAGE_RW | 0x50010000);
}

static void test_pgtable_64k_512m_block_at_level2(void **state)
{
	struct fx *f = *state;

	init(f, false, 16, 42);
	map(f, 0x20000000, 0x60000000, 0x20000000, RW);
	assert_int_equal(f->heap.calls, 1);
	assert_int_equal(mem64(f, 0x40000008), S1_BLOCK_RW | 0x60000000); /* L2 index 1 */
}

/* ---- stage 2 ---- */

static void test_pgtable_geometry_table(void **state)
{
	struct fx *f = *state;
	static const struct {
		bool s2;
		unsigned pgshift, ias;
		int start_level;
		unsigned tables;
		uint64_t root_size;
		int sl0;
	} cases[] = {
		/* stage 1: start level 4 - ceil((ias - pgshift) / stride), never concatenated */
		{ false, 12, 39, 1, 1, 0x1000, -1 },
		{ false, 12, 48, 0, 1, 0x1000, -1 },
		{ false, 12, 32, 1, 1, 64, -1 },     /* L1 indexes 2 bits: 32 bytes -> 64 */
		{ false, 12, 25, 2, 1, 128, -1 },    /* L2 indexes 4 bits: 16 entries */
		{ false, 14, 48, 0, 1, 64, -1 },
		{ false, 14, 47, 1, 1, 0x4000, -1 },
		{ false, 16, 48, 1, 1, 512, -1 },
		{ false, 16, 42, 2, 1, 0x10000, -1 },
		{ false, 16, 25, 3, 1, 0x1000, -1 }, /* L3 indexes 9 bits */
		/* stage 2: a start level indexing <= 4 bits becomes 2^bits tables one level down */
		{ true, 12, 40, 1, 2, 0x2000, 1 },   /* L0 would index 1 bit */
		{ true, 12, 43, 1, 16, 0x10000, 1 }, /* L0 would index 4 bits: the maximum 16 */
		{ true, 12, 44, 0, 1, 256, 2 },      /* L0 indexes 5 bits: 32 > 16, kept */
		{ true, 12, 39, 1, 1, 0x1000, 1 },
		{ true, 12, 32, 2, 4, 0x4000, 0 },   /* L1 would index 2 bits */
		{ true, 12, 25, 2, 1, 128, 0 },      /* 4K level 3 has no S2SL0: 16 entries at L2 */
		{ true, 14, 48, 1, 2, 0x8000, 2 },   /* L0 would index 1 bit */
		{ true, 14, 40, 2, 16, 0x40000, 1 }, /* L1 (shift 36) would index 4 bits */
		{ true, 16, 48, 1, 1, 512, 2 },      /* L1 indexes 6 bits: 64 > 16, kept */
		{ true, 16, 44, 2, 4, 0x40000, 1 },  /* L1 would index 2 bits */
		{ true, 16, 42, 2, 1, 0x10000, 1 },
		{ true, 16, 30, 3, 2, 0x20000, 0 },  /* L2 (shift 29) would index 1 bit */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		init(f, cases[i].s2, cases[i].pgshift, cases[i].ias);
		if (f->pt.start_level != cases[i].start_level || f->pt.start_tables != cases[i].tables ||
		    f->heap.last_size != cases[i].root_size || f->heap.last_align != cases[i].root_size ||
		    (f->pt.root & (cases[i].root_size - 1)) || pgtable_s2_sl0(&f->pt) != cases[i].sl0)
			fail_msg("case %zu (s2=%d %u ias %u): level %d tables %u root 0x%llx sl0 %d",
				 i, cases[i].s2, cases[i].pgshift, cases[i].ias, f->pt.start_level,
				 f->pt.start_tables, (unsigned long long)f->heap.last_size,
				 pgtable_s2_sl0(&f->pt));
		assert_int_equal(pgtable_t0sz(&f->pt), 64 - cases[i].ias);
	}
}

static void test_pgtable_s2_4k_ias40_concatenates_two_level1_tables(void **state)
{
	struct fx *f = *state;

	/*
	 * 4K, 40-bit IPA: 28 bits would need 4 levels with level 0 indexing
	 * only bit 39.  Instead: start at level 1 with 2 concatenated tables
	 * (8K, 8K-aligned) indexed by IPA[39:30], S2SL0=1, S2T0SZ=24.
	 */
	init(f, true, 12, 40);
	assert_int_equal(f->pt.start_level, 1);
	assert_int_equal(f->pt.start_tables, 2);
	assert_int_equal(f->heap.last_size, 0x2000);
	assert_int_equal(f->heap.last_align, 0x2000);
	assert_int_equal(pgtable_s2_sl0(&f->pt), 1);
	assert_int_equal(pgtable_t0sz(&f->pt), 24);

	/* IPA 0x80_4020_3000: L1 index 0x201 (second table, entry 1), L2 1, L3 3 */
	map(f, UINT64_C(0x8040203000), 0x50003000, 0x1000, RW);
	/* root + 0x201 * 8 = +0x1008; L2 table after the 8K root */
	assert_int_equal(mem64(f, 0x40001008), 0x40002000 | TABLE);
	assert_int_equal(mem64(f, 0x40002008), 0x40003000 | TABLE);
	assert_int_equal(mem64(f, 0x40003018), S2_PAGE_RW | 0x50003000);

	/* a 1G block in the second concatenated table: IPA 0x80_8000_0000 -> L1 index 0x202 */
	map(f, UINT64_C(0x8080000000), 0x80000000, 0x40000000, RW);
	assert_int_equal(mem64(f, 0x40001010), S2_BLOCK_RW | 0x80000000);
	/* top of the IPA space: L1 index 0x3ff is the last entry of the second table */
	map(f, UINT64_C(0xffc0000000), 0xc0000000, 0x40000000, RW);
	assert_int_equal(mem64(f, 0x40001ff8), S2_BLOCK_RW | 0xc0000000);
}

static void test_pgtable_s2_prot_bits(void **state)
{
	struct fx *f = *state;
	static const struct {
		unsigned prot;
		uint64_t desc; /* without the output address */
	} cases[] = {
		/* low: 0x3 page + 0x3c MemAttr + 0x300 SH + 0x400 AF = 0x73f, S2AP at bits 7:6 */
		{ PGTABLE_READ, UINT64_C(0x004000000000077f) },             /* S2AP=01, XN=0b10 */
		{ RW, S2_PAGE_RW },                                         /* S2AP=11 */
		{ PGTABLE_WRITE, UINT64_C(0x00400000000007bf) },            /* S2AP=10 */
		{ 0, UINT64_C(0x004000000000073f) },                        /* S2AP=00: no access */
		{ RW | PGTABLE_EXEC, UINT64_C(0x00000000000007ff) },        /* XN=0b00 */
		{ RW | PGTABLE_NO_AF, UINT64_C(0x00400000000003ff) },       /* AF (bit 10) clear */
		/* writable-clean: S2AP[1] clear + DBM (bit 51) */
		{ RW | PGTABLE_DBM, UINT64_C(0x004800000000077f) },
		{ RW | PGTABLE_CONT, UINT64_C(0x00500000000007ff) },        /* contiguous: bit 52 */
	};

	init(f, true, 12, 40);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t ipa = i * 0x1000, pa = 0x50000000 + i * 0x1000;
		/* root[0] -> L2 0x40002000, L2[0] -> L3 0x40003000, L3[i] */
		uint64_t got;

		map(f, ipa, pa, 0x1000, cases[i].prot);
		got = mem64(f, 0x40003000 + i * 8);
		if (got != (cases[i].desc | pa))
			fail_msg("case %zu prot 0x%x: 0x%016llx", i, cases[i].prot,
				 (unsigned long long)got);
	}
	/* the same fields through the declarations, for the RW|DBM case */
	assert_int_equal(FIELD_GET(PTE_S2_AP, mem64(f, 0x40003030)), PTE_S2AP_READ);
	assert_int_equal(FIELD_GET(PTE_DBM, mem64(f, 0x40003030)), 1);
	assert_int_equal(FIELD_GET(PTE_S2_MEMATTR, mem64(f, 0x40003030)), 0xf);

	map_fails(f, 0x100000, 0x50100000, 0x1000, RW | PGTABLE_PRIV, "stage 1 attributes");
	map_fails(f, 0x100000, 0x50100000, 0x1000, RW | PGTABLE_GLOBAL, "stage 1 attributes");
}

static void test_pgtable_s1_prot_bits(void **state)
{
	struct fx *f = *state;
	static const struct {
		unsigned prot;
		uint64_t desc; /* without the output address */
	} cases[] = {
		/* low: 0x3 page + 0x300 SH + 0x400 AF + 0x800 nG = 0xf03, AP[2:1] at bits 7:6 */
		{ PGTABLE_READ, UINT64_C(0x0060000000000fc3) },             /* AP=11 RO, UXN+PXN */
		{ RW, S1_PAGE_RW },                                         /* AP=01 */
		{ PGTABLE_WRITE, S1_PAGE_RW },                              /* write implies read */
		{ RW | PGTABLE_PRIV, UINT64_C(0x0060000000000f03) },        /* AP=00 */
		{ PGTABLE_READ | PGTABLE_PRIV, UINT64_C(0x0060000000000f83) }, /* AP=10 */
		/* EL0-writable: PXN stays (architecturally implied), UXN clear */
		{ RW | PGTABLE_EXEC, UINT64_C(0x0020000000000f43) },
		{ RW | PGTABLE_EXEC | PGTABLE_PRIV, UINT64_C(0x0000000000000f03) },
		{ PGTABLE_READ | PGTABLE_EXEC, UINT64_C(0x0000000000000fc3) },
		{ RW | PGTABLE_GLOBAL, UINT64_C(0x0060000000000743) },      /* nG (bit 11) clear */
		{ RW | PGTABLE_NO_AF, UINT64_C(0x0060000000000b43) },       /* AF (bit 10) clear */
		/* writable-clean: AP[2]=1 (AP=11) + DBM (bit 51) */
		{ RW | PGTABLE_DBM, UINT64_C(0x0068000000000fc3) },
		{ PGTABLE_READ | PGTABLE_DBM, UINT64_C(0x0068000000000fc3) },
		{ RW | PGTABLE_CONT, UINT64_C(0x0070000000000f43) },        /* contiguous: bit 52 */
	};

	init(f, false, 12, 39);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t va = i * 0x1000, pa = 0x50000000 + i * 0x1000;
		uint64_t got;

		map(f, va, pa, 0x1000, cases[i].prot);
		got = mem64(f, 0x40002000 + i * 8); /* L3 after root and L2 */
		if (got != (cases[i].desc | pa))
			fail_msg("case %zu prot 0x%x: 0x%016llx", i, cases[i].prot,
				 (unsigned long long)got);
	}
	/* the RW|PRIV case through the declarations: AttrIndx 0, SH inner, AP RW_EL1 */
	assert_int_equal(FIELD_GET(PTE_S1_AP, mem64(f, 0x40002018)), PTE_AP_RW_EL1);
	assert_int_equal(FIELD_GET(PTE_SH, mem64(f, 0x40002018)), 3);
	assert_int_equal(FIELD_GET(PTE_S1_ATTRINDX, mem64(f, 0x40002018)), 0);

	map_fails(f, 0x100000, 0x50100000, 0x1000, PGTABLE_EXEC, "no-access");
	map_fails(f, 0x100000, 0x50100000, 0x1000, RW | (1u << 20), "unknown prot");
}

/* ---- errors ---- */

static void test_pgtable_init_rejects_bad_geometry(void **state)
{
	struct fx *f = *state;

	assert_int_equal(pgtable_init(&f->pt, f->sys, false, 13, 39, 40, bump_alloc, &f->heap,
				      &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "not a granule"));
	assert_int_equal(pgtable_init(&f->pt, f->sys, false, 12, 24, 40, bump_alloc, &f->heap,
				      &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "outside 25..48"));
	assert_int_equal(pgtable_init(&f->pt, f->sys, true, 12, 49, 40, bump_alloc, &f->heap,
				      &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "stage 2 input size 49"));
	assert_int_equal(pgtable_init(&f->pt, f->sys, false, 12, 39, 41, bump_alloc, &f->heap,
				      &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "output size 41"));
	assert_int_equal(f->heap.calls, 0);
}

static void test_pgtable_map_rejects_bad_ranges(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	map_fails(f, 0x1800, 0x50000000, 0x1000, RW, "not aligned");
	map_fails(f, 0x1000, 0x50000800, 0x1000, RW, "not aligned");
	map_fails(f, 0x1000, 0x50000000, 0x1800, RW, "not aligned");
	map_fails(f, 0x1000, 0x50000000, 0, RW, "empty range");
	/* 2^39 = 0x80_0000_0000: the last page fits, two pages do not */
	map_fails(f, UINT64_C(0x7ffffff000), 0x50000000, 0x2000, RW, "beyond the 39-bit");
	/* 2^40 = 0x100_0000_0000 (oas 40) */
	map_fails(f, 0x1000, UINT64_C(0xfffffff000), 0x2000, RW, "beyond the 40-bit output");
	assert_int_equal(f->heap.calls, 1); /* nothing allocated by failed maps */

	map(f, UINT64_C(0x7ffffff000), UINT64_C(0xfffffff000), 0x1000, RW);
	/* index 0x1ff at every level: the last slot of each table */
	assert_int_equal(mem64(f, 0x40000ff8), 0x40001000 | TABLE);
	assert_int_equal(mem64(f, 0x40001ff8), 0x40002000 | TABLE);
	assert_int_equal(mem64(f, 0x40002ff8), S1_PAGE_RW | UINT64_C(0xfffffff000));
}

static void test_pgtable_map_over_mapping_fails_and_writes_nothing(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	map(f, 0x5000, 0x50005000, 0x1000, RW);
	map_fails(f, 0x5000, 0x60005000, 0x1000, RW, "already mapped");
	/* [0x3000, 0x6000) hits 0x5000 last: the free 0x3000 and 0x4000 stay free */
	map_fails(f, 0x3000, 0x50003000, 0x3000, RW, "already mapped");
	assert_int_equal(mem64(f, 0x40002018), 0);
	assert_int_equal(mem64(f, 0x40002020), 0);
	assert_int_equal(mem64(f, 0x40002028), S1_PAGE_RW | 0x50005000);
	/* a 2M block over the L2 slot whose table holds a live page */
	map_fails(f, 0, 0x60000000, 0x200000, RW, "already mapped");
	assert_int_equal(mem64(f, 0x40001000), 0x40002000 | TABLE);

	/* a page inside a block (L2 index 1) */
	map(f, 0x200000, 0x60200000, 0x200000, RW);
	map_fails(f, 0x201000, 0x50201000, 0x1000, RW, "already mapped (level 2 block");
	assert_int_equal(f->heap.calls, 3);
}

static void test_pgtable_alloc_failure_is_reported(void **state)
{
	struct fx *f = *state;

	f->heap.end = RAM_BASE + 0x1000; /* room for the root only */
	init(f, false, 12, 39);
	assert_int_equal(pgtable_map(&f->pt, 0, 0x50000000, 0x1000, RW, &f->err), SM_ENOMEM);
	assert_non_null(strstr(f->err.msg, "out of table memory"));
}

/* ---- unmap, lookup, in-place edits ---- */

static void test_pgtable_unmap_pages_and_whole_blocks(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	map(f, 0, 0x50000000, 0x3000, RW);              /* 3 pages: L3 0x40002000[0..2] */
	map(f, 0x200000, 0x60200000, 0x200000, RW);     /* block at L2 0x40001000[1] */

	assert_int_equal(pgtable_unmap(&f->pt, 0x1000, 0x1000, &f->err), SM_OK);
	assert_int_equal(mem64(f, 0x40002000), S1_PAGE_RW | 0x50000000);
	assert_int_equal(mem64(f, 0x40002008), 0);
	assert_int_equal(mem64(f, 0x40002010), S1_PAGE_RW | 0x50002000);

	/* half a block: refused, block intact */
	assert_int_equal(pgtable_unmap(&f->pt, 0x200000, 0x100000, &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "would split a block"));
	assert_int_equal(pgtable_unmap(&f->pt, 0x201000, 0x1ff000, &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "would split a block"));
	assert_int_equal(mem64(f, 0x40001008), S1_BLOCK_RW | 0x60200000);

	/* a range with a hole (page 1 is gone): refused before anything is cleared */
	assert_int_equal(pgtable_unmap(&f->pt, 0, 0x3000, &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "0x1000 not mapped"));
	assert_int_equal(mem64(f, 0x40002000), S1_PAGE_RW | 0x50000000);

	/* pages 2 and the block in one call: tables stay */
	assert_int_equal(pgtable_unmap(&f->pt, 0x2000, 0x1000, &f->err), SM_OK);
	assert_int_equal(pgtable_unmap(&f->pt, 0x200000, 0x200000, &f->err), SM_OK);
	assert_int_equal(mem64(f, 0x40001008), 0);
	assert_int_equal(mem64(f, 0x40002010), 0);
	assert_int_equal(mem64(f, 0x40001000), 0x40002000 | TABLE);
	assert_int_equal(mem64(f, 0x40000000), 0x40001000 | TABLE);
}

static void test_pgtable_block_replaces_empty_table_left_by_unmap(void **state)
{
	struct fx *f = *state;

	init(f, false, 12, 39);
	map(f, 0x200000, 0x50000000, 0x1000, RW);      /* L2[1] -> L3 table 0x40002000 */
	assert_int_equal(pgtable_unmap(&f->pt, 0x200000, 0x1000, &f->err), SM_OK);
	assert_int_equal(mem64(f, 0x40001008), 0x40002000 | TABLE);
	/* as io-pgtable does: the emptied table gives way to the block */
	map(f, 0x200000, 0x60200000, 0x200000, RW);
	assert_int_equal(mem64(f, 0x40001008), S1_BLOCK_RW | 0x60200000);
	assert_int_equal(f->heap.calls, 3);
}

static void test_pgtable_leaf_lookup_and_in_place_edit(void **state)
{
	struct fx *f = *state;
	uint64_t addr, d;
	int level;

	init(f, false, 12, 39);
	map(f, UINT64_C(0x4012345000), 0x50000000, 0x1000, RW); /* L3 slot 0x40002a28, as above */
	map(f, 0x40200000, 0x60200000, 0x200000, RW);           /* L1[1] -> L2 0x40003000, [1] */

	assert_int_equal(pgtable_leaf_addr(&f->pt, UINT64_C(0x4012345abc), &addr, &level, &f->err),
			 SM_OK);
	assert_int_equal(addr, 0x40002a28);
	assert_int_equal(level, 3);
	assert_int_equal(pgtable_leaf_addr(&f->pt, 0x40321000, &addr, &level, &f->err), SM_OK);
	assert_int_equal(addr, 0x40003008);              /* inside the block */
	assert_int_equal(level, 2);

	/* the neighbouring page: the walk stops at its empty level-3 slot */
	assert_int_equal(pgtable_leaf_addr(&f->pt, UINT64_C(0x4012346000), &addr, &level, &f->err),
			 SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "not mapped"));
	assert_int_equal(addr, 0x40002a30);
	assert_int_equal(level, 3);
	/* nothing at L1 index 5: the walk stops in the root */
	assert_int_equal(pgtable_leaf_addr(&f->pt, 0x140000000, &addr, &level, &f->err), SM_EINVAL);
	assert_int_equal(addr, 0x40000028);
	assert_int_equal(level, 1);
	/* beyond ias */
	assert_int_equal(pgtable_leaf_addr(&f->pt, UINT64_C(0x8000000000), &addr, &level, &f->err),
			 SM_EINVAL);

	/* stale-TLB demo style edit: point the page elsewhere */
	assert_int_equal(pgtable_leaf_addr(&f->pt, UINT64_C(0x4012345000), &addr, &level, &f->err),
			 SM_OK);
	assert_int_equal(pgtable_desc_read(&f->pt, addr, &d, &f->err), SM_OK);
	assert_int_equal(d, S1_PAGE_RW | 0x50000000);
	d = (d & ~PTE_OA) | FIELD_ADDR(PTE_OA, 0x5abcd000);
	assert_int_equal(pgtable_desc_write(&f->pt, addr, d, &f->err), SM_OK);
	assert_int_equal(mem64(f, 0x40002a28), S1_PAGE_RW | 0x5abcd000);

	/* entry_addr: the level-2 table descriptor above that page (L2 index 0x91) */
	assert_int_equal(pgtable_entry_addr(&f->pt, UINT64_C(0x4012345000), 2, &addr, &f->err),
			 SM_OK);
	assert_int_equal(addr, 0x40001488);
	/* the block ends the walk at level 2: no level 3 there */
	assert_int_equal(pgtable_entry_addr(&f->pt, 0x40200000, 3, &addr, &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "ends at level 2"));
}

static void test_pgtable_set_table_attrs_ors_hierarchical_bits(void **state)
{
	struct fx *f = *state;
	uint64_t aptable_ro = FIELD_PREP(PTE_TABLE_AP, PTE_APTABLE_RO);

	init(f, false, 12, 39);
	map(f, UINT64_C(0x4012345000), 0x50000000, 0x1000, RW);
	map(f, 0x40200000, 0x60200000, 0x200000, RW);   /* block at L2 */

	assert_int_equal(pgtable_set_table_attrs(&f->pt, UINT64_C(0x4012345000), 1, aptable_ro,
						 &f->err), SM_OK);
	/* APTable=0b10 is bit 62 */
	assert_int_equal(mem64(f, 0x40000800), UINT64_C(0x4000000040001003));
	assert_int_equal(pgtable_set_table_attrs(&f->pt, UINT64_C(0x4012345000), 2,
						 PTE_TABLE_XN | PTE_TABLE_PXN, &f->err), SM_OK);
	/* XNTable bit 60 + PXNTable bit 59 */
	assert_int_equal(mem64(f, 0x40001488), UINT64_C(0x1800000040002003));
	/* OR, not replace: add APTable[0] (bit 61) to the level-1 descriptor */
	assert_int_equal(pgtable_set_table_attrs(&f->pt, UINT64_C(0x4012345000), 1,
						 FIELD_PREP(PTE_TABLE_AP, PTE_APTABLE_NO_EL0),
						 &f->err), SM_OK);
	assert_int_equal(mem64(f, 0x40000800), UINT64_C(0x6000000040001003));
	/* the leaf itself is untouched */
	assert_int_equal(mem64(f, 0x40002a28), S1_PAGE_RW | 0x50000000);

	/* refusals */
	assert_int_equal(pgtable_set_table_attrs(&f->pt, 0x40200000, 2, PTE_TABLE_XN, &f->err),
			 SM_EINVAL);                                   /* a block, not a table */
	assert_non_null(strstr(f->err.msg, "not a table"));
	assert_int_equal(pgtable_set_table_attrs(&f->pt, 0x140000000, 1, PTE_TABLE_XN, &f->err),
			 SM_EINVAL);                                   /* invalid descriptor */
	assert_int_equal(pgtable_set_table_attrs(&f->pt, UINT64_C(0x4012345000), 3, PTE_TABLE_XN,
						 &f->err), SM_EINVAL);
	assert_int_equal(pgtable_set_table_attrs(&f->pt, UINT64_C(0x4012345000), 1, PTE_AF,
						 &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "not APTable"));

	init(f, true, 12, 40);
	map(f, 0, 0x50000000, 0x1000, RW);
	assert_int_equal(pgtable_set_table_attrs(&f->pt, 0, 1, PTE_TABLE_XN, &f->err), SM_EINVAL);
	assert_non_null(strstr(f->err.msg, "stage 2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pgtable_4k_ias39_three_level_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_4k_ias48_four_level_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_4k_2m_block_at_level2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_4k_1g_block_at_level1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_map_uses_largest_block_per_alignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_misaligned_pa_falls_back_to_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_16k_ias48_level0_has_two_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_16k_ias47_starts_at_level1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_16k_32m_block_at_level2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_64k_ias42_two_level_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_64k_ias48_three_level_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_64k_512m_block_at_level2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_geometry_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_s2_4k_ias40_concatenates_two_level1_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_s2_prot_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_s1_prot_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_init_rejects_bad_geometry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_map_rejects_bad_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_map_over_mapping_fails_and_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_alloc_failure_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_unmap_pages_and_whole_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_block_replaces_empty_table_left_by_unmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_leaf_lookup_and_in_place_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pgtable_set_table_attrs_ors_hierarchical_bits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * Translation-table builder (see pgtable.h).
 *
 * Geometry (DDI 0487 "Translation table walk"): a granule of
 * 2^pgshift bytes holds 2^(pgshift-3) eight-byte descriptors, so each level
 * resolves stride = pgshift - 3 bits of the input address; level L resolves
 * bits [shift(L) + stride - 1 : shift(L)] with shift(L) = pgshift +
 * (3 - L) * stride.  The start level resolves whatever is left up to ias,
 * possibly fewer bits than a full table (a smaller root), or (stage 2
 * concatenation, DDI 0487 "Concatenated translation tables for the
 * initial lookup") more bits, the extra ones selecting one of up to 16
 * granule-sized tables laid out contiguously.  In both cases the start
 * level's index is simply iova[ias-1 : shift(start)] into the root.
 *
 *   granule  stride  level shifts (0 1 2 3)   blocks the builder uses
 *   4K       9       39 30 21 12              L1 1G, L2 2M
 *   16K      11      47 36 25 14              L2 32M
 *   64K      13      55 42 29 16              L2 512M
 *
 * Descriptors are written little-endian with smmuits_write_block and read
 * back with smmuits_read_block; nothing here knows the model's internals.
 */
#include <inttypes.h>
#include <stdio.h>

#include "harness/pgtable.h"
#include "smmu/smmu_pte.h"

/* SH = 0b11: Inner Shareable (DDI 0487 "Shareability attributes") */
#define PGTABLE_SH_INNER   3u
/*
 * Stage-2 MemAttr 0b1111: Normal, Inner and Outer Write-Back Cacheable
 * (DDI 0487 "Stage 2 memory type and Cacheability attributes")
 */
#define PGTABLE_S2_MEMATTR_WB 0xfu
/* XN[1:0] = 0b10: execute-never at EL1 and EL0 (XN[1] without FEAT_XNX) */
#define PGTABLE_S2_XN_ALL  2u
/* io-pgtable-arm concatenates up to 16 tables (the architectural maximum) */
#define PGTABLE_MAX_CONCAT_BITS 4u

static uint64_t le64_get(const uint8_t b[8])
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

static void le64_put(uint8_t b[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

int pgtable_desc_read(struct pgtable *pt, uint64_t addr, uint64_t *desc, struct sm_err *err)
{
	uint8_t b[8];
	int rc = smmuits_read_block(pt->sys, addr, b, sizeof(b));

	if (rc)
		return sm_err_set(err, rc, "pgtable: cannot read descriptor at 0x%" PRIx64, addr);
	*desc = le64_get(b);
	return SM_OK;
}

int pgtable_desc_write(struct pgtable *pt, uint64_t addr, uint64_t desc, struct sm_err *err)
{
	uint8_t b[8];
	int rc;

	le64_put(b, desc);
	rc = smmuits_write_block(pt->sys, addr, b, sizeof(b));
	if (rc)
		return sm_err_set(err, rc, "pgtable: cannot write descriptor at 0x%" PRIx64, addr);
	return SM_OK;
}

static uint64_t pt_granule(const struct pgtable *pt)
{
	return UINT64_C(1) << pt->pgshift;
}

static uint64_t pt_level_size(const struct pgtable *pt, int level)
{
	return UINT64_C(1) << pte_level_shift(pt->pgshift, level);
}

/* Index bits the level resolves: at the start level, everything up to ias (concatenation included). */
static unsigned pt_level_bits(const struct pgtable *pt, int level)
{
	if (level == pt->start_level)
		return pt->ias - pte_level_shift(pt->pgshift, level);
	return pte_stride(pt->pgshift);
}

static uint64_t pt_index(const struct pgtable *pt, uint64_t iova, int level)
{
	return (iova >> pte_level_shift(pt->pgshift, level)) &
	       ((UINT64_C(1) << pt_level_bits(pt, level)) - 1);
}

/*
 * Levels where the builder writes leaves (DDI 0487 "Translation table
 * descriptor formats"): 4K has blocks at levels
 * 1 and 2, 16K and 64K at level 2 only (level 0 / level 1 blocks need
 * 52-bit output addresses); level 3 holds pages.
 */
static bool pt_leaf_level_ok(const struct pgtable *pt, int level)
{
	if (level == 3)
		return true;
	if (pt->pgshift == 12)
		return level == 1 || level == 2;
	return level == 2;
}

static bool pt_is_valid(uint64_t desc)
{
	return FIELD_GET(PTE_VALID, desc) != 0;
}

/* A valid descriptor that ends the walk (block, or anything at level 3). */
static bool pt_is_leaf(uint64_t desc, int level)
{
	return level == 3 || FIELD_GET(PTE_TYPE, desc) == PTE_TYPE_BLOCK;
}

static uint64_t pt_next_table(const struct pgtable *pt, uint64_t desc)
{
	return FIELD_ADDR(PTE_TABLE_ADDR, desc) & ~(pt_granule(pt) - 1);
}

static const char *pt_name(const struct pgtable *pt)
{
	return pt->stage2 ? "stage 2" : "stage 1";
}

static int pt_alloc_table(struct pgtable *pt, uint64_t size, uint64_t align, uint64_t *pa,
			  struct sm_err *err)
{
	int rc = pt->alloc(pt->alloc_ctx, size, align, pa, err);

	if (rc)
		return rc;
	if (*pa & (align - 1))
		return sm_err_set(err, SM_EINVAL,
				  "pgtable: allocator returned 0x%" PRIx64 ", not aligned to 0x%" PRIx64,
				  *pa, align);
	rc = smmuits_fill(pt->sys, *pa, size, 0);
	if (rc)
		return sm_err_set(err, rc, "pgtable: cannot zero table at 0x%" PRIx64, *pa);
	return SM_OK;
}

int pgtable_init(struct pgtable *pt, struct smmuits *sys, bool stage2, unsigned pgshift,
		 unsigned ias, unsigned oas, pgtable_alloc_fn alloc, void *alloc_ctx,
		 struct sm_err *err)
{
	unsigned stride, levels, bits;
	uint64_t size;

	*pt = (struct pgtable){ .sys = sys, .stage2 = stage2, .pgshift = pgshift, .ias = ias,
				.oas = oas, .alloc = alloc, .alloc_ctx = alloc_ctx };
	if (pgshift != 12 && pgshift != 14 && pgshift != 16)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_init: page shift %u is not a granule (12, 14 or 16)", pgshift);
	if (ias < 25 || ias > 48)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_init: %s input size %u bits is outside 25..48",
				  stage2 ? "stage 2" : "stage 1", ias);
	if (oas != 32 && oas != 36 && oas != 40 && oas != 42 && oas != 44 && oas != 48)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_init: output size %u bits is not 32/36/40/42/44/48", oas);
	if (!sys || !alloc)
		return sm_err_set(err, SM_EINVAL, "pgtable_init: needs a system and an allocator");

	stride = pte_stride(pgshift);
	levels = (ias - pgshift + stride - 1) / stride;
	pt->start_level = 4 - (int)levels;
	pt->start_tables = 1;
	bits = ias - pte_level_shift(pgshift, pt->start_level);
	/*
	 * Stage 2: trade a nearly empty start table for up to 16 concatenated
	 * tables one level down.  4K's level 3 has no S2SL0 encoding (it would
	 * need FEAT_TTST), so 4K stops at level 2.
	 */
	if (stage2 && bits <= PGTABLE_MAX_CONCAT_BITS && pt->start_level < (pgshift == 12 ? 2 : 3)) {
		pt->start_level++;
		pt->start_tables = 1u << bits;
	}
	size = UINT64_C(8) << pt_level_bits(pt, pt->start_level);
	if (size < 64)
		size = 64; /* a TTB is aligned to at least 64 bytes */
	return pt_alloc_table(pt, size, size, &pt->root, err);
}

int pgtable_s2_sl0(const struct pgtable *pt)
{
	int sl0;

	if (!pt->stage2)
		return -1;
	/* IHI 0070 §5.2 STE.S2SL0: 4K 0b00 = level 2; 16K/64K 0b00 = level 3 */
	sl0 = (pt->pgshift == 12 ? 2 : 3) - pt->start_level;
	return sl0 >= 0 && sl0 <= 2 ? sl0 : -1;
}

unsigned pgtable_t0sz(const struct pgtable *pt)
{
	return 64 - pt->ias;
}

/* The leaf a stage-1 or stage-2 mapping of pa with prot gets at level. */
static uint64_t pt_leaf_desc(const struct pgtable *pt, uint64_t pa, int level, unsigned prot)
{
	uint64_t d = PTE_VALID | FIELD_ADDR(PTE_OA, pa) | FIELD_PREP(PTE_SH, PGTABLE_SH_INNER);
	bool write_clean = (prot & PGTABLE_WRITE) && (prot & PGTABLE_DBM);

	if (level == 3)
		d |= FIELD_PREP(PTE_TYPE, PTE_TYPE_PAGE);
	else
		d |= FIELD_PREP(PTE_TYPE, PTE_TYPE_BLOCK);
	if (!(prot & PGTABLE_NO_AF))
		d |= PTE_AF;
	if (prot & PGTABLE_DBM)
		d |= PTE_DBM;
	if (prot & PGTABLE_CONT)
		d |= PTE_CONT;

	if (pt->stage2) {
		unsigned s2ap = 0;

		if (prot & PGTABLE_READ)
			s2ap |= PTE_S2AP_READ;
		/* hardware dirty state: writable-clean is S2AP[1]=0 with DBM=1 */
		if ((prot & PGTABLE_WRITE) && !write_clean)
			s2ap |= PTE_S2AP_WRITE;
		d |= FIELD_PREP(PTE_S2_AP, s2ap) | FIELD_PREP(PTE_S2_MEMATTR, PGTABLE_S2_MEMATTR_WB);
		if (!(prot & PGTABLE_EXEC))
			d |= FIELD_PREP(PTE_S2_XN, PGTABLE_S2_XN_ALL);
	} else {
		unsigned ap = 0;

		if (!(prot & PGTABLE_PRIV))
			ap |= PTE_AP_UNPRIV;
		/* read-only, or writable-clean (AP[2]=1 with DBM=1) */
		if (!(prot & PGTABLE_WRITE) || write_clean)
			ap |= PTE_AP_RDONLY;
		d |= FIELD_PREP(PTE_S1_AP, ap) | FIELD_PREP(PTE_S1_ATTRINDX, 0);
		if (!(prot & PGTABLE_GLOBAL))
			d |= PTE_S1_NG;
		/*
		 * DDI 0487 "Instruction execution permissions": memory writable
		 * at EL0 is never executable at EL1 (AP[2:1]=0b01 implies PXN),
		 * so setting PXN there too changes nothing.
		 */
		if (!(prot & PGTABLE_EXEC))
			d |= PTE_S1_UXN | PTE_S1_PXN;
		else if ((prot & PGTABLE_WRITE) && !(prot & PGTABLE_PRIV))
			d |= PTE_S1_PXN;
	}
	return d;
}

static int pt_check_range(const struct pgtable *pt, const char *fn, uint64_t iova, uint64_t size,
			  struct sm_err *err)
{
	uint64_t mask = pt_granule(pt) - 1, top = UINT64_C(1) << pt->ias;

	if (size == 0)
		return sm_err_set(err, SM_EINVAL, "%s: empty range at iova 0x%" PRIx64, fn, iova);
	if ((iova | size) & mask)
		return sm_err_set(err, SM_EINVAL,
				  "%s: iova 0x%" PRIx64 " size 0x%" PRIx64
				  " not aligned to the %" PRIu64 " KiB granule",
				  fn, iova, size, pt_granule(pt) >> 10);
	if (size > top || iova > top - size)
		return sm_err_set(err, SM_EINVAL,
				  "%s: iova 0x%" PRIx64 " size 0x%" PRIx64 " goes beyond the %u-bit %s input",
				  fn, iova, size, pt->ias, pt_name(pt));
	return SM_OK;
}

/* The level of the largest leaf that fits at iova/pa with remaining bytes left. */
static int pt_map_level(const struct pgtable *pt, uint64_t iova, uint64_t pa, uint64_t remaining)
{
	for (int level = pt->start_level; level < 3; level++) {
		uint64_t bs = pt_level_size(pt, level);

		if (pt_leaf_level_ok(pt, level) && !((iova | pa) & (bs - 1)) && remaining >= bs)
			return level;
	}
	return 3;
}

/* True when no valid leaf lies in the table at addr (level) or below it. */
static int pt_table_empty(struct pgtable *pt, uint64_t table, int level, bool *empty,
			  struct sm_err *err)
{
	uint64_t n = UINT64_C(1) << pte_stride(pt->pgshift);

	*empty = true;
	for (uint64_t i = 0; i < n && *empty; i++) {
		uint64_t d;
		int rc = pgtable_desc_read(pt, table + i * PTE_SIZE, &d, err);

		if (rc)
			return rc;
		if (!pt_is_valid(d))
			continue;
		if (pt_is_leaf(d, level)) {
			*empty = false;
			return SM_OK;
		}
		rc = pt_table_empty(pt, pt_next_table(pt, d), level + 1, empty, err);
		if (rc)
			return rc;
	}
	return SM_OK;
}

/*
 * Map one leaf (dry: only check that it could be).  *mapped gets its size.
 */
static int pt_map_one(struct pgtable *pt, uint64_t iova, uint64_t pa, uint64_t remaining,
		      unsigned prot, bool dry, uint64_t *mapped, struct sm_err *err)
{
	int leaf_level = pt_map_level(pt, iova, pa, remaining);
	uint64_t table = pt->root;

	*mapped = pt_level_size(pt, leaf_level);
	for (int level = pt->start_level;; level++) {
		uint64_t addr = table + pt_index(pt, iova, level) * PTE_SIZE, d;
		int rc = pgtable_desc_read(pt, addr, &d, err);

		if (rc)
			return rc;
		if (level == leaf_level) {
			if (pt_is_valid(d)) {
				bool empty = false;

				if (!pt_is_leaf(d, level)) {
					rc = pt_table_empty(pt, pt_next_table(pt, d), level + 1, &empty,
							    err);
					if (rc)
						return rc;
				}
				if (!empty)
					return sm_err_set(err, SM_EINVAL,
							  "pgtable_map: iova 0x%" PRIx64
							  " already mapped (level %d descriptor 0x%016" PRIx64
							  " at 0x%" PRIx64 ")", iova, level, d, addr);
				/* an empty table where the block goes: replace it */
			}
			return dry ? SM_OK : pgtable_desc_write(pt, addr, pt_leaf_desc(pt, pa, level, prot),
								err);
		}
		if (!pt_is_valid(d)) {
			uint64_t next;

			if (dry)
				return SM_OK; /* nothing below: the leaf's slot is free */
			rc = pt_alloc_table(pt, pt_granule(pt), pt_granule(pt), &next, err);
			if (!rc)
				rc = pgtable_desc_write(pt, addr,
							PTE_VALID | FIELD_PREP(PTE_TYPE, PTE_TYPE_TABLE) |
							FIELD_ADDR(PTE_TABLE_ADDR, next), err);
			if (rc)
				return rc;
			table = next;
			continue;
		}
		if (pt_is_leaf(d, level))
			return sm_err_set(err, SM_EINVAL,
					  "pgtable_map: iova 0x%" PRIx64 " already mapped (level %d block 0x%016"
					  PRIx64 " at 0x%" PRIx64 ")", iova, level, d, addr);
		table = pt_next_table(pt, d);
	}
}

int pgtable_map(struct pgtable *pt, uint64_t iova, uint64_t pa, uint64_t size, unsigned prot,
		struct sm_err *err)
{
	uint64_t otop = UINT64_C(1) << pt->oas;
	int rc = pt_check_range(pt, "pgtable_map", iova, size, err);

	if (rc)
		return rc;
	if (pa & (pt_granule(pt) - 1))
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_map: pa 0x%" PRIx64 " not aligned to the %" PRIu64 " KiB granule",
				  pa, pt_granule(pt) >> 10);
	if (size > otop || pa > otop - size)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_map: pa 0x%" PRIx64 " size 0x%" PRIx64
				  " goes beyond the %u-bit output", pa, size, pt->oas);
	if (prot & ~PGTABLE_PROT_ALL)
		return sm_err_set(err, SM_EINVAL, "pgtable_map: unknown prot bits 0x%x",
				  prot & ~PGTABLE_PROT_ALL);
	if (pt->stage2 && (prot & (PGTABLE_PRIV | PGTABLE_GLOBAL)))
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_map: PRIV and GLOBAL are stage 1 attributes (stage 2 has neither)");
	if (!pt->stage2 && !(prot & (PGTABLE_READ | PGTABLE_WRITE)))
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_map: stage 1 has no no-access leaf: give READ and/or WRITE");

	/* Check the whole range first, so "already mapped" leaves memory untouched. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t off = 0, step = 0; off < size; off += step) {
			rc = pt_map_one(pt, iova + off, pa + off, size - off, prot, pass == 0, &step,
					err);
			if (rc)
				return rc;
		}
	}
	return SM_OK;
}

/* Walk towards iova, stopping at stop_level, at a leaf, or at an invalid descriptor. */
static int pt_descend(struct pgtable *pt, uint64_t iova, int stop_level, uint64_t *addr,
		      int *level, uint64_t *desc, struct sm_err *err)
{
	uint64_t table = pt->root;

	for (int l = pt->start_level;; l++) {
		uint64_t a = table + pt_index(pt, iova, l) * PTE_SIZE, d;
		int rc = pgtable_desc_read(pt, a, &d, err);

		if (rc)
			return rc;
		if (l == stop_level || !pt_is_valid(d) || pt_is_leaf(d, l)) {
			*addr = a;
			*level = l;
			*desc = d;
			return SM_OK;
		}
		table = pt_next_table(pt, d);
	}
}

int pgtable_leaf_addr(struct pgtable *pt, uint64_t iova, uint64_t *addr, int *level,
		      struct sm_err *err)
{
	uint64_t d;
	int rc = pt_check_range(pt, "pgtable_leaf_addr", iova & ~(pt_granule(pt) - 1),
				pt_granule(pt), err);

	if (!rc)
		rc = pt_descend(pt, iova, 3, addr, level, &d, err);
	if (rc)
		return rc;
	if (!pt_is_valid(d))
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_leaf_addr: iova 0x%" PRIx64
				  " not mapped (invalid level %d descriptor at 0x%" PRIx64 ")",
				  iova, *level, *addr);
	return SM_OK;
}

int pgtable_entry_addr(struct pgtable *pt, uint64_t iova, int level, uint64_t *addr,
		       struct sm_err *err)
{
	uint64_t d;
	int at;
	int rc = pt_check_range(pt, "pgtable_entry_addr", iova & ~(pt_granule(pt) - 1),
				pt_granule(pt), err);

	if (rc)
		return rc;
	if (level < pt->start_level || level > 3)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_entry_addr: level %d outside %d..3", level, pt->start_level);
	rc = pt_descend(pt, iova, level, addr, &at, &d, err);
	if (rc)
		return rc;
	if (at != level)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_entry_addr: iova 0x%" PRIx64 " has no level %d table (the walk"
				  " ends at level %d, descriptor 0x%016" PRIx64 ")", iova, level, at, d);
	return SM_OK;
}

int pgtable_set_table_attrs(struct pgtable *pt, uint64_t iova, int level, uint64_t bits,
			    struct sm_err *err)
{
	const uint64_t allowed = PTE_TABLE_PXN | PTE_TABLE_XN | PTE_TABLE_AP;
	uint64_t addr, d;
	int rc;

	if (pt->stage2)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_set_table_attrs: stage 2 table descriptors have no"
				  " hierarchical controls");
	if (!bits || (bits & ~allowed))
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_set_table_attrs: bits 0x%016" PRIx64
				  " are not APTable/XNTable/PXNTable", bits);
	if (level > 2)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_set_table_attrs: level %d holds no table descriptors", level);
	rc = pgtable_entry_addr(pt, iova, level, &addr, err);
	if (!rc)
		rc = pgtable_desc_read(pt, addr, &d, err);
	if (rc)
		return rc;
	if (!pt_is_valid(d) || pt_is_leaf(d, level))
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_set_table_attrs: level %d descriptor 0x%016" PRIx64
				  " for iova 0x%" PRIx64 " is not a table", level, d, iova);
	return pgtable_desc_write(pt, addr, d | bits, err);
}

static int pt_unmap_one(struct pgtable *pt, uint64_t iova, uint64_t remaining, bool dry,
			uint64_t *unmapped, struct sm_err *err)
{
	uint64_t addr, d, bs;
	int level;
	int rc = pt_descend(pt, iova, 3, &addr, &level, &d, err);

	if (rc)
		return rc;
	if (!pt_is_valid(d))
		return sm_err_set(err, SM_EINVAL, "pgtable_unmap: iova 0x%" PRIx64 " not mapped", iova);
	bs = pt_level_size(pt, level);
	if ((iova & (bs - 1)) || remaining < bs)
		return sm_err_set(err, SM_EINVAL,
				  "pgtable_unmap: iova 0x%" PRIx64 " size 0x%" PRIx64
				  " would split a block (level %d, 0x%" PRIx64 " bytes at 0x%" PRIx64 ")",
				  iova, remaining, level, bs, iova & ~(bs - 1));
	*unmapped = bs;
	return dry ? SM_OK : pgtable_desc_write(pt, addr, 0, err);
}

int pgtable_unmap(struct pgtable *pt, uint64_t iova, uint64_t size, struct sm_err *err)
{
	int rc = pt_check_range(pt, "pgtable_unmap", iova, size, err);

	if (rc)
		return rc;
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t off = 0, step = 0; off < size; off += step) {
			rc = pt_unmap_one(pt, iova + off, size - off, pass == 0, &step, err);
			if (rc)
				return rc;
		}
	}
	return SM_OK;
}

static int pt_walk_leaves(struct pgtable *pt, uint64_t table, int level, uint64_t va,
			  pgtable_leaf_fn fn, void *ctx, struct sm_err *err)
{
	uint64_t n = UINT64_C(1) << pt_level_bits(pt, level), step = pt_level_size(pt, level);

	for (uint64_t i = 0; i < n; i++, va += step) {
		uint64_t desc;
		int rc = pgtable_desc_read(pt, table + i * PTE_SIZE, &desc, err);

		if (rc)
			return rc;
		if (!pt_is_valid(desc))
			continue;
		if (pt_is_leaf(desc, level))
			rc = fn(ctx, va, FIELD_ADDR(PTE_OA, desc) & ~(step - 1), step);
		else
			rc = pt_walk_leaves(pt, pt_next_table(pt, desc), level + 1, va, fn, ctx, err);
		if (rc)
			return rc;
	}
	return SM_OK;
}

int pgtable_for_each_leaf(struct pgtable *pt, pgtable_leaf_fn fn, void *ctx, struct sm_err *err)
{
	return pt_walk_leaves(pt, pt->root, pt->start_level, 0, fn, ctx, err);
}

/* SPDX-License-Identifier: MIT */
/*
 * VMSAv8-64 table walk, one stage.  Arm ARM D8.2 "Translation table walk",
 * D8.3 "Translation table descriptor formats"; IHI 0070 §3.4 "Address sizes".
 *
 * Each level indexes a table with `stride` bits of the input address
 * (pgshift - 3); the start level may index fewer bits (a smaller input
 * space) or, for stage 2, more (up to 16 concatenated tables).  Table and
 * output addresses beyond the effective output size are Address Size
 * faults; invalid and reserved descriptors are Translation faults.
 */
#include "smmu/smmu_ptw.h"
#include "smmu/smmu_pte.h"

int smmu__ptw_s1_start_level(unsigned pgshift, unsigned ias)
{
	unsigned stride = pte_stride(pgshift);
	/* levels = ceil((ias - pgshift) / stride), walked down to level 3 */
	int levels = (int)((ias - pgshift + stride - 1) / stride);

	return 4 - levels;
}

/* Is a block descriptor allowed at this level for this granule? (D8.3.1) */
static bool block_allowed(unsigned pgshift, unsigned oas, int level)
{
	switch (pgshift) {
	case 12: return level == 1 || level == 2;
	case 14: return level == 2;
	default: return level == 2 || (level == 1 && oas >= 52); /* 64K level 1 needs 52-bit PA */
	}
}

/* The address in a table/block/page descriptor, 52-bit form for 64K granules. */
static uint64_t desc_addr(uint64_t desc, unsigned pgshift, unsigned oas, unsigned shift)
{
	uint64_t a = FIELD_ADDR(PTE_OA, desc) & ~((UINT64_C(1) << shift) - 1);

	if (pgshift == 16 && oas >= 52)
		a |= FIELD_GET(PTE_OA_52_64K, desc) << 48;
	return a;
}

static bool beyond(uint64_t addr, unsigned bits)
{
	return bits < 64 && (addr >> bits) != 0;
}

/* A level is done (continuing, a leaf, or a fault): tell explain, if it asked. */
static enum smmu_ptw_fault level_end(const struct smmu_ptw_cfg *c, const struct smmu_ptw_io *io,
				     struct smmu_ptw_level *lv, enum smmu_ptw_fault f)
{
	if (io->explain) {
		lv->fault = f;
		io->explain(io->ctx, c, lv);
	}
	return f;
}

enum smmu_ptw_fault smmu__ptw_walk(const struct smmu_ptw_cfg *c, uint64_t ia,
				   const struct smmu_ptw_io *io, struct smmu_ptw_result *r)
{
	unsigned stride = pte_stride(c->pgshift);
	uint64_t table = c->ttb & ~((UINT64_C(1) << 3) - 1);
	int level = c->start_level;

	*r = (struct smmu_ptw_result){ .level = level };
	/* Input beyond the configured input size: Translation fault at the start level. */
	if (beyond(ia, c->ias))
		return r->fault = PTW_TRANSLATION;
	/* IHI 0070 §3.4.3: a table base beyond the output size is an Address Size fault. */
	if (beyond(table, c->oas))
		return r->fault = PTW_ADDR_SIZE;

	bool cached_leaf = false;
	uint64_t d = 0;

	if (io->wc_lookup) {
		struct smmu_ptw_step hit;

		/* Resume below the deepest table the walk cache holds, or take its leaf. */
		if (io->wc_lookup(io->wc, ia, &hit) && hit.level >= c->start_level &&
		    hit.level <= 3 && (hit.leaf || hit.level > c->start_level)) {
			level = hit.level;
			table = hit.table;
			r->aptable = hit.aptable;
			r->xntable = hit.xntable;
			r->pxntable = hit.pxntable;
			r->walk_cache_hit = true;
			cached_leaf = hit.leaf;
			d = hit.table;
		}
	}
	for (bool first = true;; first = false) {
		unsigned shift = pte_level_shift(c->pgshift, level);
		unsigned bits = level == c->start_level ? c->ias - shift : stride;
		uint64_t idx = (ia >> shift) & ((UINT64_C(1) << bits) - 1);
		uint64_t addr = cached_leaf ? 0 : table + idx * PTE_SIZE;
		struct smmu_ptw_level lv = {
			.level = level, .table = cached_leaf ? 0 : table, .hi = shift + bits - 1,
			.lo = shift, .index = idx, .desc_addr = addr, .desc = d,
			.from_wc = first && r->walk_cache_hit, .cached_leaf = cached_leaf,
		};
		enum smmu_ptw_fault f;

		r->level = level;
		r->fetch_addr = addr;
		if (!cached_leaf) {
			f = io->read(io->ctx, addr, &d);
			r->reads++;
			if (f != PTW_OK)
				return r->fault = level_end(c, io, &lv, f);
			lv.desc = d;
		}
		if (!(d & PTE_VALID))
			return r->fault = level_end(c, io, &lv, PTW_TRANSLATION);
		if (level < 3 && FIELD_GET(PTE_TYPE, d) == PTE_TYPE_TABLE) {
			uint64_t next = desc_addr(d, c->pgshift, c->oas, c->pgshift);

			lv.next = next;
			if (beyond(next, c->oas))
				return r->fault = level_end(c, io, &lv, PTW_ADDR_SIZE);
			level_end(c, io, &lv, PTW_OK);
			if (!c->stage2) {
				/* Hierarchical controls only exist in stage-1 tables. */
				r->aptable |= (unsigned)FIELD_GET(PTE_TABLE_AP, d);
				r->xntable |= FIELD_GET(PTE_TABLE_XN, d) != 0;
				r->pxntable |= FIELD_GET(PTE_TABLE_PXN, d) != 0;
			}
			table = next;
			level++;
			if (io->wc_fill) {
				struct smmu_ptw_step stp = { level, table, r->aptable, r->xntable,
							     r->pxntable, false };

				io->wc_fill(io->wc, ia, &stp);
			}
			continue;
		}
		lv.map_shift = shift;
		/* A leaf: a page at level 3, a block above it where the granule allows one. */
		if (level == 3 ? FIELD_GET(PTE_TYPE, d) != PTE_TYPE_PAGE
			       : !block_allowed(c->pgshift, c->oas, level))
			return r->fault = level_end(c, io, &lv, PTW_TRANSLATION);
		r->desc = d;
		r->desc_addr = addr;
		r->map_shift = shift;
		r->oa = desc_addr(d, c->pgshift, c->oas, shift) | (ia & ((UINT64_C(1) << shift) - 1));
		lv.next = desc_addr(d, c->pgshift, c->oas, shift);
		if (beyond(desc_addr(d, c->pgshift, c->oas, shift), c->oas))
			return r->fault = level_end(c, io, &lv, PTW_ADDR_SIZE);
		if (!(d & PTE_AF) && !c->affd && !c->ha)
			return r->fault = level_end(c, io, &lv, PTW_ACCESS);
		/*
		 * A leaf the walk cache may keep: never one that faulted, and not
		 * under HTTU, whose updates would leave the copy stale.
		 */
		if (io->wc_fill && !cached_leaf && !c->ha && !c->hd && (d & PTE_AF)) {
			struct smmu_ptw_step stp = { level, d, r->aptable, r->xntable, r->pxntable,
						     true };

			io->wc_fill(io->wc, ia, &stp);
		}
		return r->fault = level_end(c, io, &lv, PTW_OK);
	}
}

enum smmu_ptw_fault smmu__ptw_update(const struct smmu_ptw_io *io, struct smmu_ptw_result *r,
				     uint64_t new_desc)
{
	enum smmu_ptw_fault f;

	if (new_desc == r->desc)
		return PTW_OK;
	f = io->write(io->ctx, r->desc_addr, new_desc);
	if (f == PTW_OK)
		r->desc = new_desc;
	else
		r->fetch_addr = r->desc_addr;
	return f;
}

/* SPDX-License-Identifier: MIT */
/*
 * The harness's translation-table builder: VMSAv8-64 stage 1 and stage 2
 * tables written into the model's memory the way Linux's
 * drivers/iommu/io-pgtable-arm.c lays them out (largest block that fits,
 * intermediate tables allocated on demand, concatenated stage-2 start tables).
 *
 * It is written from the architecture (DDI 0487 D8 "The AArch64 Virtual
 * Memory System Architecture"), uses only the field declarations of
 * smmu/smmu_pte.h and reaches memory only through the public smmuits_*
 * calls.  It shares no code with the model's walker (smmu/smmu_ptw.c), so a
 * builder bug cannot hide a walker bug.
 *
 * Not modelled: 52-bit addresses (FEAT_LPA/LPA2), level -1, level-0 blocks
 * (4K) and level-1 blocks (16K/64K), which all need 52-bit support.
 */
#ifndef SMMUITS_PGTABLE_H
#define SMMUITS_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/err.h"
#include "smmuits.h"

/* prot bits for pgtable_map */
#define PGTABLE_READ    (1u << 0)
#define PGTABLE_WRITE   (1u << 1)
#define PGTABLE_EXEC    (1u << 2)  /* clear: stage 1 UXN+PXN, stage 2 XN=0b10 */
#define PGTABLE_PRIV    (1u << 3)  /* stage 1 only: AP[1]=0, privileged access only */
#define PGTABLE_NO_AF   (1u << 4)  /* leave AF=0 (access-flag fault tests) */
#define PGTABLE_DBM     (1u << 5)  /* set DBM; with WRITE: writable-clean (read-only + DBM) */
#define PGTABLE_GLOBAL  (1u << 6)  /* stage 1 only: nG=0 (default nG=1, as Linux's stage 1) */
#define PGTABLE_CONT    (1u << 7)  /* set the contiguous hint; the caller keeps its promise */
#define PGTABLE_PROT_ALL (PGTABLE_READ | PGTABLE_WRITE | PGTABLE_EXEC | PGTABLE_PRIV | \
			  PGTABLE_NO_AF | PGTABLE_DBM | PGTABLE_GLOBAL | PGTABLE_CONT)

typedef int (*pgtable_alloc_fn)(void *ctx, uint64_t size, uint64_t align, uint64_t *pa,
				struct sm_err *err);

struct pgtable {
	struct smmuits *sys;
	bool stage2;
	unsigned pgshift;       /* 12, 14 or 16 */
	unsigned ias;           /* input address bits: 64 - T0SZ */
	unsigned oas;           /* output address bits (validation only) */
	int start_level;
	unsigned start_tables;  /* concatenated tables at the start level (stage 2), else 1 */
	uint64_t root;          /* CD.TTB0 / STE.S2TTB */
	pgtable_alloc_fn alloc; /* memory need not be zeroed: the builder zeroes it */
	void *alloc_ctx;
};

/*
 * Choose the geometry and allocate the (zeroed) root.  Stage 1 starts at
 * level 4 - ceil((ias - pgshift) / (pgshift - 3)).  Stage 2 starts there
 * too unless that level would index at most 4 bits and the next level is
 * still encodable in STE.S2SL0: then it starts one level deeper with
 * 2^bits concatenated tables (io-pgtable-arm's "concatenate the pgd").
 * The root is max(64, 8 * entries) bytes, aligned to its size.
 * granule in {12, 14, 16}; ias 25..48; oas in {32, 36, 40, 42, 44, 48}.
 */
int pgtable_init(struct pgtable *pt, struct smmuits *sys, bool stage2, unsigned pgshift,
		 unsigned ias, unsigned oas, pgtable_alloc_fn alloc, void *alloc_ctx,
		 struct sm_err *err);

/* STE.S2SL0 for a stage-2 table (4K: level 2/1/0 -> 0/1/2; 16K/64K: level 3/2/1 -> 0/1/2), else -1. */
int pgtable_s2_sl0(const struct pgtable *pt);
/* CD.T0SZ or STE.S2T0SZ: 64 - ias. */
unsigned pgtable_t0sz(const struct pgtable *pt);

/*
 * Map [iova, iova + size) to [pa, pa + size).  All three granule-aligned,
 * iova + size <= 2^ias, pa + size <= 2^oas.  Uses the largest block whose
 * size iova, pa and the remaining size are all aligned to (4K: 1G at level
 * 1, 2M at level 2; 16K: 32M at level 2; 64K: 512M at level 2), else pages.
 * A valid leaf anywhere in the range is SM_EINVAL "already mapped" and
 * nothing is written.  Where a block goes and an empty table (left by
 * pgtable_unmap) sits, the table is replaced by the block, as io-pgtable
 * does; the caller invalidates walk caches for it.  The old table is not
 * freed (the allocator has no free).  An allocation failure midway can
 * leave part of the range mapped.
 * Stage 1 needs READ or WRITE (there is no no-access leaf); stage 2 without
 * either maps with S2AP=0b00 (permission-fault tests).
 */
int pgtable_map(struct pgtable *pt, uint64_t iova, uint64_t pa, uint64_t size, unsigned prot,
		struct sm_err *err);

/*
 * Clear the leaves covering exactly [iova, iova + size).  A block must be
 * unmapped whole (SM_EINVAL "would split a block"); an unmapped page in the
 * range is SM_EINVAL "not mapped"; either way nothing is written.  Tables
 * stay in place.
 */
int pgtable_unmap(struct pgtable *pt, uint64_t iova, uint64_t size, struct sm_err *err);

/*
 * Find the leaf descriptor covering iova by following the builder's tables.
 * 0 with *addr (the descriptor's physical address) and *level.  When iova is
 * not mapped: SM_EINVAL, and *addr and *level still name the invalid descriptor
 * where the walk stopped (a test may write a leaf there: a page slot left
 * by unmap, for instance).
 */
int pgtable_leaf_addr(struct pgtable *pt, uint64_t iova, uint64_t *addr, int *level,
		      struct sm_err *err);

/*
 * The descriptor at level that covers iova (start_level..3).  SM_EINVAL if
 * the walk ends (invalid descriptor or a leaf) above that level.
 */
int pgtable_entry_addr(struct pgtable *pt, uint64_t iova, int level, uint64_t *addr,
		       struct sm_err *err);

/* Read or write one little-endian descriptor at addr (for in-place edits). */
int pgtable_desc_read(struct pgtable *pt, uint64_t addr, uint64_t *desc, struct sm_err *err);
int pgtable_desc_write(struct pgtable *pt, uint64_t addr, uint64_t desc, struct sm_err *err);

/*
 * OR hierarchical controls (PTE_TABLE_PXN, PTE_TABLE_XN, PTE_TABLE_AP) into
 * the table descriptor at level covering iova.  Stage 1 only (stage 2 table
 * descriptors have no hierarchical controls: edit raw with
 * pgtable_entry_addr + pgtable_desc_write to test that).
 */
int pgtable_set_table_attrs(struct pgtable *pt, uint64_t iova, int level, uint64_t bits,
			    struct sm_err *err);

/*
 * Call fn for every valid leaf, in address order: its input address, output
 * address and size (page or block).  Reads the tables through the public
 * API, as software would.  Stops at fn's first non-zero return.
 */
typedef int (*pgtable_leaf_fn)(void *ctx, uint64_t iova, uint64_t pa, uint64_t size);
int pgtable_for_each_leaf(struct pgtable *pt, pgtable_leaf_fn fn, void *ctx, struct sm_err *err);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * One stage of a VMSAv8-64 translation table walk (Arm ARM D8.2, IHI 0070
 * §3.4).  The walker knows nothing of CDs, STEs or caches: it is given a
 * geometry and a way to read descriptors, so a nested stage-1 walk can read
 * its tables through stage 2 and report a stage-2 fault as such.
 */
#ifndef SMMUITS_SMMU_PTW_H
#define SMMUITS_SMMU_PTW_H

#include <stdbool.h>
#include <stdint.h>

struct smmu_ptw_cfg {
	bool stage2;
	unsigned pgshift;    /* 12, 14 or 16 */
	int start_level;     /* 0..3 (-1 is not supported) */
	unsigned ias;        /* input bits translated (64 - TxSZ) */
	unsigned oas;        /* effective output size: stage 1 IPS or stage 2 PS, capped at OAS */
	uint64_t ttb;        /* table base: an IPA for nested stage 1 */
	bool ha, hd;         /* hardware access-flag / dirty-state updates enabled */
	bool affd;           /* access-flag faults disabled (AF treated as 1) */
};

enum smmu_ptw_fault {
	PTW_OK,
	PTW_TRANSLATION,   /* F_TRANSLATION */
	PTW_ADDR_SIZE,     /* F_ADDR_SIZE */
	PTW_ACCESS,        /* F_ACCESS */
	PTW_PERMISSION,    /* F_PERMISSION (decided by the caller's permission check) */
	PTW_EABT,          /* F_WALK_EABT: a descriptor read or update failed */
	PTW_NESTED,        /* the descriptor address faulted in stage 2 (caller has details) */
};

struct smmu_ptw_result {
	enum smmu_ptw_fault fault;
	int level;             /* level of the leaf, or where the walk stopped */
	uint64_t oa;           /* output address for the input address */
	unsigned map_shift;    /* log2 of the mapping's size (page or block) */
	uint64_t desc;         /* the leaf descriptor */
	uint64_t desc_addr;    /* where the leaf descriptor lives */
	unsigned aptable;      /* APTable bits accumulated along the walk */
	bool xntable, pxntable;
	uint64_t fetch_addr;   /* PTW_EABT/PTW_NESTED: the descriptor address */
	unsigned reads;        /* descriptors read */
	bool walk_cache_hit;   /* the walk started from a cached table */
};

/* A table the walk reached, with the hierarchical controls gathered above it. */
struct smmu_ptw_step {
	int level;           /* level of the table, or of the leaf descriptor */
	uint64_t table;      /* table address, or the leaf descriptor itself */
	unsigned aptable;
	bool xntable, pxntable;
	bool leaf;           /* a cached leaf: the walk ends without a read */
};

/* What one level of a walk did, for explain (docs/explain.md). */
struct smmu_ptw_level {
	int level;
	uint64_t table;      /* the table's base address (an IPA for nested stage 1) */
	unsigned hi, lo;     /* the input-address bits [hi:lo] that index it */
	uint64_t index;
	uint64_t desc_addr;  /* table + index * 8; 0 for a leaf from the walk cache */
	uint64_t desc;       /* the descriptor (not read when fault is PTW_EABT/PTW_NESTED) */
	uint64_t next;       /* table: the next table's base; leaf: the output base */
	unsigned map_shift;  /* leaf: log2 of the page or block size */
	bool from_wc;        /* the table came from the walk cache */
	bool cached_leaf;    /* the leaf came from the walk cache: nothing was read */
	enum smmu_ptw_fault fault; /* PTW_OK, or the fault this level ended the walk with */
};

/* How the walker reads and (for HTTU) writes descriptors, and its walk cache. */
struct smmu_ptw_io {
	/* Returns PTW_OK, PTW_EABT or PTW_NESTED. */
	enum smmu_ptw_fault (*read)(void *ctx, uint64_t addr, uint64_t *desc);
	enum smmu_ptw_fault (*write)(void *ctx, uint64_t addr, uint64_t desc);
	void *ctx;
	/*
	 * Optional walk cache: wc_lookup finds the deepest cached table for ia,
	 * or its leaf descriptor (true and *step); wc_fill offers each table the
	 * walk reaches and, when the walk may be cached whole, its leaf.
	 */
	bool (*wc_lookup)(void *wc, uint64_t ia, struct smmu_ptw_step *step);
	void (*wc_fill)(void *wc, uint64_t ia, const struct smmu_ptw_step *step);
	void *wc;
	/* Optional: told what each level did (NULL unless explaining). */
	void (*explain)(void *ctx, const struct smmu_ptw_cfg *c, const struct smmu_ptw_level *l);
};

/*
 * Walk ia through the tables.  On PTW_OK the result describes the leaf;
 * permission is the caller's to check (it depends on the transaction).
 * Access-flag handling: AF=0 gives PTW_ACCESS unless affd; with ha the
 * caller sets AF through smmu__ptw_update once the access is permitted.
 */
enum smmu_ptw_fault smmu__ptw_walk(const struct smmu_ptw_cfg *cfg, uint64_t ia,
				   const struct smmu_ptw_io *io, struct smmu_ptw_result *r);

/* Write back a leaf descriptor changed by a hardware AF/dirty update. */
enum smmu_ptw_fault smmu__ptw_update(const struct smmu_ptw_io *io, struct smmu_ptw_result *r,
				     uint64_t new_desc);

/* The start level for a stage-1 input size and granule (Arm ARM D8.2.x). */
int smmu__ptw_s1_start_level(unsigned pgshift, unsigned ias);

#endif

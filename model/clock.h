/* SPDX-License-Identifier: MIT */
/*
 * Time.  Every access carries a struct sm_cost that each stage it passes
 * through adds cycles to; the system clock advances by a step's total.
 * The latency profile (model/profile.h, docs/timing.md) fills these in;
 * a block created without one uses SM_LATENCY_DEFAULT.
 */
#ifndef SMMUITS_CLOCK_H
#define SMMUITS_CLOCK_H

#include <stdint.h>

/* Cycles of each step; docs/timing.md gives the formula that adds them up. */
struct sm_latency {
	/* memory system */
	uint32_t ram_read;    /* one RAM read as seen by a requester (M) */
	uint32_t ram_write;
	uint32_t mmio_read;   /* a register read on any MMIO block */
	uint32_t mmio_write;
	/* SMMU device side */
	uint32_t issue;       /* accept a transaction into a translation slot */
	uint32_t utlb;        /* micro-TLB probe (0 with no micro-TLB) */
	uint32_t tlb;         /* main TLB probe */
	uint32_t complete;    /* hand the translated request downstream */
	uint32_t xfer;        /* device side <-> central unit, each way */
	/* SMMU central unit */
	uint32_t cfg;         /* configuration cache probe (one STE or one CD) */
	uint32_t ipa;         /* stage-2 (IPA) cache probe inside a stage-1 translation */
	uint32_t walk;        /* fixed cost of one walk: claim a walker, fill the TLB */
	uint32_t wc;          /* walk-cache probe, per level */
	/* SMMU command queue (charged to the CMDQ_PROD write that runs them) */
	uint32_t cmd;         /* consuming one command */
	uint32_t inval;       /* extra for a TLBI_* or CFGI_* */
	uint32_t sync;        /* extra for a CMD_SYNC */
	/* ITS and redistributors */
	uint32_t its_cache;   /* one probe of the device, ITE or collection cache */
	uint32_t lpi_cache;   /* one probe of a redistributor's LPI configuration cache */
};

/*
 * Blocks built without a profile (unit tests of one block): RAM at M = 100
 * cycles and the SMMU pipeline of the `default` profile; the ITS and LPI
 * cache probes are free, so a block's own tests see memory cost only.
 */
#define SM_LATENCY_DEFAULT { \
	.ram_read = 100, .ram_write = 100, .mmio_read = 10, .mmio_write = 10, \
	.issue = 1, .utlb = 1, .tlb = 3, .complete = 1, .xfer = 8, \
	.cfg = 3, .ipa = 3, .walk = 2, .wc = 4, \
	.cmd = 4, .inval = 16, .sync = 32, \
	.its_cache = 0, .lpi_cache = 0, }

struct sm_clock {
	uint64_t now; /* cycles since the model was created or reset */
};

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Time.  Every access carries a struct sm_cost that each stage it passes
 * through adds cycles to; the system clock advances by a step's total.
 * The latency profile holds the per-structure costs; the timing issue fills
 * it out from profile files, the foundation uses the defaults below.
 */
#ifndef SMMUITS_CLOCK_H
#define SMMUITS_CLOCK_H

#include <stdint.h>

struct sm_latency {
	uint32_t ram_read;    /* one RAM read as seen by a requester */
	uint32_t ram_write;
	uint32_t mmio_read;   /* a register read on any MMIO block */
	uint32_t mmio_write;
	uint32_t smmu_config; /* STE/config cache probe */
	uint32_t smmu_cmd;    /* consuming one command-queue entry */
};

/* Defaults: RAM at M = 100 cycles, as the `default` profile of the timing issue. */
#define SM_LATENCY_DEFAULT { \
	.ram_read = 100, .ram_write = 100, .mmio_read = 10, .mmio_write = 10, \
	.smmu_config = 3, .smmu_cmd = 4, }

struct sm_clock {
	uint64_t now; /* cycles since the model was created or reset */
};

#endif

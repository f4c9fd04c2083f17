/* SPDX-License-Identifier: MIT */
/*
 * smmuits sweep: stream 64 B DMA reads over a window of growing size and
 * report throughput and latency per window (docs/timing.md "Sweep").
 * Each window gets a fresh system set up as a driver would (stage 1, 4 KB
 * pages); a device model issues random 64 B reads in the window at a fixed
 * interval with a bounded number outstanding, as a PCIe device does.
 */
#ifndef SMMUITS_SWEEP_H
#define SMMUITS_SWEEP_H

#include <stdint.h>

#include "model/err.h"

struct sweep_opts {
	const char *profile;   /* NULL: iommu-xeon */
	const char *platform;  /* NULL: qemu-virt */
	unsigned reads;        /* measured reads per window */
	unsigned interval;     /* cycles between reads; 0: the profile's dev_interval */
	unsigned tags;         /* reads a device may have outstanding */
	uint64_t seed;         /* of the address sequence */
};

struct sweep_point {
	unsigned pages;
	uint32_t clock_mhz, interval;
	uint64_t reads;
	uint64_t span;          /* cycles from the first issue to the last completion */
	uint64_t lat_stream;    /* summed latency while streaming */
	uint64_t lat_alone;     /* summed latency of `alone` reads issued one at a time */
	uint64_t alone;
	uint64_t tlb_hits, tlb_misses; /* while streaming */
};

/* Measure one window of `pages` 4 KiB pages. */
int sweep_window(const struct sweep_opts *o, unsigned pages, struct sweep_point *pt,
		 struct sm_err *err);

/* The `smmuits sweep` command: argv after "sweep".  Exit status. */
int sweep_main(int argc, char **argv);

#endif

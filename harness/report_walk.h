/* SPDX-License-Identifier: MIT */
/*
 * The walk diagram of one transaction in the HTML report.
 *
 * Drawing works from a struct walk_view, never from RUN.json directly:
 * walk_from_txn fills one from what replay --json records today (the
 * IOVA, the outcome, the rule and the trace's own ste/cd lines), and a
 * richer source (explain --json: the table addresses and descriptors each
 * level read) only has to fill the has_table/has_desc fields and clear
 * `assumed` for walk_svg to draw them.
 */
#ifndef SMMUITS_REPORT_WALK_H
#define SMMUITS_REPORT_WALK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/report.h"

#define WALK_MAX_LEVELS 5   /* levels -1..3 of a 52-bit walk */

enum walk_kind {
	WALK_BYPASS,    /* the SMMU let the address through (SMMUEN=0 + GBPA, or STE bypass) */
	WALK_ABORT,     /* terminated before any walk */
	WALK_CONFIG,    /* a fault while finding the configuration (STE, CD): no walk */
	WALK_TLB,       /* served by the TLB: no walk */
	WALK_TABLES,    /* a table walk: levels[] */
	WALK_OTHER,     /* not a transaction the diagram understands (no IOVA) */
};

struct walk_level {
	int level;              /* -1..3 */
	unsigned hi, lo;        /* the input address bits that index this table */
	uint64_t index;
	bool has_table;         /* table base address known */
	uint64_t table;
	bool has_desc;          /* descriptor read known */
	uint64_t desc;
};

struct walk_view {
	enum walk_kind kind;
	uint64_t iova;
	bool has_iova;
	unsigned stage;         /* WALK_TABLES: 1 or 2: which stage levels[] belong to */
	bool nested;            /* stage 1 followed by stage 2 */
	unsigned granule;       /* log2 bytes */
	unsigned ias;           /* input address bits */
	struct walk_level levels[WALK_MAX_LEVELS];
	unsigned nlevels;
	bool faulted;           /* the walk ended in a fault, at a level not known here */
	bool assumed;           /* granule/size from the trace's set-up lines or defaults */
	bool has_pa;
	uint64_t pa;
	char fault[48];         /* event name, or "" */
	char end[128];          /* where the access went: "ram0", "LPI 8200 at CPU 2", "abort" */
	char why[256];          /* the model's rule */
};

/*
 * The levels of a walk of `ias` input bits with a 2^granule-byte granule
 * (VMSAv8-64: each level resolves granule-3 bits, the last one ends at bit
 * `granule`), indices taken from addr.  Returns the number of levels.
 */
unsigned walk_levels(uint64_t addr, unsigned granule, unsigned ias, struct walk_level *out);

void walk_from_txn(const struct report_txn *t, struct walk_view *w);

/* An <svg class="walk"> diagram. */
void walk_svg(FILE *f, const struct walk_view *w);

#endif

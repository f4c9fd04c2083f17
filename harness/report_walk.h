/* SPDX-License-Identifier: MIT */
/*
 * The walk diagram of one transaction in the HTML report.
 *
 * Drawing works from a struct walk_view, never from RUN.json directly.
 * walk_from_txn fills one from what replay --json records (the IOVA, the
 * outcome, the rule and the trace's own ste/cd lines: the fields are then
 * `assumed`), and, when the run was made with --explain, from the model's
 * own record of the transaction (harness/report_explain.c): each level's
 * table address, index bits, descriptor address and value decoded, walk
 * cache hits, the stage-2 translation of each stage-1 table address when
 * nested, the final stage-2 walk, the faulting level and the event record,
 * and for an MSI the ITS's chain of tables.
 */
#ifndef SMMUITS_REPORT_WALK_H
#define SMMUITS_REPORT_WALK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/report.h"

#define WALK_MAX_LEVELS 5   /* levels -1..3 of a 52-bit walk */
#define WALK_MAX_EVENT  12  /* event record fields shown */
#define WALK_ITS_BOXES  6   /* DeviceID, DTE, ITE, CTE, redistributor, LPI property */
#define WALK_BOX_LINES  6

enum walk_kind {
	WALK_BYPASS,    /* the SMMU let the address through (SMMUEN=0 + GBPA, or STE bypass) */
	WALK_ABORT,     /* terminated before any walk */
	WALK_CONFIG,    /* a fault while finding the configuration (STE, CD): no walk */
	WALK_TLB,       /* served by the TLB: no walk */
	WALK_TABLES,    /* a table walk: walk.levels[] */
	WALK_OTHER,     /* not a transaction the diagram understands (no IOVA) */
};

/* How the walk cache took part in a level (explained walks only). */
enum walk_wc {
	WALK_WC_NONE,     /* read from memory */
	WALK_WC_SKIPPED,  /* not visited: the walk resumed below it from the walk cache */
	WALK_WC_TABLE,    /* the table's address came from the walk cache */
	WALK_WC_LEAF,     /* the leaf descriptor itself came from the walk cache */
};

/* Nested: stage 2 of one stage-1 descriptor address (an IPA). */
struct walk_nest {
	bool present;
	bool cache_hit;         /* the IPA cache had it: no stage-2 walk */
	bool faulted;
	bool has_pa;
	uint64_t ipa, pa;
	unsigned nlevels;       /* stage-2 tables read for it */
	int level[WALK_MAX_LEVELS];
	uint64_t table[WALK_MAX_LEVELS];
};

struct walk_level {
	int level;              /* -1..3 */
	unsigned hi, lo;        /* the input address bits that index this table */
	uint64_t index;
	bool has_table;         /* table base address known */
	uint64_t table;
	bool has_desc;          /* descriptor read known */
	uint64_t desc;
	/* from the explanation */
	bool visited;           /* the walk read this level (or took it from the walk cache) */
	bool has_desc_addr;
	uint64_t desc_addr;
	enum walk_wc wc;
	bool fault;             /* the walk stopped at this level */
	char type[40];          /* "table", "page", "block", "invalid (bit[0]=0)" */
	char out[40];           /* "next 0x7f008000", "OA 0x40010000" */
	char attrs[64];         /* "AP 0b01 UXN 1 PXN 1 AF 1", "S2AP 0b11 XN 2 AF 1" */
	struct walk_nest nest;
};

/* The tables of one stage's walk. */
struct walk_row {
	bool present;
	unsigned stage;         /* 1 or 2 */
	uint64_t ia;            /* the address walked: the IOVA, or an IPA */
	unsigned granule;       /* log2 bytes */
	unsigned ias;           /* input address bits */
	bool has_base;
	uint64_t base;          /* TTB0/1 or S2TTB */
	struct walk_level levels[WALK_MAX_LEVELS];
	unsigned nlevels;
	bool faulted;           /* a level of this row faulted (or its permissions did) */
	bool cache_hit;         /* (the final stage 2) the IPA cache had it: no walk */
	uint64_t hit_in, hit_out;
	bool has_out;
	uint64_t out;           /* the output address of the row */
};

/* A labelled box of the ITS chain (or of a TLB hit): up to WALK_BOX_LINES lines. */
struct walk_box {
	bool present, bad;
	unsigned n;
	char line[WALK_BOX_LINES][64];
};

struct walk_view {
	enum walk_kind kind;
	uint64_t iova;
	bool has_iova;
	bool nested;            /* stage 1 followed by stage 2 */
	struct walk_row walk;   /* WALK_TABLES: the (first) stage's tables */
	struct walk_row s2;     /* nested, explained: the final stage 2 of the IPA */
	bool faulted;           /* the walk ended in a fault */
	bool assumed;           /* granule/size from the trace's set-up lines or defaults */
	bool has_pa;
	uint64_t pa;
	char fault[48];         /* event name, or "" */
	char end[128];          /* where the access went: "ram0", "LPI 8200 at CPU 2", "abort" */
	char why[256];          /* the model's rule */
	/* from the explanation (explained is set when it gave any of this) */
	bool explained;
	unsigned skipped;       /* explanation steps that could not be read */
	struct walk_box hit;    /* WALK_TLB / WALK_CONFIG: what the explanation said */
	unsigned nevent;
	struct { char name[16], value[48]; } event[WALK_MAX_EVENT];
	bool its;               /* an MSI that reached the ITS */
	struct walk_box itsbox[WALK_ITS_BOXES];
};

/*
 * The levels of a walk of `ias` input bits with a 2^granule-byte granule
 * (VMSAv8-64: each level resolves granule-3 bits, the last one ends at bit
 * `granule`), indices taken from addr.  Returns the number of levels.
 */
unsigned walk_levels(uint64_t addr, unsigned granule, unsigned ias, struct walk_level *out);

/* The picture from RUN.json; then, when t->explain is set, refined by walk_explain. */
void walk_from_txn(const struct report_txn *t, struct walk_view *w);

/*
 * Fill w from an explanation (the "explain" array of docs/explain.md).
 * Steps that are not what the model prints are counted in w->skipped and
 * left out; what could be read still fills the diagram (harness/report_explain.c).
 */
void walk_explain(const struct jr_value *steps, struct walk_view *w);

/* The explanation's steps as an HTML table (stage, what, spec section, cycles, fields). */
void walk_explain_steps(FILE *f, const struct jr_value *steps);

/* <svg class="walk"> diagrams: the walk (or the path), the final stage 2, the ITS. */
void walk_svg(FILE *f, const struct walk_view *w);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Where a structured fuzz decoder's actions go.  Every action runs on the
 * model through the public API (include/smmuits.h) and, when a trace file
 * is attached (`smmuits fuzz-repro`), is also printed as a trace v1 line,
 * so one decoder serves both the fuzzer and its readable reproducer.
 *
 * The sink also keeps a host copy ("shadow") of the memory regions the
 * decoder owns: what software wrote there, plus the DMA writes the model
 * says it performed.  fz_check_memory() compares the shadow with the
 * model's memory, which is the oracle "memory changed only where the model
 * says the write went".
 */
#ifndef SMMUITS_FUZZ_SINK_H
#define SMMUITS_FUZZ_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smmuits.h"

#define FZ_MAX_REGIONS 4

struct fz_region {
	uint64_t base;
	size_t len;      /* bytes in use (compared) */
	size_t cap;      /* bytes allocated in shadow */
	uint8_t *shadow;
};

/* What the reference model expects of a transaction, for the trace's expect= */
enum fz_expect_kind { FZ_EXP_NONE, FZ_EXP_PA, FZ_EXP_BYPASS, FZ_EXP_ABORT, FZ_EXP_FAULT,
		      FZ_EXP_LPI, FZ_EXP_DROP };

struct fz_expect {
	enum fz_expect_kind kind;
	uint64_t pa;
	const char *fault;  /* FZ_EXP_FAULT */
	uint32_t intid;     /* FZ_EXP_LPI */
	int cpu;
};

struct fz_sink {
	struct smmuits *sys;
	FILE *trace;              /* repro: trace lines; NULL while fuzzing */
	bool keep_going;          /* repro: note violations instead of aborting */
	unsigned violations;
	struct fz_region reg[FZ_MAX_REGIONS];
	unsigned nreg;
	uint8_t *scratch;         /* for reading model memory back */
	size_t scratch_cap;
};

/* Reset for a new input; regions keep their buffers but forget their contents. */
void fz_sink_begin(struct fz_sink *s, struct smmuits *sys, FILE *trace);
void fz_sink_free(struct fz_sink *s);
/* Track [base, base+cap): its shadow starts zeroed (RAM after reset); len grows with use. */
int fz_track(struct fz_sink *s, uint64_t base, size_t cap);
void fz_track_grow(struct fz_sink *s, unsigned region, size_t len);

int fz_write(struct fz_sink *s, uint64_t pa, unsigned size, uint64_t val);
uint64_t fz_read(struct fz_sink *s, uint64_t pa, unsigned size);
int fz_fill(struct fz_sink *s, uint64_t pa, uint64_t len, uint8_t byte);
/* The shadow's 8 bytes at pa (tracked memory only): 0 and *val, or -1. */
int fz_shadow_get(const struct fz_sink *s, uint64_t pa, uint64_t *val);

/*
 * A device transaction.  data: size bytes (for size > 8 every byte equal,
 * as a trace line can say).  Updates the shadow with a performed write.
 * It prints nothing: the decoder prints the line once its oracle has
 * decided what to expect (the model's outcome when the oracle agrees, the
 * reference's when it does not, so the reproducer fails at that line).
 */
int fz_txn(struct fz_sink *s, const struct smmuits_txn *t, struct smmuits_txn_result *res);
void fz_print_txn(struct fz_sink *s, const struct smmuits_txn *t, const struct fz_expect *e);
/* The expectation that matches what the model did. */
void fz_expect_of(const struct smmuits_txn_result *res, struct fz_expect *e);
int fz_ack(struct fz_sink *s, unsigned cpu, uint32_t *intid, const char *expect);

/* Compare every tracked region with the model's memory; a difference is a violation. */
void fz_check_memory(struct fz_sink *s, const char *after);

void fz_note(struct fz_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An oracle violation: printed, then abort() unless keep_going. */
void fz_violation(struct fz_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

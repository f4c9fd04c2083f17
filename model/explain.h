/* SPDX-License-Identifier: MIT */
/*
 * An explain sink (docs/explain.md): the steps a block took for one
 * transaction, recorded by the block itself as it runs, so what is
 * explained is what was done.  Blocks hold a pointer to a sink that is
 * NULL when nobody asks, and test it before doing any work: one
 * predictable branch on the fast path.  Recording only reads model state;
 * it never reads memory or registers, so it cannot change a result or a
 * cycle count.
 *
 * A step is a stage ("strtab", "ste", "s1", "its"...), one sentence, the
 * spec section that defines the rule, the cycles the step cost and up to
 * SM_EXPLAIN_FIELDS name=value pairs, named as the Arm specifications name
 * them.  depth nests a step under the one that needed it (a stage-2 walk
 * of a stage-1 table address).
 */
#ifndef SMMUITS_EXPLAIN_H
#define SMMUITS_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SM_EXPLAIN_FIELDS  32
#define SM_EXPLAIN_NAME    24
#define SM_EXPLAIN_VALUE   64
#define SM_EXPLAIN_MAX     4096  /* steps kept per recording; later ones set truncated */

struct sm_explain_field {
	char name[SM_EXPLAIN_NAME];
	char value[SM_EXPLAIN_VALUE];
};

struct sm_explain_step {
	char stage[12];
	char what[200];
	char spec[48];
	uint64_t cycles;
	unsigned depth;
	unsigned nfields;
	struct sm_explain_field f[SM_EXPLAIN_FIELDS];
};

struct sm_explain {
	struct sm_explain_step *steps;
	size_t n, cap;
	unsigned depth;      /* of the next step */
	bool truncated;      /* out of memory or SM_EXPLAIN_MAX reached: steps are missing */
};

/* Forget the steps (the memory stays for the next recording). */
void sm_explain_clear(struct sm_explain *x);
void sm_explain_free(struct sm_explain *x);

/*
 * Append a step; NULL when it cannot be kept (truncated is then set).  The
 * field helpers accept NULL and do nothing, so callers need not check.
 */
struct sm_explain_step *sm_explain_add(struct sm_explain *x, const char *stage, const char *spec,
				       uint64_t cycles, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void sm_explain_fld(struct sm_explain_step *st, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sm_explain_hex(struct sm_explain_step *st, const char *name, uint64_t v);
void sm_explain_dec(struct sm_explain_step *st, const char *name, uint64_t v);
/* Sum of the cycles of steps [from, n). */
uint64_t sm_explain_cycles_since(const struct sm_explain *x, size_t from);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * smmuits-bench internals.  Systems are built only as software builds
 * them: trace text run through the trace parser and the harness driver
 * (bench_setup.c).  The timing loops live in bench.c.
 */
#ifndef SMMUITS_BENCH_H
#define SMMUITS_BENCH_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/driver.h"
#include "harness/setup.h"
#include "harness/trace.h"
#include "smmuits.h"

/* A growable text buffer for generated traces. */
struct sb {
	char *p;
	size_t len, cap;
};

void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_clear(struct sb *b);
void sb_free(struct sb *b);

/* A system plus the software-side driver state that set it up. */
struct bsys {
	struct smmuits *sys;
	struct driver drv;
};

/* Create a system on platform (NULL: qemu-virt); exits on failure. */
void bsys_open(struct bsys *b, const char *platform);
void bsys_close(struct bsys *b);
/*
 * Parse text as a trace (driver lines allowed) and execute its steps:
 * driver lines with driver_exec, write/fill with CPU accesses.  Any
 * error ends the program: a benchmark on a broken set-up measures nothing.
 */
void bsys_run(struct bsys *b, const char *text, size_t len);
void bsys_runf(struct bsys *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A parsed list of driver lines that can be executed many times (TLBI + SYNC). */
struct bsteps {
	struct trace t;
};
void bsteps_parse(struct bsteps *s, const char *text);
void bsteps_exec(struct bsys *b, const struct bsteps *s);
void bsteps_free(struct bsteps *s);


void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Set-up from trace text: commands that build a system before they measure
 * it (sweep, the benchmark) write the same lines a trace would (driver
 * lines, write and fill) and run them here, so they too program the model
 * only through MMIO and memory.
 */
#ifndef SMMUITS_SETUP_H
#define SMMUITS_SETUP_H

#include <stddef.h>

#include "harness/driver.h"
#include "harness/trace.h"
#include "model/err.h"
#include "smmuits.h"

/* The parse extension the replayer uses: driver verbs and SMMU event names. */
void setup_trace_ext(struct trace_ext *ext);
/* Run one parsed step: a driver line, write or fill; platform and profile lines do nothing. */
int setup_step(struct smmuits *sys, struct driver *drv, const struct trace_step *st,
	       struct sm_err *err);
/* Parse text (named name in messages) and run every step; stops at the first error. */
int setup_run(struct smmuits *sys, struct driver *drv, const char *text, size_t len,
	      const char *name, struct sm_err *err);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The ITS's and redistributors' explain hooks (its_explain.c,
 * docs/explain.md), called only when an explain sink is set.
 */
#ifndef SMMUITS_ITS_EXPLAIN_H
#define SMMUITS_ITS_EXPLAIN_H

#include <string.h>

#include "its/its_table.h"
#include "model/explain.h"

void its__x_begin(struct its *its, uint32_t eventid, const struct bus_attrs *attrs);
/* A table lookup's address arithmetic (why: the reason it found no entry, or NULL). */
void its__x_table(struct its *its, unsigned n, uint32_t id, uint64_t baser, bool indirect,
		  uint64_t base, uint64_t page, uint64_t bytes, uint64_t l1_addr, uint64_t l1e,
		  bool l1_read, uint64_t addr, const char *why, const struct bus_attrs *attrs);
/* A DTE, ITE or CTE (what), from the cache or read at addr. */
void its__x_entry(struct its *its, const char *what, uint64_t key, bool hit, bool read_ok,
		  uint64_t addr, uint64_t raw, const struct bus_attrs *attrs);
void its__x_itt(struct its *its, uint32_t eventid, const struct its_dte *dte, uint64_t addr);
void its__x_drop(struct its *its, const char *reason, const char *detail,
		 const struct bus_attrs *attrs);
/* The redistributor's part: range checks, the pending table, the LPI property byte. */
void gicr__x_lpi(struct sm_explain *x, unsigned cpu, uint32_t intid, uint32_t ctlr,
		 uint64_t propbaser, uint64_t pendbaser, unsigned idbits, const char *why,
		 bool hit, uint8_t cfg, uint64_t cycles);

#endif

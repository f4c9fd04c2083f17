/* SPDX-License-Identifier: MIT */
/*
 * The system's own explain steps (docs/explain.md): what the device issued,
 * what the platform decided, the data access at the PA (the DeviceID an
 * ITS is told) and the outcome.  The SMMU, ITS and redistributors record
 * theirs between these.
 */
#ifndef SMMUITS_SYS_EXPLAIN_H
#define SMMUITS_SYS_EXPLAIN_H

#include "smmuits.h"
#include "model/bus.h"
#include "model/explain.h"
#include "model/platform.h"

void sys_x_device(struct sm_explain *x, const struct smmuits_txn *t, uint64_t issue);
void sys_x_msi_bypass(struct sm_explain *x, const char *rule);
/* Before the data access; returns the step's index, for sys_x_access_done. */
size_t sys_x_access(struct sm_explain *x, const struct smmuits_txn *t, uint64_t pa,
		    const struct bus_region *rg, const struct bus_attrs *a);
/* After it: the access step takes what the bus charged less what later steps took. */
void sys_x_access_done(struct sm_explain *x, size_t idx, uint64_t cycles);
void sys_x_result(struct sm_explain *x, const struct smmuits_txn_result *res);

#endif

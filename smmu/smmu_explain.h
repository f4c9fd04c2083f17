/* SPDX-License-Identifier: MIT */
/*
 * The SMMU's explain hooks (docs/explain.md).  The transaction path calls
 * these only when s->explain is set, at the points where it decides; they
 * read what the path already has in hand (register values, raw dwords,
 * decoded structs) and never touch memory, caches or counters.
 *
 * Cycles: a step carries what it added to the transaction's latency.
 * Memory costs come from the transaction's bus attributes: each step takes
 * what the bus charged since the previous step (s->x_mark).  The final
 * timing step takes the device-side part of docs/timing.md's formula, so
 * the cycles of the SMMU's steps add up to smmu_result.cycles.
 */
#ifndef SMMUITS_SMMU_EXPLAIN_H
#define SMMUITS_SMMU_EXPLAIN_H

#include "model/explain.h"
#include "smmu/smmu_internal.h"

/* Memory cycles the bus charged since the last step took them. */
uint64_t smmu__x_mem(struct smmu *s, const struct bus_attrs *a);

void smmu__x_begin(struct smmu *s, const struct smmu_txn *t);
void smmu__x_gbpa(struct smmu *s, const struct smmu_txn *t);
/* Stream table: registers and the StreamID range check. */
void smmu__x_strtab(struct smmu *s, uint32_t sid, unsigned log2size, bool two_level,
		    uint64_t base);
void smmu__x_strtab_linear(struct smmu *s, uint32_t sid, uint64_t base, uint64_t ste_addr);
/* 2-level: the L1 descriptor (fetched or not) and, when it led somewhere, the STE address. */
void smmu__x_strtab_l1(struct smmu *s, uint32_t sid, unsigned split, uint64_t l1_addr,
		       uint64_t l1, bool fetched, const struct bus_attrs *a);
void smmu__x_strtab_l2(struct smmu *s, uint32_t sid, unsigned split, uint64_t l1,
		       uint64_t ste_addr);
/* The STE: from the configuration cache (addr unused), or fetched at addr. */
void smmu__x_ste(struct smmu *s, const struct smmu_ste *ste, bool cached, uint64_t addr,
		 const char *illegal, const struct bus_attrs *a);
void smmu__x_ste_fetch_failed(struct smmu *s, uint64_t addr, const struct bus_attrs *a);
/* A configuration cache probe (cd: for a CD, else the STE). */
void smmu__x_cfg(struct smmu *s, bool cd, uint32_t sid, uint32_t idx, bool hit);
/* CDs; a == NULL: the CD came from the configuration cache. */
void smmu__x_l1cd(struct smmu *s, const struct smmu_ste *ste, uint32_t idx, unsigned split,
		  uint64_t l1_addr, uint64_t pa, uint64_t l1, bool fetched, const struct bus_attrs *a);
void smmu__x_cd(struct smmu *s, const struct smmu_ste *ste, uint32_t idx, uint64_t addr,
		uint64_t pa, const struct smmu_cd *cd, bool fetched, const char *illegal,
		const struct bus_attrs *a);
/* Stage 1: the TLB probe, the TTBx choice and range check, the walk's geometry. */
void smmu__x_tlb(struct smmu *s, unsigned stage, unsigned kind, uint16_t vmid, uint16_t asid,
		 uint64_t va, const struct smmu_tlb_entry *hit, bool perm_ok, bool ipa_cache);
void smmu__x_s1_range(struct smmu *s, const struct smmu_cd *cd, uint64_t iova, unsigned sel,
		      bool el2_1r);
void smmu__x_walk(struct smmu *s, const struct smmu_ptw_cfg *c, uint64_t ia,
		  bool wc_enabled);
/* One level of a walk (the smmu_ptw_io.explain callback's work). */
void smmu__x_level(struct smmu *s, const struct smmu_ptw_cfg *c, const struct smmu_ptw_level *l,
		   const struct bus_attrs *a, bool wc_enabled);
void smmu__x_s1_perm(struct smmu *s, const struct smmu_cd *cd, const struct smmu_ptw_result *w,
		     unsigned perms, unsigned need, bool priv, bool instr, bool write);
void smmu__x_s2_perm(struct smmu *s, uint64_t desc, unsigned perms, unsigned need);
void smmu__x_update(struct smmu *s, unsigned stage, uint64_t addr, uint64_t old, uint64_t nd,
		    const struct bus_attrs *a);
/* A stage-2 translation of a CD or table address, nested under what needed it. */
void smmu__x_nest(struct smmu *s, const char *what, uint64_t ipa);
void smmu__x_unnest(struct smmu *s);
void smmu__x_s2(struct smmu *s, const struct smmu_ptw_cfg *c, uint64_t ipa, uint16_t vmid);
void smmu__x_event(struct smmu *s, const struct smmu_event *ev, enum smmu_event_status st,
		   const struct bus_attrs *a);
void smmu__x_suppressed(struct smmu *s, bool s2);
/* The verdict and docs/timing.md's formula for it; device_hit: nothing central was charged. */
void smmu__x_done(struct smmu *s, const struct smmu_txn *t, const struct smmu_result *r,
		  bool disabled, bool device_hit, uint64_t mem, unsigned walks, unsigned wc_probes,
		  unsigned ipa_probes);

#endif

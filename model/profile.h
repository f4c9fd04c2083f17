/* SPDX-License-Identifier: MIT */
/*
 * Latency profiles: the cache geometries and cycle costs of one modelled
 * implementation (format and meaning of every number: docs/timing.md).
 *
 *   # comment
 *   key value          one per line; value decimal or 0x hex
 *
 * A file starts from the `default` profile and overrides what it names;
 * an unknown key, a repeated key, a value out of range or a bad geometry
 * is an error naming FILE:LINE.  Built-in profiles: gem5, default,
 * iommu-xeon.
 */
#ifndef SMMUITS_PROFILE_H
#define SMMUITS_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "model/clock.h"
#include "model/err.h"

#define SM_PROFILE_WC_LEVELS 4

struct sm_profile {
	char name[64];            /* built-in name, or the file's path */
	struct sm_latency lat;
	/* SMMU */
	uint32_t utlb_entries;    /* per-StreamID micro-TLB, fully associative; 0: none */
	uint32_t tlb_sets, tlb_ways;
	uint32_t cfg_cache_sets, cfg_cache_ways;
	uint32_t wc_ways;         /* associativity of each walk-cache level */
	uint32_t wc_s1[SM_PROFILE_WC_LEVELS], wc_s2[SM_PROFILE_WC_LEVELS]; /* entries per level */
	uint32_t ipa_cache;       /* 1: stage-2 results are cached for nested translations */
	uint32_t wc_leaf;         /* 1: the walk cache also holds leaf descriptors */
	uint32_t slots;           /* translation slots: transactions in flight at once */
	uint32_t walkers;         /* table walks in progress at once */
	/* time base */
	uint32_t clock_mhz;       /* model cycles per microsecond (for ns and ops/s) */
	uint32_t dev_interval;    /* cycles between a streaming device's 64 B requests */
	/* ITS and redistributors */
	uint32_t its_dev_cache_sets, its_dev_cache_ways;
	uint32_t its_ite_cache_sets, its_ite_cache_ways;
	uint32_t its_coll_cache_sets, its_coll_cache_ways;
	uint32_t lpi_cache_sets, lpi_cache_ways;
};

/* A built-in name or a profile file; NULL means "default". */
int sm_profile_load(const char *name_or_path, struct sm_profile *out, struct sm_err *err);
/* Parse text (len bytes) on top of *base; src names it in messages ("FILE:LINE: ..."). */
int sm_profile_parse(const char *text, size_t len, const char *src,
		     const struct sm_profile *base, struct sm_profile *out, struct sm_err *err);
/* Names of the built-in profiles, NULL-terminated, and one's text (NULL if unknown). */
const char *const *sm_profile_builtin_names(void);
const char *sm_profile_builtin_text(const char *name);

#endif

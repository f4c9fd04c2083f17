/* SPDX-License-Identifier: MIT */
/*
 * ITS instance: configuration, ID register, reset, names.  IHI 0069 §5.2
 * "The ITS", §12.19 "The ITS register descriptions".
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "its/its_cmd.h"
#include "its/its_table.h"

void its_config_default(struct its_config *c)
{
	*c = (struct its_config){
		.devbits = 16, .eventid_bits = 16, .cidbits = 16,
		/* IIDR: 0 says "not a real part" (0x43b would claim Arm). */
		.iidr = 0,
		/* IMPDEF: GIC-600-like caches, 2-way: 32 DTEs, 256 ITEs, 16 CTEs. */
		.dev_cache_sets = 16, .dev_cache_ways = 2,
		.ite_cache_sets = 128, .ite_cache_ways = 2,
		.coll_cache_sets = 8, .coll_cache_ways = 2,
		.fast_path = true,
	};
}

/* The platform file's its properties: one per config field, with its legal range. */
#define U(f, lo, hi) PLAT_U32(struct its_config, f, lo, hi)
static const struct plat_key cfg_keys[] = {
	/* GITS_TYPER.Devbits and ID_bits are 5-bit fields holding bits - 1. */
	U(devbits, 1, 32), U(eventid_bits, 1, 32),
	/* CIDbits is 4 bits (bits - 1): 1..16. */
	U(cidbits, 1, 16),
	U(iidr, 0, UINT32_MAX),
	U(dev_cache_sets, 1, 65536), U(dev_cache_ways, 1, 64),
	U(ite_cache_sets, 1, 65536), U(ite_cache_ways, 1, 64),
	U(coll_cache_sets, 1, 65536), U(coll_cache_ways, 1, 64),
	PLAT_BOOL(struct its_config, fast_path),
};
#undef U

static int config_check(const struct its_config *c, const char *where, struct sm_err *err)
{
	const struct { const char *name; unsigned sets, ways; } caches[] = {
		{ "dev_cache", c->dev_cache_sets, c->dev_cache_ways },
		{ "ite_cache", c->ite_cache_sets, c->ite_cache_ways },
		{ "coll_cache", c->coll_cache_sets, c->coll_cache_ways },
	};

	if (c->devbits < 1 || c->devbits > 32 || c->eventid_bits < 1 || c->eventid_bits > 32 ||
	    c->cidbits < 1 || c->cidbits > 16)
		return sm_err_set(err, SM_EINVAL,
				  "%s: devbits=%u eventid_bits=%u cidbits=%u out of range "
				  "(1..32, 1..32, 1..16)", where, c->devbits, c->eventid_bits,
				  c->cidbits);
	for (size_t i = 0; i < sizeof(caches) / sizeof(caches[0]); i++)
		if (!caches[i].sets || (caches[i].sets & (caches[i].sets - 1)) || !caches[i].ways)
			return sm_err_set(err, SM_EINVAL,
					  "%s: %s_sets=%u must be a power of two, ways=%u non-zero",
					  where, caches[i].name, caches[i].sets, caches[i].ways);
	return SM_OK;
}

int its_config_from_plat(const struct plat_dev *dev, struct its_config *c, struct sm_err *err)
{
	char where[64];
	int rc = plat_apply_props(dev, cfg_keys, sizeof(cfg_keys) / sizeof(cfg_keys[0]), c, err);

	if (rc)
		return rc;
	snprintf(where, sizeof(where), "line %u", dev->line);
	return config_check(c, where, err);
}

static uint64_t compute_typer(const struct its_config *c)
{
	/*
	 * IHI 0069 §12.19 GITS_TYPER.  CIL=0 means 16-bit ICIDs and CIDbits RES0;
	 * a narrower collection ID is advertised with CIL=1.
	 */
	bool cil = c->cidbits != 16;

	return GITS_TYPER_PHYSICAL |
	       FIELD_PREP(GITS_TYPER_ITT_ENTRY_SIZE, ITS_ENTRY_SIZE - 1) |
	       FIELD_PREP(GITS_TYPER_IDBITS, c->eventid_bits - 1) |
	       FIELD_PREP(GITS_TYPER_DEVBITS, c->devbits - 1) |
	       /* PTA=0: MAPC/MOVALL/SYNC name redistributors by processor number. */
	       /* HCC=0: no collections held in the ITS; SEIS=0: errors stall the queue. */
	       FIELD_PREP(GITS_TYPER_CIL, cil) |
	       (cil ? FIELD_PREP(GITS_TYPER_CIDBITS, c->cidbits - 1) : 0);
}

struct its *its_create(const struct its_config *cfg, struct bus *bus, struct gicr *rdists,
		       const struct sm_latency *lat, const struct sm_log *log, struct sm_err *err)
{
	static const struct sm_latency def_lat = SM_LATENCY_DEFAULT;
	struct its_config def;
	struct its *its;

	if (!cfg) {
		its_config_default(&def);
		cfg = &def;
	}
	if (config_check(cfg, "its", err))
		return NULL;
	if (!rdists) {
		sm_err_set(err, SM_EINVAL, "its: needs the redistributors it delivers LPIs to");
		return NULL;
	}
	its = calloc(1, sizeof(*its));
	if (!its) {
		sm_err_set(err, SM_ENOMEM, "its: out of memory");
		return NULL;
	}
	its->cfg = *cfg;
	its->bus = bus;
	its->rd = rdists;
	its->log = log;
	its->lat = lat ? *lat : def_lat;
	its->typer = compute_typer(cfg);
	if (its__cache_init(&its->dev_cache, cfg->dev_cache_sets, cfg->dev_cache_ways) ||
	    its__cache_init(&its->ite_cache, cfg->ite_cache_sets, cfg->ite_cache_ways) ||
	    its__cache_init(&its->coll_cache, cfg->coll_cache_sets, cfg->coll_cache_ways)) {
		its_destroy(its);
		sm_err_set(err, SM_ENOMEM, "its: out of memory for the caches");
		return NULL;
	}
	its_reset(its);
	return its;
}

void its_destroy(struct its *its)
{
	if (!its)
		return;
	its__cache_free(&its->dev_cache);
	its__cache_free(&its->ite_cache);
	its__cache_free(&its->coll_cache);
	free(its);
}

void its_reset(struct its *its)
{
	/* IHI 0069 §12.19: registers without an architected reset value reset to 0 here. */
	its->ctlr = 0;
	its->cbaser = its->cwriter = its->creadr = 0;
	for (unsigned n = 0; n < GITS_BASER_NR; n++)
		its->baser[n] = its__baser_reset(n);
	its__cache_clear(&its->dev_cache);
	its__cache_clear(&its->ite_cache);
	its__cache_clear(&its->coll_cache);
	its->dev_cache.hits = its->dev_cache.misses = 0;
	its->ite_cache.hits = its->ite_cache.misses = 0;
	its->coll_cache.hits = its->coll_cache.misses = 0;
	its->last_error[0] = '\0';
	memset(&its->stats, 0, sizeof(its->stats));
	its->memo.valid = false;
}

const struct its_stats *its_get_stats(const struct its *its)
{
	struct its *m = (struct its *)its;

	m->stats.cache_hits = its->dev_cache.hits + its->ite_cache.hits + its->coll_cache.hits;
	m->stats.cache_misses = its->dev_cache.misses + its->ite_cache.misses +
				its->coll_cache.misses;
	m->stats.dev_hits = its->dev_cache.hits, m->stats.dev_misses = its->dev_cache.misses;
	m->stats.ite_hits = its->ite_cache.hits, m->stats.ite_misses = its->ite_cache.misses;
	m->stats.coll_hits = its->coll_cache.hits, m->stats.coll_misses = its->coll_cache.misses;
	return &its->stats;
}

const char *its_last_cmd_error(const struct its *its)
{
	return its->last_error[0] ? its->last_error : NULL;
}

const char *its_drop_name(enum its_drop d)
{
	switch (d) {
#define X(name, str) case ITS_DROP_##name: return str;
	ITS_DROP_LIST(X)
#undef X
	case ITS_DROP_COUNT:
		break;
	}
	return "?";
}

const char *its_cmd_name(unsigned opcode)
{
	switch (opcode) {
#define X(name, op, fn) case op: return #name;
	ITS_CMD_LIST(X)
#undef X
	}
	return NULL;
}

int its_cmd_from_name(const char *name)
{
#define X(n, op, fn) if (!strcmp(name, #n)) return op;
	ITS_CMD_LIST(X)
#undef X
	return -1;
}

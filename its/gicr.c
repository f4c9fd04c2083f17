/* SPDX-License-Identifier: MIT */
/*
 * GICv3 redistributors, LPIs only.  IHI 0069 §5.1 "LPIs", §12.10 "The GIC
 * Redistributor interface".
 *
 * Each CPU's redistributor has an RD_base frame and an SGI_base frame
 * (0x20000 together); frame n serves CPU n.  Its LPI state is:
 *   - the LPI configuration table in memory (GICR_PROPBASER, one byte per
 *     LPI from INTID 8192: Enable [0], Priority [7:2], §5.1.1), read through
 *     a set-associative cache that only GICR_INVLPIR/INVALLR, the ITS INV/
 *     INVALL commands, a GICR_PROPBASER write or eviction refresh;
 *   - the pending set, kept in the model as a sorted array of INTIDs and
 *     written through to the pending table in memory (GICR_PENDBASER, bit
 *     INTID, §5.1.2), so software and tests see the architected table.
 * The CPU interface is reduced to an acknowledge (gicr_ack).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "its/its_explain.h"

#define GICR_SGI_BASE    0x10000u
#define PROPBASER_IMPL   (GICR_PROPBASER_IDBITS | GICR_PROPBASER_INNERCACHE | \
			  GICR_PROPBASER_SHAREABILITY | GICR_PROPBASER_PHYSICAL_ADDRESS | \
			  GICR_PROPBASER_OUTERCACHE)
/* PTZ is write-only: it is acted on at the next EnableLPIs 0->1, never read back. */
#define PENDBASER_IMPL   (GICR_PENDBASER_INNERCACHE | GICR_PENDBASER_SHAREABILITY | \
			  GICR_PENDBASER_PHYSICAL_ADDRESS | GICR_PENDBASER_OUTERCACHE)

struct gicr_cpu {
	uint32_t ctlr;        /* EnableLPIs */
	uint32_t waker;       /* ProcessorSleep; ChildrenAsleep is computed */
	uint64_t propbaser, pendbaser;
	bool ptz;             /* the last accepted PENDBASER write had PTZ=1 */
	uint32_t *pend;       /* pending LPIs, ascending */
	size_t npend, cap;
	struct its__cache cfg_cache; /* INTID -> configuration byte */
	uint64_t gen;         /* host only (its_fast.c): bumped when the state above changes */
};

struct gicr {
	struct gicr_config cfg;
	struct bus *bus;
	const struct sm_log *log;
	struct sm_latency lat;
	struct gicr_cpu *cpu;
	struct gicr_stats stats;
	struct sm_explain *explain;   /* docs/explain.md; NULL when nobody asks */
	uint64_t cfg_miss_seq;        /* host only (its_fast.c): configuration-cache misses */
};

#define gicr_log(g, lvl, ...) sm_log((g)->log, (lvl), "gicr", __VA_ARGS__)

void gicr_config_default(struct gicr_config *cfg)
{
	*cfg = (struct gicr_config){
		.ncpus = 4,
		/* GICD_TYPER.IDbits + 1 = 16: LPIs 8192..65535, as GIC-600 defaults to. */
		.idbits = 16,
		/* IMPDEF: 64 LPI configurations per redistributor, 16 sets x 4 ways. */
		.lpi_cache_sets = 16, .lpi_cache_ways = 4,
	};
}

static int config_check(const struct gicr_config *c, struct sm_err *err)
{
	/* Processor_Number is 16 bits (GICR_TYPER); 14 bits is the least that has LPIs. */
	if (c->ncpus < 1 || c->ncpus > 65536)
		return sm_err_set(err, SM_EINVAL, "gicr: ncpus=%u out of range 1..65536", c->ncpus);
	if (c->idbits < 14 || c->idbits > 32)
		return sm_err_set(err, SM_EINVAL, "gicr: idbits=%u out of range 14..32", c->idbits);
	if (!c->lpi_cache_sets || (c->lpi_cache_sets & (c->lpi_cache_sets - 1)) ||
	    !c->lpi_cache_ways)
		return sm_err_set(err, SM_EINVAL,
				  "gicr: lpi_cache_sets=%u must be a power of two, ways=%u non-zero",
				  c->lpi_cache_sets, c->lpi_cache_ways);
	return SM_OK;
}

struct gicr *gicr_create(const struct gicr_config *cfg, struct bus *bus,
			 const struct sm_latency *lat, const struct sm_log *log,
			 struct sm_err *err)
{
	static const struct sm_latency def_lat = SM_LATENCY_DEFAULT;
	struct gicr_config def;
	struct gicr *g;

	if (!cfg) {
		gicr_config_default(&def);
		cfg = &def;
	}
	if (config_check(cfg, err))
		return NULL;
	g = calloc(1, sizeof(*g));
	if (!g || !(g->cpu = calloc(cfg->ncpus, sizeof(*g->cpu)))) {
		free(g);
		sm_err_set(err, SM_ENOMEM, "gicr: out of memory");
		return NULL;
	}
	g->cfg = *cfg;
	g->bus = bus;
	g->log = log;
	g->lat = lat ? *lat : def_lat;
	for (unsigned i = 0; i < cfg->ncpus; i++) {
		if (its__cache_init(&g->cpu[i].cfg_cache, cfg->lpi_cache_sets,
				    cfg->lpi_cache_ways)) {
			gicr_destroy(g);
			sm_err_set(err, SM_ENOMEM, "gicr: out of memory for the LPI caches");
			return NULL;
		}
	}
	gicr_reset(g);
	return g;
}

void gicr_destroy(struct gicr *g)
{
	if (!g)
		return;
	for (unsigned i = 0; i < g->cfg.ncpus; i++) {
		its__cache_free(&g->cpu[i].cfg_cache);
		free(g->cpu[i].pend);
	}
	free(g->cpu);
	free(g);
}

void gicr_reset(struct gicr *g)
{
	for (unsigned i = 0; i < g->cfg.ncpus; i++) {
		struct gicr_cpu *c = &g->cpu[i];

		c->ctlr = 0;
		/* IHI 0069 §12.11 GICR_WAKER: ProcessorSleep resets to 1. */
		c->waker = (uint32_t)GICR_WAKER_PROCESSORSLEEP;
		c->propbaser = c->pendbaser = 0;
		c->ptz = false;
		c->npend = 0;
		c->gen++;
		its__cache_clear(&c->cfg_cache);
		c->cfg_cache.hits = c->cfg_cache.misses = 0;
	}
	memset(&g->stats, 0, sizeof(g->stats));
}

unsigned gicr_ncpus(const struct gicr *g)
{
	return g->cfg.ncpus;
}

void gicr_set_explain(struct gicr *g, struct sm_explain *x)
{
	g->explain = x;
}

unsigned gicr__idbits(const struct gicr *g)
{
	return g->cfg.idbits;
}

const struct gicr_stats *gicr_get_stats(const struct gicr *g)
{
	struct gicr *m = (struct gicr *)g;

	m->stats.cfg_cache_hits = m->stats.cfg_cache_misses = 0;
	for (unsigned i = 0; i < g->cfg.ncpus; i++) {
		m->stats.cfg_cache_hits += g->cpu[i].cfg_cache.hits;
		m->stats.cfg_cache_misses += g->cpu[i].cfg_cache.misses;
	}
	return &g->stats;
}

/* ---- LPI state ---- */

/*
 * IHI 0069 §12.11 GICR_PROPBASER.IDbits: LPIs exist up to 2^(IDbits+1) - 1,
 * and an IDbits above GICD_TYPER.IDbits behaves as GICD_TYPER.IDbits.
 * Below 13 (largest INTID under 8192) there are no LPIs at all.
 */
static bool lpi_in_range(const struct gicr *g, const struct gicr_cpu *c, uint32_t intid)
{
	unsigned bits = (unsigned)FIELD_GET(GICR_PROPBASER_IDBITS, c->propbaser) + 1;

	if (bits > g->cfg.idbits)
		bits = g->cfg.idbits;
	return intid >= LPI_INTID_BASE && (bits >= 32 || intid < (UINT64_C(1) << bits));
}

/* Index of the first pending INTID >= intid. */
static size_t pend_find(const struct gicr_cpu *c, uint32_t intid)
{
	size_t lo = 0, hi = c->npend;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->pend[mid] < intid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool pend_has(const struct gicr_cpu *c, uint32_t intid)
{
	size_t i = pend_find(c, intid);

	return i < c->npend && c->pend[i] == intid;
}

static bool pend_add(struct gicr_cpu *c, uint32_t intid)
{
	size_t i = pend_find(c, intid);

	if (i < c->npend && c->pend[i] == intid)
		return true;
	if (c->npend == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		uint32_t *p = realloc(c->pend, cap * sizeof(*p));

		if (!p)
			return false;
		c->pend = p;
		c->cap = cap;
	}
	memmove(&c->pend[i + 1], &c->pend[i], (c->npend - i) * sizeof(*c->pend));
	c->pend[i] = intid;
	c->npend++;
	c->gen++;
	return true;
}

static bool pend_del(struct gicr_cpu *c, uint32_t intid)
{
	size_t i = pend_find(c, intid);

	if (i >= c->npend || c->pend[i] != intid)
		return false;
	memmove(&c->pend[i], &c->pend[i + 1], (c->npend - i - 1) * sizeof(*c->pend));
	c->npend--;
	c->gen++;
	return true;
}

/*
 * Set or clear bit INTID of the pending table (§5.1.2: byte INTID/8, bit
 * INTID%8).  IMPDEF: the update is modelled write-through so software sees
 * the architected table at any time, but costs nothing: a redistributor
 * keeps pending state on chip and writes it back off the critical path.
 */
static int pend_table_write(struct gicr *g, struct gicr_cpu *c, uint32_t intid, bool set)
{
	uint64_t pa = FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, c->pendbaser) + intid / 8;
	uint64_t byte;
	int rc = bus_read(g->bus, pa, 1, &byte, NULL);

	if (!rc) {
		byte = set ? byte | (1u << (intid % 8)) : byte & ~(1u << (intid % 8));
		rc = bus_write(g->bus, pa, 1, byte, NULL);
	}
	if (rc)
		gicr_log(g, SM_LOG_WARN, "cpu%u: pending table %s of INTID %u at 0x%llx failed: %s",
			 (unsigned)(c - g->cpu), set ? "set" : "clear", intid,
			 (unsigned long long)pa, sm_strerror(rc));
	return rc;
}

/*
 * The configuration byte of an LPI, through the cache.  A miss reads the
 * table (the bus adds ram_read to attrs).  IMPDEF: a read that hits
 * nothing gives 0 (disabled), is logged and is not cached.
 */
static uint8_t lpi_config(struct gicr *g, struct gicr_cpu *c, uint32_t intid,
			  struct bus_attrs *attrs)
{
	uint64_t pa = FIELD_ADDR(GICR_PROPBASER_PHYSICAL_ADDRESS, c->propbaser) +
		      (intid - LPI_INTID_BASE);
	uint64_t v;

	/* docs/timing.md: a probe costs lpi_cache_latency; a miss adds the read. */
	if (attrs)
		attrs->cycles += g->lat.lpi_cache;
	if (its__cache_lookup(&c->cfg_cache, intid, &v))
		return (uint8_t)v;
	g->cfg_miss_seq++;
	if (bus_read(g->bus, pa, 1, &v, attrs)) {
		gicr_log(g, SM_LOG_WARN, "cpu%u: LPI %u configuration read at 0x%llx failed: "
			 "treated as disabled", (unsigned)(c - g->cpu), intid,
			 (unsigned long long)pa);
		return 0;
	}
	its__cache_insert(&c->cfg_cache, intid, v);
	return (uint8_t)v;
}

const char *gicr_lpi_set_pending(struct gicr *g, unsigned cpu, uint32_t intid, bool *enabled,
				 struct bus_attrs *attrs)
{
	struct gicr_cpu *c;
	const char *why = NULL;

	*enabled = false;
	if (cpu >= g->cfg.ncpus) {
		why = "no such CPU";
	} else {
		c = &g->cpu[cpu];
		if (!(c->ctlr & GICR_CTLR_ENABLELPIS))
			why = "EnableLPIs=0";
		else if (!lpi_in_range(g, c, intid))
			why = "INTID out of range";
		else if (pend_table_write(g, c, intid, true))
			/* IMPDEF: the LPI is not made pending when its pending bit cannot be written. */
			why = "pending-table write failed";
		else if (!pend_add(c, intid))
			why = "out of host memory for pending state";
	}
	if (why) {
		if (g->explain && cpu < g->cfg.ncpus)
			gicr__x_lpi(g->explain, cpu, intid, g->cpu[cpu].ctlr, g->cpu[cpu].propbaser,
				    g->cpu[cpu].pendbaser, g->cfg.idbits, why, false, 0, 0);
		g->stats.lpis_dropped++;
		gicr_log(g, SM_LOG_INFO, "cpu%u: LPI %u dropped: %s", cpu, intid, why);
		return why;
	}
	g->stats.lpis_pending++;
	if (g->explain) {
		/* docs/explain.md: the same lookup, with what it cost and whether it hit */
		uint64_t c0 = attrs ? attrs->cycles : 0, h0 = c->cfg_cache.hits;
		uint8_t cfg = lpi_config(g, c, intid, attrs);

		*enabled = FIELD_GET(LPI_PROP_ENABLE, cfg) != 0;
		gicr__x_lpi(g->explain, cpu, intid, c->ctlr, c->propbaser, c->pendbaser,
			    g->cfg.idbits, NULL, c->cfg_cache.hits != h0, cfg,
			    attrs ? attrs->cycles - c0 : 0);
		return NULL;
	}
	*enabled = FIELD_GET(LPI_PROP_ENABLE, lpi_config(g, c, intid, attrs)) != 0;
	return NULL;
}

bool gicr_lpi_clear_pending(struct gicr *g, unsigned cpu, uint32_t intid, struct bus_attrs *attrs)
{
	struct gicr_cpu *c;

	(void)attrs;
	if (cpu >= g->cfg.ncpus)
		return false;
	c = &g->cpu[cpu];
	if (!pend_del(c, intid))
		return false;
	/* IMPDEF: a failed pending-table write is logged; the LPI is not pending either way. */
	pend_table_write(g, c, intid, false);
	return true;
}

bool gicr_lpi_is_pending(const struct gicr *g, unsigned cpu, uint32_t intid)
{
	return cpu < g->cfg.ncpus && pend_has(&g->cpu[cpu], intid);
}

bool gicr__pending_next(const struct gicr *g, unsigned cpu, uint32_t from, uint32_t *intid)
{
	const struct gicr_cpu *c;
	size_t i;

	if (cpu >= g->cfg.ncpus)
		return false;
	c = &g->cpu[cpu];
	i = pend_find(c, from);
	if (i >= c->npend)
		return false;
	*intid = c->pend[i];
	return true;
}

void gicr_lpi_inv(struct gicr *g, unsigned cpu, uint32_t intid)
{
	if (cpu < g->cfg.ncpus)
		its__cache_remove(&g->cpu[cpu].cfg_cache, intid);
}

void gicr_lpi_invall(struct gicr *g, unsigned cpu)
{
	if (cpu < g->cfg.ncpus)
		its__cache_clear(&g->cpu[cpu].cfg_cache);
}

int gicr_ack(struct gicr *g, unsigned cpu, uint32_t *intid, struct bus_attrs *attrs)
{
	struct gicr_cpu *c;
	unsigned best_prio = 256;
	uint32_t best = 0;

	if (cpu >= g->cfg.ncpus)
		return SM_EINVAL;
	c = &g->cpu[cpu];
	/* Ascending INTIDs and a strict '<': the lowest INTID wins a priority tie. */
	for (size_t i = 0; i < c->npend; i++) {
		uint8_t cfg = lpi_config(g, c, c->pend[i], attrs);
		unsigned prio = (unsigned)FIELD_GET(LPI_PROP_PRIORITY, cfg);

		if (FIELD_GET(LPI_PROP_ENABLE, cfg) && prio < best_prio) {
			best_prio = prio;
			best = c->pend[i];
		}
	}
	if (best_prio == 256)
		return SM_ERANGE; /* INTID 1023: spurious */
	gicr_lpi_clear_pending(g, cpu, best, attrs);
	g->stats.lpis_acked++;
	*intid = best;
	return SM_OK;
}

/*
 * EnableLPIs 0->1 (§5.1.2): with PTZ=0 the pending table in memory is the
 * LPIs' pending state, so it is read in; PTZ=1 promises it is all zero.
 */
static void load_pending(struct gicr *g, struct gicr_cpu *c)
{
	unsigned bits = (unsigned)FIELD_GET(GICR_PROPBASER_IDBITS, c->propbaser) + 1;
	uint64_t base = FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, c->pendbaser);
	uint64_t end;
	uint8_t chunk[512];

	c->npend = 0;
	if (c->ptz)
		return;
	if (bits > g->cfg.idbits)
		bits = g->cfg.idbits;
	end = (UINT64_C(1) << bits) / 8;
	/* The first 1 KiB (INTIDs below 8192) is IMPLEMENTATION DEFINED: not read. */
	for (uint64_t off = LPI_INTID_BASE / 8; off < end; off += sizeof(chunk)) {
		size_t n = end - off < sizeof(chunk) ? (size_t)(end - off) : sizeof(chunk);

		if (bus_read_block(g->bus, base + off, chunk, n, NULL)) {
			gicr_log(g, SM_LOG_WARN, "cpu%u: pending table read at 0x%llx failed: "
				 "the rest is taken as not pending", (unsigned)(c - g->cpu),
				 (unsigned long long)(base + off));
			return;
		}
		for (size_t i = 0; i < n; i++)
			for (unsigned b = 0; chunk[i] && b < 8; b++)
				if (chunk[i] & (1u << b))
					pend_add(c, (uint32_t)((off + i) * 8 + b));
	}
}

/* ---- the MSI fast path's view (its/its_fast.c, docs/performance.md) ---- */

uint64_t gicr__cfg_miss_seq(const struct gicr *g)
{
	return g->cfg_miss_seq;
}

bool gicr__memo_take(struct gicr *g, unsigned cpu, uint32_t intid, uint64_t miss_seq,
		     struct gicr__memo *m)
{
	struct gicr_cpu *c;

	/* Only a delivery whose configuration lookup hit: a miss reads memory. */
	if (cpu >= g->cfg.ncpus || g->cfg_miss_seq != miss_seq || g->explain)
		return false;
	c = &g->cpu[cpu];
	m->cfg = its__cache_find(&c->cfg_cache, intid);
	if (!m->cfg || !pend_has(c, intid))
		return false;
	m->cache = &c->cfg_cache;
	m->cache_gen = c->cfg_cache.gen;
	m->cpu_gen_at = &c->gen;
	m->cpu_gen = c->gen;
	m->pend_pa = FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, c->pendbaser) + intid / 8;
	m->pend_bit = (uint8_t)(1u << (intid % 8));
	return true;
}

/*
 * The LPI is still pending and its configuration still cached, and its bit
 * is still set in the pending table in RAM (software may have cleared it),
 * so the full path's pending-table write would store the byte it reads.
 */
bool gicr__memo_holds(struct gicr *g, const struct gicr__memo *m)
{
	const struct bus_region *r;
	uint8_t byte;

	if (g->explain || m->cache->gen != m->cache_gen || *m->cpu_gen_at != m->cpu_gen)
		return false;
	r = bus_find(g->bus, m->pend_pa);
	return r && r->kind == BUS_RAM &&
	       bus_ram_block(g->bus, r, m->pend_pa, &byte, 1, false, NULL) == SM_OK &&
	       (byte & m->pend_bit);
}

/* What gicr_lpi_set_pending counts and stamps for such a delivery. */
void gicr__memo_apply(struct gicr *g, const struct gicr__memo *m)
{
	g->stats.lpis_pending++;
	m->cfg->lru = ++m->cache->use_counter;
	m->cache->hits++;
}

/* ---- registers ---- */

static uint64_t typer(const struct gicr *g, unsigned cpu)
{
	/* IMPDEF: Affinity is Aff0 = cpu[7:0], Aff1 = cpu[15:8] (one cluster per 256 CPUs). */
	uint64_t aff = (cpu & 0xffu) | ((uint64_t)(cpu >> 8) << 8);

	/* DirectLPI=0: no SETLPIR/CLRLPIR; INVLPIR, INVALLR and SYNCR are implemented anyway. */
	return GICR_TYPER_PLPIS | FIELD_PREP(GICR_TYPER_PROCESSOR_NUMBER, cpu) |
	       FIELD_PREP(GICR_TYPER_LAST, cpu + 1 == g->cfg.ncpus) |
	       FIELD_PREP(GICR_TYPER_AFFINITY, aff);
}

static int gicr_mmio_read(void *opaque, uint64_t off, unsigned size, uint64_t *val,
			  struct bus_attrs *attrs)
{
	struct gicr *g = opaque;
	unsigned cpu = (unsigned)(off / GICR_FRAME_SIZE);
	uint64_t reg = off % GICR_FRAME_SIZE;
	uint64_t half = reg & 4;
	struct gicr_cpu *c;

	(void)attrs;
	*val = 0;
	if (cpu >= g->cfg.ncpus) {
		gicr_log(g, SM_LOG_WARN, "read at 0x%06llx: no redistributor %u (RAZ)",
			 (unsigned long long)off, cpu);
		return SM_OK;
	}
	c = &g->cpu[cpu];
	if (size == 8 || size == 4) {
		switch (reg & ~UINT64_C(7)) {
		case GICR_TYPER:     *val = bus_reg64_read(typer(g, cpu), half, size); return SM_OK;
		case GICR_PROPBASER: *val = bus_reg64_read(c->propbaser, half, size); return SM_OK;
		case GICR_PENDBASER: *val = bus_reg64_read(c->pendbaser, half, size); return SM_OK;
		case GICR_INVLPIR:   /* write-only: reads 0 */
		case GICR_INVALLR:   return SM_OK;
		default:             break;
		}
	}
	if (size != 4) {
		gicr_log(g, SM_LOG_WARN, "cpu%u: %u-byte read at 0x%05llx: registers are 32-bit (RAZ)",
			 cpu, size, (unsigned long long)reg);
		return SM_OK;
	}
	switch (reg) {
	case GICR_CTLR:  *val = c->ctlr; break; /* RWP, UWP: updates complete at once */
	case GICR_IIDR:  *val = 0; break;       /* IMPDEF: 0 says "not a real part" */
	case GICR_WAKER:
		/* Nothing below the redistributor to put to sleep: ChildrenAsleep follows at once. */
		*val = c->waker | FIELD_PREP(GICR_WAKER_CHILDRENASLEEP,
					     FIELD_GET(GICR_WAKER_PROCESSORSLEEP, c->waker));
		break;
	case GICR_SYNCR: *val = 0; break;       /* Busy=0: everything completed synchronously */
	case GICR_PIDR2: *val = FIELD_PREP(GITS_PIDR2_ARCHREV, 3); break;
	default:
		gicr_log(g, SM_LOG_WARN, "cpu%u: read of unimplemented offset 0x%05llx%s (RAZ)", cpu,
			 (unsigned long long)reg, reg >= GICR_SGI_BASE ? " (SGI_base frame)" : "");
		break;
	}
	return SM_OK;
}

static void ignored(struct gicr *g, unsigned cpu, const char *reg, const char *why)
{
	gicr_log(g, SM_LOG_WARN, "cpu%u: write to %s ignored: %s", cpu, reg, why);
}

static void write_ctlr(struct gicr *g, unsigned cpu, uint32_t v)
{
	struct gicr_cpu *c = &g->cpu[cpu];
	bool was = c->ctlr & GICR_CTLR_ENABLELPIS, now = v & GICR_CTLR_ENABLELPIS;

	c->ctlr = now ? (uint32_t)GICR_CTLR_ENABLELPIS : 0;
	c->gen++;
	if (!was && now) {
		load_pending(g, c);
		gicr_log(g, SM_LOG_INFO, "cpu%u: EnableLPIs 0->1, %zu LPIs pending from the table",
			 cpu, c->npend);
	} else if (was && !now) {
		/*
		 * IMPDEF: EnableLPIs can be cleared (GICR_CTLR.CES reads 0, which
		 * promises nothing either way).  The pending table already holds the
		 * pending state, so the in-model copy is dropped; a later 0->1 with
		 * PTZ=0 reads it back.
		 */
		c->npend = 0;
		gicr_log(g, SM_LOG_INFO, "cpu%u: EnableLPIs 1->0", cpu);
	}
}

static int gicr_mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t val,
			   struct bus_attrs *attrs)
{
	struct gicr *g = opaque;
	unsigned cpu = (unsigned)(off / GICR_FRAME_SIZE);
	uint64_t reg = off % GICR_FRAME_SIZE;
	uint64_t half = reg & 4;
	struct gicr_cpu *c;

	(void)attrs;
	if (cpu >= g->cfg.ncpus) {
		gicr_log(g, SM_LOG_WARN, "write at 0x%06llx ignored: no redistributor %u",
			 (unsigned long long)off, cpu);
		return SM_OK;
	}
	c = &g->cpu[cpu];
	if (size == 8 || size == 4) {
		switch (reg & ~UINT64_C(7)) {
		case GICR_PROPBASER:
			/* §12.11: UNPREDICTABLE while EnableLPIs=1; we chose: ignored. */
			if (c->ctlr & GICR_CTLR_ENABLELPIS) {
				ignored(g, cpu, "GICR_PROPBASER", "EnableLPIs=1");
			} else {
				c->propbaser = bus_reg64_write(c->propbaser, half, size, val) & PROPBASER_IMPL;
				c->gen++;
				/* IMPDEF: a new table drops every cached configuration. */
				its__cache_clear(&c->cfg_cache);
			}
			return SM_OK;
		case GICR_PENDBASER:
			/* §12.11: UNPREDICTABLE while EnableLPIs=1; we chose: ignored. */
			if (c->ctlr & GICR_CTLR_ENABLELPIS) {
				ignored(g, cpu, "GICR_PENDBASER", "EnableLPIs=1");
			} else {
				uint64_t w = bus_reg64_write(c->pendbaser, half, size, val);

				/* PTZ lives in the upper half; a low-half write leaves it as it was. */
				if (size == 8 || half)
					c->ptz = (w & GICR_PENDBASER_PTZ) != 0;
				c->pendbaser = w & PENDBASER_IMPL;
				c->gen++;
			}
			return SM_OK;
		case GICR_INVLPIR:
			/* §12.11: the INTID is [31:0]; only the low half carries it. */
			if (!half)
				gicr_lpi_inv(g, cpu, (uint32_t)val);
			return SM_OK;
		case GICR_INVALLR:
			if (!half)
				gicr_lpi_invall(g, cpu);
			return SM_OK;
		case GICR_TYPER:
			ignored(g, cpu, "GICR_TYPER", "read-only");
			return SM_OK;
		default:
			break;
		}
	}
	if (size != 4) {
		gicr_log(g, SM_LOG_WARN, "cpu%u: %u-byte write at 0x%05llx ignored: "
			 "registers are 32-bit", cpu, size, (unsigned long long)reg);
		return SM_OK;
	}
	switch (reg) {
	case GICR_CTLR:
		write_ctlr(g, cpu, (uint32_t)val);
		break;
	case GICR_WAKER:
		c->waker = (uint32_t)(val & GICR_WAKER_PROCESSORSLEEP);
		break;
	case GICR_IIDR: case GICR_SYNCR: case GICR_PIDR2:
		ignored(g, cpu, "a read-only register", "RO");
		break;
	default:
		gicr_log(g, SM_LOG_WARN, "cpu%u: write of unimplemented offset 0x%05llx%s ignored",
			 cpu, (unsigned long long)reg,
			 reg >= GICR_SGI_BASE ? " (SGI_base frame)" : "");
		break;
	}
	return SM_OK;
}

const struct bus_mmio_ops gicr_mmio_ops = {
	.read = gicr_mmio_read,
	.write = gicr_mmio_write,
};

/* SPDX-License-Identifier: MIT */
/*
 * A system: memory, bus and the blocks a platform describes, wired
 * together.  This is the only file that knows both model/ and smmu/.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smmuits.h"
#include "model/bus.h"
#include "model/mem.h"
#include "model/platform.h"
#include "model/profile.h"
#include "its/gicr.h"
#include "its/its.h"
#include "its/its_regs.h"
#include "smmu/smmu.h"
#include "lib/txn_plat.h"
#include "lib/sys_explain.h"

struct smmuits {
	struct platform plat;
	struct sm_profile prof;
	struct sm_log log;
	struct sm_latency lat;
	struct sm_clock clock;
	uint64_t busy_until;    /* the latest completion of any transaction */
	struct mem *mem;
	struct bus *bus;
	struct smmu *smmu;
	struct gicr *gicr;
	struct its *its;
	const struct plat_dev *smmu_dev; /* the modelled SMMU's platform line */
	smmuits_log_fn user_log;
	void *user_log_opaque;
	struct user_mmio { const struct smmuits_mmio_ops *ops; void *opaque; } mmio[SMMUITS_MAX_MMIO];
	unsigned nmmio;
	struct sm_explain *explain;  /* docs/explain.md: set between begin and end */
	struct sm_explain xbuf;      /* the last recording */
};

static int fail(char *err, size_t errlen, const struct sm_err *e)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", e->msg);
	return e->code ? e->code : SM_EINVAL;
}

static void log_bridge(void *opaque, enum sm_log_level level, const char *comp, const char *msg)
{
	struct smmuits *sys = opaque;

	sys->user_log(sys->user_log_opaque, (int)level, comp, msg);
}

/*
 * The latency profile's geometries (docs/timing.md).  The platform file's
 * smmu/its properties are applied after, so a platform may override them.
 */
static void profile_to_smmu(const struct sm_profile *p, struct smmu_config *c)
{
	c->utlb_entries = p->utlb_entries;
	c->tlb_sets = p->tlb_sets;
	c->tlb_ways = p->tlb_ways;
	c->cfg_cache_sets = p->cfg_cache_sets;
	c->cfg_cache_ways = p->cfg_cache_ways;
	c->wc_ways = p->wc_ways;
	for (unsigned l = 0; l < SM_PROFILE_WC_LEVELS; l++) {
		c->wc_level[0][l] = p->wc_s1[l];
		c->wc_level[1][l] = p->wc_s2[l];
	}
	c->ipa_cache = p->ipa_cache != 0;
	c->wc_leaf = p->wc_leaf != 0;
	c->slots = p->slots;
	c->walkers = p->walkers;
}

static void profile_to_its(const struct sm_profile *p, struct its_config *c)
{
	c->dev_cache_sets = p->its_dev_cache_sets;
	c->dev_cache_ways = p->its_dev_cache_ways;
	c->ite_cache_sets = p->its_ite_cache_sets;
	c->ite_cache_ways = p->its_ite_cache_ways;
	c->coll_cache_sets = p->its_coll_cache_sets;
	c->coll_cache_ways = p->its_coll_cache_ways;
}

/* The redistributors, which the ITS needs, from the platform's gicr line. */
static int add_gicr(struct smmuits *sys, const struct plat_dev *d, struct sm_err *e)
{
	struct gicr_config gc;
	uint64_t count = 1, stride = GICR_FRAME_SIZE;

	gicr_config_default(&gc);
	gc.lpi_cache_sets = sys->prof.lpi_cache_sets;
	gc.lpi_cache_ways = sys->prof.lpi_cache_ways;
	plat_prop_get(d, "count", &count);
	plat_prop_get(d, "stride", &stride);
	if (stride != GICR_FRAME_SIZE || !count || count > 512 || count * GICR_FRAME_SIZE > d->size)
		return sm_err_set(e, SM_EINVAL,
				  "line %u: gicr needs stride=0x20000 and count=1..512 frames that fit "
				  "the window", d->line);
	gc.ncpus = (unsigned)count;
	sys->gicr = gicr_create(&gc, sys->bus, &sys->lat, &sys->log, e);
	return sys->gicr ? SM_OK : (e->code ? e->code : SM_ENOMEM);
}

static int add_windows(struct smmuits *sys, struct sm_err *e)
{
	const struct platform *p = &sys->plat;
	const struct plat_dev *gicr = plat_find_dev(p, "gicr", 0);
	int rc;

	if (gicr && (rc = add_gicr(sys, gicr, e)))
		return rc;

	for (unsigned i = 0; i < p->nram; i++) {
		rc = bus_add_ram(sys->bus, p->ram[i].name, p->ram[i].base, p->ram[i].size, e);
		if (rc)
			return rc;
	}
	for (unsigned i = 0; i < p->ndevs; i++) {
		const struct plat_dev *d = &p->devs[i];

		if (d == gicr) {
			rc = bus_add_mmio(sys->bus, d->name, d->base,
					  gicr_ncpus(sys->gicr) * (uint64_t)GICR_FRAME_SIZE, &gicr_mmio_ops,
					  sys->gicr, e);
		} else if (!strcmp(d->kind, "its") && !sys->its) {
			struct its_config ic;

			/* The ITS delivers to the redistributors. */
			if (!sys->gicr)
				return sm_err_set(e, SM_EINVAL, "line %u: an its needs a gicr line", d->line);
			its_config_default(&ic);
			profile_to_its(&sys->prof, &ic);
			rc = its_config_from_plat(d, &ic, e);
			if (rc)
				return rc;
			sys->its = its_create(&ic, sys->bus, sys->gicr, &sys->lat, &sys->log, e);
			if (!sys->its)
				return e->code ? e->code : SM_ENOMEM;
			rc = bus_add_mmio(sys->bus, d->name, d->base, d->size, &its_mmio_ops, sys->its, e);
		} else if (!strcmp(d->kind, "smmu") && !sys->smmu) {
			struct smmu_config cfg;

			smmu_config_default(&cfg);
			profile_to_smmu(&sys->prof, &cfg);
			rc = smmu_config_from_plat(d, &cfg, e);
			if (rc)
				return rc;
			sys->smmu = smmu_create(&cfg, sys->bus, &sys->lat, &sys->log, e);
			if (!sys->smmu)
				return e->code ? e->code : SM_ENOMEM;
			sys->smmu_dev = d;
			rc = bus_add_mmio(sys->bus, d->name, d->base, d->size, &smmu_mmio_ops,
					  sys->smmu, e);
		} else {
			/* Described by the platform, not modelled yet: accesses say so. */
			rc = bus_add_reserved(sys->bus, d->name, d->base, d->size, e);
		}
		if (rc)
			return rc;
	}
	if (!sys->smmu)
		return sm_err_set(e, SM_EINVAL, "platform %s has no smmu window", p->name);
	return SM_OK;
}

int smmuits_create(const struct smmuits_config *cfg, struct smmuits **out,
		   char *err, size_t errlen)
{
	struct smmuits_config none = { 0 };
	struct sm_err e = { 0 };
	struct smmuits *sys;
	int rc;

	*out = NULL;
	if (!cfg)
		cfg = &none;
	/*
	 * plat_load zeroes and fills the 40 KiB platform itself: zero only
	 * the rest here (create's cost, docs/performance.md).
	 */
	_Static_assert(offsetof(struct smmuits, plat) == 0, "plat must come first");
	sys = malloc(sizeof(*sys));
	if (sys)
		memset((char *)sys + sizeof(sys->plat), 0, sizeof(*sys) - sizeof(sys->plat));
	if (!sys) {
		e.code = SM_ENOMEM;
		snprintf(e.msg, sizeof(e.msg), "out of memory");
		return fail(err, errlen, &e);
	}
	rc = plat_load(cfg->platform ? cfg->platform : "qemu-virt", &sys->plat, &e);
	if (rc)
		goto out_free;
	rc = sm_profile_load(cfg->profile, &sys->prof, &e);
	if (rc)
		goto out_free;
	sys->user_log = cfg->log_fn;
	sys->user_log_opaque = cfg->log_opaque;
	sys->log.fn = cfg->log_fn ? log_bridge : NULL;
	sys->log.opaque = sys;
	sys->log.level = (enum sm_log_level)cfg->log_level;
	sys->lat = sys->prof.lat;
	sys->mem = mem_create(cfg->mem_cap ? cfg->mem_cap : MEM_DEFAULT_CAP);
	sys->bus = sys->mem ? bus_create(sys->mem, &sys->lat, &sys->log) : NULL;
	if (!sys->bus) {
		rc = sm_err_set(&e, SM_ENOMEM, "out of memory creating the bus");
		goto out_free;
	}
	rc = add_windows(sys, &e);
	if (rc)
		goto out_free;
	*out = sys;
	return SM_OK;
out_free:
	smmuits_destroy(sys);
	return fail(err, errlen, &e);
}

void smmuits_destroy(struct smmuits *sys)
{
	if (!sys)
		return;
	sm_explain_free(&sys->xbuf);
	smmu_destroy(sys->smmu);
	its_destroy(sys->its);
	gicr_destroy(sys->gicr);
	bus_destroy(sys->bus);
	mem_destroy(sys->mem);
	free(sys);
}

void smmuits_reset(struct smmuits *sys)
{
	mem_reset(sys->mem);
	smmu_reset(sys->smmu);
	if (sys->its)
		its_reset(sys->its);
	if (sys->gicr)
		gicr_reset(sys->gicr);
	sys->clock.now = 0;
	sys->busy_until = 0;
}

int smmuits_read(struct smmuits *sys, uint64_t pa, unsigned size, uint64_t *val,
		 uint64_t *cycles)
{
	struct bus_attrs a = { .flags = BUS_ATTR_CPU };
	int rc = bus_read(sys->bus, pa, size, val, &a);

	sys->clock.now += a.cycles;
	if (cycles)
		*cycles = a.cycles;
	return rc;
}

int smmuits_write(struct smmuits *sys, uint64_t pa, unsigned size, uint64_t val,
		  uint64_t *cycles)
{
	struct bus_attrs a = { .flags = BUS_ATTR_CPU };
	int rc = bus_write(sys->bus, pa, size, val, &a);

	sys->clock.now += a.cycles;
	if (cycles)
		*cycles = a.cycles;
	return rc;
}

int smmuits_write_block(struct smmuits *sys, uint64_t pa, const void *buf, size_t len)
{
	struct bus_attrs a = { .flags = BUS_ATTR_CPU };
	return bus_write_block(sys->bus, pa, buf, len, &a);
}

int smmuits_read_block(struct smmuits *sys, uint64_t pa, void *buf, size_t len)
{
	struct bus_attrs a = { .flags = BUS_ATTR_CPU };
	return bus_read_block(sys->bus, pa, buf, len, &a);
}

int smmuits_fill(struct smmuits *sys, uint64_t pa, uint64_t len, uint8_t byte)
{
	uint8_t chunk[4096];

	memset(chunk, byte, sizeof(chunk));
	while (len) {
		size_t n = len < sizeof(chunk) ? (size_t)len : sizeof(chunk);
		int rc = smmuits_write_block(sys, pa, chunk, n);

		if (rc)
			return rc;
		pa += n;
		len -= n;
	}
	return SM_OK;
}

static enum smmuits_outcome outcome_of(enum smmu_verdict v)
{
	switch (v) {
	case SMMU_TRANSLATED:  return SMMUITS_TRANSLATED;
	case SMMU_BYPASS:      return SMMUITS_BYPASS;
	case SMMU_ABORT:       return SMMUITS_ABORT;
	case SMMU_FAULT:       return SMMUITS_FAULT;
	case SMMU_UNSUPPORTED: return SMMUITS_UNSUPPORTED;
	}
	return SMMUITS_UNSUPPORTED;
}

/*
 * A transaction's latency is known: untimed, the clock waits for it;
 * timed, the clock stays at its issue and only busy_until moves.
 */
static void txn_done(struct smmuits *sys, const struct smmuits_txn *t,
		     struct smmuits_txn_result *res, uint64_t latency)
{
	res->cycles = latency;
	res->done = res->issue + latency;
	sys->clock.now = t->timed ? res->issue : res->done;
	if (res->done > sys->busy_until)
		sys->busy_until = res->done;
}

int smmuits_txn(struct smmuits *sys, const struct smmuits_txn *t,
		struct smmuits_txn_result *res, char *err, size_t errlen)
{
	struct smmu_txn st = {
		.sid = t->sid, .ssv = t->ssv, .ssid = t->ssid, .iova = t->iova,
		.size = t->size, .write = t->write, .priv = t->priv, .exec = t->exec,
	};
	struct smmu_result sr;
	struct bus_attrs a = { 0 };
	const struct bus_region *rg;
	int rc;

	if (t->size == 0 || t->size > 4096 || (t->iova & 0xfff) + t->size > 4096) {
		if (err && errlen)
			snprintf(err, errlen, "a %u-byte transaction at 0x%llx crosses a 4 KiB boundary "
				 "or has a bad size: AXI cannot issue it", t->size,
				 (unsigned long long)t->iova);
		return SM_EINVAL;
	}
	if (t->ssv && t->ssid >= (1u << 20)) {
		if (err && errlen)
			snprintf(err, errlen, "SubstreamID 0x%x exceeds 20 bits", t->ssid);
		return SM_EINVAL;
	}
	if (t->msi && (!t->write || t->size != 4)) {
		if (err && errlen)
			snprintf(err, errlen, "an MSI is a 32-bit write");
		return SM_EINVAL;
	}
	/* Steps run in call order, so time cannot run backwards (docs/timing.md). */
	if (t->timed && t->at < sys->clock.now) {
		if (err && errlen)
			snprintf(err, errlen, "issue time %llu is before the model's clock %llu: "
				 "transactions run in order, so issue times must not decrease",
				 (unsigned long long)t->at, (unsigned long long)sys->clock.now);
		return SM_EINVAL;
	}
	/* The platform's say first: address width, which SMMU, MSI bypass (lib/txn_plat.c). */
	bool plain = txn_plat_plain(&sys->plat, sys->smmu_dev, t);

	if (!plain && (rc = txn_plat_check(&sys->plat, t, err, errlen)) != 0)
		return rc;
	st.issue = t->timed ? t->at : sys->clock.now;
	if (sys->explain)
		sys_x_device(sys->explain, t, st.issue);
	if (plain || !txn_plat_msi_bypass(&sys->plat, t, &sr))
		smmu_translate(sys->smmu, &st, &sr);
	else if (sys->explain)
		sys_x_msi_bypass(sys->explain, sr.rule);
	/* Every field, set once: no memset on the hot path. */
	*res = (struct smmuits_txn_result){
		.outcome = outcome_of(sr.verdict), .pa = sr.pa, .rule = sr.rule,
		.issue = st.issue, .wait = sr.wait,
	};
	if (sr.verdict == SMMU_FAULT) {
		res->fault_type = (int)sr.event.type;
		res->fault_name = smmu_event_name(sr.event.type);
		res->event_status = smmu_event_status_name(sr.event_status);
	}
	if (sr.verdict != SMMU_TRANSLATED && sr.verdict != SMMU_BYPASS) {
		txn_done(sys, t, res, sr.cycles);
		if (sys->explain)
			sys_x_result(sys->explain, res);
		return SM_OK;
	}

	rg = bus_find(sys->bus, sr.pa);
	res->target = rg ? rg->name : NULL;
	/* Plain data to RAM: a block copy, and nobody asks who sent it. */
	bool ram_data = rg && rg->kind == BUS_RAM && !t->msi;
	/* The DeviceID travels with the write so an ITS can tell who sent an MSI. */
	uint32_t devid;
	if (!ram_data && plat_sid_to_devid(&sys->plat, t->sid, &devid) == SM_OK) {
		a.src_id = devid;
		a.flags |= BUS_ATTR_SRC_VALID;
	}
	size_t xstep = sys->explain ? sys_x_access(sys->explain, t, sr.pa, rg, &a) : 0;
	if (t->size <= 8 && !ram_data) {
		uint64_t v = 0;

		if (t->write)
			rc = bus_write(sys->bus, sr.pa, t->size, mem_le_get(t->data, t->size), &a);
		else
			rc = bus_read(sys->bus, sr.pa, t->size, &v, &a);
		if (!rc && !t->write)
			mem_le_put(t->data, t->size, v);
	} else {
		rc = bus_ram_block(sys->bus, rg, sr.pa, t->data, t->size, t->write, &a);
	}
	txn_done(sys, t, res, sr.cycles + a.cycles);
	if (sys->explain)
		sys_x_access_done(sys->explain, xstep, a.cycles);
	if (rc) {
		res->outcome = SMMUITS_BUS_ERROR;
		if (sys->explain)
			sys_x_result(sys->explain, res);
		return SM_OK;
	}
	if (t->msi && rg && rg->kind == BUS_RAM)
		res->outcome = SMMUITS_MEM;
	/* An interrupt controller said what it did with the write. */
	if (a.result.kind == BUS_RESULT_INTERRUPT) {
		res->outcome = SMMUITS_LPI;
		res->intid = a.result.id;
		res->cpu = a.result.target;
		res->drop_reason = a.result.reason;
	} else if (a.result.kind == BUS_RESULT_DROPPED) {
		res->outcome = SMMUITS_ITS_DROP;
		res->drop_reason = a.result.reason;
	}
	if (sys->explain)
		sys_x_result(sys->explain, res);
	return SM_OK;
}

int smmuits_ack(struct smmuits *sys, unsigned cpu, uint32_t *intid)
{
	struct bus_attrs a = { .flags = BUS_ATTR_CPU };
	int rc;

	if (!sys->gicr || cpu >= gicr_ncpus(sys->gicr))
		return SM_ERANGE;
	rc = gicr_ack(sys->gicr, cpu, intid, &a);
	sys->clock.now += a.cycles;
	if (rc == SM_ERANGE) {
		*intid = 1023; /* spurious */
		return 1;
	}
	return rc;
}

int smmuits_lpi_pending(struct smmuits *sys, unsigned cpu, uint32_t intid)
{
	if (!sys->gicr || cpu >= gicr_ncpus(sys->gicr))
		return SM_ERANGE;
	return gicr_lpi_is_pending(sys->gicr, cpu, intid) ? 1 : 0;
}

const char *smmuits_outcome_name(enum smmuits_outcome o)
{
	switch (o) {
	case SMMUITS_TRANSLATED:  return "translated";
	case SMMUITS_BYPASS:      return "bypass";
	case SMMUITS_ABORT:       return "abort";
	case SMMUITS_FAULT:       return "fault";
	case SMMUITS_UNSUPPORTED: return "unsupported";
	case SMMUITS_BUS_ERROR:   return "bus-error";
	case SMMUITS_MEM:         return "mem";
	case SMMUITS_LPI:         return "lpi";
	case SMMUITS_ITS_DROP:    return "its-drop";
	}
	return "?";
}

uint64_t smmuits_now(const struct smmuits *sys)
{
	return sys->clock.now;
}

uint64_t smmuits_busy_until(const struct smmuits *sys)
{
	return sys->busy_until > sys->clock.now ? sys->busy_until : sys->clock.now;
}

void smmuits_advance(struct smmuits *sys, uint64_t cycles)
{
	sys->clock.now += cycles;
}

const char *smmuits_profile_name(const struct smmuits *sys)
{
	return sys->prof.name;
}

void smmuits_get_timebase(const struct smmuits *sys, struct smmuits_timebase *tb)
{
	tb->clock_mhz = sys->prof.clock_mhz;
	tb->dev_interval = sys->prof.dev_interval;
}

const struct platform *smmuits_platform(const struct smmuits *sys)
{
	return &sys->plat;
}

_Static_assert(ITS_DROP_COUNT <= SMMUITS_ITS_DROP_MAX, "grow SMMUITS_ITS_DROP_MAX");

void smmuits_get_stats(const struct smmuits *sys, struct smmuits_stats *out)
{
	const struct smmu_stats *s = smmu_get_stats(sys->smmu);

	memset(out, 0, sizeof(*out));
	out->smmu.transactions = s->transactions;
	out->smmu.cfg_cache_hits = s->cfg_cache_hits;
	out->smmu.cfg_cache_misses = s->cfg_cache_misses;
	out->smmu.tlb_hits = s->tlb_hits;
	out->smmu.tlb_misses = s->tlb_misses;
	out->smmu.tlb_fills = s->tlb_fills;
	out->smmu.walk_reads = s->walk_reads;
	out->smmu.walk_cache_hits = s->walk_cache_hits;
	out->smmu.walk_cache_misses = s->walk_cache_misses;
	out->smmu.commands = s->commands;
	out->smmu.cmd_errors = s->cmd_errors;
	out->smmu.syncs = s->syncs;
	out->smmu.sev = s->sev;
	out->smmu.events_recorded = s->events_recorded;
	out->smmu.events_dropped = s->events_dropped;
	out->smmu.msis_sent = s->msis_sent;
	out->smmu.utlb_hits = s->utlb_hits;
	out->smmu.utlb_misses = s->utlb_misses;
	out->smmu.slot_waits = s->slot_waits;
	out->smmu.walker_waits = s->walker_waits;
	out->its.ndrop_reasons = ITS_DROP_COUNT;
	if (sys->its) {
		const struct its_stats *i = its_get_stats(sys->its);

		out->has_its = true;
		out->its.translations = i->translations;
		out->its.lpis = i->lpis;
		out->its.commands = i->commands;
		out->its.cmd_errors = i->cmd_errors;
		out->its.cache_hits = i->cache_hits;
		out->its.cache_misses = i->cache_misses;
		out->its.dev_hits = i->dev_hits, out->its.dev_misses = i->dev_misses;
		out->its.ite_hits = i->ite_hits, out->its.ite_misses = i->ite_misses;
		out->its.coll_hits = i->coll_hits, out->its.coll_misses = i->coll_misses;
		for (unsigned d = 0; d < ITS_DROP_COUNT; d++)
			out->its.drops[d] = i->drops[d];
	}
	if (sys->gicr) {
		const struct gicr_stats *g = gicr_get_stats(sys->gicr);

		out->has_gicr = true;
		out->gicr.lpis_pending = g->lpis_pending;
		out->gicr.lpis_acked = g->lpis_acked;
		out->gicr.lpis_dropped = g->lpis_dropped;
		out->gicr.cfg_cache_hits = g->cfg_cache_hits;
		out->gicr.cfg_cache_misses = g->cfg_cache_misses;
	}
}

const char *smmuits_its_drop_name(unsigned i)
{
	return i < ITS_DROP_COUNT ? its_drop_name((enum its_drop)i) : NULL;
}

/* ---- windows owned by the caller's device models (smmuits_map_mmio) ---- */

static int user_mmio_read(void *opaque, uint64_t off, unsigned size, uint64_t *val,
			  struct bus_attrs *attrs)
{
	const struct user_mmio *m = opaque;

	(void)attrs;
	return m->ops->read(m->opaque, off, size, val);
}

static int user_mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t val,
			   struct bus_attrs *attrs)
{
	const struct user_mmio *m = opaque;

	(void)attrs;
	return m->ops->write(m->opaque, off, size, val);
}

static const struct bus_mmio_ops user_mmio_ops = { user_mmio_read, user_mmio_write };

int smmuits_map_mmio(struct smmuits *sys, const char *name, uint64_t base, uint64_t size,
		     const struct smmuits_mmio_ops *ops, void *opaque, char *err, size_t errlen)
{
	struct sm_err e = { 0 };
	struct user_mmio *m;

	if (!ops || !ops->read || !ops->write || !name)
		sm_err_set(&e, SM_EINVAL, "smmuits_map_mmio needs a name and both callbacks");
	else if (sys->nmmio == SMMUITS_MAX_MMIO)
		sm_err_set(&e, SM_ENOMEM, "at most %d device windows", SMMUITS_MAX_MMIO);
	if (e.code)
		return fail(err, errlen, &e);
	m = &sys->mmio[sys->nmmio];
	m->ops = ops;
	m->opaque = opaque;
	if (bus_add_mmio(sys->bus, name, base, size, &user_mmio_ops, m, &e))
		return fail(err, errlen, &e);
	sys->nmmio++;
	return SM_OK;
}

/* ---- explain (docs/explain.md) ---- */

_Static_assert(SMMUITS_EXPLAIN_FIELDS == SM_EXPLAIN_FIELDS, "explain field counts differ");

static void explain_attach(struct smmuits *sys, struct sm_explain *x)
{
	sys->explain = x;
	smmu_set_explain(sys->smmu, x);
	if (sys->its)
		its_set_explain(sys->its, x);
	if (sys->gicr)
		gicr_set_explain(sys->gicr, x);
}

int smmuits_explain_begin(struct smmuits *sys)
{
	sm_explain_clear(&sys->xbuf);
	explain_attach(sys, &sys->xbuf);
	return SM_OK;
}

size_t smmuits_explain_end(struct smmuits *sys)
{
	explain_attach(sys, NULL);
	return sys->xbuf.n;
}

bool smmuits_explain_step(const struct smmuits *sys, size_t i, struct smmuits_explain_step *out)
{
	const struct sm_explain_step *s;

	if (i >= sys->xbuf.n)
		return false;
	s = &sys->xbuf.steps[i];
	out->stage = s->stage;
	out->what = s->what;
	out->spec = s->spec;
	out->cycles = s->cycles;
	out->depth = s->depth;
	out->nfields = s->nfields;
	for (unsigned f = 0; f < s->nfields; f++)
		out->fields[f] = (struct smmuits_explain_field){ s->f[f].name, s->f[f].value };
	return true;
}

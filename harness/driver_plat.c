/* SPDX-License-Identifier: MIT */
/*
 * Driver lines for reserved regions (docs/driver.md, docs/doorbells.md):
 *   hotplug base=A size=N [type=reserved|direct|direct-relaxable] [sid=N [count=N]]
 *           [name=NAME] [expect-conflicts=N]
 *     firmware adds a reserved region at run time (a hot-plugged host
 *     bridge with its own tables); every existing mapping that now
 *     conflicts is reported, read back from the translation tables.
 *   direct-map sid=N [ssid=N]
 *     iommu_create_device_direct_mappings: map each direct region of the
 *     device (IORT RMRs, hot-plugged ones) 1:1 in its domain.
 */
#include <stdio.h>
#include <string.h>

#include "harness/driver.h"
#include "harness/resv.h"
#include "smmu/smmu_ste.h"

#define HOTPLUG_KEYS    "base size type sid count name expect-conflicts"
#define DIRECT_MAP_KEYS "sid ssid"

bool driver_plat_owns(const char *verb)
{
	return !strcmp(verb, "hotplug") || !strcmp(verb, "direct-map");
}

static const char *const hot_types[] = { "reserved", "direct", "direct-relaxable", NULL };

static int hot_type(const char *s)
{
	for (int i = 0; hot_types[i]; i++)
		if (!strcmp(hot_types[i], s))
			return i;
	return -1;
}

int driver_plat_check(const struct trace_step *st, struct sm_err *err)
{
	const char *keys = strcmp(st->name, "hotplug") ? DIRECT_MAP_KEYS : HOTPLUG_KEYS;
	struct sm_ival r;

	for (unsigned i = 0; i < st->nkv; i++) {
		const struct trace_kv *kv = &st->kv[i];
		bool word = !strcmp(kv->key, "type") || !strcmp(kv->key, "name");

		if (!kv->has_value || !drv__key_allowed(keys, kv->key))
			return sm_err_set(err, SM_EINVAL, "%s: unknown argument '%s' (accepted: %s)",
					  st->name, kv->key, keys);
		if (!strcmp(kv->key, "type") && hot_type(kv->str) < 0)
			return sm_err_set(err, SM_EINVAL, "hotplug: type=%s is not "
					  "reserved|direct|direct-relaxable", kv->str);
		if (!word && !kv->is_num)
			return sm_err_set(err, SM_EINVAL, "%s: %s=%s is not a number", st->name,
					  kv->key, kv->str);
	}
	if (!trace_kv_find(st, "sid") && (!strcmp(st->name, "direct-map") ||
					  trace_kv_find(st, "count")))
		return sm_err_set(err, SM_EINVAL, "%s: sid= is required%s", st->name,
				  trace_kv_find(st, "count") ? " with count=" : "");
	if (strcmp(st->name, "hotplug"))
		return SM_OK;
	if (!trace_kv_find(st, "base") || !trace_kv_find(st, "size"))
		return sm_err_set(err, SM_EINVAL, "hotplug: base= and size= are required");
	if (sm_ival_make(drv__num(st, "base", 0), drv__num(st, "size", 0), &r))
		return sm_err_set(err, SM_EINVAL, "hotplug: the range is empty or passes 2^64");
	if (drv__num(st, "sid", 0) + drv__num(st, "count", 1) - 1 > UINT32_MAX ||
	    drv__num(st, "count", 1) == 0)
		return sm_err_set(err, SM_EINVAL, "hotplug: StreamIDs sid+count must be 1..2^32");
	return SM_OK;
}

/* ---- hotplug ------------------------------------------------------------ */

/* Mappings are reported as runs: leaves contiguous in both input and output. */
struct conflicts {
	struct sm_ival region;
	bool identity_ok;      /* direct regions: a 1:1 mapping is what they want */
	uint32_t sid;
	unsigned stage, ttb;
	uint64_t va_top;       /* TTB1: the bits above the table's input range */
	bool have;             /* a run is open */
	uint64_t iova, pa, size;
	unsigned n;
	char *sum;
	size_t len, used;
};

static void run_flush(struct conflicts *c)
{
	struct sm_ival m = { c->iova, c->iova + (c->size - 1) };
	int w;

	if (!c->have || !sm_ival_overlap(m, c->region) || (c->identity_ok && c->iova == c->pa)) {
		c->have = false;
		return;
	}
	c->have = false;
	c->n++;
	if (c->used >= c->len)
		return;
	w = snprintf(c->sum + c->used, c->len - c->used, "; sid 0x%x stage %u%s [0x%llx-0x%llx]->0x%llx",
		     c->sid, c->stage, c->ttb ? " ttb1" : "", (unsigned long long)m.first,
		     (unsigned long long)m.last, (unsigned long long)c->pa);
	c->used = w < 0 ? c->len : c->used + (size_t)w;
}

static int on_leaf(void *ctx, uint64_t iova, uint64_t pa, uint64_t size)
{
	struct conflicts *c = ctx;

	iova |= c->va_top;
	if (c->have && c->iova + c->size == iova && c->pa + c->size == pa) {
		c->size += size;
		return SM_OK;
	}
	run_flush(c);
	c->have = true;
	c->iova = iova;
	c->pa = pa;
	c->size = size;
	return SM_OK;
}

static int walk(struct conflicts *c, struct pgtable *pt, unsigned stage, unsigned ttb,
		struct sm_err *err)
{
	int rc;

	c->stage = stage;
	c->ttb = ttb;
	c->va_top = ttb && pt->ias < 64 ? ~((UINT64_C(1) << pt->ias) - 1) : 0;
	rc = pgtable_for_each_leaf(pt, on_leaf, c, err);
	run_flush(c);
	return rc;
}

static int do_hotplug(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		      struct sm_err *err)
{
	int type = hot_type(drv__word(st, "type", "reserved"));
	bool has_sid = trace_kv_find(st, "sid") != NULL;
	struct plat_resv r = {
		.kind = type == 0 ? PLAT_RESV_RESERVED : PLAT_RESV_RMR, .remap = type == 2,
		.base = drv__num(st, "base", 0), .size = drv__num(st, "size", 0),
		.sid_base = (uint32_t)drv__num(st, "sid", 0),
		.sid_count = has_sid ? drv__num(st, "count", 1) : 0,
	};
	struct conflicts c = { .identity_ok = type != 0, .sum = sum, .len = len };
	int rc = SM_OK, w;

	if (d->nhot == DRIVER_MAX_HOTPLUG)
		return sm_err_set(err, SM_ERANGE, "more than %d hotplug regions", DRIVER_MAX_HOTPLUG);
	snprintf(r.name, sizeof(r.name), "%s", drv__word(st, "name", "hotplug"));
	sm_ival_make(r.base, r.size, &c.region);
	d->hot[d->nhot++] = r;
	w = snprintf(sum, len, "%s '%s' [0x%llx-0x%llx] for %s", hot_types[type], r.name,
		     (unsigned long long)c.region.first, (unsigned long long)c.region.last,
		     has_sid ? "some StreamIDs" : "every StreamID");
	c.used = w < 0 ? len : (size_t)w;
	for (unsigned i = 0; i < DRIVER_MAX_STREAMS && !rc; i++) {
		struct drv_stream *sm = &d->streams[i];

		if (!sm->used || !plat_sid_in(sm->sid, r.sid_base, r.sid_count))
			continue;
		c.sid = sm->sid;
		if (sm->config == STE_CONFIG_S2_TRANS && sm->has_s2)
			rc = walk(&c, &sm->s2, 2, 0, err);
		for (unsigned j = 0; j < DRIVER_MAX_CONTEXTS && !rc; j++) {
			struct drv_ctx *cx = &d->ctxs[j];

			if (!cx->used || cx->sid != sm->sid)
				continue;
			for (unsigned t = 0; t < 2 && !rc; t++)
				if (cx->has_tt[t])
					rc = walk(&c, &cx->tt[t], 1, t, err);
		}
	}
	if (rc)
		return rc;
	if (c.used < len)
		snprintf(sum + c.used, len - c.used, "; %u existing mapping(s) conflict", c.n);
	if (trace_kv_find(st, "expect-conflicts") && c.n != drv__num(st, "expect-conflicts", 0))
		return sm_err_set(err, SM_EINVAL, "%u mapping(s) conflict, expected %llu", c.n,
				  (unsigned long long)drv__num(st, "expect-conflicts", 0));
	return SM_OK;
}

/* ---- direct-map --------------------------------------------------------- */

static int map_direct(struct driver *d, const struct drv_stream *sm, uint32_t ssid,
		      const struct plat_resv *r, unsigned *n, struct sm_err *err)
{
	/* Whole pages around the region, as iommu_create_device_direct_mappings aligns them. */
	uint64_t start = r->base & ~UINT64_C(0xfff);
	uint64_t end = (r->base + (r->size - 1)) | 0xfff;
	unsigned stage = sm->config == STE_CONFIG_S2_TRANS ? 2 : 1;

	if (r->kind != PLAT_RESV_RMR || !plat_sid_in(sm->sid, r->sid_base, r->sid_count))
		return SM_OK;
	(*n)++;
	return drv__map(d, sm->sid, ssid, stage, start, start, end - start + 1,
			PGTABLE_READ | PGTABLE_WRITE, err);
}

static int do_direct_map(struct driver *d, const struct trace_step *st, char *sum, size_t len,
			 struct sm_err *err)
{
	const struct platform *p = smmuits_platform(d->sys);
	uint32_t sid = (uint32_t)drv__num(st, "sid", 0), ssid = (uint32_t)drv__num(st, "ssid", 0);
	const struct drv_stream *sm = NULL;
	unsigned n = 0;
	int rc = SM_OK;

	for (unsigned i = 0; i < DRIVER_MAX_STREAMS && !sm; i++)
		if (d->streams[i].used && d->streams[i].sid == sid)
			sm = &d->streams[i];
	if (!sm || (sm->config != STE_CONFIG_S1_TRANS && sm->config != STE_CONFIG_S2_TRANS &&
		    sm->config != STE_CONFIG_NESTED))
		return sm_err_set(err, SM_EINVAL, "direct-map: sid 0x%x has no translating STE "
				  "(write one with ste first)", sid);
	for (unsigned i = 0; i < p->nresv && !rc; i++)
		rc = map_direct(d, sm, ssid, &p->resv[i], &n, err);
	for (unsigned i = 0; i < d->nhot && !rc; i++)
		rc = map_direct(d, sm, ssid, &d->hot[i], &n, err);
	if (!rc)
		snprintf(sum, len, "%u direct region(s) of sid 0x%x mapped 1:1 (stage %u)", n, sid,
			 sm->config == STE_CONFIG_S2_TRANS ? 2 : 1);
	return rc;
}

int driver_plat_exec(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		     struct sm_err *err)
{
	if (!strcmp(st->name, "hotplug"))
		return do_hotplug(d, st, sum, len, err);
	return do_direct_map(d, st, sum, len, err);
}

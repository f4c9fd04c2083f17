/* SPDX-License-Identifier: MIT */
/*
 * The physical address space: a table of non-overlapping regions kept
 * sorted by base, searched by bisection behind a last-hit cache (walks and
 * queue accesses hit the same region run after run).
 *
 * Ranges are handled by their inclusive last byte throughout, so a region
 * may end exactly at 2^64 - 1 without base + size overflowing.
 *
 * Cost: an access that reaches its target (RAM, or an MMIO callback) adds
 * that target's latency to attrs->cycles, whether or not the target then
 * reports an error.  Accesses rejected by the decode itself (bad size,
 * straddle, unmapped, reserved) add nothing: the model does not price
 * decode errors.
 */
#include "bus.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUS_NO_HIT SIZE_MAX

struct bus {
	struct mem *mem;
	struct sm_latency lat;
	const struct sm_log *log;

	struct bus_region *regions; /* sorted by base, disjoint */
	size_t nregions;
	size_t alloc;
	/*
	 * The two regions hit last (indices, or BUS_NO_HIT), most recent
	 * first: an MSI alternates between the ITS frame and RAM tables.
	 */
	size_t last_hit[2];
};

static uint64_t bus_region_last(const struct bus_region *r)
{
	return r->base + (r->size - 1);
}

static bool bus_region_has(const struct bus_region *r, uint64_t pa)
{
	return pa >= r->base && pa - r->base < r->size;
}

static const char *bus_kind_name(enum bus_region_kind k)
{
	switch (k) {
	case BUS_RAM:      return "ram";
	case BUS_MMIO:     return "mmio";
	case BUS_RESERVED: return "reserved";
	}
	return "?";
}

/* Index of the last region with base <= pa (the only one that can contain
 * pa), or BUS_NO_HIT when every base is above pa. */
static size_t bus_floor(const struct bus *b, uint64_t pa)
{
	size_t lo = 0, hi = b->nregions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->regions[mid].base <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : BUS_NO_HIT;
}

static struct bus_region *bus_lookup(struct bus *b, uint64_t pa)
{
	size_t i;

	if (b->last_hit[0] != BUS_NO_HIT && bus_region_has(&b->regions[b->last_hit[0]], pa))
		return &b->regions[b->last_hit[0]];
	if (b->last_hit[1] != BUS_NO_HIT && bus_region_has(&b->regions[b->last_hit[1]], pa)) {
		i = b->last_hit[1];
	} else {
		i = bus_floor(b, pa);
		if (i == BUS_NO_HIT || !bus_region_has(&b->regions[i], pa))
			return NULL;
	}
	b->last_hit[1] = b->last_hit[0];
	b->last_hit[0] = i;
	return &b->regions[i];
}

struct bus *bus_create(struct mem *mem, const struct sm_latency *lat,
		       const struct sm_log *log)
{
	static const struct sm_latency def = SM_LATENCY_DEFAULT;
	struct bus *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->mem = mem;
	b->lat = lat ? *lat : def;
	b->log = log;
	b->last_hit[0] = b->last_hit[1] = BUS_NO_HIT;
	return b;
}

void bus_destroy(struct bus *b)
{
	if (!b)
		return;
	free(b->regions);
	free(b);
}

static int bus_add(struct bus *b, const char *name, enum bus_region_kind kind,
		   uint64_t base, uint64_t size, const struct bus_mmio_ops *ops,
		   void *opaque, struct sm_err *err)
{
	struct bus_region r = { .kind = kind, .base = base, .size = size,
				.ops = ops, .opaque = opaque };
	size_t at;

	if (!name)
		name = "";
	snprintf(r.name, sizeof(r.name), "%s", name);
	if (size == 0)
		return sm_err_set(err, SM_EINVAL, "%s region '%s' at 0x%" PRIx64 " has size 0",
				  bus_kind_name(kind), name, base);
	if (size - 1 > UINT64_MAX - base)
		return sm_err_set(err, SM_EINVAL,
				  "%s region '%s' at 0x%" PRIx64 " size 0x%" PRIx64
				  " wraps past the top of the address space",
				  bus_kind_name(kind), name, base, size);

	/* The table is disjoint and sorted, so only the neighbours either side
	 * of the insertion point can overlap the new range. */
	at = bus_floor(b, base);
	at = at == BUS_NO_HIT ? 0 : at + 1;
	for (size_t k = at ? at - 1 : 0; k < at + 1 && k < b->nregions; k++) {
		const struct bus_region *o = &b->regions[k];

		if (o->base <= bus_region_last(&r) && base <= bus_region_last(o))
			return sm_err_set(err, SM_EINVAL,
					  "region '%s' [0x%" PRIx64 "-0x%" PRIx64
					  "] overlaps '%s' [0x%" PRIx64 "-0x%" PRIx64 "]",
					  r.name, base, bus_region_last(&r),
					  o->name, o->base, bus_region_last(o));
	}

	if (b->nregions == b->alloc) {
		size_t n = b->alloc ? b->alloc * 2 : 16;
		struct bus_region *nr = realloc(b->regions, n * sizeof(*nr));

		if (!nr)
			return sm_err_set(err, SM_ENOMEM, "no memory for bus region '%s'", r.name);
		b->regions = nr;
		b->alloc = n;
	}
	memmove(&b->regions[at + 1], &b->regions[at],
		(b->nregions - at) * sizeof(b->regions[0]));
	b->regions[at] = r;
	b->nregions++;
	b->last_hit[0] = b->last_hit[1] = BUS_NO_HIT; /* indices after `at` moved */
	return SM_OK;
}

int bus_add_ram(struct bus *b, const char *name, uint64_t base, uint64_t size,
		struct sm_err *err)
{
	if (!b->mem)
		return sm_err_set(err, SM_EINVAL, "ram region '%s': the bus has no memory",
				  name ? name : "");
	return bus_add(b, name, BUS_RAM, base, size, NULL, NULL, err);
}

int bus_add_mmio(struct bus *b, const char *name, uint64_t base, uint64_t size,
		 const struct bus_mmio_ops *ops, void *opaque, struct sm_err *err)
{
	if (!ops)
		return sm_err_set(err, SM_EINVAL, "mmio region '%s' has no ops",
				  name ? name : "");
	return bus_add(b, name, BUS_MMIO, base, size, ops, opaque, err);
}

int bus_add_reserved(struct bus *b, const char *name, uint64_t base, uint64_t size,
		     struct sm_err *err)
{
	return bus_add(b, name, BUS_RESERVED, base, size, NULL, NULL, err);
}

const struct bus_region *bus_find(const struct bus *b, uint64_t pa)
{
	size_t i;

	for (unsigned k = 0; k < 2; k++)
		if (b->last_hit[k] != BUS_NO_HIT && bus_region_has(&b->regions[b->last_hit[k]], pa))
			return &b->regions[b->last_hit[k]];
	i = bus_floor(b, pa);

	if (i == BUS_NO_HIT || !bus_region_has(&b->regions[i], pa))
		return NULL;
	return &b->regions[i];
}

static uint64_t bus_size_mask(unsigned size)
{
	return size == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

/*
 * Decode [pa, pa + len) to one region.  Logs unmapped accesses because they
 * are almost always a guest or trace bug worth seeing.
 */
static int bus_decode(struct bus *b, uint64_t pa, uint64_t len, bool write,
		      const struct bus_attrs *attrs, struct bus_region **out)
{
	struct bus_region *r = bus_lookup(b, pa);

	*out = NULL;
	if (!r) {
		if (attrs && (attrs->flags & BUS_ATTR_SRC_VALID))
			sm_log(b->log, SM_LOG_WARN, "bus",
			       "unmapped %s of %" PRIu64 " bytes at 0x%016" PRIx64
			       " from 0x%" PRIx32,
			       write ? "write" : "read", len, pa, attrs->src_id);
		else
			sm_log(b->log, SM_LOG_WARN, "bus",
			       "unmapped %s of %" PRIu64 " bytes at 0x%016" PRIx64,
			       write ? "write" : "read", len, pa);
		return SM_EUNMAPPED;
	}
	/* The access's last byte must stay in r; this also catches an access
	 * that would run past 2^64 - 1. */
	if (len - 1 > bus_region_last(r) - pa)
		return SM_EINVAL;
	*out = r;
	return SM_OK;
}

static bool bus_size_ok(unsigned size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static void bus_charge(struct bus_attrs *attrs, uint32_t cycles)
{
	if (attrs)
		attrs->cycles += cycles;
}

int bus_read(struct bus *b, uint64_t pa, unsigned size, uint64_t *val,
	     struct bus_attrs *attrs)
{
	struct bus_region *r;
	uint8_t buf[8];
	uint64_t v = 0;
	int rc;

	*val = 0;
	if (!bus_size_ok(size))
		return SM_EINVAL;
	rc = bus_decode(b, pa, size, false, attrs, &r);
	if (rc)
		return rc;
	switch (r->kind) {
	case BUS_RAM:
		bus_charge(attrs, b->lat.ram_read);
		rc = mem_read(b->mem, pa, buf, size);
		if (rc)
			return rc;
		*val = mem_le_get(buf, size);
		return SM_OK;
	case BUS_MMIO:
		if (pa & (size - 1))
			return SM_EINVAL;
		if (!r->ops->read)
			return SM_EUNSUPP;
		bus_charge(attrs, b->lat.mmio_read);
		rc = r->ops->read(r->opaque, pa - r->base, size, &v, attrs);
		if (rc)
			return rc;
		/* A device that returns stray high bits must not leak them into
		 * a narrow read. */
		*val = v & bus_size_mask(size);
		return SM_OK;
	case BUS_RESERVED:
		return SM_EUNSUPP;
	}
	return SM_EINVAL;
}

int bus_write(struct bus *b, uint64_t pa, unsigned size, uint64_t val,
	      struct bus_attrs *attrs)
{
	struct bus_region *r;
	uint8_t buf[8];
	int rc;

	if (!bus_size_ok(size))
		return SM_EINVAL;
	rc = bus_decode(b, pa, size, true, attrs, &r);
	if (rc)
		return rc;
	val &= bus_size_mask(size);
	switch (r->kind) {
	case BUS_RAM:
		bus_charge(attrs, b->lat.ram_write);
		mem_le_put(buf, size, val);
		return mem_write(b->mem, pa, buf, size);
	case BUS_MMIO:
		if (pa & (size - 1))
			return SM_EINVAL;
		if (!r->ops->write)
			return SM_EUNSUPP;
		bus_charge(attrs, b->lat.mmio_write);
		return r->ops->write(r->opaque, pa - r->base, size, val, attrs);
	case BUS_RESERVED:
		return SM_EUNSUPP;
	}
	return SM_EINVAL;
}

/* Blocks are RAM-only: an MMIO or reserved target is a caller error. */
static int bus_decode_block(struct bus *b, uint64_t pa, size_t len, bool write,
			    const struct bus_attrs *attrs)
{
	struct bus_region *r;
	int rc = bus_decode(b, pa, len, write, attrs, &r);

	if (rc)
		return rc;
	return r->kind == BUS_RAM ? SM_OK : SM_EINVAL;
}

int bus_read_block(struct bus *b, uint64_t pa, void *buf, size_t len,
		   struct bus_attrs *attrs)
{
	int rc;

	if (len == 0)
		return SM_OK;
	rc = bus_decode_block(b, pa, len, false, attrs);
	if (!rc) {
		bus_charge(attrs, b->lat.ram_read);
		rc = mem_read(b->mem, pa, buf, len);
	}
	if (rc)
		memset(buf, 0, len);
	return rc;
}

int bus_ram_block(struct bus *b, const struct bus_region *r, uint64_t pa, void *buf,
		  size_t len, bool write, struct bus_attrs *attrs)
{
	if (!r || r->kind != BUS_RAM || !bus_region_has(r, pa) || len == 0 ||
	    len - 1 > bus_region_last(r) - pa)
		return write ? bus_write_block(b, pa, buf, len, attrs)
			     : bus_read_block(b, pa, buf, len, attrs);
	if (write) {
		bus_charge(attrs, b->lat.ram_write);
		return mem_write(b->mem, pa, buf, len);
	}
	bus_charge(attrs, b->lat.ram_read);
	int rc = mem_read(b->mem, pa, buf, len);

	if (rc)
		memset(buf, 0, len);
	return rc;
}

int bus_write_block(struct bus *b, uint64_t pa, const void *buf, size_t len,
		    struct bus_attrs *attrs)
{
	int rc;

	if (len == 0)
		return SM_OK;
	rc = bus_decode_block(b, pa, len, true, attrs);
	if (rc)
		return rc;
	bus_charge(attrs, b->lat.ram_write);
	return mem_write(b->mem, pa, buf, len);
}

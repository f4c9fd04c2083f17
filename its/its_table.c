/* SPDX-License-Identifier: MIT */
/*
 * The ITS's tables in memory (formats: its_table.h) and their caches.
 * IHI 0069 §12.19 GITS_BASER<n>: a table of (Size + 1) pages of Page_Size;
 * flat, or with Indirect=1 a level-1 table of GITS_L1E entries each
 * pointing to one level-2 page.  Bits of the physical addresses below the
 * page size are ignored (treated as zero).
 */
#include "its/its_explain.h"

struct tbl {
	bool valid, indirect;
	uint64_t base;   /* the table, or the level-1 table */
	uint64_t page;   /* Page_Size in bytes */
	uint64_t bytes;  /* (Size + 1) pages */
};

static const uint64_t page_bytes[4] = { 4096, 16384, 65536, 65536 };

static struct tbl tbl_of(const struct its *its, unsigned n)
{
	uint64_t b = its->baser[n];
	struct tbl t = {
		.valid = (b & GITS_BASER_VALID) != 0,
		.indirect = (b & GITS_BASER_INDIRECT) != 0,
		.page = page_bytes[FIELD_GET(GITS_BASER_PAGE_SIZE, b)],
	};

	t.bytes = (FIELD_GET(GITS_BASER_SIZE, b) + 1) * t.page;
	t.base = FIELD_ADDR(GITS_BASER_PHYSICAL_ADDRESS, b) & ~(t.page - 1);
	/* §12.19: with 64 KiB pages, bits [15:12] hold PA[51:48]. */
	if (t.page == 65536)
		t.base |= FIELD_GET(GITS_BASER_PA_52_64K, b) << 48;
	return t;
}

/* Where entry id of table n lives.  A level-1 read charges attrs. */
static enum its__lookup entry_addr(struct its *its, unsigned n, uint32_t id, uint64_t *addr,
				   struct bus_attrs *attrs)
{
	struct tbl t = tbl_of(its, n);
	uint64_t per_page = t.page / ITS_ENTRY_SIZE, l1e = 0;
	uint64_t l1_addr = t.base + (uint64_t)id / per_page * GITS_L1E_SIZE;
	/* docs/explain.md: the arithmetic, and why no entry was found */
#define X_TABLE(read, a, why) \
	do { if (its->explain && attrs) its__x_table(its, n, id, its->baser[n], t.indirect, t.base, \
		t.page, t.bytes, l1_addr, l1e, (read), (a), (why), attrs); } while (0)

	/* IMPDEF: a table with Valid=0 has no entries: every ID is out of range. */
	if (!t.valid) {
		X_TABLE(false, 0, "GITS_BASER.Valid=0: the table has no entries");
		return ITS_LK_OOR;
	}
	if (!t.indirect) {
		*addr = t.base + (uint64_t)id * ITS_ENTRY_SIZE;
		if ((uint64_t)id >= t.bytes / ITS_ENTRY_SIZE) {
			X_TABLE(false, *addr, "the ID is beyond the table's Size");
			return ITS_LK_OOR;
		}
		X_TABLE(false, *addr, NULL);
		return ITS_LK_OK;
	}
	if ((uint64_t)id / per_page >= t.bytes / GITS_L1E_SIZE) {
		X_TABLE(false, 0, "the L1 index is beyond the level-1 table's Size");
		return ITS_LK_OOR;
	}
	if (bus_read(its->bus, l1_addr, 8, &l1e, attrs)) {
		its__log(its, SM_LOG_WARN, "GITS_BASER%u level-1 read for ID 0x%x at 0x%llx failed",
			 n, id, (unsigned long long)l1_addr);
		X_TABLE(false, 0, "the level-1 entry read failed");
		return ITS_LK_FETCH;
	}
	*addr = (FIELD_ADDR(GITS_L1E_ADDR, l1e) & ~(t.page - 1)) +
		(uint64_t)id % per_page * ITS_ENTRY_SIZE;
	/* §12.19: an ID whose level-1 entry is invalid is out of range. */
	if (!(l1e & GITS_L1E_VALID)) {
		X_TABLE(true, 0, "the level-1 entry is not Valid");
		return ITS_LK_OOR;
	}
	X_TABLE(true, *addr, NULL);
	return ITS_LK_OK;
#undef X_TABLE
}

/* docs/timing.md: every cache probe costs its_cache_latency; a miss adds the reads. */
static void charge_probe(const struct its *its, struct bus_attrs *attrs)
{
	if (attrs)
		attrs->cycles += its->lat.its_cache;
}

static enum its__lookup read_entry(struct its *its, uint64_t addr, uint64_t *raw,
				   struct bus_attrs *attrs)
{
	if (bus_read(its->bus, addr, ITS_ENTRY_SIZE, raw, attrs)) {
		its__log(its, SM_LOG_WARN, "table read at 0x%llx failed", (unsigned long long)addr);
		return ITS_LK_FETCH;
	}
	return ITS_LK_OK;
}

static enum its__lookup write_entry(struct its *its, uint64_t addr, uint64_t raw)
{
	/* Commands run off the requester's path: their table writes are not charged. */
	if (bus_write(its->bus, addr, ITS_ENTRY_SIZE, raw, NULL)) {
		its__log(its, SM_LOG_WARN, "table write at 0x%llx failed", (unsigned long long)addr);
		return ITS_LK_WRITE;
	}
	return ITS_LK_OK;
}

enum its__lookup its__dte_get(struct its *its, uint32_t devid, struct its_dte *out,
			      struct bus_attrs *attrs)
{
	uint64_t raw = 0, addr = 0;
	enum its__lookup r;

	if (!its__fits(devid, its->cfg.devbits))
		return ITS_LK_OOR;
	charge_probe(its, attrs);
	if (its__cache_lookup(&its->dev_cache, devid, &raw)) {
		*out = its_dte_decode(raw);
		if (its->explain && attrs)
			its__x_entry(its, "DTE", devid, true, true, 0, raw, attrs);
		return ITS_LK_OK;
	}
	r = entry_addr(its, ITS_BASER_DEVICE, devid, &addr, attrs);
	if (r == ITS_LK_OK)
		r = read_entry(its, addr, &raw, attrs);
	if (its->explain && attrs && r != ITS_LK_OOR)
		its__x_entry(its, "DTE", devid, false, r == ITS_LK_OK, addr, raw, attrs);
	if (r != ITS_LK_OK)
		return r;
	*out = its_dte_decode(raw);
	/* Only valid entries are cached: a device mapped behind the ITS's back is seen at once. */
	if (out->valid)
		its__cache_insert(&its->dev_cache, devid, raw);
	return ITS_LK_OK;
}

enum its__lookup its__ite_get(struct its *its, uint32_t devid, const struct its_dte *dte,
			      uint32_t eventid, struct its_ite *out, struct bus_attrs *attrs)
{
	uint64_t raw;
	enum its__lookup r;

	charge_probe(its, attrs);
	if (its->explain && attrs)
		its__x_itt(its, eventid, dte, dte->itt_addr + (uint64_t)eventid * ITS_ENTRY_SIZE);
	if (its__cache_lookup(&its->ite_cache, its__ite_key(devid, eventid), &raw)) {
		*out = its_ite_decode(raw);
		if (its->explain && attrs)
			its__x_entry(its, "ITE", eventid, true, true, 0, raw, attrs);
		return ITS_LK_OK;
	}
	r = read_entry(its, dte->itt_addr + (uint64_t)eventid * ITS_ENTRY_SIZE, &raw, attrs);
	if (its->explain && attrs)
		its__x_entry(its, "ITE", eventid, false, r == ITS_LK_OK,
			     dte->itt_addr + (uint64_t)eventid * ITS_ENTRY_SIZE, raw, attrs);
	if (r != ITS_LK_OK)
		return r;
	*out = its_ite_decode(raw);
	if (out->valid)
		its__cache_insert(&its->ite_cache, its__ite_key(devid, eventid), raw);
	return ITS_LK_OK;
}

enum its__lookup its__cte_get(struct its *its, uint32_t icid, struct its_cte *out,
			      struct bus_attrs *attrs)
{
	uint64_t raw = 0, addr = 0;
	enum its__lookup r;

	if (!its__fits(icid, its->cfg.cidbits))
		return ITS_LK_OOR;
	charge_probe(its, attrs);
	if (its__cache_lookup(&its->coll_cache, icid, &raw)) {
		*out = its_cte_decode(raw);
		if (its->explain && attrs)
			its__x_entry(its, "CTE", icid, true, true, 0, raw, attrs);
		return ITS_LK_OK;
	}
	r = entry_addr(its, ITS_BASER_COLLECTION, icid, &addr, attrs);
	if (r == ITS_LK_OK)
		r = read_entry(its, addr, &raw, attrs);
	if (its->explain && attrs && r != ITS_LK_OOR)
		its__x_entry(its, "CTE", icid, false, r == ITS_LK_OK, addr, raw, attrs);
	if (r != ITS_LK_OK)
		return r;
	*out = its_cte_decode(raw);
	if (out->valid)
		its__cache_insert(&its->coll_cache, icid, raw);
	return ITS_LK_OK;
}

static void cache_update(struct its__cache *c, uint64_t key, uint64_t raw, bool valid)
{
	if (valid)
		its__cache_insert(c, key, raw);
	else
		its__cache_remove(c, key);
}

enum its__lookup its__dte_put(struct its *its, uint32_t devid, const struct its_dte *dte)
{
	uint64_t addr, raw = its_dte_encode(dte);
	enum its__lookup r;

	if (!its__fits(devid, its->cfg.devbits))
		return ITS_LK_OOR;
	r = entry_addr(its, ITS_BASER_DEVICE, devid, &addr, NULL);
	if (r == ITS_LK_OK)
		r = write_entry(its, addr, raw);
	if (r != ITS_LK_OK)
		return r;
	cache_update(&its->dev_cache, devid, raw, dte->valid);
	/* The device's old ITT is gone (remapped or unmapped): so are its cached ITEs. */
	its__cache_remove_masked(&its->ite_cache, GENMASK64(63, 32), (uint64_t)devid << 32);
	return ITS_LK_OK;
}

enum its__lookup its__ite_put(struct its *its, uint32_t devid, const struct its_dte *dte,
			      uint32_t eventid, const struct its_ite *ite)
{
	uint64_t raw = its_ite_encode(ite);
	enum its__lookup r;

	r = write_entry(its, dte->itt_addr + (uint64_t)eventid * ITS_ENTRY_SIZE, raw);
	if (r != ITS_LK_OK)
		return r;
	cache_update(&its->ite_cache, its__ite_key(devid, eventid), raw, ite->valid);
	return ITS_LK_OK;
}

enum its__lookup its__cte_put(struct its *its, uint32_t icid, const struct its_cte *cte)
{
	uint64_t addr, raw = its_cte_encode(cte);
	enum its__lookup r;

	if (!its__fits(icid, its->cfg.cidbits))
		return ITS_LK_OOR;
	r = entry_addr(its, ITS_BASER_COLLECTION, icid, &addr, NULL);
	if (r == ITS_LK_OK)
		r = write_entry(its, addr, raw);
	if (r != ITS_LK_OK)
		return r;
	cache_update(&its->coll_cache, icid, raw, cte->valid);
	return ITS_LK_OK;
}

void its__table_flush(struct its *its, unsigned n)
{
	if (n == ITS_BASER_DEVICE) {
		its__cache_clear(&its->dev_cache);
		its__cache_clear(&its->ite_cache);
	} else if (n == ITS_BASER_COLLECTION) {
		its__cache_clear(&its->coll_cache);
	}
}

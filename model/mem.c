/* SPDX-License-Identifier: MIT */
/*
 * Sparse RAM.
 *
 * Touched pages live in an open-addressing hash table keyed by page number
 * (pa >> 12), linear probing, power-of-two capacity, grown when it would
 * pass half full so probe chains stay short.  A one-entry cache of the last
 * page hit sits in front: table walks, queues and DMA buffers are mostly
 * sequential, so most accesses never reach the hash.
 *
 * A separate array lists every touched page in allocation order.  Reset
 * walks only that list, so resetting a model that touched ten pages costs
 * ten frees, however large the address space or the cap.
 */
#include "mem.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MEM_PAGE_MASK (MEM_PAGE_SIZE - 1)

/* Small enough that resetting keeps the table instead of re-allocating. */
#define MEM_TABLE_MIN_LOG2  6
#define MEM_TABLE_KEEP_LOG2 12

struct mem_slot {
	uint64_t pn;
	uint8_t *page; /* NULL: slot empty */
};

struct mem {
	uint64_t cap_bytes;

	struct mem_slot *slots;
	unsigned log2cap;
	size_t nslots;   /* 1 << log2cap */

	uint64_t *touched; /* page numbers in allocation order */
	size_t ntouched;
	size_t touched_alloc;

	/* Last page found: tested before any hashing. */
	uint64_t last_pn;
	uint8_t *last_page; /* NULL: cache empty */
};

static size_t mem_hash(const struct mem *m, uint64_t pn)
{
	/* Fibonacci hashing: page numbers are dense and sequential, the
	 * multiply spreads them over the high bits we keep. */
	return (size_t)((pn * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - m->log2cap));
}

static struct mem_slot *mem_table_alloc(unsigned log2cap)
{
	return calloc((size_t)1 << log2cap, sizeof(struct mem_slot));
}

static uint8_t *mem_lookup(struct mem *m, uint64_t pn)
{
	size_t mask, i;

	if (m->last_page && m->last_pn == pn)
		return m->last_page;
	mask = m->nslots - 1;
	i = mem_hash(m, pn);
	for (;;) {
		struct mem_slot *s = &m->slots[i];

		if (!s->page)
			return NULL;
		if (s->pn == pn) {
			m->last_pn = pn;
			m->last_page = s->page;
			return s->page;
		}
		i = (i + 1) & mask;
	}
}

static void mem_slot_put(struct mem_slot *slots, size_t mask, size_t h,
			 uint64_t pn, uint8_t *page)
{
	size_t i = h;

	while (slots[i].page)
		i = (i + 1) & mask;
	slots[i].pn = pn;
	slots[i].page = page;
}

static int mem_table_grow(struct mem *m)
{
	unsigned nlog2 = m->log2cap + 1;
	struct mem_slot *ns = mem_table_alloc(nlog2);
	struct mem_slot *old = m->slots;
	size_t oldn = m->nslots;

	if (!ns)
		return SM_ENOMEM;
	m->slots = ns;
	m->log2cap = nlog2;
	m->nslots = (size_t)1 << nlog2;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].page)
			mem_slot_put(ns, m->nslots - 1, mem_hash(m, old[i].pn),
				     old[i].pn, old[i].page);
	free(old);
	return SM_OK;
}

static int mem_touched_push(struct mem *m, uint64_t pn)
{
	if (m->ntouched == m->touched_alloc) {
		size_t n = m->touched_alloc ? m->touched_alloc * 2 : 64;
		uint64_t *t = realloc(m->touched, n * sizeof(*t));

		if (!t)
			return SM_ENOMEM;
		m->touched = t;
		m->touched_alloc = n;
	}
	m->touched[m->ntouched++] = pn;
	return SM_OK;
}

/* Allocate a zeroed page for pn, which the caller knows is absent. */
static int mem_page_new(struct mem *m, uint64_t pn)
{
	uint8_t *page;

	/* Keep load <= 1/2 so linear probes stay short. */
	if ((m->ntouched + 1) * 2 > m->nslots && mem_table_grow(m))
		return SM_ENOMEM;
	page = calloc(1, MEM_PAGE_SIZE);
	if (!page)
		return SM_ENOMEM;
	if (mem_touched_push(m, pn)) {
		free(page);
		return SM_ENOMEM;
	}
	mem_slot_put(m->slots, m->nslots - 1, mem_hash(m, pn), pn, page);
	return SM_OK;
}

/* len >= 1: the last byte must not pass 2^64 - 1. */
static bool mem_range_wraps(uint64_t pa, size_t len)
{
	return (uint64_t)(len - 1) > UINT64_MAX - pa;
}

struct mem *mem_create(uint64_t cap_bytes)
{
	struct mem *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->cap_bytes = cap_bytes;
	m->log2cap = MEM_TABLE_MIN_LOG2;
	m->nslots = (size_t)1 << m->log2cap;
	m->slots = mem_table_alloc(m->log2cap);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	return m;
}

static void mem_free_pages(struct mem *m)
{
	for (size_t i = 0; i < m->ntouched; i++) {
		uint64_t pn = m->touched[i];
		size_t mask = m->nslots - 1;
		size_t j = mem_hash(m, pn);

		while (m->slots[j].pn != pn || !m->slots[j].page)
			j = (j + 1) & mask;
		free(m->slots[j].page);
		/* Not a tombstone: every occupied slot is cleared by the end of
		 * this loop, so later probes never rely on it. */
		m->slots[j].page = NULL;
	}
	m->ntouched = 0;
	m->last_page = NULL;
}

void mem_destroy(struct mem *m)
{
	if (!m)
		return;
	mem_free_pages(m);
	free(m->slots);
	free(m->touched);
	free(m);
}

void mem_reset(struct mem *m)
{
	mem_free_pages(m);
	if (m->log2cap > MEM_TABLE_KEEP_LOG2) {
		/* A big table would sit idle at a fraction of its size; a new
		 * small one is cheap and regrows on demand.  If the small
		 * allocation fails, the big (now empty) table still works. */
		struct mem_slot *s = mem_table_alloc(MEM_TABLE_MIN_LOG2);

		if (s) {
			free(m->slots);
			m->slots = s;
			m->log2cap = MEM_TABLE_MIN_LOG2;
			m->nslots = (size_t)1 << m->log2cap;
		}
	}
}

int mem_read(struct mem *m, uint64_t pa, void *buf, size_t len)
{
	uint8_t *dst = buf;

	if (len == 0)
		return SM_OK;
	if (mem_range_wraps(pa, len))
		return SM_EINVAL;
	/* Fast path: within the cached page (the common DMA case). */
	if (m->last_page && (pa >> MEM_PAGE_SHIFT) == m->last_pn &&
	    len <= MEM_PAGE_SIZE - (pa & MEM_PAGE_MASK)) {
		memcpy(dst, m->last_page + (pa & MEM_PAGE_MASK), len);
		return SM_OK;
	}
	while (len) {
		uint64_t off = pa & MEM_PAGE_MASK;
		size_t n = MEM_PAGE_SIZE - off < len ? (size_t)(MEM_PAGE_SIZE - off) : len;
		const uint8_t *page = mem_lookup(m, pa >> MEM_PAGE_SHIFT);

		if (page)
			memcpy(dst, page + off, n);
		else
			memset(dst, 0, n);
		dst += n;
		len -= n;
		pa += n; /* may wrap to 0 only when len is now 0 */
	}
	return SM_OK;
}

int mem_write(struct mem *m, uint64_t pa, const void *buf, size_t len)
{
	const uint8_t *src = buf;
	uint64_t first, last, missing = 0;
	uint64_t room;

	if (len == 0)
		return SM_OK;
	if (mem_range_wraps(pa, len))
		return SM_EINVAL;
	if (m->last_page && (pa >> MEM_PAGE_SHIFT) == m->last_pn &&
	    len <= MEM_PAGE_SIZE - (pa & MEM_PAGE_MASK)) {
		memcpy(m->last_page + (pa & MEM_PAGE_MASK), src, len);
		return SM_OK;
	}
	first = pa >> MEM_PAGE_SHIFT;
	last = (pa + (len - 1)) >> MEM_PAGE_SHIFT;

	/* Count the pages this write would add before allocating any, so a
	 * write past the cap changes nothing.  Stop as soon as the cap is
	 * exceeded: the loop is then bounded by the cap, not by len. */
	room = (m->cap_bytes >> MEM_PAGE_SHIFT) - m->ntouched;
	for (uint64_t pn = first;; pn++) {
		if (!mem_lookup(m, pn) && ++missing > room)
			return SM_ENOMEM;
		if (pn == last)
			break;
	}
	if (missing) {
		for (uint64_t pn = first;; pn++) {
			/* A host allocation failure here leaves some new pages
			 * zeroed but writes no data, so the write is still all or
			 * nothing as far as the contents go. */
			if (!mem_lookup(m, pn) && mem_page_new(m, pn))
				return SM_ENOMEM;
			if (pn == last)
				break;
		}
	}
	while (len) {
		uint64_t off = pa & MEM_PAGE_MASK;
		size_t n = MEM_PAGE_SIZE - off < len ? (size_t)(MEM_PAGE_SIZE - off) : len;
		uint8_t *page = mem_lookup(m, pa >> MEM_PAGE_SHIFT);

		memcpy(page + off, src, n);
		src += n;
		len -= n;
		pa += n;
	}
	return SM_OK;
}

uint64_t mem_touched_bytes(const struct mem *m)
{
	return (uint64_t)m->ntouched << MEM_PAGE_SHIFT;
}

uint64_t mem_cap_bytes(const struct mem *m)
{
	return m->cap_bytes;
}

/* SPDX-License-Identifier: MIT */
/*
 * A small set-associative cache with LRU replacement, shared by the ITS
 * (device, ITE and collection caches) and the redistributors (LPI
 * configuration cache).  Ties in age cannot happen (every use takes a new
 * counter value); an empty way is always filled first, the lowest one.
 */
#include <stdlib.h>
#include <string.h>

#include "its/its_table.h"

int its__cache_init(struct its__cache *c, unsigned sets, unsigned ways)
{
	memset(c, 0, sizeof(*c));
	c->e = calloc((size_t)sets * ways, sizeof(*c->e));
	if (!c->e)
		return SM_ENOMEM;
	c->sets = sets;
	c->ways = ways;
	return SM_OK;
}

void its__cache_free(struct its__cache *c)
{
	free(c->e);
	c->e = NULL;
}

static struct its__cache_entry *set_of(struct its__cache *c, uint64_t key)
{
	/* Spread consecutive IDs (and DeviceID:EventID pairs) over the sets. */
	uint64_t h = key * UINT64_C(0x9E3779B97F4A7C15);
	unsigned set = (unsigned)(h >> 40) & (c->sets - 1);

	return &c->e[(size_t)set * c->ways];
}

static inline struct its__cache_entry *find(struct its__cache_entry *set, unsigned ways,
					    uint64_t key)
{
	for (unsigned w = 0; w < ways; w++)
		if (set[w].valid && set[w].key == key)
			return &set[w];
	return NULL;
}

struct its__cache_entry *its__cache_find(struct its__cache *c, uint64_t key)
{
	return find(set_of(c, key), c->ways, key);
}

bool its__cache_lookup(struct its__cache *c, uint64_t key, uint64_t *val)
{
	struct its__cache_entry *e = find(set_of(c, key), c->ways, key);

	if (!e) {
		c->misses++;
		return false;
	}
	e->lru = ++c->use_counter;
	*val = e->val;
	c->hits++;
	return true;
}

void its__cache_insert(struct its__cache *c, uint64_t key, uint64_t val)
{
	struct its__cache_entry *set = set_of(c, key), *victim = find(set, c->ways, key);

	for (unsigned w = 0; w < c->ways && !victim; w++)
		if (!set[w].valid)
			victim = &set[w];
	if (!victim) {
		victim = &set[0];
		for (unsigned w = 1; w < c->ways; w++)
			if (set[w].lru < victim->lru)
				victim = &set[w];
	}
	*victim = (struct its__cache_entry){ .valid = true, .key = key, .val = val,
					     .lru = ++c->use_counter };
	c->gen++;
}

void its__cache_remove(struct its__cache *c, uint64_t key)
{
	struct its__cache_entry *set = set_of(c, key);

	c->gen++;
	for (unsigned w = 0; w < c->ways; w++)
		if (set[w].valid && set[w].key == key)
			set[w].valid = false;
}

void its__cache_remove_masked(struct its__cache *c, uint64_t mask, uint64_t match)
{
	size_t n = (size_t)c->sets * c->ways;

	c->gen++;
	for (size_t i = 0; i < n; i++)
		if (c->e[i].valid && (c->e[i].key & mask) == match)
			c->e[i].valid = false;
}

void its__cache_clear(struct its__cache *c)
{
	c->gen++;
	memset(c->e, 0, (size_t)c->sets * c->ways * sizeof(*c->e));
}

/* SPDX-License-Identifier: MIT */
/*
 * The configuration cache: decoded, legal STEs and CDs, set-associative,
 * LRU with deterministic ties.  Only CMD_CFGI_* (or eviction) removes an
 * entry, which is how real hardware may serve stale configuration.
 * Invalid or ILLEGAL structures and failed fetches are never cached
 * (IHI 0070 §5.4.1), so fixing one takes effect without a CFGI.
 */
#include <string.h>

#include "smmu/smmu_internal.h"

static struct smmu_cfg_entry *set_of(struct smmu *s, enum smmu_cfg_type type, uint32_t sid,
				     uint32_t ssid)
{
	/* Spread consecutive StreamIDs and SubstreamIDs over the sets. */
	uint32_t h = (sid * 0x9E3779B1u) ^ (ssid * 0x85EBCA6Bu) ^ (uint32_t)type;
	unsigned set = (h >> 16) & (s->cfg.cfg_cache_sets - 1);

	return &s->cfg_cache[(size_t)set * s->cfg.cfg_cache_ways];
}

bool smmu__cfg_lookup(struct smmu *s, enum smmu_cfg_type type, uint32_t sid, uint32_t ssid,
		      struct smmu_cfg_entry **out)
{
	struct smmu_cfg_entry *set = set_of(s, type, sid, ssid);

	s->cfg_probes++; /* each probe costs cfg_cache_latency (docs/timing.md) */
	for (unsigned w = 0; w < s->cfg.cfg_cache_ways; w++) {
		if (set[w].type == type && set[w].sid == sid && set[w].ssid == ssid) {
			set[w].lru = ++s->use_counter;
			*out = &set[w];
			s->stats.cfg_cache_hits++;
			smmu__memo_cfg_hit(s, &set[w]);
			return true;
		}
	}
	s->stats.cfg_cache_misses++;
	return false;
}

void smmu__cfg_insert(struct smmu *s, enum smmu_cfg_type type, uint32_t sid, uint32_t ssid,
		      const void *value)
{
	s->gen++;
	struct smmu_cfg_entry *set = set_of(s, type, sid, ssid), *victim = &set[0];

	for (unsigned w = 0; w < s->cfg.cfg_cache_ways; w++) {
		if (set[w].type == CFG_NONE) {
			victim = &set[w];
			break;
		}
		if (set[w].lru < victim->lru)
			victim = &set[w];
	}
	victim->type = (uint8_t)type;
	victim->sid = sid;
	victim->ssid = ssid;
	victim->lru = ++s->use_counter;
	if (type == CFG_STE)
		victim->u.ste = *(const struct smmu_ste *)value;
	else
		victim->u.cd = *(const struct smmu_cd *)value;
}

void smmu__cfg_inval(struct smmu *s, enum smmu_cfg_type type, uint32_t first, uint32_t last,
		     bool any_ssid, uint32_t ssid)
{
	s->gen++;
	size_t n = (size_t)s->cfg.cfg_cache_sets * s->cfg.cfg_cache_ways;

	for (size_t i = 0; i < n; i++) {
		struct smmu_cfg_entry *e = &s->cfg_cache[i];

		if (e->type != CFG_NONE && (type == CFG_NONE || e->type == type) &&
		    e->sid >= first && e->sid <= last && (any_ssid || e->ssid == ssid))
			e->type = CFG_NONE;
	}
}

void smmu__cfg_inval_all(struct smmu *s)
{
	s->gen++;
	memset(s->cfg_cache, 0,
	       (size_t)s->cfg.cfg_cache_sets * s->cfg.cfg_cache_ways * sizeof(*s->cfg_cache));
}

/* SPDX-License-Identifier: MIT */
/*
 * Latency profile parser and the built-in profiles (docs/timing.md).
 *
 * One table maps each key to its field and legal range, so the parser,
 * the range checks and the documentation's key list cannot drift apart.
 * The built-in profiles are texts in the same format, parsed by the same
 * code; every number carries its source in a comment.
 */
#include "model/profile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROFILE_FILE_MAX (UINT64_C(1) << 20)

/*
 * gem5's SMMUv3 defaults (src/dev/arm/SMMUv3.py) as issue 5 lists them.
 * Where gem5 names no number (RAM, commands, the ITS), the comment says so.
 */
static const char profile_gem5[] =
	"# gem5: the SMMUv3 model's defaults (gem5 src/dev/arm/SMMUv3.py).\n"
	"# Not gem5 SMMU parameters: gem5 takes memory latency from its memory\n"
	"# system; we use M = 100 cycles, as `default`.\n"
	"ram_read 100\n"
	"ram_write 100\n"
	"mmio_read 10\n"
	"mmio_write 10\n"
	"# Device side.  One beat to accept a read into a translation slot.\n"
	"issue_latency 1\n"
	"# gem5 utlb_entries=32, fully associative, utlb_lat=1.\n"
	"utlb_entries 32\n"
	"utlb_latency 1\n"
	"# gem5 tlb_entries=2048, tlb_assoc=4, tlb_lat=3.\n"
	"tlb_sets 512\n"
	"tlb_ways 4\n"
	"tlb_latency 3\n"
	"# One cycle to pass the translated request downstream; with issue and\n"
	"# utlb this is issue 5's 3-cycle micro-TLB hit.\n"
	"complete_latency 1\n"
	"# gem5 ifc_smmu_lat=8 and smmu_ifc_lat=8: each way.\n"
	"xfer_latency 8\n"
	"# Central unit.  gem5 cfg_entries=64, cfg_assoc=4, cfg_lat=3.\n"
	"cfg_cache_sets 16\n"
	"cfg_cache_ways 4\n"
	"cfg_cache_latency 3\n"
	"# gem5 ipa_enable=False (ipa_lat=3 when enabled).\n"
	"ipa_cache 0\n"
	"ipa_cache_latency 3\n"
	"# gem5 walk_S1L0..L3 = 4/28/348/4, walk_S2L0..L3 = 4/28/92/4,\n"
	"# walk_assoc=4, walk_lat=4 per level probed.\n"
	"wc_ways 4\n"
	"wc_s1_l0 4\n"
	"wc_s1_l1 28\n"
	"wc_s1_l2 348\n"
	"wc_s1_l3 4\n"
	"wc_s2_l0 4\n"
	"wc_s2_l1 28\n"
	"wc_s2_l2 92\n"
	"wc_s2_l3 4\n"
	"wc_latency 4\n"
	"# Issue 5: under `gem5` leaves live in the main TLB only (so a cold\n"
	"# walk is always 46 + 4*M); `default` also caches them in the walk cache.\n"
	"wc_leaf 0\n"
	"# Not a gem5 parameter: claim a walker and fill the main TLB, 2 cycles,\n"
	"# so that a cold 4-level stage-1 walk costs issue 5's 46 + 4*M.\n"
	"walk_latency 2\n"
	"# gem5 xlate_slots=64 (transactions in translation at once) and\n"
	"# ptw_slots=16 (page-table walks at once).\n"
	"slots 64\n"
	"walkers 16\n"
	"# Time base, not gem5 parameters: a 1 GHz model clock, and a device that\n"
	"# can issue one request per cycle (the SMMU's slots are the limit).\n"
	"clock_mhz 1000\n"
	"dev_interval 1\n"
	"# Not in issue 5's gem5 list: consuming a command costs 4 cycles (the\n"
	"# foundation's number); invalidations and CMD_SYNC cost nothing more.\n"
	"cmd_latency 4\n"
	"inval_latency 0\n"
	"sync_latency 0\n"
	"# gem5's SMMU has no ITS: GIC-600-like caches as `default`.\n"
	"its_dev_cache_sets 16\n"
	"its_dev_cache_ways 2\n"
	"its_ite_cache_sets 128\n"
	"its_ite_cache_ways 2\n"
	"its_coll_cache_sets 8\n"
	"its_coll_cache_ways 2\n"
	"its_cache_latency 2\n"
	"lpi_cache_sets 16\n"
	"lpi_cache_ways 4\n"
	"lpi_cache_latency 2\n";

/* default: gem5's structures, the IPA cache on, M = 100, commands not free. */
static const char profile_default[] =
	"# default: gem5's structures (see `gem5`) with the stage-2 (IPA) cache\n"
	"# enabled and a cost for invalidations and CMD_SYNC (issue 5).\n"
	"# M = 100 cycles: a DRAM read of ~100 ns at a 1 GHz model clock.\n"
	"ram_read 100\n"
	"ram_write 100\n"
	"# MMIO register access: 10 cycles (the foundation's number).\n"
	"mmio_read 10\n"
	"mmio_write 10\n"
	"# Device side, as gem5.\n"
	"issue_latency 1\n"
	"utlb_entries 32\n"
	"utlb_latency 1\n"
	"tlb_sets 512\n"
	"tlb_ways 4\n"
	"tlb_latency 3\n"
	"complete_latency 1\n"
	"xfer_latency 8\n"
	"# Central unit, as gem5, with the IPA cache enabled (gem5's ipa_lat=3).\n"
	"cfg_cache_sets 16\n"
	"cfg_cache_ways 4\n"
	"cfg_cache_latency 3\n"
	"ipa_cache 1\n"
	"ipa_cache_latency 3\n"
	"wc_ways 4\n"
	"wc_s1_l0 4\n"
	"wc_s1_l1 28\n"
	"wc_s1_l2 348\n"
	"wc_s1_l3 4\n"
	"wc_s2_l0 4\n"
	"wc_s2_l1 28\n"
	"wc_s2_l2 92\n"
	"wc_s2_l3 4\n"
	"wc_latency 4\n"
	"# Issue 5: leaf entries are cached in the walk cache too (its level-3\n"
	"# partition holds pages, levels 1-2 blocks), as gem5's walk cache does.\n"
	"wc_leaf 1\n"
	"walk_latency 2\n"
	"# Concurrency as gem5: 64 translation slots, 16 parallel walks.\n"
	"slots 64\n"
	"walkers 16\n"
	"# 1 GHz model clock; a device issues at most one request per cycle.\n"
	"clock_mhz 1000\n"
	"dev_interval 1\n"
	"# Commands: 4 cycles each; an invalidation scans the caches (16 more);\n"
	"# CMD_SYNC drains outstanding work (32 more).  Estimates, not measured.\n"
	"cmd_latency 4\n"
	"inval_latency 16\n"
	"sync_latency 32\n"
	"# ITS: GIC-600-like caches, 2-way: 32 DTEs, 256 ITEs, 16 CTEs (issue 5).\n"
	"its_dev_cache_sets 16\n"
	"its_dev_cache_ways 2\n"
	"its_ite_cache_sets 128\n"
	"its_ite_cache_ways 2\n"
	"its_coll_cache_sets 8\n"
	"its_coll_cache_ways 2\n"
	"# 2 cycles per cache probe: an estimate (no public GIC-600 figure).\n"
	"its_cache_latency 2\n"
	"# Redistributor LPI configuration cache: 64 entries, 4-way, 2 cycles\n"
	"# (an estimate, as the ITS caches).\n"
	"lpi_cache_sets 16\n"
	"lpi_cache_ways 4\n"
	"lpi_cache_latency 2\n";

/* iommu-xeon: on top of `default`. */
static const char profile_iommu_xeon[] =
	"# iommu-xeon: an Intel server IOMMU as measured by Neugebauer et al.,\n"
	"# \"Understanding PCIe performance for end host networking\", SIGCOMM 2018:\n"
	"# a translation-cache miss adds ~226-307 ns to a 64 B DMA read with 4 KB\n"
	"# pages; throughput falls once the working set passes 64 pages.\n"
	"# Starts from `default`; only the differences follow.\n"
	"# M ~ 250: at a 1 GHz model clock a miss whose upper levels hit the walk\n"
	"# cache costs one table read, ~250 ns, inside the measured 226-307 ns.\n"
	"ram_read 250\n"
	"ram_write 250\n"
	"# VT-d has an IOTLB but no per-device micro-TLB (no ATS here).\n"
	"utlb_entries 0\n"
	"utlb_latency 0\n"
	"# The 64-entry translation cache (cache reach 64 x 4 KB = 256 KB),\n"
	"# fully associative, LRU.\n"
	"tlb_sets 1\n"
	"tlb_ways 64\n"
	"# VT-d's paging-structure caches hold tables, not leaves: the reach stays\n"
	"# the 64-entry translation cache's.\n"
	"wc_leaf 0\n"
	"# The measuring NIC streams 64 B reads over PCIe Gen3 x8: with every\n"
	"# translation hitting it reached 54.9 M reads/s, one per 18.2 ns, so the\n"
	"# device issues one read every 18 cycles of the 1 GHz clock (55.6 M/s).\n"
	"clock_mhz 1000\n"
	"dev_interval 18\n"
	"# Parallel walks: not published for VT-d.  With every read missing the\n"
	"# paper measured 19.2 M reads/s; a miss here holds a walker for ~270\n"
	"# cycles (one table read of 250 plus probes), so 19.2 M/s needs ~5 walks\n"
	"# in flight: calibrated, not measured (docs/timing.md \"Sweep\").\n"
	"walkers 5\n";

#define PROFILE_BUILTINS(X) \
	X("gem5", profile_gem5) \
	X("default", profile_default) \
	X("iommu-xeon", profile_iommu_xeon)

#define PROFILE_NAME(name, text) name,
static const char *const profile_names[] = { PROFILE_BUILTINS(PROFILE_NAME) NULL };

const char *const *sm_profile_builtin_names(void)
{
	return profile_names;
}

const char *sm_profile_builtin_text(const char *name)
{
#define PROFILE_TEXT(n, text) if (!strcmp(name, n)) return text;
	PROFILE_BUILTINS(PROFILE_TEXT)
#undef PROFILE_TEXT
	return NULL;
}

/* ---- keys ---- */

enum { POW2 = 1u << 0 }; /* the value must be a power of two */

struct profile_key {
	const char *name;
	size_t off;
	uint32_t lo, hi;
	unsigned flags;
};

#define K(name, field, lo, hi, fl) { name, offsetof(struct sm_profile, field), lo, hi, fl }
#define L(name, field)             K(name, lat.field, 0, 100000, 0)
static const struct profile_key profile_keys[] = {
	L("ram_read", ram_read), L("ram_write", ram_write),
	L("mmio_read", mmio_read), L("mmio_write", mmio_write),
	L("issue_latency", issue), L("utlb_latency", utlb), L("tlb_latency", tlb),
	L("complete_latency", complete), L("xfer_latency", xfer),
	L("cfg_cache_latency", cfg), L("ipa_cache_latency", ipa), L("walk_latency", walk),
	L("wc_latency", wc), L("cmd_latency", cmd), L("inval_latency", inval),
	L("sync_latency", sync), L("its_cache_latency", its_cache),
	L("lpi_cache_latency", lpi_cache),
	K("utlb_entries", utlb_entries, 0, 256, 0),
	K("tlb_sets", tlb_sets, 1, 1u << 20, POW2), K("tlb_ways", tlb_ways, 1, 64, 0),
	K("cfg_cache_sets", cfg_cache_sets, 1, 65536, POW2),
	K("cfg_cache_ways", cfg_cache_ways, 1, 64, 0),
	K("ipa_cache", ipa_cache, 0, 1, 0), K("wc_leaf", wc_leaf, 0, 1, 0),
	K("slots", slots, 1, 256, 0), K("walkers", walkers, 1, 64, 0),
	K("clock_mhz", clock_mhz, 1, 100000, 0), K("dev_interval", dev_interval, 1, 100000, 0),
	K("wc_ways", wc_ways, 1, 64, 0),
	K("wc_s1_l0", wc_s1[0], 0, 65536, 0), K("wc_s1_l1", wc_s1[1], 0, 65536, 0),
	K("wc_s1_l2", wc_s1[2], 0, 65536, 0), K("wc_s1_l3", wc_s1[3], 0, 65536, 0),
	K("wc_s2_l0", wc_s2[0], 0, 65536, 0), K("wc_s2_l1", wc_s2[1], 0, 65536, 0),
	K("wc_s2_l2", wc_s2[2], 0, 65536, 0), K("wc_s2_l3", wc_s2[3], 0, 65536, 0),
	K("its_dev_cache_sets", its_dev_cache_sets, 1, 65536, POW2),
	K("its_dev_cache_ways", its_dev_cache_ways, 1, 64, 0),
	K("its_ite_cache_sets", its_ite_cache_sets, 1, 65536, POW2),
	K("its_ite_cache_ways", its_ite_cache_ways, 1, 64, 0),
	K("its_coll_cache_sets", its_coll_cache_sets, 1, 65536, POW2),
	K("its_coll_cache_ways", its_coll_cache_ways, 1, 64, 0),
	K("lpi_cache_sets", lpi_cache_sets, 1, 65536, POW2),
	K("lpi_cache_ways", lpi_cache_ways, 1, 64, 0),
};
#undef K
#undef L
#define NKEYS (sizeof(profile_keys) / sizeof(profile_keys[0]))

static uint32_t *key_field(struct sm_profile *p, const struct profile_key *k)
{
	return (uint32_t *)((char *)p + k->off);
}

/* ---- parser ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int parse_value(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	size_t i = 0;

	if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, i = 2;
	if (i == n)
		return -1;
	for (; i < n; i++) {
		unsigned d;
		char c = p[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* Walk-cache levels must split into whole sets of wc_ways (a level smaller
 * than wc_ways is one fully associative set). */
static int check_wc(const struct sm_profile *p, const char *src, const unsigned *line,
		    struct sm_err *err)
{
	for (unsigned st = 0; st < 2; st++) {
		for (unsigned l = 0; l < SM_PROFILE_WC_LEVELS; l++) {
			uint32_t n = st ? p->wc_s2[l] : p->wc_s1[l];
			const char *key = profile_keys[0].name;
			unsigned ln = 0;

			if (n <= p->wc_ways || n % p->wc_ways == 0)
				continue;
			for (size_t k = 0; k < NKEYS; k++) {
				if (profile_keys[k].off == (st ? offsetof(struct sm_profile, wc_s2[l])
							       : offsetof(struct sm_profile, wc_s1[l]))) {
					key = profile_keys[k].name;
					ln = line[k];
				}
			}
			return sm_err_set(err, SM_EINVAL,
					  "%s:%u: %s=%u is not a multiple of wc_ways=%u", src, ln,
					  key, n, p->wc_ways);
		}
	}
	return SM_OK;
}

int sm_profile_parse(const char *text, size_t len, const char *src,
		     const struct sm_profile *base, struct sm_profile *out, struct sm_err *err)
{
	unsigned line_of[NKEYS] = { 0 };
	struct sm_profile p;
	const char *end = text + len;
	unsigned line = 0;

	if (base)
		p = *base;
	else
		memset(&p, 0, sizeof(p));
	while (text < end) {
		const char *eol = memchr(text, '\n', (size_t)(end - text));
		const char *q = text, *k, *v;
		size_t kn, vn;
		uint64_t val;

		if (!eol)
			eol = end;
		line++;
		text = eol + 1;
		/* strip the comment and the blanks */
		const char *hash = memchr(q, '#', (size_t)(eol - q));
		const char *stop = hash ? hash : eol;

		while (q < stop && is_space(*q))
			q++;
		while (stop > q && is_space(stop[-1]))
			stop--;
		if (q == stop)
			continue;
		k = q;
		while (q < stop && !is_space(*q))
			q++;
		kn = (size_t)(q - k);
		while (q < stop && is_space(*q))
			q++;
		v = q;
		while (q < stop && !is_space(*q))
			q++;
		vn = (size_t)(q - v);
		while (q < stop && is_space(*q))
			q++;
		if (!vn || q != stop)
			return sm_err_set(err, SM_EINVAL, "%s:%u: expected 'key value'", src, line);

		size_t i;
		/* strncmp stops at the name's end; then the name must end where the key does */
		for (i = 0; i < NKEYS; i++)
			if (profile_keys[i].name[0] == k[0] && !strncmp(profile_keys[i].name, k, kn) &&
			    profile_keys[i].name[kn] == '\0')
				break;
		if (i == NKEYS)
			return sm_err_set(err, SM_EINVAL, "%s:%u: unknown key '%.*s'", src, line,
					  (int)(kn > 40 ? 40 : kn), k);
		const struct profile_key *key = &profile_keys[i];

		if (line_of[i])
			return sm_err_set(err, SM_EINVAL, "%s:%u: %s already set at line %u", src,
					  line, key->name, line_of[i]);
		if (parse_value(v, vn, &val))
			return sm_err_set(err, SM_EINVAL, "%s:%u: %s: '%.*s' is not a number", src,
					  line, key->name, (int)(vn > 40 ? 40 : vn), v);
		if (val < key->lo || val > key->hi)
			return sm_err_set(err, SM_ERANGE, "%s:%u: %s=%llu is outside %u..%u", src,
					  line, key->name, (unsigned long long)val, key->lo, key->hi);
		if ((key->flags & POW2) && (val & (val - 1)))
			return sm_err_set(err, SM_ERANGE, "%s:%u: %s=%llu must be a power of two",
					  src, line, key->name, (unsigned long long)val);
		*key_field(&p, key) = (uint32_t)val;
		line_of[i] = line;
	}
	if (!base) {
		/* A profile without a base must say every number. */
		for (size_t i = 0; i < NKEYS; i++)
			if (!line_of[i])
				return sm_err_set(err, SM_EINVAL, "%s: %s is not set", src,
						  profile_keys[i].name);
	}
	if (check_wc(&p, src, line_of, err))
		return err ? err->code : SM_EINVAL;
	/* A micro-TLB with a probe cost but no entries would charge for nothing. */
	if (!p.utlb_entries && p.lat.utlb)
		return sm_err_set(err, SM_EINVAL, "%s: utlb_latency=%u with utlb_entries=0", src,
				  p.lat.utlb);
	snprintf(p.name, sizeof(p.name), "%s", src);
	*out = p;
	return SM_OK;
}

static int load_builtin(const char *name, struct sm_profile *out, struct sm_err *err)
{
	struct sm_profile def;
	const char *t = sm_profile_builtin_text(name);
	int rc;

	/* gem5 and default stand alone; the others start from default. */
	if (!strcmp(name, "gem5") || !strcmp(name, "default"))
		return sm_profile_parse(t, strlen(t), name, NULL, out, err);
	rc = load_builtin("default", &def, err);
	if (rc)
		return rc;
	return sm_profile_parse(t, strlen(t), name, &def, out, err);
}

int sm_profile_load(const char *name_or_path, struct sm_profile *out, struct sm_err *err)
{
	struct sm_profile def;
	FILE *f;
	char *buf;
	size_t n;
	int rc;

	if (!name_or_path)
		name_or_path = "default";
	if (sm_profile_builtin_text(name_or_path))
		return load_builtin(name_or_path, out, err);
	rc = load_builtin("default", &def, err);
	if (rc)
		return rc;
	f = fopen(name_or_path, "rb");
	if (!f)
		return sm_err_set(err, SM_EIO, "profile '%s': not a built-in (gem5, default, "
				  "iommu-xeon) and cannot open it: %s", name_or_path, strerror(errno));
	buf = malloc(PROFILE_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return sm_err_set(err, SM_ENOMEM, "no memory to read '%s'", name_or_path);
	}
	n = fread(buf, 1, PROFILE_FILE_MAX + 1, f);
	if (ferror(f) || n > PROFILE_FILE_MAX) {
		bool big = n > PROFILE_FILE_MAX;

		free(buf);
		fclose(f);
		return sm_err_set(err, SM_EIO, "profile '%s': %s", name_or_path,
				  big ? "larger than 1 MiB" : "read error");
	}
	fclose(f);
	rc = sm_profile_parse(buf, n, name_or_path, &def, out, err);
	free(buf);
	return rc;
}

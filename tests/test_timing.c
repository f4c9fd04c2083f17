/* SPDX-License-Identifier: MIT */
/*
 * Cycle accounting (docs/timing.md "Cycle accounting"): what a micro-TLB
 * hit, a main-TLB hit and walks cost under a loaded profile, computed from
 * the profile's own numbers; the micro-TLB's LRU replacement and flush
 * rule; the main TLB's reach under iommu-xeon; command costs.
 */
#include "tests/smmu_fixture.h"
#include "model/profile.h"

#define SID  1u
#define SID2 2u
#define T0SZ 16u /* 48-bit VA, 4 KiB granule: a 4-level walk from level 0 */

static struct smmu_fx *fx_from(const struct sm_profile *p);

/* Bus, RAM and SMMU built from a profile, as lib/system.c builds them. */
static struct smmu_fx *fx_profile(const char *name, struct sm_profile *p)
{
	struct sm_err err = { 0 };

	if (sm_profile_load(name, p, &err))
		fail_msg("profile %s: %s", name, err.msg);
	return fx_from(p);
}

/* The same from profile text on top of `default`. */
static struct smmu_fx *fx_profile_text(const char *text, struct sm_profile *p)
{
	struct sm_profile base;
	struct sm_err err = { 0 };

	assert_int_equal(sm_profile_load("default", &base, &err), SM_OK);
	if (sm_profile_parse(text, strlen(text), "t.profile", &base, p, &err))
		fail_msg("profile: %s", err.msg);
	return fx_from(p);
}

static struct smmu_fx *fx_from(const struct sm_profile *p)
{
	struct smmu_fx *fx = calloc(1, sizeof(*fx));
	struct sm_err err = { 0 };
	struct smmu_config cfg;

	assert_non_null(fx);
	fx->log = (struct sm_log){ .fn = fx_log_sink, .opaque = fx, .level = SM_LOG_DEBUG };
	fx->mem = mem_create(MEM_DEFAULT_CAP);
	fx->bus = bus_create(fx->mem, &p->lat, &fx->log);
	assert_non_null(fx->bus);
	assert_int_equal(bus_add_ram(fx->bus, "ram", RAM_BASE, RAM_SIZE, &err), SM_OK);
	smmu_config_default(&cfg);
	cfg.utlb_entries = p->utlb_entries;
	cfg.tlb_sets = p->tlb_sets, cfg.tlb_ways = p->tlb_ways;
	cfg.cfg_cache_sets = p->cfg_cache_sets, cfg.cfg_cache_ways = p->cfg_cache_ways;
	cfg.wc_ways = p->wc_ways;
	for (unsigned l = 0; l < SM_PROFILE_WC_LEVELS; l++)
		cfg.wc_level[0][l] = p->wc_s1[l], cfg.wc_level[1][l] = p->wc_s2[l];
	cfg.ipa_cache = p->ipa_cache;
	cfg.slots = p->slots, cfg.walkers = p->walkers;
	cfg.wc_leaf = p->wc_leaf;
	fx->smmu = smmu_create(&cfg, fx->bus, &p->lat, &fx->log, &err);
	if (!fx->smmu)
		fail_msg("smmu_create: %s", err.msg);
	assert_int_equal(bus_add_mmio(fx->bus, "smmu", SMMU_BASE, SMMU_REG_WINDOW, &smmu_mmio_ops,
				      fx->smmu, &err), SM_OK);
	fx_enable_default(fx);
	return fx;
}

/* One stage-1 context shared by SID and SID2 (same CD, so same ASID). */
struct ctx {
	struct smmu_fx *fx;
	struct fx_pt pt;
	uint64_t ttb;
};

static void ctx_init(struct ctx *c, struct smmu_fx *fx)
{
	uint64_t cd[CD_DWORDS], ste[STE_DWORDS], cmd[CMD_DWORDS];

	c->fx = fx;
	c->pt = (struct fx_pt){ fx, FX_PT };
	c->ttb = fx_pt_alloc(&c->pt, 4096);
	fx_cd_s1(cd, 12, T0SZ, c->ttb, 1);
	fx_write_cd(fx, FX_CD, cd);
	fx_ste_s1_cd(ste, FX_CD);
	fx_write_ste(fx, FX_STRTAB, SID, ste);
	fx_write_ste(fx, FX_STRTAB, SID2, ste);
	fx_cmd_op(cmd, SMMU_CMD_TLBI_NSNH_ALL);
	fx_cmd(fx, cmd);
	fx_cmdq_assert_drained(fx);
}

static void ctx_map(struct ctx *c, uint64_t va)
{
	fx_pt_map(&c->pt, c->ttb, 12, 0, 64 - T0SZ, va, 3,
		  fx_pte_s1_page(FX_DATA + (va & 0xfffff000u), PTE_AP_RW_ALL));
}

/* A non-global page (nG=1), as Linux's io-pgtable maps stage 1. */
static void ctx_map_ng(struct ctx *c, uint64_t va, uint64_t pa)
{
	fx_pt_map(&c->pt, c->ttb, 12, 0, 64 - T0SZ, va, 3,
		  fx_pte_s1_page(pa, PTE_AP_RW_ALL) | PTE_S1_NG);
}

/* Translate a read and return its cycles. */
static uint64_t cost(struct smmu_fx *fx, uint32_t sid, uint64_t va)
{
	struct smmu_result r;

	fx_txn(fx, sid, false, 0, va, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	return r.cycles;
}

/* The pieces of the formula (docs/timing.md). */
static uint64_t utlb_hit(const struct sm_profile *p)
{
	return p->lat.issue + p->lat.utlb + p->lat.complete;
}

static uint64_t main_hit(const struct sm_profile *p)
{
	return utlb_hit(p) + p->lat.tlb;
}

/* A walk with warm configuration (one STE and one CD probe), `probes` walk-cache
 * levels probed and `reads` descriptors read. */
static uint64_t walk(const struct sm_profile *p, unsigned probes, unsigned reads)
{
	return main_hit(p) + 2u * p->lat.xfer + 2u * p->lat.cfg + p->lat.walk +
	       (uint64_t)probes * p->lat.wc + (uint64_t)reads * p->lat.ram_read;
}

#define VA_A UINT64_C(0x0000001000)
#define VA_B UINT64_C(0x0000002000)           /* A's level-3 table */
#define VA_C UINT64_C(0x8000000000)           /* another level-0 entry: nothing shared */

static void test_gem5_utlb_hit_main_hit_and_cold_walk(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("gem5", &p);
	struct ctx c;

	(void)state;
	ctx_init(&c, fx);
	ctx_map(&c, VA_A);
	ctx_map(&c, VA_C);
	cost(fx, SID, VA_A);                 /* everything cold: config fetched too */
	/* again: the micro-TLB */
	assert_int_equal(cost(fx, SID, VA_A), utlb_hit(&p));
	/* a level-0 entry no walk has used: 4 levels probed, 4 reads */
	assert_int_equal(cost(fx, SID, VA_C), walk(&p, 4, 4));
	/* SID2: its own configuration warmed by VA_C, then A from the shared main TLB */
	cost(fx, SID2, VA_C);
	assert_int_equal(cost(fx, SID2, VA_A), main_hit(&p));
	/* issue 5's figures for gem5: 3, 6 and 46 + 4*M */
	assert_int_equal(utlb_hit(&p), 3);
	assert_int_equal(main_hit(&p), 6);
	assert_int_equal(walk(&p, 4, 4), 46 + 4 * (uint64_t)p.lat.ram_read);
	fx_assert_no_event(fx);
	fx_destroy(fx);
}

static void test_gem5_walk_cache_hit_skips_upper_levels(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("gem5", &p);
	struct ctx c;

	(void)state;
	ctx_init(&c, fx);
	ctx_map(&c, VA_A);
	ctx_map(&c, VA_B);
	cost(fx, SID, VA_A);
	/* B shares A's level-3 table: the level it resumes at plus one read */
	assert_int_equal(cost(fx, SID, VA_B), walk(&p, 2, 1));
	fx_destroy(fx);
}

static void test_cold_walk_scales_with_m(void **state)
{
	/* M from a file that only changes ram_read: the walk moves by 4 * delta */
	char path[] = "/tmp/smmuits-timing-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct sm_profile p;
	struct smmu_fx *fx;
	struct ctx c;

	(void)state;
	assert_non_null(f);
	fputs("# timing test: M = 333\nram_read 333\n", f);
	fclose(f);
	fx = fx_profile(path, &p);
	remove(path);
	assert_int_equal(p.lat.ram_read, 333);
	ctx_init(&c, fx);
	ctx_map(&c, VA_A);
	ctx_map(&c, VA_C);
	cost(fx, SID, VA_A);
	assert_int_equal(cost(fx, SID, VA_C), walk(&p, 4, 4));
	fx_destroy(fx);
}

static void test_utlb_lru_replacement(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("gem5", &p);
	unsigned n = p.utlb_entries;
	struct ctx c;

	(void)state;
	assert_true(n >= 2);
	ctx_init(&c, fx);
	for (unsigned i = 0; i <= n; i++)
		ctx_map(&c, VA_A + 0x1000 * (uint64_t)i);
	/* fill the micro-TLB with pages 0..n-1 */
	for (unsigned i = 0; i < n; i++)
		cost(fx, SID, VA_A + 0x1000 * (uint64_t)i);
	/* all n fit */
	assert_int_equal(cost(fx, SID, VA_A), utlb_hit(&p));
	/* page n evicts the least recently used: page 1 (page 0 was just used) */
	cost(fx, SID, VA_A + 0x1000 * (uint64_t)n);
	assert_int_equal(cost(fx, SID, VA_A + 0x1000), main_hit(&p));
	assert_int_equal(cost(fx, SID, VA_A), utlb_hit(&p));
	fx_destroy(fx);
}

static void test_utlb_is_per_streamid(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("gem5", &p);
	struct ctx c;

	(void)state;
	ctx_init(&c, fx);
	ctx_map(&c, VA_A);
	ctx_map(&c, VA_B);
	cost(fx, SID, VA_A);
	cost(fx, SID2, VA_B);
	/* SID2 filled its own micro-TLB, not SID's */
	assert_int_equal(cost(fx, SID, VA_A), utlb_hit(&p));
	assert_int_equal(cost(fx, SID2, VA_A), main_hit(&p));
	assert_int_equal(cost(fx, SID2, VA_A), utlb_hit(&p));
	fx_destroy(fx);
}

static void test_any_invalidation_flushes_utlbs(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("gem5", &p);
	struct ctx c;

	(void)state;
	ctx_init(&c, fx);
	ctx_map(&c, VA_A);
	cost(fx, SID, VA_A);
	assert_int_equal(cost(fx, SID, VA_A), utlb_hit(&p));
	/* a CFGI for an unrelated StreamID removes no translation, but flushes the micro-TLBs */
	fx_cmd_cfgi_ste(fx, 7);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(cost(fx, SID, VA_A), main_hit(&p));
	assert_int_equal(cost(fx, SID, VA_A), utlb_hit(&p));
	fx_destroy(fx);
}

static void test_utlb_never_changes_a_result(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("gem5", &p);
	struct smmu_result r;
	uint64_t cmd[CMD_DWORDS];
	struct ctx c;

	(void)state;
	ctx_init(&c, fx);
	ctx_map(&c, VA_A);
	assert_int_equal(cost(fx, SID, VA_A) > 0, 1);
	/* remap A elsewhere and invalidate: the next access sees the new page */
	fx_pt_map(&c.pt, c.ttb, 12, 0, 64 - T0SZ, VA_A, 3,
		  fx_pte_s1_page(FX_DATA + 0x555000, PTE_AP_RW_ALL));
	fx_cmd_op(cmd, SMMU_CMD_TLBI_NH_ALL);
	fx_cmd(fx, cmd);
	fx_txn(fx, SID, false, 0, VA_A, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	assert_int_equal(r.pa, FX_DATA + 0x555000);
	assert_false(r.tlb_hit);
	fx_destroy(fx);
}

static void test_xeon_tlb_reach_is_64_pages(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("iommu-xeon", &p);
	unsigned reach = p.tlb_sets * p.tlb_ways;
	struct ctx c;

	(void)state;
	/* the published 64-entry translation cache, no micro-TLB */
	assert_int_equal(reach, 64);
	assert_int_equal(p.utlb_entries, 0);
	ctx_init(&c, fx);
	for (unsigned i = 0; i <= reach; i++)
		ctx_map(&c, VA_A + 0x1000 * (uint64_t)i);
	/* a window of `reach` pages: after one pass every access hits */
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < reach; i++) {
			uint64_t cy = cost(fx, SID, VA_A + 0x1000 * (uint64_t)i);

			if (pass)
				assert_int_equal(cy, main_hit(&p) - p.lat.utlb);
		}
	/* one page more, round robin: LRU evicts each page just before its reuse */
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i <= reach; i++) {
			struct smmu_result r;

			fx_txn(fx, SID, false, 0, VA_A + 0x1000 * (uint64_t)i, &r);
			if (pass)
				assert_false(r.tlb_hit);
		}
	fx_destroy(fx);
}

static void test_default_commands_cost_sync_and_inval(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("default", &p);
	struct bus_attrs a = { 0 };
	uint64_t cmd[CMD_DWORDS];

	(void)state;
	assert_true(p.lat.sync > 0 && p.lat.inval > 0);
	fx_cmd_op(cmd, SMMU_CMD_TLBI_NSNH_ALL);
	fx_cmd_put(fx, cmd);
	fx_cmd_op(cmd, SMMU_CMD_SYNC);
	fx_cmd_put(fx, cmd);
	/* both run inside the CMDQ_PROD write, which carries their cost */
	assert_int_equal(bus_write(fx->bus, SMMU_BASE + SMMU_CMDQ_PROD, 4, fx->cmdq_prod, &a), SM_OK);
	fx_cmdq_assert_drained(fx);
	assert_int_equal(a.cycles, p.lat.mmio_write + 2u * p.lat.cmd + p.lat.inval + p.lat.sync);
	fx_destroy(fx);
}

/* ---- leaf entries in the walk cache (`default`) ---- */

/*
 * A 4-entry TLB and an 8-entry level-3 walk-cache partition: a page the
 * TLB evicted is still a leaf in the walk cache, and its walk reads nothing.
 */
#define TINY_TLB "tlb_sets 1\ntlb_ways 4\nwc_s1_l3 8\nutlb_entries 0\nutlb_latency 0\n"

/* TINY_TLB (+ extra), pages A..A+4 mapped (nG=1 when ng) and translated once each. */
static struct smmu_fx *fx_five_pages(const char *extra, bool ng, struct sm_profile *p,
				     struct ctx *c)
{
	char text[256];
	struct smmu_fx *fx;

	snprintf(text, sizeof(text), "%s%s", TINY_TLB, extra);
	fx = fx_profile_text(text, p);
	ctx_init(c, fx);
	for (unsigned i = 0; i < 5; i++) {
		uint64_t va = VA_A + 0x1000 * (uint64_t)i;

		if (ng)
			ctx_map_ng(c, va, FX_DATA + 0x1000 * (uint64_t)i);
		else
			ctx_map(c, va);
		cost(fx, SID, va);
	}
	return fx;
}

static void test_default_caches_leaves_in_the_walk_cache(void **state)
{
	struct sm_profile p;
	struct ctx c;
	struct smmu_fx *fx = fx_five_pages("", true, &p, &c);
	struct smmu_result r;

	(void)state;
	assert_true(p.wc_leaf);
	/* A left the 4-entry TLB; its leaf is cached: one probe, no read */
	fx_txn(fx, SID, false, 0, VA_A, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	assert_false(r.tlb_hit);
	assert_int_equal(r.walk_reads, 0);
	assert_int_equal(r.cycles, walk(&p, 1, 0));
	fx_destroy(fx);
}

/* TLBI by VA with Leaf=1 must take the cached leaf too; a stale copy may serve until then. */
static void test_leaf_tlbi_removes_cached_leaves(void **state)
{
	struct sm_profile p;
	struct ctx c;
	struct smmu_fx *fx = fx_five_pages("", true, &p, &c);
	uint64_t cmd[CMD_DWORDS];
	struct smmu_result r;

	(void)state;
	/* remap A without invalidation: the walk cache's leaf still says the old page */
	ctx_map_ng(&c, VA_A, FX_DATA + 0x777000);
	fx_txn(fx, SID, false, 0, VA_A, &r);
	assert_int_equal(r.pa, FX_DATA);
	assert_int_equal(r.walk_reads, 0);
	fx_cmd_op(cmd, SMMU_CMD_TLBI_NH_VA);
	cmd[0] |= FIELD_PREP(CMD_0_ASID, 1);
	cmd[1] = FIELD_ADDR(CMD_1_ADDR, VA_A) | FIELD_PREP(CMD_1_LEAF, 1);
	fx_cmd(fx, cmd);
	fx_txn(fx, SID, false, 0, VA_A, &r);
	fx_assert_verdict(&r, SMMU_TRANSLATED);
	assert_int_equal(r.pa, FX_DATA + 0x777000);
	/* the level-3 table stayed cached (Leaf=1): one read */
	assert_int_equal(r.walk_reads, 1);
	fx_destroy(fx);
}

/*
 * A TLB miss that must read the leaf: a global (nG=0) leaf, not tagged with
 * the ASID that TLBI by ASID uses, stays in the TLB only; gem5 caches no leaves.
 */
static void test_leaves_not_cached(void **state)
{
	static const struct { const char *extra; bool ng; } cases[] = {
		{ "", false },            /* default, global pages */
		{ "wc_leaf 0\n", true },  /* gem5's rule, non-global pages */
	};

	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		struct sm_profile p;
		struct ctx c;
		struct smmu_fx *fx = fx_five_pages(cases[i].extra, cases[i].ng, &p, &c);
		struct smmu_result r;

		fx_txn(fx, SID, false, 0, VA_A, &r);
		assert_false(r.tlb_hit);
		assert_int_equal(r.walk_reads, 1);
		fx_destroy(fx);
	}
}

/* ---- concurrency (docs/timing.md "Concurrency") ---- */

/* A read issued at cycle `at`, whatever the fixture's clock says. */
static void txn_at(struct smmu_fx *fx, uint64_t va, uint64_t at, struct smmu_result *r)
{
	struct smmu_txn t = { .sid = SID, .iova = va, .size = 4, .issue = at };

	smmu_translate(fx->smmu, &t, r);
	fx_assert_verdict(r, SMMU_TRANSLATED);
}

/* gem5, VA_A mapped and translated once: its translation is cached. */
static struct smmu_fx *fx_one_page(struct sm_profile *p)
{
	struct smmu_fx *fx = fx_profile("gem5", p);
	struct ctx c;

	ctx_init(&c, fx);
	ctx_map(&c, VA_A);
	cost(fx, SID, VA_A);
	return fx;
}

/* Reads that hit the micro-TLB hold a slot for a hit's latency: the slots+1st waits. */
static void test_slots_limit_hits_in_flight(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_one_page(&p);
	struct smmu_result r;

	(void)state;
	cost(fx, SID, VA_A);
	for (unsigned i = 0; i < p.slots; i++) {
		txn_at(fx, VA_A, 100000, &r);
		assert_int_equal(r.cycles, utlb_hit(&p));
		assert_int_equal(r.wait, 0);
	}
	/* every slot is busy until 100000 + hit: this one starts when the first frees */
	txn_at(fx, VA_A, 100000, &r);
	assert_int_equal(r.wait, utlb_hit(&p));
	assert_int_equal(r.cycles, 2 * utlb_hit(&p));
	assert_int_equal(smmu_get_stats(fx->smmu)->slot_waits, 1);
	/* issued after they are all done: no wait */
	txn_at(fx, VA_A, 200000, &r);
	assert_int_equal(r.wait, 0);
	fx_destroy(fx);
}

/*
 * Misses that all arrive at once: `walkers` walks run in parallel, the next
 * miss waits for the first walker to finish its central-unit work.
 */
static void test_walkers_limit_parallel_walks(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_profile("gem5", &p);
	struct smmu_result r;
	uint64_t at = 100000, alone, busy, arrive;
	struct ctx c;

	(void)state;
	ctx_init(&c, fx);
	for (unsigned i = 0; i <= p.walkers + 1; i++)
		ctx_map(&c, VA_A + 0x1000 * (uint64_t)i);
	cost(fx, SID, VA_A);    /* configuration and upper tables now cached */
	/* each later page: resume from the cached level-3 table, one read */
	alone = walk(&p, 2, 1);
	arrive = p.lat.issue + p.lat.utlb + p.lat.tlb + p.lat.xfer;
	busy = alone - arrive - p.lat.xfer - p.lat.complete;
	for (unsigned i = 1; i <= p.walkers; i++) {
		txn_at(fx, VA_A + 0x1000 * (uint64_t)i, at, &r);
		assert_int_equal(r.cycles, alone);
		assert_int_equal(r.wait, 0);
		assert_int_equal(r.walk_at, arrive);
		assert_int_equal(r.walk_busy, busy);
	}
	txn_at(fx, VA_A + 0x1000 * (uint64_t)(p.walkers + 1), at, &r);
	assert_int_equal(r.wait, busy);
	assert_int_equal(r.cycles, alone + busy);
	assert_int_equal(smmu_get_stats(fx->smmu)->walker_waits, 1);
	assert_int_equal(smmu_get_stats(fx->smmu)->slot_waits, 0);
	fx_destroy(fx);
}

/* A reset forgets who was busy: the same burst runs without waiting again. */
static void test_reset_frees_slots_and_walkers(void **state)
{
	struct sm_profile p;
	struct smmu_fx *fx = fx_one_page(&p);
	struct smmu_result r;

	(void)state;
	for (unsigned i = 0; i <= p.slots; i++)
		txn_at(fx, VA_A, 1u << 30, &r);
	assert_true(r.wait > 0);
	smmu_reset(fx->smmu);
	fx->cmdq_prod = 0;
	fx_enable_default(fx);
	txn_at(fx, VA_A, 0, &r);
	assert_int_equal(r.wait, 0);
	fx_destroy(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gem5_utlb_hit_main_hit_and_cold_walk),
		cmocka_unit_test(test_gem5_walk_cache_hit_skips_upper_levels),
		cmocka_unit_test(test_cold_walk_scales_with_m),
		cmocka_unit_test(test_utlb_lru_replacement),
		cmocka_unit_test(test_utlb_is_per_streamid),
		cmocka_unit_test(test_any_invalidation_flushes_utlbs),
		cmocka_unit_test(test_utlb_never_changes_a_result),
		cmocka_unit_test(test_xeon_tlb_reach_is_64_pages),
		cmocka_unit_test(test_default_commands_cost_sync_and_inval),
		cmocka_unit_test(test_default_caches_leaves_in_the_walk_cache),
		cmocka_unit_test(test_leaf_tlbi_removes_cached_leaves),
		cmocka_unit_test(test_leaves_not_cached),
		cmocka_unit_test(test_slots_limit_hits_in_flight),
		cmocka_unit_test(test_walkers_limit_parallel_walks),
		cmocka_unit_test(test_reset_frees_slots_and_walkers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * SMMU instance: configuration, ID registers, reset.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smmu/smmu_cmd.h"
#include "smmu/smmu_internal.h"

void smmu_config_default(struct smmu_config *c)
{
	/* The default part is a capable server-class SMMUv3.1 (DEVELOPERS.md). */
	*c = (struct smmu_config){
		.sidsize = 16, .ssidsize = 20, .oas = 48,
		.cmdqs = SMMU_Q_LOG2SIZE_MAX, .eventqs = SMMU_Q_LOG2SIZE_MAX,
		.s1p = true, .s2p = true, .st_2lvl = true, .cd2l = true,
		.hyp = true, .asid16 = true, .vmid16 = true, .msi = true, .sev = true,
		.cohacc = true, .btm = false, .httu = 2,
		.gran4k = true, .gran16k = true, .gran64k = true, .ril = true,
		.attr_perms_ovr = true,
		.arch_minor = 1,
		/* IIDR: Implementer 0x43b would claim Arm; 0 says "not a real part". */
		.iidr = 0,
		/* IMPDEF: GBPA.ABORT resets to 0, so a fresh SMMU bypasses (as QEMU's does). */
		.gbpa_abort_reset = false,
		.devid = 0xff00,
		/* gem5's SMMUv3 defaults: config cache 64 entries 4-way, main TLB 2048 4-way */
		.cfg_cache_sets = 16, .cfg_cache_ways = 4,
		.tlb_sets = 512, .tlb_ways = 4,
		.wc_sets = 64, .wc_ways = 4,
		/* gem5: utlb_entries=32; the IPA cache on, as the `default` profile */
		.utlb_entries = 32, .ipa_cache = true,
		/* gem5: xlate_slots=64, ptw_slots=16 */
		.slots = 64, .walkers = 16,
		.fast_path = true,
	};
}

/* The platform file's smmu properties: one per config field, with its legal range. */
#define U(f, lo, hi) PLAT_U32(struct smmu_config, f, lo, hi)
#define B(f)         PLAT_BOOL(struct smmu_config, f)
static const struct plat_key cfg_keys[] = {
	U(sidsize, 0, 32), U(ssidsize, 0, 20), U(oas, 32, 52),
	U(cmdqs, 0, SMMU_Q_LOG2SIZE_MAX), U(eventqs, 0, SMMU_Q_LOG2SIZE_MAX),
	B(s1p), B(s2p), B(st_2lvl), B(cd2l), B(hyp), B(asid16), B(vmid16), B(msi), B(sev),
	B(cohacc), B(btm), U(httu, 0, 2), B(gran4k), B(gran16k), B(gran64k), B(ril),
	B(attr_perms_ovr), B(wc_leaf), B(fast_path),
	U(arch_minor, 0, 3), U(iidr, 0, UINT32_MAX), B(gbpa_abort_reset),
	U(devid, 0, UINT32_MAX), U(cfg_cache_sets, 1, 65536), U(cfg_cache_ways, 1, 64),
	U(tlb_sets, 1, 1u << 20), U(tlb_ways, 1, 64), U(wc_sets, 1, 1u << 16), U(wc_ways, 1, 64),
	U(slots, 1, SMMU_SLOTS_MAX), U(walkers, 1, SMMU_WALKERS_MAX),
};
#undef U
#undef B

static int oas_encoding(unsigned bits)
{
	for (unsigned i = 0; i < SMMU_PA_SIZE_VALID; i++)
		if (smmu_pa_size_bits(i) == bits)
			return (int)i;
	return -1;
}

static int config_check(const struct smmu_config *c, const char *where, struct sm_err *err)
{
	if (oas_encoding(c->oas) < 0)
		return sm_err_set(err, SM_EINVAL,
				  "%s: oas=%u is not an IDR5.OAS size (32,36,40,42,44,48,52)",
				  where, c->oas);
	if (!c->s1p && !c->s2p)
		return sm_err_set(err, SM_EINVAL, "%s: an SMMU needs stage 1 or stage 2 (IHI 0070 §6.3.1)", where);
	if (!c->gran4k && !c->gran16k && !c->gran64k)
		return sm_err_set(err, SM_EINVAL, "%s: at least one translation granule is required", where);
	if (c->cfg_cache_sets & (c->cfg_cache_sets - 1))
		return sm_err_set(err, SM_EINVAL, "%s: cfg_cache_sets=%u must be a power of two",
				  where, c->cfg_cache_sets);
	if (c->wc_sets & (c->wc_sets - 1))
		return sm_err_set(err, SM_EINVAL, "%s: wc_sets=%u must be a power of two",
				  where, c->wc_sets);
	for (unsigned st = 0; st < 2; st++)
		for (unsigned l = 0; l < 4; l++)
			if (c->wc_level[st][l] > c->wc_ways && c->wc_level[st][l] % c->wc_ways)
				return sm_err_set(err, SM_EINVAL,
						  "%s: walk cache S%uL%u=%u is not a multiple of wc_ways=%u",
						  where, st + 1, l, c->wc_level[st][l], c->wc_ways);
	if (c->utlb_entries > SMMU_UTLB_MAX)
		return sm_err_set(err, SM_EINVAL, "%s: utlb_entries=%u is above %u", where,
				  c->utlb_entries, SMMU_UTLB_MAX);
	if (c->slots < 1 || c->slots > SMMU_SLOTS_MAX || c->walkers < 1 ||
	    c->walkers > SMMU_WALKERS_MAX)
		return sm_err_set(err, SM_EINVAL, "%s: slots=%u must be 1..%u and walkers=%u 1..%u",
				  where, c->slots, SMMU_SLOTS_MAX, c->walkers, SMMU_WALKERS_MAX);
	if (c->tlb_sets & (c->tlb_sets - 1))
		return sm_err_set(err, SM_EINVAL, "%s: tlb_sets=%u must be a power of two",
				  where, c->tlb_sets);
	return SM_OK;
}

int smmu_config_from_plat(const struct plat_dev *dev, struct smmu_config *c, struct sm_err *err)
{
	char where[64];
	int rc = plat_apply_props(dev, cfg_keys, sizeof(cfg_keys) / sizeof(cfg_keys[0]), c, err);

	if (rc)
		return rc;
	snprintf(where, sizeof(where), "line %u", dev->line);
	return config_check(c, where, err);
}

static void compute_idr(struct smmu *s)
{
	const struct smmu_config *c = &s->cfg;

	s->idr[0] = (uint32_t)(FIELD_PREP(SMMU_IDR0_S2P, c->s2p) |
		FIELD_PREP(SMMU_IDR0_S1P, c->s1p) |
		FIELD_PREP(SMMU_IDR0_TTF, SMMU_IDR0_TTF_AARCH64) |
		FIELD_PREP(SMMU_IDR0_COHACC, c->cohacc) |
		FIELD_PREP(SMMU_IDR0_BTM, c->btm) |
		FIELD_PREP(SMMU_IDR0_HTTU, c->httu) |
		FIELD_PREP(SMMU_IDR0_HYP, c->hyp) |
		FIELD_PREP(SMMU_IDR0_ASID16, c->asid16) |
		FIELD_PREP(SMMU_IDR0_MSI, c->msi) |
		FIELD_PREP(SMMU_IDR0_SEV, c->sev) |
		FIELD_PREP(SMMU_IDR0_VMID16, c->vmid16) |
		FIELD_PREP(SMMU_IDR0_CD2L, c->cd2l) |
		FIELD_PREP(SMMU_IDR0_TTENDIAN, SMMU_IDR0_TTENDIAN_LE) |
		/* Stalls are not modelled: faulting transactions are terminated. */
		FIELD_PREP(SMMU_IDR0_STALL_MODEL, SMMU_IDR0_STALL_MODEL_TERM) |
		FIELD_PREP(SMMU_IDR0_TERM_MODEL, 1) |
		FIELD_PREP(SMMU_IDR0_ST_LEVEL, c->st_2lvl ? SMMU_IDR0_ST_LEVEL_2LVL
							  : SMMU_IDR0_ST_LEVEL_LINEAR));
	s->idr[1] = (uint32_t)(FIELD_PREP(SMMU_IDR1_SIDSIZE, c->sidsize) |
		FIELD_PREP(SMMU_IDR1_SSIDSIZE, c->ssidsize) |
		FIELD_PREP(SMMU_IDR1_EVENTQS, c->eventqs) |
		FIELD_PREP(SMMU_IDR1_ATTR_PERMS_OVR, c->attr_perms_ovr) |
		FIELD_PREP(SMMU_IDR1_CMDQS, c->cmdqs));
	s->idr[2] = 0;
	s->idr[3] = (uint32_t)FIELD_PREP(SMMU_IDR3_RIL, c->ril);
	s->idr[4] = 0;
	s->idr[5] = (uint32_t)(FIELD_PREP(SMMU_IDR5_OAS, (unsigned)oas_encoding(c->oas)) |
		FIELD_PREP(SMMU_IDR5_GRAN4K, c->gran4k) |
		FIELD_PREP(SMMU_IDR5_GRAN16K, c->gran16k) |
		FIELD_PREP(SMMU_IDR5_GRAN64K, c->gran64k));
}

static size_t arena_align(size_t n);
static void smmu__reset_regs(struct smmu *s);

struct smmu *smmu_create(const struct smmu_config *cfg, struct bus *bus,
			 const struct sm_latency *lat, const struct sm_log *log,
			 struct sm_err *err)
{
	static const struct sm_latency def_lat = SM_LATENCY_DEFAULT;
	struct smmu_config def;
	struct smmu *s;

	if (!cfg) {
		smmu_config_default(&def);
		cfg = &def;
	}
	if (config_check(cfg, "smmu", err))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		sm_err_set(err, SM_ENOMEM, "smmu: out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	s->bus = bus;
	s->log = log;
	s->lat = lat ? *lat : def_lat;
	s->oas_mask = cfg->oas >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << cfg->oas) - 1;
	/*
	 * The small caches in one zeroed block: all-zero is their empty state.
	 * The two big ones live in a block that is never cleared: a TLB set is
	 * zeroed the first time it is filled after a flush (smmu_tlb.c keeps one
	 * bit per set), and micro-TLB entries are only read below their slot's
	 * count.  So creating an instance, and resetting one, clears little:
	 * that is what a fuzzer or a test pays per model.
	 */
	size_t n_cfg = (size_t)cfg->cfg_cache_sets * cfg->cfg_cache_ways;
	size_t n_tlb = (size_t)cfg->tlb_sets * cfg->tlb_ways;
	size_t n_utlb_e = (size_t)SMMU_UTLB_DEVICES * (cfg->utlb_entries ? cfg->utlb_entries : 1);
	size_t n_live = ((size_t)cfg->tlb_sets + 63) / 64;
	size_t off_wc, off_utlb, off_live, total, off_utlb_e;

	s->wc_total = smmu__wc_layout(s);
	off_wc = arena_align(n_cfg * sizeof(*s->cfg_cache));
	off_utlb = off_wc + arena_align((s->wc_total ? s->wc_total : 1) * sizeof(*s->wc));
	off_live = off_utlb + arena_align(SMMU_UTLB_DEVICES * sizeof(*s->utlb));
	total = off_live + n_live * sizeof(*s->tlb_live);
	off_utlb_e = arena_align(n_tlb * sizeof(*s->tlb));
	s->arena = calloc(1, total);
	s->arena_raw = malloc(off_utlb_e + n_utlb_e * sizeof(*s->utlb_e));
	if (!s->arena || !s->arena_raw) {
		free(s->arena);
		free(s->arena_raw);
		free(s);
		sm_err_set(err, SM_ENOMEM, "smmu: out of memory for the caches");
		return NULL;
	}
	s->cfg_cache = (struct smmu_cfg_entry *)s->arena;
	s->wc = (struct smmu_wc_entry *)(s->arena + off_wc);
	s->utlb = (struct smmu_utlb *)(s->arena + off_utlb);
	s->tlb_live = (uint64_t *)(s->arena + off_live);
	s->tlb = (struct smmu_tlb_entry *)s->arena_raw;
	s->utlb_e = (struct smmu_utlb_entry *)(s->arena_raw + off_utlb_e);
	compute_idr(s);
	smmu__reset_regs(s);
	smmu__sched_reset(s);
	s->fast_path = cfg->fast_path;
	return s;
}

void smmu_destroy(struct smmu *s)
{
	if (!s)
		return;
	free(s->arena);
	free(s->arena_raw);
	free(s);
}

/* Round a sub-allocation of the cache arena up to 64 bytes (a cache line). */
static size_t arena_align(size_t n)
{
	return (n + 63) & ~(size_t)63;
}

void smmu_reset(struct smmu *s)
{
	smmu__reset_regs(s);
	smmu__cfg_inval_all(s);
	smmu__tlb_flush(s);
	smmu__utlb_flush(s);
	smmu__sched_reset(s);
	s->gen++;
	s->memo.valid = false;
}

/* Registers, queues and counters to their reset state (the caches are not touched). */
static void smmu__reset_regs(struct smmu *s)
{
	/* IHI 0070 §6.3: registers without an architected reset value reset to 0 here. */
	s->cr0 = s->cr0ack = s->cr1 = s->cr2 = 0;
	/*
	 * IMPDEF: every GBPA field but UPDATE has an IMPLEMENTATION DEFINED
	 * reset value; ours is ABORT from the config, SHCFG=0b01 (use incoming).
	 */
	s->gbpa = (uint32_t)(FIELD_PREP(SMMU_GBPA_ABORT, s->cfg.gbpa_abort_reset) |
			     FIELD_PREP(SMMU_GBPA_SHCFG, STE_SHCFG_INCOMING));
	s->irq_ctrl = s->irq_ctrlack = 0;
	s->gerror = s->gerrorn = 0;
	s->gerror_irq_cfg0 = s->eventq_irq_cfg0 = 0;
	s->gerror_irq_cfg1 = s->gerror_irq_cfg2 = 0;
	s->eventq_irq_cfg1 = s->eventq_irq_cfg2 = 0;
	s->strtab_base = 0;
	s->strtab_base_cfg = 0;
	memset(&s->cmdq, 0, sizeof(s->cmdq));
	memset(&s->evtq, 0, sizeof(s->evtq));
	s->cmd_cycles = 0;
	s->use_counter = 0;
	memset(&s->stats, 0, sizeof(s->stats));
}

const struct smmu_stats *smmu_get_stats(const struct smmu *s)
{
	return &s->stats;
}

unsigned smmu__q_log2size(const struct smmu_queue *q, unsigned max_log2)
{
	unsigned l = (unsigned)FIELD_GET(SMMU_Q_BASE_LOG2SIZE, q->base_reg);

	/* A LOG2SIZE above the advertised maximum behaves as the maximum. */
	return l > max_log2 ? max_log2 : l;
}

const char *smmu_event_name(unsigned type)
{
	switch (type) {
#define X(name, code) case code: return #name;
	SMMU_EVENT_LIST(X)
#undef X
	}
	return NULL;
}

static const char *const event_names[] = {
#define X(name, code) #name,
	SMMU_EVENT_LIST(X)
#undef X
	NULL,
};

const char *const *smmu_event_names(void)
{
	return event_names;
}

int smmu_event_from_name(const char *name)
{
#define X(n, code) if (!strcmp(name, #n)) return code;
	SMMU_EVENT_LIST(X)
#undef X
	return -1;
}

const char *smmu_cmd_name(unsigned opcode)
{
	switch (opcode) {
#define X(name, op, fn) case op: return #name;
	SMMU_CMD_LIST(X)
#undef X
	}
	return NULL;
}

int smmu_cmd_from_name(const char *name)
{
#define X(n, op, fn) if (!strcmp(name, #n)) return op;
	SMMU_CMD_LIST(X)
#undef X
	return -1;
}

const char *smmu_verdict_name(enum smmu_verdict v)
{
	switch (v) {
	case SMMU_TRANSLATED:  return "translated";
	case SMMU_BYPASS:      return "bypass";
	case SMMU_ABORT:       return "abort";
	case SMMU_FAULT:       return "fault";
	case SMMU_UNSUPPORTED: return "unsupported";
	}
	return "?";
}

const char *smmu_event_status_name(enum smmu_event_status st)
{
	switch (st) {
	case SMMU_EVQ_NONE:     return "none";
	case SMMU_EVQ_RECORDED: return "recorded";
	case SMMU_EVQ_DISABLED: return "discarded (EVENTQEN=0)";
	case SMMU_EVQ_OVERFLOW: return "discarded (queue full, overflow)";
	case SMMU_EVQ_ABORTED:  return "lost (event queue write aborted)";
	}
	return "?";
}

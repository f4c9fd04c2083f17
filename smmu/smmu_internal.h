/* SPDX-License-Identifier: MIT */
/*
 * State shared by the files of smmu/.  Only smmu/ includes this; the
 * harness and tests see the instance through MMIO and memory only.
 */
#ifndef SMMUITS_SMMU_INTERNAL_H
#define SMMUITS_SMMU_INTERNAL_H

#include "smmu/smmu.h"
#include "smmu/smmu_regs.h"
#include "smmu/smmu_cd.h"
#include "smmu/smmu_ptw.h"
#include "smmu/smmu_ste.h"
#include "smmu/smmu_tlb.h"

/* A queue's base register decoded, plus its index registers. */
struct smmu_queue {
	uint64_t base_reg;  /* as written */
	uint32_t prod;      /* WR/RD with wrap bit; event PROD also holds OVFLG */
	uint32_t cons;
};

/* One configuration cache holds STEs and CDs, as a real SMMU's config cache does. */
enum smmu_cfg_type { CFG_NONE, CFG_STE, CFG_CD };

struct smmu_cfg_entry {
	uint8_t type;       /* enum smmu_cfg_type; CFG_NONE when the way is empty */
	uint32_t sid;
	uint32_t ssid;      /* CDs: the table index used (0 for a single CD) */
	uint64_t lru;       /* last use, from the instance's use counter */
	union {
		struct smmu_ste ste;
		struct smmu_cd cd;
	} u;
};

/*
 * Micro-TLBs (docs/timing.md): one per StreamID on the device side, fully
 * associative, LRU; timing only.  The model keeps SMMU_UTLB_DEVICES of
 * them, chosen by the low StreamID bits: a StreamID that finds its slot
 * owned by another takes it over, empty (deterministic, and rare with few
 * devices).  A flush bumps a generation instead of clearing memory.
 */
#define SMMU_UTLB_DEVICES 256u
#define SMMU_UTLB_MAX     256u

struct smmu_utlb_entry {
	uint64_t page;      /* IOVA >> 12 */
	uint64_t lru;
	uint32_t ssid;
	bool ssv;
};

struct smmu_utlb {
	uint64_t gen;       /* valid while equal to smmu.utlb_gen */
	uint32_t sid;
	unsigned n;         /* entries in use */
};

/* A walk-cache partition: sets x ways entries from base. */
struct smmu_wc_part {
	size_t base;
	unsigned sets, ways;
	uint64_t mod_m;     /* sm_fastmod_m(sets): the set index without a division */
};

/* smmu_fast.c: the last TLB-hit translation, replayed while the generation holds. */
#define SMMU_MEMO_CFG 2
struct smmu_memo {
	uint64_t gen;
	bool valid;
	uint32_t sid, ssid;
	bool ssv, write, priv, exec;
	uint64_t page;                  /* iova >> 12 */
	uint64_t pa_page;
	const char *rule;
	struct smmu_cfg_entry *cfg[SMMU_MEMO_CFG];
	unsigned ncfg;
	struct smmu_tlb_entry *tlb;
	struct smmu_utlb_entry *utlb;   /* NULL: no micro-TLB */
};

/* What the current translation's lookups hit, in order (for smmu__memo_record). */
struct smmu_memo_rec {
	struct smmu_cfg_entry *cfg[SMMU_MEMO_CFG];
	unsigned ncfg;
	struct smmu_tlb_entry *tlb;
	unsigned ntlb;
};

/*
 * smmu_tlb.c: a micro-TLB lookup that missed, with the entry a fill would
 * take (the LRU one, found in the same pass), for the fill that follows it.
 */
struct smmu_utlb_miss {
	const struct smmu_utlb *u;
	uint64_t page, stamp;        /* stamp: use_counter then; any fill moves it */
	uint32_t sid, ssid;
	bool ssv;
	unsigned n;
	struct smmu_utlb_entry *victim;
};

/* docs/timing.md "Concurrency": when each slot and walker is next free. */
#define SMMU_SLOTS_MAX   256
#define SMMU_WALKERS_MAX 64
struct smmu_sched {
	unsigned nslots, nwalkers;
	uint64_t horizon;               /* no slot or walker is busy at or after this cycle */
	uint64_t slot_free[SMMU_SLOTS_MAX];
	uint64_t walker_free[SMMU_WALKERS_MAX];
};

struct smmu {
	struct smmu_config cfg;
	struct bus *bus;
	const struct sm_log *log;
	struct sm_latency lat;
	uint32_t idr[6];
	uint64_t oas_mask;  /* addresses are truncated to the implemented OAS */

	/* Registers (page 0 unless noted) */
	uint32_t cr0, cr0ack, cr1, cr2;
	uint32_t gbpa;
	uint32_t irq_ctrl, irq_ctrlack;
	uint32_t gerror, gerrorn;
	uint64_t gerror_irq_cfg0, eventq_irq_cfg0;
	uint32_t gerror_irq_cfg1, gerror_irq_cfg2, eventq_irq_cfg1, eventq_irq_cfg2;
	uint64_t strtab_base;
	uint32_t strtab_base_cfg;
	struct smmu_queue cmdq;
	struct smmu_queue evtq;

	/* Configuration cache (STEs and CDs), refreshed only by CMD_CFGI_* */
	unsigned char *arena;        /* one zeroed block holding the small caches below */
	unsigned char *arena_raw;    /* one block, never cleared: TLB and micro-TLB entries */
	struct smmu_cfg_entry *cfg_cache;
	struct smmu_tlb_entry *tlb;      /* a set is read only while its tlb_live bit is set */
	uint64_t *tlb_live;              /* one bit per TLB set: zeroed since the last flush */
	size_t tlb_n_wide;               /* host only (smmu_tlb.c): entries not at the 4 KiB index */
	struct smmu_wc_entry *wc;
	size_t wc_total;
	/* [0]: the shared walk cache; [1 + 4 * (stage - 1) + level]: per level */
	struct smmu_wc_part wc_part[9];
	bool wc_split;
	struct smmu_utlb *utlb;
	struct smmu_utlb_entry *utlb_e;  /* SMMU_UTLB_DEVICES x utlb_entries */
	uint64_t utlb_gen;
	uint64_t use_counter;
	unsigned cfg_probes;             /* configuration cache probes of this transaction */
	uint64_t cmd_cycles;             /* command cost not yet charged to a register write */

	struct smmu_sched sched;
	struct smmu_stats stats;

	/* explain sink (smmu_explain.c, docs/explain.md); NULL when nobody asks */
	struct sm_explain *explain;
	uint64_t x_mark;                 /* bus cycles of this transaction already given to a step */
	size_t x_first;                  /* its first step */
	size_t x_n;                      /* steps recorded after the SMMU's last one are not its */

	/* host fast path (smmu_fast.c) */
	bool fast_path;
	uint64_t gen;                    /* bumped by anything that may change a TLB hit */
	struct smmu_memo memo;
	struct smmu_memo_rec rec;
	struct smmu_utlb_miss utlb_miss;
};

/* smmu_ste.c: decode and check one STE.  Returns NULL when legal, else why it is ILLEGAL. */
const char *smmu__ste_decode(const struct smmu *s, const uint64_t raw[STE_DWORDS],
			     struct smmu_ste *ste);

/* smmu_strtab.c */
enum smmu_ste_lookup {
	SMMU_STE_OK,
	SMMU_STE_BAD_SID,   /* C_BAD_STREAMID */
	SMMU_STE_FETCH,     /* F_STE_FETCH: *fetch_addr says where */
	SMMU_STE_INVALID,   /* C_BAD_STE: V=0 or ILLEGAL */
};
enum smmu_ste_lookup smmu__ste_lookup(struct smmu *s, uint32_t sid, struct smmu_ste *ste,
				      uint64_t *fetch_addr, const char **why,
				      struct bus_attrs *attrs);
/* smmu_cfgcache.c */
bool smmu__cfg_lookup(struct smmu *s, enum smmu_cfg_type type, uint32_t sid, uint32_t ssid,
		      struct smmu_cfg_entry **out);
void smmu__cfg_insert(struct smmu *s, enum smmu_cfg_type type, uint32_t sid, uint32_t ssid,
		      const void *value);
/* Remove entries of a type (CFG_NONE: both) for StreamIDs in [first, last]; all SSIDs if any_ssid. */
void smmu__cfg_inval(struct smmu *s, enum smmu_cfg_type type, uint32_t first, uint32_t last,
		     bool any_ssid, uint32_t ssid);
void smmu__cfg_inval_all(struct smmu *s);

/* smmu_cd.c: decode and check one CD; NULL when legal, else why it is ILLEGAL. */
const char *smmu__cd_decode(const struct smmu *s, const struct smmu_ste *ste,
			    const uint64_t raw[CD_DWORDS], struct smmu_cd *cd);

/* smmu_tlb.c */
/* The matching entry, or NULL; it stays valid until the next insert or invalidation. */
const struct smmu_tlb_entry *smmu__tlb_lookup(struct smmu *s, unsigned kind, bool el2,
					      uint16_t vmid, uint16_t asid, uint64_t va,
					      unsigned pgshift);
/* va: the address that was translated, which picks the set for a block. */
void smmu__tlb_insert(struct smmu *s, const struct smmu_tlb_entry *e, uint64_t va,
		      unsigned pgshift);
unsigned smmu__tlb_invalidate(struct smmu *s, const struct smmu_tlb_scope *scope);
void smmu__tlb_flush(struct smmu *s);
bool smmu__wc_lookup(struct smmu *s, unsigned stage, bool el2, uint16_t vmid, uint16_t asid,
		     uint64_t ia, unsigned pgshift, struct smmu_ptw_step *out);
void smmu__wc_fill(struct smmu *s, unsigned stage, bool el2, uint16_t vmid, uint16_t asid,
		   uint64_t ia, unsigned pgshift, const struct smmu_ptw_step *step);
unsigned smmu__wc_invalidate(struct smmu *s, const struct smmu_tlb_scope *scope);
/* Lay the walk cache out from the config (fills wc_part); returns its entries. */
size_t smmu__wc_layout(struct smmu *s);
/* Whether stage's walks have a walk cache at all. */
bool smmu__wc_enabled(const struct smmu *s, unsigned stage);
/* Micro-TLBs: probe (true on a hit, LRU updated), fill, flush all. */
bool smmu__utlb_lookup(struct smmu *s, uint32_t sid, bool ssv, uint32_t ssid, uint64_t iova);
void smmu__utlb_fill(struct smmu *s, uint32_t sid, bool ssv, uint32_t ssid, uint64_t iova);
void smmu__utlb_flush(struct smmu *s);

/* Micro-TLB entry for the page, or NULL (no LRU update). */
struct smmu_utlb_entry *smmu__utlb_entry(struct smmu *s, uint32_t sid, bool ssv, uint32_t ssid,
					 uint64_t iova);

/* smmu_fast.c */
void smmu__memo_begin(struct smmu *s);
void smmu__memo_cfg_hit(struct smmu *s, struct smmu_cfg_entry *e);
void smmu__memo_tlb_hit(struct smmu *s, struct smmu_tlb_entry *e);
void smmu__memo_record(struct smmu *s, const struct smmu_txn *t, const struct smmu_result *r);
bool smmu__memo_replay(struct smmu *s, const struct smmu_txn *t, struct smmu_result *r);

/* smmu_sched.c: when a translation that costs r->cycles alone, issued at issue, completes. */
void smmu__schedule(struct smmu *s, uint64_t issue, struct smmu_result *r);
void smmu__sched_reset(struct smmu *s);

/* smmu_evtq.c */
enum smmu_event_status smmu__event_record(struct smmu *s, const struct smmu_event *ev,
					  struct bus_attrs *attrs);
/* Raise (toggle) GERROR bits that are not already active, and send the GERROR MSI. */
void smmu__gerror_raise(struct smmu *s, uint32_t bits);
/* An MSI write from the SMMU itself: not translated, tagged with its DeviceID. */
int smmu__msi_send(struct smmu *s, uint64_t addr, uint32_t data, struct bus_attrs *attrs);

/* smmu_cmdq.c: consume commands while the queue may run. */
void smmu__cmdq_process(struct smmu *s);

/* Queue helpers: log2 size in effect, index mask, wrap bit. */
unsigned smmu__q_log2size(const struct smmu_queue *q, unsigned max_log2);
static inline uint32_t smmu__q_idx(uint32_t v, unsigned log2)  { return v & ((1u << log2) - 1); }
static inline uint32_t smmu__q_wrap(uint32_t v, unsigned log2) { return (v >> log2) & 1u; }
static inline uint32_t smmu__q_ptr(uint32_t v, unsigned log2)  { return v & ((2u << log2) - 1); }
static inline bool smmu__q_empty(uint32_t prod, uint32_t cons, unsigned log2)
{
	return smmu__q_ptr(prod, log2) == smmu__q_ptr(cons, log2);
}
static inline bool smmu__q_full(uint32_t prod, uint32_t cons, unsigned log2)
{
	return smmu__q_idx(prod, log2) == smmu__q_idx(cons, log2) &&
	       smmu__q_wrap(prod, log2) != smmu__q_wrap(cons, log2);
}
static inline uint32_t smmu__q_inc(uint32_t v, unsigned log2)
{
	return (smmu__q_ptr(v, log2) + 1) & ((2u << log2) - 1);
}

#define smmu__log(s, lvl, ...) sm_log((s)->log, (lvl), "smmu", __VA_ARGS__)

#endif

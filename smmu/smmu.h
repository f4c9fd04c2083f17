/* SPDX-License-Identifier: MIT */
/*
 * SMMUv3 model (Arm IHI 0070).  An instance is a register block on a bus
 * (smmu_mmio_ops) plus the translation entry point a device calls for each
 * transaction.  It reads its tables and queues from memory through the bus
 * and writes event records and MSIs back through it; nothing else reaches
 * its state.
 */
#ifndef SMMUITS_SMMU_H
#define SMMUITS_SMMU_H

#include <stdbool.h>
#include <stdint.h>

#include "model/bus.h"
#include "model/err.h"
#include "model/log.h"
#include "model/platform.h"
#include "smmu/smmu_event.h"

/*
 * What the implementation offers, reported in SMMU_IDR0..5/IIDR/AIDR.
 * Every field can be set from a platform file's smmu line (see
 * docs/platform-format.md for the property names).
 */
struct smmu_config {
	unsigned sidsize;       /* IDR1.SIDSIZE: StreamID bits */
	unsigned ssidsize;      /* IDR1.SSIDSIZE: SubstreamID bits (0..20) */
	unsigned oas;           /* output address size in bits: 32,36,40,42,44,48,52 */
	unsigned cmdqs;         /* IDR1.CMDQS: log2 of the largest command queue */
	unsigned eventqs;       /* IDR1.EVENTQS */
	bool s1p, s2p;          /* IDR0.S1P, S2P */
	bool st_2lvl;           /* IDR0.ST_LEVEL = 2-level supported */
	bool cd2l;              /* IDR0.CD2L */
	bool hyp;               /* IDR0.HYP */
	bool asid16, vmid16;    /* IDR0.ASID16, VMID16 */
	bool msi;               /* IDR0.MSI */
	bool sev;               /* IDR0.SEV */
	bool cohacc;            /* IDR0.COHACC */
	bool btm;               /* IDR0.BTM */
	unsigned httu;          /* IDR0.HTTU: 0 none, 1 access flag, 2 AF + dirty */
	bool gran4k, gran16k, gran64k; /* IDR5.GRAN* */
	bool ril;               /* IDR3.RIL range invalidation */
	bool attr_perms_ovr;    /* IDR1.ATTR_PERMS_OVR: STE.PRIVCFG/INSTCFG apply */
	unsigned arch_minor;    /* AIDR.ArchMinorRev: 1 = SMMUv3.1 */
	uint32_t iidr;          /* SMMU_IIDR value */
	bool gbpa_abort_reset;  /* GBPA.ABORT after reset (IMPLEMENTATION DEFINED) */
	uint32_t devid;         /* the SMMU's own DeviceID on its MSI writes */
	unsigned cfg_cache_sets, cfg_cache_ways; /* configuration cache (STEs and CDs) */
	unsigned tlb_sets, tlb_ways;             /* TLB geometry */
	unsigned wc_sets, wc_ways;               /* walk (table) cache geometry */
	/*
	 * Timing structures (docs/timing.md), set from a latency profile.
	 * wc_level[stage-1][n]: entries of the walk cache for descriptors read
	 * at level n (gem5's walk_S1L0..S2L3), each wc_ways-way; all zero
	 * means one shared walk cache of wc_sets x wc_ways.
	 */
	unsigned utlb_entries;                   /* per-StreamID micro-TLB; 0: none */
	unsigned wc_level[2][4];
	bool ipa_cache;                          /* cache stage-2 results inside stage-1 translations */
	bool wc_leaf;                            /* the walk cache also holds leaf descriptors */
	bool fast_path;                          /* host speed-up for repeated TLB hits (no effect on results) */
	unsigned slots;                          /* translation slots (transactions in flight) */
	unsigned walkers;                        /* table walks that can run at once */
};

void smmu_config_default(struct smmu_config *cfg);
/* Apply a platform file's smmu properties on top of *cfg; unknown keys and bad values are errors. */
int smmu_config_from_plat(const struct plat_dev *dev, struct smmu_config *cfg,
			  struct sm_err *err);

struct smmu;

/* cfg and lat may be NULL for the defaults; lat is copied. */
struct smmu *smmu_create(const struct smmu_config *cfg, struct bus *bus,
			 const struct sm_latency *lat, const struct sm_log *log,
			 struct sm_err *err);
void smmu_destroy(struct smmu *s);
/* Back to the reset state: registers, caches and queues; the config stays. */
void smmu_reset(struct smmu *s);

/* Register the instance on a bus with these (opaque = the struct smmu). */
extern const struct bus_mmio_ops smmu_mmio_ops;

/* One device transaction as it arrives at the SMMU. */
struct smmu_txn {
	uint32_t sid;
	bool ssv;
	uint32_t ssid;
	uint64_t iova;
	unsigned size;
	bool write;
	bool priv;
	bool exec;
	uint64_t issue;     /* cycle the device issued it (docs/timing.md "Concurrency") */
};

enum smmu_verdict {
	SMMU_TRANSLATED,  /* performed at pa */
	SMMU_BYPASS,      /* performed at pa == iova */
	SMMU_ABORT,       /* terminated, no event generated */
	SMMU_FAULT,       /* terminated, event generated (recorded or not: see event_status) */
	SMMU_UNSUPPORTED, /* a legal configuration the model cannot translate yet */
};

enum smmu_event_status {
	SMMU_EVQ_NONE,      /* no event */
	SMMU_EVQ_RECORDED,  /* written to the event queue */
	SMMU_EVQ_DISABLED,  /* discarded: CR0.EVENTQEN = 0 */
	SMMU_EVQ_OVERFLOW,  /* discarded: queue full (PROD.OVFLG signalled) */
	SMMU_EVQ_ABORTED,   /* the record write failed (GERROR.EVENTQ_ABT_ERR) */
};

struct smmu_result {
	enum smmu_verdict verdict;
	uint64_t pa;
	struct smmu_event event;          /* valid for SMMU_FAULT */
	enum smmu_event_status event_status;
	const char *rule;                 /* the rule that decided, with its spec section */
	uint64_t cycles;                  /* issue to translation done, waits included */
	uint64_t wait;                    /* of which: waiting for a slot or a walker */
	uint64_t walk_at, walk_busy;      /* central unit reached after walk_at; a walker held */
	uint64_t ipa;                     /* stage-1 output when both stages translated */
	bool tlb_hit;                     /* served by the TLB without a walk */
	unsigned walk_reads;              /* descriptors read by the walks */
};

/*
 * Record every step of the following transactions into x (docs/explain.md);
 * NULL stops.  While recording, the host fast path is not used, so cache
 * hits are explained by the full path.  Results and cycles do not change.
 */
struct sm_explain;
void smmu_set_explain(struct smmu *s, struct sm_explain *x);

/* Decide the fate of one transaction.  Never fails: bad state becomes a fault or abort. */
void smmu_translate(struct smmu *s, const struct smmu_txn *txn, struct smmu_result *res);

const char *smmu_verdict_name(enum smmu_verdict v);
const char *smmu_event_status_name(enum smmu_event_status st);

/* Counters a harness may print; never used to set anything up. */
struct smmu_stats {
	uint64_t transactions;
	uint64_t cfg_cache_hits, cfg_cache_misses;
	uint64_t tlb_hits, tlb_misses, tlb_fills, walk_reads, walk_cache_hits, walk_cache_misses;
	uint64_t commands, cmd_errors, syncs, sev;
	uint64_t events_recorded, events_dropped, msis_sent;
	uint64_t utlb_hits, utlb_misses;  /* micro-TLB probes that found / missed the page */
	uint64_t slot_waits, walker_waits;/* transactions that queued for a slot / a walker */
};
const struct smmu_stats *smmu_get_stats(const struct smmu *s);

#endif

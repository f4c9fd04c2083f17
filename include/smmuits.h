/* SPDX-License-Identifier: MIT */
/*
 * smmuits public API: a system of sparse physical memory, a platform memory
 * map and the SMMUv3 (and, later, the GICv3 ITS) behind it.
 *
 * The model is a black box behind MMIO registers and memory.  Software
 * (the harness driver, tests, your program) programs it only through CPU
 * physical accesses, smmuits_read/write, exactly as a kernel would; devices
 * issue transactions with smmuits_txn and are told where each one landed.
 */
#ifndef SMMUITS_H
#define SMMUITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct smmuits;

typedef void (*smmuits_log_fn)(void *opaque, int level, const char *component,
			       const char *msg);

/* Log levels passed to smmuits_log_fn */
enum { SMMUITS_LOG_ERR, SMMUITS_LOG_WARN, SMMUITS_LOG_INFO, SMMUITS_LOG_DEBUG };

struct smmuits_config {
	const char *platform;  /* built-in name or platform file; NULL: "qemu-virt" */
	uint64_t mem_cap;      /* host bytes for touched RAM pages; 0: 1 GiB */
	smmuits_log_fn log_fn; /* NULL: no log */
	void *log_opaque;
	int log_level;
	/* latency profile: "gem5", "default", "iommu-xeon" or a profile file
	 * (docs/timing.md); NULL: "default" */
	const char *profile;
};

/* Returns 0, or a negative code with a sentence in err (errlen bytes, may be 0). */
int smmuits_create(const struct smmuits_config *cfg, struct smmuits **out,
		   char *err, size_t errlen);
void smmuits_destroy(struct smmuits *sys);
/* Power-on reset: memory forgotten, every block back to its reset state, clock 0. */
void smmuits_reset(struct smmuits *sys);

/*
 * CPU accesses to physical addresses (never translated).  size is 1, 2, 4
 * or 8.  Return 0 or a negative code (unmapped address, memory cap, bad
 * size or alignment); the model's log says more.  *cycles (may be NULL)
 * receives what the access cost.
 */
int smmuits_read(struct smmuits *sys, uint64_t pa, unsigned size, uint64_t *val,
		 uint64_t *cycles);
int smmuits_write(struct smmuits *sys, uint64_t pa, unsigned size, uint64_t val,
		  uint64_t *cycles);
/* Bulk RAM helpers for software that builds tables. */
int smmuits_write_block(struct smmuits *sys, uint64_t pa, const void *buf, size_t len);
int smmuits_read_block(struct smmuits *sys, uint64_t pa, void *buf, size_t len);
int smmuits_fill(struct smmuits *sys, uint64_t pa, uint64_t len, uint8_t byte);

/*
 * A device model of the caller's (a NIC in the harness) owning an MMIO window:
 * CPU accesses and device transactions that land in [base, base + size) call
 * ops with the offset in the window.  size is 1, 2, 4 or 8 and the access is
 * naturally aligned (the bus checks).  A callback returns 0 or a negative code,
 * which the requester sees as a failed access.  The window may not overlap
 * RAM or another window (a negative code and a sentence in err).  It lives as
 * long as the system; smmuits_reset leaves it (the device is the caller's to
 * reset).  At most SMMUITS_MAX_MMIO windows.
 */
#define SMMUITS_MAX_MMIO 8

struct smmuits_mmio_ops {
	int (*read)(void *opaque, uint64_t off, unsigned size, uint64_t *val);
	int (*write)(void *opaque, uint64_t off, unsigned size, uint64_t val);
};

int smmuits_map_mmio(struct smmuits *sys, const char *name, uint64_t base, uint64_t size,
		     const struct smmuits_mmio_ops *ops, void *opaque, char *err, size_t errlen);

/* Where a device transaction went. */
enum smmuits_outcome {
	SMMUITS_TRANSLATED,  /* performed at pa */
	SMMUITS_BYPASS,      /* performed at pa == iova */
	SMMUITS_ABORT,       /* terminated, no event */
	SMMUITS_FAULT,       /* terminated, event fault_name raised */
	SMMUITS_UNSUPPORTED, /* a legal configuration the model does not translate yet */
	SMMUITS_BUS_ERROR,   /* translated or bypassed, but nothing answered at pa */
	SMMUITS_MEM,         /* an MSI that landed in RAM */
	SMMUITS_LPI,         /* an MSI the ITS turned into LPI intid at cpu */
	SMMUITS_ITS_DROP,    /* an MSI the ITS dropped: drop_reason says why */
};

struct smmuits_txn {
	uint32_t sid;
	bool ssv;
	uint32_t ssid;
	uint64_t iova;
	unsigned size;      /* 1..4096; may not cross a 4 KiB boundary (AXI) */
	bool write;
	bool priv;
	bool exec;
	bool msi;           /* a device MSI: a 32-bit write, reported by where it lands */
	uint8_t *data;      /* size bytes: source for writes, destination for reads */
	/*
	 * When the device issues it (docs/timing.md "Concurrency").  Untimed:
	 * at the model's clock, which then moves to its completion, so
	 * transactions run one after another.  Timed: at cycle at (not before
	 * the clock), and the clock moves only to at, so later transactions
	 * may overlap it, competing for translation slots and walkers.
	 */
	bool timed;
	uint64_t at;
	/*
	 * The device's DMA address width: it cannot issue an address at or
	 * above 2^dma_bits.  0: the platform's width for the StreamID (its
	 * device line), 64 when it has none.
	 */
	unsigned dma_bits;
};

struct smmuits_txn_result {
	enum smmuits_outcome outcome;
	uint64_t pa;
	int fault_type;           /* IHI 0070 event type code, when SMMUITS_FAULT */
	const char *fault_name;   /* e.g. "C_BAD_STE" */
	const char *event_status; /* recorded / discarded ... */
	const char *rule;         /* the rule that decided, with its spec section */
	const char *target;       /* region name at pa, when performed */
	uint64_t cycles;          /* latency: done - issue */
	uint64_t issue, done;     /* cycles: issued, completed (data access included) */
	uint64_t wait;            /* of the latency: queued for a translation slot or walker */
	uint32_t intid;           /* SMMUITS_LPI */
	int cpu;                  /* SMMUITS_LPI */
	const char *drop_reason;  /* SMMUITS_ITS_DROP; for SMMUITS_LPI a note, or NULL */
};

/* 0 and *res filled, or a negative code for a transaction that cannot be issued. */
int smmuits_txn(struct smmuits *sys, const struct smmuits_txn *txn,
		struct smmuits_txn_result *res, char *err, size_t errlen);

const char *smmuits_outcome_name(enum smmuits_outcome o);

/*
 * The CPU interface of cpu acknowledges its highest-priority pending enabled
 * LPI, as a read of ICC_IAR1_EL1 does: 0 and *intid, or a positive value when
 * nothing is pending (the spurious 1023), negative for a bad cpu.
 */
int smmuits_ack(struct smmuits *sys, unsigned cpu, uint32_t *intid);
/* Whether an LPI is pending at cpu's redistributor: 1, 0, or negative for a bad cpu. */
int smmuits_lpi_pending(struct smmuits *sys, unsigned cpu, uint32_t intid);
uint64_t smmuits_now(const struct smmuits *sys);
/* The last cycle any transaction completes at (>= smmuits_now after untimed ones). */
uint64_t smmuits_busy_until(const struct smmuits *sys);
/* Advance the clock (a trace step's cost is added by the caller that owns the step). */
void smmuits_advance(struct smmuits *sys, uint64_t cycles);

/*
 * Model counters since create or reset, copied out of each block: what a
 * performance monitor would count.  Plain fields; a block the platform does
 * not have (no ITS, no redistributors) leaves its part zero with has_* false.
 */
#define SMMUITS_ITS_DROP_MAX 16 /* room for every ITS drop reason */

struct smmuits_stats {
	struct {
		uint64_t transactions;
		uint64_t cfg_cache_hits, cfg_cache_misses; /* STE/CD configuration cache */
		uint64_t tlb_hits, tlb_misses, tlb_fills;
		uint64_t walk_reads;                       /* table descriptor reads */
		uint64_t walk_cache_hits, walk_cache_misses;
		uint64_t commands, cmd_errors, syncs, sev;
		uint64_t events_recorded, events_dropped, msis_sent;
		uint64_t utlb_hits, utlb_misses;           /* device-side micro-TLBs */
		uint64_t slot_waits, walker_waits;         /* transactions that queued */
	} smmu;
	bool has_its;
	struct {
		uint64_t translations, lpis, commands, cmd_errors;
		uint64_t cache_hits, cache_misses;         /* device + ITE + collection caches */
		uint64_t dev_hits, dev_misses;             /* each of them */
		uint64_t ite_hits, ite_misses;
		uint64_t coll_hits, coll_misses;
		unsigned ndrop_reasons;                    /* valid entries of drops[] */
		uint64_t drops[SMMUITS_ITS_DROP_MAX];      /* by reason: smmuits_its_drop_name(i) */
	} its;
	bool has_gicr;
	struct {
		uint64_t lpis_pending, lpis_acked, lpis_dropped;
		uint64_t cfg_cache_hits, cfg_cache_misses; /* LPI configuration cache, all CPUs */
	} gicr;
};

void smmuits_get_stats(const struct smmuits *sys, struct smmuits_stats *out);
/* The name of ITS drop reason i ("unmapped-device"), or NULL past the last one. */
const char *smmuits_its_drop_name(unsigned i);

/*
 * Explain (docs/explain.md).  Between smmuits_explain_begin and
 * smmuits_explain_end, every transaction records each step the hardware
 * took: the registers and table entries it read (with their addresses and
 * values, fields named as the Arm specifications name them), cache hits
 * and misses, the walk, the ITS and redistributor steps of an MSI, the
 * fault and its event record, with the spec section of each rule and the
 * cycles each step cost.  The model records them itself as it runs, so
 * what is explained is what was done; results and cycles are the same as
 * without explaining.  Steps stay readable until the next begin or
 * destroy; begin drops the previous ones.
 */
#define SMMUITS_EXPLAIN_FIELDS 32

struct smmuits_explain_field {
	const char *name;    /* "S1ContextPtr", "index bits", "pINTID" */
	const char *value;   /* "0x40000000", "VA[47:39]", "8200" */
};

struct smmuits_explain_step {
	const char *stage;   /* device, smmu, cfgcache, strtab, ste, cd, tlb, s1, s2, event,
			      * timing, result, bus, its, gicr, platform */
	const char *what;    /* one sentence */
	const char *spec;    /* "IHI 0070 §5.2", or "" */
	uint64_t cycles;     /* what the step added to the latency (docs/timing.md) */
	unsigned depth;      /* nesting: 1 for a stage-2 walk a stage-1 step needed */
	unsigned nfields;
	struct smmuits_explain_field fields[SMMUITS_EXPLAIN_FIELDS];
};

/* 0, or SM_ENOMEM-like negative code. */
int smmuits_explain_begin(struct smmuits *sys);
/* Stop recording; returns the steps recorded since begin. */
size_t smmuits_explain_end(struct smmuits *sys);
/* Step i of the last recording: true and *out, or false past the last one. */
bool smmuits_explain_step(const struct smmuits *sys, size_t i, struct smmuits_explain_step *out);

/* The latency profile in use: its built-in name or file path. */
const char *smmuits_profile_name(const struct smmuits *sys);

/* The profile's time base: to turn cycles into ns and transactions/s. */
struct smmuits_timebase {
	uint32_t clock_mhz;     /* model cycles per microsecond */
	uint32_t dev_interval;  /* cycles between a streaming device's 64 B requests */
};
void smmuits_get_timebase(const struct smmuits *sys, struct smmuits_timebase *tb);

/* The platform in use (the firmware's description, as a driver reads it from ACPI/DT). */
struct platform;
const struct platform *smmuits_platform(const struct smmuits *sys);

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The harness "driver": trace lines that program the SMMU the way Linux's
 * arm-smmu-v3 driver does, using only CPU register writes and memory
 * writes through the public API.  It keeps the software-side state a
 * driver keeps (where it put its tables and queues, its queue indices)
 * and nothing of the model's.  docs/driver.md documents every line.
 */
#ifndef SMMUITS_DRIVER_H
#define SMMUITS_DRIVER_H

#include <stdint.h>

#include "harness/pgtable.h"
#include "harness/trace.h"
#include "model/platform.h"
#include "smmuits.h"

#define DRIVER_MAX_STREAMS  64
#define DRIVER_MAX_CONTEXTS 128

/* What the driver set up for one StreamID (Linux: an arm_smmu_master and its domain). */
struct drv_stream {
	bool used;
	uint32_t sid;
	unsigned config;
	uint64_t cdtab;          /* S1ContextPtr */
	unsigned s1fmt, s1cdmax;
	bool has_s2;
	struct pgtable s2;       /* stage-2 tables (an IPA space) */
	uint16_t vmid;           /* allocated once, as Linux's VMID allocator does */
};

/* The GIC side of the driver (Linux's irq-gic-v3 and irq-gic-v3-its). */
#define DRIVER_MAX_ITS_DEVICES 64
struct drv_gic {
	uint64_t its_base, gicr_base;
	unsigned ncpus;
	unsigned lpi_bits;       /* INTID bits the LPI tables cover */
	uint64_t prop;           /* LPI configuration table, shared by all redistributors */
	uint64_t cmdq;           /* ITS command queue (64 KiB) */
	uint32_t cwriter;        /* software's GITS_CWRITER offset */
	bool gicr_ready, its_ready;
	/* the device table as its-init laid it out */
	uint64_t dt_base, dt_psz, dt_esz;
	bool dt_indirect;
	struct { bool used; uint32_t devid; uint64_t itt; unsigned eventbits; } dev[DRIVER_MAX_ITS_DEVICES];
};

#define DRIVER_MAX_HOTPLUG 16

/* One context descriptor and its stage-1 tables. */
struct drv_ctx {
	bool used;
	uint32_t sid, ssid;
	bool has_tt[2];
	struct pgtable tt[2];    /* TTB0, TTB1 */
	uint16_t asid;           /* allocated once per context */
};

struct driver {
	struct smmuits *sys;
	uint64_t smmu_base;
	uint64_t heap_base, heap_next, heap_end; /* bump allocator in platform RAM */
	/* stream table as the driver laid it out */
	uint64_t strtab;
	unsigned strtab_fmt;   /* SMMU_STRTAB_FMT_* */
	unsigned sidbits;
	unsigned split;
	unsigned default_config; /* STE_CONFIG_ABORT or _BYPASS for unused StreamIDs */
	/* queues */
	uint64_t cmdq, evtq;
	unsigned cmdq_log2, evtq_log2;
	uint32_t cmdq_prod;    /* software's copy */
	int initialised;
	struct drv_stream streams[DRIVER_MAX_STREAMS];
	struct drv_ctx ctxs[DRIVER_MAX_CONTEXTS];
	uint16_t next_vmid, next_asid;
	struct drv_gic gic;
	/* hotplug lines: reserved regions firmware added at run time (driver_plat.c) */
	unsigned nhot;
	struct plat_resv hot[DRIVER_MAX_HOTPLUG];
};

/* The verbs this module adds to the trace format (NULL-terminated). */
extern const char *const driver_verbs[];
/* trace_ext.check: validates a driver line at parse time. */
int driver_check(void *opaque, const struct trace_step *st, struct sm_err *err);

void driver_init(struct driver *d, struct smmuits *sys);
/*
 * Execute one driver line.  Returns SM_OK, or an error with a message in
 * err (the line failed: e.g. the SMMU rejected a command).  summary gets a
 * short human description of what was done.
 */
int driver_exec(struct driver *d, const struct trace_step *st, char *summary,
		size_t summary_len, struct sm_err *err);

/* driver_its.c: the GIC/ITS lines (Linux's irq-gic-v3-its, dma-iommu's MSI pages). */
bool driver_its_owns(const char *verb);
int driver_its_check(const struct trace_step *st, struct sm_err *err);
int driver_its_exec(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		    struct sm_err *err);

/* driver_plat.c: reserved regions at run time (hotplug) and their identity mappings (direct-map). */
bool driver_plat_owns(const char *verb);
int driver_plat_check(const struct trace_step *st, struct sm_err *err);
int driver_plat_exec(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		     struct sm_err *err);

/* driver.c helpers the GIC lines share (not for other users). */
uint64_t drv__num(const struct trace_step *st, const char *key, uint64_t def);
/* Is key one of the space-separated words in keys? */
bool drv__key_allowed(const char *keys, const char *key);
const char *drv__word(const struct trace_step *st, const char *key, const char *def);
int drv__alloc(struct driver *d, uint64_t size, uint64_t align, uint64_t *out, struct sm_err *err);
/* Map [iova, iova+size) -> pa in a stream's stage-1 (ssid) or stage-2 tables. */
int drv__map(struct driver *d, uint32_t sid, uint32_t ssid, unsigned stage, uint64_t iova,
	     uint64_t pa, uint64_t size, unsigned prot, struct sm_err *err);

/* Helpers shared with the replayer's expect-event (driver-side queue reading). */
int driver_evtq_pop(struct driver *d, uint64_t rec[4], int *empty, struct sm_err *err);

#endif

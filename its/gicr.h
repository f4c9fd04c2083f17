/* SPDX-License-Identifier: MIT */
/*
 * GICv3 redistributors (IHI 0069 §5.1 "LPIs", §12.10 registers): one per
 * CPU, each an RD_base + SGI_base frame pair (0x20000) in one MMIO region.
 * LPIs only: the LPI configuration table (priority, enable) is read from
 * memory through a cache that GICR_INVLPIR/INVALLR and the ITS INV/INVALL
 * commands refresh; the pending table in memory is written whenever an
 * LPI becomes pending or is acknowledged.
 */
#ifndef SMMUITS_GICR_H
#define SMMUITS_GICR_H

#include <stdbool.h>
#include <stdint.h>

#include "model/bus.h"
#include "model/err.h"
#include "model/log.h"

struct gicr_config {
	unsigned ncpus;          /* redistributors, CPU 0..ncpus-1 (Processor_Number) */
	unsigned idbits;         /* INTID bits the GIC supports (GICD_TYPER.IDbits + 1): 16 */
	unsigned lpi_cache_sets, lpi_cache_ways; /* configuration cache geometry */
};

void gicr_config_default(struct gicr_config *cfg);

struct gicr;

struct gicr *gicr_create(const struct gicr_config *cfg, struct bus *bus,
			 const struct sm_latency *lat, const struct sm_log *log,
			 struct sm_err *err);
void gicr_destroy(struct gicr *g);
void gicr_reset(struct gicr *g);

/* MMIO for all frames: offset / GICR_FRAME_SIZE is the CPU. opaque = struct gicr. */
extern const struct bus_mmio_ops gicr_mmio_ops;

unsigned gicr_ncpus(const struct gicr *g);
/* Record what each LPI delivery does into x (docs/explain.md); NULL stops. */
struct sm_explain;
void gicr_set_explain(struct gicr *g, struct sm_explain *x);

/*
 * Make an LPI pending at a CPU (the ITS's delivery).  Returns NULL when it
 * became pending, else the reason it was dropped (no such CPU, EnableLPIs=0,
 * INTID beyond PROPBASER.IDbits, pending-table write failed).  *enabled says
 * whether its configuration (as cached) enables it: a disabled LPI stays
 * pending without being signalled.
 */
const char *gicr_lpi_set_pending(struct gicr *g, unsigned cpu, uint32_t intid, bool *enabled,
				 struct bus_attrs *attrs);
/* Clear a pending LPI (ITS CLEAR, or a move away). Returns whether it was pending. */
bool gicr_lpi_clear_pending(struct gicr *g, unsigned cpu, uint32_t intid, struct bus_attrs *attrs);
bool gicr_lpi_is_pending(const struct gicr *g, unsigned cpu, uint32_t intid);
/* Refresh one LPI's / all cached configuration at a CPU (INV, INVALL). */
void gicr_lpi_inv(struct gicr *g, unsigned cpu, uint32_t intid);
void gicr_lpi_invall(struct gicr *g, unsigned cpu);

/*
 * The CPU interface's acknowledge (ICC_IAR1_EL1): the highest-priority
 * pending enabled LPI at cpu (lowest priority value; lower INTID wins a
 * tie) becomes not pending and its INTID is returned.  SM_OK and *intid,
 * or SM_ERANGE when nothing is pending and enabled (1023, spurious).
 */
int gicr_ack(struct gicr *g, unsigned cpu, uint32_t *intid, struct bus_attrs *attrs);

struct gicr_stats {
	uint64_t lpis_pending, lpis_acked, lpis_dropped, cfg_cache_hits, cfg_cache_misses;
};
const struct gicr_stats *gicr_get_stats(const struct gicr *g);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * GICv3 ITS (IHI 0069 §5.2 "The ITS", §5.3 commands, §12.19 registers).
 * A register frame and a translation frame on the bus.  A 32-bit write to
 * GITS_TRANSLATER carries the writer's DeviceID in its bus attributes; the
 * ITS maps (DeviceID, EventID) through the device table, the device's ITT
 * and the collection table to an LPI at a redistributor.  The write's
 * struct bus_result says which LPI at which CPU, or why it was dropped.
 *
 * Table entry formats are IMPLEMENTATION DEFINED; ours are in its_table.h
 * and docs/impdef-choices.md.
 */
#ifndef SMMUITS_ITS_H
#define SMMUITS_ITS_H

#include <stdbool.h>
#include <stdint.h>

#include "its/gicr.h"
#include "model/bus.h"
#include "model/err.h"
#include "model/log.h"
#include "model/platform.h"

/* Every reason a GITS_TRANSLATER write is dropped, with its name in step results. */
#define ITS_DROP_LIST(X)                                               \
	X(ITS_DISABLED,        "its-disabled")       /* GITS_CTLR.Enabled=0 */        \
	X(NO_DEVICEID,         "no-deviceid")        /* the write carried none (a CPU) */ \
	X(DEVICEID_OOR,        "deviceid-out-of-range") /* beyond Devbits or the table */ \
	X(UNMAPPED_DEVICE,     "unmapped-device")    /* DTE invalid */                \
	X(EVENTID_OOR,         "eventid-out-of-range") /* beyond the ITT size (MAPD Size) */ \
	X(UNMAPPED_EVENT,      "unmapped-event")     /* ITE invalid */                \
	X(UNMAPPED_COLLECTION, "unmapped-collection") /* CTE invalid */               \
	X(TABLE_FETCH,         "table-fetch-error")  /* a table read hit nothing */   \
	X(RDIST_REFUSED,       "redistributor-refused") /* EnableLPIs=0, INTID range */

enum its_drop {
#define X(name, str) ITS_DROP_##name,
	ITS_DROP_LIST(X)
#undef X
	ITS_DROP_COUNT
};

const char *its_drop_name(enum its_drop d);

struct its_config {
	unsigned devbits;        /* DeviceID bits (GITS_TYPER.Devbits + 1): 16 */
	unsigned eventid_bits;   /* EventID bits (GITS_TYPER.ID_bits + 1): 16 */
	unsigned cidbits;        /* collection ID bits: 16 (GITS_TYPER.CIL=0) */
	uint32_t iidr;
	/* cache geometries (GIC-600-like defaults: 2-way, 32/256/16 entries) */
	unsigned dev_cache_sets, dev_cache_ways;
	unsigned ite_cache_sets, ite_cache_ways;
	unsigned coll_cache_sets, coll_cache_ways;
	bool fast_path;          /* host speed-up for a repeated MSI (no effect on results) */
};

void its_config_default(struct its_config *cfg);
/* Apply a platform file's its properties; unknown keys and bad values are errors. */
int its_config_from_plat(const struct plat_dev *dev, struct its_config *cfg, struct sm_err *err);

struct its;

struct its *its_create(const struct its_config *cfg, struct bus *bus, struct gicr *rdists,
		       const struct sm_latency *lat, const struct sm_log *log, struct sm_err *err);
void its_destroy(struct its *its);
void its_reset(struct its *its);

/* Record the steps of each GITS_TRANSLATER write into x (docs/explain.md); NULL stops. */
struct sm_explain;
void its_set_explain(struct its *its, struct sm_explain *x);

/* Both frames (0x20000): opaque = struct its. */
extern const struct bus_mmio_ops its_mmio_ops;

struct its_stats {
	uint64_t translations, lpis, commands, cmd_errors;
	uint64_t drops[ITS_DROP_COUNT];
	uint64_t cache_hits, cache_misses;   /* the three caches together */
	uint64_t dev_hits, dev_misses, ite_hits, ite_misses, coll_hits, coll_misses;
};
const struct its_stats *its_get_stats(const struct its *its);
/*
 * The last command error's name (IHI 0069 §5.3 style, "E_MAPTI_ID_OOR"), kept
 * after the queue restarts; NULL when no command has failed since reset.
 */
const char *its_last_cmd_error(const struct its *its);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * ITS in-memory table formats, and the state shared by the files of its/.
 *
 * IHI 0069 §5.2 "The ITS" leaves the formats of the Device table (DTE),
 * the Interrupt Translation Tables (ITE) and the Collection table (CTE)
 * IMPLEMENTATION DEFINED: software only allocates the memory (GITS_BASER<n>
 * and MAPD's ITT_addr) and never reads or writes the entries itself.  Ours
 * are one little-endian dword each (GITS_TYPER.ITT_entry_size and
 * GITS_BASER<n>.Entry_Size read 8 - 1):
 *
 *   DTE  [63] V   [51:8] ITT_addr (256-byte aligned, as MAPD gives it)
 *                 [4:0]  Size (EventID bits - 1, as MAPD gives it)
 *   ITE  [63] V   [47:32] ICID   [31:0] pINTID
 *   CTE  [63] V   [15:0] processor number (GITS_TYPER.PTA=0: MAPC's RDbase
 *                 is a Processor_Number, GICR_TYPER.Processor_Number)
 *
 * The device table is indexed by DeviceID, the collection table by ICID
 * (GITS_TYPER.HCC=0: every collection lives in memory), a device's ITT by
 * EventID.  GITS_BASER<n>.Indirect=1 makes a table two-level: level-1
 * entries (GITS_L1E_*) each point to one level-2 page of Page_Size bytes.
 *
 * Entries are written to memory by the commands that own them (MAPD, MAPC,
 * MAPTI/MAPI, MOVI, DISCARD), write-through, and read through small
 * set-associative caches that keep their copy until a command changes it
 * or the entry is evicted: an entry software edits in memory directly is
 * not seen until then, which IHI 0069 allows (the tables are owned by the
 * ITS once GITS_BASER<n>.Valid=1).
 *
 * Only the its/ sources include this file.  Tests may use the entry formats (to
 * show that software editing table memory is not seen).
 */
#ifndef SMMUITS_ITS_TABLE_H
#define SMMUITS_ITS_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "its/gicr.h"
#include "its/its.h"
#include "its/its_regs.h"
#include "model/bitfield.h"

#define ITS_ENTRY_SIZE    8u   /* bytes, every table */

#define DTE_0_SIZE        GENMASK64(4, 0)
#define DTE_0_ITT_ADDR    GENMASK64(51, 8)
#define DTE_0_V           BIT64(63)

#define ITE_0_PINTID      GENMASK64(31, 0)
#define ITE_0_ICID        GENMASK64(47, 32)
#define ITE_0_V           BIT64(63)

#define CTE_0_PROCNUM     GENMASK64(15, 0)
#define CTE_0_V           BIT64(63)

struct its_dte { bool valid; uint64_t itt_addr; unsigned size; };
struct its_ite { bool valid; uint16_t icid; uint32_t pintid; };
struct its_cte { bool valid; uint16_t procnum; };

static inline uint64_t its_dte_encode(const struct its_dte *d)
{
	return FIELD_PREP(DTE_0_V, d->valid) | FIELD_ADDR(DTE_0_ITT_ADDR, d->itt_addr) |
	       FIELD_PREP(DTE_0_SIZE, d->size);
}

static inline struct its_dte its_dte_decode(uint64_t raw)
{
	return (struct its_dte){ .valid = FIELD_GET(DTE_0_V, raw) != 0,
				 .itt_addr = FIELD_ADDR(DTE_0_ITT_ADDR, raw),
				 .size = (unsigned)FIELD_GET(DTE_0_SIZE, raw) };
}

static inline uint64_t its_ite_encode(const struct its_ite *e)
{
	return FIELD_PREP(ITE_0_V, e->valid) | FIELD_PREP(ITE_0_ICID, e->icid) |
	       FIELD_PREP(ITE_0_PINTID, e->pintid);
}

static inline struct its_ite its_ite_decode(uint64_t raw)
{
	return (struct its_ite){ .valid = FIELD_GET(ITE_0_V, raw) != 0,
				 .icid = (uint16_t)FIELD_GET(ITE_0_ICID, raw),
				 .pintid = (uint32_t)FIELD_GET(ITE_0_PINTID, raw) };
}

static inline uint64_t its_cte_encode(const struct its_cte *c)
{
	return FIELD_PREP(CTE_0_V, c->valid) | FIELD_PREP(CTE_0_PROCNUM, c->procnum);
}

static inline struct its_cte its_cte_decode(uint64_t raw)
{
	return (struct its_cte){ .valid = FIELD_GET(CTE_0_V, raw) != 0,
				 .procnum = (uint16_t)FIELD_GET(CTE_0_PROCNUM, raw) };
}

/* ---- everything below is internal to the its/ sources ---- */

/*
 * A set-associative cache of 64-bit values under 64-bit keys, LRU with
 * deterministic ties (the lowest way).  Used for the ITS's device, ITE and
 * collection caches and for each redistributor's LPI configuration cache.
 */
struct its__cache_entry {
	bool valid;
	uint64_t key;
	uint64_t val;
	uint64_t lru;
};

struct its__cache {
	unsigned sets, ways;    /* sets is a power of two */
	uint64_t use_counter;
	struct its__cache_entry *e;
	uint64_t hits, misses;
	uint64_t gen;           /* host only (its_fast.c): bumped by every insert, removal, clear */
};

int its__cache_init(struct its__cache *c, unsigned sets, unsigned ways);
void its__cache_free(struct its__cache *c);
bool its__cache_lookup(struct its__cache *c, uint64_t key, uint64_t *val);
void its__cache_insert(struct its__cache *c, uint64_t key, uint64_t val);
void its__cache_remove(struct its__cache *c, uint64_t key);
/* Remove every entry whose key, masked, equals match (ITEs of one device). */
void its__cache_remove_masked(struct its__cache *c, uint64_t mask, uint64_t match);
void its__cache_clear(struct its__cache *c);
/* The entry under key, or NULL; no LRU update, no counting (its_fast.c). */
struct its__cache_entry *its__cache_find(struct its__cache *c, uint64_t key);

/* The tables GITS_BASER0 and GITS_BASER1 describe. */
enum { ITS_BASER_DEVICE = 0, ITS_BASER_COLLECTION = 1 };

/* Command error conditions, named as IHI 0069 §5.3 names them (E_<CMD>_<COND>). */
#define ITS_CMD_ERR_LIST(X)                                                     \
	X(DEVICE_OOR)          /* DeviceID beyond Devbits or the device table */ \
	X(ITTSIZE_OOR)         /* MAPD Size beyond GITS_TYPER.ID_bits */           \
	X(COLLECTION_OOR)      /* ICID beyond CIDbits or the collection table */  \
	X(PROCNUM_OOR)         /* a processor number with no redistributor */     \
	X(UNMAPPED_DEVICE)     /* DTE invalid */                                   \
	X(ID_OOR)              /* EventID beyond the device's ITT (MAPD Size) */   \
	X(PHYSICALID_OOR)      /* pINTID not an LPI the GIC supports */           \
	X(UNMAPPED_INTERRUPT)  /* ITE invalid */                                   \
	X(UNMAPPED_COLLECTION) /* the command's collection has no valid CTE */    \
	X(ITE_INVALID)         /* the ITE's collection has no valid CTE */         \
	X(TABLE_READ)          /* IMPDEF name: a table read hit nothing */         \
	X(TABLE_WRITE)         /* IMPDEF name: a table write failed */

enum its__cmd_err {
	ITS_CMD_OK = 0,
#define X(name) ITS_CMD_E_##name,
	ITS_CMD_ERR_LIST(X)
#undef X
};

/*
 * gicr.c, for its_fast.c: a delivered LPI's state, to replay a repeat of it
 * (take after a delivery whose lookups all hit; holds while nothing changed).
 */
struct gicr__memo {
	struct its__cache *cache;        /* the CPU's LPI configuration cache */
	struct its__cache_entry *cfg;    /* the LPI's entry in it */
	uint64_t cache_gen, cpu_gen;
	const uint64_t *cpu_gen_at;
	uint64_t pend_pa;                /* the pending-table byte and bit */
	uint8_t pend_bit;
};
/*
 * its_fast.c: the last translation that hit every cache, to replay a
 * repeat of it while nothing it used has changed (docs/performance.md).
 */
struct its__memo {
	bool valid;
	uint32_t devid, eventid;
	struct its__cache_entry *dte, *ite, *cte;
	uint64_t dev_gen, ite_gen, coll_gen;
	uint64_t cycles;               /* what the probes charged */
	struct bus_result result;
	struct gicr__memo rd;
};

/* Taken before a full translation, to tell afterwards whether it only hit. */
struct its__memo_mark {
	uint64_t cycles, dev_gen, ite_gen, coll_gen, miss_seq;
};

struct its {
	struct its_config cfg;
	struct bus *bus;
	struct gicr *rd;
	const struct sm_log *log;
	struct sm_latency lat;

	uint32_t ctlr;             /* Enabled only; Quiescent is computed */
	uint64_t typer;
	uint64_t cbaser, cwriter, creadr;
	uint64_t baser[GITS_BASER_NR];

	struct its__cache dev_cache;   /* DeviceID -> DTE */
	struct its__cache ite_cache;   /* DeviceID:EventID -> ITE */
	struct its__cache coll_cache;  /* ICID -> CTE */

	char last_error[48];           /* "" until a command fails */
	struct its_stats stats;
	/* explain sink (its_explain.c, docs/explain.md); NULL when nobody asks */
	struct sm_explain *explain;
	uint64_t x_mark;               /* bus cycles of this write already given to a step */
	struct its__memo memo;         /* its_fast.c: the last MSI that hit every cache */
};

/* its_table.c: table walks.  Results of a lookup or a write. */
enum its__lookup {
	ITS_LK_OK,      /* done; a lookup's *out holds the entry (which may be invalid) */
	ITS_LK_OOR,     /* the ID is beyond the table or an Indirect level-1 entry is invalid */
	ITS_LK_FETCH,   /* a table read hit nothing */
	ITS_LK_WRITE,   /* a table write failed */
};

/* Lookups go through the caches; a miss reads memory and charges attrs. */
enum its__lookup its__dte_get(struct its *its, uint32_t devid, struct its_dte *out,
			      struct bus_attrs *attrs);
enum its__lookup its__ite_get(struct its *its, uint32_t devid, const struct its_dte *dte,
			      uint32_t eventid, struct its_ite *out, struct bus_attrs *attrs);
enum its__lookup its__cte_get(struct its *its, uint32_t icid, struct its_cte *out,
			      struct bus_attrs *attrs);
/*
 * Write an entry to memory and the cache (valid entries are cached, invalid
 * ones dropped).  A DTE write also drops the device's cached ITEs.  The
 * ITE's EventID must already be checked against dte->size.
 */
enum its__lookup its__dte_put(struct its *its, uint32_t devid, const struct its_dte *dte);
enum its__lookup its__ite_put(struct its *its, uint32_t devid, const struct its_dte *dte,
			      uint32_t eventid, const struct its_ite *ite);
enum its__lookup its__cte_put(struct its *its, uint32_t icid, const struct its_cte *cte);
/* Drop one table's cached entries (its GITS_BASER<n> was rewritten). */
void its__table_flush(struct its *its, unsigned n);

/* its_cmdq.c: run commands while the queue may run. */
void its__cmdq_process(struct its *its);

/* its_mmio.c: a GITS_BASER<n>'s reset value (its read-only Type and Entry_Size). */
uint64_t its__baser_reset(unsigned n);

/* its_xlate.c: one GITS_TRANSLATER write; fills attrs->result when attrs is given. */
void its__translate(struct its *its, uint32_t eventid, struct bus_attrs *attrs);

/* its_fast.c: the host fast path for a repeated MSI (no effect on any result). */
void its__memo_mark(const struct its *its, const struct bus_attrs *attrs,
		    struct its__memo_mark *mk);
void its__memo_record(struct its *its, uint32_t eventid, const struct bus_attrs *attrs,
		      const struct its__memo_mark *mk);
bool its__memo_replay(struct its *its, uint32_t eventid, struct bus_attrs *attrs);

/* The ITE cache's key: DeviceID:EventID. */
static inline uint64_t its__ite_key(uint32_t devid, uint32_t eventid)
{
	return (uint64_t)devid << 32 | eventid;
}

/* Whether an ID fits a field of bits bits (bits may be 32). */
static inline bool its__fits(uint64_t id, unsigned bits)
{
	return bits >= 32 || id < (UINT64_C(1) << bits);
}

/* gicr.c, for the ITS: INTID bits, and pending LPIs in ascending order. */
unsigned gicr__idbits(const struct gicr *g);
/* The lowest pending INTID >= from at cpu: true and *intid, or false. */
bool gicr__pending_next(const struct gicr *g, unsigned cpu, uint32_t from, uint32_t *intid);

uint64_t gicr__cfg_miss_seq(const struct gicr *g);
bool gicr__memo_take(struct gicr *g, unsigned cpu, uint32_t intid, uint64_t miss_seq,
		     struct gicr__memo *m);
bool gicr__memo_holds(struct gicr *g, const struct gicr__memo *m);
void gicr__memo_apply(struct gicr *g, const struct gicr__memo *m);

#define its__log(its, lvl, ...) sm_log((its)->log, (lvl), "its", __VA_ARGS__)

#endif

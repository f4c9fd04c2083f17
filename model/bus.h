/* SPDX-License-Identifier: MIT */
/*
 * The physical address space.  A bus is a sorted table of non-overlapping
 * regions: RAM (backed by a struct mem) or MMIO (two callbacks and an opaque
 * pointer, as a device model registers itself).  Every access returns a
 * status, so a fetch that hits nothing becomes an architected fault in the
 * caller instead of a silent zero, and carries a struct bus_attrs that names
 * the requester and accumulates the access's cost in cycles.
 */
#ifndef SMMUITS_BUS_H
#define SMMUITS_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "log.h"
#include "mem.h"

/*
 * What a device did with a write, for the requester's report (an interrupt
 * controller says which interrupt it raised, or why it dropped the write).
 * The bus only carries it; it knows nothing of what the values mean.
 */
enum bus_result_kind { BUS_RESULT_NONE, BUS_RESULT_INTERRUPT, BUS_RESULT_DROPPED };

struct bus_result {
	enum bus_result_kind kind;
	uint32_t id;         /* INTERRUPT: the interrupt ID */
	int target;          /* INTERRUPT: the CPU it went to */
	const char *reason;  /* DROPPED: why (a name from the device's list); else a note */
};

/* Who is asking, and what it cost so far. */
struct bus_attrs {
	uint32_t src_id;  /* requester's DeviceID, valid when BUS_ATTR_SRC_VALID */
	uint32_t flags;
	uint64_t cycles;  /* in/out: each stage adds its latency */
	struct bus_result result; /* out: filled by the device that took the access */
};

#define BUS_ATTR_SRC_VALID (1u << 0) /* src_id names the requester (MSI writes need it) */
#define BUS_ATTR_CPU       (1u << 1) /* a CPU access, not a device */

/*
 * MMIO callbacks.  off is relative to the region base, size is 1/2/4/8 and
 * the access is naturally aligned (the bus checks).  Return SM_OK or a
 * negative SM_E* code, which the bus passes back to the requester.
 */
struct bus_mmio_ops {
	int (*read)(void *opaque, uint64_t off, unsigned size, uint64_t *val,
		    struct bus_attrs *attrs);
	int (*write)(void *opaque, uint64_t off, unsigned size, uint64_t val,
		     struct bus_attrs *attrs);
};

enum bus_region_kind { BUS_RAM, BUS_MMIO, BUS_RESERVED };

struct bus_region {
	char name[32];
	enum bus_region_kind kind;
	uint64_t base;
	uint64_t size;
	const struct bus_mmio_ops *ops; /* BUS_MMIO only */
	void *opaque;
};

struct bus;

struct bus *bus_create(struct mem *mem, const struct sm_latency *lat,
		       const struct sm_log *log);
void bus_destroy(struct bus *b);

/* Regions may not overlap (SM_EINVAL with a message naming both). */
int bus_add_ram(struct bus *b, const char *name, uint64_t base, uint64_t size,
		struct sm_err *err);
int bus_add_mmio(struct bus *b, const char *name, uint64_t base, uint64_t size,
		 const struct bus_mmio_ops *ops, void *opaque, struct sm_err *err);
/* A window the platform describes but nothing models yet: accesses fail SM_EUNSUPP. */
int bus_add_reserved(struct bus *b, const char *name, uint64_t base, uint64_t size,
		     struct sm_err *err);

/* The region containing pa, or NULL. */
const struct bus_region *bus_find(const struct bus *b, uint64_t pa);

/*
 * Single accesses of 1, 2, 4 or 8 bytes, little-endian.  Returns SM_OK,
 * SM_EUNMAPPED (nothing at pa), SM_ENOMEM (RAM cap), SM_EINVAL (bad size,
 * misaligned MMIO, or the access straddles two regions), or the device's code.
 * On failure a read yields 0.
 */
int bus_read(struct bus *b, uint64_t pa, unsigned size, uint64_t *val,
	     struct bus_attrs *attrs);
int bus_write(struct bus *b, uint64_t pa, unsigned size, uint64_t val,
	      struct bus_attrs *attrs);

/*
 * 64-bit device registers may be accessed whole or as two 32-bit halves
 * (the GIC and SMMU rules alike): merge a write, extract a read.
 * off_in_reg is 0 for the low half, 4 for the high half.
 */
static inline uint64_t bus_reg64_write(uint64_t old, uint64_t off_in_reg, unsigned size,
				       uint64_t val)
{
	if (size == 8)
		return val;
	if (off_in_reg == 0)
		return (old & ~UINT64_C(0xffffffff)) | (val & 0xffffffff);
	return (old & UINT64_C(0xffffffff)) | (val << 32);
}

static inline uint64_t bus_reg64_read(uint64_t reg, uint64_t off_in_reg, unsigned size)
{
	if (size == 8)
		return reg;
	return off_in_reg ? reg >> 32 : reg & 0xffffffff;
}

/* Multi-byte blocks (table entries, queue records): RAM only, one region. */
int bus_read_block(struct bus *b, uint64_t pa, void *buf, size_t len,
		   struct bus_attrs *attrs);
/*
 * The same on a RAM region the caller has already found with bus_find
 * (the device data path: one lookup per transaction, not two).  Any other
 * r (NULL, not RAM, not holding the block) takes the decoding path.
 */
int bus_ram_block(struct bus *b, const struct bus_region *r, uint64_t pa, void *buf,
		  size_t len, bool write, struct bus_attrs *attrs);
int bus_write_block(struct bus *b, uint64_t pa, const void *buf, size_t len,
		    struct bus_attrs *attrs);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Reserved IOVA regions: what a device's IOVA space must keep out of its
 * DMA allocator on a platform, in Linux's vocabulary (the types of
 * /sys/kernel/iommu_groups/N/reserved_regions, include/linux/iommu.h
 * enum iommu_resv_type), computed from the platform description alone,
 * as the kernel computes them from IORT or the device tree.
 *
 * `smmuits resv`, `smmuits migrate-check` and the trace lines hotplug and
 * direct-map use this; docs/doorbells.md explains every type.
 */
#ifndef SMMUITS_RESV_H
#define SMMUITS_RESV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model/err.h"
#include "model/interval.h"
#include "model/platform.h"

/* Linux's MSI_IOVA_BASE and MSI_IOVA_LENGTH (drivers/iommu/arm/arm-smmu-v3). */
#define RESV_SW_MSI_BASE 0x8000000u
#define RESV_SW_MSI_SIZE 0x100000u

#define RESV_TYPES(X)                                                        \
	X(RESV_DIRECT,           "direct")           /* IOMMU_RESV_DIRECT */    \
	X(RESV_DIRECT_RELAXABLE, "direct-relaxable") /* ..._DIRECT_RELAXABLE */ \
	X(RESV_RESERVED,         "reserved")         /* IOMMU_RESV_RESERVED */  \
	X(RESV_MSI,              "msi")              /* IOMMU_RESV_MSI */       \
	X(RESV_SW_MSI,           "sw-msi")           /* IOMMU_RESV_SW_MSI */

enum resv_type {
#define RESV_ENUM(e, name) e,
	RESV_TYPES(RESV_ENUM)
#undef RESV_ENUM
};

#define RESV_MAX 96

struct resv_region {
	struct sm_ival r;
	enum resv_type type;
	char name[PLAT_NAME_LEN];  /* the platform line's name ("nic-bmc-buffer", "sw-msi") */
	const char *why;           /* where Linux gets it from */
	uint32_t sid_base;         /* the StreamIDs it applies to */
	uint64_t sid_count;        /* 0: every StreamID */
	/*
	 * VFIO keeps it out of a passed-through device's IOVA space
	 * (vfio_iommu_resv_exclude): every type but direct-relaxable, and
	 * not the host bridge windows, which only the kernel's own DMA
	 * domains reserve.
	 */
	bool vfio;
};

struct resv_list {
	unsigned n;
	struct resv_region r[RESV_MAX];
};

const char *resv_type_name(enum resv_type t);

/*
 * The regions for StreamID sid, or with any_sid those of every device (each
 * region says which StreamIDs it is for).  SM_ERANGE when sid is behind no
 * SMMU (its DMA addresses are physical: there is no IOVA space).
 */
int resv_collect(const struct platform *p, bool any_sid, uint32_t sid, struct resv_list *out,
		 struct sm_err *err);
/* Append one region (SM_ERANGE when the list is full); the list stays sorted by address. */
int resv_add(struct resv_list *l, const struct resv_region *r, struct sm_err *err);

/* /sys reserved_regions lines ("0x%016llx 0x%016llx type") with a comment saying why. */
void resv_print_text(FILE *f, const struct resv_list *l);
/* A JSON array of the regions. */
void resv_print_json(FILE *f, const struct resv_list *l);

/* `smmuits resv PLATFORM [--device SID] [--json]`: exit status. */
int resv_main(int argc, char **argv);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * migrate-check: can a guest, with a device passed through, live on (and
 * migrate among) a set of hosts?  The guest's RAM is mapped in the device's
 * IOVA space at its guest physical addresses (VFIO type1 maps GPA = IOVA),
 * so it must miss every region each host reserves there; its DMA windows
 * (the IOVA ranges a vIOMMU hands out) may keep going around them if the
 * guest is told, for instance by virtio-iommu's reserved regions.
 * docs/doorbells.md has the method and the guest layout format.
 */
#ifndef SMMUITS_MIGRATE_H
#define SMMUITS_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/resv.h"
#include "model/platform.h"

#define MIGRATE_MAX_HOSTS 16

/* One guest range (RAM or a DMA window) as placed. */
struct migrate_place {
	const struct plat_range *range;
	bool ram;
	struct sm_ival at;     /* where it ends up */
	bool moved;
	bool placed;           /* false: no room for it anywhere */
	unsigned collisions;   /* with the hosts' regions, where it was given */
};

struct migrate_result {
	unsigned nhosts;
	struct resv_list resv[MIGRATE_MAX_HOSTS];
	unsigned limit_bits;   /* min(guest iova-bits, every host SMMU's OAS) */
	struct sm_ivset reserved;  /* the union of what VFIO reserves on every host */
	unsigned nplace;
	struct migrate_place place[2 * PLAT_MAX_RAM];
	unsigned collisions;   /* of the layout as given */
	bool works_as_given, migratable;
};

/*
 * Check guest against hosts (for StreamID sid, or every device with any_sid).
 * SM_OK with *res filled (free with migrate_free), or an error in err.
 */
int migrate_check(const struct platform *guest, const struct platform *const *hosts,
		  unsigned nhosts, bool any_sid, uint32_t sid, struct migrate_result *res,
		  struct sm_err *err);
void migrate_free(struct migrate_result *res);

/* `smmuits migrate-check --guest LAYOUT --hosts P1 P2 ... [--device SID] [--json]`: exit status. */
int migrate_main(int argc, char **argv);

#endif

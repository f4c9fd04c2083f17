/* SPDX-License-Identifier: MIT */
/*
 * A reference for the ITS and the redistributors' LPI state, from IHI 0069
 * alone: what the mapping commands software issued mean (§5.3), where an MSI
 * must become pending (§5.2 "the ITS translation process") and which pending
 * LPI a CPU may acknowledge.  It keeps the mappings as software issued them,
 * not as any table in memory, and shares no code with its/.
 *
 * The configuration byte of an LPI is cached by the redistributor; after
 * software edits it, either the old or the new byte may be in use until an
 * invalidation reaches that redistributor, so the reference remembers both.
 */
#ifndef SMMUITS_REF_ITS_H
#define SMMUITS_REF_ITS_H

#include <stdbool.h>
#include <stdint.h>

#define REF_ITS_DEVS   8
#define REF_ITS_EVENTS 32
#define REF_ITS_COLLS  8
#define REF_ITS_CPUS   4
#define REF_ITS_LPIS   64
#define REF_ITS_LPI0   8192u

struct ref_its {
	bool enabled;
	bool cpu_lpis[REF_ITS_CPUS];           /* GICR_CTLR.EnableLPIs */
	struct { bool v; unsigned ebits; } dev[REF_ITS_DEVS];
	struct { bool v; uint32_t lpi; unsigned icid; } ite[REF_ITS_DEVS][REF_ITS_EVENTS];
	struct { bool v; unsigned cpu; } coll[REF_ITS_COLLS];
	uint8_t cfg[REF_ITS_LPIS];             /* what memory holds */
	bool dirty[REF_ITS_CPUS][REF_ITS_LPIS]; /* a redistributor may still use an older byte */
	bool any_enabled[REF_ITS_CPUS][REF_ITS_LPIS]; /* some byte since the last invalidation enabled it */
	uint8_t best_prio[REF_ITS_CPUS][REF_ITS_LPIS];
	bool pending[REF_ITS_CPUS][REF_ITS_LPIS];
};

/* Where an MSI must go: 1 and the LPI index and CPU, or 0 and the reason it is dropped. */
int ref_its_msi(const struct ref_its *r, uint32_t devid, uint32_t event, unsigned *lpi,
		unsigned *cpu, const char **why);
/* Software wrote an LPI's configuration byte. */
void ref_its_cfg_write(struct ref_its *r, unsigned lpi, uint8_t byte);
/* An invalidation reached cpu's redistributor for one LPI (or all with lpi < 0). */
void ref_its_cfg_inv(struct ref_its *r, unsigned cpu, int lpi);
/*
 * cpu acknowledged: got is the LPI index, or -1 for spurious.  Returns NULL
 * when that is allowed (and updates pending), else the rule it breaks.
 */
const char *ref_its_ack(struct ref_its *r, unsigned cpu, int got);

#endif

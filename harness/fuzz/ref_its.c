/* SPDX-License-Identifier: MIT */
/* The ITS and LPI reference (ref_its.h), from IHI 0069 §5.2-5.3 and §6.1. */
#include "ref_its.h"

#include <stddef.h>

int ref_its_msi(const struct ref_its *r, uint32_t devid, uint32_t event, unsigned *lpi,
		unsigned *cpu, const char **why)
{
	/* §5.2: the ITS translates only while GITS_CTLR.Enabled */
	if (!r->enabled)
		return *why = "ITS disabled", 0;
	if (devid >= REF_ITS_DEVS || !r->dev[devid].v)
		return *why = "DeviceID not mapped (MAPD)", 0;
	if (event >= (1u << r->dev[devid].ebits) || event >= REF_ITS_EVENTS)
		return *why = "EventID beyond the device's ITT", 0;
	if (!r->ite[devid][event].v)
		return *why = "EventID not mapped (MAPTI)", 0;
	unsigned icid = r->ite[devid][event].icid;
	if (icid >= REF_ITS_COLLS || !r->coll[icid].v)
		return *why = "collection not mapped (MAPC)", 0;
	/* §6.1: a redistributor with EnableLPIs=0 does not accept LPIs */
	if (!r->cpu_lpis[r->coll[icid].cpu])
		return *why = "target redistributor has EnableLPIs=0", 0;
	*lpi = r->ite[devid][event].lpi;
	*cpu = r->coll[icid].cpu;
	return 1;
}

static bool enabled(uint8_t b)
{
	return b & 1;
}

static uint8_t prio(uint8_t b)
{
	return b & 0xfc;
}

void ref_its_cfg_write(struct ref_its *r, unsigned lpi, uint8_t byte)
{
	for (unsigned c = 0; c < REF_ITS_CPUS; c++) {
		if (!r->dirty[c][lpi]) {
			r->any_enabled[c][lpi] = enabled(r->cfg[lpi]);
			r->best_prio[c][lpi] = prio(r->cfg[lpi]);
		}
		r->dirty[c][lpi] = true;
		r->any_enabled[c][lpi] |= enabled(byte);
		if (prio(byte) < r->best_prio[c][lpi])
			r->best_prio[c][lpi] = prio(byte);
	}
	r->cfg[lpi] = byte;
}

void ref_its_cfg_inv(struct ref_its *r, unsigned cpu, int lpi)
{
	for (unsigned l = 0; l < REF_ITS_LPIS; l++)
		if (lpi < 0 || (unsigned)lpi == l)
			r->dirty[cpu][l] = false;
}

const char *ref_its_ack(struct ref_its *r, unsigned cpu, int got)
{
	/* What may be signalled: pending and enabled, by the byte in use (§6.1.1). */
	bool any_clean = false;
	int best = -1;

	for (unsigned l = 0; l < REF_ITS_LPIS; l++) {
		if (!r->pending[cpu][l] || r->dirty[cpu][l] || !enabled(r->cfg[l]))
			continue;
		any_clean = true;
		if (best < 0 || prio(r->cfg[l]) < prio(r->cfg[best]))
			best = (int)l;
	}
	if (got < 0)
		return any_clean ? "spurious acknowledge with an enabled LPI pending" : NULL;
	if (got >= REF_ITS_LPIS || !r->pending[cpu][got])
		return "acknowledged an LPI that is not pending at this CPU";
	if (r->dirty[cpu][got] ? !r->any_enabled[cpu][got] : !enabled(r->cfg[got]))
		return "acknowledged an LPI that its configuration disables";
	/* The highest priority (lowest value) wins, the lower INTID breaks a tie. */
	uint8_t p = r->dirty[cpu][got] ? r->best_prio[cpu][got] : prio(r->cfg[got]);
	if (best >= 0 && (prio(r->cfg[best]) < p || (prio(r->cfg[best]) == p && best < got &&
						      !r->dirty[cpu][got])))
		return "acknowledged an LPI while a higher-priority one was pending";
	r->pending[cpu][got] = false;
	return NULL;
}

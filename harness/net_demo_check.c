/* SPDX-License-Identifier: MIT */
/*
 * net-demo checks itself: the lease, the pings, an LPI at our CPU for every
 * completion, and, for each fault flag, the result docs/netdev.md documents.
 */
#include <stdarg.h>
#include <string.h>

#include "harness/net_demo_int.h"

static bool check(struct demo *d, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool check(struct demo *d, bool ok, const char *fmt, ...)
{
	va_list ap;

	fprintf(d->out, "  [%s] ", ok ? " ok " : "FAIL");
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fprintf(d->out, "\n");
	return ok;
}

int demo_bypass_probe(struct demo *d, struct sm_err *err)
{
	uint8_t buf[16];
	struct smmuits_txn t = { .sid = d->o.sid, .iova = d->drv.drv.strtab, .size = 16, .data = buf };
	struct smmuits_txn_result res;
	char msg[160];

	fprintf(d->out, "\n== --bypass: a stray DMA\n");
	netrec_printf(&d->rec, "# --bypass: the NIC's StreamID reads the SMMU's stream table\n");
	if (smmuits_txn(d->sys, &t, &res, msg, sizeof(msg)))
		return sm_err_set(err, SM_EINVAL, "probe: %s", msg);
	netrec_txn(&d->rec, &t, &res);
	d->probe_bypassed = res.outcome == SMMUITS_BYPASS;
	d->probe_pa = res.pa;
	fprintf(d->out, "  StreamID 0x%x reads 16 bytes at 0x%llx, the SMMU's own stream table, which "
		"no driver gave it: %s%s\n", d->o.sid, (unsigned long long)t.iova,
		smmuits_outcome_name(res.outcome),
		d->probe_bypassed ? ". A write there would land too." : "");
	return SM_OK;
}

/* Every completion of ring r signalled our LPI at our CPU, and there was at least one. */
static bool all_lpis(struct demo *d, enum netdev_ring_id r)
{
	return d->c.completions[r] > 0 && d->c.msis[r] == d->c.completions[r] &&
	       d->c.lpis_ok[r] == d->c.msis[r];
}

bool demo_page_intact(struct demo *d)
{
	uint8_t page[0x1000];
	bool ok = smmuits_read_block(d->sys, d->unmapped_pa, page, sizeof(page)) == 0;
	struct sm_err e = { 0 };
	bool first = false, last = false;

	for (size_t i = 0; ok && i < sizeof(page); i++)
		ok = page[i] == 0x5a;
	/* the replay checks where the frame would have landed, and the page's end */
	netdrv_check_qword(&d->drv, d->unmapped_pa, 0x5a5a5a5a5a5a5a5aull, &first, &e);
	netdrv_check_qword(&d->drv, d->unmapped_pa + 0xff8, 0x5a5a5a5a5a5a5a5aull, &last, &e);
	return ok && first && last;
}

bool demo_checks(struct demo *d, const uint8_t gw[4], const uint8_t want_ip[4])
{
	const unsigned n = d->o.ping, tx = NETDEV_RING_TX, rx = NETDEV_RING_RX;
	const struct netdrv *v = &d->drv;
	bool ok = true;

	fprintf(d->out, "\n== checks\n");
	/* slirp's restricted mode names no router or DNS server in its ACK */
	ok &= check(d, d->lease && !memcmp(d->ip, want_ip, 4) && !memcmp(d->server, gw, 4),
		    "DHCP lease %u.%u.%u.%u for %u s from %u.%u.%u.%u", d->ip[0], d->ip[1], d->ip[2],
		    d->ip[3], d->lease_s, d->server[0], d->server[1], d->server[2], d->server[3]);
	ok &= check(d, d->gw_known, "ARP: the gateway's MAC is known");
	ok &= check(d, !d->stack_errors && !netslirp_guest_errors(d->peer) && !d->c.lpis_wrong,
		    "no stack errors, no slirp guest errors, no MSI to another LPI or CPU");
	if (d->o.unmap_rx) {
		ok &= check(d, d->replies == n - 1 && !d->answered[1],
			    "%u of %u pings answered: the reply to ping 1 was dropped", d->replies, n);
		ok &= check(d, v->rx_errors == 1 && d->c.dma_faults == 1 &&
			    d->c.fault_iova == d->unmapped_iova,
			    "one RX buffer write faulted at IOVA 0x%llx and its frame was dropped (DONE|ERR)",
			    (unsigned long long)d->unmapped_iova);
		ok &= check(d, v->events == 1 && !strcmp(v->last_event, "F_TRANSLATION") &&
			    v->last_event_addr == d->unmapped_iova && v->last_event_sid == d->o.sid,
			    "the SMMU reported it: %u event, %s sid=0x%x addr=0x%llx", v->events,
			    v->last_event, v->last_event_sid, (unsigned long long)v->last_event_addr);
		ok &= check(d, d->page_intact, "the buffer's page at PA 0x%llx was unchanged by the fault",
			    (unsigned long long)d->unmapped_pa);
	} else {
		ok &= check(d, d->replies == n, "%u of %u pings answered", d->replies, n);
		ok &= check(d, d->c.dma_faults == 0, "no DMA faulted");
	}
	if (d->o.no_doorbell) {
		ok &= check(d, d->c.msi_faults > 0 && d->c.msi_faults == d->c.msis[rx] + d->c.msis[tx],
			    "all %u MSIs faulted", d->c.msi_faults);
		ok &= check(d, d->c.lpis_ok[rx] + d->c.lpis_ok[tx] == 0 && !v->acked[rx] && !v->acked[tx],
			    "no LPI arrived: the driver acknowledged none");
		ok &= check(d, v->events == d->c.msi_faults && !strcmp(v->last_event, "F_TRANSLATION") &&
			    v->last_event_addr == v->msi_addr,
			    "%u events F_TRANSLATION at the doorbell IOVA 0x%llx", v->events,
			    (unsigned long long)v->msi_addr);
		ok &= check(d, d->polls > 0, "the driver found its completions by polling (%u polls)",
			    d->polls);
	} else {
		ok &= check(d, all_lpis(d, rx), "every RX completion (%u) produced LPI %u at cpu%u",
			    d->c.completions[rx], NETDRV_LPI_RX, d->o.cpu);
		ok &= check(d, all_lpis(d, tx), "every TX completion (%u) produced LPI %u at cpu%u",
			    d->c.completions[tx], NETDRV_LPI_TX, d->o.cpu);
		if (!d->o.unmap_rx)
			ok &= check(d, v->events == 0, "no SMMU event");
	}
	if (d->o.bypass)
		ok &= check(d, d->probe_bypassed, "bypass: all %u NIC transactions went untranslated, and "
			    "a stray DMA to the stream table at PA 0x%llx was let through",
			    d->c.bypassed, (unsigned long long)d->probe_pa);
	fprintf(d->out, "net-demo: %s\n", ok ? "PASS" : "FAIL");
	return ok;
}

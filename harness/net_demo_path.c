/* SPDX-License-Identifier: MIT */
/*
 * What net-demo prints and records for each packet: a header when the NIC
 * fetches its descriptor, then one line per transaction: descriptor fetch,
 * buffer DMA (IOVA -> PA), write-back, MSI (IOVA -> doorbell -> LPI), each
 * with its cycles, and the packet's total.  --explain adds the SMMU's rule.
 */
#include <string.h>

#include "harness/net_demo_int.h"

static const char *const ring_name[2] = { "TX", "RX" };

void demo_queue_frame(struct demo *d, enum netdev_ring_id ring, const uint8_t *f, size_t len)
{
	char text[96];

	if (d->qn[ring] == DEMO_QUEUE)
		return;
	netpkt_describe(f, len, text, sizeof(text));
	snprintf(d->q[ring][(d->qh[ring] + d->qn[ring]) % DEMO_QUEUE], sizeof(d->q[0][0]),
		 "%s (%zu bytes)", text, len);
	d->qn[ring]++;
}

/* Called after the packet's first transaction, which has already cost `first` cycles. */
static void packet_start(struct demo *d, enum netdev_ring_id ring, uint64_t first)
{
	const char *what = d->qn[ring] ? d->q[ring][d->qh[ring]] : "?";

	d->in_packet[ring] = true;
	d->npkt[ring]++;
	d->pkt_start[ring] = smmuits_now(d->sys) - first;
	d->pkt_cycles[ring] = 0;
	fprintf(d->out, "%s #%u @%llu: %s\n", ring_name[ring], d->npkt[ring],
		(unsigned long long)d->pkt_start[ring], what);
	netrec_printf(&d->rec, "# %s #%u: %s\n", ring_name[ring], d->npkt[ring], what);
}

static void packet_end(struct demo *d, enum netdev_ring_id ring)
{
	d->in_packet[ring] = false;
	if (d->qn[ring]) {
		d->qh[ring] = (d->qh[ring] + 1) % DEMO_QUEUE;
		d->qn[ring]--;
	}
	fprintf(d->out, "  = %llu cycles in the SMMU, ITS and memory\n",
		(unsigned long long)d->pkt_cycles[ring]);
}

static void where(const struct smmuits_txn *t, const struct smmuits_txn_result *r, char *b, size_t n)
{
	switch (r->outcome) {
	case SMMUITS_TRANSLATED:
		snprintf(b, n, "IOVA 0x%llx -> PA 0x%llx", (unsigned long long)t->iova,
			 (unsigned long long)r->pa);
		break;
	case SMMUITS_BYPASS:
		snprintf(b, n, "PA 0x%llx, untranslated (bypass)", (unsigned long long)r->pa);
		break;
	case SMMUITS_FAULT:
		snprintf(b, n, "IOVA 0x%llx -> FAULT %s (event %s)", (unsigned long long)t->iova,
			 r->fault_name, r->event_status);
		break;
	case SMMUITS_LPI:
		snprintf(b, n, "IOVA 0x%llx -> doorbell PA 0x%llx -> LPI %u @cpu%d",
			 (unsigned long long)t->iova, (unsigned long long)r->pa, r->intid, r->cpu);
		break;
	case SMMUITS_ITS_DROP:
		snprintf(b, n, "IOVA 0x%llx -> doorbell PA 0x%llx -> dropped by the ITS (%s)",
			 (unsigned long long)t->iova, (unsigned long long)r->pa, r->drop_reason);
		break;
	default:
		snprintf(b, n, "IOVA 0x%llx -> %s at PA 0x%llx", (unsigned long long)t->iova,
			 smmuits_outcome_name(r->outcome), (unsigned long long)r->pa);
		break;
	}
}

static void count(struct demo *d, const struct netdev_note *n)
{
	const struct smmuits_txn_result *r = n->res;
	bool ok = !n->rc && (r->outcome == SMMUITS_TRANSLATED || r->outcome == SMMUITS_BYPASS);

	if (!n->rc && r->outcome == SMMUITS_BYPASS)
		d->c.bypassed++;
	if (n->op == NETDEV_OP_MSI) {
		uint32_t want = n->ring == NETDEV_RING_RX ? NETDRV_LPI_RX : NETDRV_LPI_TX;

		d->c.msis[n->ring]++;
		if (!n->rc && r->outcome == SMMUITS_LPI && r->intid == want && r->cpu == (int)d->o.cpu)
			d->c.lpis_ok[n->ring]++;
		else if (!n->rc && (r->outcome == SMMUITS_FAULT || r->outcome == SMMUITS_ABORT))
			d->c.msi_faults++;
		else
			d->c.lpis_wrong++;
	} else if (!ok) {
		d->c.dma_faults++;
		d->c.fault_iova = n->txn->iova;
	} else if (n->op == NETDEV_OP_DESC_WRITEBACK) {
		d->c.completions[n->ring]++;
	}
}

void demo_note(void *opaque, const struct netdev_note *n)
{
	struct demo *d = opaque;
	char at[160];

	if (!d->in_packet[n->ring])
		packet_start(d, n->ring, n->rc ? 0 : n->res->cycles);
	count(d, n);
	netrec_txn(&d->rec, n->txn, n->res);
	if (n->rc) {
		fprintf(d->out, "  %s%u %-21s not issued: %s\n", n->ring ? "rx" : "tx", n->index,
			netdev_op_name(n->op), n->err);
		return;
	}
	d->pkt_cycles[n->ring] += n->res->cycles;
	where(n->txn, n->res, at, sizeof(at));
	fprintf(d->out, "  %s%u %-21s %4u B  %s  +%llu cycles\n", n->ring ? "rx" : "tx", n->index,
		netdev_op_name(n->op), n->txn->size, at, (unsigned long long)n->res->cycles);
	if (d->o.explain && n->res->rule)
		fprintf(d->out, "      why: %s\n", n->res->rule);
	/* A packet ends with its MSI, or earlier when its write-back failed. */
	if (n->op == NETDEV_OP_MSI ||
	    (n->op == NETDEV_OP_DESC_WRITEBACK && n->res->outcome != SMMUITS_TRANSLATED &&
	     n->res->outcome != SMMUITS_BYPASS))
		packet_end(d, n->ring);
}

void demo_record_header(struct demo *d)
{
	const char *mode = d->o.unmap_rx ? " --unmap-rx" : d->o.no_doorbell ? " --no-doorbell" :
			   d->o.bypass ? " --bypass" : "";

	netrec_printf(&d->rec,
		      "# focus: net-demo%s: DHCP, ARP and %u pings from the harness NIC (StreamID 0x%x)\n"
		      "# to libslirp, every descriptor, buffer and MSI through the SMMU and the ITS.\n"
		      "# Recorded by `smmuits net-demo --ping %u%s --record FILE` (docs/netdev.md);\n"
		      "# it replays without the NIC or libslirp.  The NIC's registers are not in the\n"
		      "# platform, so the driver's accesses to them are comments.\n"
		      "platform qemu-virt\n", mode, d->o.ping, d->o.sid, d->o.ping, mode);
}

void demo_print_setup(struct demo *d)
{
	const struct netdrv *nd = &d->drv;

	fprintf(d->out, "  NIC MAC %02x:%02x:%02x:%02x:%02x:%02x; rings of %u descriptors, one %u-byte "
		"buffer per page\n", d->mac[0], d->mac[1], d->mac[2], d->mac[3], d->mac[4], d->mac[5],
		NETDRV_RING, NETDRV_BUF_SIZE);
	for (unsigned r = 0; r < 2; r++)
		fprintf(d->out, "  %s ring at DMA address 0x%llx (PA 0x%llx), buffers 0x%llx.. (PA 0x%llx..)\n",
			ring_name[r], (unsigned long long)nd->ring_dma[r],
			(unsigned long long)nd->ring_pa[r], (unsigned long long)nd->buf_dma[r][0],
			(unsigned long long)nd->buf_pa[r][0]);
	fprintf(d->out, "  MSIs written to 0x%llx with data 0 (RX) and 1 (TX)\n",
		(unsigned long long)nd->msi_addr);
	if (d->o.bypass)
		fprintf(d->out, "\nWARNING --bypass: StreamID 0x%x's STE is Config=bypass: the NIC's DMA is "
			"neither translated nor checked.\nIt works, and the device can read and write "
			"ANY physical address.\n", d->o.sid);
	if (d->o.no_doorbell)
		fprintf(d->out, "\n--no-doorbell: nothing is mapped at IOVA 0x%x: every MSI the NIC sends "
			"will fault, and no LPI will come\n", NETDRV_DOORBELL_IOVA);
}

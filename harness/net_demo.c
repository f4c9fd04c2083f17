/* SPDX-License-Identifier: MIT */
/*
 * `smmuits net-demo` (net_demo.h, docs/netdev.md): a guest that gets a DHCP
 * lease, resolves its gateway and pings it, through the harness NIC, whose
 * every descriptor, buffer and MSI goes through the SMMU and the ITS.
 *
 * The run is a loop on the model's clock: slirp's timers, the NIC's work
 * (netdev_poll), then the CPU: when an LPI is pending at its redistributor
 * (the interrupt line), the driver's handler acknowledges it and reaps the
 * rings; when the NIC did work and no interrupt came for IRQ_TIMEOUT
 * cycles, the driver polls the rings, as a watchdog would.  An idle loop
 * advances the clock by IDLE_STEP.  Nothing reads the host's clock.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness/net_demo.h"
#include "harness/net_demo_int.h"

#define IDLE_STEP     1000u     /* 1 us at 1 GHz */
#define IRQ_TIMEOUT   20000u    /* 20 us */
#define REPLY_TIMEOUT 2000000u  /* 2 ms */
#define DHCP_XID      0x534d4d55u

static const uint8_t gw_ip[4] = { 10, 0, 2, 2 };
static const uint8_t want_ip[4] = { 10, 0, 2, 15 };

static int usage(FILE *f, int rc)
{
	fprintf(f, "usage: smmuits net-demo [--ping N] [--record FILE] [--explain] [--sid N] [--cpu N]\n"
		   "                        [--unmap-rx | --no-doorbell | --bypass]\n");
	return rc;
}

static bool num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	*out = strtoul(s, &end, 0);
	return *s && !*end && *out <= max && s[0] != '-';
}

static int parse_opts(int argc, char **argv, struct demo_opts *o)
{
	unsigned long v;
	unsigned faults = 0;

	*o = (struct demo_opts){ .ping = 3, .sid = NETDEV_DEFAULT_SID, .cpu = 1 };
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--ping") && next && num(next, DEMO_MAX_PING, &v) && v)
			o->ping = (unsigned)v, i++;
		else if (!strcmp(a, "--sid") && next && num(next, 0xfeff, &v))
			o->sid = (uint32_t)v, i++;
		else if (!strcmp(a, "--cpu") && next && num(next, 3, &v))
			o->cpu = (unsigned)v, i++;
		else if (!strcmp(a, "--record") && next)
			o->record = next, i++;
		else if (!strcmp(a, "--explain"))
			o->explain = true;
		else if (!strcmp(a, "--unmap-rx"))
			o->unmap_rx = true, faults++;
		else if (!strcmp(a, "--no-doorbell"))
			o->no_doorbell = true, faults++;
		else if (!strcmp(a, "--bypass"))
			o->bypass = true, faults++;
		else
			return -1;
	}
	return faults > 1 ? -1 : 0;
}

/* ---- the guest's stack ------------------------------------------------ */

static int send(struct demo *d, const uint8_t *f, size_t len, struct sm_err *err)
{
	demo_queue_frame(d, NETDEV_RING_TX, f, len);
	return netdrv_send(&d->drv, f, len, err);
}

static void guest_rx(void *opaque, const uint8_t *f, size_t len)
{
	struct demo *d = opaque;
	struct netpkt_info in;
	uint8_t out[NETPKT_MAX];
	struct sm_err e = { 0 };

	netpkt_parse(f, len, &in);
	switch (in.kind) {
	case NETPKT_DHCP:
		if (in.xid != DHCP_XID)
			break;
		if (in.dhcp_type == DHCP_OFFER && !d->offer) {
			d->offer = true;
			memcpy(d->offered, in.yiaddr, 4);
			memcpy(d->server, in.server_id, 4);
		} else if (in.dhcp_type == DHCP_ACK && d->offer) {
			d->lease = true;
			memcpy(d->ip, in.yiaddr, 4);
			d->lease_s = in.lease;
		}
		break;
	case NETPKT_ARP_REPLY:
		if (!memcmp(in.sender_ip, gw_ip, 4)) {
			memcpy(d->gw_mac, in.src_mac, 6);
			d->gw_known = true;
		}
		break;
	case NETPKT_ARP_REQUEST:
		/* slirp asking for us: answer, as any stack must */
		if (d->lease && !memcmp(in.target_ip, d->ip, 4) &&
		    send(d, out, netpkt_arp_reply(out, d->mac, d->ip, in.src_mac, in.sender_ip), &e))
			d->stack_errors++;
		break;
	case NETPKT_ECHO_REPLY:
		if (in.id == d->ping_id && in.seq >= 1 && in.seq <= d->o.ping && in.payload_ok &&
		    !d->answered[in.seq]) {
			d->answered[in.seq] = true;
			d->replies++;
		}
		break;
	default:
		break;
	}
}

/* ---- the loop ---------------------------------------------------------- */

static int service(struct demo *d, bool poll, struct sm_err *err)
{
	unsigned acked;
	int rc = netdrv_service(&d->drv, poll, guest_rx, d, &acked, err);

	/* --unmap-rx: the driver sees the dropped frame and its event, and maps the buffer again. */
	if (!rc && d->o.unmap_rx && d->drv.rx_errors > d->remapped) {
		d->remapped++;
		fprintf(d->out, "  driver: RX descriptor came back DONE|ERR: frame dropped; SMMU event %s "
			"sid=0x%x addr=0x%llx; mapping the buffer again\n", d->drv.last_event,
			d->drv.last_event_sid, (unsigned long long)d->drv.last_event_addr);
		if (d->remapped == 1)
			d->page_intact = demo_page_intact(d);
		rc = netdrv_line(&d->drv, err, "map sid=0x%x iova=0x%llx pa=0x%llx size=0x1000",
				 d->o.sid, (unsigned long long)d->unmapped_iova,
				 (unsigned long long)d->unmapped_pa);
	}
	return rc;
}

static int step(struct demo *d, struct sm_err *err)
{
	uint64_t now;
	unsigned n;
	bool irq;

	netslirp_poll(d->peer);
	n = netdev_poll(d->dev);
	now = smmuits_now(d->sys);
	if (n && !d->work_pending) {
		d->work_pending = true;
		d->work_since = now;
	}
	irq = smmuits_lpi_pending(d->sys, d->o.cpu, NETDRV_LPI_RX) == 1 ||
	      smmuits_lpi_pending(d->sys, d->o.cpu, NETDRV_LPI_TX) == 1;
	if (irq) {
		d->work_pending = false;
		return service(d, false, err);
	}
	if (d->work_pending && now - d->work_since >= IRQ_TIMEOUT) {
		d->work_pending = false;
		d->polls++;
		fprintf(d->out, "  driver: no interrupt %u us after the NIC's last completion: polling "
			"the rings\n", IRQ_TIMEOUT / 1000);
		netrec_printf(&d->rec, "# no interrupt came: the driver polls its rings\n");
		return service(d, true, err);
	}
	if (!n)
		smmuits_advance(d->sys, IDLE_STEP);
	return SM_OK;
}

static int wait_for(struct demo *d, const bool *flag, uint64_t timeout, struct sm_err *err)
{
	uint64_t deadline = smmuits_now(d->sys) + timeout;
	int rc = SM_OK;

	while (!rc && !*flag && smmuits_now(d->sys) < deadline)
		rc = step(d, err);
	return rc;
}

static int dhcp_arp(struct demo *d, struct sm_err *err)
{
	uint8_t f[NETPKT_MAX];
	int rc;

	fprintf(d->out, "\n== DHCP\n");
	rc = send(d, f, netpkt_dhcp(f, DHCP_DISCOVER, d->mac, DHCP_XID, NULL, NULL), err);
	rc = rc ? rc : wait_for(d, &d->offer, REPLY_TIMEOUT * 5, err);
	if (rc || !d->offer)
		return rc;
	rc = send(d, f, netpkt_dhcp(f, DHCP_REQUEST, d->mac, DHCP_XID, d->offered, d->server), err);
	rc = rc ? rc : wait_for(d, &d->lease, REPLY_TIMEOUT * 5, err);
	if (rc || !d->lease)
		return rc;
	fprintf(d->out, "\n== ARP\n");
	rc = send(d, f, netpkt_arp_request(f, d->mac, d->ip, gw_ip), err);
	return rc ? rc : wait_for(d, &d->gw_known, REPLY_TIMEOUT, err);
}

static int pings(struct demo *d, struct sm_err *err)
{
	uint8_t f[NETPKT_MAX];
	int rc = SM_OK;

	if (d->o.unmap_rx) {
		rc = netdrv_unmap_next_rx(&d->drv, &d->unmapped_iova, &d->unmapped_pa, err);
		if (rc)
			return rc;
		fprintf(d->out, "\n--unmap-rx: the driver unmapped RX buffer %u (IOVA 0x%llx -> PA 0x%llx) "
			"before the next frame arrives\n", d->drv.rx_next,
			(unsigned long long)d->unmapped_iova, (unsigned long long)d->unmapped_pa);
	}
	fprintf(d->out, "\n== ping 10.0.2.2, %u times\n", d->o.ping);
	for (unsigned seq = 1; seq <= d->o.ping && !rc; seq++) {
		rc = send(d, f, netpkt_echo_request(f, d->mac, d->gw_mac, d->ip, gw_ip, d->ping_id,
						    (uint16_t)seq), err);
		rc = rc ? rc : wait_for(d, &d->answered[seq], REPLY_TIMEOUT, err);
		if (!rc && !d->answered[seq])
			fprintf(d->out, "  ping %u: no reply within %u ms\n", seq, REPLY_TIMEOUT / 1000000);
	}
	/* Let the last completions and their interrupts finish. */
	for (uint64_t end = smmuits_now(d->sys) + 2 * IRQ_TIMEOUT; !rc && smmuits_now(d->sys) < end;)
		rc = step(d, err);
	return rc;
}

/* ---- set-up ------------------------------------------------------------ */

static void to_guest(void *opaque, const uint8_t *f, size_t len)
{
	struct demo *d = opaque;

	if (netdev_rx_frame(d->dev, f, len) == 0)
		demo_queue_frame(d, NETDEV_RING_RX, f, len);
}

static void to_wire(void *opaque, const uint8_t *f, size_t len)
{
	struct demo *d = opaque;

	netslirp_input(d->peer, f, len);
}

static int setup(struct demo *d, struct sm_err *err)
{
	char msg[256];
	struct netdev_config nc = {
		.base = NETDEV_DEFAULT_BASE, .sid = d->o.sid,
		.mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
		.tx_frame = to_wire, .observe = demo_note, .opaque = d,
	};
	struct netslirp_config sc = { .to_guest = to_guest, .opaque = d };
	struct netdrv_config dc = {
		.base = NETDEV_DEFAULT_BASE, .sid = d->o.sid, .cpu = d->o.cpu,
		.bypass = d->o.bypass, .no_doorbell = d->o.no_doorbell, .rec = &d->rec,
		.explain = d->o.explain ? d->out : NULL,
	};
	uint32_t mac[2];
	int rc;

	if (smmuits_create(NULL, &d->sys, msg, sizeof(msg)) ||
	    (nc.sys = sc.sys = dc.sys = d->sys, netdev_create(&nc, &d->dev, msg, sizeof(msg))) ||
	    netslirp_create(&sc, &d->peer, msg, sizeof(msg)))
		return sm_err_set(err, SM_EINVAL, "%s", msg);
	fprintf(d->out, "net-demo: NIC at 0x%08x (StreamID 0x%x), LPIs %u (RX) and %u (TX) at cpu%u, "
		"libslirp peer 10.0.2.2\n", NETDEV_DEFAULT_BASE, d->o.sid, NETDRV_LPI_RX, NETDRV_LPI_TX,
		d->o.cpu);
	fprintf(d->out, "\n== bring-up: SMMU, ITS, NIC (driver lines, docs/driver.md)\n");
	if ((rc = netdrv_init(&d->drv, &dc, err)))
		return rc;
	rc = netdrv_reg_read(&d->drv, NETDEV_MAC_LO, &mac[0], err);
	rc = rc ? rc : netdrv_reg_read(&d->drv, NETDEV_MAC_HI, &mac[1], err);
	for (unsigned i = 0; i < 6; i++)
		d->mac[i] = (uint8_t)((i < 4 ? mac[0] : mac[1]) >> (8 * (i % 4)));
	d->ping_id = 0x5a17;
	demo_print_setup(d);
	return rc;
}

int net_demo_main(int argc, char **argv)
{
	struct demo *d = calloc(1, sizeof(*d));
	struct sm_err err = { 0 };
	int rc, status;

	if (!d)
		return 2;
	d->out = stdout;
	if (parse_opts(argc, argv, &d->o)) {
		free(d);
		return usage(stderr, 2);
	}
	if (d->o.record && !(d->rec.f = fopen(d->o.record, "w"))) {
		fprintf(stderr, "smmuits: cannot write %s\n", d->o.record);
		free(d);
		return 2;
	}
	demo_record_header(d);
	rc = setup(d, &err);
	rc = rc ? rc : dhcp_arp(d, &err);
	if (!rc && d->gw_known)
		rc = pings(d, &err);
	if (!rc && d->o.bypass)
		rc = demo_bypass_probe(d, &err);
	if (rc) {
		fprintf(stderr, "smmuits: net-demo: %s\n", err.msg);
		status = 2;
	} else {
		status = demo_checks(d, gw_ip, want_ip) ? 0 : 1;
	}
	if (d->rec.f && (fclose(d->rec.f) || d->rec.error)) {
		fprintf(stderr, "smmuits: writing %s failed\n", d->o.record);
		status = 2;
	}
	netslirp_destroy(d->peer);
	smmuits_destroy(d->sys);
	netdev_destroy(d->dev);
	free(d);
	return status;
}

/* SPDX-License-Identifier: MIT */
/*
 * The NIC's wire, for the demo: libslirp, a user-mode TCP/IP peer in this
 * process.  Its virtual network is 10.0.2.0/24, gateway 10.0.2.2, DNS
 * 10.0.2.3, built-in DHCP from 10.0.2.15; restricted mode, no IPv6, so
 * nothing ever reaches the host's network.  ARP, DHCP and ICMP echo to the
 * gateway are answered by slirp itself.
 *
 * Time is the model's: slirp's clock is the system's cycle count read as
 * nanoseconds (a 1 GHz clock), and its timers fire only from netslirp_poll,
 * so a run is the same every time.
 */
#ifndef SMMUITS_NETDEV_SLIRP_H
#define SMMUITS_NETDEV_SLIRP_H

#include <stddef.h>
#include <stdint.h>

#include "smmuits.h"

struct netslirp;

struct netslirp_config {
	struct smmuits *sys;    /* the clock */
	/* A frame slirp sends to the guest (it goes to the NIC's RX side). */
	void (*to_guest)(void *opaque, const uint8_t *frame, size_t len);
	void *opaque;
};

int netslirp_create(const struct netslirp_config *cfg, struct netslirp **out, char *err,
		    size_t errlen);
void netslirp_destroy(struct netslirp *ns);
/* A frame the guest sent (the NIC's TX side). */
void netslirp_input(struct netslirp *ns, const uint8_t *frame, size_t len);
/* Fire the timers that are due at the model's current time. */
void netslirp_poll(struct netslirp *ns);
/* Messages slirp reported about guest misbehaviour (0 in a clean run). */
unsigned netslirp_guest_errors(const struct netslirp *ns);

#endif

/* SPDX-License-Identifier: MIT */
/* The net-demo's state, shared by net_demo.c, net_demo_path.c and net_demo_check.c. */
#ifndef SMMUITS_NET_DEMO_INT_H
#define SMMUITS_NET_DEMO_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "harness/netdev.h"
#include "harness/netdev_slirp.h"
#include "harness/netdrv.h"
#include "harness/netpkt.h"
#include "harness/netrec.h"

#define DEMO_MAX_PING 64
#define DEMO_QUEUE    32   /* frame descriptions waiting for the NIC, per direction */

struct demo_opts {
	unsigned ping;
	const char *record;
	bool explain, unmap_rx, no_doorbell, bypass;
	uint32_t sid;
	unsigned cpu;
};

/* What the NIC's transactions did, counted from the NIC's side. */
struct demo_counts {
	unsigned completions[2];  /* write-backs that landed, by ring */
	unsigned msis[2];         /* MSIs issued, by ring */
	unsigned lpis_ok[2];      /* MSIs that became our LPI at our CPU */
	unsigned lpis_wrong;      /* MSIs that became another LPI, or went elsewhere */
	unsigned msi_faults;      /* MSIs the SMMU refused */
	unsigned dma_faults;      /* descriptor/buffer DMAs the SMMU refused */
	uint64_t fault_iova;
	unsigned bypassed;        /* transactions that went through untranslated */
};

struct demo {
	struct demo_opts o;
	FILE *out;
	struct smmuits *sys;
	struct netdev *dev;
	struct netslirp *peer;
	struct netdrv drv;
	struct netrec rec;
	/* descriptions of the frames in flight, to head each packet's path */
	char q[2][DEMO_QUEUE][112];
	unsigned qh[2], qn[2], npkt[2];
	bool in_packet[2];
	uint64_t pkt_start[2], pkt_cycles[2];
	struct demo_counts c;
	/* the guest's stack */
	uint8_t mac[6], ip[4], offered[4], server[4], gw_mac[6];
	bool offer, lease, gw_known;
	uint32_t lease_s;
	uint16_t ping_id;
	bool answered[DEMO_MAX_PING + 1];
	unsigned replies, stack_errors;
	/* the loop */
	bool work_pending;
	uint64_t work_since;
	unsigned polls, remapped;
	uint64_t unmapped_iova, unmapped_pa;
	bool page_intact;         /* checked when the fault is seen, before the buffer is mapped again */
	bool probe_bypassed;
	uint64_t probe_pa;
};

/* net_demo_path.c: printing and recording what happens */
void demo_queue_frame(struct demo *d, enum netdev_ring_id ring, const uint8_t *f, size_t len);
void demo_note(void *opaque, const struct netdev_note *n);
void demo_record_header(struct demo *d);
void demo_print_setup(struct demo *d);

/* net_demo_check.c: the run's self-checks, and --bypass's stray DMA */
int demo_bypass_probe(struct demo *d, struct sm_err *err);
bool demo_checks(struct demo *d, const uint8_t gw[4], const uint8_t want_ip[4]);
/* --unmap-rx: the unmapped buffer's page still holds its 0x5a pattern (checked reads, recorded). */
bool demo_page_intact(struct demo *d);

#endif

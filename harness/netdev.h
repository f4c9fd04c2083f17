/* SPDX-License-Identifier: MIT */
/*
 * The harness NIC: a small DMA-capable network device (docs/netdev.md).  Its
 * registers live in an MMIO window of the system (smmuits_map_mmio); its
 * descriptors and buffers live in IOVA space and every access to them is a
 * device transaction through the SMMU (smmuits_txn, the path of a trace's
 * `dma` lines), and it signals completions with MSIs (the path of `msi`
 * lines).  The wire is a callback: what the NIC sends goes to tx_frame, what
 * arrives comes in through netdev_rx_frame.  Nothing runs on its own: the
 * owner calls netdev_poll, so a run is deterministic.
 */
#ifndef SMMUITS_NETDEV_H
#define SMMUITS_NETDEV_H

#include <stddef.h>
#include <stdint.h>

#include "harness/netdev_regs.h"
#include "smmuits.h"

enum netdev_op {
	NETDEV_OP_DESC_FETCH,     /* a 16-byte descriptor read */
	NETDEV_OP_BUF_READ,       /* TX: the frame, from the buffer */
	NETDEV_OP_BUF_WRITE,      /* RX: the frame, into the buffer */
	NETDEV_OP_DESC_WRITEBACK, /* dword 1 with DONE (and ERR) */
	NETDEV_OP_MSI,            /* the completion's MSI */
};

enum netdev_ring_id { NETDEV_RING_TX, NETDEV_RING_RX };

/* One transaction the NIC issued, as an observer sees it. */
struct netdev_note {
	enum netdev_op op;
	enum netdev_ring_id ring;
	unsigned index;                       /* descriptor index in the ring */
	const struct smmuits_txn *txn;        /* what was issued, data included */
	const struct smmuits_txn_result *res; /* where it went (valid when rc == 0) */
	int rc;                               /* smmuits_txn's code: non-zero = not issued */
	const char *err;                      /* why it was not issued */
};

struct netdev_config {
	struct smmuits *sys;
	uint64_t base;             /* the register window (NETDEV_WINDOW_SIZE bytes) */
	uint32_t sid;              /* the StreamID of all its transactions */
	uint8_t mac[6];
	void (*tx_frame)(void *opaque, const uint8_t *frame, size_t len);
	void (*observe)(void *opaque, const struct netdev_note *n); /* may be NULL */
	void *opaque;
};

struct netdev;

/* 0, or a negative code with a sentence in err (the window could not be mapped...). */
int netdev_create(const struct netdev_config *cfg, struct netdev **out, char *err, size_t errlen);
/* The window stays mapped for the system's life: destroy the system first, or stop using the window. */
void netdev_destroy(struct netdev *nd);

/*
 * A frame from the wire.  It waits in the NIC's FIFO (NETDEV_RX_FIFO frames)
 * until an RX descriptor takes it.  Returns 0, or 1 when it was dropped (FIFO
 * full, or longer than NETDEV_MAX_FRAME); drops are counted in STAT_RX_DROPS.
 */
#define NETDEV_RX_FIFO 16
int netdev_rx_frame(struct netdev *nd, const uint8_t *frame, size_t len);

/* Do what the registers ask: TX descriptors, then queued RX frames. Returns descriptors finished. */
unsigned netdev_poll(struct netdev *nd);

/* Names for printing. */
const char *netdev_op_name(enum netdev_op op);

#endif

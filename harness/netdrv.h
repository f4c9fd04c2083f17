/* SPDX-License-Identifier: MIT */
/*
 * The guest's driver for the harness NIC (docs/netdev.md).  Like every
 * harness driver it reaches the model only through CPU register and memory
 * accesses.  It sets up the SMMU and the ITS with the trace driver's own
 * lines (harness/driver.c, driver_its.c: smmu-init, ste, cd, map, gic-init,
 * its-init, its-mapd, its-mapti, msi-doorbell), so a recording of the run
 * holds exactly the lines it ran.  Then it owns two rings of NETDRV_RING
 * descriptors with one 2 KiB buffer per 4 KiB page, like a driver that
 * dma_map_page()s each buffer.
 */
#ifndef SMMUITS_NETDRV_H
#define SMMUITS_NETDRV_H

#include <stdbool.h>
#include <stdio.h>

#include "harness/driver.h"
#include "harness/netdev.h"
#include "harness/netrec.h"

#define NETDRV_RING     8u
#define NETDRV_BUF_SIZE 2048u
/* Where the driver keeps rings and buffers: PAs below the trace driver's heap, IOVAs its own. */
#define NETDRV_DMA_PA   0x48000000u
#define NETDRV_RING_IOVA 0x00100000u
#define NETDRV_TXBUF_IOVA 0x00110000u
#define NETDRV_RXBUF_IOVA 0x00120000u
#define NETDRV_DOORBELL_IOVA 0x08000000u   /* Linux's MSI_IOVA_BASE, the msi-doorbell default */
#define NETDRV_ASID     1u
#define NETDRV_LPI_RX   8192u             /* EventID 0 */
#define NETDRV_LPI_TX   8193u             /* EventID 1 */

struct netdrv_config {
	struct smmuits *sys;
	uint64_t base;          /* the NIC's registers */
	uint32_t sid;           /* its StreamID (= DeviceID on qemu-virt) */
	unsigned cpu;           /* where its LPIs go */
	bool bypass;            /* STE.Config = bypass: DMA addresses are PAs */
	bool no_doorbell;       /* leave the MSI doorbell unmapped */
	struct netrec *rec;     /* may be NULL */
	FILE *explain;          /* each driver line and what it did; may be NULL */
};

struct netdrv {
	struct netdrv_config cfg;
	struct driver drv;
	uint64_t ring_pa[2], ring_dma[2];              /* by enum netdev_ring_id */
	uint64_t buf_pa[2][NETDRV_RING], buf_dma[2][NETDRV_RING];
	uint32_t tx_tail, tx_clean, rx_next;
	uint64_t msi_addr;
	/* what happened, for the demo's checks */
	unsigned acked[2];         /* LPIs acknowledged: [RX], [TX] */
	unsigned spurious;         /* acknowledges that found another INTID */
	unsigned rx_frames, rx_errors, tx_done, tx_errors;
	unsigned events;           /* SMMU event records read */
	char last_event[32];
	uint64_t last_event_addr;
	uint32_t last_event_sid;
};

int netdrv_init(struct netdrv *nd, const struct netdrv_config *cfg, struct sm_err *err);
/* Run one trace driver line (formatted), and record it. */
int netdrv_line(struct netdrv *nd, struct sm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Queue a frame: write the buffer and descriptor, then TX TAIL.  SM_ERANGE when the ring is full. */
int netdrv_send(struct netdrv *nd, const uint8_t *frame, size_t len, struct sm_err *err);

typedef void (*netdrv_rx_fn)(void *opaque, const uint8_t *frame, size_t len);
/*
 * The interrupt handler and its bottom half: read the SMMU event queue,
 * acknowledge every pending LPI at our CPU, then, for RX and TX LPIs (or
 * always with poll=true), reap the rings: each received frame goes to rx,
 * and its buffer is given back.  Returns how many LPIs it acknowledged.
 */
int netdrv_service(struct netdrv *nd, bool poll, netdrv_rx_fn rx, void *opaque, unsigned *acked,
		   struct sm_err *err);
/* The --unmap-rx fault: unmap the next RX buffer's page (and invalidate it), as a buggy driver would. */
int netdrv_unmap_next_rx(struct netdrv *nd, uint64_t *iova, uint64_t *pa, struct sm_err *err);
/* Register access, recorded as a comment (the NIC is not in the trace's platform). */
int netdrv_reg_read(struct netdrv *nd, uint32_t off, uint32_t *v, struct sm_err *err);
/* Check memory the NIC should not have touched: read64s that are also recorded with expect=. */
int netdrv_check_qword(struct netdrv *nd, uint64_t pa, uint64_t want, bool *ok, struct sm_err *err);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The harness NIC (docs/netdev.md): registers in an MMIO window, two
 * descriptor rings in IOVA space, DMA and MSIs through the SMMU.
 *
 * Every descriptor and buffer access is one smmuits_txn from the NIC's
 * StreamID, cut into bursts of at most NETDEV_MAX_BURST bytes that never
 * cross 4 KiB (AXI).  A transaction the SMMU terminates (abort or fault)
 * comes back to the NIC as an error response, as an AXI SLVERR does:
 *   - descriptor fetch or write-back refused: that ring stops
 *     (STATUS.TX_STOP/RX_STOP) until software writes its BASE or LEN again;
 *   - buffer DMA refused: the descriptor completes with DONE|ERR, the frame
 *     is not sent (TX) or is dropped (RX, no later burst is issued);
 *   - MSI refused: counted in STAT_MSI_ERRS, the completion stands.
 * FAULT_ADDR keeps the IOVA of the last refused DMA.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/netdev.h"
#include "model/err.h"
#include "model/mem.h"

struct netdev_ring {
	uint64_t base;
	uint32_t len, head, tail;
	bool stopped;
};

struct netdev_frame {
	uint16_t len;
	uint8_t data[NETDEV_MAX_FRAME];
};

struct netdev {
	struct netdev_config cfg;
	uint32_t ctrl, irq_en, msi_data[2];
	uint64_t msi_addr, fault_addr;
	struct netdev_ring ring[2];          /* NETDEV_RING_TX, NETDEV_RING_RX */
	uint32_t rx_pkts, tx_pkts, rx_drops, dma_errs, msi_errs;
	struct netdev_frame fifo[NETDEV_RX_FIFO];
	unsigned fifo_head, fifo_count;
	uint8_t frame[NETDEV_MAX_FRAME];     /* the TX frame being gathered */
};

static const uint32_t ring_reg[2] = { NETDEV_TX, NETDEV_RX };

const char *netdev_op_name(enum netdev_op op)
{
	switch (op) {
	case NETDEV_OP_DESC_FETCH:     return "descriptor fetch";
	case NETDEV_OP_BUF_READ:       return "buffer read";
	case NETDEV_OP_BUF_WRITE:      return "buffer write";
	case NETDEV_OP_DESC_WRITEBACK: return "descriptor write-back";
	case NETDEV_OP_MSI:            return "MSI";
	}
	return "?";
}

static void reset(struct netdev *nd)
{
	nd->ctrl = nd->irq_en = 0;
	nd->msi_data[0] = nd->msi_data[1] = 0;
	nd->msi_addr = nd->fault_addr = 0;
	memset(nd->ring, 0, sizeof(nd->ring));
	nd->rx_pkts = nd->tx_pkts = nd->rx_drops = nd->dma_errs = nd->msi_errs = 0;
	nd->fifo_head = nd->fifo_count = 0;
}

/* ---- registers ---------------------------------------------------------- */

static uint32_t ring_read(const struct netdev_ring *r, uint64_t off)
{
	switch (off) {
	case NETDEV_RING_BASE_LO: return (uint32_t)r->base;
	case NETDEV_RING_BASE_HI: return (uint32_t)(r->base >> 32);
	case NETDEV_RING_LEN:     return r->len;
	case NETDEV_RING_HEAD:    return r->head;
	case NETDEV_RING_TAIL:    return r->tail;
	}
	return 0;
}

/*
 * BASE and LEN writes restart the ring at descriptor 0 (and clear a stop);
 * a LEN that is not a power of two in 2..256, or a TAIL outside the ring,
 * is ignored.
 */
static void ring_write(struct netdev_ring *r, uint64_t off, uint32_t v)
{
	switch (off) {
	case NETDEV_RING_BASE_LO:
		r->base = (r->base & ~UINT64_C(0xffffffff)) | (v & ~(NETDEV_DESC_SIZE - 1));
		break;
	case NETDEV_RING_BASE_HI:
		r->base = (r->base & UINT64_C(0xffffffff)) | (uint64_t)v << 32;
		break;
	case NETDEV_RING_LEN:
		if (v < 2 || v > NETDEV_RING_MAX || (v & (v - 1)))
			return;
		r->len = v;
		break;
	case NETDEV_RING_TAIL:
		if (v < r->len)
			r->tail = v;
		return;
	default:
		return;
	}
	r->head = r->tail = 0;
	r->stopped = false;
}

static uint32_t reg_read(const struct netdev *nd, uint64_t off)
{
	const uint8_t *m = nd->cfg.mac;

	for (unsigned i = 0; i < 2; i++)
		if (off >= ring_reg[i] && off < ring_reg[i] + 0x20)
			return ring_read(&nd->ring[i], off - ring_reg[i]);
	switch (off) {
	case NETDEV_ID:            return NETDEV_ID_VALUE;
	case NETDEV_VERSION:       return NETDEV_VERSION_VALUE;
	case NETDEV_MAC_LO:        return (uint32_t)mem_le_get(m, 4);
	case NETDEV_MAC_HI:        return (uint32_t)mem_le_get(m + 4, 2);
	case NETDEV_CTRL:          return nd->ctrl;
	case NETDEV_STATUS:
		return (uint32_t)(NETDEV_STATUS_LINK |
				  (nd->ring[NETDEV_RING_TX].stopped ? NETDEV_STATUS_TX_STOP : 0) |
				  (nd->ring[NETDEV_RING_RX].stopped ? NETDEV_STATUS_RX_STOP : 0));
	case NETDEV_IRQ_EN:        return nd->irq_en;
	case NETDEV_MSI_ADDR_LO:   return (uint32_t)nd->msi_addr;
	case NETDEV_MSI_ADDR_HI:   return (uint32_t)(nd->msi_addr >> 32);
	case NETDEV_MSI_DATA_RX:   return nd->msi_data[NETDEV_RING_RX];
	case NETDEV_MSI_DATA_TX:   return nd->msi_data[NETDEV_RING_TX];
	case NETDEV_FAULT_ADDR_LO: return (uint32_t)nd->fault_addr;
	case NETDEV_FAULT_ADDR_HI: return (uint32_t)(nd->fault_addr >> 32);
	case NETDEV_STAT_RX_PKTS:  return nd->rx_pkts;
	case NETDEV_STAT_TX_PKTS:  return nd->tx_pkts;
	case NETDEV_STAT_RX_DROPS: return nd->rx_drops;
	case NETDEV_STAT_DMA_ERRS: return nd->dma_errs;
	case NETDEV_STAT_MSI_ERRS: return nd->msi_errs;
	}
	return 0; /* reserved: RAZ */
}

static void reg_write(struct netdev *nd, uint64_t off, uint32_t v)
{
	for (unsigned i = 0; i < 2; i++)
		if (off >= ring_reg[i] && off < ring_reg[i] + 0x20) {
			ring_write(&nd->ring[i], off - ring_reg[i], v);
			return;
		}
	switch (off) {
	case NETDEV_CTRL:
		if (v & NETDEV_CTRL_RESET)
			reset(nd);
		else
			nd->ctrl = v & (uint32_t)(NETDEV_CTRL_RX_EN | NETDEV_CTRL_TX_EN);
		break;
	case NETDEV_IRQ_EN:
		nd->irq_en = v & (uint32_t)(NETDEV_IRQ_RX | NETDEV_IRQ_TX);
		break;
	case NETDEV_MSI_ADDR_LO:
		nd->msi_addr = (nd->msi_addr & ~UINT64_C(0xffffffff)) | v;
		break;
	case NETDEV_MSI_ADDR_HI:
		nd->msi_addr = (nd->msi_addr & UINT64_C(0xffffffff)) | (uint64_t)v << 32;
		break;
	case NETDEV_MSI_DATA_RX:
		nd->msi_data[NETDEV_RING_RX] = v;
		break;
	case NETDEV_MSI_DATA_TX:
		nd->msi_data[NETDEV_RING_TX] = v;
		break;
	default:
		break; /* read-only and reserved: WI */
	}
}

/* 32-bit registers only: another size is refused, so a driver bug shows. */
static int mmio_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
	if (size != 4)
		return SM_EINVAL;
	*val = reg_read(opaque, off);
	return SM_OK;
}

static int mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	if (size != 4)
		return SM_EINVAL;
	reg_write(opaque, off, (uint32_t)val);
	return SM_OK;
}

static const struct smmuits_mmio_ops netdev_mmio_ops = { mmio_read, mmio_write };

/* ---- DMA ---------------------------------------------------------------- */

/* One transaction; true when it was performed (translated or bypassed, or an MSI delivered). */
static bool dma(struct netdev *nd, enum netdev_op op, enum netdev_ring_id ring, uint64_t iova,
		void *data, unsigned size, bool write)
{
	struct smmuits_txn t = {
		.sid = nd->cfg.sid, .iova = iova, .size = size, .write = write,
		.msi = op == NETDEV_OP_MSI, .data = data,
	};
	struct smmuits_txn_result res;
	char err[160] = "";
	struct netdev_note n = {
		.op = op, .ring = ring, .index = nd->ring[ring].head, .txn = &t, .res = &res,
		.err = err,
	};
	bool ok;

	n.rc = smmuits_txn(nd->cfg.sys, &t, &res, err, sizeof(err));
	if (n.rc)
		ok = false;
	else if (op == NETDEV_OP_MSI)
		ok = res.outcome == SMMUITS_LPI || res.outcome == SMMUITS_MEM ||
		     res.outcome == SMMUITS_ITS_DROP; /* the write was accepted where it landed */
	else
		ok = res.outcome == SMMUITS_TRANSLATED || res.outcome == SMMUITS_BYPASS;
	if (nd->cfg.observe)
		nd->cfg.observe(nd->cfg.opaque, &n);
	if (!ok && op == NETDEV_OP_MSI) {
		nd->msi_errs++;
	} else if (!ok) {
		nd->dma_errs++;
		nd->fault_addr = iova;
	}
	return ok;
}

/* A buffer, in bursts of at most NETDEV_MAX_BURST bytes that do not cross 4 KiB; stops at a refusal. */
static bool dma_buf(struct netdev *nd, enum netdev_op op, enum netdev_ring_id ring, uint64_t iova,
		    uint8_t *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint64_t a = iova + done;
		size_t n = 0x1000 - (a & 0xfff);

		if (n > NETDEV_MAX_BURST)
			n = NETDEV_MAX_BURST;
		if (n > len - done)
			n = len - done;
		if (!dma(nd, op, ring, a, buf + done, (unsigned)n, op == NETDEV_OP_BUF_WRITE))
			return false;
		done += n;
	}
	return true;
}

static bool desc_fetch(struct netdev *nd, enum netdev_ring_id ring, uint64_t d[2])
{
	struct netdev_ring *r = &nd->ring[ring];
	uint8_t b[NETDEV_DESC_SIZE];

	if (!dma(nd, NETDEV_OP_DESC_FETCH, ring, r->base + (uint64_t)r->head * NETDEV_DESC_SIZE, b,
		 sizeof(b), false)) {
		r->stopped = true;
		return false;
	}
	d[0] = mem_le_get(b, 8);
	d[1] = mem_le_get(b + 8, 8);
	return true;
}

/* Write dword 1 back, move HEAD on, and signal: one finished descriptor. */
static bool desc_complete(struct netdev *nd, enum netdev_ring_id ring, uint64_t len, bool err)
{
	struct netdev_ring *r = &nd->ring[ring];
	uint64_t d1 = FIELD_PREP(NETDEV_DESC_1_LEN, len) | NETDEV_DESC_1_DONE |
		      (err ? NETDEV_DESC_1_ERR : 0);
	uint8_t b[8], m[4];

	mem_le_put(b, 8, d1);
	if (!dma(nd, NETDEV_OP_DESC_WRITEBACK, ring,
		 r->base + (uint64_t)r->head * NETDEV_DESC_SIZE + 8, b, 8, true)) {
		r->stopped = true;
		return false;
	}
	if ((nd->irq_en & (ring == NETDEV_RING_RX ? NETDEV_IRQ_RX : NETDEV_IRQ_TX)) && nd->msi_addr) {
		mem_le_put(m, 4, nd->msi_data[ring]);
		dma(nd, NETDEV_OP_MSI, ring, nd->msi_addr, m, 4, true);
	}
	r->head = (r->head + 1) & (r->len - 1);
	return true;
}

static bool tx_one(struct netdev *nd)
{
	uint64_t d[2];
	size_t len;
	bool err;

	if (!desc_fetch(nd, NETDEV_RING_TX, d))
		return false;
	len = (size_t)FIELD_GET(NETDEV_DESC_1_LEN, d[1]);
	/* A frame the wire cannot carry is an error, not a DMA. */
	err = len == 0 || len > NETDEV_MAX_FRAME ||
	      !dma_buf(nd, NETDEV_OP_BUF_READ, NETDEV_RING_TX, d[0], nd->frame, len);
	if (!err) {
		nd->tx_pkts++;
		nd->cfg.tx_frame(nd->cfg.opaque, nd->frame, len);
	}
	return desc_complete(nd, NETDEV_RING_TX, len, err);
}

static bool rx_one(struct netdev *nd)
{
	struct netdev_frame *f = &nd->fifo[nd->fifo_head];
	uint64_t d[2];
	bool err;

	if (!desc_fetch(nd, NETDEV_RING_RX, d))
		return false;
	err = f->len > FIELD_GET(NETDEV_DESC_1_LEN, d[1]) ||
	      !dma_buf(nd, NETDEV_OP_BUF_WRITE, NETDEV_RING_RX, d[0], f->data, f->len);
	if (err)
		nd->rx_drops++;
	else
		nd->rx_pkts++;
	nd->fifo_head = (nd->fifo_head + 1) % NETDEV_RX_FIFO;
	nd->fifo_count--;
	return desc_complete(nd, NETDEV_RING_RX, err ? 0 : f->len, err);
}

static bool ring_ready(const struct netdev *nd, enum netdev_ring_id ring, uint32_t en)
{
	const struct netdev_ring *r = &nd->ring[ring];

	return (nd->ctrl & en) && r->len && !r->stopped && r->head != r->tail;
}

unsigned netdev_poll(struct netdev *nd)
{
	unsigned n = 0;

	while (ring_ready(nd, NETDEV_RING_TX, NETDEV_CTRL_TX_EN) && tx_one(nd))
		n++;
	while (nd->fifo_count && ring_ready(nd, NETDEV_RING_RX, NETDEV_CTRL_RX_EN) && rx_one(nd))
		n++;
	return n;
}

int netdev_rx_frame(struct netdev *nd, const uint8_t *frame, size_t len)
{
	struct netdev_frame *f;

	if (len > NETDEV_MAX_FRAME || nd->fifo_count == NETDEV_RX_FIFO) {
		nd->rx_drops++;
		return 1;
	}
	f = &nd->fifo[(nd->fifo_head + nd->fifo_count) % NETDEV_RX_FIFO];
	f->len = (uint16_t)len;
	memcpy(f->data, frame, len);
	nd->fifo_count++;
	return 0;
}

int netdev_create(const struct netdev_config *cfg, struct netdev **out, char *err, size_t errlen)
{
	struct netdev *nd;
	int rc;

	*out = NULL;
	if (!cfg->sys || !cfg->tx_frame) {
		snprintf(err, errlen, "netdev needs a system and a tx_frame callback");
		return SM_EINVAL;
	}
	nd = calloc(1, sizeof(*nd));
	if (!nd) {
		snprintf(err, errlen, "out of memory");
		return SM_ENOMEM;
	}
	nd->cfg = *cfg;
	reset(nd);
	rc = smmuits_map_mmio(cfg->sys, "netdev", cfg->base, NETDEV_WINDOW_SIZE, &netdev_mmio_ops, nd,
			      err, errlen);
	if (rc) {
		free(nd);
		return rc;
	}
	*out = nd;
	return SM_OK;
}

void netdev_destroy(struct netdev *nd)
{
	free(nd);
}

/* SPDX-License-Identifier: MIT */
/*
 * The guest driver of the harness NIC (netdrv.h).  Bring-up runs the trace
 * driver's lines; after that, everything is a register or memory access,
 * and every one of them that a trace can express is recorded (netrec.h).
 */
#include <stdarg.h>
#include <string.h>

#include "harness/netdrv.h"
#include "its/its_regs.h"
#include "model/mem.h"
#include "model/platform.h"
#include "smmu/smmu_event.h"

static const struct { uint32_t off; const char *name; } reg_names[] = {
	{ NETDEV_ID, "ID" }, { NETDEV_MAC_LO, "MAC_LO" }, { NETDEV_MAC_HI, "MAC_HI" },
	{ NETDEV_CTRL, "CTRL" }, { NETDEV_STATUS, "STATUS" }, { NETDEV_IRQ_EN, "IRQ_EN" },
	{ NETDEV_MSI_ADDR_LO, "MSI_ADDR_LO" }, { NETDEV_MSI_ADDR_HI, "MSI_ADDR_HI" },
	{ NETDEV_MSI_DATA_RX, "MSI_DATA_RX" }, { NETDEV_MSI_DATA_TX, "MSI_DATA_TX" },
	{ NETDEV_TX + NETDEV_RING_BASE_LO, "TX_BASE_LO" }, { NETDEV_TX + NETDEV_RING_BASE_HI, "TX_BASE_HI" },
	{ NETDEV_TX + NETDEV_RING_LEN, "TX_LEN" }, { NETDEV_TX + NETDEV_RING_TAIL, "TX_TAIL" },
	{ NETDEV_RX + NETDEV_RING_BASE_LO, "RX_BASE_LO" }, { NETDEV_RX + NETDEV_RING_BASE_HI, "RX_BASE_HI" },
	{ NETDEV_RX + NETDEV_RING_LEN, "RX_LEN" }, { NETDEV_RX + NETDEV_RING_TAIL, "RX_TAIL" },
	{ NETDEV_FAULT_ADDR_LO, "FAULT_ADDR_LO" }, { NETDEV_STAT_RX_DROPS, "STAT_RX_DROPS" },
	{ NETDEV_STAT_MSI_ERRS, "STAT_MSI_ERRS" }, { NETDEV_STAT_DMA_ERRS, "STAT_DMA_ERRS" },
};

static const char *reg_name(uint32_t off)
{
	for (size_t i = 0; i < sizeof(reg_names) / sizeof(reg_names[0]); i++)
		if (reg_names[i].off == off)
			return reg_names[i].name;
	return "?";
}

static int reg_write(struct netdrv *nd, uint32_t off, uint32_t v, struct sm_err *err)
{
	netrec_printf(nd->cfg.rec, "# nic %s <- 0x%x\n", reg_name(off), v);
	if (smmuits_write(nd->cfg.sys, nd->cfg.base + off, 4, v, NULL))
		return sm_err_set(err, SM_EINVAL, "NIC register %s write failed", reg_name(off));
	return SM_OK;
}

int netdrv_reg_read(struct netdrv *nd, uint32_t off, uint32_t *v, struct sm_err *err)
{
	uint64_t x = 0;

	if (smmuits_read(nd->cfg.sys, nd->cfg.base + off, 4, &x, NULL))
		return sm_err_set(err, SM_EINVAL, "NIC register %s read failed", reg_name(off));
	*v = (uint32_t)x;
	netrec_printf(nd->cfg.rec, "# nic %s -> 0x%x\n", reg_name(off), *v);
	return SM_OK;
}

static int mem_write64(struct netdrv *nd, uint64_t pa, uint64_t v, struct sm_err *err)
{
	netrec_printf(nd->cfg.rec, "write64 0x%llx 0x%llx\n", (unsigned long long)pa,
		      (unsigned long long)v);
	if (smmuits_write(nd->cfg.sys, pa, 8, v, NULL))
		return sm_err_set(err, SM_EINVAL, "write to 0x%llx failed", (unsigned long long)pa);
	return SM_OK;
}

/* A read the replay checks: it must see what the run saw. */
static int mem_read64(struct netdrv *nd, uint64_t pa, uint64_t *v, struct sm_err *err)
{
	if (smmuits_read(nd->cfg.sys, pa, 8, v, NULL))
		return sm_err_set(err, SM_EINVAL, "read of 0x%llx failed", (unsigned long long)pa);
	netrec_printf(nd->cfg.rec, "read64 0x%llx expect=0x%llx\n", (unsigned long long)pa,
		      (unsigned long long)*v);
	return SM_OK;
}

int netdrv_check_qword(struct netdrv *nd, uint64_t pa, uint64_t want, bool *ok, struct sm_err *err)
{
	uint64_t v;
	int rc = mem_read64(nd, pa, &v, err);

	*ok = !rc && v == want;
	return rc;
}

int netdrv_line(struct netdrv *nd, struct sm_err *err, const char *fmt, ...)
{
	const struct trace_ext ext = { .verbs = driver_verbs, .check = driver_check };
	struct trace t = { 0 };
	struct trace_diag d = { 0 };
	char line[256], sum[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	rc = trace_parse(line, strlen(line), "netdrv", &ext, &t, &d);
	if (rc || t.nsteps != 1)
		rc = sm_err_set(err, SM_EINVAL, "driver line '%s': %s", line, d.text ? d.text : "");
	else
		rc = driver_exec(&nd->drv, &t.steps[0], sum, sizeof(sum), err);
	if (!rc) {
		netrec_printf(nd->cfg.rec, "%s\n", line);
		if (nd->cfg.explain)
			fprintf(nd->cfg.explain, "  driver: %s\n          -> %s\n", line, sum);
	}
	trace_free(&t);
	trace_diag_free(&d);
	return rc;
}

static uint64_t desc_pa(const struct netdrv *nd, enum netdev_ring_id r, uint32_t i)
{
	return nd->ring_pa[r] + (uint64_t)i * NETDEV_DESC_SIZE;
}

static int write_desc(struct netdrv *nd, enum netdev_ring_id r, uint32_t i, uint64_t len,
		      struct sm_err *err)
{
	int rc = mem_write64(nd, desc_pa(nd, r, i), nd->buf_dma[r][i], err);

	return rc ? rc : mem_write64(nd, desc_pa(nd, r, i) + 8, FIELD_PREP(NETDEV_DESC_1_LEN, len), err);
}

/* Stage 1 for the NIC (or bypass), its rings and buffers mapped, the ITS ready for its MSIs. */
static int setup_iommu(struct netdrv *nd, struct sm_err *err)
{
	const struct netdrv_config *c = &nd->cfg;
	uint32_t devid = c->sid;
	int rc;

	if (plat_sid_to_devid(smmuits_platform(c->sys), c->sid, &devid))
		return sm_err_set(err, SM_EINVAL, "StreamID 0x%x has no DeviceID on this platform", c->sid);
	if ((rc = netdrv_line(nd, err, "smmu-init")))
		return rc;
	if (c->bypass) {
		rc = netdrv_line(nd, err, "ste sid=0x%x config=bypass", c->sid);
	} else {
		rc = netdrv_line(nd, err, "ste sid=0x%x config=s1", c->sid);
		rc = rc ? rc : netdrv_line(nd, err, "cd sid=0x%x asid=%u", c->sid, NETDRV_ASID);
		rc = rc ? rc : netdrv_line(nd, err, "map sid=0x%x iova=0x%x pa=0x%llx size=0x2000",
					  c->sid, NETDRV_RING_IOVA, (unsigned long long)nd->ring_pa[0]);
		for (unsigned r = 0; r < 2 && !rc; r++)
			rc = netdrv_line(nd, err, "map sid=0x%x iova=0x%llx pa=0x%llx size=0x%x", c->sid,
					 (unsigned long long)nd->buf_dma[r][0],
					 (unsigned long long)nd->buf_pa[r][0], NETDRV_RING * 0x1000u);
	}
	rc = rc ? rc : netdrv_line(nd, err, "gic-init");
	rc = rc ? rc : netdrv_line(nd, err, "its-init");
	rc = rc ? rc : netdrv_line(nd, err, "its-mapd dev=0x%x", devid);
	rc = rc ? rc : netdrv_line(nd, err, "its-mapti dev=0x%x event=0 intid=%u cpu=%u", devid,
				   NETDRV_LPI_RX, c->cpu);
	rc = rc ? rc : netdrv_line(nd, err, "its-mapti dev=0x%x event=1 intid=%u cpu=%u", devid,
				   NETDRV_LPI_TX, c->cpu);
	if (!rc && !c->bypass && !c->no_doorbell)
		rc = netdrv_line(nd, err, "msi-doorbell sid=0x%x iova=0x%x", c->sid, NETDRV_DOORBELL_IOVA);
	return rc;
}

/* Program the NIC: reset, rings, MSIs, then RX buffers posted and both directions on. */
static int setup_nic(struct netdrv *nd, struct sm_err *err)
{
	uint32_t id = 0;
	int rc = netdrv_reg_read(nd, NETDEV_ID, &id, err);

	if (rc)
		return rc;
	if (id != NETDEV_ID_VALUE)
		return sm_err_set(err, SM_EINVAL, "no NIC at 0x%llx (ID 0x%x)",
				  (unsigned long long)nd->cfg.base, id);
	rc = reg_write(nd, NETDEV_CTRL, (uint32_t)NETDEV_CTRL_RESET, err);
	for (unsigned r = 0; r < 2 && !rc; r++) {
		uint32_t reg = r == NETDEV_RING_TX ? NETDEV_TX : NETDEV_RX;

		rc = reg_write(nd, reg + NETDEV_RING_BASE_LO, (uint32_t)nd->ring_dma[r], err);
		rc = rc ? rc : reg_write(nd, reg + NETDEV_RING_BASE_HI, (uint32_t)(nd->ring_dma[r] >> 32), err);
		rc = rc ? rc : reg_write(nd, reg + NETDEV_RING_LEN, NETDRV_RING, err);
	}
	rc = rc ? rc : reg_write(nd, NETDEV_MSI_ADDR_LO, (uint32_t)nd->msi_addr, err);
	rc = rc ? rc : reg_write(nd, NETDEV_MSI_ADDR_HI, (uint32_t)(nd->msi_addr >> 32), err);
	rc = rc ? rc : reg_write(nd, NETDEV_MSI_DATA_RX, 0, err);
	rc = rc ? rc : reg_write(nd, NETDEV_MSI_DATA_TX, 1, err);
	rc = rc ? rc : reg_write(nd, NETDEV_IRQ_EN, (uint32_t)(NETDEV_IRQ_RX | NETDEV_IRQ_TX), err);
	/* A ring holds at most LEN - 1 buffers: HEAD == TAIL means empty. */
	for (uint32_t i = 0; i < NETDRV_RING - 1 && !rc; i++)
		rc = write_desc(nd, NETDEV_RING_RX, i, NETDRV_BUF_SIZE, err);
	rc = rc ? rc : reg_write(nd, NETDEV_RX + NETDEV_RING_TAIL, NETDRV_RING - 1, err);
	return rc ? rc : reg_write(nd, NETDEV_CTRL, (uint32_t)(NETDEV_CTRL_RX_EN | NETDEV_CTRL_TX_EN), err);
}

int netdrv_init(struct netdrv *nd, const struct netdrv_config *cfg, struct sm_err *err)
{
	int rc;

	memset(nd, 0, sizeof(*nd));
	nd->cfg = *cfg;
	driver_init(&nd->drv, cfg->sys);
	for (unsigned r = 0; r < 2; r++) {
		uint64_t iova = r == NETDEV_RING_TX ? NETDRV_TXBUF_IOVA : NETDRV_RXBUF_IOVA;

		nd->ring_pa[r] = NETDRV_DMA_PA + r * 0x1000u;
		nd->ring_dma[r] = cfg->bypass ? nd->ring_pa[r] : NETDRV_RING_IOVA + r * 0x1000u;
		for (unsigned i = 0; i < NETDRV_RING; i++) {
			nd->buf_pa[r][i] = NETDRV_DMA_PA + 0x10000u * (r + 1) + i * 0x1000u;
			nd->buf_dma[r][i] = cfg->bypass ? nd->buf_pa[r][i] : iova + i * 0x1000u;
		}
	}
	if ((rc = setup_iommu(nd, err)))
		return rc;
	/* Bypass: the device writes GITS_TRANSLATER's PA; else the doorbell page's IOVA. */
	nd->msi_addr = nd->drv.gic.its_base + GITS_TRANSLATER;
	if (!cfg->bypass)
		nd->msi_addr = NETDRV_DOORBELL_IOVA + (nd->msi_addr & 0xfff);
	return setup_nic(nd, err);
}

int netdrv_send(struct netdrv *nd, const uint8_t *frame, size_t len, struct sm_err *err)
{
	uint32_t i = nd->tx_tail;
	int rc;

	if (((i + 1) & (NETDRV_RING - 1)) == nd->tx_clean)
		return sm_err_set(err, SM_ERANGE, "TX ring full");
	if (len > NETDRV_BUF_SIZE)
		return sm_err_set(err, SM_EINVAL, "frame of %zu bytes is longer than a buffer", len);
	netrec_bytes(nd->cfg.rec, nd->buf_pa[NETDEV_RING_TX][i], frame, len);
	if (smmuits_write_block(nd->cfg.sys, nd->buf_pa[NETDEV_RING_TX][i], frame, len))
		return sm_err_set(err, SM_EINVAL, "TX buffer write failed");
	if ((rc = write_desc(nd, NETDEV_RING_TX, i, len, err)))
		return rc;
	nd->tx_tail = (i + 1) & (NETDRV_RING - 1);
	return reg_write(nd, NETDEV_TX + NETDEV_RING_TAIL, nd->tx_tail, err);
}

/* Read every SMMU event record, as arm_smmu_evtq_thread does; the replay checks each one. */
static int drain_events(struct netdrv *nd, struct sm_err *err)
{
	for (;;) {
		uint64_t rec[4];
		int empty = 1, rc = driver_evtq_pop(&nd->drv, rec, &empty, err);
		const char *name;

		if (rc || empty)
			return rc;
		name = smmu_event_name((unsigned)FIELD_GET(EVT_0_TYPE, rec[0]));
		nd->events++;
		snprintf(nd->last_event, sizeof(nd->last_event), "%s", name ? name : "?");
		nd->last_event_sid = (uint32_t)FIELD_GET(EVT_0_SID, rec[0]);
		nd->last_event_addr = rec[2];
		netrec_printf(nd->cfg.rec, "expect-event type=%s sid=0x%x addr=0x%llx\n",
			      nd->last_event, nd->last_event_sid, (unsigned long long)rec[2]);
	}
}

/* Received frames to rx; each reaped slot's neighbour at TAIL gets its buffer back. */
static int reap_rx(struct netdrv *nd, netdrv_rx_fn rx, void *opaque, struct sm_err *err)
{
	uint8_t frame[NETDRV_BUF_SIZE];

	for (;;) {
		uint32_t i = nd->rx_next, tail = (i + NETDRV_RING - 1) & (NETDRV_RING - 1);
		uint64_t d1;
		int rc = mem_read64(nd, desc_pa(nd, NETDEV_RING_RX, i) + 8, &d1, err);

		if (rc || !(d1 & NETDEV_DESC_1_DONE))
			return rc;
		size_t len = (size_t)FIELD_GET(NETDEV_DESC_1_LEN, d1);
		if (d1 & NETDEV_DESC_1_ERR) {
			nd->rx_errors++;
		} else {
			if (len > sizeof(frame) ||
			    smmuits_read_block(nd->cfg.sys, nd->buf_pa[NETDEV_RING_RX][i], frame, len))
				return sm_err_set(err, SM_EINVAL, "RX buffer %u unreadable", i);
			netrec_printf(nd->cfg.rec, "# cpu reads the %zu-byte frame in RX buffer %u\n", len, i);
			nd->rx_frames++;
			rx(opaque, frame, len);
		}
		nd->rx_next = (i + 1) & (NETDRV_RING - 1);
		if ((rc = write_desc(nd, NETDEV_RING_RX, tail, NETDRV_BUF_SIZE, err)) ||
		    (rc = reg_write(nd, NETDEV_RX + NETDEV_RING_TAIL, i, err)))
			return rc;
	}
}

static int reap_tx(struct netdrv *nd, struct sm_err *err)
{
	while (nd->tx_clean != nd->tx_tail) {
		uint64_t d1;
		int rc = mem_read64(nd, desc_pa(nd, NETDEV_RING_TX, nd->tx_clean) + 8, &d1, err);

		if (rc || !(d1 & NETDEV_DESC_1_DONE))
			return rc;
		if (d1 & NETDEV_DESC_1_ERR)
			nd->tx_errors++;
		else
			nd->tx_done++;
		nd->tx_clean = (nd->tx_clean + 1) & (NETDRV_RING - 1);
	}
	return SM_OK;
}

int netdrv_service(struct netdrv *nd, bool poll, netdrv_rx_fn rx, void *opaque, unsigned *acked,
		   struct sm_err *err)
{
	bool rx_irq = poll, tx_irq = poll;
	int rc = drain_events(nd, err);

	*acked = 0;
	/* The GIC CPU interface: acknowledge until it says spurious (1023). */
	while (!rc) {
		uint32_t intid = 1023;
		int a = smmuits_ack(nd->cfg.sys, nd->cfg.cpu, &intid);

		if (a < 0)
			return sm_err_set(err, SM_EINVAL, "cpu %u has no CPU interface", nd->cfg.cpu);
		netrec_printf(nd->cfg.rec, a ? "ack cpu=%u expect=none\n" : "ack cpu=%u expect=%u\n",
			      nd->cfg.cpu, intid);
		if (a)
			break;
		++*acked;
		if (intid == NETDRV_LPI_RX)
			rx_irq = true, nd->acked[NETDEV_RING_RX]++;
		else if (intid == NETDRV_LPI_TX)
			tx_irq = true, nd->acked[NETDEV_RING_TX]++;
		else
			nd->spurious++;
	}
	if (!rc && tx_irq)
		rc = reap_tx(nd, err);
	if (!rc && rx_irq)
		rc = reap_rx(nd, rx, opaque, err);
	return rc;
}

int netdrv_unmap_next_rx(struct netdrv *nd, uint64_t *iova, uint64_t *pa, struct sm_err *err)
{
	uint32_t i = nd->rx_next;
	int rc;

	*iova = nd->buf_dma[NETDEV_RING_RX][i];
	*pa = nd->buf_pa[NETDEV_RING_RX][i];
	/* A pattern the NIC must not disturb: the check after the run reads it back. */
	netrec_printf(nd->cfg.rec, "fill 0x%llx 0x1000 0x5a\n", (unsigned long long)*pa);
	if (smmuits_fill(nd->cfg.sys, *pa, 0x1000, 0x5a))
		return sm_err_set(err, SM_EINVAL, "cannot fill 0x%llx", (unsigned long long)*pa);
	rc = netdrv_line(nd, err, "unmap sid=0x%x iova=0x%llx size=0x1000", nd->cfg.sid,
			 (unsigned long long)*iova);
	/* iommu_unmap's TLB maintenance: by VA and ASID, leaf only, then CMD_SYNC. */
	rc = rc ? rc : netdrv_line(nd, err, "cmd CMD_TLBI_NH_VA asid=%u addr=0x%llx leaf", NETDRV_ASID,
				   (unsigned long long)*iova);
	return rc ? rc : netdrv_line(nd, err, "sync");
}

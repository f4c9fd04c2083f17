/* SPDX-License-Identifier: MIT */
/*
 * The harness NIC (harness/netdev.c, docs/netdev.md): registers, the TX and
 * RX rings, bursts, and what a refused DMA or MSI does.  The tests program
 * it as a driver would: register writes and memory writes only, and set up
 * the SMMU and ITS with driver lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/driver.h"
#include "harness/netdev.h"
#include "model/mem.h"
#include "smmuits.h"

#define BASE NETDEV_DEFAULT_BASE
#define SID  0x10u

struct fx {
	struct smmuits *sys;
	struct driver drv;
	struct netdev *nd;
	uint8_t sent[4][NETDEV_MAX_FRAME];
	size_t sent_len[4];
	unsigned nsent;
	unsigned ops[5];           /* notes seen, by enum netdev_op */
	unsigned bursts_le_1024;   /* buffer bursts that respected NETDEV_MAX_BURST and 4 KiB */
	struct smmuits_txn_result last_msi;
};

static void on_tx(void *opaque, const uint8_t *frame, size_t len)
{
	struct fx *f = opaque;

	if (f->nsent < 4) {
		memcpy(f->sent[f->nsent], frame, len);
		f->sent_len[f->nsent] = len;
	}
	f->nsent++;
}

static void on_note(void *opaque, const struct netdev_note *n)
{
	struct fx *f = opaque;

	f->ops[n->op]++;
	if ((n->op == NETDEV_OP_BUF_READ || n->op == NETDEV_OP_BUF_WRITE) &&
	    n->txn->size <= NETDEV_MAX_BURST && (n->txn->iova & 0xfff) + n->txn->size <= 0x1000)
		f->bursts_le_1024++;
	if (n->op == NETDEV_OP_MSI && !n->rc)
		f->last_msi = *n->res;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct netdev_config c = {
		.base = BASE, .sid = SID, .mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
		.tx_frame = on_tx, .observe = on_note,
	};
	char err[256];

	if (!f || smmuits_create(NULL, &f->sys, err, sizeof(err)))
		return -1;
	driver_init(&f->drv, f->sys);
	c.sys = f->sys;
	c.opaque = f;
	if (netdev_create(&c, &f->nd, err, sizeof(err)))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	smmuits_destroy(f->sys);
	netdev_destroy(f->nd);
	free(f);
	return 0;
}

/* Driver lines, each of which must succeed. */
static void lines(struct fx *f, const char *text)
{
	const struct trace_ext ext = { .verbs = driver_verbs, .check = driver_check };
	struct trace t = { 0 };
	struct trace_diag d = { 0 };
	char sum[256];
	struct sm_err e = { 0 };

	if (trace_parse(text, strlen(text), "lines", &ext, &t, &d))
		fail_msg("%s", d.text ? d.text : "out of memory");
	for (size_t i = 0; i < t.nsteps; i++)
		if (driver_exec(&f->drv, &t.steps[i], sum, sizeof(sum), &e))
			fail_msg("line %u: %s", t.steps[i].line, e.msg);
	trace_free(&t);
	trace_diag_free(&d);
}

static uint32_t rd(struct fx *f, uint32_t off)
{
	uint64_t v = 0;

	assert_int_equal(smmuits_read(f->sys, BASE + off, 4, &v, NULL), 0);
	return (uint32_t)v;
}

static void wr(struct fx *f, uint32_t off, uint32_t v)
{
	assert_int_equal(smmuits_write(f->sys, BASE + off, 4, v, NULL), 0);
}

static void put_desc(struct fx *f, uint64_t pa, uint64_t addr, uint64_t d1)
{
	uint8_t b[16];

	mem_le_put(b, 8, addr);
	mem_le_put(b + 8, 8, d1);
	assert_int_equal(smmuits_write_block(f->sys, pa, b, sizeof(b)), 0);
}

static uint64_t get64(struct fx *f, uint64_t pa)
{
	uint64_t v = 0;

	assert_int_equal(smmuits_read(f->sys, pa, 8, &v, NULL), 0);
	return v;
}

/* A ring at ring_iova with len descriptors; the NIC enabled in both directions. */
static void ring(struct fx *f, uint32_t which, uint64_t ring_iova, uint32_t len)
{
	wr(f, which + NETDEV_RING_BASE_LO, (uint32_t)ring_iova);
	wr(f, which + NETDEV_RING_BASE_HI, (uint32_t)(ring_iova >> 32));
	wr(f, which + NETDEV_RING_LEN, len);
	wr(f, NETDEV_CTRL, (uint32_t)(NETDEV_CTRL_RX_EN | NETDEV_CTRL_TX_EN));
}

static void test_netdev_identity_and_mac_registers(void **state)
{
	struct fx *f = *state;

	assert_int_equal(rd(f, NETDEV_ID), NETDEV_ID_VALUE);
	assert_int_equal(rd(f, NETDEV_VERSION), 1);
	assert_int_equal(rd(f, NETDEV_MAC_LO), 0x12005452);  /* bytes 0..3, byte 0 lowest */
	assert_int_equal(rd(f, NETDEV_MAC_HI), 0x5634);
	assert_int_equal(rd(f, NETDEV_STATUS), NETDEV_STATUS_LINK);
	/* reserved offsets read 0 and ignore writes; registers are 32-bit only */
	wr(f, 0x1fc, 0xffffffff);
	assert_int_equal(rd(f, 0x1fc), 0);
	wr(f, NETDEV_ID, 0);
	assert_int_equal(rd(f, NETDEV_ID), NETDEV_ID_VALUE);
	uint64_t v;
	assert_true(smmuits_read(f->sys, BASE + NETDEV_ID, 8, &v, NULL) < 0);
	assert_true(smmuits_write(f->sys, BASE + NETDEV_CTRL, 2, 1, NULL) < 0);
}

static void test_netdev_ring_len_and_tail_are_checked(void **state)
{
	struct fx *f = *state;

	wr(f, NETDEV_TX + NETDEV_RING_LEN, 8);
	wr(f, NETDEV_TX + NETDEV_RING_LEN, 6);    /* not a power of two: ignored */
	wr(f, NETDEV_TX + NETDEV_RING_LEN, 512);  /* too long: ignored */
	assert_int_equal(rd(f, NETDEV_TX + NETDEV_RING_LEN), 8);
	wr(f, NETDEV_TX + NETDEV_RING_TAIL, 8);   /* outside the ring: ignored */
	assert_int_equal(rd(f, NETDEV_TX + NETDEV_RING_TAIL), 0);
	wr(f, NETDEV_TX + NETDEV_RING_TAIL, 3);
	assert_int_equal(rd(f, NETDEV_TX + NETDEV_RING_TAIL), 3);
	/* BASE restarts the ring at 0 and keeps 16-byte alignment */
	wr(f, NETDEV_TX + NETDEV_RING_BASE_LO, 0x40001008);
	assert_int_equal(rd(f, NETDEV_TX + NETDEV_RING_BASE_LO), 0x40001000);
	assert_int_equal(rd(f, NETDEV_TX + NETDEV_RING_TAIL), 0);
	/* RESET clears everything but the MAC */
	wr(f, NETDEV_IRQ_EN, 3);
	wr(f, NETDEV_CTRL, (uint32_t)NETDEV_CTRL_RESET);
	assert_int_equal(rd(f, NETDEV_IRQ_EN), 0);
	assert_int_equal(rd(f, NETDEV_TX + NETDEV_RING_LEN), 0);
	assert_int_equal(rd(f, NETDEV_CTRL), 0);
	assert_int_equal(rd(f, NETDEV_MAC_HI), 0x5634);
}

/* The SMMU bypasses at reset (GBPA), so IOVA = PA: the ring mechanics alone. */
static void test_netdev_tx_sends_the_buffer_and_completes(void **state)
{
	struct fx *f = *state;
	uint8_t frame[60];

	for (unsigned i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i * 7);
	assert_int_equal(smmuits_write_block(f->sys, 0x40010000, frame, sizeof(frame)), 0);
	put_desc(f, 0x40000000, 0x40010000, sizeof(frame));
	ring(f, NETDEV_TX, 0x40000000, 4);
	wr(f, NETDEV_IRQ_EN, (uint32_t)NETDEV_IRQ_TX);
	wr(f, NETDEV_MSI_ADDR_LO, 0x40020000);   /* an MSI into RAM: lands as memory */
	wr(f, NETDEV_MSI_DATA_TX, 0x77);
	assert_int_equal(netdev_poll(f->nd), 0); /* TAIL = HEAD: nothing given yet */
	wr(f, NETDEV_TX + NETDEV_RING_TAIL, 1);
	assert_int_equal(netdev_poll(f->nd), 1);
	assert_int_equal(f->nsent, 1);
	assert_int_equal(f->sent_len[0], sizeof(frame));
	assert_memory_equal(f->sent[0], frame, sizeof(frame));
	assert_int_equal(get64(f, 0x40000008), NETDEV_DESC_1_DONE | sizeof(frame));
	assert_int_equal(rd(f, NETDEV_TX + NETDEV_RING_HEAD), 1);
	assert_int_equal(rd(f, NETDEV_STAT_TX_PKTS), 1);
	assert_int_equal(f->ops[NETDEV_OP_DESC_FETCH], 1);
	assert_int_equal(f->ops[NETDEV_OP_BUF_READ], 1);
	assert_int_equal(f->ops[NETDEV_OP_DESC_WRITEBACK], 1);
	assert_int_equal(f->ops[NETDEV_OP_MSI], 1);
	assert_int_equal(f->last_msi.outcome, SMMUITS_MEM);
	assert_int_equal(get64(f, 0x40020000) & 0xffffffff, 0x77);
}

static void test_netdev_tx_bad_length_completes_with_err(void **state)
{
	struct fx *f = *state;

	put_desc(f, 0x40000000, 0x40010000, 0);                    /* empty */
	put_desc(f, 0x40000010, 0x40010000, NETDEV_MAX_FRAME + 1); /* longer than the wire takes */
	ring(f, NETDEV_TX, 0x40000000, 4);
	wr(f, NETDEV_TX + NETDEV_RING_TAIL, 2);
	assert_int_equal(netdev_poll(f->nd), 2);
	assert_int_equal(f->nsent, 0);
	assert_int_equal(f->ops[NETDEV_OP_BUF_READ], 0);
	assert_true(get64(f, 0x40000008) & NETDEV_DESC_1_ERR);
	assert_true(get64(f, 0x40000018) & NETDEV_DESC_1_ERR);
}

/* A frame waits in the FIFO until a buffer is posted; it is written in legal bursts. */
static void test_netdev_rx_waits_for_a_buffer_then_bursts(void **state)
{
	struct fx *f = *state;
	uint8_t frame[1500], got[1500];

	for (unsigned i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i ^ 0x5a);
	ring(f, NETDEV_RX, 0x40000000, 8);
	assert_int_equal(netdev_rx_frame(f->nd, frame, sizeof(frame)), 0);
	assert_int_equal(netdev_poll(f->nd), 0);
	/* a 2 KiB buffer 0x100 before a page end: 256 bytes, then 1024, then the last 220 */
	put_desc(f, 0x40000000, 0x40010f00, 2048);
	wr(f, NETDEV_RX + NETDEV_RING_TAIL, 1);
	assert_int_equal(netdev_poll(f->nd), 1);
	assert_int_equal(f->ops[NETDEV_OP_BUF_WRITE], 3);
	assert_int_equal(f->bursts_le_1024, 3);
	assert_int_equal(smmuits_read_block(f->sys, 0x40010f00, got, sizeof(got)), 0);
	assert_memory_equal(got, frame, sizeof(frame));
	assert_int_equal(get64(f, 0x40000008), NETDEV_DESC_1_DONE | sizeof(frame));
	assert_int_equal(rd(f, NETDEV_STAT_RX_PKTS), 1);
	/* no MSI without IRQ_EN */
	assert_int_equal(f->ops[NETDEV_OP_MSI], 0);
}

static void test_netdev_rx_drops_what_does_not_fit(void **state)
{
	struct fx *f = *state;
	uint8_t frame[200] = { 1 };

	ring(f, NETDEV_RX, 0x40000000, 4);
	put_desc(f, 0x40000000, 0x40010000, 100);   /* a buffer too small for the frame */
	assert_int_equal(smmuits_fill(f->sys, 0x40010000, 0x100, 0xee), 0);
	wr(f, NETDEV_RX + NETDEV_RING_TAIL, 1);
	assert_int_equal(netdev_rx_frame(f->nd, frame, sizeof(frame)), 0);
	assert_int_equal(netdev_poll(f->nd), 1);
	assert_int_equal(get64(f, 0x40000008), NETDEV_DESC_1_DONE | NETDEV_DESC_1_ERR);
	assert_int_equal(get64(f, 0x40010000), 0xeeeeeeeeeeeeeeee); /* untouched */
	assert_int_equal(rd(f, NETDEV_STAT_RX_DROPS), 1);
	/* too long for any wire, and a full FIFO, drop at once */
	assert_int_equal(netdev_rx_frame(f->nd, frame, NETDEV_MAX_FRAME + 1), 1);
	for (unsigned i = 0; i < NETDEV_RX_FIFO; i++)
		assert_int_equal(netdev_rx_frame(f->nd, frame, 10), 0);
	assert_int_equal(netdev_rx_frame(f->nd, frame, 10), 1);
	assert_int_equal(rd(f, NETDEV_STAT_RX_DROPS), 3);
}

/* Stage 1 for the NIC, the doorbell mapped, the ITS set up: what the demo's driver does. */
static void translated(struct fx *f)
{
	lines(f, "smmu-init\n"
		 "ste sid=0x10 config=s1\n"
		 "cd sid=0x10\n"
		 "map sid=0x10 iova=0x100000 pa=0x50000000 size=0x1000\n"  /* ring */
		 "map sid=0x10 iova=0x120000 pa=0x50020000 size=0x1000\n"  /* one buffer */
		 "gic-init\nits-init\nits-mapd dev=0x10\n"
		 "its-mapti dev=0x10 event=0 intid=8192 cpu=1\n"
		 "msi-doorbell sid=0x10\n");
	ring(f, NETDEV_RX, 0x100000, 4);
	wr(f, NETDEV_IRQ_EN, (uint32_t)NETDEV_IRQ_RX);
	wr(f, NETDEV_MSI_ADDR_LO, 0x8000040);
	wr(f, NETDEV_MSI_DATA_RX, 0);
}

static void test_netdev_rx_through_smmu_raises_lpi(void **state)
{
	struct fx *f = *state;
	uint8_t frame[64] = { 0xab };
	uint32_t intid = 0;

	translated(f);
	put_desc(f, 0x50000000, 0x120000, 2048);
	wr(f, NETDEV_RX + NETDEV_RING_TAIL, 1);
	netdev_rx_frame(f->nd, frame, sizeof(frame));
	assert_int_equal(netdev_poll(f->nd), 1);
	assert_int_equal(get64(f, 0x50020000) & 0xff, 0xab);   /* IOVA 0x120000 -> PA 0x50020000 */
	assert_int_equal(f->last_msi.outcome, SMMUITS_LPI);
	assert_int_equal(f->last_msi.intid, 8192);
	assert_int_equal(f->last_msi.cpu, 1);
	assert_int_equal(smmuits_ack(f->sys, 1, &intid), 0);
	assert_int_equal(intid, 8192);
}

/* An unmapped RX buffer: F_TRANSLATION, the frame dropped, DONE|ERR, FAULT_ADDR, the LPI still sent. */
static void test_netdev_rx_buffer_fault_drops_the_frame(void **state)
{
	struct fx *f = *state;
	uint8_t frame[64] = { 0xab };
	uint64_t rec[4];
	int empty = 1;
	struct sm_err e = { 0 };

	translated(f);
	put_desc(f, 0x50000000, 0x130000, 2048);   /* never mapped */
	wr(f, NETDEV_RX + NETDEV_RING_TAIL, 1);
	netdev_rx_frame(f->nd, frame, sizeof(frame));
	assert_int_equal(netdev_poll(f->nd), 1);
	assert_int_equal(get64(f, 0x50000008), NETDEV_DESC_1_DONE | NETDEV_DESC_1_ERR);
	assert_int_equal(rd(f, NETDEV_STAT_RX_DROPS), 1);
	assert_int_equal(rd(f, NETDEV_STAT_DMA_ERRS), 1);
	assert_int_equal(rd(f, NETDEV_FAULT_ADDR_LO), 0x130000);
	assert_int_equal(f->last_msi.outcome, SMMUITS_LPI);
	assert_int_equal(driver_evtq_pop(&f->drv, rec, &empty, &e), 0);
	assert_false(empty);
	assert_int_equal(rec[0] & 0xff, 0x10);     /* F_TRANSLATION (IHI 0070 §7.3.12) */
	assert_int_equal(rec[2], 0x130000);        /* InputAddr */
}

/* A descriptor the SMMU refuses stops the ring; writing LEN again restarts it. */
static void test_netdev_desc_fault_stops_the_ring(void **state)
{
	struct fx *f = *state;
	uint8_t frame[64] = { 0 };

	translated(f);
	wr(f, NETDEV_RX + NETDEV_RING_BASE_LO, 0x200000);  /* not mapped */
	wr(f, NETDEV_RX + NETDEV_RING_TAIL, 1);
	netdev_rx_frame(f->nd, frame, sizeof(frame));
	assert_int_equal(netdev_poll(f->nd), 0);
	assert_true(rd(f, NETDEV_STATUS) & NETDEV_STATUS_RX_STOP);
	assert_int_equal(rd(f, NETDEV_FAULT_ADDR_LO), 0x200000);
	assert_int_equal(f->ops[NETDEV_OP_BUF_WRITE], 0);
	/* the frame is still queued: a good ring takes it */
	put_desc(f, 0x50000000, 0x120000, 2048);
	wr(f, NETDEV_RX + NETDEV_RING_BASE_LO, 0x100000);
	assert_false(rd(f, NETDEV_STATUS) & NETDEV_STATUS_RX_STOP);
	wr(f, NETDEV_RX + NETDEV_RING_TAIL, 1);
	assert_int_equal(netdev_poll(f->nd), 1);
	assert_int_equal(rd(f, NETDEV_STAT_RX_PKTS), 1);
}

/* No doorbell mapping: the MSI faults, is counted, and no LPI is pending. */
static void test_netdev_msi_fault_is_counted(void **state)
{
	struct fx *f = *state;
	uint8_t frame[64] = { 0 };

	translated(f);
	wr(f, NETDEV_MSI_ADDR_LO, 0x9000040);  /* outside the doorbell mapping */
	put_desc(f, 0x50000000, 0x120000, 2048);
	wr(f, NETDEV_RX + NETDEV_RING_TAIL, 1);
	netdev_rx_frame(f->nd, frame, sizeof(frame));
	assert_int_equal(netdev_poll(f->nd), 1);
	assert_int_equal(rd(f, NETDEV_STAT_MSI_ERRS), 1);
	assert_int_equal(rd(f, NETDEV_STAT_RX_PKTS), 1);
	assert_int_equal(smmuits_lpi_pending(f->sys, 1, 8192), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_netdev_identity_and_mac_registers),
		T(test_netdev_ring_len_and_tail_are_checked),
		T(test_netdev_tx_sends_the_buffer_and_completes),
		T(test_netdev_tx_bad_length_completes_with_err),
		T(test_netdev_rx_waits_for_a_buffer_then_bursts),
		T(test_netdev_rx_drops_what_does_not_fit),
		T(test_netdev_rx_through_smmu_raises_lpi),
		T(test_netdev_rx_buffer_fault_drops_the_frame),
		T(test_netdev_desc_fault_stops_the_ring),
		T(test_netdev_msi_fault_is_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

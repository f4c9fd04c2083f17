/* SPDX-License-Identifier: MIT */
/*
 * fuzz_mmio: random register reads and writes over every SMMU, ITS and
 * redistributor frame (the architected offsets and any other), with values
 * that often point into RAM, interleaved with RAM contents, DMA and MSIs.
 * The oracle is the sanitizers and the fuzzer's own timeout: whatever
 * software does, the model must not crash, hit UB, leak or hang.
 */
#include <string.h>

#include "fuzz_in.h"
#include "fuzz_targets.h"
#include "its/its_regs.h"
#include "smmu/smmu_regs.h"

#define RAM_BASE UINT64_C(0x40000000)
#define MAX_OPS  256

/* The registers that do something, so most accesses hit one (the rest are random). */
static const uint32_t smmu_offs[] = {
	SMMU_IDR0, SMMU_IDR1, SMMU_IDR3, SMMU_IDR5, SMMU_CR0, SMMU_CR0ACK, SMMU_CR1, SMMU_CR2,
	SMMU_STATUSR, SMMU_GBPA, SMMU_AGBPA, SMMU_IRQ_CTRL, SMMU_IRQ_CTRLACK, SMMU_GERROR,
	SMMU_GERRORN, SMMU_GERROR_IRQ_CFG0, SMMU_GERROR_IRQ_CFG1, SMMU_GERROR_IRQ_CFG2,
	SMMU_STRTAB_BASE, SMMU_STRTAB_BASE_CFG, SMMU_CMDQ_BASE, SMMU_CMDQ_PROD, SMMU_CMDQ_CONS,
	SMMU_EVENTQ_BASE, SMMU_EVENTQ_PROD, SMMU_EVENTQ_CONS, SMMU_EVENTQ_IRQ_CFG0,
	SMMU_EVENTQ_IRQ_CFG1, SMMU_EVENTQ_IRQ_CFG2, SMMU_PRIQ_BASE, SMMU_PRIQ_PROD, SMMU_PRIQ_CONS,
	0xA8, 0xAC,
};

static const uint32_t its_offs[] = {
	GITS_CTLR, GITS_IIDR, GITS_TYPER, GITS_CBASER, GITS_CWRITER, GITS_CREADR, GITS_BASER(0),
	GITS_BASER(1), GITS_BASER(2), GITS_BASER(7), GITS_PIDR2, GITS_TRANSLATER,
};

static const uint32_t gicr_offs[] = {
	GICR_CTLR, GICR_IIDR, GICR_TYPER, GICR_WAKER, GICR_PROPBASER, GICR_PENDBASER,
	GICR_INVLPIR, GICR_INVALLR, GICR_SYNCR, 0x10000,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A register value: random bits, or a RAM address with random low bits (a base register). */
static uint64_t value(struct fz_in *in)
{
	uint64_t v = fz_bytes(in, 8);

	switch (fz_u8(in) & 3) {
	case 0:
		return v;
	case 1:
		return (v & 0xfff) | RAM_BASE | (fz_below(in, 64) << 16);
	case 2:
		return (v & (BIT64(63) | BIT64(62) | 0xfff)) | RAM_BASE | (fz_below(in, 64) << 16);
	default:
		return v & 0xff;
	}
}

static void reg_access(struct fz_sink *s, struct fz_in *in)
{
	unsigned which = fz_u8(in) % 3;
	uint64_t base, off;
	static const unsigned sizes[8] = { 4, 4, 4, 8, 8, 8, 2, 1 };
	unsigned size = sizes[fz_u8(in) & 7];

	if (which == 0) {
		base = FZ_SMMU_BASE;
		off = fz_chance(in, 200) ? smmu_offs[fz_below(in, N(smmu_offs))] +
					   (fz_chance(in, 128) ? SMMU_PAGE1 : 0)
					 : fz_below(in, SMMU_REG_WINDOW);
	} else if (which == 1) {
		base = FZ_ITS_BASE;
		off = fz_chance(in, 200) ? its_offs[fz_below(in, N(its_offs))]
					 : fz_below(in, GITS_FRAME_SIZE);
	} else {
		base = FZ_GICR_BASE + fz_below(in, FZ_GICR_COUNT + 1) * GICR_FRAME_SIZE;
		off = fz_chance(in, 200) ? gicr_offs[fz_below(in, N(gicr_offs))]
					 : fz_below(in, GICR_FRAME_SIZE);
	}
	if (fz_chance(in, 240))
		off &= ~(uint64_t)(size - 1);
	if (fz_chance(in, 128))
		fz_write(s, base + off, size, value(in) & (size == 8 ? ~0ull : (1ull << (8 * size)) - 1));
	else
		fz_read(s, base + off, size);
}

static void ram_content(struct fz_sink *s, struct fz_in *in)
{
	uint64_t pa = RAM_BASE + (fz_below(in, 64) << 16) + (fz_bytes(in, 2) & 0xfff8);

	if (fz_chance(in, 64))
		fz_fill(s, pa & ~0xfffull, 0x1000, (uint8_t)fz_u8(in));
	else
		for (unsigned k = 0, n = 1 + fz_u8(in) % 8; k < n; k++)
			fz_write(s, pa + 8 * k, 8, value(in));
}

static void txn(struct fz_sink *s, struct fz_in *in)
{
	uint8_t buf[4096];
	struct smmuits_txn t = { 0 };
	struct smmuits_txn_result res;
	struct fz_expect e;

	memset(buf, fz_u8(in), sizeof(buf));
	t.sid = (uint32_t)fz_below(in, 8);
	t.ssv = fz_chance(in, 48);
	t.ssid = (uint32_t)fz_below(in, 4);
	t.data = buf;
	if (fz_chance(in, 96)) {
		t.msi = t.write = true;
		t.size = 4;
		t.iova = fz_chance(in, 200) ? FZ_ITS_BASE + GITS_TRANSLATER : value(in) & ~3ull;
		buf[0] = (uint8_t)fz_below(in, 40);
		buf[1] = buf[2] = buf[3] = 0;
	} else {
		t.iova = fz_chance(in, 128) ? value(in) : RAM_BASE + fz_bytes(in, 3);
		t.size = 1u << fz_below(in, 13);
		if ((t.iova & 0xfff) + t.size > 0x1000)
			t.size = (unsigned)(0x1000 - (t.iova & 0xfff));
		t.write = fz_chance(in, 128);
		t.priv = fz_chance(in, 128);
		t.exec = fz_chance(in, 32);
	}
	if (!fz_txn(s, &t, &res)) {
		fz_expect_of(&res, &e);
		fz_print_txn(s, &t, &e);
	}
}

void fz_mmio_run(struct fz_sink *s, const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size, 0 };

	for (unsigned op = 0; op < MAX_OPS && !fz_done(&in); op++) {
		unsigned k = fz_u8(&in) % 8;

		if (k < 4) {
			reg_access(s, &in);
		} else if (k < 6) {
			ram_content(s, &in);
		} else if (k < 7) {
			txn(s, &in);
		} else {
			uint32_t intid;

			fz_ack(s, (unsigned)fz_below(&in, FZ_GICR_COUNT + 1), &intid, NULL);
		}
	}
}

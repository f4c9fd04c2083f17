/* SPDX-License-Identifier: MIT */
/*
 * ITS register file: IHI 0069 §12.19.  The control frame (ITS_base) and
 * the translation frame (ITS_base + 0x10000) are one MMIO region.  32-bit
 * registers take 32-bit accesses; 64-bit registers take a 64-bit access or
 * either 32-bit half.  Reserved offsets read zero, ignore writes and are
 * logged, so a driver poking the wrong offset is visible.
 */
#include <stdio.h>

#include "its/its_table.h"

#define GITS_TRANS_FRAME  0x10000u
#define CBASER_IMPL  (GITS_CBASER_SIZE | GITS_CBASER_SHAREABILITY | GITS_CBASER_PHYSICAL_ADDRESS | \
		      GITS_CBASER_OUTERCACHE | GITS_CBASER_INNERCACHE | GITS_CBASER_VALID)
/* Type and Entry_Size are read-only; the rest of an implemented GITS_BASER<n> is RW. */
#define BASER_RW     (GITS_BASER_SIZE | GITS_BASER_PAGE_SIZE | GITS_BASER_SHAREABILITY | \
		      GITS_BASER_PHYSICAL_ADDRESS | GITS_BASER_OUTERCACHE | \
		      GITS_BASER_INNERCACHE | GITS_BASER_INDIRECT | GITS_BASER_VALID)
#define BASER_RO     (GITS_BASER_ENTRY_SIZE | GITS_BASER_TYPE)

uint64_t its__baser_reset(unsigned n)
{
	/* GITS_BASER0 is the Device table, GITS_BASER1 the Collection table, the rest absent. */
	static const unsigned type[GITS_BASER_NR] = {
		[ITS_BASER_DEVICE] = GITS_BASER_TYPE_DEVICE,
		[ITS_BASER_COLLECTION] = GITS_BASER_TYPE_COLLECTION,
	};

	if (n >= GITS_BASER_NR || type[n] == GITS_BASER_TYPE_NONE)
		return 0;
	return FIELD_PREP(GITS_BASER_TYPE, type[n]) |
	       FIELD_PREP(GITS_BASER_ENTRY_SIZE, ITS_ENTRY_SIZE - 1);
}

static bool enabled(const struct its *its)
{
	return (its->ctlr & GITS_CTLR_ENABLED) != 0;
}

static void ignored(struct its *its, const char *reg, const char *why)
{
	its__log(its, SM_LOG_WARN, "write to %s ignored: %s", reg, why);
}

static uint64_t cmdq_bytes(const struct its *its)
{
	return (FIELD_GET(GITS_CBASER_SIZE, its->cbaser) + 1) * 4096;
}

static int its_mmio_read(void *opaque, uint64_t off, unsigned size, uint64_t *val,
			 struct bus_attrs *attrs)
{
	struct its *its = opaque;
	uint64_t reg64 = off & ~UINT64_C(7), half = off & 4;

	(void)attrs;
	*val = 0;
	if (off >= GITS_TRANS_FRAME) {
		its__log(its, SM_LOG_WARN, "read at 0x%05llx in the translation frame%s (RAZ)",
			 (unsigned long long)off,
			 reg64 == (GITS_TRANSLATER & ~7u) ? ": GITS_TRANSLATER is write-only" : "");
		return SM_OK;
	}
	if (size == 8 || size == 4) {
		switch (reg64) {
		case GITS_TYPER:   *val = bus_reg64_read(its->typer, half, size); return SM_OK;
		case GITS_CBASER:  *val = bus_reg64_read(its->cbaser, half, size); return SM_OK;
		case GITS_CWRITER: *val = bus_reg64_read(its->cwriter, half, size); return SM_OK;
		case GITS_CREADR:  *val = bus_reg64_read(its->creadr, half, size); return SM_OK;
		default:
			if (reg64 >= GITS_BASER(0) && reg64 < GITS_BASER(GITS_BASER_NR)) {
				*val = bus_reg64_read(its->baser[(reg64 - GITS_BASER(0)) / 8], half, size);
				return SM_OK;
			}
			break;
		}
	}
	if (size != 4) {
		its__log(its, SM_LOG_WARN, "%u-byte read at 0x%05llx: ITS registers are 32-bit (RAZ)",
			 size, (unsigned long long)off);
		return SM_OK;
	}
	switch (off) {
	case GITS_CTLR:
		/* Quiescent: disabled and, the model being synchronous, nothing in flight. */
		*val = its->ctlr | FIELD_PREP(GITS_CTLR_QUIESCENT, !enabled(its));
		break;
	case GITS_IIDR:  *val = its->cfg.iidr; break;
	case GITS_PIDR2: *val = FIELD_PREP(GITS_PIDR2_ARCHREV, 3); break;
	default:
		its__log(its, SM_LOG_WARN, "read of reserved/unimplemented offset 0x%05llx (RAZ)",
			 (unsigned long long)off);
		break;
	}
	return SM_OK;
}

static void write_ctlr(struct its *its, uint32_t v)
{
	bool was = enabled(its);

	/* ImDe (GICv4 direct injection) and UMSIirq are not implemented: RES0. */
	its->ctlr = v & (uint32_t)GITS_CTLR_ENABLED;
	if (was != enabled(its))
		its__log(its, SM_LOG_INFO, "Enabled %d->%d", was, !was);
	if (!was && enabled(its))
		its__cmdq_process(its);
}

static void write_cwriter(struct its *its, uint64_t v)
{
	uint64_t offset = FIELD_ADDR(GITS_CWRITER_OFFSET, v);

	/* UNPREDICTABLE: an offset beyond the queue; we chose to ignore the write. */
	if (offset >= cmdq_bytes(its)) {
		its__log(its, SM_LOG_WARN, "write to GITS_CWRITER ignored: offset 0x%llx is beyond "
			 "the %llu-byte command queue", (unsigned long long)offset,
			 (unsigned long long)cmdq_bytes(its));
		return;
	}
	/* Retry acts once and reads 0; it restarts a stalled queue at GITS_CREADR. */
	its->cwriter = offset;
	if ((v & GITS_CWRITER_RETRY) && (its->creadr & GITS_CREADR_STALLED)) {
		its__log(its, SM_LOG_INFO, "GITS_CWRITER.Retry: retrying the command at 0x%llx",
			 (unsigned long long)FIELD_ADDR(GITS_CREADR_OFFSET, its->creadr));
		its->creadr &= ~GITS_CREADR_STALLED;
	}
	its__cmdq_process(its);
}

static void write_baser(struct its *its, unsigned n, uint64_t half, unsigned size, uint64_t val)
{
	char name[16];
	uint64_t v;

	/* Absent tables (Type=0) are RAZ/WI, which drivers probe: not worth a warning. */
	if (its__baser_reset(n) == 0)
		return;
	snprintf(name, sizeof(name), "GITS_BASER%u", n);
	/* §12.19: UNPREDICTABLE while GITS_CTLR.Enabled=1; we chose: ignored. */
	if (enabled(its)) {
		ignored(its, name, "GITS_CTLR.Enabled=1");
		return;
	}
	v = bus_reg64_write(its->baser[n], half, size, val);
	/* IMPDEF: the reserved Page_Size 0b11 reads back (and acts) as 64 KiB. */
	if (FIELD_GET(GITS_BASER_PAGE_SIZE, v) == 3)
		v = FIELD_SET(GITS_BASER_PAGE_SIZE, v, GITS_BASER_PAGE_64K);
	its->baser[n] = (v & BASER_RW) | (its__baser_reset(n) & BASER_RO);
	/* IMPDEF: a rewritten table base drops what was cached from the old table. */
	its__table_flush(its, n);
}

static int its_mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t val,
			  struct bus_attrs *attrs)
{
	struct its *its = opaque;
	uint64_t reg64 = off & ~UINT64_C(7), half = off & 4;

	if (off == GITS_TRANSLATER && (size == 4 || size == 2)) {
		/* §12.19: a 16-bit write (a 16-bit MSI payload) is an EventID with [31:16] = 0. */
		its__translate(its, (uint32_t)val, attrs);
		return SM_OK;
	}
	if (off >= GITS_TRANS_FRAME) {
		its__log(its, SM_LOG_WARN, "%u-byte write at 0x%05llx in the translation frame ignored",
			 size, (unsigned long long)off);
		return SM_OK;
	}
	if (size == 8 || size == 4) {
		switch (reg64) {
		case GITS_CBASER:
			/* §12.19: UNPREDICTABLE while Enabled=1; we chose: ignored. */
			if (enabled(its)) {
				ignored(its, "GITS_CBASER", "GITS_CTLR.Enabled=1");
				return SM_OK;
			}
			its->cbaser = bus_reg64_write(its->cbaser, half, size, val) & CBASER_IMPL;
			/* §12.19: a successful GITS_CBASER write sets GITS_CREADR to 0 (not stalled). */
			its->creadr = 0;
			return SM_OK;
		case GITS_CWRITER:
			/* Offset and Retry are in the low half; the high half is RES0. */
			if (!half)
				write_cwriter(its, val);
			return SM_OK;
		case GITS_CREADR:
			ignored(its, "GITS_CREADR", "read-only");
			return SM_OK;
		case GITS_TYPER:
			ignored(its, "GITS_TYPER", "read-only");
			return SM_OK;
		default:
			if (reg64 >= GITS_BASER(0) && reg64 < GITS_BASER(GITS_BASER_NR)) {
				write_baser(its, (unsigned)(reg64 - GITS_BASER(0)) / 8, half, size, val);
				return SM_OK;
			}
			break;
		}
	}
	if (size != 4) {
		its__log(its, SM_LOG_WARN, "%u-byte write at 0x%05llx ignored: ITS registers are 32-bit",
			 size, (unsigned long long)off);
		return SM_OK;
	}
	switch (off) {
	case GITS_CTLR:
		write_ctlr(its, (uint32_t)val);
		break;
	case GITS_IIDR: case GITS_PIDR2:
		ignored(its, "a read-only register", "RO");
		break;
	default:
		its__log(its, SM_LOG_WARN, "write of reserved/unimplemented offset 0x%05llx ignored",
			 (unsigned long long)off);
		break;
	}
	return SM_OK;
}

const struct bus_mmio_ops its_mmio_ops = {
	.read = its_mmio_read,
	.write = its_mmio_write,
};

/* SPDX-License-Identifier: MIT */
/*
 * SMMU register file: IHI 0070 §6.3.  32-bit registers take 32-bit
 * accesses; 64-bit registers take a 64-bit access or either 32-bit half.
 * Reserved offsets are RES0 (read zero, writes ignored) and are logged,
 * so a driver poking the wrong offset is visible rather than silent.
 */
#include "smmu/smmu_internal.h"

/* Implemented CR0 bits: PRI and ATS are not implemented, so PRIQEN/ATSCHK are RES0. */
#define CR0_IMPL  (SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN)
#define CR1_IMPL  (SMMU_CR1_QUEUE_IC | SMMU_CR1_QUEUE_OC | SMMU_CR1_QUEUE_SH | \
		   SMMU_CR1_TABLE_IC | SMMU_CR1_TABLE_OC | SMMU_CR1_TABLE_SH)
#define GBPA_IMPL (SMMU_GBPA_MEMATTR | SMMU_GBPA_MTCFG | SMMU_GBPA_ALLOCCFG | \
		   SMMU_GBPA_SHCFG | SMMU_GBPA_PRIVCFG | SMMU_GBPA_INSTCFG | SMMU_GBPA_ABORT)
#define IRQ_IMPL  (SMMU_IRQ_CTRL_GERROR_IRQEN | SMMU_IRQ_CTRL_EVENTQ_IRQEN)
#define STRTAB_BASE_IMPL (SMMU_STRTAB_BASE_ADDR | SMMU_STRTAB_BASE_RA)
#define STRTAB_CFG_IMPL  (SMMU_STRTAB_BASE_CFG_LOG2SIZE | SMMU_STRTAB_BASE_CFG_SPLIT | \
			  SMMU_STRTAB_BASE_CFG_FMT)
#define Q_BASE_IMPL (SMMU_Q_BASE_LOG2SIZE | SMMU_Q_BASE_ADDR | SMMU_Q_BASE_RA)

static bool smmu_enabled(const struct smmu *s)
{
	return (s->cr0 | s->cr0ack) & SMMU_CR0_SMMUEN;
}

static void ignored(struct smmu *s, const char *reg, const char *why)
{
	/* IHI 0070 §6.3: a guarded register is read-only while its enable is set. */
	smmu__log(s, SM_LOG_WARN, "write to %s ignored: %s", reg, why);
}

/* §6.3: the *_IRQ_CFGn registers exist only with IDR0.MSI; otherwise they are RES0. */
static bool is_irq_cfg(uint64_t off)
{
	return (off >= SMMU_GERROR_IRQ_CFG0 && off < SMMU_GERROR_IRQ_CFG2 + 4) ||
	       (off >= SMMU_EVENTQ_IRQ_CFG0 && off < SMMU_EVENTQ_IRQ_CFG2 + 4);
}

static int smmu_mmio_read(void *opaque, uint64_t off, unsigned size, uint64_t *val,
			  struct bus_attrs *attrs)
{
	struct smmu *s = opaque;
	uint64_t reg64 = off & ~UINT64_C(7);
	uint64_t half = off & 4;

	(void)attrs;
	*val = 0;
	if (!s->cfg.msi && is_irq_cfg(off))
		return SM_OK;
	if (size == 8 || size == 4) {
		/* 64-bit registers */
		switch (reg64) {
		case SMMU_STRTAB_BASE:     *val = bus_reg64_read(s->strtab_base, half, size); return SM_OK;
		case SMMU_CMDQ_BASE:       *val = bus_reg64_read(s->cmdq.base_reg, half, size); return SM_OK;
		case SMMU_EVENTQ_BASE:     *val = bus_reg64_read(s->evtq.base_reg, half, size); return SM_OK;
		case SMMU_GERROR_IRQ_CFG0: *val = bus_reg64_read(s->gerror_irq_cfg0, half, size); return SM_OK;
		case SMMU_EVENTQ_IRQ_CFG0: *val = bus_reg64_read(s->eventq_irq_cfg0, half, size); return SM_OK;
		default:
			break;
		}
	}
	if (size != 4) {
		smmu__log(s, SM_LOG_WARN, "%u-byte read at 0x%05llx: SMMU registers are 32-bit (RAZ)",
			  size, (unsigned long long)off);
		return SM_OK;
	}
	switch (off) {
	case SMMU_IDR0: case SMMU_IDR1: case SMMU_IDR2:
	case SMMU_IDR3: case SMMU_IDR4: case SMMU_IDR5:
		*val = s->idr[off / 4];
		break;
	case SMMU_IIDR:         *val = s->cfg.iidr; break;
	case SMMU_AIDR:
		*val = FIELD_PREP(SMMU_AIDR_ARCHMAJORREV, 0) |
		       FIELD_PREP(SMMU_AIDR_ARCHMINORREV, s->cfg.arch_minor);
		break;
	case SMMU_CR0:          *val = s->cr0; break;
	case SMMU_CR0ACK:       *val = s->cr0ack; break;
	case SMMU_CR1:          *val = s->cr1; break;
	case SMMU_CR2:          *val = s->cr2; break;
	case SMMU_STATUSR:      *val = 0; break;
	case SMMU_GBPA:         *val = s->gbpa; break; /* UPDATE completes at once: reads 0 */
	case SMMU_AGBPA:        *val = 0; break;
	case SMMU_IRQ_CTRL:     *val = s->irq_ctrl; break;
	case SMMU_IRQ_CTRLACK:  *val = s->irq_ctrlack; break;
	case SMMU_GERROR:       *val = s->gerror; break;
	case SMMU_GERRORN:      *val = s->gerrorn; break;
	case SMMU_GERROR_IRQ_CFG1: *val = s->gerror_irq_cfg1; break;
	case SMMU_GERROR_IRQ_CFG2: *val = s->gerror_irq_cfg2; break;
	case SMMU_STRTAB_BASE_CFG: *val = s->strtab_base_cfg; break;
	case SMMU_CMDQ_PROD:    *val = s->cmdq.prod; break;
	case SMMU_CMDQ_CONS:    *val = s->cmdq.cons; break;
	case SMMU_EVENTQ_PROD:  *val = s->evtq.prod; break;
	case SMMU_EVENTQ_CONS:  *val = s->evtq.cons; break;
	case SMMU_EVENTQ_IRQ_CFG1: *val = s->eventq_irq_cfg1; break;
	case SMMU_EVENTQ_IRQ_CFG2: *val = s->eventq_irq_cfg2; break;
	default:
		/*
		 * CONSTRAINED UNPREDICTABLE: page-0 0xA8/0xAC could alias the page-1
		 * event-queue pointers; we chose RES0 so a driver using them is caught.
		 */
		smmu__log(s, SM_LOG_WARN, "read of reserved/unimplemented offset 0x%05llx (RAZ)",
			  (unsigned long long)off);
		break;
	}
	return SM_OK;
}

static void write_cr0(struct smmu *s, uint32_t v)
{
	uint32_t old = s->cr0ack;

	s->cr0 = v & (uint32_t)CR0_IMPL;
	/* Updates complete immediately: CR0ACK follows CR0 within the same write. */
	s->cr0ack = s->cr0;
	if (!(old & SMMU_CR0_SMMUEN) && (s->cr0ack & SMMU_CR0_SMMUEN))
		smmu__log(s, SM_LOG_INFO, "SMMUEN 0->1");
	if (s->cr0ack & SMMU_CR0_CMDQEN)
		smmu__cmdq_process(s);
}

static void write_gbpa(struct smmu *s, uint32_t v)
{
	/*
	 * IHI 0070 §6.3.14: software writes the new attributes with UPDATE=1.
	 * A write with UPDATE=0 is ignored (the SMMUv3.2 behaviour).
	 */
	if (!(v & SMMU_GBPA_UPDATE)) {
		ignored(s, "SMMU_GBPA", "UPDATE=0");
		return;
	}
	s->gbpa = v & (uint32_t)GBPA_IMPL;
}

static void write_gerrorn(struct smmu *s, uint32_t v)
{
	uint32_t was_active = s->gerror ^ s->gerrorn;

	s->gerrorn = v & (uint32_t)SMMU_GERROR_ALL;
	/* IHI 0070 §7.1: acknowledging CMDQ_ERR restarts the queue at CONS. */
	if ((was_active & SMMU_GERROR_CMDQ_ERR) &&
	    !((s->gerror ^ s->gerrorn) & SMMU_GERROR_CMDQ_ERR))
		smmu__cmdq_process(s);
}

static int smmu_mmio_write_reg(void *opaque, uint64_t off, unsigned size, uint64_t val,
			       struct bus_attrs *attrs)
{
	struct smmu *s = opaque;
	uint64_t reg64 = off & ~UINT64_C(7);
	uint64_t half = off & 4;
	uint32_t v = (uint32_t)val;

	(void)attrs;
	if (!s->cfg.msi && is_irq_cfg(off))
		return SM_OK;
	if (size == 8 || size == 4) {
		switch (reg64) {
		case SMMU_STRTAB_BASE:
			if (smmu_enabled(s))
				ignored(s, "SMMU_STRTAB_BASE", "SMMUEN=1");
			else
				s->strtab_base = bus_reg64_write(s->strtab_base, half, size, val) & STRTAB_BASE_IMPL;
			return SM_OK;
		case SMMU_CMDQ_BASE:
			if ((s->cr0 | s->cr0ack) & SMMU_CR0_CMDQEN)
				ignored(s, "SMMU_CMDQ_BASE", "CMDQEN=1");
			else
				s->cmdq.base_reg = bus_reg64_write(s->cmdq.base_reg, half, size, val) & Q_BASE_IMPL;
			return SM_OK;
		case SMMU_EVENTQ_BASE:
			if ((s->cr0 | s->cr0ack) & SMMU_CR0_EVENTQEN)
				ignored(s, "SMMU_EVENTQ_BASE", "EVENTQEN=1");
			else
				s->evtq.base_reg = bus_reg64_write(s->evtq.base_reg, half, size, val) & Q_BASE_IMPL;
			return SM_OK;
		case SMMU_GERROR_IRQ_CFG0:
			if (s->irq_ctrlack & SMMU_IRQ_CTRL_GERROR_IRQEN)
				ignored(s, "SMMU_GERROR_IRQ_CFG0", "GERROR_IRQEN=1");
			else
				s->gerror_irq_cfg0 = bus_reg64_write(s->gerror_irq_cfg0, half, size, val) &
						     SMMU_IRQ_CFG0_ADDR;
			return SM_OK;
		case SMMU_EVENTQ_IRQ_CFG0:
			if (s->irq_ctrlack & SMMU_IRQ_CTRL_EVENTQ_IRQEN)
				ignored(s, "SMMU_EVENTQ_IRQ_CFG0", "EVENTQ_IRQEN=1");
			else
				s->eventq_irq_cfg0 = bus_reg64_write(s->eventq_irq_cfg0, half, size, val) &
						     SMMU_IRQ_CFG0_ADDR;
			return SM_OK;
		default:
			break;
		}
	}
	if (size != 4) {
		smmu__log(s, SM_LOG_WARN, "%u-byte write at 0x%05llx ignored: SMMU registers are 32-bit",
			  size, (unsigned long long)off);
		return SM_OK;
	}
	switch (off) {
	case SMMU_CR0:
		write_cr0(s, v);
		break;
	case SMMU_CR1:
		if (smmu_enabled(s))
			ignored(s, "SMMU_CR1", "SMMUEN=1");
		else
			s->cr1 = v & (uint32_t)CR1_IMPL;
		break;
	case SMMU_CR2:
		if (smmu_enabled(s))
			ignored(s, "SMMU_CR2", "SMMUEN=1");
		else
			/* E2H is RES0 without IDR0.HYP; PTM only matters with BTM but is RW. */
			s->cr2 = v & (uint32_t)((s->cfg.hyp ? SMMU_CR2_E2H : 0) |
						SMMU_CR2_RECINVSID | SMMU_CR2_PTM);
		break;
	case SMMU_GBPA:
		write_gbpa(s, v);
		break;
	case SMMU_IRQ_CTRL:
		s->irq_ctrl = v & (uint32_t)IRQ_IMPL;
		s->irq_ctrlack = s->irq_ctrl;
		break;
	case SMMU_GERRORN:
		write_gerrorn(s, v);
		break;
	case SMMU_GERROR_IRQ_CFG1:
		if (!(s->irq_ctrlack & SMMU_IRQ_CTRL_GERROR_IRQEN))
			s->gerror_irq_cfg1 = v;
		else
			ignored(s, "SMMU_GERROR_IRQ_CFG1", "GERROR_IRQEN=1");
		break;
	case SMMU_GERROR_IRQ_CFG2:
		if (!(s->irq_ctrlack & SMMU_IRQ_CTRL_GERROR_IRQEN))
			s->gerror_irq_cfg2 = v & (uint32_t)(SMMU_IRQ_CFG2_MEMATTR | SMMU_IRQ_CFG2_SH);
		else
			ignored(s, "SMMU_GERROR_IRQ_CFG2", "GERROR_IRQEN=1");
		break;
	case SMMU_EVENTQ_IRQ_CFG1:
		if (!(s->irq_ctrlack & SMMU_IRQ_CTRL_EVENTQ_IRQEN))
			s->eventq_irq_cfg1 = v;
		else
			ignored(s, "SMMU_EVENTQ_IRQ_CFG1", "EVENTQ_IRQEN=1");
		break;
	case SMMU_EVENTQ_IRQ_CFG2:
		if (!(s->irq_ctrlack & SMMU_IRQ_CTRL_EVENTQ_IRQEN))
			s->eventq_irq_cfg2 = v & (uint32_t)(SMMU_IRQ_CFG2_MEMATTR | SMMU_IRQ_CFG2_SH);
		else
			ignored(s, "SMMU_EVENTQ_IRQ_CFG2", "EVENTQ_IRQEN=1");
		break;
	case SMMU_STRTAB_BASE_CFG:
		/* IHI 0070 §6.3.25: Guarded by SMMUEN and CR0ACK.SMMUEN. */
		if (smmu_enabled(s))
			ignored(s, "SMMU_STRTAB_BASE_CFG", "SMMUEN=1");
		else
			s->strtab_base_cfg = v & (uint32_t)STRTAB_CFG_IMPL;
		break;
	case SMMU_CMDQ_PROD:
		s->cmdq.prod = v & (uint32_t)SMMU_Q_IDX;
		smmu__cmdq_process(s);
		break;
	case SMMU_CMDQ_CONS:
		if ((s->cr0 | s->cr0ack) & SMMU_CR0_CMDQEN)
			ignored(s, "SMMU_CMDQ_CONS", "CMDQEN=1");
		else
			s->cmdq.cons = v & (uint32_t)(SMMU_Q_IDX | SMMU_CMDQ_CONS_ERR);
		break;
	case SMMU_EVENTQ_PROD:
		if ((s->cr0 | s->cr0ack) & SMMU_CR0_EVENTQEN)
			ignored(s, "SMMU_EVENTQ_PROD", "EVENTQEN=1");
		else
			s->evtq.prod = v & (uint32_t)(SMMU_Q_IDX | SMMU_EVENTQ_PROD_OVFLG);
		break;
	case SMMU_EVENTQ_CONS:
		s->evtq.cons = v & (uint32_t)(SMMU_Q_IDX | SMMU_EVENTQ_CONS_OVACKFLG);
		break;
	case SMMU_IDR0: case SMMU_IDR1: case SMMU_IDR2: case SMMU_IDR3: case SMMU_IDR4:
	case SMMU_IDR5: case SMMU_IIDR: case SMMU_AIDR: case SMMU_CR0ACK: case SMMU_STATUSR:
	case SMMU_IRQ_CTRLACK: case SMMU_GERROR:
		ignored(s, "a read-only register", "RO");
		break;
	default:
		smmu__log(s, SM_LOG_WARN, "write of reserved/unimplemented offset 0x%05llx ignored",
			  (unsigned long long)off);
		break;
	}
	return SM_OK;
}

/*
 * The model runs commands synchronously inside the register write that
 * lets them run (CMDQ_PROD, CR0, GERRORN), so their cost (docs/timing.md)
 * is charged to that write.
 */
static int smmu_mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t val,
			   struct bus_attrs *attrs)
{
	struct smmu *s = opaque;
	int rc = smmu_mmio_write_reg(opaque, off, size, val, attrs);

	/* smmu_fast.c: a register write (and the commands it ran) may change any translation. */
	s->gen++;
	if (attrs)
		attrs->cycles += s->cmd_cycles;
	s->cmd_cycles = 0;
	return rc;
}

const struct bus_mmio_ops smmu_mmio_ops = {
	.read = smmu_mmio_read,
	.write = smmu_mmio_write,
};

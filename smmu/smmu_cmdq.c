/* SPDX-License-Identifier: MIT */
/*
 * Command queue.  IHI 0070 §4 and §7.1: commands are consumed while
 * CMDQEN=1, the queue is non-empty and no command error is active.  A
 * command that cannot be executed stops the queue with CONS pointing at
 * it, CONS.ERR holding the CERROR code and GERROR.CMDQ_ERR toggled; the
 * queue restarts from CONS when software acknowledges through GERRORN.
 *
 * The model is synchronous: when PROD is written, every command up to PROD
 * runs before the write returns, so CMD_SYNC completes at once.
 */
#include <string.h>

#include "smmu/smmu_cmd.h"
#include "smmu/smmu_internal.h"

enum cmd_status { CMD_OK, CMD_ILL };

typedef enum cmd_status (*cmd_fn)(struct smmu *s, const uint64_t cmd[CMD_DWORDS]);

/* SSec=1 on the Non-secure queue is ILLEGAL (§4.1.6): there is no Secure side here. */
static bool ssec(const uint64_t cmd[CMD_DWORDS])
{
	return FIELD_GET(CMD_0_SSEC, cmd[0]) != 0;
}

static enum cmd_status cmd_illegal(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	/*
	 * §4.1.1/§7.1: commands for features this SMMU does not have are treated
	 * as reserved opcodes: EL3 invalidation (no Secure side), ATC_INV (no ATS),
	 * PRI_RESP (no PRI), RESUME/STALL_TERM (terminate model), CFGI_VMS_PIDM
	 * (no MPAM/VMS).
	 */
	smmu__log(s, SM_LOG_WARN, "%s: not implemented by this SMMU, CERROR_ILL",
		  smmu_cmd_name((unsigned)FIELD_GET(CMD_0_OP, cmd[0])));
	return CMD_ILL;
}

static enum cmd_status cmd_prefetch(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	(void)s;
	/* A prefetch is a hint; the model does not prefetch, which §4.2 allows. */
	return ssec(cmd) ? CMD_ILL : CMD_OK;
}

static enum cmd_status cmd_cfgi_ste(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	uint32_t sid = (uint32_t)FIELD_GET(CMD_0_SID, cmd[0]);

	if (ssec(cmd))
		return CMD_ILL;
	/* §4.3.1: the STE and every CD cached through it. */
	smmu__cfg_inval(s, CFG_NONE, sid, sid, true, 0);
	return CMD_OK;
}

static enum cmd_status cmd_cfgi_ste_range(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	uint32_t sid = (uint32_t)FIELD_GET(CMD_0_SID, cmd[0]);
	unsigned range = (unsigned)FIELD_GET(CMD_1_RANGE, cmd[1]);
	uint32_t span_mask;

	if (ssec(cmd))
		return CMD_ILL;
	/* §4.3.2: the aligned block of 2^(Range+1) StreamIDs; Range=31 is CFGI_ALL. */
	if (range == CMD_CFGI_RANGE_ALL) {
		smmu__cfg_inval_all(s);
		return CMD_OK;
	}
	span_mask = (uint32_t)((UINT64_C(2) << range) - 1);
	smmu__cfg_inval(s, CFG_NONE, sid & ~span_mask, sid | span_mask, true, 0);
	return CMD_OK;
}

static enum cmd_status cmd_cfgi_cd(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	uint32_t sid = (uint32_t)FIELD_GET(CMD_0_SID, cmd[0]);

	/* §4.3.3: ILLEGAL without stage 1.  CDs are cached by (StreamID, table index). */
	if (ssec(cmd) || !s->cfg.s1p)
		return CMD_ILL;
	smmu__cfg_inval(s, CFG_CD, sid, sid, false, (uint32_t)FIELD_GET(CMD_0_SSID, cmd[0]));
	return CMD_OK;
}

static enum cmd_status cmd_cfgi_cd_all(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	uint32_t sid = (uint32_t)FIELD_GET(CMD_0_SID, cmd[0]);

	if (ssec(cmd) || !s->cfg.s1p)
		return CMD_ILL;
	smmu__cfg_inval(s, CFG_CD, sid, sid, true, 0);
	return CMD_OK;
}

/* A VA as the TLB holds it: the top byte follows bit 55 (TBI may be applied, §4.4.2). */
static uint64_t tlbi_va(uint64_t va)
{
	return (va & BIT64(55)) ? va | GENMASK64(63, 56) : va & ~GENMASK64(63, 56);
}

/*
 * The address range of a TLBI_*_VA/VAA/IPA command (§4.4.1): one address,
 * or with IDR3.RIL and TG != 0, (NUM+1) * 2^SCALE granules.  Returns false
 * for the reserved TG != 0 with NUM = SCALE = TTL = 0.
 */
static bool tlbi_range(const struct smmu *s, const uint64_t cmd[CMD_DWORDS], uint64_t addr,
		       uint64_t *lo, uint64_t *hi, unsigned *ttl)
{
	unsigned tg = (unsigned)FIELD_GET(CMD_1_TG, cmd[1]);
	unsigned num = (unsigned)FIELD_GET(CMD_0_NUM, cmd[0]);
	unsigned scale = (unsigned)FIELD_GET(CMD_0_SCALE, cmd[0]);
	static const unsigned tg_shift[4] = { 0, 12, 14, 16 };

	*lo = *hi = addr;
	*ttl = 0;
	if (!s->cfg.ril || !tg)
		return true; /* TG, TTL, NUM and SCALE are RES0 */
	*ttl = (unsigned)FIELD_GET(CMD_1_TTL, cmd[1]);
	if (!num && !scale && !*ttl)
		return false;
	if (scale > 39)
		scale = 39;
	uint64_t len = ((uint64_t)num + 1) << (scale + tg_shift[tg]);
	*hi = addr + len - 1 < addr ? UINT64_MAX : addr + len - 1;
	return true;
}

static enum cmd_status cmd_tlbi(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	unsigned op = (unsigned)FIELD_GET(CMD_0_OP, cmd[0]);
	struct smmu_tlb_scope sc = {
		.vmid = (uint16_t)FIELD_GET(CMD_0_VMID, cmd[0]),
		.asid = (uint16_t)FIELD_GET(CMD_0_ASID, cmd[0]),
		/* §4.4.2: NH commands match the VMID only when stage 2 exists. */
		.match_vmid = s->cfg.s2p,
	};
	const unsigned s1 = (1u << TLB_S1) | (1u << TLB_NESTED);
	bool ranged = false;

	switch (op) {
	case SMMU_CMD_TLBI_NH_ALL:          /* VMALLE1 */
		sc.kinds = s1;
		break;
	case SMMU_CMD_TLBI_NH_ASID:         /* ASIDE1: non-global entries of the ASID */
		sc.kinds = s1;
		sc.match_asid = true;
		break;
	case SMMU_CMD_TLBI_NH_VA:           /* VAE1: the ASID's and global entries at VA */
		sc.kinds = s1;
		sc.match_asid = sc.with_global = true;
		ranged = sc.match_va = true;
		break;
	case SMMU_CMD_TLBI_NH_VAA:          /* VAAE1: every ASID at VA */
		sc.kinds = s1;
		ranged = sc.match_va = true;
		break;
	case SMMU_CMD_TLBI_EL2_ALL:
		sc.kinds = s1;
		sc.el2 = true;
		sc.match_vmid = false;
		break;
	case SMMU_CMD_TLBI_EL2_ASID:
		sc.kinds = s1;
		sc.el2 = true;
		sc.match_vmid = false;
		sc.match_asid = true;
		break;
	case SMMU_CMD_TLBI_EL2_VA:
		sc.kinds = s1;
		sc.el2 = true;
		sc.match_vmid = false;
		/* With E2H the entries carry ASIDs; without, the ASID is ignored. */
		sc.match_asid = sc.with_global = (s->cr2 & SMMU_CR2_E2H) != 0;
		ranged = sc.match_va = true;
		break;
	case SMMU_CMD_TLBI_EL2_VAA:
		sc.kinds = s1;
		sc.el2 = true;
		sc.match_vmid = false;
		ranged = sc.match_va = true;
		break;
	case SMMU_CMD_TLBI_S12_VMALL:       /* VMALLS12E1 */
		sc.kinds = s1 | (1u << TLB_S2);
		sc.match_vmid = true;
		break;
	case SMMU_CMD_TLBI_S2_IPA:          /* IPAS2E1: stage-2 entries only (§4.4.3) */
		sc.kinds = 1u << TLB_S2;
		sc.match_vmid = true;
		ranged = sc.match_ipa = true;
		break;
	case SMMU_CMD_TLBI_NSNH_ALL:        /* ALLE1 */
		sc.kinds = s1 | (1u << TLB_S2);
		sc.match_vmid = false;
		break;
	default:
		return CMD_ILL;
	}
	if (ranged) {
		uint64_t lo, hi;
		bool ipa = op == SMMU_CMD_TLBI_S2_IPA;
		uint64_t addr = ipa ? FIELD_ADDR(CMD_1_IPA, cmd[1]) : tlbi_va(FIELD_ADDR(CMD_1_ADDR, cmd[1]));

		if (!tlbi_range(s, cmd, addr, &lo, &hi, &sc.ttl))
			return CMD_ILL;
		if (ipa)
			sc.ipa_lo = lo, sc.ipa_hi = hi;
		else
			sc.va_lo = lo, sc.va_hi = hi;
	}
	smmu__tlb_invalidate(s, &sc);
	/*
	 * §4.4.1: Leaf=1 only promises last-level entries (so only the walk
	 * cache's cached leaves go); Leaf=0 also removes cached tables.
	 */
	sc.leaf_only = ranged && FIELD_GET(CMD_1_LEAF, cmd[1]);
	smmu__wc_invalidate(s, &sc);
	return CMD_OK;
}

static enum cmd_status cmd_tlbi_s(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	unsigned op = (unsigned)FIELD_GET(CMD_0_OP, cmd[0]);

	/* §4.4: stage-1 invalidations need S1P, stage-2 ones need S2P. */
	switch (op) {
	case SMMU_CMD_TLBI_NH_ALL: case SMMU_CMD_TLBI_NH_ASID:
	case SMMU_CMD_TLBI_NH_VA: case SMMU_CMD_TLBI_NH_VAA:
		if (!s->cfg.s1p)
			return CMD_ILL;
		break;
	case SMMU_CMD_TLBI_S12_VMALL: case SMMU_CMD_TLBI_S2_IPA:
		if (!s->cfg.s2p)
			return CMD_ILL;
		break;
	default:
		break;
	}
	return cmd_tlbi(s, cmd);
}

static enum cmd_status cmd_tlbi_el2(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	/* §4.4.2: every EL2 command is CERROR_ILL without IDR0.HYP. */
	if (!s->cfg.hyp || !s->cfg.s1p)
		return CMD_ILL;
	return cmd_tlbi(s, cmd);
}

static enum cmd_status cmd_sync(struct smmu *s, const uint64_t cmd[CMD_DWORDS])
{
	unsigned cs = (unsigned)FIELD_GET(CMD_SYNC_0_CS, cmd[0]);

	s->stats.syncs++;
	switch (cs) {
	case CMD_SYNC_CS_NONE:
		return CMD_OK;
	case CMD_SYNC_CS_IRQ:
		/* §4.7.3: with MSI support the completion signal is a 32-bit write of MSIData. */
		/* ... "if MSIAddress is non-zero": a zero address asks for no write. */
		if (s->cfg.msi && FIELD_ADDR(CMD_SYNC_1_MSIADDR, cmd[1])) {
			uint64_t addr = FIELD_ADDR(CMD_SYNC_1_MSIADDR, cmd[1]);
			uint32_t data = (uint32_t)FIELD_GET(CMD_SYNC_0_MSIDATA, cmd[0]);

			if (smmu__msi_send(s, addr, data, NULL))
				smmu__gerror_raise(s, SMMU_GERROR_MSI_CMDQ_ABT_ERR);
		}
		return CMD_OK;
	case CMD_SYNC_CS_SEV:
		s->stats.sev++;
		return CMD_OK;
	}
	/* CS=0b11 is reserved: we treat it as an illegal command. */
	return CMD_ILL;
}

static cmd_fn cmd_handler(unsigned opcode)
{
	switch (opcode) {
#define X(name, op, fn) case op: return fn;
	SMMU_CMD_LIST(X)
#undef X
	}
	return NULL;
}

static void cmdq_error(struct smmu *s, unsigned cerror)
{
	s->cmdq.cons = (uint32_t)FIELD_SET(SMMU_CMDQ_CONS_ERR, s->cmdq.cons, cerror);
	s->stats.cmd_errors++;
	smmu__gerror_raise(s, SMMU_GERROR_CMDQ_ERR);
}

/* docs/timing.md: every command, plus invalidations and CMD_SYNC; and the
 * micro-TLBs go whenever any cached translation or configuration may. */
static void cmd_charge(struct smmu *s, unsigned op)
{
	const char *name = smmu_cmd_name(op);

	s->cmd_cycles += s->lat.cmd;
	if (op == SMMU_CMD_SYNC) {
		s->cmd_cycles += s->lat.sync;
	} else if (name && (!strncmp(name, "CMD_TLBI_", 9) || !strncmp(name, "CMD_CFGI_", 9))) {
		s->cmd_cycles += s->lat.inval;
		smmu__utlb_flush(s);
	}
}

void smmu__cmdq_process(struct smmu *s)
{
	struct smmu_queue *q = &s->cmdq;
	unsigned log2 = smmu__q_log2size(q, s->cfg.cmdqs);
	uint64_t base = FIELD_ADDR(SMMU_Q_BASE_ADDR, q->base_reg);

	while ((s->cr0ack & SMMU_CR0_CMDQEN) &&
	       !((s->gerror ^ s->gerrorn) & SMMU_GERROR_CMDQ_ERR) &&
	       !smmu__q_empty(q->prod, q->cons, log2)) {
		uint8_t bytes[CMD_SIZE];
		uint64_t cmd[CMD_DWORDS];
		uint64_t addr = base + (uint64_t)smmu__q_idx(q->cons, log2) * CMD_SIZE;
		cmd_fn fn;

		if (bus_read_block(s->bus, addr & s->oas_mask, bytes, sizeof(bytes), NULL)) {
			smmu__log(s, SM_LOG_WARN, "command fetch from 0x%llx aborted: CERROR_ABT",
				  (unsigned long long)addr);
			cmdq_error(s, SMMU_CERROR_ABT);
			return;
		}
		cmd[0] = mem_le_get(bytes, 8);
		cmd[1] = mem_le_get(bytes + 8, 8);
		s->stats.commands++;
		fn = cmd_handler((unsigned)FIELD_GET(CMD_0_OP, cmd[0]));
		if (!fn || fn(s, cmd) != CMD_OK) {
			smmu__log(s, SM_LOG_WARN, "illegal command 0x%02x at index %u: CERROR_ILL",
				  (unsigned)FIELD_GET(CMD_0_OP, cmd[0]), smmu__q_idx(q->cons, log2));
			cmdq_error(s, SMMU_CERROR_ILL);
			return;
		}
		cmd_charge(s, (unsigned)FIELD_GET(CMD_0_OP, cmd[0]));
		q->cons = (q->cons & (uint32_t)SMMU_CMDQ_CONS_ERR) | smmu__q_inc(q->cons, log2);
	}
}

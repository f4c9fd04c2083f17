/* SPDX-License-Identifier: MIT */
/*
 * fuzz_its: the input decodes into redistributor and ITS set-up (LPI
 * configuration and pending tables, Device and Collection tables, the
 * command queue), then well-formed mapping commands, LPI configuration
 * edits with and without invalidation, MSIs from devices and CPU
 * acknowledges.  The oracle (ref_its.c) checks that an LPI becomes pending
 * only for a mapped (DeviceID, EventID), only at its collection's target
 * redistributor, and that a CPU acknowledges it only if it is enabled.
 * MSIs go through the SMMU while it is disabled with GBPA.ABORT=0 (bypass),
 * so the DeviceID is the platform's StreamID map of the MSI's StreamID.
 */
#include <inttypes.h>
#include <string.h>

#include "fuzz_in.h"
#include "fuzz_targets.h"
#include "its/its_cmd.h"
#include "its/its_regs.h"
#include "ref_its.h"

#define PROP_BASE  UINT64_C(0x40000000)   /* 8 KiB: INTIDs 8192..16383 */
#define PEND_BASE  UINT64_C(0x40100000)   /* 64 KiB per CPU */
#define DEVT_BASE  UINT64_C(0x40200000)
#define COLT_BASE  UINT64_C(0x40300000)
#define ITT_BASE   UINT64_C(0x40400000)
#define CMDQ_BASE  UINT64_C(0x40f00000)
#define CMDQ_PAGES 16u
#define MAX_OPS    128

struct iz {
	struct fz_sink *s;
	struct fz_in in;
	struct ref_its r;
	uint64_t cwriter;
	uint64_t itt_next;
	bool broken;
};

static uint64_t its_reg(uint32_t off)
{
	return FZ_ITS_BASE + (uint64_t)off;
}

static uint64_t gicr_reg(unsigned cpu, uint32_t off)
{
	return FZ_GICR_BASE + (uint64_t)cpu * GICR_FRAME_SIZE + off;
}

static void its_cmd(struct iz *z, uint64_t c0, uint64_t c1, uint64_t c2, uint64_t c3)
{
	uint64_t slot = CMDQ_BASE + z->cwriter, creadr;

	if (z->broken)
		return;
	fz_write(z->s, slot, 8, c0);
	fz_write(z->s, slot + 8, 8, c1);
	fz_write(z->s, slot + 16, 8, c2);
	fz_write(z->s, slot + 24, 8, c3);
	z->cwriter = (z->cwriter + ITS_CMD_SIZE) % (CMDQ_PAGES * 0x1000u);
	fz_write(z->s, its_reg(GITS_CWRITER), 8, z->cwriter);
	creadr = fz_read(z->s, its_reg(GITS_CREADR), 8);
	if (creadr != z->cwriter) {
		z->broken = true;
		fz_violation(z->s, "well-formed ITS command 0x%016" PRIx64 " 0x%016" PRIx64
			     " 0x%016" PRIx64 " not completed: GITS_CREADR 0x%" PRIx64, c0, c1, c2,
			     creadr);
	}
}

static uint64_t op(unsigned opcode, uint32_t dev)
{
	return FIELD_PREP(ITS_CMD_0_OP, opcode) | FIELD_PREP(ITS_CMD_0_DEVICEID, dev);
}

static void mapc(struct iz *z, unsigned icid, unsigned cpu, bool v)
{
	its_cmd(z, op(ITS_CMD_MAPC, 0), 0,
		FIELD_PREP(ITS_CMD_2_ICID, icid) | FIELD_PREP(ITS_CMD_2_RDBASE, cpu) |
		(v ? ITS_CMD_2_V : 0), 0);
	z->r.coll[icid].v = v;
	z->r.coll[icid].cpu = cpu;
}

static void mapd(struct iz *z, unsigned dev, unsigned ebits, bool v)
{
	uint64_t itt = z->itt_next;

	z->itt_next += 0x1000; /* a fresh zeroed ITT each time, as a driver allocates one */
	its_cmd(z, op(ITS_CMD_MAPD, dev), FIELD_PREP(ITS_CMD_1_SIZE, ebits - 1),
		FIELD_ADDR(ITS_CMD_2_ITT_ADDR, itt) | (v ? ITS_CMD_2_V : 0), 0);
	z->r.dev[dev].v = v;
	z->r.dev[dev].ebits = ebits;
	memset(z->r.ite[dev], 0, sizeof(z->r.ite[dev]));
}

static void mapti(struct iz *z, unsigned dev, unsigned ev, unsigned lpi, unsigned icid)
{
	its_cmd(z, op(ITS_CMD_MAPTI, dev), FIELD_PREP(ITS_CMD_1_EVENTID, ev) |
		FIELD_PREP(ITS_CMD_1_PINTID, REF_ITS_LPI0 + lpi), FIELD_PREP(ITS_CMD_2_ICID, icid), 0);
	z->r.ite[dev][ev].v = true;
	z->r.ite[dev][ev].lpi = lpi;
	z->r.ite[dev][ev].icid = icid;
}

static void sync_all(struct iz *z)
{
	for (unsigned c = 0; c < REF_ITS_CPUS; c++)
		its_cmd(z, op(ITS_CMD_SYNC, 0), 0, FIELD_PREP(ITS_CMD_2_RDBASE, c), 0);
}

static void setup(struct iz *z)
{
	struct fz_in *in = &z->in;

	for (unsigned c = 0; c < REF_ITS_CPUS; c++) {
		z->r.cpu_lpis[c] = fz_chance(in, 232);
		fz_write(z->s, gicr_reg(c, GICR_PROPBASER), 8,
			 FIELD_ADDR(GICR_PROPBASER_PHYSICAL_ADDRESS, PROP_BASE) |
			 FIELD_PREP(GICR_PROPBASER_IDBITS, 13));
		fz_write(z->s, gicr_reg(c, GICR_PENDBASER), 8,
			 FIELD_ADDR(GICR_PENDBASER_PHYSICAL_ADDRESS, PEND_BASE + 0x10000u * c) |
			 GICR_PENDBASER_PTZ);
		fz_write(z->s, gicr_reg(c, GICR_WAKER), 4, 0);
		if (z->r.cpu_lpis[c])
			fz_write(z->s, gicr_reg(c, GICR_CTLR), 4, GICR_CTLR_ENABLELPIS);
	}
	for (unsigned l = 0; l < REF_ITS_LPIS; l++) {
		uint8_t b = (uint8_t)((fz_u8(in) & 0xfc) | (fz_chance(in, 200) ? 1 : 0));

		fz_write(z->s, PROP_BASE + l, 1, b);
		z->r.cfg[l] = b;
	}
	/* BASER0: Device table, 8 pages of 64 KiB, flat: room for 16-bit DeviceIDs */
	uint64_t b0 = fz_read(z->s, its_reg(GITS_BASER(0)), 8);
	uint64_t b1 = fz_read(z->s, its_reg(GITS_BASER(1)), 8);
	fz_write(z->s, its_reg(GITS_BASER(0)), 8,
		 (b0 & (GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE)) | GITS_BASER_VALID |
		 FIELD_ADDR(GITS_BASER_PHYSICAL_ADDRESS, DEVT_BASE) |
		 FIELD_PREP(GITS_BASER_PAGE_SIZE, GITS_BASER_PAGE_64K) | FIELD_PREP(GITS_BASER_SIZE, 7));
	fz_write(z->s, its_reg(GITS_BASER(1)), 8,
		 (b1 & (GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE)) | GITS_BASER_VALID |
		 FIELD_ADDR(GITS_BASER_PHYSICAL_ADDRESS, COLT_BASE) |
		 FIELD_PREP(GITS_BASER_PAGE_SIZE, GITS_BASER_PAGE_64K) | FIELD_PREP(GITS_BASER_SIZE, 0));
	fz_write(z->s, its_reg(GITS_CBASER), 8,
		 GITS_CBASER_VALID | FIELD_ADDR(GITS_CBASER_PHYSICAL_ADDRESS, CMDQ_BASE) |
		 FIELD_PREP(GITS_CBASER_SIZE, CMDQ_PAGES - 1));
	fz_write(z->s, its_reg(GITS_CWRITER), 8, 0);
	z->r.enabled = fz_chance(in, 240);
	if (z->r.enabled)
		fz_write(z->s, its_reg(GITS_CTLR), 4, GITS_CTLR_ENABLED);
	if (!z->r.enabled) {
		z->broken = true; /* commands do not run with the ITS disabled */
		return;
	}
	for (unsigned c = 0; c < REF_ITS_CPUS; c++)
		mapc(z, c, c, true);
	/* A driver's usual start: a few devices with a few events each, so MSIs land. */
	for (unsigned dev = 0, n = 2 + (unsigned)fz_below(in, REF_ITS_DEVS - 1); dev < n; dev++) {
		mapd(z, dev, 1 + (unsigned)fz_below(in, 5), true);
		for (unsigned ev = 0; ev < (1u << z->r.dev[dev].ebits) && fz_chance(in, 192); ev++) {
			unsigned lpi = (unsigned)fz_below(in, REF_ITS_LPIS);

			mapti(z, dev, ev, lpi, (unsigned)fz_below(in, REF_ITS_CPUS));
		}
	}
	sync_all(z);
}

/* ---- operations -------------------------------------------------------------- */

static bool pick_mapped(struct iz *z, unsigned *dev, unsigned *ev)
{
	*dev = (unsigned)fz_below(&z->in, REF_ITS_DEVS);
	*ev = (unsigned)fz_below(&z->in, REF_ITS_EVENTS);
	return z->r.dev[*dev].v && *ev < (1u << z->r.dev[*dev].ebits) && z->r.ite[*dev][*ev].v;
}

static void do_command(struct iz *z)
{
	struct fz_in *in = &z->in;
	unsigned dev, ev, icid = (unsigned)fz_below(in, REF_ITS_COLLS);
	unsigned cpu = (unsigned)fz_below(in, REF_ITS_CPUS);
	bool mapped = pick_mapped(z, &dev, &ev);

	switch (fz_u8(in) % 9) {
	case 0:
		mapd(z, dev, 1 + (unsigned)fz_below(in, 5), fz_chance(in, 220));
		break;
	case 1:
		mapc(z, icid, cpu, fz_chance(in, 220));
		break;
	case 2: /* MAPTI: needs the device mapped and the event inside its ITT */
		if (z->r.dev[dev].v && ev < (1u << z->r.dev[dev].ebits))
			mapti(z, dev, ev, (unsigned)fz_below(in, REF_ITS_LPIS), icid);
		break;
	case 3: /* DISCARD reads the ITE's collection too (IHI 0069 DISCARD: ITE_INVALID) */
		if (mapped && z->r.coll[z->r.ite[dev][ev].icid].v) {
			its_cmd(z, op(ITS_CMD_DISCARD, dev), FIELD_PREP(ITS_CMD_1_EVENTID, ev), 0, 0);
			/* DISCARD also removes the pending state at the target */
			z->r.pending[z->r.coll[z->r.ite[dev][ev].icid].cpu][z->r.ite[dev][ev].lpi] = false;
			z->r.ite[dev][ev].v = false;
		}
		break;
	case 4: { /* MOVI, when nothing is pending (where pending moves is not modelled here) */
		bool any = false;

		if (!mapped || !z->r.coll[icid].v || !z->r.coll[z->r.ite[dev][ev].icid].v)
			break;
		for (unsigned c = 0; c < REF_ITS_CPUS; c++)
			any |= z->r.pending[c][z->r.ite[dev][ev].lpi];
		if (any)
			break;
		its_cmd(z, op(ITS_CMD_MOVI, dev), FIELD_PREP(ITS_CMD_1_EVENTID, ev),
			FIELD_PREP(ITS_CMD_2_ICID, icid), 0);
		z->r.ite[dev][ev].icid = icid;
		break;
	}
	case 5: /* INV: the target redistributor reloads the configuration byte */
		if (mapped && z->r.coll[z->r.ite[dev][ev].icid].v) {
			its_cmd(z, op(ITS_CMD_INV, dev), FIELD_PREP(ITS_CMD_1_EVENTID, ev), 0, 0);
			ref_its_cfg_inv(&z->r, z->r.coll[z->r.ite[dev][ev].icid].cpu,
					(int)z->r.ite[dev][ev].lpi);
		}
		break;
	case 6: /* INT / CLEAR: set or clear pending as an MSI would */
		if (mapped && z->r.coll[z->r.ite[dev][ev].icid].v) {
			bool set = fz_chance(in, 160);
			unsigned c = z->r.coll[z->r.ite[dev][ev].icid].cpu;

			its_cmd(z, op(set ? ITS_CMD_INT : ITS_CMD_CLEAR, dev),
				FIELD_PREP(ITS_CMD_1_EVENTID, ev), 0, 0);
			if (z->r.cpu_lpis[c])
				z->r.pending[c][z->r.ite[dev][ev].lpi] = set;
		}
		break;
	case 7:
		if (z->r.coll[icid].v)
			its_cmd(z, op(ITS_CMD_INVALL, 0), 0, FIELD_PREP(ITS_CMD_2_ICID, icid), 0);
		break;
	default:
		its_cmd(z, op(ITS_CMD_SYNC, 0), 0, FIELD_PREP(ITS_CMD_2_RDBASE, cpu), 0);
		break;
	}
}

static void do_cfg(struct iz *z)
{
	unsigned lpi = (unsigned)fz_below(&z->in, REF_ITS_LPIS);
	uint8_t b = (uint8_t)((fz_u8(&z->in) & 0xfc) | (fz_chance(&z->in, 128) ? 1 : 0));

	fz_write(z->s, PROP_BASE + lpi, 1, b);
	ref_its_cfg_write(&z->r, lpi, b);
	if (fz_chance(&z->in, 128)) {
		/* GICR_INVLPIR at every redistributor: the byte is in use everywhere */
		for (unsigned c = 0; c < REF_ITS_CPUS; c++) {
			fz_write(z->s, gicr_reg(c, GICR_INVLPIR), 8, REF_ITS_LPI0 + lpi);
			ref_its_cfg_inv(&z->r, c, (int)lpi);
		}
	} else if (fz_chance(&z->in, 64)) {
		unsigned c = (unsigned)fz_below(&z->in, REF_ITS_CPUS);

		fz_write(z->s, gicr_reg(c, GICR_INVALLR), 8, 0);
		ref_its_cfg_inv(&z->r, c, -1);
	}
}

static void do_msi(struct iz *z)
{
	uint32_t dev = (uint32_t)fz_below(&z->in, REF_ITS_DEVS + 1);
	uint32_t ev = (uint32_t)fz_below(&z->in, REF_ITS_EVENTS + 2);
	uint8_t data[4] = { (uint8_t)ev, 0, 0, 0 };
	struct smmuits_txn t = { .sid = dev, .iova = FZ_ITS_BASE + GITS_TRANSLATER, .size = 4,
				 .write = true, .msi = true, .data = data };
	struct smmuits_txn_result res;
	struct fz_expect e, want;
	unsigned lpi = 0, cpu = 0;
	const char *why = NULL, *bad = NULL;
	int ok = ref_its_msi(&z->r, dev, ev, &lpi, &cpu, &why);

	if (fz_txn(z->s, &t, &res))
		return;
	fz_expect_of(&res, &e);
	want = ok ? (struct fz_expect){ .kind = FZ_EXP_LPI, .intid = REF_ITS_LPI0 + lpi, .cpu = (int)cpu }
		  : (struct fz_expect){ .kind = FZ_EXP_DROP };
	if (ok && (res.outcome != SMMUITS_LPI || res.intid != REF_ITS_LPI0 + lpi || res.cpu != (int)cpu))
		bad = "the mapping demands this LPI at this CPU";
	else if (!ok && res.outcome == SMMUITS_LPI)
		bad = why;
	fz_print_txn(z->s, &t, bad ? &want : &e);
	if (bad) {
		fz_violation(z->s, "MSI DeviceID %u EventID %u: model %s intid %u cpu %d (%s), reference %s "
			     "intid %u cpu %u: %s", dev, ev, smmuits_outcome_name(res.outcome), res.intid,
			     res.cpu, res.drop_reason ? res.drop_reason : "", ok ? "lpi" : "drop",
			     REF_ITS_LPI0 + lpi, cpu, bad);
		return;
	}
	if (ok) {
		z->r.pending[cpu][lpi] = true;
		if (smmuits_lpi_pending(z->s->sys, cpu, REF_ITS_LPI0 + lpi) != 1)
			fz_violation(z->s, "LPI %u made pending at cpu %u is not pending there",
				     REF_ITS_LPI0 + lpi, cpu);
	}
}

static void do_ack(struct iz *z)
{
	unsigned cpu = (unsigned)fz_below(&z->in, REF_ITS_CPUS);
	uint32_t intid = 0;
	int rc = fz_ack(z->s, cpu, &intid, NULL);
	int got = rc > 0 ? -1 : (int)intid - (int)REF_ITS_LPI0;
	const char *bad;

	if (rc < 0) {
		fz_violation(z->s, "ack at cpu %u refused", cpu);
		return;
	}
	if (rc == 0 && (intid < REF_ITS_LPI0 || intid >= REF_ITS_LPI0 + REF_ITS_LPIS))
		got = REF_ITS_LPIS; /* out of anything software mapped: ref_its_ack rejects it */
	bad = ref_its_ack(&z->r, cpu, got);
	if (bad)
		fz_violation(z->s, "cpu %u acknowledged %s%u: %s", cpu, rc > 0 ? "spurious " : "",
			     intid, bad);
}

/* Pending state is never cached: the model must agree with the reference exactly. */
static void probe_pending(struct iz *z)
{
	unsigned cpu = (unsigned)fz_below(&z->in, REF_ITS_CPUS);
	unsigned lpi = (unsigned)fz_below(&z->in, REF_ITS_LPIS);
	int p = smmuits_lpi_pending(z->s->sys, cpu, REF_ITS_LPI0 + lpi);

	if (z->s->trace)
		fprintf(z->s->trace, "expect-pending intid=%u cpu=%u state=%d\n", REF_ITS_LPI0 + lpi,
			cpu, z->r.pending[cpu][lpi]);
	if (p != (int)z->r.pending[cpu][lpi])
		fz_violation(z->s, "LPI %u at cpu %u: model pending=%d, reference %d",
			     REF_ITS_LPI0 + lpi, cpu, p, z->r.pending[cpu][lpi]);
}

void fz_its_run(struct fz_sink *s, const uint8_t *data, size_t size)
{
	struct iz z;

	memset(&z, 0, sizeof(z));
	z.s = s;
	z.in = (struct fz_in){ data, size, 0 };
	z.itt_next = ITT_BASE;
	setup(&z);
	for (unsigned i = 0; i < MAX_OPS && !fz_done(&z.in); i++) {
		switch (fz_u8(&z.in) % 8) {
		case 0: case 1: case 2:
			do_command(&z);
			break;
		case 3:
			do_cfg(&z);
			break;
		case 4: case 5:
			do_msi(&z);
			break;
		case 6:
			do_ack(&z);
			break;
		default:
			probe_pending(&z);
			break;
		}
	}
}

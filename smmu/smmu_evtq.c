/* SPDX-License-Identifier: MIT */
/*
 * Event queue, global errors and the SMMU's own MSIs.
 *
 * IHI 0070 §7.4 "Event queue overflow": a record that finds the enabled
 * queue full is discarded and PROD.OVFLG toggles, unless an overflow is
 * already pending (OVFLG != CONS.OVACKFLG).  With EVENTQEN=0 records are
 * discarded and no overflow is signalled.
 * §7.5 and §6.3.21-23: GERROR/EVENTQ interrupts are MSIs when
 * IDR0.MSI=1 and the IRQ_CFG0 address is non-zero; the SMMU's MSIs are
 * not translated by the SMMU itself.
 */
#include "smmu/smmu_internal.h"

void smmu_event_encode(const struct smmu_event *ev, uint64_t rec[EVT_DWORDS])
{
	rec[0] = FIELD_PREP(EVT_0_TYPE, ev->type) | FIELD_PREP(EVT_0_SSV, ev->ssv) |
		 FIELD_PREP(EVT_0_SSID, ev->ssid) | FIELD_PREP(EVT_0_SID, ev->sid);
	rec[1] = FIELD_PREP(EVT_1_PNU, ev->pnu) | FIELD_PREP(EVT_1_IND, ev->ind) |
		 FIELD_PREP(EVT_1_RNW, ev->rnw) | FIELD_PREP(EVT_1_S2, ev->s2) |
		 FIELD_PREP(EVT_1_CLASS, ev->class_) | FIELD_PREP(EVT_1_TTRNW, ev->ttrnw);
	rec[2] = ev->input_addr;
	rec[3] = ev->addr3;
}

void smmu_event_decode(const uint64_t rec[EVT_DWORDS], struct smmu_event *ev)
{
	ev->type = (enum smmu_event_type)FIELD_GET(EVT_0_TYPE, rec[0]);
	ev->ssv = FIELD_GET(EVT_0_SSV, rec[0]);
	ev->ssid = (uint32_t)FIELD_GET(EVT_0_SSID, rec[0]);
	ev->sid = (uint32_t)FIELD_GET(EVT_0_SID, rec[0]);
	ev->pnu = FIELD_GET(EVT_1_PNU, rec[1]);
	ev->ind = FIELD_GET(EVT_1_IND, rec[1]);
	ev->rnw = FIELD_GET(EVT_1_RNW, rec[1]);
	ev->s2 = FIELD_GET(EVT_1_S2, rec[1]);
	ev->class_ = (unsigned)FIELD_GET(EVT_1_CLASS, rec[1]);
	ev->ttrnw = FIELD_GET(EVT_1_TTRNW, rec[1]);
	ev->input_addr = rec[2];
	ev->addr3 = rec[3];
}

int smmu__msi_send(struct smmu *s, uint64_t addr, uint32_t data, struct bus_attrs *attrs)
{
	struct bus_attrs a = { .src_id = s->cfg.devid, .flags = BUS_ATTR_SRC_VALID };
	int rc = bus_write(s->bus, addr & s->oas_mask, 4, data, &a);

	if (attrs)
		attrs->cycles += a.cycles;
	s->stats.msis_sent++;
	if (rc)
		smmu__log(s, SM_LOG_WARN, "MSI write of 0x%x to 0x%llx failed: %s", data,
			  (unsigned long long)addr, sm_strerror(rc));
	return rc;
}

void smmu__gerror_raise(struct smmu *s, uint32_t bits)
{
	uint32_t active = s->gerror ^ s->gerrorn;
	uint32_t newbits = bits & ~active;

	/* An error already active is not raised again until software acknowledges it. */
	if (!newbits)
		return;
	s->gerror ^= newbits;
	if (s->cfg.msi && (s->irq_ctrlack & SMMU_IRQ_CTRL_GERROR_IRQEN) && s->gerror_irq_cfg0 &&
	    !(newbits & SMMU_GERROR_MSI_GERROR_ABT_ERR)) {
		if (smmu__msi_send(s, s->gerror_irq_cfg0, s->gerror_irq_cfg1, NULL))
			smmu__gerror_raise(s, SMMU_GERROR_MSI_GERROR_ABT_ERR);
	}
}

enum smmu_event_status smmu__event_record(struct smmu *s, const struct smmu_event *ev,
					  struct bus_attrs *attrs)
{
	struct smmu_queue *q = &s->evtq;
	unsigned log2 = smmu__q_log2size(q, s->cfg.eventqs);
	uint64_t rec[EVT_DWORDS];
	uint8_t bytes[EVT_SIZE];
	uint64_t addr;

	if (!(s->cr0ack & SMMU_CR0_EVENTQEN)) {
		s->stats.events_dropped++;
		return SMMU_EVQ_DISABLED;
	}
	if (smmu__q_full(q->prod, q->cons, log2)) {
		bool pending = ((q->prod ^ q->cons) & SMMU_EVENTQ_PROD_OVFLG) != 0;

		if (!pending)
			q->prod ^= SMMU_EVENTQ_PROD_OVFLG;
		s->stats.events_dropped++;
		return SMMU_EVQ_OVERFLOW;
	}
	smmu_event_encode(ev, rec);
	for (unsigned i = 0; i < EVT_DWORDS; i++)
		mem_le_put(&bytes[i * 8], 8, rec[i]);
	addr = FIELD_ADDR(SMMU_Q_BASE_ADDR, q->base_reg) +
	       (uint64_t)smmu__q_idx(q->prod, log2) * EVT_SIZE;
	if (bus_write_block(s->bus, addr & s->oas_mask, bytes, sizeof(bytes), attrs)) {
		smmu__gerror_raise(s, SMMU_GERROR_EVENTQ_ABT_ERR);
		s->stats.events_dropped++;
		return SMMU_EVQ_ABORTED;
	}
	q->prod = (q->prod & SMMU_EVENTQ_PROD_OVFLG) | smmu__q_inc(q->prod, log2);
	s->stats.events_recorded++;
	/* IMPDEF: one MSI per record written (no interrupt coalescing). */
	if (s->cfg.msi && (s->irq_ctrlack & SMMU_IRQ_CTRL_EVENTQ_IRQEN) && s->eventq_irq_cfg0) {
		if (smmu__msi_send(s, s->eventq_irq_cfg0, s->eventq_irq_cfg1, attrs))
			smmu__gerror_raise(s, SMMU_GERROR_MSI_EVENTQ_ABT_ERR);
	}
	return SMMU_EVQ_RECORDED;
}

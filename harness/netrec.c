/* SPDX-License-Identifier: MIT */
/* Trace lines for a recorded NIC run (netrec.h). */
#include <stdarg.h>

#include "harness/netrec.h"

void netrec_printf(struct netrec *r, const char *fmt, ...)
{
	va_list ap;

	if (!r || !r->f)
		return;
	va_start(ap, fmt);
	if (vfprintf(r->f, fmt, ap) < 0)
		r->error = 1;
	va_end(ap);
}

static void hex(struct netrec *r, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fprintf(r->f, "%02x", b[i]) < 0)
			r->error = 1;
}

void netrec_bytes(struct netrec *r, uint64_t pa, const uint8_t *buf, size_t len)
{
	if (!r || !r->f)
		return;
	for (size_t off = 0; off < len; off += NETREC_CHUNK) {
		size_t n = len - off < NETREC_CHUNK ? len - off : NETREC_CHUNK;

		netrec_printf(r, "write-bytes 0x%llx ", (unsigned long long)(pa + off));
		hex(r, buf + off, n);
		netrec_printf(r, "\n");
	}
}

/* The expect= that matches what happened, so the replay checks the same outcome. */
static void outcome(struct netrec *r, const struct smmuits_txn_result *res)
{
	switch (res->outcome) {
	case SMMUITS_TRANSLATED:
		netrec_printf(r, " expect=pa:0x%llx", (unsigned long long)res->pa);
		break;
	case SMMUITS_FAULT:
		netrec_printf(r, " expect=fault:%s", res->fault_name);
		break;
	case SMMUITS_LPI:
		netrec_printf(r, " expect=lpi:%u@cpu%d", res->intid, res->cpu);
		break;
	case SMMUITS_ITS_DROP:
		netrec_printf(r, " expect=its-drop:%s", res->drop_reason);
		break;
	case SMMUITS_BYPASS: case SMMUITS_ABORT: case SMMUITS_MEM:
		netrec_printf(r, " expect=%s", smmuits_outcome_name(res->outcome));
		break;
	default:
		break; /* unsupported, bus-error: the replay reports them itself */
	}
}

void netrec_txn(struct netrec *r, const struct smmuits_txn *t, const struct smmuits_txn_result *res)
{
	bool done = res->outcome == SMMUITS_TRANSLATED || res->outcome == SMMUITS_BYPASS;

	if (!r || !r->f)
		return;
	if (t->msi) {
		netrec_printf(r, "msi sid=0x%x iova=0x%llx data=%u", t->sid, (unsigned long long)t->iova,
			      (unsigned)(t->data[0] | t->data[1] << 8 | t->data[2] << 16 |
					 (uint32_t)t->data[3] << 24));
	} else {
		netrec_printf(r, "dma %s sid=0x%x iova=0x%llx size=%u", t->write ? "write" : "read",
			      t->sid, (unsigned long long)t->iova, t->size);
		/* A write's data always; a read's only when it was performed (else there is none). */
		if (t->write || done) {
			netrec_printf(r, " hex=");
			hex(r, t->data, t->size);
		}
	}
	outcome(r, res);
	netrec_printf(r, "\n");
}

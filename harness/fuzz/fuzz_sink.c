/* SPDX-License-Identifier: MIT */
/* The fuzz decoders' actions: model calls, trace lines and the memory shadow. */
#include "fuzz_sink.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void fz_sink_begin(struct fz_sink *s, struct smmuits *sys, FILE *trace)
{
	s->sys = sys;
	s->trace = trace;
	s->violations = 0;
	for (unsigned i = 0; i < s->nreg; i++) {
		memset(s->reg[i].shadow, 0, s->reg[i].len);
		s->reg[i].len = 0;
	}
	s->nreg = 0;
}

void fz_sink_free(struct fz_sink *s)
{
	for (unsigned i = 0; i < FZ_MAX_REGIONS; i++)
		free(s->reg[i].shadow);
	free(s->scratch);
	memset(s, 0, sizeof(*s));
}

int fz_track(struct fz_sink *s, uint64_t base, size_t cap)
{
	struct fz_region *r;

	if (s->nreg == FZ_MAX_REGIONS)
		return -1;
	r = &s->reg[s->nreg];
	if (r->cap < cap) {
		uint8_t *p = realloc(r->shadow, cap);

		if (!p)
			return -1;
		memset(p, 0, cap);
		r->shadow = p;
		r->cap = cap;
	}
	if (s->scratch_cap < cap) {
		uint8_t *p = realloc(s->scratch, cap);

		if (!p)
			return -1;
		s->scratch = p;
		s->scratch_cap = cap;
	}
	r->base = base;
	r->len = 0;
	return (int)s->nreg++;
}

void fz_track_grow(struct fz_sink *s, unsigned region, size_t len)
{
	struct fz_region *r = &s->reg[region];

	if (len > r->cap)
		len = r->cap;
	if (len > r->len)
		r->len = len;
}

/* The region byte pa falls in (within its capacity), or NULL. */
static struct fz_region *region_of(const struct fz_sink *s, uint64_t pa)
{
	for (unsigned i = 0; i < s->nreg; i++) {
		const struct fz_region *r = &s->reg[i];

		if (pa >= r->base && pa - r->base < r->cap)
			return (struct fz_region *)r;
	}
	return NULL;
}

/* Apply len bytes at pa to every tracked region they overlap (buf NULL: all equal to byte). */
static void shadow_apply(struct fz_sink *s, uint64_t pa, const uint8_t *buf, uint8_t byte,
			 uint64_t len)
{
	for (unsigned i = 0; i < s->nreg; i++) {
		struct fz_region *r = &s->reg[i];
		uint64_t lo = pa > r->base ? pa : r->base;
		uint64_t hi = pa + len < r->base + r->cap ? pa + len : r->base + r->cap;

		if (lo >= hi)
			continue;
		if (buf)
			memcpy(r->shadow + (lo - r->base), buf + (lo - pa), (size_t)(hi - lo));
		else
			memset(r->shadow + (lo - r->base), byte, (size_t)(hi - lo));
		if (hi - r->base > r->len)
			r->len = (size_t)(hi - r->base);
	}
}

static void shadow_put(struct fz_sink *s, uint64_t pa, const uint8_t *buf, size_t len)
{
	shadow_apply(s, pa, buf, 0, len);
}

int fz_shadow_get(const struct fz_sink *s, uint64_t pa, uint64_t *val)
{
	const struct fz_region *r = region_of(s, pa);
	uint64_t v = 0;

	if (!r || pa - r->base + 8 > r->cap)
		return -1;
	for (unsigned k = 0; k < 8; k++)
		v |= (uint64_t)r->shadow[pa - r->base + k] << (8 * k);
	*val = v;
	return 0;
}

static bool is_ram(uint64_t pa)
{
	/* qemu-virt RAM; only RAM writes are shadowed (registers have side effects). */
	return pa >= 0x40000000u && pa < 0x80000000u;
}

int fz_write(struct fz_sink *s, uint64_t pa, unsigned size, uint64_t val)
{
	uint8_t b[8];

	if (s->trace)
		fprintf(s->trace, "write%u 0x%" PRIx64 " 0x%" PRIx64 "\n", size * 8, pa, val);
	int rc = smmuits_write(s->sys, pa, size, val, NULL);
	if (!rc && is_ram(pa)) {
		for (unsigned k = 0; k < size; k++)
			b[k] = (uint8_t)(val >> (8 * k));
		shadow_put(s, pa, b, size);
	}
	return rc;
}

uint64_t fz_read(struct fz_sink *s, uint64_t pa, unsigned size)
{
	uint64_t v = 0;

	if (smmuits_read(s->sys, pa, size, &v, NULL))
		v = 0;
	if (s->trace)
		fprintf(s->trace, "read%u 0x%" PRIx64 "\n", size * 8, pa);
	return v;
}

int fz_fill(struct fz_sink *s, uint64_t pa, uint64_t len, uint8_t byte)
{
	int rc;

	if (s->trace)
		fprintf(s->trace, "fill 0x%" PRIx64 " 0x%" PRIx64 " 0x%x\n", pa, len, byte);
	rc = smmuits_fill(s->sys, pa, len, byte);
	if (!rc)
		shadow_apply(s, pa, NULL, byte, len);
	return rc;
}

static void print_expect(FILE *f, const struct fz_expect *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case FZ_EXP_NONE:   break;
	case FZ_EXP_PA:     fprintf(f, " expect=pa:0x%" PRIx64, e->pa); break;
	case FZ_EXP_BYPASS: fprintf(f, " expect=bypass"); break;
	case FZ_EXP_ABORT:  fprintf(f, " expect=abort"); break;
	case FZ_EXP_FAULT:  fprintf(f, " expect=fault:%s", e->fault); break;
	case FZ_EXP_LPI:    fprintf(f, " expect=lpi:%u@cpu%d", e->intid, e->cpu); break;
	case FZ_EXP_DROP:   fprintf(f, " expect=its-drop"); break;
	}
}

void fz_print_txn(struct fz_sink *s, const struct smmuits_txn *t, const struct fz_expect *e)
{
	FILE *f = s->trace;

	if (!f)
		return;
	if (t->msi) {
		fprintf(f, "msi sid=0x%x iova=0x%" PRIx64 " data=%u", t->sid, t->iova,
			(unsigned)(t->data[0] | t->data[1] << 8 | t->data[2] << 16 |
				   (uint32_t)t->data[3] << 24));
		if (t->ssv)
			fprintf(f, " ssid=0x%x", t->ssid);
	} else {
		fprintf(f, "dma %s sid=0x%x iova=0x%" PRIx64 " size=%u", t->write ? "write" : "read",
			t->sid, t->iova, t->size);
		if (t->ssv)
			fprintf(f, " ssid=0x%x", t->ssid);
		if (t->write) {
			uint64_t v = 0;

			if (t->size <= 8)
				for (unsigned k = 0; k < t->size; k++)
					v |= (uint64_t)t->data[k] << (8 * k);
			else
				v = t->data[0];
			fprintf(f, " data=0x%" PRIx64, v);
		}
		if (t->priv)
			fprintf(f, " priv");
		if (t->exec)
			fprintf(f, " exec");
	}
	print_expect(f, e);
	fprintf(f, "\n");
}

int fz_txn(struct fz_sink *s, const struct smmuits_txn *t, struct smmuits_txn_result *res)
{
	char err[160];
	int rc;

	rc = smmuits_txn(s->sys, t, res, err, sizeof(err));
	if (rc)
		return rc;
	if (t->write && (res->outcome == SMMUITS_TRANSLATED || res->outcome == SMMUITS_BYPASS ||
			 res->outcome == SMMUITS_MEM) && is_ram(res->pa))
		shadow_put(s, res->pa, t->data, t->size);
	return 0;
}

int fz_ack(struct fz_sink *s, unsigned cpu, uint32_t *intid, const char *expect)
{
	if (s->trace)
		fprintf(s->trace, "ack cpu=%u%s%s\n", cpu, expect ? " expect=" : "",
			expect ? expect : "");
	return smmuits_ack(s->sys, cpu, intid);
}

void fz_expect_of(const struct smmuits_txn_result *res, struct fz_expect *e)
{
	memset(e, 0, sizeof(*e));
	switch (res->outcome) {
	case SMMUITS_TRANSLATED: e->kind = FZ_EXP_PA, e->pa = res->pa; break;
	case SMMUITS_BYPASS:     e->kind = FZ_EXP_BYPASS; break;
	case SMMUITS_ABORT:      e->kind = FZ_EXP_ABORT; break;
	case SMMUITS_FAULT:      e->kind = FZ_EXP_FAULT, e->fault = res->fault_name; break;
	case SMMUITS_LPI:        e->kind = FZ_EXP_LPI, e->intid = res->intid, e->cpu = res->cpu; break;
	case SMMUITS_ITS_DROP:   e->kind = FZ_EXP_DROP; break;
	default:                 e->kind = FZ_EXP_NONE; break;
	}
}

void fz_check_memory(struct fz_sink *s, const char *after)
{
	for (unsigned i = 0; i < s->nreg; i++) {
		const struct fz_region *r = &s->reg[i];

		if (!r->len)
			continue;
		if (smmuits_read_block(s->sys, r->base, s->scratch, r->len)) {
			fz_violation(s, "tracked memory at 0x%" PRIx64 " cannot be read back", r->base);
			continue;
		}
		if (memcmp(s->scratch, r->shadow, r->len)) {
			size_t k = 0;

			while (s->scratch[k] == r->shadow[k])
				k++;
			fz_violation(s, "memory at 0x%" PRIx64 " changed behind software's back "
				     "after %s: model has 0x%02x, expected 0x%02x (no write was reported "
				     "there)", r->base + k, after, s->scratch[k], r->shadow[k]);
			/* Resynchronise so one corruption is reported once. */
			memcpy(r->shadow, s->scratch, r->len);
		}
	}
}

static void vnote(struct fz_sink *s, const char *prefix, const char *fmt, va_list ap)
{
	if (!s->trace)
		return;
	fprintf(s->trace, "# %s", prefix);
	vfprintf(s->trace, fmt, ap);
	fprintf(s->trace, "\n");
}

void fz_note(struct fz_sink *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(s, "", fmt, ap);
	va_end(ap);
}

void fz_violation(struct fz_sink *s, const char *fmt, ...)
{
	va_list ap;

	s->violations++;
	va_start(ap, fmt);
	vnote(s, "ORACLE VIOLATION: ", fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	fprintf(stderr, "smmuits fuzz oracle violation: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n(run `smmuits fuzz-repro INPUT --target NAME` for a readable trace)\n");
	va_end(ap);
	if (!s->keep_going)
		abort();
}

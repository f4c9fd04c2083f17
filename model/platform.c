/* SPDX-License-Identifier: MIT */
/*
 * Platform description parser (format: docs/platform-format.md).
 *
 * The parser walks the text by pointer and length and never copies a line,
 * so a line may be as long as the text; tokens are (pointer, length) pairs
 * into it.  Every error names "SRC:LINE" and leaves *out zeroed, so a caller
 * never sees a half-parsed platform.
 */
#include "platform.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAT_FILE_MAX (UINT64_C(1) << 20)

/* More than any valid line can carry: keyword, base, size, name= and props. */
#define PLAT_MAX_TOKENS (4 + PLAT_MAX_PROPS)

/* Longest slice of a bad token quoted back in a message. */
#define PLAT_QUOTE_MAX 40

/*
 * The built-ins are the files of platforms/, embedded by platforms/embed.py
 * (plat_builtin_table, plat_builtin_name_list): the shipped file is the text.
 */

/* Where `meson install` puts the files of platforms/ (set by meson.build). */
#ifndef SMMUITS_PLATFORM_DIR
#define SMMUITS_PLATFORM_DIR "/usr/local/share/smmuits/platforms"
#endif

static const char *const plat_dev_kinds[] = { "smmu", "its", "gicd", "gicr", "mmio" };

struct plat_tok {
	const char *p;
	size_t len;
};

struct plat_parser {
	const char *src;
	unsigned line;
	struct platform *out;
	struct sm_err *err;
	bool have_name;
	unsigned name_line;
	bool guest;             /* a guest layout: name, ram, dma-window, iova-bits */
	bool have_iova_bits;
};

static bool plat_tok_is(const struct plat_tok *t, const char *s)
{
	size_t n = strlen(s);

	return t->len == n && memcmp(t->p, s, n) == 0;
}

/* Quote a token back without flooding the message with a huge line. */
static int plat_qlen(const struct plat_tok *t)
{
	return (int)(t->len > PLAT_QUOTE_MAX ? PLAT_QUOTE_MAX : t->len);
}

__attribute__((format(printf, 2, 3)))
static int plat_fail(struct plat_parser *ps, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sm_err_set(ps->err, SM_EINVAL, "%s:%u: %s", ps->src, ps->line, msg);
}

/* Decimal or 0x-hex, the whole token, no sign, no overflow. */
static bool plat_num(const struct plat_tok *t, uint64_t *val)
{
	const char *p = t->p;
	size_t n = t->len;
	unsigned base = 10;
	uint64_t v = 0;

	if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		n -= 2;
	}
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d;
		char c = p[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*val = v;
	return true;
}

static int plat_num_tok(struct plat_parser *ps, const struct plat_tok *t,
			const char *what, uint64_t *val)
{
	if (!plat_num(t, val))
		return plat_fail(ps, "bad %s '%.*s' (want decimal or 0x-hex, at most 2^64-1)",
				 what, plat_qlen(t), t->p);
	return SM_OK;
}

/* Split key=value; both halves must be non-empty. */
static bool plat_kv(const struct plat_tok *t, struct plat_tok *k, struct plat_tok *v)
{
	const char *eq = memchr(t->p, '=', t->len);

	if (!eq || eq == t->p || eq == t->p + t->len - 1)
		return false;
	k->p = t->p;
	k->len = (size_t)(eq - t->p);
	v->p = eq + 1;
	v->len = t->len - k->len - 1;
	return true;
}

static int plat_copy_name(struct plat_parser *ps, char *dst, const struct plat_tok *v)
{
	if (v->len >= PLAT_NAME_LEN)
		return plat_fail(ps, "name '%.*s...' longer than %d characters",
				 plat_qlen(v), v->p, PLAT_NAME_LEN - 1);
	memcpy(dst, v->p, v->len);
	dst[v->len] = '\0';
	return SM_OK;
}

/* Parse BASE SIZE and reject empty or wrapping ranges. */
static int plat_range(struct plat_parser *ps, const struct plat_tok *tok,
		      uint64_t *base, uint64_t *size)
{
	int rc;

	if ((rc = plat_num_tok(ps, &tok[0], "base", base)) ||
	    (rc = plat_num_tok(ps, &tok[1], "size", size)))
		return rc;
	if (*size == 0)
		return plat_fail(ps, "size is 0");
	/* Inclusive last byte: a range may end exactly at 2^64 - 1. */
	if (*size - 1 > UINT64_MAX - *base)
		return plat_fail(ps, "range 0x%" PRIx64 " size 0x%" PRIx64
				 " wraps past 2^64", *base, *size);
	return SM_OK;
}

/* Every ram range and device window shares one physical address space. */
static int plat_check_overlap(struct plat_parser *ps, const char *what,
			      const char *name, uint64_t base, uint64_t size)
{
	const struct platform *p = ps->out;
	uint64_t last = base + (size - 1);

	for (unsigned i = 0; i < p->nram; i++) {
		const struct plat_range *r = &p->ram[i];
		uint64_t rl = r->base + (r->size - 1);

		if (r->base <= last && base <= rl)
			return plat_fail(ps, "%s '%s' [0x%" PRIx64 "-0x%" PRIx64
					 "] overlaps ram '%s' [0x%" PRIx64 "-0x%" PRIx64 "]",
					 what, name, base, last, r->name, r->base, rl);
	}
	for (unsigned i = 0; i < p->ndevs; i++) {
		const struct plat_dev *d = &p->devs[i];
		uint64_t dl = d->base + (d->size - 1);

		if (d->base <= last && base <= dl)
			return plat_fail(ps, "%s '%s' [0x%" PRIx64 "-0x%" PRIx64
					 "] overlaps %s '%s' [0x%" PRIx64 "-0x%" PRIx64
					 "] (line %u)",
					 what, name, base, last, d->kind, d->name,
					 d->base, dl, d->line);
	}
	return SM_OK;
}

static int plat_line_name(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	int rc;

	if (n != 2)
		return plat_fail(ps, "'name' takes exactly one operand, got %u", n - 1);
	if (ps->have_name)
		return plat_fail(ps, "second 'name' (first on line %u)", ps->name_line);
	rc = plat_copy_name(ps, ps->out->name, &tok[1]);
	if (rc)
		return rc;
	ps->have_name = true;
	ps->name_line = ps->line;
	return SM_OK;
}

static int plat_line_ram(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	struct platform *p = ps->out;
	struct plat_range r = { .name = "" };
	bool named = false;
	int rc;

	if (n < 3)
		return plat_fail(ps, "'ram' needs BASE SIZE");
	if (p->nram == PLAT_MAX_RAM)
		return plat_fail(ps, "too many ram ranges (at most %d)", PLAT_MAX_RAM);
	rc = plat_range(ps, &tok[1], &r.base, &r.size);
	if (rc)
		return rc;
	for (unsigned i = 3; i < n; i++) {
		struct plat_tok k, v;

		if (!plat_kv(&tok[i], &k, &v) || !plat_tok_is(&k, "name"))
			return plat_fail(ps, "unexpected operand '%.*s' (ram takes only name=NAME)",
					 plat_qlen(&tok[i]), tok[i].p);
		if (named)
			return plat_fail(ps, "duplicate key 'name'");
		rc = plat_copy_name(ps, r.name, &v);
		if (rc)
			return rc;
		named = true;
	}
	if (!named)
		snprintf(r.name, sizeof(r.name), "ram%u", p->nram);
	rc = plat_check_overlap(ps, "ram", r.name, r.base, r.size);
	if (rc)
		return rc;
	p->ram[p->nram++] = r;
	return SM_OK;
}

static int plat_sid_range(struct plat_parser *ps, const char *what, uint64_t sid,
			  uint64_t count);

/*
 * sid-base=, sid-count= and msi-bypass= on an smmu line describe where the
 * SMMU sits in the platform, not the SMMU itself: kept out of its properties.
 */
static int plat_smmu_key(struct plat_parser *ps, struct plat_dev *d, const struct plat_tok *k,
			 const struct plat_tok *v, bool seen[3])
{
	static const char *const keys[3] = { "sid-base", "sid-count", "msi-bypass" };
	static const uint64_t max[3] = { UINT32_MAX, UINT64_C(1) << 32, 1 };
	unsigned j = 0;
	uint64_t val;

	while (!plat_tok_is(k, keys[j]))
		j++;
	if (seen[j])
		return plat_fail(ps, "duplicate key '%s'", keys[j]);
	if (!plat_num(v, &val) || val > max[j])
		return plat_fail(ps, "bad %s '%.*s' (want at most 0x%" PRIx64 ")", keys[j],
				 plat_qlen(v), v->p, max[j]);
	seen[j] = true;
	if (j == 0)
		d->sid_base = (uint32_t)val;
	else if (j == 1)
		d->sid_count = val;
	else
		d->msi_bypass = val != 0;
	return SM_OK;
}

static int plat_line_dev(struct plat_parser *ps, const char *kind,
			 const struct plat_tok *tok, unsigned n)
{
	struct platform *p = ps->out;
	struct plat_dev *d;
	bool named = false;
	bool seen_smmu[3] = { false, false, false };
	unsigned same_kind = 0;
	int rc;

	if (n < 3)
		return plat_fail(ps, "'%s' needs BASE SIZE", kind);
	if (p->ndevs == PLAT_MAX_DEVS)
		return plat_fail(ps, "too many device windows (at most %d)", PLAT_MAX_DEVS);
	/* Build in place; ndevs is bumped only once the line is accepted. */
	d = &p->devs[p->ndevs];
	memset(d, 0, sizeof(*d));
	snprintf(d->kind, sizeof(d->kind), "%s", kind);
	d->line = ps->line;
	rc = plat_range(ps, &tok[1], &d->base, &d->size);
	if (rc)
		return rc;
	for (unsigned i = 3; i < n; i++) {
		struct plat_tok k, v;

		if (!plat_kv(&tok[i], &k, &v))
			return plat_fail(ps, "expected key=value, got '%.*s'",
					 plat_qlen(&tok[i]), tok[i].p);
		if (plat_tok_is(&k, "name")) {
			if (named)
				return plat_fail(ps, "duplicate key 'name'");
			rc = plat_copy_name(ps, d->name, &v);
			if (rc)
				return rc;
			named = true;
			continue;
		}
		if (!strcmp(kind, "smmu") && (plat_tok_is(&k, "sid-base") ||
					      plat_tok_is(&k, "sid-count") ||
					      plat_tok_is(&k, "msi-bypass"))) {
			if ((rc = plat_smmu_key(ps, d, &k, &v, seen_smmu)))
				return rc;
			continue;
		}
		if (k.len >= sizeof(d->props[0].key))
			return plat_fail(ps, "key '%.*s' longer than %zu characters",
					 plat_qlen(&k), k.p, sizeof(d->props[0].key) - 1);
		for (unsigned j = 0; j < d->nprops; j++)
			if (plat_tok_is(&k, d->props[j].key))
				return plat_fail(ps, "duplicate key '%s'", d->props[j].key);
		if (d->nprops == PLAT_MAX_PROPS)
			return plat_fail(ps, "too many properties (at most %d)", PLAT_MAX_PROPS);
		memcpy(d->props[d->nprops].key, k.p, k.len);
		d->props[d->nprops].key[k.len] = '\0';
		rc = plat_num(&v, &d->props[d->nprops].val) ? SM_OK :
			plat_fail(ps, "bad value for '%s': '%.*s' (want a number)",
				  d->props[d->nprops].key, plat_qlen(&v), v.p);
		if (rc)
			return rc;
		d->nprops++;
	}
	if (seen_smmu[1] && (rc = plat_sid_range(ps, "smmu sid", d->sid_base, d->sid_count)))
		return rc;
	if (seen_smmu[0] && !seen_smmu[1])
		d->sid_count = (uint64_t)UINT32_MAX + 1 - d->sid_base;
	if (!named) {
		for (unsigned i = 0; i < p->ndevs; i++)
			same_kind += strcmp(p->devs[i].kind, kind) == 0;
		snprintf(d->name, sizeof(d->name), "%s%u", kind, same_kind);
	}
	rc = plat_check_overlap(ps, kind, d->name, d->base, d->size);
	if (rc)
		return rc;
	p->ndevs++;
	return SM_OK;
}

/*
 * The key=value operands of a line that is not a device window: name= (when
 * name is non-NULL) and the numeric keys of opts, each at most once.
 * vals[i]/seen[i] receive opts[i].  Missing required keys are reported in
 * the order opts lists them.
 */
struct plat_opt {
	const char *key;
	uint64_t max;
	const char *want;       /* how to say the range in a message */
	bool required;
};

static int plat_opts(struct plat_parser *ps, const char *what, const struct plat_tok *tok,
		     unsigned from, unsigned n, const struct plat_opt *opts, unsigned nopts,
		     uint64_t *vals, bool *seen, char *name)
{
	bool named = false;
	int rc;

	for (unsigned i = from; i < n; i++) {
		struct plat_tok k, v;
		unsigned j;

		if (!plat_kv(&tok[i], &k, &v))
			return plat_fail(ps, "expected key=value, got '%.*s'",
					 plat_qlen(&tok[i]), tok[i].p);
		if (name && plat_tok_is(&k, "name")) {
			if (named)
				return plat_fail(ps, "duplicate key 'name'");
			if ((rc = plat_copy_name(ps, name, &v)))
				return rc;
			named = true;
			continue;
		}
		for (j = 0; j < nopts && !plat_tok_is(&k, opts[j].key); j++)
			;
		if (j == nopts) {
			char list[160] = "";
			size_t used = 0;

			for (unsigned o = 0; o < nopts && used < sizeof(list); o++)
				used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
							 o ? ", " : "", opts[o].key);
			return plat_fail(ps, "unknown %s key '%.*s' (want %s%s)", what,
					 plat_qlen(&k), k.p, list,
					 !name ? "" : used ? ", name" : "name");
		}
		if (seen[j])
			return plat_fail(ps, "duplicate key '%s'", opts[j].key);
		if (!plat_num(&v, &vals[j]) || vals[j] > opts[j].max)
			return plat_fail(ps, "bad %s '%.*s' (want %s)", opts[j].key,
					 plat_qlen(&v), v.p, opts[j].want);
		seen[j] = true;
	}
	for (unsigned j = 0; j < nopts; j++)
		if (opts[j].required && !seen[j])
			return plat_fail(ps, "%s needs %s=N", what, opts[j].key);
	return SM_OK;
}

#define PLAT_U32_WANT "a 32-bit number"

/* A StreamID range sid=, count=: non-empty and inside 32 bits. */
static int plat_sid_range(struct plat_parser *ps, const char *what, uint64_t sid, uint64_t count)
{
	if (count == 0)
		return plat_fail(ps, "%s count is 0", what);
	if (sid + count - 1 > UINT32_MAX)
		return plat_fail(ps, "StreamIDs 0x%" PRIx64 "+0x%" PRIx64 " pass 2^32", sid, count);
	return SM_OK;
}

static int plat_line_idmap(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	static const struct plat_opt opts[3] = {
		{ "sid", UINT32_MAX, PLAT_U32_WANT, true },
		{ "count", UINT32_MAX, PLAT_U32_WANT, true },
		{ "devid", UINT32_MAX, PLAT_U32_WANT, true },
	};
	struct platform *p = ps->out;
	uint64_t v[3];
	bool seen[3] = { false, false, false };
	int rc;

	if (p->nidmap == PLAT_MAX_IDMAP)
		return plat_fail(ps, "too many devid-map entries (at most %d)", PLAT_MAX_IDMAP);
	if ((rc = plat_opts(ps, "devid-map", tok, 1, n, opts, 3, v, seen, NULL)) ||
	    (rc = plat_sid_range(ps, "devid-map", v[0], v[1])))
		return rc;
	/* Both ID spaces are 32 bits; an entry must fit in each. */
	if (v[2] + v[1] - 1 > UINT32_MAX)
		return plat_fail(ps, "DeviceIDs 0x%" PRIx64 "+0x%" PRIx64 " pass 2^32", v[2], v[1]);
	p->idmap[p->nidmap++] = (struct plat_idmap){
		.sid_base = (uint32_t)v[0], .count = (uint32_t)v[1], .devid_base = (uint32_t)v[2],
	};
	return SM_OK;
}

/*
 * rmr BASE SIZE sid=N [count=N] [remap=0|1] [name=NAME]
 * reserved BASE SIZE [sid=N [count=N]] [name=NAME]
 * Firmware's reserved ranges (IORT RMR nodes, DEN 0049 "RMR node"): they
 * usually lie inside RAM, so they are not checked against the memory map.
 */
static int plat_line_resv(struct plat_parser *ps, enum plat_resv_kind kind,
			  const struct plat_tok *tok, unsigned n)
{
	static const struct plat_opt opts[3] = {
		{ "sid", UINT32_MAX, PLAT_U32_WANT, false },
		{ "count", UINT64_C(1) << 32, "1..2^32", false },
		{ "remap", 1, "0 or 1", false },
	};
	const char *what = kind == PLAT_RESV_RMR ? "rmr" : "reserved";
	struct platform *p = ps->out;
	struct plat_resv r = { .kind = kind, .line = ps->line };
	uint64_t v[3] = { 0, 1, 0 };
	bool seen[3] = { false, false, false };
	int rc;

	if (n < 3)
		return plat_fail(ps, "'%s' needs BASE SIZE", what);
	if (p->nresv == PLAT_MAX_RESV)
		return plat_fail(ps, "too many rmr/reserved ranges (at most %d)", PLAT_MAX_RESV);
	if ((rc = plat_range(ps, &tok[1], &r.base, &r.size)) ||
	    (rc = plat_opts(ps, what, tok, 3, n, opts, kind == PLAT_RESV_RMR ? 3 : 2, v, seen,
			    r.name)))
		return rc;
	/* An RMR node always names the StreamIDs it is for (its ID mappings). */
	if (kind == PLAT_RESV_RMR && !seen[0])
		return plat_fail(ps, "rmr needs sid=N");
	if (seen[1] && !seen[0])
		return plat_fail(ps, "%s: count= needs sid=", what);
	if (seen[0] && (rc = plat_sid_range(ps, what, v[0], v[1])))
		return rc;
	r.sid_base = (uint32_t)v[0];
	r.sid_count = seen[0] ? v[1] : 0;
	r.remap = v[2] != 0;
	if (!r.name[0])
		snprintf(r.name, sizeof(r.name), "%s%u", what, p->nresv);
	p->resv[p->nresv++] = r;
	return SM_OK;
}

/* device sid=N [count=N] dma-bits=N [name=NAME] */
static int plat_line_device(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	static const struct plat_opt opts[3] = {
		{ "sid", UINT32_MAX, PLAT_U32_WANT, true },
		{ "count", UINT64_C(1) << 32, "1..2^32", false },
		{ "dma-bits", 64, "1..64", true },
	};
	struct platform *p = ps->out;
	struct plat_device d = { .line = ps->line };
	uint64_t v[3] = { 0, 1, 0 };
	bool seen[3] = { false, false, false };
	int rc;

	if (p->ndevices == PLAT_MAX_DEVICES)
		return plat_fail(ps, "too many device lines (at most %d)", PLAT_MAX_DEVICES);
	if ((rc = plat_opts(ps, "device", tok, 1, n, opts, 3, v, seen, d.name)) ||
	    (rc = plat_sid_range(ps, "device", v[0], v[1])))
		return rc;
	if (v[2] == 0)
		return plat_fail(ps, "bad dma-bits '0' (want 1..64)");
	d.sid_base = (uint32_t)v[0];
	d.count = v[1];
	d.dma_bits = (unsigned)v[2];
	if (!d.name[0])
		snprintf(d.name, sizeof(d.name), "device%u", p->ndevices);
	p->devices[p->ndevices++] = d;
	return SM_OK;
}

/* Guest layouts: dma-window BASE SIZE [name=NAME], an IOVA range the guest's devices use. */
static int plat_line_dmawin(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	struct platform *p = ps->out;
	struct plat_range r = { .name = "" };
	int rc;

	if (n < 3)
		return plat_fail(ps, "'dma-window' needs BASE SIZE");
	if (p->ndmawin == PLAT_MAX_RAM)
		return plat_fail(ps, "too many dma-window ranges (at most %d)", PLAT_MAX_RAM);
	if ((rc = plat_range(ps, &tok[1], &r.base, &r.size)) ||
	    (rc = plat_opts(ps, "dma-window", tok, 3, n, NULL, 0, NULL, NULL, r.name)))
		return rc;
	if (!r.name[0])
		snprintf(r.name, sizeof(r.name), "dma%u", p->ndmawin);
	p->dmawin[p->ndmawin++] = r;
	return SM_OK;
}

static int plat_line_iova_bits(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	uint64_t v;
	int rc;

	if (n != 2)
		return plat_fail(ps, "'iova-bits' takes exactly one operand, got %u", n - 1);
	if (ps->have_iova_bits)
		return plat_fail(ps, "second 'iova-bits'");
	if ((rc = plat_num_tok(ps, &tok[1], "iova-bits", &v)))
		return rc;
	if (v < 12 || v > 64)
		return plat_fail(ps, "iova-bits %" PRIu64 " out of range 12..64", v);
	ps->out->iova_bits = (unsigned)v;
	ps->have_iova_bits = true;
	return SM_OK;
}

static int plat_line(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	if (plat_tok_is(&tok[0], "name"))
		return plat_line_name(ps, tok, n);
	if (plat_tok_is(&tok[0], "ram"))
		return plat_line_ram(ps, tok, n);
	if (ps->guest) {
		if (plat_tok_is(&tok[0], "dma-window"))
			return plat_line_dmawin(ps, tok, n);
		if (plat_tok_is(&tok[0], "iova-bits"))
			return plat_line_iova_bits(ps, tok, n);
		return plat_fail(ps, "unknown guest layout keyword '%.*s' (want name, ram, "
				 "dma-window, iova-bits)", plat_qlen(&tok[0]), tok[0].p);
	}
	if (plat_tok_is(&tok[0], "devid-map"))
		return plat_line_idmap(ps, tok, n);
	if (plat_tok_is(&tok[0], "rmr"))
		return plat_line_resv(ps, PLAT_RESV_RMR, tok, n);
	if (plat_tok_is(&tok[0], "reserved"))
		return plat_line_resv(ps, PLAT_RESV_RESERVED, tok, n);
	if (plat_tok_is(&tok[0], "device"))
		return plat_line_device(ps, tok, n);
	for (size_t i = 0; i < sizeof(plat_dev_kinds) / sizeof(plat_dev_kinds[0]); i++)
		if (plat_tok_is(&tok[0], plat_dev_kinds[i]))
			return plat_line_dev(ps, plat_dev_kinds[i], tok, n);
	return plat_fail(ps, "unknown keyword '%.*s'", plat_qlen(&tok[0]), tok[0].p);
}

static bool plat_is_space(char c)
{
	/* \r so files with CRLF line ends parse. */
	return c == ' ' || c == '\t' || c == '\r';
}

/* text[0..len) need not be NUL-terminated. */
static int plat_parse_n(const char *text, size_t len, const char *srcname, bool guest,
			struct platform *out, struct sm_err *err)
{
	struct plat_parser ps = {
		.src = srcname, .line = 0, .out = out, .err = err, .guest = guest,
	};
	const char *p = text, *end = text + len;
	int rc = SM_OK;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		struct plat_tok tok[PLAT_MAX_TOKENS];
		unsigned n = 0;

		ps.line++;
		while (p < le && *p != '#') {
			const char *s;

			while (p < le && plat_is_space(*p))
				p++;
			if (p == le || *p == '#')
				break;
			s = p;
			while (p < le && !plat_is_space(*p) && *p != '#')
				p++;
			if (n == PLAT_MAX_TOKENS) {
				rc = plat_fail(&ps, "too many operands");
				goto out;
			}
			tok[n++] = (struct plat_tok){ .p = s, .len = (size_t)(p - s) };
		}
		if (n) {
			rc = plat_line(&ps, tok, n);
			if (rc)
				goto out;
		}
		p = eol ? eol + 1 : end;
	}
	if (!ps.have_name) {
		/* Point at the last line: the name is missing from the whole text. */
		if (ps.line == 0)
			ps.line = 1;
		rc = plat_fail(&ps, "no 'name' line");
		goto out;
	}
	if (guest && !out->nram && !out->ndmawin) {
		rc = plat_fail(&ps, "a guest layout needs a ram or dma-window line");
		goto out;
	}
	out->guest = guest;
	if (guest && !ps.have_iova_bits)
		out->iova_bits = 48;
	snprintf(out->source, sizeof(out->source), "%s", srcname);
out:
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

static int plat_parse_text(const char *text, const char *srcname, bool guest,
			   struct platform *out, struct sm_err *err)
{
	if (!srcname)
		srcname = "<text>";
	if (!text || !out)
		return sm_err_set(err, SM_EINVAL, "%s: no %s text", srcname,
				  guest ? "guest layout" : "platform");
	return plat_parse_n(text, strlen(text), srcname, guest, out, err);
}

int plat_parse(const char *text, const char *srcname, struct platform *out,
	       struct sm_err *err)
{
	return plat_parse_text(text, srcname, false, out, err);
}

int plat_parse_guest(const char *text, const char *srcname, struct platform *out,
		     struct sm_err *err)
{
	return plat_parse_text(text, srcname, true, out, err);
}

const char *const *plat_builtin_names(void)
{
	return plat_builtin_name_list;
}

static const char *plat_builtin_text(const char *name)
{
	for (const struct plat_builtin_text *b = plat_builtin_table; b->name; b++)
		if (strcmp(b->name, name) == 0)
			return b->text;
	return NULL;
}

int plat_builtin(const char *name, struct platform *out, struct sm_err *err)
{
	const char *text = name ? plat_builtin_text(name) : NULL;
	char list[128] = "";
	size_t used = 0;

	if (text)
		return plat_parse(text, "builtin", out, err);
	for (const char *const *n = plat_builtin_name_list; *n; n++) {
		int w = snprintf(list + used, sizeof(list) - used, "%s%s",
				 used ? ", " : "", *n);

		if (w < 0 || (size_t)w >= sizeof(list) - used)
			break;
		used += (size_t)w;
	}
	return sm_err_set(err, SM_EINVAL, "unknown built-in platform '%s' (built-ins: %s)",
			  name ? name : "(null)", list);
}

static int plat_errno_msg(struct sm_err *err, const char *what, const char *path, int e)
{
	char buf[128];

	/* strerror_r, not strerror: two models may load files on two threads. */
	if (strerror_r(e, buf, sizeof(buf)) != 0)
		snprintf(buf, sizeof(buf), "errno %d", e);
	return sm_err_set(err, SM_EIO, "cannot %s '%s': %s", what, path, buf);
}

/* Read and parse one file; a missing file is SM_EIO with *missing set. */
static int plat_load_file(const char *path, bool guest, struct platform *out,
			  struct sm_err *err, bool *missing)
{
	FILE *f;
	char *buf;
	size_t n;
	const char *nul;
	int rc;

	f = fopen(path, "rb");
	if (!f) {
		if (missing)
			*missing = errno == ENOENT;
		return plat_errno_msg(err, "open", path, errno);
	}
	/* One byte more than the limit tells "exactly 1 MiB" from "larger". */
	buf = malloc(PLAT_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return sm_err_set(err, SM_ENOMEM, "no memory to read '%s'", path);
	}
	n = fread(buf, 1, PLAT_FILE_MAX + 1, f);
	if (ferror(f)) {
		int e = errno;

		free(buf);
		fclose(f);
		return plat_errno_msg(err, "read", path, e);
	}
	fclose(f);
	if (n > PLAT_FILE_MAX) {
		free(buf);
		return sm_err_set(err, SM_EINVAL, "%s: larger than the 1 MiB limit for platform files",
				  path);
	}
	/* A NUL would silently end a C string early; name the line instead. */
	nul = memchr(buf, '\0', n);
	if (nul) {
		unsigned line = 1;

		for (const char *c = buf; c < nul; c++)
			line += *c == '\n';
		free(buf);
		return sm_err_set(err, SM_EINVAL, "%s:%u: NUL byte in text", path, line);
	}
	rc = plat_parse_n(buf, n, path, guest, out, err);
	free(buf);
	return rc;
}

int plat_load(const char *name_or_path, struct platform *out, struct sm_err *err)
{
	char path[512];
	bool missing = false;
	int rc;

	if (!name_or_path || !out)
		return sm_err_set(err, SM_EINVAL, "no platform name or path");
	if (plat_builtin_text(name_or_path))
		return plat_builtin(name_or_path, out, err);
	rc = plat_load_file(name_or_path, false, out, err, &missing);
	/* A bare name that is no file here: one the user installed beside the shipped ones. */
	if (rc == SM_EIO && missing && !strchr(name_or_path, '/') &&
	    (size_t)snprintf(path, sizeof(path), "%s/%s.plat", SMMUITS_PLATFORM_DIR,
			     name_or_path) < sizeof(path)) {
		struct sm_err e2 = { 0 };

		missing = false;
		rc = plat_load_file(path, false, out, &e2, &missing);
		if (rc != SM_EIO || !missing)
			*err = e2;
		else
			sm_err_set(err, SM_EIO, "no platform '%s': not a built-in (%s), no such file, "
				   "not in %s", name_or_path, "see `smmuits platforms`",
				   SMMUITS_PLATFORM_DIR);
	}
	return rc;
}

int plat_load_guest(const char *path, struct platform *out, struct sm_err *err)
{
	if (!path || !out)
		return sm_err_set(err, SM_EINVAL, "no guest layout path");
	return plat_load_file(path, true, out, err, NULL);
}

const struct plat_dev *plat_find_dev(const struct platform *p, const char *kind,
				     unsigned index)
{
	for (unsigned i = 0; i < p->ndevs; i++)
		if (strcmp(p->devs[i].kind, kind) == 0 && index-- == 0)
			return &p->devs[i];
	return NULL;
}

int plat_prop_get(const struct plat_dev *d, const char *key, uint64_t *val)
{
	for (unsigned i = 0; i < d->nprops; i++) {
		if (strcmp(d->props[i].key, key) == 0) {
			*val = d->props[i].val;
			return SM_OK;
		}
	}
	return SM_EINVAL;
}

int plat_sid_to_devid(const struct platform *p, uint32_t sid, uint32_t *devid)
{
	if (p->nidmap == 0) {
		*devid = sid;
		return SM_OK;
	}
	for (unsigned i = 0; i < p->nidmap; i++) {
		const struct plat_idmap *m = &p->idmap[i];
		/* 64-bit sums: an entry built by hand (not parsed) may still wrap. */
		uint64_t off = (uint64_t)sid - m->sid_base;

		if (sid < m->sid_base || off >= m->count)
			continue;
		if ((uint64_t)m->devid_base + off > UINT32_MAX)
			return SM_ERANGE;
		*devid = (uint32_t)(m->devid_base + off);
		return SM_OK;
	}
	return SM_ERANGE;
}

int plat_apply_props(const struct plat_dev *dev, const struct plat_key *keys, size_t nkeys,
		     void *cfg, struct sm_err *err)
{
	_Static_assert(sizeof(unsigned) == sizeof(uint32_t), "32-bit config fields");

	for (unsigned i = 0; i < dev->nprops; i++) {
		const struct plat_prop *p = &dev->props[i];
		const struct plat_key *k = NULL;

		for (size_t j = 0; j < nkeys && !k; j++)
			if (!strcmp(keys[j].name, p->key))
				k = &keys[j];
		if (!k)
			return sm_err_set(err, SM_EINVAL, "line %u: unknown %s property '%s'",
					  dev->line, dev->kind, p->key);
		if (p->val < k->min || p->val > k->max)
			return sm_err_set(err, SM_EINVAL,
					  "line %u: %s property %s=%llu out of range %llu..%llu",
					  dev->line, dev->kind, p->key, (unsigned long long)p->val,
					  (unsigned long long)k->min, (unsigned long long)k->max);
		if (k->kind == PLAT_KEY_BOOL) {
			bool b = p->val != 0;

			memcpy((char *)cfg + k->off, &b, sizeof(b));
		} else {
			uint32_t v = (uint32_t)p->val;

			memcpy((char *)cfg + k->off, &v, sizeof(v));
		}
	}
	return SM_OK;
}

bool plat_sid_in(uint32_t sid, uint32_t base, uint64_t count)
{
	return count == 0 || (sid >= base && (uint64_t)sid - base < count);
}

const struct plat_dev *plat_smmu_for_sid(const struct platform *p, uint32_t sid)
{
	for (unsigned i = 0; i < p->ndevs; i++) {
		const struct plat_dev *d = &p->devs[i];

		if (!strcmp(d->kind, "smmu") && plat_sid_in(sid, d->sid_base, d->sid_count))
			return d;
	}
	return NULL;
}

unsigned plat_dma_bits(const struct platform *p, uint32_t sid)
{
	for (unsigned i = 0; i < p->ndevices; i++)
		if (plat_sid_in(sid, p->devices[i].sid_base, p->devices[i].count))
			return p->devices[i].dma_bits;
	return 64;
}

bool plat_msi_bypass(const struct platform *p, uint32_t sid, uint64_t addr,
		     const struct plat_dev **its)
{
	const struct plat_dev *smmu = plat_smmu_for_sid(p, sid);

	if (!smmu || !smmu->msi_bypass)
		return false;
	for (unsigned i = 0; i < p->ndevs; i++) {
		const struct plat_dev *d = &p->devs[i];
		uint64_t frame = d->base + PLAT_ITS_FRAME_OFF;

		if (strcmp(d->kind, "its") || d->size < PLAT_ITS_FRAME_OFF + PLAT_ITS_FRAME_SIZE)
			continue;
		if (addr >= frame && addr - frame < PLAT_ITS_FRAME_SIZE) {
			if (its)
				*its = d;
			return true;
		}
	}
	return false;
}

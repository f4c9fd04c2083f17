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
 * qemu-virt: QEMU's arm 'virt' machine.  Addresses are from base_memmap[]
 * in QEMU hw/arm/virt.c; the text doubles as the worked example in
 * docs/platform-format.md, so keep the two in step.
 */
static const char plat_qemu_virt[] =
	"# QEMU arm 'virt' machine (hw/arm/virt.c, base_memmap[]).\n"
	"name qemu-virt\n"
	"\n"
	"# VIRT_MEM starts at 1 GiB; QEMU sizes it from -m (up to 255 GiB).\n"
	"# We model a 1 GiB window.\n"
	"ram  0x40000000 0x40000000\n"
	"\n"
	"# VIRT_GIC_DIST { 0x08000000, 0x00010000 }\n"
	"gicd 0x08000000 0x10000\n"
	"# VIRT_GIC_ITS { 0x08080000, 0x00020000 }: the ITS control frame and\n"
	"# the 64 KiB translation frame, so GITS_TRANSLATER (frame + 0x40) is\n"
	"# at 0x08090040.\n"
	"its  0x08080000 0x20000\n"
	"# VIRT_GIC_REDIST starts at 0x080A0000 (room for 123 CPUs); we map\n"
	"# 4 CPUs of 0x20000 each (RD_base + SGI_base frames).\n"
	"gicr 0x080A0000 0x80000 stride=0x20000 count=4\n"
	"# VIRT_SMMU { 0x09050000, 0x00020000 }: two 64 KiB register pages.\n"
	"# sidsize/ssidsize/oas are this model's SMMU_IDR1.SIDSIZE,\n"
	"# SMMU_IDR1.SSIDSIZE and SMMU_IDR5.OAS (in bits), not QEMU's values.\n"
	"# QEMU's SMMUv3 signals on wired SPIs; ours sends MSIs.  Its DeviceID\n"
	"# must fit the ITS's 16-bit DeviceIDs, so it takes 0xff00, the first\n"
	"# RequesterID of PCI bus 0xff, which the map below leaves out.\n"
	"smmu 0x09050000 0x20000 sidsize=16 ssidsize=20 oas=48 devid=0xff00\n"
	"\n"
	"# PCIe root complex: StreamID = RequesterID = DeviceID (the identity\n"
	"# iommu-map / msi-map QEMU writes into the device tree), buses 0..0xfe.\n"
	"devid-map sid=0 count=0xff00 devid=0\n";

/* One list, so the names plat_builtin_names() reports and the texts
 * plat_builtin() parses cannot drift apart. */
#define PLAT_BUILTINS(X) \
	X("qemu-virt", plat_qemu_virt)

#define PLAT_BUILTIN_NAME(name, text) name,
#define PLAT_BUILTIN_TEXT(name, text) text,
static const char *const plat_builtin_name_list[] = { PLAT_BUILTINS(PLAT_BUILTIN_NAME) NULL };
static const char *const plat_builtin_texts[] = { PLAT_BUILTINS(PLAT_BUILTIN_TEXT) };

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

static int plat_line_dev(struct plat_parser *ps, const char *kind,
			 const struct plat_tok *tok, unsigned n)
{
	struct platform *p = ps->out;
	struct plat_dev *d;
	bool named = false;
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

static int plat_line_idmap(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	static const char *const keys[3] = { "sid", "count", "devid" };
	struct platform *p = ps->out;
	uint64_t v[3];
	bool seen[3] = { false, false, false };

	if (p->nidmap == PLAT_MAX_IDMAP)
		return plat_fail(ps, "too many devid-map entries (at most %d)", PLAT_MAX_IDMAP);
	for (unsigned i = 1; i < n; i++) {
		struct plat_tok k, val;
		unsigned j;

		if (!plat_kv(&tok[i], &k, &val))
			return plat_fail(ps, "expected key=value, got '%.*s'",
					 plat_qlen(&tok[i]), tok[i].p);
		for (j = 0; j < 3 && !plat_tok_is(&k, keys[j]); j++)
			;
		if (j == 3)
			return plat_fail(ps, "unknown devid-map key '%.*s' (want sid, count, devid)",
					 plat_qlen(&k), k.p);
		if (seen[j])
			return plat_fail(ps, "duplicate key '%s'", keys[j]);
		if (!plat_num(&val, &v[j]) || v[j] > UINT32_MAX)
			return plat_fail(ps, "bad %s '%.*s' (want a 32-bit number)",
					 keys[j], plat_qlen(&val), val.p);
		seen[j] = true;
	}
	for (unsigned j = 0; j < 3; j++)
		if (!seen[j])
			return plat_fail(ps, "devid-map needs %s=N", keys[j]);
	if (v[1] == 0)
		return plat_fail(ps, "devid-map count is 0");
	/* Both ID spaces are 32 bits; an entry must fit in each. */
	if (v[0] + v[1] - 1 > UINT32_MAX)
		return plat_fail(ps, "StreamIDs 0x%" PRIx64 "+0x%" PRIx64 " pass 2^32", v[0], v[1]);
	if (v[2] + v[1] - 1 > UINT32_MAX)
		return plat_fail(ps, "DeviceIDs 0x%" PRIx64 "+0x%" PRIx64 " pass 2^32", v[2], v[1]);
	p->idmap[p->nidmap++] = (struct plat_idmap){
		.sid_base = (uint32_t)v[0], .count = (uint32_t)v[1], .devid_base = (uint32_t)v[2],
	};
	return SM_OK;
}

static int plat_line(struct plat_parser *ps, const struct plat_tok *tok, unsigned n)
{
	if (plat_tok_is(&tok[0], "name"))
		return plat_line_name(ps, tok, n);
	if (plat_tok_is(&tok[0], "ram"))
		return plat_line_ram(ps, tok, n);
	if (plat_tok_is(&tok[0], "devid-map"))
		return plat_line_idmap(ps, tok, n);
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
static int plat_parse_n(const char *text, size_t len, const char *srcname,
			struct platform *out, struct sm_err *err)
{
	struct plat_parser ps = { .src = srcname, .line = 0, .out = out, .err = err };
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
	snprintf(out->source, sizeof(out->source), "%s", srcname);
out:
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int plat_parse(const char *text, const char *srcname, struct platform *out,
	       struct sm_err *err)
{
	if (!srcname)
		srcname = "<text>";
	if (!text || !out)
		return sm_err_set(err, SM_EINVAL, "%s: no platform text", srcname);
	return plat_parse_n(text, strlen(text), srcname, out, err);
}

const char *const *plat_builtin_names(void)
{
	return plat_builtin_name_list;
}

static const char *plat_builtin_text(const char *name)
{
	for (size_t i = 0; i < sizeof(plat_builtin_texts) / sizeof(plat_builtin_texts[0]); i++)
		if (strcmp(plat_builtin_name_list[i], name) == 0)
			return plat_builtin_texts[i];
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

int plat_load(const char *name_or_path, struct platform *out, struct sm_err *err)
{
	FILE *f;
	char *buf;
	size_t n;
	const char *nul;
	int rc;

	if (!name_or_path || !out)
		return sm_err_set(err, SM_EINVAL, "no platform name or path");
	if (plat_builtin_text(name_or_path))
		return plat_builtin(name_or_path, out, err);

	f = fopen(name_or_path, "rb");
	if (!f)
		return plat_errno_msg(err, "open", name_or_path, errno);
	/* One byte more than the limit tells "exactly 1 MiB" from "larger". */
	buf = malloc(PLAT_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return sm_err_set(err, SM_ENOMEM, "no memory to read '%s'", name_or_path);
	}
	n = fread(buf, 1, PLAT_FILE_MAX + 1, f);
	if (ferror(f)) {
		int e = errno;

		free(buf);
		fclose(f);
		return plat_errno_msg(err, "read", name_or_path, e);
	}
	fclose(f);
	if (n > PLAT_FILE_MAX) {
		free(buf);
		return sm_err_set(err, SM_EINVAL, "%s: larger than the 1 MiB limit for platform files",
				  name_or_path);
	}
	/* A NUL would silently end a C string early; name the line instead. */
	nul = memchr(buf, '\0', n);
	if (nul) {
		unsigned line = 1;

		for (const char *c = buf; c < nul; c++)
			line += *c == '\n';
		free(buf);
		return sm_err_set(err, SM_EINVAL, "%s:%u: NUL byte in text", name_or_path, line);
	}
	rc = plat_parse_n(buf, n, name_or_path, out, err);
	free(buf);
	return rc;
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

/* SPDX-License-Identifier: MIT */
/*
 * Trace format v1 parser (docs/trace-format.md is the contract).
 *
 * The whole buffer is parsed before anything runs.  Each line is cut out
 * with memchr, checked (length, NUL bytes), split into at most
 * 1 + TRACE_MAX_KV space/tab separated tokens (stopping at '#'), and handed
 * to the handler of its verb, found in the single table trace_verbs below.
 * A handler fills the next free slot of t->steps; when it fails, its message
 * becomes one "FILE:LINE: error: ..." diagnostic, the slot is not counted,
 * and parsing goes on with the next line, so one pass reports every bad line.
 * Only the first error of a line is reported.
 *
 * Speed: no allocation per line (steps grow geometrically, diagnostics
 * only when there are errors), no sscanf/strtoull (the input need not be
 * NUL-terminated): trace_parse_u64 is hand-written.
 *
 * Each line's slot is zeroed just before its handler runs, so handlers only
 * write the fields they set.  Capacity is not zeroed when the array grows:
 * a struct trace_step is ~2.9 KB, and touching only the slots in use keeps
 * the unused half of a doubled array out of memory.
 */
/* madvise(MADV_HUGEPAGE) is a Linux extension beyond POSIX. */
#define _DEFAULT_SOURCE 1

#include "harness/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define LINE_MAX_CHARS 4096
#define MAX_TOKENS     (1 + TRACE_MAX_KV)   /* verb + arguments */
#define FILL_MAX_LEN   (16u * 1024 * 1024)  /* 16 MiB */
#define DMA_MAX_SIZE   4096u
#define FAULT_NAME_MAX (sizeof(((struct trace_outcome *)0)->fault) - 1)
#define NELEM(a)       (sizeof(a) / sizeof((a)[0]))

struct tok {
	const char *p;
	size_t n;
};

struct pctx {
	const struct trace_ext *ext;
	const char *verb;        /* verb of the current line, for messages */
	struct sm_err err;       /* message of the current line's error */
	unsigned platform_line;  /* line of the platform step, 0 if none */
	unsigned profile_line;   /* line of the profile step, 0 if none */
	unsigned first_access;   /* line of the first non-platform step, 0 if none */
	struct trace *trace;     /* where names and ext arguments are pooled */
	struct trace_kv kv_tmp[TRACE_MAX_KV]; /* the current ext line's arguments */
};

/* ---- numbers ---------------------------------------------------------- */

enum num_status { NUM_OK, NUM_BAD, NUM_NEG, NUM_OVERFLOW };

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static enum num_status num_parse(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return NUM_BAD;
	if (s[0] == '-') {
		/* "-5" is negative; "-" or "-x" is just not a number. */
		return n > 1 && s[1] >= '0' && s[1] <= '9' ? NUM_NEG : NUM_BAD;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < n; i++) {
			int d = hexval((unsigned char)s[i]);

			if (d < 0)
				return NUM_BAD;
			if (v >> 60)
				return NUM_OVERFLOW;
			v = v << 4 | (uint64_t)d;
		}
		*out = v;
		return NUM_OK;
	}
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - (unsigned)'0';

		if (d > 9)
			return NUM_BAD;
		if (v > (UINT64_MAX - d) / 10)
			return NUM_OVERFLOW;
		v = v * 10 + d;
	}
	*out = v;
	return NUM_OK;
}

int trace_parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v;

	if (!s || !out || num_parse(s, n, &v) != NUM_OK)
		return SM_EINVAL;
	*out = v;
	return SM_OK;
}

static int fits_bits(uint64_t v, unsigned bits)
{
	return bits >= 64 || (v >> bits) == 0;
}

/* ---- messages ---------------------------------------------------------- */

/* A token as text for a message: at most 40 bytes, non-printables as \xNN. */
struct qtok {
	char s[4 * 40 + 4];
};

static const char *qtok(struct qtok *q, struct tok t)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < t.n && i < 40; i++) {
		unsigned char c = (unsigned char)t.p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			q->s[o++] = (char)c;
		} else {
			q->s[o++] = '\\';
			q->s[o++] = 'x';
			q->s[o++] = hex[c >> 4];
			q->s[o++] = hex[c & 15];
		}
	}
	if (i < t.n) {
		q->s[o++] = '.';
		q->s[o++] = '.';
		q->s[o++] = '.';
	}
	q->s[o] = '\0';
	return q->s;
}

/* Record the current line's error message; returns SM_EINVAL. */
static int fail(struct pctx *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct pctx *p, const char *fmt, ...)
{
	va_list ap;

	p->err.code = SM_EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err.msg, sizeof(p->err.msg), fmt, ap);
	va_end(ap);
	return SM_EINVAL;
}

static int tok_eq(struct tok t, const char *s)
{
	/* the first byte rejects most keys before any strlen (parse speed) */
	if (!t.n || t.p[0] != s[0])
		return 0;
	return strncmp(t.p, s, t.n) == 0 && s[t.n] == 0;
}

/*
 * Parse token t as a number that must fit in bits.  label names it in
 * messages: "value" gives "write32 value 0x1 ...", "sid=" gives "dma sid=0x1 ..."
 * (no space after a label containing '=').
 */
static int num_arg(struct pctx *p, struct tok t, const char *label, unsigned bits,
		   uint64_t *out)
{
	const char *sep = strchr(label, '=') ? "" : " ";
	struct qtok q;
	uint64_t v = 0;

	if (t.n == 0)
		return fail(p, "%s: %s needs a number", p->verb, label);
	switch (num_parse(t.p, t.n, &v)) {
	case NUM_OK:
		break;
	case NUM_BAD:
		return fail(p, "%s %s%s'%s' is not a number (expected decimal or 0x-hex)",
			    p->verb, label, sep, qtok(&q, t));
	case NUM_NEG:
		return fail(p, "%s %s%s%s is negative (numbers are unsigned)",
			    p->verb, label, sep, qtok(&q, t));
	case NUM_OVERFLOW:
		return fail(p, "%s %s%s%s does not fit in 64 bits",
			    p->verb, label, sep, qtok(&q, t));
	}
	if (!fits_bits(v, bits))
		return fail(p, "%s %s%s%s does not fit in %u bits",
			    p->verb, label, sep, qtok(&q, t), bits);
	*out = v;
	return SM_OK;
}

/*
 * An event/fault name: [A-Z0-9_]+, at most FAULT_NAME_MAX chars, and in
 * ext->fault_names when that list is given.
 */
static int name_arg(struct pctx *p, struct tok t, const char *label)
{
	const char *const *names = p->ext ? p->ext->fault_names : NULL;
	struct qtok q;
	size_t i;

	if (t.n == 0)
		return fail(p, "%s: missing NAME after %s", p->verb, label);
	for (i = 0; i < t.n; i++) {
		char c = t.p[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
			return fail(p, "%s: fault name '%s' must be upper-case letters, "
				    "digits and '_'", p->verb, qtok(&q, t));
	}
	if (t.n > FAULT_NAME_MAX)
		return fail(p, "%s: fault name '%s' is longer than %zu characters",
			    p->verb, qtok(&q, t), FAULT_NAME_MAX);
	if (names) {
		for (i = 0; names[i]; i++)
			if (tok_eq(t, names[i]))
				return SM_OK;
		return fail(p, "%s: unknown fault name '%s'", p->verb, qtok(&q, t));
	}
	return SM_OK;
}

/* ---- key=value arguments ----------------------------------------------- */

enum key_id {
	K_SID, K_SSID, K_IOVA, K_SIZE, K_DATA, K_RDATA, K_EXPECT, K_MASK,
	K_PRIV, K_EXEC, K_TYPE, K_ADDR, K_S2, K_CLASS, K_RNW, K_PNU, K_IND, K_IPA, K_FETCH,
	K_CPU, K_INTID, K_STATE, K_AT, K_CYCLES, K_HEX,
	K_DMA_BITS,
	K_COUNT
};

struct keyspec {
	const char *name;
	enum key_id id;
	int is_flag;             /* bare word, no '=' */
};

struct kvset {
	struct tok val[K_COUNT];
	uint32_t seen;           /* bit (1 << key_id) per key given */
};

#define HAS(kv, id) (((kv)->seen >> (id)) & 1u)

/*
 * The first npos arguments are positionals (named by posnames, none may
 * contain '='); the rest are keys from ks, each at most once, in any order.
 */
static int args_collect(struct pctx *p, const struct tok *arg, unsigned narg,
			const char *const *posnames, unsigned npos,
			const struct keyspec *ks, unsigned nks, struct kvset *kv)
{
	struct qtok q;
	unsigned i, j;

	kv->seen = 0;
	for (i = 0; i < npos; i++)
		if (i >= narg || memchr(arg[i].p, '=', arg[i].n))
			return fail(p, "%s: missing %s", p->verb, posnames[i]);
	for (i = npos; i < narg; i++) {
		struct tok t = arg[i];
		const char *eq = memchr(t.p, '=', t.n);
		struct tok key = { t.p, eq ? (size_t)(eq - t.p) : t.n };
		const struct keyspec *k = NULL;

		for (j = 0; j < nks; j++)
			if (tok_eq(key, ks[j].name)) {
				k = &ks[j];
				break;
			}
		if (eq && key.n == 0)
			return fail(p, "%s: argument '%s' has an empty key", p->verb, qtok(&q, t));
		if (!k && eq)
			return fail(p, "unknown key '%s' for %s", qtok(&q, key), p->verb);
		if (!k)
			return fail(p, "unexpected argument '%s' for %s", qtok(&q, t), p->verb);
		if (k->is_flag && eq)
			return fail(p, "%s: '%s' is a flag and takes no value (write just %s)",
				    p->verb, qtok(&q, t), k->name);
		if (!k->is_flag && !eq)
			return fail(p, "%s: %s needs a value (%s=...)", p->verb, k->name, k->name);
		if (HAS(kv, k->id))
			return fail(p, "%s: %s%s given twice", p->verb, k->name,
				    k->is_flag ? "" : "=");
		if (eq && eq + 1 == t.p + t.n)
			return fail(p, "%s: %s= has no value", p->verb, k->name);
		kv->seen |= 1u << k->id;
		if (eq)
			kv->val[k->id] = (struct tok){ eq + 1, (size_t)(t.p + t.n - eq - 1) };
	}
	return SM_OK;
}

/* ---- outcomes ----------------------------------------------------------- */

/* lpi:INTID[@cpuN] */
static int outcome_lpi(struct pctx *p, struct tok t, struct trace_outcome *out)
{
	const char *at = memchr(t.p + 4, '@', t.n - 4);
	struct tok id = { t.p + 4, at ? (size_t)(at - t.p - 4) : t.n - 4 };
	struct qtok q;
	struct tok c;
	uint64_t v, cpu;

	if (num_arg(p, id, "expect=lpi:", 32, &v))
		return SM_EINVAL;
	out->kind = TRACE_OUT_LPI;
	out->intid = (uint32_t)v;
	out->cpu = -1;
	if (!at)
		return SM_OK;
	c = (struct tok){ at + 1, (size_t)(t.p + t.n - at - 1) };
	if (c.n < 3 || memcmp(c.p, "cpu", 3) != 0)
		return fail(p, "%s: expect=%s: expected @cpuN after the INTID",
			    p->verb, qtok(&q, t));
	c.p += 3;
	c.n -= 3;
	if (num_arg(p, c, "expect=lpi:INTID@cpu", 31, &cpu))
		return SM_EINVAL;
	out->cpu = (int)cpu;
	return SM_OK;
}

static int outcome_arg(struct pctx *p, struct tok t, int is_msi, struct trace_outcome *out)
{
	struct qtok q;
	uint64_t v;
	int rc;

	if (t.n >= 3 && memcmp(t.p, "pa:", 3) == 0) {
		rc = num_arg(p, (struct tok){ t.p + 3, t.n - 3 }, "expect=pa:", 64, &v);
		if (rc)
			return rc;
		out->kind = TRACE_OUT_PA;
		out->pa = v;
		return SM_OK;
	}
	if (t.n >= 6 && memcmp(t.p, "fault:", 6) == 0) {
		struct tok name = { t.p + 6, t.n - 6 };

		rc = name_arg(p, name, "expect=fault:");
		if (rc)
			return rc;
		out->kind = TRACE_OUT_FAULT;
		memcpy(out->fault, name.p, name.n);
		out->fault[name.n] = '\0';
		return SM_OK;
	}
	if (tok_eq(t, "bypass")) {
		out->kind = TRACE_OUT_BYPASS;
		return SM_OK;
	}
	if (tok_eq(t, "abort")) {
		out->kind = TRACE_OUT_ABORT;
		return SM_OK;
	}
	if (tok_eq(t, "not-issued")) {
		out->kind = TRACE_OUT_NOT_ISSUED;
		return SM_OK;
	}
	if (tok_eq(t, "bus-error")) {
		out->kind = TRACE_OUT_BUS_ERROR;
		return SM_OK;
	}
	if ((t.n >= 4 && memcmp(t.p, "lpi:", 4) == 0) || tok_eq(t, "its-drop") ||
	    (t.n > 9 && memcmp(t.p, "its-drop:", 9) == 0) || tok_eq(t, "mem")) {
		if (!is_msi)
			return fail(p, "%s: expect=%s is only valid on msi lines",
				    p->verb, qtok(&q, t));
		if (tok_eq(t, "its-drop")) {
			out->kind = TRACE_OUT_ITS_DROP;
			return SM_OK;
		}
		if (t.n > 9 && memcmp(t.p, "its-drop:", 9) == 0) {
			/* its-drop:REASON names the drop reason (lower-case words and dashes) */
			if (t.n - 9 >= sizeof(out->fault))
				return fail(p, "%s: drop reason '%s' is too long", p->verb, qtok(&q, t));
			for (size_t i = 9; i < t.n; i++)
				if (!((t.p[i] >= 'a' && t.p[i] <= 'z') || t.p[i] == '-'))
					return fail(p, "%s: drop reason '%s' is not lower-case-with-dashes",
						    p->verb, qtok(&q, t));
			out->kind = TRACE_OUT_ITS_DROP;
			memcpy(out->fault, t.p + 9, t.n - 9);
			out->fault[t.n - 9] = '\0';
			return SM_OK;
		}
		if (tok_eq(t, "mem")) {
			out->kind = TRACE_OUT_MEM;
			return SM_OK;
		}
		return outcome_lpi(p, t, out);
	}
	if (is_msi)
		return fail(p, "%s: unknown outcome '%s' (expected pa:ADDR, bypass, abort, "
			    "fault:NAME, lpi:INTID[@cpuN], its-drop[:REASON], mem, bus-error or "
			    "not-issued)", p->verb,
			    qtok(&q, t));
	return fail(p, "%s: unknown outcome '%s' (expected pa:ADDR, bypass, abort, fault:NAME, "
		    "bus-error or not-issued)",
		    p->verb, qtok(&q, t));
}

/* ---- step handlers ------------------------------------------------------ */

struct verb;
typedef int (*step_fn)(struct pctx *p, const struct verb *v, const struct tok *arg,
		       unsigned narg, struct trace_step *st);

struct verb {
	const char *name;
	size_t len;
	step_fn parse;
	enum trace_op op;
	unsigned size;  /* access width in bytes (read/write), else 0 */
};

/* Append n bytes and a NUL to the trace's string pool; *off gets where. */
static int pool_str(struct trace *t, const char *src, size_t n, size_t *off)
{
	if (t->strings_cap - t->strings_len < n + 1) {
		size_t ncap = t->strings_cap ? t->strings_cap : 1024;
		char *ns;

		while (ncap - t->strings_len < n + 1) {
			if (ncap > SIZE_MAX / 2)
				return SM_ENOMEM;
			ncap *= 2;
		}
		ns = realloc(t->strings, ncap);
		if (!ns)
			return SM_ENOMEM;
		t->strings = ns;
		t->strings_cap = ncap;
	}
	memcpy(t->strings + t->strings_len, src, n);
	t->strings[t->strings_len + n] = '\0';
	*off = t->strings_len;
	t->strings_len += n + 1;
	return SM_OK;
}

static int copy_name(struct pctx *p, struct tok t, const char *what, struct trace_step *st)
{
	struct qtok q;
	int rc;

	if (t.n >= TRACE_NAME_LEN)
		return fail(p, "%s '%s' is %zu characters long (at most %d)", what,
			    qtok(&q, t), t.n, TRACE_NAME_LEN - 1);
	rc = pool_str(p->trace, t.p, t.n, &st->name_off);
	if (rc)
		return rc;
	st->name = "";  /* becomes a pool pointer when parsing ends */
	return SM_OK;
}

/* platform NAME|FILE and profile NAME|FILE: what the model is built from. */
static int parse_platform(struct pctx *p, const struct verb *v, const struct tok *arg,
			  unsigned narg, struct trace_step *st)
{
	unsigned *seen = v->op == TRACE_PROFILE ? &p->profile_line : &p->platform_line;
	struct qtok q;

	if (p->first_access)
		return fail(p, "%s must come before the first access (line %u)", p->verb,
			    p->first_access);
	if (*seen)
		return fail(p, "%s given twice (first on line %u)", p->verb, *seen);
	if (narg == 0)
		return fail(p, "%s: missing NAME or FILE", p->verb);
	if (narg > 1)
		return fail(p, "%s: unexpected argument '%s' (expected one NAME or FILE)",
			    p->verb, qtok(&q, arg[1]));
	if (copy_name(p, arg[0], v->op == TRACE_PROFILE ? "profile name" : "platform name", st))
		return SM_EINVAL;
	*seen = st->line;
	return SM_OK;
}

static int parse_write(struct pctx *p, const struct verb *v, const struct tok *arg,
		       unsigned narg, struct trace_step *st)
{
	static const char *const pos[] = { "ADDR", "VALUE" };
	struct kvset kv;

	if (args_collect(p, arg, narg, pos, 2, NULL, 0, &kv) ||
	    num_arg(p, arg[0], "address", 64, &st->addr) ||
	    num_arg(p, arg[1], "value", v->size * 8, &st->value))
		return SM_EINVAL;
	st->size = v->size;
	return SM_OK;
}

static int parse_read(struct pctx *p, const struct verb *v, const struct tok *arg,
		      unsigned narg, struct trace_step *st)
{
	static const char *const pos[] = { "ADDR" };
	static const struct keyspec ks[] = {
		{ "expect", K_EXPECT, 0 },
		{ "mask", K_MASK, 0 },
	};
	unsigned bits = v->size * 8;
	struct kvset kv;

	if (args_collect(p, arg, narg, pos, 1, ks, NELEM(ks), &kv) ||
	    num_arg(p, arg[0], "address", 64, &st->addr))
		return SM_EINVAL;
	st->size = v->size;
	st->mask = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	if (HAS(&kv, K_MASK) && !HAS(&kv, K_EXPECT))
		return fail(p, "%s: mask= given without expect=", p->verb);
	if (HAS(&kv, K_EXPECT)) {
		if (num_arg(p, kv.val[K_EXPECT], "expect=", bits, &st->expect))
			return SM_EINVAL;
		st->flags |= TRACE_F_EXPECT;
	}
	if (HAS(&kv, K_MASK)) {
		if (num_arg(p, kv.val[K_MASK], "mask=", bits, &st->mask))
			return SM_EINVAL;
		st->flags |= TRACE_F_MASK;
	}
	return SM_OK;
}

static int parse_fill(struct pctx *p, const struct verb *v, const struct tok *arg,
		      unsigned narg, struct trace_step *st)
{
	static const char *const pos[] = { "ADDR", "LEN", "BYTE" };
	struct kvset kv;

	(void)v;
	if (args_collect(p, arg, narg, pos, 3, NULL, 0, &kv) ||
	    num_arg(p, arg[0], "address", 64, &st->addr) ||
	    num_arg(p, arg[1], "length", 64, &st->len) ||
	    num_arg(p, arg[2], "byte", 8, &st->value))
		return SM_EINVAL;
	if (st->len == 0)
		return fail(p, "fill length 0: LEN must be at least 1");
	if (st->len > FILL_MAX_LEN)
		return fail(p, "fill length 0x%llx is larger than 16 MiB (0x%x)",
			    (unsigned long long)st->len, FILL_MAX_LEN);
	if (st->addr > UINT64_MAX - st->len)
		return fail(p, "fill range 0x%llx + 0x%llx wraps past the end of the "
			    "64-bit address space", (unsigned long long)st->addr,
			    (unsigned long long)st->len);
	return SM_OK;
}

/* dma-bits=N: the device drives N address bits (1..64; docs/doorbells.md). */
static int dma_bits_arg(struct pctx *p, struct tok t, struct trace_step *st)
{
	struct qtok q;
	uint64_t v;

	if (num_arg(p, t, "dma-bits=", 64, &v))
		return SM_EINVAL;
	if (v < 1 || v > 64)
		return fail(p, "%s dma-bits=%s must be 1..64", p->verb, qtok(&q, t));
	st->dma_bits = (uint8_t)v;
	return SM_OK;
}

/* sid=, ssid=, iova=, expect= and dma-bits= shared by dma and msi. */
static int device_common(struct pctx *p, const struct kvset *kv, int is_msi,
			 struct trace_step *st)
{
	uint64_t v;

	if (!HAS(kv, K_SID))
		return fail(p, "%s: missing sid=", p->verb);
	if (num_arg(p, kv->val[K_SID], "sid=", 32, &v))
		return SM_EINVAL;
	st->sid = (uint32_t)v;
	if (HAS(kv, K_SSID)) {
		/* IHI 0070 §3.2: SubstreamIDs are at most 20 bits. */
		if (num_arg(p, kv->val[K_SSID], "ssid=", 20, &v))
			return SM_EINVAL;
		st->ssid = (uint32_t)v;
		st->flags |= TRACE_F_SSID;
	}
	if (!HAS(kv, K_IOVA))
		return fail(p, "%s: missing iova=", p->verb);
	if (num_arg(p, kv->val[K_IOVA], "iova=", 64, &st->addr))
		return SM_EINVAL;
	if (HAS(kv, K_EXPECT)) {
		if (outcome_arg(p, kv->val[K_EXPECT], is_msi, &st->out))
			return SM_EINVAL;
		st->flags |= TRACE_F_EXPECT;
	}
	/* docs/timing.md "Concurrency": the cycle the device issues it. */
	if (HAS(kv, K_AT)) {
		if (num_arg(p, kv->val[K_AT], "at=", 63, &st->at))
			return SM_EINVAL;
		st->flags |= TRACE_F_AT;
	}
	/* the latency the profile fixes for it */
	if (HAS(kv, K_CYCLES)) {
		if (num_arg(p, kv->val[K_CYCLES], "cycles=", 63, &st->expect))
			return SM_EINVAL;
		st->flags |= TRACE_F_CYCLES;
	}
	return HAS(kv, K_DMA_BITS) ? dma_bits_arg(p, kv->val[K_DMA_BITS], st) : SM_OK;
}

/* data=/rdata= of a dma: fits in size bytes, or one byte when size > 8. */
static int dma_data(struct pctx *p, struct tok t, const char *label, unsigned size,
		    uint64_t *out)
{
	struct qtok q;

	if (size <= 8)
		return num_arg(p, t, label, size * 8, out);
	if (num_arg(p, t, label, 64, out))
		return SM_EINVAL;
	if (*out > 0xff)
		return fail(p, "%s %s%s must be a single byte (<= 0xff) when size > 8: "
			    "it is the value of every byte", p->verb, label, qtok(&q, t));
	return SM_OK;
}

/*
 * HEX of a dma hex= or a write-bytes line: exactly nbytes bytes as 2 * nbytes
 * hex digits, in memory order.  They go to the string pool; name_off points at them.
 */
static int hex_bytes(struct pctx *p, struct tok t, const char *label, uint64_t nbytes,
		     struct trace_step *st)
{
	char buf[LINE_MAX_CHARS / 2];
	struct qtok q;

	if (t.n % 2 || t.n / 2 != nbytes || nbytes > sizeof(buf))
		return fail(p, "%s %s'%s' has %zu hex digits, expected %llu (2 per byte)", p->verb,
			    label, qtok(&q, t), t.n, (unsigned long long)(2 * nbytes));
	for (size_t i = 0; i < nbytes; i++) {
		int hi = hexval((unsigned char)t.p[2 * i]), lo = hexval((unsigned char)t.p[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return fail(p, "%s %s'%s' is not hex digits", p->verb, label, qtok(&q, t));
		buf[i] = (char)(hi << 4 | lo);
	}
	st->flags |= TRACE_F_HEX;
	return pool_str(p->trace, buf, (size_t)nbytes, &st->name_off);
}

static int parse_dma(struct pctx *p, const struct verb *v, const struct tok *arg,
		     unsigned narg, struct trace_step *st)
{
	static const char *const pos[] = { "direction (read or write)" };
	static const struct keyspec ks[] = {
		{ "sid", K_SID, 0 },     { "ssid", K_SSID, 0 },
		{ "iova", K_IOVA, 0 },   { "size", K_SIZE, 0 },
		{ "data", K_DATA, 0 },   { "rdata", K_RDATA, 0 },
		{ "expect", K_EXPECT, 0 }, { "at", K_AT, 0 }, { "cycles", K_CYCLES, 0 },
		{ "hex", K_HEX, 0 },
		{ "priv", K_PRIV, 1 },   { "exec", K_EXEC, 1 },
		{ "dma-bits", K_DMA_BITS, 0 },
	};
	struct kvset kv;
	struct qtok q;
	uint64_t size;
	int is_write;

	(void)v;
	if (args_collect(p, arg, narg, pos, 1, ks, NELEM(ks), &kv))
		return SM_EINVAL;
	if (tok_eq(arg[0], "write"))
		is_write = 1;
	else if (tok_eq(arg[0], "read"))
		is_write = 0;
	else
		return fail(p, "dma direction '%s' must be read or write", qtok(&q, arg[0]));
	if (device_common(p, &kv, 0, st))
		return SM_EINVAL;
	if (!HAS(&kv, K_SIZE))
		return fail(p, "dma: missing size=");
	if (num_arg(p, kv.val[K_SIZE], "size=", 64, &size))
		return SM_EINVAL;
	if (size < 1 || size > DMA_MAX_SIZE)
		return fail(p, "dma size=%s must be 1..%u", qtok(&q, kv.val[K_SIZE]),
			    DMA_MAX_SIZE);
	st->size = (unsigned)size;
	if (is_write)
		st->flags |= TRACE_F_ISWRITE;
	if (HAS(&kv, K_PRIV))
		st->flags |= TRACE_F_PRIV;
	if (HAS(&kv, K_EXEC))
		st->flags |= TRACE_F_EXEC;
	if (HAS(&kv, K_DATA)) {
		if (!is_write)
			return fail(p, "dma read: data= is only for dma write (use rdata= "
				    "to check what a read returns)");
		if (dma_data(p, kv.val[K_DATA], "data=", st->size, &st->value))
			return SM_EINVAL;
		st->flags |= TRACE_F_DATA;
	}
	if (HAS(&kv, K_RDATA)) {
		if (is_write)
			return fail(p, "dma write: rdata= is only for dma read");
		if (dma_data(p, kv.val[K_RDATA], "rdata=", st->size, &st->rdata))
			return SM_EINVAL;
		st->flags |= TRACE_F_RDATA;
	}
	if (HAS(&kv, K_HEX)) {
		if (HAS(&kv, K_DATA) || HAS(&kv, K_RDATA))
			return fail(p, "dma: hex= replaces %s, give one of them",
				    is_write ? "data=" : "rdata=");
		return hex_bytes(p, kv.val[K_HEX], "hex=", st->size, st);
	}
	return SM_OK;
}

static int parse_write_bytes(struct pctx *p, const struct verb *v, const struct tok *arg,
			     unsigned narg, struct trace_step *st)
{
	static const char *const pos[] = { "ADDR", "HEX" };
	struct kvset kv;

	(void)v;
	if (args_collect(p, arg, narg, pos, 2, NULL, 0, &kv) ||
	    num_arg(p, arg[0], "address", 64, &st->addr))
		return SM_EINVAL;
	st->len = arg[1].n / 2;
	if (st->len == 0 || st->addr > UINT64_MAX - st->len)
		return fail(p, "write-bytes needs at least one byte, and ADDR + bytes must not wrap");
	return hex_bytes(p, arg[1], "", st->len, st);
}

static int parse_msi(struct pctx *p, const struct verb *v, const struct tok *arg,
		     unsigned narg, struct trace_step *st)
{
	static const struct keyspec ks[] = {
		{ "sid", K_SID, 0 },   { "ssid", K_SSID, 0 },
		{ "iova", K_IOVA, 0 }, { "data", K_DATA, 0 },
		{ "expect", K_EXPECT, 0 }, { "at", K_AT, 0 }, { "cycles", K_CYCLES, 0 },
		{ "dma-bits", K_DMA_BITS, 0 },
	};
	struct kvset kv;

	if (args_collect(p, arg, narg, NULL, 0, ks, NELEM(ks), &kv) ||
	    device_common(p, &kv, 1, st))
		return SM_EINVAL;
	if (!HAS(&kv, K_DATA))
		return fail(p, "msi: missing data= (the EventID)");
	if (num_arg(p, kv.val[K_DATA], "data=", 32, &st->value))
		return SM_EINVAL;
	/* An MSI is a 32-bit write of the EventID to GITS_TRANSLATER. */
	st->size = v->size;
	st->flags |= TRACE_F_DATA | TRACE_F_ISWRITE;
	return SM_OK;
}

static int parse_expect_event(struct pctx *p, const struct verb *v, const struct tok *arg,
			      unsigned narg, struct trace_step *st)
{
	static const struct keyspec ks[] = {
		{ "type", K_TYPE, 0 }, { "sid", K_SID, 0 },
		{ "ssid", K_SSID, 0 }, { "addr", K_ADDR, 0 },
		{ "s2", K_S2, 0 }, { "class", K_CLASS, 0 }, { "rnw", K_RNW, 0 },
		{ "pnu", K_PNU, 0 }, { "ind", K_IND, 0 }, { "ipa", K_IPA, 0 },
		{ "fetch", K_FETCH, 0 },
	};
	static const struct { enum key_id id; uint8_t bit; const char *name; } bits[] = {
		{ K_S2, TRACE_EV_S2, "s2=" }, { K_RNW, TRACE_EV_RNW, "rnw=" },
		{ K_PNU, TRACE_EV_PNU, "pnu=" }, { K_IND, TRACE_EV_IND, "ind=" },
	};
	struct kvset kv;
	uint64_t n;

	(void)v;
	if (args_collect(p, arg, narg, NULL, 0, ks, NELEM(ks), &kv))
		return SM_EINVAL;
	if (!HAS(&kv, K_TYPE))
		return fail(p, "expect-event: missing type=");
	if (name_arg(p, kv.val[K_TYPE], "type=") ||
	    copy_name(p, kv.val[K_TYPE], "expect-event type", st))
		return SM_EINVAL;
	if (HAS(&kv, K_SID)) {
		if (num_arg(p, kv.val[K_SID], "sid=", 32, &n))
			return SM_EINVAL;
		st->sid = (uint32_t)n;
		st->flags |= TRACE_F_SID;
	}
	if (HAS(&kv, K_SSID)) {
		if (num_arg(p, kv.val[K_SSID], "ssid=", 20, &n))
			return SM_EINVAL;
		st->ssid = (uint32_t)n;
		st->flags |= TRACE_F_SSID;
	}
	if (HAS(&kv, K_ADDR)) {
		if (num_arg(p, kv.val[K_ADDR], "addr=", 64, &st->addr))
			return SM_EINVAL;
		st->flags |= TRACE_F_ADDR;
	}
	/* The record's attribute bits: each 0 or 1. */
	for (size_t i = 0; i < NELEM(bits); i++) {
		if (!HAS(&kv, bits[i].id))
			continue;
		if (num_arg(p, kv.val[bits[i].id], bits[i].name, 1, &n))
			return SM_EINVAL;
		st->ev_given |= bits[i].bit;
		if (n)
			st->ev_vals |= bits[i].bit;
	}
	st->ev_class = -1;
	if (HAS(&kv, K_CLASS)) {
		struct tok c = kv.val[K_CLASS];

		if (tok_eq(c, "cd"))
			st->ev_class = 0;
		else if (tok_eq(c, "tt"))
			st->ev_class = 1;
		else if (tok_eq(c, "in"))
			st->ev_class = 2;
		else {
			struct qtok q;

			return fail(p, "expect-event: class=%s is not cd|tt|in", qtok(&q, c));
		}
	}
	if (HAS(&kv, K_IPA) && HAS(&kv, K_FETCH))
		return fail(p, "expect-event: ipa= and fetch= share the record's last dword; give one");
	if (HAS(&kv, K_IPA) || HAS(&kv, K_FETCH)) {
		int ipa = HAS(&kv, K_IPA);

		if (num_arg(p, kv.val[ipa ? K_IPA : K_FETCH], ipa ? "ipa=" : "fetch=", 64, &st->addr3))
			return SM_EINVAL;
		st->flags |= ipa ? TRACE_F_IPA : TRACE_F_FETCH;
	}
	return SM_OK;
}

/* ack cpu=N [expect=INTID|none]: the CPU interface's acknowledge (ICC_IAR1_EL1). */
static int parse_ack(struct pctx *p, const struct verb *v, const struct tok *arg,
		     unsigned narg, struct trace_step *st)
{
	static const struct keyspec ks[] = { { "cpu", K_CPU, 0 }, { "expect", K_EXPECT, 0 } };
	struct kvset kv;
	uint64_t n;

	(void)v;
	if (args_collect(p, arg, narg, NULL, 0, ks, NELEM(ks), &kv))
		return SM_EINVAL;
	if (!HAS(&kv, K_CPU))
		return fail(p, "ack: missing cpu=");
	if (num_arg(p, kv.val[K_CPU], "cpu=", 16, &n))
		return SM_EINVAL;
	st->cpu = (uint32_t)n;
	if (HAS(&kv, K_EXPECT)) {
		if (tok_eq(kv.val[K_EXPECT], "none")) {
			st->flags |= TRACE_F_NONE;
		} else {
			if (num_arg(p, kv.val[K_EXPECT], "expect=", 32, &st->expect))
				return SM_EINVAL;
			st->flags |= TRACE_F_EXPECT;
		}
	}
	return SM_OK;
}

/* expect-pending intid=N cpu=N state=0|1: one LPI's pending state at a redistributor. */
static int parse_expect_pending(struct pctx *p, const struct verb *v, const struct tok *arg,
				unsigned narg, struct trace_step *st)
{
	static const struct keyspec ks[] = {
		{ "intid", K_INTID, 0 }, { "cpu", K_CPU, 0 }, { "state", K_STATE, 0 },
	};
	struct kvset kv;
	uint64_t n;

	(void)v;
	if (args_collect(p, arg, narg, NULL, 0, ks, NELEM(ks), &kv))
		return SM_EINVAL;
	if (!HAS(&kv, K_INTID) || !HAS(&kv, K_CPU) || !HAS(&kv, K_STATE))
		return fail(p, "expect-pending: intid=, cpu= and state= are required");
	if (num_arg(p, kv.val[K_INTID], "intid=", 32, &st->value) ||
	    num_arg(p, kv.val[K_CPU], "cpu=", 16, &n))
		return SM_EINVAL;
	st->cpu = (uint32_t)n;
	if (num_arg(p, kv.val[K_STATE], "state=", 1, &st->expect))
		return SM_EINVAL;
	return SM_OK;
}

/*
 * issue-interval sid=N cycles=I: from here on, the device with StreamID N
 * issues each dma/msi without at= I cycles after its previous one instead
 * of waiting for it (docs/timing.md "Concurrency"); cycles=0 turns it off.
 */
static int parse_issue_interval(struct pctx *p, const struct verb *v, const struct tok *arg,
				unsigned narg, struct trace_step *st)
{
	static const struct keyspec ks[] = { { "sid", K_SID, 0 }, { "cycles", K_CYCLES, 0 } };
	struct kvset kv;
	uint64_t n;

	(void)v;
	if (args_collect(p, arg, narg, NULL, 0, ks, NELEM(ks), &kv))
		return SM_EINVAL;
	if (!HAS(&kv, K_SID) || !HAS(&kv, K_CYCLES))
		return fail(p, "issue-interval: sid= and cycles= are required");
	if (num_arg(p, kv.val[K_SID], "sid=", 32, &n) ||
	    num_arg(p, kv.val[K_CYCLES], "cycles=", 32, &st->value))
		return SM_EINVAL;
	st->sid = (uint32_t)n;
	return SM_OK;
}

static int parse_expect_no_event(struct pctx *p, const struct verb *v, const struct tok *arg,
				 unsigned narg, struct trace_step *st)
{
	struct qtok q;

	(void)v;
	(void)st;
	if (narg)
		return fail(p, "expect-no-event takes no arguments (got '%s')", qtok(&q, arg[0]));
	return SM_OK;
}

/*
 * The verb table: one row per core verb.  A new verb is one row here plus
 * its handler.  Extension verbs (struct trace_ext) are looked up after these.
 */
#define TRACE_VERBS(X)                                                  \
	X("platform",        parse_platform,        TRACE_PLATFORM,        0) \
	X("profile",         parse_platform,        TRACE_PROFILE,         0) \
	X("write8",          parse_write,           TRACE_WRITE,           1) \
	X("write16",         parse_write,           TRACE_WRITE,           2) \
	X("write32",         parse_write,           TRACE_WRITE,           4) \
	X("write64",         parse_write,           TRACE_WRITE,           8) \
	X("read8",           parse_read,            TRACE_READ,            1) \
	X("read16",          parse_read,            TRACE_READ,            2) \
	X("read32",          parse_read,            TRACE_READ,            4) \
	X("read64",          parse_read,            TRACE_READ,            8) \
	X("fill",            parse_fill,            TRACE_FILL,            0) \
	X("write-bytes",     parse_write_bytes,     TRACE_WRITE_BYTES,     0) \
	X("dma",             parse_dma,             TRACE_DMA,             0) \
	X("msi",             parse_msi,             TRACE_MSI,             4) \
	X("expect-event",    parse_expect_event,    TRACE_EXPECT_EVENT,    0) \
	X("expect-no-event", parse_expect_no_event, TRACE_EXPECT_NO_EVENT, 0) \
	X("ack",             parse_ack,             TRACE_ACK,             0) \
	X("expect-pending",  parse_expect_pending,  TRACE_EXPECT_PENDING,  0) \
	X("issue-interval",  parse_issue_interval,  TRACE_ISSUE_INTERVAL,  0)

static const struct verb trace_verbs[] = {
#define X(name, fn, op, size) { name, sizeof(name) - 1, fn, op, size },
	TRACE_VERBS(X)
#undef X
};

static const struct verb *verb_find(struct tok t)
{
	size_t i;

	for (i = 0; i < NELEM(trace_verbs); i++)
		if (trace_verbs[i].len == t.n && memcmp(trace_verbs[i].name, t.p, t.n) == 0)
			return &trace_verbs[i];
	return NULL;
}

/* ---- extension verbs ---------------------------------------------------- */

static const char *ext_find(const struct trace_ext *ext, struct tok t)
{
	size_t i;

	if (!ext || !ext->verbs)
		return NULL;
	for (i = 0; ext->verbs[i]; i++)
		if (tok_eq(t, ext->verbs[i]))
			return ext->verbs[i];
	return NULL;
}

static int parse_ext(struct pctx *p, const struct tok *arg, unsigned narg,
		     struct trace_step *st)
{
	struct trace_kv *tmp = p->kv_tmp;
	struct trace *t = p->trace;
	struct qtok q;
	unsigned i, j;
	int rc;

	st->op = TRACE_EXT;
	if ((rc = copy_name(p, (struct tok){ p->verb, strlen(p->verb) }, "verb", st)))
		return rc;
	st->name = p->verb;  /* stable while the extension checks the line */
	st->kv = tmp;
	for (i = 0; i < narg; i++) {
		struct tok tk = arg[i];
		struct trace_kv *kv = &tmp[i];
		const char *eq = memchr(tk.p, '=', tk.n);
		struct tok key = { tk.p, eq ? (size_t)(eq - tk.p) : tk.n };

		memset(kv, 0, sizeof(*kv));
		if (key.n == 0)
			return fail(p, "%s: argument '%s' has an empty key", p->verb, qtok(&q, tk));
		if (key.n >= sizeof(kv->key))
			return fail(p, "%s: key '%s' is longer than %zu characters", p->verb,
				    qtok(&q, key), sizeof(kv->key) - 1);
		for (j = 0; j < i; j++)
			if (tok_eq(key, tmp[j].key))
				return fail(p, "%s: %s given twice", p->verb, tmp[j].key);
		memcpy(kv->key, key.p, key.n);
		kv->key[key.n] = '\0';
		if (eq) {
			struct tok val = { eq + 1, (size_t)(tk.p + tk.n - eq - 1) };

			if (val.n == 0)
				return fail(p, "%s: %s= has no value", p->verb, kv->key);
			if (val.n >= sizeof(kv->str))
				return fail(p, "%s: value of %s= is longer than %zu characters",
					    p->verb, kv->key, sizeof(kv->str) - 1);
			memcpy(kv->str, val.p, val.n);
			kv->str[val.n] = '\0';
			kv->has_value = 1;
			kv->is_num = num_parse(val.p, val.n, &kv->num) == NUM_OK;
		}
		st->nkv = i + 1;
	}
	if (p->ext->check) {
		struct sm_err e = { 0 };

		if (p->ext->check(p->ext->opaque, st, &e) != SM_OK) {
			if (e.msg[0])
				return fail(p, "%s", e.msg);
			return fail(p, "%s: rejected by the extension's check", p->verb);
		}
	}
	/* Accepted: move the arguments into the trace's pool. */
	if (t->kvs_cap - t->nkvs < st->nkv) {
		size_t ncap = t->kvs_cap ? t->kvs_cap : 64;
		struct trace_kv *nk;

		while (ncap - t->nkvs < st->nkv)
			ncap *= 2;
		if (ncap > SIZE_MAX / sizeof(*nk) || !(nk = realloc(t->kvs, ncap * sizeof(*nk))))
			return SM_ENOMEM;
		t->kvs = nk;
		t->kvs_cap = ncap;
	}
	if (st->nkv)
		memcpy(t->kvs + t->nkvs, tmp, st->nkv * sizeof(*tmp));
	st->kv_off = t->nkvs;
	t->nkvs += st->nkv;
	st->kv = NULL;
	st->name = "";
	return SM_OK;
}

/* ---- buffers ------------------------------------------------------------ */

/*
 * Size the step array once, before parsing: a step needs at least a
 * 4-character line, so (len + 1) / 5 and the line count both bound the
 * number of steps.  One allocation instead of repeated doubling keeps a
 * million-line trace from copying its steps around, and a large array asks
 * for huge pages: first-touch page faults dominate parsing otherwise.
 */
static int steps_presize(struct trace *t, const char *text, size_t len)
{
	size_t lines = 1, cap, bytes;
	const char *p = text, *end = text + len;
	void *mem = NULL;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	cap = (len + 1) / 5 + 1;
	if (lines < cap)
		cap = lines;
	if (cap > SIZE_MAX / sizeof(*t->steps))
		return SM_ENOMEM;
	bytes = cap * sizeof(*t->steps);
	if (bytes >= (UINT64_C(4) << 20)) {
		size_t huge = UINT64_C(2) << 20;

		bytes = (bytes + huge - 1) & ~(huge - 1);
		if (posix_memalign(&mem, huge, bytes))
			return SM_ENOMEM;
#ifdef MADV_HUGEPAGE
		madvise(mem, bytes, MADV_HUGEPAGE); /* a hint: failure only costs speed */
#endif
	} else {
		mem = malloc(bytes ? bytes : sizeof(*t->steps));
		if (!mem)
			return SM_ENOMEM;
	}
	t->steps = mem;
	t->cap = bytes / sizeof(*t->steps);
	return SM_OK;
}

/* Make room for one more step (geometric growth). */
static int steps_reserve(struct trace *t)
{
	size_t ncap;
	struct trace_step *ns;

	if (t->nsteps < t->cap)
		return SM_OK;
	ncap = t->cap ? t->cap * 2 : 64;
	if (ncap < t->cap || ncap > SIZE_MAX / sizeof(*ns))
		return SM_ENOMEM;
	ns = realloc(t->steps, ncap * sizeof(*ns));
	if (!ns)
		return SM_ENOMEM;
	t->steps = ns;
	t->cap = ncap;
	return SM_OK;
}

static int diag_add(struct trace_diag *d, const char *fname, unsigned line, const char *msg)
{
	size_t need = strlen(fname) + strlen(msg) + 40;
	int n;

	if (d->cap - d->len < need) {
		size_t ncap = d->cap ? d->cap : 256;
		char *nt;

		while (ncap - d->len < need) {
			if (ncap > SIZE_MAX / 2)
				return SM_ENOMEM;
			ncap *= 2;
		}
		nt = realloc(d->text, ncap);
		if (!nt)
			return SM_ENOMEM;
		d->text = nt;
		d->cap = ncap;
	}
	n = snprintf(d->text + d->len, d->cap - d->len, "%s:%u: error: %s\n", fname, line, msg);
	if (n < 0 || (size_t)n >= d->cap - d->len)
		return SM_ENOMEM; /* cannot happen: need covers it */
	d->len += (size_t)n;
	d->count++;
	return SM_OK;
}

/* ---- lines -------------------------------------------------------------- */

/* Parse one line (without its line end) into t->steps[t->nsteps]. */
static int parse_line(struct pctx *p, const char *s, size_t n, unsigned line,
		      struct trace *t)
{
	struct tok tk[MAX_TOKENS];
	unsigned ntok = 0;
	const struct verb *v;
	struct trace_step *st;
	const char *nul;
	size_t i = 0;
	int rc;

	if (n > LINE_MAX_CHARS)
		return fail(p, "line is %zu characters long (at most %d)", n, LINE_MAX_CHARS);
	nul = memchr(s, '\0', n);
	if (nul)
		return fail(p, "NUL byte in column %zu", (size_t)(nul - s) + 1);
	while (i < n) {
		char c = s[i];
		size_t start;

		if (c == ' ' || c == '\t') {
			i++;
			continue;
		}
		if (c == '#')
			break;
		start = i;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '#')
			i++;
		if (ntok == MAX_TOKENS) {
			struct qtok q;

			return fail(p, "too many arguments for '%s' (at most %d)",
				    qtok(&q, tk[0]), TRACE_MAX_KV);
		}
		tk[ntok++] = (struct tok){ s + start, i - start };
	}
	if (ntok == 0)
		return SM_OK; /* blank or comment: no step */

	v = verb_find(tk[0]);
	if (v) {
		p->verb = v->name;
	} else {
		p->verb = ext_find(p->ext, tk[0]);
		if (!p->verb) {
			struct qtok q;

			return fail(p, "unknown step '%s'", qtok(&q, tk[0]));
		}
	}
	if ((!v || (v->op != TRACE_PLATFORM && v->op != TRACE_PROFILE)) && !p->first_access)
		p->first_access = line;

	rc = steps_reserve(t);
	if (rc)
		return rc;
	st = &t->steps[t->nsteps];
	memset(st, 0, sizeof(*st));
	st->name = "";
	st->name_off = SIZE_MAX;
	st->line = line;
	if (v) {
		st->op = v->op;
		rc = v->parse(p, v, tk + 1, ntok - 1, st);
	} else {
		rc = parse_ext(p, tk + 1, ntok - 1, st);
	}
	if (rc)
		return rc;
	t->nsteps++;
	return SM_OK;
}

/* Pools are final: turn each step's offsets into pointers. */
static void fixup(struct trace *t)
{
	for (size_t i = 0; i < t->nsteps; i++) {
		struct trace_step *st = &t->steps[i];

		st->name = st->name_off == SIZE_MAX ? "" : t->strings + st->name_off;
		st->kv = st->nkv ? t->kvs + st->kv_off : NULL;
	}
}

int trace_parse(const char *text, size_t len, const char *fname,
		const struct trace_ext *ext, struct trace *t, struct trace_diag *diag)
{
	struct pctx p = { .ext = ext, .trace = t };
	unsigned line = 0;
	size_t pos = 0;

	if (!t || !diag || (!text && len))
		return SM_EINVAL;
	memset(t, 0, sizeof(*t));
	memset(diag, 0, sizeof(*diag));
	if (!fname)
		fname = "<trace>";
	if (steps_presize(t, text, len))
		return SM_ENOMEM;
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		int rc;

		pos += nl ? n + 1 : n;
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		rc = parse_line(&p, s, n, line, t);
		if (rc == SM_ENOMEM) {
			fixup(t);
			return rc;
		}
		if (rc == SM_EINVAL) {
			rc = diag_add(diag, fname, line, p.err.msg[0] ? p.err.msg : "syntax error");
			if (rc) {
				fixup(t);
				return rc;
			}
			p.err.msg[0] = '\0';
		}
	}
	fixup(t);
	return diag->count ? SM_EINVAL : SM_OK;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	free(t->steps);
	free(t->strings);
	free(t->kvs);
	memset(t, 0, sizeof(*t));
}

void trace_diag_free(struct trace_diag *d)
{
	if (!d)
		return;
	free(d->text);
	memset(d, 0, sizeof(*d));
}

const struct trace_kv *trace_kv_find(const struct trace_step *st, const char *key)
{
	unsigned i;

	if (!st || !key)
		return NULL;
	for (i = 0; i < st->nkv && st->kv; i++)
		if (strcmp(st->kv[i].key, key) == 0)
			return &st->kv[i];
	return NULL;
}

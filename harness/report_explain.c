/* SPDX-License-Identifier: MIT */
/*
 * The walk diagram from the model's own record of a transaction.
 *
 * `replay --json --explain` follows each transaction's step with the steps
 * the model took (docs/explain.md): stage, what, fields (name -> value,
 * addresses in hex), spec, cycles, depth.  Here they are read by their
 * field names, as smmu/smmu_explain.c, its/its_explain.c and
 * lib/sys_explain.c write them, into a struct walk_view:
 *
 *   s1/s2 "stage N walk of ..."  (granule, input bits, start level, TTB)  a row
 *   s1/s2 "level N table at ..." (table, index bits, index, descriptor
 *         address, descriptor, type, walk cache, next table / OA, ...)    a level
 *   s2 "nested: ... is an IPA (A)", then depth 1 steps                    that level's stage 2
 *   tlb   (entry input/output on a hit)                                   a TLB or IPA cache hit
 *   event (the record's fields)                                           the fault box
 *   its / gicr                                                            the ITS chain
 *
 * This is a reader of another program's output: a step that is not what
 * those files print (a member missing or of the wrong type, a value that
 * is not a number) is counted in w->skipped and left out, never guessed
 * at, so a partial or edited explanation gives a partial diagram.
 */
#include "harness/report_walk.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness/svgplot.h"
#include "harness/trace.h"

struct xstep {
	const char *stage, *what;
	const struct jr_value *fields;
	unsigned depth;
};

/* Where the reading is: the row levels go to, a nested stage 2 under way, the ITS box last filled. */
struct xstate {
	struct walk_view *w;
	struct walk_row *row;
	bool in_nest;
	struct walk_nest nest;
	bool has_ipa;
	uint64_t ipa;           /* the last "stage 2 translates IPA" at depth 0 */
	bool has_entry;
	uint64_t entry;         /* an ITS table step's entry address, for the entry step after it */
	bool nest_cd;           /* the nested stage 2 under way is the CD's (or L1CD's) */
	bool cd_fault;          /* and it faulted */
	struct walk_box cfg;    /* where the configuration came from (STE, CD) */
	int its_at;             /* the last ITS box filled, -1 before */
	char intid[24];         /* the ITE's pINTID */
};

static bool step_of(const struct jr_value *v, struct xstep *s)
{
	uint64_t depth = 0;

	s->stage = jr_get_str(v, "stage");
	s->what = jr_get_str(v, "what");
	s->fields = jr_get(v, "fields");
	if (!s->stage || !s->what || !s->fields || s->fields->type != JR_OBJ)
		return false;
	if (jr_get(v, "depth") && (!jr_get_u64(v, "depth", &depth) || depth > 8))
		return false;
	s->depth = (unsigned)depth;
	return true;
}

static bool is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static const char *fld(const struct xstep *s, const char *name)
{
	return jr_get_str(s->fields, name);
}

/* The number a field's value starts with ("0x7f008000", "2 (target ...)", "4 KiB"). */
static bool num(const struct xstep *s, const char *name, uint64_t *out)
{
	const char *v = fld(s, name);
	size_t n = v ? strcspn(v, " ") : 0;

	return n && !trace_parse_u64(v, n, out);
}

/* The value's first word, for a box ("0b01" of "0b01 (read/write, any privilege)"). */
static void word(char *buf, size_t cap, const char *v)
{
	snprintf(buf, cap, "%.*s", v ? (int)strcspn(v, " ") : 1, v ? v : "?");
}

static void line_add(struct walk_box *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line_add(struct walk_box *b, const char *fmt, ...)
{
	va_list ap;

	if (b->n >= WALK_BOX_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(b->line[b->n++], sizeof(b->line[0]), fmt, ap);
	va_end(ap);
	b->present = true;
}

/* A "2^12 bytes" size field as a shift, 0 when absent or unreadable. */
static unsigned shift_of(const struct xstep *s)
{
	const char *v = fld(s, "size");
	unsigned sh;

	return v && sscanf(v, "2^%u", &sh) == 1 && sh < 64 ? sh : 0;
}

static uint64_t low(uint64_t a, unsigned shift)
{
	return shift ? a & ((UINT64_C(1) << shift) - 1) : 0;
}

/* ---- the SMMU's walks ---- */

/* "stage N walk of ...": the row's geometry; its levels are laid out from the start level. */
static bool row_begin(struct xstate *x, const struct xstep *s)
{
	struct walk_view *w = x->w;
	unsigned stage = s->stage[1] == '2' ? 2 : 1;
	struct walk_row *r = stage == 2 && w->walk.present && w->walk.stage == 1 ? &w->s2 : &w->walk;
	uint64_t kib, ias, base;
	int start;
	unsigned g, stride;

	if (!num(s, "granule", &kib) || (kib != 4 && kib != 16 && kib != 64) ||
	    !num(s, "input bits", &ias) || !fld(s, "start level") ||
	    sscanf(fld(s, "start level"), "%d", &start) != 1 || start < -1 || start > 3 ||
	    !num(s, stage == 2 ? "S2TTB" : "TTB", &base))
		return false;
	g = kib == 4 ? 12 : kib == 16 ? 14 : 16;
	stride = g - 3;
	/* DDI 0487 D8.2: level l indexes [g + (3-l)*stride + stride-1 : g + (3-l)*stride]; the start level takes what is left */
	if (ias > 52 || ias <= g + (unsigned)(3 - start) * stride)
		return false;
	memset(r, 0, sizeof(*r));
	r->present = true;
	r->stage = stage;
	r->granule = g;
	r->ias = (unsigned)ias;
	r->has_base = true;
	r->base = base;
	r->ia = stage == 2 && x->has_ipa ? x->ipa : w->iova;
	for (int l = start; l <= 3; l++) {
		struct walk_level *lv = &r->levels[r->nlevels++];

		lv->level = l;
		lv->lo = g + (unsigned)(3 - l) * stride;
		lv->hi = l == start ? (unsigned)ias - 1 : lv->lo + stride - 1;
		lv->index = (r->ia >> lv->lo) & ((UINT64_C(1) << (lv->hi - lv->lo + 1)) - 1);
	}
	x->row = r;
	return true;
}

static struct walk_level *level_in(struct walk_row *r, int level)
{
	for (unsigned i = 0; r && i < r->nlevels; i++)
		if (r->levels[i].level == level)
			return &r->levels[i];
	return NULL;
}

/* The level a level step is about: its "level" field, or the start of its sentence. */
static bool level_no(const struct xstep *s, int *level)
{
	const char *v = fld(s, "level");

	if (v ? sscanf(v, "%d", level) != 1 : sscanf(s->what, "level %d", level) != 1)
		return false;
	return *level >= -1 && *level <= 3;
}

static void level_attrs(struct walk_level *lv, const struct xstep *s, unsigned stage, bool leaf)
{
	char a[8], b[8], c[8], d[8]; /* short values: "0b01", "1" */

	if (!leaf) {
		if (stage == 1 && fld(s, "APTable"))
			snprintf(lv->attrs, sizeof(lv->attrs), "APTable %s XNTable %s",
				 fld(s, "APTable"), fld(s, "XNTable") ? fld(s, "XNTable") : "?");
		return;
	}
	if (stage == 1) {
		word(a, sizeof(a), fld(s, "AP"));
		word(b, sizeof(b), fld(s, "UXN"));
		word(c, sizeof(c), fld(s, "PXN"));
		word(d, sizeof(d), fld(s, "AF"));
		snprintf(lv->attrs, sizeof(lv->attrs), "AP %s UXN %s PXN %s AF %s", a, b, c, d);
	} else {
		word(a, sizeof(a), fld(s, "S2AP"));
		word(b, sizeof(b), fld(s, "XN"));
		word(d, sizeof(d), fld(s, "AF"));
		snprintf(lv->attrs, sizeof(lv->attrs), "S2AP %s XN %s AF %s", a, b, d);
	}
}

/* "level N table at ...": what the walk read at that level (DDI 0487 D8.2, D8.3). */
static bool level_step(struct xstate *x, const struct xstep *s)
{
	struct walk_row *r = x->row;
	struct walk_level *lv;
	const char *bits = fld(s, "index bits"), *wc = fld(s, "walk cache"), *br;
	unsigned hi, lo;
	unsigned long long t;
	uint64_t v;
	int level;

	if (!r || !level_no(s, &level) || !(lv = level_in(r, level)))
		return false;
	lv->visited = true;
	if (num(s, "table", &v))
		lv->has_table = true, lv->table = v;
	else if (sscanf(s->what, "level %*d table at 0x%llx", &t) == 1)
		lv->has_table = true, lv->table = t; /* a failed read names its table only here */
	if (bits && (br = strchr(bits, '[')) && sscanf(br, "[%u:%u]", &hi, &lo) == 2 && hi >= lo &&
	    hi < 64) {
		lv->hi = hi, lv->lo = lo;
		lv->index = (r->ia >> lo) & ((UINT64_C(1) << (hi - lo)) * 2 - 1);
	}
	if (num(s, "index", &v))
		lv->index = v;
	lv->has_desc_addr = num(s, "descriptor address", &lv->desc_addr);
	lv->has_desc = num(s, "descriptor", &lv->desc);
	snprintf(lv->type, sizeof(lv->type), "%s", fld(s, "type") ? fld(s, "type") : "");
	lv->wc = is(wc, "table hit") ? WALK_WC_TABLE : is(wc, "leaf hit") ? WALK_WC_LEAF
									  : WALK_WC_NONE;
	if (num(s, "next table", &v)) {
		snprintf(lv->out, sizeof(lv->out), "next 0x%llx", (unsigned long long)v);
		level_attrs(lv, s, r->stage, false);
	} else if (num(s, "OA", &v)) {
		unsigned sh = shift_of(s);

		snprintf(lv->out, sizeof(lv->out), "OA 0x%llx", (unsigned long long)v);
		level_attrs(lv, s, r->stage, true);
		if (sh) {
			r->has_out = true;
			r->out = v + low(r->ia, sh);
		}
	}
	if (fld(s, "fault") || strstr(s->what, " failed (")) {
		lv->fault = r->faulted = true;
		if (!fld(s, "fault")) /* the read itself failed: F_WALK_EABT, or stage 2 of its address */
			snprintf(lv->type, sizeof(lv->type), "%s",
				 strstr(s->what, "stage-2 fault") ? "stage 2 faulted" : "read aborted");
	}
	if (x->in_nest && !x->nest_cd && r->stage == 1) {
		lv->nest = x->nest;
		x->in_nest = false;
	}
	return true;
}

/* A nested stage 2, at depth 1: the IPA cache, or the stage-2 tables it read. */
static void nest_step(struct xstate *x, const struct xstep *s)
{
	struct walk_nest *n = &x->nest;
	uint64_t in, out, oa;
	int level;

	if (!x->in_nest)
		return;
	if (is(s->stage, "tlb") && is(fld(s, "result"), "hit") && num(s, "entry input", &in) &&
	    num(s, "entry output", &out) && in <= n->ipa) {
		n->cache_hit = n->has_pa = true;
		n->pa = out + (n->ipa - in);
	} else if (is(s->stage, "s2") && starts(s->what, "level ") && level_no(s, &level)) {
		if (n->nlevels < WALK_MAX_LEVELS) {
			n->level[n->nlevels] = level;
			n->table[n->nlevels] = 0;
			num(s, "table", &n->table[n->nlevels]);
			n->nlevels++;
		}
		if (num(s, "OA", &oa) && shift_of(s)) {
			n->has_pa = true;
			n->pa = oa + low(n->ipa, shift_of(s));
		}
		if (fld(s, "fault") || strstr(s->what, " failed ("))
			n->faulted = true;
	} else if (is(s->stage, "s2") && strstr(s->what, "not allowed")) {
		n->faulted = true;
	}
}

/* s1/s2 at depth 0. */
static bool walk_step(struct xstate *x, const struct xstep *s)
{
	unsigned long long ipa = 0;
	const char *p;

	if (starts(s->what, "nested:")) {
		/* smmu__x_nest: "nested: the stage-1 descriptor address is an IPA (0x...)" */
		memset(&x->nest, 0, sizeof(x->nest));
		p = strstr(s->what, "(0x");
		x->nest_cd = !strstr(s->what, "stage-1");
		x->in_nest = p && sscanf(p, "(0x%llx", &ipa) == 1;
		x->nest.present = x->in_nest;
		x->nest.ipa = ipa;
		return x->in_nest;
	}
	if (starts(s->what, "stage 2 translates IPA")) {
		x->has_ipa = num(s, "IPA", &x->ipa);
		return x->has_ipa;
	}
	if (fld(s, "granule") && fld(s, "start level"))
		return row_begin(x, s);
	if (starts(s->what, "level "))
		return level_step(x, s);
	if (strstr(s->what, "permissions") && strstr(s->what, "not allowed") && x->row) {
		struct walk_level *last = NULL;

		for (unsigned i = 0; i < x->row->nlevels; i++)
			if (x->row->levels[i].visited)
				last = &x->row->levels[i];
		if (last)
			last->fault = true;
		x->row->faulted = true;
	}
	return true; /* the range check, permissions allowed, a hardware update: in the steps table */
}

/* A hit of the main TLB, or (after a stage-1 walk) of the IPA cache for the final stage 2. */
static void tlb_step(struct xstate *x, const struct xstep *s)
{
	struct walk_view *w = x->w;
	uint64_t in, out, lvl;

	if (!is(fld(s, "result"), "hit") || !num(s, "entry input", &in) || !num(s, "entry output", &out))
		return;
	if (strstr(s->what, "IPA cache") && w->walk.present && w->walk.stage == 1 && x->has_ipa &&
	    in <= x->ipa) {
		memset(&w->s2, 0, sizeof(w->s2));
		w->s2.present = w->s2.cache_hit = w->s2.has_out = true;
		w->s2.stage = 2;
		w->s2.ia = x->ipa;
		w->s2.hit_in = in;
		w->s2.hit_out = out;
		w->s2.out = out + (x->ipa - in);
		return;
	}
	memset(&w->hit, 0, sizeof(w->hit));
	line_add(&w->hit, "%s hit", strstr(s->what, "IPA cache") ? "IPA cache" : "TLB");
	line_add(&w->hit, "entry 0x%llx", (unsigned long long)in);
	line_add(&w->hit, "-> 0x%llx", (unsigned long long)out);
	if (fld(s, "entry size") && num(s, "entry level", &lvl))
		line_add(&w->hit, "size %s, level %llu", fld(s, "entry size"), (unsigned long long)lvl);
}

/* Where the configuration came from: for the picture of a fault found there. */
static void config_step(struct xstate *x, const struct xstep *s)
{
	struct walk_box *b = &x->cfg;
	uint64_t a;

	if (!b->n)
		line_add(b, "stream table / CD");
	if (is(s->stage, "ste") && num(s, "address", &a))
		line_add(b, "STE at 0x%llx", (unsigned long long)a);
	else if (is(s->stage, "cd") && num(s, "CD address", &a))
		line_add(b, "CD at 0x%llx", (unsigned long long)a);
	else if (is(s->stage, "strtab") && strstr(s->what, "out of range"))
		line_add(b, "StreamID out of range");
}

/* Nested: the CD's address went through stage 2, which faulted (CLASS=CD, IHI 0070 §7.3). */
static void config_nest_end(struct xstate *x)
{
	if (!x->in_nest || !x->nest_cd || !x->nest.faulted)
		return;
	if (!x->cfg.n)
		line_add(&x->cfg, "stream table / CD");
	line_add(&x->cfg, "CD at IPA 0x%llx:", (unsigned long long)x->nest.ipa);
	line_add(&x->cfg, "stage 2 faulted");
	x->cd_fault = true;
}

static void event_step(struct xstate *x, const struct xstep *s)
{
	struct walk_view *w = x->w;
	const struct jr_value *fl = s->fields;

	w->nevent = 0;
	for (size_t i = 0; i < fl->n && w->nevent < WALK_MAX_EVENT; i++) {
		if (fl->items[i].type != JR_STR)
			continue;
		snprintf(w->event[w->nevent].name, sizeof(w->event[0].name), "%s", fl->keys[i]);
		snprintf(w->event[w->nevent].value, sizeof(w->event[0].value), "%s", fl->items[i].s);
		w->nevent++;
	}
}

/* ---- the ITS (IHI 0069 §5.2.3) and the redistributor (§5.1) ---- */

static struct walk_box *its_box(struct xstate *x, int i)
{
	x->w->its = true;
	if (i > x->its_at)
		x->its_at = i;
	return &x->w->itsbox[i];
}

/* A DTE, ITE or CTE step: "DTE 0x1: cache hit, value 0x...", or its failed read. */
static void its_entry(struct xstate *x, const struct xstep *s, int i)
{
	struct walk_box *b = its_box(x, i);
	uint64_t a, v, valid = 1;

	line_add(b, "%.*s", (int)strcspn(s->what, ":"), s->what);
	if (num(s, "address", &a))
		line_add(b, "at 0x%llx (%s)", (unsigned long long)a,
			 is(fld(s, "cache"), "miss") ? "cache miss" : "read");
	else if (x->has_entry)
		line_add(b, "at 0x%llx (%s)", (unsigned long long)x->entry,
			 is(fld(s, "cache"), "hit") ? "cache hit" : "?");
	else
		line_add(b, "%s", is(fld(s, "cache"), "hit") ? "cache hit" : "cache miss");
	x->has_entry = false;
	if (!num(s, "value", &v)) {
		b->bad = true;
		line_add(b, "read failed");
		return;
	}
	line_add(b, "= 0x%llx", (unsigned long long)v);
	num(s, "Valid", &valid);
	b->bad = !valid;
	if (!valid)
		line_add(b, "Valid 0");
	else if (i == 1 && fld(s, "ITT_addr")) {
		char size[16];

		word(size, sizeof(size), fld(s, "Size"));
		line_add(b, "ITT_addr %s", fld(s, "ITT_addr"));
		line_add(b, "Size %s", size);
	} else if (i == 2 && fld(s, "pINTID")) {
		snprintf(x->intid, sizeof(x->intid), "%s", fld(s, "pINTID"));
		line_add(b, "pINTID %s, ICID %s", x->intid, fld(s, "ICID") ? fld(s, "ICID") : "?");
	} else if (i == 3 && fld(s, "RDbase"))
		line_add(b, "RDbase %.*s", (int)strcspn(fld(s, "RDbase"), " "), fld(s, "RDbase"));
}

static void its_step(struct xstate *x, const struct xstep *s)
{
	struct walk_box *b;
	char dev[24];
	uint64_t en;

	if (starts(s->what, "GITS_TRANSLATER")) {
		b = its_box(x, 0);
		word(dev, sizeof(dev), fld(s, "DeviceID"));
		line_add(b, "GITS_TRANSLATER");
		line_add(b, "DeviceID %s", fld(s, "DeviceID") ? dev : "none");
		line_add(b, "EventID %s", fld(s, "EventID") ? fld(s, "EventID") : "?");
		b->bad = num(s, "Enabled", &en) && !en;
		line_add(b, "GITS_CTLR.Enabled %s", fld(s, "Enabled") ? fld(s, "Enabled") : "?");
	} else if (strstr(s->what, "table (GITS_BASER") || starts(s->what, "ITT entry address")) {
		x->has_entry = num(s, "entry address", &x->entry);
	} else if (starts(s->what, "DTE ")) {
		its_entry(x, s, 1);
	} else if (starts(s->what, "ITE ")) {
		its_entry(x, s, 2);
	} else if (starts(s->what, "CTE ")) {
		its_entry(x, s, 3);
	} else if (fld(s, "drop")) {
		b = its_box(x, x->its_at + 1 < WALK_ITS_BOXES ? x->its_at + 1 : WALK_ITS_BOXES - 1);
		b->bad = true;
		line_add(b, "dropped");
		line_add(b, "%s", fld(s, "drop"));
	}
}

static void gicr_step(struct xstate *x, const struct xstep *s)
{
	struct walk_box *b;
	const char *p;
	uint64_t a, en;

	if (fld(s, "CPU")) {
		b = its_box(x, 4);
		line_add(b, "redistributor");
		line_add(b, "CPU %s", fld(s, "CPU"));
		if ((p = strstr(s->what, "EnableLPIs=")))
			line_add(b, "%.*s", (int)strcspn(p, ","), p);
		if ((p = strstr(s->what, "refused: "))) {
			b->bad = true;
			line_add(b, "refused: %s", p + 9);
		}
	} else if (num(s, "byte address", &a)) {
		b = its_box(x, 4);
		line_add(b, "pending 0x%llx", (unsigned long long)a);
		line_add(b, "bit %s", fld(s, "bit") ? fld(s, "bit") : "?");
	} else if (num(s, "property byte", &a)) {
		uint64_t at = 0;

		b = its_box(x, 5);
		line_add(b, "LPI %s property", x->intid[0] ? x->intid : "?");
		if (num(s, "address", &at))
			line_add(b, "at 0x%llx (cache %s)", (unsigned long long)at,
				 fld(s, "cache") ? fld(s, "cache") : "?");
		line_add(b, "= 0x%02llx", (unsigned long long)a);
		line_add(b, "Priority %s", fld(s, "Priority") ? fld(s, "Priority") : "?");
		line_add(b, "Enable %s", fld(s, "Enable") ? fld(s, "Enable") : "?");
		b->bad = num(s, "Enable", &en) && !en;
	}
}

/* ---- putting it together ---- */

/* Levels before the first one visited were skipped (the walk cache); after the last, never reached. */
static void row_end(struct walk_row *r)
{
	int first = -1, last = -1;

	for (unsigned i = 0; i < r->nlevels; i++)
		if (r->levels[i].visited) {
			if (first < 0)
				first = (int)i;
			last = (int)i;
		}
	if (first < 0) {
		r->present = r->cache_hit;
		return;
	}
	for (int i = 0; i < first; i++)
		r->levels[i].wc = WALK_WC_SKIPPED;
	r->nlevels = (unsigned)last + 1;
}

void walk_explain(const struct jr_value *steps, struct walk_view *w)
{
	struct xstate x = { .w = w, .its_at = -1 };
	struct walk_row assumed = w->walk;

	if (!steps || steps->type != JR_ARR) {
		w->skipped++;
		return;
	}
	memset(&w->walk, 0, sizeof(w->walk));
	for (size_t i = 0; i < steps->n; i++) {
		struct xstep s;
		bool ok = true;

		if (!step_of(&steps->items[i], &s)) {
			w->skipped++;
			continue;
		}
		if (s.depth) {
			nest_step(&x, &s);
			continue;
		}
		if (x.in_nest && (x.nest_cd || !(is(s.stage, "s1") && starts(s.what, "level ")))) {
			config_nest_end(&x);
			x.in_nest = false; /* the CD's, or a stage-1 descriptor's that was never read */
		}
		if (is(s.stage, "s1") || is(s.stage, "s2"))
			ok = walk_step(&x, &s);
		else if (is(s.stage, "tlb"))
			tlb_step(&x, &s);
		else if (is(s.stage, "event"))
			event_step(&x, &s);
		else if (is(s.stage, "its"))
			its_step(&x, &s);
		else if (is(s.stage, "gicr"))
			gicr_step(&x, &s);
		else if (is(s.stage, "ste") || is(s.stage, "cd") || is(s.stage, "strtab"))
			config_step(&x, &s);
		w->skipped += !ok;
	}
	config_nest_end(&x);
	row_end(&w->walk);
	row_end(&w->s2);
	w->explained = w->walk.present;
	if (w->walk.present) {
		w->kind = WALK_TABLES;
		w->assumed = false;
		w->nested = w->s2.present || w->nested;
		if (w->walk.faulted || w->s2.faulted)
			w->faulted = true;
		return;
	}
	w->walk = assumed; /* no walk in the explanation: keep what RUN.json gave */
	memset(&w->s2, 0, sizeof(w->s2));
	/*
	 * A walk fault by its name, but the model read no table: it was the
	 * CD's stage 2 (CLASS=CD), or a check before the walk (the VA range).
	 */
	if (w->kind == WALK_TABLES && w->faulted && steps->n && !w->skipped) {
		if (x.cd_fault) {
			w->kind = WALK_CONFIG;
		} else {
			w->walk.present = false;
			memset(&w->hit, 0, sizeof(w->hit));
			line_add(&w->hit, "no table was read");
			line_add(&w->hit, "(the steps below say why)");
		}
	}
	if (w->kind == WALK_CONFIG && x.cfg.present)
		w->hit = x.cfg;
}

/* ---- the steps, for the detail panel ---- */

void walk_explain_steps(FILE *f, const struct jr_value *steps)
{
	uint64_t total = 0;

	if (!steps || steps->type != JR_ARR)
		return;
	fprintf(f, "<table class=\"explain\"><tr><th>stage</th><th>what the model did</th>"
		"<th>spec</th><th>cycles</th></tr>\n");
	for (size_t i = 0; i < steps->n; i++) {
		const struct jr_value *v = &steps->items[i];
		uint64_t cyc = 0;
		struct xstep s;

		if (!step_of(v, &s)) {
			fprintf(f, "<tr class=\"xbad\"><td></td><td colspan=\"3\">(a step the report "
				"could not read)</td></tr>\n");
			continue;
		}
		jr_get_u64(v, "cycles", &cyc);
		total += cyc;
		fprintf(f, "<tr class=\"xstep\"><td>");
		svg_text(f, s.stage);
		fprintf(f, "</td><td style=\"padding-left:%upx\">", 6 + 16 * s.depth);
		svg_text(f, s.what);
		if (s.fields->n) {
			fprintf(f, "<div class=\"xf\">");
			for (size_t k = 0; k < s.fields->n; k++) {
				if (s.fields->items[k].type != JR_STR)
					continue;
				fprintf(f, "%s", k ? ", " : "");
				svg_text(f, s.fields->keys[k]);
				fputc('=', f);
				svg_text(f, s.fields->items[k].s);
			}
			fprintf(f, "</div>");
		}
		fprintf(f, "</td><td>");
		svg_text(f, jr_get_str(v, "spec"));
		fprintf(f, "</td><td class=\"num\">%llu</td></tr>\n", (unsigned long long)cyc);
	}
	fprintf(f, "<tr><td>total</td><td>the sum of the steps</td><td></td>"
		"<td class=\"num\">%llu</td></tr></table>\n", (unsigned long long)total);
}

/* SPDX-License-Identifier: MIT */
/*
 * Drawing a struct walk_view as SVG (harness/report_walk.h).
 *
 * A table walk is drawn as two rows: the input address cut into its fields
 * (the upper bits, one index per level, the offset), and below them the
 * base register, one box per table and the output, with an arrow from each
 * index field to the table it indexes.  From an explanation each table box
 * also holds its address, the index bits, the descriptor's address and
 * value decoded; levels the walk cache let the walk skip are greyed; when
 * nested, a third row shows each stage-1 table address going through
 * stage 2; the final stage 2 and the ITS's chain are diagrams of their own.
 */
#include "harness/report_walk.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "harness/svgplot.h"

#define WW    760   /* diagram width, from RUN.json alone */
#define WX    960   /* with an explanation: more to say per box (the SVG scales) */
#define WM    10    /* side margin */
#define ROW1  34    /* the input address fields */
#define ROWH  58
#define ROWGAP 116  /* from the fields to the tables: room for the index arrows */
#define BOXH  78
#define BOXX  106   /* a table box with an explanation: seven lines of 13 px */
#define NESTH 92
#define XFS   10    /* font size inside explained boxes */

struct look {
	const char *fill, *stroke, *ink;
	bool dashed;
};

static const struct look lk_plain = { "#f4f4f4", "#666", NULL, false };
static const struct look lk_field = { "#fff7dd", "#999", NULL, false };
static const struct look lk_table = { "#eef4ff", "#3778c2", NULL, false };
static const struct look lk_table_dashed = { "#eef4ff", "#3778c2", NULL, true };
static const struct look lk_tlb = { "#fff7dd", "#3778c2", NULL, false };
static const struct look lk_out = { "#e8f6e8", "#2a9d2a", NULL, false };
static const struct look lk_bad = { "#fde8e8", "#d33", NULL, false };
static const struct look lk_bad_dashed = { "#fde8e8", "#d33", NULL, true };
static const struct look lk_skip = { "#f2f2f2", "#bbb", "#999", true };
static const struct look lk_nest = { "#f6f0ff", "#8e44ad", NULL, false };
static const struct look lk_its = { "#f6f0ff", "#8e44ad", NULL, false };

/* Up to eight lines of text for a box. */
struct lines {
	unsigned n;
	char s[8][72];
	const char *p[8];
};

static void add(struct lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct lines *l, const char *fmt, ...)
{
	va_list ap;

	if (l->n >= 8)
		return;
	va_start(ap, fmt);
	vsnprintf(l->s[l->n], sizeof(l->s[0]), fmt, ap);
	va_end(ap);
	l->p[l->n] = l->s[l->n];
	l->n++;
}

/* A box with centred lines of font size fs; the first is bold. */
static void box(FILE *f, double x, double y, double w, double h, const struct look *lk,
		const char *klass, const struct lines *l, unsigned fs)
{
	double sp = fs + 3;

	fprintf(f, "<g class=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"rx=\"4\" fill=\"%s\" stroke=\"%s\"%s/>", klass, x, y, w, h, lk->fill, lk->stroke,
		lk->dashed ? " stroke-dasharray=\"5,3\"" : "");
	for (unsigned i = 0; i < l->n; i++) {
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"%s", x + w / 2,
			y + h / 2 - (l->n - 1) * sp / 2 + i * sp + fs / 3, i ? "" : " font-weight=\"bold\"");
		if (fs != 12)
			fprintf(f, " font-size=\"%u\"", fs);
		if (lk->ink)
			fprintf(f, " fill=\"%s\"", lk->ink);
		fputc('>', f);
		svg_text(f, l->p[i]);
		fprintf(f, "</text>");
	}
	fprintf(f, "</g>\n");
}

/* A line with an arrowhead at (x2, y2), and an optional label at its middle. */
static void arrow(FILE *f, double x1, double y1, double x2, double y2, const char *label,
		  bool dashed)
{
	double dx = x2 - x1, dy = y2 - y1, len = dx * dx + dy * dy;

	fprintf(f, "<g class=\"walk-arrow\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		"stroke=\"#444\" stroke-width=\"1.5\"%s/>", x1, y1, x2, y2,
		dashed ? " stroke-dasharray=\"4,3\"" : "");
	if (len > 0) {
		double ux = dx / sqrt(len), uy = dy / sqrt(len); /* a 7 x 8 px head along the line */

		fprintf(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#444\"/>", x2, y2,
			x2 - 7 * ux - 4 * uy, y2 - 7 * uy + 4 * ux, x2 - 7 * ux + 4 * uy,
			y2 - 7 * uy - 4 * ux);
	}
	if (label) {
		fprintf(f, "<text class=\"walk-index\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
			"fill=\"#444\">", (x1 + x2) / 2 + 4, (y1 + y2) / 2);
		svg_text(f, label);
		fprintf(f, "</text>");
	}
	fprintf(f, "</g>\n");
}

static void header(FILE *f, const char *klass, unsigned w, unsigned h, const char *title)
{
	fprintf(f, "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
		"height=\"%u\" viewBox=\"0 0 %u %u\" font-family=\"sans-serif\" font-size=\"12\">\n"
		"<rect width=\"%u\" height=\"%u\" fill=\"white\"/>\n<text x=\"%d\" y=\"20\" "
		"font-weight=\"bold\">", klass, w, h, w, h, w, h, WM);
	svg_text(f, title);
	fprintf(f, "</text>\n");
}

/* The event record's fields, a few to a line (IHI 0070 §7.3); at most 5 lines. */
static void event_pack(const struct walk_view *w, struct lines *l)
{
	add(l, "event record");
	for (unsigned i = 0; i < w->nevent; i++) {
		char kv[72];
		size_t at = l->n > 1 ? strlen(l->s[l->n - 1]) : 0;

		snprintf(kv, sizeof(kv), "%s=%s", w->event[i].name, w->event[i].value);
		size_t n = strlen(kv);

		/* appended by hand: the length check above is what bounds it */
		if (l->n > 1 && at + n + 2 < sizeof(l->s[0]) - 1 && at + n < 66) {
			memcpy(l->s[l->n - 1] + at, ", ", 2);
			memcpy(l->s[l->n - 1] + at + 2, kv, n + 1);
		}
		else if (l->n < 6)
			add(l, "%s", kv);
	}
}

static unsigned event_height(const struct walk_view *w)
{
	struct lines l = { 0 };

	if (!w->nevent)
		return 0;
	event_pack(w, &l);
	return 18 + 15 * l.n;
}

static void event_box(FILE *f, const struct walk_view *w, double y, unsigned width)
{
	struct lines l = { 0 };

	event_pack(w, &l);
	box(f, WM, y, width - 2 * WM, event_height(w), &lk_bad, "walk-event", &l, 12);
}

/* Three boxes joined by arrows: what went in, what happened, what came out. */
static void chain3(FILE *f, double y, const struct lines *in, const struct lines *mid,
		   const struct look *mid_lk, const struct lines *out, bool bad)
{
	double bw = 200, gap = (WW - 2 * WM - 3 * bw) / 2, h = BOXH - 20 + (mid->n > 3 ? 24 : 0);

	box(f, WM, y, bw, h, &lk_plain, "walk-input", in, 12);
	box(f, WM + bw + gap, y, bw, h, mid_lk, "walk-step", mid, mid->n > 3 ? 11 : 12);
	box(f, WM + 2 * (bw + gap), y, bw, h, bad ? &lk_bad : &lk_out,
	    bad ? "walk-fault" : "walk-output", out, 12);
	arrow(f, WM + bw, y + h / 2, WM + bw + gap, y + h / 2, NULL, false);
	arrow(f, WM + 2 * bw + gap, y + h / 2, WM + 2 * (bw + gap), y + h / 2, NULL, false);
}

/* bypass, abort, a configuration fault, a TLB hit: a few boxes in a row. */
static void chain(FILE *f, const struct walk_view *w)
{
	/* the middle box: what the SMMU did instead of a walk */
	static const char *const what[][2] = {
		[WALK_BYPASS] = { "SMMU: bypass", "no translation" },
		[WALK_ABORT] = { "SMMU: terminated", "no event recorded" },
		[WALK_CONFIG] = { "stream table / CD", "configuration fault" },
		[WALK_TLB] = { "TLB hit", "no table walk" },
		[WALK_TABLES] = { "table walk", "" },
		[WALK_OTHER] = { "transaction", "not translated" },
	};
	struct lines in = { 0 }, mid = { 0 }, out = { 0 };
	bool bad = w->faulted || w->kind == WALK_ABORT;

	add(&in, "input address");
	add(&in, w->has_iova ? "0x%llx" : "-", (unsigned long long)w->iova);
	if (w->hit.present) {
		for (unsigned i = 0; i < w->hit.n; i++)
			add(&mid, "%s", w->hit.line[i]);
		if (w->kind == WALK_CONFIG)
			add(&mid, "configuration fault");
	} else {
		add(&mid, "%s", what[w->kind][0]);
		add(&mid, "%s", what[w->kind][1]);
	}
	add(&out, "%s", bad ? w->end : "output address");
	if (bad)
		add(&out, "%s", w->kind == WALK_ABORT ? "no access" : "event record");
	else if (w->has_pa)
		add(&out, "0x%llx", (unsigned long long)w->pa);
	else
		add(&out, "-");
	if (!bad)
		add(&out, "%s", w->end);
	header(f, "walk", WW, 150 + (w->nevent ? 10 + event_height(w) : 0), "Path of the transaction");
	chain3(f, 50, &in, &mid, w->kind == WALK_TLB ? &lk_tlb : &lk_table, &out, bad);
	if (w->nevent)
		event_box(f, w, 146, WW);
	fprintf(f, "</svg>\n");
}

/* ---- a table walk ---- */

static bool row_has_nest(const struct walk_row *r)
{
	for (unsigned i = 0; i < r->nlevels; i++)
		if (r->levels[i].nest.present)
			return true;
	return false;
}

static unsigned row_height(const struct walk_row *r, bool x)
{
	return ROWGAP + (x ? BOXX : BOXH) + (row_has_nest(r) ? 24 + NESTH : 0);
}

static const struct walk_level *fault_level(const struct walk_row *r)
{
	for (unsigned i = 0; i < r->nlevels; i++)
		if (r->levels[i].fault)
			return &r->levels[i];
	return NULL;
}

/* The input address's fields above the tables. */
static void row_fields(FILE *f, const struct walk_row *r, double y, double colw, bool x)
{
	unsigned ncol = r->nlevels + 2, off = r->nlevels ? r->levels[r->nlevels - 1].lo : r->granule;
	const char *in = r->stage == 2 ? "IPA" : "VA";

	for (unsigned c = 0; c < ncol; c++) {
		const struct walk_level *lv = c && c < ncol - 1 ? &r->levels[c - 1] : NULL;
		struct lines l = { 0 };

		if (c == 0) {
			add(&l, "upper bits");
			add(&l, "[63:%u]", r->ias);
			add(&l, "0x%llx", (unsigned long long)(r->ias < 64 ? r->ia >> r->ias : 0));
		} else if (!lv) {
			add(&l, "%s", off == r->granule ? "page offset" : "block offset");
			add(&l, "[%u:0]", off - 1);
			add(&l, "0x%llx", (unsigned long long)(r->ia & ((UINT64_C(1) << off) - 1)));
		} else if (x) {
			add(&l, "L%d index", lv->level);
			add(&l, "%s[%u:%u]", in, lv->hi, lv->lo);
			add(&l, "0x%llx", (unsigned long long)lv->index);
		} else {
			add(&l, "L%d index", lv->level);
			add(&l, "[%u:%u]", lv->hi, lv->lo);
			add(&l, "%llu", (unsigned long long)lv->index);
		}
		box(f, WM + c * colw + 2, y, colw - 4, ROWH,
		    lv && lv->wc == WALK_WC_SKIPPED ? &lk_skip : lv || !x ? &lk_field : &lk_plain,
		    "walk-field", &l, 12);
	}
}

/* One table box from what the model recorded. */
static void table_lines(struct lines *l, const struct walk_row *r, const struct walk_level *lv)
{
	const char *in = r->stage == 2 ? "IPA" : "VA";

	if (lv->wc == WALK_WC_SKIPPED) {
		add(l, "L%d table", lv->level);
		add(l, "skipped:");
		add(l, "the walk cache held");
		add(l, "the next table's");
		add(l, "address");
		return;
	}
	if (lv->wc == WALK_WC_LEAF) {
		add(l, "L%d leaf", lv->level);
		add(l, "from the walk cache");
	} else {
		add(l, "L%d table%s", lv->level, lv->wc == WALK_WC_TABLE ? " (walk cache)" : "");
		if (lv->has_table)
			add(l, "@0x%llx", (unsigned long long)lv->table);
		add(l, "%s[%u:%u] = 0x%llx", in, lv->hi, lv->lo, (unsigned long long)lv->index);
	}
	if (lv->has_desc_addr)
		add(l, "entry at 0x%llx", (unsigned long long)lv->desc_addr);
	if (lv->has_desc)
		add(l, "= 0x%llx", (unsigned long long)lv->desc);
	if (lv->out[0])
		add(l, "%s, %s", lv->type, lv->out);
	else
		add(l, "%s", lv->type);
	if (lv->attrs[0])
		add(l, "%s", lv->attrs);
}

/* Nested: how stage 2 translated a stage-1 descriptor's address (IHI 0070 §3.2). */
static void nest_box(FILE *f, double x, double y, double w, const struct walk_nest *n)
{
	struct lines l = { 0 };

	add(&l, "stage 2 of the entry");
	add(&l, "IPA 0x%llx", (unsigned long long)n->ipa);
	if (n->cache_hit)
		add(&l, "IPA cache hit");
	for (unsigned i = 0; i < n->nlevels && i < 3; i++)
		add(&l, "S2 L%d @0x%llx", n->level[i], (unsigned long long)n->table[i]);
	if (n->nlevels > 3)
		add(&l, "... L%d", n->level[n->nlevels - 1]);
	if (n->faulted)
		add(&l, "stage 2 fault");
	else if (n->has_pa)
		add(&l, "-> PA 0x%llx", (unsigned long long)n->pa);
	box(f, x, y, w, NESTH, n->faulted ? &lk_bad : &lk_nest, "walk-nest", &l, XFS);
}

/* The output box of a row: the address, or the fault and where it happened. */
static void out_lines(struct lines *l, const struct walk_view *w, const struct walk_row *r,
		      bool bad, bool x, bool to_s2)
{
	const struct walk_level *fl = fault_level(r);

	if (bad) {
		add(l, "%s", w->end);
		if (fl)
			add(l, "at level %d", fl->level);
		else
			add(l, "%s", x ? "no level faulted" : "at a level not in RUN.json");
		add(l, "event record");
		return;
	}
	if (to_s2) {
		add(l, "IPA");
		if (r->has_out)
			add(l, "0x%llx", (unsigned long long)r->out);
		add(l, "stage 2 below");
		return;
	}
	add(l, "output address");
	add(l, "0x%llx", (unsigned long long)(x && r->has_out && !w->has_pa ? r->out : w->pa));
	add(l, "%s", w->end);
}

/* One stage's walk from y: fields, then base, tables, output, and nested insets. */
static void row_draw(FILE *f, const struct walk_view *w, const struct walk_row *r, double y,
		     unsigned width, bool bad, bool to_s2)
{
	bool x = w->explained;
	unsigned ncol = r->nlevels + 2;
	double colw = (double)(width - 2 * WM) / ncol, bw = colw - 14;
	double ty = y + ROWGAP, bh = x ? BOXX : BOXH, ox = WM + (ncol - 1) * colw + 7;
	unsigned fs = x ? XFS : 12;
	struct lines l = { 0 };

	row_fields(f, r, y, colw, x);
	add(&l, r->stage == 2 ? "S2TTB" : x ? "TTB" : "TTB0/1");
	if (x && r->has_base)
		add(&l, "0x%llx", (unsigned long long)r->base);
	add(&l, r->stage == 2 ? "from the STE" : "from the CD");
	box(f, WM + 7, ty, bw, bh, &lk_plain, "walk-base", &l, fs);
	for (unsigned i = 0; i < r->nlevels; i++) {
		const struct walk_level *lv = &r->levels[i];
		double bx = WM + (i + 1) * colw + 7;
		bool last = i + 1 == r->nlevels, skip = lv->wc == WALK_WC_SKIPPED;
		bool here = x ? lv->fault : bad && last;
		char idx[32];

		memset(&l, 0, sizeof(l));
		if (x) {
			table_lines(&l, r, lv);
		} else {
			add(&l, "L%d table", lv->level);
			add(&l, "entry [%llu]", (unsigned long long)lv->index);
			add(&l, "%s", last ? "page descriptor" : "table descriptor");
		}
		box(f, bx, ty, bw, bh, skip ? &lk_skip : here ? (x ? &lk_bad : &lk_bad_dashed)
			: bad && !x ? &lk_table_dashed : &lk_table,
		    skip ? "walk-table walk-skipped" : "walk-table", &l, fs);
		/* the index arrow: these input bits pick the entry */
		snprintf(idx, sizeof(idx), x ? "0x%llx" : "index", (unsigned long long)lv->index);
		if (!skip)
			arrow(f, bx + bw / 2, y + ROWH, bx + bw / 2, ty, idx, false);
		arrow(f, bx - 14, ty + bh / 2, bx, ty + bh / 2, NULL, skip);
		if (lv->nest.present) {
			nest_box(f, bx, ty + bh + 24, bw, &lv->nest);
			arrow(f, bx + bw / 2, ty + bh, bx + bw / 2, ty + bh + 24, NULL, true);
		}
	}
	memset(&l, 0, sizeof(l));
	out_lines(&l, w, r, bad, x, to_s2);
	box(f, ox, ty, bw, bh, bad ? &lk_bad : &lk_out, bad ? "walk-fault" : "walk-output", &l, fs);
	arrow(f, ox - 14, ty + bh / 2, ox, ty + bh / 2, NULL, false);
	if (!bad)
		arrow(f, ox + bw / 2, y + ROWH, ox + bw / 2, ty, "offset", false);
}

static void walk_title(char *t, size_t cap, const struct walk_view *w, const struct walk_row *r,
		       bool first)
{
	snprintf(t, cap, "Stage %u walk of %s 0x%llx: %u KB granule, %u-bit input%s%s", r->stage,
		 r->stage == 2 ? "IPA" : "IOVA", (unsigned long long)r->ia, 1u << (r->granule - 10),
		 r->ias, first && w->nested ? ", then stage 2" : "",
		 w->assumed ? " (from the trace's set-up lines)" : w->explained ?
		 " (as the model walked it)" : "");
}

static void tables(FILE *f, const struct walk_view *w)
{
	const struct walk_row *r = &w->walk, *s2 = &w->s2;
	bool x = w->explained, to_s2 = x && s2->present;
	bool bad = r->faulted || (w->faulted && !s2->present);
	bool note = w->nested && !x;
	unsigned width = x ? WX : WW, evh = event_height(w);
	unsigned h = ROW1 + row_height(r, x) + 12 + (note ? 20 : 0) + (evh ? evh + 12 : 0);
	char title[200];

	walk_title(title, sizeof(title), w, r, true);
	header(f, "walk", width, h, title);
	row_draw(f, w, r, ROW1, width, bad, to_s2);
	if (note) {
		fprintf(f, "<text x=\"%d\" y=\"%u\" font-size=\"11\">", WM, ROW1 + row_height(r, x) + 20);
		svg_text(f, "Nested: each table address above is an IPA that stage 2 translates, "
			 "and so is the output (IHI 0070 §3.2).");
		fprintf(f, "</text>\n");
	}
	if (evh)
		event_box(f, w, ROW1 + row_height(r, x) + 12 + (note ? 20 : 0), width);
	fprintf(f, "</svg>\n");
	if (!to_s2)
		return;
	/* the final stage 2: the IPA stage 1 produced */
	bad = s2->faulted || (w->faulted && !r->faulted);
	if (s2->cache_hit) {
		struct lines in = { 0 }, mid = { 0 }, out = { 0 };

		add(&in, "IPA");
		add(&in, "0x%llx", (unsigned long long)s2->ia);
		add(&mid, "IPA cache hit");
		add(&mid, "entry 0x%llx", (unsigned long long)s2->hit_in);
		add(&mid, "-> 0x%llx", (unsigned long long)s2->hit_out);
		out_lines(&out, w, s2, bad, x, false);
		header(f, "walk walk-s2", WW, 150, "Stage 2 of the IPA: no walk");
		chain3(f, 50, &in, &mid, &lk_tlb, &out, bad);
	} else {
		walk_title(title, sizeof(title), w, s2, false);
		header(f, "walk walk-s2", width, ROW1 + row_height(s2, x) + 12, title);
		row_draw(f, w, s2, ROW1, width, bad, false);
	}
	fprintf(f, "</svg>\n");
}

/* An MSI's way through the ITS to a redistributor (IHI 0069 §5.2.3, §5.1). */
static void its_chain(FILE *f, const struct walk_view *w)
{
	unsigned n = 0, k = 0;
	double gap = 18, bw, h = 18 + 13 * WALK_BOX_LINES;

	for (unsigned i = 0; i < WALK_ITS_BOXES; i++)
		n += w->itsbox[i].present;
	if (!n)
		return;
	bw = (WX - 2 * WM - (n - 1) * gap) / n;
	header(f, "walk walk-its", WX, (unsigned)(50 + h + 12),
	       "The ITS: DeviceID -> DTE -> ITT entry -> collection -> redistributor -> LPI");
	for (unsigned i = 0; i < WALK_ITS_BOXES; i++) {
		const struct walk_box *b = &w->itsbox[i];
		struct lines l = { 0 };
		double bx = WM + k * (bw + gap);

		if (!b->present)
			continue;
		for (unsigned j = 0; j < b->n; j++)
			add(&l, "%s", b->line[j]);
		box(f, bx, 40, bw, h, b->bad ? &lk_bad : &lk_its, "walk-its", &l, XFS);
		if (k++)
			arrow(f, bx - gap, 40 + h / 2, bx, 40 + h / 2, NULL, false);
	}
	fprintf(f, "</svg>\n");
}

void walk_svg(FILE *f, const struct walk_view *w)
{
	if (w->kind == WALK_TABLES && w->walk.present && w->walk.nlevels)
		tables(f, w);
	else
		chain(f, w);
	if (w->its)
		its_chain(f, w);
}

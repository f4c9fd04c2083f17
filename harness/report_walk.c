/* SPDX-License-Identifier: MIT */
#include "harness/report_walk.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "harness/svgplot.h"
#include "smmu/smmu_event.h"

#define WW   760   /* diagram width */
#define WM   10    /* side margin */
#define ROW1 34    /* the input address fields */
#define ROWH 58
#define ROW2 150   /* tables, or the chain of boxes */
#define BOXH 78

static void setf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void setf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

unsigned walk_levels(uint64_t addr, unsigned granule, unsigned ias, struct walk_level *out)
{
	unsigned stride, levels, n = 0;

	if (granule != 12 && granule != 14 && granule != 16)
		granule = 12;
	if (ias <= granule || ias > 52)
		ias = 48;
	stride = granule - 3;
	/*
	 * VMSAv8-64 (Arm ARM D8.2): level 3 resolves [granule+stride-1:granule],
	 * each level above it the next stride bits, the first one what is left.
	 */
	levels = (ias - granule + stride - 1) / stride;

	for (int l = 4 - (int)levels; l <= 3; l++) {
		struct walk_level *lv = &out[n++];
		unsigned lo = granule + (unsigned)(3 - l) * stride;
		unsigned hi = lo + stride - 1 < ias - 1 ? lo + stride - 1 : ias - 1;

		memset(lv, 0, sizeof(*lv));
		lv->level = l;
		lv->lo = lo;
		lv->hi = hi;
		lv->index = (addr >> lo) & ((UINT64_C(1) << (hi - lo + 1)) - 1);
	}
	return n;
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

/* A fault raised while walking tables, rather than while finding the configuration. */
static bool walk_fault(const char *name)
{
	int code = name ? smmu_event_from_name(name) : -1;

	/* IHI 0070 §7.3: F_WALK_EABT (0x0B) to F_TLB_CONFLICT (0x20) come from the walk or TLB */
	return code >= SMMU_EVT_F_WALK_EABT && code <= SMMU_EVT_F_TLB_CONFLICT;
}

/* Which stage's tables the diagram shows, from the rule and the STE config. */
static void pick_stage(const struct report_txn *t, struct walk_view *w)
{
	const struct report_ctx *c = &t->ctx;
	bool s2_only = has(t->why, "stage 1 bypassed") || has(t->why, "stage 2:") ||
		       (c->cfg == RCFG_S2 && !has(t->why, "stage 1"));

	w->stage = s2_only ? 2 : 1;
	w->nested = !s2_only && (c->cfg == RCFG_NESTED || has(t->why, "then stage 2"));
	w->granule = w->stage == 2 ? c->s2_granule : c->s1_granule;
	w->ias = w->stage == 2 ? c->s2_ias : c->s1_ias;
	/* the driver's defaults (docs/driver.md): 4 KB granule, 48-bit input */
	w->assumed = true;
	if (!w->granule)
		w->granule = 12;
	if (!w->ias)
		w->ias = 48;
	w->nlevels = walk_levels(t->iova, w->granule, w->ias, w->levels);
}

/* Where a performed access went, from the outcome and the replayer's result text. */
static void end_of(const struct report_txn *t, struct walk_view *w)
{
	const char *r = t->result ? t->result : "";
	const char *paren = strchr(r, '(');

	if (!strcmp(t->outcome, "lpi"))
		setf(w->end, sizeof(w->end), "ITS: %.*s", (int)strcspn(r, " "), r);
	else if (!strcmp(t->outcome, "its-drop"))
		setf(w->end, sizeof(w->end), "ITS dropped it: %s", t->fault ? t->fault : "?");
	else if (paren)
		setf(w->end, sizeof(w->end), "%.*s", (int)strcspn(paren + 1, ")"), paren + 1);
	else
		setf(w->end, sizeof(w->end), "%s", t->outcome);
}

void walk_from_txn(const struct report_txn *t, struct walk_view *w)
{
	const char *o = t->outcome ? t->outcome : "";

	memset(w, 0, sizeof(*w));
	setf(w->why, sizeof(w->why), "%s", t->why ? t->why : "");
	setf(w->fault, sizeof(w->fault), "%s", t->fault && !strcmp(o, "fault") ? t->fault : "");
	w->has_iova = t->parsed;
	w->iova = t->iova;
	w->has_pa = t->has_pa;
	w->pa = t->pa;
	if (!t->parsed) {
		w->kind = WALK_OTHER;
		setf(w->end, sizeof(w->end), "%s", o);
	} else if (!strcmp(o, "abort")) {
		w->kind = WALK_ABORT;
		setf(w->end, sizeof(w->end), "abort");
	} else if (!strcmp(o, "fault")) {
		w->kind = walk_fault(t->fault) ? WALK_TABLES : WALK_CONFIG;
		w->faulted = true;
		setf(w->end, sizeof(w->end), "fault %s", w->fault);
	} else if (!t->has_pa) {
		w->kind = WALK_OTHER;
		setf(w->end, sizeof(w->end), "%s", o);
	} else {
		end_of(t, w);
		if (has(t->why, "TLB"))
			w->kind = WALK_TLB;
		else if (!strcmp(o, "bypass") || (has(t->why, "bypass") && !has(t->why, "stage 2")))
			w->kind = WALK_BYPASS;
		else
			w->kind = WALK_TABLES;
	}
	if (w->kind == WALK_TABLES)
		pick_stage(t, w);
}

/* ---- drawing ---- */

/* A box with up to four centred lines; the first is bold. */
static void box(FILE *f, double x, double y, double w, double h, const char *fill,
		const char *stroke, bool dashed, const char *klass, const char *const *lines,
		unsigned n)
{
	fprintf(f, "<g class=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"rx=\"4\" fill=\"%s\" stroke=\"%s\"%s/>", klass, x, y, w, h, fill, stroke,
		dashed ? " stroke-dasharray=\"5,3\"" : "");
	for (unsigned i = 0; i < n; i++) {
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"%s>", x + w / 2,
			y + h / 2 - (n - 1) * 7.5 + i * 15 + 4, i ? "" : " font-weight=\"bold\"");
		svg_text(f, lines[i]);
		fprintf(f, "</text>");
	}
	fprintf(f, "</g>\n");
}

/* A line with an arrowhead at (x2, y2), and an optional label at its middle. */
static void arrow(FILE *f, double x1, double y1, double x2, double y2, const char *label)
{
	double dx = x2 - x1, dy = y2 - y1, len = dx * dx + dy * dy;

	fprintf(f, "<g class=\"walk-arrow\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		"stroke=\"#444\" stroke-width=\"1.5\"/>", x1, y1, x2, y2);
	if (len > 0) {
		double ux = dx / sqrt(len), uy = dy / sqrt(len); /* a 7 x 8 px head along the line */

		fprintf(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#444\"/>", x2, y2,
			x2 - 7 * ux - 4 * uy, y2 - 7 * uy + 4 * ux, x2 - 7 * ux + 4 * uy,
			y2 - 7 * uy - 4 * ux);
	}
	if (label) {
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#444\">",
			(x1 + x2) / 2 + 4, (y1 + y2) / 2);
		svg_text(f, label);
		fprintf(f, "</text>");
	}
	fprintf(f, "</g>\n");
}

static void header(FILE *f, unsigned h, const char *title)
{
	fprintf(f, "<svg class=\"walk\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%u\" viewBox=\"0 0 %d %u\" font-family=\"sans-serif\" font-size=\"12\">\n"
		"<rect width=\"%d\" height=\"%u\" fill=\"white\"/>\n<text x=\"%d\" y=\"20\" "
		"font-weight=\"bold\">", WW, h, WW, h, WW, h, WM);
	svg_text(f, title);
	fprintf(f, "</text>\n");
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
	char a[64], d[64];
	const char *first[2] = { "input address", a };
	const char *const *mid = what[w->kind];
	const char *last[3] = { w->faulted || w->kind == WALK_ABORT ? w->end : "output address", d,
				w->end };
	double bw = 200, gap = (WW - 2 * WM - 3 * bw) / 2, y = 50;
	bool bad = w->faulted || w->kind == WALK_ABORT;

	setf(a, sizeof(a), w->has_iova ? "0x%llx" : "-", (unsigned long long)w->iova);
	if (bad)
		setf(d, sizeof(d), "%s", w->kind == WALK_ABORT ? "no access" : "event record");
	else if (w->has_pa)
		setf(d, sizeof(d), "0x%llx", (unsigned long long)w->pa);
	else
		setf(d, sizeof(d), "-");
	header(f, 150, "Path of the transaction");
	box(f, WM, y, bw, BOXH - 20, "#f4f4f4", "#666", false, "walk-input", first, 2);
	box(f, WM + bw + gap, y, bw, BOXH - 20, w->kind == WALK_TLB ? "#fff7dd" : "#eef4ff",
	    "#3778c2", false, "walk-step", mid, 2);
	box(f, WM + 2 * (bw + gap), y, bw, BOXH - 20, bad ? "#fde8e8" : "#e8f6e8",
	    bad ? "#d33" : "#2a9d2a", false, bad ? "walk-fault" : "walk-output", last, bad ? 2 : 3);
	arrow(f, WM + bw, y + 29, WM + bw + gap, y + 29, NULL);
	arrow(f, WM + 2 * bw + gap, y + 29, WM + 2 * (bw + gap), y + 29, NULL);
}

static void tables(FILE *f, const struct walk_view *w)
{
	unsigned ncol = w->nlevels + 2, h = ROW2 + BOXH + 40;
	double colw = (double)(WW - 2 * WM) / ncol, bw = colw - 14;
	char title[160], l1[64], l2[64], l3[64];
	const char *lines[3] = { l1, l2, l3 };

	setf(title, sizeof(title), "Stage %u walk of %s 0x%llx: %u KB granule, %u-bit input%s%s",
	     w->stage, w->stage == 2 ? "IPA" : "IOVA", (unsigned long long)w->iova,
	     1u << (w->granule - 10), w->ias, w->nested ? ", then stage 2" : "",
	     w->assumed ? " (from the trace's set-up lines)" : "");
	header(f, h + (w->nested ? 20 : 0), title);
	/* row 1: the input address cut into its fields */
	for (unsigned c = 0; c < ncol; c++) {
		double x = WM + c * colw;

		if (c == 0) {
			setf(l1, sizeof(l1), "upper bits");
			setf(l2, sizeof(l2), "[63:%u]", w->ias);
			setf(l3, sizeof(l3), "0x%llx", (unsigned long long)(w->ias < 64 ? w->iova >> w->ias : 0));
		} else if (c == ncol - 1) {
			setf(l1, sizeof(l1), "page offset");
			setf(l2, sizeof(l2), "[%u:0]", w->granule - 1);
			setf(l3, sizeof(l3), "0x%llx",
			     (unsigned long long)(w->iova & ((UINT64_C(1) << w->granule) - 1)));
		} else {
			const struct walk_level *lv = &w->levels[c - 1];

			setf(l1, sizeof(l1), "L%d index", lv->level);
			setf(l2, sizeof(l2), "[%u:%u]", lv->hi, lv->lo);
			setf(l3, sizeof(l3), "%llu", (unsigned long long)lv->index);
		}
		box(f, x + 2, ROW1, colw - 4, ROWH, c == 0 || c == ncol - 1 ? "#f4f4f4" : "#fff7dd",
		    "#999", false, "walk-field", lines, 3);
	}
	/* row 2: the base register, each table, the output */
	setf(l1, sizeof(l1), w->stage == 2 ? "S2TTB" : "TTB0/1");
	setf(l2, sizeof(l2), w->stage == 2 ? "from the STE" : "from the CD");
	box(f, WM + 7, ROW2, bw, BOXH, "#f4f4f4", "#666", false, "walk-base", lines, 2);
	for (unsigned i = 0; i < w->nlevels; i++) {
		const struct walk_level *lv = &w->levels[i];
		double x = WM + (i + 1) * colw + 7;
		bool last = i + 1 == w->nlevels;

		setf(l1, sizeof(l1), "L%d table", lv->level);
		if (lv->has_table)
			setf(l2, sizeof(l2), "@0x%llx", (unsigned long long)lv->table);
		else
			setf(l2, sizeof(l2), "entry [%llu]", (unsigned long long)lv->index);
		if (lv->has_desc)
			setf(l3, sizeof(l3), "desc 0x%llx", (unsigned long long)lv->desc);
		else
			setf(l3, sizeof(l3), "%s", last ? "page descriptor" : "table descriptor");
		box(f, x, ROW2, bw, BOXH, w->faulted && last ? "#fde8e8" : "#eef4ff",
		    w->faulted && last ? "#d33" : "#3778c2", w->faulted, "walk-table", lines, 3);
		/* the index arrow: these input bits pick the entry */
		arrow(f, x + bw / 2, ROW1 + ROWH, x + bw / 2, ROW2, "index");
		arrow(f, x - 14, ROW2 + BOXH / 2, x, ROW2 + BOXH / 2, NULL);
	}
	{
		double x = WM + (ncol - 1) * colw + 7;
		bool bad = w->faulted;

		setf(l1, sizeof(l1), "%s", bad ? w->end : "output address");
		if (bad)
			setf(l2, sizeof(l2), "at a level not in RUN.json");
		else
			setf(l2, sizeof(l2), "0x%llx", (unsigned long long)w->pa);
		setf(l3, sizeof(l3), "%s", bad ? "event record" : w->end);
		box(f, x, ROW2, bw, BOXH, bad ? "#fde8e8" : "#e8f6e8", bad ? "#d33" : "#2a9d2a", false,
		    bad ? "walk-fault" : "walk-output", lines, 3);
		arrow(f, x - 14, ROW2 + BOXH / 2, x, ROW2 + BOXH / 2, NULL);
		if (!bad)
			arrow(f, x + bw / 2, ROW1 + ROWH, x + bw / 2, ROW2, "offset");
	}
	if (w->nested) {
		fprintf(f, "<text x=\"%d\" y=\"%u\" font-size=\"11\">", WM, h + 8);
		svg_text(f, "Nested: each table address above is an IPA that stage 2 translates, "
			 "and so is the output (IHI 0070 §3.2).");
		fprintf(f, "</text>\n");
	}
}

void walk_svg(FILE *f, const struct walk_view *w)
{
	if (w->kind == WALK_TABLES)
		tables(f, w);
	else
		chain(f, w);
	fprintf(f, "</svg>\n");
}

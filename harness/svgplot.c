/* SPDX-License-Identifier: MIT */
#include "harness/svgplot.h"

#include <math.h>
#include <stdint.h>

#include "harness/json.h"

#define W  720
#define H  420
#define ML 70   /* margins: room for the axis labels */
#define MR 20
#define MT 40
#define MB 60

struct frame {
	double xlo, xhi, ylo, yhi; /* x in log2 units */
};

static double px(const struct frame *fr, double x)
{
	return ML + (log2(x) - fr->xlo) / (fr->xhi - fr->xlo) * (W - ML - MR);
}

static double py(const struct frame *fr, double y)
{
	return H - MB - (y - fr->ylo) / (fr->yhi - fr->ylo) * (H - MT - MB);
}

/* A round step for about five y ticks: 1, 2 or 5 times a power of ten. */
static double nice_step(double span)
{
	double raw = span / 5, p = pow(10, floor(log10(raw))), m = raw / p;

	return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

void svg_text(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (s && *s) {
		uint32_t cp;
		unsigned n;

		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if (*s == '\'')
			fputs("&#39;", f);
		else if (*s >= 0x20 && *s < 0x7f)
			fputc(*s, f);
		else if (*s == '\n' || *s == '\t')
			fputc(*s, f);
		else if (*s >= 0x80 && (n = json_utf8_decode(s, &cp)) > 1) {
			fwrite(s, 1, n, f); /* valid UTF-8 passes through */
			s += n;
			continue;
		} else
			fputs("&#xfffd;", f); /* XML allows neither control bytes nor broken UTF-8 */
		s++;
	}
}

/* The <svg> element and its white background. */
static void svg_open(FILE *f, unsigned w, unsigned h)
{
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" "
		"viewBox=\"0 0 %u %u\" font-family=\"sans-serif\" font-size=\"12\">\n",
		w, h, w, h);
	fprintf(f, "<rect width=\"%u\" height=\"%u\" fill=\"white\"/>\n", w, h);
}

/* A centred bold title at the top. */
static void svg_title(FILE *f, unsigned w, const char *title)
{
	fprintf(f, "<text x=\"%u\" y=\"24\" text-anchor=\"middle\" font-weight=\"bold\">", w / 2);
	svg_text(f, title);
	fprintf(f, "</text>\n");
}

static void frame_of(const struct svg_chart *c, struct frame *fr)
{
	double xmin = INFINITY, xmax = -INFINITY, ymax = 0;

	for (unsigned s = 0; s < c->nseries; s++)
		for (unsigned i = 0; i < c->series[s].n; i++) {
			xmin = fmin(xmin, c->series[s].x[i]);
			xmax = fmax(xmax, c->series[s].x[i]);
			ymax = fmax(ymax, c->series[s].y[i]);
		}
	if (!(xmin < xmax))
		xmin = 1, xmax = 2;
	fr->xlo = floor(log2(xmin));
	fr->xhi = ceil(log2(xmax));
	if (fr->xhi <= fr->xlo)
		fr->xhi = fr->xlo + 1;
	fr->ylo = 0;
	fr->yhi = ymax > 0 ? ceil(ymax / nice_step(ymax)) * nice_step(ymax) : 1;
}

static void axes(FILE *f, const struct svg_chart *c, const struct frame *fr)
{
	double step = nice_step(fr->yhi);

	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
		ML, H - MB, W - MR, H - MB);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
		ML, MT, ML, H - MB);
	for (double e = fr->xlo; e <= fr->xhi; e++) {
		double x = px(fr, exp2(e));

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
			x, MT, x, H - MB);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>\n",
			x, H - MB + 18, exp2(e));
	}
	for (double y = 0; y <= fr->yhi + step / 2; y += step) {
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			ML, py(fr, y), W - MR, py(fr, y));
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			ML - 6, py(fr, y) + 4, y);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", (W + ML - MR) / 2, H - 15);
	svg_text(f, c->xlabel);
	fprintf(f, "</text>\n<text transform=\"translate(18 %d) rotate(-90)\" "
		"text-anchor=\"middle\">", (H - MB + MT) / 2);
	svg_text(f, c->ylabel);
	fprintf(f, "</text>\n");
	svg_title(f, W, c->title);
}

void svg_plot(FILE *f, const struct svg_chart *c)
{
	struct frame fr;

	frame_of(c, &fr);
	svg_open(f, W, H);
	axes(f, c, &fr);
	if (c->marker_x > 0) {
		double x = px(&fr, c->marker_x);

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"gray\" "
			"stroke-dasharray=\"5,4\"/>\n<text x=\"%.1f\" y=\"%d\" fill=\"gray\">",
			x, MT, x, H - MB, x + 4, MT + 12);
		svg_text(f, c->marker_label);
		fprintf(f, "</text>\n");
	}
	for (unsigned s = 0; s < c->nseries; s++) {
		const struct svg_series *sr = &c->series[s];

		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
			sr->color);
		for (unsigned i = 0; i < sr->n; i++)
			fprintf(f, "%s%.1f,%.1f", i ? " " : "", px(&fr, sr->x[i]), py(&fr, sr->y[i]));
		fprintf(f, "\"/>\n");
		for (unsigned i = 0; i < sr->n; i++)
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
				px(&fr, sr->x[i]), py(&fr, sr->y[i]), sr->color);
		/* legend: above the plot's top-right corner, clear of any curve */
		fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"%s\" text-anchor=\"end\">", W - MR,
			MT - 6 - 14 * (int)(c->nseries - 1 - s), sr->color);
		svg_text(f, sr->name);
		fprintf(f, "</text>\n");
	}
	fprintf(f, "</svg>\n");
}

/* ---- bar charts and timelines: linear axes ---- */

static void mark_attrs(FILE *f, const struct svg_mark *m)
{
	if (!m->klass)
		return;
	fprintf(f, " class=\"");
	svg_text(f, m->klass);
	fprintf(f, "\" data-id=\"%ld\"", m->id);
}

static void tip(FILE *f, const char *s)
{
	if (!s)
		return;
	fprintf(f, "<title>");
	svg_text(f, s);
	fprintf(f, "</title>");
}

/* A round axis top at or above v (1 when v is 0 or not finite). */
static double nice_top(double v)
{
	if (!(v > 0) || !isfinite(v))
		return 1;
	return ceil(v / nice_step(v)) * nice_step(v);
}

void svg_bars(FILE *f, const struct svg_bar_chart *c)
{
	unsigned w = c->width ? c->width : 720, h = c->height ? c->height : 300;
	double ymax = c->ymax, step, slot, plot_h = h - MT - MB;

	if (!(ymax > 0))
		for (unsigned i = 0; i < c->n; i++)
			ymax = fmax(ymax, c->bars[i].value);
	ymax = nice_top(ymax);
	step = nice_step(ymax);
	slot = (double)(w - ML - MR) / (c->n ? c->n : 1);
	svg_open(f, w, h);
	svg_title(f, w, c->title);
	for (double y = 0; y <= ymax + step / 2; y += step) {
		double yy = h - MB - y / ymax * plot_h;

		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%u\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			ML, yy, w - MR, yy);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", ML - 6,
			yy + 4, y);
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%u\" x2=\"%u\" y2=\"%u\" stroke=\"black\"/>\n", ML,
		h - MB, w - MR, h - MB);
	fprintf(f, "<text transform=\"translate(18 %.0f) rotate(-90)\" text-anchor=\"middle\">",
		MT + plot_h / 2);
	svg_text(f, c->ylabel);
	fprintf(f, "</text>\n");
	for (unsigned i = 0; i < c->n; i++) {
		const struct svg_bar *b = &c->bars[i];
		double v = b->value > 0 && isfinite(b->value) ? fmin(b->value, ymax) : 0;
		double bh = v / ymax * plot_h, x = ML + i * slot + slot * 0.1;

		fprintf(f, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"", x, h - MB - bh, slot * 0.8, bh);
		svg_text(f, b->color);
		fprintf(f, "\">");
		tip(f, b->tip);
		fprintf(f, "</rect>\n");
		if (c->unit)
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
				"font-size=\"11\">%g%s</text>\n", x + slot * 0.4, h - MB - bh - 4,
				b->value, c->unit);
		fprintf(f, "<text x=\"%.1f\" y=\"%u\" text-anchor=\"middle\" font-size=\"11\">",
			x + slot * 0.4, h - MB + 16 + 12 * (i % 2 && slot < 70));
		svg_text(f, b->label);
		fprintf(f, "</text>\n");
	}
	fprintf(f, "</svg>\n");
}

void svg_timeline(FILE *f, const struct svg_timeline *c)
{
	unsigned w = c->width ? c->width : 720;
	double row = c->n <= 40 ? 12 : fmax(2, 480.0 / c->n);
	double lo = INFINITY, hi = -INFINITY, step, plot_w = w - ML - MR;
	unsigned h = (unsigned)(MT + MB + row * (c->n ? c->n : 1) + 0.5);

	for (unsigned i = 0; i < c->n; i++) {
		lo = fmin(lo, c->spans[i].start);
		hi = fmax(hi, c->spans[i].end);
	}
	if (!(lo <= hi) || !isfinite(lo) || !isfinite(hi))
		lo = 0, hi = 1;
	step = nice_step(hi - lo > 0 ? hi - lo : 1);
	lo = floor(lo / step) * step;
	hi = fmax(lo + step, ceil(hi / step) * step);
	svg_open(f, w, h);
	svg_title(f, w, c->title);
	for (double x = lo; x <= hi + step / 2; x += step) {
		double xx = ML + (x - lo) / (hi - lo) * plot_w;

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%u\" stroke=\"#ddd\"/>\n",
			xx, MT, xx, h - MB);
		fprintf(f, "<text x=\"%.1f\" y=\"%u\" text-anchor=\"middle\">%.0f</text>\n", xx,
			h - MB + 18, x);
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%u\" x2=\"%u\" y2=\"%u\" stroke=\"black\"/>\n", ML,
		h - MB, w - MR, h - MB);
	fprintf(f, "<text x=\"%.0f\" y=\"%u\" text-anchor=\"middle\">", ML + plot_w / 2, h - 15);
	svg_text(f, c->xlabel);
	fprintf(f, "</text>\n");
	for (unsigned i = 0; i < c->n; i++) {
		const struct svg_span *s = &c->spans[i];
		double x0 = ML + (s->start - lo) / (hi - lo) * plot_w;
		double x1 = ML + (s->end - lo) / (hi - lo) * plot_w;

		/* at least 2 px wide, so an instant still shows and can be clicked */
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"",
			x0, MT + i * row, fmax(2, x1 - x0), fmax(1, row - (row > 4)));
		svg_text(f, s->color);
		fprintf(f, "\"");
		mark_attrs(f, &s->mark);
		fprintf(f, ">");
		tip(f, s->tip);
		fprintf(f, "</rect>\n");
	}
	fprintf(f, "</svg>\n");
}

/* SPDX-License-Identifier: MIT */
#include "harness/svgplot.h"

#include <math.h>

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

static void text_escaped(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
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
	text_escaped(f, c->xlabel);
	fprintf(f, "</text>\n<text transform=\"translate(18 %d) rotate(-90)\" "
		"text-anchor=\"middle\">", (H - MB + MT) / 2);
	text_escaped(f, c->ylabel);
	fprintf(f, "</text>\n<text x=\"%d\" y=\"24\" text-anchor=\"middle\" "
		"font-weight=\"bold\">", W / 2);
	text_escaped(f, c->title);
	fprintf(f, "</text>\n");
}

void svg_plot(FILE *f, const struct svg_chart *c)
{
	struct frame fr;

	frame_of(c, &fr);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
		W, H, W, H);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	axes(f, c, &fr);
	if (c->marker_x > 0) {
		double x = px(&fr, c->marker_x);

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"gray\" "
			"stroke-dasharray=\"5,4\"/>\n<text x=\"%.1f\" y=\"%d\" fill=\"gray\">",
			x, MT, x, H - MB, x + 4, MT + 12);
		text_escaped(f, c->marker_label);
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
		text_escaped(f, sr->name);
		fprintf(f, "</text>\n");
	}
	fprintf(f, "</svg>\n");
}

/* SPDX-License-Identifier: MIT */
/*
 * A small SVG line chart: one or more series over a log2 x axis, drawn by
 * the tool itself so the figures in docs/ regenerate from one command with
 * no plotting package.  Output depends only on the data (deterministic).
 */
#ifndef SMMUITS_SVGPLOT_H
#define SMMUITS_SVGPLOT_H

#include <stdio.h>

struct svg_series {
	const char *name;
	const double *x, *y;
	unsigned n;
	const char *color;   /* CSS colour */
};

struct svg_chart {
	const char *title;
	const char *xlabel, *ylabel;
	const struct svg_series *series;
	unsigned nseries;
	double marker_x;     /* a dashed vertical line here when > 0 */
	const char *marker_label;
};

/* Write the chart; x values must be > 0 (log axis). */
void svg_plot(FILE *f, const struct svg_chart *c);

/*
 * s escaped for SVG/HTML text and attribute values (& < > " '); control
 * bytes other than tab and newline, and bytes that are not UTF-8, become
 * U+FFFD, so any input gives well-formed markup.  NULL prints nothing.
 */
void svg_text(FILE *f, const char *s);

/*
 * Marks that a page's script can find: class="klass" data-id="id".  klass
 * NULL: none.  Each bar or span gets its own.
 */
struct svg_mark {
	const char *klass;
	long id;
};

/* A vertical bar chart over named categories (a histogram, hit rates). */
struct svg_bar {
	const char *label;   /* under the bar */
	double value;        /* >= 0 */
	const char *color;   /* CSS colour */
	const char *tip;     /* hover text (<title>), or NULL */
};

struct svg_bar_chart {
	const char *title, *ylabel;
	const struct svg_bar *bars;
	unsigned n;
	double ymax;         /* top of the y axis; 0: from the data */
	const char *unit;    /* after each bar's value label ("%"), or NULL for none */
	unsigned width, height; /* 0: 720 x 300 */
};

void svg_bars(FILE *f, const struct svg_bar_chart *c);

/* A timeline: one horizontal bar per row, from start to end on a linear x axis. */
struct svg_span {
	double start, end;   /* end >= start */
	const char *color;
	const char *tip;     /* hover text, or NULL */
	struct svg_mark mark;
};

struct svg_timeline {
	const char *title, *xlabel;
	const struct svg_span *spans;
	unsigned n;
	unsigned width;      /* 0: 720; the height follows from n */
};

void svg_timeline(FILE *f, const struct svg_timeline *c);

#endif

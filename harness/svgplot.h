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

#endif

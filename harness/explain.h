/* SPDX-License-Identifier: MIT */
/*
 * Printing what the model recorded for one transaction (docs/explain.md),
 * and the `smmuits explain TRACE --step N` command.
 */
#ifndef SMMUITS_HARNESS_EXPLAIN_H
#define SMMUITS_HARNESS_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

struct smmuits;

/*
 * The steps of the last recording (smmuits_explain_*): text, one indented
 * step per line with its cycles and spec section and its fields below; or
 * with json, one line.  bare: the JSON is the array of steps alone; else an
 * object naming the file, line and step source with the array as "explain".
 */
void explain_print(FILE *f, const struct smmuits *sys, bool json, bool bare, const char *file,
		   unsigned line, const char *src);

/* smmuits explain TRACE --step N [--json] [--platform P] [--profile P] */
int explain_main(int argc, char **argv);

#endif

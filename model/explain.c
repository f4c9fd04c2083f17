/* SPDX-License-Identifier: MIT */
#include "explain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sm_explain_clear(struct sm_explain *x)
{
	x->n = 0;
	x->depth = 0;
	x->truncated = false;
}

void sm_explain_free(struct sm_explain *x)
{
	free(x->steps);
	*x = (struct sm_explain){ 0 };
}

struct sm_explain_step *sm_explain_add(struct sm_explain *x, const char *stage, const char *spec,
				       uint64_t cycles, const char *fmt, ...)
{
	struct sm_explain_step *st;
	va_list ap;

	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 64;
		struct sm_explain_step *n;

		if (cap > SM_EXPLAIN_MAX || !(n = realloc(x->steps, cap * sizeof(*n)))) {
			x->truncated = true;
			return NULL;
		}
		x->steps = n;
		x->cap = cap;
	}
	st = &x->steps[x->n++];
	snprintf(st->stage, sizeof(st->stage), "%s", stage);
	snprintf(st->spec, sizeof(st->spec), "%s", spec ? spec : "");
	st->cycles = cycles;
	st->depth = x->depth;
	st->nfields = 0;
	va_start(ap, fmt);
	vsnprintf(st->what, sizeof(st->what), fmt, ap);
	va_end(ap);
	return st;
}

static struct sm_explain_field *field_new(struct sm_explain_step *st, const char *name)
{
	struct sm_explain_field *f;

	if (!st || st->nfields == SM_EXPLAIN_FIELDS)
		return NULL;
	f = &st->f[st->nfields++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	return f;
}

void sm_explain_fld(struct sm_explain_step *st, const char *name, const char *fmt, ...)
{
	struct sm_explain_field *f = field_new(st, name);
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vsnprintf(f->value, sizeof(f->value), fmt, ap);
	va_end(ap);
}

void sm_explain_hex(struct sm_explain_step *st, const char *name, uint64_t v)
{
	sm_explain_fld(st, name, "0x%llx", (unsigned long long)v);
}

void sm_explain_dec(struct sm_explain_step *st, const char *name, uint64_t v)
{
	sm_explain_fld(st, name, "%llu", (unsigned long long)v);
}

uint64_t sm_explain_cycles_since(const struct sm_explain *x, size_t from)
{
	uint64_t c = 0;

	for (size_t i = from; i < x->n; i++)
		c += x->steps[i].cycles;
	return c;
}

/* SPDX-License-Identifier: MIT */
/*
 * Building benchmark systems the way software does: trace text, parsed by
 * the trace parser and executed by the harness driver.  Nothing here
 * reaches into the model; the driver programs the SMMU and ITS through
 * MMIO and memory, and raw write/fill lines are CPU accesses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "smmuits-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			die("formatting failed");
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		size_t nc = b->cap ? b->cap * 2 : 4096;

		while (nc - b->len <= (size_t)n)
			nc *= 2;
		char *p = realloc(b->p, nc);

		if (!p)
			die("out of memory (%zu bytes of trace text)", nc);
		b->p = p;
		b->cap = nc;
	}
}

void sb_clear(struct sb *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = 0;
}

void sb_free(struct sb *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void bsys_open(struct bsys *b, const char *platform)
{
	struct smmuits_config cfg = { .platform = platform };
	char err[256];

	memset(b, 0, sizeof(*b));
	if (smmuits_create(&cfg, &b->sys, err, sizeof(err)))
		die("platform '%s': %s", platform ? platform : "qemu-virt", err);
	driver_init(&b->drv, b->sys);
}

void bsys_close(struct bsys *b)
{
	smmuits_destroy(b->sys);
	b->sys = NULL;
}

static void parse_or_die(const char *text, size_t len, struct trace *t)
{
	struct trace_diag diag = { 0 };
	struct trace_ext ext;

	setup_trace_ext(&ext);
	if (trace_parse(text, len, "bench-setup", &ext, t, &diag))
		die("set-up trace does not parse:\n%s", diag.text ? diag.text : "(out of memory)");
	trace_diag_free(&diag);
}

static void exec_step(struct bsys *b, const struct trace_step *st)
{
	struct sm_err err = { 0 };

	if (setup_step(b->sys, &b->drv, st, &err))
		die("set-up %s", err.msg);
}

void bsys_run(struct bsys *b, const char *text, size_t len)
{
	struct trace t = { 0 };

	parse_or_die(text, len, &t);
	for (size_t i = 0; i < t.nsteps; i++)
		exec_step(b, &t.steps[i]);
	trace_free(&t);
}

void bsys_runf(struct bsys *b, const char *fmt, ...)
{
	va_list ap;
	char one[4096];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(one, sizeof(one), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(one))
		die("set-up text too long for bsys_runf");
	bsys_run(b, one, (size_t)n);
}

void bsteps_parse(struct bsteps *s, const char *text)
{
	memset(s, 0, sizeof(*s));
	parse_or_die(text, strlen(text), &s->t);
}

void bsteps_exec(struct bsys *b, const struct bsteps *s)
{
	for (size_t i = 0; i < s->t.nsteps; i++)
		exec_step(b, &s->t.steps[i]);
}

void bsteps_free(struct bsteps *s)
{
	trace_free(&s->t);
}

/* SPDX-License-Identifier: MIT */
/* One trace on several platforms, and the comparison of its transactions (multiplat.h). */
#include "harness/multiplat.h"

#include <stdlib.h>
#include <string.h>

struct mp_row {
	unsigned line;
	char src[160];
	struct { bool seen, pass; char what[200]; } on[MULTIPLAT_MAX];
};

struct mp {
	unsigned cur;           /* the platform being run */
	struct mp_row *rows;
	size_t n, cap;
	bool oom;
};

static void mp_on_txn(void *ctx, unsigned line, const char *src, bool pass, const char *what)
{
	struct mp *m = ctx;
	size_t i;

	for (i = 0; i < m->n && m->rows[i].line != line; i++)
		;
	if (i == m->n) {
		if (m->n == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 32;
			struct mp_row *r = realloc(m->rows, cap * sizeof(*r));

			if (!r) {
				m->oom = true;
				return;
			}
			m->rows = r;
			m->cap = cap;
		}
		memset(&m->rows[i], 0, sizeof(m->rows[i]));
		m->rows[i].line = line;
		snprintf(m->rows[i].src, sizeof(m->rows[i].src), "%s", src);
		m->n++;
	}
	m->rows[i].on[m->cur].seen = true;
	m->rows[i].on[m->cur].pass = pass;
	snprintf(m->rows[i].on[m->cur].what, sizeof(m->rows[i].on[m->cur].what), "%s", what);
}

void multiplat_replay(const char *path, const char *platforms, const struct replay_opts *o,
		      struct replay_result *res)
{
	char list[512], *names[MULTIPLAT_MAX], *save = NULL;
	unsigned n = 0;
	struct mp m = { 0 };
	struct replay_opts po = *o;

	memset(res, 0, sizeof(*res));
	snprintf(list, sizeof(list), "%s", platforms);
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (n == MULTIPLAT_MAX || !*t) {
			fprintf(o->out, "%s: error: --platform takes 1..%d names\n", path, MULTIPLAT_MAX);
			res->malformed = true;
			return;
		}
		names[n++] = t;
	}
	po.on_txn = mp_on_txn;
	po.on_txn_ctx = &m;
	for (m.cur = 0; m.cur < n; m.cur++) {
		struct replay_result r;

		if (!o->json)
			fprintf(o->out, "== %s on %s ==\n", path, names[m.cur]);
		po.platform = names[m.cur];
		replay_file(path, &po, &r);
		res->passed += r.passed;
		res->failed += r.failed;
		res->malformed |= r.malformed;
	}
	if (!o->json && m.n) {
		fprintf(o->out, "== %s: transactions by platform ==\n", path);
		for (size_t i = 0; i < m.n; i++) {
			fprintf(o->out, "%s:%u: %s\n", path, m.rows[i].line, m.rows[i].src);
			for (unsigned p = 0; p < n; p++)
				fprintf(o->out, "    %-12s %-4s %s\n", names[p],
					!m.rows[i].on[p].seen ? "-" : m.rows[i].on[p].pass ? "ok" : "FAIL",
					m.rows[i].on[p].seen ? m.rows[i].on[p].what : "(not run)");
		}
		if (m.oom)
			fprintf(o->out, "    (incomplete: out of memory)\n");
	}
	free(m.rows);
}

/* SPDX-License-Identifier: MIT */
/*
 * Trace replay (docs/trace-format.md).  Each step prints
 *   FILE:LINE: ok|FAIL: <the line> -> <what happened> [+cycles @time] (why)
 * and the model's warnings during the step follow it, indented.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness/driver.h"
#include "harness/explain.h"
#include "harness/json.h"
#include "harness/strbuf.h"
#include "harness/replay.h"
#include "harness/trace.h"
#include "model/mem.h"
#include "smmu/smmu_event.h"
#include "smmuits.h"

#define MAX_TRACE_BYTES (UINT64_C(256) << 20)

/*
 * --stats: what the replayer sees of each transaction (the model's own
 * counters come from smmuits_get_stats at the end).  Columns are the
 * outcomes in enum smmuits_outcome order, then transactions not issued.
 */
#define NCOLS (SMMUITS_ITS_DROP + 2)
#define COL_NOT_ISSUED (NCOLS - 1)
#define NFAULT_TYPES 256

struct sid_count {
	uint32_t sid;
	uint64_t n[NCOLS];
};

/* Every transaction's cycles, kept for exact percentiles. */
struct lat_set {
	uint64_t *v;
	size_t n, cap;
	uint64_t sum;
};

enum { LAT_ALL, LAT_DMA, LAT_MSI, LAT_COUNT };

struct rstats {
	struct sid_count *sids;  /* sorted by sid */
	size_t nsids, capsids, last;
	uint64_t total[NCOLS];
	uint64_t faults[NFAULT_TYPES];
	const char *fault_name[NFAULT_TYPES];
	struct lat_set lat[LAT_COUNT];
	uint64_t first_issue, last_done; /* the span the transactions occupied */
	bool oom;                /* some counts are missing */
};

/* issue-interval: a device that streams instead of waiting for each transaction. */
#define REPLAY_STREAMS_MAX 64
struct stream {
	uint32_t sid;
	uint32_t interval;
	bool has_last;
	uint64_t last;        /* issue cycle of its previous transaction */
};

struct run {
	const struct replay_opts *o;
	const char *name;
	const char *text;
	size_t len;
	size_t *line_off;     /* start offset of each line, 1-based index */
	unsigned nlines;
	struct smmuits *sys;
	struct driver drv;
	struct replay_result *res;
	struct rstats *stats;  /* NULL without --stats */
	struct stream streams[REPLAY_STREAMS_MAX];
	unsigned nstreams;
	char logbuf[2048];    /* model messages during the current step */
	size_t loglen;
};

static void log_sink(void *opaque, int level, const char *comp, const char *msg)
{
	struct run *r = opaque;
	int n;

	if (level > SMMUITS_LOG_WARN || r->loglen >= sizeof(r->logbuf) - 1)
		return;
	n = snprintf(r->logbuf + r->loglen, sizeof(r->logbuf) - r->loglen, "%s%s: %s",
		     r->loglen ? "\n" : "", comp, msg);
	if (n > 0)
		r->loglen += (size_t)n;
	if (r->loglen >= sizeof(r->logbuf))
		r->loglen = sizeof(r->logbuf) - 1;
}

static void index_lines(struct run *r)
{
	const char *p = r->text, *end = r->text + r->len;
	unsigned n = 1;

	/* memchr, not a byte loop: a million-line trace is 50 MB */
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	r->line_off = malloc((n + 2) * sizeof(*r->line_off));
	if (!r->line_off)
		return;
	r->nlines = n;
	r->line_off[1] = 0;
	p = r->text;
	for (unsigned l = 1; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		r->line_off[++l] = (size_t)(p - r->text) + 1;
}

/* The step's source text, without comment and surrounding blanks. */
static void source_of(const struct run *r, unsigned line, char *buf, size_t cap)
{
	const char *s, *e, *end = r->text + r->len, *cut;
	size_t n;

	buf[0] = 0;
	if (!r->line_off || line < 1 || line > r->nlines)
		return;
	s = r->text + r->line_off[line];
	e = memchr(s, '\n', (size_t)(end - s));
	if (!e)
		e = end;
	if ((cut = memchr(s, '#', (size_t)(e - s))) != NULL)
		e = cut;
	if ((cut = memchr(s, '\r', (size_t)(e - s))) != NULL)
		e = cut;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	n = (size_t)(e - s) < cap - 1 ? (size_t)(e - s) : cap - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
}

/* ---- --stats ---- */

static const char *col_name(unsigned c)
{
	return c == COL_NOT_ISSUED ? "not-issued" : smmuits_outcome_name((enum smmuits_outcome)c);
}

static struct sid_count *stats_sid(struct rstats *s, uint32_t sid)
{
	size_t lo = 0, hi = s->nsids;

	/* Consecutive transactions mostly come from one device. */
	if (s->last < s->nsids && s->sids[s->last].sid == sid)
		return &s->sids[s->last];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->sids[mid].sid < sid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->nsids || s->sids[lo].sid != sid) {
		if (s->nsids == s->capsids) {
			size_t cap = s->capsids ? s->capsids * 2 : 16;
			struct sid_count *n = realloc(s->sids, cap * sizeof(*n));

			if (!n)
				return NULL;
			s->sids = n;
			s->capsids = cap;
		}
		memmove(&s->sids[lo + 1], &s->sids[lo], (s->nsids - lo) * sizeof(*s->sids));
		memset(&s->sids[lo], 0, sizeof(*s->sids));
		s->sids[lo].sid = sid;
		s->nsids++;
	}
	s->last = lo;
	return &s->sids[lo];
}

static bool lat_push(struct lat_set *l, uint64_t cycles)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		uint64_t *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return false;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = cycles;
	l->sum += cycles;
	return true;
}

/* One transaction: res is NULL when it could not be issued. */
static void stats_txn(struct rstats *s, const struct trace_step *st,
		      const struct smmuits_txn_result *res)
{
	unsigned col = res ? (unsigned)res->outcome : COL_NOT_ISSUED;
	struct sid_count *sc = stats_sid(s, st->sid);

	if (col >= NCOLS)
		col = COL_NOT_ISSUED; /* an outcome this table does not know yet */
	s->total[col]++;
	if (sc)
		sc->n[col]++;
	else
		s->oom = true;
	if (!res)
		return;
	if (res->outcome == SMMUITS_FAULT && res->fault_type >= 0 &&
	    res->fault_type < NFAULT_TYPES) {
		s->faults[res->fault_type]++;
		s->fault_name[res->fault_type] = res->fault_name;
	}
	if (!s->lat[LAT_ALL].n || res->issue < s->first_issue)
		s->first_issue = res->issue;
	if (res->done > s->last_done)
		s->last_done = res->done;
	if (!lat_push(&s->lat[LAT_ALL], res->cycles) ||
	    !lat_push(&s->lat[st->op == TRACE_MSI ? LAT_MSI : LAT_DMA], res->cycles))
		s->oom = true;
}

static void stats_free(struct rstats *s)
{
	if (!s)
		return;
	free(s->sids);
	for (unsigned i = 0; i < LAT_COUNT; i++)
		free(s->lat[i].v);
	free(s);
}

uint64_t replay_percentile(const uint64_t *sorted, size_t n, unsigned p)
{
	/* nearest rank: ceil(p * n / 100), 1-based */
	size_t rank = (size_t)(((unsigned __int128)n * p + 99) / 100);

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* A ratio num/den as "12.34" (rounded half up, integer arithmetic: deterministic). */
static void fmt_ratio(char *buf, size_t cap, uint64_t num, uint64_t den, unsigned scale)
{
	unsigned __int128 x = ((unsigned __int128)num * scale * 100 + den / 2) / den;

	snprintf(buf, cap, "%llu.%02llu", (unsigned long long)(x / 100),
		 (unsigned long long)(x % 100));
}

static void fmt_rate(char *buf, size_t cap, uint64_t hits, uint64_t misses)
{
	if (hits + misses == 0) {
		snprintf(buf, cap, "-");
		return;
	}
	fmt_ratio(buf, cap, hits, hits + misses, 100);
	strncat(buf, "%", cap - strlen(buf) - 1);
}

struct lat_summary {
	uint64_t count, p50, p99, max;
	char mean[32];
};

static void lat_summarize(struct lat_set *l, struct lat_summary *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->mean, sizeof(out->mean), "0.00");
	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_u64);
	out->count = l->n;
	out->p50 = replay_percentile(l->v, l->n, 50);
	out->p99 = replay_percentile(l->v, l->n, 99);
	out->max = l->v[l->n - 1];
	fmt_ratio(out->mean, sizeof(out->mean), l->sum, l->n, 1);
}

static const char *const lat_names[LAT_COUNT] = { "all", "dma", "msi" };

static void its_cache_line(FILE *f, const char *name, uint64_t hits, uint64_t misses)
{
	char a[32];

	fmt_rate(a, sizeof(a), hits, misses);
	fprintf(f, "    its %s cache: %llu hits, %llu misses, hit rate %s\n", name,
		(unsigned long long)hits, (unsigned long long)misses, a);
}

static void stats_print_text(FILE *f, const char *name, struct rstats *s,
			     const struct smmuits_stats *m)
{
	char a[32], b[32];
	uint64_t n;
	bool any;

	fprintf(f, "stats %s:\n", name);
	n = 0;
	for (unsigned c = 0; c < NCOLS; c++)
		n += s->total[c];
	fprintf(f, "  transactions: %llu total", (unsigned long long)n);
	for (unsigned c = 0; c < NCOLS; c++)
		fprintf(f, "%s %s %llu", c ? "," : ":", col_name(c), (unsigned long long)s->total[c]);
	fprintf(f, "\n");
	for (size_t i = 0; i < s->nsids; i++) {
		const struct sid_count *sc = &s->sids[i];

		n = 0;
		for (unsigned c = 0; c < NCOLS; c++)
			n += sc->n[c];
		fprintf(f, "  sid 0x%x: %llu total", sc->sid, (unsigned long long)n);
		any = false;
		for (unsigned c = 0; c < NCOLS; c++)
			if (sc->n[c]) {
				fprintf(f, "%s %s %llu", any ? "," : ":", col_name(c),
					(unsigned long long)sc->n[c]);
				any = true;
			}
		fprintf(f, "\n");
	}
	fprintf(f, "  transaction faults:");
	any = false;
	for (unsigned t = 0; t < NFAULT_TYPES; t++)
		if (s->faults[t]) {
			fprintf(f, "%s %s %llu", any ? "," : "",
				s->fault_name[t] ? s->fault_name[t] : "?", (unsigned long long)s->faults[t]);
			any = true;
		}
	fprintf(f, "%s\n", any ? "" : " none");

	fmt_rate(a, sizeof(a), m->smmu.cfg_cache_hits, m->smmu.cfg_cache_misses);
	fprintf(f, "  smmu config cache: %llu hits, %llu misses, hit rate %s\n",
		(unsigned long long)m->smmu.cfg_cache_hits,
		(unsigned long long)m->smmu.cfg_cache_misses, a);
	fmt_rate(a, sizeof(a), m->smmu.utlb_hits, m->smmu.utlb_misses);
	fprintf(f, "  smmu micro-tlb: %llu hits, %llu misses, hit rate %s\n",
		(unsigned long long)m->smmu.utlb_hits, (unsigned long long)m->smmu.utlb_misses, a);
	fmt_rate(a, sizeof(a), m->smmu.tlb_hits, m->smmu.tlb_misses);
	fprintf(f, "  smmu tlb: %llu hits, %llu misses, hit rate %s, %llu fills\n",
		(unsigned long long)m->smmu.tlb_hits, (unsigned long long)m->smmu.tlb_misses, a,
		(unsigned long long)m->smmu.tlb_fills);
	fmt_rate(a, sizeof(a), m->smmu.walk_cache_hits, m->smmu.walk_cache_misses);
	fprintf(f, "  smmu walks: %llu descriptor reads; walk cache: %llu hits, %llu misses, hit rate %s\n",
		(unsigned long long)m->smmu.walk_reads, (unsigned long long)m->smmu.walk_cache_hits,
		(unsigned long long)m->smmu.walk_cache_misses, a);
	fprintf(f, "  smmu queues: %llu commands, %llu command errors, %llu syncs, %llu events "
		"recorded, %llu events dropped\n", (unsigned long long)m->smmu.commands,
		(unsigned long long)m->smmu.cmd_errors, (unsigned long long)m->smmu.syncs,
		(unsigned long long)m->smmu.events_recorded,
		(unsigned long long)m->smmu.events_dropped);
	if (m->has_its) {
		fmt_rate(a, sizeof(a), m->its.cache_hits, m->its.cache_misses);
		fprintf(f, "  its caches: %llu hits, %llu misses, hit rate %s\n",
			(unsigned long long)m->its.cache_hits, (unsigned long long)m->its.cache_misses, a);
		its_cache_line(f, "device", m->its.dev_hits, m->its.dev_misses);
		its_cache_line(f, "ITE", m->its.ite_hits, m->its.ite_misses);
		its_cache_line(f, "collection", m->its.coll_hits, m->its.coll_misses);
		fprintf(f, "  its: %llu translations, %llu lpis, %llu commands, %llu command errors\n",
			(unsigned long long)m->its.translations, (unsigned long long)m->its.lpis,
			(unsigned long long)m->its.commands, (unsigned long long)m->its.cmd_errors);
		fprintf(f, "  its drops:");
		any = false;
		for (unsigned d = 0; d < m->its.ndrop_reasons; d++)
			if (m->its.drops[d]) {
				fprintf(f, "%s %s %llu", any ? "," : "", smmuits_its_drop_name(d),
					(unsigned long long)m->its.drops[d]);
				any = true;
			}
		fprintf(f, "%s\n", any ? "" : " none");
	} else {
		fprintf(f, "  its: none on this platform\n");
	}
	if (m->has_gicr) {
		fmt_rate(b, sizeof(b), m->gicr.cfg_cache_hits, m->gicr.cfg_cache_misses);
		fprintf(f, "  gicr lpi config cache: %llu hits, %llu misses, hit rate %s\n",
			(unsigned long long)m->gicr.cfg_cache_hits,
			(unsigned long long)m->gicr.cfg_cache_misses, b);
		fprintf(f, "  lpis: %llu pending, %llu acked, %llu dropped\n",
			(unsigned long long)m->gicr.lpis_pending, (unsigned long long)m->gicr.lpis_acked,
			(unsigned long long)m->gicr.lpis_dropped);
	}
	for (unsigned i = 0; i < LAT_COUNT; i++) {
		struct lat_summary ls;

		lat_summarize(&s->lat[i], &ls);
		if (!ls.count) {
			fprintf(f, "  latency %s: no transactions\n", lat_names[i]);
			continue;
		}
		fprintf(f, "  latency %s: %llu transactions, mean %s, p50 %llu, p99 %llu, "
			"max %llu cycles\n", lat_names[i], (unsigned long long)ls.count, ls.mean,
			(unsigned long long)ls.p50, (unsigned long long)ls.p99,
			(unsigned long long)ls.max);
	}
	fprintf(f, "  concurrency: %llu transactions waited for a translation slot, %llu for a "
		"walker\n", (unsigned long long)m->smmu.slot_waits,
		(unsigned long long)m->smmu.walker_waits);
	if (s->lat[LAT_ALL].n && s->last_done > s->first_issue) {
		fmt_ratio(a, sizeof(a), s->lat[LAT_ALL].n, s->last_done - s->first_issue, 1000);
		fprintf(f, "  throughput: %llu transactions issued from cycle %llu, all done by %llu: "
			"%s per 1000 cycles\n", (unsigned long long)s->lat[LAT_ALL].n,
			(unsigned long long)s->first_issue, (unsigned long long)s->last_done, a);
	}
	if (s->oom)
		fprintf(f, "  (incomplete: out of memory while counting)\n");
}

static void json_u64(FILE *f, const char *key, uint64_t v, bool comma)
{
	fprintf(f, "%s\"%s\":%llu", comma ? "," : "", key, (unsigned long long)v);
}

static void json_cols(FILE *f, const uint64_t *n)
{
	uint64_t total = 0;

	for (unsigned c = 0; c < NCOLS; c++)
		total += n[c];
	json_u64(f, "total", total, false);
	for (unsigned c = 0; c < NCOLS; c++)
		json_u64(f, col_name(c), n[c], true);
}

static void stats_print_json(FILE *f, const char *name, struct rstats *s,
			     const struct smmuits_stats *m)
{
	bool any;

	fprintf(f, "{\"stats\":{\"file\":");
	json_str(f, name);
	fprintf(f, ",\"transactions\":{");
	json_cols(f, s->total);
	fprintf(f, "},\"sids\":[");
	for (size_t i = 0; i < s->nsids; i++) {
		fprintf(f, "%s{\"sid\":%u,", i ? "," : "", s->sids[i].sid);
		json_cols(f, s->sids[i].n);
		fprintf(f, "}");
	}
	fprintf(f, "],\"latency\":{");
	for (unsigned i = 0; i < LAT_COUNT; i++) {
		struct lat_summary ls;

		lat_summarize(&s->lat[i], &ls);
		fprintf(f, "%s\"%s\":{\"count\":%llu,\"mean\":%s,\"p50\":%llu,\"p99\":%llu,"
			"\"max\":%llu}", i ? "," : "", lat_names[i], (unsigned long long)ls.count,
			ls.mean, (unsigned long long)ls.p50, (unsigned long long)ls.p99,
			(unsigned long long)ls.max);
	}
	fprintf(f, "},\"span\":{");
	json_u64(f, "first_issue", s->first_issue, false);
	json_u64(f, "last_done", s->last_done, true);
	fprintf(f, "},\"faults\":{");
	any = false;
	for (unsigned t = 0; t < NFAULT_TYPES; t++)
		if (s->faults[t]) {
			fprintf(f, "%s", any ? "," : "");
			json_str(f, s->fault_name[t] ? s->fault_name[t] : "?");
			fprintf(f, ":%llu", (unsigned long long)s->faults[t]);
			any = true;
		}
	fprintf(f, "},\"smmu\":{");
	json_u64(f, "transactions", m->smmu.transactions, false);
	json_u64(f, "cfg_cache_hits", m->smmu.cfg_cache_hits, true);
	json_u64(f, "cfg_cache_misses", m->smmu.cfg_cache_misses, true);
	json_u64(f, "utlb_hits", m->smmu.utlb_hits, true);
	json_u64(f, "utlb_misses", m->smmu.utlb_misses, true);
	json_u64(f, "slot_waits", m->smmu.slot_waits, true);
	json_u64(f, "walker_waits", m->smmu.walker_waits, true);
	json_u64(f, "tlb_hits", m->smmu.tlb_hits, true);
	json_u64(f, "tlb_misses", m->smmu.tlb_misses, true);
	json_u64(f, "tlb_fills", m->smmu.tlb_fills, true);
	json_u64(f, "walk_reads", m->smmu.walk_reads, true);
	json_u64(f, "walk_cache_hits", m->smmu.walk_cache_hits, true);
	json_u64(f, "walk_cache_misses", m->smmu.walk_cache_misses, true);
	json_u64(f, "commands", m->smmu.commands, true);
	json_u64(f, "cmd_errors", m->smmu.cmd_errors, true);
	json_u64(f, "syncs", m->smmu.syncs, true);
	json_u64(f, "sev", m->smmu.sev, true);
	json_u64(f, "events_recorded", m->smmu.events_recorded, true);
	json_u64(f, "events_dropped", m->smmu.events_dropped, true);
	json_u64(f, "msis_sent", m->smmu.msis_sent, true);
	fprintf(f, "},\"its\":");
	if (m->has_its) {
		fprintf(f, "{");
		json_u64(f, "translations", m->its.translations, false);
		json_u64(f, "lpis", m->its.lpis, true);
		json_u64(f, "commands", m->its.commands, true);
		json_u64(f, "cmd_errors", m->its.cmd_errors, true);
		json_u64(f, "cache_hits", m->its.cache_hits, true);
		json_u64(f, "cache_misses", m->its.cache_misses, true);
		json_u64(f, "dev_cache_hits", m->its.dev_hits, true);
		json_u64(f, "dev_cache_misses", m->its.dev_misses, true);
		json_u64(f, "ite_cache_hits", m->its.ite_hits, true);
		json_u64(f, "ite_cache_misses", m->its.ite_misses, true);
		json_u64(f, "coll_cache_hits", m->its.coll_hits, true);
		json_u64(f, "coll_cache_misses", m->its.coll_misses, true);
		fprintf(f, ",\"drops\":{");
		for (unsigned d = 0; d < m->its.ndrop_reasons; d++)
			json_u64(f, smmuits_its_drop_name(d), m->its.drops[d], d > 0);
		fprintf(f, "}}");
	} else {
		fprintf(f, "null");
	}
	fprintf(f, ",\"gicr\":");
	if (m->has_gicr) {
		fprintf(f, "{");
		json_u64(f, "lpis_pending", m->gicr.lpis_pending, false);
		json_u64(f, "lpis_acked", m->gicr.lpis_acked, true);
		json_u64(f, "lpis_dropped", m->gicr.lpis_dropped, true);
		json_u64(f, "cfg_cache_hits", m->gicr.cfg_cache_hits, true);
		json_u64(f, "cfg_cache_misses", m->gicr.cfg_cache_misses, true);
		fprintf(f, "}");
	} else {
		fprintf(f, "null");
	}
	fprintf(f, ",\"complete\":%s}}\n", s->oom ? "false" : "true");
}

static void stats_print(struct run *r)
{
	struct smmuits_stats m;

	smmuits_get_stats(r->sys, &m);
	if (r->o->json)
		stats_print_json(r->o->out, r->name, r->stats, &m);
	else
		stats_print_text(r->o->out, r->name, r->stats, &m);
}

static void set(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* What one step did, before it is printed. */
struct outcome {
	bool pass;
	char what[1024];   /* "bypass pa=0x1000", "read 0x5"; a hotplug line lists conflicts */
	char why[256];     /* rule, or the failure reason */
	const char *kind;  /* machine-readable outcome for JSON */
	uint64_t pa;
	bool has_pa;
	const char *fault;
	const char *event_status;
	bool txn;          /* a transaction ran: the three below are set */
	bool timed;        /* issued at a given cycle rather than when the clock got there */
	uint64_t issue, done, latency;
};

static void report(struct run *r, const struct trace_step *st, const struct outcome *oc,
		   uint64_t cycles)
{
	FILE *f = r->o->out;
	char src[512];   /* the whole step as written: reports parse it back */

	if (oc->pass)
		r->res->passed++;
	else
		r->res->failed++;
	source_of(r, st->line, src, sizeof(src));
	if (r->o->on_txn && (st->op == TRACE_DMA || st->op == TRACE_MSI))
		r->o->on_txn(r->o->on_txn_ctx, st->line, src, oc->pass, oc->what);
	if (r->o->json) {
		fprintf(f, "{\"file\":");
		json_str(f, r->name);
		fprintf(f, ",\"line\":%u,\"step\":", st->line);
		json_str(f, src);
		fprintf(f, ",\"pass\":%s,\"outcome\":", oc->pass ? "true" : "false");
		json_str(f, oc->kind ? oc->kind : "done");
		if (oc->has_pa)
			fprintf(f, ",\"pa\":\"0x%llx\"", (unsigned long long)oc->pa);
		if (oc->fault) {
			fprintf(f, ",\"fault\":");
			json_str(f, oc->fault);
			fprintf(f, ",\"event\":");
			json_str(f, oc->event_status);
		}
		fprintf(f, ",\"result\":");
		json_str(f, oc->what);
		fprintf(f, ",\"why\":");
		json_str(f, oc->why);
		if (oc->txn) {
			cycles = oc->latency;
			fprintf(f, ",\"issue\":%llu,\"done\":%llu", (unsigned long long)oc->issue,
				(unsigned long long)oc->done);
		}
		fprintf(f, ",\"cycles\":%llu,\"time\":%llu,\"log\":", (unsigned long long)cycles,
			(unsigned long long)(r->sys ? smmuits_now(r->sys) : 0));
		json_str(f, r->logbuf);
		fprintf(f, "}\n");
	} else if (!r->o->quiet || !oc->pass) {
		/* FILE:LINE: ok|FAIL: SRC -> WHAT [WHEN] (WHY), built without printf */
		char line[2048];
		struct strbuf b = strbuf_on(line, sizeof(line));

		strbuf_str(&b, r->name);
		strbuf_mem(&b, ":", 1);
		strbuf_dec(&b, st->line);
		strbuf_str(&b, oc->pass ? ": ok: " : ": FAIL: ");
		strbuf_str(&b, src);
		strbuf_mem(&b, " -> ", 4);
		strbuf_str(&b, oc->what);
		strbuf_mem(&b, " [+", 3);
		if (oc->timed) {
			strbuf_dec(&b, oc->latency);
			strbuf_str(&b, " cycles, issued @");
			strbuf_dec(&b, oc->issue);
			strbuf_str(&b, ", done @");
			strbuf_dec(&b, oc->done);
		} else {
			strbuf_dec(&b, cycles);
			strbuf_str(&b, " cycles @");
			strbuf_dec(&b, r->sys ? smmuits_now(r->sys) : 0);
		}
		strbuf_mem(&b, "]", 1);
		if (oc->why[0]) {
			strbuf_mem(&b, " (", 2);
			strbuf_str(&b, oc->why);
			strbuf_mem(&b, ")", 1);
		}
		fwrite(line, 1, b.len, f);
		fputc('\n', f);
		if (r->loglen) {
			/* indent every model message under its step */
			char *p = r->logbuf;
			while (p && *p) {
				char *nl = strchr(p, '\n');
				if (nl)
					*nl = 0;
				fprintf(f, "    model: %s\n", p);
				p = nl ? nl + 1 : NULL;
			}
		}
	}
	r->loglen = 0;
	r->logbuf[0] = 0;
}

static void set(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

static const char *access_error(int rc)
{
	switch (rc) {
	case SM_EUNMAPPED: return "unmapped physical address";
	case SM_EUNSUPP:   return "region not modelled yet";
	case SM_ENOMEM:    return "touched-memory cap reached";
	case SM_EINVAL:    return "bad size/alignment, or the access straddles two regions";
	}
	return sm_strerror(rc);
}

static void exec_cpu(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	uint64_t v = 0;
	int rc;

	switch (st->op) {
	case TRACE_WRITE:
		rc = smmuits_write(r->sys, st->addr, st->size, st->value, NULL);
		break;
	case TRACE_READ:
		rc = smmuits_read(r->sys, st->addr, st->size, &v, NULL);
		break;
	case TRACE_WRITE_BYTES:
		rc = smmuits_write_block(r->sys, st->addr, st->name, (size_t)st->len);
		break;
	default:
		rc = smmuits_fill(r->sys, st->addr, st->len, (uint8_t)st->value);
		break;
	}
	oc->kind = rc ? "error" : "done";
	if (rc) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "%s at 0x%llx", access_error(rc),
		    (unsigned long long)st->addr);
		return;
	}
	oc->pass = true;
	if (st->op != TRACE_READ) {
		set(oc->what, sizeof(oc->what), "done");
		return;
	}
	set(oc->what, sizeof(oc->what), "0x%llx", (unsigned long long)v);
	if ((st->flags & TRACE_F_EXPECT) && ((v ^ st->expect) & st->mask)) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected 0x%llx under mask 0x%llx",
		    (unsigned long long)st->expect, (unsigned long long)st->mask);
	}
}

static const char *outcome_kind_name(enum trace_outcome_kind k)
{
	switch (k) {
	case TRACE_OUT_NONE:     return "";
	case TRACE_OUT_PA:       return "pa";
	case TRACE_OUT_BYPASS:   return "bypass";
	case TRACE_OUT_ABORT:    return "abort";
	case TRACE_OUT_FAULT:    return "fault";
	case TRACE_OUT_LPI:      return "lpi";
	case TRACE_OUT_ITS_DROP: return "its-drop";
	case TRACE_OUT_MEM:      return "mem";
	case TRACE_OUT_NOT_ISSUED: return "not-issued";
	case TRACE_OUT_BUS_ERROR: return "bus-error";
	}
	return "?";
}

static bool outcome_matches(const struct trace_outcome *want, const struct smmuits_txn_result *got)
{
	switch (want->kind) {
	case TRACE_OUT_NONE:     return got->outcome != SMMUITS_UNSUPPORTED;
	case TRACE_OUT_PA:       return got->outcome == SMMUITS_TRANSLATED && got->pa == want->pa;
	case TRACE_OUT_BYPASS:   return got->outcome == SMMUITS_BYPASS;
	case TRACE_OUT_ABORT:    return got->outcome == SMMUITS_ABORT;
	case TRACE_OUT_FAULT:    return got->outcome == SMMUITS_FAULT && got->fault_name &&
					!strcmp(got->fault_name, want->fault);
	case TRACE_OUT_MEM:      return got->outcome == SMMUITS_MEM;
	case TRACE_OUT_LPI:      return got->outcome == SMMUITS_LPI && got->intid == want->intid &&
					(want->cpu < 0 || got->cpu == want->cpu);
	case TRACE_OUT_ITS_DROP: return got->outcome == SMMUITS_ITS_DROP &&
					(!want->fault[0] || (got->drop_reason &&
							     !strcmp(got->drop_reason, want->fault)));
	case TRACE_OUT_NOT_ISSUED: return false; /* it was issued */
	case TRACE_OUT_BUS_ERROR: return got->outcome == SMMUITS_BUS_ERROR;
	}
	return false;
}

static void describe_want(const struct trace_outcome *w, char *buf, size_t cap)
{
	switch (w->kind) {
	case TRACE_OUT_PA:    set(buf, cap, "pa:0x%llx", (unsigned long long)w->pa); break;
	case TRACE_OUT_FAULT: set(buf, cap, "fault:%s", w->fault); break;
	case TRACE_OUT_ITS_DROP:
		set(buf, cap, w->fault[0] ? "its-drop:%s" : "its-drop", w->fault);
		break;
	case TRACE_OUT_LPI:
		if (w->cpu >= 0)
			set(buf, cap, "lpi:%u@cpu%d", w->intid, w->cpu);
		else
			set(buf, cap, "lpi:%u", w->intid);
		break;
	default:              set(buf, cap, "%s", outcome_kind_name(w->kind)); break;
	}
}

static struct stream *stream_find(struct run *r, uint32_t sid)
{
	for (unsigned i = 0; i < r->nstreams; i++)
		if (r->streams[i].sid == sid)
			return &r->streams[i];
	return NULL;
}

static void exec_interval(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	struct stream *sm = stream_find(r, st->sid);

	oc->kind = "done";
	if (!sm && r->nstreams == REPLAY_STREAMS_MAX) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "more than %u streaming devices in one trace",
		    REPLAY_STREAMS_MAX);
		return;
	}
	if (!sm) {
		sm = &r->streams[r->nstreams++];
		*sm = (struct stream){ .sid = st->sid };
	}
	sm->interval = (uint32_t)st->value;
	oc->pass = true;
	if (sm->interval)
		set(oc->what, sizeof(oc->what), "sid 0x%x issues every %u cycles", st->sid,
		    sm->interval);
	else
		set(oc->what, sizeof(oc->what), "sid 0x%x waits for each transaction", st->sid);
}

static void exec_txn(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	uint8_t data[4096];
	struct smmuits_txn t = {
		.sid = st->sid, .ssv = (st->flags & TRACE_F_SSID) != 0, .ssid = st->ssid,
		.iova = st->addr, .size = st->op == TRACE_MSI ? 4 : st->size,
		.write = st->op == TRACE_MSI || (st->flags & TRACE_F_ISWRITE),
		.priv = (st->flags & TRACE_F_PRIV) != 0, .exec = (st->flags & TRACE_F_EXEC) != 0,
		.msi = st->op == TRACE_MSI, .data = data, .dma_bits = st->dma_bits,
	};
	struct smmuits_txn_result res;
	char err[256] = "", want[96];
	struct stream *sm = stream_find(r, st->sid);

	if (st->flags & TRACE_F_AT) {
		t.timed = true, t.at = st->at;
	} else if (sm && sm->interval) {
		uint64_t now = smmuits_now(r->sys), next = sm->last + sm->interval;

		t.timed = true;
		t.at = sm->has_last && next > now ? next : now;
	}
	if (st->flags & TRACE_F_HEX)
		memcpy(data, st->name, t.size);
	else if (t.size <= 8)
		mem_le_put(data, t.size, st->value);
	else
		memset(data, (int)(st->value & 0xff), t.size);
	if (smmuits_txn(r->sys, &t, &res, err, sizeof(err))) {
		if (r->stats)
			stats_txn(r->stats, st, NULL);
		oc->pass = st->out.kind == TRACE_OUT_NOT_ISSUED;
		oc->kind = oc->pass ? "not-issued" : "error";
		set(oc->what, sizeof(oc->what), "not issued");
		set(oc->why, sizeof(oc->why), "%s", err);
		return;
	}
	if (r->stats)
		stats_txn(r->stats, st, &res);
	if (sm)
		sm->last = res.issue, sm->has_last = true;
	oc->txn = true, oc->timed = t.timed;
	oc->issue = res.issue, oc->done = res.done, oc->latency = res.cycles;
	oc->kind = smmuits_outcome_name(res.outcome);
	oc->fault = res.fault_name;
	oc->event_status = res.event_status;
	switch (res.outcome) {
	case SMMUITS_TRANSLATED: case SMMUITS_BYPASS: {
		/* the common case, formatted without printf */
		struct strbuf b = strbuf_on(oc->what, sizeof(oc->what));

		oc->pa = res.pa, oc->has_pa = true;
		strbuf_str(&b, res.outcome == SMMUITS_BYPASS ? "bypass pa:" : "pa:");
		strbuf_hex(&b, res.pa);
		strbuf_mem(&b, " (", 2);
		strbuf_str(&b, res.target ? res.target : "?");
		strbuf_mem(&b, ")", 1);
		break;
	}
	case SMMUITS_FAULT:
		set(oc->what, sizeof(oc->what), "fault:%s, event %s",
		    res.fault_name ? res.fault_name : "?", res.event_status);
		break;
	case SMMUITS_BUS_ERROR:
		oc->pa = res.pa, oc->has_pa = true;
		set(oc->what, sizeof(oc->what), "bus-error at pa:0x%llx (%s)", (unsigned long long)res.pa,
		    res.target ? res.target : "nothing there");
		break;
	case SMMUITS_MEM:
		oc->pa = res.pa, oc->has_pa = true;
		set(oc->what, sizeof(oc->what), "mem pa:0x%llx (%s)", (unsigned long long)res.pa,
		    res.target ? res.target : "?");
		break;
	case SMMUITS_LPI:
		oc->pa = res.pa, oc->has_pa = true;
		set(oc->what, sizeof(oc->what), "lpi:%u@cpu%d via pa:0x%llx (%s)%s%s", res.intid, res.cpu,
		    (unsigned long long)res.pa, res.target ? res.target : "?",
		    res.drop_reason ? ": " : "", res.drop_reason ? res.drop_reason : "");
		break;
	case SMMUITS_ITS_DROP:
		oc->pa = res.pa, oc->has_pa = true;
		oc->fault = res.drop_reason;
		set(oc->what, sizeof(oc->what), "its-drop (%s) via pa:0x%llx", res.drop_reason ?
		    res.drop_reason : "?", (unsigned long long)res.pa);
		break;
	default:
		set(oc->what, sizeof(oc->what), "%s", smmuits_outcome_name(res.outcome));
		break;
	}
	{
		struct strbuf b = strbuf_on(oc->why, sizeof(oc->why));

		strbuf_str(&b, res.rule ? res.rule : "");
	}
	oc->pass = outcome_matches(&st->out, &res);
	if (oc->pass && (st->flags & TRACE_F_CYCLES) && res.cycles != st->expect) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected cycles=%llu, took %llu (%llu waiting); %s",
		    (unsigned long long)st->expect, (unsigned long long)res.cycles,
		    (unsigned long long)res.wait, res.rule ? res.rule : "");
		return;
	}
	if (!oc->pass) {
		if (res.outcome == SMMUITS_UNSUPPORTED)
			set(oc->why, sizeof(oc->why), "not modelled yet: %s", res.rule ? res.rule : "");
		else {
			describe_want(&st->out, want, sizeof(want));
			set(oc->why, sizeof(oc->why), "expected %s; %s", want, res.rule ? res.rule : "");
		}
		return;
	}
	if (st->op == TRACE_DMA && !t.write && (st->flags & TRACE_F_RDATA)) {
		bool ok = true;

		if (t.size <= 8)
			ok = mem_le_get(data, t.size) == st->rdata;
		else
			for (unsigned i = 0; i < t.size; i++)
				ok &= data[i] == (uint8_t)st->rdata;
		if (!ok) {
			oc->pass = false;
			set(oc->why, sizeof(oc->why), "read data 0x%llx, expected rdata=0x%llx",
			    (unsigned long long)mem_le_get(data, t.size < 8 ? t.size : 8),
			    (unsigned long long)st->rdata);
		}
	}
	if (st->op == TRACE_DMA && !t.write && (st->flags & TRACE_F_HEX)) {
		for (unsigned i = 0; i < t.size; i++) {
			if (data[i] != (uint8_t)st->name[i]) {
				oc->pass = false;
				set(oc->why, sizeof(oc->why), "read byte %u is 0x%02x, hex= expects 0x%02x",
				    i, data[i], (uint8_t)st->name[i]);
				break;
			}
		}
	}
}

/* The optional record fields of an expect-event line (S2, CLASS, RnW, PnU, InD, IPA, FetchAddr). */
static bool event_fields_match(const struct trace_step *st, const struct smmu_event *ev,
			       struct outcome *oc)
{
	static const char *const cls[] = { "cd", "tt", "in", "reserved" };
	const struct { unsigned bit; bool got; const char *name; } b[] = {
		{ TRACE_EV_S2, ev->s2, "s2" }, { TRACE_EV_RNW, ev->rnw, "rnw" },
		{ TRACE_EV_PNU, ev->pnu, "pnu" }, { TRACE_EV_IND, ev->ind, "ind" },
	};

	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		bool want = (st->ev_vals & b[i].bit) != 0;

		if ((st->ev_given & b[i].bit) && want != b[i].got) {
			set(oc->why, sizeof(oc->why), "expected %s=%d, record has %d", b[i].name, want,
			    b[i].got);
			return false;
		}
	}
	if (st->ev_class >= 0 && (unsigned)st->ev_class != ev->class_) {
		set(oc->why, sizeof(oc->why), "expected class=%s, record has %s", cls[st->ev_class & 3],
		    cls[ev->class_ & 3]);
		return false;
	}
	if (st->flags & (TRACE_F_IPA | TRACE_F_FETCH)) {
		bool ipa = st->flags & TRACE_F_IPA;
		uint64_t got = ipa ? FIELD_ADDR(EVT_3_IPA, ev->addr3) : FIELD_ADDR(EVT_3_FETCHADDR, ev->addr3);
		uint64_t want = ipa ? FIELD_ADDR(EVT_3_IPA, st->addr3) : FIELD_ADDR(EVT_3_FETCHADDR, st->addr3);

		if (got != want) {
			set(oc->why, sizeof(oc->why), "expected %s=0x%llx, record has 0x%llx",
			    ipa ? "ipa" : "fetch", (unsigned long long)want, (unsigned long long)got);
			return false;
		}
	}
	return true;
}

static void exec_event(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	uint64_t rec[4];
	struct smmu_event ev;
	struct sm_err err = { 0 };
	int empty = 1;

	oc->kind = "event";
	if (driver_evtq_pop(&r->drv, rec, &empty, &err)) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "%s", err.msg);
		return;
	}
	if (empty) {
		oc->pass = st->op == TRACE_EXPECT_NO_EVENT;
		set(oc->what, sizeof(oc->what), "event queue empty");
		if (!oc->pass)
			set(oc->why, sizeof(oc->why), "expected an event %s", st->name);
		return;
	}
	smmu_event_decode(rec, &ev);
	const char *name = smmu_event_name(ev.type);
	set(oc->what, sizeof(oc->what),
	    "%s sid=0x%x ssv=%d ssid=0x%x input=0x%llx rnw=%d pnu=%d ind=%d s2=%d class=%s addr3=0x%llx",
	    name ? name : "(unknown type)", ev.sid, ev.ssv, ev.ssid,
	    (unsigned long long)ev.input_addr, ev.rnw, ev.pnu, ev.ind, ev.s2,
	    ev.class_ == EVT_CLASS_CD ? "cd" : ev.class_ == EVT_CLASS_TTD ? "tt" :
	    ev.class_ == EVT_CLASS_IN ? "in" : "reserved", (unsigned long long)ev.addr3);
	oc->fault = name;
	oc->event_status = "consumed";
	if (st->op == TRACE_EXPECT_NO_EVENT) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected no event");
		return;
	}
	oc->pass = true;
	if (!name || strcmp(name, st->name)) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected type %s", st->name);
	} else if ((st->flags & TRACE_F_SID) && ev.sid != st->sid) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected sid=0x%x", st->sid);
	} else if ((st->flags & TRACE_F_SSID) && ev.ssid != st->ssid) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected ssid=0x%x", st->ssid);
	} else if (!event_fields_match(st, &ev, oc)) {
		oc->pass = false;
	} else if (st->flags & TRACE_F_ADDR) {
		/* Fetch faults report where the SMMU read; the others the transaction's address. */
		bool fetch = ev.type == SMMU_EVT_F_STE_FETCH || ev.type == SMMU_EVT_F_CD_FETCH;
		uint64_t got = fetch ? FIELD_ADDR(EVT_3_FETCHADDR, ev.addr3) : ev.input_addr;

		if (got != st->addr) {
			oc->pass = false;
			set(oc->why, sizeof(oc->why), "expected addr=0x%llx, record has 0x%llx",
			    (unsigned long long)st->addr, (unsigned long long)got);
		}
	}
}

static void exec_ext(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	struct sm_err err = { 0 };

	oc->kind = "driver";
	if (driver_exec(&r->drv, st, oc->what, sizeof(oc->what), &err)) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "%s", err.msg);
		if (!oc->what[0])
			set(oc->what, sizeof(oc->what), "failed");
		return;
	}
	oc->pass = true;
}

/* ack cpu=N [expect=INTID|none] */
static void exec_ack(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	uint32_t intid = 0;
	int rc = smmuits_ack(r->sys, st->cpu, &intid);

	oc->kind = "ack";
	if (rc < 0) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "no redistributor for cpu %u", st->cpu);
		return;
	}
	if (rc > 0)
		set(oc->what, sizeof(oc->what), "none (1023: nothing pending and enabled)");
	else
		set(oc->what, sizeof(oc->what), "INTID %u", intid);
	oc->pass = true;
	if ((st->flags & TRACE_F_NONE) && rc == 0) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected none");
	} else if ((st->flags & TRACE_F_EXPECT) && (rc != 0 || intid != st->expect)) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected INTID %llu", (unsigned long long)st->expect);
	}
}

/* expect-pending intid=N cpu=N state=0|1 */
static void exec_pending(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	int rc = smmuits_lpi_pending(r->sys, st->cpu, (uint32_t)st->value);

	oc->kind = "pending";
	if (rc < 0) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "no redistributor for cpu %u", st->cpu);
		return;
	}
	set(oc->what, sizeof(oc->what), "INTID %llu %s at cpu %u", (unsigned long long)st->value,
	    rc ? "pending" : "not pending", st->cpu);
	oc->pass = (uint64_t)rc == st->expect;
	if (!oc->pass)
		set(oc->why, sizeof(oc->why), "expected state=%llu", (unsigned long long)st->expect);
}

/* The command line's choice, else the trace's platform/profile line, else dflt. */
static const char *setting_of(const struct trace *t, enum trace_op op, const char *given,
			      const char *dflt)
{
	if (given)
		return given;
	for (size_t i = 0; i < t->nsteps; i++)
		if (t->steps[i].op == op)
			return t->steps[i].name;
	return dflt;
}

static const char *const *fault_names(void)
{
	return smmu_event_names();
}

void replay_text(const char *text, size_t len, const char *name, const struct replay_opts *o,
		 struct replay_result *res)
{
	struct trace_ext ext = {
		.verbs = driver_verbs, .check = driver_check, .fault_names = fault_names(),
	};
	struct trace t = { 0 };
	struct trace_diag diag = { 0 };
	struct run r = { .o = o, .name = name, .text = text, .len = len, .res = res };
	char err[256];
	unsigned platform_line = 0;

	memset(res, 0, sizeof(*res));
	if (trace_parse(text, len, name, &ext, &t, &diag)) {
		fprintf(o->out, "%s", diag.text ? diag.text : "");
		if (!diag.count)
			fprintf(o->out, "%s: error: out of memory parsing the trace\n", name);
		res->malformed = true;
		goto out;
	}
	for (size_t i = 0; i < t.nsteps; i++)
		if (t.steps[i].op == TRACE_PLATFORM)
			platform_line = t.steps[i].line;
	struct smmuits_config cfg = {
		.platform = setting_of(&t, TRACE_PLATFORM, o->platform, "qemu-virt"), .log_fn = log_sink, .log_opaque = &r,
		.log_level = SMMUITS_LOG_WARN, .profile = setting_of(&t, TRACE_PROFILE, o->profile, NULL),
	};
	if (smmuits_create(&cfg, &r.sys, err, sizeof(err))) {
		if (cfg.profile)
			fprintf(o->out, "%s:%u: error: platform '%s', profile '%s': %s\n", name,
				platform_line, cfg.platform, cfg.profile, err);
		else
			fprintf(o->out, "%s:%u: error: platform '%s': %s\n", name, platform_line,
				cfg.platform, err);
		res->malformed = true;
		goto out;
	}
	index_lines(&r);
	driver_init(&r.drv, r.sys);
	if (o->stats && !(r.stats = calloc(1, sizeof(*r.stats))))
		fprintf(o->out, "%s: warning: out of memory: no statistics\n", name);
	for (size_t i = 0; i < t.nsteps; i++) {
		const struct trace_step *st = &t.steps[i];
		struct outcome oc = { 0 };
		uint64_t before = smmuits_now(r.sys);
		bool xpl = (st->op == TRACE_DMA || st->op == TRACE_MSI) &&
			   (o->explain || st->line == o->explain_line);

		switch (st->op) {
		case TRACE_PLATFORM:
			oc.pass = true;
			oc.kind = "platform";
			set(oc.what, sizeof(oc.what), "platform %s", cfg.platform);
			break;
		case TRACE_PROFILE:
			oc.pass = true;
			oc.kind = "profile";
			set(oc.what, sizeof(oc.what), "profile %s", smmuits_profile_name(r.sys));
			break;
		case TRACE_WRITE: case TRACE_READ: case TRACE_FILL: case TRACE_WRITE_BYTES:
			exec_cpu(&r, st, &oc);
			break;
		case TRACE_DMA: case TRACE_MSI:
			if (xpl)
				smmuits_explain_begin(r.sys);
			exec_txn(&r, st, &oc);
			if (xpl)
				smmuits_explain_end(r.sys);
			break;
		case TRACE_EXPECT_EVENT: case TRACE_EXPECT_NO_EVENT:
			exec_event(&r, st, &oc);
			break;
		case TRACE_EXT:
			exec_ext(&r, st, &oc);
			break;
		case TRACE_ACK:
			exec_ack(&r, st, &oc);
			break;
		case TRACE_EXPECT_PENDING:
			exec_pending(&r, st, &oc);
			break;
		case TRACE_ISSUE_INTERVAL:
			exec_interval(&r, st, &oc);
			break;
		}
		report(&r, st, &oc, smmuits_now(r.sys) - before);
		if (xpl) {
			char src[160];

			source_of(&r, st->line, src, sizeof(src));
			explain_print(o->explain_out ? o->explain_out : o->out, r.sys,
				      o->json || o->json_explain, o->json_explain && !o->json, name,
				      st->line, src);
			res->explained++;
		}
	}
	if (r.stats && !o->json)
		stats_print(&r);
out:
	if (o->json) {
		fprintf(o->out, "{\"file\":");
		json_str(o->out, name);
		fprintf(o->out, ",\"passed\":%u,\"failed\":%u,\"malformed\":%s}\n",
			res->passed, res->failed, res->malformed ? "true" : "false");
		/* The file's last object, after its summary. */
		if (r.stats)
			stats_print(&r);
	}
	stats_free(r.stats);
	smmuits_destroy(r.sys);
	free(r.line_off);
	trace_free(&t);
	trace_diag_free(&diag);
}

void replay_file(const char *path, const struct replay_opts *o, struct replay_result *res)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	memset(res, 0, sizeof(*res));
	if (!f) {
		fprintf(o->out, "%s: error: cannot open: %s\n", path, strerror(errno));
		res->malformed = true;
		return;
	}
	for (;;) {
		if (len == cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_TRACE_BYTES || !(nb = realloc(buf, cap))) {
				fprintf(o->out, "%s: error: trace too large (limit %llu MiB)\n", path,
					(unsigned long long)(MAX_TRACE_BYTES >> 20));
				res->malformed = true;
				goto out;
			}
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(o->out, "%s: error: read failed\n", path);
		res->malformed = true;
		goto out;
	}
	replay_text(buf ? buf : "", len, path, o, res);
out:
	free(buf);
	fclose(f);
}

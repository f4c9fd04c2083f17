/* SPDX-License-Identifier: MIT */
/*
 * smmuits-bench: host speed of the model (issue 5, "Host-speed benchmark").
 *
 *     smmuits-bench [--quick]
 *
 * Every system is set up as software sets one up: trace text through the
 * trace parser and the harness driver (bench_setup.c).  Each figure is the
 * median of several timed repetitions of a tight loop, after a warm-up
 * pass, timed with clock_gettime(CLOCK_MONOTONIC).  The model's own cycle
 * counts are used only to show that a loop measured what it claims
 * (e.g. that every "cold" walk really was a full walk).
 *
 * docs/performance.md records what this printed, and why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "harness/replay.h"
#include "smmu/smmu_tlb.h"

#define MAX_REPS 15

static struct {
	bool quick;
	int reps;
	uint64_t n_hit, n_cold, n_nested, n_inval, n_msi, n_msi_cold, n_create, n_reset;
	size_t replay_lines;
	uint64_t n_scale;
	unsigned max_sid_log2, max_page_log2;
} P;

static char plat20_path[64];

/* ---- timing ---- */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

typedef void (*loop_fn)(void *ctx, uint64_t n);

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median host ns per operation of f(ctx, n) over P.reps timed runs, after one warm-up run. */
static double measure(loop_fn f, void *ctx, uint64_t n)
{
	double v[MAX_REPS];

	f(ctx, n / 4 + 1);
	for (int r = 0; r < P.reps; r++) {
		uint64_t t0 = now_ns();

		f(ctx, n);
		v[r] = (double)(now_ns() - t0) / (double)n;
	}
	qsort(v, (size_t)P.reps, sizeof(v[0]), cmp_double);
	return v[P.reps / 2];
}

/* ---- the result table ---- */

struct row {
	const char *what;
	double ns;           /* host ns per operation */
	double target;       /* 0: no target */
	bool per_sec_target; /* target is operations/s (higher is better) */
	bool bytes;          /* ns is a size in bytes, not a time */
	char note[160];
};

static struct row rows[32];
static unsigned nrows;

static struct row *row_add(const char *what, double ns, double target, bool per_sec)
{
	struct row *r = &rows[nrows++];

	r->what = what;
	r->ns = ns;
	r->target = target;
	r->per_sec_target = per_sec;
	r->note[0] = 0;
	return r;
}

static void fmt_rate(char *buf, size_t len, double per_sec)
{
	if (per_sec >= 1e6)
		snprintf(buf, len, "%.2f M/s", per_sec / 1e6);
	else if (per_sec >= 1e3)
		snprintf(buf, len, "%.1f k/s", per_sec / 1e3);
	else
		snprintf(buf, len, "%.0f /s", per_sec);
}

static void print_rows(void)
{
	printf("| operation | host ns/op | ops/s | target | verdict | how measured |\n");
	printf("|---|---:|---:|---|---|---|\n");
	for (unsigned i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		char rate[32], tgt[32] = "-", verdict[48] = "-";

		if (r->bytes) {
			printf("| %s | %.0f bytes | - | <= %.0f bytes | %s | %s |\n", r->what, r->ns,
			       r->target, r->ns <= r->target ? "met" : "MISSED", r->note);
			continue;
		}
		fmt_rate(rate, sizeof(rate), 1e9 / r->ns);
		if (r->target > 0 && r->per_sec_target) {
			double have = 1e9 / r->ns;

			snprintf(tgt, sizeof(tgt), ">= %.0f M/s", r->target / 1e6);
			if (have >= r->target)
				snprintf(verdict, sizeof(verdict), "met");
			else
				snprintf(verdict, sizeof(verdict), "MISSED: %.2fx too slow",
					 r->target / have);
		} else if (r->target > 0) {
			if (r->target >= 1000)
				snprintf(tgt, sizeof(tgt), "<= %.0f us", r->target / 1000);
			else
				snprintf(tgt, sizeof(tgt), "<= %.0f ns", r->target);
			if (r->ns <= r->target)
				snprintf(verdict, sizeof(verdict), "met");
			else
				snprintf(verdict, sizeof(verdict), "MISSED: %.2fx (+%.0f ns)",
					 r->ns / r->target, r->ns - r->target);
		}
		printf("| %s | %.1f | %s | %s | %s | %s |\n", r->what, r->ns, rate, tgt, verdict,
		       r->note);
	}
}

/* ---- device transactions in a loop ---- */

struct txn_loop {
	struct smmuits *sys;
	struct smmuits_txn t;
	const uint64_t *iova;   /* per position, or NULL: t.iova */
	const uint32_t *sid;    /* per position, or NULL: t.sid */
	const uint32_t *event;  /* MSI EventIDs per position, or NULL */
	size_t count, pos;
	enum smmuits_outcome want;
	uint64_t ref_cycles;    /* count operations that cost at least this many model cycles */
	uint64_t done, bad, cycles, at_ref;
	uint8_t buf[64];
};

static void txn_loop(void *p, uint64_t n)
{
	struct txn_loop *l = p;
	struct smmuits_txn_result res;

	for (uint64_t k = 0; k < n; k++) {
		if (l->iova)
			l->t.iova = l->iova[l->pos];
		if (l->sid)
			l->t.sid = l->sid[l->pos];
		if (l->event)
			memcpy(l->buf, &l->event[l->pos], 4);
		if (++l->pos == l->count)
			l->pos = 0;
		smmuits_txn(l->sys, &l->t, &res, NULL, 0);
		l->bad += res.outcome != l->want;
		l->cycles += res.cycles;
		l->at_ref += res.cycles >= l->ref_cycles;
	}
	l->done += n;
}

static void txn_loop_init(struct txn_loop *l, struct smmuits *sys, uint32_t sid, uint64_t iova,
			  unsigned size, bool write, enum smmuits_outcome want)
{
	memset(l, 0, sizeof(*l));
	l->sys = sys;
	l->t.sid = sid;
	l->t.iova = iova;
	l->t.size = size;
	l->t.write = write;
	l->t.data = l->buf;
	l->count = 1;
	l->want = want;
	l->ref_cycles = UINT64_MAX;
}

static void txn_stats_reset(struct txn_loop *l)
{
	l->done = l->bad = l->cycles = l->at_ref = 0;
}

/* One transaction at the loop's position 0 (no timing): its model cycles. */
static uint64_t txn_once(struct txn_loop *l, uint64_t iova)
{
	struct smmuits_txn_result res;
	struct smmuits_txn t = l->t;

	t.iova = iova;
	if (l->sid)
		t.sid = l->sid[0];
	if (l->event)
		memcpy(l->buf, &l->event[0], 4);
	smmuits_txn(l->sys, &t, &res, NULL, 0);
	if (res.outcome != l->want)
		die("txn sid=%u iova=0x%llx: outcome %s, expected %s (%s)", t.sid,
		    (unsigned long long)t.iova, smmuits_outcome_name(res.outcome),
		    smmuits_outcome_name(l->want), res.fault_name ? res.fault_name : "");
	return res.cycles;
}

static double measure_txn(struct txn_loop *l, uint64_t n)
{
	double ns;

	/* one pass over the whole working set first, so the loop is in steady state */
	txn_loop(l, l->count);
	txn_stats_reset(l);
	ns = measure(txn_loop, l, n);
	if (l->bad)
		die("%llu of %llu transactions had an unexpected outcome",
		    (unsigned long long)l->bad, (unsigned long long)l->done);
	return ns;
}

static double mean_cycles(const struct txn_loop *l)
{
	return l->done ? (double)l->cycles / (double)l->done : 0;
}

/* ---- set-ups ---- */

#define S1_SETUP(sid) \
	"smmu-init sidbits=8\n" \
	"ste sid=" #sid " config=s1\n" \
	"cd sid=" #sid "\n"

/*
 * The cold-walk window: page i sits under L0 entry i % 512 (IHI 0070 uses
 * the VMSAv8-64 4 KiB granule: L0 index = VA[47:39]), as page i / 512 of a
 * 64 KiB run.  Consecutive transactions therefore use different L1, L2 and
 * L3 tables; any table is used again only after 511 walks through other
 * tables (>= 1533 walk-cache fills, against 256 walk-cache entries), and a
 * page again after 8191 other pages (against 2048 TLB entries).
 */
#define COLD_L0 512u
#define COLD_PER_L0 16u
#define COLD_PAGES (COLD_L0 * COLD_PER_L0)
#define COLD_PA 0x40100000u

static uint64_t cold_va(size_t i)
{
	return ((uint64_t)(i % COLD_L0) << 39) | (UINT64_C(1) << 30) | ((uint64_t)(i / COLD_L0) << 12);
}

static void cold_maps(struct sb *s, unsigned sid)
{
	/* the data pages hold data, as DMA buffers do (untouched RAM takes a slower path) */
	sb_printf(s, "fill 0x%x 0x%x 0x5a\n", COLD_PA, COLD_PER_L0 * 4096);
	for (unsigned x = 0; x < COLD_L0; x++)
		sb_printf(s, "map sid=%u iova=0x%llx pa=0x%x size=0x%x\n", sid,
			  (unsigned long long)cold_va(x), COLD_PA, COLD_PER_L0 * 4096);
}

struct inval_loop {
	struct bsys *b;
	struct bsteps *inv;
	struct txn_loop *l;     /* NULL: invalidate only */
};

static void inval_loop(void *p, uint64_t n)
{
	struct inval_loop *il = p;

	for (uint64_t k = 0; k < n; k++) {
		bsteps_exec(il->b, il->inv);
		if (il->l)
			txn_loop(il->l, 1);
	}
}

/*
 * The second way to force cold: invalidate everything (CMD_TLBI_NSNH_ALL +
 * CMD_SYNC, through the command queue) before every transaction, and
 * subtract the cost of the invalidation alone.  Noisier, but cold by
 * construction.
 */
static double cold_by_invalidation(struct bsys *b, struct txn_loop *l, uint64_t cold_cycles,
				   double *inv_ns)
{
	struct bsteps inv;
	struct inval_loop only = { b, &inv, NULL }, both = { b, &inv, l };
	double t_only, t_both;

	bsteps_parse(&inv, "cmd CMD_TLBI_NSNH_ALL\nsync\n");
	txn_stats_reset(l);
	l->ref_cycles = cold_cycles;
	t_only = measure(inval_loop, &only, P.n_inval);
	t_both = measure(inval_loop, &both, P.n_inval);
	if (l->bad || l->at_ref != l->done)
		die("invalidate-each-time: %llu of %llu walks were not cold",
		    (unsigned long long)(l->done - l->at_ref), (unsigned long long)l->done);
	bsteps_free(&inv);
	*inv_ns = t_only;
	return t_both - t_only;
}

/* Cold-walk reference: the model cycles of one transaction right after a full invalidation. */
static uint64_t cold_reference(struct bsys *b, struct txn_loop *l, uint64_t iova, uint64_t *hit)
{
	uint64_t c;

	txn_once(l, iova); /* the STE and CD into the config cache: not part of a walk */
	bsys_runf(b, "cmd CMD_TLBI_NSNH_ALL\nsync\n");
	c = txn_once(l, iova);
	*hit = txn_once(l, iova);
	return c;
}

static void bench_hit(void)
{
	struct bsys b;
	struct txn_loop l;
	struct row *r;
	double ns;

	/* (0) reference floor: the SMMU not enabled, GBPA bypass (the reset state) */
	bsys_open(&b, NULL);
	bsys_runf(&b, "fill 0x40010000 0x1000 0x5a\n");
	txn_loop_init(&l, b.sys, 1, 0x40010040, 64, false, SMMUITS_BYPASS);
	ns = measure_txn(&l, P.n_hit);
	r = row_add("reference: 64 B DMA read, SMMU off (GBPA bypass)", ns, 0, false);
	snprintf(r->note, sizeof(r->note), "no translation: the cost of the rest of smmuits_txn");
	bsys_close(&b);

	bsys_open(&b, NULL);
	bsys_runf(&b, S1_SETUP(1) "map sid=1 iova=0x10000 pa=0x40010000 size=0x1000\n"
			"fill 0x40010000 0x1000 0x5a\n");
	txn_loop_init(&l, b.sys, 1, 0x10040, 64, false, SMMUITS_TRANSLATED);
	uint64_t hit_cycles = (txn_once(&l, 0x10040), txn_once(&l, 0x10040));
	l.ref_cycles = hit_cycles + 1;
	ns = measure_txn(&l, P.n_hit);
	r = row_add("DMA 64 B read, TLB hit (stage 1, same page)", ns, 25, false);
	snprintf(r->note, sizeof(r->note), "%.0f model cycles/op; %llu of %llu cost more than a hit",
		 mean_cycles(&l), (unsigned long long)l.at_ref, (unsigned long long)l.done);
	bsys_close(&b);
}

static uint64_t va[COLD_PAGES];

static void bench_cold(void)
{
	struct bsys b;
	struct txn_loop l;
	struct row *r;
	double ns;
	struct sb s = { 0 };

	/* (2) cold 4-level stage-1 walk */
	for (size_t i = 0; i < COLD_PAGES; i++)
		va[i] = cold_va(i) + 0x40;
	bsys_open(&b, NULL);
	sb_printf(&s, S1_SETUP(1));
	cold_maps(&s, 1);
	bsys_run(&b, s.p, s.len);
	txn_loop_init(&l, b.sys, 1, 0, 64, false, SMMUITS_TRANSLATED);
	uint64_t hitc, cold = cold_reference(&b, &l, va[0], &hitc);
	l.iova = va;
	l.count = COLD_PAGES;
	l.ref_cycles = cold;
	ns = measure_txn(&l, P.n_cold);
	r = row_add("DMA 64 B read, cold 4-level 4 KB stage-1 walk (TLB + walk-cache miss)", ns, 100,
		    false);
	snprintf(r->note, sizeof(r->note),
		 "8192-page window, L0 index changes every op; %.2f%% of ops at full-cold cost "
		 "(%llu cycles; hit %llu)",
		 100.0 * (double)l.at_ref / (double)l.done, (unsigned long long)cold,
		 (unsigned long long)hitc);
	double inv_ns, d = cold_by_invalidation(&b, &l, cold, &inv_ns);

	r = row_add("  cross-check: same, cold by TLBI_NSNH_ALL+SYNC before each op (difference)", d,
		    0, false);
	snprintf(r->note, sizeof(r->note), "TLBI+SYNC alone: %.0f ns (a 2048-entry TLB scan)",
		 inv_ns);
	bsys_close(&b);
	sb_free(&s);
}

static void bench_nested(void)
{
	struct bsys b;
	struct txn_loop l;
	struct row *r;
	double ns, inv_ns, d;
	struct sb s = { 0 };
	uint64_t cold, hitc;

	/* (3) nested S1+S2, cold */
	for (size_t i = 0; i < COLD_PAGES; i++)
		va[i] = cold_va(i) + 0x40;
	bsys_open(&b, NULL);
	sb_printf(&s, "smmu-init sidbits=8\nste sid=2 config=nested\ncd sid=2\n");
	cold_maps(&s, 2);
	sb_printf(&s, "map sid=2 stage=2 iova=0x%x pa=0x%x size=0x%x\n", COLD_PA, COLD_PA,
		  COLD_PER_L0 * 4096);
	bsys_run(&b, s.p, s.len);
	txn_loop_init(&l, b.sys, 2, 0, 64, false, SMMUITS_TRANSLATED);
	cold = cold_reference(&b, &l, va[0], &hitc);
	l.iova = va;
	l.count = COLD_PAGES;
	l.ref_cycles = cold;
	ns = measure_txn(&l, P.n_nested);
	r = row_add("DMA 64 B read, nested S1+S2, window walk (S1 cold, see note)", ns, 0, false);
	snprintf(r->note, sizeof(r->note),
		 "same window; %.2f%% of ops at full-cold cost (%llu cycles); mean %.0f cycles",
		 100.0 * (double)l.at_ref / (double)l.done, (unsigned long long)cold,
		 mean_cycles(&l));
	d = cold_by_invalidation(&b, &l, cold, &inv_ns);
	r = row_add("DMA 64 B read, nested S1+S2 all cold (TLBI_NSNH_ALL+SYNC each op, difference)",
		    d, 500, false);
	snprintf(r->note, sizeof(r->note), "every op at %llu cycles; TLBI+SYNC alone %.0f ns",
		 (unsigned long long)cold, inv_ns);
	bsys_close(&b);
	sb_free(&s);
}

static uint64_t cached_cycles = 10;

static void bench_msi(void)
{
	struct bsys b;
	struct txn_loop l;
	struct row *r;
	double ns;

	/* (4) cached MSI through the SMMU: Linux's doorbell page at IOVA 0x8000000 */
	bsys_open(&b, NULL);
	bsys_runf(&b, "gic-init\nits-init\nits-mapd dev=1 eventbits=5\n"
		      "its-mapti dev=1 event=3 intid=8200 cpu=2\n" S1_SETUP(1)
		      "msi-doorbell sid=1\n");
	static const uint32_t ev3 = 3;
	txn_loop_init(&l, b.sys, 1, 0x8000040, 4, true, SMMUITS_LPI);
	l.t.msi = true;
	l.event = &ev3;
	txn_once(&l, 0x8000040);
	ns = measure_txn(&l, P.n_msi);
	cached_cycles = (uint64_t)mean_cycles(&l);
	r = row_add("MSI, cached ITS translation, via SMMU stage-1 doorbell (TLB hit)", ns, 30, false);
	snprintf(r->note, sizeof(r->note), "same DeviceID/EventID; LPI stays pending; %.0f cycles/op",
		 mean_cycles(&l));
	bsys_close(&b);

	bsys_open(&b, NULL);
	bsys_runf(&b, "gic-init\nits-init\nits-mapd dev=1 eventbits=5\n"
		      "its-mapti dev=1 event=3 intid=8200 cpu=2\n");
	txn_loop_init(&l, b.sys, 1, 0x08090040, 4, true, SMMUITS_LPI);
	l.t.msi = true;
	l.event = &ev3;
	ns = measure_txn(&l, P.n_msi);
	cached_cycles = (uint64_t)mean_cycles(&l);
	r = row_add("MSI, cached ITS translation, SMMU off (ITS only)", ns, 30, false);
	snprintf(r->note, sizeof(r->note), "GITS_TRANSLATER written directly; %.0f cycles/op",
		 mean_cycles(&l));
	bsys_close(&b);
}

static void bench_msi_cold(void)
{
	struct bsys b;
	struct txn_loop l;
	struct row *r;
	double ns;

	/* (5) cold MSI: 64 devices x 32 events, visited so every cache's reuse distance exceeds it */
	enum { NDEV = 64, NEV = 32, NMSI = NDEV * NEV };
	static uint32_t sid[NMSI], ev[NMSI];
	struct sb s = { 0 };

	bsys_open(&b, NULL);
	sb_printf(&s, "gic-init\nits-init\n");
	for (unsigned dv = 0; dv < NDEV; dv++) {
		sb_printf(&s, "its-mapd dev=%u eventbits=5\n", dv);
		for (unsigned e = 0; e < NEV; e++)
			sb_printf(&s, "its-mapti dev=%u event=%u intid=%u cpu=%u\n", dv, e,
				  8192 + dv * NEV + e, dv % 4);
	}
	bsys_run(&b, s.p, s.len);
	for (unsigned i = 0; i < NMSI; i++) {
		sid[i] = i % NDEV;
		ev[i] = (i / NDEV) % NEV;
	}
	txn_loop_init(&l, b.sys, 0, 0x08090040, 4, true, SMMUITS_LPI);
	l.t.msi = true;
	l.sid = sid;
	l.event = ev;
	l.count = NMSI;
	ns = measure_txn(&l, P.n_msi_cold);
	r = row_add("MSI, ITS device/ITE/LPI-config caches cold (SMMU off)", ns, 150, false);
	snprintf(r->note, sizeof(r->note),
		 "64 devices x 32 events round-robin; %.0f cycles/op vs %llu cached; 4 collections "
		 "always cached", mean_cycles(&l), (unsigned long long)cached_cycles);
	bsys_close(&b);
	sb_free(&s);
}

/* ---- (6) replay ---- */

static void gen_replay(struct sb *s, size_t lines)
{
	sb_printf(s, "# focus: replay speed: %zu DMA lines over 256 pages, stage 1\n", lines);
	sb_printf(s, "platform qemu-virt\n" S1_SETUP(1)
		     "map sid=1 iova=0x100000 pa=0x40100000 size=0x100000\n"
		     "fill 0x40100000 0x100000 0x5a\n");
	for (size_t i = 0; i < lines; i++) {
		unsigned pg = (unsigned)(i * 7 % 256), off = (unsigned)(i * 64 % 4096);
		uint64_t iova = 0x100000 + (uint64_t)pg * 4096 + off;

		if (i % 2)
			sb_printf(s, "dma write sid=1 iova=0x%llx size=8 data=0x%zx\n",
				  (unsigned long long)iova, i);
		else
			sb_printf(s, "dma read sid=1 iova=0x%llx size=64 expect=pa:0x%llx\n",
				  (unsigned long long)iova,
				  (unsigned long long)(iova - 0x100000 + 0x40100000));
	}
}

struct replay_ctx {
	struct sb *text;
	FILE *out;
	size_t lines;
};

static void replay_loop(void *p, uint64_t n)
{
	struct replay_ctx *c = p;
	struct replay_opts o = { .out = c->out };
	struct replay_result res;

	for (uint64_t k = 0; k < n; k++) {
		replay_text(c->text->p, c->text->len, "bench-replay", &o, &res);
		if (res.failed || res.malformed)
			die("generated replay trace: %u lines failed", res.failed);
	}
}

static void parse_loop(void *p, uint64_t n)
{
	struct replay_ctx *c = p;
	struct trace_ext ext;

	setup_trace_ext(&ext);
	for (uint64_t k = 0; k < n; k++) {
		struct trace t = { 0 };
		struct trace_diag diag = { 0 };

		if (trace_parse(c->text->p, c->text->len, "bench", &ext, &t, &diag))
			die("generated replay trace does not parse");
		trace_free(&t);
		trace_diag_free(&diag);
	}
}

static void bench_replay(void)
{
	struct sb s = { 0 };
	struct replay_ctx c = { .text = &s, .lines = P.replay_lines };
	struct row *r;
	size_t total;
	int reps = P.reps;
	double ns;

	gen_replay(&s, P.replay_lines);
	total = P.replay_lines + 6;
	c.out = fopen("/dev/null", "w");
	if (!c.out)
		die("cannot open /dev/null");
	P.reps = reps < 5 ? reps : 5; /* whole-trace runs are long: at most 5 */
	ns = measure(replay_loop, &c, 1) / (double)total;
	r = row_add("trace replay, per line (parse + run + print to /dev/null)", ns, 3e6, true);
	snprintf(r->note, sizeof(r->note), "%zu-line generated trace (%zu MB), replay_text",
		 total, s.len >> 20);
	ns = measure(parse_loop, &c, 1) / (double)total;
	r = row_add("  of which: trace_parse alone, per line", ns, 0, false);
	snprintf(r->note, sizeof(r->note), "parse + trace_free of the same text");
	P.reps = reps;
	fclose(c.out);
	sb_free(&s);
}

/* ---- (7) create / reset ---- */

static void create_loop(void *p, uint64_t n)
{
	(void)p;
	for (uint64_t k = 0; k < n; k++) {
		struct smmuits *sys;
		struct smmuits_config cfg = { 0 };
		char err[128];

		if (smmuits_create(&cfg, &sys, err, sizeof(err)))
			die("create: %s", err);
		smmuits_destroy(sys);
	}
}

static void reset_loop(void *p, uint64_t n)
{
	for (uint64_t k = 0; k < n; k++)
		smmuits_reset(p);
}

struct used_reset {
	struct bsys *b;
	struct bsteps setup;
};

static void used_reset_loop(void *p, uint64_t n)
{
	struct used_reset *u = p;

	for (uint64_t k = 0; k < n; k++) {
		smmuits_reset(u->b->sys);
		driver_init(&u->b->drv, u->b->sys);
		bsteps_exec(u->b, &u->setup);
	}
}

static void bench_lifecycle(void)
{
	struct bsys b;
	struct row *r;
	double ns, ns_setup;

	ns = measure(create_loop, NULL, P.n_create);
	r = row_add("smmuits_create + smmuits_destroy (qemu-virt)", ns, 5000, false);
	snprintf(r->note, sizeof(r->note), "platform parse, bus, SMMU, ITS, 4 redistributors, caches");
	bsys_open(&b, NULL);
	ns = measure(reset_loop, b.sys, P.n_reset);
	r = row_add("smmuits_reset (nothing touched since the last reset)", ns, 5000, false);
	snprintf(r->note, sizeof(r->note), "every block to reset state, memory forgotten");

	struct used_reset u = { .b = &b };

	bsteps_parse(&u.setup, S1_SETUP(1) "map sid=1 iova=0x10000 pa=0x40010000 size=0x1000\n"
			"fill 0x40010000 0x1000 0x5a\n");
	ns_setup = measure(used_reset_loop, &u, P.n_reset / 10);
	r = row_add("  smmuits_reset + driver set-up (smmu-init, ste, cd, map)", ns_setup, 0, false);
	snprintf(r->note, sizeof(r->note), "what a fuzzer pays per input to start from a clean SMMU");
	bsteps_free(&u.setup);
	bsys_close(&b);
}

/* ---- scaling: StreamIDs ---- */

#define L2_BASE 0x48000000u   /* level-2 stream tables, 16 KiB per 256 StreamIDs (split 8) */

static const char *plat20(void)
{
	FILE *f;

	if (plat20_path[0])
		return plat20_path;
	snprintf(plat20_path, sizeof(plat20_path), "/tmp/smmuits-bench-%ld.plat", (long)getpid());
	f = fopen(plat20_path, "w");
	if (!f)
		die("cannot write %s", plat20_path);
	/* qemu-virt (docs/platform-format.md) with a 20-bit StreamID space */
	fputs("# qemu-virt with SMMU_IDR1.SIDSIZE=20, for the StreamID scaling runs\n"
	      "name qemu-virt-sid20\n"
	      "ram  0x40000000 0x40000000\n"
	      "gicd 0x08000000 0x10000\n"
	      "its  0x08080000 0x20000\n"
	      "gicr 0x080A0000 0x80000 stride=0x20000 count=4\n"
	      "smmu 0x09050000 0x20000 sidsize=20 ssidsize=20 oas=48 devid=0xff00\n"
	      "devid-map sid=0 count=0xff00 devid=0\n", f);
	fclose(f);
	return plat20_path;
}

/*
 * N StreamIDs in a 2-level stream table, all stage 1 sharing StreamID 0's
 * context descriptor (so one ASID, and TLB entries are shared): the
 * driver writes StreamID 0's STE; software then copies it to the others
 * with raw write64 lines (dwords 1..7 first, dword 0 with V last) and
 * issues CMD_CFGI_ALL + CMD_SYNC.
 */
static void setup_sids(struct bsys *b, uint32_t n)
{
	struct sb s = { 0 };
	uint64_t ste[8];
	uint32_t groups = (n + 255) / 256;

	sb_printf(&s, "smmu-init sidbits=20 strtab=2lvl heap=0x60000000\n");
	for (uint32_t g = 0; g < groups; g++)
		sb_printf(&s, "l1desc sid=%u span=9 l2ptr=0x%x\n", g * 256, L2_BASE + g * 0x4000);
	sb_printf(&s, "ste sid=0 config=s1\ncd sid=0\n"
		      "map sid=0 iova=0x10000 pa=0x40010000 size=0x1000\n"
		      "fill 0x40010000 0x1000 0x5a\n");
	bsys_run(b, s.p, s.len);
	for (unsigned w = 0; w < 8; w++)
		if (smmuits_read(b->sys, L2_BASE + 8 * w, 8, &ste[w], NULL))
			die("cannot read back StreamID 0's STE");
	sb_clear(&s);
	for (uint32_t sid = 1; sid < n; sid++) {
		uint64_t a = L2_BASE + (uint64_t)sid * 64;

		for (unsigned w = 1; w <= 8; w++)
			if (ste[w % 8])
				sb_printf(&s, "write64 0x%llx 0x%llx\n",
					  (unsigned long long)(a + 8 * (w % 8)),
					  (unsigned long long)ste[w % 8]);
		if (s.len > (8u << 20)) {
			bsys_run(b, s.p, s.len);
			sb_clear(&s);
		}
	}
	sb_printf(&s, "cmd CMD_CFGI_ALL\nsync\n");
	bsys_run(b, s.p, s.len);
	sb_free(&s);
}

static void scale_sids(void)
{
	printf("\n### DMA TLB hit vs number of StreamIDs (2-level stream table, SIDSIZE=20)\n\n");
	printf("Every StreamID is stage 1 with the same CD (one ASID), reading the same page, so\n"
	       "the TLB hits; with round-robin StreamIDs the STE/CD (config) cache does not.\n\n");
	printf("| StreamIDs | one StreamID repeated: ns/op | round-robin over all: ns/op | "
	       "round-robin model cycles/op |\n|---:|---:|---:|---:|\n");
	for (unsigned lg = 0; lg <= P.max_sid_log2; lg += 4) {
		uint32_t n = 1u << lg;
		struct bsys b;
		struct txn_loop l;
		uint32_t *sid = malloc(sizeof(*sid) * n);

		if (!sid)
			die("out of memory");
		for (uint32_t i = 0; i < n; i++)
			sid[i] = i;
		bsys_open(&b, plat20());
		setup_sids(&b, n);
		txn_loop_init(&l, b.sys, n - 1, 0x10040, 64, false, SMMUITS_TRANSLATED);
		double one = measure_txn(&l, P.n_scale);

		l.sid = sid;
		l.count = n;
		double rr = measure_txn(&l, P.n_scale);

		printf("| %u | %.1f | %.1f | %.0f |\n", n, one, rr, mean_cycles(&l));
		fflush(stdout);
		bsys_close(&b);
		free(sid);
	}
}

/* ---- scaling: mapped pages ---- */

static void scale_pages(void)
{
	printf("\n### DMA vs number of mapped 4 KB pages (stage 1, one StreamID)\n\n");
	printf("| mapped pages | one page: ns/op | 256-page working set: ns/op | "
	       "all pages round-robin: ns/op | all pages: model cycles/op |\n"
	       "|---:|---:|---:|---:|---:|\n");
	for (unsigned lg = 0; lg <= P.max_page_log2; lg += 4) {
		uint64_t n = UINT64_C(1) << lg;
		const uint64_t base = UINT64_C(0x100000000), chunk = 65536;
		struct bsys b;
		struct sb s = { 0 };
		struct txn_loop l;
		uint64_t *va = malloc(sizeof(*va) * n);

		if (!va)
			die("out of memory");
		sb_printf(&s, "smmu-init sidbits=8 heap=0x60000000\nste sid=1 config=s1\ncd sid=1\n");
		/* pa 4 KiB past a 2 MiB boundary: map must use pages, never blocks */
		/* fill lines take at most 16 MiB each */
		for (uint64_t p = 0; p < (n < chunk ? n : chunk); p += 4096)
			sb_printf(&s, "fill 0x%llx 0x%llx 0x5a\n",
				  (unsigned long long)(0x40001000 + p * 4096),
				  (unsigned long long)(((n < chunk ? n : chunk) - p < 4096
							? (n < chunk ? n : chunk) - p : 4096) * 4096));
		for (uint64_t p = 0; p < n; p += chunk)
			sb_printf(&s, "map sid=1 iova=0x%llx pa=0x40001000 size=0x%llx\n",
				  (unsigned long long)(base + p * 4096),
				  (unsigned long long)((n - p < chunk ? n - p : chunk) * 4096));
		bsys_open(&b, NULL);
		bsys_run(&b, s.p, s.len);
		for (uint64_t i = 0; i < n; i++)
			va[i] = base + i * 4096 + 0x40;
		txn_loop_init(&l, b.sys, 1, va[n - 1], 64, false, SMMUITS_TRANSLATED);
		double one = measure_txn(&l, P.n_scale);

		l.iova = va;
		l.count = n < 256 ? n : 256;
		double ws = measure_txn(&l, P.n_scale);

		l.count = n;
		double all = measure_txn(&l, P.n_scale);

		printf("| %llu | %.1f | %.1f | %.1f | %.0f |\n", (unsigned long long)n, one, ws, all,
		       mean_cycles(&l));
		fflush(stdout);
		bsys_close(&b);
		sb_free(&s);
		free(va);
	}
}

/* ---- main ---- */

static void bench_memory(void)
{
	struct row *r = row_add("memory per cached TLB entry (sizeof struct smmu_tlb_entry)",
				(double)sizeof(struct smmu_tlb_entry), 64, false);

	snprintf(r->note, sizeof(r->note),
		 "walk-cache entry %zu B; default TLB 2048 entries = %zu KiB",
		 sizeof(struct smmu_wc_entry), 2048 * sizeof(struct smmu_tlb_entry) / 1024);
	r->bytes = true;
}

static const struct {
	const char *name;
	void (*fn)(void);
	bool table;     /* prints into the main table (else its own table) */
} sections[] = {
	{ "hit", bench_hit, true }, { "cold", bench_cold, true }, { "nested", bench_nested, true },
	{ "msi", bench_msi, true }, { "msi-cold", bench_msi_cold, true },
	{ "replay", bench_replay, true }, { "lifecycle", bench_lifecycle, true },
	{ "memory", bench_memory, true },
	{ "sids", scale_sids, false }, { "pages", scale_pages, false },
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [--quick] [--only SECTION]\nsections:", argv0);
	for (size_t i = 0; i < NSECTIONS; i++)
		fprintf(stderr, " %s", sections[i].name);
	fprintf(stderr, "\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *only = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			P.quick = true;
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
			size_t k = 0;

			while (k < NSECTIONS && strcmp(sections[k].name, only))
				k++;
			if (k == NSECTIONS)
				usage(argv[0]);
		} else {
			usage(argv[0]);
		}
	}
	if (P.quick) {
		P.reps = 3;
		P.n_hit = 100000, P.n_cold = 20000, P.n_nested = 10000, P.n_inval = 500;
		P.n_msi = 100000, P.n_msi_cold = 20000, P.n_create = 100, P.n_reset = 2000;
		P.replay_lines = 100000, P.n_scale = 20000;
		P.max_sid_log2 = 12, P.max_page_log2 = 12;
	} else {
		P.reps = 7;
		P.n_hit = 2000000, P.n_cold = 300000, P.n_nested = 100000, P.n_inval = 5000;
		P.n_msi = 2000000, P.n_msi_cold = 500000, P.n_create = 2000, P.n_reset = 50000;
		P.replay_lines = 1000000, P.n_scale = 500000;
		P.max_sid_log2 = 20, P.max_page_log2 = 20;
	}
	uint64_t t0 = now_ns();

	printf("## smmuits-bench%s: median of %d runs, host ns per operation\n\n",
	       P.quick ? " --quick" : "", P.reps);
	for (size_t i = 0; i < NSECTIONS; i++)
		if (sections[i].table && (!only || !strcmp(only, sections[i].name)))
			sections[i].fn();
	if (nrows)
		print_rows();
	fflush(stdout);
	for (size_t i = 0; i < NSECTIONS; i++)
		if (!sections[i].table && (!only || !strcmp(only, sections[i].name)))
			sections[i].fn();
	if (plat20_path[0])
		unlink(plat20_path);
	printf("\ntotal wall time %.1f s\n", (double)(now_ns() - t0) / 1e9);
	return 0;
}

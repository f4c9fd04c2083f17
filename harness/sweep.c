/* SPDX-License-Identifier: MIT */
#include "harness/sweep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/json.h"
#include "harness/setup.h"
#include "harness/svgplot.h"
#include "model/platform.h"
#include "smmuits.h"

#define SWEEP_IOVA      UINT64_C(0x10000000)
#define SWEEP_SID       1u
#define SWEEP_MAX_PAGES (1u << 16)
#define SWEEP_TAGS_MAX  1024u
#define SWEEP_ALONE     1000u  /* reads measured one at a time */

static const unsigned default_pages[] = {
	1, 2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 256, 512, 1024, 4096, 16384,
};

/* xorshift64*: a fixed, portable sequence, so a sweep is deterministic. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(0x2545F4914F6CDD1D);
}

/* A random 64 B-aligned address in the window. */
static uint64_t pick(uint64_t *rng, unsigned pages)
{
	uint64_t r = next_rand(rng);

	return SWEEP_IOVA + (r >> 32) % pages * 4096 + (r & 63) * 64;
}

static int read64(struct smmuits *sys, uint64_t iova, bool timed, uint64_t at,
		  struct smmuits_txn_result *res, struct sm_err *err)
{
	uint8_t buf[64];
	struct smmuits_txn t = {
		.sid = SWEEP_SID, .iova = iova, .size = 64, .data = buf, .timed = timed, .at = at,
	};
	char msg[200];

	if (smmuits_txn(sys, &t, res, msg, sizeof(msg)))
		return sm_err_set(err, SM_EINVAL, "read at 0x%llx: %s", (unsigned long long)iova, msg);
	if (res->outcome != SMMUITS_TRANSLATED)
		return sm_err_set(err, SM_EINVAL, "read at 0x%llx: %s, not translated (%s)",
				  (unsigned long long)iova, smmuits_outcome_name(res->outcome),
				  res->rule ? res->rule : "?");
	return SM_OK;
}

/*
 * The device: a read every `interval` cycles, but never more than `tags`
 * outstanding (a PCIe requester waits for a completion to reuse a tag).
 */
static int stream(struct smmuits *sys, const struct sweep_opts *o, struct sweep_point *pt,
		  uint64_t *rng, uint64_t n, bool measure, uint64_t *tag_done, struct sm_err *err)
{
	uint64_t issue = smmuits_busy_until(sys);

	for (uint64_t i = 0; i < n; i++) {
		struct smmuits_txn_result res;
		uint64_t *tag = &tag_done[i % o->tags];

		if (i)
			issue += pt->interval;
		if (*tag > issue)
			issue = *tag;
		if (read64(sys, pick(rng, pt->pages), true, issue, &res, err))
			return SM_EINVAL;
		*tag = res.done;
		if (!measure)
			continue;
		if (i == 0)
			pt->span = res.issue;   /* start; the span is finished below */
		pt->lat_stream += res.cycles;
	}
	if (measure)
		pt->span = smmuits_busy_until(sys) - pt->span;
	return SM_OK;
}

static int window_setup(struct smmuits *sys, struct driver *drv, unsigned pages,
			struct sm_err *err)
{
	const struct platform *p = smmuits_platform(sys);
	char text[512];
	int n;

	if (!p->nram || p->ram[0].size < (uint64_t)pages * 4096 + (32u << 20))
		return sm_err_set(err, SM_ERANGE, "platform %s: RAM too small for %u pages",
				  p->name, pages);
	/*
	 * The PA is 4 KiB off the IOVA's 2 MiB alignment, so the driver can
	 * only map 4 KiB pages (no blocks): the TLB's reach is in pages.
	 */
	n = snprintf(text, sizeof(text),
		     "smmu-init sidbits=8\n"
		     "ste sid=%u config=s1\n"
		     "cd sid=%u asid=1\n"
		     "map sid=%u iova=0x%llx pa=0x%llx size=0x%llx\n",
		     SWEEP_SID, SWEEP_SID, SWEEP_SID, (unsigned long long)SWEEP_IOVA,
		     (unsigned long long)p->ram[0].base + 4096, (unsigned long long)pages * 4096);
	return setup_run(sys, drv, text, (size_t)n, "sweep-setup", err);
}

int sweep_window(const struct sweep_opts *o, unsigned pages, struct sweep_point *pt,
		 struct sm_err *err)
{
	struct smmuits_config cfg = {
		.platform = o->platform, .profile = o->profile ? o->profile : "iommu-xeon",
	};
	struct smmuits_stats before, after;
	struct smmuits_timebase tb;
	struct smmuits *sys;
	struct driver drv;
	uint64_t rng = o->seed ? o->seed : 1, *tags;
	char msg[256];
	int rc;

	if (pages < 1 || pages > SWEEP_MAX_PAGES || !o->reads || o->tags < 1 ||
	    o->tags > SWEEP_TAGS_MAX)
		return sm_err_set(err, SM_ERANGE, "window of %u pages (1..%u), %u reads, %u tags "
				  "(1..%u)", pages, SWEEP_MAX_PAGES, o->reads, o->tags, SWEEP_TAGS_MAX);
	if (smmuits_create(&cfg, &sys, msg, sizeof(msg)))
		return sm_err_set(err, SM_EINVAL, "%s", msg);
	tags = calloc(o->tags, sizeof(*tags));
	if (!tags) {
		smmuits_destroy(sys);
		return sm_err_set(err, SM_ENOMEM, "out of memory");
	}
	smmuits_get_timebase(sys, &tb);
	memset(pt, 0, sizeof(*pt));
	pt->pages = pages;
	pt->clock_mhz = tb.clock_mhz;
	pt->interval = o->interval ? o->interval : tb.dev_interval;
	pt->reads = o->reads;
	driver_init(&drv, sys);
	rc = window_setup(sys, &drv, pages, err);
	/* Warm up: every page of a small window is cached before measuring. */
	if (!rc)
		rc = stream(sys, o, pt, &rng, 8 * (uint64_t)pages + 1000, false, tags, err);
	smmuits_get_stats(sys, &before);
	if (!rc)
		rc = stream(sys, o, pt, &rng, o->reads, true, tags, err);
	smmuits_get_stats(sys, &after);
	pt->tlb_hits = after.smmu.tlb_hits - before.smmu.tlb_hits;
	pt->tlb_misses = after.smmu.tlb_misses - before.smmu.tlb_misses;
	/* Latency without queueing: one read at a time, as pcie-bench measures it. */
	for (unsigned i = 0; !rc && i < SWEEP_ALONE; i++) {
		struct smmuits_txn_result res;

		rc = read64(sys, pick(&rng, pages), false, 0, &res, err);
		pt->lat_alone += res.cycles;
		pt->alone++;
	}
	free(tags);
	smmuits_destroy(sys);
	return rc;
}

/* ---- output: fixed-point, so the same sweep prints the same bytes ---- */

/* num/den with two decimals, rounded half up. */
static void fmt2(char *buf, size_t cap, uint64_t num, uint64_t den)
{
	unsigned __int128 x = den ? ((unsigned __int128)num * 100 + den / 2) / den : 0;

	snprintf(buf, cap, "%llu.%02llu", (unsigned long long)(x / 100),
		 (unsigned long long)(x % 100));
}

/* Million reads per second: reads / (span / clock_mhz us). */
static void fmt_mreads(char *buf, size_t cap, const struct sweep_point *p)
{
	fmt2(buf, cap, p->reads * p->clock_mhz, p->span);
}

/* Mean latency in ns. */
static void fmt_ns(char *buf, size_t cap, uint64_t cycles, uint64_t n, uint32_t mhz)
{
	fmt2(buf, cap, cycles * 1000, n * mhz);
}

static void print_text(FILE *f, const struct sweep_opts *o, const struct sweep_point *pt,
		       unsigned n)
{
	char thr[32], hit[32], a[32], s[32], r[32];

	fprintf(f, "sweep: profile %s, 64 B reads at random in a window of 4 KiB pages,\n"
		"one every %u cycles (%u MHz), at most %u outstanding; %u reads per window\n\n",
		o->profile ? o->profile : "iommu-xeon", pt[0].interval, pt[0].clock_mhz, o->tags,
		o->reads);
	fprintf(f, "| pages | window KiB | M reads/s | TLB hit rate | latency ns, one at a time | "
		"latency ns, streaming |\n|---:|---:|---:|---:|---:|---:|\n");
	for (unsigned i = 0; i < n; i++) {
		const struct sweep_point *p = &pt[i];

		fmt_mreads(thr, sizeof(thr), p);
		fmt2(hit, sizeof(hit), p->tlb_hits * 100, p->tlb_hits + p->tlb_misses);
		fmt_ns(a, sizeof(a), p->lat_alone, p->alone, p->clock_mhz);
		fmt_ns(s, sizeof(s), p->lat_stream, p->reads, p->clock_mhz);
		fprintf(f, "| %u | %u | %s | %s%% | %s | %s |\n", p->pages, p->pages * 4, thr, hit,
			a, s);
	}
	fmt2(r, sizeof(r), pt[0].reads * pt[n - 1].span, pt[n - 1].reads * pt[0].span);
	fmt_mreads(thr, sizeof(thr), &pt[0]);
	fmt_mreads(s, sizeof(s), &pt[n - 1]);
	fprintf(f, "\nthroughput ratio, %u pages to %u pages: %s / %s = %s "
		"(Neugebauer et al. 2018: 54.9 / 19.2 = 2.86)\n", pt[0].pages, pt[n - 1].pages,
		thr, s, r);
}

static void print_json(FILE *f, const struct sweep_opts *o, const struct sweep_point *pt,
		       unsigned n)
{
	char thr[32], a[32], s[32];

	fprintf(f, "{\"profile\":");
	json_str(f, o->profile ? o->profile : "iommu-xeon");
	fprintf(f, ",\"interval\":%u,\"clock_mhz\":%u,\"tags\":%u,\"reads\":%u,\"points\":[",
		pt[0].interval, pt[0].clock_mhz, o->tags, o->reads);
	for (unsigned i = 0; i < n; i++) {
		const struct sweep_point *p = &pt[i];

		fmt_mreads(thr, sizeof(thr), p);
		fmt_ns(a, sizeof(a), p->lat_alone, p->alone, p->clock_mhz);
		fmt_ns(s, sizeof(s), p->lat_stream, p->reads, p->clock_mhz);
		fprintf(f, "%s{\"pages\":%u,\"mreads_per_s\":%s,\"span_cycles\":%llu,"
			"\"tlb_hits\":%llu,\"tlb_misses\":%llu,\"latency_ns_alone\":%s,"
			"\"latency_ns_streaming\":%s}", i ? "," : "", p->pages, thr,
			(unsigned long long)p->span, (unsigned long long)p->tlb_hits,
			(unsigned long long)p->tlb_misses, a, s);
	}
	fprintf(f, "]}\n");
}

static int write_svgs(const char *prefix, const struct sweep_opts *o,
		      const struct sweep_point *pt, unsigned n)
{
	double x[64], thr[64], alone[64];
	char path[512], title[160];
	struct svg_series st = { "throughput (M reads/s)", x, thr, n, "#1f77b4" };
	struct svg_series sl = { "latency, one read at a time (ns)", x, alone, n, "#d62728" };
	struct svg_chart ct = { title, "window (4 KiB pages, log scale)", "M reads/s", &st, 1,
				64, "64-entry TLB reach" };
	struct svg_chart cl = { title, "window (4 KiB pages, log scale)", "ns", &sl, 1,
				64, "64-entry TLB reach" };
	FILE *f;

	snprintf(title, sizeof(title), "64 B DMA reads, profile %s",
		 o->profile ? o->profile : "iommu-xeon");
	for (unsigned i = 0; i < n; i++) {
		x[i] = pt[i].pages;
		thr[i] = (double)(pt[i].reads * pt[i].clock_mhz) / (double)pt[i].span;
		alone[i] = (double)(pt[i].lat_alone * 1000) / (double)(pt[i].alone * pt[i].clock_mhz);
	}
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "%s-%s.svg", prefix, k ? "latency" : "throughput");
		f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "smmuits sweep: cannot write %s\n", path);
			return 2;
		}
		svg_plot(f, k ? &cl : &ct);
		fclose(f);
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: smmuits sweep [--profile NAME|FILE] [--platform NAME|FILE] [--reads N]\n"
		"                     [--interval CYCLES] [--tags N] [--pages N,N,...] [--seed N]\n"
		"                     [--json] [--svg PREFIX]\n"
		"Streams 64 B DMA reads at random over windows of growing size and prints\n"
		"throughput and mean latency per window (docs/timing.md \"Sweep\").\n"
		"Defaults: profile iommu-xeon, 20000 reads, the profile's dev_interval,\n"
		"32 tags, pages 1,2,4,...,16384.  --svg writes PREFIX-throughput.svg and\n"
		"PREFIX-latency.svg.\n");
	return 2;
}

static int parse_u(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!s || !*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 0);
	return *end || *out > max ? -1 : 0;
}

static int parse_pages(const char *s, unsigned *pages, unsigned *n)
{
	*n = 0;
	while (*s) {
		char item[32];
		size_t len = strcspn(s, ",");
		unsigned long long v;

		if (len == 0 || len >= sizeof(item) || *n >= 64)
			return -1;
		memcpy(item, s, len);
		item[len] = 0;
		if (parse_u(item, SWEEP_MAX_PAGES, &v) || v == 0)
			return -1;
		pages[(*n)++] = (unsigned)v;
		s += len + (s[len] == ',');
	}
	return *n ? 0 : -1;
}

int sweep_main(int argc, char **argv)
{
	struct sweep_opts o = { .reads = 20000, .tags = 32, .seed = 1 };
	unsigned pages[64], n = sizeof(default_pages) / sizeof(default_pages[0]);
	const char *svg = NULL;
	struct sweep_point pt[64];
	bool json = false;
	int rc = 0;

	memcpy(pages, default_pages, sizeof(default_pages));
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long long u;

		if (!strcmp(a, "--json")) {
			json = true;
			continue;
		}
		if (!v)
			return usage();
		i++;
		if (!strcmp(a, "--profile"))
			o.profile = v;
		else if (!strcmp(a, "--platform"))
			o.platform = v;
		else if (!strcmp(a, "--svg"))
			svg = v;
		else if (!strcmp(a, "--reads") && !parse_u(v, 1u << 24, &u) && u)
			o.reads = (unsigned)u;
		else if (!strcmp(a, "--interval") && !parse_u(v, 100000, &u))
			o.interval = (unsigned)u;
		else if (!strcmp(a, "--tags") && !parse_u(v, SWEEP_TAGS_MAX, &u) && u)
			o.tags = (unsigned)u;
		else if (!strcmp(a, "--seed") && !parse_u(v, UINT64_MAX, &u) && u)
			o.seed = u;
		else if (!strcmp(a, "--pages") && !parse_pages(v, pages, &n))
			continue;
		else
			return usage();
	}
	for (unsigned i = 0; i < n; i++) {
		struct sm_err err = { 0 };

		if (sweep_window(&o, pages[i], &pt[i], &err)) {
			fprintf(stderr, "smmuits sweep: %u pages: %s\n", pages[i], err.msg);
			return 2;
		}
	}
	if (json)
		print_json(stdout, &o, pt, n);
	else
		print_text(stdout, &o, pt, n);
	if (svg)
		rc = write_svgs(svg, &o, pt, n);
	return rc;
}

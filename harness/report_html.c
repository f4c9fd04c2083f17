/* SPDX-License-Identifier: MIT */
/*
 * The report page.  Everything is inline: CSS, the SVG charts (drawn by
 * harness/svgplot.c) and a short script that shows the selected
 * transaction.  Each transaction's details and walk diagram are drawn
 * here, in C, into a <template>; the script only copies the selected one
 * into the detail panel, so the page works the same in every browser and
 * the drawing code is tested without one.
 */
#include "harness/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/replay.h"
#include "harness/report_walk.h"
#include "harness/svgplot.h"

static const struct {
	const char *outcome, *color;
} colors[] = {
	{ "translated", "#2a9d2a" }, { "bypass", "#3778c2" }, { "abort", "#7f7f7f" },
	{ "fault", "#d33" }, { "lpi", "#8e44ad" }, { "its-drop", "#e67e22" },
	{ "mem", "#16a0a0" }, { "unsupported", "#444" }, { "bus-error", "#a0522d" },
	{ "error", "#000" },
};

#define NCOLORS (sizeof(colors) / sizeof(colors[0]))

const char *report_outcome_color(const char *outcome)
{
	for (size_t i = 0; outcome && i < NCOLORS; i++)
		if (!strcmp(outcome, colors[i].outcome))
			return colors[i].color;
	return "#999";
}

static void esc(FILE *f, const char *s)
{
	svg_text(f, s);
}

static void td_str(FILE *f, const char *s)
{
	fprintf(f, "<td>");
	esc(f, s ? s : "");
	fprintf(f, "</td>");
}

static void td_u64(FILE *f, uint64_t v)
{
	fprintf(f, "<td class=\"num\">%llu</td>", (unsigned long long)v);
}

static bool ok_outcome(const char *o)
{
	return !strcmp(o, "translated") || !strcmp(o, "bypass") || !strcmp(o, "lpi") ||
	       !strcmp(o, "mem");
}

static const char css[] =
	"body{font-family:sans-serif;margin:0;color:#222}"
	"header{background:#1f3a5f;color:#fff;padding:12px 20px}header h1{margin:0;font-size:22px}"
	".page{display:flex;align-items:flex-start;gap:16px;padding:0 16px}"
	"main{flex:1;min-width:0}main svg,aside svg{max-width:100%;height:auto}"
	"aside{position:sticky;top:0;flex:0 0 46%;max-height:100vh;"
	"overflow:auto;border-left:2px solid #ccc;padding:0 12px;background:#fafafa}"
	"section.file{border-bottom:1px solid #ccc;padding-bottom:12px}"
	"table{border-collapse:collapse;font-size:13px;margin:6px 0}"
	"td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}td.num{text-align:right}"
	"th{background:#eee}tr.txn{cursor:pointer}tr.txn:hover{background:#eef4ff}"
	"tr.sel,rect.sel{outline:2px solid #000}rect.sel{stroke:#000;stroke-width:2}"
	"rect.txn{cursor:pointer}.fail{color:#d33;font-weight:bold}.okc{color:#2a9d2a}"
	".legend span{display:inline-block;margin-right:12px}"
	".legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}"
	".note{color:#555;font-size:13px}code{font-size:12px}"
	"table.explain td{vertical-align:top}table.explain .xf{color:#555;font-size:11px;"
	"overflow-wrap:anywhere}";

/* Show the selected transaction; the first one, or #t-N from the address. */
static const char script[] =
	"(function(){\n"
	"var body=document.getElementById('detail-body');\n"
	"function show(id){\n"
	" var t=document.getElementById('t-'+id);\n"
	" if(!t)return false;\n"
	" body.textContent='';\n"
	" body.appendChild(t.content.cloneNode(true));\n"
	" body.setAttribute('data-selected',id);\n"
	" document.querySelectorAll('.txn.sel').forEach(function(e){e.classList.remove('sel');});\n"
	" document.querySelectorAll('.txn[data-id=\"'+id+'\"]').forEach(function(e){"
	"e.classList.add('sel');});\n"
	" return true;\n"
	"}\n"
	"document.addEventListener('click',function(ev){\n"
	" var e=ev.target.closest?ev.target.closest('.txn'):null;\n"
	" if(e&&show(e.getAttribute('data-id')))history.replaceState(null,'','#t-'+"
	"e.getAttribute('data-id'));\n"
	"});\n"
	"var m=/^#t-([0-9]+)$/.exec(location.hash);\n"
	"if(!(m&&show(m[1]))){var f=document.querySelector('template[id^=\"t-\"]');"
	"if(f)show(f.id.slice(2));}\n"
	"})();\n";

static void legend(FILE *f)
{
	fprintf(f, "<p class=\"legend\">");
	for (size_t i = 0; i < NCOLORS; i++)
		fprintf(f, "<span><i style=\"background:%s\"></i>%s</span>", colors[i].color,
			colors[i].outcome);
	fprintf(f, "</p>\n");
}

static void txn_tip(char *buf, size_t cap, const struct report_file *fl, const struct report_txn *t)
{
	snprintf(buf, cap, "%s:%u: %s -> %s, %llu cycles (%llu to %llu)", fl->name, t->line,
		 t->step, t->outcome, (unsigned long long)t->cycles, (unsigned long long)t->issue,
		 (unsigned long long)t->done);
}

static void timeline(FILE *f, const struct report *rp, const struct report_file *fl)
{
	struct svg_span *sp = calloc(fl->ntxn ? fl->ntxn : 1, sizeof(*sp));
	char (*tips)[512] = calloc(fl->ntxn ? fl->ntxn : 1, sizeof(*tips));
	unsigned n = 0;

	if (!sp || !tips) {
		fprintf(f, "<p class=\"note\">(out of memory drawing the timeline)</p>\n");
		free(sp), free(tips);
		return;
	}
	for (size_t i = fl->first_txn; i < fl->first_txn + fl->ntxn && n < REPORT_MAX_TIMELINE; i++) {
		const struct report_txn *t = &rp->txns[i];

		if (!t->has_time)
			continue;
		txn_tip(tips[n], sizeof(tips[n]), fl, t);
		sp[n] = (struct svg_span){ .start = (double)t->issue, .end = (double)t->done,
			.color = report_outcome_color(t->outcome), .tip = tips[n],
			.mark = { "txn", (long)i } };
		n++;
	}
	if (n) {
		struct svg_timeline tl = { .title = "Transactions: issue to completion",
			.xlabel = "cycle", .spans = sp, .n = n, .width = 760 };

		svg_timeline(f, &tl);
		if (n == REPORT_MAX_TIMELINE && fl->ntxn > n)
			fprintf(f, "<p class=\"note\">The first %u transactions are drawn.</p>\n", n);
	} else {
		fprintf(f, "<p class=\"note\">No issued transactions.</p>\n");
	}
	free(sp), free(tips);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* A round bin width, 1, 2 or 5 times a power of ten, giving at most about 12 bins. */
static uint64_t bin_width(uint64_t span)
{
	uint64_t w = 1;

	for (;;) {
		static const unsigned m[] = { 1, 2, 5 };

		for (int i = 0; i < 3; i++)
			if (span / (w * m[i]) < 12)
				return w * m[i];
		if (w > UINT64_MAX / 100)
			return UINT64_MAX / 10;
		w *= 10;
	}
}

/* The histogram and a latency summary of the file's issued transactions. */
static void latency(FILE *f, const struct report *rp, const struct report_file *fl)
{
	uint64_t *v = malloc((fl->ntxn ? fl->ntxn : 1) * sizeof(*v)), w, lo;
	size_t n = 0, nb;
	struct svg_bar bars[16];
	char labels[16][48], tips[16][64];
	long double sum = 0;

	if (!v) {
		fprintf(f, "<p class=\"note\">(out of memory drawing the histogram)</p>\n");
		return;
	}
	for (size_t i = fl->first_txn; i < fl->first_txn + fl->ntxn; i++)
		if (rp->txns[i].has_time)
			v[n++] = rp->txns[i].cycles;
	if (!n) {
		free(v);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < n; i++)
		sum += (long double)v[i];
	fprintf(f, "<table><tr><th>transactions</th><th>min</th><th>mean</th><th>p50</th>"
		"<th>p99</th><th>max</th></tr><tr>");
	td_u64(f, n);
	td_u64(f, v[0]);
	fprintf(f, "<td class=\"num\">%.2Lf</td>", sum / n);
	td_u64(f, replay_percentile(v, n, 50));
	td_u64(f, replay_percentile(v, n, 99));
	td_u64(f, v[n - 1]);
	fprintf(f, "</tr></table>\n");
	w = bin_width(v[n - 1] - v[0]);
	lo = v[0] / w * w;
	nb = (size_t)((v[n - 1] - lo) / w + 1);
	if (nb > 16)
		nb = 16;
	memset(bars, 0, sizeof(bars));
	for (size_t b = 0; b < nb; b++) {
		uint64_t a = lo + b * w;

		snprintf(labels[b], sizeof(labels[b]), "%llu", (unsigned long long)a);
		bars[b] = (struct svg_bar){ .label = labels[b], .color = "#3778c2", .tip = tips[b] };
	}
	for (size_t i = 0; i < n; i++) {
		size_t b = (size_t)((v[i] - lo) / w);

		bars[b < nb ? b : nb - 1].value++;
	}
	for (size_t b = 0; b < nb; b++)
		snprintf(tips[b], sizeof(tips[b]), "%.0f transactions of %llu to %llu cycles",
			 bars[b].value, (unsigned long long)(lo + b * w),
			 (unsigned long long)(lo + (b + 1) * w - 1));
	struct svg_bar_chart c = { .title = "Latency histogram (bins labelled by their first cycle count)",
		.ylabel = "transactions", .bars = bars, .n = (unsigned)nb, .unit = "", .width = 760,
		.height = 260 };
	svg_bars(f, &c);
	free(v);
}

static void per_sid(FILE *f, const struct report *rp, const struct report_file *fl)
{
	/* sorted StreamIDs: an insertion sort over the file's transactions (small) */
	size_t n = 0;
	uint32_t *sids = malloc((fl->ntxn ? fl->ntxn : 1) * sizeof(*sids));

	if (!sids)
		return;
	for (size_t i = fl->first_txn; i < fl->first_txn + fl->ntxn; i++) {
		const struct report_txn *t = &rp->txns[i];
		size_t j;

		if (!t->parsed)
			continue;
		for (j = 0; j < n && sids[j] < t->sid; j++)
			;
		if (j < n && sids[j] == t->sid)
			continue;
		memmove(&sids[j + 1], &sids[j], (n - j) * sizeof(*sids));
		sids[j] = t->sid;
		n++;
	}
	fprintf(f, "<table class=\"sids\"><tr><th>StreamID</th><th>transactions</th>");
	for (size_t c = 0; c < NCOLORS; c++)
		fprintf(f, "<th>%s</th>", colors[c].outcome);
	fprintf(f, "<th>mean cycles</th><th>max cycles</th></tr>\n");
	for (size_t s = 0; s < n; s++) {
		uint64_t cnt[NCOLORS] = { 0 }, total = 0, max = 0, timed = 0;
		long double sum = 0;

		for (size_t i = fl->first_txn; i < fl->first_txn + fl->ntxn; i++) {
			const struct report_txn *t = &rp->txns[i];

			if (!t->parsed || t->sid != sids[s])
				continue;
			total++;
			for (size_t c = 0; c < NCOLORS; c++)
				cnt[c] += !strcmp(t->outcome, colors[c].outcome);
			if (t->has_time) {
				timed++;
				sum += (long double)t->cycles;
				max = t->cycles > max ? t->cycles : max;
			}
		}
		fprintf(f, "<tr><td>0x%x</td>", sids[s]);
		td_u64(f, total);
		for (size_t c = 0; c < NCOLORS; c++)
			td_u64(f, cnt[c]);
		if (timed)
			fprintf(f, "<td class=\"num\">%.2Lf</td>", sum / timed);
		else
			fprintf(f, "<td>-</td>");
		td_u64(f, max);
		fprintf(f, "</tr>\n");
	}
	fprintf(f, "</table>\n");
	free(sids);
}

static const struct {
	const char *label, *obj, *hits, *misses;
} caches[] = {
	{ "SMMU config cache", "smmu", "cfg_cache_hits", "cfg_cache_misses" },
	{ "SMMU micro-TLB", "smmu", "utlb_hits", "utlb_misses" },
	{ "SMMU TLB", "smmu", "tlb_hits", "tlb_misses" },
	{ "SMMU walk cache", "smmu", "walk_cache_hits", "walk_cache_misses" },
	{ "ITS caches", "its", "cache_hits", "cache_misses" },
	{ "GICR LPI config cache", "gicr", "cfg_cache_hits", "cfg_cache_misses" },
};

#define NCACHES (sizeof(caches) / sizeof(caches[0]))

static void hit_rates(FILE *f, const struct report_file *fl)
{
	struct svg_bar bars[NCACHES];
	char tips[NCACHES][96];
	unsigned n = 0;

	if (!fl->stats) {
		fprintf(f, "<p class=\"note\">No statistics in the input: run "
			"<code>smmuits replay --json --stats</code> to get cache hit rates.</p>\n");
		return;
	}
	fprintf(f, "<table class=\"caches\"><tr><th>cache</th><th>hits</th><th>misses</th>"
		"<th>hit rate</th></tr>\n");
	for (size_t c = 0; c < NCACHES; c++) {
		const struct jr_value *o = jr_get(fl->stats, caches[c].obj);
		uint64_t h, m;

		if (!jr_get_u64(o, caches[c].hits, &h) || !jr_get_u64(o, caches[c].misses, &m))
			continue; /* null: no ITS on this platform */
		fprintf(f, "<tr><td>%s</td>", caches[c].label);
		td_u64(f, h);
		td_u64(f, m);
		if (h + m < h || !(h + m)) {
			fprintf(f, "<td>-</td></tr>\n");
			continue;
		}
		/* two decimals, rounded half up, as replay --stats prints them */
		double rate = floor((double)h * 10000 / (double)(h + m) + 0.5) / 100;

		fprintf(f, "<td class=\"num\">%.2f%%</td></tr>\n", rate);
		snprintf(tips[n], sizeof(tips[n]), "%s: %llu hits, %llu misses", caches[c].label,
			 (unsigned long long)h, (unsigned long long)m);
		bars[n] = (struct svg_bar){ .label = caches[c].label, .value = rate,
			.color = "#2a9d2a", .tip = tips[n] };
		n++;
	}
	fprintf(f, "</table>\n");
	if (n) {
		struct svg_bar_chart c = { .title = "Cache hit rates", .ylabel = "hit rate (%)",
			.bars = bars, .n = n, .ymax = 100, .unit = "%", .width = 760, .height = 260 };

		svg_bars(f, &c);
	}
}

static void txn_row(FILE *f, const struct report_txn *t, size_t id, bool fault_cols)
{
	fprintf(f, "<tr class=\"txn\" data-id=\"%zu\"><td>%u</td>", id, t->line);
	if (t->parsed)
		fprintf(f, "<td>0x%x</td><td>0x%llx</td>", t->sid, (unsigned long long)t->iova);
	else
		fprintf(f, "<td>?</td><td>?</td>");
	fprintf(f, "<td><i style=\"display:inline-block;width:10px;height:10px;background:%s\">"
		"</i> ", report_outcome_color(t->outcome));
	esc(f, t->outcome);
	fprintf(f, "</td>");
	if (fault_cols) {
		td_str(f, t->fault);
		td_str(f, t->event);
		td_str(f, t->why);
	} else {
		td_str(f, t->step);
		if (t->has_time) {
			td_u64(f, t->issue);
			td_u64(f, t->done);
		} else {
			fprintf(f, "<td>-</td><td>-</td>");
		}
		td_u64(f, t->cycles);
	}
	fprintf(f, "<td>%s</td></tr>\n", t->pass ? "ok" : "<span class=\"fail\">FAIL</span>");
}

static void fault_table(FILE *f, const struct report *rp, size_t fi)
{
	const struct report_file *fl = &rp->files[fi];
	unsigned n = 0;

	for (size_t i = fl->first_txn; i < fl->first_txn + fl->ntxn; i++) {
		if (ok_outcome(rp->txns[i].outcome))
			continue;
		if (!n++)
			fprintf(f, "<table class=\"faults\"><tr><th>line</th><th>sid</th><th>iova</th>"
				"<th>outcome</th><th>fault / reason</th><th>event</th><th>rule</th>"
				"<th>check</th></tr>\n");
		txn_row(f, &rp->txns[i], i, true);
	}
	if (n)
		fprintf(f, "</table>\n");
	else
		fprintf(f, "<p class=\"note\">No transaction faulted, aborted or was dropped.</p>\n");
	n = 0;
	for (size_t i = 0; i < rp->nfailed; i++) {
		const struct report_failed *x = &rp->failed[i];

		if (x->file != fi)
			continue;
		if (!n++)
			fprintf(f, "<h3>Other failed steps</h3><table class=\"failed\"><tr><th>line</th>"
				"<th>step</th><th>result</th><th>why</th></tr>\n");
		fprintf(f, "<tr><td>%u</td>", x->line);
		td_str(f, x->step);
		td_str(f, x->result);
		td_str(f, x->why);
		fprintf(f, "</tr>\n");
	}
	if (n)
		fprintf(f, "</table>\n");
}

static void file_section(FILE *f, const struct report *rp, size_t fi)
{
	const struct report_file *fl = &rp->files[fi];

	fprintf(f, "<section class=\"file\" id=\"file-%zu\"><h2>", fi);
	esc(f, fl->name);
	if (fl->summary)
		fprintf(f, " <span class=\"%s\">%u passed, %u failed%s</span>",
			fl->failed || fl->malformed ? "fail" : "okc", fl->passed, fl->failed,
			fl->malformed ? ", malformed" : "");
	fprintf(f, "</h2>\n<p>%u steps, %zu transactions.</p>\n", fl->steps, fl->ntxn);
	fprintf(f, "<h3>Timeline</h3>\n");
	timeline(f, rp, fl);
	fprintf(f, "<h3>Latency</h3>\n");
	latency(f, rp, fl);
	fprintf(f, "<h3>Per StreamID</h3>\n");
	per_sid(f, rp, fl);
	fprintf(f, "<h3>Cache hit rates</h3>\n");
	hit_rates(f, fl);
	fprintf(f, "<h3>Faults</h3>\n");
	fault_table(f, rp, fi);
	fprintf(f, "<h3>Transactions</h3>\n");
	if (fl->ntxn) {
		fprintf(f, "<table class=\"txns\"><tr><th>line</th><th>sid</th><th>iova</th>"
			"<th>outcome</th><th>step</th><th>issue</th><th>done</th><th>cycles</th>"
			"<th>check</th></tr>\n");
		for (size_t i = fl->first_txn; i < fl->first_txn + fl->ntxn; i++)
			txn_row(f, &rp->txns[i], i, false);
		fprintf(f, "</table>\n");
	}
	fprintf(f, "</section>\n");
}

static void detail_row(FILE *f, const char *k, const char *v)
{
	fprintf(f, "<tr><th>%s</th>", k);
	td_str(f, v);
	fprintf(f, "</tr>");
}

/* One transaction's details and walk, for the script to show. */
static void detail(FILE *f, const struct report *rp, size_t i)
{
	const struct report_txn *t = &rp->txns[i];
	struct walk_view w;
	char buf[96];

	fprintf(f, "<template id=\"t-%zu\"><h3>", i);
	esc(f, rp->files[t->file].name);
	fprintf(f, ":%u</h3><table class=\"detail\">", t->line);
	detail_row(f, "step", t->step);
	detail_row(f, "outcome", t->outcome);
	detail_row(f, "result", t->result);
	detail_row(f, "rule", t->why);
	if (t->fault) {
		detail_row(f, "fault / reason", t->fault);
		detail_row(f, "event", t->event);
	}
	if (t->has_time) {
		snprintf(buf, sizeof(buf), "%llu cycles, issued @%llu, done @%llu",
			 (unsigned long long)t->cycles, (unsigned long long)t->issue,
			 (unsigned long long)t->done);
		detail_row(f, "timing", buf);
	}
	detail_row(f, "check", t->pass ? "passed" : "FAILED");
	fprintf(f, "</table>\n");
	walk_from_txn(t, &w);
	walk_svg(f, &w);
	if (w.kind == WALK_TABLES && w.assumed)
		fprintf(f, "<p class=\"note\">The index fields come from the IOVA with the granule "
			"and input size that the trace's <code>cd</code>/<code>ste</code> lines asked "
			"for (the driver's 4 KB and 48 bits unless they said otherwise). RUN.json does "
			"not record the table addresses, the descriptors, whether the leaf was a block, "
			"or at which level a fault happened: run <code>smmuits replay --json "
			"--explain</code> for them (docs/report.md).</p>\n");
	if (w.skipped)
		fprintf(f, "<p class=\"note fail\">%u step(s) of this transaction's explanation "
			"could not be read; the diagram shows what the others said.</p>\n", w.skipped);
	if (t->explain) {
		fprintf(f, "<h4>What the model did (replay --explain)</h4>\n");
		walk_explain_steps(f, t->explain);
	}
	fprintf(f, "</template>\n");
}

int report_html(FILE *f, const struct report *rp, const char *title)
{
	unsigned passed = 0, failed = 0;

	for (size_t i = 0; i < rp->nfiles; i++)
		passed += rp->files[i].passed, failed += rp->files[i].failed;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<title>smmuits report: ");
	esc(f, title);
	fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n<header><h1>smmuits report</h1>"
		"<p>", css);
	esc(f, title);
	fprintf(f, ": %zu files, %u steps passed, %u failed, %zu transactions.</p></header>\n",
		rp->nfiles, passed, failed, rp->ntxns);
	fprintf(f, "<div class=\"page\"><main>\n");
	legend(f);
	if (rp->ndiags) {
		fprintf(f, "<h2>Replayer errors</h2><pre class=\"diags\">");
		for (size_t i = 0; i < rp->ndiags; i++) {
			esc(f, rp->diags[i]);
			fputc('\n', f);
		}
		fprintf(f, "</pre>\n");
	}
	for (size_t i = 0; i < rp->nfiles; i++)
		file_section(f, rp, i);
	fprintf(f, "</main>\n<aside id=\"detail\"><h2>Selected transaction</h2>"
		"<div id=\"detail-body\"><p class=\"note\">Click a bar of a timeline or a row of a "
		"table.</p></div>");
	if (rp->ntxns > REPORT_MAX_DETAIL)
		fprintf(f, "<p class=\"note\">Details are kept for the first %u transactions.</p>",
			REPORT_MAX_DETAIL);
	fprintf(f, "</aside></div>\n");
	for (size_t i = 0; i < rp->ntxns && i < REPORT_MAX_DETAIL; i++)
		detail(f, rp, i);
	fprintf(f, "<script>\n%s</script>\n</body></html>\n", script);
	return ferror(f) ? SM_EIO : SM_OK;
}

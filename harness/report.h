/* SPDX-License-Identifier: MIT */
/*
 * smmuits report RUN.json -o report.html
 *
 * RUN.json is what `smmuits replay --json [--stats] [--explain] FILE...`
 * printed: one JSON object a line (docs/trace-format.md "In JSON"); with
 * --explain each transaction's step is followed by its explanation
 * (docs/explain.md), which fills the walk diagram (harness/report_explain.c).
 * report_load reads it into files and transactions; report_html writes one self-contained
 * page (no network: inline SVG, CSS and a little script) with a timeline,
 * a latency histogram, per-StreamID counts, cache hit rates, faults, and
 * for each transaction a diagram of its walk (harness/report_walk.h).
 *
 * Bad input (not JSON, a step without its fields, a number that does not
 * fit) is an error naming the input line; nothing is written then.
 */
#ifndef SMMUITS_REPORT_H
#define SMMUITS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/json_read.h"
#include "model/err.h"

/* Past these, a file's timeline and the page's walk diagrams are cut (the page says so). */
#define REPORT_MAX_TIMELINE 1000u
#define REPORT_MAX_DETAIL   2000u
/* Longest input line read (a step's log field is at most a few KiB). */
#define REPORT_MAX_LINE     (1u << 20)

enum report_cfg { RCFG_UNKNOWN, RCFG_ABORT, RCFG_BYPASS, RCFG_S1, RCFG_S2, RCFG_NESTED };

/*
 * What the file's earlier driver lines (`ste`, `cd`) said about a stream,
 * as written in the trace: enough to split an IOVA into table indices.
 * Granules are log2 bytes (12, 14, 16); 0 means the line did not say and
 * the driver's default applies (docs/driver.md).
 */
struct report_ctx {
	enum report_cfg cfg;
	unsigned s1_granule, s1_ias;
	unsigned s2_granule, s2_ias;
};

struct report_txn {
	unsigned file;           /* index in report.files */
	unsigned line;           /* in the trace */
	char *step, *outcome, *result, *why, *fault, *event; /* fault/event: NULL when absent */
	bool pass;
	bool has_pa, has_time;   /* has_time: issued (the replayer gave issue and done) */
	uint64_t pa;
	uint64_t issue, done, cycles;
	/* from the step text (a dma or msi line); valid when parsed */
	bool parsed, msi, write, has_ssid;
	uint32_t sid, ssid;
	uint64_t iova, data;
	unsigned size;
	struct report_ctx ctx;
	/*
	 * What the model recorded for it (`replay --json --explain`): the
	 * "explain" array of steps, owned here, or NULL.  Kept for the first
	 * REPORT_MAX_DETAIL transactions only (the others get no diagram).
	 */
	struct jr_value *explain;
};

/* A step that failed and is not a transaction (a read, an expect-event...). */
struct report_failed {
	unsigned file, line;
	char *step, *result, *why;
};

struct report_stream {
	uint32_t sid, ssid;
	bool is_cd;              /* a cd line (ssid matters) rather than an ste line */
	struct report_ctx ctx;
};

struct report_file {
	char *name;
	bool summary, malformed; /* the file's summary object was seen */
	unsigned passed, failed, steps;
	struct jr_value *stats;  /* the "stats" member of the file's last object, or NULL */
	size_t first_txn, ntxn;  /* its transactions in report.txns */
	struct report_stream *streams; /* set-up lines seen so far (while loading) */
	size_t nstreams, streams_cap;
};

struct report {
	struct report_file *files;
	size_t nfiles, files_cap;
	struct report_txn *txns;
	size_t ntxns, txns_cap;
	struct report_failed *failed;
	size_t nfailed, failed_cap;
	char **diags;            /* replayer error lines ("F:L: error: ...") passed through */
	size_t ndiags, diags_cap;
};

/*
 * Read RUN.json text (len bytes; name is used in messages: "NAME:LINE: ...").
 * On error returns SM_EINVAL/SM_ENOMEM with the message in err and *rp is
 * freed.
 */
int report_load(struct report *rp, const char *text, size_t len, const char *name,
		struct sm_err *err);
void report_free(struct report *rp);

/* The page.  title names the input.  Returns SM_OK, or SM_EIO when writing failed. */
int report_html(FILE *f, const struct report *rp, const char *title);

/* The outcome's colour on every chart (CSS); unknown outcomes are grey. */
const char *report_outcome_color(const char *outcome);

/* `smmuits report RUN.json -o OUT.html`: 0 written, 2 bad input or command line. */
int report_main(int argc, char **argv);

#endif

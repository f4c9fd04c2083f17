/* SPDX-License-Identifier: MIT */
/*
 * Trace replay: parse a whole trace, refuse it if any line is malformed,
 * otherwise build a system for its platform and execute it step by step,
 * printing one result line per step (or one JSON object with --json).
 */
#ifndef SMMUITS_REPLAY_H
#define SMMUITS_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct replay_opts {
	bool json;
	bool quiet;            /* print failures and the summary only */
	bool stats;            /* after each file, its statistics (a block, or a JSON object) */
	const char *platform;  /* overrides the trace's platform line */
	const char *profile;   /* latency profile, name or file (NULL: "default") */
	FILE *out;
	/* After each dma/msi step (NULL: none): harness/multiplat.c collects outcomes by platform. */
	void (*on_txn)(void *ctx, unsigned line, const char *src, bool pass, const char *what);
	void *on_txn_ctx;
	/*
	 * docs/explain.md: after every dma/msi step (explain) or the one on
	 * explain_line, the steps the model took, to explain_out (NULL: out),
	 * as JSON with json_explain.
	 */
	bool explain;
	unsigned explain_line;
	bool json_explain;
	FILE *explain_out;
};

struct replay_result {
	unsigned passed;
	unsigned failed;
	bool malformed;        /* syntax errors or an unusable platform: nothing ran */
	unsigned explained;    /* transactions explained */
};

/*
 * The p-th percentile (0 < p <= 100) of n >= 1 sorted values by the nearest-rank
 * rule: the smallest value with at least p% of the values at or below it,
 * sorted[ceil(p * n / 100) - 1].  Exact, no interpolation.
 */
uint64_t replay_percentile(const uint64_t *sorted, size_t n, unsigned p);

/* Replay text (len bytes, need not be NUL-terminated); name is used in messages. */
void replay_text(const char *text, size_t len, const char *name,
		 const struct replay_opts *opts, struct replay_result *res);
/* Read and replay a file; an unreadable file counts as malformed. */
void replay_file(const char *path, const struct replay_opts *opts, struct replay_result *res);

#endif

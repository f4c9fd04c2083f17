/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer / AFL++ entry: fuzz_trace.  Any bytes are a trace file: the parser
 * reports what is malformed, a well-formed trace replays on a fresh model.
 * Crashes, hangs, leaks and sanitizer reports are the findings.
 */
#include <stdio.h>

#include "harness/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct replay_opts o = { .quiet = false };
	struct replay_result r;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink)
		return 0;
	o.out = sink;
	o.stats = size & 1; /* half the inputs also exercise the statistics block */
	replay_text((const char *)data, size, "fuzz.trace", &o, &r);
	return 0;
}

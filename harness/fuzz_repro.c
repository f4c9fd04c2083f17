/* SPDX-License-Identifier: MIT */
/*
 * smmuits fuzz-repro INPUT [--target NAME] [-o FILE]: a fuzzer input as a
 * readable trace v1 file.  For fuzz_trace the input is already a trace.  For
 * the structured targets the same decoder the fuzzer ran drives a fresh model
 * with a sink that also prints every action as a trace line; a transaction
 * the oracle rejects carries the reference's expectation, so replaying the
 * file fails at that line until the model is fixed.
 */
#include "harness/fuzz_repro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/fuzz/fuzz_targets.h"

static const struct {
	const char *name;
	void (*run)(struct fz_sink *s, const uint8_t *data, size_t size);
} repro_targets[] = {
	{ "dma_bypass", fz_dma_bypass_run },
	{ "its", fz_its_run },
	{ "mmio", fz_mmio_run },
};

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	uint8_t *buf = NULL;

	if (!f)
		return NULL;
	for (;;) {
		uint8_t *p = realloc(buf, cap);

		if (!p) {
			free(buf);
			fclose(f);
			return NULL;
		}
		buf = p;
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int usage(void)
{
	fprintf(stderr, "usage: smmuits fuzz-repro INPUT [--target trace|dma_bypass|its|mmio] "
			"[-o OUT.trace]\n");
	return 2;
}

int fuzz_repro_main(int argc, char **argv)
{
	const char *input = NULL, *target = "dma_bypass", *outpath = NULL;
	struct smmuits_config cfg = { .platform = FZ_PLATFORM };
	struct fz_sink sink = { 0 };
	struct smmuits *sys;
	char err[256];
	uint8_t *data;
	size_t len = 0;
	FILE *out = stdout;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--target") && i + 1 < argc)
			target = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			outpath = argv[++i];
		else if (argv[i][0] == '-' || input)
			return usage();
		else
			input = argv[i];
	}
	if (!strncmp(target, "fuzz_", 5))
		target += 5;
	if (!input)
		return usage();
	data = slurp(input, &len);
	if (!data) {
		fprintf(stderr, "smmuits: cannot read %s\n", input);
		return 2;
	}
	if (outpath && !(out = fopen(outpath, "w"))) {
		fprintf(stderr, "smmuits: cannot write %s\n", outpath);
		free(data);
		return 2;
	}
	int rc = 2;
	if (!strcmp(target, "trace")) {
		/* The input is the trace; `smmuits replay` says whether it parses. */
		rc = fwrite(data, 1, len, out) == len ? 0 : 2;
		goto done;
	}
	for (size_t i = 0; i < sizeof(repro_targets) / sizeof(repro_targets[0]); i++) {
		if (strcmp(target, repro_targets[i].name))
			continue;
		if (smmuits_create(&cfg, &sys, err, sizeof(err))) {
			fprintf(stderr, "smmuits: %s\n", err);
			goto done;
		}
		fprintf(out, "# focus: fuzz_%s input %s, decoded by smmuits fuzz-repro\n", target, input);
		fprintf(out, "platform %s\n", FZ_PLATFORM);
		fz_sink_begin(&sink, sys, out);
		sink.keep_going = true;
		repro_targets[i].run(&sink, data, len);
		fprintf(out, "# end of input: %u oracle violation(s)\n", sink.violations);
		rc = sink.violations ? 1 : 0;
		fz_sink_free(&sink);
		smmuits_destroy(sys);
		goto done;
	}
	fprintf(stderr, "smmuits: unknown fuzz target '%s'\n", target);
done:
	if (out != stdout)
		fclose(out);
	free(data);
	return rc;
}

/* SPDX-License-Identifier: MIT */
/*
 * docs/explain.md: text and JSON for the steps the model recorded, and the
 * explain command, which replays a trace quietly and explains one line.
 */
#include <stdlib.h>
#include <string.h>

#include "harness/explain.h"
#include "harness/json.h"
#include "harness/replay.h"
#include "smmuits.h"

#define WRAP 100

static void print_text(FILE *f, const struct smmuits *sys, const char *file, unsigned line,
		       const char *src)
{
	struct smmuits_explain_step st;
	uint64_t total = 0;

	fprintf(f, "explain %s:%u: %s\n", file, line, src);
	for (size_t i = 0; smmuits_explain_step(sys, i, &st); i++) {
		unsigned ind = 2 + 4 * st.depth, col;

		total += st.cycles;
		fprintf(f, "%*s%-8s %s", (int)ind, "", st.stage, st.what);
		if (st.cycles)
			fprintf(f, " [+%llu cycles]", (unsigned long long)st.cycles);
		if (st.spec[0])
			fprintf(f, " (%s)", st.spec);
		fputc('\n', f);
		col = WRAP;
		for (unsigned k = 0; k < st.nfields; k++) {
			size_t w = strlen(st.fields[k].name) + strlen(st.fields[k].value) + 3;

			if (col + w > WRAP) {
				fprintf(f, "%s%*s", k ? "\n" : "", (int)ind + 9, "");
				col = ind + 9;
			} else {
				fputs(", ", f);
			}
			fprintf(f, "%s=%s", st.fields[k].name, st.fields[k].value);
			col += (unsigned)w;
		}
		if (st.nfields)
			fputc('\n', f);
	}
	fprintf(f, "  total    %llu cycles, the sum of the steps\n", (unsigned long long)total);
}

static void print_json(FILE *f, const struct smmuits *sys, bool bare, const char *file,
		       unsigned line, const char *src)
{
	struct smmuits_explain_step st;

	if (!bare) {
		fprintf(f, "{\"file\":");
		json_str(f, file);
		fprintf(f, ",\"line\":%u,\"step\":", line);
		json_str(f, src);
		fprintf(f, ",\"explain\":");
	}
	fputc('[', f);
	for (size_t i = 0; smmuits_explain_step(sys, i, &st); i++) {
		fprintf(f, "%s{\"stage\":", i ? "," : "");
		json_str(f, st.stage);
		fprintf(f, ",\"what\":");
		json_str(f, st.what);
		fprintf(f, ",\"fields\":{");
		for (unsigned k = 0; k < st.nfields; k++) {
			fprintf(f, "%s", k ? "," : "");
			json_str(f, st.fields[k].name);
			fputc(':', f);
			json_str(f, st.fields[k].value);
		}
		fprintf(f, "},\"spec\":");
		json_str(f, st.spec);
		fprintf(f, ",\"cycles\":%llu,\"depth\":%u}", (unsigned long long)st.cycles, st.depth);
	}
	fprintf(f, "]%s\n", bare ? "" : "}");
}

void explain_print(FILE *f, const struct smmuits *sys, bool json, bool bare, const char *file,
		   unsigned line, const char *src)
{
	if (json)
		print_json(f, sys, bare, file, line, src);
	else
		print_text(f, sys, file, line, src);
}

static int usage(void)
{
	fprintf(stderr, "usage: smmuits explain TRACE --step N|--line N [--json] "
		"[--platform NAME|FILE] [--profile NAME|FILE]\n"
		"Replays TRACE and prints every step the model took for the dma or msi line N\n"
		"(docs/explain.md).  Exit 0: explained; 2: bad usage, a malformed trace, or line N\n"
		"is not a transaction.  Failed expectations are reported on stderr.\n");
	return 2;
}

int explain_main(int argc, char **argv)
{
	struct replay_opts o = { .out = stderr, .quiet = true, .explain_out = stdout };
	struct replay_result r;
	const char *trace = NULL;
	unsigned long line = 0;

	for (int i = 0; i < argc; i++) {
		if ((!strcmp(argv[i], "--step") || !strcmp(argv[i], "--line")) && i + 1 < argc) {
			char *end;

			line = strtoul(argv[++i], &end, 0);
			if (*end || !line || line > 0xffffffffu)
				return usage();
		} else if (!strcmp(argv[i], "--json")) {
			o.json_explain = true;
		} else if (!strcmp(argv[i], "--platform") && i + 1 < argc) {
			o.platform = argv[++i];
		} else if (!strcmp(argv[i], "--profile") && i + 1 < argc) {
			o.profile = argv[++i];
		} else if (argv[i][0] == '-' || trace) {
			return usage();
		} else {
			trace = argv[i];
		}
	}
	if (!trace || !line)
		return usage();
	o.explain_line = (unsigned)line;
	replay_file(trace, &o, &r);
	if (r.malformed)
		return 2;
	if (!r.explained) {
		fprintf(stderr, "smmuits explain: line %lu of %s is not a dma or msi step\n", line,
			trace);
		return 2;
	}
	return 0;
}

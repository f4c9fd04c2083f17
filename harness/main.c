/* SPDX-License-Identifier: MIT */
/*
 * The smmuits command line.
 *   smmuits replay [--json] [--quiet] [--stats] [--platform P[,P2...]] [--profile P] FILE...
 *   smmuits platforms
 *   smmuits platform-show NAME|FILE
 *   smmuits sweep [--profile P] [--json] [--svg PREFIX] ...
 *   smmuits report RUN.json -o REPORT.html
 *   smmuits fuzz-repro INPUT [--target NAME] [-o FILE]
 * Exit status: 0 all steps passed, 1 an expectation failed, 2 a trace was
 * malformed or the command line was wrong.
 */
#include <stdio.h>
#include <string.h>

#include "harness/explain.h"
#include "harness/migrate.h"
#include "harness/multiplat.h"
#include "harness/net_demo.h"
#include "harness/fuzz_repro.h"
#include "harness/replay.h"
#include "harness/report.h"
#include "harness/sweep.h"
#include "harness/resv.h"
#include "model/platform.h"

static int usage(FILE *f, int rc)
{
	fprintf(f,
		"usage: smmuits replay [--json] [--quiet] [--stats] [--explain] [--platform NAME|FILE[,NAME|FILE...]]\n"
		"                      [--profile gem5|default|iommu-xeon|FILE] TRACE...\n"
		"       smmuits explain TRACE --step N [--json] [--platform P] [--profile P]\n"
		"       smmuits platforms\n"
		"       smmuits platform-show NAME|FILE\n"
		"       smmuits net-demo [--ping N] [--record FILE] [--explain] [--unmap-rx|--no-doorbell|--bypass]\n"
		"       smmuits sweep [--profile P] [--pages N,...] [--json] [--svg PREFIX] ...\n"
		"       smmuits resv PLATFORM [--device SID] [--json]\n"
		"       smmuits migrate-check --guest LAYOUT --hosts PLATFORM... [--device SID] [--json]\n"
		"       smmuits report RUN.json -o REPORT.html\n"
		"       smmuits fuzz-repro INPUT [--target trace|dma_bypass|its|mmio] [-o FILE]\n"
		"       smmuits --version\n"
		"\n"
		"replay runs trace files (docs/trace-format.md) and prints one line per step,\n"
		"then 'N passed, N failed'. Exit 0: all passed; 1: a step failed; 2: malformed.\n"
		"--stats adds each file's counts, cache hit rates and latencies before that line\n"
		"(with --json, as a final {\"stats\":...} object per file).\n"
		"--explain follows each dma/msi step with every step the model took for it;\n"
		"explain prints them for one line (docs/explain.md).\n"
		"--platform P1,P2 runs each trace on every platform listed, then shows each\n"
		"dma/msi line's outcome on each.\n"
		"report turns the output of 'replay --json [--stats]' into one HTML page.\n");
	return rc;
}

static int cmd_replay(int argc, char **argv)
{
	struct replay_opts o = { .out = stdout };
	unsigned passed = 0, failed = 0, files = 0;
	int malformed = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			o.json = true;
		else if (!strcmp(argv[i], "--quiet"))
			o.quiet = true;
		else if (!strcmp(argv[i], "--stats"))
			o.stats = true;
		else if (!strcmp(argv[i], "--explain"))
			o.explain = true;
		else if (!strcmp(argv[i], "--platform") && i + 1 < argc)
			o.platform = argv[++i];
		else if (!strcmp(argv[i], "--profile") && i + 1 < argc)
			o.profile = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return usage(stderr, 2);
	}
	for (int i = 0; i < argc; i++) {
		struct replay_result r;

		if (!strcmp(argv[i], "--platform") || !strcmp(argv[i], "--profile")) {
			i++;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		/* --platform P1,P2: every file on each platform, then the comparison. */
		if (o.platform && strchr(o.platform, ','))
			multiplat_replay(argv[i], o.platform, &o, &r);
		else
			replay_file(argv[i], &o, &r);
		files++;
		passed += r.passed;
		failed += r.failed;
		malformed |= r.malformed;
	}
	if (!files)
		return usage(stderr, 2);
	if (!o.json)
		printf("%u passed, %u failed\n", passed, failed);
	fflush(stdout);
	return malformed ? 2 : failed ? 1 : 0;
}

static int cmd_platform_show(const char *what)
{
	struct platform p;
	struct sm_err e = { 0 };

	if (plat_load(what, &p, &e)) {
		fprintf(stderr, "smmuits: %s\n", e.msg);
		return 2;
	}
	printf("platform %s (%s)\n", p.name, p.source);
	for (unsigned i = 0; i < p.nram; i++)
		printf("  ram    %-10s 0x%012llx-0x%012llx\n", p.ram[i].name,
		       (unsigned long long)p.ram[i].base,
		       (unsigned long long)(p.ram[i].base + p.ram[i].size - 1));
	for (unsigned i = 0; i < p.ndevs; i++) {
		printf("  %-6s %-10s 0x%012llx-0x%012llx", p.devs[i].kind, p.devs[i].name,
		       (unsigned long long)p.devs[i].base,
		       (unsigned long long)(p.devs[i].base + p.devs[i].size - 1));
		for (unsigned j = 0; j < p.devs[i].nprops; j++)
			printf(" %s=0x%llx", p.devs[i].props[j].key,
			       (unsigned long long)p.devs[i].props[j].val);
		printf("\n");
	}
	for (unsigned i = 0; i < p.nidmap; i++)
		printf("  devid-map sid 0x%x..0x%x -> DeviceID 0x%x\n", p.idmap[i].sid_base,
		       p.idmap[i].sid_base + p.idmap[i].count - 1, p.idmap[i].devid_base);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, 2);
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc - 2, argv + 2);
	if (!strcmp(argv[1], "explain"))
		return explain_main(argc - 2, argv + 2);
	if (!strcmp(argv[1], "net-demo"))
		return net_demo_main(argc - 2, argv + 2);
	if (!strcmp(argv[1], "platforms")) {
		for (const char *const *n = plat_builtin_names(); *n; n++)
			printf("%s\n", *n);
		return 0;
	}
	if (!strcmp(argv[1], "sweep"))
		return sweep_main(argc - 2, argv + 2);
	if (!strcmp(argv[1], "migrate-check"))
		return migrate_main(argc - 2, argv + 2);
	if (!strcmp(argv[1], "resv"))
		return resv_main(argc - 2, argv + 2);
	if (!strcmp(argv[1], "report"))
		return report_main(argc - 2, argv + 2);
	if (!strcmp(argv[1], "platform-show") && argc == 3)
		return cmd_platform_show(argv[2]);
	if (!strcmp(argv[1], "fuzz-repro"))
		return fuzz_repro_main(argc - 2, argv + 2);
	if (!strcmp(argv[1], "--version")) {
		printf("smmuits 0.1.0\n");
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return usage(stdout, 0);
	return usage(stderr, 2);
}

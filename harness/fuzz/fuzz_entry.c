/* SPDX-License-Identifier: MIT */
/*
 * The fuzzing process's model: created once, reset for every input (a reset
 * forgets only the RAM pages the last input touched, so it costs microseconds).
 * This is harness state of one fuzzing process, not library state.
 */
#include <stddef.h>

#include "fuzz_targets.h"

static struct smmuits *fz_sys;
static struct fz_sink fz_the_sink;

struct smmuits *fz_model(void)
{
	if (!fz_sys) {
		struct smmuits_config cfg = { .platform = FZ_PLATFORM, .mem_cap = 256u << 20 };

		if (smmuits_create(&cfg, &fz_sys, NULL, 0))
			fz_sys = NULL;
	}
	return fz_sys;
}

struct fz_sink *fz_begin_input(void)
{
	struct smmuits *sys = fz_model();

	if (!sys)
		return NULL;
	smmuits_reset(sys);
	fz_sink_begin(&fz_the_sink, sys, NULL);
	return &fz_the_sink;
}

/* SPDX-License-Identifier: MIT */
/*
 * `smmuits replay --platform P1,P2,... FILE`: the same trace on several
 * hosts, then, per dma/msi line, what happened on each: which MSIs still
 * reach the doorbell and which do not (docs/doorbells.md).
 */
#ifndef SMMUITS_MULTIPLAT_H
#define SMMUITS_MULTIPLAT_H

#include <stdio.h>

#include "harness/replay.h"

#define MULTIPLAT_MAX 8

/*
 * Replay path once per platform in the comma-separated list (o->platform
 * is ignored), then print the comparison to o->out (text mode only).
 * *res sums the runs; res->malformed when a run was malformed or the list bad.
 */
void multiplat_replay(const char *path, const char *platforms, const struct replay_opts *o,
		      struct replay_result *res);

#endif

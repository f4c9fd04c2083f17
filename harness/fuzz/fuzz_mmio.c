/* SPDX-License-Identifier: MIT */
/* libFuzzer / AFL++ entry: fuzz_mmio (the decoder and its oracle are in fz_mmio.c). */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_sink *s = fz_begin_input();

	if (s)
		fz_mmio_run(s, data, size);
	return 0;
}

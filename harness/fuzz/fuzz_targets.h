/* SPDX-License-Identifier: MIT */
/*
 * The structured fuzz decoders.  Each turns any byte string into a run on
 * the model through a sink (fuzz_sink.h) and checks its oracle as it goes;
 * the libFuzzer entry points (fuzz_*.c) and `smmuits fuzz-repro` both call
 * them, so the reproducer is the same decoding.
 */
#ifndef SMMUITS_FUZZ_TARGETS_H
#define SMMUITS_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz_sink.h"

/* The platform every structured target runs on. */
#define FZ_PLATFORM "qemu-virt"
/* qemu-virt's windows (model/platform.c): the decoders program these like a kernel. */
#define FZ_SMMU_BASE   0x09050000u
#define FZ_ITS_BASE    0x08080000u
#define FZ_GICR_BASE   0x080A0000u
#define FZ_GICR_COUNT  4u

void fz_dma_bypass_run(struct fz_sink *s, const uint8_t *data, size_t size);
void fz_its_run(struct fz_sink *s, const uint8_t *data, size_t size);
void fz_mmio_run(struct fz_sink *s, const uint8_t *data, size_t size);

/*
 * One model for a whole fuzzing process, reset (microseconds) for each input.
 * Returns NULL if the model cannot be created (then the process has nothing to fuzz).
 */
struct smmuits *fz_model(void);
/* The fuzzing entry's sink, begun on the reset model for one input. */
struct fz_sink *fz_begin_input(void);

#endif

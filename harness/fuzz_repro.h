/* SPDX-License-Identifier: MIT */
/* `smmuits fuzz-repro`: a fuzzer input as a trace v1 file (docs/fuzzing.md). */
#ifndef SMMUITS_FUZZ_REPRO_H
#define SMMUITS_FUZZ_REPRO_H

/* argv: the arguments after "fuzz-repro".  Exit code: 0, 1 (oracle violations), 2 (usage). */
int fuzz_repro_main(int argc, char **argv);

#endif

#!/bin/bash -eu
# OSS-Fuzz build script (docs/fuzzing.md): uses $CC, $CFLAGS, $LIB_FUZZING_ENGINE
# and $OUT as OSS-Fuzz (or ClusterFuzzLite) sets them.  Locally:
#   CC=clang CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -g" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out harness/fuzz/build.sh
# AFL++: CC=afl-clang-fast LIB_FUZZING_ENGINE=harness/fuzz/fuzz_main.c OUT=... build.sh
SRC_DIR="${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}"
[ -d "$SRC_DIR/smmu" ] || SRC_DIR="$SRC/smmuits"
cd "$SRC_DIR"
: "${CC:=clang}" "${CFLAGS:=}" "${OUT:?set OUT}" "${LIB_FUZZING_ENGINE:?set LIB_FUZZING_ENGINE}"
mkdir -p "$OUT"
OBJ="$(mktemp -d)"
trap 'rm -rf "$OBJ"' EXIT

# The library, the harness and the decoders: everything but the CLI and the entries.
lib_srcs="model/*.c smmu/*.c its/*.c lib/*.c harness/trace_parse.c harness/driver.c
  harness/driver_its.c harness/replay.c harness/pgtable.c harness/fuzz/fuzz_sink.c
  harness/fuzz/ref_smmu.c harness/fuzz/ref_its.c harness/fuzz/fz_dma.c harness/fuzz/fz_its.c
  harness/fuzz/fz_mmio.c harness/fuzz/fuzz_entry.c"
objs=()
for s in $lib_srcs; do
  o="$OBJ/$(echo "$s" | tr / _).o"
  $CC $CFLAGS -std=c11 -D_POSIX_C_SOURCE=200809L -I. -Iinclude -c "$s" -o "$o"
  objs+=("$o")
done

for t in trace dma_bypass its mmio; do
  # LIB_FUZZING_ENGINE is a flag (-fsanitize=fuzzer) or a driver source/archive.
  $CC $CFLAGS -std=c11 -D_POSIX_C_SOURCE=200809L -I. -Iinclude \
    "harness/fuzz/fuzz_$t.c" "${objs[@]}" $LIB_FUZZING_ENGINE -o "$OUT/fuzz_$t"
  cp "harness/fuzz/$t.dict" "$OUT/fuzz_$t.dict"
  (cd "harness/fuzz/corpus/$t" && zip -q -r "$OUT/fuzz_${t}_seed_corpus.zip" .) 2>/dev/null || \
    echo "build.sh: zip not found, no seed corpus archive for fuzz_$t" >&2
done

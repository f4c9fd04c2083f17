#!/bin/sh
# `make coverage`: build with gcov instrumentation in BUILD (default build-cov),
# run every test, write an lcov HTML report to BUILD/coverage/index.html and
# print line and branch coverage for smmu/, its/ and model/ (docs/testing.md).
set -eu
BUILD=${1:-build-cov}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if test -f "$BUILD/build.ninja"; then meson setup --reconfigure "$BUILD" >/dev/null
else meson setup "$BUILD" -Db_coverage=true -Dbuildtype=debug >/dev/null; fi
ninja -C "$BUILD"
find "$BUILD" -name '*.gcda' -delete
rc=0
meson test -C "$BUILD" --no-rebuild -q >/dev/null || rc=$?
RC="--rc lcov_branch_coverage=1"
lcov $RC --quiet --capture --directory "$BUILD" --base-directory "$ROOT/$BUILD" \
  --output-file "$BUILD/coverage.info" 2>/dev/null
lcov $RC --quiet --remove "$BUILD/coverage.info" '/usr/*' '*/tests/*' '*/bench/*' \
  --output-file "$BUILD/coverage.info" 2>/dev/null
genhtml $RC --quiet --output-directory "$BUILD/coverage" "$BUILD/coverage.info" >/dev/null
for dir in smmu its model lib harness; do
  lcov $RC --quiet --extract "$BUILD/coverage.info" "$ROOT/$dir/*" \
    --output-file "$BUILD/coverage-$dir.info" 2>/dev/null
  lcov $RC --summary "$BUILD/coverage-$dir.info" 2>&1 | awk -v d="$dir/" '
    $1 ~ /^lines/    { l = $2 " " $3 " " $4 " " $5 " " $6 }
    $1 ~ /^branches/ { b = $2 " " $3 " " $4 " " $5 " " $6 }
    END { printf "%-9s lines %-28s branches %s\n", d, l, b }'
done
echo "HTML report: $BUILD/coverage/index.html"
exit $rc

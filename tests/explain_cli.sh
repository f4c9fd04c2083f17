#!/bin/sh
# smmuits explain and replay --explain on shipped traces (docs/explain.md).
# Each expected line was worked out by hand from IHI 0070 / IHI 0069:
# usage: explain_cli.sh SMMUITS SRCDIR
exe=$1 src=$2
fail=0
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT

# expect TRACE LINE PATTERN [--json]: `explain TRACE --step LINE` prints a line matching PATTERN
expect() {
	tr=$1 line=$2 pat=$3; shift 3
	if ! "$exe" explain "$src/$tr" --step "$line" "$@" >"$out" 2>&1; then
		echo "FAIL: explain $tr --step $line exited non-zero"; cat "$out"; fail=1; return
	fi
	grep -q -- "$pat" "$out" || { echo "FAIL: $tr:$line: no line matching: $pat"; fail=1; }
}

# 4 KiB granule, 48-bit VA 0x10010: level 0 is VA[47:39] = 0, level 3 VA[20:12] = 0x10,
# whose descriptor is at table + 0x10 * 8 = table + 0x80 (§3.4, DDI 0487 D8.2).
ex=docs/examples/04-first-stage1-walk.trace
expect $ex 8 'level 0 table at 0x7f007000: VA\[47:39\] = 0x0, descriptor at 0x7f007000'
expect $ex 8 'level 3 table at 0x7f00a000: VA\[20:12\] = 0x10, descriptor at 0x7f00a080 = .*: page'
expect $ex 8 'linear: STE address = ADDR 0x7f000000 + StreamID 0x1 \* 64 = 0x7f000040'
# the repeat is a TLB hit: device side only
expect $ex 9 'main TLB probe .*: hit'
# F_TRANSLATION at level 3, VA[20:12] = 0x11, and the record's fields
expect $ex 10 'VA\[20:12\] = 0x11, descriptor at 0x7f00a088 = 0x0: invalid'
expect $ex 10 'type=F_TRANSLATION, StreamID=0x1, SSV=0, SubstreamID=0x0, InputAddr=0x11000, RnW=0'

# The MSI's journey: ITE at ITT_addr + EventID * 8; LPI 8200's property byte at
# PROPBASER + (8200 - 8192) and its pending bit at PENDBASER + 8200/8 = +0x401, bit 0 (§5.1).
ex=docs/examples/05-msi-journey.trace
expect $ex 11 'ITT entry address = ITT_addr 0x7f100000 + EventID 0x3 \* 8 = 0x7f100018'
expect $ex 11 'pINTID=8200, ICID=0x2'
expect $ex 11 'PROPBASER 0x7f010000 + (INTID 8200 - 8192) = 0x7f010008'
expect $ex 11 'byte PENDBASER 0x7f040000 + INTID/8 = 0x7f040401, bit INTID%8 = 0 set'
expect $ex 11 'DeviceID=0x1 (platform devid-map of StreamID 0x1)'
expect $ex 13 '"drop":"unmapped-event"' --json
expect $ex 13 '^\[{"stage":"device"' --json

# SMMUEN=0: GBPA decides
expect docs/examples/01-smmu-off.trace 3 'SMMU_GBPA.ABORT=0: incoming transactions bypass'
expect docs/examples/01-smmu-off.trace 6 'SMMU_GBPA.ABORT=1: incoming transactions are terminated'

# 2-level stream table, SPLIT=8: SID 0x205 uses L1 descriptor 2 at base + 2 * 8 (§3.3.2), Span 0
expect tests/traces/strtab-2lvl.drv.trace 7 'L1 index = StreamID 0x205 >> SPLIT 8 = 0x2; L1 descriptor at 0x7f000010 = 0x0'
expect tests/traces/strtab-2lvl.drv.trace 5 'L2 index = StreamID\[7:0\] = 0x5'
# F_WALK_EABT: level-3 table moved to 0x100000000000, index 1: FetchAddr = + 8 (§7.3.11)
expect tests/traces/xl-fault-walk-eabt.trace 21 'descriptor at 0x100000000008 failed (F_WALK_EABT)'
expect tests/traces/xl-fault-walk-eabt.trace 21 'FetchAddr=0x100000000008'
# 2-level CD table with 4 KiB leaves (64 CDs): SSID 200 = 0xc8 uses L1CD 0xc8 >> 6 = 3 (§3.5.1)
expect tests/traces/xl-cd-2lvl-4k.trace 26 'L1CD index = SubstreamID 0xc8 >> 6 = 0x3'
expect tests/traces/xl-cd-2lvl-4k.trace 31 'event C_BAD_SUBSTREAMID (0x08): recorded'
expect tests/traces/xl-cd-2lvl-4k.trace 28 'event F_STREAM_DISABLED (0x06): recorded'
# F_CD_FETCH: the CD at S1ContextPtr 0x100000000000 (nothing there) + 0 * 64
expect tests/traces/xl-fault-cd-fetch.trace 10 'reading CD 0 at 0x100000000000 aborted'
expect tests/traces/xl-fault-cd-fetch.trace 10 'type=F_CD_FETCH, StreamID=0x31, SSV=0, SubstreamID=0x0, FetchAddr=0x100000000000'
# The walk cache: after TLBI Leaf=1 the walk resumes at the (stale) cached level-3 table;
# after Leaf=0 it walks from level 0 and reads the re-pointed level-2 descriptor,
# VA[29:21] = 0x200000 >> 21 = 1, at 0x7f009000 + 1 * 8.
expect tests/traces/xl-walk-cache-leaf.drv.trace 18 'level 3 table at 0x7f00a000 (from the walk cache): VA\[20:12\] = 0x0'
expect tests/traces/xl-walk-cache-leaf.drv.trace 22 'level 2 table at 0x7f009000: VA\[29:21\] = 0x1, descriptor at 0x7f009008 = 0x7f00b003: table'
# nested: the CD address goes through stage 2 first, one level deeper
expect tests/traces/xl-nested.trace 23 '^      s2       stage 2 translates IPA'
# Indirect device table, 4 KiB pages (512 DTEs each): DeviceID 0x200 -> L1 entry 1 at base + 8
expect tests/traces/its-devtable-indirect-4k.drv.trace 34 'L1 index = DeviceID 0x200 / 512 = 0x1, L1 entry at 0x7f060008'
expect tests/traces/its-drop-its-disabled.drv.trace 17 'GITS_CTLR.Enabled=0'

# a line that is not a transaction is refused
if "$exe" explain "$src/docs/examples/04-first-stage1-walk.trace" --step 2 >/dev/null 2>&1; then
	echo "FAIL: explain accepted a platform line"; fail=1
fi
# replay --explain: every transaction is followed by its explanation
"$exe" replay --explain "$src/docs/examples/01-smmu-off.trace" >"$out" 2>&1 || fail=1
[ "$(grep -c '^explain ' "$out")" = 2 ] || { echo "FAIL: replay --explain did not explain 2 steps"; fail=1; }
exit $fail

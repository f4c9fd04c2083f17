/* SPDX-License-Identifier: MIT */
/*
 * Explain (docs/explain.md): for one transaction of each kind, the steps
 * the model records name the right registers, addresses, index bits and
 * values.  Every expected address is computed here from what software can
 * read (registers over MMIO, table memory) and the spec's arithmetic, not
 * copied from the output; and the steps' cycles always add up to the
 * transaction's latency.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/driver.h"
#include "harness/trace.h"
#include "its/its_regs.h"
#include "smmu/smmu_regs.h"
#include "smmuits.h"

#define SMMU 0x09050000u
#define ITS  0x08080000u
#define GICR 0x080a0000u

struct fx {
	struct smmuits *sys;
	struct driver drv;
	struct smmuits_txn_result res;
	size_t n;
	struct smmuits_explain_step st;
};

static struct fx f;

static int setup(void **state)
{
	char err[128];

	memset(&f, 0, sizeof(f));
	if (smmuits_create(NULL, &f.sys, err, sizeof(err)))
		return -1;
	driver_init(&f.drv, f.sys);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	smmuits_destroy(f.sys);
	return 0;
}

/* Run driver lines, as a trace would. */
static void drv(const char *text)
{
	struct trace_ext ext = { .verbs = driver_verbs, .check = driver_check };
	struct trace t = { 0 };
	struct trace_diag d = { 0 };
	char sum[512];

	assert_int_equal(trace_parse(text, strlen(text), "x.trace", &ext, &t, &d), SM_OK);
	for (size_t i = 0; i < t.nsteps; i++) {
		struct sm_err e = { 0 };

		if (driver_exec(&f.drv, &t.steps[i], sum, sizeof(sum), &e))
			fail_msg("%s", e.msg);
	}
	trace_free(&t);
	trace_diag_free(&d);
}

static uint64_t rd(uint64_t pa, unsigned size)
{
	uint64_t v = 0;

	assert_int_equal(smmuits_read(f.sys, pa, size, &v, NULL), SM_OK);
	return v;
}

/* One explained transaction; its steps must add up to its latency. */
static void txn(uint32_t sid, uint64_t iova, bool write, bool msi, uint32_t data)
{
	uint8_t buf[8] = { 0 };
	struct smmuits_txn t = { .sid = sid, .iova = iova, .size = 4, .write = write || msi,
				 .msi = msi, .data = buf };
	char err[128];
	uint64_t total = 0;

	memcpy(buf, &data, 4);
	assert_int_equal(smmuits_explain_begin(f.sys), 0);
	assert_int_equal(smmuits_txn(f.sys, &t, &f.res, err, sizeof(err)), SM_OK);
	f.n = smmuits_explain_end(f.sys);
	assert_true(f.n > 2);
	for (size_t i = 0; smmuits_explain_step(f.sys, i, &f.st); i++)
		total += f.st.cycles;
	assert_int_equal(total, f.res.cycles);
}

/* The k-th step (from 0) of stage whose sentence contains text; fails when there is none. */
static const struct smmuits_explain_step *step_k(const char *stage, const char *text, unsigned k)
{
	for (size_t i = 0; smmuits_explain_step(f.sys, i, &f.st); i++)
		if (!strcmp(f.st.stage, stage) && strstr(f.st.what, text) && k-- == 0)
			return &f.st;
	fail_msg("no step %s '%s'", stage, text);
	return NULL;
}

static const struct smmuits_explain_step *step(const char *stage, const char *text)
{
	return step_k(stage, text, 0);
}

static bool has_step(const char *stage, const char *text)
{
	for (size_t i = 0; smmuits_explain_step(f.sys, i, &f.st); i++)
		if (!strcmp(f.st.stage, stage) && strstr(f.st.what, text))
			return true;
	return false;
}

static const char *fld(const struct smmuits_explain_step *s, const char *name)
{
	for (unsigned i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].name, name))
			return s->fields[i].value;
	fail_msg("step '%s' has no field %s", s->what, name);
	return NULL;
}

static uint64_t num(const struct smmuits_explain_step *s, const char *name)
{
	return strtoull(fld(s, name), NULL, 0);
}

/* The STE address is STRTAB_BASE.ADDR + SID * 64 (§3.3.1), and the raw dwords are memory's. */
static void check_linear_ste(uint32_t sid)
{
	uint64_t base = rd(SMMU + SMMU_STRTAB_BASE, 8) & SMMU_STRTAB_BASE_ADDR;
	const struct smmuits_explain_step *s = step("strtab", "linear: STE address");

	assert_int_equal(num(s, "STE address"), base + (uint64_t)sid * 64);
	s = step("ste", "STE read at");
	assert_int_equal(num(s, "dword0"), rd(base + (uint64_t)sid * 64, 8));
	assert_int_equal(num(s, "dword1"), rd(base + (uint64_t)sid * 64 + 8, 8));
}

static void test_explain_smmuen0_gbpa_bypass(void **state)
{
	(void)state;
	drv("gbpa abort=0\n");
	txn(7, 0x40001000, false, false, 0);
	assert_int_equal(f.res.outcome, SMMUITS_BYPASS);
	assert_string_equal(fld(step("smmu", "SMMUEN=0"), "SMMU_CR0ACK"), "0x0");
	assert_string_equal(fld(step("smmu", "SMMU_GBPA.ABORT=0"), "ABORT"), "0");
	/* SMMUEN=0: accepted and passed on; only issue and complete are charged */
	assert_non_null(step("timing", "SMMUEN=0"));
	assert_false(has_step("strtab", ""));
}

static void test_explain_ste_bypass(void **state)
{
	(void)state;
	drv("smmu-init sidbits=8\nste sid=5 config=bypass\n");
	txn(5, 0x40001000, false, false, 0);
	assert_int_equal(f.res.outcome, SMMUITS_BYPASS);
	check_linear_ste(5);
	assert_string_equal(fld(step("ste", "STE read"), "Config"), "4");
	assert_non_null(step("smmu", "both stages bypassed"));
	/* the second time the STE comes from the configuration cache, without a read */
	txn(5, 0x40001000, false, false, 0);
	assert_string_equal(fld(step("cfgcache", "STE"), "result"), "hit");
	assert_non_null(step("ste", "from the configuration cache"));
}

static void test_explain_ste_abort(void **state)
{
	(void)state;
	drv("smmu-init sidbits=8\nste sid=6 config=abort\n");
	txn(6, 0x40001000, false, false, 0);
	assert_int_equal(f.res.outcome, SMMUITS_ABORT);
	assert_non_null(step("smmu", "STE.Config=abort"));
	assert_false(has_step("event", ""));
}

static void test_explain_c_bad_ste(void **state)
{
	(void)state;
	drv("smmu-init sidbits=8\nste sid=8 config=bypass v=0\n");
	txn(8, 0x40001000, false, false, 0);
	assert_int_equal(f.res.outcome, SMMUITS_FAULT);
	assert_string_equal(fld(step("ste", "STE read"), "V"), "0");
	assert_non_null(step("ste", "STE.V=0"));
	assert_string_equal(fld(step("event", "C_BAD_STE"), "StreamID"), "0x8");
}

static void test_explain_c_bad_streamid(void **state)
{
	(void)state;
	drv("smmu-init sidbits=8\n");
	txn(0x100, 0x40001000, false, false, 0);
	/* LOG2SIZE=8: StreamID 0x100 >= 2^8 */
	assert_string_equal(fld(step("strtab", ">= 2^LOG2SIZE"), "StreamID range"),
			    "out of range: C_BAD_STREAMID");
	assert_non_null(step("event", "C_BAD_STREAMID"));
}

static void test_explain_f_ste_fetch(void **state)
{
	(void)state;
	drv("smmu-init sidbits=8 enable=0\n");
	assert_int_equal(smmuits_write(f.sys, SMMU + SMMU_CR0, 4, 0xc, NULL), SM_OK);
	assert_int_equal(smmuits_write(f.sys, SMMU + SMMU_STRTAB_BASE, 8, 0x4000100000000000ull, NULL),
			 SM_OK);
	assert_int_equal(smmuits_write(f.sys, SMMU + SMMU_CR0, 4, 0xd, NULL), SM_OK);
	txn(3, 0x40001000, false, false, 0);
	/* 0x100000000000 + 3 * 64 */
	assert_int_equal(num(step("ste", "aborted"), "address"), 0x1000000000c0ull);
	assert_int_equal(num(step("event", "F_STE_FETCH"), "FetchAddr"), 0x1000000000c0ull);
}

static void test_explain_two_level_stream_table(void **state)
{
	const struct smmuits_explain_step *s;
	uint64_t base, l1a, l1;

	(void)state;
	drv("smmu-init sidbits=16 strtab=2lvl split=8\nste sid=0x105 config=bypass\n");
	txn(0x105, 0x40001000, false, false, 0);
	base = rd(SMMU + SMMU_STRTAB_BASE, 8) & SMMU_STRTAB_BASE_ADDR;
	/* §3.3.2: L1 index = SID >> SPLIT = 1; the descriptor is 8 bytes */
	s = step("strtab", "L1 index");
	l1a = base + 1 * 8;
	l1 = rd(l1a, 8);
	assert_int_equal(num(s, "L1 index"), 1);
	assert_int_equal(num(s, "L1 address"), l1a);
	assert_int_equal(num(s, "L1 descriptor"), l1);
	/* L2 index = SID[7:0] = 5; STE = L2Ptr + 5 * 64 */
	s = step("strtab", "L2 index");
	assert_int_equal(num(s, "L2 index"), 5);
	assert_int_equal(num(s, "STE address"), (l1 & 0xfffffffffffc0ull) + 5 * 64);
	assert_non_null(strstr(s->what, "StreamID[7:0]"));
}

/* A cold 4-level walk: each level's index bits, index, descriptor address and value. */
static void test_explain_s1_four_level_walk(void **state)
{
	static const unsigned lo[4] = { 39, 30, 21, 12 };
	const uint64_t iova = 0x80c0201010ull;
	uint64_t table, d;
	char bits[32];

	(void)state;
	drv("smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1 asid=1\n"
	    "map sid=1 iova=0x80c0201000 pa=0x40010000 size=0x1000 prot=rw\n");
	txn(1, iova, false, false, 0);
	assert_int_equal(f.res.pa, 0x40010010);
	check_linear_ste(1);
	assert_string_equal(fld(step("tlb", "main TLB"), "result"), "miss");
	assert_string_equal(fld(step("s1", "selects TTB0"), "TTB"), "TTB0");
	table = num(step("cd", "CD at"), "TTB0");
	assert_int_equal(num(step("s1", "walk of VA"), "TTB"), table);
	for (int l = 0; l < 4; l++) {
		const struct smmuits_explain_step *s;
		uint64_t idx = (iova >> lo[l]) & 0x1ff;

		snprintf(bits, sizeof(bits), "level %d table", l);
		s = step("s1", bits);
		snprintf(bits, sizeof(bits), "VA[%u:%u]", lo[l] + 8, lo[l]);
		assert_string_equal(fld(s, "index bits"), bits);
		assert_int_equal(num(s, "table"), table);
		assert_int_equal(num(s, "index"), idx);
		assert_int_equal(num(s, "descriptor address"), table + idx * 8);
		d = rd(table + idx * 8, 8);
		assert_int_equal(num(s, "descriptor"), d);
		if (l < 3) {
			assert_string_equal(fld(s, "type"), "table");
			table = num(s, "next table");
			assert_int_equal(table, d & 0xfffffffff000ull);
		} else {
			assert_string_equal(fld(s, "type"), "page");
			assert_int_equal(num(s, "OA"), 0x40010000);
			assert_string_equal(fld(s, "AF"), "1");
		}
	}
	assert_non_null(step("s1", "this unprivileged read is allowed"));
	/* docs/timing.md: 4 descriptor reads at M = 100 on the central path */
	assert_string_equal(fld(step("timing", "central unit"), "memory"), "600");
	/* again: a TLB hit, served on the device side, nothing central charged */
	txn(1, iova, false, false, 0);
	assert_string_equal(fld(step("tlb", "main TLB"), "result"), "hit");
	/* docs/timing.md, default profile: a micro-TLB hit is issue 1 + uTLB 1 + complete 1 */
	assert_string_equal(fld(step("timing", "micro-TLB hit"), "alone"), "3");
	assert_string_equal(fld(step("cfgcache", "STE"), "result"), "hit");
	assert_false(has_step("s1", "level 3 table"));
	/* a repeat of a TLB hit is what the host fast path replays: explained, it takes the full path */
	txn(1, iova, false, false, 0);
	assert_string_equal(fld(step("cfgcache", "CD"), "result"), "hit");
	assert_string_equal(fld(step("tlb", "main TLB"), "result"), "hit");
}

static void test_explain_f_translation(void **state)
{
	const struct smmuits_explain_step *s;

	(void)state;
	drv("smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1 asid=1\n"
	    "map sid=1 iova=0x10000 pa=0x40010000 size=0x1000 prot=rw\n");
	txn(1, 0x11000, true, false, 0);
	/* the level-3 descriptor for VA[20:12] = 0x11 is invalid */
	s = step("s1", "level 3");
	assert_int_equal(num(s, "index"), 0x11);
	assert_string_equal(fld(s, "type"), "invalid (bit[0]=0)");
	s = step("event", "F_TRANSLATION");
	assert_int_equal(num(s, "InputAddr"), 0x11000);
	assert_string_equal(fld(s, "CLASS"), "IN");
	assert_string_equal(fld(s, "S2"), "0");
	assert_string_equal(fld(s, "RnW"), "0");
}

static void test_explain_f_permission(void **state)
{
	(void)state;
	drv("smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1 asid=1\n"
	    "map sid=1 iova=0x10000 pa=0x40010000 size=0x1000 prot=r\n");
	txn(1, 0x10000, true, false, 0);
	assert_non_null(step("s1", "this unprivileged write is not allowed"));
	/* AP=0b11: read-only at any privilege */
	assert_string_equal(fld(step("s1", "stage 1 permissions"), "AP"), "3");
	assert_non_null(step("event", "F_PERMISSION"));
}

static void test_explain_f_access(void **state)
{
	const struct smmuits_explain_step *s;

	(void)state;
	drv("smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1 asid=1\n"
	    "map sid=1 iova=0x10000 pa=0x40010000 size=0x1000 prot=rn\n");
	txn(1, 0x10000, false, false, 0);
	s = step("s1", "level 3");
	assert_string_equal(fld(s, "AF"), "0");
	assert_string_equal(fld(s, "fault"), "F_ACCESS (AF=0, no HA, no AFFD)");
	assert_non_null(step("event", "F_ACCESS"));
}

static void test_explain_f_addr_size(void **state)
{
	(void)state;
	drv("smmu-init sidbits=8\nste sid=0x10 config=s1\ncd sid=0x10 asid=0x10 ips=0\n"
	    "map sid=0x10 iova=0x20000 pa=0x40020000 size=0x1000 prot=rw\n"
	    "pte sid=0x10 iova=0x20000 set=0x100000000\n");
	txn(0x10, 0x20008, false, false, 0);
	/* IPS=0: 32 bits; the output 0x140020000 needs 33 */
	assert_string_equal(fld(step("cd", "CD at"), "IPS bits"), "32");
	assert_int_equal(num(step("s1", "level 3"), "OA"), 0x140020000ull);
	assert_non_null(step("event", "F_ADDR_SIZE"));
}

static void test_explain_f_walk_eabt(void **state)
{
	const struct smmuits_explain_step *s;

	(void)state;
	drv("smmu-init sidbits=8\nste sid=0x30 config=s1\ncd sid=0x30 asid=0x30\n"
	    "map sid=0x30 iova=0x201000 pa=0x40201000 size=0x1000 prot=rw\n"
	    "pte sid=0x30 iova=0x201000 level=2 clear=0xfffffffff000\n"
	    "pte sid=0x30 iova=0x201000 level=2 set=0x100000000000\n");
	txn(0x30, 0x201000, false, false, 0);
	/* level 3 table at 0x100000000000, VA[20:12] = 1: the descriptor at + 8 */
	s = step("s1", "level 3");
	assert_int_equal(num(s, "descriptor address"), 0x100000000008ull);
	assert_non_null(strstr(s->what, "F_WALK_EABT"));
	s = step("event", "F_WALK_EABT");
	assert_int_equal(num(s, "FetchAddr"), 0x100000000008ull);
	assert_string_equal(fld(s, "CLASS"), "TT");
}

static void test_explain_c_bad_cd(void **state)
{
	(void)state;
	drv("smmu-init sidbits=8\nste sid=0x40 config=s1 s1cdmax=3\ncd sid=0x40 ssid=1 asid=1 v=0\n");
	assert_int_equal(smmuits_explain_begin(f.sys), 0);
	{
		uint8_t b[4];
		struct smmuits_txn t = { .sid = 0x40, .ssv = true, .ssid = 1, .iova = 0x1000,
					 .size = 4, .data = b };
		char err[64];

		assert_int_equal(smmuits_txn(f.sys, &t, &f.res, err, sizeof(err)), SM_OK);
	}
	smmuits_explain_end(f.sys);
	assert_string_equal(fld(step("cd", "CD at"), "V"), "0");
	assert_non_null(step("cd", "CD.V=0"));
	assert_string_equal(fld(step("event", "C_BAD_CD"), "SubstreamID"), "0x1");
}

static void test_explain_s2_only(void **state)
{
	const struct smmuits_explain_step *s;

	(void)state;
	drv("smmu-init sidbits=8\nste sid=0x70 config=s2 s2vmid=7\n"
	    "map sid=0x70 stage=2 iova=0x80000000 pa=0x40400000 size=0x1000 prot=rw\n");
	txn(0x70, 0x80000010, false, false, 0);
	assert_int_equal(f.res.pa, 0x40400010);
	assert_string_equal(fld(step("ste", "STE read"), "S2VMID"), "7");
	assert_string_equal(fld(step("s2", "stage 2 translates IPA"), "S2VMID"), "7");
	s = step("s2", "level 3");
	assert_string_equal(fld(s, "index bits"), "IPA[20:12]");
	assert_int_equal(num(s, "OA"), 0x40400000);
	assert_non_null(step("s2", "stage 2 permissions"));
}

static void test_explain_nested(void **state)
{
	const struct smmuits_explain_step *s;

	(void)state;
	drv("smmu-init sidbits=8\nste sid=0x90 config=nested s2vmid=30\ncd sid=0x90 asid=0x90\n"
	    "map sid=0x90 iova=0x10000 pa=0x80000000 size=0x1000 prot=rw\n"
	    "map sid=0x90 stage=2 iova=0x80000000 pa=0x40700000 size=0x1000 prot=rw\n");
	txn(0x90, 0x10010, false, false, 0);
	assert_int_equal(f.res.pa, 0x40700010);
	/* the CD's address is an IPA: stage 2 translates it first, one level deeper */
	s = step("s2", "nested: the CD address");
	assert_int_equal(s->depth, 0);
	s = step("s2", "stage 2 translates IPA");
	assert_int_equal(s->depth, 1);
	/* each stage-1 table address goes through stage 2 too */
	assert_non_null(step_k("s2", "nested: the stage-1 descriptor address", 3));
	/* the final IPA, at depth 0, is the stage-1 output */
	s = step("smmu", "SMMU verdict");
	assert_int_equal(num(s, "IPA"), 0x80000010);
}

static void msi_setup(void)
{
	drv("smmu-init sidbits=8\ngic-init\nits-init\nits-mapd dev=1 eventbits=5\n"
	    "its-mapti dev=1 event=3 intid=8200 cpu=2\nste sid=1 config=bypass\n");
}

static void test_explain_msi_to_lpi(void **state)
{
	const struct smmuits_explain_step *s;
	uint64_t baser0, dte, itt, prop;
	char dev[64];

	(void)state;
	msi_setup();
	txn(1, ITS + GITS_TRANSLATER, false, true, 3);
	assert_int_equal(f.res.outcome, SMMUITS_LPI);
	/* the DeviceID the ITS is told comes from the platform's devid-map, not the data */
	s = step("bus", "its0");
	snprintf(dev, sizeof(dev), "0x1 (platform devid-map of StreamID 0x1)");
	assert_string_equal(fld(s, "DeviceID"), dev);
	s = step("its", "GITS_TRANSLATER write");
	assert_string_equal(fld(s, "Enabled"), "1");
	assert_int_equal(num(s, "EventID"), 3);
	/* the DTE came from the cache MAPD filled, and says where the ITT is */
	s = step("its", "DTE 0x1");
	dte = num(s, "value");
	assert_string_equal(fld(s, "Valid"), "1");
	baser0 = rd(ITS + GITS_BASER(0), 8);
	assert_int_equal(rd((baser0 & GITS_BASER_PHYSICAL_ADDRESS) + 1 * 8, 8), dte);
	itt = num(s, "ITT_addr");
	assert_int_equal(num(step("its", "ITT entry address"), "entry address"), itt + 3 * 8);
	s = step("its", "ITE 0x3");
	assert_string_equal(fld(s, "pINTID"), "8200");
	assert_int_equal(num(s, "value"), rd(itt + 3 * 8, 8));
	assert_non_null(strstr(fld(step("its", "CTE"), "RDbase"), "2 "));
	/* §5.1.1: the property byte at PROPBASER + (8200 - 8192), read from memory */
	s = step("gicr", "LPI configuration");
	prop = rd(GICR + 2 * GICR_FRAME_SIZE + GICR_PROPBASER, 8) & GICR_PROPBASER_PHYSICAL_ADDRESS;
	assert_int_equal(num(s, "address"), prop + (8200 - 8192));
	assert_int_equal(num(s, "property byte"), rd(prop + 8, 1));
	assert_string_equal(fld(s, "Enable"), "1");
	assert_non_null(step("result", "LPI 8200 pending at CPU 2"));
}

static void test_explain_its_drop(void **state)
{
	(void)state;
	msi_setup();
	txn(1, ITS + GITS_TRANSLATER, false, true, 9);
	assert_int_equal(f.res.outcome, SMMUITS_ITS_DROP);
	assert_string_equal(fld(step("its", "dropped"), "drop"), "unmapped-event");
	assert_string_equal(fld(step("its", "ITE 0x9"), "Valid"), "0");
}

/*
 * An Indirect device table (§12.19): a DTE the cache does not hold is found
 * through level-1 entry DeviceID / (Page_Size / 8) and the level-2 page.
 */
static void test_explain_its_indirect_device_table_miss(void **state)
{
	const struct smmuits_explain_step *s;
	uint64_t baser, base;

	(void)state;
	drv("smmu-init sidbits=16\ngic-init\nits-init indirect=1 page=4k\n");
	baser = rd(ITS + GITS_BASER(0), 8);
	base = baser & GITS_BASER_PHYSICAL_ADDRESS;
	assert_int_equal(smmuits_fill(f.sys, 0x40000000, 0x1000, 0), SM_OK);
	assert_int_equal(smmuits_write(f.sys, base, 8, 0x8000000040000000ull, NULL), SM_OK);
	drv("its-mapd dev=0x12\nits-mapti dev=0x12 event=2 intid=10100 cpu=1\n"
	    "ste sid=0x12 config=bypass\n");
	/* GITS_BASER0 rewritten while disabled: the ITS forgets what it cached from the table */
	assert_int_equal(smmuits_write(f.sys, ITS + GITS_CTLR, 4, 0, NULL), SM_OK);
	assert_int_equal(smmuits_write(f.sys, ITS + GITS_BASER(0), 8, baser, NULL), SM_OK);
	assert_int_equal(smmuits_write(f.sys, ITS + GITS_CTLR, 4, GITS_CTLR_ENABLED, NULL), SM_OK);
	txn(0x12, ITS + GITS_TRANSLATER, false, true, 2);
	assert_int_equal(f.res.outcome, SMMUITS_LPI);
	/* 4 KiB pages hold 512 DTEs: DeviceID 0x12 is level-1 entry 0, DTE 0x12 of its page */
	s = step("its", "device table (GITS_BASER0, Indirect)");
	assert_int_equal(num(s, "L1 index"), 0);
	assert_int_equal(num(s, "L1 entry address"), base);
	assert_int_equal(num(s, "L1 entry"), 0x8000000040000000ull);
	assert_int_equal(num(s, "L2 index"), 0x12);
	assert_int_equal(num(s, "entry address"), 0x40000000 + 0x12 * 8);
	s = step("its", "DTE 0x12: cache miss");
	assert_int_equal(num(s, "address"), 0x40000090);
	assert_int_equal(num(s, "value"), rd(0x40000090, 8));
}

/* Explaining changes nothing: the same transactions on a twin system, unexplained. */
static void test_explain_changes_no_result_or_cycle(void **state)
{
	static const uint64_t iovas[] = { 0x10010, 0x10020, 0x11000, 0x10010 };
	struct smmuits *twin;
	char err[128];

	(void)state;
	assert_int_equal(smmuits_create(NULL, &twin, err, sizeof(err)), SM_OK);
	for (int pass = 0; pass < 2; pass++) {
		struct smmuits *sys = pass ? twin : f.sys;

		driver_init(&f.drv, sys);
		drv("smmu-init sidbits=8\nste sid=1 config=s1\ncd sid=1 asid=1\n"
		    "map sid=1 iova=0x10000 pa=0x40010000 size=0x1000 prot=rw\n");
	}
	for (size_t i = 0; i < sizeof(iovas) / sizeof(iovas[0]); i++) {
		struct smmuits_txn_result r;
		uint8_t b[4];
		struct smmuits_txn t = { .sid = 1, .iova = iovas[i], .size = 4, .data = b };

		txn(1, iovas[i], false, false, 0);
		assert_int_equal(smmuits_txn(twin, &t, &r, err, sizeof(err)), SM_OK);
		assert_int_equal(r.outcome, f.res.outcome);
		assert_int_equal(r.pa, f.res.pa);
		assert_int_equal(r.cycles, f.res.cycles);
		assert_int_equal(r.done, f.res.done);
	}
	smmuits_destroy(twin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_explain_smmuen0_gbpa_bypass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_ste_bypass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_ste_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_c_bad_ste, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_c_bad_streamid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_f_ste_fetch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_two_level_stream_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_s1_four_level_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_f_translation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_f_permission, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_f_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_f_addr_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_f_walk_eabt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_c_bad_cd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_s2_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_msi_to_lpi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_its_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain_its_indirect_device_table_miss, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_explain_changes_no_result_or_cycle, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

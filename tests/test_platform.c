/* SPDX-License-Identifier: MIT */
/* Platform text: the qemu-virt built-in, every keyword, every error path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/platform.h"

/* Parse text expected to fail; check the code and that msg contains want. */
static void expect_error(const char *text, const char *want)
{
	struct platform p;
	struct sm_err err = { 0 };
	int rc = plat_parse(text, "t.plat", &p, &err);

	if (rc != SM_EINVAL || !strstr(err.msg, want))
		fail_msg("text <<%s>>: rc %d msg '%s', wanted '%s'", text, rc, err.msg, want);
	/* A failed parse leaves nothing half-filled. */
	assert_int_equal(p.nram + p.ndevs + p.nidmap, 0);
	assert_string_equal(p.name, "");
}

static void parse_ok(const char *text, struct platform *p)
{
	struct sm_err err = { 0 };

	if (plat_parse(text, "t.plat", p, &err) != SM_OK)
		fail_msg("text <<%s>>: %s", text, err.msg);
}

static void test_plat_qemu_virt_addresses(void **state)
{
	struct platform p;
	struct sm_err err = { 0 };
	const struct plat_dev *d;

	(void)state;
	assert_int_equal(plat_builtin("qemu-virt", &p, &err), SM_OK);
	assert_string_equal(p.name, "qemu-virt");
	assert_string_equal(p.source, "builtin");
	assert_int_equal(p.nram, 1);
	assert_int_equal(p.ram[0].base, 0x40000000);
	assert_int_equal(p.ram[0].size, 0x40000000);

	d = plat_find_dev(&p, "gicd", 0);
	assert_non_null(d);
	assert_int_equal(d->base, 0x08000000);
	assert_int_equal(d->size, 0x10000);

	d = plat_find_dev(&p, "its", 0);
	assert_non_null(d);
	assert_string_equal(d->name, "its0");
	assert_int_equal(d->base, 0x08080000);
	/* GITS_TRANSLATER: ITS_base + 64 KiB translation frame + 0x40. */
	assert_int_equal(d->base + 0x10040, 0x08090040);

	d = plat_find_dev(&p, "gicr", 0);
	assert_non_null(d);
	assert_int_equal(d->base, 0x080a0000);
	/* 4 CPUs x 0x20000 per redistributor. */
	assert_int_equal(d->size, 0x80000);
	assert_null(plat_find_dev(&p, "gicr", 1));

	/* VIRT_PCIE_MMIO: the host bridge's window, which the DMA allocator avoids. */
	d = plat_find_dev(&p, "mmio", 0);
	assert_non_null(d);
	assert_string_equal(d->name, "pcie-mmio");
	assert_int_equal(d->base, 0x10000000);
	assert_int_equal(d->size, 0x2eff0000);
	assert_null(plat_find_dev(&p, "mmio", 1));
}

static void test_plat_qemu_virt_smmu_props(void **state)
{
	struct platform p;
	struct sm_err err = { 0 };
	const struct plat_dev *d;
	uint64_t v = 0;

	(void)state;
	assert_int_equal(plat_load("qemu-virt", &p, &err), SM_OK);
	d = plat_find_dev(&p, "smmu", 0);
	assert_non_null(d);
	assert_string_equal(d->name, "smmu0");
	assert_int_equal(d->base, 0x09050000);
	assert_int_equal(d->size, 0x20000);
	assert_int_equal(plat_prop_get(d, "sidsize", &v), SM_OK);
	assert_int_equal(v, 16);
	assert_int_equal(plat_prop_get(d, "ssidsize", &v), SM_OK);
	assert_int_equal(v, 20);
	assert_int_equal(plat_prop_get(d, "oas", &v), SM_OK);
	assert_int_equal(v, 48);
	assert_int_equal(plat_prop_get(d, "devid", &v), SM_OK);
	/* Bus 0xff's first RequesterID: inside the ITS's 16-bit DeviceIDs, outside the PCI map. */
	assert_int_equal(v, 0xff00);
	assert_int_equal(plat_prop_get(d, "nosuch", &v), SM_EINVAL);

	d = plat_find_dev(&p, "gicr", 0);
	assert_int_equal(plat_prop_get(d, "stride", &v), SM_OK);
	assert_int_equal(v, 0x20000);
	assert_int_equal(plat_prop_get(d, "count", &v), SM_OK);
	assert_int_equal(v, 4);
}

static void test_plat_qemu_virt_idmap_is_pci_identity(void **state)
{
	struct platform p;
	uint32_t devid = 1;

	(void)state;
	assert_int_equal(plat_builtin("qemu-virt", &p, NULL), SM_OK);
	assert_int_equal(p.nidmap, 1);
	assert_int_equal(plat_sid_to_devid(&p, 0, &devid), SM_OK);
	assert_int_equal(devid, 0);
	assert_int_equal(plat_sid_to_devid(&p, 0xfeff, &devid), SM_OK);
	assert_int_equal(devid, 0xfeff);
	/* count=0xff00: bus 0xff is left to the SMMU's own DeviceID. */
	assert_int_equal(plat_sid_to_devid(&p, 0xff00, &devid), SM_ERANGE);
}

static void test_plat_builtin_names_lists_qemu_virt(void **state)
{
	const char *const *n = plat_builtin_names();
	int found = 0;

	(void)state;
	for (; *n; n++) {
		struct platform p;

		found += strcmp(*n, "qemu-virt") == 0;
		/* Every listed name loads. */
		assert_int_equal(plat_builtin(*n, &p, NULL), SM_OK);
	}
	assert_int_equal(found, 1);
}

static void test_plat_unknown_builtin_lists_builtins(void **state)
{
	struct platform p;
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(plat_builtin("juno", &p, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "'juno'"));
	assert_non_null(strstr(err.msg, "qemu-virt"));
}

static void test_plat_full_syntax(void **state)
{
	struct platform p;
	const struct plat_dev *d;
	uint64_t v;

	(void)state;
	parse_ok("# header\n"
		 "\n"
		 "name   board-x   # trailing comment\n"
		 "\tram 0 0x1000\n"
		 "ram 0x100000 4096 name=hi\r\n"
		 "mmio 0x2000 0x100 name=uart irq=33\n"
		 "mmio 0x3000 0x100\n"
		 "smmu 0x10000 0x20000 sidsize=8 devid=0XABC\n"
		 "devid-map devid=0x100 count=16 sid=32\n"
		 "   # indented comment\n"
		 "devid-map sid=0 count=1 devid=7", /* no final newline */
		 &p);
	assert_string_equal(p.name, "board-x");
	assert_string_equal(p.source, "t.plat");
	assert_int_equal(p.nram, 2);
	assert_string_equal(p.ram[0].name, "ram0");
	assert_string_equal(p.ram[1].name, "hi");
	assert_int_equal(p.ram[1].size, 4096);
	assert_int_equal(p.ndevs, 3);

	d = plat_find_dev(&p, "mmio", 0);
	assert_string_equal(d->name, "uart");
	assert_int_equal(d->nprops, 1);
	assert_int_equal(plat_prop_get(d, "irq", &v), SM_OK);
	assert_int_equal(v, 33);
	assert_int_equal(d->line, 6);
	d = plat_find_dev(&p, "mmio", 1);
	/* Default name: kind plus index among that kind. */
	assert_string_equal(d->name, "mmio1");
	d = plat_find_dev(&p, "smmu", 0);
	assert_string_equal(d->name, "smmu0");
	assert_int_equal(plat_prop_get(d, "devid", &v), SM_OK);
	assert_int_equal(v, 0xabc);

	assert_int_equal(p.nidmap, 2);
	assert_int_equal(p.idmap[0].sid_base, 32);
	assert_int_equal(p.idmap[0].count, 16);
	assert_int_equal(p.idmap[0].devid_base, 0x100);
}

static void test_plat_sid_to_devid_maps_and_gaps(void **state)
{
	struct platform p;
	uint32_t devid = 0;

	(void)state;
	parse_ok("name x\n"
		 "devid-map sid=32 count=16 devid=0x100\n"
		 "devid-map sid=40 count=100 devid=0x900\n", &p);
	/* 37 is 5 into the first entry. */
	assert_int_equal(plat_sid_to_devid(&p, 37, &devid), SM_OK);
	assert_int_equal(devid, 0x105);
	/* 40 is covered by both: the first entry wins (0x100 + 8). */
	assert_int_equal(plat_sid_to_devid(&p, 40, &devid), SM_OK);
	assert_int_equal(devid, 0x108);
	/* 48 is past the first (32+16), 8 into the second. */
	assert_int_equal(plat_sid_to_devid(&p, 48, &devid), SM_OK);
	assert_int_equal(devid, 0x908);
	assert_int_equal(plat_sid_to_devid(&p, 31, &devid), SM_ERANGE);
	assert_int_equal(plat_sid_to_devid(&p, 140, &devid), SM_ERANGE);
	assert_int_equal(plat_sid_to_devid(&p, UINT32_MAX, &devid), SM_ERANGE);
}

static void test_plat_sid_to_devid_identity_without_map(void **state)
{
	struct platform p;
	uint32_t devid = 0;

	(void)state;
	parse_ok("name x\n", &p);
	assert_int_equal(plat_sid_to_devid(&p, 0x12345, &devid), SM_OK);
	assert_int_equal(devid, 0x12345);
	assert_int_equal(plat_sid_to_devid(&p, UINT32_MAX, &devid), SM_OK);
	assert_int_equal(devid, UINT32_MAX);
}

static void test_plat_sid_to_devid_hand_built_overflow(void **state)
{
	struct platform p = { .nidmap = 1 };
	uint32_t devid = 0;

	(void)state;
	/* Not parseable (the parser rejects it) but a caller can build it:
	 * sid_base + count and devid_base + offset both pass 2^32. */
	p.idmap[0] = (struct plat_idmap){ .sid_base = 0xfffffff0, .count = 0x100,
					  .devid_base = 0xfffffff8 };
	assert_int_equal(plat_sid_to_devid(&p, 0xfffffff4, &devid), SM_OK);
	assert_int_equal(devid, 0xfffffffc);
	/* Offset 0xc from 0xfffffff8 passes 2^32 - 1. */
	assert_int_equal(plat_sid_to_devid(&p, 0xfffffffc, &devid), SM_ERANGE);
	assert_int_equal(plat_sid_to_devid(&p, 0x10, &devid), SM_ERANGE);
}

static void test_plat_error_unknown_keyword_names_line(void **state)
{
	(void)state;
	expect_error("name x\n\n# c\nbogus 1 2\n", "t.plat:4: unknown keyword 'bogus'");
	/* Keywords are case-sensitive. */
	expect_error("name x\nRAM 0 1\n", "t.plat:2: unknown keyword 'RAM'");
}

static void test_plat_error_operand_counts(void **state)
{
	(void)state;
	expect_error("name\n", "t.plat:1: 'name' takes exactly one operand, got 0");
	expect_error("name a b\n", "t.plat:1: 'name' takes exactly one operand, got 2");
	expect_error("name x\nram 0x1000\n", "t.plat:2: 'ram' needs BASE SIZE");
	expect_error("name x\nsmmu\n", "t.plat:2: 'smmu' needs BASE SIZE");
	expect_error("name x\nram 0 0x1000 0x2000\n", "t.plat:2: unexpected operand '0x2000'");
	expect_error("name x\nram 0 0x1000 size=4\n", "unexpected operand 'size=4'");
	expect_error("name x\ngicd 0 0x1000 extra\n", "t.plat:2: expected key=value, got 'extra'");
	expect_error("name x\ngicd 0 0x1000 =4\n", "expected key=value, got '=4'");
	expect_error("name x\ngicd 0 0x1000 k=\n", "expected key=value, got 'k='");
}

static void test_plat_error_bad_numbers(void **state)
{
	(void)state;
	expect_error("name x\nram 0x 0x1000\n", "t.plat:2: bad base '0x'");
	expect_error("name x\nram 12ab 0x1000\n", "bad base '12ab'");
	expect_error("name x\nram -1 0x1000\n", "bad base '-1'");
	expect_error("name x\nram 0 1K\n", "bad size '1K'");
	/* 2^64 is one too many. */
	expect_error("name x\nram 0 18446744073709551616\n", "bad size");
	expect_error("name x\nram 0 0x10000000000000000\n", "bad size");
	expect_error("name x\nits 0 0x1000 x=y\n", "bad value for 'x': 'y'");
	expect_error("name x\nits 0 0x1000 x=0x\n", "bad value for 'x'");
}

static void test_plat_max_numbers_parse(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("name x\nmmio 18446744073709551615 1 big=0xFFFFFFFFFFFFFFFF\n", &p);
	assert_int_equal(p.devs[0].base, UINT64_MAX);
	assert_int_equal(p.devs[0].props[0].val, UINT64_MAX);
}

static void test_plat_error_size_zero_and_wrap(void **state)
{
	struct platform p;

	(void)state;
	expect_error("name x\nram 0x1000 0\n", "t.plat:2: size is 0");
	expect_error("name x\nits 0x1000 0x0\n", "size is 0");
	/* 0xfffffffffffff000 + 0x2000 runs past 2^64. */
	expect_error("name x\nram 0xfffffffffffff000 0x2000\n", "t.plat:2: range");
	expect_error("name x\nram 0xfffffffffffff000 0x2000\n", "wraps past 2^64");
	/* Ending exactly at 2^64 - 1 is fine. */
	parse_ok("name x\nram 0xfffffffffffff000 0x1000\n", &p);
}

static void test_plat_error_overlaps_name_both(void **state)
{
	(void)state;
	expect_error("name x\nram 0x1000 0x1000 name=low\nits 0x1800 0x1000\n",
		     "t.plat:3: its 'its0' [0x1800-0x27ff] overlaps ram 'low' [0x1000-0x1fff]");
	expect_error("name x\nsmmu 0x10000 0x20000\nmmio 0x0 0x10001 name=wide\n",
		     "t.plat:3: mmio 'wide' [0x0-0x10000] overlaps smmu 'smmu0' "
		     "[0x10000-0x2ffff] (line 2)");
	expect_error("name x\nram 0 0x1000\nram 0xfff 1\n", "ram 'ram1' [0xfff-0xfff] overlaps ram 'ram0'");
}

static void test_plat_error_duplicates(void **state)
{
	(void)state;
	expect_error("name x\nsmmu 0 0x1000 oas=48 oas=44\n", "t.plat:2: duplicate key 'oas'");
	expect_error("name x\nsmmu 0 0x1000 name=a name=b\n", "duplicate key 'name'");
	expect_error("name x\nram 0 0x1000 name=a name=b\n", "duplicate key 'name'");
	expect_error("name x\nname y\n", "t.plat:2: second 'name' (first on line 1)");
	expect_error("name x\ndevid-map sid=1 sid=2 count=1 devid=0\n", "duplicate key 'sid'");
}

static void test_plat_error_devid_map(void **state)
{
	(void)state;
	expect_error("name x\ndevid-map sid=0 count=1\n", "t.plat:2: devid-map needs devid=N");
	expect_error("name x\ndevid-map\n", "devid-map needs sid=N");
	expect_error("name x\ndevid-map sid=0 count=1 devid=0 foo=1\n",
		     "unknown devid-map key 'foo'");
	expect_error("name x\ndevid-map sid=0 count=0 devid=0\n", "devid-map count is 0");
	expect_error("name x\ndevid-map sid=0x100000000 count=1 devid=0\n", "bad sid");
	/* 0xffffffff + 2 StreamIDs pass 2^32. */
	expect_error("name x\ndevid-map sid=0xffffffff count=2 devid=0\n", "pass 2^32");
	expect_error("name x\ndevid-map sid=0 count=2 devid=0xffffffff\n", "DeviceIDs");
}

static void test_plat_error_too_many_entries(void **state)
{
	char *text = malloc(8192);
	size_t n;

	(void)state;
	n = (size_t)sprintf(text, "name x\n");
	for (int i = 0; i <= PLAT_MAX_RAM; i++)
		n += (size_t)sprintf(text + n, "ram 0x%x 0x1000\n", i * 0x1000);
	/* Line 1 is name, so ram number PLAT_MAX_RAM + 1 is line 18. */
	expect_error(text, "t.plat:18: too many ram ranges (at most 16)");

	n = (size_t)sprintf(text, "name x\n");
	for (int i = 0; i <= PLAT_MAX_DEVS; i++)
		n += (size_t)sprintf(text + n, "mmio 0x%x 0x1000\n", i * 0x1000);
	expect_error(text, "t.plat:34: too many device windows (at most 32)");

	n = (size_t)sprintf(text, "name x\n");
	for (int i = 0; i <= PLAT_MAX_IDMAP; i++)
		n += (size_t)sprintf(text + n, "devid-map sid=%d count=1 devid=0\n", i);
	expect_error(text, "t.plat:34: too many devid-map entries (at most 32)");

	n = (size_t)sprintf(text, "name x\nsmmu 0 0x1000");
	for (int i = 0; i <= PLAT_MAX_PROPS; i++)
		n += (size_t)sprintf(text + n, " p%d=%d", i, i);
	expect_error(text, "t.plat:2: too many");
	free(text);
}

static void test_plat_exactly_max_props_fit(void **state)
{
	char text[1024];
	size_t n;
	struct platform p;

	(void)state;
	n = (size_t)sprintf(text, "name x\nsmmu 0 0x1000 name=s");
	for (int i = 0; i < PLAT_MAX_PROPS; i++)
		n += (size_t)sprintf(text + n, " p%d=%d", i, i);
	parse_ok(text, &p);
	assert_int_equal(p.devs[0].nprops, PLAT_MAX_PROPS);
	assert_string_equal(p.devs[0].name, "s");
}

static void test_plat_error_missing_name(void **state)
{
	(void)state;
	expect_error("ram 0 0x1000\n# end\n", "t.plat:2: no 'name' line");
	expect_error("", "t.plat:1: no 'name' line");
	expect_error("   \n\t\n", "no 'name' line");
}

static void test_plat_error_long_name_and_key(void **state)
{
	(void)state;
	/* 48 characters: one more than PLAT_NAME_LEN - 1. */
	expect_error("name 123456789012345678901234567890123456789012345678\n",
		     "longer than 47 characters");
	/* 24 characters: key[24] holds at most 23. */
	expect_error("name x\nits 0 1 abcdefghijklmnopqrstuvwx=1\n", "longer than 23 characters");
}

static void test_plat_long_line_no_crash(void **state)
{
	/* A 200 KiB line of one token: quoted back truncated, no overflow. */
	size_t len = 200 * 1024;
	char *text = malloc(len + 16);
	struct platform p;
	struct sm_err err = { 0 };

	(void)state;
	memcpy(text, "name x\n", 7);
	memset(text + 7, 'z', len);
	text[7 + len] = '\0';
	assert_int_equal(plat_parse(text, "t.plat", &p, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "t.plat:2: unknown keyword 'zzzz"));
	/* And many short tokens on one line. */
	for (size_t i = 7; i + 1 < 7 + len; i += 2) {
		text[i] = 'a';
		text[i + 1] = ' ';
	}
	assert_int_equal(plat_parse(text, "t.plat", &p, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "t.plat:2:"));
	free(text);
}

static void test_plat_garbage_input_no_crash(void **state)
{
	struct platform p;
	struct sm_err err;
	char text[64];
	uint32_t x = 12345;

	(void)state;
	/* A deterministic byte soup; any result is fine as long as it is
	 * SM_OK or SM_EINVAL with a SRC:LINE message (checked under ASan). */
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(round % 63);

		for (size_t i = 0; i < n; i++) {
			static const char alphabet[] = "name ram smmu its=0x1 #\n\t\r=9fxX";

			x = x * 1103515245u + 12345u;
			text[i] = alphabet[(x >> 16) % (sizeof(alphabet) - 1)];
		}
		text[n] = '\0';
		memset(&err, 0, sizeof(err));
		int rc = plat_parse(text, "soup", &p, &err);

		if (rc != SM_OK) {
			assert_int_equal(rc, SM_EINVAL);
			assert_memory_equal(err.msg, "soup:", 5);
		}
	}
}

static void test_plat_load_file(void **state)
{
	char path[] = "/tmp/test_platform_XXXXXX";
	int fd = mkstemp(path);
	struct platform p;
	struct sm_err err = { 0 };
	const char text[] = "name file-board\nram 0 0x1000\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	assert_int_equal(plat_load(path, &p, &err), SM_OK);
	assert_string_equal(p.name, "file-board");
	unlink(path);
}

static void test_plat_load_file_error_names_path_and_line(void **state)
{
	char path[] = "/tmp/test_platform_XXXXXX";
	int fd = mkstemp(path);
	struct platform p;
	struct sm_err err = { 0 };
	const char text[] = "name b\nram 0 0\n";
	char want[64];

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	assert_int_equal(plat_load(path, &p, &err), SM_EINVAL);
	snprintf(want, sizeof(want), "%s:2: size is 0", path);
	assert_string_equal(err.msg, want);
	unlink(path);
}

static void test_plat_load_missing_file_is_eio(void **state)
{
	struct platform p;
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(plat_load("/nonexistent/board.plat", &p, &err), SM_EIO);
	assert_int_equal(err.code, SM_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent/board.plat"));
	assert_non_null(strstr(err.msg, "No such file"));
}

static void test_plat_load_oversized_file_is_einval(void **state)
{
	char path[] = "/tmp/test_platform_XXXXXX";
	int fd = mkstemp(path);
	struct platform p;
	struct sm_err err = { 0 };
	static char comment[(1 << 20) + 1];

	(void)state;
	assert_true(fd >= 0);
	/* 1 MiB + 1 of comment: one byte past the limit. */
	memset(comment, '#', sizeof(comment));
	assert_int_equal(write(fd, comment, sizeof(comment)), (ssize_t)sizeof(comment));
	close(fd);
	assert_int_equal(plat_load(path, &p, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "1 MiB"));
	unlink(path);
}

static void test_plat_load_nul_byte_is_einval(void **state)
{
	char path[] = "/tmp/test_platform_XXXXXX";
	int fd = mkstemp(path);
	struct platform p;
	struct sm_err err = { 0 };
	const char text[] = "name b\nram 0 1\x00junk\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	assert_int_equal(plat_load(path, &p, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, ":2: NUL byte"));
	unlink(path);
}

static void test_plat_two_instances_independent(void **state)
{
	struct platform a, b;
	const struct plat_dev *da, *db;

	(void)state;
	assert_int_equal(plat_builtin("qemu-virt", &a, NULL), SM_OK);
	parse_ok("name other\nsmmu 0x2b400000 0x20000 sidsize=8\n", &b);
	da = plat_find_dev(&a, "smmu", 0);
	db = plat_find_dev(&b, "smmu", 0);
	assert_int_equal(da->base, 0x09050000);
	assert_int_equal(db->base, 0x2b400000);
	assert_string_equal(a.name, "qemu-virt");
	assert_string_equal(b.name, "other");
	/* Re-parsing into b does not disturb a. */
	parse_ok("name third\n", &b);
	assert_int_equal(a.ndevs, 5); /* gicd, its, gicr, smmu, pcie-mmio */
	assert_int_equal(plat_find_dev(&a, "smmu", 0)->base, 0x09050000);
}

static void test_plat_parse_null_text_is_einval(void **state)
{
	struct platform p;
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(plat_parse(NULL, "x", &p, &err), SM_EINVAL);
	assert_int_equal(plat_builtin(NULL, &p, &err), SM_EINVAL);
}

static void test_plat_shipped_fvp_base_addresses(void **state)
{
	struct platform p;
	const struct plat_dev *d;

	(void)state;
	assert_int_equal(plat_load("fvp-base", &p, NULL), SM_OK);
	assert_string_equal(p.name, "fvp-base");
	/* fvp-base-revc.dts memory@80000000: two 2 GiB banks. */
	assert_int_equal(p.nram, 2);
	assert_int_equal(p.ram[0].base, 0x80000000);
	assert_int_equal(p.ram[1].base, 0x880000000);
	d = plat_find_dev(&p, "its", 0);
	assert_int_equal(d->base, 0x2f020000);
	d = plat_find_dev(&p, "smmu", 0);
	assert_int_equal(d->base, 0x2b400000);
	assert_int_equal(d->sid_base, 0);
	assert_int_equal(d->sid_count, 0x10000);
	assert_false(d->msi_bypass);
	/* sid-base/sid-count are not SMMU properties: the SMMU model never sees them. */
	assert_int_equal(plat_prop_get(d, "sid-count", &(uint64_t){ 0 }), SM_EINVAL);
}

static void test_plat_shipped_srv_hd_high_doorbell(void **state)
{
	struct platform p;
	const struct plat_dev *its, *hit = NULL;

	(void)state;
	assert_int_equal(plat_load("srv-hd", &p, NULL), SM_OK);
	for (unsigned i = 0; i < p.nram; i++)
		assert_true(p.ram[i].base != 0);
	its = plat_find_dev(&p, "its", 0);
	/* The doorbell is above 4 GiB. */
	assert_true(its->base + PLAT_ITS_TRANSLATER_OFF > UINT32_MAX);
	/* smmu0 (PCIe) passes MSIs to the translation frame untranslated; smmu1 does not. */
	assert_true(plat_msi_bypass(&p, 0x10, its->base + PLAT_ITS_TRANSLATER_OFF, &hit));
	assert_ptr_equal(hit, its);
	assert_false(plat_msi_bypass(&p, 0x10, its->base + 0x40, NULL));   /* control frame */
	assert_false(plat_msi_bypass(&p, 0x10000, its->base + PLAT_ITS_TRANSLATER_OFF, NULL));
	assert_string_equal(plat_smmu_for_sid(&p, 0xffff)->name, "smmu0");
	assert_string_equal(plat_smmu_for_sid(&p, 0x10000)->name, "smmu1");
	assert_null(plat_smmu_for_sid(&p, 0x10100));
	/* The AHCI controller is a 32-bit device; its neighbours are not. */
	assert_int_equal(plat_dma_bits(&p, 0x200), 32);
	assert_int_equal(plat_dma_bits(&p, 0x201), 64);
	assert_int_equal(p.nresv, 2);
	assert_int_equal(p.resv[0].kind, PLAT_RESV_RMR);
	assert_false(p.resv[0].remap);
	assert_true(p.resv[1].remap);
}

static void test_plat_every_builtin_is_named_as_listed(void **state)
{
	(void)state;
	for (const char *const *n = plat_builtin_names(); *n; n++) {
		struct platform p;
		struct sm_err err = { 0 };

		if (plat_builtin(*n, &p, &err))
			fail_msg("%s: %s", *n, err.msg);
		assert_string_equal(p.name, *n);
	}
}

static void test_plat_rmr_reserved_device_lines(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("name r\n"
		 "ram 0x80000000 0x10000000\n"
		 "rmr 0x80100000 0x1000 sid=0x10 count=2 name=fw\n"
		 "rmr 0x80200000 0x2000 remap=1 sid=7\n"
		 "reserved 0 0x100000\n"
		 "reserved 0xfffffffffffff000 0x1000 sid=3 name=top\n"
		 "device sid=0x200 dma-bits=32 name=old\n"
		 "device dma-bits=40 count=0x100000000 sid=0\n", &p);
	assert_int_equal(p.nresv, 4);
	assert_string_equal(p.resv[0].name, "fw");
	assert_int_equal(p.resv[0].sid_base, 0x10);
	assert_int_equal(p.resv[0].sid_count, 2);
	assert_int_equal(p.resv[0].line, 3);
	assert_string_equal(p.resv[1].name, "rmr1");      /* default: kind + index */
	assert_true(p.resv[1].remap);
	assert_int_equal(p.resv[1].sid_count, 1);          /* count defaults to 1 */
	assert_int_equal(p.resv[2].kind, PLAT_RESV_RESERVED);
	assert_int_equal(p.resv[2].sid_count, 0);          /* no sid=: every StreamID */
	assert_true(plat_sid_in(0xffffffff, p.resv[2].sid_base, p.resv[2].sid_count));
	/* A range may end exactly at 2^64 - 1. */
	assert_int_equal(p.resv[3].base + (p.resv[3].size - 1), UINT64_MAX);
	assert_int_equal(p.ndevices, 2);
	assert_int_equal(plat_dma_bits(&p, 0x200), 32);
	/* First matching line wins; the second covers every 32-bit StreamID. */
	assert_int_equal(plat_dma_bits(&p, 0xffffffff), 40);
	assert_false(plat_sid_in(0x12, 0x10, 2));
	assert_true(plat_sid_in(0x11, 0x10, 2));
}

static void test_plat_error_new_lines(void **state)
{
	(void)state;
	expect_error("name x\nrmr 0 0x1000\n", "t.plat:2: rmr needs sid=N");
	expect_error("name x\nrmr 0x1000\n", "'rmr' needs BASE SIZE");
	expect_error("name x\nreserved 0 0x1000 count=2\n", "reserved: count= needs sid=");
	expect_error("name x\nreserved 0 0x1000 remap=1\n", "unknown reserved key 'remap'");
	expect_error("name x\nrmr 0 0x1000 sid=1 remap=2\n", "bad remap '2' (want 0 or 1)");
	expect_error("name x\nrmr 0 0 sid=1\n", "size is 0");
	expect_error("name x\nrmr 0 0x1000 sid=0xffffffff count=2\n", "pass 2^32");
	expect_error("name x\nrmr 0 0x1000 sid=1 count=0\n", "rmr count is 0");
	expect_error("name x\nrmr 0 0x1000 sid=1 sid=2\n", "duplicate key 'sid'");
	expect_error("name x\nrmr 0 0x1000 sid=1 junk\n", "expected key=value, got 'junk'");
	expect_error("name x\ndevice sid=1\n", "t.plat:2: device needs dma-bits=N");
	expect_error("name x\ndevice dma-bits=32\n", "device needs sid=N");
	expect_error("name x\ndevice sid=1 dma-bits=0\n", "bad dma-bits '0'");
	expect_error("name x\ndevice sid=1 dma-bits=65\n", "bad dma-bits '65' (want 1..64)");
	expect_error("name x\nsmmu 0 0x1000 sid-count=0\n", "smmu sid count is 0");
	expect_error("name x\nsmmu 0 0x1000 sid-base=1 sid-base=2\n", "duplicate key 'sid-base'");
	expect_error("name x\nsmmu 0 0x1000 msi-bypass=2\n", "bad msi-bypass '2'");
	expect_error("name x\nsmmu 0 0x1000 sid-base=0x100000000\n", "bad sid-base");
	/* Guest keywords are not platform keywords. */
	expect_error("name x\ndma-window 0 0x1000\n", "unknown keyword 'dma-window'");
}

static void test_plat_smmu_sid_base_alone_runs_to_top(void **state)
{
	struct platform p;
	const struct plat_dev *d;

	(void)state;
	parse_ok("name s\nsmmu 0 0x20000 sid-base=0x8000 sidsize=16\n", &p);
	d = plat_find_dev(&p, "smmu", 0);
	assert_int_equal(d->nprops, 1);
	assert_int_equal(d->sid_count, UINT64_C(0x100000000) - 0x8000);
	assert_null(plat_smmu_for_sid(&p, 0x7fff));
	assert_ptr_equal(plat_smmu_for_sid(&p, 0xffffffff), d);
}

static void test_plat_guest_layout(void **state)
{
	struct platform g;
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(plat_parse_guest("name vm\nram 0x40000000 0x40000000\n"
					  "dma-window 0 0x100000000 name=dma32\n", "g", &g, &err), SM_OK);
	assert_true(g.guest);
	assert_int_equal(g.iova_bits, 48);
	assert_int_equal(g.ndmawin, 1);
	assert_string_equal(g.dmawin[0].name, "dma32");
	/* A DMA window may cover RAM: it is an IOVA range, not a part of the map. */
	assert_int_equal(plat_parse_guest("name vm\nram 0 0x1000\ndma-window 0 0x2000\niova-bits 32\n",
					  "g", &g, &err), SM_OK);
	assert_int_equal(g.iova_bits, 32);
	assert_int_equal(plat_parse_guest("name vm\nsmmu 0 0x1000\n", "g", &g, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "g:2: unknown guest layout keyword 'smmu'"));
	assert_int_equal(plat_parse_guest("name vm\n", "g", &g, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "needs a ram or dma-window line"));
	assert_int_equal(plat_parse_guest("name vm\nram 0 1\niova-bits 65\n", "g", &g, &err), SM_EINVAL);
	assert_non_null(strstr(err.msg, "out of range 12..64"));
	assert_int_equal(plat_parse_guest("name vm\nram 0 1\niova-bits 40\niova-bits 40\n", "g", &g,
					  &err), SM_EINVAL);
	assert_int_equal(plat_parse_guest("name vm\nram 0 1\ndma-window 0 1 foo=1\n", "g", &g, &err),
			 SM_EINVAL);
	assert_non_null(strstr(err.msg, "unknown dma-window key 'foo' (want name)"));
	/* Ranges in a guest layout may not overlap one another when they are RAM. */
	assert_int_equal(plat_parse_guest("name vm\nram 0 0x2000\nram 0x1000 0x1000\n", "g", &g, &err),
			 SM_EINVAL);
}

static void test_plat_load_unknown_name_says_where_it_looked(void **state)
{
	struct platform p;
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(plat_load("no-such-machine", &p, &err), SM_EIO);
	assert_non_null(strstr(err.msg, "no platform 'no-such-machine'"));
	assert_non_null(strstr(err.msg, "smmuits platforms"));
	/* A path is not searched for: the system's reason stays. */
	assert_int_equal(plat_load("./no-such.plat", &p, &err), SM_EIO);
	assert_non_null(strstr(err.msg, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plat_qemu_virt_addresses),
		cmocka_unit_test(test_plat_qemu_virt_smmu_props),
		cmocka_unit_test(test_plat_qemu_virt_idmap_is_pci_identity),
		cmocka_unit_test(test_plat_builtin_names_lists_qemu_virt),
		cmocka_unit_test(test_plat_unknown_builtin_lists_builtins),
		cmocka_unit_test(test_plat_full_syntax),
		cmocka_unit_test(test_plat_sid_to_devid_maps_and_gaps),
		cmocka_unit_test(test_plat_sid_to_devid_identity_without_map),
		cmocka_unit_test(test_plat_sid_to_devid_hand_built_overflow),
		cmocka_unit_test(test_plat_error_unknown_keyword_names_line),
		cmocka_unit_test(test_plat_error_operand_counts),
		cmocka_unit_test(test_plat_error_bad_numbers),
		cmocka_unit_test(test_plat_max_numbers_parse),
		cmocka_unit_test(test_plat_error_size_zero_and_wrap),
		cmocka_unit_test(test_plat_error_overlaps_name_both),
		cmocka_unit_test(test_plat_error_duplicates),
		cmocka_unit_test(test_plat_error_devid_map),
		cmocka_unit_test(test_plat_error_too_many_entries),
		cmocka_unit_test(test_plat_exactly_max_props_fit),
		cmocka_unit_test(test_plat_error_missing_name),
		cmocka_unit_test(test_plat_error_long_name_and_key),
		cmocka_unit_test(test_plat_long_line_no_crash),
		cmocka_unit_test(test_plat_garbage_input_no_crash),
		cmocka_unit_test(test_plat_load_file),
		cmocka_unit_test(test_plat_load_file_error_names_path_and_line),
		cmocka_unit_test(test_plat_load_missing_file_is_eio),
		cmocka_unit_test(test_plat_load_oversized_file_is_einval),
		cmocka_unit_test(test_plat_load_nul_byte_is_einval),
		cmocka_unit_test(test_plat_two_instances_independent),
		cmocka_unit_test(test_plat_parse_null_text_is_einval),
		cmocka_unit_test(test_plat_shipped_fvp_base_addresses),
		cmocka_unit_test(test_plat_shipped_srv_hd_high_doorbell),
		cmocka_unit_test(test_plat_every_builtin_is_named_as_listed),
		cmocka_unit_test(test_plat_rmr_reserved_device_lines),
		cmocka_unit_test(test_plat_error_new_lines),
		cmocka_unit_test(test_plat_smmu_sid_base_alone_runs_to_top),
		cmocka_unit_test(test_plat_guest_layout),
		cmocka_unit_test(test_plat_load_unknown_name_says_where_it_looked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

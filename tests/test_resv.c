/* SPDX-License-Identifier: MIT */
/* Reserved regions from platforms, and the migrate-check conflict computation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#ifndef SRCDIR
#define SRCDIR "."
#endif

#include "harness/migrate.h"
#include "harness/multiplat.h"
#include "harness/resv.h"

static struct platform *load(const char *name)
{
	struct platform *p = malloc(sizeof(*p));
	struct sm_err err = { 0 };

	assert_non_null(p);
	if (plat_load(name, p, &err))
		fail_msg("%s: %s", name, err.msg);
	return p;
}

static struct platform *guest(const char *text)
{
	struct platform *p = malloc(sizeof(*p));
	struct sm_err err = { 0 };

	assert_non_null(p);
	if (plat_parse_guest(text, "g", p, &err))
		fail_msg("%s", err.msg);
	return p;
}

static const struct resv_region *find(const struct resv_list *l, enum resv_type t)
{
	for (unsigned i = 0; i < l->n; i++)
		if (l->r[i].type == t)
			return &l->r[i];
	return NULL;
}

static void test_resv_qemu_virt_is_sw_msi_and_pci_window(void **state)
{
	struct platform *p = load("qemu-virt");
	struct resv_list l;
	const struct resv_region *r;

	(void)state;
	assert_int_equal(resv_collect(p, false, 0x10, &l, NULL), SM_OK);
	assert_int_equal(l.n, 2);
	/* Linux's MSI_IOVA_BASE, MSI_IOVA_LENGTH: 0x8000000, 1 MiB. */
	r = find(&l, RESV_SW_MSI);
	assert_int_equal(r->r.first, 0x8000000);
	assert_int_equal(r->r.last, 0x80fffff);
	assert_true(r->vfio);
	assert_null(find(&l, RESV_MSI));
	/* The host bridge window is the kernel's business only, not VFIO's. */
	r = find(&l, RESV_RESERVED);
	assert_int_equal(r->r.first, 0x10000000);
	assert_false(r->vfio);
	/* Sorted by address. */
	assert_true(l.r[0].r.first < l.r[1].r.first);
	free(p);
}

static void test_resv_msi_bypass_reports_the_doorbell_frame(void **state)
{
	struct platform *p = load("srv-hd");
	struct resv_list l;
	const struct resv_region *r;

	(void)state;
	assert_int_equal(resv_collect(p, false, 0x10, &l, NULL), SM_OK);
	r = find(&l, RESV_MSI);
	assert_non_null(r);
	/* iort_iommu_msi_get_resv_regions: ITS base + 64 KiB, 64 KiB. */
	assert_int_equal(r->r.first, 0x1000030000);
	assert_int_equal(r->r.last, 0x100003ffff);
	/* The RMRs are for other StreamIDs. */
	assert_null(find(&l, RESV_DIRECT));
	assert_null(find(&l, RESV_DIRECT_RELAXABLE));
	/* smmu1 remaps MSIs: the software window, no hardware one. */
	assert_int_equal(resv_collect(p, false, 0x10000, &l, NULL), SM_OK);
	assert_null(find(&l, RESV_MSI));
	assert_non_null(find(&l, RESV_SW_MSI));
	free(p);
}

static void test_resv_rmrs_by_streamid(void **state)
{
	struct platform *p = load("srv-hd");
	struct resv_list l;
	const struct resv_region *r;

	(void)state;
	assert_int_equal(resv_collect(p, false, 0x100, &l, NULL), SM_OK);
	r = find(&l, RESV_DIRECT);
	assert_string_equal(r->name, "nic-bmc-buffer");
	assert_int_equal(r->r.first, 0xf0000000);
	assert_true(r->vfio);
	assert_int_equal(resv_collect(p, false, 0x300, &l, NULL), SM_OK);
	r = find(&l, RESV_DIRECT_RELAXABLE);
	assert_string_equal(r->name, "gpu-efifb");
	/* vfio_iommu_resv_exclude skips relaxable regions. */
	assert_false(r->vfio);
	/* Every device: both, each saying which StreamID it is for, sw-msi listed once. */
	assert_int_equal(resv_collect(p, true, 0, &l, NULL), SM_OK);
	assert_int_equal(find(&l, RESV_DIRECT)->sid_base, 0x100);
	assert_int_equal(find(&l, RESV_DIRECT)->sid_count, 1);
	unsigned sw = 0;
	for (unsigned i = 0; i < l.n; i++)
		sw += l.r[i].type == RESV_SW_MSI;
	assert_int_equal(sw, 1);
	free(p);
}

static void test_resv_streamid_behind_no_smmu(void **state)
{
	struct platform *p = load("srv-hd");
	struct resv_list l;
	struct sm_err err = { 0 };

	(void)state;
	assert_int_equal(resv_collect(p, false, 0x10100, &l, &err), SM_ERANGE);
	assert_non_null(strstr(err.msg, "behind no SMMU"));
	assert_int_equal(l.n, 0);
	free(p);
}

static void test_resv_list_full_is_an_error(void **state)
{
	struct resv_list l = { 0 };
	struct resv_region r = { .r = { 0, 0xfff } };
	struct sm_err err = { 0 };

	(void)state;
	for (unsigned i = 0; i < RESV_MAX; i++) {
		r.r.first = r.r.last = RESV_MAX - i;   /* added in reverse: kept sorted */
		assert_int_equal(resv_add(&l, &r, &err), SM_OK);
	}
	assert_int_equal(resv_add(&l, &r, &err), SM_ERANGE);
	for (unsigned i = 1; i < l.n; i++)
		assert_true(l.r[i - 1].r.first < l.r[i].r.first);
}

static struct platform *run(const char *gtext, const char *const *names, unsigned n, struct migrate_result *res)
{
	struct platform *g = guest(gtext);
	const struct platform *hosts[MIGRATE_MAX_HOSTS];
	struct sm_err err = { 0 };

	for (unsigned i = 0; i < n; i++)
		hosts[i] = load(names[i]);
	if (migrate_check(g, hosts, n, true, 0, res, &err))
		fail_msg("%s", err.msg);
	for (unsigned i = 0; i < n; i++)
		free((void *)hosts[i]);
	/* place[].range points into the guest: the caller frees it after its checks. */
	return g;
}

static void test_migrate_qemu_layout_fits_qemu_and_fvp(void **state)
{
	static const char *const hosts[] = { "qemu-virt", "fvp-base" };
	struct migrate_result *res = calloc(1, sizeof(*res));

	(void)state;
	struct platform *g = run("name vm\nram 0x40000000 0x100000000\n", hosts, 2, res);
	assert_true(res->works_as_given);
	assert_true(res->migratable);
	assert_int_equal(res->collisions, 0);
	/* The union: just Linux's MSI window (host bridge windows are not VFIO's). */
	assert_int_equal(res->reserved.n, 1);
	assert_int_equal(res->reserved.v[0].first, 0x8000000);
	assert_false(res->place[0].moved);
	migrate_free(res);
	free(res);
	free(g);
}

static void test_migrate_ram_at_zero_moves_past_the_msi_window(void **state)
{
	static const char *const hosts[] = { "qemu-virt", "fvp-base", "srv-hd" };
	struct migrate_result *res = calloc(1, sizeof(*res));

	(void)state;
	struct platform *g = run("name vm\nram 0 0xc0000000\ndma-window 0 0x100000000\n", hosts, 3, res);
	assert_false(res->works_as_given);
	assert_true(res->migratable);
	/* 3 GiB, 1 GiB-aligned, clear of 0x8000000+1M and srv-hd's RMR at 0xf0000000: 4 GiB. */
	assert_true(res->place[0].moved);
	assert_int_equal(res->place[0].at.first, 0x100000000);
	/* The DMA window stays: the guest reserves the holes in it. */
	assert_false(res->place[1].moved);
	assert_true(res->place[1].placed);
	/* Union: sw-msi, srv-hd's RMR, srv-hd's doorbell frame (touching ranges would merge). */
	assert_int_equal(res->reserved.n, 3);
	assert_int_equal(res->reserved.v[2].first, 0x1000030000);
	migrate_free(res);
	free(res);
	free(g);
}

static void test_migrate_no_layout_in_32_bits(void **state)
{
	static const char *const hosts[] = { "qemu-virt" };
	struct migrate_result *res = calloc(1, sizeof(*res));

	(void)state;
	/* 4 GiB of RAM in a 4 GiB IOVA space with a 1 MiB hole: no room. */
	struct platform *g = run("name vm\niova-bits 32\nram 0 0x100000000\n", hosts, 1, res);
	assert_false(res->works_as_given);
	assert_false(res->migratable);
	assert_false(res->place[0].placed);
	migrate_free(res);
	free(res);
	free(g);
}

static void test_migrate_window_wholly_reserved_fails(void **state)
{
	static const char *const hosts[] = { "fvp-base" };
	struct migrate_result *res = calloc(1, sizeof(*res));

	(void)state;
	/* A window inside the MSI window has no usable IOVA left. */
	struct platform *g = run("name vm\nram 0x40000000 0x1000\ndma-window 0x8010000 0x1000\n", hosts, 1, res);
	assert_false(res->place[1].placed);
	assert_false(res->migratable);
	migrate_free(res);
	free(res);
	free(g);
}

static void test_migrate_ram_above_the_host_input_range(void **state)
{
	static const char *const hosts[] = { "qemu-virt" };
	struct migrate_result *res = calloc(1, sizeof(*res));

	(void)state;
	/* qemu-virt's SMMU has a 48-bit input range: RAM at 2^48 must move below it. */
	struct platform *g = run("name vm\niova-bits 52\nram 0x1000000000000 0x40000000\n", hosts, 1, res);
	assert_int_equal(res->limit_bits, 48);
	assert_false(res->works_as_given);
	assert_true(res->migratable);
	assert_true(res->place[0].at.last < (UINT64_C(1) << 48));
	migrate_free(res);
	free(res);
	free(g);
}

static void test_multiplat_same_trace_two_hosts(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct replay_opts o = { .quiet = true, .out = f };
	struct replay_result r;

	(void)state;
	assert_non_null(f);
	multiplat_replay(SRCDIR "/tests/traces/plat-doorbell-qemu.drv.trace", "qemu-virt,fvp-base",
			 &o, &r);
	fclose(f);
	/* The qemu-virt doorbell page is NOR flash on fvp-base: the MSI and its ack fail there. */
	assert_false(r.malformed);
	assert_int_equal(r.failed, 2);
	assert_non_null(strstr(buf, "    qemu-virt    ok   lpi:8300@cpu0 via pa:0x8090040 (its0)"));
	assert_non_null(strstr(buf, "    fvp-base     FAIL bus-error at pa:0x8090040 (smb-cs0-flash)"));
	free(buf);
	/* A bad list is malformed, nothing runs. */
	f = open_memstream(&buf, &len);
	o.out = f;
	multiplat_replay(SRCDIR "/tests/traces/plat-doorbell-qemu.drv.trace", "qemu-virt,,x", &o, &r);
	fclose(f);
	assert_true(r.malformed || r.failed);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resv_qemu_virt_is_sw_msi_and_pci_window),
		cmocka_unit_test(test_resv_msi_bypass_reports_the_doorbell_frame),
		cmocka_unit_test(test_resv_rmrs_by_streamid),
		cmocka_unit_test(test_resv_streamid_behind_no_smmu),
		cmocka_unit_test(test_resv_list_full_is_an_error),
		cmocka_unit_test(test_migrate_qemu_layout_fits_qemu_and_fvp),
		cmocka_unit_test(test_migrate_ram_at_zero_moves_past_the_msi_window),
		cmocka_unit_test(test_migrate_no_layout_in_32_bits),
		cmocka_unit_test(test_migrate_window_wholly_reserved_fails),
		cmocka_unit_test(test_migrate_ram_above_the_host_input_range),
		cmocka_unit_test(test_multiplat_same_trace_two_hosts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

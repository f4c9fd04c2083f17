/* SPDX-License-Identifier: MIT */
/*
 * Two systems for a fast path's differential test (test_smmu_fast.c,
 * test_its_fast.c): system 0 on the shipped platform, system 1 on the same
 * platform with the fast paths off (fast_path=0), driven by the same text.
 */
#ifndef SMMUITS_TESTS_FAST_PAIR_H
#define SMMUITS_TESTS_FAST_PAIR_H

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "harness/setup.h"
#include "smmuits.h"

struct fast_pair {
	struct smmuits *sys[2];
	struct driver drv[2];
	char plat_path[64];
};

static inline uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* qemu-virt with both fast paths off. */
static inline void fast_pair_open(struct fast_pair *p, const char *profile)
{
	static const char slow[] =
		"name qemu-virt-slow\nram 0x40000000 0x40000000\ngicd 0x08000000 0x10000\n"
		"its 0x08080000 0x20000 fast_path=0\ngicr 0x080A0000 0x80000 stride=0x20000 count=4\n"
		"smmu 0x09050000 0x20000 sidsize=16 ssidsize=20 oas=48 devid=0xff00 fast_path=0\n"
		"devid-map sid=0 count=0xff00 devid=0\n";
	struct smmuits_config cfg = { .profile = profile };
	char err[256];
	int fd;

	snprintf(p->plat_path, sizeof(p->plat_path), "/tmp/smmuits-fast-XXXXXX");
	fd = mkstemp(p->plat_path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, slow, sizeof(slow) - 1), (ssize_t)(sizeof(slow) - 1));
	close(fd);
	for (int i = 0; i < 2; i++) {
		cfg.platform = i ? p->plat_path : "qemu-virt";
		if (smmuits_create(&cfg, &p->sys[i], err, sizeof(err)))
			fail_msg("create: %s", err);
		driver_init(&p->drv[i], p->sys[i]);
	}
}

static inline void fast_pair_close(struct fast_pair *p)
{
	for (int i = 0; i < 2; i++)
		smmuits_destroy(p->sys[i]);
	unlink(p->plat_path);
}

/* The same driver text on both systems: both must succeed. */
static void both(struct fast_pair *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void both(struct fast_pair *p, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof(text));
	for (int i = 0; i < 2; i++) {
		struct sm_err err = { 0 };

		if (setup_run(p->sys[i], &p->drv[i], text, (size_t)n, "diff", &err))
			fail_msg("%s: %s", text, err.msg);
	}
}

#endif

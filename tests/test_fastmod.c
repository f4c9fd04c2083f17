/* SPDX-License-Identifier: MIT */
/* model/fastmod.h must agree with % (it indexes the walk cache's sets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/fastmod.h"

static void check(uint32_t a, uint32_t d)
{
	if (sm_fastmod(a, sm_fastmod_m(d), d) != a % d)
		fail_msg("%u %% %u: fastmod %u, %% %u", a, d, sm_fastmod(a, sm_fastmod_m(d), d),
			 a % d);
}

/* Every divisor a cache may have (up to 2^16 sets) against edge and spread values. */
static void test_fastmod_matches_remainder(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15;

	(void)state;
	for (uint32_t d = 1; d <= 65536; d++) {
		static const uint32_t edge[] = { 0, 1, 2, 3, 27, 28, 347, 348, 0xffffff, 0x1000000,
						 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff };

		for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
			check(edge[i], d);
		check(d - 1, d), check(d, d), check(d + 1, d), check(2 * d - 1, d);
		for (int k = 0; k < 16; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			check((uint32_t)x, d);
			check((uint32_t)(x >> 40), d);
		}
	}
	/* and the largest divisors */
	for (uint32_t d = 0xffffffff; d > 0xfffff000; d--)
		check(0xffffffff, d), check(d - 1, d), check((uint32_t)(x >> 32), d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fastmod_matches_remainder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

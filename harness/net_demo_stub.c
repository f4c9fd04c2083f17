/* SPDX-License-Identifier: MIT */
/* `smmuits net-demo` in a build without libslirp (meson found no `slirp`). */
#include <stdio.h>

#include "harness/net_demo.h"

int net_demo_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "smmuits: net-demo needs libslirp (apt-get install libslirp-dev, then "
			"reconfigure); recorded runs in tests/traces replay without it\n");
	return 2;
}

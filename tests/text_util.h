/* SPDX-License-Identifier: MIT */
/* Helpers for tests that check printed text. */
#ifndef SMMUITS_TESTS_TEXT_UTIL_H
#define SMMUITS_TESTS_TEXT_UTIL_H

#include <string.h>

/* How many times needle occurs in s (overlaps counted). */
static inline unsigned text_count(const char *s, const char *needle)
{
	unsigned n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

#endif

/* SPDX-License-Identifier: MIT */
/* JSON output helpers shared by the commands that print JSON. */
#ifndef SMMUITS_JSON_H
#define SMMUITS_JSON_H

#include <stdio.h>

/*
 * s as a JSON string, quotes included, in pure ASCII: UTF-8 characters
 * become \uXXXX escapes (surrogate pairs above U+FFFF) and bytes that are
 * not valid UTF-8 become U+FFFD, so any input gives valid JSON.  NULL
 * prints "".
 */
void json_str(FILE *f, const char *s);

#endif

/* SPDX-License-Identifier: MIT */
/* JSON output helpers shared by the commands that print JSON. */
#ifndef SMMUITS_JSON_H
#define SMMUITS_JSON_H

#include <stdint.h>
#include <stdio.h>

/*
 * s as a JSON string, quotes included, in pure ASCII: UTF-8 characters
 * become \uXXXX escapes (surrogate pairs above U+FFFF) and bytes that are
 * not valid UTF-8 become U+FFFD, so any input gives valid JSON.  NULL
 * prints "".
 */
void json_str(FILE *f, const char *s);
/* "key":"0x..." (addresses are strings: JSON numbers lose bits above 2^53). */
void json_put_hex(FILE *f, const char *key, uint64_t v);

/*
 * Decode one UTF-8 sequence at s (RFC 3629: shortest form, no surrogates, at
 * most U+10FFFF).  Returns its length (1..4) and sets *cp, or 0 when the bytes
 * are not valid UTF-8.  Stops at a NUL: s must be NUL-terminated or hold a
 * whole sequence.
 */
unsigned json_utf8_decode(const unsigned char *s, uint32_t *cp);

#endif

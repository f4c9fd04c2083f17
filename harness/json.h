/* SPDX-License-Identifier: MIT */
/* JSON output helpers for the commands (resv, migrate-check). */
#ifndef SMMUITS_JSON_H
#define SMMUITS_JSON_H

#include <stdint.h>
#include <stdio.h>

/* A JSON string: quotes, backslashes and control characters escaped. */
void json_put_str(FILE *f, const char *s);
/* "key":"0x..." (addresses are strings: JSON numbers lose bits above 2^53). */
void json_put_hex(FILE *f, const char *key, uint64_t v);

#endif

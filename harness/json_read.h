/* SPDX-License-Identifier: MIT */
/*
 * A small JSON reader (RFC 8259) for the commands that read what `replay
 * --json` wrote.  It builds a tree of plain values; strings come back as
 * NUL-terminated UTF-8 (invalid UTF-8 and lone surrogates become U+FFFD).
 *
 * Bad input is an error with its byte offset, never a crash: nesting is
 * bounded (JR_MAX_DEPTH), \u0000 is refused (it would cut a C string), and
 * a number keeps its exact value when it is an unsigned integer that fits
 * 64 bits (is_u64); any other number is only a double.
 */
#ifndef SMMUITS_JSON_READ_H
#define SMMUITS_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/err.h"

#define JR_MAX_DEPTH 64

enum jr_type { JR_NULL, JR_BOOL, JR_NUM, JR_STR, JR_ARR, JR_OBJ };

struct jr_value {
	enum jr_type type;
	bool b;                  /* JR_BOOL */
	bool is_u64;             /* JR_NUM: an integer in [0, 2^64) */
	uint64_t u;              /* JR_NUM when is_u64 */
	double d;                /* JR_NUM */
	char *s;                 /* JR_STR */
	size_t n;                /* JR_ARR, JR_OBJ: item count */
	struct jr_value *items;  /* JR_ARR, JR_OBJ */
	char **keys;             /* JR_OBJ: keys[i] names items[i] */
};

/*
 * Parse exactly one JSON value from len bytes (surrounding white space is
 * allowed, anything else after the value is an error).  On success *out is
 * a tree to free with jr_free.  On error returns SM_EINVAL (or SM_ENOMEM)
 * with "byte N: MESSAGE" in err.
 */
int jr_parse(const char *text, size_t len, struct jr_value **out, struct sm_err *err);
void jr_free(struct jr_value *v);

/* The member named key of an object (the first, if repeated), or NULL. */
const struct jr_value *jr_get(const struct jr_value *obj, const char *key);
/* Typed members: NULL/false when missing or of another type. */
const char *jr_get_str(const struct jr_value *obj, const char *key);
bool jr_get_u64(const struct jr_value *obj, const char *key, uint64_t *out);
bool jr_get_bool(const struct jr_value *obj, const char *key, bool *out);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Errors.  Library calls return 0 or a negative SM_E* code and, when given
 * a struct sm_err, leave a sentence with context in it.  Nothing in the
 * library prints to stderr or exits.
 */
#ifndef SMMUITS_ERR_H
#define SMMUITS_ERR_H

#include <stddef.h>

enum {
	SM_OK = 0,
	SM_EINVAL = -1,    /* bad argument or malformed input */
	SM_ENOMEM = -2,    /* host allocation failed, or the touched-memory cap was hit */
	SM_EUNMAPPED = -3, /* physical address decodes to nothing */
	SM_EUNSUPP = -4,   /* a valid request the model does not implement (yet) */
	SM_EIO = -5,       /* a file could not be read */
	SM_ERANGE = -6,    /* value out of range */
};

struct sm_err {
	int code;
	char msg[256];
};

/* Record an error (if e is non-NULL) and return code, so callers can `return sm_err_set(...)`. */
int sm_err_set(struct sm_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *sm_strerror(int code);

#endif

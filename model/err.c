/* SPDX-License-Identifier: MIT */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int sm_err_set(struct sm_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *sm_strerror(int code)
{
	switch (code) {
	case SM_OK:        return "ok";
	case SM_EINVAL:    return "invalid input";
	case SM_ENOMEM:    return "out of memory";
	case SM_EUNMAPPED: return "unmapped physical address";
	case SM_EUNSUPP:   return "not supported by the model";
	case SM_EIO:       return "i/o error";
	case SM_ERANGE:    return "out of range";
	}
	return "unknown error";
}

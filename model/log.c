/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

void sm_log(const struct sm_log *log, enum sm_log_level level,
	    const char *component, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	/* Filter before formatting: trace-level logging sits on hot paths. */
	if (!log || !log->fn || level > log->level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log->fn(log->opaque, level, component, buf);
}

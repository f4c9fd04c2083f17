/* SPDX-License-Identifier: MIT */
/*
 * Logging.  A log is a sink callback plus a level, owned by whoever owns the
 * model instance; the library never writes to stdout/stderr itself.
 */
#ifndef SMMUITS_LOG_H
#define SMMUITS_LOG_H

enum sm_log_level { SM_LOG_ERR, SM_LOG_WARN, SM_LOG_INFO, SM_LOG_DEBUG };

typedef void (*sm_log_fn)(void *opaque, enum sm_log_level level,
			  const char *component, const char *msg);

struct sm_log {
	sm_log_fn fn;     /* NULL: messages are dropped */
	void *opaque;
	enum sm_log_level level;
};

void sm_log(const struct sm_log *log, enum sm_log_level level,
	    const char *component, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif

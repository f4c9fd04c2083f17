/* SPDX-License-Identifier: MIT */
#include "harness/setup.h"

#include <string.h>

#include "smmu/smmu_event.h"

void setup_trace_ext(struct trace_ext *ext)
{
	*ext = (struct trace_ext){
		.verbs = driver_verbs, .check = driver_check, .fault_names = smmu_event_names(),
	};
}

int setup_step(struct smmuits *sys, struct driver *drv, const struct trace_step *st,
	       struct sm_err *err)
{
	char sum[256];
	int rc;

	switch (st->op) {
	case TRACE_PLATFORM: case TRACE_PROFILE:
		return SM_OK;
	case TRACE_EXT: {
		struct sm_err e = { 0 };

		if (driver_exec(drv, st, sum, sizeof(sum), &e))
			return sm_err_set(err, e.code ? e.code : SM_EINVAL, "line %u (%s): %s",
					  st->line, st->name, e.msg);
		return SM_OK;
	}
	case TRACE_WRITE:
		rc = smmuits_write(sys, st->addr, st->size, st->value, NULL);
		break;
	case TRACE_FILL:
		rc = smmuits_fill(sys, st->addr, st->len, (uint8_t)st->value);
		break;
	default:
		return sm_err_set(err, SM_EINVAL, "line %u: set-up takes driver, write and fill "
				  "lines only", st->line);
	}
	if (rc)
		return sm_err_set(err, rc, "line %u: CPU access to 0x%llx failed: %s", st->line,
				  (unsigned long long)st->addr, sm_strerror(rc));
	return SM_OK;
}

int setup_run(struct smmuits *sys, struct driver *drv, const char *text, size_t len,
	      const char *name, struct sm_err *err)
{
	struct trace_ext ext;
	struct trace t = { 0 };
	struct trace_diag diag = { 0 };
	int rc;

	setup_trace_ext(&ext);
	rc = trace_parse(text, len, name, &ext, &t, &diag);
	if (rc) {
		sm_err_set(err, rc, "%s", diag.text ? diag.text : "out of memory parsing set-up");
		trace_diag_free(&diag);
		trace_free(&t);
		return rc;
	}
	trace_diag_free(&diag);
	for (size_t i = 0; i < t.nsteps && !rc; i++)
		rc = setup_step(sys, drv, &t.steps[i], err);
	trace_free(&t);
	return rc;
}

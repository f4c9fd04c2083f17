/* SPDX-License-Identifier: MIT */
/*
 * Trace replay (docs/trace-format.md).  Each step prints
 *   FILE:LINE: ok|FAIL: <the line> -> <what happened> [+cycles @time] (why)
 * and the model's warnings during the step follow it, indented.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness/driver.h"
#include "harness/replay.h"
#include "harness/trace.h"
#include "model/mem.h"
#include "smmu/smmu_event.h"
#include "smmuits.h"

#define MAX_TRACE_BYTES (UINT64_C(256) << 20)

struct run {
	const struct replay_opts *o;
	const char *name;
	const char *text;
	size_t len;
	size_t *line_off;     /* start offset of each line, 1-based index */
	unsigned nlines;
	struct smmuits *sys;
	struct driver drv;
	struct replay_result *res;
	char logbuf[2048];    /* model messages during the current step */
	size_t loglen;
};

static void log_sink(void *opaque, int level, const char *comp, const char *msg)
{
	struct run *r = opaque;
	int n;

	if (level > SMMUITS_LOG_WARN || r->loglen >= sizeof(r->logbuf) - 1)
		return;
	n = snprintf(r->logbuf + r->loglen, sizeof(r->logbuf) - r->loglen, "%s%s: %s",
		     r->loglen ? "\n" : "", comp, msg);
	if (n > 0)
		r->loglen += (size_t)n;
	if (r->loglen >= sizeof(r->logbuf))
		r->loglen = sizeof(r->logbuf) - 1;
}

static void index_lines(struct run *r)
{
	unsigned n = 1;

	for (size_t i = 0; i < r->len; i++)
		if (r->text[i] == '\n')
			n++;
	r->line_off = malloc((n + 2) * sizeof(*r->line_off));
	if (!r->line_off)
		return;
	r->nlines = n;
	r->line_off[1] = 0;
	for (size_t i = 0, l = 1; i < r->len; i++)
		if (r->text[i] == '\n')
			r->line_off[++l] = i + 1;
}

/* The step's source text, without comment and surrounding blanks. */
static void source_of(const struct run *r, unsigned line, char *buf, size_t cap)
{
	size_t i, j = 0;

	buf[0] = 0;
	if (!r->line_off || line < 1 || line > r->nlines)
		return;
	i = r->line_off[line];
	while (i < r->len && (r->text[i] == ' ' || r->text[i] == '\t'))
		i++;
	while (i < r->len && r->text[i] != '\n' && r->text[i] != '#' && r->text[i] != '\r' &&
	       j + 1 < cap)
		buf[j++] = r->text[i++];
	while (j && (buf[j - 1] == ' ' || buf[j - 1] == '\t'))
		j--;
	buf[j] = 0;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* What one step did, before it is printed. */
struct outcome {
	bool pass;
	char what[256];    /* "bypass pa=0x1000", "read 0x5" */
	char why[256];     /* rule, or the failure reason */
	const char *kind;  /* machine-readable outcome for JSON */
	uint64_t pa;
	bool has_pa;
	const char *fault;
	const char *event_status;
};

static void report(struct run *r, const struct trace_step *st, const struct outcome *oc,
		   uint64_t cycles)
{
	FILE *f = r->o->out;
	char src[160];

	if (oc->pass)
		r->res->passed++;
	else
		r->res->failed++;
	source_of(r, st->line, src, sizeof(src));
	if (r->o->json) {
		fprintf(f, "{\"file\":");
		json_str(f, r->name);
		fprintf(f, ",\"line\":%u,\"step\":", st->line);
		json_str(f, src);
		fprintf(f, ",\"pass\":%s,\"outcome\":", oc->pass ? "true" : "false");
		json_str(f, oc->kind ? oc->kind : "done");
		if (oc->has_pa)
			fprintf(f, ",\"pa\":\"0x%llx\"", (unsigned long long)oc->pa);
		if (oc->fault) {
			fprintf(f, ",\"fault\":");
			json_str(f, oc->fault);
			fprintf(f, ",\"event\":");
			json_str(f, oc->event_status);
		}
		fprintf(f, ",\"result\":");
		json_str(f, oc->what);
		fprintf(f, ",\"why\":");
		json_str(f, oc->why);
		fprintf(f, ",\"cycles\":%llu,\"time\":%llu,\"log\":", (unsigned long long)cycles,
			(unsigned long long)(r->sys ? smmuits_now(r->sys) : 0));
		json_str(f, r->logbuf);
		fprintf(f, "}\n");
	} else if (!r->o->quiet || !oc->pass) {
		fprintf(f, "%s:%u: %s: %s -> %s [+%llu cycles @%llu]%s%s%s\n", r->name, st->line,
			oc->pass ? "ok" : "FAIL", src, oc->what, (unsigned long long)cycles,
			(unsigned long long)(r->sys ? smmuits_now(r->sys) : 0),
			oc->why[0] ? " (" : "", oc->why, oc->why[0] ? ")" : "");
		if (r->loglen) {
			/* indent every model message under its step */
			char *p = r->logbuf;
			while (p && *p) {
				char *nl = strchr(p, '\n');
				if (nl)
					*nl = 0;
				fprintf(f, "    model: %s\n", p);
				p = nl ? nl + 1 : NULL;
			}
		}
	}
	r->loglen = 0;
	r->logbuf[0] = 0;
}

static void set(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

static const char *access_error(int rc)
{
	switch (rc) {
	case SM_EUNMAPPED: return "unmapped physical address";
	case SM_EUNSUPP:   return "region not modelled yet";
	case SM_ENOMEM:    return "touched-memory cap reached";
	case SM_EINVAL:    return "bad size/alignment, or the access straddles two regions";
	}
	return sm_strerror(rc);
}

static void exec_cpu(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	uint64_t v = 0;
	int rc;

	switch (st->op) {
	case TRACE_WRITE:
		rc = smmuits_write(r->sys, st->addr, st->size, st->value, NULL);
		break;
	case TRACE_READ:
		rc = smmuits_read(r->sys, st->addr, st->size, &v, NULL);
		break;
	default:
		rc = smmuits_fill(r->sys, st->addr, st->len, (uint8_t)st->value);
		break;
	}
	oc->kind = rc ? "error" : "done";
	if (rc) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "%s at 0x%llx", access_error(rc),
		    (unsigned long long)st->addr);
		return;
	}
	oc->pass = true;
	if (st->op != TRACE_READ) {
		set(oc->what, sizeof(oc->what), "done");
		return;
	}
	set(oc->what, sizeof(oc->what), "0x%llx", (unsigned long long)v);
	if ((st->flags & TRACE_F_EXPECT) && ((v ^ st->expect) & st->mask)) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected 0x%llx under mask 0x%llx",
		    (unsigned long long)st->expect, (unsigned long long)st->mask);
	}
}

static const char *outcome_kind_name(enum trace_outcome_kind k)
{
	switch (k) {
	case TRACE_OUT_NONE:     return "";
	case TRACE_OUT_PA:       return "pa";
	case TRACE_OUT_BYPASS:   return "bypass";
	case TRACE_OUT_ABORT:    return "abort";
	case TRACE_OUT_FAULT:    return "fault";
	case TRACE_OUT_LPI:      return "lpi";
	case TRACE_OUT_ITS_DROP: return "its-drop";
	case TRACE_OUT_MEM:      return "mem";
	}
	return "?";
}

static bool outcome_matches(const struct trace_outcome *want, const struct smmuits_txn_result *got)
{
	switch (want->kind) {
	case TRACE_OUT_NONE:     return got->outcome != SMMUITS_UNSUPPORTED;
	case TRACE_OUT_PA:       return got->outcome == SMMUITS_TRANSLATED && got->pa == want->pa;
	case TRACE_OUT_BYPASS:   return got->outcome == SMMUITS_BYPASS;
	case TRACE_OUT_ABORT:    return got->outcome == SMMUITS_ABORT;
	case TRACE_OUT_FAULT:    return got->outcome == SMMUITS_FAULT && got->fault_name &&
					!strcmp(got->fault_name, want->fault);
	case TRACE_OUT_MEM:      return got->outcome == SMMUITS_MEM;
	case TRACE_OUT_LPI:      return got->outcome == SMMUITS_LPI && got->intid == want->intid &&
					(want->cpu < 0 || got->cpu == want->cpu);
	case TRACE_OUT_ITS_DROP: return got->outcome == SMMUITS_ITS_DROP &&
					(!want->fault[0] || (got->drop_reason &&
							     !strcmp(got->drop_reason, want->fault)));
	}
	return false;
}

static void describe_want(const struct trace_outcome *w, char *buf, size_t cap)
{
	switch (w->kind) {
	case TRACE_OUT_PA:    set(buf, cap, "pa:0x%llx", (unsigned long long)w->pa); break;
	case TRACE_OUT_FAULT: set(buf, cap, "fault:%s", w->fault); break;
	case TRACE_OUT_ITS_DROP:
		set(buf, cap, w->fault[0] ? "its-drop:%s" : "its-drop", w->fault);
		break;
	case TRACE_OUT_LPI:
		if (w->cpu >= 0)
			set(buf, cap, "lpi:%u@cpu%d", w->intid, w->cpu);
		else
			set(buf, cap, "lpi:%u", w->intid);
		break;
	default:              set(buf, cap, "%s", outcome_kind_name(w->kind)); break;
	}
}

static void exec_txn(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	uint8_t data[4096];
	struct smmuits_txn t = {
		.sid = st->sid, .ssv = (st->flags & TRACE_F_SSID) != 0, .ssid = st->ssid,
		.iova = st->addr, .size = st->op == TRACE_MSI ? 4 : st->size,
		.write = st->op == TRACE_MSI || (st->flags & TRACE_F_ISWRITE),
		.priv = (st->flags & TRACE_F_PRIV) != 0, .exec = (st->flags & TRACE_F_EXEC) != 0,
		.msi = st->op == TRACE_MSI, .data = data,
	};
	struct smmuits_txn_result res;
	char err[256] = "", want[96];

	if (t.size <= 8)
		mem_le_put(data, t.size, st->value);
	else
		memset(data, (int)(st->value & 0xff), t.size);
	if (smmuits_txn(r->sys, &t, &res, err, sizeof(err))) {
		oc->pass = false;
		oc->kind = "error";
		set(oc->what, sizeof(oc->what), "not issued");
		set(oc->why, sizeof(oc->why), "%s", err);
		return;
	}
	oc->kind = smmuits_outcome_name(res.outcome);
	oc->fault = res.fault_name;
	oc->event_status = res.event_status;
	switch (res.outcome) {
	case SMMUITS_TRANSLATED:
		oc->pa = res.pa, oc->has_pa = true;
		set(oc->what, sizeof(oc->what), "pa:0x%llx (%s)", (unsigned long long)res.pa,
		    res.target ? res.target : "?");
		break;
	case SMMUITS_BYPASS:
		oc->pa = res.pa, oc->has_pa = true;
		set(oc->what, sizeof(oc->what), "bypass pa:0x%llx (%s)", (unsigned long long)res.pa,
		    res.target ? res.target : "?");
		break;
	case SMMUITS_FAULT:
		set(oc->what, sizeof(oc->what), "fault:%s, event %s",
		    res.fault_name ? res.fault_name : "?", res.event_status);
		break;
	case SMMUITS_BUS_ERROR:
		oc->pa = res.pa, oc->has_pa = true;
		set(oc->what, sizeof(oc->what), "bus-error at pa:0x%llx (%s)", (unsigned long long)res.pa,
		    res.target ? res.target : "nothing there");
		break;
	case SMMUITS_MEM:
		oc->pa = res.pa, oc->has_pa = true;
		set(oc->what, sizeof(oc->what), "mem pa:0x%llx (%s)", (unsigned long long)res.pa,
		    res.target ? res.target : "?");
		break;
	case SMMUITS_LPI:
		oc->pa = res.pa, oc->has_pa = true;
		set(oc->what, sizeof(oc->what), "lpi:%u@cpu%d via pa:0x%llx (%s)%s%s", res.intid, res.cpu,
		    (unsigned long long)res.pa, res.target ? res.target : "?",
		    res.drop_reason ? ": " : "", res.drop_reason ? res.drop_reason : "");
		break;
	case SMMUITS_ITS_DROP:
		oc->pa = res.pa, oc->has_pa = true;
		oc->fault = res.drop_reason;
		set(oc->what, sizeof(oc->what), "its-drop (%s) via pa:0x%llx", res.drop_reason ?
		    res.drop_reason : "?", (unsigned long long)res.pa);
		break;
	default:
		set(oc->what, sizeof(oc->what), "%s", smmuits_outcome_name(res.outcome));
		break;
	}
	set(oc->why, sizeof(oc->why), "%s", res.rule ? res.rule : "");
	oc->pass = outcome_matches(&st->out, &res);
	if (!oc->pass) {
		if (res.outcome == SMMUITS_UNSUPPORTED)
			set(oc->why, sizeof(oc->why), "not modelled yet: %s", res.rule ? res.rule : "");
		else {
			describe_want(&st->out, want, sizeof(want));
			set(oc->why, sizeof(oc->why), "expected %s; %s", want, res.rule ? res.rule : "");
		}
		return;
	}
	if (st->op == TRACE_DMA && !t.write && (st->flags & TRACE_F_RDATA)) {
		bool ok = true;

		if (t.size <= 8)
			ok = mem_le_get(data, t.size) == st->rdata;
		else
			for (unsigned i = 0; i < t.size; i++)
				ok &= data[i] == (uint8_t)st->rdata;
		if (!ok) {
			oc->pass = false;
			set(oc->why, sizeof(oc->why), "read data 0x%llx, expected rdata=0x%llx",
			    (unsigned long long)mem_le_get(data, t.size < 8 ? t.size : 8),
			    (unsigned long long)st->rdata);
		}
	}
}

/* The optional record fields of an expect-event line (S2, CLASS, RnW, PnU, InD, IPA, FetchAddr). */
static bool event_fields_match(const struct trace_step *st, const struct smmu_event *ev,
			       struct outcome *oc)
{
	static const char *const cls[] = { "cd", "tt", "in", "reserved" };
	const struct { unsigned bit; bool got; const char *name; } b[] = {
		{ TRACE_EV_S2, ev->s2, "s2" }, { TRACE_EV_RNW, ev->rnw, "rnw" },
		{ TRACE_EV_PNU, ev->pnu, "pnu" }, { TRACE_EV_IND, ev->ind, "ind" },
	};

	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		bool want = (st->ev_vals & b[i].bit) != 0;

		if ((st->ev_given & b[i].bit) && want != b[i].got) {
			set(oc->why, sizeof(oc->why), "expected %s=%d, record has %d", b[i].name, want,
			    b[i].got);
			return false;
		}
	}
	if (st->ev_class >= 0 && (unsigned)st->ev_class != ev->class_) {
		set(oc->why, sizeof(oc->why), "expected class=%s, record has %s", cls[st->ev_class & 3],
		    cls[ev->class_ & 3]);
		return false;
	}
	if (st->flags & (TRACE_F_IPA | TRACE_F_FETCH)) {
		bool ipa = st->flags & TRACE_F_IPA;
		uint64_t got = ipa ? FIELD_ADDR(EVT_3_IPA, ev->addr3) : FIELD_ADDR(EVT_3_FETCHADDR, ev->addr3);
		uint64_t want = ipa ? FIELD_ADDR(EVT_3_IPA, st->addr3) : FIELD_ADDR(EVT_3_FETCHADDR, st->addr3);

		if (got != want) {
			set(oc->why, sizeof(oc->why), "expected %s=0x%llx, record has 0x%llx",
			    ipa ? "ipa" : "fetch", (unsigned long long)want, (unsigned long long)got);
			return false;
		}
	}
	return true;
}

static void exec_event(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	uint64_t rec[4];
	struct smmu_event ev;
	struct sm_err err = { 0 };
	int empty = 1;

	oc->kind = "event";
	if (driver_evtq_pop(&r->drv, rec, &empty, &err)) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "%s", err.msg);
		return;
	}
	if (empty) {
		oc->pass = st->op == TRACE_EXPECT_NO_EVENT;
		set(oc->what, sizeof(oc->what), "event queue empty");
		if (!oc->pass)
			set(oc->why, sizeof(oc->why), "expected an event %s", st->name);
		return;
	}
	smmu_event_decode(rec, &ev);
	const char *name = smmu_event_name(ev.type);
	set(oc->what, sizeof(oc->what),
	    "%s sid=0x%x ssv=%d ssid=0x%x input=0x%llx rnw=%d pnu=%d ind=%d s2=%d class=%s addr3=0x%llx",
	    name ? name : "(unknown type)", ev.sid, ev.ssv, ev.ssid,
	    (unsigned long long)ev.input_addr, ev.rnw, ev.pnu, ev.ind, ev.s2,
	    ev.class_ == EVT_CLASS_CD ? "cd" : ev.class_ == EVT_CLASS_TTD ? "tt" :
	    ev.class_ == EVT_CLASS_IN ? "in" : "reserved", (unsigned long long)ev.addr3);
	oc->fault = name;
	oc->event_status = "consumed";
	if (st->op == TRACE_EXPECT_NO_EVENT) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected no event");
		return;
	}
	oc->pass = true;
	if (!name || strcmp(name, st->name)) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected type %s", st->name);
	} else if ((st->flags & TRACE_F_SID) && ev.sid != st->sid) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected sid=0x%x", st->sid);
	} else if ((st->flags & TRACE_F_SSID) && ev.ssid != st->ssid) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected ssid=0x%x", st->ssid);
	} else if (!event_fields_match(st, &ev, oc)) {
		oc->pass = false;
	} else if (st->flags & TRACE_F_ADDR) {
		/* Fetch faults report where the SMMU read; the others the transaction's address. */
		bool fetch = ev.type == SMMU_EVT_F_STE_FETCH || ev.type == SMMU_EVT_F_CD_FETCH;
		uint64_t got = fetch ? FIELD_ADDR(EVT_3_FETCHADDR, ev.addr3) : ev.input_addr;

		if (got != st->addr) {
			oc->pass = false;
			set(oc->why, sizeof(oc->why), "expected addr=0x%llx, record has 0x%llx",
			    (unsigned long long)st->addr, (unsigned long long)got);
		}
	}
}

static void exec_ext(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	struct sm_err err = { 0 };

	oc->kind = "driver";
	if (driver_exec(&r->drv, st, oc->what, sizeof(oc->what), &err)) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "%s", err.msg);
		if (!oc->what[0])
			set(oc->what, sizeof(oc->what), "failed");
		return;
	}
	oc->pass = true;
}

/* ack cpu=N [expect=INTID|none] */
static void exec_ack(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	uint32_t intid = 0;
	int rc = smmuits_ack(r->sys, st->cpu, &intid);

	oc->kind = "ack";
	if (rc < 0) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "no redistributor for cpu %u", st->cpu);
		return;
	}
	if (rc > 0)
		set(oc->what, sizeof(oc->what), "none (1023: nothing pending and enabled)");
	else
		set(oc->what, sizeof(oc->what), "INTID %u", intid);
	oc->pass = true;
	if ((st->flags & TRACE_F_NONE) && rc == 0) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected none");
	} else if ((st->flags & TRACE_F_EXPECT) && (rc != 0 || intid != st->expect)) {
		oc->pass = false;
		set(oc->why, sizeof(oc->why), "expected INTID %llu", (unsigned long long)st->expect);
	}
}

/* expect-pending intid=N cpu=N state=0|1 */
static void exec_pending(struct run *r, const struct trace_step *st, struct outcome *oc)
{
	int rc = smmuits_lpi_pending(r->sys, st->cpu, (uint32_t)st->value);

	oc->kind = "pending";
	if (rc < 0) {
		oc->pass = false;
		set(oc->what, sizeof(oc->what), "error");
		set(oc->why, sizeof(oc->why), "no redistributor for cpu %u", st->cpu);
		return;
	}
	set(oc->what, sizeof(oc->what), "INTID %llu %s at cpu %u", (unsigned long long)st->value,
	    rc ? "pending" : "not pending", st->cpu);
	oc->pass = (uint64_t)rc == st->expect;
	if (!oc->pass)
		set(oc->why, sizeof(oc->why), "expected state=%llu", (unsigned long long)st->expect);
}

static const char *platform_of(const struct trace *t, const struct replay_opts *o)
{
	if (o->platform)
		return o->platform;
	for (size_t i = 0; i < t->nsteps; i++)
		if (t->steps[i].op == TRACE_PLATFORM)
			return t->steps[i].name;
	return "qemu-virt";
}

static const char *const *fault_names(void)
{
	return smmu_event_names();
}

void replay_text(const char *text, size_t len, const char *name, const struct replay_opts *o,
		 struct replay_result *res)
{
	struct trace_ext ext = {
		.verbs = driver_verbs, .check = driver_check, .fault_names = fault_names(),
	};
	struct trace t = { 0 };
	struct trace_diag diag = { 0 };
	struct run r = { .o = o, .name = name, .text = text, .len = len, .res = res };
	char err[256];
	unsigned platform_line = 0;

	memset(res, 0, sizeof(*res));
	if (trace_parse(text, len, name, &ext, &t, &diag)) {
		fprintf(o->out, "%s", diag.text ? diag.text : "");
		if (!diag.count)
			fprintf(o->out, "%s: error: out of memory parsing the trace\n", name);
		res->malformed = true;
		goto out;
	}
	for (size_t i = 0; i < t.nsteps; i++)
		if (t.steps[i].op == TRACE_PLATFORM)
			platform_line = t.steps[i].line;
	struct smmuits_config cfg = {
		.platform = platform_of(&t, o), .log_fn = log_sink, .log_opaque = &r,
		.log_level = SMMUITS_LOG_WARN,
	};
	if (smmuits_create(&cfg, &r.sys, err, sizeof(err))) {
		fprintf(o->out, "%s:%u: error: platform '%s': %s\n", name, platform_line,
			cfg.platform, err);
		res->malformed = true;
		goto out;
	}
	index_lines(&r);
	driver_init(&r.drv, r.sys);
	for (size_t i = 0; i < t.nsteps; i++) {
		const struct trace_step *st = &t.steps[i];
		struct outcome oc = { 0 };
		uint64_t before = smmuits_now(r.sys);

		switch (st->op) {
		case TRACE_PLATFORM:
			oc.pass = true;
			oc.kind = "platform";
			set(oc.what, sizeof(oc.what), "platform %s", cfg.platform);
			break;
		case TRACE_WRITE: case TRACE_READ: case TRACE_FILL:
			exec_cpu(&r, st, &oc);
			break;
		case TRACE_DMA: case TRACE_MSI:
			exec_txn(&r, st, &oc);
			break;
		case TRACE_EXPECT_EVENT: case TRACE_EXPECT_NO_EVENT:
			exec_event(&r, st, &oc);
			break;
		case TRACE_EXT:
			exec_ext(&r, st, &oc);
			break;
		case TRACE_ACK:
			exec_ack(&r, st, &oc);
			break;
		case TRACE_EXPECT_PENDING:
			exec_pending(&r, st, &oc);
			break;
		}
		report(&r, st, &oc, smmuits_now(r.sys) - before);
	}
out:
	if (o->json) {
		fprintf(o->out, "{\"file\":");
		json_str(o->out, name);
		fprintf(o->out, ",\"passed\":%u,\"failed\":%u,\"malformed\":%s}\n",
			res->passed, res->failed, res->malformed ? "true" : "false");
	}
	smmuits_destroy(r.sys);
	free(r.line_off);
	trace_free(&t);
	trace_diag_free(&diag);
}

void replay_file(const char *path, const struct replay_opts *o, struct replay_result *res)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	memset(res, 0, sizeof(*res));
	if (!f) {
		fprintf(o->out, "%s: error: cannot open: %s\n", path, strerror(errno));
		res->malformed = true;
		return;
	}
	for (;;) {
		if (len == cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_TRACE_BYTES || !(nb = realloc(buf, cap))) {
				fprintf(o->out, "%s: error: trace too large (limit %llu MiB)\n", path,
					(unsigned long long)(MAX_TRACE_BYTES >> 20));
				res->malformed = true;
				goto out;
			}
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(o->out, "%s: error: read failed\n", path);
		res->malformed = true;
		goto out;
	}
	replay_text(buf ? buf : "", len, path, o, res);
out:
	free(buf);
	fclose(f);
}

/* SPDX-License-Identifier: MIT */
/* Reading RUN.json (replay --json) into a struct report, and the report command. */
#include "harness/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness/setup.h"
#include "harness/trace.h"

/* Room for one more element in *arr (of n, capacity *cap). */
static bool grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t nc;
	void *na;

	if (n < *cap)
		return true;
	nc = *cap ? *cap * 2 : 16;
	if (nc > SIZE_MAX / elem || !(na = realloc(*arr, nc * elem)))
		return false;
	*arr = na;
	*cap = nc;
	return true;
}

#define GROW(arr, n, cap) grow((void **)&(arr), &(cap), (n), sizeof(*(arr)))

/* A new zeroed element at the end of arr (NULL when out of memory). */
static void *push(void **arr, size_t *n, size_t *cap, size_t elem)
{
	char *slot;

	if (!grow(arr, cap, *n, elem))
		return NULL;
	slot = (char *)*arr + *n * elem;
	memset(slot, 0, elem);
	(*n)++;
	return slot;
}

#define PUSH(arr, n, cap) push((void **)&(arr), &(n), &(cap), sizeof(*(arr)))

/* Where we are in RUN.json, for messages. */
struct loader {
	struct report *rp;
	const char *name;
	unsigned line;
	struct sm_err *err;
	struct trace_ext ext;
};

static int bad(struct loader *l, const char *fmt, const char *what)
{
	return sm_err_set(l->err, SM_EINVAL, "%s:%u: %s%s", l->name, l->line, fmt, what);
}

static int oom(struct loader *l)
{
	return sm_err_set(l->err, SM_ENOMEM, "%s:%u: out of memory", l->name, l->line);
}

/* strdup of an optional member: *out NULL when absent; false only when out of memory. */
static bool dup_opt(const struct jr_value *o, const char *key, char **out)
{
	const char *s = jr_get_str(o, key);

	*out = s ? strdup(s) : NULL;
	return !s || *out;
}

static const char *const step_strings[] = { "file", "step", "outcome", "result", "why" };

/* The members every step object has (docs/trace-format.md), with their types. */
static int check_step(struct loader *l, const struct jr_value *o)
{
	uint64_t u;
	bool b;

	for (size_t i = 0; i < sizeof(step_strings) / sizeof(step_strings[0]); i++)
		if (!jr_get_str(o, step_strings[i]))
			return bad(l, "a step object needs a string member ", step_strings[i]);
	if (!jr_get_bool(o, "pass", &b))
		return bad(l, "a step object needs a boolean member ", "pass");
	if (!jr_get_u64(o, "line", &u) || u == 0 || u > UINT32_MAX)
		return bad(l, "\"line\" must be a line number (1 to 2^32-1)", "");
	if (!jr_get_u64(o, "cycles", &u))
		return bad(l, "\"cycles\" must be an unsigned integer below 2^64", "");
	if (jr_get(o, "pa") && !jr_get_str(o, "pa"))
		return bad(l, "\"pa\" must be a string", "");
	if (jr_get(o, "issue") || jr_get(o, "done")) {
		uint64_t issue, done;

		if (!jr_get_u64(o, "issue", &issue) || !jr_get_u64(o, "done", &done))
			return bad(l, "\"issue\" and \"done\" must both be unsigned integers below 2^64",
				   "");
		if (done < issue)
			return bad(l, "\"done\" is before \"issue\"", "");
	}
	return SM_OK;
}

/* The file a step belongs to: the open one of that name, or a new one. */
static struct report_file *file_for(struct loader *l, const char *name)
{
	struct report *rp = l->rp;
	struct report_file *f;

	if (rp->nfiles && !rp->files[rp->nfiles - 1].summary &&
	    !strcmp(rp->files[rp->nfiles - 1].name, name))
		return &rp->files[rp->nfiles - 1];
	if (!(f = PUSH(rp->files, rp->nfiles, rp->files_cap)))
		return NULL;
	f->first_txn = rp->ntxns;
	if (!(f->name = strdup(name))) {
		rp->nfiles--;
		return NULL;
	}
	return f;
}

static unsigned granule_of(const struct trace_step *st)
{
	const struct trace_kv *g = trace_kv_find(st, "granule");

	if (!g)
		return 0;
	return !strcmp(g->str, "16k") ? 14 : !strcmp(g->str, "64k") ? 16 : 12;
}

static unsigned num_of(const struct trace_step *st, const char *key)
{
	const struct trace_kv *kv = trace_kv_find(st, key);

	return kv && kv->is_num && kv->num <= 64 ? (unsigned)kv->num : 0;
}

static struct report_stream *stream_find(struct report_file *f, uint32_t sid, uint32_t ssid,
					 bool is_cd)
{
	for (size_t i = f->nstreams; i-- > 0;)
		if (f->streams[i].sid == sid && f->streams[i].is_cd == is_cd &&
		    (!is_cd || f->streams[i].ssid == ssid))
			return &f->streams[i];
	return NULL;
}

/* A driver line that sets up a stream: remember what the walk will look like. */
static int note_setup(struct loader *l, struct report_file *f, const struct trace_step *st)
{
	static const char *const cfgs[] = {
		[RCFG_ABORT] = "abort", [RCFG_BYPASS] = "bypass", [RCFG_S1] = "s1",
		[RCFG_S2] = "s2", [RCFG_NESTED] = "nested",
	};
	const struct trace_kv *sid = trace_kv_find(st, "sid"), *ssid = trace_kv_find(st, "ssid");
	const struct trace_kv *cfg = trace_kv_find(st, "config");
	bool is_cd = !strcmp(st->name, "cd");
	struct report_stream *s;

	if (!strcmp(st->name, "smmu-init")) {
		f->nstreams = 0; /* a new stream table */
		return SM_OK;
	}
	if ((strcmp(st->name, "ste") && !is_cd) || !sid || !sid->is_num)
		return SM_OK;
	s = stream_find(f, (uint32_t)sid->num, ssid && ssid->is_num ? (uint32_t)ssid->num : 0,
			is_cd);
	if (!s) {
		if (!(s = PUSH(f->streams, f->nstreams, f->streams_cap)))
			return oom(l);
		s->sid = (uint32_t)sid->num;
		s->ssid = ssid && ssid->is_num ? (uint32_t)ssid->num : 0;
		s->is_cd = is_cd;
	}
	if (is_cd) {
		s->ctx.s1_granule = granule_of(st);
		s->ctx.s1_ias = num_of(st, "ias");
		return SM_OK;
	}
	s->ctx.cfg = RCFG_UNKNOWN;
	for (unsigned c = RCFG_ABORT; cfg && c <= RCFG_NESTED; c++)
		if (!strcmp(cfg->str, cfgs[c]))
			s->ctx.cfg = (enum report_cfg)c;
	s->ctx.s2_granule = granule_of(st);
	s->ctx.s2_ias = num_of(st, "ias");
	return SM_OK;
}

/* The transaction's context: its STE's config and stage 2, its CD's stage 1. */
static void ctx_of(struct report_file *f, struct report_txn *t)
{
	const struct report_stream *ste = stream_find(f, t->sid, 0, false);
	const struct report_stream *cd = stream_find(f, t->sid, t->has_ssid ? t->ssid : 0, true);

	memset(&t->ctx, 0, sizeof(t->ctx));
	if (ste)
		t->ctx = ste->ctx;
	if (cd) {
		t->ctx.s1_granule = cd->ctx.s1_granule;
		t->ctx.s1_ias = cd->ctx.s1_ias;
	}
}

/* Parse the step's trace text with the replayer's own parser. */
static int parse_step(struct loader *l, struct report_file *f, const char *text,
		      struct trace_step *out, bool *ok)
{
	struct trace t = { 0 };
	struct trace_diag d = { 0 };
	int rc = trace_parse(text, strlen(text), "step", &l->ext, &t, &d);

	*ok = false;
	if (rc == SM_ENOMEM) {
		trace_free(&t);
		trace_diag_free(&d);
		return oom(l);
	}
	rc = SM_OK;
	if (t.nsteps == 1 && !d.count) {
		*ok = true;
		*out = t.steps[0];
		if (out->op == TRACE_EXT)
			rc = note_setup(l, f, out);
		out->name = NULL, out->kv = NULL, out->nkv = 0; /* they die with t */
	}
	trace_free(&t);
	trace_diag_free(&d);
	return rc;
}

static int add_txn(struct loader *l, struct report_file *f, const struct jr_value *o,
		   const struct trace_step *st, bool parsed)
{
	struct report *rp = l->rp;
	struct report_txn *t;
	const char *pa = jr_get_str(o, "pa");
	uint64_t line;

	if (!(t = PUSH(rp->txns, rp->ntxns, rp->txns_cap)))
		return oom(l);
	f->ntxn++;
	t->file = (unsigned)(f - rp->files);
	jr_get_u64(o, "line", &line);
	t->line = (unsigned)line;
	jr_get_bool(o, "pass", &t->pass);
	jr_get_u64(o, "cycles", &t->cycles);
	t->has_time = jr_get_u64(o, "issue", &t->issue) && jr_get_u64(o, "done", &t->done);
	if (pa && trace_parse_u64(pa, strlen(pa), &t->pa))
		return bad(l, "\"pa\" is not a number: ", pa);
	t->has_pa = pa != NULL;
	if (!dup_opt(o, "step", &t->step) || !dup_opt(o, "outcome", &t->outcome) ||
	    !dup_opt(o, "result", &t->result) || !dup_opt(o, "why", &t->why) ||
	    !dup_opt(o, "fault", &t->fault) || !dup_opt(o, "event", &t->event))
		return oom(l);
	if (parsed) {
		t->parsed = true;
		t->msi = st->op == TRACE_MSI;
		t->write = (st->flags & TRACE_F_ISWRITE) != 0;
		t->has_ssid = (st->flags & TRACE_F_SSID) != 0;
		t->sid = st->sid;
		t->ssid = st->ssid;
		t->iova = st->addr;
		t->data = st->value;
		t->size = st->size;
		ctx_of(f, t);
	}
	return SM_OK;
}

static int add_failed(struct loader *l, struct report_file *f, const struct jr_value *o)
{
	struct report *rp = l->rp;
	struct report_failed *x;
	uint64_t line;

	if (!(x = PUSH(rp->failed, rp->nfailed, rp->failed_cap)))
		return oom(l);
	x->file = (unsigned)(f - rp->files);
	jr_get_u64(o, "line", &line);
	x->line = (unsigned)line;
	if (!dup_opt(o, "step", &x->step) || !dup_opt(o, "result", &x->result) ||
	    !dup_opt(o, "why", &x->why))
		return oom(l);
	return SM_OK;
}

static int load_step(struct loader *l, const struct jr_value *o)
{
	struct report_file *f;
	struct trace_step st;
	bool parsed, pass = true;
	int rc = check_step(l, o);

	if (rc)
		return rc;
	if (!(f = file_for(l, jr_get_str(o, "file"))))
		return oom(l);
	f->steps++;
	rc = parse_step(l, f, jr_get_str(o, "step"), &st, &parsed);
	if (rc)
		return rc;
	parsed = parsed && (st.op == TRACE_DMA || st.op == TRACE_MSI);
	if (parsed || jr_get(o, "issue"))
		return add_txn(l, f, o, &st, parsed);
	jr_get_bool(o, "pass", &pass);
	return pass ? SM_OK : add_failed(l, f, o);
}

static int load_summary(struct loader *l, const struct jr_value *o)
{
	const char *name = jr_get_str(o, "file");
	uint64_t passed, failed;
	bool malformed;
	struct report_file *f;

	if (!name || !jr_get_u64(o, "passed", &passed) || !jr_get_u64(o, "failed", &failed) ||
	    !jr_get_bool(o, "malformed", &malformed) || passed > UINT32_MAX || failed > UINT32_MAX)
		return bad(l, "a file summary needs \"file\", \"passed\", \"failed\" (counts) "
			   "and \"malformed\" (boolean)", "");
	if (!(f = file_for(l, name)))
		return oom(l);
	f->summary = true;
	f->passed = (unsigned)passed;
	f->failed = (unsigned)failed;
	f->malformed = malformed;
	return SM_OK;
}

/* Keep the member m of a tree about to be freed: move it to *slot (replacing what was there). */
static int take(struct loader *l, struct jr_value *m, struct jr_value **slot)
{
	struct jr_value *keep = malloc(sizeof(*keep));

	if (!keep)
		return oom(l);
	*keep = *m;
	memset(m, 0, sizeof(*m));
	jr_free(*slot);
	*slot = keep;
	return SM_OK;
}

/* {"stats":{...}} comes after its file's summary: it belongs to the last file of that name. */
static int load_stats(struct loader *l, struct jr_value *o)
{
	struct jr_value *s = (struct jr_value *)jr_get(o, "stats");
	const char *name = jr_get_str(s, "file");
	struct report *rp = l->rp;

	if (!s || s->type != JR_OBJ || !name)
		return bad(l, "\"stats\" must be an object with a \"file\" member", "");
	for (size_t i = rp->nfiles; i-- > 0;) {
		if (strcmp(rp->files[i].name, name))
			continue;
		return take(l, s, &rp->files[i].stats);
	}
	return bad(l, "statistics for a file that has no steps: ", name);
}

/*
 * {"file":F,"line":N,"step":S,"explain":[...]} (replay --json --explain)
 * follows its transaction's step object: it belongs to the last
 * transaction, which must be that file's line N.  Only the array's shape
 * is checked here; steps it cannot read make the diagram say so
 * (harness/report_explain.c), they do not refuse the run.
 */
static int load_explain(struct loader *l, struct jr_value *o)
{
	struct jr_value *x = (struct jr_value *)jr_get(o, "explain");
	const char *name = jr_get_str(o, "file");
	struct report *rp = l->rp;
	struct report_txn *t = rp->ntxns ? &rp->txns[rp->ntxns - 1] : NULL;
	uint64_t line;

	if (!x || x->type != JR_ARR)
		return bad(l, "\"explain\" must be an array of steps (docs/explain.md)", "");
	if (!name || !jr_get_u64(o, "line", &line))
		return bad(l, "an explanation needs \"file\" (a string) and \"line\" (a number)", "");
	if (!t || t->line != line || strcmp(rp->files[t->file].name, name) ||
	    rp->files[t->file].summary)
		return bad(l, "an explanation that does not follow its transaction's step: ", name);
	if (rp->ntxns > REPORT_MAX_DETAIL)
		return SM_OK; /* no diagram is drawn for it: keep no memory for it */
	return take(l, x, &t->explain);
}

static int load_diag(struct loader *l, const char *text, size_t n)
{
	struct report *rp = l->rp;
	char *d;

	if (!GROW(rp->diags, rp->ndiags, rp->diags_cap) || !(d = strndup(text, n)))
		return oom(l);
	rp->diags[rp->ndiags++] = d;
	return SM_OK;
}

static bool has_text(const char *text, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(text + i, needle, k))
			return true;
	return false;
}

static int load_line(struct loader *l, const char *text, size_t n)
{
	struct jr_value *o;
	struct sm_err e = { 0 };
	int rc;

	while (n && (*text == ' ' || *text == '\t'))
		text++, n--;
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
		n--;
	if (!n)
		return SM_OK;
	if (*text != '{') {
		/* what replay prints for a trace it refused, among the JSON lines */
		if (has_text(text, n, ": error: ") && !memchr(text, 0, n))
			return load_diag(l, text, n);
		return bad(l, "not a JSON object (expected the output of `smmuits replay --json`)",
			   "");
	}
	rc = jr_parse(text, n, &o, &e);
	if (rc == SM_ENOMEM)
		return oom(l);
	if (rc)
		return bad(l, "malformed JSON: ", e.msg);
	if (o->type != JR_OBJ)
		rc = bad(l, "not a JSON object", "");
	else if (jr_get(o, "stats"))
		rc = load_stats(l, o);
	else if (jr_get(o, "explain"))
		rc = load_explain(l, o);
	else if (jr_get(o, "line"))
		rc = load_step(l, o);
	else if (jr_get(o, "passed"))
		rc = load_summary(l, o);
	else
		rc = bad(l, "unknown object (expected a step, a file summary, an explanation or "
			 "{\"stats\":...})", "");
	jr_free(o);
	return rc;
}

int report_load(struct report *rp, const char *text, size_t len, const char *name,
		struct sm_err *err)
{
	struct loader l = { .rp = rp, .name = name, .err = err };
	size_t i = 0;
	int rc = SM_OK;

	memset(rp, 0, sizeof(*rp));
	setup_trace_ext(&l.ext);
	while (i < len && !rc) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;

		l.line++;
		if (n > REPORT_MAX_LINE)
			rc = bad(&l, "line too long", "");
		else
			rc = load_line(&l, text + i, n);
		i += n + 1;
	}
	if (!rc && !rp->nfiles)
		rc = sm_err_set(err, SM_EINVAL, "%s: no steps: expected the output of "
				"`smmuits replay --json`", name);
	for (size_t f = 0; f < rp->nfiles; f++) {
		free(rp->files[f].streams);
		rp->files[f].streams = NULL;
		rp->files[f].nstreams = rp->files[f].streams_cap = 0;
	}
	if (rc)
		report_free(rp);
	return rc;
}

void report_free(struct report *rp)
{
	for (size_t i = 0; i < rp->ntxns; i++) {
		struct report_txn *t = &rp->txns[i];

		free(t->step), free(t->outcome), free(t->result);
		free(t->why), free(t->fault), free(t->event);
		jr_free(t->explain);
	}
	for (size_t i = 0; i < rp->nfailed; i++)
		free(rp->failed[i].step), free(rp->failed[i].result), free(rp->failed[i].why);
	for (size_t i = 0; i < rp->nfiles; i++) {
		free(rp->files[i].name);
		free(rp->files[i].streams);
		jr_free(rp->files[i].stats);
	}
	for (size_t i = 0; i < rp->ndiags; i++)
		free(rp->diags[i]);
	free(rp->txns), free(rp->failed), free(rp->files), free(rp->diags);
	memset(rp, 0, sizeof(*rp));
}

/* The whole input, NUL-free or not (the loader checks); at most max bytes. */
static int slurp(const char *path, size_t max, char **out, size_t *len, struct sm_err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return sm_err_set(err, SM_EIO, "%s: cannot open: %s", path, strerror(errno));
	for (;;) {
		if (n == cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > max || !(nb = realloc(buf, cap))) {
				free(buf);
				if (f != stdin)
					fclose(f);
				return sm_err_set(err, SM_EINVAL, "%s: too large (limit %zu MiB)", path,
						  max >> 20);
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (!got)
			break;
	}
	if (ferror(f)) {
		free(buf);
		if (f != stdin)
			fclose(f);
		return sm_err_set(err, SM_EIO, "%s: read failed", path);
	}
	if (f != stdin)
		fclose(f);
	*out = buf;
	*len = n;
	return SM_OK;
}

static int usage(void)
{
	fprintf(stderr, "usage: smmuits report RUN.json -o REPORT.html\n"
		"RUN.json is the output of `smmuits replay --json [--stats] [--explain] TRACE...`\n"
		"('-': stdin); with --explain the walk diagrams show the tables the model read.\n");
	return 2;
}

int report_main(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	struct sm_err err = { 0 };
	struct report rp;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc && !out)
			out = argv[++i];
		else if ((argv[i][0] != '-' || !argv[i][1]) && !in)
			in = argv[i];
		else
			return usage();
	}
	if (!in || !out)
		return usage();
	if (slurp(in, (size_t)1 << 30, &text, &len, &err) ||
	    report_load(&rp, text ? text : "", len, in, &err)) {
		free(text);
		fprintf(stderr, "smmuits report: %s\n", err.msg);
		return 2;
	}
	free(text);
	if (!(f = fopen(out, "wb"))) {
		fprintf(stderr, "smmuits report: %s: cannot create: %s\n", out, strerror(errno));
		report_free(&rp);
		return 2;
	}
	rc = report_html(f, &rp, in);
	if (fclose(f) || rc) {
		fprintf(stderr, "smmuits report: %s: write failed\n", out);
		remove(out);
		report_free(&rp);
		return 2;
	}
	report_free(&rp);
	return 0;
}

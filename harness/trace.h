/* SPDX-License-Identifier: MIT */
/*
 * Trace format v1 (docs/trace-format.md is the contract).
 *
 * A trace is parsed completely before anything executes: every syntax error
 * in the file is reported as "FILE:LINE: error: ..." and a trace with any
 * error does not run.  Parsing produces a flat array of steps; each step
 * keeps its source line so results and failures point back at the file.
 *
 * Lines the core format does not know (harness driver lines, and lines added
 * by later issues) are "extension verbs": the parser tokenizes them into
 * key=value pairs and lets the extension table validate them, so they are
 * checked at parse time like everything else.
 */
#ifndef SMMUITS_TRACE_H
#define SMMUITS_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "model/err.h"

enum trace_op {
	TRACE_PLATFORM,       /* platform NAME|FILE */
	TRACE_PROFILE,        /* profile NAME|FILE */
	TRACE_WRITE,          /* write8..write64 ADDR VALUE */
	TRACE_READ,           /* read8..read64 ADDR [expect=V] [mask=M] */
	TRACE_FILL,           /* fill ADDR LEN BYTE */
	TRACE_DMA,            /* dma read|write sid=N ... */
	TRACE_MSI,            /* msi sid=N iova=A data=E ... */
	TRACE_EXPECT_EVENT,   /* expect-event type=NAME [sid=] [ssid=] [addr=] */
	TRACE_EXPECT_NO_EVENT,
	TRACE_EXT,            /* an extension verb (driver lines, later issues) */
	TRACE_ACK,            /* ack cpu=N [expect=INTID|none] */
	TRACE_EXPECT_PENDING, /* expect-pending intid=N cpu=N state=0|1 */
	TRACE_ISSUE_INTERVAL, /* issue-interval sid=N cycles=I */
	TRACE_WRITE_BYTES,    /* write-bytes ADDR HEX */
};

enum trace_outcome_kind {
	TRACE_OUT_NONE,     /* no expectation given */
	TRACE_OUT_PA,       /* pa:ADDR */
	TRACE_OUT_BYPASS,   /* bypass */
	TRACE_OUT_ABORT,    /* abort */
	TRACE_OUT_FAULT,    /* fault:NAME */
	TRACE_OUT_LPI,      /* lpi:INTID[@cpuN] (msi only) */
	TRACE_OUT_ITS_DROP, /* its-drop (msi only) */
	TRACE_OUT_MEM,      /* mem (msi only) */
	TRACE_OUT_NOT_ISSUED, /* not-issued: the device cannot issue it (size, dma-bits) */
	TRACE_OUT_BUS_ERROR,  /* bus-error: translated or bypassed to a PA nothing answers */
};

struct trace_outcome {
	enum trace_outcome_kind kind;
	uint64_t pa;        /* TRACE_OUT_PA */
	char fault[32];     /* TRACE_OUT_FAULT: event name as written, e.g. C_BAD_STE */
	uint32_t intid;     /* TRACE_OUT_LPI */
	int cpu;            /* TRACE_OUT_LPI: -1 when no @cpuN */
};

/* Step flags: which optional parts were given. */
#define TRACE_F_EXPECT  (1u << 0)  /* read expect=, dma/msi expect= */
#define TRACE_F_MASK    (1u << 1)
#define TRACE_F_SSID    (1u << 2)
#define TRACE_F_PRIV    (1u << 3)
#define TRACE_F_EXEC    (1u << 4)
#define TRACE_F_DATA    (1u << 5)
#define TRACE_F_RDATA   (1u << 6)
#define TRACE_F_SID     (1u << 7)  /* expect-event sid= */
#define TRACE_F_ADDR    (1u << 8)  /* expect-event addr= */
#define TRACE_F_ISWRITE (1u << 9)  /* dma write */
#define TRACE_F_IPA     (1u << 10) /* expect-event ipa= */
#define TRACE_F_FETCH   (1u << 11) /* expect-event fetch= */
#define TRACE_F_NONE    (1u << 12) /* ack expect=none */
#define TRACE_F_AT      (1u << 13) /* dma/msi at=CYCLE */
#define TRACE_F_CYCLES  (1u << 14) /* dma/msi cycles=N: the latency, in expect */
#define TRACE_F_HEX     (1u << 15) /* dma hex=, write-bytes: the bytes are at step.name */

/* expect-event record bits that were given (ev_given) and their values (ev_vals) */
#define TRACE_EV_S2  (1u << 0)
#define TRACE_EV_RNW (1u << 1)
#define TRACE_EV_PNU (1u << 2)
#define TRACE_EV_IND (1u << 3)

#define TRACE_MAX_KV   24
#define TRACE_NAME_LEN 256

/* One argument of an extension line: key=value, or a bare word (key = the word, has_value 0). */
struct trace_kv {
	char key[24];
	char str[64];       /* the value as written */
	uint64_t num;       /* the value as a number, when is_num */
	int is_num;
	int has_value;      /* 0 for a bare flag such as `priv` */
};

struct trace_step {
	enum trace_op op;
	unsigned line;
	uint32_t flags;
	unsigned size;      /* read/write: 1,2,4,8; dma: bytes (1..4096) */
	uint64_t addr;      /* read/write/fill: PA; dma/msi: IOVA; expect-event: addr= */
	uint64_t value;     /* write VALUE; fill BYTE; dma data=; msi data= */
	uint64_t len;       /* fill LEN; write-bytes: how many bytes */
	uint64_t expect;    /* read expect=; dma/msi cycles= */
	uint64_t mask;      /* read mask= (all ones when absent) */
	uint64_t rdata;     /* dma rdata= */
	uint32_t sid;
	uint32_t ssid;
	uint32_t cpu;       /* ack, expect-pending */
	uint8_t dma_bits;   /* dma/msi dma-bits=, 0 when absent (the platform's width) */
	struct trace_outcome out;
	/* expect-event: optional record fields */
	uint8_t ev_given, ev_vals;
	int8_t ev_class;    /* 0 CD, 1 TT, 2 IN; -1 when not given */
	uint64_t addr3;     /* ipa= or fetch= */
	uint64_t at;        /* dma/msi at=: issue cycle */
	/*
	 * platform NAME|FILE, expect-event type, ext verb ("" when none), the
	 * bytes of a TRACE_F_HEX step (size of them for dma, len for write-bytes),
	 * and an ext line's arguments in order.  Both point into the trace's pools, so a
	 * step stays small (a million-line trace is a few hundred MB, not GB).
	 */
	const char *name;
	const struct trace_kv *kv;
	unsigned nkv;
	/* parser-internal: pool offsets, turned into the pointers above */
	size_t name_off, kv_off;
};

struct trace {
	struct trace_step *steps;
	size_t nsteps;
	size_t cap;
	char *strings;          /* NUL-separated names */
	size_t strings_len, strings_cap;
	struct trace_kv *kvs;   /* every ext argument */
	size_t nkvs, kvs_cap;
};

/* Accumulated diagnostics: newline-separated "FILE:LINE: error: ..." lines. */
struct trace_diag {
	char *text;
	size_t len;
	size_t cap;
	unsigned count;
};

/*
 * Extension verbs.  check() validates one parsed TRACE_EXT step and returns
 * SM_OK or SM_EINVAL with a message (without the FILE:LINE prefix, which the
 * parser adds).  fault_names, if non-NULL, is the NULL-terminated list of
 * names accepted in fault:NAME and expect-event type=NAME.
 */
struct trace_ext {
	const char *const *verbs;
	int (*check)(void *opaque, const struct trace_step *st, struct sm_err *err);
	void *opaque;
	const char *const *fault_names;
};

/*
 * Parse len bytes of text into *t (overwritten: free a previous trace first).
 * Returns SM_OK when the trace is error-free,
 * SM_EINVAL when diag holds one or more errors (t then holds what parsed),
 * SM_ENOMEM on allocation failure.  Never reads past len; NUL bytes in the
 * input are errors, not terminators.
 */
int trace_parse(const char *text, size_t len, const char *fname,
		const struct trace_ext *ext, struct trace *t, struct trace_diag *diag);
void trace_free(struct trace *t);
void trace_diag_free(struct trace_diag *d);

/* Ext-line argument lookup: the kv with this key, or NULL. */
const struct trace_kv *trace_kv_find(const struct trace_step *st, const char *key);

/* Parse a number as the format allows (decimal or 0x-hex, `_` separators not allowed). */
int trace_parse_u64(const char *s, size_t n, uint64_t *out);

#endif

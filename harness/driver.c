/* SPDX-License-Identifier: MIT */
/*
 * Driver lines: SMMU bring-up and STE/command management as Linux's
 * arm-smmu-v3 does it (arm_smmu_device_reset, arm_smmu_write_strtab_ent,
 * arm_smmu_cmdq_issue_cmdlist), through MMIO and memory only.
 */
#include <stdio.h>
#include <string.h>

#include "harness/driver.h"
#include "model/mem.h"
#include "model/platform.h"
#include "smmu/smmu_cmd.h"
#include "smmu/smmu_event.h"
#include "smmu/smmu_regs.h"
#include "smmu/smmu_ste.h"

/* One table: verb, the keys it accepts (space-separated), what it does. */
struct drv_verb {
	const char *name;
	const char *keys;
};

static const struct drv_verb verbs[] = {
	{ "smmu-init", "strtab sidbits split cmdq-log2 evtq-log2 recinvsid enable default heap" },
	{ "ste", "sid config v s1dss s1cdmax s1ctxptr s1fmt strw shcfg s2vmid s2t0sz s2sl0 s2tg "
		 "s2ps s2aa64 s2ttb s2r s2s s2ha s2hd s2endi w0 w1 w2 w3 w4 w5 w6 w7 inval" },
	{ "l1desc", "sid span l2ptr" },
	{ "cmd", "name sid ssid ssv ssec range leaf cs msiaddr msidata vmid asid addr w0 w1 cerror" },
	{ "sync", "cs msiaddr msidata cerror" },
	{ "gbpa", "abort" },
	{ "smmu-enable", "" },
	{ "smmu-disable", "" },
	{ "gerror-ack", "" },
};

#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

const char *const driver_verbs[] = {
	"smmu-init", "ste", "l1desc", "cmd", "sync", "gbpa", "smmu-enable", "smmu-disable",
	"gerror-ack", NULL,
};

static const struct drv_verb *find_verb(const char *name)
{
	for (size_t i = 0; i < NVERBS; i++)
		if (!strcmp(verbs[i].name, name))
			return &verbs[i];
	return NULL;
}

static bool key_allowed(const struct drv_verb *v, const char *key)
{
	size_t n = strlen(key);
	const char *p = v->keys;

	while (*p) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, key, n))
			return true;
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

static const char *const ste_configs[] = { "abort", "bypass", "s1", "s2", "nested", NULL };
static const unsigned ste_config_vals[] = {
	STE_CONFIG_ABORT, STE_CONFIG_BYPASS, STE_CONFIG_S1_TRANS, STE_CONFIG_S2_TRANS,
	STE_CONFIG_NESTED,
};

static int word_index(const char *const *words, const char *s)
{
	for (int i = 0; words[i]; i++)
		if (!strcmp(words[i], s))
			return i;
	return -1;
}

static const char *const sync_cs[] = { "none", "irq", "sev", NULL };
/* CMDQ_CONS.ERR codes, in code order (IHI 0070 §7.1). */
static const char *const cerror_names[] = { "none", "ill", "abt", "atc_inv_sync", NULL };

/*
 * A command name as the spec writes it.  CMD_CFGI_ALL is not an opcode of
 * its own: it is CMD_CFGI_STE_RANGE with Range=31 (IHI 0070 §4.3.6).
 */
static int cmd_opcode(const char *name, bool *cfgi_all)
{
	if (cfgi_all)
		*cfgi_all = !strcmp(name, "CMD_CFGI_ALL");
	if (!strcmp(name, "CMD_CFGI_ALL"))
		return SMMU_CMD_CFGI_STE_RANGE;
	return smmu_cmd_from_name(name);
}

/* Numeric keys: every key except the few that take a word. */
static bool key_takes_word(const char *verb, const char *key)
{
	return (!strcmp(verb, "ste") && !strcmp(key, "config")) ||
	       (!strcmp(verb, "smmu-init") && (!strcmp(key, "strtab") || !strcmp(key, "default"))) ||
	       !strcmp(key, "cs") || !strcmp(key, "cerror") ||
	       (!strcmp(verb, "cmd") && !strcmp(key, "name"));
}

int driver_check(void *opaque, const struct trace_step *st, struct sm_err *err)
{
	const struct drv_verb *v = find_verb(st->name);

	(void)opaque;
	if (!v)
		return sm_err_set(err, SM_EINVAL, "unknown driver line '%s'", st->name);
	for (unsigned i = 0; i < st->nkv; i++) {
		const struct trace_kv *kv = &st->kv[i];

		/* `cmd CMD_SYNC` and `cmd leaf`: bare words are the command name or flags. */
		if (!kv->has_value) {
			if (!strcmp(st->name, "cmd") && cmd_opcode(kv->key, NULL) >= 0)
				continue;
			if (key_allowed(v, kv->key) && (!strcmp(kv->key, "leaf") || !strcmp(kv->key, "ssv") ||
							 !strcmp(kv->key, "ssec")))
				continue;
			return sm_err_set(err, SM_EINVAL, "%s: unexpected word '%s'", st->name, kv->key);
		}
		if (!key_allowed(v, kv->key))
			return sm_err_set(err, SM_EINVAL, "%s: unknown key '%s' (accepted: %s)",
					  st->name, kv->key, v->keys[0] ? v->keys : "none");
		if (key_takes_word(st->name, kv->key)) {
			if (!strcmp(kv->key, "config") && word_index(ste_configs, kv->str) < 0)
				return sm_err_set(err, SM_EINVAL,
						  "ste: config=%s is not abort|bypass|s1|s2|nested", kv->str);
			if (!strcmp(kv->key, "strtab") && strcmp(kv->str, "linear") && strcmp(kv->str, "2lvl"))
				return sm_err_set(err, SM_EINVAL, "smmu-init: strtab=%s is not linear|2lvl",
						  kv->str);
			if (!strcmp(kv->key, "default") && strcmp(kv->str, "abort") && strcmp(kv->str, "bypass"))
				return sm_err_set(err, SM_EINVAL, "smmu-init: default=%s is not abort|bypass",
						  kv->str);
			if (!strcmp(kv->key, "cs") && word_index(sync_cs, kv->str) < 0)
				return sm_err_set(err, SM_EINVAL, "%s: cs=%s is not none|irq|sev",
						  st->name, kv->str);
			if (!strcmp(kv->key, "cerror") && word_index(cerror_names, kv->str) < 0)
				return sm_err_set(err, SM_EINVAL, "%s: cerror=%s is not none|ill|abt|atc_inv_sync",
						  st->name, kv->str);
			if (!strcmp(kv->key, "name") && cmd_opcode(kv->str, NULL) < 0)
				return sm_err_set(err, SM_EINVAL, "cmd: unknown command '%s'", kv->str);
			continue;
		}
		if (!kv->is_num)
			return sm_err_set(err, SM_EINVAL, "%s: %s=%s is not a number", st->name, kv->key,
					  kv->str);
	}
	if (!strcmp(st->name, "ste") && (!trace_kv_find(st, "sid") || !trace_kv_find(st, "config")))
		return sm_err_set(err, SM_EINVAL, "ste: sid= and config= are required");
	if (!strcmp(st->name, "l1desc") && (!trace_kv_find(st, "sid") || !trace_kv_find(st, "span")))
		return sm_err_set(err, SM_EINVAL, "l1desc: sid= and span= are required");
	if (!strcmp(st->name, "gbpa") && !trace_kv_find(st, "abort"))
		return sm_err_set(err, SM_EINVAL, "gbpa: abort=0|1 is required");
	if (!strcmp(st->name, "cmd")) {
		int named = 0;
		for (unsigned i = 0; i < st->nkv; i++)
			if ((!st->kv[i].has_value && cmd_opcode(st->kv[i].key, NULL) >= 0) ||
			    !strcmp(st->kv[i].key, "name") || !strcmp(st->kv[i].key, "w0"))
				named++;
		if (named != 1)
			return sm_err_set(err, SM_EINVAL,
					  "cmd: give exactly one command (a CMD_* name, name=, or raw w0=)");
	}
	return SM_OK;
}

/* ---- execution ---------------------------------------------------------- */

static uint64_t num(const struct trace_step *st, const char *key, uint64_t def)
{
	const struct trace_kv *kv = trace_kv_find(st, key);

	return kv && kv->is_num ? kv->num : def;
}

static const char *word(const struct trace_step *st, const char *key, const char *def)
{
	const struct trace_kv *kv = trace_kv_find(st, key);

	return kv && kv->has_value ? kv->str : def;
}

static bool flag(const struct trace_step *st, const char *key)
{
	const struct trace_kv *kv = trace_kv_find(st, key);

	return kv && (!kv->has_value || kv->num);
}

static int rd32(struct driver *d, uint64_t off, uint32_t *v, struct sm_err *err)
{
	uint64_t x = 0;
	int rc = smmuits_read(d->sys, d->smmu_base + off, 4, &x, NULL);

	*v = (uint32_t)x;
	if (rc)
		return sm_err_set(err, rc, "read of SMMU offset 0x%llx failed", (unsigned long long)off);
	return SM_OK;
}

static int wr32(struct driver *d, uint64_t off, uint32_t v, struct sm_err *err)
{
	int rc = smmuits_write(d->sys, d->smmu_base + off, 4, v, NULL);

	if (rc)
		return sm_err_set(err, rc, "write of SMMU offset 0x%llx failed", (unsigned long long)off);
	return SM_OK;
}

static int wr64(struct driver *d, uint64_t off, uint64_t v, struct sm_err *err)
{
	int rc = smmuits_write(d->sys, d->smmu_base + off, 8, v, NULL);

	if (rc)
		return sm_err_set(err, rc, "write of SMMU offset 0x%llx failed", (unsigned long long)off);
	return SM_OK;
}

/* Write a register and wait for its ACK twin to match, as Linux's arm_smmu_write_reg_sync. */
static int wr_sync(struct driver *d, uint64_t off, uint64_t ack_off, uint32_t v, struct sm_err *err)
{
	uint32_t ack = 0;
	int rc = wr32(d, off, v, err);

	for (int tries = 0; !rc && tries < 100; tries++) {
		rc = rd32(d, ack_off, &ack, err);
		if (!rc && ack == v)
			return SM_OK;
	}
	return rc ? rc : sm_err_set(err, SM_EINVAL, "SMMU register 0x%llx never acknowledged 0x%x",
				    (unsigned long long)off, v);
}

static int alloc(struct driver *d, uint64_t size, uint64_t align, uint64_t *out, struct sm_err *err)
{
	uint64_t a = (d->heap_next + align - 1) & ~(align - 1);

	if (a + size > d->heap_end || a + size < a)
		return sm_err_set(err, SM_ENOMEM, "driver heap exhausted (0x%llx bytes wanted)",
				  (unsigned long long)size);
	d->heap_next = a + size;
	*out = a;
	/* dma_alloc_coherent hands back zeroed memory. */
	return smmuits_fill(d->sys, a, size, 0) ? sm_err_set(err, SM_ENOMEM, "driver heap fill failed")
						: SM_OK;
}

static int write_ste_raw(struct driver *d, uint64_t addr, const uint64_t ste[STE_DWORDS])
{
	uint8_t b[STE_SIZE];

	/*
	 * Linux writes the STE's upper dwords first and dword 0 (with V) last,
	 * so the SMMU never sees a half-written valid entry.
	 */
	for (unsigned i = 0; i < STE_DWORDS; i++)
		mem_le_put(&b[i * 8], 8, ste[i]);
	if (smmuits_write_block(d->sys, addr + 8, b + 8, STE_SIZE - 8))
		return SM_EINVAL;
	return smmuits_write_block(d->sys, addr, b, 8);
}

static void default_ste(const struct driver *d, uint64_t ste[STE_DWORDS])
{
	memset(ste, 0, STE_SIZE);
	ste[0] = STE_0_V | FIELD_PREP(STE_0_CONFIG, d->default_config);
	/* Linux sets SHCFG=incoming for bypass STEs. */
	ste[1] = FIELD_PREP(STE_1_SHCFG, STE_SHCFG_INCOMING);
}

static int fill_default_stes(struct driver *d, uint64_t addr, uint64_t n)
{
	uint64_t ste[STE_DWORDS];

	default_ste(d, ste);
	for (uint64_t i = 0; i < n; i++)
		if (write_ste_raw(d, addr + i * STE_SIZE, ste))
			return SM_EINVAL;
	return SM_OK;
}

/* The STE's address, allocating the level-2 table the first time (arm_smmu_init_l2_strtab). */
static int ste_addr(struct driver *d, uint32_t sid, uint64_t *out, struct sm_err *err)
{
	if (sid >> d->sidbits && d->sidbits < 32)
		return sm_err_set(err, SM_ERANGE, "sid 0x%x outside the driver's %u-bit stream table",
				  sid, d->sidbits);
	if (d->strtab_fmt == SMMU_STRTAB_FMT_LINEAR) {
		*out = d->strtab + (uint64_t)sid * STE_SIZE;
		return SM_OK;
	}
	uint64_t l1a = d->strtab + (uint64_t)(sid >> d->split) * L1STD_SIZE, l1 = 0, l2;
	uint8_t b[8];

	if (smmuits_read_block(d->sys, l1a, b, 8))
		return sm_err_set(err, SM_EINVAL, "cannot read L1 descriptor at 0x%llx",
				  (unsigned long long)l1a);
	l1 = mem_le_get(b, 8);
	if (!FIELD_GET(L1STD_0_SPAN, l1)) {
		uint64_t n = UINT64_C(1) << d->split;
		int rc = alloc(d, n * STE_SIZE, n * STE_SIZE, &l2, err);

		if (rc || (rc = fill_default_stes(d, l2, n)))
			return rc;
		l1 = FIELD_PREP(L1STD_0_SPAN, d->split + 1) | FIELD_ADDR(L1STD_0_L2PTR, l2);
		mem_le_put(b, 8, l1);
		if (smmuits_write_block(d->sys, l1a, b, 8))
			return sm_err_set(err, SM_EINVAL, "cannot write L1 descriptor");
	}
	*out = FIELD_ADDR(L1STD_0_L2PTR, l1) + (uint64_t)(sid & ((1u << d->split) - 1)) * STE_SIZE;
	return SM_OK;
}

/* Issue commands: write the entries, then PROD; check CONS for an error (arm_smmu_cmdq_issue_cmdlist). */
static int issue_cerror(struct driver *d, const uint64_t (*cmds)[CMD_DWORDS], unsigned n,
			unsigned *cerror, struct sm_err *err)
{
	uint32_t cons = 0, gerror = 0, gerrorn = 0;
	unsigned log2 = d->cmdq_log2;
	int rc;

	if (!d->initialised)
		return sm_err_set(err, SM_EINVAL, "the driver has not run smmu-init");
	for (unsigned i = 0; i < n; i++) {
		uint32_t idx = d->cmdq_prod & ((1u << log2) - 1);
		uint8_t b[CMD_SIZE];

		mem_le_put(b, 8, cmds[i][0]);
		mem_le_put(b + 8, 8, cmds[i][1]);
		if (smmuits_write_block(d->sys, d->cmdq + (uint64_t)idx * CMD_SIZE, b, CMD_SIZE))
			return sm_err_set(err, SM_EINVAL, "cannot write the command queue");
		d->cmdq_prod = (d->cmdq_prod + 1) & ((2u << log2) - 1);
	}
	if ((rc = wr32(d, SMMU_CMDQ_PROD, d->cmdq_prod, err)))
		return rc;
	if ((rc = rd32(d, SMMU_CMDQ_CONS, &cons, err)) || (rc = rd32(d, SMMU_GERROR, &gerror, err)) ||
	    (rc = rd32(d, SMMU_GERRORN, &gerrorn, err)))
		return rc;
	*cerror = SMMU_CERROR_NONE;
	if ((gerror ^ gerrorn) & SMMU_GERROR_CMDQ_ERR) {
		*cerror = (unsigned)FIELD_GET(SMMU_CMDQ_CONS_ERR, cons);
		return sm_err_set(err, SM_EINVAL, "command queue error CERROR=%u at index %u",
				  (unsigned)FIELD_GET(SMMU_CMDQ_CONS_ERR, cons),
				  (unsigned)(cons & ((1u << log2) - 1)));
	}
	if (((cons ^ d->cmdq_prod) & ((2u << log2) - 1)) != 0)
		return sm_err_set(err, SM_EINVAL, "command queue did not drain (CMDQEN=0?)");
	return SM_OK;
}

static int issue(struct driver *d, const uint64_t (*cmds)[CMD_DWORDS], unsigned n,
		 struct sm_err *err)
{
	unsigned cerror;

	return issue_cerror(d, cmds, n, &cerror, err);
}

static void cmd_sync(uint64_t c[CMD_DWORDS])
{
	c[0] = FIELD_PREP(CMD_0_OP, SMMU_CMD_SYNC);
	c[1] = 0;
}

static int do_init(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		   struct sm_err *err)
{
	uint32_t idr0, idr1;
	int rc;

	if ((rc = rd32(d, SMMU_IDR0, &idr0, err)) || (rc = rd32(d, SMMU_IDR1, &idr1, err)))
		return rc;
	unsigned sidsize = (unsigned)FIELD_GET(SMMU_IDR1_SIDSIZE, idr1);
	unsigned sidbits = (unsigned)num(st, "sidbits", sidsize < 16 ? sidsize : 16);
	const char *fmt = word(st, "strtab", sidbits > 8 ? "2lvl" : "linear");
	uint64_t heap = num(st, "heap", d->heap_base);

	if (sidbits > sidsize)
		return sm_err_set(err, SM_ERANGE, "sidbits=%u exceeds IDR1.SIDSIZE=%u", sidbits, sidsize);
	if (!strcmp(fmt, "2lvl") && FIELD_GET(SMMU_IDR0_ST_LEVEL, idr0) != SMMU_IDR0_ST_LEVEL_2LVL)
		return sm_err_set(err, SM_EINVAL, "2-level stream table requested but IDR0.ST_LEVEL=0");
	d->heap_next = heap;
	d->sidbits = sidbits;
	d->split = (unsigned)num(st, "split", 8);
	if (d->split != 6 && d->split != 8 && d->split != 10)
		return sm_err_set(err, SM_EINVAL, "split=%u: Linux uses 6, 8 or 10", d->split);
	d->strtab_fmt = !strcmp(fmt, "2lvl") ? SMMU_STRTAB_FMT_2LVL : SMMU_STRTAB_FMT_LINEAR;
	d->default_config = !strcmp(word(st, "default", "abort"), "bypass") ? STE_CONFIG_BYPASS
									     : STE_CONFIG_ABORT;
	d->cmdq_log2 = (unsigned)num(st, "cmdq-log2", 8);
	d->evtq_log2 = (unsigned)num(st, "evtq-log2", 7);
	if (d->cmdq_log2 > FIELD_GET(SMMU_IDR1_CMDQS, idr1) || d->evtq_log2 > FIELD_GET(SMMU_IDR1_EVENTQS, idr1))
		return sm_err_set(err, SM_ERANGE, "queue size beyond IDR1.CMDQS/EVENTQS");

	/* arm_smmu_device_disable: SMMUEN and the queues off before reprogramming. */
	if ((rc = wr_sync(d, SMMU_CR0, SMMU_CR0ACK, 0, err)))
		return rc;
	/* Inner-shareable write-back cacheable tables and queues. */
	uint32_t cr1 = (uint32_t)(FIELD_PREP(SMMU_CR1_TABLE_SH, 3) | FIELD_PREP(SMMU_CR1_TABLE_OC, 1) |
				  FIELD_PREP(SMMU_CR1_TABLE_IC, 1) | FIELD_PREP(SMMU_CR1_QUEUE_SH, 3) |
				  FIELD_PREP(SMMU_CR1_QUEUE_OC, 1) | FIELD_PREP(SMMU_CR1_QUEUE_IC, 1));
	uint32_t cr2 = (uint32_t)(SMMU_CR2_PTM | (num(st, "recinvsid", 1) ? SMMU_CR2_RECINVSID : 0));
	if ((rc = wr32(d, SMMU_CR1, cr1, err)) || (rc = wr32(d, SMMU_CR2, cr2, err)))
		return rc;

	/* Stream table */
	uint64_t n_l1, bytes;
	if (d->strtab_fmt == SMMU_STRTAB_FMT_LINEAR) {
		bytes = (UINT64_C(1) << sidbits) * STE_SIZE;
		if ((rc = alloc(d, bytes, bytes < 64 ? 64 : bytes, &d->strtab, err)) ||
		    (rc = fill_default_stes(d, d->strtab, UINT64_C(1) << sidbits)))
			return rc ? rc : sm_err_set(err, SM_EINVAL, "cannot write the stream table");
	} else {
		n_l1 = sidbits > d->split ? UINT64_C(1) << (sidbits - d->split) : 1;
		bytes = n_l1 * L1STD_SIZE;
		if ((rc = alloc(d, bytes, bytes < 64 ? 64 : bytes, &d->strtab, err)))
			return rc;
	}
	if ((rc = wr64(d, SMMU_STRTAB_BASE, SMMU_STRTAB_BASE_RA | FIELD_ADDR(SMMU_STRTAB_BASE_ADDR, d->strtab), err)) ||
	    (rc = wr32(d, SMMU_STRTAB_BASE_CFG,
		       (uint32_t)(FIELD_PREP(SMMU_STRTAB_BASE_CFG_FMT, d->strtab_fmt) |
				  FIELD_PREP(SMMU_STRTAB_BASE_CFG_LOG2SIZE, sidbits) |
				  FIELD_PREP(SMMU_STRTAB_BASE_CFG_SPLIT,
					     d->strtab_fmt == SMMU_STRTAB_FMT_2LVL ? d->split : 0)), err)))
		return rc;

	/* Command queue, enabled before anything else so the invalidations below can run. */
	bytes = (UINT64_C(1) << d->cmdq_log2) * CMD_SIZE;
	if ((rc = alloc(d, bytes, bytes < 32 ? 32 : bytes, &d->cmdq, err)))
		return rc;
	if ((rc = wr64(d, SMMU_CMDQ_BASE, SMMU_Q_BASE_RA | FIELD_ADDR(SMMU_Q_BASE_ADDR, d->cmdq) |
				  FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, d->cmdq_log2), err)) ||
	    (rc = wr32(d, SMMU_CMDQ_PROD, 0, err)) || (rc = wr32(d, SMMU_CMDQ_CONS, 0, err)))
		return rc;
	d->cmdq_prod = 0;
	uint32_t cr0 = (uint32_t)SMMU_CR0_CMDQEN;
	if ((rc = wr_sync(d, SMMU_CR0, SMMU_CR0ACK, cr0, err)))
		return rc;
	d->initialised = 1;

	/* Invalidate any cached configuration and TLB entries (arm_smmu_device_reset). */
	uint64_t cmds[4][CMD_DWORDS] = { { 0 } };
	unsigned nc = 0;
	cmds[nc][0] = FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_STE_RANGE);
	cmds[nc++][1] = FIELD_PREP(CMD_1_RANGE, CMD_CFGI_RANGE_ALL);
	if (FIELD_GET(SMMU_IDR0_HYP, idr0))
		cmds[nc++][0] = FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_EL2_ALL);
	cmds[nc++][0] = FIELD_PREP(CMD_0_OP, SMMU_CMD_TLBI_NSNH_ALL);
	cmd_sync(cmds[nc++]);
	if ((rc = issue(d, (const uint64_t (*)[CMD_DWORDS])cmds, nc, err)))
		return rc;

	/* Event queue */
	bytes = (UINT64_C(1) << d->evtq_log2) * EVT_SIZE;
	if ((rc = alloc(d, bytes, bytes < 32 ? 32 : bytes, &d->evtq, err)))
		return rc;
	if ((rc = wr64(d, SMMU_EVENTQ_BASE, SMMU_Q_BASE_RA | FIELD_ADDR(SMMU_Q_BASE_ADDR, d->evtq) |
				    FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, d->evtq_log2), err)) ||
	    (rc = wr32(d, SMMU_EVENTQ_PROD, 0, err)) || (rc = wr32(d, SMMU_EVENTQ_CONS, 0, err)))
		return rc;
	cr0 |= (uint32_t)SMMU_CR0_EVENTQEN;
	if ((rc = wr_sync(d, SMMU_CR0, SMMU_CR0ACK, cr0, err)))
		return rc;
	if (num(st, "enable", 1)) {
		cr0 |= (uint32_t)SMMU_CR0_SMMUEN;
		if ((rc = wr_sync(d, SMMU_CR0, SMMU_CR0ACK, cr0, err)))
			return rc;
	}
	snprintf(sum, len, "SMMU at 0x%llx: %s stream table at 0x%llx (%u SID bits%s), cmdq 0x%llx "
		 "(2^%u), evtq 0x%llx (2^%u), unused STEs %s, SMMUEN=%d",
		 (unsigned long long)d->smmu_base, d->strtab_fmt ? "2-level" : "linear",
		 (unsigned long long)d->strtab, sidbits,
		 d->strtab_fmt ? (d->split == 6 ? ", split 6" : d->split == 8 ? ", split 8" : ", split 10") : "",
		 (unsigned long long)d->cmdq, d->cmdq_log2, (unsigned long long)d->evtq, d->evtq_log2,
		 d->default_config == STE_CONFIG_BYPASS ? "bypass" : "abort",
		 (int)(cr0 & SMMU_CR0_SMMUEN));
	return SM_OK;
}

static int cfgi_ste_sync(struct driver *d, uint32_t sid, struct sm_err *err)
{
	uint64_t cmds[2][CMD_DWORDS];

	cmds[0][0] = FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_STE) | FIELD_PREP(CMD_0_SID, sid);
	cmds[0][1] = CMD_1_LEAF;
	cmd_sync(cmds[1]);
	return issue(d, (const uint64_t (*)[CMD_DWORDS])cmds, 2, err);
}

static int do_ste(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		  struct sm_err *err)
{
	uint32_t sid = (uint32_t)num(st, "sid", 0);
	unsigned config = ste_config_vals[word_index(ste_configs, word(st, "config", "abort"))];
	uint64_t ste[STE_DWORDS] = { 0 }, addr, ctx = 0, s2ttb = 0;
	int rc;
	static const char *const wk[] = { "w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7" };

	if (!d->initialised)
		return sm_err_set(err, SM_EINVAL, "ste before smmu-init");
	if ((rc = ste_addr(d, sid, &addr, err)))
		return rc;
	if ((config & 1) && !trace_kv_find(st, "s1ctxptr") &&
	    (rc = alloc(d, 4096, 4096, &ctx, err)))
		return rc;
	if ((config & 2) && !trace_kv_find(st, "s2ttb") &&
	    (rc = alloc(d, 4096, 4096, &s2ttb, err)))
		return rc;
	ste[0] = FIELD_PREP(STE_0_V, num(st, "v", 1)) | FIELD_PREP(STE_0_CONFIG, config);
	ste[1] = FIELD_PREP(STE_1_SHCFG, num(st, "shcfg", STE_SHCFG_INCOMING));
	if (config & 1) {
		ste[0] |= FIELD_PREP(STE_0_S1FMT, num(st, "s1fmt", 0)) |
			  FIELD_ADDR(STE_0_S1CONTEXTPTR, num(st, "s1ctxptr", ctx)) |
			  FIELD_PREP(STE_0_S1CDMAX, num(st, "s1cdmax", 0));
		ste[1] |= FIELD_PREP(STE_1_S1DSS, num(st, "s1dss", 0)) |
			  FIELD_PREP(STE_1_STRW, num(st, "strw", 0)) |
			  FIELD_PREP(STE_1_S1CIR, 1) | FIELD_PREP(STE_1_S1COR, 1) |
			  FIELD_PREP(STE_1_S1CSH, 3);
	}
	if (config & 2) {
		/* Linux's stage-2 defaults for a 48-bit IPA with 4 KiB pages: start at level 0. */
		ste[2] = FIELD_PREP(STE_2_S2VMID, num(st, "s2vmid", 1)) |
			 FIELD_PREP(STE_2_S2T0SZ, num(st, "s2t0sz", 16)) |
			 FIELD_PREP(STE_2_S2SL0, num(st, "s2sl0", 2)) |
			 FIELD_PREP(STE_2_S2TG, num(st, "s2tg", STE_S2TG_4K)) |
			 FIELD_PREP(STE_2_S2PS, num(st, "s2ps", 5)) |
			 FIELD_PREP(STE_2_S2AA64, num(st, "s2aa64", 1)) |
			 FIELD_PREP(STE_2_S2ENDI, num(st, "s2endi", 0)) |
			 FIELD_PREP(STE_2_S2HA, num(st, "s2ha", 0)) |
			 FIELD_PREP(STE_2_S2HD, num(st, "s2hd", 0)) |
			 FIELD_PREP(STE_2_S2S, num(st, "s2s", 0)) |
			 FIELD_PREP(STE_2_S2R, num(st, "s2r", 1)) |
			 FIELD_PREP(STE_2_S2IR0, 1) | FIELD_PREP(STE_2_S2OR0, 1) |
			 FIELD_PREP(STE_2_S2SH0, 3);
		ste[3] = FIELD_ADDR(STE_3_S2TTB, num(st, "s2ttb", s2ttb));
	}
	for (unsigned i = 0; i < STE_DWORDS; i++)
		ste[i] = num(st, wk[i], ste[i]);
	if (write_ste_raw(d, addr, ste))
		return sm_err_set(err, SM_EINVAL, "cannot write the STE at 0x%llx", (unsigned long long)addr);
	if (num(st, "inval", 1) && (rc = cfgi_ste_sync(d, sid, err)))
		return rc;
	snprintf(sum, len, "STE sid=0x%x at 0x%llx: %016llx %016llx %016llx %016llx%s", sid,
		 (unsigned long long)addr, (unsigned long long)ste[0], (unsigned long long)ste[1],
		 (unsigned long long)ste[2], (unsigned long long)ste[3],
		 num(st, "inval", 1) ? ", CFGI_STE + SYNC" : ", not invalidated");
	return SM_OK;
}

static int do_l1desc(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		     struct sm_err *err)
{
	uint32_t sid = (uint32_t)num(st, "sid", 0);
	uint64_t l1a, l1;
	uint8_t b[8];
	int rc;

	if (!d->initialised || d->strtab_fmt != SMMU_STRTAB_FMT_2LVL)
		return sm_err_set(err, SM_EINVAL, "l1desc needs smmu-init strtab=2lvl");
	l1a = d->strtab + (uint64_t)(sid >> d->split) * L1STD_SIZE;
	if (!trace_kv_find(st, "l2ptr")) {
		uint64_t dummy;
		/* Make sure a level-2 table exists so Span edits keep its pointer. */
		if ((rc = ste_addr(d, sid, &dummy, err)))
			return rc;
	}
	if (smmuits_read_block(d->sys, l1a, b, 8))
		return sm_err_set(err, SM_EINVAL, "cannot read L1 descriptor");
	l1 = mem_le_get(b, 8);
	l1 = FIELD_SET(L1STD_0_SPAN, l1, num(st, "span", 0));
	if (trace_kv_find(st, "l2ptr"))
		l1 = (l1 & ~L1STD_0_L2PTR) | FIELD_ADDR(L1STD_0_L2PTR, num(st, "l2ptr", 0));
	mem_le_put(b, 8, l1);
	if (smmuits_write_block(d->sys, l1a, b, 8))
		return sm_err_set(err, SM_EINVAL, "cannot write L1 descriptor");
	snprintf(sum, len, "L1 descriptor for sid=0x%x at 0x%llx = 0x%016llx", sid,
		 (unsigned long long)l1a, (unsigned long long)l1);
	return SM_OK;
}

static int do_cmd(struct driver *d, const struct trace_step *st, bool sync_only, char *sum,
		  size_t len, struct sm_err *err)
{
	uint64_t c[1][CMD_DWORDS] = { { 0, 0 } };
	bool all = false;
	int op = -1;

	if (sync_only) {
		op = SMMU_CMD_SYNC;
	} else {
		for (unsigned i = 0; i < st->nkv; i++)
			if (!st->kv[i].has_value && cmd_opcode(st->kv[i].key, NULL) >= 0)
				op = cmd_opcode(st->kv[i].key, &all);
		if (trace_kv_find(st, "name"))
			op = cmd_opcode(word(st, "name", ""), &all);
	}
	if (op >= 0) {
		c[0][0] = FIELD_PREP(CMD_0_OP, (unsigned)op);
		if (op == SMMU_CMD_SYNC) {
			c[0][0] |= FIELD_PREP(CMD_SYNC_0_CS, (unsigned)word_index(sync_cs, word(st, "cs", "none"))) |
				   FIELD_PREP(CMD_SYNC_0_MSIDATA, num(st, "msidata", 0)) |
				   FIELD_PREP(CMD_SYNC_0_MSH, 3) | FIELD_PREP(CMD_SYNC_0_MSIATTR, 0xf);
			c[0][1] = FIELD_ADDR(CMD_SYNC_1_MSIADDR, num(st, "msiaddr", 0));
		} else if (op >= SMMU_CMD_TLBI_NH_ALL && op <= SMMU_CMD_TLBI_NSNH_ALL) {
			c[0][0] |= FIELD_PREP(CMD_0_VMID, num(st, "vmid", 0)) |
				   FIELD_PREP(CMD_0_ASID, num(st, "asid", 0));
			c[0][1] = FIELD_PREP(CMD_1_LEAF, flag(st, "leaf")) |
				  FIELD_ADDR(CMD_1_ADDR, num(st, "addr", 0));
		} else {
			c[0][0] |= FIELD_PREP(CMD_0_SID, num(st, "sid", 0)) |
				   FIELD_PREP(CMD_0_SSID, num(st, "ssid", 0)) |
				   FIELD_PREP(CMD_0_SSV, flag(st, "ssv")) |
				   FIELD_PREP(CMD_0_SSEC, flag(st, "ssec"));
			c[0][1] = op == SMMU_CMD_CFGI_STE_RANGE
				  ? FIELD_PREP(CMD_1_RANGE, all ? CMD_CFGI_RANGE_ALL : num(st, "range", 0))
							       : FIELD_PREP(CMD_1_LEAF, flag(st, "leaf"));
		}
	}
	c[0][0] = num(st, "w0", c[0][0]);
	c[0][1] = num(st, "w1", c[0][1]);
	const char *name = smmu_cmd_name((unsigned)FIELD_GET(CMD_0_OP, c[0][0]));
	int want = word_index(cerror_names, word(st, "cerror", "none"));
	unsigned got = SMMU_CERROR_NONE;
	int rc = issue_cerror(d, (const uint64_t (*)[CMD_DWORDS])c, 1, &got, err);

	snprintf(sum, len, "%s %016llx %016llx, CERROR=%s", name ? name : "(reserved opcode)",
		 (unsigned long long)c[0][0], (unsigned long long)c[0][1],
		 got < 4 ? cerror_names[got] : "?");
	/* A command error the trace asked for is the expected outcome, not a failure. */
	if (want != SMMU_CERROR_NONE || got != SMMU_CERROR_NONE) {
		if ((int)got == want)
			return SM_OK;
		if (want != SMMU_CERROR_NONE)
			return sm_err_set(err, SM_EINVAL, "expected CERROR=%s, got %s",
					  cerror_names[want], got < 4 ? cerror_names[got] : "?");
	}
	return rc;
}

static int do_gbpa(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		   struct sm_err *err)
{
	uint32_t v = 0;
	int rc;

	/* arm_smmu_update_gbpa: read, modify, write with UPDATE, poll UPDATE clear. */
	if ((rc = rd32(d, SMMU_GBPA, &v, err)))
		return rc;
	v = (uint32_t)FIELD_SET(SMMU_GBPA_ABORT, v, num(st, "abort", 0) != 0);
	if ((rc = wr32(d, SMMU_GBPA, v | (uint32_t)SMMU_GBPA_UPDATE, err)))
		return rc;
	for (int tries = 0; tries < 100; tries++) {
		if ((rc = rd32(d, SMMU_GBPA, &v, err)))
			return rc;
		if (!(v & SMMU_GBPA_UPDATE)) {
			snprintf(sum, len, "GBPA = 0x%08x", v);
			return SM_OK;
		}
	}
	return sm_err_set(err, SM_EINVAL, "GBPA.UPDATE never cleared");
}

static int do_enable(struct driver *d, bool on, char *sum, size_t len, struct sm_err *err)
{
	uint32_t cr0;
	int rc = rd32(d, SMMU_CR0, &cr0, err);

	if (rc)
		return rc;
	cr0 = (uint32_t)FIELD_SET(SMMU_CR0_SMMUEN, cr0, on);
	snprintf(sum, len, "CR0 = 0x%x", cr0);
	return wr_sync(d, SMMU_CR0, SMMU_CR0ACK, cr0, err);
}

static int do_gerror_ack(struct driver *d, char *sum, size_t len, struct sm_err *err)
{
	uint32_t g, gn;
	int rc;

	/* arm_smmu_gerror_handler: acknowledge every active error by copying GERROR. */
	if ((rc = rd32(d, SMMU_GERROR, &g, err)) || (rc = rd32(d, SMMU_GERRORN, &gn, err)))
		return rc;
	snprintf(sum, len, "GERROR=0x%x GERRORN=0x%x active=0x%x -> acknowledged", g, gn, g ^ gn);
	if (d->initialised && ((g ^ gn) & SMMU_GERROR_CMDQ_ERR)) {
		uint32_t cons;
		uint8_t b[CMD_SIZE] = { 0 };

		/*
		 * arm_smmu_cmdq_skip_err: overwrite the faulting command with a
		 * CMD_SYNC so the queue can move on once the error is acknowledged.
		 */
		if ((rc = rd32(d, SMMU_CMDQ_CONS, &cons, err)))
			return rc;
		mem_le_put(b, 8, FIELD_PREP(CMD_0_OP, SMMU_CMD_SYNC));
		if (smmuits_write_block(d->sys, d->cmdq + (uint64_t)(cons & ((1u << d->cmdq_log2) - 1)) * CMD_SIZE,
					b, CMD_SIZE))
			return sm_err_set(err, SM_EINVAL, "cannot patch the command queue");
		snprintf(sum, len, "GERROR=0x%x GERRORN=0x%x: CMDQ_ERR CERROR=%u at index %u replaced by "
			 "CMD_SYNC, acknowledged", g, gn, (unsigned)FIELD_GET(SMMU_CMDQ_CONS_ERR, cons),
			 (unsigned)(cons & ((1u << d->cmdq_log2) - 1)));
	}
	return wr32(d, SMMU_GERRORN, g, err);
}

void driver_init(struct driver *d, struct smmuits *sys)
{
	const struct platform *p = smmuits_platform(sys);
	const struct plat_dev *smmu = plat_find_dev(p, "smmu", 0);

	memset(d, 0, sizeof(*d));
	d->sys = sys;
	d->smmu_base = smmu ? smmu->base : 0;
	/* The driver's heap is the top 16 MiB of the first RAM range, away from test buffers. */
	if (p->nram) {
		uint64_t top = p->ram[0].base + p->ram[0].size;
		uint64_t sz = p->ram[0].size < (UINT64_C(32) << 20) ? p->ram[0].size / 2 : UINT64_C(16) << 20;

		d->heap_base = d->heap_next = top - sz;
		d->heap_end = top;
	}
}

int driver_exec(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		struct sm_err *err)
{
	sum[0] = 0;
	if (!strcmp(st->name, "smmu-init"))
		return do_init(d, st, sum, len, err);
	if (!strcmp(st->name, "ste"))
		return do_ste(d, st, sum, len, err);
	if (!strcmp(st->name, "l1desc"))
		return do_l1desc(d, st, sum, len, err);
	if (!strcmp(st->name, "cmd"))
		return do_cmd(d, st, false, sum, len, err);
	if (!strcmp(st->name, "sync"))
		return do_cmd(d, st, true, sum, len, err);
	if (!strcmp(st->name, "gbpa"))
		return do_gbpa(d, st, sum, len, err);
	if (!strcmp(st->name, "smmu-enable"))
		return do_enable(d, true, sum, len, err);
	if (!strcmp(st->name, "smmu-disable"))
		return do_enable(d, false, sum, len, err);
	if (!strcmp(st->name, "gerror-ack"))
		return do_gerror_ack(d, sum, len, err);
	return sm_err_set(err, SM_EINVAL, "unknown driver line '%s'", st->name);
}

int driver_evtq_pop(struct driver *d, uint64_t rec[4], int *empty, struct sm_err *err)
{
	uint64_t base = 0;
	uint32_t prod, cons;
	uint8_t b[EVT_SIZE];
	int rc;

	/* Read the queue geometry from the registers, as a driver that did not set it up would. */
	if (smmuits_read(d->sys, d->smmu_base + SMMU_EVENTQ_BASE, 8, &base, NULL))
		return sm_err_set(err, SM_EINVAL, "cannot read SMMU_EVENTQ_BASE");
	if ((rc = rd32(d, SMMU_EVENTQ_PROD, &prod, err)) || (rc = rd32(d, SMMU_EVENTQ_CONS, &cons, err)))
		return rc;
	unsigned log2 = (unsigned)FIELD_GET(SMMU_Q_BASE_LOG2SIZE, base);
	uint32_t ptr_mask = (2u << log2) - 1;
	uint32_t ovf = prod & (uint32_t)SMMU_EVENTQ_PROD_OVFLG;

	*empty = ((prod ^ cons) & ptr_mask) == 0;
	if (*empty) {
		/* Acknowledge an overflow even when nothing is left (arm_smmu_evtq_thread). */
		if ((ovf ^ cons) & SMMU_EVENTQ_CONS_OVACKFLG)
			return wr32(d, SMMU_EVENTQ_CONS, (cons & ptr_mask) | ovf, err);
		return SM_OK;
	}
	uint64_t addr = FIELD_ADDR(SMMU_Q_BASE_ADDR, base) + (uint64_t)(cons & ((1u << log2) - 1)) * EVT_SIZE;
	if (smmuits_read_block(d->sys, addr, b, sizeof(b)))
		return sm_err_set(err, SM_EINVAL, "cannot read the event record at 0x%llx",
				  (unsigned long long)addr);
	for (unsigned i = 0; i < 4; i++)
		rec[i] = mem_le_get(b + 8 * i, 8);
	cons = ((cons & ptr_mask) + 1) & ptr_mask;
	return wr32(d, SMMU_EVENTQ_CONS, cons | ovf, err);
}

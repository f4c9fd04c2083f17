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
#include "smmu/smmu_cd.h"
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
		 "s2ps s2aa64 s2ttb s2r s2s s2ha s2hd s2affd s2endi privcfg instcfg w0 w1 w2 w3 w4 w5 "
		 "w6 w7 inval granule ias s2heap" },
	{ "cd", "sid ssid asid granule ias ips ttb1 epd0 epd1 tbi ha hd affd wxn pan r a s v "
		"w0 w1 w2 w3 w4 w5 w6 w7 inval" },
	{ "map", "sid ssid iova pa size prot stage ttb" },
	{ "unmap", "sid ssid iova size stage ttb" },
	{ "pte", "sid ssid iova stage ttb level set clear" },
	{ "l1desc", "sid span l2ptr" },
	{ "cmd", "name sid ssid ssv ssec range leaf cs msiaddr msidata vmid asid addr tg num scale "
		 "ttl w0 w1 cerror" },
	{ "sync", "cs msiaddr msidata cerror" },
	{ "gbpa", "abort" },
	{ "smmu-enable", "" },
	{ "smmu-disable", "" },
	{ "gerror-ack", "" },
};

#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

const char *const driver_verbs[] = {
	"smmu-init", "ste", "cd", "map", "unmap", "pte", "l1desc", "cmd", "sync", "gbpa",
	"smmu-enable", "smmu-disable", "gerror-ack",
	"gic-init", "its-init", "its-mapd", "its-mapti", "its-cmd", "its-retry", "lpi-config",
	"msi-doorbell", "smmu-msi", "hotplug", "direct-map", NULL,
};

static const struct drv_verb *find_verb(const char *name)
{
	for (size_t i = 0; i < NVERBS; i++)
		if (!strcmp(verbs[i].name, name))
			return &verbs[i];
	return NULL;
}

bool drv__key_allowed(const char *keys, const char *key)
{
	size_t n = strlen(key);
	const char *p = keys;

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

/* 4k|16k|64k -> page shift, or -1. */
static int granule_shift(const char *s)
{
	return !strcmp(s, "4k") ? 12 : !strcmp(s, "16k") ? 14 : !strcmp(s, "64k") ? 16 : -1;
}

/*
 * prot=LETTERS -> PGTABLE_* bits: r read, w write, x execute, p privileged
 * only, g global, n AF=0 (no access flag), d DBM, c contiguous hint.
 */
static int parse_prot(const char *s)
{
	static const struct { char c; unsigned bit; } map[] = {
		{ 'r', PGTABLE_READ }, { 'w', PGTABLE_WRITE }, { 'x', PGTABLE_EXEC },
		{ 'p', PGTABLE_PRIV }, { 'g', PGTABLE_GLOBAL }, { 'n', PGTABLE_NO_AF },
		{ 'd', PGTABLE_DBM }, { 'c', PGTABLE_CONT },
	};
	unsigned prot = 0;

	if (!strcmp(s, "none"))
		return 0;
	for (; *s; s++) {
		size_t i;

		for (i = 0; i < sizeof(map) / sizeof(map[0]) && map[i].c != *s; i++)
			;
		if (i == sizeof(map) / sizeof(map[0]))
			return -1;
		prot |= map[i].bit;
	}
	return (int)prot;
}

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
	       !strcmp(key, "granule") || !strcmp(key, "prot") ||
	       (!strcmp(verb, "smmu-init") && (!strcmp(key, "strtab") || !strcmp(key, "default"))) ||
	       !strcmp(key, "cs") || !strcmp(key, "cerror") ||
	       (!strcmp(verb, "cmd") && !strcmp(key, "name"));
}

int driver_check(void *opaque, const struct trace_step *st, struct sm_err *err)
{
	const struct drv_verb *v = find_verb(st->name);

	(void)opaque;
	if (driver_its_owns(st->name))
		return driver_its_check(st, err);
	if (driver_plat_owns(st->name))
		return driver_plat_check(st, err);
	if (!v)
		return sm_err_set(err, SM_EINVAL, "unknown driver line '%s'", st->name);
	for (unsigned i = 0; i < st->nkv; i++) {
		const struct trace_kv *kv = &st->kv[i];

		/* `cmd CMD_SYNC` and `cmd leaf`: bare words are the command name or flags. */
		if (!kv->has_value) {
			if (!strcmp(st->name, "cmd") && cmd_opcode(kv->key, NULL) >= 0)
				continue;
			if (drv__key_allowed(v->keys, kv->key) && (!strcmp(kv->key, "leaf") || !strcmp(kv->key, "ssv") ||
							 !strcmp(kv->key, "ssec")))
				continue;
			return sm_err_set(err, SM_EINVAL, "%s: unexpected word '%s'", st->name, kv->key);
		}
		if (!drv__key_allowed(v->keys, kv->key))
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
			if (!strcmp(kv->key, "granule") && granule_shift(kv->str) < 0)
				return sm_err_set(err, SM_EINVAL, "%s: granule=%s is not 4k|16k|64k",
						  st->name, kv->str);
			if (!strcmp(kv->key, "prot") && parse_prot(kv->str) < 0)
				return sm_err_set(err, SM_EINVAL,
						  "%s: prot=%s: use letters r w x p g n d c (see docs/driver.md)",
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
	if (!strcmp(st->name, "cd") && !trace_kv_find(st, "sid"))
		return sm_err_set(err, SM_EINVAL, "cd: sid= is required");
	if (!strcmp(st->name, "map") && (!trace_kv_find(st, "sid") || !trace_kv_find(st, "iova") ||
					 !trace_kv_find(st, "pa") || !trace_kv_find(st, "size")))
		return sm_err_set(err, SM_EINVAL, "map: sid=, iova=, pa= and size= are required");
	if (!strcmp(st->name, "unmap") && (!trace_kv_find(st, "sid") || !trace_kv_find(st, "iova") ||
					   !trace_kv_find(st, "size")))
		return sm_err_set(err, SM_EINVAL, "unmap: sid=, iova= and size= are required");
	if (!strcmp(st->name, "pte") && (!trace_kv_find(st, "sid") || !trace_kv_find(st, "iova")))
		return sm_err_set(err, SM_EINVAL, "pte: sid= and iova= are required");
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

/* The stream the driver set up for sid, created on first use. */
static struct drv_stream *stream_get(struct driver *d, uint32_t sid, bool create,
				     struct sm_err *err)
{
	struct drv_stream *free_slot = NULL;

	for (unsigned i = 0; i < DRIVER_MAX_STREAMS; i++) {
		if (d->streams[i].used && d->streams[i].sid == sid)
			return &d->streams[i];
		if (!d->streams[i].used && !free_slot)
			free_slot = &d->streams[i];
	}
	if (!create) {
		sm_err_set(err, SM_EINVAL, "sid 0x%x has no STE set up by the driver (use ste first)", sid);
		return NULL;
	}
	if (!free_slot) {
		sm_err_set(err, SM_ENOMEM, "the driver tracks at most %d streams", DRIVER_MAX_STREAMS);
		return NULL;
	}
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->used = true;
	free_slot->sid = sid;
	return free_slot;
}

static struct drv_ctx *ctx_get(struct driver *d, uint32_t sid, uint32_t ssid, bool create,
			       struct sm_err *err)
{
	struct drv_ctx *free_slot = NULL;

	for (unsigned i = 0; i < DRIVER_MAX_CONTEXTS; i++) {
		if (d->ctxs[i].used && d->ctxs[i].sid == sid && d->ctxs[i].ssid == ssid)
			return &d->ctxs[i];
		if (!d->ctxs[i].used && !free_slot)
			free_slot = &d->ctxs[i];
	}
	if (!create) {
		sm_err_set(err, SM_EINVAL, "sid 0x%x ssid 0x%x has no CD set up by the driver (use cd first)",
			   sid, ssid);
		return NULL;
	}
	if (!free_slot) {
		sm_err_set(err, SM_ENOMEM, "the driver tracks at most %d contexts", DRIVER_MAX_CONTEXTS);
		return NULL;
	}
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->used = true;
	free_slot->sid = sid;
	free_slot->ssid = ssid;
	return free_slot;
}

static int pt_alloc(void *ctx, uint64_t size, uint64_t align, uint64_t *pa, struct sm_err *err)
{
	return alloc(ctx, size, align, pa, err);
}

/* The SMMU's output address size in bits, from SMMU_IDR5 as a driver reads it. */
static int smmu_oas(struct driver *d, unsigned *bits, unsigned *enc, struct sm_err *err)
{
	uint32_t idr5;
	int rc = rd32(d, SMMU_IDR5, &idr5, err);

	*enc = (unsigned)FIELD_GET(SMMU_IDR5_OAS, idr5);
	*bits = smmu_pa_size_bits(*enc);
	return rc;
}

/* Stage-2 tables for a stream: Linux's arm_smmu_domain_finalise_s2 geometry. */
static int stream_s2(struct driver *d, struct drv_stream *sm, const struct trace_step *st,
		     bool nested, struct sm_err *err)
{
	unsigned oas, enc, pgshift = (unsigned)granule_shift(word(st, "granule", "4k"));
	int rc = smmu_oas(d, &oas, &enc, err);
	unsigned ias = (unsigned)num(st, "ias", oas > 48 ? 48 : oas);

	if (rc)
		return rc;
	if (sm->has_s2 && sm->s2.pgshift == pgshift && sm->s2.ias == ias)
		return SM_OK;
	/* Build into a temporary: a refused geometry must leave the old tables usable. */
	struct pgtable pt;
	rc = pgtable_init(&pt, d->sys, true, pgshift, ias, oas > 48 ? 48 : oas, pt_alloc, d, err);
	if (rc)
		return rc;
	sm->s2 = pt;
	sm->has_s2 = true;
	/*
	 * A nested guest's tables and CDs live in its IPA space: map the driver's
	 * heap there at the same addresses, as a VMM maps guest RAM, so the IPAs
	 * the driver writes are the PAs it allocated.
	 */
	if (nested && num(st, "s2heap", 1))
		rc = pgtable_map(&sm->s2, d->heap_base, d->heap_base, d->heap_end - d->heap_base,
				 PGTABLE_READ | PGTABLE_WRITE, err);
	return rc;
}

static int do_ste(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		  struct sm_err *err)
{
	uint32_t sid = (uint32_t)num(st, "sid", 0);
	unsigned config = ste_config_vals[word_index(ste_configs, word(st, "config", "abort"))];
	uint64_t ste[STE_DWORDS] = { 0 }, addr;
	struct drv_stream *sm;
	int rc;
	static const char *const wk[] = { "w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7" };

	if (!d->initialised)
		return sm_err_set(err, SM_EINVAL, "ste before smmu-init");
	if ((rc = ste_addr(d, sid, &addr, err)))
		return rc;
	if (!(sm = stream_get(d, sid, true, err)))
		return err->code;
	sm->config = config;
	ste[0] = FIELD_PREP(STE_0_V, num(st, "v", 1)) | FIELD_PREP(STE_0_CONFIG, config);
	ste[1] = FIELD_PREP(STE_1_SHCFG, num(st, "shcfg", STE_SHCFG_INCOMING)) |
		 FIELD_PREP(STE_1_PRIVCFG, num(st, "privcfg", 0)) |
		 FIELD_PREP(STE_1_INSTCFG, num(st, "instcfg", 0));
	/* Each stage-2 domain gets its own VMID (arm_smmu_domain_finalise_s2). */
	if ((config & 2) && !sm->vmid)
		sm->vmid = d->next_vmid++;
	ste[2] = FIELD_PREP(STE_2_S2VMID, num(st, "s2vmid", (config & 2) ? sm->vmid : 0));
	if (config & 1) {
		unsigned cdmax = (unsigned)num(st, "s1cdmax", 0);
		/* Linux: a linear CD table up to 1024 entries, else 2-level with 64 KiB leaves. */
		unsigned fmt = (unsigned)num(st, "s1fmt", cdmax > 10 ? STE_S1FMT_2LVL_64K : STE_S1FMT_LINEAR);

		/* An S1CDMax above SSIDSIZE is written as asked: the SMMU must call it ILLEGAL. */
		if (cdmax > 31)
			return sm_err_set(err, SM_ERANGE, "ste: s1cdmax=%u does not fit the 5-bit field", cdmax);
		if (!trace_kv_find(st, "s1ctxptr") && (!sm->cdtab || sm->s1cdmax != cdmax || sm->s1fmt != fmt)) {
			unsigned split = fmt == STE_S1FMT_2LVL_4K ? CD_SPLIT_4K : CD_SPLIT_64K;
			/* S1CDMax is 5 bits: the table can be large, never a bad shift */
			uint64_t bytes = fmt == STE_S1FMT_LINEAR
				? (uint64_t)CD_SIZE << cdmax
				: (uint64_t)L1CD_SIZE << (cdmax > split ? cdmax - split : 0);

			if (bytes < 64)
				bytes = 64;
			if ((rc = alloc(d, bytes, bytes, &sm->cdtab, err)))
				return rc;
			sm->s1cdmax = cdmax;
			sm->s1fmt = fmt;
			/* a new table: the old contexts' CDs are gone */
			for (unsigned i = 0; i < DRIVER_MAX_CONTEXTS; i++)
				if (d->ctxs[i].used && d->ctxs[i].sid == sid)
					d->ctxs[i].used = false;
		}
		ste[0] |= FIELD_PREP(STE_0_S1FMT, fmt) |
			  FIELD_ADDR(STE_0_S1CONTEXTPTR, num(st, "s1ctxptr", sm->cdtab)) |
			  FIELD_PREP(STE_0_S1CDMAX, cdmax);
		ste[1] |= FIELD_PREP(STE_1_S1DSS, num(st, "s1dss", 0)) |
			  FIELD_PREP(STE_1_STRW, num(st, "strw", 0)) |
			  FIELD_PREP(STE_1_S1CIR, 1) | FIELD_PREP(STE_1_S1COR, 1) |
			  FIELD_PREP(STE_1_S1CSH, 3);
	}
	if (config & 2) {
		unsigned oas, enc;
		bool raw = trace_kv_find(st, "s2t0sz") || trace_kv_find(st, "s2sl0") ||
			   trace_kv_find(st, "s2tg") || trace_kv_find(st, "s2ttb");

		if ((rc = smmu_oas(d, &oas, &enc, err)))
			return rc;
		if (!raw && (rc = stream_s2(d, sm, st, config == STE_CONFIG_NESTED, err)))
			return rc;
		unsigned tg = !sm->has_s2 || sm->s2.pgshift == 12 ? STE_S2TG_4K
			      : sm->s2.pgshift == 14 ? STE_S2TG_16K : STE_S2TG_64K;
		ste[2] |= FIELD_PREP(STE_2_S2T0SZ, num(st, "s2t0sz", sm->has_s2 ? pgtable_t0sz(&sm->s2) : 16)) |
			  FIELD_PREP(STE_2_S2SL0, num(st, "s2sl0", sm->has_s2 ? (unsigned)pgtable_s2_sl0(&sm->s2) : 2)) |
			  FIELD_PREP(STE_2_S2TG, num(st, "s2tg", tg)) |
			  FIELD_PREP(STE_2_S2PS, num(st, "s2ps", enc > 5 ? 5 : enc)) |
			  FIELD_PREP(STE_2_S2AA64, num(st, "s2aa64", 1)) |
			  FIELD_PREP(STE_2_S2ENDI, num(st, "s2endi", 0)) |
			  FIELD_PREP(STE_2_S2AFFD, num(st, "s2affd", 0)) |
			  FIELD_PREP(STE_2_S2HA, num(st, "s2ha", 0)) |
			  FIELD_PREP(STE_2_S2HD, num(st, "s2hd", 0)) |
			  FIELD_PREP(STE_2_S2S, num(st, "s2s", 0)) |
			  FIELD_PREP(STE_2_S2R, num(st, "s2r", 1)) |
			  FIELD_PREP(STE_2_S2IR0, 1) | FIELD_PREP(STE_2_S2OR0, 1) |
			  FIELD_PREP(STE_2_S2SH0, 3);
		ste[3] = FIELD_ADDR(STE_3_S2TTB, num(st, "s2ttb", sm->has_s2 ? sm->s2.root : 0));
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

/* Where the CD for table index idx lives, allocating a level-2 leaf table if needed. */
static int cd_addr(struct driver *d, struct drv_stream *sm, uint32_t idx, uint64_t *out,
		   struct sm_err *err)
{
	unsigned split = sm->s1fmt == STE_S1FMT_2LVL_4K ? CD_SPLIT_4K : CD_SPLIT_64K;
	uint64_t l1a, l1, l2;
	uint8_t b[8];
	int rc;

	if (sm->s1fmt == STE_S1FMT_LINEAR || !sm->s1cdmax) {
		*out = sm->cdtab + (uint64_t)idx * CD_SIZE;
		return SM_OK;
	}
	l1a = sm->cdtab + (uint64_t)(idx >> split) * L1CD_SIZE;
	if (smmuits_read_block(d->sys, l1a, b, 8))
		return sm_err_set(err, SM_EINVAL, "cannot read the L1CD at 0x%llx", (unsigned long long)l1a);
	l1 = mem_le_get(b, 8);
	if (!(l1 & L1CD_0_V)) {
		uint64_t bytes = (uint64_t)CD_SIZE << split;

		if ((rc = alloc(d, bytes, bytes, &l2, err)))
			return rc;
		l1 = L1CD_0_V | FIELD_ADDR(L1CD_0_L2PTR, l2);
		mem_le_put(b, 8, l1);
		if (smmuits_write_block(d->sys, l1a, b, 8))
			return sm_err_set(err, SM_EINVAL, "cannot write the L1CD");
	}
	*out = FIELD_ADDR(L1CD_0_L2PTR, l1) + (uint64_t)(idx & ((1u << split) - 1)) * CD_SIZE;
	return SM_OK;
}

static int do_cd(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		 struct sm_err *err)
{
	uint32_t sid = (uint32_t)num(st, "sid", 0), ssid = (uint32_t)num(st, "ssid", 0);
	struct drv_stream *sm = stream_get(d, sid, false, err);
	struct drv_ctx *cx;
	unsigned oas, enc, pgshift = (unsigned)granule_shift(word(st, "granule", "4k"));
	unsigned ias = (unsigned)num(st, "ias", 48);
	bool ttb1 = num(st, "ttb1", 0) != 0;
	uint64_t cd[CD_DWORDS] = { 0 }, addr = 0;
	uint8_t b[CD_SIZE];
	int rc;
	static const char *const wk[] = { "w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7" };
	/* TG0 and TG1 encode granules differently (§5.4) */
	unsigned tg0 = pgshift == 12 ? CD_TG0_4K : pgshift == 14 ? CD_TG0_16K : CD_TG0_64K;
	unsigned tg1 = pgshift == 12 ? CD_TG1_4K : pgshift == 14 ? CD_TG1_16K : CD_TG1_64K;

	if (!sm)
		return err->code;
	if (!(sm->config & 1) || !sm->cdtab)
		return sm_err_set(err, SM_EINVAL, "sid 0x%x: the STE has no stage 1 (config=s1|nested)", sid);
	if ((sm->s1cdmax && (ssid >> sm->s1cdmax)) || (!sm->s1cdmax && ssid))
		return sm_err_set(err, SM_ERANGE, "ssid 0x%x beyond the STE's S1CDMax=%u", ssid, sm->s1cdmax);
	if ((rc = smmu_oas(d, &oas, &enc, err)))
		return rc;
	if (!(cx = ctx_get(d, sid, ssid, true, err)))
		return err->code;
	/* Each context gets its own ASID unless the trace names one (ASIDs are shared on purpose). */
	if (!cx->asid)
		cx->asid = d->next_asid++;
	for (unsigned i = 0; i < (ttb1 ? 2u : 1u); i++) {
		struct pgtable pt;

		if (cx->has_tt[i] && cx->tt[i].pgshift == pgshift && cx->tt[i].ias == ias)
			continue;
		if ((rc = pgtable_init(&pt, d->sys, false, pgshift, ias, oas > 48 ? 48 : oas,
				       pt_alloc, d, err)))
			return rc;
		cx->tt[i] = pt;
		cx->has_tt[i] = true;
	}
	if (!ttb1)
		cx->has_tt[1] = false;
	/* arm_smmu_write_ctx_desc: WBWA inner-shareable walks, R and A set, ASET for non-SVA. */
	cd[0] = FIELD_PREP(CD_0_T0SZ, 64 - ias) | FIELD_PREP(CD_0_TG0, tg0) |
		FIELD_PREP(CD_0_IR0, 1) | FIELD_PREP(CD_0_OR0, 1) | FIELD_PREP(CD_0_SH0, 3) |
		FIELD_PREP(CD_0_EPD0, num(st, "epd0", 0)) |
		FIELD_PREP(CD_0_EPD1, ttb1 ? num(st, "epd1", 0) : 1) |
		FIELD_PREP(CD_0_V, num(st, "v", 1)) |
		FIELD_PREP(CD_0_IPS, num(st, "ips", enc > 5 ? 5 : enc)) |
		FIELD_PREP(CD_0_AFFD, num(st, "affd", 0)) | FIELD_PREP(CD_0_WXN, num(st, "wxn", 0)) |
		FIELD_PREP(CD_0_TBI, num(st, "tbi", 0)) | FIELD_PREP(CD_0_PAN, num(st, "pan", 0)) |
		CD_0_AA64 | FIELD_PREP(CD_0_HD, num(st, "hd", 0)) |
		FIELD_PREP(CD_0_HA, num(st, "ha", 0)) | FIELD_PREP(CD_0_S, num(st, "s", 0)) |
		FIELD_PREP(CD_0_R, num(st, "r", 1)) | FIELD_PREP(CD_0_A, num(st, "a", 1)) |
		CD_0_ASET | FIELD_PREP(CD_0_ASID, num(st, "asid", cx->asid));
	if (ttb1)
		cd[0] |= FIELD_PREP(CD_0_T1SZ, 64 - ias) | FIELD_PREP(CD_0_TG1, tg1) |
			 FIELD_PREP(CD_0_IR1, 1) | FIELD_PREP(CD_0_OR1, 1) | FIELD_PREP(CD_0_SH1, 3);
	cd[1] = FIELD_ADDR(CD_1_TTB0, cx->tt[0].root);
	cd[2] = ttb1 ? FIELD_ADDR(CD_2_TTB1, cx->tt[1].root) : 0;
	/* io-pgtable-arm's MAIR: 0 Normal NC, 1 Normal WB, 2 Device nGnRE, 3 Normal inner NC outer WB */
	cd[3] = UINT64_C(0xf404ff44);
	for (unsigned i = 0; i < CD_DWORDS; i++)
		cd[i] = num(st, wk[i], cd[i]);
	if ((rc = cd_addr(d, sm, ssid, &addr, err)))
		return rc;
	/* Like an STE: everything else first, dword 0 (with V) last. */
	for (unsigned i = 0; i < CD_DWORDS; i++)
		mem_le_put(b + 8 * i, 8, cd[i]);
	if (smmuits_write_block(d->sys, addr + 8, b + 8, CD_SIZE - 8) ||
	    smmuits_write_block(d->sys, addr, b, 8))
		return sm_err_set(err, SM_EINVAL, "cannot write the CD at 0x%llx", (unsigned long long)addr);
	if (num(st, "inval", 1)) {
		uint64_t cmds[2][CMD_DWORDS];

		cmds[0][0] = FIELD_PREP(CMD_0_OP, SMMU_CMD_CFGI_CD) | FIELD_PREP(CMD_0_SID, sid) |
			     FIELD_PREP(CMD_0_SSID, ssid);
		cmds[0][1] = CMD_1_LEAF;
		cmd_sync(cmds[1]);
		if ((rc = issue(d, (const uint64_t (*)[CMD_DWORDS])cmds, 2, err)))
			return rc;
	}
	snprintf(sum, len, "CD sid=0x%x ssid=0x%x at 0x%llx: %016llx %016llx, TTB0 0x%llx "
		 "(%s, %u-bit VA, start level %d)%s", sid, ssid, (unsigned long long)addr,
		 (unsigned long long)cd[0], (unsigned long long)cd[1],
		 (unsigned long long)cx->tt[0].root, word(st, "granule", "4k"), ias,
		 cx->tt[0].start_level, num(st, "inval", 1) ? ", CFGI_CD + SYNC" : ", not invalidated");
	return SM_OK;
}

/* The table a map/unmap/pte line acts on, and the input address as that table sees it. */
static int target_table(struct driver *d, const struct trace_step *st, struct pgtable **pt,
			uint64_t *ia, struct sm_err *err)
{
	uint32_t sid = (uint32_t)num(st, "sid", 0);
	struct drv_stream *sm = stream_get(d, sid, false, err);
	uint64_t iova = num(st, "iova", 0);

	if (!sm)
		return err->code;
	if (num(st, "stage", 1) == 2) {
		if (!sm->has_s2)
			return sm_err_set(err, SM_EINVAL, "sid 0x%x has no stage-2 tables", sid);
		*pt = &sm->s2;
		*ia = iova;
		return SM_OK;
	}
	struct drv_ctx *cx = ctx_get(d, sid, (uint32_t)num(st, "ssid", 0), false, err);
	unsigned t = num(st, "ttb", 0) ? 1 : 0;

	if (!cx)
		return err->code;
	if (!cx->has_tt[t])
		return sm_err_set(err, SM_EINVAL, "the CD has no TTB%u tables (cd ... ttb1=1)", t);
	*pt = &cx->tt[t];
	/* TTB1 covers the top of the VA space: its tables see the low ias bits. */
	*ia = t ? iova & ((UINT64_C(1) << cx->tt[1].ias) - 1) : iova;
	return SM_OK;
}

static int do_map(struct driver *d, const struct trace_step *st, bool unmap, char *sum,
		  size_t len, struct sm_err *err)
{
	struct pgtable *pt;
	uint64_t ia, size = num(st, "size", 0);
	int rc = target_table(d, st, &pt, &ia, err);

	if (rc)
		return rc;
	/*
	 * A trace maps what it uses: at most 2^20 granule pages per line, so a
	 * typo in size= cannot keep the builder busy for minutes.
	 */
	if ((size >> pt->pgshift) > (UINT64_C(1) << 20))
		return sm_err_set(err, SM_ERANGE, "%s: size=0x%llx is more than 2^20 pages of the granule",
				  unmap ? "unmap" : "map", (unsigned long long)size);
	if (unmap) {
		rc = pgtable_unmap(pt, ia, size, err);
		snprintf(sum, len, "unmapped 0x%llx+0x%llx from stage %d tables at 0x%llx (no invalidation)",
			 (unsigned long long)num(st, "iova", 0), (unsigned long long)size,
			 pt->stage2 ? 2 : 1, (unsigned long long)pt->root);
		return rc;
	}
	int prot = parse_prot(word(st, "prot", "rw"));
	rc = pgtable_map(pt, ia, num(st, "pa", 0), size, (unsigned)prot, err);
	snprintf(sum, len, "mapped 0x%llx+0x%llx -> 0x%llx (prot %s) in stage %d tables at 0x%llx",
		 (unsigned long long)num(st, "iova", 0), (unsigned long long)size,
		 (unsigned long long)num(st, "pa", 0), word(st, "prot", "rw"), pt->stage2 ? 2 : 1,
		 (unsigned long long)pt->root);
	return rc;
}

static int do_pte(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		  struct sm_err *err)
{
	struct pgtable *pt;
	uint64_t ia, addr = 0, old, nw;
	int level = -1, rc = target_table(d, st, &pt, &ia, err);

	if (rc)
		return rc;
	if (trace_kv_find(st, "level")) {
		level = (int)num(st, "level", 3);
		rc = pgtable_entry_addr(pt, ia, level, &addr, err);
	} else {
		rc = pgtable_leaf_addr(pt, ia, &addr, &level, err);
		/* an unmapped slot may be written too: that is how a test plants a leaf */
		if (rc == SM_EINVAL && addr)
			rc = SM_OK;
	}
	if (rc || (rc = pgtable_desc_read(pt, addr, &old, err)))
		return rc;
	nw = (old & ~num(st, "clear", 0)) | num(st, "set", 0);
	snprintf(sum, len, "level %d descriptor at 0x%llx: 0x%016llx -> 0x%016llx (no invalidation)",
		 level, (unsigned long long)addr, (unsigned long long)old, (unsigned long long)nw);
	return pgtable_desc_write(pt, addr, nw, err);
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
				   FIELD_PREP(CMD_0_ASID, num(st, "asid", 0)) |
				   FIELD_PREP(CMD_0_NUM, num(st, "num", 0)) |
				   FIELD_PREP(CMD_0_SCALE, num(st, "scale", 0));
			c[0][1] = FIELD_PREP(CMD_1_LEAF, flag(st, "leaf")) |
				  FIELD_PREP(CMD_1_TG, num(st, "tg", 0)) |
				  FIELD_PREP(CMD_1_TTL, num(st, "ttl", 0)) |
				  (op == SMMU_CMD_TLBI_S2_IPA ? FIELD_ADDR(CMD_1_IPA, num(st, "addr", 0))
							       : FIELD_ADDR(CMD_1_ADDR, num(st, "addr", 0)));
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
	d->next_vmid = d->next_asid = 1;
	{
		const struct plat_dev *its = plat_find_dev(p, "its", 0);
		const struct plat_dev *gicr = plat_find_dev(p, "gicr", 0);
		uint64_t count = 1;

		d->gic.its_base = its ? its->base : 0;
		d->gic.gicr_base = gicr ? gicr->base : 0;
		if (gicr)
			plat_prop_get(gicr, "count", &count);
		d->gic.ncpus = gicr ? (unsigned)count : 0;
	}
	/* The driver's heap is the top 16 MiB of the first RAM range, away from test buffers. */
	if (p->nram) {
		uint64_t top = p->ram[0].base + p->ram[0].size;
		uint64_t sz = p->ram[0].size < (UINT64_C(32) << 20) ? p->ram[0].size / 2 : UINT64_C(16) << 20;

		d->heap_base = d->heap_next = top - sz;
		d->heap_end = top;
	}
}

uint64_t drv__num(const struct trace_step *st, const char *key, uint64_t def)
{
	return num(st, key, def);
}

const char *drv__word(const struct trace_step *st, const char *key, const char *def)
{
	return word(st, key, def);
}

int drv__alloc(struct driver *d, uint64_t size, uint64_t align, uint64_t *out, struct sm_err *err)
{
	return alloc(d, size, align, out, err);
}

int drv__map(struct driver *d, uint32_t sid, uint32_t ssid, unsigned stage, uint64_t iova,
	     uint64_t pa, uint64_t size, unsigned prot, struct sm_err *err)
{
	struct drv_stream *sm = stream_get(d, sid, false, err);
	struct drv_ctx *cx;

	if (!sm)
		return err->code;
	if (stage == 2) {
		if (!sm->has_s2)
			return sm_err_set(err, SM_EINVAL, "sid 0x%x has no stage-2 tables", sid);
		return pgtable_map(&sm->s2, iova, pa, size, prot, err);
	}
	if (!(cx = ctx_get(d, sid, ssid, false, err)))
		return err->code;
	return pgtable_map(&cx->tt[0], iova, pa, size, prot, err);
}

int driver_exec(struct driver *d, const struct trace_step *st, char *sum, size_t len,
		struct sm_err *err)
{
	sum[0] = 0;
	if (driver_its_owns(st->name))
		return driver_its_exec(d, st, sum, len, err);
	if (driver_plat_owns(st->name))
		return driver_plat_exec(d, st, sum, len, err);
	if (!strcmp(st->name, "smmu-init"))
		return do_init(d, st, sum, len, err);
	if (!strcmp(st->name, "ste"))
		return do_ste(d, st, sum, len, err);
	if (!strcmp(st->name, "cd"))
		return do_cd(d, st, sum, len, err);
	if (!strcmp(st->name, "map"))
		return do_map(d, st, false, sum, len, err);
	if (!strcmp(st->name, "unmap"))
		return do_map(d, st, true, sum, len, err);
	if (!strcmp(st->name, "pte"))
		return do_pte(d, st, sum, len, err);
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

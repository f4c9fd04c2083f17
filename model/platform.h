/* SPDX-License-Identifier: MIT */
/*
 * Platform memory maps.  A platform is RAM ranges, device windows (each of a
 * kind the system knows how to instantiate, with key=value properties the
 * device interprets), and the StreamID -> DeviceID map.  Built-in platforms
 * are kept as text in the same format as platform files (docs/platform-format.md),
 * so there is one parser and the built-ins double as examples.
 */
#ifndef SMMUITS_PLATFORM_H
#define SMMUITS_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define PLAT_MAX_RAM   16
#define PLAT_MAX_DEVS  32
#define PLAT_MAX_PROPS 32
#define PLAT_MAX_IDMAP 32
#define PLAT_NAME_LEN  48

struct plat_prop {
	char key[24];
	uint64_t val;
};

struct plat_range {
	char name[PLAT_NAME_LEN];
	uint64_t base;
	uint64_t size;
};

/* A device window: `KIND BASE SIZE [key=value ...]` in the file. */
struct plat_dev {
	char kind[16];          /* smmu, its, gicd, gicr, mmio */
	char name[PLAT_NAME_LEN];
	uint64_t base;
	uint64_t size;
	unsigned nprops;
	struct plat_prop props[PLAT_MAX_PROPS];
	unsigned line;          /* where it was declared, for messages */
};

/* StreamIDs [sid_base, sid_base+count) map to DeviceIDs from devid_base. */
struct plat_idmap {
	uint32_t sid_base;
	uint32_t count;
	uint32_t devid_base;
};

struct platform {
	char name[PLAT_NAME_LEN];
	char source[PLAT_NAME_LEN]; /* "builtin" or the file name */
	unsigned nram;
	struct plat_range ram[PLAT_MAX_RAM];
	unsigned ndevs;
	struct plat_dev devs[PLAT_MAX_DEVS];
	unsigned nidmap;
	struct plat_idmap idmap[PLAT_MAX_IDMAP];
};

/* Parse platform text; srcname names it in errors ("FILE:LINE: ..."). */
int plat_parse(const char *text, const char *srcname, struct platform *out,
	       struct sm_err *err);
/* A built-in platform by name (SM_EINVAL listing the built-ins if unknown). */
int plat_builtin(const char *name, struct platform *out, struct sm_err *err);
/* A built-in name, else a file path. */
int plat_load(const char *name_or_path, struct platform *out, struct sm_err *err);
/* Names of the built-in platforms, NULL-terminated. */
const char *const *plat_builtin_names(void);

/* The index-th device of a kind, or NULL. */
const struct plat_dev *plat_find_dev(const struct platform *p, const char *kind,
				     unsigned index);
/*
 * Properties as config fields: one table per device kind maps each property
 * name to a field (a bool, or a 32-bit unsigned) and its legal range, so a
 * device's platform parser is the table and nothing else.
 */
enum plat_key_kind { PLAT_KEY_U32, PLAT_KEY_BOOL };
struct plat_key {
	const char *name;
	size_t off;
	enum plat_key_kind kind;
	uint64_t min, max;
};
#define PLAT_U32(type, f, lo, hi) { #f, offsetof(type, f), PLAT_KEY_U32, lo, hi }
#define PLAT_BOOL(type, f)        { #f, offsetof(type, f), PLAT_KEY_BOOL, 0, 1 }

/* Apply every property of dev through keys; unknown keys and out-of-range values are errors. */
int plat_apply_props(const struct plat_dev *dev, const struct plat_key *keys, size_t nkeys,
		     void *cfg, struct sm_err *err);

/* Property lookup: SM_OK and *val, or SM_EINVAL when absent. */
int plat_prop_get(const struct plat_dev *d, const char *key, uint64_t *val);
/*
 * The DeviceID the ITS sees for a StreamID: the first idmap entry that
 * covers it, identity when the platform gives no map.  SM_ERANGE when a map
 * exists and does not cover sid.
 */
int plat_sid_to_devid(const struct platform *p, uint32_t sid, uint32_t *devid);

#endif

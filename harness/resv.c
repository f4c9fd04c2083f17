/* SPDX-License-Identifier: MIT */
/*
 * Reserved IOVA regions from a platform description (resv.h), the way
 * Linux builds a device's list: arm_smmu_get_resv_regions adds the
 * software MSI window, then iommu_dma_get_resv_regions adds what firmware
 * says (IORT: iort_iommu_get_resv_regions, RMR nodes and, for SMMUs whose
 * MSIs bypass translation, the ITS doorbell frames), and dma-iommu keeps
 * the host bridge windows out of the kernel's own allocator
 * (iova_reserve_pci_windows).
 */
#include "harness/resv.h"

#include <stdlib.h>
#include <string.h>

#include "harness/json.h"

static const char *const resv_names[] = {
#define RESV_NAME(e, name) name,
	RESV_TYPES(RESV_NAME)
#undef RESV_NAME
};

const char *resv_type_name(enum resv_type t)
{
	return (unsigned)t < sizeof(resv_names) / sizeof(resv_names[0]) ? resv_names[t] : "?";
}

int resv_add(struct resv_list *l, const struct resv_region *r, struct sm_err *err)
{
	unsigned i;

	if (l->n == RESV_MAX)
		return sm_err_set(err, SM_ERANGE, "more than %d reserved regions", RESV_MAX);
	/* Sorted by address, then type, as the kernel prints them. */
	for (i = l->n; i > 0; i--) {
		const struct resv_region *p = &l->r[i - 1];

		if (p->r.first < r->r.first || (p->r.first == r->r.first && p->type <= r->type))
			break;
		l->r[i] = *p;
	}
	l->r[i] = *r;
	l->n++;
	return SM_OK;
}

static int add(struct resv_list *l, uint64_t base, uint64_t size, enum resv_type type,
	       const char *name, const char *why, uint32_t sid_base, uint64_t sid_count,
	       bool vfio, struct sm_err *err)
{
	struct resv_region r = {
		.type = type, .why = why, .sid_base = sid_base, .sid_count = sid_count, .vfio = vfio,
	};

	if (sm_ival_make(base, size, &r.r))
		return sm_err_set(err, SM_EINVAL, "%s: empty or wrapping range", name);
	snprintf(r.name, sizeof(r.name), "%s", name);
	/* The same region from several SMMUs (sw-msi, an ITS frame) is listed once. */
	for (unsigned i = 0; i < l->n; i++) {
		struct resv_region *o = &l->r[i];

		if (o->type == type && o->r.first == r.r.first && o->r.last == r.r.last &&
		    !strcmp(o->name, r.name)) {
			if (o->sid_base != sid_base || o->sid_count != sid_count)
				o->sid_base = 0, o->sid_count = 0;
			if (strcmp(o->why, why))
				o->why = "reported for every device; what it is used for differs by "
					 "device (see --device)";
			return SM_OK;
		}
	}
	return resv_add(l, &r, err);
}

/* The MSI regions of the devices behind one SMMU. */
static int add_msi(const struct platform *p, const struct plat_dev *smmu, struct resv_list *l,
		   struct sm_err *err)
{
	uint32_t base = smmu->sid_base;
	uint64_t count = smmu->sid_count;
	int rc;

	/*
	 * arm_smmu_get_resv_regions always reports the software window: with
	 * MSIs remapped, iommu_dma_get_msi_page maps the doorbell page there.
	 */
	rc = add(l, RESV_SW_MSI_BASE, RESV_SW_MSI_SIZE, RESV_SW_MSI, "sw-msi",
		 smmu->msi_bypass ? "MSI_IOVA_BASE window; unused: the msi region takes precedence "
				    "(vfio_iommu_has_sw_msi)"
				  : "MSI_IOVA_BASE window: the doorbell page is mapped here (dma-iommu)",
		 base, count, true, err);
	if (rc || !smmu->msi_bypass)
		return rc;
	/* iort_iommu_msi_get_resv_regions: each ITS's translation frame, 64 KiB at base + 64 KiB. */
	for (unsigned i = 0; i < p->ndevs; i++) {
		const struct plat_dev *d = &p->devs[i];

		if (strcmp(d->kind, "its"))
			continue;
		if ((rc = add(l, d->base + PLAT_ITS_FRAME_OFF, PLAT_ITS_FRAME_SIZE, RESV_MSI, d->name,
			      "ITS translation frame: MSIs bypass the SMMU (msi-bypass)", base, count,
			      true, err)))
			return rc;
	}
	return SM_OK;
}

/* Does a region for StreamIDs [base, base + count) apply to the query? */
static bool applies(bool any_sid, uint32_t sid, uint32_t base, uint64_t count)
{
	return any_sid || plat_sid_in(sid, base, count);
}

int resv_collect(const struct platform *p, bool any_sid, uint32_t sid, struct resv_list *out,
		 struct sm_err *err)
{
	const struct plat_dev *smmu = any_sid ? NULL : plat_smmu_for_sid(p, sid);
	int rc = SM_OK;

	memset(out, 0, sizeof(*out));
	if (!any_sid && !smmu)
		return sm_err_set(err, SM_ERANGE, "StreamID 0x%x is behind no SMMU on %s: its DMA "
				  "addresses are physical, there is no IOVA space to reserve in",
				  sid, p->name);
	for (unsigned i = 0; i < p->ndevs && !rc; i++) {
		const struct plat_dev *d = &p->devs[i];
		uint64_t pci = 0;

		if (!strcmp(d->kind, "smmu") && (any_sid ? true : d == smmu))
			rc = add_msi(p, d, out, err);
		else if (!strcmp(d->kind, "mmio") && !plat_prop_get(d, "pci-window", &pci) && pci)
			rc = add(out, d->base, d->size, RESV_RESERVED, d->name,
				 "host bridge window: iova_reserve_pci_windows (kernel DMA only, "
				 "not in reserved_regions)", 0, 0, false, err);
	}
	for (unsigned i = 0; i < p->nresv && !rc; i++) {
		const struct plat_resv *r = &p->resv[i];
		bool relax = r->kind == PLAT_RESV_RMR && r->remap;

		if (!applies(any_sid, sid, r->sid_base, r->sid_count))
			continue;
		rc = add(out, r->base, r->size,
			 r->kind == PLAT_RESV_RESERVED ? RESV_RESERVED :
			 relax ? RESV_DIRECT_RELAXABLE : RESV_DIRECT, r->name,
			 r->kind == PLAT_RESV_RESERVED ? "firmware: never map" :
			 relax ? "IORT RMR, remapping permitted: identity-mapped until a driver "
				 "takes over" : "IORT RMR: must stay identity-mapped",
			 r->sid_base, r->sid_count, !relax, err);
	}
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

static void sids_text(char *buf, size_t cap, const struct resv_region *r)
{
	if (!r->sid_count)
		snprintf(buf, cap, "all StreamIDs");
	else if (r->sid_count == 1)
		snprintf(buf, cap, "StreamID 0x%x", r->sid_base);
	else
		snprintf(buf, cap, "StreamIDs 0x%x-0x%llx", r->sid_base,
			 (unsigned long long)(r->sid_base + r->sid_count - 1));
}

void resv_print_text(FILE *f, const struct resv_list *l)
{
	for (unsigned i = 0; i < l->n; i++) {
		const struct resv_region *r = &l->r[i];
		char sids[64];

		sids_text(sids, sizeof(sids), r);
		fprintf(f, "0x%016llx 0x%016llx %-16s # %s: %s; %s\n", (unsigned long long)r->r.first,
			(unsigned long long)r->r.last, resv_type_name(r->type), r->name, r->why, sids);
	}
}

void resv_print_json(FILE *f, const struct resv_list *l)
{
	putc('[', f);
	for (unsigned i = 0; i < l->n; i++) {
		const struct resv_region *r = &l->r[i];

		fprintf(f, "%s{", i ? "," : "");
		json_put_hex(f, "start", r->r.first);
		putc(',', f);
		json_put_hex(f, "end", r->r.last);
		fprintf(f, ",\"type\":");
		json_str(f, resv_type_name(r->type));
		fprintf(f, ",\"name\":");
		json_str(f, r->name);
		fprintf(f, ",\"why\":");
		json_str(f, r->why);
		fprintf(f, ",\"sid_base\":%u,\"sid_count\":%llu,\"vfio\":%s}", r->sid_base,
			(unsigned long long)r->sid_count, r->vfio ? "true" : "false");
	}
	putc(']', f);
}

static int resv_usage(void)
{
	fprintf(stderr, "usage: smmuits resv PLATFORM [--device SID] [--json]\n");
	return 2;
}

int resv_main(int argc, char **argv)
{
	const char *plat = NULL;
	bool json = false, any = true;
	uint32_t sid = 0;
	struct platform *p;
	struct resv_list *l;
	struct sm_err e = { 0 };
	const struct plat_dev *smmu;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--device") && i + 1 < argc) {
			char *end;
			unsigned long long v = strtoull(argv[++i], &end, 0);

			if (*end || argv[i][0] == '-' || v > UINT32_MAX) {
				fprintf(stderr, "smmuits resv: --device %s is not a StreamID\n", argv[i]);
				return 2;
			}
			sid = (uint32_t)v;
			any = false;
		} else if (argv[i][0] != '-' && !plat) {
			plat = argv[i];
		} else {
			return resv_usage();
		}
	}
	if (!plat)
		return resv_usage();
	p = malloc(sizeof(*p));
	l = malloc(sizeof(*l));
	if (!p || !l) {
		free(p);
		free(l);
		fprintf(stderr, "smmuits resv: out of memory\n");
		return 2;
	}
	rc = plat_load(plat, p, &e);
	if (!rc)
		rc = resv_collect(p, any, sid, l, &e);
	if (rc) {
		fprintf(stderr, "smmuits resv: %s\n", e.msg);
		free(p);
		free(l);
		return 2;
	}
	smmu = any ? NULL : plat_smmu_for_sid(p, sid);
	if (json) {
		fprintf(stdout, "{\"platform\":");
		json_str(stdout, p->name);
		if (any)
			fprintf(stdout, ",\"device\":null");
		else
			fprintf(stdout, ",\"device\":%u,\"smmu\":\"%s\",\"dma_bits\":%u", sid, smmu->name,
				plat_dma_bits(p, sid));
		fprintf(stdout, ",\"regions\":");
		resv_print_json(stdout, l);
		fprintf(stdout, "}\n");
	} else {
		if (any)
			printf("# %s: reserved IOVA regions of every device\n", p->name);
		else
			printf("# %s: reserved IOVA regions of StreamID 0x%x (behind %s, %u-bit DMA)\n",
			       p->name, sid, smmu->name, plat_dma_bits(p, sid));
		resv_print_text(stdout, l);
	}
	free(p);
	free(l);
	return 0;
}

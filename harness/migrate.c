/* SPDX-License-Identifier: MIT */
/*
 * migrate-check (migrate.h).  The method:
 *  1. Each host's reserved regions for the device (resv.c), VFIO's view:
 *     direct-relaxable regions and host bridge windows do not count.
 *  2. Their union is what the guest must keep out of its RAM on every host.
 *  3. The layout as given works when no guest RAM range meets the union and
 *     each DMA window keeps some IOVA outside it (the rest of the window the
 *     guest must be told to reserve).
 *  4. Otherwise each colliding RAM range is moved to the lowest free place
 *     at or above where it was (then from 0), aligned, below the smaller of
 *     2^iova-bits and every host SMMU's input range: if every range finds a
 *     place, that layout is printed; if one does not, none works.
 */
#include "harness/migrate.h"

#include <stdlib.h>
#include <string.h>

#include "harness/json.h"

/* Every host SMMU's input range: IAS = OAS in this model (no AArch32 tables). */
static unsigned host_ias_bits(const struct platform *p)
{
	unsigned bits = 64;

	for (unsigned i = 0; i < p->ndevs; i++) {
		uint64_t oas = 48;

		if (strcmp(p->devs[i].kind, "smmu"))
			continue;
		plat_prop_get(&p->devs[i], "oas", &oas);
		if (oas < bits)
			bits = (unsigned)oas;
	}
	return bits;
}

static uint64_t last_below_bits(unsigned bits)
{
	return bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
}

/* Relocation alignment: 1 GiB for ranges of 1 GiB or more, else 2 MiB (huge pages). */
static uint64_t place_align(const struct sm_ival *r)
{
	return r->last - r->first >= (UINT64_C(1) << 30) - 1 ? UINT64_C(1) << 30 : UINT64_C(1) << 21;
}

/* Count the VFIO-reserved regions of one host that r meets. */
static unsigned host_hits(const struct resv_list *l, struct sm_ival r)
{
	unsigned n = 0;

	for (unsigned i = 0; i < l->n; i++)
		n += l->r[i].vfio && sm_ival_overlap(l->r[i].r, r);
	return n;
}

static int place_ram(struct migrate_result *res, struct sm_ivset *taken)
{
	uint64_t limit = last_below_bits(res->limit_bits);

	for (unsigned i = 0; i < res->nplace; i++) {
		struct migrate_place *pl = &res->place[i];
		uint64_t size = pl->at.last - pl->at.first + 1, base;

		if (!pl->ram)
			continue;
		if (pl->at.last <= limit && !sm_ivset_overlaps(taken, pl->at, NULL)) {
			pl->placed = true;
		} else if (!sm_ivset_first_fit(taken, pl->at.first, size, place_align(&pl->at), limit,
					       &base) ||
			   !sm_ivset_first_fit(taken, 0, size, place_align(&pl->at), limit, &base)) {
			pl->at.first = base;
			pl->at.last = base + (size - 1);
			pl->moved = pl->placed = true;
		}
		if (pl->placed && sm_ivset_add(taken, pl->at))
			return SM_ENOMEM;
	}
	return SM_OK;
}

int migrate_check(const struct platform *guest, const struct platform *const *hosts,
		  unsigned nhosts, bool any_sid, uint32_t sid, struct migrate_result *res,
		  struct sm_err *err)
{
	struct sm_ivset taken = { 0 };
	int rc = SM_OK;

	memset(res, 0, sizeof(*res));
	if (!nhosts || nhosts > MIGRATE_MAX_HOSTS)
		return sm_err_set(err, SM_EINVAL, "give 1..%d hosts", MIGRATE_MAX_HOSTS);
	res->nhosts = nhosts;
	res->limit_bits = guest->iova_bits;
	for (unsigned h = 0; h < nhosts && !rc; h++) {
		unsigned bits = host_ias_bits(hosts[h]);

		if (bits < res->limit_bits)
			res->limit_bits = bits;
		rc = resv_collect(hosts[h], any_sid, sid, &res->resv[h], err);
		for (unsigned i = 0; i < res->resv[h].n && !rc; i++)
			if (res->resv[h].r[i].vfio && sm_ivset_add(&res->reserved, res->resv[h].r[i].r))
				rc = sm_err_set(err, SM_ENOMEM, "out of memory");
	}
	for (unsigned i = 0; i < guest->nram + guest->ndmawin && !rc; i++) {
		struct migrate_place *pl = &res->place[res->nplace++];
		bool ram = i < guest->nram;

		pl->range = ram ? &guest->ram[i] : &guest->dmawin[i - guest->nram];
		pl->ram = ram;
		sm_ival_make(pl->range->base, pl->range->size, &pl->at);
		for (unsigned h = 0; h < nhosts; h++)
			pl->collisions += host_hits(&res->resv[h], pl->at);
		/* Beyond a host SMMU's input range the RAM cannot be mapped at all. */
		if (ram && pl->at.last > last_below_bits(res->limit_bits))
			pl->collisions++;
		res->collisions += ram ? pl->collisions : 0;
		if (!ram) {
			/* A window is usable while some of it is outside the reservations. */
			struct sm_ival left = pl->at;
			uint64_t b;

			pl->placed = !sm_ivset_first_fit(&res->reserved, left.first, 1, 1, left.last, &b);
			res->collisions += !pl->placed;
		}
	}
	if (rc) {
		migrate_free(res);
		return rc;
	}
	res->works_as_given = res->collisions == 0;
	for (size_t i = 0; i < res->reserved.n && !rc; i++)
		rc = sm_ivset_add(&taken, res->reserved.v[i]);
	if (!rc)
		rc = place_ram(res, &taken);
	sm_ivset_free(&taken);
	if (rc) {
		migrate_free(res);
		return sm_err_set(err, SM_ENOMEM, "out of memory");
	}
	res->migratable = true;
	for (unsigned i = 0; i < res->nplace; i++)
		res->migratable &= res->place[i].placed;
	return SM_OK;
}

void migrate_free(struct migrate_result *res)
{
	sm_ivset_free(&res->reserved);
}

/* ---- output ------------------------------------------------------------- */

static const char *kind_of(const struct migrate_place *pl)
{
	return pl->ram ? "ram" : "dma-window";
}

/* One guest range meeting one host region, as given (before any move). */
struct collision {
	const struct migrate_place *pl;
	const struct resv_region *r;
	struct sm_ival at, x;   /* the guest range, and the addresses both hold */
};

/* Step *i (guest range) and *j (host region) to host h's next collision: false at the end. */
static bool next_collision(const struct migrate_result *res, unsigned h, unsigned *i, unsigned *j,
			   struct collision *c)
{
	for (; *i < res->nplace; (*i)++, *j = 0) {
		c->pl = &res->place[*i];
		sm_ival_make(c->pl->range->base, c->pl->range->size, &c->at);
		while (*j < res->resv[h].n) {
			c->r = &res->resv[h].r[(*j)++];
			if (c->r->vfio && sm_ival_intersect(c->at, c->r->r, &c->x))
				return true;
		}
	}
	return false;
}

static void print_text(FILE *f, const struct platform *g, const struct platform *const *hosts,
		       const struct migrate_result *res)
{
	uint64_t limit = last_below_bits(res->limit_bits);

	fprintf(f, "# guest %s: %u RAM range(s), %u DMA window(s); %u hosts\n", g->name, g->nram,
		g->ndmawin, res->nhosts);
	for (unsigned h = 0; h < res->nhosts; h++) {
		struct collision c;
		unsigned n = 0;

		fprintf(f, "host %s:\n", hosts[h]->name);
		for (unsigned i = 0, j = 0; next_collision(res, h, &i, &j, &c); n++)
			fprintf(f, "  %s %s '%s' [0x%llx-0x%llx] meets %s '%s' [0x%llx-0x%llx] at "
				"[0x%llx-0x%llx]%s\n", c.pl->ram ? "COLLISION:" : "hole:",
				kind_of(c.pl), c.pl->range->name, (unsigned long long)c.at.first,
				(unsigned long long)c.at.last, resv_type_name(c.r->type), c.r->name,
				(unsigned long long)c.r->r.first, (unsigned long long)c.r->r.last,
				(unsigned long long)c.x.first, (unsigned long long)c.x.last,
				c.pl->ram ? "" : " (the guest must reserve it in the window)");
		if (!n)
			fprintf(f, "  no collision\n");
	}
	for (unsigned i = 0; i < res->nplace; i++) {
		const struct migrate_place *pl = &res->place[i];

		if (pl->ram && pl->range->base + (pl->range->size - 1) > limit)
			fprintf(f, "COLLISION: ram '%s' ends above 2^%u, the smallest IOVA space "
				"(guest iova-bits and host SMMU input ranges)\n", pl->range->name,
				res->limit_bits);
	}
	fprintf(f, "union of the hosts' reservations (VFIO's view):\n");
	for (size_t i = 0; i < res->reserved.n; i++)
		fprintf(f, "  0x%016llx 0x%016llx\n", (unsigned long long)res->reserved.v[i].first,
			(unsigned long long)res->reserved.v[i].last);
	fprintf(f, "layout as given: %s", res->works_as_given ? "works\n" : "");
	if (!res->works_as_given)
		fprintf(f, "%u collision(s)\n", res->collisions);
	fprintf(f, "%s layout (below 2^%u):\n", res->migratable ? "a working" : "no working",
		res->limit_bits);
	for (unsigned i = 0; i < res->nplace; i++) {
		const struct migrate_place *pl = &res->place[i];

		if (!pl->placed)
			fprintf(f, "  %-10s %-12s size 0x%llx: %s\n", kind_of(pl), pl->range->name,
				(unsigned long long)pl->range->size,
				pl->ram ? "no room outside the reservations" : "wholly reserved");
		else
			fprintf(f, "  %-10s %-12s 0x%016llx 0x%016llx%s\n", kind_of(pl), pl->range->name,
				(unsigned long long)pl->at.first, (unsigned long long)pl->at.last,
				pl->moved ? " (moved)" : "");
	}
	fprintf(f, "result: %s\n", res->migratable ? "migratable among these hosts" :
		"not migratable: no layout works");
}

static void print_json(FILE *f, const struct platform *g, const struct platform *const *hosts,
		       const struct migrate_result *res)
{
	fprintf(f, "{\"guest\":");
	json_str(f, g->name);
	fprintf(f, ",\"limit_bits\":%u,\"hosts\":[", res->limit_bits);
	for (unsigned h = 0; h < res->nhosts; h++) {
		struct collision c;

		fprintf(f, "%s{\"name\":", h ? "," : "");
		json_str(f, hosts[h]->name);
		fprintf(f, ",\"regions\":");
		resv_print_json(f, &res->resv[h]);
		fprintf(f, ",\"collisions\":[");
		for (unsigned i = 0, j = 0, n = 0; next_collision(res, h, &i, &j, &c); n++) {
			fprintf(f, "%s{\"kind\":\"%s\",\"range\":", n ? "," : "", kind_of(c.pl));
			json_str(f, c.pl->range->name);
			fprintf(f, ",\"fatal\":%s,\"type\":\"%s\",\"region\":",
				c.pl->ram ? "true" : "false", resv_type_name(c.r->type));
			json_str(f, c.r->name);
			putc(',', f);
			json_put_hex(f, "start", c.x.first);
			putc(',', f);
			json_put_hex(f, "end", c.x.last);
			putc('}', f);
		}
		fprintf(f, "]}");
	}
	fprintf(f, "],\"union\":[");
	for (size_t i = 0; i < res->reserved.n; i++) {
		fprintf(f, "%s{", i ? "," : "");
		json_put_hex(f, "start", res->reserved.v[i].first);
		putc(',', f);
		json_put_hex(f, "end", res->reserved.v[i].last);
		putc('}', f);
	}
	fprintf(f, "],\"works_as_given\":%s,\"collisions\":%u,\"layout\":[",
		res->works_as_given ? "true" : "false", res->collisions);
	for (unsigned i = 0; i < res->nplace; i++) {
		const struct migrate_place *pl = &res->place[i];

		fprintf(f, "%s{\"kind\":\"%s\",\"name\":", i ? "," : "", kind_of(pl));
		json_str(f, pl->range->name);
		fprintf(f, ",\"placed\":%s,\"moved\":%s,", pl->placed ? "true" : "false",
			pl->moved ? "true" : "false");
		json_put_hex(f, "start", pl->at.first);
		putc(',', f);
		json_put_hex(f, "end", pl->at.last);
		putc('}', f);
	}
	fprintf(f, "],\"migratable\":%s}\n", res->migratable ? "true" : "false");
}

static int migrate_usage(void)
{
	fprintf(stderr, "usage: smmuits migrate-check --guest LAYOUT --hosts PLATFORM... "
		"[--device SID] [--json]\n");
	return 2;
}

int migrate_main(int argc, char **argv)
{
	const char *gpath = NULL, *names[MIGRATE_MAX_HOSTS];
	unsigned nhosts = 0;
	bool json = false, any = true, in_hosts = false;
	uint32_t sid = 0;
	struct platform *plats;
	const struct platform *hosts[MIGRATE_MAX_HOSTS];
	struct migrate_result *res;
	struct sm_err e = { 0 };
	int rc = 2;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--guest") && i + 1 < argc) {
			gpath = argv[++i];
		} else if (!strcmp(argv[i], "--device") && i + 1 < argc) {
			char *end;
			unsigned long long v = strtoull(argv[++i], &end, 0);

			if (*end || argv[i][0] == '-' || v > UINT32_MAX)
				return migrate_usage();
			sid = (uint32_t)v;
			any = false;
		} else if (!strcmp(argv[i], "--hosts")) {
			in_hosts = true;
			continue;
		} else if (in_hosts && argv[i][0] != '-' && nhosts < MIGRATE_MAX_HOSTS) {
			names[nhosts++] = argv[i];
			continue;
		} else {
			return migrate_usage();
		}
		in_hosts = false;
	}
	if (!gpath || !nhosts)
		return migrate_usage();
	plats = calloc(nhosts + 1, sizeof(*plats));
	res = calloc(1, sizeof(*res));
	if (!plats || !res) {
		fprintf(stderr, "smmuits migrate-check: out of memory\n");
		goto out;
	}
	if (plat_load_guest(gpath, &plats[nhosts], &e))
		goto fail;
	for (unsigned h = 0; h < nhosts; h++) {
		if (plat_load(names[h], &plats[h], &e))
			goto fail;
		hosts[h] = &plats[h];
	}
	if (migrate_check(&plats[nhosts], hosts, nhosts, any, sid, res, &e))
		goto fail;
	if (json)
		print_json(stdout, &plats[nhosts], hosts, res);
	else
		print_text(stdout, &plats[nhosts], hosts, res);
	rc = res->migratable ? 0 : 1;
	migrate_free(res);
	goto out;
fail:
	fprintf(stderr, "smmuits migrate-check: %s\n", e.msg);
out:
	free(plats);
	free(res);
	return rc;
}

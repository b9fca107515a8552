// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * tag_storage_check(): the tag-storage donors' invariant checker.
 *
 * For every registered donor:
 *
 *  - the range lies inside the machine and overlaps no other donor and
 *    no GCMA area; its pool is registered and no other donor's or GCMA
 *    area's;
 *  - inactive: every pfn is donated to the donor's pool (cleancache state
 *    FREE or CACHED of that pool), at refcount 0, with no PG_reserved;
 *  - active: no pfn is in cleancache, each is an order-0 page at refcount
 *    >= 1 (1 as activation left it, more while tag storage holds extra
 *    references);
 *  - the pool's size is the donor's page count while inactive, 0 while
 *    active.
 *
 * Run it with no donor or cleancache operation in flight.
 */
#include <libgcma/cleancache.h>
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "mm/cleancache_internal.h"
#include "mm/gcma_internal.h"
#include "mm/tag_storage_internal.h"

/* Check one pfn of @d; @desc is its descriptor. */
static void ts_check_pfn(struct tag_storage_donor *d, bool active,
			 unsigned long pfn, struct folio *desc,
			 unsigned long *errs)
{
	enum cleancache_folio_state state = folio_cc_state(desc);
	int pool = folio_cc_pool_id(desc);

	if (active) {
		if (pool != -1 || state != CC_FOLIO_NONE)
			check_report(errs, "%s: active pfn %#lx is in cleancache (pool %d, state %d)",
				     d->name, pfn, pool, state);
		else if (folio_ref_count(desc) < 1 ||
			 folio_test_large(desc) ||
			 PageTail((struct page *)desc))
			check_report(errs, "%s: active pfn %#lx has refcount %d (large %d)",
				     d->name, pfn, folio_ref_count(desc),
				     folio_test_large(desc));
		return;
	}
	if (pool != d->pool_id ||
	    (state != CC_FOLIO_FREE && state != CC_FOLIO_CACHED))
		check_report(errs, "%s: inactive pfn %#lx is not donated to pool %d (pool %d, state %d)",
			     d->name, pfn, d->pool_id, pool, state);
	else if (folio_ref_count(desc) != 0 || folio_test_reserved(desc))
		check_report(errs, "%s: donated pfn %#lx has refcount %d, flags %#lx",
			     d->name, pfn, folio_ref_count(desc),
			     desc->flags & PAGEFLAGS_MASK);
}

/* Ranges, pools and overlaps of donor @i against the others and GCMA. */
static void ts_check_layout(struct tag_storage *ts, int i, int nr_pools,
			    unsigned long *errs)
{
	struct tag_storage_donor *d = &ts->donors[i];
	struct gcma *g = gcma_get_state();
	int nr_areas = g ? gcma_nr_published(g) : 0;

	if (d->pool_id < 0 || d->pool_id >= nr_pools)
		check_report(errs, "%s: pool %d is not registered", d->name,
			     d->pool_id);
	for (int j = 0; j < i; j++) {
		struct tag_storage_donor *o = &ts->donors[j];

		if (o->pool_id == d->pool_id)
			check_report(errs, "%s and %s share pool %d", o->name,
				     d->name, d->pool_id);
		if (o->start_pfn < d->end_pfn && d->start_pfn < o->end_pfn)
			check_report(errs, "%s overlaps %s", d->name, o->name);
	}
	for (int j = 0; j < nr_areas; j++) {
		struct gcma_area *a = &g->areas[j];

		if (a->pool_id == d->pool_id)
			check_report(errs, "%s shares pool %d with GCMA area %s",
				     d->name, d->pool_id, a->name);
		if (a->start_pfn < d->end_pfn && d->start_pfn < a->end_pfn)
			check_report(errs, "%s overlaps GCMA area %s", d->name,
				     a->name);
	}
}

/**
 * tag_storage_check() - verify every tag-storage invariant.
 *
 * Each problem is recorded as a violation of kind "CHECK" (at most 32
 * per call). The verdict is exact only while no donor or cleancache
 * operation is in flight.
 *
 * Context: Process context.
 * Return: 0 if every invariant holds; -EUCLEAN otherwise; -ENXIO from a
 * thread attached to no machine.
 */
int tag_storage_check(void)
{
	struct tag_storage *ts = tag_storage_get_state();
	struct cleancache *cc;
	unsigned long errs = 0;
	int nr, nr_pools;

	if (!ts)
		return -ENXIO;
	cc = cleancache_get_state();
	if (!cc)
		return -ENXIO;
	nr_pools = cleancache_nr_pools(cc);
	nr = tag_storage_nr_published(ts);

	for (int i = 0; i < nr; i++) {
		struct tag_storage_donor *d = &ts->donors[i];
		bool active = READ_ONCE(d->active);
		unsigned long pfn, want;
		long size;

		if (d->start_pfn >= d->end_pfn || !pfn_valid(d->start_pfn) ||
		    !pfn_valid(d->end_pfn - 1)) {
			check_report(&errs, "%s: bad range [%#lx, %#lx)",
				     d->name, d->start_pfn, d->end_pfn);
			continue;
		}
		ts_check_layout(ts, i, nr_pools, &errs);
		for (pfn = d->start_pfn; pfn < d->end_pfn; pfn++)
			ts_check_pfn(d, active, pfn,
				     (struct folio *)pfn_to_page(pfn), &errs);
		if (d->pool_id < 0 || d->pool_id >= nr_pools)
			continue;
		want = active ? 0 : d->end_pfn - d->start_pfn;
		size = atomic_long_read(&cc->pools[d->pool_id].size);
		if (size != (long)want)
			check_report(&errs, "%s: pool %d holds %ld pages, want %lu",
				     d->name, d->pool_id, size, want);
	}
	check_report_rest(&errs);
	return errs ? -EUCLEAN : 0;
}

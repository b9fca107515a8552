// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma_check(): the GCMA invariant checker.
 *
 * For every registered area:
 *
 *  - the area lies inside the machine, does not overlap another area, and
 *    its pool is registered and used by no other area;
 *  - every pfn is either donated to the area's pool (cleancache state
 *    FREE or CACHED of that pool, bit clear in the allocation bitmap) or
 *    allocated (bit set, not cleancache's: no GCMA-allocated pfn is in
 *    cleancache);
 *  - an allocated order-0 page has refcount >= 1 (1 as GCMA gave it, more
 *    while the user holds extra references); an allocated compound folio
 *    lies inside the area with every bit set, its head has refcount >= 1
 *    and each tail 0;
 *  - the allocated counter equals the number of set bits.
 *
 * Run it with no GCMA or cleancache operation in flight: an allocation
 * holds pages it has taken but not yet marked, and a free the reverse.
 */
#include <libgcma/cleancache.h>
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "mm/cleancache_internal.h"
#include "mm/gcma_internal.h"

/* Check one allocated pfn of @area; @desc is its descriptor. */
static void gcma_check_allocated(struct gcma_area *area, unsigned long pfn,
				 struct folio *desc, unsigned long *errs)
{
	struct folio *folio = page_folio((struct page *)desc);
	unsigned long head_pfn, nr;

	if (folio_cc_pool_id(desc) != -1 ||
	    folio_cc_state(desc) != CC_FOLIO_NONE) {
		check_report(errs, "%s: allocated pfn %#lx is in cleancache (pool %d, state %d)",
				area->name, pfn, folio_cc_pool_id(desc),
				folio_cc_state(desc));
		return;
	}
	if (folio == desc && !folio_test_large(folio)) {
		if (folio_ref_count(folio) < 1)
			check_report(errs, "%s: allocated pfn %#lx has refcount %d",
					area->name, pfn,
					folio_ref_count(folio));
		return;
	}
	head_pfn = folio_pfn(folio);
	nr = folio_nr_pages(folio);
	if (head_pfn < area->start_pfn || head_pfn + nr > area->end_pfn) {
		check_report(errs, "%s: pfn %#lx is in a folio [%#lx, %#lx) outside the area",
				area->name, pfn, head_pfn, head_pfn + nr);
		return;
	}
	if (folio == desc) {
		if (folio_ref_count(folio) < 1)
			check_report(errs, "%s: compound head %#lx has refcount %d",
					area->name, pfn,
					folio_ref_count(folio));
		for (unsigned long i = 1; i < nr; i++)
			if (!gcma_test_pfn(area, pfn + i))
				check_report(errs,
						"%s: tail %#lx of allocated folio %#lx not marked",
						area->name, pfn + i, pfn);
	} else if (folio_ref_count(desc) != 0) {
		check_report(errs, "%s: tail pfn %#lx has refcount %d",
				area->name, pfn, folio_ref_count(desc));
	}
}

/* Check one donated (bit clear) pfn of @area; @desc is its descriptor. */
static void gcma_check_donated(struct gcma_area *area, unsigned long pfn,
			       struct folio *desc, unsigned long *errs)
{
	enum cleancache_folio_state state = folio_cc_state(desc);

	if (folio_cc_pool_id(desc) != area->pool_id ||
	    (state != CC_FOLIO_FREE && state != CC_FOLIO_CACHED))
		check_report(errs,
				"%s: free pfn %#lx is not donated to pool %d (pool %d, state %d)",
				area->name, pfn, area->pool_id,
				folio_cc_pool_id(desc), state);
	else if (PageTail((struct page *)desc) ||
		 (desc->flags & PAGE_FLAGS_CHECK_AT_PREP))
		check_report(errs, "%s: donated pfn %#lx has flags %#lx",
				area->name, pfn,
				desc->flags & PAGE_FLAGS_CHECK_AT_PREP);
}

/**
 * gcma_check() - verify every GCMA invariant of the attached machine.
 *
 * Each problem is recorded as a violation of kind "CHECK" (at most 32
 * per call). The verdict is exact only while no GCMA or cleancache
 * operation is in flight.
 *
 * Context: Process context.
 * Return: 0 if every invariant holds; -EUCLEAN otherwise; -ENXIO from a
 * thread attached to no machine.
 */
int gcma_check(void)
{
	struct gcma *g = gcma_get_state();
	struct cleancache *cc;
	unsigned long errs = 0;
	int nr, nr_pools;

	if (!g)
		return -ENXIO;
	cc = cleancache_get_state();
	if (!cc)
		return -ENXIO;
	nr_pools = cleancache_nr_pools(cc);
	nr = gcma_nr_published(g);

	for (int i = 0; i < nr; i++) {
		struct gcma_area *area = &g->areas[i];
		unsigned long pfn, bits = 0;
		struct page *base;

		if (area->start_pfn >= area->end_pfn ||
		    !pfn_valid(area->start_pfn) ||
		    !pfn_valid(area->end_pfn - 1)) {
			check_report(&errs, "%s: bad range [%#lx, %#lx)",
					area->name, area->start_pfn,
					area->end_pfn);
			continue;
		}
		if (area->pool_id < 0 || area->pool_id >= nr_pools)
			check_report(&errs, "%s: pool %d is not registered",
					area->name, area->pool_id);
		for (int j = 0; j < i; j++) {
			struct gcma_area *other = &g->areas[j];

			if (other->pool_id == area->pool_id)
				check_report(&errs, "%s and %s share pool %d",
						other->name, area->name,
						area->pool_id);
			if (other->start_pfn < area->end_pfn &&
			    area->start_pfn < other->end_pfn)
				check_report(&errs, "%s [%#lx, %#lx) overlaps %s [%#lx, %#lx)",
						area->name, area->start_pfn,
						area->end_pfn, other->name,
						other->start_pfn,
						other->end_pfn);
		}
		/* The range is valid: its descriptors are contiguous. */
		base = pfn_to_page(area->start_pfn);
		for (pfn = area->start_pfn; pfn < area->end_pfn; pfn++) {
			struct folio *desc = (struct folio *)
				nth_page(base, pfn - area->start_pfn);

			if (gcma_test_pfn(area, pfn)) {
				bits++;
				gcma_check_allocated(area, pfn, desc, &errs);
			} else {
				gcma_check_donated(area, pfn, desc, &errs);
			}
		}
		if (bits != (unsigned long)atomic_long_read(&area->allocated))
			check_report(&errs, "%s: %lu pfns marked, allocated counter %ld",
					area->name, bits,
					atomic_long_read(&area->allocated));
	}
	check_report_rest(&errs);
	return errs ? -EUCLEAN : 0;
}

/**
 * gcma_check_pfns() - check the GCMA invariants of some pfns.
 * @pfns: the pfns (those an operation touched), in any order; pfns in
 *	no registered area are ignored.
 * @nr: how many.
 *
 * The per-pfn checks of gcma_check() (donated or allocated as the area's
 * bitmap says, refcounts, compound folios inside the area), for @pfns
 * only: a problem it reports, gcma_check() reports too. It does not
 * recount the allocated counters; a caller that runs it after each
 * operation runs gcma_check() now and then and at the end.
 *
 * Context: Process context; as gcma_check().
 * Return: 0 if the checked invariants hold; -EUCLEAN otherwise; -EINVAL
 * for a NULL @pfns with @nr non-zero; -ENXIO from a thread attached to
 * no machine.
 */
int gcma_check_pfns(const unsigned long *pfns, unsigned long nr)
{
	struct gcma *g = gcma_get_state();
	unsigned long errs = 0;

	if (!pfns && nr)
		return -EINVAL;
	if (!g || !cleancache_get_state())
		return -ENXIO;
	for (unsigned long i = 0; i < nr; i++) {
		struct gcma_area *area = gcma_area_of_pfn(g, pfns[i]);
		struct folio *desc;

		if (!area || !pfn_valid(pfns[i]))
			continue;
		desc = (struct folio *)pfn_to_page(pfns[i]);
		if (gcma_test_pfn(area, pfns[i]))
			gcma_check_allocated(area, pfns[i], desc, &errs);
		else
			gcma_check_donated(area, pfns[i], desc, &errs);
	}
	check_report_rest(&errs);
	return errs ? -EUCLEAN : 0;
}

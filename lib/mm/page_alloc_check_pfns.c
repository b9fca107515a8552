// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * page_alloc_check_pfns(): the page allocator's checker restricted to
 * the pfns a caller names (those an operation touched), for a caller
 * that runs the whole page_alloc_check() only now and then.
 *
 * It checks a subset of what page_alloc_check() checks, never more: a
 * problem it reports, the whole check reports too.
 *
 *  - each named pfn that is a marked head: the checks of a free block
 *    (alignment, pageblock types, reserved pfns, unmerged buddy), and
 *    that no free block at an aligned pfn below it covers it;
 *  - each named pfn inside a free block (found by looking at the aligned
 *    pfns below it, one per order): a plain free descriptor;
 *  - every free list entry is a marked head of the list's order and
 *    type; nr_free per order, NR_FREE_PAGES and NR_FREE_CMA_PAGES match
 *    a recount of the lists (the whole check compares the lists with the
 *    memmap and the memmap with the counters: if the lists agree with
 *    the memmap, a list recount is the memmap recount).
 *
 * Cost: O(named pfns * orders + free blocks).
 */
#include "kernel/bug.h"
#include "mm/page_alloc_internal.h"

/* The head of a free block below @pfn that covers it, or ULONG_MAX. */
static unsigned long pa_covering_head(struct zone *zone, unsigned long pfn)
{
	for (unsigned int o = 1; o <= MAX_PAGE_ORDER; o++) {
		unsigned long head = ALIGN_DOWN(pfn, 1UL << o);
		struct page *hp;

		if (head == pfn || head < zone->zone_start_pfn)
			continue;
		hp = (struct page *)zone_pfn_desc(zone, head);
		if (PageBuddy(hp) && buddy_order(hp) >= o)
			return head;
	}
	return ULONG_MAX;
}

static void pa_check_named(struct zone *zone, unsigned long pfn,
			   unsigned long *errs)
{
	struct folio *desc = zone_pfn_desc(zone, pfn);
	struct pa_count unused;

	if (pa_covering_head(zone, pfn) != ULONG_MAX) {
		if (PageBuddy((struct page *)desc))
			check_report(errs, "free block %#lx overlaps the free block before it",
				      pfn);
		else
			pa_check_free_page(desc, pfn, false, errs);
	}
	if (PageBuddy((struct page *)desc)) {
		pa_check_free_page(desc, pfn, true, errs);
		pa_check_block(zone, pfn, &unused, errs);
	}
}

/* Every list entry valid; the counters against a recount of the lists. */
static void pa_check_lists(struct zone *zone, unsigned long *errs)
{
	unsigned long free = 0, cma = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long nr_free = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n;

			/* Most lists are empty: no call for them. */
			if (list_empty(&zone->free_area[o].free_list[mt]))
				continue;
			n = pa_walk_list(zone, o, mt, errs);
			/* Reported; the counters cannot be compared. */
			if (n == PA_LIST_BROKEN)
				return;
			nr_free += n;
			if (!is_migrate_isolate(mt))
				free += n << o;
			if (is_migrate_cma(mt))
				cma += n << o;
		}
		if (nr_free != zone->free_area[o].nr_free)
			check_report(errs, "order %u: nr_free %lu, lists hold %lu",
				      o, zone->free_area[o].nr_free, nr_free);
	}
	if (free != zone->vm_stat[NR_FREE_PAGES])
		check_report(errs, "NR_FREE_PAGES is %lu, lists hold %lu",
			      zone->vm_stat[NR_FREE_PAGES], free);
	if (cma != zone->vm_stat[NR_FREE_CMA_PAGES])
		check_report(errs, "NR_FREE_CMA_PAGES is %lu, lists hold %lu",
			      zone->vm_stat[NR_FREE_CMA_PAGES], cma);
}

/*
 * A named free block's links in its list: its neighbours point back at
 * it (the whole check's list walk finds a break too).
 */
static void pa_check_links(struct zone *zone, unsigned long pfn,
			   unsigned long *errs)
{
	struct list_head *lru = &zone_pfn_desc(zone, pfn)->lru;

	if (!PageBuddy((struct page *)zone_pfn_desc(zone, pfn)))
		return;
	if (!lru->next || !lru->prev || lru->next->prev != lru ||
	    lru->prev->next != lru)
		check_report(errs, "free block %#lx: its list neighbours do not point back at it",
			      pfn);
}

static int pa_check_pfns(const unsigned long *pfns, unsigned long nr,
			 bool lists)
{
	struct zone *zone = page_zone_local();
	unsigned long errs = 0, unused_cma;

	if (!pfns && nr)
		return -EINVAL;
	if (!zone)
		return -ENXIO;
	if (!zone_ready())
		return 0;
	spin_lock(&zone->lock);
	for (unsigned long i = 0; i < nr; i++) {
		if (!zone_spans_range(zone, pfns[i], 1))
			continue;
		pa_check_named(zone, pfns[i], &errs);
		if (!lists)
			pa_check_links(zone, pfns[i], &errs);
	}
	if (lists) {
		pa_check_lists(zone, &errs);
		pa_walk_pcp(zone, &errs, &unused_cma);
	}
	spin_unlock(&zone->lock);
	return errs > INT_MAX ? INT_MAX : (int)errs;
}

/**
 * page_alloc_check_pfns() - check the free blocks around some pfns.
 * @pfns: the pfns, in any order; those outside the zone are ignored.
 * @nr: how many.
 *
 * See the file comment: a subset of page_alloc_check() over @pfns, and
 * the free lists against the counters. Each problem is recorded as a
 * CHECK violation (the first 32 of them).
 *
 * Context: Process context; takes the zone lock.
 * Return: the number of problems (0 before boot), -EINVAL for a NULL
 * @pfns with @nr non-zero, or -ENXIO for a thread attached to no
 * machine.
 */
int page_alloc_check_pfns(const unsigned long *pfns, unsigned long nr)
{
	return pa_check_pfns(pfns, nr, true);
}

/**
 * page_alloc_check_blocks() - check the free blocks around some pfns,
 * without the lists.
 * @pfns: the pfns, in any order; those outside the zone are ignored.
 * @nr: how many.
 *
 * page_alloc_check_pfns() without its walk of every free and per-CPU
 * list and the counters' recount (O(free blocks) per call), for a caller
 * that runs the whole check often enough to find a counter or a list
 * entry that went wrong without a named pfn: a named free block's list
 * neighbours must point back at it instead. Cost: O(named pfns * orders).
 *
 * Context: Process context; takes the zone lock.
 * Return: as page_alloc_check_pfns().
 */
int page_alloc_check_blocks(const unsigned long *pfns, unsigned long nr)
{
	return pa_check_pfns(pfns, nr, false);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * What classic CMA and alloc_contig_range() need from the page allocator
 * (the kernel's mm/page_isolation.c, isolate_freepages_range() of
 * mm/compaction.c, init_cma_reserved_pageblock() of mm/mm_init.c and
 * free_contig_range()).
 *
 * Isolation works on whole pageblocks: an isolated pageblock's free pages
 * sit on the MIGRATE_ISOLATE lists, are never handed out, are not counted
 * in NR_FREE_PAGES, and pages freed into it stay there, so a range can be
 * emptied by migration and then taken with isolate_freepages_range().
 * A free block larger than a pageblock is split at pageblock boundaries
 * first, so isolation never moves free memory outside the range.
 */
#include "kernel/bug.h"
#include "kernel/highmem.h"
#include "kernel/memblock.h"
#include "kernel/port.h"
#include "mm/page_alloc_internal.h"

/* Check a pfn range argument; the zone if it is valid. */
static struct zone *isolate_zone(unsigned long start_pfn, unsigned long end_pfn)
{
	struct zone *zone = zone_ready();

	if (WARN(!zone, "page isolation before sim_machine_boot_done()"))
		return NULL;
	if (WARN_ON_ONCE(start_pfn >= end_pfn ||
			 !zone_spans_range(zone, start_pfn, end_pfn - start_pfn)))
		return NULL;
	return zone;
}

/* The part of the pageblock at @pb inside the zone: [*s, *e). */
static void pageblock_span(const struct zone *zone, unsigned long pb,
			   unsigned long *s, unsigned long *e)
{
	*s = max(pb, zone->zone_start_pfn);
	*e = min(pb + pageblock_nr_pages, zone->zone_end_pfn);
}

/*
 * If a free block larger than a pageblock covers the pageblock at @pb,
 * cut it into pageblock-sized blocks, each on its own pageblock's list.
 * Zone lock held.
 */
static void split_large_free_block(struct zone *zone, unsigned long pb)
{
	unsigned long s, e, head;
	unsigned int order;

	lockdep_assert_held(&zone->lock);
	pageblock_span(zone, pb, &s, &e);
	head = find_free_block(zone, s, &order);
	if (head == ULONG_MAX || order <= pageblock_order)
		return;
	del_page_from_free_list(zone, zone_pfn_desc(zone, head), order,
				get_pfnblock_migratetype(zone, head));
	for (unsigned long p = head; p < head + (1UL << order);
	     p += pageblock_nr_pages)
		add_to_free_list(zone, zone_pfn_desc(zone, p), pageblock_order,
				 get_pfnblock_migratetype(zone, p), false);
}

/*
 * has_unmovable_pages - does the pageblock at @pb hold pages migration
 * cannot move? Reserved pages and in-use folios not on an LRU are
 * unmovable, as in the kernel (no movable_ops in the model); free pages
 * and frozen (refcount 0) pages are skipped. Zone lock held.
 */
static bool has_unmovable_pages(struct zone *zone, unsigned long pb)
{
	unsigned long pfn, end;

	pageblock_span(zone, pb, &pfn, &end);
	while (pfn < end) {
		struct folio *desc = zone_pfn_desc(zone, pfn);
		struct folio *folio;

		if (PageBuddy((struct page *)desc)) {
			pfn += 1UL << buddy_order((struct page *)desc);
			continue;
		}
		folio = page_folio((struct page *)desc);
		if (!folio_ref_count(folio)) {
			pfn++;
			continue;
		}
		if (folio_test_reserved(folio) || !folio_test_lru(folio))
			return true;
		pfn = zone_desc_pfn(zone, folio) + folio_nr_pages(folio);
	}
	return false;
}

/* May the pageblock at @pb be isolated for a caller of type @mt? */
static int pageblock_isolatable(struct zone *zone, unsigned long pb, int mt)
{
	int pb_mt = get_pfnblock_migratetype(zone, pb);
	unsigned long s, e;

	pageblock_span(zone, pb, &s, &e);
	if (is_migrate_isolate(pb_mt) || zone_range_unmanaged(zone, s, e - s))
		return -EBUSY;
	if (is_migrate_cma(pb_mt))
		return is_migrate_cma(mt) ? 0 : -EBUSY;
	return has_unmovable_pages(zone, pb) ? -EBUSY : 0;
}

/**
 * start_isolate_page_range() - isolate the pageblocks of a pfn range.
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the range.
 * @migratetype: the caller's type: MIGRATE_CMA lets CMA pageblocks be
 *	isolated (cma_alloc), anything else refuses them.
 *
 * Every pageblock touching the range becomes MIGRATE_ISOLATE and its
 * free pages move to the isolate lists (leaving NR_FREE_PAGES).
 *
 * Context: Process context; takes the zone lock.
 * Return: 0; -EINVAL for an empty range, one outside the machine, or a
 * call before boot (reported); -EBUSY, nothing changed, if a pageblock is
 * already isolated, holds reserved pfns the allocator does not manage, is
 * a CMA pageblock and @migratetype is not MIGRATE_CMA, or (not CMA) holds
 * an unmovable in-use page (reserved, or in use and not on an LRU).
 */
int start_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype)
{
	struct zone *zone = isolate_zone(start_pfn, end_pfn);
	unsigned long first = ALIGN_DOWN(start_pfn, pageblock_nr_pages);
	unsigned long pb;
	int ret = 0;

	if (!zone)
		return -EINVAL;
	spin_lock(&zone->lock);
	for (pb = first; pb < end_pfn && !ret; pb += pageblock_nr_pages)
		ret = pageblock_isolatable(zone, pb, migratetype);
	for (pb = first; pb < end_pfn && !ret; pb += pageblock_nr_pages) {
		int old = get_pfnblock_migratetype(zone, pb);

		split_large_free_block(zone, pb);
		move_freepages_block(zone, pb, old, MIGRATE_ISOLATE, false);
		set_pfnblock_migratetype(zone, pb, MIGRATE_ISOLATE);
	}
	spin_unlock(&zone->lock);
	return ret;
}

/*
 * Give the isolated pageblock at @pb type @mt and re-free its pages: take
 * every free block off the isolate lists first, then free them again in
 * ascending pfn order, merging with their buddies. The blocks wait on a
 * local list through their lru, each with its order in ->private (as
 * compaction keeps the pages it isolates), which is 0 again before the
 * block is freed.
 */
static void unset_migratetype_isolate(struct zone *zone, unsigned long pb,
				      int mt)
{
	struct folio *desc, *next;
	unsigned long pfn, end;
	unsigned int order;
	LIST_HEAD(blocks);

	split_large_free_block(zone, pb);
	pageblock_span(zone, pb, &pfn, &end);
	while ((desc = next_free_block(zone, &pfn, end, &order))) {
		del_page_from_free_list(zone, desc, order, MIGRATE_ISOLATE);
		desc->private = (void *)(unsigned long)order;
		list_add_tail(&desc->lru, &blocks);
		pfn += 1UL << order;
	}
	set_pfnblock_migratetype(zone, pb, mt);
	list_for_each_entry_safe(desc, next, &blocks, lru) {
		order = (unsigned int)(unsigned long)desc->private;
		desc->private = NULL;
		list_del_init(&desc->lru);
		__free_one_page(zone, zone_desc_pfn(zone, desc), order, false);
	}
}

/**
 * undo_isolate_page_range() - end the isolation of a pfn range.
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the range.
 * @migratetype: the type the pageblocks get back (the type they had).
 *
 * Every isolated pageblock touching the range gets @migratetype; its free
 * pages go back to that type's lists, merging with their buddies.
 * Pageblocks that are not isolated are left alone.
 *
 * Context: Process context; takes the zone lock.
 * Return: nothing. A bad range or @migratetype is a WARN violation and
 * changes nothing.
 */
void undo_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype)
{
	struct zone *zone = isolate_zone(start_pfn, end_pfn);

	if (!zone || WARN(migratetype < 0 || migratetype >= MIGRATE_ISOLATE,
			  "undo_isolate_page_range: bad type %d", migratetype))
		return;
	spin_lock(&zone->lock);
	for (unsigned long pb = ALIGN_DOWN(start_pfn, pageblock_nr_pages);
	     pb < end_pfn; pb += pageblock_nr_pages)
		if (is_migrate_isolate(get_pfnblock_migratetype(zone, pb)))
			unset_migratetype_isolate(zone, pb, migratetype);
	spin_unlock(&zone->lock);
}

/* The first pfn of [start, end) that is not free, or @end. Zone lock held. */
static unsigned long first_not_free(const struct zone *zone,
				    unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned int order;
		unsigned long head = find_free_block(zone, start, &order);

		if (head == ULONG_MAX)
			return start;
		start = head + (1UL << order);
	}
	return end;
}

/**
 * test_pages_isolated_at() - is a pfn range entirely free and isolated,
 * and if not, where does it stop?
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the range.
 * @fin_pfn: gets the first pfn that failed the test (in a pageblock that
 *	is not isolated, or not free), @end_pfn if none did: the kernel's
 *	test_pages_isolated tracepoint's fin_pfn, from the same walk under
 *	the zone lock. Untouched on -EINVAL.
 *
 * Context: Process context; takes the zone lock.
 * Return: as test_pages_isolated().
 */
int test_pages_isolated_at(unsigned long start_pfn, unsigned long end_pfn,
			   unsigned long *fin_pfn)
{
	struct zone *zone = isolate_zone(start_pfn, end_pfn);
	unsigned long fin = end_pfn;

	if (!zone)
		return -EINVAL;
	spin_lock(&zone->lock);
	for (unsigned long pb = ALIGN_DOWN(start_pfn, pageblock_nr_pages);
	     pb < end_pfn && fin == end_pfn; pb += pageblock_nr_pages)
		if (!is_migrate_isolate(get_pfnblock_migratetype(zone, pb)))
			fin = max(pb, start_pfn);
	if (fin == end_pfn)
		fin = first_not_free(zone, start_pfn, end_pfn);
	spin_unlock(&zone->lock);
	*fin_pfn = fin;
	return fin < end_pfn ? -EBUSY : 0;
}

/**
 * test_pages_isolated() - is a pfn range entirely free and isolated?
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the range.
 *
 * Context: Process context; takes the zone lock.
 * Return: 0 if every pageblock touching the range is MIGRATE_ISOLATE and
 * every pfn of the range is free in the buddy; -EBUSY otherwise; -EINVAL
 * (reported) for a bad range or a call before boot.
 */
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long fin;

	return test_pages_isolated_at(start_pfn, end_pfn, &fin);
}

/**
 * isolate_freepages_range() - take a free pfn range out of the buddy.
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the range.
 *
 * Exactly [@start_pfn, @end_pfn) leaves the free lists: a free block
 * straddling an edge is taken whole and its outside parts are freed
 * again. Every page of the range comes out as an order-0 page with
 * refcount 1, no flags and, in data mode, unpoisoned (post_alloc_hook),
 * ready for free_contig_range() or for prep_compound_page().
 * Normally the range is isolated first (start_isolate_page_range()), but
 * any free range is taken.
 *
 * Context: Process context; takes the zone lock.
 * Return: @end_pfn; 0 with nothing changed if a pfn of the range is not
 * free, and 0 (reported) for a bad range or a call before boot.
 */
unsigned long isolate_freepages_range(unsigned long start_pfn,
				      unsigned long end_pfn)
{
	struct zone *zone = isolate_zone(start_pfn, end_pfn);
	unsigned long pfn;

	if (!zone)
		return 0;
	spin_lock(&zone->lock);
	if (first_not_free(zone, start_pfn, end_pfn) < end_pfn) {
		spin_unlock(&zone->lock);
		return 0;
	}
	for (pfn = start_pfn; pfn < end_pfn;) {
		unsigned int order;
		unsigned long head = find_free_block(zone, pfn, &order);
		unsigned long bend = head + (1UL << order);

		del_page_from_free_list(zone, zone_pfn_desc(zone, head), order,
					get_pfnblock_migratetype(zone, head));
		if (head < start_pfn)
			__free_pfn_range(zone, head, start_pfn, false);
		if (bend > end_pfn)
			__free_pfn_range(zone, end_pfn, bend, false);
		for (; pfn < min(bend, end_pfn); pfn++)
			set_page_count((struct page *)zone_pfn_desc(zone, pfn), 1);
	}
	spin_unlock(&zone->lock);
	for (pfn = start_pfn; pfn < end_pfn; pfn++)
		kasan_unpoison_pages((struct page *)zone_pfn_desc(zone, pfn), 0,
				     false);
	sim_cost(SIM_COST_PAGE_ALLOC, end_pfn - start_pfn);
	return end_pfn;
}

/**
 * free_contig_range() - free order-0 pages one by one.
 * @pfn: first pfn.
 * @nr_pages: number of pages.
 *
 * Each page is dropped with folio_put(); a page whose refcount is not 1
 * is counted and reported once at the end (it stays in use).
 *
 * Context: Process context.
 * Return: nothing.
 */
void free_contig_range(unsigned long pfn, unsigned long nr_pages)
{
	unsigned long count = 0;

	for (; nr_pages--; pfn++) {
		struct folio *desc = (struct folio *)pfn_to_page(pfn);

		if (!desc)
			return;
		count += folio_ref_count(desc) != 1;
		folio_put(desc);
		sim_cost(SIM_COST_PAGE_FREE, 1);
	}
	WARN(count, "free_contig_range: %lu pages are still in use", count);
}

/**
 * init_cma_reserved_pageblock() - give a reserved pageblock to CMA.
 * @page: first page of a pageblock of reserved boot pages (PG_reserved,
 *	refcount 1, as memblock leaves them).
 *
 * The pageblock becomes MIGRATE_CMA and its pages free pages of the
 * buddy, merging with a CMA buddy pageblock. When the machine ends inside
 * the pageblock, only the pages inside the machine exist and are freed
 * (as smaller aligned blocks); the pageblock is still MIGRATE_CMA.
 *
 * Context: Process context after sim_machine_boot_done(); takes the zone
 * lock.
 * Return: nothing. A page not aligned to a pageblock, a page of a
 * pageblock given already, or a pageblock with a page that is not a
 * reserved boot page is a WARN_ON_ONCE violation and changes nothing.
 */
void init_cma_reserved_pageblock(struct page *page)
{
	struct zone *zone = zone_ready();
	unsigned long pfn, end;

	if (WARN(!zone, "init_cma_reserved_pageblock before boot"))
		return;
	pfn = page_to_pfn(page);
	if (WARN_ON_ONCE(!IS_ALIGNED(pfn, pageblock_nr_pages) ||
			 !zone_spans_range(zone, pfn, 1)) ||
	    WARN_ON_ONCE(*pfnblock_flags(zone, pfn) & PB_RELEASED))
		return;
	end = min(pfn + pageblock_nr_pages, zone->zone_end_pfn);
	for (unsigned long p = pfn; p < end; p++) {
		struct folio *desc = zone_pfn_desc(zone, p);

		if (WARN_ON_ONCE(!folio_test_reserved(desc) ||
				 folio_ref_count(desc) != 1 ||
				 folio_test_head(desc) ||
				 PageTail((struct page *)desc)))
			return;
	}
	for (unsigned long p = pfn; p < end; p++) {
		struct folio *desc = zone_pfn_desc(zone, p);

		__folio_clear_reserved(desc);
		set_page_count((struct page *)desc, 0);
		kasan_poison_pages((struct page *)desc, 0, false);
	}
	spin_lock(&zone->lock);
	set_pfnblock_migratetype(zone, pfn, MIGRATE_CMA);
	*pfnblock_flags(zone, pfn) |= PB_RELEASED;
	__free_pfn_range(zone, pfn, end, false);
	spin_unlock(&zone->lock);
}

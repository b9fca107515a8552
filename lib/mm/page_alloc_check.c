// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The page allocator's invariant checker and its /proc-style dump.
 *
 * page_alloc_check() walks the zone's memmap once, in pfn order, and
 * every free list, under the zone lock:
 *
 *  - each marked head (PageBuddy) is naturally aligned, inside the zone,
 *    does not overlap the previous free block, holds no reserved pfn the
 *    allocator does not manage, and its pageblocks all have its type;
 *  - every page of a free block, its head too, is a plain free
 *    descriptor (refcount 0, no flags, not a tail; the head carries the
 *    mark, the others none and no mapping);
 *  - a free block and its buddy are not both free at the same order when
 *    the merge rules would have joined them (isolated pageblocks, moved
 *    without merging, excepted);
 *  - every list entry is a marked head of the list's order whose
 *    pageblock has the list's type (so isolate lists hold only isolated
 *    pageblocks' pages), and the lists hold exactly the marked heads;
 *  - when all of that holds, zone->free_pfns marks exactly the free
 *    pages (in a free block or on a per-CPU list);
 *  - nr_free per order, NR_FREE_PAGES and NR_FREE_CMA_PAGES match a
 *    recount;
 *  - the per-CPU lists (page_alloc_check_pcp.c), and the pages marked
 *    per-CPU in the memmap are those the lists hold.
 *
 * Cost: O(pages of the machine); it is meant for tests.
 */
#include "kernel/bug.h"
#include "kernel/list_walk.h"
#include "kernel/seq_file.h"
#include "mm/page_alloc_internal.h"

static const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "CMA", "Isolate",
};

/**
 * migratetype_name() - the kernel's name of a migrate type.
 * @mt: the type.
 *
 * Context: Any context.
 * Return: the name as /proc/pagetypeinfo prints it, or "?".
 */
const char *migratetype_name(int mt)
{
	return mt >= 0 && mt < MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

/* Would the merge rules have joined the free block at @pfn with its buddy? */
static bool pa_unmerged(const struct zone *zone, unsigned long pfn,
			unsigned int order, int mt)
{
	unsigned long buddy = pfn ^ (1UL << order);
	const struct page *bp;
	int bmt;

	if (order >= MAX_PAGE_ORDER ||
	    !zone_spans_range(zone, buddy, 1UL << order))
		return false;
	bp = (const struct page *)zone_pfn_desc(zone, buddy);
	if (!PageBuddy(bp) || buddy_order(bp) != order)
		return false;
	bmt = get_pfnblock_migratetype(zone, buddy);
	/*
	 * Isolation moves pageblocks between lists without merging (as the
	 * kernel does); two isolated pageblocks may stay apart until undo.
	 */
	if (order >= pageblock_order && is_migrate_isolate(mt))
		return false;
	return order < pageblock_order || bmt == mt ||
	       (migratetype_is_mergeable(mt) && migratetype_is_mergeable(bmt));
}

/**
 * pa_check_block() - check the free block headed by @pfn and count it.
 * @zone: the zone.
 * @pfn: a marked head (PageBuddy) of @zone.
 * @c: the counts the block is added to.
 * @errs: the problems found so far; each new one is reported and counted.
 *
 * Alignment, reserved pfns, pageblock types, an unmerged buddy.
 *
 * Context: Zone lock held.
 * Return: nothing; problems go to @errs.
 */
void pa_check_block(struct zone *zone, unsigned long pfn, struct pa_count *c,
		    unsigned long *errs)
{
	unsigned int order = buddy_order((struct page *)zone_pfn_desc(zone, pfn));
	unsigned long nr = 1UL << order;
	int mt = get_pfnblock_migratetype(zone, pfn);

	if (order > MAX_PAGE_ORDER || !IS_ALIGNED(pfn, nr) ||
	    !zone_spans_range(zone, pfn, nr)) {
		check_report(errs, "free block %#lx order %u misaligned or outside the zone",
			      pfn, order);
		return;
	}
	for (unsigned long p = pfn; p < pfn + nr; p += pageblock_nr_pages)
		if (get_pfnblock_migratetype(zone, p) != mt)
			check_report(errs,
				      "free block %#lx order %u spans pageblocks of types %d and %d",
				      pfn, order, mt,
				      get_pfnblock_migratetype(zone, p));
	if (zone_range_unmanaged(zone, pfn, nr))
		check_report(errs, "free block %#lx order %u holds reserved pfns",
			      pfn, order);
	if (pa_unmerged(zone, pfn, order, mt))
		check_report(errs, "free block %#lx order %u and its buddy are not merged",
			      pfn, order);
	c->blocks[order][mt]++;
	if (!is_migrate_isolate(mt))
		c->free += nr;
	if (is_migrate_cma(mt))
		c->cma += nr;
}

/**
 * pa_check_free_page() - check one page of a free block.
 * @desc: its descriptor.
 * @pfn: its pfn, for the report.
 * @head: it heads the block (and carries the buddy page type).
 * @errs: the problems found so far; a new one is reported and counted.
 *
 * Every page of a free block must be a plain free descriptor: refcount 0
 * (a double folio_put() leaves -1 on the head), no flags, no mapping,
 * not a tail.
 *
 * Context: Zone lock held.
 * Return: nothing; a problem goes to @errs.
 */
void pa_check_free_page(struct folio *desc, unsigned long pfn, bool head,
			unsigned long *errs)
{
	if (folio_ref_count(desc) || (desc->flags & PAGE_FLAGS_CHECK_AT_PREP) ||
	    desc->mapping || (!head && desc->page.page_type) ||
	    PageTail((struct page *)desc))
		check_report(errs, "pfn %#lx %s a free block is in use (ref %d flags %#lx)",
			      pfn, head ? "heading" : "inside",
			      folio_ref_count(desc),
			      desc->flags & PAGE_FLAGS_CHECK_AT_PREP);
}

/*
 * Walk the memmap: every marked head, every page of a free block. The
 * first pfn whose bit in zone->free_pfns says otherwise than the marks
 * goes to *@bit_wrong (ULONG_MAX: none).
 */
static void pa_walk_memmap(struct zone *zone, struct pa_count *c,
			   unsigned long *errs, unsigned long *bit_wrong)
{
	unsigned long covered = zone->zone_start_pfn;

	*bit_wrong = ULONG_MAX;
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone->zone_end_pfn;
	     pfn++) {
		struct folio *desc = zone_pfn_desc(zone, pfn);
		bool free = true;

		if (PageBuddy((struct page *)desc)) {
			if (pfn < covered)
				check_report(errs,
					      "free block %#lx overlaps the free block before it",
					      pfn);
			pa_check_free_page(desc, pfn, true, errs);
			pa_check_block(zone, pfn, c, errs);
			covered = max(covered, pfn + (1UL <<
				      buddy_order((struct page *)desc)));
		} else if (pfn < covered) {
			pa_check_free_page(desc, pfn, false, errs);
		} else if (page_on_pcp((struct page *)desc)) {
			c->pcp++;
		} else {
			free = false;
		}
		if (free != test_bit(pfn - zone->free_pfns_base,
				     zone->free_pfns) &&
		    *bit_wrong == ULONG_MAX)
			*bit_wrong = pfn;
	}
}

/**
 * free_list_broken() - count a free list that bad input may have broken.
 * @zone: the zone.
 * @head: one of its free lists.
 * @nr: the entries counted before the walk stopped.
 *
 * A free page linked elsewhere (donated, say) splices another list into
 * this one; the walk stops at the first link that does not point back,
 * at an entry that is no descriptor of the zone, or past the zone's
 * pages (kernel/list_walk.h).
 *
 * Context: Zone lock held.
 * Return: true if the list is corrupt.
 */
bool free_list_broken(const struct zone *zone, const struct list_head *head,
		      unsigned long *nr)
{
	unsigned long limit = zone->zone_end_pfn - zone->zone_start_pfn;
	const struct list_head *pos, *prev;

	list_for_each_checked(pos, prev, head, *nr, limit)
		if (!zone_has_desc(zone, list_entry(pos, struct folio, lru)))
			return true;
	return list_walk_broken(pos, prev, head);
}

/*
 * Is the free list of order @o and type @mt corrupt (free_list_broken())?
 * Then it is reported as a problem counted in @errs. @n: the entries
 * walked, up to the break if any.
 */
static bool pa_list_corrupt(struct zone *zone, unsigned int o, int mt,
			    unsigned long *n, unsigned long *errs)
{
	if (!free_list_broken(zone, &zone->free_area[o].free_list[mt], n))
		return false;
	check_report(errs, "free list order %u %s is corrupt after %lu entries",
		      o, migratetype_name(mt), *n);
	return true;
}

/**
 * pa_walk_list() - check one free list.
 * @zone: the zone.
 * @o: the list's order.
 * @mt: the list's migratetype.
 * @errs: the problems found so far; each new one is reported and counted.
 *
 * Every entry must be a marked head of order @o whose pageblock has type
 * @mt.
 *
 * Context: Zone lock held.
 * Return: its entries, or PA_LIST_BROKEN (reported) for a list that bad
 * input has corrupted.
 */
unsigned long pa_walk_list(struct zone *zone, unsigned int o, int mt,
			   unsigned long *errs)
{
	struct list_head *head = &zone->free_area[o].free_list[mt];
	unsigned long n = 0;
	struct folio *desc;

	if (pa_list_corrupt(zone, o, mt, &n, errs))
		return PA_LIST_BROKEN;
	list_for_each_entry(desc, head, lru) {
		unsigned long pfn = zone_desc_pfn(zone, desc);

		if (!PageBuddy((struct page *)desc) ||
		    buddy_order((struct page *)desc) != o ||
		    get_pfnblock_migratetype(zone, pfn) != mt)
			check_report(errs, "pfn %#lx on list order %u %s is not a free block of it",
				      pfn, o, migratetype_name(mt));
	}
	return n;
}

/* Walk every free list; compare with the memmap walk. */
static void pa_walk_lists(struct zone *zone, const struct pa_count *c,
			  unsigned long *errs)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long nr_free = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n = pa_walk_list(zone, o, mt, errs);

			if (n == PA_LIST_BROKEN) {
				nr_free += c->blocks[o][mt];
				continue;
			}
			if (n != c->blocks[o][mt])
				check_report(errs,
					      "list order %u %s holds %lu blocks, the memmap %lu",
					      o, migratetype_name(mt), n,
					      c->blocks[o][mt]);
			nr_free += n;
		}
		if (nr_free != zone->free_area[o].nr_free)
			check_report(errs, "order %u: nr_free %lu, lists hold %lu",
				      o, zone->free_area[o].nr_free, nr_free);
	}
}

/**
 * page_alloc_check() - check the attached machine's page allocator.
 *
 * See the file comment for what is checked. Each problem is recorded as a
 * CHECK violation (the first 32 of them).
 *
 * Context: Process context; takes the zone lock. Any allocator call may
 * run concurrently; the check sees the state between two of them.
 * Return: the number of problems (0 before boot), or -ENXIO for a thread
 * attached to no machine.
 */
int page_alloc_check(void)
{
	struct zone *zone = page_zone_local();
	struct pa_count c = { 0 };
	unsigned long errs = 0, pcp, pcp_cma, bit_wrong;

	if (!zone)
		return -ENXIO;
	if (!zone_ready())
		return 0;
	spin_lock(&zone->lock);
	pa_walk_memmap(zone, &c, &errs, &bit_wrong);
	pa_walk_lists(zone, &c, &errs);
	pcp = pa_walk_pcp(zone, &errs, &pcp_cma);
	if (pcp != c.pcp)
		check_report(&errs, "%lu pages are marked per-CPU, the lists hold %lu",
			     c.pcp, pcp);
	if (c.free != zone->vm_stat[NR_FREE_PAGES])
		check_report(&errs, "NR_FREE_PAGES is %lu, recount %lu",
			      zone->vm_stat[NR_FREE_PAGES], c.free);
	if (c.cma != zone->vm_stat[NR_FREE_CMA_PAGES])
		check_report(&errs, "NR_FREE_CMA_PAGES is %lu, recount %lu",
			      zone->vm_stat[NR_FREE_CMA_PAGES], c.cma);
	/*
	 * zone->free_pfns, the double-free check's summary, is compared
	 * only in a zone found sound otherwise: after a bad caller's
	 * corruption the marks are reported already.
	 */
	if (!errs && bit_wrong != ULONG_MAX)
		check_report(&errs, "pfn %#lx: free_pfns disagrees with the memmap",
			     bit_wrong);
	spin_unlock(&zone->lock);
	return errs > INT_MAX ? INT_MAX : (int)errs;
}

/**
 * page_alloc_seq_show() - show the attached machine's free memory.
 * @m: where to print.
 * @v: unused.
 *
 * Lines in the format of /proc/buddyinfo (free blocks per order), then of
 * /proc/pagetypeinfo (free blocks per order and type, pageblocks per
 * type), then the two counters.
 *
 * Context: Process context; takes the zone lock.
 * Return: 0, -ENXIO for an unattached thread,
 * -EAGAIN before boot; -EUCLEAN, with a CHECK violation per list, when a
 * free list is corrupt (its count then is what was walked before the
 * break).
 */
int page_alloc_seq_show(struct seq_file *m, void *v)
{
	struct zone *zone = page_zone_local();
	unsigned long blocks[MIGRATE_TYPES] = { 0 };
	unsigned long errs = 0;

	if (!zone)
		return -ENXIO;
	if (!zone_ready())
		return -EAGAIN;
	spin_lock(&zone->lock);
	seq_puts(m, "Node 0, zone   Normal");
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		seq_printf(m, " %6lu", zone->free_area[o].nr_free);
	seq_printf(m, "\nPage block order: %d\nPages per block:  %lu\n\n",
		   pageblock_order, pageblock_nr_pages);
	seq_puts(m, "Free pages count per migrate type at order      ");
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		seq_printf(m, " %6u", o);
	seq_putc(m, '\n');
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		seq_printf(m, "Node    0, zone   Normal, type %12s",
			   migratetype_name(mt));
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long n = 0;

			pa_list_corrupt(zone, o, mt, &n, &errs);
			seq_printf(m, " %6lu", n);
		}
		seq_putc(m, '\n');
	}
	for (unsigned long i = 0; i < zone->nr_pageblocks; i++)
		blocks[zone->pageblock_flags[i] & PB_MIGRATETYPE_MASK]++;
	seq_puts(m, "\nNumber of blocks type    ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, " %12s", migratetype_name(mt));
	seq_puts(m, "\nNode 0, zone   Normal    ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, " %12lu", blocks[mt]);
	seq_printf(m, "\nnr_free_pages %lu\nnr_free_cma %lu\n",
		   zone->vm_stat[NR_FREE_PAGES], zone->vm_stat[NR_FREE_CMA_PAGES]);
	if (zone->pcp_cpus) {
		unsigned long cma;
		unsigned long n = pa_walk_pcp(zone, &errs, &cma);

		seq_printf(m, "nr_pcp_pages %lu (cma %lu) cpus %u high %u batch %u cma_free %s\n",
			   n, cma, zone->pcp_cpus, zone->pcp_high,
			   zone->pcp_batch,
			   zone->cma_pcp_buddy ? "buddy" : "pcp");
	}
	spin_unlock(&zone->lock);
	return errs ? -EUCLEAN : 0;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Per-CPU page lists (the kernel's struct per_cpu_pages, order 0 only).
 *
 * With the lists on (sim_page_alloc_set_pcp()), each CPU slot keeps free
 * order-0 pages per migrate type. An order-0 allocation takes the first
 * page of its CPU's list of its type; an empty list is first refilled
 * with @batch pages from the buddy (rmqueue_bulk()), whatever pageblock
 * type __rmqueue() finds them in (a movable refill may bring CMA pages).
 * An order-0 free goes to the head of its CPU's list of its pageblock's
 * type, CMA pages to the movable list; a page of an isolated pageblock
 * goes to the buddy. Once a CPU holds @high pages, @batch pages go back
 * to the buddy from the lists' tails (free_pcppages_bulk()), each to its
 * pageblock's type as it is then. drain_all_pages() gives every list
 * back: alloc_contig_range() calls it after isolating its range, so the
 * range's pages on the lists reach the isolate lists.
 *
 * The 2013 switch (sim_page_alloc_set_cma_pcp()): CMA pages freed to the
 * buddy instead, so a CMA page freed is not the next page a movable
 * order-0 allocation of that CPU gets.
 *
 * A page on a list is free: PageBuddy clear, refcount 0, ->private
 * PCP_PAGE_MARK, not counted in NR_FREE_PAGES (as in the kernel) but in
 * zone->nr_pcp. The lists are under the zone lock here (the kernel has a
 * per-CPU spinlock taken outside the zone lock).
 */
#include "kernel/bug.h"
#include "kernel/smp.h"
#include "mm/page_alloc_internal.h"

/**
 * pcp_init() - empty per-CPU lists for a new zone.
 * @zone: the zone.
 *
 * Context: Process context, at machine creation.
 * Return: nothing.
 */
void pcp_init(struct zone *zone)
{
	for (int cpu = 0; cpu < PCP_MAX_CPUS; cpu++)
		for (int mt = 0; mt < NR_PCP_LISTS; mt++)
			INIT_LIST_HEAD(&zone->pcp[cpu].lists[mt]);
}

/* The calling CPU's lists; the lists are on. Zone lock held. */
static struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	return &zone->pcp[(unsigned int)raw_smp_processor_id() %
			  zone->pcp_cpus];
}

static void pcp_add(struct zone *zone, struct per_cpu_pages *pcp,
		    struct folio *desc, int mt, bool to_tail)
{
	desc->private = PCP_PAGE_MARK;
	zone_note_free(zone, zone_desc_pfn(zone, desc), 1, true);
	if (to_tail)
		list_add_tail(&desc->lru, &pcp->lists[mt]);
	else
		list_add(&desc->lru, &pcp->lists[mt]);
	pcp->count++;
	zone->nr_pcp++;
}

static void pcp_del(struct zone *zone, struct per_cpu_pages *pcp,
		    struct folio *desc)
{
	list_del_init(&desc->lru);
	desc->private = NULL;
	zone_note_free(zone, zone_desc_pfn(zone, desc), 1, false);
	pcp->count--;
	zone->nr_pcp--;
}

/*
 * free_pcppages_bulk - give @count pages of @pcp back to the buddy, the
 * oldest first (lists' tails), taking the lists in turn from @mt on.
 */
static void free_pcppages_bulk(struct zone *zone, struct per_cpu_pages *pcp,
			       unsigned long count, int mt)
{
	lockdep_assert_held(&zone->lock);
	for (int empty = 0; count && pcp->count && empty < NR_PCP_LISTS;
	     mt = (mt + 1) % NR_PCP_LISTS) {
		struct list_head *list = &pcp->lists[mt];
		struct folio *desc;

		if (list_empty(list)) {
			empty++;
			continue;
		}
		empty = 0;
		desc = list_last_entry(list, struct folio, lru);
		pcp_del(zone, pcp, desc);
		__free_one_page(zone, zone_desc_pfn(zone, desc), 0, false);
		count--;
	}
}

/**
 * free_unref_page() - free an order-0 page to the calling CPU's list.
 * @zone: the zone.
 * @pfn: the page, reset and accepted by free_page_is_bad().
 *
 * Context: Zone lock held.
 * Return: true if the page went to a list; false if the caller must free
 * it to the buddy: the lists are off, its pageblock is isolated, or it is
 * a CMA page and the 2013 switch sends those to the buddy.
 */
bool free_unref_page(struct zone *zone, unsigned long pfn)
{
	int mt = get_pfnblock_migratetype(zone, pfn);
	struct per_cpu_pages *pcp;

	lockdep_assert_held(&zone->lock);
	if (!zone->pcp_cpus || is_migrate_isolate(mt) ||
	    (is_migrate_cma(mt) && zone->cma_pcp_buddy))
		return false;
	if (mt >= MIGRATE_PCPTYPES)
		mt = MIGRATE_MOVABLE;
	pcp = this_cpu_pcp(zone);
	pcp_add(zone, pcp, zone_pfn_desc(zone, pfn), mt, false);
	if (pcp->count >= zone->pcp_high)
		free_pcppages_bulk(zone, pcp, zone->pcp_batch, mt);
	return true;
}

/* rmqueue_bulk - move up to a batch of order-0 pages of @mt to @pcp. */
static void rmqueue_bulk(struct zone *zone, struct per_cpu_pages *pcp, int mt)
{
	for (unsigned int i = 0; i < zone->pcp_batch; i++) {
		struct folio *desc = __rmqueue(zone, 0, mt);

		if (!desc)
			break;
		pcp_add(zone, pcp, desc, mt, true);
	}
}

/**
 * rmqueue_pcplist() - an order-0 page from the calling CPU's list.
 * @zone: the zone, its per-CPU lists on.
 * @mt: the allocation's type (below MIGRATE_PCPTYPES).
 *
 * An empty list is refilled with a batch first. A page somebody uses
 * without having allocated it is a bad page (check_new_pages()): counted
 * in zone->nr_bad, left to its holder, and the next page is tried.
 *
 * Context: Zone lock held.
 * Return: the page, off the list, or NULL if the buddy has none either.
 */
struct folio *rmqueue_pcplist(struct zone *zone, int mt)
{
	struct per_cpu_pages *pcp = this_cpu_pcp(zone);
	struct list_head *list = &pcp->lists[mt];

	lockdep_assert_held(&zone->lock);
	for (;;) {
		struct folio *desc;

		if (list_empty(list))
			rmqueue_bulk(zone, pcp, mt);
		if (list_empty(list))
			return NULL;
		desc = list_first_entry(list, struct folio, lru);
		pcp_del(zone, pcp, desc);
		if (check_new_pages(desc, 0))
			return desc;
		zone->nr_bad++;
	}
}

/**
 * __drain_all_pages() - give every CPU's pages back to the buddy.
 * @zone: the zone.
 *
 * Each page goes to its pageblock's list as it is now: the pages of an
 * isolated pageblock to the isolate list.
 *
 * Context: Zone lock held.
 * Return: nothing.
 */
void __drain_all_pages(struct zone *zone)
{
	lockdep_assert_held(&zone->lock);
	for (int cpu = 0; cpu < PCP_MAX_CPUS; cpu++)
		free_pcppages_bulk(zone, &zone->pcp[cpu], zone->pcp[cpu].count,
				   0);
}

/**
 * drain_all_pages() - give every CPU's pages back to the buddy.
 * @zone: the zone.
 *
 * Context: Process context; takes the zone lock.
 * Return: nothing.
 */
void drain_all_pages(struct zone *zone)
{
	spin_lock(&zone->lock);
	__drain_all_pages(zone);
	spin_unlock(&zone->lock);
}

/**
 * page_alloc_set_pcp() - turn the attached machine's per-CPU lists on or off.
 * @cpus: CPU slots (1 .. PCP_MAX_CPUS; the calling CPU picks one by
 *	raw_smp_processor_id() modulo @cpus), or 0 to turn the lists off.
 * @high: a CPU frees @batch pages to the buddy once it holds @high.
 * @batch: pages moved between a CPU and the buddy at once (1 .. @high).
 *
 * Every list is drained first, so the pages go back to the buddy and the
 * new setting starts from empty lists. One slot makes the choice of list
 * independent of the CPU a thread runs on (deterministic runs).
 *
 * Context: Process context after boot; takes the zone lock.
 * Return: 0; -EINVAL for bad marks or more than PCP_MAX_CPUS; -EAGAIN
 * before boot; -ENXIO for an unattached thread.
 */
int page_alloc_set_pcp(unsigned int cpus, unsigned int high,
		       unsigned int batch)
{
	struct zone *zone = page_zone_local();

	if (!zone)
		return -ENXIO;
	if (cpus > PCP_MAX_CPUS || (cpus && (!batch || batch > high)))
		return -EINVAL;
	/* Pairs with page_alloc_init_done(): the zone is sized. */
	if (!smp_load_acquire(&zone->initialized))
		return -EAGAIN;
	spin_lock(&zone->lock);
	__drain_all_pages(zone);
	zone->pcp_high = high;
	zone->pcp_batch = batch;
	WRITE_ONCE(zone->pcp_cpus, cpus);
	spin_unlock(&zone->lock);
	return 0;
}

/**
 * page_alloc_set_cma_pcp() - where freed CMA pages go.
 * @to_pcp: true (the default, today's kernels): to the freeing CPU's
 *	movable list, like any movable page; false: to the buddy's CMA
 *	lists (the 2013 patch "free cma page to buddy instead of being
 *	cpuhot page").
 *
 * Pages already on the lists stay there until drained.
 *
 * Context: Any context; takes the zone lock.
 * Return: 0; -ENXIO for an unattached thread.
 */
int page_alloc_set_cma_pcp(bool to_pcp)
{
	struct zone *zone = page_zone_local();

	if (!zone)
		return -ENXIO;
	spin_lock(&zone->lock);
	zone->cma_pcp_buddy = !to_pcp;
	spin_unlock(&zone->lock);
	return 0;
}

/**
 * page_alloc_drain() - drain_all_pages() of the attached machine's zone.
 *
 * Context: Process context; takes the zone lock.
 * Return: the pages given back to the buddy; 0 before boot.
 */
unsigned long page_alloc_drain(void)
{
	struct zone *zone = zone_ready();
	unsigned long before;

	if (!zone)
		return 0;
	spin_lock(&zone->lock);
	before = zone->nr_pcp;
	__drain_all_pages(zone);
	spin_unlock(&zone->lock);
	return before;
}

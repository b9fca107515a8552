// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The buddy allocator of the machine's system memory.
 *
 * One zone spans the machine. Free memory is kept as naturally aligned
 * blocks of 2^order pages, order 0 .. MAX_PAGE_ORDER, on one free list
 * per order and migrate type; only the first page of a block is marked
 * (PageBuddy, buddy_order()). Each pageblock (2^pageblock_order pages)
 * has a migrate type, and a free block sits on the list of its
 * pageblock's type. The rules are the kernel's (mm/page_alloc.c):
 *
 *  - freeing merges a block with its buddy while the buddy is a free
 *    block of the same order inside the zone; at pageblock order and
 *    above, blocks of different types merge only if both types are
 *    mergeable (never CMA or ISOLATE with anything else), and the buddy's
 *    pageblocks take the freed block's type;
 *  - an allocation takes the smallest block of its type that fits and
 *    splits it, low half out (expand());
 *  - failing that it takes MIGRATE_CMA (movable allocations only), then
 *    steals from a fallback type, claiming the whole pageblock when the
 *    stolen block is large enough or the pageblock mostly free;
 *  - movable allocations use CMA first while CMA holds more than half of
 *    the free pages (__rmqueue's balancing since 5.x; off, the 2015
 *    kernels' rule: CMA only once the movable lists are empty);
 *  - free pages of MIGRATE_ISOLATE pageblocks are never handed out and
 *    not counted in NR_FREE_PAGES.
 *
 * Order-0 pages may go through per-CPU lists (page_alloc_pcp.c).
 *
 * Deviations (docs/page_alloc.md): no watermarks or
 * reclaim, no MIGRATE_HIGHATOMIC, no "alike pages" in the claim
 * heuristic, and boot writes only the head of each free block.
 */
#include <libgcma/page_alloc.h>
#include "kernel/bug.h"
#include "kernel/port.h"
#include "kernel/highmem.h"
#include "kernel/lockdep.h"
#include "kernel/memblock.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "kernel/vmscan.h"
#include "mm/page_alloc_internal.h"

/* Where each type falls back to, in order (the kernel's fallbacks[]). */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/**
 * page_zone_local() - the attached machine's zone.
 *
 * In a kernel tree this is page_zone() of any page: there is one zone.
 *
 * Context: Any context.
 * Return: the zone, or NULL (reported) for an unattached thread.
 */
struct zone *page_zone_local(void)
{
	return machine_local(ML_PAGE_ALLOC);
}

/* The zone if boot handed its memory over, else NULL. */
struct zone *zone_ready(void)
{
	struct zone *zone = page_zone_local();

	if (!zone || !smp_load_acquire(&zone->initialized))
		return NULL;
	return zone;
}

/**
 * zone_page_state() - read a zone counter.
 * @zone: the zone.
 * @item: NR_FREE_PAGES or NR_FREE_CMA_PAGES.
 *
 * Context: Any context; the value may be stale at once.
 * Return: the counter.
 */
unsigned long zone_page_state(const struct zone *zone,
			      enum zone_stat_item item)
{
	return READ_ONCE(zone->vm_stat[item]);
}

/**
 * page_alloc_state_create() - a machine's empty zone.
 *
 * Context: Process context, at machine creation.
 * Return: the zone, or NULL when out of memory.
 */
void *page_alloc_state_create(void)
{
	struct zone *zone = kzalloc(sizeof(*zone), GFP_KERNEL);

	if (!zone)
		return NULL;
	spin_lock_init(&zone->lock);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list[mt]);
	pcp_init(zone);
	return zone;
}

/**
 * page_alloc_state_destroy() - free a zone made by page_alloc_state_create().
 * @state: the zone.
 *
 * The pages belong to the memmap, which goes with the machine.
 *
 * Context: Process context, at machine destruction.
 * Return: nothing.
 */
void page_alloc_state_destroy(void *state)
{
	struct zone *zone = state;

	kfree(zone->free_pfns);
	kfree(zone->pageblock_flags);
	kfree(zone);
}

/**
 * page_alloc_init() - size the attached machine's zone.
 * @start_pfn: first pfn of the machine.
 * @end_pfn: first pfn past it.
 *
 * Every pageblock starts MIGRATE_MOVABLE, as memmap_init() leaves them.
 * The free memory arrives next through __free_pages_memory(), and
 * page_alloc_init_done() opens the zone.
 *
 * Context: Process context, at sim_machine_boot_done().
 * Return: 0, -EINVAL for an empty range, -EALREADY if sized already,
 * -ENOMEM.
 */
int page_alloc_init(unsigned long start_pfn, unsigned long end_pfn)
{
	struct zone *zone = page_zone_local();
	unsigned long nr;

	if (!zone || start_pfn >= end_pfn)
		return -EINVAL;
	if (zone->pageblock_flags)
		return -EALREADY;
	nr = ((end_pfn - 1) >> pageblock_order) -
	     (start_pfn >> pageblock_order) + 1;
	zone->free_pfns_base = ALIGN_DOWN(start_pfn, BITS_PER_LONG);
	zone->free_pfns = kcalloc(BITS_TO_LONGS(end_pfn - zone->free_pfns_base),
				  sizeof(unsigned long), GFP_KERNEL);
	if (!zone->free_pfns)
		return -ENOMEM;
	zone->pageblock_flags = kcalloc(nr, 1, GFP_KERNEL);
	if (!zone->pageblock_flags) {
		kfree(zone->free_pfns);
		zone->free_pfns = NULL;
		return -ENOMEM;
	}
	memset(zone->pageblock_flags, MIGRATE_MOVABLE, nr);
	zone->nr_pageblocks = nr;
	zone->zone_start_pfn = start_pfn;
	zone->zone_end_pfn = end_pfn;
	zone->zone_mem_map = pfn_to_page(start_pfn);
	return 0;
}

/**
 * page_alloc_init_done() - open the zone once boot handed memory over.
 *
 * Context: Process context, at sim_machine_boot_done().
 * Return: nothing.
 */
void page_alloc_init_done(void)
{
	struct zone *zone = page_zone_local();

	if (zone && zone->pageblock_flags)
		smp_store_release(&zone->initialized, true);
}

/* Zone lock held. */
void set_pfnblock_migratetype(struct zone *zone, unsigned long pfn, int mt)
{
	unsigned char *flags = pfnblock_flags(zone, pfn);

	WRITE_ONCE(*flags, (unsigned char)((*flags & ~PB_MIGRATETYPE_MASK) | mt));
}

/**
 * get_pageblock_migratetype() - migrate type of @page's pageblock.
 * @page: a page of the attached machine.
 *
 * Context: Any context; unlocked read, as in the kernel.
 * Return: the type, or -EINVAL (reported) before boot or for a page of
 * no zone.
 */
int get_pageblock_migratetype(const struct page *page)
{
	struct zone *zone = page_zone_local();
	unsigned long pfn;

	if (!zone || WARN_ON(!zone->pageblock_flags))
		return -EINVAL;
	pfn = page_to_pfn(page);
	if (WARN_ON_ONCE(!zone_spans_range(zone, pfn, 1)))
		return -EINVAL;
	return get_pfnblock_migratetype(zone, pfn);
}

static void account_freepages(struct zone *zone, long nr, int mt)
{
	if (is_migrate_isolate(mt))
		return;
	WRITE_ONCE(zone->vm_stat[NR_FREE_PAGES],
		   zone->vm_stat[NR_FREE_PAGES] + nr);
	if (is_migrate_cma(mt))
		WRITE_ONCE(zone->vm_stat[NR_FREE_CMA_PAGES],
			   zone->vm_stat[NR_FREE_CMA_PAGES] + nr);
}

/*
 * Zone lock held; marks @desc and links it without merging. Leaves
 * zone->free_pfns to the caller: a merge or a split changes which block
 * covers a pfn, not whether one does.
 */
static void __add_to_free_list(struct zone *zone, struct folio *desc,
			       unsigned int order, int mt, bool to_tail)
{
	struct free_area *area = &zone->free_area[order];

	lockdep_assert_held(&zone->lock);
	free_list_will_change(zone, order, mt);
	__SetPageBuddy((struct page *)desc);
	set_buddy_order((struct page *)desc, order);
	if (to_tail)
		list_add_tail(&desc->lru, &area->free_list[mt]);
	else
		list_add(&desc->lru, &area->free_list[mt]);
	area->nr_free++;
	account_freepages(zone, 1L << order, mt);
}

/* Zone lock held; @mt is the list @desc is on. zone->free_pfns as above. */
static void __del_page_from_free_list(struct zone *zone, struct folio *desc,
				      unsigned int order, int mt)
{
	lockdep_assert_held(&zone->lock);

	free_list_will_change(zone, order, mt);
	list_del(&desc->lru);
	INIT_LIST_HEAD(&desc->lru);
	__ClearPageBuddy((struct page *)desc);
	zone->free_area[order].nr_free--;
	account_freepages(zone, -(1L << order), mt);
}

/* Zone lock held; marks @desc and links it without merging. */
void add_to_free_list(struct zone *zone, struct folio *desc,
		      unsigned int order, int mt, bool to_tail)
{
	__add_to_free_list(zone, desc, order, mt, to_tail);
	zone_note_free(zone, zone_desc_pfn(zone, desc), 1UL << order, true);
}

/* Zone lock held; @mt is the list @desc is on. */
void del_page_from_free_list(struct zone *zone, struct folio *desc,
			     unsigned int order, int mt)
{
	__del_page_from_free_list(zone, desc, order, mt);
	zone_note_free(zone, zone_desc_pfn(zone, desc), 1UL << order, false);
}

static void move_to_free_list(struct zone *zone, struct folio *desc,
			      unsigned int order, int old_mt, int new_mt)
{
	free_list_will_change(zone, order, old_mt);
	free_list_will_change(zone, order, new_mt);
	list_move_tail(&desc->lru, &zone->free_area[order].free_list[new_mt]);
	account_freepages(zone, -(1L << order), old_mt);
	account_freepages(zone, 1L << order, new_mt);
}

/* Give every pageblock of [pfn, pfn + 2^order) the type @mt. */
static void change_pageblock_range(struct zone *zone, unsigned long pfn,
				   unsigned int order, int mt)
{
	unsigned long end = pfn + (1UL << order);

	for (pfn = ALIGN_DOWN(pfn, pageblock_nr_pages); pfn < end;
	     pfn += pageblock_nr_pages)
		set_pfnblock_migratetype(zone, pfn, mt);
}

/*
 * __free_one_page - put the free block [pfn, pfn + 2^order) on its list,
 * merging it with its buddies first. The block must lie in one pageblock
 * or span whole pageblocks of one type. Zone lock held.
 */
void __free_one_page(struct zone *zone, unsigned long pfn,
		     unsigned int order, bool to_tail)
{
	int mt = get_pfnblock_migratetype(zone, pfn);

	lockdep_assert_held(&zone->lock);
	/* The buddies merged were free already: only @pfn's block joins. */
	zone_note_free(zone, pfn, 1UL << order, true);
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct folio *buddy;
		int buddy_mt;

		if (!zone_spans_range(zone, buddy_pfn, 1UL << order))
			break;
		buddy = zone_pfn_desc(zone, buddy_pfn);
		if (!PageBuddy((struct page *)buddy) ||
		    buddy_order((struct page *)buddy) != order)
			break;
		buddy_mt = get_pfnblock_migratetype(zone, buddy_pfn);
		if (order >= pageblock_order && mt != buddy_mt &&
		    (!migratetype_is_mergeable(mt) ||
		     !migratetype_is_mergeable(buddy_mt)))
			break;
		__del_page_from_free_list(zone, buddy, order, buddy_mt);
		if (buddy_mt != mt)
			change_pageblock_range(zone, buddy_pfn, order, mt);
		pfn &= buddy_pfn;
		order++;
	}
	__add_to_free_list(zone, zone_pfn_desc(zone, pfn), order, mt, to_tail);
}

/*
 * Free a block that may span pageblocks of different types: each
 * pageblock separately then (the kernel's split_large_buddy()).
 */
static void __free_block(struct zone *zone, unsigned long pfn,
			 unsigned int order, bool to_tail)
{
	unsigned long end = pfn + (1UL << order);
	int mt = get_pfnblock_migratetype(zone, pfn);
	bool same = true;

	if (order <= pageblock_order) {
		__free_one_page(zone, pfn, order, to_tail);
		return;
	}
	for (unsigned long p = pfn; p < end; p += pageblock_nr_pages)
		same &= get_pfnblock_migratetype(zone, p) == mt;
	if (same) {
		__free_one_page(zone, pfn, order, to_tail);
		return;
	}
	for (; pfn < end; pfn += pageblock_nr_pages)
		__free_one_page(zone, pfn, pageblock_order, to_tail);
}

/*
 * __free_pfn_range - free [start, end), cut into maximal aligned blocks
 * (memblock's __free_pages_memory()). Zone lock held.
 */
void __free_pfn_range(struct zone *zone, unsigned long start,
		      unsigned long end, bool to_tail)
{
	lockdep_assert_held(&zone->lock);

	while (start < end) {
		unsigned int order = MAX_PAGE_ORDER;

		if (start)
			order = min(order, (unsigned int)__ffs(start));
		while (start + (1UL << order) > end)
			order--;
		__free_block(zone, start, order, to_tail);
		start += 1UL << order;
	}
}

/**
 * __free_pages_memory() - boot hands a run of free pfns to the buddy.
 * @start: first pfn.
 * @end: first pfn past the run.
 *
 * The run is cut into maximal naturally aligned blocks, as memblock's
 * __free_pages_memory() does, and each block goes to the tail of its list
 * (FPI_TO_TAIL), so the lowest pfns come out first. Only the head
 * descriptor of each block is written: a new machine's memmap is zeroed,
 * which already is a free page (refcount 0, no flags), so a large machine
 * boots without touching the rest (the kernel's __free_pages_core() also
 * writes every page).
 *
 * Context: Process context, at sim_machine_boot_done().
 * Return: nothing; a run outside the zone is a WARN_ON_ONCE violation and is
 * not freed.
 */
void __free_pages_memory(unsigned long start, unsigned long end)
{
	struct zone *zone = page_zone_local();

	if (!zone || WARN_ON_ONCE(!zone->pageblock_flags) ||
	    WARN_ON_ONCE(start >= end ||
			 !zone_spans_range(zone, start, end - start)))
		return;
	spin_lock(&zone->lock);
	__free_pfn_range(zone, start, end, true);
	spin_unlock(&zone->lock);
}

/*
 * find_free_block - the free block containing @pfn: its head pfn, and its
 * order in *@order; ULONG_MAX if @pfn is not free (is_free_buddy_page()).
 * Zone lock held.
 */
unsigned long find_free_block(const struct zone *zone, unsigned long pfn,
			      unsigned int *order)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);
		const struct page *page;

		if (head < zone->zone_start_pfn)
			break;
		page = (const struct page *)zone_pfn_desc(zone, head);
		if (PageBuddy(page) && buddy_order(page) >= o) {
			*order = buddy_order(page);
			return head;
		}
	}
	return ULONG_MAX;
}

/*
 * next_free_block - the first free block head at or after *@pfn and
 * before @end: its descriptor, its pfn in *@pfn, its order in *@order;
 * NULL if there is none. Zone lock held.
 */
struct folio *next_free_block(const struct zone *zone, unsigned long *pfn,
			      unsigned long end, unsigned int *order)
{
	for (; *pfn < end; (*pfn)++) {
		struct folio *desc = zone_pfn_desc(zone, *pfn);

		if (PageBuddy((struct page *)desc)) {
			*order = buddy_order((struct page *)desc);
			return desc;
		}
	}
	return NULL;
}

/*
 * zone_range_has_free - does a free block cover a page of [pfn, pfn + nr)
 * (inside the zone), or is one of its pages on a per-CPU list? One look
 * at zone->free_pfns, which marks exactly those pages (page_alloc_check()
 * compares it with the memmap), instead of a search of the memmap for a
 * block head and a read of every page's descriptor. Zone lock held.
 */
static bool zone_range_has_free(const struct zone *zone, unsigned long pfn,
				unsigned long nr)
{
	unsigned long start = pfn - zone->free_pfns_base;

	return find_next_bit(zone->free_pfns, start + nr, start) < start + nr;
}

/* Does [pfn, pfn + nr) hold reserved pfns never given to the buddy? */
bool zone_range_unmanaged(struct zone *zone, unsigned long pfn,
			    unsigned long nr)
{
	unsigned long end = pfn + nr;

	while (pfn < end) {
		unsigned long next = min(end, ALIGN_DOWN(pfn, pageblock_nr_pages) +
					      pageblock_nr_pages);

		if (!(READ_ONCE(*pfnblock_flags(zone, pfn)) & PB_RELEASED) &&
		    memblock_is_region_reserved(pfn, next - pfn))
			return true;
		pfn = next;
	}
	return false;
}

/**
 * free_page_is_bad() - may the block of @page be freed to the buddy?
 * @page: first page of a folio whose last reference was just dropped,
 *	before anything of it is reset.
 * @order: the folio's order.
 *
 * Before boot nothing is checked. After it, a block outside the zone or
 * misaligned, a block holding reserved pfns the allocator never managed
 * (a GCMA area, a carve-out still reserved), and a block overlapping free
 * memory (a double free) are bad.
 *
 * Context: Any context; takes the zone lock.
 * Return: false if the free may go on; true, with a WARN_ON_ONCE violation
 * recorded, if the folio must be left alone.
 */
bool free_page_is_bad(struct page *page, unsigned int order)
{
	struct zone *zone = zone_ready();
	unsigned long pfn, nr = 1UL << (order > MAX_PAGE_ORDER ? 0 : order);
	bool bad;

	if (!zone)
		return false;
	pfn = page_to_pfn(page);
	if (WARN_ON_ONCE(order > MAX_PAGE_ORDER || !IS_ALIGNED(pfn, nr) ||
			 !zone_spans_range(zone, pfn, nr)))
		return true;
	if (WARN(zone_range_unmanaged(zone, pfn, nr),
		 "free of pfns [%#lx, %#lx) the page allocator does not manage",
		 pfn, pfn + nr))
		return true;
	spin_lock(&zone->lock);
	bad = zone_range_has_free(zone, pfn, nr);
	spin_unlock(&zone->lock);
	return WARN_ON_ONCE(bad);
}

/**
 * pfn_range_has_free_page() - is any page of a range free in the buddy?
 * @pfn: first pfn.
 * @nr: number of pfns.
 *
 * The test of the kernel's is_free_buddy_page() over a range: a page is
 * free if a free block (PageBuddy head) covers it. Such a page is the
 * page allocator's, whatever its refcount (0) says: nobody else may link
 * it anywhere or hand it out.
 *
 * Context: Any context; takes the zone lock.
 * Return: true if a page of the range is free; false before boot (the
 * zone holds nothing yet), for an unattached thread (reported) and for a
 * range outside the zone.
 */
bool pfn_range_has_free_page(unsigned long pfn, unsigned long nr)
{
	struct zone *zone = zone_ready();
	bool free;

	if (!zone || !nr)
		return false;
	if (pfn + nr < pfn || !zone_spans_range(zone, pfn, 1))
		return false;
	nr = min(nr, zone->zone_end_pfn - pfn);
	spin_lock(&zone->lock);
	free = zone_range_has_free(zone, pfn, nr);
	spin_unlock(&zone->lock);
	return free;
}

/**
 * free_one_page() - give a freed, reset block back to the free lists.
 * @page: first page; free_page_is_bad() accepted it.
 * @order: its order.
 *
 * The block joins the list of its pageblock's type, an isolated
 * pageblock's included, merging with its buddies; with per-CPU lists on,
 * an order-0 page goes to the calling CPU's list instead
 * (free_unref_page()).
 *
 * Context: Any context; takes the zone lock (a leaf lock).
 * Return: nothing; before boot the page simply stays a free descriptor.
 */
void free_one_page(struct page *page, unsigned int order)
{
	struct zone *zone = zone_ready();
	unsigned long pfn;

	if (!zone)
		return;
	spin_lock(&zone->lock);
	pfn = zone_desc_pfn(zone, (struct folio *)page);
	if (order || !free_unref_page(zone, pfn))
		__free_block(zone, pfn, order, false);
	spin_unlock(&zone->lock);
}

/*
 * expand - [pfn, pfn + 2^high) was taken off the lists for an allocation
 * of order @low: give back the upper halves, each on its pageblock's list.
 */
static void expand(struct zone *zone, unsigned long pfn, unsigned int low,
		   unsigned int high)
{
	while (high > low) {
		unsigned long half;

		high--;
		half = pfn + (1UL << high);
		__add_to_free_list(zone, zone_pfn_desc(zone, half), high,
				   get_pfnblock_migratetype(zone, half), false);
	}
}

/* Take the first block of order @o from list @mt and split it for @order. */
static struct folio *take_block(struct zone *zone, struct folio *desc,
				unsigned int order, unsigned int o, int mt)
{
	zone->rq_src.mt = mt;
	zone->rq_src.order = o;
	__del_page_from_free_list(zone, desc, o, mt);
	expand(zone, zone_desc_pfn(zone, desc), order, o);
	/* The upper halves stay free: only the block handed out leaves. */
	zone_note_free(zone, zone_desc_pfn(zone, desc), 1UL << order, false);
	return desc;
}

/*
 * free_list_first - the first block of list (@order, @mt), checked as
 * CONFIG_DEBUG_LIST's list_del() checks its links, plus the buddy mark:
 * a list that a bad caller spliced into another (a free page donated,
 * say) is reported and left alone, never taken from, so an allocation
 * cannot loop on it. NULL for an empty or corrupt list. Zone lock held.
 */
static struct folio *free_list_first(struct zone *zone, unsigned int order,
				     int mt)
{
	struct list_head *head = &zone->free_area[order].free_list[mt];

	if (list_empty(head))
		return NULL;
	if (WARN(!free_list_first_sane(zone, order, mt),
		 "free list order %u %s is corrupt", order,
		 migratetype_name(mt)))
		return NULL;
	return list_first_entry(head, struct folio, lru);
}

static struct folio *__rmqueue_smallest(struct zone *zone, unsigned int order,
					int mt)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct folio *desc = free_list_first(zone, o, mt);

		if (desc)
			return take_block(zone, desc, order, o, mt);
	}
	return NULL;
}

/* May an allocation of @start_mt claim a pageblock from a block of @order? */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	return order >= pageblock_order / 2 ||
	       start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE;
}

/* First fallback type of @start_mt with a block of @order, or -1. */
static int find_suitable_fallback(struct zone *zone, unsigned int order,
				  int start_mt)
{
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fmt = fallbacks[start_mt][i];

		/* steal_fallback() takes this list's first block. */
		if (free_list_first(zone, order, fmt))
			return fmt;
	}
	return -1;
}

/*
 * Move the free blocks of the pageblock at @pb (blocks below
 * pageblock_order, inside it) from list @old_mt to @new_mt; return the
 * pages moved. With @count_only, move nothing. Zone lock held.
 */
unsigned long move_freepages_block(struct zone *zone, unsigned long pb,
				   int old_mt, int new_mt, bool count_only)
{
	unsigned long end = min(pb + pageblock_nr_pages, zone->zone_end_pfn);
	unsigned long pfn = max(pb, zone->zone_start_pfn), moved = 0;
	struct folio *desc;
	unsigned int order;

	lockdep_assert_held(&zone->lock);
	while ((desc = next_free_block(zone, &pfn, end, &order))) {
		if (!count_only)
			move_to_free_list(zone, desc, order, old_mt, new_mt);
		moved += 1UL << order;
		pfn += 1UL << order;
	}
	return moved;
}

/*
 * Steal a block of order @o from fallback list @fmt for an allocation of
 * @order and type @start_mt (__rmqueue_fallback's second half).
 */
static struct folio *steal_fallback(struct zone *zone, unsigned int order,
				    unsigned int o, int start_mt, int fmt)
{
	struct folio *desc = list_first_entry(&zone->free_area[o].free_list[fmt],
					      struct folio, lru);
	unsigned long pfn = zone_desc_pfn(zone, desc);
	unsigned long pb = ALIGN_DOWN(pfn, pageblock_nr_pages);

	if (o >= pageblock_order) {
		change_pageblock_range(zone, pfn, o, start_mt);
		move_to_free_list(zone, desc, o, fmt, start_mt);
		desc = __rmqueue_smallest(zone, order, start_mt);
	} else if (can_steal_fallback(o, start_mt) &&
		   move_freepages_block(zone, pb, fmt, fmt, true) >=
		   pageblock_nr_pages / 2) {
		move_freepages_block(zone, pb, fmt, start_mt, false);
		set_pfnblock_migratetype(zone, pb, start_mt);
		desc = __rmqueue_smallest(zone, order, start_mt);
	} else {
		desc = take_block(zone, desc, order, o, fmt);
	}
	/* The block came from the fallback list, whatever list it left. */
	zone->rq_src.mt = fmt;
	zone->rq_src.order = o;
	return desc;
}

static struct folio *__rmqueue_fallback(struct zone *zone, unsigned int order,
					int start_mt)
{
	int fmt;
	int o;

	/* The largest block first, to claim whole pageblocks... */
	for (o = MAX_PAGE_ORDER; o >= (int)order; o--) {
		fmt = find_suitable_fallback(zone, o, start_mt);
		if (fmt < 0)
			continue;
		/* ...except a movable allocation that could not claim one. */
		if (!can_steal_fallback(o, start_mt) &&
		    start_mt == MIGRATE_MOVABLE && o > (int)order)
			break;
		return steal_fallback(zone, order, o, start_mt, fmt);
	}
	for (o = order; o < NR_PAGE_ORDERS; o++) {
		fmt = find_suitable_fallback(zone, o, start_mt);
		if (fmt >= 0)
			return steal_fallback(zone, order, o, start_mt, fmt);
	}
	return NULL;
}

static struct folio *__rmqueue_lists(struct zone *zone, unsigned int order,
				      int mt)
{
	bool alloc_cma = mt == MIGRATE_MOVABLE;
	struct folio *desc;

	if (alloc_cma && !READ_ONCE(zone->cma_balance_off) &&
	    zone->vm_stat[NR_FREE_CMA_PAGES] >
	    zone->vm_stat[NR_FREE_PAGES] / 2) {
		desc = __rmqueue_smallest(zone, order, MIGRATE_CMA);
		if (desc)
			return desc;
	}
	desc = __rmqueue_smallest(zone, order, mt);
	if (!desc && alloc_cma)
		desc = __rmqueue_smallest(zone, order, MIGRATE_CMA);
	if (!desc)
		desc = __rmqueue_fallback(zone, order, mt);
	return desc;
}

/*
 * __rmqueue - take a block of @order for type @mt off the free lists;
 * the block's source list is then checked against the migratetype rules
 * (rmqueue_check_rules()). Zone lock held.
 */
struct folio *__rmqueue(struct zone *zone, unsigned int order, int mt)
{
	struct rmqueue_snapshot snap;
	struct folio *desc;

	lockdep_assert_held(&zone->lock);
	rmqueue_snapshot(zone, order, &snap);
	desc = __rmqueue_lists(zone, order, mt);
	if (desc)
		rmqueue_check_rules(zone, &snap, order, mt);
	zone->rq_snap = NULL;
	return desc;
}

/*
 * check_new_page - is every page of a block just taken off the lists
 * really free? A page somebody uses without having allocated it is a
 * "bad page": reported, and the block is left to whoever holds it.
 */
bool check_new_pages(struct folio *desc, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = folio_page(desc, i);

		if (WARN_ON_ONCE(page_ref_count(p) ||
				 (p->flags & PAGE_FLAGS_CHECK_AT_PREP) ||
				 p->mapping || p->page_type || PageTail(p)))
			return false;
	}
	return true;
}

/* gfp_migratetype - the migrate type an allocation with @gfp uses. */
static int gfp_migratetype(gfp_t gfp)
{
	if (gfp & __GFP_MOVABLE)
		return MIGRATE_MOVABLE;
	if (gfp & __GFP_RECLAIMABLE)
		return MIGRATE_RECLAIMABLE;
	return MIGRATE_UNMOVABLE;
}

/* post_alloc_hook - make the block a folio its caller owns. */
static void post_alloc_hook(struct folio *folio, unsigned int order, gfp_t gfp)
{
	void *addr;

	folio->mapping = NULL;
	folio->index = 0;
	folio->private = NULL;
	set_page_refcounted((struct page *)folio);
	kasan_unpoison_pages((struct page *)folio, order, false);
	addr = folio_address(folio);
	if ((gfp & __GFP_ZERO) && addr)
		memset(addr, 0, PAGE_SIZE << order);
	if (order)
		prep_compound_page((struct page *)folio, order);
}

/* Rounds of direct reclaim one allocation may run before it fails. */
#define ALLOC_RECLAIM_TRIES	16

/* __rmqueue() under the zone lock, skipping (and counting) bad pages. */
static struct folio *rmqueue_checked(struct zone *zone, unsigned int order,
				     int mt)
{
	struct folio *folio;

	spin_lock(&zone->lock);
	if (!order && READ_ONCE(zone->pcp_cpus)) {
		folio = rmqueue_pcplist(zone, mt);
		spin_unlock(&zone->lock);
		return folio;
	}
	while ((folio = __rmqueue(zone, order, mt))) {
		if (check_new_pages(folio, order))
			break;
		zone->nr_bad += 1UL << order;
	}
	spin_unlock(&zone->lock);
	return folio;
}

/**
 * folio_alloc() - allocate a folio of system memory.
 * @gfp: allocation flags: __GFP_MOVABLE or __GFP_RECLAIMABLE choose the
 *	migrate type (else unmovable); __GFP_ZERO zeroes the folio in data
 *	mode.
 * @order: 0 .. MAX_PAGE_ORDER; above 0 the folio is compound.
 *
 * The folio comes with refcount 1, no flags, no mapping, and in data mode
 * its pages are unpoisoned (zeroed with __GFP_ZERO, else undefined). It is
 * freed by the folio_put() that drops its last reference. Each call is an
 * allocation of fault class SIM_FAULT_PAGE_ALLOC.
 *
 * When no block is free and @gfp allows direct reclaim
 * (__GFP_DIRECT_RECLAIM, part of GFP_KERNEL), try_to_free_pages() evicts
 * page cache and the allocation tries again, as the kernel's slow path
 * does (without watermarks, compaction or the OOM killer).
 *
 * Context: Any context after sim_machine_boot_done(); the thread must be
 * attached. Takes the zone lock. With __GFP_DIRECT_RECLAIM the caller
 * must hold no page-cache lock (reclaim takes inode and LRU locks).
 * Return: the folio, or NULL when no block of @order is free, when the
 * failure is injected, for an unattached thread (reported), and with a
 * WARN violation for an order above MAX_PAGE_ORDER, unknown gfp bits,
 * both __GFP_MOVABLE and __GFP_RECLAIMABLE, or a call before boot. A
 * corrupt free list (a link that does not point back, a first entry
 * that is no free block of it) is a WARN and is not taken from.
 */
struct folio *folio_alloc(gfp_t gfp, unsigned int order)
{
	struct zone *zone = page_zone_local();
	struct folio *folio;
	int mt;

	if (!zone)
		return NULL;
	if (WARN(order > MAX_PAGE_ORDER, "folio_alloc: order %u", order) ||
	    WARN_ON(gfp & ~__GFP_BITS_MASK) ||
	    WARN_ON((gfp & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) ==
		    (__GFP_MOVABLE | __GFP_RECLAIMABLE)))
		return NULL;
	if (WARN(!smp_load_acquire(&zone->initialized),
		 "folio_alloc before sim_machine_boot_done()"))
		return NULL;
	might_alloc(gfp);
	if (should_fail_alloc_page(gfp, order))
		return NULL;
	mt = gfp_migratetype(gfp);
	for (unsigned int tries = 0;; tries++) {
		folio = rmqueue_checked(zone, order, mt);
		/*
		 * The slow path, reduced to direct reclaim: evict some
		 * page cache and try again, while that frees anything.
		 */
		if (folio || !(gfp & __GFP_DIRECT_RECLAIM) ||
		    tries == ALLOC_RECLAIM_TRIES ||
		    !try_to_free_pages(gfp, order))
			break;
	}
	if (!folio)
		return NULL;
	post_alloc_hook(folio, order, gfp);
	sim_cost(SIM_COST_PAGE_ALLOC, 1UL << order);
	return folio;
}

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Page allocator internals shared by lib/mm/page_alloc*.c, and the calls
 * classic CMA and alloc_contig_range() build on (mm/internal.h,
 * <linux/page-isolation.h> in the kernel).
 *
 * Locking: zone->lock (a leaf lock) protects the free lists, the free
 * counts, the counters, the PageBuddy marks and the pageblock flags.
 * Pageblock migratetypes are read without it (READ_ONCE), as the kernel
 * does; a decision that depends on one is rechecked under the lock.
 */
#ifndef _MM_PAGE_ALLOC_INTERNAL_H
#define _MM_PAGE_ALLOC_INTERNAL_H


#include "kernel/bitmap.h"
#include "kernel/kernel.h"
#include "kernel/mmzone.h"
#include "kernel/page_type.h"
#include "kernel/port.h"
#include "kernel/spinlock.h"
#include "kernel/vmscan.h"

/* Pageblock flag byte: migratetype in the low bits, then flags. */
#define PB_MIGRATETYPE_MASK	0x07
#define PB_RELEASED		0x08	/* reserved pfns given to the buddy */

/**
 * struct free_area - the free blocks of one order.
 * @free_list: heads of free blocks, per migrate type, linked by lru.
 * @nr_free: blocks on all lists.
 */
struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

/* Per-CPU page lists of a zone: CPUs map onto this many slots. */
#define PCP_MAX_CPUS		16
/* Order-0 lists only, one per type below MIGRATE_PCPTYPES. */
#define NR_PCP_LISTS		MIGRATE_PCPTYPES

/*
 * A page on a per-CPU list carries this in ->private, so that "is this
 * page free?" (double frees, donations) has an O(1) answer; the kernel
 * keeps no such mark. PageBuddy is clear, the refcount 0.
 */
#define PCP_PAGE_MARK		((void *)0x70637066UL)

/**
 * struct per_cpu_pages - one CPU's cache of free order-0 pages.
 * @count: pages on all @lists.
 * @lists: pages per migrate type (CMA pages sit on the movable list),
 *	linked by lru, the most recently freed first.
 *
 * The marks @high and @batch are the zone's (struct zone). Protected by
 * the zone lock in this model (the kernel has a per-CPU lock).
 */
struct per_cpu_pages {
	unsigned long count;
	struct list_head lists[NR_PCP_LISTS];
};

/**
 * struct zone - the machine's only zone.
 * @lock: see the file comment.
 * @zone_start_pfn: first pfn.
 * @zone_end_pfn: first pfn past the end.
 * @zone_mem_map: descriptor of @zone_start_pfn (FLATMEM's mem_map).
 * @initialized: boot handed the free memory over (release/acquire).
 * @pageblock_flags: one byte per pageblock touching the zone.
 * @nr_pageblocks: bytes in @pageblock_flags.
 * @free_area: free lists per order.
 * @free_pfns: bit (pfn - @free_pfns_base) set while the pfn is free: in a
 *	free block or on a per-CPU list. Set when a block or page joins
 *	them (add_to_free_list(), __free_one_page(), pcp_add()), cleared
 *	when it leaves (del_page_from_free_list(), take_block(),
 *	pcp_del()); merges and splits change nothing. The double-free
 *	check reads it instead of searching the memmap; page_alloc_check()
 *	compares it with the marks.
 * @free_pfns_base: @zone_start_pfn rounded down to BITS_PER_LONG, so a
 *	naturally aligned block is aligned in @free_pfns too.
 * @vm_stat: NR_FREE_PAGES, NR_FREE_CMA_PAGES.
 * @nr_bad: pages taken off the free lists by check_new_page() and leaked.
 * @cma_balance_off: movable allocations use CMA only as a fallback.
 * @direct_reclaim: the reclaim hook of the slow path.
 * @rq_src: the list (type, order) __rmqueue() last took a block from.
 * @rq_snap: the record of the allocation under way (rmqueue_snapshot()),
 *	or NULL.
 * @pcp_cpus: per-CPU lists in use (0: none, the default); READ_ONCE.
 * @pcp_high: a CPU frees @pcp_batch pages back once it holds this many.
 * @pcp_batch: pages moved between a CPU's lists and the buddy at once.
 * @cma_pcp_buddy: CMA pages are freed to the buddy, not to a CPU's list
 *	(the 2013 patch "free cma page to buddy instead of being cpuhot").
 * @nr_pcp: pages on all per-CPU lists (free, not in NR_FREE_PAGES).
 * @pcp: the per-CPU lists.
 */
struct zone {
	spinlock_t lock;
	unsigned long zone_start_pfn;
	unsigned long zone_end_pfn;
	struct page *zone_mem_map;
	bool initialized;
	unsigned char *pageblock_flags;
	unsigned long nr_pageblocks;
	struct free_area free_area[NR_PAGE_ORDERS];
	unsigned long *free_pfns;
	unsigned long free_pfns_base;
	unsigned long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	unsigned long nr_bad;
	bool cma_balance_off;
	direct_reclaim_fn direct_reclaim;
	struct {
		int mt;
		unsigned int order;
	} rq_src;
	struct rmqueue_snapshot *rq_snap;
	unsigned int pcp_cpus;
	unsigned int pcp_high;
	unsigned int pcp_batch;
	bool cma_pcp_buddy;
	unsigned long nr_pcp;
	struct per_cpu_pages pcp[PCP_MAX_CPUS];
};

static inline bool page_on_pcp(const struct page *page)
{
	return !PageBuddy(page) &&
	       READ_ONCE(page->private) == PCP_PAGE_MARK;
}

/* Is @desc a descriptor of @zone's memmap (a list entry may not be)? */
static inline bool zone_has_desc(const struct zone *zone,
				 const struct folio *desc)
{
	const struct page *page = &desc->page;

	return page >= zone->zone_mem_map &&
	       page < zone->zone_mem_map + (zone->zone_end_pfn -
					    zone->zone_start_pfn);
}

/*
 * Descriptor of @pfn, which must lie in @zone, as the folio it heads
 * (free pages and the heads of free blocks are small folios).
 */
static inline struct folio *zone_pfn_desc(const struct zone *zone,
					  unsigned long pfn)
{
	return (struct folio *)&zone->zone_mem_map[pfn - zone->zone_start_pfn];
}

static inline unsigned long zone_desc_pfn(const struct zone *zone,
					  const struct folio *desc)
{
	return zone->zone_start_pfn +
	       (unsigned long)(&desc->page - zone->zone_mem_map);
}

/*
 * Mark (@free) or unmark the @nr pfns from @pfn in zone->free_pfns. A
 * naturally aligned block of up to BITS_PER_LONG pages is one word.
 */
static inline void zone_note_free(struct zone *zone, unsigned long pfn,
				  unsigned long nr, bool free)
{
	unsigned long i = pfn - zone->free_pfns_base;
	unsigned long *word = &zone->free_pfns[i / BITS_PER_LONG];
	unsigned long mask;

	if (nr >= BITS_PER_LONG || i % BITS_PER_LONG + nr > BITS_PER_LONG) {
		__bitmap_assign(zone->free_pfns, i, nr, free);
		return;
	}
	mask = ((1UL << nr) - 1) << (i % BITS_PER_LONG);
	if (free)
		*word |= mask;
	else
		*word &= ~mask;
}

static inline bool zone_spans_range(const struct zone *zone,
				    unsigned long pfn, unsigned long nr)
{
	return pfn >= zone->zone_start_pfn && pfn < zone->zone_end_pfn &&
	       nr <= zone->zone_end_pfn - pfn;
}

static inline unsigned char *pfnblock_flags(const struct zone *zone,
					    unsigned long pfn)
{
	return &zone->pageblock_flags[(pfn >> pageblock_order) -
				      (zone->zone_start_pfn >> pageblock_order)];
}

static inline int get_pfnblock_migratetype(const struct zone *zone,
					   unsigned long pfn)
{
	return READ_ONCE(*pfnblock_flags(zone, pfn)) & PB_MIGRATETYPE_MASK;
}

struct zone *zone_ready(void);
bool zone_range_unmanaged(struct zone *zone, unsigned long pfn,
			  unsigned long nr);

/* Zone lock held. */
void add_to_free_list(struct zone *zone, struct folio *desc,
		      unsigned int order, int mt, bool to_tail);
unsigned long move_freepages_block(struct zone *zone, unsigned long pb,
				   int old_mt, int new_mt, bool count_only);
void set_pfnblock_migratetype(struct zone *zone, unsigned long pfn, int mt);
void del_page_from_free_list(struct zone *zone, struct folio *desc,
			     unsigned int order, int mt);
void __free_one_page(struct zone *zone, unsigned long pfn,
		     unsigned int order, bool to_tail);
void __free_pfn_range(struct zone *zone, unsigned long start,
		      unsigned long end, bool to_tail);
struct folio *next_free_block(const struct zone *zone, unsigned long *pfn,
			      unsigned long end, unsigned int *order);
unsigned long find_free_block(const struct zone *zone, unsigned long pfn,
			      unsigned int *order);
struct folio *__rmqueue(struct zone *zone, unsigned int order, int mt);

/*
 * free_list_first_sane - does list (@order, @mt) hold a first block that
 * may be taken: links that point back, a marked head of @order? False
 * for an empty list. Zone lock held. Inline: the migratetype rules ask it
 * of the lists they look at on every allocation.
 */
static inline bool free_list_first_sane(const struct zone *zone,
					unsigned int order, int mt)
{
	const struct list_head *head = &zone->free_area[order].free_list[mt];
	const struct list_head *first = head->next;
	const struct folio *desc = list_entry(first, struct folio, lru);

	return first != head && first->prev == head &&
	       first->next->prev == first && zone_has_desc(zone, desc) &&
	       PageBuddy(&desc->page) && buddy_order(&desc->page) == order;
}

/* ---- the migratetype rules of __rmqueue() (page_alloc_rules.c) ------ */

/**
 * struct rmqueue_snapshot - the free lists as an allocation found them.
 * @takeable: per type, bit o set if list (o, type) had a block to take;
 *	valid where @known has the bit.
 * @known: per type, bit o set once list (o, type) is recorded: just
 *	before the allocation first changes it (free_list_will_change()),
 *	or when the rules first ask about it, unchanged then.
 * @free: NR_FREE_PAGES.
 * @cma: NR_FREE_CMA_PAGES.
 * @cma_balance: the CMA balance rule is on.
 */
struct rmqueue_snapshot {
	unsigned int takeable[MIGRATE_TYPES];
	unsigned int known[MIGRATE_TYPES];
	unsigned long free;
	unsigned long cma;
	bool cma_balance;
};

void rmqueue_snapshot(struct zone *zone, unsigned int order,
		      struct rmqueue_snapshot *snap);
void rmqueue_check_rules(struct zone *zone, struct rmqueue_snapshot *snap,
			 unsigned int order, int mt);

/*
 * rmqueue_snapshot_record - record list (@order, @mt) of the zone as it
 * is now in @snap. Zone lock held.
 */
static inline void rmqueue_snapshot_record(const struct zone *zone,
					   struct rmqueue_snapshot *snap,
					   unsigned int order, int mt)
{
	snap->known[mt] |= 1U << order;
	if (free_list_first_sane(zone, order, mt))
		snap->takeable[mt] |= 1U << order;
}

/*
 * free_list_will_change - the allocator is about to change list (@order,
 * @mt): during an allocation, record first what the list held before
 * (rmqueue_snapshot()). Zone lock held.
 */
static inline void free_list_will_change(struct zone *zone,
					 unsigned int order, int mt)
{
	struct rmqueue_snapshot *snap = zone->rq_snap;

	if (snap && !(snap->known[mt] & (1U << order)))
		rmqueue_snapshot_record(zone, snap, order, mt);
}
bool check_new_pages(struct folio *desc, unsigned int order);

/* ---- per-CPU page lists (page_alloc_pcp.c) -------------------------- */

void pcp_init(struct zone *zone);
/* Zone lock held. */
bool free_unref_page(struct zone *zone, unsigned long pfn);
struct folio *rmqueue_pcplist(struct zone *zone, int mt);
void __drain_all_pages(struct zone *zone);
/* Take the zone lock. */
void drain_all_pages(struct zone *zone);
int page_alloc_set_pcp(unsigned int cpus, unsigned int high,
		       unsigned int batch);
int page_alloc_set_cma_pcp(bool to_pcp);
unsigned long page_alloc_drain(void);
unsigned long pa_walk_pcp(struct zone *zone, unsigned long *errs,
			  unsigned long *cma);

/* ---- used by classic CMA and alloc_contig_range() ------------------- */

int get_pageblock_migratetype(const struct page *page);
void init_cma_reserved_pageblock(struct page *page);
int start_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype);
void undo_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype);
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn);
int test_pages_isolated_at(unsigned long start_pfn, unsigned long end_pfn,
			   unsigned long *fin_pfn);
unsigned long isolate_freepages_range(unsigned long start_pfn,
				      unsigned long end_pfn);
void free_contig_range(unsigned long pfn, unsigned long nr_pages);

/* ---- the checker and the dump (page_alloc_check.c) ------------------ */

bool free_list_broken(const struct zone *zone, const struct list_head *head,
		      unsigned long *nr);

/**
 * struct pa_count - what a walk found.
 * @blocks: free blocks per order and type.
 * @free: free pages outside isolated pageblocks.
 * @cma: of which in CMA pageblocks.
 * @pcp: pages marked as on a per-CPU list.
 */
struct pa_count {
	unsigned long blocks[NR_PAGE_ORDERS][MIGRATE_TYPES];
	unsigned long free;
	unsigned long cma;
	unsigned long pcp;
};

/* The checks of a block, a page and a list, shared with page_alloc_check_pfns.c. */
void pa_check_block(struct zone *zone, unsigned long pfn, struct pa_count *c,
		    unsigned long *errs);
void pa_check_free_page(struct folio *desc, unsigned long pfn, bool head,
			unsigned long *errs);
/* pa_walk_list() of a list that does not hold together. */
#define PA_LIST_BROKEN	ULONG_MAX
unsigned long pa_walk_list(struct zone *zone, unsigned int o, int mt,
			   unsigned long *errs);

int page_alloc_check(void);
int page_alloc_check_pfns(const unsigned long *pfns, unsigned long nr);
int page_alloc_check_blocks(const unsigned long *pfns, unsigned long nr);
struct seq_file;
int page_alloc_seq_show(struct seq_file *m, void *v);
const char *migratetype_name(int mt);

#endif /* _MM_PAGE_ALLOC_INTERNAL_H */

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
 * @vm_stat: NR_FREE_PAGES, NR_FREE_CMA_PAGES.
 * @nr_bad: pages taken off the free lists by check_new_page() and leaked.
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
	unsigned long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	unsigned long nr_bad;
	bool cma_balance_off;
	direct_reclaim_fn direct_reclaim;
};

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

/* ---- used by classic CMA and alloc_contig_range() ------------------- */

int get_pageblock_migratetype(const struct page *page);
void init_cma_reserved_pageblock(struct page *page);
int start_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype);
void undo_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype);
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn);
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
 */
struct pa_count {
	unsigned long blocks[NR_PAGE_ORDERS][MIGRATE_TYPES];
	unsigned long free;
	unsigned long cma;
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
struct seq_file;
int page_alloc_seq_show(struct seq_file *m, void *v);
const char *migratetype_name(int mt);

#endif /* _MM_PAGE_ALLOC_INTERNAL_H */

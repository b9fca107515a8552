/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Zones, migrate types and pageblocks (kernel shim, <linux/mmzone.h>).
 *
 * A simulated machine has one zone spanning all its pfns. Its state (the
 * free lists, the counters, the pageblock migratetypes) is machine-local
 * (ML_PAGE_ALLOC). The simulation layer creates it with the machine and
 * fills it at sim_machine_boot_done(): page_alloc_init() sizes the zone,
 * then memblock hands over every run of pfns it did not reserve through
 * __free_pages_memory(), as the kernel's memblock_free_all() does.
 */
#ifndef _KSHIM_MMZONE_H
#define _KSHIM_MMZONE_H

#include <libgcma/folio.h>

#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
#define pageblock_order		9
#define pageblock_nr_pages	(1UL << pageblock_order)

/* The kernel's migrate types (no MIGRATE_HIGHATOMIC in the model). */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES,
};

/* Types whose pageblocks fall back to each other and merge at any order. */
#define MIGRATE_PCPTYPES	MIGRATE_CMA

static inline bool is_migrate_cma(int mt)
{
	return mt == MIGRATE_CMA;
}

static inline bool is_migrate_isolate(int mt)
{
	return mt == MIGRATE_ISOLATE;
}

static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* Zone counters readable from the core (zone_page_state()). */
enum zone_stat_item {
	NR_FREE_PAGES,		/* free pages outside isolated pageblocks */
	NR_FREE_CMA_PAGES,	/* of which in MIGRATE_CMA pageblocks */
	NR_VM_ZONE_STAT_ITEMS,
};

struct zone;

/* The attached machine's zone, or NULL (reported) if unattached. */
struct zone *page_zone_local(void);
unsigned long zone_page_state(const struct zone *zone,
			      enum zone_stat_item item);

/* Boot: size the zone, hand over free runs, then open it. */
int page_alloc_init(unsigned long start_pfn, unsigned long end_pfn);
void __free_pages_memory(unsigned long start, unsigned long end);
void page_alloc_init_done(void);

/*
 * Freeing, from __folio_put(): free_page_is_bad() first (before the
 * folio is reset), then free_one_page() once it is.
 */
bool free_page_is_bad(struct page *page, unsigned int order);
void free_one_page(struct page *page, unsigned int order);

/*
 * Model-only check behind the memmap: 0 if @page is a page of the attached
 * machine's memmap, -EFAULT (not reported) for any other address, -ENXIO
 * (reported as an API misuse) from a thread attached to no machine. A
 * kernel port maps it to 0: a kernel's struct page pointers are all real.
 */
int memmap_page_check(const struct page *page);

/* Does [@pfn, +@nr) overlap a free block of the page allocator? */
bool pfn_range_has_free_page(unsigned long pfn, unsigned long nr);

#endif /* _KSHIM_MMZONE_H */

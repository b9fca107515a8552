/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Page types of free pages (kernel shim): PageBuddy and the buddy order.
 *
 * The kernel marks the first page of a free buddy block with the
 * PGTY_buddy page type and keeps the block's order in page->private. The
 * simulation keeps both in the descriptor's sim_private word, so that
 * page->private stays the owner's: the high bits hold a magic value, the
 * low byte the order. Only the head of a free block is marked; the other
 * pages of the block are plain free descriptors (refcount 0, no flags).
 *
 * The marks change only under the zone lock, as in the kernel; pfn
 * scanners (the migration walk of alloc_contig_range()) test PageBuddy()
 * and read buddy_order_unsafe() without it, so the word is read and
 * written with marked (relaxed atomic) accesses.
 */
#ifndef _KSHIM_PAGE_TYPE_H
#define _KSHIM_PAGE_TYPE_H

#include <libgcma/folio.h>

#define PAGE_BUDDY_MAGIC	0x6275646400UL	/* "budd" << 8 */
#define PAGE_BUDDY_ORDER_MASK	0xffUL

/* PageBuddy - is @page the first page of a free buddy block? */
static inline bool PageBuddy(const struct page *page)
{
	return (__atomic_load_n(&__page_desc(page)->sim_private,
				__ATOMIC_RELAXED) & ~PAGE_BUDDY_ORDER_MASK) ==
	       PAGE_BUDDY_MAGIC;
}

/* __SetPageBuddy - mark @page as the head of a free block (order 0). */
static inline void __SetPageBuddy(struct page *page)
{
	__atomic_store_n(&__page_desc(page)->sim_private, PAGE_BUDDY_MAGIC,
			 __ATOMIC_RELAXED);
}

/* __ClearPageBuddy - @page leaves the free lists. */
static inline void __ClearPageBuddy(struct page *page)
{
	__atomic_store_n(&__page_desc(page)->sim_private, 0UL,
			 __ATOMIC_RELAXED);
}

/* buddy_order - order of the free block @page heads; PageBuddy only. */
static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)(__page_desc(page)->sim_private &
			      PAGE_BUDDY_ORDER_MASK);
}

/*
 * buddy_order_unsafe - the order of a block that may stop being free at
 * any time: read without the zone lock by pfn scanners (the migration
 * walk), which check the result is sane before they use it.
 */
static inline unsigned int buddy_order_unsafe(const struct page *page)
{
	return (unsigned int)(__atomic_load_n(&__page_desc(page)->sim_private,
					      __ATOMIC_RELAXED) &
			      PAGE_BUDDY_ORDER_MASK);
}

/* set_buddy_order - record the order of the free block @page heads. */
static inline void set_buddy_order(struct page *page, unsigned int order)
{
	struct folio *desc = __page_desc(page);

	__atomic_store_n(&desc->sim_private,
			 (desc->sim_private & ~PAGE_BUDDY_ORDER_MASK) |
			 (order & PAGE_BUDDY_ORDER_MASK), __ATOMIC_RELAXED);
}

#endif /* _KSHIM_PAGE_TYPE_H */

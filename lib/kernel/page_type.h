/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Page types of free pages (kernel shim): PageBuddy and the buddy order.
 *
 * As in the kernel, the first page of a free buddy block carries the
 * PGTY_buddy page type in page->page_type (the word it shares with
 * _mapcount) and the block's order in page->private. Only the head of a
 * free block is marked; the other pages of the block are plain free pages
 * (refcount 0, no PG_* flags, no type).
 *
 * Deviation: the kernel's "no type" value is the all-ones word of a
 * _mapcount of -1; the model keeps no mapcount and its memmap starts
 * zeroed, so here "no type" is 0.
 *
 * The marks change only under the zone lock, as in the kernel; pfn
 * scanners (the migration walk of alloc_contig_range()) test PageBuddy()
 * and read buddy_order_unsafe() without it, so both words are read and
 * written with marked (relaxed atomic) accesses.
 */
#ifndef _KSHIM_PAGE_TYPE_H
#define _KSHIM_PAGE_TYPE_H

#include <libgcma/folio.h>

#define PGTY_buddy		0xf0U
#define PAGE_TYPE_SHIFT		24

static inline unsigned int __page_type(const struct page *page)
{
	return __atomic_load_n(&page->page_type, __ATOMIC_RELAXED);
}

/* PageBuddy - is @page the first page of a free buddy block? */
static inline bool PageBuddy(const struct page *page)
{
	return (__page_type(page) >> PAGE_TYPE_SHIFT) == PGTY_buddy;
}

/* __SetPageBuddy - mark @page as the head of a free block. */
static inline void __SetPageBuddy(struct page *page)
{
	__atomic_store_n(&page->page_type, PGTY_buddy << PAGE_TYPE_SHIFT,
			 __ATOMIC_RELAXED);
}

/* __ClearPageBuddy - @page leaves the free lists (its order goes too). */
static inline void __ClearPageBuddy(struct page *page)
{
	__atomic_store_n(&page->page_type, 0U, __ATOMIC_RELAXED);
	__atomic_store_n(&page->private_, (void *)0, __ATOMIC_RELAXED);
}

/* buddy_order - order of the free block @page heads; PageBuddy only. */
static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)(unsigned long)page->private_;
}

/*
 * buddy_order_unsafe - the order of a block that may stop being free at
 * any time: read without the zone lock by pfn scanners (the migration
 * walk), which check the result is sane before they use it.
 */
static inline unsigned int buddy_order_unsafe(const struct page *page)
{
	return (unsigned int)(unsigned long)__atomic_load_n(&page->private_,
							    __ATOMIC_RELAXED);
}

/* set_buddy_order - record the order of the free block @page heads. */
static inline void set_buddy_order(struct page *page, unsigned int order)
{
	__atomic_store_n(&page->private_, (void *)(unsigned long)order,
			 __ATOMIC_RELAXED);
}

#endif /* _KSHIM_PAGE_TYPE_H */

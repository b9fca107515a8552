// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The end of a folio's life: the last reference was dropped (the kernel's
 * __folio_put() and the free_pages_prepare() steps it leads to).
 */
#include "kernel/bug.h"
#include "kernel/highmem.h"
#include "kernel/kernel.h"
#include "kernel/mmzone.h"

/* Give every page of the folio at @page back its free state. */
static void free_pages_reset(struct page *page, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++) {
		struct page *p = nth_page(page, i);

		/*
		 * The flags and ->mapping are read without a reference by
		 * whoever names a page it does not own, which may be this
		 * one being freed (alloc_contig_range()'s blame of the pfn
		 * its final test failed on): marked stores. The flags are
		 * still ours alone to change, so no atomic RMW is needed.
		 */
		WRITE_ONCE(p->flags, p->flags & ~PAGE_FLAGS_CHECK_AT_PREP);
		WRITE_ONCE(p->mapping, NULL);
		p->index = 0;
		/*
		 * Pfn scanners read the order of a buddy block from here
		 * without the zone lock (buddy_order_unsafe()): a marked store.
		 */
		WRITE_ONCE(p->private_, NULL);
		INIT_LIST_HEAD(&p->lru);
	}
}

/**
 * __folio_put() - the last reference to @folio was dropped.
 * @folio: a folio of the attached machine, now at refcount 0.
 *
 * The folio returns to the free state: a large folio is split, every
 * page loses its PG_* flags (not its zone, node and section) and its
 * ownership, and in data mode is poisoned; after boot the block goes back
 * to the buddy allocator (free_one_page()). A folio still locked, on an
 * LRU or under writeback is a violation, as a "bad page" is in the
 * kernel, and is left alone; so are a tail page, a folio the page
 * allocator does not manage (reserved pfns, a GCMA area) and one that is
 * free already (free_page_is_bad()).
 *
 * Context: Any context; the thread must be attached.
 * Return: nothing.
 */
void __folio_put(struct folio *folio)
{
	struct page *page = &folio->page;
	unsigned int order;
	int ret = memmap_page_check(page);

	if (ret == -ENXIO)	/* no machine: reported already */
		return;
	if (WARN_ON_ONCE(ret) || WARN_ON_ONCE(PageTail(page)))
		return;
	if (WARN_ON_ONCE(folio_test_locked(folio) || folio_test_lru(folio) ||
			 folio_test_writeback(folio)))
		return;
	order = folio_order(folio);
	if (free_page_is_bad(page, order))
		return;
	if (order)
		destroy_compound_page(page);
	free_pages_reset(page, 1UL << order);
	kasan_poison_pages(page, order, false);
	free_one_page(page, order);
}

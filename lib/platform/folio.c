// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * pfn <-> folio on the attached machine, compound folios, and the end of
 * a folio's life (__folio_put).
 */
#include "kernel/bug.h"
#include "kernel/highmem.h"
#include "kernel/mmzone.h"
#include "platform/internal.h"

/**
 * pfn_valid() - does @pfn exist on the attached machine?
 * @pfn: the pfn.
 *
 * Context: Any context; the thread must be attached.
 * Return: true for a pfn of the machine; false otherwise, and for a thread
 * attached to no machine (which is also reported).
 */
bool pfn_valid(unsigned long pfn)
{
	struct sim_machine *m = sim_require_machine(__func__);

	return m && sim_pfn_in(m, pfn);
}

/**
 * pfn_to_page() - the page descriptor of @pfn.
 * @pfn: a pfn of the attached machine.
 *
 * Context: Any context; the thread must be attached.
 * Return: the page, or NULL (reported as a violation) for a pfn outside
 * the machine or an unattached thread.
 */
struct page *pfn_to_page(unsigned long pfn)
{
	struct sim_machine *m = sim_require_machine(__func__);

	if (!m)
		return NULL;
	if (WARN_ON_ONCE(!sim_pfn_in(m, pfn)))
		return NULL;
	return (struct page *)sim_pfn_desc(m, pfn);
}

/**
 * page_to_pfn() - the pfn of a page descriptor.
 * @page: a page of the attached machine.
 *
 * Context: Any context; the thread must be attached.
 * Return: the pfn, or ULONG_MAX (reported) for a page of no attached
 * machine.
 */
unsigned long page_to_pfn(const struct page *page)
{
	struct sim_machine *m = sim_require_machine(__func__);
	const struct folio *f = (const struct folio *)page;

	if (!m)
		return ULONG_MAX;
	if (WARN_ON_ONCE(!sim_desc_in(m, f)))
		return ULONG_MAX;
	return sim_desc_pfn(m, f);
}

/**
 * pfn_folio() - the folio containing @pfn.
 * @pfn: a pfn of the attached machine.
 *
 * Context: Any context; the thread must be attached.
 * Return: the head of the folio @pfn belongs to, or NULL (reported) for a
 * pfn outside the machine or an unattached thread.
 */
struct folio *pfn_folio(unsigned long pfn)
{
	struct page *page;

	if (!sim_require_machine(__func__))
		return NULL;
	page = pfn_to_page(pfn);
	return page ? page_folio(page) : NULL;
}

/**
 * folio_pfn() - the first pfn of @folio.
 * @folio: a folio of the attached machine.
 *
 * Context: Any context; the thread must be attached.
 * Return: the pfn, or ULONG_MAX (reported) if @folio is not a descriptor
 * of the attached machine.
 */
unsigned long folio_pfn(const struct folio *folio)
{
	if (!sim_require_machine(__func__))
		return ULONG_MAX;
	return page_to_pfn((const struct page *)folio);
}

/**
 * folio_address() - the simulated memory of @folio.
 * @folio: a folio of the attached machine.
 *
 * Valid in data mode only. Touching the memory of a poisoned page is an
 * ASan/Valgrind error.
 *
 * Context: Any context; the thread must be attached.
 * Return: the address of the folio's first byte, or NULL without data
 * mode, for a foreign folio, or for an unattached thread.
 */
void *folio_address(const struct folio *folio)
{
	struct sim_machine *m = sim_require_machine(__func__);

	if (!m || !m->data)
		return NULL;
	if (WARN_ON_ONCE(!sim_desc_in(m, folio)))
		return NULL;
	return m->data + (size_t)(folio - m->memmap) * PAGE_SIZE;
}

/**
 * prep_compound_page() - make 2^@order pfns from @page one large folio.
 * @page: first page; its pfn must be aligned to 2^@order.
 * @order: 1 .. MAX_PAGE_ORDER.
 *
 * The head gets PG_head and the order, each tail points at the head. The
 * head keeps its reference count; tails must be at 0.
 *
 * Context: The caller owns every page of the range.
 * Return: nothing. Bad input is a WARN_ON_ONCE violation and changes nothing.
 */
void prep_compound_page(struct page *page, unsigned int order)
{
	struct sim_machine *m = sim_require_machine(__func__);
	struct folio *head = (struct folio *)page;
	unsigned long pfn, nr;

	if (!m || WARN_ON_ONCE(!sim_desc_in(m, head)))
		return;
	pfn = sim_desc_pfn(m, head);
	nr = 1UL << (order < MAX_PAGE_ORDER + 1 ? order : 0);
	if (WARN_ON_ONCE(order == 0 || order > MAX_PAGE_ORDER) ||
	    WARN_ON_ONCE(!IS_ALIGNED(pfn, nr)) ||
	    WARN_ON_ONCE(!sim_range_in(m, pfn, nr)))
		return;
	for (unsigned long i = 0; i < nr; i++)
		if (WARN_ON_ONCE(folio_test_head(&head[i]) ||
				 PageTail(folio_page(head, i))) ||
		    WARN_ON_ONCE(i && folio_ref_count(&head[i])))
			return;

	for (unsigned long i = 1; i < nr; i++)
		__atomic_store_n(&head[i].compound_head,
				 (unsigned long)head | 1, __ATOMIC_RELEASE);
	__atomic_fetch_and(&head->flags, ~FOLIO_ORDER_MASK, __ATOMIC_RELAXED);
	__atomic_fetch_or(&head->flags,
			  ((unsigned long)order << FOLIO_ORDER_SHIFT) |
			  (1UL << PG_head), __ATOMIC_RELEASE);
}

/**
 * destroy_compound_page() - split a large folio back into order-0 pages.
 * @page: the head page.
 *
 * The head keeps its reference count; tails come out with count 0, no
 * flags and empty list linkage.
 *
 * Context: The caller owns the folio.
 * Return: nothing. A page that is not a head is a WARN_ON_ONCE violation.
 */
void destroy_compound_page(struct page *page)
{
	struct sim_machine *m = sim_require_machine(__func__);
	struct folio *head = (struct folio *)page;
	unsigned long nr;

	if (!m || WARN_ON_ONCE(!sim_desc_in(m, head)) ||
	    WARN_ON_ONCE(!folio_test_head(head)))
		return;
	nr = folio_nr_pages(head);
	for (unsigned long i = 1; i < nr; i++) {
		head[i].flags = 0;
		INIT_LIST_HEAD(&head[i].lru);
		folio_set_count(&head[i], 0);
	}
	__atomic_fetch_and(&head->flags,
			   ~(FOLIO_ORDER_MASK | (1UL << PG_head)),
			   __ATOMIC_RELEASE);
}

/**
 * __folio_put() - the last reference to @folio was dropped.
 * @folio: a folio of the attached machine, now at refcount 0.
 *
 * The folio returns to the free state: a large folio is split, every
 * page loses its flags and ownership, and in data mode is poisoned; after
 * boot the block goes back to the buddy allocator (free_one_page()).
 * A folio still locked, on an LRU or under writeback is a violation, as a
 * "bad page" is in the kernel, and is left alone; so are a tail page, a
 * folio the page allocator does not manage (reserved pfns, a GCMA area)
 * and one that is free already (free_page_is_bad()).
 *
 * Context: Any context; the thread must be attached.
 * Return: nothing.
 */
void __folio_put(struct folio *folio)
{
	struct sim_machine *m = sim_require_machine(__func__);
	unsigned long nr, pfn;

	if (!m || WARN_ON_ONCE(!sim_desc_in(m, folio)) ||
	    WARN_ON_ONCE(PageTail((struct page *)folio)))
		return;
	if (WARN_ON_ONCE(folio_test_locked(folio) || folio_test_lru(folio) ||
			 folio_test_writeback(folio)))
		return;
	nr = folio_nr_pages(folio);
	pfn = sim_desc_pfn(m, folio);
	if (free_page_is_bad((struct page *)folio, folio_order(folio)))
		return;
	if (nr > 1)
		destroy_compound_page((struct page *)folio);
	for (unsigned long i = 0; i < nr; i++) {
		folio[i].flags = 0;
		folio[i].mapping = NULL;
		folio[i].index = 0;
		folio[i].private = NULL;
		INIT_LIST_HEAD(&folio[i].lru);
	}
	sim_poison_range(m, pfn, nr, true);
	free_one_page((struct page *)folio, ilog2(nr));
}

/**
 * copy_highpage() - copy one page of simulated memory.
 * @to: destination page.
 * @from: source page.
 *
 * Uses the machine's copy_page hook; a no-op without data mode. Both
 * pages must be unpoisoned.
 *
 * Context: Any context; the thread must be attached.
 * Return: nothing.
 */
void copy_highpage(struct page *to, struct page *from)
{
	struct sim_machine *m = sim_require_machine(__func__);
	const struct folio *t = (const struct folio *)to;
	const struct folio *f = (const struct folio *)from;

	if (!m || !m->data)
		return;
	if (WARN_ON_ONCE(!sim_desc_in(m, t) || !sim_desc_in(m, f)))
		return;
	m->ops.copy_page(m->ops.ctx,
			 m->data + (size_t)(t - m->memmap) * PAGE_SIZE,
			 m->data + (size_t)(f - m->memmap) * PAGE_SIZE);
}

static void sim_kasan_pages(struct page *page, unsigned int order,
			    bool poison)
{
	struct sim_machine *m = sim_require_machine(__func__);
	const struct folio *f = (const struct folio *)page;
	unsigned long pfn;

	if (!m || WARN_ON_ONCE(!sim_desc_in(m, f)))
		return;
	pfn = sim_desc_pfn(m, f);
	if (WARN_ON_ONCE(order > MAX_PAGE_ORDER ||
			 !sim_range_in(m, pfn, 1UL << order)))
		return;
	sim_poison_range(m, pfn, 1UL << order, poison);
}

/**
 * kasan_poison_pages() - make pages untouchable (data mode).
 * @page: first page.
 * @order: 2^@order pages.
 * @init: accepted for the kernel's signature; unused.
 *
 * Context: Any context; the thread must be attached.
 * Return: nothing.
 */
void kasan_poison_pages(struct page *page, unsigned int order, bool init)
{
	sim_kasan_pages(page, order, true);
}

/**
 * kasan_unpoison_pages() - open pages for use (data mode).
 * @page: first page.
 * @order: 2^@order pages.
 * @init: accepted for the kernel's signature; unused.
 *
 * Context: Any context; the thread must be attached.
 * Return: nothing.
 */
void kasan_unpoison_pages(struct page *page, unsigned int order, bool init)
{
	sim_kasan_pages(page, order, false);
}

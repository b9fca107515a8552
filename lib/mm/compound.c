// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Compound pages: making 2^order pages one large folio and splitting it
 * back (the kernel's prep_compound_page() and the inverse it does in
 * free_tail_page_prepare() and friends).
 *
 * The head gets PG_head, the order goes into the second page's flags word
 * (folio->_flags_1, low byte); every tail points at the head
 * (compound_head with bit 0 set). The upper bits of each page's flags
 * (section, node, zone) are never touched.
 */
#include "kernel/bitops.h"
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/mmzone.h"

/* Is @page a page of the attached machine? Reports a misuse once. */
static bool compound_page_ok(const struct page *page)
{
	int ret = memmap_page_check(page);

	if (ret == -ENXIO)	/* no machine: reported already */
		return false;
	return !WARN_ON_ONCE(ret);
}

static void folio_set_order(struct folio *folio, unsigned int order)
{
	WRITE_ONCE(folio->_flags_1, (folio->_flags_1 & ~0xffUL) | order);
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
	struct folio *folio = (struct folio *)page;
	unsigned long pfn, nr;

	if (!compound_page_ok(page))
		return;
	pfn = page_to_pfn(page);
	nr = 1UL << (order < MAX_PAGE_ORDER + 1 ? order : 0);
	if (WARN_ON_ONCE(order == 0 || order > MAX_PAGE_ORDER) ||
	    WARN_ON_ONCE(!IS_ALIGNED(pfn, nr)) ||
	    WARN_ON_ONCE(!pfn_valid(pfn + nr - 1)))
		return;
	for (unsigned long i = 0; i < nr; i++) {
		struct page *p = nth_page(page, i);

		if (WARN_ON_ONCE(PageHead(p) || PageTail(p)) ||
		    WARN_ON_ONCE(i && page_ref_count(p)))
			return;
	}

	for (unsigned long i = 1; i < nr; i++)
		smp_store_release(&nth_page(page, i)->compound_head,
				  (unsigned long)page | 1);
	folio_set_order(folio, order);
	/* The order and the tails' links are seen before PG_head. */
	smp_wmb();
	set_bit(PG_head, &page->flags);
}

/**
 * destroy_compound_page() - split a large folio back into order-0 pages.
 * @page: the head page.
 *
 * The head keeps its reference count; tails come out with count 0, no
 * PG_* flags (their section, node and zone stay) and empty list linkage.
 *
 * Context: The caller owns the folio.
 * Return: nothing. A page that is not a head is a WARN_ON_ONCE violation.
 */
void destroy_compound_page(struct page *page)
{
	struct folio *folio = (struct folio *)page;
	unsigned long nr;

	if (!compound_page_ok(page) || WARN_ON_ONCE(!folio_test_head(folio)))
		return;
	nr = folio_nr_pages(folio);
	for (unsigned long i = 1; i < nr; i++) {
		struct page *p = nth_page(page, i);

		p->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
		INIT_LIST_HEAD(&p->lru);
		set_page_count(p, 0);
	}
	smp_wmb();
	clear_bit(PG_head, &page->flags);
}

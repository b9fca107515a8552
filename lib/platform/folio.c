// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * pfn <-> page and folio on the attached machine, the memmap check the
 * core's compound-page code relies on, and page copies and poisoning.
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
	return m->data + (size_t)(&folio->page - m->memmap) * PAGE_SIZE;
}

/**
 * memmap_page_check() - is @page a page of the attached machine?
 * @page: any address.
 *
 * Context: Any context.
 * Return: 0 for a page of the attached machine's memmap; -EFAULT for any
 * other address (not reported: the caller reports it); -ENXIO, reported
 * as an API misuse, from a thread attached to no machine.
 */
int memmap_page_check(const struct page *page)
{
	struct sim_machine *m = sim_require_machine(__func__);

	if (!m)
		return -ENXIO;
	return sim_desc_in(m, (const struct folio *)page) ? 0 : -EFAULT;
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
			 m->data + (size_t)(to - m->memmap) * PAGE_SIZE,
			 m->data + (size_t)(from - m->memmap) * PAGE_SIZE);
}

static void sim_kasan_pages(struct page *page, unsigned int order,
			    bool poison)
{
	struct sim_machine *m = sim_require_machine(__func__);
	const struct folio *f = (const struct folio *)page;
	unsigned long idx;

	if (!m || WARN_ON_ONCE(!sim_desc_in(m, f)))
		return;
	idx = &f->page - m->memmap;
	/* sim_desc_in(): idx < nr_pages, so this is sim_range_in(). */
	if (WARN_ON_ONCE(order > MAX_PAGE_ORDER ||
			 (1UL << order) > m->nr_pages - idx))
		return;
	/* Checked in every mode; without data there is nothing to poison. */
	if (m->data)
		sim_poison_range(m, m->base_pfn + idx, 1UL << order, poison);
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

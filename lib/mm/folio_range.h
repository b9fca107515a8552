/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Walking a pfn range of the core by pages, not by folio pointers.
 *
 * A struct folio overlays several struct page slots, so `folio + i` is
 * not the folio of the i'th next pfn (tests/types/check_folio_arith.py
 * refuses it in lib/mm). The memmap is an array of struct page: step
 * with nth_page()/folio_page(), and turn the page into the folio it heads
 * with folio_range_nth(), as the kernel's folio_next() does.
 */
#ifndef _MM_FOLIO_RANGE_H
#define _MM_FOLIO_RANGE_H

#include <libgcma/folio.h>

/**
 * folio_range_nth() - the folio headed by the page @i pages after @first.
 * @first: the first folio of a range of small (order-0) folios, or of
 *	pages the caller is turning into small folios.
 * @i: distance in pages.
 *
 * Only the first page's fields of the result are its own: a small folio
 * has no second page.
 *
 * Context: Any context.
 * Return: the descriptor of pfn folio_pfn(@first) + @i, as a folio.
 */
static inline struct folio *folio_range_nth(struct folio *first,
					    unsigned long i)
{
	return (struct folio *)folio_page(first, i);
}

#endif /* _MM_FOLIO_RANGE_H */

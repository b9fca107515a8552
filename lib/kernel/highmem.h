/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Page contents (kernel shim): copying pages and KASAN-style poisoning.
 *
 * In data mode these act on the simulated pages' real memory; without it
 * they do nothing. Poisoned pages are reported by ASan and Valgrind when
 * touched, so the model poisons what nobody may read (a donated folio on
 * a free list) and unpoisons before use.
 */
#ifndef _KSHIM_HIGHMEM_H
#define _KSHIM_HIGHMEM_H

#include <libgcma/folio.h>

/* copy_highpage - copy PAGE_SIZE bytes from @from to @to. */
void copy_highpage(struct page *to, struct page *from);

/* kasan_poison_pages - make 2^@order pages from @page untouchable. */
void kasan_poison_pages(struct page *page, unsigned int order, bool init);

/* kasan_unpoison_pages - open 2^@order pages from @page for use. */
void kasan_unpoison_pages(struct page *page, unsigned int order, bool init);

#endif /* _KSHIM_HIGHMEM_H */

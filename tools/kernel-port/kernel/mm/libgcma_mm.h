/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mm internals libgcma's core uses (its shim: lib/kernel/mmzone.h,
 * include/libgcma/folio.h): the kernel's mm/internal.h, and the one
 * helper the kernel does not have under that name.
 */
#ifndef _MM_LIBGCMA_MM_H
#define _MM_LIBGCMA_MM_H

#include <linux/mm.h>
#include <linux/page-flags.h>

#include "internal.h"

/*
 * pfn_range_has_free_page - is a page of [@pfn, @pfn + @nr) in the buddy
 * allocator's free lists (as the head of a free block or inside one)?
 */
static inline bool pfn_range_has_free_page(unsigned long pfn,
					   unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		if (is_free_buddy_page(pfn_to_page(pfn + i)))
			return true;
	return false;
}

#endif /* _MM_LIBGCMA_MM_H */

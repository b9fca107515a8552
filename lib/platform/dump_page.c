// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * dump_page(): what a page descriptor says, to the machine's log, in the
 * spirit of the kernel's mm/debug.c. The simulation adds the pin that
 * keeps the folio busy, which is what a CMA failure report needs:
 *
 *   page: refcount:3 pincount:1 mapping:0000000000000000 index:0x7 pfn:0x1203
 *   flags: 0x20000000000004(uptodate|lru)
 *   pinned: vmsplice by pipe-writer, pinned at 1200 ns
 *   page dumped because: migration failure
 *
 * The mapping is printed as a flag (set or not) rather than as an
 * address, so that logs are the same from run to run.
 */
#include "kernel/mmdebug.h"
#include "kernel/printk.h"
#include "platform/internal.h"

static const char *const sim_pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked",		[PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate",	[PG_dirty] = "dirty",
	[PG_lru] = "lru",		[PG_head] = "head",
	[PG_active] = "active",		[PG_workingset] = "workingset",
	[PG_reserved] = "reserved",	[PG_private] = "private",
	[PG_writeback] = "writeback",	[PG_mappedtodisk] = "mappedtodisk",
	[PG_reclaim] = "reclaim",	[PG_swapbacked] = "swapbacked",
	[PG_unevictable] = "unevictable", [PG_isolated] = "isolated",
	[PG_mapped] = "mapped",
};

/**
 * dump_page() - log the state of @page and why it is dumped.
 * @page: a page of the attached machine.
 * @reason: why (may be NULL).
 *
 * Context: Any context; the thread must be attached.
 * Return: nothing.
 */
void dump_page(const struct page *page, const char *reason)
{
	const struct folio *folio = page_folio(page);
	const struct sim_machine *m = sim_tls_machine;
	char flags[256] = "", pin[160];
	size_t n = 0;

	for (int bit = 0; bit < __NR_PAGEFLAGS; bit++)
		if (((folio->flags >> bit) & 1) && n < sizeof(flags))
			n += snprintf(flags + n, sizeof(flags) - n, "%s%s",
				      n ? "|" : "", sim_pageflag_names[bit]);
	pr_warn("page: refcount:%d pincount:%d mapping:%d index:%#lx pfn:%#lx order:%u\n",
		folio_ref_count(folio),
		__atomic_load_n(&folio->_pincount.counter, __ATOMIC_RELAXED),
		folio->mapping != NULL, folio->index,
		page_to_pfn((struct page *)page), folio_order(folio));
	pr_warn("flags: %#lx(%s)\n", folio->flags & PAGEFLAGS_MASK, flags);
	if (m && m->hooks.describe_page_owner &&
	    !m->hooks.describe_page_owner(folio, pin, sizeof(pin)))
		pr_warn("pinned: %s\n", pin);
	if (reason)
		pr_warn("page dumped because: %s\n", reason);
}

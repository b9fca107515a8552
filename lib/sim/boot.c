// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The end of boot: the free memory goes from memblock to the page
 * allocator (the kernel's memblock_free_all()). It sits above the core:
 * it calls the page allocator, which lib/platform/memblock.c must not.
 */
#include "kernel/mmzone.h"
#include "sim/sim_internal.h"

/**
 * sim_memblock_free_all() - hand the free memory to the page allocator.
 * @m: a machine leaving its boot phase.
 *
 * Sizes the zone, then frees every run of pfns between reservations
 * (memblock_free_all()); only the first descriptor of each free block is
 * written, so the memmap stays mostly untouched.
 *
 * Context: Process context, from sim_machine_boot_done() with @m->lock
 * held and @m entered.
 * Return: 0, or -ENOMEM (nothing was freed).
 */
int sim_memblock_free_all(struct sim_machine *m)
{
	unsigned long next = m->base_pfn;
	int ret = page_alloc_init(m->base_pfn, m->end_pfn);

	if (ret)
		return ret;
	for (unsigned long i = 0; i <= m->nr_regions; i++) {
		unsigned long end = i < m->nr_regions ? m->regions[i].base_pfn :
							m->end_pfn;

		if (end > next)
			__free_pages_memory(next, end);
		if (i < m->nr_regions)
			next = end + m->regions[i].nr_pages;
	}
	page_alloc_init_done();
	return 0;
}

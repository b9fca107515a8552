// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Direct reclaim as the page allocator sees it: one hook per machine,
 * registered by whoever owns reclaimable memory (the simulated page
 * cache, lib/sim/fs.c), called by folio_alloc()'s slow path. The core
 * never names the layer above; without a hook nothing is reclaimed.
 */
#include "kernel/compiler.h"
#include "kernel/vmscan.h"
#include "mm/page_alloc_internal.h"

/**
 * register_direct_reclaim() - set the attached machine's direct-reclaim hook.
 * @fn: the hook, or NULL for none.
 *
 * Context: Process context, after the page allocator is initialised
 * (sim_machine_boot_done()); the thread must be attached.
 * Return: 0, or -ENXIO for an unattached thread (reported).
 */
int register_direct_reclaim(direct_reclaim_fn fn)
{
	struct zone *zone = page_zone_local();

	if (!zone)
		return -ENXIO;
	WRITE_ONCE(zone->direct_reclaim, fn);
	return 0;
}

/**
 * try_to_free_pages() - direct reclaim for an allocation that found no
 * free page, through the machine's registered hook.
 * @gfp: the failed allocation's flags.
 * @order: its order.
 *
 * Context: Process context; the caller holds no lock the hook takes
 * (the page cache's: inode and LRU locks); the thread must be attached.
 * Return: what the hook freed (folios); 0 without a hook.
 */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order)
{
	struct zone *zone = page_zone_local();
	direct_reclaim_fn fn;

	if (!zone)
		return 0;
	fn = READ_ONCE(zone->direct_reclaim);
	return fn ? fn(gfp, order) : 0;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * How many xarray nodes are live: a count tests compare before and after
 * (the kernel has no such call; slab statistics show it there).
 */
#include "kernel/slab.h"
#include "mm/xarray_internal.h"

/**
 * xa_node_nr_live() - xarray nodes allocated and not yet freed.
 *
 * Nodes waiting for their grace period count as live; call rcu_barrier()
 * first to count only reachable ones. For tests.
 *
 * Context: Process context (the first call may create the node cache).
 * Return: the process-wide count.
 */
long xa_node_nr_live(void)
{
	struct kmem_cache *cache = xa_node_cache();

	return cache ? kmem_cache_nr_allocated(cache) : 0;
}

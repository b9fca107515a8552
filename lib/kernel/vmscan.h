/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Direct reclaim (kernel shim): what the page allocator calls when a
 * request finds no free page. The core does not know who frees memory:
 * the layer above registers a hook per machine (the simulation evicts
 * page-cache folios of its filesystems, lib/sim/fs.c), as a kernel's
 * reclaim reaches its shrinkers; the allocator then tries again.
 */
#ifndef _KSHIM_VMSCAN_H
#define _KSHIM_VMSCAN_H

#include <libgcma/gfp.h>

/* Free memory for a failed allocation of 2^@order pages; return progress. */
typedef unsigned long (*direct_reclaim_fn)(gfp_t gfp, unsigned int order);

int register_direct_reclaim(direct_reclaim_fn fn);
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);

#endif /* _KSHIM_VMSCAN_H */

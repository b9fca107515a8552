/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Direct reclaim (kernel shim): what the page allocator calls when a
 * request finds no free page. The simulation evicts page-cache folios of
 * its filesystems (lib/sim/fs.c); the allocator then tries again.
 */
#ifndef _KSHIM_VMSCAN_H
#define _KSHIM_VMSCAN_H

#include <libgcma/gfp.h>

unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);

#endif /* _KSHIM_VMSCAN_H */

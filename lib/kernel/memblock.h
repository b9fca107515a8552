/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the page allocator asks memblock (kernel shim).
 *
 * The kernel discards memblock's tables after boot unless the
 * architecture keeps them (ARCH_KEEP_MEMBLOCK); the simulation keeps
 * them, and the page allocator uses them to tell a page it manages from
 * a boot reservation nobody gave it (a GCMA area, a reserved carve-out).
 */
#ifndef _KSHIM_MEMBLOCK_H
#define _KSHIM_MEMBLOCK_H

#include <stdbool.h>

/*
 * memblock_is_region_reserved - does [@pfn, @pfn + @nr) intersect a boot
 * reservation of the attached machine? Takes pfns, not physical addresses.
 * Lock-free: the reservations no longer change once the machine booted.
 */
bool memblock_is_region_reserved(unsigned long pfn, unsigned long nr);

#endif /* _KSHIM_MEMBLOCK_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Boot-time memory reservation (kernel shim) on the attached machine's
 * memblock-like allocator (lib/platform/memblock.c). Addresses are physical:
 * pfn << PAGE_SHIFT.
 *
 * What the page allocator asks memblock (kernel shim).
 *
 * The kernel discards memblock's tables after boot unless the
 * architecture keeps them (ARCH_KEEP_MEMBLOCK); the simulation keeps
 * them, and the page allocator uses them to tell a page it manages from
 * a boot reservation nobody gave it (a GCMA area, a reserved carve-out).
 */
#ifndef _KSHIM_MEMBLOCK_H
#define _KSHIM_MEMBLOCK_H

#include <libgcma/cma.h>

/* Reserve [@base, @base + @size): 0, -EINVAL, -EBUSY (overlap), -ENOMEM. */
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/*
 * Allocate @size bytes aligned to @align between @start and @end (0: no
 * bound), top-down; the address, or 0 on failure.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
/*
 * memblock_is_region_reserved - does [@pfn, @pfn + @nr) intersect a boot
 * reservation of the attached machine? Takes pfns, not physical addresses.
 * Lock-free: the reservations no longer change once the machine booted.
 */
bool memblock_is_region_reserved(unsigned long pfn, unsigned long nr);

#endif /* _KSHIM_MEMBLOCK_H */

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The devicetree's reserved-memory nodes, simulated: a "shared-dma-pool"
 * node with "reusable" becomes a CMA area at boot (rmem_cma_setup()), and
 * with the 2025 series' boolean "guarantee" property a GCMA-backed one.
 */
#include <libgcma/sim_cma.h>
#include "kernel/memblock.h"
#include "kernel/kernel.h"
#include "mm/cma_internal.h"
#include "sim/sim_internal.h"

/**
 * sim_cma_declare() - declare a CMA area on @m, as a devicetree
 * reserved-memory node does.
 * @m: the machine, still in its boot phase.
 * @name: the node's name (the area's); NULL for "cma<N>".
 * @base_pfn: the node's fixed "reg" start; 0 for a dynamic placement
 *	(the highest free pageblock-aligned run, as memblock allocates).
 * @count: pages, a multiple of pageblock_nr_pages (512).
 * @order_per_bit: bitmap granularity (0 in devicetree-declared areas).
 * @guarantee: the "guarantee" property: the area is served by GCMA.
 * @res_cma: receives the area.
 *
 * The area's memory is reserved at once and becomes usable when
 * sim_machine_boot_done() activates it. The calling thread need not be
 * attached to @m.
 *
 * Context: Process context, before sim_machine_boot_done().
 * Return: 0; -EINVAL for a NULL @m or @res_cma, a @base_pfn or @count
 * whose byte address would not fit in 64 bits, and as
 * cma_declare_contiguous() and __cma_init_reserved_mem(); -EBUSY after
 * boot or for a fixed range already reserved; -ENOMEM when no aligned
 * free run is left. Nothing is reserved on failure.
 */
int sim_cma_declare(struct sim_machine *m, const char *name,
		    unsigned long base_pfn, unsigned long count,
		    unsigned int order_per_bit, bool guarantee,
		    struct cma **res_cma)
{
	struct sim_enter_state saved;
	int ret;

	if (!m || !res_cma || !count)
		return -EINVAL;
	/* PFN_PHYS() of a pfn or count from 2^52 on would wrap. */
	if (base_pfn > ULONG_MAX >> PAGE_SHIFT || count > ULONG_MAX >> PAGE_SHIFT)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	ret = cma_declare_contiguous_area(PFN_PHYS(base_pfn), PFN_PHYS(count), 0,
				       0, order_per_bit, base_pfn != 0, name,
				       res_cma, guarantee);
	sim_machine_leave(&saved);
	return ret;
}

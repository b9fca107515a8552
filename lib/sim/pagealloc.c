// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The page allocator's counters, dump and checker for a given machine:
 * the simulation's handles on lib/mm/page_alloc*.c, callable from any
 * thread, attached to the machine or not.
 */
#include "kernel/mmzone.h"
#include "mm/page_alloc_internal.h"
#include "sim/internal.h"

static unsigned long sim_zone_state(const struct sim_machine *m,
				    enum zone_stat_item item)
{
	const struct zone *zone;

	if (!m)
		return 0;
	zone = m->local[ML_PAGE_ALLOC];
	return zone ? zone_page_state(zone, item) : 0;
}

/**
 * sim_nr_free_pages() - free system pages of @m (NR_FREE_PAGES).
 * @m: the machine.
 *
 * Free pages of isolated pageblocks are not counted, as in the kernel.
 *
 * Context: Any context; the answer may be stale at once.
 * Return: the count; 0 for a NULL @m or before boot.
 */
unsigned long sim_nr_free_pages(const struct sim_machine *m)
{
	return sim_zone_state(m, NR_FREE_PAGES);
}

/**
 * sim_nr_free_cma_pages() - free pages of @m in CMA pageblocks.
 * @m: the machine.
 *
 * Context: Any context; the answer may be stale at once.
 * Return: NR_FREE_CMA_PAGES; 0 for a NULL @m or before boot.
 */
unsigned long sim_nr_free_cma_pages(const struct sim_machine *m)
{
	return sim_zone_state(m, NR_FREE_CMA_PAGES);
}

/**
 * sim_page_alloc_show() - print @m's free lists and pageblock types.
 * @m: the machine.
 * @out: where to print.
 *
 * The format of /proc/buddyinfo and /proc/pagetypeinfo (docs/page_alloc.md).
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: 0; -EINVAL for a NULL argument; -EAGAIN before boot.
 */
int sim_page_alloc_show(struct sim_machine *m, FILE *out)
{
	struct sim_enter_state saved;
	int ret;

	if (!m || !out)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	ret = page_alloc_show(out);
	sim_machine_leave(&saved);
	return ret;
}

/**
 * sim_page_alloc_check() - check @m's page allocator invariants.
 * @m: the machine.
 *
 * See page_alloc_check(); each problem is recorded as a CHECK violation.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: the number of problems (0 before boot), -EINVAL for a NULL @m.
 */
int sim_page_alloc_check(struct sim_machine *m)
{
	struct sim_enter_state saved;
	int ret;

	if (!m)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	ret = page_alloc_check();
	sim_machine_leave(&saved);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The page allocator's counters, dump and checker for a given machine:
 * the simulation's handles on lib/mm/page_alloc*.c, callable from any
 * thread, attached to the machine or not.
 */
#include "kernel/mmzone.h"
#include "kernel/vmscan.h"
#include "mm/page_alloc_internal.h"
#include "sim/sim_internal.h"
#include "platform/seq_file.h"

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
 * Return: 0; -EINVAL for a NULL argument; -EAGAIN before boot; -EIO if
 * writing fails; -EUCLEAN,
 * with a CHECK violation, when a free list is corrupt (its walk stops
 * at the break).
 */
int sim_page_alloc_show(struct sim_machine *m, FILE *out)
{
	struct sim_enter_state saved;
	int ret;

	if (!m || !out)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	ret = seq_show_file(out, page_alloc_seq_show, NULL);
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

/**
 * sim_page_alloc_check_pfns() - check @m's free blocks around some pfns.
 * @m: the machine.
 * @pfns: the pfns (those an operation touched), in any order.
 * @nr: how many.
 *
 * A subset of sim_page_alloc_check(): the free blocks that hold or start
 * at @pfns, and the free lists against the free counters, without the
 * walk of the whole memmap (see page_alloc_check_pfns()). For a caller
 * that checks after every operation and runs the whole check now and
 * then; each problem is recorded as a CHECK violation.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: the number of problems (0 before boot), -EINVAL for a NULL @m
 * or a NULL @pfns with @nr non-zero.
 */
int sim_page_alloc_check_pfns(struct sim_machine *m, const unsigned long *pfns,
			      unsigned long nr)
{
	struct sim_enter_state saved;
	int ret;

	if (!m)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	ret = page_alloc_check_pfns(pfns, nr);
	sim_machine_leave(&saved);
	return ret;
}

/**
 * sim_page_alloc_check_blocks() - check @m's free blocks around some
 * pfns, without the free lists.
 * @m: the machine.
 * @pfns: the pfns (those an operation touched), in any order.
 * @nr: how many.
 *
 * sim_page_alloc_check_pfns() without the walk of every free and per-CPU
 * list and the free counters' recount (see page_alloc_check_blocks()):
 * for a caller that checks after every operation and runs the whole
 * sim_page_alloc_check() every few operations and at the end, which
 * finds what this leaves out.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: the number of problems (0 before boot), -EINVAL for a NULL @m
 * or a NULL @pfns with @nr non-zero.
 */
int sim_page_alloc_check_blocks(struct sim_machine *m,
				const unsigned long *pfns, unsigned long nr)
{
	struct sim_enter_state saved;
	int ret;

	if (!m)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	ret = page_alloc_check_blocks(pfns, nr);
	sim_machine_leave(&saved);
	return ret;
}

/**
 * sim_page_alloc_set_cma_balance() - choose when movable allocations use
 * CMA pageblocks.
 * @m: the machine, booted.
 * @on: true (the default): as kernels since 5.8, a movable allocation
 *	takes from CMA first while free CMA pages are more than half of all
 *	free pages, so an idle area is used; false: as the 2015 kernels
 *	(v3.17), CMA only once the movable free lists cannot serve it, so
 *	pages freed into the area tend to stay free.
 *
 * Context: Any context; allocations racing with the call may follow
 * either rule.
 * Return: 0; -EINVAL for a NULL @m; -EAGAIN before boot.
 */
int sim_page_alloc_set_cma_balance(struct sim_machine *m, bool on)
{
	struct zone *zone;

	if (!m)
		return -EINVAL;
	zone = m->local[ML_PAGE_ALLOC];
	if (!zone || !smp_load_acquire(&zone->initialized))
		return -EAGAIN;
	WRITE_ONCE(zone->cma_balance_off, !on);
	return 0;
}

/*
 * May a FOLL_LONGTERM pin be taken on @folio where it is? Not in a CMA or
 * isolated pageblock: kernels since 5.7 migrate such a folio out first
 * (check_and_migrate_movable_folios()), so a long-term pin never blocks a
 * CMA area while sim_pin_longterm_migrates() is on.
 */
static bool sim_longterm_pinnable(struct folio *folio)
{
	int mt = get_pageblock_migratetype((struct page *)folio);

	return mt != MIGRATE_CMA && mt != MIGRATE_ISOLATE;
}

/**
 * sim_page_alloc_boot_hooks() - plug the simulation into @m's page
 * allocator: direct reclaim evicts page cache (sim_fs_direct_reclaim()),
 * and the pin model learns which folios a long-term pin may not stay on.
 * @m: a machine whose page allocator just came up.
 *
 * Context: sim_machine_boot_done().
 * Return: nothing.
 */
void sim_page_alloc_boot_hooks(struct sim_machine *m)
{
	struct sim_enter_state saved;

	sim_machine_enter(m, &saved);
	register_direct_reclaim(sim_fs_direct_reclaim);
	sim_machine_leave(&saved);
	sim_pin_set_longterm_check(m, sim_longterm_pinnable);
}

/**
 * sim_page_alloc_set_pcp() - per-CPU page lists of @m (docs/page_alloc.md).
 * @m: the machine, booted.
 * @cpus: CPU slots, 1 .. 16 (1: every thread uses the same lists, so a
 *	run does not depend on the CPUs it ran on), or 0: no lists (the
 *	default).
 * @high: a CPU gives @batch pages back to the buddy once it holds @high.
 * @batch: pages moved between a CPU's lists and the buddy at once.
 *
 * The lists are drained first.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: 0; -EINVAL for a NULL @m, more than 16 slots, @batch 0 or above
 * @high; -EAGAIN before boot.
 */
int sim_page_alloc_set_pcp(struct sim_machine *m, unsigned int cpus,
			   unsigned int high, unsigned int batch)
{
	struct sim_enter_state saved;
	int ret;

	if (!m)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	ret = page_alloc_set_pcp(cpus, high, batch);
	sim_machine_leave(&saved);
	return ret;
}

/**
 * sim_page_alloc_set_cma_pcp() - where @m's freed CMA pages go.
 * @m: the machine.
 * @to_pcp: true (the default): to the freeing CPU's movable list; false:
 *	to the buddy (the 2013 patch), so they are not the next pages a
 *	movable order-0 allocation gets.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: 0; -EINVAL for a NULL @m.
 */
int sim_page_alloc_set_cma_pcp(struct sim_machine *m, bool to_pcp)
{
	struct sim_enter_state saved;
	int ret;

	if (!m)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	ret = page_alloc_set_cma_pcp(to_pcp);
	sim_machine_leave(&saved);
	return ret;
}

/**
 * sim_page_alloc_drain() - give @m's per-CPU pages back to the buddy.
 * @m: the machine.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: the pages drained (0 before boot); -EINVAL for a NULL @m.
 */
long sim_page_alloc_drain(struct sim_machine *m)
{
	struct sim_enter_state saved;
	unsigned long n;

	if (!m)
		return -EINVAL;
	sim_machine_enter(m, &saved);
	n = page_alloc_drain();
	sim_machine_leave(&saved);
	return (long)n;
}

/**
 * sim_nr_pcp_pages() - free pages of @m on per-CPU lists.
 * @m: the machine.
 *
 * They are free but not in NR_FREE_PAGES, as in the kernel.
 *
 * Context: Any context; the answer may be stale at once.
 * Return: the count; 0 for a NULL @m or before boot.
 */
unsigned long sim_nr_pcp_pages(const struct sim_machine *m)
{
	const struct zone *zone = m ? m->local[ML_PAGE_ALLOC] : NULL;

	return zone ? READ_ONCE(zone->nr_pcp) : 0;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The per-CPU lists' part of the page allocator's checker: every page on
 * a list is a free page of its own state (PageBuddy clear, marked
 * PCP_PAGE_MARK, refcount 0, no flags, no mapping, in no free block), a
 * CMA page sits only on a movable list, each list's count and the zone's
 * nr_pcp match a recount, and lists stay empty while the lists are off.
 */
#include "kernel/bug.h"
#include "mm/page_alloc_internal.h"

static void pa_check_pcp_page(struct zone *zone, struct folio *desc, int cpu,
			      int mt, unsigned long *errs, unsigned long *cma)
{
	unsigned long pfn = zone_desc_pfn(zone, desc);
	unsigned int order;
	int pb_mt = get_pfnblock_migratetype(zone, pfn);

	if (!page_on_pcp(&desc->page))
		check_report(errs, "pfn %#lx on cpu %d's %s list is not marked a per-CPU page",
			     pfn, cpu, migratetype_name(mt));
	if (find_free_block(zone, pfn, &order) != ULONG_MAX)
		check_report(errs, "pfn %#lx on cpu %d's %s list is in a free block too",
			     pfn, cpu, migratetype_name(mt));
	pa_check_free_page(desc, pfn, false, errs);
	if (is_migrate_cma(pb_mt)) {
		(*cma)++;
		if (mt != MIGRATE_MOVABLE)
			check_report(errs, "CMA pfn %#lx on cpu %d's %s list",
				     pfn, cpu, migratetype_name(mt));
	}
}

/**
 * pa_walk_pcp() - check every per-CPU list.
 * @zone: the zone.
 * @errs: the problems found so far; each new one is reported and counted.
 * @cma: set to the pages found in CMA pageblocks.
 *
 * Context: Zone lock held.
 * Return: the pages found on the lists (up to a break in a corrupt one).
 */
unsigned long pa_walk_pcp(struct zone *zone, unsigned long *errs,
			  unsigned long *cma)
{
	unsigned long total = 0;

	*cma = 0;
	for (int cpu = 0; cpu < PCP_MAX_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &zone->pcp[cpu];
		unsigned long count = 0;

		for (int mt = 0; mt < NR_PCP_LISTS; mt++) {
			struct list_head *head = &pcp->lists[mt];
			unsigned long n = 0;
			struct folio *desc;

			if (free_list_broken(zone, head, &n)) {
				check_report(errs, "cpu %d's %s list is corrupt after %lu entries",
					     cpu, migratetype_name(mt), n);
				count += n;
				continue;
			}
			list_for_each_entry(desc, head, lru)
				pa_check_pcp_page(zone, desc, cpu, mt, errs,
						  cma);
			count += n;
		}
		if (count != pcp->count)
			check_report(errs, "cpu %d's lists hold %lu pages, count %lu",
				     cpu, count, pcp->count);
		if (count && (unsigned int)cpu >= READ_ONCE(zone->pcp_cpus))
			check_report(errs, "cpu %d's lists hold %lu pages, per-CPU lists in use: %u",
				     cpu, count, zone->pcp_cpus);
		total += count;
	}
	if (total != zone->nr_pcp)
		check_report(errs, "per-CPU lists hold %lu pages, nr_pcp %lu",
			     total, zone->nr_pcp);
	return total;
}

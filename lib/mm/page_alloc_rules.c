// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The migratetype rules every block __rmqueue() hands out must follow,
 * for every allocation type (unmovable: GFP_KERNEL, GFP_ATOMIC, GFP_NOFS
 * ...; movable: GFP_HIGHUSER_MOVABLE; reclaimable: __GFP_RECLAIMABLE),
 * stated here once more, independently of the code that takes blocks, so
 * a wrong fallback or a list taken out of turn is a WARN at once:
 *
 *  - no page of an isolated pageblock is handed out;
 *  - only movable allocations use CMA pageblocks;
 *  - a block of the allocation's own type (or CMA) is the smallest one
 *    of that list that fits;
 *  - a movable allocation takes CMA first while CMA holds more than half
 *    of the free pages (the balance rule, when on), else only once the
 *    movable lists have no block that fits;
 *  - a fallback happens only when the own lists (and for movable, the
 *    CMA lists) have no block that fits, takes a type of the kernel's
 *    fallback table for the allocation's type, and the table's first
 *    type had no block of the order taken when the second is used.
 *
 * rmqueue_snapshot() records which lists could be taken from before the
 * allocation; rmqueue_check_rules() checks the list the block came from
 * (zone->rq_src) against it. The snapshot asks free_list_first_sane()
 * only of the lists zone->free_lists_used marks as not empty: an empty
 * list has no block to take, and page_alloc_check() checks the marks
 * against the lists. On every allocation that is O(lists in use), not
 * O(all NR_PAGE_ORDERS * MIGRATE_TYPES lists).
 */
#include "kernel/bug.h"
#include "mm/page_alloc_internal.h"

/* The kernel's fallback table (mm/page_alloc.c fallbacks[]), as a spec. */
static const int rule_fallbacks[MIGRATE_PCPTYPES][2] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/**
 * rmqueue_snapshot() - record the lists an allocation may take from.
 * @zone: the zone.
 * @order: the allocation's order.
 * @snap: filled in.
 *
 * Context: Zone lock held.
 * Return: nothing.
 */
void rmqueue_snapshot(const struct zone *zone, unsigned int order,
		      struct rmqueue_snapshot *snap)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		unsigned int used = zone->free_lists_used[mt] &
				    ~((1U << order) - 1);

		snap->takeable[mt] = 0;
		for (; used; used &= used - 1) {
			unsigned int o = __ffs(used);

			if (free_list_first_sane(zone, o, mt))
				snap->takeable[mt] |= 1U << o;
		}
	}
	snap->free = zone->vm_stat[NR_FREE_PAGES];
	snap->cma = zone->vm_stat[NR_FREE_CMA_PAGES];
	snap->cma_balance = !READ_ONCE(zone->cma_balance_off);
}

/* The lowest order at or above @order whose bit is set in @bits, or -1. */
static int lowest_order(unsigned int bits, unsigned int order)
{
	bits &= ~((1U << order) - 1);
	return bits ? (int)__ffs(bits) : -1;
}

/* What is wrong with taking from (@src, @o) for (@order, @mt); or NULL. */
static const char *rule_broken(const struct rmqueue_snapshot *snap,
			       unsigned int order, int mt, int src,
			       unsigned int o)
{
	const unsigned int *tk = snap->takeable;
	bool movable = mt == MIGRATE_MOVABLE;
	bool balance = movable && snap->cma_balance &&
		       snap->cma > snap->free / 2;
	bool cma_fits = movable && lowest_order(tk[MIGRATE_CMA], order) >= 0;

	if (src < 0 || src >= MIGRATE_TYPES || o < order ||
	    o >= NR_PAGE_ORDERS || !(tk[src] & (1U << o)))
		return "that list had no block to take";
	if (is_migrate_isolate(src))
		return "an isolated pageblock's page was handed out";
	if (is_migrate_cma(src) && !movable)
		return "only movable allocations may use CMA";
	if (src == mt || is_migrate_cma(src)) {
		if (lowest_order(tk[src], order) != (int)o)
			return "not the smallest block of its list";
		if (src == mt && balance && cma_fits)
			return "CMA holds more than half of the free pages: CMA first";
		if (is_migrate_cma(src) && !balance &&
		    lowest_order(tk[mt], order) >= 0)
			return "CMA taken while the movable lists had a block";
		return NULL;
	}
	if (lowest_order(tk[mt], order) >= 0 || cma_fits)
		return "fell back while its own lists had a block";
	if (src == rule_fallbacks[mt][1] &&
	    (tk[rule_fallbacks[mt][0]] & (1U << o)))
		return "the fallback table's first type had a block of that order";
	return NULL;
}

/**
 * rmqueue_check_rules() - check the list __rmqueue() just took from.
 * @zone: the zone; zone->rq_src names the list.
 * @snap: the lists before the allocation (rmqueue_snapshot()).
 * @order: the allocation's order.
 * @mt: the allocation's type (below MIGRATE_PCPTYPES).
 *
 * Context: Zone lock held.
 * Return: nothing; a broken rule is a WARN violation naming it.
 */
void rmqueue_check_rules(const struct zone *zone,
			 const struct rmqueue_snapshot *snap,
			 unsigned int order, int mt)
{
	const char *broken = rule_broken(snap, order, mt, zone->rq_src.mt,
					 zone->rq_src.order);

	WARN(broken, "__rmqueue: order %u %s took list order %u %s: %s",
	     order, migratetype_name(mt), zone->rq_src.order,
	     migratetype_name(zone->rq_src.mt), broken);
}

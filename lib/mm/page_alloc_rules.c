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
 * (zone->rq_src) against it. The record is made lazily and is the same
 * as one made of every list at once: a list is recorded just before the
 * allocation first changes it (every change goes through
 * add_to_free_list(), del_page_from_free_list() or move_to_free_list(),
 * which call free_list_will_change()), and a list the rules ask about
 * that was not changed still holds what it held. The rules look at a
 * few lists, so an allocation costs O(lists changed + lists asked), not
 * O(NR_PAGE_ORDERS * MIGRATE_TYPES).
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
 * rmqueue_snapshot() - start the record of the lists an allocation may
 * take from.
 * @zone: the zone.
 * @order: the allocation's order.
 * @snap: filled in; lists are recorded into it lazily (file comment)
 *	until the caller sets zone->rq_snap back to NULL.
 *
 * Context: Zone lock held.
 * Return: nothing.
 */
void rmqueue_snapshot(struct zone *zone, unsigned int order,
		      struct rmqueue_snapshot *snap)
{
	*snap = (struct rmqueue_snapshot){
		.free = zone->vm_stat[NR_FREE_PAGES],
		.cma = zone->vm_stat[NR_FREE_CMA_PAGES],
		.cma_balance = !READ_ONCE(zone->cma_balance_off),
	};
	zone->rq_snap = snap;
}

/* Had list (@o, @mt) a block to take? */
static __always_inline bool takeable(const struct zone *zone,
				     struct rmqueue_snapshot *snap,
				     unsigned int o, int mt)
{
	if (!(snap->known[mt] & (1U << o)))
		rmqueue_snapshot_record(zone, snap, o, mt);
	return snap->takeable[mt] & (1U << o);
}

/* The lowest order at or above @order whose list @mt had a block, or -1. */
static int lowest_order(const struct zone *zone, struct rmqueue_snapshot *snap,
			int mt, unsigned int order)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		if (takeable(zone, snap, o, mt))
			return o;
	return -1;
}

/* What is wrong with taking from (@src, @o) for (@order, @mt); or NULL. */
static const char *rule_broken(const struct zone *zone,
			       struct rmqueue_snapshot *snap,
			       unsigned int order, int mt, int src,
			       unsigned int o)
{
	bool movable = mt == MIGRATE_MOVABLE;
	bool balance = movable && snap->cma_balance &&
		       snap->cma > snap->free / 2;
	bool cma_fits = movable &&
			lowest_order(zone, snap, MIGRATE_CMA, order) >= 0;

	if (src < 0 || src >= MIGRATE_TYPES || o < order ||
	    o >= NR_PAGE_ORDERS || !takeable(zone, snap, o, src))
		return "that list had no block to take";
	if (is_migrate_isolate(src))
		return "an isolated pageblock's page was handed out";
	if (is_migrate_cma(src) && !movable)
		return "only movable allocations may use CMA";
	if (src == mt || is_migrate_cma(src)) {
		if (lowest_order(zone, snap, src, order) != (int)o)
			return "not the smallest block of its list";
		if (src == mt && balance && cma_fits)
			return "CMA holds more than half of the free pages: CMA first";
		if (is_migrate_cma(src) && !balance &&
		    lowest_order(zone, snap, mt, order) >= 0)
			return "CMA taken while the movable lists had a block";
		return NULL;
	}
	if (lowest_order(zone, snap, mt, order) >= 0 || cma_fits)
		return "fell back while its own lists had a block";
	if (src == rule_fallbacks[mt][1] &&
	    takeable(zone, snap, o, rule_fallbacks[mt][0]))
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
void rmqueue_check_rules(struct zone *zone, struct rmqueue_snapshot *snap,
			 unsigned int order, int mt)
{
	const char *broken = rule_broken(zone, snap, order, mt,
					 zone->rq_src.mt, zone->rq_src.order);

	WARN(broken, "__rmqueue: order %u %s took list order %u %s: %s",
	     order, migratetype_name(mt), zone->rq_src.order,
	     migratetype_name(zone->rq_src.mt), broken);
}

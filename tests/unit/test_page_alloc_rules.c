// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The page allocator's migratetype rules for every gfp class
 * (lib/mm/page_alloc_rules.c): every block __rmqueue() hands out is
 * checked against the lists as they were, so a broken rule is a WARN
 * that test_machine_down() turns into a failure.
 *
 *  - every class the shim has, on machines with a CMA area and an
 *    isolated pageblock, with the CMA balance rule on and off and with
 *    per-CPU lists off and on: allocate until nothing is left; no page
 *    of an isolated pageblock, CMA pages only for movable classes, no
 *    rule broken;
 *  - the fallback table's order, for each allocation type, where both
 *    fallback types have a block of the same order;
 *  - each rule's message, from a planted source list.
 */
#include <stdlib.h>

#include "check_test.h"
#include "harness.h"
#include "mm/page_alloc_internal.h"
#include "sim/sim_internal.h"

#define NR_PAGES	4096UL
#define CMA_BASE	2048UL
#define CMA_PAGES	1024UL
#define ISO_BASE	512UL

static const gfp_t classes[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_NOIO, GFP_NOFS, GFP_USER,
	GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER_MOVABLE | __GFP_ZERO,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_NOFS | __GFP_RECLAIMABLE,
};
#define NR_CLASSES	(sizeof(classes) / sizeof(classes[0]))

static const unsigned int orders[] = { 0, 0, 3, 0, 1, 9, 0, 4, 0, 2, 10, 0 };
#define NR_ORDERS	(sizeof(orders) / sizeof(orders[0]))

static struct sim_machine *rules_up(struct test_machine *tm, bool balance,
				    bool pcp)
{
	struct sim_machine *m = test_machine_up(tm, NR_PAGES, 0, SIM_DATA_NONE);

	assert_errno(sim_memblock_reserve(m, CMA_BASE, CMA_PAGES, "cma"), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	for (unsigned long p = CMA_BASE; p < CMA_BASE + CMA_PAGES;
	     p += pageblock_nr_pages)
		init_cma_reserved_pageblock(pfn_to_page(p));
	assert_errno(sim_page_alloc_set_cma_balance(m, balance), 0);
	if (pcp)
		assert_errno(sim_page_alloc_set_pcp(m, 1, 16, 4), 0);
	assert_errno(start_isolate_page_range(ISO_BASE, ISO_BASE + 512,
					      MIGRATE_MOVABLE), 0);
	return m;
}

/* Fill the machine with all classes in turn; check where each block was. */
static void fill_and_check(bool balance, bool pcp)
{
	struct folio **got = calloc(NR_PAGES, sizeof(*got));
	struct test_machine tm;
	struct sim_machine *m = rules_up(&tm, balance, pcp);
	unsigned long n = 0, cma = 0, misses = 0;

	assert_non_null(got);
	for (unsigned long i = 0; misses < NR_CLASSES * NR_ORDERS; i++) {
		gfp_t gfp = classes[i % NR_CLASSES];
		unsigned int order = orders[(i / NR_CLASSES) % NR_ORDERS];
		struct folio *folio = folio_alloc(gfp | __GFP_NOWARN, order);
		int mt;

		if (!folio) {
			misses++;
			continue;
		}
		misses = 0;
		mt = get_pageblock_migratetype(&folio->page);
		assert_int_not_equal(mt, MIGRATE_ISOLATE);
		if (mt == MIGRATE_CMA) {
			assert_true(gfp & __GFP_MOVABLE);
			cma++;
		}
		got[n++] = folio;
	}
	/* Only the isolated pageblock and pages on per-CPU lists are left. */
	assert_int_equal(sim_nr_free_pages(m), 0);
	assert_true(cma > 0);
	assert_int_equal(sim_page_alloc_check(m), 0);
	while (n)
		folio_put(got[--n]);
	undo_isolate_page_range(ISO_BASE, ISO_BASE + 512, MIGRATE_MOVABLE);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
	free(got);
}

static void test_every_gfp_class(void **state)
{
	(void)state;
	for (int balance = 0; balance < 2; balance++)
		for (int pcp = 0; pcp < 2; pcp++)
			fill_and_check(balance, pcp);
}

/*
 * A 1024-page machine whose pfns 0 and 512 are taken, so each pageblock
 * has one free block of every order 0 .. 8; pageblock 0 gets type
 * @first, pageblock 1 @second. An allocation of @gfp whose own lists are
 * empty must fall back to @first: the fallback table lists it first.
 */
static void table_order(gfp_t gfp, int first, int second)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 1024, 0, SIM_DATA_NONE);
	struct zone *zone;
	struct folio *folio;

	assert_errno(sim_machine_boot_done(m), 0);
	zone = page_zone_local();
	assert_int_equal(isolate_freepages_range(0, 1), 1);
	assert_int_equal(isolate_freepages_range(512, 513), 513);
	spin_lock(&zone->lock);
	move_freepages_block(zone, 0, MIGRATE_MOVABLE, first, false);
	set_pfnblock_migratetype(zone, 0, first);
	move_freepages_block(zone, 512, MIGRATE_MOVABLE, second, false);
	set_pfnblock_migratetype(zone, 512, second);
	spin_unlock(&zone->lock);
	assert_int_equal(sim_page_alloc_check(m), 0);

	folio = folio_alloc(gfp, 0);
	assert_non_null(folio);
	assert_true(folio_pfn(folio) < 512);
	folio_put(folio);
	free_contig_range(0, 1);
	free_contig_range(512, 1);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
}

static void test_fallback_table(void **state)
{
	(void)state;
	table_order(GFP_KERNEL, MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE);
	table_order(GFP_HIGHUSER_MOVABLE, MIGRATE_RECLAIMABLE,
		    MIGRATE_UNMOVABLE);
	table_order(GFP_KERNEL | __GFP_RECLAIMABLE, MIGRATE_UNMOVABLE,
		    MIGRATE_MOVABLE);
}

/*
 * A fallback takes the largest block it finds first, to claim whole
 * pageblocks: on a 1024-page machine a first GFP_KERNEL page claims the
 * one order-10 block (both pageblocks unmovable, pageblock 0 split down
 * to order 0, pageblock 1 one free order-9 block); a reclaimable page
 * then falls back to unmovable and takes that order-9 block, claiming
 * pageblock 1, not a small block of pageblock 0. Kills 89bb8a2a1e (the
 * largest-first pass skipping the unmovable type, so the smallest block
 * went first).
 */
static void test_fallback_largest_first(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 1024, 0, SIM_DATA_NONE);
	struct folio *kernel, *reclaimable;

	(void)state;
	assert_errno(sim_machine_boot_done(m), 0);
	kernel = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(kernel);
	assert_int_equal(folio_pfn(kernel), 0);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(512)),
			 MIGRATE_UNMOVABLE);
	reclaimable = folio_alloc(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	assert_non_null(reclaimable);
	assert_int_equal(folio_pfn(reclaimable), 512);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(512)),
			 MIGRATE_RECLAIMABLE);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(0)),
			 MIGRATE_UNMOVABLE);
	assert_int_equal(sim_page_alloc_check(m), 0);
	folio_put(reclaimable);
	folio_put(kernel);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
}

/* Planted source lists: each broken rule is a WARN naming it. */
static void planted(struct rmqueue_snapshot *snap, unsigned int order,
		    int mt, int src, unsigned int o, const char *msg)
{
	struct zone *zone = page_zone_local();

	spin_lock(&zone->lock);
	zone->rq_src.mt = src;
	zone->rq_src.order = o;
	rmqueue_check_rules(zone, snap, order, mt);
	spin_unlock(&zone->lock);
	assert_true(check_found("WARN", msg));
	test_expect_violations(sim_current_machine(), 1);
}

static void test_rules_messages(void **state)
{
	struct rmqueue_snapshot s = { .free = 100, .cma = 10,
				      .cma_balance = true };

	(void)state;
	/* Every list recorded: the rules look at these bits only. */
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		s.known[mt] = ~0U;
	s.takeable[MIGRATE_ISOLATE] = 1;
	planted(&s, 0, MIGRATE_MOVABLE, MIGRATE_ISOLATE, 0,
		"an isolated pageblock's page was handed out");
	planted(&s, 0, MIGRATE_MOVABLE, MIGRATE_MOVABLE, 0,
		"that list had no block to take");
	s.takeable[MIGRATE_CMA] = 1 << 2;
	planted(&s, 0, MIGRATE_UNMOVABLE, MIGRATE_CMA, 2,
		"only movable allocations may use CMA");
	s.takeable[MIGRATE_MOVABLE] = (1 << 1) | (1 << 3);
	planted(&s, 0, MIGRATE_MOVABLE, MIGRATE_MOVABLE, 3,
		"not the smallest block of its list");
	planted(&s, 0, MIGRATE_MOVABLE, MIGRATE_CMA, 2,
		"CMA taken while the movable lists had a block");
	s.cma = 60;
	planted(&s, 0, MIGRATE_MOVABLE, MIGRATE_MOVABLE, 1,
		"CMA first");
	s.takeable[MIGRATE_UNMOVABLE] = 1 << 5;
	planted(&s, 0, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, 1,
		"fell back while its own lists had a block");
	s.takeable[MIGRATE_UNMOVABLE] = 0;
	s.takeable[MIGRATE_RECLAIMABLE] = 1 << 1;
	planted(&s, 0, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, 1,
		"the fallback table's first type had a block of that order");

	/*
	 * A CMA block of exactly the allocation's order fits too: CMA
	 * first under the balance rule when it is an order-0 page. Kills
	 * af0066ff9d (cma_fits only for a CMA block above order 0).
	 */
	s.takeable[MIGRATE_CMA] = 1;
	s.takeable[MIGRATE_MOVABLE] = 1;
	planted(&s, 0, MIGRATE_MOVABLE, MIGRATE_MOVABLE, 0, "CMA first");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_gfp_class),
		cmocka_unit_test(test_fallback_table),
		cmocka_unit_test(test_fallback_largest_first),
		cmocka_unit_test_setup_teardown(test_rules_messages,
						test_setup_machine,
						test_teardown_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

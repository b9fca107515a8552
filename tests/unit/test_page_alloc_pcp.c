// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the per-CPU page lists (lib/mm/page_alloc_pcp.c): batch
 * refills and frees at the high mark, hot reuse, drains, CMA isolation
 * draining them, the 2013 switch (CMA pages freed to the lists or to
 * the buddy), and the checker's per-CPU part finding planted damage.
 *
 * A 4096-page machine at pfn 0 whose [2048, 3072) is CMA, one CPU slot
 * (so a thread moving between CPUs sees the same lists), high 8, batch 4.
 */
#include "check_test.h"
#include "pa_test.h"

#define HIGH		8
#define BATCH		4

static int setup(void **state)
{
	struct pa_test *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, NR_PAGES, 0, SIM_DATA_NONE);
	assert_errno(sim_memblock_reserve(t->m, CMA_BASE, CMA_PAGES, "cma"), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	for (unsigned long p = CMA_BASE; p < CMA_BASE + CMA_PAGES;
	     p += pageblock_nr_pages)
		init_cma_reserved_pageblock(pfn_to_page(p));
	assert_errno(sim_page_alloc_set_pcp(t->m, 1, HIGH, BATCH), 0);
	CHECK(t);
	*state = t;
	return 0;
}

static unsigned long alloc0(gfp_t gfp)
{
	return alloc_pfn(gfp, 0);
}

static bool on_pcp(unsigned long pfn)
{
	return page_on_pcp(pfn_to_page(pfn));
}

/* CMA pages in use: taken out of the area by alloc_contig_range(). */
static unsigned long cma_pages(unsigned long pfn, unsigned long nr)
{
	assert_errno(alloc_contig_range(pfn, pfn + nr, MIGRATE_CMA, GFP_KERNEL,
					NULL), 0);
	return pfn;
}

static unsigned long cma_page(unsigned long pfn)
{
	return cma_pages(pfn, 1);
}

/* Three CMA pages freed to the lists. */
static void cma_pages_to_pcp(void)
{
	cma_pages(CMA_BASE, 3);
	for (unsigned long p = CMA_BASE; p < CMA_BASE + 3; p++)
		put_pfn(p);
}

/*
 * An empty list is refilled with a batch from the buddy, under the zone
 * lock: the first allocation takes BATCH pages out of NR_FREE_PAGES and
 * leaves BATCH - 1 on the list; the next BATCH - 1 come from the list.
 */
static void test_fill_batch(void **state)
{
	struct pa_test *t = T(state);
	unsigned long free = sim_nr_free_pages(t->m), first;

	first = alloc0(GFP_KERNEL);
	assert_int_equal(sim_nr_free_pages(t->m), free - BATCH);
	assert_int_equal(sim_nr_pcp_pages(t->m), BATCH - 1);
	assert_int_equal(zone()->pcp[0].count, BATCH - 1);
	assert_false(list_empty(&zone()->pcp[0].lists[MIGRATE_UNMOVABLE]));
	CHECK(t);
	for (int i = 1; i < BATCH; i++)
		assert_int_equal(alloc0(GFP_KERNEL), first + i);
	assert_int_equal(sim_nr_pcp_pages(t->m), 0);
	assert_int_equal(sim_nr_free_pages(t->m), free - BATCH);
	/* Empty again: the next one refills. */
	assert_int_equal(alloc0(GFP_KERNEL), first + BATCH);
	assert_int_equal(sim_nr_pcp_pages(t->m), BATCH - 1);
	for (int i = 0; i <= BATCH; i++)
		put_pfn(first + i);
	CHECK(t);
	/* 3 left + 5 freed reached HIGH: a batch went back. */
	assert_int_equal(sim_page_alloc_drain(t->m), HIGH - BATCH);
	assert_int_equal(sim_nr_free_pages(t->m), free);
	CHECK(t);
}

/*
 * Frees go to the list head; at HIGH pages a batch of the oldest (the
 * tail) goes back to the buddy. The last page freed is the next one
 * handed out (hot).
 */
static void test_free_high(void **state)
{
	struct pa_test *t = T(state);
	unsigned long pfn[HIGH], free;

	assert_errno(sim_page_alloc_set_pcp(t->m, 0, 0, 0), 0);
	for (int i = 0; i < HIGH; i++)
		pfn[i] = alloc0(GFP_HIGHUSER_MOVABLE);
	assert_errno(sim_page_alloc_set_pcp(t->m, 1, HIGH, BATCH), 0);
	free = sim_nr_free_pages(t->m);
	for (int i = 0; i < HIGH - 1; i++) {
		put_pfn(pfn[i]);
		assert_int_equal(sim_nr_pcp_pages(t->m), i + 1);
		assert_true(on_pcp(pfn[i]));
	}
	assert_int_equal(sim_nr_free_pages(t->m), free);
	put_pfn(pfn[HIGH - 1]);
	assert_int_equal(sim_nr_pcp_pages(t->m), HIGH - BATCH);
	assert_int_equal(sim_nr_free_pages(t->m), free + BATCH);
	for (int i = 0; i < HIGH; i++)
		assert_int_equal(on_pcp(pfn[i]), i >= BATCH);
	CHECK(t);
	/* Hot reuse: the most recently freed page comes out first. */
	assert_int_equal(alloc0(GFP_HIGHUSER_MOVABLE), pfn[HIGH - 1]);
	put_pfn(pfn[HIGH - 1]);
	/* Turning the lists off drains them. */
	assert_errno(sim_page_alloc_set_pcp(t->m, 0, 0, 0), 0);
	assert_int_equal(sim_nr_pcp_pages(t->m), 0);
	assert_int_equal(sim_nr_free_pages(t->m), free + HIGH);
	assert_false(on_pcp(pfn[HIGH - 1]));
	CHECK(t);
}

static void test_set_pcp_einval(void **state)
{
	struct pa_test *t = T(state);

	assert_errno(sim_page_alloc_set_pcp(NULL, 1, HIGH, BATCH), -EINVAL);
	assert_errno(sim_page_alloc_set_pcp(t->m, PCP_MAX_CPUS + 1, HIGH,
					    BATCH), -EINVAL);
	assert_errno(sim_page_alloc_set_pcp(t->m, 1, HIGH, 0), -EINVAL);
	assert_errno(sim_page_alloc_set_pcp(t->m, 1, 2, 3), -EINVAL);
	assert_errno(sim_page_alloc_set_cma_pcp(NULL, true), -EINVAL);
	assert_int_equal(sim_page_alloc_drain(NULL), -EINVAL);
	/* Nothing changed. */
	assert_int_equal(zone()->pcp_cpus, 1);
	assert_int_equal(zone()->pcp_high, HIGH);
	assert_int_equal(zone()->pcp_batch, BATCH);
}

/*
 * Today's kernels: a CMA page freed goes to the movable list, stays out
 * of NR_FREE_CMA_PAGES, and is the next page an order-0 movable
 * allocation gets, whatever the CMA balance rule says.
 */
static void test_cma_freed_to_pcp(void **state)
{
	struct pa_test *t = T(state);
	unsigned long pfn = cma_page(CMA_BASE + 7);

	assert_errno(sim_page_alloc_set_cma_balance(t->m, false), 0);
	put_pfn(pfn);
	assert_true(on_pcp(pfn));
	assert_int_equal(sim_nr_free_cma_pages(t->m), CMA_PAGES - 1);
	assert_int_equal(list_first_entry(&zone()->pcp[0].lists[MIGRATE_MOVABLE],
					  struct folio, lru), pfn_folio(pfn));
	CHECK(t);
	assert_int_equal(alloc0(GFP_HIGHUSER_MOVABLE), pfn);
	put_pfn(pfn);
	CHECK(t);
}

/*
 * The 2013 switch: the CMA page goes to the buddy's CMA list, and with
 * the balance rule off a movable allocation gets a movable page.
 */
static void test_cma_freed_to_buddy(void **state)
{
	struct pa_test *t = T(state);
	unsigned long pfn = cma_page(CMA_BASE + 7), got;

	assert_errno(sim_page_alloc_set_cma_balance(t->m, false), 0);
	assert_errno(sim_page_alloc_set_cma_pcp(t->m, false), 0);
	put_pfn(pfn);
	assert_false(on_pcp(pfn));
	assert_int_equal(sim_nr_pcp_pages(t->m), 0);
	assert_int_equal(sim_nr_free_cma_pages(t->m), CMA_PAGES);
	CHECK(t);
	got = alloc0(GFP_HIGHUSER_MOVABLE);
	assert_true(got < CMA_BASE || got >= CMA_BASE + CMA_PAGES);
	put_pfn(got);
	/* Other pages still go to the lists. */
	assert_true(on_pcp(got));
	CHECK(t);
}

/*
 * Pages of a range on the lists are not in the buddy: an isolated range
 * holding one is not free until drain_all_pages() gives it back (to the
 * isolate list). alloc_contig_range() drains after isolating, so it
 * takes the whole area with CMA pages sitting on the lists.
 */
static void test_isolation_drains(void **state)
{
	struct pa_test *t = T(state);

	cma_pages_to_pcp();
	assert_int_equal(sim_nr_pcp_pages(t->m), 3);
	assert_errno(start_isolate_page_range(CMA_BASE, CMA_BASE + 512,
					      MIGRATE_CMA), 0);
	assert_errno(test_pages_isolated(CMA_BASE, CMA_BASE + 512), -EBUSY);
	CHECK(t);
	drain_all_pages(zone());
	assert_int_equal(sim_nr_pcp_pages(t->m), 0);
	assert_errno(test_pages_isolated(CMA_BASE, CMA_BASE + 512), 0);
	undo_isolate_page_range(CMA_BASE, CMA_BASE + 512, MIGRATE_CMA);
	CHECK(t);

	cma_pages_to_pcp();
	assert_int_equal(sim_nr_pcp_pages(t->m), 3);
	assert_errno(alloc_contig_range(CMA_BASE, CMA_BASE + CMA_PAGES,
					MIGRATE_CMA, GFP_KERNEL, NULL), 0);
	assert_int_equal(sim_nr_pcp_pages(t->m), 0);
	assert_int_equal(sim_nr_free_cma_pages(t->m), 0);
	free_contig_range(CMA_BASE, CMA_PAGES);
	/*
	 * Freed into CMA pageblocks, no longer isolated: to the lists,
	 * a batch back to the buddy each time HIGH is reached.
	 */
	assert_int_equal(sim_nr_pcp_pages(t->m), HIGH - BATCH);
	CHECK(t);
}

/* A page freed into an isolated pageblock skips the lists. */
static void test_isolated_free_to_buddy(void **state)
{
	struct pa_test *t = T(state);
	unsigned long pfn = cma_page(CMA_BASE + 9);

	assert_errno(start_isolate_page_range(CMA_BASE, CMA_BASE + 512,
					      MIGRATE_CMA), 0);
	put_pfn(pfn);
	assert_false(on_pcp(pfn));
	assert_errno(test_pages_isolated(CMA_BASE, CMA_BASE + 512), 0);
	undo_isolate_page_range(CMA_BASE, CMA_BASE + 512, MIGRATE_CMA);
	CHECK(t);
}

#define PA_FINDS(n, msg)	CHECK_DETECTS(page_alloc_check(), (n), "CHECK", (msg))

/* Planted damage to a page on a list and to the counts: each one found. */
static void test_checker_finds(void **state)
{
	struct pa_test *t = T(state);
	unsigned long pfn = alloc0(GFP_KERNEL);
	struct folio *desc;

	put_pfn(pfn);
	assert_true(on_pcp(pfn));
	desc = pfn_folio(pfn);

	folio_set_count(desc, 1);
	PA_FINDS(1, "inside a free block is in use (ref 1");
	CHECK_DETECTS(page_alloc_check_pfns(NULL, 0), 1, "CHECK", "is in use");
	folio_set_count(desc, 0);
	CHECK_CLEAN(page_alloc_check(), 0);

	desc->private = NULL;
	PA_FINDS(2, "is not marked a per-CPU page");
	desc->private = PCP_PAGE_MARK;

	zone()->pcp[0].count++;
	PA_FINDS(1, "cpu 0's lists hold 4 pages, count 5");
	zone()->pcp[0].count--;
	zone()->nr_pcp++;
	PA_FINDS(1, "per-CPU lists hold 4 pages, nr_pcp 5");
	zone()->nr_pcp--;

	/* A page both on a list and in a free block. */
	__SetPageBuddy((struct page *)desc);
	set_buddy_order((struct page *)desc, 0);
	assert_true(page_alloc_check() > 0);
	assert_true(check_found("CHECK", "is not marked a per-CPU page"));
	sim_violation_clear(t->m);
	__ClearPageBuddy((struct page *)desc);
	desc->private = PCP_PAGE_MARK;

	/* A CMA page on the unmovable list. */
	list_move(&desc->lru, &zone()->pcp[0].lists[MIGRATE_UNMOVABLE]);
	put_pfn(cma_page(CMA_BASE));
	list_move(&pfn_folio(CMA_BASE)->lru,
		  &zone()->pcp[0].lists[MIGRATE_UNMOVABLE]);
	PA_FINDS(1, "CMA pfn 0x800 on cpu 0's Unmovable list");
	list_move(&pfn_folio(CMA_BASE)->lru,
		  &zone()->pcp[0].lists[MIGRATE_MOVABLE]);
	CHECK_CLEAN(page_alloc_check(), 0);
}

/*
 * With one CPU slot in use, a page on the next slot's lists (counts kept
 * right) is found: slots from zone->pcp_cpus on stay empty. Kills
 * 2fde52ed90 (the checker only looking past pcp_cpus + 1).
 */
static void test_checker_finds_unused_slot(void **state)
{
	unsigned long pfn = alloc0(GFP_KERNEL);
	struct folio *desc;

	put_pfn(pfn);
	assert_true(on_pcp(pfn));
	(void)state;
	desc = pfn_folio(pfn);
	list_move(&desc->lru, &zone()->pcp[1].lists[MIGRATE_UNMOVABLE]);
	zone()->pcp[0].count--;
	zone()->pcp[1].count++;
	PA_FINDS(1, "cpu 1's lists hold 1 pages, per-CPU lists in use: 1");
	list_move(&desc->lru, &zone()->pcp[0].lists[MIGRATE_UNMOVABLE]);
	zone()->pcp[1].count--;
	zone()->pcp[0].count++;
	CHECK_CLEAN(page_alloc_check(), 0);
}

/* The dump shows the lists when they are on. */
static void test_show(void **state)
{
	struct pa_test *t = T(state);
	char buf[4096] = "";
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

	put_pfn(alloc0(GFP_KERNEL));
	assert_non_null(f);
	assert_errno(sim_page_alloc_show(t->m, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "nr_pcp_pages 4 (cma 0) cpus 1 high 8 batch 4 cma_free pcp\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fill_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_high, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_pcp_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cma_freed_to_pcp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cma_freed_to_buddy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolation_drains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolated_free_to_buddy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checker_finds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checker_finds_unused_slot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/gcma.c (and of the
 * cleancache range calls GCMA makes; docs/testing.md, "Mutation
 * testing"); each names the mutant it kills.
 *
 * A 4096-page machine without page data whose [1024, 2048) is reserved
 * at boot, for one GCMA area of 2^MAX_PAGE_ORDER pages; the rest is free
 * in the page allocator, so the page just past the area (2048) heads a
 * free block:
 *
 *   pfn 0            1024                 2048                  4096
 *       |   free      |  reserved: GCMA    |       free          |
 */
#include <stdlib.h>

#include "check_test.h"
#include "harness.h"
#include "kernel/page_type.h"
#include "mm/cleancache_internal.h"
#include "mm/gcma_internal.h"
#include "platform/internal.h"

#define NR_PAGES	4096UL
#define AREA0		1024UL
#define AREA_PAGES	(1UL << MAX_PAGE_ORDER)
#define AREA_END	(AREA0 + AREA_PAGES)

struct kill_gcma {
	struct test_machine tm;
	struct sim_machine *m;
};

static int setup(void **state)
{
	struct kill_gcma *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, NR_PAGES, 0, SIM_DATA_NONE);
	assert_errno(sim_memblock_reserve(t->m, AREA0, AREA_PAGES, "gcma"), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct kill_gcma *t = *state;
	int g = gcma_check(), c = cleancache_check(),
	    p = sim_page_alloc_check(t->m);

	test_machine_down(&t->tm);
	free(t);
	assert_int_equal(g, 0);
	assert_int_equal(c, 0);
	assert_int_equal(p, 0);
	return 0;
}

/*
 * A compound allocation of order MAX_PAGE_ORDER is refused with -EINVAL
 * (gcma_alloc_range()'s contract: orders below MAX_PAGE_ORDER only), even
 * from an area that is free, aligned and large enough; nothing is
 * allocated; order MAX_PAGE_ORDER - 1 from the same area works. Kills
 * 2a62eafb4e (order == MAX_PAGE_ORDER accepted).
 */
static void test_compound_max_order_refused(void **state)
{
	struct kill_gcma *t = *state;
	struct gcma_area_info info;

	assert_errno(gcma_register_area("g0", AREA0, AREA_PAGES), 0);
	assert_errno(gcma_alloc_range(AREA0, AREA_PAGES,
				      GFP_KERNEL | __GFP_COMP), -EINVAL);
	assert_errno(gcma_area_get_info(0, &info), 0);
	assert_int_equal(info.allocated, 0);
	assert_false(folio_test_large(pfn_folio(AREA0)));
	assert_errno(gcma_alloc_range(AREA0, AREA_PAGES / 2,
				      GFP_KERNEL | __GFP_COMP), 0);
	assert_int_equal(folio_nr_pages(pfn_folio(AREA0)), AREA_PAGES / 2);
	assert_errno(gcma_free_range(AREA0, AREA_PAGES / 2), 0);
	assert_int_equal(gcma_check(), 0);
	(void)t;
}

/*
 * The safe-point hook of the race below: once the range donation has
 * linked its first batch (the top of the range, linked first), claim the
 * area's first page as a concurrent donation would (a private word
 * appears), so the last batch links all but that page.
 */
static void (*saved_safe_point)(struct sim_machine *m);
static bool claimed;

static void claim_first_page(struct sim_machine *m)
{
	struct folio *first = pfn_folio(AREA0);

	if (!claimed && folio_cc_pool_id(pfn_folio(AREA_END - 1)) >= 0) {
		first->private = (void *)0x1;
		claimed = true;
	}
	if (saved_safe_point)
		saved_safe_point(m);
}

/*
 * A page of the area claimed by someone else while the registration
 * donates the range (a bug elsewhere: "donated twice", a WARN each from
 * cleancache and from GCMA): the registration fails with -EBUSY and
 * leaves the range as it was, every page reserved at refcount 1 and no
 * longer in the pool, and touches nothing outside it: the free block at
 * the area's end stays a free block of the same order, refcount 0, not
 * reserved, on its free list. Kills ef57eaa024 (the undo of the
 * cleancache range call taking one folio past the range off its list)
 * and 115b120169.3 (GCMA's undo setting refcount 1 and PG_reserved on
 * the page past the area).
 */
static void test_register_race_undone_inside_the_area(void **state)
{
	struct kill_gcma *t = *state;
	struct page *next = pfn_to_page(AREA_END);
	unsigned long free = sim_nr_free_pages(t->m);
	unsigned int order;

	assert_true(PageBuddy(next));
	order = buddy_order(next);
	saved_safe_point = t->m->hooks.safe_point;
	t->m->hooks.safe_point = claim_first_page;
	claimed = false;
	assert_errno(gcma_register_area("g0", AREA0, AREA_PAGES), -EBUSY);
	t->m->hooks.safe_point = saved_safe_point;
	assert_true(claimed);
	test_expect_violations(t->m, 2);
	pfn_folio(AREA0)->private = NULL;

	assert_int_equal(gcma_nr_areas(), 0);
	for (unsigned long pfn = AREA0; pfn < AREA_END; pfn++) {
		struct folio *folio = pfn_folio(pfn);

		assert_true(folio_test_reserved(folio));
		assert_int_equal(folio_ref_count(folio), 1);
		assert_null(folio->private);
	}
	assert_true(PageBuddy(next));
	assert_int_equal(buddy_order(next), order);
	assert_int_equal(page_ref_count(next), 0);
	assert_false(folio_test_reserved(page_folio(next)));
	assert_int_equal(sim_nr_free_pages(t->m), free);
	assert_int_equal(sim_page_alloc_check(t->m), 0);
	assert_int_equal(cleancache_check(), 0);

	/* The range is as it was: registering it again works. */
	assert_errno(gcma_register_area("g1", AREA0, AREA_PAGES), 0);
	assert_int_equal(gcma_check(), 0);
}

/*
 * The safe-point hook of the next test: once the registration's range
 * donation has linked its first batch (the top of the range), another
 * thread's allocation of the area's last page, which is in the pool by
 * now; its result is kept.
 */
static int early_alloc_ret;
static bool early_alloc_tried;

static void alloc_before_publication(struct sim_machine *m)
{
	if (!early_alloc_tried &&
	    folio_cc_pool_id(pfn_folio(AREA_END - 1)) >= 0) {
		early_alloc_tried = true;
		early_alloc_ret = gcma_alloc_range(AREA_END - 1, 1, GFP_KERNEL);
	}
	if (saved_safe_point)
		saved_safe_point(m);
}

/*
 * An area serves allocations only once gcma_register_area() has
 * published it: an allocation racing with the registration (a driver
 * probing on another CPU) is refused with -EINVAL, as for a range in no
 * area, even for a page the donation has already put in the area's
 * pool, and takes nothing: the registration then completes with every
 * page of the area free and no allocation counted. Kills 595746f48e
 * (find_area() also looking at areas[nr], the slot being filled, which
 * handed out that page before the area existed).
 */
static void test_alloc_during_registration_refused(void **state)
{
	struct kill_gcma *t = *state;
	struct gcma_area_info info;

	saved_safe_point = t->m->hooks.safe_point;
	t->m->hooks.safe_point = alloc_before_publication;
	early_alloc_tried = false;
	early_alloc_ret = 0;
	assert_errno(gcma_register_area("g0", AREA0, AREA_PAGES), 0);
	t->m->hooks.safe_point = saved_safe_point;
	assert_true(early_alloc_tried);
	assert_errno(early_alloc_ret, -EINVAL);

	assert_errno(gcma_area_get_info(0, &info), 0);
	assert_int_equal(info.allocated, 0);
	assert_int_equal(info.alloc_success, 0);
	assert_int_equal(folio_ref_count(pfn_folio(AREA_END - 1)), 0);
	assert_int_equal(gcma_check(), 0);
	/* Published now: the whole area is there to take. */
	assert_errno(gcma_alloc_range(AREA0, AREA_PAGES, GFP_KERNEL), 0);
	assert_errno(gcma_free_range(AREA0, AREA_PAGES), 0);
	assert_int_equal(sim_violation_count(t->m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_compound_max_order_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_race_undone_inside_the_area,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_during_registration_refused,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

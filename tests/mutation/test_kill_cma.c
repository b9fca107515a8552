// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/cma.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
 *
 * The machine of tests/unit/cma_areas_test.h: 2048 pages, a classic CMA
 * area at pfn 1024 and a GCMA one at 1536, 512 pages each.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check_test.h"
#include "cma_areas_test.h"
#include "mm/cma_internal.h"

#define NR_PAGES	2048UL
#define CMA0		1024UL
#define GCMA0		1536UL
#define AREA		512UL

struct kill_test {
	struct test_machine tm;
	struct sim_machine *m;
	struct cma *cma0, *gcma0;
};

static int setup(void **state)
{
	struct kill_test *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->m = cma_areas_up(&t->tm, NR_PAGES, CMA0, GCMA0, AREA, &t->cma0,
			    &t->gcma0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct kill_test *t = *state;
	int c = cma_check();

	test_machine_down(&t->tm);
	free(t);
	assert_int_equal(c, 0);
	return 0;
}

/*
 * A classic release whose last page has another reference is refused
 * (-EINVAL) and changes nothing; once the reference is dropped the same
 * release succeeds. Kills bdc0f3bc01 (cma_classic_releasable() not
 * looking at the range's last page).
 */
static void test_release_refused_for_a_busy_last_page(void **state)
{
	struct kill_test *t = *state;
	struct page *pages = cma_alloc(t->cma0, 4, 0, false);
	struct folio *last;

	assert_non_null(pages);
	last = page_folio(pfn_to_page(page_to_pfn(pages) + 3));
	folio_get(last);
	assert_errno(cma_release_pages(t->cma0, pages, 4), -EINVAL);
	assert_int_equal(folio_ref_count(last), 2);
	assert_int_equal(cma_check(), 0);
	folio_put(last);
	assert_errno(cma_release_pages(t->cma0, pages, 4), 0);
}

/*
 * cma_check() looks at every pfn of an area, the last one too: a GCMA
 * area allocated whole whose last bitmap bit is cleared by hand is one
 * problem, named with that pfn. Kills d11816c573 (the walk stopping one
 * pfn early).
 */
static void test_check_sees_the_last_pfn(void **state)
{
	struct kill_test *t = *state;
	struct page *pages = cma_alloc(t->gcma0, AREA, 0, false);
	unsigned long last = AREA - 1;
	char want[64];

	assert_non_null(pages);
	assert_int_equal(t->gcma0->order_per_bit, 0);
	clear_bit(last, t->gcma0->bitmap);
	t->gcma0->available_count++;
	snprintf(want, sizeof(want), "pfn 0x%lx GCMA-allocated, bit clear",
		 GCMA0 + last);
	CHECK_DETECTS(cma_check(), 1, "WARN", want);
	set_bit(last, t->gcma0->bitmap);
	t->gcma0->available_count--;
	assert_int_equal(cma_check(), 0);
	assert_true(cma_release(t->gcma0, pages, AREA));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_release_refused_for_a_busy_last_page,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_sees_the_last_pfn,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/cma.c and cma_debug.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
 *
 * The machine of tests/unit/cma_areas_test.h: 2048 pages, a classic CMA
 * area at pfn 1024 and a GCMA one at 1536, 512 pages each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_test.h"
#include "cma_areas_test.h"
#include "mm/cma_internal.h"
#include "kernel/port.h"

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

/*
 * A classic release gives the pages back to the page allocator: each is
 * free again (refcount 0, counted in the free pages), and the whole area
 * can be allocated at once afterwards. Kills f318d3ec78 (the freeing
 * loop's condition negated: the bits cleared, the pages leaked at
 * refcount 1).
 */
static void test_classic_release_frees_the_pages(void **state)
{
	struct kill_test *t = *state;
	unsigned long free = sim_nr_free_pages(t->m);
	struct page *pages = cma_alloc(t->cma0, 4, 0, false);
	struct page *all;

	assert_non_null(pages);
	assert_int_equal(sim_nr_free_pages(t->m), free - 4);
	assert_errno(cma_release_pages(t->cma0, pages, 4), 0);
	for (unsigned long i = 0; i < 4; i++)
		assert_int_equal(page_ref_count(pfn_to_page(page_to_pfn(pages) + i)),
				 0);
	assert_int_equal(sim_nr_free_pages(t->m), free);
	assert_int_equal(cma_check(), 0);
	all = cma_alloc(t->cma0, AREA, 0, false);
	assert_non_null(all);
	assert_true(cma_release(t->cma0, all, AREA));
}

/*
 * Fail the allocation of a classic area's bitmap at boot (the n-th
 * allocation, found by counting up): the machine boots with that area
 * inactive, refusing allocations. Run again once memory is there,
 * cma_activate_areas() activates it and says so: it returns 1, the
 * number of areas it activated (0 when all are active already). Kills
 * da037c8c2a (returning 0 whatever it activated).
 */
static void test_activate_counts_the_areas(void **state)
{
	(void)state;
	for (unsigned long n = 1;; n++) {
		struct test_machine tm;
		struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0,
							SIM_DATA_NONE);
		struct cma *c;

		assert_errno(sim_cma_declare(m, "cma0", CMA0, AREA, 0, false,
					     &c), 0);
		assert_errno(sim_fault_fail_nth(m, SIM_FAULT_BIT(SIM_FAULT_KMALLOC), n), 0);
		assert_errno(sim_machine_boot_done(m), 0);
		sim_fault_clear(m);
		if (c->active) {
			assert_int_equal(cma_activate_areas(), 0);
			test_machine_down(&tm);
			fail_msg("no allocation of the first %lu made cma0 inactive",
				 n);
		}
		assert_null(cma_alloc(c, 1, 0, true));
		assert_int_equal(cma_activate_areas(), 1);
		assert_true(c->active);
		assert_int_equal(cma_activate_areas(), 0);
		assert_int_equal(cma_check(), 0);
		test_machine_down(&tm);
		return;
	}
}

/*
 * A classic release that cuts a compound folio is refused: an order-2
 * folio released as 3 pages is -EINVAL and stays allocated, whole, at
 * refcount 1; released as its 4 pages it goes. Kills 6ac98842a3 (a folio
 * one page longer than the rest of the range accepted).
 */
static void test_release_cutting_a_folio_refused(void **state)
{
	struct kill_test *t = *state;
	struct page *page;
	struct folio *folio;

	assert_errno(cma_alloc_pages(t->cma0, 4, 2, GFP_KERNEL | __GFP_COMP,
				     &page), 0);
	folio = page_folio(page);
	assert_int_equal(folio_nr_pages(folio), 4);
	assert_errno(cma_release_pages(t->cma0, page, 3), -EINVAL);
	assert_true(folio_test_large(folio));
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(cma_check(), 0);
	assert_errno(cma_release_pages(t->cma0, page, 4), 0);
}

/*
 * Reserved memory declared as an area must lie inside the machine: a
 * range that runs past its last pfn, or starts past it, is -EINVAL and
 * declares nothing. Kills d5a14b53b5 (a range with a pfn outside memory
 * taken as reserved).
 */
static void test_reserved_area_outside_memory(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0,
						SIM_DATA_NONE);
	struct cma *c = NULL;

	(void)state;
	assert_errno(sim_memblock_reserve(m, NR_PAGES - AREA, AREA, "top"), 0);
	assert_errno(cma_init_reserved_mem(PFN_PHYS(NR_PAGES - AREA),
					   PFN_PHYS(2 * AREA), 0, "past", &c),
		     -EINVAL);
	assert_errno(cma_init_reserved_mem(PFN_PHYS(2 * NR_PAGES),
					   PFN_PHYS(AREA), 0, "beyond", &c),
		     -EINVAL);
	assert_null(c);
	assert_errno(cma_init_reserved_mem(PFN_PHYS(NR_PAGES - AREA),
					   PFN_PHYS(AREA), 0, "top", &c), 0);
	assert_non_null(c);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
}

/*
 * No area is named "": cma_find_area("") is NULL on a machine with areas
 * (as for any name no area has), and an area is still found by its own
 * name. Kills 5418848194 (the lookup looking one slot past the last
 * area, at the zeroed slot the next declaration would fill, whose name
 * is "").
 */
static void test_find_area_empty_name(void **state)
{
	struct kill_test *t = *state;

	assert_null(cma_find_area(""));
	assert_ptr_equal(cma_find_area("cma0"), t->cma0);
	assert_ptr_equal(cma_find_area("gcma0"), t->gcma0);
}

/*
 * "" is a name like any other (the kernel copies whatever non-NULL name
 * it gets): the first area called "" is declared and found by it, a
 * second one is -EEXIST and declares nothing. Kills aa1a673460 (the
 * uniqueness check looking one slot past the last area, at the zeroed
 * slot about to be filled, so that "" always looked taken).
 */
static void test_empty_name_is_unique(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0,
						SIM_DATA_NONE);
	struct cma *c = NULL, *d = NULL;

	(void)state;
	assert_errno(sim_cma_declare(m, "", CMA0, AREA, 0, false, &c), 0);
	assert_non_null(c);
	assert_string_equal(cma_get_name(c), "");
	assert_errno(sim_cma_declare(m, "", GCMA0, AREA, 0, false, &d),
		     -EEXIST);
	assert_null(d);
	assert_ptr_equal(cma_find_area(""), c);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
}

/*
 * debugfs's maxchunk counts a free run at the very end of an area: with
 * every page of cma0 but the last allocated, the largest free chunk is
 * that one page. Kills 0c86d7c97e (the scan giving up on a clear bit
 * that is the bitmap's last: maxchunk 0).
 */
static void test_maxchunk_sees_the_last_page(void **state)
{
	struct kill_test *t = *state;
	struct page *pages = cma_alloc(t->cma0, AREA - 1, 0, false);
	char buf[4096] = "";
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

	assert_non_null(pages);
	assert_int_equal(page_to_pfn(pages), CMA0);
	assert_non_null(f);
	assert_errno(cma_debugfs_show(t->cma0, f), 0);
	fclose(f);
	if (!strstr(buf, "used 511\nmaxchunk 1\n"))
		fail_msg("cma0 with only its last page free:\n%s", buf);
	assert_true(cma_release(t->cma0, pages, AREA - 1));
}

/*
 * The free extents list a free run at the very end of an area, as the
 * kernel's cma_debug_show_areas() does: with every page of cma0 but the
 * last allocated, the one extent is that page, bit 511. Kills f58379288b
 * (the scan giving up on a clear bit that is the bitmap's last: no
 * extent, "0 free").
 */
static void test_free_extents_see_the_last_page(void **state)
{
	struct kill_test *t = *state;
	struct page *pages = cma_alloc(t->cma0, AREA - 1, 0, false);
	const char *want = "1@511=> 1 free of 512 total pages";
	char buf[64];
	int len;

	assert_non_null(pages);
	assert_int_equal(page_to_pfn(pages), CMA0);
	len = cma_free_extents(t->cma0, buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_int_equal(len, strlen(want));
	assert_true(cma_release(t->cma0, pages, AREA - 1));
}

/*
 * The name limits by kind: a classic area's name may have up to
 * CMA_MAX_NAME - 1 bytes, a guarantee area's only up to
 * GCMA_AREA_NAME_MAX_LEN - 1 (GCMA's own limit): a 40-byte name is fine
 * for a classic area; a guarantee area's 32-byte name is -ENAMETOOLONG
 * and declares nothing, a 31-byte one is declared and registered with
 * GCMA at boot. Kills fafaccb5f3 (the two limits swapped).
 */
static void test_name_limit_by_kind(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0,
						SIM_DATA_NONE);
	char name[GCMA_AREA_NAME_MAX_LEN + 9];
	struct cma *c = NULL, *g = NULL;

	(void)state;
	memset(name, 'c', 40);
	name[40] = '\0';
	assert_errno(sim_cma_declare(m, name, CMA0, AREA, 0, false, &c), 0);
	memset(name, 'g', GCMA_AREA_NAME_MAX_LEN);
	name[GCMA_AREA_NAME_MAX_LEN] = '\0';
	assert_errno(sim_cma_declare(m, name, GCMA0, AREA, 0, true, &g),
		     -ENAMETOOLONG);
	assert_null(g);
	name[GCMA_AREA_NAME_MAX_LEN - 1] = '\0';
	assert_errno(sim_cma_declare(m, name, GCMA0, AREA, 0, true, &g), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_true(c->active);
	assert_true(g->active);
	assert_int_equal(gcma_nr_areas(), 1);
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_release_refused_for_a_busy_last_page,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_sees_the_last_pfn,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_classic_release_frees_the_pages,
						setup, teardown),
		cmocka_unit_test(test_activate_counts_the_areas),
		cmocka_unit_test_setup_teardown(test_release_cutting_a_folio_refused,
						setup, teardown),
		cmocka_unit_test(test_reserved_area_outside_memory),
		cmocka_unit_test_setup_teardown(test_find_area_empty_name,
						setup, teardown),
		cmocka_unit_test(test_empty_name_is_unique),
		cmocka_unit_test_setup_teardown(test_maxchunk_sees_the_last_page,
						setup, teardown),
		cmocka_unit_test(test_name_limit_by_kind),
		cmocka_unit_test_setup_teardown(test_free_extents_see_the_last_page,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

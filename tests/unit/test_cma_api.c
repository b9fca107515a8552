// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * CMA's declaration calls, accessors and outputs at their edges: every
 * call from a thread attached to no machine, cma_declare_contiguous()'s
 * own errors (alignment, limit, fixed base), each accessor given NULL or
 * a pointer that is no area, and cma_for_each_area(). test_cma.c covers
 * allocation and release.
 *
 * Most tests use a 2048-page machine without page data, 4 pageblocks of
 * 512 pages, two areas declared at boot:
 *
 *   pfn 0                1024          1536          2048
 *       |<-- system ------>|<-- cma0 --->|<-- gcma0 -->|
 */
#include <stdlib.h>

#include "check_test.h"
#include "cma_areas_test.h"
#include "mm/cma_internal.h"

#define NR_PAGES	2048UL
#define CMA0		1024UL
#define GCMA0		1536UL
#define AREA		512UL

#define PHYS(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)

struct ca_test {
	struct test_machine tm;
	struct sim_machine *m;
	struct cma *cma0, *gcma0;
};

static struct ca_test *T(void **state)
{
	return *state;
}

static int setup(void **state)
{
	struct ca_test *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->m = cma_areas_up(&t->tm, NR_PAGES, CMA0, GCMA0, AREA, &t->cma0,
			    &t->gcma0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct ca_test *t = T(state);
	int c = cma_check();

	test_machine_down(&t->tm);
	free(t);
	assert_int_equal(c, 0);
	return 0;
}

static void test_unattached(void **state)
{
	struct ca_test *t = T(state);
	struct page *page = pfn_to_page(CMA0);
	struct cma *c = NULL;

	assert_errno(sim_thread_detach(), 0);
	assert_errno(cma_declare_contiguous(0, PHYS(AREA), 0, 0, 0, false,
					    "x", &c), -ENXIO);
	assert_errno(cma_init_reserved_mem(PHYS(CMA0), PHYS(AREA), 0, "x",
					   &c), -ENXIO);
	assert_null(c);
	assert_null(cma_alloc(t->cma0, 1, 0, true));
	assert_errno(cma_alloc_pages(t->cma0, 1, 0, GFP_KERNEL, &page),
		     -ENXIO);
	assert_false(cma_release(t->cma0, page, 1));
	assert_errno(cma_release_pages(t->cma0, page, 1), -ENXIO);
	assert_null(cma_get_name(t->cma0));
	assert_null(cma_find_area("cma0"));
	assert_errno(cma_for_each_area(NULL, NULL), -ENXIO);
	assert_errno(sim_thread_attach(t->m), 0);
	check_unattached(cma_check);
}

/*
 * cma_declare_contiguous() on a fresh 4096-page machine still booting:
 *
 *   pfn 0     512                                      4096
 *       | sys |  <- where the areas may go (limit 2048 for "low") |
 */
static void test_declare_contiguous(void **state)
{
	struct sim_machine *fixture = T(state)->m;
	struct test_machine tm;
	struct cma *c = NULL, *low, *fixed;

	assert_errno(sim_thread_detach(), 0);
	test_machine_up(&tm, 4096, 0, SIM_DATA_NONE);
	/* -EINVAL: NULL result, unaligned sizes, alignment not 2^n. */
	assert_errno(cma_declare_contiguous(0, PHYS(512), 0, 0, 0, false,
					    "a", NULL), -EINVAL);
	assert_errno(cma_declare_contiguous(0, PHYS(512) + 1, 0, 0, 0, false,
					    "a", &c), -EINVAL);
	assert_errno(cma_declare_contiguous(0, PHYS(512), 0, PHYS(3), 0,
					    false, "a", &c), -EINVAL);
	/* -EINVAL: a fixed base off the pageblock, or past the limit. */
	assert_errno(cma_declare_contiguous(PHYS(256), PHYS(512), 0, 0, 0,
					    true, "a", &c), -EINVAL);
	assert_errno(cma_declare_contiguous(PHYS(1024), PHYS(512), PHYS(1280),
					    0, 0, true, "a", &c), -EINVAL);
	/* -ENOMEM: nothing fits under the limit. */
	assert_errno(cma_declare_contiguous(0, PHYS(1024), PHYS(512), 0, 0,
					    false, "a", &c), -ENOMEM);
	/* __cma_init_reserved_mem(): a base that is not page aligned. */
	assert_errno(cma_init_reserved_mem(PHYS(CMA0) + 8, PHYS(AREA), 0, "a",
					   &c), -EINVAL);
	assert_null(c);

	/* Anywhere below 2048, 1024-aligned; then fixed at 3584. */
	assert_errno(cma_declare_contiguous(0, PHYS(512), PHYS(2048),
					    PHYS(1024), 0, false, "low", &low),
		     0);
	assert_errno(cma_declare_contiguous(PHYS(3584), PHYS(512), 0, 0, 0,
					    true, "fixed", &fixed), 0);
	assert_errno(sim_machine_boot_done(tm.m), 0);
	assert_true(cma_get_base(low) + cma_get_size(low) <= PHYS(2048));
	assert_true(IS_ALIGNED(cma_get_base(low), PHYS(1024)));
	assert_int_equal(cma_get_base(fixed), PHYS(3584));
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
	assert_errno(sim_thread_attach(fixture), 0);
}

/* Every accessor given NULL, or a pointer that is no area. */
static void test_accessors_refuse(void **state)
{
	struct ca_test *t = T(state);
	struct cma bogus = { .count = 1 };
	struct cma_stats s;
	char buf[8];

	assert_null(cma_get_name(NULL));
	assert_null(cma_get_name(&bogus));
	assert_int_equal(cma_get_base(&bogus), 0);
	assert_int_equal(cma_get_size(&bogus), 0);
	assert_null(cma_find_area(NULL));
	assert_null(cma_find_area("nope"));
	assert_errno(cma_get_stats(&bogus, &s), -EINVAL);
	assert_errno(cma_get_stats(t->cma0, NULL), -EINVAL);
	assert_errno(cma_sysfs_show(t->cma0, NULL), -EINVAL);
	assert_errno(cma_sysfs_show(&bogus, stdout), -EINVAL);
	assert_errno(cma_debugfs_show(t->cma0, NULL), -EINVAL);
	assert_errno(cma_debugfs_show(&bogus, stdout), -EINVAL);
	assert_errno(cma_free_extents(&bogus, buf, sizeof(buf)), -EINVAL);
	assert_errno(cma_free_extents(t->cma0, NULL, sizeof(buf)), -EINVAL);
	assert_errno(cma_debug_show_areas(&bogus), -EINVAL);
	assert_errno(cma_debug_show_areas(NULL), -EINVAL);

	/* A NULL buffer of length 0 asks for the length only. */
	assert_int_equal(cma_free_extents(t->cma0, NULL, 0),
			 strlen("512@0=> 512 free of 512 total pages"));
	/* Truncated, always terminated. */
	assert_int_equal(cma_free_extents(t->cma0, buf, sizeof(buf)),
			 strlen("512@0=> 512 free of 512 total pages"));
	assert_string_equal(buf, "512@0=>");
	/*
	 * Room for the extent and the NUL only: the summary still ends the
	 * text there (kills 9ee0154e25.3, which then gives the summary's
	 * snprintf() no buffer but a length of 1, so the NUL is never
	 * written, or written through NULL).
	 */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cma_free_extents(t->cma0, buf, strlen("512@0") + 1),
			 strlen("512@0=> 512 free of 512 total pages"));
	assert_string_equal(buf, "512@0");
}

/*
 * The table slot just after the last declared area (gcma0 here) is no
 * area: no declaration filled it, so its name, bitmap and locks were
 * never set up. A handle pointing there (one step past the last area, or
 * kept from a declaration that failed) is refused like any other
 * pointer that is no area, by the accessors and by allocation and
 * release. Kills 48d60db5ee (cma_is_area() taking the slot at
 * nr_areas: cma_get_name() gave its empty name).
 */
static void test_accessors_refuse_next_slot(void **state)
{
	struct ca_test *t = T(state);
	struct cma_state *st = cma_get_state();
	struct cma *next = &st->areas[st->nr_areas];
	struct page *page = pfn_to_page(CMA0);
	struct cma_stats s;
	char buf[8];

	assert_int_equal(st->nr_areas, 2);
	assert_ptr_equal(next, t->gcma0 + 1);
	assert_null(cma_get_name(next));
	assert_int_equal(cma_get_base(next), 0);
	assert_int_equal(cma_get_size(next), 0);
	assert_errno(cma_get_stats(next, &s), -EINVAL);
	assert_errno(cma_free_extents(next, buf, sizeof(buf)), -EINVAL);
	assert_errno(cma_debug_show_areas(next), -EINVAL);
	assert_errno(cma_alloc_pages(next, 1, 0, GFP_KERNEL, &page), -EINVAL);
	assert_errno(cma_release_pages(next, page, 1), -EINVAL);
	assert_int_equal(sim_violation_count(t->m), 0);
}

static void test_debug_show_areas_enomem(void **state)
{
	struct ca_test *t = T(state);

	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, 1), 0);
	assert_errno(cma_debug_show_areas(t->cma0), -ENOMEM);
	sim_fault_clear(t->m);
	assert_errno(cma_debug_show_areas(t->cma0), 0);
}

struct walk {
	const struct cma *seen[4];
	int n;
	int stop_at;
};

static int walk_one(struct cma *cma, void *data)
{
	struct walk *w = data;

	w->seen[w->n++] = cma;
	return w->n == w->stop_at ? 42 : 0;
}

static void test_for_each_area(void **state)
{
	struct ca_test *t = T(state);
	struct walk w = { .stop_at = 0 };

	assert_errno(cma_for_each_area(NULL, &w), -EINVAL);
	assert_errno(cma_for_each_area(walk_one, &w), 0);
	assert_int_equal(w.n, 2);
	assert_ptr_equal(w.seen[0], t->cma0);	/* declaration order */
	assert_ptr_equal(w.seen[1], t->gcma0);

	/* The first non-zero return stops the walk and is returned. */
	w = (struct walk){ .stop_at = 1 };
	assert_int_equal(cma_for_each_area(walk_one, &w), 42);
	assert_int_equal(w.n, 1);
}

/*
 * A guarantee area's release goes through gcma_free_range(): a page the
 * caller still has in use (->mapping set) is a WARN and -EINVAL, and the
 * range stays allocated; released once the caller lets go.
 */
static void test_release_gcma_in_use(void **state)
{
	struct address_space mapping = { 0 };
	struct ca_test *t = T(state);
	struct folio *second;
	struct page *page;
	unsigned long pfn;

	assert_errno(cma_alloc_pages(t->gcma0, 2, 0, GFP_KERNEL, &page), 0);
	pfn = page_to_pfn(page);
	second = (struct folio *)pfn_to_page(pfn + 1);
	second->mapping = &mapping;
	assert_errno(cma_release_pages(t->gcma0, page, 2), -EINVAL);
	CHECK_DETECTS(0, 0, "WARN", "with mapping");
	assert_int_equal(folio_ref_count(second), 1);
	assert_errno(cma_check(), 0);
	second->mapping = NULL;
	assert_errno(cma_release_pages(t->gcma0, page, 2), 0);
	assert_int_equal(folio_ref_count(second), 0);
}

/*
 * Donations across and inside the areas are refused, nothing changed:
 *
 *   1023 | 1024 .. cma0 .. 1535 | 1536 .. gcma0 .. 2047
 *   free    free (MIGRATE_CMA)     donated to gcma0's pool
 *
 * a range over either boundary, a page of the classic area (the page
 * allocator's), and pages of the guarantee area allocated to a caller
 * (refcount 1, or a compound folio's tail at refcount 0).
 */
static void test_donate_across_areas(void **state)
{
	struct ca_test *t = T(state);
	int pool = cleancache_backend_register_pool("x");
	struct page *page;
	unsigned long pfn;

	assert_true(pool >= 0);
	assert_errno(cleancache_backend_put_range(pool, CMA0 - 1, 2), -EINVAL);
	assert_errno(cleancache_backend_put_range(pool, GCMA0 - 1, 2), -EINVAL);
	assert_errno(cleancache_backend_put_folio(pool, pfn_folio(CMA0)),
		     -EINVAL);

	assert_errno(cma_alloc_pages(t->gcma0, 2, 1, GFP_KERNEL | __GFP_COMP,
				     &page), 0);
	pfn = page_to_pfn(page);
	assert_errno(cleancache_backend_put_folio(pool,
			(struct folio *)pfn_to_page(pfn + 1)), -EINVAL);
	assert_errno(cleancache_backend_put_range(pool, pfn, 2), -EINVAL);
	assert_errno(cma_release_pages(t->gcma0, page, 2), 0);
	assert_errno(cma_alloc_pages(t->gcma0, 1, 0, GFP_KERNEL, &page), 0);
	assert_errno(cleancache_backend_put_folio(pool,
			(struct folio *)page), -EINVAL);
	assert_errno(cma_release_pages(t->gcma0, page, 1), 0);

	assert_int_equal(sim_violation_count(t->m), 0);
	assert_errno(cleancache_check(), 0);
	assert_errno(sim_page_alloc_check(t->m), 0);
	assert_errno(cma_check(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_unattached),
		T(test_declare_contiguous),
		T(test_accessors_refuse),
		T(test_accessors_refuse_next_slot),
		T(test_debug_show_areas_enomem),
		T(test_for_each_area),
		T(test_release_gcma_in_use),
		T(test_donate_across_areas),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

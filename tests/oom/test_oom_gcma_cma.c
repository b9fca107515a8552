// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The fail-nth loop (oom.h) over the range allocators: gcma_alloc_range()
 * with and without __GFP_COMP, gcma_free_range(), and cma_alloc_pages()/
 * cma_release_pages() on a classic area (whose allocation migrates
 * page-cache folios out of the range) and on a `guarantee` area; CMA
 * activation at boot (its own machine per failure point).
 *
 * A 4096-page machine with page data:
 *
 *   0                2048      2560       3072          3584        4096
 *   | system memory  | CMA "c" | system   | CMA "gc",    | GCMA "g"  |
 *                                           guarantee
 *
 * One filesystem (migration moves dirty folios) whose dirty page cache
 * fills system memory until movable folios sit in "c"'s pageblocks too;
 * cleancache (in "gc"'s pool, the first) holds some of its pages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>
#include "oom.h"

#define CMA_BASE	2048UL
#define GC_BASE		3072UL
#define GCMA_BASE	3584UL

struct og {
	struct test_machine tm;
	struct sim_machine *m;
	struct super_block *sb;
	struct inode *inode;
	struct cma *cma, *gcma;
	unsigned long count;
	gfp_t gfp;
	struct page *page;
};

static struct og *T(void **state)
{
	return *state;
}

/* Page-cache folios now in [CMA_BASE, CMA_BASE + 512). */
static unsigned long folios_in_cma(struct og *t)
{
	unsigned long n = 0;

	for (pgoff_t i = 0; i < 4096; i++) {
		struct folio *folio = sim_page_cache_lookup(t->inode, i);
		unsigned long pfn;

		if (!folio)
			continue;
		pfn = folio_pfn(folio);
		n += pfn >= CMA_BASE && pfn < CMA_BASE + 512;
	}
	return n;
}

static int setup(void **state)
{
	static const struct sim_fs_options opts = { .migrate_dirty = true };
	struct og *t = calloc(1, sizeof(*t));
	unsigned long pfn;

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, 4096, 0, SIM_DATA_PAGES);
	assert_errno(sim_cma_declare(t->m, "c", CMA_BASE, 512, 0, false,
				     &t->cma), 0);
	assert_errno(sim_cma_declare(t->m, "gc", GC_BASE, 512, 0, true,
				     &t->gcma), 0);
	assert_errno(sim_memblock_alloc(t->m, 512, 512, "g", &pfn), 0);
	assert_int_equal(pfn, GCMA_BASE);
	assert_errno(sim_machine_boot_done(t->m), 0);
	assert_errno(gcma_register_area("g", GCMA_BASE, 512), 0);
	assert_errno(sim_fs_mount_opts("disk", 4096, &opts, &t->sb), 0);
	assert_errno(sim_inode_create(t->sb, 1, 4096 * PAGE_SIZE, &t->inode),
		     0);
	/* Fill memory until CMA pageblocks hold movable (dirty) folios. */
	for (pgoff_t i = 8; i < 4096 && sim_nr_free_pages(t->m) > 96; i++)
		assert_errno(sim_page_cache_write(t->inode, i), 0);
	/* And give cleancache something to lose in "gc". */
	for (pgoff_t i = 0; i < 8; i++) {
		assert_errno(sim_page_cache_read(t->inode, i, NULL), 0);
		assert_errno(sim_page_cache_evict(t->inode, i), 0);
	}
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct og *t = *state;

	assert_errno(sim_fs_unmount(t->sb), 0);
	test_machine_down(&t->tm);
	free(t);
	return 0;
}

/* ---- operations --------------------------------------------------------- */

static int op_gcma_alloc(void *arg)
{
	struct og *t = arg;

	return gcma_alloc_range(GCMA_BASE + 512 - t->count, t->count, t->gfp);
}

static int op_gcma_free(void *arg)
{
	struct og *t = arg;

	return gcma_free_range(GCMA_BASE + 512 - t->count, t->count);
}

static int op_cma_alloc(void *arg)
{
	struct og *t = arg;
	struct cma *cma = t->gfp & __GFP_NOWARN ? t->gcma : t->cma;
	/* A compound folio is aligned to its size. */
	unsigned int align = t->gfp & __GFP_COMP ?
			     (unsigned int)__builtin_ctzl(t->count) : 0;

	return cma_alloc_pages(cma, t->count, align,
			       GFP_KERNEL | (t->gfp & __GFP_COMP), &t->page);
}

static int op_cma_release(void *arg)
{
	struct og *t = arg;
	struct cma *cma = t->gfp & __GFP_NOWARN ? t->gcma : t->cma;

	return cma_release_pages(cma, t->page, t->count);
}

/* ---- tests -------------------------------------------------------------- */

static void gcma_range(void **state, gfp_t gfp)
{
	struct og *t = T(state);

	t->count = 64;
	t->gfp = gfp;
	oom_loop(t->m, op_gcma_alloc, t, -ENOMEM);
	oom_loop(t->m, op_gcma_free, t, -ENOMEM);
}

static void test_gcma_range(void **state)
{
	gcma_range(state, GFP_KERNEL);
}

static void test_gcma_range_comp(void **state)
{
	gcma_range(state, GFP_KERNEL | __GFP_COMP);
}

/*
 * Classic: the first 32 pages of "c" hold dirty page-cache folios that
 * must be migrated, each to a new folio (an allocation that may fail:
 * alloc_contig_range() then gives up with -ENOMEM). As in the kernel, a
 * failed allocation keeps its side effects on the page cache: folios
 * migrated before the failure stay where they went, and those isolated
 * go back to the head of their LRU (docs/cma.md). The areas' bitmaps,
 * cleancache, GCMA and everything else must be as they were.
 */
static void test_cma_classic(void **state)
{
	const unsigned int migration = 1u << SIM_DIGEST_MEMMAP |
				       1u << SIM_DIGEST_DATA |
				       1u << SIM_DIGEST_PAGE_ALLOC |
				       1u << SIM_DIGEST_FS;
	struct og *t = T(state);

	assert_true(folios_in_cma(t) > 0);
	t->count = 32;
	t->gfp = 0;
	assert_true(oom_loop_side_effects(t->m, op_cma_alloc, t, -ENOMEM,
					  migration) >= 1);
	oom_loop(t->m, op_cma_release, t, -ENOMEM);
}

/* __GFP_NOWARN picks the guarantee area in op_cma_*(). */
static void test_cma_guarantee(void **state)
{
	struct og *t = T(state);

	t->count = 32;
	t->gfp = __GFP_NOWARN;
	oom_loop(t->m, op_cma_alloc, t, -ENOMEM);
	oom_loop(t->m, op_cma_release, t, -ENOMEM);
	t->gfp = __GFP_NOWARN | __GFP_COMP;
	oom_loop(t->m, op_cma_alloc, t, -ENOMEM);
	oom_loop(t->m, op_cma_release, t, -ENOMEM);
}

/*
 * Can @cma allocate (and give back) one page? 0, or -EINVAL for an area
 * that was not activated.
 */
static int cma_usable(struct cma *cma)
{
	struct page *page;
	int ret = cma_alloc_pages(cma, 1, 0, GFP_KERNEL, &page);

	if (!ret)
		assert_errno(cma_release_pages(cma, page, 1), 0);
	return ret;
}

/*
 * CMA activation at boot, the late initcall sim_machine_boot_done() runs
 * as its attached caller: each area's bitmap, and for a `guarantee` area
 * its GCMA registration (bitmap, pool). A fresh machine per failure
 * point, the N-th allocation of sim_machine_boot_done() failed: the boot
 * still succeeds; the area that could not be activated is logged with
 * -ENOMEM and refuses allocations (-EINVAL), a `guarantee` area is not a
 * GCMA area, its pages stay reserved; the other area works; every
 * checker passes and nothing is left once the machine is gone
 * (test_machine_down()).
 */
static void test_cma_activation(void **state)
{
	static char log[SIM_LOG_BUF_LEN];
	unsigned long n;

	(void)state;
	for (n = 1; n < 64; n++) {
		struct test_machine tm;
		struct sim_machine *m = test_machine_up(&tm, 4096, 0,
							SIM_DATA_PAGES);
		struct cma *c, *gc;
		int c_ok, gc_ok;
		bool armed;

		assert_errno(sim_cma_declare(m, "c", CMA_BASE, 512, 0, false,
					     &c), 0);
		assert_errno(sim_cma_declare(m, "gc", GC_BASE, 512, 0, true,
					     &gc), 0);
		assert_errno(sim_fault_fail_nth(m, SIM_FAULT_ALL, n), 0);
		assert_errno(sim_machine_boot_done(m), 0);
		armed = sim_fault_armed(m);
		sim_fault_clear(m);
		c_ok = cma_usable(c);
		gc_ok = cma_usable(gc);
		assert_true(!c_ok || c_ok == -EINVAL);
		assert_true(!gc_ok || gc_ok == -EINVAL);
		assert_int_equal(gcma_nr_areas(), gc_ok ? 0 : 1);
		assert_int_equal(oom_checkers_failing(m), 0);
		if (armed) {
			assert_int_equal(c_ok, 0);
			assert_int_equal(gc_ok, 0);
			test_machine_down(&tm);
			break;
		}
		/* One allocation failed: exactly one area is not active. */
		assert_true(!c_ok != !gc_ok);
		assert_true(sim_log_read(m, log, sizeof(log)) > 0);
		assert_non_null(strstr(log, c_ok ?
				       "CMA area c could not be activated: -12" :
				       "CMA area gc could not be activated: -12"));
		/* Its pages stay reserved: none is free. */
		if (c_ok)
			assert_int_equal(sim_nr_free_cma_pages(m), 0);
		test_machine_down(&tm);
	}
	print_message("# sim_machine_boot_done: %lu failure points\n", n - 1);
	assert_true(n > 2 && n < 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gcma_range, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_gcma_range_comp, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cma_classic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cma_guarantee, setup,
						teardown),
		cmocka_unit_test(test_cma_activation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

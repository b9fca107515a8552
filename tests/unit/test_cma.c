// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of CMA: declaration, cma_alloc()/cma_release() (every
 * return value and error code, through the -errno variants), the bitmap
 * search with alignment and order_per_bit, classic allocation by
 * migration (clean folios reclaimed, dirty ones written back, mapped ones
 * unmapped, data preserved), -EBUSY on pinned folios with a retry at the
 * next position and the failure report, short pins that expire while
 * migration retries, `guarantee` areas that route to GCMA, the outputs
 * (sysfs, debugfs, free extents, trace events), and failed calls that
 * change nothing.
 *
 * Every test runs on a 4096-page machine with page data and two areas
 * declared at boot:
 *
 *   pfn 0                 2048            3072            4096
 *       |<- system memory ->|<--- cma0 ---->|<--- gcma0 --->|
 *         MOVABLE/UNMOVABLE   2 CMA pageblocks  GCMA (cleancache)
 *
 * and one filesystem with a 16384-page file. cma_check(), gcma_check(),
 * cleancache_check() and the page allocator's checker run after every
 * step (CHECK()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>
#include "harness.h"

#define NR_PAGES	4096UL
#define CMA0		2048UL
#define GCMA0		3072UL
#define AREA		1024UL
#define FILE_PAGES	16384UL

#define PFN_PHYS_T(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)

struct cma_test {
	struct test_machine tm;
	struct sim_machine *m;
	struct cma *cma0, *gcma0;
	struct super_block *sb;
	struct inode *inode;
	unsigned long next_index;
};

static struct cma_test *T(void **state)
{
	return *state;
}

static int setup_opts(void **state, const struct sim_fs_options *opts)
{
	struct cma_test *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, NR_PAGES, 0, SIM_DATA_PAGES);
	assert_errno(sim_cma_declare(t->m, "cma0", CMA0, AREA, 0, false,
				     &t->cma0), 0);
	assert_errno(sim_cma_declare(t->m, "gcma0", GCMA0, AREA, 0, true,
				     &t->gcma0), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	assert_errno(sim_fs_mount_opts("disk", 1UL << 20, opts, &t->sb), 0);
	assert_errno(sim_inode_create(t->sb, 1, FILE_PAGES * PAGE_SIZE,
				      &t->inode), 0);
	*state = t;
	return 0;
}

static int setup(void **state)
{
	return setup_opts(state, NULL);
}

static int setup_migrate_dirty(void **state)
{
	static const struct sim_fs_options o = { .migrate_dirty = true };

	return setup_opts(state, &o);
}

static int setup_mapped(void **state)
{
	static const struct sim_fs_options o = { .mapped = true };

	return setup_opts(state, &o);
}

static int teardown(void **state)
{
	struct cma_test *t = *state;

	assert_errno(sim_fs_unmount(t->sb), 0);
	test_machine_down(&t->tm);
	free(t);
	return 0;
}

static void __check(const char *file, int line)
{
	struct sim_machine *m = sim_current_machine();
	int c = cma_check(), g = gcma_check(), cc = cleancache_check();
	int p = sim_page_alloc_check(m);

	if (c || g || cc || p) {
		test_print_violations(m);
		print_error("%s:%d: cma_check %d gcma_check %d cleancache_check %d page_alloc_check %d\n",
			    file, line, c, g, cc, p);
		_fail(file, line);
	}
}

/* CHECK - every invariant checker must pass, now. */
#define CHECK()		__check(__FILE__, __LINE__)

static bool in_cma0(unsigned long pfn)
{
	return pfn >= CMA0 && pfn < CMA0 + AREA;
}

/* Page-cache folios of the file whose pfn lies in cma0. */
static unsigned long cached_in_cma0(struct cma_test *t)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < t->next_index; i++) {
		struct folio *f = sim_page_cache_get(t->inode, i);

		if (f) {
			n += in_cma0(folio_pfn(f));
			folio_put(f);
		}
	}
	return n;
}

/*
 * Read new pages of the file until cma0 has no free page left: movable
 * page-cache allocations fall back into the CMA pageblocks, as the kernel
 * lets them. Memory pressure evicts older pages meanwhile.
 */
static void fill_cma0(struct cma_test *t)
{
	while (sim_nr_free_cma_pages(t->m) && t->next_index < FILE_PAGES)
		assert_errno(sim_page_cache_read(t->inode, t->next_index++,
						 NULL), 0);
	assert_int_equal(sim_nr_free_cma_pages(t->m), 0);
	assert_true(cached_in_cma0(t) > AREA / 2);
	CHECK();
}

/* The first page-cache folio in [@lo, @hi), with a reference, or fail. */
static struct folio *cached_folio_in(struct cma_test *t, unsigned long lo,
				     unsigned long hi)
{
	for (unsigned long i = 0; i < t->next_index; i++) {
		struct folio *f = sim_page_cache_get(t->inode, i);

		if (!f)
			continue;
		if (folio_pfn(f) >= lo && folio_pfn(f) < hi)
			return f;
		folio_put(f);
	}
	fail_msg("no cached folio in [%#lx, %#lx)", lo, hi);
	return NULL;
}

/* Every cached page of the file holds what it should. */
static void assert_contents(struct cma_test *t)
{
	static unsigned char want[PAGE_SIZE];

	for (unsigned long i = 0; i < t->next_index; i++) {
		struct folio *f = sim_page_cache_get(t->inode, i);

		if (!f)
			continue;
		assert_errno(sim_page_expected(t->inode, i, want), 0);
		assert_memory_equal(folio_address(f), want, PAGE_SIZE);
		folio_put(f);
	}
}

/* Does the machine's log contain @needle? */
static bool log_has(struct cma_test *t, const char *needle)
{
	static char buf[1 << 16];
	ssize_t n = sim_log_read(t->m, buf, sizeof(buf) - 1);

	assert_true(n >= 0);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* Events named @event in the machine's trace ring. */
static unsigned long trace_count(struct sim_machine *m, const char *event)
{
	unsigned long n = 0, nr = sim_trace_count(m);
	char line[512], needle[64];

	snprintf(needle, sizeof(needle), " %s: ", event);
	for (unsigned long i = 0; i < nr; i++)
		if (!sim_trace_get(m, i, line, sizeof(line)) &&
		    strstr(line, needle))
			n++;
	return n;
}

/*
 * Evict @n clean cached folios that lie outside cma0, so that migration
 * finds free pages without direct reclaim (which writes back dirty
 * folios of its own).
 */
static void make_room_outside(struct cma_test *t, unsigned long n)
{
	for (unsigned long i = 0; i < t->next_index && n; i++) {
		struct folio *f = sim_page_cache_get(t->inode, i);
		bool victim;

		if (!f)
			continue;
		victim = !in_cma0(folio_pfn(f)) && !folio_test_dirty(f);
		folio_put(f);
		if (victim) {
			assert_errno(sim_page_cache_evict(t->inode, i), 0);
			n--;
		}
	}
	assert_int_equal(n, 0);
}

static unsigned long pfn_of(const struct page *page)
{
	return page_to_pfn((struct page *)page);
}

/* ---- declaration --------------------------------------------------------- */

/*
 * Declaring areas: every error code, on a fresh machine still booting.
 *
 *   pfn 0          512        1024              2048 ...     4096
 *       |  free    | reserved  |      free        |    free    |
 *                  (memblock)
 */
static void t_declare_errors(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0,
						SIM_DATA_NONE);
	struct cma *c, *areas[MAX_CMA_AREAS];
	char longname[CMA_MAX_NAME + 1];

	(void)state;
	assert_errno(sim_memblock_reserve(m, 512, 512, "carve"), 0);
	/* Expect -EINVAL: count 0, misaligned base or size, order_per_bit > 9. */
	assert_errno(sim_cma_declare(m, "a", 0, 0, 0, false, &c), -EINVAL);
	assert_errno(sim_cma_declare(m, "a", 100, 512, 0, false, &c), -EINVAL);
	assert_errno(sim_cma_declare(m, "a", 0, 100, 0, false, &c), -EINVAL);
	assert_errno(sim_cma_declare(m, "a", 0, 512, 10, false, &c), -EINVAL);
	assert_errno(sim_cma_declare(m, "a", 0, 512, 0, false, NULL), -EINVAL);
	/*
	 * Pfns or counts whose byte address does not fit in 64 bits: they
	 * used to wrap (2^52 + 512 pages declared a 512-page area at 0).
	 */
	assert_errno(sim_cma_declare(m, "a", 0, (1UL << 52) + 512, 0, false,
				     &c), -EINVAL);
	assert_errno(sim_cma_declare(m, "a", (1UL << 52) + 512, 512, 0, false,
				     &c), -EINVAL);
	assert_errno(sim_cma_declare(m, "a", 0, ULONG_MAX, 0, false, &c),
		     -EINVAL);
	/* Expect -ENAMETOOLONG. */
	memset(longname, 'x', CMA_MAX_NAME);
	longname[CMA_MAX_NAME] = '\0';
	assert_errno(sim_cma_declare(m, longname, 0, 512, 0, false, &c),
		     -ENAMETOOLONG);
	/* Expect -EBUSY: a fixed range over the carve-out. */
	assert_errno(sim_cma_declare(m, "a", 512, 512, 0, false, &c), -EBUSY);
	/* cma_init_reserved_mem() wants exactly reserved memory. */
	assert_errno(cma_init_reserved_mem(PFN_PHYS_T(1024), PFN_PHYS_T(512),
					   0, "b", &c), -EINVAL);
	assert_errno(cma_init_reserved_mem(PFN_PHYS_T(512), PFN_PHYS_T(512),
					   0, "b", &c), 0);
	/* Expect -EBUSY: the same reserved range again (overlap). */
	assert_errno(cma_init_reserved_mem(PFN_PHYS_T(512), PFN_PHYS_T(512),
					   0, "c", &c), -EBUSY);
	/* Expect -EEXIST: a name in use. */
	assert_errno(sim_cma_declare(m, "b", 0, 512, 0, false, &c), -EEXIST);
	/* Expect -ENOMEM: no room left for 4096 more pages. */
	assert_errno(sim_cma_declare(m, "big", 0, NR_PAGES, 0, false, &c),
		     -ENOMEM);
	/* Fill the table: 19 more one-pageblock areas fit? Only 6 do here. */
	for (int i = 0; i < 6; i++) {
		char name[8];

		snprintf(name, sizeof(name), "x%d", i);
		assert_errno(sim_cma_declare(m, name, 0, 512, 0, false,
					     &areas[i]), 0);
	}
	assert_errno(sim_machine_boot_done(m), 0);
	/* Expect -EBUSY: declaring after boot. */
	assert_errno(sim_cma_declare(m, "late", 0, 512, 0, false, &c), -EBUSY);
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
}

/*
 * Areas that touch are not overlapping: one ending where another starts,
 * below it and above it, is declared (kills 738ad54612, which took a
 * range ending at an area's base for an overlap).
 */
static void t_declare_adjacent(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0,
						SIM_DATA_NONE);
	struct cma *c;

	(void)state;
	assert_errno(sim_memblock_reserve(m, 512, 512, "mid"), 0);
	assert_errno(cma_init_reserved_mem(PFN_PHYS_T(512), PFN_PHYS_T(512),
					   0, "mid", &c), 0);
	assert_errno(sim_memblock_reserve(m, 0, 512, "below"), 0);
	assert_errno(cma_init_reserved_mem(PFN_PHYS_T(0), PFN_PHYS_T(512),
					   0, "below", &c), 0);
	assert_errno(sim_memblock_reserve(m, 1024, 512, "above"), 0);
	assert_errno(cma_init_reserved_mem(PFN_PHYS_T(1024), PFN_PHYS_T(512),
					   0, "above", &c), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
}

/* Expect -ENOSPC for the 21st area, with nothing reserved for it. */
static void t_declare_too_many(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 512 * (MAX_CMA_AREAS + 2),
						0, SIM_DATA_NONE);
	unsigned long regions;
	struct cma *c;

	(void)state;
	for (int i = 0; i < MAX_CMA_AREAS; i++)
		assert_errno(sim_cma_declare(m, NULL, 0, 512, 0, false, &c), 0);
	regions = sim_memblock_count(m);
	assert_errno(sim_cma_declare(m, NULL, 0, 512, 0, false, &c), -ENOSPC);
	assert_int_equal(sim_memblock_count(m), regions);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_string_equal(cma_get_name(c), "cma19");
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
}

/* ---- cma_alloc(): argument errors ---------------------------------------- */

/*
 *   pfn 2048                       3072
 *       |<----------- cma0 ---------->|
 * Expect -EINVAL for: a NULL or foreign area, count 0, count 1025, unknown
 * gfp bits, align 32, __GFP_COMP with 3 pages, with 1024 pages (order 10),
 * with align below the order; and nothing allocated afterwards. Then
 * align 31 is accepted (-ENOMEM: no position of the area fits it).
 */
static void t_alloc_einval(void **state)
{
	struct cma_test *t = T(state);
	struct cma_stats s;
	static unsigned long fake[64];
	struct page *page;

	assert_errno(cma_alloc_pages(NULL, 1, 0, GFP_KERNEL, &page), -EINVAL);
	assert_errno(cma_alloc_pages((struct cma *)fake, 1, 0, GFP_KERNEL, &page), -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, 0, 0, GFP_KERNEL, &page),
		     -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, AREA + 1, 0, GFP_KERNEL, &page),
		     -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, 1, 0, GFP_KERNEL | __GFP_MOVABLE,
				     &page), -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, 1, 0, GFP_KERNEL | 0x80000000u,
				     &page), -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, 1, 32, GFP_KERNEL, &page),
		     -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, 3, 2, GFP_KERNEL | __GFP_COMP,
				     &page), -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, 1024, 10,
				     GFP_KERNEL | __GFP_COMP, &page), -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, 8, 2, GFP_KERNEL | __GFP_COMP,
				     &page), -EINVAL);
	assert_errno(cma_alloc_pages(t->cma0, 1, 0, GFP_KERNEL, NULL),
		     -EINVAL);
	assert_null(cma_alloc(t->cma0, 0, 0, true));
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.available_pages, AREA);
	assert_int_equal(s.alloc_pages_success + s.alloc_pages_fail, 0);
	/*
	 * align 31, the largest: accepted; no pfn of the area is aligned
	 * to 2^31 pages (kills 33418a5102, which refused it).
	 */
	assert_errno(cma_alloc_pages(t->cma0, 1, 31, GFP_KERNEL, &page),
		     -ENOMEM);
	CHECK();
}

/* ---- cma_alloc(): the bitmap search -------------------------------------- */

/*
 *   pfn 2048 2049       2064                                 3072
 *       |1pg|  15 free  |16 pages, align 4 |     ...          |
 * Expect the 1-page allocation at pfn 2048 and the aligned 16-page one at
 * 2064; then the free extents "15@1+1008@32=> 1023..." minus 16.
 */
static void t_alloc_align(void **state)
{
	struct cma_test *t = T(state);
	struct page *a, *b;
	char buf[128];

	a = cma_alloc(t->cma0, 1, 0, false);
	assert_non_null(a);
	assert_int_equal(pfn_of(a), CMA0);
	CHECK();
	b = cma_alloc(t->cma0, 16, 4, false);
	assert_non_null(b);
	assert_int_equal(pfn_of(b), CMA0 + 16);
	CHECK();
	assert_int_equal(folio_ref_count((struct folio *)a), 1);
	for (unsigned long i = 0; i < 16; i++)
		assert_int_equal(folio_ref_count((struct folio *)nth_page(b, i)), 1);
	assert_true(cma_free_extents(t->cma0, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "15@1+992@32=> 1007 free of 1024 total pages");
	assert_true(cma_release(t->cma0, b, 16));
	assert_true(cma_release(t->cma0, a, 1));
	CHECK();
}

/*
 * order_per_bit 2: one bit per 4 pages, on a 2048-page machine of its own.
 * A 1-page request takes a whole bit.
 *   pfn 1024 1025  1028 1029                 2048
 *       |a   |...  |b   |...    free           |
 *       |<- bit 0 ->|<- bit 1 ->|
 * Expect a at 1024, b at 1028, available 1024 - 8, and 1024 again once
 * both are released.
 */
static void t_alloc_order_per_bit(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 2048, 0, SIM_DATA_NONE);
	struct cma_stats s;
	struct page *a, *b;
	struct cma *c;

	(void)state;
	assert_errno(sim_cma_declare(m, "opb", 1024, 1024, 2, false, &c), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	a = cma_alloc(c, 1, 0, false);
	b = cma_alloc(c, 1, 0, false);
	assert_int_equal(pfn_of(a), 1024);
	assert_int_equal(pfn_of(b), 1028);
	assert_errno(cma_get_stats(c, &s), 0);
	assert_int_equal(s.available_pages, 1024 - 8);
	assert_int_equal(cma_check(), 0);
	assert_true(cma_release(c, a, 1));
	assert_true(cma_release(c, b, 1));
	assert_errno(cma_get_stats(c, &s), 0);
	assert_int_equal(s.available_pages, 1024);
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
}

/*
 * An alignment above the area's own: the area starts at pfn 512 (a
 * pageblock boundary, not an order-10 one), so an order-10-aligned page
 * lies 512 pages in; the bitmap search starts from that offset.
 *   pfn 512          1024                  1536
 *       |   512 pages  |a      512 pages     |
 * Expect cma_alloc(1, align 10) at pfn 1024, not at the area's base.
 */
static void t_alloc_align_above_base(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 2048, 0, SIM_DATA_NONE);
	struct page *a;
	struct cma *c;

	(void)state;
	assert_errno(sim_cma_declare(m, "odd", 512, 1024, 0, false, &c), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	a = cma_alloc(c, 1, 10, false);
	assert_non_null(a);
	assert_int_equal(pfn_of(a), 1024);
	assert_int_equal(cma_check(), 0);
	assert_true(cma_release(c, a, 1));
	assert_int_equal(cma_check(), 0);
	test_machine_down(&tm);
}

/*
 * The area is full: -ENOMEM, the failure report in the log, and the
 * counters.
 *   pfn 2048                                  3072
 *       |################ 1024 allocated #######|
 * Expect cma_alloc(1) -> -ENOMEM, "alloc failed, req-size: 1 pages, ret:
 * -12" and "cma: number of available pages: => 0 free of 1024 total
 * pages"; alloc_pages_fail 1.
 */
static void t_alloc_enomem_full(void **state)
{
	struct cma_test *t = T(state);
	struct page *all, *page;
	struct cma_stats s;

	all = cma_alloc(t->cma0, AREA, 0, false);
	assert_non_null(all);
	assert_errno(cma_alloc_pages(t->cma0, 1, 0, GFP_KERNEL, &page),
		     -ENOMEM);
	assert_true(log_has(t, "cma_alloc: cma0: alloc failed, req-size: 1 pages, ret: -12"));
	assert_true(log_has(t, "cma: number of available pages: => 0 free of 1024 total pages"));
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.alloc_pages_success, AREA);
	assert_int_equal(s.alloc_pages_fail, 1);
	assert_int_equal(s.available_pages, 0);
	CHECK();
	assert_true(cma_release(t->cma0, all, AREA));
	CHECK();
}

/* ---- classic allocation by migration ------------------------------------- */

/*
 * cma0 is full of page-cache folios (movable fallback).
 *   pfn 2048                                  3072
 *       |ffffffffffffffffffffffffffffffffffffffff|   f = page-cache folio
 * Expect cma_alloc(512) at 2048 to succeed: every folio there is
 * reclaimed (clean) or migrated out, every cached page keeps its
 * contents, and none of the file's folios is left in [2048, 2560).
 */
static void t_classic_migrates(void **state)
{
	struct cma_test *t = T(state);
	struct sim_cost_account acct;
	struct cma_stats s;
	struct page *page;

	fill_cma0(t);
	sim_cost_account_reset();
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page), 0);
	sim_cost_account_get(&acct);
	assert_int_equal(pfn_of(page), CMA0);
	CHECK();
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	/* Clean, unmapped folios are dropped, not copied (5000724092). */
	assert_true(s.nr_reclaimed > 0);
	assert_int_equal(s.busy_retries, 0);
	/* Nothing was busy: no extra migrate_pages() pass (9c3dfa10a8). */
	assert_int_equal(acct.count[SIM_COST_MIGRATE_PASS], 0);
	for (unsigned long i = 0; i < t->next_index; i++) {
		struct folio *f = sim_page_cache_get(t->inode, i);

		if (f) {
			assert_false(folio_pfn(f) >= CMA0 &&
				     folio_pfn(f) < CMA0 + 512);
			folio_put(f);
		}
	}
	assert_contents(t);
	assert_true(cma_release(t->cma0, page, 512));
	CHECK();
}

/*
 * Dirty folios in the range: written back first (default filesystem), or
 * migrated dirty (migrate_dirty).
 *   pfn 2048                                  3072
 *       |dddddddddddddddddddddddddddddddddddddddd|   d = dirty folio
 * with free pages outside the area for the migration targets.
 * Expect writebacks to grow in the first case, not at all in the second;
 * contents kept in both.
 */
static void dirty_case(void **state, bool expect_writeback)
{
	struct cma_test *t = T(state);
	struct sim_fs_stats before, after;
	struct page *page;

	fill_cma0(t);
	make_room_outside(t, AREA + 64);
	for (unsigned long i = 0; i < t->next_index; i++) {
		struct folio *f = sim_page_cache_get(t->inode, i);

		if (!f)
			continue;
		if (in_cma0(folio_pfn(f)))
			assert_errno(sim_page_cache_write(t->inode, i), 0);
		folio_put(f);
	}
	CHECK();
	assert_errno(sim_fs_get_stats(t->sb, &before), 0);
	assert_errno(cma_alloc_pages(t->cma0, AREA, 0, GFP_KERNEL, &page), 0);
	assert_errno(sim_fs_get_stats(t->sb, &after), 0);
	if (expect_writeback)
		assert_true(after.writebacks > before.writebacks);
	else
		assert_int_equal(after.writebacks, before.writebacks);
	assert_contents(t);
	CHECK();
	assert_true(cma_release(t->cma0, page, AREA));
	CHECK();
}

static void t_classic_dirty_written_back(void **state)
{
	dirty_case(state, true);
}

static void t_classic_dirty_migrated(void **state)
{
	dirty_case(state, false);
}

/*
 * Mapped folios (an mmap'd file):
 *   pfn 2048                                  3072
 *       |mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm|   m = mapped folio
 * Expect cma_alloc(1024) to migrate every one (none reclaimed), each
 * counted in nr_mapped, with contents kept.
 */
static void t_classic_mapped(void **state)
{
	struct cma_test *t = T(state);
	struct cma_stats s;
	struct page *page;

	fill_cma0(t);
	make_room_outside(t, AREA + 64);
	assert_errno(cma_alloc_pages(t->cma0, AREA, 0, GFP_KERNEL, &page), 0);
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.nr_reclaimed, 0);
	assert_true(s.nr_migrated > 0);
	assert_int_equal(s.nr_mapped, s.nr_migrated);
	assert_contents(t);
	CHECK();
	assert_true(cma_release(t->cma0, page, AREA));
	CHECK();
}

/*
 * No page to migrate to: the mapped folios of the range must move, and
 * the first target page cannot be had (fault injection). Expect -ENOMEM
 * at once (no retry at another position), the failure counted, nothing
 * of the area allocated and every page's contents kept; the same call
 * then succeeds.
 */
static void t_classic_enomem(void **state)
{
	struct cma_test *t = T(state);
	struct cma_stats before, after;
	struct page *page = NULL;

	fill_cma0(t);
	make_room_outside(t, AREA + 64);
	assert_errno(cma_get_stats(t->cma0, &before), 0);
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_PAGE_ALLOC),
					1), 0);
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page),
		     -ENOMEM);
	sim_fault_clear(t->m);
	assert_null(page);
	assert_errno(cma_get_stats(t->cma0, &after), 0);
	assert_int_equal(after.alloc_pages_fail, before.alloc_pages_fail + 512);
	assert_int_equal(after.available_pages, AREA);
	assert_contents(t);
	CHECK();
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page), 0);
	assert_contents(t);
	assert_true(cma_release(t->cma0, page, 512));
	CHECK();
}

/*
 * A vmsplice pin in the first aligned position:
 *   pfn 2048            2560                3072
 *       |ff....P....ffff|ffffffffffffffffff|     P = pinned folio
 * Expect cma_alloc(512, align 9) to fail at 2048 (-EBUSY), retry at 2560
 * and succeed there; busy_retries 1; the log names the pfn and the pin
 * holder; the trace has cma_alloc_busy_retry at 2048.
 */
static void t_classic_pinned_retries(void **state)
{
	struct cma_test *t = T(state);
	struct folio *pinned;
	struct sim_pin *pin;
	struct cma_stats s;
	struct page *page;
	char want[96];

	fill_cma0(t);
	pinned = cached_folio_in(t, CMA0, CMA0 + 512);
	assert_errno(sim_pin_folio(pinned, SIM_PIN_VMSPLICE, 0, "splice-1",
				   &pin), 0);
	folio_put(pinned);
	assert_errno(sim_trace_enable(t->m, true), 0);
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page), 0);
	assert_int_equal(pfn_of(page), CMA0 + 512);
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.busy_retries, 1);
	assert_int_equal(s.err_migrate, 1);
	snprintf(want, sizeof(want), "pfn:%#lx", folio_pfn(pinned));
	assert_true(log_has(t, want));
	assert_true(log_has(t, "splice-1"));
	assert_true(log_has(t, "page dumped because: migration failure"));
	assert_true(log_has(t, "alloc_contig_range: [800, a00) PFNs busy"));
	assert_true(trace_count(t->m, "cma_alloc_busy_retry") == 1);
	CHECK();
	assert_true(cma_release(t->cma0, page, 512));
	assert_errno(sim_unpin(pin), 0);
	CHECK();
}

/*
 * Pins in both aligned positions:
 *   pfn 2048            2560                3072
 *       |ff....P....ffff|ffff....P.....ffff|
 * Expect -EBUSY after two attempts, every bit clear again, the free
 * extents "1024@0=> 1024 free of 1024 total pages" in the log, and
 * alloc_pages_fail 512.
 */
static void t_classic_pinned_ebusy(void **state)
{
	struct cma_test *t = T(state);
	struct sim_pin *pins[2];
	struct cma_stats s;
	struct page *page;

	fill_cma0(t);
	for (int i = 0; i < 2; i++) {
		struct folio *f = cached_folio_in(t, CMA0 + i * 512,
						  CMA0 + (i + 1) * 512);

		assert_errno(sim_pin_folio(f, SIM_PIN_VMSPLICE, 0, "splice",
					   &pins[i]), 0);
		folio_put(f);
	}
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page),
		     -EBUSY);
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.busy_retries, 2);
	assert_int_equal(s.alloc_pages_fail, 512);
	assert_int_equal(s.available_pages, AREA);
	assert_true(log_has(t, "ret: -16"));
	assert_true(log_has(t, "cma: number of available pages: 1024@0=> 1024 free of 1024 total pages"));
	CHECK();
	for (int i = 0; i < 2; i++)
		assert_errno(sim_unpin(pins[i]), 0);
	/* With the pins gone the same request succeeds at the first place. */
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page), 0);
	assert_int_equal(pfn_of(page), CMA0);
	assert_true(cma_release(t->cma0, page, 512));
	CHECK();
}

/*
 * A short O_DIRECT pin that expires while migration retries:
 *   pfn 2048                                  3072
 *       |ff....D....ffffffffffffffffffffffffffff|   D = O_DIRECT pin, 1 ns
 * Expect success at 2048 without a busy retry, and virtual time to have
 * passed (the pin wait).
 */
static void t_classic_short_pin_waits(void **state)
{
	struct cma_test *t = T(state);
	struct folio *f;
	struct cma_stats s;
	struct page *page;
	uint64_t before;

	fill_cma0(t);
	f = cached_folio_in(t, CMA0, CMA0 + 512);
	/* A timed pin has no handle: the machine releases it. */
	assert_errno(sim_pin_folio(f, SIM_PIN_ODIRECT, 1, "dio", NULL), 0);
	folio_put(f);
	before = sim_clock_now(t->m);
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page), 0);
	assert_int_equal(pfn_of(page), CMA0);
	assert_true(sim_clock_now(t->m) > before);
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.busy_retries, 0);
	assert_int_equal(sim_pin_count(t->m), 0);
	assert_true(cma_release(t->cma0, page, 512));
	CHECK();
}

/*
 * An O_DIRECT pin held for 15 migration passes, longer than one round of
 * them (MIGRATE_PASSES, 10; only the passes cost virtual time here), on a
 * folio of the range's first batch: alloc_contig_range() retries the batch, up to
 * CONTIG_BATCH_TRIES rounds, while the pin ages, and the allocation
 * succeeds at 2048, without a busy retry of cma_alloc(), once it
 * expires. Kills afa7a97972 (giving up with -EBUSY as soon as a batch
 * stays busy for one round).
 */
#define MIGRATE_PASS_NS	10000

static void t_classic_pin_outlasting_a_round(void **state)
{
	struct cma_test *t = T(state);
	struct sim_cost_model costs = { 0 };
	uint64_t hold = 15 * MIGRATE_PASS_NS;
	struct folio *f;
	struct cma_stats s;
	struct page *page;
	uint64_t before;

	fill_cma0(t);
	/* Only the passes move the clock: round one ends at 10 passes. */
	costs.ns[SIM_COST_MIGRATE_PASS] = MIGRATE_PASS_NS;
	assert_errno(sim_cost_model_set(t->m, &costs), 0);
	f = cached_folio_in(t, CMA0, CMA0 + 32);
	assert_errno(sim_pin_folio(f, SIM_PIN_ODIRECT, hold, "dio", NULL), 0);
	folio_put(f);
	before = sim_clock_now(t->m);
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page), 0);
	assert_int_equal(pfn_of(page), CMA0);
	assert_true(sim_clock_now(t->m) - before >= hold);
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.busy_retries, 0);
	assert_int_equal(sim_pin_count(t->m), 0);
	assert_true(cma_release(t->cma0, page, 512));
	CHECK();
}

/*
 * A FOLL_LONGTERM pin may not stay in a CMA pageblock (kernels since 5.7
 * migrate the folio out first): refused with -EAGAIN while the setting is
 * on, taken when the 2015-era behaviour is asked for.
 */
static void t_longterm_pin_refused_in_cma(void **state)
{
	struct cma_test *t = T(state);
	struct folio *f;
	struct sim_pin *pin;

	fill_cma0(t);
	f = cached_folio_in(t, CMA0, CMA0 + AREA);
	assert_true(sim_pin_longterm_migrates(t->m));
	assert_errno(sim_pin_folio(f, SIM_PIN_LONGTERM, 0, "gup", &pin),
		     -EAGAIN);
	assert_false(folio_maybe_dma_pinned(f));
	assert_errno(sim_pin_set_longterm_migrates(t->m, false), 0);
	assert_errno(sim_pin_folio(f, SIM_PIN_LONGTERM, 0, "gup", &pin), 0);
	folio_put(f);
	assert_errno(sim_unpin(pin), 0);
	CHECK();
}

/* __GFP_COMP and __GFP_ZERO on a classic area. */
static void t_classic_comp_zero(void **state)
{
	struct cma_test *t = T(state);
	struct folio *folio;
	struct page *page;

	fill_cma0(t);
	assert_errno(cma_alloc_pages(t->cma0, 16, 4,
				     GFP_KERNEL | __GFP_COMP | __GFP_ZERO,
				     &page), 0);
	folio = page_folio(page);
	assert_ptr_equal(folio, (struct folio *)page);
	assert_int_equal(folio_nr_pages(folio), 16);
	assert_int_equal(folio_ref_count(folio), 1);
	for (unsigned long i = 0; i < 16; i++) {
		const unsigned char *p = folio_address((struct folio *)folio_page(folio, i));

		for (unsigned long b = 0; b < PAGE_SIZE; b++)
			assert_int_equal(p[b], 0);
	}
	CHECK();
	/* Expect -EINVAL: a compound folio released with the wrong count. */
	assert_errno(cma_release_pages(t->cma0, page, 8), -EINVAL);
	assert_errno(cma_release_pages(t->cma0, page, 16), 0);
	CHECK();
}

/* ---- cma_release() -------------------------------------------------------- */

/*
 *   pfn 2048   2056        2064                           3072
 *       | 8 allocated |  free  |            free ...         |
 * Expect -EINVAL (nothing changed) for: NULL area or pages, count 0, a
 * range never allocated (2056), one straddling the area's end, a page
 * outside the area, one with an extra reference; then 0, and a second
 * release of the same range -EINVAL (double free).
 */
static void t_release_errors(void **state)
{
	struct cma_test *t = T(state);
	struct cma_stats s;
	struct page *page;

	assert_errno(cma_alloc_pages(t->cma0, 8, 0, GFP_KERNEL, &page), 0);
	assert_int_equal(pfn_of(page), CMA0);
	assert_errno(cma_release_pages(NULL, page, 8), -EINVAL);
	assert_errno(cma_release_pages(t->cma0, NULL, 8), -EINVAL);
	assert_errno(cma_release_pages(t->cma0, page, 0), -EINVAL);
	assert_errno(cma_release_pages(t->cma0, pfn_to_page(CMA0 + 8), 8),
		     -EINVAL);
	assert_errno(cma_release_pages(t->cma0,
				       pfn_to_page(CMA0 + AREA - 4), 8),
		     -EINVAL);
	assert_errno(cma_release_pages(t->cma0, pfn_to_page(CMA0 - 8), 8),
		     -EINVAL);
	/* An extra reference on the 5th page: refused, nothing changed. */
	folio_get((struct folio *)nth_page(page, 4));
	assert_errno(cma_release_pages(t->cma0, page, 8), -EINVAL);
	assert_false(cma_release(t->cma0, page, 8));
	for (unsigned long i = 0; i < 8; i++)
		assert_int_equal(folio_ref_count((struct folio *)nth_page(page, i)),
				 i == 4 ? 2 : 1);
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.available_pages, AREA - 8);
	assert_int_equal(s.release_pages_success, 0);
	CHECK();
	folio_put((struct folio *)nth_page(page, 4));
	assert_errno(cma_release_pages(t->cma0, page, 8), 0);
	assert_errno(cma_release_pages(t->cma0, page, 8), -EINVAL);
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.release_pages_success, 8);
	assert_int_equal(s.available_pages, AREA);
	CHECK();
}

/* ---- the `guarantee` flag: GCMA behind cma_alloc() ---------------------- */

/*
 *   pfn 3072                                  4096
 *       |<---------------- gcma0 ---------------->|  donated to cleancache
 * Expect cma_alloc(gcma0, 64) at 3072 with refcount 1 per page, counted in
 * gcma0's stats with gcma 1, and released.
 */
static void t_gcma_routes(void **state)
{
	struct cma_test *t = T(state);
	struct cma_stats s;
	struct page *page;

	page = cma_alloc(t->gcma0, 64, 0, false);
	assert_non_null(page);
	assert_int_equal(pfn_of(page), GCMA0);
	for (unsigned long i = 0; i < 64; i++)
		assert_int_equal(folio_ref_count((struct folio *)nth_page(page, i)), 1);
	assert_errno(cma_get_stats(t->gcma0, &s), 0);
	assert_true(s.gcma);
	assert_int_equal(s.alloc_pages_success, 64);
	CHECK();
	assert_true(cma_release(t->gcma0, page, 64));
	CHECK();
}

/*
 * v2's cma_release() ignores gcma_free_range()'s error and clears the
 * bitmap anyway. Here the error comes back and the range stays allocated.
 *   pfn 3072 3073                              4096
 *       |A  |R (extra ref)|                        |
 * Expect -EINVAL, the bit still set, the refcounts as they were.
 */
static void t_gcma_release_reports_error(void **state)
{
	struct cma_test *t = T(state);
	struct cma_stats s;
	struct page *page;

	assert_errno(cma_alloc_pages(t->gcma0, 2, 0, GFP_KERNEL, &page), 0);
	folio_get((struct folio *)nth_page(page, 1));
	assert_errno(cma_release_pages(t->gcma0, page, 2), -EINVAL);
	assert_false(cma_release(t->gcma0, page, 2));
	assert_true(log_has(t, "gcma_free_range(0xc00, 2) failed: -22"));
	assert_errno(cma_get_stats(t->gcma0, &s), 0);
	assert_int_equal(s.available_pages, AREA - 2);
	assert_int_equal(folio_ref_count((struct folio *)page), 1);
	assert_int_equal(folio_ref_count((struct folio *)nth_page(page, 1)), 2);
	CHECK();
	folio_put((struct folio *)nth_page(page, 1));
	assert_true(cma_release(t->gcma0, page, 2));
	CHECK();
}

/* ---- outputs --------------------------------------------------------------- */

static char *show(int (*fn)(struct cma *, FILE *), struct cma *cma)
{
	static char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	assert_errno(fn(cma, f), 0);
	fclose(f);
	return buf;
}

/* sysfs and debugfs after one 3-page allocation. */
static void t_outputs(void **state)
{
	struct cma_test *t = T(state);
	struct page *page;

	assert_errno(sim_trace_enable(t->m, true), 0);
	page = cma_alloc(t->cma0, 3, 0, false);
	assert_non_null(page);
	assert_non_null(strstr(show(cma_sysfs_show, t->cma0),
			       "alloc_pages_success 3\nalloc_pages_fail 0\n"
			       "release_pages_success 0\ntotal_pages 1024\n"
			       "available_pages 1021\ngcma 0\n"));
	assert_non_null(strstr(show(cma_debugfs_show, t->cma0),
			       "base_pfn 0x800\ncount 1024\norder_per_bit 0\n"
			       "used 3\nmaxchunk 1021\nbitmap 7 0 0"));
	assert_non_null(strstr(show(cma_sysfs_show, t->gcma0), "gcma 1\n"));
	assert_true(cma_release(t->cma0, page, 3));
	assert_int_equal(trace_count(t->m, "cma_alloc_start"), 1);
	assert_int_equal(trace_count(t->m, "cma_alloc_finish"), 1);
	assert_int_equal(trace_count(t->m, "cma_release"), 1);
	assert_ptr_equal(cma_find_area("gcma0"), t->gcma0);
	assert_int_equal(cma_get_base(t->cma0), CMA0 << PAGE_SHIFT);
	assert_int_equal(cma_get_size(t->cma0), AREA << PAGE_SHIFT);
	CHECK();
}

/* ---- the same workload, GCMA against classic CMA ---------------------- */

/* Cached pages in cleancache, all pools. */
static uint64_t cc_cached(void)
{
	struct cleancache_stats cs;

	assert_errno(cleancache_stats_get(&cs), 0);
	return cs.cached;
}

/*
 * One machine, one workload: the page cache fills all memory (cma0 too),
 * pages read twice and evicted fill cleancache (gcma0's pool), some pages
 * are dirty, and a vmsplice pin holds the folio at cma0's first pfn.
 *
 *   pfn 0                 2048            3072            4096
 *       |ffffdfffffffffffff|Pfffffdffffffff|cccccccccccccccc|
 *        f clean folio  d dirty  P pinned  c cached in cleancache
 *
 * Expect cma_alloc(gcma0, 1024) to succeed at once, with no migration,
 * writeback or pin wait in its cost account, however full cleancache is;
 * cma_alloc(cma0, 512, align 9) on the same machine to fail at the
 * pinned position, retry at 2560 and succeed there; then the whole area
 * to fail with -ENOMEM (no room) and another 512 with -EBUSY (the only
 * free run is pinned). Every checker passes after every step.
 */
static void t_gcma_vs_classic(void **state)
{
	struct cma_test *t = T(state);
	struct sim_cost_account acct;
	struct page *g, *c, *page;
	struct folio *first;
	struct sim_pin *pin;
	struct cma_stats s;

	fill_cma0(t);
	/* Read a window twice (workingset), then push it out. */
	for (int pass = 0; pass < 2; pass++)
		for (unsigned long i = 0; i < 1536; i++)
			assert_errno(sim_page_cache_read(t->inode, i, NULL), 0);
	for (unsigned long i = 0; i < 1536; i++) {
		int ret = sim_page_cache_evict(t->inode, i);

		assert_true(ret == 0 || ret == -ENOENT);
	}
	for (unsigned long i = 0; i < 1536 && t->next_index < FILE_PAGES; i++)
		assert_errno(sim_page_cache_read(t->inode, t->next_index++,
						 NULL), 0);
	assert_true(cc_cached() > AREA / 2);
	for (unsigned long i = t->next_index - 64; i < t->next_index; i++)
		assert_errno(sim_page_cache_write(t->inode, i), 0);
	first = page_folio(pfn_to_page(CMA0));
	assert_true(folio_test_lru(first));
	assert_errno(sim_pin_folio(first, SIM_PIN_VMSPLICE, 0, "splice", &pin),
		     0);
	CHECK();

	sim_cost_account_reset();
	assert_errno(cma_alloc_pages(t->gcma0, AREA, 0, GFP_KERNEL, &g), 0);
	sim_cost_account_get(&acct);
	assert_int_equal(pfn_of(g), GCMA0);
	assert_int_equal(acct.count[SIM_COST_PAGE_COPY], 0);
	assert_int_equal(acct.count[SIM_COST_MIGRATE], 0);
	assert_int_equal(acct.count[SIM_COST_WRITEBACK], 0);
	assert_int_equal(acct.wait_ns, 0);
	assert_int_equal(acct.count[SIM_COST_RANGE_CALL], 1);
	assert_int_equal(acct.count[SIM_COST_RANGE_PAGE], AREA);
	assert_true(acct.count[SIM_COST_CC_DROP] > 0);
	CHECK();

	sim_cost_account_reset();
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &c), 0);
	sim_cost_account_get(&acct);
	/* Two attempts: each isolates and drains; the pinned one passes. */
	assert_int_equal(acct.count[SIM_COST_DRAIN], 2);
	assert_int_equal(acct.count[SIM_COST_BUSY_RETRY], 1);
	assert_true(acct.count[SIM_COST_MIGRATE_PASS] > 0);
	assert_int_equal(pfn_of(c), CMA0 + 512);
	assert_errno(cma_get_stats(t->cma0, &s), 0);
	assert_int_equal(s.busy_retries, 1);
	CHECK();
	/* No room for the whole area; the one free 512 run is pinned. */
	assert_errno(cma_alloc_pages(t->cma0, AREA, 0, GFP_KERNEL, &page),
		     -ENOMEM);
	assert_errno(cma_alloc_pages(t->cma0, 512, 9, GFP_KERNEL, &page),
		     -EBUSY);
	CHECK();

	assert_true(cma_release(t->cma0, c, 512));
	assert_true(cma_release(t->gcma0, g, AREA));
	assert_errno(sim_unpin(pin), 0);
	CHECK();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_declare_errors),
		cmocka_unit_test(t_declare_adjacent),
		cmocka_unit_test(t_declare_too_many),
		cmocka_unit_test_setup_teardown(t_alloc_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(t_alloc_align, setup, teardown),
		cmocka_unit_test(t_alloc_align_above_base),
		cmocka_unit_test(t_alloc_order_per_bit),
		cmocka_unit_test_setup_teardown(t_alloc_enomem_full, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_classic_migrates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_classic_dirty_written_back,
						setup, teardown),
		cmocka_unit_test_setup_teardown(t_classic_dirty_migrated,
						setup_migrate_dirty, teardown),
		cmocka_unit_test_setup_teardown(t_classic_enomem, setup_mapped,
						teardown),
		cmocka_unit_test_setup_teardown(t_classic_mapped, setup_mapped,
						teardown),
		cmocka_unit_test_setup_teardown(t_classic_pinned_retries, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_classic_pinned_ebusy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_classic_pin_outlasting_a_round, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_classic_short_pin_waits, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_longterm_pin_refused_in_cma,
						setup, teardown),
		cmocka_unit_test_setup_teardown(t_classic_comp_zero, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_release_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_gcma_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(t_gcma_release_reports_error,
						setup, teardown),
		cmocka_unit_test_setup_teardown(t_outputs, setup, teardown),
		cmocka_unit_test_setup_teardown(t_gcma_vs_classic, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

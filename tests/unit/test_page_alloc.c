// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the page allocator model (lib/mm/page_alloc*.c): boot,
 * allocation orders, splitting and merging, migrate types and fallbacks,
 * CMA pageblocks, isolation and the calls alloc_contig_range() uses, bad
 * frees, fault injection, and the checker, which runs after every step.
 *
 * Most tests use a 4096-page machine at pfn 0 in data mode: 8 pageblocks
 * of 512 pages, 4 blocks of MAX_PAGE_ORDER (1024 pages):
 *
 *   pfn 0        512       1024      1536      2048      2560      3072    4096
 *       | pb 0    | pb 1    | pb 2    | pb 3    | pb 4    | pb 5    | 6, 7  |
 *       |<----- order 10 -->|<----- order 10 -->|<----- order 10 -->|<- 10 >|
 *
 * The CMA tests reserve [2048, 3072) at boot and give its two pageblocks
 * to CMA with init_cma_reserved_pageblock().
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pa_test.h"

static struct pa_test *pa_up(unsigned long nr, unsigned long base, bool cma)
{
	struct pa_test *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, nr, base, SIM_DATA_PAGES);
	if (cma)
		assert_errno(sim_memblock_reserve(t->m, CMA_BASE, CMA_PAGES,
						  "cma"), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	if (cma)
		for (unsigned long p = CMA_BASE; p < CMA_BASE + CMA_PAGES;
		     p += pageblock_nr_pages)
			init_cma_reserved_pageblock(pfn_to_page(p));
	CHECK(t);
	return t;
}

static int setup(void **state)
{
	*state = pa_up(NR_PAGES, 0, false);
	return 0;
}

static int setup_cma(void **state)
{
	*state = pa_up(NR_PAGES, 0, true);
	return 0;
}


/* Free blocks of @order on all lists. */
static unsigned long nr_blocks(unsigned int order)
{
	return zone()->free_area[order].nr_free;
}

/* Is @pfn the head of a free block of @order? */
static bool free_head(unsigned long pfn, unsigned int order)
{
	const struct page *page = pfn_to_page(pfn);

	return PageBuddy(page) && buddy_order(page) == order;
}

static int pb_type(unsigned long pfn)
{
	return get_pageblock_migratetype(pfn_to_page(pfn));
}


/* ---- boot -------------------------------------------------------------- */

/* Expect 4 free blocks of order 10 at 0, 1024, 2048, 3072, all movable. */
static void test_boot_blocks(void **state)
{
	struct pa_test *t = T(state);

	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
	assert_int_equal(sim_nr_free_cma_pages(t->m), 0);
	assert_int_equal(nr_blocks(MAX_PAGE_ORDER), 4);
	for (unsigned long p = 0; p < NR_PAGES; p += 1024)
		assert_true(free_head(p, MAX_PAGE_ORDER));
	for (unsigned long p = 0; p < NR_PAGES; p += pageblock_nr_pages)
		assert_int_equal(pb_type(p), MIGRATE_MOVABLE);
	/* Only heads are marked. */
	assert_false(PageBuddy(pfn_to_page(1)));
	assert_false(PageBuddy(pfn_to_page(512)));
}

/*
 * A reservation in the middle:
 *
 *   0                1000  1100                                 4096
 *   |<---- free ----->|resv|<------------- free ----------------->|
 *
 * Expect [0, 1000) as 512@9, 256@8, 128@7, 64@6, 32@5, 8@3 and
 * [1100, 4096) as 4@2, 16@4, 32@5, 128@7, 256@8, 512@9, 1024@10 twice.
 */
static void test_boot_reservation(void **state)
{
	static const struct { unsigned long pfn; unsigned int order; } want[] = {
		{ 0, 9 }, { 512, 8 }, { 768, 7 }, { 896, 6 }, { 960, 5 },
		{ 992, 3 }, { 1100, 2 }, { 1104, 4 }, { 1120, 5 }, { 1152, 7 },
		{ 1280, 8 }, { 1536, 9 }, { 2048, 10 }, { 3072, 10 },
	};
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0, SIM_DATA_NONE);

	(void)state;
	assert_errno(sim_memblock_reserve(m, 1000, 100, "hole"), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_int_equal(sim_nr_free_pages(m), NR_PAGES - 100);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_true(free_head(want[i].pfn, want[i].order));
	assert_false(PageBuddy(pfn_to_page(1000)));
	assert_int_equal(sim_page_alloc_check(m), 0);
	/* Everything but the hole can be allocated, and nothing of it. */
	for (unsigned long i = 0; i < NR_PAGES - 100; i++) {
		unsigned long pfn = alloc_pfn(GFP_KERNEL, 0);

		assert_true(pfn < 1000 || pfn >= 1100);
	}
	assert_null(folio_alloc(GFP_KERNEL, 0));
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
}

/*
 * Expect a 4M-page (16 GiB) machine's memmap to be initialised whole, as
 * the kernel's memmap_init() does (every page's zone, node and section),
 * and boot to hand every pfn but the reservation to the allocator.
 */
static void test_boot_memmap_resident(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 4UL << 20, 0,
						SIM_DATA_NONE);
	long psz = sysconf(_SC_PAGESIZE);
	size_t n = m->memmap_bytes / (size_t)psz, resident = 0;
	unsigned char *vec = malloc(n);

	(void)state;
	assert_non_null(vec);
	assert_errno(sim_memblock_reserve(m, 1000, 100, "hole"), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_int_equal(sim_nr_free_pages(m), (4UL << 20) - 100);
	assert_int_equal(mincore(m->memmap, m->memmap_bytes, vec), 0);
	for (size_t i = 0; i < n; i++)
		resident += vec[i] & 1;
	/* 65536 memmap pages in all, every one written by memmap_init(). */
	assert_int_equal(resident, n);
	assert_int_equal(page_zonenum(pfn_to_page((4UL << 20) - 1)),
			 ZONE_NORMAL);
	free(vec);
	test_machine_down(&tm);
}

/*
 * The machine's ends cut pageblocks and max-order blocks:
 * pfns [100, 1100). Expect free blocks inside the machine only, a full
 * allocation of it, and everything merged back after freeing.
 */
static void test_boot_unaligned(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 1000, 100, SIM_DATA_NONE);
	unsigned long pfns[1000];

	(void)state;
	assert_errno(sim_machine_boot_done(m), 0);
	assert_true(free_head(100, 2));
	assert_true(free_head(1024, 6));
	assert_true(free_head(1088, 3));
	assert_true(free_head(1096, 2));
	assert_int_equal(sim_page_alloc_check(m), 0);
	for (int i = 0; i < 1000; i++) {
		pfns[i] = alloc_pfn(GFP_HIGHUSER_MOVABLE, 0);
		assert_true(pfns[i] >= 100 && pfns[i] < 1100);
	}
	assert_null(folio_alloc(GFP_HIGHUSER_MOVABLE, 0));
	for (int i = 0; i < 1000; i++)
		put_pfn(pfns[i]);
	assert_true(free_head(100, 2));
	assert_true(free_head(512, 9));
	assert_int_equal(sim_nr_free_pages(m), 1000);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
}

/* ---- orders, splitting, merging ----------------------------------------- */

/*
 * Order 0 from [0, 1024): expect pfn 0 out and the upper halves back:
 * 1@0 .. 512@9, i.e. one free block of each order 0..9 at pfn 2^order.
 * Freeing it merges everything back into 1024@10.
 */
static void test_split_and_merge(void **state)
{
	struct pa_test *t = T(state);
	struct folio *folio = folio_alloc(GFP_KERNEL, 0);

	assert_non_null(folio);
	assert_int_equal(folio_pfn(folio), 0);
	assert_int_equal(folio_ref_count(folio), 1);
	for (unsigned int o = 0; o < pageblock_order + 1; o++)
		assert_true(free_head(1UL << o, o));
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - 1);
	CHECK(t);
	folio_put(folio);
	assert_true(free_head(0, MAX_PAGE_ORDER));
	assert_int_equal(nr_blocks(MAX_PAGE_ORDER), 4);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
}

/*
 * pfns 0..3 allocated; free 1, 0: expect 2@0 (order 1); free 3: 1@3;
 * free 2: 2+3 merge, then with 0..1, and so on up to 1024@10.
 */
static void test_merge_order(void **state)
{
	struct pa_test *t = T(state);

	for (unsigned long i = 0; i < 4; i++)
		assert_int_equal(alloc_pfn(GFP_KERNEL, 0), i);
	put_pfn(1);
	assert_true(free_head(1, 0));
	put_pfn(0);
	assert_true(free_head(0, 1));
	assert_false(PageBuddy(pfn_to_page(1)));
	put_pfn(3);
	assert_true(free_head(3, 0));
	CHECK(t);
	put_pfn(2);
	assert_true(free_head(0, MAX_PAGE_ORDER));
}

/* Every order: a compound folio, naturally aligned, freed whole. */
static void test_orders(void **state)
{
	struct pa_test *t = T(state);

	for (unsigned int o = 0; o <= MAX_PAGE_ORDER; o++) {
		struct folio *folio = folio_alloc(GFP_KERNEL | __GFP_ZERO, o);
		unsigned char *p;

		assert_non_null(folio);
		assert_int_equal(folio_order(folio), o);
		assert_true(IS_ALIGNED(folio_pfn(folio), 1UL << o));
		assert_int_equal(folio_ref_count(folio), 1);
		if (o)
			assert_true(PageTail(folio_page(folio, (1UL << o) - 1)));
		p = folio_address(folio);
		assert_int_equal(p[(PAGE_SIZE << o) - 1], 0);
		assert_false(sim_page_poisoned(t->m, folio_pfn(folio) +
					       (1UL << o) - 1));
		assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - (1UL << o));
		CHECK(t);
		folio_put(folio);
		assert_true(sim_page_poisoned(t->m, folio_pfn(folio)));
	}
	/* Expect 4 order-10 folios, then nothing, without a violation. */
	for (int i = 0; i < 4; i++)
		alloc_pfn(GFP_KERNEL, MAX_PAGE_ORDER);
	assert_null(folio_alloc(GFP_KERNEL, 0));
	assert_int_equal(sim_violation_count(t->m), 0);
	for (unsigned long p = 0; p < NR_PAGES; p += 1024)
		put_pfn(p);
	assert_int_equal(nr_blocks(MAX_PAGE_ORDER), 4);
}

/* ---- migrate types ------------------------------------------------------ */

/*
 * All movable at boot. Unmovable order 0 steals the largest movable block
 * [0, 1024) and claims both its pageblocks: expect pfn 0, pageblocks 0
 * and 1 unmovable, 2 still movable, and movable served from pfn 1024.
 * Reclaimable looks for the largest fallback block first, and finds the
 * movable order-10 block at 2048 before the unmovable order-9 one at
 * 512: expect pfn 2048, both its pageblocks reclaimable.
 */
static void test_fallback_claims(void **state)
{
	struct pa_test *t = T(state);

	assert_int_equal(alloc_pfn(GFP_KERNEL, 0), 0);
	assert_int_equal(pb_type(0), MIGRATE_UNMOVABLE);
	assert_int_equal(pb_type(512), MIGRATE_UNMOVABLE);
	assert_int_equal(pb_type(1024), MIGRATE_MOVABLE);
	CHECK(t);
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), 1024);
	assert_int_equal(alloc_pfn(GFP_KERNEL | __GFP_RECLAIMABLE, 0), 2048);
	assert_int_equal(pb_type(2048), MIGRATE_RECLAIMABLE);
	assert_int_equal(pb_type(2560), MIGRATE_RECLAIMABLE);
	CHECK(t);
	/* Freed, the unmovable and reclaimable pageblocks keep their type. */
	put_pfn(0);
	put_pfn(2048);
	put_pfn(1024);
	assert_int_equal(pb_type(2048), MIGRATE_RECLAIMABLE);
	assert_int_equal(pb_type(0), MIGRATE_UNMOVABLE);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
	/* Mergeable types merge at pageblock order: one block again. */
	assert_true(free_head(0, MAX_PAGE_ORDER));
	assert_int_equal(pb_type(512), MIGRATE_UNMOVABLE);
}

/*
 * A small movable steal does not claim: with all memory allocated
 * unmovable and only pfn 1 freed (its buddy 0 in use), a movable order-0
 * allocation takes pfn 1 from the unmovable list and pageblock 0 stays
 * unmovable.
 */
static void test_fallback_movable_no_claim(void **state)
{
	struct pa_test *t = T(state);

	for (unsigned long p = 0; p < NR_PAGES; p++)
		assert_int_equal(alloc_pfn(GFP_KERNEL, 0), p);
	put_pfn(1);
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), 1);
	assert_int_equal(pb_type(0), MIGRATE_UNMOVABLE);
	CHECK(t);
	for (unsigned long p = 0; p < NR_PAGES; p++)
		put_pfn(p);
	assert_int_equal(nr_blocks(MAX_PAGE_ORDER), 4);
}

/*
 * The largest free block is half a pageblock, and movable: an unmovable
 * allocation falling back to it still claims the whole pageblock (more
 * than half of it is free), so every free page there moves to the
 * unmovable lists, and the allocation is served from the smallest of
 * them: the lone free page at pfn 300 (its buddy 301 in use), not a
 * split of the half block [0, 256). Kills 8ee4b0d14d (a half-pageblock
 * block taken as a whole-pageblock one: the pageblock's type changed
 * and only that block moved, so pfn 300 stayed on the movable list of an
 * unmovable pageblock and the half block was split).
 */
static void test_fallback_claims_from_half_block(void **state)
{
	struct pa_test *t = T(state);
	unsigned long half = pageblock_nr_pages / 2, lone = 300, p;

	for (p = 0; p < NR_PAGES; p++)
		assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), p);
	for (p = 0; p < half; p++)
		put_pfn(p);
	put_pfn(lone);
	assert_true(free_head(0, pageblock_order - 1));
	assert_true(free_head(lone, 0));
	assert_int_equal(alloc_pfn(GFP_KERNEL, 0), lone);
	assert_int_equal(pb_type(0), MIGRATE_UNMOVABLE);
	assert_true(free_head(0, pageblock_order - 1));
	CHECK(t);
	for (p = half; p < NR_PAGES; p++)
		put_pfn(p);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
}

/*
 * Exactly half a pageblock free (the half block [0, 256) alone) is
 * enough to claim it: an unmovable allocation falling back to that
 * block makes pageblock 0 unmovable. Kills bf277c175d (claiming only
 * above half: the pageblock stayed movable).
 */
static void test_fallback_claims_at_exactly_half(void **state)
{
	struct pa_test *t = T(state);
	unsigned long half = pageblock_nr_pages / 2, p;

	for (p = 0; p < NR_PAGES; p++)
		assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), p);
	for (p = 0; p < half; p++)
		put_pfn(p);
	assert_int_equal(alloc_pfn(GFP_KERNEL, 0), 0);
	assert_int_equal(pb_type(0), MIGRATE_UNMOVABLE);
	CHECK(t);
	for (p = 0; p < NR_PAGES; p++)
		if (p >= half || p == 0)
			put_pfn(p);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
}

/*
 * A movable allocation that cannot claim a pageblock takes the smallest
 * fallback block, not the largest: with all memory unmovable and only
 * pfn 1 (order 0) and [8, 12) (order 2) free, a movable order-0
 * allocation gets pfn 1 and the order-2 block stays whole. Kills
 * 3e3f77edca (the "could not claim" test applied to the other types
 * instead: movable took the order-2 block).
 */
static void test_fallback_movable_takes_the_smallest(void **state)
{
	struct pa_test *t = T(state);
	unsigned long p;

	for (p = 0; p < NR_PAGES; p++)
		assert_int_equal(alloc_pfn(GFP_KERNEL, 0), p);
	put_pfn(1);
	for (p = 8; p < 12; p++)
		put_pfn(p);
	assert_true(free_head(8, 2));
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), 1);
	assert_true(free_head(8, 2));
	assert_int_equal(pb_type(0), MIGRATE_UNMOVABLE);
	CHECK(t);
	for (p = 0; p < NR_PAGES; p++)
		if (p < 8 || p >= 12)
			put_pfn(p);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
}

/* init_cma_reserved_pageblock() made [2048, 3072) one free CMA block. */
static void test_cma_init(void **state)
{
	struct pa_test *t = T(state);

	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
	assert_int_equal(sim_nr_free_cma_pages(t->m), CMA_PAGES);
	assert_int_equal(pb_type(CMA_BASE), MIGRATE_CMA);
	assert_int_equal(pb_type(CMA_BASE + 512), MIGRATE_CMA);
	assert_true(free_head(CMA_BASE, MAX_PAGE_ORDER));
	assert_false(folio_test_reserved(pfn_folio(CMA_BASE + 5)));
	/* Twice, misaligned, or not reserved: a violation, nothing changes. */
	init_cma_reserved_pageblock(pfn_to_page(CMA_BASE));
	test_expect_violations(t->m, 1);
	init_cma_reserved_pageblock(pfn_to_page(1));
	test_expect_violations(t->m, 1);
	init_cma_reserved_pageblock(pfn_to_page(0));
	test_expect_violations(t->m, 1);
	assert_int_equal(pb_type(0), MIGRATE_MOVABLE);
	assert_int_equal(sim_nr_free_cma_pages(t->m), CMA_PAGES);
}

/* Unmovable allocations never land in CMA; they run out instead. */
static void test_cma_unmovable_never(void **state)
{
	struct pa_test *t = T(state);
	unsigned long n = 0, pfn;
	struct folio *folio;

	while ((folio = folio_alloc(GFP_KERNEL, 0))) {
		pfn = folio_pfn(folio);
		assert_true(pfn < CMA_BASE || pfn >= CMA_BASE + CMA_PAGES);
		n++;
	}
	assert_int_equal(n, NR_PAGES - CMA_PAGES);
	assert_int_equal(sim_nr_free_pages(t->m), CMA_PAGES);
	CHECK(t);
	/* Movable ones do take CMA once nothing else is left. */
	pfn = alloc_pfn(GFP_HIGHUSER_MOVABLE, 0);
	assert_true(pfn >= CMA_BASE && pfn < CMA_BASE + CMA_PAGES);
	assert_int_equal(sim_nr_free_cma_pages(t->m), CMA_PAGES - 1);
	put_pfn(pfn);
	for (pfn = 0; pfn < NR_PAGES; pfn++)
		if (pfn < CMA_BASE || pfn >= CMA_BASE + CMA_PAGES)
			put_pfn(pfn);
}

/* Free what the balance tests hold: CMA_BASE, 3072, 1024 and 0. */
static void put_balance_layout(void)
{
	put_pfn(CMA_BASE);
	put_pfn(3072);
	put_pfn(1024);
	put_pfn(0);
}

/*
 * __rmqueue's balancing: movable uses CMA first once free CMA pages are
 * more than half the free pages. Expect pfn 0 while CMA is 1024 of 4096,
 * then, with 2 order-10 blocks and one page unmovable (free 2047, CMA
 * 1024), pfn 2048.
 */
static void test_cma_balance(void **state)
{
	struct pa_test *t = T(state);

	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), 0);
	put_pfn(0);
	assert_int_equal(alloc_pfn(GFP_KERNEL, MAX_PAGE_ORDER), 0);
	assert_int_equal(alloc_pfn(GFP_KERNEL, MAX_PAGE_ORDER), 1024);
	assert_int_equal(alloc_pfn(GFP_KERNEL, 0), 3072);
	assert_int_equal(sim_nr_free_pages(t->m), 2047);
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), CMA_BASE);
	CHECK(t);
	put_balance_layout();
}

/*
 * sim_page_alloc_set_cma_balance(m, false), the 2015 rule. Movable
 * order-10 blocks at 0 and 1024 and a page at 3072 leave free 2047, CMA
 * 1024 (more than half). Expect the next movable page at 3073, not in
 * CMA, and CMA only once [3073, 4096) is used up; with the rule back on,
 * CMA first again while it holds more than half of the free pages.
 */
static void test_cma_balance_off(void **state)
{
	struct pa_test *t = T(state);
	unsigned long pfn;

	assert_errno(sim_page_alloc_set_cma_balance(NULL, false), -EINVAL);
	assert_int_equal(sim_page_alloc_set_cma_balance(t->m, false), 0);
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER), 0);
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER),
			 1024);
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), 3072);
	for (pfn = 3073; pfn < NR_PAGES; pfn++)
		assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), pfn);
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), CMA_BASE);
	CHECK(t);
	put_pfn(CMA_BASE);
	for (pfn = 3073; pfn < NR_PAGES; pfn++)
		put_pfn(pfn);
	assert_int_equal(sim_page_alloc_set_cma_balance(t->m, true), 0);
	assert_int_equal(alloc_pfn(GFP_HIGHUSER_MOVABLE, 0), CMA_BASE);
	CHECK(t);
	put_balance_layout();
}

/* ---- isolation ---------------------------------------------------------- */

/*
 * Isolate the CMA area: expect its free pages off NR_FREE_PAGES and never
 * handed out, test_pages_isolated() 0, a second isolation -EBUSY; then
 * take [2100, 2200) with isolate_freepages_range(), give it back with
 * free_contig_range(), undo, and find the order-10 CMA block again.
 */
static void test_isolate_cma_range(void **state)
{
	struct pa_test *t = T(state);
	unsigned long n = 0;
	struct folio *folio;

	assert_errno(start_isolate_page_range(CMA_BASE, CMA_BASE + CMA_PAGES,
					      MIGRATE_MOVABLE), -EBUSY);
	assert_errno(start_isolate_page_range(CMA_BASE, CMA_BASE + CMA_PAGES,
					      MIGRATE_CMA), 0);
	assert_int_equal(pb_type(CMA_BASE), MIGRATE_ISOLATE);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - CMA_PAGES);
	assert_int_equal(sim_nr_free_cma_pages(t->m), 0);
	assert_errno(test_pages_isolated(CMA_BASE, CMA_BASE + CMA_PAGES), 0);
	assert_errno(start_isolate_page_range(CMA_BASE + 600, CMA_BASE + 601,
					      MIGRATE_CMA), -EBUSY);
	CHECK(t);

	/* Expect 3072 movable pages, none isolated. */
	while ((folio = folio_alloc(GFP_HIGHUSER_MOVABLE, 0))) {
		assert_true(folio_pfn(folio) < CMA_BASE ||
			    folio_pfn(folio) >= CMA_BASE + CMA_PAGES);
		n++;
	}
	assert_int_equal(n, NR_PAGES - CMA_PAGES);

	assert_int_equal(isolate_freepages_range(2100, 2200), 2200);
	for (unsigned long p = 2100; p < 2200; p++) {
		assert_int_equal(folio_ref_count(pfn_folio(p)), 1);
		assert_false(sim_page_poisoned(t->m, p));
		assert_false(folio_test_large(pfn_folio(p)));
	}
	assert_true(free_head(2048, 5));	/* [2048, 2100) given back */
	assert_true(free_head(2200, 3));	/* [2200, 2560) given back */
	assert_true(free_head(2304, 8));
	assert_errno(test_pages_isolated(CMA_BASE, CMA_BASE + CMA_PAGES),
		     -EBUSY);
	assert_errno(test_pages_isolated(2048, 2100), 0);
	/* A range with pages in use: 0, nothing changes. */
	assert_int_equal(isolate_freepages_range(2000, 2300), 0);
	assert_int_equal(isolate_freepages_range(2150, 2250), 0);
	CHECK(t);
	free_contig_range(2100, 100);
	assert_errno(test_pages_isolated(CMA_BASE, CMA_BASE + CMA_PAGES), 0);
	assert_int_equal(sim_nr_free_pages(t->m), 0);
	CHECK(t);

	undo_isolate_page_range(CMA_BASE, CMA_BASE + CMA_PAGES, MIGRATE_CMA);
	assert_int_equal(pb_type(CMA_BASE + 512), MIGRATE_CMA);
	assert_true(free_head(CMA_BASE, MAX_PAGE_ORDER));
	assert_int_equal(sim_nr_free_cma_pages(t->m), CMA_PAGES);
	CHECK(t);
	for (unsigned long p = 0; p < NR_PAGES; p++)
		if (p < CMA_BASE || p >= CMA_BASE + CMA_PAGES)
			put_pfn(p);
}

/*
 * Isolating pageblock 0 of the free block [0, 1024) splits it: expect
 * 512@9 isolated at 0 and 512@9 movable at 512; undo merges them back.
 */
static void test_isolate_splits(void **state)
{
	struct pa_test *t = T(state);

	assert_errno(start_isolate_page_range(10, 20, MIGRATE_MOVABLE), 0);
	assert_int_equal(pb_type(0), MIGRATE_ISOLATE);
	assert_int_equal(pb_type(512), MIGRATE_MOVABLE);
	assert_true(free_head(0, 9));
	assert_true(free_head(512, 9));
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - 512);
	CHECK(t);
	undo_isolate_page_range(10, 20, MIGRATE_MOVABLE);
	assert_true(free_head(0, MAX_PAGE_ORDER));
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
}

/*
 * In-use pages decide: a folio not on an LRU makes its pageblock
 * unmovable (-EBUSY, nothing changed), an LRU folio does not, and once
 * isolated its free goes to the isolate list.
 */
static void test_isolate_in_use(void **state)
{
	struct pa_test *t = T(state);
	struct folio *folio = folio_alloc(GFP_HIGHUSER_MOVABLE, 0);

	assert_non_null(folio);
	assert_errno(start_isolate_page_range(0, 512, MIGRATE_MOVABLE), -EBUSY);
	assert_int_equal(pb_type(0), MIGRATE_MOVABLE);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - 1);
	folio_set_lru(folio);
	assert_errno(start_isolate_page_range(0, 512, MIGRATE_MOVABLE), 0);
	assert_errno(test_pages_isolated(0, 512), -EBUSY);
	folio_clear_lru(folio);
	folio_put(folio);
	assert_errno(test_pages_isolated(0, 512), 0);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - 512);
	CHECK(t);
	undo_isolate_page_range(0, 512, MIGRATE_MOVABLE);
	assert_true(free_head(0, MAX_PAGE_ORDER));
}

/*
 * A free of a MAX_PAGE_ORDER folio whose second pageblock was isolated
 * meanwhile (the kernel's split_large_buddy()): each pageblock goes to
 * its own list, the first movable, the second isolated, and nothing
 * beyond the folio is touched; undoing the isolation merges them again.
 * Kills 091d51fe1c (the split loop also freeing the pageblock after the
 * folio).
 */
static void test_isolate_half_of_a_large_folio(void **state)
{
	struct pa_test *t = T(state);
	struct folio *folio = folio_alloc(GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER);
	unsigned long pfn, half = pageblock_nr_pages;

	assert_non_null(folio);
	pfn = folio_pfn(folio);
	folio_set_lru(folio);
	assert_errno(start_isolate_page_range(pfn + half, pfn + 2 * half,
					      MIGRATE_MOVABLE), 0);
	folio_clear_lru(folio);
	folio_put(folio);
	assert_true(free_head(pfn, pageblock_order));
	assert_true(free_head(pfn + half, pageblock_order));
	assert_int_equal(pb_type(pfn), MIGRATE_MOVABLE);
	assert_errno(test_pages_isolated(pfn + half, pfn + 2 * half), 0);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - half);
	CHECK(t);
	undo_isolate_page_range(pfn + half, pfn + 2 * half, MIGRATE_MOVABLE);
	assert_true(free_head(pfn, MAX_PAGE_ORDER));
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
}

/*
 * A range ending at the zone's end (the kernel's alloc_contig_range() of
 * a CMA area at the top of memory): test_pages_isolated_at() tests it
 * up to the last pfn and reports the first that fails, the last pfn
 * itself when only that page is taken, and nothing past the zone. The
 * walk over the pageblocks stops at the range's end; a mutant that also
 * reads the type of the pageblock at the end (7e0fa419a0, `pb <=
 * end_pfn`) reads one byte past the zone's pageblock types here, which
 * only Valgrind or ASan sees: the byte cannot change fin.
 */
static void test_isolated_up_to_the_zone_end(void **state)
{
	struct pa_test *t = T(state);
	unsigned long last_pb = NR_PAGES - pageblock_nr_pages, fin = 0;

	assert_errno(start_isolate_page_range(last_pb, NR_PAGES,
					      MIGRATE_MOVABLE), 0);
	assert_errno(test_pages_isolated_at(last_pb, NR_PAGES, &fin), 0);
	assert_int_equal(fin, NR_PAGES);
	/* The pageblock before it is not isolated: it fails first. */
	assert_errno(test_pages_isolated_at(last_pb - 100, NR_PAGES, &fin),
		     -EBUSY);
	assert_int_equal(fin, last_pb - 100);
	/* The zone's last page taken: that pfn fails, and only it. */
	assert_int_equal(isolate_freepages_range(NR_PAGES - 1, NR_PAGES),
			 NR_PAGES);
	assert_errno(test_pages_isolated_at(last_pb, NR_PAGES, &fin), -EBUSY);
	assert_int_equal(fin, NR_PAGES - 1);
	assert_errno(test_pages_isolated_at(last_pb, NR_PAGES - 1, &fin), 0);
	assert_int_equal(fin, NR_PAGES - 1);
	free_contig_range(NR_PAGES - 1, 1);
	assert_errno(test_pages_isolated_at(last_pb, NR_PAGES, &fin), 0);
	assert_int_equal(fin, NR_PAGES);
	CHECK(t);
	undo_isolate_page_range(last_pb, NR_PAGES, MIGRATE_MOVABLE);
	assert_true(free_head(NR_PAGES - 2 * pageblock_nr_pages,
			      MAX_PAGE_ORDER));
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
}

/* A reserved carve-out is not isolatable: its pages are not managed. */
static void test_isolate_reserved(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0, SIM_DATA_NONE);

	(void)state;
	assert_errno(sim_memblock_reserve(m, 1024, 512, "gcma"), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_errno(start_isolate_page_range(1024, 1536, MIGRATE_CMA), -EBUSY);
	assert_errno(start_isolate_page_range(0, 5000, MIGRATE_CMA), -EINVAL);
	test_expect_violations(m, 1);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
}

/* ---- bad frees, bad pages, faults, the checker --------------------------- */

/*
 * Freeing a free page (its head, or a page inside a free block), or a
 * reserved page never given to the allocator: one violation each, and
 * the free lists are intact.
 */
static void test_bad_free(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0, SIM_DATA_NONE);
	struct folio *f;

	(void)state;
	assert_errno(sim_memblock_reserve(m, 1024, 512, "gcma"), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	f = pfn_folio(0);			/* head of a free block */
	folio_set_count(f, 1);
	folio_put(f);
	test_expect_violations(m, 1);
	folio_set_count(f, 0);
	f = pfn_folio(7);			/* inside a free block */
	folio_set_count(f, 1);
	folio_put(f);
	test_expect_violations(m, 1);
	folio_set_count(f, 0);
	f = pfn_folio(1030);			/* reserved, never managed */
	folio_put(f);
	test_expect_violations(m, 1);
	assert_int_equal(folio_ref_count(f), 0);
	assert_int_equal(sim_nr_free_pages(m), NR_PAGES - 512);
	assert_int_equal(sim_page_alloc_check(m), 0);
	folio_set_count(f, 1);
	test_machine_down(&tm);
}

/* Injected failures return NULL and change nothing, at any order. */
static void test_fault_injection(void **state)
{
	struct pa_test *t = T(state);
	struct sim_fault_stats st;

	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_PAGE_ALLOC),
					1), 0);
	assert_null(folio_alloc(GFP_KERNEL, 4));
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES);
	assert_true(free_head(0, MAX_PAGE_ORDER));
	assert_errno(sim_fault_get_stats(t->m, &st), 0);
	assert_int_equal(st.injected[SIM_FAULT_PAGE_ALLOC], 1);
	assert_int_equal(sim_violation_count(t->m), 0);
}

/* The checker finds a wrong order, a wrong counter and an unmerged pair. */
static void test_checker_finds(void **state)
{
	struct pa_test *t = T(state);
	struct page *head = pfn_to_page(1024);

	set_buddy_order(head, 9);
	assert_true(sim_page_alloc_check(t->m) > 0);
	sim_violation_clear(t->m);
	set_buddy_order(head, MAX_PAGE_ORDER);
	zone()->vm_stat[NR_FREE_PAGES]++;
	assert_int_equal(sim_page_alloc_check(t->m), 1);
	sim_violation_clear(t->m);
	zone()->vm_stat[NR_FREE_PAGES]--;
	CHECK(t);
}

/*
 * alloc_contig_range() refuses bad arguments before touching anything:
 * an empty, reversed or out-of-memory range, a type other than CMA or
 * MOVABLE, gfp flags it does not take; a range isolated by someone else
 * fails at isolation (-EBUSY). Then the whole CMA area, with no info
 * structure.
 */
static void test_contig_einval(void **state)
{
	struct pa_test *t = T(state);
	struct acr_info info;

	assert_errno(alloc_contig_range(CMA_BASE, CMA_BASE, MIGRATE_CMA,
					GFP_KERNEL, &info), -EINVAL);
	assert_errno(alloc_contig_range(CMA_BASE + 1, CMA_BASE, MIGRATE_CMA,
					GFP_KERNEL, &info), -EINVAL);
	assert_errno(alloc_contig_range(NR_PAGES - 1, NR_PAGES + 1,
					MIGRATE_CMA, GFP_KERNEL, &info), -EINVAL);
	assert_errno(alloc_contig_range(CMA_BASE, CMA_BASE + 1,
					MIGRATE_UNMOVABLE, GFP_KERNEL, &info),
		     -EINVAL);
	assert_errno(alloc_contig_range(CMA_BASE, CMA_BASE + 1, MIGRATE_CMA,
					GFP_KERNEL | __GFP_NOFAIL, &info),
		     -EINVAL);
	assert_int_equal(info.err, 0);
	assert_int_equal(sim_nr_free_cma_pages(t->m), CMA_PAGES);
	assert_int_equal(pb_type(CMA_BASE), MIGRATE_CMA);
	CHECK(t);

	/* A range someone else isolated: -EBUSY at the isolation step. */
	assert_errno(start_isolate_page_range(CMA_BASE, CMA_BASE + 512,
					      MIGRATE_CMA), 0);
	assert_errno(alloc_contig_range(CMA_BASE, CMA_BASE + 512, MIGRATE_CMA,
					GFP_KERNEL, &info), -EBUSY);
	assert_int_equal(info.err, ACR_ERR_ISOLATE);
	assert_int_equal(info.failed_pfn, CMA_BASE);
	assert_int_equal(pb_type(CMA_BASE), MIGRATE_ISOLATE);
	undo_isolate_page_range(CMA_BASE, CMA_BASE + 512, MIGRATE_CMA);
	CHECK(t);

	assert_errno(alloc_contig_range(CMA_BASE, CMA_BASE + CMA_PAGES,
					MIGRATE_CMA, GFP_KERNEL, NULL), 0);
	assert_int_equal(sim_nr_free_cma_pages(t->m), 0);
	free_contig_range(CMA_BASE, CMA_PAGES);
	assert_int_equal(sim_nr_free_cma_pages(t->m), CMA_PAGES);
}

/*
 * The allocator's internal calls used out of turn: sizing the zone twice,
 * a pageblock that is not isolated, and every isolation call before boot
 * (a WARN each, nothing done).
 */
static void test_isolation_misuse(void **state)
{
	struct test_machine tm;
	struct sim_machine *m;

	m = test_machine_up(&tm, 1024, 0, SIM_DATA_NONE);
	assert_errno(start_isolate_page_range(0, 512, MIGRATE_MOVABLE),
		     -EINVAL);
	assert_errno(test_pages_isolated(0, 512), -EINVAL);
	assert_int_equal(isolate_freepages_range(0, 512), 0);
	undo_isolate_page_range(0, 512, MIGRATE_MOVABLE);
	init_cma_reserved_pageblock(pfn_to_page(512));
	test_expect_violations(m, 5);
	assert_errno(get_pageblock_migratetype(pfn_to_page(0)), -EINVAL);
	test_expect_violations(m, 1);

	assert_errno(sim_machine_boot_done(m), 0);
	assert_errno(page_alloc_init(5, 5), -EINVAL);
	assert_errno(page_alloc_init(0, 1024), -EALREADY);
	assert_errno(test_pages_isolated(0, 512), -EBUSY);
	assert_errno(test_pages_isolated(512, 512), -EINVAL);
	undo_isolate_page_range(0, 512, MIGRATE_ISOLATE);
	test_expect_violations(m, 2);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
}

/*
 * Merging across pageblocks, by type: a freed UNMOVABLE pageblock merges
 * with its free MOVABLE buddy (both mergeable) and the buddy's pageblock
 * takes the freed block's type; a MOVABLE pageblock never merges with a
 * CMA buddy.
 *
 *   pfn 0        512       1024 ...    2048      2560      3072
 *       | pb 0    | pb 1    |          | CMA     | movable |
 *        U, freed   M, free              free      freed last
 */
static void test_merge_by_type(void **state)
{
	struct pa_test *t = T(state);
	struct test_machine tm;
	struct sim_machine *m;

	assert_int_equal(isolate_freepages_range(0, 1024), 1024);
	spin_lock(&zone()->lock);
	set_pfnblock_migratetype(zone(), 0, MIGRATE_UNMOVABLE);
	spin_unlock(&zone()->lock);
	free_contig_range(512, 512);
	assert_true(free_head(512, 9));
	free_contig_range(0, 512);
	assert_true(free_head(0, MAX_PAGE_ORDER));
	assert_int_equal(pb_type(0), MIGRATE_UNMOVABLE);
	assert_int_equal(pb_type(512), MIGRATE_UNMOVABLE);
	CHECK(t);

	/* One CMA pageblock at 2048 on a machine of its own. */
	assert_errno(sim_thread_detach(), 0);
	m = test_machine_up(&tm, NR_PAGES, 0, SIM_DATA_NONE);
	assert_errno(sim_memblock_reserve(m, CMA_BASE, 512, "cma"), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	init_cma_reserved_pageblock(pfn_to_page(CMA_BASE));
	assert_int_equal(isolate_freepages_range(2560, 3072), 3072);
	free_contig_range(2560, 512);
	assert_true(free_head(CMA_BASE, 9));
	assert_true(free_head(2560, 9));
	assert_int_equal(pb_type(2560), MIGRATE_MOVABLE);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
	assert_errno(sim_thread_attach(t->m), 0);
}

/* The dump: buddyinfo, pagetypeinfo and the counters. */
static void test_show(void **state)
{
	struct pa_test *t = T(state);
	char buf[4096] = { 0 };
	FILE *out = fmemopen(buf, sizeof(buf) - 1, "w");

	assert_non_null(out);
	assert_errno(sim_page_alloc_show(t->m, out), 0);
	fclose(out);
	assert_non_null(strstr(buf, "Node 0, zone   Normal      0      0      0      0      0      0      0      0      0      0      4\n"));
	assert_non_null(strstr(buf, "type          CMA      0      0      0      0      0      0      0      0      0      0      1\n"));
	assert_non_null(strstr(buf, "nr_free_cma 1024\n"));
	assert_errno(sim_page_alloc_show(NULL, stdout), -EINVAL);
}

/*
 * The machine end cuts the CMA pageblock: pfns [0, 2348), reserved
 * [2048, 2348). Expect 300 free CMA pages as 256@8, 32@5, 8@3, 4@2.
 */
static void test_cma_cut_by_machine_end(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 2348, 0, SIM_DATA_NONE);

	(void)state;
	assert_errno(sim_memblock_reserve(m, 2048, 300, "cma"), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	init_cma_reserved_pageblock(pfn_to_page(2048));
	assert_int_equal(sim_nr_free_cma_pages(m), 300);
	assert_true(free_head(2048, 8));
	assert_true(free_head(2304, 5));
	assert_true(free_head(2336, 3));
	assert_true(free_head(2344, 2));
	assert_int_equal(pb_type(2048), MIGRATE_CMA);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
}

/*
 * A pageblock whose last page is not a reserved boot page (the
 * reservation stops one page short, so that page is free in the buddy):
 * a violation, and nothing changes, the last page included (kills
 * 43b93b2b65, which checked all but the last page and then freed it a
 * second time).
 */
static void test_cma_init_last_page_not_reserved(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, NR_PAGES, 0,
						SIM_DATA_NONE);
	unsigned long free_before;

	(void)state;
	assert_errno(sim_memblock_reserve(m, CMA_BASE, 511, "cma"), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	free_before = sim_nr_free_pages(m);
	init_cma_reserved_pageblock(pfn_to_page(CMA_BASE));
	test_expect_violations(m, 1);
	assert_int_equal(sim_nr_free_pages(m), free_before);
	assert_int_equal(sim_nr_free_cma_pages(m), 0);
	assert_true(folio_test_reserved(pfn_folio(CMA_BASE + 510)));
	assert_int_equal(folio_ref_count(pfn_folio(CMA_BASE + 510)), 1);
	assert_int_equal(pb_type(CMA_BASE), MIGRATE_MOVABLE);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_boot_blocks, setup, teardown),
		cmocka_unit_test(test_boot_reservation),
		cmocka_unit_test(test_boot_memmap_resident),
		cmocka_unit_test(test_boot_unaligned),
		cmocka_unit_test_setup_teardown(test_split_and_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_claims, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_movable_no_claim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_claims_from_half_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_claims_at_exactly_half, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_movable_takes_the_smallest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cma_init, setup_cma, teardown),
		cmocka_unit_test_setup_teardown(test_cma_unmovable_never, setup_cma, teardown),
		cmocka_unit_test_setup_teardown(test_cma_balance, setup_cma, teardown),
		cmocka_unit_test_setup_teardown(test_cma_balance_off, setup_cma, teardown),
		cmocka_unit_test(test_cma_cut_by_machine_end),
		cmocka_unit_test(test_cma_init_last_page_not_reserved),
		cmocka_unit_test_setup_teardown(test_isolate_cma_range, setup_cma, teardown),
		cmocka_unit_test_setup_teardown(test_isolate_splits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolate_in_use, setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolate_half_of_a_large_folio, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_isolated_up_to_the_zone_end, setup,
						teardown),
		cmocka_unit_test(test_isolate_reserved),
		cmocka_unit_test(test_bad_free),
		cmocka_unit_test_setup_teardown(test_fault_injection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checker_finds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contig_einval, setup_cma, teardown),
		cmocka_unit_test(test_isolation_misuse),
		cmocka_unit_test_setup_teardown(test_merge_by_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show, setup_cma, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The checkers of physical memory find what they promise to find:
 * page_alloc_check() (free lists, buddy marks, counters; see the top of
 * lib/mm/page_alloc_check.c) and cma_check() (each area's bitmap against
 * the buddy allocator, the pageblocks and GCMA). Each test corrupts one
 * thing on purpose under the zone lock or the area's lock, asserts the
 * checker counts the problem and names it, then puts it back and
 * asserts the checker is clean again.
 *
 * A 4096-page machine without page data: 8 pageblocks of 512 pages, two
 * areas declared at boot, everything else free (4 blocks of order 10):
 *
 *   pfn 0                  2048            3072            4096
 *       |<- system memory ->|<--- cma0 ---->|<--- gcma0 --->|
 *         2 order-10 blocks   classic CMA      GCMA (guarantee)
 */
#include <stdlib.h>

#include "check_test.h"
#include "cma_areas_test.h"
#include "mm/cma_internal.h"
#include "mm/gcma_internal.h"
#include "mm/page_alloc_internal.h"
#include "kernel/bitmap.h"

#define NR_PAGES	4096UL
#define CMA0		2048UL
#define GCMA0		3072UL
#define AREA		1024UL

struct pc_test {
	struct test_machine tm;
	struct sim_machine *m;
	struct cma *cma0, *gcma0;
	struct zone *zone;
};

static struct pc_test *T(void **state)
{
	return *state;
}

static int setup(void **state)
{
	struct pc_test *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->m = cma_areas_up(&t->tm, NR_PAGES, CMA0, GCMA0, AREA, &t->cma0,
			    &t->gcma0);
	t->zone = page_zone_local();
	assert_non_null(t->zone);
	CHECK_CLEAN(page_alloc_check(), 0);
	CHECK_CLEAN(cma_check(), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct pc_test *t = T(state);
	int p = page_alloc_check(), c = cma_check();

	/* Down first: a failed assertion must not leave it attached. */
	test_machine_down(&t->tm);
	free(t);
	assert_int_equal(p, 0);
	assert_int_equal(c, 0);
	return 0;
}

static struct folio *desc(unsigned long pfn)
{
	return (struct folio *)pfn_to_page(pfn);
}

/* PA_FINDS(n, msg) - page_alloc_check() counts @n problems, one is @msg. */
#define PA_FINDS(n, msg)	CHECK_DETECTS(page_alloc_check(), (n), "CHECK", (msg))

/* PA_DETECTED(got, n, msg) - a check that returned @got found @n, one @msg. */
#define PA_DETECTED(got, n, msg)	CHECK_DETECTS((got), (n), "CHECK", (msg))

/* CMA_FINDS(n, msg) - cma_check() counts @n problems, one is @msg. */
#define CMA_FINDS(n, msg)	CHECK_DETECTS(cma_check(), (n), "WARN", (msg))

/* ---- page_alloc_check() ---------------------------------------------- */

/*
 * Every migrate type has its /proc/pagetypeinfo name, the first and the
 * last too; anything else is "?". Kills mutants 3b79bebdab and
 * 1b50f33e44 (the table's bounds moved by one).
 */
static void test_migratetype_names(void **state)
{
	(void)state;
	assert_string_equal(migratetype_name(MIGRATE_UNMOVABLE), "Unmovable");
	assert_string_equal(migratetype_name(MIGRATE_MOVABLE), "Movable");
	assert_string_equal(migratetype_name(MIGRATE_RECLAIMABLE), "Reclaimable");
	assert_string_equal(migratetype_name(MIGRATE_CMA), "CMA");
	assert_string_equal(migratetype_name(MIGRATE_ISOLATE), "Isolate");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		assert_string_not_equal(migratetype_name(mt), "?");
	assert_string_equal(migratetype_name(-1), "?");
	assert_string_equal(migratetype_name(MIGRATE_TYPES), "?");
}

static void test_unattached_and_before_boot(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = T(state)->m;

	check_unattached(page_alloc_check);
	check_unattached(cma_check);

	/* Before boot there is nothing to check. */
	assert_errno(sim_thread_detach(), 0);
	test_machine_up(&tm, 64, 0, SIM_DATA_NONE);
	CHECK_CLEAN(page_alloc_check(), 0);
	test_machine_down(&tm);
	assert_errno(sim_thread_attach(m), 0);
}

static void test_block_order(void **state)
{
	struct page *head = pfn_to_page(0);
	int n;

	assert_true(PageBuddy(head));
	assert_int_equal(buddy_order(head), MAX_PAGE_ORDER);
	/*
	 * Order 11 at pfn 0: too large, and it would cover the next block,
	 * which therefore overlaps it; the lists disagree with the memmap.
	 */
	set_buddy_order(head, MAX_PAGE_ORDER + 1);
	n = page_alloc_check();
	assert_true(check_found("CHECK", "free block 0 order 11 misaligned or outside the zone"));
	assert_true(check_found("CHECK", "free block 0x400 overlaps the free block before it"));
	assert_true(check_found("CHECK", "pfn 0 on list order 10 Movable is not a free block of it"));
	assert_true(check_found("CHECK", "list order 10 Movable holds 2 blocks, the memmap 1"));
	PA_DETECTED(n, 5, "NR_FREE_PAGES is 3072, recount 2048");
	set_buddy_order(head, MAX_PAGE_ORDER);

	/* Order 9 at pfn 256: not aligned to its size. */
	__SetPageBuddy(pfn_to_page(256));
	set_buddy_order(pfn_to_page(256), 9);
	n = page_alloc_check();
	PA_DETECTED(n, n, "free block 0x100 order 9 misaligned");
	__ClearPageBuddy(pfn_to_page(256));
	CHECK_CLEAN(page_alloc_check(), 0);
}

static void test_block_pageblocks(void **state)
{
	struct zone *zone = T(state)->zone;
	unsigned char *pb1 = pfnblock_flags(zone, 512), saved = *pb1;

	*pb1 = (saved & ~PB_MIGRATETYPE_MASK) | MIGRATE_UNMOVABLE;
	PA_FINDS(1, "free block 0 order 10 spans pageblocks of types 1 and 0");
	*pb1 = saved;
	CHECK_CLEAN(page_alloc_check(), 0);
}

/*
 * cma0 is a boot reservation the allocator was given at activation
 * (PB_RELEASED); with the flag cleared, its free blocks hold pfns the
 * allocator does not manage.
 */
static void test_block_reserved(void **state)
{
	unsigned char *pb = pfnblock_flags(T(state)->zone, CMA0);

	assert_true(*pb & PB_RELEASED);
	*pb &= ~PB_RELEASED;
	PA_FINDS(1, "free block 0x800 order 10 holds reserved pfns");
	*pb |= PB_RELEASED;
	CHECK_CLEAN(page_alloc_check(), 0);
}

static void test_unmerged_buddies(void **state)
{
	struct zone *zone = T(state)->zone;
	int mt = get_pfnblock_migratetype(zone, 0);

	spin_lock(&zone->lock);
	del_page_from_free_list(zone, desc(0), MAX_PAGE_ORDER, mt);
	add_to_free_list(zone, desc(0), MAX_PAGE_ORDER - 1, mt, false);
	add_to_free_list(zone, desc(512), MAX_PAGE_ORDER - 1, mt, false);
	spin_unlock(&zone->lock);
	assert_errno(page_alloc_check(), 2);
	assert_true(check_found("CHECK", "free block 0 order 9 and its buddy are not merged"));
	PA_FINDS(2, "free block 0x200 order 9 and its buddy are not merged");

	spin_lock(&zone->lock);
	del_page_from_free_list(zone, desc(512), MAX_PAGE_ORDER - 1, mt);
	del_page_from_free_list(zone, desc(0), MAX_PAGE_ORDER - 1, mt);
	add_to_free_list(zone, desc(0), MAX_PAGE_ORDER, mt, false);
	spin_unlock(&zone->lock);
	CHECK_CLEAN(page_alloc_check(), 0);
}

static void test_inner_page_in_use(void **state)
{
	int n;

	folio_set_count(desc(7), 1);
	PA_FINDS(1, "pfn 0x7 inside a free block is in use (ref 1");
	folio_set_count(desc(7), 0);

	/* A mark inside a block: overlap, and a head nobody listed. */
	__SetPageBuddy(pfn_to_page(512));
	set_buddy_order(pfn_to_page(512), 0);
	n = page_alloc_check();
	PA_DETECTED(n, n, "free block 0x200 overlaps the free block before it");
	assert_true(n > 0);
	__ClearPageBuddy(pfn_to_page(512));
	CHECK_CLEAN(page_alloc_check(), 0);
}

/*
 * The first page of a free block is checked as the others are. A double
 * folio_put() is reported when it happens (the kernel's VM_BUG_ON in
 * put_page_testzero()) and leaves refcount -1 on the head of the free
 * block, which the checker reports too.
 */
static void test_head_page_in_use(void **state)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 0);

	assert_non_null(folio);
	folio_put(folio);
	CHECK_CLEAN(page_alloc_check(), 0);
	folio_put(folio);
	CHECK_DETECTS(0, 0, "VM_BUG_ON_FOLIO", "refcount underflow (-1)");
	assert_int_equal(folio_ref_count(folio), -1);
	PA_FINDS(1, "is in use (ref -1");
	folio_set_count(folio, 0);
	CHECK_CLEAN(page_alloc_check(), 0);

	folio_set_dirty(desc(0));
	PA_FINDS(1, "pfn 0 heading a free block is in use (ref 0 flags 0x8)");
	folio_clear_dirty(desc(0));
	CHECK_CLEAN(page_alloc_check(), 0);
}

/* More than 32 problems: all counted, 32 reported. */
static void test_many_problems(void **state)
{
	for (unsigned long pfn = 1; pfn <= 40; pfn++)
		folio_set_count(desc(pfn), 1);
	assert_errno(page_alloc_check(), 40);
	assert_int_equal(sim_violation_count(T(state)->m), 32);
	PA_FINDS(40, "pfn 0x1 inside a free block is in use");
	for (unsigned long pfn = 1; pfn <= 40; pfn++)
		folio_set_count(desc(pfn), 0);
	CHECK_CLEAN(page_alloc_check(), 0);
}

static void test_lists_and_counters(void **state)
{
	struct zone *zone = T(state)->zone;
	struct list_head *next = desc(0)->lru.next;
	int n;

	/* The list of pfn 0 made to loop on it. */
	desc(0)->lru.next = &desc(0)->lru;
	n = page_alloc_check();
	PA_DETECTED(n, n, "free list order 10 Movable is corrupt");
	assert_true(n > 0);
	desc(0)->lru.next = next;
	CHECK_CLEAN(page_alloc_check(), 0);

	zone->free_area[3].nr_free++;
	PA_FINDS(1, "order 3: nr_free 1, lists hold 0");
	zone->free_area[3].nr_free--;

	zone->vm_stat[NR_FREE_PAGES]++;
	PA_FINDS(1, "NR_FREE_PAGES is 3073, recount 3072");
	zone->vm_stat[NR_FREE_PAGES]--;

	zone->vm_stat[NR_FREE_CMA_PAGES] += 2;
	PA_FINDS(1, "NR_FREE_CMA_PAGES is 1026, recount 1024");
	zone->vm_stat[NR_FREE_CMA_PAGES] -= 2;
	CHECK_CLEAN(page_alloc_check(), 0);
}

/*
 * A free list whose links are consistent but which holds an entry that
 * is no descriptor of the zone (a folio of the caller's, say) is corrupt:
 * reported as such, once, and its entry never read as a free block.
 * Kills 6679cb0fdc (free_list_broken() answering "not broken" at such an
 * entry, so the walk took it for a free block of the list).
 */
static void test_list_entry_outside_the_zone(void **state)
{
	struct list_head *head = &T(state)->zone->free_area[0].free_list[MIGRATE_UNMOVABLE];
	static struct folio outsider;

	assert_true(list_empty(head));
	list_add(&outsider.lru, head);
	PA_FINDS(1, "free list order 0 Unmovable is corrupt after 0 entries");
	list_del(&outsider.lru);
	CHECK_CLEAN(page_alloc_check(), 0);
}

/*
 * page_alloc_check_pfns(): the free blocks around the pfns it is given,
 * and the lists against the counters whatever it is given.
 */
static void test_check_pfns(void **state)
{
	unsigned long p0 = 0, p7 = 7, p512 = 512, far = 2000;
	struct zone *zone = T(state)->zone;
	unsigned char *pb1 = pfnblock_flags(zone, 512), saved = *pb1;
	int n;

	assert_errno(page_alloc_check_pfns(NULL, 1), -EINVAL);
	CHECK_CLEAN(page_alloc_check_pfns(NULL, 0), 0);
	CHECK_CLEAN(page_alloc_check_pfns(&p0, 1), 0);

	folio_set_count(desc(7), 1);
	PA_DETECTED(page_alloc_check_pfns(&p7, 1), 1,
		    "pfn 0x7 inside a free block is in use (ref 1");
	CHECK_CLEAN(page_alloc_check_pfns(&far, 1), 0);
	folio_set_count(desc(7), 0);

	__SetPageBuddy(pfn_to_page(512));
	set_buddy_order(pfn_to_page(512), 0);
	n = page_alloc_check_pfns(&p512, 1);
	PA_DETECTED(n, n, "free block 0x200 overlaps the free block before it");
	assert_true(n > 0);
	__ClearPageBuddy(pfn_to_page(512));

	*pb1 = (saved & ~PB_MIGRATETYPE_MASK) | MIGRATE_UNMOVABLE;
	PA_DETECTED(page_alloc_check_pfns(&p0, 1), 1,
		    "free block 0 order 10 spans pageblocks of types 1 and 0");
	CHECK_CLEAN(page_alloc_check_pfns(&far, 1), 0);
	*pb1 = saved;

	zone->vm_stat[NR_FREE_PAGES]++;
	PA_DETECTED(page_alloc_check_pfns(NULL, 0), 1,
		    "NR_FREE_PAGES is 3073, lists hold 3072");
	zone->vm_stat[NR_FREE_PAGES]--;
	zone->free_area[3].nr_free++;
	PA_DETECTED(page_alloc_check_pfns(&far, 1), 1,
		    "order 3: nr_free 1, lists hold 0");
	zone->free_area[3].nr_free--;
	CHECK_CLEAN(page_alloc_check_pfns(&p0, 1), 0);
	CHECK_CLEAN(page_alloc_check(), 0);
}

/*
 * page_alloc_check_blocks(): what page_alloc_check_pfns() finds at the
 * named pfns, a named free block whose list neighbour does not point
 * back, and nothing of the counters (left to the whole check).
 */
static void test_check_blocks(void **state)
{
	unsigned long p0 = 0, p7 = 7, far = 2000;
	struct zone *zone = T(state)->zone;
	struct list_head *lru = &pfn_folio(0)->lru, *saved;

	assert_errno(page_alloc_check_blocks(NULL, 1), -EINVAL);
	CHECK_CLEAN(page_alloc_check_blocks(&p0, 1), 0);
	folio_set_count(desc(7), 1);
	PA_DETECTED(page_alloc_check_blocks(&p7, 1), 1,
		    "pfn 0x7 inside a free block is in use (ref 1");
	CHECK_CLEAN(page_alloc_check_blocks(&far, 1), 0);
	folio_set_count(desc(7), 0);

	saved = lru->next->prev;
	lru->next->prev = lru->next;
	PA_DETECTED(page_alloc_check_blocks(&p0, 1), 1,
		    "free block 0: its list neighbours do not point back at it");
	lru->next->prev = saved;

	zone->vm_stat[NR_FREE_PAGES]++;
	CHECK_CLEAN(page_alloc_check_blocks(&p0, 1), 0);
	PA_DETECTED(page_alloc_check_pfns(&p0, 1), 1,
		    "NR_FREE_PAGES is 3073, lists hold 3072");
	zone->vm_stat[NR_FREE_PAGES]--;
	CHECK_CLEAN(page_alloc_check(), 0);
}

/*
 * A page in use right after a free order-0 block (pfn 1 taken, pfn 0
 * free): the block does not cover it, so nothing is reported. Kills
 * c27da024a0 (a block of order o - 1 at the order-o head taken as
 * covering the pfn: "pfn 0x1 inside a free block is in use").
 */
static void test_check_pfns_after_small_block(void **state)
{
	unsigned long p1 = 1;

	(void)state;
	assert_errno(alloc_contig_range(1, 2, MIGRATE_MOVABLE, GFP_KERNEL,
					NULL), 0);
	assert_true(PageBuddy(pfn_to_page(0)));
	assert_int_equal(buddy_order(pfn_to_page(0)), 0);
	CHECK_CLEAN(page_alloc_check_pfns(&p1, 1), 0);
	free_contig_range(1, 1);
	CHECK_CLEAN(page_alloc_check(), 0);
}

/*
 * A free block head whose order is corrupt, above MAX_PAGE_ORDER (pfn 0
 * says order 11): the pfns checker names it (pfn 0 on the order-10 list
 * is not a free block of it) and looks for a block covering a named pfn
 * at one aligned pfn per valid order, 1 to MAX_PAGE_ORDER, so it does
 * not blame a page in use 2^10 pfns or more away (pfn 0x406, allocated
 * out of the order-10 block at 1024) for that order. (The whole check's
 * memmap walk trusts the order to skip ahead and does blame it.) Kills
 * dcb57aa4eb (the search going on to order MAX_PAGE_ORDER + 1: "pfn
 * 0x406 inside a free block is in use").
 */
static void test_check_pfns_corrupt_order_covers_nothing(void **state)
{
	struct page *head = pfn_to_page(0);
	unsigned long p = 0x406;
	int n;

	(void)state;
	assert_errno(alloc_contig_range(p, p + 1, MIGRATE_MOVABLE, GFP_KERNEL,
					NULL), 0);
	assert_int_equal(buddy_order(head), MAX_PAGE_ORDER);
	set_buddy_order(head, MAX_PAGE_ORDER + 1);
	n = page_alloc_check_pfns(&p, 1);
	assert_true(n > 0);
	if (check_found("CHECK", "pfn 0x406")) {
		test_print_violations(sim_current_machine());
		fail_msg("the pfns checker blamed pfn 0x406 for the corrupt order at 0");
	}
	assert_true(check_found("CHECK", "pfn 0 on list order 10"));
	sim_violation_clear(sim_current_machine());
	assert_true(page_alloc_check() > 0);
	sim_violation_clear(sim_current_machine());
	set_buddy_order(head, MAX_PAGE_ORDER);
	free_contig_range(p, 1);
	CHECK_CLEAN(page_alloc_check(), 0);
}

/* ---- cma_check() ------------------------------------------------------ */

static void test_cma_available_count(void **state)
{
	struct cma *c = T(state)->cma0;

	c->available_count--;
	CMA_FINDS(1, "cma cma0: available_count 1023, bitmap says 1024");
	c->available_count++;
	CHECK_CLEAN(cma_check(), 0);
}

static void test_cma_classic_bitmap(void **state)
{
	struct pc_test *t = T(state);
	struct cma *c = t->cma0;
	unsigned char *pb = pfnblock_flags(t->zone, CMA0), saved = *pb;

	/* A set bit on the head of a free buddy block. */
	bitmap_set(c->bitmap, 0, 1);
	c->available_count--;
	CMA_FINDS(1, "cma cma0: pfn 0x800 allocated but free in buddy");
	bitmap_clear(c->bitmap, 0, 1);
	c->available_count++;

	/* A clear bit in a pageblock that is not CMA (nor isolated). */
	*pb = (saved & ~PB_MIGRATETYPE_MASK) | MIGRATE_MOVABLE;
	/*
	 * 512 problems, one per pfn of the pageblock; as the other checkers,
	 * cma_check() reports the first 32 and then how many more there are.
	 */
	assert_int_equal(cma_check(), 512);
	assert_int_equal(sim_violation_count(sim_current_machine()), 33);
	assert_true(check_found("WARN",
				"cma cma0: pfn 0x81f not in a CMA pageblock"));
	assert_false(check_found("WARN",
				 "cma cma0: pfn 0x820 not in a CMA pageblock"));
	CMA_FINDS(512, "cma_check: 480 more problems");
	*pb = saved;
	CHECK_CLEAN(cma_check(), 0);
}

static void test_cma_gcma(void **state)
{
	struct gcma *g = gcma_get_state();
	struct gcma_area *garea = NULL;

	for (int i = 0; i < gcma_nr_published(g); i++)
		if (g->areas[i].start_pfn == GCMA0)
			garea = &g->areas[i];
	assert_non_null(garea);

	/* GCMA hands a pfn out behind CMA's back: its bit is clear. */
	assert_errno(gcma_alloc_range(GCMA0 + 9, 1, GFP_KERNEL), 0);
	CMA_FINDS(1, "cma gcma0: pfn 0xc09 GCMA-allocated, bit clear");
	assert_errno(gcma_free_range(GCMA0 + 9, 1), 0);
	CHECK_CLEAN(cma_check(), 0);

	/* No GCMA area starts at the area's base. */
	garea->start_pfn++;
	CMA_FINDS(1, "cma gcma0: no GCMA area");
	garea->start_pfn--;
	CHECK_CLEAN(cma_check(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_migratetype_names),
		T(test_unattached_and_before_boot),
		T(test_block_order),
		T(test_block_pageblocks),
		T(test_block_reserved),
		T(test_unmerged_buddies),
		T(test_inner_page_in_use),
		T(test_head_page_in_use),
		T(test_many_problems),
		T(test_lists_and_counters),
		T(test_list_entry_outside_the_zone),
		T(test_check_pfns),
		T(test_check_blocks),
		T(test_check_pfns_after_small_block),
		T(test_check_pfns_corrupt_order_covers_nothing),
		T(test_cma_available_count),
		T(test_cma_classic_bitmap),
		T(test_cma_gcma),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

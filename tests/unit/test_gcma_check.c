// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma_check() finds what it promises to find: each test builds a sound
 * state with the public calls, corrupts one field on purpose (a bitmap
 * bit, a refcount, a pool id, a counter, an area's bounds), asserts the
 * checker returns -EUCLEAN and names the problem, then puts the field
 * back and asserts the checker is clean again.
 *
 * A 1024-page machine without page data; the top 256 pages are a
 * boot-time carve-out holding two 64-page areas, A and B, donated to
 * pools 0 and 1:
 *
 *   0                          768      832      896        1024
 *   |     system memory         |   A    |   B    |  unused  |
 *
 * Each test frees what it allocated; the cleancache fixture takes every
 * donated page back at teardown.
 */
#include "cc_test.h"
#include "check_test.h"
#include "mm/cleancache_internal.h"
#include "mm/gcma_internal.h"

#define A_PFN	768UL
#define B_PFN	832UL
#define AREA_NR	64UL

static int setup(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 1024, .nr_carve = 256, .carve_align = 256,
		.mode = SIM_DATA_NONE,
	};
	struct cc_test *t;
	int ret = cc_setup_opts(state, &o);

	t = *state;
	assert_int_equal(t->carve_pfn, A_PFN);
	assert_errno(gcma_register_area("A", A_PFN, AREA_NR), 0);
	assert_errno(gcma_register_area("B", B_PFN, AREA_NR), 0);
	for (unsigned long i = 0; i < 2 * AREA_NR; i++)
		cc_mark_donated(t, i, i < AREA_NR ? 0 : 1);
	CHECK_CLEAN(gcma_check(), 0);
	return ret;
}

static struct gcma_area *area(int id)
{
	return &gcma_get_state()->areas[id];
}

static struct folio *desc(unsigned long pfn)
{
	return (struct folio *)pfn_to_page(pfn);
}

/* Flip the allocation bit of @pfn in @a (the test owns the range). */
static void flip_bit(struct gcma_area *a, unsigned long pfn)
{
	unsigned long i = pfn - a->start_pfn;

	a->bitmap[i / BITS_PER_LONG] ^= 1UL << (i % BITS_PER_LONG);
}

/* gcma_check_pfns() of one pfn of A. */
static int check_one_pfn(void)
{
	unsigned long pfn = A_PFN;

	return gcma_check_pfns(&pfn, 1);
}

/*
 * Both checkers refuse a thread attached to no machine (-ENXIO); the pfn
 * variant's refusal kills 04f5a0c906 (0 there).
 */
static void test_unattached(void **state)
{
	check_unattached(gcma_check);
	check_unattached(check_one_pfn);
}

static void test_allocated_in_cleancache(void **state)
{
	struct folio *d = desc(A_PFN + 1);
	void *saved;

	assert_errno(gcma_alloc_range(A_PFN + 1, 1, GFP_KERNEL), 0);
	saved = d->private;
	folio_cc_set(d, 0, CC_FOLIO_FREE);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK", "is in cleancache");
	d->private = saved;
	CHECK_CLEAN(gcma_check(), 0);
	assert_errno(gcma_free_range(A_PFN + 1, 1), 0);
}

static void test_allocated_refcount(void **state)
{
	struct folio *d = desc(A_PFN + 2);

	assert_errno(gcma_alloc_range(A_PFN + 2, 1, GFP_KERNEL), 0);
	folio_set_count(d, 0);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "allocated pfn 0x302 has refcount 0");
	folio_set_count(d, 1);
	CHECK_CLEAN(gcma_check(), 0);
	assert_errno(gcma_free_range(A_PFN + 2, 1), 0);
}

static void test_compound(void **state)
{
	unsigned long head = A_PFN + 8;
	struct gcma_area *a = area(0);

	assert_errno(gcma_alloc_range(head, 8, GFP_KERNEL | __GFP_COMP), 0);
	CHECK_CLEAN(gcma_check(), 0);

	folio_set_count(desc(head), 0);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "compound head 0x308 has refcount 0");
	folio_set_count(desc(head), 1);

	/* The tail's bit cleared: unmarked, and not donated either. */
	flip_bit(a, head + 3);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "tail 0x30b of allocated folio 0x308 not marked");
	flip_bit(a, head + 3);

	folio_set_count(desc(head + 5), 1);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "tail pfn 0x30d has refcount 1");
	folio_set_count(desc(head + 5), 0);

	CHECK_CLEAN(gcma_check(), 0);
	assert_errno(gcma_free_range(head, 8), 0);
	CHECK_CLEAN(gcma_check(), 0);
}

/*
 * An allocated page of B made a tail of a compound folio of A:
 *
 *   A: ... [0x338 head, order 3, 0x33f] | B: [0x340] <- tail of 0x338
 */
static void test_folio_outside_area(void **state)
{
	unsigned long head = B_PFN - 8;
	struct folio *d = desc(B_PFN);
	unsigned long saved;

	assert_errno(gcma_alloc_range(head, 8, GFP_KERNEL | __GFP_COMP), 0);
	assert_errno(gcma_alloc_range(B_PFN, 1, GFP_KERNEL), 0);
	saved = d->page.compound_head;
	d->page.compound_head = (unsigned long)pfn_to_page(head) | 1;
	folio_set_count(d, 0);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "pfn 0x340 is in a folio [0x338, 0x340) outside the area");
	d->page.compound_head = saved;
	folio_set_count(d, 1);
	CHECK_CLEAN(gcma_check(), 0);
	assert_errno(gcma_free_range(B_PFN, 1), 0);
	assert_errno(gcma_free_range(head, 8), 0);
}

/*
 * B's last eight pfns one compound folio, and B's end moved down one pfn
 * (its bitmap kept): the folio now runs one pfn past the area's end.
 * Kills 9ad7f2ceff (the bound letting a folio end at end_pfn + 1).
 */
static void test_folio_past_area_end(void **state)
{
	unsigned long head = B_PFN + AREA_NR - 8;
	struct gcma_area *b = area(1);

	assert_errno(gcma_alloc_range(head, 8, GFP_KERNEL | __GFP_COMP), 0);
	b->end_pfn--;
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "B: pfn 0x378 is in a folio [0x378, 0x380) outside the area");
	b->end_pfn++;
	CHECK_CLEAN(gcma_check(), 0);
	assert_errno(gcma_free_range(head, 8), 0);
}

static void test_donated_wrong_pool(void **state)
{
	struct folio *d = desc(A_PFN + 20);
	void *saved = d->private;

	folio_cc_set(d, 1, CC_FOLIO_FREE);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "free pfn 0x314 is not donated to pool 0 (pool 1, state 1)");
	folio_cc_clear(d);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "free pfn 0x314 is not donated to pool 0 (pool -1, state 0)");
	d->private = saved;
	CHECK_CLEAN(gcma_check(), 0);
}

static void test_donated_flags(void **state)
{
	struct folio *d = desc(A_PFN + 21);

	folio_set_reserved(d);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK", "donated pfn 0x315 has flags");
	folio_clear_reserved(d);
	CHECK_CLEAN(gcma_check(), 0);
}

static void test_counter(void **state)
{
	struct gcma_area *a = area(1);

	atomic_long_inc(&a->allocated);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "B: 0 pfns marked, allocated counter 1");
	atomic_long_dec(&a->allocated);
	CHECK_CLEAN(gcma_check(), 0);
}

/*
 * gcma_check_pfns(): the per-pfn checks of the pfns it is given only; the
 * counter is left to gcma_check().
 */
static void test_check_pfns(void **state)
{
	unsigned long named = A_PFN + 2, other = A_PFN + 3, outside = 5;
	struct folio *d = desc(named);

	assert_errno(gcma_check_pfns(NULL, 1), -EINVAL);
	CHECK_CLEAN(gcma_check_pfns(NULL, 0), 0);
	assert_errno(gcma_alloc_range(named, 1, GFP_KERNEL), 0);
	CHECK_CLEAN(gcma_check_pfns(&named, 1), 0);
	folio_set_count(d, 0);
	CHECK_DETECTS(gcma_check_pfns(&named, 1), -EUCLEAN, "CHECK",
		      "allocated pfn 0x302 has refcount 0");
	CHECK_CLEAN(gcma_check_pfns(&other, 1), 0);
	CHECK_CLEAN(gcma_check_pfns(&outside, 1), 0);
	folio_set_count(d, 1);
	assert_errno(gcma_free_range(named, 1), 0);

	folio_set_reserved(desc(other));
	CHECK_DETECTS(gcma_check_pfns(&other, 1), -EUCLEAN, "CHECK",
		      "donated pfn 0x303 has flags");
	folio_clear_reserved(desc(other));

	atomic_long_inc(&area(1)->allocated);
	CHECK_CLEAN(gcma_check_pfns(&other, 1), 0);
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "B: 0 pfns marked, allocated counter 1");
	atomic_long_dec(&area(1)->allocated);
	CHECK_CLEAN(gcma_check(), 0);
}

static void test_bad_range(void **state)
{
	struct gcma_area *a = area(1);

	a->end_pfn = a->start_pfn;
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "B: bad range [0x340, 0x340)");
	a->end_pfn = 4096;	/* past the machine */
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "B: bad range [0x340, 0x1000)");
	a->end_pfn = B_PFN + AREA_NR;
	CHECK_CLEAN(gcma_check(), 0);
}

/*
 * A pool id nobody registered: one problem for the area, one per pfn
 * (none is donated to it), and past 32 reports a summary line.
 */
static void test_unregistered_pool_and_summary(void **state)
{
	struct gcma_area *a = area(0);

	a->pool_id = 7;
	assert_errno(gcma_check(), -EUCLEAN);
	/* 32 reports, then "33 more problems" (1 + 64 found). */
	assert_int_equal(sim_violation_count(cc(state)->m), 33);
	assert_true(check_found("CHECK", "A: pool 7 is not registered"));
	CHECK_DETECTS(0, 0, "CHECK", "33 more problems");
	a->pool_id = 0;
	CHECK_CLEAN(gcma_check(), 0);
}

/*
 * The first id past the registered pools is not registered either.
 * Kills 28c47f2dde (the bound letting pool id == nr_pools through).
 */
static void test_pool_just_past_the_last(void **state)
{
	struct gcma_area *b = area(1);
	int nr = cleancache_nr_pools(cleancache_get_state());
	char want[64];

	snprintf(want, sizeof(want), "B: pool %d is not registered", nr);
	b->pool_id = nr;
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK", want);
	b->pool_id = 1;
	CHECK_CLEAN(gcma_check(), 0);
}

static void test_shared_pool_and_overlap(void **state)
{
	struct gcma_area *b = area(1);

	b->pool_id = 0;
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK", "A and B share pool 0");
	b->pool_id = 1;

	/* B moved down by 8 pfns, its length (and bitmap) kept. */
	b->start_pfn -= 8;
	b->end_pfn -= 8;
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "B [0x338, 0x378) overlaps A [0x300, 0x340)");
	b->start_pfn = B_PFN;
	b->end_pfn = B_PFN + AREA_NR;
	CHECK_CLEAN(gcma_check(), 0);
}

/*
 * B moved below A so that its last pfn is A's first: a one-pfn overlap
 * is an overlap too. Kills 14c475ed09 (the test missing an area that
 * starts at the other's last pfn).
 */
static void test_overlap_by_one_pfn(void **state)
{
	struct gcma_area *b = area(1);

	b->start_pfn = A_PFN + 1 - AREA_NR;
	b->end_pfn = A_PFN + 1;
	CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK",
		      "B [0x2c1, 0x301) overlaps A [0x300, 0x340)");
	b->start_pfn = B_PFN;
	b->end_pfn = B_PFN + AREA_NR;
	CHECK_CLEAN(gcma_check(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, cc_teardown)
		T(test_unattached),
		T(test_allocated_in_cleancache),
		T(test_allocated_refcount),
		T(test_compound),
		T(test_folio_outside_area),
		T(test_folio_past_area_end),
		T(test_donated_wrong_pool),
		T(test_donated_flags),
		T(test_counter),
		T(test_check_pfns),
		T(test_bad_range),
		T(test_unregistered_pool_and_summary),
		T(test_pool_just_past_the_last),
		T(test_shared_pool_and_overlap),
		T(test_overlap_by_one_pfn),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

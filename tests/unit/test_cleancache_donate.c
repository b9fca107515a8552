// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * What a backend may donate: a page it owns, order-0, at refcount 0,
 * not reserved, not donated already. Pages that are somebody else's are
 * refused with -EINVAL, through every donation call, and nothing
 * changes (the state digest is equal before and after):
 *
 *  - a page the page allocator holds free (the head of a free block, a
 *    page inside one): its lru links the buddy free list, and taking it
 *    used to corrupt that list so that folio_alloc(), the digest and the
 *    dump looped forever;
 *  - a reserved page (PG_reserved: memblock's, never handed over);
 *  - a tail page of a compound folio (its refcount is 0 too);
 *  - a page in cleancache already.
 *
 * The cleancache fixture, metadata only: a 1024-page machine whose top
 * 64 pages are a carve-out.
 */
#include <libgcma/digest.h>

#include "cc_test.h"
#include "mm/cleancache_internal.h"

/* The machine must digest as @before did. */
static void expect_unchanged(struct cc_test *t, const struct sim_digest *before)
{
	struct sim_digest now;

	assert_errno(sim_machine_digest(t->m, &now), 0);
	if (now.total != before->total) {
		unsigned int diff = sim_digest_diff(before, &now);

		for (int p = 0; p < SIM_DIGEST_NR_PARTS; p++)
			if (diff & (1u << p))
				print_error("digest part %s moved\n",
					    sim_digest_part_name(p));
		fail();
	}
	assert_errno(sim_page_alloc_check(t->m), 0);
	CHECK_CC();
}

/* Every donation call refuses [@pfn, +@nr) and changes nothing. */
static void refuse_all(struct cc_test *t, int pool, unsigned long pfn,
		       unsigned long nr, bool try_list)
{
	struct sim_digest before;

	assert_errno(sim_machine_digest(t->m, &before), 0);
	if (nr == 1)
		assert_errno(cleancache_backend_put_folio(pool,
				(struct folio *)pfn_to_page(pfn)), -EINVAL);
	if (try_list) {
		struct folio *folio = (struct folio *)pfn_to_page(pfn);
		LIST_HEAD(folios);

		list_add(&folio->lru, &folios);
		assert_errno(cleancache_backend_put_folios(pool, &folios),
			     -EINVAL);
		assert_ptr_equal(folios.next, &folio->lru);
		list_del_init(&folio->lru);
	}
	assert_errno(cleancache_backend_put_range(pool, pfn, nr), -EINVAL);
	expect_unchanged(t, &before);

	/* The owned-range call also says the caller broke its promise. */
	assert_errno(cleancache_backend_put_owned_range(pool, pfn, nr), -EINVAL);
	test_expect_violations(t->m, 1);
	expect_unchanged(t, &before);
}

/*
 * A folio allocated and freed again is the page allocator's: the head
 * of a free block. Donating it is refused; allocation, the dump and the
 * digest go on working.
 */
static void test_donate_freed_folio(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *folio = folio_alloc(GFP_KERNEL, 0), *again;
	unsigned long pfn;
	FILE *null;

	assert_non_null(folio);
	pfn = folio_pfn(folio);
	folio_put(folio);
	refuse_all(t, pool, pfn, 1, false);

	again = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(again);
	folio_put(again);
	null = fopen("/dev/null", "w");
	assert_non_null(null);
	assert_errno(sim_page_alloc_show(t->m, null), 0);
	fclose(null);
	CC_EXPECT_POOL(pool, 0, 0, 0);
}

/*
 * A page inside a free block (not its head) is the allocator's too:
 *
 *   pfn   p   p+1 ... p+7
 *         [ free block of order 3 ]   <- donate p+1, p+2..p+5
 */
static void test_donate_inside_free_block(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *folio = folio_alloc(GFP_KERNEL, 3);
	unsigned long pfn;

	assert_non_null(folio);
	pfn = folio_pfn(folio);
	folio_put(folio);
	refuse_all(t, pool, pfn + 1, 1, false);
	refuse_all(t, pool, pfn + 2, 4, false);
	CC_EXPECT_POOL(pool, 0, 0, 0);
}

/* A reserved page is memblock's, even at refcount 0. */
static void test_donate_reserved(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *folio = cc_donor(t, 5);

	assert_true(folio_test_reserved(folio));
	assert_true(folio_ref_freeze(folio, 1));
	refuse_all(t, pool, folio_pfn(folio), 1, true);
	/* A range with one reserved page in the middle. */
	for (unsigned long i = 3; i < 8; i++)
		if (i != 5)
			cc_own(t, i);
	refuse_all(t, pool, t->carve_pfn + 3, 5, false);
	folio_ref_unfreeze(folio, 1);
	CC_EXPECT_POOL(pool, 0, 0, 0);
}

/* A tail page of a compound folio: refcount 0, but part of the folio. */
static void test_donate_tail(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *head = cc_make_large(t, 8, 2, 0);

	refuse_all(t, pool, folio_pfn(head) + 1, 1, false);
	refuse_all(t, pool, folio_pfn(head) + 2, 2, false);
	CC_EXPECT_POOL(pool, 0, 0, 0);
	cc_unmake_large(t, head);
}

/* A page donated already, to this pool or another. */
static void test_donate_twice(void **state)
{
	struct cc_test *t = cc(state);
	int p0 = cc_pool("p0", 0), p1 = cc_pool("p1", 1);
	struct folio *folio = cc_donate(t, p0, 0);

	cc_own(t, 1);
	refuse_all(t, p1, folio_pfn(folio), 1, false);
	refuse_all(t, p0, folio_pfn(folio), 2, false);
	CC_EXPECT_POOL(p0, 1, 0, 0);
	CC_EXPECT_POOL(p1, 0, 0, 0);
	cc_donate(t, p1, 1);
}

/*
 * A list that loops without coming back to its head (A -> B -> A) is
 * refused before anything moves: a WARN and -EINVAL, never a hang.
 */
static void test_put_folios_cyclic_list(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *a = cc_own(t, 0), *b = cc_own(t, 1);
	struct sim_digest before;
	LIST_HEAD(folios);

	list_add_tail(&a->lru, &folios);
	list_add_tail(&b->lru, &folios);
	b->lru.next = &a->lru;		/* the corruption */
	assert_errno(sim_machine_digest(t->m, &before), 0);
	assert_errno(cleancache_backend_put_folios(pool, &folios), -EINVAL);
	test_expect_violations(t->m, 1);
	b->lru.next = &folios;
	expect_unchanged(t, &before);
	assert_ptr_equal(folios.next, &a->lru);
	assert_ptr_equal(a->lru.next, &b->lru);
	assert_errno(cleancache_backend_put_folios(pool, &folios), 0);
	cc_mark_donated(t, 0, pool);
	cc_mark_donated(t, 1, pool);
	CC_EXPECT_POOL(pool, 2, 0, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, cc_setup_meta, cc_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_donate_freed_folio),
		T(test_donate_inside_free_block),
		T(test_donate_reserved),
		T(test_donate_tail),
		T(test_donate_twice),
		T(test_put_folios_cyclic_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

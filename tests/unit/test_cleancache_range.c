// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the cleancache backend's range calls,
 * cleancache_backend_put_range() and cleancache_backend_get_range(),
 * and of the owned-range variants GCMA uses (__cleancache_backend_
 * get_range() with a refcount, cleancache_backend_put_owned_range(),
 * cc_link_owned_folio() + cleancache_backend_put_linked()): their
 * error codes, what they do to FREE and CACHED folios, the pool's list
 * order, the counters, the checker after every step, and that they
 * allocate nothing (fail-nth).
 *
 * 1024-page machine with page data; donor page i is pfn 960 + i:
 *
 *   pfn 0                                        960            1024
 *       |<------------- system memory ------------>|<- carve-out ->|
 *                                                    d0 ... d63
 */
#include <limits.h>

#include "cc_test.h"
#include "mm/cleancache_internal.h"

#define CARVE	960UL

static int range_setup(void **state)
{
	int ret = cc_setup(state);

	assert_int_equal(cc(state)->carve_pfn, CARVE);
	return ret;
}

static uint32_t tag(unsigned long ino, unsigned long index, unsigned int v)
{
	return (uint32_t)(ino << 24 | index << 4 | v);
}

/* Own d[first .. first + n) and donate them with one put_range(). */
static void range_donate(struct cc_test *t, int pool, unsigned long first,
			 unsigned long n)
{
	for (unsigned long i = first; i < first + n; i++)
		cc_own(t, i);
	assert_errno(cleancache_backend_put_range(pool, CARVE + first, n), 0);
	for (unsigned long i = first; i < first + n; i++)
		cc_mark_donated(t, i, pool);
	CHECK_CC();
}

/*
 *   960                     968
 *   |d0 d1 d2 d3 d4 d5 d6 d7|
 *         [get 2..5 )
 *
 * Expect put_range of 8 to give a pool of 8 FREE folios, get_range of
 * d2..d5 to leave 4 with every taken folio at refcount 0 and pool id -1,
 * and put_range of them again to give 8; the checker passes throughout.
 */
static void test_range_free(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	range_donate(t, pool, 0, 8);
	CC_EXPECT_POOL(pool, 8, 0, 0);
	assert_errno(cleancache_backend_get_range(pool, CARVE + 2, 4), 0);
	CHECK_CC();
	for (unsigned long i = 2; i < 6; i++) {
		assert_int_equal(folio_ref_count(cc_donor(t, i)), 0);
		assert_null(cc_donor(t, i)->private);
		cc_mark_taken(t, i);
	}
	CC_EXPECT_POOL(pool, 4, 0, 0);
	CC_EXPECT(&s);
	assert_errno(cleancache_backend_put_range(pool, CARVE + 2, 4), 0);
	for (unsigned long i = 2; i < 6; i++)
		cc_mark_donated(t, i, pool);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 8, 0, 0);
}

/*
 *   960         964
 *   |d0 d1 d2 d3|   three of them CACHED (inode 2, indexes 0..2)
 *
 * Expect get_range of all four to count 3 recalls, empty the pool, and
 * every restore to miss afterwards.
 */
static void test_range_cached(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *a = &t->inode[2];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	range_donate(t, pool, 0, 4);
	cc_stats(&s);
	for (unsigned long i = 0; i < 3; i++)
		assert_true(cc_store_tag(t, a, page, i, tag(2, i, 0)));
	CC_EXPECT(&s, .stored = 3);
	CC_EXPECT_POOL(pool, 4, 3, 0);
	assert_errno(cleancache_backend_get_range(pool, CARVE, 4), 0);
	CHECK_CC();
	for (unsigned long i = 0; i < 4; i++)
		cc_mark_taken(t, i);
	CC_EXPECT(&s, .recalled = 3);
	CC_EXPECT_POOL(pool, 0, 0, 3);
	for (unsigned long i = 0; i < 3; i++)
		CC_RESTORE_MISS(t, a, aux, i);
	CC_EXPECT(&s, .missed = 3);
}

/*
 * Donate d0 .. d(@n - 1) to pool 0, store 48 entries there, alternately
 * of inodes 3 and 4, then invalidate every fourth: 36 CACHED folios, more
 * than two batches of the range take's records, mixed with FREE ones.
 */
static void range_cache_many(struct cc_test *t, unsigned long n)
{
	struct folio *page = cc_page(t);
	struct cleancache_stats s;

	range_donate(t, cc_pool("p", 0), 0, n);
	cc_stats(&s);
	for (unsigned long i = 0; i < 48; i++)
		assert_true(cc_store_tag(t, &t->inode[3 + i % 2], page, i,
					 tag(3 + i % 2, i, 1)));
	for (unsigned long i = 0; i < 48; i += 4)
		assert_true(cc_invalidate(&t->inode[3 + i % 2], page, i));
	CC_EXPECT(&s, .stored = 48, .invalidated = 12);
	CC_EXPECT_POOL(0, n, 36, 0);
}

/* Every entry range_cache_many() stored misses now. */
static void range_cached_many_gone(struct cc_test *t)
{
	struct folio *aux = cc_page(t);
	struct cleancache_stats s;

	cc_stats(&s);
	for (unsigned long i = 0; i < 48; i++)
		CC_RESTORE_MISS(t, &t->inode[3 + i % 2], aux, i);
	CC_EXPECT(&s, .missed = 48);
}

/*
 *   960                                    1024
 *   |d0 ........................... d63|   36 CACHED (inodes 3, 4), 28 FREE
 *
 * Expect get_range of all 64 to count 36 recalls, empty the pool and the
 * inodes (every restore misses), with every folio at refcount 0 and no
 * private word: the take goes on where a full batch of records stopped.
 */
static void test_range_cached_many(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache_stats s;
	int pool = 0;

	range_cache_many(t, 64);
	cc_stats(&s);
	assert_errno(cleancache_backend_get_range(pool, CARVE, 64), 0);
	CHECK_CC();
	for (unsigned long i = 0; i < 64; i++) {
		assert_int_equal(folio_ref_count(cc_donor(t, i)), 0);
		assert_null(cc_donor(t, i)->private);
		assert_null(cc_donor(t, i)->mapping);
		cc_mark_taken(t, i);
	}
	CC_EXPECT(&s, .recalled = 36);
	CC_EXPECT_POOL(pool, 0, 0, 36);
	range_cached_many_gone(t);
}

/*
 *   960                                 1020   1024
 *   |d0 ........................... d59|d60 ..|   d60 never donated
 *
 * Expect get_range over d0 .. d60 to fail with -EINVAL after taking 60
 * folios over several batches, give all 60 back FREE at refcount 0 (the
 * 36 cached entries dropped, counted as recalled), d60 untouched.
 */
static void test_range_cached_many_error(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache_stats s;
	int pool = 0;

	range_cache_many(t, 60);
	cc_stats(&s);
	assert_errno(cleancache_backend_get_range(pool, CARVE, 61), -EINVAL);
	CHECK_CC();
	CC_EXPECT(&s, .recalled = 36);
	CC_EXPECT_POOL(pool, 60, 0, 36);
	for (unsigned long i = 0; i < 60; i++) {
		assert_int_equal(folio_ref_count(cc_donor(t, i)), 0);
		assert_non_null(cc_donor(t, i)->private);
	}
	assert_true(folio_test_reserved(cc_donor(t, 60)));
	range_cached_many_gone(t);
}

/*
 *   960             966
 *   |d0 d1 d2 d3 d4 |d5   d5 never donated
 *
 * Expect -EINVAL for a count of 0, a wrap, a range past the machine and
 * bad pool ids, nothing changed; -EINVAL from get_range over d3..d5,
 * with d3 and d4 donated again (FREE) and d5 untouched; -EINVAL from
 * put_range of d5..d6 with d6 referenced, and of d0 (donated), with
 * nothing changed.
 */
static void test_range_errors(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);

	range_donate(t, pool, 0, 5);
	assert_errno(cleancache_backend_get_range(pool, CARVE, 0), -EINVAL);
	assert_errno(cleancache_backend_put_range(pool, CARVE, 0), -EINVAL);
	assert_errno(cleancache_backend_get_range(pool, ULONG_MAX, 2),
		     -EINVAL);
	assert_errno(cleancache_backend_get_range(pool, CARVE, 65), -EINVAL);
	assert_errno(cleancache_backend_put_range(pool, 1020, 8), -EINVAL);
	assert_errno(cleancache_backend_get_range(-1, CARVE, 1), -EINVAL);
	assert_errno(cleancache_backend_get_range(7, CARVE, 1), -EINVAL);
	assert_errno(cleancache_backend_put_range(7, CARVE, 1), -EINVAL);
	CC_EXPECT_POOL(pool, 5, 0, 0);

	assert_errno(cleancache_backend_get_range(pool, CARVE + 3, 3),
		     -EINVAL);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 5, 0, 0);
	/* Donated again: the checker counted them FREE in the pool. */
	assert_non_null(cc_donor(t, 3)->private);
	assert_non_null(cc_donor(t, 4)->private);
	assert_true(folio_test_reserved(cc_donor(t, 5)));

	cc_own(t, 5);
	cc_own(t, 6);
	folio_ref_inc(cc_donor(t, 6));
	assert_errno(cleancache_backend_put_range(pool, CARVE + 5, 2),
		     -EINVAL);
	assert_null(cc_donor(t, 5)->private);
	folio_ref_dec(cc_donor(t, 6));
	assert_errno(cleancache_backend_put_range(pool, CARVE, 1), -EINVAL);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 5, 0, 0);
}

/* Whether @pool's free list begins with d[first .. first + n) in order. */
static bool pool_head_is(struct cc_test *t, int pool, unsigned long first,
			 unsigned long n)
{
	struct list_head *head = &cleancache_get_state()->pools[pool].folio_list;
	struct list_head *pos = head->next;

	for (unsigned long i = first; i < first + n; i++, pos = pos->next)
		if (pos == head || pos != &cc_donor(t, i)->lru ||
		    pos->next->prev != pos)
			return false;
	return true;
}

/*
 *   960                     968
 *   |d0 d1 d2 d3 d4 d5 d6 d7|   d1, d2 CACHED (inode 1)
 *
 * Expect cleancache_backend_get_range_allocated() with refs 1 to hand all eight
 * out at refcount 1 with no private word, counting 2 recalls; at
 * refcount 0 again, cleancache_backend_put_owned_range() to give a pool of
 * 8 whose free list begins with d0 .. d7 in ascending order; and a
 * second owned donation of d0 to fail with -EINVAL (a WARN), nothing
 * changed.
 */
static void test_range_owned(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *a = &t->inode[1];
	struct folio *page = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	range_donate(t, pool, 0, 8);
	assert_true(pool_head_is(t, pool, 0, 8));
	cc_stats(&s);
	assert_true(cc_store_tag(t, a, page, 0, tag(1, 0, 0)));
	assert_true(cc_store_tag(t, a, page, 1, tag(1, 1, 0)));
	assert_errno(cleancache_backend_get_range_allocated(pool, CARVE, 8, 1), 0);
	CHECK_CC();
	for (unsigned long i = 0; i < 8; i++) {
		assert_int_equal(folio_ref_count(cc_donor(t, i)), 1);
		assert_null(cc_donor(t, i)->private);
		assert_null(cc_donor(t, i)->mapping);
		folio_set_count(cc_donor(t, i), 0);
		cc_mark_taken(t, i);
	}
	CC_EXPECT(&s, .stored = 2, .recalled = 2);
	CC_EXPECT_POOL(pool, 0, 0, 2);

	assert_errno(cleancache_backend_put_owned_range(pool, CARVE, 8), 0);
	for (unsigned long i = 0; i < 8; i++)
		cc_mark_donated(t, i, pool);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 8, 0, 2);
	assert_true(pool_head_is(t, pool, 0, 8));

	assert_errno(cleancache_backend_put_owned_range(pool, CARVE, 1), -EINVAL);
	test_expect_violations(t->m, 1);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 8, 0, 2);
	assert_true(pool_head_is(t, pool, 0, 8));
}

/*
 *   960         964         968
 *   |d0 d1 d2 d3|d4 d5 d6 d7|
 *    linked top-down  put_range'd before
 *
 * Expect cc_link_owned_folio() on d3, d2, d1, d0 (any order will do)
 * and cleancache_backend_put_linked() to put d0 .. d3 at the head of
 * the pool, ahead of d4 .. d7, all in ascending order; the put of a range
 * that was not linked fails with -EINVAL (a WARN), nothing changed.
 */
static void test_range_owned_linked(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);

	range_donate(t, pool, 4, 4);
	for (unsigned long i = 0; i < 4; i++)
		cc_own(t, i);
	assert_errno(cleancache_backend_put_linked(pool, CARVE, 4), -EINVAL);
	test_expect_violations(t->m, 1);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 4, 0, 0);

	for (unsigned long i = 4; i-- > 0;)
		cc_link_owned_folio(cc_donor(t, i), pool, cc_donor(t, 0), 4);
	assert_errno(cleancache_backend_put_linked(pool, CARVE, 4), 0);
	for (unsigned long i = 0; i < 4; i++)
		cc_mark_donated(t, i, pool);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 8, 0, 0);
	assert_true(pool_head_is(t, pool, 0, 8));
	assert_errno(cleancache_backend_put_linked(7, CARVE, 4), -EINVAL);
	assert_errno(cleancache_backend_put_linked(pool, CARVE, 0), -EINVAL);
}

/*
 *   960             966
 *   |d0 d1 d2 d3 d4 |d5   d5 never donated
 *
 * Expect cleancache_backend_get_range_allocated() of d3 .. d5 with refs 1 to
 * fail with -EINVAL and leave d3, d4 FREE in the pool at refcount 0.
 */
static void test_range_owned_errors(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);

	range_donate(t, pool, 0, 5);
	assert_errno(cleancache_backend_get_range_allocated(pool, CARVE + 3, 3, 1),
		     -EINVAL);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 5, 0, 0);
	for (unsigned long i = 3; i < 5; i++) {
		assert_int_equal(folio_ref_count(cc_donor(t, i)), 0);
		assert_non_null(cc_donor(t, i)->private);
	}
	assert_true(folio_test_reserved(cc_donor(t, 5)));
}

/*
 * The range calls allocate nothing: with the first allocation armed to
 * fail, put_range and get_range of free and cached folios, and the
 * owned variants, succeed and the rule stays armed.
 */
static void test_range_fail_nth(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *a = &t->inode[1];
	struct folio *page = cc_page(t);
	int pool = cc_pool("p", 0);

	range_donate(t, pool, 0, 8);
	assert_true(cc_store_tag(t, a, page, 0, tag(1, 0, 0)));
	assert_true(cc_store_tag(t, a, page, 1, tag(1, 1, 0)));
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, 1), 0);
	assert_errno(cleancache_backend_get_range(pool, CARVE, 8), 0);
	assert_errno(cleancache_backend_put_range(pool, CARVE, 8), 0);
	assert_errno(cleancache_backend_get_range_allocated(pool, CARVE, 8, 0), 0);
	assert_errno(cleancache_backend_put_owned_range(pool, CARVE, 8), 0);
	assert_errno(cleancache_backend_get_range(pool, CARVE, 8), 0);
	for (unsigned long i = 0; i < 8; i++)
		cc_link_owned_folio(cc_donor(t, i), pool, cc_donor(t, 0), 8);
	assert_errno(cleancache_backend_put_linked(pool, CARVE, 8), 0);
	assert_true(sim_fault_armed(t->m));
	sim_fault_clear(t->m);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 8, 0, 2);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, range_setup, cc_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_range_free),
		T(test_range_cached),
		T(test_range_cached_many),
		T(test_range_cached_many_error),
		T(test_range_errors),
		T(test_range_owned),
		T(test_range_owned_linked),
		T(test_range_owned_errors),
		T(test_range_fail_nth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

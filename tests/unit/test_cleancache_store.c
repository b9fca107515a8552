// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the cleancache frontend: every case of the store's
 * workingset table, restore hits and misses with LRU rotation, the
 * readahead walk, invalidation, every return value of every frontend
 * call, the stats and their text dump, remove_fs with cached entries, and,
 * through the simulated filesystem, truncate, inode-number reuse and data
 * integrity.
 *
 * The store's table (design brief §4.3, reference notes §1.6):
 *
 *   entry    PG_workingset  result
 *   present  set            overwrite, rotate to LRU head; stored unchanged
 *   absent   set            take the tail of the first non-empty pool, or
 *                           evict the LRU tail and reuse it (reclaimed++);
 *                           stored++
 *   present  clear          drop the entry (reclaimed++), return false
 *   absent   clear          return false, create nothing
 *
 * Most tests run on a 1024-page machine with page data whose top 64 pages
 * are a boot-time carve-out; donor page i is pfn 960 + i:
 *
 *   pfn 0                                        960            1024
 *       |<------------- system memory ------------>|<- carve-out ->|
 *        page-cache folios (folio_alloc)             d0 ... d63
 *
 * Donors are taken back with get_folio() to learn which pfn held which
 * entry: get_folio() of a cached folio drops its entry and counts a
 * recall, of a free one it does not.
 */
#include <limits.h>

#include "cc_test.h"
#include "mm/cleancache_internal.h"

#define CARVE	960UL

static int store_setup(void **state)
{
	int ret = cc_setup(state);

	assert_int_equal(cc(state)->carve_pfn, CARVE);
	return ret;
}

static int store_setup_meta(void **state)
{
	int ret = cc_setup_meta(state);

	assert_int_equal(cc(state)->carve_pfn, CARVE);
	return ret;
}

/* A tag for the page (ino, index), version @v. */
static uint32_t tag(unsigned long ino, unsigned long index, unsigned int v)
{
	return 0x10000000u | (uint32_t)(ino << 20) | (uint32_t)(index << 4) |
	       (v & 0xf);
}

/* ---- absent + workingset: a free folio from the first non-empty pool - */

/*
 * Eight donors, list_add()ed in ascending pfn order and donated with one
 * put_folios(), as GCMA registers an area:
 *
 *   960                 968                                   1024
 *   | d0 d1 d2 ... d7    |       (rest of the carve-out)       |
 *     ^ pool head         ^ pool tail is d7 (pfn 967)
 *
 * Expect stores to consume 967, 966, 965: the highest pfn first.
 */
static void test_store_new_takes_pool_tail(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[1];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("gcma", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 8);
	CC_EXPECT_POOL(pool, 8, 0, 0);

	for (unsigned long k = 0; k < 3; k++) {
		assert_true(cc_store_tag(t, inode, page, k, tag(1, k, 0)));
		CC_EXPECT(&s, .stored = 1);
		CC_EXPECT_POOL(pool, 8, k + 1, 0);
		/* The page-cache folio is only read. */
		assert_true(cc_holds(t, page, tag(1, k, 0)));
		assert_int_equal(folio_ref_count(page), 1);
		assert_true(folio_test_workingset(page));
		assert_int_equal(page->index, k);
		assert_ptr_equal(page->mapping, inode->i_mapping);
	}
	/* A restore fills the target and touches nothing else of it. */
	CC_RESTORE_HIT(t, inode, aux, 1, tag(1, 1, 0));
	assert_int_equal(folio_ref_count(aux), 1);
	assert_false(folio_test_locked(aux));
	assert_int_equal(aux->index, 1);
	assert_ptr_equal(aux->mapping, inode->i_mapping);
	CC_EXPECT(&s, .restored = 1);

	/* Entry 0 is in d7: taking d7 back recalls it, and only it. */
	cc_take(t, 7);
	CC_EXPECT(&s, .recalled = 1);
	CC_RESTORE_MISS(t, inode, aux, 0);
	CC_RESTORE_HIT(t, inode, aux, 1, tag(1, 1, 0));
	CC_RESTORE_HIT(t, inode, aux, 2, tag(1, 2, 0));
	CC_EXPECT(&s, .restored = 2, .missed = 1);

	/* Entry 1 is in d6, entry 2 in d5. */
	cc_take(t, 6);
	CC_EXPECT(&s, .recalled = 1);
	CC_RESTORE_MISS(t, inode, aux, 1);
	CC_RESTORE_HIT(t, inode, aux, 2, tag(1, 2, 0));
	cc_take(t, 5);
	CC_EXPECT(&s, .recalled = 1, .restored = 1, .missed = 1);
	CC_RESTORE_MISS(t, inode, aux, 2);
	CC_EXPECT(&s, .missed = 1);

	/* d4 was never used: free, so taking it recalls nothing. */
	cc_take(t, 4);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 4, 0, 3);
}

/*
 * Two pools, donated GCMA-style at different times:
 *
 *   960          964          968                            1024
 *   | d0 .. d3    | d4 .. d7    |                             |
 *     pool 0 "first"  pool 1 "second"
 *     (donated later)  (donated first)
 *
 * Expect a store to use pool 1 while pool 0 is empty (d7), then pool 0
 * once it has folios (d3, d2, ...: pools are scanned in id order); an
 * invalidated entry's folio to return to its own pool; and, with every
 * pool empty, the LRU tail's folio to be reused in place, staying in its
 * pool.
 */
static void test_store_new_first_nonempty_pool(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[2];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int p0 = cc_pool("first", 0);
	int p1 = cc_pool("second", 1);

	cc_stats(&s);
	cc_donate_gcma(t, p1, 4, 4);
	/* E0: pool 0 is empty, so pool 1's tail, d7. */
	assert_true(cc_store_tag(t, inode, page, 0, tag(2, 0, 0)));
	CC_EXPECT(&s, .stored = 1);
	CC_EXPECT_POOL(p0, 0, 0, 0);
	CC_EXPECT_POOL(p1, 4, 1, 0);

	cc_donate_gcma(t, p0, 0, 4);
	/* E1, E2: pool 0 comes first now: d3, d2. */
	assert_true(cc_store_tag(t, inode, page, 1, tag(2, 1, 0)));
	assert_true(cc_store_tag(t, inode, page, 2, tag(2, 2, 0)));
	CC_EXPECT(&s, .stored = 2);
	CC_EXPECT_POOL(p0, 4, 2, 0);
	CC_EXPECT_POOL(p1, 4, 1, 0);

	/* E1 is in d3. */
	cc_take(t, 3);
	CC_EXPECT(&s, .recalled = 1);
	CC_EXPECT_POOL(p0, 3, 1, 1);
	CC_RESTORE_MISS(t, inode, aux, 1);
	CC_EXPECT(&s, .missed = 1);

	/* Invalidating E0 gives d7 back to pool 1, not to pool 0. */
	assert_true(cc_invalidate(inode, page, 0));
	CC_EXPECT(&s, .invalidated = 1);
	CC_EXPECT_POOL(p0, 3, 1, 1);
	CC_EXPECT_POOL(p1, 4, 0, 0);

	/* E3, E4 take d1, d0 (pool 0); E5..E8 take pool 1's four. */
	for (unsigned long k = 3; k <= 8; k++)
		assert_true(cc_store_tag(t, inode, page, k, tag(2, k, 0)));
	CC_EXPECT(&s, .stored = 6);
	CC_EXPECT_POOL(p0, 3, 3, 1);
	CC_EXPECT_POOL(p1, 4, 4, 0);

	/*
	 * Every pool is empty: E9 evicts the LRU tail, E2 in d2, and reuses
	 * d2, which stays pool 0's.
	 */
	assert_true(cc_store_tag(t, inode, page, 9, tag(2, 9, 0)));
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	CC_EXPECT_POOL(p0, 3, 3, 1);
	CC_EXPECT_POOL(p1, 4, 4, 0);
	CC_RESTORE_MISS(t, inode, aux, 2);
	CC_RESTORE_HIT(t, inode, aux, 9, tag(2, 9, 0));
	CC_EXPECT(&s, .restored = 1, .missed = 1);
	cc_take(t, 2);
	CC_EXPECT(&s, .recalled = 1);
	CC_EXPECT_POOL(p0, 2, 2, 2);
	CC_RESTORE_MISS(t, inode, aux, 9);
	CC_EXPECT(&s, .missed = 1);
}

/* ---- present + workingset: overwrite and rotate -------------------- */

/*
 *   960 962                                                   1024
 *   |d0 d1|                                                    |
 *
 * Expect A in d1 and B in d0; the overwrite of A keeps d1, copies the new
 * contents, does not count as stored, and moves A to the LRU head, so the
 * next store (pool empty) evicts B and reuses d0.
 */
static void test_store_overwrite_rotates(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[0];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);
	assert_true(cc_store_tag(t, inode, page, 10, tag(0, 10, 1)));	/* A */
	assert_true(cc_store_tag(t, inode, page, 11, tag(0, 11, 1)));	/* B */
	CC_EXPECT(&s, .stored = 2);

	assert_true(cc_store_tag(t, inode, page, 10, tag(0, 10, 2)));	/* A' */
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 2, 2, 0);

	assert_true(cc_store_tag(t, inode, page, 12, tag(0, 12, 1)));	/* C */
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	CC_RESTORE_HIT(t, inode, aux, 10, tag(0, 10, 2));
	CC_RESTORE_MISS(t, inode, aux, 11);
	CC_RESTORE_HIT(t, inode, aux, 12, tag(0, 12, 1));
	CC_EXPECT(&s, .restored = 2, .missed = 1);

	/* A kept d1; C reused B's d0. */
	cc_take(t, 1);
	CC_EXPECT(&s, .recalled = 1);
	CC_RESTORE_MISS(t, inode, aux, 10);
	CC_RESTORE_HIT(t, inode, aux, 12, tag(0, 12, 1));
	cc_take(t, 0);
	CC_RESTORE_MISS(t, inode, aux, 12);
	CC_EXPECT(&s, .recalled = 1, .restored = 1, .missed = 2);
	CC_EXPECT_POOL(pool, 0, 0, 2);
}

/* Overwriting many times never takes another folio. */
static void test_store_overwrite_repeatedly(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[3];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 4);
	for (unsigned int v = 0; v < 16; v++) {
		assert_true(cc_store_tag(t, inode, page, 5, tag(3, 5, v)));
		CC_EXPECT(&s, .stored = v == 0);
		CC_EXPECT_POOL(pool, 4, 1, 0);
		CC_RESTORE_HIT(t, inode, aux, 5, tag(3, 5, v));
		CC_EXPECT(&s, .restored = 1);
	}
	/* Still in the first folio taken, d3. */
	cc_take(t, 3);
	CC_EXPECT(&s, .recalled = 1);
}

/* ---- absent + workingset, every pool empty: evict the LRU tail ------ */

/*
 *   960    963                                                1024
 *   |d0 d1 d2|                                                 |
 *
 * A (inode 4, alone there), B, C stored in d2, d1, d0. Expect D to evict
 * A, the LRU tail, and reuse d2; inode 4 has no entry left, so a walk of
 * it finds nothing.
 */
static void test_store_evicts_lru_tail(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *a = &t->inode[4], *bc = &t->inode[5];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 3);
	assert_true(cc_store_tag(t, a, page, 0, tag(4, 0, 0)));
	assert_true(cc_store_tag(t, bc, page, 0, tag(5, 0, 0)));
	assert_true(cc_store_tag(t, bc, page, 1, tag(5, 1, 0)));
	CC_EXPECT(&s, .stored = 3);
	CC_EXPECT_POOL(pool, 3, 3, 0);

	assert_true(cc_store_tag(t, bc, page, 2, tag(5, 2, 0)));	/* D */
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	CC_EXPECT_POOL(pool, 3, 3, 0);

	CC_RESTORE_MISS(t, a, aux, 0);
	CC_RESTORE_HIT(t, bc, aux, 0, tag(5, 0, 0));
	CC_RESTORE_HIT(t, bc, aux, 1, tag(5, 1, 0));
	CC_RESTORE_HIT(t, bc, aux, 2, tag(5, 2, 0));
	CC_EXPECT(&s, .restored = 3, .missed = 1);
	assert_null(cleancache_start_inode_walk(a, 3));
	CC_EXPECT(&s, .missed = 3);

	/* D is in d2, where A was. */
	cc_take(t, 2);
	CC_EXPECT(&s, .recalled = 1);
	CC_RESTORE_MISS(t, bc, aux, 2);
	CC_EXPECT(&s, .missed = 1);
}

/*
 * The victim can be the last entry of the inode being stored into (the
 * reference's [obs] in §1.6): inode 6 holds only A, the LRU tail, and the
 * pool is empty. Expect the store of inode 6 / index 1 to evict A and
 * still land in inode 6, which stays findable.
 *
 *   960 961
 *   |d0 |  one donor: A, then B in the same folio
 */
static void test_store_evicts_own_inode_last_entry(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[6];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_inode *ccinode;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate(t, pool, 0);
	assert_true(cc_store_tag(t, inode, page, 0, tag(6, 0, 0)));
	assert_true(cc_store_tag(t, inode, page, 1, tag(6, 1, 0)));
	CC_EXPECT(&s, .stored = 2, .reclaimed = 1);
	CC_RESTORE_MISS(t, inode, aux, 0);
	CC_RESTORE_HIT(t, inode, aux, 1, tag(6, 1, 0));
	CC_EXPECT(&s, .restored = 1, .missed = 1);

	ccinode = cleancache_start_inode_walk(inode, 1);
	assert_non_null(ccinode);
	assert_false(IS_ERR(ccinode));
	aux->index = 1;
	aux->mapping = inode->i_mapping;
	cc_fill(t, aux, CC_SCRIBBLE);
	assert_true(cleancache_restore_from_inode(ccinode, aux));
	assert_true(cc_holds(t, aux, tag(6, 1, 0)));
	cleancache_end_inode_walk(ccinode);
	CC_EXPECT(&s, .restored = 1);

	/* And again, back and forth, with the one folio. */
	for (unsigned long k = 2; k < 10; k++) {
		assert_true(cc_store_tag(t, inode, page, k, tag(6, k, 0)));
		CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
		CC_RESTORE_MISS(t, inode, aux, k - 1);
		CC_RESTORE_HIT(t, inode, aux, k, tag(6, k, 0));
		CC_EXPECT(&s, .restored = 1, .missed = 1);
	}
}

/* ---- present + !workingset: drop ---------------------------------- */

/*
 *   960 962
 *   |d0 d1|   A in d1, B in d0
 *
 * Expect a non-workingset store over A to drop it (reclaimed, skipped,
 * false), giving d1 back to the pool as a free folio; B stays. Dropping B
 * too leaves inode 3 without entries: a walk finds nothing.
 */
static void test_store_present_not_workingset_drops(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[3];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);
	assert_true(cc_store_tag(t, inode, page, 7, tag(3, 7, 0)));	/* A */
	assert_true(cc_store_tag(t, inode, page, 8, tag(3, 8, 0)));	/* B */
	CC_EXPECT(&s, .stored = 2);

	cc_fill(t, page, tag(3, 7, 1));
	assert_false(cc_store(inode, page, 7, false));
	CC_EXPECT(&s, .skipped = 1, .reclaimed = 1);
	CC_EXPECT_POOL(pool, 2, 1, 0);
	CC_RESTORE_MISS(t, inode, aux, 7);
	CC_RESTORE_HIT(t, inode, aux, 8, tag(3, 8, 0));
	CC_EXPECT(&s, .restored = 1, .missed = 1);

	assert_false(cc_store(inode, page, 8, false));
	CC_EXPECT(&s, .skipped = 1, .reclaimed = 1);
	CC_EXPECT_POOL(pool, 2, 0, 0);
	CC_RESTORE_MISS(t, inode, aux, 8);
	assert_null(cleancache_start_inode_walk(inode, 2));
	CC_EXPECT(&s, .missed = 1 + 2);

	/* Both folios are free again: taking them back recalls nothing. */
	cc_take(t, 1);
	cc_take(t, 0);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 0, 0, 0);
}

/* ---- absent + !workingset: nothing ---------------------------------- */

/*
 *   960 962
 *   |d0 d1|
 *
 * Expect non-workingset stores of absent entries to return false and
 * create nothing: no inode, no entry, no eviction even with the pool
 * empty.
 */
static void test_store_absent_not_workingset(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *fresh = &t->inode[4], *used = &t->inode[5];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);

	/* A new inode is not created. */
	cc_fill(t, page, tag(4, 0, 0));
	assert_false(cc_store(fresh, page, 0, false));
	CC_EXPECT(&s, .skipped = 1);
	assert_null(cleancache_start_inode_walk(fresh, 1));
	CC_EXPECT(&s, .missed = 1);
	CC_EXPECT_POOL(pool, 2, 0, 0);

	/* An existing inode gets no new entry. */
	assert_true(cc_store_tag(t, used, page, 1, tag(5, 1, 0)));
	CC_EXPECT(&s, .stored = 1);
	cc_fill(t, page, tag(5, 2, 0));
	assert_false(cc_store(used, page, 2, false));
	CC_EXPECT(&s, .skipped = 1);
	CC_RESTORE_MISS(t, used, aux, 2);
	CC_RESTORE_HIT(t, used, aux, 1, tag(5, 1, 0));
	CC_EXPECT(&s, .restored = 1, .missed = 1);

	/* With the pool empty, nothing is evicted for it either. */
	assert_true(cc_store_tag(t, used, page, 3, tag(5, 3, 0)));
	CC_EXPECT(&s, .stored = 1);
	cc_fill(t, page, tag(5, 4, 0));
	assert_false(cc_store(used, page, 4, false));
	assert_false(cc_store(fresh, page, 4, false));
	CC_EXPECT(&s, .skipped = 2);
	CC_EXPECT_POOL(pool, 2, 2, 0);
	CC_RESTORE_HIT(t, used, aux, 1, tag(5, 1, 0));
	CC_RESTORE_HIT(t, used, aux, 3, tag(5, 3, 0));
	CC_EXPECT(&s, .restored = 2);
}

/* A workingset store with no pool and nothing to evict stores nothing. */
static void test_store_without_folios(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[1];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;

	cc_stats(&s);
	/* No pool at all. */
	assert_false(cc_store_tag(t, inode, page, 0, tag(1, 0, 0)));
	CC_EXPECT(&s, .skipped = 1);
	/* A pool with no folio. */
	cc_pool("empty", 0);
	assert_false(cc_store_tag(t, inode, page, 0, tag(1, 0, 0)));
	CC_EXPECT(&s, .skipped = 1);
	CC_RESTORE_MISS(t, inode, aux, 0);
	assert_null(cleancache_start_inode_walk(inode, 1));
	CC_EXPECT(&s, .missed = 2);
}

/* ---- restore -------------------------------------------------------- */

/*
 *   960    963
 *   |d0 d1 d2|   A, B, C of inode 0 in d2, d1, d0
 *
 * Expect restores to copy the page and keep the entry (a second restore
 * hits), misses to leave the folio alone, and a hit to move the entry to
 * the LRU head: after restoring A, D evicts B; after restoring A, C, D in
 * that order, E evicts A.
 */
static void test_restore_hit_miss_rotation(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *i0 = &t->inode[0], *i1 = &t->inode[1];
	struct inode *unknown = &t->inode[7];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 3);
	assert_true(cc_store_tag(t, i0, page, 0, tag(0, 0, 0)));	/* A */
	assert_true(cc_store_tag(t, i0, page, 1, tag(0, 1, 0)));	/* B */
	assert_true(cc_store_tag(t, i0, page, 2, tag(0, 2, 0)));	/* C */
	CC_EXPECT(&s, .stored = 3);

	CC_RESTORE_HIT(t, i0, aux, 0, tag(0, 0, 0));
	CC_RESTORE_HIT(t, i0, aux, 0, tag(0, 0, 0));
	CC_EXPECT(&s, .restored = 2);
	CC_EXPECT_POOL(pool, 3, 3, 0);

	CC_RESTORE_MISS(t, i0, aux, 9);
	CC_EXPECT(&s, .missed = 1);
	CC_RESTORE_MISS(t, unknown, aux, 0);
	CC_EXPECT(&s, .missed = 1);

	assert_true(cc_store_tag(t, i1, page, 0, tag(1, 0, 0)));	/* D */
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	CC_RESTORE_MISS(t, i0, aux, 1);
	CC_RESTORE_HIT(t, i0, aux, 0, tag(0, 0, 0));
	CC_RESTORE_HIT(t, i0, aux, 2, tag(0, 2, 0));
	CC_RESTORE_HIT(t, i1, aux, 0, tag(1, 0, 0));
	CC_EXPECT(&s, .restored = 3, .missed = 1);

	assert_true(cc_store_tag(t, i1, page, 1, tag(1, 1, 0)));	/* E */
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	CC_RESTORE_MISS(t, i0, aux, 0);
	CC_RESTORE_HIT(t, i0, aux, 2, tag(0, 2, 0));
	CC_RESTORE_HIT(t, i1, aux, 0, tag(1, 0, 0));
	CC_RESTORE_HIT(t, i1, aux, 1, tag(1, 1, 0));
	CC_EXPECT(&s, .restored = 3, .missed = 1);
}

/* The same without page data: only the bookkeeping. */
static void test_restore_hit_miss_rotation_meta(void **state)
{
	test_restore_hit_miss_rotation(state);
}

/*
 * Entries at indexes across the whole pgoff_t range, in one inode, stay
 * apart and all go with the inode.
 */
static void test_sparse_indexes(void **state)
{
	static const pgoff_t idx[] = {
		0, 1, 63, 64, 65, 4095, 4096, 262143, 1UL << 32,
		(1UL << 48) + 5, ULONG_MAX - 1, ULONG_MAX,
	};
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[2];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);
	const long n = ARRAY_SIZE(idx);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 16);
	for (long i = 0; i < n; i++)
		assert_true(cc_store_tag(t, inode, page, idx[i],
					 tag(2, i, 0)));
	CC_EXPECT(&s, .stored = n);
	for (long i = n - 1; i >= 0; i--)
		CC_RESTORE_HIT(t, inode, aux, idx[i], tag(2, i, 0));
	CC_RESTORE_MISS(t, inode, aux, 2);
	CC_RESTORE_MISS(t, inode, aux, ULONG_MAX - 2);
	CC_EXPECT(&s, .restored = n, .missed = 2);

	assert_true(cleancache_invalidate_inode(inode));
	CC_EXPECT(&s, .invalidated = n);
	CC_EXPECT_POOL(pool, 16, 0, 0);
	for (long i = 0; i < n; i++)
		CC_RESTORE_MISS(t, inode, aux, idx[i]);
	CC_EXPECT(&s, .missed = n);
}

/* ---- the readahead walk --------------------------------------------- */

/*
 *   960       964
 *   |d0 .. d3  |   i0/0, i0/1, i0/2, i1/0 in d3, d2, d1, d0
 *
 * Expect a walk of inode 0 to restore 0 and 1, miss 3, and rotate what it
 * restored: the next store (pool empty) evicts i0/2, not i0/0.
 */
static void test_walk_restores_and_rotates(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *i0 = &t->inode[0], *i1 = &t->inode[1];
	struct inode *i2 = &t->inode[2];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_inode *ccinode;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 4);
	assert_true(cc_store_tag(t, i0, page, 0, tag(0, 0, 0)));
	assert_true(cc_store_tag(t, i0, page, 1, tag(0, 1, 0)));
	assert_true(cc_store_tag(t, i0, page, 2, tag(0, 2, 0)));
	assert_true(cc_store_tag(t, i1, page, 0, tag(1, 0, 0)));
	CC_EXPECT(&s, .stored = 4);

	ccinode = cleancache_start_inode_walk(i0, 4);
	assert_non_null(ccinode);
	assert_false(IS_ERR(ccinode));
	CHECK_CC();
	for (pgoff_t i = 0; i < 2; i++) {
		aux->mapping = i0->i_mapping;
		aux->index = i;
		cc_fill(t, aux, CC_SCRIBBLE);
		assert_true(cleancache_restore_from_inode(ccinode, aux));
		assert_true(cc_holds(t, aux, tag(0, i, 0)));
		CHECK_CC();
	}
	aux->index = 3;
	cc_fill(t, aux, CC_SCRIBBLE);
	assert_false(cleancache_restore_from_inode(ccinode, aux));
	assert_true(cc_holds(t, aux, CC_SCRIBBLE));
	CHECK_CC();
	cleancache_end_inode_walk(ccinode);
	CC_EXPECT(&s, .restored = 2, .any = CC_ANY_MISSED);

	assert_true(cc_store_tag(t, i2, page, 0, tag(2, 0, 0)));
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	CC_RESTORE_MISS(t, i0, aux, 2);
	CC_RESTORE_HIT(t, i0, aux, 0, tag(0, 0, 0));
	CC_RESTORE_HIT(t, i0, aux, 1, tag(0, 1, 0));
	CC_RESTORE_HIT(t, i1, aux, 0, tag(1, 0, 0));
	CC_RESTORE_HIT(t, i2, aux, 0, tag(2, 0, 0));
	CC_EXPECT(&s, .restored = 4, .missed = 1);
}

/*
 * start_inode_walk(): ERR_PTR(-EINVAL) for a NULL inode or an
 * unregistered fs; NULL, counting @count as missed, for an inode with no
 * entries; a walk keeps its inode alive while the inode's entries go.
 */
static void test_walk_return_values(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_inode *ccinode;
	struct super_block sb_none;
	struct inode orphan;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	memset(&sb_none, 0, sizeof(sb_none));
	sb_none.cleancache_id = CLEANCACHE_ID_INVALID;
	cc_inode_init(&orphan, &sb_none, 1);
	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);

	ccinode = cleancache_start_inode_walk(NULL, 4);
	assert_true(IS_ERR(ccinode));
	assert_errno(PTR_ERR(ccinode), -EINVAL);
	ccinode = cleancache_start_inode_walk(&orphan, 4);
	assert_true(IS_ERR(ccinode));
	assert_errno(PTR_ERR(ccinode), -EINVAL);
	CC_EXPECT(&s, .any = CC_ANY_MISSED);

	assert_null(cleancache_start_inode_walk(&t->inode[5], 7));
	CC_EXPECT(&s, .missed = 7);

	/* The walk pins inode 1 while its only entry is invalidated. */
	assert_true(cc_store_tag(t, &t->inode[1], page, 0, tag(1, 0, 0)));
	CC_EXPECT(&s, .stored = 1);
	ccinode = cleancache_start_inode_walk(&t->inode[1], 1);
	assert_non_null(ccinode);
	assert_false(IS_ERR(ccinode));
	assert_true(cleancache_invalidate_inode(&t->inode[1]));
	CC_EXPECT(&s, .invalidated = 1);
	aux->mapping = t->inode[1].i_mapping;
	aux->index = 0;
	cc_fill(t, aux, CC_SCRIBBLE);
	assert_false(cleancache_restore_from_inode(ccinode, aux));
	assert_true(cc_holds(t, aux, CC_SCRIBBLE));
	CHECK_CC();
	cleancache_end_inode_walk(ccinode);
	CC_EXPECT(&s, .any = CC_ANY_MISSED);

	/* A new store into the inode after the walk works as usual. */
	assert_true(cc_store_tag(t, &t->inode[1], page, 0, tag(1, 0, 1)));
	CC_RESTORE_HIT(t, &t->inode[1], aux, 0, tag(1, 0, 1));
	CC_EXPECT(&s, .stored = 1, .restored = 1);

	/* Two walks of the same inode at once. */
	{
		struct cleancache_inode *w1, *w2;

		w1 = cleancache_start_inode_walk(&t->inode[1], 1);
		w2 = cleancache_start_inode_walk(&t->inode[1], 1);
		assert_false(IS_ERR_OR_NULL(w1));
		assert_false(IS_ERR_OR_NULL(w2));
		cc_fill(t, aux, CC_SCRIBBLE);
		assert_true(cleancache_restore_from_inode(w2, aux));
		assert_true(cc_holds(t, aux, tag(1, 0, 1)));
		cleancache_end_inode_walk(w2);
		cc_fill(t, aux, CC_SCRIBBLE);
		assert_true(cleancache_restore_from_inode(w1, aux));
		assert_true(cc_holds(t, aux, tag(1, 0, 1)));
		cleancache_end_inode_walk(w1);
		CC_EXPECT(&s, .restored = 2);
	}
}

/* ---- every return value of every frontend call ---------------------- */

/* A NULL inode: false everywhere, ERR_PTR(-EINVAL) from the walk. */
static void test_frontend_null_inode(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	struct cleancache_inode *ccinode;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);
	cc_fill(t, page, tag(0, 0, 0));
	assert_false(cc_store(NULL, page, 0, true));
	assert_false(cc_store(NULL, page, 0, false));
	CC_EXPECT(&s, .skipped = 2);
	assert_false(cc_restore(t, NULL, page, 0));
	assert_true(cc_holds(t, page, CC_SCRIBBLE));
	assert_false(cc_invalidate(NULL, page, 0));
	assert_false(cleancache_invalidate_inode(NULL));
	ccinode = cleancache_start_inode_walk(NULL, 1);
	assert_true(IS_ERR(ccinode));
	assert_errno(PTR_ERR(ccinode), -EINVAL);
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	CC_EXPECT_POOL(pool, 2, 0, 0);
}

/*
 * Every public entry point validates its input (brief §6): NULL folios,
 * superblocks and walk handles are refused without a crash. Last in the
 * program: the kernel's code would dereference them.
 */
static void test_frontend_null_args(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);
	assert_errno(cleancache_add_fs(NULL), -EINVAL);
	cleancache_remove_fs(NULL);
	CC_EXPECT(&s);
	assert_false(cleancache_restore_from_inode(NULL, page));
	cleancache_end_inode_walk(NULL);
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	assert_false(cleancache_store_folio(&t->inode[0], NULL));
	assert_false(cleancache_restore_folio(&t->inode[0], NULL));
	assert_false(cleancache_invalidate_folio(&t->inode[0], NULL));
	CC_EXPECT(&s, .any = CC_ANY_SKIPPED | CC_ANY_MISSED);
	CC_EXPECT_POOL(pool, 2, 0, 0);
}

/*
 * A superblock whose cleancache_id is CLEANCACHE_ID_INVALID (never
 * registered): false everywhere, ERR_PTR(-EINVAL) from the walk.
 */
static void test_frontend_unregistered_sb(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	struct cleancache_inode *ccinode;
	struct super_block sb;
	struct inode inode;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	memset(&sb, 0, sizeof(sb));
	sb.cleancache_id = CLEANCACHE_ID_INVALID;
	cc_inode_init(&inode, &sb, 3);
	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);

	assert_false(cc_store_tag(t, &inode, page, 0, tag(3, 0, 0)));
	CC_EXPECT(&s, .skipped = 1);
	assert_false(cc_restore(t, &inode, page, 0));
	assert_true(cc_holds(t, page, CC_SCRIBBLE));
	assert_false(cc_invalidate(&inode, page, 0));
	assert_false(cleancache_invalidate_inode(&inode));
	ccinode = cleancache_start_inode_walk(&inode, 2);
	assert_true(IS_ERR(ccinode));
	assert_errno(PTR_ERR(ccinode), -EINVAL);
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	CC_EXPECT_POOL(pool, 2, 0, 0);
}

/*
 * A superblock holding the id of a filesystem that is gone (a stale copy
 * of a removed sb): stores and restores find no fs; the walk returns
 * NULL and counts the window as missed.
 */
static void test_frontend_fs_gone(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct super_block *sb2 = cc_add_sb(t);
	struct super_block stale;
	struct inode inode, stale_inode;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_inode_init(&inode, sb2, 9);
	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);
	assert_true(cc_store_tag(t, &inode, page, 0, tag(9, 0, 0)));
	CC_EXPECT(&s, .stored = 1);

	stale = *sb2;
	cc_inode_init(&stale_inode, &stale, 9);
	cleancache_remove_fs(sb2);
	assert_int_equal(sb2->cleancache_id, CLEANCACHE_ID_INVALID);
	CC_EXPECT(&s, .invalidated = 1);
	CC_EXPECT_POOL(pool, 2, 0, 0);

	assert_false(cc_store_tag(t, &stale_inode, page, 0, tag(9, 0, 1)));
	CC_EXPECT(&s, .skipped = 1);
	CC_RESTORE_MISS(t, &stale_inode, aux, 0);
	assert_false(cc_invalidate(&stale_inode, page, 0));
	assert_false(cleancache_invalidate_inode(&stale_inode));
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	assert_null(cleancache_start_inode_walk(&stale_inode, 5));
	CC_EXPECT(&s, .missed = 5);
	CC_EXPECT_POOL(pool, 2, 0, 0);
}

/*
 * invalidate_folio() says whether an entry existed; invalidate_inode()
 * whether it dropped any.
 */
static void test_invalidate_return_values(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *i0 = &t->inode[0], *i1 = &t->inode[1];
	struct inode *unknown = &t->inode[7];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 4);
	assert_true(cc_store_tag(t, i0, page, 0, tag(0, 0, 0)));
	assert_true(cc_store_tag(t, i0, page, 1, tag(0, 1, 0)));
	assert_true(cc_store_tag(t, i1, page, 0, tag(1, 0, 0)));
	CC_EXPECT(&s, .stored = 3);

	assert_true(cc_invalidate(i0, page, 0));
	CC_EXPECT(&s, .invalidated = 1);
	assert_false(cc_invalidate(i0, page, 0));
	assert_false(cc_invalidate(i0, page, 2));
	assert_false(cc_invalidate(unknown, page, 0));
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 4, 2, 0);
	CC_RESTORE_MISS(t, i0, aux, 0);
	CC_RESTORE_HIT(t, i0, aux, 1, tag(0, 1, 0));
	CC_EXPECT(&s, .restored = 1, .missed = 1);

	/* The same by index, without a folio: true only for an entry. */
	assert_true(cc_store_tag(t, i0, page, 2, tag(0, 2, 0)));
	CC_EXPECT(&s, .stored = 1);
	assert_true(cleancache_invalidate_index(i0, 2));
	CC_EXPECT(&s, .invalidated = 1);
	assert_false(cleancache_invalidate_index(i0, 2));
	assert_false(cleancache_invalidate_index(i0, 3));
	CC_EXPECT(&s);
	CC_RESTORE_MISS(t, i0, aux, 2);
	CC_EXPECT(&s, .missed = 1);

	assert_true(cleancache_invalidate_inode(i0));
	CC_EXPECT(&s, .invalidated = 1);
	assert_false(cleancache_invalidate_inode(i0));
	assert_false(cleancache_invalidate_inode(unknown));
	CC_EXPECT(&s);
	assert_null(cleancache_start_inode_walk(i0, 1));
	CC_EXPECT(&s, .missed = 1);
	CC_RESTORE_HIT(t, i1, aux, 0, tag(1, 0, 0));
	CC_EXPECT(&s, .restored = 1);

	/*
	 * The last entry of an inode, by folio: the inode goes with it. The
	 * fs comes from the inode, not from the folio's mapping, which
	 * truncation may already have cleared.
	 */
	page->index = 0;
	page->mapping = NULL;
	folio_set_locked(page);
	assert_true(cleancache_invalidate_folio(i1, page));
	folio_clear_locked(page);
	CC_EXPECT(&s, .invalidated = 1);
	assert_null(cleancache_start_inode_walk(i1, 1));
	CC_EXPECT(&s, .missed = 1);
	CC_EXPECT_POOL(pool, 4, 0, 0);

	/* The invalidated folios are free: re-storing takes them again. */
	for (unsigned long k = 0; k < 4; k++)
		assert_true(cc_store_tag(t, i1, page, k, tag(1, k, 2)));
	CC_EXPECT(&s, .stored = 4);
	CC_EXPECT_POOL(pool, 4, 4, 0);
}

/*
 * Large folios are refused by every frontend call. One is built from the
 * carve-out:
 *
 *   960       964      968
 *   |d0 .. d3  |  L     |   L: order 2 at pfn 964, refcount 1
 *
 * Expect store, restore, invalidate and restore_from_inode to return
 * false for L, and nothing to change.
 */
static void test_large_folio_refused(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[0];
	struct folio *page = cc_page(t), *aux = cc_page(t), *large;
	struct cleancache_inode *ccinode;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 4);
	large = cc_make_large(t, 4, 2, 1);
	assert_int_equal(folio_pfn(large), CARVE + 4);
	assert_true(cc_store_tag(t, inode, page, 0, tag(0, 0, 0)));
	CC_EXPECT(&s, .stored = 1);

	/* Not even an entry for an index of its own. */
	assert_false(cc_store(inode, large, 8, true));
	CC_EXPECT(&s, .skipped = 1);
	/* Nor over an existing entry, which stays. */
	assert_false(cc_store(inode, large, 0, true));
	assert_false(cc_store(inode, large, 0, false));
	CC_EXPECT(&s, .skipped = 2);
	CC_RESTORE_HIT(t, inode, aux, 0, tag(0, 0, 0));
	CC_EXPECT(&s, .restored = 1);

	large->mapping = inode->i_mapping;
	large->index = 0;
	assert_false(cleancache_restore_folio(inode, large));
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	assert_false(cc_invalidate(inode, large, 0));
	CC_EXPECT(&s);
	CC_RESTORE_HIT(t, inode, aux, 0, tag(0, 0, 0));
	CC_EXPECT(&s, .restored = 1);

	ccinode = cleancache_start_inode_walk(inode, 1);
	assert_false(IS_ERR_OR_NULL(ccinode));
	large->mapping = inode->i_mapping;
	large->index = 0;
	assert_false(cleancache_restore_from_inode(ccinode, large));
	cleancache_end_inode_walk(ccinode);
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	CC_EXPECT_POOL(pool, 4, 1, 0);

	cc_unmake_large(t, large);
	CHECK_CC();
}

/* The folio must be locked for a store (VM_BUG_ON in the kernel). */
static void test_store_unlocked_is_a_bug(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[0];
	struct folio *page = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);
	cc_fill(t, page, tag(0, 0, 0));
	page->index = 0;
	page->mapping = inode->i_mapping;
	folio_set_workingset(page);
	(void)cleancache_store_folio(inode, page);
	test_expect_violations(t->m, 1);
	CC_EXPECT(&s, .any = CC_ANY_ALL);
}

/* ---- inode identity, filesystems ------------------------------------ */

/*
 * Inodes are matched by identity within their filesystem: the same i_ino
 * on two filesystems, two inode objects with the same i_ino, inode
 * numbers that share a bucket of the 64-bucket hash (1, 65, 129) and the
 * largest inode number all keep their own entries.
 */
static void test_inode_identity(void **state)
{
	struct cc_test *t = cc(state);
	struct super_block *sb2 = cc_add_sb(t);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct inode in[7];
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_inode_init(&in[0], &t->sb, 5);
	cc_inode_init(&in[1], sb2, 5);
	cc_inode_init(&in[2], &t->sb, 5);
	cc_inode_init(&in[3], &t->sb, 1);
	cc_inode_init(&in[4], &t->sb, 65);
	cc_inode_init(&in[5], &t->sb, 129);
	cc_inode_init(&in[6], &t->sb, ULONG_MAX);
	assert_int_not_equal(t->sb.cleancache_id, sb2->cleancache_id);
	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 16);

	for (int i = 0; i < 7; i++)
		for (pgoff_t k = 0; k < 2; k++)
			assert_true(cc_store_tag(t, &in[i], page, k,
						 tag(i, k, 0)));
	CC_EXPECT(&s, .stored = 14);
	for (int i = 6; i >= 0; i--)
		for (pgoff_t k = 0; k < 2; k++)
			CC_RESTORE_HIT(t, &in[i], aux, k, tag(i, k, 0));
	CC_EXPECT(&s, .restored = 14);
	assert_true(cleancache_invalidate_inode(&in[6]));
	CC_EXPECT(&s, .invalidated = 2);

	/* Dropping one inode leaves its namesakes and bucket mates alone. */
	assert_true(cleancache_invalidate_inode(&in[0]));
	assert_true(cleancache_invalidate_inode(&in[4]));
	CC_EXPECT(&s, .invalidated = 4);
	for (int i = 0; i < 6; i++) {
		for (pgoff_t k = 0; k < 2; k++) {
			if (i == 0 || i == 4)
				CC_RESTORE_MISS(t, &in[i], aux, k);
			else
				CC_RESTORE_HIT(t, &in[i], aux, k,
					       tag(i, k, 0));
		}
	}
	CC_EXPECT(&s, .restored = 8, .missed = 4);

	/* And so does removing a filesystem. */
	cleancache_remove_fs(sb2);
	CC_EXPECT(&s, .invalidated = 2);
	CC_RESTORE_MISS(t, &in[1], aux, 0);
	CC_RESTORE_HIT(t, &in[2], aux, 0, tag(2, 0, 0));
	CC_EXPECT(&s, .restored = 1, .any = CC_ANY_MISSED);
	assert_true(cleancache_invalidate_inode(&in[2]));
	assert_true(cleancache_invalidate_inode(&in[3]));
	assert_true(cleancache_invalidate_inode(&in[5]));
	CC_EXPECT(&s, .invalidated = 6);
}

/*
 * Filesystem ids: distinct while registered, CLEANCACHE_ID_INVALID after
 * remove_fs(), which is harmless to repeat.
 */
static void test_add_remove_fs(void **state)
{
	struct cc_test *t = cc(state);
	struct super_block *a = cc_add_sb(t), *b = cc_add_sb(t);
	struct cleancache_stats s;

	assert_true(t->sb.cleancache_id >= 0);
	assert_int_not_equal(a->cleancache_id, t->sb.cleancache_id);
	assert_int_not_equal(b->cleancache_id, t->sb.cleancache_id);
	assert_int_not_equal(a->cleancache_id, b->cleancache_id);
	cc_stats(&s);

	cleancache_remove_fs(a);
	assert_int_equal(a->cleancache_id, CLEANCACHE_ID_INVALID);
	CHECK_CC();
	cleancache_remove_fs(a);
	assert_int_equal(a->cleancache_id, CLEANCACHE_ID_INVALID);
	CHECK_CC();
	assert_errno(cleancache_add_fs(a), 0);
	assert_true(a->cleancache_id >= 0);
	assert_int_not_equal(a->cleancache_id, b->cleancache_id);
	assert_int_not_equal(a->cleancache_id, t->sb.cleancache_id);
	CC_EXPECT(&s);
}

/*
 *   960            968
 *   |d0 ...... d7   |   pool 0; stores take d7, d6, ... in order
 *
 * Three entries of inode 0 and two of inode 1 on the fixture's sb (d7..d3)
 * and one of an inode on a second sb (d2). Expect remove_fs() of the
 * first sb to invalidate its five entries and free their folios, leave
 * the other fs alone, and make later calls on the removed sb fail; a
 * re-registered sb sees none of the old entries.
 */
static void test_remove_fs_with_cached_entries(void **state)
{
	struct cc_test *t = cc(state);
	struct super_block *sb2 = cc_add_sb(t);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct inode *i0 = &t->inode[0], *i1 = &t->inode[1];
	struct inode other;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_inode_init(&other, sb2, 0);
	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 8);
	for (pgoff_t k = 0; k < 3; k++)
		assert_true(cc_store_tag(t, i0, page, k, tag(0, k, 0)));
	for (pgoff_t k = 0; k < 2; k++)
		assert_true(cc_store_tag(t, i1, page, k, tag(1, k, 0)));
	assert_true(cc_store_tag(t, &other, page, 0, tag(7, 0, 0)));
	CC_EXPECT(&s, .stored = 6);
	CC_EXPECT_POOL(pool, 8, 6, 0);

	cleancache_remove_fs(&t->sb);
	assert_int_equal(t->sb.cleancache_id, CLEANCACHE_ID_INVALID);
	CC_EXPECT(&s, .invalidated = 5);
	CC_EXPECT_POOL(pool, 8, 1, 0);
	CC_RESTORE_HIT(t, &other, aux, 0, tag(7, 0, 0));
	CC_EXPECT(&s, .restored = 1);

	/* The removed sb: every call fails. */
	assert_false(cc_store_tag(t, i0, page, 5, tag(0, 5, 0)));
	CC_EXPECT(&s, .skipped = 1);
	assert_false(cc_restore(t, i0, aux, 0));
	assert_false(cleancache_invalidate_inode(i1));
	assert_true(IS_ERR(cleancache_start_inode_walk(i0, 1)));
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	cleancache_remove_fs(&t->sb);
	CC_EXPECT(&s);

	/* Their folios are free: taking them back recalls nothing... */
	for (unsigned long i = 3; i < 8; i++)
		cc_take(t, i);
	CC_EXPECT(&s);
	/* ... unlike d2, which holds the other fs's entry. */
	cc_take(t, 2);
	CC_EXPECT(&s, .recalled = 1);
	CC_EXPECT_POOL(pool, 2, 0, 1);

	/* Registered again, the sb starts empty. */
	assert_errno(cleancache_add_fs(&t->sb), 0);
	assert_true(t->sb.cleancache_id >= 0);
	for (pgoff_t k = 0; k < 3; k++)
		CC_RESTORE_MISS(t, i0, aux, k);
	CC_EXPECT(&s, .missed = 3);
	assert_true(cc_store_tag(t, i0, page, 0, tag(0, 0, 1)));
	CC_RESTORE_HIT(t, i0, aux, 0, tag(0, 0, 1));
	CC_EXPECT(&s, .stored = 1, .restored = 1);
}

/* ---- through the simulated filesystem ------------------------------- */

/*
 * A 4096-page machine with page data; the top 256 pages are the
 * carve-out:
 *
 *   pfn 0                                         3840           4096
 *       |<------ system memory: page caches ------->|<- carve-out ->|
 */
#define BIG_CARVE	3840UL

static int store_setup_big(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 4096, .nr_carve = 256, .carve_align = 256,
		.mode = SIM_DATA_PAGES,
	};
	int ret = cc_setup_opts(state, &o);

	assert_int_equal(cc(state)->carve_pfn, BIG_CARVE);
	return ret;
}

static void fs_stats(struct super_block *sb, struct sim_fs_stats *st)
{
	assert_errno(sim_fs_get_stats(sb, st), 0);
}

/* @buf must hold exactly what a correct read of (inode, index) returns. */
static bool fs_expected(struct inode *inode, pgoff_t index, const void *buf)
{
	static uint8_t want[PAGE_SIZE];

	assert_errno(sim_page_expected(inode, index, want), 0);
	return !memcmp(buf, want, PAGE_SIZE);
}

/*
 * Read page @index of @inode through the page cache and check its bytes;
 * return whether cleancache supplied it.
 */
static bool fs_read_check(struct inode *inode, pgoff_t index)
{
	struct sim_fs_stats before, after;
	struct folio *folio = NULL;

	fs_stats(inode->i_sb, &before);
	assert_errno(sim_page_cache_read(inode, index, &folio), 0);
	assert_non_null(folio);
	if (!fs_expected(inode, index, folio_address(folio)))
		fail_msg("ino %lu gen %u index %lu: the read returned other bytes",
			 inode->i_ino, inode->i_generation,
			 (unsigned long)index);
	folio_put(folio);
	CHECK_CC();
	fs_stats(inode->i_sb, &after);
	return after.cleancache_hits != before.cleancache_hits;
}

/*
 * Put page @index of @inode into cleancache as the kernel does: read it
 * twice (the second access makes it workingset), then reclaim it.
 */
static void fs_push(struct inode *inode, pgoff_t index)
{
	assert_errno(sim_page_cache_read(inode, index, NULL), 0);
	assert_errno(sim_page_cache_read(inode, index, NULL), 0);
	assert_errno(sim_page_cache_evict(inode, index), 0);
	assert_null(sim_page_cache_lookup(inode, index));
	CHECK_CC();
}

/* Restore (inode, index) directly: hit with the right bytes, or miss. */
static bool fs_restore(struct cc_test *t, struct inode *inode,
		       struct folio *aux, pgoff_t index)
{
	bool hit = cc_restore(t, inode, aux, index);

	CHECK_CC();
	if (hit && !fs_expected(inode, index, folio_address(aux)))
		fail_msg("ino %lu index %lu: cleancache returned other bytes",
			 inode->i_ino, (unsigned long)index);
	return hit;
}

/*
 * Truncation drops the inode's entries: pages cut off must never come
 * back from cleancache, even when the file grows again and they are read
 * anew; the filesystem invalidates the whole inode (brief §4.3), so pages
 * below the new end miss too.
 */
static void test_restore_after_truncate_misses(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *aux = cc_page(t);
	struct super_block *sb = cc_mount(t, "trunc", 64);
	struct inode *inode = NULL;
	static uint8_t old5[PAGE_SIZE];
	struct cleancache_stats s;
	struct sim_fs_stats before, after;
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 32);
	assert_errno(sim_inode_create(sb, 1, 16 * PAGE_SIZE, &inode), 0);
	cc_stats(&s);
	for (pgoff_t i = 0; i < 8; i++)
		fs_push(inode, i);
	CC_EXPECT(&s, .stored = 8, .any = CC_ANY_MISSED);
	assert_errno(sim_page_expected(inode, 5, old5), 0);

	/* Page 2 comes back from cleancache and stays in the page cache. */
	assert_true(fs_read_check(inode, 2));
	CC_EXPECT(&s, .restored = 1);
	assert_true(fs_restore(t, inode, aux, 5));
	CC_EXPECT(&s, .restored = 1);

	assert_errno(sim_page_cache_truncate(inode, 4 * PAGE_SIZE), 0);
	CHECK_CC();
	CC_EXPECT(&s, .invalidated = 8);
	for (pgoff_t i = 0; i < 8; i++)
		assert_false(fs_restore(t, inode, aux, i));
	CC_EXPECT(&s, .missed = 8);

	/* Grown again, page 5 is read from disk, with new contents. */
	assert_errno(sim_page_cache_truncate(inode, 16 * PAGE_SIZE), 0);
	CC_EXPECT(&s, .any = CC_ANY_INVALIDATED);
	fs_stats(sb, &before);
	assert_false(fs_read_check(inode, 5));
	fs_stats(sb, &after);
	assert_int_equal(after.disk_reads, before.disk_reads + 1);
	assert_true(fs_expected(inode, 5, folio_address(
		sim_page_cache_lookup(inode, 5))));
	assert_false(fs_expected(inode, 5, old5));
	for (pgoff_t i = 0; i < 8; i++)
		if (i != 2 && i != 5)
			assert_false(fs_read_check(inode, i));
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	assert_int_equal(s.cached, 0);
}

/*
 * An inode number reused by a new inode (next generation) must not see
 * the old inode's entries: eviction invalidates them.
 */
static void test_restore_after_inode_reuse_misses(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *aux = cc_page(t);
	struct super_block *sb = cc_mount(t, "reuse", 64);
	struct inode *inode = NULL, *again = NULL;
	static uint8_t old[4][PAGE_SIZE];
	struct cleancache_stats s;
	uint32_t gen;
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 16);
	assert_errno(sim_inode_create(sb, 7, 8 * PAGE_SIZE, &inode), 0);
	gen = inode->i_generation;
	cc_stats(&s);
	for (pgoff_t i = 0; i < 4; i++) {
		fs_push(inode, i);
		assert_errno(sim_page_expected(inode, i, old[i]), 0);
	}
	CC_EXPECT(&s, .stored = 4, .any = CC_ANY_MISSED);
	assert_true(fs_restore(t, inode, aux, 0));
	CC_EXPECT(&s, .restored = 1);

	assert_errno(sim_inode_evict(inode), 0);
	CC_EXPECT(&s, .invalidated = 4);
	assert_errno(sim_inode_create(sb, 7, 8 * PAGE_SIZE, &again), 0);
	assert_int_equal(again->i_ino, 7);
	assert_int_equal(again->i_generation, gen + 1);
	CHECK_CC();

	for (pgoff_t i = 0; i < 4; i++)
		assert_false(fs_restore(t, again, aux, i));
	CC_EXPECT(&s, .missed = 4);
	for (pgoff_t i = 0; i < 4; i++) {
		assert_false(fs_read_check(again, i));
		assert_false(fs_expected(again, i, old[i]));
	}
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	assert_int_equal(s.cached, 0);

	/* The new inode caches and restores its own pages. */
	fs_push(again, 6);
	assert_true(fs_read_check(again, 6));
	CC_EXPECT(&s, .stored = 1, .restored = 1, .any = CC_ANY_MISSED);
}

/*
 *   3840        3848                                          4096
 *   | d0 ... d7  |                  (rest of the carve-out)    |
 *
 * Pages 0..3 and 5 of a file are in cleancache, page 4 is not. Expect a
 * readahead of [0, 8) to restore 0..3 through the walk, stop at 4, and
 * read 4..7 from disk; every page right.
 */
static void test_readahead_restores_prefix(void **state)
{
	struct cc_test *t = cc(state);
	struct super_block *sb = cc_mount(t, "ra", 64);
	struct inode *inode = NULL;
	struct cleancache_stats s;
	struct sim_fs_stats before, after;
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 8);
	assert_errno(sim_inode_create(sb, 3, 8 * PAGE_SIZE, &inode), 0);
	cc_stats(&s);
	for (pgoff_t i = 0; i < 6; i++)
		if (i != 4)
			fs_push(inode, i);
	assert_errno(sim_page_cache_read(inode, 4, NULL), 0);
	assert_errno(sim_page_cache_evict(inode, 4), 0);
	/* Read once, page 4 is not workingset: its store is skipped. */
	CC_EXPECT(&s, .stored = 5, .skipped = 1, .any = CC_ANY_MISSED);

	fs_stats(sb, &before);
	assert_errno(sim_page_cache_readahead(inode, 0, 8), 0);
	CHECK_CC();
	fs_stats(sb, &after);
	assert_int_equal(after.readahead_restored - before.readahead_restored,
			 4);
	assert_int_equal(after.disk_reads - before.disk_reads, 4);
	CC_EXPECT(&s, .restored = 4, .any = CC_ANY_MISSED);
	for (pgoff_t i = 0; i < 8; i++) {
		struct folio *folio = sim_page_cache_lookup(inode, i);

		assert_non_null(folio);
		assert_true(folio_test_uptodate(folio));
		if (!fs_expected(inode, i, folio_address(folio)))
			fail_msg("readahead page %lu: wrong bytes",
				 (unsigned long)i);
	}
}

/*
 * Data integrity: two filesystems with the same inode numbers, 6 inodes
 * of 24 pages each (288 pages, more than the 256 donated folios, so
 * cleancache evicts), pushed through cleancache, some pages rewritten,
 * some inodes truncated or evicted and recreated, all read back in a
 * seeded random order. Expect every read, and every direct restore that
 * hits, to return exactly sim_page_expected() for that inode and index,
 * never another's or an old version.
 */
#define DI_FS		2
#define DI_INODES	6
#define DI_PAGES	24

static void di_check_all(struct cc_test *t, struct inode *in[DI_FS][DI_INODES],
			 struct folio *aux, uint64_t *rng, unsigned long *hits)
{
	unsigned long order[DI_FS * DI_INODES * DI_PAGES];
	const unsigned long n = ARRAY_SIZE(order);

	for (unsigned long i = 0; i < n; i++)
		order[i] = i;
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = test_prng(rng) % (i + 1), tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	for (unsigned long i = 0; i < n; i++) {
		unsigned long f = order[i] / (DI_INODES * DI_PAGES);
		unsigned long ino = order[i] / DI_PAGES % DI_INODES;
		pgoff_t index = order[i] % DI_PAGES;
		struct inode *inode = in[f][ino];

		if (index * PAGE_SIZE >= (uint64_t)inode->i_size)
			continue;
		/* Direct restores first: they must not lie either. */
		if (!sim_page_cache_lookup(inode, index))
			fs_restore(t, inode, aux, index);
		*hits += fs_read_check(inode, index);
		if (test_prng(rng) % 2)
			fs_push(inode, index);
		else
			assert_errno(sim_page_cache_evict(inode, index), 0);
	}
}

static void test_data_integrity(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *aux = cc_page(t);
	struct super_block *sb[DI_FS];
	struct inode *in[DI_FS][DI_INODES];
	struct cleancache_stats s;
	unsigned long hits = 0;
	uint64_t rng = 2024;
	int pool = cc_pool("p", 0);

	sb[0] = cc_mount(t, "di-a", 96);
	sb[1] = cc_mount(t, "di-b", 96);
	cc_donate_gcma(t, pool, 0, 256);
	for (int f = 0; f < DI_FS; f++)
		for (int i = 0; i < DI_INODES; i++)
			assert_errno(sim_inode_create(sb[f], 100 + i,
						      DI_PAGES * PAGE_SIZE,
						      &in[f][i]), 0);
	cc_stats(&s);
	for (int f = 0; f < DI_FS; f++)
		for (int i = 0; i < DI_INODES; i++)
			for (pgoff_t p = 0; p < DI_PAGES; p++)
				fs_push(in[f][i], p);
	CC_EXPECT(&s, .stored = DI_FS * DI_INODES * DI_PAGES,
		  .reclaimed = DI_FS * DI_INODES * DI_PAGES - 256,
		  .any = CC_ANY_MISSED);

	di_check_all(t, in, aux, &rng, &hits);
	assert_true(hits >= 100);

	/* New versions: rewrite some pages, write back, push them again. */
	for (int f = 0; f < DI_FS; f++) {
		for (int i = 0; i < DI_INODES; i++) {
			for (pgoff_t p = i % 3; p < DI_PAGES; p += 3) {
				assert_errno(sim_page_cache_write(in[f][i], p), 0);
				assert_errno(sim_page_cache_writeback(in[f][i], p), 0);
				fs_push(in[f][i], p);
			}
		}
	}
	CHECK_CC();
	di_check_all(t, in, aux, &rng, &hits);

	/* Cut and regrow some files; evict and recreate others. */
	for (int i = 0; i < DI_INODES; i += 2) {
		assert_errno(sim_page_cache_truncate(in[0][i], 5 * PAGE_SIZE), 0);
		assert_errno(sim_page_cache_truncate(in[0][i],
						     DI_PAGES * PAGE_SIZE), 0);
		assert_errno(sim_inode_evict(in[1][i]), 0);
		assert_errno(sim_inode_create(sb[1], 100 + i,
					      DI_PAGES * PAGE_SIZE, &in[1][i]), 0);
		CHECK_CC();
	}
	di_check_all(t, in, aux, &rng, &hits);
	di_check_all(t, in, aux, &rng, &hits);
	CC_EXPECT(&s, .any = CC_ANY_ALL);

	/* Unmounting drops everything the filesystems had cached. */
	cc_unmount(t, sb[0]);
	cc_unmount(t, sb[1]);
	CC_EXPECT(&s, .any = CC_ANY_INVALIDATED);
	assert_int_equal(s.cached, 0);
	CC_EXPECT_POOL(pool, 256, 0, 0);
}

/*
 * remove_fs() while a readahead walk pins one of the filesystem's inodes
 * (v2 invalidates the entries at the last put of the fs, which the walk
 * holds):
 *
 *   960       964
 *   |d0 .. d3  |   i0/0..2 in d3, d2, d1; i1/0 in d0
 *
 * Expect the sb to be unregistered at once (new calls fail), the checker
 * to pass at every step, d1 to come back from the backend meanwhile, and,
 * once the walk ends, every other entry invalidated, its folio free and
 * the fs's objects freed (teardown checks for leaks).
 */
static void test_remove_fs_during_walk(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *i0 = &t->inode[0], *i1 = &t->inode[1];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_inode *walk;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 4);
	for (pgoff_t k = 0; k < 3; k++)
		assert_true(cc_store_tag(t, i0, page, k, tag(0, k, 0)));
	assert_true(cc_store_tag(t, i1, page, 0, tag(1, 0, 0)));
	CC_EXPECT(&s, .stored = 4);

	walk = cleancache_start_inode_walk(i0, 3);
	assert_false(IS_ERR_OR_NULL(walk));
	t->walk = walk;
	cleancache_remove_fs(&t->sb);
	assert_int_equal(t->sb.cleancache_id, CLEANCACHE_ID_INVALID);
	CC_EXPECT(&s, .any = CC_ANY_INVALIDATED);
	assert_false(cc_store_tag(t, i0, page, 5, tag(0, 5, 0)));
	assert_false(cc_restore(t, i1, aux, 0));
	assert_true(IS_ERR(cleancache_start_inode_walk(i1, 1)));
	CC_EXPECT(&s, .skipped = 1, .any = CC_ANY_INVALIDATED | CC_ANY_MISSED);

	/* d1 (i0/2, or already free) comes back whatever happened. */
	cc_take(t, 1);
	CC_EXPECT(&s, .any = CC_ANY_INVALIDATED | CC_ANY_RECALLED);
	aux->mapping = i0->i_mapping;
	aux->index = 0;
	(void)cleancache_restore_from_inode(walk, aux);
	CHECK_CC();
	t->walk = NULL;
	cleancache_end_inode_walk(walk);
	CC_EXPECT(&s, .any = CC_ANY_INVALIDATED | CC_ANY_RESTORED |
			     CC_ANY_MISSED);
	assert_int_equal(s.cached, 0);
	CC_EXPECT_POOL(pool, 3, 0, s.pools[0].recalled);
	assert_true(s.invalidated + s.recalled == 4);
}

/* ---- stats ---------------------------------------------------------- */

/* Parse "name value" lines; fail on any other shape or a repeated name. */
struct stat_line {
	char name[64];
	unsigned long long value;
};

static int parse_stats(char *text, struct stat_line *lines, int max)
{
	int n = 0;

	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char name[64], extra[8];
		unsigned long long v;

		if (sscanf(line, "%63s %llu %7s", name, &v, extra) != 2)
			fail_msg("malformed stats line \"%s\"", line);
		for (int i = 0; i < n; i++)
			if (!strcmp(lines[i].name, name))
				fail_msg("stats line \"%s\" repeated", name);
		assert_true(n < max);
		strcpy(lines[n].name, name);
		lines[n].value = v;
		n++;
	}
	return n;
}

static unsigned long long stat_value(const struct stat_line *lines, int n,
				     const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(lines[i].name, name))
			return lines[i].value;
	fail_msg("no stats line \"%s\"", name);
	return 0;
}

/*
 *   960      964 966
 *   |d0 .. d3 |d4 d5|    "alpha" (id 0), "beta" (id 1)
 *
 * Expect, after 3 stores (d3, d2, d1), one restore hit and one miss, d3
 * taken back, one invalidation and one skipped store: stored 3, skipped
 * 1, restored 1, missed 1, reclaimed 0, recalled 1, invalidated 1, cached
 * 1; alpha size 3 cached 1 recalled 1; beta size 2 cached 0 recalled 0.
 */
static void test_stats_and_show(void **state)
{
	static const char *const names[] = {
		"stored", "skipped", "restored", "missed", "reclaimed",
		"recalled", "invalidated", "cached",
	};
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[0];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	struct stat_line lines[64];
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int n;

	cc_pool("alpha", 0);
	cc_pool("beta", 1);
	cc_donate_gcma(t, 0, 0, 4);
	cc_donate_gcma(t, 1, 4, 2);
	for (pgoff_t k = 0; k < 3; k++)
		assert_true(cc_store_tag(t, inode, page, k, tag(0, k, 0)));
	CC_RESTORE_HIT(t, inode, aux, 1, tag(0, 1, 0));
	CC_RESTORE_MISS(t, inode, aux, 5);
	cc_take(t, 3);
	assert_true(cc_invalidate(inode, page, 1));
	assert_false(cc_store(inode, page, 9, false));
	CHECK_CC();

	cc_stats(&s);
	assert_int_equal(s.stored, 3);
	assert_int_equal(s.skipped, 1);
	assert_int_equal(s.restored, 1);
	assert_int_equal(s.missed, 1);
	assert_int_equal(s.reclaimed, 0);
	assert_int_equal(s.recalled, 1);
	assert_int_equal(s.invalidated, 1);
	assert_int_equal(s.cached, 1);
	assert_int_equal(s.nr_pools, 2);
	assert_string_equal(s.pools[0].name, "alpha");
	assert_string_equal(s.pools[1].name, "beta");
	CC_EXPECT_POOL(0, 3, 1, 1);
	CC_EXPECT_POOL(1, 2, 0, 0);

	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_errno(cleancache_stats_show(f), 0);
	assert_int_equal(fclose(f), 0);
	n = parse_stats(text, lines, ARRAY_SIZE(lines));
	free(text);

	assert_int_equal(n, ARRAY_SIZE(names) + 2 * 3);
	assert_int_equal(stat_value(lines, n, "stored"), 3);
	assert_int_equal(stat_value(lines, n, "skipped"), 1);
	assert_int_equal(stat_value(lines, n, "restored"), 1);
	assert_int_equal(stat_value(lines, n, "missed"), 1);
	assert_int_equal(stat_value(lines, n, "reclaimed"), 0);
	assert_int_equal(stat_value(lines, n, "recalled"), 1);
	assert_int_equal(stat_value(lines, n, "invalidated"), 1);
	assert_int_equal(stat_value(lines, n, "cached"), 1);
	assert_int_equal(stat_value(lines, n, "alpha/size"), 3);
	assert_int_equal(stat_value(lines, n, "alpha/cached"), 1);
	assert_int_equal(stat_value(lines, n, "alpha/recalled"), 1);
	assert_int_equal(stat_value(lines, n, "beta/size"), 2);
	assert_int_equal(stat_value(lines, n, "beta/cached"), 0);
	assert_int_equal(stat_value(lines, n, "beta/recalled"), 0);

	assert_errno(cleancache_stats_get(NULL), -EINVAL);
	assert_errno(cleancache_stats_show(NULL), -EINVAL);

	/* One pool's entry alone: the same as in the whole struct. */
	{
		struct cleancache_stats all;
		struct cleancache_pool_stats ps;

		cc_stats(&all);
		for (int id = 0; id < all.nr_pools; id++) {
			memset(&ps, 0xff, sizeof(ps));
			assert_errno(cleancache_pool_stats_get(id, &ps), 0);
			assert_memory_equal(&ps, &all.pools[id], sizeof(ps));
		}
		assert_int_equal(all.nr_pools, 2);
		assert_errno(cleancache_pool_stats_get(2, &ps), -ENOENT);
		assert_errno(cleancache_pool_stats_get(-1, &ps), -ENOENT);
		assert_errno(cleancache_pool_stats_get(0, NULL), -EINVAL);
	}
}

/* With nothing done, every counter is 0 and no pool exists. */
static void test_stats_initial(void **state)
{
	struct cleancache_stats s;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	cc_stats(&s);
	assert_int_equal(s.stored, 0);
	assert_int_equal(s.skipped, 0);
	assert_int_equal(s.restored, 0);
	assert_int_equal(s.missed, 0);
	assert_int_equal(s.reclaimed, 0);
	assert_int_equal(s.recalled, 0);
	assert_int_equal(s.invalidated, 0);
	assert_int_equal(s.cached, 0);
	assert_int_equal(s.nr_pools, 0);

	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_errno(cleancache_stats_show(f), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(text, "stored 0\n"));
	assert_non_null(strstr(text, "cached 0\n"));
	assert_null(strchr(text, '/'));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn)		cmocka_unit_test_setup_teardown(fn, store_setup, cc_teardown)
#define T_META(fn)	cmocka_unit_test_setup_teardown(fn, store_setup_meta, cc_teardown)
		T(test_store_new_takes_pool_tail),
		T(test_store_new_first_nonempty_pool),
		T(test_store_overwrite_rotates),
		T(test_store_overwrite_repeatedly),
		T(test_store_evicts_lru_tail),
		T(test_store_evicts_own_inode_last_entry),
		T(test_store_present_not_workingset_drops),
		T(test_store_absent_not_workingset),
		T(test_store_without_folios),
		T(test_restore_hit_miss_rotation),
		T_META(test_restore_hit_miss_rotation_meta),
		T(test_sparse_indexes),
		T(test_walk_restores_and_rotates),
		T(test_walk_return_values),
		T(test_frontend_null_inode),
		T(test_frontend_unregistered_sb),
		T(test_frontend_fs_gone),
		T(test_invalidate_return_values),
		T(test_large_folio_refused),
		T(test_store_unlocked_is_a_bug),
		T(test_inode_identity),
		T(test_add_remove_fs),
		T(test_remove_fs_with_cached_entries),
		T(test_remove_fs_during_walk),
		T(test_stats_and_show),
		T(test_stats_initial),
		cmocka_unit_test_setup_teardown(test_restore_after_truncate_misses,
						store_setup_big, cc_teardown),
		cmocka_unit_test_setup_teardown(test_restore_after_inode_reuse_misses,
						store_setup_big, cc_teardown),
		cmocka_unit_test_setup_teardown(test_readahead_restores_prefix,
						store_setup_big, cc_teardown),
		cmocka_unit_test_setup_teardown(test_data_integrity,
						store_setup_big, cc_teardown),
		T(test_frontend_null_args),
#undef T
#undef T_META
	};

	return cmocka_run_group_tests_name("cleancache_store", tests,
					   NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The kernel's cleancache KUnit suite (mm/tests/cleancache_kunit.c of the
 * 2025 series, v2; reference notes §1.11), one CMocka test per case.
 *
 * The KUnit cases share one suite state and run in order; here every case
 * has its own machine and its own setup, which replays whatever the
 * earlier cases did that the case depends on (the reclaim case needs an
 * empty pool with inode0/f0 at the LRU tail; the backend case needs the
 * state the reclaim case leaves).
 *
 * The suite's world: a fake superblock registered with cleancache_add_fs(),
 * 5 fake inodes (i_ino 0..4) of 4 page-cache folios each, with
 * folio->index = PAGE_SIZE * fidx used as a raw index (0, 4096, 8192,
 * 12288), a pool "kunit_pool" with 20 donated folios (one per inode folio,
 * frozen to refcount 0, list_add()ed in order and donated with one
 * put_folios()), and one auxiliary folio. The donated folios come from a
 * boot-time carve-out rather than from the page allocator:
 *
 *   pfn 0                                            1004           1024
 *       |<------------ system memory --------------->|<- carve-out ->|
 *        20 inode folios, aux folio (folio_alloc)      pool folios 0..19
 *
 * Expect pool folio i at pfn 1004 + i, and folio 19 (pfn 1023) to be the
 * first one a store consumes (the tail of the pool list).
 *
 * Each inode folio holds a whole-page pattern whose first u32 is unique to
 * (inode, fidx) (KUnit stores fidx only), so a restore of another
 * inode's page is caught; every restore compares the whole page.
 */
#include "cc_test.h"

#define INODE_COUNT		5
#define FOLIOS_PER_INODE	4
#define FOLIO_COUNT		(INODE_COUNT * FOLIOS_PER_INODE)
#define KUNIT_CARVE_PFN		1004UL

static const uint32_t TEST_CONTENT = 0xBADCAB32;

/* The suite's state, built afresh by every test's setup. */
static struct kunit_world {
	struct cc_test *t;
	struct inode *inodes[INODE_COUNT];
	struct folio *folios[INODE_COUNT][FOLIOS_PER_INODE];
	struct folio *pool_folios[FOLIO_COUNT];
	struct folio *aux;
	int pool_id;
} kw;

static uint32_t kunit_tag(int inode, int fidx)
{
	return 0x4b550000u | (uint32_t)(inode << 4) | (uint32_t)fidx;
}

/* cleancache_suite_init(), for one test. */
static int kunit_setup(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 1024, .nr_carve = FOLIO_COUNT, .carve_align = 4,
		.mode = SIM_DATA_PAGES,
	};
	LIST_HEAD(pool_folios);
	struct cc_test *t;

	if (cc_setup_opts(state, &o))
		return -1;
	t = cc(state);
	memset(&kw, 0, sizeof(kw));
	kw.t = t;
	assert_int_equal(t->carve_pfn, KUNIT_CARVE_PFN);

	for (int inode = 0; inode < INODE_COUNT; inode++) {
		kw.inodes[inode] = &t->inode[inode];
		assert_int_equal(kw.inodes[inode]->i_ino, inode);
		for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
			struct folio *folio = cc_page(t);

			cc_fill(t, folio, kunit_tag(inode, fidx));
			folio->mapping = kw.inodes[inode]->i_mapping;
			folio->index = PAGE_SIZE * fidx;
			kw.folios[inode][fidx] = folio;
		}
	}

	kw.pool_id = cc_pool("kunit_pool", 0);
	for (int fidx = 0; fidx < FOLIO_COUNT; fidx++) {
		struct folio *folio = cc_own(t, fidx);

		kw.pool_folios[fidx] = folio;
		list_add(&folio->lru, &pool_folios);
	}
	assert_errno(cleancache_backend_put_folios(kw.pool_id, &pool_folios), 0);
	assert_true(list_empty(&pool_folios));
	for (int fidx = 0; fidx < FOLIO_COUNT; fidx++)
		cc_mark_donated(t, fidx, kw.pool_id);
	CHECK_CC();
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, 0, 0);

	kw.aux = cc_page(t);
	return 0;
}

/* fill_cleancache(): store every inode folio, in order, as workingset. */
static void kunit_fill(void)
{
	for (int inode = 0; inode < INODE_COUNT; inode++) {
		for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
			struct folio *folio = kw.folios[inode][fidx];

			assert_non_null(folio);
			folio_set_locked(folio);
			folio_set_workingset(folio);
			if (!cleancache_store_folio(kw.inodes[inode], folio))
				fail_msg("store of inode %d folio %d failed",
					 inode, fidx);
			folio_clear_locked(folio);
			CHECK_CC();
		}
	}
}

/* Point the aux folio at (inode, fidx) and scribble over it. */
static void kunit_aim_aux(int inode, int fidx)
{
	kw.aux->mapping = kw.folios[inode][fidx]->mapping;
	kw.aux->index = kw.folios[inode][fidx]->index;
	cc_fill(kw.t, kw.aux, CC_SCRIBBLE);
}

/* (inode, fidx) must restore into aux with that folio's contents. */
static void kunit_expect_restore(int inode, int fidx)
{
	kunit_aim_aux(inode, fidx);
	if (!cleancache_restore_folio(kw.inodes[inode], kw.aux))
		fail_msg("inode %d, folio %d is invalid", inode, fidx);
	if (!cc_same(kw.t, kw.aux, kw.folios[inode][fidx]))
		fail_msg("inode %d, folio %d content is invalid", inode, fidx);
	CHECK_CC();
}

/* (inode, fidx) must miss, leaving aux untouched. */
static void kunit_expect_miss(int inode, int fidx)
{
	kunit_aim_aux(inode, fidx);
	if (cleancache_restore_folio(kw.inodes[inode], kw.aux))
		fail_msg("inode %d, folio %d should be missing", inode, fidx);
	assert_true(cc_holds(kw.t, kw.aux, CC_SCRIBBLE));
	CHECK_CC();
}

/* The index one past the last folio of the last inode: 16384. */
static pgoff_t kunit_new_index(void)
{
	return kw.folios[INODE_COUNT - 1][FOLIOS_PER_INODE - 1]->index +
	       PAGE_SIZE;
}

/* Store aux (TEST_CONTENT) into the last inode at kunit_new_index(). */
static void kunit_store_aux(void)
{
	struct inode *inode_new = kw.inodes[INODE_COUNT - 1];

	kw.aux->mapping = inode_new->i_mapping;
	kw.aux->index = kunit_new_index();
	assert_int_equal(kw.aux->index, 16384);
	cc_fill(kw.t, kw.aux, TEST_CONTENT);
	folio_set_locked(kw.aux);
	folio_set_workingset(kw.aux);
	assert_true(cleancache_store_folio(inode_new, kw.aux));
	folio_clear_locked(kw.aux);
	CHECK_CC();
}

/* Restore the aux entry: hit with TEST_CONTENT, or miss. */
static bool kunit_restore_aux(void)
{
	struct inode *inode_new = kw.inodes[INODE_COUNT - 1];
	bool hit;

	kw.aux->mapping = inode_new->i_mapping;
	kw.aux->index = kunit_new_index();
	cc_fill(kw.t, kw.aux, CC_SCRIBBLE);
	hit = cleancache_restore_folio(inode_new, kw.aux);
	CHECK_CC();
	if (hit)
		assert_true(cc_holds(kw.t, kw.aux, TEST_CONTENT));
	else
		assert_true(cc_holds(kw.t, kw.aux, CC_SCRIBBLE));
	return hit;
}

/*
 * What the invalidate case leaves behind and the reclaim case starts from:
 * inode0/f0 and all of inode1 invalidated (5 free folios), then a fill
 * that re-stores exactly those from the pool, so the pool is empty and
 * inode0/f0, stored first, is the LRU tail.
 */
static void kunit_replay_invalidate(struct cleancache_stats *s)
{
	struct folio *folio = kw.folios[0][0];

	folio_set_locked(folio);
	assert_true(cleancache_invalidate_folio(kw.inodes[0], folio));
	folio_clear_locked(folio);
	CHECK_CC();
	assert_true(cleancache_invalidate_inode(kw.inodes[1]));
	CC_EXPECT(s, .invalidated = 1 + FOLIOS_PER_INODE);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, FOLIO_COUNT - 5, 0);

	kunit_fill();
	CC_EXPECT(s, .stored = 1 + FOLIOS_PER_INODE);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);
}

/* The reclaim case's verification: inode0/f0 evicted, the rest intact. */
static void kunit_verify_reclaim(struct cleancache_stats *s)
{
	for (int inode = 0; inode < INODE_COUNT; inode++) {
		for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
			/*
			 * The first folio of the first inode was added first,
			 * so it is the oldest and must have been reclaimed.
			 */
			if (inode == 0 && fidx == 0)
				kunit_expect_miss(inode, fidx);
			else
				kunit_expect_restore(inode, fidx);
		}
	}
	CC_EXPECT(s, .restored = FOLIO_COUNT - 1, .missed = 1);
	/* The auxiliary folio is stored. */
	assert_true(kunit_restore_aux());
	CC_EXPECT(s, .restored = 1);
}

/* ---- the five cases ------------------------------------------------- */

/* cleancache_restore_test: fill, then every folio restores intact. */
static void test_kunit_restore(void **state)
{
	struct cleancache_stats s;

	cc_stats(&s);
	kunit_fill();
	CC_EXPECT(&s, .stored = FOLIO_COUNT);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);

	for (int inode = 0; inode < INODE_COUNT; inode++)
		for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++)
			kunit_expect_restore(inode, fidx);
	CC_EXPECT(&s, .restored = FOLIO_COUNT);
	/* Restores are not exclusive: everything is still cached. */
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);
}

/* cleancache_walk_and_restore_test: the readahead walk over inode0. */
static void test_kunit_walk_and_restore(void **state)
{
	struct cleancache_inode *ccinode;
	struct cleancache_stats s;

	cc_stats(&s);
	kunit_fill();
	CC_EXPECT(&s, .stored = FOLIO_COUNT);

	ccinode = cleancache_start_inode_walk(kw.inodes[0], FOLIOS_PER_INODE);
	assert_non_null(ccinode);
	assert_false(IS_ERR(ccinode));
	CHECK_CC();
	for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
		kunit_aim_aux(0, fidx);
		if (!cleancache_restore_from_inode(ccinode, kw.aux))
			fail_msg("inode 0, folio %d is invalid", fidx);
		if (!cc_same(kw.t, kw.aux, kw.folios[0][fidx]))
			fail_msg("inode 0, folio %d content is invalid", fidx);
		CHECK_CC();
	}
	cleancache_end_inode_walk(ccinode);
	CC_EXPECT(&s, .restored = FOLIOS_PER_INODE);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);
}

/* cleancache_invalidate_test: one folio, then one whole inode. */
static void test_kunit_invalidate(void **state)
{
	struct cleancache_stats s;
	struct folio *folio;

	cc_stats(&s);
	kunit_fill();
	CC_EXPECT(&s, .stored = FOLIO_COUNT);

	/* Invalidate one folio. */
	folio = kw.folios[0][0];
	kunit_expect_restore(0, 0);
	folio_set_locked(folio);
	assert_true(cleancache_invalidate_folio(kw.inodes[0], folio));
	folio_clear_locked(folio);
	CHECK_CC();
	kunit_expect_miss(0, 0);
	CC_EXPECT(&s, .restored = 1, .missed = 1, .invalidated = 1);

	/* Invalidate one inode. */
	assert_true(cleancache_invalidate_inode(kw.inodes[1]));
	CC_EXPECT(&s, .invalidated = FOLIOS_PER_INODE);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, FOLIO_COUNT - 5, 0);

	/* Verify results. */
	for (int inode = 0; inode < INODE_COUNT; inode++) {
		for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
			if ((inode == 0 && fidx == 0) || inode == 1)
				kunit_expect_miss(inode, fidx);
			else
				kunit_expect_restore(inode, fidx);
		}
	}
	CC_EXPECT(&s, .restored = FOLIO_COUNT - 5, .missed = 5);
}

/*
 * cleancache_reclaim_test: with the pool empty, one more store evicts the
 * LRU tail (inode0/f0) and reuses its folio.
 */
static void test_kunit_reclaim(void **state)
{
	struct cleancache_stats s;

	cc_stats(&s);
	kunit_fill();
	CC_EXPECT(&s, .stored = FOLIO_COUNT);
	kunit_replay_invalidate(&s);

	/*
	 * Store one extra new folio. There are no free folios, so the oldest
	 * folio is reclaimed to store it. It goes into the last inode at the
	 * next unoccupied offset.
	 */
	kunit_store_aux();
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);

	kunit_verify_reclaim(&s);

	/*
	 * Not in KUnit: the victim's folio was reused directly. inode0/f0
	 * was stored from pool folio 19 (the pool tail) both times, as
	 * invalidated folios return to the head of the pool list, so folio
	 * 19 now holds the aux entry: taking it back recalls that entry.
	 */
	cc_take(kw.t, FOLIO_COUNT - 1);
	CC_EXPECT(&s, .recalled = 1);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT - 1, FOLIO_COUNT - 1, 1);
	assert_false(kunit_restore_aux());
	CC_EXPECT(&s, .missed = 1);
}

/*
 * cleancache_backend_api_test: after the reclaim case, a fill evicts the
 * LRU tail for each missing entry in a cascade (the aux entry last); then
 * the backend takes every folio back and donates them again, with a
 * refcounted folio refused and a mixed list keeping the refcounted ones.
 */
static void test_kunit_backend_api(void **state)
{
	struct cleancache_stats s;
	struct folio *folio;
	LIST_HEAD(folios);
	int used = 0;

	/* Replay the earlier cases up to the state the reclaim case leaves. */
	cc_stats(&s);
	kunit_fill();
	CC_EXPECT(&s, .stored = FOLIO_COUNT);
	kunit_replay_invalidate(&s);
	kunit_store_aux();
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	kunit_verify_reclaim(&s);

	/*
	 * The case proper. inode0/f0 is missing and the LRU runs, from the
	 * tail, inode0/f1 ... inode4/f3, aux: each store of a missing entry
	 * evicts the tail, which is the next entry to store, so all 20
	 * stores evict and the aux entry goes last.
	 */
	kunit_fill();
	CC_EXPECT(&s, .stored = FOLIO_COUNT, .reclaimed = FOLIO_COUNT);
	for (int inode = 0; inode < INODE_COUNT; inode++)
		for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++)
			kunit_expect_restore(inode, fidx);
	assert_false(kunit_restore_aux());
	CC_EXPECT(&s, .restored = FOLIO_COUNT, .missed = 1);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);

	/* Get all donated folios back. */
	for (int fidx = 0; fidx < FOLIO_COUNT; fidx++) {
		folio = kw.pool_folios[fidx];
		assert_errno(cleancache_backend_get_folio(kw.pool_id, folio), 0);
		assert_int_equal(folio_ref_count(folio), 0);
		cc_mark_taken(kw.t, fidx);
		set_page_refcounted(folio_page(folio, 0));
		CHECK_CC();
	}
	CC_EXPECT(&s, .recalled = FOLIO_COUNT);
	CC_EXPECT_POOL(kw.pool_id, 0, 0, FOLIO_COUNT);
	for (int inode = 0; inode < INODE_COUNT; inode++)
		for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++)
			kunit_expect_miss(inode, fidx);
	CC_EXPECT(&s, .missed = FOLIO_COUNT);

	/* Try putting a refcounted folio. */
	assert_errno(cleancache_backend_put_folio(kw.pool_id,
						  kw.pool_folios[0]), -EINVAL);
	assert_int_equal(folio_ref_count(kw.pool_folios[0]), 1);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(kw.pool_id, 0, 0, FOLIO_COUNT);

	/* Put some of the folios back into cleancache. */
	for (int fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
		folio = kw.pool_folios[fidx];
		assert_true(folio_ref_freeze(folio, 1));
		assert_errno(cleancache_backend_put_folio(kw.pool_id, folio), 0);
		cc_mark_donated(kw.t, fidx, kw.pool_id);
		CHECK_CC();
	}
	CC_EXPECT_POOL(kw.pool_id, FOLIOS_PER_INODE, 0, FOLIO_COUNT);

	/* Put the rest back, but keep half of them refcounted. */
	for (int fidx = FOLIOS_PER_INODE; fidx < FOLIO_COUNT; fidx++) {
		folio = kw.pool_folios[fidx];
		if (fidx % 2)
			assert_true(folio_ref_freeze(folio, 1));
		else
			used++;
		list_add(&folio->lru, &folios);
	}
	assert_int_equal(used, 8);
	assert_errno(cleancache_backend_put_folios(kw.pool_id, &folios),
		     -EINVAL);
	CHECK_CC();
	/* The used folios, and only they, are still on the list. */
	assert_int_equal(list_count_nodes(&folios), used);
	list_for_each_entry(folio, &folios, lru) {
		unsigned long fidx = cc_donor_index(kw.t, folio);

		assert_int_equal(fidx % 2, 0);
		assert_int_equal(folio_ref_count(folio), 1);
	}
	for (int fidx = FOLIOS_PER_INODE + 1; fidx < FOLIO_COUNT; fidx += 2)
		cc_mark_donated(kw.t, fidx, kw.pool_id);
	CC_EXPECT_POOL(kw.pool_id, FOLIOS_PER_INODE + 8, 0, FOLIO_COUNT);

	/* Release the refcounts and put the remaining folios. */
	list_for_each_entry(folio, &folios, lru)
		assert_true(folio_ref_freeze(folio, 1));
	assert_errno(cleancache_backend_put_folios(kw.pool_id, &folios), 0);
	assert_true(list_empty(&folios));
	for (int fidx = FOLIOS_PER_INODE; fidx < FOLIO_COUNT; fidx += 2)
		cc_mark_donated(kw.t, fidx, kw.pool_id);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(kw.pool_id, FOLIO_COUNT, 0, FOLIO_COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kunit_restore,
						kunit_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_kunit_walk_and_restore,
						kunit_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_kunit_invalidate,
						kunit_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_kunit_reclaim,
						kunit_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_kunit_backend_api,
						kunit_setup, cc_teardown),
	};

	return cmocka_run_group_tests_name("cleancache_kunit", tests,
					   NULL, NULL);
}

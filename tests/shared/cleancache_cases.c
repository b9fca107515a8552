// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Shared test body (tests/shared/README.md): cleancache cases that run as
 * CMocka tests here (test_shared_cleancache) and as the KUnit suite
 * cleancache_shared in a kernel tree (tools/kernel-port).
 *
 * The five cases of the 2025 series' KUnit test (v2,
 * mm/tests/cleancache_kunit.c; reference notes §1.11) share one suite
 * state there and run in order; here every case builds its own world and
 * replays what the earlier cases did that it depends on (the reclaim case
 * needs an empty pool with inode0/f0 at the LRU tail; the backend case
 * needs the state the reclaim case leaves).
 *
 * The world: 5 fake inodes (i_ino 0..4) of 4 page-cache folios each, with
 * folio->index = PAGE_SIZE * fidx used as a raw index (0, 4096, 8192,
 * 12288), a pool with 20 donated folios (one per inode folio, frozen to
 * refcount 0, list_add()ed in order and donated with one put_folios()),
 * and one auxiliary folio. The donated folios are reserved boot pages
 * (st_reserve()):
 *
 *   reserved range: d0 d1 ... d19     pool list after the put: d19 first
 *
 * so d19 is the first folio a store consumes (the tail of the pool list).
 * Each inode folio holds a whole-page pattern unique to (inode, fidx), so
 * a restore of another inode's page is caught; every restore compares the
 * whole page. The cleancache checker runs after every step.
 *
 * Then the range backend calls: put_range()/get_range() of FREE and of
 * CACHED folios.
 */
#include <libgcma/cleancache.h>
#include <libgcma/folio.h>
#include <libgcma/list.h>
#include "mm/cleancache_internal.h"
#include "shared_test.h"
#include "shared_helpers.h"

#define INODE_COUNT		5
#define FOLIOS_PER_INODE	4
#define FOLIO_COUNT		(INODE_COUNT * FOLIOS_PER_INODE)

#define TEST_CONTENT		0xBADCAB32u

/* One case's world, cleancache_suite_init() of v2. */
struct kunit_world {
	struct inode *inodes[INODE_COUNT];
	struct folio *folios[INODE_COUNT][FOLIOS_PER_INODE];
	struct folio *pool_folios[FOLIO_COUNT];
	struct folio *aux;
	int pool_id;
};

static uint32_t kunit_tag(int inode, int fidx)
{
	return 0x4b550000u | (uint32_t)(inode << 4) | (uint32_t)fidx;
}

static struct kunit_world *kunit_world(struct st_ctx *st)
{
	struct kunit_world *kw = st_zalloc(st, sizeof(*kw));
	unsigned long base = st_reserve(st, FOLIO_COUNT);
	LIST_HEAD(pool_folios);
	int inode, fidx;

	for (inode = 0; inode < INODE_COUNT; inode++) {
		kw->inodes[inode] = st_inode(st, inode);
		for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
			struct folio *folio = st_folio(st);

			st_fill(folio, kunit_tag(inode, fidx));
			folio->mapping = kw->inodes[inode]->i_mapping;
			folio->index = PAGE_SIZE * fidx;
			kw->folios[inode][fidx] = folio;
		}
	}

	kw->pool_id = cleancache_backend_register_pool(st_name(st,
							       "kunit_pool"));
	ST_ASSERT_TRUE(kw->pool_id >= 0);
	for (fidx = 0; fidx < FOLIO_COUNT; fidx++) {
		struct folio *folio = st_own(st, base + fidx);

		kw->pool_folios[fidx] = folio;
		list_add(&folio->lru, &pool_folios);
	}
	ST_ASSERT_EQ(cleancache_backend_put_folios(kw->pool_id, &pool_folios),
		     0);
	ST_ASSERT_TRUE(list_empty(&pool_folios));
	ST_CHECK_CC();
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, 0, 0);

	kw->aux = st_folio(st);
	return kw;
}

/* fill_cleancache(): store every inode folio, in order, as workingset. */
static void kunit_fill(struct st_ctx *st, struct kunit_world *kw)
{
	int inode, fidx;

	for (inode = 0; inode < INODE_COUNT; inode++) {
		for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
			struct folio *folio = kw->folios[inode][fidx];

			folio_set_workingset(folio);
			__folio_set_locked(folio);
			if (!cleancache_store_folio(kw->inodes[inode], folio))
				ST_FAIL("store of inode %d folio %d failed",
					inode, fidx);
			__folio_clear_locked(folio);
			ST_CHECK_CC();
		}
	}
}

/* Point the aux folio at (inode, fidx) and scribble over it. */
static void kunit_aim_aux(struct kunit_world *kw, int inode, int fidx)
{
	kw->aux->mapping = kw->folios[inode][fidx]->mapping;
	kw->aux->index = kw->folios[inode][fidx]->index;
	st_fill(kw->aux, ST_SCRIBBLE);
}

/* (inode, fidx) must restore into aux with that folio's contents. */
static void kunit_expect_restore(struct st_ctx *st, struct kunit_world *kw,
				 int inode, int fidx)
{
	kunit_aim_aux(kw, inode, fidx);
	if (!cleancache_restore_folio(kw->inodes[inode], kw->aux))
		ST_FAIL("inode %d, folio %d is invalid", inode, fidx);
	if (!st_same(kw->aux, kw->folios[inode][fidx]))
		ST_FAIL("inode %d, folio %d content is invalid", inode, fidx);
	ST_CHECK_CC();
}

/* (inode, fidx) must miss, leaving aux untouched. */
static void kunit_expect_miss(struct st_ctx *st, struct kunit_world *kw,
			      int inode, int fidx)
{
	kunit_aim_aux(kw, inode, fidx);
	if (cleancache_restore_folio(kw->inodes[inode], kw->aux))
		ST_FAIL("inode %d, folio %d should be missing", inode, fidx);
	ST_ASSERT_TRUE(st_holds(kw->aux, ST_SCRIBBLE));
	ST_CHECK_CC();
}

/* The index one past the last folio of the last inode: 16384. */
static pgoff_t kunit_new_index(struct kunit_world *kw)
{
	return kw->folios[INODE_COUNT - 1][FOLIOS_PER_INODE - 1]->index +
	       PAGE_SIZE;
}

/* Store aux (TEST_CONTENT) into the last inode at kunit_new_index(). */
static void kunit_store_aux(struct st_ctx *st, struct kunit_world *kw)
{
	st_fill(kw->aux, TEST_CONTENT);
	ST_ASSERT_TRUE(st_store(kw->inodes[INODE_COUNT - 1], kw->aux,
				kunit_new_index(kw)));
	ST_CHECK_CC();
}

/* Restore the aux entry: hit with TEST_CONTENT, or miss. */
static bool kunit_restore_aux(struct st_ctx *st, struct kunit_world *kw)
{
	bool hit = st_restore(kw->inodes[INODE_COUNT - 1], kw->aux,
			      kunit_new_index(kw));

	ST_CHECK_CC();
	ST_ASSERT_TRUE(st_holds(kw->aux, hit ? TEST_CONTENT : ST_SCRIBBLE));
	return hit;
}

/*
 * What the invalidate case leaves behind and the reclaim case starts from:
 * inode0/f0 and all of inode1 invalidated (5 free folios), then a fill
 * that re-stores exactly those from the pool, so the pool is empty and
 * inode0/f0, stored first, is the LRU tail.
 */
static void kunit_replay_invalidate(struct st_ctx *st, struct kunit_world *kw,
				    struct cleancache_stats *s)
{
	struct folio *folio = kw->folios[0][0];

	__folio_set_locked(folio);
	ST_ASSERT_TRUE(cleancache_invalidate_folio(kw->inodes[0], folio));
	__folio_clear_locked(folio);
	ST_CHECK_CC();
	ST_ASSERT_TRUE(cleancache_invalidate_inode(kw->inodes[1]));
	ST_EXPECT(s, .invalidated = 1 + FOLIOS_PER_INODE);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, FOLIO_COUNT - 5, 0);

	kunit_fill(st, kw);
	ST_EXPECT(s, .stored = 1 + FOLIOS_PER_INODE);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);
}

/* The reclaim case's verification: inode0/f0 evicted, the rest intact. */
static void kunit_verify_reclaim(struct st_ctx *st, struct kunit_world *kw,
				 struct cleancache_stats *s)
{
	int inode, fidx;

	for (inode = 0; inode < INODE_COUNT; inode++) {
		for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
			/*
			 * The first folio of the first inode was added first,
			 * so it is the oldest and must have been reclaimed.
			 */
			if (inode == 0 && fidx == 0)
				kunit_expect_miss(st, kw, inode, fidx);
			else
				kunit_expect_restore(st, kw, inode, fidx);
		}
	}
	ST_EXPECT(s, .restored = FOLIO_COUNT - 1, .missed = 1);
	/* The auxiliary folio is stored. */
	ST_ASSERT_TRUE(kunit_restore_aux(st, kw));
	ST_EXPECT(s, .restored = 1);
}

/* cleancache_restore_test: fill, then every folio restores intact. */
ST_CASE(cleancache_restore)
{
	struct kunit_world *kw = kunit_world(st);
	struct cleancache_stats *s = st_stats(st);
	int inode, fidx;

	kunit_fill(st, kw);
	ST_EXPECT(s, .stored = FOLIO_COUNT);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);

	for (inode = 0; inode < INODE_COUNT; inode++)
		for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++)
			kunit_expect_restore(st, kw, inode, fidx);
	ST_EXPECT(s, .restored = FOLIO_COUNT);
	/* Restores are not exclusive: everything is still cached. */
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);
}

/* cleancache_walk_and_restore_test: the readahead walk over inode0. */
ST_CASE(cleancache_walk_and_restore)
{
	struct kunit_world *kw = kunit_world(st);
	struct cleancache_stats *s = st_stats(st);
	struct cleancache_inode *ccinode;
	int fidx;

	kunit_fill(st, kw);
	ST_EXPECT(s, .stored = FOLIO_COUNT);

	ccinode = cleancache_start_inode_walk(kw->inodes[0], FOLIOS_PER_INODE);
	ST_ASSERT_NOT_NULL(ccinode);
	ST_ASSERT_FALSE(IS_ERR(ccinode));
	for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
		kunit_aim_aux(kw, 0, fidx);
		if (!cleancache_restore_from_inode(ccinode, kw->aux) ||
		    !st_same(kw->aux, kw->folios[0][fidx])) {
			cleancache_end_inode_walk(ccinode);
			ST_FAIL("inode 0, folio %d is invalid", fidx);
		}
	}
	cleancache_end_inode_walk(ccinode);
	ST_EXPECT(s, .restored = FOLIOS_PER_INODE);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);
}

/* cleancache_invalidate_test: one folio, then one whole inode. */
ST_CASE(cleancache_invalidate)
{
	struct kunit_world *kw = kunit_world(st);
	struct cleancache_stats *s = st_stats(st);
	struct folio *folio;
	int inode, fidx;

	kunit_fill(st, kw);
	ST_EXPECT(s, .stored = FOLIO_COUNT);

	/* Invalidate one folio. */
	folio = kw->folios[0][0];
	kunit_expect_restore(st, kw, 0, 0);
	__folio_set_locked(folio);
	ST_ASSERT_TRUE(cleancache_invalidate_folio(kw->inodes[0], folio));
	__folio_clear_locked(folio);
	ST_CHECK_CC();
	kunit_expect_miss(st, kw, 0, 0);
	ST_EXPECT(s, .restored = 1, .missed = 1, .invalidated = 1);

	/* Invalidate one inode. */
	ST_ASSERT_TRUE(cleancache_invalidate_inode(kw->inodes[1]));
	ST_EXPECT(s, .invalidated = FOLIOS_PER_INODE);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, FOLIO_COUNT - 5, 0);

	/* Verify results. */
	for (inode = 0; inode < INODE_COUNT; inode++) {
		for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
			if ((inode == 0 && fidx == 0) || inode == 1)
				kunit_expect_miss(st, kw, inode, fidx);
			else
				kunit_expect_restore(st, kw, inode, fidx);
		}
	}
	ST_EXPECT(s, .restored = FOLIO_COUNT - 5, .missed = 5);
}

/*
 * cleancache_reclaim_test: with the pool empty, one more store evicts the
 * LRU tail (inode0/f0) and reuses its folio.
 */
ST_CASE(cleancache_reclaim)
{
	struct kunit_world *kw = kunit_world(st);
	struct cleancache_stats *s = st_stats(st);
	struct folio *folio;

	kunit_fill(st, kw);
	ST_EXPECT(s, .stored = FOLIO_COUNT);
	kunit_replay_invalidate(st, kw, s);

	/*
	 * Store one extra new folio. There are no free folios, so the oldest
	 * folio is reclaimed to store it. It goes into the last inode at the
	 * next unoccupied offset.
	 */
	kunit_store_aux(st, kw);
	ST_EXPECT(s, .stored = 1, .reclaimed = 1);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);

	kunit_verify_reclaim(st, kw, s);

	/*
	 * Not in v2: the victim's folio was reused directly. inode0/f0 was
	 * stored from pool folio 19 (the pool tail) both times, as
	 * invalidated folios return to the head of the pool list, so folio
	 * 19 now holds the aux entry: taking it back recalls that entry.
	 */
	folio = kw->pool_folios[FOLIO_COUNT - 1];
	ST_ASSERT_EQ(cleancache_backend_get_folio(kw->pool_id, folio), 0);
	ST_EXPECT(s, .recalled = 1);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT - 1, FOLIO_COUNT - 1, 1);
	ST_ASSERT_FALSE(kunit_restore_aux(st, kw));
	ST_EXPECT(s, .missed = 1);
}

/*
 * cleancache_backend_api_test: after the reclaim case, a fill evicts the
 * LRU tail for each missing entry in a cascade (the aux entry last); then
 * the backend takes every folio back and donates them again, with a
 * refcounted folio refused and a mixed list keeping the refcounted ones.
 */
ST_CASE(cleancache_backend_api)
{
	struct kunit_world *kw = kunit_world(st);
	struct cleancache_stats *s = st_stats(st);
	struct folio *folio;
	LIST_HEAD(folios);
	int inode, fidx, used = 0;

	/* Replay the earlier cases up to the state the reclaim case leaves. */
	kunit_fill(st, kw);
	ST_EXPECT(s, .stored = FOLIO_COUNT);
	kunit_replay_invalidate(st, kw, s);
	kunit_store_aux(st, kw);
	ST_EXPECT(s, .stored = 1, .reclaimed = 1);
	kunit_verify_reclaim(st, kw, s);

	/*
	 * The case proper. inode0/f0 is missing and the LRU runs, from the
	 * tail, inode0/f1 ... inode4/f3, aux: each store of a missing entry
	 * evicts the tail, which is the next entry to store, so all 20
	 * stores evict and the aux entry goes last.
	 */
	kunit_fill(st, kw);
	ST_EXPECT(s, .stored = FOLIO_COUNT, .reclaimed = FOLIO_COUNT);
	for (inode = 0; inode < INODE_COUNT; inode++)
		for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++)
			kunit_expect_restore(st, kw, inode, fidx);
	ST_ASSERT_FALSE(kunit_restore_aux(st, kw));
	ST_EXPECT(s, .restored = FOLIO_COUNT, .missed = 1);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, FOLIO_COUNT, 0);

	/* Get all donated folios back. */
	for (fidx = 0; fidx < FOLIO_COUNT; fidx++) {
		folio = kw->pool_folios[fidx];
		ST_ASSERT_EQ(cleancache_backend_get_folio(kw->pool_id, folio),
			     0);
		ST_ASSERT_EQ(folio_ref_count(folio), 0);
		folio_set_count(folio, 1);
		ST_CHECK_CC();
	}
	ST_EXPECT(s, .recalled = FOLIO_COUNT);
	st_expect_pool(st, kw->pool_id, 0, 0, FOLIO_COUNT);
	for (inode = 0; inode < INODE_COUNT; inode++)
		for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++)
			kunit_expect_miss(st, kw, inode, fidx);
	ST_EXPECT(s, .missed = FOLIO_COUNT);

	/* Try putting a refcounted folio. */
	ST_ASSERT_EQ(cleancache_backend_put_folio(kw->pool_id,
						  kw->pool_folios[0]), -EINVAL);
	ST_ASSERT_EQ(folio_ref_count(kw->pool_folios[0]), 1);
	ST_EXPECT(s);
	st_expect_pool(st, kw->pool_id, 0, 0, FOLIO_COUNT);

	/* Put some of the folios back into cleancache. */
	for (fidx = 0; fidx < FOLIOS_PER_INODE; fidx++) {
		folio = kw->pool_folios[fidx];
		ST_ASSERT_TRUE(folio_ref_freeze(folio, 1));
		ST_ASSERT_EQ(cleancache_backend_put_folio(kw->pool_id, folio),
			     0);
		ST_CHECK_CC();
	}
	st_expect_pool(st, kw->pool_id, FOLIOS_PER_INODE, 0, FOLIO_COUNT);

	/* Put the rest back, but keep half of them refcounted. */
	for (fidx = FOLIOS_PER_INODE; fidx < FOLIO_COUNT; fidx++) {
		folio = kw->pool_folios[fidx];
		if (fidx % 2)
			ST_ASSERT_TRUE(folio_ref_freeze(folio, 1));
		else
			used++;
		list_add(&folio->lru, &folios);
	}
	ST_ASSERT_EQ(used, 8);
	ST_ASSERT_EQ(cleancache_backend_put_folios(kw->pool_id, &folios),
		     -EINVAL);
	ST_CHECK_CC();
	/* The used folios, and only they, are still on the list. */
	ST_ASSERT_EQ(list_count_nodes(&folios), used);
	list_for_each_entry(folio, &folios, lru) {
		unsigned long idx = folio_pfn(folio) -
				    folio_pfn(kw->pool_folios[0]);

		ST_ASSERT_EQ(idx % 2, 0);
		ST_ASSERT_EQ(folio_ref_count(folio), 1);
	}
	st_expect_pool(st, kw->pool_id, FOLIOS_PER_INODE + 8, 0, FOLIO_COUNT);

	/* Release the refcounts and put the remaining folios. */
	list_for_each_entry(folio, &folios, lru)
		ST_ASSERT_TRUE(folio_ref_freeze(folio, 1));
	ST_ASSERT_EQ(cleancache_backend_put_folios(kw->pool_id, &folios), 0);
	ST_ASSERT_TRUE(list_empty(&folios));
	ST_EXPECT(s);
	st_expect_pool(st, kw->pool_id, FOLIO_COUNT, 0, FOLIO_COUNT);
}

/* Own reserved pages [@first, @first + @n) and donate them in one call. */
static void range_donate(struct st_ctx *st, int pool, unsigned long first,
			 unsigned long n)
{
	unsigned long pfn;

	for (pfn = first; pfn < first + n; pfn++)
		st_own(st, pfn);
	ST_ASSERT_EQ(cleancache_backend_put_range(pool, first, n), 0);
	ST_CHECK_CC();
}

/*
 *   |d0 d1 d2 d3 d4 d5 d6 d7|
 *         [get 2..5 )
 *
 * Expect put_range of 8 to give a pool of 8 FREE folios, get_range of
 * d2..d5 to leave 4 with every taken folio at refcount 0 and in no pool,
 * and put_range of them again to give 8; no counter moves.
 */
ST_CASE(cleancache_range_free)
{
	unsigned long d = st_reserve(st, 8), pfn;
	struct cleancache_stats *s = st_stats(st);
	int pool = cleancache_backend_register_pool(st_name(st, "range"));

	ST_ASSERT_TRUE(pool >= 0);
	range_donate(st, pool, d, 8);
	st_expect_pool(st, pool, 8, 0, 0);
	ST_ASSERT_EQ(cleancache_backend_get_range(pool, d + 2, 4), 0);
	ST_CHECK_CC();
	for (pfn = d + 2; pfn < d + 6; pfn++) {
		ST_ASSERT_EQ(folio_ref_count(pfn_folio(pfn)), 0);
		ST_ASSERT_EQ(folio_cc_pool_id(pfn_folio(pfn)), -1);
	}
	st_expect_pool(st, pool, 4, 0, 0);
	ST_EXPECT(s);
	ST_ASSERT_EQ(cleancache_backend_put_range(pool, d + 2, 4), 0);
	ST_CHECK_CC();
	st_expect_pool(st, pool, 8, 0, 0);
	ST_EXPECT(s);
}

/*
 *   |d0 d1 d2 d3|   three of them CACHED (inode 2, indexes 0..2)
 *
 * Expect get_range of all four to count 3 recalls, empty the pool, and
 * every restore to miss afterwards.
 */
ST_CASE(cleancache_range_cached)
{
	unsigned long d = st_reserve(st, 4), i;
	struct folio *page = st_folio(st), *aux = st_folio(st);
	struct inode *a = st_inode(st, 2);
	struct cleancache_stats *s;
	int pool = cleancache_backend_register_pool(st_name(st, "range"));

	ST_ASSERT_TRUE(pool >= 0);
	range_donate(st, pool, d, 4);
	s = st_stats(st);
	for (i = 0; i < 3; i++) {
		st_fill(page, 0x200000u | (uint32_t)(i << 4));
		ST_ASSERT_TRUE(st_store(a, page, i));
	}
	ST_EXPECT(s, .stored = 3);
	st_expect_pool(st, pool, 4, 3, 0);
	ST_ASSERT_EQ(cleancache_backend_get_range(pool, d, 4), 0);
	ST_EXPECT(s, .recalled = 3);
	st_expect_pool(st, pool, 0, 0, 3);
	for (i = 0; i < 3; i++) {
		ST_ASSERT_FALSE(st_restore(a, aux, i));
		ST_ASSERT_TRUE(st_holds(aux, ST_SCRIBBLE));
	}
	ST_EXPECT(s, .missed = 3);
}

ST_SUITE(cleancache_shared,
	 ST_RUN(cleancache_restore),
	 ST_RUN(cleancache_walk_and_restore),
	 ST_RUN(cleancache_invalidate),
	 ST_RUN(cleancache_reclaim),
	 ST_RUN(cleancache_backend_api),
	 ST_RUN(cleancache_range_free),
	 ST_RUN(cleancache_range_cached));

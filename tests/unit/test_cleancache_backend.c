// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the cleancache backend API: register_pool, put_folio,
 * put_folios and get_folio, their error codes, the order of a pool's free
 * list, and the guarantee: get_folio() of a folio donated to that pool
 * never fails, whatever state the cache is in.
 *
 * The tests run on a 1024-page machine with page data whose top 64 pages
 * are a boot-time carve-out; donor page i is pfn 960 + i:
 *
 *   pfn 0                                        960            1024
 *       |<------------- system memory ------------>|<- carve-out ->|
 *        page-cache folios (folio_alloc)             d0 ... d63
 *
 * Which pfn holds which entry is learnt from get_folio(): taking a cached
 * folio back drops its entry and counts a recall, a free one does not.
 */
#include <limits.h>

#include "cc_test.h"

#define CARVE	960UL

static int backend_setup(void **state)
{
	int ret = cc_setup(state);

	assert_int_equal(cc(state)->carve_pfn, CARVE);
	return ret;
}

static uint32_t tag(unsigned long ino, unsigned long index, unsigned int v)
{
	return 0x20000000u | (uint32_t)(ino << 20) | (uint32_t)(index << 4) |
	       (v & 0xf);
}

/* A refused call must leave the folio's descriptor exactly as it was. */
#define ASSERT_DESC_UNCHANGED(folio, saved)				\
	do {								\
		if (memcmp((folio), &(saved), sizeof(saved)))		\
			fail_msg("pfn %lu: a refused call changed the folio", \
				 folio_pfn(folio));			\
	} while (0)

/* ---- register_pool -------------------------------------------------- */

/*
 * A name is 1 to CLEANCACHE_POOL_NAME_LEN - 1 characters without '/'
 * (it names a stats directory); a refused name uses up no id.
 */
static void test_register_pool_names(void **state)
{
	char name[CLEANCACHE_POOL_NAME_LEN + 8];
	struct cleancache_stats s;

	assert_errno(cleancache_backend_register_pool(NULL), -EINVAL);
	assert_errno(cleancache_backend_register_pool(""), -EINVAL);
	assert_errno(cleancache_backend_register_pool("a/b"), -EINVAL);
	memset(name, 'n', sizeof(name));
	name[CLEANCACHE_POOL_NAME_LEN] = '\0';
	assert_errno(cleancache_backend_register_pool(name), -ENAMETOOLONG);
	name[CLEANCACHE_POOL_NAME_LEN + 7] = '\0';
	assert_errno(cleancache_backend_register_pool(name), -ENAMETOOLONG);
	CHECK_CC();
	cc_stats(&s);
	assert_int_equal(s.nr_pools, 0);

	name[CLEANCACHE_POOL_NAME_LEN - 1] = '\0';
	assert_errno(cleancache_backend_register_pool(name), 0);
	assert_errno(cleancache_backend_register_pool("x"), 1);
	CHECK_CC();
	cc_stats(&s);
	assert_int_equal(s.nr_pools, 2);
	assert_string_equal(s.pools[0].name, name);
	assert_string_equal(s.pools[1].name, "x");
	for (int i = 0; i < 2; i++) {
		assert_int_equal(s.pools[i].size, 0);
		assert_int_equal(s.pools[i].cached, 0);
		assert_int_equal(s.pools[i].recalled, 0);
	}

	/*
	 * A name in use is -EEXIST and uses up no id: two pools would share
	 * one stats directory (v2's sysfs only warns and registers it).
	 * This used to return 2.
	 */
	assert_errno(cleancache_backend_register_pool("x"), -EEXIST);
	assert_errno(cleancache_backend_register_pool(name), -EEXIST);
	assert_errno(cleancache_backend_register_pool("X"), 2);
	CHECK_CC();
	cc_stats(&s);
	assert_int_equal(s.nr_pools, 3);
}

/* Ids are dense from 0; the 65th pool is refused with -ENOMEM. */
static void test_register_pool_limit(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache_stats s;
	char name[CLEANCACHE_POOL_NAME_LEN];

	for (int i = 0; i < CLEANCACHE_MAX_POOLS; i++) {
		snprintf(name, sizeof(name), "pool%02d", i);
		assert_errno(cleancache_backend_register_pool(name), i);
	}
	CHECK_CC();
	assert_errno(cleancache_backend_register_pool("one-too-many"),
		     -ENOMEM);
	assert_errno(cleancache_backend_register_pool("again"), -ENOMEM);
	CHECK_CC();
	cc_stats(&s);
	assert_int_equal(s.nr_pools, CLEANCACHE_MAX_POOLS);
	for (int i = 0; i < CLEANCACHE_MAX_POOLS; i++) {
		snprintf(name, sizeof(name), "pool%02d", i);
		assert_string_equal(s.pools[i].name, name);
	}

	/* The last pool works; there is no pool 64. */
	cc_donate(t, CLEANCACHE_MAX_POOLS - 1, 0);
	cc_own(t, 1);
	assert_errno(cleancache_backend_put_folio(CLEANCACHE_MAX_POOLS,
						  cc_donor(t, 1)), -EINVAL);
	CC_EXPECT_POOL(CLEANCACHE_MAX_POOLS - 1, 1, 0, 0);
	cc_take(t, 0);
	CC_EXPECT_POOL(CLEANCACHE_MAX_POOLS - 1, 0, 0, 0);
}

/* ---- put_folio ------------------------------------------------------ */

/* A folio someone still holds (refcount != 0) is refused, unchanged. */
static void test_put_folio_refcounted(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	struct folio *d0 = cc_donor(t, 0), *d1;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	struct folio saved;

	cc_stats(&s);
	/* Still reserved by memblock, refcount 1. */
	saved = *d0;
	assert_errno(cleancache_backend_put_folio(pool, d0), -EINVAL);
	ASSERT_DESC_UNCHANGED(d0, saved);
	/* A page of system memory, refcount 1, then 2. */
	page->mapping = t->inode[0].i_mapping;
	page->index = 77;
	saved = *page;
	assert_errno(cleancache_backend_put_folio(pool, page), -EINVAL);
	ASSERT_DESC_UNCHANGED(page, saved);
	folio_get(page);
	saved = *page;
	assert_errno(cleancache_backend_put_folio(pool, page), -EINVAL);
	ASSERT_DESC_UNCHANGED(page, saved);
	folio_put(page);
	assert_int_equal(folio_ref_count(page), 1);
	/* Taken over but not frozen. */
	d1 = cc_own(t, 1);
	folio_ref_unfreeze(d1, 1);
	saved = *d1;
	assert_errno(cleancache_backend_put_folio(pool, d1), -EINVAL);
	ASSERT_DESC_UNCHANGED(d1, saved);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 0, 0, 0);

	/* Frozen, it goes in. */
	assert_true(folio_ref_freeze(d1, 1));
	assert_errno(cleancache_backend_put_folio(pool, d1), 0);
	cc_mark_donated(t, 1, pool);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 1, 0, 0);
}

/*
 * A large folio is a bug (VM_BUG_ON in the kernel):
 *
 *   960 962 964
 *   |d0 d1| L  |   L: order 1 at pfn 962, refcount 0
 *
 * Expect put_folio(L) to fail with one violation and donate nothing, and
 * put_folios() of [d0, L, d1] to donate d0 and d1, leave L on the list
 * and return -EINVAL, with one violation.
 */
static void test_put_folio_large(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *large = cc_make_large(t, 2, 1, 0);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	assert_int_equal(folio_pfn(large), CARVE + 2);
	assert_true(cleancache_backend_put_folio(pool, large) < 0);
	test_expect_violations(t->m, 1);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 0, 0, 0);
	assert_int_equal(folio_ref_count(large), 0);
	assert_true(folio_test_large(large));

	/* In a list: the large one stays with the caller, the rest go. */
	{
		LIST_HEAD(folios);

		list_add_tail(&cc_own(t, 0)->lru, &folios);
		list_add_tail(&large->lru, &folios);
		list_add_tail(&cc_own(t, 1)->lru, &folios);
		assert_errno(cleancache_backend_put_folios(pool, &folios),
			     -EINVAL);
		test_expect_violations(t->m, 1);
		assert_true(list_is_singular(&folios));
		assert_ptr_equal(list_first_entry(&folios, struct folio, lru),
				 large);
		cc_mark_donated(t, 0, pool);
		cc_mark_donated(t, 1, pool);
		CC_EXPECT(&s);
		CC_EXPECT_POOL(pool, 2, 0, 0);
	}
	cc_unmake_large(t, large);
}

/* A pool id that is not a registered pool's is refused. */
static void test_put_folio_bad_pool(void **state)
{
	static const int bad[] = {
		-1, 1, 2, CLEANCACHE_MAX_POOLS - 1, CLEANCACHE_MAX_POOLS,
		INT_MAX, INT_MIN,
	};
	struct cc_test *t = cc(state);
	struct folio *folio = cc_own(t, 0), *other = cc_own(t, 1);
	struct cleancache_stats s;
	LIST_HEAD(folios);
	int pool = cc_pool("p", 0);

	struct folio saved;

	cc_stats(&s);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		saved = *folio;
		assert_errno(cleancache_backend_put_folio(bad[i], folio),
			     -EINVAL);
		ASSERT_DESC_UNCHANGED(folio, saved);
		list_add(&folio->lru, &folios);
		list_add(&other->lru, &folios);
		assert_errno(cleancache_backend_put_folios(bad[i], &folios),
			     -EINVAL);
		/* Both stay on the caller's list, in order. */
		assert_int_equal(list_count_nodes(&folios), 2);
		assert_ptr_equal(list_first_entry(&folios, struct folio, lru),
				 other);
		assert_ptr_equal(list_last_entry(&folios, struct folio, lru),
				 folio);
		INIT_LIST_HEAD(&folios);
		assert_int_equal(folio_ref_count(folio), 0);
		CHECK_CC();
	}
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 0, 0, 0);

	assert_errno(cleancache_backend_put_folio(pool, NULL), -EINVAL);
	assert_errno(cleancache_backend_put_folios(pool, NULL), -EINVAL);
	/* An empty list is all good. */
	assert_errno(cleancache_backend_put_folios(pool, &folios), 0);
	CC_EXPECT_POOL(pool, 0, 0, 0);

	assert_errno(cleancache_backend_put_folio(pool, folio), 0);
	cc_mark_donated(t, 0, pool);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 1, 0, 0);
}

/*
 * A folio already in cleancache, free or cached, cannot be donated again,
 * to its pool or another; once taken back, it can.
 */
static void test_put_folio_already_donated(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct inode *inode = &t->inode[0];
	struct folio *d0, *d1;
	struct cleancache_stats s;
	int p0 = cc_pool("p0", 0);
	int p1 = cc_pool("p1", 1);

	struct folio saved;

	cc_stats(&s);
	d0 = cc_donate(t, p0, 0);
	d1 = cc_donate(t, p0, 1);
	/* Free, and poisoned in data mode: nobody may touch it. */
	assert_true(sim_page_poisoned(t->m, folio_pfn(d0)));
	saved = *d0;
	assert_errno(cleancache_backend_put_folio(p0, d0), -EINVAL);
	assert_errno(cleancache_backend_put_folio(p1, d0), -EINVAL);
	ASSERT_DESC_UNCHANGED(d0, saved);
	CHECK_CC();
	CC_EXPECT_POOL(p0, 2, 0, 0);
	CC_EXPECT_POOL(p1, 0, 0, 0);

	/* Cached: the first store takes the pool tail, d0. */
	assert_true(cc_store_tag(t, inode, page, 0, tag(0, 0, 0)));
	CC_EXPECT(&s, .stored = 1);
	saved = *d0;
	assert_errno(cleancache_backend_put_folio(p0, d0), -EINVAL);
	assert_errno(cleancache_backend_put_folio(p1, d0), -EINVAL);
	ASSERT_DESC_UNCHANGED(d0, saved);
	assert_errno(cleancache_backend_put_folio(p0, d1), -EINVAL);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(p0, 2, 1, 0);
	CC_EXPECT_POOL(p1, 0, 0, 0);
	CC_RESTORE_HIT(t, inode, aux, 0, tag(0, 0, 0));
	CC_EXPECT(&s, .restored = 1);

	/* Taken back, it may go to any pool. */
	cc_take(t, 0);
	CC_EXPECT(&s, .recalled = 1);
	assert_errno(cleancache_backend_put_folio(p1, d0), 0);
	cc_mark_donated(t, 0, p1);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(p0, 1, 0, 1);
	CC_EXPECT_POOL(p1, 1, 0, 0);
}

/* ---- put_folios ----------------------------------------------------- */

/* All folios at refcount 0: 0, the list empties, the pool grows. */
static void test_put_folios_all_good(void **state)
{
	struct cc_test *t = cc(state);
	LIST_HEAD(folios);
	int pool = cc_pool("p", 0);

	for (unsigned long i = 0; i < 8; i++)
		list_add_tail(&cc_own(t, i)->lru, &folios);
	assert_errno(cleancache_backend_put_folios(pool, &folios), 0);
	assert_true(list_empty(&folios));
	for (unsigned long i = 0; i < 8; i++)
		cc_mark_donated(t, i, pool);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 8, 0, 0);
	for (unsigned long i = 0; i < 8; i++)
		cc_take(t, i);
	CC_EXPECT_POOL(pool, 0, 0, 0);
}

/*
 *   960                      968
 *   |d0 d1 d2 d3 d4 d5 d6 d7 |   d1, d4, d6 still at refcount 1
 *
 * Expect -EINVAL, exactly d1, d4, d6 left on the caller's list in their
 * order, and the other five donated.
 */
static void test_put_folios_mixed(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *left[3], *folio;
	LIST_HEAD(folios);
	int pool = cc_pool("p", 0);
	int n = 0;

	for (unsigned long i = 0; i < 8; i++) {
		folio = cc_own(t, i);
		if (i == 1 || i == 4 || i == 6) {
			folio_ref_unfreeze(folio, 1);
			left[n++] = folio;
		}
		list_add_tail(&folio->lru, &folios);
	}
	assert_errno(cleancache_backend_put_folios(pool, &folios), -EINVAL);
	CHECK_CC();
	assert_int_equal(list_count_nodes(&folios), 3);
	n = 0;
	list_for_each_entry(folio, &folios, lru) {
		assert_ptr_equal(folio, left[n]);
		assert_int_equal(folio_ref_count(folio), 1);
		n++;
	}
	for (unsigned long i = 0; i < 8; i++)
		if (i != 1 && i != 4 && i != 6)
			cc_mark_donated(t, i, pool);
	CC_EXPECT_POOL(pool, 5, 0, 0);

	/* Nothing good left: still -EINVAL, the list unchanged. */
	assert_errno(cleancache_backend_put_folios(pool, &folios), -EINVAL);
	assert_int_equal(list_count_nodes(&folios), 3);
	CC_EXPECT_POOL(pool, 5, 0, 0);

	list_for_each_entry(folio, &folios, lru)
		assert_true(folio_ref_freeze(folio, 1));
	assert_errno(cleancache_backend_put_folios(pool, &folios), 0);
	assert_true(list_empty(&folios));
	cc_mark_donated(t, 1, pool);
	cc_mark_donated(t, 4, pool);
	cc_mark_donated(t, 6, pool);
	CHECK_CC();
	CC_EXPECT_POOL(pool, 8, 0, 0);
}

/*
 * Donations go to the head of the pool's list; stores take the tail.
 *
 *   960 961 962 963 964
 *   |d0 |d1 |d2 |d3 |d4 |
 *
 * put_folio(d0), put_folio(d1), put_folios() of a list made with
 * list_add(d2), list_add(d3) (which reverses it, as for GCMA), then
 * put_folio(d4): the pool list is d4 d2 d3 d1 d0 from head to tail.
 *
 * Expect five stores E1..E5 to land in d0, d1, d3, d2, d4.
 */
static void test_pool_list_order(void **state)
{
	static const unsigned long where[] = { 0, 1, 3, 2, 4 };
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[0];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	LIST_HEAD(folios);
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate(t, pool, 0);
	cc_donate(t, pool, 1);
	list_add(&cc_own(t, 2)->lru, &folios);
	list_add(&cc_own(t, 3)->lru, &folios);
	assert_errno(cleancache_backend_put_folios(pool, &folios), 0);
	cc_mark_donated(t, 2, pool);
	cc_mark_donated(t, 3, pool);
	cc_donate(t, pool, 4);
	CC_EXPECT_POOL(pool, 5, 0, 0);

	for (unsigned long k = 0; k < 5; k++)
		assert_true(cc_store_tag(t, inode, page, k, tag(0, k, 0)));
	CC_EXPECT(&s, .stored = 5);

	for (unsigned long k = 0; k < 5; k++) {
		cc_take(t, where[k]);
		CC_EXPECT(&s, .recalled = 1);
		CC_RESTORE_MISS(t, inode, aux, k);
		for (unsigned long j = k + 1; j < 5; j++)
			CC_RESTORE_HIT(t, inode, aux, j, tag(0, j, 0));
		CC_EXPECT(&s, .missed = 1, .restored = 4 - k);
	}
}

/* ---- get_folio ------------------------------------------------------ */

/*
 *   960       964
 *   |d0 .. d3  |   GCMA-style: the pool list runs d0 (head) .. d3 (tail)
 *
 * Expect get_folio() of a free d1 to return it at refcount 0, shrink the
 * pool, recall nothing; stores then use d3, d2, d0; a second get of d1 is
 * -EINVAL.
 */
static void test_get_folio_free(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[1];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct folio *d1 = cc_donor(t, 1);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 4);
	cc_take(t, 1);
	assert_int_equal(folio_ref_count(d1), 0);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(pool, 3, 0, 0);
	assert_errno(cleancache_backend_get_folio(pool, d1), -EINVAL);
	CC_EXPECT(&s);

	for (unsigned long k = 0; k < 3; k++)
		assert_true(cc_store_tag(t, inode, page, k, tag(1, k, 0)));
	CC_EXPECT(&s, .stored = 3);
	CC_EXPECT_POOL(pool, 3, 3, 0);
	/* The pool is empty: the fourth store evicts rather than use d1. */
	assert_true(cc_store_tag(t, inode, page, 3, tag(1, 3, 0)));
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	assert_errno(cleancache_backend_get_folio(pool, d1), -EINVAL);
	CC_EXPECT_POOL(pool, 3, 3, 0);

	/* Entry 3 reused entry 0's d3; entry 1 is in d2, entry 2 in d0. */
	cc_take(t, 3);
	CC_RESTORE_MISS(t, inode, aux, 3);
	cc_take(t, 2);
	CC_RESTORE_MISS(t, inode, aux, 1);
	cc_take(t, 0);
	CC_RESTORE_MISS(t, inode, aux, 2);
	CC_EXPECT(&s, .recalled = 3, .missed = 3);
	CC_EXPECT_POOL(pool, 0, 0, 3);
}

/*
 *   960 962
 *   |d0 d1|   A (inode 2, alone) in d1, B (inode 3) in d0
 *
 * Expect get_folio() of d1 to drop A (restore misses, inode 2 is gone),
 * count a recall globally and for the pool, and leave B alone.
 */
static void test_get_folio_cached(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *a = &t->inode[2], *b = &t->inode[3];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 2);
	assert_true(cc_store_tag(t, a, page, 4, tag(2, 4, 0)));
	assert_true(cc_store_tag(t, b, page, 5, tag(3, 5, 0)));
	CC_EXPECT(&s, .stored = 2);
	CC_EXPECT_POOL(pool, 2, 2, 0);

	cc_take(t, 1);
	CC_EXPECT(&s, .recalled = 1);
	CC_EXPECT_POOL(pool, 1, 1, 1);
	CC_RESTORE_MISS(t, a, aux, 4);
	CC_EXPECT(&s, .missed = 1);
	assert_null(cleancache_start_inode_walk(a, 2));
	CC_EXPECT(&s, .missed = 2);
	CC_RESTORE_HIT(t, b, aux, 5, tag(3, 5, 0));
	CC_EXPECT(&s, .restored = 1);
	assert_errno(cleancache_backend_get_folio(pool, cc_donor(t, 1)),
		     -EINVAL);
	CC_EXPECT(&s);

	/* A store into inode 2 creates it again, evicting B from d0. */
	assert_true(cc_store_tag(t, a, page, 4, tag(2, 4, 1)));
	CC_EXPECT(&s, .stored = 1, .reclaimed = 1);
	CC_RESTORE_HIT(t, a, aux, 4, tag(2, 4, 1));
	CC_RESTORE_MISS(t, b, aux, 5);
	CC_EXPECT(&s, .restored = 1, .missed = 1);
	cc_take(t, 0);
	CC_EXPECT(&s, .recalled = 1);
	CC_EXPECT_POOL(pool, 0, 0, 2);
}

/*
 * Only the pool a folio was donated to may take it back:
 *
 *   960
 *   |d0|   donated to pool 1 ("second")
 *
 * Expect -EINVAL from pool 0, unregistered ids and out-of-range ids, free
 * or cached, with nothing changed; then 0 from pool 1.
 */
static void test_get_folio_wrong_pool(void **state)
{
	static const int bad[] = {
		0, -1, 2, CLEANCACHE_MAX_POOLS - 1, CLEANCACHE_MAX_POOLS,
		INT_MAX, INT_MIN,
	};
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[0];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct folio *d0;
	struct cleancache_stats s;
	int p1;

	cc_pool("first", 0);
	p1 = cc_pool("second", 1);
	cc_stats(&s);
	d0 = cc_donate(t, p1, 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_errno(cleancache_backend_get_folio(bad[i], d0), -EINVAL);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(p1, 1, 0, 0);

	assert_true(cc_store_tag(t, inode, page, 0, tag(0, 0, 0)));
	CC_EXPECT(&s, .stored = 1);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_errno(cleancache_backend_get_folio(bad[i], d0), -EINVAL);
	CC_EXPECT(&s);
	CC_EXPECT_POOL(p1, 1, 1, 0);
	CC_EXPECT_POOL(0, 0, 0, 0);
	CC_RESTORE_HIT(t, inode, aux, 0, tag(0, 0, 0));
	CC_EXPECT(&s, .restored = 1);

	cc_take(t, 0);
	CC_EXPECT(&s, .recalled = 1);
	CC_EXPECT_POOL(p1, 0, 0, 1);
}

/*
 * Folios never donated are no pool's, whatever their fields say: a
 * frozen carve-out page, a reserved one, and a page of system memory.
 */
static void test_get_folio_never_donated(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	struct folio *frozen = cc_own(t, 5), *reserved = cc_donor(t, 6);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	assert_errno(cleancache_backend_get_folio(pool, frozen), -EINVAL);
	assert_errno(cleancache_backend_get_folio(pool, reserved), -EINVAL);
	assert_errno(cleancache_backend_get_folio(pool, page), -EINVAL);
	assert_errno(cleancache_backend_get_folio(pool, NULL), -EINVAL);
	CC_EXPECT(&s);
	assert_int_equal(folio_ref_count(frozen), 0);
	assert_int_equal(folio_ref_count(reserved), 1);
	assert_int_equal(folio_ref_count(page), 1);
	CC_EXPECT_POOL(pool, 0, 0, 0);

	/* Nor is a folio taken back from cleancache. */
	cc_donate(t, pool, 5);
	cc_take(t, 5);
	assert_errno(cleancache_backend_get_folio(pool, frozen), -EINVAL);
	CC_EXPECT(&s);
}

/*
 *   960 962 964
 *   |   | L  |   L: order 1 at pfn 962
 *
 * Expect get_folio() of a large folio to be -EOPNOTSUPP, not a violation.
 */
static void test_get_folio_large(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *large = cc_make_large(t, 2, 1, 0);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_stats(&s);
	assert_errno(cleancache_backend_get_folio(pool, large), -EOPNOTSUPP);
	CC_EXPECT(&s);
	assert_int_equal(folio_ref_count(large), 0);
	cc_unmake_large(t, large);
}

/* ---- the guarantee -------------------------------------------------- */

/*
 * Build a cache with folios in every state the frontend can leave them
 * in, then take every donated folio back in a seeded random order: each
 * get_folio() must succeed.
 *
 *   960              976      984
 *   |d0 ......... d15 |d16..d23|
 *     pool 0 "a"        pool 1 "b"
 *
 * The state: 20 entries over inodes 0..4 (pool 0, then pool 1), two of
 * them overwritten, one invalidated, one dropped by a non-workingset
 * store, two of a second filesystem that is then removed, d8 taken back
 * and donated again, a readahead walk of inode 4 in progress, and ten
 * more stores into inode 5 that exhaust the pools and evict.
 *
 * Expect all 24 folios cached, then every get_folio() to return 0 at
 * refcount 0, recalling exactly those 24 entries, and the pools empty.
 */
static void guarantee_round(struct cc_test *t, struct folio *page,
			    struct folio *aux, uint64_t seed)
{
	struct super_block sb2;
	struct inode other;
	struct cleancache_inode *walk;
	struct cleancache_stats s, before;
	unsigned long order[24];
	uint64_t rng = seed;

	memset(&sb2, 0, sizeof(sb2));
	sb2.cleancache_id = CLEANCACHE_ID_INVALID;
	assert_errno(cleancache_add_fs(&sb2), 0);
	cc_inode_init(&other, &sb2, 0);
	cc_stats(&s);
	cc_donate_gcma(t, 0, 0, 16);
	cc_donate_gcma(t, 1, 16, 8);

	for (unsigned long k = 0; k < 20; k++)
		assert_true(cc_store_tag(t, &t->inode[k % 5], page, k / 5,
					 tag(k % 5, k / 5, 0)));
	CC_EXPECT(&s, .stored = 20);
	CC_EXPECT_POOL(0, 16, 16, 0 + s.pools[0].recalled);
	assert_true(cc_store_tag(t, &t->inode[0], page, 0, tag(0, 0, 1)));
	assert_true(cc_store_tag(t, &t->inode[2], page, 1, tag(2, 1, 1)));
	CC_EXPECT(&s);
	assert_true(cc_invalidate(&t->inode[1], page, 0));
	CC_EXPECT(&s, .invalidated = 1);
	assert_false(cc_store(&t->inode[3], page, 0, false));
	CC_EXPECT(&s, .skipped = 1, .reclaimed = 1);
	assert_true(cc_store_tag(t, &other, page, 0, tag(9, 0, 0)));
	assert_true(cc_store_tag(t, &other, page, 1, tag(9, 1, 0)));
	CC_EXPECT(&s, .stored = 2);
	cleancache_remove_fs(&sb2);
	CC_EXPECT(&s, .invalidated = 2);
	cc_take(t, 8);
	cc_donate(t, 0, 8);
	CC_EXPECT(&s, .any = CC_ANY_RECALLED);

	walk = cleancache_start_inode_walk(&t->inode[4], 4);
	assert_false(IS_ERR_OR_NULL(walk));
	CHECK_CC();
	for (unsigned long k = 0; k < 10; k++)
		assert_true(cc_store_tag(t, &t->inode[5], page, k,
					 tag(5, k, 0)));
	CC_EXPECT(&s, .stored = 10, .any = CC_ANY_RECLAIMED);
	assert_true(s.reclaimed > 1);
	assert_int_equal(s.cached, 24);

	/* Take everything back, in a random order. */
	for (unsigned long i = 0; i < 24; i++)
		order[i] = i;
	for (unsigned long i = 23; i > 0; i--) {
		unsigned long j = test_prng(&rng) % (i + 1), tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	before = s;
	for (unsigned long i = 0; i < 24; i++) {
		struct cleancache_stats prev = s;

		cc_take(t, order[i]);
		CC_EXPECT(&s, .any = CC_ANY_RECALLED);
		assert_true(s.recalled - prev.recalled <= 1);
	}
	assert_int_equal(s.recalled - before.recalled, 24);
	assert_int_equal(s.cached, 0);
	for (int p = 0; p < 2; p++) {
		assert_int_equal(s.pools[p].size, 0);
		assert_int_equal(s.pools[p].cached, 0);
	}

	/* The walk's inode has nothing left; ending the walk frees it. */
	aux->mapping = t->inode[4].i_mapping;
	aux->index = 0;
	cc_fill(t, aux, CC_SCRIBBLE);
	assert_false(cleancache_restore_from_inode(walk, aux));
	cleancache_end_inode_walk(walk);
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
	for (unsigned long i = 0; i < 6; i++)
		for (pgoff_t k = 0; k < 10; k++)
			CC_RESTORE_MISS(t, &t->inode[i], aux, k);
	CC_EXPECT(&s, .any = CC_ANY_MISSED);
}

static void test_get_folio_guarantee(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);

	cc_pool("a", 0);
	cc_pool("b", 1);
	for (uint64_t seed = 1; seed <= 4; seed++)
		guarantee_round(t, page, aux, seed);
}

/*
 * Donors cycle: take a random donated folio back and donate it again
 * between stores, restores and invalidations, 200 times; every restore
 * that hits returns what was stored last at that place.
 */
static void test_get_put_cycle(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	uint32_t model[3][8];
	struct cleancache_stats s;
	uint64_t rng = 42;
	int pool = cc_pool("p", 0);

	memset(model, 0, sizeof(model));
	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, 12);
	for (unsigned int step = 0; step < 200; step++) {
		unsigned long ino = test_prng(&rng) % 3;
		pgoff_t k = test_prng(&rng) % 8;
		unsigned long d = test_prng(&rng) % 12;
		struct inode *inode = &t->inode[ino];

		switch (test_prng(&rng) % 4) {
		case 0:
		case 1:
			model[ino][k] = tag(ino, k, step);
			if (!cc_store_tag(t, inode, page, k, model[ino][k]))
				fail_msg("step %u: store failed", step);
			break;
		case 2:
			cc_invalidate(inode, page, k);
			model[ino][k] = 0;
			break;
		case 3:
			cc_take(t, d);
			cc_donate(t, pool, d);
			break;
		}
		CHECK_CC();
		/* Anything may have been evicted or recalled, never changed. */
		for (unsigned long i = 0; i < 3; i++) {
			for (pgoff_t j = 0; j < 8; j++) {
				bool hit = cc_restore(t, &t->inode[i], aux, j);

				if (hit && (!model[i][j] ||
					    !cc_holds(t, aux, model[i][j])))
					fail_msg("step %u: ino %lu index %lu restored wrong data",
						 step, i, (unsigned long)j);
				if (!hit)
					model[i][j] = 0;
			}
		}
		CC_EXPECT(&s, .any = CC_ANY_ALL);
	}
	CC_EXPECT_POOL(pool, 12, s.cached, s.pools[0].recalled);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn)	cmocka_unit_test_setup_teardown(fn, backend_setup, cc_teardown)
		T(test_register_pool_names),
		T(test_register_pool_limit),
		T(test_put_folio_refcounted),
		T(test_put_folio_large),
		T(test_put_folio_bad_pool),
		T(test_put_folio_already_donated),
		T(test_put_folios_all_good),
		T(test_put_folios_mixed),
		T(test_pool_list_order),
		T(test_get_folio_free),
		T(test_get_folio_cached),
		T(test_get_folio_wrong_pool),
		T(test_get_folio_never_donated),
		T(test_get_folio_large),
		T(test_get_folio_guarantee),
		T(test_get_put_cycle),
#undef T
	};

	return cmocka_run_group_tests_name("cleancache_backend", tests,
					   NULL, NULL);
}

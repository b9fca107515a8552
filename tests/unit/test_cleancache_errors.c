// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The documented error returns of cleancache that the other
 * test_cleancache_* programs do not reach: every entry point from a
 * thread attached to no machine, the owner (frontswap-like) index calls
 * with bad arguments, a folio asked back from the wrong pool, a range
 * with a large folio in it, the owned-range donation of a range that is
 * not the donor's, the statistics written to a stream that fails, and a
 * machine destroyed while a filesystem still holds cached entries. A refused call changes nothing (CHECK_CC and
 * the pool figures after each).
 *
 * The cleancache fixture, metadata only: a 1024-page machine whose top
 * 64 pages are a carve-out the tests donate from.
 */
#include "cc_test.h"
#include "check_test.h"
#include "mm/cleancache_internal.h"

/*
 * Unattached, every call refuses: -ENXIO for the int ones, false, NULL
 * or ERR_PTR(-EINVAL) for the others, and nothing is touched.
 */
static void test_unattached(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *f = cc_page(t);
	struct inode *inode = &t->inode[1];
	struct cleancache_stats s;
	struct super_block sb = { .cleancache_id = 5 };
	LIST_HEAD(folios);

	assert_errno(sim_thread_detach(), 0);
	assert_errno(cleancache_add_fs(&sb), -ENXIO);
	assert_int_equal(sb.cleancache_id, CLEANCACHE_ID_INVALID);
	assert_errno(cleancache_add_fs(NULL), -ENXIO);
	cleancache_remove_fs(&t->sb);
	assert_false(cleancache_store_folio(inode, f));
	assert_false(cleancache_restore_folio(inode, f));
	assert_false(cleancache_invalidate_folio(inode, f));
	assert_false(cleancache_invalidate_inode(inode));
	assert_ptr_equal(cleancache_start_inode_walk(inode, 1),
			 ERR_PTR(-EINVAL));
	assert_false(cleancache_store_index(inode, 0, f));
	assert_false(cleancache_restore_index(inode, 0, f));
	assert_false(cleancache_invalidate_index(inode, 0));
	assert_errno(cleancache_backend_register_pool("x"), -ENXIO);
	assert_errno(cleancache_backend_get_folio(0, f), -ENXIO);
	assert_errno(cleancache_backend_put_folio(0, f), -ENXIO);
	assert_errno(cleancache_backend_put_folios(0, &folios), -ENXIO);
	assert_errno(cleancache_backend_get_range(0, t->carve_pfn, 1), -ENXIO);
	assert_errno(cleancache_backend_put_range(0, t->carve_pfn, 1), -ENXIO);
	assert_errno(cleancache_backend_put_owned_range(0, t->carve_pfn, 1),
		     -ENXIO);
	assert_errno(cleancache_backend_put_linked(0, t->carve_pfn, 1),
		     -ENXIO);
	assert_errno(cleancache_stats_get(&s), -ENXIO);
	assert_errno(cleancache_pool_stats_get(0, &s.pools[0]), -ENXIO);
	assert_errno(cleancache_stats_show(stdout), -ENXIO);
	assert_errno(sim_thread_attach(t->m), 0);

	/* The fixture's fs is still registered, nothing was counted. */
	assert_true(t->sb.cleancache_id >= 0);
	cc_stats(&s);
	assert_int_equal(s.nr_pools, 0);
	assert_int_equal(s.stored + s.skipped + s.restored + s.missed, 0);
	assert_int_equal(s.invalidated, 0);
	CHECK_CC();
}

/*
 * A superblock registered twice: the second add_fs() is refused with
 * -EEXIST and the id stays, so removal still drops every entry. A new
 * superblock that happens to hold a registered id (a zeroed one holds
 * 0, as alloc_super() leaves it) is registered as usual.
 */
static void test_add_fs_twice(void **state)
{
	struct cc_test *t = cc(state);
	int id = t->sb.cleancache_id;
	struct super_block fresh = { 0 };
	struct cleancache_stats s;

	cc_pool("p", 0);
	cc_donate(t, 0, 0);
	assert_true(cc_store(&t->inode[1], cc_page(t), 3, true));
	assert_errno(cleancache_add_fs(&t->sb), -EEXIST);
	assert_int_equal(t->sb.cleancache_id, id);
	CHECK_CC();

	fresh.cleancache_id = id;
	assert_errno(cleancache_add_fs(&fresh), 0);
	assert_int_not_equal(fresh.cleancache_id, id);
	cleancache_remove_fs(&fresh);

	/* Unmount: the entry goes with the one registration. */
	cleancache_remove_fs(&t->sb);
	cc_stats(&s);
	assert_int_equal(s.cached, 0);
	assert_int_equal(s.invalidated, 1);
	CHECK_CC();
}

/* The owner's index calls: NULL or large folios, an inode with no sb. */
static void test_owned_index_args(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *f = cc_page(t), *large;
	struct inode *inode = &t->inode[1], orphan;
	struct cleancache_stats snap;

	cc_pool("p", 0);
	cc_donate(t, 0, 0);
	cc_stats(&snap);
	cc_inode_init(&orphan, NULL, 9);
	large = cc_make_large(t, 8, 3, 1);

	assert_false(cleancache_store_index(NULL, 0, f));
	assert_false(cleancache_store_index(inode, 0, NULL));
	assert_false(cleancache_store_index(inode, 0, large));
	assert_false(cleancache_restore_index(NULL, 0, f));
	assert_false(cleancache_restore_index(inode, 0, NULL));
	assert_false(cleancache_restore_index(inode, 0, large));
	assert_false(cleancache_restore_index(&orphan, 0, f));
	assert_false(cleancache_invalidate_index(NULL, 0));
	assert_false(cleancache_invalidate_index(&orphan, 0));
	CC_EXPECT(&snap, 0);

	/* No superblock: no fs, so the store is skipped (counted). */
	assert_false(cleancache_store_index(&orphan, 0, f));
	CC_EXPECT(&snap, .skipped = 1);
	CC_EXPECT_POOL(0, 1, 0, 0);
	cc_unmake_large(t, large);
}

/* get_folio() names the pool: a folio of another pool stays where it is. */
static void test_get_folio_wrong_pool(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *f;

	cc_pool("a", 0);
	cc_pool("b", 1);
	f = cc_donate(t, 0, 0);
	assert_errno(cleancache_backend_get_folio(1, f), -EINVAL);
	assert_int_equal(folio_cc_pool_id(f), 0);
	assert_int_equal(folio_cc_state(f), CC_FOLIO_FREE);
	CC_EXPECT_POOL(0, 1, 0, 0);
	CC_EXPECT_POOL(1, 0, 0, 0);
	CHECK_CC();
}

/* A range holding a large folio: -EOPNOTSUPP, the donated part stays. */
static void test_get_range_large(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *large;

	cc_pool("p", 0);
	cc_donate_gcma(t, 0, 0, 8);
	large = cc_make_large(t, 8, 3, 1);
	assert_errno(cleancache_backend_get_range(0, t->carve_pfn + 4, 8),
		     -EOPNOTSUPP);
	assert_errno(cleancache_backend_get_range(0, t->carve_pfn + 8, 1),
		     -EOPNOTSUPP);
	CC_EXPECT_POOL(0, 8, 0, 0);
	CHECK_CC();
	cc_unmake_large(t, large);
}

/*
 * cleancache_backend_put_owned_range() trusts its caller to own the range;
 * a folio that is not donatable (here: still reserved, refcount 1) is a
 * WARN, and the folios already made ready are put back as they were.
 */
static void test_owned_range_not_owned(void **state)
{
	struct cc_test *t = cc(state);
	unsigned long pfn = t->carve_pfn;

	cc_pool("p", 0);
	cc_own(t, 0);
	cc_own(t, 1);
	assert_errno(cleancache_backend_put_owned_range(1, pfn, 3), -EINVAL);
	assert_errno(cleancache_backend_put_owned_range(0, pfn, 0), -EINVAL);
	assert_errno(cleancache_backend_put_owned_range(0, pfn, 3), -EINVAL);
	CHECK_DETECTS(0, 0, "WARN", "is not the donor's to give");
	for (unsigned long i = 0; i < 3; i++) {
		assert_null(cc_donor(t, i)->private);
		assert_int_equal(folio_cc_state(cc_donor(t, i)), CC_FOLIO_NONE);
	}
	CC_EXPECT_POOL(0, 0, 0, 0);

	/* put_linked() of a range nobody linked: a WARN, nothing moves. */
	assert_errno(cleancache_backend_put_linked(1, pfn, 2), -EINVAL);
	assert_errno(cleancache_backend_put_linked(0, pfn, 0), -EINVAL);
	assert_errno(cleancache_backend_put_linked(0, pfn, 2), -EINVAL);
	CHECK_DETECTS(0, 0, "WARN", "not ready for pool 0");
	CC_EXPECT_POOL(0, 0, 0, 0);
	CHECK_CC();

	/* The same two, owned, go in. */
	assert_errno(cleancache_backend_put_owned_range(0, pfn, 2), 0);
	cc_mark_donated(t, 0, 0);
	cc_mark_donated(t, 1, 0);
	CC_EXPECT_POOL(0, 2, 0, 0);
	CHECK_CC();
}

/* A stream that refuses writes: -EIO (after trying every line). */
static void test_stats_show_eio(void **state)
{
	FILE *ro = fopen("/dev/null", "r");

	cc_pool("p", 0);
	assert_non_null(ro);
	assert_errno(cleancache_stats_show(ro), -EIO);
	fclose(ro);
	assert_errno(cleancache_stats_show(NULL), -EINVAL);
	CHECK_CC();
}

/*
 * A machine destroyed with a filesystem still registered and entries
 * cached frees the fs, its inodes and their xarrays (the harness fails
 * the test on any kmalloc object left).
 */
static void test_destroy_with_fs(void **state)
{
	struct sim_machine *fixture = cc(state)->m;
	struct super_block sb = { .s_id = "left", .s_dev = 0xcd00 };
	struct test_machine tm;
	struct sim_machine *m;
	struct inode inode;
	struct folio *page;
	unsigned long carve;
	LIST_HEAD(folios);

	assert_errno(sim_thread_detach(), 0);
	m = test_machine_up(&tm, 128, 0, SIM_DATA_NONE);
	assert_errno(sim_memblock_alloc(m, 8, 8, "donor", &carve), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_errno(cleancache_backend_register_pool("p"), 0);
	for (unsigned long pfn = carve; pfn < carve + 8; pfn++) {
		struct folio *d = pfn_folio(pfn);

		folio_clear_reserved(d);
		assert_true(folio_ref_freeze(d, 1));
		list_add(&d->lru, &folios);
	}
	assert_errno(cleancache_backend_put_folios(0, &folios), 0);
	sb.cleancache_id = CLEANCACHE_ID_INVALID;
	assert_errno(cleancache_add_fs(&sb), 0);
	cc_inode_init(&inode, &sb, 3);
	page = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(page);
	assert_true(cc_store(&inode, page, 0, true));
	assert_true(cc_store(&inode, page, 1, true));
	page->mapping = NULL;
	folio_clear_workingset(page);
	folio_put(page);
	CHECK_CC();
	test_machine_down(&tm);
	assert_errno(sim_thread_attach(fixture), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, cc_setup_meta, cc_teardown)
		T(test_unattached),
		T(test_add_fs_twice),
		T(test_owned_index_args),
		T(test_get_folio_wrong_pool),
		T(test_get_range_large),
		T(test_owned_range_not_owned),
		T(test_stats_show_eio),
		T(test_destroy_with_fs),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

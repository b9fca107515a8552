// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The fail-nth loop (oom.h) over cleancache's public operations and GCMA
 * registration: add_fs, pool registration, area registration, stores
 * (a failure is benign: the page is not cached), restores through the
 * page cache, invalidation.
 *
 * A 1024-page machine with page data; a 64-page carve-out at the top,
 * its lower half a GCMA area "g" (the pool stores go to), its upper half
 * left reserved for the registration test:
 *
 *   0                                    960      992      1024
 *   |<---------- system memory --------->|  "g"   | spare  |
 *
 * One filesystem, inode 1 with pages 0..3 in cleancache, inode 2 with
 * nothing cached.
 */
#include <errno.h>
#include <stdlib.h>

#include <libgcma/libgcma.h>
#include "oom.h"

#define CARVE		960UL

struct oc {
	struct test_machine tm;
	struct sim_machine *m;
	struct super_block *sb;
	struct inode *inode[2];
	struct folio *folio;	/* locked, for a store */
	struct super_block fake;	/* for add_fs */
};

static struct oc *T(void **state)
{
	return *state;
}

/* Read page @index of @inode twice (workingset): a reference in *@out. */
static void read_twice(struct inode *inode, pgoff_t index,
		       struct folio **out)
{
	assert_errno(sim_page_cache_read(inode, index, NULL), 0);
	assert_errno(sim_page_cache_read(inode, index, out), 0);
}

static int setup(void **state)
{
	struct oc *t = calloc(1, sizeof(*t));
	unsigned long pfn;

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, 1024, 0, SIM_DATA_PAGES);
	assert_errno(sim_memblock_alloc(t->m, 64, 64, "carve", &pfn), 0);
	assert_int_equal(pfn, CARVE);
	assert_errno(sim_machine_boot_done(t->m), 0);
	assert_errno(gcma_register_area("g", CARVE, 32), 0);
	assert_errno(sim_fs_mount("disk", 256, &t->sb), 0);
	for (int i = 0; i < 2; i++)
		assert_errno(sim_inode_create(t->sb, i + 1, 64 * PAGE_SIZE,
					      &t->inode[i]), 0);
	for (pgoff_t i = 0; i < 4; i++) {
		struct folio *folio;

		read_twice(t->inode[0], i, &folio);
		folio_put(folio);
		assert_errno(sim_page_cache_evict(t->inode[0], i), 0);
	}
	t->fake.cleancache_id = CLEANCACHE_ID_INVALID;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct oc *t = *state;

	assert_errno(sim_fs_unmount(t->sb), 0);
	test_machine_down(&t->tm);
	free(t);
	return 0;
}

/* ---- operations --------------------------------------------------------- */

static int op_add_fs(void *arg)
{
	return cleancache_add_fs(arg);
}

static int op_register_pool(void *arg)
{
	int ret = cleancache_backend_register_pool(arg);

	return ret < 0 ? ret : 0;
}

static int op_register_area(void *arg)
{
	(void)arg;
	return gcma_register_area("spare", CARVE + 32, 32);
}

static int op_store(void *arg)
{
	struct oc *t = arg;

	return cleancache_store_folio(t->folio->mapping->host, t->folio) ?
	       0 : OOM_BENIGN;
}

static int op_read(void *arg)
{
	struct oc *t = arg;

	return sim_page_cache_read(t->inode[0], 0, NULL);
}

static int op_invalidate_inode(void *arg)
{
	return cleancache_invalidate_inode(arg) ? 0 : OOM_BENIGN;
}

/* Donate the 32 spare pages to pool @arg, as a list (put_folios). */
static int op_donate(void *arg)
{
	int pool = (int)(long)arg;
	LIST_HEAD(list);

	for (unsigned long pfn = CARVE + 32; pfn < CARVE + 64; pfn++)
		list_add_tail(&pfn_folio(pfn)->lru, &list);
	return cleancache_backend_put_folios(pool, &list);
}

static int op_take_back(void *arg)
{
	return cleancache_backend_get_range((int)(long)arg, CARVE + 32, 32);
}

static int op_remove_fs(void *arg)
{
	cleancache_remove_fs(arg);
	return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_add_fs(void **state)
{
	struct oc *t = T(state);

	oom_loop(t->m, op_add_fs, &t->fake, -ENOMEM);
	assert_true(t->fake.cleancache_id != CLEANCACHE_ID_INVALID);
	cleancache_remove_fs(&t->fake);
}

static void test_register_pool(void **state)
{
	oom_loop(T(state)->m, op_register_pool, "p2", -ENOMEM);
	assert_int_equal(gcma_nr_areas(), 1);
}

static void test_register_area(void **state)
{
	assert_true(oom_loop(T(state)->m, op_register_area, NULL, -ENOMEM) >=
		    1);
	assert_int_equal(gcma_nr_areas(), 2);
}

/*
 * A store that must make a cleancache inode (inode 2 has none), so its
 * second allocation is the xarray node of the entry. Regression: when
 * that one failed, the folio the store had taken from the tail of the
 * pool's free list went back to its head, so the next store and the
 * next GCMA allocation met another pfn than before the failed call.
 */
static void test_store_new_inode(void **state)
{
	struct oc *t = T(state);

	read_twice(t->inode[1], 5, &t->folio);
	__folio_set_locked(t->folio);
	assert_true(oom_loop(t->m, op_store, t, 0) >= 2);
	__folio_clear_locked(t->folio);
	folio_put(t->folio);
}

/* A store into inode 1's cleancache inode, far from its other entries. */
static void test_store_existing_inode(void **state)
{
	struct oc *t = T(state);

	read_twice(t->inode[0], 63, &t->folio);
	__folio_set_locked(t->folio);
	oom_loop(t->m, op_store, t, 0);
	__folio_clear_locked(t->folio);
	folio_put(t->folio);
}

/* A page-cache miss that cleancache serves (page 0 of inode 1). */
static void test_read_restores(void **state)
{
	struct cleancache_stats s;

	assert_true(oom_loop(T(state)->m, op_read, T(state), -ENOMEM) >= 1);
	assert_errno(cleancache_stats_get(&s), 0);
	assert_int_equal(s.restored, 1);
}

static void test_invalidate_inode(void **state)
{
	oom_loop(T(state)->m, op_invalidate_inode, T(state)->inode[0], 0);
}

/*
 * A backend's donation (a list) and take-back (a range) of the 32 spare
 * pages through a plain pool: no allocation on either path.
 */
static void test_donate_take_back(void **state)
{
	struct oc *t = T(state);
	int pool = cleancache_backend_register_pool("plain");

	assert_true(pool >= 0);
	for (unsigned long pfn = CARVE + 32; pfn < CARVE + 64; pfn++) {
		folio_clear_reserved(pfn_folio(pfn));
		assert_true(folio_ref_freeze(pfn_folio(pfn), 1));
	}
	oom_loop(t->m, op_donate, (void *)(long)pool, -ENOMEM);
	oom_loop(t->m, op_take_back, (void *)(long)pool, -ENOMEM);
	for (unsigned long pfn = CARVE + 32; pfn < CARVE + 64; pfn++) {
		folio_set_count(pfn_folio(pfn), 1);
		folio_set_reserved(pfn_folio(pfn));
	}
}

static void test_remove_fs(void **state)
{
	struct oc *t = T(state);

	assert_errno(cleancache_add_fs(&t->fake), 0);
	oom_loop(t->m, op_remove_fs, &t->fake, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_fs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_pool, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_register_area, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_store_new_inode, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_store_existing_inode,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_restores, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_invalidate_inode, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_donate_take_back, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_remove_fs, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

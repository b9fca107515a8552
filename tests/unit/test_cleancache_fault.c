// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Allocation failures inside cleancache, injected with the fail-nth loop
 * of docs/machine.md: for N = 1, 2, ... fail the N-th allocation the call
 * makes, until the call succeeds with the rule still armed.
 *
 * A store that cannot allocate is benign (design brief §6): it returns
 * false, caches nothing, leaks nothing, keeps every other entry, and the
 * checker passes. cleancache_add_fs() fails clearly: -ENOMEM, the sb's id
 * CLEANCACHE_ID_INVALID, every later frontend call on that sb refused.
 *
 * The tests run on a 1024-page machine with page data whose top 64 pages
 * are a boot-time carve-out; donor page i is pfn 960 + i:
 *
 *   pfn 0                                        960            1024
 *       |<------------- system memory ------------>|<- carve-out ->|
 *        page-cache folios (folio_alloc)             d0 ... d63
 */
#include <limits.h>

#include "cc_test.h"

#define CARVE	960UL

/* Give up on a fail-nth loop after this many rounds. */
#define MAX_NTH	64

static int fault_setup(void **state)
{
	int ret = cc_setup(state);

	assert_int_equal(cc(state)->carve_pfn, CARVE);
	return ret;
}

/* No superblock registered: add_fs of the first fs is the test's. */
static int fault_setup_no_sb(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 1024, .nr_carve = 64, .carve_align = 64,
		.mode = SIM_DATA_PAGES, .no_sb = true,
	};

	return cc_setup_opts(state, &o);
}

static uint32_t tag(unsigned long ino, unsigned long index, unsigned int v)
{
	return 0x30000000u | (uint32_t)(ino << 20) | (uint32_t)(index << 4) |
	       (v & 0xf);
}

/* Live kmalloc and kmem_cache objects once RCU callbacks have run. */
static long live_objects(void)
{
	test_rcu_drain();
	return kmalloc_nr_allocated();
}

static unsigned long injected(struct sim_machine *m)
{
	struct sim_fault_stats fs;
	unsigned long n = 0;

	assert_errno(sim_fault_get_stats(m, &fs), 0);
	for (int i = 0; i < SIM_FAULT_NR_CLASSES; i++)
		n += fs.injected[i];
	return n;
}

/*
 * One fail-nth loop over a workingset store of @tg at (@inode, @index):
 * every failing round must be benign; the entries in @keep (@nr_keep of
 * them, at indexes of @inode with their tags) must survive it. Returns
 * the number of failing rounds.
 */
struct kept {
	struct inode *inode;
	pgoff_t index;
	uint32_t tag;
};

static unsigned long store_fail_nth(struct cc_test *t, struct inode *inode,
				    pgoff_t index, uint32_t tg,
				    const struct kept *keep, int nr_keep,
				    bool may_evict)
{
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s, before;
	unsigned long n;
	long live = live_objects();

	cc_stats(&s);
	for (n = 1; n <= MAX_NTH; n++) {
		unsigned long inj = injected(t->m);
		bool ret;

		assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, n), 0);
		ret = cc_store_tag(t, inode, page, index, tg);
		if (sim_fault_armed(t->m)) {
			/* It made fewer than n allocations: success. */
			sim_fault_clear(t->m);
			assert_true(ret);
			CC_EXPECT(&s, .stored = 1,
				  .any = may_evict ? CC_ANY_RECLAIMED : 0);
			break;
		}
		/* 2 when an xarray node failed: its retry fails too */
		assert_in_range(injected(t->m), inj + 1, inj + 2);
		if (ret)
			fail_msg("round %lu: the store succeeded without its allocation",
				 n);
		before = s;
		/* Benign: nothing stored, counted as a store that stored nothing. */
		CC_EXPECT(&s, .skipped = 1,
			  .any = may_evict ? CC_ANY_RECLAIMED : 0);
		assert_true(s.reclaimed - before.reclaimed <= 1);
		CC_RESTORE_MISS(t, inode, aux, index);
		for (int i = 0; i < nr_keep; i++)
			CC_RESTORE_HIT(t, keep[i].inode, aux, keep[i].index,
				       keep[i].tag);
		CC_EXPECT(&s, .missed = 1, .restored = nr_keep);
		if (!nr_keep || keep[0].inode != inode) {
			/* No inode left behind, hashed or leaked. */
			assert_null(cleancache_start_inode_walk(inode, 1));
			CC_EXPECT(&s, .missed = 1);
			if (!may_evict)
				assert_int_equal(live_objects(), live);
		}
	}
	if (n > MAX_NTH)
		fail_msg("the store still fails after %d injected failures",
			 MAX_NTH);
	CC_RESTORE_HIT(t, inode, aux, index, tg);
	for (int i = 0; i < nr_keep; i++)
		CC_RESTORE_HIT(t, keep[i].inode, aux, keep[i].index,
			       keep[i].tag);
	CC_EXPECT(&s, .restored = 1 + nr_keep);
	return n - 1;
}

/*
 *   960 962
 *   |d0 d1|
 *
 * A store into a new inode at index 1 allocates the cleancache inode and
 * one xarray node (index 0 alone would live in the root; 1 needs a node
 * whatever the node size). Expect every failure of either to be benign,
 * and the store to succeed once both allocations pass.
 */
static void test_fault_store_new_inode(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	unsigned long fails;

	cc_donate_gcma(t, pool, 0, 2);
	fails = store_fail_nth(t, &t->inode[1], 1, tag(1, 1, 0), NULL, 0,
			       false);
	assert_int_equal(fails, 2);
	CC_EXPECT_POOL(pool, 2, 1, 0);
}

/*
 *   960       964
 *   |d0 .. d3  |   GCMA-style: the pool list runs d0 (head) .. d3 (tail)
 *
 * A store into a new inode at index 1 allocates the cleancache inode,
 * then picks the pool tail, then allocates an xarray node. When the node
 * fails, the picked folio (d3) goes back to the tail it came from: the
 * failed store leaves the free list as it was (a failed call changes
 * nothing; tests/oom checks the whole machine's digest).
 *
 * Expect the store that finally succeeds to use d3, and d2 to be free.
 */
static void test_fault_store_gives_folio_back_to_tail(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 4);
	assert_int_equal(store_fail_nth(t, &t->inode[1], 1, tag(1, 1, 0),
					NULL, 0, false), 2);
	cc_stats(&s);
	cc_take(t, 2);
	CC_EXPECT(&s);
	cc_take(t, 3);
	CC_EXPECT(&s, .recalled = 1);
}

/* The same at index 0, where the xarray may need no node. */
static void test_fault_store_new_inode_index0(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	unsigned long fails;

	cc_donate_gcma(t, pool, 0, 2);
	fails = store_fail_nth(t, &t->inode[1], 0, tag(1, 0, 0), NULL, 0,
			       false);
	assert_true(fails >= 1);
	CC_EXPECT_POOL(pool, 2, 1, 0);
}

/*
 * A new inode at a large index needs a deep xarray: a chain of nodes,
 * any of which may fail.
 */
static void test_fault_store_deep_index(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	unsigned long fails;

	cc_donate_gcma(t, pool, 0, 2);
	fails = store_fail_nth(t, &t->inode[2], (1UL << 40) + 7,
			       tag(2, 7, 0), NULL, 0, false);
	assert_true(fails >= 3);
	CC_EXPECT_POOL(pool, 2, 1, 0);
}

/*
 * An existing inode with an entry at index 0 grows to index 1 << 40 and
 * then to ULONG_MAX: the xarray gains levels above the existing entry.
 * Expect failures to leave the existing entries intact.
 */
static void test_fault_store_existing_inode_grows(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[3];
	struct folio *page = cc_page(t);
	struct kept keep[2] = {
		{ inode, 0, tag(3, 0, 0) },
		{ inode, 1UL << 40, tag(3, 1, 0) },
	};
	int pool = cc_pool("p", 0);
	unsigned long fails;

	cc_donate_gcma(t, pool, 0, 4);
	assert_true(cc_store_tag(t, inode, page, 0, keep[0].tag));
	fails = store_fail_nth(t, inode, keep[1].index, keep[1].tag, keep, 1,
			       false);
	assert_true(fails >= 2);
	fails = store_fail_nth(t, inode, ULONG_MAX, tag(3, 2, 0), keep, 2,
			       false);
	assert_true(fails >= 1);
	CC_EXPECT_POOL(pool, 4, 3, 0);
}

/*
 * An entry in another inode must survive failures of a store that needs
 * a new inode.
 */
static void test_fault_store_other_inode_intact(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	struct kept keep[] = {
		{ &t->inode[0], 3, tag(0, 3, 0) },
		{ &t->inode[0], 100, tag(0, 100, 0) },
	};
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 4);
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++)
		assert_true(cc_store_tag(t, keep[i].inode, page, keep[i].index,
					 keep[i].tag));
	assert_true(store_fail_nth(t, &t->inode[4], 9, tag(4, 9, 0), keep,
				   ARRAY_SIZE(keep), false) >= 1);
	CC_EXPECT_POOL(pool, 4, 3, 0);
}

/*
 *   960 962
 *   |d0 d1|   A, B cached; the pool is empty
 *
 * A store into a new inode must evict to find a folio. Expect a failure
 * to be benign whether it comes before or after the eviction: the new
 * entry is not cached, at most one entry was reclaimed, and every donated
 * folio is accounted for (the checker). The entry of the surviving
 * neighbour is not asserted: the eviction may have happened.
 */
static void test_fault_store_with_eviction(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 2);
	assert_true(cc_store_tag(t, &t->inode[0], page, 0, tag(0, 0, 0)));
	assert_true(cc_store_tag(t, &t->inode[0], page, 1, tag(0, 1, 0)));
	assert_true(store_fail_nth(t, &t->inode[6], 9, tag(6, 9, 0), NULL, 0,
				   true) >= 1);
	cc_stats(&s);
	assert_int_equal(s.cached, 2);
	CC_EXPECT_POOL(pool, 2, 2, 0);
	/* inode 0 / index 1 was never the LRU tail while entries remain. */
	CC_RESTORE_HIT(t, &t->inode[0], aux, 1, tag(0, 1, 0));
}

/*
 * Restores, overwrites and invalidations allocate nothing: with the first
 * allocation armed to fail they all succeed and the rule stays armed.
 */
static void test_fault_no_allocation_paths(void **state)
{
	struct cc_test *t = cc(state);
	struct inode *inode = &t->inode[0];
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct cleancache_inode *walk;
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 4);
	assert_true(cc_store_tag(t, inode, page, 0, tag(0, 0, 0)));
	assert_true(cc_store_tag(t, inode, page, 1, tag(0, 1, 0)));
	cc_stats(&s);

	/* No checker while armed: only the calls under test run. */
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, 1), 0);
	assert_true(cc_store_tag(t, inode, page, 0, tag(0, 0, 1)));
	assert_true(cc_restore(t, inode, aux, 0));
	assert_true(cc_holds(t, aux, tag(0, 0, 1)));
	assert_false(cc_restore(t, inode, aux, 7));
	walk = cleancache_start_inode_walk(inode, 2);
	assert_false(IS_ERR_OR_NULL(walk));
	aux->index = 1;
	aux->mapping = inode->i_mapping;
	assert_true(cleancache_restore_from_inode(walk, aux));
	assert_true(cc_holds(t, aux, tag(0, 1, 0)));
	cleancache_end_inode_walk(walk);
	assert_false(cc_store(inode, page, 1, false));
	assert_true(cc_invalidate(inode, page, 0));
	assert_false(cleancache_invalidate_inode(inode));
	/* A non-workingset store creates no inode, so allocates nothing. */
	assert_false(cc_store(&t->inode[5], page, 3, false));
	assert_true(sim_fault_armed(t->m));
	sim_fault_clear(t->m);
	CC_EXPECT(&s, .restored = 2, .missed = 1, .skipped = 2,
		  .reclaimed = 1, .invalidated = 1);

	/*
	 * The backend allocates nothing either. d3 and d2 held indexes 0 and
	 * 1 and are free again; index 2 took d1, the pool tail.
	 */
	assert_true(cc_store_tag(t, inode, page, 2, tag(0, 2, 0)));
	CC_EXPECT(&s, .stored = 1);
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, 1), 0);
	assert_errno(cleancache_backend_get_folio(pool, cc_donor(t, 3)), 0);
	assert_errno(cleancache_backend_get_folio(pool, cc_donor(t, 1)), 0);
	assert_errno(cleancache_backend_put_folio(pool, cc_donor(t, 3)), 0);
	assert_true(sim_fault_armed(t->m));
	sim_fault_clear(t->m);
	cc_mark_taken(t, 1);
	CC_EXPECT(&s, .recalled = 1);
	CC_EXPECT_POOL(pool, 3, 0, 1);
}

/*
 * Random failures (30% of allocations, 3 seeds) under a mix of
 * stores, restores and invalidations over 4 inodes x 16 indexes: every
 * restore that hits returns the last contents stored there, an
 * overwrite never fails, and nothing leaks.
 */
static void test_fault_random(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	static uint32_t model[4][16];
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);
	long live;

	cc_donate_gcma(t, pool, 0, 24);
	cc_stats(&s);
	live = live_objects();
	for (uint64_t seed = 1; seed <= 3; seed++) {
		uint64_t rng = seed * 1000;

		memset(model, 0, sizeof(model));
		assert_errno(sim_fault_set_probability(t->m, SIM_FAULT_ALL,
						       300000, seed), 0);
		for (unsigned int step = 0; step < 250; step++) {
			unsigned long ino = test_prng(&rng) % 4;
			pgoff_t k = (test_prng(&rng) % 16) << (ino * 4);
			unsigned long slot = k >> (ino * 4);
			struct inode *inode = &t->inode[ino];
			bool ret;

			switch (test_prng(&rng) % 5) {
			case 0:
			case 1:
			case 2: {
				bool present = model[ino][slot] != 0;
				uint32_t tg = tag(ino, slot, step);

				ret = cc_store_tag(t, inode, page, k, tg);
				if (present && !ret)
					fail_msg("seed %llu step %u: an overwrite failed",
						 (unsigned long long)seed, step);
				model[ino][slot] = ret ? tg : 0;
				break;
			}
			case 3:
				ret = cc_restore(t, inode, aux, k);
				if (ret != (model[ino][slot] != 0) ||
				    (ret && !cc_holds(t, aux, model[ino][slot])))
					fail_msg("seed %llu step %u: restore %d, expected %s",
						 (unsigned long long)seed, step,
						 ret, model[ino][slot] ? "a hit" : "a miss");
				break;
			case 4:
				ret = cc_invalidate(inode, page, k);
				if (ret != (model[ino][slot] != 0))
					fail_msg("seed %llu step %u: invalidate %d",
						 (unsigned long long)seed, step, ret);
				model[ino][slot] = 0;
				break;
			}
			CHECK_CC();
			/*
			 * 4 x 16 places, 24 folios: evictions happen; forget
			 * what the store's eviction may have taken.
			 */
			for (unsigned long i = 0; i < 4; i++) {
				for (unsigned long j = 0; j < 16; j++) {
					if (!model[i][j])
						continue;
					ret = cc_restore(t, &t->inode[i], aux,
							 j << (i * 4));
					if (ret && !cc_holds(t, aux, model[i][j]))
						fail_msg("seed %llu step %u: wrong data",
							 (unsigned long long)seed, step);
					if (!ret)
						model[i][j] = 0;
				}
			}
		}
		sim_fault_clear(t->m);
		CC_EXPECT(&s, .any = CC_ANY_ALL);
		for (unsigned long i = 0; i < 4; i++)
			cleancache_invalidate_inode(&t->inode[i]);
		CC_EXPECT(&s, .any = CC_ANY_INVALIDATED);
		assert_int_equal(s.cached, 0);
		assert_int_equal(live_objects(), live);
	}
	CC_EXPECT_POOL(pool, 24, 0, 0);
}

/* ---- cleancache_add_fs ---------------------------------------------- */

/*
 * Every call on a superblock whose add_fs() failed is refused; nothing
 * is created for it.
 */
static void expect_unregistered(struct cc_test *t, struct super_block *sb)
{
	struct folio *page = cc_page(t);
	struct cleancache_inode *walk;
	struct inode inode;

	assert_int_equal(sb->cleancache_id, CLEANCACHE_ID_INVALID);
	cc_inode_init(&inode, sb, 1);
	assert_false(cc_store_tag(t, &inode, page, 0, tag(1, 0, 0)));
	assert_false(cc_restore(t, &inode, page, 0));
	assert_false(cc_invalidate(&inode, page, 0));
	assert_false(cleancache_invalidate_inode(&inode));
	walk = cleancache_start_inode_walk(&inode, 1);
	assert_true(IS_ERR(walk));
	assert_errno(PTR_ERR(walk), -EINVAL);
	cleancache_remove_fs(sb);
	assert_int_equal(sb->cleancache_id, CLEANCACHE_ID_INVALID);
	CHECK_CC();
}

/*
 * The fail-nth loop over add_fs() of @sb: -ENOMEM and INVALID on every
 * failure, no leak; 0 and a valid id at the end. Returns the failures.
 */
static unsigned long add_fs_fail_nth(struct cc_test *t, struct super_block *sb)
{
	long live = live_objects();
	unsigned long n;

	for (n = 1; n <= MAX_NTH; n++) {
		int ret;

		memset(sb, 0, sizeof(*sb));
		strcpy(sb->s_id, "fault");
		sb->cleancache_id = 0;	/* whatever was there before */
		assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, n), 0);
		ret = cleancache_add_fs(sb);
		if (sim_fault_armed(t->m)) {
			sim_fault_clear(t->m);
			assert_errno(ret, 0);
			assert_true(sb->cleancache_id >= 0);
			CHECK_CC();
			break;
		}
		assert_errno(ret, -ENOMEM);
		assert_int_equal(sb->cleancache_id, CLEANCACHE_ID_INVALID);
		CHECK_CC();
		expect_unregistered(t, sb);
		assert_int_equal(live_objects(), live);
	}
	if (n > MAX_NTH)
		fail_msg("add_fs still fails after %d injected failures",
			 MAX_NTH);
	return n - 1;
}

/* The first filesystem: its fs object (and maybe nothing else). */
static void test_fault_add_fs_first(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct super_block *sb = &t->sb;
	struct inode inode;
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 2);
	assert_true(add_fs_fail_nth(t, sb) >= 1);
	cc_inode_init(&inode, sb, 1);
	assert_true(cc_store_tag(t, &inode, page, 3, tag(1, 3, 0)));
	CC_RESTORE_HIT(t, &inode, aux, 3, tag(1, 3, 0));
	CC_EXPECT_POOL(pool, 2, 1, 0);
}

/*
 * Later filesystems: the fs object and the registry's xarray nodes (ids
 * 1, 2, ... need a node). Entries of the registered fs survive.
 */
static void test_fault_add_fs_more(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct super_block *sb;
	struct inode inode;
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 4);
	assert_true(cc_store_tag(t, &t->inode[0], page, 0, tag(0, 0, 0)));
	for (int i = 0; i < 3; i++) {
		assert_true(t->nr_extra_sb < CC_MAX_SB);
		sb = &t->extra_sb[t->nr_extra_sb++];
		assert_true(add_fs_fail_nth(t, sb) >= 1);
		assert_int_not_equal(sb->cleancache_id, t->sb.cleancache_id);
		cc_inode_init(&inode, sb, 0);
		assert_true(cc_store_tag(t, &inode, page, 0, tag(10 + i, 0, 0)));
		CC_RESTORE_HIT(t, &inode, aux, 0, tag(10 + i, 0, 0));
		CC_RESTORE_HIT(t, &t->inode[0], aux, 0, tag(0, 0, 0));
	}
	CC_EXPECT_POOL(pool, 4, 4, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn)	cmocka_unit_test_setup_teardown(fn, fault_setup, cc_teardown)
		T(test_fault_store_new_inode),
		T(test_fault_store_gives_folio_back_to_tail),
		T(test_fault_store_new_inode_index0),
		T(test_fault_store_deep_index),
		T(test_fault_store_existing_inode_grows),
		T(test_fault_store_other_inode_intact),
		T(test_fault_store_with_eviction),
		T(test_fault_no_allocation_paths),
		T(test_fault_random),
		cmocka_unit_test_setup_teardown(test_fault_add_fs_first,
						fault_setup_no_sb, cc_teardown),
		T(test_fault_add_fs_more),
#undef T
	};

	return cmocka_run_group_tests_name("cleancache_fault", tests,
					   NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * cleancache_check() finds what it promises to find (the list at the top
 * of lib/mm/cleancache_check.c): each test builds a sound state, corrupts
 * one field of a folio, an inode, a filesystem or a counter on purpose,
 * asserts the checker returns -EUCLEAN and names the problem, then puts
 * the field back and asserts the checker is clean again.
 *
 * The sound state: pool 0 holds the eight carve-out pages 0..7 of the
 * cleancache fixture (metadata only); inode 1 caches indexes 0 and 5,
 * so two of them are CACHED (on the LRU) and six FREE (on the pool's
 * list).
 */
#include "cc_test.h"
#include "check_test.h"
#include "mm/cleancache_internal.h"

#define NR_DONATED	8

struct world {
	struct cleancache *cc;
	struct cleancache_pool *pool;
	struct folio *cached0;		/* inode 1, index 0 */
	struct folio *cached5;		/* inode 1, index 5 */
	struct folio *free;		/* a FREE folio */
	struct cleancache_inode *ccinode;
};

static struct folio *find_cached(struct cc_test *t, pgoff_t index)
{
	for (unsigned long i = 0; i < NR_DONATED; i++) {
		struct folio *f = cc_donor(t, i);

		if (folio_cc_state(f) == CC_FOLIO_CACHED &&
		    folio_cc_index(f) == index)
			return f;
	}
	fail_msg("index %lu is not cached", (unsigned long)index);
	return NULL;
}

static void build(struct cc_test *t, struct world *w)
{
	cc_pool("check", 0);
	cc_donate_gcma(t, 0, 0, NR_DONATED);
	assert_true(cc_store_tag(t, &t->inode[1], cc_page(t), 0, 1));
	assert_true(cc_store_tag(t, &t->inode[1], cc_page(t), 5, 2));
	CHECK_CLEAN(cleancache_check(), 0);

	w->cc = cleancache_get_state();
	w->pool = &w->cc->pools[0];
	w->cached0 = find_cached(t, 0);
	w->cached5 = find_cached(t, 5);
	w->ccinode = folio_cc_inode(w->cached0);
	assert_ptr_equal(folio_cc_inode(w->cached5), w->ccinode);
	w->free = NULL;
	for (unsigned long i = 0; i < NR_DONATED && !w->free; i++)
		if (folio_cc_state(cc_donor(t, i)) == CC_FOLIO_FREE)
			w->free = cc_donor(t, i);
	assert_non_null(w->free);
}

/* CHECK_CC_FINDS(msg) - the checker fails, naming @msg. */
#define CHECK_CC_FINDS(msg) \
	CHECK_DETECTS(cleancache_check(), -EUCLEAN, "CHECK", (msg))

/* The checker is clean again. */
#define CHECK_CC_CLEAN()	CHECK_CLEAN(cleancache_check(), 0)

static void test_unattached(void **state)
{
	check_unattached(cleancache_check);
}

static void test_donated_refcount_and_order(void **state)
{
	struct world w;

	build(cc(state), &w);
	folio_set_count(w.free, 1);
	CHECK_CC_FINDS("check: folio");
	folio_set_count(w.free, 0);
	folio_set_count(w.cached0, 2);
	CHECK_CC_FINDS("has refcount 2");
	folio_set_count(w.cached0, 0);
	CHECK_CC_CLEAN();

	folio_set_head(w.free);
	CHECK_CC_FINDS("is large (order");
	folio_clear_head(w.free);
	CHECK_CC_CLEAN();
}

static void test_free_list(void **state)
{
	struct world w;
	void *saved;

	build(cc(state), &w);
	saved = w.free->private;
	folio_cc_set(w.free, 0, CC_FOLIO_TRANSIENT);
	CHECK_CC_FINDS("on the free list has pool 0 state 3");
	w.free->private = saved;
	CHECK_CC_CLEAN();

	w.free->mapping = (void *)w.ccinode;
	CHECK_CC_FINDS("FREE folio");
	w.free->mapping = NULL;
	CHECK_CC_CLEAN();
}

/* A pool that claims no folio bounds every walk to one step. */
static void test_walk_bounds(void **state)
{
	struct world w;

	build(cc(state), &w);
	atomic_long_set(&w.pool->size, 0);
	assert_errno(cleancache_check(), -EUCLEAN);
	assert_true(check_found("CHECK", "pool check: free list is corrupt after 1 entries"));
	assert_true(check_found("CHECK", "LRU is corrupt after 1 entries"));
	CHECK_CC_FINDS("size 0 != ");
	atomic_long_set(&w.pool->size, NR_DONATED);
	CHECK_CC_CLEAN();
}

static void test_lru(void **state)
{
	struct world w;
	char want[96];
	void *saved;

	build(cc(state), &w);
	saved = w.cached0->private;
	folio_cc_set(w.cached0, 0, CC_FOLIO_FREE);
	assert_errno(cleancache_check(), -EUCLEAN);
	assert_true(check_found("CHECK", "has pool 0 state 1, not CACHED"));
	CHECK_CC_FINDS("index 0: folio");
	w.cached0->private = saved;
	CHECK_CC_CLEAN();

	/*
	 * A CACHED word naming pool 1, one past the last registered pool:
	 * the xarray pass names it (kills de091ee5ce: pool == nr_pools
	 * taken for a registered pool there), and so does the LRU pass
	 * (kills 488660bca7: the same in check_lru_mark()).
	 */
	folio_cc_set(w.cached0, 1, CC_FOLIO_CACHED);
	snprintf(want, sizeof(want),
		 "LRU: folio %p has pool 1 state 2, not CACHED",
		 (void *)w.cached0);
	CHECK_CC_FINDS(want);
	snprintf(want, sizeof(want),
		 "index 0: folio %p has pool 1 state 2, not CACHED",
		 (void *)w.cached0);
	CHECK_CC_FINDS(want);
	w.cached0->private = saved;
	CHECK_CC_CLEAN();

	w.cached5->mapping = NULL;
	CHECK_CC_FINDS("CACHED folio");
	w.cached5->mapping = (void *)w.ccinode;
	CHECK_CC_CLEAN();

	/* A SEEN bit already set: the LRU walk meets the folio "again". */
	w.cached5->private = (void *)(folio_cc_word(w.cached5) | CC_PRIV_SEEN);
	CHECK_CC_FINDS("is on it twice");
	CHECK_CC_CLEAN();	/* the xarray pass cleared the bit */
}

static void test_inode(void **state)
{
	struct world w;
	struct cleancache_fs *fs, other;
	unsigned long ino;
	unsigned int refs;

	build(cc(state), &w);
	fs = w.ccinode->fs;
	w.ccinode->fs = &other;
	CHECK_CC_FINDS("inode 1: fs");
	w.ccinode->fs = fs;

	ino = w.ccinode->ino;
	w.ccinode->ino = ino + 1;
	assert_int_not_equal(cleancache_inode_hash(ino + 1),
			     cleancache_inode_hash(ino));
	CHECK_CC_FINDS("inode 2: in bucket");
	w.ccinode->ino = ino;

	w.ccinode->hashed = false;
	CHECK_CC_FINDS("on the hash but not marked hashed");
	w.ccinode->hashed = true;
	CHECK_CC_CLEAN();

	refs = refcount_read(&w.ccinode->ref_count);
	refcount_set(&w.ccinode->ref_count, 0);
	CHECK_CC_FINDS("inode 1: hashed with refcount 0");
	refcount_set(&w.ccinode->ref_count, (int)refs);
	CHECK_CC_CLEAN();
}

static void test_xarray_slot(void **state)
{
	struct world w;
	struct list_head *prev;

	build(cc(state), &w);
	w.cached5->index = 6;
	CHECK_CC_FINDS("inode 1 index 5: folio");
	w.cached5->index = 5;
	CHECK_CC_CLEAN();

	/* Off the LRU, still in the xarray. */
	prev = w.cached5->lru.prev;
	list_del(&w.cached5->lru);
	assert_errno(cleancache_check(), -EUCLEAN);
	assert_true(check_found("CHECK", "is not on the LRU, or in two slots"));
	CHECK_CC_FINDS("pool check: 2 folios in xarrays, 1 on the LRU");
	list_add(&w.cached5->lru, prev);
	CHECK_CC_CLEAN();
}

/* Index 5 erased from the xarray behind cleancache's back, then back. */
static void test_lru_leftover(void **state)
{
	struct world w;

	build(cc(state), &w);
	assert_ptr_equal(xa_erase(&w.ccinode->folios, 5), w.cached5);
	assert_errno(cleancache_check(), -EUCLEAN);
	assert_true(check_found("CHECK", "is in no inode's xarray"));
	CHECK_CC_FINDS("1 folios in xarrays, 2 on the LRU");
	assert_null(xa_store(&w.ccinode->folios, 5, w.cached5, GFP_KERNEL));
	CHECK_CC_CLEAN();

	/* Both erased: a hashed inode with nothing in it. */
	assert_ptr_equal(xa_erase(&w.ccinode->folios, 0), w.cached0);
	assert_ptr_equal(xa_erase(&w.ccinode->folios, 5), w.cached5);
	CHECK_CC_FINDS("inode 1: hashed with an empty xarray");
	assert_null(xa_store(&w.ccinode->folios, 0, w.cached0, GFP_KERNEL));
	assert_null(xa_store(&w.ccinode->folios, 5, w.cached5, GFP_KERNEL));
	CHECK_CC_CLEAN();
}

static void test_fs_id(void **state)
{
	struct world w;
	struct cleancache_fs *fs;

	build(cc(state), &w);
	fs = w.ccinode->fs;
	fs->id += 3;
	CHECK_CC_FINDS(": records id");
	fs->id -= 3;
	CHECK_CC_CLEAN();
}

/*
 * Entries of a filesystem that left the registry: a removal that did
 * not invalidate them (v2 leaves them to the last reference), or a
 * registration whose id was overwritten, as a second add_fs() of one
 * superblock did. Planted by taking the fs out of the registry by hand.
 */
static void test_removed_fs_entries(void **state)
{
	struct world w;
	struct cleancache_fs *fs;

	build(cc(state), &w);
	fs = w.ccinode->fs;
	assert_ptr_equal(xa_erase(&w.cc->fs_xa, (unsigned long)fs->id), fs);
	CHECK_CC_FINDS("is not registered but inode 1 caches 2 entries");
	assert_null(xa_store(&w.cc->fs_xa, (unsigned long)fs->id, fs,
			     GFP_KERNEL));
	CHECK_CC_CLEAN();
}

/*
 * Refcounts at rest: with no call in flight a hashed inode holds the
 * hash's reference only and a registered fs the registry's only; an open
 * inode walk holds one more on each. A get without its put is named.
 */
static void test_refcount_at_rest(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache_inode *walk;
	struct cleancache_fs *fs;
	struct world w;

	build(t, &w);
	fs = w.ccinode->fs;
	refcount_inc(&w.ccinode->ref_count);
	CHECK_CC_FINDS("inode 1: 2 references at rest, 1 expected");
	refcount_dec(&w.ccinode->ref_count);
	refcount_inc(&fs->ref_count);
	CHECK_CC_FINDS(": 2 references at rest, 1 expected");
	refcount_dec(&fs->ref_count);
	CHECK_CC_CLEAN();

	/* An open walk is part of the resting state... */
	walk = cleancache_start_inode_walk(&t->inode[1], 1);
	assert_ptr_equal(walk, w.ccinode);
	CHECK_CC_CLEAN();
	/* ...but not a reference beyond it. */
	refcount_inc(&w.ccinode->ref_count);
	CHECK_CC_FINDS("1 open inode walks, but filesystems hold 1 and hashed inodes 2 references");
	refcount_dec(&w.ccinode->ref_count);
	cleancache_end_inode_walk(walk);
	CHECK_CC_CLEAN();
}

static void test_counters(void **state)
{
	struct world w;

	build(cc(state), &w);
	atomic_long_inc(&w.pool->size);
	CHECK_CC_FINDS("pool check: size 9 != 6 FREE + 2 CACHED");
	atomic_long_dec(&w.pool->size);

	atomic_long_inc(&w.pool->cached);
	CHECK_CC_FINDS("pool check: cached 3 != 2 CACHED on the LRU");
	atomic_long_dec(&w.pool->cached);

	atomic_long_inc(&w.cc->stats[CC_STAT_STORED]);
	CHECK_CC_FINDS("cached 3 (stored 3");
	atomic_long_dec(&w.cc->stats[CC_STAT_STORED]);
	CHECK_CC_CLEAN();
}

/* More than 32 problems: 32 reports and one summary. */
static void test_summary(void **state)
{
	struct cc_test *t = cc(state);

	cc_pool("many", 0);
	cc_donate_gcma(t, 0, 0, 40);
	for (unsigned long i = 0; i < 40; i++)
		folio_set_count(cc_donor(t, i), 1);
	assert_errno(cleancache_check(), -EUCLEAN);
	assert_int_equal(sim_violation_count(t->m), 33);
	CHECK_CC_FINDS("8 more problems");
	for (unsigned long i = 0; i < 40; i++)
		folio_set_count(cc_donor(t, i), 0);
	CHECK_CC_CLEAN();
}

/*
 * cleancache_check_pfns(): the per-folio checks of the pfns it is given,
 * and the counter equations; what needs a walk is left to
 * cleancache_check().
 */
#define CHECK_PFN_FINDS(f, msg) do {					\
	unsigned long pfn_ = folio_pfn(f);				\
									\
	CHECK_DETECTS(cleancache_check_pfns(&pfn_, 1), -EUCLEAN,	\
		      "CHECK", (msg));					\
} while (0)

#define CHECK_PFN_CLEAN(f) do {						\
	unsigned long pfn_ = folio_pfn(f);				\
									\
	CHECK_CLEAN(cleancache_check_pfns(&pfn_, 1), 0);		\
} while (0)

static void test_pfns_args(void **state)
{
	struct sim_machine *m = sim_current_machine();
	struct world w;
	unsigned long outside = ULONG_MAX - 1;

	build(cc(state), &w);
	assert_errno(cleancache_check_pfns(NULL, 1), -EINVAL);
	CHECK_CLEAN(cleancache_check_pfns(NULL, 0), 0);
	CHECK_CLEAN(cleancache_check_pfns(&outside, 1), 0);
	CHECK_PFN_CLEAN(w.free);
	CHECK_PFN_CLEAN(w.cached0);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(cleancache_check_pfns(NULL, 0), -ENXIO);
	assert_errno(sim_thread_attach(m), 0);
}

static void test_pfns_donated(void **state)
{
	struct world w;
	void *saved;

	build(cc(state), &w);
	folio_set_count(w.free, 1);
	CHECK_PFN_FINDS(w.free, "has refcount 1");
	folio_set_count(w.free, 0);
	folio_set_head(w.cached5);
	CHECK_PFN_FINDS(w.cached5, "is large (order");
	folio_clear_head(w.cached5);
	CHECK_PFN_CLEAN(w.cached5);

	saved = w.free->private;
	folio_cc_set(w.free, 0, CC_FOLIO_TRANSIENT);
	CHECK_PFN_FINDS(w.free, "is in state 3 with no operation in flight");
	folio_cc_set(w.free, 7, CC_FOLIO_FREE);
	CHECK_PFN_FINDS(w.free, "pool 7, only 1 registered");
	w.free->private = saved;
	CHECK_PFN_CLEAN(w.free);

	w.free->mapping = (void *)w.ccinode;
	CHECK_PFN_FINDS(w.free, "FREE folio");
	w.free->mapping = NULL;
	CHECK_PFN_CLEAN(w.free);
}

/* A neighbour that does not link back; one that is no page at all. */
static void test_pfns_links(void **state)
{
	struct world w;
	struct list_head *next, stray;

	build(cc(state), &w);
	next = w.free->lru.next;
	w.free->lru.next = &w.cached0->lru;
	CHECK_PFN_FINDS(w.free, "next neighbour does not link back");
	w.free->lru.next = next;
	CHECK_PFN_CLEAN(w.free);

	INIT_LIST_HEAD(&stray);
	next = w.cached5->lru.prev;
	w.cached5->lru.prev = &stray;
	assert_errno(cleancache_check_pfns(&(unsigned long){ folio_pfn(w.cached5) }, 1),
		     -EUCLEAN);
	assert_true(check_found("CHECK", "LRU: folio"));
	sim_violation_clear(sim_current_machine());
	w.cached5->lru.prev = next;
	CHECK_PFN_CLEAN(w.cached5);
}

static void test_pfns_slot(void **state)
{
	struct world w;

	build(cc(state), &w);
	w.cached5->index = 6;
	CHECK_PFN_FINDS(w.cached5, "is not at index 6 of inode 1");
	w.cached5->index = 5;
	w.cached0->mapping = NULL;
	CHECK_PFN_FINDS(w.cached0, "CACHED folio");
	w.cached0->mapping = (void *)w.ccinode;
	CHECK_PFN_CLEAN(w.cached0);
}

static void test_pfns_counters(void **state)
{
	struct world w;

	build(cc(state), &w);
	atomic_long_inc(&w.cc->stats[CC_STAT_STORED]);
	CHECK_DETECTS(cleancache_check_pfns(NULL, 0), -EUCLEAN, "CHECK",
		      "cached 3 (stored - invalidated - reclaimed - recalled) != 2");
	atomic_long_dec(&w.cc->stats[CC_STAT_STORED]);
	atomic_long_set(&w.pool->cached, NR_DONATED + 1);
	assert_errno(cleancache_check_pfns(NULL, 0), -EUCLEAN);
	assert_true(check_found("CHECK", "pool check: cached 9, size 8"));
	sim_violation_clear(sim_current_machine());
	/* Below zero by one (mutant 9f10189a8f moved the bound there). */
	atomic_long_set(&w.pool->cached, -1);
	assert_errno(cleancache_check_pfns(NULL, 0), -EUCLEAN);
	assert_true(check_found("CHECK", "pool check: cached -1, size 8"));
	sim_violation_clear(sim_current_machine());
	atomic_long_set(&w.pool->cached, 2);
	CHECK_CLEAN(cleancache_check_pfns(NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, cc_setup_meta, cc_teardown)
		T(test_unattached),
		T(test_donated_refcount_and_order),
		T(test_free_list),
		T(test_walk_bounds),
		T(test_lru),
		T(test_inode),
		T(test_xarray_slot),
		T(test_lru_leftover),
		T(test_fs_id),
		T(test_removed_fs_entries),
		T(test_refcount_at_rest),
		T(test_counters),
		T(test_summary),
		T(test_pfns_args),
		T(test_pfns_donated),
		T(test_pfns_links),
		T(test_pfns_slot),
		T(test_pfns_counters),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

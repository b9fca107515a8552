// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/cleancache.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
 *
 * The fixture (tests/unit/cc_test.h): a 1024-page machine whose top 64
 * pages (pfn 960..1023) are the carve-out the test donates.
 */
#include <stdio.h>
#include <string.h>

#include <libgcma/trace.h>

#include "cc_test.h"
#include "mm/cleancache_internal.h"
#include "platform/internal.h"

#define NR_BUCKETS	(1U << CLEANCACHE_INODE_HASH_BITS)

/*
 * One inode in every bucket of the fs's inode hash, one entry each:
 * remove_fs() must invalidate all of them, the last bucket's too.
 * Kills c7af6699d6 (invalidate_fs() stopping one bucket early).
 */
static void test_remove_fs_empties_every_bucket(void **state)
{
	static struct inode inodes[NR_BUCKETS];
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	struct cleancache_stats s;
	int pool = cc_pool("p", 0);
	unsigned long ino = 1;

	for (unsigned int b = 0; b < NR_BUCKETS; b++) {
		while (cleancache_inode_hash(ino) != b)
			ino++;
		cc_inode_init(&inodes[b], &t->sb, ino);
	}
	cc_stats(&s);
	cc_donate_gcma(t, pool, 0, NR_BUCKETS);
	for (unsigned int b = 0; b < NR_BUCKETS; b++)
		assert_true(cc_store(&inodes[b], page, 0, true));
	CC_EXPECT(&s, .stored = NR_BUCKETS);
	CHECK_CC();

	cleancache_remove_fs(&t->sb);
	CC_EXPECT(&s, .invalidated = NR_BUCKETS);
	CC_EXPECT_POOL(pool, NR_BUCKETS, 0, 0);
	CHECK_CC();
}

/*
 * With no walk or other user holding it, removing the fixture's only fs
 * drops its last reference there and then: the fs leaves the list of
 * live filesystems (freed after a grace period). Kills 2d7eef0bc3
 * (remove_fs() not dropping the registry's reference: a leak every
 * checker missed, since a removed fs may legally stay referenced).
 */
static void test_remove_fs_drops_the_last_reference(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache *cc_state = cleancache_get_state();
	bool empty;

	cleancache_remove_fs(&t->sb);
	spin_lock(&cc_state->fs_list_lock);
	empty = list_empty(&cc_state->fs_list);
	spin_unlock(&cc_state->fs_list_lock);
	assert_true(empty);
	CHECK_CC();
}

/*
 * A donated folio whose state word says "no state" (corrupted; only a
 * bug gets there) is refused by get_folio() with -EINVAL and a WARN, and
 * stays in its pool. Kills 2b84555f4f.5 (another errno on that path).
 */
static void test_get_folio_no_state_is_einval(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *d = cc_donate(t, pool, 0);

	folio_cc_set(d, pool, CC_FOLIO_NONE);
	assert_errno(cleancache_backend_get_folio(pool, d), -EINVAL);
	test_expect_violations(t->m, 1);
	folio_cc_set(d, pool, CC_FOLIO_FREE);
	CHECK_CC();
}

/* Is a trace record of @event with @fields recorded on @m? */
static bool traced(struct sim_machine *m, const char *event,
		   const char *fields)
{
	char buf[256], want[128];

	snprintf(want, sizeof(want), ": %s: %s", event, fields);
	for (unsigned long i = 0; i < sim_trace_count(m); i++)
		if (!sim_trace_get(m, i, buf, sizeof(buf)) &&
		    strstr(buf, want))
			return true;
	return false;
}

/*
 * Invalidating a cached index emits cleancache_invalidate with the
 * inode, the index and the count (the kernel's tracepoint a port keeps);
 * a miss emits nothing. Kills 4a70a45a37 (the event not emitted).
 */
static void test_invalidate_is_traced(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	int pool = cc_pool("p", 0);

	cc_donate_gcma(t, pool, 0, 1);
	assert_true(cc_store(&t->inode[1], page, 7, true));
	assert_errno(sim_trace_enable(t->m, true), 0);
	page->mapping = t->inode[1].i_mapping;
	page->index = 7;
	folio_set_locked(page);
	assert_true(cleancache_invalidate_folio(&t->inode[1], page));
	assert_false(cleancache_invalidate_folio(&t->inode[1], page));
	assert_errno(sim_trace_enable(t->m, false), 0);
	folio_clear_locked(page);
	page->mapping = NULL;
	assert_int_equal(sim_trace_count(t->m), 1);
	assert_true(traced(t->m, "cleancache_invalidate",
			   "ino=1 index=7 count=1"));
	CHECK_CC();
}

/*
 * In data mode a cached entry's folio is open while it holds data and
 * poisoned again once invalidated back to its pool (a stray access then
 * faults). Kills ae72e5e228 (poisoning the wrong detach states).
 */
static void test_invalidated_folio_is_poisoned(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t);
	int pool = cc_pool("p", 0);
	unsigned long pfn;

	cc_donate_gcma(t, pool, 0, 1);
	pfn = folio_pfn(cc_donor(t, 0));
	assert_true(sim_page_poisoned(t->m, pfn));
	assert_true(cc_store(&t->inode[1], page, 7, true));
	assert_false(sim_page_poisoned(t->m, pfn));
	assert_true(cleancache_invalidate_inode(&t->inode[1]));
	assert_true(sim_page_poisoned(t->m, pfn));
	CHECK_CC();
}

/*
 * An owned-range donation to a pool id one past the last registered pool,
 * or to pool -1, is refused with -EINVAL and changes nothing: the folios
 * stay the caller's (no private word), the pool keeps its size; the same
 * range then goes to the registered pool. Kills 3a2bd56794
 * (put_owned_range() accepting pool id == the number of pools) and
 * 1ddce30180 (accepting pool id -1).
 */
static void test_owned_range_to_unregistered_pool(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);

	assert_int_equal(cleancache_nr_pools(cleancache_get_state()), pool + 1);
	for (unsigned long i = 0; i < 4; i++)
		cc_own(t, i);
	assert_errno(cleancache_backend_put_owned_range(-1, t->carve_pfn, 4),
		     -EINVAL);
	assert_errno(cleancache_backend_put_owned_range(pool + 1,
							t->carve_pfn, 4),
		     -EINVAL);
	for (unsigned long i = 0; i < 4; i++)
		assert_null(cc_donor(t, i)->private);
	CC_EXPECT_POOL(pool, 0, 0, 0);
	CHECK_CC();
	assert_errno(cleancache_backend_put_owned_range(pool,
							t->carve_pfn, 4),
		     0);
	for (unsigned long i = 0; i < 4; i++)
		cc_mark_donated(t, i, pool);
	CC_EXPECT_POOL(pool, 4, 0, 0);
	CHECK_CC();
}

/*
 * An owned-range donation touches only its own pfns: the page just past
 * the range, owned by the caller too and as ready to donate, keeps its
 * private word and its lru links, and can be donated by itself next.
 * Kills d199b11bba (put_owned_range() linking one folio past the range
 * into the pool's FREE state: a page the donor never gave).
 */
static void test_owned_range_stops_at_its_end(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *next;
	struct list_head lru;

	for (unsigned long i = 0; i < 5; i++)
		cc_own(t, i);
	next = cc_donor(t, 4);
	lru = next->lru;
	assert_errno(cleancache_backend_put_owned_range(pool,
							t->carve_pfn, 4),
		     0);
	for (unsigned long i = 0; i < 4; i++)
		cc_mark_donated(t, i, pool);
	assert_null(next->private);
	assert_ptr_equal(next->lru.prev, lru.prev);
	assert_ptr_equal(next->lru.next, lru.next);
	CC_EXPECT_POOL(pool, 4, 0, 0);
	CHECK_CC();
	cc_donate(t, pool, 4);
	CC_EXPECT_POOL(pool, 5, 0, 0);
	CHECK_CC();
}

/*
 * get_folio() for a pool id one past the last registered pool is -EINVAL
 * and changes nothing, even for a folio whose (corrupt) cleancache word
 * names that pool: no pool is there to take it from. Kills daca7f34c4
 * (get_folio() accepting pool id == the number of pools).
 */
static void test_get_folio_from_unregistered_pool(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *d = cc_own(t, 0);

	assert_int_equal(cleancache_nr_pools(cleancache_get_state()), pool + 1);
	folio_cc_set(d, pool + 1, CC_FOLIO_FREE);
	assert_errno(cleancache_backend_get_folio(pool + 1, d), -EINVAL);
	assert_int_equal(folio_cc_pool_id(d), pool + 1);
	assert_int_equal(folio_cc_state(d), CC_FOLIO_FREE);
	assert_int_equal(folio_ref_count(d), 0);
	folio_cc_clear(d);
	CC_EXPECT_POOL(pool, 0, 0, 0);
	CHECK_CC();
}

/*
 * The safe-point hook of the race below. get_folio() waits for an
 * in-flight folio at cond_resched(), the machine's safe point: there, as
 * another thread could, the store holding the folio gives it back FREE
 * (what give_folio_back() does when a store fails) and a concurrent
 * get_folio() takes it back. Acts once.
 */
static void (*saved_safe_point)(struct sim_machine *m);
static struct folio *race_folio;
static int race_pool, race_ret = 1;

static void give_back_and_take(struct sim_machine *m)
{
	struct folio *folio = race_folio;

	if (folio) {
		struct cleancache_pool *p =
			&cleancache_get_state()->pools[race_pool];

		race_folio = NULL;
		spin_lock(&p->lock);
		folio_cc_set(folio, race_pool, CC_FOLIO_FREE);
		list_add_tail(&folio->lru, &p->folio_list);
		spin_unlock(&p->lock);
		race_ret = cleancache_backend_get_folio(race_pool, folio);
	}
	if (saved_safe_point)
		saved_safe_point(m);
}

/*
 * get_folio() of a folio a store holds (TRANSIENT: picked off the free
 * list, as take_free_folio() leaves it) waits; when the folio lands back
 * FREE and a concurrent get_folio() takes it first, the waiting call
 * returns -EINVAL (not in the pool any more) and leaves the pool's lock
 * free; the concurrent call got it, at refcount 0, and the pool is empty.
 * Kills 6148ba92f6 (that return path keeping the pool's lock).
 */
static void test_get_folio_loses_the_race_unlocked(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);
	struct folio *d = cc_donate(t, pool, 0);
	struct cleancache_pool *p = &cleancache_get_state()->pools[pool];
	bool held;
	int ret;

	spin_lock(&p->lock);
	list_del_init(&d->lru);
	folio_cc_set(d, pool, CC_FOLIO_TRANSIENT);
	spin_unlock(&p->lock);

	saved_safe_point = t->m->hooks.safe_point;
	t->m->hooks.safe_point = give_back_and_take;
	race_folio = d;
	race_pool = pool;
	race_ret = 1;
	ret = cleancache_backend_get_folio(pool, d);
	t->m->hooks.safe_point = saved_safe_point;
	held = spin_is_locked(&p->lock);
	if (held)	/* report it rather than hang in the teardown */
		spin_unlock(&p->lock);
	assert_false(held);
	assert_null(race_folio);
	assert_errno(race_ret, 0);
	assert_errno(ret, -EINVAL);
	cc_mark_taken(t, 0);
	assert_int_equal(folio_cc_pool_id(d), -1);
	assert_int_equal(folio_ref_count(d), 0);
	CC_EXPECT_POOL(pool, 0, 0, 0);
	CHECK_CC();
}

/*
 * The "cached" figure is stored - (invalidated + reclaimed + recalled),
 * read counter by counter. Should the difference ever be negative (here
 * one invalidation more than stores, set by hand), both the sysfs text
 * and cleancache_stats_get() show 0, not a wrapped unsigned number.
 * Kills f9c2d56d23 (cleancache_stats.c: the seq_file clamping only below
 * -1, printing 18446744073709551615 for -1).
 */
static void test_negative_cached_shows_zero(void **state)
{
	struct cleancache *cc_state = cleancache_get_state();
	struct cleancache_stats s;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	cc_stats(&s);
	assert_int_equal(s.stored, 0);
	atomic_long_inc(&cc_state->stats[CC_STAT_INVALIDATED]);
	assert_int_equal(cc_stat_cached(cc_state), -1);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_errno(cleancache_stats_show(f), 0);
	assert_int_equal(fclose(f), 0);
	assert_errno(cleancache_stats_get(&s), 0);
	atomic_long_dec(&cc_state->stats[CC_STAT_INVALIDATED]);
	if (!strstr(text, "invalidated 1\ncached 0\n"))
		fail_msg("stored 0, invalidated 1:\n%s", text);
	free(text);
	assert_int_equal(s.cached, 0);
	CHECK_CC();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_remove_fs_empties_every_bucket,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_remove_fs_drops_the_last_reference,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_get_folio_no_state_is_einval,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_invalidate_is_traced,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_invalidated_folio_is_poisoned,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_owned_range_to_unregistered_pool,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_owned_range_stops_at_its_end,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_get_folio_from_unregistered_pool,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_get_folio_loses_the_race_unlocked,
						cc_setup, cc_teardown),
		cmocka_unit_test_setup_teardown(test_negative_cached_shows_zero,
						cc_setup, cc_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Every walker of a list that bad input can corrupt reports the
 * corruption and returns: never an endless loop.
 *
 * Each test plants one corruption by hand, a node whose ->next points
 * back at itself or at an earlier node (the loop a donated free page
 * made: the buddy free list spliced into a pool's list), calls each
 * walker of that list, asserts that it returned with a violation
 * naming the list, then mends the list so the teardown finds a sound
 * machine. The walkers: sim_page_alloc_check(), sim_page_alloc_show(),
 * folio_alloc(), cleancache_check() and sim_machine_digest().
 *
 * The cleancache fixture, metadata only: a 1024-page machine whose top
 * 64 pages are a carve-out.
 */
#include <libgcma/digest.h>

#include "cc_test.h"
#include "check_test.h"
#include "kernel/mmzone.h"
#include "mm/cleancache_internal.h"
#include "mm/page_alloc_internal.h"

/* The walker must have reported "@msg" in a violation of @kind. */
#define EXPECT_REPORTED(ret, want, kind, msg) \
	CHECK_DETECTS((ret), (want), (kind), (msg))

static FILE *null_stream(void)
{
	FILE *f = fopen("/dev/null", "w");

	assert_non_null(f);
	return f;
}

/* The first non-empty free list of the zone, and its order and type. */
static struct list_head *some_free_list(unsigned int *order, int *mt)
{
	struct zone *zone = page_zone_local();

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int t = 0; t < MIGRATE_TYPES; t++) {
			struct list_head *l = &zone->free_area[o].free_list[t];

			if (!list_empty(l)) {
				*order = o;
				*mt = t;
				return l;
			}
		}
	fail();
	return NULL;
}

/*
 * A buddy free list whose first block points back at itself:
 *
 *   head -> A -> A -> A ...      (A->prev is still head)
 */
static void test_buddy_list_loop(void **state)
{
	struct cc_test *t = cc(state);
	struct list_head *head, *a, *saved;
	struct folio *folio;
	struct sim_digest d;
	unsigned int order;
	FILE *null = null_stream();
	int mt;

	head = some_free_list(&order, &mt);
	a = head->next;
	saved = a->next;
	a->next = a;			/* the corruption */

	EXPECT_REPORTED(sim_page_alloc_check(t->m) > 0, true, "CHECK",
			"is corrupt");
	EXPECT_REPORTED(sim_page_alloc_show(t->m, null), -EUCLEAN, "CHECK",
			"is corrupt");
	EXPECT_REPORTED(sim_machine_digest(t->m, &d), -EUCLEAN, "CHECK",
			"is corrupt");
	/*
	 * An allocation from that list returns: the corrupt list is
	 * reported and left alone (the block comes from elsewhere, or none).
	 */
	folio = folio_alloc(mt == MIGRATE_MOVABLE ? __GFP_MOVABLE : 0, order);
	assert_ptr_not_equal(folio, list_entry(a, struct folio, lru));
	EXPECT_REPORTED(0, 0, "WARN", "is corrupt");

	a->next = saved;
	if (folio)
		folio_put(folio);
	fclose(null);
	assert_errno(sim_page_alloc_check(t->m), 0);
	assert_errno(sim_machine_digest(t->m, &d), 0);
}

/*
 * Make @head's second entry point back at its first (head -> A -> B ->
 * A ...; A->prev is head, not B); cleancache_check() and the digest must
 * report it and return; then mend the list.
 */
static void loop_cc_list(struct cc_test *t, struct list_head *head)
{
	struct list_head *a = head->next, *b = a->next, *saved = b->next;
	struct sim_digest d;

	assert_ptr_not_equal(b, head);
	b->next = a;			/* the corruption */
	EXPECT_REPORTED(cleancache_check(), -EUCLEAN, "CHECK", "is corrupt");
	EXPECT_REPORTED(sim_machine_digest(t->m, &d), -EUCLEAN, "CHECK",
			"is corrupt");
	b->next = saved;
	CHECK_CC();
	assert_errno(sim_machine_digest(t->m, &d), 0);
}

/* A pool's free list that loops back past its head. */
static void test_pool_list_loop(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);

	cc_donate(t, pool, 0);
	cc_donate(t, pool, 1);
	loop_cc_list(t, &cleancache_get_state()->pools[pool].folio_list);
}

/* The LRU of cached folios, looping at its second entry. */
static void test_lru_loop(void **state)
{
	struct cc_test *t = cc(state);
	int pool = cc_pool("p", 0);

	cc_donate(t, pool, 0);
	cc_donate(t, pool, 1);
	assert_true(cc_store(&t->inode[1], cc_page(t), 0, true));
	assert_true(cc_store(&t->inode[1], cc_page(t), 1, true));
	loop_cc_list(t, &cleancache_get_state()->lru);
}

/*
 * A store that must evict walks the LRU from its tail by ->prev. Plant
 * a tail that is not evictable (TRANSIENT, as while a range call takes
 * it) and whose ->prev points back at itself: a walk without the link
 * test would never end. The store must WARN and not cache instead.
 */
static void test_lru_loop_eviction(void **state)
{
	struct cc_test *t = cc(state);
	struct cleancache *cc = cleancache_get_state();
	int pool = cc_pool("p", 0);
	struct list_head *a, *saved;
	struct folio *fa;

	cc_donate(t, pool, 0);
	assert_true(cc_store(&t->inode[1], cc_page(t), 0, true));
	/* The pool is empty now: the next store evicts from the LRU. */
	a = cc->lru.prev;
	fa = list_entry(a, struct folio, lru);
	saved = a->prev;
	folio_cc_set(fa, pool, CC_FOLIO_TRANSIENT);
	a->prev = a;			/* the corruption */

	EXPECT_REPORTED(cc_store(&t->inode[1], cc_page(t), 1, true), false,
			"WARN", "is corrupt");

	a->prev = saved;
	folio_cc_set(fa, pool, CC_FOLIO_CACHED);
	CHECK_CC();
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, cc_setup_meta, cc_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_buddy_list_loop),
		T(test_pool_list_loop),
		T(test_lru_loop),
		T(test_lru_loop_eviction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

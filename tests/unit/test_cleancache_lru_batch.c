// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The lru_batch option (docs/cleancache.md, "LRU batching"): per-CPU
 * batches of LRU rotations, applied when a batch fills and before every
 * eviction decision.
 *
 * The order tests run a seeded random mix of stores (new keys and
 * overwrites) and restores (hits and misses) on 12 keys over 8 donated
 * folios, so stores evict, and compare the whole LRU, head to tail,
 * with a model after every call:
 *
 *   option off  every hit and overwrite moves its entry to the head at
 *               once (v2's strict LRU);
 *   option on   a hit or an overwrite is appended to a batch; the batch
 *               is applied in order when it holds CC_LRU_BATCH_SIZE
 *               rotations and before every eviction; the victim is the
 *               tail after that.
 *
 * The test thread is pinned to one CPU so that all its rotations go to
 * one batch (what the model assumes); the guarantee itself does not
 * depend on it.
 */
#include <sched.h>

#include "cc_test.h"
#include "check_test.h"
#include "mm/cleancache_internal.h"

#define NR_FOLIOS	8
#define NR_KEY_INODES	3
#define NR_KEY_INDEXES	4
#define NR_KEYS		(NR_KEY_INODES * NR_KEY_INDEXES)
#define NR_STEPS	600

/* The model: the LRU as keys, head first, and the pending rotations. */
struct lru_model {
	bool batching;
	int lru[NR_KEYS];
	int nr;
	int batch[CC_LRU_BATCH_SIZE];
	int nr_batch;
};

static int model_find(const struct lru_model *m, int key)
{
	for (int i = 0; i < m->nr; i++)
		if (m->lru[i] == key)
			return i;
	return -1;
}

static void model_to_head(struct lru_model *m, int key)
{
	int at = model_find(m, key);

	if (at < 0)
		return;
	for (int i = at; i > 0; i--)
		m->lru[i] = m->lru[i - 1];
	m->lru[0] = key;
}

static void model_apply(struct lru_model *m)
{
	for (int i = 0; i < m->nr_batch; i++)
		model_to_head(m, m->batch[i]);
	m->nr_batch = 0;
}

static void model_rotate(struct lru_model *m, int key)
{
	if (!m->batching) {
		model_to_head(m, key);
		return;
	}
	m->batch[m->nr_batch++] = key;
	if (m->nr_batch == CC_LRU_BATCH_SIZE)
		model_apply(m);
}

/* A new key: into a free folio, else in place of the tail. */
static void model_store_new(struct lru_model *m, int key)
{
	if (m->nr == NR_FOLIOS) {
		model_apply(m);
		m->nr--;
	}
	for (int i = m->nr; i > 0; i--)
		m->lru[i] = m->lru[i - 1];
	m->lru[0] = key;
	m->nr++;
}

static struct inode *key_inode(struct cc_test *t, int key)
{
	return &t->inode[key / NR_KEY_INDEXES];
}

static pgoff_t key_index(int key)
{
	return (pgoff_t)(key % NR_KEY_INDEXES);
}

/* The real LRU as keys, head first; the number of entries. */
static int real_lru(struct cc_test *t, int *keys, int max)
{
	struct cleancache *cc = cleancache_get_state();
	struct folio *folio;
	int n = 0;

	spin_lock(&cc->lru_lock);
	list_for_each_entry(folio, &cc->lru, lru) {
		struct cleancache_inode *ccinode = folio_cc_inode(folio);

		if (n == max)
			break;
		keys[n++] = (int)(ccinode->ino * NR_KEY_INDEXES +
				  folio_cc_index(folio));
	}
	spin_unlock(&cc->lru_lock);
	(void)t;
	return n;
}

static void assert_lru_is(struct cc_test *t, const struct lru_model *m,
			  int step)
{
	int keys[NR_KEYS + 1];
	int n = real_lru(t, keys, NR_KEYS + 1);

	if (n != m->nr)
		fail_msg("step %d: the LRU holds %d entries, the model %d",
			 step, n, m->nr);
	for (int i = 0; i < n; i++)
		if (keys[i] != m->lru[i])
			fail_msg("step %d: LRU position %d holds key %d, the model key %d",
				 step, i, keys[i], m->lru[i]);
}

/* Keep the test thread on the CPU it is on: one batch (see the top). */
static void pin_to_this_cpu(cpu_set_t *old)
{
	cpu_set_t one;
	int cpu = sched_getcpu();

	assert_int_equal(sched_getaffinity(0, sizeof(*old), old), 0);
	CPU_ZERO(&one);
	CPU_SET(cpu < 0 ? 0 : cpu, &one);
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
}

static uint64_t next_rand(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

static void run_model(struct cc_test *t, bool batching, uint64_t seed)
{
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct lru_model m = { .batching = batching };
	cpu_set_t old;
	int pool = cc_pool("lru", 0);

	cc_donate_gcma(t, pool, 0, NR_FOLIOS);
	assert_int_equal(cleancache_set_lru_batch(batching), 0);
	pin_to_this_cpu(&old);

	for (int step = 0; step < NR_STEPS; step++) {
		int key = (int)(next_rand(&seed) % NR_KEYS);
		bool cached = model_find(&m, key) >= 0;
		struct inode *inode = key_inode(t, key);

		if (next_rand(&seed) % 2) {
			assert_true(cc_store_tag(t, inode, page,
						 key_index(key),
						 (uint32_t)key + 1));
			if (cached)
				model_rotate(&m, key);
			else
				model_store_new(&m, key);
		} else {
			assert_int_equal(cc_restore(t, inode, aux,
						    key_index(key)), cached);
			if (cached)
				model_rotate(&m, key);
		}
		assert_lru_is(t, &m, step);
		CHECK_CC();
	}
	assert_int_equal(sched_setaffinity(0, sizeof(old), &old), 0);
}

/* Option off (the default): the strict LRU of the 2025 series. */
static void test_lru_order_strict_by_default(void **state)
{
	run_model(cc(state), false, 1);
}

/* Option on: the batched order the model predicts, and eviction drains. */
static void test_lru_order_batched(void **state)
{
	run_model(cc(state), true, 1);
}

static void test_lru_order_batched_seed2(void **state)
{
	run_model(cc(state), true, 2);
}

/*
 * A pending rotation whose entry was invalidated, and whose folio was
 * then reused for another key, is skipped when the batch is applied: it
 * must not move the new entry.
 *
 *   store 0 (folio a), store 1 (folio b)      LRU 1 0
 *   restore 1, restore 0                      pending: b/1, a/0
 *   invalidate 0                              a FREE; LRU 1
 *   store 2                                   into a; LRU 2 1
 *   store 3                                   applies b/1 (LRU 1 2) and
 *                                             skips a/0, so evicts 2
 *
 * Applying a/0 to folio a (now key 2) would move 2 back to the head and
 * evict 1 instead.
 */
static void test_stale_rotation_skipped(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct inode *inode = &t->inode[1];
	int pool = cc_pool("lru", 0);

	cc_donate_gcma(t, pool, 0, 2);
	assert_int_equal(cleancache_set_lru_batch(true), 0);
	assert_true(cc_store_tag(t, inode, page, 0, 1));
	assert_true(cc_store_tag(t, inode, page, 1, 2));
	CC_RESTORE_HIT(t, inode, aux, 1, 2);
	CC_RESTORE_HIT(t, inode, aux, 0, 1);
	assert_true(cc_invalidate(inode, page, 0));
	CHECK_CC();
	assert_true(cc_store_tag(t, inode, page, 2, 3));
	assert_true(cc_store_tag(t, inode, page, 3, 4));
	CHECK_CC();
	CC_RESTORE_MISS(t, inode, aux, 0);
	CC_RESTORE_HIT(t, inode, aux, 1, 2);
	CC_RESTORE_MISS(t, inode, aux, 2);
	CC_RESTORE_HIT(t, inode, aux, 3, 4);
}

/* Turning the option off applies what is pending: the order is exact. */
static void test_off_applies_pending(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct inode *inode = &t->inode[0];	/* key == index */
	int pool = cc_pool("lru", 0);
	int keys[4];

	cc_donate_gcma(t, pool, 0, 3);
	assert_int_equal(cleancache_set_lru_batch(true), 0);
	for (pgoff_t i = 0; i < 3; i++)
		assert_true(cc_store_tag(t, inode, page, i, (uint32_t)i + 1));
	CC_RESTORE_HIT(t, inode, aux, 0, 1);
	assert_int_equal(real_lru(t, keys, 4), 3);
	assert_int_equal(keys[0], 2);			/* still pending */
	assert_int_equal(cleancache_set_lru_batch(false), 0);
	assert_int_equal(real_lru(t, keys, 4), 3);
	assert_int_equal(keys[0], 0);
	assert_int_equal(keys[1], 2);
	assert_int_equal(keys[2], 1);
	CHECK_CC();
}

/* The checker finds a batch the guarantee does not allow. */
static void test_check_finds_bad_batch(void **state)
{
	struct cc_test *t = cc(state);
	struct folio *page = cc_page(t), *aux = cc_page(t);
	struct inode *inode = &t->inode[3];
	struct cleancache *cc = cleancache_get_state();
	int pool = cc_pool("lru", 0);
	cpu_set_t old;
	struct cc_lru_batch *batch = NULL;

	cc_donate_gcma(t, pool, 0, 2);
	pin_to_this_cpu(&old);
	assert_int_equal(cleancache_set_lru_batch(true), 0);
	assert_true(cc_store_tag(t, inode, page, 0, 1));
	CC_RESTORE_HIT(t, inode, aux, 0, 1);
	for (unsigned int s = 0; s < CC_LRU_BATCH_SLOTS; s++)
		if (cc->lru_batch[s].nr)
			batch = &cc->lru_batch[s];
	assert_non_null(batch);
	assert_int_equal(batch->nr, 1);

	/* Recorded before the last eviction began, still pending. */
	batch->epoch--;
	CHECK_DETECTS(cleancache_check(), -EUCLEAN, "CHECK",
		      "rotations from epoch");
	batch->epoch++;
	CHECK_CLEAN(cleancache_check(), 0);

	/* Full, yet not applied. */
	batch->nr = CC_LRU_BATCH_SIZE;
	CHECK_DETECTS(cleancache_check(), -EUCLEAN, "CHECK",
		      "a full batch is applied at");
	batch->nr = 1;

	/* Pending with the option off. */
	WRITE_ONCE(cc->lru_batching, false);
	CHECK_DETECTS(cleancache_check(), -EUCLEAN, "CHECK",
		      "pending with lru_batch off");
	WRITE_ONCE(cc->lru_batching, true);
	CHECK_CLEAN(cleancache_check(), 0);
	assert_int_equal(sched_setaffinity(0, sizeof(old), &old), 0);
}

/*
 * The checker looks at every batch slot, the last one too: a full batch
 * planted in each slot in turn is named with that slot. Kills
 * 48f0669151 (the walk stopping one slot early).
 */
static void test_check_sees_every_slot(void **state)
{
	struct cleancache *cc = cleancache_get_state();
	char want[64];

	(void)state;
	for (unsigned int s = 0; s < CC_LRU_BATCH_SLOTS; s++) {
		snprintf(want, sizeof(want), "LRU batch %u: %u rotations", s,
			 CC_LRU_BATCH_SIZE);
		cc->lru_batch[s].nr = CC_LRU_BATCH_SIZE;
		CHECK_DETECTS(cleancache_check(), -EUCLEAN, "CHECK", want);
		cc->lru_batch[s].nr = 0;
	}
	CHECK_CLEAN(cleancache_check(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, cc_setup_meta, cc_teardown)
		T(test_lru_order_strict_by_default),
		T(test_lru_order_batched),
		T(test_lru_order_batched_seed2),
		T(test_stale_rotation_skipped),
		T(test_off_applies_pending),
		T(test_check_finds_bad_batch),
		T(test_check_sees_every_slot),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

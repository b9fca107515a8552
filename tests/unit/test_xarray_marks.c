// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of xarray marks: xa_set_mark(), xa_clear_mark(),
 * xa_get_mark(), xa_marked(), xa_find()/xa_find_after() and
 * xa_for_each_marked() with a mark, marks across tree growth and shrink,
 * erase versus replace, reservations, xa_destroy(), XA_MARK_0 in an
 * allocating array, and a random run against a model. xa_check() verifies
 * every mark bitmap after each step.
 */
#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 3);
}

static long objs[64];

static void *ptr(unsigned long i)
{
	return &objs[i % ARRAY_SIZE(objs)];
}

static void test_mark_basics(void **state)
{
	struct xarray xa;
	xa_mark_t m;

	xa_init(&xa);
	/* nothing to mark on an empty index */
	xa_set_mark(&xa, 5, XA_MARK_1);
	assert_false(xa_get_mark(&xa, 5, XA_MARK_1));
	assert_false(xa_marked(&xa, XA_MARK_1));
	check_xa(&xa, NULL);

	xa_store(&xa, 5, ptr(5), GFP_KERNEL);
	for (m = XA_MARK_0; m <= XA_MARK_MAX; m++) {
		assert_false(xa_get_mark(&xa, 5, m));
		xa_set_mark(&xa, 5, m);
		assert_true(xa_get_mark(&xa, 5, m));
		assert_true(xa_marked(&xa, m));
		assert_false(xa_get_mark(&xa, 4, m));
		assert_false(xa_get_mark(&xa, 5 + CHUNK, m));
		check_xa(&xa, NULL);
	}
	xa_clear_mark(&xa, 5, XA_MARK_1);
	assert_false(xa_get_mark(&xa, 5, XA_MARK_1));
	assert_false(xa_marked(&xa, XA_MARK_1));
	assert_true(xa_get_mark(&xa, 5, XA_MARK_0));
	check_xa(&xa, NULL);
	/* replacing keeps the marks, erasing drops them */
	assert_ptr_equal(xa_store(&xa, 5, ptr(6), GFP_KERNEL), ptr(5));
	assert_true(xa_get_mark(&xa, 5, XA_MARK_2));
	assert_ptr_equal(xa_erase(&xa, 5), ptr(6));
	assert_false(xa_marked(&xa, XA_MARK_0));
	assert_false(xa_marked(&xa, XA_MARK_2));
	xa_store(&xa, 5, ptr(5), GFP_KERNEL);
	assert_false(xa_get_mark(&xa, 5, XA_MARK_0));
	/* the __ variants with the lock held */
	xa_lock(&xa);
	__xa_set_mark(&xa, 5, XA_MARK_2);
	__xa_clear_mark(&xa, 5, XA_MARK_2);
	__xa_set_mark(&xa, 5, XA_MARK_1);
	xa_unlock(&xa);
	assert_true(xa_get_mark(&xa, 5, XA_MARK_1));
	assert_false(xa_get_mark(&xa, 5, XA_MARK_2));
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	assert_false(xa_marked(&xa, XA_MARK_1));
	check_nodes_live(0);
}

/* Index 0 in the head keeps its marks in xa_flags, through grow/shrink. */
static void test_mark_head_grow_shrink(void **state)
{
	unsigned long far = (unsigned long)CHUNK * CHUNK * 3 + 1;
	struct xarray xa;

	xa_init(&xa);
	xa_store(&xa, 0, ptr(0), GFP_KERNEL);
	xa_set_mark(&xa, 0, XA_MARK_0);
	assert_true(xa_get_mark(&xa, 0, XA_MARK_0));
	assert_false(xa_get_mark(&xa, 1, XA_MARK_0));
	/* index 0 moves into a leaf, two levels below a new root */
	xa_store(&xa, far, ptr(1), GFP_KERNEL);
	check_xa(&xa, NULL);
	assert_true(xa_get_mark(&xa, 0, XA_MARK_0));
	assert_false(xa_get_mark(&xa, far, XA_MARK_0));
	xa_set_mark(&xa, far, XA_MARK_1);
	check_xa(&xa, NULL);
	/* back to a head-only array: index 0's mark returns to xa_flags */
	xa_erase(&xa, far);
	check_xa(&xa, NULL);
	assert_true(xa_get_mark(&xa, 0, XA_MARK_0));
	assert_false(xa_marked(&xa, XA_MARK_1));
	xa_clear_mark(&xa, 0, XA_MARK_0);
	assert_false(xa_marked(&xa, XA_MARK_0));
	xa_set_mark(&xa, 0, XA_MARK_2);
	xa_erase(&xa, 0);
	assert_false(xa_marked(&xa, XA_MARK_2));
	assert_true(xa_empty(&xa));
	check_xa(&xa, NULL);
	check_nodes_live(0);
}

static void test_find_marked(void **state)
{
	unsigned long keys[] = { 0, 3, CHUNK - 1, CHUNK, 5 * CHUNK + 2,
				 CHUNK * CHUNK, 1UL << 40, ULONG_MAX };
	unsigned long index, i, seen;
	struct xarray xa;
	void *entry;

	xa_init(&xa);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		xa_store(&xa, keys[i], ptr(i), GFP_KERNEL);
	/* mark every other key with mark 1 */
	for (i = 0; i < ARRAY_SIZE(keys); i += 2)
		xa_set_mark(&xa, keys[i], XA_MARK_1);
	check_xa(&xa, NULL);
	seen = 0;
	xa_for_each_marked(&xa, index, entry, XA_MARK_1) {
		assert_int_equal(index, keys[seen * 2]);
		assert_ptr_equal(entry, ptr(seen * 2));
		seen++;
	}
	assert_int_equal(seen, ARRAY_SIZE(keys) / 2);
	/* nothing has mark 2 */
	index = 0;
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_MARK_2));
	assert_int_equal(index, 0);
	/* bounded: [1, CHUNK - 2] holds only 3, which is not marked */
	index = 1;
	assert_null(xa_find(&xa, &index, CHUNK - 2, XA_MARK_1));
	assert_int_equal(index, 1);
	index = 1;
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_MARK_1), ptr(2));
	assert_int_equal(index, CHUNK - 1);
	/* find_after the last marked key */
	index = keys[6];
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_MARK_1));
	index = keys[ARRAY_SIZE(keys) - 1];
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_MARK_1));
	/* mark the top key and find it */
	xa_set_mark(&xa, ULONG_MAX, XA_MARK_1);
	index = keys[6];
	assert_ptr_equal(xa_find_after(&xa, &index, ULONG_MAX, XA_MARK_1),
			 ptr(7));
	assert_int_equal(index, ULONG_MAX);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * Where xas_find_marked() leaves the cursor when nothing is found (the
 * kernel's check_find_3): past @max it restarts (XAS_RESTART), so the
 * next walk starts again; when the tree ends before @max it is out of
 * bounds (XAS_BOUNDS).
 */
static void test_xas_find_marked_states(void **state)
{
	struct xarray xa;
	unsigned long j, k;
	void *entry;

	xa_init(&xa);
	for (j = 0; j < 2 * CHUNK; j++)
		xa_store(&xa, j, ptr(j), GFP_KERNEL);
	rcu_read_lock();
	for (j = 0; j < 2 * CHUNK; j += 3) {
		for (k = 0; k < 2 * CHUNK; k += 5) {
			XA_STATE(xas, &xa, j);

			xas_for_each_marked(&xas, entry, k, XA_MARK_0)
				;
			if (j > k)
				assert_ptr_equal(xas.xa_node, XAS_RESTART);
		}
	}
	/* nothing marked up to the end of the tree and beyond: bounds */
	{
		XA_STATE(xas, &xa, 1);

		assert_null(xas_find_marked(&xas, ULONG_MAX, XA_MARK_1));
		assert_ptr_equal(xas.xa_node, XAS_BOUNDS);
	}
	rcu_read_unlock();
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* A reservation can carry a mark but is never found. */
static void test_mark_reserved(void **state)
{
	unsigned long index = 0;
	struct xarray xa;

	xa_init(&xa);
	assert_errno(xa_reserve(&xa, 9, GFP_KERNEL), 0);
	xa_set_mark(&xa, 9, XA_MARK_0);
	assert_true(xa_get_mark(&xa, 9, XA_MARK_0));
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_MARK_0));
	xa_store(&xa, 9, ptr(9), GFP_KERNEL);
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_MARK_0), ptr(9));
	xa_release(&xa, 9);	/* not reserved any more: nothing happens */
	assert_true(xa_get_mark(&xa, 9, XA_MARK_0));
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* XA_MARK_0 belongs to the allocator in allocating arrays; bad marks. */
static void test_mark_misuse(void **state)
{
	unsigned long index = 0;
	struct xarray xa;
	uint32_t id;

	xa_init_flags(&xa, XA_FLAGS_ALLOC);
	assert_errno(xa_alloc(&xa, &id, ptr(1), xa_limit_32b, GFP_KERNEL), 0);
	xa_set_mark(&xa, id, XA_MARK_0);
	assert_false(xa_get_mark(&xa, id, XA_MARK_0));
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_MARK_0));
	test_expect_violations(machine(state), 3);
	xa_set_mark(&xa, id, XA_MARK_1);
	assert_true(xa_get_mark(&xa, id, XA_MARK_1));
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_MARK_1), ptr(1));
	check_xa(&xa, NULL);
	xa_destroy(&xa);

	xa_init(&xa);
	xa_store(&xa, 1, ptr(1), GFP_KERNEL);
	xa_set_mark(&xa, 1, 3);
	xa_clear_mark(&xa, 1, 8);
	assert_false(xa_get_mark(&xa, 1, 4));
	test_expect_violations(machine(state), 3);
	xa_lock(&xa);
	xa_unlock(&xa);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* Random stores, erases and mark changes against a model. */
static void test_marks_random_vs_model(void **state)
{
	enum { NR = 96 };
	static unsigned long keys[NR];
	bool marked[NR][XA_MAX_MARKS] = { { false } };
	bool present[NR] = { false };
	struct xarray xa;
	unsigned long op, i;

	/* distinct keys: dense ones below 256, sparse ones with bit 16 set
	 * and their position in the low byte */
	for (i = 0; i < NR; i++)
		keys[i] = i < NR / 2 ? i * 3 :
			  ((rng_next() >> (rng_next() % 64)) << 17) |
			  0x10000UL | i;
	xa_init(&xa);
	for (op = 0; op < 20000; op++) {
		uint64_t r = rng_next();
		unsigned int k = r % NR;
		xa_mark_t m = (r >> 16) % XA_MAX_MARKS;

		switch ((r >> 32) % 5) {
		case 0:
			xa_store(&xa, keys[k], ptr(k), GFP_KERNEL);
			present[k] = true;
			break;
		case 1:
			xa_erase(&xa, keys[k]);
			present[k] = false;
			marked[k][0] = marked[k][1] = marked[k][2] = false;
			break;
		case 2:
		case 3:
			xa_set_mark(&xa, keys[k], m);
			if (present[k])
				marked[k][m] = true;
			break;
		case 4:
			xa_clear_mark(&xa, keys[k], m);
			marked[k][m] = false;
			break;
		}
		assert_int_equal(xa_get_mark(&xa, keys[k], m), marked[k][m]);
		if (op % 250 == 0) {
			unsigned long index, n = 0, want = 0;
			void *entry;

			check_xa(&xa, NULL);
			for (i = 0; i < NR; i++)
				want += marked[i][m];
			xa_for_each_marked(&xa, index, entry, m)
				n++;
			assert_int_equal(n, want);
		}
	}
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * Erasing unmarked entries, in the marked entry's leaf and in other
 * subtrees, leaves every bit above the marked one in place (the erase
 * stops at the first clear bit); storing into empty slots of an existing
 * leaf changes no mark. Erasing the marked entry last clears the array's.
 */
static void test_erase_unmarked_keeps_marks(void **state)
{
	unsigned long deep = (unsigned long)CHUNK * CHUNK * 2 + 7;
	unsigned long near = deep + 1, far = 3;
	unsigned long index;
	struct xarray xa;
	void *entry;

	xa_init(&xa);
	xa_store(&xa, deep, ptr(1), GFP_KERNEL);
	xa_store(&xa, far, ptr(2), GFP_KERNEL);
	xa_set_mark(&xa, deep, XA_MARK_2);
	/* an empty slot of the marked entry's leaf */
	xa_store(&xa, near, ptr(3), GFP_KERNEL);
	assert_false(xa_get_mark(&xa, near, XA_MARK_2));
	check_xa(&xa, NULL);
	assert_ptr_equal(xa_erase(&xa, near), ptr(3));
	assert_ptr_equal(xa_erase(&xa, far), ptr(2));
	check_xa(&xa, NULL);
	assert_true(xa_get_mark(&xa, deep, XA_MARK_2));
	assert_true(xa_marked(&xa, XA_MARK_2));
	index = 0;
	entry = xa_find(&xa, &index, ULONG_MAX, XA_MARK_2);
	assert_ptr_equal(entry, ptr(1));
	assert_int_equal(index, deep);
	xa_clear_mark(&xa, far, XA_MARK_2);	/* not present: nothing */
	assert_true(xa_marked(&xa, XA_MARK_2));
	assert_ptr_equal(xa_erase(&xa, deep), ptr(1));
	assert_false(xa_marked(&xa, XA_MARK_2));
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_mark_basics),
		T(test_mark_head_grow_shrink),
		T(test_find_marked),
		T(test_xas_find_marked_states),
		T(test_mark_reserved),
		T(test_mark_misuse),
		T(test_marks_random_vs_model),
		T(test_erase_unmarked_keeps_marks),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the xarray: loads, stores, insert, cmpxchg, erase, find,
 * iteration, destroy, tree growth and shrinking, node lifetime under RCU,
 * and concurrent RCU readers against a writer.
 *
 * Every test runs on its own machine (test_setup_machine); the teardown
 * fails the test if a node or any other object is still live once RCU
 * callbacks have drained, or if an unexpected violation was recorded.
 * Expectations on tree shape are computed from XA_CHUNK_SHIFT, so the
 * file is valid for any node size.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/rcupdate.h"
#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 42);
}

/* Levels of nodes a tree needs to hold @index (0 only for index 0). */
static unsigned int levels_for(unsigned long index)
{
	unsigned int levels = 1;

	while (levels * XA_CHUNK_SHIFT < BITS_PER_LONG &&
	       (index >> (levels * XA_CHUNK_SHIFT)))
		levels++;
	return levels;
}

static long objs[64];

static void *ptr(unsigned long i)
{
	return &objs[i % ARRAY_SIZE(objs)];
}

static void test_empty(void **state)
{
	DEFINE_XARRAY(sxa);
	struct xarray xa;
	unsigned long index = 0;

	xa_init(&xa);
	assert_true(xa_empty(&xa));
	assert_true(xa_empty(&sxa));
	assert_null(xa_load(&xa, 0));
	assert_null(xa_load(&xa, 1));
	assert_null(xa_load(&xa, ULONG_MAX));
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT));
	assert_int_equal(index, 0);
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT));
	assert_null(xa_erase(&xa, 0));
	assert_null(xa_erase(&xa, 12345));
	assert_null(xa_cmpxchg(&xa, 7, NULL, NULL, GFP_KERNEL));
	assert_null(xa_store(&xa, 3, NULL, GFP_KERNEL));
	assert_true(xa_empty(&xa));
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	xa_destroy(&sxa);
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

/* Index 0 alone lives in the head; anything else needs a node. */
static void test_index_zero_in_head(void **state)
{
	struct xa_check_stats st;
	struct xarray xa;

	xa_init(&xa);
	assert_null(xa_store(&xa, 0, ptr(1), GFP_KERNEL));
	assert_ptr_equal(xa.xa_head, ptr(1));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, 0);
	assert_int_equal(st.nr_present, 1);
	assert_ptr_equal(xa_load(&xa, 0), ptr(1));
	assert_null(xa_load(&xa, 1));

	assert_ptr_equal(xa_store(&xa, 0, ptr(2), GFP_KERNEL), ptr(1));
	assert_null(xa_store(&xa, 1, ptr(3), GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, 1);
	assert_true(xa_is_node(xa.xa_head));
	assert_ptr_equal(xa_load(&xa, 0), ptr(2));
	assert_ptr_equal(xa_load(&xa, 1), ptr(3));

	assert_ptr_equal(xa_erase(&xa, 1), ptr(3));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, 0);
	assert_ptr_equal(xa.xa_head, ptr(2));
	assert_ptr_equal(xa_erase(&xa, 0), ptr(2));
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

static void test_reserved_index_zero(void **state)
{
	struct xa_check_stats st;
	unsigned long index = 0;
	struct xarray xa;

	xa_init(&xa);
	assert_errno(xa_insert(&xa, 0, NULL, GFP_KERNEL), 0);
	assert_false(xa_empty(&xa));
	assert_null(xa_load(&xa, 0));
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT));
	assert_errno(xa_insert(&xa, 0, ptr(0), GFP_KERNEL), -EBUSY);

	assert_null(xa_store(&xa, CHUNK + 1, ptr(1), GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	assert_int_equal(st.nr_present, 1);
	assert_int_equal(st.nr_nodes, 3);
	assert_null(xa_load(&xa, 0));
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), ptr(1));
	assert_int_equal(index, CHUNK + 1);

	/* erasing the other entry shrinks back to a reserved head */
	assert_ptr_equal(xa_erase(&xa, CHUNK + 1), ptr(1));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, 0);
	assert_ptr_equal(xa.xa_head, XA_ZERO_ENTRY);
	/* erasing a reservation returns NULL and empties the array */
	assert_null(xa_erase(&xa, 0));
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

static void test_ulong_max(void **state)
{
	struct xa_check_stats st;
	unsigned long index = 0;
	struct xarray xa;

	xa_init(&xa);
	assert_null(xa_store(&xa, ULONG_MAX, ptr(9), GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, XA_MAX_LEVELS);
	assert_int_equal(st.height, levels_for(ULONG_MAX));
	assert_ptr_equal(xa_load(&xa, ULONG_MAX), ptr(9));
	assert_null(xa_load(&xa, ULONG_MAX - 1));
	assert_null(xa_load(&xa, 0));
	assert_null(xa_load(&xa, ULONG_MAX >> 1));

	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), ptr(9));
	assert_int_equal(index, ULONG_MAX);
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT));
	assert_int_equal(index, ULONG_MAX);

	assert_null(xa_store(&xa, ULONG_MAX - 1, ptr(8), GFP_KERNEL));
	assert_null(xa_store(&xa, 0, ptr(7), GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, 3);
	assert_ptr_equal(xa_erase(&xa, ULONG_MAX), ptr(9));
	assert_ptr_equal(xa_load(&xa, ULONG_MAX - 1), ptr(8));
	assert_ptr_equal(xa_erase(&xa, ULONG_MAX - 1), ptr(8));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, 0);
	assert_ptr_equal(xa_load(&xa, 0), ptr(7));
	assert_ptr_equal(xa_erase(&xa, 0), ptr(7));
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

/*
 * The top level of a full tree has the largest shift that is a multiple
 * of XA_CHUNK_SHIFT below BITS_PER_LONG (60 with 64- or 16-slot nodes,
 * 63 with 8-slot ones). Indices from 2^that shift on need it, the one
 * below does not, and no index asks for a level at BITS_PER_LONG. When
 * XA_CHUNK_SHIFT divides BITS_PER_LONG (4, 2), xa_shift_for() stepping
 * one level too far shifts an index by 64 (tests/unit/chunk_shifts
 * builds shift 4). Kills a6acfce50a (its climb allowed to reach
 * BITS_PER_LONG: a root of shift 64).
 */
static void test_top_level(void **state)
{
	const unsigned int top = (BITS_PER_LONG - 1) / XA_CHUNK_SHIFT *
				 XA_CHUNK_SHIFT;
	const unsigned long first = 1UL << top;
	const unsigned long indices[] = { first - 1, first, first + 1,
					  ULONG_MAX };
	struct xa_check_stats st;
	struct xarray xa;
	unsigned int i;

	(void)state;
	assert_int_equal(levels_for(first), top / XA_CHUNK_SHIFT + 1);
	assert_int_equal(levels_for(first - 1), top / XA_CHUNK_SHIFT);
	xa_init(&xa);
	for (i = 0; i < ARRAY_SIZE(indices); i++) {
		unsigned long index = indices[i];

		assert_int_equal(xa_shift_for(index),
				 (levels_for(index) - 1) * XA_CHUNK_SHIFT);
		assert_null(xa_store(&xa, index, ptr(i), GFP_KERNEL));
		check_xa(&xa, &st);
		assert_int_equal(st.height, levels_for(index));
		assert_ptr_equal(xa_load(&xa, index), ptr(i));
		assert_ptr_equal(xa_erase(&xa, index), ptr(i));
		assert_true(xa_empty(&xa));
	}
	check_nodes_live(0);
}

static void test_dense_keys(void **state)
{
	const unsigned long n = 10000;
	struct xa_check_stats st;
	unsigned long index, i;
	struct xarray xa;
	void *entry;

	xa_init(&xa);
	for (i = 0; i < n; i++)
		assert_null(xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, n);
	assert_int_equal(st.height, levels_for(n - 1));
	check_nodes_live((long)st.nr_nodes);
	for (i = 0; i < n; i++)
		assert_ptr_equal(xa_load(&xa, i), xa_mk_value(i));
	assert_null(xa_load(&xa, n));

	for (i = 1; i < n; i += 2)
		assert_ptr_equal(xa_erase(&xa, i), xa_mk_value(i));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, n / 2);
	i = 0;
	xa_for_each(&xa, index, entry) {
		assert_int_equal(index, i);
		assert_ptr_equal(entry, xa_mk_value(i));
		i += 2;
	}
	assert_int_equal(i, n);

	for (i = 0; i < n; i += 2)
		assert_ptr_equal(xa_erase(&xa, i), xa_mk_value(i));
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static void test_sparse_random_keys(void **state)
{
	enum { NR = 4096 };
	unsigned long *keys = calloc(NR, sizeof(*keys));
	unsigned long *sorted = calloc(NR, sizeof(*sorted));
	unsigned long index, i, nr_unique = 0;
	struct xa_check_stats st;
	struct xarray xa;
	void *entry;

	assert_non_null(keys);
	assert_non_null(sorted);
	xa_init(&xa);
	for (i = 0; i < NR; i++) {
		/* mix full-width keys with ones clustered near small indices */
		keys[i] = rng_next();
		if (i % 4 == 1)
			keys[i] >>= 40;
		xa_store(&xa, keys[i], xa_mk_value(keys[i] >> 1), GFP_KERNEL);
	}
	memcpy(sorted, keys, NR * sizeof(*keys));
	qsort(sorted, NR, sizeof(*sorted), cmp_ulong);
	for (i = 0; i < NR; i++)
		if (!nr_unique || sorted[nr_unique - 1] != sorted[i])
			sorted[nr_unique++] = sorted[i];

	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, nr_unique);
	check_nodes_live((long)st.nr_nodes);

	for (i = 0; i < NR; i++) {
		unsigned long k = keys[i] ^ 1;

		assert_ptr_equal(xa_load(&xa, keys[i]),
				 xa_mk_value(keys[i] >> 1));
		if (!bsearch(&k, sorted, nr_unique, sizeof(k), cmp_ulong))
			assert_null(xa_load(&xa, k));
	}

	i = 0;
	xa_for_each(&xa, index, entry) {
		assert_true(i < nr_unique);
		assert_int_equal(index, sorted[i]);
		assert_ptr_equal(entry, xa_mk_value(index >> 1));
		i++;
	}
	assert_int_equal(i, nr_unique);

	/* erase in the insertion order, checking the tree now and then */
	for (i = 0; i < NR; i++) {
		xa_erase(&xa, keys[i]);
		if (i % 512 == 0)
			check_xa(&xa, NULL);
	}
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
	free(keys);
	free(sorted);
}

/*
 * A value above LONG_MAX loses its top bit: the kernel WARN_ONs, and so
 * must we (it used to truncate silently).
 */
static void test_value_above_long_max_warns(void **state)
{
	struct sim_violation v;
	void *entry;

	entry = xa_mk_value(LONG_MAX);
	assert_int_equal(sim_violation_count(machine(state)), 0);
	entry = xa_mk_value((unsigned long)LONG_MAX + 1);
	assert_true(xa_is_value(entry));
	assert_int_equal(sim_violation_count(machine(state)), 1);
	assert_errno(sim_violation_get(machine(state), 0, &v), 0);
	assert_string_equal(v.kind, "WARN_ON");
	assert_string_equal(v.func, "xa_mk_value");
	xa_mk_value(ULONG_MAX);
	test_expect_violations(machine(state), 2);
}

static void test_value_entries(void **state)
{
	static const unsigned long values[] = {
		0, 1, 2, 0x1234, (unsigned long)INT_MAX, LONG_MAX - 1, LONG_MAX,
	};
	struct xarray xa;
	unsigned long i;

	xa_init(&xa);
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		void *entry = xa_mk_value(values[i]);

		assert_true(xa_is_value(entry));
		assert_false(xa_is_internal(entry));
		assert_false(xa_is_err(entry));
		assert_int_equal(xa_to_value(entry), values[i]);
		assert_null(xa_store(&xa, i * CHUNK, entry, GFP_KERNEL));
	}
	assert_false(xa_is_value(ptr(0)));
	assert_false(xa_is_value(NULL));
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		void *entry = xa_load(&xa, i * CHUNK);

		assert_true(xa_is_value(entry));
		assert_int_equal(xa_to_value(entry), values[i]);
	}
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_error_entries(void **state)
{
	static const int errnos[] = {
		-EPERM, -ENOMEM, -EBUSY, -EINVAL, -ENOSPC, -EEXIST, -EAGAIN,
		-4095,
	};
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++) {
		void *entry = XA_ERROR(errnos[i]);

		assert_true(xa_is_internal(entry));
		assert_true(xa_is_err(entry));
		assert_false(xa_is_value(entry));
		assert_false(xa_is_node(entry));
		assert_errno(xa_err(entry), errnos[i]);
	}
	/* nothing else is an error */
	assert_false(xa_is_err(NULL));
	assert_errno(xa_err(NULL), 0);
	assert_false(xa_is_err(ptr(3)));
	assert_errno(xa_err(ptr(3)), 0);
	assert_false(xa_is_err(xa_mk_value(0)));
	assert_false(xa_is_err(xa_mk_value(LONG_MAX)));
	assert_errno(xa_err(xa_mk_value(LONG_MAX)), 0);
	assert_false(xa_is_err(XA_ZERO_ENTRY));
	assert_false(xa_is_err(XA_RETRY_ENTRY));
	assert_false(xa_is_err(xa_mk_internal(-4096L)));
	assert_errno(xa_err(xa_mk_internal(-4096L)), 0);
}

static void test_store_returns_old(void **state)
{
	struct xarray xa;

	xa_init(&xa);
	assert_null(xa_store(&xa, 5, ptr(1), GFP_KERNEL));
	assert_ptr_equal(xa_store(&xa, 5, ptr(2), GFP_KERNEL), ptr(1));
	assert_ptr_equal(xa_store(&xa, 5, xa_mk_value(3), GFP_KERNEL), ptr(2));
	/* storing NULL erases in an array that does not track free ids */
	assert_ptr_equal(xa_store(&xa, 5, NULL, GFP_KERNEL), xa_mk_value(3));
	assert_true(xa_empty(&xa));
	assert_null(xa_store(&xa, 5, NULL, GFP_KERNEL));
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

static void test_insert(void **state)
{
	struct xa_check_stats st;
	unsigned long index = 0;
	struct xarray xa;

	xa_init(&xa);
	assert_errno(xa_insert(&xa, 10, ptr(1), GFP_KERNEL), 0);
	assert_errno(xa_insert(&xa, 10, ptr(2), GFP_KERNEL), -EBUSY);
	assert_ptr_equal(xa_load(&xa, 10), ptr(1));
	assert_errno(xa_insert(&xa, 10, NULL, GFP_KERNEL), -EBUSY);

	/* NULL reserves: invisible to loads and finds, but occupied */
	assert_errno(xa_insert(&xa, 11, NULL, GFP_KERNEL), 0);
	assert_null(xa_load(&xa, 11));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	assert_int_equal(st.nr_present, 1);
	assert_errno(xa_insert(&xa, 11, ptr(3), GFP_KERNEL), -EBUSY);
	assert_errno(xa_insert(&xa, 11, NULL, GFP_KERNEL), -EBUSY);
	index = 11;
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT));
	assert_int_equal(index, 11);

	/* a store fills a reservation and reports no previous entry */
	assert_null(xa_store(&xa, 11, ptr(4), GFP_KERNEL));
	assert_ptr_equal(xa_load(&xa, 11), ptr(4));
	assert_ptr_equal(xa_erase(&xa, 11), ptr(4));
	assert_errno(xa_insert(&xa, 11, ptr(5), GFP_KERNEL), 0);

	assert_errno(xa_insert(&xa, ULONG_MAX, xa_mk_value(1), GFP_KERNEL), 0);
	assert_errno(xa_insert(&xa, ULONG_MAX, xa_mk_value(2), GFP_KERNEL),
		     -EBUSY);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_cmpxchg(void **state)
{
	struct xa_check_stats st;
	struct xarray xa;

	xa_init(&xa);
	/* NULL -> entry on an empty index */
	assert_null(xa_cmpxchg(&xa, 12, NULL, ptr(1), GFP_KERNEL));
	assert_ptr_equal(xa_load(&xa, 12), ptr(1));
	/* mismatch: returns the current entry, stores nothing */
	assert_ptr_equal(xa_cmpxchg(&xa, 12, ptr(2), ptr(3), GFP_KERNEL),
			 ptr(1));
	assert_ptr_equal(xa_load(&xa, 12), ptr(1));
	assert_ptr_equal(xa_cmpxchg(&xa, 12, NULL, ptr(3), GFP_KERNEL), ptr(1));
	assert_ptr_equal(xa_load(&xa, 12), ptr(1));
	/* match */
	assert_ptr_equal(xa_cmpxchg(&xa, 12, ptr(1), ptr(2), GFP_KERNEL),
			 ptr(1));
	assert_ptr_equal(xa_load(&xa, 12), ptr(2));
	/* entry -> NULL erases */
	assert_ptr_equal(xa_cmpxchg(&xa, 12, ptr(2), NULL, GFP_KERNEL), ptr(2));
	assert_true(xa_empty(&xa));
	/* a mismatch on an empty index leaves it empty */
	assert_null(xa_cmpxchg(&xa, 12, ptr(2), ptr(3), GFP_KERNEL));
	assert_true(xa_empty(&xa));

	/*
	 * a reserved index holds XA_ZERO_ENTRY: NULL does not match it (the
	 * reservation stays), XA_ZERO_ENTRY does; both calls return NULL
	 */
	assert_errno(xa_insert(&xa, 40, NULL, GFP_KERNEL), 0);
	assert_null(xa_cmpxchg(&xa, 40, ptr(5), ptr(6), GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	assert_null(xa_cmpxchg(&xa, 40, NULL, ptr(6), GFP_KERNEL));
	assert_null(xa_load(&xa, 40));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	assert_null(xa_cmpxchg(&xa, 40, XA_ZERO_ENTRY, ptr(6), GFP_KERNEL));
	assert_ptr_equal(xa_load(&xa, 40), ptr(6));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 0);
	assert_int_equal(st.nr_present, 1);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* Erasing the current entry inside xa_for_each() is safe. */
static void test_for_each_erase(void **state)
{
	unsigned long index, expect = 0, visited = 0;
	struct xarray xa;
	void *entry;

	xa_init(&xa);
	for (index = 0; index < 3000; index += 3)
		xa_store(&xa, index, xa_mk_value(index), GFP_KERNEL);
	xa_store(&xa, ULONG_MAX, xa_mk_value(7), GFP_KERNEL);

	xa_for_each(&xa, index, entry) {
		if (expect < 3000) {
			assert_int_equal(index, expect);
			assert_ptr_equal(entry, xa_mk_value(index));
			expect += 3;
		} else {
			assert_int_equal(index, ULONG_MAX);
		}
		assert_ptr_equal(xa_erase(&xa, index), entry);
		visited++;
		if (visited % 100 == 0)
			check_xa(&xa, NULL);
	}
	assert_int_equal(visited, 1001);
	assert_true(xa_empty(&xa));
	check_nodes_live(0);

	/* erasing entries ahead of the cursor hides them from the walk */
	for (index = 0; index < 600; index++)
		xa_store(&xa, index, xa_mk_value(index), GFP_KERNEL);
	visited = 0;
	xa_for_each(&xa, index, entry) {
		assert_int_equal(index % 2, 0);
		xa_erase(&xa, index + 1);
		visited++;
	}
	assert_int_equal(visited, 300);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_find_edges(void **state)
{
	struct xarray xa;
	unsigned long index;

	xa_init(&xa);
	xa_store(&xa, 10, ptr(10), GFP_KERNEL);
	xa_store(&xa, 20, ptr(20), GFP_KERNEL);
	xa_store(&xa, ULONG_MAX, ptr(63), GFP_KERNEL);
	assert_errno(xa_insert(&xa, 15, NULL, GFP_KERNEL), 0);

	index = 0;
	assert_null(xa_find(&xa, &index, 9, XA_PRESENT));
	assert_int_equal(index, 0);
	assert_ptr_equal(xa_find(&xa, &index, 10, XA_PRESENT), ptr(10));
	assert_int_equal(index, 10);
	assert_ptr_equal(xa_find(&xa, &index, 10, XA_PRESENT), ptr(10));
	assert_int_equal(index, 10);
	index = 11;
	assert_null(xa_find(&xa, &index, 19, XA_PRESENT));
	assert_int_equal(index, 11);
	/* the reservation at 15 is skipped */
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), ptr(20));
	assert_int_equal(index, 20);
	index = 21;
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), ptr(63));
	assert_int_equal(index, ULONG_MAX);
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), ptr(63));
	index = 30;
	assert_null(xa_find(&xa, &index, 25, XA_PRESENT));
	assert_int_equal(index, 30);
	index = 21;
	assert_null(xa_find(&xa, &index, ULONG_MAX - 1, XA_PRESENT));

	index = 10;
	assert_ptr_equal(xa_find_after(&xa, &index, 20, XA_PRESENT), ptr(20));
	assert_int_equal(index, 20);
	assert_null(xa_find_after(&xa, &index, 20, XA_PRESENT));
	assert_int_equal(index, 20);
	assert_null(xa_find_after(&xa, &index, ULONG_MAX - 1, XA_PRESENT));
	assert_ptr_equal(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT),
			 ptr(63));
	assert_int_equal(index, ULONG_MAX);

	/* no wrap from ULONG_MAX back to index 0 */
	xa_store(&xa, 0, ptr(0), GFP_KERNEL);
	index = ULONG_MAX;
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT));
	assert_int_equal(index, ULONG_MAX);
	index = 0;
	assert_ptr_equal(xa_find(&xa, &index, 0, XA_PRESENT), ptr(0));
	assert_null(xa_find_after(&xa, &index, 9, XA_PRESENT));
	xa_destroy(&xa);

	/* head-only arrays */
	xa_store(&xa, 0, ptr(1), GFP_KERNEL);
	index = 0;
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), ptr(1));
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT));
	index = 1;
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT));
	xa_erase(&xa, 0);
	assert_errno(xa_insert(&xa, 0, NULL, GFP_KERNEL), 0);
	index = 0;
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT));
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* Only XA_PRESENT is supported; anything else warns and finds nothing. */
static void test_find_bad_filter(void **state)
{
	struct xarray xa;
	unsigned long index = 0;

	xa_init(&xa);
	xa_store(&xa, 1, ptr(1), GFP_KERNEL);
	/* marks 0..2 are filters (nothing is marked), 3..7 are not */
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_MARK_0));
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_MARK_2));
	test_expect_violations(machine(state), 0);
	assert_null(xa_find(&xa, &index, ULONG_MAX, 3));
	assert_int_equal(index, 0);
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, 7));
	assert_int_equal(index, 0);
	test_expect_violations(machine(state), 2);
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), ptr(1));
	xa_destroy(&xa);
}

static void test_destroy_and_reuse(void **state)
{
	struct xa_check_stats st;
	struct xarray xa;
	unsigned long i;

	xa_init(&xa);
	for (i = 0; i < 1000; i++)
		xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL);
	for (i = 0; i < 100; i++)
		xa_store(&xa, rng_next(), xa_mk_value(i), GFP_KERNEL);
	check_xa(&xa, &st);
	assert_true(st.nr_nodes > 1);
	xa_destroy(&xa);
	assert_true(xa_empty(&xa));
	assert_null(xa_load(&xa, 5));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, 0);
	check_nodes_live(0);

	/* the array is usable again, and destroy of a head-only one works */
	assert_null(xa_store(&xa, CHUNK - 1, ptr(5), GFP_KERNEL));
	assert_ptr_equal(xa_load(&xa, CHUNK - 1), ptr(5));
	check_nodes_live(1);
	xa_destroy(&xa);
	xa_store(&xa, 0, ptr(0), GFP_KERNEL);
	xa_destroy(&xa);
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

/*
 * Entries only the advanced API may store (internal values up to
 * XA_RETRY_ENTRY) are refused: each attempt warns once. The other
 * internal entries are stored as the kernel stores them
 * (test_xarray_entries.c).
 */
static void test_store_internal_rejected(void **state)
{
	void *bad[] = {
		xa_mk_internal(0), xa_mk_internal(7), XA_RETRY_ENTRY,
	};
	struct xa_check_stats st;
	struct xarray xa;
	uint32_t id;
	unsigned long i;

	xa_init(&xa);
	xa_store(&xa, 3, ptr(3), GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_errno(xa_err(xa_store(&xa, 3, bad[i], GFP_KERNEL)),
			     -EINVAL);
		assert_errno(xa_err(xa_store(&xa, 4, bad[i], GFP_KERNEL)),
			     -EINVAL);
		assert_errno(xa_insert(&xa, 4, bad[i], GFP_KERNEL), -EINVAL);
		assert_errno(xa_err(xa_cmpxchg(&xa, 3, ptr(3), bad[i],
					       GFP_KERNEL)), -EINVAL);
		xa_lock(&xa);
		assert_errno(xa_err(__xa_store(&xa, 0, bad[i], GFP_KERNEL)),
			     -EINVAL);
		xa_unlock(&xa);
		assert_errno(xa_alloc(&xa, &id, bad[i], xa_limit_32b,
				      GFP_KERNEL), -EINVAL);
	}
	test_expect_violations(machine(state), 6 * ARRAY_SIZE(bad));
	assert_ptr_equal(xa_load(&xa, 3), ptr(3));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, 1);
	assert_int_equal(st.nr_reserved, 0);
	xa_destroy(&xa);
}

/* Root levels come and go with the largest index in use. */
static void test_grow_and_shrink(void **state)
{
	const unsigned long big = 1UL << (3 * XA_CHUNK_SHIFT);
	struct xa_check_stats st;
	struct xarray xa;

	xa_init(&xa);
	xa_store(&xa, 0, ptr(0), GFP_KERNEL);
	xa_store(&xa, big, ptr(1), GFP_KERNEL);
	check_xa(&xa, &st);
	assert_int_equal(st.height, levels_for(big));
	/* one path holds index 0, another index big; they share the root */
	assert_int_equal(st.nr_nodes, 2 * levels_for(big) - 1);
	xa_erase(&xa, big);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, 0);
	assert_ptr_equal(xa.xa_head, ptr(0));
	xa_erase(&xa, 0);

	/* a lone high index keeps its full path; erasing it empties all */
	xa_store(&xa, big, ptr(1), GFP_KERNEL);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_nodes, levels_for(big));
	xa_erase(&xa, big);
	assert_true(xa_empty(&xa));

	/* shrink stops at the first root that uses a slot other than 0 */
	xa_store(&xa, 1, ptr(5), GFP_KERNEL);
	xa_store(&xa, 3 * CHUNK, ptr(6), GFP_KERNEL);
	xa_store(&xa, big, ptr(7), GFP_KERNEL);
	check_xa(&xa, &st);
	assert_int_equal(st.height, levels_for(big));
	xa_erase(&xa, big);
	check_xa(&xa, &st);
	assert_int_equal(st.height, 2);
	assert_int_equal(st.nr_nodes, 3);
	xa_erase(&xa, 3 * CHUNK);
	check_xa(&xa, &st);
	assert_int_equal(st.height, 1);
	assert_int_equal(st.nr_nodes, 1);
	assert_ptr_equal(xa_load(&xa, 1), ptr(5));
	check_nodes_live(1);
	xa_erase(&xa, 1);
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

/*
 * A reader that sits in a root which is then shrunk away finds a retry
 * entry where index 0's entry was, and the root stays readable until
 * the reader leaves its RCU critical section.
 */
static void test_shrink_leaves_retry(void **state)
{
	struct xa_node *old_root, *leaf;
	struct xarray xa;

	xa_init(&xa);
	xa_store(&xa, 0, ptr(0), GFP_KERNEL);
	xa_store(&xa, 1, ptr(1), GFP_KERNEL);
	rcu_read_lock();
	old_root = xa_to_node(rcu_dereference(xa.xa_head));
	xa_erase(&xa, 1);
	assert_ptr_equal(rcu_dereference(xa.xa_head), ptr(0));
	assert_ptr_equal(rcu_dereference(old_root->slots[0]), XA_RETRY_ENTRY);
	assert_null(rcu_dereference(old_root->slots[1]));
	rcu_read_unlock();

	/* when the remaining child is a node, it is kept and re-rooted */
	xa_store(&xa, 1, ptr(1), GFP_KERNEL);
	xa_store(&xa, CHUNK, ptr(2), GFP_KERNEL);
	rcu_read_lock();
	old_root = xa_to_node(rcu_dereference(xa.xa_head));
	leaf = xa_to_node(rcu_dereference(old_root->slots[0]));
	xa_erase(&xa, CHUNK);
	assert_ptr_equal(rcu_dereference(xa.xa_head), xa_mk_node(leaf));
	assert_ptr_equal(rcu_dereference(old_root->slots[0]), xa_mk_node(leaf));
	assert_null(leaf->parent);
	rcu_read_unlock();
	check_xa(&xa, NULL);

	/* destroy turns every slot a reader could see into a retry entry */
	rcu_read_lock();
	leaf = xa_to_node(rcu_dereference(xa.xa_head));
	xa_destroy(&xa);
	assert_ptr_equal(rcu_dereference(leaf->slots[0]), XA_RETRY_ENTRY);
	assert_ptr_equal(rcu_dereference(leaf->slots[1]), XA_RETRY_ENTRY);
	assert_null(rcu_dereference(leaf->slots[2]));
	assert_null(xa_load(&xa, 1));
	rcu_read_unlock();
	check_nodes_live(0);
}

static void test_locked_variants(void **state)
{
	struct xarray xa;

	xa_init(&xa);
	xa_lock(&xa);
	assert_null(__xa_store(&xa, 3, ptr(3), GFP_KERNEL));
	assert_errno(__xa_insert(&xa, 3, ptr(4), GFP_KERNEL), -EBUSY);
	assert_errno(__xa_insert(&xa, 4, ptr(4), GFP_KERNEL), 0);
	assert_ptr_equal(__xa_cmpxchg(&xa, 4, ptr(4), ptr(5), GFP_KERNEL),
			 ptr(4));
	assert_ptr_equal(__xa_erase(&xa, 3), ptr(3));
	assert_ptr_equal(__xa_erase(&xa, 4), ptr(5));
	xa_unlock(&xa);
	assert_true(xa_empty(&xa));
	test_expect_violations(machine(state), 0);

	/* calling a __xa_* function without the lock is reported (lockdep) */
	assert_null(__xa_store(&xa, 3, ptr(3), GFP_KERNEL));
	test_expect_violations(machine(state), SIM_LOCKDEP);
	assert_ptr_equal(xa_load(&xa, 3), ptr(3));
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * RCU readers against a writer that grows, shrinks and destroys the tree.
 * A reader may see an index empty or holding its own value, never
 * anything else; a find walk must see increasing indices. Workers count
 * errors; only the test thread asserts.
 */
#define RCU_TEST_READERS	2
#define RCU_TEST_UPDATES	20000

static struct xarray rcu_xa = XARRAY_INIT(rcu_xa, 0);
static bool rcu_stop;
static unsigned long rcu_keys[] = {
	0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, CHUNK * CHUNK,
	CHUNK * CHUNK * CHUNK + 5, 1UL << 32, 1UL << 40, ULONG_MAX - CHUNK,
	ULONG_MAX - 1, ULONG_MAX,
};

struct rcu_reader {
	pthread_t thread;
	struct sim_machine *m;
	unsigned long errors;
	unsigned long loads;
	int attach_ret;
};

static void *rcu_key_value(unsigned long key)
{
	return xa_mk_value(key >> 1);
}

static void *rcu_reader_fn(void *arg)
{
	struct rcu_reader *r = arg;
	unsigned long i = 0;

	r->attach_ret = sim_thread_attach(r->m);
	if (r->attach_ret)
		return NULL;
	while (!__atomic_load_n(&rcu_stop, __ATOMIC_ACQUIRE)) {
		unsigned long key = rcu_keys[i++ % ARRAY_SIZE(rcu_keys)];
		unsigned long index, prev = 0;
		bool first = true;
		void *entry;

		entry = xa_load(&rcu_xa, key);
		if (entry && entry != rcu_key_value(key))
			r->errors++;
		r->loads++;
		if (i % 16)
			continue;
		xa_for_each(&rcu_xa, index, entry) {
			if (entry != rcu_key_value(index))
				r->errors++;
			if (!first && index <= prev)
				r->errors++;
			first = false;
			prev = index;
		}
	}
	sim_thread_detach();
	return NULL;
}

static void test_rcu_readers_vs_writer(void **state)
{
	struct rcu_reader readers[RCU_TEST_READERS];
	unsigned long i;

	__atomic_store_n(&rcu_stop, false, __ATOMIC_RELEASE);
	for (i = 0; i < RCU_TEST_READERS; i++) {
		memset(&readers[i], 0, sizeof(readers[i]));
		readers[i].m = machine(state);
		assert_int_equal(pthread_create(&readers[i].thread, NULL,
						rcu_reader_fn, &readers[i]), 0);
	}
	for (i = 0; i < RCU_TEST_UPDATES; i++) {
		uint64_t r = rng_next();
		unsigned long key = rcu_keys[r % ARRAY_SIZE(rcu_keys)];

		if ((r >> 32) % 500 == 0)
			xa_destroy(&rcu_xa);
		else if ((r >> 32) % 2)
			xa_store(&rcu_xa, key, rcu_key_value(key), GFP_KERNEL);
		else
			xa_erase(&rcu_xa, key);
		if (i % 1000 == 0)
			sched_yield();
	}
	__atomic_store_n(&rcu_stop, true, __ATOMIC_RELEASE);
	for (i = 0; i < RCU_TEST_READERS; i++) {
		pthread_join(readers[i].thread, NULL);
		assert_errno(readers[i].attach_ret, 0);
		assert_int_equal(readers[i].errors, 0);
	}
	check_xa(&rcu_xa, NULL);
	xa_destroy(&rcu_xa);
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_empty),
		T(test_index_zero_in_head),
		T(test_reserved_index_zero),
		T(test_ulong_max),
		T(test_top_level),
		T(test_dense_keys),
		T(test_sparse_random_keys),
		T(test_value_entries),
		T(test_value_above_long_max_warns),
		T(test_error_entries),
		T(test_store_returns_old),
		T(test_insert),
		T(test_cmpxchg),
		T(test_for_each_erase),
		T(test_find_edges),
		T(test_find_bad_filter),
		T(test_destroy_and_reuse),
		T(test_store_internal_rejected),
		T(test_grow_and_shrink),
		T(test_shrink_leaves_retry),
		T(test_locked_variants),
		T(test_rcu_readers_vs_writer),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

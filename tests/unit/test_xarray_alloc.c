// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of xa_alloc() and free tracking: lowest-free-id order,
 * limits (min, max, a single id, ids near UINT_MAX), XA_FLAGS_ALLOC1,
 * exhaustion, reservations, misuse on a non-allocating array, and a long
 * random run against a reference bitmap. The structural checker verifies
 * every node's free bitmap after the mutations.
 */
#include <stdlib.h>
#include <string.h>

#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 7);
}

/* xa_alloc() must succeed and return @want. */
static noinline void alloc_expect(struct xarray *xa, void *entry,
				  struct xa_limit limit, unsigned long want)
{
	uint32_t id = 0xdeadbeef;

	assert_errno(xa_alloc(xa, &id, entry, limit, GFP_KERNEL), 0);
	assert_int_equal(id, want);
}

/* xa_alloc() must fail with @err, leaving @id alone. */
static noinline void alloc_fail(struct xarray *xa, struct xa_limit limit,
				int err)
{
	uint32_t id = 0xdeadbeef;

	assert_errno(xa_alloc(xa, &id, xa_mk_value(1), limit, GFP_KERNEL),
		     err);
	assert_int_equal(id, 0xdeadbeef);
}

static void test_alloc_sequential(void **state)
{
	const unsigned long n = 3 * CHUNK * CHUNK + 5;
	DEFINE_XARRAY_ALLOC(xa);
	struct xa_check_stats st;
	unsigned long i, index;
	void *entry;

	for (i = 0; i < n; i++)
		alloc_expect(&xa, xa_mk_value(i), xa_limit_32b, i);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, n);
	for (i = 0; i < n; i++)
		assert_ptr_equal(xa_load(&xa, i), xa_mk_value(i));
	i = 0;
	xa_for_each(&xa, index, entry) {
		assert_int_equal(index, i);
		i++;
	}
	assert_int_equal(i, n);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_alloc1_starts_at_one(void **state)
{
	struct xarray xa;

	xa_init_flags(&xa, XA_FLAGS_ALLOC1);
	alloc_expect(&xa, xa_mk_value(1), xa_limit_32b, 1);
	alloc_expect(&xa, xa_mk_value(2), xa_limit_32b, 2);
	alloc_expect(&xa, xa_mk_value(3), XA_LIMIT(0, 10), 3);
	alloc_fail(&xa, XA_LIMIT(0, 0), -EBUSY);
	xa_erase(&xa, 1);
	xa_erase(&xa, 2);
	xa_erase(&xa, 3);
	assert_true(xa_empty(&xa));
	alloc_expect(&xa, xa_mk_value(1), xa_limit_32b, 1);

	/* index 0 stays out of reach even after being used and freed */
	assert_null(xa_store(&xa, 0, xa_mk_value(0), GFP_KERNEL));
	xa_erase(&xa, 0);
	alloc_expect(&xa, xa_mk_value(2), xa_limit_32b, 2);
	alloc_expect(&xa, xa_mk_value(5), XA_LIMIT(5, 9), 5);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_alloc_limits(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	struct xa_check_stats st;
	unsigned long i;

	for (i = 10; i <= 20; i++)
		alloc_expect(&xa, xa_mk_value(i), XA_LIMIT(10, 20), i);
	alloc_fail(&xa, XA_LIMIT(10, 20), -EBUSY);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, 11);
	assert_null(xa_load(&xa, 9));
	assert_null(xa_load(&xa, 21));

	xa_erase(&xa, 15);
	alloc_expect(&xa, xa_mk_value(15), XA_LIMIT(10, 20), 15);
	/* a wider limit reaches below and above the full range */
	alloc_expect(&xa, xa_mk_value(0), XA_LIMIT(0, 20), 0);
	alloc_expect(&xa, xa_mk_value(21), XA_LIMIT(10, 30), 21);
	/* an empty range is simply full */
	alloc_fail(&xa, XA_LIMIT(30, 29), -EBUSY);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_alloc_single_id(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);

	alloc_expect(&xa, xa_mk_value(7), XA_LIMIT(7, 7), 7);
	alloc_fail(&xa, XA_LIMIT(7, 7), -EBUSY);
	assert_ptr_equal(xa_erase(&xa, 7), xa_mk_value(7));
	alloc_expect(&xa, xa_mk_value(8), XA_LIMIT(7, 7), 7);
	assert_ptr_equal(xa_load(&xa, 7), xa_mk_value(8));

	alloc_expect(&xa, xa_mk_value(0), XA_LIMIT(0, 0), 0);
	alloc_fail(&xa, XA_LIMIT(0, 0), -EBUSY);
	alloc_expect(&xa, xa_mk_value(9), XA_LIMIT(UINT_MAX, UINT_MAX),
		     UINT_MAX);
	alloc_fail(&xa, XA_LIMIT(UINT_MAX, UINT_MAX), -EBUSY);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_alloc_lowest_free(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	static const unsigned long holes[] = { 150, 10, 199, CHUNK, 0 };
	/* the holes in increasing order, then the first never-used id */
	const unsigned long order[] = {
		0, min(10UL, CHUNK), max(10UL, CHUNK), 150, 199, 200,
	};
	unsigned long i;

	for (i = 0; i < 200; i++)
		alloc_expect(&xa, xa_mk_value(i), xa_limit_31b, i);
	for (i = 0; i < ARRAY_SIZE(holes); i++)
		xa_erase(&xa, holes[i]);
	check_xa(&xa, NULL);
	for (i = 0; i < ARRAY_SIZE(order); i++)
		alloc_expect(&xa, xa_mk_value(order[i]), xa_limit_31b,
			     order[i]);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* A NULL entry reserves an id: it is taken, but not present. */
static void test_alloc_reserve(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	struct xa_check_stats st;
	unsigned long index = 0;

	alloc_expect(&xa, NULL, xa_limit_32b, 0);
	assert_false(xa_empty(&xa));
	assert_null(xa_load(&xa, 0));
	alloc_expect(&xa, xa_mk_value(1), xa_limit_32b, 1);
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT),
			 xa_mk_value(1));
	assert_int_equal(index, 1);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	assert_int_equal(st.nr_present, 1);

	/* filling the reservation reports no previous entry */
	assert_null(xa_store(&xa, 0, xa_mk_value(0), GFP_KERNEL));
	assert_ptr_equal(xa_erase(&xa, 0), xa_mk_value(0));
	alloc_expect(&xa, xa_mk_value(0), xa_limit_32b, 0);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * In a free-tracking array, storing NULL reserves instead of erasing;
 * xa_erase() and xa_cmpxchg() to NULL free the id.
 */
static void test_alloc_store_null_reserves(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	struct xa_check_stats st;

	assert_null(xa_store(&xa, 5, NULL, GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	alloc_expect(&xa, xa_mk_value(6), XA_LIMIT(5, 10), 6);
	assert_ptr_equal(xa_store(&xa, 6, NULL, GFP_KERNEL), xa_mk_value(6));
	alloc_expect(&xa, xa_mk_value(7), XA_LIMIT(5, 10), 7);
	assert_null(xa_erase(&xa, 5));
	alloc_expect(&xa, xa_mk_value(5), XA_LIMIT(5, 10), 5);

	xa_lock(&xa);
	assert_ptr_equal(__xa_store(&xa, 7, NULL, GFP_KERNEL), xa_mk_value(7));
	xa_unlock(&xa);
	alloc_expect(&xa, xa_mk_value(8), XA_LIMIT(5, 10), 8);
	assert_ptr_equal(xa_cmpxchg(&xa, 8, xa_mk_value(8), NULL, GFP_KERNEL),
			 xa_mk_value(8));
	alloc_expect(&xa, xa_mk_value(8), XA_LIMIT(5, 10), 8);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 2);	/* 6 and 7 */
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_alloc_non_alloc_array(void **state)
{
	struct xarray xa;
	uint32_t id = 42;

	xa_init(&xa);
	xa_store(&xa, 1, xa_mk_value(1), GFP_KERNEL);
	assert_errno(xa_alloc(&xa, &id, xa_mk_value(2), xa_limit_32b,
			      GFP_KERNEL), -EINVAL);
	assert_int_equal(id, 42);
	xa_lock(&xa);
	assert_errno(__xa_alloc(&xa, &id, NULL, xa_limit_32b, GFP_KERNEL),
		     -EINVAL);
	xa_unlock(&xa);
	test_expect_violations(machine(state), 2);
	assert_null(xa_load(&xa, 0));
	assert_ptr_equal(xa_load(&xa, 1), xa_mk_value(1));
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_alloc_high_ids(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	unsigned long i;

	alloc_expect(&xa, xa_mk_value(1), XA_LIMIT(UINT_MAX - 1, UINT_MAX),
		     UINT_MAX - 1);
	alloc_expect(&xa, xa_mk_value(2), XA_LIMIT(UINT_MAX - 1, UINT_MAX),
		     UINT_MAX);
	alloc_fail(&xa, XA_LIMIT(UINT_MAX - 1, UINT_MAX), -EBUSY);
	alloc_expect(&xa, xa_mk_value(3), xa_limit_32b, 0);
	check_xa(&xa, NULL);
	xa_destroy(&xa);

	/* a min beyond what the tree covers is free as it stands */
	for (i = 0; i < CHUNK; i++)
		alloc_expect(&xa, xa_mk_value(i), xa_limit_32b, i);
	alloc_expect(&xa, xa_mk_value(0), XA_LIMIT(1000000, UINT_MAX),
		     1000000);
	/* and a hole inside an empty subtree is found at its start */
	alloc_expect(&xa, xa_mk_value(0), XA_LIMIT(2 * CHUNK + 3, UINT_MAX),
		     2 * CHUNK + 3);
	alloc_expect(&xa, xa_mk_value(0), XA_LIMIT(2 * CHUNK, UINT_MAX),
		     2 * CHUNK);
	check_xa(&xa, NULL);

	/* entries far above 32 bits do not disturb 32-bit allocation */
	assert_null(xa_store(&xa, ULONG_MAX, xa_mk_value(9), GFP_KERNEL));
	alloc_expect(&xa, xa_mk_value(0), xa_limit_32b, CHUNK);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* Full nodes clear their parent's free bit; one erase sets it again. */
static void test_alloc_exhaust_and_refill(void **state)
{
	const unsigned long full = CHUNK * CHUNK;
	DEFINE_XARRAY_ALLOC(xa);
	struct xa_node *root;
	unsigned long i;

	for (i = 0; i < CHUNK; i++)
		alloc_expect(&xa, xa_mk_value(i), XA_LIMIT(0, CHUNK - 1), i);
	alloc_fail(&xa, XA_LIMIT(0, CHUNK - 1), -EBUSY);
	root = xa_to_node(xa.xa_head);
	assert_int_equal(root->free, 0);
	alloc_expect(&xa, xa_mk_value(CHUNK), XA_LIMIT(0, CHUNK), CHUNK);

	for (i = CHUNK + 1; i < full; i++)
		alloc_expect(&xa, xa_mk_value(i), xa_limit_32b, i);
	check_xa(&xa, NULL);
	alloc_fail(&xa, XA_LIMIT(0, full - 1), -EBUSY);
	root = xa_to_node(xa.xa_head);
	assert_int_equal(root->free, 0);

	xa_erase(&xa, full - CHUNK / 2);
	check_xa(&xa, NULL);
	alloc_expect(&xa, xa_mk_value(0), xa_limit_32b, full - CHUNK / 2);
	alloc_expect(&xa, xa_mk_value(0), xa_limit_32b, full);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_alloc_locked(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	uint32_t id;

	xa_lock(&xa);
	assert_errno(__xa_alloc(&xa, &id, xa_mk_value(0), xa_limit_32b,
				GFP_KERNEL), 0);
	assert_int_equal(id, 0);
	assert_errno(__xa_alloc(&xa, &id, xa_mk_value(1), xa_limit_32b,
				GFP_KERNEL), 0);
	assert_int_equal(id, 1);
	xa_unlock(&xa);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * A long random run of allocations (random limits, some reservations)
 * and erases against a reference bitmap: every id must be the lowest
 * free one the model knows of.
 */
static void test_alloc_vs_model(void **state)
{
	const unsigned long span = 4 * CHUNK * CHUNK + 3;
	bool *used = calloc(span, sizeof(*used));
	DEFINE_XARRAY_ALLOC(xa);
	unsigned long op, nr_used = 0;
	struct xa_check_stats st;

	assert_non_null(used);
	for (op = 0; op < 20000; op++) {
		uint64_t r = rng_next();
		unsigned long a = r % span, b = (r >> 24) % span;
		unsigned long min = a < b ? a : b, max = a < b ? b : a;

		if ((r >> 48) % 8 < 5) {
			unsigned long want = min;
			uint32_t id = 0xdeadbeef;
			void *entry = (r >> 56) % 4 ? xa_mk_value(op) : NULL;
			int ret;

			while (want <= max && used[want])
				want++;
			ret = xa_alloc(&xa, &id, entry, XA_LIMIT(min, max),
				       GFP_KERNEL);
			if (want > max) {
				assert_errno(ret, -EBUSY);
				continue;
			}
			assert_errno(ret, 0);
			assert_int_equal(id, want);
			used[want] = true;
			nr_used++;
		} else if (used[a]) {
			xa_erase(&xa, a);
			used[a] = false;
			nr_used--;
		}
		if (op % 1000 == 0) {
			check_xa(&xa, &st);
			assert_int_equal(st.nr_present + st.nr_reserved,
					 nr_used);
		}
	}
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present + st.nr_reserved, nr_used);
	xa_destroy(&xa);
	check_nodes_live(0);
	free(used);
}

/*
 * xa_alloc_cyclic(): ids from *next on, wrapping to the start of the
 * limit (return 1) when the top is used, and once more after *next
 * itself wrapped through 0.
 */
static void test_alloc_cyclic(void **state)
{
	struct xarray xa;
	uint32_t id, next = 0;
	unsigned int i;

	(void)state;
	xa_init_flags(&xa, XA_FLAGS_ALLOC);
	for (i = 0; i < 4; i++) {
		assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(i),
						 XA_LIMIT(2, 5), &next,
						 GFP_KERNEL), 0);
		assert_int_equal(id, i + 2);
		assert_int_equal(next, i + 3);
	}
	/* full */
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(9), XA_LIMIT(2, 5),
					 &next, GFP_KERNEL), -EBUSY);
	assert_int_equal(next, 6);
	/* free 3: found by wrapping to the start */
	xa_erase(&xa, 3);
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(9), XA_LIMIT(2, 5),
					 &next, GFP_KERNEL), 1);
	assert_int_equal(id, 3);
	assert_int_equal(next, 4);
	xa_destroy(&xa);

	/* the top id: *next wraps to 0, and the next allocation says so */
	xa_init_flags(&xa, XA_FLAGS_ALLOC);
	next = UINT_MAX;
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(1), xa_limit_32b,
					 &next, GFP_KERNEL), 0);
	assert_int_equal(id, UINT_MAX);
	assert_int_equal(next, 0);
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(2), xa_limit_32b,
					 &next, GFP_KERNEL), 1);
	assert_int_equal(id, 0);
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(3), xa_limit_32b,
					 &next, GFP_KERNEL), 0);
	assert_int_equal(id, 1);
	xa_destroy(&xa);
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_alloc_sequential),
		T(test_alloc1_starts_at_one),
		T(test_alloc_limits),
		T(test_alloc_single_id),
		T(test_alloc_lowest_free),
		T(test_alloc_reserve),
		T(test_alloc_store_null_reserves),
		T(test_alloc_non_alloc_array),
		T(test_alloc_high_ids),
		T(test_alloc_exhaust_and_refill),
		T(test_alloc_locked),
		T(test_alloc_vs_model),
		T(test_alloc_cyclic),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

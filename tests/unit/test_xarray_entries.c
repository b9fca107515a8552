// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the kernel 6.12 entry rules: which entries the normal API
 * refuses (only xa_is_advanced() ones: internal values up to
 * XA_RETRY_ENTRY), and how every other entry behaves once stored —
 * pointers aligned to only 2 bytes (which look like node pointers),
 * XA_ZERO_ENTRY, internal values above the zero entry, error-looking
 * pointers — and the reservation calls built on xa_cmpxchg():
 * xa_reserve() and xa_release().
 *
 * Expectations on tree shape are computed from XA_CHUNK_SHIFT, so the
 * file is valid for any node size.
 */
#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 16);
}

static long objs[8];
/* Eight consecutive bytes: name + i is aligned to 1, 2, 4 or 8 bytes. */
static char name[16] __attribute__((aligned(8))) = "Motorola 68000";

/* Entries the normal API refuses: internal values 0..256. */
static void test_advanced_entries_refused(void **state)
{
	void *bad[] = { xa_mk_internal(0), xa_mk_internal(7),
			xa_mk_internal(255), XA_RETRY_ENTRY };
	struct xa_check_stats st;
	struct xarray xa;
	unsigned long i;
	uint32_t id = 99;

	xa_init(&xa);
	assert_null(xa_store(&xa, 3, &objs[3], GFP_KERNEL));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_true(xa_is_advanced(bad[i]));
		assert_errno(xa_err(xa_store(&xa, 3, bad[i], GFP_KERNEL)),
			     -EINVAL);
		assert_errno(xa_insert(&xa, 4, bad[i], GFP_KERNEL), -EINVAL);
		assert_errno(xa_err(xa_cmpxchg(&xa, 3, &objs[3], bad[i],
					       GFP_KERNEL)), -EINVAL);
	}
	test_expect_violations(machine(state), 3 * ARRAY_SIZE(bad));
	assert_ptr_equal(xa_load(&xa, 3), &objs[3]);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, 1);
	xa_destroy(&xa);

	xa_init_flags(&xa, XA_FLAGS_ALLOC);
	assert_errno(xa_alloc(&xa, &id, XA_RETRY_ENTRY, xa_limit_32b,
			      GFP_KERNEL), -EINVAL);
	test_expect_violations(machine(state), 1);
	assert_int_equal(id, 99);
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

/* The internal entries a user may store, and what the predicates say. */
static void test_storable_internal_entries(void **state)
{
	void *good[] = { name + 2, name + 6, xa_mk_internal(258),
			 xa_mk_internal(1023), xa_mk_internal(5000),
			 XA_ERROR(-ENOMEM) };
	unsigned long i, index;
	struct xa_check_stats st;
	struct xarray xa;
	void *entry;

	assert_false(xa_is_advanced(XA_ZERO_ENTRY));
	assert_false(xa_is_advanced(name));
	assert_false(xa_is_advanced(xa_mk_value(0)));
	assert_true(xa_is_zero(XA_ZERO_ENTRY));
	assert_true(xa_is_retry(XA_RETRY_ENTRY));
	xa_init(&xa);
	/* at index 0 alone (the head), then at a spread of indices */
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		assert_false(xa_is_advanced(good[i]));
		assert_null(xa_store(&xa, 0, good[i], GFP_KERNEL));
		check_xa(&xa, NULL);
		assert_ptr_equal(xa_load(&xa, 0), good[i]);
		index = 0;
		assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT),
				 good[i]);
		assert_ptr_equal(xa_erase(&xa, 0), good[i]);
		assert_true(xa_empty(&xa));
	}
	for (i = 0; i < ARRAY_SIZE(good); i++)
		assert_null(xa_store(&xa, i * (CHUNK + 1), good[i],
				     GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_present, ARRAY_SIZE(good));
	i = 0;
	xa_for_each(&xa, index, entry) {
		assert_int_equal(index, i * (CHUNK + 1));
		assert_ptr_equal(entry, good[i]);
		i++;
	}
	assert_int_equal(i, ARRAY_SIZE(good));
	/* erasing everything but index 0 must not move it into the head */
	for (i = ARRAY_SIZE(good) - 1; i > 0; i--)
		assert_ptr_equal(xa_erase(&xa, i * (CHUNK + 1)), good[i]);
	check_xa(&xa, NULL);
	assert_ptr_equal(xa_load(&xa, 0), good[0]);
	assert_ptr_equal(xa_store(&xa, 0, good[1], GFP_KERNEL), good[0]);
	assert_ptr_equal(xa_load(&xa, 0), good[1]);
	assert_ptr_equal(xa_store(&xa, 1, &objs[1], GFP_KERNEL), NULL);
	assert_ptr_equal(xa_erase(&xa, 1), &objs[1]);
	check_xa(&xa, NULL);
	assert_ptr_equal(xa_load(&xa, 0), good[1]);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* The kernel's check_align_1(): xa_alloc() of name + 0..7, ids 0..7. */
static void test_alloc_unaligned_pointers(void **state)
{
	unsigned int offset, i;
	unsigned long index;
	struct xarray xa;
	uint32_t id;
	void *entry;

	xa_init_flags(&xa, XA_FLAGS_ALLOC);
	for (offset = 0; offset < 4; offset++) {
		for (i = 0; i < 8; i++) {
			assert_errno(xa_alloc(&xa, &id, name + offset + i,
					      xa_limit_32b, GFP_KERNEL), 0);
			assert_int_equal(id, i);
		}
		check_xa(&xa, NULL);
		i = 0;
		xa_for_each(&xa, index, entry) {
			assert_false(xa_is_err(entry));
			assert_ptr_equal(entry, name + offset + index);
			i++;
		}
		assert_int_equal(i, 8);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

/*
 * The kernel's check_align_2(): index 0 can take a 2-aligned pointer, and
 * after xa_reserve() the store needs no new node.
 */
static void test_reserve_then_store_allocates_nothing(void **state)
{
	struct xarray xa;
	long live;
	int i;

	xa_init(&xa);
	for (i = 0; i < 8; i++) {
		assert_null(xa_store(&xa, 0, name + i, GFP_KERNEL));
		xa_erase(&xa, 0);
	}
	for (i = 0; i < 8; i++) {
		assert_errno(xa_reserve(&xa, 0, GFP_KERNEL), 0);
		live = xa_node_nr_live();
		assert_null(xa_store(&xa, 0, name + i, 0));
		assert_int_equal(xa_node_nr_live(), live);
		assert_ptr_equal(xa_load(&xa, 0), name + i);
		xa_erase(&xa, 0);
	}
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

/* XA_ZERO_ENTRY through the normal API is a reservation. */
static void test_store_zero_entry(void **state)
{
	struct xa_check_stats st;
	unsigned long index = 0;
	struct xarray xa;

	xa_init(&xa);
	assert_null(xa_store(&xa, 5, XA_ZERO_ENTRY, GFP_KERNEL));
	assert_null(xa_load(&xa, 5));
	assert_errno(xa_insert(&xa, 5, &objs[0], GFP_KERNEL), -EBUSY);
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	/* replacing a reservation reports NULL, as does replacing by one */
	assert_null(xa_store(&xa, 5, &objs[1], GFP_KERNEL));
	assert_ptr_equal(xa_store(&xa, 5, XA_ZERO_ENTRY, GFP_KERNEL),
			 &objs[1]);
	assert_null(xa_store(&xa, 5, XA_ZERO_ENTRY, GFP_KERNEL));
	assert_errno(xa_insert(&xa, 6, XA_ZERO_ENTRY, GFP_KERNEL), 0);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 2);
	assert_int_equal(st.nr_present, 0);
	assert_null(xa_erase(&xa, 5));
	assert_null(xa_erase(&xa, 6));
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

/* xa_cmpxchg() compares the raw entry: a reservation is not NULL. */
static void test_cmpxchg_reserved(void **state)
{
	struct xa_check_stats st;
	struct xarray xa;

	xa_init(&xa);
	assert_errno(xa_reserve(&xa, 40, GFP_KERNEL), 0);
	/* NULL does not match: nothing stored, NULL returned */
	assert_null(xa_cmpxchg(&xa, 40, NULL, &objs[6], GFP_KERNEL));
	assert_null(xa_load(&xa, 40));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	assert_int_equal(st.nr_present, 0);
	/* another pointer does not match either */
	assert_null(xa_cmpxchg(&xa, 40, &objs[5], &objs[6], GFP_KERNEL));
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	/* XA_ZERO_ENTRY matches; the reservation reads back as NULL */
	assert_null(xa_cmpxchg(&xa, 40, XA_ZERO_ENTRY, &objs[6], GFP_KERNEL));
	assert_ptr_equal(xa_load(&xa, 40), &objs[6]);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 0);
	assert_int_equal(st.nr_present, 1);
	/* an entry can be swapped back to a reservation */
	assert_ptr_equal(xa_cmpxchg(&xa, 40, &objs[6], XA_ZERO_ENTRY,
				    GFP_KERNEL), &objs[6]);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	xa_lock(&xa);
	assert_null(__xa_cmpxchg(&xa, 40, NULL, &objs[1], GFP_KERNEL));
	xa_unlock(&xa);
	assert_null(xa_load(&xa, 40));
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_reserve_release(void **state)
{
	struct xa_check_stats st;
	struct xarray xa;

	xa_init(&xa);
	/* reserving an empty index, then again: both succeed */
	assert_errno(xa_reserve(&xa, 12, GFP_KERNEL), 0);
	assert_errno(xa_reserve(&xa, 12, GFP_KERNEL), 0);
	assert_false(xa_empty(&xa));
	assert_null(xa_load(&xa, 12));
	/* reserving a used index succeeds and changes nothing */
	assert_null(xa_store(&xa, 13, &objs[3], GFP_KERNEL));
	assert_errno(xa_reserve(&xa, 13, GFP_KERNEL), 0);
	assert_ptr_equal(xa_load(&xa, 13), &objs[3]);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 1);
	assert_int_equal(st.nr_present, 1);
	/* releasing a used index changes nothing */
	xa_release(&xa, 13);
	assert_ptr_equal(xa_load(&xa, 13), &objs[3]);
	/* releasing the reservation frees the index */
	xa_release(&xa, 12);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 0);
	assert_errno(xa_insert(&xa, 12, &objs[2], GFP_KERNEL), 0);
	xa_release(&xa, 14);	/* nothing there: nothing happens */
	assert_errno(xa_reserve_bh(&xa, 20, GFP_KERNEL), 0);
	assert_errno(xa_reserve_irq(&xa, 21, GFP_KERNEL), 0);
	check_xa(&xa, &st);
	assert_int_equal(st.nr_reserved, 2);
	xa_destroy(&xa);

	/* in an allocating array a reserved id is skipped by xa_alloc() */
	xa_init_flags(&xa, XA_FLAGS_ALLOC);
	{
		uint32_t id;

		assert_errno(xa_reserve(&xa, 0, GFP_KERNEL), 0);
		assert_errno(xa_alloc(&xa, &id, &objs[0], xa_limit_32b,
				      GFP_KERNEL), 0);
		assert_int_equal(id, 1);
		xa_release(&xa, 0);
		assert_errno(xa_alloc(&xa, &id, &objs[0], xa_limit_32b,
				      GFP_KERNEL), 0);
		assert_int_equal(id, 0);
	}
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_advanced_entries_refused),
		T(test_storable_internal_entries),
		T(test_alloc_unaligned_pointers),
		T(test_reserve_then_store_allocates_nothing),
		T(test_store_zero_entry),
		T(test_cmpxchg_reserved),
		T(test_reserve_release),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the workingset-style node interface: every node's
 * @nr_values, the xas_set_update() callback as stores change a node's
 * counts, xa_delete_node(), xas_init_marks(), and where an erase that
 * shrinks the tree leaves the cursor (the kernel's check_xa_shrink()).
 */
#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 11);
}

static long objs[8];

/* Nodes that hold only value entries, kept as the page cache does. */
static LIST_HEAD(shadow_nodes);
static unsigned int nr_updates;

static void shadow_update(struct xa_node *node)
{
	nr_updates++;
	if (node->count && node->count == node->nr_values) {
		if (list_empty(&node->private_list))
			list_add(&node->private_list, &shadow_nodes);
	} else if (!list_empty(&node->private_list)) {
		list_del_init(&node->private_list);
	}
}

static void store_update(struct xarray *xa, unsigned long index, void *entry)
{
	XA_STATE(xas, xa, index);

	xas_set_update(&xas, shadow_update);
	do {
		xas_lock(&xas);
		xas_store(&xas, entry);
		xas_unlock(&xas);
	} while (xas_nomem(&xas, GFP_KERNEL));
	assert_int_equal(xas_error(&xas), 0);
}

static unsigned int list_length(const struct list_head *head)
{
	const struct list_head *p;
	unsigned int n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

static void test_nr_values(void **state)
{
	struct xarray xa;
	unsigned long i;

	(void)state;
	xa_init(&xa);
	for (i = 0; i < 3 * CHUNK; i++)
		xa_store(&xa, i, i % 3 ? xa_mk_value(i) : &objs[0],
			 GFP_KERNEL);
	check_xa(&xa, NULL);
	/* replacing changes the kind of entry in place */
	for (i = 0; i < 3 * CHUNK; i += 2)
		xa_store(&xa, i, i % 4 ? &objs[1] : xa_mk_value(i), GFP_KERNEL);
	check_xa(&xa, NULL);
	for (i = 0; i < 3 * CHUNK; i += 3)
		xa_erase(&xa, i);
	check_xa(&xa, NULL);
	/* index 0's value moves from the head into a leaf and back */
	xa_destroy(&xa);
	xa_store(&xa, 0, xa_mk_value(0), GFP_KERNEL);
	xa_store(&xa, 1, xa_mk_value(1), GFP_KERNEL);
	check_xa(&xa, NULL);
	{
		XA_STATE(xas, &xa, 0);

		rcu_read_lock();
		xas_load(&xas);
		assert_int_equal(xas.xa_node->nr_values, 2);
		assert_int_equal(xas.xa_node->count, 2);
		rcu_read_unlock();
	}
	xa_erase(&xa, 1);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_set_update(void **state)
{
	unsigned long bases[] = { 0, CHUNK, CHUNK * CHUNK + 5 };
	struct xarray xa;
	unsigned int b;

	(void)state;
	xa_init(&xa);
	for (b = 0; b < ARRAY_SIZE(bases); b++) {
		unsigned long i = bases[b];

		nr_updates = 0;
		store_update(&xa, i, xa_mk_value(0));
		store_update(&xa, i + 1, xa_mk_value(1));
		assert_true(nr_updates > 0);
		/* the leaf holds only values: on the list */
		assert_int_equal(list_length(&shadow_nodes), 1);
		store_update(&xa, i + 2, &objs[2]);
		assert_true(list_empty(&shadow_nodes));
		store_update(&xa, i + 2, xa_mk_value(2));
		assert_int_equal(list_length(&shadow_nodes), 1);
		/* erasing every entry takes the leaf off before it is freed */
		store_update(&xa, i, NULL);
		store_update(&xa, i + 1, NULL);
		assert_int_equal(list_length(&shadow_nodes), 1);
		store_update(&xa, i + 2, NULL);
		assert_true(list_empty(&shadow_nodes));
		assert_true(xa_empty(&xa));
		check_nodes_live(0);
	}
	/* a store without the callback never calls it */
	nr_updates = 0;
	xa_store(&xa, CHUNK + 1, xa_mk_value(1), GFP_KERNEL);
	xa_erase(&xa, CHUNK + 1);
	assert_int_equal(nr_updates, 0);
}

static void test_delete_node(void **state)
{
	unsigned long bases[] = { 0, CHUNK, 4096 };
	struct xarray xa;
	unsigned int b;

	(void)state;
	xa_init(&xa);
	for (b = 0; b < ARRAY_SIZE(bases); b++) {
		unsigned long i = bases[b];
		struct xa_node *node;

		store_update(&xa, i, xa_mk_value(0));
		store_update(&xa, i + 1, xa_mk_value(1));
		xa_set_mark(&xa, i + 1, XA_MARK_1);
		/* a second leaf, holding a pointer, stays */
		xa_store(&xa, i + 2 * CHUNK, &objs[3], GFP_KERNEL);
		assert_int_equal(list_length(&shadow_nodes), 1);
		node = list_first_entry(&shadow_nodes, struct xa_node,
					private_list);
		assert_ptr_equal(node->array, &xa);
		xa_lock(&xa);
		list_del_init(&node->private_list);
		xa_delete_node(node, shadow_update);
		xa_unlock(&xa);
		assert_true(list_empty(&shadow_nodes));
		assert_null(xa_load(&xa, i));
		assert_null(xa_load(&xa, i + 1));
		assert_false(xa_marked(&xa, XA_MARK_1));
		assert_ptr_equal(xa_load(&xa, i + 2 * CHUNK), &objs[3]);
		check_xa(&xa, NULL);
		xa_erase(&xa, i + 2 * CHUNK);
		assert_true(xa_empty(&xa));
		check_nodes_live(0);
	}
}

static void test_init_marks(void **state)
{
	struct xarray xa;
	unsigned long i;

	(void)state;
	xa_init(&xa);
	for (i = 0; i < 2 * CHUNK; i++) {
		xa_store(&xa, i, &objs[4], GFP_KERNEL);
		xa_set_mark(&xa, i, XA_MARK_0);
		xa_set_mark(&xa, i, XA_MARK_2);
	}
	{
		XA_STATE(xas, &xa, CHUNK + 3);
		void *entry;

		xas_lock(&xas);
		xas_load(&xas);
		xas_init_marks(&xas);
		xas_unlock(&xas);
		assert_false(xa_get_mark(&xa, CHUNK + 3, XA_MARK_0));
		assert_false(xa_get_mark(&xa, CHUNK + 3, XA_MARK_2));
		assert_true(xa_get_mark(&xa, CHUNK + 2, XA_MARK_0));
		check_xa(&xa, NULL);
		xas_set(&xas, 0);
		xas_lock(&xas);
		xas_for_each(&xas, entry, ULONG_MAX)
			xas_init_marks(&xas);
		xas_unlock(&xas);
		assert_false(xa_marked(&xa, XA_MARK_0));
		assert_false(xa_marked(&xa, XA_MARK_2));
		check_xa(&xa, NULL);
	}
	xa_destroy(&xa);
	/* an allocating array: XA_MARK_0 is the allocator's, left alone */
	xa_init_flags(&xa, XA_FLAGS_ALLOC);
	{
		XA_STATE(xas, &xa, 0);
		uint32_t id;

		assert_errno(xa_alloc(&xa, &id, &objs[5], xa_limit_32b,
				      GFP_KERNEL), 0);
		xa_set_mark(&xa, id, XA_MARK_1);
		xas_lock(&xas);
		xas_load(&xas);
		xas_init_marks(&xas);
		xas_unlock(&xas);
		assert_false(xa_get_mark(&xa, id, XA_MARK_1));
		assert_int_equal(sim_violation_count(machine(state)), 0);
	}
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_shrink_bounds(void **state)
{
	struct xarray xa;
	struct xa_node *node;

	(void)state;
	xa_init(&xa);
	xa_store(&xa, 0, xa_mk_value(0), GFP_KERNEL);
	xa_store(&xa, 1, xa_mk_value(1), GFP_KERNEL);
	{
		XA_STATE(xas, &xa, 1);

		xas_lock(&xas);
		rcu_read_lock();	/* keeps the freed node readable */
		assert_ptr_equal(xas_load(&xas), xa_mk_value(1));
		node = xas.xa_node;
		assert_ptr_equal(xa_entry_locked(&xa, node, 0), xa_mk_value(0));
		assert_ptr_equal(xas_store(&xas, NULL), xa_mk_value(1));
		/* the leaf left the tree: the cursor is out of bounds */
		assert_ptr_equal(xas.xa_node, XAS_BOUNDS);
		assert_ptr_equal(xa_entry_locked(&xa, node, 0), XA_RETRY_ENTRY);
		assert_null(xas_load(&xas));
		rcu_read_unlock();
		xas_unlock(&xas);
	}
	assert_ptr_equal(xa_head(&xa), xa_mk_value(0));
	/* an erase that leaves the leaf in place keeps the cursor usable */
	xa_store(&xa, 1, xa_mk_value(1), GFP_KERNEL);
	xa_store(&xa, 2, xa_mk_value(2), GFP_KERNEL);
	{
		XA_STATE(xas, &xa, 1);

		xas_lock(&xas);
		xas_load(&xas);
		xas_store(&xas, NULL);
		assert_ptr_not_equal(xas.xa_node, XAS_BOUNDS);
		assert_ptr_equal(xas_next(&xas), xa_mk_value(2));
		xas_unlock(&xas);
	}
	xa_destroy(&xa);
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_nr_values),
		T(test_set_update),
		T(test_delete_node),
		T(test_init_marks),
		T(test_shrink_bounds),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/xarray*.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
 * They use only the xarray's API (its logic belongs to tests/unit too).
 *
 * The fixture of tests/unit/xa_test.h: a fresh machine per test.
 */
#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 17);
}

/*
 * The last index a tree of one, two and three levels covers (the top
 * node's own maximum) keeps its mark: xa_get_mark() sees it, and sees
 * nothing on the unmarked first entry nor one index beyond. Kills
 * 4e0f038ca8 (xa_get_mark() giving up on an index equal to the top
 * node's maximum, as if it lay outside the tree).
 */
static void test_mark_on_the_top_node_last_index(void **state)
{
	unsigned long last = CHUNK - 1;

	(void)state;
	for (int levels = 1; levels <= 3; levels++, last = last * CHUNK + CHUNK - 1) {
		DEFINE_XARRAY(xa);

		assert_null(xa_store(&xa, 0, xa_mk_value(0), GFP_KERNEL));
		assert_null(xa_store(&xa, last, xa_mk_value(last), GFP_KERNEL));
		xa_set_mark(&xa, last, XA_MARK_1);
		assert_true(xa_get_mark(&xa, last, XA_MARK_1));
		assert_false(xa_get_mark(&xa, 0, XA_MARK_1));
		assert_false(xa_get_mark(&xa, last + 1, XA_MARK_1));
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

/*
 * xa_alloc_cyclic() in a full range [4, 7] after the bottom id was
 * handed out and erased again: the search from *next (5) finds nothing
 * above, so it goes round to the bottom, hands out 4 again and says it
 * wrapped (1); with nothing free at all it fails with -EBUSY. Kills
 * 4385b9a625 (not going round when *next is just above the bottom).
 */
static void test_alloc_cyclic_wraps_to_the_bottom(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	struct xa_limit limit = XA_LIMIT(4, 7);
	uint32_t id, next = 0;

	(void)state;
	for (uint32_t want = 4; want <= 7; want++) {
		assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(want), limit,
						 &next, GFP_KERNEL), 0);
		assert_int_equal(id, want);
	}
	xa_erase(&xa, 4);
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(4), limit,
					 &next, GFP_KERNEL), 1);
	assert_int_equal(id, 4);
	assert_int_equal(next, 5);
	xa_erase(&xa, 4);
	id = 99;
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(4), limit,
					 &next, GFP_KERNEL), 1);
	assert_int_equal(id, 4);
	assert_int_equal(next, 5);
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(8), limit,
					 &next, GFP_KERNEL), -EBUSY);
	assert_int_equal(id, 4);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * xa_alloc_cyclic() goes on from *next even when it is just above the
 * bottom of the range: after id 0 was handed out and erased, the next
 * call hands out 1, not 0 again. Kills ea1cfa57f3 (the search starting
 * from the bottom when *next is limit.min + 1).
 */
static void test_alloc_cyclic_goes_on_from_next(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	uint32_t id, next = 0;

	(void)state;
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(0), xa_limit_32b,
					 &next, GFP_KERNEL), 0);
	assert_int_equal(id, 0);
	assert_int_equal(next, 1);
	xa_erase(&xa, 0);
	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(1), xa_limit_32b,
					 &next, GFP_KERNEL), 0);
	assert_int_equal(id, 1);
	assert_int_equal(next, 2);
	assert_null(xa_load(&xa, 0));
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * xa_alloc_cyclic() without a @next is refused with -EINVAL and a WARN:
 * no id handed out, nothing stored. Kills ffa01674a8 (returning 0, a
 * success that leaves @id unset).
 */
static void test_alloc_cyclic_without_next(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);
	uint32_t id = 77;

	assert_int_equal(xa_alloc_cyclic(&xa, &id, xa_mk_value(1), xa_limit_32b,
					 NULL, GFP_KERNEL), -EINVAL);
	assert_int_equal(id, 77);
	assert_true(xa_empty(&xa));
	test_expect_violations(machine(state), 1);
}

/*
 * xa_destroy() of a two-level tree whose top node carries XA_MARK_0 for
 * its children 1 and 13 (with 64 slots a node, mark word 0x2002: bit 1
 * set, bit 0 clear, above 4096, what a node pointer looks like). Kills
 * 0d2392423b (the teardown walk reading one slot past the last, which is
 * that mark word, and following it as a child node).
 */
static void test_destroy_after_marks(void **state)
{
	DEFINE_XARRAY(xa);

	(void)state;
	for (unsigned long child = 1; child <= 13; child += 12) {
		assert_null(xa_store(&xa, child * CHUNK, xa_mk_value(child),
				     GFP_KERNEL));
		xa_set_mark(&xa, child * CHUNK, XA_MARK_0);
	}
	assert_true(xa_get_mark(&xa, 13 * CHUNK, XA_MARK_0));
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	assert_true(xa_empty(&xa));
	assert_null(xa_load(&xa, CHUNK));
	check_nodes_live(0);
}

/*
 * xas_find_marked() finding nothing in a one-node tree (indices 0 ..
 * CHUNK - 1): with @max one past the tree's last index the tree ended
 * first (XAS_BOUNDS); with @max its last index the search reached @max
 * (XAS_RESTART). Kills 1d628eb1ab (restart already when the tree ends
 * one index before @max).
 */
static void test_find_marked_ends_at_the_tree(void **state)
{
	DEFINE_XARRAY(xa);

	(void)state;
	for (unsigned long i = 0; i < CHUNK; i++)
		assert_null(xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL));
	rcu_read_lock();
	{
		XA_STATE(xas, &xa, 0);

		assert_null(xas_find_marked(&xas, CHUNK, XA_MARK_0));
		assert_ptr_equal(xas.xa_node, XAS_BOUNDS);
	}
	{
		XA_STATE(xas, &xa, 0);

		assert_null(xas_find_marked(&xas, CHUNK - 1, XA_MARK_0));
		assert_ptr_equal(xas.xa_node, XAS_RESTART);
	}
	rcu_read_unlock();
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * xas_get_mark() answers only for a cursor a walk positioned: false for
 * a fresh cursor (restart state) and for one in an error state, even on
 * an index whose entry is marked; true once xas_load() positioned it
 * there. Kills 1654f7969a (true for a cursor not positioned).
 */
static void test_xas_get_mark_needs_a_walk(void **state)
{
	DEFINE_XARRAY(xa);
	XA_STATE(xas, &xa, 5);

	(void)state;
	assert_null(xa_store(&xa, 5, xa_mk_value(5), GFP_KERNEL));
	xa_set_mark(&xa, 5, XA_MARK_1);
	rcu_read_lock();
	assert_false(xas_get_mark(&xas, XA_MARK_1));
	assert_ptr_equal(xas_load(&xas), xa_mk_value(5));
	assert_true(xas_get_mark(&xas, XA_MARK_1));
	assert_false(xas_get_mark(&xas, XA_MARK_2));
	xas_set_err(&xas, -ENOMEM);
	assert_false(xas_get_mark(&xas, XA_MARK_1));
	rcu_read_unlock();
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * In an array whose index 0 is busy when its head is empty
 * (XA_FLAGS_ALLOC1), a reserved (zero) entry at index 0 carrying
 * XA_MARK_2 is all that is left after index 1 is erased: the tree shrinks
 * to an empty head (the reservation becomes the empty head), so no mark
 * may remain on the array, and an entry stored at 0 later starts
 * unmarked.
 * Kills d3d1d849fc (the shrink updating the array's marks only up to
 * XA_MARK_1: XA_MARK_2 stayed set on the empty array and the new entry
 * inherited it).
 */
static void test_shrink_to_reserved_head_drops_mark_2(void **state)
{
	DEFINE_XARRAY_ALLOC1(xa);

	(void)state;
	assert_errno(xa_reserve(&xa, 0, GFP_KERNEL), 0);
	assert_null(xa_store(&xa, 1, xa_mk_value(1), GFP_KERNEL));
	xa_set_mark(&xa, 0, XA_MARK_2);
	assert_true(xa_get_mark(&xa, 0, XA_MARK_2));
	assert_ptr_equal(xa_erase(&xa, 1), xa_mk_value(1));
	assert_false(xa_marked(&xa, XA_MARK_2));
	assert_null(xa_store(&xa, 0, xa_mk_value(0), GFP_KERNEL));
	assert_false(xa_get_mark(&xa, 0, XA_MARK_2));
	assert_false(xa_marked(&xa, XA_MARK_2));
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * xa_get_mark() from a thread attached to no machine is refused: false
 * (and an API violation), even for a marked entry; attached again, the
 * mark is there. Kills 7418b1c1c8 (true from an unattached thread).
 */
static void test_get_mark_unattached(void **state)
{
	struct sim_machine *m = machine(state);
	DEFINE_XARRAY(xa);

	assert_null(xa_store(&xa, 3, xa_mk_value(3), GFP_KERNEL));
	xa_set_mark(&xa, 3, XA_MARK_2);
	assert_errno(sim_thread_detach(), 0);
	sim_violation_clear(NULL);
	assert_false(xa_get_mark(&xa, 3, XA_MARK_2));
	assert_int_equal(sim_violation_count(NULL), 1);
	sim_violation_clear(NULL);
	assert_errno(sim_thread_attach(m), 0);
	assert_true(xa_get_mark(&xa, 3, XA_MARK_2));
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* xas_store() of @entry, retried through xas_nomem(); it must succeed. */
static void store_through(struct xa_state *xas, void *entry)
{
	do {
		xas_lock(xas);
		xas_store(xas, entry);
		xas_unlock(xas);
	} while (xas_nomem(xas, GFP_KERNEL));
	assert_int_equal(xas_error(xas), 0);
}

/*
 * An entry that looks like a node (a pointer aligned to only 2 bytes,
 * above 4096) may not go into a node above the leaves, where readers
 * would follow it as a child: an order-0 xa_store() of one at an index
 * inside an entry of order XA_CHUNK_SHIFT (which fills one slot of a
 * node of that shift, without siblings) is a WARN violation and
 * -EINVAL, and the large entry stays, at every index it covers. Stored
 * in a leaf, the same pointer is fine. Kills 3cd318b07e
 * (xa_is_multi_at() negated: the single-index writer replaced the large
 * entry's slot with the pointer, as if that node were a leaf).
 */
static void test_node_like_entry_refused_above_the_leaves(void **state)
{
	static char bytes[8] __attribute__((aligned(8)));
	void *node_like = bytes + 2;
	unsigned long base = CHUNK, i;
	XA_STATE_ORDER(xas, NULL, base, XA_CHUNK_SHIFT);
	DEFINE_XARRAY(xa);

	assert_true(xa_is_node(node_like));
	xas.xa = &xa;
	store_through(&xas, xa_mk_value(1));
	assert_int_equal(xa_get_order(&xa, base + 5), XA_CHUNK_SHIFT);
	assert_errno(xa_err(xa_store(&xa, base + 5, node_like, GFP_KERNEL)),
		     -EINVAL);
	test_expect_violations(machine(state), 1);
	for (i = base; i < base + CHUNK; i++) {
		assert_ptr_equal(xa_load(&xa, i), xa_mk_value(1));
		assert_int_equal(xa_get_order(&xa, i), XA_CHUNK_SHIFT);
	}
	check_xa(&xa, NULL);
	/* in a leaf it is an ordinary entry */
	assert_null(xa_store(&xa, 3, node_like, GFP_KERNEL));
	assert_ptr_equal(xa_load(&xa, 3), node_like);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* Erase through a cursor of @order at @index (xas_store() of NULL). */
static void erase_order(struct xarray *xa, unsigned long index,
			unsigned int order)
{
	XA_STATE_ORDER(xas, xa, index, order);

	xas_lock(&xas);
	assert_null(xas_store(&xas, NULL));
	xas_unlock(&xas);
	assert_int_equal(xas_error(&xas), 0);
}

/*
 * Erasing a range that starts just past the tree (a one-node tree,
 * indices 0 .. CHUNK - 1) erases nothing: not through xa_store_range()
 * of [CHUNK, CHUNK + 1] (one order-1 piece), nor through a cursor of
 * order 1 or XA_CHUNK_SHIFT at CHUNK. Kills 7af8adcd06 (the multi-index
 * erase letting an index one past the tree's last in: its slot in the
 * root wraps to 0, so the order-1 erase took indices 0 and 1 and the
 * larger one the whole tree).
 */
static void test_erase_just_past_the_tree(void **state)
{
	static const unsigned int orders[] = { 1, XA_CHUNK_SHIFT };
	DEFINE_XARRAY(xa);

	(void)state;
	for (unsigned int k = 0; k <= ARRAY_SIZE(orders); k++) {
		for (unsigned long i = 0; i < 3; i++)
			assert_null(xa_store(&xa, i, xa_mk_value(i),
					     GFP_KERNEL));
		if (k == ARRAY_SIZE(orders))
			assert_null(xa_store_range(&xa, CHUNK, CHUNK + 1,
						   NULL, GFP_KERNEL));
		else
			erase_order(&xa, CHUNK, orders[k]);
		for (unsigned long i = 0; i < 3; i++)
			assert_ptr_equal(xa_load(&xa, i), xa_mk_value(i));
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

/*
 * xa_alloc() without an @id is refused with -EINVAL and a WARN, nothing
 * stored, as xa_alloc_cyclic() without a @next. Kills 08393fe291.3
 * (returning 0, a success that hands out no id).
 */
static void test_alloc_without_id(void **state)
{
	DEFINE_XARRAY_ALLOC(xa);

	assert_int_equal(xa_alloc(&xa, NULL, xa_mk_value(1), xa_limit_32b,
				  GFP_KERNEL), -EINVAL);
	test_expect_violations(machine(state), 1);
	assert_true(xa_empty(&xa));
}

static LIST_HEAD(kept_nodes);

/* A careless tree user: lists every node it is told about, never unlists. */
static void keep_node(struct xa_node *node)
{
	if (list_empty(&node->private_list))
		list_add(&node->private_list, &kept_nodes);
}

/*
 * A node freed while still on its user's private list is a WARN, and the
 * library takes it off the list, so the list is not left pointing at a
 * freed node. Kills c938adf08a (the unlink skipped exactly when the node
 * is still listed).
 */
static void test_freed_node_leaves_the_private_list(void **state)
{
	DEFINE_XARRAY(xa);
	XA_STATE(xas, &xa, 5);

	xas_set_update(&xas, keep_node);
	store_through(&xas, xa_mk_value(5));
	assert_false(list_empty(&kept_nodes));
	xas_lock(&xas);
	xas_store(&xas, NULL);
	xas_unlock(&xas);
	test_expect_violations(machine(state), 1);
	assert_true(list_empty(&kept_nodes));
	assert_true(xa_empty(&xa));
	check_nodes_live(0);
}

/*
 * xas_find() and xas_find_marked() look at @max itself: a fresh cursor at
 * index 5 with @max 5 finds the entry stored there, and a cursor already
 * on index 4 steps to it. Kills 32d621381a (nothing found once the index
 * to look at is @max).
 */
static void test_find_at_max_itself(void **state)
{
	DEFINE_XARRAY(xa);

	(void)state;
	assert_null(xa_store(&xa, 4, xa_mk_value(4), GFP_KERNEL));
	assert_null(xa_store(&xa, 5, xa_mk_value(5), GFP_KERNEL));
	xa_set_mark(&xa, 5, XA_MARK_0);
	rcu_read_lock();
	{
		XA_STATE(xas, &xa, 5);

		assert_ptr_equal(xas_find(&xas, 5), xa_mk_value(5));
		assert_int_equal(xas.xa_index, 5);
	}
	{
		XA_STATE(xas, &xa, 4);

		assert_ptr_equal(xas_load(&xas), xa_mk_value(4));
		assert_ptr_equal(xas_find(&xas, 5), xa_mk_value(5));
	}
	{
		XA_STATE(xas, &xa, 5);

		assert_ptr_equal(xas_find_marked(&xas, 5, XA_MARK_0),
				 xa_mk_value(5));
	}
	rcu_read_unlock();
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * An erase through a cursor of order 1 or XA_CHUNK_SHIFT at index 0 of an
 * array whose only entry sits in the head (index 0, no node) takes that
 * entry, as the kernel's xas_store() of NULL does (it writes NULL to
 * xa_head): it returns it, the array is empty and its mark gone. Kills
 * a3edcaf5f7 (the head entry's marks cleared but the entry left).
 */
static void test_multi_erase_of_the_head_entry(void **state)
{
	unsigned int orders[] = { 1, XA_CHUNK_SHIFT };

	(void)state;
	for (size_t o = 0; o < ARRAY_SIZE(orders); o++) {
		XA_STATE_ORDER(xas, NULL, 0, orders[o]);
		DEFINE_XARRAY(xa);

		xas.xa = &xa;
		assert_null(xa_store(&xa, 0, xa_mk_value(7), GFP_KERNEL));
		xa_set_mark(&xa, 0, XA_MARK_0);
		xas_lock(&xas);
		assert_ptr_equal(xas_store(&xas, NULL), xa_mk_value(7));
		xas_unlock(&xas);
		assert_int_equal(xas_error(&xas), 0);
		assert_null(xa_load(&xa, 0));
		assert_true(xa_empty(&xa));
		assert_false(xa_marked(&xa, XA_MARK_0));
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mark_on_the_top_node_last_index,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_alloc_cyclic_wraps_to_the_bottom,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_alloc_cyclic_goes_on_from_next,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_alloc_cyclic_without_next,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_destroy_after_marks,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_find_marked_ends_at_the_tree,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_xas_get_mark_needs_a_walk,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_shrink_to_reserved_head_drops_mark_2,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_get_mark_unattached,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_node_like_entry_refused_above_the_leaves,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_erase_just_past_the_tree,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_alloc_without_id,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_freed_node_leaves_the_private_list,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_find_at_max_itself,
						setup, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_multi_erase_of_the_head_entry,
						setup, test_teardown_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

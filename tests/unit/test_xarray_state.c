// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the xarray's advanced API: XA_STATE(), xas_load(),
 * xas_store(), xas_find()/xas_for_each() with xas_retry(), xas_pause(),
 * xas_set()/xas_reset(), errors (xas_set_err(), xas_error()), and the
 * xas_nomem() retry loop under node allocation failures.
 */
#include "xa_test.h"

#define NODE_FAULTS	SIM_FAULT_BIT(SIM_FAULT_XA_NODE)

static int setup(void **state)
{
	return xa_test_setup(state, 5);
}

static long objs[64];

static void *ptr(unsigned long i)
{
	return &objs[i % ARRAY_SIZE(objs)];
}

static void test_xas_load_store(void **state)
{
	struct xarray xa;
	void *old;

	xa_init(&xa);
	{
		XA_STATE(xas, &xa, 3 * CHUNK + 1);

		assert_ptr_equal(xas.xa_node, XAS_RESTART);
		rcu_read_lock();
		assert_null(xas_load(&xas));
		rcu_read_unlock();
		assert_ptr_equal(xas.xa_node, XAS_BOUNDS);

		xas_lock(&xas);
		assert_null(xas_store(&xas, ptr(1)));
		assert_true(xas_is_node(&xas));
		old = xas_store(&xas, ptr(2));
		xas_unlock(&xas);
		assert_ptr_equal(old, ptr(1));
		assert_int_equal(xas_error(&xas), 0);
		rcu_read_lock();
		assert_ptr_equal(xas_load(&xas), ptr(2));
		rcu_read_unlock();
		assert_ptr_equal(xa_load(&xa, 3 * CHUNK + 1), ptr(2));
	}
	/* reservations come back raw, and xas_store() returns them raw */
	assert_errno(xa_reserve(&xa, 7, GFP_KERNEL), 0);
	{
		XA_STATE(xas, &xa, 7);

		xa_lock(&xa);
		assert_ptr_equal(xas_load(&xas), XA_ZERO_ENTRY);
		assert_true(xas_retry(&xas, XA_ZERO_ENTRY));
		assert_ptr_equal(xas_store(&xas, ptr(7)), XA_ZERO_ENTRY);
		/*
		 * erasing leaves the cursor where the index was: here the
		 * leaf went, so at the root above the hole (the kernel's)
		 */
		assert_ptr_equal(xas_store(&xas, NULL), ptr(7));
		assert_true(xas_is_node(&xas));
		assert_int_equal(xas.xa_node->shift, XA_CHUNK_SHIFT);
		assert_null(xas_reload(&xas));
		xa_unlock(&xa);
	}
	/* index 0 in the head: the cursor points at no node */
	{
		XA_STATE(xas, &xa, 0);

		xa_destroy(&xa);
		xas_lock(&xas);
		assert_null(xas_store(&xas, ptr(0)));
		assert_null(xas.xa_node);
		assert_true(xas_valid(&xas));
		assert_false(xas_is_node(&xas));
		xas_unlock(&xas);
	}
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_xas_errors_and_set(void **state)
{
	struct xarray xa;
	XA_STATE(xas, &xa, 1);

	xa_init(&xa);
	xa_store(&xa, 1, ptr(1), GFP_KERNEL);
	xas_set_err(&xas, -EBUSY);
	assert_int_equal(xas_error(&xas), -EBUSY);
	assert_true(xas_invalid(&xas));
	rcu_read_lock();
	assert_null(xas_load(&xas));
	assert_null(xas_find(&xas, ULONG_MAX));
	rcu_read_unlock();
	xas_reset(&xas);		/* keeps the error */
	assert_int_equal(xas_error(&xas), -EBUSY);
	xas_lock(&xas);
	assert_null(xas_store(&xas, ptr(2)));
	xas_unlock(&xas);
	assert_ptr_equal(xa_load(&xa, 1), ptr(1));
	xas_set(&xas, 1);		/* clears it */
	assert_int_equal(xas_error(&xas), 0);
	rcu_read_lock();
	assert_ptr_equal(xas_load(&xas), ptr(1));
	rcu_read_unlock();

	/* entries only the kernel's internals store are refused */
	xas_lock(&xas);
	assert_null(xas_store(&xas, XA_RETRY_ENTRY));
	xas_unlock(&xas);
	assert_int_equal(xas_error(&xas), -EINVAL);
	/*
	 * xas_store() without xa_lock is a LOCKDEP violation, then proceeds;
	 * a build without the lock validator (-Dlockdep=false, the default
	 * of --buildtype=release) cannot see it, as a kernel without
	 * CONFIG_LOCKDEP.
	 */
	xas_set(&xas, 2);
	assert_null(xas_store(&xas, ptr(2)));
	test_expect_violations(machine(state), 1 + SIM_LOCKDEP);
	assert_ptr_equal(xa_load(&xa, 2), ptr(2));
	/* no error: xas_nomem() ends the loop */
	assert_false(xas_nomem(&xas, GFP_KERNEL));
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_xas_for_each(void **state)
{
	unsigned long keys[] = { 0, 2, CHUNK, CHUNK * CHUNK + 5, 1UL << 40,
				 ULONG_MAX };
	unsigned long i, n;
	struct xarray xa;
	void *entry;

	xa_init(&xa);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		xa_store(&xa, keys[i], ptr(i), GFP_KERNEL);
	assert_errno(xa_reserve(&xa, 3, GFP_KERNEL), 0);
	{
		XA_STATE(xas, &xa, 0);
		unsigned long zeros = 0;

		n = 0;
		rcu_read_lock();
		xas_for_each(&xas, entry, ULONG_MAX) {
			if (xa_is_zero(entry))
				zeros++;
			if (xas_retry(&xas, entry))
				continue;
			assert_int_equal(xas.xa_index, keys[n]);
			assert_ptr_equal(entry, ptr(n));
			n++;
		}
		rcu_read_unlock();
		assert_int_equal(n, ARRAY_SIZE(keys));
		assert_int_equal(zeros, 1);
		assert_ptr_equal(xas.xa_node, XAS_BOUNDS);
	}
	/* bounded, starting in the middle */
	{
		XA_STATE(xas, &xa, 3);

		n = 0;
		rcu_read_lock();
		xas_for_each(&xas, entry, CHUNK * CHUNK + 5) {
			if (xas_retry(&xas, entry))
				continue;
			n++;
		}
		rcu_read_unlock();
		assert_int_equal(n, 2);
	}
	/* erase everything in one locked walk */
	{
		XA_STATE(xas, &xa, 0);

		n = 0;
		xas_lock(&xas);
		xas_for_each(&xas, entry, ULONG_MAX) {
			xas_store(&xas, NULL);
			n++;
		}
		xas_unlock(&xas);
		assert_int_equal(n, ARRAY_SIZE(keys) + 1);
		assert_true(xa_empty(&xa));
	}
	check_nodes_live(0);
}

/*
 * Walk from a fresh cursor at @start to @max and check each step's index
 * against @want (the index an entry starts at; @nr of them).
 */
static void walk_expect(struct xarray *xa, unsigned long start,
			unsigned long max, const unsigned long *want,
			unsigned long nr)
{
	XA_STATE(xas, xa, start);
	unsigned long n = 0;
	void *entry;

	rcu_read_lock();
	xas_for_each(&xas, entry, max) {
		assert_true(n < nr);
		assert_int_equal(xas.xa_index, want[n]);
		assert_ptr_equal(entry, xa_is_zero(entry) ? XA_ZERO_ENTRY :
				 xa_mk_value(want[n]));
		n++;
	}
	rcu_read_unlock();
	assert_int_equal(n, nr);
	assert_ptr_equal(xas.xa_node, XAS_BOUNDS);
}

/*
 * xas_find() stepping inside the leaf the cursor stands in (the kernel's
 * fast path): dense and sparse slots, a reservation, a multi-index entry
 * (its sibling slots skipped), leaf boundaries, and @max inside a leaf.
 */
static void test_xas_find_in_leaf(void **state)
{
	const unsigned long keys[] = { 0, 1, 2, 5, 6, CHUNK - 1, CHUNK,
				       CHUNK + 1, 2 * CHUNK, 3 * CHUNK - 1,
				       3 * CHUNK + 2 };
	unsigned long i;
	struct xarray xa;
	void *entry;

	xa_init(&xa);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i] == 6)
			assert_errno(xa_reserve(&xa, 6, GFP_KERNEL), 0);
		else if (keys[i] == 2 * CHUNK)
			assert_null(xa_store_range(&xa, 2 * CHUNK,
						   2 * CHUNK + 3,
						   xa_mk_value(2 * CHUNK),
						   GFP_KERNEL));
		else
			xa_store(&xa, keys[i], xa_mk_value(keys[i]),
				 GFP_KERNEL);
	}
	walk_expect(&xa, 0, ULONG_MAX, keys, ARRAY_SIZE(keys));
	walk_expect(&xa, 0, 5, keys, 4);
	walk_expect(&xa, 0, 4, keys, 3);
	walk_expect(&xa, 3, CHUNK, keys + 3, 4);
	walk_expect(&xa, CHUNK + 2, 2 * CHUNK + 1, keys + 8, 1);
	walk_expect(&xa, CHUNK + 2, ULONG_MAX, keys + 8, 3);
	walk_expect(&xa, 2 * CHUNK + 4, 3 * CHUNK - 2, keys, 0);
	/* a cursor placed by xas_load() or xas_next() looks after itself */
	{
		XA_STATE(xas, &xa, 1);

		rcu_read_lock();
		assert_ptr_equal(xas_load(&xas), xa_mk_value(1));
		assert_ptr_equal(xas_find(&xas, ULONG_MAX), xa_mk_value(2));
		assert_null(xas_next(&xas));
		assert_int_equal(xas.xa_index, 3);
		assert_ptr_equal(xas_find(&xas, ULONG_MAX), xa_mk_value(5));
		xas_set(&xas, 2 * CHUNK + 1);
		entry = xas_load(&xas);
		assert_ptr_equal(entry, xa_mk_value(2 * CHUNK));
		entry = xas_find(&xas, ULONG_MAX);
		assert_int_equal(xas.xa_index, 3 * CHUNK - 1);
		assert_ptr_equal(entry, xa_mk_value(3 * CHUNK - 1));
		/* @max at the cursor's own index: nothing after it, even at 0 */
		xas_set(&xas, 0);
		assert_ptr_equal(xas_load(&xas), xa_mk_value(0));
		assert_null(xas_find(&xas, 0));
		xas_set(&xas, 1);
		assert_ptr_equal(xas_load(&xas), xa_mk_value(1));
		assert_null(xas_find(&xas, 1));
		rcu_read_unlock();
	}
	/* erasing as it goes, under the lock, leaves are emptied and freed */
	{
		XA_STATE(xas, &xa, 0);

		i = 0;
		xas_lock(&xas);
		xas_for_each(&xas, entry, ULONG_MAX) {
			assert_int_equal(xas.xa_index, keys[i]);
			xas_store(&xas, NULL);
			i++;
		}
		xas_unlock(&xas);
		assert_int_equal(i, ARRAY_SIZE(keys));
		assert_true(xa_empty(&xa));
	}
	check_nodes_live(0);
}

/* xas_pause() lets a walk drop the lock; nothing is seen twice. */
static void test_xas_pause(void **state)
{
	static bool visited[5 * CHUNK + 8];
	unsigned long i, n = 0, last = 0;
	struct xarray xa;
	void *entry;
	XA_STATE(xas, &xa, 0);

	xa_init(&xa);
	for (i = 0; i < 5 * CHUNK; i += 3)
		xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL);
	rcu_read_lock();
	xas_for_each(&xas, entry, ULONG_MAX) {
		if (xas_retry(&xas, entry))
			continue;
		assert_int_equal(xa_to_value(entry), xas.xa_index);
		if (n)
			assert_true(xas.xa_index > last);
		last = xas.xa_index;
		visited[last] = true;
		n++;
		if (n % 4 == 0) {
			xas_pause(&xas);
			rcu_read_unlock();
			/* a writer may run here */
			xa_erase(&xa, last + 3);
			xa_store(&xa, last + 1, xa_mk_value(last + 1),
				 GFP_KERNEL);
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
	/* every key still there (the walk only changed keys ahead of it)
	 * was visited, once: indices rose strictly */
	xa_for_each(&xa, i, entry)
		assert_true(visited[i]);
	assert_true(n > 5 * CHUNK / 3);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * The xas_nomem() loop: with the 1st, 2nd, ... node allocation failing
 * under the lock (and memory back once the lock is dropped: a fail-nth
 * failure of an xa_node persists until cleared), the store still
 * completes, each round keeps what it got, and nothing leaks.
 */
static void test_xas_nomem_loop(void **state)
{
	struct sim_machine *m = machine(state);
	unsigned long index = (unsigned long)CHUNK * CHUNK * CHUNK + 1;
	unsigned int nth, rounds;
	struct xarray xa;

	for (nth = 1; nth <= 6; nth++) {
		XA_STATE(xas, &xa, index);

		xa_init(&xa);
		xa_store(&xa, 0, ptr(0), GFP_KERNEL);
		assert_errno(sim_fault_fail_nth(m, NODE_FAULTS, nth), 0);
		rounds = 0;
		do {
			xas_lock(&xas);
			xas_store(&xas, ptr(1));
			xas_unlock(&xas);
			rounds++;
			sim_fault_clear(m);
		} while (xas_nomem(&xas, GFP_KERNEL));
		sim_fault_clear(m);
		assert_int_equal(xas_error(&xas), 0);
		assert_null(xas.xa_alloc);
		assert_true(rounds >= 1);
		assert_ptr_equal(xa_load(&xa, index), ptr(1));
		assert_ptr_equal(xa_load(&xa, 0), ptr(0));
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	/* giving up: the error stays, xas_destroy() frees the spares */
	{
		XA_STATE(xas, &xa, index);

		xa_init(&xa);
		xa_store(&xa, 0, ptr(0), GFP_KERNEL);
		assert_errno(sim_fault_set_probability(m, NODE_FAULTS,
						       1000000, 1), 0);
		xas_lock(&xas);
		xas_store(&xas, ptr(1));
		xas_unlock(&xas);
		assert_int_equal(xas_error(&xas), -ENOMEM);
		assert_false(xas_nomem(&xas, GFP_KERNEL));
		sim_fault_clear(m);
		xas_destroy(&xas);
		assert_null(xa_load(&xa, index));
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

static void test_xas_marks_and_reload(void **state)
{
	unsigned long i, n = 0;
	struct xarray xa;
	void *entry;

	xa_init(&xa);
	for (i = 0; i < 3 * CHUNK; i++)
		xa_store(&xa, i, ptr(i), GFP_KERNEL);
	{
		XA_STATE(xas, &xa, 5);

		xas_lock(&xas);
		xas_set_mark(&xas, XA_MARK_1);	/* not walked yet: nothing */
		assert_false(xa_get_mark(&xa, 5, XA_MARK_1));
		xas_for_each(&xas, entry, ULONG_MAX)
			if (xas.xa_index % 7 == 0)
				xas_set_mark(&xas, XA_MARK_1);
		xas_set(&xas, 14);
		assert_ptr_equal(xas_load(&xas), ptr(14));
		assert_true(xas_get_mark(&xas, XA_MARK_1));
		xas_clear_mark(&xas, XA_MARK_1);
		assert_false(xas_get_mark(&xas, XA_MARK_1));
		assert_ptr_equal(xas_reload(&xas), ptr(14));
		xas_unlock(&xas);
	}
	check_xa(&xa, NULL);
	{
		XA_STATE(xas, &xa, 0);

		rcu_read_lock();
		xas_for_each_marked(&xas, entry, ULONG_MAX, XA_MARK_1) {
			assert_int_equal(xas.xa_index % 7, 0);
			assert_true(xas.xa_index > 5 && xas.xa_index != 14);
			n++;
		}
		rcu_read_unlock();
	}
	/* multiples of 7 in [6, 3 * CHUNK), less 14 */
	assert_int_equal(n, (3 * CHUNK - 1) / 7 - 1);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * Order-0 conflicts, and the kernel's !CONFIG_XARRAY_MULTI forms: order
 * 0 everywhere, splitting is storing, an order above 0 is a violation
 * (the kernel BUG()s in xas_set_order()).
 */
static DEFINE_XARRAY_ALLOC1(xa_alloc1);

static void test_xas_conflict_and_order(void **state)
{
	struct xarray xa;
	unsigned int n;
	uint32_t id;
	void *entry;

	xa_init(&xa);
	xa_store(&xa, 5, ptr(5), GFP_KERNEL);
	assert_errno(xa_insert(&xa, 9, NULL, GFP_KERNEL), 0);
	{
		XA_STATE(xas, &xa, 5);

		n = 0;
		xas_lock(&xas);
		xas_for_each_conflict(&xas, entry) {
			assert_ptr_equal(entry, ptr(5));
			n++;
		}
		xas_unlock(&xas);
		assert_int_equal(n, 1);
	}
	{
		XA_STATE_ORDER(xas, &xa, 9, 0);

		xas_lock(&xas);
		assert_ptr_equal(xas_find_conflict(&xas), XA_ZERO_ENTRY);
		assert_null(xas_find_conflict(&xas));
		xas_set(&xas, 6);
		assert_null(xas_find_conflict(&xas));
		/* splitting an order-0 entry stores */
		xas_set(&xas, 5);
		xas_split_alloc(&xas, ptr(7), 0, GFP_KERNEL);
		xas_split(&xas, ptr(7), 0);
		xas_unlock(&xas);
		assert_ptr_equal(xa_load(&xa, 5), ptr(7));
		assert_int_equal(xa_get_order(&xa, 5), 0);
		assert_int_equal(xas_get_order(&xas), 0);
	}
	test_expect_violations(machine(state), 0);
	{
		/* an order-2 entry at 12..15 (multi-index entries) */
		XA_STATE_ORDER(xas, &xa, 13, 2);

		assert_int_equal(xas.xa_index, 12);
		xas_lock(&xas);
		assert_null(xas_store(&xas, ptr(12)));
		xas_unlock(&xas);
		assert_int_equal(xas_error(&xas), 0);
		assert_ptr_equal(xa_load(&xa, 15), ptr(12));
		assert_int_equal(xa_get_order(&xa, 13), 2);
		xas_set_order(&xas, 21, 1);
		assert_int_equal(xas.xa_index, 20);
		assert_int_equal(xas.xa_sibs, 1);
		assert_int_equal(xas_error(&xas), 0);
		test_expect_violations(machine(state), 0);
	}
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	/* DEFINE_XARRAY_ALLOC1 never hands out id 0 */
	assert_errno(xa_alloc(&xa_alloc1, &id, ptr(1), xa_limit_32b,
			      GFP_KERNEL), 0);
	assert_int_equal(id, 1);
	xa_destroy(&xa_alloc1);
	check_nodes_live(0);
}

/*
 * xas_next()/xas_prev() visit every index, holes included, across leaf
 * and level boundaries, and wrap at the ends of the index space.
 */
static void test_xas_next_prev(void **state)
{
	unsigned long i, top = 3 * CHUNK * CHUNK;
	struct xarray xa;
	void *entry;

	(void)state;
	xa_init(&xa);
	for (i = 0; i < top; i += 3)
		xa_store(&xa, i, ptr(i), GFP_KERNEL);
	rcu_read_lock();
	{
		XA_STATE(xas, &xa, 0);

		/* a fresh cursor returns its own index first */
		for (i = 0; i < top; i++) {
			entry = xas_next(&xas);
			assert_int_equal(xas.xa_index, i);
			assert_ptr_equal(entry, i % 3 ? NULL : ptr(i));
		}
		for (i = top - 2; i != ULONG_MAX; i--) {
			entry = xas_prev(&xas);
			assert_int_equal(xas.xa_index, i);
			assert_ptr_equal(entry, i % 3 ? NULL : ptr(i));
		}
		/* below 0: out of bounds at ULONG_MAX, then back to 0 */
		assert_null(xas_prev(&xas));
		assert_int_equal(xas.xa_index, ULONG_MAX);
		assert_ptr_equal(xas_next(&xas), ptr(0));
		assert_int_equal(xas.xa_index, 0);
	}
	rcu_read_unlock();
	xa_destroy(&xa);

	/* index 0 in the head: the next index is out of bounds */
	xa_init(&xa);
	xa_store(&xa, 0, ptr(0), GFP_KERNEL);
	rcu_read_lock();
	{
		XA_STATE(xas, &xa, 0);

		assert_ptr_equal(xas_next(&xas), ptr(0));
		assert_null(xas_next(&xas));
		assert_ptr_equal(xas.xa_node, XAS_BOUNDS);
		assert_int_equal(xas.xa_index, 1);
	}
	rcu_read_unlock();
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * xas_create_range() (order 0): the store made after it under the same
 * lock needs no memory, even with every node allocation failing; an
 * earlier error is kept.
 */
static void test_xas_create_range(void **state)
{
	struct sim_machine *m = machine(state);
	unsigned long index = (unsigned long)CHUNK * CHUNK * CHUNK + 5;
	struct xarray xa;

	xa_init(&xa);
	xa_store(&xa, 0, ptr(0), GFP_KERNEL);
	{
		XA_STATE(xas, &xa, index);

		/* as the kernel's users: create, then store, under one lock */
		do {
			xas_lock(&xas);
			xas_create_range(&xas);
			if (!xas_error(&xas)) {
				assert_non_null(xas.xa_alloc);
				assert_errno(sim_fault_set_probability(m,
						NODE_FAULTS, 1000000, 1), 0);
				assert_null(xas_store(&xas, ptr(1)));
				sim_fault_clear(m);
			}
			xas_unlock(&xas);
		} while (xas_nomem(&xas, GFP_KERNEL));
		assert_int_equal(xas_error(&xas), 0);
		assert_null(xas.xa_alloc);
		assert_ptr_equal(xa_load(&xa, index), ptr(1));
	}
	{
		XA_STATE(xas, &xa, 7);

		xas_set_err(&xas, -EEXIST);
		xas_lock(&xas);
		xas_create_range(&xas);
		xas_unlock(&xas);
		assert_int_equal(xas_error(&xas), -EEXIST);
	}
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* How many spare nodes wait on @xas. */
static unsigned long spare_nodes(const struct xa_state *xas)
{
	unsigned long nr = 0;

	for (struct xa_node *node = xas->xa_alloc; node; node = node->parent)
		nr++;
	return nr;
}

/*
 * xas_create_range() of an order-1 cursor at 2^63, in an empty array and
 * in one whose only entry is at ULONG_MAX (the root at the top, nothing
 * under its slot 0): it puts on the cursor exactly the nodes the two
 * stores link in (in the empty array a whole path), and the stores,
 * made with every allocation failing, use them all. With 8-slot nodes
 * the level below the root is shift 60, whose nodes each cover 2^63
 * indices: the count there must start from the node over 2^63, not from
 * the one over 0. Kills a78160dc20 (that level counted from 0 too: one
 * node too many, left over after the stores).
 */
static void test_xas_create_range_at_the_top(void **state)
{
	struct sim_machine *m = machine(state);
	unsigned long first = 1UL << (BITS_PER_LONG - 1);
	unsigned int levels = xa_shift_for(first) / XA_CHUNK_SHIFT + 1;

	for (int rooted = 0; rooted <= 1; rooted++) {
		XA_STATE_ORDER(xas, NULL, first, 1);
		unsigned long spares = 0, left = 0;
		DEFINE_XARRAY(xa);

		xas.xa = &xa;
		if (rooted)
			assert_null(xa_store(&xa, ULONG_MAX, ptr(2),
					     GFP_KERNEL));
		do {
			xas_lock(&xas);
			xas_create_range(&xas);
			if (!xas_error(&xas)) {
				spares = spare_nodes(&xas);
				assert_errno(sim_fault_set_probability(m,
						NODE_FAULTS, 1000000, 1), 0);
				xas_store(&xas, ptr(0));
				xas_next(&xas);
				xas_store(&xas, ptr(1));
				sim_fault_clear(m);
				left = spare_nodes(&xas);
			}
			xas_unlock(&xas);
		} while (xas_nomem(&xas, GFP_KERNEL));
		assert_int_equal(xas_error(&xas), 0);
		if (!rooted)
			assert_int_equal(spares, levels);
		assert_int_equal(left, 0);
		assert_ptr_equal(xa_load(&xa, first), ptr(0));
		assert_ptr_equal(xa_load(&xa, first + 1), ptr(1));
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

/*
 * Create the order-@order range at @first with xas_create_range(), then
 * store every index of it under the same lock with every node allocation
 * failing. Return the error the stores ended with; *@spares and *@left
 * get the spare nodes on the cursor before and after the stores.
 */
static int create_then_store(struct sim_machine *m, struct xarray *xa,
			     unsigned long first, unsigned int order,
			     unsigned long *spares, unsigned long *left)
{
	XA_STATE_ORDER(xas, xa, first, order);
	int err = 0;

	for (;;) {
		xas_lock(&xas);
		xas_create_range(&xas);
		if (!xas_error(&xas)) {
			*spares = spare_nodes(&xas);
			assert_errno(sim_fault_set_probability(m, NODE_FAULTS,
							       1000000, 1), 0);
			for (unsigned long i = 0; i < (1UL << order); i++) {
				xas_store(&xas, ptr(i));
				err = xas_error(&xas);
				if (err)
					break;
				xas_next(&xas);
			}
			sim_fault_clear(m);
			*left = spare_nodes(&xas);
			xas_unlock(&xas);
			break;
		}
		xas_unlock(&xas);
		if (!xas_nomem(&xas, GFP_KERNEL))
			break;
	}
	xas_destroy(&xas);
	return err;
}

/*
 * xas_create_range() next to a root node, as the kernel's
 * xas_create_range() links nodes: exactly the nodes the stores need wait
 * on the cursor, and the stores (every allocation failing) use them all.
 * The levels counted are those at the root's own level and just above:
 *  - root a leaf (one entry at 5), an order-XA_CHUNK_SHIFT range at
 *    CHUNK^2: two new levels over the old root (the one at XA_CHUNK_SHIFT
 *    holds it in slot 0, the range's node there is another), plus the
 *    range's leaf: 4. Kills 6ca406931a (the level just above a shift-0
 *    root not counted: 3 nodes, the first store fails with -ENOMEM).
 *  - root at XA_CHUNK_SHIFT (one entry at 3 * CHUNK + 1), the same range
 *    at 2 * CHUNK, under the root: only its leaf, 1. Kills fe4556857e
 *    (the root's own level counted as missing: 2, one left over).
 *  - the same root, the range at CHUNK^2, past it: a new root, a node
 *    at XA_CHUNK_SHIFT and a leaf, 3. Kills 6ca406931a too (the root's
 *    own level counted as a new one: 4, one left over).
 */
static void test_xas_create_range_next_to_the_root(void **state)
{
	static const struct {
		unsigned long entry, first, nodes;
	} cases[] = {
		{ 5, (unsigned long)CHUNK * CHUNK, 4 },
		{ 3 * CHUNK + 1, 2 * CHUNK, 1 },
		{ 3 * CHUNK + 1, (unsigned long)CHUNK * CHUNK, 3 },
	};
	struct sim_machine *m = machine(state);

	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		unsigned long spares = 0, left = 0, i;
		DEFINE_XARRAY(xa);

		assert_null(xa_store(&xa, cases[c].entry, ptr(63), GFP_KERNEL));
		assert_int_equal(create_then_store(m, &xa, cases[c].first,
						   XA_CHUNK_SHIFT, &spares,
						   &left), 0);
		assert_int_equal(spares, cases[c].nodes);
		assert_int_equal(left, 0);
		for (i = 0; i < CHUNK; i++)
			assert_ptr_equal(xa_load(&xa, cases[c].first + i), ptr(i));
		assert_ptr_equal(xa_load(&xa, cases[c].entry), ptr(63));
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_xas_load_store),
		T(test_xas_errors_and_set),
		T(test_xas_for_each),
		T(test_xas_find_in_leaf),
		T(test_xas_pause),
		T(test_xas_nomem_loop),
		T(test_xas_marks_and_reload),
		T(test_xas_conflict_and_order),
		T(test_xas_next_prev),
		T(test_xas_create_range),
		T(test_xas_create_range_at_the_top),
		T(test_xas_create_range_next_to_the_root),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of multi-index entries (the kernel's CONFIG_XARRAY_MULTI):
 * storing, loading, erasing and finding order-N entries, xa_get_order(),
 * marks on them, xa_store_range(), xas_split(), and a seeded random run
 * against a model of the kernel's semantics with xa_check() after every
 * operation. Every expectation is computed from XA_CHUNK_SHIFT.
 */
#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 16);
}

#define NR_IDX		4096UL
#define MAX_ORDER	10U
#define NODE_FAULTS	SIM_FAULT_BIT(SIM_FAULT_XA_NODE)

static void *val(unsigned long v)
{
	return xa_mk_value(v);
}

static void store_order(struct xarray *xa, unsigned long index,
			unsigned int order, void *entry)
{
	XA_STATE_ORDER(xas, xa, index, order);

	do {
		xas_lock(&xas);
		xas_store(&xas, entry);
		xas_unlock(&xas);
	} while (xas_nomem(&xas, GFP_KERNEL));
	assert_int_equal(xas_error(&xas), 0);
}

/* Every index of [@first, @last] reads @entry, with order @order. */
static void expect_range(struct xarray *xa, unsigned long first,
			 unsigned long last, void *entry, int order)
{
	unsigned long i;

	for (i = first; i <= last; i++) {
		assert_ptr_equal(xa_load(xa, i), entry);
		if (order >= 0)
			assert_int_equal(xa_get_order(xa, i), order);
	}
}

static void test_store_load_erase(void **state)
{
	struct xarray xa;
	unsigned int order;

	(void)state;
	xa_init(&xa);
	for (order = 1; order <= 2 * XA_CHUNK_SHIFT + 1; order++) {
		unsigned long size = 1UL << order, base = 3 * size;

		store_order(&xa, base, order, val(order));
		check_xa(&xa, NULL);
		assert_null(xa_load(&xa, base - 1));
		expect_range(&xa, base, base + size - 1, val(order), order);
		assert_null(xa_load(&xa, base + size));
		/* an erase anywhere inside takes the whole entry */
		assert_ptr_equal(xa_erase(&xa, base + size / 2), val(order));
		check_xa(&xa, NULL);
		expect_range(&xa, base, base + size - 1, NULL, 0);
		assert_true(xa_empty(&xa));
	}
	/* order-N at index 0 gets a node, not the head */
	store_order(&xa, 0, XA_CHUNK_SHIFT, val(1));
	assert_true(xa_is_node(xa_head(&xa)));
	expect_range(&xa, 0, XA_CHUNK_SIZE - 1, val(1), XA_CHUNK_SHIFT);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_counts_and_replace(void **state)
{
	struct xarray xa;
	struct xa_node *node;

	(void)state;
	xa_init(&xa);
	/* the kernel's check_multi_store() counting: siblings count */
	store_order(&xa, 0, 1, val(0));
	node = xa_to_node(xa_head(&xa));
	assert_int_equal(node->count, 2);
	assert_int_equal(node->nr_values, 2);
	xa_store(&xa, 3, &xa, GFP_KERNEL);
	assert_int_equal(node->count, 3);
	assert_int_equal(node->nr_values, 2);
	/* an order-0 store inside replaces the whole entry's value */
	assert_ptr_equal(xa_store(&xa, 1, val(7), GFP_KERNEL), val(0));
	expect_range(&xa, 0, 1, val(7), 1);
	/* a larger store covers the smaller entries */
	store_order(&xa, 0, 2, val(4));
	expect_range(&xa, 0, 3, val(4), 2);
	assert_int_equal(node->count, 4);
	assert_int_equal(node->nr_values, 4);
	check_xa(&xa, NULL);
	/* a smaller store into a larger entry gives the larger one its value */
	store_order(&xa, 2, 1, val(5));
	expect_range(&xa, 0, 3, val(5), 2);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_over_subtree(void **state)
{
	unsigned int order = 2 * XA_CHUNK_SHIFT;
	unsigned long i, size = 1UL << order;
	struct xarray xa;

	(void)state;
	xa_init(&xa);
	for (i = 0; i < size; i += 7)
		xa_store(&xa, size + i, val(i), GFP_KERNEL);
	xa_set_mark(&xa, size + 14, XA_MARK_1);
	/* the nodes below go; the mark below is gathered onto the entry */
	store_order(&xa, size, order, val(1));
	check_xa(&xa, NULL);
	expect_range(&xa, size, 2 * size - 1, val(1), order);
	assert_true(xa_get_mark(&xa, size + 5, XA_MARK_1));
	assert_false(xa_get_mark(&xa, size + 5, XA_MARK_2));
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_find_and_marks(void **state)
{
	unsigned long index, n = 0, base = 4 * XA_CHUNK_SIZE;
	struct xarray xa;
	void *entry;

	(void)state;
	xa_init(&xa);
	store_order(&xa, 4, 2, val(4));
	store_order(&xa, base, XA_CHUNK_SHIFT + 1, val(5));
	xa_store(&xa, 9, val(9), GFP_KERNEL);
	/* each entry is visited once, at its first index */
	xa_for_each(&xa, index, entry) {
		n++;
		assert_int_equal(index, n == 1 ? 4 : n == 2 ? 9 : base);
	}
	assert_int_equal(n, 3);
	/* a find from inside an entry finds it there; find_after skips it */
	index = 6;
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), val(4));
	assert_int_equal(index, 6);
	assert_ptr_equal(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT),
			 val(9));
	assert_int_equal(index, 9);
	index = base + 3;
	assert_ptr_equal(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT),
			 NULL);
	/* a mark set through any index is the entry's */
	xa_set_mark(&xa, 7, XA_MARK_0);
	assert_true(xa_get_mark(&xa, 4, XA_MARK_0));
	assert_true(xa_get_mark(&xa, 5, XA_MARK_0));
	index = 5;
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_MARK_0), val(4));
	assert_int_equal(index, 4);
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_MARK_0));
	xa_clear_mark(&xa, 4, XA_MARK_0);
	assert_false(xa_marked(&xa, XA_MARK_0));
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * What a lockless reader can meet while a store replaces multi-index
 * entries: the kernel's store loop writes the new entry's own slot, then
 * its siblings one by one, so an old sibling not yet overwritten can lead
 * to a slot that is already a sibling of the new entry (here: an order-1
 * entry at 2 being replaced by an order-2 entry at 0, slot 3 not yet
 * written). Every reader must follow such a chain to the entry, as the
 * kernel's xas_descend() does, and never hand out a sibling.
 */
static void test_reader_sibling_chain(void **state)
{
	XA_STATE(xas, NULL, 0);
	struct xa_node *node;
	struct xarray xa;
	unsigned long index;
	void *entry;

	(void)state;
	xa_init(&xa);
	store_order(&xa, 0, 2, val(4));
	xa_set_mark(&xa, 0, XA_MARK_0);
	xas.xa = &xa;
	rcu_read_lock();
	assert_ptr_equal(xas_load(&xas), val(4));
	rcu_read_unlock();
	node = xas.xa_node;
	assert_non_null(node);
	assert_int_equal(node->shift, 0);
	/* the moment before the store writes slot 3 */
	assert_ptr_equal(node->slots[3], xa_mk_sibling(0));
	WRITE_ONCE(node->slots[3], xa_mk_sibling(2));

	assert_ptr_equal(xa_load(&xa, 3), val(4));
	assert_true(xa_get_mark(&xa, 3, XA_MARK_0));
	xas_set(&xas, 3);
	rcu_read_lock();
	assert_ptr_equal(xas_load(&xas), val(4));
	assert_int_equal(xas.xa_offset, 0);
	rcu_read_unlock();
	index = 3;
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT), val(4));
	index = 3;
	assert_ptr_equal(xa_find(&xa, &index, ULONG_MAX, XA_MARK_0), val(4));
	assert_int_equal(index, 0);
	index = 0;
	xa_for_each_start(&xa, index, entry, 3)
		assert_ptr_equal(entry, val(4));

	WRITE_ONCE(node->slots[3], xa_mk_sibling(0));
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

static void test_store_range(void **state)
{
	static const unsigned long starts[] = { 0, 1, 63, 128, 4095, 123456 };
	struct xarray xa;
	unsigned int s;
	unsigned long len;

	(void)state;
	xa_init(&xa);
	for (s = 0; s < ARRAY_SIZE(starts); s++) {
		for (len = 1; len <= 3 * XA_CHUNK_SIZE + 2; len += 5) {
			unsigned long first = starts[s], last = first + len - 1;

			assert_null(xa_store_range(&xa, first, last, val(first),
						   GFP_KERNEL));
			check_xa(&xa, NULL);
			if (first)
				assert_null(xa_load(&xa, first - 1));
			expect_range(&xa, first, last, val(first), -1);
			assert_null(xa_load(&xa, last + 1));
			assert_null(xa_store_range(&xa, first, last, NULL,
						   GFP_KERNEL));
			assert_true(xa_empty(&xa));
		}
	}
	assert_int_equal(xa_err(xa_store_range(&xa, 5, 4, val(1), GFP_KERNEL)),
			 -EINVAL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * xa_store_range() at the top of the index space: its pieces climb to
 * the top level (shift 60 with 64- or 16-slot nodes, 63 with 8-slot
 * ones) and no further. When XA_CHUNK_SHIFT divides BITS_PER_LONG (4,
 * 2; tests/unit/chunk_shifts builds 4), one more step shifts by 64.
 * Kills 705386fd0a (xa_range_piece()'s climb allowed to reach
 * BITS_PER_LONG).
 */
static void test_store_range_at_the_top(void **state)
{
	const unsigned int top = (BITS_PER_LONG - 1) / XA_CHUNK_SHIFT *
				 XA_CHUNK_SHIFT;
	const unsigned long high = 1UL << top;
	const struct {
		unsigned long first, last;
	} ranges[] = {
		{ 0, ULONG_MAX }, { high, ULONG_MAX }, { high - 1, ULONG_MAX },
		{ high + 1, ULONG_MAX }, { 0, high - 1 }, { high - 1, high },
		{ 1, ULONG_MAX }, { 0, ULONG_MAX - 1 },
	};
	struct xarray xa;
	unsigned int r, p;

	(void)state;
	xa_init(&xa);
	for (r = 0; r < ARRAY_SIZE(ranges); r++) {
		unsigned long first = ranges[r].first, last = ranges[r].last;
		const unsigned long probes[] = {
			first, first + 1, high - 1, high,
			first + (last - first) / 2, last - 1, last,
		};
		unsigned long index, prev = 0, pieces = 0;
		void *entry;

		assert_null(xa_store_range(&xa, first, last, val(r + 1),
					   GFP_KERNEL));
		check_xa(&xa, NULL);
		for (p = 0; p < ARRAY_SIZE(probes); p++) {
			bool in = probes[p] >= first && probes[p] <= last;

			assert_ptr_equal(xa_load(&xa, probes[p]),
					 in ? val(r + 1) : NULL);
		}
		if (first)
			assert_null(xa_load(&xa, first - 1));
		if (last != ULONG_MAX)
			assert_null(xa_load(&xa, last + 1));
		/* the pieces, each once, in order, inside the range */
		xa_for_each(&xa, index, entry) {
			assert_ptr_equal(entry, val(r + 1));
			assert_true(index >= first && index <= last);
			assert_true(!pieces++ || index > prev);
			prev = index;
		}
		assert_true(pieces >= 1);
		assert_null(xa_store_range(&xa, first, last, NULL, GFP_KERNEL));
		assert_true(xa_empty(&xa));
	}
	check_nodes_live(0);
}

static void split_one(struct xarray *xa, unsigned long index,
		      unsigned int order, unsigned int new_order)
{
	XA_STATE_ORDER(xas, xa, index, new_order);
	unsigned long i, n = 0;
	void *entry;

	store_order(xa, index, order, xa);
	xa_set_mark(xa, index, XA_MARK_1);
	xas_split_alloc(&xas, xa, order, GFP_KERNEL);
	assert_int_equal(xas_error(&xas), 0);
	xas_lock(&xas);
	xas_split(&xas, xa, order);
	for (i = 0; i < (1UL << order); i += 1UL << new_order)
		__xa_store(xa, index + i, val(index + i), 0);
	xas_unlock(&xas);
	xas_destroy(&xas);
	check_xa(xa, NULL);
	for (i = 0; i < (1UL << order); i++) {
		unsigned long first = index + (i & ~((1UL << new_order) - 1));

		assert_ptr_equal(xa_load(xa, index + i), val(first));
		assert_int_equal(xa_get_order(xa, index + i), new_order);
		assert_true(xa_get_mark(xa, index + i, XA_MARK_1));
	}
	xa_for_each_marked(xa, i, entry, XA_MARK_1)
		n++;
	assert_int_equal(n, 1UL << (order - new_order));
	xa_destroy(xa);
}

static void test_split(void **state)
{
	unsigned int order, new_order;
	struct xarray xa;

	(void)state;
	xa_init(&xa);
	/* as the kernel's check_split(): at most one level down */
	for (order = 1; order < 2 * XA_CHUNK_SHIFT; order++)
		for (new_order = 0; new_order < order; new_order++)
			split_one(&xa, 1UL << (order + 1), order, new_order);
	check_nodes_live(0);
}

/*
 * xas_split() told the wrong order of the entry: the kernel splits that
 * many slots and leaves siblings of the old entry leading to a piece, or
 * overwrites the entry after it. Here it is bad input: a WARN, -EINVAL,
 * and the array as it was.
 */
static void split_wrong_order(struct sim_machine *m, unsigned int order,
			      unsigned int told)
{
	XA_STATE(xas, NULL, 0);
	unsigned long size = 1UL << order, i;
	struct xarray xa;

	xa_init(&xa);
	xas.xa = &xa;
	store_order(&xa, 0, order, val(1));
	store_order(&xa, size, order, val(2));
	xas_split_alloc(&xas, val(3), told, GFP_KERNEL);
	assert_int_equal(xas_error(&xas), 0);
	xas_lock(&xas);
	xas_split(&xas, val(3), told);
	xas_unlock(&xas);
	assert_int_equal(xas_error(&xas), -EINVAL);
	test_expect_violations(m, 1);
	xas_destroy(&xas);
	check_xa(&xa, NULL);
	for (i = 0; i < 2 * size; i++) {
		assert_ptr_equal(xa_load(&xa, i), val(1 + i / size));
		assert_int_equal(xa_get_order(&xa, i), order);
	}
	xa_destroy(&xa);
}

static void test_split_wrong_order(void **state)
{
	struct sim_machine *m = machine(state);

	split_wrong_order(m, 2, 1);
	split_wrong_order(m, 1, 2);
	split_wrong_order(m, XA_CHUNK_SHIFT + 1, XA_CHUNK_SHIFT);
	check_nodes_live(0);
	{
		/* pieces larger than the entry */
		XA_STATE_ORDER(xas, NULL, 0, 2);
		struct xarray xa;

		xa_init(&xa);
		xas.xa = &xa;
		store_order(&xa, 0, 1, val(1));
		xas_lock(&xas);
		xas_split(&xas, val(3), 1);
		xas_unlock(&xas);
		assert_int_equal(xas_error(&xas), -EINVAL);
		test_expect_violations(m, 1);
		expect_range(&xa, 0, 1, val(1), 1);
		assert_null(xa_load(&xa, 2));
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

/* The model: for each index, its entry's first index, order and value. */
struct slot_model {
	unsigned long base;
	unsigned int order;
	unsigned long value;	/* 0: empty */
	bool mark;
};

static struct slot_model model[NR_IDX];

/* The entry covering @index in the model, as its first index, or -1. */
static long model_base(unsigned long index)
{
	return model[index].value ? (long)model[index].base : -1;
}

static void model_set(unsigned long base, unsigned int order,
		      unsigned long value, bool mark)
{
	unsigned long i;

	for (i = base; i < base + (1UL << order); i++)
		model[i] = (struct slot_model){ base, order, value, mark };
}

static void model_clear(unsigned long base, unsigned int order)
{
	unsigned long i;

	for (i = base; i < base + (1UL << order); i++)
		model[i].value = 0;
}


/*
 * xas_create_range() of an order-N cursor, as the kernel's
 * check_create_range_4(): afterwards the cursor is order 0 at the
 * range's first index, and order-0 stores over the whole range made
 * under the same lock need no memory, with every node allocation
 * failing. Ranges inside one leaf, across leaves, and with a plain
 * entry already in the range; then over an order-N entry, which stays.
 */
static void create_range_store(struct sim_machine *m, struct xarray *xa,
			       unsigned long index, unsigned int order)
{
	XA_STATE_ORDER(xas, xa, index, order);
	unsigned long base = xas.xa_index;
	unsigned long i;

	xa_store(xa, index, val(index), GFP_KERNEL);
	do {
		xas_lock(&xas);
		xas_create_range(&xas);
		if (xas_error(&xas))
			goto unlock;
		assert_int_equal(xas.xa_index, base);
		assert_int_equal(xas.xa_shift, 0);
		assert_int_equal(xas.xa_sibs, 0);
		assert_errno(sim_fault_set_probability(m, NODE_FAULTS,
						       1000000, 1), 0);
		for (i = 0; i < (1UL << order); i++) {
			void *old = xas_store(&xas, val(base + i));

			assert_int_equal(xas_error(&xas), 0);
			assert_ptr_equal(old, base + i == index ? val(index)
							       : NULL);
			xas_next(&xas);
		}
		sim_fault_clear(m);
unlock:
		xas_unlock(&xas);
	} while (xas_nomem(&xas, GFP_KERNEL));
	assert_int_equal(xas_error(&xas), 0);
	assert_null(xas.xa_alloc);
	for (i = 0; i < (1UL << order); i++)
		assert_ptr_equal(xa_load(xa, base + i), val(base + i));
	check_xa(xa, NULL);
	xa_destroy(xa);
	check_nodes_live(0);
}

static void test_create_range(void **state)
{
	struct sim_machine *m = machine(state);
	unsigned long far = (unsigned long)CHUNK * CHUNK * CHUNK;
	struct xarray xa;
	unsigned int order;

	xa_init(&xa);
	for (order = 1; order <= XA_CHUNK_SHIFT + 3; order++) {
		create_range_store(m, &xa, 0, order);
		create_range_store(m, &xa, (3UL << order) + 1, order);
		create_range_store(m, &xa, far + 1, order);
	}
	/*
	 * Over an order-N entry, again and again as the kernel's
	 * check_create_range_5() (the cursor is order 0 after the first):
	 * nothing is lost, nothing leaks.
	 */
	store_order(&xa, CHUNK, XA_CHUNK_SHIFT, val(CHUNK));
	{
		XA_STATE_ORDER(xas, &xa, CHUNK, XA_CHUNK_SHIFT);
		int i;

		for (i = 0; i < 3; i++) {
			do {
				xas_lock(&xas);
				xas_create_range(&xas);
				xas_unlock(&xas);
			} while (xas_nomem(&xas, GFP_KERNEL));
			assert_int_equal(xas_error(&xas), 0);
		}
	}
	expect_range(&xa, CHUNK, 2 * CHUNK - 1, val(CHUNK), XA_CHUNK_SHIFT);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/* A store of @value at order @order over @base, as the kernel does it. */
static void model_store(unsigned long base, unsigned int order,
			unsigned long value)
{
	unsigned long i, end = base + (1UL << order);
	bool mark = false;

	if (model[base].value && model[base].order > order) {
		struct slot_model e = model[base];

		model_set(e.base, e.order, value, e.mark);
		return;
	}
	for (i = base; i < end; i++) {
		if (!model[i].value)
			continue;
		mark |= model[i].mark;
		model_clear(model[i].base, model[i].order);
	}
	model_set(base, order, value, mark);
}

static void model_verify(struct xarray *xa)
{
	unsigned long index, i, visited = 0, expected = 0;
	void *entry;

	check_xa(xa, NULL);
	for (i = 0; i < NR_IDX; i++) {
		void *want = model[i].value ? val(model[i].value) : NULL;

		assert_ptr_equal(xa_load(xa, i), want);
		if (want) {
			assert_int_equal(xa_get_order(xa, i), model[i].order);
			assert_int_equal(xa_get_mark(xa, i, XA_MARK_2),
					 model[i].mark);
		}
		if (want && model[i].base == i)
			expected++;
	}
	xa_for_each(xa, index, entry) {
		assert_int_equal(model_base(index), (long)index);
		visited++;
	}
	assert_int_equal(visited, expected);
}

static void test_random_model(void **state)
{
	unsigned int step, steps = 3000;
	struct xarray xa;

	(void)state;
	xa_init(&xa);
	memset(model, 0, sizeof(model));
	for (step = 0; step < steps; step++) {
		unsigned int order = rng_next() % (MAX_ORDER + 1);
		unsigned long index = rng_next() % NR_IDX;
		unsigned long base = index & ~((1UL << order) - 1);
		unsigned long value = step + 1;
		long b = model_base(index);

		switch (rng_next() % 6) {
		case 0:
		case 1:
			store_order(&xa, base, order, val(value));
			model_store(base, order, value);
			break;
		case 2:
			xa_store(&xa, index, val(value), GFP_KERNEL);
			model_store(index, 0, value);
			break;
		case 3:
			xa_erase(&xa, index);
			if (b >= 0)
				model_clear(b, model[index].order);
			break;
		case 4:
			if (b < 0)
				break;
			xa_set_mark(&xa, index, XA_MARK_2);
			model_set(b, model[index].order, model[index].value,
				  true);
			break;
		case 5:
			if (b < 0 || !model[index].order)
				break;
			order = model[index].order;
			{
				unsigned int new_order = rng_next() % order;
				XA_STATE_ORDER(xas, &xa, b, new_order);
				unsigned long i;
				bool mark = model[index].mark;

				if (XA_ORDER_SHIFT(new_order) +
				    2 * XA_CHUNK_SHIFT <= order)
					break;
				xas_split_alloc(&xas, val(value), order,
						GFP_KERNEL);
				xas_lock(&xas);
				xas_split(&xas, val(value), order);
				xas_unlock(&xas);
				xas_destroy(&xas);
				assert_int_equal(xas_error(&xas), 0);
				for (i = 0; i < (1UL << order);
				     i += 1UL << new_order)
					model_set(b + i, new_order, value,
						  mark);
			}
			break;
		}
		if (step % 50 == 0 || step == steps - 1)
			model_verify(&xa);
		else
			check_xa(&xa, NULL);
	}
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * A reader that read a sibling slot and then its entry's slot may find
 * there a sibling of a newer, larger entry a writer stored in between:
 * it must walk again (or follow that one too, as the kernel's
 * xas_descend() loops), never hand out the sibling. The reader's second
 * step is replayed here after the writer's store: slot 3 said "sibling
 * of 2" before an order-2 entry made slot 2 a sibling of 0. Found by
 * test_xa_rcu_multi ("reader got internal entry 0x82").
 */
static void test_sibling_of_sibling(void **state)
{
	int a, b;
	struct xarray xa;
	void *entry;

	(void)state;
	xa_init(&xa);
	store_order(&xa, 2, 1, &a);
	store_order(&xa, 64, 0, &a);	/* index 0 in a node, not the head */
	store_order(&xa, 0, 2, &b);

	XA_STATE(xas, &xa, 0);

	rcu_read_lock();
	xas_load(&xas);
	assert_non_null(xas.xa_node);
	assert_true(xa_is_sibling(rcu_dereference(xas.xa_node->slots[2])));
	entry = xa_sibling_entry(xas.xa_node, xas.xa_node->shift,
				 xa_mk_sibling(2), NULL);
	rcu_read_unlock();
	assert_true(entry == &b || xa_is_retry(entry));
	assert_ptr_equal(xa_load(&xa, 3), &b);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * Under xa_lock, change the order-1 entry at indexes 2-3 that @xas
 * (at index 3) was walked to: erase it and store @b at index 2 alone,
 * or split it in place into order-0 pieces and then store @b at 2.
 */
static void reshape_under_reader(struct xa_state *xas, void *b, bool split)
{
	XA_STATE_ORDER(whole, xas->xa, 2, 1);
	XA_STATE(two, xas->xa, 2);

	if (split) {
		XA_STATE_ORDER(pieces, xas->xa, 2, 0);

		xas_split_alloc(&pieces, xa_load(xas->xa, 2), 1, GFP_ATOMIC);
		assert_int_equal(xas_error(&pieces), 0);
		xas_split(&pieces, xa_load(xas->xa, 2), 1);
		assert_int_equal(xas_error(&pieces), 0);
		xas_destroy(&pieces);
	} else {
		xas_store(&whole, NULL);
		assert_int_equal(xas_error(&whole), 0);
	}
	xas_store(&two, b);
	assert_int_equal(xas_error(&two), 0);
}

/*
 * xas_reload() reads the slot of the cursor's own index again, as the
 * kernel's does with CONFIG_XARRAY_MULTI, not the slot of the entry the
 * walk found there: a caller that revalidates (the page cache after
 * folio_try_get()) must see that its index no longer holds the entry,
 * when the entry was erased or split and its first index reused. Read
 * with the other slot, the cursor confirmed the entry of index 2 for
 * index 3.
 */
static void test_reload_rereads_own_slot(void **state)
{
	int a, b, keep;

	(void)state;
	for (int split = 0; split < 2; split++) {
		struct xarray xa;

		xa_init(&xa);
		store_order(&xa, 1, 0, &keep);	/* keeps the node: no shrink */
		store_order(&xa, 2, 1, &a);

		XA_STATE(xas, &xa, 3);

		xas_lock(&xas);
		assert_ptr_equal(xas_load(&xas), &a);
		assert_ptr_equal(xas_reload(&xas), &a);
		reshape_under_reader(&xas, &b, split);
		assert_ptr_equal(xas_reload(&xas), split ? &a : NULL);
		xas_unlock(&xas);
		assert_ptr_equal(xa_load(&xa, 2), &b);
		assert_ptr_equal(xa_load(&xa, 3), split ? &a : NULL);
		check_xa(&xa, NULL);
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

/*
 * xas_find() after a cursor that loaded an index inside a multi-index
 * entry goes on after that index, as the kernel's does, even when the
 * entry's slots were rewritten since: here split in place into order-0
 * pieces and each piece replaced, all under xa_lock. Stepping on from
 * the entry's first slot instead handed out an index below the cursor's,
 * which a walk under RCU sees going backwards.
 */
static void test_find_goes_on_after_own_index(void **state)
{
	XA_STATE(xas, NULL, 5);
	static int e[8];
	int keep;
	struct xarray xa;
	void *entry;

	(void)state;
	xa_init(&xa);
	xas.xa = &xa;
	store_order(&xa, 1, 0, &keep);	/* keeps the node: no shrink */
	store_order(&xa, 4, 2, &e[4]);
	xas_lock(&xas);
	assert_ptr_equal(xas_load(&xas), &e[4]);
	{
		XA_STATE_ORDER(pieces, &xa, 4, 0);

		xas_split_alloc(&pieces, &e[4], 2, GFP_ATOMIC);
		assert_int_equal(xas_error(&pieces), 0);
		xas_split(&pieces, &e[4], 2);
		assert_int_equal(xas_error(&pieces), 0);
		xas_destroy(&pieces);
	}
	for (unsigned long i = 4; i < 8; i++) {
		XA_STATE(one, &xa, i);

		xas_store(&one, &e[i]);
		assert_int_equal(xas_error(&one), 0);
	}
	entry = xas_find(&xas, ULONG_MAX);
	assert_int_equal(xas.xa_index, 6);
	assert_ptr_equal(entry, &e[6]);
	xas_unlock(&xas);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * An order-2 erase over four order-0 entries clears all four slots: the
 * store goes on to the range's last slot even though no sibling leads
 * it there, and stops after it.
 */
static void test_erase_order_over_pieces(void **state)
{
	static int e[9];
	struct xarray xa;

	(void)state;
	xa_init(&xa);
	for (unsigned long i = 4; i < 9; i++)
		store_order(&xa, i, 0, &e[i]);
	store_order(&xa, 4, 2, NULL);
	for (unsigned long i = 4; i < 8; i++)
		assert_null(xa_load(&xa, i));
	assert_ptr_equal(xa_load(&xa, 8), &e[8]);
	check_xa(&xa, NULL);
	xa_destroy(&xa);
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_store_load_erase),
		T(test_counts_and_replace),
		T(test_over_subtree),
		T(test_find_and_marks),
		T(test_reader_sibling_chain),
		T(test_store_range),
		T(test_store_range_at_the_top),
		T(test_split),
		T(test_split_wrong_order),
		T(test_create_range),
		T(test_random_model),
		T(test_sibling_of_sibling),
		T(test_reload_rereads_own_slot),
		T(test_find_goes_on_after_own_index),
		T(test_erase_order_over_pieces),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Allocation failure in the xarray, at every allocation point.
 *
 * The fail-nth countdown (N = 1, 2, ... until the call succeeds) is armed
 * on the xa_node class around one xa_store(), xa_insert(), xa_cmpxchg()
 * or xa_alloc() on arrays of several shapes. Each failing call must
 * report -ENOMEM and leave the array exactly as it was: same entries
 * (reservations included), same structure, no node left behind. The
 * number of failures before success must equal the number of nodes the
 * successful call added. (A countdown failure of an xa_node persists:
 * the call's __xas_nomem() retry fails too, so the error path is taken.)
 * A seeded random run then mixes all calls with a failure probability
 * against a reference model; there one-shot failures also happen, and a
 * call whose failed node allocation was retried successfully must
 * succeed.
 */
#include <stdlib.h>
#include <string.h>

#include "xa_test.h"

#define NODE_FAULTS	SIM_FAULT_BIT(SIM_FAULT_XA_NODE)

static int setup(void **state)
{
	return xa_test_setup(state, 1234);
}

/* Everything an array holds, reservations included, in index order. */
struct snapshot {
	unsigned long nr, cap;
	unsigned long *index;
	void **entry;
	unsigned long nr_present;	/* as seen by xa_for_each() */
	unsigned long present_sum;	/* of index ^ entry, same walk */
	struct xa_check_stats st;
};

static void snap_visit(void *arg, unsigned long index, void *entry)
{
	struct snapshot *s = arg;

	if (s->nr == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->index = realloc(s->index, s->cap * sizeof(*s->index));
		s->entry = realloc(s->entry, s->cap * sizeof(*s->entry));
		if (!s->index || !s->entry)
			abort();
	}
	s->index[s->nr] = index;
	s->entry[s->nr] = entry;
	s->nr++;
}

static noinline void snap_take(struct xarray *xa, struct snapshot *s)
{
	unsigned long index;
	char msg[192];
	void *entry;

	s->nr = 0;
	if (xa_check(xa, &s->st, snap_visit, s, msg, sizeof(msg)))
		fail_msg("xarray %p is corrupt: %s", (void *)xa, msg);
	s->nr_present = 0;
	s->present_sum = 0;
	xa_for_each(xa, index, entry) {
		s->nr_present++;
		s->present_sum += index ^ (unsigned long)entry;
	}
	assert_int_equal(s->nr_present, s->st.nr_present);
}

static noinline void snap_equal(const struct snapshot *a,
				const struct snapshot *b)
{
	assert_int_equal(a->nr, b->nr);
	assert_memory_equal(a->index, b->index, a->nr * sizeof(*a->index));
	assert_memory_equal(a->entry, b->entry, a->nr * sizeof(*a->entry));
	assert_int_equal(a->st.nr_nodes, b->st.nr_nodes);
	assert_int_equal(a->st.height, b->st.height);
	assert_int_equal(a->nr_present, b->nr_present);
	assert_int_equal(a->present_sum, b->present_sum);
}

static void snap_free(struct snapshot *s)
{
	free(s->index);
	free(s->entry);
	memset(s, 0, sizeof(*s));
}

/* One call under test: returns 0 or a -errno. */
enum op_kind { OP_STORE, OP_INSERT, OP_CMPXCHG, OP_ALLOC, OP_STORE_RANGE };

struct op {
	enum op_kind kind;
	unsigned long index;
	unsigned long last;	/* OP_STORE_RANGE: @index to @last */
	void *entry;
	void *old;		/* OP_CMPXCHG: the entry expected */
	struct xa_limit limit;
	uint32_t id;
};

static int op_run(struct xarray *xa, struct op *op)
{
	void *curr;

	switch (op->kind) {
	case OP_STORE:
		curr = xa_store(xa, op->index, op->entry, GFP_KERNEL);
		return xa_err(curr);
	case OP_INSERT:
		return xa_insert(xa, op->index, op->entry, GFP_KERNEL);
	case OP_CMPXCHG:
		curr = xa_cmpxchg(xa, op->index, op->old, op->entry,
				  GFP_KERNEL);
		return xa_err(curr);
	case OP_ALLOC:
		op->id = 0xdeadbeef;
		return xa_alloc(xa, &op->id, op->entry, op->limit, GFP_KERNEL);
	case OP_STORE_RANGE:
		curr = xa_store_range(xa, op->index, op->last, op->entry,
				      GFP_KERNEL);
		return xa_err(curr);
	}
	return -EINVAL;
}

/*
 * Fail the 1st, 2nd, ... node allocation of @op until it succeeds.
 * Return the number of failed attempts.
 */
static noinline unsigned long fail_nth_loop(struct sim_machine *m,
					    struct xarray *xa, struct op *op)
{
	struct snapshot before = { 0 }, after = { 0 };
	struct sim_fault_stats fs0, fs1;
	unsigned long n;
	long live;
	int ret;

	snap_take(xa, &before);
	assert_errno(sim_fault_get_stats(m, &fs0), 0);
	/*
	 * Let earlier frees finish their grace period: a failed call never
	 * publishes a node, so nothing else reaches RCU until success.
	 */
	test_rcu_drain();
	live = xa_node_nr_live();
	for (n = 1; ; n++) {

		assert_errno(sim_fault_fail_nth(m, NODE_FAULTS, n), 0);
		ret = op_run(xa, op);
		sim_fault_clear(m);
		if (!ret)
			break;
		assert_errno(ret, -ENOMEM);
		if (op->kind == OP_ALLOC)
			assert_int_equal(op->id, 0xdeadbeef);
		/* nodes of a failed call are freed at once, not after RCU */
		assert_int_equal(xa_node_nr_live(), live);
		snap_take(xa, &after);
		snap_equal(&before, &after);
		assert_true(n <= 2 * XA_MAX_LEVELS);
	}
	assert_errno(sim_fault_get_stats(m, &fs1), 0);
	/* each failed call: its nth node, then __xas_nomem()'s retry */
	assert_int_equal(fs1.injected[SIM_FAULT_XA_NODE] -
			 fs0.injected[SIM_FAULT_XA_NODE], 2 * (n - 1));

	/*
	 * The successful call added exactly one node per failed attempt; a
	 * range store may also free the nodes of what it covered.
	 */
	snap_take(xa, &after);
	if (op->kind == OP_STORE_RANGE)
		assert_true(after.st.nr_nodes <= before.st.nr_nodes + n - 1);
	else
		assert_int_equal(after.st.nr_nodes,
				 before.st.nr_nodes + n - 1);
	snap_free(&before);
	snap_free(&after);
	return n - 1;
}

/* Array shapes the calls run against. */
enum shape {
	SHAPE_EMPTY,
	SHAPE_HEAD,		/* index 0 only */
	SHAPE_HEAD_RESERVED,	/* index 0 reserved */
	SHAPE_LEAF,		/* a few indices below CHUNK */
	SHAPE_TWO_LEVELS,	/* 0 and one index in another leaf */
	SHAPE_SPARSE_HIGH,	/* 2^40 and ULONG_MAX */
	SHAPE_DENSE,		/* 0..999 */
	SHAPE_NR,
};

static void shape_build(struct xarray *xa, enum shape shape)
{
	unsigned long i;

	switch (shape) {
	case SHAPE_EMPTY:
		break;
	case SHAPE_HEAD:
		xa_store(xa, 0, xa_mk_value(100), GFP_KERNEL);
		break;
	case SHAPE_HEAD_RESERVED:
		assert_errno(xa_insert(xa, 0, NULL, GFP_KERNEL), 0);
		break;
	case SHAPE_LEAF:
		for (i = 2; i < CHUNK; i += 3)
			xa_store(xa, i, xa_mk_value(i), GFP_KERNEL);
		break;
	case SHAPE_TWO_LEVELS:
		xa_store(xa, 0, xa_mk_value(0), GFP_KERNEL);
		xa_store(xa, 5 * CHUNK + 3, xa_mk_value(1), GFP_KERNEL);
		break;
	case SHAPE_SPARSE_HIGH:
		xa_store(xa, 1UL << 40, xa_mk_value(40), GFP_KERNEL);
		xa_store(xa, ULONG_MAX, xa_mk_value(64), GFP_KERNEL);
		break;
	case SHAPE_DENSE:
		for (i = 0; i < 1000; i++)
			xa_store(xa, i, xa_mk_value(i), GFP_KERNEL);
		break;
	case SHAPE_NR:
		break;
	}
}

static const unsigned long target_indices[] = {
	0, 1, CHUNK - 1, CHUNK, CHUNK * CHUNK, CHUNK * CHUNK + 1,
	1UL << 33, 1UL << 62, ULONG_MAX - CHUNK, ULONG_MAX,
};

/* Each of store, insert and cmpxchg at each target on each shape. */
static void test_fault_store_insert_cmpxchg(void **state)
{
	static const enum op_kind kinds[] = { OP_STORE, OP_INSERT, OP_CMPXCHG };
	struct sim_machine *m = machine(state);
	unsigned long failures = 0;
	unsigned int s, k, t;

	for (s = 0; s < SHAPE_NR; s++) {
		for (k = 0; k < ARRAY_SIZE(kinds); k++) {
			for (t = 0; t < ARRAY_SIZE(target_indices); t++) {
				unsigned long index = target_indices[t];
				struct op op = {
					.kind = kinds[k],
					.index = index,
					.entry = xa_mk_value(index >> 2),
				};
				struct xarray xa;
				void *old;

				xa_init(&xa);
				shape_build(&xa, s);
				old = xa_load(&xa, index);
				if (kinds[k] == OP_INSERT && (old ||
				    (s == SHAPE_HEAD_RESERVED && !index))) {
					/* occupied: -EBUSY, never -ENOMEM */
					assert_errno(op_run(&xa, &op), -EBUSY);
					xa_destroy(&xa);
					continue;
				}
				if (kinds[k] == OP_CMPXCHG && old) {
					xa_destroy(&xa);
					continue;
				}
				/* a reservation matches only XA_ZERO_ENTRY */
				if (s == SHAPE_HEAD_RESERVED && !index)
					op.old = XA_ZERO_ENTRY;
				failures += fail_nth_loop(m, &xa, &op);
				assert_ptr_equal(xa_load(&xa, index), op.entry);
				xa_destroy(&xa);
			}
		}
	}
	/* the loops did exercise failures */
	assert_true(failures > 0);
	check_nodes_live(0);
}

/*
 * An entry that may not live in the head (a pointer aligned to only 2
 * bytes) stored at index 0 of a head-only array needs a leaf: failing
 * that allocation leaves the head as it was.
 */
static void test_fault_leaf_only_entry_at_index_0(void **state)
{
	static char bytes[8] __attribute__((aligned(8)));
	static const enum shape shapes[] = {
		SHAPE_EMPTY, SHAPE_HEAD, SHAPE_HEAD_RESERVED,
	};
	struct sim_machine *m = machine(state);
	unsigned long failures = 0;
	unsigned int s;

	for (s = 0; s < ARRAY_SIZE(shapes); s++) {
		struct op op = {
			.kind = OP_STORE, .index = 0, .entry = bytes + 2,
		};
		struct xarray xa;

		xa_init(&xa);
		shape_build(&xa, shapes[s]);
		failures += fail_nth_loop(m, &xa, &op);
		assert_ptr_equal(xa_load(&xa, 0), bytes + 2);
		xa_destroy(&xa);
	}
	assert_true(failures >= 2);
	check_nodes_live(0);
}

/* Reserving (insert of NULL) allocates the same nodes and fails the same. */
static void test_fault_reserve(void **state)
{
	struct sim_machine *m = machine(state);
	unsigned int s, t;

	for (s = 0; s < SHAPE_NR; s++) {
		for (t = 0; t < ARRAY_SIZE(target_indices); t++) {
			struct op op = {
				.kind = OP_INSERT,
				.index = target_indices[t],
				.entry = NULL,
			};
			struct xarray xa;
			struct xa_check_stats st;
			char msg[128];

			xa_init(&xa);
			shape_build(&xa, s);
			if (xa_load(&xa, op.index) ||
			    (s == SHAPE_HEAD_RESERVED && !op.index)) {
				xa_destroy(&xa);
				continue;
			}
			fail_nth_loop(m, &xa, &op);
			assert_int_equal(xa_check(&xa, &st, NULL, NULL, msg,
						  sizeof(msg)), 0);
			assert_true(st.nr_reserved >= 1);
			xa_destroy(&xa);
		}
	}
	check_nodes_live(0);
}

/* xa_alloc() on free-tracking arrays of several shapes and limits. */
static void test_fault_alloc(void **state)
{
	static const struct {
		gfp_t flags;
		unsigned long prefill;	/* ids 0..prefill-1 allocated */
		struct xa_limit limit;
		unsigned long want;
	} cases[] = {
		{ XA_FLAGS_ALLOC, 0, XA_LIMIT(0, UINT_MAX), 0 },
		{ XA_FLAGS_ALLOC1, 0, XA_LIMIT(0, UINT_MAX), 1 },
		{ XA_FLAGS_ALLOC, 1, XA_LIMIT(0, UINT_MAX), 1 },
		{ XA_FLAGS_ALLOC, CHUNK, XA_LIMIT(0, UINT_MAX), CHUNK },
		{ XA_FLAGS_ALLOC, CHUNK * CHUNK, XA_LIMIT(0, UINT_MAX),
		  CHUNK * CHUNK },
		{ XA_FLAGS_ALLOC, 3, XA_LIMIT(UINT_MAX, UINT_MAX), UINT_MAX },
		{ XA_FLAGS_ALLOC, 3, XA_LIMIT(1UL << 20, UINT_MAX), 1UL << 20 },
		{ XA_FLAGS_ALLOC1, 5, XA_LIMIT(0, 100), 6 },
	};
	struct sim_machine *m = machine(state);
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(cases); c++) {
		struct op op = {
			.kind = OP_ALLOC,
			.entry = xa_mk_value(c),
			.limit = cases[c].limit,
		};
		struct xarray xa;
		unsigned long i;
		uint32_t id;

		xa_init_flags(&xa, cases[c].flags);
		for (i = 0; i < cases[c].prefill; i++)
			assert_errno(xa_alloc(&xa, &id, xa_mk_value(i),
					      xa_limit_32b, GFP_KERNEL), 0);
		fail_nth_loop(m, &xa, &op);
		assert_int_equal(op.id, cases[c].want);
		assert_ptr_equal(xa_load(&xa, op.id), op.entry);

		/* a reservation through xa_alloc() behaves the same */
		op.entry = NULL;
		op.limit = xa_limit_32b;
		fail_nth_loop(m, &xa, &op);
		assert_null(xa_load(&xa, op.id));
		xa_destroy(&xa);
	}
	check_nodes_live(0);
}

/*
 * xa_store_range() over ranges of one to many multi-index entries, on
 * each shape: a failed node allocation anywhere, even after the first
 * piece of the range would fit, leaves the array exactly as it was.
 */
static void test_fault_store_range(void **state)
{
	static const struct {
		unsigned long first, last;
	} ranges[] = {
		{ 0, 0 }, { 1, 1 }, { 0, CHUNK - 1 }, { 1, CHUNK },
		{ 3, 5 * CHUNK + 7 }, { CHUNK - 1, CHUNK * CHUNK + 1 },
		{ 1UL << 40, (1UL << 40) + 2 * CHUNK * CHUNK + 5 },
		{ (1UL << 33) - 5, (1UL << 33) + CHUNK },
		{ ULONG_MAX - 3 * CHUNK, ULONG_MAX }, { 0, ULONG_MAX },
	};
	struct sim_machine *m = machine(state);
	unsigned long failures = 0;
	unsigned int s, r;

	for (s = 0; s < SHAPE_NR; s++) {
		for (r = 0; r < ARRAY_SIZE(ranges); r++) {
			struct op op = {
				.kind = OP_STORE_RANGE,
				.index = ranges[r].first,
				.last = ranges[r].last,
				.entry = xa_mk_value(r + 1),
			};
			unsigned long mid = op.index + (op.last - op.index) / 2;
			struct xarray xa;

			xa_init(&xa);
			shape_build(&xa, s);
			failures += fail_nth_loop(m, &xa, &op);
			assert_ptr_equal(xa_load(&xa, op.index), op.entry);
			assert_ptr_equal(xa_load(&xa, mid), op.entry);
			assert_ptr_equal(xa_load(&xa, op.last), op.entry);
			xa_destroy(&xa);
		}
	}
	assert_true(failures > 0);
	check_nodes_live(0);
}

/* Replacing, erasing and failed compares never allocate. */
static void test_fault_no_alloc_paths(void **state)
{
	struct sim_machine *m = machine(state);
	struct sim_fault_stats fs0, fs1;
	struct xarray xa;
	unsigned long i;

	xa_init(&xa);
	for (i = 0; i < 3 * CHUNK; i++)
		xa_store(&xa, i * 7, xa_mk_value(i), GFP_KERNEL);
	xa_store(&xa, ULONG_MAX, xa_mk_value(1), GFP_KERNEL);

	assert_errno(sim_fault_get_stats(m, &fs0), 0);
	assert_errno(sim_fault_set_probability(m, NODE_FAULTS, 1000000, 1), 0);
	for (i = 0; i < 3 * CHUNK; i++) {
		assert_ptr_equal(xa_store(&xa, i * 7, xa_mk_value(i + 1),
					  GFP_KERNEL), xa_mk_value(i));
		assert_ptr_equal(xa_cmpxchg(&xa, i * 7, NULL, xa_mk_value(0),
					    GFP_KERNEL), xa_mk_value(i + 1));
		assert_errno(xa_insert(&xa, i * 7, NULL, GFP_KERNEL), -EBUSY);
	}
	/* erasing everything, shrinking as it goes, needs no memory */
	for (i = 0; i < 3 * CHUNK; i++)
		assert_ptr_equal(xa_erase(&xa, i * 7), xa_mk_value(i + 1));
	assert_ptr_equal(xa_erase(&xa, ULONG_MAX), xa_mk_value(1));
	assert_true(xa_empty(&xa));
	/* and a store that needs a node fails cleanly */
	assert_errno(xa_err(xa_store(&xa, 1, xa_mk_value(1), GFP_KERNEL)),
		     -ENOMEM);
	assert_true(xa_empty(&xa));
	/* index 0 of an empty array lives in the head: no node needed */
	assert_null(xa_store(&xa, 0, xa_mk_value(2), GFP_KERNEL));
	sim_fault_clear(m);
	assert_errno(sim_fault_get_stats(m, &fs1), 0);
	/* the failed store tried twice: under the lock, then __xas_nomem() */
	assert_int_equal(fs1.calls[SIM_FAULT_XA_NODE] -
			 fs0.calls[SIM_FAULT_XA_NODE], 2);
	xa_destroy(&xa);
	check_nodes_live(0);
}

/*
 * Seeded random failures under a random mix of calls, checked against a
 * model over a fixed set of indices: a call either fully happens or
 * fails with -ENOMEM and changes nothing.
 */
static void test_fault_random_vs_model(void **state)
{
	static const unsigned long keys[] = {
		0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK,
		CHUNK * CHUNK - 1, CHUNK * CHUNK, CHUNK * CHUNK * CHUNK,
		1UL << 31, 1UL << 32, 1UL << 47, 1UL << 63,
		ULONG_MAX - 1, ULONG_MAX,
	};
	enum { NR = ARRAY_SIZE(keys) };
	struct sim_machine *m = machine(state);
	unsigned long op, nomem = 0, done = 0, absorbed = 0;
	void *model[NR] = { NULL };
	bool reserved[NR] = { false };
	struct xarray xa;

	xa_init(&xa);
	assert_errno(sim_fault_set_probability(m, NODE_FAULTS, 300000, 99), 0);
	for (op = 0; op < 20000; op++) {
		uint64_t r = rng_next();
		unsigned int k = r % NR;
		unsigned long index = keys[k];
		void *entry = xa_mk_value((r >> 8) & 0xffff);
		struct sim_fault_stats fs0, fs1;
		void *curr;
		int ret = 0;
		unsigned int i;

		assert_errno(sim_fault_get_stats(m, &fs0), 0);
		switch ((r >> 32) % 5) {
		case 0:
		case 1:
			curr = xa_store(&xa, index, entry, GFP_KERNEL);
			ret = xa_err(curr);
			if (!ret) {
				assert_ptr_equal(curr, model[k]);
				model[k] = entry;
				reserved[k] = false;
			}
			break;
		case 2:
			ret = xa_insert(&xa, index, (r >> 40) % 4 ? entry
								   : NULL,
					GFP_KERNEL);
			if (model[k] || reserved[k]) {
				assert_errno(ret, -EBUSY);
				ret = 0;
			} else if (!ret) {
				if ((r >> 40) % 4)
					model[k] = entry;
				else
					reserved[k] = true;
			}
			break;
		case 3:
			/* NULL does not match a reservation */
			curr = xa_cmpxchg(&xa, index, NULL, entry, GFP_KERNEL);
			ret = xa_err(curr);
			if (!ret) {
				assert_ptr_equal(curr, model[k]);
				if (!model[k] && !reserved[k])
					model[k] = entry;
			}
			break;
		case 4:
			assert_ptr_equal(xa_erase(&xa, index), model[k]);
			model[k] = NULL;
			reserved[k] = false;
			break;
		}
		assert_errno(sim_fault_get_stats(m, &fs1), 0);
		if (ret) {
			assert_errno(ret, -ENOMEM);
			nomem++;
		} else {
			done++;
			/* a failed node allocation retried by __xas_nomem() */
			if (fs1.injected[SIM_FAULT_XA_NODE] !=
			    fs0.injected[SIM_FAULT_XA_NODE])
				absorbed++;
		}
		for (i = 0; i < NR; i++)
			assert_ptr_equal(xa_load(&xa, keys[i]), model[i]);
		if (op % 500 == 0) {
			struct xa_check_stats st;
			unsigned long present = 0, nres = 0;
			char msg[192];

			if (xa_check(&xa, &st, NULL, NULL, msg, sizeof(msg)))
				fail_msg("corrupt after op %lu: %s", op, msg);
			for (i = 0; i < NR; i++) {
				present += model[i] != NULL;
				nres += reserved[i];
			}
			assert_int_equal(st.nr_present, present);
			assert_int_equal(st.nr_reserved, nres);
		}
	}
	sim_fault_clear(m);
	assert_true(nomem > 0);
	assert_true(done > 0);
	assert_true(absorbed > 0);
	xa_destroy(&xa);
	check_nodes_live(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_fault_store_insert_cmpxchg),
		T(test_fault_reserve),
		T(test_fault_leaf_only_entry_at_index_0),
		T(test_fault_alloc),
		T(test_fault_store_range),
		T(test_fault_no_alloc_paths),
		T(test_fault_random_vs_model),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The xarray from a thread attached to no machine.
 *
 * Such a thread is not registered with RCU: a grace period does not wait
 * for it, so a lookup it made could walk nodes a writer has already
 * freed. Every xarray call that reads or writes an array must refuse it:
 * record one API violation in the process-wide log and return its
 * documented failure (docs/xarray.md, "Threads"), leaving the array as
 * it was. The RCU read lock of the shim records the same violation.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/rcupdate.h"
#include "xa_test.h"

static int setup(void **state)
{
	return xa_test_setup(state, 7);
}

static long objs[8];

/* Indices spanning several levels, so a walk has nodes to step on. */
static const unsigned long keys[] = {
	0, 1, CHUNK - 1, CHUNK, CHUNK * CHUNK + 3, 1UL << 40, ULONG_MAX,
};

/* What the array holds, in index order, read from an attached thread. */
struct snapshot {
	unsigned long nr;
	unsigned long index[16];
	void *entry[16];
};

static void snapshot_take(struct xarray *xa, struct snapshot *s)
{
	unsigned long index;
	void *entry;

	memset(s, 0, sizeof(*s));
	xa_for_each(xa, index, entry) {
		assert_true(s->nr < ARRAY_SIZE(s->index));
		s->index[s->nr] = index;
		s->entry[s->nr++] = entry;
	}
}

/* Exactly one new API violation, for @func, in the process-wide log. */
static void expect_unattached(unsigned long *count, const char *func)
{
	struct sim_violation v;

	assert_int_equal(sim_violation_count(NULL), *count + 1);
	assert_errno(sim_violation_get(NULL, *count, &v), 0);
	assert_string_equal(v.kind, "API");
	assert_string_equal(v.func, func);
	(*count)++;
}

/* Every entry point refused, one violation each, nothing changed. */
static void test_each_call_refused(void **state)
{
	struct sim_machine *m = machine(state);
	struct xarray xa, axa;
	struct snapshot before, after, abefore, aafter;
	unsigned long n, index;
	uint32_t id = 12345, next = 7;
	long nodes;
	void *entry;

	xa_init(&xa);
	xa_init_flags(&axa, XA_FLAGS_ALLOC);
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		assert_null(xa_store(&xa, keys[i], &objs[i], GFP_KERNEL));
	assert_errno(xa_alloc(&axa, &id, &objs[0], xa_limit_32b, GFP_KERNEL), 0);
	snapshot_take(&xa, &before);
	snapshot_take(&axa, &abefore);
	nodes = xa_node_nr_live();

	assert_errno(sim_thread_detach(), 0);
	sim_violation_clear(NULL);
	n = 0;

	assert_null(xa_load(&xa, 1));
	expect_unattached(&n, "xa_load");
	index = 1;
	assert_null(xa_find(&xa, &index, ULONG_MAX, XA_PRESENT));
	assert_int_equal(index, 1);
	expect_unattached(&n, "xa_find");
	assert_null(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT));
	assert_int_equal(index, 1);
	expect_unattached(&n, "xa_find_after");
	xa_for_each(&xa, index, entry)
		fail_msg("xa_for_each ran its body at %lu", index);
	expect_unattached(&n, "xa_find");

	assert_int_equal(xa_err(xa_store(&xa, 5, &objs[5], GFP_KERNEL)), -ENXIO);
	expect_unattached(&n, "xa_store");
	xa_lock(&xa);
	assert_int_equal(xa_err(__xa_store(&xa, 5, &objs[5], GFP_KERNEL)),
			 -ENXIO);
	xa_unlock(&xa);
	expect_unattached(&n, "__xa_store");
	assert_errno(xa_insert(&xa, 5, &objs[5], GFP_KERNEL), -ENXIO);
	expect_unattached(&n, "xa_insert");
	xa_lock(&xa);
	assert_errno(__xa_insert(&xa, 5, &objs[5], GFP_KERNEL), -ENXIO);
	xa_unlock(&xa);
	expect_unattached(&n, "__xa_insert");
	assert_null(xa_erase(&xa, 1));
	expect_unattached(&n, "xa_erase");
	xa_lock(&xa);
	assert_null(__xa_erase(&xa, 1));
	xa_unlock(&xa);
	expect_unattached(&n, "__xa_erase");
	assert_int_equal(xa_err(xa_cmpxchg(&xa, 1, &objs[1], NULL, GFP_KERNEL)),
			 -ENXIO);
	expect_unattached(&n, "xa_cmpxchg");
	xa_lock(&xa);
	assert_int_equal(xa_err(__xa_cmpxchg(&xa, 1, &objs[1], NULL,
					     GFP_KERNEL)), -ENXIO);
	xa_unlock(&xa);
	expect_unattached(&n, "__xa_cmpxchg");
	assert_errno(xa_alloc(&axa, &id, &objs[1], xa_limit_32b, GFP_KERNEL),
		     -ENXIO);
	expect_unattached(&n, "xa_alloc");
	xa_lock(&axa);
	assert_errno(__xa_alloc(&axa, &id, &objs[1], xa_limit_32b, GFP_KERNEL),
		     -ENXIO);
	xa_unlock(&axa);
	expect_unattached(&n, "__xa_alloc");
	/* kills af74c20d27 (xa_alloc_cyclic() returning 0 here) */
	assert_errno(xa_alloc_cyclic(&axa, &id, &objs[1], xa_limit_32b, &next,
				     GFP_KERNEL), -ENXIO);
	expect_unattached(&n, "xa_alloc_cyclic");
	xa_lock(&axa);
	assert_errno(__xa_alloc_cyclic(&axa, &id, &objs[1], xa_limit_32b,
				       &next, GFP_KERNEL), -ENXIO);
	xa_unlock(&axa);
	expect_unattached(&n, "__xa_alloc_cyclic");
	assert_int_equal(next, 7);
	assert_int_equal(id, 0);
	xa_destroy(&xa);
	expect_unattached(&n, "xa_destroy");
	rcu_read_lock();
	rcu_read_unlock();
	expect_unattached(&n, "rcu_read_lock");

	/* Calls that need no machine stay quiet. */
	assert_true(xa_is_value(xa_mk_value(3)));
	assert_false(xa_empty(&xa));
	assert_int_equal(sim_violation_count(NULL), n);
	sim_violation_clear(NULL);

	assert_errno(sim_thread_attach(m), 0);
	snapshot_take(&xa, &after);
	snapshot_take(&axa, &aafter);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_memory_equal(&abefore, &aafter, sizeof(abefore));
	assert_int_equal(xa_node_nr_live(), nodes);
	xa_destroy(&xa);
	xa_destroy(&axa);
	test_rcu_drain();
	assert_int_equal(xa_node_nr_live() - nodes_base, 0);
}

/*
 * An unattached reader racing an attached writer that grows, shrinks and
 * destroys the tree. Before the check the reader walked nodes the writer
 * freed (a heap-use-after-free under ASan) and returned entries; now
 * every one of its loads is refused. The writer makes at least
 * RACE_UPDATES updates and goes on until the reader has made RACE_LOADS
 * loads, so the two overlap without any sleep.
 */
#define RACE_UPDATES	20000
#define RACE_LOADS	2000

static struct xarray race_xa = XARRAY_INIT(race_xa, 0);
static bool race_stop;
static unsigned long race_loads;

struct race_reader {
	pthread_t thread;
	unsigned long returned;		/* loads that returned an entry */
	unsigned long loads;
};

static void *race_reader_fn(void *arg)
{
	struct race_reader *r = arg;
	unsigned long i = 0;

	while (!__atomic_load_n(&race_stop, __ATOMIC_ACQUIRE)) {
		if (xa_load(&race_xa, keys[i++ % ARRAY_SIZE(keys)]))
			r->returned++;
		r->loads++;
		__atomic_store_n(&race_loads, r->loads, __ATOMIC_RELEASE);
	}
	return NULL;
}

static void test_unattached_reader_races_writer(void **state)
{
	struct race_reader r = { 0 };
	int saved_stderr, null_fd;
	unsigned long i;

	(void)state;
	sim_violation_clear(NULL);
	/* Each refused load prints its violation: keep the log short. */
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	null_fd = open("/dev/null", O_WRONLY);
	assert_true(saved_stderr >= 0 && null_fd >= 0);
	dup2(null_fd, STDERR_FILENO);

	__atomic_store_n(&race_stop, false, __ATOMIC_RELEASE);
	__atomic_store_n(&race_loads, 0, __ATOMIC_RELEASE);
	assert_int_equal(pthread_create(&r.thread, NULL, race_reader_fn, &r), 0);
	for (i = 0; i < RACE_UPDATES ||
	     __atomic_load_n(&race_loads, __ATOMIC_ACQUIRE) < RACE_LOADS; i++) {
		uint64_t x = rng_next();
		unsigned long key = keys[x % ARRAY_SIZE(keys)];

		if ((x >> 32) % 64 == 0)
			xa_destroy(&race_xa);
		else if ((x >> 32) % 2)
			xa_store(&race_xa, key, &objs[x % ARRAY_SIZE(objs)],
				 GFP_KERNEL);
		else
			xa_erase(&race_xa, key);
	}
	__atomic_store_n(&race_stop, true, __ATOMIC_RELEASE);
	pthread_join(r.thread, NULL);

	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	close(null_fd);

	assert_true(r.loads >= RACE_LOADS);
	assert_int_equal(r.returned, 0);
	assert_int_equal(sim_violation_count(NULL), r.loads);
	sim_violation_clear(NULL);
	xa_destroy(&race_xa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, test_teardown_machine)
		T(test_each_call_refused),
		T(test_unattached_reader_races_writer),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the kernel shim: lists, atomics, refcount_t, the WARN and
 * BUG family, kmalloc and kmem_cache, GFP helpers, error pointers, the
 * arithmetic helpers, and RCU (call_rcu, rcu_barrier, synchronize_rcu).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kernel/atomic.h"
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "kernel/rcupdate.h"
#include "kernel/refcount.h"
#include "kernel/slab.h"
#include "kernel/string.h"

#define SHIM_TEST(fn) \
	cmocka_unit_test_setup_teardown(fn, test_setup_machine, \
					test_teardown_machine)

/* The latest violation of @m must be of @kind; return it, clear the log. */
static struct sim_violation take_violation(struct sim_machine *m,
					   const char *kind)
{
	struct sim_violation v;

	assert_int_equal(sim_violation_count(m), 1);
	assert_errno(sim_violation_get(m, 0, &v), 0);
	assert_string_equal(v.kind, kind);
	sim_violation_clear(m);
	return v;
}

/* ---- lists ---------------------------------------------------------- */

struct item {
	int v;
	struct list_head node;
};

static void items_init(struct item *items, int n)
{
	for (int i = 0; i < n; i++) {
		items[i].v = i;
		INIT_LIST_HEAD(&items[i].node);
	}
}

/* @head must hold exactly the values @want[0..n), linked both ways. */
static void assert_list(const struct list_head *head, const int *want, int n)
{
	const struct list_head *pos;
	int i = 0;

	for (pos = head->next; pos != head; pos = pos->next, i++) {
		if (i >= n)
			fail_msg("list longer than %d", n);
		if (pos->next->prev != pos || pos->prev->next != pos)
			fail_msg("entry %d is not linked both ways", i);
		if (list_entry(pos, struct item, node)->v != want[i])
			fail_msg("entry %d is %d, want %d", i,
				 list_entry(pos, struct item, node)->v, want[i]);
	}
	assert_int_equal(i, n);
	assert_ptr_equal(head->next->prev, head);
	assert_ptr_equal(head->prev->next, head);
	assert_int_equal(list_count_nodes(head), n);
	assert_int_equal(list_empty(head), n == 0);
	assert_int_equal(list_is_singular(head), n == 1);
}

#define ASSERT_LIST(head, ...) do {					\
	static const int __want[] = { __VA_ARGS__ };			\
	assert_list(head, __want, sizeof(__want) / sizeof(__want[0]));	\
} while (0)

static void test_list_add(void **state)
{
	LIST_HEAD(head);
	struct item it[5];

	(void)state;
	items_init(it, 5);
	assert_list(&head, NULL, 0);
	assert_null(list_first_entry_or_null(&head, struct item, node));

	list_add(&it[1].node, &head);
	ASSERT_LIST(&head, 1);
	list_add(&it[2].node, &head);
	list_add(&it[3].node, &head);
	ASSERT_LIST(&head, 3, 2, 1);
	list_add_tail(&it[4].node, &head);
	list_add_tail(&it[0].node, &head);
	ASSERT_LIST(&head, 3, 2, 1, 4, 0);

	assert_int_equal(list_first_entry(&head, struct item, node)->v, 3);
	assert_int_equal(list_last_entry(&head, struct item, node)->v, 0);
	assert_ptr_equal(list_first_entry_or_null(&head, struct item, node),
			 &it[3]);
	assert_ptr_equal(list_next_entry(&it[2], node), &it[1]);
}

static void test_list_del(void **state)
{
	LIST_HEAD(head);
	struct item it[4];

	(void)state;
	items_init(it, 4);
	for (int i = 0; i < 4; i++)
		list_add_tail(&it[i].node, &head);

	list_del(&it[1].node);
	ASSERT_LIST(&head, 0, 2, 3);
	assert_ptr_equal(it[1].node.next, LIST_POISON1);
	assert_ptr_equal(it[1].node.prev, LIST_POISON2);

	list_del_init(&it[3].node);
	ASSERT_LIST(&head, 0, 2);
	assert_true(list_empty(&it[3].node));
	/* A del_init'ed entry can be deleted again harmlessly. */
	list_del_init(&it[3].node);
	assert_true(list_empty(&it[3].node));

	list_del(&it[0].node);
	ASSERT_LIST(&head, 2);
	list_del_init(&it[2].node);
	assert_list(&head, NULL, 0);
	assert_null(list_first_entry_or_null(&head, struct item, node));
}

static void test_list_move(void **state)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct item it[5];

	(void)state;
	items_init(it, 5);
	for (int i = 1; i <= 3; i++)
		list_add_tail(&it[i].node, &a);
	list_add_tail(&it[4].node, &b);

	list_move(&it[2].node, &b);
	ASSERT_LIST(&a, 1, 3);
	ASSERT_LIST(&b, 2, 4);
	list_move_tail(&it[1].node, &b);
	ASSERT_LIST(&a, 3);
	ASSERT_LIST(&b, 2, 4, 1);
	/* Within one list: to the back, then to the front. */
	list_move_tail(&it[2].node, &b);
	ASSERT_LIST(&b, 4, 1, 2);
	list_move(&it[2].node, &b);
	ASSERT_LIST(&b, 2, 4, 1);
	list_move(&it[3].node, &b);
	assert_list(&a, NULL, 0);
	ASSERT_LIST(&b, 3, 2, 4, 1);
}

static void test_list_splice(void **state)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	LIST_HEAD(c);
	LIST_HEAD(empty);
	struct item it[7];

	(void)state;
	items_init(it, 7);
	list_add_tail(&it[1].node, &a);
	list_add_tail(&it[2].node, &a);
	list_add_tail(&it[3].node, &b);
	list_add_tail(&it[4].node, &b);
	list_add_tail(&it[5].node, &c);
	list_add_tail(&it[6].node, &c);

	list_splice_init(&a, &b);
	assert_list(&a, NULL, 0);
	ASSERT_LIST(&b, 1, 2, 3, 4);
	list_splice_tail_init(&c, &b);
	assert_list(&c, NULL, 0);
	ASSERT_LIST(&b, 1, 2, 3, 4, 5, 6);

	/* Splicing an empty list changes neither list. */
	list_splice_init(&empty, &b);
	list_splice_tail_init(&empty, &b);
	assert_list(&empty, NULL, 0);
	ASSERT_LIST(&b, 1, 2, 3, 4, 5, 6);

	/* Into an empty list, both ways. */
	list_splice_tail_init(&b, &a);
	assert_list(&b, NULL, 0);
	ASSERT_LIST(&a, 1, 2, 3, 4, 5, 6);
	list_add(&it[0].node, &c);
	list_splice_init(&c, &b);
	ASSERT_LIST(&b, 0);
	assert_list(&c, NULL, 0);
}

static void test_list_for_each_entry_safe(void **state)
{
	LIST_HEAD(head);
	struct item it[8], *pos, *n;
	int visited = 0;

	(void)state;
	items_init(it, 8);
	for (int i = 0; i < 8; i++)
		list_add_tail(&it[i].node, &head);

	list_for_each_entry_safe(pos, n, &head, node) {
		assert_int_equal(pos->v, visited);
		visited++;
		if (pos->v % 2 == 0)
			list_del(&pos->node);
	}
	assert_int_equal(visited, 8);
	ASSERT_LIST(&head, 1, 3, 5, 7);

	visited = 0;
	list_for_each_entry_safe(pos, n, &head, node) {
		list_del_init(&pos->node);
		visited++;
	}
	assert_int_equal(visited, 4);
	assert_list(&head, NULL, 0);

	visited = 0;
	list_for_each_entry(pos, &head, node)
		visited++;
	assert_int_equal(visited, 0);
}

/* ---- atomics -------------------------------------------------------- */

static void test_atomic_ops(void **state)
{
	atomic_t a = ATOMIC_INIT(5);
	atomic_long_t l = ATOMIC_INIT(0);
	const long big = 1L << 40;

	(void)state;
	assert_int_equal(atomic_read(&a), 5);
	atomic_set(&a, 10);
	atomic_add(5, &a);
	atomic_sub(3, &a);
	atomic_inc(&a);
	atomic_dec(&a);
	atomic_dec(&a);
	assert_int_equal(atomic_read(&a), 11);
	assert_int_equal(atomic_add_return(4, &a), 15);
	assert_int_equal(atomic_sub_return(5, &a), 10);
	assert_int_equal(atomic_inc_return(&a), 11);
	assert_int_equal(atomic_dec_return(&a), 10);
	assert_int_equal(atomic_xchg(&a, 1), 10);
	assert_int_equal(atomic_read(&a), 1);
	assert_true(atomic_dec_and_test(&a));
	assert_false(atomic_dec_and_test(&a));
	assert_int_equal(atomic_read(&a), -1);
	/* cmpxchg returns what was there; it stores only on a match. */
	assert_int_equal(atomic_cmpxchg(&a, -1, 7), -1);
	assert_int_equal(atomic_read(&a), 7);
	assert_int_equal(atomic_cmpxchg(&a, 3, 9), 7);
	assert_int_equal(atomic_read(&a), 7);
	atomic_set(&a, INT_MAX);
	assert_int_equal(atomic_read(&a), INT_MAX);

	/* atomic_long_t holds values an int cannot. */
	atomic_long_set(&l, big);
	atomic_long_add(big, &l);
	assert_true(atomic_long_read(&l) == 2 * big);
	assert_true(atomic_long_add_return(1, &l) == 2 * big + 1);
	assert_true(atomic_long_sub_return(big, &l) == big + 1);
	atomic_long_inc(&l);
	atomic_long_dec(&l);
	atomic_long_sub(1, &l);
	assert_true(atomic_long_read(&l) == big);
	assert_true(atomic_long_inc_return(&l) == big + 1);
	assert_true(atomic_long_dec_return(&l) == big);
	assert_true(atomic_long_xchg(&l, 1) == big);
	assert_true(atomic_long_cmpxchg(&l, 1, -big) == 1);
	assert_true(atomic_long_read(&l) == -big);
	assert_true(atomic_long_cmpxchg(&l, 1, 0) == -big);
	atomic_long_set(&l, 1);
	assert_true(atomic_long_dec_and_test(&l));
}

#define ATOMIC_THREADS	4
#define ATOMIC_LOOPS	200000

/*
 * Lost updates are what a broken atomic shows under contention: all
 * threads start together and hammer the same counters. A correct atomic
 * always gives the exact totals.
 */
struct atomic_counters {
	pthread_barrier_t start;
	atomic_t ints;
	atomic_long_t longs;
	atomic_t cas;
};

static void *atomic_hammer(void *arg)
{
	struct atomic_counters *c = arg;

	pthread_barrier_wait(&c->start);
	for (int i = 0; i < ATOMIC_LOOPS; i++) {
		int old;

		atomic_inc(&c->ints);
		atomic_long_add(3, &c->longs);
		do {
			old = atomic_read(&c->cas);
		} while (atomic_cmpxchg(&c->cas, old, old + 1) != old);
	}
	return NULL;
}

static void test_atomic_concurrent(void **state)
{
	struct atomic_counters c = {
		.ints = ATOMIC_INIT(0),
		.longs = ATOMIC_INIT(0),
		.cas = ATOMIC_INIT(0),
	};
	pthread_t tids[ATOMIC_THREADS];

	(void)state;
	pthread_barrier_init(&c.start, NULL, ATOMIC_THREADS);
	for (int i = 0; i < ATOMIC_THREADS; i++)
		assert_int_equal(pthread_create(&tids[i], NULL, atomic_hammer,
						&c), 0);
	for (int i = 0; i < ATOMIC_THREADS; i++)
		pthread_join(tids[i], NULL);
	pthread_barrier_destroy(&c.start);
	assert_int_equal(atomic_read(&c.ints), ATOMIC_THREADS * ATOMIC_LOOPS);
	assert_true(atomic_long_read(&c.longs) ==
		    3L * ATOMIC_THREADS * ATOMIC_LOOPS);
	assert_int_equal(atomic_read(&c.cas), ATOMIC_THREADS * ATOMIC_LOOPS);
}

/* ---- refcount_t ----------------------------------------------------- */

static void test_refcount(void **state)
{
	struct test_machine *tm = *state;
	refcount_t r = REFCOUNT_INIT(1);
	struct sim_violation v;

	refcount_inc(&r);
	assert_int_equal(refcount_read(&r), 2);
	assert_false(refcount_dec_and_test(&r));
	assert_int_equal(refcount_read(&r), 1);
	assert_true(refcount_dec_and_test(&r));
	assert_int_equal(refcount_read(&r), 0);

	/* A dying object cannot be revived. */
	assert_false(refcount_inc_not_zero(&r));
	assert_int_equal(refcount_read(&r), 0);
	refcount_set(&r, 1);
	assert_true(refcount_inc_not_zero(&r));
	assert_int_equal(refcount_read(&r), 2);
	refcount_dec(&r);
	assert_int_equal(refcount_read(&r), 1);
	assert_int_equal(sim_violation_count(tm->m), 0);

	/* Misuse is a WARN and leaves the count saturated. */
	refcount_dec(&r);
	v = take_violation(tm->m, "WARN");
	assert_non_null(strstr(v.msg, "refcount_t"));
	assert_int_equal(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);

	refcount_set(&r, 0);
	assert_false(refcount_dec_and_test(&r));
	v = take_violation(tm->m, "WARN");
	assert_non_null(strstr(v.msg, "underflow"));
	assert_int_equal(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);

	refcount_set(&r, 0);
	refcount_inc(&r);
	v = take_violation(tm->m, "WARN");
	assert_non_null(strstr(v.msg, "increment on 0"));
	assert_int_equal(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);
}

/*
 * LIBRARY BUG (lib/kernel/refcount.h): overflow is not handled as the
 * header promises ("reports underflow and overflow as violations,
 * saturating as the kernel's does"). refcount_inc() at INT_MAX wraps to
 * INT_MIN silently (it only warns for old <= 0), and refcount_inc_not_zero()
 * at INT_MAX warns but leaves the count at INT_MIN instead of saturating.
 * The kernel warns and sets REFCOUNT_SATURATED in both cases.
 */
static void test_refcount_overflow_saturates(void **state)
{
	struct test_machine *tm = *state;
	refcount_t r = REFCOUNT_INIT(INT_MAX);
	unsigned long warned_inc, warned_inc_not_zero;
	unsigned int after_inc, after_inc_not_zero;
	bool taken;

	refcount_inc(&r);
	after_inc = refcount_read(&r);
	warned_inc = sim_violation_count(tm->m);
	sim_violation_clear(tm->m);

	refcount_set(&r, INT_MAX);
	taken = refcount_inc_not_zero(&r);
	after_inc_not_zero = refcount_read(&r);
	warned_inc_not_zero = sim_violation_count(tm->m);
	sim_violation_clear(tm->m);

	assert_int_equal(warned_inc, 1);
	assert_int_equal(after_inc, (unsigned int)REFCOUNT_SATURATED);
	assert_true(taken);
	assert_int_equal(warned_inc_not_zero, 1);
	assert_int_equal(after_inc_not_zero, (unsigned int)REFCOUNT_SATURATED);
}

/* ---- WARN and BUG --------------------------------------------------- */

/* The last violation of @m must be @kind at this file, @line, @func. */
static void assert_report(struct sim_machine *m, const char *kind, int line,
			  const char *func, const char *msg)
{
	struct sim_violation v = take_violation(m, kind);

	assert_string_equal(v.file, __FILE__);
	assert_int_equal(v.line, line);
	assert_string_equal(v.func, func);
	assert_string_equal(v.msg, msg);
}

static void test_warn_bug_macros(void **state)
{
	struct test_machine *tm = *state;
	int x = 3, evaluated = 0, line;

	/* A false condition: WARN*'s value is 0 and nothing is reported. */
	assert_int_equal(WARN_ON(x == 4), 0);
	assert_int_equal(WARN(x == 4, "never"), 0);
	assert_int_equal(WARN_ON_ONCE(x == 0), 0);
	BUG_ON(x != 3);
	VM_BUG_ON(x < 0);
	VM_WARN_ON(x > 3);
	VM_WARN_ON_ONCE(x > 3);
	assert_int_equal(sim_violation_count(tm->m), 0);

	/* A true one: WARN*'s value is 1 (an int, as the kernel's). */
	line = __LINE__ + 1;
	assert_int_equal(WARN_ON(x == 3), 1);
	assert_report(tm->m, "WARN_ON", line, __func__, "x == 3");
	line = __LINE__ + 1;
	assert_int_equal(WARN(x > 1, "x is %d", x), 1);
	assert_report(tm->m, "WARN", line, __func__, "x is 3");

	/*
	 * BUG_ON and VM_BUG_ON are statements (they have no value: see
	 * tests/strict/cases/): the kind, place and condition are recorded
	 * and execution goes on with the next statement.
	 */
	line = __LINE__ + 1;
	BUG_ON(x);
	assert_report(tm->m, "BUG_ON", line, __func__, "x");
	line = __LINE__ + 1;
	VM_BUG_ON(x & 1);
	assert_report(tm->m, "VM_BUG_ON", line, __func__, "x & 1");
	line = __LINE__ + 1;
	VM_WARN_ON(x != 0);
	assert_report(tm->m, "VM_WARN_ON", line, __func__, "x != 0");
	line = __LINE__ + 1;
	VM_WARN_ON_ONCE(x != 0);
	assert_report(tm->m, "WARN_ON_ONCE", line, __func__, "x != 0");

	/* _ONCE records every occurrence, for each test to see its own. */
	for (int i = 0; i < 2; i++)
		assert_int_equal(WARN_ON_ONCE(x == 3), 1);
	assert_int_equal(sim_violation_count(tm->m), 2);
	assert_errno(sim_violation_get(tm->m, 1, &(struct sim_violation){ 0 }),
		     0);
	test_expect_violations(tm->m, 2);

	/* The condition is evaluated exactly once, by every macro. */
	assert_int_equal(WARN_ON(evaluated++ == 0), 1);
	assert_int_equal(evaluated, 1);
	assert_int_equal(WARN_ON(evaluated++ == 0), 0);
	assert_int_equal(evaluated, 2);
	BUG_ON(evaluated++ == 0);
	VM_BUG_ON(evaluated++ == 0);
	VM_WARN_ON(evaluated++ == 0);
	assert_int_equal(evaluated, 5);
	test_expect_violations(tm->m, 1);

	/* "if (WARN_ON(...)) return" is the intended use. */
	if (!WARN_ON(x))
		fail_msg("WARN_ON(x) with x = 3 did not take the branch");
	test_expect_violations(tm->m, 1);

	/* A statement macro is one statement: if/else without braces. */
	if (x == 3)
		BUG_ON(x == 4);
	else
		fail_msg("BUG_ON() is not a single statement");
	assert_int_equal(sim_violation_count(tm->m), 0);
}

static void test_vm_bug_on_folio(void **state)
{
	struct test_machine *tm = *state;
	struct folio *folio = pfn_folio(12);
	struct sim_violation v;
	int line;

	folio_set_count(folio, 3);
	folio_set_dirty(folio);
	VM_BUG_ON_FOLIO(folio_ref_count(folio) != 3, folio);
	VM_BUG_ON_PAGE(folio_ref_count(folio) != 3, folio_page(folio, 0));
	assert_int_equal(sim_violation_count(tm->m), 0);

	line = __LINE__ + 1;
	VM_BUG_ON_FOLIO(folio_test_dirty(folio), folio);
	v = take_violation(tm->m, "VM_BUG_ON_FOLIO");
	assert_int_equal(v.line, line);
	assert_non_null(strstr(v.msg, "folio_test_dirty(folio)"));
	assert_non_null(strstr(v.msg, "ref 3"));
	VM_BUG_ON_PAGE(folio_test_dirty(folio), folio_page(folio, 0));
	v = take_violation(tm->m, "VM_BUG_ON_PAGE");
	assert_non_null(strstr(v.msg, "ref 3"));
	VM_WARN_ON_FOLIO(true, folio);
	v = take_violation(tm->m, "VM_WARN_ON_FOLIO");
	assert_non_null(strstr(v.msg, "ref 3"));
	folio_clear_dirty(folio);
	folio_set_count(folio, 0);
}

static void test_warn_unattached_goes_to_process_log(void **state)
{
	struct test_machine *tm = *state;
	unsigned long global;

	assert_errno(sim_thread_detach(), 0);
	global = sim_violation_count(NULL);
	assert_true(WARN_ON(tm != NULL));
	assert_int_equal(sim_violation_count(NULL), global + 1);
	assert_int_equal(sim_violation_count(tm->m), 0);
	assert_errno(sim_thread_attach(tm->m), 0);
	sim_violation_clear(NULL);
}

/* ---- kmalloc -------------------------------------------------------- */

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void test_kmalloc_kfree(void **state)
{
	struct test_machine *tm = *state;
	long live = kmalloc_nr_allocated();
	unsigned char *p, *z, *c;

	p = kmalloc(100, GFP_KERNEL);
	assert_non_null(p);
	memset(p, 0xff, 100);
	assert_int_equal(kmalloc_nr_allocated(), live + 1);
	z = kzalloc(4096, GFP_KERNEL);
	assert_non_null(z);
	assert_true(all_zero(z, 4096));
	c = kcalloc(10, 8, GFP_KERNEL);
	assert_non_null(c);
	assert_true(all_zero(c, 80));
	assert_int_equal(kmalloc_nr_allocated(), live + 3);

	/* n * size overflowing size_t is refused, not wrapped. */
	assert_null(kcalloc(SIZE_MAX / 2 + 1, 2, GFP_KERNEL));
	assert_null(kcalloc(2, SIZE_MAX / 2 + 1, GFP_KERNEL));
	assert_int_equal(kmalloc_nr_allocated(), live + 3);

	/*
	 * Past KMALLOC_MAX_SIZE (kvmalloc()'s INT_MAX) the shim refuses
	 * before the C allocator sees it (ASan aborts on a huge calloc):
	 * silently with __GFP_NOWARN, else with a WARN.
	 */
	assert_null(kcalloc(1UL << 40, 1, GFP_KERNEL | __GFP_NOWARN));
	assert_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	assert_int_equal(sim_violation_count(tm->m), 0);
	assert_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	test_expect_violations(tm->m, 1);
	assert_int_equal(kmalloc_nr_allocated(), live + 3);

	kfree(p);
	kfree(z);
	kfree(c);
	kfree(NULL);
	assert_int_equal(kmalloc_nr_allocated(), live);
	assert_int_equal(sim_violation_count(tm->m), 0);
}

/*
 * Regression: __GFP_BITS_MASK was once the literal 0x47ff7f, which lacks
 * __GFP_FS (0x80), so kmalloc(GFP_KERNEL) returned NULL with a WARN_ON.
 */
static void test_kmalloc_gfp_kernel(void **state)
{
	struct test_machine *tm = *state;
	static const gfp_t gfps[] = {
		GFP_KERNEL, GFP_USER, GFP_HIGHUSER_MOVABLE, GFP_NOFS, GFP_NOIO,
		GFP_ATOMIC, GFP_NOWAIT, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
		GFP_KERNEL | __GFP_ACCOUNT | __GFP_RETRY_MAYFAIL,
		GFP_KERNEL | __GFP_NOFAIL | __GFP_COMP, GFP_NOWAIT | __GFP_NORETRY,
		__GFP_DMA | __GFP_RECLAIMABLE, 0,
	};

	unsigned long refused = 0, warned;

	for (size_t i = 0; i < sizeof(gfps) / sizeof(gfps[0]); i++) {
		void *p = kmalloc(32, gfps[i]);

		if (!p) {
			print_error("kmalloc(32, %#x) failed\n", gfps[i]);
			refused++;
		}
		kfree(p);
	}
	/* Clear first, so that a failure here does not fail the teardown. */
	warned = sim_violation_count(tm->m);
	sim_violation_clear(tm->m);
	assert_int_equal(refused, 0);
	assert_int_equal(warned, 0);
}

static void test_kmalloc_unknown_gfp(void **state)
{
	struct test_machine *tm = *state;
	long live = kmalloc_nr_allocated();

	assert_null(kmalloc(16, 0x80000000u));
	take_violation(tm->m, "WARN_ON");
	assert_null(kzalloc(16, 0x01000000u));
	take_violation(tm->m, "WARN_ON");
	assert_null(kcalloc(2, 16, GFP_NOFS | 0x10000000u));
	take_violation(tm->m, "WARN_ON");
	assert_int_equal(kmalloc_nr_allocated(), live);
}

/*
 * Regression (same root cause as test_kmalloc_gfp_kernel): the literal mask
 * also admitted bits no flag uses (0x4, 0x200, 0x1000, 0x20000), which
 * gfp.h says are "rejected as invalid". Exactly the defined flags pass.
 */
static void test_kmalloc_gfp_mask_is_the_defined_flags(void **state)
{
	struct test_machine *tm = *state;
	const gfp_t defined = __GFP_DMA | __GFP_HIGHMEM | __GFP_MOVABLE |
		__GFP_RECLAIMABLE | __GFP_HIGH | __GFP_IO | __GFP_FS |
		__GFP_ZERO | __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM |
		__GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL |
		__GFP_NORETRY | __GFP_COMP | __GFP_ACCOUNT;
	gfp_t accepted = 0;

	for (int bit = 0; bit < 32; bit++) {
		void *p = kmalloc(8, 1u << bit);

		if (p)
			accepted |= 1u << bit;
		kfree(p);
	}
	sim_violation_clear(tm->m);
	if (accepted != defined)
		fail_msg("kmalloc accepts gfp bits %#x, gfp.h defines %#x",
			 accepted, defined);
	assert_int_equal(__GFP_BITS_MASK, defined);
}

static void test_gfpflags_allow_blocking(void **state)
{
	(void)state;
	assert_true(gfpflags_allow_blocking(GFP_KERNEL));
	assert_true(gfpflags_allow_blocking(GFP_NOFS));
	assert_true(gfpflags_allow_blocking(GFP_NOIO));
	assert_true(gfpflags_allow_blocking(__GFP_DIRECT_RECLAIM));
	assert_false(gfpflags_allow_blocking(GFP_ATOMIC));
	assert_false(gfpflags_allow_blocking(GFP_NOWAIT));
	assert_false(gfpflags_allow_blocking(__GFP_KSWAPD_RECLAIM));
	assert_false(gfpflags_allow_blocking(0));
}

/* ---- kmem_cache ----------------------------------------------------- */

struct cached_obj {
	unsigned int magic;
	unsigned char payload[52];
};

static unsigned int ctor_calls;

static void cached_obj_ctor(void *p)
{
	struct cached_obj *o = p;

	o->magic = 0x600d;
	ctor_calls++;
}

static void test_kmem_cache_ctor_and_counters(void **state)
{
	struct test_machine *tm = *state;
	struct kmem_cache *cache;
	struct cached_obj *o[3];
	long live = kmalloc_nr_allocated();

	ctor_calls = 0;
	cache = kmem_cache_create("objs", sizeof(struct cached_obj), 0, 0,
				  cached_obj_ctor);
	assert_non_null(cache);
	assert_int_equal(kmem_cache_nr_allocated(cache), 0);
	for (int i = 0; i < 3; i++) {
		o[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		assert_non_null(o[i]);
		assert_int_equal(o[i]->magic, 0x600d);
	}
	assert_int_equal(ctor_calls, 3);
	assert_int_equal(kmem_cache_nr_allocated(cache), 3);
	/* Cache objects count among all live kmalloc-family objects. */
	assert_int_equal(kmalloc_nr_allocated(), live + 3);

	kmem_cache_free(cache, o[1]);
	assert_int_equal(kmem_cache_nr_allocated(cache), 2);
	assert_int_equal(kmalloc_nr_allocated(), live + 2);
	kmem_cache_free(cache, NULL);
	assert_int_equal(kmem_cache_nr_allocated(cache), 2);
	kmem_cache_free(cache, o[0]);
	kmem_cache_free(cache, o[2]);
	assert_int_equal(kmem_cache_nr_allocated(cache), 0);
	assert_int_equal(kmalloc_nr_allocated(), live);

	/* Unknown gfp bits: refused before the constructor runs. */
	assert_null(kmem_cache_alloc(cache, 0x80000000u));
	take_violation(tm->m, "WARN_ON");
	assert_int_equal(ctor_calls, 3);
	assert_int_equal(kmem_cache_nr_allocated(cache), 0);

	kmem_cache_destroy(cache);
	kmem_cache_destroy(NULL);
	assert_int_equal(sim_violation_count(tm->m), 0);
}

static void test_kmem_cache_alignment(void **state)
{
	static const struct {
		unsigned int size, align;
		unsigned long flags;
		uintptr_t want;
	} cases[] = {
		{ 40, 128, 0, 128 },
		{ 24, 0, SLAB_HWCACHE_ALIGN, 64 },
		{ 24, 8, 0, 8 },
		{ 100, 256, SLAB_HWCACHE_ALIGN, 256 },
		{ 4000, 4096, 0, 4096 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kmem_cache *cache = kmem_cache_create("aligned",
				cases[i].size, cases[i].align, cases[i].flags,
				NULL);
		void *objs[8];

		assert_non_null(cache);
		for (int j = 0; j < 8; j++) {
			objs[j] = kmem_cache_alloc(cache, GFP_KERNEL);
			assert_non_null(objs[j]);
			if ((uintptr_t)objs[j] % cases[i].want)
				fail_msg("cache %zu: object %p not aligned to %lu",
					 i, objs[j], (unsigned long)cases[i].want);
			/* The whole object is usable. */
			memset(objs[j], 0xab, cases[i].size);
		}
		for (int j = 0; j < 8; j++)
			kmem_cache_free(cache, objs[j]);
		kmem_cache_destroy(cache);
	}
}

static void test_kmem_cache_zalloc(void **state)
{
	struct kmem_cache *cache = kmem_cache_create("zero", 256, 0, 0, NULL);
	void *objs[4];

	(void)state;
	assert_non_null(cache);
	/* Dirty some memory first so that a reused block would show. */
	for (int i = 0; i < 4; i++) {
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		assert_non_null(objs[i]);
		memset(objs[i], 0xff, 256);
	}
	for (int i = 0; i < 4; i++)
		kmem_cache_free(cache, objs[i]);
	for (int i = 0; i < 4; i++) {
		objs[i] = kmem_cache_zalloc(cache, GFP_KERNEL);
		assert_non_null(objs[i]);
		assert_true(all_zero(objs[i], 256));
	}
	for (int i = 0; i < 4; i++)
		kmem_cache_free(cache, objs[i]);
	kmem_cache_destroy(cache);
}

/*
 * LIBRARY BUG (lib/platform/slab.c, sim_fault_class()): the class is
 * not checked, and sim_fault_should_fail() (lib/platform/fault.c) then does
 * m->fault.calls[cls]++ out of bounds: with cls == SIM_FAULT_NR_CLASSES it
 * lands in injected[SIM_FAULT_KMALLOC]. A bad class should be a WARN and
 * leave the cache in its old class.
 */
static void test_kmem_cache_bad_fault_class(void **state)
{
	struct test_machine *tm = *state;
	struct kmem_cache *cache = kmem_cache_create("badcls", 16, 0, 0, NULL);
	struct sim_fault_stats st0, st;
	unsigned long warned, calls0 = 0, calls = 0;
	void *obj;

	assert_non_null(cache);
	assert_errno(sim_fault_get_stats(tm->m, &st0), 0);
	sim_fault_class(cache, SIM_FAULT_NR_CLASSES);
	warned = sim_violation_count(tm->m);
	sim_violation_clear(tm->m);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	assert_errno(sim_fault_get_stats(tm->m, &st), 0);
	kmem_cache_free(cache, obj);
	kmem_cache_destroy(cache);
	sim_violation_clear(tm->m);

	assert_non_null(obj);
	/* The allocation is counted in exactly one real class... */
	for (int cls = 0; cls < SIM_FAULT_NR_CLASSES; cls++) {
		calls0 += st0.calls[cls];
		calls += st.calls[cls];
	}
	assert_int_equal(calls, calls0 + 1);
	/* ...and no counter of failures moves. */
	assert_memory_equal(st.injected, st0.injected, sizeof(st.injected));
	assert_int_equal(warned, 1);
}

static void test_kmem_cache_destroy_live(void **state)
{
	struct test_machine *tm = *state;
	struct kmem_cache *cache = kmem_cache_create("leaky", 32, 0, 0, NULL);
	struct sim_violation v;
	void *obj;

	assert_non_null(cache);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	assert_non_null(obj);
	kmem_cache_destroy(cache);
	v = take_violation(tm->m, "WARN");
	assert_non_null(strstr(v.msg, "leaky"));
	assert_non_null(strstr(v.msg, "1 live"));
	/*
	 * The cache is gone; kfree() of the orphan balances the global live
	 * counter (the shim's objects all come from the C allocator).
	 */
	kfree(obj);
}

/* ---- error pointers and arithmetic ---------------------------------- */

static void test_err_ptr(void **state)
{
	int x;
	void *p;

	(void)state;
	p = ERR_PTR(-ENOMEM);
	assert_true(IS_ERR(p));
	assert_true(IS_ERR_OR_NULL(p));
	assert_int_equal(PTR_ERR(p), -ENOMEM);
	assert_true(IS_ERR(ERR_PTR(-1)));
	assert_true(IS_ERR(ERR_PTR(-MAX_ERRNO)));
	assert_int_equal(PTR_ERR(ERR_PTR(-MAX_ERRNO)), -MAX_ERRNO);
	assert_false(IS_ERR((void *)(uintptr_t)(-MAX_ERRNO - 1)));
	assert_false(IS_ERR(NULL));
	assert_true(IS_ERR_OR_NULL(NULL));
	assert_false(IS_ERR(&x));
	assert_false(IS_ERR_OR_NULL(&x));
	assert_true(IS_ERR_VALUE((unsigned long)-EINVAL));
	assert_false(IS_ERR_VALUE(0UL));
}

static void test_arith_helpers(void **state)
{
	(void)state;
	assert_int_equal(ilog2(1), 0);
	assert_int_equal(ilog2(2), 1);
	assert_int_equal(ilog2(3), 1);
	assert_int_equal(ilog2(4096), 12);
	assert_int_equal(ilog2(4097), 12);
	assert_int_equal(ilog2(1UL << 63), 63);
	assert_int_equal(ilog2(ULONG_MAX), 63);

	assert_false(is_power_of_2(0));
	assert_true(is_power_of_2(1));
	assert_true(is_power_of_2(2));
	assert_false(is_power_of_2(3));
	assert_false(is_power_of_2(6));
	assert_true(is_power_of_2(1UL << 63));
	assert_false(is_power_of_2((1UL << 63) + 1));
	assert_false(is_power_of_2(ULONG_MAX));

	assert_int_equal(ALIGN(0UL, 64), 0);
	assert_int_equal(ALIGN(1UL, 64), 64);
	assert_int_equal(ALIGN(64UL, 64), 64);
	assert_int_equal(ALIGN(65UL, 64), 128);
	assert_int_equal(ALIGN(0x1001UL, PAGE_SIZE), 0x2000);
	assert_true(ALIGN(0x100000001UL, 0x100000000UL) == 0x200000000UL);
	assert_int_equal(ALIGN_DOWN(127UL, 64), 64);
	assert_int_equal(ALIGN_DOWN(128UL, 64), 128);
	assert_int_equal(ALIGN_DOWN(63UL, 64), 0);
	assert_true(ALIGN_DOWN(ULONG_MAX, 1UL << 12) == ~0xfffUL);
	assert_true(IS_ALIGNED(0x3000UL, PAGE_SIZE));
	assert_false(IS_ALIGNED(0x3001UL, PAGE_SIZE));
	assert_int_equal(DIV_ROUND_UP(10, 4), 3);
	assert_int_equal(DIV_ROUND_UP(12, 4), 3);
	assert_int_equal(__ffs(0x50UL), 4);
	assert_int_equal(ffz(0x7UL), 3);
	assert_true(BIT(63) == 1UL << 63);
	assert_int_equal(PAGE_SIZE, 4096);
	assert_int_equal(MAX_PAGE_ORDER, 10);
}

/* ---- RCU ------------------------------------------------------------ */

struct rcu_obj {
	struct rcu_head rcu;
	int id;
};

static int rcu_cb_count;
static unsigned long rcu_cb_ids;
static pthread_t rcu_caller;
static bool rcu_cb_on_caller;

static void rcu_obj_free(struct rcu_head *head)
{
	struct rcu_obj *o = container_of(head, struct rcu_obj, rcu);

	__atomic_add_fetch(&rcu_cb_count, 1, __ATOMIC_RELAXED);
	__atomic_fetch_or(&rcu_cb_ids, 1UL << o->id, __ATOMIC_RELAXED);
	if (pthread_equal(pthread_self(), rcu_caller))
		__atomic_store_n(&rcu_cb_on_caller, true, __ATOMIC_RELAXED);
	kfree(o);
}

static void test_call_rcu_runs_by_barrier(void **state)
{
	struct test_machine *tm = *state;
	long live = kmalloc_nr_allocated();

	rcu_cb_count = 0;
	rcu_cb_ids = 0;
	rcu_cb_on_caller = false;
	rcu_caller = pthread_self();
	for (int i = 0; i < 10; i++) {
		struct rcu_obj *o = kmalloc(sizeof(*o), GFP_KERNEL);

		assert_non_null(o);
		o->id = i;
		call_rcu(&o->rcu, rcu_obj_free);
	}
	rcu_barrier();
	assert_int_equal(__atomic_load_n(&rcu_cb_count, __ATOMIC_RELAXED), 10);
	assert_int_equal(__atomic_load_n(&rcu_cb_ids, __ATOMIC_RELAXED), 0x3ff);
	assert_false(rcu_cb_on_caller);
	assert_int_equal(kmalloc_nr_allocated(), live);
	assert_int_equal(sim_violation_count(tm->m), 0);
}

/* The order callbacks ran in, and a callback that queues another. */
static int rcu_order[16];
static int rcu_order_nr;
static struct rcu_obj rcu_chained;

static void rcu_obj_record(struct rcu_head *head)
{
	struct rcu_obj *o = container_of(head, struct rcu_obj, rcu);

	rcu_order[__atomic_fetch_add(&rcu_order_nr, 1, __ATOMIC_RELAXED)] = o->id;
	if (o->id == 3) {
		rcu_chained.id = 99;
		call_rcu(&rcu_chained.rcu, rcu_obj_record);
	}
}

/*
 * Callbacks run in the order they were queued (one worker, batches in
 * queue order); a callback queued by a callback is not covered by the
 * barrier already waiting, but by the next one.
 */
static void test_call_rcu_order_and_chain(void **state)
{
	static struct rcu_obj objs[8];

	(void)state;
	rcu_order_nr = 0;
	for (int i = 0; i < 8; i++) {
		objs[i].id = i;
		call_rcu(&objs[i].rcu, rcu_obj_record);
	}
	rcu_barrier();
	assert_true(__atomic_load_n(&rcu_order_nr, __ATOMIC_RELAXED) >= 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(rcu_order[i], i);
	rcu_barrier();
	assert_int_equal(rcu_order_nr, 9);
	assert_int_equal(rcu_order[8], 99);
}

static void test_rcu_read_lock_held(void **state)
{
	(void)state;
	assert_false(rcu_read_lock_held());
	rcu_read_lock();
	assert_true(rcu_read_lock_held());
	rcu_read_lock();
	rcu_read_unlock();
	assert_true(rcu_read_lock_held());	/* still in the outer one */
	rcu_read_unlock();
	assert_false(rcu_read_lock_held());
	synchronize_rcu();	/* no reader: returns */
}

/*
 * synchronize_rcu() against a reader in another thread. The reader enters
 * its read-side section and stays there until a third thread, the
 * releaser, lets it go; the releaser does so only once the test thread
 * says it is entering synchronize_rcu(). The reader sets "done" just
 * before rcu_read_unlock(), so a grace period that really waited for it
 * always returns with done set. One that did not wait would have to beat
 * two thread wake-ups to get it wrong, which it practically never does.
 */
struct rcu_reader {
	struct sim_machine *m;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool in_cs;		/* the reader holds rcu_read_lock() */
	bool syncing;		/* the test thread enters synchronize_rcu() */
	bool release;		/* the reader may leave */
	int attach_rc;
	bool held;
	int done;
};

static void *rcu_reader_fn(void *arg)
{
	struct rcu_reader *r = arg;

	r->attach_rc = sim_thread_attach(r->m);
	if (!r->attach_rc) {
		rcu_read_lock();
		r->held = rcu_read_lock_held();
	}
	pthread_mutex_lock(&r->lock);
	r->in_cs = true;
	pthread_cond_broadcast(&r->cond);
	while (!r->release)
		pthread_cond_wait(&r->cond, &r->lock);
	pthread_mutex_unlock(&r->lock);
	if (!r->attach_rc) {
		__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
		rcu_read_unlock();
		sim_thread_detach();
	}
	return NULL;
}

/* Let the reader leave its read-side section. */
static void rcu_reader_release(struct rcu_reader *r)
{
	pthread_mutex_lock(&r->lock);
	r->release = true;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

/* Start the reader thread; return once it is in its read-side section. */
static void rcu_reader_start(struct rcu_reader *r, pthread_t *reader)
{
	assert_int_equal(pthread_create(reader, NULL, rcu_reader_fn, r), 0);
	pthread_mutex_lock(&r->lock);
	while (!r->in_cs)
		pthread_cond_wait(&r->cond, &r->lock);
	pthread_mutex_unlock(&r->lock);
}

static void *rcu_releaser_fn(void *arg)
{
	struct rcu_reader *r = arg;

	pthread_mutex_lock(&r->lock);
	while (!r->syncing)
		pthread_cond_wait(&r->cond, &r->lock);
	r->release = true;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static void test_synchronize_rcu_waits_for_reader(void **state)
{
	struct test_machine *tm = *state;
	struct rcu_reader r = {
		.m = tm->m,
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	pthread_t reader, releaser;
	int done_seen;

	rcu_reader_start(&r, &reader);
	if (pthread_create(&releaser, NULL, rcu_releaser_fn, &r)) {
		/* Let the reader go before failing, or it blocks forever. */
		rcu_reader_release(&r);
		pthread_join(reader, NULL);
		fail_msg("cannot create the releaser thread");
	}

	pthread_mutex_lock(&r.lock);
	r.syncing = true;
	pthread_cond_broadcast(&r.cond);
	pthread_mutex_unlock(&r.lock);
	synchronize_rcu();
	done_seen = __atomic_load_n(&r.done, __ATOMIC_ACQUIRE);

	pthread_join(releaser, NULL);
	pthread_join(reader, NULL);
	assert_errno(r.attach_rc, 0);
	assert_true(r.held);
	assert_int_equal(done_seen, 1);
	pthread_cond_destroy(&r.cond);
	pthread_mutex_destroy(&r.lock);
}

/*
 * The same against call_rcu() and rcu_barrier(): the barrier's caller
 * and the idle worker are no readers for the grace period (the caller
 * drops its registration while it waits, and when no thread is
 * registered liburcu skips the grace period's membarrier()); a reader
 * in another thread still is, so the callback runs after it left.
 */
static struct rcu_reader *rcu_cb_reader;
static int rcu_cb_saw_done = -1;

static void rcu_cb_after_reader(struct rcu_head *head)
{
	(void)head;
	__atomic_store_n(&rcu_cb_saw_done,
			 __atomic_load_n(&rcu_cb_reader->done, __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
}

/*
 * Lets the reader go once the callback has run (one that did not wait
 * for the reader) or the grace period sleeps waiting for a reader
 * (liburcu's gp.futex is -1 then), whichever comes first: no timing.
 */
static void *rcu_gp_releaser_fn(void *arg)
{
	struct rcu_reader *r = arg;

	while (__atomic_load_n(&rcu_cb_saw_done, __ATOMIC_ACQUIRE) < 0 &&
	       __atomic_load_n(&urcu_memb_gp.futex, __ATOMIC_ACQUIRE) != -1)
		sched_yield();
	rcu_reader_release(r);
	return NULL;
}

static void test_rcu_barrier_callback_waits_for_reader(void **state)
{
	struct test_machine *tm = *state;
	struct rcu_reader r = {
		.m = tm->m,
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	static struct rcu_head head;
	pthread_t reader, releaser;

	rcu_cb_reader = &r;
	rcu_cb_saw_done = -1;
	rcu_reader_start(&r, &reader);
	call_rcu(&head, rcu_cb_after_reader);
	if (pthread_create(&releaser, NULL, rcu_gp_releaser_fn, &r)) {
		rcu_reader_release(&r);
		pthread_join(reader, NULL);
		fail_msg("cannot create the releaser thread");
	}
	rcu_barrier();
	pthread_join(releaser, NULL);
	pthread_join(reader, NULL);
	assert_int_equal(r.attach_rc, 0);
	assert_int_equal(rcu_cb_saw_done, 1);
	/* The caller is registered again: its read-side sections work. */
	rcu_read_lock();
	assert_true(rcu_read_lock_held());
	rcu_read_unlock();
	assert_int_equal(sim_violation_count(tm->m), 0);
	pthread_cond_destroy(&r.cond);
	pthread_mutex_destroy(&r.lock);
}

/* strscpy(): the kernel's bounded copy, always terminated, -E2BIG on a cut. */
static void test_strscpy(void **state)
{
	char buf[6];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(strscpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(strscpy(buf, "abcde", sizeof(buf)), 5);
	assert_string_equal(buf, "abcde");
	assert_int_equal(strscpy(buf, "abcdef", sizeof(buf)), -E2BIG);
	assert_string_equal(buf, "abcde");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(strscpy(buf, "abc", 0), -E2BIG);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(strscpy(buf, "abc", 1), -E2BIG);
	assert_int_equal(buf[0], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_add),
		cmocka_unit_test(test_list_del),
		cmocka_unit_test(test_list_move),
		cmocka_unit_test(test_list_splice),
		cmocka_unit_test(test_list_for_each_entry_safe),
		cmocka_unit_test(test_atomic_ops),
		cmocka_unit_test(test_atomic_concurrent),
		SHIM_TEST(test_refcount),
		SHIM_TEST(test_refcount_overflow_saturates),
		SHIM_TEST(test_warn_bug_macros),
		SHIM_TEST(test_vm_bug_on_folio),
		SHIM_TEST(test_warn_unattached_goes_to_process_log),
		SHIM_TEST(test_kmalloc_kfree),
		SHIM_TEST(test_kmalloc_gfp_kernel),
		SHIM_TEST(test_kmalloc_unknown_gfp),
		SHIM_TEST(test_kmalloc_gfp_mask_is_the_defined_flags),
		cmocka_unit_test(test_gfpflags_allow_blocking),
		SHIM_TEST(test_kmem_cache_ctor_and_counters),
		SHIM_TEST(test_kmem_cache_alignment),
		SHIM_TEST(test_kmem_cache_zalloc),
		SHIM_TEST(test_kmem_cache_destroy_live),
		cmocka_unit_test(test_err_ptr),
		cmocka_unit_test(test_arith_helpers),
		cmocka_unit_test(test_strscpy),
		SHIM_TEST(test_call_rcu_runs_by_barrier),
		SHIM_TEST(test_call_rcu_order_and_chain),
		SHIM_TEST(test_rcu_read_lock_held),
		SHIM_TEST(test_synchronize_rcu_waits_for_reader),
		SHIM_TEST(test_rcu_barrier_callback_waits_for_reader),
		/* Last: UBSan halts the binary here until the bug is fixed. */
		SHIM_TEST(test_kmem_cache_bad_fault_class),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

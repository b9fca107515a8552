// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of spinlock_t and the lock validator (lib/platform/lockdep.c):
 * each report is planted once and must be seen, kind "LOCKDEP"; the
 * correct use next to it must not be reported. A build without the
 * validator (-Dlockdep=false) skips the file (TAP "1..0 # SKIP").
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kernel/lockdep.h"
#include "kernel/rcupdate.h"
#include "kernel/slab.h"
#include "kernel/spinlock.h"

#define LOCKDEP_TEST(fn) \
	cmocka_unit_test_setup_teardown(fn, test_setup_machine, \
					test_teardown_machine)

/* Exactly one LOCKDEP violation whose message contains @what; clear it. */
static void expect_lockdep(struct sim_machine *m, const char *what)
{
	struct sim_violation v;

	if (sim_violation_count(m) != 1)
		test_print_violations(m);
	assert_int_equal(sim_violation_count(m), 1);
	assert_errno(sim_violation_get(m, 0, &v), 0);
	assert_string_equal(v.kind, "LOCKDEP");
	if (!strstr(v.msg, what))
		fail_msg("'%s' does not say '%s'", v.msg, what);
	sim_violation_clear(m);
}

static struct sim_machine *machine(void **state)
{
	return ((struct test_machine *)*state)->m;
}

/* ---- lock order ------------------------------------------------------ */

static void test_order_inversion_reported(void **state)
{
	spinlock_t a, b;

	spin_lock_init(&a);
	spin_lock_init(&b);
	spin_lock(&a);
	spin_lock(&b);		/* a -> b */
	spin_unlock(&b);
	spin_unlock(&a);
	spin_lock(&a);		/* the same order again: fine */
	spin_lock(&b);
	spin_unlock(&b);
	spin_unlock(&a);
	test_expect_violations(machine(state), 0);

	spin_lock(&b);
	spin_lock(&a);		/* b -> a: can deadlock against a -> b */
	spin_unlock(&a);
	spin_unlock(&b);
	expect_lockdep(machine(state), "circular");
}

static void __attribute__((unused))
test_mutex_order_inversion_reported(void **state)
{
	struct mutex a, b;

	mutex_init(&a);
	mutex_init(&b);
	mutex_lock(&a);
	mutex_lock(&b);		/* a -> b */
	mutex_unlock(&b);
	mutex_unlock(&a);
	mutex_lock(&b);
	assert_true(mutex_trylock(&a));	/* a trylock cannot deadlock */
	mutex_unlock(&a);
	mutex_unlock(&b);
	test_expect_violations(machine(state), 0);

	mutex_lock(&b);
	mutex_lock(&a);		/* b -> a */
	mutex_unlock(&a);
	mutex_unlock(&b);
	expect_lockdep(machine(state), "circular");
	mutex_destroy(&b);
	mutex_destroy(&a);
}

static void test_transitive_inversion_reported(void **state)
{
	spinlock_t a, b, c;

	spin_lock_init(&a);
	spin_lock_init(&b);
	spin_lock_init(&c);
	spin_lock(&a);
	spin_lock(&b);		/* a -> b */
	spin_unlock(&b);
	spin_unlock(&a);
	spin_lock(&b);
	spin_lock(&c);		/* b -> c */
	spin_unlock(&c);
	spin_unlock(&b);
	test_expect_violations(machine(state), 0);

	spin_lock(&c);
	spin_lock(&a);		/* c -> a closes the circle a -> b -> c */
	spin_unlock(&a);
	spin_unlock(&c);
	expect_lockdep(machine(state), "circular");
}

/* ---- sleeping in atomic context -------------------------------------- */

static void test_might_sleep_under_spinlock(void **state)
{
	DEFINE_SPINLOCK(lock);

	might_sleep();		/* nothing held: fine */
	test_expect_violations(machine(state), 0);
	spin_lock(&lock);
	might_sleep();
	spin_unlock(&lock);
	expect_lockdep(machine(state), "sleeping call while holding spinlock lock");
}

static void test_mutex_lock_under_spinlock(void **state)
{
	DEFINE_SPINLOCK(lock);
	DEFINE_MUTEX(sleeper);

	spin_lock(&lock);
	mutex_lock(&sleeper);
	mutex_unlock(&sleeper);
	spin_unlock(&lock);
	expect_lockdep(machine(state), "spinlock lock");
}

static void test_synchronize_rcu_under_spinlock(void **state)
{
	DEFINE_SPINLOCK(lock);

	spin_lock(&lock);
	synchronize_rcu();
	spin_unlock(&lock);
	expect_lockdep(machine(state), "spinlock lock");
}

static void test_sleeping_alloc_under_spinlock(void **state)
{
	DEFINE_SPINLOCK(lock);
	void *p;

	spin_lock(&lock);
	p = kmalloc(64, GFP_NOWAIT);	/* an atomic allocation: fine */
	kfree(p);
	test_expect_violations(machine(state), 0);
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	spin_unlock(&lock);
	expect_lockdep(machine(state), "spinlock lock");
}

static void test_might_sleep_under_rcu_read_lock(void **state)
{
	rcu_read_lock();
	might_sleep();
	rcu_read_unlock();
	expect_lockdep(machine(state), "rcu_read_lock");
	might_sleep();
	test_expect_violations(machine(state), 0);
}

/* ---- assertions and balance ------------------------------------------ */

static void test_assert_held(void **state)
{
	DEFINE_SPINLOCK(lock);

	spin_lock(&lock);
	lockdep_assert_held(&lock);
	spin_unlock(&lock);
	lockdep_assert_not_held(&lock);
	test_expect_violations(machine(state), 0);

	lockdep_assert_held(&lock);
	expect_lockdep(machine(state), "lock must be held");
	spin_lock(&lock);
	lockdep_assert_not_held(&lock);
	spin_unlock(&lock);
	expect_lockdep(machine(state), "lock must not be held");
}

/* Held by this thread, not just by anyone: another holder does not count. */
struct holder_run {
	spinlock_t lock;
	bool go;		/* the holder may release the lock */
};

static void *hold_until_go(void *arg)
{
	struct holder_run *r = arg;

	spin_lock(&r->lock);
	while (!__atomic_load_n(&r->go, __ATOMIC_ACQUIRE))
		sched_yield();
	spin_unlock(&r->lock);
	return NULL;
}

static void test_assert_held_by_another_thread(void **state)
{
	struct holder_run r = { .go = false };
	pthread_t t;

	spin_lock_init(&r.lock);
	assert_int_equal(pthread_create(&t, NULL, hold_until_go, &r), 0);
	while (!spin_is_locked(&r.lock))
		sched_yield();
	lockdep_assert_held(&r.lock);
	__atomic_store_n(&r.go, true, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(t, NULL), 0);
	expect_lockdep(machine(state), "must be held");
}

static void test_unlock_not_held(void **state)
{
	DEFINE_SPINLOCK(lock);

	assert_true(spin_trylock(&lock));
	spin_unlock(&lock);
	test_expect_violations(machine(state), 0);
	/* a stray unlock; the lock word is free before and after */
	spin_unlock(&lock);
	expect_lockdep(machine(state), "does not hold");
}

static void test_uninitialised_lock(void **state)
{
	spinlock_t lock;

	memset(&lock, 0, sizeof(lock));
	spin_lock(&lock);
	spin_unlock(&lock);
	expect_lockdep(machine(state), "without spin_lock_init");
	spin_lock(&lock);	/* reported once per lock */
	spin_unlock(&lock);
	test_expect_violations(machine(state), 0);
}

/* ---- held at detach -------------------------------------------------- */

struct detach_run {
	struct sim_machine *m;
	spinlock_t *lock;
	bool detach;		/* detach explicitly (else exit attached) */
	int attach_err, detach_err;
};

static void *detach_holding(void *arg)
{
	struct detach_run *r = arg;

	r->attach_err = sim_thread_attach(r->m);
	spin_lock(r->lock);
	if (r->detach)
		r->detach_err = sim_thread_detach();
	return NULL;	/* still holding r->lock */
}

static void run_detach_holding(struct sim_machine *m, bool detach)
{
	DEFINE_SPINLOCK(lock);
	struct detach_run r = { .m = m, .lock = &lock, .detach = detach };
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, detach_holding, &r), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_errno(r.attach_err, 0);
	assert_errno(r.detach_err, 0);
	expect_lockdep(m, "detaches holding 1 lock(s), the latest lock");
	/* the lock word is still taken: free it for the frame's end */
	__atomic_store_n(&lock.locked, 0, __ATOMIC_RELEASE);
}

static void test_lock_held_at_detach(void **state)
{
	run_detach_holding(machine(state), true);
}

static void test_lock_held_at_thread_exit(void **state)
{
	run_detach_holding(machine(state), false);
}

/* ---- held at machine destruction ------------------------------------ */

/*
 * A lock held when its machine is destroyed is an API violation: the
 * report goes to the process-wide log (the machine's own is freed) and
 * names the lock; the thread's held-lock stack is emptied.
 */
static void test_lock_held_at_destroy(void **state)
{
	struct sim_machine *fixture = machine(state), *m;
	struct sim_machine_config cfg = {
		.name = "doomed", .nr_pages = 256, .seed = 1,
		.violation_mode = SIM_VIOLATION_RECORD,
	};
	unsigned long global = sim_violation_count(NULL);
	struct sim_violation v;
	struct mutex lock;

	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_machine_create(&cfg, &m), 0);
	assert_errno(sim_thread_attach(m), 0);
	mutex_init(&lock);
	mutex_lock(&lock);
	assert_errno(sim_machine_destroy(m), 0);
	assert_int_equal(sim_violation_count(NULL), global + 1);
	assert_errno(sim_violation_get(NULL, global, &v), 0);
	assert_string_equal(v.kind, "API");
	if (!strstr(v.msg, "machine doomed destroyed while this thread holds 1 lock(s), the latest &lock"))
		fail_msg("'%s' does not name the held lock", v.msg);
	/* Forgotten by the validator: release the mutex itself. */
	pthread_mutex_unlock(&lock.m);
	mutex_destroy(&lock);
	assert_errno(sim_thread_attach(fixture), 0);
	test_expect_violations(fixture, 0);
	assert_int_equal(sim_violation_count(NULL), global + 1);
}

/* ---- the lock itself ------------------------------------------------- */

#define COUNT_THREADS	8	/* more than the 2 CPUs the suite runs on */
#define COUNT_ROUNDS	20000

struct count_run {
	spinlock_t lock;
	unsigned long count;	/* a plain field: only the lock orders it */
};

static void *count_under_lock(void *arg)
{
	struct count_run *r = arg;

	for (int i = 0; i < COUNT_ROUNDS; i++) {
		spin_lock(&r->lock);
		r->count++;
		spin_unlock(&r->lock);
	}
	return NULL;
}

/*
 * Mutual exclusion with more threads than CPUs: a waiter that spun
 * forever while the holder was preempted would never finish (and under
 * Valgrind, which runs one thread at a time, nothing would).
 */
static void test_spinlock_excludes_with_more_threads_than_cpus(void **state)
{
	struct count_run r = { .count = 0 };
	pthread_t t[COUNT_THREADS];

	(void)state;
	spin_lock_init(&r.lock);
	for (int i = 0; i < COUNT_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, count_under_lock,
						&r), 0);
	for (int i = 0; i < COUNT_THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(r.count, (unsigned long)COUNT_THREADS * COUNT_ROUNDS);
	assert_false(spin_is_locked(&r.lock));
}

static void test_spin_trylock(void **state)
{
	DEFINE_SPINLOCK(lock);

	(void)state;
	assert_true(spin_trylock(&lock));
	assert_true(spin_is_locked(&lock));
	assert_false(spin_trylock(&lock));
	spin_unlock(&lock);
	assert_false(spin_is_locked(&lock));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		LOCKDEP_TEST(test_order_inversion_reported),
#ifndef SIM_HAVE_TSAN	/* TSan reports this planted pthread-mutex inversion too */
		LOCKDEP_TEST(test_mutex_order_inversion_reported),
#endif
		LOCKDEP_TEST(test_transitive_inversion_reported),
		LOCKDEP_TEST(test_might_sleep_under_spinlock),
		LOCKDEP_TEST(test_mutex_lock_under_spinlock),
		LOCKDEP_TEST(test_synchronize_rcu_under_spinlock),
		LOCKDEP_TEST(test_sleeping_alloc_under_spinlock),
		LOCKDEP_TEST(test_might_sleep_under_rcu_read_lock),
		LOCKDEP_TEST(test_assert_held),
		LOCKDEP_TEST(test_assert_held_by_another_thread),
		LOCKDEP_TEST(test_unlock_not_held),
		LOCKDEP_TEST(test_uninitialised_lock),
		LOCKDEP_TEST(test_lock_held_at_detach),
		LOCKDEP_TEST(test_lock_held_at_thread_exit),
		LOCKDEP_TEST(test_lock_held_at_destroy),
		LOCKDEP_TEST(test_spinlock_excludes_with_more_threads_than_cpus),
		LOCKDEP_TEST(test_spin_trylock),
	};

	if (!SIM_LOCKDEP) {
		/* built with -Dlockdep=false: a TAP skip of the whole file */
		printf("1..0 # SKIP the lock validator is not built (-Dlockdep=false)\n");
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

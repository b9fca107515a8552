// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * spinlock_t: a lock word taken with an acquiring compare-and-swap.
 *
 * A contended lock is polled (a plain load, so the cache line stays
 * shared until it frees) with a pause hint between polls; after
 * SPIN_POLLS polls the waiter calls sched_yield() and starts again. A
 * kernel waiter keeps spinning because its holder cannot be preempted
 * while it holds the lock; in userspace the holder can be, and with more
 * threads than CPUs (or under Valgrind, which runs one thread at a time)
 * it runs only if the waiter gives the CPU away. Nothing ever sleeps in
 * a futex, so a short critical section costs a short wait.
 *
 * ThreadSanitizer understands the acquire/release atomics, so it sees
 * the lock as a lock: accesses under it do not race.
 */
#include <sched.h>

#include "kernel/compiler.h"

#include "kernel/lockdep.h"

/* Polls of a held lock word before yielding the CPU (~a few µs). */
#define SPIN_POLLS	256

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

static inline bool spin_try_acquire(spinlock_t *lock)
{
	unsigned int free = 0;

	return __atomic_compare_exchange_n(&lock->locked, &free, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void spin_wait(spinlock_t *lock)
{
	for (;;) {
		unsigned int polls;

		for (polls = 0; polls < SPIN_POLLS; polls++) {
			if (!__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) &&
			    spin_try_acquire(lock))
				return;
			cpu_relax();
		}
		sched_yield();
	}
}

/* See <libgcma/spinlock.h>. */
void sim_spin_lock_init(spinlock_t *lock, const char *name,
			struct lock_class_key *key)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
	lockdep_init_map(&lock->dep_map, name, key);
}

/* See <libgcma/spinlock.h>. */
void sim_spin_lock(spinlock_t *lock)
{
	lockdep_acquire(&lock->dep_map, LOCKDEP_SPIN, false);
	if (likely(spin_try_acquire(lock)))
		return;
	spin_wait(lock);
}

/* See <libgcma/spinlock.h>. */
void sim_spin_unlock(spinlock_t *lock)
{
	lockdep_release(&lock->dep_map);
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

/* See <libgcma/spinlock.h>. */
int sim_spin_trylock(spinlock_t *lock)
{
	if (!spin_try_acquire(lock))
		return 0;
	lockdep_acquire(&lock->dep_map, LOCKDEP_SPIN, true);
	return 1;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * spinlock_t: a lock word (platform/lock_word.h) with the lock validator.
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
#include "platform/lock_word.h"

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

/*
 * lock_word_wait - take @word, which lock_word_trylock() found held: poll
 * it (a plain load, so the cache line stays shared until it frees) with a
 * pause hint, and yield the CPU after every SPIN_POLLS polls.
 * Context: Any thread; it may spin and yield for as long as the holder
 * keeps the word. Return: nothing; the caller holds @word.
 */
void lock_word_wait(unsigned int *word)
{
	for (;;) {
		unsigned int polls;

		for (polls = 0; polls < SPIN_POLLS; polls++) {
			if (!__atomic_load_n(word, __ATOMIC_RELAXED) &&
			    lock_word_trylock(word))
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
	lock_word_lock(&lock->locked);
}

/* See <libgcma/spinlock.h>. */
void sim_spin_unlock(spinlock_t *lock)
{
	lockdep_release(&lock->dep_map);
	lock_word_unlock(&lock->locked);
}

/* See <libgcma/spinlock.h>. */
int sim_spin_trylock(spinlock_t *lock)
{
	if (!lock_word_trylock(&lock->locked))
		return 0;
	lockdep_acquire(&lock->dep_map, LOCKDEP_SPIN, true);
	return 1;
}

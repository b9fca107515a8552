/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A lock word: an unsigned int that is 0 when free, taken with an
 * acquiring compare-and-swap and given back with a releasing store.
 *
 * spinlock_t is built on it (lib/platform/spinlock.c adds the lock
 * validator), and so are the simulation's own locks (struct sim_lock),
 * which model no kernel lock and need no validator. Giving a lock word
 * back is a plain store; a pthread mutex's unlock is an atomic exchange,
 * a full barrier, because it must find out whether to wake a sleeper.
 * A waiter here never sleeps: it polls, then yields the CPU
 * (lock_word_wait()), so a holder that was preempted gets to run.
 *
 * ThreadSanitizer understands the acquire/release atomics, so it sees a
 * lock word as a lock.
 */
#ifndef _PLATFORM_LOCK_WORD_H
#define _PLATFORM_LOCK_WORD_H

#include <stdbool.h>

#include "kernel/compiler.h"

/* lock_word_trylock - take @word if it is free. Return: true if taken. */
static inline bool lock_word_trylock(unsigned int *word)
{
	unsigned int free = 0;

	return __atomic_compare_exchange_n(word, &free, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void lock_word_wait(unsigned int *word);

/* lock_word_lock - take @word, waiting while another thread holds it. */
static inline void lock_word_lock(unsigned int *word)
{
	if (unlikely(!lock_word_trylock(word)))
		lock_word_wait(word);
}

/* lock_word_unlock - give back @word, which the caller holds. */
static inline void lock_word_unlock(unsigned int *word)
{
	__atomic_store_n(word, 0, __ATOMIC_RELEASE);
}

#endif /* _PLATFORM_LOCK_WORD_H */

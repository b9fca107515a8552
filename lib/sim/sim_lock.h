/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * struct sim_lock - a lock of the simulation's own bookkeeping (the page
 * cache's inodes and LRU, the mounts), which stands for no kernel lock
 * and so has no lock validator: a lock word (platform/lock_word.h).
 *
 * Taking and giving back an uncontended one costs a compare-and-swap and
 * a store, where a pthread mutex costs two full barriers: these locks are
 * taken on every page-cache access. A waiter polls and yields; it never
 * sleeps, so hold one only for bookkeeping, never across a wait for
 * another thread. Nothing needs destroying.
 */
#ifndef _SIM_LOCK_H
#define _SIM_LOCK_H

#include "platform/lock_word.h"

struct sim_lock {
	unsigned int locked;
};

/* sim_lock_init - make @lock free. Context: before any thread shares it. */
static inline void sim_lock_init(struct sim_lock *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
}

/* sim_lock - take @lock, waiting while another thread holds it. */
static inline void sim_lock(struct sim_lock *lock)
{
	lock_word_lock(&lock->locked);
}

/* sim_unlock - give back @lock, which the caller holds. */
static inline void sim_unlock(struct sim_lock *lock)
{
	lock_word_unlock(&lock->locked);
}

#endif /* _SIM_LOCK_H */

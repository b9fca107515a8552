/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * spinlock_t and struct mutex (kernel shim); see <libgcma/spinlock.h>.
 *
 * A mutex sleeps (a pthread mutex): mutex_lock() is a might_sleep()
 * point, and the lock validator (kernel/lockdep.h) tracks it as it
 * tracks spinlocks.
 */
#ifndef _KSHIM_SPINLOCK_H
#define _KSHIM_SPINLOCK_H

#include <pthread.h>
#include <libgcma/spinlock.h>
#include "kernel/lockdep.h"

struct mutex {
	pthread_mutex_t m;
	struct lockdep_map dep_map;
};

#define DEFINE_MUTEX(name) \
	struct mutex name = { PTHREAD_MUTEX_INITIALIZER, { NULL, #name, 0 } }

static inline void __mutex_init(struct mutex *lock, const char *name,
				struct lock_class_key *key)
{
	pthread_mutex_init(&lock->m, NULL);
	lockdep_init_map(&lock->dep_map, name, key);
}

#define mutex_init(lock)						\
	do {								\
		static struct lock_class_key __key;			\
									\
		__mutex_init((lock), #lock, &__key);			\
	} while (0)

static inline void mutex_destroy(struct mutex *lock)
{
	pthread_mutex_destroy(&lock->m);
}

static inline void mutex_lock(struct mutex *lock)
{
	might_sleep();
	lockdep_acquire(&lock->dep_map, LOCKDEP_SLEEP, false);
	pthread_mutex_lock(&lock->m);
}

static inline void mutex_unlock(struct mutex *lock)
{
	lockdep_release(&lock->dep_map);
	pthread_mutex_unlock(&lock->m);
}

static inline int mutex_trylock(struct mutex *lock)
{
	if (pthread_mutex_trylock(&lock->m))
		return 0;
	lockdep_acquire(&lock->dep_map, LOCKDEP_SLEEP, true);
	return 1;
}

#endif /* _KSHIM_SPINLOCK_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* spinlock_t and struct mutex (kernel shim); see <libgcma/spinlock.h>. */
#ifndef _KSHIM_SPINLOCK_H
#define _KSHIM_SPINLOCK_H

#include <libgcma/spinlock.h>

struct mutex {
	pthread_mutex_t m;
};

#define DEFINE_MUTEX(name) struct mutex name = { PTHREAD_MUTEX_INITIALIZER }

static inline void mutex_init(struct mutex *lock)
{
	pthread_mutex_init(&lock->m, NULL);
}

static inline void mutex_destroy(struct mutex *lock)
{
	pthread_mutex_destroy(&lock->m);
}

static inline void mutex_lock(struct mutex *lock)
{
	pthread_mutex_lock(&lock->m);
}

static inline void mutex_unlock(struct mutex *lock)
{
	pthread_mutex_unlock(&lock->m);
}

static inline int mutex_trylock(struct mutex *lock)
{
	return pthread_mutex_trylock(&lock->m) == 0;
}

#endif /* _KSHIM_SPINLOCK_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * spinlock_t for structures the public API embeds (struct xarray).
 *
 * A simulated spinlock is a pthread mutex: the model never runs in
 * interrupt context, so the _irq/_bh/_irqsave variants only take the lock.
 */
#ifndef _LIBGCMA_SPINLOCK_H
#define _LIBGCMA_SPINLOCK_H

#include <pthread.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	pthread_mutex_t mutex;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name) { PTHREAD_MUTEX_INITIALIZER }
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)

static inline void spin_lock_init(spinlock_t *lock)
{
	pthread_mutex_init(&lock->mutex, NULL);
}

static inline void spin_lock(spinlock_t *lock)
{
	pthread_mutex_lock(&lock->mutex);
}

static inline void spin_unlock(spinlock_t *lock)
{
	pthread_mutex_unlock(&lock->mutex);
}

static inline int spin_trylock(spinlock_t *lock)
{
	return pthread_mutex_trylock(&lock->mutex) == 0;
}

#define spin_lock_irq(l)		spin_lock(l)
#define spin_unlock_irq(l)		spin_unlock(l)
#define spin_lock_bh(l)			spin_lock(l)
#define spin_unlock_bh(l)		spin_unlock(l)
#define spin_lock_irqsave(l, f)		do { (void)(f); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)	do { (void)(f); spin_unlock(l); } while (0)

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_SPINLOCK_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * spinlock_t for structures the public API embeds (struct xarray).
 *
 * A simulated spinlock spins as the kernel's does: a contended
 * spin_lock() polls the lock word with a pause hint for a bounded number
 * of rounds, then gives the CPU away with sched_yield() between rounds
 * (userspace cannot disable preemption, so the holder may be descheduled;
 * yielding lets it run, under Valgrind too, which runs one thread at a
 * time). The model never runs in interrupt context, so the _irq, _bh and
 * _irqsave variants only take the lock.
 *
 * Every lock carries a struct lockdep_map: in a library built with the
 * lock validator (meson option -Dlockdep, see docs/testing.md) the class
 * of the lock (its spin_lock_init() call site, or the lock itself for a
 * DEFINE_SPINLOCK()) takes part in lock-order, sleep-in-atomic and
 * held-at-detach checks. The functions below are the library's; the
 * inline wrappers give them the kernel's names.
 */
#ifndef _LIBGCMA_SPINLOCK_H
#define _LIBGCMA_SPINLOCK_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * struct lock_class_key - names a lock class by its address, as in the
 * kernel: spin_lock_init() defines one static key per call site.
 */
struct lock_class_key {
	char __unused;
};

/*
 * struct lockdep_map - what the lock validator knows of one lock.
 * @key: the class key, or NULL for a statically initialised lock (its
 *	own address is the class).
 * @name: the lock's name in reports.
 * @class_idx: the validator's cache of the class (0: not looked up yet).
 */
struct lockdep_map {
	const struct lock_class_key *key;
	const char *name;
	unsigned int class_idx;
};

/*
 * spinlock_t - the lock word (0 free, 1 held; taken with an acquiring
 * compare-and-swap, released with a releasing store) and its lockdep map.
 */
typedef struct {
	unsigned int locked;
	struct lockdep_map dep_map;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) { 0, { NULL, #lockname, 0 } }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

/**
 * sim_spin_lock_init() - initialise a spinlock in class @key.
 * @lock: the lock.
 * @name: its name in lock-validator reports.
 * @key: its class; spin_lock_init() passes a static key of its call site.
 *
 * Context: Any context; @lock is not in use.
 * Return: nothing.
 */
LIBGCMA_API void sim_spin_lock_init(spinlock_t *lock, const char *name,
				    struct lock_class_key *key);

/**
 * sim_spin_lock() - take @lock, spinning (then yielding) while it is held.
 * @lock: the lock.
 *
 * Context: Any context. Must not already hold @lock.
 * Return: nothing.
 */
LIBGCMA_API void sim_spin_lock(spinlock_t *lock);

/**
 * sim_spin_unlock() - release @lock.
 * @lock: a lock the caller holds.
 *
 * Context: Any context.
 * Return: nothing.
 */
LIBGCMA_API void sim_spin_unlock(spinlock_t *lock);

/**
 * sim_spin_trylock() - take @lock if it is free.
 * @lock: the lock.
 *
 * Context: Any context.
 * Return: 1 when the caller now holds @lock, 0 otherwise.
 */
LIBGCMA_API int sim_spin_trylock(spinlock_t *lock);

#define spin_lock_init(lock)						\
	do {								\
		static struct lock_class_key __key;			\
									\
		sim_spin_lock_init((lock), #lock, &__key);		\
	} while (0)

static inline void spin_lock(spinlock_t *lock)
{
	sim_spin_lock(lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	sim_spin_unlock(lock);
}

static inline int spin_trylock(spinlock_t *lock)
{
	return sim_spin_trylock(lock);
}

/* spin_is_locked - is @lock held (by anyone)? */
static inline int spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0;
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

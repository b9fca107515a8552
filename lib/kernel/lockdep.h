/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The lock validator (kernel shim of <linux/lockdep.h> and
 * might_sleep()); the implementation is lib/platform/lockdep.c.
 *
 * Built in when meson's -Dlockdep option leaves SIM_LOCKDEP at 1 (the
 * default outside release builds; docs/testing.md). Then every
 * spinlock_t and struct mutex belongs to a class (its init call site, or
 * the lock itself for one defined statically), each thread keeps the
 * stack of locks it holds, and the validator records as violations
 * (kind "LOCKDEP"):
 *  - an acquisition whose class order inverts one seen before (A taken
 *    under B after B was taken under A, directly or through other
 *    classes): a possible ABBA deadlock;
 *  - might_sleep() (mutex_lock(), synchronize_rcu(), an allocation that
 *    may block) while holding a spinlock or inside rcu_read_lock();
 *  - lockdep_assert_held() on a lock the caller does not hold, and
 *    lockdep_assert_not_held() on one it holds;
 *  - releasing a lock the caller does not hold;
 *  - a thread detaching from its machine (or exiting) with locks held.
 * Without it every macro here compiles to nothing, as in a kernel built
 * without CONFIG_LOCKDEP / CONFIG_DEBUG_ATOMIC_SLEEP.
 */
#ifndef _KSHIM_LOCKDEP_H
#define _KSHIM_LOCKDEP_H

#include <libgcma/spinlock.h>
#include <libgcma/gfp.h>
#include "libgcma-config.h"

/* What kind of lock a held_lock is: spinning ones forbid sleeping. */
enum lockdep_kind {
	LOCKDEP_SPIN,
	LOCKDEP_SLEEP,
};

#if SIM_LOCKDEP
void lockdep_acquire(struct lockdep_map *map, enum lockdep_kind kind,
		     bool trylock);
void lockdep_release(struct lockdep_map *map);
void lockdep_init_map(struct lockdep_map *map, const char *name,
		      const struct lock_class_key *key);
void lockdep_check_held(const struct lockdep_map *map, bool want_held,
			const char *file, int line, const char *func);
void lockdep_check_sleep(const char *file, int line, const char *func);
void lockdep_check_detach(void);
void lockdep_check_destroy(const char *name);

#define lockdep_assert_held(l)						\
	lockdep_check_held(&(l)->dep_map, true, __FILE__, __LINE__, __func__)
#define lockdep_assert_not_held(l)					\
	lockdep_check_held(&(l)->dep_map, false, __FILE__, __LINE__, __func__)
#define might_sleep()	lockdep_check_sleep(__FILE__, __LINE__, __func__)
#else
static inline void lockdep_acquire(struct lockdep_map *map,
				   enum lockdep_kind kind, bool trylock)
{
}

static inline void lockdep_release(struct lockdep_map *map)
{
}

static inline void lockdep_init_map(struct lockdep_map *map, const char *name,
				    const struct lock_class_key *key)
{
	map->key = key;
	map->name = name;
	map->class_idx = 0;
}

static inline void lockdep_check_detach(void)
{
}

static inline void lockdep_check_destroy(const char *name)
{
}

#define lockdep_assert_held(l)		do { (void)(l); } while (0)
#define lockdep_assert_not_held(l)	do { (void)(l); } while (0)
#define might_sleep()			do { } while (0)
#endif

#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)

/* might_alloc - an allocation with @gfp may sleep when it may reclaim. */
#define might_alloc(gfp)	might_sleep_if(gfpflags_allow_blocking(gfp))

#endif /* _KSHIM_LOCKDEP_H */

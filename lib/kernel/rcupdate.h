/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * RCU (kernel shim) over liburcu's memb flavour.
 *
 * A thread must be registered before it enters a read-side critical
 * section; sim_thread_attach() does that. call_rcu() callbacks run on the
 * library's own call_rcu worker (lib/platform/rcu.c), not on liburcu's, so
 * tearing the worker down is under our control and rcu_barrier() does
 * not wait for liburcu's 10 ms batching (a kernel port maps these two
 * back to the kernel's own).
 *
 * Under ThreadSanitizer (-Db_sanitize=thread) the shim tells TSan about
 * the ordering a grace period gives, which it cannot see: liburcu is not
 * instrumented, and its read side is plain volatile accesses. Every
 * rcu_read_unlock() releases, and the end of every grace period
 * (synchronize_rcu(), the call_rcu worker before it runs a batch)
 * acquires, one process-wide sync object, sim_rcu_tsan_gp. A free after
 * a grace period is then ordered after the readers it waited for. See
 * docs/testing.md, "Thread sanitizer", for what that hides.
 */
#ifndef _KSHIM_RCUPDATE_H
#define _KSHIM_RCUPDATE_H

#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE	/* inline the read side; libgcma is GPL/MIT */
#endif
#include <urcu/urcu-memb.h>
#include "kernel/port.h"
#include "kernel/compiler.h"
#include "kernel/lockdep.h"

#ifdef SIM_HAVE_TSAN
#include <sanitizer/tsan_interface.h>
/* The grace-period sync object (lib/platform/rcu.c). */
extern char sim_rcu_tsan_gp;
/* A reader's accesses so far happen before the next grace period's end. */
static inline void rcu_tsan_reader_done(void)
{
	__tsan_release(&sim_rcu_tsan_gp);
}

/* Everything readers did before their unlock happens before this point. */
static inline void rcu_tsan_grace_period_done(void)
{
	__tsan_acquire(&sim_rcu_tsan_gp);
}
#else
static inline void rcu_tsan_reader_done(void)
{
}

static inline void rcu_tsan_grace_period_done(void)
{
}
#endif

/*
 * A thread liburcu does not know cannot be waited for: rcu_read_lock()
 * from a thread attached to no machine records an API violation (and
 * still enters the section, unprotected). Public entry points refuse such
 * callers before they get here. synchronize_rcu(), call_rcu() and
 * rcu_barrier() are fine from any thread, as liburcu allows.
 */
static inline void rcu_read_lock(void)
{
	(void)caller_attached("rcu_read_lock");
	urcu_memb_read_lock();
}

static inline void rcu_read_unlock(void)
{
	rcu_tsan_reader_done();
	urcu_memb_read_unlock();
}

/* rcu_read_lock_held - is the caller inside a read-side critical section? */
static inline bool rcu_read_lock_held(void)
{
	return urcu_memb_read_ongoing();
}

/* synchronize_rcu - wait for a grace period; it sleeps (might_sleep()). */
#define synchronize_rcu()	do { might_sleep(); __synchronize_rcu(); } while (0)

static inline void __synchronize_rcu(void)
{
	urcu_memb_synchronize_rcu();
	rcu_tsan_grace_period_done();
}

void sim_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
void sim_rcu_barrier(void);

static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	sim_call_rcu(head, func);
}

static inline void rcu_barrier(void)
{
	sim_rcu_barrier();
}

/*
 * rcu_dereference() comes from <urcu/pointer.h> (a consume load). Its
 * rcu_assign_pointer() is a write barrier and a volatile store, which
 * TSan sees as a plain store that races with the reader's load and
 * orders nothing; the kernel's is smp_store_release(), and so is ours.
 */
#undef rcu_assign_pointer
#define rcu_assign_pointer(p, v)	smp_store_release(&(p), (v))
#define rcu_dereference_raw(p)		rcu_dereference(p)
#define rcu_dereference_check(p, c)	rcu_dereference(p)
#define rcu_dereference_protected(p, c)	READ_ONCE(p)
#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, v)
#define rcu_access_pointer(p)		READ_ONCE(p)

#endif /* _KSHIM_RCUPDATE_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * refcount_t (kernel shim): a counter that refuses to go from 0 to 1 and
 * reports underflow and overflow as violations, saturating as the kernel's
 * does. Increments are relaxed; a decrement that reaches 0 is ordered
 * after everything the releasing thread did to the object.
 */
#ifndef _KSHIM_REFCOUNT_H
#define _KSHIM_REFCOUNT_H

#include <limits.h>
#include "kernel/bug.h"

typedef struct {
	int refs;
} refcount_t;

#define REFCOUNT_INIT(n)	{ (n) }
#define REFCOUNT_SATURATED	(INT_MIN / 2)

static inline void refcount_set(refcount_t *r, int n)
{
	__atomic_store_n(&r->refs, n, __ATOMIC_RELAXED);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return (unsigned int)__atomic_load_n(&r->refs, __ATOMIC_RELAXED);
}

/* refcount_inc_not_zero - take a reference unless the object is dying. */
static inline __must_check bool refcount_inc_not_zero(refcount_t *r)
{
	int old = __atomic_load_n(&r->refs, __ATOMIC_RELAXED);

	do {
		if (old == 0)
			return false;
	} while (!__atomic_compare_exchange_n(&r->refs, &old, old + 1, true,
					      __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	if (WARN(old < 0 || old == INT_MAX, "refcount_t: saturated"))
		refcount_set(r, REFCOUNT_SATURATED);
	return true;
}

static inline void refcount_inc(refcount_t *r)
{
	int old = __atomic_fetch_add(&r->refs, 1, __ATOMIC_RELAXED);

	if (WARN(old <= 0 || old == INT_MAX,
		 "refcount_t: increment on %d (use-after-free or overflow)", old))
		refcount_set(r, REFCOUNT_SATURATED);
}

/* refcount_dec_and_test - drop a reference; true if it was the last. */
static inline __must_check bool refcount_dec_and_test(refcount_t *r)
{
#ifdef SIM_HAVE_TSAN
	/* TSan ignores the fence below: acquire in the decrement itself. */
	int old = __atomic_fetch_sub(&r->refs, 1, __ATOMIC_ACQ_REL);
#else
	int old = __atomic_fetch_sub(&r->refs, 1, __ATOMIC_RELEASE);
#endif

	if (old == 1) {
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		return true;
	}
	if (WARN(old <= 0, "refcount_t: underflow (%d)", old))
		refcount_set(r, REFCOUNT_SATURATED);
	return false;
}

static inline void refcount_dec(refcount_t *r)
{
	int old = __atomic_fetch_sub(&r->refs, 1, __ATOMIC_RELEASE);

	if (WARN(old <= 1, "refcount_t: decrement hit 0 (%d)", old))
		refcount_set(r, REFCOUNT_SATURATED);
}

#endif /* _KSHIM_REFCOUNT_H */

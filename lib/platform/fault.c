// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Allocation fault injection: the fail-nth countdown and the seeded
 * probability rule, per machine and per call-site class.
 */
#include <string.h>

#include "kernel/port.h"
#include "platform/internal.h"

/*
 * Classes whose allocation failure the caller answers by retrying: a
 * fail-nth failure there persists (see sim_fault_fail_nth()).
 */
#define SIM_FAULT_STICKY	SIM_FAULT_BIT(SIM_FAULT_XA_NODE)

/*
 * Publish which classes a rule applies to now, after the rules changed;
 * m->fault_lock held. The release pairs with sim_fault_should_fail()'s
 * acquire: a thread that sees a class armed sees the rule that armed it.
 */
static void sim_fault_rearm(struct sim_machine *m)
{
	__atomic_store_n(&m->fault.armed, m->fault.nth_classes |
			 m->fault.sticky_classes | m->fault.prob_classes,
			 __ATOMIC_RELEASE);
}

static const char *const sim_fault_class_names[SIM_FAULT_NR_CLASSES] = {
	[SIM_FAULT_KMALLOC] = "kmalloc",
	[SIM_FAULT_XA_NODE] = "xa_node",
	[SIM_FAULT_KMEM_CACHE] = "kmem_cache",
	[SIM_FAULT_CC_INODE] = "cc_inode",
	[SIM_FAULT_CC_FS] = "cc_fs",
	[SIM_FAULT_PAGE_ALLOC] = "page_alloc",
	[SIM_FAULT_PIN] = "pin",
};

/**
 * sim_fault_class_name() - printable name of a call-site class.
 * @cls: the class.
 *
 * Context: Any context.
 * Return: a static string; "?" for an unknown class.
 */
const char *sim_fault_class_name(enum sim_fault_class cls)
{
	if ((unsigned int)cls >= SIM_FAULT_NR_CLASSES)
		return "?";
	return sim_fault_class_names[cls];
}

/**
 * sim_fault_fail_nth() - fail the @nth next allocation in @classes.
 * @m: the machine.
 * @classes: SIM_FAULT_BIT() of each class counted, or SIM_FAULT_ALL.
 * @nth: 1 fails the very next allocation, 2 the one after, ...
 *
 * One allocation fails, then the rule disarms itself, as the kernel's
 * fail-nth does. Replaces any countdown armed before. Except for the
 * classes in SIM_FAULT_STICKY: the xarray retries a failed node
 * allocation with the caller's gfp (the kernel's __xas_nomem()), which a
 * one-shot failure never gets past, so there the first failure starts an
 * out-of-memory condition that lasts until sim_fault_clear() or the next
 * countdown, and the call's error path is reached.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m, no valid class, or @nth of 0.
 */
int sim_fault_fail_nth(struct sim_machine *m, unsigned int classes,
		       unsigned long nth)
{
	if (!m || !classes || (classes & ~SIM_FAULT_ALL) || !nth ||
	    nth > LONG_MAX)
		return -EINVAL;
	pthread_mutex_lock(&m->fault_lock);
	m->fault.nth_classes = classes;
	m->fault.nth_left = (long)nth;
	m->fault.sticky_classes = 0;
	sim_fault_rearm(m);
	pthread_mutex_unlock(&m->fault_lock);
	return 0;
}

/**
 * sim_fault_set_probability() - fail allocations in @classes at random.
 * @m: the machine.
 * @classes: SIM_FAULT_BIT() of each class affected, or SIM_FAULT_ALL.
 * @per_million: probability of failing each allocation, 0..1000000.
 * @seed: seed of the generator, so a run can be replayed.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m, no valid class or a probability
 * above one million.
 */
int sim_fault_set_probability(struct sim_machine *m, unsigned int classes,
			      unsigned int per_million, uint64_t seed)
{
	if (!m || !classes || (classes & ~SIM_FAULT_ALL) ||
	    per_million > 1000000)
		return -EINVAL;
	pthread_mutex_lock(&m->fault_lock);
	m->fault.prob_classes = per_million ? classes : 0;
	m->fault.per_million = per_million;
	m->fault.prng = seed;
	sim_fault_rearm(m);
	pthread_mutex_unlock(&m->fault_lock);
	return 0;
}

/**
 * sim_fault_clear() - disarm every rule of @m; counters are kept.
 * @m: the machine.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_fault_clear(struct sim_machine *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->fault_lock);
	m->fault.nth_classes = 0;
	m->fault.sticky_classes = 0;
	m->fault.prob_classes = 0;
	sim_fault_rearm(m);
	pthread_mutex_unlock(&m->fault_lock);
}

/**
 * sim_fault_armed() - is any rule of @m still armed?
 * @m: the machine.
 *
 * A fail-nth loop uses this to tell "the operation succeeded before the
 * countdown ran out" (still armed) from "it survived the failure".
 *
 * Context: Any context.
 * Return: true while a countdown or a probability rule is armed.
 */
bool sim_fault_armed(const struct sim_machine *m)
{
	struct sim_machine *mm = (struct sim_machine *)m;
	bool armed;

	if (!m)
		return false;
	pthread_mutex_lock(&mm->fault_lock);
	armed = m->fault.nth_classes || m->fault.prob_classes;
	pthread_mutex_unlock(&mm->fault_lock);
	return armed;
}

/**
 * sim_fault_get_stats() - copy the per-class counters of @m.
 * @m: the machine.
 * @out: receives the counters.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL argument.
 */
int sim_fault_get_stats(const struct sim_machine *m,
			struct sim_fault_stats *out)
{
	struct sim_machine *mm = (struct sim_machine *)m;

	if (!m || !out)
		return -EINVAL;
	pthread_mutex_lock(&mm->fault_lock);
	for (int i = 0; i < SIM_FAULT_NR_CLASSES; i++) {
		out->calls[i] = __atomic_load_n(&m->fault.calls[i],
						__ATOMIC_RELAXED);
		out->injected[i] = __atomic_load_n(&m->fault.injected[i],
						   __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&mm->fault_lock);
	return 0;
}

/**
 * sim_fault_should_fail() - should this allocation be failed?
 * @cls: the call-site class.
 * @size: bytes requested.
 * @gfp: allocation context.
 *
 * Called by every allocation the shim makes; counts it in the attached
 * machine's statistics and applies its rules, then the env hook. A class
 * no rule applies to (the usual case) is counted with one atomic add and
 * takes no lock; an armed one is counted and tested under the fault lock,
 * so a fail-nth countdown fails exactly its nth allocation.
 *
 * Context: Any context.
 * Return: true to fail the allocation. Never for threads attached to no
 * machine or for an unknown class.
 */
bool sim_fault_should_fail(enum sim_fault_class cls, size_t size, gfp_t gfp)
{
	struct sim_machine *m = sim_tls_machine;
	unsigned int bit = SIM_FAULT_BIT(cls);
	bool fail = false;

	if (!m || sim_tls_internal || (unsigned int)cls >= SIM_FAULT_NR_CLASSES)
		return false;
	__atomic_fetch_add(&m->fault.calls[cls], 1, __ATOMIC_RELAXED);
	if (unlikely(__atomic_load_n(&m->fault.armed, __ATOMIC_ACQUIRE) & bit)) {
		pthread_mutex_lock(&m->fault_lock);
		if ((m->fault.nth_classes & bit) &&
		    --m->fault.nth_left == 0) {
			m->fault.nth_classes = 0;
			m->fault.sticky_classes = bit & SIM_FAULT_STICKY;
			sim_fault_rearm(m);
			fail = true;
		} else if (m->fault.sticky_classes & bit) {
			fail = true;
		}
		if (!fail && (m->fault.prob_classes & bit) &&
		    sim_prng_next(&m->fault.prng) % 1000000 <
		    m->fault.per_million)
			fail = true;
		pthread_mutex_unlock(&m->fault_lock);
	}
	if (!fail && m->ops.alloc_should_fail)
		fail = m->ops.alloc_should_fail(m->ops.ctx, cls, size, gfp);
	if (fail)
		__atomic_fetch_add(&m->fault.injected[cls], 1,
				   __ATOMIC_RELAXED);
	return fail;
}

/**
 * should_fail_alloc_page() - should this page allocation fail?
 * @gfp_mask: allocation context.
 * @order: 2^@order pages are requested.
 *
 * The shim's fail_page_alloc: an allocation of class SIM_FAULT_PAGE_ALLOC.
 *
 * Context: Any context.
 * Return: true to fail the allocation.
 */
bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order)
{
	return sim_fault_should_fail(SIM_FAULT_PAGE_ALLOC, PAGE_SIZE << order,
				     gfp_mask);
}

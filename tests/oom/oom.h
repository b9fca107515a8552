/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The fail-nth (OOM) loop shared by the tests of suite `oom`.
 *
 * oom_loop() runs one operation with its N-th internal allocation failed
 * (sim_fault_fail_nth() on SIM_FAULT_ALL), for N = 1, 2, ... until the
 * operation succeeds with the rule still armed. After each failure:
 *  - the operation returned its documented error (or, for an operation
 *    whose failure is benign, OOM_BENIGN: a store that did not cache);
 *  - the machine's state digest is what it was before the call;
 *  - no kmalloc/kmem_cache object is left over (after an RCU drain);
 *  - every invariant checker passes and no violation was recorded.
 * After the success the checkers must pass too.
 */
#ifndef _GCMA_OOM_H
#define _GCMA_OOM_H

#include "harness.h"

/* What an operation returns for a failure that is benign by contract. */
#define OOM_BENIGN	1

/* One operation: returns 0 on success, else -errno or OOM_BENIGN. */
typedef int (*oom_fn)(void *arg);

unsigned long __oom_loop(struct sim_machine *m, const char *name,
			 oom_fn prep, oom_fn run, void *arg, int err,
			 unsigned int may_change, const char *file, int line);

/*
 * oom_loop - the loop above for @run(@arg) on @m; @err is the documented
 * error of an allocation failure (0: only OOM_BENIGN is accepted).
 * Return: how many allocations the successful call made (failure points).
 */
#define oom_loop(m, run, arg, err) \
	__oom_loop(m, #run, NULL, run, arg, err, 0, __FILE__, __LINE__)

/*
 * oom_loop_side_effects - the same for an operation whose failure may
 * leave the side effects the kernel leaves too (a classic CMA allocation
 * keeps the folios it migrated before the failure): the digest parts in
 * @may_change (bits 1 << SIM_DIGEST_...) may differ, no other.
 */
#define oom_loop_side_effects(m, run, arg, err, may_change) \
	__oom_loop(m, #run, NULL, run, arg, err, may_change, __FILE__, \
		   __LINE__)

/*
 * oom_loop_prepared - the same for an operation that does its work even
 * when an allocation fails (an eviction evicts; only the cleancache or
 * frontswap store it makes is lost): before each try, @prep(@arg) sets
 * the precondition up again (reads the page back, checking what it
 * holds) and fails the test if it cannot; the digest is taken after it.
 */
#define oom_loop_prepared(m, prep, run, arg, err, may_change) \
	__oom_loop(m, #run, prep, run, arg, err, may_change, __FILE__, \
		   __LINE__)

/* Every checker of @m; the number of checkers that failed. */
int oom_checkers_failing(struct sim_machine *m);

#endif /* _GCMA_OOM_H */

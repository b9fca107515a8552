// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* The fail-nth loop of suite `oom`; see oom.h. */
#include <stdio.h>

#include "oom.h"
#include "kernel/slab.h"

/* A call that allocates more than this is a runaway loop, not a call. */
#define OOM_MAX_POINTS	100000UL

int oom_checkers_failing(struct sim_machine *m)
{
	int bad = 0;

	bad += gcma_check() != 0;
	bad += cleancache_check() != 0;
	bad += cma_check() != 0;
	bad += sim_page_alloc_check(m) != 0;
	bad += frontswap_check() != 0;
	return bad;
}

static void oom_fail(struct sim_machine *m, const char *name,
		     unsigned long n, const char *what, const char *file,
		     int line)
{
	test_print_violations(m);
	print_error("%s:%d: %s, allocation %lu failed: %s\n", file, line, name,
		    n, what);
	_fail(file, line);
}

static void oom_print_diff(const struct sim_digest *a,
			   const struct sim_digest *b, unsigned int may_change)
{
	unsigned int diff = sim_digest_diff(a, b) & ~may_change;

	for (int p = 0; p < SIM_DIGEST_NR_PARTS; p++)
		if (diff & (1u << p))
			print_error("  digest part %s changed\n",
				    sim_digest_part_name(p));
}

unsigned long __oom_loop(struct sim_machine *m, const char *name,
			 oom_fn prep, oom_fn run, void *arg, int err,
			 unsigned int may_change, const char *file, int line)
{
	long prepared = -1;

	for (unsigned long n = 1; n <= OOM_MAX_POINTS; n++) {
		struct sim_digest before, after;
		long live;
		bool armed;
		int ret;

		if (prep && prep(arg))
			oom_fail(m, name, n, "the preparation failed", file,
				 line);
		test_rcu_drain();
		live = kmalloc_nr_allocated();
		/*
		 * A call that does its work despite the failure may hold
		 * new objects as state (a page on the swap device); once
		 * @prep has set the precondition up again, nothing of the
		 * failed try may be left.
		 */
		if (prep && prepared >= 0 && live != prepared)
			oom_fail(m, name, n - 1, "objects left once prepared again",
				 file, line);
		prepared = live;
		assert_errno(sim_machine_digest(m, &before), 0);
		assert_errno(sim_fault_fail_nth(m, SIM_FAULT_ALL, n), 0);
		ret = run(arg);
		armed = sim_fault_armed(m);
		sim_fault_clear(m);
		if (armed) {
			/* Fewer than n allocations: the call succeeded. */
			if (ret) {
				print_error("%s:%d: %s returned %d with no allocation failed\n",
					    file, line, name, ret);
				_fail(file, line);
			}
			if (oom_checkers_failing(m) || sim_violation_count(m))
				oom_fail(m, name, n, "a checker fails after the success",
					 file, line);
			print_message("# %s: %lu failure points\n", name, n - 1);
			return n - 1;
		}
		if (ret != OOM_BENIGN && (ret != err || !err)) {
			char what[64];

			snprintf(what, sizeof(what), "returned %d, not %d%s",
				 ret, err, ret ? "" : " (success)");
			oom_fail(m, name, n, what, file, line);
		}
		assert_errno(sim_machine_digest(m, &after), 0);
		if (sim_digest_diff(&before, &after) & ~may_change) {
			oom_print_diff(&before, &after, may_change);
			oom_fail(m, name, n, "the state changed", file, line);
		}
		test_rcu_drain();
		if (!prep && kmalloc_nr_allocated() != live) {
			char what[64];

			snprintf(what, sizeof(what), "%ld objects leaked",
				 kmalloc_nr_allocated() - live);
			oom_fail(m, name, n, what, file, line);
		}
		if (oom_checkers_failing(m) || sim_violation_count(m))
			oom_fail(m, name, n, "a checker or a violation", file,
				 line);
	}
	print_error("%s:%d: %s: more than %lu allocations\n", file, line, name,
		    OOM_MAX_POINTS);
	_fail(file, line);
	return 0;
}

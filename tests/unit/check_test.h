/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers for the tests of the invariant checkers' own detection paths
 * (test_*_check.c): a test corrupts one field on purpose, runs the
 * checker, asserts that it failed and named the problem, then puts the
 * field back so the fixture's teardown finds a sound machine.
 */
#ifndef _GCMA_CHECK_TEST_H
#define _GCMA_CHECK_TEST_H

#include <errno.h>
#include <string.h>

#include "harness.h"

/* Is a violation of @kind with @msg in its message recorded? */
static inline bool check_found(const char *kind, const char *msg)
{
	struct sim_machine *m = sim_current_machine();
	unsigned long n = sim_violation_count(m);
	struct sim_violation v;

	for (unsigned long i = 0; i < n; i++)
		if (!sim_violation_get(m, i, &v) && !strcmp(v.kind, kind) &&
		    strstr(v.msg, msg))
			return true;
	return false;
}

/*
 * Fail unless @ret is @want and a recorded violation of @kind has @msg
 * in its message; then clear every recorded violation (one corruption
 * may trip several rules: only the one named is asserted).
 */
static inline void __check_detects(long ret, long want, const char *kind,
				   const char *msg, const char *file,
				   int line)
{
	struct sim_machine *m = sim_current_machine();
	bool found = check_found(kind, msg);

	if (ret != want || !found) {
		test_print_violations(m);
		print_error("%s:%d: checker returned %ld (want %ld); %s violation \"%s\" %s\n",
			    file, line, ret, want, kind, msg,
			    found ? "found" : "missing");
		_fail(file, line);
	}
	sim_violation_clear(m);
}

/* CHECK_DETECTS(gcma_check(), -EUCLEAN, "CHECK", "share pool") */
#define CHECK_DETECTS(call, want, kind, msg) \
	__check_detects((long)(call), (long)(want), (kind), (msg), \
			__FILE__, __LINE__)

/* Fail unless @ret is @want and nothing was recorded. */
#define CHECK_CLEAN(call, want) do {					\
	assert_errno((call), (want));					\
	assert_int_equal(sim_violation_count(sim_current_machine()), 0); \
} while (0)

/* From a thread attached to no machine, @checker returns -ENXIO. */
static inline void check_unattached(int (*checker)(void))
{
	struct sim_machine *m = sim_current_machine();

	assert_errno(sim_thread_detach(), 0);
	assert_errno(checker(), -ENXIO);
	assert_errno(sim_thread_attach(m), 0);
}

#endif /* _GCMA_CHECK_TEST_H */

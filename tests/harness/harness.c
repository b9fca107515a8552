// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Shared CMocka helpers for libgcma's tests; see harness.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kernel/rcupdate.h"
#include "kernel/slab.h"

void __assert_errno(long got, long want, const char *expr,
		    const char *file, int line)
{
	if (got == want)
		return;
	print_error("%s:%d: %s returned %ld (%s), expected %ld (%s)\n",
		    file, line, expr, got, got ? strerror((int)-got) : "success",
		    want, want ? strerror((int)-want) : "success");
	_fail(file, line);
}

uint64_t test_prng(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void test_rcu_drain(void)
{
	rcu_barrier();
}

struct sim_machine *test_machine_up_ops(struct test_machine *tm,
					unsigned long nr_pages,
					unsigned long base_pfn,
					enum sim_data_mode mode,
					const struct sim_env_ops *ops)
{
	struct sim_machine_config cfg = {
		.name = "test",
		.nr_pages = nr_pages,
		.base_pfn = base_pfn,
		.data_mode = mode,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = 1,
		.ops = ops,
	};

	memset(tm, 0, sizeof(*tm));
	tm->live_kmalloc = kmalloc_nr_allocated();
	assert_errno(sim_machine_create(&cfg, &tm->m), 0);
	assert_errno(sim_thread_attach(tm->m), 0);
	return tm->m;
}

struct sim_machine *test_machine_up(struct test_machine *tm,
				    unsigned long nr_pages,
				    unsigned long base_pfn,
				    enum sim_data_mode mode)
{
	return test_machine_up_ops(tm, nr_pages, base_pfn, mode, NULL);
}

void test_print_violations(struct sim_machine *m)
{
	unsigned long n = sim_violation_count(m);
	struct sim_violation v;

	for (unsigned long i = n > 8 ? n - 8 : 0; i < n; i++)
		if (!sim_violation_get(m, i, &v))
			print_error("violation %lu: %s at %s:%d %s(): %s\n", i,
				    v.kind, v.file, v.line, v.func, v.msg);
}

void test_expect_violations(struct sim_machine *m, unsigned long n)
{
	unsigned long got = sim_violation_count(m);

	if (got != n)
		test_print_violations(m);
	sim_violation_clear(m);
	if (got != n)
		fail_msg("expected %lu violations, got %lu", n, got);
}

void test_machine_down(struct test_machine *tm)
{
	unsigned long violations, global;
	long leaked;

	/*
	 * Tear everything down first, so that a failure here cannot leave the
	 * thread attached and break the tests that follow; then judge. Leaks
	 * are counted once the machine is gone (its destruction drains RCU
	 * callbacks and frees its subsystems' state), against the count from
	 * before it was made: per-machine state is not a leak, but anything
	 * its destruction does not free is.
	 */
	test_rcu_drain();
	/* Counted after the detach: a lock held then is reported. */
	sim_thread_detach();
	violations = sim_violation_count(tm->m);
	if (violations)
		test_print_violations(tm->m);
	/* The destruction's own reports outlive it, in the global log. */
	global = sim_violation_count(NULL);
	sim_machine_destroy(tm->m);
	tm->m = NULL;
	global = sim_violation_count(NULL) - global;
	if (global)
		test_print_violations(NULL);
	leaked = kmalloc_nr_allocated() - tm->live_kmalloc;
	if (violations)
		fail_msg("%lu unexpected violations", violations);
	if (global)
		fail_msg("%lu violations destroying the machine", global);
	if (leaked)
		fail_msg("%ld kmalloc objects leaked", leaked);
}

int test_setup_machine(void **state)
{
	struct test_machine *tm = calloc(1, sizeof(*tm));

	if (!tm)
		return -1;
	test_machine_up(tm, 1024, 0, SIM_DATA_NONE);
	*state = tm;
	return 0;
}

int test_teardown_machine(void **state)
{
	struct test_machine *tm = *state;

	test_machine_down(tm);
	free(tm);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The contention model (tools/gcma-sim/contention.c): a request waits
 * for a CPU only while it is runnable. Regression test of issue 14: the
 * old model drew preemptions over the request's whole account, device
 * time included, so a request asleep on 978 writebacks was charged
 * seconds of CPU waits.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "contention.h"

static void model_of(struct scn_scenario *s, struct sched_model *sm)
{
	scn_defaults(s);
	sched_init(sm, s);
}

/* Device time only: no preemption can land in it; one wake-up per sleep. */
static void t_no_wait_over_device_time(void **state)
{
	struct scn_scenario s;
	struct sched_model sm;
	struct sim_cost_account a;
	struct sched_split sp;

	model_of(&s, &sm);
	memset(&a, 0, sizeof(a));
	a.count[SIM_COST_WRITEBACK] = 978;
	a.ns = 978 * s.cost.ns[SIM_COST_WRITEBACK];
	a.wait_ns = 0;
	sched_split(&s.cost, &a, &sp);
	assert_int_equal(sp.cpu_ns, 0);
	assert_int_equal(sp.dev_ns, a.ns);
	assert_int_equal(sp.sleeps, 978);
	/* No wake-up wait either: then nothing at all. */
	sm.wake_ns = 0;
	assert_int_equal(sched_wait(&sm, sp.cpu_ns, sp.sleeps), 0);
	/* With wake-ups: 978 waits of mean 50 µs, far below the device time. */
	sm.wake_ns = 50000;
	assert_true(sched_wait(&sm, sp.cpu_ns, sp.sleeps) < a.ns / 10);
}

/* Queued-write waits are device time; the rest is CPU time. */
static void t_split(void **state)
{
	struct scn_scenario s;
	struct sched_model sm;
	struct sim_cost_account a;
	struct sched_split sp;

	model_of(&s, &sm);
	memset(&a, 0, sizeof(a));
	a.count[SIM_COST_DRAIN] = 1;
	a.count[SIM_COST_DISK_READ] = 2;
	a.wait_ns = 7000;
	a.ns = s.cost.ns[SIM_COST_DRAIN] + 2 * s.cost.ns[SIM_COST_DISK_READ] +
	       a.wait_ns;
	sched_split(&s.cost, &a, &sp);
	assert_int_equal(sp.cpu_ns, s.cost.ns[SIM_COST_DRAIN]);
	assert_int_equal(sp.dev_ns,
			 2 * s.cost.ns[SIM_COST_DISK_READ] + a.wait_ns);
	assert_int_equal(sp.sleeps, 2);
	/* Its CPU time is preempted: with a 1 µs mean interval, surely. */
	sm.wake_ns = 0;
	sm.preempt_ns = 1000;
	assert_true(sched_wait(&sm, sp.cpu_ns, 0) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_no_wait_over_device_time),
		cmocka_unit_test(t_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

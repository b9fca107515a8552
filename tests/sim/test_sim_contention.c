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

/* The default scenario's model and an empty account. */
struct ctx {
	struct scn_scenario s;
	struct sched_model sm;
	struct sim_cost_account a;
	struct sched_split sp;
};

static void ctx_init(struct ctx *c)
{
	memset(c, 0, sizeof(*c));
	scn_defaults(&c->s);
	sched_init(&c->sm, &c->s);
}

/* Device time only: no preemption can land in it; one wake-up per sleep. */
static void t_no_wait_over_device_time(void **state)
{
	struct ctx c;

	ctx_init(&c);
	c.a.count[SIM_COST_WRITEBACK] = 978;
	c.a.ns = 978 * c.s.cost.ns[SIM_COST_WRITEBACK];
	sched_split(&c.s.cost, &c.a, &c.sp);
	assert_int_equal(c.sp.cpu_ns, 0);
	assert_int_equal(c.sp.dev_ns, c.a.ns);
	assert_int_equal(c.sp.sleeps, 978);
	/* No wake-up wait either: then nothing at all. */
	c.sm.wake_ns = 0;
	assert_int_equal(sched_wait(&c.sm, c.sp.cpu_ns, c.sp.sleeps), 0);
	/* With wake-ups: 978 waits of mean 50 µs, far below the device time. */
	c.sm.wake_ns = 50000;
	assert_true(sched_wait(&c.sm, c.sp.cpu_ns, c.sp.sleeps) < c.a.ns / 10);
}

/* Queued-write waits are device time; the rest is CPU time. */
static void t_split(void **state)
{
	struct ctx c;
	const uint64_t *ns = c.s.cost.ns;

	ctx_init(&c);
	c.a.count[SIM_COST_DRAIN] = 1;
	c.a.count[SIM_COST_DISK_READ] = 2;
	c.a.wait_ns = 7000;
	c.a.ns = ns[SIM_COST_DRAIN] + 2 * ns[SIM_COST_DISK_READ] + c.a.wait_ns;
	sched_split(&c.s.cost, &c.a, &c.sp);
	assert_int_equal(c.sp.cpu_ns, ns[SIM_COST_DRAIN]);
	assert_int_equal(c.sp.dev_ns, 2 * ns[SIM_COST_DISK_READ] + c.a.wait_ns);
	assert_int_equal(c.sp.sleeps, 2);
	/* Its CPU time is preempted: with a 1 µs mean interval, surely. */
	c.sm.wake_ns = 0;
	c.sm.preempt_ns = 1000;
	assert_true(sched_wait(&c.sm, c.sp.cpu_ns, 0) > 0);
}

/*
 * [sched] jobs_sleep: with a share @busy of the CPUs kept busy by
 * runnable jobs, preemptions are that much rarer: none at 0, fewer
 * waits at 1/4 than at 1 over the same CPU time and seed.
 */
static void t_busy_share(void **state)
{
	struct ctx full, quarter, idle;
	const uint64_t cpu = 1000000000;	/* 1 s: ~1000 preemptions */
	uint64_t w_full, w_quarter;

	ctx_init(&full);
	ctx_init(&quarter);
	ctx_init(&idle);
	quarter.sm.busy = 0.25;
	idle.sm.busy = 0.0;
	w_full = sched_wait(&full.sm, cpu, 0);
	w_quarter = sched_wait(&quarter.sm, cpu, 0);
	assert_int_equal(sched_wait(&idle.sm, cpu, 0), 0);
	/* Means 2 ms x 1000 and 2 ms x 250: far apart for any seed. */
	assert_true(w_quarter < w_full / 2);
	assert_true(w_quarter > w_full / 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_no_wait_over_device_time),
		cmocka_unit_test(t_split),
		cmocka_unit_test(t_busy_share),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The baseline pass forked off the request pass's warm-up
 * (tools/gcma-sim/baseline_fork.c) prints the same bytes as a baseline
 * pass with a warm-up of its own (GCMA_SIM_BASELINE_FORK=0): results in
 * every format, the trace, one configuration or several at once, several
 * seeds at once; and the fork is really taken (docs/simulator.md,
 * "Speed").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "baseline_fork.h"
#include "sim_test.h"

/* One run with the fork on or off; the output, and the trace in @trace. */
static void run_one(struct sim_out *o, bool fork_on, unsigned long passes,
		    const char *const *args)
{
	unsigned long before = baseline_fork_count();

	if (fork_on)
		assert_int_equal(unsetenv("GCMA_SIM_BASELINE_FORK"), 0);
	else
		assert_int_equal(setenv("GCMA_SIM_BASELINE_FORK", "0", 1), 0);
	sim_run(o, args);
	if (o->status)
		fail_msg("status %d: %s", o->status, o->err);
	/* Each configuration's baseline came from a child, or none did. */
	assert_int_equal(baseline_fork_count() - before, fork_on ? passes : 0);
}

/* The small scenario's three configurations, times @nr_seeds. */
static void same_bytes(const char *fmt, const char *jobs, const char *seeds,
		       unsigned long nr_seeds)
{
	char *scn = sim_write_file(sim_small_scenario);
	char *t_on = sim_write_file(""), *t_off = sim_write_file("");
	const char *a_on[] = { "--scenario", scn, "--format", fmt, "--jobs",
			       jobs, "--quiet", seeds ? "--seeds" : "--trace",
			       seeds ? seeds : t_on, NULL };
	const char *a_off[] = { "--scenario", scn, "--format", fmt, "--jobs",
				jobs, "--quiet", seeds ? "--seeds" : "--trace",
				seeds ? seeds : t_off, NULL };
	struct sim_out on, off;
	size_t lon, loff;
	char *tr_on, *tr_off;

	run_one(&off, false, 0, a_off);
	/* Several seeds do not fork (their drivers are outside the gate). */
	run_one(&on, true, seeds ? 0 : 3 * nr_seeds, a_on);
	assert_int_equal(on.out_len, off.out_len);
	assert_memory_equal(on.out, off.out, off.out_len);
	assert_int_equal(on.err_len, off.err_len);
	assert_memory_equal(on.err, off.err, off.err_len);
	/* The slowdown column needs the baseline: it is in the output. */
	assert_non_null(strstr(on.out, "slowdown"));
	tr_on = sim_read_file(t_on, &lon);
	tr_off = sim_read_file(t_off, &loff);
	assert_int_equal(lon, loff);
	assert_memory_equal(tr_on, tr_off, loff);
	assert_true(seeds || loff > 100);
	free(tr_on);
	free(tr_off);
	sim_out_free(&on);
	sim_out_free(&off);
	sim_remove_file(t_off);
	sim_remove_file(t_on);
	sim_remove_file(scn);
}

static void t_fork_same_bytes(void **state)
{
	static const char *const fmts[] = { "table", "csv", "json" };

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		same_bytes(fmts[f], "1", NULL, 1);
		same_bytes(fmts[f], "2", NULL, 1);
	}
}

/* Seeds at once: no child, and the same bytes as without the fork. */
static void t_fork_seeds_same_bytes(void **state)
{
	same_bytes("json", "2", "1-3", 3);
	same_bytes("csv", "3", "1-2", 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_fork_same_bytes),
		cmocka_unit_test(t_fork_seeds_same_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

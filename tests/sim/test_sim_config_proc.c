// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Each configuration in a process of its own (tools/gcma-sim/
 * config_proc.c) prints the same bytes as each in a thread
 * (GCMA_SIM_CONFIG_FORK=0): results in every format, the trace, the
 * clients' results and meminfo snapshots, one or several configurations
 * at once; the child is really used, its baseline children are counted
 * in the parent, and a run of several seeds keeps its threads.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "baseline_fork.h"
#include "config_proc.h"
#include "sim_test.h"

/*
 * One run with configuration processes on or off; @procs configurations
 * must have run in a child, @forks baselines in a grandchild.
 */
static void run_one(struct sim_out *o, bool procs_on, unsigned long procs,
		    unsigned long forks, const char *const *args)
{
	unsigned long p0 = config_proc_count(), f0 = baseline_fork_count();

	if (procs_on)
		assert_int_equal(unsetenv("GCMA_SIM_CONFIG_FORK"), 0);
	else
		assert_int_equal(setenv("GCMA_SIM_CONFIG_FORK", "0", 1), 0);
	sim_run(o, args);
	if (o->status)
		fail_msg("status %d: %s", o->status, o->err);
	/* A sanitizer build keeps threads (config_proc_supported()). */
	assert_int_equal(config_proc_count() - p0,
			 procs_on && config_proc_supported() ? procs : 0);
	assert_int_equal(baseline_fork_count() - f0, forks);
}

/* @text's scenario in @fmt with --jobs @jobs: the same bytes both ways. */
static void same_bytes(const char *text, const char *fmt, const char *jobs,
		       unsigned long procs, unsigned long forks)
{
	char *scn = sim_write_file(text);
	char *t_on = sim_write_file(""), *t_off = sim_write_file("");
	const char *a_on[] = { "--scenario", scn, "--format", fmt, "--jobs",
			       jobs, "--quiet", "--trace", t_on, NULL };
	const char *a_off[] = { "--scenario", scn, "--format", fmt, "--jobs",
				jobs, "--quiet", "--trace", t_off, NULL };
	struct sim_out on, off;
	size_t lon, loff;
	char *tr_on, *tr_off;

	run_one(&off, false, 0, forks, a_off);
	run_one(&on, true, procs, forks, a_on);
	assert_int_equal(on.out_len, off.out_len);
	assert_memory_equal(on.out, off.out, off.out_len);
	assert_int_equal(on.err_len, off.err_len);
	assert_memory_equal(on.err, off.err, off.err_len);
	tr_on = sim_read_file(t_on, &lon);
	tr_off = sim_read_file(t_off, &loff);
	assert_int_equal(lon, loff);
	assert_memory_equal(tr_on, tr_off, loff);
	/* Every configuration's lines, each request once. */
	assert_true(loff > 100);
	assert_non_null(strstr(tr_on, "gcma.zram,"));
	free(tr_on);
	free(tr_off);
	sim_out_free(&on);
	sim_out_free(&off);
	sim_remove_file(t_off);
	sim_remove_file(t_on);
	sim_remove_file(scn);
}

static void t_same_bytes(void **state)
{
	static const char *const fmts[] = { "table", "csv", "json" };

	(void)state;
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		same_bytes(sim_small_scenario, fmts[f], "1", 3, 3);
		same_bytes(sim_small_scenario, fmts[f], "3", 3, 3);
	}
}

/*
 * Clients (their results and plan cross the socket) with meminfo
 * snapshots; their baseline warms up again in the child, no grandchild.
 */
static void t_clients_same_bytes(void **state)
{
	static const char extra[] =
		"[run]\nmeminfo_every = 5\n"
		"[area.a]\npages = 2048\nguarantee = true\n"
		"[client.c]\narea = a\nsizes = 64:1,128:1\nperiod_us = 3000\n"
		"count = 12\n"
		"[client.d]\narea = a\nsizes = 1\nperiod_us = 700\ncount = 20\n";
	size_t n = strlen(sim_small_scenario) + sizeof(extra);
	char *text = malloc(n);

	(void)state;
	assert_non_null(text);
	snprintf(text, n, "%s%s", sim_small_scenario, extra);
	same_bytes(text, "json", "2", 3, 0);
	same_bytes(text, "table", "1", 3, 0);
	free(text);
}

/* Several seeds: their driver threads keep the configurations. */
static void t_seeds_keep_threads(void **state)
{
	char *scn = sim_write_file(sim_small_scenario);
	const char *args[] = { "--scenario", scn, "--format", "csv", "--jobs",
			       "2", "--quiet", "--seeds", "1-2", NULL };
	unsigned long p0 = config_proc_count();
	struct sim_out o;

	(void)state;
	assert_int_equal(unsetenv("GCMA_SIM_CONFIG_FORK"), 0);
	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_int_equal(config_proc_count(), p0);
	sim_out_free(&o);
	sim_remove_file(scn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_same_bytes),
		cmocka_unit_test(t_clients_same_bytes),
		cmocka_unit_test(t_seeds_keep_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

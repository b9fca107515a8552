// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The app-side and memory accounting (docs/simulator.md, "App-side and
 * memory accounting"): meminfo snapshots at the chosen interval and at
 * the end, with the area shown as CMA or as a carveout; the background
 * section; and the warning for a configuration that never came under
 * memory pressure (a machine far larger than its workload), which the
 * small scenario, which is under pressure, does not get.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim_test.h"

static int count(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The small scenario with snapshots every 4 requests (16 in all). */
static void t_meminfo_interval(void **state)
{
	size_t len = strlen(sim_small_scenario) + 64;
	char *text = malloc(len);
	char *path;
	const char *args[] = { "--scenario", NULL, "--quiet", NULL };
	struct sim_out o;

	assert_non_null(text);
	snprintf(text, len, "%s[run]\nmeminfo_every = 4\n",
		 sim_small_scenario);
	/* The small scenario has a [run] section already: a second one. */
	path = sim_write_file(text);
	free(text);
	args[1] = path;
	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	/* After 4, 8 and 12 requests, and at the end (16). */
	for (int c = 0; c < 3; c++) {
		static const char *const cfg[] = { "cma", "gcma", "gcma.zram" };
		char what[64];

		for (int at = 4; at <= 16; at += 4) {
			snprintf(what, sizeof(what),
				 "meminfo %s after %d requests (kB): MemTotal=65536 ",
				 cfg[c], at);
			assert_int_equal(count(o.out, what), 1);
		}
	}
	assert_int_equal(count(o.out, "meminfo "), 12);
	/* The area: CMA for cma, a carveout for the GCMA configurations. */
	assert_int_equal(count(o.out, "CmaTotal=16384 CmaFree="), 4);
	assert_int_equal(count(o.out, "CmaTotal=0 CmaFree=0 Carveout=16384 "),
			 8);
	assert_non_null(strstr(o.out, "\nbackground (virtual s;"));
	assert_non_null(strstr(o.out, "\napp gcma: disk_reads="));
	assert_null(strstr(o.out, "memory pressure"));
	assert_null(strstr(o.err, "memory pressure"));
	sim_out_free(&o);
	sim_remove_file(path);
}

/* A 64 MiB machine for a workload of a few hundred pages: no pressure. */
static void t_no_pressure_warning(void **state)
{
	char *path = sim_write_file(
		"[run]\nthreads = 2\nconfigs = cma,gcma\n"
		"[machine]\npages = 16384\narea_pages = 4096\n"
		"[workload]\njobs = 2\nsrc_pages = 200\nunit_pages = 16\n"
		"hdr_pages = 100\nanon_pages = 32\nobj_pages = 64\n"
		"warmup_steps = 100\nsteps = 2\n"
		"[pins]\nodirect = 0\nvmsplice = 0\nlongterm = 0\n"
		"[requests]\nsizes = 1, 64\nrepeat = 2\n");
	const char *args[] = { "--scenario", path, "--quiet", "--format",
			       "json", NULL };
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.err, "gcma-sim: warning: cma never came under memory pressure"));
	assert_non_null(strstr(o.err, "gcma-sim: warning: gcma never came under memory pressure"));
	assert_int_equal(count(o.out, "\"memory_pressure\": false"), 2);
	sim_out_free(&o);
	sim_remove_file(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_meminfo_interval),
		cmocka_unit_test(t_no_pressure_warning),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

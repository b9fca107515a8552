// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The default scenario against the published figures of the 2015 GCMA
 * RFC v2 evaluation (shared/reference/kernel-gcma.md §3.3), the issue's
 * acceptance properties:
 *   - for each of cma and gcma, the simulated average is within 3x of the
 *     published average (either way) for at least 7 of the 8 sizes;
 *   - for 1024 pages and up, cma's maximum is at least 10x gcma's.
 * Suite `scenario`, part of the default setup (docs/results.md).
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

#define NR_SIZES	8

static const unsigned long sizes[NR_SIZES] = {
	1, 512, 1024, 2048, 4096, 8192, 16384, 32000,
};

/* Published avg and max in µs: [0] cma, [1] gcma. */
static const double pub_avg[2][NR_SIZES] = {
	{ 684, 1162, 12303, 33084, 298640, 407076, 657603, 641340 },
	{ 26, 2002, 3495, 5983, 13091, 17519, 30474, 44675 },
};
static const double pub_max[2][NR_SIZES] = {
	{ 2853, 2382, 184703, 790727, 2768349, 3496211, 4132546, 3910423 },
	{ 279, 10140, 17426, 27027, 86887, 75976, 98087, 92502 },
};

static void t_published(void **state)
{
	const char *args[] = { "--config", "cma,gcma", "--format", "csv",
			       "--quiet", NULL };
	double avg[2][NR_SIZES] = { { 0 } }, max[2][NR_SIZES] = { { 0 } };
	int within[2] = { 0, 0 }, seen = 0;
	bool max_ok = true;
	struct sim_out o;
	char *line;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	line = strtok(o.out, "\n");	/* the header */
	while ((line = strtok(NULL, "\n"))) {
		char cfg[16];
		unsigned long pages;
		double mn, mx, av;
		int c, i;

		assert_int_equal(sscanf(line, "%15[^,],%lu,%lf,%lf,%lf", cfg,
					&pages, &mn, &mx, &av), 5);
		c = strcmp(cfg, "cma") ? 1 : 0;
		for (i = 0; i < NR_SIZES && sizes[i] != pages; i++)
			;
		assert_true(i < NR_SIZES);
		avg[c][i] = av;
		max[c][i] = mx;
		seen++;
	}
	assert_int_equal(seen, 2 * NR_SIZES);
	for (int i = 0; i < NR_SIZES; i++) {
		for (int c = 0; c < 2; c++) {
			double r = avg[c][i] / pub_avg[c][i];

			within[c] += r >= 1.0 / 3 && r <= 3.0;
		}
		print_message("# %5lu pages: cma avg %.0f (pub %.0f) max %.0f (pub %.0f); gcma avg %.0f (pub %.0f) max %.0f (pub %.0f)\n",
			      sizes[i], avg[0][i], pub_avg[0][i], max[0][i],
			      pub_max[0][i], avg[1][i], pub_avg[1][i],
			      max[1][i], pub_max[1][i]);
		if (sizes[i] >= 1024 && max[0][i] < 10 * max[1][i]) {
			print_message("# %lu pages: cma max %.0f < 10 x gcma max %.0f\n",
				      sizes[i], max[0][i], max[1][i]);
			max_ok = false;
		}
	}
	print_message("# avg within 3x of published: cma %d/8, gcma %d/8 (need 7)\n",
		      within[0], within[1]);
	sim_out_free(&o);
	assert_true(within[0] >= 7);
	assert_true(within[1] >= 7);
	assert_true(max_ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_published),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The default scenario against the published figures of the 2015 GCMA
 * RFC v2 evaluation (shared/reference/kernel-gcma.md §3.3), the issue's
 * goals (docs/results.md):
 *   - for each of cma and gcma, the simulated average is within 3x of the
 *     published average (either way) for at least 7 of the 8 sizes
 *     (gcma.zram's count is printed, not asserted: the model lacks what
 *     made the board's gcma.zram rows tight, docs/results.md);
 *   - for 1024 pages and up, cma's maximum is at least 10x gcma's;
 *   - the background's slowdown in the published order, cma > gcma >=
 *     gcma.zram > 0, with cma's within 2x of the published 3.2%.
 * It runs seed 1, where the defaults were chosen: a regression check that
 * the defaults still give what docs/results.md reports, not the goal's
 * judgement. The goals are judged on ten seeds (docs/results.md "Ten
 * seeds"), where cma has 6 of 8 averages within 3x (docs/simulator.md
 * "Calibration", "Judged at ten seeds").
 * Suite `scenario`, part of the default setup.
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
#define NR_CFG		3

static const unsigned long sizes[NR_SIZES] = {
	1, 512, 1024, 2048, 4096, 8192, 16384, 32000,
};
static const char *const cfg_names[NR_CFG] = { "cma", "gcma", "gcma.zram" };

/* Published avg and max in µs: [0] cma, [1] gcma, [2] gcma.zram. */
static const double pub_avg[NR_CFG][NR_SIZES] = {
	{ 684, 1162, 12303, 33084, 298640, 407076, 657603, 641340 },
	{ 26, 2002, 3495, 5983, 13091, 17519, 30474, 44675 },
	{ 101, 600, 1192, 2829, 4780, 10580, 22491, 249453 },
};
static const double pub_max[NR_CFG][NR_SIZES] = {
	{ 2853, 2382, 184703, 790727, 2768349, 3496211, 4132546, 3910423 },
	{ 279, 10140, 17426, 27027, 86887, 75976, 98087, 92502 },
	{ 274, 648, 1284, 3781, 6046, 11386, 23641, 654966 },
};

static int cfg_index(const char *name)
{
	for (int c = 0; c < NR_CFG; c++)
		if (!strcmp(name, cfg_names[c]))
			return c;
	fail_msg("unknown configuration %s", name);
	return -1;
}

static void t_published(void **state)
{
	const char *args[] = { "--format", "json", "--quiet", NULL };
	double avg[NR_CFG][NR_SIZES] = { { 0 } };
	double max[NR_CFG][NR_SIZES] = { { 0 } };
	double slow[NR_CFG] = { 0 };
	int within[NR_CFG] = { 0 }, seen = 0, slowed = 0;
	bool max_ok = true;
	struct sim_out o;
	char *line;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	for (line = strtok(o.out, "\n"); line; line = strtok(NULL, "\n")) {
		char cfg[16];
		unsigned long pages;
		double mn, mx, av;
		int c, i;

		if (sscanf(line, " {\"config\": \"%15[^\"]\", \"pages\": %lu, \"min_us\": %lf, \"max_us\": %lf, \"avg_us\": %lf",
			   cfg, &pages, &mn, &mx, &av) == 5) {
			c = cfg_index(cfg);
			for (i = 0; i < NR_SIZES && sizes[i] != pages; i++)
				;
			assert_true(i < NR_SIZES);
			avg[c][i] = av;
			max[c][i] = mx;
			seen++;
		} else if (sscanf(line, " {\"config\": \"%15[^\"]\", \"bg_slowdown_pct\": %lf",
				  cfg, &av) == 2) {
			slow[cfg_index(cfg)] = av;
			slowed++;
		}
	}
	assert_int_equal(seen, NR_CFG * NR_SIZES);
	assert_int_equal(slowed, NR_CFG);
	for (int i = 0; i < NR_SIZES; i++) {
		for (int c = 0; c < NR_CFG; c++) {
			double r = avg[c][i] / pub_avg[c][i];

			within[c] += r >= 1.0 / 3 && r <= 3.0;
			print_message("# %-9s %5lu pages: avg %.0f (pub %.0f, %.2fx) max %.0f (pub %.0f)\n",
				      cfg_names[c], sizes[i], avg[c][i],
				      pub_avg[c][i], r, max[c][i],
				      pub_max[c][i]);
		}
		if (sizes[i] >= 1024 && max[0][i] < 10 * max[1][i]) {
			print_message("# %lu pages: cma max %.0f < 10 x gcma max %.0f\n",
				      sizes[i], max[0][i], max[1][i]);
			max_ok = false;
		}
	}
	print_message("# avg within 3x of published: cma %d/8, gcma %d/8 (need 7), gcma.zram %d/8 (not asserted)\n",
		      within[0], within[1], within[2]);
	print_message("# slowdown %%: cma %.2f (pub 3.2), gcma %.2f (pub 1.4), gcma.zram %.2f (pub 1.2)\n",
		      slow[0], slow[1], slow[2]);
	sim_out_free(&o);
	assert_true(within[0] >= 7);
	assert_true(within[1] >= 7);
	assert_true(max_ok);
	assert_true(slow[0] > slow[1]);
	assert_true(slow[1] >= slow[2]);
	assert_true(slow[2] > 0);
	assert_true(slow[0] >= 3.2 / 2 && slow[0] <= 3.2 * 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_published),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

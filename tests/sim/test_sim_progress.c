// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The progress line (tools/gcma-sim/progress.c): --progress=always into
 * a file draws percentages that never go back, cover the warm-up and
 * the requests and end at 100%, across every seed of --seeds too; the
 * default (auto) into a pipe draws nothing; a bad value is refused.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "sim_test.h"

/*
 * Every "gcma-sim NNN%" line of @err (lines end with \r or \n): the
 * percentages must not go back and must end at 100; returns how many
 * lines there were, and whether one was drawn during a warm-up and one
 * during the requests.
 */
static int check_lines(char *err, bool *warmup, bool *requests)
{
	int nr = 0, last = -1;
	char *save, *line;

	*warmup = *requests = false;
	for (line = strtok_r(err, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		int pct;

		if (sscanf(line, "gcma-sim %d%%", &pct) != 1)
			continue;
		if (pct < last)
			fail_msg("progress went back from %d%% to %d%%: '%s'",
				 last, pct, line);
		assert_true(pct <= 100);
		assert_non_null(strstr(line, "ETA "));
		if (pct < 100 && strstr(line, ": warm-up"))
			*warmup = true;
		if (pct < 100 && strstr(line, ": requests"))
			*requests = true;
		last = pct;
		nr++;
	}
	if (nr)
		assert_int_equal(last, 100);
	return nr;
}

static void t_always_into_file(void **state)
{
	char *small = sim_write_file(sim_small_scenario);
	const char *args[] = { "--scenario", small, "--quiet",
			       "--progress=always", NULL };
	bool warmup, requests;
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_true(check_lines(o.err, &warmup, &requests) >= 3);
	assert_true(warmup);
	assert_true(requests);
	sim_out_free(&o);
	sim_remove_file(small);
}

/*
 * Two seeds, one after the other (--jobs 1): one line whose total covers
 * both, so the second seed does not start again at 0%, and the phase
 * names the seed.
 */
static void t_two_seeds_one_line(void **state)
{
	char *small = sim_write_file(sim_small_scenario);
	const char *args[] = { "--scenario", small, "--quiet", "--seeds", "1-2",
			       "--jobs", "1", "--config", "gcma",
			       "--progress=always", NULL };
	bool warmup, requests;
	struct sim_out o;
	char *copy;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.err, "seed 1 gcma: warm-up"));
	assert_non_null(strstr(o.err, "seed 2 gcma: requests"));
	copy = strdup(o.err);
	assert_non_null(copy);
	assert_true(check_lines(copy, &warmup, &requests) >= 3);
	assert_true(warmup);
	assert_true(requests);
	free(copy);
	sim_out_free(&o);
	sim_remove_file(small);
}

/* auto (the default) with stderr on a pipe: not a byte of progress. */
static void t_auto_into_pipe(void **state)
{
	char *small = sim_write_file(sim_small_scenario);
	const char *args[] = { "gcma-sim", "--scenario", small,
			       "--config", "gcma", NULL };
	char buf[65536];
	FILE *out, *err;
	int fds[2], status;
	ssize_t n;
	size_t len = 0;

	assert_int_equal(pipe(fds), 0);
	err = fdopen(fds[1], "w");
	out = fopen("/dev/null", "w");
	assert_non_null(err);
	assert_non_null(out);
	/* What it may print (the seed line) fits the pipe's buffer. */
	status = sim_cli_main(5, (char **)args, out, err);
	fclose(err);
	fclose(out);
	while ((n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	buf[len] = '\0';
	assert_int_equal(status, 0);
	assert_non_null(strstr(buf, "gcma-sim: scenario "));
	if (strchr(buf, '%') || strchr(buf, '\r'))
		fail_msg("progress on a pipe: '%s'", buf);
	sim_remove_file(small);
}

static void t_bad_mode(void **state)
{
	const char *args[] = { "--progress=sometimes", NULL };
	const char *twice[] = { "--progress=never", "--progress=always",
				NULL };
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, SIM_EXIT_USAGE);
	assert_non_null(strstr(o.err,
		"gcma-sim: --progress: 'sometimes' is not auto, always or never"));
	sim_out_free(&o);
	sim_run(&o, twice);
	assert_int_equal(o.status, SIM_EXIT_USAGE);
	assert_non_null(strstr(o.err, "gcma-sim: --progress given twice"));
	sim_out_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_always_into_file),
		cmocka_unit_test(t_two_seeds_one_line),
		cmocka_unit_test(t_auto_into_pipe),
		cmocka_unit_test(t_bad_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

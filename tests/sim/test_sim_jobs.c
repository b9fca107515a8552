// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim --jobs: configurations on parallel machines, and seeds run at
 * once, print the same bytes as a serial run (results in every format
 * and the trace), and the option's value is checked (docs/simulator.md,
 * "Speed").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "sim_test.h"

/* The whole of file @path, NUL-terminated; *@len its size. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	FILE *mem;
	int ch;

	assert_non_null(f);
	mem = open_memstream(&buf, &cap);
	assert_non_null(mem);
	while ((ch = fgetc(f)) != EOF)
		fputc(ch, mem);
	fclose(f);
	assert_int_equal(fclose(mem), 0);
	*len = cap;
	return buf;
}

/*
 * Run the small scenario with --jobs @jobs in @fmt, either with one seed
 * and a trace into @trace or with --seeds @seeds (a trace takes one seed).
 */
static void run_jobs(struct sim_out *o, const char *scn, const char *fmt,
		     const char *jobs, const char *trace, const char *seeds)
{
	const char *args[] = { "--scenario", scn, "--format", fmt, "--jobs",
			       jobs, "--quiet", seeds ? "--seeds" : "--trace",
			       seeds ? seeds : trace, NULL };

	sim_run(o, args);
	if (o->status)
		fail_msg("--jobs %s: status %d: %s", jobs, o->status, o->err);
}

/* --jobs 1 and each of @jobs give the same bytes in every format. */
static void same_bytes(const char *seeds, const char *const *jobs,
		       size_t nr_jobs)
{
	static const char *const fmts[] = { "table", "csv", "json" };
	char *scn = sim_write_file(sim_small_scenario);
	char *t_serial = sim_write_file(""), *t_par = sim_write_file("");

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		struct sim_out serial;
		size_t slen;
		char *strace;

		run_jobs(&serial, scn, fmts[f], "1", t_serial, seeds);
		strace = read_all(t_serial, &slen);
		assert_true(seeds || slen > 100);
		for (size_t j = 0; j < nr_jobs; j++) {
			struct sim_out par;
			size_t plen;
			char *ptrace;

			run_jobs(&par, scn, fmts[f], jobs[j], t_par, seeds);
			ptrace = read_all(t_par, &plen);
			/* Byte for byte, the lengths first. */
			assert_int_equal(par.out_len, serial.out_len);
			assert_memory_equal(par.out, serial.out, serial.out_len);
			assert_int_equal(plen, slen);
			assert_memory_equal(ptrace, strace, slen);
			free(ptrace);
			sim_out_free(&par);
		}
		free(strace);
		sim_out_free(&serial);
	}
	sim_remove_file(t_par);
	sim_remove_file(t_serial);
	sim_remove_file(scn);
}

static void t_jobs_same_bytes(void **state)
{
	static const char *const jobs[] = { "2", "3", "0" };

	same_bytes(NULL, jobs, sizeof(jobs) / sizeof(jobs[0]));
}

/* Seeds at once (one budget across them) and one after the other. */
static void t_seeds_jobs_same_bytes(void **state)
{
	static const char *const jobs[] = { "2", "0" };

	same_bytes("1-3", jobs, sizeof(jobs) / sizeof(jobs[0]));
}

static void t_jobs_bad_value(void **state)
{
	static const char *const bad[] = { "65", "-1", "x", "", "2k" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *args[] = { "--jobs", bad[i], NULL };
		struct sim_out o;

		sim_run(&o, args);
		assert_int_equal(o.status, SIM_EXIT_USAGE);
		assert_non_null(strstr(o.err, "--jobs"));
		assert_int_equal(o.out_len, 0);
		sim_out_free(&o);
	}
	{
		const char *args[] = { "--jobs", "1", "--jobs", "2", NULL };
		struct sim_out o;

		sim_run(&o, args);
		assert_int_equal(o.status, SIM_EXIT_USAGE);
		assert_non_null(strstr(o.err, "--jobs given twice"));
		sim_out_free(&o);
	}
}

/* --jobs overrides [run] threads: the dump shows the value used. */
static void t_jobs_overrides_threads(void **state)
{
	const char *args[] = { "--jobs", "7", "--dump-scenario", NULL };
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out, "\nthreads = 7\n"));
	sim_out_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_jobs_same_bytes),
		cmocka_unit_test(t_seeds_jobs_same_bytes),
		cmocka_unit_test(t_jobs_bad_value),
		cmocka_unit_test(t_jobs_overrides_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

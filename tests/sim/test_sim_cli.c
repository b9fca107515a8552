// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim's command line: options and exit codes, determinism (one seed,
 * identical bytes, whatever the number of threads), and the CSV and JSON
 * outputs holding the same numbers as the table. Runs a small scenario.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "report.h"
#include "sim_test.h"

static void expect_usage(const char *const *args, const char *needle)
{
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, SIM_EXIT_USAGE);
	if (!strstr(o.err, needle))
		fail_msg("stderr '%s' lacks '%s'", o.err, needle);
	assert_int_equal(o.out_len, 0);
	sim_out_free(&o);
}

static void t_options(void **state)
{
	const char *help[] = { "--help", NULL };
	const char *bad_opt[] = { "--nosuch", NULL };
	const char *bad_fmt[] = { "--format", "xml", NULL };
	const char *bad_seed[] = { "--seed", "-1", NULL };
	const char *bad_seed2[] = { "--seed", "12abc", NULL };
	const char *bad_cfg[] = { "--config", "cma,foo", NULL };
	const char *empty_cfg[] = { "--config", "gcma,", NULL };
	const char *extra[] = { "extra", NULL };
	const char *no_value[] = { "--seed", NULL };
	struct sim_out o;

	sim_run(&o, help);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out, "usage: gcma-sim"));
	assert_non_null(strstr(o.out, "Examples:"));
	assert_int_equal(o.err_len, 0);
	sim_out_free(&o);

	expect_usage(bad_opt, "unknown option '--nosuch'");
	expect_usage(bad_fmt, "--format: 'xml' is not table, csv or json");
	expect_usage(bad_seed, "--seed: '-1' is not an unsigned 64-bit number");
	expect_usage(bad_seed2, "--seed: '12abc'");
	expect_usage(bad_cfg, "--config: unknown configuration 'foo'");
	expect_usage(empty_cfg, "--config: empty element in 'gcma,'");
	expect_usage(extra, "unexpected argument 'extra'");
	expect_usage(no_value, "--seed needs a value");
}

/*
 * An option given twice is refused (the second does not silently win);
 * a number is decimal or 0x hex, nothing before or after it; an output
 * may not overwrite the scenario or the other output.
 */
static void t_options_strict(void **state)
{
	const char *two_scn[] = { "--scenario", "/nonexistent/a.ini",
				  "--scenario", "/nonexistent/b.ini", NULL };
	const char *two_seeds[] = { "--seed", "1", "--seed", "2", NULL };
	const char *two_fmts[] = { "--format", "csv", "--format", "csv", NULL };
	const char *two_cfgs[] = { "--config", "cma", "--config", "gcma", NULL };
	const char *two_traces[] = { "--trace", "/tmp/a", "--trace", "/tmp/b",
				     NULL };
	const char *two_plots[] = { "--plot", "/tmp/a", "--plot", "/tmp/b",
				    NULL };
	const char *blank_seed[] = { "--seed", " -1", NULL };
	const char *plus_seed[] = { "--seed", "+1", NULL };
	const char *mid_cfg[] = { "--config", "cma,,gcma", NULL };
	const char *lead_cfg[] = { "--config", ",gcma", NULL };
	const char *dec_seed[] = { "--seed", "010", "--dump-scenario", NULL };
	char *scn = sim_write_file(sim_small_scenario);
	char other[64];		/* the same file by another name */
	const char *same_trace[] = { "--scenario", scn, "--trace", other,
				     NULL };
	const char *same_plot[] = { "--scenario", scn, "--plot", scn, NULL };
	const char *trace_plot[] = { "--trace", "/tmp/x.png", "--plot",
				     "/tmp/x.png", NULL };
	struct sim_out o;

	expect_usage(two_scn, "gcma-sim: --scenario given twice\n");
	expect_usage(two_seeds, "gcma-sim: --seed given twice\n");
	expect_usage(two_fmts, "gcma-sim: --format given twice\n");
	expect_usage(two_cfgs, "gcma-sim: --config given twice\n");
	expect_usage(two_traces, "gcma-sim: --trace given twice\n");
	expect_usage(two_plots, "gcma-sim: --plot given twice\n");
	expect_usage(blank_seed, "--seed: ' -1' is not an unsigned 64-bit number");
	expect_usage(plus_seed, "--seed: '+1' is not an unsigned 64-bit number");
	expect_usage(mid_cfg, "--config: empty element in 'cma,,gcma'");
	expect_usage(lead_cfg, "--config: empty element in ',gcma'");
	snprintf(other, sizeof(other), "/tmp/.%s", scn + 4);
	expect_usage(same_trace, "gcma-sim: --trace and --scenario name the same file\n");
	expect_usage(same_plot, "gcma-sim: --plot and --scenario name the same file\n");
	expect_usage(trace_plot, "gcma-sim: --trace and --plot name the same file\n");
	sim_run(&o, dec_seed);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out, "\nseed = 10\n"));
	sim_out_free(&o);
	sim_remove_file(scn);
}

/* Results written to @out (a full device): exit 3, a message naming it. */
static void expect_out_full(const char *const *args, const char *msg)
{
	FILE *full = fopen("/dev/full", "w");
	struct sim_out o;

	assert_non_null(full);
	sim_run_to(&o, full, args);
	fclose(full);
	assert_int_equal(o.status, SIM_EXIT_OUTPUT);
	if (!strstr(o.err, msg))
		fail_msg("stderr '%s' lacks '%s'", o.err, msg);
	sim_out_free(&o);
}

/*
 * Every output is checked: results, help and the scenario dump on a full
 * disk, the --trace file on a full disk. Exit 3 and a message naming the
 * output, never a silent exit 0.
 */
static void t_output_errors(void **state)
{
	char *path = sim_write_file(sim_small_scenario);
	const char *help[] = { "--help", NULL };
	const char *dump[] = { "--dump-scenario", NULL };
	const char *run[] = { "--scenario", path, "--config", "gcma",
			      "--quiet", NULL };
	const char *trace[] = { "--scenario", path, "--config", "gcma",
				"--quiet", "--trace", "/dev/full", NULL };
	const char *no_trace[] = { "--scenario", path, "--quiet", "--trace",
				   "/nonexistent/t.csv", NULL };
	const char *enospc = "gcma-sim: standard output: No space left on device\n";
	struct sim_out o;

	expect_out_full(help, enospc);
	expect_out_full(dump, enospc);
	expect_out_full(run, enospc);
	sim_run(&o, trace);
	assert_int_equal(o.status, SIM_EXIT_OUTPUT);
	assert_string_equal(o.err,
		"gcma-sim: --trace /dev/full: No space left on device\n");
	sim_out_free(&o);
	expect_usage(no_trace,
		     "gcma-sim: --trace /nonexistent/t.csv: No such file or directory\n");
	sim_remove_file(path);
}

/* A directory with an executable "gnuplot" running @script, for PATH. */
static char *fake_gnuplot(const char *script)
{
	char *dir = strdup("/tmp/gcma-sim-gnuplot-XXXXXX");
	char file[64];
	FILE *f;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/gnuplot", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", script);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(file, 0755), 0);
	return dir;
}

static void fake_gnuplot_remove(char *dir)
{
	char file[64];

	snprintf(file, sizeof(file), "%s/gnuplot", dir);
	unlink(file);
	rmdir(dir);
	free(dir);
}

/* Run with --plot @png and "gnuplot" from @bin first in PATH. */
static void run_plot(struct sim_out *o, const char *scn, const char *png,
		     const char *bin)
{
	const char *args[] = { "--scenario", scn, "--config", "gcma",
			       "--format", "csv", "--quiet", "--plot", png,
			       NULL };
	char *saved = strdup(getenv("PATH") ? getenv("PATH") : "");
	char path[4096];

	assert_non_null(saved);
	snprintf(path, sizeof(path), "%s:%s", bin, saved);
	setenv("PATH", path, 1);
	sim_run(o, args);
	setenv("PATH", saved, 1);
	free(saved);
}

/* The names in @dir but "." and "..", space-separated, sorted. */
static void dir_names(const char *dir, char *buf, size_t len)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);

	assert_true(n >= 0);
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, ".."))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 buf[0] ? " " : "", list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

/* @dir holds @file alone, and @file holds the @len bytes @want. */
static void expect_only_file(const char *dir, const char *file,
			     const char *want, size_t len)
{
	char names[256], got[16];
	FILE *f;

	dir_names(dir, names, sizeof(names));
	assert_string_equal(names, strrchr(file, '/') + 1);
	f = fopen(file, "rb");
	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof(got), f), len);
	fclose(f);
	assert_memory_equal(got, want, len);
}

/*
 * --plot end to end, without needing gnuplot: a fake gnuplot first in
 * PATH. A PNG that cannot be created is refused before the run (exit 2);
 * gnuplot failing, or exiting 0 without writing a PNG, is exit 3 with a
 * message, no file, no temporary left, an existing file untouched; the
 * PNG never goes to stdout. A gnuplot that writes one: the file.
 */
static void t_plot_errors(void **state)
{
	char *scn = sim_write_file(sim_small_scenario);
	char dir[] = "/tmp/gcma-sim-png-XXXXXX";
	const char *nodir[] = { "--scenario", scn, "--format", "csv", "--plot",
				"/nonexistent/x.png", NULL };
	char *fails = fake_gnuplot("cat >/dev/null; echo 'fake gnuplot: failing' >&2; exit 1");
	char *silent = fake_gnuplot("cat >/dev/null; exit 0");
	char *works = fake_gnuplot("cat >/dev/null; printf '\\211PNG\\r\\n\\032\\n'");
	char png[64], names[256];
	struct sim_out o;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(png, sizeof(png), "%s/lat.png", dir);
	expect_usage(nodir,
		     "gcma-sim: --plot /nonexistent/x.png: cannot create: No such file or directory\n");

	run_plot(&o, scn, png, fails);
	assert_int_equal(o.status, SIM_EXIT_OUTPUT);
	assert_non_null(strstr(o.err, "gnuplot failed (exit status 1); no plot written"));
	assert_non_null(strstr(o.out, "\ngcma,1,"));	/* the results are out */
	dir_names(dir, names, sizeof(names));
	assert_string_equal(names, "");
	sim_out_free(&o);

	run_plot(&o, scn, png, silent);
	assert_int_equal(o.status, SIM_EXIT_OUTPUT);
	assert_non_null(strstr(o.err, "gnuplot wrote no PNG; no plot written"));
	dir_names(dir, names, sizeof(names));
	assert_string_equal(names, "");
	sim_out_free(&o);

	f = fopen(png, "w");
	assert_non_null(f);
	fputs("old", f);
	fclose(f);
	run_plot(&o, scn, png, fails);
	assert_int_equal(o.status, SIM_EXIT_OUTPUT);
	expect_only_file(dir, png, "old", 3);
	sim_out_free(&o);

	run_plot(&o, scn, png, works);
	if (o.status)
		fail_msg("status %d: %s", o.status, o.err);
	assert_null(memchr(o.out, 0x89, o.out_len));
	/* The latency chart, the app-side chart, one CDF per configuration. */
	dir_names(dir, names, sizeof(names));
	assert_string_equal(names, "lat-app.png lat-cdf-gcma.png lat.png");
	snprintf(names, sizeof(names), "%s/lat-app.png", dir);
	unlink(names);
	snprintf(names, sizeof(names), "%s/lat-cdf-gcma.png", dir);
	unlink(names);
	expect_only_file(dir, png, "\x89PNG\r\n\x1a\n", 8);
	sim_out_free(&o);

	unlink(png);
	rmdir(dir);
	fake_gnuplot_remove(fails);
	fake_gnuplot_remove(silent);
	fake_gnuplot_remove(works);
	sim_remove_file(scn);
}

/* Run the small scenario with @extra options; the output in @o. */
static void run_small(struct sim_out *o, const char *path, const char *fmt,
		      const char *seed)
{
	const char *args[] = { "--scenario", path, "--format", fmt, "--seed",
			       seed, "--quiet", NULL };

	sim_run(o, args);
	if (o->status)
		fail_msg("status %d: %s", o->status, o->err);
	assert_int_equal(o->err_len, 0);	/* --quiet */
}

static void t_deterministic(void **state)
{
	char *path = sim_write_file(sim_small_scenario);
	char *serial;
	struct sim_out a, b, c, d;

	run_small(&a, path, "table", "5");
	run_small(&b, path, "table", "5");
	assert_string_equal(a.out, b.out);
	assert_non_null(strstr(a.out, "seed 5"));
	/* The same with one configuration at a time. */
	{
		size_t n = strlen(sim_small_scenario) + 64;

		serial = malloc(n);
		assert_non_null(serial);
		snprintf(serial, n, "%s[run]\nthreads = 1\n",
			 strstr(sim_small_scenario, "[machine]"));
	}
	sim_remove_file(path);
	path = sim_write_file(serial);
	run_small(&c, path, "table", "5");
	assert_string_equal(a.out + strcspn(a.out, "\n"),
			    c.out + strcspn(c.out, "\n"));
	/* Another seed, other numbers. */
	run_small(&d, path, "table", "6");
	assert_string_not_equal(a.out + strcspn(a.out, "\n"),
				d.out + strcspn(d.out, "\n"));
	sim_out_free(&a);
	sim_out_free(&b);
	sim_out_free(&c);
	sim_out_free(&d);
	free(serial);
	sim_remove_file(path);
}

struct row {
	char f[8][32];
};

/*
 * The table's result rows (8 columns, a number of pages second), up to
 * the per-configuration sections (the slowdown's header).
 */
static int table_rows(char *text, struct row *rows, int max)
{
	int n = 0;

	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		struct row r;
		unsigned long pages;

		if (strstr(line, "bg_slowdown_pct"))
			break;
		if (sscanf(line, "%31s %31s %31s %31s %31s %31s %31s %31s",
			   r.f[0], r.f[1], r.f[2], r.f[3], r.f[4], r.f[5],
			   r.f[6], r.f[7]) != 8 ||
		    sscanf(r.f[1], "%lu", &pages) != 1)
			continue;
		assert_true(n < max);
		rows[n++] = r;
	}
	return n;
}

/* Scan @line with @fmt (eight %s-like fields) into the next row. */
static void scan_row(const char *line, const char *fmt, struct row *rows,
		     int *n, int max)
{
	struct row r;

	assert_int_equal(sscanf(line, fmt, r.f[0], r.f[1], r.f[2], r.f[3],
				r.f[4], r.f[5], r.f[6], r.f[7]), 8);
	assert_true(*n < max);
	rows[(*n)++] = r;
}

static int csv_rows(char *text, struct row *rows, int max)
{
	char *line = strtok(text, "\n");
	int n = 0;

	assert_non_null(line);
	/* The latency columns first, then the other results (report_csv.c). */
	assert_int_equal(strncmp(line, REPORT_CSV_HEADER ",",
				 strlen(REPORT_CSV_HEADER ",")), 0);
	while ((line = strtok(NULL, "\n")))
		scan_row(line,
			 "%31[^,],%31[^,],%31[^,],%31[^,],%31[^,],%31[^,],%31[^,],%31[^,]",
			 rows, &n, max);
	return n;
}

static int json_rows(char *text, struct row *rows, int max)
{
	int n = 0;

	assert_non_null(strstr(text, "\"seed\": 3,"));
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		/* Rows, not the summary's "metric": "min_us". */
		if (strstr(line, "\"min_us\": "))
			scan_row(line,
				 " {\"config\": \"%31[^\"]\", \"pages\": %31[0-9], \"min_us\": %31[0-9.], \"max_us\": %31[0-9.], \"avg_us\": %31[0-9.], \"p50_us\": %31[0-9.], \"p99_us\": %31[0-9.], \"success_rate\": %31[0-9.]}",
				 rows, &n, max);
	return n;
}

static void t_formats_agree(void **state)
{
	char *path = sim_write_file(sim_small_scenario);
	struct row t[16], c[16], j[16];
	struct sim_out a, b, d;
	int nt, nc, nj;

	run_small(&a, path, "table", "3");
	run_small(&b, path, "csv", "3");
	run_small(&d, path, "json", "3");
	nt = table_rows(a.out, t, 16);
	nc = csv_rows(b.out, c, 16);
	nj = json_rows(d.out, j, 16);
	/* 3 configurations x 4 sizes. */
	assert_int_equal(nt, 12);
	assert_int_equal(nc, nt);
	assert_int_equal(nj, nt);
	for (int i = 0; i < nt; i++)
		for (int k = 0; k < 8; k++) {
			assert_string_equal(t[i].f[k], c[i].f[k]);
			assert_string_equal(t[i].f[k], j[i].f[k]);
		}
	assert_string_equal(t[0].f[0], "cma");
	assert_string_equal(t[4].f[0], "gcma");
	assert_string_equal(t[8].f[0], "gcma.zram");
	sim_out_free(&a);
	sim_out_free(&b);
	sim_out_free(&d);
	sim_remove_file(path);
}

/* --config picks configurations; --trace writes one line per request. */
static void t_config_and_trace(void **state)
{
	char *path = sim_write_file(sim_small_scenario);
	char *trace = sim_write_file("");
	const char *args[] = { "--scenario", path, "--config", "gcma",
			       "--format", "csv", "--trace", trace, NULL };
	struct sim_out o;
	char line[512];
	int lines = 0;
	FILE *f;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_null(strstr(o.out, "\ncma,"));
	assert_non_null(strstr(o.out, "\ngcma,1,"));
	assert_non_null(strstr(o.err, "seed 1"));
	f = fopen(trace, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (lines++)
			assert_int_equal(strncmp(line, "gcma,", 5), 0);
		else
			assert_string_equal(line,
				"config,pages,rep,ret,ns,wait_ns,events\n");
	}
	fclose(f);
	assert_int_equal(lines, 1 + 4 * 4);
	sim_out_free(&o);
	sim_remove_file(trace);
	sim_remove_file(path);
}

/*
 * --plot without gnuplot in PATH: a clear message, no file, exit 0 (the
 * table is still the result). The plot itself is drawn by test_sim_plot,
 * which needs gnuplot and skips without it.
 */
static void t_plot_without_gnuplot(void **state)
{
	char *path = sim_write_file(sim_small_scenario);
	char png[] = "/tmp/gcma-sim-plot-XXXXXX.png";
	const char *args[] = { "--scenario", path, "--config", "gcma",
			       "--quiet", "--plot", png, NULL };
	char *saved = strdup(getenv("PATH") ? getenv("PATH") : "");
	struct sim_out o;
	int fd;

	assert_non_null(saved);
	fd = mkstemps(png, 4);
	assert_true(fd >= 0);
	close(fd);
	unlink(png);
	setenv("PATH", "/nonexistent", 1);
	sim_run(&o, args);
	setenv("PATH", saved, 1);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.err, "gnuplot is not installed (apt-get install gnuplot-nox); no plot written"));
	assert_int_equal(access(png, F_OK), -1);
	sim_out_free(&o);
	free(saved);
	sim_remove_file(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_options),
		cmocka_unit_test(t_options_strict),
		cmocka_unit_test(t_output_errors),
		cmocka_unit_test(t_plot_errors),
		cmocka_unit_test(t_deterministic),
		cmocka_unit_test(t_formats_agree),
		cmocka_unit_test(t_config_and_trace),
		cmocka_unit_test(t_plot_without_gnuplot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

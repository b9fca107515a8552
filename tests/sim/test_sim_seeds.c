// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim --seeds end to end on the small scenario: the same seeds give
 * byte-identical output in every format; every cell of the table is in
 * the JSON summary with the same value; every cell of the JSON summary
 * is a CSV column whose `all` and `ci95` rows carry its mean and
 * half-width.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compare_json.h"
#include "sim_test.h"

/* Two configurations (one with a swap client), two seeds. */
static void run_seeds(struct sim_out *o, const char *scn, const char *fmt,
		      const char *seeds)
{
	const char *args[] = { "--scenario", scn, "--config", "gcma,gcma.zram",
			       "--seeds", seeds, "--format", fmt, "--quiet",
			       NULL };

	sim_run(o, args);
	if (o->status)
		fail_msg("status %d: %s", o->status, o->err);
	assert_int_equal(o->err_len, 0);
}

static void t_deterministic(void **state)
{
	const char *fmts[] = { "table", "csv", "json" };
	char *scn = sim_write_file(sim_small_scenario);

	for (int f = 0; f < 3; f++) {
		struct sim_out a, b, c;

		run_seeds(&a, scn, fmts[f], "1-2");
		run_seeds(&b, scn, fmts[f], "1-2");
		run_seeds(&c, scn, fmts[f], f ? "1,2" : "2");	/* "2": from seed 1 */
		assert_int_equal(a.out_len, b.out_len);
		assert_memory_equal(a.out, b.out, a.out_len);
		assert_string_equal(a.out, c.out);
		sim_out_free(&a);
		sim_out_free(&b);
		sim_out_free(&c);
	}
	sim_remove_file(scn);
}

/* The JSON summary cell with this key, or a failure. */
static const struct cmp_cell *cell(const struct cmp_file *f,
				   const char *section, const char *config,
				   unsigned long pages, const char *metric)
{
	for (unsigned int i = 0; i < f->nr_cells; i++) {
		const struct cmp_cell *c = &f->cells[i];

		if (!strcmp(c->section, section) && !strcmp(c->config, config) &&
		    c->pages == pages && !strcmp(c->metric, metric))
			return c;
	}
	fail_msg("no JSON cell %s %s %lu %s", section, config, pages, metric);
	return NULL;
}

/* @printed (with @prec decimals) is @v rounded. */
static void same(double printed, double v, int prec, const char *what)
{
	if (fabs(printed - v) > 0.5 * pow(10, -prec) + 1e-9)
		fail_msg("%s: table %.*f, JSON %f", what, prec, printed, v);
}

static void parse_json(const struct sim_out *o, struct cmp_file *f)
{
	char err[256];

	if (cmp_file_parse(o->out, o->out_len, f, err, sizeof(err)))
		fail_msg("JSON: %s", err);
	assert_int_equal(f->schema, 2);
	assert_int_equal(f->seeds, 2);
}

/* A "SECTION CONFIG: name=mean+-half ..." line: each cell in the JSON. */
static int section_line(char *line, const struct cmp_file *f)
{
	char section[24], config[16];
	int n = 0, used;
	char *p;

	if (sscanf(line, "%23s %15[^:]:%n", section, config, &used) != 2 ||
	    (strcmp(section, "background") && strcmp(section, "app") &&
	     strcmp(section, "app_baseline") && strcmp(section, "meminfo") &&
	     strcmp(section, "frontswap") && strcmp(section, "causes")))
		return 0;
	for (p = strtok(line + used, " "); p; p = strtok(NULL, " ")) {
		char name[48], mean[32], half[32];
		const struct cmp_cell *c;
		const char *dot;

		assert_int_equal(sscanf(p, "%47[^=]=%31[-0-9.]+-%31[0-9.]",
					name, mean, half), 3);
		c = cell(f, section, config, 0, name);
		dot = strchr(mean, '.');
		same(atof(mean), c->ci.mean, dot ? (int)strlen(dot + 1) : 0,
		     name);
		same(atof(half), c->ci.half, dot ? (int)strlen(dot + 1) : 0,
		     name);
		n++;
	}
	return n;
}

static void t_json_has_every_table_cell(void **state)
{
	char *scn = sim_write_file(sim_small_scenario);
	struct sim_out t, j;
	struct cmp_file f;
	int rows = 0, summaries = 0, cells = 0, want = 0;
	char *line, *save;

	run_seeds(&t, scn, "table", "1-2");
	run_seeds(&j, scn, "json", "1-2");
	parse_json(&j, &f);
	for (line = strtok_r(t.out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char cfg[16], mark;
		unsigned long pages;
		double mn, mx, avg, avg_h, p50, p99, ok, ok_h, sl, sl_h, hit,
		       hit_h;

		if (sscanf(line, "%15s %lu %lf %lf %lf %lf %lf %lf%c %lf %lf",
			   cfg, &pages, &mn, &mx, &avg, &avg_h, &p50, &p99,
			   &mark, &ok, &ok_h) == 11) {
			same(mn, cell(&f, "latency", cfg, pages, "min_us")->pooled, 1, "min");
			same(mx, cell(&f, "latency", cfg, pages, "max_us")->pooled, 1, "max");
			same(avg, cell(&f, "latency", cfg, pages, "avg_us")->ci.mean, 1, "avg");
			same(avg_h, cell(&f, "latency", cfg, pages, "avg_us")->ci.half, 1, "avg ci");
			same(p50, cell(&f, "latency", cfg, pages, "p50_us")->pooled, 1, "p50");
			same(p99, cell(&f, "latency", cfg, pages, "p99_us")->pooled, 1, "p99");
			assert_true(cell(&f, "latency", cfg, pages, "p99_us")->has_pooled);
			/* 8 requests of a size: p99 is the max, marked. */
			assert_int_equal(mark, '*');
			same(ok, cell(&f, "latency", cfg, pages, "success_rate")->ci.mean, 3, "success");
			same(ok_h, cell(&f, "latency", cfg, pages, "success_rate")->ci.half, 3, "success ci");
			rows++;
		} else if (sscanf(line, "%15s %lf %lf %lf %lf ok", cfg, &sl,
				  &sl_h, &hit, &hit_h) == 5) {
			same(sl, cell(&f, "summary", cfg, 0, "bg_slowdown_pct")->ci.mean, 2, "slowdown");
			same(sl_h, cell(&f, "summary", cfg, 0, "bg_slowdown_pct")->ci.half, 2, "slowdown ci");
			same(hit, cell(&f, "summary", cfg, 0, "cc_hit_rate")->ci.mean, 3, "hit rate");
			same(hit_h, cell(&f, "summary", cfg, 0, "cc_hit_rate")->ci.half, 3, "hit rate ci");
			same(1, cell(&f, "summary", cfg, 0, "check_ok")->ci.mean, 0, "check");
			summaries++;
		} else {
			cells += section_line(line, &f);
		}
	}
	/* The sections print every JSON cell that has a value. */
	for (unsigned int i = 0; i < f.nr_cells; i++)
		want += strcmp(f.cells[i].section, "latency") &&
			strcmp(f.cells[i].section, "summary") &&
			f.cells[i].has_mean;
	assert_int_equal(rows, 8);	/* 2 configurations x 4 sizes */
	assert_int_equal(summaries, 2);
	assert_int_equal(cells, want);
	print_message("# %d latency rows, %d summaries, %d section cells checked\n",
		      rows, summaries, cells);
	cmp_file_free(&f);
	sim_out_free(&t);
	sim_out_free(&j);
	sim_remove_file(scn);
}

/* Field @i of the CSV line @line (no quoted fields in this test). */
static void csv_field(const char *line, int i, char *buf, size_t len)
{
	while (i-- > 0) {
		line = strchr(line, ',');
		assert_non_null(line);
		line++;
	}
	snprintf(buf, len, "%.*s", (int)strcspn(line, ",\n"), line);
}

static int csv_column(const char *header, const char *name)
{
	char buf[128];

	for (int i = 0;; i++) {
		csv_field(header, i, buf, sizeof(buf));
		if (!strcmp(buf, name))
			return i;
		if (!strchr(header, ',') || i > 1000)
			fail_msg("no CSV column %s", name);
	}
}

/* The CSV row of @cfg at @pages with seed @seed. */
static const char *csv_row(char **lines, int n, const char *cfg,
			   unsigned long pages, const char *seed)
{
	char want[64];

	snprintf(want, sizeof(want), "%s,%lu,", cfg, pages);
	for (int i = 1; i < n; i++) {
		char s[16];

		csv_field(lines[i], 11, s, sizeof(s));
		if (!strncmp(lines[i], want, strlen(want)) && !strcmp(s, seed))
			return lines[i];
	}
	fail_msg("no CSV row %s %lu seed %s", cfg, pages, seed);
	return NULL;
}

static void t_csv_has_every_cell(void **state)
{
	char *scn = sim_write_file(sim_small_scenario);
	struct sim_out c, j;
	struct cmp_file f;
	char *lines[64], *save, *l;
	int n = 0, checked = 0;

	run_seeds(&c, scn, "csv", "1-2");
	run_seeds(&j, scn, "json", "1-2");
	parse_json(&j, &f);
	for (l = strtok_r(c.out, "\n", &save); l && n < 64;
	     l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	/* Header, 2 seeds x 8 rows, `all` and `ci95` x 8 rows. */
	assert_int_equal(n, 1 + 16 + 16);
	assert_int_equal(csv_column(lines[0], "scenario"), 10);
	assert_int_equal(csv_column(lines[0], "seed"), 11);
	for (unsigned int i = 0; i < f.nr_cells; i++) {
		const struct cmp_cell *e = &f.cells[i];
		char name[80], all[32], ci[32];
		unsigned long pages = e->pages ? e->pages : 1;
		int col;

		if (!strcmp(e->section, "latency")) {
			static const char *const lat[] = {
				"min_us", "max_us", "avg_us", "p50_us",
				"p99_us", "success_rate",
			};

			for (col = 0; col < 6 && strcmp(lat[col], e->metric); col++)
				;
			assert_true(col < 6);
			col += 2;
		} else {
			snprintf(name, sizeof(name), "%s.%s", e->section,
				 e->metric);
			col = csv_column(lines[0], name);
		}
		csv_field(csv_row(lines, n, e->config, pages, "all"), col, all,
			  sizeof(all));
		csv_field(csv_row(lines, n, e->config, pages, "ci95"), col, ci,
			  sizeof(ci));
		if (!e->has_mean) {
			assert_string_equal(all, "");
		} else {
			same(atof(all), e->has_pooled ? e->pooled : e->ci.mean,
			     e->prec, name);
			if (!e->has_pooled || !strcmp(e->metric, "success_rate"))
				same(atof(ci), e->ci.half, e->prec, name);
		}
		checked++;
	}
	print_message("# %d JSON cells found in the CSV\n", checked);
	cmp_file_free(&f);
	sim_out_free(&c);
	sim_out_free(&j);
	sim_remove_file(scn);
}

/* --trace with several seeds is refused: its lines have no seed. */
static void t_trace_one_seed(void **state)
{
	char *scn = sim_write_file(sim_small_scenario);
	const char *args[] = { "--scenario", scn, "--seeds", "2", "--trace",
			       "/tmp/gcma-sim-never", NULL };
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, 2);
	assert_string_equal(o.err, "gcma-sim: --trace takes one seed (its lines have no seed column); got 2\n");
	sim_out_free(&o);
	sim_remove_file(scn);
}

/*
 * --latency-cdf: every request of every seed, ascending per size, its
 * rank and rank/n; the 4th of 8 is the table's pooled p50 (nearest rank).
 */
static void t_latency_cdf(void **state)
{
	char *scn = sim_write_file(sim_small_scenario);
	char *cdf = sim_write_file("");
	const char *args[] = { "--scenario", scn, "--config", "gcma",
			       "--seeds", "2", "--quiet", "--latency-cdf", cdf,
			       NULL };
	const char *nodir[] = { "--scenario", scn, "--latency-cdf",
				"/nonexistent/cdf.csv", NULL };
	char line[256], cfg[16], p50[4][32];
	unsigned long pages, rank, want_rank = 1, rows = 0;
	double lat, frac, last = 0;
	struct sim_out o;
	FILE *f;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	/* The table's p50 column of each gcma row, in size order. */
	{
		char *copy = strdup(o.out), *save, *l;
		int i = 0;

		assert_non_null(copy);
		for (l = strtok_r(copy, "\n", &save); l && i < 4;
		     l = strtok_r(NULL, "\n", &save))
			if (sscanf(l, "gcma %lu %*s %*s %*s %*s %31s", &pages,
				   p50[i]) == 2)
				i++;
		assert_int_equal(i, 4);
		free(copy);
	}
	f = fopen(cdf, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "config,pages,rank,latency_us,cdf\n");
	while (fgets(line, sizeof(line), f)) {
		char lat_s[32];

		assert_int_equal(sscanf(line, "%15[^,],%lu,%lu,%31[^,],%lf",
					cfg, &pages, &rank, lat_s, &frac), 5);
		lat = atof(lat_s);
		assert_string_equal(cfg, "gcma");
		assert_int_equal(rank, want_rank);
		if (rank > 1)
			assert_true(lat >= last);
		assert_true(fabs(frac - rank / 8.0) < 1e-4);
		if (rank == 4)
			assert_string_equal(lat_s, p50[rows / 8]);
		last = lat;
		want_rank = rank == 8 ? 1 : rank + 1;
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 4 * 8);	/* 4 sizes x 2 seeds x 4 requests */
	sim_out_free(&o);
	sim_run(&o, nodir);
	assert_int_equal(o.status, 2);
	assert_string_equal(o.err, "gcma-sim: --latency-cdf /nonexistent/cdf.csv: No such file or directory\n");
	sim_out_free(&o);
	sim_remove_file(cdf);
	sim_remove_file(scn);
}

/* [run] seeds: as --seeds; --seed alone overrides it; checked at load. */
static void t_scenario_key(void **state)
{
	size_t n = strlen(sim_small_scenario) + 64;
	char *text = malloc(n), *scn, *plain = sim_write_file(sim_small_scenario);
	const char *bad[] = { "--scenario", NULL, NULL };
	struct sim_out a, b, c, d;

	assert_non_null(text);
	snprintf(text, n, "%s[run]\nseeds = 1-2\n",
		 strstr(sim_small_scenario, "[machine]"));
	scn = sim_write_file(text);
	run_seeds(&a, scn, "table", "1-2");
	{
		const char *args[] = { "--scenario", scn, "--config",
				       "gcma,gcma.zram", "--quiet", NULL };
		const char *one[] = { "--scenario", scn, "--config",
				      "gcma,gcma.zram", "--quiet", "--seed",
				      "1", NULL };
		const char *plain_one[] = { "--scenario", plain, "--config",
					    "gcma,gcma.zram", "--quiet", NULL };

		sim_run(&b, args);
		assert_int_equal(b.status, 0);
		assert_string_equal(a.out, b.out);
		sim_run(&c, one);
		sim_run(&d, plain_one);
		assert_int_equal(c.status, 0);
		/* The same run but for the scenario's name in the first line. */
		assert_string_equal(strchr(c.out, '\n'), strchr(d.out, '\n'));
	}
	sim_out_free(&a);
	sim_out_free(&b);
	sim_out_free(&c);
	sim_out_free(&d);
	sim_remove_file(scn);
	snprintf(text, n, "[run]\nseeds = 3-1\n");
	scn = sim_write_file(text);
	bad[1] = scn;
	sim_run(&a, bad);
	assert_int_equal(a.status, 2);
	assert_non_null(strstr(a.err, ":2: [run] seeds: range 3-1 is empty\n"));
	sim_out_free(&a);
	sim_remove_file(scn);
	sim_remove_file(plain);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_deterministic),
		cmocka_unit_test(t_json_has_every_table_cell),
		cmocka_unit_test(t_csv_has_every_cell),
		cmocka_unit_test(t_trace_one_seed),
		cmocka_unit_test(t_scenario_key),
		cmocka_unit_test(t_latency_cdf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

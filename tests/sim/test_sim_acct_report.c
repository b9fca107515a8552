// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The accounting policies' report ([accounting], docs/simulator.md
 * "Accounting policies"): the small scenario with the client holding a
 * buffer at the end: one section per configuration in the table, the
 * cells in CSV and JSON (compare and --seeds read them), nothing without
 * [accounting] report, and a buffer larger than the area refused.
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

static const char acct_keys[] =
	"[accounting]\nreport = true\nheld_pages = 1024\n"
	"client_rss_pages = 300\njobs_adj = 900\nmemcg_limit_pages = 1000\n"
	"lmkd_minfree_pages = 3000\nlmkd_min_adj = 900\n";

/* The small scenario with @extra appended; its path. */
static char *acct_scenario(const char *extra)
{
	size_t len = strlen(sim_small_scenario) + strlen(extra) + 1;
	char *text = malloc(len);
	char *path;

	assert_non_null(text);
	snprintf(text, len, "%s%s", sim_small_scenario, extra);
	path = sim_write_file(text);
	free(text);
	return path;
}

/* The MemTotal (kB) of @policy's row in the section at @sec. */
static unsigned long row_total(const char *sec, const char *policy)
{
	char head[32];
	const char *row;
	unsigned long total = 0;

	snprintf(head, sizeof(head), "\n%s ", policy);
	row = strstr(sec, head);
	assert_non_null(row);
	assert_int_equal(sscanf(row + strlen(head), "%lu", &total), 1);
	return total;
}

/* The table: the state and eight policies per configuration. */
static void t_table(void **state)
{
	char *path = acct_scenario(acct_keys);
	const char *args[] = { "--scenario", path, "--quiet", NULL };
	struct sim_out o;
	const char *g;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out,
		"\naccounting cma: the client holds 4096 kB of the area"));
	assert_non_null(strstr(o.out, "\nstate gcma: machine=65536 area=16384 "));
	g = strstr(o.out, "\naccounting gcma: the client holds 4096 kB");
	assert_non_null(g);
	/* Outside: the carveout is not in MemTotal; inside, it is. */
	assert_int_equal(row_total(g, "outside"), 49152);
	assert_int_equal(row_total(g, "outside+rss+memcg"), 49152);
	assert_int_equal(row_total(g, "inside"), 65536);
	assert_int_equal(row_total(g, "inside+rss+memcg"), 65536);
	assert_non_null(strstr(o.out, "\naccounting gcma.zram: "));
	sim_out_free(&o);
	sim_remove_file(path);
}

/* CSV columns and JSON members; compare reads the section. */
static void t_csv_json_compare(void **state)
{
	char *path = acct_scenario(acct_keys);
	const char *csv[] = { "--scenario", path, "--quiet", "--config",
			      "gcma", "--format", "csv", NULL };
	const char *json[] = { "--scenario", path, "--quiet", "--config",
			       "gcma", "--format", "json", NULL };
	const char *cmp[] = { "compare", NULL, NULL, NULL };
	struct sim_out o;
	char *jpath;

	sim_run(&o, csv);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out, ",accounting.held,"));
	assert_non_null(strstr(o.out, ",accounting.outside+rss/client_rss,"));
	assert_non_null(strstr(o.out, ",accounting.inside+rss+memcg/lmkd_victim"));
	sim_out_free(&o);
	sim_run(&o, json);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out, ", \"accounting\": {\"held_kb\": 4096, \"hold_ret\": 0, "));
	assert_non_null(strstr(o.out, "{\"policy\": \"inside+memcg\", \"MemTotal\": 65536, "));
	assert_non_null(strstr(o.out, "\"metric\": \"outside/memcg_over\""));
	jpath = sim_write_file(o.out);
	sim_out_free(&o);
	cmp[1] = jpath;
	cmp[2] = jpath;
	sim_run(&o, cmp);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out, "outside+rss/client_oom_score"));
	sim_out_free(&o);
	sim_remove_file(jpath);
	sim_remove_file(path);
}

/* Several seeds: the cells aggregated like every other section. */
static void t_seeds(void **state)
{
	char *path = acct_scenario(acct_keys);
	const char *args[] = { "--scenario", path, "--quiet", "--config",
			       "gcma", "--seeds", "2", NULL };
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out,
		"\naccounting gcma: held=4096+-0 outside/MemTotal=49152+-0 "));
	assert_non_null(strstr(o.out, " inside/MemTotal=65536+-0 "));
	sim_out_free(&o);
	sim_remove_file(path);
}

/* Without [accounting] report: no section, no cell, no member. */
static void t_off(void **state)
{
	char *path = acct_scenario("[accounting]\nheld_pages = 1024\n");
	const char *args[] = { "--scenario", path, "--quiet", "--config",
			       "gcma", NULL };
	const char *json[] = { "--scenario", path, "--quiet", "--config",
			       "gcma", "--format", "json", NULL };
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	assert_null(strstr(o.out, "\naccounting "));
	/* The end snapshot has no buffer held. */
	assert_non_null(strstr(o.out, " GcmaAlloc=0\n"));
	sim_out_free(&o);
	sim_run(&o, json);
	assert_int_equal(o.status, 0);
	assert_null(strstr(o.out, "accounting"));
	sim_out_free(&o);
	sim_remove_file(path);
}

/* A buffer larger than the area: refused before anything runs. */
static void t_held_too_large(void **state)
{
	char *path = acct_scenario("[accounting]\nheld_pages = 4097\n");
	const char *args[] = { "--scenario", path, "--quiet", NULL };
	struct sim_out o;

	sim_run(&o, args);
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err,
		"[accounting] held_pages: 4097 is more than area_pages (4096)"));
	sim_out_free(&o);
	sim_remove_file(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_table),
		cmocka_unit_test(t_csv_json_compare),
		cmocka_unit_test(t_seeds),
		cmocka_unit_test(t_off),
		cmocka_unit_test(t_held_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The phone scenario (scenarios/phone.ini, docs/results.md "The phone
 * scenario") and what combining its parts broke, each a regression:
 *   - meminfo's CmaTotal/CmaFree counted no classic area of a gcma
 *     configuration that also has a guarantee area;
 *   - the clients' clock divided the apps background's time by
 *     min(jobs, cpus), as if the apps were parallel compile jobs;
 *   - [hurdles] were ignored with the apps background;
 * and the shipped scenario, reduced, produces per-client rows, causes,
 * app metrics and meminfo for cma and gcma.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clients_run.h"
#include "engine.h"
#include "scenario.h"
#include "sim_test.h"

/* @text loaded as a scenario. */
static void load(struct scn_scenario *s, const char *text)
{
	char err[SCN_ERR_LEN];
	char *path = sim_write_file(text);

	scn_defaults(s);
	if (scn_load(s, path, err, sizeof(err)))
		fail_msg("%s", err);
	sim_remove_file(path);
}

/*
 * A guarantee area and a classic one: in gcma the classic one is CMA
 * (CmaTotal its pages, CmaFree within it), the guarantee one the
 * carve-out; in cma both are CMA. It used to show CmaTotal = 0 in gcma.
 */
static void t_meminfo_classic_beside_guarantee(void **state)
{
	char text[2048];
	struct scn_scenario s;
	struct sim_run run;
	const struct cfg_result *r;
	const struct meminfo *mi;

	(void)state;
	snprintf(text, sizeof(text),
		 "%s[area.cam]\npages = 2048\nguarantee = true\n"
		 "[area.vid]\npages = 1024\n"
		 "[client.cam]\narea = cam\nsizes = 256\nperiod_us = 2000\n"
		 "hold_us = 3000\ncount = 4\n"
		 "[client.vid]\narea = vid\nsizes = 64\nperiod_us = 2000\n"
		 "hold_us = 3000\ncount = 4\n", sim_small_scenario);
	load(&s, text);
	s.baseline = false;
	r = sim_run_config(&run, &s, SCN_CFG_GCMA);
	assert_true(r->nr_mi > 0);
	mi = &r->mi[r->nr_mi - 1];
	assert_int_equal(mi->carveout, 2048);
	assert_int_equal(mi->cma_total, 1024);
	assert_true(mi->cma_free > 0);
	assert_true(mi->cma_free <= mi->cma_total);
	engine_run_free(&run);
	r = sim_run_config(&run, &s, SCN_CFG_CMA);
	mi = &r->mi[r->nr_mi - 1];
	assert_int_equal(mi->carveout, 0);
	assert_int_equal(mi->cma_total, 3072);
	engine_run_free(&run);
}

/* A small apps background (4 apps on the small machine), then @extra. */
static const char apps_small[] =
	"[run]\nthreads = 1\nbaseline = false\n"
	"[machine]\npages = 16384\narea_pages = 4096\n"
	"[workload]\nkind = apps\njobs = 4\ncpu_us = 1000\n"
	"warmup_steps = 1500\nsteps = 4\n"
	"[sched]\ncpus = 4\n"
	"[apps]\ncount = 4\nheap_pages = 3072\nheap_writes = 64\n"
	"file_pages = 1024\nswitch_every_us = 20000\nlmkd_minfree = 512\n";

/*
 * The apps are one foreground app's timeline, not jobs on several CPUs:
 * the clients' clock is the apps' time after the warm-up, undivided. It
 * was divided by min(jobs, cpus) = 4: a 50 ms period came every 200 ms
 * of the apps' time.
 */
static void t_apps_clock(void **state)
{
	char text[2048];
	struct scn_scenario s;
	struct sim_run run;
	const struct cfg_result *r;

	(void)state;
	snprintf(text, sizeof(text),
		 "%s[area.a]\npages = 2048\n"
		 "[client.c]\narea = a\nsizes = 64\nperiod_us = 50000\n"
		 "hold_us = 1000\ncount = 10\n", apps_small);
	load(&s, text);
	r = sim_run_config(&run, &s, SCN_CFG_CMA);
	/* The last arrival at 450 ms, its release 1 ms and a latency later. */
	assert_true(r->clients->end_ns >= 451000000ULL);
	assert_true(r->clients->end_ns < 600000000ULL);
	/* The clock is the apps' time: within one step (1 ms of CPU + costs). */
	assert_true(r->app.ns >= r->clients->end_ns);
	assert_true(r->app.ns - r->clients->end_ns < 100000000ULL);
	engine_run_free(&run);
}

/*
 * [hurdles] with the apps background: AIO ring pages and buffer heads
 * (on the apps' files) reach the requests as they do with the compile
 * loop. They were never set up: workload_init() returned before
 * hurdles_init() for the apps.
 */
static void t_apps_hurdles(void **state)
{
	char text[2048];
	const char *args[] = { "--scenario", NULL, "--quiet", "--config",
			       "cma", NULL };
	struct sim_out o;

	(void)state;
	snprintf(text, sizeof(text),
		 "%s[requests]\nsizes = 1, 64, 512, 1024\nrepeat = 4\n"
		 "[pins]\nodirect = 0\nvmsplice = 0\nlongterm = 0\n"
		 "[hurdles]\naio = 4\nbufferhead = 64\n"
		 "bufferhead_dirty_pct = 100\n", apps_small);
	args[1] = sim_write_file(text);
	sim_run(&o, args);
	sim_remove_file((char *)args[1]);
	assert_int_equal(o.status, 0);
	assert_non_null(sim_cause_row(o.out, "cma", "aio"));
	assert_non_null(sim_cause_row(o.out, "cma", "bufferhead"));
	sim_out_free(&o);
}

/* @path's text, read whole (free it). */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;

	assert_non_null(f);
	assert_int_equal(getdelim(&text, &len, '\0', f) > 0, 1);
	fclose(f);
	return text;
}

/* Replace the one line @from of @text by @to (lines of at most 63 bytes). */
static void set_line(char *text, const char *from, const char *to)
{
	char *at = strstr(text, from);
	size_t lf = strlen(from), lt = strlen(to);

	if (!at)
		fail_msg("scenarios/phone.ini has no line '%s'", from);
	assert_null(strstr(at + lf, from));
	assert_true(lt <= lf);
	memcpy(at, to, lt);
	memmove(at + lt, at + lf, strlen(at + lf) + 1);
}

/* A row of @out starting "\n" @cfg padded to 10, then @rest. */
static void assert_row(const char *out, const char *cfg, const char *rest)
{
	char row[128];

	snprintf(row, sizeof(row), "\n%-10s %s", cfg, rest);
	if (!strstr(out, row))
		fail_msg("no row '%s'", row + 1);
}

/*
 * scenarios/phone.ini as shipped but a shorter warm-up and fewer
 * requests: for cma and gcma, a row per client, the causes with
 * a hurdle, the apps' launches, and meminfo with both areas where they
 * belong (cma: 768 MiB of CMA; gcma: the camera's 512 MiB carve-out,
 * the video's 256 MiB of CMA).
 */
static void t_phone_reduced(void **state)
{
	static const char *const cfgs[] = { "cma", "gcma" };
	char *text = read_text(SCENARIO_DIR "/phone.ini");
	const char *args[] = { "--scenario", NULL, "--quiet", NULL };
	struct sim_out o;

	(void)state;
	set_line(text, "\nwarmup_steps = 30000\n", "\nwarmup_steps = 2000\n");
	set_line(text, "\ncount = 24\n", "\ncount = 4\n");
	set_line(text, "\ncount = 270\n", "\ncount = 15\n");
	set_line(text, "\ncount = 900\n", "\ncount = 30\n");
	args[1] = sim_write_file(text);
	free(text);
	sim_run(&o, args);
	sim_remove_file((char *)args[1]);
	if (o.status)
		fail_msg("%s", o.err);
	for (int i = 0; i < 2; i++) {
		char line[128];

		assert_row(o.out, cfgs[i], "camera        all        4 ");
		assert_row(o.out, cfgs[i], "video         all       15 ");
		assert_row(o.out, cfgs[i], "driver        all       30 ");
		assert_row(o.out, cfgs[i], "camera      16384 ");
		assert_non_null(sim_cause_row(o.out, cfgs[i], "(rest)"));
		assert_non_null(sim_cause_row(o.out, cfgs[i], "fresh"));
		snprintf(line, sizeof(line),
			 "\napps %s (swap zram): launches_cold=", cfgs[i]);
		assert_non_null(strstr(o.out, line));
		snprintf(line, sizeof(line), "\nmeminfo %s after 49 requests",
			 cfgs[i]);
		assert_non_null(strstr(o.out, line));
	}
	assert_non_null(strstr(o.out, "CmaTotal=786432 "));
	assert_non_null(strstr(o.out, "CmaTotal=262144 "));
	assert_non_null(strstr(o.out, "Carveout=524288 "));
	assert_non_null(strstr(o.out, "\nareas (seed 1): camera 131072 pages guarantee, video 65536 pages\n"));
	sim_out_free(&o);
}

/*
 * scenarios/phone-pcp-buddy.ini is phone.ini with the 2013 switch: the
 * two differ in cma_pcp_free and their comments only.
 */
static void t_phone_pcp_buddy_differs_only_in_switch(void **state)
{
	char *a = read_text(SCENARIO_DIR "/phone.ini");
	char *b = read_text(SCENARIO_DIR "/phone-pcp-buddy.ini");
	char *sa, *sb, *la, *lb;

	(void)state;
	la = strtok_r(a, "\n", &sa);
	lb = strtok_r(b, "\n", &sb);
	for (;;) {
		while (la && *la == ';')
			la = strtok_r(NULL, "\n", &sa);
		while (lb && *lb == ';')
			lb = strtok_r(NULL, "\n", &sb);
		if (!la || !lb)
			break;
		if (!strcmp(la, "cma_pcp_free = pcp"))
			assert_string_equal(lb, "cma_pcp_free = buddy");
		else
			assert_string_equal(la, lb);
		la = strtok_r(NULL, "\n", &sa);
		lb = strtok_r(NULL, "\n", &sb);
	}
	assert_null(la);
	assert_null(lb);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_meminfo_classic_beside_guarantee),
		cmocka_unit_test(t_apps_clock),
		cmocka_unit_test(t_apps_hurdles),
		cmocka_unit_test(t_phone_reduced),
		cmocka_unit_test(t_phone_pcp_buddy_differs_only_in_switch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim's clients on the small machine (docs/simulator.md "Areas and
 * clients"), run in-process through the engine:
 *   - a buffer held for a second keeps its area full: the requests after
 *     it fail and are counted against the client that made them;
 *   - a concurrency limit is never exceeded, and arrivals over it wait
 *     (deferred) but are all made; meminfo snapshots every N requests;
 *   - two clients' requests interleave in time order (the trace);
 *   - two guarantee areas in gcma, checkers clean;
 *   - the same seed gives the same output; the JSON and the CSV carry
 *     the same rows.
 */
#include <stdarg.h>
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

/* The small scenario (no baseline: faster) plus @extra, loaded. */
static void scenario(struct scn_scenario *s, const char *extra)
{
	size_t n = strlen(sim_small_scenario) + strlen(extra) + 64;
	char *text = malloc(n), *path;
	char err[SCN_ERR_LEN];

	assert_non_null(text);
	snprintf(text, n, "%s[run]\nbaseline = false\n%s", sim_small_scenario,
		 extra);
	/* [run] twice would be a key given twice only for the same key. */
	path = sim_write_file(text);
	scn_defaults(s);
	if (scn_load(s, path, err, sizeof(err)))
		fail_msg("%s", err);
	sim_remove_file(path);
	free(text);
}

/* Run @s for @cfg; the configuration's result stays in @run. */
static const struct cfg_result *run_cfg(struct sim_run *run,
					const struct scn_scenario *s,
					enum scn_config cfg)
{
	const struct cfg_result *r =
		sim_run_config(run, (struct scn_scenario *)s, cfg);

	assert_non_null(r->clients);
	return r;
}

/*
 * One client asks for the whole 1024-page area three times, 1 ms apart,
 * and holds what it gets for a second: the first succeeds, the two
 * others fail; the second client, on its own area, never fails.
 */
static void t_hold_fills_area(void **state)
{
	struct scn_scenario s;
	struct sim_run run;
	const struct clients_result *cr;

	(void)state;
	scenario(&s, "[area.big]\npages = 1024\n[area.small]\npages = 1024\n"
		     "[client.hog]\narea = big\nsizes = 1024\nperiod_us = 1000\n"
		     "hold_us = 1000000\ncount = 3\n"
		     "[client.drv]\narea = small\nsizes = 1\nperiod_us = 700\n"
		     "hold_us = 100\ncount = 10\n");
	for (int c = SCN_CFG_CMA; c <= SCN_CFG_GCMA; c++) {
		cr = run_cfg(&run, &s, c)->clients;
		assert_int_equal(cr->client[0].requests, 3);
		assert_int_equal(cr->client[0].failed, 2);
		assert_int_equal(cr->client[0].all.ok, 1);
		assert_int_equal(cr->client[0].max_held, 1);
		assert_int_equal(cr->client[1].requests, 10);
		assert_int_equal(cr->client[1].failed, 0);
		assert_int_equal(cr->client[1].size[0].n, 10);
		assert_int_equal(cr->nr_issued, 13);
		/* The hog's buffer went back at 1 s: the clock got there. */
		assert_true(cr->end_ns >= 1000000000ULL);
		engine_run_free(&run);
	}
}

/* At most concurrency buffers held; the rest wait, all are made. */
static void t_concurrency(void **state)
{
	struct scn_scenario s;
	struct sim_run run;
	const struct client_result *cl;
	const struct cfg_result *r;

	(void)state;
	scenario(&s, "[run]\nmeminfo_every = 10\n[area.a]\npages = 4096\n"
		     "[client.c]\narea = a\nsizes = 64:1,128:1\n"
		     "arrival = burst\nburst = 8\nperiod_us = 20000\n"
		     "hold = uniform\nhold_us = 5000\nconcurrency = 3\n"
		     "count = 24\n");
	r = run_cfg(&run, &s, SCN_CFG_GCMA);
	cl = &r->clients->client[0];
	/* meminfo after 10 and 20 requests, and at the end (24). */
	assert_int_equal(r->nr_mi, 3);
	assert_int_equal(r->mi[0].at_slot, 10);
	assert_int_equal(r->mi[2].at_slot, 24);
	assert_int_equal(cl->requests, 24);
	assert_int_equal(cl->failed, 0);
	assert_int_equal(cl->max_held, 3);
	/* Each burst of 8 finds at most 3 free: 5 of each wait at least. */
	assert_true(cl->deferred >= 15);
	assert_true(cl->queued_ns > 0);
	assert_int_equal(cl->size[0].n + cl->size[1].n, 24);
	engine_run_free(&run);
}

/*
 * Client a (1 page) every 1 ms, client b (2 pages) every 3 ms, both from
 * 0: the trace's sizes follow time order, ties in queue order.
 */
static void t_interleave(void **state)
{
	static const unsigned long want[] = { 1, 2, 1, 1, 2, 1, 1, 1, 2, 1 };
	struct scn_scenario s;
	struct sim_run run;
	char *buf = NULL, *line, *save;
	size_t len = 0;
	int i = 0;

	(void)state;
	scenario(&s, "[area.a]\npages = 1024\n"
		     "[client.a]\narea = a\nsizes = 1\nperiod_us = 1000\ncount = 7\n"
		     "[client.b]\narea = a\nsizes = 2\nperiod_us = 3000\ncount = 3\n");
	for (int c = 0; c < SCN_CFG_NR; c++)
		s.configs[c] = c == SCN_CFG_CMA;
	memset(&run, 0, sizeof(run));
	run.s = &s;
	run.progress = PROGRESS_NEVER;
	run.trace = open_memstream(&buf, &len);
	assert_non_null(run.trace);
	assert_int_equal(engine_run(&run), 0);
	fclose(run.trace);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		assert_true(i < 10);
		assert_int_equal(strtoul(strchr(line, ',') + 1, NULL, 10),
				 want[i]);
		i++;
	}
	assert_int_equal(i, 10);
	free(buf);
	engine_run_free(&run);
}

/* Two guarantee areas served by GCMA at once; their clients succeed. */
static void t_two_gcma_areas(void **state)
{
	struct scn_scenario s;
	struct sim_run run;
	const struct clients_result *cr;

	(void)state;
	scenario(&s, "[area.x]\npages = 2048\nguarantee = true\n"
		     "[area.y]\npages = 1024\nguarantee = true\n"
		     "[client.x]\narea = x\nsizes = 512:1,1024:1\narrival = poisson\nconcurrency = 2\n"
		     "period_us = 2000\nhold = exp\nhold_us = 3000\ncount = 12\n"
		     "[client.y]\narea = y\nsizes = 256\nperiod_us = 1500\n"
		     "hold_us = 2000\nconcurrency = 2\ncount = 12\n");
	for (int c = SCN_CFG_GCMA; c < SCN_CFG_NR; c++) {
		cr = run_cfg(&run, &s, c)->clients;
		assert_int_equal(cr->client[0].requests, 12);
		assert_int_equal(cr->client[1].requests, 12);
		assert_int_equal(cr->client[0].failed + cr->client[1].failed,
				 0);
		engine_run_free(&run);
	}
}

/*
 * No warm-up: the background still runs to each event's time (it used
 * not to run at all: the clock never moved without a step's mean time).
 */
static void t_no_warmup(void **state)
{
	struct scn_scenario s;
	struct sim_run run;
	const struct cfg_result *r;

	(void)state;
	scenario(&s, "[area.a]\npages = 1024\n"
		     "[client.c]\narea = a\nsizes = 1\nperiod_us = 1000\n"
		     "hold_us = 500000\ncount = 3\n");
	s.warmup_steps = 0;
	r = run_cfg(&run, &s, SCN_CFG_GCMA);
	assert_true(r->bg_steps > 0);
	assert_true(r->clients->end_ns >= 500000000ULL);
	engine_run_free(&run);
}

/* The command line: rows per client in every format, the same twice. */
static void t_outputs(void **state)
{
	char *path = sim_write_file(
		"[run]\nthreads = 2\nbaseline = false\n[machine]\npages = 16384\n"
		"[workload]\njobs = 4\nsrc_pages = 12000\nunit_pages = 64\n"
		"hdr_pages = 2000\nanon_pages = 512\nobj_pages = 2048\n"
		"warmup_steps = 1000\n"
		"[area.cam]\npages = 2048\nguarantee = true\n"
		"[client.cam]\narea = cam\nsizes = 256:1,512:1\nperiod_us = 2000\n"
		"hold_us = 3000\ncount = 6\n");
	const char *table[] = { "--scenario", path, "--quiet", NULL };
	const char *csv[] = { "--scenario", path, "--quiet", "--format",
			      "csv", NULL };
	const char *json[] = { "--scenario", path, "--quiet", "--format",
			       "json", NULL };
	struct sim_out a, b, c, j;

	(void)state;
	sim_run(&a, table);
	sim_run(&b, table);
	assert_int_equal(a.status, 0);
	assert_string_equal(a.out, b.out);
	assert_non_null(strstr(a.out, "areas (seed 1): cam 2048 pages guarantee\n"));
	assert_non_null(strstr(a.out, "\ngcma       cam           all        6 "));
	assert_non_null(strstr(a.out, "\ncma        cam           512 "));
	sim_run(&c, csv);
	assert_int_equal(c.status, 0);
	assert_non_null(strstr(c.out, "config,client,area,pages,requests,"));
	assert_non_null(strstr(c.out, "\ngcma.zram,cam,cam,all,6,"));
	sim_run(&j, json);
	assert_int_equal(j.status, 0);
	assert_non_null(strstr(j.out, "\"clients\": [\n        {\"client\": \"cam\", \"area\": \"cam\", \"guarantee\": false,"));
	assert_non_null(strstr(j.out, "\"guarantee\": true, "));
	assert_non_null(strstr(j.out, "\"by_size\": [{\"requests\": "));
	/* Summary cells: what several seeds aggregate and compare reads. */
	assert_non_null(strstr(j.out, "{\"section\": \"client\", \"config\": \"gcma\", \"pages\": 0, \"metric\": \"cam.p99_us\""));
	assert_non_null(strstr(j.out, "\"metric\": \"cam@512.avg_us\""));
	sim_out_free(&a);
	sim_out_free(&b);
	sim_out_free(&c);
	sim_out_free(&j);
	sim_remove_file(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_hold_fills_area),
		cmocka_unit_test(t_concurrency),
		cmocka_unit_test(t_interleave),
		cmocka_unit_test(t_two_gcma_areas),
		cmocka_unit_test(t_no_warmup),
		cmocka_unit_test(t_outputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

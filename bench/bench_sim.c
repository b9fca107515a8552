// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim's speed: wall time and simulated events (page-cache calls and
 * requests) per second of the default scenario, and of a 16 GiB machine
 * variant (4194304 pages, a 1 GiB area, the same workload per step and a
 * tree, header set and object file scaled to the machine), one
 * configuration at a time on one thread so the figures are per core.
 */
#include <stdio.h>
#include <string.h>

#include "bench_common.h"
#include "engine.h"
#include "scenario.h"

static void bench_one(const char *name, struct scn_scenario *s, int cfg)
{
	struct sim_run run;
	double t0, dt;

	memset(s->configs, 0, sizeof(s->configs));
	s->configs[cfg] = true;
	memset(&run, 0, sizeof(run));
	run.s = s;
	run.threads = 1;
	t0 = bench_now();
	if (engine_run(&run)) {
		fprintf(stderr, "bench_sim: %s: engine_run failed\n", name);
		engine_run_free(&run);
		return;
	}
	dt = bench_now() - t0;
	bench_line(name, "config=%s wall_s=%.2f events=%llu events_per_s=%.0f check=%s",
		   scn_config_name(cfg), dt, (unsigned long long)run.events,
		   dt > 0 ? run.events / dt : 0.0,
		   run.cfg[cfg].check_failed ? "failed" : "ok");
	engine_run_free(&run);
}

int main(void)
{
	struct scn_scenario s;

	for (int c = SCN_CFG_CMA; c <= SCN_CFG_GCMA; c++) {
		scn_defaults(&s);
		bench_one("sim_default", &s, c);
	}
	for (int c = SCN_CFG_CMA; c <= SCN_CFG_GCMA; c++) {
		scn_defaults(&s);
		s.nr_pages = 4194304;
		s.area_pages = 262144;
		s.src_pages = 3000000;
		s.hdr_pages = 400000;
		s.obj_pages = 1000000;
		s.warmup_steps = 320000;
		s.baseline = false;
		bench_one("sim_16g", &s, c);
	}
	return 0;
}

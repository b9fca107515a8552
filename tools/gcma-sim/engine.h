/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The engine: one simulated machine per configuration, the background
 * workload, the foreground requests and their measurement.
 */
#ifndef _GCMA_SIM_ENGINE_H
#define _GCMA_SIM_ENGINE_H

#include <pthread.h>
#include <stdio.h>

#include <libgcma/sim_swap.h>

#include "accounting.h"
#include "acct_snapshot.h"
#include "progress.h"
#include "report_causes.h"
#include "run_gate.h"
#include "scenario.h"
#include "stats.h"
#include "tagstore.h"

struct sim_run;
struct clients_result;

struct cfg_result {
	struct sim_run *run;
	int ret;
	bool ran;
	struct lat_stats size[SCN_MAX_SIZES];
	uint64_t *lat_ns;	/* each request's latency, [size * repeat + k] */
	int *lat_ret;		/* its result (pooled over seeds: seeds.c) */
	uint64_t bg_ns;		/* background virtual time, with requests */
	uint64_t bg_base_ns;	/* the same without requests (0: not run) */
	/* slowdown_pct: over the phase after warm-up (app, base_app). */
	uint64_t fg_cpu_ns;	/* the requests' CPU time (sched_split()) */
	uint64_t fg_dev_ns;	/* the requests' device time */
	uint64_t fg_wait_ns;	/* the requests' waits for a CPU */
	uint64_t after_ns;	/* migrations' after-cost on the jobs */
	uint64_t lost_ns;	/* the background's loss to the requests */
	uint64_t bg_steps;	/* background steps in the requests pass */
	unsigned long *extra;	/* steps run during each request, by slot */
	struct app_counts app;	/* the background after warm-up, requests pass */
	struct app_counts base_app;	/* the same, baseline pass */
	struct meminfo *mi;	/* snapshots: every meminfo_every requests, end */
	unsigned long nr_mi;
	bool no_pressure;	/* nothing evicted while the requests ran */
	double slowdown_pct;
	double cc_hit_rate;	/* cleancache hits / (hits + disk reads) */
	uint64_t events;	/* page-cache calls and requests simulated */
	bool check_failed;
	char check_msg[256];
	uint64_t all_events;	/* both passes */
	bool has_swap;		/* gcma.zram: the fields below are set */
	struct sim_frontswap_stats fsw;	/* at the end of the requests pass */
	uint64_t swap_outs, swap_ins, swap_full;	/* the anon fs's */
	struct tagstore_stats tagstore;	/* [tagstore]'s take-backs, requests pass */
	struct acct_result acct;	/* [accounting]'s report, requests pass */
	struct clients_result *clients;	/* [client.NAME]s (clients_run.c) */
	struct cause_totals causes;	/* the requests' causes (report_causes.c) */
	unsigned int slot;	/* its run_gate slot, its place on the line */
	char name[32];		/* on the progress line: "cma", "seed 3 cma" */
	FILE *trace;		/* this configuration's trace lines */
	char *trace_buf;
	size_t trace_len;
};

struct trace_writer;

struct sim_run {
	const struct scn_scenario *s;
	struct cfg_result cfg[SCN_CFG_NR];
	FILE *trace;		/* per-request lines, or NULL */
	/* --record-trace: the apps' accesses of the pass with requests */
	struct trace_writer *record;
	enum progress_mode progress;	/* the line (progress.c) */
	FILE *progress_out;	/* where; NULL: stderr */
	unsigned int threads;	/* configurations at once; 0 is 1 */
	/* Shared by several runs (seeds_run()), else NULL: the run's own. */
	struct progress *prog;	/* the line, its total counted */
	struct run_gate *gate;	/* the slots of configurations at once */
	uint64_t seed_label;	/* the seed on the line, if @label_seed */
	bool label_seed;
	uint64_t events;	/* total, for the benchmark */
	struct progress own_prog;
	struct run_gate own_gate;
};

uint64_t engine_pass_units(const struct scn_scenario *s);
uint64_t engine_run_units(const struct scn_scenario *s);
int engine_run(struct sim_run *run);
void engine_run_free(struct sim_run *run);

#endif /* _GCMA_SIM_ENGINE_H */

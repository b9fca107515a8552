/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * gcma-sim scenarios: what machine, which background workload, which
 * foreground requests, which cost model. Defaults are the 2015 RFC v2
 * evaluation (docs/simulator.md); a scenario file (INI) overrides them.
 */
#ifndef _GCMA_SIM_SCENARIO_H
#define _GCMA_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <libgcma/clock.h>
#include <libgcma/sim_swap.h>

#include "cost_preset.h"
#include "scenario_areas.h"

#define SCN_MAX_SIZES		32
#define SCN_ERR_LEN		512
#define SCN_FILE_MAX		(1 << 20)	/* bytes of a scenario file */
#define SCN_THREADS_MAX		64		/* [run] threads, --jobs */

/* The configurations the simulator knows. */
enum scn_config {
	SCN_CFG_CMA,		/* a classic CMA area */
	SCN_CFG_GCMA,		/* a CMA area with guarantee (GCMA) */
	SCN_CFG_GCMA_ZRAM,	/* GCMA + frontswap-like client on zram */
	SCN_CFG_NR,
};

/*
 * [swap]: what a configuration's anonymous memory swaps to (swap_kind.c).
 * SCN_SWAP_DEFAULT is each configuration's own: cma and gcma a disk,
 * gcma.zram zram with frontswap (the 2015 evaluation).
 */
enum scn_swap_kind {
	SCN_SWAP_DEFAULT,
	SCN_SWAP_NONE,
	SCN_SWAP_DISK,
	SCN_SWAP_ZRAM,
	SCN_SWAP_NR,
};

/* [workload] kind: the background (workload.c, apps.c). */
enum scn_bg_kind {
	SCN_BG_COMPILE,
	SCN_BG_APPS,
	SCN_BG_TRACE,
	SCN_BG_NR,
};

/* A list of page counts, e.g. one per app (cycled). */
struct scn_list {
	unsigned long v[SCN_MAX_SIZES];
	unsigned int nr;
};

/**
 * struct scn_scenario - everything one run needs.
 *
 * Units are in the key names of docs/simulator.md: pages are 4 KiB,
 * times in µs unless named _ns.
 */
#define SCN_SEEDS_LEN	128
#define SCN_PATH_LEN	256	/* [workload] trace */

struct scn_scenario {
	char name[64];
	uint64_t seed;

	/* [machine] */
	unsigned long nr_pages;
	unsigned long area_pages;
	unsigned long free_target;
	bool cma_balance;
	bool pcp;
	unsigned long pcp_high;
	unsigned long pcp_batch;
	bool cma_pcp_buddy;

	/* [workload] */
	unsigned long jobs;
	unsigned long src_pages;
	unsigned long unit_pages;
	unsigned long unit_jitter_pct;
	unsigned long hdr_pages;
	unsigned long hdr_reads;
	unsigned long src_reads;
	unsigned long anon_pages;
	unsigned long anon_writes;
	unsigned long anon_reads;
	unsigned long obj_pages;
	unsigned long flush_every;
	unsigned long cpu_us;
	unsigned long warmup_steps;
	unsigned long steps;

	/* [pins] */
	unsigned long odirect;
	unsigned long odirect_hold_us;
	unsigned long vmsplice;
	unsigned long vmsplice_hold;
	unsigned long longterm;
	unsigned long longterm_hold;
	bool longterm_migrates;
	unsigned long fresh;
	unsigned long fresh_hold_us;

	/* [requests] */
	unsigned long sizes[SCN_MAX_SIZES];
	unsigned int nr_sizes;
	unsigned long repeat;
	unsigned long align;
	bool dma_align;
	unsigned long cma_alignment;

	/* [sched] */
	unsigned long preempt_us;
	unsigned long wait_us;
	unsigned long cpus;
	unsigned long wake_us;
	unsigned long fault_ns;
	unsigned long ipi_ns;
	bool jobs_sleep;	/* preempt only as often as jobs are runnable */

	/* [run] */
	char seeds[SCN_SEEDS_LEN];	/* --seeds' syntax; "": one seed, @seed */
	bool configs[SCN_CFG_NR];
	bool baseline;
	bool check;
	unsigned long threads;	/* configurations at once, 0: CPUs */
	unsigned long meminfo_every;	/* requests between snapshots; 0: end */

	/* [zram]: gcma.zram's swap device and frontswap (engine_swap.c) */
	unsigned long zram_pages;
	unsigned long zram_ratio_pct;
	unsigned long swap_ratio_pct;
	enum sim_swap_policy zram_policy;

	/* [tagstore]: a second donor (tagstore.c) */
	unsigned long tag_pages;
	unsigned long tag_activate_every;
	unsigned long tag_active_requests;

	/* [accounting]: the policies' report (acct_snapshot.c, docs/gcma.md) */
	bool acct_report;
	unsigned long acct_held_pages;	/* the client's buffer at the end */
	unsigned long acct_client_rss;	/* its own resident pages */
	unsigned long acct_client_adj;	/* its oom_score_adj */
	unsigned long acct_jobs_adj;	/* the background jobs' */
	unsigned long acct_memcg_limit;	/* its memcg's limit; 0: none */
	unsigned long acct_lmkd_minfree;	/* lmkd's level; 0: no lmkd */
	unsigned long acct_lmkd_min_adj;	/* lmkd kills from this adj */
	/* [area.NAME], [client.NAME] (scenario_areas.c); none: [requests] */
	struct scn_areas areas;
	/* [hurdles]: CMA's other hurdles (docs/simulator.md) */
	unsigned long aio;
	unsigned long aio_hold;
	unsigned long bufferhead;
	unsigned long bufferhead_dirty_pct;
	unsigned long hog_pages;
	bool noswap;
	bool noswap_given;	/* else noswap follows [swap]: on with none */
	/* [swap]: kind for every configuration, and per-configuration overrides */
	enum scn_swap_kind swap_kind;
	enum scn_swap_kind swap_cfg[SCN_CFG_NR];

	/* [workload] kind, [apps]: the apps background (apps.c, lmkd.c) */
	enum scn_bg_kind bg_kind;
	unsigned long apps_count;
	struct scn_list apps_heap;
	struct scn_list apps_file;
	double apps_zipf_s;
	double apps_app_zipf_s;
	unsigned long apps_switch_every_us;
	unsigned long apps_launch_pct;
	unsigned long apps_file_reads;
	unsigned long apps_heap_writes;
	unsigned long apps_heap_reads;
	unsigned long apps_bg_touches;
	unsigned long lmkd_minfree;
	unsigned long lmkd_hold_us;
	/* [workload] trace: the page-access trace of kind = trace (trace_replay.c) */
	char trace_path[SCN_PATH_LEN];

	/* [cost] */
	char cost_preset[COST_PRESET_NAME_LEN];	/* the last preset applied */
	struct sim_cost_model cost;
};

void scn_defaults(struct scn_scenario *s);
int scn_load(struct scn_scenario *s, const char *path, char *err,
	     size_t errlen);
int scn_parse_configs(const char *list, bool out[SCN_CFG_NR], char *err,
		      size_t errlen);
const char *scn_config_name(enum scn_config c);
int scn_write(const struct scn_scenario *s, FILE *out);
enum scn_swap_kind scn_swap_kind(const struct scn_scenario *s,
				 enum scn_config c);
const char *scn_swap_kind_name(enum scn_swap_kind k);

#endif /* _GCMA_SIM_SCENARIO_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The background workload: a stand-in for `make -j16` on the simulated
 * machine (page cache, anonymous memory, pins). Single-threaded and
 * driven by a seeded generator, so a seed gives one sequence of calls.
 */
#ifndef _GCMA_SIM_WORKLOAD_H
#define _GCMA_SIM_WORKLOAD_H

#include <stdint.h>

#include "scenario.h"

struct apps;
struct trace_replay;
struct sim_machine;
struct super_block;
struct inode;

struct wl_job {
	unsigned long unit;	/* first source page of the unit compiled */
	unsigned long len;	/* source pages in the unit */
	unsigned long done;	/* source pages of the unit read so far */
	unsigned long anon;	/* anonymous pages written so far */
	struct inode *heap;	/* the job's anonymous memory */
};

struct workload {
	const struct scn_scenario *s;
	struct sim_machine *m;
	uint64_t prng;
	struct super_block *fs, *anon_fs;
	struct inode *src, *hdr, *obj;
	struct wl_job *jobs;
	unsigned long next_unit;
	unsigned long obj_next, obj_flushed;
	unsigned long step;
	unsigned long pin_round;
	uint64_t ns;		/* virtual time the workload charged */
	uint64_t dev_ns;	/* of which asleep on the device */
	uint64_t events;	/* page-cache calls made */
	struct hurdles *hurdles;	/* [hurdles] (hurdles.c), or NULL */
	struct apps *apps;	/* [workload] kind = apps: the apps (apps.c) */
	struct trace_replay *replay;	/* kind = trace (trace_replay.c) */
};

int workload_init(struct workload *w, const struct scn_scenario *s,
		  struct sim_machine *m, int swap_type);
int workload_run(struct workload *w, unsigned long steps);
int workload_pins(struct workload *w);
void workload_fini(struct workload *w);
int workload_fs_stats(const struct workload *w, uint64_t *cc_hits,
		      uint64_t *disk_reads);

#endif /* _GCMA_SIM_WORKLOAD_H */

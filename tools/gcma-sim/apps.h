/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The apps background ([workload] kind = apps): a phone's apps, each with
 * an anonymous heap and a file working set, launched, switched between
 * foreground and background, killed by lmkd (docs/simulator.md,
 * "Backgrounds: apps and lmkd"). Single-threaded, every choice from the
 * seed.
 */
#ifndef _GCMA_SIM_APPS_H
#define _GCMA_SIM_APPS_H

#include <stdbool.h>
#include <stdint.h>

#include "lmkd.h"
#include "scenario.h"
#include "zipf.h"

struct sim_machine;
struct super_block;
struct inode;
struct trace_writer;

/**
 * struct apps_counts - what the apps did (cumulative).
 * @launches_cold: launches of an app that was not running.
 * @launches_warm: switches to an app running in the background.
 * @cold_ns: the cold launches' virtual time, summed.
 * @warm_ns: the warm launches' virtual time, summed.
 * @lmkd_kills: apps lmkd killed.
 * @oom_kills: apps killed because an access found no memory at all.
 * @switches: foreground switches.
 */
struct apps_counts {
	uint64_t launches_cold, launches_warm, cold_ns, warm_ns;
	uint64_t lmkd_kills, oom_kills, switches;
};

/**
 * struct app - one app.
 * @heap: its anonymous memory (the anonymous filesystem).
 * @file: its file working set (code, resources, databases).
 * @heap_pages: @heap's size.
 * @file_pages: @file's size.
 * @heap_used: heap pages written since launch (the heap grows first).
 * @heap_zipf: access skew over the heap.
 * @file_zipf: access skew over the file.
 */
struct app {
	struct inode *heap, *file;
	unsigned long heap_pages, file_pages, heap_used;
	struct zipf heap_zipf, file_zipf;
};

/**
 * struct apps - the apps background.
 * @s: the scenario.
 * @m: the machine.
 * @file_fs: the filesystem of the apps' files (its stats are the
 *	background's file counters).
 * @app: @nr apps.
 * @running: per app, alive.
 * @last_used: per app, the step it was last in the foreground.
 * @fg: the foreground app, -1 before the first launch.
 * @user: the generator of the user's choices (which app, when).
 * @access: the generator of the foreground app's page accesses.
 * @bg: the generator of the background apps' touches.
 * @pick: the apps' popularity (Zipf over their index).
 * @lmkd: the killer.
 * @step: steps run.
 * @switch_steps: steps between two foreground switches.
 * @bg_next: the next background app to touch (round robin).
 * @events: page-cache calls made.
 * @c: the counters.
 * @rec: where every access is recorded (--record-trace), or NULL.
 */
struct apps {
	const struct scn_scenario *s;
	struct sim_machine *m;
	struct super_block *file_fs;
	struct app *app;
	bool *running;
	uint64_t *last_used;
	unsigned int nr;
	int fg;
	uint64_t user, access, bg;
	struct zipf pick;
	struct lmkd lmkd;
	unsigned long step, switch_steps;
	unsigned int bg_next;
	uint64_t events;
	struct apps_counts c;
	struct trace_writer *rec;
};

int apps_init(struct apps *a, const struct scn_scenario *s,
	      struct sim_machine *m, struct super_block *file_fs,
	      struct super_block *anon_fs);
int apps_step(struct apps *a, uint64_t now_ns);
int apps_kill(struct apps *a, unsigned int i);
void apps_fini(struct apps *a);
void apps_record_start(struct apps *a, struct trace_writer *rec);

#endif /* _GCMA_SIM_APPS_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * App-side and memory accounting of one configuration's run: what the
 * background jobs did (disk reads, refaults, evictions, swap, cleancache)
 * and a /proc/meminfo-like summary of the machine (docs/simulator.md,
 * "App-side and memory accounting").
 */
#ifndef _GCMA_SIM_ACCOUNTING_H
#define _GCMA_SIM_ACCOUNTING_H

#include <stdbool.h>
#include <stdint.h>

#include "apps.h"
#include "trace_replay.h"

struct workload;
struct sim_machine;

/**
 * struct app_counts - the background's counters (cumulative; subtract
 * two snapshots for a phase).
 * @steps: workload steps run.
 * @ns: the jobs' virtual time (struct workload ns).
 * @dev_ns: of which asleep on the device.
 * @disk_reads: file pages read from disk.
 * @refaults: file reads of a page whose shadow entry was present.
 * @workingset: of those, refaults that made the page workingset.
 * @file_evictions: file pages reclaimed.
 * @anon_evictions: anonymous pages reclaimed (swapped out).
 * @swap_outs: anonymous pages written to swap (disk or frontswap).
 * @swap_ins: anonymous pages read back from swap.
 * @cc_hits: file reads served by cleancache.
 * @cc_stores: pages stored into cleancache (file pages and frontswap).
 * @cc_evictions: cleancache entries dropped by its LRU.
 * @cc_recalls: cleancache entries taken back by GCMA for a request.
 * @apps: the apps background's counters ([workload] kind = apps; else 0).
 */
struct app_counts {
	uint64_t steps, ns, dev_ns;
	uint64_t disk_reads, refaults, workingset, file_evictions;
	uint64_t anon_evictions, swap_outs, swap_ins;
	uint64_t cc_hits, cc_stores, cc_evictions, cc_recalls;
	struct apps_counts apps;
	struct trace_counts trace;	/* [workload] kind = trace */
};

/**
 * struct meminfo - a /proc/meminfo-like snapshot, in pages.
 * @at_slot: request slots done when taken.
 * @total: MemTotal: the machine's pages.
 * @free: MemFree.
 * @file: Cached: file pages in the page cache.
 * @active_file, @inactive_file: of those on the LRU.
 * @anon: AnonPages: the jobs' anonymous pages resident.
 * @active_anon, @inactive_anon: of those on the LRU.
 * @dirty: Dirty: dirty file and anonymous pages on the LRU.
 * @cma_total, @cma_free: CmaTotal, CmaFree (every classic CMA area, also
 *	beside GCMA's; 0 without one).
 * @carveout: the GCMA area, which page allocations cannot use.
 * @cleancache: pages cleancache holds.
 * @frontswap: pages frontswap holds (gcma.zram).
 * @gcma_alloc: GCMA pages allocated to requests, outstanding.
 */
struct meminfo {
	unsigned long at_slot;
	unsigned long total, free, file, active_file, inactive_file;
	unsigned long anon, active_anon, inactive_anon, dirty;
	unsigned long cma_total, cma_free, carveout;
	unsigned long cleancache, frontswap, gcma_alloc;
};

int app_counts_get(const struct workload *w, struct app_counts *out);
void app_counts_sub(struct app_counts *a, const struct app_counts *b);
int meminfo_get(const struct workload *w, unsigned long carveout,
		unsigned long cma_pages, unsigned long slot,
		struct meminfo *out);

#endif /* _GCMA_SIM_ACCOUNTING_H */

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * App-side and memory accounting (accounting.h): the background's
 * counters from the simulated filesystems and cleancache, and a
 * /proc/meminfo-like snapshot of the machine.
 */
#include <errno.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "accounting.h"
#include "apps.h"
#include "trace_replay.h"
#include "workload.h"

/**
 * app_counts_get() - the background's counters so far.
 * @w: the workload (its machine attached to the calling thread).
 * @out: filled.
 *
 * Context: Process context, attached to the workload's machine.
 * Return: 0; -errno from the statistics calls.
 */
int app_counts_get(const struct workload *w, struct app_counts *out)
{
	struct sim_fs_stats f, a;
	struct cleancache_stats cc;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = sim_fs_get_stats(w->fs, &f);
	if (!ret)
		ret = sim_fs_get_stats(w->anon_fs, &a);
	if (ret)
		return ret;
	out->steps = w->step;
	out->ns = w->ns;
	out->dev_ns = w->dev_ns;
	out->disk_reads = f.disk_reads;
	out->refaults = f.refaults;
	out->workingset = f.workingset;
	out->file_evictions = f.evictions;
	out->anon_evictions = a.evictions;
	/* Every anonymous writeback is a swap-out: to frontswap or disk. */
	out->swap_outs = a.writebacks;
	out->swap_ins = a.swap_ins + a.disk_reads;
	out->cc_hits = f.cleancache_hits + f.readahead_restored;
	/* No cleancache (cma): its counters stay 0. */
	if (!cleancache_stats_get(&cc)) {
		out->cc_stores = cc.stored;
		out->cc_evictions = cc.reclaimed;
		out->cc_recalls = cc.recalled;
	}
	if (w->apps)
		out->apps = w->apps->c;
	if (w->replay)
		out->trace = w->replay->c;
	return 0;
}

/**
 * app_counts_sub() - @a -= @b, field by field (a phase's counts).
 * @a: the later snapshot; becomes the difference.
 * @b: the earlier one.
 *
 * Context: Any context.
 * Return: nothing.
 */
void app_counts_sub(struct app_counts *a, const struct app_counts *b)
{
	uint64_t *x = (uint64_t *)a;
	const uint64_t *y = (const uint64_t *)b;

	for (size_t i = 0; i < sizeof(*a) / sizeof(uint64_t); i++)
		x[i] -= y[i];
}

/**
 * meminfo_get() - a /proc/meminfo-like snapshot of the workload's machine.
 * @w: the workload.
 * @carveout: pages of the GCMA areas (the carve-out), 0 without GCMA.
 * @cma_pages: pages of the classic CMA areas (CmaTotal), 0 without any.
 * @slot: request slots done, recorded in the snapshot.
 * @out: filled.
 *
 * Context: Process context, attached to the workload's machine.
 * Return: 0; -errno from the statistics calls.
 */
int meminfo_get(const struct workload *w, unsigned long carveout,
		unsigned long cma_pages, unsigned long slot,
		struct meminfo *out)
{
	struct sim_fs_usage f, a;
	struct cleancache_stats cc;
	struct sim_frontswap_stats fs;
	struct gcma_area_info gi;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = sim_fs_get_usage(w->fs, &f);
	if (!ret)
		ret = sim_fs_get_usage(w->anon_fs, &a);
	if (ret)
		return ret;
	out->at_slot = slot;
	out->total = w->s->nr_pages;
	out->free = sim_nr_free_pages(w->m);
	out->file = f.cached;
	out->active_file = f.active;
	out->inactive_file = f.cached - f.active;
	out->anon = a.cached;
	out->active_anon = a.active;
	out->inactive_anon = a.cached - a.active;
	out->dirty = f.dirty + a.dirty;
	out->carveout = carveout;
	for (int i = 0; carveout && i < gcma_nr_areas(); i++)
		if (!gcma_area_get_info(i, &gi))
			out->gcma_alloc += gi.allocated;
	/* Every classic area, beside GCMA's or not: their free CMA pages. */
	if (cma_pages) {
		out->cma_total = cma_pages;
		out->cma_free = sim_nr_free_cma_pages(w->m);
	}
	if (!cleancache_stats_get(&cc))
		out->cleancache = cc.cached;
	if (!sim_frontswap_stats_get(&fs))
		out->frontswap = fs.stored;
	return 0;
}

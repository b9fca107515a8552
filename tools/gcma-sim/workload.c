// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The background workload, a stand-in for `make -j16` of a kernel tree
 * (the 2015 RFC v2 evaluation's background job).
 *
 * One step is one job (round robin over [workload] jobs) doing a slice of
 * a compile:
 *   - read src_reads pages of its compile unit (unit_pages, give or take
 *     unit_jitter_pct percent, of the source
 *     tree, read once per pass over the tree; the tree is larger than
 *     memory, so a second pass refaults: evicted clean pages come back
 *     from cleancache when there is one);
 *   - read hdr_reads header pages, skewed towards a hot set (re-reads:
 *     the working set, what cleancache keeps);
 *   - write anon_writes pages of its anonymous memory (a fs with .anon:
 *     dirty, mapped, swapped out under pressure), then read anon_reads
 *     random pages of what it wrote (a swapped-out page is swapped in);
 *   - at the end of a unit: write the object (unit_pages / 4 dirty pages
 *     of the object file) and exit: its anonymous memory is truncated.
 * Every flush_every steps a flusher writes back the object pages written
 * since the last flush. Each step also lets cpu_us of compile time pass
 * (sim_clock_advance: idle for the model, but timed pins expire).
 *
 * Pins (workload_pins(), once per foreground request) come from
 * sim_pin_random() with the workload's generator: O_DIRECT pins held for
 * odirect_hold_us of virtual time, vmsplice pins held for vmsplice_hold
 * rounds, long-term GUP pins held for longterm_hold rounds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "apps.h"
#include "contention.h"
#include "hurdles.h"
#include "splitmix.h"
#include "swap_kind.h"
#include "trace_replay.h"
#include "workload.h"

static unsigned long wl_below(uint64_t *state, unsigned long bound)
{
	return (unsigned long)(((unsigned __int128)splitmix64(state) * bound) >>
			       64);
}

static int wl_read(struct workload *w, struct inode *inode, pgoff_t index)
{
	w->events++;
	return sim_page_cache_read(inode, index, NULL);
}

static int wl_write(struct workload *w, struct inode *inode, pgoff_t index)
{
	w->events++;
	return sim_page_cache_write(inode, index);
}

/**
 * workload_init() - mount the filesystems and create the files.
 * @w: the workload, filled.
 * @s: the scenario (kept by reference).
 * @m: the machine; the calling thread is attached to it and it is booted.
 * @swap_type: a swap type (sim_swapon()) the anonymous memory swaps
 *	through, -1 for none (plain writeback and disk reads), or
 *	SWAP_TYPE_NONE: no swap at all (swap_kind.h).
 *
 * Context: Process context, attached to @m.
 * Return: 0; -errno from the filesystem calls (nothing left mounted).
 */
/*
 * Give @job the next compile unit of the source tree: unit_pages long,
 * give or take unit_jitter_pct percent drawn from the seed (real units
 * differ, and equal ones would keep the jobs in lockstep: all objects
 * written in one burst every unit). The tree is read in passes.
 */
static void wl_next_unit(struct workload *w, struct wl_job *job)
{
	const struct scn_scenario *s = w->s;
	unsigned long spread = s->unit_pages * s->unit_jitter_pct / 100;
	unsigned long len = s->unit_pages - spread +
			    wl_below(&w->prng, 2 * spread + 1);

	if (!len)
		len = 1;
	if (len > s->src_pages)
		len = s->src_pages;
	if (w->next_unit + len > s->src_pages)
		w->next_unit = 0;
	job->unit = w->next_unit;
	job->len = len;
	job->done = 0;
	w->next_unit += len;
}

/* [workload] kind = apps: the apps on the two filesystems (apps.c). */
static int workload_apps_init(struct workload *w)
{
	w->apps = calloc(1, sizeof(*w->apps));
	if (!w->apps)
		return -ENOMEM;
	return apps_init(w->apps, w->s, w->m, w->fs, w->anon_fs);
}

/*
 * [workload] kind = trace: the trace's objects on the two filesystems
 * (trace_replay.c); one step covers cpu_us of the trace's time. The
 * file was checked before the run (gcma-sim names a bad line then).
 */
static int workload_trace_init(struct workload *w)
{
	char err[TRACE_ERR_LEN];

	w->replay = calloc(1, sizeof(*w->replay));
	if (!w->replay)
		return -ENOMEM;
	return trace_replay_init(w->replay, w->s->trace_path,
				 (uint64_t)(w->s->cpu_us ? w->s->cpu_us : 1) *
				 1000, w->fs,
				 w->anon_fs, err, sizeof(err));
}

int workload_init(struct workload *w, const struct scn_scenario *s,
		  struct sim_machine *m, int swap_type)
{
	struct sim_fs_options anon = {
		.anon = true, .swap = swap_type >= 0, .swap_type = swap_type,
		.no_swap = swap_type == SWAP_TYPE_NONE,
	};
	int ret;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->m = m;
	w->prng = s->seed ^ 0x6b6275696c64ULL;	/* "kbuild" */
	w->jobs = calloc(s->jobs, sizeof(*w->jobs));
	if (!w->jobs)
		return -ENOMEM;
	ret = sim_fs_mount("kbuild", s->nr_pages, &w->fs);
	if (ret)
		goto fail;
	ret = sim_fs_mount_opts("anon", s->nr_pages, &anon, &w->anon_fs);
	if (ret)
		goto fail;
	if (s->bg_kind == SCN_BG_APPS) {
		ret = workload_apps_init(w);
		goto hurdles;
	}
	if (s->bg_kind == SCN_BG_TRACE) {
		ret = workload_trace_init(w);
		if (ret)
			goto fail;
		return 0;
	}
	ret = sim_inode_create(w->fs, 1, (int64_t)s->src_pages * PAGE_SIZE,
			       &w->src);
	if (!ret)
		ret = sim_inode_create(w->fs, 2,
				       (int64_t)s->hdr_pages * PAGE_SIZE,
				       &w->hdr);
	if (!ret)
		ret = sim_inode_create(w->fs, 3,
				       (int64_t)(s->obj_pages ? s->obj_pages : 1) *
				       PAGE_SIZE, &w->obj);
	for (unsigned long j = 0; !ret && j < s->jobs; j++) {
		ret = sim_inode_create(w->anon_fs, 100 + j,
				       (int64_t)s->anon_pages * PAGE_SIZE,
				       &w->jobs[j].heap);
		wl_next_unit(w, &w->jobs[j]);
	}
hurdles:
	if (!ret)
		ret = hurdles_init(w, swap_type == SWAP_TYPE_NONE);
	if (ret)
		goto fail;
	return 0;
fail:
	workload_fini(w);
	return ret;
}

/* The job finished its unit: write the object, exit, take the next unit. */
static int wl_unit_done(struct workload *w, struct wl_job *job)
{
	const struct scn_scenario *s = w->s;
	unsigned long nr = s->obj_pages ? job->len / 4 + 1 : 0;
	int ret;

	for (unsigned long i = 0; i < nr; i++) {
		ret = wl_write(w, w->obj, w->obj_next);
		if (ret)
			return ret;
		w->obj_next = (w->obj_next + 1) % s->obj_pages;
	}
	ret = sim_page_cache_truncate(job->heap, 0);
	if (!ret)
		ret = sim_page_cache_truncate(job->heap,
				(int64_t)s->anon_pages * PAGE_SIZE);
	if (ret)
		return ret;
	job->anon = 0;
	wl_next_unit(w, job);
	return 0;
}

/* The flusher: write back the object pages written since the last flush. */
static int wl_flush(struct workload *w)
{
	const struct scn_scenario *s = w->s;

	while (s->obj_pages && w->obj_flushed != w->obj_next) {
		int ret = sim_page_cache_writeback(w->obj, w->obj_flushed);

		if (ret && ret != -ENOENT)
			return ret;
		w->events++;
		w->obj_flushed = (w->obj_flushed + 1) % s->obj_pages;
	}
	return 0;
}

/* One step of the apps background: its page-cache calls are counted. */
static int wl_apps_step(struct workload *w)
{
	uint64_t before = w->apps->events;
	int ret = apps_step(w->apps, w->ns);

	w->events += w->apps->events - before;
	w->step++;
	return ret;
}

static int wl_step(struct workload *w)
{
	const struct scn_scenario *s = w->s;
	struct wl_job *job = &w->jobs[w->step % s->jobs];
	int ret = 0;

	if (w->apps)
		return wl_apps_step(w);
	if (w->replay) {
		ret = trace_replay_step(w->replay, w->step, &w->events);
		w->step++;
		return ret;
	}

	for (unsigned long i = 0; !ret && i < s->src_reads; i++) {
		if (job->done == job->len) {
			ret = wl_unit_done(w, job);
			if (ret)
				break;
		}
		ret = wl_read(w, w->src, job->unit + job->done++);
	}
	for (unsigned long i = 0; !ret && i < s->hdr_reads; i++) {
		unsigned long x = wl_below(&w->prng, s->hdr_pages);
		unsigned long y = wl_below(&w->prng, s->hdr_pages);

		/* x * y / n: dense near 0, the hot headers. */
		ret = wl_read(w, w->hdr,
			      (unsigned long)((unsigned __int128)x * y /
					      s->hdr_pages));
	}
	for (unsigned long i = 0; !ret && i < s->anon_writes; i++) {
		unsigned long idx;

		if (job->anon < s->anon_pages)
			idx = job->anon++;
		else
			idx = wl_below(&w->prng, s->anon_pages);
		ret = wl_write(w, job->heap, idx);
	}
	/* Touch pages written earlier: a swapped-out one comes back in. */
	for (unsigned long i = 0; !ret && job->anon && i < s->anon_reads; i++)
		ret = wl_read(w, job->heap, wl_below(&w->prng, job->anon));
	if (!ret && s->flush_every && w->step % s->flush_every == 0)
		ret = wl_flush(w);
	w->step++;
	return ret;
}

/**
 * workload_run() - run @steps steps of the background workload.
 * @w: the workload.
 * @steps: how many.
 *
 * The virtual time the steps charged to the calling thread is added to
 * @w->ns; then cpu_us per step passes (sim_clock_advance()), which is
 * added to @w->ns too: the job's own compile time. The device part of
 * the charged time (sched_split()) is added to @w->dev_ns.
 *
 * Context: Process context, attached to the workload's machine.
 * Return: 0; -errno from the page cache (-ENOMEM: memory could not be
 * found even by reclaim).
 */
int workload_run(struct workload *w, unsigned long steps)
{
	struct sim_cost_model model;
	struct sim_cost_account a;
	struct sched_split sp;
	uint64_t cpu_ns = (uint64_t)w->s->cpu_us * 1000;
	int ret = sim_cost_model_get(w->m, &model);

	for (unsigned long i = 0; i < steps && !ret; i++) {
		sim_cost_account_reset();
		ret = wl_step(w);
		/* kswapd keeps the high watermark free, on the jobs' CPUs. */
		if (!ret && w->s->free_target)
			sim_fs_reclaim(w->m, w->s->free_target);
		sim_cost_account_get(&a);
		w->ns += a.ns + cpu_ns;
		sched_split(&model, &a, &sp);
		w->dev_ns += sp.dev_ns;
		if (cpu_ns)
			sim_clock_advance(w->m, cpu_ns);
	}
	return ret;
}

static void wl_holder(char *buf, size_t len, const char *kind,
		      unsigned long round)
{
	snprintf(buf, len, "%s-%lu", kind, round);
}

/*
 * Pages pinned right after they are allocated (a driver's I/O buffer,
 * a page-cache page being read): order-0 movable allocations, each
 * pinned (SIM_PIN_FRESH: reported as its own cause, "fresh") for
 * fresh_hold_us and freed when the pin ends. The pages come from the
 * per-CPU list first, so with CMA pages freed to the lists they are
 * often CMA pages (the 2013 thread's problem). Return: pages pinned.
 */
static long wl_fresh_pins(struct workload *w)
{
	uint64_t hold_ns = (uint64_t)w->s->fresh_hold_us * 1000;
	long n = 0;

	for (unsigned long i = 0; i < w->s->fresh; i++) {
		struct folio *folio = folio_alloc(GFP_HIGHUSER_MOVABLE |
						  __GFP_NOWARN, 0);
		int ret;

		if (!folio)
			break;
		ret = sim_pin_folio(folio, SIM_PIN_FRESH, hold_ns, "fresh",
				    NULL);
		folio_put(folio);
		if (ret)
			return ret;
		n++;
	}
	return n;
}

/**
 * workload_pins() - one round of pinning by the workload's I/O users.
 * @w: the workload.
 *
 * Releases the vmsplice and long-term pins whose hold (in rounds) is up,
 * then pins new folios chosen by sim_pin_random() with the workload's
 * generator. The time pinning takes is not charged (it is the users').
 *
 * Context: Process context, attached to the workload's machine.
 * Return: 0; -errno from the pin calls.
 */
int workload_pins(struct workload *w)
{
	const struct scn_scenario *s = w->s;
	unsigned long r = w->pin_round++;
	struct sim_pin_random_req req[3];
	char holder[32], vm_holder[32];
	unsigned int n = 0;
	long ret = 0;

	if (r >= s->vmsplice_hold) {
		wl_holder(holder, sizeof(holder), "vmsplice",
			  r - s->vmsplice_hold);
		sim_unpin_holder(w->m, holder);
	}
	if (r >= s->longterm_hold) {
		wl_holder(holder, sizeof(holder), "gup", r - s->longterm_hold);
		sim_unpin_holder(w->m, holder);
	}
	/* One memmap scan for the three kinds (the same pins as three calls). */
	if (s->odirect)
		req[n++] = (struct sim_pin_random_req){ SIM_PIN_ODIRECT,
			s->odirect, (uint64_t)s->odirect_hold_us * 1000,
			"odirect", 0 };
	if (s->vmsplice) {
		wl_holder(vm_holder, sizeof(vm_holder), "vmsplice", r);
		req[n++] = (struct sim_pin_random_req){ SIM_PIN_VMSPLICE,
			s->vmsplice, 0, vm_holder, 0 };
	}
	if (s->longterm) {
		wl_holder(holder, sizeof(holder), "gup", r);
		req[n++] = (struct sim_pin_random_req){ SIM_PIN_LONGTERM,
			s->longterm, 0, holder, 0 };
	}
	if (n)
		ret = sim_pin_random_batch(w->m, req, n, &w->prng);
	if ((ret >= 0 || ret == -ENOMEM) && s->fresh)
		ret = wl_fresh_pins(w);
	if (ret >= 0 || ret == -ENOMEM)
		ret = hurdles_round(w, r);
	/* Nothing to pin is not an error: the machine may be nearly empty. */
	return ret < 0 && ret != -ENOMEM ? (int)ret : 0;
}

/**
 * workload_fs_stats() - cleancache hits and disk reads of the file fs.
 * @w: the workload.
 * @cc_hits: reads served by cleancache.
 * @disk_reads: pages read from disk.
 *
 * Context: Process context, attached to the workload's machine.
 * Return: 0; -errno from sim_fs_get_stats().
 */
int workload_fs_stats(const struct workload *w, uint64_t *cc_hits,
		      uint64_t *disk_reads)
{
	struct sim_fs_stats st;
	int ret = sim_fs_get_stats(w->fs, &st);

	if (ret)
		return ret;
	*cc_hits = st.cleancache_hits + st.readahead_restored;
	*disk_reads = st.disk_reads;
	return 0;
}

/**
 * workload_fini() - release every pin and unmount.
 * @w: the workload.
 *
 * Context: Process context, attached to the workload's machine.
 * Return: nothing.
 */
void workload_fini(struct workload *w)
{
	char holder[32];

	if (w->m) {
		hurdles_fini(w);
		sim_unpin_holder(w->m, "odirect");
		sim_unpin_holder(w->m, "fresh");
		for (unsigned long r = 0; r < w->pin_round; r++) {
			wl_holder(holder, sizeof(holder), "vmsplice", r);
			sim_unpin_holder(w->m, holder);
			wl_holder(holder, sizeof(holder), "gup", r);
			sim_unpin_holder(w->m, holder);
		}
	}
	if (w->apps) {
		apps_fini(w->apps);
		free(w->apps);
	}
	if (w->replay) {
		trace_replay_fini(w->replay);
		free(w->replay);
	}
	if (w->anon_fs)
		sim_fs_unmount(w->anon_fs);
	if (w->fs)
		sim_fs_unmount(w->fs);
	free(w->jobs);
	memset(w, 0, sizeof(*w));
}

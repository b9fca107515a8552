// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The engine. For each configuration asked for:
 *
 *   1. a metadata-only machine (SIM_DATA_NONE: nothing copies 4 KiB) of
 *      [machine] pages with the scenario's cost model, the area declared
 *      at boot at the top of memory: classic (cma) or with guarantee
 *      (gcma, gcma.zram);
 *   2. the background workload warms up (fills memory, so the classic
 *      area holds movable pages and the GCMA area cached clean pages);
 *   3. for each request size, repeat times: [workload] steps of background
 *      work, one round of pins, then one cma_alloc() whose latency is the
 *      calling thread's cost account delta (virtual time,
 *      docs/cost-model.md) plus its waits for a CPU while runnable
 *      (contention.c); a successful request is released at once; then
 *      the background steps that ran on the other CPUs meanwhile;
 *   4. the invariant checkers (cma, gcma, cleancache, page allocator,
 *      frontswap) and the violation log: a failure is a failed check
 *      (exit 1);
 *   5. with [run] baseline, the same machine and workload again without
 *      the requests (the same steps at the same points), forked off the
 *      request pass's warm-up (baseline_fork.c): background
 *      slowdown after the warm-up = (the jobs' time + what the requests
 *      took from them) / the jobs' time without - 1;
 *   6. the app-side and memory accounting (accounting.c) of both passes.
 *
 * Single-threaded, every choice from the seed: the same scenario and seed
 * give the same numbers.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "engine.h"
#include "baseline_fork.h"
#include "clients_run.h"
#include "config_proc.h"
#include "contention.h"
#include "engine_machine.h"
#include "fork_gate.h"
#include "swap_kind.h"
#include "apps.h"
#include "trace_record.h"
#include "workload.h"

/*
 * The configuration's swap ([swap], swap_kind.c): by default gcma.zram's
 * zram-like device with frontswap on the GCMA area, a plain disk
 * writeback for cma and gcma (docs/simulator.md "Swap per configuration").
 */
static int engine_swap_setup(const struct scn_scenario *s, enum scn_config c,
			     struct eng_machine *em)
{
	return swap_kind_setup(s, c, &em->swap_type);
}

/* Switch the swap type off: before GCMA's pages are taken back. */
static void engine_swap_teardown(struct eng_machine *em)
{
	if (em->swap_type < 0)
		return;
	sim_swapoff(em->swap_type);
	em->swap_type = -1;
}

static void engine_machine_down(struct eng_machine *em)
{
	if (!em->m)
		return;
	engine_swap_teardown(em);
	sim_thread_detach();
	sim_machine_destroy(em->m);
	em->m = NULL;
}

static int engine_machine_up(const struct scn_scenario *s, enum scn_config c,
			     struct eng_machine *em)
{
	struct sim_machine_config cfg = {
		.name = scn_config_name(c),
		.nr_pages = s->nr_pages,
		.data_mode = SIM_DATA_NONE,
		.violation_mode = SIM_VIOLATION_RECORD,
		.seed = s->seed,
	};
	unsigned long tag_start = 0;
	int ret;

	memset(em, 0, sizeof(*em));
	em->swap_type = -1;
	ret = sim_machine_create(&cfg, &em->m);
	if (ret)
		return ret;
	ret = sim_thread_attach(em->m);
	if (ret) {
		sim_machine_destroy(em->m);
		em->m = NULL;
		return ret;
	}
	ret = sim_cost_model_set(em->m, &s->cost);
	if (!ret && s->areas.nr_areas)
		ret = clients_declare_areas(s, c, em);
	else if (!ret)
		ret = sim_cma_declare(em->m, "area",
				      s->nr_pages - s->area_pages,
				      s->area_pages, 0, c != SCN_CFG_CMA,
				      &em->area);
	if (!ret)
		ret = tagstore_reserve(s, em->m, &tag_start);
	if (!ret)
		ret = sim_machine_boot_done(em->m);
	if (!ret)
		ret = tagstore_register(s, tag_start);
	if (!ret)
		ret = sim_pin_set_longterm_migrates(em->m,
						    s->longterm_migrates);
	if (!ret)
		ret = sim_page_alloc_set_cma_balance(em->m, s->cma_balance);
	/* One CPU slot: the run must not depend on where its thread runs. */
	if (!ret && s->pcp)
		ret = sim_page_alloc_set_pcp(em->m, 1, s->pcp_high,
					     s->pcp_batch);
	if (!ret)
		ret = sim_page_alloc_set_cma_pcp(em->m, !s->cma_pcp_buddy);
	if (!ret)
		ret = engine_swap_setup(s, c, em);
	if (ret)
		engine_machine_down(em);
	return ret;
}

/* What frontswap and the anonymous memory's swap did in @w's run. */
static void engine_swap_stats(const struct workload *w, struct cfg_result *r)
{
	struct sim_fs_stats st = { 0 };

	r->has_swap = !sim_frontswap_stats_get(&r->fsw) &&
		      !sim_fs_get_stats(w->anon_fs, &st);
	r->swap_outs = st.swap_outs;
	r->swap_ins = st.swap_ins;
	r->swap_full = st.swap_full;
}

/* Every checker passes and nothing was reported; else fill @r's message. */
static bool engine_check(struct eng_machine *em, struct cfg_result *r,
			 const char *when)
{
	int c = cma_check(), g = gcma_check() ?: tag_storage_check();
	int cc = cleancache_check();
	int p = sim_page_alloc_check(em->m), f = frontswap_check();
	unsigned long v = sim_violation_count(em->m);

	if (!c && !g && !cc && !p && !f && !v)
		return true;
	if (!r->check_failed) {
		struct sim_violation sv;
		char first[128] = "";

		if (v && !sim_violation_get(em->m, 0, &sv))
			snprintf(first, sizeof(first), "; first: %s in %s()",
				 sv.kind, sv.func);
		snprintf(r->check_msg, sizeof(r->check_msg),
			 "%s: cma_check %d gcma_check %d cleancache_check %d page_alloc_check %d frontswap_check %d violations %lu%s",
			 when, c, g, cc, p, f, v, first);
	}
	r->check_failed = true;
	return false;
}

static void engine_trace(FILE *t, enum scn_config c, unsigned long pages,
			 unsigned long rep, int ret,
			 const struct sim_cost_account *a,
			 const struct sim_cause_account *ca)
{
	fprintf(t, "%s,%lu,%lu,%d,%" PRIu64 ",%" PRIu64, scn_config_name(c),
		pages, rep, ret, a->ns, a->wait_ns);
	for (int ev = 0; ev < SIM_COST_NR; ev++)
		if (a->count[ev])
			fprintf(t, ",%s=%" PRIu64, sim_cost_event_name(ev),
				a->count[ev]);
	causes_trace(t, ca);
	fputc('\n', t);
}

/*
 * Progress (progress.c) counts workload steps: one per warm-up step,
 * steps + 1 per request slot (the request and the steps around it).
 */
#define ENGINE_WARMUP_CHUNK	256

/* The warm-up in chunks, so the progress line moves through it. */
static int engine_warmup(struct sim_run *run, struct workload *w)
{
	unsigned long left = run->s->warmup_steps;
	int ret = 0;

	while (left && !ret) {
		unsigned long n = left < ENGINE_WARMUP_CHUNK ? left :
				  ENGINE_WARMUP_CHUNK;

		ret = workload_run(w, n);
		left -= n;
		progress_advance(run->prog, n);
		fork_gate_point();
	}
	return ret;
}

/*
 * What request account @a cost the background jobs, added to @r:
 *   - its CPU time displaced the jobs' CPU time, its device time their
 *     device time, each in the proportion the jobs use that resource
 *     (@dev_share: their device time / their time so far);
 *   - each mapped folio it migrated (one page_unmap each) leaves an
 *     after-cost on the job that maps it: a TLB-shootdown IPI on each of
 *     the other CPUs and a minor fault on the next touch of the
 *     migration entry ([sched] ipi_ns, fault_ns).
 */
static void engine_bg_loss(const struct scn_scenario *s, struct cfg_result *r,
			   const struct sim_cost_account *a,
			   const struct sched_split *sp, double dev_share)
{
	uint64_t moved = a->count[SIM_COST_PAGE_UNMAP];
	uint64_t after = moved * (s->fault_ns + (s->cpus - 1) * s->ipi_ns);

	r->fg_cpu_ns += sp->cpu_ns;
	r->fg_dev_ns += sp->dev_ns;
	r->after_ns += after;
	r->lost_ns += (uint64_t)((double)sp->cpu_ns * (1.0 - dev_share) +
				 (double)sp->dev_ns * dev_share) + after;
}

/* The jobs' device share so far: their device time / their time. */
static double engine_dev_share(const struct workload *w)
{
	return w->ns ? (double)w->dev_ns / (double)w->ns : 0.0;
}

/**
 * engine_alloc_measured() - one measured cma_alloc() from @area.
 * @run: the run; @c: the configuration; @em: its machine.
 * @area: the area asked.
 * @sm: the contention model; @w: the background (its device share).
 * @pages: the request's size; @rep: its number on the trace line.
 * @page: the buffer, when @res is 0 (the caller releases it).
 * @ns: its latency; @res: cma_alloc()'s result (0 or -errno).
 * @bg_ns: the background's progress meanwhile (engine_request()).
 *
 * Context: The configuration's thread, attached to @em's machine.
 * Return: 0 (the request's own result is in @res); -errno when the cost
 * model cannot be read.
 */
int engine_alloc_measured(struct sim_run *run, enum scn_config c,
			  struct eng_machine *em, struct cma *area,
			  struct sched_model *sm, const struct workload *w,
			  unsigned long pages, unsigned long rep,
			  struct page **page, uint64_t *ns, int *res,
			  uint64_t *bg_ns)
{
	struct sim_cost_model model;
	struct sim_cost_account a;
	struct sim_cause_account ca;
	struct sched_split sp;
	double share = engine_dev_share(w);
	uint64_t wait;
	int ret;

	*page = NULL;
	ret = sim_cost_model_get(em->m, &model);
	if (ret)
		return ret;
	sim_cost_account_reset();
	sim_cause_account_reset();
	ret = cma_alloc_pages(area, pages,
			      sched_request_align(run->s, pages), GFP_KERNEL,
			      page);
	sim_cost_account_get(&a);
	sim_cause_account_get(&ca);
	sched_split(&model, &a, &sp);
	/*
	 * [sched] jobs_sleep: the jobs asleep on the device leave their CPU;
	 * the runnable ones, jobs x (1 - share), keep that many of the cpus
	 * busy, and only then is a request preempted.
	 */
	if (run->s->jobs_sleep)
		sm->busy = (double)run->s->jobs * (1.0 - share) /
			   (double)run->s->cpus;
	wait = sched_wait(sm, sp.cpu_ns, sp.sleeps);
	/* Latency: the account plus the waits for a CPU when runnable. */
	a.ns += wait;
	a.wait_ns += wait;
	*ns = a.ns;
	*res = ret;
	*bg_ns = a.ns - (uint64_t)((double)sp.dev_ns * share);
	run->cfg[c].fg_wait_ns += wait;
	engine_bg_loss(run->s, &run->cfg[c], &a, &sp, share);
	causes_add(&run->cfg[c].causes, &ca, a.ns, wait, ret);
	if (run->cfg[c].trace)
		engine_trace(run->cfg[c].trace, c, pages, rep, ret, &a, &ca);
	return 0;
}

/*
 * One request of the [requests] sizes: measured, traced, released at
 * once. Its latency is its account plus its waits for a CPU
 * (contention.c); the background's progress meanwhile, in its own time,
 * is returned in @bg_ns: the latency less the part of its device time
 * the jobs could not use the device.
 */
static int engine_request(struct sim_run *run, enum scn_config c,
			  struct eng_machine *em, struct sched_model *sm,
			  const struct workload *w, unsigned long pages,
			  unsigned long rep, uint64_t *ns, int *res,
			  uint64_t *bg_ns)
{
	struct page *page;
	int ret = engine_alloc_measured(run, c, em, em->area, sm, w, pages,
					rep, &page, ns, res, bg_ns);

	if (!ret && !*res)
		return cma_release_pages(em->area, page, pages);
	return ret;
}

/*
 * The background steps that ran on the other CPUs while a request ran:
 * @bg_ns of progress at the jobs' mean step time so far, the remainder
 * carried in @carry. Run after the request (the model is one thread).
 */
static unsigned long engine_steps_during(const struct workload *w,
					 uint64_t bg_ns, uint64_t *carry)
{
	uint64_t per_step = w->step ? w->ns / w->step : 0;
	unsigned long n;

	if (!per_step)
		return 0;
	*carry += bg_ns;
	n = (unsigned long)(*carry / per_step);
	*carry -= (uint64_t)n * per_step;
	return n;
}

/**
 * engine_meminfo() - a meminfo snapshot into @r's list (requests pass).
 * @s: the scenario; @c: the configuration.
 * @w: the background on the machine.
 * @r: the configuration's results.
 * @slot: requests done.
 *
 * Context: The configuration's thread, attached to its machine.
 * Return: 0; -ENOMEM; -errno from meminfo_get().
 */
int engine_meminfo(const struct scn_scenario *s, enum scn_config c,
		   const struct workload *w, struct cfg_result *r,
		   unsigned long slot)
{
	struct meminfo *mi = realloc(r->mi, (r->nr_mi + 1) * sizeof(*mi));
	unsigned long carveout = 0, cma = s->area_pages;

	if (!mi)
		return -ENOMEM;
	r->mi = mi;
	if (s->areas.nr_areas) {
		clients_meminfo_area(s, c, &carveout, &cma);
	} else if (c != SCN_CFG_CMA) {
		carveout = cma;
		cma = 0;
	}
	return meminfo_get(w, carveout, cma, slot, &r->mi[r->nr_mi++]);
}

/*
 * One pass of configuration @c: with requests (measured into @r) or
 * without (the baseline: only @r->bg_base_ns). With @bf, the request
 * pass forks the baseline pass off its warm-up (baseline_fork.c): the
 * child goes on from there as the baseline pass.
 */
static int engine_pass(struct sim_run *run, enum scn_config c,
		       struct cfg_result *r, bool requests,
		       struct baseline_fork *bf)
{
	const struct scn_scenario *s = run->s;
	unsigned long total = s->nr_sizes * s->repeat +
			      scn_areas_requests(&s->areas);
	struct eng_machine em;
	struct sched_model sm;
	struct workload w;
	struct app_counts start;
	struct tagstore_stats tag_base = { 0 };
	uint64_t *ns = NULL, carry = 0;
	int *res = NULL;
	int ret;

	if (requests) {
		free(r->extra);
		free(r->lat_ns);
		free(r->lat_ret);
		r->extra = calloc(total ? total : 1, sizeof(*r->extra));
		r->lat_ns = calloc(total ? total : 1, sizeof(*r->lat_ns));
		r->lat_ret = calloc(total ? total : 1, sizeof(*r->lat_ret));
		if (!r->extra || !r->lat_ns || !r->lat_ret)
			return -ENOMEM;
	}
	ret = engine_machine_up(s, c, &em);
	if (ret)
		return ret;
	ns = calloc(s->repeat, sizeof(*ns));
	res = calloc(s->repeat, sizeof(*res));
	if (!ns || !res) {
		ret = -ENOMEM;
		goto out_machine;
	}
	sched_init(&sm, s);
	ret = workload_init(&w, s, em.m, em.swap_type);
	if (ret)
		goto out_machine;
	/* --record-trace: the apps' accesses of this pass, warm-up first. */
	if (requests && run->record && w.apps)
		apps_record_start(w.apps, run->record);
	progress_phase(run->prog, r->slot, r->name,
		       requests ? "warm-up" : "baseline warm-up");
	ret = engine_warmup(run, &w);
	if (!ret && bf && baseline_fork_start(bf, run, r)) {
		requests = false;	/* the child: the baseline pass */
		if (w.apps)
			w.apps->rec = NULL;	/* the parent records */
	}
	progress_phase(run->prog, r->slot, r->name,
		       requests ? "requests" : "baseline");
	if (!ret)
		ret = app_counts_get(&w, &start);
	/* [client.NAME]s instead of the [requests] sizes (nr_sizes is 0). */
	if (!ret && s->areas.nr_clients)
		ret = clients_pass(run, c, r, &em, &sm, &w, requests ?
				   &r->tagstore : &tag_base, requests);
	for (unsigned int si = 0; !ret && si < s->nr_sizes; si++) {
		for (unsigned long k = 0; !ret && k < s->repeat; k++) {
			unsigned long slot = si * s->repeat + k;
			uint64_t bg_ns = 0;

			ret = workload_run(&w, s->steps);
			if (!ret)
				ret = workload_pins(&w);
			if (!ret)
				ret = tagstore_tick(s, em.m, slot, requests ?
						    &r->tagstore : &tag_base);
			if (!ret && requests)
				ret = engine_request(run, c, &em, &sm, &w,
						     s->sizes[si], k, &ns[k],
						     &res[k], &bg_ns);
			/* The jobs went on while it ran: the same steps in the baseline. */
			if (!ret && requests)
				r->extra[slot] = engine_steps_during(&w, bg_ns,
								     &carry);
			/* The baseline child runs beside us, a slot behind. */
			if (!ret && bf && requests)
				baseline_fork_sent_extra(bf, run, r, slot);
			else if (!ret && bf && bf->child)
				baseline_fork_next_extra(bf, run, r, slot);
			if (!ret && r->extra[slot])
				ret = workload_run(&w, r->extra[slot]);
			if (!ret && requests && s->meminfo_every &&
			    (slot + 1) % s->meminfo_every == 0 &&
			    slot + 1 < total)
				ret = engine_meminfo(s, c, &w, r, slot + 1);
			progress_advance(run->prog, s->steps + 1);
			fork_gate_point();
		}
		if (!ret && requests)
			ret = lat_stats_compute(ns, res, s->repeat,
						&r->size[si]);
		if (!ret && requests) {
			memcpy(r->lat_ns + si * s->repeat, ns,
			       s->repeat * sizeof(*ns));
			memcpy(r->lat_ret + si * s->repeat, res,
			       s->repeat * sizeof(*res));
		}
		if (!ret && s->check)
			engine_check(&em, r, "after a size");
	}
	/* The request pass's check state, which ran beside this one. */
	if (bf && bf->child)
		baseline_fork_child_merge(bf, r);
	if (ret) {
		if (!r->check_failed)
			snprintf(r->check_msg, sizeof(r->check_msg),
				 "%s pass stopped: %s",
				 requests ? "requests" : "baseline",
				 strerror(-ret));
		r->check_failed = true;
		ret = 0;
	}
	if (!r->check_failed) {
		struct app_counts *app = requests ? &r->app : &r->base_app;
		int err = app_counts_get(&w, app);

		app_counts_sub(app, &start);
		/* [accounting]: the end snapshot with the client's buffer held. */
		if (!err && requests)
			err = acct_hold(s, em.area, &r->acct);
		if (!err && requests)
			err = engine_meminfo(s, c, &w, r, total);
		if (!err && requests)
			err = acct_capture(s, c, &w, &r->mi[r->nr_mi - 1],
					   &r->acct);
		if (requests)
			acct_release(em.area, &r->acct);
		if (err) {
			snprintf(r->check_msg, sizeof(r->check_msg),
				 "accounting failed: %s", strerror(-err));
			r->check_failed = true;
		}
		r->no_pressure = requests ? !(app->file_evictions +
					      app->anon_evictions +
					      app->cc_evictions) :
					    r->no_pressure;
	}
	if (requests) {
		uint64_t hits = 0, disk = 0;

		/* What the requests took from the jobs (engine_bg_loss()). */
		r->bg_ns = w.ns + r->lost_ns;
		r->bg_steps = w.step;
		if (!workload_fs_stats(&w, &hits, &disk) && hits + disk)
			r->cc_hit_rate = (double)hits / (hits + disk);
		r->events = w.events + total;
		if (em.swap_type >= 0)
			engine_swap_stats(&w, r);
	} else {
		r->bg_base_ns = w.ns;
	}
	r->all_events += w.events + (requests ? total : 0);
	if (w.apps && w.apps->rec)
		trace_writer_flush(w.apps->rec);
	workload_fini(&w);
	engine_check(&em, r, "at the end");
	if (bf && bf->child)
		baseline_fork_child_done(bf, r, ret);
out_machine:
	free(ns);
	free(res);
	engine_machine_down(&em);
	return ret;
}

/* Both passes of one configuration, on its own machine and thread. */
static void engine_config_run(struct cfg_result *r)
{
	struct sim_run *run = r->run;
	enum scn_config c = r - run->cfg;
	struct baseline_fork bf;
	int ret;

	baseline_fork_init(&bf);
	fork_gate_enter();
	/*
	 * Clients' baselines replay the request pass's r->clients->pre_steps,
	 * which the fork's handover does not carry: two warm-ups for them.
	 * Several seeds (each run labelled with its seed) do not fork either:
	 * their driver threads are outside the fork gate.
	 */
	r->ret = engine_pass(run, c, r, true,
			     run->s->baseline && !run->s->areas.nr_clients &&
			     !run->label_seed ? &bf : NULL);
	if (baseline_fork_finish(&bf, run, r, &ret))
		r->ret = ret;
	else if (!r->ret && run->s->baseline)
		r->ret = engine_pass(run, c, r, false, NULL);
	fork_gate_leave();
	progress_phase(run->prog, r->slot, r->name, NULL);
	if (r->ret)
		return;
	r->ran = true;
	/*
	 * Over the phase with requests (after the warm-up, which both passes
	 * share): the jobs' time plus what the requests took from them,
	 * against the same steps without requests.
	 */
	if (r->base_app.ns)
		r->slowdown_pct = ((double)(r->app.ns + r->lost_ns) /
				   (double)r->base_app.ns - 1.0) * 100.0;
	return;
}

/*
 * A thread: one configuration, in a process of its own where it can
 * (config_proc.c), then a slot for the next one.
 */
static void *engine_config(void *arg)
{
	struct cfg_result *r = arg;

	if (!config_proc_run(r, engine_config_run))
		engine_config_run(r);
	run_gate_put(r->run->gate, r->slot);
	return NULL;
}

static int engine_trace_open(struct cfg_result *r)
{
	r->trace = open_memstream(&r->trace_buf, &r->trace_len);
	return r->trace ? 0 : -ENOMEM;
}

/**
 * engine_run_free() - free what engine_run() allocated in @run's results.
 * @run: a run (engine_run() returned, whatever it returned), or one
 *	never run but zeroed.
 *
 * Context: Process context.
 * Return: nothing.
 */
void engine_run_free(struct sim_run *run)
{
	for (int c = 0; c < SCN_CFG_NR; c++) {
		free(run->cfg[c].mi);
		run->cfg[c].mi = NULL;
		free(run->cfg[c].lat_ns);
		run->cfg[c].lat_ns = NULL;
		free(run->cfg[c].lat_ret);
		run->cfg[c].lat_ret = NULL;
		clients_result_free(run->cfg[c].clients);
		run->cfg[c].clients = NULL;
		run->cfg[c].nr_mi = 0;
	}
}

/**
 * engine_pass_units() - the progress units of one pass of @s.
 * @s: the scenario.
 *
 * Context: Any context.
 * Return: the warm-up steps plus steps + 1 per request slot, plus one
 * per [client.NAME] request.
 */
uint64_t engine_pass_units(const struct scn_scenario *s)
{
	return s->warmup_steps + (uint64_t)s->nr_sizes * s->repeat *
	       (s->steps + 1) + scn_areas_requests(&s->areas);
}

/**
 * engine_run_units() - the progress units of one run of @s.
 * @s: the scenario.
 *
 * Progress (progress.c) counts workload steps: every pass of every
 * configuration is its warm-up steps plus steps + 1 per request slot.
 *
 * Context: Any context.
 * Return: the units engine_run() will count on its line.
 */
uint64_t engine_run_units(const struct scn_scenario *s)
{
	uint64_t per = (s->baseline ? 2 : 1) * engine_pass_units(s);
	uint64_t units = 0;

	for (int c = 0; c < SCN_CFG_NR; c++)
		if (s->configs[c])
			units += per;
	return units;
}

/* The run's own line and gate, unless seeds_run() shares its. */
static bool engine_run_own(struct sim_run *run)
{
	if (run->prog)
		return false;
	progress_init(&run->own_prog, run->progress,
		      run->progress_out ? run->progress_out : stderr);
	progress_add_total(&run->own_prog, engine_run_units(run->s));
	run->prog = &run->own_prog;
	run_gate_init(&run->own_gate, run->threads);
	run->gate = &run->own_gate;
	return true;
}

/**
 * engine_run() - run every configuration the scenario names.
 * @run: scenario, options; results filled in @run->cfg.
 *
 * Each configuration has its own machine, driven by one thread, started
 * when a slot of @run->gate is free: up to @run->threads configurations
 * at once, or, with a gate shared by several runs (seeds_run()), up to
 * the gate's slots across all of them. Machines share nothing, so the
 * results are the same for any number. Trace lines are collected per
 * configuration and written in configuration order. A failed check
 * (checker, violation, a workload call that failed) is recorded in the
 * configuration's result, not returned.
 *
 * Context: Process context; the calling thread must not be attached to a
 * machine.
 * Return: 0; -errno when a machine cannot be set up, a thread started or
 * the trace collected (-ENOMEM).
 */
int engine_run(struct sim_run *run)
{
	const struct scn_scenario *s = run->s;
	bool own = engine_run_own(run);
	pthread_t tid[SCN_CFG_NR];
	int order[SCN_CFG_NR], nr = 0, started = 0, ret = 0;

	for (int c = 0; c < SCN_CFG_NR; c++) {
		struct cfg_result *r = &run->cfg[c];

		memset(r, 0, sizeof(*r));
		r->run = run;
		if (!s->configs[c])
			continue;
		order[nr++] = c;
		if (run->label_seed)
			snprintf(r->name, sizeof(r->name), "seed %" PRIu64 " %s",
				 run->seed_label, scn_config_name(c));
		else
			snprintf(r->name, sizeof(r->name), "%s",
				 scn_config_name(c));
		if (run->trace && !ret)
			ret = engine_trace_open(r);
	}
	/*
	 * Each as soon as a slot is free (the long cma run does not hold up
	 * the others).
	 */
	for (int i = 0; !ret && i < nr; i++) {
		struct cfg_result *r = &run->cfg[order[i]];

		r->slot = run_gate_take(run->gate);
		/*
		 * In the fork gate: a configuration thread forks as soon as it
		 * starts (config_proc.c), never while this one is inside
		 * pthread_create() and its allocations.
		 */
		fork_gate_enter();
		ret = -pthread_create(&tid[i], NULL, engine_config, r);
		fork_gate_leave();
		if (ret) {
			run_gate_put(run->gate, r->slot);
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	if (own)
		progress_finish(run->prog);
	for (int i = 0; i < nr; i++) {
		struct cfg_result *r = &run->cfg[order[i]];

		if (r->trace) {
			/* Its last bytes may be lost without memory. */
			if (fclose(r->trace) && !ret)
				ret = -ENOMEM;
			r->trace = NULL;
			if (!ret)
				fwrite(r->trace_buf, 1, r->trace_len,
				       run->trace);
			free(r->trace_buf);
			r->trace_buf = NULL;
		}
		free(r->extra);
		r->extra = NULL;
		run->events += r->all_events;
		if (!ret && r->ret)
			ret = r->ret;
	}
	if (own) {
		run_gate_destroy(run->gate);
		run->gate = NULL;
		run->prog = NULL;
	}
	return ret;
}

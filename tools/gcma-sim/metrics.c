// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The cells of a run (metrics.h). Every configuration yields the same
 * cells in the same order (a configuration without a swap client has
 * its frontswap cells, missing), so the seeds of one scenario line up
 * cell by cell and a CSV row has the same columns for every
 * configuration.
 */
#include <stdio.h>
#include <string.h>

#include "clients_run.h"
#include "metrics.h"
#include "report_apps.h"

#define NS_S(ns)	((double)(ns) / 1e9)
#define KB(pages)	((double)(pages) * 4.0)

struct metric_emit {
	metric_fn fn;
	void *arg;
	enum scn_config config;
};

static void emit(const struct metric_emit *e, const char *section,
		 unsigned long pages, const char *name, double value,
		 int prec, bool missing)
{
	struct metric m = {
		.section = section, .config = e->config, .pages = pages,
		.value = missing ? 0 : value, .prec = prec,
		.missing = missing,
	};

	snprintf(m.name, sizeof(m.name), "%s", name);
	e->fn(e->arg, &m);
}

static void metrics_latency(const struct metric_emit *e,
			    const struct scn_scenario *s,
			    const struct cfg_result *r)
{
	for (unsigned int i = 0; i < s->nr_sizes; i++) {
		const struct lat_stats *l = &r->size[i];
		unsigned long p = s->sizes[i];

		emit(e, "latency", p, "min_us", l->min_us, 1, false);
		emit(e, "latency", p, "max_us", l->max_us, 1, false);
		emit(e, "latency", p, "avg_us", l->avg_us, 1, false);
		emit(e, "latency", p, "p50_us", l->p50_us, 1, false);
		emit(e, "latency", p, "p99_us", l->p99_us, 1, false);
		emit(e, "latency", p, "success_rate", l->success_rate, 3,
		     false);
	}
}

static void metrics_background(const struct metric_emit *e,
			       const struct cfg_result *r)
{
	uint64_t bg = r->app.ns + r->lost_ns;

	emit(e, "background", 0, "bg_s", NS_S(bg), 3, false);
	emit(e, "background", 0, "base_s", NS_S(r->base_app.ns), 3, false);
	emit(e, "background", 0, "steps", (double)r->app.steps, 0, false);
	emit(e, "background", 0, "steps_per_s",
	     bg ? (double)r->app.steps / NS_S(bg) : 0.0, 2, false);
	emit(e, "background", 0, "base_steps_per_s",
	     r->base_app.ns ? (double)r->base_app.steps / NS_S(r->base_app.ns) :
	     0.0, 2, false);
	emit(e, "background", 0, "req_cpu_s", NS_S(r->fg_cpu_ns), 3, false);
	emit(e, "background", 0, "req_dev_s", NS_S(r->fg_dev_ns), 3, false);
	emit(e, "background", 0, "req_wait_s", NS_S(r->fg_wait_ns), 3, false);
	emit(e, "background", 0, "after_s", NS_S(r->after_ns), 3, false);
	emit(e, "background", 0, "dev_share",
	     r->app.ns ? (double)r->app.dev_ns / r->app.ns : 0.0, 3, false);
}

static void metrics_app(const struct metric_emit *e, const char *section,
			const struct app_counts *a, bool missing)
{
#define X(f) emit(e, section, 0, #f, (double)a->f, 0, missing);
	X(disk_reads) X(refaults) X(workingset) X(file_evictions)
	X(anon_evictions) X(swap_outs) X(swap_ins) X(cc_hits) X(cc_stores)
	X(cc_evictions) X(cc_recalls)
#undef X
}

static void metrics_meminfo(const struct metric_emit *e,
			    const struct cfg_result *r)
{
	for (unsigned long i = 0; i < r->nr_mi; i++) {
		const struct meminfo *m = &r->mi[i];
		bool end = i + 1 == r->nr_mi;
		char name[METRIC_NAME_LEN];

		/* The end snapshot is "MemFree"; one at 256 requests "MemFree@256". */
#define X(n, f) \
		snprintf(name, sizeof(name), end ? "%s" : "%s@%lu", n, \
			 m->at_slot); \
		emit(e, "meminfo", 0, name, KB(m->f), 0, false);
		X("MemTotal", total) X("MemFree", free) X("Cached", file)
		X("Active(file)", active_file)
		X("Inactive(file)", inactive_file) X("AnonPages", anon)
		X("Active(anon)", active_anon)
		X("Inactive(anon)", inactive_anon) X("Dirty", dirty)
		X("CmaTotal", cma_total) X("CmaFree", cma_free)
		X("Carveout", carveout) X("Cleancache", cleancache)
		X("Frontswap", frontswap) X("GcmaAlloc", gcma_alloc)
#undef X
	}
}

static void metrics_frontswap(const struct metric_emit *e,
			      const struct cfg_result *r)
{
	const struct sim_frontswap_stats *f = &r->fsw;
	bool no = !r->has_swap;

#define X(n, v) emit(e, "frontswap", 0, n, (double)(v), 0, no);
	X("swap_outs", r->swap_outs) X("swap_ins", r->swap_ins)
	X("swap_full", r->swap_full) X("stores", f->stores)
	X("store_refused", f->store_refused) X("store_failed", f->store_failed)
	X("loads", f->loads) X("load_misses", f->load_misses)
	X("recalls", f->recalls) X("recall_dropped", f->recall_dropped)
	X("recall_written", f->recall_written)
	X("recall_put_back", f->recall_put_back)
	X("device_writes", f->device_writes) X("device_reads", f->device_reads)
	X("swapcache_hits", f->swapcache_hits) X("stored", f->stored)
	X("limit", f->limit) X("device_pages", f->device_pages)
	X("zram_pages", f->zram_pages) X("zram_short", f->zram_short)
#undef X
}

/* [accounting] report: each policy's figures, "POLICY/NAME" (kB, ids). */
static void metrics_acct(const struct metric_emit *e,
			 const struct cfg_result *r)
{
	const struct acct_result *a = &r->acct;
	char name[METRIC_NAME_LEN];

	if (!a->on)
		return;
	emit(e, "accounting", 0, "held", KB(a->held), 0, false);
	for (unsigned int p = 0; p < ACCT_NR_POLICIES; p++) {
		const struct acct_view *v = &a->view[p];

#define X(n, val) \
		snprintf(name, sizeof(name), "%s/%s", acct_policy_name(p), n); \
		emit(e, "accounting", 0, name, (double)(val), 0, false);
		X("MemTotal", KB(v->mem_total)) X("MemFree", KB(v->mem_free))
		X("MemAvailable", KB(v->mem_avail)) X("Cached", KB(v->cached))
		X("avail_overstated", KB(v->avail_overstated))
		X("client_rss", KB(v->client_rss))
		X("memcg_usage", KB(v->memcg_usage))
		X("memcg_over", v->memcg_over)
		X("client_oom_score", v->client_oom_score)
		X("oom_victim", v->oom_victim) X("oom_freed", KB(v->oom_freed))
		X("lmkd_victim", v->lmkd_victim)
#undef X
	}
}

/*
 * Each [client.NAME]'s cells (section "client"): "NAME.avg_us" over its
 * requests, "NAME@PAGES.avg_us" over one size's.
 */
static void metrics_client_lat(const struct metric_emit *e, const char *who,
			       const struct lat_stats *l)
{
	char name[METRIC_NAME_LEN];

#define X(n, v, p) \
	snprintf(name, sizeof(name), "%s.%s", who, n); \
	emit(e, "client", 0, name, (double)(v), p, false);
	X("requests", l->n, 0) X("failed", l->n - l->ok, 0)
	X("avg_us", l->avg_us, 1) X("p50_us", l->p50_us, 1)
	X("p99_us", l->p99_us, 1) X("max_us", l->max_us, 1)
	X("success_rate", l->success_rate, 3)
#undef X
}

static void metrics_clients(const struct metric_emit *e,
			    const struct scn_scenario *s,
			    const struct cfg_result *r)
{
	char who[METRIC_NAME_LEN], name[METRIC_NAME_LEN];

	for (unsigned int i = 0; r->clients && i < s->areas.nr_clients; i++) {
		const struct scn_client *sc = &s->areas.client[i];
		const struct client_result *cr = &r->clients->client[i];

		metrics_client_lat(e, sc->name, &cr->all);
		snprintf(name, sizeof(name), "%s.deferred", sc->name);
		emit(e, "client", 0, name, (double)cr->deferred, 0, false);
		snprintf(name, sizeof(name), "%s.max_held", sc->name);
		emit(e, "client", 0, name, (double)cr->max_held, 0, false);
		for (unsigned int k = 0; k < sc->nr_sizes; k++) {
			snprintf(who, sizeof(who), "%s@%lu", sc->name,
				 sc->sizes[k]);
			metrics_client_lat(e, who, &cr->size[k]);
		}
	}
}

/* Every cause's time, failed attempts and requests (report_causes.h). */
static void metrics_causes(const struct metric_emit *e,
			   const struct cfg_result *r)
{
	const struct cause_totals *t = &r->causes;
	char name[METRIC_NAME_LEN];

	for (int c = 0; c < SIM_CAUSE_NR; c++) {
		snprintf(name, sizeof(name), "%s_ms", sim_cause_name(c));
		emit(e, "causes", 0, name, (double)t->ns[c] / 1e6, 1, false);
		snprintf(name, sizeof(name), "%s_fails", sim_cause_name(c));
		emit(e, "causes", 0, name, (double)t->fails[c], 0, false);
		snprintf(name, sizeof(name), "%s_requests", sim_cause_name(c));
		emit(e, "causes", 0, name, (double)t->requests[c], 0, false);
		snprintf(name, sizeof(name), "%s_failed", sim_cause_name(c));
		emit(e, "causes", 0, name, (double)t->failed[c], 0, false);
	}
}

/* An apps cell (report_apps.c) as a metric. */
static void metrics_apps_cell(void *arg, const char *section,
			      const char *name, double value, int prec,
			      bool missing)
{
	emit(arg, section, 0, name, value, prec, missing);
}

/**
 * metrics_of_config() - every cell of configuration @c in @run, to @fn.
 * @run: a finished run; @c ran.
 * @c: the configuration.
 * @fn: called once per cell, in the fixed order.
 * @arg: its first argument.
 *
 * Context: Process context.
 * Return: nothing.
 */
void metrics_of_config(const struct sim_run *run, enum scn_config c,
		       metric_fn fn, void *arg)
{
	const struct cfg_result *r = &run->cfg[c];
	struct metric_emit e = { .fn = fn, .arg = arg, .config = c };

	metrics_latency(&e, run->s, r);
	emit(&e, "summary", 0, "bg_slowdown_pct", r->slowdown_pct, 2,
	     !run->s->baseline);
	emit(&e, "summary", 0, "cc_hit_rate", r->cc_hit_rate, 3, false);
	emit(&e, "summary", 0, "check_ok", !r->check_failed, 0, false);
	emit(&e, "summary", 0, "memory_pressure", !r->no_pressure, 0, false);
	metrics_background(&e, r);
	metrics_app(&e, "app", &r->app, false);
	metrics_app(&e, "app_baseline", &r->base_app, !run->s->baseline);
	metrics_meminfo(&e, r);
	metrics_frontswap(&e, r);
	metrics_acct(&e, r);
	metrics_clients(&e, run->s, r);
	metrics_causes(&e, r);
	report_apps_cells(run, r, metrics_apps_cell, &e);
}

/**
 * metrics_of_run() - every cell of every configuration that ran.
 * @run: a finished run.
 * @fn: called once per cell.
 * @arg: its first argument.
 *
 * Context: Process context.
 * Return: nothing.
 */
void metrics_of_run(const struct sim_run *run, metric_fn fn, void *arg)
{
	for (int c = 0; c < SCN_CFG_NR; c++)
		if (run->cfg[c].ran)
			metrics_of_config(run, c, fn, arg);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The app-side and memory accounting in the outputs (accounting.h):
 * the background's time and what the requests took from it, what the
 * jobs read, refaulted, evicted and swapped, cleancache's traffic, and
 * the /proc/meminfo-like snapshots. Times in virtual seconds with three
 * decimals, meminfo in kB as /proc/meminfo prints it.
 */
#include <inttypes.h>

#include "report_app.h"
#include "report_apps.h"

#define NS_S(ns)	((double)(ns) / 1e9)
#define KB(pages)	((unsigned long)(pages) * 4UL)

/* Steps per virtual second of the jobs' time; 0 without time. */
static double report_rate(const struct app_counts *a)
{
	return a->ns ? (double)a->steps / NS_S(a->ns) : 0.0;
}

/* The meminfo fields, in print order, with their /proc/meminfo names. */
#define MEMINFO_FIELDS(X) \
	X("MemTotal", total) X("MemFree", free) X("Cached", file) \
	X("Active(file)", active_file) X("Inactive(file)", inactive_file) \
	X("AnonPages", anon) X("Active(anon)", active_anon) \
	X("Inactive(anon)", inactive_anon) X("Dirty", dirty) \
	X("CmaTotal", cma_total) X("CmaFree", cma_free) \
	X("Carveout", carveout) X("Cleancache", cleancache) \
	X("Frontswap", frontswap) X("GcmaAlloc", gcma_alloc)

/* The app counters, in print order. */
#define APP_FIELDS(X) \
	X(disk_reads) X(refaults) X(workingset) X(file_evictions) \
	X(anon_evictions) X(swap_outs) X(swap_ins) X(cc_hits) X(cc_stores) \
	X(cc_evictions) X(cc_recalls)

static void report_meminfo_table(const struct cfg_result *r, const char *cfg,
				 FILE *out)
{
	for (unsigned long i = 0; i < r->nr_mi; i++) {
		const struct meminfo *m = &r->mi[i];

		fprintf(out, "meminfo %s after %lu requests (kB):", cfg,
			m->at_slot);
#define X(name, field) fprintf(out, " %s=%lu", name, KB(m->field));
		MEMINFO_FIELDS(X)
#undef X
		fputc('\n', out);
	}
}

/**
 * report_app_table() - the accounting sections of the table.
 * @run: a finished run.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_app_table(const struct sim_run *run, FILE *out)
{
	fprintf(out, "\nbackground (virtual s; docs/simulator.md \"App-side and memory accounting\")\n");
	fprintf(out, "%-10s %9s %9s %8s %9s %9s %9s %9s %9s %9s %9s\n",
		"config", "bg_s", "base_s", "steps", "steps/s", "base/s",
		"req_cpu_s", "req_dev_s", "req_wait", "after_s", "dev_share");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cfg_result *r = &run->cfg[c];

		if (!r->ran)
			continue;
		fprintf(out, "%-10s %9.3f %9.3f %8" PRIu64 " %9.2f %9.2f %9.3f %9.3f %9.3f %9.3f %9.3f\n",
			scn_config_name(c), NS_S(r->app.ns + r->lost_ns),
			NS_S(r->base_app.ns), r->app.steps,
			r->app.ns + r->lost_ns ?
			(double)r->app.steps / NS_S(r->app.ns + r->lost_ns) :
			0.0, report_rate(&r->base_app), NS_S(r->fg_cpu_ns),
			NS_S(r->fg_dev_ns), NS_S(r->fg_wait_ns),
			NS_S(r->after_ns),
			r->app.ns ? (double)r->app.dev_ns / r->app.ns : 0.0);
	}
	fprintf(out, "\napp memory after warm-up (with requests | without)\n");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cfg_result *r = &run->cfg[c];

		if (!r->ran)
			continue;
		fprintf(out, "app %s:", scn_config_name(c));
		/* Without the baseline pass, "|-": nothing to compare. */
#define X(f) \
		if (run->s->baseline) \
			fprintf(out, " %s=%" PRIu64 "|%" PRIu64, #f, r->app.f, \
				r->base_app.f); \
		else \
			fprintf(out, " %s=%" PRIu64 "|-", #f, r->app.f);
		APP_FIELDS(X)
#undef X
		fputc('\n', out);
		if (r->no_pressure)
			fprintf(out, "warning: %s never came under memory pressure (nothing evicted while the requests ran)\n",
				scn_config_name(c));
	}
	report_apps_table(run, out);
	fputc('\n', out);
	for (int c = 0; c < SCN_CFG_NR; c++)
		if (run->cfg[c].ran)
			report_meminfo_table(&run->cfg[c], scn_config_name(c),
					     out);
}

/**
 * report_app_json() - the accounting members of a configs entry:
 * ", \"app\": {...}, \"app_baseline\": {...}, \"meminfo\": [...]".
 * @r: the configuration's result.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_app_json(const struct cfg_result *r, FILE *out)
{
	const struct app_counts *a[2] = { &r->app, &r->base_app };

	for (int i = 0; i < 2; i++) {
		fprintf(out, ", \"%s\": {\"steps\": %" PRIu64
			", \"bg_s\": %.3f", i ? "app_baseline" : "app",
			a[i]->steps,
			NS_S(a[i]->ns + (i ? 0 : r->lost_ns)));
#define X(f) fprintf(out, ", \"%s\": %" PRIu64, #f, a[i]->f);
		APP_FIELDS(X)
#undef X
		fputc('}', out);
	}
	fprintf(out, ", \"req_cpu_s\": %.3f, \"req_dev_s\": %.3f, \"req_wait_s\": %.3f, \"after_s\": %.3f, \"memory_pressure\": %s, \"meminfo_kb\": [",
		NS_S(r->fg_cpu_ns), NS_S(r->fg_dev_ns), NS_S(r->fg_wait_ns),
		NS_S(r->after_ns), r->no_pressure ? "false" : "true");
	for (unsigned long i = 0; i < r->nr_mi; i++) {
		const struct meminfo *m = &r->mi[i];

		fprintf(out, "%s{\"after_requests\": %lu", i ? ", " : "",
			m->at_slot);
#define X(name, field) fprintf(out, ", \"%s\": %lu", name, KB(m->field));
		MEMINFO_FIELDS(X)
#undef X
		fputc('}', out);
	}
	fputc(']', out);
	report_apps_json(r->run, r, out);
}

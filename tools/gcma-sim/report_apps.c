// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The apps background's metrics (report_apps.h), after the warm-up, with
 * requests and in the baseline pass: launches cold and warm and their
 * mean virtual time in ms (three decimals), lmkd and OOM kills,
 * foreground switches, and the file refaults (workingset: refaults that
 * made the page workingset). One list of cells feeds the three formats.
 */
#include <inttypes.h>
#include <string.h>

#include "report_apps.h"

/* A mean launch time in ms; 0 without launches. */
static double apps_ms(uint64_t ns, uint64_t n)
{
	return n ? (double)ns / (double)n / 1e6 : 0.0;
}

/* The trace replay's cells (docs/simulator.md "Trace replay"). */
static void trace_pass_cells(const struct app_counts *a, const char *section,
			     bool missing, apps_cell_fn fn, void *arg)
{
	const struct trace_counts *t = &a->trace;

	fn(arg, section, "lines", (double)t->lines, 0, missing);
	fn(arg, section, "reads", (double)t->reads, 0, missing);
	fn(arg, section, "writes", (double)t->writes, 0, missing);
	fn(arg, section, "drops", (double)t->drops, 0, missing);
	fn(arg, section, "enomem", (double)t->enomem, 0, missing);
	fn(arg, section, "refaults", (double)a->refaults, 0, missing);
	fn(arg, section, "workingset", (double)a->workingset, 0, missing);
}

/* The cells of one pass's counters @a, in print order. */
static void apps_pass_cells(const struct app_counts *a, const char *section,
			    bool missing, apps_cell_fn fn, void *arg)
{
	const struct apps_counts *c = &a->apps;

	if (!strncmp(section, "trace", 5)) {
		trace_pass_cells(a, section, missing, fn, arg);
		return;
	}

	fn(arg, section, "launches_cold", (double)c->launches_cold, 0, missing);
	fn(arg, section, "launches_warm", (double)c->launches_warm, 0, missing);
	fn(arg, section, "cold_launch_ms",
	   apps_ms(c->cold_ns, c->launches_cold), 3, missing);
	fn(arg, section, "warm_launch_ms",
	   apps_ms(c->warm_ns, c->launches_warm), 3, missing);
	fn(arg, section, "lmkd_kills", (double)c->lmkd_kills, 0, missing);
	fn(arg, section, "oom_kills", (double)c->oom_kills, 0, missing);
	fn(arg, section, "switches", (double)c->switches, 0, missing);
	fn(arg, section, "refaults", (double)a->refaults, 0, missing);
	fn(arg, section, "workingset", (double)a->workingset, 0, missing);
}

/**
 * report_apps_cells() - the apps cells of configuration result @r:
 * section "apps" (with requests), then "apps_baseline" (missing without
 * [run] baseline); "trace" and "trace_baseline" with [workload] kind =
 * trace; nothing for the compile loop.
 * @run: the finished run.
 * @r: one of its configurations, which ran.
 * @fn: called per cell.
 * @arg: its first argument.
 *
 * Context: Process context.
 * Return: nothing.
 */
void report_apps_cells(const struct sim_run *run, const struct cfg_result *r,
		       apps_cell_fn fn, void *arg)
{
	bool trace = run->s->bg_kind == SCN_BG_TRACE;

	if (run->s->bg_kind != SCN_BG_APPS && !trace)
		return;
	apps_pass_cells(&r->app, trace ? "trace" : "apps", false, fn, arg);
	apps_pass_cells(&r->base_app, trace ? "trace_baseline" :
			"apps_baseline", !run->s->baseline, fn, arg);
}

#define APPS_CELLS	9	/* apps_pass_cells()'s cells */

/* One pass's cells, collected for the table. */
struct apps_pass {
	const char *name[APPS_CELLS];
	double value[APPS_CELLS];
	int prec[APPS_CELLS];
	bool missing;
	unsigned int n;
};

static void apps_collect(void *arg, const char *section, const char *name,
			 double value, int prec, bool missing)
{
	struct apps_pass *p = arg;

	(void)section;
	if (p->n == APPS_CELLS)
		return;
	p->name[p->n] = name;
	p->value[p->n] = value;
	p->prec[p->n++] = prec;
	p->missing = missing;
}

/**
 * report_apps_table() - the table's apps lines, one per configuration:
 * "apps CONFIG: name=with|without ..." ("|-" without the baseline pass).
 * @run: the finished run.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_apps_table(const struct sim_run *run, FILE *out)
{
	bool trace = run->s->bg_kind == SCN_BG_TRACE;
	const char *sec = trace ? "trace" : "apps";

	if (run->s->bg_kind != SCN_BG_APPS && !trace)
		return;
	if (trace)
		fprintf(out, "\ntrace replay after warm-up (with requests | without; docs/simulator.md \"Trace replay\")\n");
	else
		fprintf(out, "\napps after warm-up (with requests | without; docs/simulator.md \"Backgrounds: apps and lmkd\")\n");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cfg_result *r = &run->cfg[c];
		struct apps_pass w = { 0 }, b = { 0 };

		if (!r->ran)
			continue;
		apps_pass_cells(&r->app, sec, false, apps_collect, &w);
		apps_pass_cells(&r->base_app, sec, !run->s->baseline,
				apps_collect, &b);
		fprintf(out, "%s %s (swap %s):", sec, scn_config_name(c),
			scn_swap_kind_name(scn_swap_kind(run->s, c)));
		for (unsigned int i = 0; i < w.n; i++) {
			fprintf(out, " %s=%.*f|", w.name[i], w.prec[i],
				w.value[i]);
			if (b.missing)
				fputc('-', out);
			else
				fprintf(out, "%.*f", b.prec[i], b.value[i]);
		}
		fputc('\n', out);
	}
}

struct apps_json {
	FILE *out;
	const char *section;	/* the object open, or NULL */
};

static void apps_json_cell(void *arg, const char *section, const char *name,
			   double value, int prec, bool missing)
{
	struct apps_json *j = arg;
	bool open = j->section && !strcmp(j->section, section);

	if (!open)
		fprintf(j->out, "%s\"%s\": {", j->section ? "}, " : ", ",
			section);
	fprintf(j->out, "%s\"%s\": ", open ? ", " : "", name);
	if (missing)
		fputs("null", j->out);
	else
		fprintf(j->out, "%.*f", prec, value);
	j->section = section;
}

/**
 * report_apps_json() - the apps members of a JSON configs entry:
 * ", \"apps\": {...}, \"apps_baseline\": {...}"; nothing unless
 * [workload] kind = apps.
 * @run: the finished run.
 * @r: one of its configurations, which ran.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_apps_json(const struct sim_run *run, const struct cfg_result *r,
		      FILE *out)
{
	struct apps_json j = { .out = out };

	report_apps_cells(run, r, apps_json_cell, &j);
	if (j.section)
		fputc('}', out);
}

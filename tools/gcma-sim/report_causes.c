// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The causes section (report_causes.h; docs/simulator.md "CMA's hurdles,
 * and where a request's time went"):
 *
 *   causes (virtual ms over all requests; fails: attempts that failed on it; ...)
 *   config      cause           ms   pct  fails requests  failed
 *   cma         writeback    412.0  11.2      0       57       0
 *   cma         aio            0.3   0.0     12        9       2
 *   cma         (rest)      3210.4  87.0
 *   total       writeback    412.0  ...
 *
 * Only causes that cost time or an attempt have a row; (rest) is the
 * requests' time no cause claims: the migration work itself, isolation,
 * drains, and the waits for a CPU. "total" sums the configurations.
 */
#include <inttypes.h>
#include <string.h>

#include "engine.h"
#include "report_causes.h"

/**
 * causes_add() - add one request to @t.
 * @t: the configuration's totals.
 * @a: the request's cause account.
 * @ns: its latency.
 * @wait_ns: of which waits for a CPU.
 * @ret: its result.
 *
 * Context: Any context.
 * Return: nothing.
 */
void causes_add(struct cause_totals *t, const struct sim_cause_account *a,
		uint64_t ns, uint64_t wait_ns, int ret)
{
	for (int c = 0; c < SIM_CAUSE_NR; c++) {
		t->ns[c] += a->ns[c];
		t->fails[c] += a->fails[c];
		t->requests[c] += a->ns[c] || a->fails[c];
		t->failed[c] += ret && a->fails[c];
	}
	t->total_ns += ns;
	t->wait_ns += wait_ns;
	t->nr++;
}

/**
 * causes_trace() - a request's causes as trace items.
 * @t: the trace, its line started.
 * @a: the request's cause account.
 *
 * ",cause.NAME_ns=N" and ",cause.NAME_fails=N" for every non-zero value.
 *
 * Context: Any context.
 * Return: nothing.
 */
void causes_trace(FILE *t, const struct sim_cause_account *a)
{
	for (int c = 0; c < SIM_CAUSE_NR; c++) {
		if (a->ns[c])
			fprintf(t, ",cause.%s_ns=%" PRIu64, sim_cause_name(c),
				a->ns[c]);
		if (a->fails[c])
			fprintf(t, ",cause.%s_fails=%" PRIu64,
				sim_cause_name(c), a->fails[c]);
	}
}

static void causes_rows(const char *config, const struct cause_totals *t,
			FILE *out)
{
	uint64_t claimed = 0;

	for (int c = 0; c < SIM_CAUSE_NR; c++) {
		if (!t->ns[c] && !t->fails[c])
			continue;
		claimed += t->ns[c];
		fprintf(out, "%-10s  %-10s %10.1f %5.1f %6" PRIu64 " %8lu %7lu\n",
			config, sim_cause_name(c), (double)t->ns[c] / 1e6,
			t->total_ns ? 100.0 * t->ns[c] / t->total_ns : 0.0,
			t->fails[c], t->requests[c], t->failed[c]);
	}
	fprintf(out, "%-10s  %-10s %10.1f %5.1f\n", config, "(rest)",
		(double)(t->total_ns - claimed) / 1e6,
		t->total_ns ? 100.0 * (t->total_ns - claimed) / t->total_ns :
		0.0);
}

/**
 * causes_total() - the causes of every configuration of @run, summed.
 * @run: a finished run (one seed).
 * @all: receives the sum.
 *
 * Context: Any context.
 * Return: nothing.
 */
void causes_total(const struct sim_run *run, struct cause_totals *all)
{
	memset(all, 0, sizeof(*all));
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cause_totals *t = &run->cfg[c].causes;

		if (!run->cfg[c].ran)
			continue;
		for (int k = 0; k < SIM_CAUSE_NR; k++) {
			all->ns[k] += t->ns[k];
			all->fails[k] += t->fails[k];
			all->requests[k] += t->requests[k];
			all->failed[k] += t->failed[k];
		}
		all->total_ns += t->total_ns;
		all->wait_ns += t->wait_ns;
		all->nr += t->nr;
	}
}

/**
 * report_causes_table() - the table's causes section.
 * @run: a finished run (one seed).
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing.
 */
void report_causes_table(const struct sim_run *run, FILE *out)
{
	struct cause_totals all;

	fprintf(out, "\ncauses (virtual ms over all requests; pct of their time; fails: attempts that failed on it; requests it held up; failed requests; docs/simulator.md \"CMA's hurdles\")\n");
	fprintf(out, "%-10s  %-10s %10s %5s %6s %8s %7s\n", "config", "cause",
		"ms", "pct", "fails", "requests", "failed");
	for (int c = 0; c < SCN_CFG_NR; c++)
		if (run->cfg[c].ran)
			causes_rows(scn_config_name(c), &run->cfg[c].causes,
				    out);
	causes_total(run, &all);
	causes_rows("total", &all, out);
}

/**
 * report_causes_json() - ", \"causes\": {...}" for a configs[] entry, or
 * a run's ", \"causes_total\": {...}".
 * @t: the configuration's totals, or causes_total()'s.
 * @member: "causes" or "causes_total".
 * @out: where.
 *
 * Every cause, in enum order: {"ms", "fails", "requests", "failed"};
 * then "rest_ms" and "cpu_wait_ms" (part of the rest).
 *
 * Context: Process context.
 * Return: nothing.
 */
void report_causes_json(const struct cause_totals *t, const char *member,
			FILE *out)
{
	uint64_t claimed = 0;

	fprintf(out, ", \"%s\": {", member);
	for (int c = 0; c < SIM_CAUSE_NR; c++) {
		claimed += t->ns[c];
		fprintf(out, "%s\"%s\": {\"ms\": %.3f, \"fails\": %" PRIu64 ", \"requests\": %lu, \"failed\": %lu}",
			c ? ", " : "", sim_cause_name(c), (double)t->ns[c] / 1e6,
			t->fails[c], t->requests[c], t->failed[c]);
	}
	fprintf(out, ", \"rest_ms\": %.3f, \"cpu_wait_ms\": %.3f}",
		(double)(t->total_ns - claimed) / 1e6, (double)t->wait_ns / 1e6);
}

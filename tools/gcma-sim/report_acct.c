// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The accounting policies' report (report_acct.h): per configuration,
 * the state the snapshot read and one row per policy with what a user
 * (meminfo, RSS, memcg) and the OOM killer and lmkd see. kB as
 * /proc/meminfo prints them.
 */
#include "report_acct.h"

#define KB(pages)	((unsigned long)(pages) * 4UL)

static const char *report_acct_memcg(const struct acct_result *a,
				     const struct acct_view *v)
{
	if (!a->st.memcg_limit)
		return "-";
	return v->memcg_over ? "over" : "ok";
}

static void report_acct_config(const struct acct_result *a, const char *cfg,
			       FILE *out)
{
	const struct acct_state *st = &a->st;

	fprintf(out, "\naccounting %s: the client holds %lu kB of the area", cfg,
		KB(a->held));
	if (a->hold_ret)
		fprintf(out, " (its %lu-page buffer failed: %d)",
			a->want, a->hold_ret);
	fprintf(out, " (docs/gcma.md \"Accounting\"; kB)\n");
	fprintf(out, "state %s: machine=%lu area=%lu free=%lu file=%lu anon=%lu cleancache=%lu frontswap=%lu area_alloc=%lu other=%ld jobs=%u jobs_rss=%lu jobs_swap=%lu\n",
		cfg, KB(st->machine), KB(st->area), KB(st->free),
		KB(st->file), KB(st->anon), KB(st->cleancache),
		KB(st->frontswap), KB(st->area_alloc),
		a->view[0].other * 4L, a->nr_procs - 1, KB(a->jobs_rss),
		KB(a->jobs_swap));
	fprintf(out, "%-17s %9s %9s %9s %9s %9s %10s %9s %5s %9s %6s %9s %6s\n",
		"policy", "MemTotal", "MemFree", "MemAvail", "Cached",
		"overstate", "client_rss", "memcg", "limit", "oom_score",
		"oom", "oom_freed", "lmkd");
	for (unsigned int p = 0; p < ACCT_NR_POLICIES; p++) {
		const struct acct_view *v = &a->view[p];
		char oom[16], lmkd[16];

		acct_victim_name(v->oom_victim, oom, sizeof(oom));
		acct_victim_name(v->lmkd_victim, lmkd, sizeof(lmkd));
		fprintf(out, "%-17s %9lu %9lu %9lu %9lu %9lu %10lu %9lu %5s %9lu %6s %9lu %6s\n",
			acct_policy_name(p), KB(v->mem_total),
			KB(v->mem_free), KB(v->mem_avail), KB(v->cached),
			KB(v->avail_overstated), KB(v->client_rss),
			KB(v->memcg_usage), report_acct_memcg(a, v),
			v->client_oom_score, oom, KB(v->oom_freed), lmkd);
	}
}

/**
 * report_acct_table() - the accounting section of the table, for every
 * configuration whose snapshot was taken.
 * @run: a finished run.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_acct_table(const struct sim_run *run, FILE *out)
{
	for (int c = 0; c < SCN_CFG_NR; c++)
		if (run->cfg[c].ran && run->cfg[c].acct.on)
			report_acct_config(&run->cfg[c].acct,
					   scn_config_name(c), out);
}

/**
 * report_acct_json() - ", \"accounting\": {...}" in a configs entry, when
 * its snapshot was taken (nothing otherwise).
 * @r: the configuration's result.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_acct_json(const struct cfg_result *r, FILE *out)
{
	const struct acct_result *a = &r->acct;

	if (!a->on)
		return;
	fprintf(out, ", \"accounting\": {\"held_kb\": %lu, \"hold_ret\": %d, \"other_kb\": %ld, \"jobs_rss_kb\": %lu, \"jobs_swap_kb\": %lu, \"policies\": [",
		KB(a->held), a->hold_ret, a->view[0].other * 4L,
		KB(a->jobs_rss), KB(a->jobs_swap));
	for (unsigned int p = 0; p < ACCT_NR_POLICIES; p++) {
		const struct acct_view *v = &a->view[p];
		char oom[16], lmkd[16];

		acct_victim_name(v->oom_victim, oom, sizeof(oom));
		acct_victim_name(v->lmkd_victim, lmkd, sizeof(lmkd));
		fprintf(out, "%s{\"policy\": \"%s\", \"MemTotal\": %lu, \"MemFree\": %lu, \"MemAvailable\": %lu, \"Cached\": %lu, \"CmaTotal\": %lu, \"CmaFree\": %lu, \"avail_overstated\": %lu, \"rss_beyond_total\": %lu, \"client_rss\": %lu, \"memcg_usage\": %lu, \"memcg_over\": %s, \"client_badness\": %ld, \"client_oom_score\": %lu, \"oom_victim\": \"%s\", \"oom_freed\": %lu, \"lmkd_victim\": \"%s\"}",
			p ? ", " : "", acct_policy_name(p), KB(v->mem_total),
			KB(v->mem_free), KB(v->mem_avail), KB(v->cached),
			KB(v->cma_total), KB(v->cma_free),
			KB(v->avail_overstated), KB(v->rss_beyond_total),
			KB(v->client_rss), KB(v->memcg_usage),
			v->memcg_over ? "true" : "false", v->client_badness,
			v->client_oom_score, oom, KB(v->oom_freed), lmkd);
	}
	fputs("]}", out);
}

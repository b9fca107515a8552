// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * CSV: the latency columns of the one-run CSV, then `requests`,
 * `p99_is_max`, `scenario`, `seed` and every other cell of the
 * configuration as `section.name` (metrics.h), repeated on each of its
 * rows, so one row is self-contained. With several seeds, two more rows
 * per configuration and size: seed `all` (latency min/max/p50/p99 over
 * every request of every seed, the other cells' means) and seed `ci95`
 * (the 95% half-widths; empty where there is none).
 */
#include <inttypes.h>
#include <string.h>

#include "report.h"
#include "report_csv.h"
#include "report_clients.h"

struct csv_cells {
	FILE *out;
	bool header;
};

/* A CSV field: quoted when it holds a comma, a quote or a newline. */
static void csv_field(const char *s, FILE *out)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* A number with @prec decimals, or nothing when @missing. */
static void csv_num(FILE *out, double v, int prec, bool missing)
{
	fputc(',', out);
	if (!missing)
		fprintf(out, "%.*f", prec, v);
}

/* Header names or values of the configuration's non-latency cells. */
static void csv_cell(void *arg, const struct metric *m)
{
	struct csv_cells *cc = arg;
	char name[2 * METRIC_NAME_LEN];

	if (!strcmp(m->section, "latency"))
		return;
	if (cc->header) {
		fputc(',', cc->out);
		snprintf(name, sizeof(name), "%s.%s", m->section, m->name);
		csv_field(name, cc->out);
		return;
	}
	csv_num(cc->out, m->value, m->prec, m->missing);
}

/* The columns after the latency ones: scenario, seed (@seed as text). */
static void csv_ids(const struct seeds_result *sr, const char *seed,
		    FILE *out)
{
	fputc(',', out);
	csv_field(sr->base->name, out);
	fprintf(out, ",%s", seed);
}

static void csv_header(const struct seeds_result *sr, FILE *out)
{
	struct csv_cells cc = { .out = out, .header = true };
	const struct sim_run *run = &sr->runs[0];

	fprintf(out, "%s,requests,p99_is_max,scenario,seed", REPORT_CSV_HEADER);
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (run->cfg[c].ran) {
			metrics_of_config(run, c, csv_cell, &cc);
			break;
		}
	}
	fputc('\n', out);
}

/* The rows of seed @k. */
static void csv_seed_rows(const struct seeds_result *sr, unsigned int k,
			  FILE *out)
{
	const struct sim_run *run = &sr->runs[k];
	const struct scn_scenario *s = run->s;
	struct csv_cells cc = { .out = out };
	char seed[24];

	snprintf(seed, sizeof(seed), "%" PRIu64, s->seed);
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!run->cfg[c].ran)
			continue;
		for (unsigned int i = 0; i < s->nr_sizes; i++) {
			const struct lat_stats *l = &run->cfg[c].size[i];

			fprintf(out, "%s,%lu,%.1f,%.1f,%.1f,%.1f,%.1f,%.3f,%lu,%d",
				scn_config_name(c), s->sizes[i], l->min_us,
				l->max_us, l->avg_us, l->p50_us, l->p99_us,
				l->success_rate, l->n,
				l->n < LAT_P99_MIN_REQUESTS);
			csv_ids(sr, seed, out);
			metrics_of_config(run, c, csv_cell, &cc);
			fputc('\n', out);
		}
	}
}

/* The `all` (@half false) or `ci95` (@half true) row of @c at size @i. */
static void csv_agg_row(const struct seeds_result *sr, enum scn_config c,
			unsigned int i, bool half, FILE *out)
{
	const struct scn_scenario *s = sr->base;
	const struct lat_stats *p = &sr->pooled[c][i];
	const struct seeds_cell *avg, *ok;

	avg = seeds_find(sr, "latency", c, s->sizes[i], "avg_us");
	ok = seeds_find(sr, "latency", c, s->sizes[i], "success_rate");
	fprintf(out, "%s,%lu", scn_config_name(c), s->sizes[i]);
	if (half) {
		fprintf(out, ",,,%.1f,,,%.3f,,", avg->ci.half, ok->ci.half);
	} else {
		fprintf(out, ",%.1f,%.1f,%.1f,%.1f,%.1f,%.3f,%lu,%d", p->min_us,
			p->max_us, avg->ci.mean, p->p50_us, p->p99_us,
			ok->ci.mean, p->n, p->n < LAT_P99_MIN_REQUESTS);
	}
	csv_ids(sr, half ? "ci95" : "all", out);
	for (unsigned int k = 0; k < sr->nr_cells; k++) {
		const struct seeds_cell *cell = &sr->cells[k];

		if (cell->m.config != c || !strcmp(cell->m.section, "latency"))
			continue;
		csv_num(out, half ? cell->ci.half : cell->ci.mean,
			cell->m.prec, cell->m.missing);
	}
	fputc('\n', out);
}

/**
 * report_csv_write() - the CSV of every seed of @sr (and the aggregate
 * rows with several seeds).
 * @sr: run and aggregated.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_csv_write(const struct seeds_result *sr, FILE *out)
{
	if (sr->base->areas.nr_clients) {
		report_clients_csv(sr, out);
		return;
	}
	csv_header(sr, out);
	for (unsigned int k = 0; k < sr->nr; k++)
		csv_seed_rows(sr, k, out);
	if (sr->nr < 2)
		return;
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!sr->runs[0].cfg[c].ran)
			continue;
		for (unsigned int i = 0; i < sr->base->nr_sizes; i++) {
			csv_agg_row(sr, c, i, false, out);
			csv_agg_row(sr, c, i, true, out);
		}
	}
}

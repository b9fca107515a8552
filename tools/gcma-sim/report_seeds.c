// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Several seeds in the table and the JSON summary. Every cell is the
 * mean over seeds with its 95% Student-t half-width ("+-"); latency
 * min, max, p50 and p99 are over all requests of all seeds (pooled),
 * and a p99 over fewer than LAT_P99_MIN_REQUESTS requests, which
 * nearest rank makes the maximum, is marked with '*'.
 */
#include <inttypes.h>
#include <string.h>

#include "report.h"
#include "report_seeds.h"

/**
 * report_seeds_list() - the seeds, "1-10" when consecutive, else "1,3,7".
 * @sr: the seeds.
 * @out: where.
 *
 * Context: Any context.
 * Return: nothing.
 */
void report_seeds_list(const struct seeds_result *sr, FILE *out)
{
	bool run = sr->nr > 2;

	for (unsigned int i = 1; run && i < sr->nr; i++)
		run = sr->seeds[i] == sr->seeds[i - 1] + 1;
	if (run) {
		fprintf(out, "%" PRIu64 "-%" PRIu64, sr->seeds[0],
			sr->seeds[sr->nr - 1]);
		return;
	}
	for (unsigned int i = 0; i < sr->nr; i++)
		fprintf(out, "%s%" PRIu64, i ? "," : "", sr->seeds[i]);
}

/**
 * report_pooled() - the pooled value of latency cell @name, if it has one.
 * @p: the pooled statistics of its configuration and size.
 * @name: min_us, max_us, p50_us, p99_us or success_rate.
 * @has: set to whether @name has a pooled value.
 *
 * Context: Any context.
 * Return: the value; 0 when it has none.
 */
double report_pooled(const struct lat_stats *p, const char *name, bool *has)
{
	static const char *const names[] = {
		"min_us", "max_us", "p50_us", "p99_us", "success_rate",
	};
	const double v[] = {
		p->min_us, p->max_us, p->p50_us, p->p99_us, p->success_rate,
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(name, names[i])) {
			*has = true;
			return v[i];
		}
	}
	*has = false;
	return 0;
}

static void seeds_latency(const struct seeds_result *sr, FILE *out)
{
	const struct scn_scenario *s = sr->base;
	bool marked = false;

	fprintf(out, "%-10s %6s %11s %11s %11s %9s %11s %11s %8s %7s\n",
		"config", "pages", "min_us", "max_us", "avg_us", "+-95%",
		"p50_us", "p99_us", "success", "+-95%");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!sr->runs[0].cfg[c].ran)
			continue;
		for (unsigned int i = 0; i < s->nr_sizes; i++) {
			const struct lat_stats *p = &sr->pooled[c][i];
			const struct seeds_cell *avg, *ok;
			bool mark = p->n < LAT_P99_MIN_REQUESTS;

			avg = seeds_find(sr, "latency", c, s->sizes[i],
					 "avg_us");
			ok = seeds_find(sr, "latency", c, s->sizes[i],
					"success_rate");
			fprintf(out, "%-10s %6lu %11.1f %11.1f %11.1f %9.1f %11.1f %10.1f%c %8.3f %7.3f\n",
				scn_config_name(c), s->sizes[i], p->min_us,
				p->max_us, avg->ci.mean, avg->ci.half,
				p->p50_us, p->p99_us, mark ? '*' : ' ',
				ok->ci.mean, ok->ci.half);
			marked |= mark;
		}
	}
	if (marked)
		fprintf(out, "* p99 over fewer than %d requests: nearest rank makes it the maximum, not a tail estimate (run more seeds or a larger repeat)\n",
			LAT_P99_MIN_REQUESTS);
}

static void seeds_summary(const struct seeds_result *sr, FILE *out)
{
	fprintf(out, "\n%-10s %16s %7s %12s %7s %s\n", "config",
		"bg_slowdown_pct", "+-95%", "cc_hit_rate", "+-95%",
		"check (seeds ok)");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct seeds_cell *sl, *hit, *ok, *mp;

		if (!sr->runs[0].cfg[c].ran)
			continue;
		sl = seeds_find(sr, "summary", c, 0, "bg_slowdown_pct");
		hit = seeds_find(sr, "summary", c, 0, "cc_hit_rate");
		ok = seeds_find(sr, "summary", c, 0, "check_ok");
		mp = seeds_find(sr, "summary", c, 0, "memory_pressure");
		fprintf(out, "%-10s", scn_config_name(c));
		if (sl->m.missing)
			fprintf(out, " %16s %7s", "-", "-");
		else
			fprintf(out, " %16.2f %7.2f", sl->ci.mean,
				sl->ci.half);
		fprintf(out, " %12.3f %7.3f %s %.0f/%u\n", hit->ci.mean,
			hit->ci.half,
			ok->ci.mean * sr->nr + 0.5 >= sr->nr ? "ok" : "FAILED",
			ok->ci.mean * sr->nr, sr->nr);
		if (mp->ci.mean * sr->nr + 0.5 < sr->nr)
			fprintf(out, "warning: %s never came under memory pressure in %.0f of %u seeds\n",
				scn_config_name(c),
				sr->nr - mp->ci.mean * sr->nr, sr->nr);
	}
}

/* "SECTION CONFIG: name=mean+-half ..." for every other section. */
static void seeds_sections(const struct seeds_result *sr, FILE *out)
{
	static const char *const sections[] = {
		"background", "app", "app_baseline", "meminfo", "frontswap",
		"accounting",
		"client",
		"causes",
		"apps", "apps_baseline", "trace", "trace_baseline",
	};

	fprintf(out, "\nmean+-95%% over seeds (virtual s, counts, meminfo in kB; docs/simulator.md \"App-side and memory accounting\")\n");
	for (size_t k = 0; k < sizeof(sections) / sizeof(sections[0]); k++) {
		for (int c = 0; c < SCN_CFG_NR; c++) {
			bool any = false;

			for (unsigned int i = 0; i < sr->nr_cells; i++) {
				const struct seeds_cell *e = &sr->cells[i];

				if (e->m.config != (enum scn_config)c ||
				    e->m.missing ||
				    strcmp(e->m.section, sections[k]))
					continue;
				if (!any)
					fprintf(out, "%s %s:", sections[k],
						scn_config_name(c));
				any = true;
				fprintf(out, " %s=%.*f+-%.*f", e->m.name,
					e->m.prec, e->ci.mean, e->m.prec,
					e->ci.half);
			}
			if (any)
				fputc('\n', out);
		}
	}
}

/**
 * report_seeds_table() - the table of several seeds.
 * @sr: run and aggregated, at least two seeds.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_seeds_table(const struct seeds_result *sr, FILE *out)
{
	const struct scn_scenario *s = sr->base;

	fprintf(out, "gcma-sim: scenario %s, seeds ", s->name);
	report_seeds_list(sr, out);
	if (s->areas.nr_clients) {
		fprintf(out, " (%u), %lu pages, %u areas of %lu pages, %u clients (each seed's table below)\n",
			sr->nr, s->nr_pages, s->areas.nr_areas, s->area_pages,
			s->areas.nr_clients);
		fprintf(out, "every cell: mean over seeds +- the 95%% Student-t half-width\n");
	} else {
		fprintf(out, " (%u), %lu pages, area %lu pages, %lu requests per size and seed\n",
			sr->nr, s->nr_pages, s->area_pages, s->repeat);
		fprintf(out, "latency: virtual time of each cma_alloc() (docs/cost-model.md)\n");
		fprintf(out, "avg, success and every other cell: mean over seeds +- the 95%% Student-t half-width;\n"
			"min, max, p50, p99: over all %lu requests of a size (every seed)\n\n",
			s->repeat * sr->nr);
		seeds_latency(sr, out);
	}
	seeds_summary(sr, out);
	seeds_sections(sr, out);
}

static void json_num(FILE *out, const char *key, double v, int prec,
		     bool null)
{
	fprintf(out, ", \"%s\": ", key);
	if (null)
		fputs("null", out);
	else
		fprintf(out, "%.*f", prec, v);
}

/**
 * report_seeds_json_summary() - the JSON "summary" entries, one per cell.
 * @sr: run and aggregated (one seed or more).
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_seeds_json_summary(const struct seeds_result *sr, FILE *out)
{
	const struct scn_scenario *s = sr->base;

	for (unsigned int i = 0; i < sr->nr_cells; i++) {
		const struct seeds_cell *e = &sr->cells[i];
		bool no_ci = e->m.missing || sr->nr < 2, has = false;
		double pooled = 0;
		int prec = e->m.prec + (e->m.prec < 6 ? 2 : 0);
		unsigned int si = 0;

		fprintf(out, "%s\n    {\"section\": \"%s\", \"config\": \"%s\", \"pages\": %lu, \"metric\": ",
			i ? "," : "", e->m.section, scn_config_name(e->m.config),
			e->m.pages);
		report_json_string(e->m.name, out);
		fprintf(out, ", \"seeds\": %u", sr->nr);
		json_num(out, "mean", e->ci.mean, e->m.prec, e->m.missing);
		json_num(out, "ci95", e->ci.half, prec, no_ci);
		json_num(out, "sd", e->ci.sd, prec, no_ci);
		fprintf(out, ", \"prec\": %d", e->m.prec);
		if (!strcmp(e->m.section, "latency")) {
			for (si = 0; si < s->nr_sizes &&
			     s->sizes[si] != e->m.pages; si++)
				;
			pooled = report_pooled(&sr->pooled[e->m.config][si],
					       e->m.name, &has);
		}
		if (has) {
			const struct lat_stats *p = &sr->pooled[e->m.config][si];

			json_num(out, "pooled", pooled, e->m.prec, false);
			fprintf(out, ", \"requests\": %lu", p->n);
			if (!strcmp(e->m.name, "p99_us"))
				fprintf(out, ", \"p99_is_max\": %s",
					p->n < LAT_P99_MIN_REQUESTS ?
					"true" : "false");
		}
		fputc('}', out);
	}
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The table, CSV and JSON outputs. Latencies are printed in µs with one
 * decimal, rates with three, slowdown in percent with two, identically
 * in every format, so a program may compare them as strings.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "report.h"
#include "report_app.h"
#include "report_acct.h"
#include "report_clients.h"
#include "report_csv.h"
#include "report_seeds.h"

/**
 * report_format_parse() - "table", "csv" or "json".
 * @name: the option's value.
 * @out: the format.
 *
 * Context: Any context.
 * Return: 0; -EINVAL.
 */
int report_format_parse(const char *name, enum report_format *out)
{
	if (!strcmp(name, "table"))
		*out = REPORT_TABLE;
	else if (!strcmp(name, "csv"))
		*out = REPORT_CSV;
	else if (!strcmp(name, "json"))
		*out = REPORT_JSON;
	else
		return -EINVAL;
	return 0;
}

/**
 * report_json_string() - @s as a JSON string, quotes included.
 * @s: text; control characters are left out.
 * @out: where.
 *
 * Context: Any context.
 * Return: nothing (errors are seen on @out).
 */
void report_json_string(const char *s, FILE *out)
{
	fputc('"', out);
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', out);
		if ((unsigned char)*p >= 0x20)
			fputc(*p, out);
	}
	fputc('"', out);
}

/*
 * One line per configuration and size, from @fmt with the arguments
 * config, pages, min, max, avg, p50, p99 (%.1f) and success rate; @sep
 * goes between two lines.
 */
static void report_rows(const struct sim_run *run, FILE *out,
			const char *fmt, const char *sep)
{
	const struct scn_scenario *s = run->s;
	bool first = true;

	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cfg_result *r = &run->cfg[c];

		if (!r->ran)
			continue;
		for (unsigned int i = 0; i < s->nr_sizes; i++) {
			const struct lat_stats *l = &r->size[i];

			fputs(first ? "" : sep, out);
			fprintf(out, fmt, scn_config_name(c), s->sizes[i],
				l->min_us, l->max_us, l->avg_us, l->p50_us,
				l->p99_us, l->success_rate);
			first = false;
		}
	}
}

/*
 * The swap client's counters of @r (gcma.zram), each as @fmt with a name
 * and a value, @sep between two.
 */
static void report_swap(const struct cfg_result *r, FILE *out,
			const char *fmt, const char *sep)
{
	const struct sim_frontswap_stats *f = &r->fsw;
	const struct {
		const char *name;
		uint64_t value;
	} v[] = {
		{ "swap_outs", r->swap_outs },
		{ "swap_ins", r->swap_ins },
		{ "swap_full", r->swap_full },
		{ "stores", f->stores },
		{ "store_refused", f->store_refused },
		{ "store_failed", f->store_failed },
		{ "loads", f->loads },
		{ "load_misses", f->load_misses },
		{ "recalls", f->recalls },
		{ "recall_dropped", f->recall_dropped },
		{ "recall_written", f->recall_written },
		{ "recall_put_back", f->recall_put_back },
		{ "device_writes", f->device_writes },
		{ "device_reads", f->device_reads },
		{ "swapcache_hits", f->swapcache_hits },
		{ "stored", f->stored },
		{ "limit", f->limit },
		{ "device_pages", f->device_pages },
		{ "zram_pages", f->zram_pages },
		{ "zram_short", f->zram_short },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		fputs(i ? sep : "", out);
		fprintf(out, fmt, v[i].name, v[i].value);
	}
}

static void report_table(const struct sim_run *run, FILE *out)
{
	const struct scn_scenario *s = run->s;

	if (s->areas.nr_clients)
		fprintf(out, "gcma-sim: scenario %s, seed %" PRIu64
			", %lu pages, %u areas of %lu pages, %u clients\n",
			s->name, s->seed, s->nr_pages, s->areas.nr_areas,
			s->area_pages, s->areas.nr_clients);
	else
		fprintf(out, "gcma-sim: scenario %s, seed %" PRIu64
			", %lu pages, area %lu pages, %lu requests per size\n",
			s->name, s->seed, s->nr_pages, s->area_pages,
			s->repeat);
	fprintf(out, "latency: virtual time of each cma_alloc() (docs/cost-model.md)\n\n");
	if (s->nr_sizes)
		fprintf(out, "%-10s %6s %11s %11s %11s %11s %11s %8s\n",
			"config", "pages", "min_us", "max_us", "avg_us",
			"p50_us", "p99_us", "success");
	report_rows(run, out,
		    "%-10s %6lu %11.1f %11.1f %11.1f %11.1f %11.1f %8.3f\n", "");
	report_clients_table(run, out);
	fprintf(out, "\n%-10s %16s %12s %s\n", "config", "bg_slowdown_pct",
		"cc_hit_rate", "check");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cfg_result *r = &run->cfg[c];

		if (!r->ran)
			continue;
		if (s->baseline)
			fprintf(out, "%-10s %16.2f", scn_config_name(c),
				r->slowdown_pct);
		else
			fprintf(out, "%-10s %16s", scn_config_name(c), "-");
		fprintf(out, " %12.3f %s\n", r->cc_hit_rate,
			r->check_failed ? "FAILED" : "ok");
	}
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cfg_result *r = &run->cfg[c];

		if (!r->ran || !r->has_swap)
			continue;
		fprintf(out, "\nfrontswap (%s): ", scn_config_name(c));
		report_swap(r, out, "%s=%" PRIu64, " ");
		fputc('\n', out);
	}
	for (int c = 0; c < SCN_CFG_NR; c++)
		if (run->cfg[c].ran)
			tagstore_report(s, scn_config_name(c),
					&run->cfg[c].tagstore, out);
	report_app_table(run, out);
	report_acct_table(run, out);
	report_causes_table(run, out);
}

/*
 * One run's results and configs as a JSON object (the schema's "runs"
 * entries; docs/simulator.md "JSON").
 */
static void report_json_run(const struct sim_run *run, FILE *out)
{
	const struct scn_scenario *s = run->s;
	struct cause_totals all;
	bool first = true;

	fprintf(out, "    {\"seed\": %" PRIu64 ",\n    \"results\": [", s->seed);
	report_rows(run, out,
		    "\n      {\"config\": \"%s\", \"pages\": %lu, \"min_us\": %.1f, \"max_us\": %.1f, \"avg_us\": %.1f, \"p50_us\": %.1f, \"p99_us\": %.1f, \"success_rate\": %.3f}",
		    ",");
	fprintf(out, "\n    ],\n    \"configs\": [");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct cfg_result *r = &run->cfg[c];

		if (!r->ran)
			continue;
		fprintf(out, "%s\n      {\"config\": \"%s\", \"bg_slowdown_pct\": ",
			first ? "" : ",", scn_config_name(c));
		if (s->baseline)
			fprintf(out, "%.2f", r->slowdown_pct);
		else
			fprintf(out, "null");
		fprintf(out, ", \"cc_hit_rate\": %.3f, \"check\": \"%s\"",
			r->cc_hit_rate, r->check_failed ? "failed" : "ok");
		fprintf(out, ", \"frontswap\": ");
		if (r->has_swap) {
			fputc('{', out);
			report_swap(r, out, "\"%s\": %" PRIu64, ", ");
			fputc('}', out);
		} else {
			fputs("null", out);
		}
		report_app_json(r, out);
		report_acct_json(r, out);
		report_clients_json(run, c, out);
		report_causes_json(&r->causes, "causes", out);
		fputc('}', out);
		first = false;
	}
	fprintf(out, "\n    ]");
	/* Every configuration's causes summed. */
	causes_total(run, &all);
	report_causes_json(&all, "causes_total", out);
	fputc('}', out);
}

static void report_json(const struct seeds_result *sr, FILE *out)
{
	const struct scn_scenario *s = sr->base;

	fprintf(out, "{\n  \"schema_version\": %d,\n  \"tool\": \"gcma-sim\",\n  \"scenario\": ",
		REPORT_SCHEMA_VERSION);
	report_json_string(s->name, out);
	fprintf(out, ",\n  \"seeds\": [");
	for (unsigned int i = 0; i < sr->nr; i++)
		fprintf(out, "%s%" PRIu64, i ? ", " : "", sr->seeds[i]);
	fprintf(out, "],\n  \"pages\": %lu,\n  \"area_pages\": %lu,\n",
		s->nr_pages, s->area_pages);
	fprintf(out, "  \"repeat\": %lu,\n  \"interval\": \"%s\",\n  \"runs\": [\n",
		s->repeat, REPORT_INTERVAL_METHOD);
	for (unsigned int i = 0; i < sr->nr; i++) {
		fputs(i ? ",\n" : "", out);
		report_json_run(&sr->runs[i], out);
	}
	fprintf(out, "\n  ],\n  \"summary\": [");
	report_seeds_json_summary(sr, out);
	fprintf(out, "\n  ]\n}\n");
}

/**
 * report_write() - print the results of every seed of @sr.
 * @sr: run and aggregated (seeds.h); one seed prints the one-run table.
 * @fmt: the format.
 * @out: where.
 *
 * Context: Process context.
 * Return: 0; -EIO (@out reported an error).
 */
int report_write(const struct seeds_result *sr, enum report_format fmt,
		 FILE *out)
{
	switch (fmt) {
	case REPORT_TABLE:
		if (sr->nr == 1)
			report_table(&sr->runs[0], out);
		else
			report_seeds_table(sr, out);
		for (unsigned int i = 0; sr->nr > 1 && i < sr->nr &&
				       sr->base->areas.nr_clients; i++) {
			fputc('\n', out);
			report_clients_table(&sr->runs[i], out);
		}
		break;
	case REPORT_CSV:
		report_csv_write(sr, out);
		break;
	case REPORT_JSON:
		report_json(sr, out);
		break;
	}
	return ferror(out) ? -EIO : 0;
}

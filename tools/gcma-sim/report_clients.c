// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Per-client rows in the table, the CSV and the JSON. Latencies in µs
 * with one decimal, the success rate with three, as the [requests] rows;
 * queued_us is the mean wait of a deferred request for a release.
 */
#include <inttypes.h>

#include "clients_run.h"
#include "report.h"
#include "report_clients.h"

/* A row's fields after config, client, area and pages. */
#define ROW_FMT	"%lu,%lu,%lu,%.1f,%.1f,%.1f,%.1f,%.1f,%.3f,%lu,%.1f"

static double queued_us(const struct client_result *cr)
{
	return cr->deferred ? (double)cr->queued_ns / 1e3 / cr->deferred : 0;
}

/*
 * Each row of configuration @c: the client's overall row (@pages 0,
 * @l its latency, @cr its counters) then one per size (@cr NULL),
 * passed to @row.
 */
typedef void (*row_fn)(void *arg, enum scn_config c,
		       const struct scn_client *sc, unsigned long pages,
		       const struct lat_stats *l,
		       const struct client_result *cr);

static void for_each_row(const struct sim_run *run, enum scn_config c,
			 row_fn row, void *arg)
{
	const struct scn_areas *a = &run->s->areas;
	const struct clients_result *res = run->cfg[c].clients;

	if (!run->cfg[c].ran || !res)
		return;
	for (unsigned int i = 0; i < a->nr_clients; i++) {
		const struct scn_client *sc = &a->client[i];

		row(arg, c, sc, 0, &res->client[i].all, &res->client[i]);
		for (unsigned int k = 0; k < sc->nr_sizes; k++)
			row(arg, c, sc, sc->sizes[k], &res->client[i].size[k],
			    NULL);
	}
}

static void table_row(void *arg, enum scn_config c,
		      const struct scn_client *sc, unsigned long pages,
		      const struct lat_stats *l,
		      const struct client_result *cr)
{
	FILE *out = arg;
	char p[16];

	snprintf(p, sizeof(p), pages ? "%lu" : "all", pages);
	fprintf(out, "%-10s %-10s %6s %8lu %6lu %11.1f %11.1f %11.1f %11.1f %11.1f %8.3f",
		scn_config_name(c), sc->name, p, l->n, l->n - l->ok,
		l->min_us, l->avg_us, l->p50_us, l->p99_us, l->max_us,
		l->success_rate);
	if (cr)
		fprintf(out, " %8lu %5lu %11.1f\n", cr->deferred, cr->max_held,
			queued_us(cr));
	else
		fprintf(out, " %8s %5s %11s\n", "", "", "");
}

/**
 * report_clients_table() - the areas, then a row per client and size.
 * @run: one seed's run.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_clients_table(const struct sim_run *run, FILE *out)
{
	const struct scn_areas *a = &run->s->areas;

	if (!a->nr_clients)
		return;
	fprintf(out, "%sareas (seed %" PRIu64 "):",
		run->s->nr_sizes ? "\n" : "", run->s->seed);
	for (unsigned int i = 0; i < a->nr_areas; i++)
		fprintf(out, " %s %lu pages%s%s", a->area[i].name,
			a->area[i].pages,
			a->area[i].guarantee ? " guarantee" : "",
			i + 1 < a->nr_areas ? "," : "\n");
	fprintf(out, "%-10s %-10s %6s %8s %6s %11s %11s %11s %11s %11s %8s %8s %5s %11s\n",
		"config", "client", "pages", "requests", "failed", "min_us",
		"avg_us", "p50_us", "p99_us", "max_us", "success",
		"deferred", "held", "queued_us");
	for (int c = 0; c < SCN_CFG_NR; c++)
		for_each_row(run, c, table_row, out);
}

struct csv_arg {
	FILE *out;
	const struct scn_scenario *s;
};

static void csv_row(void *arg, enum scn_config c,
		    const struct scn_client *sc, unsigned long pages,
		    const struct lat_stats *l, const struct client_result *cr)
{
	const struct csv_arg *ca = arg;
	const struct scn_area *ar = &ca->s->areas.area[sc->area];

	fprintf(ca->out, "%s,%s,%s,", scn_config_name(c), sc->name, ar->name);
	if (pages)
		fprintf(ca->out, "%lu,", pages);
	else
		fprintf(ca->out, "all,");
	fprintf(ca->out, ROW_FMT, l->n, l->n - l->ok,
		cr ? cr->deferred : 0, l->min_us, l->max_us, l->avg_us,
		l->p50_us, l->p99_us, l->success_rate,
		cr ? cr->max_held : 0, cr ? queued_us(cr) : 0.0);
	fprintf(ca->out, ",\"%s\",%" PRIu64 "\n", ca->s->name, ca->s->seed);
}

/**
 * report_clients_csv() - the clients' CSV: one row per seed,
 * configuration, client and size (pages "all": the client's requests).
 * @sr: the runs.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_clients_csv(const struct seeds_result *sr, FILE *out)
{
	fprintf(out, "config,client,area,pages,requests,failed,deferred,min_us,max_us,avg_us,p50_us,p99_us,success_rate,max_held,queued_us,scenario,seed\n");
	for (unsigned int k = 0; k < sr->nr; k++) {
		struct csv_arg ca = { .out = out, .s = sr->runs[k].s };

		for (int c = 0; c < SCN_CFG_NR; c++)
			for_each_row(&sr->runs[k], c, csv_row, &ca);
	}
}

struct json_arg {
	FILE *out;
	const struct scn_scenario *s;
	bool first_client, first_size;
};

static void json_stats(const struct lat_stats *l, FILE *out)
{
	fprintf(out, "{\"requests\": %lu, \"failed\": %lu, \"min_us\": %.1f, \"max_us\": %.1f, \"avg_us\": %.1f, \"p50_us\": %.1f, \"p99_us\": %.1f, \"success_rate\": %.3f",
		l->n, l->n - l->ok, l->min_us, l->max_us, l->avg_us, l->p50_us,
		l->p99_us, l->success_rate);
}

static void json_row(void *arg, enum scn_config c,
		     const struct scn_client *sc, unsigned long pages,
		     const struct lat_stats *l, const struct client_result *cr)
{
	struct json_arg *ja = arg;
	const struct scn_area *ar = &ja->s->areas.area[sc->area];
	FILE *out = ja->out;

	if (pages) {
		fprintf(out, "%s", ja->first_size ? "" : ", ");
		json_stats(l, out);
		fprintf(out, ", \"pages\": %lu}", pages);
		ja->first_size = false;
		return;
	}
	fprintf(out, "%s\n        {\"client\": ",
		ja->first_client ? "" : "]},");
	report_json_string(sc->name, out);
	fprintf(out, ", \"area\": ");
	report_json_string(ar->name, out);
	fprintf(out, ", \"guarantee\": %s, \"deferred\": %lu, \"max_held\": %lu, \"queued_us\": %.1f, \"all\": ",
		c != SCN_CFG_CMA && ar->guarantee ? "true" : "false",
		cr->deferred, cr->max_held, queued_us(cr));
	json_stats(l, out);
	fprintf(out, "}, \"by_size\": [");
	ja->first_client = false;
	ja->first_size = true;
}

/**
 * report_clients_json() - the "clients" member of a configuration's
 * JSON object (nothing without clients).
 * @run: one seed's run.
 * @c: the configuration.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void report_clients_json(const struct sim_run *run, enum scn_config c,
			 FILE *out)
{
	struct json_arg ja = { .out = out, .s = run->s, .first_client = true };

	if (!run->s->areas.nr_clients)
		return;
	fprintf(out, ", \"clients\": [");
	for_each_row(run, c, json_row, &ja);
	fprintf(out, "%s]", ja.first_client ? "" : "]}");
}

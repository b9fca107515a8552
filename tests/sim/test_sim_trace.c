// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The trace reconciles with the table: one run of the small scenario
 * with --trace and --format csv; from the trace alone the test rebuilds
 * every cell of the results (min, max, avg, p50, p99 nearest-rank,
 * success rate, per configuration and size) and compares it, as printed,
 * with the CSV. Each trace line's ns less its wait_ns must be exactly
 * what its events cost in the cost model (so wait_ns is the time the
 * request waited and nothing else), and some requests must have waited.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libgcma/libgcma.h>

#include "scenario.h"
#include "sim_test.h"

#define MAX_ROWS	64
#define MAX_REQS	64

/* The requests of one configuration and size, from the trace. */
struct cell {
	char config[16];
	unsigned long pages;
	uint64_t ns[MAX_REQS];
	unsigned long n, ok;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static struct cell *cell_of(struct cell *cells, int *nr, const char *config,
			    unsigned long pages)
{
	for (int i = 0; i < *nr; i++)
		if (!strcmp(cells[i].config, config) && cells[i].pages == pages)
			return &cells[i];
	assert_true(*nr < MAX_ROWS);
	memset(&cells[*nr], 0, sizeof(cells[*nr]));
	snprintf(cells[*nr].config, sizeof(cells[*nr].config), "%s", config);
	cells[*nr].pages = pages;
	return &cells[(*nr)++];
}

/*
 * What the events of a trace line cost in the default scenario's model;
 * the time of its cause.*_ns items (docs/simulator.md "CMA's hurdles")
 * is added to *@cause_ns.
 */
static uint64_t events_ns(char *events, uint64_t *cause_ns)
{
	struct scn_scenario s;
	const struct sim_cost_model *model = &s.cost;
	uint64_t ns = 0;

	scn_defaults(&s);
	for (char *ev = strtok(events, ",\n"); ev; ev = strtok(NULL, ",\n")) {
		char *eq = strchr(ev, '=');
		int id;

		assert_non_null(eq);
		*eq = '\0';
		if (!strncmp(ev, "cause.", 6)) {
			size_t len = strlen(ev);

			if (len > 3 && !strcmp(ev + len - 3, "_ns"))
				*cause_ns += strtoull(eq + 1, NULL, 10);
			continue;
		}
		id = sim_cost_event_lookup(ev);
		assert_true(id >= 0);
		ns += strtoull(eq + 1, NULL, 10) * model->ns[id];
	}
	return ns;
}

/* Read the trace into @cells; return how many requests waited. */
static unsigned long read_trace(const char *path, struct cell *cells, int *nr)
{
	unsigned long waited = 0;
	char line[1024];
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "config,pages,rep,ret,ns,wait_ns,events\n");
	while (fgets(line, sizeof(line), f)) {
		char config[16];
		unsigned long pages, rep;
		unsigned long long ns, wait;
		int ret, used = 0;
		uint64_t cause_ns = 0;
		struct cell *c;

		assert_int_equal(sscanf(line, "%15[^,],%lu,%lu,%d,%llu,%llu%n",
					config, &pages, &rep, &ret, &ns, &wait,
					&used), 6);
		assert_true(wait <= ns);
		assert_int_equal(ns - wait, events_ns(line + used, &cause_ns));
		/* The causes share out part of the latency, never more. */
		assert_true(cause_ns <= ns);
		waited += wait > 0;
		c = cell_of(cells, nr, config, pages);
		assert_true(c->n < MAX_REQS);
		c->ns[c->n++] = ns;
		c->ok += ret == 0;
	}
	fclose(f);
	return waited;
}

static double rank_us(const uint64_t *sorted, unsigned long n, unsigned int pct)
{
	unsigned long r = (n * pct + 99) / 100;

	return (double)sorted[r ? r - 1 : 0] / 1000.0;
}

/* The CSV row the cell must print as. */
static void cell_row(struct cell *c, char *buf, size_t len)
{
	long double sum = 0;

	for (unsigned long i = 0; i < c->n; i++)
		sum += c->ns[i];
	qsort(c->ns, c->n, sizeof(c->ns[0]), cmp_u64);
	snprintf(buf, len, "%s,%lu,%.1f,%.1f,%.1f,%.1f,%.1f,%.3f", c->config,
		 c->pages, c->ns[0] / 1000.0, c->ns[c->n - 1] / 1000.0,
		 (double)(sum / c->n) / 1000.0, rank_us(c->ns, c->n, 50),
		 rank_us(c->ns, c->n, 99), (double)c->ok / c->n);
}

static void t_trace_rebuilds_table(void **state)
{
	char *path = sim_write_file(sim_small_scenario);
	char *trace = sim_write_file("");
	const char *args[] = { "--scenario", path, "--format", "csv",
			       "--trace", trace, "--quiet", NULL };
	struct cell cells[MAX_ROWS];
	unsigned long waited;
	struct sim_out o;
	int nr = 0, rows = 0;
	char *line;

	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	waited = read_trace(trace, cells, &nr);
	/* 3 configurations x 4 sizes, 4 requests each. */
	assert_int_equal(nr, 12);
	assert_true(waited > 0);
	line = strtok(o.out, "\n");	/* the header */
	while ((line = strtok(NULL, "\n"))) {
		char want[256];

		assert_true(rows < nr);
		assert_int_equal(cells[rows].n, 4);
		cell_row(&cells[rows], want, sizeof(want));
		/* The latency columns; the other results follow (report_csv.c). */
		strcat(want, ",");
		assert_int_equal(strncmp(line, want, strlen(want)), 0);
		rows++;
	}
	assert_int_equal(rows, nr);
	print_message("# %d cells rebuilt from the trace; %lu of 48 requests waited for a CPU\n",
		      rows, waited);
	sim_out_free(&o);
	sim_remove_file(trace);
	sim_remove_file(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_trace_rebuilds_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The charts' gnuplot scripts. Every line has its own colour and point
 * type (no dash styles: gnuplot's libgd png terminal draws them solid);
 * pngcairo when gnuplot has it, else png. On the latency chart the
 * configurations are shifted a few percent apart on the (log) size axis
 * so that equal values (gcma and gcma.zram) do not hide each other.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "latency_cdf.h"
#include "plot_scripts.h"

#define MIB(pages)	((double)(pages) * 4096.0 / (1024.0 * 1024.0))

/* Colour and point types per configuration (filled: avg, open: max). */
static const char *const cfg_colour[SCN_CFG_NR] = {
	"#d62728", "#1f77b4", "#2ca02c",
};
static const int cfg_pt_avg[SCN_CFG_NR] = { 7, 5, 9 };
static const int cfg_pt_max[SCN_CFG_NR] = { 6, 4, 8 };
static const double cfg_shift[SCN_CFG_NR] = { 0.88, 1.0, 1.12 };
/* gcma's line wider than gcma.zram's drawn over it: both stay visible. */
static const double cfg_lw[SCN_CFG_NR] = { 2, 3.5, 1.5 };

/* Eight distinct colours and point types for the sizes of a CDF. */
static const char *const size_colour[8] = {
	"#000000", "#e69f00", "#56b4e9", "#009e73", "#d55e00", "#0072b2",
	"#cc79a7", "#999999",
};

static void plot_terminal(FILE *g, int w, int h)
{
	fprintf(g, "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) "
		"{ set terminal pngcairo size %d,%d font ',10' } "
		"else { set terminal png size %d,%d }\n", w, h, w, h);
}

static void plot_title(const struct seeds_result *sr, FILE *g,
		       const char *what)
{
	fprintf(g, "set title \"gcma-sim: %s, scenario %s, ", what,
		sr->base->name);
	if (sr->nr == 1)
		fprintf(g, "seed %" PRIu64 "\" noenhanced\n", sr->seeds[0]);
	else
		fprintf(g, "%u seeds\" noenhanced\n", sr->nr);
}

/**
 * plot_latency_script() - avg (with its 95% interval over seeds) and max
 * latency against the request size in MiB, log-log.
 * @job: the results.
 * @g: gnuplot's input.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @g).
 */
void plot_latency_script(const struct plot_job *job, FILE *g)
{
	const struct seeds_result *sr = job->sr;
	const struct scn_scenario *s = sr->base;
	bool first = true;

	plot_terminal(g, 1000, 650);
	fprintf(g, "set logscale xy\nset key left top\nset grid\n"
		"set xlabel 'request size (MiB; configurations drawn a few %% apart)'\n"
		"set ylabel 'latency (virtual us); avg: mean and 95%% interval over seeds, max: over all requests' noenhanced\n");
	plot_title(sr, g, "cma_alloc() latency");
	fprintf(g, "plot ");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!sr->runs[0].cfg[c].ran)
			continue;
		fprintf(g, "%s'-' using 1:2:3:4 with yerrorlines lw %g lc rgb '%s' pt %d ps 1.3 title '%s avg', "
			"'-' using 1:2 with linespoints lw 1 lc rgb '%s' pt %d ps 1.5 title '%s max'",
			first ? "" : ", ", cfg_lw[c], cfg_colour[c], cfg_pt_avg[c],
			scn_config_name(c), cfg_colour[c], cfg_pt_max[c],
			scn_config_name(c));
		first = false;
	}
	fputc('\n', g);
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!sr->runs[0].cfg[c].ran)
			continue;
		for (unsigned int i = 0; i < s->nr_sizes; i++) {
			const struct seeds_cell *a;
			double lo, hi;

			a = seeds_find(sr, "latency", c, s->sizes[i], "avg_us");
			/* Cut at the fastest request seen: a log axis has no 0. */
			lo = a->ci.mean - a->ci.half;
			if (lo < sr->pooled[c][i].min_us)
				lo = sr->pooled[c][i].min_us;
			hi = a->ci.mean + a->ci.half;
			fprintf(g, "%g %.1f %.1f %.1f\n",
				MIB(s->sizes[i]) * cfg_shift[c],
				a->ci.mean > 0 ? a->ci.mean : 0.1,
				lo > 0.1 ? lo : 0.1, hi > 0.1 ? hi : 0.1);
		}
		fprintf(g, "e\n");
		for (unsigned int i = 0; i < s->nr_sizes; i++) {
			double v = sr->pooled[c][i].max_us;

			fprintf(g, "%g %.1f\n", MIB(s->sizes[i]) * cfg_shift[c],
				v > 0 ? v : 0.1);
		}
		fprintf(g, "e\n");
	}
}

/* One bar per configuration from the cell @name of @section. */
static void plot_bars(const struct seeds_result *sr, FILE *g,
		      const char *section, const char *name, double dx)
{
	int x = 0;

	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct seeds_cell *e;

		if (!sr->runs[0].cfg[c].ran)
			continue;
		e = seeds_find(sr, section, c, 0, name);
		fprintf(g, "%g %g %g %d\n", x + dx, e && !e->m.missing ?
			e->ci.mean : 0.0, e ? e->ci.half : 0.0, c + 1);
		x++;
	}
	fprintf(g, "e\n");
}

/* The slowdown panel's y range: its bars and intervals, and 0. */
static void plot_yrange(const struct seeds_result *sr, FILE *g)
{
	double lo = 0, hi = 0;

	for (int c = 0; c < SCN_CFG_NR; c++) {
		const struct seeds_cell *e;

		if (!sr->runs[0].cfg[c].ran)
			continue;
		e = seeds_find(sr, "summary", c, 0, "bg_slowdown_pct");
		if (!e || e->m.missing)
			continue;
		if (e->ci.mean - e->ci.half < lo)
			lo = e->ci.mean - e->ci.half;
		if (e->ci.mean + e->ci.half > hi)
			hi = e->ci.mean + e->ci.half;
	}
	if (hi <= lo)
		hi = lo + 1;
	fprintf(g, "set yrange [%g:%g]\n", lo - (hi - lo) * 0.05,
		hi + (hi - lo) * 0.1);
}

/**
 * plot_app_script() - what the requests cost the apps: the background's
 * slowdown (mean and 95% interval) and its disk reads and refaults with
 * and without requests, per configuration.
 * @job: the results.
 * @g: gnuplot's input.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @g).
 */
void plot_app_script(const struct plot_job *job, FILE *g)
{
	const struct seeds_result *sr = job->sr;
	int x = 0;

	plot_terminal(g, 1100, 500);
	fprintf(g, "set multiplot layout 1,2\nset grid ytics\nset xtics (");
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!sr->runs[0].cfg[c].ran)
			continue;
		fprintf(g, "%s'%s' %d", x ? ", " : "", scn_config_name(c), x);
		x++;
	}
	fprintf(g, ")\nset xrange [-0.6:%d.6]\nset style fill solid 0.6 border -1\n"
		"set boxwidth 0.5\nset key below\nset xzeroaxis lt -1\n",
		x - 1);
	plot_yrange(sr, g);
	fprintf(g, "set linetype 1 lc rgb '%s'\nset linetype 2 lc rgb '%s'\nset linetype 3 lc rgb '%s'\n",
		cfg_colour[0], cfg_colour[1], cfg_colour[2]);
	plot_title(sr, g, "slowdown");
	fprintf(g, "set ylabel 'bg\\_slowdown\\_pct (%%)'\n"
		"plot '-' using 1:2:4 with boxes lc variable title 'slowdown', "
		"'-' using 1:2:3 with yerrorbars lc rgb 'black' pt 0 lw 2 title '95%% interval'\n");
	plot_bars(sr, g, "summary", "bg_slowdown_pct", 0);
	plot_bars(sr, g, "summary", "bg_slowdown_pct", 0);
	fprintf(g, "set boxwidth 0.18\nset yrange [0:*]\nset ylabel 'pages after the warm-up (mean over seeds)'\n");
	plot_title(sr, g, "app reads");
	fprintf(g, "plot '-' using 1:2 with boxes fs solid 0.8 lc rgb '#444444' title 'disk reads', "
		"'-' using 1:2 with boxes fs pattern 4 lc rgb '#444444' title 'disk reads, no requests', "
		"'-' using 1:2 with boxes fs solid 0.8 lc rgb '#e69f00' title 'refaults', "
		"'-' using 1:2 with boxes fs pattern 4 lc rgb '#e69f00' title 'refaults, no requests'\n");
	plot_bars(sr, g, "app", "disk_reads", -0.3);
	plot_bars(sr, g, "app_baseline", "disk_reads", -0.1);
	plot_bars(sr, g, "app", "refaults", 0.1);
	plot_bars(sr, g, "app_baseline", "refaults", 0.3);
	fprintf(g, "unset multiplot\n");
}

/**
 * plot_cdf_script() - the latency CDF of one configuration, one line per
 * request size, over every request of every seed (log latency axis).
 * @job: the results and the configuration.
 * @g: gnuplot's input.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @g; a size whose latencies cannot
 * be sorted for want of memory is left out).
 */
void plot_cdf_script(const struct plot_job *job, FILE *g)
{
	const struct seeds_result *sr = job->sr;
	const struct scn_scenario *s = sr->base;
	char what[64];

	plot_terminal(g, 1150, 650);
	fprintf(g, "set logscale x\nset key outside right center\nset grid\nset yrange [0:1]\n"
		"set xlabel 'latency (virtual us)'\nset ylabel 'fraction of requests at or below'\n");
	snprintf(what, sizeof(what), "latency CDF of %s",
		 scn_config_name(job->config));
	plot_title(sr, g, what);
	fprintf(g, "plot ");
	for (unsigned int i = 0; i < s->nr_sizes; i++)
		fprintf(g, "%s'-' using 1:2 with linespoints lw 2 lc rgb '%s' pt %u pi -%lu ps 1.2 title '%lu pages (%.3g MiB)'",
			i ? ", " : "", size_colour[i % 8], 1 + i % 13,
			(s->repeat * sr->nr + 7) / 8, s->sizes[i],
			MIB(s->sizes[i]));
	fputc('\n', g);
	for (unsigned int i = 0; i < s->nr_sizes; i++) {
		uint64_t *ns;
		unsigned long n;

		if (!latency_cdf_sorted(sr, job->config, i, &ns, &n)) {
			for (unsigned long r = 0; r < n; r++)
				fprintf(g, "%.1f %.4f\n",
					ns[r] > 100 ? ns[r] / 1000.0 : 0.1,
					(double)(r + 1) / n);
			free(ns);
		}
		fprintf(g, "e\n");
	}
}

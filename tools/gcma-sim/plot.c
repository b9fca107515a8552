// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The plot: request size (x, log) against avg and max latency (y, log),
 * one pair of lines per configuration, as a PNG written by gnuplot. The
 * data go to gnuplot inline on its standard input; gnuplot is looked up
 * in PATH and is optional (Debian: gnuplot-nox).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"

/* Is there an executable @name in PATH? */
static bool plot_have(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];

	while (path && *path) {
		size_t len = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, path, name);
		if (len && !access(buf, X_OK))
			return true;
		path += len;
		if (*path == ':')
			path++;
	}
	return false;
}

static void plot_quote(FILE *g, const char *s)
{
	fputc('\'', g);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', g);
		fputc(*s, g);
	}
	fputc('\'', g);
}

/**
 * plot_write() - draw the latencies of @run into the PNG file @path.
 * @run: a finished run.
 * @path: the image to write.
 * @err: message on failure.
 * @errlen: size of @err.
 *
 * Context: Process context.
 * Return: 0; -ENOENT (gnuplot is not installed); -EIO (gnuplot failed).
 */
int plot_write(const struct sim_run *run, const char *path, char *err,
	       size_t errlen)
{
	const struct scn_scenario *s = run->s;
	bool first = true;
	FILE *g;
	int st;

	if (!plot_have("gnuplot")) {
		snprintf(err, errlen,
			 "--plot %s: gnuplot is not installed (apt-get install gnuplot-nox); no plot written",
			 path);
		return -ENOENT;
	}
	g = popen("gnuplot", "w");
	if (!g) {
		snprintf(err, errlen, "--plot %s: cannot run gnuplot: %s",
			 path, strerror(errno));
		return -EIO;
	}
	fprintf(g, "set terminal png size 900,600\nset output ");
	plot_quote(g, path);
	fprintf(g, "\nset logscale xy\nset key left top\n"
		"set xlabel 'request size (pages)'\n"
		"set ylabel 'latency (virtual us)'\n"
		"set title 'gcma-sim: scenario %s, seed %llu'\nplot ",
		s->name, (unsigned long long)s->seed);
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!run->cfg[c].ran)
			continue;
		fprintf(g, "%s'-' using 1:2 with linespoints title '%s avg', "
			"'-' using 1:2 with lines dashtype 2 title '%s max'",
			first ? "" : ", ", scn_config_name(c),
			scn_config_name(c));
		first = false;
	}
	fputc('\n', g);
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!run->cfg[c].ran)
			continue;
		for (int which = 0; which < 2; which++) {
			for (unsigned int i = 0; i < s->nr_sizes; i++) {
				const struct lat_stats *l = &run->cfg[c].size[i];
				double v = which ? l->max_us : l->avg_us;

				fprintf(g, "%lu %.1f\n", s->sizes[i],
					v > 0 ? v : 0.1);
			}
			fprintf(g, "e\n");
		}
	}
	st = pclose(g);
	if (st) {
		snprintf(err, errlen, "--plot %s: gnuplot failed (status %d)",
			 path, st);
		return -EIO;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Compare mode. Cells are matched by section, configuration, size and
 * name (with A.json:CONFIG and B.json:CONFIG, one configuration of each
 * and the configuration left out of the key: `run.json:cma
 * run.json:gcma` compares two designs of one run). Latency cells get one
 * table per metric, rows by configuration and size; every other section
 * one table, rows by configuration and metric. Each row: A and B as mean
 * +- 95% half-width, B - A, (B - A) / A in percent, and a marker: '*'
 * when the two intervals do not overlap (a difference outside the seed
 * noise), '?' when a side has one seed (no interval: cannot tell).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "compare.h"
#include "scenario.h"

/* Read @path whole, NUL-terminated, into @buf. */
static int compare_read(const char *path, char **buf, size_t *len,
			FILE *err)
{
	struct stat st;
	FILE *f = fopen(path, "r");

	*buf = NULL;
	if (!f) {
		fprintf(err, "gcma-sim compare: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) ||
	    (unsigned long)st.st_size > COMPARE_FILE_MAX) {
		fprintf(err, "gcma-sim compare: %s: not a regular file of at most %lu bytes\n",
			path, COMPARE_FILE_MAX);
		fclose(f);
		return -EINVAL;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf) {
		fclose(f);
		fprintf(err, "gcma-sim compare: out of memory\n");
		return -ENOMEM;
	}
	*len = fread(*buf, 1, (size_t)st.st_size, f);
	(*buf)[*len] = '\0';
	if (ferror(f)) {
		fprintf(err, "gcma-sim compare: %s: cannot read\n", path);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	return 0;
}

/* "FILE[:CONFIG]": split off a configuration name if there is one. */
static void compare_split(char *arg, const char **cfg)
{
	char *colon = strrchr(arg, ':');

	*cfg = NULL;
	if (!colon)
		return;
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!strcmp(colon + 1, scn_config_name(c))) {
			*colon = '\0';
			*cfg = colon + 1;
			return;
		}
	}
}

static bool cell_in(const struct cmp_cell *c, const char *cfg)
{
	return !cfg || !strcmp(c->config, cfg);
}

static bool cell_same(const struct cmp_cell *a, const struct cmp_cell *b,
		      bool any_config)
{
	return a->pages == b->pages && !strcmp(a->section, b->section) &&
	       !strcmp(a->metric, b->metric) &&
	       (any_config || !strcmp(a->config, b->config));
}

/* The table a cell belongs to: "latency avg_us", or its section. */
static void cell_table(const struct cmp_cell *c, char *buf, size_t len)
{
	if (!strcmp(c->section, "latency"))
		snprintf(buf, len, "latency %s", c->metric);
	else
		snprintf(buf, len, "%s", c->section);
}

/* "mean +- half", "mean (1 seed)" or "-" into @buf. */
static void cell_value(const struct cmp_cell *c, char *buf, size_t len)
{
	if (!c)
		snprintf(buf, len, "(absent)");
	else if (!c->has_mean)
		snprintf(buf, len, "-");
	else if (!c->has_ci)
		snprintf(buf, len, "%.*f (1 seed)", c->prec, c->ci.mean);
	else
		snprintf(buf, len, "%.*f +- %.*f", c->prec, c->ci.mean,
			 c->prec, c->ci.half);
}

/* One row; its marker ('*', '?', ' ', or 0 when nothing is compared). */
static char compare_row(const struct cmp_cell *a, const struct cmp_cell *b,
			bool any_config, FILE *out)
{
	const struct cmp_cell *k = a ? a : b;
	char label[80], va[48], vb[48], mark = ' ';
	int prec = k->prec;

	if (!strcmp(k->section, "latency"))
		snprintf(label, sizeof(label), "%s %lu",
			 any_config ? "" : k->config, k->pages);
	else
		snprintf(label, sizeof(label), "%s%s%s",
			 any_config ? "" : k->config, any_config ? "" : " ",
			 k->metric);
	cell_value(a, va, sizeof(va));
	cell_value(b, vb, sizeof(vb));
	fprintf(out, "%-32s %24s %24s", label + (*label == ' '), va, vb);
	if (!a || !b || !a->has_mean || !b->has_mean) {
		fputc('\n', out);
		return 0;
	}
	fprintf(out, " %14.*f", prec, b->ci.mean - a->ci.mean);
	if (a->ci.mean != 0)
		fprintf(out, " %+9.1f%%",
			(b->ci.mean - a->ci.mean) / a->ci.mean * 100.0);
	else
		fprintf(out, " %10s", "-");
	if (!a->has_ci || !b->has_ci)
		mark = '?';
	else if (!mean_ci_overlap(&a->ci, &b->ci))
		mark = '*';
	if (mark != ' ')
		fprintf(out, " %c", mark);
	fputc('\n', out);
	return mark;
}

/* The cell of @f matching @k (in @cfg), or NULL. */
static const struct cmp_cell *compare_find(const struct cmp_file *f,
					   const char *cfg,
					   const struct cmp_cell *k,
					   bool any_config)
{
	for (unsigned int i = 0; i < f->nr_cells; i++)
		if (cell_in(&f->cells[i], cfg) &&
		    cell_same(&f->cells[i], k, any_config))
			return &f->cells[i];
	return NULL;
}

static void compare_header(const struct cmp_file *f, const char *side,
			   const char *name, const char *cfg, FILE *out)
{
	fprintf(out, "%s: %s%s%s: scenario %s, %u seed%s (%s)%s\n", side,
		name, cfg ? ":" : "", cfg ? cfg : "", f->scenario, f->seeds,
		f->seeds == 1 ? "" : "s", f->seed_list,
		f->seeds < 2 ? ": no interval" : "");
}

/**
 * compare_write() - the comparison of @a and @b.
 * @a: the first file's summary.
 * @a_name: its name, for the header.
 * @a_cfg: its configuration to compare, or NULL for all.
 * @b: the second.
 * @b_name: its name.
 * @b_cfg: its configuration, or NULL (both or neither are NULL).
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void compare_write(const struct cmp_file *a, const char *a_name,
		   const char *a_cfg, const struct cmp_file *b,
		   const char *b_name, const char *b_cfg, FILE *out)
{
	bool any = a_cfg || b_cfg;
	char done_tables[64][72];
	unsigned int nr_done = 0, outside = 0, with_ci = 0, rows = 0;
	char mark;

	fprintf(out, "gcma-sim compare\n");
	compare_header(a, "A", a_name, a_cfg, out);
	compare_header(b, "B", b_name, b_cfg, out);
	fprintf(out, "each side: mean +- 95%% Student-t half-width over its seeds; B-A and (B-A)/A of the means;\n"
		"'*': the intervals do not overlap (outside the seed noise); '?': a side has one seed (no interval)\n");
	for (unsigned int i = 0; i < a->nr_cells + b->nr_cells; i++) {
		const struct cmp_cell *k = i < a->nr_cells ? &a->cells[i] :
					   &b->cells[i - a->nr_cells];
		const char *kcfg = i < a->nr_cells ? a_cfg : b_cfg;
		char table[72];
		bool seen = false;

		if (!cell_in(k, kcfg))
			continue;
		cell_table(k, table, sizeof(table));
		for (unsigned int d = 0; d < nr_done && !seen; d++)
			seen = !strcmp(done_tables[d], table);
		if (seen || nr_done >= 64)
			continue;
		snprintf(done_tables[nr_done++], sizeof(table), "%s", table);
		fprintf(out, "\n%s\n%-32s %24s %24s %14s %10s\n", table,
			"", "A", "B", "B-A", "(B-A)/A");
		for (unsigned int j = 0; j < a->nr_cells; j++) {
			const struct cmp_cell *ca = &a->cells[j];
			char t[72];

			cell_table(ca, t, sizeof(t));
			if (!cell_in(ca, a_cfg) || strcmp(t, table))
				continue;
			mark = compare_row(ca, compare_find(b, b_cfg, ca, any),
					   any, out);
			rows += !!mark;
			with_ci += mark == '*' || mark == ' ';
			outside += mark == '*';
		}
		for (unsigned int j = 0; j < b->nr_cells; j++) {
			const struct cmp_cell *cb = &b->cells[j];
			char t[72];

			cell_table(cb, t, sizeof(t));
			if (cell_in(cb, b_cfg) && !strcmp(t, table) &&
			    !compare_find(a, a_cfg, cb, any))
				compare_row(NULL, cb, any, out);
		}
	}
	fprintf(out, "\n%u cells compared, %u with an interval on both sides; outside the seed noise ('*'): %u\n",
		rows, with_ci, outside);
}

/**
 * compare_main() - `gcma-sim compare A.json[:CONFIG] B.json[:CONFIG]`.
 * @argc: argument count (argv[0] is "compare").
 * @argv: arguments.
 * @out: the comparison.
 * @err: messages.
 *
 * Context: Process context.
 * Return: SIM_EXIT_OK; SIM_EXIT_USAGE (arguments, a file that cannot be
 * read or is not a gcma-sim JSON of schema 2 or later); SIM_EXIT_OUTPUT.
 */
int compare_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct cmp_file f[2] = { { { 0 } } };
	const char *cfg[2] = { NULL, NULL };
	char *arg[2] = { NULL, NULL }, *buf = NULL, msg[256];
	int status = SIM_EXIT_OK;
	size_t len = 0;

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		fprintf(out, "usage: gcma-sim compare A.json[:CONFIG] B.json[:CONFIG]\n"
			"  A and B: gcma-sim --format json outputs (any seeds);\n"
			"  :CONFIG on both compares one configuration of each (run.json:cma run.json:gcma)\n");
		return SIM_EXIT_OK;
	}
	if (argc != 3) {
		fprintf(err, "gcma-sim compare: two JSON files expected (gcma-sim compare A.json B.json)\n");
		return SIM_EXIT_USAGE;
	}
	for (int i = 0; i < 2 && !status; i++) {
		arg[i] = strdup(argv[i + 1]);
		if (!arg[i]) {
			status = SIM_EXIT_CHECK;
			break;
		}
		compare_split(arg[i], &cfg[i]);
		if (compare_read(arg[i], &buf, &len, err)) {
			status = SIM_EXIT_USAGE;
		} else if (cmp_file_parse(buf, len, &f[i], msg, sizeof(msg))) {
			fprintf(err, "gcma-sim compare: %s: %s\n", arg[i], msg);
			status = SIM_EXIT_USAGE;
		}
		free(buf);
		buf = NULL;
	}
	if (!status && !cfg[0] != !cfg[1]) {
		fprintf(err, "gcma-sim compare: give :CONFIG on both files or neither\n");
		status = SIM_EXIT_USAGE;
	}
	if (!status)
		compare_write(&f[0], arg[0], cfg[0], &f[1], arg[1], cfg[1],
			      out);
	for (int i = 0; i < 2; i++) {
		cmp_file_free(&f[i]);
		free(arg[i]);
	}
	return status;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Options, then: load the scenario, run the engine, write the report.
 * Exit 0 on success, 1 when a check failed, 2 on bad usage (options,
 * scenario, an output that cannot be created: nothing runs), 3 when an
 * output could not be written (stdout, --trace, --plot).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "tool_output.h"
#include "plot.h"
#include "compare.h"
#include "latency_cdf.h"
#include "report.h"
#include "scenario.h"
#include "report_seeds.h"
#include "seeds.h"
#include "tool_number.h"
#include "trace_cli.h"

static void cli_usage(FILE *f)
{
	fprintf(f,
		"usage: gcma-sim [options]\n"
		"       gcma-sim compare A.json B.json   (docs/simulator.md \"Compare\")\n"
		"\n"
		"Simulates contiguous allocations (1 to 32000 pages, 32 times each) on an\n"
		"800 MiB machine with a 256 MiB area while a make -j16-like workload runs,\n"
		"for a classic CMA area (cma), a CMA area with guarantee (gcma) and GCMA\n"
		"with a zram swap client (gcma.zram): the 2015 GCMA RFC v2 evaluation.\n"
		"Latencies are virtual time from the cost model (docs/cost-model.md).\n"
		"\n"
		"  --seed S           seed of every random choice (default: the scenario's, 1)\n"
		"  --seeds SPEC       several seeds: N (N from --seed), A-B, or a list 1,3,7;\n"
		"                     cells become mean +- 95%% interval (Student t)\n"
		"  --scenario FILE    INI scenario (see scenarios/default.ini, docs/simulator.md)\n"
		"  --config LIST      configurations, comma-separated: cma,gcma,gcma.zram\n"
		"  --format F         table (default), csv or json, on stdout\n"
		"  --trace FILE       one line per request: config,pages,rep,ret,ns,wait_ns,events\n"
		"  --plot FILE        latency chart (PNG), with FILE's -cdf-CONFIG and -app\n"
		"                     charts beside it (gnuplot)\n"
		"  --latency-cdf FILE every request's latency per size as a CDF (CSV)\n"
		"  --record-trace FILE  the apps background's page accesses as a trace\n"
		"                     ([workload] kind = trace replays it); one config\n"
		"  --jobs N           configurations run at once across all seeds, each on its\n"
		"                     own machine (overrides [run] threads; 0: the online\n"
		"                     CPUs, twice that for one seed); the output is the same\n"
		"                     for every N\n"
		"  --quiet            no progress line, only errors and warnings on stderr\n"
		"  --progress=WHEN    progress line on stderr: auto (a terminal), always, never\n"
		"  --dump-scenario    print the effective scenario as INI and exit\n"
		"  --help             this text\n"
		"\n"
		"Exit status: 0 success, 1 a check failed, 2 bad usage or scenario (nothing\n"
		"runs), 3 an output could not be written (a message names it).\n"
		"\n"
		"Examples:\n"
		"  gcma-sim                                  # the default scenario, all configurations\n"
		"  gcma-sim --config cma,gcma --format csv > out.csv\n"
		"  gcma-sim --dump-scenario > my.ini          # edit my.ini, then:\n"
		"  gcma-sim --scenario my.ini --seed 7 --plot lat.png\n"
		"  gcma-sim --config gcma --trace requests.csv --quiet\n"
		"  gcma-sim --seeds 1-10 --format json > a.json; gcma-sim compare a.json b.json\n");
}

struct cli_opts {
	const char *scenario, *configs, *trace, *plot, *seeds, *cdf;
	const char *record;
	enum report_format format;
	uint64_t seed, jobs;
	bool seed_set, jobs_set, quiet, dump;
	bool progress_set;
	enum progress_mode progress;
};

static int cli_parse(int argc, char **argv, struct cli_opts *o, FILE *out,
		     FILE *err)
{
	enum { O_DUMP = 256, O_PROGRESS, O_SEEDS, O_CDF, O_JOBS, O_RECORD };
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "scenario", required_argument, NULL, 'S' },
		{ "config", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "trace", required_argument, NULL, 't' },
		{ "plot", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "dump-scenario", no_argument, NULL, O_DUMP },
		{ "progress", required_argument, NULL, O_PROGRESS },
		{ "seeds", required_argument, NULL, O_SEEDS },
		{ "latency-cdf", required_argument, NULL, O_CDF },
		{ "record-trace", required_argument, NULL, O_RECORD },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool given[sizeof(opts) / sizeof(opts[0])] = { false };
	int c, idx;

	memset(o, 0, sizeof(*o));
	optind = 0;	/* GNU: start over, so tests may call us again */
	opterr = 0;
	while ((idx = -1,
		c = getopt_long(argc, argv, ":hq", opts, &idx)) != -1) {
		/* An option with a value is given once: no silent override. */
		if (idx >= 0 && opts[idx].has_arg) {
			if (given[idx]) {
				fprintf(err, "gcma-sim: --%s given twice\n",
					opts[idx].name);
				return SIM_EXIT_USAGE;
			}
			given[idx] = true;
		}
		switch (c) {
		case 's':
			if (tool_parse_u64(optarg, &o->seed)) {
				fprintf(err, "gcma-sim: --seed: '%s' is not an unsigned 64-bit number\n",
					optarg);
				return SIM_EXIT_USAGE;
			}
			o->seed_set = true;
			break;
		case 'S':
			o->scenario = optarg;
			break;
		case 'c':
			o->configs = optarg;
			break;
		case 'f':
			if (report_format_parse(optarg, &o->format)) {
				fprintf(err, "gcma-sim: --format: '%s' is not table, csv or json\n",
					optarg);
				return SIM_EXIT_USAGE;
			}
			break;
		case 't':
			o->trace = optarg;
			break;
		case 'p':
			o->plot = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case O_DUMP:
			o->dump = true;
			break;
		case O_PROGRESS:
			if (progress_parse_mode(optarg, &o->progress)) {
				fprintf(err, "gcma-sim: --progress: '%s' is not auto, always or never\n",
					optarg);
				return SIM_EXIT_USAGE;
			}
			o->progress_set = true;
			break;
		case O_SEEDS:
			o->seeds = optarg;
			break;
		case O_CDF:
			o->cdf = optarg;
			break;
		case O_RECORD:
			o->record = optarg;
			break;
		case O_JOBS:
			/* The range of [run] threads. */
			if (tool_parse_u64(optarg, &o->jobs) ||
			    o->jobs > SCN_THREADS_MAX) {
				fprintf(err, "gcma-sim: --jobs: '%s' is not a number from 0 to %d\n",
					optarg, SCN_THREADS_MAX);
				return SIM_EXIT_USAGE;
			}
			o->jobs_set = true;
			break;
		case 'h':
			cli_usage(out);
			return -1;
		case ':':
			fprintf(err, "gcma-sim: %s needs a value\n",
				argv[optind - 1]);
			cli_usage(err);
			return SIM_EXIT_USAGE;
		default:
			fprintf(err, "gcma-sim: unknown option '%s'\n",
				argv[optind - 1]);
			cli_usage(err);
			return SIM_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(err, "gcma-sim: unexpected argument '%s'\n",
			argv[optind]);
		cli_usage(err);
		return SIM_EXIT_USAGE;
	}
	return 0;
}

/* Do @a and @b (either may be NULL) name the same file? */
static bool cli_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!a || !b)
		return false;
	return !strcmp(a, b) ||
	       (!stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
		sa.st_ino == sb.st_ino);
}

/*
 * An output that would overwrite the scenario or the other output is
 * refused: nothing the user has is lost to a typo.
 */
static int cli_outputs_distinct(const struct cli_opts *o, FILE *err)
{
	const char *clash = NULL;

	if (cli_same_file(o->trace, o->scenario))
		clash = "--trace and --scenario";
	else if (cli_same_file(o->plot, o->scenario))
		clash = "--plot and --scenario";
	else if (cli_same_file(o->trace, o->plot))
		clash = "--trace and --plot";
	else if (cli_same_file(o->cdf, o->scenario))
		clash = "--latency-cdf and --scenario";
	else if (cli_same_file(o->cdf, o->trace))
		clash = "--latency-cdf and --trace";
	else if (cli_same_file(o->cdf, o->plot))
		clash = "--latency-cdf and --plot";
	else if (cli_same_file(o->record, o->scenario))
		clash = "--record-trace and --scenario";
	else if (cli_same_file(o->record, o->trace))
		clash = "--record-trace and --trace";
	if (!clash)
		return 0;
	fprintf(err, "gcma-sim: %s name the same file\n", clash);
	return SIM_EXIT_USAGE;
}

/* Exit status @b if it is worse than @a: 3 (output) > 2 > 1 > 0. */
static int cli_worst(int a, int b)
{
	return b > a ? b : a;
}

/*
 * The failed checks and the memory-pressure warnings of every seed on
 * @err ("seed N: " in front with several); SIM_EXIT_CHECK if one failed.
 */
static int cli_seed_messages(const struct seeds_result *sr, FILE *err)
{
	int status = SIM_EXIT_OK;
	char pre[40] = "";

	for (unsigned int k = 0; k < sr->nr; k++) {
		const struct sim_run *run = &sr->runs[k];

		if (sr->nr > 1)
			snprintf(pre, sizeof(pre), "seed %" PRIu64 ": ",
				 sr->seeds[k]);
		for (int c = 0; c < SCN_CFG_NR; c++) {
			if (!run->cfg[c].check_failed)
				continue;
			fprintf(err, "gcma-sim: %s%s: check failed: %s\n", pre,
				scn_config_name(c), run->cfg[c].check_msg);
			status = SIM_EXIT_CHECK;
		}
		for (int c = 0; c < SCN_CFG_NR; c++)
			if (run->cfg[c].ran && run->cfg[c].no_pressure)
				fprintf(err, "gcma-sim: %swarning: %s never came under memory pressure (nothing evicted while the requests ran): its hit rate and app-side cost say nothing about the design\n",
					pre, scn_config_name(c));
	}
	return status;
}

/**
 * sim_cli_main() - gcma-sim with @argv, printing to @out and @err.
 * @argc: argument count.
 * @argv: arguments (argv[0] is the program).
 * @out: results (table, CSV, JSON, help, scenario dump): flushed and
 *	checked at the end, not closed.
 * @err: progress, the seed, messages.
 *
 * Every output is checked: one that cannot be created (--trace, --plot)
 * is refused before the run; one that could not be written (@out,
 * --trace, --plot) is reported by name at the end.
 *
 * Context: Process context; the calling thread is attached to no machine.
 * Return: SIM_EXIT_OK, SIM_EXIT_CHECK, SIM_EXIT_USAGE or SIM_EXIT_OUTPUT
 * (the worst that happened).
 */
int sim_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct scn_scenario *s;
	struct sim_run *run;
	struct seeds_result sr = { 0 };
	struct trace_writer rec = { 0 };
	char msg[SCN_ERR_LEN], what[SCN_ERR_LEN];
	uint64_t *seeds = NULL;
	FILE *cdf = NULL;
	const char *spec;
	unsigned int nr_seeds = 0;
	bool plot = false;
	struct cli_opts o;
	int ret, status = SIM_EXIT_OK;

	if (argc > 1 && !strcmp(argv[1], "compare"))
		return compare_main(argc - 1, argv + 1, out, err);
	s = malloc(sizeof(*s));
	run = calloc(1, sizeof(*run));
	if (!s || !run) {
		fprintf(err, "gcma-sim: out of memory\n");
		status = SIM_EXIT_CHECK;
		goto out;
	}
	ret = cli_parse(argc, argv, &o, out, err);
	if (!ret)
		ret = cli_outputs_distinct(&o, err);
	if (ret) {
		status = ret < 0 ? SIM_EXIT_OK : ret;
		goto out;
	}
	scn_defaults(s);
	if (o.scenario && scn_load(s, o.scenario, msg, sizeof(msg))) {
		fprintf(err, "gcma-sim: %s\n", msg);
		status = SIM_EXIT_USAGE;
		goto out;
	}
	if (o.configs && scn_parse_configs(o.configs, s->configs, msg,
					   sizeof(msg))) {
		fprintf(err, "gcma-sim: --config: %s\n", msg);
		status = SIM_EXIT_USAGE;
		goto out;
	}
	if (o.seed_set)
		s->seed = o.seed;
	/* The effective seeds, for --dump-scenario: --seed alone is one. */
	if (o.seeds)
		snprintf(s->seeds, sizeof(s->seeds), "%s", o.seeds);
	else if (o.seed_set)
		s->seeds[0] = '\0';
	if (o.jobs_set)
		s->threads = o.jobs;
	if (o.dump) {
		scn_write(s, out);	/* checked with @out below */
		goto out;
	}
	/* --seeds (whole, even if longer than the dump keeps), else [run] seeds. */
	spec = o.seeds ? o.seeds : *s->seeds ? s->seeds : "1";
	if (seeds_parse(spec, s->seed, &seeds, &nr_seeds, msg, sizeof(msg))) {
		fprintf(err, "gcma-sim: %s: %s\n",
			o.seeds ? "--seeds" : "[run] seeds", msg);
		status = SIM_EXIT_USAGE;
		goto out;
	}
	if (o.trace && nr_seeds > 1) {
		fprintf(err, "gcma-sim: --trace takes one seed (its lines have no seed column); got %u\n",
			nr_seeds);
		status = SIM_EXIT_USAGE;
		goto out;
	}
	ret = trace_cli_check(s, o.record, nr_seeds, err);
	if (!ret && o.record)
		ret = trace_cli_open(s, o.record, &rec, err);
	if (ret) {
		status = ret;
		goto out;
	}
	run->record = o.record ? &rec : NULL;
	if (o.plot) {
		ret = plot_check(o.plot, msg, sizeof(msg));
		if (ret < 0) {
			fprintf(err, "gcma-sim: %s\n", msg);
			status = SIM_EXIT_USAGE;
			goto out;
		}
		if (ret)	/* no gnuplot: said now, the run goes on */
			fprintf(err, "gcma-sim: %s\n", msg);
		plot = !ret;
	}
	if (o.cdf) {
		cdf = fopen(o.cdf, "w");
		if (!cdf) {
			fprintf(err, "gcma-sim: --latency-cdf %s: %s\n", o.cdf,
				strerror(errno));
			status = SIM_EXIT_USAGE;
			goto out;
		}
	}
	run->s = s;
	/* --quiet turns the automatic line off; an explicit --progress wins. */
	run->progress = o.progress_set ? o.progress :
			o.quiet ? PROGRESS_NEVER : PROGRESS_AUTO;
	run->progress_out = err;
	run->threads = s->threads;
	if (!run->threads) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		run->threads = cpus > 0 ? (unsigned int)cpus : 1;
		/*
		 * One seed: a configuration keeps one CPU busy while it warms
		 * up and two after (its baseline beside it, config_proc.c), so
		 * twice as many as CPUs keeps them all busy to the end.
		 */
		if (nr_seeds == 1)
			run->threads *= 2;
	}
	if (o.trace) {
		run->trace = fopen(o.trace, "w");
		if (!run->trace) {
			fprintf(err, "gcma-sim: --trace %s: %s\n", o.trace,
				strerror(errno));
			status = SIM_EXIT_USAGE;
			goto out;
		}
		fprintf(run->trace, "config,pages,rep,ret,ns,wait_ns,events\n");
	}
	ret = seeds_init(&sr, s, seeds, nr_seeds, run);
	if (ret) {
		fprintf(err, "gcma-sim: out of memory\n");
		status = SIM_EXIT_CHECK;
		goto out;
	}
	if (!o.quiet) {
		fprintf(err, "gcma-sim: scenario %s, seed%s ", s->name,
			nr_seeds > 1 ? "s" : "");
		report_seeds_list(&sr, err);
		fputc('\n', err);
	}
	ret = seeds_run(&sr);
	if (!ret)
		ret = seeds_aggregate(&sr);
	if (ret && *sr.why) {
		cli_seed_messages(&sr, err);
		fprintf(err, "gcma-sim: cannot aggregate the seeds: %s\n",
			sr.why);
		status = SIM_EXIT_CHECK;
		goto out;
	}
	if (ret) {
		fprintf(err, "gcma-sim: cannot run (set up a machine, start a thread, collect the trace, aggregate the seeds): %s\n",
			strerror(-ret));
		status = SIM_EXIT_CHECK;
		goto out;
	}
	report_write(&sr, o.format, out);	/* checked with @out below */
	status = cli_worst(status, cli_seed_messages(&sr, err));
	if (plot && plot_write(&sr, o.plot, msg, sizeof(msg))) {
		fprintf(err, "gcma-sim: %s\n", msg);
		status = SIM_EXIT_OUTPUT;
	}
	if (cdf && latency_cdf_write(&sr, cdf) == -ENOMEM) {
		fprintf(err, "gcma-sim: --latency-cdf %s: out of memory\n",
			o.cdf);
		status = SIM_EXIT_CHECK;
	}
out:
	if (cdf) {
		snprintf(what, sizeof(what), "--latency-cdf %s", o.cdf);
		status = cli_worst(status, tool_fclose(cdf, err, "gcma-sim",
						       what));
	}
	if (run && run->trace) {
		snprintf(what, sizeof(what), "--trace %s", o.trace);
		status = cli_worst(status, tool_fclose(run->trace, err,
						       "gcma-sim", what));
	}
	status = cli_worst(status, trace_cli_close(&rec, o.record, err));
	status = cli_worst(status, tool_flush(out, err, "gcma-sim",
					      "standard output"));
	seeds_free(&sr);
	free(seeds);
	free(run);
	free(s);
	return status;
}

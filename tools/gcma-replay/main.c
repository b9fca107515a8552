// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-replay - run an operation trace with every checker after every
 * step; stop at the first violation and show the machine's state; shrink
 * a failing trace; turn it into a regression test. docs/testing.md,
 * "Replay and shrink".
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <libgcma/defects.h>

#include "emit.h"
#include "exec.h"
#include "ops.h"
#include "shrink.h"
#include "tool_number.h"
#include "tool_output.h"

#define INPUT_MAX	(1 + GOPS_MAX_OPS * (1 + GOPS_MAX_ARGS))

enum {
	EXIT_PASS = 0,
	EXIT_VIOLATION = 1,
	EXIT_USAGE = 2,
	EXIT_OUTPUT = TOOL_EXIT_OUTPUT,	/* an output could not be written */
};

struct replay_opts {
	const char *input, *shrink_out, *test_name, *test_dir;
	bool quiet, any_failure;
	unsigned int defects;
	unsigned long random;	/* --random N: inputs to try, 0: off */
	unsigned long max_seconds;	/* --random stops after this (0: never) */
	uint64_t seed;
	size_t max_len;
};

static int bad_value(const char *opt, const char *value)
{
	fprintf(stderr, "gcma-replay: %s: bad value '%s'\n", opt, value);
	return EXIT_USAGE;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gcma-replay [options] TRACE\n"
		"\n"
		"Runs TRACE (a text trace, one op a line, when the name ends in .txt\n"
		"or is -, else a fuzz input in bytes) on a fresh machine with every\n"
		"checker and the reference model after every op. Prints each op with\n"
		"its result; at the first violation prints what failed and the\n"
		"machine's state, and stops.\n"
		"\n"
		"  --defect LIST      switch v2 defects on: %s,%s,\n"
		"                     %s,%s (comma-separated)\n"
		"  --random N         instead of TRACE: run N random fuzz inputs\n"
		"                     (from --seed S, up to --max-len L bytes, 512)\n"
		"                     and replay the first that fails\n"
		"  --max-seconds T    with --random: stop after T seconds of wall time\n"
		"  --shrink OUT       remove ops and simplify arguments while the run\n"
		"                     fails the same way; write the result to OUT\n"
		"  --any-failure      with --shrink: any failure will do\n"
		"  --emit-test NAME   write tests/regressions/test_NAME.c from the\n"
		"                     (shrunk) trace and add it to meson.build there\n"
		"  --tests-dir DIR    the regression directory (tests/regressions)\n"
		"  --quiet            no trace, no state: the verdict only\n"
		"  --help             this text\n"
		"\n"
		"Exit status: 0 the trace runs clean, 1 a violation, 2 bad usage/input,\n"
		"3 an output (stdout, --shrink, --emit-test) could not be written.\n"
		"\n"
		"Examples:\n"
		"  gcma-replay tests/fuzz/traces/gcma_alloc_free.txt\n"
		"  gcma-replay crash-1234 --shrink small.txt\n"
		"  gcma-replay --defect gcma_free_stride t.txt --shrink s.txt --emit-test free_stride\n"
		"  gcma-replay --random 100000 --seed 1 --defect find_area_end --shrink s.txt\n",
		sim_defect_name(0), sim_defect_name(1), sim_defect_name(2),
		sim_defect_name(3));
}

static int parse_defects(const char *list, unsigned int *mask)
{
	char *copy = strdup(list), *save = NULL;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		int id = sim_defect_from_name(t);

		if (id < 0) {
			fprintf(stderr, "gcma-replay: --defect: no defect '%s'\n",
				t);
			ret = -EINVAL;
			break;
		}
		*mask |= 1u << id;
	}
	free(copy);
	return ret;
}

static int parse_args(int argc, char **argv, struct replay_opts *o)
{
	static const struct option longopts[] = {
		{ "defect", required_argument, NULL, 'd' },
		{ "shrink", required_argument, NULL, 's' },
		{ "any-failure", no_argument, NULL, 'a' },
		{ "emit-test", required_argument, NULL, 'e' },
		{ "tests-dir", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "random", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 'S' },
		{ "max-len", required_argument, NULL, 'L' },
		{ "max-seconds", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->test_dir = "tests/regressions";
	o->seed = 1;
	o->max_len = 512;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (parse_defects(optarg, &o->defects))
				return EXIT_USAGE;
			break;
		case 's': o->shrink_out = optarg; break;
		case 'a': o->any_failure = true; break;
		case 'e': o->test_name = optarg; break;
		case 't': o->test_dir = optarg; break;
		case 'q': o->quiet = true; break;
		case 'r':
			if (tool_parse_ulong(optarg, &o->random) || !o->random)
				return bad_value("--random", optarg);
			break;
		case 'S':
			if (tool_parse_ulong(optarg, &v))
				return bad_value("--seed", optarg);
			o->seed = v;
			break;
		case 'T':
			if (tool_parse_ulong(optarg, &o->max_seconds))
				return bad_value("--max-seconds", optarg);
			break;
		case 'L':
			if (tool_parse_ulong(optarg, &v) || !v || v > INPUT_MAX)
				return bad_value("--max-len", optarg);
			o->max_len = v;
			break;
		case 'h': usage(stdout); return -1;
		default:
			fprintf(stderr, "gcma-replay: bad option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - (o->random ? 0 : 1)) {
		fprintf(stderr, "gcma-replay: %s\n", o->random ?
			"no TRACE with --random" : "one TRACE expected");
		usage(stderr);
		return EXIT_USAGE;
	}
	o->input = o->random ? "random input" : argv[optind];
	return 0;
}

static bool is_text(const char *path)
{
	size_t n = strlen(path);

	return !strcmp(path, "-") || (n > 4 && !strcmp(path + n - 4, ".txt"));
}

/* Read @path (text or bytes) into @p; 0 or an exit status. */
/*
 * A binary input as one buffer: refused when longer than an input holds
 * (a cut input would replay as another program) or not read whole.
 */
static int load_binary(FILE *f, const char *path, struct gops_program *p)
{
	static uint8_t buf[INPUT_MAX + 1];
	size_t len = fread(buf, 1, sizeof(buf), f);

	if (ferror(f)) {
		fprintf(stderr, "gcma-replay: %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	if (len > INPUT_MAX) {
		fprintf(stderr, "gcma-replay: %s: more than %zu bytes, the most one input holds\n",
			path, (size_t)INPUT_MAX);
		return EXIT_USAGE;
	}
	gops_decode(buf, len, p);
	return 0;
}

static int load(const char *path, struct gops_program *p)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	struct stat st;
	int bad, ret;

	if (!f) {
		fprintf(stderr, "gcma-replay: %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "gcma-replay: %s: %s\n", path, strerror(EISDIR));
		ret = EXIT_USAGE;
	} else if (is_text(path)) {
		ret = gops_parse_program(f, p, &bad);
		if (ret)
			fprintf(stderr, "gcma-replay: %s:%d: %s\n", path, bad,
				ret == -E2BIG ? "more ops than a program holds" :
				ret == -EIO ? strerror(errno) :
				"not an op line");
		ret = ret ? EXIT_USAGE : 0;
	} else {
		ret = load_binary(f, path, p);
	}
	if (f != stdin)
		fclose(f);
	return ret;
}

/*
 * --random: fuzz inputs from a seeded generator (gops_random_input())
 * until one fails; @p gets it.
 * Return: 0 with @p set; -1 when none failed (in --max-seconds, if set);
 * EXIT_USAGE when a machine could not be set up.
 */
static int find_random(struct replay_opts *o, struct gops_program *p)
{
	static uint8_t buf[INPUT_MAX];
	static char name[64];
	/* Whole checks after every op: the failing op is the first one. */
	struct gops_options run = { .defects = o->defects,
				    .full_check_every = 1 };
	time_t start = time(NULL);
	struct gops_result res;
	unsigned long i;

	for (i = 0; i < o->random; i++) {
		size_t len;
		int ret;

		if (o->max_seconds && !(i % 64) &&
		    time(NULL) - start >= (time_t)o->max_seconds)
			break;
		len = gops_random_input(o->seed, i, buf, o->max_len);
		gops_decode(buf, len, p);
		ret = gops_run_opts(p, NULL, &run, &res);
		if (!ret)
			continue;
		if (ret != -EUCLEAN) {
			fprintf(stderr, "gcma-replay: %s\n", res.msg);
			return EXIT_USAGE;
		}
		snprintf(name, sizeof(name), "random input %lu of seed %llu", i,
			 (unsigned long long)o->seed);
		printf("%s fails (%lu inputs run, %lld s):\n", name, i + 1,
		       (long long)(time(NULL) - start));
		o->input = name;
		return 0;
	}
	printf("PASS: %lu random inputs of seed %llu in %lld s, checks after every op\n",
	       i, (unsigned long long)o->seed, (long long)(time(NULL) - start));
	return -1;
}

/* Run @p, printing (unless quiet); the exit status. */
static int replay(const struct gops_program *p, const struct replay_opts *o,
		  struct gops_result *res)
{
	/* Whole checks after every op: the failing op is the first one. */
	struct gops_options run = { .defects = o->defects,
				    .full_check_every = 1 };
	int ret;

	run.state = o->quiet ? NULL : stdout;
	ret = gops_run_opts(p, o->quiet ? NULL : stdout, &run, res);
	if (ret == -EUCLEAN) {
		printf("FAIL after op %d of %u: %s\n", res->failed_op, p->nr,
		       res->msg);
		return EXIT_VIOLATION;
	}
	if (ret) {
		fprintf(stderr, "gcma-replay: %s\n", res->msg);
		return EXIT_USAGE;
	}
	printf("PASS: %u ops, every check after every op\n", p->nr);
	return EXIT_PASS;
}

static int shrink_and_write(struct gops_program *p,
			    const struct replay_opts *o)
{
	/* Whole checks after every op: the failing op is the first one. */
	struct gops_options run = { .defects = o->defects,
				    .full_check_every = 1 };
	unsigned int before = p->nr;
	char what[4096 + 16];
	unsigned long runs;
	FILE *f;

	if (shrink_program(p, &run, o->any_failure, &runs))
		return EXIT_USAGE;
	snprintf(what, sizeof(what), "--shrink %s", o->shrink_out);
	f = fopen(o->shrink_out, "w");
	if (!f) {
		fprintf(stderr, "gcma-replay: %s: %s\n", what, strerror(errno));
		return EXIT_OUTPUT;
	}
	fprintf(f, "# shrunk by gcma-replay from %s: %u ops to %u in %lu runs\n",
		o->input, before, p->nr, runs);
	gops_print_program(p, f);
	if (tool_fclose(f, stderr, "gcma-replay", what))
		return EXIT_OUTPUT;
	printf("shrunk: %u ops to %u in %lu runs, written to %s\n", before,
	       p->nr, runs, o->shrink_out);
	return 0;
}

static int replay_main(int argc, char **argv)
{
	static struct gops_program prog;
	struct gops_result res;
	struct replay_opts o;
	int status, ret;

	status = parse_args(argc, argv, &o);
	if (!status)
		status = o.random ? find_random(&o, &prog) : load(o.input, &prog);
	if (status < 0)
		return EXIT_PASS;	/* --help, or --random found nothing */
	if (status)
		return status;
	status = replay(&prog, &o, &res);
	if (status != EXIT_VIOLATION)
		return status;
	if (o.shrink_out) {
		ret = shrink_and_write(&prog, &o);
		if (ret)
			return ret;
		o.quiet = o.quiet || o.test_name;
		printf("--- the shrunk trace\n");
		replay(&prog, &o, &res);
	}
	if (o.test_name) {
		ret = emit_regression(o.test_dir, o.test_name, &prog, o.defects,
				      o.input, res.msg);
		if (ret) {
			fprintf(stderr, "gcma-replay: --emit-test %s: %s\n",
				o.test_name, strerror(-ret));
			return ret == -EINVAL || ret == -EEXIST ? EXIT_USAGE :
			       EXIT_OUTPUT;
		}
		printf("wrote %s/test_%s.c and added it to %s/meson.build\n",
		       o.test_dir, o.test_name, o.test_dir);
	}
	return status;
}

/* Everything printed on stdout must arrive: exit 3 otherwise. */
int main(int argc, char **argv)
{
	return tool_main("gcma-replay", replay_main, argc, argv);
}

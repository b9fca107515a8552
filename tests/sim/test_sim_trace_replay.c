// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Trace replay ([workload] kind = trace) and --record-trace, on the
 * shipped files (docs/simulator.md, "Trace replay"):
 *   - scenarios/apps-sample.trace is what the apps model of
 *     scenarios/apps-trace-source.ini records on gcma, byte for byte;
 *   - replaying it (scenarios/apps-trace.ini) reproduces the apps
 *     model's run exactly on gcma, the configuration it was recorded on,
 *     and on gcma.zram, where the model makes the same kills: the whole
 *     output is the same but the apps lines (the tolerance is zero:
 *     both drive the machine with the same calls in the same order);
 *   - a record-then-replay round trip on a scenario made up here;
 *   - a bad trace, and --record-trace where it cannot record, are
 *     refused with exit 2 and a message before anything runs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sim_test.h"

#define SOURCE	SCENARIO_DIR "/apps-trace-source.ini"
#define REPLAY	SCENARIO_DIR "/apps-trace.ini"
#define SAMPLE	SCENARIO_DIR "/apps-sample.trace"

/*
 * @out without its first line (it names the scenario) and without the
 * "apps after warm-up" block (the replay has no apps) or the "trace
 * replay after warm-up" one: what the two backgrounds must have in
 * common.
 */
static char *common_part(const char *out)
{
	const char *body = strchr(out, '\n');
	const char *apps;
	char *s;

	assert_non_null(body);
	apps = strstr(body, "\napps after warm-up");
	if (!apps)
		apps = strstr(body, "\ntrace replay after warm-up");
	s = strdup(body);
	assert_non_null(s);
	if (apps) {
		const char *end = strstr(apps + 1, "\n\n");
		size_t at = (size_t)(apps - body), cut;

		assert_non_null(end);
		cut = (size_t)(end - apps) + 1;	/* the block and a newline */
		memmove(s + at, s + at + cut, strlen(s + at + cut) + 1);
	}
	return s;
}

/* The shipped sample is the apps model's own recording. */
static void t_sample_is_the_models(void **state)
{
	char path[] = "/tmp/gcma-sim-rec-XXXXXX";
	const char *args[] = { "--scenario", SOURCE, "--config", "gcma",
			       "--record-trace", path, "--quiet", NULL };
	struct sim_out o;
	size_t a_len, b_len;
	char *a, *b;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	sim_run(&o, args);
	assert_int_equal(o.status, 0);
	a = sim_read_file(path, &a_len);
	b = sim_read_file(SAMPLE, &b_len);
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	/* Small enough to ship, big enough to have pressure and kills. */
	assert_true(b_len < 1024 * 1024);
	assert_non_null(strstr(b, " d\n"));
	free(a);
	free(b);
	sim_out_free(&o);
	unlink(path);
}

/* The replay's run is the apps model's, exactly, where it made the trace. */
static void t_replay_reproduces(void **state)
{
	const char *apps_args[] = { "--scenario", SOURCE, "--config",
				    "gcma,gcma.zram", "--quiet", NULL };
	const char *trace_args[] = { "--scenario", REPLAY, "--config",
				     "gcma,gcma.zram", "--quiet", NULL };
	struct sim_out a, t;
	char *ca, *ct;

	(void)state;
	sim_run(&a, apps_args);
	sim_run(&t, trace_args);
	assert_int_equal(a.status, 0);
	assert_int_equal(t.status, 0);
	/* The apps model was under pressure and killed apps. */
	assert_non_null(strstr(a.out, "lmkd_kills=3|3"));
	assert_non_null(strstr(a.out, "frontswap (gcma): swap_outs=3622"));
	assert_null(strstr(t.out, "apps after warm-up"));
	/* The replay's own line: the sample's lines after the warm-up. */
	assert_non_null(strstr(t.out, "trace gcma (swap zram): lines=6477|6477 reads=12336|12336 writes=3336|3336 drops=3|3 enomem=0|0 refaults=1056|1056"));
	ca = common_part(a.out);
	ct = common_part(t.out);
	assert_string_equal(ca, ct);
	free(ca);
	free(ct);
	sim_out_free(&a);
	sim_out_free(&t);
}

/*
 * Record on a made-up apps scenario, replay, the same numbers (cma,
 * disk swap). Without the baseline pass: the apps model's baseline makes
 * its own kills (lmkd_kills=1|0 here), the replay's repeats the pass
 * with requests' ones.
 */
static void t_round_trip(void **state)
{
	static const char apps[] =
		"[workload]\nkind = apps\ncpu_us = 1000\n"
		"[apps]\ncount = 4\nheap_pages = 2048, 4096\n"
		"file_pages = 2048\nlmkd_minfree = 6144\nlmkd_hold_us = 2000\n"
		"switch_every_us = 10000\nheap_writes = 16\n"
		"[run]\nconfigs = cma\nbaseline = false\n";
	char rec[] = "/tmp/gcma-sim-rec-XXXXXX";
	char text[4096];
	char *src, *dst;
	struct sim_out a, t;
	int fd = mkstemp(rec);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	snprintf(text, sizeof(text), "%s%s", sim_small_scenario, apps);
	src = sim_write_file(text);
	{
		const char *args[] = { "--scenario", src, "--record-trace",
				       rec, "--quiet", NULL };

		sim_run(&a, args);
	}
	if (a.status)
		fprintf(stderr, "%s", a.err);
	assert_int_equal(a.status, 0);
	{
		size_t len;
		char *buf = sim_read_file(rec, &len);

		/* lmkd killed (a drop) and memory was short (swap-outs). */
		assert_non_null(strstr(buf, " d\n"));
		assert_null(strstr(a.out, "swap_outs=0|"));
		free(buf);
	}
	snprintf(strstr(text, "kind = apps"), sizeof(text) -
		 (size_t)(strstr(text, "kind = apps") - text),
		 "kind = trace\ntrace = %s\n%s", rec,
		 strstr(apps, "cpu_us"));
	dst = sim_write_file(text);
	{
		const char *args[] = { "--scenario", dst, "--quiet", NULL };

		sim_run(&t, args);
	}
	if (t.status)
		fprintf(stderr, "%s", t.err);
	assert_int_equal(t.status, 0);
	{
		char *ca = common_part(a.out), *ct = common_part(t.out);

		assert_string_equal(ca, ct);
		free(ca);
		free(ct);
	}
	sim_out_free(&a);
	sim_out_free(&t);
	sim_remove_file(src);
	sim_remove_file(dst);
	unlink(rec);
}

/* What cannot run is refused before it runs, with a message. */
static void t_refusals(void **state)
{
	static const char bad[] = "gcma-trace 1\n0 1 file 1 0 q\n";
	char *trace = sim_write_file(bad), *scn;
	char text[512];
	struct sim_out o;

	(void)state;
	snprintf(text, sizeof(text),
		 "[workload]\nkind = trace\ntrace = %s\n", trace);
	scn = sim_write_file(text);
	{
		const char *args[] = { "--scenario", scn, NULL };

		sim_run(&o, args);
	}
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, ":2: op: 'q' is not r, w or d"));
	assert_null(strstr(o.out, "config"));
	sim_out_free(&o);
	sim_remove_file(scn);
	/* kind = trace without a file. */
	scn = sim_write_file("[workload]\nkind = trace\n");
	{
		const char *args[] = { "--scenario", scn, NULL };

		sim_run(&o, args);
	}
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "[workload] kind = trace needs [workload] trace = FILE"));
	sim_out_free(&o);
	sim_remove_file(scn);
	/* --record-trace: the apps background only, one config, one seed. */
	{
		const char *args[] = { "--record-trace", "/tmp/never", NULL };

		sim_run(&o, args);
	}
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "--record-trace records the apps background"));
	sim_out_free(&o);
	{
		const char *args[] = { "--scenario", SOURCE, "--record-trace",
				       "/tmp/never", NULL };

		sim_run(&o, args);
	}
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "takes one configuration and one seed; got 3 and 1"));
	sim_out_free(&o);
	assert_int_equal(access("/tmp/never", F_OK), -1);
	/* A directory that does not exist: exit 2, nothing runs. */
	{
		const char *args[] = { "--scenario", SOURCE, "--config",
				       "gcma", "--record-trace",
				       "/nonexistent/x.trace", NULL };

		sim_run(&o, args);
	}
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "--record-trace /nonexistent/x.trace: No such file or directory"));
	sim_out_free(&o);
	sim_remove_file(trace);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_sample_is_the_models),
		cmocka_unit_test(t_replay_reproduces),
		cmocka_unit_test(t_round_trip),
		cmocka_unit_test(t_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

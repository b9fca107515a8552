// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Helpers of the gcma-sim tests (sim_test.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "engine.h"
#include "sim_test.h"

const char sim_small_scenario[] =
	"; a small scenario for tests\n"
	"[run]\n"
	"threads = 2\n"
	"[machine]\n"
	"pages = 16384\n"
	"area_pages = 4096\n"
	"[workload]\n"
	"jobs = 4\n"
	"src_pages = 12000\n"
	"unit_pages = 64\n"
	"hdr_pages = 2000\n"
	"anon_pages = 512\n"
	"obj_pages = 2048\n"
	"warmup_steps = 1500\n"
	"steps = 4\n"
	"[pins]\n"
	"odirect = 2\n"
	"vmsplice = 1\n"
	"longterm = 1\n"
	"[requests]\n"
	"sizes = 1, 64, 512, 1024\n"
	"repeat = 4\n";

/* Write @text to a new temporary file; its path (free with sim_remove_file). */
char *sim_write_file(const char *text)
{
	char *path = strdup("/tmp/gcma-sim-test-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

void sim_remove_file(char *path)
{
	unlink(path);
	free(path);
}

/* The whole of file @path, NUL-terminated; *@len its size (free it). */
char *sim_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Run gcma-sim with @args (NULL-terminated, without argv[0]). */
void sim_run(struct sim_out *o, const char *const *args)
{
	sim_run_to(o, NULL, args);
}

/*
 * The same with the results written to @out (NULL: captured in @o->out),
 * which the caller closes.
 */
void sim_run_to(struct sim_out *o, FILE *out, const char *const *args)
{
	char *argv[32];
	int argc = 0;
	FILE *mem = NULL, *err;

	memset(o, 0, sizeof(*o));
	argv[argc++] = "gcma-sim";
	while (*args && argc < 31)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	if (!out)
		out = mem = open_memstream(&o->out, &o->out_len);
	err = open_memstream(&o->err, &o->err_len);
	assert_non_null(out);
	assert_non_null(err);
	o->status = sim_cli_main(argc, argv, out, err);
	if (mem)
		fclose(mem);
	fclose(err);
}

/*
 * Run the small scenario with @extra appended and @more arguments after
 * "--scenario FILE"; it must succeed without a failed check.
 */
void sim_run_small(struct sim_out *o, const char *extra,
		   const char *const *more)
{
	size_t n = strlen(sim_small_scenario) + strlen(extra) + 1;
	const char *args[16] = { "--scenario" };
	char *text = malloc(n), *path;
	int k = 2;

	assert_non_null(text);
	snprintf(text, n, "%s%s", sim_small_scenario, extra);
	path = sim_write_file(text);
	args[1] = path;
	while (*more && k < 15)
		args[k++] = *more++;
	sim_run(o, args);
	sim_remove_file(path);
	free(text);
	if (o->status)
		fprintf(stderr, "%s", o->err);
	assert_int_equal(o->status, 0);
	assert_null(strstr(o->out, "FAILED"));
}

void sim_out_free(struct sim_out *o)
{
	free(o->out);
	free(o->err);
	memset(o, 0, sizeof(*o));
}

/*
 * Run configuration @cfg of @s alone, in-process (its other configs are
 * switched off); no check may fail. The result stays in @run (free it
 * with engine_run_free()).
 */
const struct cfg_result *sim_run_config(struct sim_run *run,
					struct scn_scenario *s, int cfg)
{
	for (int c = 0; c < SCN_CFG_NR; c++)
		s->configs[c] = c == cfg;
	memset(run, 0, sizeof(*run));
	run->s = s;
	run->progress = PROGRESS_NEVER;
	assert_int_equal(engine_run(run), 0);
	if (run->cfg[cfg].check_failed)
		fail_msg("%s", run->cfg[cfg].check_msg);
	assert_true(run->cfg[cfg].ran);
	return &run->cfg[cfg];
}

/* The causes section's row of @config and @cause in @out, or NULL. */
const char *sim_cause_row(const char *out, const char *config,
			  const char *cause)
{
	const char *sec = strstr(out, "\ncauses (");
	char row[64];

	assert_non_null(sec);
	snprintf(row, sizeof(row), "\n%-11s %-10s ", config, cause);
	return strstr(sec, row);
}

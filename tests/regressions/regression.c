// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The body of every regression test: parse the trace, then, as CMocka
 * tests, run it clean (every checker and the reference model agree after
 * every op) and, when it was found with defect switches on, run it with
 * them on and require the failure (the checkers still see the defect).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "exec.h"
#include "ops.h"
#include "regression.h"

static struct gops_program prog;
static unsigned int prog_defects;

/* Run the program with @defects on; print the trace if @want is not met. */
static void run(unsigned int defects, int want)
{
	struct gops_options opts = { .defects = defects };
	struct gops_result res;
	int ret = gops_run_opts(&prog, NULL, &opts, &res);

	if (ret != want) {
		opts.state = stderr;
		gops_run_opts(&prog, stderr, &opts, &res);
		fail_msg("gops_run returned %d, want %d: %s", ret, want,
			 res.msg);
	}
}

static void t_runs_clean(void **state)
{
	(void)state;
	run(0, 0);
}

static void t_defects_detected(void **state)
{
	(void)state;
	run(prog_defects, -EUCLEAN);
}

/**
 * regression_main() - parse @trace and run the regression's tests.
 * @name: the test's name (for the group).
 * @trace: the text trace.
 * @defects: the defect switches it was found with (0: a real bug).
 *
 * Context: main() of a test program.
 * Return: the CMocka group's result, or 1 if the trace does not parse.
 */
int regression_main(const char *name, const char *trace, unsigned int defects)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_runs_clean),
		cmocka_unit_test(t_defects_detected),
	};
	FILE *f = fmemopen((void *)trace, strlen(trace), "r");
	int bad;

	if (!f) {
		fprintf(stderr, "%s: cannot read the trace: %s\n", name,
			strerror(errno));
		return 1;
	}
	if (gops_parse_program(f, &prog, &bad)) {
		fprintf(stderr, "%s: trace line %d does not parse\n", name, bad);
		fclose(f);
		return 1;
	}
	fclose(f);
	prog_defects = defects;
	/*
	 * A real bug's trace (no defect switch) has only the clean run: a
	 * skipped subtest would be a failure to meson's TAP parser.
	 */
	return _cmocka_run_group_tests(name, tests, defects ? 2 : 1, NULL,
				       NULL);
}

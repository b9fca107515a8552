// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-replay: the shrinker and the test writer as functions, and the
 * program's verdicts and exit codes (argv[1] is its path).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <libgcma/defects.h>

#include "emit.h"
#include "harness.h"
#include "exec.h"
#include "ops.h"
#include "shrink.h"

static const char *replay_bin;

/* A trace that fails only with find_area_end, at op 4 (from 0). */
static const char find_area_end_trace[] =
	"machine pages=256\n"
	"register_area area=0\n"
	"register_area area=1\n"
	"read ino=0 idx=3\n"
	"gcma_alloc area=0 off=0 count=4 flags=0\n"
	"gcma_alloc area=1 off=56 count=8 flags=0\n"
	"gcma_free area=0 off=0 count=4\n"
	"read ino=1 idx=2\n";

static void parse(const char *text, struct gops_program *p)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int bad;

	assert_non_null(f);
	assert_int_equal(gops_parse_program(f, p, &bad), 0);
	fclose(f);
}

/* Numbers and the op index do not make two failures different. */
static void t_signature(void **state)
{
	char a[128], b[128], c[128];

	(void)state;
	failure_signature("op 3 (gcma_free): pfn 0x1a3: refcount 2, the model expects 1",
			  a, sizeof(a));
	failure_signature("op 9 (gcma_alloc): pfn 0xc0: refcount 0, the model expects 1",
			  b, sizeof(b));
	failure_signature("op 9 (gcma_alloc): gcma_check() failed", c, sizeof(c));
	assert_string_equal(a, "pfn #: refcount #, the model expects #");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
}

/*
 * Expect the shrinker to keep the two registrations and the failing
 * allocation and drop the rest; the shrunk program still fails with the
 * defect on and runs clean with it off.
 */
static void t_shrink(void **state)
{
	struct gops_options on = {
		.defects = 1u << SIM_DEFECT_FIND_AREA_END,
	};
	struct gops_program p;
	struct gops_result r;
	unsigned long runs;

	(void)state;
	parse(find_area_end_trace, &p);
	assert_int_equal(gops_run(&p, NULL, &r), 0);
	assert_int_equal(shrink_program(&p, &on, false, &runs), 0);
	assert_int_equal(p.nr, 3);
	assert_int_equal(p.ops[2].kind, GOP_GCMA_ALLOC);
	assert_int_equal(gops_run_opts(&p, NULL, &on, &r), -EUCLEAN);
	assert_non_null(strstr(r.msg, "gcma_alloc_range returned"));
	assert_int_equal(gops_run(&p, NULL, &r), 0);
	assert_true(runs > 1);
	/* A program that passes cannot be shrunk. */
	assert_errno(shrink_program(&p, &(struct gops_options){ 0 }, false,
				    &runs), -EINVAL);
}

/* --emit-test: the file, the list entry, a name that is not one. */
static void t_emit(void **state)
{
	char dir[] = "/tmp/gcma-replay-test-XXXXXX", path[256], buf[4096];
	struct gops_program p;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/meson.build", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("regression_tests = [\n\t'old',\n]\nrest\n", f);
	fclose(f);
	parse(find_area_end_trace, &p);
	assert_errno(emit_regression(dir, "Bad-Name", &p, 0, "x", "y"),
		     -EINVAL);
	assert_int_equal(emit_regression(dir, "new_one", &p,
					 1u << SIM_DEFECT_FIND_AREA_END,
					 "src.txt", "op 5 (gcma_alloc): boom */"),
			 0);
	assert_errno(emit_regression(dir, "new_one", &p, 0, "x", "y"),
		     -EEXIST);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf,
		"regression_tests = [\n\t'old',\n\t'new_one',\n]\nrest\n");
	snprintf(path, sizeof(path), "%s/test_new_one.c", dir);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "\t\"gcma_alloc area=1 off=56 count=8 flags=0\\n\"\n"));
	assert_non_null(strstr(buf, "boom * /"));
	assert_non_null(strstr(buf, "find_area_end"));
	assert_non_null(strstr(buf, "regression_main(\"new_one\", trace, 0x4u)"));
	unlink(path);
	snprintf(path, sizeof(path), "%s/meson.build", dir);
	unlink(path);
	rmdir(dir);
}

/* Run the program on @text with @args; its exit status and output. */
static int run_bin(const char *text, const char *args, char *out, size_t len)
{
	char trace[] = "/tmp/gcma-replay-trace-XXXXXX.txt", cmd[1024];
	int fd = mkstemps(trace, 4), st;
	FILE *p;
	size_t n;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s %s %s 2>&1", replay_bin, args, trace);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	st = pclose(p);
	unlink(trace);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void t_program(void **state)
{
	static char out[1 << 16];

	(void)state;
	assert_int_equal(run_bin(find_area_end_trace, "", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "gcma_alloc area=1 off=56 count=8 flags=0 -> 0\n"));
	assert_non_null(strstr(out, "PASS: 7 ops"));
	assert_int_equal(run_bin(find_area_end_trace, "--defect find_area_end",
				 out, sizeof(out)), 1);
	/* Stops at the violation (op 4): no line after it, then the state. */
	assert_null(strstr(out, "gcma_free area=0"));
	assert_non_null(strstr(out, "--- machine state at the failure"));
	assert_non_null(strstr(out, "gcma area 1 fz-area1"));
	assert_non_null(strstr(out, "FAIL after op 4 of 7"));
	assert_int_equal(run_bin(find_area_end_trace, "--quiet --defect find_area_end",
				 out, sizeof(out)), 1);
	assert_null(strstr(out, "machine state"));
	assert_int_equal(run_bin(find_area_end_trace, "--defect nosuch", out,
				 sizeof(out)), 2);
	assert_non_null(strstr(out, "no defect 'nosuch'"));
	assert_int_equal(run_bin("bogus line\n", "", out, sizeof(out)), 2);
	assert_non_null(strstr(out, ":1: not an op line"));
	assert_int_equal(run_bin("", "--frobnicate", out, sizeof(out)), 2);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_signature),
		cmocka_unit_test(t_shrink),
		cmocka_unit_test(t_emit),
		cmocka_unit_test(t_program),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_replay PATH-TO-gcma-replay\n");
		return 2;
	}
	replay_bin = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}

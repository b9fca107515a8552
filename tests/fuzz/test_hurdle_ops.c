// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_hurdle_ops - the fuzzer's ops for lib/sim/hurdle.c (bh_attach,
 * noswap; tools/gcma-ops/exec_hurdle.c): their results under the model's
 * rules in a trace, both reached with success by random inputs, and the
 * noswap setting not carried into the next run's machine.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libgcma/libgcma.h>

#include "exec.h"
#include "ops.h"

/* Run the trace @text; return its output with every result. */
static char *run_text(const char *text, int want)
{
	static struct gops_program p;
	struct gops_result res;
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	int bad, ret;

	f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	assert_int_equal(gops_parse_program(f, &p, &bad), 0);
	fclose(f);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	ret = gops_run(&p, f, &res);
	fclose(f);
	if (ret != want)
		fail_msg("run returned %d (%s):\n%s", ret, res.msg, out);
	return out;
}

static void want_line(const char *out, const char *line)
{
	if (!strstr(out, line))
		fail_msg("no \"%s\" in:\n%s", line, out);
}

/*
 * bh_attach: -ENOENT for a page not cached or past the end, 0 for a
 * cached one (clean or dirty buffers); the page then evicts, writes back
 * and reads back as before. noswap: 0 both ways.
 */
static void test_trace(void **state)
{
	char *out;

	(void)state;
	out = run_text("machine pages=256\n"
		       "bh_attach ino=0 idx=2 dirty=0\n"
		       "read ino=0 idx=2\n"
		       "bh_attach ino=0 idx=2 dirty=1\n"
		       "bh_attach ino=0 idx=2 dirty=0\n"
		       "bh_attach ino=0 idx=26 dirty=1\n"
		       "read ino=1 idx=3\n"
		       "bh_attach ino=1 idx=3 dirty=0\n"
		       "writeback ino=0 idx=2\n"
		       "evict ino=0 idx=2\n"
		       "read ino=0 idx=2\n"
		       "noswap on=1\n"
		       "shrink nr=16\n"
		       "read ino=1 idx=3\n"
		       "noswap on=0\n", 0);
	want_line(out, "bh_attach ino=0 idx=2 dirty=0 -> -ENOENT\n");
	want_line(out, "bh_attach ino=0 idx=2 dirty=1 -> 0\n");
	want_line(out, "bh_attach ino=0 idx=2 dirty=0 -> 0\n");
	want_line(out, "bh_attach ino=0 idx=26 dirty=1 -> -ENOENT\n");
	want_line(out, "bh_attach ino=1 idx=3 dirty=0 -> 0\n");
	want_line(out, "noswap on=1 -> 0\n");
	want_line(out, "noswap on=0 -> 0\n");
	free(out);
}

/* Random inputs reach both ops, with success, and pass. */
static void test_random_inputs_reach_both(void **state)
{
	static struct gops_program p;
	unsigned int attached = 0, noswap = 0;
	struct gops_result res;
	uint8_t buf[200];

	(void)state;
	for (unsigned long i = 0; i < 200; i++) {
		size_t len = gops_random_input(11, i, buf, sizeof(buf));
		char *out = NULL;
		size_t olen = 0;
		FILE *f;
		int ret;

		gops_decode(buf, len, &p);
		f = open_memstream(&out, &olen);
		assert_non_null(f);
		ret = gops_run(&p, f, &res);
		fclose(f);
		if (ret)
			fail_msg("random input %lu of seed 11: %s\n%s", i,
				 res.msg, out);
		for (const char *s = out; (s = strstr(s, "bh_attach ")); s++)
			attached += !strncmp(strchr(s, '>'), "> 0\n", 4);
		for (const char *s = out; (s = strstr(s, "noswap ")); s++)
			noswap += !strncmp(strchr(s, '>'), "> 0\n", 4);
		free(out);
	}
	print_message("# bh_attach -> 0: %u, noswap -> 0: %u\n", attached,
		      noswap);
	assert_true(attached > 0);
	assert_true(noswap > 0);
}

static void read_noswap(struct sim_machine *m, unsigned int i, void *arg)
{
	if (i == 0)
		*(int *)arg = sim_hurdle_noswap(m);
}

/* A run's noswap on is gone on the next run's machine (a reset one). */
static void test_noswap_not_carried_over(void **state)
{
	static struct gops_program p;
	struct gops_result res;
	int seen = -1;
	struct gops_options o = { .after_op = read_noswap, .arg = &seen };

	(void)state;
	memset(&p, 0, sizeof(p));
	p.nr = 1;
	p.ops[0] = (struct gop){ GOP_NOSWAP, { 1 } };
	assert_int_equal(gops_run_opts(&p, NULL, &o, &res), 0);
	assert_int_equal(seen, 1);
	p.ops[0] = (struct gop){ GOP_CLOCK, { 1 } };
	assert_int_equal(gops_run_opts(&p, NULL, &o, &res), 0);
	assert_int_equal(seen, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_random_inputs_reach_both),
		cmocka_unit_test(test_noswap_not_carried_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

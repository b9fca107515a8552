// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim compare on two small JSON files against a golden output:
 * differences, percentages, '*' where the intervals do not overlap, '?'
 * where a side has one seed, a cell only one side has, :CONFIG on both
 * sides, and the refusals (one file, not JSON, an old schema).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim_test.h"

/* Ten seeds of A: latency and one summary cell. */
static const char json_a[] =
	"{\"schema_version\": 2, \"tool\": \"gcma-sim\", \"scenario\": \"a\",\n"
	" \"seeds\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], \"runs\": [{\"ignored\": [1, {\"x\": null}]}],\n"
	" \"summary\": [\n"
	"  {\"section\": \"latency\", \"config\": \"cma\", \"pages\": 1, \"metric\": \"avg_us\", \"seeds\": 10, \"mean\": 100.0, \"ci95\": 10.0, \"sd\": 14.0, \"prec\": 1},\n"
	"  {\"section\": \"latency\", \"config\": \"cma\", \"pages\": 512, \"metric\": \"avg_us\", \"seeds\": 10, \"mean\": 200.0, \"ci95\": 10.0, \"sd\": 14.0, \"prec\": 1},\n"
	"  {\"section\": \"latency\", \"config\": \"gcma\", \"pages\": 1, \"metric\": \"avg_us\", \"seeds\": 10, \"mean\": 13.0, \"ci95\": 0.5, \"sd\": 0.7, \"prec\": 1},\n"
	"  {\"section\": \"summary\", \"config\": \"cma\", \"pages\": 0, \"metric\": \"bg_slowdown_pct\", \"seeds\": 10, \"mean\": 4.5, \"ci95\": 0.25, \"sd\": 0.3, \"prec\": 2},\n"
	"  {\"section\": \"summary\", \"config\": \"gcma\", \"pages\": 0, \"metric\": \"bg_slowdown_pct\", \"seeds\": 10, \"mean\": 2.0, \"ci95\": 0.25, \"sd\": 0.3, \"prec\": 2},\n"
	"  {\"section\": \"app\", \"config\": \"cma\", \"pages\": 0, \"metric\": \"disk_reads\", \"seeds\": 10, \"mean\": 0, \"ci95\": 0, \"sd\": 0, \"prec\": 0}\n"
	" ]}\n";

/* B: three seeds; cma's 512-page cell is out of A's interval. */
static const char json_b[] =
	"{\"schema_version\": 2, \"scenario\": \"b \\\"quoted\\\"\", \"seeds\": [4, 5, 6],\n"
	" \"summary\": [\n"
	"  {\"section\": \"latency\", \"config\": \"cma\", \"pages\": 1, \"metric\": \"avg_us\", \"seeds\": 3, \"mean\": 105.0, \"ci95\": 20.0, \"prec\": 1},\n"
	"  {\"section\": \"latency\", \"config\": \"cma\", \"pages\": 512, \"metric\": \"avg_us\", \"seeds\": 3, \"mean\": 300.0, \"ci95\": 50.0, \"prec\": 1},\n"
	"  {\"section\": \"latency\", \"config\": \"cma\", \"pages\": 1024, \"metric\": \"avg_us\", \"seeds\": 3, \"mean\": 900.0, \"ci95\": 50.0, \"prec\": 1},\n"
	"  {\"section\": \"summary\", \"config\": \"cma\", \"pages\": 0, \"metric\": \"bg_slowdown_pct\", \"seeds\": 3, \"mean\": null, \"ci95\": null, \"prec\": 2},\n"
	"  {\"section\": \"app\", \"config\": \"cma\", \"pages\": 0, \"metric\": \"disk_reads\", \"seeds\": 3, \"mean\": 12, \"ci95\": 1, \"prec\": 0}\n"
	" ]}\n";

/* One seed. */
static const char json_one[] =
	"{\"schema_version\": 2, \"scenario\": \"one\", \"seeds\": [7], \"summary\": [\n"
	"  {\"section\": \"latency\", \"config\": \"cma\", \"pages\": 1, \"metric\": \"avg_us\", \"seeds\": 1, \"mean\": 90.0, \"ci95\": null, \"prec\": 1}\n"
	" ]}\n";

static const char golden_ab[] =
	"gcma-sim compare\n"
	"A: @A: scenario a, 10 seeds (1,2,3,4,5,6,7,8,9,10)\n"
	"B: @B: scenario b \"quoted\", 3 seeds (4,5,6)\n"
	"each side: mean +- 95% Student-t half-width over its seeds; B-A and (B-A)/A of the means;\n"
	"'*': the intervals do not overlap (outside the seed noise); '?': a side has one seed (no interval)\n"
	"\n"
	"latency avg_us\n"
	"                                                        A                        B            B-A    (B-A)/A\n"
	"cma 1                                       100.0 +- 10.0            105.0 +- 20.0            5.0      +5.0%\n"
	"cma 512                                     200.0 +- 10.0            300.0 +- 50.0          100.0     +50.0% *\n"
	"gcma 1                                        13.0 +- 0.5                 (absent)\n"
	"cma 1024                                         (absent)            900.0 +- 50.0\n"
	"\n"
	"summary\n"
	"                                                        A                        B            B-A    (B-A)/A\n"
	"cma bg_slowdown_pct                          4.50 +- 0.25                        -\n"
	"gcma bg_slowdown_pct                         2.00 +- 0.25                 (absent)\n"
	"\n"
	"app\n"
	"                                                        A                        B            B-A    (B-A)/A\n"
	"cma disk_reads                                     0 +- 0                  12 +- 1             12          - *\n"
	"\n"
	"3 cells compared, 3 with an interval on both sides; outside the seed noise ('*'): 2\n";

static const char golden_cfg[] =
	"gcma-sim compare\n"
	"A: @A:cma: scenario a, 10 seeds (1,2,3,4,5,6,7,8,9,10)\n"
	"B: @B:cma: scenario one, 1 seed (7): no interval\n"
	"each side: mean +- 95% Student-t half-width over its seeds; B-A and (B-A)/A of the means;\n"
	"'*': the intervals do not overlap (outside the seed noise); '?': a side has one seed (no interval)\n"
	"\n"
	"latency avg_us\n"
	"                                                        A                        B            B-A    (B-A)/A\n"
	"1                                           100.0 +- 10.0            90.0 (1 seed)          -10.0     -10.0% ?\n"
	"512                                         200.0 +- 10.0                 (absent)\n"
	"\n"
	"summary\n"
	"                                                        A                        B            B-A    (B-A)/A\n"
	"bg_slowdown_pct                              4.50 +- 0.25                 (absent)\n"
	"\n"
	"app\n"
	"                                                        A                        B            B-A    (B-A)/A\n"
	"disk_reads                                         0 +- 0                 (absent)\n"
	"\n"
	"1 cells compared, 0 with an interval on both sides; outside the seed noise ('*'): 0\n";

/* @golden with @A and @B replaced by the files' names. */
static char *expand(const char *golden, const char *a, const char *b)
{
	size_t len = strlen(golden) + 4 * (strlen(a) + strlen(b)) + 1;
	char *out = malloc(len), *o = out;

	assert_non_null(out);
	for (const char *p = golden; *p; p++) {
		if (p[0] == '@' && (p[1] == 'A' || p[1] == 'B')) {
			o += sprintf(o, "%s", p[1] == 'A' ? a : b);
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static void run_compare(struct sim_out *o, const char *a, const char *b)
{
	const char *args[] = { "compare", a, b, NULL };

	sim_run(o, b ? args : (const char *[]){ "compare", a, NULL });
}

static void t_golden(void **state)
{
	char *a = sim_write_file(json_a), *b = sim_write_file(json_b);
	char *one = sim_write_file(json_one), *want, arg_a[64], arg_b[64];
	struct sim_out o;

	run_compare(&o, a, b);
	assert_int_equal(o.status, 0);
	assert_int_equal(o.err_len, 0);
	want = expand(golden_ab, a, b);
	assert_string_equal(o.out, want);
	free(want);
	sim_out_free(&o);

	snprintf(arg_a, sizeof(arg_a), "%s:cma", a);
	snprintf(arg_b, sizeof(arg_b), "%s:cma", one);
	run_compare(&o, arg_a, arg_b);
	assert_int_equal(o.status, 0);
	want = expand(golden_cfg, a, one);
	assert_string_equal(o.out, want);
	free(want);
	sim_out_free(&o);
	sim_remove_file(a);
	sim_remove_file(b);
	sim_remove_file(one);
}

static void expect_refused(const char *a, const char *b, const char *msg)
{
	struct sim_out o;

	run_compare(&o, a, b);
	assert_int_equal(o.status, 2);
	assert_int_equal(o.out_len, 0);
	if (!strstr(o.err, msg))
		fail_msg("stderr '%s' lacks '%s'", o.err, msg);
	sim_out_free(&o);
}

static void t_refusals(void **state)
{
	char *a = sim_write_file(json_a);
	char *old = sim_write_file("{\"scenario\": \"x\", \"seed\": 1, \"results\": []}\n");
	char *bad = sim_write_file("{\"schema_version\": 2, \"summary\": [}\n");
	char *tail = sim_write_file("{\"schema_version\": 2} x\n");
	char arg[64];

	expect_refused(a, NULL, "two JSON files expected");
	expect_refused(a, "/nonexistent.json", "/nonexistent.json: No such file or directory");
	expect_refused(a, "/tmp", "/tmp: not a regular file");
	expect_refused(a, old, "no schema_version >= 2 with a summary");
	expect_refused(a, bad, "an object expected at byte 34");
	expect_refused(a, tail, "text after the JSON object at byte 22");
	snprintf(arg, sizeof(arg), "%s:gcma", a);
	expect_refused(arg, a, "give :CONFIG on both files or neither");
	sim_remove_file(a);
	sim_remove_file(old);
	sim_remove_file(bad);
	sim_remove_file(tail);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_golden),
		cmocka_unit_test(t_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

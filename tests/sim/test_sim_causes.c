// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The causes section (docs/simulator.md "CMA's hurdles, and where a
 * request's time went"): each hurdle of a scenario is reported under its
 * own name; a configuration without swap blames a target shortage on
 * noswap unless [hurdles] noswap says otherwise.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim_test.h"

/* The small scenario's machine and workload, cma only, no pins but @pins. */
static void run_with(struct sim_out *o, const char *pins)
{
	char text[1024];
	const char *args[] = { "--scenario", NULL, "--quiet", NULL };
	char *path;

	snprintf(text, sizeof(text),
		 "[run]\nthreads = 1\nbaseline = false\nconfigs = cma\n"
		 "[machine]\npages = 16384\narea_pages = 4096\n"
		 "[workload]\njobs = 4\nsrc_pages = 12000\nunit_pages = 64\n"
		 "hdr_pages = 2000\nanon_pages = 512\nobj_pages = 2048\n"
		 "warmup_steps = 1500\nsteps = 4\n"
		 "[requests]\nsizes = 1, 64, 512, 1024\nrepeat = 4\n"
		 "[pins]\nodirect = 0\nvmsplice = 0\nlongterm = 0\n%s",
		 pins);
	path = sim_write_file(text);
	args[1] = path;
	sim_run(o, args);
	sim_remove_file(path);
	assert_int_equal(o->status, 0);
}

/* The causes section's row "cma <cause>", or NULL. */
static const char *cause_row(const char *out, const char *cause)
{
	return sim_cause_row(out, "cma", cause);
}

/*
 * Regression: pages pinned right after their allocation ([pins] fresh)
 * were pinned as O_DIRECT pins, so every failure on them was reported
 * as odirect though the scenario had no O_DIRECT pin.
 */
static void t_fresh_is_its_own_cause(void **state)
{
	struct sim_out o;

	run_with(&o, "fresh = 64\nfresh_hold_us = 100000\n");
	assert_null(cause_row(o.out, "odirect"));
	assert_non_null(cause_row(o.out, "fresh"));
	sim_out_free(&o);
}

/*
 * [hurdles] aio and bufferhead alone: AIO ring pages fail attempts under
 * aio, dirty buffer heads cost time under bufferhead; no pin of [pins]
 * is reported.
 */
static void t_hurdles_reported(void **state)
{
	static const char hurdles[] =
		"[hurdles]\naio = 4\nbufferhead = 64\nbufferhead_dirty_pct = 100\n";
	struct sim_out o;

	run_with(&o, hurdles);
	assert_non_null(cause_row(o.out, "aio"));
	assert_non_null(cause_row(o.out, "bufferhead"));
	assert_null(cause_row(o.out, "odirect"));
	assert_null(cause_row(o.out, "vmsplice"));
	assert_null(cause_row(o.out, "longterm"));
	assert_null(cause_row(o.out, "fresh"));
	sim_out_free(&o);
}

/*
 * A machine with no swap ([swap] kind = none), full of anonymous memory
 * and unmovable pages, no page cache to drop: migration targets run out.
 * @noswap: a [hurdles] noswap line, or "".
 */
static void run_no_swap(struct sim_out *o, const char *noswap)
{
	char text[1024];
	const char *args[] = { "--scenario", NULL, "--quiet", NULL };

	snprintf(text, sizeof(text),
		 "[run]\nthreads = 1\nbaseline = false\nconfigs = cma\n"
		 "[machine]\npages = 16384\narea_pages = 4096\nfree_target = 0\n"
		 "[workload]\njobs = 4\nsrc_pages = 256\nunit_pages = 256\n"
		 "src_reads = 1\nhdr_pages = 64\nhdr_reads = 1\n"
		 "anon_pages = 2048\nanon_writes = 256\nobj_pages = 64\n"
		 "warmup_steps = 1500\nsteps = 4\n"
		 "[requests]\nsizes = 1024, 4096\nrepeat = 2\n"
		 "[pins]\nodirect = 0\nvmsplice = 0\nlongterm = 0\n"
		 "[swap]\nkind = none\n"
		 "[hurdles]\nhog_pages = 7000\n%s", noswap);
	args[1] = sim_write_file(text);
	sim_run(o, args);
	sim_remove_file((char *)args[1]);
	assert_int_equal(o->status, 0);
}

/*
 * Regression: [swap] kind = none is a configuration without swap, so its
 * target shortages are noswap; they were nomem unless [hurdles] noswap
 * was set as well. An explicit noswap = false still says nomem.
 */
static void t_noswap_follows_swap_none(void **state)
{
	struct sim_out o;

	(void)state;
	run_no_swap(&o, "");
	assert_non_null(cause_row(o.out, "noswap"));
	assert_null(cause_row(o.out, "nomem"));
	sim_out_free(&o);
	run_no_swap(&o, "noswap = false\n");
	assert_non_null(cause_row(o.out, "nomem"));
	assert_null(cause_row(o.out, "noswap"));
	sim_out_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_fresh_is_its_own_cause),
		cmocka_unit_test(t_hurdles_reported),
		cmocka_unit_test(t_noswap_follows_swap_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

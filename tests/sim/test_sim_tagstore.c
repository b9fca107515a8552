// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim's [tagstore] donor (tools/gcma-sim/tagstore.c): the small
 * scenario with a 1024-page tag-storage donor. Expect one report line
 * per configuration with the activations the keys ask for, every page
 * taken back each time, the checkers clean (no FAILED), and no line
 * without the section.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim_test.h"

/* Run the small scenario plus @extra; return what it printed. */
static void run_with(struct sim_out *o, const char *extra)
{
	const char *more[] = { "--config", "cma,gcma", NULL };

	sim_run_small(o, extra, more);
}

/* 16 requests, activated before every 4th for 2: 4 activations. */
static void t_periodic(void **state)
{
	struct sim_out o;

	(void)state;
	run_with(&o, "[tagstore]\npages = 1024\nactivate_every = 4\n"
		     "active_requests = 2\n");
	assert_non_null(strstr(o.out, "tagstore (cma): activations=4 "));
	assert_non_null(strstr(o.out, "tagstore (gcma): activations=4 "));
	assert_non_null(strstr(o.out, "pages_taken=4096 "));
	sim_out_free(&o);
}

/* active_requests >= activate_every: taken once, kept. */
static void t_stays_active(void **state)
{
	struct sim_out o;

	(void)state;
	run_with(&o, "[tagstore]\npages = 512\nactivate_every = 4\n"
		     "active_requests = 9\n");
	assert_non_null(strstr(o.out, "tagstore (gcma): activations=1 "));
	assert_non_null(strstr(o.out, "pages_taken=512 "));
	sim_out_free(&o);
}

/* No [tagstore]: no donor, no line. */
static void t_none(void **state)
{
	struct sim_out o;

	(void)state;
	run_with(&o, "");
	assert_null(strstr(o.out, "tagstore"));
	sim_out_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_periodic),
		cmocka_unit_test(t_stays_active),
		cmocka_unit_test(t_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

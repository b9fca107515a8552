// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/page_alloc.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
 * They only call the allocator (its logic belongs to tests/unit too).
 *
 * The harness's machine: 1024 pages, booted by the test.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "mm/page_alloc_internal.h"

/*
 * pfn_range_has_free_page(): false before boot (the zone holds nothing)
 * and for an empty range, even next to free pages; true once a free page
 * is in the range. Kills 88bf3dfe61 (true for those two cases).
 */
static void test_free_page_in_range(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;
	struct folio *folio;
	unsigned long pfn;

	assert_false(pfn_range_has_free_page(0, 1));
	assert_errno(sim_machine_boot_done(m), 0);
	folio = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(folio);
	pfn = folio_pfn(folio);
	assert_false(pfn_range_has_free_page(pfn, 1));
	assert_false(pfn_range_has_free_page(pfn + 1, 0));
	assert_true(pfn_range_has_free_page(pfn, 2));
	folio_put(folio);
	assert_true(pfn_range_has_free_page(pfn, 1));
}

/*
 * The pagetypeinfo header names each order once, 0 to NR_PAGE_ORDERS - 1,
 * as the kernel's does (the rows below have one count per order). Kills
 * ebddafdf87.2 (one order column too many).
 */
static void test_pagetypeinfo_header(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;
	char buf[8192] = { 0 }, want[256];
	FILE *out;
	int n;

	assert_errno(sim_machine_boot_done(m), 0);
	out = fmemopen(buf, sizeof(buf) - 1, "w");
	assert_non_null(out);
	assert_errno(sim_page_alloc_show(m, out), 0);
	fclose(out);
	n = snprintf(want, sizeof(want),
		     "Free pages count per migrate type at order      ");
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		n += snprintf(want + n, sizeof(want) - n, " %6u", o);
	snprintf(want + n, sizeof(want) - n, "\n");
	if (!strstr(buf, want))
		fail_msg("no header line '%s' in:\n%s", want, buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_free_page_in_range,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_pagetypeinfo_header,
						test_setup_machine,
						test_teardown_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

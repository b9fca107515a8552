// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/page_alloc*.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
 * They only call the allocator (its logic belongs to tests/unit too).
 *
 * The harness's machine: 1024 pages, booted by the test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_test.h"
#include "harness.h"
#include "kernel/page_type.h"
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

/*
 * The pagetypeinfo "Number of blocks type" row counts every pageblock of
 * the zone once: its counts add up to the zone's pageblocks. Kills
 * f5e9bdf622 (one byte past the pageblock flags counted as a block
 * too).
 */
static void test_pagetypeinfo_counts_each_block_once(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;
	const char *row = "\nNumber of blocks type";
	char buf[8192] = { 0 }, *line;
	unsigned long sum = 0;
	FILE *out;

	assert_errno(sim_machine_boot_done(m), 0);
	out = fmemopen(buf, sizeof(buf) - 1, "w");
	assert_non_null(out);
	assert_errno(sim_page_alloc_show(m, out), 0);
	fclose(out);
	line = strstr(buf, row);
	if (!line)
		fail_msg("no '%s' in:\n%s", row + 1, buf);
	line = strstr(line + 1, "\nNode 0, zone   Normal");
	assert_non_null(line);
	line += strlen("\nNode 0, zone   Normal");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		char *end;

		sum += strtoul(line, &end, 10);
		assert_true(end != line);
		line = end;
	}
	assert_int_equal(sum, page_zone_local()->nr_pageblocks);
}

/*
 * A free order-0 block (pfn p free, its buddy p ^ 1 in use, so they
 * cannot merge) is a free page: pfn_range_has_free_page() says so for
 * the range of p alone. Kills 2d8ffc1d39 (find_free_block() wanting a
 * block of an order above the one it looks at: an order-0 block at the
 * pfn itself was not found).
 */
static void test_free_order0_block_is_free(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;
	struct folio *f[4];
	unsigned long p = ULONG_MAX;

	assert_errno(sim_machine_boot_done(m), 0);
	for (int i = 0; i < 4; i++) {
		f[i] = folio_alloc(GFP_KERNEL, 0);
		assert_non_null(f[i]);
	}
	for (int i = 0; i < 4 && p == ULONG_MAX; i++)
		for (int j = 0; j < 4; j++)
			if (folio_pfn(f[j]) == (folio_pfn(f[i]) ^ 1)) {
				p = folio_pfn(f[i]);
				folio_put(f[i]);
				f[i] = NULL;
				break;
			}
	assert_true(p != ULONG_MAX);
	assert_true(PageBuddy(pfn_to_page(p)));
	assert_int_equal(buddy_order(pfn_to_page(p)), 0);
	assert_true(pfn_range_has_free_page(p, 1));
	assert_false(pfn_range_has_free_page(p ^ 1, 1));
	for (int i = 0; i < 4; i++)
		if (f[i])
			folio_put(f[i]);
	assert_int_equal(sim_page_alloc_check(m), 0);
}

/*
 * page_alloc_init() (the port's zone sizing, which boot runs exempt from
 * fault injection) called by an attached thread whose allocation of the
 * pageblock flags fails: -ENOMEM, the zone left unsized; the boot then
 * sizes it and the allocator works. Kills 975b19142b (0 returned for the
 * failed allocation, the zone left without its pageblock flags).
 */
static void test_zone_sizing_fails_with_enomem(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;
	struct folio *folio;

	assert_errno(sim_fault_fail_nth(m, SIM_FAULT_BIT(SIM_FAULT_KMALLOC), 1),
		     0);
	assert_errno(page_alloc_init(0, 1024), -ENOMEM);
	sim_fault_clear(m);
	assert_null(page_zone_local()->pageblock_flags);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_int_equal(sim_nr_free_pages(m), 1024);
	folio = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(folio);
	folio_put(folio);
	assert_int_equal(sim_page_alloc_check(m), 0);
}

/*
 * page_alloc_set_pcp() from a thread attached to no machine is -ENXIO,
 * and the setting stays. Kills 17ad4628b0 (0 there).
 */
static void test_set_pcp_unattached(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;

	assert_errno(sim_machine_boot_done(m), 0);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(page_alloc_set_pcp(1, 8, 4), -ENXIO);
	assert_errno(sim_thread_attach(m), 0);
	assert_int_equal(sim_violation_count(NULL), 1);
	sim_violation_clear(NULL);
	assert_int_equal(page_zone_local()->pcp_cpus, 0);
}

/*
 * A snapshot of the lists records the isolated ones too: with the free
 * block of pageblock 512 isolated, the record of the isolate list of
 * order 9 says takeable, so a block handed out from it is reported as
 * what it is, "an isolated pageblock's page was handed out" (not "that
 * list had no block to take"). Killed a4deb24cf4 (the snapshot stopping
 * before MIGRATE_ISOLATE, the last type, leaving its entry as it was)
 * while rmqueue_snapshot() recorded every list at once.
 */
static void test_snapshot_sees_isolated_lists(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;
	struct rmqueue_snapshot snap;
	struct zone *zone;

	assert_errno(sim_machine_boot_done(m), 0);
	zone = page_zone_local();
	assert_errno(start_isolate_page_range(512, 1024, MIGRATE_MOVABLE), 0);
	memset(&snap, 0, sizeof(snap));
	spin_lock(&zone->lock);
	rmqueue_snapshot(zone, 0, &snap);
	zone->rq_src.mt = MIGRATE_ISOLATE;
	zone->rq_src.order = pageblock_order;
	rmqueue_check_rules(zone, &snap, 0, MIGRATE_MOVABLE);
	zone->rq_snap = NULL;
	spin_unlock(&zone->lock);
	assert_int_equal(snap.takeable[MIGRATE_ISOLATE], 1U << pageblock_order);
	assert_true(check_found("WARN", "an isolated pageblock's page was handed out"));
	test_expect_violations(m, 1);
	undo_isolate_page_range(512, 1024, MIGRATE_MOVABLE);
	assert_int_equal(sim_page_alloc_check(m), 0);
}

/*
 * A one-page machine has a zone: page_alloc_init() takes any non-empty
 * pfn range, one pfn too, so boot sizes a one-page zone (one pageblock)
 * and its page can be allocated; an empty range (even 0 to 0) is
 * -EINVAL, checked before "sized already". Kills f22fe5d54d (a range of
 * one pfn refused as empty, boot failing with -EINVAL; and 0 to 0, whose
 * end_pfn - 1 wraps, answered -EALREADY).
 */
static void test_zone_of_one_page(void **state)
{
	struct test_machine tm;
	struct sim_machine *m;
	struct zone *zone;
	struct folio *folio;

	(void)state;
	m = test_machine_up(&tm, 1, 0, SIM_DATA_NONE);
	assert_errno(sim_machine_boot_done(m), 0);
	zone = page_zone_local();
	assert_int_equal(zone->zone_end_pfn - zone->zone_start_pfn, 1);
	assert_int_equal(zone->nr_pageblocks, 1);
	assert_int_equal(sim_nr_free_pages(m), 1);
	folio = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(folio);
	assert_int_equal(folio_pfn(folio), 0);
	folio_put(folio);
	assert_errno(page_alloc_init(0, 0), -EINVAL);
	assert_errno(page_alloc_init(0, 1), -EALREADY);
	assert_int_equal(sim_page_alloc_check(m), 0);
	test_machine_down(&tm);
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
		cmocka_unit_test_setup_teardown(test_pagetypeinfo_counts_each_block_once,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_free_order0_block_is_free,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_zone_sizing_fails_with_enomem,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_set_pcp_unattached,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_snapshot_sees_isolated_lists,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test(test_zone_of_one_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

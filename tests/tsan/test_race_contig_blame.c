// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * test_race_contig_blame - alloc_contig_range()'s report of the page its
 * final test failed on, against that page's owner freeing it.
 *
 * When test_pages_isolated() fails, alloc_contig_range() blames the folio
 * of the pfn the test stopped at (contig_blame_failure()); the
 * simulation's hook classifies it (sim_hurdle_classify(): pins, then
 * PG_private and ->mapping). It holds no reference on that folio: the
 * page may have been freed since the test, on purpose (the report names
 * the page that failed, as the kernel's test_pages_isolated tracepoint
 * and dump_page() do). Those flag and mapping reads are speculative, so
 * the free path's stores of the same words must be marked: the plain
 * `flags &= ~PAGE_FLAGS_CHECK_AT_PREP` of free_pages_reset() was a data
 * race under ThreadSanitizer (seen in stress/cma_data under CI's load).
 *
 * A classic CMA area of one pageblock; the owner thread holds an
 * order-0 page in it, not on an LRU (so it can be neither isolated nor
 * migrated). The main thread asks cma_alloc_pages() for the whole area,
 * with a contig_window hook (between the failed test and the blame) that
 * lets the owner free the page and waits until it has. The two threads
 * hand over through relaxed atomics only, which order nothing for TSan,
 * as two CPUs meeting in that window order nothing in a kernel. The
 * allocation must fail with -EBUSY, then succeed once the page is free
 * and be released; cma_check() and the page allocator's checker must
 * pass and no violation may be recorded.
 *
 * Usage: test_race_contig_blame (no arguments). Exit 0 or 1; under TSan
 * a report exits with TSAN_OPTIONS' exitcode (66 in the tsan setup).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include <libgcma/libgcma.h>
#include "kernel/mmzone.h"
#include "platform/internal.h"

#define NR_PAGES	4096UL
/* The area (one pageblock) and the owner's page in it. */
#define AREA		1024UL
#define OWNED		(AREA + 5)

static struct sim_machine *machine;
static struct cma *cma;
static struct folio *owned;
static unsigned long nr_errors;
/* Relaxed hand-over: 1 the window is open, 2 the page is free. */
static int stage;

static void count_error(const char *what, long val)
{
	__atomic_fetch_add(&nr_errors, 1, __ATOMIC_RELAXED);
	fprintf(stderr, "test_race_contig_blame: %s = %ld\n", what, val);
}

static void wait_stage(int want)
{
	while (__atomic_load_n(&stage, __ATOMIC_RELAXED) != want)
		sched_yield();
}

/* The owner: drops its page once alloc_contig_range() has tested it. */
static void *owner_main(void *arg)
{
	(void)arg;
	if (sim_thread_attach(machine)) {
		count_error("owner attach", -1);
		__atomic_store_n(&stage, 2, __ATOMIC_RELAXED);
		return NULL;
	}
	wait_stage(1);
	folio_put(owned);
	__atomic_store_n(&stage, 2, __ATOMIC_RELAXED);
	sim_thread_detach();
	return NULL;
}

/* contig_window hook: the owner frees its page, on another thread. */
static void window(unsigned long start, unsigned long end)
{
	if (OWNED < start || OWNED >= end ||
	    __atomic_load_n(&stage, __ATOMIC_RELAXED))
		return;
	__atomic_store_n(&stage, 1, __ATOMIC_RELAXED);
	wait_stage(2);
}

int main(void)
{
	struct sim_machine_config cfg = { 0 };
	unsigned long violations;
	struct page *page = NULL;
	pthread_t owner;
	int ret;

	cfg.name = "race-contig-blame";
	cfg.nr_pages = NR_PAGES;
	cfg.data_mode = SIM_DATA_NONE;
	cfg.violation_mode = SIM_VIOLATION_RECORD;
	if (sim_machine_create(&cfg, &machine) ||
	    sim_thread_attach(machine) ||
	    sim_cma_declare(machine, "cma0", AREA, pageblock_nr_pages, 0,
			    false, &cma) ||
	    sim_machine_boot_done(machine) ||
	    alloc_contig_range(OWNED, OWNED + 1, MIGRATE_CMA, GFP_KERNEL,
			       NULL)) {
		fprintf(stderr, "test_race_contig_blame: setup failed\n");
		return 1;
	}
	owned = pfn_folio(OWNED);

	pthread_create(&owner, NULL, owner_main, NULL);
	machine->hooks.contig_window = window;
	ret = cma_alloc_pages(cma, pageblock_nr_pages, 0,
			      GFP_KERNEL | __GFP_NOWARN, &page);
	machine->hooks.contig_window = NULL;
	if (ret != -EBUSY)
		count_error("cma_alloc_pages", ret);
	if (!__atomic_load_n(&stage, __ATOMIC_RELAXED)) {
		/* No window: the owner frees its page now. */
		count_error("window not run, ret", ret);
		__atomic_store_n(&stage, 1, __ATOMIC_RELAXED);
	}
	pthread_join(owner, NULL);

	/* The page is free now: the whole area can be taken. */
	if (!ret && cma_release_pages(cma, page, pageblock_nr_pages))
		count_error("cma_release_pages", -1);
	ret = cma_alloc_pages(cma, pageblock_nr_pages, 0, GFP_KERNEL, &page);
	if (ret)
		count_error("second cma_alloc_pages", ret);
	else if (cma_release_pages(cma, page, pageblock_nr_pages))
		count_error("cma_release_pages", -1);
	if (cma_check())
		count_error("cma_check", -1);
	if (sim_page_alloc_check(machine))
		count_error("sim_page_alloc_check", -1);
	violations = sim_violation_count(machine);
	if (violations)
		count_error("violations recorded", (long)violations);
	sim_thread_detach();
	sim_machine_destroy(machine);
	printf("test_race_contig_blame: errors=%lu\n", nr_errors);
	return nr_errors ? 1 : 0;
}

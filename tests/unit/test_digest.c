// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of sim_machine_digest(): two machines built and driven the
 * same way digest equal; each kind of state change changes the digest,
 * in the part that holds that state; what is not state (statistics, the
 * clock, the trace, a refused call's counters) leaves it as it was.
 *
 * The machine (4096 pages, page data) is built by build():
 *
 *   0            2048        2560        3072                    4096
 *   | system     | CMA "c"   | system    | carve: GCMA "g" (1024)  |
 *
 * with one filesystem "disk" and a 64-page file whose pages 0..3 were
 * read twice and evicted (so cleancache holds them, in GCMA's pool).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>
#include "harness.h"
#include "mm/page_alloc_internal.h"

#define NR_PAGES	4096UL
#define CARVE		3072UL

struct dg {
	struct test_machine tm;
	struct sim_machine *m;
	struct super_block *sb;
	struct inode *inode;
	struct cma *cma;
};

static void build(struct dg *t)
{
	unsigned long pfn;

	t->m = test_machine_up(&t->tm, NR_PAGES, 0, SIM_DATA_PAGES);
	assert_errno(sim_cma_declare(t->m, "c", 2048, 512, 0, false,
				     &t->cma), 0);
	assert_errno(sim_memblock_alloc(t->m, 1024, 1024, "carve", &pfn), 0);
	assert_int_equal(pfn, CARVE);
	assert_errno(sim_machine_boot_done(t->m), 0);
	assert_errno(gcma_register_area("g", CARVE, 1024), 0);
	assert_errno(sim_fs_mount("disk", 256, &t->sb), 0);
	assert_errno(sim_inode_create(t->sb, 1, 64 * PAGE_SIZE, &t->inode),
		     0);
	for (pgoff_t i = 0; i < 4; i++) {
		assert_errno(sim_page_cache_read(t->inode, i, NULL), 0);
		assert_errno(sim_page_cache_read(t->inode, i, NULL), 0);
		assert_errno(sim_page_cache_evict(t->inode, i), 0);
	}
}

static void unbuild(struct dg *t)
{
	assert_errno(sim_fs_unmount(t->sb), 0);
	test_machine_down(&t->tm);
}

static int setup(void **state)
{
	struct dg *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	build(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct dg *t = *state;

	unbuild(t);
	free(t);
	return 0;
}

static struct dg *T(void **state)
{
	return *state;
}

static struct sim_digest digest(struct sim_machine *m)
{
	struct sim_digest d;

	assert_errno(sim_machine_digest(m, &d), 0);
	return d;
}

/* The parts that differ between @a and the machine now must be @want. */
static void __expect_parts(struct sim_machine *m, const struct sim_digest *a,
			   unsigned int want, const char *file, int line)
{
	struct sim_digest b = digest(m);
	unsigned int got = sim_digest_diff(a, &b);

	if (got != want || (want == 0) != (a->total == b.total)) {
		for (int p = 0; p < SIM_DIGEST_NR_PARTS; p++)
			if ((got ^ want) & (1u << p))
				print_error("part %s: %s\n",
					    sim_digest_part_name(p),
					    got & (1u << p) ? "changed" :
							      "unchanged");
		_fail(file, line);
	}
}

#define expect_parts(m, a, want) \
	__expect_parts(m, a, want, __FILE__, __LINE__)

#define P(part)	(1u << SIM_DIGEST_##part)

/* ---- equal machines, errors ------------------------------------------ */

static void test_equal_machines(void **state)
{
	struct dg *t = T(state), u;
	struct sim_digest a = digest(t->m), b;

	assert_errno(sim_thread_detach(), 0);
	memset(&u, 0, sizeof(u));
	build(&u);
	b = digest(u.m);
	unbuild(&u);
	assert_errno(sim_thread_attach(t->m), 0);
	assert_int_equal(sim_digest_diff(&a, &b), 0);
	assert_true(a.total == b.total);
	/* Twice in a row: reading changes nothing. */
	expect_parts(t->m, &a, 0);
}

static void test_errors(void **state)
{
	struct dg *t = T(state);
	struct sim_digest d;

	assert_errno(sim_machine_digest(NULL, &d), -EINVAL);
	assert_errno(sim_machine_digest(t->m, NULL), -EINVAL);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_machine_digest(t->m, &d), -ENXIO);
	assert_errno(sim_thread_attach(t->m), 0);
	assert_string_equal(sim_digest_part_name(SIM_DIGEST_MEMMAP), "memmap");
	assert_null(sim_digest_part_name(SIM_DIGEST_NR_PARTS));
}

/* ---- what is not state ----------------------------------------------- */

static void test_not_state(void **state)
{
	struct dg *t = T(state);
	struct sim_digest a = digest(t->m);
	struct gcma_area_info info;

	assert_errno(sim_clock_advance(t->m, 1000000), 0);
	assert_errno(sim_trace_enable(t->m, true), 0);
	/* Refused calls count failures but change no state. */
	assert_errno(gcma_alloc_range(0, 1, 0), -EINVAL);
	assert_errno(gcma_alloc_range(CARVE, 0, 0), -EINVAL);
	assert_errno(gcma_free_range(CARVE, 4), -EINVAL);
	assert_errno(gcma_area_get_info(0, &info), 0);
	assert_int_equal(info.free_fail, 1);
	assert_errno(sim_defect_set(t->m, SIM_DEFECT_FIND_AREA_END, true), 0);
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, 5), 0);
	expect_parts(t->m, &a, 0);
	sim_fault_clear(t->m);
	assert_errno(sim_defect_set(t->m, SIM_DEFECT_FIND_AREA_END, false),
		     0);
	assert_errno(sim_trace_enable(t->m, false), 0);
}

/* ---- each kind of state change ---------------------------------------- */

static void test_memmap_and_data(void **state)
{
	struct dg *t = T(state);
	struct folio *folio;
	struct sim_digest a;

	assert_errno(sim_page_cache_read(t->inode, 10, &folio), 0);
	a = digest(t->m);
	folio_get(folio);
	expect_parts(t->m, &a, P(MEMMAP));
	folio_put(folio);
	expect_parts(t->m, &a, 0);
	folio_set_reclaim(folio);
	expect_parts(t->m, &a, P(MEMMAP));
	folio_clear_reclaim(folio);
	((unsigned char *)folio_address(folio))[100] ^= 1;
	expect_parts(t->m, &a, P(DATA));
	((unsigned char *)folio_address(folio))[100] ^= 1;
	expect_parts(t->m, &a, 0);
	folio_put(folio);	/* sim_page_cache_read()'s reference */
}

static void test_page_alloc(void **state)
{
	struct dg *t = T(state);
	struct sim_digest a = digest(t->m);
	struct folio *folio = folio_alloc(GFP_KERNEL | __GFP_ZERO, 0);

	assert_non_null(folio);
	expect_parts(t->m, &a, P(MEMMAP) | P(DATA) | P(PAGE_ALLOC));
	folio_put(folio);
	/*
	 * Freed and poisoned again, its data is out of the digest again,
	 * but it went to the head of its free list: another order.
	 */
	expect_parts(t->m, &a, P(PAGE_ALLOC));
}

/*
 * Per-CPU lists: turning them on changes the page_alloc part only; which
 * pages sit on them, and in which order, is page_alloc state too.
 */
static void test_page_alloc_pcp(void **state)
{
	struct dg *t = T(state);
	struct sim_digest a = digest(t->m);
	struct folio *f1, *f2;

	assert_errno(sim_page_alloc_set_pcp(t->m, 1, 8, 4), 0);
	expect_parts(t->m, &a, P(PAGE_ALLOC));
	f1 = folio_alloc(GFP_KERNEL, 0);
	f2 = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(f1);
	assert_non_null(f2);
	expect_parts(t->m, &a, P(MEMMAP) | P(DATA) | P(PAGE_ALLOC));
	folio_put(f1);
	folio_put(f2);
	expect_parts(t->m, &a, P(MEMMAP) | P(PAGE_ALLOC));
	/* The same two pages on the list the other way round. */
	a = digest(t->m);
	list_move(&f1->lru, &page_zone_local()->pcp[0].lists[MIGRATE_UNMOVABLE]);
	expect_parts(t->m, &a, P(PAGE_ALLOC));
	assert_errno(sim_page_alloc_set_pcp(t->m, 0, 0, 0), 0);
}

static void test_cleancache_and_fs(void **state)
{
	struct dg *t = T(state);
	struct sim_digest a = digest(t->m);
	struct sim_digest b;

	/* A store: the page cache drops the page, cleancache takes it. */
	assert_errno(sim_page_cache_read(t->inode, 20, NULL), 0);
	b = digest(t->m);
	assert_true(sim_digest_diff(&a, &b) & P(FS));
	assert_errno(sim_page_cache_read(t->inode, 20, NULL), 0);
	assert_errno(sim_page_cache_evict(t->inode, 20), 0);
	b = digest(t->m);
	assert_true(sim_digest_diff(&a, &b) & P(CLEANCACHE));
	/* A write: a new version of the page (cleancache keeps its copy). */
	a = b;
	assert_errno(sim_page_cache_write(t->inode, 21), 0);
	expect_parts(t->m, &a, P(FS) | P(MEMMAP) | P(DATA) | P(PAGE_ALLOC));
	/* A truncation: the fs's size and records, cleancache's entries. */
	a = digest(t->m);
	assert_errno(sim_page_cache_truncate(t->inode, 16 * PAGE_SIZE), 0);
	b = digest(t->m);
	assert_true(sim_digest_diff(&a, &b) & P(FS));
	assert_true(sim_digest_diff(&a, &b) & P(CLEANCACHE));
}

static void test_lru_order(void **state)
{
	struct dg *t = T(state);
	struct sim_digest a = digest(t->m);
	struct sim_digest b;

	/*
	 * Reading page 0 back is a cleancache restore hit: the entry moves
	 * to the LRU head, and the page cache gains the page.
	 */
	assert_errno(sim_page_cache_read(t->inode, 0, NULL), 0);
	b = digest(t->m);
	assert_true(sim_digest_diff(&a, &b) & P(CLEANCACHE));
	assert_true(sim_digest_diff(&a, &b) & P(FS));
}

static void test_gcma_and_cma(void **state)
{
	struct dg *t = T(state);
	struct sim_digest a = digest(t->m);
	struct page *page;

	assert_errno(gcma_alloc_range(CARVE, 8, 0), 0);
	expect_parts(t->m, &a, P(MEMMAP) | P(DATA) | P(CLEANCACHE) |
			       P(GCMA));
	assert_errno(gcma_free_range(CARVE, 8), 0);
	a = digest(t->m);
	page = cma_alloc(t->cma, 4, 0, false);
	assert_non_null(page);
	{
		struct sim_digest b = digest(t->m);

		assert_true(sim_digest_diff(&a, &b) & P(CMA));
		assert_true(sim_digest_diff(&a, &b) & P(MEMMAP));
	}
	assert_true(cma_release(t->cma, page, 4));
}

static void test_pins(void **state)
{
	struct dg *t = T(state);
	struct sim_pin *pin;
	struct sim_digest a;
	struct folio *folio;

	assert_errno(sim_page_cache_read(t->inode, 30, &folio), 0);
	a = digest(t->m);
	assert_errno(sim_pin_folio(folio, SIM_PIN_VMSPLICE, 0, "dg", &pin),
		     0);
	expect_parts(t->m, &a, P(MEMMAP) | P(PINS));
	assert_errno(sim_unpin(pin), 0);
	expect_parts(t->m, &a, 0);
	folio_put(folio);
}

static void test_boot_and_frontswap(void **state)
{
	struct dg *t = T(state), u;
	struct sim_swap_config cfg = { .nr_slots = 16 };
	struct sim_digest a = digest(t->m), b;
	unsigned long pfn;
	int type;

	type = sim_swapon(&cfg);
	assert_true(type >= 0);
	b = digest(t->m);
	assert_true(sim_digest_diff(&a, &b) & P(FRONTSWAP));
	assert_errno(sim_swapoff(type), 0);

	/* A machine that reserved one more region at boot. */
	test_rcu_drain();
	assert_errno(sim_thread_detach(), 0);
	test_machine_up(&u.tm, 64, 0, SIM_DATA_NONE);
	a = digest(u.tm.m);
	assert_errno(sim_memblock_alloc(u.tm.m, 4, 4, "x", &pfn), 0);
	expect_parts(u.tm.m, &a, P(BOOT) | P(MEMMAP));
	test_machine_down(&u.tm);
	assert_errno(sim_thread_attach(t->m), 0);
}

/*
 * A violation that another thread records while the digest runs says
 * nothing about the lists the digest walked: only a corrupt list it found
 * itself makes it -EUCLEAN (test_list_corruption.c). A second thread
 * attached to the machine records WARN_ON violations without a pause
 * (xa_mk_value() of a value above LONG_MAX) while this one digests.
 */
struct noise {
	struct sim_machine *m;
	bool stop;
	unsigned long made;
};

static void *noise_fn(void *arg)
{
	struct noise *z = arg;

	assert_errno(sim_thread_attach(z->m), 0);
	while (!__atomic_load_n(&z->stop, __ATOMIC_ACQUIRE)) {
		(void)xa_mk_value(ULONG_MAX);
		__atomic_fetch_add(&z->made, 1, __ATOMIC_RELEASE);
	}
	assert_errno(sim_thread_detach(), 0);
	return NULL;
}

static void test_other_thread_violations(void **state)
{
	struct dg *t = T(state);
	struct noise z = { .m = t->m };
	struct sim_digest a = digest(t->m), b;
	unsigned long bad = 0, moved = 0, overlapped = 0;
	pthread_t thread;

	assert_int_equal(pthread_create(&thread, NULL, noise_fn, &z), 0);
	/*
	 * Until 8 digests ran while the other thread recorded (or 200 ran):
	 * the other thread may not run at all on a busy machine, and then
	 * there is nothing to see, but nothing fails either.
	 */
	for (int i = 0; i < 200 && overlapped < 8; i++) {
		unsigned long before = __atomic_load_n(&z.made,
						       __ATOMIC_ACQUIRE);

		if (sim_machine_digest(t->m, &b))
			bad++;
		if (b.total != a.total)
			moved++;
		if (__atomic_load_n(&z.made, __ATOMIC_ACQUIRE) - before >= 2)
			overlapped++;
	}
	__atomic_store_n(&z.stop, true, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(thread, NULL), 0);
	sim_violation_clear(t->m);
	assert_int_equal(moved, 0);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_equal_machines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_memmap_and_data, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_alloc, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_alloc_pcp, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cleancache_and_fs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lru_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_gcma_and_cma, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_and_frontswap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_other_thread_violations,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

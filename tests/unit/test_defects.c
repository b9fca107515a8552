// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the kernel defect switches (<libgcma/defects.h>): each
 * switch, turned on, reproduces one v2 behaviour that a checker or a
 * return value shows; turned off (the default), the same steps give the
 * correct result, with every checker passing.
 *
 * The GCMA and cleancache tests run on a 1024-page machine with page data
 * and a 64-page, 64-aligned boot carve-out at the top:
 *
 *   0                                              960        1024
 *   |<------------- system memory ---------------->|<-carve-->|
 *     page-cache folios of one simulated fs          GCMA areas or
 *                                                    a plain pool
 *
 * The in-flight tests stop a cleancache store half way: the machine's
 * copy_page hook runs while the store holds its folio TRANSIENT (taken
 * from the pool, not yet attached to the inode), and takes that folio
 * back as a backend would, from the same thread (switch on: v2 hands it
 * out at once) or from a second thread (switch off: it waits for the
 * store to land, so the caller must not wait for it).
 *
 * The CMA test runs on a 4096-page machine with a 1024-page `guarantee`
 * area at pfn 3072.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libgcma/libgcma.h>
#include "harness.h"

#define NR_PAGES	1024UL
#define NR_CARVE	64UL

enum hook_action {
	HOOK_NONE,
	HOOK_GCMA_ALLOC,	/* gcma_alloc_range(pfn, 1, __GFP_ZERO) */
	HOOK_GET_FOLIO,		/* cleancache_backend_get_folio() */
};

/*
 * struct hook_ctx - what the copy_page hook does at the first copy into
 * the carve-out (a store filling its folio).
 * @action: what to take back.
 * @threaded: from a second thread (which waits for the store) rather
 *	than from the storing thread.
 * @fired: the hook acted.
 * @pfn: the pfn the store was filling.
 * @ret: the call's return value (from the thread once joined).
 * @started: set by the second thread just before its call.
 * @thread: the second thread.
 */
struct hook_ctx {
	enum hook_action action;
	bool threaded;
	bool fired;
	unsigned long pfn;
	int ret;
	int started;
	pthread_t thread;
};

struct dt {
	struct test_machine tm;
	struct sim_machine *m;
	unsigned long carve;
	int pool;		/* the plain pool, or the area's */
	struct super_block *sb;
	struct inode *inode;
	struct hook_ctx hook;
	struct sim_env_ops ops;
};

static struct dt *D(void **state)
{
	return *state;
}

static unsigned long addr_pfn(struct dt *t, const void *addr)
{
	const unsigned char *base = folio_address(pfn_folio(t->carve));
	const unsigned char *a = addr;

	if (!base || a < base || a >= base + NR_CARVE * PAGE_SIZE)
		return ULONG_MAX;
	return t->carve + (unsigned long)(a - base) / PAGE_SIZE;
}

static int hook_take(struct dt *t)
{
	struct hook_ctx *h = &t->hook;

	int ret;

	if (h->action == HOOK_GCMA_ALLOC)
		return gcma_alloc_range(h->pfn, 1, __GFP_ZERO);
	ret = cleancache_backend_get_folio(t->pool, pfn_folio(h->pfn));
	/* A backend unpoisons a page it takes back before using it. */
	if (!ret)
		ret = sim_page_unpoison(t->m, h->pfn, 1);
	return ret;
}

static void *hook_thread(void *arg)
{
	struct dt *t = arg;

	if (sim_thread_attach(t->m)) {
		t->hook.ret = -ENOTCONN;
		__atomic_store_n(&t->hook.started, 1, __ATOMIC_RELEASE);
		return NULL;
	}
	__atomic_store_n(&t->hook.started, 1, __ATOMIC_RELEASE);
	t->hook.ret = hook_take(t);
	sim_thread_detach();
	return NULL;
}

/* The machine's copy_page: acts once, at the first copy into the carve. */
static void copy_hook(void *ctx, void *dst, const void *src)
{
	struct dt *t = ctx;
	struct hook_ctx *h = &t->hook;
	unsigned long pfn = addr_pfn(t, dst);

	if (h->action != HOOK_NONE && !h->fired && pfn != ULONG_MAX) {
		h->fired = true;
		h->pfn = pfn;
		if (!h->threaded) {
			h->ret = hook_take(t);
		} else if (pthread_create(&h->thread, NULL, hook_thread, t)) {
			h->ret = -EAGAIN;
			h->threaded = false;
		} else {
			/* A flag, not a sleep: it is about to call in. */
			while (!__atomic_load_n(&h->started, __ATOMIC_ACQUIRE))
				sched_yield();
		}
	}
	memcpy(dst, src, PAGE_SIZE);
}

static void machine_up(struct dt *t, unsigned long nr_pages,
		       enum sim_data_mode mode)
{
	t->ops.copy_page = copy_hook;
	t->ops.ctx = t;
	t->m = test_machine_up_ops(&t->tm, nr_pages, 0, mode, &t->ops);
}

static int setup(void **state)
{
	struct dt *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	machine_up(t, NR_PAGES, SIM_DATA_PAGES);
	assert_errno(sim_memblock_alloc(t->m, NR_CARVE, NR_CARVE, "carve",
					&t->carve), 0);
	assert_int_equal(t->carve, NR_PAGES - NR_CARVE);
	assert_errno(sim_machine_boot_done(t->m), 0);
	assert_errno(sim_fs_mount("disk", 256, &t->sb), 0);
	assert_errno(sim_inode_create(t->sb, 1, 64 * PAGE_SIZE, &t->inode),
		     0);
	t->pool = -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct dt *t = *state;

	if (t->sb)
		assert_errno(sim_fs_unmount(t->sb), 0);
	test_machine_down(&t->tm);
	free(t);
	return 0;
}

/* Every checker of the GCMA/cleancache side; the number that failed. */
static int checkers_failing(void)
{
	return !!gcma_check() + !!cleancache_check() + !!cma_check();
}

static void expect_clean(struct dt *t)
{
	if (checkers_failing() || sim_violation_count(t->m)) {
		test_print_violations(t->m);
		fail_msg("a checker or a violation on the correct path");
	}
}

/* Read page @index twice (workingset) and evict it: a cleancache store. */
static void store_page(struct dt *t, pgoff_t index)
{
	assert_errno(sim_page_cache_read(t->inode, index, NULL), 0);
	assert_errno(sim_page_cache_read(t->inode, index, NULL), 0);
	assert_errno(sim_page_cache_evict(t->inode, index), 0);
}

static bool page_is_zero(unsigned long pfn)
{
	const unsigned char *p = folio_address(pfn_folio(pfn));

	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

static bool page_is_file_page(struct dt *t, unsigned long pfn,
			      pgoff_t index)
{
	unsigned char want[PAGE_SIZE];

	assert_errno(sim_page_expected(t->inode, index, want), 0);
	return !memcmp(folio_address(pfn_folio(pfn)), want, PAGE_SIZE);
}

/* ---- the switch API ------------------------------------------------- */

static void test_switch_api(void **state)
{
	struct sim_machine *m = D(state)->m;

	for (int i = 0; i < SIM_DEFECT_NR; i++) {
		assert_false(sim_defect_enabled(m, i));
		assert_errno(sim_defect_set(m, i, true), 0);
		assert_true(sim_defect_enabled(m, i));
		assert_int_equal(sim_defect_from_name(sim_defect_name(i)), i);
	}
	assert_errno(sim_defect_set(m, SIM_DEFECT_FIND_AREA_END, false), 0);
	assert_false(sim_defect_enabled(m, SIM_DEFECT_FIND_AREA_END));
	assert_true(sim_defect_enabled(m, SIM_DEFECT_GCMA_FREE_STRIDE));
	assert_string_equal(sim_defect_name(SIM_DEFECT_GCMA_FREE_STRIDE),
			    "gcma_free_stride");
	assert_null(sim_defect_name(SIM_DEFECT_NR));
	assert_errno(sim_defect_set(m, SIM_DEFECT_NR, true), -EINVAL);
	assert_errno(sim_defect_set(NULL, 0, true), -EINVAL);
	assert_false(sim_defect_enabled(NULL, 0));
	assert_false(sim_defect_enabled(m, SIM_DEFECT_NR));
	assert_errno(sim_defect_from_name("nonesuch"), -EINVAL);
	assert_errno(sim_defect_from_name(NULL), -EINVAL);
	for (int i = 0; i < SIM_DEFECT_NR; i++)
		assert_errno(sim_defect_set(m, i, false), 0);
}

/* LIBGCMA_DEFECTS names the switches a new machine starts with. */
static void test_switch_env(void **state)
{
	struct test_machine tm;
	struct sim_machine *m;

	(void)state;
	struct sim_machine_config cfg = { .nr_pages = 16 };

	/* An unknown name fails machine creation (and says so on stderr). */
	assert_int_equal(setenv("LIBGCMA_DEFECTS",
				"find_area_end,nonesuch", 1), 0);
	assert_errno(sim_machine_create(&cfg, &m), -EINVAL);
	assert_int_equal(setenv("LIBGCMA_DEFECTS",
				"find_area_end,,gcma_free_stride", 1), 0);
	m = test_machine_up(&tm, 16, 0, SIM_DATA_NONE);
	assert_true(sim_defect_enabled(m, SIM_DEFECT_FIND_AREA_END));
	assert_true(sim_defect_enabled(m, SIM_DEFECT_GCMA_FREE_STRIDE));
	assert_false(sim_defect_enabled(m, SIM_DEFECT_INFLIGHT_GET_FOLIO));
	test_machine_down(&tm);
	assert_int_equal(setenv("LIBGCMA_DEFECTS", "all", 1), 0);
	m = test_machine_up(&tm, 16, 0, SIM_DATA_NONE);
	for (int i = 0; i < SIM_DEFECT_NR; i++)
		assert_true(sim_defect_enabled(m, i));
	test_machine_down(&tm);
	assert_int_equal(unsetenv("LIBGCMA_DEFECTS"), 0);
	m = test_machine_up(&tm, 16, 0, SIM_DATA_NONE);
	for (int i = 0; i < SIM_DEFECT_NR; i++)
		assert_false(sim_defect_enabled(m, i));
	test_machine_down(&tm);
}

/*
 * LIBGCMA_VIOLATIONS=abort ends a run at the first violation whatever the
 * machine's mode, so a stress program run with a defect switch on stops
 * where the defect shows: a child process on a recording machine reports
 * one violation and must die of SIGABRT.
 */
static void test_violations_abort_env(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct sim_machine_config cfg = {
			.name = "child", .nr_pages = 16,
			.violation_mode = SIM_VIOLATION_RECORD,
		};
		struct sim_machine *m;

		setenv("LIBGCMA_VIOLATIONS", "abort", 1);
		if (sim_machine_create(&cfg, &m) || sim_thread_attach(m))
			_exit(2);
		sim_report_violation("WARN", __FILE__, __LINE__, __func__,
				     "expected: the child aborts here");
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* ---- 1. GCMA_FREE_STRIDE -------------------------------------------- */

/*
 * One 64-page area over the carve-out. Eight order-0 pages are allocated
 * and marked referenced and uptodate by their user (flags a page may
 * carry when it is freed), then freed in one call:
 *
 *   960 961 962 963 964 965 966 967
 *    P   s   P   s   P   s   P   s     v2 prepares P, skips s
 *
 * Off: every page is donated with no flags. On: the call still returns
 * 0, and the four skipped pages are donated with their flags, which
 * gcma_check() reports.
 */
static void free_stride(void **state, bool on)
{
	struct dt *t = D(state);

	assert_errno(sim_defect_set(t->m, SIM_DEFECT_GCMA_FREE_STRIDE, on), 0);
	assert_errno(gcma_register_area("g", t->carve, NR_CARVE), 0);
	assert_errno(gcma_alloc_range(t->carve, 8, 0), 0);
	for (unsigned long i = 0; i < 8; i++) {
		folio_set_referenced(pfn_folio(t->carve + i));
		folio_set_uptodate(pfn_folio(t->carve + i));
	}
	assert_errno(gcma_free_range(t->carve, 8), 0);
	for (unsigned long i = 0; i < 8; i++) {
		unsigned long flags = pfn_to_page(t->carve + i)->flags &
				      PAGEFLAGS_MASK;

		if (on && (i & 1))
			assert_true(flags != 0);
		else
			assert_int_equal(flags, 0);
	}
	if (!on) {
		expect_clean(t);
		return;
	}
	assert_errno(gcma_check(), -EUCLEAN);
	test_expect_violations(t->m, 4);
	/* Reallocated, the stale flags come with the page. */
	assert_errno(gcma_alloc_range(t->carve + 1, 1, 0), 0);
	assert_true(folio_test_referenced(pfn_folio(t->carve + 1)));
	folio_clear_referenced(pfn_folio(t->carve + 1));
	folio_clear_uptodate(pfn_folio(t->carve + 1));
	for (unsigned long i = 3; i < 8; i += 2)
		pfn_to_page(t->carve + i)->flags &= ~PAGEFLAGS_MASK;
	assert_errno(sim_defect_set(t->m, SIM_DEFECT_GCMA_FREE_STRIDE, false),
		     0);
	expect_clean(t);
}

static void test_free_stride_off(void **state)
{
	free_stride(state, false);
}

static void test_free_stride_on(void **state)
{
	free_stride(state, true);
}

/* ---- 2. INFLIGHT_GET_FOLIO ------------------------------------------ */

/*
 * Store page @index of the file with the switch @on, the copy hook taking
 * the folio being filled with @action (from a second thread when the
 * switch is off, since the correct call then waits for the store).
 * Return: the pfn the store was filling; the hook's call returned 0.
 */
static unsigned long store_and_take(struct dt *t, bool on,
				    enum hook_action action, pgoff_t index,
				    struct cleancache_stats *s)
{
	assert_errno(sim_defect_set(t->m, SIM_DEFECT_INFLIGHT_GET_FOLIO, on),
		     0);
	t->hook.action = action;
	t->hook.threaded = !on;
	store_page(t, index);
	assert_true(t->hook.fired);
	if (t->hook.threaded)
		assert_int_equal(pthread_join(t->hook.thread, NULL), 0);
	assert_errno(t->hook.ret, 0);
	assert_errno(cleancache_stats_get(s), 0);
	/* Taken in flight or recalled after the store: never cached now. */
	assert_false(cleancache_restore_folio(t->inode,
		     sim_page_cache_get(t->inode, index)));
	if (on) {
		/* v2: the store filled a folio its backend had taken. */
		assert_true(page_is_file_page(t, t->hook.pfn, index));
		assert_int_equal(s->recalled, 0);
		assert_int_equal(s->stored, 0);
		test_expect_violations(t->m, 1);
	} else {
		assert_int_equal(s->recalled, 1);
		assert_int_equal(s->stored, 1);
	}
	expect_clean(t);
	return t->hook.pfn;
}

/*
 * One 64-page area; page 5 of the file is stored into cleancache and the
 * copy hook takes the folio being filled with gcma_alloc_range(pfn, 1,
 * __GFP_ZERO).
 *
 * On: the allocation returns 0 at once with the folio still in flight;
 * the store then fills it and fails to attach it (a VM_BUG_ON_FOLIO: it
 * is no longer TRANSIENT): the "zeroed" page GCMA handed out holds the
 * file's data. Off: the allocation waits for the store to land, then
 * recalls the entry: the page is zero, nothing is cached.
 */
static void inflight_gcma(void **state, bool on)
{
	struct dt *t = D(state);
	struct cleancache_stats s;
	unsigned long pfn;

	assert_errno(gcma_register_area("g", t->carve, NR_CARVE), 0);
	pfn = store_and_take(t, on, HOOK_GCMA_ALLOC, 5, &s);
	assert_int_equal(page_is_zero(pfn), !on);
	assert_errno(gcma_free_range(pfn, 1), 0);
	expect_clean(t);
}

static void test_inflight_gcma_off(void **state)
{
	inflight_gcma(state, false);
}

static void test_inflight_gcma_on(void **state)
{
	inflight_gcma(state, true);
}

/*
 * The same with cleancache_backend_get_folio() on a plain pool that owns
 * the whole carve-out (no GCMA area): the switch point in get_folio()
 * rather than in the range call.
 */
static void inflight_get_folio(void **state, bool on)
{
	struct dt *t = D(state);
	struct cleancache_stats s;
	struct folio *folio;

	t->pool = cleancache_backend_register_pool("plain");
	assert_true(t->pool >= 0);
	for (unsigned long i = 0; i < NR_CARVE; i++) {
		folio = pfn_folio(t->carve + i);
		folio_clear_reserved(folio);
		assert_true(folio_ref_freeze(folio, 1));
		assert_errno(cleancache_backend_put_folio(t->pool, folio), 0);
	}
	folio = pfn_folio(store_and_take(t, on, HOOK_GET_FOLIO, 7, &s));
	assert_int_equal(folio_ref_count(folio), 0);
	assert_errno(cleancache_backend_put_folio(t->pool, folio), 0);
	expect_clean(t);
}

static void test_inflight_get_folio_off(void **state)
{
	inflight_get_folio(state, false);
}

static void test_inflight_get_folio_on(void **state)
{
	inflight_get_folio(state, true);
}

/* ---- 3. FIND_AREA_END ----------------------------------------------- */

/*
 * Two 32-page areas, the upper one registered first:
 *
 *   960          992          1024
 *   |  "lo" (1)  |  "hi" (0)  |
 *
 * A range [960, 992) lies inside "lo" and ends exactly where "hi"
 * starts. Off: it is allocated from "lo". On: v2's find_area() takes
 * "hi" (the first area not skipped by start > end), the range is not
 * inside it, and the call fails with -EINVAL.
 */
static void find_area_end(void **state, bool on)
{
	struct dt *t = D(state);
	struct gcma_area_info info;

	assert_errno(sim_defect_set(t->m, SIM_DEFECT_FIND_AREA_END, on), 0);
	assert_errno(gcma_register_area("hi", t->carve + 32, 32), 0);
	assert_errno(gcma_register_area("lo", t->carve, 32), 0);
	assert_errno(gcma_alloc_range(t->carve, 32, 0), on ? -EINVAL : 0);
	assert_errno(gcma_area_get_info(1, &info), 0);
	assert_int_equal(info.allocated, on ? 0 : 32);
	/* A range not touching "hi" is found either way. */
	assert_errno(gcma_free_range(t->carve, 32), on ? -EINVAL : 0);
	assert_errno(gcma_alloc_range(t->carve, 31, 0), 0);
	assert_errno(gcma_free_range(t->carve, 31), 0);
	expect_clean(t);
}

static void test_find_area_end_off(void **state)
{
	find_area_end(state, false);
}

static void test_find_area_end_on(void **state)
{
	find_area_end(state, true);
}

/* ---- 4. RELEASE_IGNORES_ERROR --------------------------------------- */

static int cma_setup(void **state)
{
	struct dt *t = calloc(1, sizeof(*t));
	struct cma *cma;

	assert_non_null(t);
	machine_up(t, 4096, SIM_DATA_NONE);
	assert_errno(sim_cma_declare(t->m, "g", 3072, 1024, 0, true, &cma),
		     0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	t->pool = -1;
	*state = t;
	return 0;
}

/*
 * cma_alloc() of 4 pages from the guarantee area; the caller still holds
 * an extra reference to the second page when it releases them.
 *
 * Off: gcma_free_range() refuses (-EINVAL), cma_release() returns false
 * and the range stays allocated in both bitmaps. On (v2): cma_release()
 * returns true and clears the CMA bitmap although GCMA still holds the
 * pages: cma_check() reports each pfn, and the next cma_alloc() of that
 * range fails although the CMA bitmap says it is free.
 */
static void release_ignores_error(void **state, bool on)
{
	struct dt *t = D(state);
	struct cma *cma = cma_find_area("g");
	struct page *page;

	assert_non_null(cma);
	assert_errno(sim_defect_set(t->m, SIM_DEFECT_RELEASE_IGNORES_ERROR,
				    on), 0);
	page = cma_alloc(cma, 4, 0, false);
	assert_non_null(page);
	folio_get(pfn_folio(page_to_pfn(page) + 1));
	assert_int_equal(cma_release(cma, page, 4), on);
	if (!on) {
		expect_clean(t);
		sim_log_clear(t->m);
		folio_put(pfn_folio(page_to_pfn(page) + 1));
		assert_true(cma_release(cma, page, 4));
		expect_clean(t);
		return;
	}
	assert_int_equal(cma_check(), 4);
	assert_null(cma_alloc(cma, 4, 0, true));
	test_expect_violations(t->m, 4);
	/* Put the machine right for teardown. */
	folio_put(pfn_folio(page_to_pfn(page) + 1));
	assert_errno(gcma_free_range(page_to_pfn(page), 4), 0);
	expect_clean(t);
}

static void test_release_ignores_error_off(void **state)
{
	release_ignores_error(state, false);
}

static void test_release_ignores_error_on(void **state)
{
	release_ignores_error(state, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_switch_api, setup,
						teardown),
		cmocka_unit_test(test_switch_env),
		cmocka_unit_test(test_violations_abort_env),
		cmocka_unit_test_setup_teardown(test_free_stride_off, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_free_stride_on, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_inflight_gcma_off, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_inflight_gcma_on, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_inflight_get_folio_off,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_inflight_get_folio_on,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_area_end_off, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_find_area_end_on, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_release_ignores_error_off,
						cma_setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_ignores_error_on,
						cma_setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
